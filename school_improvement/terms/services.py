"""Writes owned by the term calendar: a term's dates (one at a time, or a whole CSV
file of them), and closure days. Each is one transaction with one audit event.

The checks are the same for a form and for a file: a term's dates inside its
academic year, its half-term inside it, and the terms of the area in order
(autumn, spring, summer) without overlapping one another or the next year's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction

from school_improvement.core import clock
from school_improvement.core.services import audit_record
from school_improvement.data.imports.coded import parse_academic_year
from school_improvement.schools.models import LocalAuthority
from school_improvement.terms.calendar import bank_holidays
from school_improvement.terms.models import TERM_ORDER, ClosureDay, Term, TermName

TERM_FIELDS = ("start_date", "end_date", "half_term_start", "half_term_end")
CSV_COLUMNS = (
    "academic_year",
    "term",
    "start_date",
    "end_date",
    "half_term_start",
    "half_term_end",
)


@dataclass(frozen=True)
class TermDates:
    """One term's dates as entered, before they are checked."""

    academic_year: str
    name: str
    start_date: dt.date
    end_date: dt.date
    half_term_start: dt.date | None = None
    half_term_end: dt.date | None = None

    @property
    def label(self) -> str:
        return f"{TermName(self.name).label} term {self.academic_year}"


def _fmt(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


class TermProblem(NamedTuple):
    """One thing wrong with a term's dates: the field, a sentence for a form, and
    what was expected (for a file's report: "column X: expected ...")."""

    field: str
    message: str
    expected: str


def term_problems(dates: TermDates) -> list[TermProblem]:
    """What is wrong with one term's own dates: the term inside its academic year
    (1 August to 31 August), ending after it starts, and its half-term (both dates
    or neither) inside it."""
    problems: list[TermProblem] = []
    start_year = int(dates.academic_year[:4])
    first, last = dt.date(start_year, 8, 1), dt.date(start_year + 1, 8, 31)
    span = f"1 August {start_year} to 31 August {start_year + 1}"
    for name in ("start_date", "end_date"):
        day = getattr(dates, name)
        if not first <= day <= last:
            problems.append(
                TermProblem(
                    name,
                    f"{_fmt(day)} is not in the academic year {dates.academic_year} "
                    f"({span})",
                    f"a date in the academic year {dates.academic_year} ({span}), "
                    f"found {_fmt(day)}",
                )
            )
    if dates.end_date <= dates.start_date:
        problems.append(
            TermProblem(
                "end_date",
                f"The term must end after it starts ({_fmt(dates.start_date)})",
                f"a date after the start date {_fmt(dates.start_date)}, "
                f"found {_fmt(dates.end_date)}",
            )
        )
    start, end = dates.half_term_start, dates.half_term_end
    if (start is None) != (end is None):
        missing = "half_term_end" if end is None else "half_term_start"
        problems.append(
            TermProblem(
                missing,
                "Give both the first and the last day of half-term, or neither",
                "a date, because the other half-term date is given "
                "(give both or neither), found nothing",
            )
        )
    elif start is not None and end is not None:
        if end < start:
            problems.append(
                TermProblem(
                    "half_term_end",
                    "Half-term must end on or after the day it starts",
                    f"a date on or after the half-term start {_fmt(start)}, "
                    f"found {_fmt(end)}",
                )
            )
        elif not dates.start_date < start <= end < dates.end_date:
            problems.append(
                TermProblem(
                    "half_term_start",
                    f"Half-term must fall inside the term, after its first day "
                    f"({_fmt(dates.start_date)}) and before its last "
                    f"({_fmt(dates.end_date)})",
                    f"a half-term inside the term, after {_fmt(dates.start_date)} "
                    f"and before {_fmt(dates.end_date)}, found {_fmt(start)} to "
                    f"{_fmt(end)}",
                )
            )
    return problems


@dataclass(frozen=True)
class OrderProblem:
    """``after`` starts before ``before`` (the term before it in order) ends."""

    after: TermDates
    before: TermDates

    @property
    def message(self) -> str:
        return (
            f"The {self.after.label} starts on {_fmt(self.after.start_date)}, before "
            f"the {self.before.label} ends ({_fmt(self.before.end_date)}): terms must "
            "follow one another in order without overlapping"
        )


def order_problems(terms: list[TermDates]) -> list[OrderProblem]:
    """The terms of an area, in academic year and autumn-spring-summer order, that
    start before the one before them has ended (overlap or out of order)."""
    ordered = sorted(
        terms, key=lambda t: (t.academic_year, TERM_ORDER[TermName(t.name)])
    )
    return [
        OrderProblem(after=after, before=before)
        for before, after in zip(ordered, ordered[1:], strict=False)
        if after.start_date <= before.end_date
    ]


def _dates_of(term: Term) -> TermDates:
    return TermDates(
        term.academic_year,
        term.name,
        term.start_date,
        term.end_date,
        term.half_term_start,
        term.half_term_end,
    )


def _write(la: LocalAuthority, dates: TermDates, acting_user: Any) -> tuple[Term, str]:
    """Create or update the LA's term of that year and name: (term, what happened)."""
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    term = Term.objects.filter(
        la=la, academic_year=dates.academic_year, name=dates.name
    ).first()
    if term is None:
        term = Term(la=la, academic_year=dates.academic_year, name=dates.name)
        term.created_by = user
        outcome = "created"
    elif _dates_of(term) == dates:
        return term, "unchanged"
    else:
        outcome = "updated"
    for name in TERM_FIELDS:
        setattr(term, name, getattr(dates, name))
    term.updated_at = clock.now()
    term.updated_by = user
    term.save()
    return term, outcome


def _check_academic_year(text: str) -> str:
    try:
        return parse_academic_year(text)
    except ValueError:
        raise ValidationError(
            {"academic_year": "Enter the academic year like 2026/27"}
        ) from None


@transaction.atomic
def term_save(
    *,
    acting_user: Any,
    la: LocalAuthority,
    academic_year: str,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    half_term_start: dt.date | None = None,
    half_term_end: dt.date | None = None,
) -> Term:
    """Enter or change one of the LA's terms (the LA's term of that year and name).

    Raises ValidationError, keyed by field, when the dates are not a term of that
    year, its half-term is not inside it, or it would overlap or come out of order
    with the area's other terms."""
    year = _check_academic_year(academic_year)
    if name not in TermName.values:
        raise ValidationError({"name": "Choose autumn, spring or summer"})
    dates = TermDates(year, name, start_date, end_date, half_term_start, half_term_end)
    problems = term_problems(dates)
    if problems:
        raise ValidationError(_by_field([(p.field, p.message) for p in problems]))
    others = [
        _dates_of(t)
        for t in Term.objects.filter(la=la).exclude(academic_year=year, name=name)
    ]
    # Only the clashes this term takes part in: an older problem between two other
    # terms is shown on the calendar, and must not block correcting this one.
    clashes = _by_field(
        [
            ("start_date" if p.after is dates else "end_date", p.message)
            for p in order_problems([*others, dates])
            if p.after is dates or p.before is dates
        ]
    )
    if clashes:
        raise ValidationError(clashes)
    term, outcome = _write(la, dates, acting_user)
    if outcome != "unchanged":
        audit_record(
            acting_user=acting_user,
            verb="term.save",
            summary=f"{dates.label} {outcome}: {_fmt(start_date)} to {_fmt(end_date)}",
            obj=term,
            details={
                "outcome": outcome,
                **{k: str(getattr(dates, k) or "") for k in TERM_FIELDS},
            },
        )
    return term


def _by_field(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, message in problems:
        out.setdefault(name, []).append(message)
    return out


# ---- closure days ----------------------------------------------------------------


@transaction.atomic
def closure_add(
    *, acting_user: Any, la: LocalAuthority, date: dt.date, reason: str
) -> ClosureDay:
    """Record a day in term when the area's schools are closed to visits (a common
    INSET day, a local closure).

    Raises ValidationError when the day is not a weekday in one of the LA's terms,
    falls in half-term or on a bank holiday (already not a school day), or is
    recorded already."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why schools are closed that day"})
    if date.weekday() >= 5:
        raise ValidationError(
            {"date": f"{_fmt(date)} is a {date:%A}: schools are closed anyway"}
        )
    term = next((t for t in Term.objects.filter(la=la) if t.contains(date)), None)
    if term is None:
        raise ValidationError(
            {
                "date": f"{_fmt(date)} is not in any term: enter the term's dates "
                "first, or check the date"
            }
        )
    if term.in_half_term(date):
        raise ValidationError(
            {"date": f"{_fmt(date)} is in the {term} half-term: not a school day"}
        )
    holiday = bank_holidays([date.year]).get(date)
    if holiday:
        raise ValidationError(
            {"date": f"{_fmt(date)} is a bank holiday ({holiday}): not a school day"}
        )
    if ClosureDay.objects.filter(la=la, date=date).exists():
        raise ValidationError({"date": f"{_fmt(date)} is already a closure day"})
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    closure = ClosureDay.objects.create(
        la=la, date=date, reason=reason, created_by=user, updated_by=user
    )
    audit_record(
        acting_user=acting_user,
        verb="closure.add",
        summary=f"Closure day {_fmt(date)}: {reason}",
        obj=closure,
        details={"date": date.isoformat(), "reason": reason},
    )
    return closure


@transaction.atomic
def closure_remove(*, acting_user: Any, closure: ClosureDay) -> None:
    """Remove a closure day (the day is a school day again)."""
    audit_record(
        acting_user=acting_user,
        verb="closure.remove",
        summary=f"Closure day {_fmt(closure.date)} removed ({closure.reason})",
        obj=closure,
        details={"date": closure.date.isoformat(), "reason": closure.reason},
    )
    closure.delete()


# ---- the term-dates CSV ----------------------------------------------------------


@dataclass
class TermImport:
    """What an import did (or, with ``dry_run``, would do)."""

    file_name: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False
    academic_years: list[str] = field(default_factory=list)  # of the file's terms

    @property
    def summary(self) -> str:
        would = "would be " if self.dry_run else ""
        return (
            f"{self.file_name}: {self.rows} terms read; {len(self.created)} {would}"
            f"created, {len(self.updated)} {would}updated, "
            f"{len(self.unchanged)} unchanged"
        )


def _where(file_name: str, line: int | None, column: str | None = None) -> str:
    """ "terms.csv:3: column start_date: " (the compiler style editors can follow)."""
    where = file_name if line is None else f"{file_name}:{line}"
    return f"{where}: column {column}: " if column else f"{where}: "


def _read_text(source: Path | bytes | str, file_name: str) -> str:
    if isinstance(source, str):
        return source
    data = source.read_bytes() if isinstance(source, Path) else source
    if b"\x00" in data[:8192]:
        raise ValidationError(
            f"{file_name}: expected a CSV file (text), found a binary file: save "
            "the spreadsheet as CSV first"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("windows-1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{file_name}: expected text in UTF-8 or Windows-1252, found a byte "
            f"that is neither at position {exc.start}"
        ) from None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UK_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def parse_date(text: str) -> dt.date:
    """A date written 2026-09-03 or 03/09/2026 (day first); ValueError otherwise."""
    if _ISO_DATE.fullmatch(text):
        return dt.date.fromisoformat(text)
    if _UK_DATE.fullmatch(text):
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    raise ValueError(text)


def _header_problems(raw: list[str], file_name: str) -> tuple[list[str], bool]:
    """Problems with the header line (line 1), and whether the rows can be read."""
    header = [h.strip().lower() for h in raw]
    problems = []
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(
                f"{_where(file_name, 1)}expected a column name in position "
                f"{position}, found nothing"
            )
        elif name not in CSV_COLUMNS:
            problems.append(
                f"{_where(file_name, 1, name)}expected one of the columns "
                f"{', '.join(CSV_COLUMNS)}; this one is not known"
            )
        elif header.index(name) != position - 1:
            problems.append(
                f"{_where(file_name, 1, name)}expected each column once; "
                f"it is named again in position {position}"
            )
    missing = [c for c in CSV_COLUMNS if c not in header]
    for name in missing:
        problems.append(
            f"{_where(file_name, 1, name)}expected the header to name this column; "
            "it is missing"
        )
    return problems, not missing and len(set(header)) == len(header)


def parse_terms_csv(text: str, file_name: str) -> list[tuple[int, TermDates]]:
    """The term-dates CSV (docs/data-sources.md "Term dates") as (line, TermDates).

    Raises ValidationError listing every problem found, each written
    "FILE:LINE: column X: expected ..., found ...", naming the file, the line and
    the column, and saying what was expected."""
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        raw_header = next(rows, None)
    except csv.Error as exc:
        raise ValidationError(f"{_where(file_name, 1)}expected CSV: {exc}") from None
    if not raw_header:
        raise ValidationError(
            f"{_where(file_name, 1)}expected a header naming the columns "
            f"{', '.join(CSV_COLUMNS)}, found an empty file"
        )
    errors, readable = _header_problems(raw_header, file_name)
    if not readable:
        raise ValidationError(errors)
    header = [h.strip().lower() for h in raw_header]
    out: list[tuple[int, TermDates]] = []
    seen: dict[tuple[str, str], int] = {}
    line = 1
    while True:
        try:
            values = next(rows, None)
        except csv.Error as exc:
            errors.append(f"{_where(file_name, rows.line_num)}expected CSV: {exc}")
            break
        if values is None:
            break
        line = rows.line_num
        if not any(v.strip() for v in values):
            continue  # a blank line
        found = _row_terms(values, header, file_name, line, errors)
        if found is None:
            continue
        key = (found.academic_year, found.name)
        if key in seen:
            errors.append(
                f"{_where(file_name, line, 'term')}expected each term once; the "
                f"{found.label} is already on line {seen[key]}"
            )
            continue
        seen[key] = line
        problems = term_problems(found)
        for problem in problems:
            errors.append(
                f"{_where(file_name, line, problem.field)}expected {problem.expected}"
            )
        if not problems:
            out.append((line, found))
    if not out and not errors:
        errors.append(
            f"{_where(file_name, None)}expected terms under the header, found none"
        )
    if errors:
        raise ValidationError(errors)
    return out


def _row_terms(
    values: list[str], header: list[str], file_name: str, line: int, errors: list[str]
) -> TermDates | None:
    """One row's TermDates, or None with its problems added to ``errors``."""
    before = len(errors)

    def problem(column: str, message: str) -> None:
        errors.append(f"{_where(file_name, line, column)}{message}")

    if len(values) > len(header):
        errors.append(
            f"{_where(file_name, line)}expected {len(header)} values, as in the "
            f"header, found {len(values)}"
        )
        return None
    cells = {name: value.strip() for name, value in zip(header, values, strict=False)}
    year = ""
    try:
        year = parse_academic_year(cells.get("academic_year", ""))
    except ValueError:
        problem(
            "academic_year",
            "expected an academic year like 2026/27, "
            f"found {_found(cells.get('academic_year', ''))}",
        )
    name = cells.get("term", "").lower()
    if name not in TermName.values:
        problem(
            "term",
            f"expected autumn, spring or summer, found {_found(cells.get('term', ''))}",
        )
    days: dict[str, dt.date | None] = {}
    for column in TERM_FIELDS:
        value = cells.get(column, "")
        days[column] = None
        if not value:
            if column in ("start_date", "end_date"):
                problem(column, "expected a date like 2026-09-03, found nothing")
            continue
        try:
            days[column] = parse_date(value)
        except ValueError:
            problem(
                column,
                f"expected a date like 2026-09-03 or 03/09/2026, found '{value}'",
            )
    if len(errors) > before:
        return None
    start, end = days["start_date"], days["end_date"]
    assert start is not None and end is not None
    return TermDates(
        year, name, start, end, days["half_term_start"], days["half_term_end"]
    )


def _found(value: str) -> str:
    return f"'{value}'" if value else "nothing"


@transaction.atomic
def terms_import(
    *,
    acting_user: Any,
    la: LocalAuthority,
    source: Path | bytes | str,
    file_name: str = "",
    dry_run: bool = False,
) -> TermImport:
    """Import a term-dates CSV for the LA: every term in it created, or updated when
    the LA has that term already. All or nothing.

    Raises ValidationError listing every problem ("FILE:LINE: column X: expected
    ...") and writes nothing, when any row is wrong or the terms, with the LA's
    others, would overlap or come out of order."""
    name = file_name or (source.name if isinstance(source, Path) else "upload.csv")
    rows = parse_terms_csv(_read_text(source, name), name)
    lines = {(d.academic_year, d.name): line for line, d in rows}
    existing = [
        _dates_of(t)
        for t in Term.objects.filter(la=la)
        if (t.academic_year, t.name) not in lines
    ]
    clashes = []
    for clash in order_problems([*existing, *(d for _, d in rows)]):
        after, before = clash.after, clash.before
        if not {(t.academic_year, t.name) for t in (after, before)} & set(lines):
            continue  # two terms already entered: the calendar page shows it
        if (after.academic_year, after.name) in lines:
            where = _where(name, lines[(after.academic_year, after.name)], "start_date")
            expected = f"a date after the {before.label} ends ({_fmt(before.end_date)})"
            if (before.academic_year, before.name) not in lines:
                expected += ", as already entered"
            found = after.start_date
        else:
            where = _where(name, lines[(before.academic_year, before.name)], "end_date")
            expected = (
                f"a date before the {after.label} starts "
                f"({_fmt(after.start_date)}, as already entered)"
            )
            found = before.end_date
        clashes.append(
            f"{where}expected {expected}, found {_fmt(found)}: terms must follow "
            "one another in order without overlapping"
        )
    if clashes:
        raise ValidationError(clashes)
    result = TermImport(
        file_name=name,
        rows=len(rows),
        dry_run=dry_run,
        academic_years=sorted({d.academic_year for _, d in rows}),
    )
    sid = transaction.savepoint()
    for _, dates in rows:
        _, outcome = _write(la, dates, acting_user)
        getattr(result, outcome).append(dates.label)
    if dry_run:
        transaction.savepoint_rollback(sid)
        return result
    transaction.savepoint_commit(sid)
    audit_record(
        acting_user=acting_user,
        verb="terms.import",
        summary=result.summary,
        details={
            "file_name": name,
            "la": la.code,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return result
