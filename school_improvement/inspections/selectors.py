"""Reads of inspections. Callers check the user may see the establishment first
(schools.selectors.establishment_get does); list reads go through
inspections_for_user, which applies the user's scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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


# ---- the area overview ------------------------------------------------------------------

EIF_COLUMNS = ("1", "2", "3", "4", "not_judged")


def phase_group(establishment: Establishment) -> str:
    """The phase an overview groups a school under."""
    group = establishment.type_group_name.lower()
    if "special" in group:
        return "Special"
    if establishment.phase_name in ("", "Not applicable"):
        if "pupil referral" in establishment.type_name.lower():
            return "Alternative provision"
        return "Other"
    return establishment.phase_name


@dataclass
class OutcomeRow:
    phase: str
    governance: str
    schools: int = 0
    pupils: int = 0
    not_inspected: int = 0
    eif: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EIF_COLUMNS, 0))
    eif_total: int = 0
    report_cards: int = 0
    safeguarding_not_met: int = 0
    urgent_improvement: int = 0
    needs_attention: int = 0
    all_expected_or_above: int = 0
    concern: int = 0  # in a category of concern (SM, SWK, RSI) at the latest inspection


@dataclass
class AreaOutcomes:
    rows: list[OutcomeRow]
    total: OutcomeRow
    area_grades: dict[str, dict[str, int]]  # report-card area -> grade -> schools
    pupils_all: int  # pupils in the area's open schools
    pupils_report_card: int  # ... in schools whose latest inspection is a report card
    pupils_none_below: int  # ... of which no area is below expected standard


def area_outcomes(establishments: QuerySet[Establishment]) -> AreaOutcomes:
    """Each open school's latest graded inspection (report card or EIF, never merged),
    counted by phase and governance."""
    schools = list(establishments)
    by_school: dict[int, list[Inspection]] = defaultdict(list)
    urn_to_id = {s.urn: s.pk for s in schools}
    inspections = Inspection.objects.exclude(framework=Framework.UNGRADED).filter(
        Q(establishment__in=schools) | Q(urn_at_time__in=list(urn_to_id))
    )
    for inspection in inspections.order_by("-start_date", "-inspection_number"):
        owner = urn_to_id.get(inspection.urn_at_time, inspection.establishment_id)
        if owner not in by_school or inspection not in by_school[owner]:
            by_school[owner].append(inspection)
    rows: dict[tuple[str, str], OutcomeRow] = {}
    total = OutcomeRow("All", "All")
    area_grades: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pupils_rc = pupils_none_below = pupils_all = 0
    for school in schools:
        key = (phase_group(school), school.get_governance_display())
        row = rows.setdefault(key, OutcomeRow(*key))
        pupils = school.number_of_pupils or 0
        pupils_all += pupils
        latest = by_school.get(school.pk, [None])[0]
        for r in (row, total):
            r.schools += 1
            r.pupils += pupils
        if latest is None:
            row.not_inspected += 1
            total.not_inspected += 1
            continue
        for r in (row, total):
            if latest.category_of_concern:
                r.concern += 1
        if latest.framework == Framework.EIF:
            grade = latest.judgements.get("overall_effectiveness")
            for r in (row, total):
                r.eif_total += 1
                if grade in r.eif:
                    r.eif[grade] += 1
            continue
        below = latest.areas_below_expected()
        pupils_rc += pupils
        if not below:
            pupils_none_below += pupils
        grades = latest.judgements
        for area, grade in grades.items():
            if grade and area != "safeguarding_standards" and grade != "not_applicable":
                area_grades[area][grade] += 1
        for r in (row, total):
            r.report_cards += 1
            if grades.get("safeguarding_standards") == "Not met":
                r.safeguarding_not_met += 1
            if "Urgent improvement" in grades.values():
                r.urgent_improvement += 1
            elif "Needs attention" in grades.values():
                r.needs_attention += 1
            if not below:
                r.all_expected_or_above += 1
    ordered = sorted(
        rows.values(),
        key=lambda r: (PHASE_ORDER.get(r.phase, 9), r.phase, r.governance),
    )
    return AreaOutcomes(
        rows=ordered,
        total=total,
        area_grades={k: dict(v) for k, v in area_grades.items()},
        pupils_all=pupils_all,
        pupils_report_card=pupils_rc,
        pupils_none_below=pupils_none_below,
    )


PHASE_ORDER = {
    "Nursery": 0,
    "Primary": 1,
    "Middle deemed primary": 2,
    "Middle deemed secondary": 3,
    "Secondary": 4,
    "All-through": 5,
    "16 plus": 6,
    "Special": 7,
    "Alternative provision": 8,
}
