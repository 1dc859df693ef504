"""What each school's published category entitles it to this academic year, in visits
and in days of an adviser's time; and the ledger: entitlement against what is
scheduled and delivered, per school, and capacity against load, per adviser.

Entitlements are read, never stored: they follow the area's published categories
(an approved override's category, with the flags the school's result raised), so a
school that moves category mid-year is entitled to its new package from then on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engines.categorisation import Policy, load_policy
from school_improvement.allocations.models import Assignment, DeliverySettings
from school_improvement.categorisation.models import CategorisationRun, SchoolResult
from school_improvement.categorisation.services import published_run
from school_improvement.people.eligibility import adviser_eligibility
from school_improvement.people.models import Adviser, Phase, phase_label
from school_improvement.people.rules import adviser_phases, school_phase
from school_improvement.people.selectors import term_capacity
from school_improvement.schools.models import Establishment, LocalAuthority
from school_improvement.terms.calendar import (  # moved there; importers use it here
    academic_year_of as academic_year_of,
)
from school_improvement.terms.models import TERM_ORDER, Term, TermName
from school_improvement.visits.models import (
    DELIVERED_STATUSES,
    Visit,
    VisitStatus,
    VisitType,
)

ZERO = Decimal("0")


def delivery_settings(la: LocalAuthority) -> DeliverySettings:
    """The LA's delivery settings (the defaults until a senior officer sets them)."""
    found = DeliverySettings.objects.filter(la=la).first()
    return found if found is not None else DeliverySettings(la=la)


def terms_of(la: LocalAuthority, academic_year: str) -> list[Term]:
    terms = list(Term.objects.filter(la=la, academic_year=academic_year))
    return sorted(terms, key=lambda t: TERM_ORDER[TermName(t.name)])


@dataclass
class Entitlement:
    """One school's package for the year, from its published category."""

    establishment: Establishment
    category: str
    category_label: str
    priority: int  # the category's place in the policy (0 first)
    flags: list[str]
    visits: int
    visits_is_cap: bool
    welcome_visit: bool
    structured_conversation: bool
    strategy_meeting_weeks: int | None
    support_plan: bool
    target: str
    visit_type: str  # the type its ordinary visits take (annual or targeted)

    @property
    def has_adviser_time(self) -> bool:
        return bool(self.visits or self.welcome_visit or self.structured_conversation)

    def days(self, settings: DeliverySettings) -> Decimal:
        """Days of an adviser's time the package takes."""
        total = settings.days_for(self.visit_type) * self.visits
        if self.welcome_visit:
            total += settings.days_for(VisitType.WELCOME)
        if self.structured_conversation:
            total += settings.days_for(VisitType.STRUCTURED_CONVERSATION)
        return total

    def visit_count(self) -> int:
        return self.visits + int(self.welcome_visit) + int(self.structured_conversation)

    def summary(self) -> str:
        parts = []
        if self.visits:
            up_to = "up to " if self.visits_is_cap else ""
            parts.append(f"{up_to}{self.visits} visit{'s' if self.visits != 1 else ''}")
        if self.welcome_visit:
            parts.append("welcome visit")
        if self.structured_conversation:
            parts.append("structured conversation")
        if self.strategy_meeting_weeks:
            parts.append(f"strategy meeting every {self.strategy_meeting_weeks} weeks")
        if self.support_plan:
            parts.append("support plan")
        return ", ".join(parts) or "none"


def _run_policy(run: CategorisationRun) -> Policy:
    return load_policy(run.policy.text, file_name=f"{run.policy.name}.yaml")


def entitlement_of(result: SchoolResult, policy: Policy) -> Entitlement:
    """The package of one published result: its effective category's entitlement
    (an approved override's category, else the policy's), with its flags' additions."""
    category = result.effective_category
    order = [c.id for c in policy.categories]
    spec = next((c for c in policy.categories if c.id == category), None)
    if spec is not None and category != result.category:
        values = dict(spec.entitlement)
        for flag in result.flags:
            if flag in policy.flags:
                values.update(policy.flags[flag].entitlement)
        label = spec.label
    else:
        values = dict(result.result.get("entitlements", {}))
        label = result.category_label
    visits = int(values.get("visits") or 0)
    return Entitlement(
        establishment=result.establishment,
        category=category,
        category_label=label,
        priority=order.index(category) if category in order else len(order),
        flags=list(result.flags),
        visits=visits,
        visits_is_cap=bool(values.get("visits_is_cap")),
        welcome_visit=bool(values.get("welcome_visit")),
        structured_conversation=bool(values.get("structured_conversation")),
        strategy_meeting_weeks=values.get("strategy_meeting_weeks"),
        support_plan=bool(values.get("support_plan")),
        target=str(values.get("target") or ""),
        visit_type=VisitType.ANNUAL if visits <= 1 else VisitType.TARGETED,
    )


def area_entitlements(
    la: LocalAuthority,
) -> tuple[CategorisationRun | None, list[Entitlement]]:
    """The LA's published run and every school's entitlement in it (by name)."""
    run = published_run(la)
    if run is None:
        return None, []
    policy = _run_policy(run)
    results = (
        run.results.select_related("establishment", "establishment__trust")
        .prefetch_related("overrides")
        .order_by("establishment__name")
    )
    return run, [entitlement_of(r, policy) for r in results]


# ---- the ledger ------------------------------------------------------------------------


@dataclass
class Tally:
    """Visits (and their days) of one kind of entitlement."""

    entitled: int = 0
    planned: int = 0
    delivered: int = 0
    overdue: int = 0

    @property
    def to_arrange(self) -> int:
        return max(0, self.entitled - self.planned - self.delivered)


@dataclass
class SchoolLedger:
    entitlement: Entitlement
    phase: str
    adviser: Adviser | None
    days_entitled: Decimal
    days_planned: Decimal = ZERO
    days_delivered: Decimal = ZERO
    visits: Tally = field(default_factory=Tally)
    welcome: Tally = field(default_factory=Tally)
    conversation: Tally = field(default_factory=Tally)
    meetings_planned: int = 0
    meetings_held: int = 0

    @property
    def establishment(self) -> Establishment:
        return self.entitlement.establishment

    @property
    def overdue(self) -> int:
        return self.visits.overdue + self.welcome.overdue + self.conversation.overdue

    @property
    def to_arrange(self) -> int:
        return (
            self.visits.to_arrange
            + self.welcome.to_arrange
            + self.conversation.to_arrange
        )

    @property
    def unallocated(self) -> bool:
        return self.entitlement.has_adviser_time and self.adviser is None


@dataclass
class AdviserLedger:
    """An adviser's capacity over the year against their load. ``eligible`` is
    whether the policy's rule lets them be allocated as a System Leader today
    (``reasons`` why not); only eligible advisers' days count as capacity."""

    adviser: Adviser
    capacity: Decimal
    allocated: Decimal = ZERO
    planned: Decimal = ZERO
    delivered: Decimal = ZERO
    schools: int = 0
    eligible: bool = True
    reasons: list[str] = field(default_factory=list)

    @property
    def spare(self) -> Decimal:
        return self.capacity - self.allocated

    @property
    def over(self) -> bool:
        return self.allocated > self.capacity


@dataclass
class Ledger:
    la: LocalAuthority
    academic_year: str
    run: CategorisationRun | None
    terms: list[Term]
    schools: list[SchoolLedger]
    advisers: list[AdviserLedger]

    @property
    def demand_days(self) -> Decimal:
        return sum((s.days_entitled for s in self.schools), ZERO)

    @property
    def eligible_advisers(self) -> list[AdviserLedger]:
        return [a for a in self.advisers if a.eligible]

    @property
    def not_eligible(self) -> list[AdviserLedger]:
        return [a for a in self.advisers if not a.eligible]

    @property
    def capacity_days(self) -> Decimal:
        """The days that can be allocated: those of eligible advisers, as the
        allocation counts them."""
        return sum((a.capacity for a in self.eligible_advisers), ZERO)

    @property
    def not_eligible_days(self) -> Decimal:
        return sum((a.capacity for a in self.not_eligible), ZERO)

    @property
    def allocated_days(self) -> Decimal:
        return sum((a.allocated for a in self.advisers), ZERO)

    @property
    def unallocated(self) -> list[SchoolLedger]:
        return [s for s in self.schools if s.unallocated]

    @property
    def unallocated_days(self) -> Decimal:
        return sum((s.days_entitled for s in self.unallocated), ZERO)

    @property
    def overdue(self) -> list[SchoolLedger]:
        return [s for s in self.schools if s.overdue]

    def by_phase(self) -> list[dict[str, Any]]:
        """Demand against the capacity of eligible advisers who support each phase
        (an adviser counts in every phase they support, so capacities overlap), in the order and
        words of ``Phase`` (a phase it does not know last, as it is stored)."""
        demand: dict[str, Decimal] = defaultdict(lambda: ZERO)
        schools: dict[str, int] = defaultdict(int)
        for s in self.schools:
            if s.days_entitled:
                demand[s.phase] += s.days_entitled
                schools[s.phase] += 1
        order = {value: n for n, value in enumerate(Phase.values)}
        rows = []
        for phase in sorted(demand, key=lambda p: (order.get(p, len(order)), p)):
            capacity = sum(
                (
                    a.capacity
                    for a in self.eligible_advisers
                    if phase in adviser_phases(a.adviser)
                ),
                ZERO,
            )
            rows.append(
                {
                    "phase": phase,
                    "label": phase_label(phase),
                    "schools": schools[phase],
                    "demand": demand[phase],
                    "capacity": capacity,
                    "short": capacity < demand[phase],
                }
            )
        return rows


_KIND = {
    "visits": "visits",
    "welcome_visit": "welcome",
    "structured_conversation": "conversation",
}


def ledger_for(
    la: LocalAuthority,
    academic_year: str,
    *,
    today: dt.date,
    advisers: list[Adviser] | None = None,
) -> Ledger:
    """The area's ledger for ``academic_year``: every school with a published
    category (its entitlement, adviser, what is planned, delivered and overdue), and
    every active adviser (capacity over the year's terms against allocated days,
    and whether they are eligible today). ``advisers`` defaults to the LA's active
    advisers."""
    from school_improvement.support.models import MeetingStatus, StrategyMeeting

    settings = delivery_settings(la)
    run, entitlements = area_entitlements(la)
    terms = terms_of(la, academic_year)
    if advisers is None:
        advisers = list(
            Adviser.objects.filter(la=la, active=True).prefetch_related(
                "unavailability"
            )
        )
    capacity = term_capacity(advisers, terms)
    assignments = {
        a.establishment_id: a
        for a in Assignment.objects.filter(
            la=la, academic_year=academic_year, ended_on__isnull=True
        ).select_related("adviser")
    }
    rows: dict[int, SchoolLedger] = {}
    for e in entitlements:
        assignment = assignments.get(e.establishment.pk)
        row = SchoolLedger(
            entitlement=e,
            phase=school_phase(e.establishment),
            adviser=assignment.adviser if assignment else None,
            days_entitled=e.days(settings) if e.has_adviser_time else ZERO,
        )
        row.visits.entitled = e.visits
        row.welcome.entitled = int(e.welcome_visit)
        row.conversation.entitled = int(e.structured_conversation)
        rows[e.establishment.pk] = row
    visits = Visit.objects.filter(
        establishment__la=la, academic_year=academic_year
    ).exclude(status=VisitStatus.CANCELLED)
    for visit in visits:
        found = rows.get(visit.establishment_id)
        kind = _KIND.get(visit.entitlement)
        if found is None or kind is None:
            continue
        row = found
        tally: Tally = getattr(row, kind)
        if visit.status in DELIVERED_STATUSES:
            tally.delivered += 1
            row.days_delivered += visit.days
        else:
            tally.planned += 1
            row.days_planned += visit.days
            if visit.is_overdue(today):
                tally.overdue += 1
    for meeting in StrategyMeeting.objects.filter(
        establishment__la=la, academic_year=academic_year
    ):
        found = rows.get(meeting.establishment_id)
        if found is None:
            continue
        row = found
        if meeting.status == MeetingStatus.HELD:
            row.meetings_held += 1
        elif meeting.status == MeetingStatus.PLANNED:
            row.meetings_planned += 1
    eligibility = adviser_eligibility(advisers, as_of=today)
    ledgers = {
        a.pk: AdviserLedger(
            a,
            sum(capacity[a.pk].values(), ZERO),
            eligible=eligibility[a.pk].eligible,
            reasons=eligibility[a.pk].reasons,
        )
        for a in advisers
    }
    for assignment in assignments.values():
        ledger = ledgers.get(assignment.adviser_id)
        if ledger is not None:
            ledger.allocated += assignment.days
            ledger.schools += 1
    for visit in visits.filter(lead__in=advisers):
        ledger = ledgers[visit.lead_id]
        if visit.status in DELIVERED_STATUSES:
            ledger.delivered += visit.days
        else:
            ledger.planned += visit.days
    return Ledger(
        la=la,
        academic_year=academic_year,
        run=run,
        terms=terms,
        schools=list(rows.values()),
        advisers=sorted(ledgers.values(), key=lambda a: a.adviser.last_name),
    )
