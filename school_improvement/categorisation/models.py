"""Categorisation: the area's own intelligence (Position Statement red-flag tests,
officer judgements), policy versions, runs with every school's facts and result,
moderation of results, and the category changes publishing records.

A result is never edited: an officer proposes a different category with a rationale,
a senior officer approves or rejects it, and the effective category is the approved
override's, else the policy's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from simple_history.models import HistoricalRecords

from school_improvement.core import clock
from school_improvement.core.models import TrackedModel
from school_improvement.indicators.models import Indicator
from school_improvement.schools.models import Establishment, LocalAuthority


class JudgementKind(models.TextChoices):
    LEADERSHIP_BELOW_GOOD = "leadership_below_good", "Leadership judged less than good"
    INSPECTION_RISK = "inspection_risk", "Risk of less than good at the next inspection"
    ACADEMY_CONCERN = "academy_concern", "Concerns about an academy"
    CAUSING_CONCERN = "causing_concern", "School causing concern"
    RISE_TARGETED = "rise_targeted", "In RISE targeted support"
    RISE_INTERVENTION = "rise_intervention", "In RISE structural intervention"
    SAFEGUARDING_CONCERN = "safeguarding_concern", "Concern about safeguarding"
    CAPACITY_EVIDENCE = "capacity_evidence", "Evidence of capacity to improve"
    SELF_EVALUATION_CONCERN = (
        "self_evaluation_concern",
        "Concern from the school's self-evaluation or data return",
    )
    EARLY_YEARS_AT_RISK = "early_years_at_risk", "Early years at risk of not being good"


class JudgementSource(models.TextChoices):
    SCHOOL_REVIEW = "school_review", "School review"
    VISIT = "visit", "System Leader or adviser visit"
    OFFICER = "officer", "Officer judgement"
    DFE = "dfe", "DfE or RISE notification"
    OTHER = "other", "Other"


class SchoolJudgement(TrackedModel):
    """One judgement about a school, with its date, source and author, which a
    policy's fact reads (the latest of its kind on or before the run's date)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="judgements"
    )
    kind = models.CharField(max_length=40, choices=JudgementKind.choices)
    value = models.BooleanField(
        default=True,
        help_text="Yes: the concern stands. No: it is judged not to (e.g. a later review).",
    )
    judged_on = models.DateField()
    source = models.CharField(max_length=20, choices=JudgementSource.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-judged_on", "-id"]
        indexes = [models.Index(fields=["establishment", "kind", "judged_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'yes' if self.value else 'no'} ({self.judged_on})"


class Comparison(models.TextChoices):
    ABOVE = "above", "above"
    BELOW = "below", "below"


class Against(models.TextChoices):
    VALUE = "value", "a fixed value"
    ENGLAND = "england", "England"
    LA = "la", "the LA"
    NEIGHBOURS = "neighbours", "the statistical neighbours' average"


class RedFlagTest(TrackedModel):
    """One test of the LA's Position Statement: an indicator compared with a
    threshold or a comparator. A school's red flags are the tests that apply to it
    and fire; red_flag_pct is their share of the tests that could be evaluated."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    comparison = models.CharField(max_length=5, choices=Comparison.choices)
    against = models.CharField(max_length=10, choices=Against.choices)
    margin = models.DecimalField(
        max_digits=10,
        decimal_places=3,
        default=0,
        help_text="The threshold (against a fixed value) or the margin beyond the comparator, in the indicator's units.",
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def description(self) -> str:
        unit = self.indicator.get_unit_display().lower()
        if self.against == Against.VALUE:
            return f"{self.indicator.name} {self.comparison} {self.margin.normalize()} ({unit})"
        beyond = f" by more than {self.margin.normalize()}" if self.margin else ""
        return f"{self.indicator.name} {self.comparison} {self.get_against_display()}{beyond}"


class PolicyVersion(models.Model):
    """A policy file as it was when a run used it (its text and SHA-256), so a run
    can be reproduced after the file changes."""

    name = models.CharField(max_length=100)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    framework = models.CharField(max_length=20)
    sha256 = models.CharField("SHA-256", max_length=64)
    text = models.TextField()
    first_used_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "sha256"], name="one_policy_version_per_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class RunStatus(models.TextChoices):
    DRAFT = "draft", "Preview (not published)"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded by a later publication"


class CategorisationRun(models.Model):
    policy = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="runs"
    )
    as_of = models.DateField(help_text="The data held on this date were used.")
    la = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank: every LA in the register (e.g. a national benchmark).",
    )
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Run {self.pk}: {self.policy} as at {self.as_of} ({self.get_status_display()})"


class SchoolResult(models.Model):
    # Not indexed alone: the (run, establishment) unique index leads with the run
    # (one index fewer to write 22,000 times a national run).
    run = models.ForeignKey(
        CategorisationRun,
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="category_results"
    )
    category = models.CharField(max_length=40, blank=True)
    category_label = models.CharField(max_length=200, blank=True)
    flags = models.JSONField(default=list, blank=True)
    needs_review = models.BooleanField(default=False)
    # DjangoJSONEncoder writes dates as ISO strings and decimals as strings, so the
    # engine's record is stored as it is, with one encoding.
    facts = models.JSONField(
        default=dict,
        encoder=DjangoJSONEncoder,
        help_text="The facts as supplied to the policy",
    )
    result = models.JSONField(
        default=dict, encoder=DjangoJSONEncoder, help_text="The engine's whole record"
    )

    class Meta:
        ordering = ["establishment__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "establishment"], name="one_result_per_school_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.category}"

    @property
    def approved_override(self) -> Override | None:
        for o in self.overrides.all():
            if o.status == OverrideStatus.APPROVED:
                return o
        return None

    @property
    def red_flags_fired(self) -> int:
        """How many of the Position Statement's tests fired for the school. The
        facts hold only what the policy reads (``red_flag_pct``, seldom
        ``red_flag_count``), so the count comes from the tests' outcomes stored
        beside them when the policy did not read it."""
        count = self.facts.get("red_flag_count")
        if count is not None:
            return int(count)
        return sum(1 for test in self.facts.get("red_flags") or () if test.get("fired"))

    @property
    def effective_category(self) -> str:
        override = self.approved_override
        return override.category if override else self.category

    @property
    def record(self) -> dict[str, Any]:
        """The engine's whole record: every trigger with its evidence. A run stores
        the facts and the outcome (``result``); the record is rebuilt from them and the
        run's policy text, which gives exactly what the run computed (ADR 9)."""
        cached = getattr(self, "_record", None)
        if cached is None:
            from school_improvement.categorisation.records import rebuild_record

            cached = self._record = rebuild_record(self)
        return cached

    @property
    def fired_triggers(self) -> list[dict[str, Any]]:
        return [t for t in self.record.get("triggers", []) if t.get("fired")]


class OverrideStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting a decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Override(models.Model):
    """A proposed different category for one result; the result itself never changes."""

    result = models.ForeignKey(
        SchoolResult, on_delete=models.CASCADE, related_name="overrides"
    )
    category = models.CharField(max_length=40)
    rationale = models.TextField()
    status = models.CharField(
        max_length=10, choices=OverrideStatus.choices, default=OverrideStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=clock.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.result} -> {self.category} ({self.status})"


class CategoryChange(models.Model):
    """Recorded when a run is published: a school's category before and after."""

    run = models.ForeignKey(
        CategorisationRun, on_delete=models.CASCADE, related_name="changes"
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="category_changes"
    )
    from_category = models.CharField(max_length=40, blank=True)
    to_category = models.CharField(max_length=40)

    class Meta:
        ordering = ["establishment__name"]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.from_category or '(none)'} -> {self.to_category}"


class LetterTemplate(TrackedModel):
    """The LA's wording of the letter to schools about their category (Django
    template syntax; letters.DEFAULT_TEMPLATE until the LA edits it)."""

    la = models.OneToOneField(
        LocalAuthority, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Letter template of {self.la}"
