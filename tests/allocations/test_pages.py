"""The allocation pages as an officer uses them: the ledger, making a proposal,
reading its unmet list, changing a pairing with its cost, confirming, planning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from school_improvement.accounts.models import Role
from school_improvement.allocations.models import Assignment, Proposal, ProposalStatus
from school_improvement.visits.models import Visit
from tests.allocations.conftest import YEAR
from tests.factories import AccreditationFactory, AdviserFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.content.decode().split())


def test_the_ledger_shows_entitlements_and_capacity(client, area, nle, officer):
    client.force_login(officer)
    page = text_of(client.get(reverse("allocations:ledger") + f"?year={YEAR}"))
    assert "Oak Primary" in page and "Nia Lowe" in page
    assert "12.0" in page  # Nia's capacity over the year
    # the settings page is a senior officer's: an officer is not sent to a refusal
    settings_url = reverse("allocations:settings")
    assert f'href="{settings_url}"' not in page
    assert "delivery settings, which a senior officer sets" in page


def test_a_senior_officer_is_linked_to_the_delivery_settings(
    client, area, nle, make_user
):
    client.force_login(make_user(Role.SENIOR_OFFICER))
    page = text_of(client.get(reverse("allocations:ledger") + f"?year={YEAR}"))
    assert f'href="{reverse("allocations:settings")}"' in page


def test_propose_change_and_confirm(client, area, nle, officer):
    other = AdviserFactory(
        la=area["la"], first_name="Oli", last_name="Ng", capacity_days_per_term=4
    )
    AccreditationFactory(adviser=other, kind="nle")
    client.force_login(officer)
    form = text_of(client.get(reverse("allocations:proposals")))
    assert "The optimiser takes up to 20 seconds" in form
    assert 'data-prevent-double-click="true"' in form

    response = client.post(reverse("allocations:proposals"), {"academic_year": YEAR})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    page = text_of(client.get(reverse("allocations:proposal", args=[proposal.pk])))
    assert "Oak Primary" in page and "bound" in page.lower()

    change_url = reverse("allocations:proposal-change", args=[proposal.pk, "100002"])
    opened = client.get(change_url)
    proposed = opened.context["current"]
    assert proposed is not None
    # both lists start at the proposed adviser, not at "Nobody", and the phase is
    # in words
    assert text_of(opened).count(f'<option value="{proposed["id"]}" selected>') == 2
    assert 'Phase</dt><dd class="govuk-summary-list__value">Primary' in text_of(opened)
    page = text_of(client.get(change_url + f"?adviser={other.pk}"))
    assert "Oli Ng" in page
    response = client.post(change_url, {"adviser": other.pk, "note": ""})
    assert response.status_code == 302

    response = client.post(reverse("allocations:proposal-confirm", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert Assignment.objects.get(establishment=area["elm"]).adviser == other

    response = client.post(reverse("allocations:plan"), {"academic_year": YEAR})
    assert response.status_code == 302
    assert Visit.objects.filter(establishment=area["elm"], lead=other).exists()


def test_a_system_leader_cannot_open_the_ledger(client, area, make_user):
    client.force_login(make_user(Role.SYSTEM_LEADER))
    assert client.get(reverse("allocations:ledger")).status_code == 403


def test_an_optimal_proposal_says_why_its_bound_sits_below_the_total(
    client, area, nle, officer
):
    client.force_login(officer)
    client.post(reverse("allocations:proposals"), {"academic_year": YEAR})
    proposal = Proposal.objects.get()
    url = reverse("allocations:proposal", args=[proposal.pk])
    why = "Proved optimal: the proof rounds each pairing's cost down"
    Proposal.objects.filter(pk=proposal.pk).update(
        solver_status="optimal", objective=1000.0, bound=999.99, gap=0.00001
    )
    assert why in text_of(client.get(url))
    # a bound that meets the total needs no explaining; nor does an unproved one
    Proposal.objects.filter(pk=proposal.pk).update(bound=1000.0, gap=0.0)
    assert why not in text_of(client.get(url))
    Proposal.objects.filter(pk=proposal.pk).update(
        solver_status="feasible", bound=990.0, gap=0.01
    )
    assert why not in text_of(client.get(url))
