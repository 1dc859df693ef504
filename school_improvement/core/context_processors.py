"""Template context for the page shell: service name and the navigation the user may use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from school_improvement.accounts.permissions import Action, can, is_scoped_to_schools


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        path = request.path
        candidates = [
            (
                Action.VIEW_REGISTER,
                "My school" if is_scoped_to_schools(user) else "Schools",
                reverse("schools:list"),
            ),
            (Action.VIEW_AREA_OVERVIEW, "Area overview", reverse("area:overview")),
            (Action.VIEW_CATEGORIES, "Categories", reverse("categorisation:board")),
            (Action.VIEW_LEDGER, "Entitlements", reverse("allocations:ledger")),
            (Action.VIEW_ADVISERS, "System Leaders", reverse("people:list")),
            (Action.VIEW_MY_VISITS, "My visits", reverse("visits:mine")),
            (Action.VIEW_QA_QUEUE, "Quality assurance", reverse("visits:qa-queue")),
            (Action.VIEW_TERMS, "Term dates", reverse("terms:calendar")),
            (Action.VIEW_IMPORTS, "Imports", reverse("data:imports")),
            (Action.RUN_IMPORT, "Upload a file", reverse("data:upload")),
            (Action.USE_ADMIN, "Administration", reverse("admin:index")),
        ]
        # A System Leader reaches their own record from the menu; those who keep
        # the register reach theirs from the register's page.
        if not can(user, Action.VIEW_ADVISERS):
            candidates.insert(
                5,
                (Action.VIEW_OWN_ADVISER_RECORD, "My record", reverse("people:mine")),
            )
        for action, text, href in candidates:
            if can(user, action):
                items.append(
                    {"text": text, "href": href, "active": path.startswith(href)}
                )
        # "Upload" sits under "Imports"; only one of the two is current.
        if any(i["active"] and i["text"] == "Upload a file" for i in items):
            for i in items:
                if i["text"] == "Imports":
                    i["active"] = False
        # "Quality assurance" sits under "My visits" (/visits/qa/).
        if any(i["active"] and i["text"] == "Quality assurance" for i in items):
            for i in items:
                if i["text"] == "My visits":
                    i["active"] = False
    return {"service_name": settings.SI_SERVICE_NAME, "nav_items": items}
