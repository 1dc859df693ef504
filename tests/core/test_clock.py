"""The clock: frozen in one place, and ``as_at`` puts it back as it was."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from school_improvement.core import clock

SEPTEMBER = timezone.make_aware(dt.datetime(2026, 9, 16, 16, 0))
DECEMBER = timezone.make_aware(dt.datetime(2026, 12, 4, 9, 0))


def test_as_at_runs_the_block_then_unfreezes_a_clock_that_was_not_frozen():
    clock.freeze(None)
    with clock.as_at(SEPTEMBER):
        assert clock.now() == SEPTEMBER and clock.today() == dt.date(2026, 9, 16)
    assert clock.now() != SEPTEMBER


def test_as_at_puts_back_a_frozen_clock_even_after_an_error():
    clock.freeze(DECEMBER)
    try:
        try:
            with clock.as_at(SEPTEMBER):
                raise RuntimeError("the block failed")
        except RuntimeError:
            pass
        assert clock.now() == DECEMBER
    finally:
        clock.freeze(None)
