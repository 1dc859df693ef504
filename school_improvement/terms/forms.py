"""Forms of the term calendar pages. The checks themselves are the services'; these
only read what a person typed."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.conf import settings

from school_improvement.data.imports.coded import parse_academic_year
from school_improvement.terms.models import TermName

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_HELP = "For example 2026-09-02 or 02/09/2026"


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        # a text input, so GOV.UK's styles apply and the date shows as 2026-09-02
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a date, like 2026-09-02",
        },
    )


class TermForm(forms.Form):
    academic_year = forms.CharField(
        label="Academic year",
        max_length=9,
        help_text="For example 2026/27",
        error_messages={"required": "Enter the academic year, like 2026/27"},
    )
    name = forms.ChoiceField(
        label="Term",
        choices=TermName.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose autumn, spring or summer"},
    )
    start_date = _date("First day of term")
    end_date = _date("Last day of term")
    half_term_start = _date("First day of half-term", required=False)
    half_term_end = _date("Last day of half-term", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("academic_year", field_width=5),
            Field.radios("name", inline=True),
            Field.text("start_date", field_width=10),
            Field.text("end_date", field_width=10),
            Fieldset(
                Field.text("half_term_start", field_width=10),
                Field.text("half_term_end", field_width=10),
                legend="Half-term holiday (leave both blank if there is none)",
                legend_size=Size.SMALL,
            ),
            submit="Save the term",
        )

    def clean_academic_year(self) -> str:
        try:
            return parse_academic_year(self.cleaned_data["academic_year"])
        except ValueError:
            raise forms.ValidationError(
                "Enter the academic year like 2026/27"
            ) from None


class ClosureForm(forms.Form):
    date = _date("Date")
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="For example: INSET day, the area's shared training day",
        error_messages={"required": "Say why schools are closed that day"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("date", field_width=10),
            Field.text("reason"),
            submit="Add the closure day",
        )


class TermsUploadForm(forms.Form):
    file = forms.FileField(
        label="Term dates file (CSV)",
        help_text=(
            "Columns academic_year, term, start_date, end_date, half_term_start, "
            "half_term_end; one row per term."
        ),
        error_messages={"required": "Choose the CSV file of term dates"},
    )
    check_only = forms.BooleanField(
        label="Check the file and show what would change, without saving",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("file"),
            Field.checkbox("check_only"),
            submit="Upload",
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "The file must be a CSV file (ending .csv): save the spreadsheet "
                "as CSV first"
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty")
        if upload.size > settings.SI_MAX_UPLOAD_BYTES:
            limit = settings.SI_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The file must be smaller than {limit} MB")
        return upload
