"""Reads of inspections. Callers check the user may see the establishment first
(schools.selectors.establishment_get does); list reads go through
inspections_for_user, which applies the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from school_improvement.accounts.permissions import establishments_for_user
from school_improvement.inspections.models import Framework, Inspection
from school_improvement.schools.models import Establishment
from school_improvement.schools.selectors import lineage_urns


def inspections_for(establishment: Establishment) -> QuerySet[Inspection]:
    """The school's inspections and its predecessors' (through GIAS links), newest
    first: those listed on their rows and those made under their URNs."""
    urns = lineage_urns(establishment.urn)
    return (
        Inspection.objects.filter(
            Q(establishment__urn__in=urns) | Q(urn_at_time__in=urns)
        )
        .select_related("establishment", "import_run")
        .order_by("-start_date", "-inspection_number")
    )


def latest_by_framework(
    inspections: list[Inspection],
) -> dict[str, Inspection | None]:
    """The newest report card, EIF graded and ungraded inspection in ``inspections``."""
    latest: dict[str, Inspection | None] = dict.fromkeys(Framework.values)
    for inspection in inspections:  # newest first
        if latest[inspection.framework] is None:
            latest[inspection.framework] = inspection
    return latest


def inspections_for_user(user: Any) -> QuerySet[Inspection]:
    """Every inspection the user may see (a school user: their own schools')."""
    visible = establishments_for_user(user, Establishment.objects.all())
    return Inspection.objects.filter(establishment__in=visible).select_related(
        "establishment", "import_run"
    )
