"""Server-rendered SVG trend charts for indicators: pure Python, no JavaScript.

``trend_svg`` draws one indicator over academic years for up to four series (the
school, its local authority, the average of its statistical neighbours and England)
and returns a complete, self-contained ``<svg>`` string:

* accessible: ``role="img"`` labelled by a ``<title>`` and a ``<desc>`` that reads
  every figure in words (the page also puts a data table beside it);
* readable without colour: each series has its own dash pattern and marker shape,
  repeated in the legend, and the school's own values are printed by its points;
* honest about gaps: a year with no value breaks the line and is never drawn as 0;
* self-contained: presentation attributes only (no CSS, fonts or scripts), a
  ``viewBox`` so it scales, and deterministic output (same input, same bytes).

The units are those of the indicator catalogue (``data/imports/catalogue.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from html import escape

from school_improvement.data.imports.catalogue import (
    BAND,
    BAND_LABELS,
    COUNT,
    PERCENT,
    RATE,
    SCORE,
)

__all__ = [
    "STYLES",
    "Series",
    "SeriesStyle",
    "axis_ticks",
    "format_value",
    "nice_ticks",
    "series_style",
    "trend_svg",
]

Number = Decimal | float

FONT = "Arial, sans-serif"
TEXT = "#0b0c0c"  # GOV.UK black
SECONDARY_TEXT = "#505a5f"  # GOV.UK dark grey (7:1 on white)
GRID = "#b1b4b6"  # GOV.UK mid grey: gridlines are decoration, the labels carry values
NO_DATA = "No data for these years"

# Short band names for the axis (the catalogue's BAND_LABELS are the long ones).
BAND_TICK_LABELS = {
    1: "1 Well above",
    2: "2 Above",
    3: "3 Average",
    4: "4 Below",
    5: "5 Well below",
}

# Words for the y axis caption, shown top left (percent needs none: ticks carry %).
UNIT_CAPTIONS = {
    SCORE: "Score",
    RATE: "Per 100 pupils",
    COUNT: "Number",
    BAND: "Progress band",
}

_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Series:
    key: str  # "school", "la", "neighbours", "england"
    label: str  # e.g. "Oakfield Primary", "Northshire", "Statistical neighbours"
    points: Mapping[str, Number | None]  # academic year -> value; None: no value


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dasharray: str | None  # None: a solid line
    marker: str  # "circle", "square", "triangle" or "diamond"
    line_width: float


# Colours from the GOV.UK palette, each at least 3:1 against white (WCAG 1.4.11).
# GOV.UK orange (#f47738) is only 2.8:1, so the LA uses a darker shade of it.
STYLES: dict[str, SeriesStyle] = {
    "school": SeriesStyle("#1d70b8", None, "circle", 3.0),
    "la": SeriesStyle("#b5531c", "7 4", "square", 2.0),
    "neighbours": SeriesStyle("#00703c", "1 4", "triangle", 2.0),
    "england": SeriesStyle("#505a5f", "14 5", "diamond", 2.0),
}
_FALLBACK_ORDER = ("la", "neighbours", "england", "school")


def series_style(key: str, index: int = 0) -> SeriesStyle:
    """The style of a series key; unknown keys borrow one by position."""
    if key in STYLES:
        return STYLES[key]
    return STYLES[_FALLBACK_ORDER[index % len(_FALLBACK_ORDER)]]


# ---- numbers --------------------------------------------------------------------------


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def format_value(value: Number, unit: str, decimals: int = 1) -> str:
    """A value as people read it: 61 -> "61%" (percent), -0.35 -> "-0.35", 1234 -> "1,234".

    Rounds half up to ``decimals`` places; never prints "-0".
    """
    quantum = Decimal(1).scaleb(-max(decimals, 0))
    rounded = _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,.{max(decimals, 0)}f}"
    return f"{text}%" if unit == PERCENT else text


def _spoken(value: Number, unit: str, decimals: int) -> str:
    """A value for the description: bands get their meaning in words."""
    text = format_value(value, unit, decimals)
    if unit == BAND:
        number = _decimal(value)
        if number == number.to_integral_value() and int(number) in BAND_LABELS:
            return f"band {int(number)} ({BAND_LABELS[int(number)].lower()})"
        return f"band {text}"
    return text


def _step_candidates() -> Iterable[Decimal]:
    for exponent in range(-6, 16):
        for mantissa in ("1", "2", "2.5", "5"):
            yield Decimal(mantissa).scaleb(exponent)


def nice_ticks(
    low: float,
    high: float,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> list[Decimal]:
    """4 to 6 evenly spaced ticks, steps of 1, 2, 2.5 or 5 x 10^n, covering low..high.

    ``minimum`` and ``maximum`` bound the axis (0 and 100 for a percentage).
    """
    lo, hi = _decimal(low), _decimal(high)
    if hi <= lo:
        hi = lo + 1
    floor = None if minimum is None else _decimal(minimum)
    ceiling = None if maximum is None else _decimal(maximum)
    for step in _step_candidates():
        first = (lo / step).to_integral_value(rounding=ROUND_FLOOR)
        last = (hi / step).to_integral_value(rounding=ROUND_CEILING)
        if last - first + 1 <= 6:
            break
    ticks = [k * step for k in range(int(first), int(last) + 1)]
    if floor is not None:
        ticks = [t for t in ticks if t >= floor] or [floor]
    if ceiling is not None:
        ticks = [t for t in ticks if t <= ceiling] or [ceiling]
    # Too few ticks: extend upwards first, then downwards, within the bounds.
    while len(ticks) < 4:
        up, down = ticks[-1] + step, ticks[0] - step
        if ceiling is None or up <= ceiling:
            ticks.append(up)
        elif floor is None or down >= floor:
            ticks.insert(0, down)
        else:
            break
    return [t.normalize() if t != 0 else Decimal(0) for t in ticks]


def _tick_decimals(ticks: Sequence[Decimal]) -> int:
    places = 0
    for tick in ticks:
        exponent = tick.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


def axis_ticks(values: Sequence[float], unit: str) -> list[Decimal]:
    """The y ticks for these values (not used for bands, which are fixed 1..5)."""
    vmin, vmax = min(values), max(values)
    span = vmax - vmin
    if span == 0:
        half = max(abs(vmin) * 0.1, 5.0 if unit == PERCENT else 0.5)
        low, high = vmin - half, vmax + half
    else:
        low, high = vmin - span * 0.1, vmax + span * 0.1
        # Close to zero (progress scores, small rates): show zero for reference.
        if 0 < vmin <= span:
            low = 0.0
        elif -span <= vmax < 0:
            high = 0.0
    minimum = maximum = None
    if unit in (PERCENT, RATE, COUNT) and vmin >= 0:
        minimum = 0.0
        low = max(low, 0.0)
    if unit == PERCENT and vmax <= 100:
        maximum = 100.0
        high = min(high, 100.0)
    return nice_ticks(low, high, minimum=minimum, maximum=maximum)


# ---- text -------------------------------------------------------------------------------

_NARROW = set("ijlI.,:;'!|()[]/ ")
_SEMI_NARROW = set("frt-")
_WIDE = set("mwMW%@")


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in Arial at ``size`` px."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 0.28
        elif char in _SEMI_NARROW:
            total += 0.36
        elif char in _WIDE:
            total += 0.86
        elif char.isupper():
            total += 0.68
        else:
            total += 0.56
    return total * size


def _truncate(text: str, size: float, room: float) -> str:
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _n(value: float) -> str:
    """A coordinate: one decimal place, no trailing ".0", never "-0"."""
    text = f"{round(value, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


# ---- drawing ---------------------------------------------------------------------------


def _marker(shape: str, x: float, y: float, colour: str, size: float = 1.0) -> str:
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    data = f'data-shape="{shape}"'
    if shape == "circle":
        return f'<circle {data} cx="{_n(x)}" cy="{_n(y)}" r="{_n(5 * size)}" {common}/>'
    if shape == "square":
        half = 4.5 * size
        return (
            f'<rect {data} x="{_n(x - half)}" y="{_n(y - half)}" '
            f'width="{_n(2 * half)}" height="{_n(2 * half)}" {common}/>'
        )
    if shape == "triangle":
        r = 6 * size
        points = [
            (x, y - r),
            (x + r * 0.866, y + r * 0.5),
            (x - r * 0.866, y + r * 0.5),
        ]
    else:  # diamond
        r = 6 * size
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    coords = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
    return f'<polygon {data} points="{coords}" {common}/>'


def _line_attrs(style: SeriesStyle) -> str:
    attrs = (
        f'fill="none" stroke="{style.colour}" stroke-width="{_n(style.line_width)}" '
        'stroke-linejoin="round"'
    )
    if style.dasharray is None:
        return attrs
    cap = "round" if style.dasharray.startswith("1 ") else "butt"
    return f'{attrs} stroke-dasharray="{style.dasharray}" stroke-linecap="{cap}"'


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 12,
    anchor: str = "start",
    fill: str = TEXT,
    extra: str = "",
) -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}"'
        f"{anchor_attr}{extra}>{_esc(content)}</text>"
    )


def _open_svg(width: int, height: int, chart_id: str, title: str, desc: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width: {width}px; height: auto;" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT}">\n'
        f'<title id="{chart_id}-title">{_esc(title)}</title>\n'
        f'<desc id="{chart_id}-desc">{_esc(desc)}</desc>\n'
    )


def _description(
    years: Sequence[str],
    series: Sequence[Series],
    unit: str,
    decimals: int,
    note: str | None,
) -> str:
    sentences = []
    for one in series:
        parts = []
        for year in years:
            value = one.points.get(year)
            if value is None:
                parts.append(f"no value in {year}")
            else:
                parts.append(f"{_spoken(value, unit, decimals)} in {year}")
        if all(one.points.get(year) is None for year in years):
            sentences.append(f"{one.label}: no values.")
        else:
            sentences.append(f"{one.label}: {', '.join(parts)}.")
    if note:
        sentences.append(f"{note}.")
    return " ".join(sentences)


def _note(unit: str, higher_is_better: bool | None) -> str | None:
    if higher_is_better is None:
        return None
    if unit == BAND:
        # The band axis is drawn with 1 (well above average) at the top.
        return "Band 1 is best" if higher_is_better is False else "Band 5 is best"
    return "Higher is better" if higher_is_better else "Lower is better"


@dataclass(frozen=True)
class _LegendItem:
    series: Series
    style: SeriesStyle
    text: str
    x: float
    row: int


LEGEND_SIZE = 12
LEGEND_ROW = 20
LEGEND_SAMPLE = 32  # the line sample before each label


def _legend_layout(
    series: Sequence[Series], empty: set[str], left: float, room: float
) -> list[_LegendItem]:
    items: list[_LegendItem] = []
    x, row = left, 0
    for index, one in enumerate(series):
        text = one.label + (" (no data)" if one.key in empty else "")
        text = _truncate(text, LEGEND_SIZE, room - LEGEND_SAMPLE - 6)
        width = LEGEND_SAMPLE + 6 + text_width(text, LEGEND_SIZE)
        if x > left and x + width > left + room:
            x, row = left, row + 1
        items.append(_LegendItem(one, series_style(one.key, index), text, x, row))
        x += width + 18
    return items


def _no_data_svg(*, title: str, desc: str, width: int, chart_id: str) -> str:
    height = 60
    parts = [_open_svg(width, height, chart_id, title, desc)]
    parts.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" '
        f'fill="#ffffff" stroke="{GRID}"/>'
    )
    parts.append(_text(width / 2, 35, NO_DATA, size=14, anchor="middle"))
    parts.append("</svg>\n")
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def trend_svg(
    *,
    title: str,
    years: Sequence[str],
    series: Sequence[Series],
    unit: str,
    decimals: int = 1,
    higher_is_better: bool | None = True,
    width: int = 640,
    height: int = 280,
    chart_id: str = "chart",
) -> str:
    """A line chart of ``series`` over ``years`` as a complete ``<svg>`` string.

    ``unit`` is a catalogue unit ("percent", "score", "rate", "count", "band");
    ``decimals`` is used for the printed values and the description; ``chart_id``
    prefixes every id, so give each chart on a page its own.
    """
    if not _CHART_ID.match(chart_id):
        raise ValueError(f"chart_id must be a plain identifier, not {chart_id!r}")
    years = list(years)
    note = _note(unit, higher_is_better)
    desc = _description(years, series, unit, decimals, note)

    values = [
        float(v)
        for one in series
        for year in years
        if (v := one.points.get(year)) is not None
    ]
    if not values:
        desc = f"{NO_DATA}."
        return _no_data_svg(title=title, desc=desc, width=width, chart_id=chart_id)

    # ---- the y axis -----------------------------------------------------------------
    if unit == BAND:
        ticks = [Decimal(b) for b in range(1, 6)]
        tick_labels = [BAND_TICK_LABELS[b] for b in range(1, 6)]
        y_low, y_high = 1.0, 5.0
    else:
        ticks = axis_ticks(values, unit)
        places = _tick_decimals(ticks)
        tick_labels = [format_value(t, unit, places) for t in ticks]
        y_low, y_high = float(ticks[0]), float(ticks[-1])

    tick_size = 12
    plot_left = 12 + max(text_width(label, tick_size) for label in tick_labels)
    plot_right = width - 14
    plot_top = 34.0

    # ---- the legend (below the x axis) decides how tall the plot can be -------------
    empty = {one.key for one in series if all(one.points.get(y) is None for y in years)}
    legend = _legend_layout(series, empty, 8, width - 16)
    rows = 1 + max(item.row for item in legend) if legend else 0
    legend_height = rows * LEGEND_ROW
    plot_bottom = height - 8 - legend_height - 30
    if plot_bottom - plot_top < 120:  # many legend rows: grow rather than squash
        height += int(120 - (plot_bottom - plot_top))
        plot_bottom = height - 8 - legend_height - 30

    plot_h = plot_bottom - plot_top
    band_inset = 12.0 if unit == BAND else 0.0

    def y_of(value: float) -> float:
        value = min(max(value, y_low), y_high)  # the axis covers every value anyway
        fraction = (value - y_low) / (y_high - y_low)
        if unit == BAND:  # band 1 (well above average) at the top
            return plot_top + band_inset + fraction * (plot_h - 2 * band_inset)
        return plot_bottom - fraction * plot_h

    # ---- the x axis -----------------------------------------------------------------
    school_index = next(
        (i for i, one in enumerate(series) if one.key == "school"), None
    )
    school = None if school_index is None else series[school_index]
    label_widths = [
        text_width(format_value(v, unit, decimals), 12)
        for v in (school.points.values() if school else [])
        if v is not None
    ]
    year_widths = [text_width(year, 12) for year in years]
    inset = max([28.0] + [w / 2 + 8 for w in label_widths + year_widths])

    def x_of(index: int) -> float:
        if len(years) == 1:
            return (plot_left + plot_right) / 2
        span = plot_right - plot_left - 2 * inset
        return plot_left + inset + index * span / (len(years) - 1)

    parts = [_open_svg(width, height, chart_id, title, desc)]
    parts.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')

    # Caption and the "better" note on the top row.
    caption = UNIT_CAPTIONS.get(unit)
    if caption:
        parts.append(_text(8, 18, caption, fill=SECONDARY_TEXT))
    if note:
        parts.append(
            _text(
                plot_right,
                18,
                note,
                anchor="end",
                fill=SECONDARY_TEXT,
                extra=' font-style="italic" data-role="note"',
            )
        )

    # Gridlines and tick labels.
    parts.append('<g data-role="y-axis">')
    zero_drawn = False
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(float(tick))
        parts.append(
            f'<line x1="{_n(plot_left)}" y1="{_n(y)}" x2="{_n(plot_right)}" '
            f'y2="{_n(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            _text(plot_left - 6, y + 4, label, size=tick_size, anchor="end", fill=TEXT)
        )
    parts.append("</g>")
    if unit != BAND and y_low < 0 <= y_high:  # progress scores: 0 is average
        y = y_of(0.0)
        zero_drawn = True
        parts.append(
            f'<line data-role="zero-line" x1="{_n(plot_left)}" y1="{_n(y)}" '
            f'x2="{_n(plot_right)}" y2="{_n(y)}" stroke="{TEXT}" stroke-width="2"/>'
        )
    # Baseline (the x axis) unless the zero line already sits there.
    if not (zero_drawn and y_of(0.0) == plot_bottom):
        parts.append(
            f'<line data-role="x-axis" x1="{_n(plot_left)}" y1="{_n(plot_bottom)}" '
            f'x2="{_n(plot_right)}" y2="{_n(plot_bottom)}" stroke="{TEXT}" '
            'stroke-width="1"/>'
        )
    # Many years in a narrow chart: label every n-th year, always the latest.
    every = 1
    if len(years) > 1:
        spacing = (plot_right - plot_left - 2 * inset) / (len(years) - 1)
        every = max(1, math.ceil((max(year_widths) + 8) / max(spacing, 1.0)))
    for index, year in enumerate(years):
        if (len(years) - 1 - index) % every == 0:
            parts.append(
                _text(x_of(index), plot_bottom + 20, year, anchor="middle", fill=TEXT)
            )

    # ---- the series (drawn last-first so the school sits on top) ------------------
    coords: list[list[tuple[float, float] | None]] = []
    for one in series:
        row: list[tuple[float, float] | None] = []
        for index, year in enumerate(years):
            value = one.points.get(year)
            row.append(None if value is None else (x_of(index), y_of(float(value))))
        coords.append(row)

    order = sorted(range(len(series)), key=lambda i: (series[i].key == "school", -i))
    for index in order:
        one = series[index]
        style = series_style(one.key, index)
        row = coords[index]
        parts.append(
            f'<g data-series="{_esc(one.key)}" data-label="{_esc(one.label)}">'
        )
        for segment in _segments(row):
            if len(segment) > 1:
                points = " ".join(f"{_n(x)},{_n(y)}" for x, y in segment)
                parts.append(f'<polyline points="{points}" {_line_attrs(style)}/>')
        size = 1.15 if one.key == "school" else 1.0
        for point in row:
            if point is not None:
                parts.append(_marker(style.marker, *point, style.colour, size))
        parts.append("</g>")

    # ---- the school's values printed by its points ----------------------------------
    if school is not None and school_index is not None:
        parts.append('<g data-role="value-labels">')
        obstacles = _obstacles(coords, series)
        placed: list[_Box] = []
        for index, year in enumerate(years):
            value = school.points.get(year)
            point = coords[school_index][index]
            if value is None or point is None:
                continue
            text = format_value(value, unit, decimals)
            x, y = point
            tx, ty, anchor = _place_label(
                x,
                y,
                text_width(text, 12) + 2,
                obstacles,
                placed,
                (plot_left + 2, 22.0, width - 2.0, plot_bottom - 1),
            )
            parts.append(
                _text(
                    tx,
                    ty,
                    text,
                    anchor=anchor,
                    fill=TEXT,
                    extra=(
                        ' font-weight="bold" stroke="#ffffff" stroke-width="3" '
                        'stroke-linejoin="round" paint-order="stroke"'
                    ),
                )
            )
        parts.append("</g>")

    # ---- legend -----------------------------------------------------------------------
    legend_top = plot_bottom + 32
    parts.append('<g data-role="legend">')
    for item in legend:
        cy = legend_top + item.row * LEGEND_ROW + 8
        style = item.style
        parts.append(
            f'<g data-series="{_esc(item.series.key)}">'
            f'<line x1="{_n(item.x)}" y1="{_n(cy)}" x2="{_n(item.x + LEGEND_SAMPLE)}" '
            f'y2="{_n(cy)}" {_line_attrs(style)}/>'
            + _marker(style.marker, item.x + LEGEND_SAMPLE / 2, cy, style.colour)
            + _text(item.x + LEGEND_SAMPLE + 6, cy + 4, item.text, size=LEGEND_SIZE)
            + "</g>"
        )
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def _segments(
    row: Sequence[tuple[float, float] | None],
) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points: a missing year ends one run and starts another."""
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for point in row:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


_Box = tuple[float, float, float, float]  # left, top, right, bottom


def _obstacles(
    coords: Sequence[Sequence[tuple[float, float] | None]],
    series: Sequence[Series],
) -> list[tuple[float, float, float, float]]:
    """What a value label should not cover: (x, y, radius, weight) for every marker
    and for points every 2px along every line."""
    found: list[tuple[float, float, float, float]] = []
    for index, one in enumerate(series):
        style = series_style(one.key, index)
        for segment in _segments(coords[index]):
            for x, y in segment:
                found.append((x, y, 7.0, 6.0))
            for (x0, y0), (x1, y1) in zip(segment, segment[1:], strict=False):
                length = max(abs(x1 - x0), abs(y1 - y0))
                steps = max(int(length / 2), 1)
                for step in range(steps + 1):
                    t = step / steps
                    found.append(
                        (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, style.line_width, 1.0)
                    )
    return found


def _place_label(
    x: float,
    y: float,
    label_width: float,
    obstacles: Sequence[tuple[float, float, float, float]],
    placed: list[_Box],
    bounds: _Box,
) -> tuple[float, float, str]:
    """Where to print a value label for the point (x, y): above it if that is clear,
    otherwise whichever of below, right, left (then further out) covers least."""
    half = label_width / 2
    # (text x, baseline y, anchor, box); a 12px label spans baseline-10..baseline+3.
    candidates: list[tuple[float, float, str, _Box]] = []
    for tx, ty, anchor in (
        (x, y - 11, "middle"),
        (x, y + 21, "middle"),
        (x + 10, y + 4, "start"),
        (x - 10, y + 4, "end"),
        (x, y - 23, "middle"),
        (x, y + 33, "middle"),
    ):
        if anchor == "middle":
            left, right = tx - half, tx + half
        elif anchor == "start":
            left, right = tx, tx + label_width
        else:
            left, right = tx - label_width, tx
        candidates.append((tx, ty, anchor, (left, ty - 10, right, ty + 3)))

    def cost(box: _Box, preference: int) -> float:
        left, top, right, bottom = box
        total = preference * 0.5
        if (
            left < bounds[0]
            or top < bounds[1]
            or right > bounds[2]
            or bottom > bounds[3]
        ):
            total += 1000
        for ox, oy, radius, weight in obstacles:
            if (ox, oy) == (x, y):
                continue  # the labelled point itself
            reach = radius + 3  # keep a little white space around the label
            if (
                left - reach <= ox <= right + reach
                and top - reach <= oy <= bottom + reach
            ):
                total += weight
        for other in placed:
            if (
                left < other[2]
                and other[0] < right
                and top < other[3]
                and other[1] < bottom
            ):
                total += 100
        return total

    best = min(range(len(candidates)), key=lambda i: (cost(candidates[i][3], i), i))
    tx, ty, anchor, box = candidates[best]
    placed.append(box)
    return tx, ty, anchor
