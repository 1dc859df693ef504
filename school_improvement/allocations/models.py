"""Who supports which school: the area's delivery settings, allocation proposals
made by the optimiser (engines/allocation) with every unmet entitlement and why,
the officer's changes to a proposal, and the confirmed pairings visits deliver.

A proposal keeps the problem it was given and the answer it gave, so what an officer
confirmed can always be explained; confirming writes the pairings and is audited.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from school_improvement.core import clock
from school_improvement.core.models import TrackedModel
from school_improvement.people.models import Adviser
from school_improvement.schools.models import Establishment, LocalAuthority


def _default_visit_days() -> dict[str, str]:
    return {
        "annual": "1.0",
        "targeted": "1.0",
        "review": "1.0",
        "paired": "1.0",
        "qa": "1.0",
        "welcome": "0.5",
        "structured_conversation": "0.5",
    }


class DeliverySettings(TrackedModel):
    """How the area turns entitlements into time: days per visit type, which
    categories' visits go first in the autumn term, and the quality-assurance sample."""

    la = models.OneToOneField(
        LocalAuthority, on_delete=models.PROTECT, related_name="delivery_settings"
    )
    visit_days = models.JSONField(
        default=_default_visit_days,
        help_text='Visit type -> days of an adviser\'s time (as text, e.g. "0.5").',
    )
    autumn_first_min_visits = models.PositiveSmallIntegerField(
        default=3,
        help_text="Schools entitled to at least this many visits have them "
        "prioritised for the autumn term (seed 001: TGO and above).",
    )
    qa_sample_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Share of each term's reports drawn for quality assurance.",
    )
    new_leader_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="Every report of an adviser who started less than this many months "
        "before the visit goes to quality assurance.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Delivery settings of {self.la}"

    def days_for(self, visit_type: str) -> Decimal:
        return Decimal(str(self.visit_days.get(visit_type, "1.0")))


class ContinuityRequest(TrackedModel):
    """A school's wish to keep (or not) last year's System Leader."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="continuity_requests"
    )
    academic_year = models.CharField(max_length=7)
    wants_continuity = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "academic_year"],
                name="one_continuity_request_per_school_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment}: {'keep' if self.wants_continuity else 'change'} ({self.academic_year})"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Proposal (not confirmed)"
    CONFIRMED = "confirmed", "Confirmed"
    DISCARDED = "discarded", "Discarded"


class Proposal(models.Model):
    """One run of the optimiser for an area's academic year, and what it proposed."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    academic_year = models.CharField(max_length=7)
    categorisation_run = models.ForeignKey(
        "categorisation.CategorisationRun",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The published categories whose entitlements it allocates.",
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    method = models.CharField(max_length=20)
    solver_status = models.CharField(max_length=20)
    objective = models.FloatField()
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField()
    greedy_objective = models.FloatField(
        null=True, blank=True, help_text="A first-fit allocation of the same problem."
    )
    problem = models.JSONField(help_text="The leaders and demands as given.")
    result = models.JSONField(help_text="Pairings, unmet entitlements and reasons.")
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Allocation proposal {self.pk} for {self.academic_year} ({self.get_status_display()})"

    @property
    def gap_text(self) -> str:
        """The gap as a percentage to two places ("0.25%"); "none" without a bound.
        An optimal answer shows a few thousandths of a percent from costs rounded
        down to hundredths of a point, so under 0.005% reads "under 0.01%"."""
        if self.gap is None:
            return "none"
        if 0 < self.gap < 0.00005:
            return "under 0.01%"
        return f"{self.gap:.2%}"


class ProposalEdit(models.Model):
    """An officer's change to one pairing of a proposal, with what it costs."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="edits"
    )
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="+"
    )
    from_adviser = models.ForeignKey(
        Adviser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_adviser = models.ForeignKey(
        Adviser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cost = models.JSONField(help_text="What the change costs, as change_cost said.")
    note = models.CharField(max_length=300, blank=True)
    made_at = models.DateTimeField(default=clock.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.establishment}: {self.from_adviser} -> {self.to_adviser}"


class Assignment(TrackedModel):
    """A confirmed pairing: this adviser supports this school this academic year."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    academic_year = models.CharField(max_length=7)
    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="assignments"
    )
    adviser = models.ForeignKey(
        Adviser, on_delete=models.PROTECT, related_name="assignments"
    )
    days = models.DecimalField(max_digits=5, decimal_places=1)
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["establishment__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "academic_year"],
                condition=Q(ended_on__isnull=True),
                name="one_current_assignment_per_school_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.adviser} supports {self.establishment} ({self.academic_year})"
