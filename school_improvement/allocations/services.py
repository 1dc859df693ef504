"""Writes owned by allocation: proposals (made by the optimiser, changed by an
officer, confirmed into pairings), continuity requests and the delivery settings."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from engines.allocation import (
    Allocation,
    change_cost,
    evaluate,
    greedy,
    objective_of,
    solve,
)
from school_improvement.allocations.entitlements import area_entitlements
from school_improvement.allocations.models import (
    Assignment,
    ContinuityRequest,
    DeliverySettings,
    Proposal,
    ProposalEdit,
    ProposalStatus,
)
from school_improvement.allocations.problem import as_json, build_problem, from_json
from school_improvement.core import clock
from school_improvement.core.services import audit_record
from school_improvement.people.models import Adviser
from school_improvement.schools.models import Establishment, LocalAuthority

# The optimiser's time limit for an area: the benchmark's 300-school LA is proved
# optimal in about 17 s (docs/benchmarks.md), the demo area in about 16 s (as
# demo_setup prints).
TIME_LIMIT_S = 20.0


def _allocation_json(allocation: Allocation) -> dict[str, Any]:
    return {
        "assignments": [dataclasses.asdict(a) for a in allocation.assignments],
        "unmet": [
            {"demand_id": u.demand_id, "reasons": list(u.reasons)}
            for u in allocation.unmet
        ],
        "leader_days": dict(allocation.leader_days),
    }


@transaction.atomic
def proposal_create(
    *,
    acting_user: Any,
    la: LocalAuthority,
    academic_year: str,
    keep_confirmed: bool = True,
    time_limit_s: float = TIME_LIMIT_S,
) -> Proposal:
    """Propose who supports which school in ``academic_year``: the published
    categories' entitlements, the eligible advisers' capacity, solved by the
    optimiser (with a greedy first-fit of the same problem for comparison). Stores
    the problem and the answer; nothing is confirmed."""
    run, entitlements = area_entitlements(la)
    if run is None:
        raise ValidationError(
            "Publish the area's categories first: entitlements come from them."
        )
    area = build_problem(
        la,
        academic_year,
        entitlements,
        as_of=clock.today(),
        keep_confirmed=keep_confirmed,
    )
    if not area.problem.demands:
        raise ValidationError("No school's entitlement needs an adviser's time.")
    if not area.problem.leaders:
        raise ValidationError(
            "No eligible adviser is active in the register: add System Leaders first."
        )
    answer = solve(area.problem, time_limit_s=time_limit_s)
    baseline = greedy(area.problem)
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    proposal = Proposal.objects.create(
        la=la,
        academic_year=academic_year,
        categorisation_run=run,
        method=answer.method,
        solver_status=answer.status,
        objective=answer.objective,
        bound=answer.bound,
        gap=answer.gap,
        seconds=answer.seconds,
        greedy_objective=baseline.objective,
        problem=as_json(area.problem),
        result=_allocation_json(answer),
        created_by=user,
    )
    audit_record(
        acting_user=acting_user,
        verb="allocation.propose",
        summary=(
            f"Allocation proposal for {academic_year}: {len(answer.assignments)} "
            f"schools paired, {len(answer.unmet)} unmet"
        ),
        obj=proposal,
        details={
            "objective": answer.objective,
            "bound": answer.bound,
            "gap": answer.gap,
            "seconds": answer.seconds,
            "greedy_objective": baseline.objective,
        },
    )
    return proposal


def proposal_pairs(proposal: Proposal) -> dict[str, str]:
    """Demand (school URN) -> adviser id, as the proposal stands after any changes."""
    return {a["demand_id"]: a["leader_id"] for a in proposal.result["assignments"]}


def proposal_objective(proposal: Proposal) -> float:
    """The proposal's total cost as it stands (after an officer's changes)."""
    return objective_of(from_json(proposal.problem), proposal_pairs(proposal))


def proposal_change_cost(
    proposal: Proposal, urn: str, adviser_id: str | None
) -> dict[str, Any]:
    """What moving school ``urn`` to ``adviser_id`` (None: to nobody) would cost."""
    problem = from_json(proposal.problem)
    if urn not in {d.id for d in problem.demands}:
        raise ValidationError(f"School {urn} is not in this proposal.")
    if adviser_id is not None and adviser_id not in {
        lead.id for lead in problem.leaders
    }:
        raise ValidationError("That adviser is not eligible in this proposal.")
    current = evaluate(problem, proposal_pairs(proposal))
    return dataclasses.asdict(change_cost(problem, current, urn, adviser_id))


@transaction.atomic
def proposal_change(
    *,
    acting_user: Any,
    proposal: Proposal,
    urn: str,
    adviser: Adviser | None,
    note: str = "",
) -> ProposalEdit:
    """Pair school ``urn`` with ``adviser`` (None: leave it unallocated) in a
    proposal, recording what the change costs. The officer decides: a change that
    breaks a rule (a conflict, the phase, capacity) is recorded with its warnings,
    and confirming such a proposal needs a note saying why."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError("Only a proposal not yet confirmed can be changed.")
    adviser_id = str(adviser.pk) if adviser is not None else None
    cost = proposal_change_cost(proposal, urn, adviser_id)
    if cost["warnings"] and not note.strip():
        raise ValidationError(
            "This change breaks a rule ("
            + "; ".join(cost["warnings"])
            + "): write a note saying why it is right."
        )
    problem = from_json(proposal.problem)
    before = proposal_pairs(proposal).get(urn)
    pairs = {k: v for k, v in proposal_pairs(proposal).items() if k != urn}
    if adviser_id is not None:
        pairs[urn] = adviser_id
    # The proposal as it now stands, priced and explained as the optimiser would.
    proposal.result = _allocation_json(evaluate(problem, pairs))
    proposal.save(update_fields=["result"])
    school = Establishment.objects.get(urn=urn)
    edit = ProposalEdit.objects.create(
        proposal=proposal,
        establishment=school,
        from_adviser_id=int(before) if before else None,
        to_adviser=adviser,
        cost=cost,
        note=note.strip(),
        made_by=acting_user,
    )
    audit_record(
        acting_user=acting_user,
        verb="allocation.change",
        summary=f"{school.name}: {'to ' + adviser.full_name if adviser else 'unallocated'} in proposal {proposal.pk}",
        obj=edit,
        details={"cost": cost},
    )
    return edit


@transaction.atomic
def proposal_confirm(*, acting_user: Any, proposal: Proposal) -> list[Assignment]:
    """Confirm a proposal: its pairings become the year's assignments. A school whose
    adviser changes has its earlier assignment ended today (kept, with the reason);
    one paired as before keeps its assignment. Audited; returns the new pairings."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError("This proposal has already been confirmed or discarded.")
    problem = from_json(proposal.problem)
    days = {d.id: Decimal(str(d.days)) for d in problem.demands}
    pairs = proposal_pairs(proposal)
    schools = {s.urn: s for s in Establishment.objects.filter(urn__in=list(pairs))}
    current = {
        a.establishment.urn: a
        for a in Assignment.objects.filter(
            la=proposal.la,
            academic_year=proposal.academic_year,
            ended_on__isnull=True,
        ).select_related("establishment")
    }
    today = clock.today()
    created: list[Assignment] = []
    for urn, adviser_id in sorted(pairs.items()):
        existing = current.get(urn)
        if existing is not None and str(existing.adviser_id) == adviser_id:
            continue
        if existing is not None:
            existing.ended_on = today
            existing.end_reason = f"replaced by allocation proposal {proposal.pk}"
            existing.updated_by = acting_user
            existing.save(update_fields=["ended_on", "end_reason", "updated_by"])
        created.append(
            Assignment.objects.create(
                la=proposal.la,
                academic_year=proposal.academic_year,
                establishment=schools[urn],
                adviser_id=int(adviser_id),
                days=days[urn],
                proposal=proposal,
                created_by=acting_user,
                updated_by=acting_user,
            )
        )
    proposal.status = ProposalStatus.CONFIRMED
    proposal.confirmed_at = clock.now()
    proposal.confirmed_by = acting_user
    proposal.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    Proposal.objects.filter(
        la=proposal.la,
        academic_year=proposal.academic_year,
        status=ProposalStatus.DRAFT,
    ).update(status=ProposalStatus.DISCARDED)
    audit_record(
        acting_user=acting_user,
        verb="allocation.confirm",
        summary=(
            f"Confirmed allocation proposal {proposal.pk} for {proposal.academic_year}: "
            f"{len(pairs)} schools paired, {len(created)} new or changed"
        ),
        obj=proposal,
        details={
            "pairs": len(pairs),
            "changed": len(created),
            "edits": proposal.edits.count(),
            "unmet": len(proposal.result["unmet"]),
        },
    )
    return created


def continuity_set(
    *,
    acting_user: Any,
    establishment: Establishment,
    academic_year: str,
    wants_continuity: bool,
    note: str = "",
) -> ContinuityRequest:
    """Record whether a school wants to keep last year's System Leader."""
    request, _ = ContinuityRequest.objects.update_or_create(
        establishment=establishment,
        academic_year=academic_year,
        defaults={
            "wants_continuity": wants_continuity,
            "note": note.strip(),
            "updated_by": acting_user,
            "updated_at": clock.now(),
        },
    )
    audit_record(
        acting_user=acting_user,
        verb="allocation.continuity",
        summary=f"{establishment.name} {'wants' if wants_continuity else 'does not want'} to keep last year's System Leader ({academic_year})",
        obj=request,
    )
    return request


def delivery_settings_save(
    *, acting_user: Any, la: LocalAuthority, **values: Any
) -> DeliverySettings:
    """Save the LA's delivery settings (days per visit type, the autumn priority,
    the QA sample); every value is validated by the model."""
    row = DeliverySettings.objects.filter(la=la).first() or DeliverySettings(la=la)
    for name, value in values.items():
        setattr(row, name, value)
    days = row.visit_days
    for visit_type, text in days.items():
        try:
            value = Decimal(str(text))
        except ArithmeticError:
            raise ValidationError(
                {"visit_days": f"{visit_type}: {text!r} is not a number of days"}
            ) from None
        if value <= 0 or value > 5 or (value * 2) % 1:
            raise ValidationError(
                {
                    "visit_days": f"{visit_type}: {text} days; a visit takes half a "
                    "day or more, in half days, up to 5"
                }
            )
    row.updated_by = acting_user
    row.updated_at = clock.now()
    row.full_clean()
    row.save()
    audit_record(
        acting_user=acting_user,
        verb="allocation.settings",
        summary=f"Delivery settings changed for {la.name}",
        obj=row,
        details={k: str(v) for k, v in values.items()},
    )
    return row


def academic_year_now() -> str:
    from school_improvement.allocations.entitlements import academic_year_of

    return academic_year_of(clock.today())


__all__ = [
    "continuity_set",
    "delivery_settings_save",
    "proposal_change",
    "proposal_change_cost",
    "proposal_confirm",
    "proposal_create",
    "proposal_objective",
    "proposal_pairs",
]
