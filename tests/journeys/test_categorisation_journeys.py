"""Categorisation in a real browser: an officer runs a policy and previews it, a
senior officer publishes it, the school user reads its category, the triggers and the
evidence; the board, run, policy and school pages pass axe-core."""

from __future__ import annotations

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from school_improvement.accounts.models import Role
from tests.categorisation.conftest import TEST_POLICY
from tests.categorisation.test_runs import import_absence
from tests.factories import (
    DEFAULT_PASSWORD,
    EstablishmentFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.journeys.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_run_publish_and_the_school_reads_why(page: Page, tmp_path) -> None:
    (tmp_path / "test-policy.yaml").write_text(TEST_POLICY, encoding="utf-8")
    with override_settings(SI_POLICY_DIR=tmp_path):
        la = LocalAuthorityFactory(code="989", name="Northshire")
        oak = EstablishmentFactory(urn="100001", la=la, name="Oak Primary School")
        EstablishmentFactory(urn="100002", la=la, name="Elm Primary School")
        import_absence("7.5")
        officer = UserFactory(role=Role.OFFICER)
        senior = UserFactory(role=Role.SENIOR_OFFICER)
        school_user = UserFactory(role=Role.SCHOOL_USER, schools=[oak])

        sign_in(page, officer.username, DEFAULT_PASSWORD)
        page.goto("/categories/runs/")
        page.get_by_label("Policy").select_option("test-policy")
        page.get_by_role("button", name="Run (preview)").click()
        expect(
            page.get_by_role("heading", level=2, name="What publishing would change")
        ).to_be_visible()
        expect(
            page.get_by_role("button", name="Publish these categories")
        ).to_have_count(0)
        run_url = page.url
        assert_accessible(page, "the run preview")

        page.context.clear_cookies()
        sign_in(page, senior.username, DEFAULT_PASSWORD)
        page.goto(run_url)
        page.get_by_role("button", name="Publish these categories").click()
        expect(
            page.get_by_text("Published: 2 schools changed category.")
        ).to_be_visible()
        page.goto("/categories/")
        expect(page.get_by_role("table").first).to_contain_text("All")
        screenshot(page, "category-board")
        assert_accessible(page, "the category board")

        page.context.clear_cookies()
        sign_in(page, school_user.username, DEFAULT_PASSWORD)
        page.goto("/categories/schools/100001/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Support category")
        expect(page.locator(".govuk-inset-text").first).to_contain_text("Targeted")
        expect(page.get_by_role("table").first).to_contain_text("Overall absence: 7.5")
        screenshot(page, "school-category")
        assert_accessible(page, "the school's category page")
        page.goto("/categories/policies/test-policy/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Test policy")
        assert_accessible(page, "the policy page")


def test_moves_since_a_date_on_the_board_and_every_letter_at_once(
    page: Page, tmp_path
) -> None:
    import datetime as dt
    import io
    import zipfile

    from school_improvement.categorisation.services import (
        categorisation_run,
        run_publish,
    )
    from school_improvement.core import clock
    from tests.categorisation.test_runs import DAY1, DAY2, at

    (tmp_path / "test-policy.yaml").write_text(TEST_POLICY, encoding="utf-8")
    try:
        with override_settings(SI_POLICY_DIR=tmp_path):
            la = LocalAuthorityFactory(code="989", name="Northshire")
            EstablishmentFactory(urn="100001", la=la, name="Oak Primary School")
            EstablishmentFactory(urn="100002", la=la, name="Elm Primary School")
            senior = UserFactory(role=Role.SENIOR_OFFICER)
            officer = UserFactory(role=Role.OFFICER)
            clock.freeze(at(DAY1))
            import_absence("7.5")
            run = categorisation_run(
                acting_user=senior, policy_name="test-policy", as_of=DAY1
            )
            run_publish(acting_user=senior, run=run)
            clock.freeze(at(DAY2))
            import_absence("5.5", release="revised")
            run = categorisation_run(
                acting_user=senior, policy_name="test-policy", as_of=DAY2
            )
            run_publish(acting_user=senior, run=run)

            sign_in(page, officer.username, DEFAULT_PASSWORD)
            page.goto("/categories/")
            # A date that does not exist: the error summary links to the input.
            page.get_by_label("Day").fill("31")
            page.get_by_label("Month").fill("9")
            page.get_by_label("Year").fill("2026")
            page.get_by_role("button", name="Show the moves").click()
            summary = page.locator(".govuk-error-summary")
            expect(summary).to_contain_text("The date must be a real date")
            assert_accessible(page, "the board with a wrong date")

            day = DAY1 + dt.timedelta(days=1)
            page.get_by_label("Day").fill(str(day.day))
            page.get_by_label("Month").fill(str(day.month))
            page.get_by_label("Year").fill(str(day.year))
            page.get_by_role("button", name="Show the moves").click()
            expect(
                page.get_by_role("heading", name="Moves since 2 October 2026")
            ).to_be_visible()
            moves = page.get_by_role("table", name="Moves since 2 October 2026")
            expect(moves).to_contain_text("Oak Primary School")
            expect(moves).not_to_contain_text("Elm Primary School")
            screenshot(page, "category-board-moves-since")
            assert_accessible(page, "the board with moves since a date")

            page.goto(f"/categories/runs/{run.pk}/letters/")
            assert_accessible(page, "the letters page")
            with page.expect_download() as caught:
                page.locator('a[href$="/letters/all.docx.zip"]').click()
            download = caught.value
            assert download.suggested_filename == (
                f"letters-run-{run.pk}-all-schools-word.zip"
            )
            archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
            assert archive.namelist() == [
                "100001 Oak Primary School.docx",
                "100002 Elm Primary School.docx",
                "index.csv",
            ]
    finally:
        clock.freeze(None)
