"""Forms of the advisers' register. They read what a person types; the services
(people.services) decide whether it may be stored, and their field errors are put
back on these forms (add_service_errors)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from school_improvement.accounts.models import Role, User
from school_improvement.core import clock
from school_improvement.people.models import (
    SPECIALISMS,
    Accreditation,
    Phase,
    SchoolRole,
)
from school_improvement.schools.models import Establishment, Federation, Trust


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on its field when
    the form has it, else on the form as a whole."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _schools() -> Any:
    return Establishment.objects.order_by("name")


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.urn})"


class AdviserForm(forms.Form):
    title = forms.CharField(label="Title", required=False, max_length=30)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(label="Email address", required=False)
    telephone = forms.CharField(label="Telephone", required=False, max_length=30)
    organisation = forms.CharField(
        label="Organisation",
        required=False,
        max_length=200,
        help_text="Where they are commissioned from, e.g. a teaching school hub.",
    )
    own_school = SchoolChoiceField(
        label="Their own school",
        queryset=Establishment.objects.none(),
        required=False,
        help_text="If they are a practising leader.",
    )
    own_school_role = forms.ChoiceField(
        label="Their role there",
        choices=[("", "None"), *SchoolRole.choices],
        required=False,
    )
    retired_on = forms.DateField(
        label="Retired as a headteacher on",
        required=False,
        widget=DateInput(),
        help_text="Leave blank if they have not retired.",
    )
    phases = forms.MultipleChoiceField(
        label="Phases they support",
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    specialisms = forms.CharField(
        label="Specialisms",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, for example: " + ", ".join(SPECIALISMS[:4]) + ".",
    )
    home_postcode = forms.CharField(label="Home postcode", required=False)
    latitude = forms.FloatField(
        label="Latitude",
        required=False,
        help_text="Of their home base, in decimal degrees (e.g. 51.75).",
    )
    longitude = forms.FloatField(
        label="Longitude",
        required=False,
        help_text="In decimal degrees, negative west of Greenwich (e.g. -1.25).",
    )
    capacity_days_per_term = forms.DecimalField(
        label="Days a term they can give",
        decimal_places=1,
        max_digits=5,
        required=False,
        help_text="Unless a term says otherwise.",
    )
    max_travel_km = forms.IntegerField(
        label="Furthest they will travel (km)",
        required=False,
        help_text="Leave blank for no limit.",
    )
    day_rate = forms.DecimalField(
        label="Day rate (£)", required=False, decimal_places=2, max_digits=8
    )
    started_on = forms.DateField(
        label="Started supporting the area's schools on",
        required=False,
        widget=DateInput(),
    )
    active = forms.BooleanField(
        label="Active: may be allocated schools", required=False, initial=True
    )
    user = forms.ModelChoiceField(
        label="Sign-in account",
        queryset=User.objects.none(),
        required=False,
        help_text="So they see their own record and visits.",
    )
    notes = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["own_school"].queryset = _schools()  # type: ignore[attr-defined]
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).exclude(role__in=[Role.SCHOOL_USER, Role.BOARD_MEMBER])
        self.helper = _helper(
            Fieldset(
                Field.text("title", field_width=5),
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field.text("email", field_width=30),
                Field.text("telephone", field_width=20),
                Field.text("organisation"),
                legend="Who they are",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("own_school"),
                Field.select("own_school_role"),
                Field.text("retired_on", field_width=10),
                legend="Their own school",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("phases", small=True),
                Field.textarea("specialisms"),
                legend="What they support",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("home_postcode", field_width=10),
                Field.text("latitude", field_width=10),
                Field.text("longitude", field_width=10),
                Field.text("max_travel_km", field_width=4),
                legend="Home base",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("capacity_days_per_term", field_width=4),
                Field.text("day_rate", field_width=5),
                Field.text("started_on", field_width=10),
                Field.checkbox("active"),
                Field.select("user"),
                Field.textarea("notes"),
                legend="Their time",
                legend_size=Size.MEDIUM,
            ),
            submit="Save",
        )

    def specialism_list(self) -> tuple[str, ...]:
        text = self.cleaned_data.get("specialisms") or ""
        return tuple(line.strip() for line in text.splitlines() if line.strip())


class AccreditationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Role or accreditation", choices=[("", ""), *Accreditation.choices]
    )
    awarded_on = forms.DateField(label="Awarded on", required=False, widget=DateInput())
    ended_on = forms.DateField(
        label="Ended on",
        required=False,
        widget=DateInput(),
        help_text="Leave blank if they still hold it.",
    )
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=100,
        help_text="For example a designation number.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = (
            "Choose the role or accreditation"
        )
        self.helper = _helper(
            Field.select("kind"),
            Field.text("awarded_on", field_width=10),
            Field.text("ended_on", field_width=10),
            Field.text("reference", field_width=20),
            submit="Add the accreditation",
        )


class EndForm(forms.Form):
    ended_on = forms.DateField(label="Ended on", widget=DateInput())

    def __init__(self, *args: Any, submit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = clock.today()
        self.fields["ended_on"].error_messages["required"] = "Enter the date it ended"
        self.helper = _helper(Field.text("ended_on", field_width=10), submit=submit)


class ConflictForm(forms.Form):
    establishment = SchoolChoiceField(
        label="School",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="",
    )
    trust = forms.ModelChoiceField(
        label="Or a trust",
        queryset=Trust.objects.none(),
        required=False,
        empty_label="",
        help_text="A conflict with a trust covers all its schools.",
    )
    federation = forms.ModelChoiceField(
        label="Or a federation",
        queryset=Federation.objects.none(),
        required=False,
        empty_label="",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        required=False,
        help_text="For example: spouse teaches there, governor there.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = _schools()  # type: ignore[attr-defined]
        self.fields["trust"].queryset = Trust.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["federation"].queryset = Federation.objects.order_by("name")  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.select("establishment"),
            Field.select("trust"),
            Field.select("federation"),
            Field.textarea("reason"),
            submit="Declare the conflict",
        )


class UnavailabilityForm(forms.Form):
    start_date = forms.DateField(label="First day", widget=DateInput())
    end_date = forms.DateField(label="Last day", widget=DateInput())
    reason = forms.CharField(
        label="Reason", required=False, max_length=200, help_text="For example: leave."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].error_messages["required"] = "Enter the first day"
        self.fields["end_date"].error_messages["required"] = "Enter the last day"
        self.helper = _helper(
            Field.text("start_date", field_width=10),
            Field.text("end_date", field_width=10),
            Field.text("reason", field_width=20),
            submit="Add the dates",
        )


class TermCapacityForm(forms.Form):
    """The days an adviser can give in one term; blank means their usual days."""

    days = forms.DecimalField(
        label="Days this term",
        required=False,
        max_digits=5,
        decimal_places=1,
        help_text="Leave blank to go back to their usual days a term.",
    )
    note = forms.CharField(
        label="Why it differs",
        required=False,
        max_length=200,
        help_text="For example: seconded to the trust two days a week.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].error_messages |= {
            "invalid": "Enter the days as a number, like 4 or 4.5",
            "max_decimal_places": "Give the days to one decimal place at most, like 4.5",
            "max_digits": "Enter fewer days",
            "max_whole_digits": "Enter fewer days",
        }
        self.helper = _helper(
            Field.text("days", field_width=4),
            Field.text("note", field_width=20),
            submit="Save the days",
        )
