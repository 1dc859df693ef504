"""Indicators, their values per school and year, and the LA and England values
beside them.

Every value keeps its status (a number, suppressed, not applicable, not available,
low coverage, under 0.5%): missing is never zero. Every value points to the import run
(file, SHA-256, date) that last stated it and to the release (provisional, revised,
final); a revised value replaces the provisional one and the earlier value stays in
the value's history.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from simple_history.models import HistoricalRecords

from school_improvement.core import clock
from school_improvement.core.models import TrackedModel
from school_improvement.data.imports import catalogue, coded
from school_improvement.data.models import ImportRun
from school_improvement.schools.models import Establishment


class Source(models.TextChoices):
    KS2 = catalogue.KS2, "Key stage 2"
    KS4 = catalogue.KS4, "Key stage 4"
    ABSENCE = catalogue.ABSENCE, "Attendance"
    EXCLUSIONS = catalogue.EXCLUSIONS, "Suspensions and exclusions"


class Unit(models.TextChoices):
    PERCENT = catalogue.PERCENT, "Percentage"
    SCORE = catalogue.SCORE, "Score"
    RATE = catalogue.RATE, "Rate per 100 pupils"
    COUNT = catalogue.COUNT, "Count"
    BAND = catalogue.BAND, "Band (1 well above average to 5 well below)"


class ValueStatus(models.TextChoices):
    VALUE = coded.VALUE, coded.STATUS_LABELS[coded.VALUE]
    SUPPRESSED = coded.SUPPRESSED, coded.STATUS_LABELS[coded.SUPPRESSED]
    NOT_APPLICABLE = coded.NOT_APPLICABLE, coded.STATUS_LABELS[coded.NOT_APPLICABLE]
    NOT_AVAILABLE = coded.NOT_AVAILABLE, coded.STATUS_LABELS[coded.NOT_AVAILABLE]
    LOW_COVERAGE = coded.LOW_COVERAGE, coded.STATUS_LABELS[coded.LOW_COVERAGE]
    LOW = coded.LOW, coded.STATUS_LABELS[coded.LOW]


class Release(models.TextChoices):
    PROVISIONAL = coded.PROVISIONAL, "Provisional"
    REVISED = coded.REVISED, "Revised"
    FINAL = coded.FINAL, "Final"
    UNSTATED = "unstated", "Not stated"


class Level(models.TextChoices):
    LA = coded.LA, "Local authority"
    NATIONAL = coded.NATIONAL, "England"


class Indicator(models.Model):
    """One measure in the catalogue (data/imports/catalogue.py is the source)."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=Source.choices, db_index=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField(null=True, blank=True)
    phases = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    decimals = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def format(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        text = f"{value:,.{self.decimals}f}"
        if self.unit == catalogue.PERCENT:
            return f"{text}%"
        if self.unit == catalogue.BAND:
            return f"{int(value)} {catalogue.BAND_LABELS.get(int(value), '')}".strip()
        return text


class CodedValue(models.Model):
    """A value as the file gave it: the number (if any), its status and the raw text,
    with where it came from."""

    # Not indexed alone: every lookup leads with the unique key, whose index starts
    # with the indicator (school values: with the establishment index below).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    academic_year = models.CharField(max_length=7, db_index=True, help_text="2023/24")
    phase = models.CharField(
        max_length=10,
        blank=True,
        help_text="primary, secondary, special or total for attendance and exclusions",
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ValueStatus.choices)
    raw = models.CharField(
        max_length=40, blank=True, help_text="As written in the file"
    )
    release = models.CharField(
        max_length=12, choices=Release.choices, default=Release.UNSTATED
    )
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        abstract = True

    @property
    def shown(self) -> str:
        if self.status == coded.VALUE:
            return self.indicator.format(self.value)
        return self.get_status_display()


class IndicatorValue(CodedValue):
    """A school's value of one indicator in one academic year (and phase)."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="indicator_values",
        db_index=False,  # the (establishment, indicator) index serves
    )
    england_percentile = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=(
            "Percentage of England's schools with a lower value, when the file held "
            "national school-level data."
        ),
    )

    class Meta:
        ordering = ["indicator__position", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "establishment", "academic_year", "phase"],
                name="one_value_per_school_indicator_year_phase",
            )
        ]
        indexes = [
            models.Index(fields=["establishment", "indicator"]),
            # Covers a categorisation run's read of every school's numbers of the
            # indicators its policy reads, so the table itself is not visited
            # (national: 190,000 rows in 0.3 s rather than 0.7 s; ADR 12).
            models.Index(
                fields=[
                    "indicator",
                    "status",
                    "establishment",
                    "academic_year",
                    "phase",
                    "value",
                ],
                name="indicator_value_numbers_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.academic_year} {self.establishment_id}: {self.raw}"


class AreaValue(CodedValue):
    """An LA's or England's value: the comparators stored beside the schools'."""

    level = models.CharField(max_length=10, choices=Level.choices)
    la_code = models.CharField(max_length=3, blank=True, help_text="Blank for England")

    class Meta:
        ordering = ["indicator__position", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level", "la_code", "academic_year", "phase"],
                name="one_area_value_per_indicator_year_phase",
            )
        ]

    def __str__(self) -> str:
        where = self.la_code or "England"
        return f"{self.indicator.code} {self.academic_year} {where}: {self.raw}"


class Revision(models.Model):
    """A value as it stood before a later file replaced it (e.g. the provisional
    figure a revised release corrected): the value's history. Written only when a
    value changes, so a first import writes no history rows (ADR 7)."""

    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=20, choices=ValueStatus.choices)
    raw = models.CharField(max_length=40, blank=True)
    release = models.CharField(max_length=12, choices=Release.choices)
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The file that had stated this value.",
    )
    replaced_at = models.DateTimeField(default=clock.now)
    replaced_by = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The file that replaced it.",
    )

    class Meta:
        abstract = True
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.raw} ({self.release}) until {self.replaced_at:%Y-%m-%d}"

    @property
    def shown(self) -> str:
        if self.status == coded.VALUE:
            return self.of.indicator.format(self.value)  # type: ignore[attr-defined]
        return self.get_status_display()


class IndicatorValueRevision(Revision):
    of = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="revisions"
    )
    england_percentile = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )


class AreaValueRevision(Revision):
    of = models.ForeignKey(
        AreaValue, on_delete=models.CASCADE, related_name="revisions"
    )


class StatisticalNeighbours(TrackedModel):
    """The LAs an LA compares itself with ("in line with similar authorities")."""

    la_code = models.CharField(max_length=3, unique=True)
    neighbours = models.JSONField(default=list, help_text="Three-digit LA codes")
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the list comes from"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "statistical neighbours"

    def __str__(self) -> str:
        return f"Neighbours of {self.la_code}: {', '.join(self.neighbours)}"
