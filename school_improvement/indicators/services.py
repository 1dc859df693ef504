"""Writes owned by the indicators app: the catalogue, imports of values, neighbours."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from school_improvement.core import clock
from school_improvement.core.bulk import (
    insert_records,
    update_records,
    without_cyclic_gc,
)
from school_improvement.core.services import audit_record
from school_improvement.data.imports import catalogue, coded
from school_improvement.data.imports.catalogue import BY_CODE, CATALOGUE
from school_improvement.data.imports.coded import IndicatorFile, IndicatorRecord
from school_improvement.data.imports.csvfile import FileRejected, Problem
from school_improvement.data.models import ImportKind, ImportStatus
from school_improvement.data.services import (
    ImportResult,
    Progress,
    import_finish,
    import_lock,
    import_rejection_record,
    import_run_record,
    no_progress,
    read_source,
)
from school_improvement.indicators.models import (
    AreaValue,
    AreaValueRevision,
    CodedValue,
    Indicator,
    IndicatorValue,
    IndicatorValueRevision,
    Release,
    StatisticalNeighbours,
)
from school_improvement.schools.models import Establishment


def catalogue_sync(using: str = "default") -> int:
    """Make the Indicator table match the catalogue (data/imports/catalogue.py).

    Runs after every migrate; returns the number of rows created or changed.
    """
    existing = {i.code: i for i in Indicator.objects.using(using).all()}
    changed = 0
    for position, spec in enumerate(CATALOGUE):
        values = {
            "name": spec.name,
            "source": spec.source,
            "unit": spec.unit,
            "higher_is_better": spec.higher_is_better,
            "phases": list(spec.phases),
            "description": spec.description,
            "decimals": spec.decimals,
            "position": position,
        }
        current = existing.get(spec.code)
        if current is None:
            Indicator.objects.using(using).create(code=spec.code, **values)
            changed += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save(using=using)
            changed += 1
    return changed


# ---- importing values -------------------------------------------------------------------

READERS: dict[str, Callable[..., IndicatorFile]] = {}


def _reader(kind: str) -> Callable[..., IndicatorFile]:
    """The pure reader of a kind of file (imported lazily: they are big modules)."""
    if not READERS:
        from school_improvement.data.imports.absence import parse_absence
        from school_improvement.data.imports.exclusions import parse_exclusions
        from school_improvement.data.imports.ks2 import parse_ks2
        from school_improvement.data.imports.ks4 import parse_ks4

        READERS.update(
            {
                ImportKind.KS2: parse_ks2,
                ImportKind.KS4: parse_ks4,
                ImportKind.ABSENCE: parse_absence,
                ImportKind.EXCLUSIONS: parse_exclusions,
            }
        )
    return READERS[kind]


INDICATOR_KINDS = (
    ImportKind.KS2,
    ImportKind.KS4,
    ImportKind.ABSENCE,
    ImportKind.EXCLUSIONS,
)
# A file whose school rows come from at least this many LAs is treated as national
# school-level data, so England percentiles can be computed from it (England has 153).
NATIONAL_COVERAGE_LAS = 100
_RELEASE_RANK: dict[str, int] = {
    Release.PROVISIONAL: 1,
    Release.UNSTATED: 2,
    Release.REVISED: 3,
    Release.FINAL: 3,
}
_LOCK = 7_301_003
CHANGE_SAMPLE = 500


def percentile_ranks(values: list[Decimal]) -> dict[Decimal, Decimal]:
    """Each distinct value's percentile rank: the percentage of values below it, plus
    half of those equal to it (so the median school is at 50)."""
    ordered = sorted(values)
    n = len(ordered)
    ranks: dict[Decimal, Decimal] = {}
    for value in set(ordered):
        below = bisect_left(ordered, value)
        equal = bisect_right(ordered, value) - below
        ranks[value] = (Decimal(100) * (below + Decimal(equal) / 2) / n).quantize(
            Decimal("0.1")
        )
    return ranks


@without_cyclic_gc
def indicator_import(
    *,
    kind: str,
    acting_user: Any | None,
    source: Path | bytes,
    file_name: str | None = None,
    academic_year: str | None = None,
    release: str | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import a KS2, KS4, absence or exclusions file: school values for the register,
    LA and England values as comparators, England percentiles when the file holds
    national school-level data. Atomic and idempotent; a revised release updates
    values and their history keeps the earlier ones."""
    if kind not in INDICATOR_KINDS:
        raise ValueError(f"not an indicator file kind: {kind}")
    started = clock.now()
    raw, name = read_source(source, file_name)
    options: dict[str, Any] = {
        "academic_year": academic_year,
        "release": release,
        "dry_run": dry_run,
    }
    try:
        progress("Reading the file", 0, 1)
        kwargs: dict[str, Any] = {"file_name": name, "release": release}
        if kind in (ImportKind.KS2, ImportKind.KS4):
            kwargs["academic_year"] = academic_year
        parsed = _reader(kind)(raw, **kwargs)
        progress("Reading the file", 1, 1)
    except FileRejected as exc:
        return import_rejection_record(
            exc,
            acting_user=acting_user,
            kind=kind,
            raw=raw,
            file_name=name,
            started_at=started,
            dry_run=dry_run,
            options=options,
        )
    warnings = list(parsed.warnings)
    with transaction.atomic():
        import_lock(_LOCK)
        catalogue_sync()
        details = (
            f"Layout: {parsed.layout}; years {', '.join(parsed.years) or 'none'}; "
            f"release {parsed.release or 'not stated'}"
        )
        run = import_run_record(
            acting_user=acting_user,
            kind=kind,
            status=ImportStatus.SUCCEEDED,
            file_name=name,
            sha256=parsed.sha256,
            file_size=len(raw),
            started_at=started,
            details=details,
            options=options,
            warnings=warnings,
        )
        writer = _ValueWriter(parsed, run, acting_user, progress)
        writer.apply()
        if not writer.register:
            warnings.append(
                Problem(
                    "the register holds no establishments, so only LA and England "
                    "values were stored: import a GIAS extract first"
                )
            )
        return import_finish(
            run,
            counts=writer.counts,
            changes=writer.changes,
            warnings=warnings,
            dry_run=dry_run,
            era=parsed.layout,
            kind=kind,
        )


class _ValueWriter:
    def __init__(
        self, parsed: IndicatorFile, run: Any, acting_user: Any, progress: Progress
    ):
        self.parsed = parsed
        self.run = run
        self.user = (
            acting_user if getattr(acting_user, "is_authenticated", False) else None
        )
        self.progress = progress
        self.release = parsed.release or Release.UNSTATED
        self.register = dict(Establishment.objects.values_list("urn", "id"))
        self.indicators = dict(Indicator.objects.values_list("code", "id"))
        self.counts: dict[str, int] = {}
        self.changes: list[dict[str, Any]] = []
        self.now = clock.now()
        self.revisions: dict[type, list[dict[str, Any]]] = defaultdict(list)

    def apply(self) -> None:
        records = self.parsed.records
        school = [r for r in records if r.level == coded.SCHOOL]
        area = [r for r in records if r.level != coded.SCHOOL]
        percentiles, groups = self._percentiles(school)
        mine = [r for r in school if r.code in self.register]
        outside = {r.code for r in school if r.code not in self.register}
        created, updated, unchanged, kept = self._write_school(mine, percentiles)
        a_created, a_updated, a_unchanged = self._write_area(area)
        self.counts = {
            "data_rows": self.parsed.rows,
            "school_values": len(mine),
            "values_created": created,
            "values_updated": updated,
            "values_unchanged": unchanged,
            "values_newer_release_kept": kept,
            "schools_not_in_register": len(outside),
            "area_values_created": a_created,
            "area_values_updated": a_updated,
            "area_values_unchanged": a_unchanged,
            "percentile_groups": groups,
            "rows_skipped": sum(self.parsed.skipped.values()),
        }

    def _percentiles(
        self, school: list[IndicatorRecord]
    ) -> tuple[dict[tuple[str, str, str, str], Decimal], int]:
        """(indicator, year, phase, urn) -> England percentile, when the file's school
        rows cover the country (NATIONAL_COVERAGE_LAS LAs or more)."""
        las = {r.la_code for r in school if r.la_code}
        if len(las) < NATIONAL_COVERAGE_LAS:
            return {}, 0
        grouped: dict[tuple[str, str, str], list[IndicatorRecord]] = defaultdict(list)
        for r in school:
            if r.coded.value is not None and r.coded.status == coded.VALUE:
                grouped[(r.indicator, r.academic_year, r.phase)].append(r)
        out: dict[tuple[str, str, str, str], Decimal] = {}
        for key, members in grouped.items():
            if BY_CODE[key[0]].unit == catalogue.BAND:
                continue  # a band is already a national position
            ranks = percentile_ranks([m.coded.value for m in members])  # type: ignore[misc]
            for m in members:
                if m.code in self.register:
                    out[(*key, m.code)] = ranks[m.coded.value]  # type: ignore[index]
        return out, len(grouped)

    def _fields(self, r: IndicatorRecord) -> dict[str, Any]:
        return {
            "value": r.coded.value,
            "status": r.coded.status,
            "raw": r.coded.raw.strip()[:40],
            "release": self.release,
        }

    def _write_school(
        self,
        records: list[IndicatorRecord],
        percentiles: dict[tuple[str, str, str, str], Decimal],
    ) -> tuple[int, int, int, int]:
        years = {r.academic_year for r in records}
        ids = {r.indicator for r in records}
        existing = {
            (v.indicator_id, v.establishment_id, v.academic_year, v.phase): v
            for v in IndicatorValue.objects.filter(
                academic_year__in=years,
                indicator_id__in=[self.indicators[c] for c in ids],
                establishment_id__in={self.register[r.code] for r in records},
            )
        }
        new: list[dict[str, Any]] = []
        changed: list[IndicatorValue] = []
        unchanged = kept = 0
        for r in records:
            key = (
                self.indicators[r.indicator],
                self.register[r.code],
                r.academic_year,
                r.phase,
            )
            fields = self._fields(r)
            fields["england_percentile"] = percentiles.get(
                (r.indicator, r.academic_year, r.phase, r.code)
            )
            current = existing.get(key)
            if current is None:
                new.append(
                    {
                        "indicator_id": key[0],
                        "establishment_id": key[1],
                        "academic_year": r.academic_year,
                        "phase": r.phase,
                        **fields,
                        "import_run_id": self.run.pk,
                        "updated_at": self.now,
                    }
                )
                continue
            outcome = self._merge(current, fields, r)
            if outcome == "changed":
                changed.append(current)
            elif outcome == "kept":
                kept += 1
            else:
                unchanged += 1
        self._save(IndicatorValue, new, changed, "school")
        return len(new), len(changed), unchanged, kept

    def _merge(
        self, current: CodedValue, fields: dict[str, Any], r: IndicatorRecord
    ) -> str:
        """Apply ``fields`` to ``current``: "changed", "same" or "kept" (the database
        holds a later release, which an earlier one does not overwrite)."""
        if _RELEASE_RANK[self.release] < _RELEASE_RANK[current.release]:
            return "kept"
        if fields.get("england_percentile", 0) is None and (
            getattr(current, "england_percentile", None) is not None
            and _same_value(current, fields)
        ):
            # an LA-only extract of the same release does not erase percentiles
            fields = {k: v for k, v in fields.items() if k != "england_percentile"}
        if all(_equal(getattr(current, k), v) for k, v in fields.items()):
            return "same"
        if len(self.changes) < CHANGE_SAMPLE:
            self.changes.append(
                {
                    "change": "revised",
                    "indicator": r.indicator,
                    "year": r.academic_year,
                    "phase": r.phase,
                    "where": r.code or "England",
                    "old": current.raw,
                    "new": fields["raw"],
                    "release": f"{current.release} -> {fields['release']}",
                }
            )
        revision = {
            "of_id": current.pk,
            "value": current.value,
            "status": current.status,
            "raw": current.raw,
            "release": current.release,
            "import_run_id": current.import_run_id,
            "replaced_at": self.now,
            "replaced_by_id": self.run.pk,
        }
        if isinstance(current, IndicatorValue):
            revision["england_percentile"] = current.england_percentile
        self.revisions[type(current)].append(revision)
        for k, v in fields.items():
            setattr(current, k, v)
        current.import_run_id = self.run.pk
        current.updated_at = self.now
        return "changed"

    def _write_area(self, records: list[IndicatorRecord]) -> tuple[int, int, int]:
        years = {r.academic_year for r in records}
        existing = {
            (v.indicator_id, v.level, v.la_code, v.academic_year, v.phase): v
            for v in AreaValue.objects.filter(academic_year__in=years)
        }
        new: list[dict[str, Any]] = []
        changed: list[AreaValue] = []
        unchanged = 0
        for r in records:
            la_code = r.code if r.level == coded.LA else ""
            key = (
                self.indicators[r.indicator],
                r.level,
                la_code,
                r.academic_year,
                r.phase,
            )
            fields = self._fields(r)
            current = existing.get(key)
            if current is None:
                new.append(
                    {
                        "indicator_id": key[0],
                        "level": r.level,
                        "la_code": la_code,
                        "academic_year": r.academic_year,
                        "phase": r.phase,
                        **fields,
                        "import_run_id": self.run.pk,
                        "updated_at": self.now,
                    }
                )
                existing[key] = None  # type: ignore[assignment]
                continue
            if self._merge(current, fields, r) == "changed":
                changed.append(current)
            else:
                unchanged += 1
        self._save(AreaValue, new, changed, "area")
        return len(new), len(changed), unchanged

    def _save(
        self,
        model: type[IndicatorValue] | type[AreaValue],
        new: list[dict[str, Any]],
        changed: list[Any],
        what: str,
    ) -> None:
        stage = f"Writing {what} values"
        self.progress(stage, 0, len(new) + len(changed))
        insert_records(model, new)
        update_records(
            model,
            [
                "value",
                "status",
                "raw",
                "release",
                "import_run_id",
                "updated_at",
                *(["england_percentile"] if model is IndicatorValue else []),
            ],
            changed,
        )
        revision_model = (
            IndicatorValueRevision if model is IndicatorValue else AreaValueRevision
        )
        insert_records(revision_model, self.revisions.pop(model, []))
        self.progress(stage, len(new) + len(changed), len(new) + len(changed))


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b  # 54 == 54.0000
    return bool(a == b)


def _same_value(current: CodedValue, fields: dict[str, Any]) -> bool:
    return all(
        _equal(getattr(current, k), fields[k]) for k in ("value", "status", "raw")
    )


def neighbours_set(
    *, acting_user: Any, la_code: str, neighbours: list[str], source: str
) -> StatisticalNeighbours:
    """Record the LA's statistical neighbours (history kept; audited)."""
    with transaction.atomic():
        row, _ = StatisticalNeighbours.objects.get_or_create(
            la_code=la_code, defaults={"created_by": acting_user}
        )
        before = list(row.neighbours)
        row.neighbours = neighbours
        row.source = source
        row.updated_at = clock.now()
        row.updated_by = acting_user
        row.save()
        audit_record(
            acting_user=acting_user,
            verb="neighbours.set",
            summary=f"Statistical neighbours of {la_code} set to {', '.join(neighbours)}",
            obj=row,
            details={"before": before, "after": neighbours, "source": source},
        )
    return row
