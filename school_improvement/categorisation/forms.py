from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

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
