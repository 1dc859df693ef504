"""The area overview (inspection outcomes by phase and governance, results,
attendance and exclusions against England) and the statistical neighbours page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action, can, establishments_for_user
from school_improvement.indicators.forms import NeighboursForm
from school_improvement.indicators.models import Source
from school_improvement.indicators.selectors import (
    latest_area_comparison,
    neighbours_of,
)
from school_improvement.indicators.services import neighbours_set
from school_improvement.inspections.models import JUDGEMENT_LABELS, REPORT_CARD_ORDER
from school_improvement.inspections.selectors import EIF_COLUMNS, area_outcomes
from school_improvement.schools.models import Establishment, LocalAuthority
from school_improvement.schools.selectors import area_las


def _open_schools(user: object) -> object:
    return establishments_for_user(user, Establishment.objects.all()).filter(
        status_name__istartswith="open"
    )


def _area_la(request: HttpRequest) -> tuple[LocalAuthority, list[LocalAuthority]]:
    """The LA the overview is for: ?la=CODE, else the register's main LA; and the
    LAs to choose from."""
    las = area_las()
    if not las:
        raise Http404("No schools in the register yet")
    wanted = request.GET.get("la", "")
    by_code = {la.code: la for la in las}
    if wanted and wanted not in by_code:
        raise Http404("No open schools in that LA")
    return by_code.get(wanted, las[0]), sorted(las, key=lambda la: la.name)


@action_required(Action.VIEW_AREA_OVERVIEW)
def area_overview(request: HttpRequest) -> HttpResponse:
    la, las = _area_la(request)
    schools = _open_schools(request.user).filter(la=la)  # type: ignore[attr-defined]
    outcomes = area_outcomes(schools)
    grade_order = sorted(REPORT_CARD_ORDER, key=REPORT_CARD_ORDER.get)  # type: ignore[arg-type]
    area_rows = [
        (
            JUDGEMENT_LABELS.get(area, area),
            [outcomes.area_grades[area].get(g, 0) for g in grade_order],
        )
        for area in JUDGEMENT_LABELS
        if area in outcomes.area_grades
    ]
    return render(
        request,
        "indicators/area_overview.html",
        {
            "la": la,
            "las": las,
            "outcomes": outcomes,
            "eif_columns": EIF_COLUMNS,
            "grade_order": grade_order,
            "area_rows": area_rows,
            "share_of_report_card": _share(
                outcomes.pupils_none_below, outcomes.pupils_report_card
            ),
            "share_of_all": _share(outcomes.pupils_none_below, outcomes.pupils_all),
            "attendance": latest_area_comparison(la.code, (Source.ABSENCE,)),
            "exclusions": latest_area_comparison(la.code, (Source.EXCLUSIONS,)),
            "results": latest_area_comparison(la.code, (Source.KS2, Source.KS4)),
            "neighbours": neighbours_of(la.code),
            "can_edit_neighbours": can(request.user, Action.EDIT_NEIGHBOURS),
        },
    )


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "Not available"


@action_required(Action.EDIT_NEIGHBOURS)
def neighbours_edit(request: HttpRequest) -> HttpResponse:
    la, _ = _area_la(request)
    current = neighbours_of(la.code)
    posted = request.method == "POST"
    form = NeighboursForm(
        request.POST if posted else None,
        la_code=la.code,
        initial={"neighbours": " ".join(current.codes), "source": current.source},
    )
    if posted and form.is_valid():
        neighbours_set(
            acting_user=request.user,
            la_code=la.code,
            neighbours=form.cleaned_data["neighbours"],
            source=form.cleaned_data["source"],
        )
        messages.success(request, f"The statistical neighbours of {la.name} are saved.")
        return redirect(f"{reverse('area:overview')}?la={la.code}")
    names = dict(
        LocalAuthority.objects.filter(code__in=current.codes).values_list(
            "code", "name"
        )
    )
    return render(
        request,
        "indicators/neighbours.html",
        {"la": la, "form": form, "current": current, "names": names},
    )
