"""Writes owned by categorisation: runs, publishing, moderation, the area's own
intelligence (judgements and Position Statement tests)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q

from engines.categorisation import Policy, Result, evaluate, load_policy
from school_improvement.categorisation.facts import build_facts
from school_improvement.categorisation.models import (
    CategorisationRun,
    CategoryChange,
    Override,
    OverrideStatus,
    PolicyVersion,
    RunStatus,
    SchoolJudgement,
    SchoolResult,
)
from school_improvement.core import clock
from school_improvement.core.bulk import insert_records, insert_rows, without_cyclic_gc
from school_improvement.core.services import audit_record
from school_improvement.schools.models import Establishment, LocalAuthority
from school_improvement.schools.selectors import area_la as schools_area_la


def policy_directory() -> Path:
    return Path(getattr(settings, "SI_POLICY_DIR", settings.BASE_DIR / "policies"))


def policy_names() -> list[str]:
    return sorted(p.stem for p in policy_directory().glob("*.yaml"))


def policy_load(name: str) -> Policy:
    """The policy file ``policies/<name>.yaml``, loaded and checked (PolicyError)."""
    path = policy_directory() / f"{name}.yaml"
    if name not in policy_names():
        raise FileNotFoundError(
            f"no policy '{name}' in {policy_directory()}; there are: {', '.join(policy_names())}"
        )
    return load_policy(path)


def _version_for(policy: Policy) -> PolicyVersion:
    version, _ = PolicyVersion.objects.get_or_create(
        name=policy.name,
        sha256=policy.sha256,
        defaults={
            "version": policy.version,
            "title": policy.title,
            "framework": policy.framework,
            "text": policy.text,
        },
    )
    return version


# How a run writes its JSON columns: as SchoolResult's fields encode (DjangoJSONEncoder:
# dates as ISO text), without the spaces.
_ENCODER = DjangoJSONEncoder(separators=(",", ":"))


def _json(value: Any) -> Any:
    """A value as it reads back from a JSON field (dates and decimals as the field's
    DjangoJSONEncoder writes them), to compare a re-evaluation with a stored run."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def open_on(la: LocalAuthority | None, day: dt.date) -> Any:
    """The LA's (or, for None, every LA's) establishments open on ``day`` (by their
    open and close dates), independent schools aside."""
    schools = (
        Establishment.objects.all()
        if la is None
        else Establishment.objects.filter(la=la)
    )
    return (
        schools.filter(Q(open_date__isnull=True) | Q(open_date__lte=day))
        .filter(Q(close_date__isnull=True) | Q(close_date__gt=day))
        .exclude(governance="independent")
    )


# The establishment fields the facts read.
_FACT_FIELDS = (
    "urn",
    "name",
    "la",
    "governance",
    "phase_name",
    "type_name",
    "type_group_name",
    "number_of_pupils",
    "head_job_title",
)


@dataclass(frozen=True, slots=True)
class AreaRow:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class SchoolRow:
    """An open school as a run reads it: the register fields the facts read, as plain
    values (22,000 Establishment and LocalAuthority instances took a second)."""

    pk: int
    urn: str
    name: str
    la: AreaRow
    governance: str
    phase_name: str
    type_name: str
    type_group_name: str
    number_of_pupils: int | None
    head_job_title: str


def school_rows(la: LocalAuthority | None, day: dt.date) -> list[SchoolRow]:
    """open_on(la, day) as SchoolRows, in the register's order (by name)."""
    areas = {
        pk: AreaRow(code, name)
        for pk, code, name in LocalAuthority.objects.values_list("pk", "code", "name")
    }
    rows = open_on(la, day).values_list(
        "pk",
        "urn",
        "name",
        "la_id",
        "governance",
        "phase_name",
        "type_name",
        "type_group_name",
        "number_of_pupils",
        "head_job_title",
    )
    return [
        SchoolRow(pk, urn, name, areas[la_id], *rest)
        for pk, urn, name, la_id, *rest in rows
    ]


@dataclass
class Evaluated:
    establishment: SchoolRow
    facts: dict[str, Any]
    outcome: Result
    red_flags: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def result(self) -> dict[str, Any]:
        """The outcome without the explanation (Result.summary): what a run stores."""
        return self.outcome.summary()


def evaluate_area(
    policy: Policy, la: LocalAuthority | None, as_of: dt.date
) -> list[Evaluated]:
    """Build every open school's facts as held on ``as_of`` and evaluate them. For
    ``la`` None, every LA's schools, each compared with its own LA."""
    schools = school_rows(la, as_of)
    wanted = tuple(policy.input_facts)
    built = build_facts(schools, as_of, wanted=wanted)
    facts, red_flags = built.facts, built.red_flags
    out = []
    for school in schools:
        # The snapshot is what the policy read: its input facts as supplied.
        built_facts = facts[school.urn]
        supplied = {k: built_facts[k] for k in wanted if k in built_facts}
        result = evaluate(policy, supplied, as_of=as_of, urn=school.urn)
        out.append(Evaluated(school, supplied, result, red_flags.get(school.urn, [])))
    return out


def area_la(code: str | None = None) -> LocalAuthority:
    """The LA a run is for (schools.selectors.area_la); "all" is not one LA."""
    if code == "all":
        raise LocalAuthority.DoesNotExist("'all' is not one LA")
    return schools_area_la(code)


@without_cyclic_gc
@transaction.atomic
def categorisation_run(
    *,
    acting_user: Any,
    policy_name: str,
    as_of: dt.date,
    la_code: str | None = None,
) -> CategorisationRun:
    """Evaluate every open school of the LA under the policy with the data held on
    ``as_of`` and store the run (a preview until published)."""
    started = time.perf_counter()
    policy = policy_load(policy_name)
    la = None if la_code == "all" else area_la(la_code)
    evaluated = evaluate_area(policy, la, as_of)
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    run = CategorisationRun.objects.create(
        policy=_version_for(policy),
        as_of=as_of,
        la=la,
        parameters={k: _json(p.default) for k, p in policy.parameters.items()},
        created_by=user,
    )
    # Each school's facts and outcome as compact JSON text, written in one pass
    # (JSONField's own preparation, value by value, took most of the storing).
    encode = _ENCODER.encode
    insert_rows(
        SchoolResult,
        (
            "run_id",
            "establishment_id",
            "category",
            "category_label",
            "flags",
            "needs_review",
            "facts",
            "result",
        ),
        [
            (
                run.pk,
                e.establishment.pk,
                e.outcome.category or "",
                e.outcome.category_label or "",
                encode(list(e.outcome.flags)),
                e.outcome.needs_review,
                encode(
                    (e.facts | {"red_flags": e.red_flags}) if e.red_flags else e.facts
                ),
                e.outcome.summary_json(),
            )
            for e in evaluated
        ],
    )
    run.counts = dict(Counter(e.outcome.category or "none" for e in evaluated))
    run.counts["schools"] = len(evaluated)
    run.counts["needs_review"] = sum(e.outcome.needs_review for e in evaluated)
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    run.save(update_fields=["counts", "duration_ms"])
    audit_record(
        acting_user=acting_user,
        verb="categorisation.run",
        summary=f"{policy.name} v{policy.version} as at {as_of:%d-%m-%Y}: {len(evaluated)} schools",
        obj=run,
        details={"counts": run.counts},
    )
    return run


def published_run(la: LocalAuthority | None) -> CategorisationRun | None:
    return (
        CategorisationRun.objects.filter(la=la, status=RunStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .first()
    )


def effective_categories(run: CategorisationRun | None) -> dict[int, str]:
    """Establishment id -> category (an approved override's, else the policy's)."""
    if run is None:
        return {}
    results = run.results.prefetch_related("overrides")
    return {r.establishment_id: r.effective_category for r in results}


@dataclass
class Move:
    establishment: Establishment
    before: str
    after: str


def changes_against_published(run: CategorisationRun) -> list[Move]:
    """What publishing ``run`` would change: each school whose category differs from
    the currently published one (or is new)."""
    current = published_run(run.la)
    before = effective_categories(current) if current and current.pk != run.pk else {}
    moves = []
    for r in run.results.select_related("establishment").prefetch_related("overrides"):
        old = before.get(r.establishment_id, "")
        if old != r.effective_category:
            moves.append(Move(r.establishment, old, r.effective_category))
    return moves


@transaction.atomic
def run_publish(*, acting_user: Any, run: CategorisationRun) -> list[Move]:
    """Publish a run: it becomes the area's categories; every change is recorded."""
    run = CategorisationRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise ValidationError(
            "Only a preview run can be published; this one already was."
        )
    moves = changes_against_published(run)
    CategorisationRun.objects.filter(la=run.la, status=RunStatus.PUBLISHED).update(
        status=RunStatus.SUPERSEDED
    )
    run.status = RunStatus.PUBLISHED
    run.published_at = clock.now()
    run.published_by = (
        acting_user if getattr(acting_user, "is_authenticated", False) else None
    )
    run.save(update_fields=["status", "published_at", "published_by"])
    insert_records(
        CategoryChange,
        [
            {
                "run_id": run.pk,
                "establishment_id": m.establishment.pk,
                "from_category": m.before,
                "to_category": m.after,
            }
            for m in moves
        ],
    )
    audit_record(
        acting_user=acting_user,
        verb="categorisation.publish",
        summary=f"Published {run.policy} as at {run.as_of:%d-%m-%Y}: {len(moves)} changes of category",
        obj=run,
        details={"changes": len(moves)},
    )
    return moves


@dataclass
class Difference:
    urn: str
    what: str
    stored: Any
    now: Any


def run_reproduce(run: CategorisationRun) -> list[Difference]:
    """Evaluate the run again, from its stored policy text and the data held on its
    as-of date, and list every difference from what it stored (none: reproduced)."""
    policy = load_policy(run.policy.text, file_name=f"{run.policy.name}.yaml")
    again = {
        e.establishment.urn: (_json(e.facts), _json(e.result))
        for e in evaluate_area(policy, run.la, run.as_of)
    }
    differences = []
    stored = {
        r.establishment.urn: r for r in run.results.select_related("establishment")
    }
    for urn in sorted(set(stored) | set(again)):
        old, new = stored.get(urn), again.get(urn)
        if old is None or new is None:
            differences.append(
                Difference(urn, "school", old is not None, new is not None)
            )
            continue
        new_facts, new_result = new
        old_facts = {k: v for k, v in old.facts.items() if k != "red_flags"}
        if old_facts != new_facts:
            changed = sorted(
                k
                for k in set(old_facts) | set(new_facts)
                if old_facts.get(k) != new_facts.get(k)
            )
            differences.append(Difference(urn, "facts", changed, None))
        for key in (
            "category",
            "flags",
            "trigger_outcomes",
            "flag_outcomes",
            "entitlements",
            "needs_review",
        ):
            if old.result.get(key) != new_result.get(key):
                differences.append(
                    Difference(urn, key, old.result.get(key), new_result.get(key))
                )
    return differences


# ---- moderation -------------------------------------------------------------------------


def override_propose(
    *, acting_user: Any, result: SchoolResult, category: str, rationale: str
) -> Override:
    policy = load_policy(
        result.run.policy.text, file_name=f"{result.run.policy.name}.yaml"
    )
    ids = [c.id for c in policy.categories]
    if category not in ids:
        raise ValidationError(
            f"Choose one of the policy's categories: {', '.join(ids)}"
        )
    if category == result.category:
        raise ValidationError(
            "That is the policy's own category: propose a different one"
        )
    if not rationale.strip():
        raise ValidationError("Write the rationale for the different category")
    if result.overrides.filter(status=OverrideStatus.PROPOSED).exists():
        raise ValidationError(
            "A proposal for this school is already awaiting a decision"
        )
    override = Override.objects.create(
        result=result,
        category=category,
        rationale=rationale.strip(),
        proposed_by=acting_user,
    )
    audit_record(
        acting_user=acting_user,
        verb="categorisation.override.propose",
        summary=f"Proposed {category} instead of {result.category} for {result.establishment.name}",
        obj=override,
        details={"rationale": override.rationale},
    )
    return override


def override_decide(
    *, acting_user: Any, override: Override, approve: bool, note: str = ""
) -> Override:
    if override.status != OverrideStatus.PROPOSED:
        raise ValidationError("This proposal has already been decided")
    if override.proposed_by_id == getattr(acting_user, "pk", None):
        raise ValidationError(
            "A proposal is decided by someone other than its proposer"
        )
    with transaction.atomic():
        override.status = (
            OverrideStatus.APPROVED if approve else OverrideStatus.REJECTED
        )
        override.decided_by = acting_user
        override.decided_at = clock.now()
        override.decision_note = note.strip()
        override.save()
        run = override.result.run
        published = CategorisationRun.objects.filter(
            pk=run.pk, status=RunStatus.PUBLISHED
        ).exists()
        if approve and published:
            CategoryChange.objects.create(
                run=run,
                establishment=override.result.establishment,
                from_category=override.result.category,
                to_category=override.category,
            )
        audit_record(
            acting_user=acting_user,
            verb="categorisation.override." + ("approve" if approve else "reject"),
            summary=f"{'Approved' if approve else 'Rejected'} {override.category} for {override.result.establishment.name}",
            obj=override,
            details={"note": override.decision_note},
        )
    return override


# ---- the area's own intelligence --------------------------------------------------------


def judgement_record(
    *,
    acting_user: Any,
    establishment: Establishment,
    kind: str,
    value: bool,
    judged_on: dt.date,
    source: str,
    note: str = "",
) -> SchoolJudgement:
    if judged_on > clock.today():
        raise ValidationError("A judgement cannot be dated in the future")
    judgement = SchoolJudgement.objects.create(
        establishment=establishment,
        kind=kind,
        value=value,
        judged_on=judged_on,
        source=source,
        note=note,
        created_by=acting_user,
        updated_by=acting_user,
    )
    audit_record(
        acting_user=acting_user,
        verb="judgement.record",
        summary=f"{judgement} for {establishment.name}",
        obj=judgement,
    )
    return judgement


# ---- letters ----------------------------------------------------------------------------


def letter_template_text(la: LocalAuthority) -> str:
    from school_improvement.categorisation.selectors import letter_template_text

    return letter_template_text(la)


def letter_template_save(*, acting_user: Any, la: LocalAuthority, text: str) -> None:
    """Check the wording compiles (LetterTemplateError names the line), then save."""
    from school_improvement.categorisation.letters import compile_template
    from school_improvement.categorisation.models import LetterTemplate

    compile_template(text)
    row, _ = LetterTemplate.objects.get_or_create(
        la=la, defaults={"text": text, "created_by": acting_user}
    )
    row.text = text
    row.updated_by = acting_user
    row.updated_at = clock.now()
    row.save()
    audit_record(
        acting_user=acting_user,
        verb="letters.template",
        summary=f"Letter wording changed for {la.name}",
        obj=row,
    )


def letter_for(
    result: SchoolResult, *, previous_category: str | None, sender: Any
) -> Any:
    """The letter to one school about its category in a published run."""
    from school_improvement.categorisation.selectors import LetterWriter

    writer = LetterWriter(
        result.run, sender=sender, establishments=[result.establishment]
    )
    return writer.letter(result, previous_category=previous_category)


def letters_batch(
    *, acting_user: Any, run: CategorisationRun, every: bool, fmt: str, out: Any
) -> list[str]:
    """Draft a published run's letters, as Word or PDF, into one ZIP written to
    ``out``: to each school whose category changed or, with ``every``, to every
    school (the annual letter); with ``index.csv`` listing each letter. Audited: who
    drafted which schools' letters, in which format, when. Returns the URNs."""
    from school_improvement.categorisation.letters import BatchEntry, write_letters_zip
    from school_improvement.categorisation.selectors import LetterWriter, letter_rows

    if run.status == RunStatus.DRAFT:
        raise ValidationError("Letters follow publication: publish the run first.")
    rows = sorted(
        letter_rows(run, every=every), key=lambda row: row.result.establishment.urn
    )
    if not rows:
        raise ValidationError(
            "No school changed category at this publication, so there are no "
            "letters about a change to download."
        )
    writer = LetterWriter(
        run, sender=acting_user, establishments=[r.result.establishment for r in rows]
    )

    def entries() -> Any:
        for row in rows:
            letter = writer.letter(row.result, previous_category=row.previous)
            yield BatchEntry(
                urn=row.result.establishment.urn,
                school_name=row.result.establishment.name,
                previous_category=row.previous,
                category=row.result.effective_category,
                head_name=writer.head(row.result.establishment)[0],
                notification=row.notify,
                # What an officer should check first: facts missing, and names the
                # LA's wording uses that do not exist (rendered as nothing).
                review="; ".join(
                    note
                    for note in (writer.review_note(row.result), *letter.warnings)
                    if note
                ),
                letter=letter,
            )

    write_letters_zip(out, entries(), fmt=fmt)
    urns = [row.result.establishment.urn for row in rows]
    scope = "every school" if every else "the schools whose category changed"
    kind = "Word" if fmt == "docx" else "PDF"
    audit_record(
        acting_user=acting_user,
        verb="letters.draft_batch",
        summary=f"Drafted {len(urns)} {kind} letters to {scope} (run {run.pk})",
        obj=run,
        details={
            "scope": "all" if every else "changed",
            "format": fmt,
            "letters": len(urns),
            "urns": urns,
        },
    )
    return urns
