"""Explore Education Statistics pupil absence: the school file
``1a_absence_3term_school.csv`` (current 80-column and older 74-column releases) and the
national / regional / LA file ``1_absence_3term_nat_reg_la.csv``, parsed to indicator
records. Format notes: shared/formats/README.md section 4.1.

Also holds :func:`parse_ees`, the reader both EES files share (absence here, exclusions
in ``exclusions.py``): columns found by name (case-insensitive) and planned once; only
``Academic year`` rows kept; School, Local authority and National rows kept and
``Regional`` (or any other level) skipped and counted; ``education_phase`` mapped to
primary / secondary / special / total; every bad cell collected before the file is
rejected. Pure Python: the writes live in the ``indicators`` app's services.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from school_improvement.data.imports import catalogue
from school_improvement.data.imports.coded import (
    LA,
    NATIONAL,
    SCHOOL,
    Coded,
    IndicatorFile,
    IndicatorRecord,
    academic_year_from_period,
    check_release,
    parse_coded,
    release_from_name,
)
from school_improvement.data.imports.csvfile import (
    FileRejected,
    Problem,
    gc_paused,
    read_csv_rows,
)
from school_improvement.data.imports.detect import KIND_HINTS, detect_kind

LAYOUT_SCHOOL = "ees"
LAYOUT_NATIONAL_LA = "ees_national_la"

# education_phase as written (case-insensitive) -> IndicatorRecord.phase
PHASES: dict[str, str] = {
    "State-funded primary": catalogue.PRIMARY,
    "State-funded secondary": catalogue.SECONDARY,
    "Special": catalogue.SPECIAL,
    "Total": "total",
    "State-funded special": catalogue.SPECIAL,
    "Primary": catalogue.PRIMARY,
    "Secondary": catalogue.SECONDARY,
}
_PHASES_FOLDED = {name.casefold(): phase for name, phase in PHASES.items()}
_PHASE_LIST = ", ".join(f"'{name}'" for name in PHASES)

# geographic_level (case-insensitive) -> level; any other level is skipped and counted
LEVELS: dict[str, str] = {
    "School": SCHOOL,
    "Local authority": LA,
    "National": NATIONAL,
}
_LEVELS_FOLDED = {name.casefold(): level for name, level in LEVELS.items()}

ACADEMIC_YEAR = "Academic year"
TERM_ROWS = "term rows"  # skipped reason: time_identifier is not 'Academic year'

# Identifying columns every EES file has.
TIME_PERIOD = "time_period"
TIME_IDENTIFIER = "time_identifier"
GEOGRAPHIC_LEVEL = "geographic_level"
EDUCATION_PHASE = "education_phase"
SCHOOL_URN = "school_urn"
OLD_LA_CODE = "old_la_code"
SCHOOL_LAESTAB = "school_laestab"


@dataclass(frozen=True)
class EesFormat:
    """What distinguishes one EES indicator file from another.

    ``measures`` maps a column to a catalogue code; ``required`` columns must be in
    the header (the others only warn when absent, e.g. in an older release);
    ``whole`` lists codes whose values are counts (a fraction is a problem);
    ``totals_only`` columns, when present, keep only their ``Total`` rows.
    """

    source: str  # catalogue.ABSENCE or EXCLUSIONS
    title: str  # as a person would name the file, for messages
    measures: tuple[tuple[str, str], ...]
    required: tuple[str, ...]
    percent: bool  # measures are percentages that may carry a % sign
    whole: frozenset[str] = frozenset()
    totals_only: tuple[str, ...] = ()


ABSENCE_FORMAT = EesFormat(
    source=catalogue.ABSENCE,
    title="pupil absence",
    measures=(
        ("sess_overall_percent", "abs_overall_pct"),
        ("sess_authorised_percent", "abs_authorised_pct"),
        ("sess_unauthorised_percent", "abs_unauthorised_pct"),
        ("enrolments_pa_10_exact_percent", "abs_persistent_pct"),
        ("enrolments_pa_50_exact_percent", "abs_severe_pct"),
    ),
    required=(
        TIME_PERIOD,
        TIME_IDENTIFIER,
        GEOGRAPHIC_LEVEL,
        EDUCATION_PHASE,
        "sess_overall_percent",
    ),
    percent=True,
    totals_only=("year_breakdown",),
)


def parse_absence(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    release: str | None = None,
) -> IndicatorFile:
    """Parse an EES absence file (school level, or national / regional / LA) to
    indicator records, or raise FileRejected listing every problem (each with line,
    column, value and the school's URN or the LA code).

    ``release`` (provisional, revised or final) wins; otherwise it is taken from the
    file name, else None. Layout ``"ees"`` for the school file, ``"ees_national_la"``
    for a file without ``school_urn``.
    """
    return parse_ees(ABSENCE_FORMAT, source, file_name=file_name, release=release)


# ---- the reader both EES files share -------------------------------------------------


def parse_ees(
    fmt: EesFormat,
    source: Path | bytes,
    *,
    file_name: str | None = None,
    release: str | None = None,
) -> IndicatorFile:
    """Parse an EES file of ``fmt`` to indicator records, or raise FileRejected with
    every problem found. See :func:`parse_absence` for ``release``.

    CPython's cyclic garbage collector is paused meanwhile (as core.bulk's
    ``without_cyclic_gc`` does for the writes): a national file is millions of live
    cells and the collector would re-scan them again and again, over half the time.
    The reader makes no reference cycles; reference counting still frees memory.
    """
    with gc_paused():
        return _parse_ees(fmt, source, file_name=file_name, release=release)


def _parse_ees(
    fmt: EesFormat,
    source: Path | bytes,
    *,
    file_name: str | None,
    release: str | None,
) -> IndicatorFile:
    release = check_release(release)
    csvf = read_csv_rows(source, file_name=file_name, encoding="utf-8")
    header = csvf.header
    at: dict[str, int] = {}
    for position, name in enumerate(header):
        at.setdefault(name.casefold(), position)

    missing = [name for name in fmt.required if name.casefold() not in at]
    if missing:
        kind = detect_kind(header)
        looks = (
            f"; the file looks like {KIND_HINTS[kind]}"
            if kind is not None and kind != fmt.source
            else ""
        )
        raise FileRejected(
            csvf.file_name,
            [
                Problem(
                    f"required column '{name}' is missing from the header of this "
                    f"{fmt.title} file (found {len(header)} columns){looks}",
                    line=1,
                    column=name,
                )
                for name in missing
            ],
        )

    warnings: list[Problem] = []
    # (indicator, position, header as written, parsed values by raw text, a count?)
    plan: list[tuple[str, int, str, dict[str, Coded], bool]] = []
    for column, indicator in fmt.measures:
        found = at.get(column.casefold())
        if found is None:
            warnings.append(
                Problem(
                    f"column '{column}' is not in this file (an older release?): no "
                    f"'{catalogue.BY_CODE[indicator].name}' values were read",
                    line=1,
                    column=column,
                )
            )
            continue
        plan.append((indicator, found, header[found], {}, indicator in fmt.whole))
    totals_only = [
        (at[c.casefold()], header[at[c.casefold()]])
        for c in fmt.totals_only
        if c.casefold() in at
    ]

    period_at = at[TIME_PERIOD]
    identifier_at = at[TIME_IDENTIFIER]
    level_at = at[GEOGRAPHIC_LEVEL]
    phase_at = at[EDUCATION_PHASE]
    urn_at = at.get(SCHOOL_URN)
    la_at = at.get(OLD_LA_CODE)
    laestab_at = at.get(SCHOOL_LAESTAB)
    period_header = header[period_at]
    level_header = header[level_at]
    phase_header = header[phase_at]
    urn_header = header[urn_at] if urn_at is not None else SCHOOL_URN
    la_header = header[la_at] if la_at is not None else OLD_LA_CODE
    percent = fmt.percent

    problems: list[Problem] = []
    skipped: Counter[str] = Counter()
    records: list[IndicatorRecord] = []
    append = records.append
    years: set[str] = set()
    first_line_of: dict[tuple[str, str, str, str], int] = {}
    # Values repeat a great deal: each distinct one is looked up once ("" if bad).
    year_of: dict[str, str] = {}
    level_of: dict[str, str | None] = {}
    phase_of: dict[str, str] = {}
    academic: dict[str, bool] = {ACADEMIC_YEAR: True}
    # level -> lines of its rows, when the file lacks the column that identifies them
    keyless: dict[str, list[int]] = {}

    for line, values in csvf.rows:
        identifier = values[identifier_at]
        is_year = academic.get(identifier)
        if is_year is None:
            is_year = academic[identifier] = (
                identifier.strip().casefold() == ACADEMIC_YEAR.casefold()
            )
        if not is_year:
            skipped[TERM_ROWS] += 1
            continue

        level_raw = values[level_at]
        if level_raw in level_of:
            level = level_of[level_raw]
        else:
            level = level_of[level_raw] = _LEVELS_FOLDED.get(
                level_raw.strip().casefold()
            )
        if level is None:
            text = level_raw.strip()
            if not text:
                problems.append(
                    Problem(
                        "geographic_level is empty; expected 'School', "
                        "'Local authority', 'Regional' or 'National'",
                        line,
                        level_header,
                        level_raw,
                    )
                )
            else:
                skipped[f"{text} rows"] += 1
            continue

        breakdown = next(
            (c for p, c in totals_only if values[p].strip().casefold() != "total"),
            None,
        )
        if breakdown is not None:  # e.g. one national curriculum year's figures
            skipped[f"{breakdown} rows other than 'Total'"] += 1
            continue

        # The key: the school's URN, the LA's three-digit code, or "" for England.
        ok = True
        la_code = ""
        if level == SCHOOL:
            if urn_at is None:
                keyless.setdefault(level, []).append(line)
                continue
            key_header = urn_header
            code = values[urn_at].strip()
            if not (code.isdigit() and code.isascii()):
                problems.append(
                    Problem(
                        f"school_urn must be a URN (a number), found '{code}'",
                        line,
                        urn_header,
                        values[urn_at],
                    )
                )
                ok = False
            la_code, problem = _school_la_code(
                values, line, code, la_at, laestab_at, header
            )
            if problem is not None:
                problems.append(problem)
                ok = False
        elif level == LA:
            if la_at is None:
                keyless.setdefault(level, []).append(line)
                continue
            key_header = la_header
            code = values[la_at].strip()
            if not _la_code(code):
                problems.append(
                    Problem(
                        f"old_la_code must be a three-digit LA code, found '{code}'",
                        line,
                        la_header,
                        values[la_at],
                    )
                )
                ok = False
        else:
            key_header = level_header
            code = ""
        key = code or None

        period = values[period_at]
        if period in year_of:
            year = year_of[period]
        else:
            try:
                year = academic_year_from_period(period)
            except ValueError:
                year = ""
            year_of[period] = year
        if not year:
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
            ok = False
        phase_raw = values[phase_at]
        if phase_raw in phase_of:
            phase = phase_of[phase_raw]
        else:
            phase = phase_of[phase_raw] = _PHASES_FOLDED.get(
                phase_raw.strip().casefold(), ""
            )
        if not phase and phase_raw.strip():
            # A phase the catalogue has no place for (e.g. 'State-funded AP school'
            # in some releases): its rows are counted and left out, not a rejection.
            skipped[f"rows for phase '{phase_raw.strip()}' (not stored)"] += 1
            continue
        if not phase:
            problems.append(
                Problem(
                    f"expected an education phase: one of {_PHASE_LIST}, "
                    f"found '{phase_raw}'",
                    line,
                    phase_header,
                    phase_raw,
                    key=key,
                )
            )
            ok = False

        if ok and year is not None and phase is not None:
            row_key = (level, code, year, phase)
            first = first_line_of.get(row_key)
            if first is None:
                first_line_of[row_key] = line
                years.add(year)
            else:
                problems.append(
                    Problem(
                        f"duplicate row: {_where(level, code)}, {year}, phase "
                        f"'{phase_raw.strip()}' is already on line {first}",
                        line,
                        key_header,
                        code or level_raw,
                        key=key,
                    )
                )
                ok = False

        if not ok or problems:
            # The file will be rejected: only look for more problems.
            for _indicator, position, column, memo, count in plan:
                raw = values[position]
                if raw not in memo:
                    try:
                        memo[raw] = _parse(raw, percent, count)
                    except ValueError as exc:
                        problems.append(
                            Problem(f"{exc}, found '{raw}'", line, column, raw, key=key)
                        )
            continue
        for indicator, position, column, memo, count in plan:
            raw = values[position]
            coded = memo.get(raw)
            if coded is None:
                try:
                    coded = memo[raw] = _parse(raw, percent, count)
                except ValueError as exc:
                    problems.append(
                        Problem(f"{exc}, found '{raw}'", line, column, raw, key=key)
                    )
                    continue
            append(
                IndicatorRecord(
                    level, code, la_code, indicator, year, phase, coded, line, column
                )
            )

    for level, lines in keyless.items():
        column = SCHOOL_URN if level == SCHOOL else OLD_LA_CODE
        label = "School" if level == SCHOOL else "Local authority"
        problems.insert(
            0,
            Problem(
                f"required column '{column}' is missing from the header: the file has "
                f"{len(lines)} '{label}' rows (the first on line {lines[0]}) and "
                f"they need it to say which {'school' if level == SCHOOL else 'LA'} "
                "each is",
                line=1,
                column=column,
            ),
        )
    if problems:
        raise FileRejected(csvf.file_name, problems)
    return IndicatorFile(
        file_name=csvf.file_name,
        sha256=csvf.sha256,
        source=fmt.source,
        layout=LAYOUT_SCHOOL if urn_at is not None else LAYOUT_NATIONAL_LA,
        release=release or release_from_name(csvf.file_name),
        records=records,
        years=sorted(years),
        skipped=dict(skipped),
        warnings=warnings,
        rows=len(csvf.rows),
    )


def _where(level: str, code: str) -> str:
    if level == SCHOOL:
        return f"school {code}"
    return f"LA {code}" if level == LA else "England"


def _school_la_code(
    values: list[str],
    line: int,
    urn: str,
    la_at: int | None,
    laestab_at: int | None,
    header: list[str],
) -> tuple[str, Problem | None]:
    """A school row's LA: old_la_code where the file gives it, else the first three
    digits of school_laestab; "" when neither is given (as the KS2/KS4 readers do)."""
    if la_at is not None:
        la_code = values[la_at].strip()
        if la_code:
            if _la_code(la_code):
                return la_code, None
            return "", Problem(
                f"old_la_code must be a three-digit LA code, found '{la_code}'",
                line,
                header[la_at],
                values[la_at],
                key=urn or None,
            )
    if laestab_at is not None:
        laestab = values[laestab_at].strip()
        if laestab:
            if len(laestab) == 7 and laestab.isdigit() and laestab.isascii():
                return laestab[:3], None
            return "", Problem(
                "school_laestab must be seven digits (LA code and establishment "
                f"number), found '{laestab}'",
                line,
                header[laestab_at],
                values[laestab_at],
                key=urn or None,
            )
    return "", None


def _la_code(code: str) -> bool:
    return len(code) == 3 and code.isdigit() and code.isascii()


def _parse(raw: str, percent: bool, count: bool) -> Coded:
    coded = parse_coded(raw, percent=percent)
    if (
        count
        and coded.value is not None
        and coded.value != coded.value.to_integral_value()
    ):
        raise ValueError("expected a whole number (a count)")
    return coded
