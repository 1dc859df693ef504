from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms


class NeighboursForm(forms.Form):
    neighbours = forms.CharField(
        label="Statistical neighbours",
        help_text="Three-digit DfE LA codes, separated by spaces or commas, for example 825 873 916. The DfE's statistical neighbour benchmarking tool lists ten for every LA.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    source = forms.CharField(
        label="Where the list comes from",
        help_text="For example: DfE children's services statistical neighbour benchmarking tool, 2025 edition.",
        max_length=300,
    )

    def __init__(self, *args: Any, la_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.la_code = la_code
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.textarea("neighbours"),
            Field.text("source"),
            Submit("submit", "Save neighbours"),
        )

    def clean_neighbours(self) -> list[str]:
        text = self.cleaned_data.get("neighbours", "")
        codes = [c for c in re.split(r"[\s,]+", text) if c]
        bad = [c for c in codes if not re.fullmatch(r"\d{3}", c)]
        if bad:
            raise forms.ValidationError(
                f"LA codes have three digits, for example 931; check {', '.join(bad)}"
            )
        if not codes:
            raise forms.ValidationError("Enter at least one LA code")
        if self.la_code in codes:
            raise forms.ValidationError(
                f"{self.la_code} is this LA: an LA is not its own neighbour"
            )
        if len(set(codes)) != len(codes):
            raise forms.ValidationError("Each LA code once only")
        return codes
