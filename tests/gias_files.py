"""Build small GIAS files for tests, as GIAS writes them: quoted header and strings,
unquoted integers, CRLF, Windows-1252, ``dd-mm-yyyy`` dates, empty strings elsewhere.

    from tests.gias_files import build_gias_csv, school

    data = build_gias_csv([school("900001", NumberOfPupils="230")])

The 135-column header is the generator's (which a test keeps equal to the verbatim list in
shared/formats/columns/); the 140- and 139-column layouts are read from that folder.
"""

from __future__ import annotations

from pathlib import Path

from school_improvement.schools.demo.generator import GIAS_HEADER, INTEGER_COLUMNS
from tests.shared_dir import FORMATS


def header_from_file(path: Path) -> list[str]:
    """A column list saved one name per line (as in shared/formats/columns/)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


HEADER_135 = list(GIAS_HEADER)
GIAS_HEADER_2025_04 = tuple(GIAS_HEADER)
HEADER_140 = header_from_file(
    FORMATS / "gias_edubasealldata_2023_to_2025-01_140cols.txt"
)
# The 2021 layout (shared/formats/README.md section 1.4): the 140 columns less FSM and
# AccreditationExpiryDate, plus CensusAreaStatisticWard (name) after Northing.
HEADER_139 = [h for h in HEADER_140 if h not in {"FSM", "AccreditationExpiryDate"}]
HEADER_139.insert(HEADER_139.index("Northing") + 1, "CensusAreaStatisticWard (name)")


def school(urn: str = "900001", **overrides: str) -> dict[str, str]:
    """A plausible open community primary school row; override any column by name
    (use the GIAS names with spaces, e.g. ``**{"OpenDate": "01-09-2001"}``)."""
    row = {
        "URN": urn,
        "LA (code)": "989",
        "LA (name)": "Northshire",
        "EstablishmentNumber": f"{2000 + int(urn) % 1000:04d}"
        if urn.isdigit()
        else "2999",
        "EstablishmentName": f"Test Primary School {urn}",
        "TypeOfEstablishment (code)": "01",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentTypeGroup (code)": "4",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "EstablishmentStatus (code)": "1",
        "EstablishmentStatus (name)": "Open",
        "OpenDate": "01-09-1990",
        "PhaseOfEducation (code)": "2",
        "PhaseOfEducation (name)": "Primary",
        "StatutoryLowAge": "4",
        "StatutoryHighAge": "11",
        "NumberOfPupils": "210",
        "PercentageFSM": "12.5",
        "Diocese (code)": "0000",
        "Diocese (name)": "Not applicable",
        "HeadTitle (name)": "Ms",
        "HeadFirstName": "Ada",
        "HeadLastName": "Lovelace",
        "HeadPreferredJobTitle": "Headteacher",
        "Postcode": "NS1 1AA",
        "Town": "Northtown",
        "PreviousLA (code)": "999",
        "Easting": "450000",
        "Northing": "210000",
    }
    row.update(overrides)
    return row


def gias_row(urn: str, name: str, **columns: str) -> dict[str, str]:
    """:func:`school` named ``name``, in LA 931."""
    return school(urn, EstablishmentName=name, **{"LA (code)": "931", **columns})


def _cell(column: str, value: str) -> str:
    if column in INTEGER_COLUMNS and value.isdigit():
        return value
    return '"' + value.replace('"', '""') + '"'


def build_gias_csv(
    rows: list[dict[str, str]],
    columns: list[str] | None = None,
    *,
    encoding: str = "cp1252",
    newline: str = "\r\n",
) -> bytes:
    """Rows as GIAS writes them: quoted header, quoted strings, unquoted integers,
    CRLF, Windows-1252. Columns a row does not mention are empty."""
    columns = columns or HEADER_135
    lines = [",".join(f'"{c}"' for c in columns)]
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise KeyError(f"not in the header: {sorted(unknown)}")
        lines.append(",".join(_cell(c, row.get(c, "")) for c in columns))
    return (newline.join(lines) + newline).encode(encoding)


def build_links_csv(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    lines = ['"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"']
    lines += [f'{u},{lu},"{n}","{t}","{d}"' for u, lu, n, t, d in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
