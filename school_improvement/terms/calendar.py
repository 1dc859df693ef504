"""Reading the term calendar: which academic year and term a date is in, England's
bank holidays, and the school days of a run of terms (weekdays in term, not
half-term, not a bank holiday, not a closure day).

Pure functions over Term rows and dates; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import holidays

from school_improvement.terms.models import Term


def academic_year_label(start: int) -> str:
    """The academic year starting in September of ``start`` (2026 -> "2026/27")."""
    return f"{start}/{(start + 1) % 100:02d}"


def academic_year_of(day: dt.date) -> str:
    """The academic year a date falls in: 1 September starts one ("2026/27")."""
    return academic_year_label(day.year if day.month >= 9 else day.year - 1)


def academic_year_start(academic_year: str) -> int:
    """The calendar year an academic year starts in ("2026/27" -> 2026)."""
    return int(academic_year[:4])


def academic_year_shift(academic_year: str, by: int) -> str:
    """The academic year ``by`` years later (earlier when negative):
    ("2026/27", 1) -> "2027/28"."""
    return academic_year_label(academic_year_start(academic_year) + by)


def bank_holidays(years: Iterable[int]) -> dict[dt.date, str]:
    """England's bank holidays in ``years`` (date -> name), from the holidays package
    (GB, subdivision ENG), which knows the moved and one-off ones."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=sorted(set(years)))
    return {day: str(name) for day, name in sorted(found.items())}


def _years_of(terms: Sequence[Term]) -> range:
    first = min(t.start_date for t in terms)
    last = max(t.end_date for t in terms)
    return range(first.year, last.year + 1)


def school_days(
    terms: Sequence[Term], closures: Iterable[dt.date] = ()
) -> list[dt.date]:
    """Every weekday in the terms that is not half-term, a bank holiday in England or
    a closure day: the days a school can be visited (in date order)."""
    if not terms:
        return []
    closed = set(closures)
    bank = bank_holidays(_years_of(terms))
    days = []
    for term in sorted(terms, key=lambda t: t.start_date):
        day = term.start_date
        while day <= term.end_date:
            if (
                day.weekday() < 5
                and not term.in_half_term(day)
                and day not in bank
                and day not in closed
            ):
                days.append(day)
            day += dt.timedelta(days=1)
    return days


def term_of(day: dt.date, terms: Iterable[Term]) -> Term | None:
    """The term ``day`` falls in (its half-term counts as part of it), or None in the
    holidays between terms."""
    return next((t for t in terms if t.contains(day)), None)


def bank_holidays_in_term(terms: Sequence[Term]) -> list[tuple[dt.date, str, Term]]:
    """The bank holidays that fall on a weekday in term time, outside half-term (the
    ones that take a school day away), with their term."""
    if not terms:
        return []
    out = []
    for day, name in bank_holidays(_years_of(terms)).items():
        term = term_of(day, terms)
        if term is not None and not term.in_half_term(day) and day.weekday() < 5:
            out.append((day, name, term))
    return out
