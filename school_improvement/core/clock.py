"""The one source of 'now' and 'today', so tests can freeze time in one place."""

from __future__ import annotations

import datetime as dt

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


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
