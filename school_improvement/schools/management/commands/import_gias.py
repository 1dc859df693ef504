"""python manage.py import_gias FILE [--links LINKSFILE] [--la CODE ...] [--dry-run]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from school_improvement.data.commands import ImportCommand
from school_improvement.data.services import ImportResult, Progress
from school_improvement.schools.services import gias_import


class Command(ImportCommand):
    help = (
        "Import a GIAS establishments extract (edubasealldataYYYYMMDD.csv) and, optionally, "
        "its links file. Atomic: a file with any problem writes nothing."
    )
    file_help = "edubasealldataYYYYMMDD.csv"

    def add_import_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--links", type=Path, help="links_edubasealldataYYYYMMDD.csv"
        )
        parser.add_argument(
            "--la",
            nargs="+",
            metavar="CODE",
            help="keep only these LA codes, e.g. --la 931 933",
        )
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            help="the extract date (YYYY-MM-DD); default: from the file name",
        )
        parser.add_argument(
            "--allow-older",
            action="store_true",
            help="allow an extract older than the newest imported",
        )

    def extra_files(self, options: dict[str, Any]) -> list[Path]:
        return [options["links"]] if options["links"] else []

    def run_import(
        self, path: Path, options: dict[str, Any], progress: Progress
    ) -> ImportResult:
        return gias_import(
            acting_user=None,
            source=path,
            links_source=options["links"],
            la_codes=options["la"],
            file_date=options["date"],
            dry_run=options["dry_run"],
            allow_older=options["allow_older"],
            progress=progress,
        )
