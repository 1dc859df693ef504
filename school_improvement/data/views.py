from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action
from school_improvement.data import selectors
from school_improvement.data.forms import UploadForm
from school_improvement.data.reporting import count_rows
from school_improvement.data.services import ImportResult
from school_improvement.indicators.services import indicator_import
from school_improvement.inspections.services import ofsted_import
from school_improvement.schools.services import gias_import


@action_required(Action.VIEW_IMPORTS)
def import_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.import_run_list_for_user(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "data/import_list.html", {"page": page})


@action_required(Action.VIEW_IMPORTS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_run_get(request.user, pk)
    return render(
        request,
        "data/import_detail.html",
        {"run": run, "counts": count_rows(run.counts)},
    )


def _import_gias(request: HttpRequest, data: dict[str, Any]) -> ImportResult:
    links = data.get("links")
    return gias_import(
        acting_user=request.user,
        source=data["file"].read(),
        file_name=data["file"].name,
        links_source=links.read() if links else None,
        links_file_name=links.name if links else None,
        la_codes=data["la_codes"] or None,
        dry_run=data["dry_run"],
    )


def _import_ofsted(request: HttpRequest, data: dict[str, Any]) -> ImportResult:
    return ofsted_import(
        acting_user=request.user,
        source=data["file"].read(),
        file_name=data["file"].name,
        dry_run=data["dry_run"],
    )


def _import_indicators(
    kind: str,
) -> Callable[[HttpRequest, dict[str, Any]], ImportResult]:
    def run(request: HttpRequest, data: dict[str, Any]) -> ImportResult:
        return indicator_import(
            kind=kind,
            acting_user=request.user,
            source=data["file"].read(),
            file_name=data["file"].name,
            academic_year=data.get("year"),
            release=data.get("release") or None,
            dry_run=data["dry_run"],
        )

    return run


IMPORTERS: dict[str, Callable[[HttpRequest, dict[str, Any]], ImportResult]] = {
    "gias": _import_gias,
    "ofsted": _import_ofsted,
    **{k: _import_indicators(k) for k in ("ks2", "ks4", "absence", "exclusions")},
}


@action_required(Action.RUN_IMPORT)
def upload(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        result = IMPORTERS[data["kind"]](request, data)
        if result.run is not None:
            return redirect("data:import-detail", pk=result.run.pk)
        # A dry run records nothing: show its report here.
        return render(
            request,
            "data/dry_run.html",
            {
                "result": result,
                "counts": count_rows(result.counts),
                "file_name": data["file"].name,
                "kind_label": dict(form.fields["kind"].choices).get(data["kind"], ""),  # type: ignore[attr-defined]
                "detected": data.get("detected", False),
            },
        )
    return render(request, "data/upload.html", {"form": form})
