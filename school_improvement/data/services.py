"""Writes owned by the data app: recording import runs, and what every importer
returns."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from school_improvement.core import clock
from school_improvement.core.services import actor_label, audit_record
from school_improvement.data.imports.csvfile import FileRejected, Problem
from school_improvement.data.models import ImportRun, ImportStatus

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    return None


class ImportRefused(Exception):
    """The import was refused before reading rows (e.g. an older extract)."""


@dataclass
class ImportResult:
    """What an importer did (or, for a dry run, would do)."""

    run: ImportRun | None
    dry_run: bool
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    era: str = ""  # the file's column layout or era
    file_date: dt.date | None = None
    kind: str = ""

    @property
    def succeeded(self) -> bool:
        return not self.problems

    @property
    def problem_dicts(self) -> list[dict[str, object]]:
        return [p.as_dict() for p in self.problems]

    @property
    def warning_dicts(self) -> list[dict[str, object]]:
        return [p.as_dict() for p in self.warnings]


def read_source(source: Path | bytes, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, Path):
        return source.read_bytes(), file_name or source.name
    return source, file_name or "upload.csv"


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def import_rejection_record(
    exc: FileRejected | ImportRefused,
    *,
    acting_user: Any | None,
    kind: str,
    raw: bytes,
    file_name: str,
    started_at: Any,
    dry_run: bool,
    file_date: dt.date | None = None,
    options: dict[str, Any] | None = None,
) -> ImportResult:
    """The result of a refused file; unless a dry run, a rejected run is recorded so
    officers see the attempt and its reasons."""
    problems = exc.problems if isinstance(exc, FileRejected) else [Problem(str(exc))]
    if isinstance(exc, FileRejected) and exc.file_name != file_name:
        problems = [
            Problem(f"{exc.file_name}: {p.message}", p.line, p.column, p.value, p.key)
            for p in problems
        ]
    counts = {"rejected": len({p.line for p in problems if p.line and p.line > 1})}
    run = None
    if not dry_run:
        run = import_run_record(
            acting_user=acting_user,
            kind=kind,
            status=ImportStatus.REJECTED,
            file_name=file_name,
            sha256=sha256_of(raw),
            file_size=len(raw),
            started_at=started_at,
            file_date=file_date,
            options=options,
            counts=counts,
            problems=problems,
        )
    return ImportResult(
        run, dry_run, counts, problems=problems, file_date=file_date, kind=kind
    )


def import_finish(
    run: ImportRun,
    *,
    counts: dict[str, int],
    changes: list[dict[str, Any]],
    warnings: list[Problem],
    dry_run: bool,
    era: str,
    kind: str,
    file_date: dt.date | None = None,
) -> ImportResult:
    """Inside the import's transaction, once its rows are written: store the run's
    counts, changes and warnings, roll everything back for a dry run, and say what
    was done."""
    run.counts = counts
    run.changes = changes
    run.warnings = [w.as_dict() for w in warnings]
    run.save(update_fields=["counts", "changes", "warnings"])
    if dry_run:
        transaction.set_rollback(True)
    return ImportResult(
        None if dry_run else run,
        dry_run,
        counts,
        warnings=warnings,
        changes=changes,
        era=era,
        file_date=file_date,
        kind=kind,
    )


def import_lock(number: int) -> None:
    """Serialise imports of one kind. PostgreSQL: a transaction-scoped advisory lock;
    SQLite's IMMEDIATE transactions already serialise writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def import_run_record(
    *,
    acting_user: Any | None,
    kind: str,
    status: ImportStatus,
    file_name: str,
    sha256: str,
    file_size: int,
    started_at: Any,
    file_date: Any = None,
    details: str = "",
    options: dict[str, Any] | None = None,
    counts: dict[str, int] | None = None,
    problems: list[Problem] | None = None,
    warnings: list[Problem] | None = None,
    changes: list[dict[str, Any]] | None = None,
) -> ImportRun:
    """Store one import run (successful or rejected) and audit it."""
    finished = clock.now()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    run = ImportRun.objects.create(
        kind=kind,
        status=status,
        file_name=file_name[:300],
        sha256=sha256,
        file_size=file_size,
        file_date=file_date,
        details=details[:300],
        options=options or {},
        counts=counts or {},
        problems=[p.as_dict() for p in (problems or [])],
        warnings=[p.as_dict() for p in (warnings or [])],
        changes=changes or [],
        started_at=started_at,
        finished_at=finished,
        duration_ms=int((finished - started_at).total_seconds() * 1000),
        actor=user,
        actor_label=actor_label(acting_user),
    )
    verb = "import.succeeded" if status == ImportStatus.SUCCEEDED else "import.rejected"
    audit_record(
        acting_user=acting_user,
        verb=verb,
        summary=f"{run.get_kind_display()} {file_name}: {run.get_status_display()}",
        obj=run,
        details={"counts": counts or {}, "problems": len(problems or [])},
    )
    return run
