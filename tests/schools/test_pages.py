"""The register pages as an officer uses them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.data.models import ImportRun, ImportStatus
from school_improvement.schools.models import Establishment
from school_improvement.schools.services import gias_import
from tests.gias_files import build_gias_csv, build_links_csv, school

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def area(db):
    rows = [
        school(str(900000 + i), EstablishmentName=f"School {i:03d}")
        for i in range(1, 61)
    ]
    rows.append(
        school(
            "900100",
            EstablishmentName="Willow Academy",
            **{
                "TypeOfEstablishment (code)": "34",
                "TypeOfEstablishment (name)": "Academy converter",
                "EstablishmentTypeGroup (code)": "10",
                "EstablishmentTypeGroup (name)": "Academies",
                "Trusts (code)": "5001",
                "Trusts (name)": "Oak Learning Trust",
                "TrustSchoolFlag (name)": "Supported by a multi-academy trust",
            },
        )
    )
    links = build_links_csv(
        [("900100", "900001", "School 001", "Predecessor", "01-09-2024")]
    )
    gias_import(
        acting_user=None,
        source=build_gias_csv(rows),
        file_name="edubasealldata20260401.csv",
        links_source=links,
    )
    changed = [
        *rows[:-1],
        {
            **rows[-1],
            "HeadFirstName": "Grace",
            "HeadLastName": "Hopper",
            "NumberOfPupils": "250",
        },
    ]
    gias_import(
        acting_user=None,
        source=build_gias_csv(changed),
        file_name="edubasealldata20260901.csv",
    )


def test_the_list_paginates_and_counts(signed_in, area):
    page = signed_in.get(reverse("schools:list")).content.decode()
    assert "61</strong> of 61 establishments" in page
    assert "Page 1 of 2" in page
    assert "School 051" not in page  # 50 to a page
    assert (
        "School 051"
        in signed_in.get(reverse("schools:list") + "?page=2").content.decode()
    )


def test_search_and_filters_narrow_the_list(signed_in, area):
    page = signed_in.get(reverse("schools:list") + "?q=willow").content.decode()
    assert "Willow Academy" in page and "School 001" not in page
    page = signed_in.get(
        reverse("schools:list") + "?governance=academy&trust=5001"
    ).content.decode()
    assert "1</strong> of 61" in page and "Willow Academy" in page
    page = signed_in.get(reverse("schools:list") + "?q=900007").content.decode()
    assert "School 007" in page
    assert "Oak Learning Trust" in page  # trust filter option


def test_the_school_page_shows_register_contacts_and_links(signed_in, area):
    page = signed_in.get(reverse("schools:detail", args=["900100"])).content.decode()
    assert "Willow Academy" in page
    assert "Oak Learning Trust" in page and "Multi-academy trust" in page
    assert (
        "Grace Hopper" in page and "1 Sep 2026" in page
    )  # new head from the extract date
    assert "Ada Lovelace" in page and "Before 1 Apr 2026" in page
    assert "Predecessor" in page and reverse("schools:detail", args=["900001"]) in page


def test_the_history_page_shows_changes_and_the_record_as_it_was(signed_in, area):
    url = reverse("schools:history", args=["900100"])
    page = signed_in.get(url).content.decode()
    assert "Number of pupils" in page and "210" in page and "250" in page
    as_was = signed_in.get(url + "?as_of=2026-06-01").content.decode()
    assert "As at 1 June 2026" in as_was and "Lovelace" in as_was
    before = signed_in.get(url + "?as_of=2020-01-01").content.decode()
    assert "did not yet hold this establishment" in before
    bad = signed_in.get(url + "?as_of=31-02-2026").content.decode()
    assert "Enter a real date" in bad


def test_an_unknown_urn_is_404(signed_in, area):
    assert signed_in.get(reverse("schools:detail", args=["123"])).status_code == 404


def test_upload_imports_and_shows_the_report(signed_in):
    upload = SimpleUploadedFile(
        "edubasealldata20260401.csv", build_gias_csv([school("900001")]), "text/csv"
    )
    response = signed_in.post(reverse("data:upload"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "File imported" in page and "Created" in page
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.SUCCEEDED and run.actor is not None
    assert Establishment.objects.filter(urn="900001").exists()


def test_upload_of_a_bad_file_shows_line_and_column_and_writes_nothing(signed_in):
    upload = SimpleUploadedFile(
        "edubasealldata20260401.csv",
        build_gias_csv([school("900001", OpenDate="31-13-2024")]),
        "text/csv",
    )
    page = signed_in.post(
        reverse("data:upload"), {"file": upload}, follow=True
    ).content.decode()
    assert "was rejected: nothing was written" in page
    assert "OpenDate" in page and '<td class="govuk-table__cell">2</td>' in page
    assert not Establishment.objects.exists()
    listing = signed_in.get(reverse("data:imports")).content.decode()
    assert "Rejected" in listing


def test_upload_dry_run_shows_what_would_change(signed_in):
    upload = SimpleUploadedFile(
        "edubasealldata20260401.csv", build_gias_csv([school("900001")]), "text/csv"
    )
    page = signed_in.post(
        reverse("data:upload"), {"file": upload, "dry_run": "on"}
    ).content.decode()
    assert "can be imported" in page and "nothing has been written" in page
    assert not Establishment.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the file to import"),
        (
            {"file": SimpleUploadedFile("gias.xlsx", b"x")},
            "must be a CSV file",
        ),
        (
            {
                "file": SimpleUploadedFile("gias.csv", b"x"),
                "la_codes": "931 abc",
            },
            "check abc",
        ),
    ],
)
def test_upload_form_errors_are_summarised(signed_in, data, message):
    page = signed_in.post(reverse("data:upload"), data).content.decode()
    assert "govuk-error-summary" in page
    assert message in page


def test_a_school_user_lands_on_their_own_school_in_the_list(client, make_user, area):
    own = Establishment.objects.get(urn="900100")
    client.force_login(make_user(Role.SCHOOL_USER, schools=[own]))
    page = client.get(reverse("schools:list")).content.decode()
    assert "My school" in page
    assert "Willow Academy" in page and "School 001" not in page
    assert "Imports" not in page


def test_history_uses_the_extract_date_not_the_import_time(area):
    est = Establishment.objects.get(urn="900100")
    dates = sorted(
        {h.history_date.astimezone(dt.UTC).date() for h in est.history.all()}
    )
    assert dates == [
        dt.date(2026, 3, 31),
        dt.date(2026, 8, 31),
    ]  # midnight London = 23:00 UTC
