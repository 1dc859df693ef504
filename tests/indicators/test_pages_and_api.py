"""The school page's inspections and trends, the area overview, the neighbours page
and the official-data API, with their scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.core.models import AuditEvent
from school_improvement.data.models import ImportKind
from school_improvement.indicators.models import StatisticalNeighbours
from school_improvement.indicators.services import indicator_import
from school_improvement.inspections.services import ofsted_import
from tests.ees_files import absence_school, build_ees_csv
from tests.factories import EstablishmentFactory, LocalAuthorityFactory
from tests.inspections.test_ofsted_import import AUG, JAN, consistent_report_card
from tests.ofsted_files import build_ofsted_csv, graded_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    la = LocalAuthorityFactory(code="989", name="Northshire")
    oak = EstablishmentFactory(
        urn="100001", la=la, name="Oak Primary", number_of_pupils=300
    )
    elm = EstablishmentFactory(
        urn="100002", la=la, name="Elm Primary", number_of_pupils=100
    )
    for raw, name in (
        (build_ofsted_csv("report_card", [consistent_report_card("100001")]), JAN),
        (
            build_ofsted_csv(
                "graded_ungraded",
                [
                    graded_school("100001"),
                    graded_school(
                        "100002",
                        **{
                            "Inspection number of latest graded inspection": "20200002",
                            "Previous graded inspection number": "",
                            "Latest ungraded inspection number since last graded inspection": "",
                            "Overall effectiveness": "2",
                        },
                    ),
                ],
            ),
            AUG,
        ),
    ):
        assert ofsted_import(acting_user=None, source=raw, file_name=name).succeeded
    rows = [
        absence_school("100001", p, sess_overall_percent=v)
        for p, v in (("202223", "5.1"), ("202324", "6.3"))
    ] + [absence_school("100002", "202324", la_code="989")]
    la_row = absence_school("", "202324", sess_overall_percent="6.0")
    la_row.update(
        geographic_level="Local authority",
        school_urn="",
        school_laestab="",
        school_name="",
    )
    england = dict(
        la_row, geographic_level="National", old_la_code="", sess_overall_percent="5.5"
    )
    raw = build_ees_csv("absence", [*rows, la_row, england])
    assert indicator_import(
        kind=ImportKind.ABSENCE,
        acting_user=None,
        source=raw,
        file_name="1a_absence_3term_school.csv",
    ).succeeded
    return {"oak": oak, "elm": elm}


def test_school_page_shows_the_report_card_and_the_earlier_grades(
    client, officer, world
):
    client.force_login(officer)
    page = client.get(reverse("schools:detail", args=["100001"])).content.decode()
    assert "report card" in page
    assert "Needs attention" in page and "Strong standard" in page
    assert "Leadership and governance" in page
    # the earlier graded inspections, as grades, never merged into the report card
    assert "graded inspection" in page
    assert "Not judged" in page and "3 Requires improvement" in page
    assert "Inspection 10100001" in page
    # the trend: chart and table
    assert "<svg" in page and 'role="img"' in page
    assert "Overall absence" in page and "6.3%" in page and "5.5%" in page
    assert "1a_absence_3term_school.csv" in page


def test_area_overview_keeps_frameworks_apart(client, officer, world):
    client.force_login(officer)
    page = client.get(reverse("area:overview")).content.decode()
    assert "Northshire (989)" in page
    assert (
        "Report card (from November 2025)" in page
        and "Graded inspection (2019 to 2025)" in page
    )
    # Oak's latest is a report card with an area needing attention; Elm's is graded Good
    assert "0.0%" in page  # no pupils in schools with every area expected or above
    assert "Overall absence" in page and "6.0%" in page and "+0.5 points" in page


def test_area_overview_counts(client, officer, world):
    from school_improvement.inspections.selectors import area_outcomes
    from school_improvement.schools.models import Establishment

    outcomes = area_outcomes(Establishment.objects.all())
    assert outcomes.total.report_cards == 1 and outcomes.total.needs_attention == 1
    assert outcomes.total.eif["2"] == 1 and outcomes.total.eif_total == 1
    assert outcomes.pupils_report_card == 300 and outcomes.pupils_none_below == 0


def test_senior_officer_sets_neighbours_and_it_is_audited(client, make_user, world):
    senior = make_user(Role.SENIOR_OFFICER)
    client.force_login(senior)
    page = client.get(reverse("area:neighbours")).content.decode()
    assert "default list" in page
    bad = client.post(
        reverse("area:neighbours"), {"neighbours": "873 98", "source": "x"}
    )
    assert "check 98" in bad.content.decode()
    response = client.post(
        reverse("area:neighbours"),
        {"neighbours": "873, 825", "source": "DfE tool 2025"},
    )
    assert response.status_code == 302
    assert StatisticalNeighbours.objects.get(la_code="989").neighbours == ["873", "825"]
    assert AuditEvent.objects.filter(verb="neighbours.set").exists()


def test_api_filters(client, officer, world):
    client.force_login(officer)
    data = client.get(
        "/api/inspections/", {"school": "100001", "framework": "report_card"}
    ).json()
    assert [i["inspection_number"] for i in data["results"]] == ["10400001"]
    assert data["results"][0]["judgements"]["achievement"] == "Expected standard"
    by_year = client.get("/api/inspections/", {"year": "2024/25"}).json()
    assert {i["inspection_number"] for i in by_year["results"]} >= {"10200002"}
    assert client.get("/api/inspections/", {"year": "24"}).status_code == 400
    values = client.get(
        "/api/indicator-values/",
        {"school": "100001", "indicator": "abs_overall_pct", "year": "2023/24"},
    ).json()["results"]
    assert (
        len(values) == 1
        and values[0]["value"] == "6.3000"
        and values[0]["status"] == "value"
    )
    assert values[0]["source_file"] == "1a_absence_3term_school.csv"
    area = client.get(
        "/api/area-values/", {"level": "national", "indicator": "abs_overall_pct"}
    ).json()
    assert area["results"][0]["raw"] == "5.5"
    catalogue = client.get("/api/indicators/").json()
    assert any(i["code"] == "ks4_p8" for i in catalogue)


def test_a_school_user_sees_only_their_own_official_data(client, make_user, world):
    client.force_login(make_user(Role.SCHOOL_USER, schools=[world["elm"]]))
    inspections = client.get("/api/inspections/").json()["results"]
    assert {i["urn"] for i in inspections} == {"100002"}
    values = client.get("/api/indicator-values/").json()["results"]
    assert values and {v["urn"] for v in values} == {"100002"}
    assert (
        client.get("/api/indicator-values/", {"school": "100001"}).json()["results"]
        == []
    )
    assert client.get(reverse("area:overview")).status_code == 403
    assert client.get(reverse("schools:detail", args=["100001"])).status_code == 403


@pytest.mark.parametrize("order", ["older_first", "newer_first"])
def test_the_page_is_the_same_whichever_order_the_files_came_in(client, officer, order):
    la = LocalAuthorityFactory(code="989", name="Northshire")
    EstablishmentFactory(urn="100001", la=la, name="Oak Primary")
    files = [
        (build_ofsted_csv("graded_ungraded", [graded_school("100001")]), AUG),
        (build_ofsted_csv("report_card", [consistent_report_card("100001")]), JAN),
    ]
    if order == "newer_first":
        files.reverse()
    for raw, name in files:
        assert ofsted_import(acting_user=None, source=raw, file_name=name).succeeded
    client.force_login(officer)
    page = client.get(reverse("schools:detail", args=["100001"])).content.decode()
    order_on_page = [
        page.index(f"Inspection {n}")
        for n in ("10400001", "10300003", "10200002", "10100001")
    ]
    assert order_on_page == sorted(
        order_on_page
    )  # newest first: report card, then the rest
    text = " ".join(page.split())
    assert "2 December 2025: report card" in text
    assert "1 October 2024: graded inspection" in text


def test_upload_works_out_the_type_of_file(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from school_improvement.inspections.models import Inspection

    EstablishmentFactory(urn="100001")
    client.force_login(officer)
    upload = SimpleUploadedFile(
        JAN, build_ofsted_csv("report_card", [consistent_report_card("100001")])
    )
    page = client.post(
        reverse("data:upload"), {"file": upload, "dry_run": "on"}
    ).content.decode()
    assert (
        "can be imported" in page
        and "Ofsted inspections" in page
        and "worked out from its columns" in page
    )
    assert not Inspection.objects.exists()
    upload = SimpleUploadedFile(
        JAN, build_ofsted_csv("report_card", [consistent_report_card("100001")])
    )
    response = client.post(reverse("data:upload"), {"file": upload}, follow=True)
    assert "Ofsted inspections" in response.content.decode()
    assert Inspection.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b\r\n1,2\r\n", "could not be worked out from its columns"),
        (
            b'"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\r\n',
            "This is a GIAS links file",
        ),
    ],
)
def test_upload_refuses_a_file_it_cannot_place(client, officer, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    page = client.post(
        reverse("data:upload"), {"file": SimpleUploadedFile("x.csv", content)}
    ).content.decode()
    assert "govuk-error-summary" in page and message in page


def test_a_chosen_type_that_does_not_fit_is_rejected_with_the_reason(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    raw = build_ees_csv("absence", [absence_school("100001")])
    page = client.post(
        reverse("data:upload"),
        {"file": SimpleUploadedFile("abs.csv", raw), "kind": "ks4", "dry_run": "on"},
    ).content.decode()
    assert "would be rejected" in page
