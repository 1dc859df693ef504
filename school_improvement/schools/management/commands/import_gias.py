"""python manage.py import_gias FILE [--links LINKSFILE] [--la CODE ...] [--dry-run]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from school_improvement.schools.reporting import print_import_result
from school_improvement.schools.services import gias_import


class Command(BaseCommand):
    help = (
        "Import a GIAS establishments extract (edubasealldataYYYYMMDD.csv) and, optionally, "
        "its links file. Atomic: a file with any problem writes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="edubasealldataYYYYMMDD.csv")
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
            "--dry-run",
            action="store_true",
            help="report what would change and write nothing",
        )
        parser.add_argument(
            "--allow-older",
            action="store_true",
            help="allow an extract older than the newest imported",
        )
        parser.add_argument(
            "--quiet-progress", action="store_true", help="no progress bar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        links: Path | None = options["links"]
        for p in (path, links):
            if p is not None and not p.is_file():
                raise CommandError(f"{p}: no such file")
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=options["quiet_progress"],
            transient=True,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=max(total, 1))
                bar.update(tasks[stage], completed=done, total=max(total, 1))

            result = gias_import(
                acting_user=None,
                source=path,
                links_source=links,
                la_codes=options["la"],
                file_date=options["date"],
                dry_run=options["dry_run"],
                allow_older=options["allow_older"],
                progress=progress,
            )
        print_import_result(console, path.name, result)
        if not result.succeeded:
            raise CommandError(f"{path.name} was rejected: nothing was written.")
