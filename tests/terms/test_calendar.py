"""The term calendar's reading functions: academic years, England's bank holidays
(from the holidays package), school days and which term a day is in."""

from __future__ import annotations

import datetime as dt

import pytest

from school_improvement.terms.calendar import (
    academic_year_of,
    academic_year_shift,
    academic_year_start,
    bank_holidays,
    bank_holidays_in_term,
    school_days,
    term_of,
)
from school_improvement.terms.models import Term

D = dt.date


def term(name: str, start: dt.date, end: dt.date, ht=None, year="2026/27") -> Term:
    """An unsaved Term: the calendar functions only read its dates."""
    ht_start, ht_end = ht or (None, None)
    return Term(
        academic_year=year,
        name=name,
        start_date=start,
        end_date=end,
        half_term_start=ht_start,
        half_term_end=ht_end,
    )


AUTUMN = term(
    "autumn", D(2026, 9, 2), D(2026, 12, 18), (D(2026, 10, 26), D(2026, 10, 30))
)
SPRING = term("spring", D(2027, 1, 5), D(2027, 3, 25), (D(2027, 2, 15), D(2027, 2, 19)))
SUMMER_2026 = term(
    "summer",
    D(2026, 4, 13),
    D(2026, 7, 22),
    (D(2026, 5, 25), D(2026, 5, 29)),
    "2025/26",
)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2026, 8, 31), "2025/26"),
        (D(2026, 9, 1), "2026/27"),
        (D(2026, 12, 31), "2026/27"),
        (D(2027, 1, 1), "2026/27"),
        (D(2027, 7, 31), "2026/27"),
        (D(1999, 9, 1), "1999/00"),
    ],
)
def test_1_september_starts_an_academic_year(day, year):
    assert academic_year_of(day) == year


@pytest.mark.parametrize(
    ("year", "by", "shifted"),
    [
        ("2026/27", 1, "2027/28"),
        ("2026/27", -1, "2025/26"),
        ("2000/01", -1, "1999/00"),
        ("1999/00", 1, "2000/01"),
        ("2026/27", 0, "2026/27"),
    ],
)
def test_academic_years_shift_across_centuries(year, by, shifted):
    assert academic_year_shift(year, by) == shifted


def test_an_academic_year_starts_in_its_first_calendar_year():
    assert academic_year_start("2026/27") == 2026


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2026, 1, 1), "New Year's Day"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 6), "Easter Monday"),
        (D(2026, 5, 4), "May Day"),
        (D(2026, 5, 25), "Spring Bank Holiday"),
        (D(2026, 8, 31), "Late Summer Bank Holiday"),
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_england_s_bank_holidays_in_2026_come_from_the_holidays_package(day, name):
    assert bank_holidays([2026])[day] == name


def test_2026_has_eight_weekday_bank_holidays_in_england():
    found = bank_holidays([2026])
    # Boxing Day falls on a Saturday in 2026: the holiday is the Monday after.
    assert len([d for d in found if d.weekday() < 5]) == 8
    assert D(2026, 12, 26) in found  # the day itself is named too
    assert D(2026, 3, 17) not in found  # St Patrick's Day: Northern Ireland only


def test_school_days_are_the_weekdays_in_term_outside_half_term():
    days = school_days([AUTUMN])
    assert days[0] == D(2026, 9, 2)
    assert days[-1] == D(2026, 12, 18)
    assert all(d.weekday() < 5 for d in days)
    assert not [d for d in days if D(2026, 10, 26) <= d <= D(2026, 10, 30)]
    # 2 September to 18 December 2026: 78 weekdays, less the 5 of half-term.
    assert len(days) == 73


def test_school_days_skip_bank_holidays_and_closure_days():
    days = school_days([SUMMER_2026], closures=[D(2026, 6, 1)])
    assert D(2026, 5, 4) not in days  # early May bank holiday
    assert D(2026, 6, 1) not in days  # a closure day
    assert D(2026, 5, 5) in days
    weekdays = sum(
        1
        for n in range((SUMMER_2026.end_date - SUMMER_2026.start_date).days + 1)
        if (SUMMER_2026.start_date + dt.timedelta(n)).weekday() < 5
    )
    # less half-term (5 days, the spring bank holiday among them), 4 May, 1 June
    assert len(days) == weekdays - 5 - 1 - 1


def test_school_days_of_several_terms_come_in_date_order():
    days = school_days([SPRING, AUTUMN])
    assert days == sorted(days)
    assert days[0] == D(2026, 9, 2) and days[-1] == D(2027, 3, 25)
    assert D(2027, 1, 1) not in days  # the Christmas holiday, between terms


def test_no_terms_have_no_school_days():
    assert school_days([]) == []
    assert bank_holidays_in_term([]) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 9, 2), AUTUMN),
        (D(2026, 10, 28), AUTUMN),  # half-term counts as part of its term
        (D(2026, 12, 18), AUTUMN),
        (D(2026, 12, 21), None),  # the Christmas holiday
        (D(2027, 1, 5), SPRING),
        (D(2026, 9, 1), None),
    ],
)
def test_term_of_a_day(day, expected):
    assert term_of(day, [AUTUMN, SPRING]) is expected


def test_bank_holidays_in_term_are_the_weekday_ones_outside_half_term():
    found = bank_holidays_in_term([SUMMER_2026, AUTUMN])
    # 25 May falls in the summer half-term, 31 August between terms, Christmas
    # after the autumn term ends: only the early May bank holiday takes a day.
    assert [(d, name, t) for d, name, t in found] == [
        (D(2026, 5, 4), "May Day", SUMMER_2026)
    ]
