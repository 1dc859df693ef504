"""The allocation problem of an area's academic year, as the engine takes it
(engines/allocation): eligible advisers with their capacity, phases, home base and
conflicts; each school's entitlement in days with its priority, inspection due date,
last year's adviser and whether it wants them again.

The problem is also stored with the proposal as plain JSON (``as_json``), so what the
optimiser was given is on record beside what it proposed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from engines.allocation import Demand, Leader, Problem
from school_improvement.allocations.entitlements import (
    Entitlement,
    delivery_settings,
    terms_of,
)
from school_improvement.allocations.models import Assignment, ContinuityRequest
from school_improvement.categorisation.facts import build_facts
from school_improvement.core.geo import bng_to_latlon
from school_improvement.people.eligibility import Eligibility, adviser_eligibility
from school_improvement.people.models import Adviser
from school_improvement.people.rules import adviser_phases, conflicts_for, school_phase
from school_improvement.people.selectors import term_capacity
from school_improvement.schools.models import Establishment, LocalAuthority
from school_improvement.terms.calendar import academic_year_shift

# Inspection due dates, estimated from the latest inspection (Ofsted inspects a good
# school about every four years, and sooner where its last inspection found
# weaknesses). An estimate for ordering priority, not Ofsted's schedule.
USUAL_INTERVAL_MONTHS = 48
CONCERN_INTERVAL_MONTHS = 30


def school_location(school: Establishment) -> tuple[float, float] | None:
    if school.easting is None or school.northing is None:
        return None
    try:
        return bng_to_latlon(school.easting, school.northing)
    except ValueError:
        return None


def inspection_due(facts: dict[str, Any], as_of: dt.date) -> dt.date:
    """When the school's next inspection is likely: four years after its latest
    graded inspection or report card, two and a half after one that found
    weaknesses (below Good, an area below the expected standard, a category of
    concern); ``as_of`` for a school with neither (it could be inspected any time)."""
    dates = [d for d in (facts.get("rc_date"), facts.get("ofsted_graded_date")) if d]
    if not dates:
        return as_of
    latest = max(dates)
    concern = (
        bool(facts.get("category_of_concern"))
        or (facts.get("rc_areas_below_expected") or 0) > 0
        or (
            latest == facts.get("ofsted_graded_date")
            and facts.get("ofsted_grade") in ("Requires improvement", "Inadequate")
        )
    )
    months = CONCERN_INTERVAL_MONTHS if concern else USUAL_INTERVAL_MONTHS
    return max(as_of, latest + relativedelta(months=months))


@dataclass
class AreaProblem:
    """The engine's problem and what the app needs to read its answer."""

    problem: Problem
    advisers: dict[str, Adviser]
    schools: dict[str, Establishment]
    entitlements: dict[str, Entitlement]
    eligibility: dict[int, Eligibility]
    not_eligible: list[Adviser]


def build_problem(
    la: LocalAuthority,
    academic_year: str,
    entitlements: list[Entitlement],
    *,
    as_of: dt.date,
    keep_confirmed: bool = True,
) -> AreaProblem:
    """The allocation problem for the LA's ``academic_year``: one demand per school
    whose entitlement needs adviser time, and one leader per active adviser eligible
    under the area's policy on ``as_of``. With ``keep_confirmed``, pairings already
    confirmed for the year are pinned (the optimiser places the rest around them)."""
    settings = delivery_settings(la)
    terms = terms_of(la, academic_year)
    advisers = list(
        Adviser.objects.filter(la=la, active=True)
        .select_related("own_school", "own_school__trust", "own_school__federation")
        .prefetch_related("accreditations", "conflicts", "unavailability")
    )
    eligibility = adviser_eligibility(advisers, as_of=as_of)
    eligible = [a for a in advisers if eligibility[a.pk].eligible]
    capacity = term_capacity(eligible, terms)
    needing = [e for e in entitlements if e.has_adviser_time]
    schools = [e.establishment for e in needing]
    facts = build_facts(schools, as_of).facts if schools else {}
    last_year = {
        a.establishment_id: a.adviser_id
        for a in Assignment.objects.filter(
            la=la, academic_year=academic_year_shift(academic_year, -1)
        ).order_by("created_at")
    }
    continuity = {
        r.establishment_id: r.wants_continuity
        for r in ContinuityRequest.objects.filter(
            establishment__in=schools, academic_year=academic_year
        )
    }
    pinned = (
        {
            a.establishment_id: a.adviser_id
            for a in Assignment.objects.filter(
                la=la, academic_year=academic_year, ended_on__isnull=True
            )
        }
        if keep_confirmed
        else {}
    )
    by_pk = {s.pk: s for s in schools}
    leaders = []
    for adviser in eligible:
        conflicts = conflicts_for(adviser, schools, as_of)
        per_term = capacity[adviser.pk]
        leaders.append(
            Leader(
                id=str(adviser.pk),
                name=adviser.full_name,
                capacity_days=float(sum(per_term.values(), Decimal("0"))),
                phases=adviser_phases(adviser),
                location=adviser.location,
                conflicts={by_pk[pk].urn: reason for pk, reason in conflicts.items()},
                specialisms=frozenset(adviser.specialisms),
                max_travel_km=float(adviser.max_travel_km)
                if adviser.max_travel_km
                else None,
                term_capacity={
                    t.key: float(per_term[t.pk]) for t in terms if t.pk in per_term
                },
            )
        )
    demands = []
    for e in needing:
        school = e.establishment
        previous = last_year.get(school.pk)
        fixed = pinned.get(school.pk)
        demands.append(
            Demand(
                id=school.urn,
                school_id=school.urn,
                school_name=school.name,
                phase=school_phase(school),
                days=float(e.days(settings)),
                visits=e.visit_count(),
                category=e.category,
                priority=e.priority,
                inspection_due=inspection_due(facts.get(school.urn, {}), as_of),
                autumn_first=e.visits >= settings.autumn_first_min_visits,
                location=school_location(school),
                previous_leader_id=str(previous) if previous else None,
                wants_continuity=bool(previous) and continuity.get(school.pk, False),
                label=f"{e.category}: {e.summary()}",
                fixed_leader_id=str(fixed) if fixed else None,
            )
        )
    return AreaProblem(
        problem=Problem(leaders=tuple(leaders), demands=tuple(demands)),
        advisers={str(a.pk): a for a in eligible},
        schools={s.urn: s for s in schools},
        entitlements={e.establishment.urn: e for e in needing},
        eligibility=eligibility,
        not_eligible=[a for a in advisers if not eligibility[a.pk].eligible],
    )


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_json(problem: Problem) -> dict[str, Any]:
    """The problem as plain JSON, to store with a proposal."""
    return {
        "leaders": [_plain(dataclasses.asdict(leader)) for leader in problem.leaders],
        "demands": [_plain(dataclasses.asdict(demand)) for demand in problem.demands],
        "weights": _plain(dataclasses.asdict(problem.weights)),
    }


def from_json(data: dict[str, Any]) -> Problem:
    """A stored problem, as the engine takes it (the inverse of as_json)."""
    from engines.allocation import Weights

    def leader(d: dict[str, Any]) -> Leader:
        return Leader(
            **(
                d
                | {
                    "phases": frozenset(d["phases"]),
                    "specialisms": frozenset(d["specialisms"]),
                    "location": tuple(d["location"]) if d["location"] else None,
                }
            )
        )

    def demand(d: dict[str, Any]) -> Demand:
        return Demand(
            **(
                d
                | {
                    "needs": frozenset(d["needs"]),
                    "location": tuple(d["location"]) if d["location"] else None,
                    "inspection_due": dt.date.fromisoformat(d["inspection_due"])
                    if d["inspection_due"]
                    else None,
                }
            )
        )

    return Problem(
        leaders=tuple(leader(d) for d in data["leaders"]),
        demands=tuple(demand(d) for d in data["demands"]),
        weights=Weights(
            **{
                k: tuple(v) if isinstance(v, list) else v
                for k, v in data["weights"].items()
            }  # type: ignore[arg-type]
        ),
    )
