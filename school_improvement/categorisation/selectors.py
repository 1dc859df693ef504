"""Reads of categories. Callers check the user may see the establishment first."""

from __future__ import annotations

from school_improvement.categorisation.models import RunStatus, SchoolResult
from school_improvement.schools.models import Establishment


def current_result(establishment: Establishment) -> SchoolResult | None:
    """The school's result in the latest published run that holds it, if any."""
    return (
        SchoolResult.objects.filter(
            establishment=establishment, run__status=RunStatus.PUBLISHED
        )
        .select_related("run__policy")
        .prefetch_related("overrides")
        .order_by("-run__published_at", "-run_id")
        .first()
    )
