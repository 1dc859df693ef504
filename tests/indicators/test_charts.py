"""The SVG trend charts: pure Python, checked by parsing the SVG they return."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from school_improvement.indicators.charts import (
    STYLES,
    Series,
    axis_ticks,
    format_value,
    nice_ticks,
    trend_svg,
)

NS = "{http://www.w3.org/2000/svg}"
YEARS = ["2022/23", "2023/24", "2024/25"]


def series(key: str, label: str, *values, years=YEARS) -> Series:
    return Series(key, label, dict(zip(years, values, strict=True)))


def four_series() -> list[Series]:
    return [
        series("school", "Oakfield Primary", Decimal(61), Decimal(58), Decimal(49)),
        series("la", "Northshire", Decimal(59), Decimal(60), Decimal(61)),
        series("neighbours", "Statistical neighbours", 58.4, 59.1, 60.0),
        series("england", "England", Decimal(59), Decimal(61), Decimal(62)),
    ]


def chart(**overrides) -> str:
    arguments = {
        "title": "KS2 reading, writing and maths: expected standard",
        "years": YEARS,
        "series": four_series(),
        "unit": "percent",
        "decimals": 0,
        "chart_id": "rwm",
    }
    arguments.update(overrides)
    return trend_svg(**arguments)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted XML


def group(root: ET.Element, key: str) -> ET.Element:
    """The plotted group of a series (not its legend entry)."""
    for element in root.iter(f"{NS}g"):
        if element.get("data-series") == key and element.get("data-label"):
            return element
    raise AssertionError(f"no plotted group for {key}")


def polylines(root: ET.Element, key: str) -> list[list[tuple[float, float]]]:
    lines = []
    for line in group(root, key).iter(f"{NS}polyline"):
        points = []
        for pair in line.get("points", "").split():
            x, y = pair.split(",")
            points.append((float(x), float(y)))
        lines.append(points)
    return lines


def markers(root: ET.Element, key: str) -> list[tuple[str, float, float]]:
    """(shape, centre x, centre y) of each marker of a series."""
    found = []
    for element in group(root, key):
        shape = element.get("data-shape")
        if shape is None:
            continue
        if element.tag == f"{NS}circle":
            found.append((shape, float(element.get("cx")), float(element.get("cy"))))
        elif element.tag == f"{NS}rect":
            x, y = float(element.get("x")), float(element.get("y"))
            w, h = float(element.get("width")), float(element.get("height"))
            found.append((shape, x + w / 2, y + h / 2))
        else:
            pairs = [p.split(",") for p in element.get("points").split()]
            xs = [float(x) for x, _ in pairs]
            ys = [float(y) for _, y in pairs]
            # triangles and diamonds are centred on their point's x; take the
            # diamond's mid-height, the triangle's circumcentre
            if shape == "diamond":
                found.append((shape, xs[0], (min(ys) + max(ys)) / 2))
            else:
                found.append((shape, xs[0], min(ys) + (max(ys) - min(ys)) * 2 / 3))
    return found


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{NS}text"))


def text_at(root: ET.Element, content: str) -> ET.Element:
    matches = [t for t in texts(root) if t.text == content]
    assert matches, f"no text {content!r} in {[t.text for t in texts(root)]}"
    return matches[0]


def year_x(root: ET.Element, year: str) -> float:
    return float(text_at(root, year).get("x"))


def tick_labels(root: ET.Element) -> list[ET.Element]:
    axis = next(g for g in root.iter(f"{NS}g") if g.get("data-role") == "y-axis")
    return list(axis.iter(f"{NS}text"))


# ---- the document --------------------------------------------------------------------


def test_the_chart_is_a_well_formed_scalable_svg_image():
    svg = chart()
    root = parse(svg)

    assert root.tag == f"{NS}svg"
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 280"
    assert root.get("width") == "100%"
    assert root.get("font-family") == "Arial, sans-serif"
    # self-contained: nothing fetched, nothing run
    assert "<script" not in svg and "<style" not in svg and "href" not in svg
    assert "@import" not in svg and "url(" not in svg


def test_title_and_desc_label_the_image_and_read_every_figure():
    root = parse(
        chart(
            series=[
                series("school", "Oakfield Primary", Decimal(61), None, Decimal(49)),
                series("england", "England", Decimal(59), Decimal(61), Decimal(62)),
            ]
        )
    )

    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "KS2 reading, writing and maths: expected standard"
    assert desc.text == (
        "Oakfield Primary: 61% in 2022/23, no value in 2023/24, 49% in 2024/25. "
        "England: 59% in 2022/23, 61% in 2023/24, 62% in 2024/25. "
        "Higher is better."
    )
    # title and desc come first, so assistive technology finds them
    assert [child.tag for child in root[:2]] == [f"{NS}title", f"{NS}desc"]


def test_bands_are_described_in_words():
    root = parse(
        chart(
            title="KS2 reading progress band",
            unit="band",
            higher_is_better=False,
            series=[series("school", "Oakfield Primary", 2, 3, None)],
        )
    )
    assert root.find(f"{NS}desc").text == (
        "Oakfield Primary: band 2 (above average) in 2022/23, band 3 (average) in "
        "2023/24, no value in 2024/25. Band 1 is best."
    )


def test_every_id_is_prefixed_so_charts_on_one_page_do_not_clash():
    first, second = parse(chart(chart_id="reading")), parse(chart(chart_id="maths"))

    ids_first = [e.get("id") for e in first.iter() if e.get("id")]
    ids_second = [e.get("id") for e in second.iter() if e.get("id")]
    assert ids_first and all(i.startswith("reading-") for i in ids_first)
    assert all(i.startswith("maths-") for i in ids_second)
    assert not set(ids_first) & set(ids_second)
    assert len(ids_first) == len(set(ids_first))
    assert set(first.get("aria-labelledby").split()) <= set(ids_first)


@pytest.mark.parametrize("bad", ["", "two words", 'a"b', "1chart", "x<y"])
def test_a_chart_id_that_could_break_the_markup_is_refused(bad):
    with pytest.raises(ValueError, match="chart_id"):
        chart(chart_id=bad)


def test_same_input_gives_the_same_bytes():
    assert chart() == chart()
    assert chart(series=list(reversed(four_series()))) == chart(
        series=list(reversed(four_series()))
    )


def test_text_is_escaped():
    name = "St Mary's & St John's <CE> \"Primary\""
    svg = chart(
        title="Pupils' results & <trends>",
        series=[series("school", name, Decimal(61), Decimal(58), Decimal(49))],
    )
    root = parse(svg)  # would raise on a raw & or <

    assert root.find(f"{NS}title").text == "Pupils' results & <trends>"
    assert root.find(f"{NS}desc").text.startswith(f"{name}: 61% in 2022/23")
    assert any(t.text == name for t in texts(root))  # the legend
    assert "<CE>" not in svg and "& " not in svg
    assert group(root, "school").get("data-label") == name


# ---- lines and gaps -------------------------------------------------------------------


def test_a_missing_year_breaks_the_line_in_two():
    years = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    root = parse(
        chart(
            years=years,
            series=[series("school", "Oakfield", 50, 52, None, 55, 57, years=years)],
        )
    )

    lines = polylines(root, "school")
    assert len(lines) == 2
    assert [len(line) for line in lines] == [2, 2]
    gap = year_x(root, "2022/23")
    assert all(x != gap for line in lines for x, _ in line)
    assert len(markers(root, "school")) == 4


def test_a_point_between_two_gaps_is_a_marker_without_a_line():
    root = parse(chart(series=[series("school", "Oakfield", 40, None, 45)]))

    assert polylines(root, "school") == []
    assert [x for _, x, _ in markers(root, "school")] == [
        year_x(root, "2022/23"),
        year_x(root, "2024/25"),
    ]


def test_no_value_is_never_plotted_at_zero():
    root = parse(
        chart(
            title="Progress 8 score",
            unit="score",
            decimals=2,
            series=[
                series("school", "Oakfield", Decimal("-0.35"), None, Decimal("0.4")),
                series("la", "Northshire", None, Decimal("-0.1"), Decimal("0.2")),
            ],
        )
    )
    zero = next(e for e in root.iter() if e.get("data-role") == "zero-line")
    zero_y = float(zero.get("y1"))
    middle = year_x(root, "2023/24")

    school_points = [(x, y) for line in polylines(root, "school") for x, y in line]
    school_points += [(x, y) for _, x, y in markers(root, "school")]
    assert school_points
    assert all(x != middle for x, _ in school_points)
    assert all(abs(y - zero_y) > 1 for _, y in school_points)
    first = year_x(root, "2022/23")
    assert all(x != first for _, x, _ in markers(root, "la"))
    assert polylines(root, "school") == []  # no line jumps across the gap


def test_a_series_with_no_values_is_in_the_legend_but_not_plotted():
    root = parse(
        chart(
            series=[
                series("school", "Oakfield", 40, 42, 45),
                series("neighbours", "Statistical neighbours", None, None, None),
            ]
        )
    )
    assert markers(root, "neighbours") == [] and polylines(root, "neighbours") == []
    text_at(root, "Statistical neighbours (no data)")
    assert "Statistical neighbours: no values." in root.find(f"{NS}desc").text


# ---- axes -----------------------------------------------------------------------------


def test_the_band_axis_has_band_1_at_the_top():
    root = parse(
        chart(
            title="KS2 reading progress band",
            unit="band",
            higher_is_better=False,
            series=[series("school", "Oakfield", 1, 3, 5)],
        )
    )

    labels = [t.text for t in tick_labels(root)]
    assert labels == [
        "1 Well above",
        "2 Above",
        "3 Average",
        "4 Below",
        "5 Well below",
    ]
    ys = {t.text[0]: float(t.get("y")) for t in tick_labels(root)}
    assert ys["1"] < ys["2"] < ys["3"] < ys["4"] < ys["5"]
    by_year = {round(x): y for _, x, y in markers(root, "school")}
    band_1 = by_year[round(year_x(root, "2022/23"))]
    band_5 = by_year[round(year_x(root, "2024/25"))]
    assert band_1 < band_5
    assert text_at(root, "Band 1 is best") is not None


def test_the_band_axis_stays_1_to_5_whatever_the_values():
    root = parse(
        chart(unit="band", higher_is_better=False, series=[series("s", "S", 2, 2, 3)])
    )
    assert len(tick_labels(root)) == 5


def tick_values(root: ET.Element) -> list[float]:
    return [float(t.text.rstrip("%").replace(",", "")) for t in tick_labels(root)]


def test_a_percent_axis_is_clamped_to_0_and_100():
    root = parse(chart(series=[series("school", "Oakfield", 2, 60, 99)]))
    values = tick_values(root)
    assert values[0] == 0 and values[-1] == 100
    assert all(t.text.endswith("%") for t in tick_labels(root))

    root = parse(chart(series=[series("school", "Oakfield", 97, 99, 100)]))
    values = tick_values(root)
    assert values[-1] == 100 and min(values) >= 0

    root = parse(chart(series=[series("school", "Oakfield", 0, 1, 3)]))
    assert tick_values(root)[0] == 0


def test_a_percent_axis_does_not_start_at_zero_when_the_values_are_far_from_it():
    root = parse(chart())  # 49% to 62%
    values = tick_values(root)
    assert values[0] > 0 and values[0] <= 49 and values[-1] >= 62
    assert not any(e.get("data-role") == "zero-line" for e in root.iter())


def test_a_score_far_from_zero_does_not_start_at_zero():
    root = parse(
        chart(unit="score", decimals=1, series=[series("s", "S", 44.2, 46.8, 45.1)])
    )
    values = tick_values(root)
    assert 40 <= values[0] <= 44.2 and 46.8 <= values[-1] <= 50
    assert not any(e.get("data-role") == "zero-line" for e in root.iter())


def test_negative_scores_get_an_emphasised_zero_line():
    root = parse(
        chart(
            title="Progress 8 score",
            unit="score",
            decimals=2,
            series=[
                series("school", "Oakfield", Decimal("-0.35"), Decimal("0.12"), None)
            ],
        )
    )
    values = tick_values(root)
    assert values[0] < -0.35 and values[-1] > 0.12 and 0 in values
    zero = [e for e in root.iter() if e.get("data-role") == "zero-line"]
    assert len(zero) == 1
    assert float(zero[0].get("stroke-width")) > 1  # heavier than the gridlines
    ys = sorted(y for _, _, y in markers(root, "school"))
    assert ys[0] < float(zero[0].get("y1")) < ys[1]
    # the school's values are printed, with their sign
    text_at(root, "-0.35")
    text_at(root, "0.12")
    assert text_at(root, "Higher is better") is not None


def test_negative_scores_near_zero_still_show_where_zero_is():
    root = parse(
        chart(unit="score", decimals=2, series=[series("s", "S", -0.3, -0.05, -0.25)])
    )
    assert max(tick_values(root)) == 0
    assert any(e.get("data-role") == "zero-line" for e in root.iter())


@pytest.mark.parametrize(
    ("higher_is_better", "note"),
    [(True, "Higher is better"), (False, "Lower is better"), (None, None)],
)
def test_the_note_says_which_way_is_better(higher_is_better, note):
    root = parse(
        chart(
            title="Overall absence",
            unit="percent",
            decimals=1,
            higher_is_better=higher_is_better,
        )
    )
    notes = [e.text for e in root.iter() if e.get("data-role") == "note"]
    assert notes == ([note] if note else [])


def test_years_are_evenly_spaced_in_order():
    years = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    root = parse(
        chart(
            years=years,
            series=[series("school", "Oakfield", 50, 52, 53, 55, 57, years=years)],
        )
    )
    xs = [year_x(root, year) for year in years]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert min(gaps) > 50 and max(gaps) - min(gaps) <= 0.2  # coordinates: 0.1px


def test_a_single_year_renders_as_points():
    years = ["2024/25"]
    root = parse(
        chart(
            years=years,
            series=[
                series("school", "Oakfield", Decimal(61), years=years),
                series("england", "England", Decimal(62), years=years),
            ],
        )
    )
    assert polylines(root, "school") == [] and polylines(root, "england") == []
    x = year_x(root, "2024/25")
    assert [m[1] for m in markers(root, "school")] == [x]
    assert [m[1] for m in markers(root, "england")] == [x]
    text_at(root, "61%")
    assert 4 <= len(tick_labels(root)) <= 6


@pytest.mark.parametrize(
    "values",
    [
        [None, None, None],
        [],
    ],
)
def test_no_values_at_all_says_so(values):
    years = YEARS if values else []
    root = parse(
        chart(
            years=years,
            series=[series("school", "Oakfield", *values, years=years)],
        )
    )
    assert text_at(root, "No data for these years") is not None
    assert root.find(f"{NS}title").text.startswith("KS2 reading")
    assert root.find(f"{NS}desc").text == "No data for these years."
    assert root.get("role") == "img"
    assert not list(root.iter(f"{NS}polyline"))


# ---- telling the series apart -----------------------------------------------------------


def test_the_four_series_differ_in_more_than_colour():
    root = parse(chart())
    keys = ["school", "la", "neighbours", "england"]

    dashes, shapes = {}, {}
    for key in keys:
        (line,) = group(root, key).iter(f"{NS}polyline")
        dashes[key] = line.get("stroke-dasharray")
        shapes[key] = {shape for shape, _, _ in markers(root, key)}
    assert dashes["school"] is None  # solid
    assert len(set(dashes.values())) == 4
    assert shapes == {
        "school": {"circle"},
        "la": {"square"},
        "neighbours": {"triangle"},
        "england": {"diamond"},
    }
    widths = {
        key: float(next(group(root, key).iter(f"{NS}polyline")).get("stroke-width"))
        for key in keys
    }
    assert widths["school"] > max(widths[k] for k in keys if k != "school")


def test_the_legend_repeats_each_line_style_and_marker():
    root = parse(chart())
    legend = next(g for g in root.iter(f"{NS}g") if g.get("data-role") == "legend")
    entries = {g.get("data-series"): g for g in legend if g.get("data-series")}
    assert list(entries) == ["school", "la", "neighbours", "england"]
    for key, entry in entries.items():
        plotted = next(group(root, key).iter(f"{NS}polyline"))
        sample = entry.find(f"{NS}line")
        assert sample.get("stroke-dasharray") == plotted.get("stroke-dasharray")
        assert sample.get("stroke") == plotted.get("stroke")
        shape = next(e.get("data-shape") for e in entry if e.get("data-shape"))
        assert shape == markers(root, key)[0][0]
    labels = [entry.find(f"{NS}text").text for entry in entries.values()]
    assert labels == [
        "Oakfield Primary",
        "Northshire",
        "Statistical neighbours",
        "England",
    ]


def test_the_legend_stays_inside_the_chart():
    long_name = "The Very Long Name Church of England Voluntary Aided Primary School"
    svg = chart(
        series=[series("school", long_name, 61, 58, 49), *four_series()[1:]],
        width=360,
    )
    root = parse(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    for text in texts(root):
        assert 0 <= float(text.get("y")) <= height
        assert 0 <= float(text.get("x")) <= width
    legend = next(g for g in root.iter(f"{NS}g") if g.get("data-role") == "legend")
    names = [t.text for t in legend.iter(f"{NS}text")]
    assert names[0].endswith("…") and long_name.startswith(names[0][:-1])
    assert long_name in root.find(f"{NS}desc").text  # the full name is still read


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("key", sorted(STYLES))
def test_series_colours_have_at_least_3_to_1_contrast_on_white(key):
    contrast = 1.05 / (relative_luminance(STYLES[key].colour) + 0.05)
    assert contrast >= 3


def test_only_the_schools_values_are_printed():
    root = parse(chart())
    labels = next(
        g for g in root.iter(f"{NS}g") if g.get("data-role") == "value-labels"
    )
    assert [t.text for t in labels.iter(f"{NS}text")] == ["61%", "58%", "49%"]
    printed = {t.text for t in texts(root)}
    assert "62%" not in printed  # England's last value is only in the desc


def label_box(label: ET.Element) -> tuple[float, float, float, float]:
    """A generous box around a 12px value label: left, top, right, bottom."""
    x, y = float(label.get("x")), float(label.get("y"))
    width = 7.5 * len(label.text)
    left = {"middle": x - width / 2, "end": x - width}.get(
        label.get("text-anchor", "start"), x
    )
    return left, y - 10, left + width, y + 3


def test_value_labels_do_not_cover_other_markers():
    # the school just below England in the last year, the x axis just below it:
    # above the point the label would touch England's diamond
    root = parse(
        chart(
            title="Overall absence",
            decimals=1,
            higher_is_better=False,
            series=[
                series("school", "Oakfield", 6.1, None, 5.2),
                series("la", "Northshire", 6.5, 6.0, 5.8),
                series("england", "England", 6.3, 5.9, 5.5),
            ],
        )
    )
    labels = next(
        g for g in root.iter(f"{NS}g") if g.get("data-role") == "value-labels"
    )
    others = markers(root, "england") + markers(root, "la")
    for label in labels.iter(f"{NS}text"):
        left, top, right, bottom = label_box(label)
        for _, mx, my in others:
            assert not (left - 6 < mx < right + 6 and top - 6 < my < bottom + 6), (
                label.text,
                (mx, my),
            )


# ---- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (61, "percent", 0, "61%"),
        (Decimal("58.45"), "percent", 1, "58.5%"),  # half up, not to even
        (0.125, "rate", 2, "0.13"),
        (-0.35, "score", 2, "-0.35"),
        (Decimal("-0.001"), "score", 2, "0.00"),  # never "-0.00"
        (2, "band", 0, "2"),
        (1234, "count", 0, "1,234"),
        (Decimal("104.5"), "score", 0, "105"),
    ],
)
def test_format_value(value, unit, decimals, expected):
    assert format_value(value, unit, decimals) == expected


ALLOWED_MANTISSAS = {Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5)}


def is_nice_step(step: Decimal) -> bool:
    fraction = Fraction(step)
    while fraction >= 10:
        fraction /= 10
    while fraction < 1:
        fraction *= 10
    return fraction in ALLOWED_MANTISSAS


@pytest.mark.parametrize(
    ("low", "high"),
    [(0, 100), (49, 62), (-0.35, 0.12), (5.1, 5.3), (1000, 1001), (0.001, 0.002)],
)
def test_nice_ticks(low, high):
    ticks = nice_ticks(low, high)
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert 4 <= len(ticks) <= 6
    assert len(steps) == 1 and is_nice_step(steps.pop())
    assert ticks[0] <= Decimal(repr(low)) and ticks[-1] >= Decimal(repr(high))


values_strategy = st.lists(
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    min_size=1,
    max_size=12,
)


@given(values=values_strategy, unit=st.sampled_from(["score", "rate", "count"]))
def test_axis_ticks_always_cover_the_values_with_4_to_6_nice_steps(values, unit):
    floats = [float(v) for v in values]
    if unit != "score":
        floats = [abs(v) for v in floats]
    ticks = axis_ticks(floats, unit)
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert 4 <= len(ticks) <= 6
    assert len(steps) == 1 and is_nice_step(steps.pop())
    assert float(ticks[0]) <= min(floats) and float(ticks[-1]) >= max(floats)
    if unit != "score":
        assert ticks[0] >= 0


@given(
    values=st.lists(
        st.decimals(min_value=0, max_value=100, places=1, allow_nan=False),
        min_size=1,
        max_size=12,
    )
)
def test_percent_axis_ticks_stay_within_0_and_100(values):
    floats = [float(v) for v in values]
    ticks = axis_ticks(floats, "percent")
    assert 4 <= len(ticks) <= 6
    assert ticks[0] >= 0 and ticks[-1] <= 100
    assert float(ticks[0]) <= min(floats) and float(ticks[-1]) >= max(floats)
