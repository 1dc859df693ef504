"""Fixtures that set the scene for a test module: the day the clock stands at, and
the eligibility policy the area reads.

    _today = frozen_on(2026, 11, 20)
    _policy = eif_policy()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from school_improvement.core import clock


def frozen_on(year: int, month: int, day: int) -> Callable[..., Iterator[None]]:
    """An autouse fixture: every test of the module runs at noon UTC on that day."""

    @pytest.fixture(autouse=True)
    def _frozen_clock() -> Iterator[None]:
        clock.freeze(dt.datetime(year, month, day, 12, 0, tzinfo=dt.UTC))
        yield
        clock.freeze(None)

    return _frozen_clock


def eif_policy() -> Callable[..., None]:
    """An autouse fixture: the area's policy is an EIF one (Oxfordshire 2018/19), so
    a practising head's own school's grade is read for their eligibility."""

    @pytest.fixture(autouse=True)
    def _eif_policy(monkeypatch: Any) -> None:
        from school_improvement.people import eligibility

        monkeypatch.setattr(eligibility, "DEFAULT_POLICY", "oxfordshire-2018-19")

    return _eif_policy
