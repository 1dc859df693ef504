"""Proposals through the app: the problem the optimiser is given (eligibility,
conflicts, continuity, priority), its answer stored and explained, an officer's
change with its cost, and confirmation into the year's pairings (audited)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from school_improvement.allocations.entitlements import area_entitlements
from school_improvement.allocations.models import (
    Assignment,
    ContinuityRequest,
    ProposalStatus,
)
from school_improvement.allocations.problem import as_json, build_problem, from_json
from school_improvement.allocations.services import (
    proposal_change,
    proposal_confirm,
    proposal_create,
    proposal_pairs,
)
from school_improvement.core import clock
from school_improvement.core.models import AuditEvent
from school_improvement.people.models import Conflict
from tests.allocations.conftest import YEAR
from tests.factories import (
    AccreditationFactory,
    AdviserFactory,
    AssignmentFactory,
    EstablishmentFactory,
)

pytestmark = pytest.mark.django_db


def eligible(la, **kwargs):
    adviser = AdviserFactory(la=la, **kwargs)
    AccreditationFactory(adviser=adviser, kind="nle")
    return adviser


def test_the_problem_holds_eligible_advisers_and_every_school_needing_time(area, nle):
    not_eligible = AdviserFactory(la=area["la"], first_name="Pat")  # no route holds
    _, entitlements = area_entitlements(area["la"])

    built = build_problem(area["la"], YEAR, entitlements, as_of=clock.today())

    assert [lead.id for lead in built.problem.leaders] == [str(nle.pk)]
    assert not_eligible in built.not_eligible
    demands = {d.id: d for d in built.problem.demands}
    assert set(demands) == {"100001", "100002", "100003"}
    oak = demands["100001"]
    assert (oak.days, oak.visits, oak.category, oak.priority) == (3.0, 3, "T", 1)
    assert oak.autumn_first  # 3 visits: seed 001's autumn priority
    assert not demands["100002"].autumn_first
    assert demands["100003"].priority == 0  # A comes first in the test policy
    assert oak.location is not None and 51 < oak.location[0] < 52
    assert built.problem.leaders[0].capacity_days == 12.0
    assert from_json(as_json(built.problem)) == built.problem


def test_conflicts_continuity_and_pins_reach_the_problem(area, nle):
    Conflict.objects.create(
        adviser=nle, establishment=area["elm"], reason="governor there"
    )
    AssignmentFactory(
        la=area["la"], establishment=area["oak"], adviser=nle, academic_year="2025/26"
    )
    ContinuityRequest.objects.create(establishment=area["oak"], academic_year=YEAR)
    AssignmentFactory(
        la=area["la"], establishment=area["ash"], adviser=nle, academic_year=YEAR
    )
    _, entitlements = area_entitlements(area["la"])

    built = build_problem(area["la"], YEAR, entitlements, as_of=clock.today())

    leader = built.problem.leaders[0]
    assert leader.conflicts == {"100002": "declared: governor there"}
    demands = {d.id: d for d in built.problem.demands}
    assert demands["100001"].previous_leader_id == str(nle.pk)
    assert demands["100001"].wants_continuity
    assert demands["100003"].fixed_leader_id == str(nle.pk)


def test_a_proposal_is_stored_with_its_figures_and_audited(area, nle, officer):
    proposal = proposal_create(acting_user=officer, la=area["la"], academic_year=YEAR)

    assert proposal.status == ProposalStatus.DRAFT
    assert set(proposal_pairs(proposal)) == {"100001", "100002", "100003"}
    assert proposal.bound is not None and proposal.gap is not None
    assert proposal.greedy_objective is not None
    assert proposal.objective <= proposal.greedy_objective + 1e-6
    assert AuditEvent.objects.filter(verb="allocation.propose").count() == 1


def test_what_does_not_fit_is_listed_with_a_reason(area, officer):
    eligible(area["la"], capacity_days_per_term=0.5)  # 1.5 days a year

    proposal = proposal_create(acting_user=officer, la=area["la"], academic_year=YEAR)

    unmet = {u["demand_id"]: u["reasons"] for u in proposal.result["unmet"]}
    assert "100001" in unmet  # 3 days cannot fit in 1.5
    assert all(reasons for reasons in unmet.values())


def test_no_published_categories_no_proposal(db, officer):
    la = EstablishmentFactory().la

    with pytest.raises(ValidationError, match="Publish the area's categories"):
        proposal_create(acting_user=officer, la=la, academic_year=YEAR)


def test_an_officer_changes_a_pairing_and_sees_the_cost(area, nle, officer):
    other = eligible(area["la"], first_name="Oli", latitude=52.4, longitude=-1.9)
    proposal = proposal_create(acting_user=officer, la=area["la"], academic_year=YEAR)

    edit = proposal_change(
        acting_user=officer,
        proposal=proposal,
        urn="100002",
        adviser=other if proposal_pairs(proposal)["100002"] != str(other.pk) else nle,
        note="",
    )

    proposal.refresh_from_db()
    assert proposal_pairs(proposal)["100002"] == str(edit.to_adviser.pk)
    assert "delta" in edit.cost
    assert AuditEvent.objects.filter(verb="allocation.change").exists()


def test_a_change_that_breaks_a_rule_needs_a_note(area, nle, officer):
    Conflict.objects.create(adviser=nle, establishment=area["oak"], reason="spouse")
    eligible(area["la"], first_name="Oli")
    proposal = proposal_create(acting_user=officer, la=area["la"], academic_year=YEAR)

    with pytest.raises(ValidationError, match="breaks a rule"):
        proposal_change(
            acting_user=officer, proposal=proposal, urn="100001", adviser=nle
        )
    edit = proposal_change(
        acting_user=officer,
        proposal=proposal,
        urn="100001",
        adviser=nle,
        note="Conflict ended in August; register not yet updated",
    )
    assert edit.cost["warnings"]


def test_confirming_writes_the_pairings_ends_replaced_ones_and_is_audited(
    area, nle, officer
):
    old = eligible(area["la"], first_name="Old", capacity_days_per_term=0)
    replaced = AssignmentFactory(
        la=area["la"], establishment=area["oak"], adviser=old, academic_year=YEAR
    )
    proposal = proposal_create(
        acting_user=officer, la=area["la"], academic_year=YEAR, keep_confirmed=False
    )

    created = proposal_confirm(acting_user=officer, proposal=proposal)

    replaced.refresh_from_db()
    assert replaced.ended_on == clock.today()
    assert {a.establishment.urn for a in created} == set(proposal_pairs(proposal))
    current = Assignment.objects.filter(academic_year=YEAR, ended_on__isnull=True)
    assert current.count() == len(proposal_pairs(proposal))
    assert AuditEvent.objects.filter(verb="allocation.confirm").count() == 1
    with pytest.raises(ValidationError):
        proposal_confirm(acting_user=officer, proposal=proposal)


def test_an_unchanged_pairing_keeps_its_assignment(area, nle, officer):
    kept = AssignmentFactory(
        la=area["la"], establishment=area["oak"], adviser=nle, academic_year=YEAR
    )
    proposal = proposal_create(acting_user=officer, la=area["la"], academic_year=YEAR)

    proposal_confirm(acting_user=officer, proposal=proposal)

    kept.refresh_from_db()
    assert kept.ended_on is None
    assert proposal_pairs(proposal)["100001"] == str(nle.pk)


@pytest.mark.parametrize(
    ("gap", "text"),
    [
        (None, "none"),
        (0.0, "0.00%"),
        (0.00004, "under 0.01%"),
        (0.0000575, "0.01%"),
        (0.0025, "0.25%"),
    ],
)
def test_the_gap_reads_as_a_percentage(gap, text):
    from school_improvement.allocations.models import Proposal

    assert Proposal(gap=gap).gap_text == text
