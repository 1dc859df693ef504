"""Explore Education Statistics suspensions and permanent exclusions: the school file
``exc_school.csv`` (25 columns, ``time_identifier`` before ``time_period``, newest year
first) and the national / regional / LA file ``exc_nat_region_la.csv``, parsed to
indicator records. Format notes: shared/formats/README.md section 4.2.

Rates are per 100 pupils on roll (``headcount``), written without a ``%`` sign: a rate
with one is a problem, not a percentage to convert. ``one_plus_susp`` (a count of
pupils) is not in the catalogue and is not read. The reading itself is
:func:`school_improvement.data.imports.absence.parse_ees`, shared with absence.
Pure Python: the writes live in the ``indicators`` app's services.
"""

from __future__ import annotations

from pathlib import Path

from school_improvement.data.imports import catalogue
from school_improvement.data.imports.absence import (
    EDUCATION_PHASE,
    GEOGRAPHIC_LEVEL,
    TIME_IDENTIFIER,
    TIME_PERIOD,
    EesFormat,
    parse_ees,
)
from school_improvement.data.imports.coded import IndicatorFile

EXCLUSIONS_FORMAT = EesFormat(
    source=catalogue.EXCLUSIONS,
    title="suspensions and permanent exclusions",
    measures=(
        ("suspension", "excl_suspensions"),
        ("susp_rate", "excl_suspension_rate"),
        ("one_plus_susp_rate", "excl_one_plus_susp_rate"),
        ("perm_excl", "excl_permanent"),
        ("perm_excl_rate", "excl_permanent_rate"),
    ),
    required=(
        TIME_PERIOD,
        TIME_IDENTIFIER,
        GEOGRAPHIC_LEVEL,
        EDUCATION_PHASE,
        "perm_excl",
        "suspension",
    ),
    percent=False,
    whole=frozenset({"excl_suspensions", "excl_permanent"}),
)


def parse_exclusions(
    source: Path | bytes,
    *,
    file_name: str | None = None,
    release: str | None = None,
) -> IndicatorFile:
    """Parse an EES suspensions and permanent exclusions file (school level, or
    national / regional / LA) to indicator records, or raise FileRejected listing every
    problem (each with line, column, value and the school's URN or the LA code).

    ``release`` (provisional, revised or final) wins; otherwise it is taken from the
    file name, else None. Layout ``"ees"`` for the school file, ``"ees_national_la"``
    for a file without ``school_urn``. Counts must be whole numbers.
    """
    return parse_ees(EXCLUSIONS_FORMAT, source, file_name=file_name, release=release)
