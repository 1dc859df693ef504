"""Calendars: each person's private feed (token, rotation, what it holds) and a
strategy meeting's own .ics file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from school_improvement.accounts.models import Role
from school_improvement.core.models import AuditEvent
from school_improvement.support.models import MeetingStatus, StrategyMeeting
from school_improvement.visits.models import CalendarFeed, VisitStatus
from school_improvement.visits.services import calendar_feed_token
from tests.clock_fixtures import frozen_on
from tests.factories import AdviserFactory, EstablishmentFactory, VisitFactory

pytestmark = pytest.mark.django_db


_today = frozen_on(2026, 11, 20)


@pytest.fixture
def leader(make_user):
    user = make_user(Role.SYSTEM_LEADER)
    AdviserFactory(user=user)
    return user


def events(body: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(body)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def feed_url(token: str) -> str:
    return reverse("calendar-feed", kwargs={"token": token})


def test_the_first_address_then_a_new_one_that_ends_the_old(client, leader):
    client.force_login(leader)
    page = client.get(reverse("visits:mine"))
    assert b"Get my calendar address" in page.content
    response = client.post(reverse("visits:feed-rotate"), follow=True)
    assert b"Your calendar address is ready" in response.content
    first = CalendarFeed.objects.get(user=leader).token
    assert feed_url(first).encode() in response.content
    response = client.post(reverse("visits:feed-rotate"), follow=True)
    assert b"the old one no longer works" in response.content
    second = CalendarFeed.objects.get(user=leader).token
    assert second != first
    client.logout()
    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    verbs = AuditEvent.objects.filter(verb="visits.calendar.token").count()
    assert verbs == 2


def test_the_feed_holds_the_persons_visits_and_no_one_elses(client, leader):
    adviser = leader.adviser
    mine = VisitFactory(lead=adviser, planned_date=dt.date(2026, 12, 3))
    paired = VisitFactory(
        lead=AdviserFactory(), second_visitor=adviser, planned_date=dt.date(2027, 1, 12)
    )
    VisitFactory(lead=adviser, status=VisitStatus.CANCELLED)
    VisitFactory(lead=adviser, planned_date=None)  # not yet dated
    VisitFactory(lead=AdviserFactory())  # someone else's
    token = calendar_feed_token(acting_user=leader, user=leader)
    response = client.get(feed_url(token))  # no sign-in: Outlook fetches it
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    got = events(response.content)
    assert set(got) == {
        f"visit-{mine.pk}@school-improvement",
        f"visit-{paired.pk}@school-improvement",
    }
    assert got[f"visit-{mine.pk}@school-improvement"].decoded("dtstart") == dt.date(
        2026, 12, 3
    )


def test_an_unknown_token_or_an_inactive_user_finds_nothing(client, leader):
    assert client.get(feed_url("not-a-token")).status_code == 404
    token = calendar_feed_token(acting_user=leader, user=leader)
    leader.is_active = False
    leader.save()
    assert client.get(feed_url(token)).status_code == 404


def test_an_officer_feed_holds_the_meetings_they_chair(client, officer):
    school = EstablishmentFactory(name="Riverside Primary")
    chaired = StrategyMeeting.objects.create(
        establishment=school,
        academic_year="2026/27",
        series_weeks=6,
        number=2,
        planned_date=dt.date(2027, 1, 11),
        chair=officer,
    )
    StrategyMeeting.objects.create(
        establishment=school,
        academic_year="2026/27",
        series_weeks=6,
        number=3,
        planned_date=dt.date(2027, 2, 22),
        chair=officer,
        status=MeetingStatus.CANCELLED,
    )
    token = calendar_feed_token(acting_user=officer, user=officer)
    got = events(client.get(feed_url(token)).content)
    assert list(got) == [f"strategy-meeting-{chaired.pk}@school-improvement"]
    event = got[f"strategy-meeting-{chaired.pk}@school-improvement"]
    assert str(event["summary"]) == "Strategy meeting 2: Riverside Primary"


def test_one_meeting_as_a_file(client, officer):
    meeting = StrategyMeeting.objects.create(
        establishment=EstablishmentFactory(name="Oak Academy"),
        academic_year="2026/27",
        series_weeks=6,
        number=1,
        planned_date=dt.date(2027, 1, 11),
    )
    client.force_login(officer)
    response = client.get(reverse("visits:meeting-ics", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert "strategy-meeting-" in response["Content-Disposition"]
    (event,) = events(response.content).values()
    assert event.decoded("dtstart") == dt.date(2027, 1, 11)
    assert event.decoded("dtend") == dt.date(2027, 1, 12)
    assert str(event["status"]) == "CONFIRMED"
    missing = reverse("visits:meeting-ics", kwargs={"pk": meeting.pk + 1000})
    assert client.get(missing).status_code == 404
