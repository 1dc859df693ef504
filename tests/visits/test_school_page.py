"""The school's page lists this year's System Leader and the visits the reader may
see: the school its own, a System Leader those they make."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.visits.services import (
    ReportInput,
    report_save_draft,
    report_submit,
)
from tests.clock_fixtures import frozen_on
from tests.factories import (
    AdviserFactory,
    AssignmentFactory,
    EstablishmentFactory,
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
def area(make_user):
    school = EstablishmentFactory(name="Riverside Primary")
    lead_user = make_user(Role.SYSTEM_LEADER)
    lead = AdviserFactory(user=lead_user, first_name="Asha", last_name="Khan")
    AssignmentFactory(adviser=lead, establishment=school, academic_year="2026/27")
    sent = VisitFactory(
        establishment=school, lead=lead, planned_date=dt.date(2026, 10, 6)
    )
    report_submit(acting_user=lead_user, visit=sent, content=CONTENT)
    drafted = VisitFactory(
        establishment=school, lead=lead, planned_date=dt.date(2026, 11, 17)
    )
    report_save_draft(acting_user=lead_user, visit=drafted, content=CONTENT)
    other_user = make_user(Role.SYSTEM_LEADER)
    other = AdviserFactory(user=other_user)
    paired = VisitFactory(
        establishment=school,
        lead=other,
        visit_type="qa",
        planned_date=dt.date(2027, 1, 12),
    )
    VisitFactory(establishment=school, lead=lead, academic_year="2025/26")
    return {
        "school": school,
        "lead": lead_user,
        "other": other_user,
        "sent": sent,
        "drafted": drafted,
        "paired": paired,
    }


def section(client, user, school):
    client.force_login(user)
    response = client.get(reverse("schools:detail", kwargs={"urn": school.urn}))
    assert response.status_code == 200
    return response


def test_the_school_sees_its_leader_its_visits_and_only_sent_reports(
    client, make_user, area
):
    school = area["school"]
    head = make_user(Role.SCHOOL_USER, schools=[school])
    response = section(client, head, school)
    support = response.context["support"]
    assert [a.last_name for a in support["leaders"]] == ["Khan"]
    assert support["visits"] == [area["sent"], area["drafted"], area["paired"]]
    html = response.content.decode()
    assert "System Leader: Asha Khan." in html
    assert 'href="#visits">Support and visits</a>' in html  # in the page's contents
    assert "Sent 20 November 2026" in html
    assert ">Draft<" not in html  # a draft is the writer's, not yet the school's


def test_an_officer_sees_the_draft_too(client, officer, area):
    html = section(client, officer, area["school"]).content.decode()
    assert ">Draft<" in html


def test_a_system_leader_sees_the_visits_they_make_and_of_schools_they_support(
    client, area
):
    lead = section(client, area["lead"], area["school"]).context["support"]
    assert len(lead["visits"]) == 3  # they support the school
    other = section(client, area["other"], area["school"]).context["support"]
    assert other["visits"] == [area["paired"]]  # only their own


def test_a_board_member_sees_no_visits(client, make_user, area):
    board = make_user(Role.BOARD_MEMBER)
    response = section(client, board, area["school"])
    assert response.context["support"] is None
    assert b"Support and visits" not in response.content
