"""python manage.py categorise --policy NAME [--as-of DATE] [--la CODE] [--dry-run] [--publish]
python manage.py categorise --policy NAME --facts FILE.csv --as-of DATE [--format json]
python manage.py categorise --reproduce RUN_ID"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.console import Console
from rich.table import Table

from engines.categorisation import CsvFactsError, PolicyError, evaluate_csv
from school_improvement.categorisation.models import CategorisationRun
from school_improvement.categorisation.services import (
    categorisation_run,
    changes_against_published,
    policy_load,
    run_publish,
    run_reproduce,
)
from school_improvement.core import clock


def _file_result(result: Any) -> dict[str, Any]:
    record = result.to_dict()
    return {
        "urn": record["urn"],
        "category": record["category"],
        "flags": record["flags"],
        "entitlements": record["entitlements"],
        "triggers": [
            {
                "id": t["id"],
                "label": t["label"],
                "fired": t["fired"],
                "evidence": t["evidence"],
            }
            for t in record["triggers"]
        ],
        "needs_review": record["needs_review"],
        "missing_facts": record["missing_facts"],
    }


class Command(BaseCommand):
    help = (
        "Place every open school of the area in a support category under a policy, with "
        "the data held on a date; or, with --facts, evaluate a CSV of facts without the "
        "database; or reproduce a stored run."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--policy", help="the policy's name, e.g. oxfordshire-2018-19"
        )
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument(
            "--la", help="the LA's code (default: the register's main LA)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would change; store nothing",
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the run straight away"
        )
        parser.add_argument(
            "--facts", type=Path, help="file mode: a CSV of facts per school"
        )
        parser.add_argument("--format", choices=("json", "table"), default=None)
        parser.add_argument("--reproduce", type=int, metavar="RUN_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reproduce"]:
            return self._reproduce(options["reproduce"])
        if not options["policy"]:
            raise CommandError("--policy NAME is required (or --reproduce RUN_ID)")
        try:
            policy = policy_load(options["policy"])
        except (FileNotFoundError, PolicyError) as exc:
            raise CommandError(str(exc)) from None
        as_of = options["as_of"] or clock.today()
        if options["facts"]:
            return self._file_mode(
                policy, options["facts"], as_of, options["format"] or "json"
            )
        console = Console(file=self.stdout, soft_wrap=True)  # type: ignore[arg-type]
        with transaction.atomic():
            run = categorisation_run(
                acting_user=None,
                policy_name=policy.name,
                as_of=as_of,
                la_code=options["la"],
            )
            moves = changes_against_published(run)
            if options["format"] == "json":
                self.stdout.write(
                    json.dumps(
                        [r.result for r in run.results.order_by("establishment__urn")],
                        indent=2,
                    )
                )
            else:
                self._summary(console, run, moves)
            if options["dry_run"]:
                transaction.set_rollback(True)
                console.print("Dry run: nothing stored.")
                return
            if options["publish"]:
                run_publish(acting_user=None, run=run)
                console.print(f"Run {run.pk} published.")
            else:
                console.print(
                    f"Run {run.pk} stored as a preview; publish it from the Categories page or with --publish."
                )

    def _summary(
        self, console: Console, run: CategorisationRun, moves: list[Any]
    ) -> None:
        table = Table(
            title=f"{run.policy} as at {run.as_of:%d-%m-%Y}, {run.la.name if run.la else 'every LA'}"
        )
        table.add_column("Category")
        table.add_column("Schools", justify="right")
        for category, n in sorted(run.counts.items()):
            table.add_row(category, f"{n:,}")
        console.print(table)
        console.print(
            f"{len(moves)} schools would change category against the published categories."
        )
        for move in moves[:50]:
            console.print(
                f"  {move.establishment.urn} {move.establishment.name}: {move.before or '(none)'} -> {move.after}"
            )

    def _file_mode(self, policy: Any, path: Path, as_of: dt.date, fmt: str) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 ({exc})") from None
        try:
            results = evaluate_csv(policy, text, as_of=as_of)
        except CsvFactsError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        records = [_file_result(r) for r in results]
        if fmt == "json":
            self.stdout.write(json.dumps(records, indent=2, default=str))
            return
        for r in records:
            fired = ", ".join(t["id"] for t in r["triggers"] if t["fired"]) or "none"
            self.stdout.write(
                f"{r['urn']}: {r['category']} flags {r['flags'] or '-'}; triggers {fired}"
            )

    def _reproduce(self, run_id: int) -> None:
        try:
            run = CategorisationRun.objects.get(pk=run_id)
        except CategorisationRun.DoesNotExist:
            raise CommandError(f"no run {run_id}") from None
        differences = run_reproduce(run)
        if not differences:
            self.stdout.write(
                f"Run {run_id} reproduced exactly: {run.results.count()} schools, same facts and results."
            )
            return
        for d in differences[:100]:
            self.stdout.write(f"{d.urn} {d.what}: stored {d.stored!r}, now {d.now!r}")
        raise CommandError(
            f"run {run_id} did not reproduce: {len(differences)} differences"
        )
