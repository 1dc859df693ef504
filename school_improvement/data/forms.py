from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings


def _check_csv(upload: Any, label: str) -> Any:
    if upload is None:
        return upload
    if not upload.name.lower().endswith(".csv"):
        raise forms.ValidationError(f"The {label} must be a CSV file (ending .csv)")
    if upload.size == 0:
        raise forms.ValidationError(f"The {label} is empty")
    if upload.size > settings.SI_MAX_UPLOAD_BYTES:
        limit = settings.SI_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise forms.ValidationError(f"The {label} must be smaller than {limit} MB")
    return upload


class GiasUploadForm(forms.Form):
    establishments = forms.FileField(
        label="GIAS establishments file",
        help_text="The edubasealldataYYYYMMDD.csv file downloaded from Get Information about Schools.",
        error_messages={"required": "Choose the GIAS establishments file"},
    )
    links = forms.FileField(
        label="GIAS links file (optional)",
        help_text="links_edubasealldataYYYYMMDD.csv: predecessors and successors, so history follows a school through academisation.",
        required=False,
    )
    la_codes = forms.CharField(
        label="Local authority codes (optional)",
        help_text="Keep only these LAs, separated by spaces or commas, for example 931 933. Leave blank to import every row.",
        required=False,
    )
    dry_run = forms.BooleanField(
        label="Check the file only: show what would change and write nothing",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("establishments"),
            Field("links"),
            Field.text("la_codes", field_width=10),
            Field.checkbox("dry_run", small=True),
            Submit("submit", "Import file"),
        )
        self.helper.label_size = Size.SMALL
        for name in ("establishments", "links"):
            self.fields[name].widget.attrs["class"] = "govuk-file-upload"
            self.fields[name].widget.attrs["accept"] = ".csv,text/csv"

    def clean_establishments(self) -> Any:
        return _check_csv(
            self.cleaned_data.get("establishments"), "establishments file"
        )

    def clean_links(self) -> Any:
        return _check_csv(self.cleaned_data.get("links"), "links file")

    def clean_la_codes(self) -> list[str]:
        text = self.cleaned_data.get("la_codes", "")
        codes = [c for c in re.split(r"[\s,]+", text) if c]
        bad = [c for c in codes if not re.fullmatch(r"\d{1,3}", c)]
        if bad:
            raise forms.ValidationError(
                f"LA codes are numbers of up to three digits, for example 931; check {', '.join(bad)}"
            )
        return codes
