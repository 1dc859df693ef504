"""Managing visits from the pages: agreeing or moving a date, cancelling, sending a
report to quality assurance, and the LA's agenda templates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.core.models import AuditEvent
from school_improvement.visits.models import (
    QaReason,
    QualityReview,
    VisitStatus,
    VisitTemplate,
)
from school_improvement.visits.services import (
    ReportInput,
    report_submit,
    visit_create,
)
from tests.clock_fixtures import frozen_on
from tests.factories import (
    AdviserFactory,
    EstablishmentFactory,
    TermFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

CONTENT = ReportInput(
    focus_areas="Reading",
    strengths="Phonics",
    areas_for_development="Fluency",
    risk_notes="",
    on_track="on_track",
    actions=(),
)


_today = frozen_on(2026, 11, 20)


@pytest.fixture
def leader(make_user):
    user = make_user(Role.SYSTEM_LEADER)
    AdviserFactory(user=user)
    return user


@pytest.fixture
def visit(leader):
    school = EstablishmentFactory(name="Riverside Primary")
    return VisitFactory(
        establishment=school,
        lead=leader.adviser,
        planned_date=None,
        term=TermFactory(la=school.la),
    )


def schedule(client, user, visit, **data):
    client.force_login(user)
    return client.post(reverse("visits:schedule", kwargs={"pk": visit.pk}), data)


def test_the_lead_agrees_the_date_and_calendars_see_a_new_sequence(
    client, leader, visit
):
    response = schedule(
        client, leader, visit, planned_date="2026-12-03", start_time="09:30"
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.planned_date == dt.date(2026, 12, 3)
    assert visit.start_time == dt.time(9, 30)
    assert visit.ics_sequence == 1
    assert AuditEvent.objects.filter(verb="visits.visit.schedule").count() == 1
    page = client.get(reverse("visits:visit", kwargs={"pk": visit.pk}))
    assert b"Thursday 3 December 2026, 09:30" in page.content
    assert b"Change the date" in page.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"planned_date": "3/12/2026"}, b"Enter the date of the visit as a date"),
        ({"planned_date": "2026-12-05"}, b"that date is a weekend"),
        ({"planned_date": "2027-01-12"}, b"Choose a date in the"),
        (
            {"planned_date": "2026-12-03", "start_time": "half nine"},
            b"Enter the start time as hours and minutes",
        ),
    ],
)
def test_a_bad_date_is_refused_and_nothing_changes(
    client, leader, visit, data, message
):
    response = schedule(client, leader, visit, **data)
    assert response.status_code == 400
    assert message in response.content
    visit.refresh_from_db()
    assert visit.planned_date is None and visit.ics_sequence == 0
    assert not AuditEvent.objects.filter(verb="visits.visit.schedule").exists()


def test_another_system_leader_may_not_date_the_visit(client, make_user, visit):
    other = make_user(Role.SYSTEM_LEADER)
    AdviserFactory(user=other)
    response = schedule(client, other, visit, planned_date="2026-12-03")
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.planned_date is None


def test_cancelling_needs_a_reason(client, officer, visit):
    client.force_login(officer)
    url = reverse("visits:cancel", kwargs={"pk": visit.pk})
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert b"Say why the visit is cancelled" in response.content
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    response = client.post(url, {"reason": "The head is ill"}, follow=True)
    assert b"The visit is cancelled" in response.content
    assert b"The head is ill" in response.content
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED and visit.ics_sequence == 1
    again = schedule(client, officer, visit, planned_date="2026-12-03")
    assert b"Only a planned visit can be given a date" in again.content


def test_an_officer_sends_a_report_to_quality_assurance_once(
    client, officer, leader, visit
):
    report = report_submit(acting_user=leader, visit=visit, content=CONTENT)
    client.force_login(officer)
    page = client.get(reverse("visits:visit", kwargs={"pk": visit.pk}))
    assert b"Send the report for quality assurance" in page.content
    url = reverse("visits:qa-request", kwargs={"pk": visit.pk})
    response = client.post(url, follow=True)
    assert b"in the quality-assurance queue" in response.content
    review = QualityReview.objects.get(report=report)
    assert review.reason == QaReason.REQUESTED
    response = client.post(url, follow=True)
    assert b"already in quality assurance" in response.content
    assert QualityReview.objects.filter(report=report).count() == 1


def test_a_visit_without_a_report_cannot_go_to_quality_assurance(
    client, officer, visit
):
    client.force_login(officer)
    url = reverse("visits:qa-request", kwargs={"pk": visit.pk})
    response = client.post(url, follow=True)
    assert b"no report to quality assure" in response.content
    assert not QualityReview.objects.exists()


def test_the_la_changes_a_template_and_new_visits_take_it(client, officer, leader):
    school = EstablishmentFactory()
    client.force_login(officer)
    listing = client.get(reverse("visits:templates"), {"la": school.la.code})
    assert listing.status_code == 200
    assert b"Built in" in listing.content
    assert b"Structured conversation" in listing.content
    url = reverse("visits:template", kwargs={"visit_type": "annual"})
    url += f"?la={school.la.code}"
    empty = client.post(url, {"agenda": "  ", "guidance": ""})
    assert empty.status_code == 400
    assert b"Enter the agenda" in empty.content
    assert not VisitTemplate.objects.exists()
    response = client.post(
        url,
        {"agenda": "Welcome\nData review\nLearning walk", "guidance": "Be brief"},
    )
    assert response.status_code == 302
    template = VisitTemplate.objects.get(la=school.la, visit_type="annual")
    assert template.agenda == "Welcome\nData review\nLearning walk"
    visit = visit_create(
        acting_user=officer,
        establishment=school,
        visit_type="annual",
        lead=leader.adviser,
        academic_year="2026/27",
    )
    assert visit.agenda == "Welcome\nData review\nLearning walk"
    unknown = reverse("visits:template", kwargs={"visit_type": "picnic"})
    assert client.get(unknown).status_code == 404
