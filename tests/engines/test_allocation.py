"""The allocation engine: hard rules never broken, pins kept, CP-SAT beating greedy
first fit where first fit goes wrong, every unmet school explained, change costs,
pricing that agrees with the solver, and problems checked before solving."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from engines.allocation import (
    Demand,
    Leader,
    Problem,
    change_cost,
    evaluate,
    greedy,
    objective_of,
    solve,
    violations,
)

HERE = (51.75, -1.26)


def east(km: float) -> tuple[float, float]:
    """A point ``km`` east of HERE (0.01545 degrees of longitude is about 1.07 km)."""
    return (HERE[0], HERE[1] + km / 69.0)


def leader(id_: str, days: float = 10.0, **kw) -> Leader:
    return Leader(id=id_, name=f"Leader {id_}", capacity_days=days, **kw)


def demand(id_: str, days: float = 1.0, **kw) -> Demand:
    kw.setdefault("location", HERE)
    return Demand(id=id_, school_id=id_, school_name=f"School {id_}", days=days, **kw)


def pairs_of(allocation) -> dict[str, str]:
    return {a.demand_id: a.leader_id for a in allocation.assignments}


SOLVERS = [
    pytest.param(lambda p: solve(p, time_limit_s=5), id="solve"),
    pytest.param(greedy, id="greedy"),
]


@pytest.mark.parametrize("method", SOLVERS)
@pytest.mark.parametrize(
    ("case", "leaders", "demands", "expected"),
    [
        (
            "conflict",
            [
                leader("A", location=HERE, conflicts={"s1": "own school"}),
                leader("B", location=east(30)),
            ],
            [demand("s1")],
            {"s1": "B"},
        ),
        (
            "phase",
            [
                leader("A", location=HERE, phases=frozenset({"secondary"})),
                leader("B", location=east(20), phases=frozenset({"primary"})),
            ],
            [demand("s1", phase="primary")],
            {"s1": "B"},
        ),
        (
            "capacity",
            [
                leader("A", days=2, location=HERE),
                leader("B", days=5, location=east(10)),
            ],
            [
                demand("s1", days=2, priority=0),
                demand("s2", days=2, priority=1, location=east(10)),
            ],
            {"s1": "A", "s2": "B"},
        ),
        (
            "max travel",
            [leader("A", location=east(50), max_travel_km=20)],
            [demand("s1")],
            {},
        ),
        (
            "empty phases take any phase",
            [leader("A", location=HERE)],
            [demand("s1", phase="special")],
            {"s1": "A"},
        ),
    ],
)
def test_hard_rules(method, case, leaders, demands, expected):
    problem = Problem(leaders=tuple(leaders), demands=tuple(demands))

    answer = method(problem)

    assert pairs_of(answer) == expected, case
    assert violations(problem, pairs_of(answer)) == []


def test_a_pinned_pair_is_kept_even_when_it_breaks_a_rule():
    problem = Problem(
        leaders=(
            leader("A", days=1, location=HERE, conflicts={"s1": "governor"}),
            leader("B", location=HERE),
        ),
        demands=(demand("s1", days=2, fixed_leader_id="A"), demand("s2")),
    )

    for answer in (solve(problem), greedy(problem)):
        by_demand = {a.demand_id: a for a in answer.assignments}
        assert by_demand["s1"].leader_id == "A" and by_demand["s1"].pinned
        assert answer.leader_days["A"] == 2.0  # counts, over capacity
        assert by_demand["s2"].leader_id == "B"  # A has nothing left


def test_cp_sat_beats_first_fit_where_first_fit_uses_up_the_only_adviser():
    # First fit gives s1 (first in priority) its nearest adviser A, the only one
    # who may take s2 (B has a conflict there), so s2 goes unmet.
    problem = Problem(
        leaders=(
            leader("A", days=3, location=HERE),
            leader("B", days=3, location=east(5), conflicts={"s2": "own school"}),
        ),
        demands=(demand("s1", days=3, priority=0), demand("s2", days=3, priority=1)),
    )

    best, first = solve(problem), greedy(problem)

    assert best.objective < first.objective, (
        f"CP-SAT {best.objective:.1f} vs greedy {first.objective:.1f}"
    )
    assert pairs_of(best) == {"s1": "B", "s2": "A"}
    assert (
        best.status == "optimal" and best.gap is not None and best.gap < 0.01
    )  # costs are rounded to hundredths


def test_every_unmet_entitlement_is_reported_with_a_reason():
    problem = Problem(
        leaders=(
            leader(
                "P",
                days=2,
                location=HERE,
                phases=frozenset({"primary"}),
                conflicts={"c1": "own school"},
            ),
            leader(
                "Q",
                days=1,
                location=east(3),
                phases=frozenset({"primary"}),
                conflicts={"c1": "same trust"},
            ),
            leader(
                "F",
                days=5,
                location=east(80),
                phases=frozenset({"nursery"}),
                max_travel_km=10,
            ),
        ),
        demands=(
            demand("sec", phase="secondary"),
            demand("c1", phase="primary"),
            demand("far", phase="nursery"),
            demand("big", days=3, phase="primary", priority=1),
            demand("top", days=2, phase="primary", priority=0),
        ),
    )

    answer = solve(problem)
    reasons = {u.demand_id: " ".join(u.reasons) for u in answer.unmet}

    assert set(reasons) == {"sec", "c1", "far", "big"}
    assert "no eligible adviser works in the secondary phase" in reasons["sec"]
    assert "conflict of interest" in reasons["c1"] and "own school" in reasons["c1"]
    assert "beyond every adviser's maximum travel distance" in reasons["far"]
    assert "days left between them; it needs 3.0" in reasons["big"]
    assert "never split" in reasons["big"] or "higher-priority" in reasons["big"]
    assert greedy(problem).unmet and all(u.reasons for u in greedy(problem).unmet)


def test_higher_priority_schools_took_the_capacity():
    problem = Problem(
        leaders=(leader("A", days=2, location=HERE),),
        demands=(demand("hi", days=2, priority=0), demand("lo", days=2, priority=3)),
    )

    unmet = {u.demand_id: u.reasons for u in solve(problem).unmet}

    assert list(unmet) == ["lo"]
    assert any("higher-priority schools took the capacity" in r for r in unmet["lo"])


def test_evaluate_and_objective_of_agree_with_solve():
    problem = random_problem(random.Random(7), 25, 5)

    answer = solve(problem, time_limit_s=5)
    again = evaluate(problem, pairs_of(answer))

    assert again.objective == pytest.approx(answer.objective)
    assert objective_of(problem, pairs_of(answer)) == pytest.approx(answer.objective)
    assert (again.method, again.status, again.bound, again.gap) == (
        "evaluated",
        "given",
        None,
        None,
    )
    assert {u.demand_id for u in again.unmet} == {u.demand_id for u in answer.unmet}
    assert answer.bound is not None and answer.bound <= answer.objective + 1e-6


def test_change_cost_figures_and_warnings():
    problem = Problem(
        leaders=(
            leader("A", days=2, location=HERE),
            leader(
                "B",
                days=1,
                location=east(10),
                conflicts={"s1": "spouse"},
                max_travel_km=5,
            ),
        ),
        demands=(
            demand(
                "s1", days=2, visits=2, previous_leader_id="A", wants_continuity=True
            ),
        ),
    )
    current = evaluate(problem, {"s1": "A"})

    cost = change_cost(problem, current, "s1", "B")

    assert (cost.from_leader_id, cost.to_leader_id) == ("A", "B")
    assert cost.continuity_lost and not cost.continuity_gained
    assert cost.extra_km == pytest.approx(2 * 10, rel=0.02)
    assert cost.delta == pytest.approx(cost.objective_after - cost.objective_before)
    assert cost.delta == pytest.approx(2 * 10 + 60, rel=0.02)  # travel and continuity
    assert (
        cost.to_leader_load_after,
        cost.to_leader_capacity,
        cost.from_leader_load_after,
    ) == (2.0, 1.0, 0.0)
    text = " ".join(cost.warnings)
    assert (
        "conflict of interest" in text
        and "over capacity" in text
        and "maximum travel" in text
    )

    to_nobody = change_cost(problem, current, "s1", None)
    assert (
        to_nobody.to_leader_id is None
        and to_nobody.delta > 0
        and not to_nobody.warnings
    )


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (
            Problem(leaders=(leader("A"), leader("A")), demands=()),
            "duplicate leader id 'A'",
        ),
        (
            Problem(leaders=(), demands=(demand("s"), demand("s"))),
            "duplicate demand id 's'",
        ),
        (
            Problem(leaders=(leader("A", days=-1),), demands=()),
            "capacity_days -1 is negative",
        ),
        (Problem(leaders=(), demands=(demand("s", days=-2),)), "days -2 is negative"),
        (
            Problem(leaders=(), demands=(demand("s", fixed_leader_id="Z"),)),
            "fixed_leader_id 'Z' is not a leader",
        ),
        (Problem(leaders=(), demands=(demand("s", visits=0),)), "visits 0 is below 1"),
    ],
)
def test_problem_check_names_what_is_wrong(problem, message):
    with pytest.raises(ValueError, match=message):
        problem.check()
    with pytest.raises(ValueError, match=message):
        solve(problem)


def random_problem(rng: random.Random, n_demands: int, n_leaders: int) -> Problem:
    phases = ("primary", "secondary", "")
    leaders = tuple(
        Leader(
            id=f"L{i}",
            name=f"L{i}",
            capacity_days=rng.choice((0.0, 1.5, 3.0, 6.0)),
            phases=frozenset(rng.sample(("primary", "secondary"), rng.randint(0, 1))),
            location=east(rng.uniform(0, 40)) if rng.random() < 0.9 else None,
            conflicts={f"D{rng.randrange(n_demands)}": "own school"},
            max_travel_km=rng.choice((None, 15.0)),
        )
        for i in range(n_leaders)
    )
    demands = tuple(
        Demand(
            id=f"D{j}",
            school_id=f"D{j}",
            phase=rng.choice(phases),
            days=rng.choice((0.5, 1.0, 2.0, 3.0)),
            visits=rng.randint(1, 3),
            priority=rng.randint(0, 6),
            inspection_due=dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(1500)),
            location=east(rng.uniform(0, 40)),
            previous_leader_id=f"L{rng.randrange(n_leaders)}",
            wants_continuity=rng.random() < 0.5,
        )
        for j in range(n_demands)
    )
    return Problem(leaders=leaders, demands=demands)


@pytest.mark.parametrize("seed", range(8))
def test_solve_never_breaks_a_hard_rule(seed):
    problem = random_problem(random.Random(seed), 30, 6)

    answer = solve(problem, time_limit_s=3)
    first = greedy(problem)

    assert violations(problem, pairs_of(answer)) == []
    assert violations(problem, pairs_of(first)) == []
    assert answer.objective <= first.objective + 1e-6
    assert len(answer.assignments) + len(answer.unmet) == len(problem.demands)
    assert all(u.reasons for u in answer.unmet)


def _first_fit_by_hand(problem):
    """First fit as its docstring says it, measuring every leader for every school:
    the reference the indexed first fit must agree with."""
    from engines.allocation.costs import distance_km, eligible
    from engines.allocation.greedy import priority_key

    left = {lead.id: lead.capacity_days for lead in problem.leaders}
    pairs = {}
    for d in sorted(problem.demands, key=priority_key):
        ranked = sorted(
            enumerate(problem.leaders),
            key=lambda p: (
                p[1].location is not None,
                distance_km(p[1], d) or 0.0,
                p[0],
            ),
        )
        for _, lead in ranked:
            km = distance_km(lead, d)
            if left[lead.id] >= d.days - 1e-9 and eligible(lead, d, km):
                pairs[d.id] = lead.id
                left[lead.id] -= d.days
                break
    return pairs


@pytest.mark.parametrize("seed", range(6))
def test_indexed_first_fit_agrees_with_measuring_everyone(seed):
    rng = random.Random(100 + seed)
    problem = random_problem(rng, 60, 9)
    # spread over a few towns so that the index's cells and rings matter
    problem = Problem(
        leaders=tuple(
            dataclasses.replace(
                lead,
                location=None
                if lead.location is None
                else (lead.location[0] + rng.choice((0, 0.4, 0.9)), lead.location[1]),
            )
            for lead in problem.leaders
        ),
        demands=problem.demands,
    )

    assert pairs_of(greedy(problem)) == _first_fit_by_hand(problem)


def test_the_method_says_when_scip_took_the_whole_model():
    """Schools with more pairs than the shortlist: CP-SAT searches the shortlist,
    then SCIP the whole model, and the method says both."""
    from engines.allocation.solver import SHORTLIST

    problem = random_problem(random.Random(7), 40, 14)
    allowed = [
        sum(
            1
            for lead in problem.leaders
            if not violations(
                Problem(leaders=(lead,), demands=(d,), weights=problem.weights),
                {d.id: lead.id},
            )
        )
        for d in problem.demands
    ]
    assert max(allowed) > SHORTLIST  # the case is what it says

    answer = solve(problem, time_limit_s=2)
    small = solve(random_problem(random.Random(7), 3, 2), time_limit_s=2)

    assert answer.method == "cp-sat+scip"
    assert small.method == "cp-sat"


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_never_exceeds_the_objective(seed):
    problem = random_problem(random.Random(200 + seed), 80, 8)

    answer = solve(problem, time_limit_s=2)

    assert answer.bound is not None
    assert answer.bound <= answer.objective + 1e-6
    assert answer.gap is not None and answer.gap >= -1e-9


@pytest.mark.parametrize("seed", range(3))
def test_regions_improve_first_fit_and_keep_every_rule(seed, monkeypatch):
    import engines.allocation.solver as solver

    monkeypatch.setattr(solver, "REGION_DEMANDS", 25)
    problem = random_problem(random.Random(300 + seed), 90, 12)

    answer = solve(problem, time_limit_s=3)
    first = greedy(problem)

    assert answer.method == "cp-sat-regional"
    assert violations(problem, pairs_of(answer)) == []
    assert answer.objective <= first.objective + 1e-6
    assert answer.bound is not None and answer.bound <= answer.objective + 1e-6
    assert len(answer.assignments) + len(answer.unmet) == len(problem.demands)
    assert all(u.reasons for u in answer.unmet)
