"""Reads of the term calendar, scoped to the user: which LAs' calendars a user may
see, and one LA's academic year laid out for the calendar page (each term's dates,
school days, bank holidays and closure days, and what looks wrong)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from school_improvement.accounts.permissions import is_scoped_to_schools
from school_improvement.schools.models import LocalAuthority
from school_improvement.schools.selectors import area_las
from school_improvement.terms.calendar import (
    academic_year_label,
    academic_year_of,
    academic_year_start,
    bank_holidays,
    bank_holidays_in_term,
    school_days,
    term_of,
)
from school_improvement.terms.models import TERM_ORDER, ClosureDay, Term, TermName
from school_improvement.terms.services import (
    TermDates,
    order_problems,
    term_problems,
)

# A holiday between two terms of one year longer than this is probably a typing
# slip (Christmas and Easter are about two weeks).
LONGEST_HOLIDAY = dt.timedelta(weeks=4)


def las_for_user(user: Any) -> list[LocalAuthority]:
    """The LAs whose term calendar ``user`` may see: a school user's own schools'
    LAs; for everyone else the area's LAs (most open schools first)."""
    if is_scoped_to_schools(user):
        return list(
            LocalAuthority.objects.filter(establishments__school_users=user)
            .distinct()
            .order_by("name")
        )
    return area_las()


def la_for_user(user: Any, code: str | None) -> LocalAuthority:
    """The LA of that code if the user may see its calendar, else the first they
    may; Http404 for an LA out of their scope, or when there is none."""
    las = las_for_user(user)
    if code:
        found = next((la for la in las if la.code == code), None)
        if found is None:
            raise Http404("No such local authority")
        return found
    if not las:
        raise Http404("No schools in the register yet")
    return las[0]


def closure_get(user: Any, pk: int) -> ClosureDay:
    """A closure day of an LA in the user's scope, or Http404."""
    closure = ClosureDay.objects.filter(pk=pk).select_related("la").first()
    if closure is None or closure.la not in las_for_user(user):
        raise Http404("No such closure day")
    return closure


@dataclass
class TermRow:
    """One term of the year on the calendar page (``term`` None: not entered)."""

    name: str
    label: str
    term: Term | None = None
    school_days: int = 0
    bank_holidays: list[tuple[dt.date, str]] = field(default_factory=list)
    closures: list[ClosureDay] = field(default_factory=list)


@dataclass
class YearCalendar:
    la: LocalAuthority
    academic_year: str
    rows: list[TermRow]
    closures: list[ClosureDay]
    warnings: list[str]
    years: list[str]

    @property
    def school_days(self) -> int:
        return sum(r.school_days for r in self.rows)

    @property
    def entered(self) -> bool:
        return any(r.term is not None for r in self.rows)


def _dates(term: Term) -> TermDates:
    return TermDates(
        term.academic_year,
        term.name,
        term.start_date,
        term.end_date,
        term.half_term_start,
        term.half_term_end,
    )


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def year_calendar(la: LocalAuthority, academic_year: str) -> YearCalendar:
    """The LA's academic year as the calendar page shows it, with warnings for a
    term not entered, terms that overlap (with each other or the years either
    side), an unusually long holiday between terms, and closure days that are no
    longer school days."""
    start = academic_year_start(academic_year)
    around = {
        academic_year_label(start - 1),
        academic_year,
        academic_year_label(start + 1),
    }
    nearby = list(Term.objects.filter(la=la, academic_year__in=around))
    terms = sorted(
        (t for t in nearby if t.academic_year == academic_year),
        key=lambda t: TERM_ORDER[TermName(t.name)],
    )
    # A closure belongs to the year whose term it is in, else the year it falls in
    # (terms may start in August, so the query reaches a month either side).
    closures = [
        c
        for c in ClosureDay.objects.filter(
            la=la,
            date__gte=dt.date(start, 8, 1),
            date__lte=dt.date(start + 1, 8, 31),
        )
        if term_of(c.date, terms) is not None
        or academic_year_of(c.date) == academic_year
    ]
    closed = [c.date for c in closures]
    in_term = bank_holidays_in_term(terms)
    by_name = {t.name: t for t in terms}
    rows = []
    for name, label in TermName.choices:
        term = by_name.get(name)
        row = TermRow(name=name, label=f"{label} term", term=term)
        if term is not None:
            row.school_days = len(school_days([term], closed))
            row.bank_holidays = [(d, n) for d, n, t in in_term if t is term]
            row.closures = [c for c in closures if term.contains(c.date)]
        rows.append(row)
    return YearCalendar(
        la=la,
        academic_year=academic_year,
        rows=rows,
        closures=closures,
        warnings=_warnings(academic_year, terms, nearby, closures),
        years=_years(la, start),
    )


def _warnings(
    academic_year: str,
    terms: list[Term],
    nearby: list[Term],
    closures: list[ClosureDay],
) -> list[str]:
    warnings = []
    entered = {t.name for t in terms}
    missing = [label.lower() for name, label in TermName.choices if name not in entered]
    if terms and missing:
        warnings.append(
            f"No {' or '.join(missing)} term is entered for {academic_year}: no "
            "visits can be planned in it."
        )
    for term in terms:
        warnings.extend(
            f"{term.get_name_display()} term: {p.message}."
            for p in term_problems(_dates(term))
        )
    ours = {t.key for t in terms}
    for problem in order_problems([_dates(t) for t in nearby]):
        if {
            f"{problem.after.academic_year}-{problem.after.name}",
            f"{problem.before.academic_year}-{problem.before.name}",
        } & ours:
            warnings.append(f"{problem.message}.")
    for before, after in zip(terms, terms[1:], strict=False):
        gap = after.start_date - before.end_date
        if gap > LONGEST_HOLIDAY:
            warnings.append(
                f"The holiday between the {before.get_name_display().lower()} and "
                f"{after.get_name_display().lower()} terms is {gap.days} days "
                f"({_fmt(before.end_date)} to {_fmt(after.start_date)}): check the "
                "dates."
            )
    holidays = bank_holidays({c.date.year for c in closures})
    for closure in closures:
        holder = term_of(closure.date, terms)
        why = ""
        if holder is None:
            why = "is not in any term"
        elif holder.in_half_term(closure.date):
            why = "falls in half-term"
        elif closure.date.weekday() >= 5:
            why = "is a weekend"
        elif closure.date in holidays:
            why = f"is a bank holiday ({holidays[closure.date]})"
        if why:
            warnings.append(
                f"The closure day {_fmt(closure.date)} ({closure.reason}) {why}, "
                "so it is not a school day anyway: remove it or check the term "
                "dates."
            )
    return warnings


def _years(la: LocalAuthority, start: int) -> list[str]:
    """The years to offer: those with terms entered, and the shown year's
    neighbours."""
    years = set(
        Term.objects.filter(la=la).values_list("academic_year", flat=True).distinct()
    )
    years |= {
        academic_year_label(start - 1),
        academic_year_label(start),
        academic_year_label(start + 1),
    }
    return sorted(years)
