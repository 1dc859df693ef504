"""Writes to the school register. The GIAS import lives here.

:func:`gias_import` is atomic (a file either imports whole or writes nothing),
idempotent (the same file twice changes nothing) and keeps field history dated by the
extract, so the register can be shown as it was on any date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from school_improvement.core import clock
from school_improvement.core.bulk import (
    BATCH,
    create_with_history,
    insert_records,
    without_cyclic_gc,
)
from school_improvement.data.imports.csvfile import FileRejected, Problem
from school_improvement.data.imports.gias import COLUMNS as GIAS_COLUMNS
from school_improvement.data.imports.gias import (
    GiasFile,
    GiasRow,
    LinksFile,
    file_date_from_name,
    parse_gias,
    parse_links,
)
from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.data.services import (
    ImportRefused,
    ImportResult,
    import_lock,
    import_rejection_record,
    import_run_record,
    no_progress,
    read_source,
)
from school_improvement.schools.models import (
    Contact,
    ContactRole,
    ContactSource,
    Diocese,
    Establishment,
    EstablishmentLink,
    Federation,
    LocalAuthority,
    Trust,
    TrustType,
)
from school_improvement.schools.rules import governance_for, same_person, trust_type_for

Progress = Callable[[str, int, int], None]
_noop = no_progress
CHANGE_SAMPLE = 500

# Parsed fields that are not plain model fields: they become foreign keys.
_REFERENCE_FIELDS = {
    "la_code",
    "la_name",
    "diocese_code",
    "diocese_name",
    "trust_code",
    "trust_name",
    "federation_code",
    "federation_name",
}
_HEAD_FIELDS = ("head_title", "head_first_name", "head_last_name", "head_job_title")


GiasImportResult = ImportResult


@without_cyclic_gc
def gias_import(
    *,
    acting_user: Any | None,
    source: Path | bytes,
    file_name: str | None = None,
    links_source: Path | bytes | None = None,
    links_file_name: str | None = None,
    la_codes: list[str] | None = None,
    file_date: dt.date | None = None,
    dry_run: bool = False,
    allow_older: bool = False,
    progress: Progress = _noop,
) -> GiasImportResult:
    """Import a GIAS establishments file (and optionally its links file).

    Every problem found in either file rejects both: nothing is written, the returned
    result lists the problems with line and column, and (unless ``dry_run``) a rejected
    import run is recorded so officers can see the attempt. ``file_date`` defaults to the
    date in the file name (``edubasealldata20250422.csv``), then today. An extract older
    than the newest one imported is refused unless ``allow_older``.
    """
    started = clock.now()
    raw, name = read_source(source, file_name)
    links_raw, links_name = (
        read_source(links_source, links_file_name)
        if links_source is not None
        else (None, None)
    )
    options = {"la_codes": la_codes or [], "links_file": links_name, "dry_run": dry_run}
    when = file_date or file_date_from_name(name) or clock.today()

    def rejected(exc: FileRejected | ImportRefused) -> GiasImportResult:
        return import_rejection_record(
            exc,
            acting_user=acting_user,
            kind=ImportKind.GIAS,
            raw=raw,
            file_name=name,
            started_at=started,
            dry_run=dry_run,
            file_date=when,
            options=options,
        )

    try:
        _refuse_older(when, allow_older)
        progress("Reading establishments", 0, 1)
        # Rows written exactly as when last imported are not parsed again.
        known = dict(Establishment.objects.values_list("urn", "source_hash"))
        gias = parse_gias(raw, file_name=name, la_codes=la_codes, known_digests=known)
        _check_fits(gias)
        progress("Reading establishments", 1, 1)
        links = (
            parse_links(links_raw, file_name=links_name)
            if links_raw is not None
            else None
        )
    except (FileRejected, ImportRefused) as exc:
        return rejected(exc)

    importer = _GiasWriter(
        gias, links, when, acting_user, dry_run, progress, la_codes, known
    )
    try:
        with transaction.atomic():
            _serialise_imports(known)
            importer.apply()
            run = None
            if not dry_run:
                run = import_run_record(
                    acting_user=acting_user,
                    kind=ImportKind.GIAS,
                    status=ImportStatus.SUCCEEDED,
                    file_name=name,
                    sha256=gias.sha256,
                    file_size=len(raw),
                    started_at=started,
                    file_date=when,
                    details=f"Columns: {gias.era}; encoding {gias.encoding}",
                    options=options,
                    counts=importer.counts,
                    warnings=gias.warnings,
                    changes=importer.changes,
                )
            if dry_run:
                transaction.set_rollback(True)
    except ImportRefused as exc:
        return rejected(exc)
    return GiasImportResult(
        run,
        dry_run,
        importer.counts,
        warnings=gias.warnings,
        changes=importer.changes,
        era=gias.era,
        file_date=when,
        kind=ImportKind.GIAS,
    )


def _serialise_imports(known: dict[str, str]) -> None:
    """One import writes at a time, and only over the register it read.

    PostgreSQL: a transaction-scoped advisory lock (SQLite's IMMEDIATE transactions
    already serialise writers). Then, under the lock, the digests the file was compared
    with must still be the register's: if another import changed it meanwhile, this one
    is refused (nothing written) rather than judged against a stale register.
    """
    import_lock(_IMPORT_LOCK)
    if dict(Establishment.objects.values_list("urn", "source_hash")) != known:
        raise ImportRefused(
            "another import changed the register while this file was being read; "
            "nothing was written, import the file again"
        )


_IMPORT_LOCK = 7_301_001  # any constant shared by every GIAS import


def _refuse_older(when: dt.date, allow_older: bool) -> None:
    latest = (
        ImportRun.objects.filter(kind=ImportKind.GIAS, status=ImportStatus.SUCCEEDED)
        .exclude(file_date=None)
        .order_by("-file_date")
        .values_list("file_date", flat=True)
        .first()
    )
    if latest and when < latest and not allow_older:
        raise ImportRefused(
            f"this extract is dated {when:%d-%m-%Y} but the register already holds the "
            f"extract of {latest:%d-%m-%Y}; importing it would move schools back in time. "
            "Import it with --allow-older if that is intended."
        )


class _GiasWriter:
    """Applies one parsed extract to the register inside the caller's transaction."""

    def __init__(
        self,
        gias: GiasFile,
        links: LinksFile | None,
        when: dt.date,
        acting_user: Any | None,
        dry_run: bool,
        progress: Progress,
        la_codes: list[str] | None,
        known_digests: dict[str, str],
    ) -> None:
        self.gias = gias
        self.known_digests = known_digests
        self._names: dict[tuple[str, Any], str] = {}
        self.links = links
        self.when = when
        self.history_at = clock.start_of_day(when)
        self.user = (
            acting_user if getattr(acting_user, "is_authenticated", False) else None
        )
        self.reason = f"GIAS extract {gias.file_name}"
        self.dry_run = dry_run
        self.progress = progress
        self.la_filtered = bool(la_codes)
        self.counts: dict[str, int] = {
            "rows": len(gias.rows) + len(gias.unchanged_urns),
            "created": 0,
            "updated": 0,
            "unchanged": len(gias.unchanged_urns),
            "closed": 0,
            "rejected": 0,
            "skipped_outside_area": gias.skipped_outside_area,
            "new_headteachers": 0,
        }
        self.changes: list[dict[str, Any]] = []
        self.present = set(gias.columns_present) - _REFERENCE_FIELDS
        self.present_refs = set(gias.columns_present) & _REFERENCE_FIELDS
        # Every row has every present column, in the file's order.
        self._plain = [k for k in gias.columns_present if k in self.present]
        self._pick_plain = (
            itemgetter(*self._plain) if len(self._plain) > 1 else _one(self._plain)
        )

    # -- reference data ------------------------------------------------------------
    def _sync_reference(
        self,
        model: type[Model],
        code_field: str,
        name_field: str,
        extra: Callable[[GiasRow], dict[str, Any]] | None = None,
    ) -> dict[str, int]:
        if code_field not in self.present_refs:
            return {}
        wanted: dict[str, dict[str, Any]] = {}
        for row in self.gias.rows:
            code = row.fields.get(code_field) or ""
            if not code or code in {"0000", "0"} or code in wanted:
                continue  # the first row with a code gives its values
            values = {"name": (row.fields.get(name_field) or code)}
            if extra:
                values.update(extra(row))
            wanted.setdefault(code, values)
        existing = {obj.code: obj for obj in model.objects.filter(code__in=wanted)}  # type: ignore[attr-defined]
        new, changed = [], []
        for code, values in wanted.items():
            obj = existing.get(code)
            if obj is None:
                new.append(
                    model(
                        code=code, created_by=self.user, updated_by=self.user, **values
                    )
                )
                continue
            diff = {
                k: v
                for k, v in values.items()
                if getattr(obj, k) != v
                and not (k == "trust_type" and v == TrustType.UNKNOWN)
            }
            if diff:
                for k, v in diff.items():
                    setattr(obj, k, v)
                obj.updated_at = clock.now()
                changed.append(obj)
        if new:
            if hasattr(model, "history"):
                bulk_create_with_history(
                    new,
                    model,
                    batch_size=BATCH,
                    default_user=self.user,
                    default_change_reason=self.reason,
                    default_date=self.history_at,
                )
            else:
                model.objects.bulk_create(new, batch_size=BATCH)  # type: ignore[attr-defined]
        if changed:
            fields = sorted(
                {k for obj in changed for k in wanted[obj.code]} | {"updated_at"}
            )
            if hasattr(model, "history"):
                bulk_update_with_history(
                    changed,
                    model,
                    fields,
                    batch_size=BATCH,
                    default_user=self.user,
                    default_change_reason=self.reason,
                    default_date=self.history_at,
                )
            else:
                model.objects.bulk_update(changed, fields, batch_size=BATCH)  # type: ignore[attr-defined]
        return dict(model.objects.filter(code__in=wanted).values_list("code", "id"))  # type: ignore[attr-defined]

    # -- establishments ------------------------------------------------------------
    def _model_values(
        self, row: GiasRow, refs: dict[str, dict[str, int]]
    ) -> dict[str, Any]:
        f = row.fields
        values = dict(zip(self._plain, self._pick_plain(f), strict=True))
        if "la_code" in self.present_refs:
            values["la_id"] = refs["la"][f["la_code"]]
        for key, ref in (
            ("diocese_code", "diocese"),
            ("trust_code", "trust"),
            ("federation_code", "federation"),
        ):
            if key in self.present_refs:
                values[f"{ref}_id"] = refs[ref].get(f.get(key) or "")
        if "establishment_number" in values and "la_code" in f:
            values["laestab"] = f"{f['la_code']}{f['establishment_number']}"
        if "type_group_code" in values and "type_code" in values:
            values["governance"] = governance_for(
                f["type_group_code"], f["type_code"]
            ).value
        if row.sen_provision is not None:
            values["sen_provision"] = row.sen_provision
        values["source_file_date"] = self.when
        return values

    def apply(self) -> None:
        rows = self.gias.rows
        self.progress("Reference data", 0, 4)
        refs = {
            "la": self._sync_reference(
                LocalAuthority,
                "la_code",
                "la_name",
                lambda r: (
                    {"gss_code": r.fields.get("gss_la_code", "") or ""}
                    if "gss_la_code" in r.fields
                    else {}
                ),
            ),
            "diocese": self._sync_reference(Diocese, "diocese_code", "diocese_name"),
            "trust": self._sync_reference(
                Trust,
                "trust_code",
                "trust_name",
                lambda r: {
                    "trust_type": trust_type_for(
                        r.fields.get("trust_flag", "") or ""
                    ).value
                },
            ),
            "federation": self._sync_reference(
                Federation, "federation_code", "federation_name"
            ),
        }
        for key in ("diocese", "trust", "federation"):
            refs[key][""] = None  # type: ignore[assignment]
        self.progress("Reference data", 4, 4)

        existing = self.known_digests
        to_create: list[tuple[GiasRow, str]] = []
        maybe_changed: dict[str, tuple[GiasRow, str]] = {}
        for row in rows:
            digest = row.digest
            previous = existing.get(row.urn)
            if previous is None:
                to_create.append((row, digest))
            elif previous == digest:
                self.counts["unchanged"] += 1
            else:
                maybe_changed[row.urn] = (row, digest)
        total = len(to_create) + len(maybe_changed)
        done = 0
        self.progress("Establishments", done, total)

        # Creates: the values Establishment(**values) would hold, written directly.
        user_id = self.user.pk if self.user is not None else None
        new_objs: list[dict[str, Any]] = []
        for row, digest in to_create:
            values = self._model_values(row, refs)
            values.update(
                source_hash=digest, created_by_id=user_id, updated_by_id=user_id
            )
            new_objs.append(values)
            if len(self.changes) < CHANGE_SAMPLE:
                self.changes.append(
                    {
                        "urn": row.urn,
                        "line": row.line,
                        "action": "created",
                        "name": row.fields.get("name", ""),
                    }
                )
        for start in range(0, len(new_objs), BATCH):
            chunk = new_objs[start : start + BATCH]
            create_with_history(
                Establishment,
                chunk,
                key="urn",
                ids=lambda keys: Establishment.objects.filter(urn__in=keys).values_list(
                    "urn", "id"
                ),
                user=self.user,
                reason=self.reason,
                when=self.history_at,
            )
            done += len(chunk)
            self.progress("Establishments", done, total)
        self.counts["created"] = len(new_objs)

        # Updates: compare field by field; a differing hash alone is not a change (e.g. a
        # file of another column era that says the same thing).
        updated: list[Establishment] = []
        update_fields: set[str] = set()
        hash_only: list[Establishment] = []
        urns = list(maybe_changed)
        for start in range(0, len(urns), BATCH):
            batch = Establishment.objects.in_bulk(
                urns[start : start + BATCH], field_name="urn"
            )
            for urn, obj in batch.items():
                row, digest = maybe_changed[urn]
                values = self._model_values(row, refs)
                values.pop("source_file_date")
                diff = {
                    k: (getattr(obj, k), v)
                    for k, v in values.items()
                    if getattr(obj, k) != v
                }
                obj.source_hash = digest
                obj.source_file_date = self.when
                if not diff:
                    hash_only.append(obj)
                    self.counts["unchanged"] += 1
                    continue
                was_open = obj.is_open
                for k, (_old, new) in diff.items():
                    setattr(obj, k, new)
                obj.updated_at = clock.now()
                obj.updated_by = self.user
                update_fields.update(diff)
                updated.append(obj)
                if was_open and not obj.is_open and obj.status_name.lower() == "closed":
                    self.counts["closed"] += 1
                if len(self.changes) < CHANGE_SAMPLE:
                    self.changes.append(
                        {
                            "urn": urn,
                            "line": row.line,
                            "action": "updated",
                            "name": obj.name,
                            "fields": {
                                _LABELS.get(k, k): [
                                    self._shown(k, o),
                                    self._shown(k, n),
                                ]
                                for k, (o, n) in diff.items()
                            },
                        }
                    )
            done += len(batch)
            self.progress("Establishments", done, total)
        if updated:
            fields = sorted(
                update_fields
                | {"source_hash", "source_file_date", "updated_at", "updated_by"}
            )
            bulk_update_with_history(
                updated,
                Establishment,
                fields,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
                default_date=self.history_at,
            )
        if hash_only:
            Establishment.objects.bulk_update(
                hash_only, ["source_hash", "source_file_date"], batch_size=BATCH
            )
        self.counts["updated"] = len(updated)

        if all(h in self.present for h in ("head_first_name", "head_last_name")):
            self._sync_heads(
                [row for row, _ in to_create]
                + [maybe_changed[o.urn][0] for o in updated],
                created={row.urn for row, _ in to_create},
            )
        if self.links is not None:
            self._sync_links()

    # -- headteachers ----------------------------------------------------------------
    def _sync_heads(self, rows: Iterable[GiasRow], created: set[str]) -> None:
        """A head whose name differs from the current one is a new head from this
        extract's date; the previous head's contact ends on that date. A head of an
        establishment new to the register starts as :meth:`_start_of_new` says."""
        rows = list(rows)
        if not rows:
            return
        starts = self._start_of_new([r for r in rows if r.urn in created])
        # A long list of URNs costs more as query parameters than reading every pair.
        many = len(rows) > BATCH
        known = (
            Establishment.objects.all()
            if many
            else Establishment.objects.filter(urn__in=[r.urn for r in rows])
        )
        ids = dict(known.values_list("urn", "id"))
        heads = Contact.objects.filter(
            role=ContactRole.HEADTEACHER, ended_on__isnull=True
        )
        wanted = {ids[r.urn] for r in rows}
        current = {
            c.establishment_id: c
            for c in (heads if many else heads.filter(establishment_id__in=wanted))
            if c.establishment_id in wanted
        }
        ended: list[Contact] = []
        retitled: list[Contact] = []
        new: list[dict[str, Any]] = []  # the values Contact(**values) would hold
        user_id = self.user.pk if self.user is not None else None
        for row in rows:
            f = row.fields
            est_id = ids[row.urn]
            first, last = (
                (f.get("head_first_name") or ""),
                (f.get("head_last_name") or ""),
            )
            title, job = (f.get("head_title") or ""), (f.get("head_job_title") or "")
            head = current.get(est_id)
            if head is not None and same_person(
                (head.first_name, head.last_name), (first, last)
            ):
                if (head.title, head.job_title) != (title, job):
                    head.title, head.job_title, head.updated_at = (
                        title,
                        job,
                        clock.now(),
                    )
                    retitled.append(head)
                continue
            started = starts.get(row.urn)
            if head is not None:
                head.ended_on = max(self.when, head.first_seen_on)
                head.updated_at = clock.now()
                ended.append(head)
                started = self.when
                self.counts["new_headteachers"] += 1
            if first or last:
                new.append(
                    {
                        "establishment_id": est_id,
                        "role": ContactRole.HEADTEACHER,
                        "title": title,
                        "first_name": first,
                        "last_name": last,
                        "job_title": job,
                        "started_on": started,
                        "first_seen_on": self.when,
                        "source": ContactSource.GIAS,
                        "created_by_id": user_id,
                        "updated_by_id": user_id,
                    }
                )
        kwargs = {
            "default_user": self.user,
            "default_change_reason": self.reason,
            "default_date": self.history_at,
            "batch_size": BATCH,
        }
        if ended:
            bulk_update_with_history(
                ended, Contact, ["ended_on", "updated_at"], **kwargs
            )
        if retitled:
            bulk_update_with_history(
                retitled, Contact, ["title", "job_title", "updated_at"], **kwargs
            )
        if new:
            # New contacts are current, so (establishment, role) finds each one: the
            # one_current_contact_per_role constraint makes it unique.
            for start in range(0, len(new), BATCH):
                create_with_history(
                    Contact,
                    new[start : start + BATCH],
                    key="establishment_id",
                    ids=lambda keys: Contact.objects.filter(
                        establishment_id__in=keys,
                        role=ContactRole.HEADTEACHER,
                        ended_on__isnull=True,
                    ).values_list("establishment_id", "id"),
                    user=self.user,
                    reason=self.reason,
                    when=self.history_at,
                )

    def _shown(self, attname: str, value: Any) -> str:
        """A value as the import report shows it: a related row by its name."""
        model = _RELATED.get(attname)
        if model is None or value is None:
            return _show(value)
        key = (attname, value)
        if key not in self._names:
            self._names[key] = str(
                model._default_manager.filter(pk=value)
                .values_list("name", flat=True)
                .first()
                or value
            )
        return self._names[key]

    def _start_of_new(self, rows: list[GiasRow]) -> dict[str, dt.date | None]:
        """When the head of each newly registered establishment took up post, where the
        register can tell.

        - The same person headed a predecessor (an academy conversion keeps its head):
          their start there carries over, so a conversion is not a new head.
        - Otherwise, a school that opened since the previous extract opened with its
          head: they start on the opening date.
        - Otherwise (the first import, or a school new to the area): not known.
        """
        if not rows:
            return {}
        previous = (
            ImportRun.objects.filter(
                kind=ImportKind.GIAS, status=ImportStatus.SUCCEEDED
            )
            .exclude(file_date=None)
            .aggregate(latest=Max("file_date"))["latest"]
        )
        urns = {r.urn for r in rows}
        predecessors: dict[str, set[str]] = {}
        file_links = self.links.rows if self.links is not None else []
        stored = EstablishmentLink.objects.filter(urn__in=urns).values_list(
            "urn", "linked_urn", "link_type"
        )
        for urn, linked, link_type in [
            *((r.urn, r.linked_urn, r.link_type) for r in file_links if r.urn in urns),
            *stored,
        ]:
            if link_type.lower().startswith("predecessor"):
                predecessors.setdefault(urn, set()).add(linked)
        earlier_heads: dict[str, list[Contact]] = {}
        wanted = set().union(*predecessors.values()) if predecessors else set()
        for contact in (
            Contact.objects.filter(
                role=ContactRole.HEADTEACHER, establishment__urn__in=wanted
            )
            .select_related("establishment")
            .order_by("-first_seen_on")
        ):
            earlier_heads.setdefault(contact.establishment.urn, []).append(contact)
        starts: dict[str, dt.date | None] = {}
        for row in rows:
            name = (
                row.fields.get("head_first_name") or "",
                row.fields.get("head_last_name") or "",
            )
            same = [
                c
                for pred in predecessors.get(row.urn, ())
                for c in earlier_heads.get(pred, [])
                if same_person((c.first_name, c.last_name), name)
            ]
            opened = row.fields.get("open_date")
            if same:
                starts[row.urn] = same[0].started_on
            elif previous is not None and opened is not None and opened > previous:
                starts[row.urn] = opened
        return starts

    # -- links -----------------------------------------------------------------------
    def _sync_links(self) -> None:
        assert self.links is not None
        area = (
            set(Establishment.objects.values_list("urn", flat=True))
            if self.la_filtered
            else None
        )
        rows = [
            r
            for r in self.links.rows
            if area is None or r.urn in area or r.linked_urn in area
        ]
        # Plain tuples, not instances: a national file has 30,000 links, nearly all
        # unchanged; only the changed ones are loaded as instances below.
        existing = {
            (urn, linked, kind): (pk, name, established)
            for pk, urn, linked, kind, name, established in (
                EstablishmentLink.objects.values_list(
                    "pk",
                    "urn",
                    "linked_urn",
                    "link_type",
                    "linked_name",
                    "established_date",
                )
            )
        }
        file_keys = set()
        new: list[dict[str, Any]] = []  # the values EstablishmentLink(**values) holds
        changed_to: dict[int, tuple[str, dt.date | None]] = {}
        user_id = self.user.pk if self.user is not None else None
        for r in rows:
            key = (r.urn, r.linked_urn, r.link_type)
            file_keys.add(key)
            link = existing.get(key)
            if link is None:
                new.append(
                    {
                        "urn": r.urn,
                        "linked_urn": r.linked_urn,
                        "linked_name": r.linked_name,
                        "link_type": r.link_type,
                        "established_date": r.established_date,
                        "created_by_id": user_id,
                        "updated_by_id": user_id,
                    }
                )
            elif (link[1], link[2]) != (r.linked_name, r.established_date):
                changed_to[link[0]] = (r.linked_name, r.established_date)
        changed = []
        for pk, link_obj in EstablishmentLink.objects.in_bulk(list(changed_to)).items():
            link_obj.linked_name, link_obj.established_date = changed_to[pk]
            link_obj.updated_at = clock.now()
            changed.append(link_obj)
        stale = [
            link[0]
            for key, link in existing.items()
            if key not in file_keys
            and (area is None or key[0] in area or key[1] in area)
        ]
        insert_records(EstablishmentLink, new)
        EstablishmentLink.objects.bulk_update(
            changed, ["linked_name", "established_date", "updated_at"], batch_size=BATCH
        )
        for start in range(0, len(stale), BATCH):
            EstablishmentLink.objects.filter(
                pk__in=stale[start : start + BATCH]
            ).delete()
        self.counts.update(
            {
                "links_in_file": len(self.links.rows),
                "links_created": len(new),
                "links_updated": len(changed),
                "links_removed": len(stale),
                "links_unchanged": len(rows) - len(new) - len(changed),
            }
        )


# -- fast inserts ----------------------------------------------------------------------
# bulk_create() builds a model instance per row and compiles every value through the
# ORM; at national size (52,000 establishments of 120 columns, as many historical rows
# and heads) that was most of a first import, and the instances most of its memory.
# These write the same rows from plain dicts of field values with one prepared INSERT
# per table (executemany), preparing through the field only the values the driver
# cannot take as they are. No signals are lost: bulk_create() and
# bulk_history_create() send none.


def _one(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """itemgetter() returning a tuple for zero or one key too."""
    return lambda d: tuple(d[k] for k in keys)


# What people call each field, for the import report ("Number of pupils", not
# "number_of_pupils"); foreign keys by what they point at.
_LABELS = {
    f.attname: str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:]
    for f in Establishment._meta.concrete_fields
}


_RELATED: dict[str, type[Model]] = {
    "la_id": LocalAuthority,
    "trust_id": Trust,
    "federation_id": Federation,
    "diocese_id": Diocese,
}


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _check_fits(gias: GiasFile) -> None:
    """Refuse values the register cannot hold (too long, negative counts) with the line
    and column, rather than failing half-way through on a database error."""
    limits: dict[str, int] = {}
    non_negative: set[str] = set()
    for model_field in Establishment._meta.concrete_fields:
        kind = model_field.get_internal_type()
        if kind == "CharField":
            limits[model_field.name] = model_field.max_length or 0
        elif kind.startswith("Positive"):
            non_negative.add(model_field.name)
    limits.update(
        {
            "la_code": 3,
            "la_name": 200,
            "trust_code": 20,
            "trust_name": 300,
            "federation_code": 20,
            "federation_name": 300,
            "diocese_code": 10,
            "diocese_name": 200,
        }
    )
    headers = {c.field: c.header for c in GIAS_COLUMNS}
    problems: list[Problem] = []
    for row in gias.rows:
        for key, value in row.fields.items():
            if isinstance(value, str) and key in limits and len(value) > limits[key]:
                problems.append(
                    Problem(
                        f"value is {len(value)} characters long; at most {limits[key]} fit",
                        row.line,
                        headers.get(key, key),
                        value[:50],
                        key=row.urn,
                    )
                )
            elif isinstance(value, int) and key in non_negative and value < 0:
                problems.append(
                    Problem(
                        "expected a number of zero or more",
                        row.line,
                        headers.get(key, key),
                        str(value),
                        key=row.urn,
                    )
                )
    if problems:
        raise FileRejected(gias.file_name, problems)


# -- contacts entered by people ---------------------------------------------------------

MANUAL_CONTACT_ROLES = frozenset({ContactRole.CHAIR_OF_GOVERNORS, ContactRole.CLERK})


def contact_record(
    *,
    acting_user: Any,
    establishment: Establishment,
    role: str,
    first_name: str,
    last_name: str,
    started_on: dt.date,
    title: str = "",
    email: str = "",
    telephone: str = "",
) -> Contact:
    """Record who now holds a governance role (chair of governors or clerk) and from when.

    The person previously recorded in that role ends on ``started_on``. Heads are not
    recorded here: GIAS owns them, and a change there is a new head. Raises
    ValidationError if the role is not one people enter, or the date is before the
    current holder was recorded.
    """
    from django.core.exceptions import ValidationError

    from school_improvement.core.services import audit_record

    if role not in MANUAL_CONTACT_ROLES:
        raise ValidationError(
            "Only a chair of governors or a clerk can be recorded here"
        )
    with transaction.atomic():
        current = (
            Contact.objects.select_for_update()
            .filter(establishment=establishment, role=role, ended_on__isnull=True)
            .first()
        )
        user = acting_user if getattr(acting_user, "is_authenticated", False) else None
        if current is not None:
            if started_on < current.first_seen_on:
                raise ValidationError(
                    f"The date must be on or after {current.first_seen_on:%d %B %Y}, "
                    f"when {current.full_name} was recorded in the role"
                )
            current.ended_on = started_on
            current.updated_at = clock.now()
            current.updated_by = user
            current.save(update_fields=["ended_on", "updated_at", "updated_by"])
        contact = Contact.objects.create(
            establishment=establishment,
            role=role,
            title=title,
            first_name=first_name,
            last_name=last_name,
            email=email,
            telephone=telephone,
            started_on=started_on,
            first_seen_on=started_on,
            source=ContactSource.MANUAL,
            created_by=user,
            updated_by=user,
        )
        audit_record(
            acting_user=acting_user,
            verb="contact.recorded",
            summary=f"{contact.full_name} recorded as {contact.get_role_display().lower()} of {establishment.name}",
            obj=contact,
            details={
                "urn": establishment.urn,
                "role": role,
                "started_on": started_on.isoformat(),
                "replaced": current.pk if current else None,
            },
        )
    return contact
