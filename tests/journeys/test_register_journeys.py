"""End-to-end journeys through the register in a real browser (chromium + Playwright
against ``live_server``): signing in, finding a school, importing a GIAS file, a
rejected file, a school user's scope, the keyboard and axe-core accessibility checks.

Screenshots of each main page are saved to var/screenshots/ (see conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from school_improvement.accounts.models import Role
from school_improvement.data.models import ImportRun, ImportStatus
from school_improvement.schools.models import Establishment
from school_improvement.schools.services import gias_import
from tests.factories import DEFAULT_PASSWORD, EstablishmentFactory, UserFactory
from tests.gias_files import build_gias_csv, gias_row
from tests.journeys.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser

# A curly apostrophe is byte 0x92 in Windows-1252: the name must survive the upload.
NEW_SCHOOL = "St Bride\u2019s C of E Primary School"


def seed_register() -> None:
    """Two schools, loaded the way the register is really filled: a GIAS import."""
    result = gias_import(
        acting_user=None,
        source=build_gias_csv(
            [
                gias_row("990001", "Brook Lane Primary School"),
                gias_row(
                    "990002",
                    "Hillside Infant School",
                    StatutoryHighAge="7",
                    Town="Southvale",
                ),
            ]
        ),
        file_name="edubasealldata20250422.csv",
    )
    assert result.succeeded, result.problems


def summary_value(page: Page, key: str):
    """The <dd> of the summary-list row whose <dt> is exactly ``key``."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    )
    return row.locator("dd")


def main_heading(page: Page):
    return page.get_by_role("heading", level=1)


def nav_link(page: Page, name: str):
    return page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name=name, exact=True
    )


def upload(page: Page, file_name: str, data: bytes) -> None:
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": file_name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Import file").click()
    page.wait_for_load_state()


def test_officer_finds_a_school_then_imports_a_gias_file(page: Page) -> None:
    seed_register()
    officer = UserFactory(role=Role.OFFICER)

    page.goto("/accounts/sign-in/")
    expect(main_heading(page)).to_have_text("Sign in")
    screenshot(page, "sign-in")
    assert_accessible(page, "the sign-in page")
    sign_in(page, officer.username, DEFAULT_PASSWORD)

    # The start page is the schools list.
    expect(page).to_have_url(re.compile(r"/schools/$"))
    expect(main_heading(page)).to_have_text("Schools")
    expect(page.get_by_role("status")).to_have_text("2 of 2 establishments.")
    page.get_by_label("Search").fill("lane prim")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text(
        "1 of 2 establishments matches your filters."
    )
    results = page.locator("table.govuk-table tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Brook Lane Primary School")
    screenshot(page, "schools-list")
    assert_accessible(page, "the schools list")

    page.get_by_role("link", name="Brook Lane Primary School").click()
    expect(page).to_have_url(re.compile(r"/schools/990001/$"))
    expect(main_heading(page)).to_have_text("Brook Lane Primary School")
    expect(page.locator(".govuk-caption-l")).to_have_text(
        "URN 990001 · LAESTAB 9312001"
    )
    expect(summary_value(page, "Type")).to_have_text(
        "Community school (Local authority maintained schools)"
    )
    expect(summary_value(page, "Phase")).to_have_text("Primary, ages 4 to 11")
    expect(summary_value(page, "Local authority")).to_have_text("Northshire (931)")
    expect(summary_value(page, "Pupils")).to_have_text("210")
    expect(summary_value(page, "Opened")).to_have_text("1 September 1990")
    expect(summary_value(page, "Data as at")).to_have_text(
        "GIAS extract of 22 April 2025"
    )
    screenshot(page, "school")
    assert_accessible(page, "a school page")

    # A newer extract: one school changed, one the same, one new.
    nav_link(page, "Upload a file").click()
    expect(page).to_have_url(re.compile(r"/data/upload/$"))
    expect(main_heading(page)).to_have_text("Upload an official data file")
    screenshot(page, "upload")
    assert_accessible(page, "the upload page")
    upload(
        page,
        "edubasealldata20250520.csv",
        build_gias_csv(
            [
                gias_row("990001", "Brook Lane Primary School", NumberOfPupils="215"),
                gias_row(
                    "990002",
                    "Hillside Infant School",
                    StatutoryHighAge="7",
                    Town="Southvale",
                ),
                gias_row(
                    "990003",
                    NEW_SCHOOL,
                    **{
                        "OpenDate": "01-09-2024",
                        "ReligiousCharacter (name)": "Church of England",
                    },
                ),
            ]
        ),
    )

    expect(page).to_have_url(re.compile(r"/data/imports/\d+/$"))
    expect(main_heading(page)).to_have_text("File imported")
    expect(page.locator(".govuk-panel__body")).to_have_text(
        "edubasealldata20250520.csv"
    )
    expect(summary_value(page, "Created")).to_have_text("1")
    expect(summary_value(page, "Updated")).to_have_text("1")
    expect(summary_value(page, "Unchanged")).to_have_text("1")
    expect(summary_value(page, "Extract date")).to_have_text("20 May 2025")
    changes = page.get_by_role("table", name="Records created or changed")
    expect(changes).to_contain_text(f"{NEW_SCHOOL} (990003)")
    expect(changes).to_contain_text("210 → 215")
    screenshot(page, "import-report")
    assert_accessible(page, "the import report")

    # The new school is in the register and can be found.
    nav_link(page, "Schools").click()
    expect(page.get_by_role("status")).to_have_text("3 of 3 establishments.")
    page.get_by_label("Search").fill("bride")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(1)
    page.get_by_role("link", name=NEW_SCHOOL).click()
    expect(main_heading(page)).to_have_text(NEW_SCHOOL)
    expect(summary_value(page, "Opened")).to_have_text("1 September 2024")
    expect(summary_value(page, "Religious character")).to_have_text("Church of England")
    assert Establishment.objects.get(urn="990001").number_of_pupils == 215


def test_a_bad_file_is_rejected_with_line_and_column_and_changes_nothing(
    page: Page,
) -> None:
    seed_register()
    officer = UserFactory(role=Role.OFFICER)
    before = sorted(
        Establishment.objects.values_list("urn", "name", "number_of_pupils")
    )

    sign_in(page, officer.username, DEFAULT_PASSWORD)
    page.goto("/data/upload/")
    # Line 2 is a good change; line 3 has a 13th month, so the whole file is refused.
    upload(
        page,
        "edubasealldata20250520.csv",
        build_gias_csv(
            [
                gias_row("990001", "Brook Lane Primary School", NumberOfPupils="999"),
                gias_row("990004", "Faulty Date Academy", OpenDate="31-13-2024"),
            ]
        ),
    )

    expect(page).to_have_url(re.compile(r"/data/imports/\d+/$"))
    expect(main_heading(page)).to_have_text(
        "edubasealldata20250520.csv was rejected: nothing was written"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Correct the 1 problem below and upload the file again."
    )
    problems = page.get_by_role("table", name="Problems")
    expect(problems.locator("tbody tr")).to_have_count(1)
    cells = problems.locator("tbody tr").first.locator("td")
    expect(cells).to_have_text(
        [
            "3",
            "OpenDate",
            "31-13-2024",
            "expected a date as dd-mm-yyyy or dd/mm/yyyy, found '31-13-2024'",
        ]
    )
    screenshot(page, "import-rejected")
    assert_accessible(page, "the report of a rejected import")

    after = sorted(Establishment.objects.values_list("urn", "name", "number_of_pupils"))
    assert after == before
    assert not Establishment.objects.filter(urn="990004").exists()
    assert ImportRun.objects.filter(status=ImportStatus.REJECTED).count() == 1

    nav_link(page, "Schools").click()
    expect(page.get_by_role("status")).to_have_text("2 of 2 establishments.")


def test_a_school_user_sees_only_their_own_school(page: Page) -> None:
    own = EstablishmentFactory(name="Meadow View Primary School")
    other = EstablishmentFactory(name="Riverside Oak Academy", town="Eastford")
    user = UserFactory(role=Role.SCHOOL_USER, schools=[own])

    sign_in(page, user.username, DEFAULT_PASSWORD)
    expect(page).to_have_url(re.compile(r"/schools/$"))
    expect(page.get_by_role("status")).to_have_text("1 of 1 establishment.")
    results = page.locator("table.govuk-table tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text(own.name)
    expect(nav_link(page, "My school")).to_be_visible()
    expect(nav_link(page, "Upload a file")).to_have_count(0)
    expect(nav_link(page, "Imports")).to_have_count(0)
    assert other.name not in page.content()
    screenshot(page, "school-user-list")

    # Searching for the other school finds nothing.
    page.get_by_label("Search").fill("Riverside")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.govuk-table")).to_have_count(0)
    assert other.name not in page.content()

    page.goto("/schools/")
    page.get_by_role("link", name=own.name).click()
    expect(main_heading(page)).to_have_text(own.name)

    for path in (f"/schools/{other.urn}/", f"/schools/{other.urn}/history/"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 403, path
        expect(main_heading(page)).to_have_text("You do not have access to this page")
        assert other.name not in page.content()
        assert "Eastford" not in page.content()
    screenshot(page, "forbidden")

    response = page.goto("/data/upload/")
    assert response is not None
    assert response.status == 403


def check_skip_link_is_first_tab_stop(page: Page) -> None:
    # Let the page settle as it would before a person presses a key: chromium applies
    # ``autofocus`` at a rendering step, and a Tab pressed before it would race it.
    page.wait_for_load_state("load")
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    # Focus moves synchronously: no need to wait the default 5 s to know it did not.
    expect(skip).to_be_focused(timeout=1000)
    expect(skip).to_be_in_viewport()  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused(timeout=1000)


def test_the_skip_link_is_the_first_tab_stop(page: Page) -> None:
    sign_in(page, UserFactory().username, DEFAULT_PASSWORD)
    page.goto("/schools/")
    check_skip_link_is_first_tab_stop(page)


def test_on_the_sign_in_page_the_first_tab_stop_is_the_skip_link(page: Page) -> None:
    page.goto("/accounts/sign-in/")
    check_skip_link_is_first_tab_stop(page)


def test_signing_in_with_empty_fields_shows_an_error_summary_linked_to_them(
    page: Page,
) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_text(["Enter your username", "Enter your password"])
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["#id_username", "#id_password"]
    for href in hrefs:
        field = page.locator(href)
        expect(field).to_have_count(1)
        assert field.evaluate("el => el.tagName") == "INPUT"
    # Each field shows its own message next to it.
    expect(page.locator("#id_username-error")).to_have_text(
        "Error: Enter your username"
    )
    expect(page.locator("#id_password-error")).to_have_text(
        "Error: Enter your password"
    )
    screenshot(page, "sign-in-errors")
    assert_accessible(page, "the sign-in page with errors")

    # Following a link in the summary puts the cursor in that field.
    links.nth(1).click()
    expect(page.locator("#id_password")).to_be_focused()
