"""Writes owned by the inspections app: importing Ofsted's monthly files.

:func:`ofsted_import` is atomic and idempotent, and gives the same result whichever
order the monthly files are imported in: an inspection is keyed by its number; the
newest file's details win, and ``first_seen_on`` is the earliest file that listed it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from school_improvement.core import clock
from school_improvement.core.bulk import BATCH, create_with_history, without_cyclic_gc
from school_improvement.data.imports.csvfile import FileRejected, Problem
from school_improvement.data.imports.ofsted import (
    InspectionEvent,
    OfstedFile,
    file_date_from_ofsted_name,
    parse_ofsted,
)
from school_improvement.data.models import ImportKind, ImportStatus
from school_improvement.data.services import (
    ImportRefused,
    ImportResult,
    Progress,
    import_finish,
    import_lock,
    import_rejection_record,
    import_run_record,
    no_progress,
    read_source,
)
from school_improvement.inspections.models import Inspection
from school_improvement.schools.models import Establishment

CHANGE_SAMPLE = 500
_LOCK = 7_301_002

# The fields an event sets; a change in any of them is a change to the inspection.
DETAIL_FIELDS = (
    "establishment_id",
    "framework",
    "source_block",
    "inspection_type",
    "type_grouping",
    "event_type_grouping",
    "start_date",
    "end_date",
    "publication_date",
    "relates_to_current_urn",
    "urn_at_time",
    "laestab_at_time",
    "school_name_at_time",
    "school_type_at_time",
    "category_of_concern",
    "judgements",
    "grade_dates",
    "outcome",
    "converted_to_graded",
    "web_link",
)


def _details(event: InspectionEvent, establishment_id: int) -> dict[str, Any]:
    return {
        "establishment_id": establishment_id,
        "framework": event.framework,
        "source_block": event.source_block,
        "inspection_type": event.inspection_type[:200],
        "type_grouping": event.type_grouping[:200],
        "event_type_grouping": event.event_type_grouping[:200],
        "start_date": event.start_date,
        "end_date": event.end_date,
        "publication_date": event.publication_date,
        "relates_to_current_urn": event.relates_to_current_urn,
        "urn_at_time": event.urn_at_time,
        "laestab_at_time": event.laestab_at_time,
        "school_name_at_time": event.school_name_at_time[:300],
        "school_type_at_time": event.school_type_at_time[:200],
        "category_of_concern": event.category_of_concern or "",
        "judgements": dict(event.judgements),
        # JSON keeps dates as ISO strings, so compare and store them that way
        "grade_dates": {
            k: (v.isoformat() if v else None) for k, v in event.grade_dates.items()
        },
        "outcome": (event.outcome or "")[:200],
        "converted_to_graded": event.converted_to_graded,
        "web_link": (event.web_link or "")[:300],
    }


def _file_date(ofsted: OfstedFile, name: str, given: dt.date | None) -> dt.date:
    """The date the file describes: given, else "as at <date>" in its name, else the
    latest publication date in it, else today."""
    if given:
        return given
    named = file_date_from_ofsted_name(name)
    if named:
        return named
    published = [
        e.publication_date for r in ofsted.rows for e in r.events if e.publication_date
    ]
    return max(published) if published else clock.today()


@without_cyclic_gc
def ofsted_import(
    *,
    acting_user: Any | None,
    source: Path | bytes,
    file_name: str | None = None,
    file_date: dt.date | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import an Ofsted "latest inspections" management-information file (any era).

    Inspections of schools in the register are added or updated; rows for other
    schools are counted and skipped. A file with any problem writes nothing.
    """
    started = clock.now()
    raw, name = read_source(source, file_name)
    options: dict[str, Any] = {"dry_run": dry_run}

    def rejected(exc: FileRejected | ImportRefused) -> ImportResult:
        return import_rejection_record(
            exc,
            acting_user=acting_user,
            kind=ImportKind.OFSTED,
            raw=raw,
            file_name=name,
            started_at=started,
            dry_run=dry_run,
            file_date=file_date,
            options=options,
        )

    try:
        progress("Reading inspections", 0, 1)
        ofsted = parse_ofsted(raw, file_name=name)
        progress("Reading inspections", 1, 1)
    except FileRejected as exc:
        return rejected(exc)
    when = _file_date(ofsted, name, file_date)
    warnings = list(ofsted.warnings)

    with transaction.atomic():
        import_lock(_LOCK)
        writer = _OfstedWriter(ofsted, when, acting_user, progress)
        if not writer.register:
            warnings.append(
                Problem(
                    "the register holds no establishments, so no inspection was "
                    "stored: import a GIAS extract first"
                )
            )
        run = import_run_record(
            acting_user=acting_user,
            kind=ImportKind.OFSTED,
            status=ImportStatus.SUCCEEDED,
            file_name=name,
            sha256=ofsted.sha256,
            file_size=len(raw),
            started_at=started,
            file_date=when,
            details=f"Era: {ofsted.era}",
            options=options,
            counts={},
            warnings=warnings,
        )
        writer.apply(run)
        return import_finish(
            run,
            counts=writer.counts,
            changes=writer.changes,
            warnings=warnings,
            dry_run=dry_run,
            era=ofsted.era,
            kind=ImportKind.OFSTED,
            file_date=when,
        )


class _OfstedWriter:
    def __init__(
        self,
        ofsted: OfstedFile,
        when: dt.date,
        acting_user: Any | None,
        progress: Progress,
    ):
        self.ofsted = ofsted
        self.when = when
        self.acting_user = acting_user
        self.progress = progress
        self.register = dict(Establishment.objects.values_list("urn", "id"))
        self.counts: dict[str, int] = {}
        self.changes: list[dict[str, Any]] = []

    def apply(self, run: Any) -> None:
        rows = [r for r in self.ofsted.rows if r.urn in self.register]
        incoming: dict[str, dict[str, Any]] = {}
        for row in rows:
            for event in row.events:
                details = _details(event, self.register[row.urn])
                # One inspection in two rows (a predecessor and its successor): the
                # row that names it as its own wins, else the first.
                if event.inspection_number in incoming and not (
                    event.relates_to_current_urn
                ):
                    continue
                incoming[event.inspection_number] = details
        existing = {
            i.inspection_number: i
            for i in Inspection.objects.filter(inspection_number__in=list(incoming))
        }
        new: list[dict[str, Any]] = []
        changed: list[Inspection] = []
        unchanged = older_kept = 0
        for number, details in incoming.items():
            current = existing.get(number)
            if current is None:
                new.append(
                    {
                        "inspection_number": number,
                        **details,
                        "first_seen_on": self.when,
                        "file_date": self.when,
                        "import_run_id": run.pk,
                    }
                )
                self._note("added", number, details)
                continue
            same = all(getattr(current, f) == details[f] for f in DETAIL_FIELDS)
            dirty = False
            if self.when < current.first_seen_on:
                current.first_seen_on = self.when
                dirty = True
            if same:
                if self.when < current.file_date:
                    # the earliest file that stated these details
                    current.file_date = self.when
                    current.import_run_id = run.pk
                    dirty = True
                unchanged += 1
            elif self.when >= current.file_date:
                self._note("updated", number, details, current)
                for f in DETAIL_FIELDS:
                    setattr(current, f, details[f])
                current.file_date = self.when
                current.import_run_id = run.pk
                dirty = True
            else:
                older_kept += 1  # a newer file already said otherwise
            if dirty:
                changed.append(current)
        self.progress("Writing inspections", 0, len(new) + len(changed))
        create_with_history(
            Inspection,
            new,
            key="inspection_number",
            ids=lambda keys: Inspection.objects.filter(
                inspection_number__in=keys
            ).values_list("inspection_number", "pk"),
            user=self.acting_user
            if getattr(self.acting_user, "is_authenticated", False)
            else None,
            reason=f"Ofsted file of {self.when:%d-%m-%Y}",
            when=clock.now(),
        )
        if changed:
            bulk_update_with_history(
                changed,
                Inspection,
                [*DETAIL_FIELDS, "first_seen_on", "file_date", "import_run_id"],
                batch_size=BATCH,
                default_user=self.acting_user
                if getattr(self.acting_user, "is_authenticated", False)
                else None,
                default_change_reason=f"Ofsted file of {self.when:%d-%m-%Y}",
            )
        self.progress("Writing inspections", len(new) + len(changed), 1)
        updated = sum(1 for c in self.changes if c["change"] == "updated")
        self.counts = {
            "schools_in_file": len(self.ofsted.rows),
            "schools_outside_register": len(self.ofsted.rows) - len(rows),
            "inspections_in_file": len(incoming),
            "inspections_created": len(new),
            "inspections_updated": updated,
            "inspections_unchanged": unchanged,
            "inspections_older_kept": older_kept,
        }

    def _note(
        self,
        change: str,
        number: str,
        details: dict[str, Any],
        current: Inspection | None = None,
    ) -> None:
        if change == "updated":
            fields = [f for f in DETAIL_FIELDS if getattr(current, f) != details[f]]
        else:
            fields = []
        entry = {
            "change": change,
            "inspection_number": number,
            "framework": details["framework"],
            "start_date": details["start_date"].isoformat()
            if details["start_date"]
            else None,
            "fields": [f.removesuffix("_id") for f in fields],
        }
        if change == "updated" or len(self.changes) < CHANGE_SAMPLE:
            self.changes.append(entry)
