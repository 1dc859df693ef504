"""Import runs: one row for every file an officer or a command imported (or tried to)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from school_improvement.core import clock


class ImportKind(models.TextChoices):
    GIAS = "gias", "GIAS establishments"
    GIAS_LINKS = "gias_links", "GIAS links"
    OFSTED = "ofsted", "Ofsted inspections"
    KS2 = "ks2", "Key stage 2 results"
    KS4 = "ks4", "Key stage 4 results"
    ABSENCE = "absence", "Pupil absence"
    EXCLUSIONS = "exclusions", "Suspensions and exclusions"


class ImportStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Imported"
    REJECTED = "rejected", "Rejected: nothing written"


class ImportRun(models.Model):
    """What was imported, from which file, by whom, when, and what it changed.

    A rejected file still gets a run (so officers see failed attempts and their
    reasons), but none of its data is written.
    """

    kind = models.CharField(max_length=30, choices=ImportKind.choices, db_index=True)
    status = models.CharField(max_length=20, choices=ImportStatus.choices)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    file_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date the file's data describes (its extract date).",
    )
    file_size = models.PositiveBigIntegerField(default=0)
    details = models.CharField(
        max_length=300, blank=True, help_text="e.g. the file's column era"
    )
    options = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(
        default=list,
        blank=True,
        help_text="Errors that rejected the file, each with line and column.",
    )
    warnings = models.JSONField(default=list, blank=True)
    changes = models.JSONField(
        default=list,
        blank=True,
        help_text="A sample of the records created or changed.",
    )
    started_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    actor_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"
        )

    @property
    def succeeded(self) -> bool:
        return self.status == ImportStatus.SUCCEEDED

    @property
    def duration_seconds(self) -> float:
        return self.duration_ms / 1000
