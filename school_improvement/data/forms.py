from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings

from school_improvement.data.imports.coded import parse_academic_year
from school_improvement.data.imports.detect import detect_kind, sniff_header


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


KIND_CHOICES = [
    ("", "Work it out from the file's columns"),
    ("gias", "GIAS establishments (edubasealldataYYYYMMDD.csv)"),
    ("ofsted", "Ofsted inspections (latest inspections as at a date)"),
    ("ks2", "Key stage 2 results"),
    ("ks4", "Key stage 4 results"),
    ("absence", "Pupil absence"),
    ("exclusions", "Suspensions and permanent exclusions"),
]
RELEASE_CHOICES = [
    ("", "As the file says"),
    ("provisional", "Provisional"),
    ("revised", "Revised"),
    ("final", "Final"),
]


class UploadForm(forms.Form):
    """One form for every official file. The type is detected from the header unless
    chosen; options that apply to one type only are ignored for the others."""

    file = forms.FileField(
        label="File",
        help_text="The CSV exactly as downloaded from GIAS, Ofsted, the performance tables or Explore Education Statistics.",
        error_messages={"required": "Choose the file to import"},
    )
    kind = forms.ChoiceField(label="Type of file", choices=KIND_CHOICES, required=False)
    links = forms.FileField(
        label="GIAS links file (optional, GIAS only)",
        help_text="links_edubasealldataYYYYMMDD.csv: predecessors and successors, so history follows a school through academisation.",
        required=False,
    )
    la_codes = forms.CharField(
        label="Local authority codes (optional, GIAS only)",
        help_text="Keep only these LAs, separated by spaces or commas, for example 931 933. Leave blank to import every row.",
        required=False,
    )
    year = forms.CharField(
        label="Academic year (performance tables only)",
        help_text="For england_ks2final.csv or england_ks4final.csv when the file name does not say, for example 2023/24.",
        required=False,
    )
    release = forms.ChoiceField(
        label="Release (results, absence and exclusions)",
        choices=RELEASE_CHOICES,
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
            Field("file"),
            Field.select("kind"),
            Field("links"),
            Field.text("la_codes", field_width=10),
            Field.text("year", field_width=5),
            Field.select("release"),
            Field.checkbox("dry_run", small=True),
            Submit("submit", "Import file"),
        )
        self.helper.label_size = Size.SMALL
        for name in ("file", "links"):
            self.fields[name].widget.attrs["class"] = "govuk-file-upload"
            self.fields[name].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self) -> Any:
        return _check_csv(self.cleaned_data.get("file"), "file")

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

    def clean_year(self) -> str | None:
        text = self.cleaned_data.get("year", "").strip()
        if not text:
            return None
        try:
            return parse_academic_year(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter the academic year as, for example, 2023/24"
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        kind = data.get("kind") or ""
        if not kind:
            head = upload.read(64 * 1024)
            upload.seek(0)
            detected = detect_kind(sniff_header(head))
            if detected is None:
                self.add_error(
                    "kind",
                    "The type of this file could not be worked out from its columns: "
                    "choose it, or check it is the file as downloaded",
                )
                return data
            if detected == "gias_links":
                self.add_error(
                    "file",
                    "This is a GIAS links file: upload the establishments file here and "
                    "the links file in the links box",
                )
                return data
            kind = detected
            data["detected"] = True
        data["kind"] = kind
        if data.get("links") and kind != "gias":
            self.add_error(
                "links", "A links file goes with a GIAS establishments file only"
            )
        return data
