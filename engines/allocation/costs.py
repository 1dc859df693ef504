"""The rules and the prices every method shares (the solver, greedy first fit,
pricing a given pairing, the cost of a change), so that the optimiser's objective and
an officer's re-pricing of the same pairs can never disagree."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from .model import Demand, Leader, Problem, Weights

EARTH_RADIUS_KM = 6371.0088
# An inspection due this many days after the earliest adds nothing to the urgency.
URGENCY_HORIZON_DAYS = 1460
# Tolerance when comparing days (entitlements are in half days; floats are not).
EPS = 1e-9


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points: a fair stand-in
    for travel across an LA, and needs no road network."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(leader: Leader, demand: Demand) -> float | None:
    """None when either place is unknown (priced as 0 km, and noted)."""
    if leader.location is None or demand.location is None:
        return None
    return haversine_km(leader.location, demand.location)


def phase_ok(leader: Leader, demand: Demand) -> bool:
    return not leader.phases or not demand.phase or demand.phase in leader.phases


def travel_ok(leader: Leader, km: float | None) -> bool:
    return (
        leader.max_travel_km is None or km is None or km <= leader.max_travel_km + EPS
    )


def rule_breaks(leader: Leader, demand: Demand, km: float | None) -> list[str]:
    """The hard rules (other than capacity) the pair breaks, in words."""
    out = []
    if demand.school_id in leader.conflicts:
        out.append(
            f"{leader.name or leader.id} has a conflict of interest with "
            f"{demand.school_name or demand.school_id}: {leader.conflicts[demand.school_id]}"
        )
    if not phase_ok(leader, demand):
        out.append(
            f"{leader.name or leader.id} does not work in the {demand.phase} phase "
            f"(works in {', '.join(sorted(leader.phases))})"
        )
    if not travel_ok(leader, km):
        out.append(
            f"{km:.1f} km is beyond {leader.name or leader.id}'s maximum travel "
            f"distance of {leader.max_travel_km:g} km"
        )
    return out


def eligible(leader: Leader, demand: Demand, km: float | None) -> bool:
    return (
        demand.school_id not in leader.conflicts
        and phase_ok(leader, demand)
        and travel_ok(leader, km)
    )


def continuity(leader_id: str, demand: Demand) -> bool:
    return demand.wants_continuity and demand.previous_leader_id == leader_id


def specialisms_matched(leader: Leader, demand: Demand) -> int:
    return len(demand.needs & leader.specialisms)


def pair_cost(
    weights: Weights, leader: Leader, demand: Demand, km: float | None
) -> float:
    """Travel over the year's visits, less the continuity and specialism bonuses."""
    cost = (km or 0.0) * demand.visits * weights.km
    if continuity(leader.id, demand):
        cost -= weights.continuity_bonus
    cost -= weights.specialism_bonus * specialisms_matched(leader, demand)
    return cost


def earliest_due(demands: Iterable[Demand]) -> dt.date | None:
    dates = [d.inspection_due for d in demands if d.inspection_due is not None]
    return min(dates) if dates else None


def unmet_cost(weights: Weights, demand: Demand, earliest: dt.date | None) -> float:
    """The penalty for leaving the demand unmet: its days times its category's
    penalty per day, raised by up to ``inspection_urgency`` for an inspection due
    soon (a school with no known date counts as due now)."""
    table = weights.unmet_penalty_per_day_by_priority
    per_day = table[min(demand.priority, len(table) - 1)]
    if demand.inspection_due is None or earliest is None:
        closeness = 1.0
    else:
        waited = (demand.inspection_due - earliest).days
        closeness = max(0.0, 1.0 - waited / URGENCY_HORIZON_DAYS)
    return demand.days * per_day * (1.0 + weights.inspection_urgency * closeness)


class Prices:
    """Distances and prices of one problem, computed once and shared."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.leaders = {leader.id: leader for leader in problem.leaders}
        self.demands = {demand.id: demand for demand in problem.demands}
        self.earliest = earliest_due(problem.demands)
        self._unmet: dict[str, float] = {}

    def km(self, demand_id: str, leader_id: str) -> float | None:
        return distance_km(self.leaders[leader_id], self.demands[demand_id])

    def pair(self, demand_id: str, leader_id: str) -> float:
        leader, demand = self.leaders[leader_id], self.demands[demand_id]
        return pair_cost(
            self.problem.weights, leader, demand, distance_km(leader, demand)
        )

    def unmet(self, demand_id: str) -> float:
        if demand_id not in self._unmet:
            self._unmet[demand_id] = unmet_cost(
                self.problem.weights, self.demands[demand_id], self.earliest
            )
        return self._unmet[demand_id]

    def objective(self, pairs: dict[str, str]) -> float:
        total = 0.0
        for demand in self.problem.demands:
            leader_id = pairs.get(demand.id)
            if leader_id is None:
                total += self.unmet(demand.id)
            else:
                total += self.pair(demand.id, leader_id)
        return total
