"""Every letter of a published run at once: a ZIP of Word or PDF letters named by URN
and school, with an index; audited; for officers only; and the letters page."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from school_improvement.accounts.models import Role
from school_improvement.categorisation.models import RunStatus
from school_improvement.categorisation.selectors import letter_rows
from school_improvement.categorisation.services import (
    categorisation_run,
    override_decide,
    override_propose,
    run_publish,
)
from school_improvement.core import clock
from school_improvement.core.models import AuditEvent
from school_improvement.schools.models import ContactRole
from tests.categorisation.test_runs import (  # noqa: F401
    DAY1,
    DAY2,
    area,
    at,
    import_absence,
)
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def publish_twice(area, make_user):  # noqa: F811
    """Run 1 (DAY1): Oak Targeted (absence 7.5 against 5.0), Elm Universal. Run 2
    (DAY2, after a revised absence file): Oak back to Universal, Elm unchanged. The
    clock stays at DAY2."""
    senior = make_user(Role.SENIOR_OFFICER)
    first = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    run_publish(acting_user=senior, run=first)
    clock.freeze(at(DAY2))
    import_absence("5.5", release="revised")
    second = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY2)
    run_publish(acting_user=senior, run=second)
    first.refresh_from_db()
    second.refresh_from_db()
    return {**area, "first": first, "second": second, "senior": senior}


@pytest.fixture
def two_publications(area, make_user):  # noqa: F811
    return publish_twice(area, make_user)


def download(client, run, scope: str, fmt: str):
    response = client.get(
        reverse(
            "categorisation:letters-zip",
            kwargs={"pk": run.pk, "scope": scope, "fmt": fmt},
        )
    )
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    return response, zipfile.ZipFile(io.BytesIO(data))


def index_of(archive: zipfile.ZipFile) -> list[dict[str, str]]:
    text = archive.read("index.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_annual_letters_are_a_zip_of_word_letters_named_by_urn_and_school(
    client, two_publications, make_user
):
    ContactFactory(
        establishment=two_publications["oak"],
        role=ContactRole.HEADTEACHER,
        title="Mrs",
        first_name="Ann",
        last_name="Jones",
    )
    officer = make_user(Role.OFFICER, first_name="Tom", last_name="Okafor")
    client.force_login(officer)
    response, archive = download(client, two_publications["second"], "all", "docx")
    run = two_publications["second"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="letters-run-{run.pk}-all-schools-word.zip"'
    )
    assert archive.namelist() == [
        "100001 Oak Primary.docx",
        "100002 Elm Primary.docx",
        "index.csv",
    ]
    for name, school in (("100001 Oak Primary", "Oak"), ("100002 Elm Primary", "Elm")):
        doc = Document(io.BytesIO(archive.read(f"{name}.docx")))
        texts = [p.text for p in doc.paragraphs]
        urn = name.split()[0]
        assert f"{school} Primary (URN {urn}): support category U (Universal)" in texts
        other = "Elm" if school == "Oak" else "Oak"
        assert not any(other in t for t in texts)  # one school's letter each
        assert any("Tom Okafor" in t for t in texts)
    oak = Document(io.BytesIO(archive.read("100001 Oak Primary.docx")))
    assert "Dear Mrs Jones and Chair of Governors" in [p.text for p in oak.paragraphs]

    rows = index_of(archive)
    assert [(r["URN"], r["School"]) for r in rows] == [
        ("100001", "Oak Primary"),
        ("100002", "Elm Primary"),
    ]
    oak_row, elm_row = rows
    assert oak_row["Previous category"] == "T" and oak_row["New category"] == "U"
    assert oak_row["Category changed"] == "yes"
    assert oak_row["Headteacher"] == "Mrs Ann Jones"
    assert oak_row["DfE notification needed"] == "no"
    assert oak_row["Letter file"] == "100001 Oak Primary.docx"
    assert elm_row["Previous category"] == "U" and elm_row["Category changed"] == "no"


def test_letters_to_the_schools_whose_category_changed_as_pdf(
    client, two_publications, officer
):
    client.force_login(officer)
    run = two_publications["second"]
    _, archive = download(client, run, "changed", "pdf")
    assert archive.namelist() == ["100001 Oak Primary.pdf", "index.csv"]
    assert archive.read("100001 Oak Primary.pdf").startswith(b"%PDF-")
    [row] = index_of(archive)
    assert (row["URN"], row["Previous category"], row["New category"]) == (
        "100001",
        "T",
        "U",
    )


def test_a_batch_is_audited_with_who_which_letters_and_when(
    client, two_publications, officer
):
    client.force_login(officer)
    download(client, two_publications["second"], "all", "pdf")
    event = AuditEvent.objects.get(verb="letters.draft_batch")
    assert event.actor == officer
    assert event.object_id == str(two_publications["second"].pk)
    assert event.details == {
        "scope": "all",
        "format": "pdf",
        "letters": 2,
        "urns": ["100001", "100002"],
    }
    assert event.occurred_at == at(DAY2)


def test_no_change_no_batch_of_change_letters(client, two_publications, officer):
    client.force_login(officer)
    run = two_publications["second"]
    run.changes.all().delete()
    response = client.get(
        reverse(
            "categorisation:letters-zip",
            kwargs={"pk": run.pk, "scope": "changed", "fmt": "docx"},
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "categorisation:letters", args=[run.pk]
    )
    assert "No school changed category" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="letters.draft_batch").exists()


def test_a_preview_run_has_no_letters(client, area, officer):  # noqa: F811
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    assert run.status == RunStatus.DRAFT
    client.force_login(officer)
    url = reverse(
        "categorisation:letters-zip",
        kwargs={"pk": run.pk, "scope": "all", "fmt": "docx"},
    )
    assert client.get(url).status_code == 404


def test_a_move_moderated_back_is_no_change(two_publications, officer):
    run, senior = two_publications["second"], two_publications["senior"]
    oak = run.results.get(establishment__urn="100001")
    assert [r.result.establishment.urn for r in letter_rows(run, every=False)] == [
        "100001"
    ]
    override = override_propose(
        acting_user=officer, result=oak, category="T", rationale="Absence still high"
    )
    override_decide(acting_user=senior, override=override, approve=True, note="")
    assert run.changes.count() == 2  # U -> T recorded after T -> U
    assert letter_rows(run, every=False) == []
    _elm, row = letter_rows(run, every=True)  # by name
    assert (row.previous, row.result.effective_category, row.changed) == (
        "T",
        "T",
        False,
    )


def test_the_letters_page_offers_the_zips(client, two_publications, officer):
    client.force_login(officer)
    run = two_publications["second"]
    page = client.get(reverse("categorisation:letters", args=[run.pk])).content
    text = " ".join(page.decode().split())
    assert "To the 1 school whose category changed" in text
    assert "To all 2 schools (the annual letter)" in text
    for scope in ("changed", "all"):
        for fmt in ("docx", "pdf"):
            assert (
                reverse(
                    "categorisation:letters-zip",
                    kwargs={"pk": run.pk, "scope": scope, "fmt": fmt},
                )
                in text
            )


def test_the_wording_page_shows_the_default_to_copy(client, area, officer):  # noqa: F811
    client.force_login(officer)
    page = client.get(reverse("categorisation:letter-template")).content.decode()
    assert "The default wording" in page
    assert "The policy&#x27;s other {{ other_trigger_count }} triggers" in page
