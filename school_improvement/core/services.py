"""Writes owned by the core app: the audit log."""

from __future__ import annotations

import getpass
from typing import Any

from django.db import models

from school_improvement.core.models import AuditEvent


def actor_label(user: Any | None) -> str:
    """A readable name for whoever acted: a user, or the command line's OS account."""
    if user is not None and getattr(user, "is_authenticated", False):
        full = user.get_full_name() if hasattr(user, "get_full_name") else ""
        return f"{full} ({user.get_username()})" if full else user.get_username()
    try:
        return f"command line ({getpass.getuser()})"
    except OSError:  # no login name in some containers
        return "command line"


def audit_record(
    *,
    acting_user: Any | None,
    verb: str,
    summary: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one domain action in the audit log and return the event."""
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label(acting_user),
        verb=verb,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        details=details or {},
    )
