"""Ofsted inspections, one row per inspection event, each in its own framework.

A report card is never turned into a grade, nor a grade into a report card: the
``framework`` says how to read ``judgements``, and policies read the framework they are
written for. Rows build up across the monthly "latest inspections" files; each keeps
the file it was last stated in (``file_date``, ``import_run``) and its history.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from school_improvement.data.imports.ofsted import (
    EIF_JUDGEMENTS,
    REPORT_CARD_GRADES,
    REPORT_CARD_JUDGEMENTS,
)
from school_improvement.data.models import ImportRun
from school_improvement.schools.models import Establishment


class Framework(models.TextChoices):
    REPORT_CARD = "report_card", "Report card (renewed framework, from November 2025)"
    EIF = "eif", "Graded inspection (education inspection framework, 2019 to 2025)"
    UNGRADED = "ungraded", "Ungraded inspection"


class CategoryOfConcern(models.TextChoices):
    SPECIAL_MEASURES = "SM", "Special measures"
    SERIOUS_WEAKNESSES = "SWK", "Serious weaknesses"
    REQUIRES_SIGNIFICANT_IMPROVEMENT = "RSI", "Requires significant improvement"


EIF_GRADE_LABELS = {
    "1": "Outstanding",
    "2": "Good",
    "3": "Requires improvement",
    "4": "Inadequate",
    "not_applicable": "Not applicable",
    "not_judged": "Not judged",
}

JUDGEMENT_LABELS = {
    # report card evaluation areas
    "inclusion": "Inclusion",
    "curriculum_and_teaching": "Curriculum and teaching",
    "achievement": "Achievement",
    "attendance_and_behaviour": "Attendance and behaviour",
    "personal_development_and_wellbeing": "Personal development and well-being",
    "leadership_and_governance": "Leadership and governance",
    "early_years": "Early years",
    "post_16": "Post-16 provision",
    "safeguarding_standards": "Safeguarding standards",
    # EIF key judgements
    "overall_effectiveness": "Overall effectiveness",
    "quality_of_education": "Quality of education",
    "behaviour_and_attitudes": "Behaviour and attitudes",
    "personal_development": "Personal development",
    "leadership_and_management": "Leadership and management",
    "sixth_form": "Sixth form provision",
    "safeguarding_effective": "Safeguarding is effective",
}

# Report-card grades from best (0) to worst (4); "below expected" means index >= 3.
REPORT_CARD_ORDER = {grade: i for i, grade in enumerate(REPORT_CARD_GRADES)}
EXPECTED_STANDARD_INDEX = REPORT_CARD_ORDER["Expected standard"]


class Inspection(models.Model):
    inspection_number = models.CharField(max_length=20, unique=True)
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="The school whose row in the file listed this inspection.",
    )
    framework = models.CharField(
        max_length=20, choices=Framework.choices, db_index=True
    )
    source_block = models.CharField(
        max_length=30, help_text="Which column block of the file described it."
    )
    inspection_type = models.CharField(max_length=200, blank=True)
    type_grouping = models.CharField(max_length=200, blank=True)
    event_type_grouping = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True, db_index=True)
    end_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    relates_to_current_urn = models.BooleanField(null=True, blank=True)
    urn_at_time = models.CharField("URN at the time", max_length=10, blank=True)
    laestab_at_time = models.CharField(max_length=7, blank=True)
    school_name_at_time = models.CharField(max_length=300, blank=True)
    school_type_at_time = models.CharField(max_length=200, blank=True)
    category_of_concern = models.CharField(
        max_length=3, choices=CategoryOfConcern.choices, blank=True
    )
    judgements = models.JSONField(
        default=dict,
        blank=True,
        help_text="Judgement key to value, in this inspection's own framework.",
    )
    grade_dates = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(
        max_length=200, blank=True, help_text="An ungraded inspection's outcome."
    )
    converted_to_graded = models.BooleanField(null=True, blank=True)
    web_link = models.CharField(max_length=300, blank=True)
    first_seen_on = models.DateField(
        help_text="Date of the earliest file that listed it."
    )
    file_date = models.DateField(
        help_text="Date of the file these details come from (the newest that listed it)."
    )
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="inspections"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-inspection_number"]
        indexes = [models.Index(fields=["urn_at_time"])]

    def __str__(self) -> str:
        return f"Inspection {self.inspection_number} ({self.get_framework_display()})"

    @property
    def is_report_card(self) -> bool:
        return self.framework == Framework.REPORT_CARD

    def judgement_rows(self) -> list[tuple[str, str, str]]:
        """(key, label, value as shown) for the judgements given, in framework order."""
        keys = (
            REPORT_CARD_JUDGEMENTS
            if self.framework == Framework.REPORT_CARD
            else EIF_JUDGEMENTS
            if self.framework == Framework.EIF
            else ()
        )
        rows = []
        for key in keys:
            value = self.judgements.get(key)
            if value is None:
                continue
            shown = value
            if self.framework == Framework.EIF and key != "safeguarding_effective":
                shown = (
                    f"{value} {EIF_GRADE_LABELS[value]}"
                    if value in {"1", "2", "3", "4"}
                    else EIF_GRADE_LABELS.get(value, value)
                )
            elif value == "not_applicable":
                shown = "Not applicable"
            rows.append((key, JUDGEMENT_LABELS.get(key, key), shown))
        return rows

    @property
    def overall_grade(self) -> str | None:
        """EIF overall effectiveness ("1"-"4", "not_judged"...); None otherwise."""
        if self.framework != Framework.EIF:
            return None
        return self.judgements.get("overall_effectiveness")

    def areas_below_expected(self) -> list[str]:
        """Report-card areas graded below "Expected standard" (keys)."""
        if self.framework != Framework.REPORT_CARD:
            return []
        return [
            key
            for key, value in self.judgements.items()
            if REPORT_CARD_ORDER.get(value or "", -1) > EXPECTED_STANDARD_INDEX
        ]
