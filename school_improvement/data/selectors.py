from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from school_improvement.accounts.permissions import Action, require
from school_improvement.data.models import ImportRun


def import_run_list_for_user(user: Any) -> QuerySet[ImportRun]:
    require(user, Action.VIEW_IMPORTS)
    return ImportRun.objects.select_related("actor").order_by("-started_at", "-id")


def import_run_get(user: Any, pk: int) -> ImportRun:
    require(user, Action.VIEW_IMPORTS)
    return get_object_or_404(ImportRun, pk=pk)
