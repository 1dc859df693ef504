"""The advisers' register: the list with who is eligible and why not, one
adviser's record, the officers' forms (the record, accreditations, conflicts of
interest, unavailability), and a person's own record ("My record").

Every page states its action (action_required) and reads advisers through the
selectors, which apply the user's scope (permissions.advisers_for_user)."""

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
from school_improvement.core import clock
from school_improvement.people import selectors
from school_improvement.people.forms import (
    AccreditationForm,
    AdviserForm,
    ConflictForm,
    EndForm,
    TermCapacityForm,
    UnavailabilityForm,
    add_service_errors,
)
from school_improvement.people.models import (
    Accreditation,
    Adviser,
    AdviserAccreditation,
    Conflict,
    Phase,
    Unavailability,
)
from school_improvement.people.services import (
    AdviserInput,
    accreditation_add,
    accreditation_end,
    adviser_save,
    conflict_add,
    conflict_end,
    term_capacity_set,
    unavailability_add,
    unavailability_remove,
)
from school_improvement.schools.models import LocalAuthority
from school_improvement.terms.models import Term


def _la(request: HttpRequest) -> LocalAuthority | None:
    """The area whose register is shown: ``?la=`` (an LA code), else the register's
    main LA; None when the school register is empty (every adviser is listed)."""
    try:
        return selectors.register_la(request.GET.get("la", ""))
    except LocalAuthority.DoesNotExist:
        raise Http404("No such local authority") from None


@action_required(Action.VIEW_ADVISERS)
def adviser_list(request: HttpRequest) -> HttpResponse:
    """The register: every adviser with their accreditations, own school and its
    latest inspection, phases, days a term and whether they are eligible, with the
    reasons when not; filtered by the query string."""
    la = _la(request)
    chosen = {
        name: request.GET.get(name, "")
        for name in ("eligible", "accreditation", "phase", "active")
    }
    register = selectors.adviser_register(
        request.user, la=la, today=clock.today(), **chosen
    )
    return render(
        request,
        "people/list.html",
        {
            "register": register,
            "la": la,
            "chosen": chosen,
            "filtered": any(chosen.values()),
            "accreditations": Accreditation.choices,
            "phases": Phase.choices,
            "can_edit": can(request.user, Action.EDIT_ADVISERS),
            "today": clock.today(),
        },
    )


def _record_context(request: HttpRequest, adviser: Adviser) -> dict[str, Any]:
    return {
        "record": selectors.adviser_record(adviser, today=clock.today()),
        "adviser": adviser,
        "today": clock.today(),
    }


@action_required(Action.VIEW_ADVISERS)
def adviser_detail(request: HttpRequest, pk: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    return render(
        request,
        "people/detail.html",
        {
            **_record_context(request, adviser),
            "can_edit": can(request.user, Action.EDIT_ADVISERS),
        },
    )


def _initial(adviser: Adviser) -> dict[str, Any]:
    return {
        **{
            name: getattr(adviser, name)
            for name in (
                "title",
                "first_name",
                "last_name",
                "email",
                "telephone",
                "organisation",
                "own_school",
                "own_school_role",
                "retired_on",
                "phases",
                "home_postcode",
                "latitude",
                "longitude",
                "capacity_days_per_term",
                "max_travel_km",
                "day_rate",
                "started_on",
                "active",
                "user",
                "notes",
            )
        },
        "specialisms": "\n".join(adviser.specialisms),
    }


def _adviser_form(
    request: HttpRequest, adviser: Adviser | None, la: LocalAuthority | None
) -> HttpResponse:
    if request.method == "POST":
        form = AdviserForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            values = {
                name: data[name]
                for name in (
                    "title",
                    "first_name",
                    "last_name",
                    "email",
                    "telephone",
                    "organisation",
                    "own_school",
                    "own_school_role",
                    "retired_on",
                    "home_postcode",
                    "latitude",
                    "longitude",
                    "max_travel_km",
                    "day_rate",
                    "started_on",
                    "active",
                    "user",
                    "notes",
                )
            }
            capacity = data["capacity_days_per_term"]
            try:
                saved = adviser_save(
                    acting_user=request.user,
                    adviser=adviser,
                    la=la,
                    data=AdviserInput(
                        **values,
                        phases=tuple(data["phases"]),
                        specialisms=form.specialism_list(),
                        capacity_days_per_term=0 if capacity is None else capacity,
                    ),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Saved the record of {saved.full_name}."
                    if adviser
                    else f"Added {saved.full_name} to the register.",
                )
                return redirect("people:detail", pk=saved.pk)
    else:
        form = AdviserForm(initial=_initial(adviser) if adviser else None)
    return render(
        request,
        "people/edit.html",
        {"form": form, "adviser": adviser, "la": la},
        status=400 if form.errors else 200,
    )


@action_required(Action.EDIT_ADVISERS)
def adviser_new(request: HttpRequest) -> HttpResponse:
    la = _la(request)
    if la is None:
        raise Http404("No area yet: import the school register first")
    return _adviser_form(request, None, la)


@action_required(Action.EDIT_ADVISERS)
def adviser_edit(request: HttpRequest, pk: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    return _adviser_form(request, adviser, adviser.la)


@action_required(Action.EDIT_ADVISERS)
def accreditation_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    form = AccreditationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accreditation = accreditation_add(
                acting_user=request.user, adviser=adviser, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Recorded: {accreditation.get_kind_display()}.")
            return redirect("people:detail", pk=adviser.pk)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "adviser": adviser,
            "heading": "Add a role or accreditation",
        },
        status=400 if form.errors else 200,
    )


@action_required(Action.EDIT_ADVISERS)
def accreditation_end_view(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    accreditation = get_object_or_404(AdviserAccreditation, pk=item, adviser=adviser)
    form = EndForm(request.POST or None, submit="End it")
    if request.method == "POST" and form.is_valid():
        try:
            accreditation_end(
                acting_user=request.user,
                accreditation=accreditation,
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Ended: {accreditation.get_kind_display()}.")
            return redirect("people:detail", pk=adviser.pk)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "adviser": adviser,
            "heading": f"End {accreditation.get_kind_display()}",
        },
        status=400 if form.errors else 200,
    )


def _conflict_form(
    request: HttpRequest, adviser: Adviser | None, *, mine: bool
) -> HttpResponse:
    form = ConflictForm(request.POST or None)
    if adviser is not None and request.method == "POST" and form.is_valid():
        try:
            conflict_add(
                acting_user=request.user,
                adviser=adviser,
                establishment=form.cleaned_data["establishment"],
                trust=form.cleaned_data["trust"],
                federation=form.cleaned_data["federation"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The conflict of interest is declared.")
            if mine:
                return redirect("people:mine")
            return redirect("people:detail", pk=adviser.pk)
    return render(
        request,
        "people/conflict.html",
        {"form": form, "adviser": adviser, "mine": mine},
        status=400 if form.errors else 200,
    )


@action_required(Action.EDIT_ADVISERS)
def conflict_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    return _conflict_form(request, adviser, mine=False)


@action_required(Action.EDIT_ADVISERS)
def conflict_end_view(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    conflict = get_object_or_404(
        Conflict.objects.select_related("establishment", "trust", "federation"),
        pk=item,
        adviser=adviser,
    )
    form = EndForm(request.POST or None, submit="End the conflict")
    if request.method == "POST" and form.is_valid():
        try:
            conflict_end(
                acting_user=request.user,
                conflict=conflict,
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The conflict of interest is ended.")
            return redirect("people:detail", pk=adviser.pk)
    with_ = conflict.establishment or conflict.trust or conflict.federation
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "adviser": adviser,
            "heading": f"End the conflict with {with_}",
            "lead": f"Declared {conflict.declared_on:%d-%m-%Y}: {conflict.reason}",
        },
        status=400 if form.errors else 200,
    )


@action_required(Action.EDIT_ADVISERS)
def unavailability_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    form = UnavailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unavailability_add(
                acting_user=request.user, adviser=adviser, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The dates are recorded.")
            return redirect("people:detail", pk=adviser.pk)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "adviser": adviser,
            "heading": "Add dates they cannot visit",
        },
        status=400 if form.errors else 200,
    )


@action_required(Action.EDIT_ADVISERS)
@require_POST
def unavailability_remove_view(
    request: HttpRequest, pk: int, item: int
) -> HttpResponse:
    adviser = selectors.adviser_get(request.user, pk)
    away = get_object_or_404(Unavailability, pk=item, adviser=adviser)
    unavailability_remove(acting_user=request.user, unavailability=away)
    messages.success(request, "The dates are removed.")
    return redirect("people:detail", pk=adviser.pk)


@action_required(Action.EDIT_ADVISERS)
def term_capacity_view(request: HttpRequest, pk: int, term: int) -> HttpResponse:
    """The days an adviser can give in one term of their area, where it differs
    from their usual days a term; blank goes back to the usual."""
    adviser = selectors.adviser_get(request.user, pk)
    chosen = get_object_or_404(Term, pk=term, la_id=adviser.la_id)
    current = adviser.term_capacities.filter(term=chosen).first()
    initial = {} if current is None else {"days": current.days, "note": current.note}
    form = TermCapacityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = term_capacity_set(
                acting_user=request.user,
                adviser=adviser,
                term=chosen,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{adviser.full_name} has {saved.days} days in {chosen.label}."
                if saved is not None
                else f"{adviser.full_name} has their usual "
                f"{adviser.capacity_days_per_term} days in {chosen.label}.",
            )
            return redirect(f"{reverse('people:detail', args=[adviser.pk])}#terms")
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "adviser": adviser,
            "heading": f"Days in {chosen.label}",
            "lead": (
                f"{chosen.label} runs from {chosen.start_date:%d-%m-%Y} to "
                f"{chosen.end_date:%d-%m-%Y}. {adviser.full_name} usually gives "
                f"{adviser.capacity_days_per_term} days a term; the ledger, the "
                "allocation and the visit schedule count the days entered here "
                "instead, less any dates they cannot visit."
            ),
        },
        status=400 if form.errors else 200,
    )


@action_required(Action.VIEW_OWN_ADVISER_RECORD)
def mine(request: HttpRequest) -> HttpResponse:
    """A person's own record: eligibility, conflicts, accreditations, dates."""
    adviser = selectors.own_adviser(request.user)
    context: dict[str, Any] = {"adviser": adviser, "mine": True}
    if adviser is not None:
        context |= _record_context(request, adviser)
    context["can_declare"] = can(request.user, Action.DECLARE_OWN_CONFLICT)
    return render(request, "people/mine.html", context)


@action_required(Action.DECLARE_OWN_CONFLICT)
def mine_conflict_add(request: HttpRequest) -> HttpResponse:
    """Declare a conflict of interest on one's own record (only officers end one)."""
    adviser = selectors.own_adviser(request.user)
    return _conflict_form(request, adviser, mine=True)
