"""Fast bulk writes for imports: what ``bulk_create`` and simple-history's
``bulk_create_with_history`` write, without the ORM's per-value compilation.

A national GIAS file is 52,000 rows of about 100 columns; through ``bulk_create`` a first
import took 90 s, two thirds of it compiling values (docs/benchmarks.md). These helpers
take plain dicts of field values (keyed by attname), apply defaults as ``Model.__init__``
does, prepare values with each field's own ``get_db_prep_save``, and write them with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL), in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from operator import itemgetter
from types import SimpleNamespace
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import connection
from django.db.models import Field, JSONField, Max, Model
from django.utils import timezone

BATCH = 2000

F = TypeVar("F", bound=Callable[..., Any])


def without_cyclic_gc(func: F) -> F:
    """Run ``func`` with CPython's cyclic garbage collector paused.

    An import allocates millions of small objects (a national file is 7 million cells)
    and creates no reference cycles of its own; the collector would otherwise traverse
    every live object again and again, a fifth of a national import's time. Memory is
    still freed by reference counting; any cycles are collected once it is back on.
    """

    @functools.wraps(func)
    def paused(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return cast(F, paused)


_PLAIN_TYPES = {str, int, bool, type(None)}


def _rows_for(
    fields: list[Field], records: list[dict[str, Any]]
) -> tuple[list[Field], list[list[Any]]]:
    """What ``Model(**record)`` would hold for ``fields``, as rows of raw values.

    Records are keyed by attname (``la_id``, not ``la``). A field a record does not name
    takes its default, called afresh for each row when it is callable, as
    Model.__init__ does. Returns the fields in the order of the row values.
    """
    keys = records[0].keys()
    if any(r.keys() != keys for r in records):
        rows = [
            [r[f.attname] if f.attname in r else f.get_default() for f in fields]
            for r in records
        ]
        return fields, rows
    unknown = set(keys) - {f.attname for f in fields}
    if unknown:
        raise TypeError(f"not fields of the model: {sorted(unknown)}")
    given = [f for f in fields if f.attname in keys]
    missing = [f for f in fields if f.attname not in keys]
    getter = itemgetter(*[f.attname for f in given])
    defaults = [f.get_default for f in missing]
    if len(given) == 1:
        rows = [[getter(r), *(d() for d in defaults)] for r in records]
    else:
        rows = [[*getter(r), *(d() for d in defaults)] for r in records]
    return given + missing, rows


def _prepared(fields: list[Field], rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """``rows`` (values in ``fields`` order) converted as bulk_create() would.

    A column whose values are all plain str, int, bool or None, in a field that is not
    JSON, goes as it is: for those get_db_prep_save() changes nothing. Any other column
    (dates, decimals, JSON, enum members...) goes value by value through the field's own
    get_db_prep_save(). The work is done column by column (a transpose, in C), which is
    what makes it fast.
    """
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    for i, model_field in enumerate(fields):
        column = columns[i]
        plain = set(map(type, column)) <= _PLAIN_TYPES
        if plain and not isinstance(model_field, JSONField):
            continue
        prepare = model_field.get_db_prep_save
        seen: dict[Any, Any] = {}  # dates, enum members, decimals repeat: once each
        converted: list[Any] = []
        for value in column:
            if value is None:
                converted.append(None)
                continue
            try:
                key = _memo_key(value)
                if key not in seen:
                    seen[key] = prepare(value, connection)
                converted.append(seen[key])
            except TypeError:  # unhashable, e.g. a JSON list
                converted.append(prepare(value, connection))
        columns[i] = tuple(converted)
    return list(zip(*columns, strict=True))


def _memo_key(value: Any) -> Any:
    """Values with equal keys are converted alike: same type and equal, and for a
    Decimal the same digits too (1.0 and 1.00 are equal but written differently)."""
    if type(value) is Decimal:
        return (Decimal, str(value))
    return (type(value), value)


def _insert_rows(
    model: type[Model], fields: list[Field], rows: list[tuple[Any, ...]]
) -> None:
    """Write ``rows`` into the model's table, in the caller's transaction.

    SQLite: executemany(), a loop in C with no round trips. PostgreSQL with psycopg 3:
    COPY, because Django's psycopg cursor binds parameters on the client, which makes
    both executemany() (a round trip per row) and big multi-row INSERTs (Python
    quoting every value into the SQL) slow. Anything else: multi-row INSERTs, as
    bulk_create() writes them. COPY runs no execute_wrapper hooks; nothing here uses any.
    """
    # Table and column names come from the model and are quoted; values are parameters.
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            one = "(" + ", ".join(["%s"] * len(fields)) + ")"
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES {one}",  # noqa: S608
                    rows[start : start + BATCH],
                )
            return
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, min(BATCH, 65_535 // max(1, len(fields))))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                + ", ".join([one] * len(chunk)),
                [value for row in chunk for value in row],
            )


def _model_fields(model: type[Model]) -> list[Field]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for f in fields:  # bulk_create() would run pre_save(), which matters only for these
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            raise NotImplementedError(f"{f} sets itself on save")
    return fields


def insert_records(model: type[Model], records: list[dict[str, Any]]) -> None:
    """What ``model.objects.bulk_create([model(**r) for r in records])`` writes."""
    if records:
        fields, rows = _rows_for(_model_fields(model), records)
        _insert_rows(model, fields, _prepared(fields, rows))


def insert_rows(
    model: type[Model], attnames: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Write ``rows`` (values of ``attnames``, in that order) into the model's table,
    in the caller's transaction, as they are: each value already what the database
    takes (str, int, bool, None; JSON as its text), no defaults, no conversion."""
    if rows:
        fields = [cast(Field, model._meta.get_field(a)) for a in attnames]
        if any(f.attname != a for f, a in zip(fields, attnames, strict=True)):
            raise TypeError("name each field by its attname (la_id, not la)")
        _insert_rows(model, fields, rows)


def create_with_history(
    model: type[Model],
    records: list[dict[str, Any]],
    *,
    key: str | tuple[str, ...],
    ids: Callable[[list[Any]], Iterable[tuple[Any, int]]],
    user: Any | None,
    reason: str,
    when: dt.datetime,
) -> None:
    """simple_history's bulk_create_with_history() for ``model(**r) for r in
    records``: insert the rows, read their pks back by ``key`` (unique among them),
    then write one "+" historical row for each, as bulk_history_create() builds it.
    ``key`` is one attname or a tuple of them (then keys are tuples).

    The pks are read as the rows above the largest pk before the insert (pks only
    grow); should that not find every row, ``ids(keys)`` looks them up by key.
    """
    if not records:
        return
    fields, raw = _rows_for(_model_fields(model), records)
    pk_name = model._meta.pk.attname
    before = model._default_manager.aggregate(top=Max(pk_name))["top"] or 0
    _insert_rows(model, fields, _prepared(fields, raw))
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    at = {f.attname: i for i, f in enumerate(fields)}
    parts = (key,) if isinstance(key, str) else key
    positions = [at[k] for k in parts]
    if len(parts) == 1:
        keys = [row[positions[0]] for row in raw]
    else:
        keys = [tuple(row[p] for p in positions) for row in raw]
    # No ordering: Contact's default ordering joins the establishments to sort by name.
    new_rows = model._default_manager.filter(pk__gt=before).order_by()
    if len(parts) == 1:
        pks = dict(new_rows.values_list(parts[0], pk_name))
    else:
        pks = {tuple(v[:-1]): v[-1] for v in new_rows.values_list(*parts, pk_name)}
    if not all(k in pks for k in keys):
        pks = dict(ids(keys))
    at[model._meta.pk.attname] = len(fields)
    for row, k in zip(raw, keys, strict=True):
        row.append(pks[k])

    history = model.history.model  # type: ignore[attr-defined]
    # Columns: the tracked fields, then simple_history's own, then any others at their
    # defaults. The history user: these models use simple_history's default get_user,
    # which looks at the request (if any), never at the instance, so one lookup serves
    # every row (a fresh instance has no _history_user, _history_date or change reason).
    tracked_names = {f.attname for f in history.tracked_fields}
    own = ("history_date", "history_user_id", "history_change_reason", "history_type")
    columns = [f for f in history._meta.concrete_fields if not f.primary_key]
    tracked = [f for f in columns if f.attname in tracked_names]
    by_name = {f.attname: f for f in columns}
    others = [
        f for f in columns if f.attname not in tracked_names and f.attname not in own
    ]
    if any(f.attname != "history_relation_id" and f.has_default() for f in others):
        raise NotImplementedError(f"{history.__name__} has extra fields")
    history_user = user or history.get_default_history_user(SimpleNamespace())
    fixed = (
        when or timezone.now(),  # as simple_history does
        history_user.pk if history_user is not None else None,
        reason,
        "+",
    )
    pick = itemgetter(*[at[f.attname] for f in tracked])
    pk_at = at[model._meta.pk.attname]
    rows = [
        [
            *pick(row),
            *fixed,
            *(
                row[pk_at] if f.attname == "history_relation_id" else None
                for f in others
            ),
        ]
        for row in raw
    ]
    fields = tracked + [by_name[name] for name in own] + others
    _insert_rows(history, fields, _prepared(fields, rows))


def update_records(
    model: type[Model], attnames: list[str], objs: Iterable[Model]
) -> int:
    """Write ``attnames`` of ``objs`` (already changed in memory) back by pk: one
    ``UPDATE ... WHERE pk = %s`` run with executemany, in the caller's transaction.

    What ``bulk_update()`` writes, without its CASE WHEN statements, which grow with
    every row of a batch (a revised national release changes 300,000 values).
    """
    objs = list(objs)
    if not objs:
        return 0
    fields = [model._meta.get_field(a) for a in attnames]
    concrete = cast(list[Field], fields)
    rows = [[getattr(o, f.attname) for f in concrete] for o in objs]
    prepared = _prepared(concrete, rows)
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in concrete)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(str(pk.column))} = %s"
    )
    params = [(*row, o.pk) for row, o in zip(prepared, objs, strict=True)]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])
    return len(objs)
