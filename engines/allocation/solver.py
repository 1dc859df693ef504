"""The optimiser: CP-SAT over the pairs the rules allow (ADR 10).

The model has one yes/no variable per candidate (school, adviser) pair; each school
takes at most one adviser and each adviser's days stay within their capacity. With
``U`` the school's unmet penalty and ``c`` the pair's travel less bonuses, the
objective is ``sum(U) + sum((c - U) * x)``: only pairs cheaper than leaving the
school unmet are worth a variable, which prunes exactly (a pair with ``c >= U`` can
always be dropped without making the answer worse).

CP-SAT wants integers. Days are counted in the smallest unit that represents every
figure exactly (half days for real entitlements); costs are scaled by ``SCALE`` and
rounded *down*, so the integer model never costs more than the real one: its proven
bound is a true lower bound on the real objective, and the objective reported is
always the real one, priced afresh by ``Prices``.

Large problems are split into regions (recursive halving of the map at the median
school, until each region has at most ``REGION_DEMANDS`` schools), solved one after
another with the time shared by size. A school then only considers the advisers of
its own region, so the bound proves optimality *within the regions*, not for the
whole country: ``method`` says "cp-sat-regional" and the notes say so.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from .costs import EPS, Prices, eligible
from .explain import build_allocation
from .greedy import first_fit, pinned_pairs
from .model import Allocation, Demand, Leader, Problem
from .nearby import NearIndex

SCALE = 100  # cost points to integers: a hundredth of a point
REGION_DEMANDS = 1500  # above this many free schools, solve region by region
MAX_CANDIDATES = 40  # per school, nearest first, in a region of many advisers
CANDIDATES_FROM = 80  # advisers in a block before schools are limited to the nearest
DAY_UNITS = (2, 4, 10, 20, 100)


def _day_unit(values: Sequence[float]) -> int:
    """The smallest unit (half days, quarter days, ...) in which every figure is a
    whole number; hundredths otherwise (rounded safely)."""
    for unit in DAY_UNITS:
        if all(abs(v * unit - round(v * unit)) < 1e-6 for v in values):
            return unit
    return DAY_UNITS[-1]


@dataclasses.dataclass
class Block:
    """One region's part of the problem: its free schools and its advisers with the
    days they have left after the pinned pairs."""

    demands: list[Demand]
    leaders: list[Leader]


def _split(demands: list[Demand], leaders: list[Leader], limit: int) -> list[Block]:
    """Halve the map at the median school along its longer side until every block
    has at most ``limit`` schools; advisers go with the side their base is on."""
    if len(demands) <= limit:
        return [Block(demands, leaders)]
    placed = [d for d in demands if d.location is not None]
    if len(placed) < 2:
        return [Block(demands, leaders)]
    lats = [d.location[0] for d in placed]  # type: ignore[index]
    lons = [d.location[1] for d in placed]  # type: ignore[index]
    mid_lat = (min(lats) + max(lats)) / 2
    tall = max(lats) - min(lats)
    wide = (max(lons) - min(lons)) * math.cos(math.radians(mid_lat))
    axis = 0 if tall >= wide else 1
    ordered = sorted(placed, key=lambda d: (d.location[axis], d.id))  # type: ignore[index]
    cut = ordered[len(ordered) // 2].location[axis]  # type: ignore[index]
    low = [d for d in placed if d.location[axis] < cut]  # type: ignore[index]
    high = [d for d in placed if d.location[axis] >= cut]  # type: ignore[index]
    if not low or not high:
        return [Block(demands, leaders)]
    low += [d for d in demands if d.location is None]
    low_leaders = [
        lead for lead in leaders if lead.location is None or lead.location[axis] < cut
    ]
    high_leaders = [
        lead
        for lead in leaders
        if lead.location is not None and lead.location[axis] >= cut
    ]
    return _split(low, low_leaders, limit) + _split(high, high_leaders, limit)


def _candidates(
    prices: Prices, block: Block, capacity: dict[str, float], limit: int | None
) -> dict[str, list[tuple[str, float]]]:
    """Each school's (leader id, cost) pairs worth a variable, nearest first: the
    rules kept, the days fit, cheaper than leaving it unmet, at most ``limit``."""
    weights = prices.problem.weights
    index = NearIndex(block.leaders)
    out: dict[str, list[tuple[str, float]]] = {}
    for demand in block.demands:
        unmet = prices.unmet(demand.id)
        best_bonus = weights.continuity_bonus + weights.specialism_bonus * len(
            demand.needs
        )
        found: list[tuple[str, float]] = []
        for km, i in index.walk(demand.location):
            if km is not None and km * demand.visits * weights.km - best_bonus >= unmet:
                break  # everyone further costs more than leaving it unmet
            leader = index.leaders[i]
            if capacity[leader.id] < demand.days - EPS or not eligible(
                leader, demand, km
            ):
                continue
            cost = prices.pair(demand.id, leader.id)
            if cost < unmet:
                found.append((leader.id, cost))
                if limit is not None and len(found) >= limit:
                    break
        out[demand.id] = found
    return out


@dataclasses.dataclass
class BlockAnswer:
    pairs: dict[str, str]
    bound: float
    optimal: bool
    solved: bool


def _solve_block(
    prices: Prices,
    block: Block,
    capacity: dict[str, float],
    candidates: dict[str, list[tuple[str, float]]],
    *,
    time_limit_s: float,
    workers: int,
) -> BlockAnswer:
    unmet_total = sum(prices.unmet(d.id) for d in block.demands)
    pairs_in = [(d.id, lid, c) for d in block.demands for lid, c in candidates[d.id]]
    if not pairs_in:
        return BlockAnswer({}, unmet_total, True, True)
    unit = _day_unit(
        [prices.demands[d].days for d, _, _ in pairs_in]
        + [capacity[lead.id] for lead in block.leaders]
    )
    model = cp_model.CpModel()
    xs = []
    by_demand: dict[str, list[cp_model.IntVar]] = {}
    by_leader: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
    coefs = []
    for n, (demand_id, leader_id, cost) in enumerate(pairs_in):
        x = model.new_bool_var(f"x{n}")
        xs.append(x)
        by_demand.setdefault(demand_id, []).append(x)
        days = math.ceil(prices.demands[demand_id].days * unit - 1e-6)
        by_leader.setdefault(leader_id, []).append((days, x))
        coefs.append(math.floor((cost - prices.unmet(demand_id)) * SCALE))
    for group in by_demand.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for leader_id, terms in by_leader.items():
        cap = math.floor(capacity[leader_id] * unit + 1e-6)
        if sum(days for days, _ in terms) > cap:
            model.add(sum(days * x for days, x in terms) <= cap)
    model.minimize(sum(c * x for c, x in zip(coefs, xs, strict=True)))
    # Start from first fit within the block: always a full, feasible answer.
    sub = Problem(
        leaders=tuple(
            dataclasses.replace(lead, capacity_days=capacity[lead.id])
            for lead in block.leaders
        ),
        demands=tuple(block.demands),
        weights=prices.problem.weights,
    )
    hint = first_fit(sub, dict(capacity))
    for (demand_id, leader_id, _), x in zip(pairs_in, xs, strict=True):
        model.add_hint(x, hint.get(demand_id) == leader_id)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Nothing found in time: keep first fit, whose cost bounds nothing.
        lower = unmet_total + sum(min(0, c) for c in coefs) / SCALE
        return BlockAnswer(
            {d: lid for d, lid in hint.items() if lid is not None}, lower, False, False
        )
    pairs = {
        demand_id: leader_id
        for (demand_id, leader_id, _), x in zip(pairs_in, xs, strict=True)
        if solver.boolean_value(x)
    }
    bound = unmet_total + solver.best_objective_bound / SCALE
    return BlockAnswer(pairs, bound, status == cp_model.OPTIMAL, True)


def solve(
    problem: Problem, *, time_limit_s: float = 20.0, workers: int = 2
) -> Allocation:
    """The allocation of least cost (see the module docstring), within
    ``time_limit_s``; pinned pairs are kept as given and count towards capacity."""
    started = time.perf_counter()
    problem.check()
    prices = Prices(problem)
    pairs = pinned_pairs(problem)
    capacity = {lead.id: lead.capacity_days for lead in problem.leaders}
    bound = 0.0
    for demand_id, leader_id in pairs.items():
        capacity[leader_id] -= prices.demands[demand_id].days
        bound += prices.pair(demand_id, leader_id)
    capacity = {k: max(0.0, v) for k, v in capacity.items()}
    free = [d for d in problem.demands if d.fixed_leader_id is None]
    blocks = _split(free, list(problem.leaders), REGION_DEMANDS)
    regional = len(blocks) > 1
    considered: dict[str, set[str]] = {}
    optimal = solved = True
    limited = False
    remaining = sum(len(b.demands) for b in blocks)
    for block in blocks:
        elapsed = time.perf_counter() - started
        share = (time_limit_s - elapsed) * len(block.demands) / max(1, remaining)
        remaining -= len(block.demands)
        limit = MAX_CANDIDATES if len(block.leaders) > CANDIDATES_FROM else None
        candidates = _candidates(prices, block, capacity, limit)
        if limit is not None and any(len(c) >= limit for c in candidates.values()):
            limited = True
        for demand_id, found in candidates.items():
            considered[demand_id] = {lid for lid, _ in found}
        answer = _solve_block(
            prices,
            block,
            capacity,
            candidates,
            time_limit_s=share,
            workers=workers,
        )
        pairs |= answer.pairs
        bound += answer.bound
        optimal = optimal and answer.optimal
        solved = solved and answer.solved
    notes: list[str] = []
    scope = ""
    if regional:
        scope = "its region's advisers"
        notes.append(
            f"solved in {len(blocks)} regions of at most {REGION_DEMANDS} schools, each "
            "school choosing among its own region's advisers: the bound proves the "
            "answer optimal (or within the gap) for that regional problem, not for "
            "the whole"
        )
    if limited:
        scope = scope or f"its {MAX_CANDIDATES} nearest advisers"
        notes.append(
            f"each school considered at most its {MAX_CANDIDATES} nearest suitable "
            "advisers: the bound is for that pruned problem"
        )
    if not solved:
        notes.append("a region found nothing in time and kept greedy first fit")
    return build_allocation(
        problem,
        pairs,
        bound=bound if solved else None,
        seconds=time.perf_counter() - started,
        method="cp-sat-regional"
        if regional
        else ("cp-sat-pruned" if limited else "cp-sat"),
        status="optimal" if optimal and solved else "feasible",
        prices=prices,
        considered=considered if (regional or limited) else None,
        scope=scope,
        notes=tuple(notes),
    )
