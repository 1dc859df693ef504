"""Planning a year from its confirmed pairings: each school's visits spread over the
terms within its adviser's capacity each term, the autumn term first for the schools
seed 001 prioritises (engines/allocation.schedule), and each strategy-meeting series
every N weeks of term time, as the entitlement says.

Planning adds what is missing and never moves what is there: a visit already planned
or delivered counts towards its entitlement, and a meeting series already planned is
left alone. Run it again after a new confirmation and it fills the gaps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from engines.allocation import Problem, schedule
from engines.allocation import Term as ScheduleTerm
from school_improvement.allocations.entitlements import (
    Entitlement,
    area_entitlements,
    delivery_settings,
    terms_of,
)
from school_improvement.allocations.models import Assignment
from school_improvement.allocations.problem import build_problem
from school_improvement.core import clock
from school_improvement.core.services import audit_record
from school_improvement.people.selectors import term_capacity
from school_improvement.schools.models import LocalAuthority
from school_improvement.support.models import MeetingStatus, StrategyMeeting
from school_improvement.terms.calendar import school_days  # moved there; re-exported
from school_improvement.terms.models import ClosureDay
from school_improvement.visits.models import Visit, VisitStatus, VisitType


@dataclass
class YearPlan:
    visits: int = 0
    meetings: int = 0
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (school, why)


def meeting_dates(days: list[dt.date], *, start: dt.date, weeks: int) -> list[dt.date]:
    """A meeting every ``weeks`` weeks from the first school day on or after
    ``start``; a date that falls in a holiday moves to the next school day."""
    upcoming = [d for d in days if d >= start]
    if not upcoming:
        return []
    dates = []
    target = upcoming[0]
    last = upcoming[-1]
    while target <= last:
        day = next((d for d in upcoming if d >= target), None)
        if day is None:
            break
        dates.append(day)
        target = day + dt.timedelta(weeks=weeks)
    return dates


def _visit_types(entitlement: Entitlement) -> list[str]:
    """The visits an entitlement is made of, in the order they happen: a welcome
    visit first, then the ordinary visits, the structured conversation last."""
    types: list[str] = [VisitType.WELCOME] if entitlement.welcome_visit else []
    types += [entitlement.visit_type] * entitlement.visits
    if entitlement.structured_conversation:
        types.append(VisitType.STRUCTURED_CONVERSATION)
    return types


@transaction.atomic
def year_plan(
    *,
    acting_user: Any,
    la: LocalAuthority,
    academic_year: str,
    from_date: dt.date | None = None,
) -> YearPlan:
    """Plan ``academic_year``'s visits for every confirmed pairing and the strategy
    meetings every entitlement asks for (see the module's docstring), on school days
    from ``from_date`` (default today: nothing is planned in the past). Raises
    ValidationError when the year has no terms or no confirmed pairings."""
    from school_improvement.visits.services import agenda_for

    terms = terms_of(la, academic_year)
    if not terms:
        raise ValidationError(
            f"Enter the term dates of {academic_year} first: visits are planned in term time."
        )
    settings = delivery_settings(la)
    _, entitlements = area_entitlements(la)
    by_school = {e.establishment.pk: e for e in entitlements}
    assignments = list(
        Assignment.objects.filter(
            la=la, academic_year=academic_year, ended_on__isnull=True
        ).select_related("adviser", "establishment")
    )
    if not assignments and not any(e.strategy_meeting_weeks for e in entitlements):
        raise ValidationError(
            f"Confirm an allocation for {academic_year} first: visits follow the pairings."
        )
    today = from_date or clock.today()
    closures = set(ClosureDay.objects.filter(la=la).values_list("date", flat=True))
    days = school_days(terms, closures)
    result = YearPlan()

    # Visits: what each pairing still needs, placed by the engine.
    existing: dict[int, list[str]] = {}
    for visit in Visit.objects.filter(
        establishment__la=la, academic_year=academic_year
    ).exclude(status=VisitStatus.CANCELLED):
        existing.setdefault(visit.establishment_id, []).append(visit.visit_type)
    needed: dict[int, list[str]] = {}
    for a in assignments:
        entitlement = by_school.get(a.establishment_id)
        if entitlement is None:
            continue
        wanted = _visit_types(entitlement)
        for done in existing.get(a.establishment_id, []):
            if done in wanted:
                wanted.remove(done)
        if wanted:
            needed[a.establishment_id] = wanted
    if needed:
        area = build_problem(la, academic_year, entitlements, as_of=clock.today())
        open_terms = [t for t in terms if t.end_date >= today]
        pairs = {
            a.establishment.urn: str(a.adviser_id)
            for a in assignments
            if a.establishment_id in needed and str(a.adviser_id) in area.advisers
        }
        # Each pairing's visits still to plan, within its adviser's days each term.
        capacity = term_capacity([a.adviser for a in assignments], open_terms)
        leaders = tuple(
            dataclasses.replace(
                leader,
                term_capacity={
                    t.key: float(capacity[int(leader.id)][t.pk]) for t in open_terms
                },
            )
            for leader in area.problem.leaders
            if int(leader.id) in capacity
        )
        demands = tuple(
            dataclasses.replace(
                d,
                visits=len(needed[area.schools[d.id].pk]),
                days=float(
                    sum(settings.days_for(k) for k in needed[area.schools[d.id].pk])
                ),
            )
            for d in area.problem.demands
            if d.id in pairs
        )
        open_days = set(days)
        off = {
            t.start_date + dt.timedelta(days=i)
            for t in open_terms
            for i in range((t.end_date - t.start_date).days + 1)
        } - open_days
        placed = schedule(
            Problem(leaders=leaders, demands=demands, weights=area.problem.weights),
            pairs,
            [
                ScheduleTerm(
                    id=t.key,
                    label=t.label,
                    start_date=max(t.start_date, today),
                    end_date=t.end_date,
                )
                for t in open_terms
            ],
            non_working_dates=off,
        )
        term_by_key = {t.key: t for t in terms}
        assignment_of = {a.establishment.urn: a for a in assignments}
        booked: set[tuple[int, dt.date]] = set()
        for slot in placed.visits:
            a = assignment_of[slot.demand_id]
            kind = needed[a.establishment_id][slot.number - 1]
            week = [
                slot.week_start + dt.timedelta(days=i)
                for i in range(5)
                if slot.week_start + dt.timedelta(days=i) in open_days
                and slot.week_start + dt.timedelta(days=i) >= today
            ]
            # the first day of the week the adviser has no other visit
            day = next((d for d in week if (a.adviser_id, d) not in booked), week[0])
            booked.add((a.adviser_id, day))
            Visit.objects.create(
                establishment=a.establishment,
                visit_type=kind,
                academic_year=academic_year,
                term=term_by_key[slot.term_id],
                planned_date=day,
                days=settings.days_for(kind),
                lead=a.adviser,
                assignment=a,
                agenda=agenda_for(la, kind),
                created_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
            result.visits += 1
        for unplaced in placed.unplaced:
            school = assignment_of[unplaced.demand_id].establishment.name
            result.unplaced.append((school, unplaced.reason))

    # Strategy meetings: a series for each school whose entitlement has one.
    start = max(today, terms[0].start_date)
    for e in entitlements:
        weeks = e.strategy_meeting_weeks
        if not weeks:
            continue
        if StrategyMeeting.objects.filter(
            establishment=e.establishment,
            academic_year=academic_year,
            status=MeetingStatus.PLANNED,
        ).exists():
            continue
        number = (
            StrategyMeeting.objects.filter(
                establishment=e.establishment, academic_year=academic_year
            ).count()
            + 1
        )
        for offset, day in enumerate(meeting_dates(days, start=start, weeks=weeks)):
            StrategyMeeting.objects.create(
                establishment=e.establishment,
                academic_year=academic_year,
                series_weeks=weeks,
                number=number + offset,
                planned_date=day,
            )
            result.meetings += 1
    audit_record(
        acting_user=acting_user,
        verb="allocation.plan",
        summary=(
            f"Planned {academic_year}: {result.visits} visits, {result.meetings} "
            f"strategy meetings, {len(result.unplaced)} visits not placed"
        ),
        details={"unplaced": result.unplaced},
    )
    return result
