"""The term calendar in a real browser: an officer opens Term dates from the menu,
enters the autumn term with its half-term (a mistake first, shown in the error
summary), sees its school days counted, adds an INSET day and sees it taken off.
The pages pass axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from school_improvement.terms.models import ClosureDay, Term
from tests.clock_fixtures import frozen_on
from tests.factories import DEFAULT_PASSWORD, EstablishmentFactory, UserFactory
from tests.journeys.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


_today = frozen_on(2026, 9, 1)


def test_an_officer_enters_a_term_and_a_closure_day(page: Page) -> None:
    EstablishmentFactory(name="Kingsmead Primary")  # the area's register
    officer = UserFactory()

    sign_in(page, officer.username, DEFAULT_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Term dates", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Term dates 2026/27")
    expect(page.get_by_text("No terms are entered for 2026/27")).to_be_visible()
    assert_accessible(page, "the term calendar, empty")

    page.get_by_role("link", name="Enter the autumn term").click()
    page.get_by_label("First day of term").fill("2026-09-02")
    page.get_by_label("Last day of term").fill("2026-08-18")  # before the start
    page.get_by_label("First day of half-term").fill("2026-10-26")
    page.get_by_label("Last day of half-term").fill("2026-10-30")
    page.get_by_role("button", name="Save the term").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "the term form with an error")
    assert not Term.objects.exists()

    page.get_by_label("Last day of term").fill("2026-12-18")
    page.get_by_role("button", name="Save the term").click()
    expect(page.get_by_text("Autumn term 2026/27 saved.")).to_be_visible()
    autumn = page.get_by_role("row").filter(has_text="Autumn term")
    expect(autumn).to_contain_text("Wed 2 September 2026")
    expect(autumn).to_contain_text("26 October to 30 October 2026")
    expect(autumn.locator("td").nth(3)).to_have_text("73")

    page.get_by_role("link", name="Add a closure day").click()
    page.get_by_label("Date").fill("2026-11-13")
    page.get_by_label("Reason").fill("Shared INSET day")
    page.get_by_role("button", name="Add the closure day").click()
    expect(
        page.get_by_text("Closure day 13 November 2026 added: Shared INSET day.")
    ).to_be_visible()
    expect(autumn.locator("td").nth(3)).to_have_text("72")
    expect(autumn).to_contain_text("13 November: Shared INSET day")
    assert_accessible(page, "the term calendar with a term and a closure day")
    screenshot(page, "terms-calendar-autumn-entered")
    assert ClosureDay.objects.get().date == dt.date(2026, 11, 13)
