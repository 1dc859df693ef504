from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from school_improvement.categorisation.letters import format_date
from school_improvement.categorisation.models import (
    JudgementKind,
    JudgementSource,
    RedFlagTest,
)
from school_improvement.core import clock
from school_improvement.indicators.models import Indicator


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class RunForm(forms.Form):
    policy = forms.ChoiceField(label="Policy")
    as_of = forms.DateField(
        label="Use the data held on",
        help_text="For example 2026-09-01. Today's date uses everything imported so far.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, *args: Any, policies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [(p, p) for p in policies]  # type: ignore[attr-defined]
        self.fields["as_of"].initial = clock.today().isoformat()
        self.helper = _helper(
            Field.select("policy"),
            Field.text("as_of", field_width=10),
            submit="Run (preview)",
        )

    def clean_as_of(self) -> Any:
        day = self.cleaned_data["as_of"]
        if day > clock.today():
            raise forms.ValidationError("The date cannot be in the future")
        return day


class OverrideForm(forms.Form):
    category = forms.ChoiceField(label="Proposed category")
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why the policy's category is not right for this school: it is kept with the decision.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.select("category"), Field.textarea("rationale"), submit="Propose"
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JudgementForm(forms.Form):
    kind = forms.ChoiceField(label="Judgement", choices=JudgementKind.choices)
    value = forms.TypedChoiceField(
        label="Does it stand?",
        choices=[
            ("yes", "Yes"),
            ("no", "No: judged not to (for example after a later review)"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    judged_on = forms.DateField(
        label="Date of the judgement",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="For example 2026-10-14",
    )
    source = forms.ChoiceField(label="Source", choices=JudgementSource.choices)
    note = forms.CharField(
        label="Evidence or note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.select("kind"),
            Field.radios("value", inline=False),
            Field.text("judged_on", field_width=10),
            Field.select("source"),
            Field.textarea("note"),
            submit="Record judgement",
        )


class RedFlagTestForm(forms.ModelForm):
    class Meta:
        model = RedFlagTest
        fields = ["label", "indicator", "comparison", "against", "margin"]
        labels = {"margin": "Threshold or margin"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.exclude(unit="band")  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.text("label"),
            Field.select("indicator"),
            Field.select("comparison"),
            Field.select("against"),
            Field.text("margin", field_width=5),
            submit="Add the test",
        )


class MovesSinceForm(forms.Form):
    """The board's "moves since": a date (GOV.UK date input: day, month and year) or
    one of the area's earlier publications; exactly one. Read from the query string.
    ``cleaned_data["since"]`` is the date or None, ``["since_run"]`` the run id or
    None. A problem with the date is reported on ``since_day`` (the input the error
    summary links to is ``date_error_target``; ``date_error_parts`` are the inputs
    to mark)."""

    since_day = forms.CharField(required=False)
    since_month = forms.CharField(required=False)
    since_year = forms.CharField(required=False)
    since_run = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Or since a publication"
    )

    def __init__(
        self,
        *args: Any,
        publications: list[tuple[int, str]],
        first_published_on: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["since_run"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a publication"),
            *publications,
        ]
        self.fields["since_run"].error_messages["invalid_choice"] = (
            "Choose a publication from the list"
        )
        self.publication_choices = publications
        self.first_published_on = first_published_on
        self.date_error_parts: list[str] = []

    @property
    def date_error(self) -> str:
        return " ".join(str(e) for e in self.errors.get("since_day", []))

    @property
    def date_error_target(self) -> str:
        return f"since_{(self.date_error_parts or ['day'])[0]}"

    @property
    def run_error(self) -> str:
        return " ".join(str(e) for e in self.errors.get("since_run", []))

    def _date_problem(self, message: str, parts: list[str] | None = None) -> None:
        self.date_error_parts = parts or ["day", "month", "year"]
        self.add_error("since_day", message)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = {
            "day": (data.get("since_day") or "").strip(),
            "month": (data.get("since_month") or "").strip(),
            "year": (data.get("since_year") or "").strip(),
        }
        data["since"] = None
        any_date = any(parts.values())
        if "since_run" in self.errors:
            return data
        if any_date and data.get("since_run") is not None:
            self._date_problem("Enter a date or choose a publication, not both")
        elif not any_date and data.get("since_run") is None:
            self._date_problem("Enter a date, or choose a publication")
        elif any_date:
            data["since"] = self._date(parts)
        return data

    def _date(self, parts: dict[str, str]) -> dt.date | None:
        missing = [name for name, value in parts.items() if not value]
        if missing:
            self._date_problem(
                f"The date must include a {' and '.join(missing)}", missing
            )
            return None
        if not all(value.isdigit() for value in parts.values()):
            bad = [name for name, value in parts.items() if not value.isdigit()]
            self._date_problem("The date must be a real date", bad)
            return None
        if len(parts["year"]) != 4:
            self._date_problem("The year must include 4 numbers", ["year"])
            return None
        try:
            day = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self._date_problem("The date must be a real date")
            return None
        if day > clock.today():
            self._date_problem("The date must be today or in the past")
            return None
        first = self.first_published_on
        if first is not None and day <= first:
            self._date_problem(
                f"The date must be after {format_date(first)}, when categories were "
                "first published"
            )
            return None
        return day
