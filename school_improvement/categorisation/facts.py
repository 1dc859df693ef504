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
import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

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
from school_improvement.terms.calendar import academic_year_shift

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


class _Area(Protocol):
    @property
    def code(self) -> str: ...


class School(Protocol):
    """What the facts read of an establishment: an Establishment, or any object with
    these attributes (a national run reads them as plain rows: services.SchoolRow)."""

    @property
    def pk(self) -> Any: ...
    @property
    def urn(self) -> str: ...
    @property
    def la(self) -> _Area: ...
    @property
    def governance(self) -> str: ...
    @property
    def phase_name(self) -> str: ...
    @property
    def type_name(self) -> str: ...
    @property
    def type_group_name(self) -> str: ...
    @property
    def number_of_pupils(self) -> int | None: ...
    @property
    def head_job_title(self) -> str: ...


@lru_cache(maxsize=256)
def _phase(type_group_name: str, phase_name: str, type_name: str) -> str:
    """The facts' phase of a school with these register values (few combinations)."""
    grouped = phase_group(
        Establishment(
            type_group_name=type_group_name, phase_name=phase_name, type_name=type_name
        )
    )
    return _PHASE.get(grouped, "other")


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the service's time zone."""
    return clock.start_of_day(day + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)


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


def build_facts(
    establishments: Iterable[School],
    as_of: dt.date,
    *,
    wanted: Collection[str] | None = None,
) -> AreaFacts:
    """The facts of every establishment given, as held at the end of ``as_of``; each
    school is compared with its own LA and that LA's statistical neighbours.

    ``wanted`` (fact names, e.g. a policy's input facts) lets a run skip reading the
    indicators none of whose facts it reads; the facts it does build are the same.
    Those of the Position Statement's tests are always read (red flags)."""
    cutoff = end_of(as_of)
    schools = list(establishments)
    by_id = {s.pk: s for s in schools}
    facts: dict[str, dict[str, Any]] = {}
    for school in schools:
        facts[school.urn] = {
            "governance": _GOVERNANCE.get(school.governance, "other"),
            "phase": _phase(
                school.type_group_name, school.phase_name, school.type_name
            ),
            "pupils": school.number_of_pupils,
            "head_start_date": None,
            "interim_head": _interim(school.head_job_title),
        }
    _add_heads(by_id, facts, as_of)
    _add_inspections(by_id, facts, cutoff)
    _add_judgements(by_id, facts, as_of, cutoff)
    values = _add_indicators(by_id, facts, cutoff, wanted)
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
    by_id: dict[int, School], facts: dict[str, dict[str, Any]], as_of: dt.date
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


# Columns of an inspection row as the facts read it (current or historical).
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
_NUMBER, _SCHOOL, _URN, _FRAMEWORK, _START, _JUDGEMENTS, _CONCERN, _OUTCOME = range(8)
_GRADES = frozenset({"1", "2", "3", "4"})
_UNSEEN = object()


def _judgements(value: Any) -> dict[str, Any]:
    """An inspection's judgements as read raw: JSON text (SQLite, and PostgreSQL as
    Django reads jsonb) or already decoded."""
    if isinstance(value, str):
        decoded: dict[str, Any] = json.loads(value)
        return decoded
    return value or {}


def _add_inspections(
    by_id: dict[int, School],
    facts: dict[str, dict[str, Any]],
    cutoff: dt.datetime,
) -> None:
    """Latest EIF graded, latest ungraded after it, latest report card, each as the
    inspection stood at the cut-off (history), attached to the school whose row (or
    whose URN at the time) it belongs to."""
    urn_to_id = {s.urn: pk for pk, s in by_id.items()}
    latest_state: dict[str, tuple[Any, ...]] = {}
    if not Inspection.history.filter(history_date__gt=cutoff).exists():
        # nothing has changed since the cut-off: the current rows are the state then
        rows: Any = Inspection.objects.order_by()
        if len(by_id) <= _MANY:
            rows = rows.filter(
                Q(establishment_id__in=list(by_id)) | Q(urn_at_time__in=list(urn_to_id))
            )
        for row in _raw_rows(rows.values_list(*_INSPECTION_FIELDS)):
            latest_state[row[_NUMBER]] = row
    else:
        historical: Any = Inspection.history.filter(history_date__lte=cutoff)
        if len(by_id) <= _MANY:
            historical = historical.filter(
                Q(establishment_id__in=list(by_id)) | Q(urn_at_time__in=list(urn_to_id))
            )
        ordered = historical.order_by("inspection_number", "history_date", "history_id")
        for history_type, *state in _raw_rows(
            ordered.values_list("history_type", *_INSPECTION_FIELDS)
        ):
            # the last state by then; a deletion removes it
            if history_type == "-":
                latest_state.pop(state[_NUMBER], None)
            else:
                latest_state[state[_NUMBER]] = tuple(state)
    # Per school, in one pass: its latest inspection of any framework, its latest EIF
    # graded and report card, and its ungraded ones (latest: the greatest start date,
    # then inspection number).
    never = dt.date.min
    latest: dict[int, tuple[Any, tuple[Any, ...]]] = {}
    graded_of: dict[int, tuple[Any, tuple[Any, ...]]] = {}
    card_of: dict[int, tuple[Any, tuple[Any, ...]]] = {}
    ungraded_of: dict[int, list[tuple[Any, tuple[Any, ...]]]] = defaultdict(list)
    latest_of_framework = {Framework.EIF: graded_of, Framework.REPORT_CARD: card_of}
    for h in latest_state.values():
        owner = urn_to_id.get(h[_URN], h[_SCHOOL])
        if owner not in by_id:
            continue
        order = (h[_START] or never, h[_NUMBER])
        found = latest.get(owner)
        if found is None or order > found[0]:
            latest[owner] = (order, h)
        framework = h[_FRAMEWORK]
        best = latest_of_framework.get(framework)
        if best is not None:
            found = best.get(owner)
            if found is None or order > found[0]:
                best[owner] = (order, h)
        elif framework == Framework.UNGRADED:
            ungraded_of[owner].append((order, h))
    for pk, (_, latest_any) in latest.items():
        f = facts[by_id[pk].urn]
        graded = graded_of[pk][1] if pk in graded_of else None
        card = card_of[pk][1] if pk in card_of else None
        f["category_of_concern"] = latest_any[_CONCERN] or ""
        if graded is not None:
            judged = _judgements(graded[_JUDGEMENTS])
            overall = judged.get("overall_effectiveness")
            f["ofsted_grade"] = (
                EIF_GRADE_LABELS[overall] if overall in _GRADES else None
            )
            keys = [
                v
                for k, v in judged.items()
                if k not in {"overall_effectiveness", "safeguarding_effective"}
                and v in _GRADES
            ]
            f["ofsted_key_judgement_worst"] = (
                max(int(v) for v in keys) if keys else None
            )
            f["ofsted_graded_date"] = graded[_START]
            graded_on = graded[_START] or never
            since = [item for item in ungraded_of.get(pk, ()) if item[0][0] > graded_on]
            if since:
                outcome = max(since)[1][_OUTCOME] or ""
                f["ungraded_outcome"] = outcome or None
                f["section8_concern"] = any(
                    w in outcome.lower() for w in SECTION8_CONCERN_WORDS
                )
        f["rc_inspected"] = card is not None
        if card is not None:
            grades = _judgements(card[_JUDGEMENTS])
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
            f["rc_date"] = card[_START]
    for school in by_id.values():
        facts[school.urn].setdefault("rc_inspected", False)
        facts[school.urn].setdefault("category_of_concern", "")


def _add_judgements(
    by_id: dict[int, School],
    facts: dict[str, dict[str, Any]],
    as_of: dt.date,
    cutoff: dt.datetime,
) -> None:
    kinds = dict.fromkeys(JudgementKind.values)
    for school in by_id.values():
        facts[school.urn].update(kinds)
    rows = (
        _for_schools(
            SchoolJudgement.objects.filter(
                judged_on__lte=as_of, created_at__lte=cutoff
            ),
            "establishment_id",
            list(by_id),
        )
        .order_by("judged_on", "id")
        .values_list("establishment_id", "kind", "value")
    )
    for school_id, kind, value in rows:  # the latest of each kind wins
        if school_id in by_id:
            facts[by_id[school_id].urn][kind] = value


def _add_indicators(
    by_id: dict[int, School],
    facts: dict[str, dict[str, Any]],
    cutoff: dt.datetime,
    wanted: Collection[str] | None = None,
) -> dict[tuple[str, str], dict[str, Any]]:
    """Per indicator of FACT_INDICATORS (those ``wanted`` reads, and any the red-flag
    tests read): the school's latest value (of any year held) and its comparators.
    Returns (urn, code) -> the pieces of the red-flag tests' indicators."""
    tested = set(
        RedFlagTest.objects.filter(active=True).values_list(
            "indicator__code", flat=True
        )
    )
    fact_codes = {
        code
        for code in FACT_INDICATORS
        if wanted is None or any(f"{code}{s}" in wanted for s in INDICATOR_SUFFIXES)
    }
    indicators = {
        i.pk: i for i in Indicator.objects.filter(code__in=fact_codes | tested)
    }
    started = dict(ImportRun.objects.values_list("pk", "started_at"))
    values = _for_schools(
        # No order: the rows go into dicts, and the model's ordering joins the
        # indicators and sorts every row.
        IndicatorValue.objects.order_by().filter(indicator_id__in=list(indicators)),
        "establishment_id",
        list(by_id),
    )
    number = coded.VALUE
    # (school, indicator, year, phase, value): the numbers held at the cut-off
    held_values: list[tuple[Any, ...]]
    if not any(when > cutoff for when in started.values()):
        # Nothing imported since the cut-off: each row's current state is the state
        # then, so only numbers are read.
        held_values = _raw_rows(
            values.filter(status=number, value__isnull=False).values_list(
                "establishment_id", "indicator_id", "academic_year", "phase", "value"
            )
        )
    else:
        value_rows = [
            r
            for r in _raw_rows(
                values.values_list(
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
            if r[4] in by_id
        ]
        value_revisions = (
            _revisions(IndicatorValueRevision, [r[0] for r in value_rows])
            if IndicatorValueRevision.objects.exists()
            else {}
        )
        held = _held(value_rows, value_revisions, started, cutoff)
        held_values = []
        for pk, _v, _s, _r, school_id, indicator_id, year, phase in value_rows:
            state = held.get(pk)  # read back as at the cut-off
            if state is not None and state.status == number and state.value is not None:
                held_values.append((school_id, indicator_id, year, phase, state.value))
    la_codes = {s.la.code for s in by_id.values()}
    neighbours = {code: neighbours_of(code).codes for code in la_codes}
    wanted_las = la_codes | {n for codes_ in neighbours.values() for n in codes_}
    area_rows = list(
        AreaValue.objects.order_by()
        .filter(indicator_id__in=list(indicators))
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
        if state is None or state.status != number or state.value is None:
            continue
        if level == Level.NATIONAL:
            england[(indicator_id, year, phase)] = _float(state.value)
        else:
            by_la[(area_la, indicator_id, year, phase)] = float(state.value)
    # (school, indicator, phase) -> {year: value}
    series: dict[tuple[int, int, str], dict[str, float]] = defaultdict(dict)
    for school_id, indicator_id, year, phase, value in held_values:
        series[(school_id, indicator_id, phase)][year] = float(value)
    del held_values

    # The statistical neighbours' average, once per (LA, indicator, year, phase).
    near_average: dict[tuple[str, int, str, str], Any] = {}

    def neighbours_mean(own: str, key: tuple[int, str, str]) -> float | None:
        found = [by_la[(n, *key)] for n in neighbours[own] if (n, *key) in by_la]
        return sum(found) / len(found) if found else None

    # Per indicator: id, code, whether its values are by phase, its fact names (or
    # None when no fact reads it), whether a red-flag test reads it.
    plan = [
        (
            indicator_id,
            indicator.code,
            indicator.source not in ("ks2", "ks4"),
            tuple(f"{indicator.code}{suffix}" for suffix in INDICATOR_SUFFIXES)
            if indicator.code in fact_codes
            else None,
            indicator.code in tested,
            indicator,
        )
        for indicator_id, indicator in indicators.items()
    ]
    pieces: dict[tuple[str, str], dict[str, Any]] = {}
    series_of, la_value_of, england_of = series.get, by_la.get, england.get
    alternatives = ("total", "primary", "secondary", "special")
    for pk, school in by_id.items():
        f = facts[school.urn]
        value_phase = _VALUE_PHASE.get(f["phase"], "total")
        own = school.la.code
        for indicator_id, code, by_phase, names, is_tested, indicator in plan:
            phase = value_phase if by_phase else ""
            years = series_of((pk, indicator_id, phase))
            if not years and phase:
                # e.g. an all-through school reported by phase row
                for alternative in alternatives:
                    years = series_of((pk, indicator_id, alternative))
                    if years:
                        phase = alternative
                        break
            if not years:
                if names is not None:
                    f.update(dict.fromkeys(names))
                continue
            year = max(years)
            prev = academic_year_shift(year, -1)
            key = (indicator_id, year, phase)
            la_key = (own, indicator_id, year, phase)
            near = near_average.get(la_key, _UNSEEN)
            if near is _UNSEEN:
                near = near_average[la_key] = neighbours_mean(own, key)
            value = years[year]
            england_value = england_of(key)
            la_value = la_value_of(la_key)
            prev_value = years.get(prev)
            prev_england = england_of((indicator_id, prev, phase))
            if names is not None:
                name, england_name, la_name, near_name, prev_name, prev_england_name = (
                    names
                )
                f[name] = value
                f[england_name] = england_value
                f[la_name] = la_value
                f[near_name] = near
                f[prev_name] = prev_value
                f[prev_england_name] = prev_england
            if is_tested:
                pieces[(school.urn, code)] = {
                    "year": year,
                    "phase": phase,
                    "value": value,
                    "england": england_value,
                    "la": la_value,
                    "neighbours": near,
                    "prev": prev_value,
                    "prev_england": prev_england,
                    "indicator": indicator,
                }
    return pieces


def _add_red_flags(
    by_id: dict[int, School],
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
