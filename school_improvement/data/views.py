from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action
from school_improvement.data import selectors
from school_improvement.data.forms import GiasUploadForm
from school_improvement.schools.reporting import COUNT_LABELS
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
    counts = [(COUNT_LABELS.get(k, k), v) for k, v in run.counts.items()]
    return render(request, "data/import_detail.html", {"run": run, "counts": counts})


@action_required(Action.RUN_IMPORT)
def upload(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = GiasUploadForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        links = data.get("links")
        result = gias_import(
            acting_user=request.user,
            source=data["establishments"].read(),
            file_name=data["establishments"].name,
            links_source=links.read() if links else None,
            links_file_name=links.name if links else None,
            la_codes=data["la_codes"] or None,
            dry_run=data["dry_run"],
        )
        if result.run is not None:
            return redirect("data:import-detail", pk=result.run.pk)
        # A dry run records nothing: show its report here.
        counts = [(COUNT_LABELS.get(k, k), v) for k, v in result.counts.items()]
        return render(
            request,
            "data/dry_run.html",
            {
                "result": result,
                "counts": counts,
                "file_name": data["establishments"].name,
            },
        )
    return render(request, "data/upload.html", {"form": form})
