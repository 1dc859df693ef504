"""Build small Explore Education Statistics absence and exclusions CSVs for tests: UTF-8,
snake_case headers, quoted only where needed, one row per school (or LA, or England) per
year and phase.

    from tests.ees_files import absence_school, build_ees_csv

    data = build_ees_csv("absence", [absence_school("100001")])

The headers are the verbatim lists in shared/formats/columns/, except the absence
national / regional / LA file (``1_absence_3term_nat_reg_la.csv``), for which no list
was found: it is built as the README (4.1) describes it, the school file without the
school columns plus ``year_breakdown`` and ``num_schools``.
"""

from __future__ import annotations

import csv
import io

from tests.shared_dir import FORMATS


def _header(file_name: str) -> list[str]:
    lines = (FORMATS / file_name).read_text(encoding="utf-8").splitlines()
    return [line.rstrip("\r\n") for line in lines if line.strip()]


_ABSENCE_SCHOOL = _header("dfe_sap__manual_1a_Absence_3term_school.txt")
_SCHOOL_COLUMNS = {
    "school_name",
    "trust_name",
    "estab",
    "school_laestab",
    "school_urn",
    "academy_type",
    "academy_open_date",
    "all_through",
}
_ABSENCE_NATIONAL_LA = [
    *_ABSENCE_SCHOOL[: _ABSENCE_SCHOOL.index("education_phase") + 1],
    "year_breakdown",
    "num_schools",
    *[
        h
        for h in _ABSENCE_SCHOOL[_ABSENCE_SCHOOL.index("education_phase") + 1 :]
        if h not in _SCHOOL_COLUMNS
    ],
]

HEADERS: dict[str, list[str]] = {
    "absence": _ABSENCE_SCHOOL,  # current release, 80 columns
    "absence_older": _header(
        "ees_1a_absence_3term_school__older_release_via_sap_sql.txt"
    ),  # 74 columns: trust, num_schools
    "absence_national_la": _ABSENCE_NATIONAL_LA,
    "exclusions": _header("ees_exc_school.txt"),  # 25 columns
    "exclusions_national_la": _header("ees_exc_nat_region_la.txt"),  # 19 columns
}


def build_ees_csv(
    kind: str,
    rows: list[dict[str, str]],
    *,
    drop: tuple[str, ...] = (),
    rename: dict[str, str] | None = None,
    bom: bool = False,
    line_ending: str = "\n",
) -> bytes:
    """A file of ``kind`` (a key of HEADERS) with ``rows`` keyed by the verbatim header
    names; a column a row does not give is empty, and a key that is not a column of the
    file is an error (so a typo cannot pass silently). ``drop`` leaves columns out;
    ``rename`` writes a column under another name (rows still use the verbatim one)."""
    columns = HEADERS[kind]
    # Rows may carry the other absence release's trust column name; it maps across.
    unknown = {k for row in rows for k in row} - set(columns) - {"trust", "trust_name"}
    if unknown:
        raise KeyError(f"not columns of the {kind} file: {sorted(unknown)}")
    header = [h for h in columns if h not in drop]
    rename = rename or {}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=line_ending)
    writer.writerow([rename.get(h, h) for h in header])
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    text = out.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


# ---- rows ------------------------------------------------------------------------------


def _place(level: str, la_code: str) -> dict[str, str]:
    row = {
        "geographic_level": level,
        "country_code": "E92000001",
        "country_name": "England",
    }
    if level in ("Local authority", "Regional", "School"):
        row |= {"region_code": "E12000002", "region_name": "North West"}
    if level in ("Local authority", "School"):
        row |= {
            "old_la_code": la_code,
            "new_la_code": "E08000001",
            "la_name": "Northshire",
        }
    return row


def absence_school(
    urn: str = "100001",
    period: str = "202324",
    phase: str = "State-funded primary",
    *,
    la_code: str = "989",
    **overrides: str,
) -> dict[str, str]:
    """One school's academic-year absence row (current release column names).
    Override any column by its verbatim name."""
    row = {
        "time_period": period,
        "time_identifier": "Academic year",
        **_place("School", la_code),
        "education_phase": phase,
        "school_name": f"Test Primary School {urn}",
        "trust_name": "",
        "estab": "2001",
        "school_laestab": f"{la_code}2001",
        "school_urn": urn,
        "academy_type": "",
        "academy_open_date": "",
        "all_through": "",
        **_absence_measures(),
    }
    row.update(overrides)
    return row


def absence_area(
    level: str = "Local authority",
    period: str = "202324",
    phase: str = "Total",
    *,
    la_code: str = "989",
    **overrides: str,
) -> dict[str, str]:
    """An LA's, region's or England's academic-year absence row, for the national /
    regional / LA file (``year_breakdown`` Total)."""
    row = {
        "time_period": period,
        "time_identifier": "Academic year",
        **_place(level, la_code),
        "education_phase": phase,
        "year_breakdown": "Total",
        "num_schools": "120",
        **_absence_measures(enrolments="30000"),
    }
    row.update(overrides)
    return row


def _absence_measures(enrolments: str = "210") -> dict[str, str]:
    return {
        "enrolments": enrolments,
        "sess_possible": "79800",
        "sess_overall": "4788",
        "sess_authorised": "3591",
        "sess_unauthorised": "1197",
        "sess_overall_percent": "6.0",
        "sess_authorised_percent": "4.5",
        "sess_unauthorised_percent": "1.5",
        "enrolments_pa_10_exact": "38",
        "enrolments_pa_10_exact_percent": "18.1",
        "enrolments_pa_50_exact": "2",
        "enrolments_pa_50_exact_percent": "0.9",
        "sess_auth_illness": "2400",
    }


def exclusions_school(
    urn: str = "100001",
    period: str = "202324",
    phase: str = "State-funded secondary",
    *,
    la_code: str = "989",
    **overrides: str,
) -> dict[str, str]:
    """One school's academic-year suspensions and exclusions row. Override any column
    by its verbatim name."""
    row = {
        "time_identifier": "Academic year",
        "time_period": period,
        **_place("School", la_code),
        "estab": "4001",
        "school_laestab": f"{la_code}4001",
        "school_urn": urn,
        "school_name": f"Test High School {urn}",
        "trust_name": "Test Learning Trust",
        "academy_type": "Academy converter",
        "academy_open_date": "01/09/2015",
        "education_phase": phase,
        **_exclusions_measures(),
    }
    row.update(overrides)
    return row


def exclusions_area(
    level: str = "Local authority",
    period: str = "202324",
    phase: str = "Total",
    *,
    la_code: str = "989",
    **overrides: str,
) -> dict[str, str]:
    """An LA's, region's or England's row for the national / regional / LA file."""
    row = {
        "time_identifier": "Academic year",
        "time_period": period,
        **_place(level, la_code),
        "education_phase": phase,
        "num_schools": "150",
        "headcount": "45000",
        "perm_excl": "40",
        "perm_excl_rate": "0.09",
        "suspension": "4200",
        "susp_rate": "9.33",
        "one_plus_susp": "1900",
        "one_plus_susp_rate": "4.22",
    }
    row.update(overrides)
    return row


def _exclusions_measures() -> dict[str, str]:
    return {
        "headcount": "1000",
        "perm_excl": "2",
        "perm_excl_rate": "0.2",
        "suspension": "150",
        "susp_rate": "15",
        "one_plus_susp": "60",
        "one_plus_susp_rate": "6",
    }
