"""Greedy first fit: the baseline the optimiser is compared with, and the hint it
starts from.

It is what an officer would do by hand with a spreadsheet: take the schools in
priority order (category, then the autumn-first schools, then the inspection due
soonest) and give each to the nearest adviser who may take it and still has the
days. It never looks back, so an early choice can use up the one adviser a later
school needed; the optimiser exists to fix exactly that.
"""

from __future__ import annotations

import datetime as dt
import time

from .costs import EPS, Prices, eligible, phase_ok
from .explain import build_allocation
from .model import Allocation, Demand, Problem
from .nearby import NearIndex


def priority_key(demand: Demand) -> tuple[int, bool, dt.date]:
    """Highest category first, then autumn-first, then inspection due soonest (no
    date counts as due now)."""
    return (
        demand.priority,
        not demand.autumn_first,
        demand.inspection_due or dt.date.min,
    )


def first_fit(problem: Problem, capacity: dict[str, float]) -> dict[str, str]:
    """Pairs for the problem's demands without a pin, given each leader's days left
    (``capacity``, consumed as it goes).

    Each demand walks outward from the school through an index of only the leaders
    in its phase who still have its days (one index per phase and number of days,
    a leader leaving an index as their days fall below it), so a walk never passes
    the leaders who are full: the answer is the same as walking everyone, but late
    schools in a national problem no longer measure the whole country."""
    leaders = list(problem.leaders)
    order = sorted(
        (d for d in problem.demands if d.fixed_leader_id is None),
        key=priority_key,
    )
    indexes: dict[tuple[str, float], NearIndex] = {}
    # leader id -> (days, index, position in it) for every index holding the leader
    members: dict[str, list[tuple[float, NearIndex, int]]] = {}
    pairs: dict[str, str] = {}
    for demand in order:
        key = (demand.phase, demand.days)
        index = indexes.get(key)
        if index is None:
            index = NearIndex(
                [
                    lead
                    for lead in leaders
                    if phase_ok(lead, demand) and capacity[lead.id] >= demand.days - EPS
                ]
            )
            indexes[key] = index
            for i, lead in enumerate(index.leaders):
                members.setdefault(lead.id, []).append((demand.days, index, i))
        for km, i in index.walk(demand.location):
            leader = index.leaders[i]
            if capacity[leader.id] >= demand.days - EPS and eligible(
                leader, demand, km
            ):
                pairs[demand.id] = leader.id
                capacity[leader.id] -= demand.days
                left = capacity[leader.id]
                kept = []
                for days, other, pos in members.get(leader.id, ()):
                    if left < days - EPS:
                        other.remove(pos)
                    else:
                        kept.append((days, other, pos))
                members[leader.id] = kept
                break
    return pairs


def pinned_pairs(problem: Problem) -> dict[str, str]:
    return {
        d.id: d.fixed_leader_id
        for d in problem.demands
        if d.fixed_leader_id is not None
    }


def greedy(problem: Problem) -> Allocation:
    """First fit in priority order (see the module docstring); pinned pairs first."""
    started = time.perf_counter()
    problem.check()
    prices = Prices(problem)
    pairs = pinned_pairs(problem)
    capacity = {lead.id: lead.capacity_days for lead in problem.leaders}
    for demand_id, leader_id in pairs.items():
        capacity[leader_id] -= prices.demands[demand_id].days
    pairs |= first_fit(problem, capacity)
    return build_allocation(
        problem,
        pairs,
        bound=None,
        seconds=time.perf_counter() - started,
        method="greedy",
        status="feasible",
        prices=prices,
    )
