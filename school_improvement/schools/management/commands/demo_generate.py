"""python manage.py demo_generate --out DIR [--size area|national] [--seed N] [--gias-only]"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from school_improvement.schools.demo.generator import DEFAULT_SEED, generate
from school_improvement.schools.demo.official import write_official


class Command(BaseCommand):
    help = (
        "Write fictional GIAS files in the real format: 'area' is Northshire (two "
        "extracts and a links file), 'national' about 52,000 rows for benchmarks. "
        "Then the official Ofsted, KS2, KS4, absence and exclusions files for the same "
        "schools (unless --gias-only)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out", type=Path, required=True, help="directory to write"
        )
        parser.add_argument(
            "--size", choices=("area", "national"), default="area", help="default: area"
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"the same seed writes the same bytes (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--gias-only",
            action="store_true",
            help="write the GIAS files only, not the Ofsted and DfE files",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = generate(options["out"], size=options["size"], seed=options["seed"])
        for path, rows in zip(result.extracts, result.rows, strict=True):
            self.stdout.write(f"{path}: {rows:,} establishments")
        self.stdout.write(f"{result.links}: {result.link_rows:,} links")
        if not options["gias_only"]:
            for written in write_official(
                options["out"], size=options["size"], seed=options["seed"]
            ):
                self.stdout.write(
                    f"{written.path}: {written.rows:,} rows ({written.kind})"
                )
        self.stdout.write(f"Written in {time.perf_counter() - started:.1f} s.")
