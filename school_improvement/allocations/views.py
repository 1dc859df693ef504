"""Allocation pages: the entitlement ledger, proposals (with their unmet list, each
change's cost and confirmation), continuity requests, delivery settings and the
planning of the year's visits and strategy meetings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action, can
from school_improvement.allocations.entitlements import (
    academic_year_of,
    delivery_settings,
    ledger_for,
)
from school_improvement.allocations.forms import (
    VISIT_DAY_FIELDS,
    ChangeForm,
    ContinuityForm,
    ProposalForm,
    SettingsForm,
)
from school_improvement.allocations.models import Proposal, ProposalStatus
from school_improvement.allocations.planning import year_plan
from school_improvement.allocations.services import (
    TIME_LIMIT_S,
    continuity_set,
    delivery_settings_save,
    proposal_change,
    proposal_change_cost,
    proposal_confirm,
    proposal_create,
    proposal_objective,
    proposal_pairs,
)
from school_improvement.core import clock
from school_improvement.data.imports.coded import parse_academic_year
from school_improvement.people.models import Adviser, phase_label
from school_improvement.schools import selectors as school_selectors
from school_improvement.schools.selectors import area_la
from school_improvement.terms.calendar import academic_year_shift


def _la(request: HttpRequest) -> Any:
    try:
        return area_la(request.GET.get("la"))
    except Exception:  # noqa: BLE001 - an empty register or an unknown LA
        raise Http404("No schools in the register yet") from None


def _year(request: HttpRequest) -> str:
    text = request.GET.get("year", "")
    if text:
        try:
            return parse_academic_year(text)
        except ValueError:
            raise Http404("Not an academic year") from None
    return academic_year_of(clock.today())


@action_required(Action.VIEW_LEDGER)
def ledger(request: HttpRequest) -> HttpResponse:
    """Entitlements against delivery, per school; capacity against load, per adviser:
    can we deliver the guarantee with the people we have, and where not?"""
    la = _la(request)
    year = _year(request)
    book = ledger_for(la, year, today=clock.today())
    show = request.GET.get("show", "")
    schools = book.schools
    if show == "unallocated":
        schools = book.unallocated
    elif show == "overdue":
        schools = book.overdue
    return render(
        request,
        "allocations/ledger.html",
        {
            "la": la,
            "year": year,
            "ledger": book,
            "schools": schools,
            "show": show,
            "previous_year": academic_year_shift(year, -1),
            "next_year": academic_year_shift(year, 1),
            "can_manage": can(request.user, Action.MANAGE_ALLOCATION),
            "can_plan": can(request.user, Action.PLAN_VISITS),
            "can_edit_settings": can(request.user, Action.EDIT_DELIVERY_SETTINGS),
        },
    )


@action_required(Action.MANAGE_ALLOCATION)
def proposals(request: HttpRequest) -> HttpResponse:
    la = _la(request)
    form = ProposalForm(request.POST or None, year=academic_year_of(clock.today()))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_create(
                acting_user=request.user,
                la=la,
                academic_year=form.cleaned_data["academic_year"],
                keep_confirmed=form.cleaned_data["keep_confirmed"],
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            return redirect("allocations:proposal", pk=proposal.pk)
    return render(
        request,
        "allocations/proposals.html",
        {
            "form": form,
            "time_limit_s": TIME_LIMIT_S,
            "proposals": Proposal.objects.filter(la=la).select_related(
                "created_by", "confirmed_by"
            )[:30],
        },
    )


def _rows(proposal: Proposal) -> dict[str, Any]:
    """The proposal as tables: pairings, unmet entitlements, advisers' loads."""
    problem = proposal.problem
    leaders = {lead["id"]: lead for lead in problem["leaders"]}
    demands = {d["id"]: d for d in problem["demands"]}
    pairs = {a["demand_id"]: a for a in proposal.result["assignments"]}
    paired = []
    for urn, pair in sorted(pairs.items(), key=lambda p: demands[p[0]]["school_name"]):
        demand = demands[urn]
        paired.append(
            {
                "urn": urn,
                "demand": demand,
                "leader": leaders.get(pair["leader_id"], {}),
                "pair": pair,
                "pinned": demand.get("fixed_leader_id") == pair["leader_id"],
            }
        )
    unmet = [
        {
            "urn": u["demand_id"],
            "demand": demands[u["demand_id"]],
            "reasons": u["reasons"],
        }
        for u in proposal.result["unmet"]
    ]
    unmet.sort(key=lambda u: (u["demand"]["priority"], u["demand"]["school_name"]))
    loads = []
    for lid, lead in leaders.items():
        used = proposal.result["leader_days"].get(lid, 0)
        loads.append(
            {
                "leader": lead,
                "days": used,
                "capacity": lead["capacity_days"],
                "over": used > lead["capacity_days"] + 1e-9,
                "schools": sum(1 for p in pairs.values() if p["leader_id"] == lid),
            }
        )
    loads.sort(key=lambda r: r["leader"]["name"])
    return {"paired": paired, "unmet": unmet, "loads": loads}


@action_required(Action.MANAGE_ALLOCATION)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("la", "categorisation_run__policy"), pk=pk
    )
    demand_days = sum(d["days"] for d in proposal.problem["demands"])
    capacity_days = sum(lead["capacity_days"] for lead in proposal.problem["leaders"])
    return render(
        request,
        "allocations/proposal.html",
        {
            "proposal": proposal,
            "objective_now": proposal_objective(proposal),
            "demand_days": demand_days,
            "capacity_days": capacity_days,
            "edits": proposal.edits.select_related(
                "establishment", "from_adviser", "to_adviser", "made_by"
            ),
            "is_draft": proposal.status == ProposalStatus.DRAFT,
            **_rows(proposal),
        },
    )


@action_required(Action.MANAGE_ALLOCATION)
def proposal_change_view(request: HttpRequest, pk: int, urn: str) -> HttpResponse:
    """Change one pairing: choose an adviser, see what it costs, then make it."""
    proposal = get_object_or_404(Proposal, pk=pk)
    demands = {d["id"]: d for d in proposal.problem["demands"]}
    if urn not in demands:
        raise Http404("That school is not in this proposal")
    leaders = sorted(proposal.problem["leaders"], key=lambda lead: lead["name"])
    choices = [(lead["id"], lead["name"]) for lead in leaders]
    data = request.POST if request.method == "POST" else request.GET
    current = proposal_pairs(proposal).get(urn)
    # unbound, both lists start at the proposed adviser: choosing is a change
    form = ChangeForm(
        data if "adviser" in data else None,
        choices=choices,
        initial={"adviser": current or ""},
    )
    cost = None
    if form.is_bound and form.is_valid():
        adviser_id = form.cleaned_data["adviser"] or None
        try:
            cost = proposal_change_cost(proposal, urn, adviser_id)
            if request.method == "POST":
                adviser = (
                    get_object_or_404(Adviser, pk=int(adviser_id))
                    if adviser_id
                    else None
                )
                proposal_change(
                    acting_user=request.user,
                    proposal=proposal,
                    urn=urn,
                    adviser=adviser,
                    note=form.cleaned_data["note"],
                )
                messages.success(request, f"Changed: {demands[urn]['school_name']}.")
                return redirect("allocations:proposal", pk=pk)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    return render(
        request,
        "allocations/change.html",
        {
            "proposal": proposal,
            "demand": demands[urn],
            "phase": phase_label(demands[urn]["phase"]),
            "urn": urn,
            "current": next((lead for lead in leaders if lead["id"] == current), None),
            "form": form,
            "cost": cost,
        },
    )


@action_required(Action.MANAGE_ALLOCATION)
@require_POST
def proposal_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    try:
        created = proposal_confirm(acting_user=request.user, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Confirmed: {len(proposal_pairs(proposal))} schools paired "
            f"({len(created)} new or changed). Plan the year's visits from the ledger.",
        )
    return redirect("allocations:proposal", pk=pk)


@action_required(Action.PLAN_VISITS)
@require_POST
def plan_view(request: HttpRequest) -> HttpResponse:
    """Plan the year's visits and strategy meetings from the confirmed pairings."""
    la = _la(request)
    try:
        year = parse_academic_year(request.POST.get("academic_year", ""))
    except ValueError:
        messages.error(request, "Say which academic year to plan, e.g. 2026/27.")
        return redirect(_ledger_url())
    try:
        plan = year_plan(acting_user=request.user, la=la, academic_year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Planned {plan.visits} visits and {plan.meetings} strategy meetings for "
            f"{year}"
            + (
                f"; {len(plan.unplaced)} visits could not be placed"
                if plan.unplaced
                else ""
            )
            + ".",
        )
    return redirect(f"{_ledger_url()}?year={year}")


def _ledger_url() -> str:
    return reverse("allocations:ledger")


@action_required(Action.MANAGE_ALLOCATION)
def continuity_view(request: HttpRequest, urn: str) -> HttpResponse:
    school = school_selectors.establishment_get(request.user, urn)
    year = _year(request)
    form = ContinuityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        continuity_set(
            acting_user=request.user,
            establishment=school,
            academic_year=year,
            wants_continuity=form.cleaned_data["wants_continuity"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"Saved for {school.name}.")
        return redirect(f"{_ledger_url()}?year={year}")
    return render(
        request,
        "allocations/continuity.html",
        {"school": school, "year": year, "form": form},
    )


@action_required(Action.EDIT_DELIVERY_SETTINGS)
def settings_view(request: HttpRequest) -> HttpResponse:
    la = _la(request)
    current = delivery_settings(la)
    initial = {
        "autumn_first_min_visits": current.autumn_first_min_visits,
        "qa_sample_percent": current.qa_sample_percent,
        "new_leader_months": current.new_leader_months,
        **{f"days_{k}": current.days_for(k) for k, _ in VISIT_DAY_FIELDS},
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery_settings_save(
                acting_user=request.user,
                la=la,
                visit_days={k: str(data[f"days_{k}"]) for k, _ in VISIT_DAY_FIELDS},
                autumn_first_min_visits=data["autumn_first_min_visits"],
                qa_sample_percent=data["qa_sample_percent"],
                new_leader_months=data["new_leader_months"],
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Delivery settings saved.")
            return redirect("allocations:settings")
    return render(request, "allocations/settings.html", {"form": form, "la": la})
