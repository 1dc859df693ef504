"""DfE key stage 2 performance tables, parsed to indicator records. Format notes:
shared/formats/README.md sections 3.2 and 3.3.

Two layouts, told apart by the columns present:

* ``cscp``: Compare School Performance ``england_ks2final.csv`` (to 2023/24). One row
  per school, LA and England (``RECTYPE``); the year is not in the file, so it comes
  from the caller or the file name. Progress columns stop after 2022/23.
* ``ees_long``: Explore Education Statistics ``ks2_school_attainment_data.csv``
  (2024/25 on). One row per school, year, breakdown and subject; only the
  ``All pupils`` / ``Total`` rows are kept, each subject giving its own measures.

Also holds the machinery the KS4 reader (``ks4.py``) shares: measure specs found by
name, a column plan built once, RECTYPE and EES rows classified to school / LA /
England, every cell through :func:`parse_coded` (memoised per column), every problem
collected with line, column, value and key before :class:`FileRejected` is raised.
Pure Python: the writes live in the ``indicators`` app's services.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

from school_improvement.data.imports import catalogue
from school_improvement.data.imports.coded import (
    LA,
    MARKER_LIST,
    NATIONAL,
    SCHOOL,
    VALUE,
    Coded,
    IndicatorFile,
    IndicatorRecord,
    academic_year_from_name,
    academic_year_from_period,
    check_release,
    parse_academic_year,
    parse_coded,
    release_from_name,
    release_from_version,
)
from school_improvement.data.imports.csvfile import (
    CsvRows,
    FileRejected,
    Problem,
    gc_paused,
    read_csv_rows,
)

LAYOUT_CSCP = "cscp"
LAYOUT_EES_LONG = "ees_long"

# ---- measures ----------------------------------------------------------------------------

NUMBER = "number"  # a number or marker; a percentage when the catalogue unit says so
BAND_CODE = "band_code"  # CSCP *_DESCR / P8_BANDING: 1 (well above) to 5 (well below)
BAND_LABEL = "band_label"  # EES text: "Well above average" ... "Well below average"

Parser = Callable[[str], Coded]

_BAND_HELP = (
    "1 (well above average), 2 (above average), 3 (average), 4 (below average) or "
    "5 (well below average)"
)
_BAND_BY_LABEL = {
    label.casefold(): Decimal(band) for band, label in catalogue.BAND_LABELS.items()
}
_BAND_LABEL_LIST = ", ".join(f"'{label}'" for label in catalogue.BAND_LABELS.values())


def parse_band_code(raw: str) -> Coded:
    """A progress band written as its code, 1 to 5, or a marker."""
    try:
        coded = parse_coded(raw)
    except ValueError:
        coded = None
    if coded is not None and coded.status != VALUE:
        return coded
    value = coded.value if coded is not None else None
    if value is not None and value == value.to_integral_value() and 1 <= value <= 5:
        return Coded(raw, Decimal(int(value)), VALUE)
    raise ValueError(
        f"expected a progress band {_BAND_HELP} or one of the markers {MARKER_LIST}"
    )


def parse_band_label(raw: str) -> Coded:
    """A progress band written in words ("Well above average"), or a marker."""
    band = _BAND_BY_LABEL.get(" ".join(raw.split()).casefold())
    if band is not None:
        return Coded(raw, band, VALUE)
    try:
        coded = parse_coded(raw)
    except ValueError:
        coded = None
    if coded is None or coded.status == VALUE:
        raise ValueError(
            f"expected a progress band ({_BAND_LABEL_LIST}) or one of the markers "
            f"{MARKER_LIST}"
        )
    return coded


@dataclass(frozen=True)
class Measure:
    """One indicator read from one column. ``headers`` are the names the column goes
    by (first found wins); ``until`` is the last academic year the measure is
    published (its absence from a later file is expected, so not warned about);
    ``optional`` columns are never warned about (only some files carry them)."""

    indicator: str
    headers: tuple[str, ...]
    kind: str = NUMBER
    until: str | None = None
    optional: bool = False

    def parser(self) -> Parser:
        if self.kind == BAND_CODE:
            return parse_band_code
        if self.kind == BAND_LABEL:
            return parse_band_label
        percent = catalogue.BY_CODE[self.indicator].unit == catalogue.PERCENT
        return partial(parse_coded, percent=percent)

    def expected_in(self, years: Iterable[str]) -> bool:
        """Whether a file of these years should have the column."""
        if self.optional:
            return False
        return self.until is None or any(year <= self.until for year in years)


def m(
    indicator: str,
    *headers: str,
    kind: str = NUMBER,
    until: str | None = None,
    optional: bool = False,
) -> Measure:
    if indicator not in catalogue.BY_CODE:  # pragma: no cover - a typo in a spec
        raise KeyError(f"{indicator} is not in the indicator catalogue")
    return Measure(indicator, headers, kind, until, optional)


# (indicator, position, parser, header as written, memo of raw -> Coded)
PlanItem = tuple[str, int, Parser, str, dict[str, Coded]]


def column_positions(header: list[str]) -> dict[str, int]:
    """Folded header name -> position (the first, if a name repeats)."""
    at: dict[str, int] = {}
    for position, name in enumerate(header):
        at.setdefault(name.casefold(), position)
    return at


def plan_measures(
    measures: Iterable[Measure], at: Mapping[str, int], header: list[str]
) -> tuple[list[PlanItem], list[Measure]]:
    """The plan for the measures whose column is present, and the absent measures."""
    plan: list[PlanItem] = []
    absent: list[Measure] = []
    for measure in measures:
        position = next(
            (at[h.casefold()] for h in measure.headers if h.casefold() in at), None
        )
        if position is None:
            absent.append(measure)
            continue
        plan.append(
            (measure.indicator, position, measure.parser(), header[position], {})
        )
    return plan, absent


def absent_warning(absent: Iterable[Measure], years: Iterable[str]) -> list[Problem]:
    """One warning naming the measure columns a file of these years should have had."""
    years = list(years)
    missing: dict[str, list[str]] = {}
    for measure in absent:
        if measure.expected_in(years):
            missing.setdefault(measure.headers[0], []).append(measure.indicator)
    if not missing:
        return []
    listed = "; ".join(
        f"{column} ({', '.join(indicators)})" for column, indicators in missing.items()
    )
    return [
        Problem(
            f"these measure columns are not in the file, so their values were not "
            f"read: {listed}",
            line=1,
        )
    ]


def emit(
    plan: list[PlanItem],
    values: list[str],
    line: int,
    level: str,
    code: str,
    la_code: str,
    year: str,
    key: str | None,
    out: list[IndicatorRecord],
    problems: list[Problem],
) -> None:
    """One record per planned cell of a row; a cell that does not parse is a problem."""
    make = IndicatorRecord
    try:  # the usual case: every value seen before in its column
        out.extend(
            [
                make(
                    level,
                    code,
                    la_code,
                    indicator,
                    year,
                    "",
                    memo[values[at]],
                    line,
                    col,
                )
                for indicator, at, _, col, memo in plan
            ]
        )
        return
    except KeyError:
        pass
    append = out.append
    for indicator, position, parse, column, memo in plan:
        raw = values[position]
        coded = memo.get(raw)
        if coded is None:
            try:
                coded = parse(raw)
            except ValueError as exc:
                problems.append(
                    Problem(f"{exc}, found '{raw}'", line, column, raw, key=key)
                )
                continue
            memo[raw] = coded
        append(make(level, code, la_code, indicator, year, "", coded, line, column))


normalise_year = parse_academic_year  # the name ks4 and the tests know


def missing_year_problem(file: str) -> Problem:
    return Problem(
        "the file does not say which academic year it is for and its name has no "
        f"year in it (as in '2022-2023_{file}'): give the year, e.g. --year 2023/24"
    )


# ---- the CSCP reader (KS2 and KS4) ------------------------------------------------------------

RECTYPE = "RECTYPE"
RECTYPE_LEVELS = {"1": SCHOOL, "2": SCHOOL, "4": LA, "5": NATIONAL}
RECTYPE_SKIPPED = {"7": "England (maintained schools only) rows"}
RECTYPE_EXPECTED = (
    "1 (mainstream school), 2 (special school), 4 (local authority), "
    "5 (England, all schools) or 7 (England, maintained schools only)"
)


@dataclass(frozen=True)
class CscpFormat:
    source: str  # catalogue.KS2 or KS4
    title: str  # for messages, e.g. "KS2 CSCP"
    file: str  # the download's name, e.g. "england_ks2final.csv"
    headline: str  # the measure column a file must have, e.g. "PTRWM_EXP"
    measures: tuple[Measure, ...]


def is_la_code(code: str) -> bool:
    return len(code) == 3 and code.isdigit() and code.isascii()


def _is_urn(code: str) -> bool:
    return bool(code) and code.isdigit() and code.isascii()


def read_cscp(
    csvf: CsvRows,
    fmt: CscpFormat,
    *,
    academic_year: str | None,
    release: str | None,
) -> IndicatorFile:
    """Records from a CSCP ``england_ks<n>final.csv`` already read by read_csv_rows, or
    FileRejected with every problem. ``academic_year`` and ``release`` were checked by
    the caller (None: from the file name)."""
    header = csvf.header
    at = column_positions(header)
    problems: list[Problem] = [
        Problem(
            f"required column '{name}' is missing from the header of this {fmt.title} "
            f"file, {fmt.file} (found {len(header)} columns)"
            + looks_like(header, fmt.source),
            line=1,
            column=name,
        )
        for name in (RECTYPE, "URN", "LEA", fmt.headline)
        if name.casefold() not in at
    ]
    named = academic_year_from_name(csvf.file_name)
    year = academic_year or named
    if year is None:
        problems.append(missing_year_problem(fmt.file))
    if problems or year is None:
        raise FileRejected(csvf.file_name, problems)

    plan, absent = plan_measures(fmt.measures, at, header)
    warnings = absent_warning(absent, [year])
    if named is not None and named != year:
        warnings.append(
            Problem(f"the file name says {named} but the year given, {year}, was used")
        )
    rectype_at, urn_at, lea_at = at["rectype"], at["urn"], at["lea"]
    rectype_header, urn_header, lea_header = (
        header[rectype_at],
        header[urn_at],
        header[lea_at],
    )

    records: list[IndicatorRecord] = []
    skipped: Counter[str] = Counter()
    first_line_of: dict[tuple[str, str], int] = {}
    for line, values in csvf.rows:
        rectype = values[rectype_at].strip()
        level = RECTYPE_LEVELS.get(rectype)
        if level is None:
            reason = RECTYPE_SKIPPED.get(rectype)
            if reason is not None:
                skipped[reason] += 1
            else:
                problems.append(
                    Problem(
                        f"RECTYPE must be {RECTYPE_EXPECTED}, found '{rectype}'",
                        line,
                        rectype_header,
                        values[rectype_at],
                        key=values[urn_at].strip() or values[lea_at].strip() or None,
                    )
                )
            continue
        if level == SCHOOL:
            code = values[urn_at].strip()
            la_code = values[lea_at].strip()
            if not _is_urn(code):
                problems.append(
                    Problem(
                        f"URN must be a number on a school row (RECTYPE {rectype}), "
                        f"found '{code}'",
                        line,
                        urn_header,
                        values[urn_at],
                    )
                )
                continue
            if not is_la_code(la_code):
                problems.append(
                    Problem(
                        f"LEA must be a three-digit LA code, found '{la_code}'",
                        line,
                        lea_header,
                        values[lea_at],
                        key=code,
                    )
                )
                continue
            where = f"school {code}"
        elif level == LA:
            code = values[lea_at].strip()
            la_code = ""
            if not is_la_code(code):
                problems.append(
                    Problem(
                        "LEA must be a three-digit LA code on a local authority row "
                        f"(RECTYPE 4), found '{code}'",
                        line,
                        lea_header,
                        values[lea_at],
                    )
                )
                continue
            where = f"LA {code}"
        else:
            code = la_code = ""
            where = "England"
        first = first_line_of.setdefault((level, code), line)
        if first != line:
            problems.append(
                Problem(
                    f"duplicate row: {where} is already on line {first}",
                    line,
                    rectype_header
                    if level == NATIONAL
                    else lea_header
                    if level == LA
                    else urn_header,
                    code or rectype,
                    key=code or None,
                )
            )
            continue
        emit(
            plan,
            values,
            line,
            level,
            code,
            la_code,
            year,
            code or None,
            records,
            problems,
        )

    if problems:
        raise FileRejected(csvf.file_name, problems)
    return IndicatorFile(
        file_name=csvf.file_name,
        sha256=csvf.sha256,
        source=fmt.source,
        layout=LAYOUT_CSCP,
        release=release or release_from_name(csvf.file_name),
        records=records,
        years=[year],
        skipped=dict(skipped),
        warnings=warnings,
        rows=len(csvf.rows),
    )


# ---- the EES reader (KS2 long format, KS4 school files) -----------------------------------

TIME_PERIOD = "time_period"
TIME_IDENTIFIER = "time_identifier"
GEOGRAPHIC_LEVEL = "geographic_level"
SCHOOL_URN = "school_urn"
SCHOOL_LAESTAB = "school_laestab"
OLD_LA_CODE = "old_la_code"
VERSION = "version"
ACADEMIC_YEAR = "academic year"

EES_LEVELS = {"school": SCHOOL, "local authority": LA, "national": NATIONAL}
EES_SKIPPED_LEVELS = {"regional": "Regional rows"}
EES_LEVEL_LIST = "'School', 'Local authority', 'Regional' or 'National'"
TERM_ROWS = "term rows"  # time_identifier is not 'Academic year'
BREAKDOWN_ROWS = "breakdown rows"  # a breakdown of the pupils, not all of them
OTHER_SUBJECT_ROWS = "rows for other subjects"


@dataclass(frozen=True)
class EesFormat:
    """``totals`` are (column, value) pairs every kept row has (the others are
    breakdowns, skipped and counted); with a ``subject_column`` each subject has its
    own measures in ``subjects``, otherwise ``measures`` apply to every row."""

    source: str
    layout: str
    title: str
    required: tuple[str, ...]
    totals: tuple[tuple[str, str], ...]
    measures: tuple[Measure, ...] = ()
    subject_column: str | None = None
    subjects: tuple[tuple[str, tuple[Measure, ...]], ...] = ()


def read_ees(
    csvf: CsvRows,
    fmt: EesFormat,
    *,
    academic_year: str | None,
    release: str | None,
) -> IndicatorFile:
    """Records from an EES school file already read by read_csv_rows, or FileRejected
    with every problem. Years come from ``time_period``; an ``academic_year`` the file
    does not hold is a problem. The release comes from the ``version`` column when
    every row agrees, else ``release``, else the file name."""
    header = csvf.header
    at = column_positions(header)
    missing = [name for name in fmt.required if name.casefold() not in at]
    if missing:
        raise FileRejected(
            csvf.file_name,
            [
                Problem(
                    f"required column '{name}' is missing from the header of this "
                    f"{fmt.title} file (found {len(header)} columns)"
                    + looks_like(header, fmt.source),
                    line=1,
                    column=name,
                )
                for name in missing
            ],
        )

    # Plans: one per subject (or one for every row), built once.
    groups: dict[str, list[PlanItem]] = {}
    absent: dict[Measure, None] = {}
    if fmt.subject_column is None:
        plan, gone = plan_measures(fmt.measures, at, header)
        groups[""] = plan
        absent.update(dict.fromkeys(gone))
    else:
        for subject, measures in fmt.subjects:
            plan, gone = plan_measures(measures, at, header)
            groups[subject.casefold()] = plan
            absent.update(dict.fromkeys(gone))
    subject_at = at[fmt.subject_column.casefold()] if fmt.subject_column else None

    totals = [(at[column.casefold()], value.casefold()) for column, value in fmt.totals]
    period_at = at[TIME_PERIOD]
    level_at = at[GEOGRAPHIC_LEVEL]
    urn_at = at[SCHOOL_URN]
    identifier_at = at.get(TIME_IDENTIFIER)
    laestab_at = at.get(SCHOOL_LAESTAB)
    la_at = at.get(OLD_LA_CODE)
    version_at = at.get(VERSION)
    period_header, level_header, urn_header = (
        header[period_at],
        header[level_at],
        header[urn_at],
    )
    la_header = header[la_at] if la_at is not None else OLD_LA_CODE

    problems: list[Problem] = []
    records: list[IndicatorRecord] = []
    skipped: Counter[str] = Counter()
    other_subjects: Counter[str] = Counter()
    years: set[str] = set()
    versions: set[str] = set()
    first_line_of: dict[tuple[str, str, str, str], int] = {}
    # Values repeat a great deal: each distinct one is looked at once.
    academic: dict[str, bool] = {}
    level_of: dict[str, str | None] = {}
    year_of: dict[str, str | None] = {}
    total_of: dict[str, str] = {}

    for line, values in csvf.rows:
        if version_at is not None:
            versions.add(values[version_at])
        if identifier_at is not None:
            identifier = values[identifier_at]
            is_year = academic.get(identifier)
            if is_year is None:
                is_year = academic[identifier] = (
                    identifier.strip().casefold() == ACADEMIC_YEAR
                )
            if not is_year:
                skipped[TERM_ROWS] += 1
                continue
        breakdown = False
        for position, want in totals:
            raw = values[position]
            folded = total_of.get(raw)
            if folded is None:
                folded = total_of[raw] = raw.strip().casefold()
            if folded != want:
                breakdown = True
                break
        if breakdown:
            skipped[BREAKDOWN_ROWS] += 1
            continue

        level_raw = values[level_at]
        if level_raw in level_of:
            level = level_of[level_raw]
        else:
            level = level_of[level_raw] = EES_LEVELS.get(level_raw.strip().casefold())
        if level is None:
            reason = EES_SKIPPED_LEVELS.get(level_raw.strip().casefold())
            if reason is not None:
                skipped[reason] += 1
            else:
                problems.append(
                    Problem(
                        f"geographic_level must be {EES_LEVEL_LIST}, found "
                        f"'{level_raw}'",
                        line,
                        level_header,
                        level_raw,
                    )
                )
            continue

        if subject_at is not None:
            subject_raw = values[subject_at]
            subject_key = " ".join(subject_raw.split()).casefold()
            plan_or_none = groups.get(subject_key)
            if plan_or_none is None:
                other_subjects[subject_raw.strip()] += 1
                skipped[OTHER_SUBJECT_ROWS] += 1
                continue
            plan = plan_or_none
            subject = subject_raw.strip()
        else:
            plan = groups[""]
            subject = subject_key = ""

        # The key: the school's URN, the LA's three-digit code, or "" for England.
        la_code = ""
        if level == SCHOOL:
            code = values[urn_at].strip()
            if not _is_urn(code):
                problems.append(
                    Problem(
                        f"school_urn must be a URN (a number), found '{code}'",
                        line,
                        urn_header,
                        values[urn_at],
                    )
                )
                continue
            la_code, problem = _school_la_code(
                values, line, code, la_at, la_header, laestab_at, header
            )
            if problem is not None:
                problems.append(problem)
                continue
            where = f"school {code}"
        elif level == LA:
            code = values[la_at].strip() if la_at is not None else ""
            if not is_la_code(code):
                problems.append(
                    Problem(
                        "a local authority row needs its three-digit LA code in "
                        f"old_la_code, found '{code}'"
                        if la_at is not None
                        else "a local authority row needs its three-digit LA code, "
                        "but the file has no old_la_code column",
                        line,
                        la_header,
                        code,
                    )
                )
                continue
            where = f"LA {code}"
        else:
            code = ""
            where = "England"
        key = code or None

        period = values[period_at]
        if period in year_of:
            year = year_of[period]
        else:
            try:
                year = academic_year_from_period(period)
            except ValueError:
                year = None
            year_of[period] = year
        if year is None:
            problems.append(
                Problem(
                    "expected an academic year as six digits, e.g. 202324 for "
                    f"2023/24, found '{period}'",
                    line,
                    period_header,
                    period,
                    key=key,
                )
            )
            continue

        row_key = (level, code, year, subject_key)
        first = first_line_of.setdefault(row_key, line)
        if first != line:
            of = f", subject '{subject}'" if subject else ""
            problems.append(
                Problem(
                    f"duplicate row: {where}, {year}{of} is already on line {first}",
                    line,
                    urn_header
                    if level == SCHOOL
                    else la_header
                    if level == LA
                    else level_header,
                    code or level_raw,
                    key=key,
                )
            )
            continue
        years.add(year)
        emit(plan, values, line, level, code, la_code, year, key, records, problems)

    if academic_year is not None and years and academic_year not in years:
        problems.insert(
            0,
            Problem(
                f"the year given, {academic_year}, is not in this file, which holds "
                f"{', '.join(sorted(years))}",
            ),
        )
    if problems:
        raise FileRejected(csvf.file_name, problems)

    warnings = absent_warning(absent, years)
    if other_subjects:
        listed = ", ".join(
            f"'{s}' ({n} rows)" for s, n in sorted(other_subjects.items())
        )
        warnings.append(Problem(f"subjects not read: {listed}"))
    file_release = _release_from_versions(versions, warnings)
    return IndicatorFile(
        file_name=csvf.file_name,
        sha256=csvf.sha256,
        source=fmt.source,
        layout=fmt.layout,
        release=file_release or release or release_from_name(csvf.file_name),
        records=records,
        years=sorted(years),
        skipped=dict(skipped),
        warnings=warnings,
        rows=len(csvf.rows),
    )


def _school_la_code(
    values: list[str],
    line: int,
    urn: str,
    la_at: int | None,
    la_header: str,
    laestab_at: int | None,
    header: list[str],
) -> tuple[str, Problem | None]:
    """A school row's LA: old_la_code where the file has it, else the first three
    digits of school_laestab; "" when neither is given."""
    if la_at is not None:
        la_code = values[la_at].strip()
        if la_code:
            if is_la_code(la_code):
                return la_code, None
            return "", Problem(
                f"old_la_code must be a three-digit LA code, found '{la_code}'",
                line,
                la_header,
                values[la_at],
                key=urn,
            )
    if laestab_at is not None:
        laestab = values[laestab_at].strip()
        if laestab:
            if len(laestab) == 7 and laestab.isdigit() and laestab.isascii():
                return laestab[:3], None
            return "", Problem(
                f"school_laestab must be seven digits (LA code and establishment "
                f"number), found '{laestab}'",
                line,
                header[laestab_at],
                values[laestab_at],
                key=urn,
            )
    return "", None


def _release_from_versions(versions: set[str], warnings: list[Problem]) -> str | None:
    found = {release_from_version(v) for v in versions}
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        warnings.append(
            Problem(
                "the rows do not agree on the release in 'version' ("
                + ", ".join(sorted(repr(v.strip()) for v in versions))
                + "): the release was taken from the file name or the caller"
            )
        )
    return None


# ---- layout detection -----------------------------------------------------------------------

_LOOKS_LIKE = (
    (
        catalogue.KS4,
        {"att8scr", "avg_att8", "attainment8_average"},
        "KS4 performance tables",
    ),
    (
        catalogue.KS2,
        {"ptrwm_exp", "expected_standard_pupil_percent"},
        "KS2 performance tables",
    ),
    (catalogue.ABSENCE, {"sess_overall_percent"}, "pupil absence"),
    (catalogue.EXCLUSIONS, {"suspension", "perm_excl"}, "suspensions and exclusions"),
)


def looks_like(header: list[str], source: str) -> str:
    """ "; it looks like a ... file" when the header has another source's columns."""
    names = {h.casefold() for h in header}
    for other, columns, label in _LOOKS_LIKE:
        if other != source and columns & names:
            return f"; it looks like a {label} file"
    return ""


def not_this_file(csvf: CsvRows, source: str, expected: str) -> FileRejected:
    """The rejection for a file that matches none of a reader's layouts."""
    return FileRejected(
        csvf.file_name,
        [
            Problem(
                f"this is not a {source.upper()} performance tables file: expected "
                f"{expected} (found {len(csvf.header)} columns)"
                + looks_like(csvf.header, source),
                line=1,
            )
        ],
    )


# ---- KS2 -----------------------------------------------------------------------------------

_PROGRESS_UNTIL = "2022/23"  # no KS1 baseline for the 2023/24 and later cohorts

KS2_CSCP = CscpFormat(
    source=catalogue.KS2,
    title="KS2 CSCP",
    file="england_ks2final.csv",
    headline="PTRWM_EXP",
    measures=(
        m("ks2_cohort", "TELIG"),
        m("ks2_rwm_expected", "PTRWM_EXP"),
        m("ks2_rwm_higher", "PTRWM_HIGH"),
        m("ks2_read_expected", "PTREAD_EXP"),
        m("ks2_writ_expected", "PTWRITTA_EXP"),
        m("ks2_mat_expected", "PTMAT_EXP"),
        m("ks2_gps_expected", "PTGPS_EXP"),
        m("ks2_read_higher", "PTREAD_HIGH"),
        # Greater depth in writing is PTWRITTA_HIGH. PTWRITTA_AD is *not* it: the DfE
        # 2016/17 dictionary (data/real/dfe_ks2_meta_2017.csv) defines it as
        # "Percentage of pupils absent or disapplied in writing TA".
        m("ks2_writ_higher", "PTWRITTA_HIGH"),
        m("ks2_mat_higher", "PTMAT_HIGH"),
        m("ks2_read_average", "READ_AVERAGE"),
        m("ks2_mat_average", "MAT_AVERAGE"),
        m("ks2_gps_average", "GPS_AVERAGE"),
        m("ks2_read_progress", "READPROG", until=_PROGRESS_UNTIL),
        m("ks2_writ_progress", "WRITPROG", until=_PROGRESS_UNTIL),
        m("ks2_mat_progress", "MATPROG", until=_PROGRESS_UNTIL),
        m(
            "ks2_read_progress_band",
            "READPROG_DESCR",
            kind=BAND_CODE,
            until=_PROGRESS_UNTIL,
        ),
        m(
            "ks2_writ_progress_band",
            "WRITPROG_DESCR",
            kind=BAND_CODE,
            until=_PROGRESS_UNTIL,
        ),
        m(
            "ks2_mat_progress_band",
            "MATPROG_DESCR",
            kind=BAND_CODE,
            until=_PROGRESS_UNTIL,
        ),
    ),
)

_EXPECTED = "expected_standard_pupil_percent"
_HIGHER = "higher_standard_pupil_percent"
_AVERAGE = "average_scaled_score"
_PROGRESS = "progress_measure_score"
_BAND = "progress_measure_description"


def _subject(prefix: str, *columns: str) -> tuple[Measure, ...]:
    suffix = {
        _EXPECTED: "expected",
        _HIGHER: "higher",
        _AVERAGE: "average",
        _PROGRESS: "progress",
        _BAND: "progress_band",
    }
    return tuple(
        m(
            f"{prefix}_{suffix[column]}",
            column,
            kind=BAND_LABEL if column == _BAND else NUMBER,
            until=_PROGRESS_UNTIL if column in (_PROGRESS, _BAND) else None,
        )
        for column in columns
    )


KS2_EES = EesFormat(
    source=catalogue.KS2,
    layout=LAYOUT_EES_LONG,
    title="KS2 EES (ks2_school_attainment_data.csv)",
    required=(
        TIME_PERIOD,
        GEOGRAPHIC_LEVEL,
        SCHOOL_URN,
        "breakdown_topic",
        "breakdown",
        "subject",
        _EXPECTED,
    ),
    totals=(("breakdown_topic", "All pupils"), ("breakdown", "Total")),
    subject_column="subject",
    subjects=(
        ("Reading, writing and maths", _subject("ks2_rwm", _EXPECTED, _HIGHER)),
        (
            "Reading",
            _subject("ks2_read", _EXPECTED, _HIGHER, _AVERAGE, _PROGRESS, _BAND),
        ),
        ("Writing", _subject("ks2_writ", _EXPECTED, _HIGHER, _PROGRESS, _BAND)),
        ("Maths", _subject("ks2_mat", _EXPECTED, _HIGHER, _AVERAGE, _PROGRESS, _BAND)),
        ("Grammar, punctuation and spelling", _subject("ks2_gps", _EXPECTED, _AVERAGE)),
    ),
)

_KS2_CSCP_SIGNS = {"rectype", "ptrwm_exp", "telig"}
_KS2_EES_SIGNS = {"subject", _EXPECTED}


def parse_ks2(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    academic_year: str | None = None,
    release: str | None = None,
) -> IndicatorFile:
    """Parse a KS2 performance tables file (CSCP ``england_ks2final.csv`` or EES
    ``ks2_school_attainment_data.csv``) to indicator records, or raise FileRejected
    listing every problem (each with line, column, value and the URN or LA code).

    ``academic_year`` ("2023/24"): for a CSCP file, the year (else taken from the file
    name, e.g. ``2022-2023_england_ks2final.csv``; without either the file is
    rejected); for an EES file, a year the file must hold. ``release`` (provisional,
    revised or final): used when an EES file's ``version`` column does not say; else
    the file name says, else None. ValueError if either argument is malformed.
    """
    year = normalise_year(academic_year) if academic_year is not None else None
    checked_release = check_release(release)
    with gc_paused():
        csvf = read_csv_rows(source, file_name=file_name, encoding="utf-8")
        names = {h.casefold() for h in csvf.header}
        if names & _KS2_CSCP_SIGNS:
            return read_cscp(
                csvf, KS2_CSCP, academic_year=year, release=checked_release
            )
        if names & _KS2_EES_SIGNS:
            return read_ees(csvf, KS2_EES, academic_year=year, release=checked_release)
    raise not_this_file(
        csvf,
        catalogue.KS2,
        "the CSCP columns RECTYPE, URN, LEA and PTRWM_EXP (england_ks2final.csv) or "
        "the EES columns time_period, geographic_level, school_urn, breakdown_topic, "
        f"breakdown, subject and {_EXPECTED} (ks2_school_attainment_data.csv)",
    )
