"""Trends as the school page shows them: an SVG chart (charts.trend_svg) and the same
figures as a table, for every indicator the school has values for."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from school_improvement.indicators.charts import Series, trend_svg
from school_improvement.indicators.models import Source
from school_improvement.indicators.selectors import Trend, neighbours_of, trends_for
from school_improvement.schools.models import Establishment


@dataclass
class ShownTrend:
    trend: Trend
    svg: SafeString


@dataclass
class SourceGroup:
    source: str
    label: str
    trends: list[ShownTrend]


def trend_groups(establishment: Establishment) -> list[SourceGroup]:
    trends = trends_for(establishment)
    if not trends:
        return []
    la_name = establishment.la.name
    neighbours = neighbours_of(establishment.la.code)
    groups: dict[str, SourceGroup] = {}
    for trend in trends:
        indicator = trend.indicator
        years = [r.year for r in trend.rows]
        series = [
            Series(
                "school",
                establishment.name,
                {r.year: r.school.value if r.school else None for r in trend.rows},
            ),
            Series(
                "la",
                la_name,
                {r.year: r.la.value if r.la else None for r in trend.rows},
            ),
        ]
        if neighbours.codes:
            series.append(
                Series(
                    "neighbours",
                    "Statistical neighbours (average)",
                    {r.year: r.neighbours for r in trend.rows},
                )
            )
        series.append(
            Series(
                "england",
                "England",
                {r.year: r.england.value if r.england else None for r in trend.rows},
            )
        )
        title = indicator.name + (f" ({trend.phase_label})" if trend.phase else "")
        svg = trend_svg(
            title=title,
            years=years,
            series=series,
            unit=indicator.unit,
            decimals=indicator.decimals,
            higher_is_better=indicator.higher_is_better,
            chart_id=f"chart-{trend.key}",
        )
        group = groups.setdefault(
            indicator.source,
            SourceGroup(indicator.source, Source(indicator.source).label, []),
        )
        group.trends.append(ShownTrend(trend, mark_safe(svg)))  # noqa: S308 - built and escaped by charts.trend_svg
    order = [s.value for s in Source]
    return sorted(groups.values(), key=lambda g: order.index(g.source))
