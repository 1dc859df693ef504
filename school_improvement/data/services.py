"""Writes owned by the data app: recording import runs."""

from __future__ import annotations

from typing import Any

from school_improvement.core import clock
from school_improvement.core.services import actor_label, audit_record
from school_improvement.data.imports.csvfile import Problem
from school_improvement.data.models import ImportRun, ImportStatus


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
