"""Reads of categories. Callers check the user may see the establishment first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from school_improvement.categorisation.letters import (
    DEFAULT_TEMPLATE,
    Letter,
    LetterContext,
    formal_name,
    notification_needed,
    render_letter,
    trigger_figures,
)
from school_improvement.categorisation.models import (
    CategorisationRun,
    LetterTemplate,
    RunStatus,
    SchoolResult,
)
from school_improvement.categorisation.records import policy_from_text
from school_improvement.core import clock
from school_improvement.schools.models import (
    Contact,
    ContactRole,
    Establishment,
    LocalAuthority,
)


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


# ---- letters ---------------------------------------------------------------------


def letter_template_text(la: LocalAuthority) -> str:
    """The LA's letter wording: its own, once saved, else ``letters.DEFAULT_TEMPLATE``."""
    row = LetterTemplate.objects.filter(la=la).first()
    return row.text if row else DEFAULT_TEMPLATE


def category_labels(run: CategorisationRun) -> dict[str, str]:
    """The run's policy's categories: id -> label."""
    policy = policy_from_text(run.policy.text, run.policy.name)
    return {c.id: c.label for c in policy.categories}


@dataclass
class LetterRow:
    """One school's letter for a published run, and whether the DfE must be told."""

    result: SchoolResult
    # The category before this publication ("" for a school categorised the first
    # time); the same as the category when it did not change.
    previous: str
    notify: str | None

    @property
    def changed(self) -> bool:
        return self.previous != self.result.effective_category


def letter_rows(run: CategorisationRun, *, every: bool) -> list[LetterRow]:
    """The letters for a published run, in the order of the schools' names: to each
    school whose category changed at its publication or, with ``every``, to every
    school in the run (the annual letter). A move into an intervention category
    carries the reason the DfE must be told (``letters.notification_needed``).

    A school's change is the whole of it: from its category before the publication
    (the first change recorded) to its category now, with any approved override. A
    school moved at publication and moderated back has not changed."""
    before: dict[int, str] = {}
    for change in sorted(run.changes.all(), key=lambda c: c.pk):
        before.setdefault(change.establishment_id, change.from_category)
    labels = category_labels(run)
    rows = []
    results = run.results.select_related("establishment__la").prefetch_related(
        "overrides"
    )
    for r in results:
        category = r.effective_category
        previous = before.get(r.establishment_id, category)
        if previous == category and not every:
            continue
        notify = (
            notification_needed(
                previous or None,
                category,
                run.policy.framework,
                previous_label=labels.get(previous),
                new_label=labels.get(category),
            )
            if previous != category
            else None
        )
        rows.append(LetterRow(r, previous, notify))
    rows.sort(
        key=lambda row: (row.result.establishment.name, row.result.establishment.urn)
    )
    return rows


def category_before(run: CategorisationRun, result: SchoolResult) -> str:
    """A school's category before ``run`` was published (as ``letter_rows``): from
    the first change recorded for it, else its category now."""
    first = run.changes.filter(establishment_id=result.establishment_id).order_by("pk")
    change = first.first()
    return change.from_category if change else result.effective_category


class LetterWriter:
    """The letters for one run's schools. Reads once what every letter shares: the
    run's policy (labels of its facts, parameters and categories), each LA's wording
    and the schools' current headteachers and chairs of governors."""

    def __init__(
        self,
        run: CategorisationRun,
        *,
        sender: Any,
        establishments: list[Establishment],
        today: dt.date | None = None,
    ) -> None:
        self.run = run
        self.policy = policy_from_text(run.policy.text, run.policy.name)
        self.labels = {name: spec.label for name, spec in self.policy.facts.items()}
        self.labels |= {
            name: spec.label for name, spec in self.policy.parameters.items()
        }
        self.parameter_names = frozenset(self.policy.parameters)
        self.trigger_figures = trigger_figures(self.policy)
        self.category_labels = {c.id: c.label for c in self.policy.categories}
        self.sender_name = sender.get_full_name() or sender.get_username()
        self.today = today or clock.today()
        self.contacts: dict[tuple[int, str], Contact] = {
            (c.establishment_id, c.role): c
            for c in Contact.objects.filter(
                establishment__in=[e.pk for e in establishments],
                ended_on__isnull=True,
                role__in=[ContactRole.HEADTEACHER, ContactRole.CHAIR_OF_GOVERNORS],
            )
        }
        self._templates: dict[int, str] = {}

    def template_for(self, la: LocalAuthority) -> str:
        if la.pk not in self._templates:
            self._templates[la.pk] = letter_template_text(la)
        return self._templates[la.pk]

    def head(self, school: Establishment) -> tuple[str, str]:
        """The headteacher's name and how the letter greets them."""
        contact = self.contacts.get((school.pk, ContactRole.HEADTEACHER))
        if contact is not None:
            return contact.full_name, formal_name(
                contact.title, contact.first_name, contact.last_name
            )
        return school.head_name, formal_name(
            school.head_title, school.head_first_name, school.head_last_name
        )

    def chair(self, school: Establishment) -> tuple[str, str]:
        contact = self.contacts.get((school.pk, ContactRole.CHAIR_OF_GOVERNORS))
        if contact is None:
            return "", ""
        return contact.full_name, formal_name(
            contact.title, contact.first_name, contact.last_name
        )

    def review_note(self, result: SchoolResult) -> str:
        """What an officer should check before the letter goes: the facts missing
        for the triggers that mark the school for review ("" when none does)."""
        if not result.needs_review:
            return ""
        missing: dict[str, None] = {}
        for trigger in result.record.get("triggers", []):
            if trigger.get("outcome") == "missing_review":
                for name in trigger.get("missing", []):
                    missing[self.labels.get(name, name)] = None
        return "Facts missing: " + "; ".join(missing) if missing else "To review"

    def letter(self, result: SchoolResult, *, previous_category: str | None) -> Letter:
        school = result.establishment
        category = result.effective_category
        head_name, head_salutation = self.head(school)
        chair_name, chair_salutation = self.chair(school)
        ctx = LetterContext(
            la_name=school.la.name,
            school_name=school.name,
            school_urn=school.urn,
            school_address_lines=list(school.address_lines),
            head_name=head_name,
            chair_name=chair_name,
            category=category,
            category_label=self.category_labels.get(category, result.category_label),
            previous_category=previous_category,
            previous_category_label=self.category_labels.get(
                previous_category or "", ""
            ),
            policy_title=self.run.policy.title,
            as_of=self.run.as_of,
            triggers=result.record.get("triggers", []),
            entitlements=result.result.get("entitlements", {}),
            flags=result.flags,
            sender_name=self.sender_name,
            sender_role="School improvement team",
            date=self.today,
            reference=f"SI/{self.run.pk}/{school.urn}",
            evidence_labels=self.labels,
            parameter_names=self.parameter_names,
            trigger_figures=self.trigger_figures,
            head_salutation=head_salutation,
            chair_salutation=chair_salutation,
        )
        return render_letter(self.template_for(school.la), ctx)


# ---- the board: moves since a date ------------------------------------------------

_PUBLISHED = (RunStatus.PUBLISHED, RunStatus.SUPERSEDED)


def academic_year_start(day: dt.date) -> dt.date:
    """1 September of the academic year ``day`` is in."""
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def publications(la: LocalAuthority | None) -> list[CategorisationRun]:
    """The area's published runs (the current one and those it superseded), newest
    first."""
    return list(
        CategorisationRun.objects.filter(la=la, status__in=_PUBLISHED)
        .select_related("policy")
        .order_by("-published_at", "-id")
    )


def publication_in_force(
    la: LocalAuthority | None, day: dt.date
) -> CategorisationRun | None:
    """The publication whose categories stood at the start of ``day`` (Europe/London):
    the latest one published before that day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return (
        CategorisationRun.objects.filter(
            la=la, status__in=_PUBLISHED, published_at__lt=start
        )
        .select_related("policy")
        .order_by("-published_at", "-id")
        .first()
    )


@dataclass
class MoveSince:
    establishment: Establishment
    before: str  # "" when the school had no category then (new since)
    after: str


def moves_between(
    then: CategorisationRun, now: CategorisationRun
) -> tuple[list[MoveSince], int]:
    """Each school of ``now`` whose category differs from its category in ``then``
    (an approved override counts, in both), by school name; and how many other
    schools of ``now`` were in another category at a publication in between (or
    after moderation there) but are back in the category they had in ``then``."""

    def categories(run: CategorisationRun) -> dict[int, str]:
        return {
            r.establishment_id: r.effective_category
            for r in run.results.prefetch_related("overrides")
        }

    before = categories(then)
    moves = []
    current = list(
        now.results.select_related("establishment").prefetch_related("overrides")
    )
    for r in current:
        old = before.get(r.establishment_id, "")
        if old != r.effective_category:
            moves.append(MoveSince(r.establishment, old, r.effective_category))
    moved = {m.establishment.pk for m in moves}
    between = CategorisationRun.objects.filter(
        la=then.la,
        status__in=_PUBLISHED,
        published_at__gt=then.published_at,
        published_at__lt=now.published_at,
    )
    back: set[int] = set()
    for run in between:
        for school, category in categories(run).items():
            if school in before and category != before[school]:
                back.add(school)
    back &= {r.establishment_id for r in current}
    back -= moved
    moves.sort(key=lambda m: (m.establishment.name, m.establishment.urn))
    return moves, len(back)
