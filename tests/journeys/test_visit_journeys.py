"""Visits in a real browser: a System Leader opens a due visit from My visits, writes
the report and submits it; the school marks a section inaccurate with a comment; a
quality assurer records an outcome. The pages pass axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from school_improvement.accounts.models import Role
from school_improvement.visits.models import (
    QualityReview,
    SchoolResponse,
    VisitReport,
    VisitStatus,
)
from tests.clock_fixtures import frozen_on
from tests.factories import (
    DEFAULT_PASSWORD,
    AdviserFactory,
    EstablishmentFactory,
    TermFactory,
    UserFactory,
    VisitFactory,
)
from tests.journeys.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


_today = frozen_on(2026, 11, 3)


def test_report_response_and_quality_assurance(page: Page) -> None:
    school = EstablishmentFactory(name="Oak Primary School")
    leader = UserFactory(role=Role.SYSTEM_LEADER, first_name="Sam")
    # Started this year: the report goes to quality assurance.
    AdviserFactory(user=leader, started_on=dt.date(2026, 9, 1))
    visit = VisitFactory(
        establishment=school,
        lead=leader.adviser,
        term=TermFactory(la=school.la),
        planned_date=dt.date(2026, 11, 10),
    )
    school_user = UserFactory(role=Role.SCHOOL_USER, schools=[school])
    assurer = UserFactory(role=Role.QUALITY_ASSURER)

    # The System Leader opens the due visit from My visits and writes the report.
    sign_in(page, leader.username, DEFAULT_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="My visits", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My schools and visits")
    assert_accessible(page, "my schools and visits")
    page.get_by_role("link", name="Oak Primary School").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Targeted visit")
    assert_accessible(page, "the visit")
    page.get_by_role("link", name="Write the report").click()
    page.get_by_label("Focus areas").fill("Reading in Key Stage 1")
    page.get_by_label("Strengths", exact=True).fill("Phonics is taught consistently")
    page.get_by_label("Areas for development").fill("Fluency in Year 2")
    page.get_by_label("At risk of not being on track").check()
    page.locator("#action-0-description").fill("Audit the Year 2 reading books")
    page.locator("#action-0-owner").fill("Headteacher")
    page.locator("#action-0-due_date").fill("2026-12-01")
    assert_accessible(page, "the report form")
    screenshot(page, "visit-report-form")
    page.get_by_role("button", name="Submit").click()
    expect(
        page.get_by_text("The report is submitted and sent to the school.")
    ).to_be_visible()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REPORTED
    assert QualityReview.objects.filter(report__visit=visit).exists()

    # The school marks the strengths inaccurate, with a comment.
    page.context.clear_cookies()
    sign_in(page, school_user.username, DEFAULT_PASSWORD)
    page.goto(f"/visits/{visit.pk}/")
    expect(page.get_by_text("Audit the Year 2 reading books")).to_be_visible()
    page.get_by_role("link", name="Respond to the report").click()
    for section in (
        "focus_areas",
        "areas_for_development",
        "actions",
        "risk_notes",
        "on_track",
    ):
        page.locator(f"#{section}-yes").check()
    page.locator("#strengths-no").check()
    page.locator("#strengths-comment").fill("Phonics was seen in one lesson only")
    assert_accessible(page, "the response form")
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_text("Your response is recorded.")).to_be_visible()
    expect(page.get_by_text("Phonics was seen in one lesson only")).to_be_visible()
    assert SchoolResponse.objects.get(accurate=False).section == "strengths"

    # The quality assurer records the outcome.
    page.context.clear_cookies()
    sign_in(page, assurer.username, DEFAULT_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Quality assurance", exact=True
    ).click()
    assert_accessible(page, "the QA queue")
    page.get_by_role("link", name="Oak Primary School").click()
    page.get_by_label("Meets the standard, with points to develop").check()
    page.get_by_label("Feedback for the System Leader").fill(
        "Clear and evidenced; give the actions success criteria."
    )
    assert_accessible(page, "the QA review")
    page.get_by_role("button", name="Record the outcome").click()
    expect(
        page.get_by_text("The quality assurance outcome is recorded.")
    ).to_be_visible()
    review = QualityReview.objects.get(report=VisitReport.objects.get(visit=visit))
    assert review.outcome == "meets_with_points"
    screenshot(page, "qa-queue")
