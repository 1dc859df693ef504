"""The shape every ``import_*`` management command shares: a file argument,
``--dry-run``, a progress bar, the printed report, and a non-zero exit when the file
is rejected."""

from __future__ import annotations

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

from school_improvement.data.reporting import print_import_result
from school_improvement.data.services import ImportResult
from school_improvement.data.services import Progress as ProgressCallback


class ImportCommand(BaseCommand):
    file_help = "the file to import"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help=self.file_help)
        self.add_import_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change and write nothing",
        )
        parser.add_argument(
            "--quiet-progress", action="store_true", help="no progress bar"
        )

    def add_import_arguments(self, parser: Any) -> None:
        """Options of one importer (override)."""

    def extra_files(self, options: dict[str, Any]) -> list[Path]:
        """Other files named by options, checked to exist like the main one."""
        return []

    def run_import(
        self, path: Path, options: dict[str, Any], progress: ProgressCallback
    ) -> ImportResult:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        for p in (path, *self.extra_files(options)):
            if not p.is_file():
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

            result = self.run_import(path, options, progress)
        print_import_result(console, path.name, result)
        if not result.succeeded:
            raise CommandError(f"{path.name} was rejected: nothing was written.")
