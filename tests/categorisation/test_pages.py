"""Categorisation pages: run, preview, publish, the board, a school's category and
why, moderation, judgements, the Position Statement and the policy page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.categorisation.models import (
    CategorisationRun,
    Override,
    RedFlagTest,
    RunStatus,
    SchoolJudgement,
)
from school_improvement.indicators.models import Indicator
from tests.categorisation.test_runs import (  # noqa: F401
    DAY1,
    area,
    at,
    import_absence,
    position_statement,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_an_officer_runs_and_a_senior_officer_publishes(client, area, make_user):  # noqa: F811
    officer, senior = make_user(Role.OFFICER), make_user(Role.SENIOR_OFFICER)
    client.force_login(officer)
    response = client.post(
        reverse("categorisation:runs"),
        {"policy": "test-policy", "as_of": DAY1.isoformat()},
    )
    run = CategorisationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "categorisation:run", args=[run.pk]
    )
    page = text_of(client.get(response["Location"]))
    assert "What publishing would change" in page and "Oak Primary" in page
    assert "Publish these categories" not in page  # an officer cannot publish
    assert (
        client.post(reverse("categorisation:run-publish", args=[run.pk])).status_code
        == 403
    )
    client.force_login(senior)
    client.post(reverse("categorisation:run-publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    board = text_of(client.get(reverse("categorisation:board")))
    assert "Schools by category, phase and governance" in board
    assert "Overall absence above England by more than the margin" in board


def test_a_future_date_is_refused(client, area, officer):  # noqa: F811
    client.force_login(officer)
    page = text_of(
        client.post(
            reverse("categorisation:runs"),
            {"policy": "test-policy", "as_of": "2099-01-01"},
        )
    )
    assert "cannot be in the future" in page
    assert not CategorisationRun.objects.exists()


@pytest.fixture
def published(client, area, make_user):  # noqa: F811
    from school_improvement.categorisation.services import (
        categorisation_run,
        run_publish,
    )

    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    run_publish(acting_user=make_user(Role.SENIOR_OFFICER), run=run)
    return run


def test_the_school_sees_its_category_the_triggers_and_the_evidence(
    client, published, make_user
):
    oak = published.results.get(establishment__urn="100001").establishment
    client.force_login(make_user(Role.SCHOOL_USER, schools=[oak]))
    page = text_of(client.get(reverse("categorisation:school", args=["100001"])))
    assert "Targeted" in page
    assert "Overall absence above England by more than the margin" in page
    assert "Overall absence: 7.5" in page
    assert "Propose a different category" not in page
    assert (
        client.get(reverse("categorisation:school", args=["100002"])).status_code == 403
    )
    assert client.get(reverse("categorisation:board")).status_code == 403


def test_propose_and_decide_from_the_pages(client, published, make_user):
    officer, senior = make_user(Role.OFFICER), make_user(Role.SENIOR_OFFICER)
    client.force_login(officer)
    url = reverse("categorisation:school", args=["100001"])
    assert "Propose a different category" in text_of(client.get(url))
    bad = client.post(
        reverse("categorisation:override-propose", args=["100001"]),
        {"category": "U", "rationale": ""},
    )
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    client.post(
        reverse("categorisation:override-propose", args=["100001"]),
        {"category": "U", "rationale": "Flu outbreak"},
    )
    override = Override.objects.get()
    client.force_login(senior)
    page = text_of(client.get(url))
    assert "Awaiting a decision" in page and "Flu outbreak" in page
    client.post(
        reverse("categorisation:override-decide", args=[override.pk]),
        {"decision": "approve", "note": "ok"},
    )
    override.refresh_from_db()
    assert override.status == "approved"
    assert "moderated from T" in text_of(client.get(url))
    assert "Flu outbreak" in text_of(client.get(reverse("categorisation:overrides")))


def test_record_a_judgement_and_a_red_flag_test(client, area, officer):  # noqa: F811
    client.force_login(officer)
    url = reverse("categorisation:judgement-add", args=["100002"])
    response = client.post(
        url,
        {
            "kind": "leadership_below_good",
            "value": "yes",
            "judged_on": DAY1.isoformat(),
            "source": "school_review",
            "note": "Review",
        },
    )
    assert response.status_code == 302
    assert SchoolJudgement.objects.get().created_by == officer
    indicator = Indicator.objects.get(code="abs_overall_pct")
    response = client.post(
        reverse("categorisation:position-statement"),
        {
            "label": "Absence",
            "indicator": indicator.pk,
            "comparison": "above",
            "against": "england",
            "margin": "1",
        },
    )
    assert response.status_code == 302
    assert "Overall absence above England by more than 1" in text_of(
        client.get(reverse("categorisation:position-statement"))
    )
    assert RedFlagTest.objects.get().la.code == "989"


def test_the_policy_page_shows_the_triggers_in_plain_english(client, area, make_user):  # noqa: F811
    client.force_login(make_user(Role.SCHOOL_USER, schools=[area["oak"]]))
    page = text_of(client.get(reverse("categorisation:policy", args=["test-policy"])))
    assert "Overall absence above England by more than the margin" in page
    assert "Points above England that are a concern" in page
    assert (
        client.get(reverse("categorisation:policy", args=["nope"])).status_code == 404
    )


def test_the_school_page_shows_the_category_and_red_flags(client, published, officer):
    client.force_login(officer)
    page = text_of(client.get(reverse("schools:detail", args=["100001"])))
    assert "Support category" in page and "Targeted" in page
    assert "Overall absence above England by more than the margin" in page


def test_the_red_flag_count_is_of_the_tests_that_fired(
    client,
    area,  # noqa: F811
    make_user,
    settings,
):
    """The policy reads red_flag_pct, not red_flag_count, so the stored facts hold
    no count: the pages count the tests that fired (they said 0 beside 100%)."""
    from school_improvement.categorisation.services import (
        categorisation_run,
        run_publish,
    )

    path = settings.SI_POLICY_DIR / "test-policy.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "facts:\n",
            "facts:\n  red_flag_pct:\n    type: float\n    label: Red flags (%)\n",
        ),
        encoding="utf-8",
    )
    position_statement(area["la"])
    run = categorisation_run(acting_user=None, policy_name="test-policy", as_of=DAY1)
    run_publish(acting_user=make_user(Role.SENIOR_OFFICER), run=run)
    oak = run.results.get(establishment__urn="100001")
    assert "red_flag_count" not in oak.facts and oak.facts["red_flag_pct"] == 100.0
    client.force_login(make_user(Role.OFFICER))
    school = text_of(client.get(reverse("schools:detail", args=["100001"])))
    assert "Position Statement red flags: 1 (100.0% of the tests that apply)" in school
    why = text_of(client.get(reverse("categorisation:school", args=["100001"])))
    assert "1 red flag: 100.0% of the tests that apply" in why
    elm = text_of(client.get(reverse("categorisation:school", args=["100002"])))
    assert "0 red flags: 0.0% of the tests that apply" in elm
