"""Every school's facts, from the data the system held on a date.

The vocabulary is docs/policy-format.md "Facts the system supplies". "Held on a date"
means, for each source, what had been imported by the end of that day:

* the register: GIAS history dated by extract date (on or before the date);
* inspections: each inspection's state as of the end of that day (its history);
* indicator values and comparators: the value stated by the last file imported by then
  (a later revision's earlier value is read back from its revision row);
* judgements: the latest of each kind judged on or before the date and recorded by then;
* red flags: the LA's Position Statement tests over those indicator facts.

So a run re-executed for the same date gives the same facts after newer files arrive.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q

from engines.categorisation.facts import INDICATOR_SUFFIXES, INDICATORS
from school_improvement.categorisation.models import (
    Against,
    Comparison,
    JudgementKind,
    RedFlagTest,
    SchoolJudgement,
)
from school_improvement.core import clock
from school_improvement.data.imports import coded
from school_improvement.data.imports.ofsted import REPORT_CARD_JUDGEMENTS
from school_improvement.data.models import ImportRun
from school_improvement.indicators.models import (
    AreaValue,
    AreaValueRevision,
    Indicator,
    IndicatorValue,
    IndicatorValueRevision,
    Level,
)
from school_improvement.indicators.selectors import neighbours_of
from school_improvement.inspections.models import (
    EIF_GRADE_LABELS,
    REPORT_CARD_ORDER,
    Framework,
    Inspection,
)
from school_improvement.inspections.selectors import phase_group
from school_improvement.schools.models import (
    Contact,
    ContactRole,
    Establishment,
    Governance,
)

# The indicators whose facts the engine declares (engines/categorisation/facts.py is
# the one list, and docs/policy-format.md its table).
FACT_INDICATORS = INDICATORS
SECTION8_CONCERN_WORDS = ("concerns", "some aspects not as strong", "s5 next")
_GOVERNANCE: dict[str, str] = {
    Governance.LA_MAINTAINED: "maintained",
    Governance.ACADEMY: "academy",
}
_PHASE = {
    "Nursery": "nursery",
    "Primary": "primary",
    "Middle deemed primary": "primary",
    "Middle deemed secondary": "secondary",
    "Secondary": "secondary",
    "All-through": "all-through",
    "Special": "special",
    "Alternative provision": "alternative",
}
# The phase row of attendance and exclusions a school's facts read.
_VALUE_PHASE = {
    "primary": "primary",
    "secondary": "secondary",
    "special": "special",
    "all-through": "total",
}


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the service's time zone."""
    return clock.start_of_day(day + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)


@lru_cache(maxsize=64)
def previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass
class _State:
    """A coded value as held at the cut-off: number (or None) and status."""

    value: Decimal | None
    status: str


@dataclass
class AreaFacts:
    as_of: dt.date
    facts: dict[str, dict[str, Any]]  # URN -> facts
    red_flags: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _held(
    rows: list[tuple[Any, ...]],
    revisions: dict[int, list[tuple[Any, ...]]],
    started: dict[int, dt.datetime],
    cutoff: dt.datetime,
) -> dict[int, _State]:
    """Each row's state at ``cutoff``. Rows are (pk, value, status, import_run_id,
    ...); revisions (value, status, import_run_id, replaced_at), oldest first.

    The current state if the file that stated it was imported by then; else the
    earliest revision replaced after the cut-off, if the file that stated it came
    before; else nothing (the value was not yet held)."""
    out: dict[int, _State] = {}
    for pk, value, status, run_id, *_ in rows:
        if started[run_id] <= cutoff:
            out[pk] = _State(value, status)
            continue
        for r_value, r_status, r_run_id, replaced_at in revisions.get(pk, []):
            if replaced_at > cutoff:
                if started[r_run_id] <= cutoff:
                    out[pk] = _State(r_value, r_status)
                break
    return out


def _raw_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list() query without Django's per-value converters (a
    national read is 270,000 rows; turning each SQLite float into a Decimal cost a
    second). Values come as the driver gives them: numbers as float or Decimal."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. a filter on an empty list: no rows, no query
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _revisions(model: Any, of_ids: Any) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    rows = (
        model.objects.filter(of_id__in=of_ids)
        .order_by("replaced_at", "id")
        .values_list("of_id", "value", "status", "import_run_id", "replaced_at")
    )
    for of_id, *rest in rows:
        out[of_id].append(tuple(rest))
    return out


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def build_facts(establishments: Iterable[Establishment], as_of: dt.date) -> AreaFacts:
    """The facts of every establishment given, as held at the end of ``as_of``; each
    school is compared with its own LA and that LA's statistical neighbours."""
    cutoff = end_of(as_of)
    schools = list(establishments)
    by_id = {s.pk: s for s in schools}
    facts: dict[str, dict[str, Any]] = {}
    for school in schools:
        facts[school.urn] = {
            "governance": _GOVERNANCE.get(school.governance, "other"),
            "phase": _PHASE.get(phase_group(school), "other"),
            "pupils": school.number_of_pupils,
            "head_start_date": None,
            "interim_head": _interim(school.head_job_title),
        }
    _add_heads(by_id, facts, as_of)
    _add_inspections(by_id, facts, cutoff)
    _add_judgements(by_id, facts, as_of, cutoff)
    values = _add_indicators(by_id, facts, cutoff)
    red_flags = _add_red_flags(by_id, facts, values)
    return AreaFacts(as_of=as_of, facts=facts, red_flags=red_flags)


# Above this many schools, reads take every row and keep the schools' in Python: an IN
# list of tens of thousands of ids is slower (and SQLite caps the number of parameters).
_MANY = 2000


def _for_schools(queryset: Any, field_name: str, ids: list[int]) -> Any:
    return (
        queryset.filter(**{f"{field_name}__in": ids}) if len(ids) <= _MANY else queryset
    )


def _interim(job_title: str) -> bool:
    lowered = job_title.lower()
    return "interim" in lowered or "acting" in lowered


def _add_heads(
    by_id: dict[int, Establishment], facts: dict[str, dict[str, Any]], as_of: dt.date
) -> None:
    heads = _for_schools(
        Contact.objects.filter(role=ContactRole.HEADTEACHER),
        "establishment_id",
        list(by_id),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of), first_seen_on__lte=as_of)
    rows = heads.order_by("first_seen_on").values_list(
        "establishment_id", "started_on", "job_title"
    )
    for school_id, started_on, job_title in rows:
        if school_id not in by_id:
            continue
        school_facts = facts[by_id[school_id].urn]
        school_facts["head_start_date"] = started_on
        if job_title:
            school_facts["interim_head"] = _interim(job_title)


_INSPECTION_FIELDS = (
    "inspection_number",
    "establishment_id",
    "urn_at_time",
    "framework",
    "start_date",
    "judgements",
    "category_of_concern",
    "outcome",
)


def _add_inspections(
    by_id: dict[int, Establishment],
    facts: dict[str, dict[str, Any]],
    cutoff: dt.datetime,
) -> None:
    """Latest EIF graded, latest ungraded after it, latest report card, each as the
    inspection stood at the cut-off (history), attached to the school whose row (or
    whose URN at the time) it belongs to."""
    urn_to_id = {s.urn: pk for pk, s in by_id.items()}
    latest_state: dict[str, Any] = {}
    if not Inspection.history.filter(history_date__gt=cutoff).exists():
        # nothing has changed since the cut-off: the current rows are the state then
        rows: Any = Inspection.objects.all()
        if len(by_id) <= _MANY:
            rows = rows.filter(
                Q(establishment_id__in=list(by_id)) | Q(urn_at_time__in=list(urn_to_id))
            )
        for values in rows.values(*_INSPECTION_FIELDS):
            state = SimpleNamespace(history_type="+", **values)
            latest_state[state.inspection_number] = state
    else:
        historical: Any = Inspection.history.filter(history_date__lte=cutoff)
        if len(by_id) <= _MANY:
            historical = historical.filter(
                Q(establishment_id__in=list(by_id)) | Q(urn_at_time__in=list(urn_to_id))
            )
        ordered = historical.order_by("inspection_number", "history_date", "history_id")
        for values in ordered.values("history_type", *_INSPECTION_FIELDS):
            state = SimpleNamespace(**values)
            latest_state[state.inspection_number] = state  # the last state by then
    per_school: dict[int, list[Any]] = defaultdict(list)
    for h in latest_state.values():
        if h.history_type == "-":
            continue
        owner = urn_to_id.get(h.urn_at_time, h.establishment_id)
        if owner in by_id:
            per_school[owner].append(h)
    for pk, items in per_school.items():
        items.sort(
            key=lambda i: (i.start_date or dt.date.min, i.inspection_number),
            reverse=True,
        )
        f = facts[by_id[pk].urn]
        graded = next((i for i in items if i.framework == Framework.EIF), None)
        card = next((i for i in items if i.framework == Framework.REPORT_CARD), None)
        latest_any = items[0] if items else None
        f["category_of_concern"] = (
            latest_any.category_of_concern if latest_any else ""
        ) or ""
        if graded is not None:
            overall = graded.judgements.get("overall_effectiveness")
            f["ofsted_grade"] = (
                EIF_GRADE_LABELS[overall] if overall in {"1", "2", "3", "4"} else None
            )
            keys = [
                v
                for k, v in graded.judgements.items()
                if k not in {"overall_effectiveness", "safeguarding_effective"}
                and v in {"1", "2", "3", "4"}
            ]
            f["ofsted_key_judgement_worst"] = (
                max(int(v) for v in keys) if keys else None
            )
            f["ofsted_graded_date"] = graded.start_date
            since = [
                i
                for i in items
                if i.framework == Framework.UNGRADED
                and (i.start_date or dt.date.min) > (graded.start_date or dt.date.min)
            ]
            if since:
                outcome = since[0].outcome or ""
                f["ungraded_outcome"] = outcome or None
                f["section8_concern"] = any(
                    w in outcome.lower() for w in SECTION8_CONCERN_WORDS
                )
        f["rc_inspected"] = card is not None
        if card is not None:
            grades = card.judgements
            for key in REPORT_CARD_JUDGEMENTS:
                if key == "safeguarding_standards":
                    continue
                value = grades.get(key)
                f[f"rc_{key}"] = value if value in REPORT_CARD_ORDER else None
            safeguarding = grades.get("safeguarding_standards")
            f["rc_safeguarding_met"] = (
                None if safeguarding is None else safeguarding == "Met"
            )
            below = [
                v for v in grades.values() if REPORT_CARD_ORDER.get(v or "", -1) >= 3
            ]
            f["rc_areas_below_expected"] = len(below)
            f["rc_areas_urgent"] = sum(1 for v in below if v == "Urgent improvement")
            f["rc_date"] = card.start_date
    for school in by_id.values():
        facts[school.urn].setdefault("rc_inspected", False)
        facts[school.urn].setdefault("category_of_concern", "")


def _add_judgements(
    by_id: dict[int, Establishment],
    facts: dict[str, dict[str, Any]],
    as_of: dt.date,
    cutoff: dt.datetime,
) -> None:
    rows = _for_schools(
        SchoolJudgement.objects.filter(judged_on__lte=as_of, created_at__lte=cutoff),
        "establishment_id",
        list(by_id),
    ).order_by("judged_on", "id")
    for j in rows:  # the latest of each kind wins
        if j.establishment_id not in by_id:
            continue
        facts[by_id[j.establishment_id].urn][j.kind] = j.value
    for school in by_id.values():
        for kind in JudgementKind.values:
            facts[school.urn].setdefault(kind, None)


def _add_indicators(
    by_id: dict[int, Establishment],
    facts: dict[str, dict[str, Any]],
    cutoff: dt.datetime,
) -> dict[tuple[str, str], dict[str, Any]]:
    """Per indicator of FACT_INDICATORS (and any the red-flag tests read): the school's
    latest value and its comparators. Returns (urn, code) -> the pieces, for red flags."""
    codes = set(FACT_INDICATORS) | set(
        RedFlagTest.objects.filter(active=True).values_list(
            "indicator__code", flat=True
        )
    )
    indicators = {i.pk: i for i in Indicator.objects.filter(code__in=codes)}
    started = dict(ImportRun.objects.values_list("pk", "started_at"))
    values = IndicatorValue.objects.filter(indicator_id__in=list(indicators))
    current = not any(when > cutoff for when in started.values())
    if current:
        # Nothing imported since the cut-off: the latest two years of each indicator
        # are all the facts read (the latest value and the year before).
        years_held: dict[int, set[str]] = defaultdict(set)
        for indicator_id, year in (
            values.order_by().values_list("indicator_id", "academic_year").distinct()
        ):
            years_held[indicator_id].add(year)
        recent = Q(pk__in=[])
        for indicator_id, found in years_held.items():
            recent |= Q(indicator_id=indicator_id, academic_year__in=sorted(found)[-2:])
        values = values.filter(recent)
    value_rows = _raw_rows(
        _for_schools(values, "establishment_id", list(by_id)).values_list(
            "pk",
            "value",
            "status",
            "import_run_id",
            "establishment_id",
            "indicator_id",
            "academic_year",
            "phase",
        )
    )
    value_rows = [r for r in value_rows if r[4] in by_id]
    held: dict[int, _State] | None = None
    if not current:
        value_revisions = (
            _revisions(IndicatorValueRevision, [r[0] for r in value_rows])
            if IndicatorValueRevision.objects.exists()
            else {}
        )
        held = _held(value_rows, value_revisions, started, cutoff)
    la_codes = {s.la.code for s in by_id.values()}
    neighbours = {code: neighbours_of(code).codes for code in la_codes}
    wanted_las = la_codes | {n for codes_ in neighbours.values() for n in codes_}
    area_rows = list(
        AreaValue.objects.filter(indicator_id__in=list(indicators))
        .filter(Q(level=Level.NATIONAL) | Q(la_code__in=wanted_las))
        .values_list(
            "pk",
            "value",
            "status",
            "import_run_id",
            "level",
            "la_code",
            "indicator_id",
            "academic_year",
            "phase",
        )
    )
    area_revisions = (
        _revisions(AreaValueRevision, [r[0] for r in area_rows])
        if AreaValueRevision.objects.exists()
        else {}
    )
    area_held = _held(area_rows, area_revisions, started, cutoff)
    england: dict[tuple[int, str, str], float | None] = {}
    # (LA code, indicator, year, phase) -> the LA's value
    by_la: dict[tuple[str, int, str, str], float] = {}
    for pk, _v, _s, _r, level, area_la, indicator_id, year, phase in area_rows:
        state = area_held.get(pk)
        if state is None or state.status != coded.VALUE or state.value is None:
            continue
        if level == Level.NATIONAL:
            england[(indicator_id, year, phase)] = _float(state.value)
        else:
            by_la[(area_la, indicator_id, year, phase)] = float(state.value)
    # (school, indicator, phase) -> {year: value}
    series: dict[tuple[int, int, str], dict[str, float]] = defaultdict(dict)
    number = coded.VALUE
    for pk, value, status, _r, school_id, indicator_id, year, phase in value_rows:
        if held is not None:  # read back as at the cut-off
            state = held.get(pk)
            if state is None:
                continue
            value, status = state.value, state.status
        if status != number or value is None:
            continue
        series[(school_id, indicator_id, phase)][year] = float(value)
    pieces: dict[tuple[str, str], dict[str, Any]] = {}
    for pk, school in by_id.items():
        f = facts[school.urn]
        value_phase = _VALUE_PHASE.get(f["phase"], "total")
        for indicator_id, indicator in indicators.items():
            phase = "" if indicator.source in ("ks2", "ks4") else value_phase
            years = series.get((pk, indicator_id, phase))
            if not years and phase:
                # e.g. an all-through school reported by phase row
                for alternative in ("total", "primary", "secondary", "special"):
                    years = series.get((pk, indicator_id, alternative))
                    if years:
                        phase = alternative
                        break
            code = indicator.code
            if not years:
                if code in FACT_INDICATORS:
                    for suffix in INDICATOR_SUFFIXES:
                        f[f"{code}{suffix}"] = None
                continue
            year = max(years)
            prev = previous_year(year)
            key = (indicator_id, year, phase)
            own = school.la.code
            near_values = [
                by_la[(n, *key)] for n in neighbours[own] if (n, *key) in by_la
            ]
            piece = {
                "year": year,
                "phase": phase,
                "value": years[year],
                "england": england.get(key),
                "la": by_la.get((own, *key)),
                "neighbours": sum(near_values) / len(near_values)
                if near_values
                else None,
                "prev": years.get(prev),
                "prev_england": england.get((indicator_id, prev, phase)),
                "indicator": indicator,
            }
            pieces[(school.urn, code)] = piece
            if code in FACT_INDICATORS:
                f[code] = piece["value"]
                f[f"{code}_england"] = piece["england"]
                f[f"{code}_la"] = piece["la"]
                f[f"{code}_neighbours"] = piece["neighbours"]
                f[f"{code}_prev"] = piece["prev"]
                f[f"{code}_prev_england"] = piece["prev_england"]
    return pieces


def _add_red_flags(
    by_id: dict[int, Establishment],
    facts: dict[str, dict[str, Any]],
    pieces: dict[tuple[str, str], dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """The Position Statement: each active test that applies to the school (it has a
    value and the comparator) either fires or not; red_flag_pct is the share fired."""
    tests_of: dict[str, list[RedFlagTest]] = defaultdict(list)
    for test in RedFlagTest.objects.filter(active=True).select_related(
        "indicator", "la"
    ):
        tests_of[test.la.code].append(test)
    out: dict[str, list[dict[str, Any]]] = {}
    for school in by_id.values():
        f = facts[school.urn]
        tests = tests_of.get(school.la.code, [])
        detail = []
        for test in tests:
            piece = pieces.get((school.urn, test.indicator.code))
            outcome = evaluate_red_flag(test, piece)
            detail.append(outcome)
        applied = [d for d in detail if d["fired"] is not None]
        fired = [d for d in applied if d["fired"]]
        f["red_flag_count"] = len(fired) if tests else None
        f["red_flag_pct"] = (
            round(100 * len(fired) / len(applied), 1) if applied else None
        )
        out[school.urn] = detail
    return out


def evaluate_red_flag(
    test: RedFlagTest, piece: dict[str, Any] | None
) -> dict[str, Any]:
    """Whether one Position Statement test fires for a school, with what it read."""
    base: dict[str, Any] = {
        "test": test.pk,
        "label": test.label,
        "description": test.description,
    }
    if piece is None:
        return base | {"fired": None, "reason": "no value for the school"}
    value = piece["value"]
    margin = float(test.margin)
    if test.against == Against.VALUE:
        threshold = margin
    else:
        comparator = piece.get(str(test.against))
        if comparator is None:
            return base | {
                "fired": None,
                "reason": f"no {test.get_against_display()} value for {piece['year']}",
                "value": value,
                "year": piece["year"],
            }
        threshold = (
            comparator + margin
            if test.comparison == Comparison.ABOVE
            else comparator - margin
        )
    fired = (
        value > threshold if test.comparison == Comparison.ABOVE else value < threshold
    )
    return base | {
        "fired": fired,
        "value": value,
        "threshold": round(threshold, 3),
        "year": piece["year"],
        "phase": piece["phase"],
    }
