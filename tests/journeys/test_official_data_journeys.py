"""Official data in a real browser: an officer uploads Ofsted's monthly file (its type
worked out from the columns), reads the school's report card beside its earlier grades
and the trend charts, then the area overview; every page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from school_improvement.accounts.models import Role
from school_improvement.data.models import ImportKind
from school_improvement.indicators.services import indicator_import
from school_improvement.inspections.services import ofsted_import
from tests.ees_files import absence_school, build_ees_csv
from tests.factories import (
    DEFAULT_PASSWORD,
    EstablishmentFactory,
    LocalAuthorityFactory,
    UserFactory,
)
from tests.inspections.test_ofsted_import import AUG, JAN, consistent_report_card
from tests.journeys.conftest import assert_accessible, screenshot, sign_in
from tests.ofsted_files import build_ofsted_csv, graded_school

pytestmark = pytest.mark.browser


def seed() -> None:
    la = LocalAuthorityFactory(code="989", name="Northshire")
    EstablishmentFactory(
        urn="100001", la=la, name="Oak Primary School", number_of_pupils=320
    )
    assert ofsted_import(
        acting_user=None,
        source=build_ofsted_csv("graded_ungraded", [graded_school("100001")]),
        file_name=AUG,
    ).succeeded
    rows = [
        absence_school("100001", period, sess_overall_percent=value)
        for period, value in (("202223", "5.2"), ("202324", "6.1"), ("202425", "7.3"))
    ]
    for period in ("202223", "202324", "202425"):
        england = absence_school("", period, sess_overall_percent="5.5")
        england.update(
            geographic_level="National",
            school_urn="",
            school_laestab="",
            school_name="",
            old_la_code="",
        )
        rows.append(england)
    assert indicator_import(
        kind=ImportKind.ABSENCE,
        acting_user=None,
        source=build_ees_csv("absence", rows),
        file_name="1a_absence_3term_school.csv",
    ).succeeded


def test_officer_uploads_a_report_card_file_and_reads_the_school_and_the_area(
    page: Page,
) -> None:
    seed()
    officer = UserFactory(role=Role.OFFICER)
    sign_in(page, officer.username, DEFAULT_PASSWORD)

    page.goto("/data/upload/")
    page.get_by_label("File", exact=True).set_input_files(
        files=[
            {
                "name": JAN,
                "mimeType": "text/csv",
                "buffer": build_ofsted_csv(
                    "report_card", [consistent_report_card("100001")]
                ),
            }
        ]
    )
    page.get_by_role("button", name="Import file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("imported")
    expect(page.get_by_text("Ofsted inspections").first).to_be_visible()

    page.goto("/schools/100001/")
    inspections = page.locator("#inspections ~ .si-inspection")
    expect(inspections.first).to_contain_text("report card")
    expect(inspections.first).to_contain_text("Needs attention")
    expect(
        page.get_by_text("2 Good").first
    ).to_be_visible()  # the earlier grades, as grades
    chart = page.locator("#trend-abs_overall_pct-primary svg[role=img]")
    expect(chart).to_have_count(1)
    description = chart.locator("desc").text_content() or ""
    assert "7.3% in 2024/25" in description
    expect(page.locator("#trend-abs_overall_pct-primary table")).to_contain_text("7.3%")
    screenshot(page, "school-official-data")
    assert_accessible(page, "the school page with inspections and charts")

    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Area overview"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northshire (989)")
    expect(page.get_by_role("table").first).to_contain_text("Report cards")
    screenshot(page, "area-overview")
    assert_accessible(page, "the area overview")


def test_a_school_user_has_no_area_overview(page: Page) -> None:
    seed()
    from school_improvement.schools.models import Establishment

    user = UserFactory(
        role=Role.SCHOOL_USER, schools=[Establishment.objects.get(urn="100001")]
    )
    sign_in(page, user.username, DEFAULT_PASSWORD)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Area overview")).to_have_count(0)
    response = page.goto("/area/")
    assert response is not None and response.status == 403
