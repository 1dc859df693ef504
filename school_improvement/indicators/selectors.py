"""Reads of indicator values with their comparators: the school, its LA, the LA's
statistical neighbours and England, year by year.

Callers check the user may see the establishment first (schools.selectors does); list
reads of school values go through values_for_user, which applies the user's scope.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from school_improvement.accounts.permissions import establishments_for_user
from school_improvement.data.imports import coded
from school_improvement.indicators.models import (
    AreaValue,
    Indicator,
    IndicatorValue,
    Level,
    StatisticalNeighbours,
)
from school_improvement.indicators.neighbours import DEFAULT_NEIGHBOURS
from school_improvement.schools.models import Establishment

PHASE_LABELS = {
    "": "",
    "primary": "State-funded primary",
    "secondary": "State-funded secondary",
    "special": "Special",
    "total": "All phases",
}


@dataclass(frozen=True)
class Neighbours:
    la_code: str
    codes: tuple[str, ...]
    source: str
    is_default: bool


def neighbours_of(la_code: str) -> Neighbours:
    """The LA's statistical neighbours: its own list if entered, else the default."""
    row = StatisticalNeighbours.objects.filter(la_code=la_code).first()
    if row is not None:
        return Neighbours(la_code, tuple(row.neighbours), row.source, False)
    codes, source = DEFAULT_NEIGHBOURS.get(la_code, ((), ""))
    return Neighbours(la_code, tuple(codes), source, True)


@dataclass
class YearRow:
    year: str
    school: IndicatorValue | None = None
    la: AreaValue | None = None
    england: AreaValue | None = None
    neighbours: Decimal | None = None
    neighbours_count: int = 0  # neighbours with a value that year

    @property
    def neighbours_shown(self) -> str:
        if self.neighbours is None or self.school is None:
            return ""
        return self.school.indicator.format(self.neighbours)


@dataclass
class Trend:
    indicator: Indicator
    phase: str
    rows: list[YearRow] = field(default_factory=list)

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS.get(self.phase, self.phase)

    @property
    def key(self) -> str:
        return (
            f"{self.indicator.code}-{self.phase}" if self.phase else self.indicator.code
        )

    @property
    def latest(self) -> YearRow | None:
        with_values = [r for r in self.rows if r.school is not None]
        return with_values[-1] if with_values else None


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def trends_for(establishment: Establishment) -> list[Trend]:
    """One trend per indicator (and phase) the school has any value for, in catalogue
    order, each year with the LA's, the neighbours' average and England's values."""
    values = list(
        IndicatorValue.objects.filter(establishment=establishment)
        .select_related("indicator", "import_run")
        .prefetch_related("revisions__import_run")
        .order_by("indicator__position", "phase", "academic_year")
    )
    if not values:
        return []
    la_code = establishment.la.code
    neighbours = neighbours_of(la_code)
    indicator_ids = {v.indicator_id for v in values}
    years = {v.academic_year for v in values}
    area = AreaValue.objects.filter(
        indicator_id__in=indicator_ids, academic_year__in=years
    ).select_related("import_run")
    la_values: dict[tuple[int, str, str], AreaValue] = {}
    england: dict[tuple[int, str, str], AreaValue] = {}
    neighbour_values: dict[tuple[int, str, str], list[Decimal]] = defaultdict(list)
    wanted = {la_code, *neighbours.codes}
    for a in area.filter(la_code__in=wanted) | area.filter(level=Level.NATIONAL):
        key = (a.indicator_id, a.academic_year, a.phase)
        if a.level == Level.NATIONAL:
            england[key] = a
        elif a.la_code == la_code:
            la_values[key] = a
        elif a.status == coded.VALUE and a.value is not None:
            neighbour_values[key].append(a.value)
    trends: dict[tuple[int, str], Trend] = {}
    for v in values:
        trend = trends.setdefault(
            (v.indicator_id, v.phase), Trend(indicator=v.indicator, phase=v.phase)
        )
        key = (v.indicator_id, v.academic_year, v.phase)
        near = neighbour_values.get(key, [])
        trend.rows.append(
            YearRow(
                year=v.academic_year,
                school=v,
                la=la_values.get(key),
                england=england.get(key),
                neighbours=_mean(near),
                neighbours_count=len(near),
            )
        )
    return list(trends.values())


def _signed(gap: Decimal, indicator: Indicator) -> str:
    """``+0.6 points``; a gap that rounds to nothing is ``0.0``, never ``-0.0``."""
    rounded = gap.quantize(
        Decimal(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP
    )
    text = (
        f"{rounded:+,.{indicator.decimals}f}"
        if rounded
        else f"{abs(rounded):,.{indicator.decimals}f}"
    )
    if indicator.unit == "percent":
        return f"{text} points"
    return text


def values_for_user(user: Any) -> QuerySet[IndicatorValue]:
    visible = establishments_for_user(user, Establishment.objects.all())
    return IndicatorValue.objects.filter(establishment__in=visible).select_related(
        "indicator", "establishment", "import_run"
    )


def area_values() -> QuerySet[AreaValue]:
    return AreaValue.objects.select_related("indicator", "import_run")


def latest_area_comparison(
    la_code: str, sources: tuple[str, ...]
) -> list[dict[str, Any]]:
    """For each indicator of ``sources`` and phase: the latest year with an LA value,
    the LA's value, the neighbours' average and England's, and the gap to England."""
    neighbours = neighbours_of(la_code)
    rows = (
        AreaValue.objects.filter(indicator__source__in=sources)
        .filter(la_code__in={la_code, *neighbours.codes})
        .select_related("indicator")
    )
    national = {
        (a.indicator_id, a.academic_year, a.phase): a
        for a in AreaValue.objects.filter(
            indicator__source__in=sources, level=Level.NATIONAL
        )
    }
    own: dict[tuple[int, str], AreaValue] = {}
    near: dict[tuple[int, str, str], list[Decimal]] = defaultdict(list)
    for a in rows:
        if a.la_code == la_code:
            current = own.get((a.indicator_id, a.phase))
            if current is None or a.academic_year > current.academic_year:
                own[(a.indicator_id, a.phase)] = a
        elif a.status == coded.VALUE and a.value is not None:
            near[(a.indicator_id, a.academic_year, a.phase)].append(a.value)
    out = []
    for (indicator_id, phase), a in sorted(
        own.items(), key=lambda kv: (kv[1].indicator.position, kv[0][1])
    ):
        england = national.get((indicator_id, a.academic_year, phase))
        gap = (
            a.value - england.value
            if a.value is not None and england is not None and england.value is not None
            else None
        )
        neighbour_list = near.get((indicator_id, a.academic_year, phase), [])
        mean = _mean(neighbour_list)
        better = a.indicator.higher_is_better
        out.append(
            {
                "indicator": a.indicator,
                "phase": phase,
                "phase_label": PHASE_LABELS.get(phase, phase),
                "year": a.academic_year,
                "la": a,
                "england": england,
                "neighbours": mean,
                "neighbours_shown": a.indicator.format(mean)
                if mean is not None
                else "",
                "neighbours_count": len(neighbour_list),
                "gap": gap,
                "gap_shown": _signed(gap, a.indicator) if gap is not None else "",
                # "worse"/"better" only beyond rounding, and only where a direction is
                # meaningful
                "worse": gap is not None
                and better is not None
                and abs(gap) >= Decimal("0.05")
                and (gap < 0) == better,
                "better": gap is not None
                and better is not None
                and abs(gap) >= Decimal("0.05")
                and (gap > 0) == better,
            }
        )
    return out
