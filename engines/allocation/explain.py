"""Pricing a given pairing, the rules it breaks, why a demand is unmet, and what a
single change would cost.

The reasons are written for the officer who has to do something about them: which
rule stops every adviser (so the register or the policy is where to look), or whose
days ran out and to whom they went (so capacity is what is missing).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from .costs import (
    EPS,
    Prices,
    continuity,
    distance_km,
    eligible,
    pair_cost,
    phase_ok,
    rule_breaks,
    specialisms_matched,
    travel_ok,
)
from .model import Allocation, Assignment, ChangeCost, Demand, Leader, Problem, Unmet
from .nearby import NearIndex

# Above this many leaders, an unmet school's reasons look at its nearest POOL only.
POOL_FROM = 300
POOL = 60


def _days(x: float) -> str:
    return f"{x:.1f}"


def _check_pairs(problem: Problem, pairs: Mapping[str, str]) -> None:
    demand_ids = {d.id for d in problem.demands}
    leader_ids = {lead.id for lead in problem.leaders}
    bad = [f"demand {d!r}" for d in pairs if d not in demand_ids] + [
        f"leader {lid!r} (for {d!r})"
        for d, lid in pairs.items()
        if lid not in leader_ids
    ]
    if bad:
        raise ValueError("unknown ids in the pairing: " + ", ".join(bad))


def loads_of(problem: Problem, pairs: Mapping[str, str]) -> dict[str, float]:
    """Every leader's assigned days (0 for a leader with none)."""
    days = {d.id: d.days for d in problem.demands}
    loads = {lead.id: 0.0 for lead in problem.leaders}
    for demand_id, leader_id in pairs.items():
        loads[leader_id] += days[demand_id]
    return loads


def objective_of(problem: Problem, pairs: Mapping[str, str]) -> float:
    """The objective of a pairing (demand id -> leader id; absent means unmet), priced
    exactly as the solver prices it, rules or not."""
    _check_pairs(problem, pairs)
    return Prices(problem).objective(dict(pairs))


def violations(problem: Problem, pairs: Mapping[str, str]) -> list[str]:
    """Every hard rule the pairing breaks, in words; empty when it keeps them all.
    A pinned pair that breaks a rule is listed too, marked as confirmed before, since
    the officer chose it knowingly but it is still a break."""
    _check_pairs(problem, pairs)
    prices = Prices(problem)
    out = []
    for demand in problem.demands:
        leader_id = pairs.get(demand.id)
        if leader_id is None:
            continue
        leader = prices.leaders[leader_id]
        pinned = " (confirmed before)" if demand.fixed_leader_id == leader_id else ""
        out += [
            b + pinned for b in rule_breaks(leader, demand, distance_km(leader, demand))
        ]
    for leader_id, load in loads_of(problem, pairs).items():
        leader = prices.leaders[leader_id]
        if load > leader.capacity_days + EPS:
            out.append(
                f"{leader.name or leader.id} has {_days(load)} days assigned and "
                f"{_days(leader.capacity_days)} available"
            )
    return out


def unmet_reasons(
    problem: Problem,
    prices: Prices,
    demand: Demand,
    loads: Mapping[str, float],
    *,
    by_priority: Mapping[str, Mapping[int, float]],
    pool: Sequence[Leader] | None = None,
    considered: Mapping[str, set[str]] | None = None,
    scope: str = "",
    pool_km: Mapping[str, float | None] | None = None,
) -> tuple[str, ...]:
    """Why ``demand`` is unmet in a pairing whose leader loads are ``loads``
    (``by_priority``: leader id -> priority -> days assigned of that priority).

    ``pool`` limits the advisers looked at (the nearest ones at national scale, where
    looking at all of them for every unmet school would take longer than solving);
    ``considered`` (demand id -> leader ids) is what a pruned model let the optimiser
    choose from, and ``scope`` says how it was pruned; ``pool_km`` (leader id ->
    km) saves measuring the pool's distances again."""
    leaders = problem.leaders if pool is None else pool
    if not leaders:
        return ("there are no eligible advisers in the problem",)
    in_phase = [lead for lead in leaders if phase_ok(lead, demand)]
    if not in_phase:
        return (f"no eligible adviser works in the {demand.phase} phase",)
    free = [lead for lead in in_phase if demand.school_id not in lead.conflicts]
    if not free:
        why = sorted({lead.conflicts[demand.school_id] for lead in in_phase})
        shown = "; ".join(why[:3]) + (" …" if len(why) > 3 else "")
        who = f" for its phase ({demand.phase})" if demand.phase else ""
        return (f"every adviser{who} has a conflict of interest ({shown})",)
    if pool_km is None:
        km = {lead.id: distance_km(lead, demand) for lead in free}
    else:
        km = {lead.id: pool_km[lead.id] for lead in free}
    able = [lead for lead in free if travel_ok(lead, km[lead.id])]
    if not able:
        nearest = min(free, key=lambda lead: km[lead.id] or 0.0)
        return (
            "beyond every adviser's maximum travel distance (the nearest free of "
            f"conflict, {nearest.name or nearest.id}, is {km[nearest.id] or 0:.1f} km "
            f"away and travels up to {nearest.max_travel_km:g} km)",
        )
    left = {lead.id: lead.capacity_days - loads.get(lead.id, 0.0) for lead in able}
    roomy = [lead for lead in able if left[lead.id] >= demand.days - EPS]
    if roomy:
        unmet = prices.unmet(demand.id)
        weights = problem.weights
        worth = [
            lead
            for lead in roomy
            if pair_cost(weights, lead, demand, km[lead.id]) < unmet
        ]
        if not worth:
            nearest = min(roomy, key=lambda lead: km[lead.id] or 0.0)
            return (
                "every adviser with the days left is so far away that the travel would "
                "cost more than leaving it unmet (the nearest, "
                f"{nearest.name or nearest.id}, is {km[nearest.id] or 0:.1f} km away)",
            )
        if considered is not None:
            outside = [
                lead
                for lead in worth
                if lead.id not in considered.get(demand.id, set())
            ]
            if outside:
                best = min(outside, key=lambda lead: km[lead.id] or 0.0)
                return (
                    f"not among the advisers the optimiser considered for it ({scope}); "
                    f"{best.name or best.id} ({km[best.id] or 0:.1f} km away) has "
                    f"{_days(left[best.id])} days left",
                )
        best = min(worth, key=lambda lead: km[lead.id] or 0.0)
        return (
            f"not paired, although {len(worth)} adviser"
            f"{'s' if len(worth) != 1 else ''} who could take it "
            f"{'have' if len(worth) != 1 else 'has'} the days left (the nearest, "
            f"{best.name or best.id}, {km[best.id] or 0:.1f} km away, has "
            f"{_days(left[best.id])} days left)",
        )
    total_left = sum(max(0.0, v) for v in left.values())
    n = len(able)
    reasons = [
        f"the {n} adviser{'s' if n != 1 else ''} who could take it "
        f"{'have' if n != 1 else 'has'} {_days(total_left)} days left between them; "
        f"it needs {_days(demand.days)}"
        if n != 1
        else f"the one adviser who could take it has {_days(total_left)} days left; "
        f"it needs {_days(demand.days)}"
    ]
    big_enough = [lead for lead in able if lead.capacity_days >= demand.days - EPS]
    if not big_enough:
        most = max(able, key=lambda lead: lead.capacity_days)
        reasons.append(
            f"no adviser who could take it has {_days(demand.days)} days in the year "
            f"(the most is {_days(most.capacity_days)}) and a school's days are never split"
        )
        return tuple(reasons)
    if total_left >= demand.days - EPS:
        reasons.append(
            "no one of them has enough on their own, and a school's days are never split"
        )
    higher = {
        lead.id: sum(
            days
            for p, days in by_priority.get(lead.id, {}).items()
            if p < demand.priority
        )
        for lead in big_enough
    }
    blocked_by_higher = all(
        lead.capacity_days - higher.get(lead.id, 0.0) < demand.days - EPS
        for lead in big_enough
    )
    if blocked_by_higher:
        reasons.append(
            "higher-priority schools took the capacity of the advisers who could take it"
        )
    else:
        reasons.append(
            "the advisers who could take it are giving their days to schools of the same "
            "or a lower priority whose unmet days would cost more in total (more days, "
            "an inspection due sooner, or less travel)"
        )
    return tuple(reasons)


def build_allocation(
    problem: Problem,
    pairs: Mapping[str, str],
    *,
    bound: float | None,
    seconds: float,
    method: str,
    status: str,
    prices: Prices | None = None,
    considered: Mapping[str, set[str]] | None = None,
    scope: str = "",
    notes: tuple[str, ...] = (),
) -> Allocation:
    """An Allocation for ``pairs``: assignments in the problem's order, every unmet
    demand with its reasons, loads and the exact objective."""
    prices = prices or Prices(problem)
    loads = loads_of(problem, pairs)
    by_priority: dict[str, dict[int, float]] = {}
    for demand_id, leader_id in pairs.items():
        d = prices.demands[demand_id]
        row = by_priority.setdefault(leader_id, {})
        row[d.priority] = row.get(d.priority, 0.0) + d.days
    index = NearIndex(problem.leaders) if len(problem.leaders) > POOL_FROM else None
    assignments: list[Assignment] = []
    unmet: list[Unmet] = []
    for demand in problem.demands:
        paired = pairs.get(demand.id)
        if paired is None:
            pool = None
            pool_km = None
            pool_scope = scope
            if index is not None:
                walk = list(itertools.islice(index.walk(demand.location), POOL))
                pool = [index.leaders[i] for _, i in walk]
                pool_km = {index.leaders[i].id: km for km, i in walk}
                pool_scope = scope or f"the {POOL} advisers nearest it"
            reasons = unmet_reasons(
                problem,
                prices,
                demand,
                loads,
                by_priority=by_priority,
                pool=pool,
                considered=considered,
                scope=pool_scope,
                pool_km=pool_km,
            )
            if pool is not None:
                reasons = (
                    *reasons,
                    f"(looking only at the {POOL} advisers nearest it)",
                )
            unmet.append(Unmet(demand.id, reasons))
            continue
        leader_id = paired
        leader = prices.leaders[leader_id]
        assignments.append(
            Assignment(
                demand_id=demand.id,
                leader_id=leader_id,
                days=demand.days,
                km=distance_km(leader, demand),
                pinned=demand.fixed_leader_id == leader_id,
                continuity=continuity(leader_id, demand),
                specialism_match=specialisms_matched(leader, demand) > 0,
            )
        )
    objective = prices.objective(dict(pairs))
    gap = None if bound is None else (objective - bound) / max(1.0, abs(objective))
    unknown = sum(1 for a in assignments if a.km is None)
    if unknown:
        notes = (
            *notes,
            f"{unknown} pairing{'s' if unknown != 1 else ''} with a home base or school "
            "location unknown: travel priced as 0 km",
        )
    return Allocation(
        assignments=tuple(assignments),
        unmet=tuple(unmet),
        leader_days=loads,
        objective=objective,
        bound=bound,
        gap=gap,
        seconds=seconds,
        method=method,
        status=status,
        notes=notes,
    )


def evaluate(problem: Problem, pairs: Mapping[str, str]) -> Allocation:
    """Price a given pairing (an officer's, or a stored proposal after changes) as
    the optimiser would, with every demand not in it explained."""
    _check_pairs(problem, pairs)
    return build_allocation(
        problem, pairs, bound=None, seconds=0.0, method="evaluated", status="given"
    )


def change_cost(
    problem: Problem, current: Allocation, demand_id: str, leader_id: str | None
) -> ChangeCost:
    """What moving ``demand_id`` to ``leader_id`` (None: to nobody) would do to the
    objective, the travel, continuity and both leaders' loads, with a warning for
    every rule the new pair breaks. The officer decides; this only prices."""
    prices = Prices(problem)
    if demand_id not in prices.demands:
        raise ValueError(f"unknown demand {demand_id!r}")
    if leader_id is not None and leader_id not in prices.leaders:
        raise ValueError(f"unknown leader {leader_id!r}")
    demand = prices.demands[demand_id]
    pairs = {a.demand_id: a.leader_id for a in current.assignments}
    _check_pairs(problem, pairs)
    before_leader = pairs.get(demand_id)
    after = {k: v for k, v in pairs.items() if k != demand_id}
    if leader_id is not None:
        after[demand_id] = leader_id
    before_obj = prices.objective(pairs)
    after_obj = prices.objective(after)
    loads_after = loads_of(problem, after)

    def trip(lid: str | None) -> float:
        if lid is None:
            return 0.0
        return (prices.km(demand_id, lid) or 0.0) * demand.visits

    warnings: list[str] = []
    to_load = to_cap = None
    if leader_id is not None:
        leader = prices.leaders[leader_id]
        km = distance_km(leader, demand)
        if not eligible(leader, demand, km):
            warnings += rule_breaks(leader, demand, km)
        to_load = loads_after[leader_id]
        to_cap = leader.capacity_days
        if to_load > to_cap + EPS and leader_id != before_leader:
            warnings.append(
                f"over capacity: {leader.name or leader.id} would have {_days(to_load)} "
                f"days for {_days(to_cap)} available"
            )
        if km is None:
            warnings.append("distance unknown: travel priced as 0 km")
    from_load = None
    if before_leader is not None and before_leader != leader_id:
        from_load = loads_after[before_leader]
    wanted = demand.wants_continuity and demand.previous_leader_id is not None
    was_kept = wanted and before_leader == demand.previous_leader_id
    now_kept = wanted and leader_id == demand.previous_leader_id
    return ChangeCost(
        demand_id=demand_id,
        from_leader_id=before_leader,
        to_leader_id=leader_id,
        objective_before=before_obj,
        objective_after=after_obj,
        delta=after_obj - before_obj,
        extra_km=trip(leader_id) - trip(before_leader),
        continuity_lost=was_kept and not now_kept,
        continuity_gained=now_kept and not was_kept,
        to_leader_load_after=to_load,
        to_leader_capacity=to_cap,
        from_leader_load_after=from_load,
        warnings=tuple(warnings),
    )
