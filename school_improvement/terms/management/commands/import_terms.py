"""python manage.py import_terms FILE --la CODE [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from school_improvement.schools.models import LocalAuthority
from school_improvement.terms.services import terms_import


class Command(BaseCommand):
    help = (
        "Import an LA's term and half-term dates from a CSV (docs/data-sources.md, "
        '"Term dates"). All or nothing: a file with any problem writes nothing.'
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="the term-dates CSV")
        parser.add_argument(
            "--la", required=True, metavar="CODE", help="the LA's code, e.g. 931"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change and write nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        la = LocalAuthority.objects.filter(code=options["la"]).first()
        if la is None:
            raise CommandError(
                f"--la {options['la']}: no LA with that code in the register "
                "(import GIAS first)"
            )
        try:
            result = terms_import(
                acting_user=None,
                la=la,
                source=path,
                file_name=str(path),
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{path} was rejected ({len(exc.messages)} "
                f"problem{'s' if len(exc.messages) != 1 else ''}): nothing was written."
            ) from None
        would = "would be " if result.dry_run else ""
        for outcome in ("created", "updated", "unchanged"):
            for label in getattr(result, outcome):
                verb = outcome if outcome == "unchanged" else f"{would}{outcome}"
                self.stdout.write(f"{label}: {verb}")
        self.stdout.write(f"{la.name} ({la.code}): {result.summary}")
        if result.dry_run:
            self.stdout.write("Dry run: nothing was written.")
