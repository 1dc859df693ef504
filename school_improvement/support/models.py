"""Support for schools beyond visits. For now the six-weekly strategy meetings a
category entitles a school to, planned as a series in term time; their notes,
decisions and the support plans they review come with the support-plan work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from school_improvement.core.models import TrackedModel
from school_improvement.schools.models import Establishment


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class StrategyMeeting(TrackedModel):
    """One meeting of a school's strategy meeting series, chaired by a senior officer."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="strategy_meetings"
    )
    academic_year = models.CharField(max_length=7)
    series_weeks = models.PositiveSmallIntegerField(
        help_text="Weeks between meetings, from the school's entitlement."
    )
    number = models.PositiveSmallIntegerField(help_text="Its place in the series.")
    planned_date = models.DateField()
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    ics_sequence = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "academic_year", "number"],
                name="one_meeting_per_place_in_series",
            )
        ]

    def __str__(self) -> str:
        return f"Strategy meeting {self.number} for {self.establishment} ({self.planned_date:%d-%m-%Y})"
