"""GIAS import at national size, on SQLite and PostgreSQL: ``python -m bench.gias``.

Generates the fictional national extract into var/bench/ (once), then for each database
runs, each in its own process so that its memory is its own: ``migrate`` on a fresh
database, the first import (establishments and links), and a re-import of the same,
unchanged file. Polars reading the same file is timed too, as the floor: no importer
written in Python can read the file faster than that.

Peak memory is the child's own maximum resident set size, from ``os.wait4`` (the
rusage of that one process and anything it waited for), so one run's peak never hides
another's. Results are printed and written to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    DOC,
    PG_SERVER,
    REPO,
    child,
    machine,
    manage,
    pg_admin,
    write_doc,
)
from school_improvement.schools.demo.generator import NATIONAL_FILES, generate_national

OUT = REPO / "var" / "bench"
SECTION = "## GIAS import (national size)"
PG_DATABASE = "si_bench"
FIRST_IMPORT_SECONDS = 30.0
REIMPORT_SECONDS = 5.0
PEAK_MB = 1024.0


@dataclass
class Run:
    database: str
    run: str
    rows: int | None
    seconds: float
    peak_mb: float
    target_seconds: float | None
    ok: bool = True
    note: str = ""

    @property
    def target(self) -> str:
        if self.target_seconds is None:
            return "–"
        return f"< {self.target_seconds:g} s, < {PEAK_MB / 1024:g} GB"

    @property
    def met(self) -> str:
        if not self.ok:
            return "failed"
        if self.target_seconds is None:
            return "–"
        good = self.seconds < self.target_seconds and self.peak_mb < PEAK_MB
        return "yes" if good else "no"


def _database_runs(
    label: str, env: dict[str, str], extract: Path, links: Path, rows: int, logs: Path
) -> list[Run]:
    runs: list[Run] = []
    steps = (
        ("migrate (fresh database)", manage("migrate", "--no-input", "-v", "0"), None),
        (
            "first import",
            manage(
                "import_gias", str(extract), "--links", str(links), "--quiet-progress"
            ),
            FIRST_IMPORT_SECONDS,
        ),
        (
            "re-import, unchanged",
            manage(
                "import_gias", str(extract), "--links", str(links), "--quiet-progress"
            ),
            REIMPORT_SECONDS,
        ),
    )
    for name, args, target in steps:
        log = logs / f"{label.split()[0].lower()}-{name.split()[0]}-{len(runs)}.log"
        seconds, peak, status = child(args, env, log)
        ok = status == 0
        run = Run(label, name, rows if target else None, seconds, peak, target, ok)
        if not ok:
            run.note = f"exit status {status}; see {log.relative_to(REPO)}"
        runs.append(run)
        print(
            f"  {label}: {name}: {seconds:.1f} s, {peak:.0f} MB{'' if ok else ' FAILED'}"
        )
        if not ok:
            break
    return runs


def _polars_floor(extract: Path, rows: int, logs: Path) -> Run:
    code = (
        "import polars, sys; "
        "df = polars.read_csv(sys.argv[1], encoding='windows-1252', infer_schema=False); "
        "print(df.height)"
    )
    seconds, peak, status = child(
        [sys.executable, "-c", code, str(extract)],
        dict(os.environ),
        logs / "polars.log",
    )
    return Run(
        "–", "polars read_csv only (the floor)", rows, seconds, peak, None, status == 0
    )


def _table(runs: list[Run]) -> list[str]:
    lines = [
        "| Database | Run | Rows | Seconds | Peak MB | Target | Met? |",
        "|---|---|--:|--:|--:|---|---|",
    ]
    for r in runs:
        rows = f"{r.rows:,}" if r.rows is not None else "–"
        lines.append(
            f"| {r.database} | {r.run} | {rows} | {r.seconds:.1f} | {r.peak_mb:.0f} "
            f"| {r.target} | {r.met} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if a run failed (missed targets are reported,
    not failed, so the figures are always written)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--regenerate", action="store_true", help="write the national file again"
    )
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    extract, links = (OUT / name for name in NATIONAL_FILES)
    if options.regenerate or not (extract.is_file() and links.is_file()):
        started = time.perf_counter()
        generated = generate_national(OUT)
        print(
            f"Generated {extract.name} ({generated.rows[0]:,} rows) and {links.name} "
            f"({generated.link_rows:,} rows) in {time.perf_counter() - started:.1f} s"
        )
    with extract.open("rb") as f:
        rows = sum(1 for _ in f) - 1
    with links.open("rb") as f:
        link_rows = sum(1 for _ in f) - 1
    logs = OUT / "logs"
    logs.mkdir(exist_ok=True)

    runs = [_polars_floor(extract, rows, logs)]
    print(f"  polars read_csv: {runs[0].seconds:.1f} s, {runs[0].peak_mb:.0f} MB")
    # Each run is a fresh process, as an officer's command would be. Python may cache
    # compiled bytecode as it would on a server (some containers turn this off, which
    # adds a second of compiling to every run).
    base_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "PYTHONDONTWRITEBYTECODE"}
    }
    with tempfile.TemporaryDirectory(prefix="si-bench-") as tmp:
        env = dict(
            base_env, SI_DATA_DIR=tmp, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3"
        )
        runs += _database_runs("SQLite", env, extract, links, rows, logs)

    notes: list[str] = []
    pg_version = None if options.no_postgres else pg_admin("SHOW server_version")
    if pg_version is None:
        notes.append(
            "PostgreSQL did not answer on 127.0.0.1:5432, so it was not measured."
        )
    else:
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        pg_admin(f"CREATE DATABASE {PG_DATABASE}")
        try:
            with tempfile.TemporaryDirectory(prefix="si-bench-") as tmp:
                env = dict(
                    base_env, SI_DATA_DIR=tmp, DATABASE_URL=f"{PG_SERVER}/{PG_DATABASE}"
                )
                runs += _database_runs(
                    f"PostgreSQL {pg_version.split()[0]}",
                    env,
                    extract,
                    links,
                    rows,
                    logs,
                )
        finally:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE}")

    section = [
        SECTION,
        "",
        f"The fictional national extract `{extract.name}` ({rows:,} establishments, "
        f"{extract.stat().st_size / 1e6:.0f} MB, 135 columns, Windows-1252) and "
        f"`{links.name}` ({link_rows:,} links), written by "
        "`school_improvement/schools/demo/generator.py`, imported with "
        "`manage.py import_gias FILE --links LINKS --quiet-progress`. Each run is a "
        "separate process; seconds are wall-clock time for the whole command (Python and "
        "Django start-up included); peak MB is that process's maximum resident set size. "
        "The re-import reads the same file again, so nothing changes. Python's "
        "bytecode cache is allowed, as on a server.",
        "",
        *_table(runs),
        "",
        *machine(pg_version),
        *(f"- {n}" for n in notes),
        *(f"- {r.database} {r.run}: {r.note}" for r in runs if r.note),
        "",
    ]
    write_doc(section)
    print()
    print("\n".join(_table(runs)))
    print(f"\nWritten to {DOC.relative_to(REPO)}")
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
