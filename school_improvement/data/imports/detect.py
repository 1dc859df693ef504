"""Which official file is this? Reads only the header line and names the import kind,
so an upload can be routed, or refused with "this looks like ..." instead of a list of
missing columns.

Kinds are the ``ImportKind`` values in ``school_improvement/data/models.py``. A kind is
recognised by marker columns (compared case-insensitively after
:func:`~school_improvement.data.imports.csvfile.clean_header`); see
shared/formats/README.md for where each marker comes from. Detection says which source
a file is from, not that its reader will accept it: the Ofsted "in-year inspections"
list (sheet D1) has ``Safeguarding standards`` and is detected as ``"ofsted"``, and the
Ofsted reader then explains that it lacks the "latest inspections" columns.

Pure Python: no Django.
"""

from __future__ import annotations

import csv
from pathlib import Path

from school_improvement.data.imports.csvfile import clean_header
from school_improvement.data.imports.ofsted import ERA_MARKERS

GIAS = "gias"
GIAS_LINKS = "gias_links"
OFSTED = "ofsted"
KS2 = "ks2"
KS4 = "ks4"
ABSENCE = "absence"
EXCLUSIONS = "exclusions"

KIND_HINTS: dict[str, str] = {
    GIAS: "GIAS establishments (edubasealldataYYYYMMDD.csv)",
    GIAS_LINKS: "GIAS links (links_edubasealldataYYYYMMDD.csv)",
    OFSTED: "Ofsted management information, state-funded schools' latest "
    "inspections (monthly CSV)",
    KS2: "KS2 performance tables (england_ks2final.csv or EES "
    "ks2_school_attainment_data.csv)",
    KS4: "KS4 performance tables (england_ks4final.csv or EES "
    "YYYYYY_performance_tables_schools_final.csv)",
    ABSENCE: "EES pupil absence (1a_absence_3term_school.csv or "
    "1_absence_3term_nat_reg_la.csv)",
    EXCLUSIONS: "EES suspensions and permanent exclusions (exc_school.csv or "
    "exc_nat_region_la.csv)",
}

# Kind -> alternative sets of marker columns; a header with every column of any one
# set is of that kind. Checked in this order, the first match wins.
SIGNATURES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (GIAS_LINKS, (("URN", "LinkURN", "LinkType"),)),
    (GIAS, (("URN", "EstablishmentName", "TypeOfEstablishment (name)"),)),
    (OFSTED, tuple((marker,) for marker, _era in ERA_MARKERS)),
    (KS2, (("RECTYPE", "PTRWM_EXP"), ("subject", "expected_standard_pupil_percent"))),
    (KS4, (("RECTYPE", "ATT8SCR"), ("avg_att8",), ("attainment8_average",))),
    (ABSENCE, (("sess_overall_percent",),)),
    (EXCLUSIONS, (("perm_excl", "susp_rate"),)),
)
_FOLDED = tuple(
    (kind, tuple(frozenset(clean_header(c).casefold() for c in s) for s in sets))
    for kind, sets in SIGNATURES
)

_SNIFF_LIMIT = 1 << 20  # a header line longer than 1 MiB is not a header


def sniff_header(source: Path | bytes) -> list[str]:
    """The column names on the first line of a CSV file, cleaned as the readers clean
    them: BOM removed, UTF-8 if the line decodes as UTF-8, else Windows-1252. An empty
    file gives []. Reads at most the first line (up to 1 MiB) of a file on disk."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            raw = b""
            while len(raw) < _SNIFF_LIMIT:
                chunk = handle.read(65536)
                if not chunk:
                    break
                raw += chunk
                if b"\n" in chunk:
                    break
    else:
        raw = source[:_SNIFF_LIMIT]
    first = raw.split(b"\n", 1)[0].rstrip(b"\r")
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        # Five bytes are undefined in Windows-1252; a sniff never fails on them.
        text = first.decode("cp1252", errors="replace")
    if not text.strip():
        return []
    try:
        names = next(csv.reader([text]))
    except (csv.Error, StopIteration):
        return []
    return [clean_header(name) for name in names]


def detect_kind(header: list[str]) -> str | None:
    """The import kind whose marker columns ``header`` has ("gias", "gias_links",
    "ofsted", "ks2", "ks4", "absence" or "exclusions"), or None."""
    names = {clean_header(name).casefold() for name in header}
    for kind, sets in _FOLDED:
        if any(markers <= names for markers in sets):
            return kind
    return None
