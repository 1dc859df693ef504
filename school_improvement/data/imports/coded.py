"""Coded values and the shape every indicator reader returns.

DfE files mix numbers with markers: the performance tables write ``SUPP``, ``NE``,
``NP``, ``LOWCOV``, ``NA``, ``SP``, ``RE``... and percentages as ``54%``; Explore
Education Statistics writes ``z``, ``c``, ``x`` and ``low``. A :class:`Coded` value
keeps the raw text, the number (or None) and a status, so missing is never zero and
"suppressed" never reads as "not applicable". Format notes: shared/formats/README.md
sections 3 and 4.

Pure Python: the writes live in the ``indicators`` app's services.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from school_improvement.data.imports.csvfile import Problem

# Statuses (the IndicatorValue.status choices use the same strings)
VALUE = "value"
SUPPRESSED = "suppressed"  # SUPP, c, RE: hidden to protect small numbers
NOT_APPLICABLE = "not_applicable"  # NA, z
NOT_AVAILABLE = "not_available"  # x, NE, NP, NEW, UNAVAIL, blank
LOW_COVERAGE = "low_coverage"  # LOWCOV: under half the pupils covered
LOW = "low"  # low, SP: a positive percentage under 0.5

STATUS_LABELS = {
    VALUE: "Value",
    SUPPRESSED: "Suppressed",
    NOT_APPLICABLE: "Not applicable",
    NOT_AVAILABLE: "Not available",
    LOW_COVERAGE: "Low coverage",
    LOW: "Under 0.5%",
}

# Markers, matched exactly as written (EES markers are lower case, CSCP upper case; a
# few are accepted in either case where files disagree).
MARKERS: dict[str, str] = {
    "SUPP": SUPPRESSED,
    "c": SUPPRESSED,
    "RE": SUPPRESSED,
    "NA": NOT_APPLICABLE,
    "z": NOT_APPLICABLE,
    "x": NOT_AVAILABLE,
    "NE": NOT_AVAILABLE,
    "NP": NOT_AVAILABLE,
    "NEW": NOT_AVAILABLE,
    "UNAVAIL": NOT_AVAILABLE,
    "LOWCOV": LOW_COVERAGE,
    "low": LOW,
    "SP": LOW,
}
_MARKERS_FOLDED = {k.casefold(): v for k, v in MARKERS.items()}
MARKER_LIST = ", ".join(MARKERS)

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True, slots=True)
class Coded:
    """One cell: ``raw`` as written, ``value`` when it is a number, and ``status``."""

    raw: str
    value: Decimal | None
    status: str

    @property
    def is_value(self) -> bool:
        return self.status == VALUE


_BLANK = Coded("", None, NOT_AVAILABLE)
_MEMO: dict[tuple[str, bool], Coded] = {}


def parse_coded(raw: str, *, percent: bool = False) -> Coded:
    """A cell as a Coded value, or ValueError saying what was expected.

    ``percent``: the column holds a percentage, which may carry a ``%`` suffix (the
    suffix is removed only after the cell is known to be a number). Blank and ``NULL``
    are "not available", never zero.
    """
    key = (raw, percent)
    found = _MEMO.get(key)
    if found is not None:
        return found
    coded = _parse_coded(raw, percent)
    if len(_MEMO) < 200_000:
        _MEMO[key] = coded
    return coded


def _parse_coded(raw: str, percent: bool) -> Coded:
    text = raw.strip()
    if not text or text.upper() == "NULL":
        return _BLANK if not raw else Coded(raw, None, NOT_AVAILABLE)
    status = MARKERS.get(text) or _MARKERS_FOLDED.get(text.casefold())
    if status is not None:
        return Coded(raw, None, status)
    number = text
    if percent and number.endswith("%"):
        number = number[:-1].rstrip()
    if not _NUMBER.fullmatch(number):
        what = "a percentage" if percent else "a number"
        raise ValueError(f"expected {what} or one of the markers {MARKER_LIST}")
    try:
        return Coded(raw, Decimal(number), VALUE)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(
            f"expected a number or one of the markers {MARKER_LIST}"
        ) from None


# ---- what every indicator reader returns ------------------------------------------------

SCHOOL = "school"
LA = "la"
NATIONAL = "national"

PROVISIONAL = "provisional"
REVISED = "revised"
FINAL = "final"
RELEASES = (PROVISIONAL, REVISED, FINAL)


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    """One value of one indicator for one school, LA or England in one year.

    ``code`` is the URN (school), the three-digit LA code (la) or "" (national);
    ``la_code`` is the school's LA where the file says it ("" otherwise); ``phase`` is
    "" for KS2/KS4 and "primary", "secondary", "special" or "total" for absence and
    exclusions.
    """

    level: str
    code: str
    la_code: str
    indicator: str
    academic_year: str  # "2023/24"
    phase: str
    coded: Coded
    line: int
    column: str


@dataclass
class IndicatorFile:
    file_name: str
    sha256: str
    source: str  # catalogue.KS2, KS4, ABSENCE or EXCLUSIONS
    layout: str  # e.g. "cscp", "ees_2023_24", "ees_2024_25", "ees_long", "ees"
    release: str | None  # provisional, revised, final; None if the file does not say
    records: list[IndicatorRecord]
    years: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows
    warnings: list[Problem] = field(default_factory=list)
    rows: int = 0  # data rows read


def academic_year_from_period(time_period: str) -> str:
    """EES ``time_period`` ``202324`` as ``2023/24``; ValueError otherwise."""
    text = time_period.strip()
    if len(text) == 6 and text.isdigit() and (int(text[:4]) + 1) % 100 == int(text[4:]):
        return f"{text[:4]}/{text[4:]}"
    raise ValueError("expected an academic year as six digits, e.g. 202324 for 2023/24")


_YEAR_ARGUMENT = re.compile(r"(20\d\d)\s*[-/_ ]?\s*(?:20)?(\d\d)")


def parse_academic_year(text: str) -> str:
    """An academic year as a person types it (``2023/24``, ``2023-24``, ``2023-2024``
    or ``202324``) as ``2023/24``; ValueError for anything else. Every argument,
    form field and filter that takes a year reads it here."""
    match = _YEAR_ARGUMENT.fullmatch(text.strip())
    if match and (int(match[1]) + 1) % 100 == int(match[2]):
        return f"{match[1]}/{match[2]}"
    raise ValueError(f"academic year must be written like 2023/24, not {text!r}")


def check_release(release: str | None) -> str | None:
    """A release argument as one of RELEASES (any case); None stays None."""
    if release is None:
        return None
    lowered = release.strip().lower()
    if lowered not in RELEASES:
        raise ValueError(
            f"release must be one of {', '.join(RELEASES)}, not {release!r}"
        )
    return lowered


_YEAR_IN_NAME = re.compile(r"(20\d\d)[-_ ]?(?:20)?(\d\d)(?!\d)")


def academic_year_from_name(name: str) -> str | None:
    """``2022-2023_england_ks2final.csv`` or ``202324_...`` as ``2022/23`` /
    ``2023/24``; None when the name has no academic year."""
    for match in _YEAR_IN_NAME.finditer(name):
        start, end = int(match[1]), int(match[2])
        if (start + 1) % 100 == end:
            return f"{start}/{end:02d}"
    return None


def release_from_name(name: str) -> str | None:
    lowered = name.lower()
    for release in RELEASES:
        if release in lowered:
            return release
    return None


def release_from_version(version: str) -> str | None:
    """EES ``version`` column: ``Provisional``, ``Revised`` or ``Final``."""
    lowered = version.strip().lower()
    return lowered if lowered in RELEASES else None
