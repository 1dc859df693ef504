"""python manage.py import_ofsted FILE [--date YYYY-MM-DD] [--dry-run]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from school_improvement.data.commands import ImportCommand
from school_improvement.data.services import ImportResult, Progress
from school_improvement.inspections.services import ofsted_import


class Command(ImportCommand):
    help = (
        "Import an Ofsted 'state-funded schools - latest inspections as at <date>' "
        "management-information CSV of any era (report card, graded/ungraded, section "
        "8). Atomic: a file with any problem writes nothing."
    )
    file_help = "Management_information_-_state-funded_schools_-_latest_inspections_as_at_<date>.csv"

    def add_import_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            help="the date the file describes (YYYY-MM-DD); default: 'as at' in its name",
        )

    def run_import(
        self, path: Path, options: dict[str, Any], progress: Progress
    ) -> ImportResult:
        return ofsted_import(
            acting_user=None,
            source=path,
            file_date=options["date"],
            dry_run=options["dry_run"],
            progress=progress,
        )
