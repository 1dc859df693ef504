"""Reads of visits for other apps' pages."""

from __future__ import annotations

from typing import Any

from school_improvement.accounts.permissions import Action, can
from school_improvement.visits.models import Visit


def visits_for_school(user: Any, establishment: Any, academic_year: str) -> list[Visit]:
    """The school's visits of that year that ``user`` may see, by date (undated
    last), each with its report when one exists. A school user sees their own
    school's visits; a System Leader those they make or to a school they support."""
    if not can(user, Action.VIEW_VISIT):
        return []
    visits = (
        Visit.objects.filter(establishment=establishment, academic_year=academic_year)
        .select_related("establishment", "lead", "second_visitor", "report")
        .order_by("planned_date", "pk")
    )
    seen = [v for v in visits if can(user, Action.VIEW_VISIT, v)]
    return sorted(seen, key=lambda v: (v.planned_date is None, v.planned_date, v.pk))
