"""The visits pages, by role: a System Leader, the school (own and other), a quality
assurer and an officer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from school_improvement.accounts.models import Role
from school_improvement.visits.models import (
    QualityReview,
    ReportSection,
    ReportStatus,
    SchoolResponse,
    VisitStatus,
)
from school_improvement.visits.services import (
    ActionInput,
    ReportInput,
    qa_record,
    report_save_draft,
    report_submit,
    visit_cancel,
    visit_schedule,
)
from tests.clock_fixtures import frozen_on
from tests.factories import (
    AdviserFactory,
    AssignmentFactory,
    EstablishmentFactory,
    TermFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

CONTENT = ReportInput(
    focus_areas="Reading across the school",
    strengths="Phonics is taught well",
    areas_for_development="Fluency in Year 2",
    risk_notes="",
    on_track="at_risk",
    actions=(
        ActionInput("Audit the Year 2 books", "Headteacher", dt.date(2026, 12, 1)),
    ),
)


_today = frozen_on(2026, 11, 20)


@pytest.fixture
def leader(make_user):
    user = make_user(Role.SYSTEM_LEADER)
    AdviserFactory(user=user)
    return user


@pytest.fixture
def school():
    return EstablishmentFactory(name="Riverside Primary")


@pytest.fixture
def visit(leader, school):
    return VisitFactory(establishment=school, lead=leader.adviser, term=TermFactory())


def page(client, user, name, **kw):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kw or None))


def test_my_visits_groups(client, leader, school):
    adviser = leader.adviser
    AssignmentFactory(adviser=adviser, establishment=school, academic_year="2026/27")
    overdue = VisitFactory(lead=adviser, planned_date=dt.date(2026, 11, 10))
    due = VisitFactory(lead=adviser, planned_date=dt.date(2026, 12, 3))
    draft = VisitFactory(lead=adviser, planned_date=dt.date(2026, 11, 12))
    report_save_draft(acting_user=leader, visit=draft, content=CONTENT)
    reported = VisitFactory(lead=adviser, planned_date=dt.date(2026, 11, 2))
    report_submit(acting_user=leader, visit=reported, content=CONTENT)
    VisitFactory(lead=AdviserFactory())  # someone else's
    response = page(client, leader, "visits:mine")
    assert response.status_code == 200
    groups = response.context["groups"]
    assert groups["overdue"] == [overdue]
    assert groups["due"] == [due]
    assert groups["draft"] == [draft]
    assert groups["reported"] == [reported]
    assert [a.establishment for a in response.context["assignments"]] == [school]
    assert b"Riverside Primary" in response.content
    assert b"My visits" in response.content  # navigation


def test_my_visits_without_adviser(client, officer):
    response = page(client, officer, "visits:mine")
    assert response.status_code == 200
    assert b"no System Leader record" in response.content


def test_leader_writes_draft_then_submits(client, leader, visit):
    client.force_login(leader)
    url = reverse("visits:report", kwargs={"pk": visit.pk})
    visit.agenda = "Welcome\nEvidence seen: books\n"
    visit.save()
    response = client.get(url)
    assert response.status_code == 200
    assert b"Save draft" in response.content
    # the visit's agenda is at hand while the report is written
    assert b"<li>Welcome</li><li>Evidence seen: books</li>" in response.content
    data = {
        "focus_areas": "Reading",
        "strengths": "",
        "areas_for_development": "Fluency",
        "on_track": "not_on_track",
        "action-0-description": "Audit books",
        "action-0-owner": "Head",
        "action-0-due_date": "2026-12-01",
        "draft": "",
    }
    assert client.post(url, data).status_code == 302
    assert visit.report.status == ReportStatus.DRAFT
    data.pop("draft")
    data["submit"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    assert b"Enter the strengths" in response.content
    data["strengths"] = "Phonics"
    assert client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORTED
    assert visit.report.actions.get().owner == "Head"
    response = client.get(url)
    assert b"can no longer be changed" in response.content


def test_report_shows_previous_report(client, leader, visit, school):
    earlier = VisitFactory(establishment=school, planned_date=dt.date(2026, 9, 20))
    report_submit(
        acting_user=None,
        visit=earlier,
        content=ReportInput("Maths", "Earlier strength", "x", "", "on_track"),
    )
    response = page(client, leader, "visits:report", pk=visit.pk)
    assert b"Earlier strength" in response.content


def test_only_visitors_write(client, make_user, visit):
    assert (
        page(client, make_user(Role.OFFICER), "visits:report", pk=visit.pk).status_code
        == 403
    )
    other = make_user(Role.SYSTEM_LEADER)
    AdviserFactory(user=other)
    assert page(client, other, "visits:report", pk=visit.pk).status_code == 403


def test_school_never_sees_a_draft_nor_qa(client, make_user, leader, visit, school):
    school_user = make_user(Role.SCHOOL_USER, schools=[school])
    report_save_draft(acting_user=leader, visit=visit, content=CONTENT)
    response = page(client, school_user, "visits:visit", pk=visit.pk)
    assert response.status_code == 200
    assert b"Phonics is taught well" not in response.content
    assert (
        b"Phonics is taught well"
        in page(client, leader, "visits:visit", pk=visit.pk).content
    )
    report_submit(acting_user=leader, visit=visit, content=CONTENT)
    review = QualityReview.objects.create(report=visit.report, reason="requested")
    qa_record(
        acting_user=make_user(Role.QUALITY_ASSURER),
        review=review,
        outcome="meets",
        feedback="Secret feedback",
    )
    response = page(client, school_user, "visits:visit", pk=visit.pk)
    assert b"Phonics is taught well" in response.content
    assert b"Audit the Year 2 books" in response.content
    assert b"Secret feedback" not in response.content
    assert b"Respond to the report" in response.content
    officer = page(client, make_user(Role.OFFICER), "visits:visit", pk=visit.pk)
    assert b"Secret feedback" in officer.content


def test_other_school_refused(client, make_user, visit):
    outsider = make_user(Role.SCHOOL_USER, schools=[EstablishmentFactory()])
    for name in ("visits:visit", "visits:respond", "visits:ics"):
        response = page(client, outsider, name, pk=visit.pk)
        assert response.status_code == 403
        assert b"Riverside Primary" not in response.content


def test_school_responds(client, make_user, leader, visit, school):
    school_user = make_user(Role.SCHOOL_USER, schools=[school])
    client.force_login(school_user)
    url = reverse("visits:respond", kwargs={"pk": visit.pk})
    assert client.get(url).status_code == 404  # no report yet
    report_submit(acting_user=leader, visit=visit, content=CONTENT)
    form = client.get(url)
    assert form.status_code == 200
    # the sections read as the report page has them: no risks is "None noted",
    # and an action's date in words
    assert b"None noted" in form.content and b"(empty)" not in form.content
    assert b"(Headteacher, by 1 December 2026)" in form.content
    data = {s.value: "yes" for s in ReportSection}
    data["strengths"] = "no"
    response = client.post(url, data)
    assert response.status_code == 400
    assert b"say what is inaccurate" in response.content
    data["strengths-comment"] = "Phonics was judged on one lesson"
    assert client.post(url, data).status_code == 302
    assert SchoolResponse.objects.get(accurate=False).section == "strengths"
    response = page(client, leader, "visits:visit", pk=visit.pk)
    assert b"Phonics was judged on one lesson" in response.content
    # the answers read in the order of the sections, not of their codes
    shown = [r.section for r in response.context["responses"]]
    assert shown == list(ReportSection.values)
    # having answered, the school is offered to change its answers
    again = page(client, school_user, "visits:visit", pk=visit.pk).content
    assert b"Change your response" in again and b"Respond to the report" not in again


def test_qa_queue_and_review(client, make_user, leader, visit):
    assurer = make_user(Role.QUALITY_ASSURER)
    other_assurer = make_user(Role.QUALITY_ASSURER)
    report_submit(acting_user=leader, visit=visit, content=CONTENT)
    second = VisitFactory(lead=leader.adviser, term=visit.term)
    report_submit(acting_user=leader, visit=second, content=CONTENT)
    theirs = QualityReview.objects.create(
        report=second.report, reason="requested", assigned_to=other_assurer
    )
    mine = QualityReview.objects.create(
        report=visit.report, reason="requested", assigned_to=assurer
    )
    response = page(client, assurer, "visits:qa-queue")
    assert response.status_code == 200
    assert response.context["open_reviews"] == [mine, theirs]
    assert b"Draw the sample" not in response.content
    url = reverse("visits:qa-review", kwargs={"pk": mine.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"outcome": "meets", "feedback": ""})
    assert response.status_code == 400
    response = client.post(url, {"outcome": "meets", "feedback": "Well evidenced"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.outcome == "meets"
    assert response.wsgi_request  # redirected to the queue
    queue = page(client, assurer, "visits:qa-queue")
    assert mine in queue.context["done"]
    # a completed review links to its page, which shows the outcome read-only
    assert f'href="{url}"'.encode() in queue.content
    # and says which visit it was, as the open list does
    completed = queue.content.decode().split("Completed (1)")[1]
    assert f"{visit.get_visit_type_display()}, " in completed
    done = client.get(url)
    assert (
        b"Well evidenced" in done.content and b"Record the outcome" not in done.content
    )


def test_quality_assurer_who_visited_is_refused(client, make_user, visit):
    assurer = make_user(Role.QUALITY_ASSURER)
    visit.second_visitor = AdviserFactory(user=assurer)
    visit.save()
    report_submit(acting_user=None, visit=visit, content=CONTENT)
    review = QualityReview.objects.create(report=visit.report, reason="requested")
    assert page(client, assurer, "visits:qa-review", pk=review.pk).status_code == 403


def test_the_queue_links_each_review_where_the_reader_may_go(
    client, make_user, leader, visit
):
    """An officer sees the queue but does not record QA: their link goes to the
    visit (its report and the review's outcome), not to a page that refuses them."""
    report_submit(acting_user=leader, visit=visit, content=CONTENT)
    review = QualityReview.objects.create(report=visit.report, reason="requested")
    review_url = reverse("visits:qa-review", kwargs={"pk": review.pk})
    visit_url = reverse("visits:visit", kwargs={"pk": visit.pk})

    officer = page(client, make_user(Role.OFFICER), "visits:qa-queue").content.decode()
    assert f'href="{visit_url}"' in officer and review_url not in officer
    assert client.get(visit_url).status_code == 200
    assurer = make_user(Role.QUALITY_ASSURER)
    theirs = page(client, assurer, "visits:qa-queue").content.decode()
    assert f'href="{review_url}"' in theirs


def test_officer_draws_sample(client, make_user, leader, visit):
    officer = make_user(Role.OFFICER)
    report_submit(acting_user=leader, visit=visit, content=CONTENT)
    response = page(client, officer, "visits:qa-queue")
    assert b"Draw the sample" in response.content
    response = client.post(
        reverse("visits:qa-draw"),
        {"term": visit.term.pk, "seed": "5", "percentage": ""},
    )
    assert response.status_code == 302
    review = QualityReview.objects.get()
    assert review.sample.seed == 5 and review.report == visit.report
    client.force_login(make_user(Role.QUALITY_ASSURER))
    assert (
        client.post(reverse("visits:qa-draw"), {"term": visit.term.pk}).status_code
        == 403
    )


def test_ics(client, leader, visit):
    response = page(client, leader, "visits:ics", pk=visit.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert cal["METHOD"] == "PUBLISH" and cal["VERSION"] == "2.0" and cal["PRODID"]
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == f"visit-{visit.pk}@school-improvement"
    assert event.decoded("DTSTART") == dt.date(2026, 11, 10)
    assert str(event["LOCATION"]).startswith("Riverside Primary, ")
    assert "Progress since the last visit" in str(event["DESCRIPTION"])
    assert event["SEQUENCE"] == 0
    assert "DTSTAMP" in event and "SUMMARY" in event
    visit_schedule(
        acting_user=leader,
        visit=visit,
        planned_date=dt.date(2026, 11, 24),
        start_time=dt.time(9, 30),
    )
    event = Calendar.from_ical(
        page(client, leader, "visits:ics", pk=visit.pk).content
    ).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 24, 9, 30)
    assert event["SEQUENCE"] == 1
    visit_cancel(acting_user=leader, visit=visit, reason="Snow")
    event = Calendar.from_ical(
        page(client, leader, "visits:ics", pk=visit.pk).content
    ).walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2


def test_draw_refuses_bad_input(client, make_user, visit):
    client.force_login(make_user(Role.OFFICER))
    url = reverse("visits:qa-draw")
    assert (
        client.post(url, {"term": visit.term.pk, "percentage": "lots"}).status_code
        == 302
    )
    assert client.post(url, {"term": "x"}).status_code == 302
    assert client.get(url).status_code == 405
    assert not QualityReview.objects.exists()
