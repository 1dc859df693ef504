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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def term_problems(dates: TermDates) -> list[tuple[str, str]]:
    """What is wrong with one term's own dates, as (field, message) pairs: the term
    inside its academic year (1 August to 31 August), ending after it starts, and
    its half-term (both dates or neither) inside it."""
    problems: list[tuple[str, str]] = []
    start_year = int(dates.academic_year[:4])
    first, last = dt.date(start_year, 8, 1), dt.date(start_year + 1, 8, 31)
    for name in ("start_date", "end_date"):
        day = getattr(dates, name)
        if not first <= day <= last:
            problems.append(
                (
                    name,
                    f"{_fmt(day)} is not in the academic year {dates.academic_year} "
                    f"(1 August {start_year} to 31 August {start_year + 1})",
                )
            )
    if dates.end_date <= dates.start_date:
        problems.append(
            (
                "end_date",
                f"The term must end after it starts ({_fmt(dates.start_date)})",
            )
        )
    start, end = dates.half_term_start, dates.half_term_end
    if (start is None) != (end is None):
        missing = "half_term_end" if end is None else "half_term_start"
        problems.append(
            (missing, "Give both the first and the last day of half-term, or neither")
        )
    elif start is not None and end is not None:
        if end < start:
            problems.append(
                ("half_term_end", "Half-term must end on or after the day it starts")
            )
        if not dates.start_date < start <= end < dates.end_date:
            problems.append(
                (
                    "half_term_start",
                    f"Half-term must fall inside the term, after its first day "
                    f"({_fmt(dates.start_date)}) and before its last "
                    f"({_fmt(dates.end_date)})",
                )
            )
    return problems


def order_problems(terms: list[TermDates]) -> list[tuple[TermDates, str]]:
    """The terms of an area, in academic year and autumn-spring-summer order, that
    start before the one before them has ended (overlap or out of order)."""
    ordered = sorted(
        terms, key=lambda t: (t.academic_year, TERM_ORDER[TermName(t.name)])
    )
    problems = []
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start_date <= before.end_date:
            problems.append(
                (
                    after,
                    f"The {after.label} starts on {_fmt(after.start_date)}, before "
                    f"the {before.label} ends ({_fmt(before.end_date)}): terms must "
                    "follow one another in order without overlapping",
                )
            )
    return problems


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
        raise ValidationError(_by_field(problems))
    others = [
        _dates_of(t)
        for t in Term.objects.filter(la=la).exclude(academic_year=year, name=name)
    ]
    clashes = [m for t, m in order_problems([*others, dates])]
    if clashes:
        raise ValidationError({"start_date": clashes})
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

    @property
    def summary(self) -> str:
        would = "would be " if self.dry_run else ""
        return (
            f"{self.file_name}: {self.rows} terms read; {len(self.created)} {would}"
            f"created, {len(self.updated)} {would}updated, "
            f"{len(self.unchanged)} unchanged"
        )


def _read_text(source: Path | bytes | str) -> str:
    if isinstance(source, Path):
        data = source.read_bytes()
    elif isinstance(source, str):
        return source
    else:
        data = source
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("windows-1252")


def parse_terms_csv(text: str, file_name: str) -> list[tuple[int, TermDates]]:
    """The term-dates CSV (docs/data-sources.md "Term dates") as (line, TermDates).

    Raises ValidationError listing every problem found, each naming the file, the
    line and the column, and saying what was expected."""
    errors: list[str] = []
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            f"{file_name}, line 1: the header must name the columns "
            f"{', '.join(CSV_COLUMNS)}; missing {', '.join(missing)}"
        )
    reader.fieldnames = header
    out: list[tuple[int, TermDates]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # a blank line

        def cell(column: str, row: dict[str, Any] = row) -> str:
            return str(row.get(column) or "").strip()

        def problem(column: str, message: str, line: int = line) -> None:
            errors.append(f"{file_name}, line {line}, column {column}: {message}")

        try:
            year = parse_academic_year(cell("academic_year"))
        except ValueError:
            problem(
                "academic_year",
                f"expected an academic year like 2026/27, found '{cell('academic_year')}'",
            )
            year = ""
        name = cell("term").lower()
        if name not in TermName.values:
            problem(
                "term",
                f"expected autumn, spring or summer, found '{cell('term')}'",
            )
        days: dict[str, dt.date | None] = {}
        for column in TERM_FIELDS:
            text_value = cell(column)
            required = column in ("start_date", "end_date")
            if not text_value:
                days[column] = None
                if required:
                    problem(column, "expected a date like 2026-09-03, found nothing")
                continue
            try:
                days[column] = dt.date.fromisoformat(text_value)
            except ValueError:
                days[column] = None
                problem(
                    column,
                    f"expected an ISO date like 2026-09-03, found '{text_value}'",
                )
        start, end = days["start_date"], days["end_date"]
        if not year or name not in TermName.values or start is None or end is None:
            continue
        if any(
            days[c] is None and cell(c) for c in ("half_term_start", "half_term_end")
        ):
            continue
        dates = TermDates(
            year, name, start, end, days["half_term_start"], days["half_term_end"]
        )
        if (year, name) in seen:
            problem(
                "term",
                f"the {dates.label} is already on line {seen[(year, name)]}",
            )
            continue
        seen[(year, name)] = line
        for column, message in term_problems(dates):
            problem(column, message)
        out.append((line, dates))
    if not out and not errors:
        errors.append(f"{file_name}: no terms found under the header")
    if errors:
        raise ValidationError(errors)
    return out


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

    Raises ValidationError listing every problem (file, line, column, what was
    expected) and writes nothing, when any row is wrong or the terms, with the
    LA's others, would overlap or come out of order."""
    name = file_name or (source.name if isinstance(source, Path) else "upload.csv")
    rows = parse_terms_csv(_read_text(source), name)
    keys = {(d.academic_year, d.name) for _, d in rows}
    existing = [
        _dates_of(t)
        for t in Term.objects.filter(la=la)
        if (t.academic_year, t.name) not in keys
    ]
    lines = {(d.academic_year, d.name): line for line, d in rows}
    clashes = order_problems([*existing, *(d for _, d in rows)])
    if clashes:
        raise ValidationError(
            [
                f"{name}, line {lines[(t.academic_year, t.name)]}, column start_date: {m}"
                if (t.academic_year, t.name) in lines
                else f"{name}: {m}"
                for t, m in clashes
            ]
        )
    result = TermImport(file_name=name, rows=len(rows), dry_run=dry_run)
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
