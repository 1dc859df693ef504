from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from school_improvement.core import clock
from school_improvement.schools.models import ContactRole

# Heads come from GIAS (a change there is a new head); chairs and clerks are entered.
EDITABLE_ROLES = [
    (ContactRole.CHAIR_OF_GOVERNORS.value, ContactRole.CHAIR_OF_GOVERNORS.label),
    (ContactRole.CLERK.value, ContactRole.CLERK.label),
]


class ContactForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=EDITABLE_ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role"},
    )
    title = forms.CharField(label="Title (optional)", max_length=30, required=False)
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the last name"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    telephone = forms.CharField(
        label="Telephone (optional)", max_length=30, required=False
    )
    started_on = forms.DateField(
        label="Date they took up the role",
        help_text="For example, 2026-09-01",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date they took up the role",
            "invalid": "Enter a real date, for example 2026-09-01",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.radios("role", legend_size=Size.SMALL),
            Field.text("title", field_width=10),
            Field.text("first_name"),
            Field.text("last_name"),
            Field.text("email"),
            Field.text("telephone", field_width=20),
            Field.text("started_on", field_width=10),
            Submit("submit", "Save contact"),
        )

    def clean_started_on(self) -> Any:
        value = self.cleaned_data["started_on"]
        if value > clock.today():
            raise forms.ValidationError(
                "The date they took up the role must be today or in the past"
            )
        return value
