"""Scheduling the year's visits: autumn first where seed 001 says so, within each
term's days, never in half term or on a holiday, one visit a working day, and a
reason for every visit that does not fit."""

from __future__ import annotations

import datetime as dt

import pytest

from engines.allocation import (
    Demand,
    Leader,
    Problem,
    Term,
    england_bank_holidays,
    schedule,
)

TERMS = (
    Term("autumn", "Autumn 2026", dt.date(2026, 9, 3), dt.date(2026, 12, 18)),
    Term("spring", "Spring 2027", dt.date(2027, 1, 5), dt.date(2027, 3, 26)),
    Term("summer", "Summer 2027", dt.date(2027, 4, 12), dt.date(2027, 7, 21)),
)
HALF_TERM = {dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)}


def problem(leaders, demands):
    return Problem(leaders=tuple(leaders), demands=tuple(demands))


def test_autumn_first_schools_start_in_autumn_and_visits_spread_over_terms():
    lead = Leader("L", "Lee", capacity_days=12.0)
    p = problem(
        [lead], [Demand("t", "t", days=3, visits=3, autumn_first=True, priority=1)]
    )

    plan = schedule(p, {"t": "L"}, TERMS)

    terms = [v.term_id for v in plan.visits]
    assert terms == ["autumn", "spring", "summer"]
    assert [v.number for v in plan.visits] == [1, 2, 3]
    assert all(v.week_start.weekday() == 0 for v in plan.visits)
    assert not plan.unplaced


def test_every_autumn_first_school_is_seen_in_autumn_before_any_is_seen_twice():
    """Autumn has days for three visits: the two schools of four visits each would
    take two each and leave the third school until spring if placed one school at a
    time; every autumn-first school's first visit goes first."""
    lead = Leader(
        "L",
        "Lee",
        capacity_days=10.0,
        term_capacity={"autumn": 3.0, "spring": 4.0, "summer": 3.0},
    )
    demands = [
        Demand("a", "a", days=4, visits=4, autumn_first=True, priority=0),
        Demand("b", "b", days=4, visits=4, autumn_first=True, priority=0),
        Demand("c", "c", days=2, visits=2, autumn_first=True, priority=1),
    ]

    plan = schedule(problem([lead], demands), {d.id: "L" for d in demands}, TERMS)

    first = {v.demand_id: v.term_id for v in plan.visits if v.number == 1}
    assert first == {"a": "autumn", "b": "autumn", "c": "autumn"}
    autumn = [v for v in plan.visits if v.term_id == "autumn"]
    assert len(autumn) == 3  # the term's days, no more
    for d in demands:  # each school's visits still in order, weeks apart
        weeks = [v.week_start for v in plan.visits if v.demand_id == d.id]
        assert weeks == sorted(weeks) and len(set(weeks)) == len(weeks)
    assert [u.demand_id for u in plan.unplaced] == []


def test_visits_in_one_term_are_three_weeks_apart_where_possible():
    lead = Leader("L", "Lee", capacity_days=30.0)
    p = problem([lead], [Demand("i", "i", days=6, visits=6)])

    plan = schedule(p, {"i": "L"}, TERMS)

    weeks = [v.week_start for v in plan.visits]
    assert weeks == sorted(weeks)
    assert all((b - a).days >= 21 for a, b in zip(weeks, weeks[1:], strict=False))


def test_per_term_capacity_is_never_exceeded_and_the_rest_is_unplaced():
    lead = Leader(
        "L",
        "Lee",
        capacity_days=3.0,
        term_capacity={"autumn": 1.0, "spring": 1.0, "summer": 0.0},
    )
    demands = [Demand(f"s{i}", f"s{i}", days=1, visits=1, priority=i) for i in range(3)]

    plan = schedule(problem([lead], demands), {d.id: "L" for d in demands}, TERMS)

    assert sorted(v.term_id for v in plan.visits) == ["autumn", "spring"]
    assert [u.demand_id for u in plan.unplaced] == ["s2"]  # lowest priority waits
    assert "no term with 1.0 days left" in plan.unplaced[0].reason


def test_half_terms_and_holidays_are_skipped_and_one_visit_a_working_day():
    # Autumn only, every weekday off except the week of 9 November, which has two
    # working days: two of the three visits fit, on different days.
    autumn = TERMS[0]
    open_days = {dt.date(2026, 11, 9), dt.date(2026, 11, 10)}
    off = {
        autumn.start_date + dt.timedelta(days=i)
        for i in range((autumn.end_date - autumn.start_date).days + 1)
    } - open_days
    lead = Leader("L", "Lee", capacity_days=10.0)
    demands = [Demand(f"s{i}", f"s{i}", days=0.5, visits=1) for i in range(3)]

    plan = schedule(
        problem([lead], demands),
        {d.id: "L" for d in demands},
        [autumn],
        non_working_dates=off,
    )

    assert [v.week_start for v in plan.visits] == [dt.date(2026, 11, 9)] * 2
    assert len(plan.unplaced) == 1
    assert "every working day" in plan.unplaced[0].reason


def test_half_term_weeks_are_never_used():
    lead = Leader("L", "Lee", capacity_days=60.0)
    demands = [
        Demand(f"s{i}", f"s{i}", days=1, visits=1, autumn_first=True) for i in range(40)
    ]

    plan = schedule(
        problem([lead], demands),
        {d.id: "L" for d in demands},
        TERMS,
        non_working_dates=HALF_TERM,
    )

    assert dt.date(2026, 10, 26) not in {v.week_start for v in plan.visits}


def test_the_same_input_gives_the_same_plan():
    lead = Leader("L", "Lee", capacity_days=9.0)
    demands = [
        Demand(f"s{i}", f"s{i}", days=1.5, visits=3, priority=i % 3) for i in range(4)
    ]
    pairs = {d.id: "L" for d in demands}

    assert schedule(problem([lead], demands), pairs, TERMS) == schedule(
        problem([lead], demands), pairs, TERMS
    )


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (dt.date(2026, 12, 25), True),
        (dt.date(2026, 8, 31), True),
        (dt.date(2026, 8, 3), False),
    ],
)
def test_england_bank_holidays(day, holiday):
    assert (day in england_bank_holidays([2026])) is holiday
