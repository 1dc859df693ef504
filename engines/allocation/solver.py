"""The optimiser: CP-SAT over the pairs the rules allow (ADR 10, ADR 13).

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

Each block is solved in four steps (ADR 13): the linear relaxation as a min-cost
flow (days may be split; exact and fast, and a proven bound); a whole answer rounded
from it, or first fit if that is better, as CP-SAT's start; CP-SAT over each
school's ``SHORTLIST`` cheapest pairs and the relaxation's, which finds good answers
far sooner than the whole model; then SCIP over every candidate pair from that
answer, whose cuts prove what CP-SAT's bound cannot (at LA size only). The bound is
the better of SCIP's and the relaxation's.

Large problems start from national first fit and are split into regions (recursive
halving of the map at the median school, until each region has at most
``REGION_DEMANDS`` schools), improved one after another with the time shared by
size: CP-SAT re-pairs the region's schools that first fit left unmet or gave to the
region's advisers, among their nearest advisers of the region, and its answer is
kept only if cheaper. The bound is one relaxation over the pairs considered, so it
proves nothing for the whole country: ``method`` says "cp-sat-regional" and the
notes say so.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence

from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from .costs import EPS, Prices, eligible, pair_cost, phase_ok
from .explain import build_allocation
from .greedy import first_fit, pinned_pairs
from .model import Allocation, Demand, Leader, Problem
from .nearby import NearIndex

SCALE = 100  # cost points to integers: a hundredth of a point
REGION_DEMANDS = 1500  # above this many free schools, solve region by region
MAX_CANDIDATES = 20  # per school, nearest first, in a region of many advisers
CANDIDATES_FROM = 80  # advisers in a block before schools are limited to the nearest
DAY_UNITS = (2, 4, 10, 20, 100)
FLOW_SCALE = 1000  # the relaxation's costs per unit of days, in finer integers
SHORTLIST = 5  # pairs per school CP-SAT searches first (with the relaxation's)
SHORTLIST_SHARE = 0.6  # of a block's time, before the whole model
CLIQUE_UP_TO = 4  # per adviser, "at most k of the schools over cap / (k + 1)"
SHORTLIST_WORKERS = 1  # one search finds good answers sooner than a portfolio
EXPLAIN_S_PER_DEMAND = 0.0003  # kept back from the time limit for the reasons


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
    # one index per phase, of the leaders who work in it
    indexes: dict[str, NearIndex] = {}
    out: dict[str, list[tuple[str, float]]] = {}
    for demand in block.demands:
        index = indexes.get(demand.phase)
        if index is None:
            index = indexes[demand.phase] = NearIndex(
                [lead for lead in block.leaders if phase_ok(lead, demand)]
            )
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
            cost = pair_cost(weights, leader, demand, km)
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
    lp_bound: float = 0.0
    pruned: bool = False
    scip: bool = False  # SCIP ran the block's last phase


class BlockModel:
    """A block's candidate pairs as integers: half days (or the block's day unit)
    and cost points scaled by ``SCALE`` and rounded down, each pair's figure being
    its cost less the school's unmet penalty (so leaving a school unmet is 0)."""

    def __init__(
        self,
        prices: Prices,
        block: Block,
        capacity: dict[str, float],
        candidates: dict[str, list[tuple[str, float]]],
    ) -> None:
        self.block = block
        self.unmet_total = sum(prices.unmet(d.id) for d in block.demands)
        self.pairs = [
            (d.id, lid, c) for d in block.demands for lid, c in candidates[d.id]
        ]
        unit = _day_unit(
            [prices.demands[d].days for d, _, _ in self.pairs]
            + [capacity[lead.id] for lead in block.leaders]
        )
        self.units = {d.id: math.ceil(d.days * unit - 1e-6) for d in block.demands}
        self.cap = {
            lead.id: math.floor(capacity[lead.id] * unit + 1e-6)
            for lead in block.leaders
        }
        self.coefs = [
            math.floor((cost - prices.unmet(d)) * SCALE) for d, _, cost in self.pairs
        ]

    def add_pairs(self, prices: Prices, pairs: dict[str, str]) -> None:
        """Make sure the model holds ``pairs`` (first fit's, which may reach beyond
        the candidates), so that CP-SAT can start from all of it."""
        have = {(d, lid) for d, lid, _ in self.pairs}
        for d, lid in pairs.items():
            if (d, lid) not in have:
                cost = prices.pair(d, lid)
                self.pairs.append((d, lid, cost))
                self.coefs.append(math.floor((cost - prices.unmet(d)) * SCALE))

    def relax(
        self, only: set[str] | None = None, cap: dict[str, int] | None = None
    ) -> tuple[float, list[int]]:
        """The linear relaxation as a min-cost flow (a school's days may then be
        split between advisers): its optimum, a lower bound on the integer model,
        and the days each pair carries in it. Exact, in integers, and fast.
        ``only`` and ``cap`` restrict it to some schools and the days left."""
        cap = self.cap if cap is None else cap
        demand_ids = [d for d in self.units if only is None or d in only]
        leader_ids = list(self.cap)
        node = {d: n for n, d in enumerate(demand_ids)}
        node |= {lid: len(demand_ids) + n for n, lid in enumerate(leader_ids)}
        source, sink = len(node), len(node) + 1
        total = sum(self.units[d] for d in demand_ids)
        tails = [source] * len(demand_ids)
        heads = [node[d] for d in demand_ids]
        caps = [self.units[d] for d in demand_ids]
        costs = [0] * len(demand_ids)
        arcs: list[int] = []  # pair -> arc, -1 for a pair left out
        for (d, lid, _), coef in zip(self.pairs, self.coefs, strict=True):
            if d not in node or cap[lid] <= 0:
                arcs.append(-1)
                continue
            arcs.append(len(tails))
            tails.append(node[d])
            heads.append(node[lid])
            caps.append(self.units[d])
            # per unit of days, rounded down: the flow never costs more than the model
            costs.append(math.floor(coef * FLOW_SCALE / max(1, self.units[d])))
        for lid in leader_ids:
            tails.append(node[lid])
            heads.append(sink)
            caps.append(max(0, cap[lid]))
            costs.append(0)
        tails.append(source)  # days left unmet
        heads.append(sink)
        caps.append(total)
        costs.append(0)
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_node_supply(source, total)
        flow.set_node_supply(sink, -total)
        if flow.solve() != flow.OPTIMAL:
            worst = sum(min(0, c) for c in self.coefs) / SCALE
            return self.unmet_total + worst, [0] * len(self.pairs)
        flows = flow.flows(list(range(len(tails))))
        carried = [0 if arc < 0 else int(flows[arc]) for arc in arcs]
        bound = self.unmet_total + flow.optimal_cost() / FLOW_SCALE / SCALE
        return bound, carried

    def rounded(self, carried: list[int]) -> dict[str, str]:
        """A whole answer from the relaxation: schools of more than a day first, in
        order of their unmet penalty a day, each to the adviser carrying most of it
        who still has room (else the cheapest who has); then the relaxation again
        for the small schools over the days left, rounded the same way; then any
        school still unmet to the cheapest adviser with room."""
        by_demand: dict[str, list[int]] = {}
        for n, (d, _, _) in enumerate(self.pairs):
            by_demand.setdefault(d, []).append(n)
        load = dict.fromkeys(self.cap, 0)
        pairs: dict[str, str] = {}

        def value(d: str) -> float:
            return -min(self.coefs[n] for n in by_demand[d]) / max(1, self.units[d])

        def place(d: str, flows: list[int], cheap: bool) -> None:
            options = sorted(
                (n for n in by_demand[d] if flows[n] > 0 or cheap),
                key=lambda n: (-flows[n], self.coefs[n]),
            )
            for n in options:
                lid = self.pairs[n][1]
                if load[lid] + self.units[d] <= self.cap[lid] and self.coefs[n] < 0:
                    pairs[d] = lid
                    load[lid] += self.units[d]
                    return

        order = sorted(by_demand, key=value, reverse=True)
        big_units = max(1, round(max(self.units.values(), default=1) / 6))
        for d in order:
            if self.units[d] > big_units:
                place(d, carried, cheap=True)
        small = {d for d in order if self.units[d] <= big_units}
        if small:
            left = {lid: self.cap[lid] - load[lid] for lid in self.cap}
            _, again = self.relax(small, left)
            for d in order:
                if d in small:
                    place(d, again, cheap=False)
        for d in order:
            if d not in pairs:
                place(d, [0] * len(self.pairs), cheap=True)
        return pairs

    def cp_sat(
        self,
        keep: list[int] | None,
        hint: dict[str, str],
        *,
        time_limit_s: float,
        workers: int,
    ) -> tuple[cp_model.CpSolverStatus, dict[str, str], float | None]:
        """CP-SAT over the pairs ``keep`` (all when None) from ``hint``: (status,
        pairs, proven bound of that model or None)."""
        chosen = range(len(self.pairs)) if keep is None else keep
        model = cp_model.CpModel()
        xs: list[cp_model.IntVar] = []
        used: list[int] = []
        by_demand: dict[str, list[cp_model.IntVar]] = {}
        by_leader: dict[str, tuple[list[cp_model.IntVar], list[int]]] = {}
        for n in chosen:
            demand_id, leader_id, _ = self.pairs[n]
            x = model.new_bool_var(f"x{n}")
            xs.append(x)
            used.append(n)
            by_demand.setdefault(demand_id, []).append(x)
            row = by_leader.setdefault(leader_id, ([], []))
            row[0].append(x)
            row[1].append(self.units[demand_id])
            model.add_hint(x, hint.get(demand_id) == leader_id)
        for group in by_demand.values():
            if len(group) > 1:
                model.add_at_most_one(group)
        for leader_id, (group, days) in by_leader.items():
            cap = self.cap[leader_id]
            if sum(days) <= cap:
                continue
            model.add(cp_model.LinearExpr.weighted_sum(group, days) <= cap)
            # No k + 1 schools of more than cap / (k + 1) days each fit: saying so
            # outright tightens CP-SAT's linear relaxation a great deal where big
            # entitlements meet small capacities (ADR 13).
            for k in range(1, CLIQUE_UP_TO + 1):
                big = [x for x, d in zip(group, days, strict=True) if d * (k + 1) > cap]
                if len(big) <= k:
                    break
                if k == 1:
                    model.add_at_most_one(big)
                else:
                    model.add(sum(big) <= k)
        model.minimize(
            cp_model.LinearExpr.weighted_sum(xs, [self.coefs[n] for n in used])
        )
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = 1
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, dict(hint), None
        pairs = {
            self.pairs[n][0]: self.pairs[n][1]
            for n, x in zip(used, xs, strict=True)
            if solver.boolean_value(x)
        }
        return status, pairs, self.unmet_total + solver.best_objective_bound / SCALE

    def scip(
        self, hint: dict[str, str], *, time_limit_s: float
    ) -> tuple[bool, dict[str, str], float | None]:
        """SCIP (OR-Tools' MIP solver) over every pair from ``hint``, on the same
        integer costs, asked for a zero gap: (proved optimal, pairs, proven bound or
        None). Its cuts prove optimality where CP-SAT's bound stalls (ADR 13)."""
        solver = pywraplp.Solver.CreateSolver("SCIP")
        if solver is None:
            return False, dict(hint), None
        xs = [solver.BoolVar(f"x{n}") for n in range(len(self.pairs))]
        by_demand: dict[str, list[pywraplp.Variable]] = {}
        by_leader: dict[str, list[tuple[int, pywraplp.Variable]]] = {}
        for (d, lid, _), x in zip(self.pairs, xs, strict=True):
            by_demand.setdefault(d, []).append(x)
            by_leader.setdefault(lid, []).append((self.units[d], x))
        for group in by_demand.values():
            if len(group) > 1:
                solver.Add(solver.Sum(group) <= 1)
        for lid, terms in by_leader.items():
            if sum(days for days, _ in terms) > self.cap[lid]:
                solver.Add(solver.Sum([days * x for days, x in terms]) <= self.cap[lid])
        objective = solver.Objective()
        for x, coef in zip(xs, self.coefs, strict=True):
            objective.SetCoefficient(x, coef)
        objective.SetMinimization()
        solver.SetHint(
            xs,
            [1.0 if hint.get(d) == lid else 0.0 for d, lid, _ in self.pairs],
        )
        solver.SetTimeLimit(max(50, int(time_limit_s * 1000)))
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
        status = solver.Solve(params)
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return False, dict(hint), None
        pairs = {
            d: lid
            for (d, lid, _), x in zip(self.pairs, xs, strict=True)
            if x.solution_value() > 0.5
        }
        # the costs are integers: a bound within one unit of the answer proves it
        best = objective.BestBound()
        optimal = status == pywraplp.Solver.OPTIMAL or objective.Value() - best < 1
        bound = self.unmet_total + (math.ceil(best - 1e-6) if optimal else best) / SCALE
        return optimal, pairs, min(bound, self.unmet_total + objective.Value() / SCALE)

    def shortlist(self, carried: list[int], hint: dict[str, str]) -> list[int] | None:
        """Each school's ``SHORTLIST`` cheapest pairs, with every pair the
        relaxation uses and the hint's: the model CP-SAT searches first. None when
        that is every pair anyway."""
        by_demand: dict[str, list[int]] = {}
        for n, (d, _, _) in enumerate(self.pairs):
            by_demand.setdefault(d, []).append(n)
        keep: list[int] = []
        for d, ns in by_demand.items():
            if len(ns) <= SHORTLIST:
                keep += ns
                continue
            cheapest = set(sorted(ns, key=lambda n: self.coefs[n])[:SHORTLIST])
            keep += [
                n
                for n in ns
                if n in cheapest or carried[n] > 0 or hint.get(d) == self.pairs[n][1]
            ]
        return None if len(keep) == len(self.pairs) else keep


def _useful(prices: Prices, pairs: dict[str, str]) -> dict[str, str]:
    """First fit's pairs less those costing more than leaving the school unmet."""
    return {d: lid for d, lid in pairs.items() if prices.pair(d, lid) < prices.unmet(d)}


def _cost(prices: Prices, pairs: dict[str, str]) -> float:
    return sum(prices.pair(d, lid) - prices.unmet(d) for d, lid in pairs.items())


def _better(prices: Prices, a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    """Of two pairings of the same schools, the one of least real cost."""

    def cost(pairs: dict[str, str]) -> float:
        return sum(prices.pair(d, lid) - prices.unmet(d) for d, lid in pairs.items())

    return a if cost(a) <= cost(b) else b


def _solve_block(
    prices: Prices,
    block: Block,
    capacity: dict[str, float],
    candidates: dict[str, list[tuple[str, float]]],
    *,
    time_limit_s: float,
    workers: int,
    whole_model: bool = True,
) -> BlockAnswer:
    """Solve one block: the relaxation for a bound, first fit for a start, CP-SAT
    over each school's shortlist for most of the time (it finds good answers far
    sooner than over every pair), then SCIP over every candidate pair from that
    answer to improve it and prove how good it is (``whole_model``; at national
    size the relaxation's bound is kept instead)."""
    started = time.perf_counter()
    data = BlockModel(prices, block, capacity, candidates)
    sub = Problem(
        leaders=tuple(
            dataclasses.replace(lead, capacity_days=capacity[lead.id])
            for lead in block.leaders
        ),
        demands=tuple(block.demands),
        weights=prices.problem.weights,
    )
    hint = _useful(prices, first_fit(sub, dict(capacity)))
    data.add_pairs(prices, hint)
    if not data.pairs:
        return BlockAnswer({}, data.unmet_total, True, True, data.unmet_total)
    lp_bound, carried = data.relax()
    hint = _better(prices, data.rounded(carried), hint)
    keep = data.shortlist(carried, hint)
    if keep is None:
        status, pairs, bound = data.cp_sat(
            None, hint, time_limit_s=time_limit_s, workers=workers
        )
        return BlockAnswer(
            _better(prices, pairs, hint),
            max(lp_bound, bound) if bound is not None else lp_bound,
            status == cp_model.OPTIMAL,
            bound is not None,
            lp_bound,
        )
    first_share = SHORTLIST_SHARE if whole_model else 1.0
    status, pairs, _ = data.cp_sat(
        keep,
        hint,
        time_limit_s=time_limit_s * first_share,
        workers=min(workers, SHORTLIST_WORKERS),
    )
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if not whole_model:
        return BlockAnswer(
            _better(prices, pairs, hint), lp_bound, False, solved, lp_bound, pruned=True
        )
    left = time_limit_s - (time.perf_counter() - started)
    optimal, pairs, bound = data.scip(pairs, time_limit_s=left)
    return BlockAnswer(
        _better(prices, pairs, hint),
        max(lp_bound, bound) if bound is not None else lp_bound,
        optimal,
        solved or bound is not None,
        lp_bound,
        scip=True,
    )


def _improve_block(
    prices: Prices,
    block: Block,
    capacity: dict[str, float],
    candidates: dict[str, list[tuple[str, float]]],
    incumbent: dict[str, str],
    *,
    time_limit_s: float,
    workers: int,
) -> BlockAnswer:
    """A region of a national problem: CP-SAT over the shortlist of the region's schools that the
    incumbent (national first fit) leaves unmet or gives to one of the region's
    advisers, with the days those advisers have left after the schools of other
    regions the incumbent gave them. Never worse than the incumbent."""
    lp_bound = 0.0  # the bound is the national relaxation's (see solve)
    mine = {lead.id for lead in block.leaders}
    outside: dict[str, float] = dict.fromkeys(mine, 0.0)
    ids = {d.id for d in block.demands}
    for d, lid in incumbent.items():
        if lid in mine and d not in ids:
            outside[lid] += prices.demands[d].days
    free = [
        d
        for d in block.demands
        if incumbent.get(d.id) is None or incumbent[d.id] in mine
    ]
    left = {lid: max(0.0, capacity[lid] - outside[lid]) for lid in mine}
    start = {d.id: incumbent[d.id] for d in free if d.id in incumbent}
    data = BlockModel(prices, Block(free, block.leaders), left, candidates)
    data.add_pairs(prices, start)
    if not data.pairs:
        return BlockAnswer(start, lp_bound, False, True, lp_bound, pruned=True)
    keep = data.shortlist([0] * len(data.pairs), start)
    status, pairs, _ = data.cp_sat(
        keep, start, time_limit_s=time_limit_s, workers=min(workers, SHORTLIST_WORKERS)
    )
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return BlockAnswer(
        _better(prices, pairs, start), lp_bound, False, solved, lp_bound, pruned=True
    )


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
    limited = pruned = scip = False
    # what explaining every unmet school will take afterwards, out of the budget
    deadline = started + time_limit_s - EXPLAIN_S_PER_DEMAND * len(problem.demands)
    block_candidates = []
    for block in blocks:
        limit = MAX_CANDIDATES if len(block.leaders) > CANDIDATES_FROM else None
        candidates = _candidates(prices, block, capacity, limit)
        if limit is not None and any(len(c) >= limit for c in candidates.values()):
            limited = True
        for demand_id, found in candidates.items():
            considered[demand_id] = {lid for lid, _ in found}
        block_candidates.append(candidates)
    # at national size, regions improve national first fit one after another
    incumbent = _useful(prices, first_fit(problem, dict(capacity))) if regional else {}
    if regional:
        # the bound: one relaxation over every pair the regions consider, and first
        # fit's (the answer is made of those pairs only)
        merged: dict[str, list[tuple[str, float]]] = {}
        for candidates in block_candidates:
            merged |= candidates
        whole = BlockModel(prices, Block(free, list(problem.leaders)), capacity, merged)
        whole.add_pairs(prices, incumbent)
        bound += whole.relax()[0]
        for demand_id, leader_id in incumbent.items():
            considered.setdefault(demand_id, set()).add(leader_id)
    remaining = sum(len(b.demands) for b in blocks)
    for block, candidates in zip(blocks, block_candidates, strict=True):
        share = (
            (deadline - time.perf_counter()) * len(block.demands) / max(1, remaining)
        )
        remaining -= len(block.demands)
        if regional:
            answer = _improve_block(
                prices,
                block,
                capacity,
                candidates,
                incumbent,
                time_limit_s=share,
                workers=workers,
            )
            freed = [
                d.id
                for d in block.demands
                if incumbent.get(d.id) is None
                or incumbent[d.id] in {lead.id for lead in block.leaders}
            ]
            for d in freed:
                incumbent.pop(d, None)
            incumbent |= answer.pairs
        else:
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
        pruned = pruned or answer.pruned
        scip = scip or answer.scip
    pairs |= incumbent
    notes: list[str] = []
    scope = ""
    if regional:
        scope = "its region's advisers and the one first fit chose"
        notes.append(
            f"national first fit improved region by region ({len(blocks)} regions of at "
            f"most {REGION_DEMANDS} schools), CP-SAT re-pairing the schools first fit "
            "left unmet or gave to the region's advisers, among each school's "
            f"{SHORTLIST} cheapest pairs; the bound is the linear relaxation's over "
            "the pairs considered (each school's nearest suitable advisers of its own "
            "region and its first-fit adviser), not over every pair in the country"
        )
    if limited:
        scope = scope if regional else f"its {MAX_CANDIDATES} nearest advisers"
        notes.append(
            f"each school considered at most its {MAX_CANDIDATES} nearest suitable "
            "advisers: the bound is for that pruned problem"
        )
    if pruned and not regional:
        notes.append(
            f"CP-SAT searched each school's {SHORTLIST} cheapest pairs and those the "
            "linear relaxation uses; the bound is the relaxation's over every "
            "candidate pair"
        )
    if not solved:
        notes.append("a region found nothing in time and kept first fit's pairs")
    return build_allocation(
        problem,
        pairs,
        bound=bound,
        seconds=time.perf_counter() - started,
        method=(
            "cp-sat-regional"
            if regional
            else ("cp-sat-pruned" if limited else "cp-sat")
        )
        + ("+scip" if scip else ""),
        status="optimal" if optimal and solved else "feasible",
        prices=prices,
        considered=considered if (regional or limited) else None,
        scope=scope,
        notes=tuple(notes),
    )
