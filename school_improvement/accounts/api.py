"""DRF glue: API permissions delegate to permissions.py like every page does."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from school_improvement.accounts.permissions import Action, can


class ActionPermission(BasePermission):
    """Grants a view's ``required_action`` (and, per object, the same action on it).

    A view without ``required_action`` is denied: every endpoint must declare one.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        action = getattr(view, "required_action", None)
        return action is not None and can(request.user, action)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return can(request.user, view.required_action, obj)


class SchemaPermission(BasePermission):
    """The OpenAPI schema is for signed-in users (token or session)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return can(request.user, Action.VIEW_API_SCHEMA)
