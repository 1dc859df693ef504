from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from school_improvement.accounts.decorators import action_required
from school_improvement.accounts.permissions import Action


@action_required(Action.VIEW_REGISTER)
def home(request: HttpRequest) -> HttpResponse:
    return redirect("schools:list")


def health(request: HttpRequest) -> HttpResponse:
    """Public liveness check for load balancers: no data, only whether the DB answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
