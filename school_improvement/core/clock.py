"""The one source of 'now' and 'today', so tests can freeze time in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """Return the current timezone-aware datetime (or the frozen one in tests)."""
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    """Return today's date in the service's time zone."""
    return timezone.localdate(now())


def freeze(at: dt.datetime | None) -> None:
    """Freeze the clock at ``at`` (timezone-aware), or unfreeze it with ``None``."""
    global _frozen
    if at is not None and timezone.is_naive(at):
        raise ValueError("freeze() needs a timezone-aware datetime")
    _frozen = at


@contextmanager
def as_at(at: dt.datetime) -> Iterator[None]:
    """Run the block as if it were ``at`` (the demo writes its term's history so),
    then put the clock back as it was, frozen or not."""
    before = _frozen
    freeze(at)
    try:
        yield
    finally:
        freeze(before)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
