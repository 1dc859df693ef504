"""Forms of the allocation pages."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from school_improvement.data.imports.coded import parse_academic_year


def _helper(*fields: Any, submit: str, **button: str) -> FormHelper:
    """The form's fields and its button; ``button`` adds attributes to the button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("submit", submit, **button))
    return helper


class AcademicYearField(forms.CharField):
    """An academic year as a person types it (2026/27, 2026-27), read as 2026/27."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        try:
            return parse_academic_year(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc).capitalize()) from None


class ProposalForm(forms.Form):
    academic_year = AcademicYearField(label="Academic year", max_length=9)
    keep_confirmed = forms.BooleanField(
        label="Keep the pairings already confirmed for this year",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, year: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].initial = year
        self.helper = _helper(
            Field.text("academic_year", field_width=5),
            Field.checkbox("keep_confirmed"),
            submit="Propose an allocation",
            # the optimiser runs for seconds: a second click must not start another
            **{"data-prevent-double-click": "true", "aria-describedby": "propose-hint"},
        )


class ChangeForm(forms.Form):
    adviser = forms.ChoiceField(label="Adviser")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        help_text="Why this pairing: needed when it breaks a rule.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].choices = [("", "Nobody (leave unallocated)"), *choices]  # type: ignore[attr-defined]
        self.fields["adviser"].required = False
        self.helper = _helper(
            Field.select("adviser"), Field.textarea("note"), submit="Make this change"
        )


class ContinuityForm(forms.Form):
    wants_continuity = forms.TypedChoiceField(
        label="Does the school want to keep last year's System Leader?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("wants_continuity", inline=True),
            Field.text("note"),
            submit="Save",
        )


VISIT_DAY_FIELDS = (
    ("annual", "Annual visit"),
    ("targeted", "Targeted visit"),
    ("review", "Review visit"),
    ("paired", "Paired visit"),
    ("qa", "Quality assurance visit"),
    ("welcome", "Welcome visit"),
    ("structured_conversation", "Structured conversation"),
)


class SettingsForm(forms.Form):
    autumn_first_min_visits = forms.IntegerField(
        label="Schools entitled to at least this many visits have them prioritised for the autumn term",
        min_value=1,
        max_value=12,
    )
    qa_sample_percent = forms.DecimalField(
        label="Share of each term's reports drawn for quality assurance (%)",
        min_value=0,
        max_value=100,
        decimal_places=1,
    )
    new_leader_months = forms.IntegerField(
        label="Every report of an adviser in their first this many months goes to quality assurance",
        min_value=0,
        max_value=60,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in VISIT_DAY_FIELDS:
            self.fields[f"days_{key}"] = forms.DecimalField(
                label=f"{label}: days of an adviser's time",
                min_value=0.5,
                max_value=5,
                decimal_places=1,
            )
        self.helper = _helper(
            *(Field.text(f"days_{k}", field_width=3) for k, _ in VISIT_DAY_FIELDS),
            Field.text("autumn_first_min_visits", field_width=2),
            Field.text("qa_sample_percent", field_width=4),
            Field.text("new_leader_months", field_width=2),
            submit="Save the settings",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, _ in VISIT_DAY_FIELDS:
            value = data.get(f"days_{key}")
            if value is not None and (value * 2) % 1:
                self.add_error(f"days_{key}", "Use half days: 0.5, 1, 1.5 ...")
        return data
