from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action, can
from school_improvement.categorisation.selectors import current_result
from school_improvement.core import clock
from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.indicators.presentation import trend_groups
from school_improvement.indicators.selectors import neighbours_of
from school_improvement.inspections.selectors import inspections_for
from school_improvement.schools import selectors
from school_improvement.schools.filters import EstablishmentFilter
from school_improvement.schools.forms import ContactForm
from school_improvement.schools.models import Establishment, Governance
from school_improvement.schools.services import contact_record

PAGE_SIZE = 50


@action_required(Action.VIEW_REGISTER)
def establishment_list(request: HttpRequest) -> HttpResponse:
    base = selectors.establishment_list_for_user(request.user)
    filterset = EstablishmentFilter(request.GET, queryset=base)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "schools/list.html",
        {
            "filterset": filterset,
            "page": page,
            "choices": selectors.filter_choices(base),
            "governance_choices": Governance.choices,
            "querystring": query.urlencode(),
            "total": base.count(),
            "active_filters": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@action_required(Action.VIEW_SCHOOL)
def establishment_detail(request: HttpRequest, urn: str) -> HttpResponse:
    establishment = selectors.establishment_get(request.user, urn)
    show_contacts = can(request.user, Action.VIEW_CONTACTS, establishment)
    show_history = can(request.user, Action.VIEW_SCHOOL_HISTORY, establishment)
    return render(
        request,
        "schools/detail.html",
        {
            "school": establishment,
            "contacts": selectors.contacts_for(request.user, establishment)
            if show_contacts
            else None,
            "links": selectors.links_for(establishment),
            "show_history": show_history,
            "can_edit_contacts": can(request.user, Action.EDIT_CONTACTS, establishment),
            **_support_of(request.user, establishment),
            **_official_data(establishment),
        },
    )


def _support_of(user: Any, establishment: Establishment) -> dict[str, Any]:
    """This year's System Leaders and the visits the user may see."""
    from school_improvement.allocations.models import Assignment
    from school_improvement.terms.calendar import academic_year_of
    from school_improvement.visits.selectors import visits_for_school

    if not can(user, Action.VIEW_VISIT):
        return {"support": None}
    year = academic_year_of(clock.today())
    leaders = [
        a.adviser
        for a in Assignment.objects.filter(
            establishment=establishment, academic_year=year, ended_on__isnull=True
        ).select_related("adviser")
    ]
    return {
        "support": {
            "year": year,
            "leaders": leaders,
            "visits": visits_for_school(user, establishment, year),
        }
    }


def _official_data(establishment: Establishment) -> dict[str, Any]:
    """The inspection history and the indicator trends the school page shows."""
    inspections = list(inspections_for(establishment))
    return {
        "inspections": inspections,
        "latest_file_date": max((i.file_date for i in inspections), default=None),
        "any_ofsted": ImportRun.objects.filter(
            kind=ImportKind.OFSTED, status=ImportStatus.SUCCEEDED
        ).exists(),
        "trend_groups": trend_groups(establishment),
        "category": current_result(establishment),
        "neighbours": neighbours_of(establishment.la.code),
    }


@action_required(Action.VIEW_SCHOOL_HISTORY)
def establishment_history(request: HttpRequest, urn: str) -> HttpResponse:
    establishment = selectors.establishment_get(
        request.user, urn, Action.VIEW_SCHOOL_HISTORY
    )
    as_of_text = request.GET.get("as_of", "").strip()
    as_of = None
    as_of_error = ""
    record = None
    if as_of_text:
        try:
            as_of = dt.date.fromisoformat(as_of_text)
        except ValueError:
            as_of_error = "Enter a real date, for example 2025-09-01"
        else:
            record = selectors.establishment_as_of(request.user, establishment, as_of)
    return render(
        request,
        "schools/history.html",
        {
            "school": establishment,
            "entries": selectors.establishment_history(request.user, establishment),
            "as_of": as_of,
            "as_of_text": as_of_text,
            "as_of_error": as_of_error,
            "record": record,
        },
    )


@action_required(Action.EDIT_CONTACTS)
def contact_add(request: HttpRequest, urn: str) -> HttpResponse:
    establishment = selectors.establishment_get(request.user, urn, Action.EDIT_CONTACTS)
    posted = request.method == "POST"
    form = ContactForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            contact = contact_record(
                acting_user=request.user,
                establishment=establishment,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error("started_on", exc)
        else:
            messages.success(
                request,
                f"{contact.full_name} is recorded as {contact.get_role_display().lower()}.",
            )
            return redirect("schools:detail", urn=establishment.urn)
    return render(
        request, "schools/contact_form.html", {"school": establishment, "form": form}
    )
