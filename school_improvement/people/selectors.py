"""Reads of the advisers' register, always scoped to the user
(permissions.advisers_for_user): the register's rows with each adviser's
eligibility and why not, one adviser's record with the conflicts that follow from
the register, and a user's own record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from school_improvement.accounts.permissions import advisers_for_user
from school_improvement.inspections.models import (
    EIF_GRADE_LABELS,
    Framework,
    Inspection,
)
from school_improvement.people.eligibility import Eligibility, adviser_eligibility
from school_improvement.people.models import (
    Accreditation,
    Adviser,
    AdviserAccreditation,
    Phase,
    TermCapacity,
    phase_label,
)
from school_improvement.people.rules import conflicts_for
from school_improvement.schools.models import Establishment, LocalAuthority
from school_improvement.schools.selectors import area_la
from school_improvement.terms.calendar import academic_year_of, academic_year_shift
from school_improvement.terms.models import Term


@dataclass(frozen=True)
class Outcome:
    """A school's latest inspection, in words."""

    text: str
    framework: str
    date: dt.date | None


def inspection_outcome(inspection: Inspection) -> str:
    """What an inspection found, in its own framework's words: an EIF grade, a
    report card's areas below the expected standard, an ungraded outcome."""
    if inspection.framework == Framework.EIF:
        grade = inspection.overall_grade or ""
        return EIF_GRADE_LABELS.get(grade, "Graded inspection")
    if inspection.framework == Framework.REPORT_CARD:
        below = len(inspection.areas_below_expected())
        if below:
            return f"Report card: {below} area{'s' if below > 1 else ''} below the expected standard"
        return "Report card: no area below the expected standard"
    return inspection.outcome or "Ungraded inspection"


def latest_outcomes(schools: Iterable[Establishment]) -> dict[int, Outcome]:
    """Establishment id -> its latest inspection (by start date) in words, for the
    schools that have one."""
    ids = {s.pk for s in schools}
    out: dict[int, Outcome] = {}
    if not ids:
        return out
    rows = Inspection.objects.filter(establishment_id__in=ids).order_by(
        "establishment_id", "-start_date", "-inspection_number"
    )
    for inspection in rows:
        if inspection.establishment_id in out:
            continue
        out[inspection.establishment_id] = Outcome(
            inspection_outcome(inspection),
            inspection.get_framework_display(),
            inspection.start_date,
        )
    return out


def _advisers(user: Any) -> QuerySet[Adviser]:
    return advisers_for_user(user, Adviser.objects.all()).select_related(
        "la", "own_school__trust", "own_school__federation", "user"
    )


def _with_records(queryset: QuerySet[Adviser]) -> QuerySet[Adviser]:
    return queryset.prefetch_related(
        Prefetch(
            "accreditations",
            queryset=AdviserAccreditation.objects.order_by("kind", "-awarded_on"),
        ),
        "conflicts",
    )


@dataclass
class AdviserRow:
    """One line of the register."""

    adviser: Adviser
    eligibility: Eligibility
    current: list[AdviserAccreditation]
    outcome: Outcome | None
    phases: list[str]

    @property
    def current_kinds(self) -> set[str]:
        return {a.kind for a in self.current}


@dataclass
class Register:
    rows: list[AdviserRow]
    shown: list[AdviserRow]
    la: LocalAuthority | None
    policy: str
    counts: dict[str, int] = field(default_factory=dict)


def _rows(advisers: list[Adviser], today: dt.date) -> list[AdviserRow]:
    eligibility = adviser_eligibility(advisers, as_of=today)
    outcomes = latest_outcomes(a.own_school for a in advisers if a.own_school)
    return [
        AdviserRow(
            adviser=a,
            eligibility=eligibility[a.pk],
            current=[x for x in a.accreditations.all() if x.current_on(today)],
            outcome=outcomes.get(a.own_school_id) if a.own_school_id else None,
            phases=[phase_label(p) for p in a.phases],
        )
        for a in advisers
    ]


def adviser_row(adviser: Adviser, *, today: dt.date) -> AdviserRow:
    """One adviser as a line of the register (read it with ``adviser_get``)."""
    return _rows([adviser], today)[0]


def register_la(code: str) -> LocalAuthority | None:
    """The area whose register is read: the LA of ``code``, else the register's main
    LA; None when the school register is empty (every adviser is then listed).
    Raises LocalAuthority.DoesNotExist for a code no LA has."""
    if code:
        return LocalAuthority.objects.get(code=code)
    try:
        return area_la()
    except LocalAuthority.DoesNotExist:
        return None


def adviser_register(
    user: Any,
    *,
    la: LocalAuthority | None,
    today: dt.date,
    eligible: str = "",
    accreditation: str = "",
    phase: str = "",
    active: str = "",
) -> Register:
    """The advisers of ``la`` (every adviser the user may see when None) with
    their eligibility on ``today``, and those the filters keep: ``eligible`` and
    ``active`` "yes"/"no", ``accreditation`` an Accreditation held on ``today``,
    ``phase`` a Phase they support; "" (or an unknown value) keeps everyone."""
    queryset = _advisers(user)
    if la is not None:
        queryset = queryset.filter(la=la)
    advisers = list(_with_records(queryset))
    rows = _rows(advisers, today) if advisers else []
    shown = rows
    if eligible in ("yes", "no"):
        shown = [r for r in shown if r.eligibility.eligible is (eligible == "yes")]
    if active in ("yes", "no"):
        shown = [r for r in shown if r.adviser.active is (active == "yes")]
    if accreditation in Accreditation.values:
        shown = [r for r in shown if accreditation in r.current_kinds]
    if phase in Phase.values:
        shown = [r for r in shown if phase in r.adviser.phases]
    counts = {
        "advisers": len(rows),
        "eligible": sum(1 for r in rows if r.eligibility.eligible),
        "not_eligible": sum(1 for r in rows if not r.eligibility.eligible),
        "active": sum(1 for r in rows if r.adviser.active),
        "inactive": sum(1 for r in rows if not r.adviser.active),
        "shown": len(shown),
    }
    policy = rows[0].eligibility.policy if rows else ""
    return Register(rows, shown, la, policy, counts)


def adviser_get(user: Any, pk: int) -> Adviser:
    """One adviser the user may see in the register, or Http404 (the same answer
    whether it does not exist or is out of scope)."""
    adviser = _with_records(_advisers(user)).filter(pk=pk).first()
    if adviser is None:
        raise Http404("No such adviser")
    return adviser


def own_adviser(user: Any) -> Adviser | None:
    """The user's own adviser record, if they have one."""
    if not getattr(user, "pk", None):
        return None
    return (
        _with_records(Adviser.objects.all())
        .select_related("la", "own_school__trust", "own_school__federation")
        .filter(user_id=user.pk)
        .first()
    )


@dataclass
class Record:
    """One adviser's record as their page shows it."""

    adviser: Adviser
    eligibility: Eligibility
    outcome: Outcome | None
    phases: list[str]
    accreditations: list[AdviserAccreditation]
    declared: list[Any]
    ended: list[Any]
    derived: list[tuple[Establishment, str]]
    unavailability: list[Any]
    assignments: list[Any]
    terms: list[TermDays] = field(default_factory=list)


@dataclass(frozen=True)
class TermDays:
    """One term on an adviser's page: their usual days, the override if any, and
    the days the ledger and the scheduler count (less any dates they cannot visit)."""

    term: Any
    usual: Decimal
    override: Any  # TermCapacity or None
    available: Decimal


def term_capacity(
    advisers: Iterable[Adviser], terms: list[Term]
) -> dict[int, dict[int, Decimal]]:
    """Adviser id -> term id -> days they can give that term (an override where set,
    else their usual days a term), less the share of the term's weeks they are
    unavailable. Reads ``adviser.unavailability`` (prefetch it)."""
    people = list(advisers)
    overrides = {
        (c.adviser_id, c.term_id): c.days
        for c in TermCapacity.objects.filter(
            adviser__in=people, term__in=[t.pk for t in terms]
        )
    }
    out: dict[int, dict[int, Decimal]] = {}
    for adviser in people:
        per_term: dict[int, Decimal] = {}
        for term in terms:
            days = overrides.get((adviser.pk, term.pk), adviser.capacity_days_per_term)
            length = (term.end_date - term.start_date).days + 1
            away = 0
            for gap in adviser.unavailability.all():
                start = max(gap.start_date, term.start_date)
                end = min(gap.end_date, term.end_date)
                if end >= start:
                    away += (end - start).days + 1
            if away:
                share = Decimal(max(0, length - away)) / Decimal(length)
                days = (days * share).quantize(Decimal("0.1"))
            per_term[term.pk] = days
        out[adviser.pk] = per_term
    return out


def _term_days(adviser: Adviser, today: dt.date) -> list[TermDays]:
    """The terms of this academic year and the next that the adviser's area has
    entered, each with the days the adviser can give in it."""
    year = academic_year_of(today)
    years = [year, academic_year_shift(year, 1)]
    terms = list(
        Term.objects.filter(la_id=adviser.la_id, academic_year__in=years).order_by(
            "start_date"
        )
    )
    if not terms:
        return []
    overrides = {
        c.term_id: c
        for c in TermCapacity.objects.filter(adviser=adviser, term__in=terms)
    }
    available = term_capacity([adviser], terms)[adviser.pk]
    return [
        TermDays(
            term=t,
            usual=adviser.capacity_days_per_term,
            override=overrides.get(t.pk),
            available=available[t.pk],
        )
        for t in terms
    ]


def _derived_conflicts(adviser: Adviser, today: dt.date) -> list[tuple[Any, str]]:
    """Every school the adviser may not support on ``today``, with why: their own
    school, its trust's and federation's schools, and the schools of each current
    declared conflict (conflicts_for decides; only open schools are listed)."""
    own = adviser.own_school
    where = Q(pk__in=[])
    if own is not None:
        where |= Q(pk=own.pk)
        if own.trust_id:
            where |= Q(trust_id=own.trust_id)
        if own.federation_id:
            where |= Q(federation_id=own.federation_id)
    for c in adviser.conflicts.all():
        if c.ended_on is None or c.ended_on >= today:
            if c.establishment_id:
                where |= Q(pk=c.establishment_id)
            if c.trust_id:
                where |= Q(trust_id=c.trust_id)
            if c.federation_id:
                where |= Q(federation_id=c.federation_id)
    schools = list(
        Establishment.objects.filter(where)
        .filter(Q(status_name__istartswith="open") | Q(pk=own.pk if own else None))
        .select_related("trust", "federation")
        .order_by("name")
    )
    reasons = conflicts_for(adviser, schools, today)
    return [(s, reasons[s.pk]) for s in schools if s.pk in reasons]


def adviser_record(adviser: Adviser, *, today: dt.date) -> Record:
    """Everything the adviser's page shows: eligibility route by route, the
    accreditations with their dates, declared and derived conflicts, unavailability
    and the schools they support this academic year (confirmed pairings), and their
    days in each term."""
    from school_improvement.allocations.models import Assignment

    row = adviser_row(adviser, today=today)
    conflicts = list(
        adviser.conflicts.select_related("establishment", "trust", "federation")
    )
    return Record(
        adviser=adviser,
        eligibility=row.eligibility,
        outcome=row.outcome,
        phases=row.phases,
        accreditations=list(adviser.accreditations.all()),
        declared=[c for c in conflicts if c.ended_on is None or c.ended_on >= today],
        ended=[c for c in conflicts if c.ended_on is not None and c.ended_on < today],
        derived=_derived_conflicts(adviser, today),
        unavailability=list(adviser.unavailability.all()),
        assignments=list(
            Assignment.objects.filter(
                adviser=adviser,
                ended_on__isnull=True,
                academic_year=academic_year_of(today),
            ).select_related("establishment")
        ),
        terms=_term_days(adviser, today),
    )
