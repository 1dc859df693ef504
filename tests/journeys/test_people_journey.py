"""The advisers' register in a real browser: an officer opens System Leaders from the
menu, filters to those not eligible, sees why (their own school's latest
inspection), opens one, declares a conflict of interest and sees it listed; and
changes an adviser's days in one term. The pages pass axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from school_improvement.people.models import Conflict
from tests.clock_fixtures import eif_policy, frozen_on
from tests.factories import (
    DEFAULT_PASSWORD,
    AccreditationFactory,
    AdviserFactory,
    EstablishmentFactory,
    TermFactory,
    UserFactory,
)
from tests.journeys.conftest import assert_accessible, screenshot, sign_in
from tests.people.test_eligibility_rules import inspect

pytestmark = pytest.mark.browser


_today = frozen_on(2026, 12, 1)
_policy = eif_policy()


def test_an_officer_finds_who_is_not_eligible_and_declares_a_conflict(
    page: Page,
) -> None:
    school = EstablishmentFactory(name="Kingsmead Primary")
    inspect(school, "3")
    elmwood = EstablishmentFactory(name="Elmwood Academy", la=school.la)
    head = AdviserFactory(
        first_name="Harj",
        last_name="Hughes",
        la=school.la,
        own_school=school,
        own_school_role="headteacher",
    )
    AccreditationFactory(adviser=head, kind="lle")
    nle = AdviserFactory(first_name="Nadia", last_name="Nowak", la=school.la)
    AccreditationFactory(adviser=nle, kind="nle")
    officer = UserFactory()

    sign_in(page, officer.username, DEFAULT_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="System Leaders", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "System Leaders and advisers"
    )
    assert_accessible(page, "the advisers' register")

    # Only those not eligible, with the reason in the row.
    page.get_by_label("Eligible", exact=True).select_option(label="Not eligible")
    page.get_by_role("button", name="Filter").click()
    register = page.locator("#register")
    expect(register.get_by_role("link", name="Harj Hughes")).to_be_visible()
    expect(register.get_by_role("link", name="Nadia Nowak")).to_have_count(0)
    expect(register).to_contain_text("own school Kingsmead Primary")
    expect(register).to_contain_text("Requires improvement")
    screenshot(page, "people-register-not-eligible")

    # Their page lists the conflict that follows from the register.
    register.get_by_role("link", name="Harj Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harj Hughes")
    expect(page.locator("#derived-conflicts")).to_contain_text("Their own school")
    assert_accessible(page, "an adviser's record")

    # Declaring without a reason is refused, with the error summary.
    page.get_by_role("link", name="Declare a conflict of interest").click()
    page.get_by_label("School").select_option(label=f"Elmwood Academy ({elmwood.urn})")
    page.get_by_role("button", name="Declare the conflict").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for the conflict of interest"
    )
    assert_accessible(page, "the conflict form with an error")
    page.get_by_label("Reason").fill("Spouse teaches there")
    page.get_by_role("button", name="Declare the conflict").click()

    expect(page.get_by_text("The conflict of interest is declared.")).to_be_visible()
    declared = page.locator("#declared-conflicts")
    expect(declared).to_contain_text("Elmwood Academy")
    expect(declared).to_contain_text("Spouse teaches there")
    expect(page.locator("#derived-conflicts")).to_contain_text(
        "Declared: Spouse teaches there"
    )
    screenshot(page, "people-adviser-conflict-declared")
    assert Conflict.objects.filter(adviser=head, establishment=elmwood).exists()


def test_an_officer_changes_an_advisers_days_in_one_term(page: Page) -> None:
    nle = AdviserFactory(
        first_name="Nadia", last_name="Nowak", capacity_days_per_term=5
    )
    AccreditationFactory(adviser=nle, kind="nle")
    TermFactory(la=nle.la)
    officer = UserFactory()

    sign_in(page, officer.username, DEFAULT_PASSWORD)
    page.goto(f"/people/{nle.pk}/")
    terms = page.locator("#term-days")
    expect(terms).to_contain_text("Autumn 2026")
    terms.get_by_role("link", name="Change the days in Autumn 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Days in Autumn 2026")

    # More days than the term has school days is refused, with the error summary.
    page.get_by_label("Days this term").fill("80")
    page.get_by_role("button", name="Save the days").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Autumn 2026 has 73 school days"
    )
    assert_accessible(page, "the term days form with an error")
    page.get_by_label("Days this term").fill("2.5")
    page.get_by_label("Why it differs").fill("Seconded to the trust")
    page.get_by_role("button", name="Save the days").click()

    expect(page.get_by_text("Nadia Nowak has 2.5 days in Autumn 2026.")).to_be_visible()
    expect(terms).to_contain_text("Seconded to the trust")
    assert_accessible(page, "an adviser's record with a term's days")
    screenshot(page, "people-adviser-term-days")
    assert nle.term_capacities.get().days == 2.5
