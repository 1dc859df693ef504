"""Placing the year's visits in weeks of term, once the pairs are confirmed.

Allocation says who supports which school; this says roughly when. Each visit takes
``days / visits`` of its leader's time in the term it falls in, and a leader visits
at most one school on a working day, so a week holds no more of a leader's visits
than it has working days. The rules, in the order they give way:

1. within the leader's days for the term (``term_capacity[term.id]``, else the
   year's capacity split evenly over the terms) and one visit per working day: never
   broken (a visit that cannot fit is reported unplaced, with why);
2. a school's visits in order, in different weeks;
3. ``autumn_first`` schools (seed 001: TGO and above are prioritised for autumn)
   have their first visit in the first term: every such school's first visit is
   placed, in priority order, before any other visit, so the autumn's days give
   each of them a visit before any has a second one there;
4. visits spread across the terms (the k-th of v visits in term k*T/v; a single
   visit in the term where the leader has most days left) and at least three weeks
   apart, where possible.

Schools are placed in the same priority order as greedy first fit (category, autumn
first, inspection due soonest), so when days are short it is the lower priorities
that wait. Everything is deterministic: the same input gives the same weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import holidays

from .costs import EPS
from .greedy import priority_key
from .model import Demand, Leader, Problem

MIN_WEEKS_APART = 3
# Of the weeks that fit, the visit goes in the least busy of the first few.
WEEKS_CONSIDERED = 4


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class PlannedVisit:
    demand_id: str
    leader_id: str
    number: int  # 1-based, in the order the visits happen
    term_id: str
    week_start: dt.date  # the Monday


@dataclass(frozen=True)
class Unplaced:
    demand_id: str
    number: int
    reason: str


@dataclass(frozen=True)
class Schedule:
    visits: tuple[PlannedVisit, ...]
    unplaced: tuple[Unplaced, ...]


def england_bank_holidays(years: Iterable[int]) -> set[dt.date]:
    """England's bank holidays in ``years`` (the ``holidays`` package, GB/ENG)."""
    return set(holidays.country_holidays("GB", subdiv="ENG", years=list(years)))


@dataclass
class _Week:
    term: int
    start: dt.date
    working: int  # working days in the term that week


def _weeks(terms: list[Term], off: Collection[dt.date]) -> list[list[_Week]]:
    """Each term's weeks with at least one working day (half terms and holidays
    drop out)."""
    out = []
    for t, term in enumerate(terms):
        weeks = []
        monday = term.start_date - dt.timedelta(days=term.start_date.weekday())
        while monday <= term.end_date:
            working = sum(
                1
                for i in range(5)
                if term.start_date <= monday + dt.timedelta(days=i) <= term.end_date
                and monday + dt.timedelta(days=i) not in off
            )
            if working:
                weeks.append(_Week(t, monday, working))
            monday += dt.timedelta(days=7)
        out.append(weeks)
    return out


def _term_days(leader: Leader, terms: list[Term]) -> list[float]:
    if not terms:
        return []
    even = leader.capacity_days / len(terms)
    return [leader.term_capacity.get(term.id, even) for term in terms]


def schedule(
    problem: Problem,
    pairs: Mapping[str, str],
    terms: Iterable[Term],
    *,
    non_working_dates: Collection[dt.date] = frozenset(),
) -> Schedule:
    """Place every paired demand's visits in weeks of ``terms`` (see the module
    docstring). ``non_working_dates``: bank holidays, half terms, closure days."""
    terms = sorted(terms, key=lambda t: t.start_date)
    leaders = {lead.id: lead for lead in problem.leaders}
    weeks = _weeks(terms, non_working_dates)
    left = {lid: _term_days(lead, terms) for lid, lead in leaders.items()}
    busy: dict[tuple[str, dt.date], int] = {}
    visits: list[PlannedVisit] = []
    unplaced: list[Unplaced] = []
    demands = sorted((d for d in problem.demands if d.id in pairs), key=priority_key)
    n_terms = len(terms)
    previous: dict[str, dt.date | None] = {}

    def place(demand: Demand, k: int) -> None:
        """Place the (k + 1)-th visit of ``demand`` (its earlier ones are placed)."""
        leader_id = pairs[demand.id]
        per_visit = demand.days / demand.visits
        name = leaders[leader_id].name or leader_id
        days_left = left[leader_id]
        prev = previous.get(demand.id)
        if demand.visits == 1 and not demand.autumn_first:
            # the term where the leader has most days left (earliest on a tie)
            target = max(range(n_terms), key=lambda t: (days_left[t], -t))
        else:
            target = k * n_terms // demand.visits
        # its share of the target term's weeks, so visits sharing a term spread
        same = [
            j for j in range(demand.visits) if j * n_terms // demand.visits == target
        ]
        share = same.index(k) / len(same) if k in same else 0.0

        def fits(week: _Week, gap: int) -> bool:
            if days_left[week.term] < per_visit - EPS:
                return False
            if busy.get((leader_id, week.start), 0) >= week.working:
                return False
            return prev is None or (week.start - prev).days >= 7 * gap

        chosen = None
        order = list(range(target, n_terms)) + list(range(target - 1, -1, -1))
        for gap in (MIN_WEEKS_APART, 1):
            for t in order:
                term_weeks = weeks[t]
                offset = int(share * len(term_weeks)) if t == target else 0
                feasible = [w for w in term_weeks[offset:] if fits(w, gap)]
                feasible += [w for w in term_weeks[:offset] if fits(w, gap)]
                if feasible:
                    window = feasible[:WEEKS_CONSIDERED]
                    chosen = min(
                        window,
                        key=lambda w: (busy.get((leader_id, w.start), 0), w.start),
                    )
                    break
            if chosen is not None:
                break
        number = k + 1
        if chosen is None:
            unplaced.append(
                Unplaced(demand.id, number, _why(days_left, per_visit, name, prev))
            )
            return
        days_left[chosen.term] -= per_visit
        busy[(leader_id, chosen.start)] = busy.get((leader_id, chosen.start), 0) + 1
        previous[demand.id] = chosen.start
        visits.append(
            PlannedVisit(
                demand_id=demand.id,
                leader_id=leader_id,
                number=number,
                term_id=terms[chosen.term].id,
                week_start=chosen.start,
            )
        )

    placeable = []
    for demand in demands:
        leader_id = pairs[demand.id]
        if leader_id not in leaders:
            unplaced += [
                Unplaced(demand.id, n, f"adviser {leader_id} is not in the problem")
                for n in range(1, demand.visits + 1)
            ]
        elif not terms or not any(weeks):
            unplaced += [
                Unplaced(demand.id, n, "no term has a working week")
                for n in range(1, demand.visits + 1)
            ]
        else:
            placeable.append(demand)
    # Every autumn-first school's first visit before any other visit, so that the
    # autumn's days give each of them a visit before any has a second one there.
    for demand in placeable:
        if demand.autumn_first:
            place(demand, 0)
    for demand in placeable:
        for k in range(1 if demand.autumn_first else 0, demand.visits):
            place(demand, k)
    position = {d.id: i for i, d in enumerate(problem.demands)}
    visits.sort(key=lambda v: (position[v.demand_id], v.number))
    unplaced.sort(key=lambda u: (position[u.demand_id], u.number))
    return Schedule(visits=tuple(visits), unplaced=tuple(unplaced))


def _why(
    days_left: list[float], per_visit: float, name: str, previous: dt.date | None
) -> str:
    if all(d < per_visit - EPS for d in days_left):
        most = max(days_left) if days_left else 0.0
        return (
            f"{name} has no term with {per_visit:.1f} days left for the visit "
            f"(the most left in a term is {max(0.0, most):.1f})"
        )
    if previous is not None:
        return (
            f"no week after the previous visit (week of {previous:%d %B %Y}) where "
            f"{name} has both the days and a working day free"
        )
    return f"{name} has a visit on every working day of the weeks with days left"
