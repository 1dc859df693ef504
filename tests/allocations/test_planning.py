"""Planning the year from confirmed pairings: visits placed on school days within
the adviser's capacity, the autumn term first where seed 001 says so, strategy
meetings every N weeks of term time, and nothing moved when planning runs again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from school_improvement.allocations.planning import meeting_dates, year_plan
from school_improvement.allocations.services import proposal_confirm, proposal_create
from school_improvement.support.models import StrategyMeeting
from school_improvement.terms.models import ClosureDay
from school_improvement.visits.models import Visit, VisitType
from tests.allocations.conftest import YEAR

pytestmark = pytest.mark.django_db

AUTUMN_START = dt.date(2026, 9, 3)


def confirmed(area, officer):
    proposal = proposal_create(acting_user=officer, la=area["la"], academic_year=YEAR)
    proposal_confirm(acting_user=officer, proposal=proposal)
    return proposal


def test_every_pairing_gets_its_visits_on_school_days(area, nle, officer):
    ClosureDay.objects.create(la=area["la"], date=dt.date(2026, 9, 4), reason="INSET")
    confirmed(area, officer)

    plan = year_plan(
        acting_user=officer, la=area["la"], academic_year=YEAR, from_date=AUTUMN_START
    )

    visits = list(Visit.objects.order_by("planned_date"))
    assert (
        plan.visits == len(visits) == 3 + 1 + 1 + 1
    )  # T: 3, U: 1 + welcome, A: 1 conversation
    by_school = {}
    for visit in visits:
        by_school.setdefault(visit.establishment.urn, []).append(visit.visit_type)
        assert visit.planned_date.weekday() < 5
        assert visit.planned_date != dt.date(2026, 9, 4)
        assert not any(t.in_half_term(visit.planned_date) for t in area["terms"])
        assert visit.lead == nle and visit.assignment is not None
        assert visit.agenda  # from the template (or the built-in agenda)
    assert sorted(by_school["100002"]) == sorted([VisitType.ANNUAL, VisitType.WELCOME])
    assert by_school["100003"] == [VisitType.STRUCTURED_CONVERSATION]
    oak = [v for v in visits if v.establishment.urn == "100001"]
    assert oak[0].term == area["terms"][0]  # three visits: autumn first


def test_no_two_visits_of_one_adviser_on_the_same_day(area, nle, officer):
    confirmed(area, officer)
    year_plan(
        acting_user=officer, la=area["la"], academic_year=YEAR, from_date=AUTUMN_START
    )
    days = list(Visit.objects.filter(lead=nle).values_list("planned_date", flat=True))
    assert len(days) == len(set(days))


def test_planning_again_adds_nothing_and_moves_nothing(area, nle, officer):
    confirmed(area, officer)
    year_plan(
        acting_user=officer, la=area["la"], academic_year=YEAR, from_date=AUTUMN_START
    )
    before = sorted(Visit.objects.values_list("pk", "planned_date"))
    meetings = StrategyMeeting.objects.count()

    again = year_plan(
        acting_user=officer, la=area["la"], academic_year=YEAR, from_date=AUTUMN_START
    )

    assert (again.visits, again.meetings) == (0, 0)
    assert sorted(Visit.objects.values_list("pk", "planned_date")) == before
    assert StrategyMeeting.objects.count() == meetings


def test_strategy_meetings_every_six_weeks_in_term_time(area, nle, officer):
    confirmed(area, officer)
    year_plan(
        acting_user=officer, la=area["la"], academic_year=YEAR, from_date=AUTUMN_START
    )
    meetings = list(
        StrategyMeeting.objects.filter(establishment=area["oak"]).order_by("number")
    )
    assert len(meetings) >= 5  # T: every 6 weeks over a 39-week year
    assert [m.number for m in meetings] == list(range(1, len(meetings) + 1))
    for first, second in zip(meetings, meetings[1:], strict=False):
        assert (second.planned_date - first.planned_date).days >= 42
    for m in meetings:
        assert any(t.contains(m.planned_date) for t in area["terms"])
        assert not any(t.in_half_term(m.planned_date) for t in area["terms"])


def test_meeting_dates_move_past_holidays():
    days = [dt.date(2026, 9, 7) + dt.timedelta(days=i) for i in range(0, 60)]
    days = [
        d
        for d in days
        if d.weekday() < 5 and not (dt.date(2026, 10, 19) <= d <= dt.date(2026, 10, 23))
    ]
    dates = meeting_dates(days, start=dt.date(2026, 9, 7), weeks=6)
    assert dates == [dt.date(2026, 9, 7), dt.date(2026, 10, 26)]  # 19 Oct is half term


def test_no_terms_no_plan(area, nle, officer):
    confirmed(area, officer)
    with pytest.raises(ValidationError, match="term dates of 2027/28"):
        year_plan(acting_user=officer, la=area["la"], academic_year="2027/28")
