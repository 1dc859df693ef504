"""The LA's term calendar: each term's dates and its half-term holiday, and the
other days schools are closed (INSET days, local closures). England's bank holidays
come from the ``holidays`` package (terms.calendar), not from here."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from school_improvement.core.models import TrackedModel
from school_improvement.schools.models import LocalAuthority


class TermName(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


TERM_ORDER = {TermName.AUTUMN: 0, TermName.SPRING: 1, TermName.SUMMER: 2}


class Term(TrackedModel):
    """One term of an academic year, with its half-term holiday."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    academic_year = models.CharField(max_length=7, help_text="e.g. 2026/27")
    name = models.CharField(max_length=6, choices=TermName.choices)
    start_date = models.DateField(help_text="The first day of the term.")
    end_date = models.DateField(help_text="The last day of the term.")
    half_term_start = models.DateField(
        null=True, blank=True, help_text="The first day of the half-term holiday."
    )
    half_term_end = models.DateField(
        null=True, blank=True, help_text="The last day of the half-term holiday."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "academic_year", "name"], name="one_term_of_each_name"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="term_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=(
                    Q(half_term_start__isnull=True, half_term_end__isnull=True)
                    | Q(
                        half_term_start__gt=models.F("start_date"),
                        half_term_end__gte=models.F("half_term_start"),
                        half_term_end__lt=models.F("end_date"),
                    )
                ),
                name="half_term_inside_the_term",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Autumn 2026", "Spring 2027": the calendar year the term starts in."""
        return f"{self.get_name_display()} {self.start_date.year}"

    @property
    def key(self) -> str:
        """A stable id for engines and exports, e.g. "2026/27-autumn"."""
        return f"{self.academic_year}-{self.name}"

    def contains(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    def in_half_term(self, day: dt.date) -> bool:
        return (
            self.half_term_start is not None
            and self.half_term_end is not None
            and self.half_term_start <= day <= self.half_term_end
        )


class ClosureDay(TrackedModel):
    """A day in term when schools are closed to visits (e.g. a common INSET day)."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["la", "date"], name="one_closure_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}: {self.reason}"
