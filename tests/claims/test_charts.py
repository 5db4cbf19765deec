"""The topic chart: an SVG drawn in pure Python, accessible, escaped and honest about ranges."""

import datetime
import re
import xml.etree.ElementTree as ET

from claims.charts import ChartPoint, figure_chart, nice_ticks, value_formatter

SVG = "{http://www.w3.org/2000/svg}"


def point(key, *, low, high=None, when=datetime.date(2017, 8, 1), end=None, **fields):
    values = {
        "key": key,
        "href": f"/claims/{key}/",
        "start": when,
        "end": end or when,
        "low": low,
        "high": low if high is None else high,
        "series": "Public Authority of Manpower",
        "label": f"figure {key}",
    }
    values.update(fields)
    return ChartPoint(**values)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def marks(root):
    return [a for a in root.iter(f"{SVG}a") if "point" in a.get("class", "").split()]


def test_chart_is_an_accessible_image_with_one_linked_mark_per_figure():
    svg = figure_chart(
        [point(1, low=2800, when=datetime.date(2017, 6, 1)), point(2, low=6120)],
        title="Workers present · Kuwait",
        unit="workers",
        axis_label="workers",
    )
    root = parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "Workers present · Kuwait: 2 figures from 1 source, Jun 2017 to Aug 2017"
    )
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    assert root.get("data-points") == "2"
    links = marks(root)
    assert [a.get("href") for a in links] == ["/claims/1/", "/claims/2/"]
    assert [a.find(f"{SVG}title").text for a in links] == ["figure 1", "figure 2"]
    assert "<script" not in svg and "style=" not in svg


def test_chart_puts_later_dates_right_and_larger_values_higher():
    root = parse(
        figure_chart(
            [point(1, low=1000, when=datetime.date(2016, 1, 1)), point(2, low=9000)],
            title="t",
        )
    )
    first, second = (a.find(f"{SVG}circle") for a in marks(root))
    assert float(first.get("cx")) < float(second.get("cx"))
    assert float(first.get("cy")) > float(second.get("cy"))  # SVG's y grows downwards


def test_ranges_are_bars_and_one_sided_figures_carry_an_arrow():
    root = parse(
        figure_chart(
            [
                point(1, low=10000, high=99999, qualifier="vague"),
                point(2, low=50000, qualifier="more_than", when=datetime.date(2018, 1, 1)),
                point(3, low=40000, qualifier="up_to", when=datetime.date(2019, 1, 1)),
            ],
            title="t",
        )
    )
    vague, more, up_to = marks(root)
    bar = vague.find(f"{SVG}rect")
    assert bar is not None and vague.find(f"{SVG}circle") is None
    assert float(bar.get("height")) > 50  # spans 10,000 to 99,999
    up = [float(v) for v in re.findall(r"[\d.]+", more.find(f"{SVG}path").get("d"))]
    down = [float(v) for v in re.findall(r"[\d.]+", up_to.find(f"{SVG}path").get("d"))]
    assert up[3] < float(more.find(f"{SVG}circle").get("cy"))  # the arrow's tip is above
    assert down[3] > float(up_to.find(f"{SVG}circle").get("cy"))  # ... and below


def test_exact_figures_are_filled_and_approximate_ones_hollow():
    exact, about = marks(
        parse(
            figure_chart(
                [
                    point(1, low=6120, qualifier="exact"),
                    point(2, low=6000, qualifier="approximately"),
                ],
                title="t",
            )
        )
    )
    assert exact.find(f"{SVG}circle").get("fill") != "#ffffff"
    assert about.find(f"{SVG}circle").get("fill") == "#ffffff"


def test_dates_known_to_the_month_span_the_month_and_same_dates_are_set_apart():
    root = parse(
        figure_chart(
            [
                point(1, low=6000, end=datetime.date(2017, 8, 31)),
                point(2, low=6120, end=datetime.date(2017, 8, 31)),
                point(3, low=2800, when=datetime.date(2017, 6, 19)),
            ],
            title="t",
        )
    )
    by_claim = {a.get("data-claim"): a for a in marks(root)}
    one, two, day = by_claim["1"], by_claim["2"], by_claim["3"]
    line = one.find(f"{SVG}line")
    assert float(line.get("x2")) - float(line.get("x1")) > 10
    assert day.find(f"{SVG}line") is None  # a day needs no span
    assert one.find(f"{SVG}circle").get("cx") != two.find(f"{SVG}circle").get("cx")


def test_each_source_has_a_colour_and_a_legend_entry_and_superseded_figures_are_faded():
    svg = figure_chart(
        [
            point(1, low=2800, series="officials", faded=True),
            point(2, low=6120, series="Public Authority of Manpower"),
            point(3, low=6500, series="Overseas Labour Watch"),
        ],
        title="t",
    )
    root = parse(svg)
    fills = {a.get("data-claim"): a.find(f"{SVG}circle").get("stroke") for a in marks(root)}
    assert len(set(fills.values())) == 3
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith("(1)")]
    assert legend == [
        "officials (1)",
        "Public Authority of Manpower (1)",
        "Overseas Labour Watch (1)",
    ]
    faded = [a for a in marks(root) if a.get("opacity")]
    assert [a.get("data-claim") for a in faded] == ["1"]
    assert "faded" in faded[0].get("class")


def test_labels_are_escaped():
    svg = figure_chart(
        [
            point(
                1,
                low=5,
                series='<script>alert("s")</script>',
                label="</title><script>alert(1)</script>",
                href='/claims/1/" onclick="alert(1)',
            )
        ],
        title="A & B <i>",
    )
    parse(svg)
    assert "<script" not in svg and "<i>" not in svg
    assert 'onclick="' not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "A &amp; B &lt;i&gt;" in svg


def test_an_empty_chart_says_so():
    root = parse(figure_chart([], title="Nothing"))
    assert root.get("data-points") == "0"
    assert any(t.text == "No dated figures to plot" for t in root.iter(f"{SVG}text"))


def test_long_spans_get_year_ticks_and_short_ones_month_ticks():
    long = parse(
        figure_chart(
            [
                point(1, low=1, when=datetime.date(2010, 5, 1)),
                point(2, low=2, when=datetime.date(2024, 5, 1)),
            ],
            title="t",
        )
    )
    short = parse(
        figure_chart(
            [
                point(1, low=1, when=datetime.date(2017, 6, 1)),
                point(2, low=2, when=datetime.date(2017, 9, 1)),
            ],
            title="t",
        )
    )

    def ticks(root):
        axis = next(g for g in root.iter(f"{SVG}g") if "x-axis" in g.get("class", ""))
        return [t.text for t in axis.iter(f"{SVG}text")]

    assert all(re.fullmatch(r"\d{4}", t) for t in ticks(long)) and len(ticks(long)) <= 8
    assert ticks(short)[:2] == ["Jun 2017", "Jul 2017"]


def test_nice_ticks_and_value_labels():
    assert nice_ticks(6500) == [0, 2000, 4000, 6000, 8000]
    assert nice_ticks(99999) == [0, 20000, 40000, 60000, 80000, 100000]
    assert nice_ticks(0) == [0.0, 1.0]
    assert value_formatter("USD")(2_000_000_000) == "$2 bn"
    assert value_formatter("workers")(6000) == "6,000"
    assert value_formatter("fraction")(0.5) == "50%"
    assert value_formatter("EUR")(1_500_000) == "€1.5 m"
