"""Visits to schools, their agenda and structured report, the school's response to
each section, and quality assurance of a sample of reports.

One agenda and report format per visit type (seed 004), from a template the LA
edits; the report is structured (focus areas, strengths, areas for development,
actions with owners and dates, risk notes, whether the school is on track) so it can
be read across schools and quality assured.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from school_improvement.core import clock
from school_improvement.core.models import TrackedModel
from school_improvement.people.models import Adviser
from school_improvement.schools.models import Establishment, LocalAuthority


class VisitType(models.TextChoices):
    ANNUAL = "annual", "Annual visit"
    TARGETED = "targeted", "Targeted visit"
    WELCOME = "welcome", "Welcome visit (new headteacher)"
    REVIEW = "review", "Review visit"
    PAIRED = "paired", "Paired visit"
    QA = "qa", "Quality assurance visit"
    STRUCTURED_CONVERSATION = "structured_conversation", "Structured conversation"


# Which entitlement a visit of each type delivers (visits.rules.counts_as).
ENTITLEMENT_OF_TYPE = {
    VisitType.ANNUAL: "visits",
    VisitType.TARGETED: "visits",
    VisitType.REVIEW: "visits",
    VisitType.PAIRED: "visits",
    VisitType.WELCOME: "welcome_visit",
    VisitType.STRUCTURED_CONVERSATION: "structured_conversation",
    VisitType.QA: "",  # quality assurance of the support, not support itself
}


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    REPORTED = "reported", "Report sent to the school"
    RESPONDED = "responded", "School has responded"
    CANCELLED = "cancelled", "Cancelled"


DELIVERED_STATUSES = frozenset({VisitStatus.REPORTED, VisitStatus.RESPONDED})


class Visit(TrackedModel):
    """A visit to a school by one adviser, or two for a paired visit."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="visits"
    )
    visit_type = models.CharField(max_length=30, choices=VisitType.choices)
    academic_year = models.CharField(max_length=7)
    term = models.ForeignKey(
        "terms.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        help_text="The term it is planned for.",
    )
    planned_date = models.DateField(
        null=True, blank=True, help_text="Blank until a date is agreed."
    )
    start_time = models.TimeField(null=True, blank=True)
    days = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text="How much of the adviser's time it takes, in days.",
    )
    lead = models.ForeignKey(
        Adviser, on_delete=models.PROTECT, related_name="visits_led"
    )
    second_visitor = models.ForeignKey(
        Adviser,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits_paired",
        help_text="The second visitor of a paired or quality assurance visit.",
    )
    assignment = models.ForeignKey(
        "allocations.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        help_text="The confirmed pairing this visit delivers.",
    )
    status = models.CharField(
        max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    agenda = models.TextField(blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    ics_sequence = models.PositiveIntegerField(
        default=0, help_text="Raised on every change, so calendars update the event."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "id"]
        indexes = [
            models.Index(fields=["establishment", "academic_year"]),
            models.Index(fields=["lead", "planned_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(second_visitor=models.F("lead")),
                name="visit_second_visitor_is_someone_else",
            )
        ]

    def __str__(self) -> str:
        when = f"{self.planned_date:%d-%m-%Y}" if self.planned_date else "date to agree"
        return f"{self.get_visit_type_display()} to {self.establishment.name} ({when})"

    @property
    def entitlement(self) -> str:
        return ENTITLEMENT_OF_TYPE[VisitType(self.visit_type)]

    @property
    def visitors(self) -> list[Adviser]:
        return [a for a in (self.lead, self.second_visitor) if a is not None]

    @property
    def agenda_items(self) -> list[str]:
        """The agenda's items, one a line, blank lines left out."""
        return [line for line in self.agenda.splitlines() if line.strip()]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Planned for a day that has passed and no report sent yet."""
        day = today or clock.today()
        return (
            self.status == VisitStatus.PLANNED
            and self.planned_date is not None
            and self.planned_date < day
        )


class VisitTemplate(TrackedModel):
    """The LA's agenda and report guidance for one type of visit."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    visit_type = models.CharField(max_length=30, choices=VisitType.choices)
    agenda = models.TextField(help_text="One agenda item a line.")
    guidance = models.TextField(
        blank=True, help_text="What the report should cover, shown to its writer."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["visit_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "visit_type"], name="one_template_per_visit_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_visit_type_display()} template"


class OnTrack(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk of not being on track"
    NOT_ON_TRACK = "not_on_track", "Not on track"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class ReportSection(models.TextChoices):
    """The sections of a report a school may mark accurate or inaccurate."""

    FOCUS_AREAS = "focus_areas", "Focus areas"
    STRENGTHS = "strengths", "Strengths"
    AREAS_FOR_DEVELOPMENT = "areas_for_development", "Areas for development"
    ACTIONS = "actions", "Actions"
    RISK_NOTES = "risk_notes", "Risks"
    ON_TRACK = "on_track", "Whether the school is on track"


class VisitReport(TrackedModel):
    """The structured report of a visit; sent to the school when submitted."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="report")
    focus_areas = models.TextField()
    strengths = models.TextField()
    areas_for_development = models.TextField()
    risk_notes = models.TextField(blank=True)
    on_track = models.CharField(max_length=12, choices=OnTrack.choices)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Report of {self.visit}"

    def section_text(self, section: str) -> str:
        if section == ReportSection.ACTIONS:
            return "\n".join(str(a) for a in self.actions.all())
        if section == ReportSection.ON_TRACK:
            return self.get_on_track_display()
        return str(getattr(self, section))


class ReportAction(models.Model):
    """An action agreed at a visit, with its owner and date."""

    report = models.ForeignKey(
        VisitReport, on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_date = models.DateField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner}, by {self.due_date.day} {self.due_date:%B %Y})"


class SchoolResponse(models.Model):
    """The school's view of one section of a report: accurate or not, and why."""

    report = models.ForeignKey(
        VisitReport, on_delete=models.CASCADE, related_name="responses"
    )
    section = models.CharField(max_length=30, choices=ReportSection.choices)
    accurate = models.BooleanField()
    comment = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(default=clock.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"], name="one_response_per_section"
            ),
            models.CheckConstraint(
                condition=Q(accurate=True) | ~Q(comment=""),
                name="inaccurate_needs_a_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {'accurate' if self.accurate else 'inaccurate'}"


class QaReason(models.TextChoices):
    SAMPLE = "sample", "In the term's random sample"
    NEW_LEADER = "new_leader", "Written by a new System Leader"
    REQUESTED = "requested", "Requested by an officer"


class QaOutcome(models.TextChoices):
    MEETS = "meets", "Meets the expected standard"
    MEETS_WITH_POINTS = (
        "meets_with_points",
        "Meets the standard, with points to develop",
    )
    DOES_NOT_MEET = "does_not_meet", "Does not meet the expected standard"


class QualityReview(TrackedModel):
    """A report selected for quality assurance, and the quality assurer's outcome."""

    report = models.OneToOneField(
        VisitReport, on_delete=models.PROTECT, related_name="quality_review"
    )
    reason = models.CharField(max_length=12, choices=QaReason.choices)
    sample = models.ForeignKey(
        "visits.QaSample",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quality_reviews",
    )
    outcome = models.CharField(max_length=20, choices=QaOutcome.choices, blank=True)
    feedback = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_at", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | ~Q(outcome=""),
                name="completed_review_has_an_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"QA of {self.report.visit}"


class QaSample(models.Model):
    """One draw of a term's random sample of reports (reproducible from its seed)."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("terms.Term", on_delete=models.PROTECT, related_name="+")
    percentage = models.DecimalField(max_digits=5, decimal_places=1)
    seed = models.BigIntegerField()
    eligible = models.PositiveIntegerField(help_text="Reports that could be drawn.")
    drawn = models.PositiveIntegerField()
    drawn_at = models.DateTimeField(default=clock.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"QA sample of {self.term}: {self.drawn} of {self.eligible}"


class CalendarFeed(models.Model):
    """A person's calendar subscription: a secret token in the feed's address, so
    Outlook can fetch it without signing in. Rotating it ends the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
