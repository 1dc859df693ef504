"""The import_ks2, import_ks4, import_absence and import_exclusions commands: one
shape, one service (indicators.services.indicator_import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from school_improvement.data.commands import ImportCommand
from school_improvement.data.imports.coded import RELEASES, parse_academic_year
from school_improvement.data.services import ImportResult, Progress
from school_improvement.indicators.services import indicator_import


def academic_year(text: str) -> str:
    """``2023/24`` (also accepted: ``2023-24``, ``2023-2024``, ``202324``)."""
    try:
        return parse_academic_year(text)
    except ValueError:
        raise CommandError(
            f"--year: expected an academic year such as 2023/24, found '{text}'"
        ) from None


class IndicatorImportCommand(ImportCommand):
    kind: str
    takes_year = False

    def add_import_arguments(self, parser: Any) -> None:
        if self.takes_year:
            parser.add_argument(
                "--year",
                type=str,
                help="the academic year of a performance-tables file, e.g. 2023/24 "
                "(default: from the file name, e.g. 2023-2024_england_ks2final.csv)",
            )
        parser.add_argument(
            "--release",
            choices=RELEASES,
            help="provisional, revised or final (default: from the file)",
        )

    def run_import(
        self, path: Path, options: dict[str, Any], progress: Progress
    ) -> ImportResult:
        year = options.get("year")
        return indicator_import(
            kind=self.kind,
            acting_user=None,
            source=path,
            academic_year=academic_year(year) if year else None,
            release=options["release"],
            dry_run=options["dry_run"],
            progress=progress,
        )
