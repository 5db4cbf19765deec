"""Server-side SVG chart of a topic's figures over time (pure Python, no scripts)."""

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from claims.display import CURRENCY_SIGNS

# Okabe–Ito colours, told apart by colour-blind readers; the last ones repeat if needed.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#7A4E9E",
    "#4D4D4D",
)
WIDTH = 960
LEFT, RIGHT, TOP = 84, 24, 18
PLOT_HEIGHT = 250
AXIS_HEIGHT = 34
KEY_HEIGHT = 26
LEGEND_ROW = 22
LEGEND_COLUMNS = 2
LEGEND_CHARS = 40
FADED_OPACITY = "0.35"
DODGE = 9
UP = {"at_least", "more_than"}
DOWN = {"at_most", "less_than", "up_to"}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(slots=True)
class ChartPoint:
    """One figure: the period its date stands for, its value range and who gave it.

    Not frozen: a frozen dataclass takes three times as long to build (1 ms a chart of 400).
    """

    key: int
    href: str
    start: date
    end: date
    low: float
    high: float
    series: str
    label: str
    qualifier: str = ""
    faded: bool = False
    undated: bool = False


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    steps = math.ceil(top / step - 1e-9)
    return [i * step for i in range(steps + 1)]


def value_formatter(unit: str) -> Callable[[float], str]:
    """Tick labels short enough for the axis: "6,000", "$2 bn", "50%"."""

    def short(value: float) -> str:
        for size, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
            if abs(value) >= size:
                return f"{value / size:g}{word}"
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"

    if unit == "fraction":
        return lambda value: f"{value * 100:g}%"
    sign = CURRENCY_SIGNS.get(unit, "")
    return lambda value: f"{sign}{short(value)}"


def _date_ticks(lo: int, hi: int) -> list[tuple[int, str]]:
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    years = [y for y in range(first.year, last.year + 2) if lo <= date(y, 1, 1).toordinal() <= hi]
    if len(years) >= 2:
        step = next(s for s in (1, 2, 5, 10, 20, 50) if len(years) / s <= 8)
        return [(date(y, 1, 1).toordinal(), str(y)) for y in years if y % step == 0]
    months = []
    y, m = first.year, first.month
    while date(y, m, 1).toordinal() <= hi:
        if date(y, m, 1).toordinal() >= lo:
            months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    step = next(s for s in (1, 2, 3, 6, 12) if len(months) / s <= 8)
    return [
        (date(y, m, 1).toordinal(), f"{_MONTHS[m - 1]} {y}")
        for y, m in months
        if (m - 1) % step == 0
    ]


def _shape(point: ChartPoint, x0: float, x1: float, y, colour: str) -> str:
    """The SVG of one figure's mark, its elements a line each."""
    cx = (x0 + x1) / 2
    parts = []
    dash = ' stroke-dasharray="3 2"' if point.undated else ""
    if point.end > point.start:
        # How far the date is known: a month or a year drawn as a line across it.
        ymid = _num(y((point.low + point.high) / 2))
        parts.append(
            f'<line x1="{_num(x0)}" x2="{_num(x1)}" y1="{ymid}" y2="{ymid}" '
            f'stroke="{colour}" stroke-width="2" stroke-opacity="0.55"{dash}/>'
        )
    if point.high > point.low:
        top, bottom = y(point.high), y(point.low)
        parts.append(
            f'<rect x="{_num(cx - 5)}" y="{_num(top)}" width="10" '
            f'height="{_num(max(bottom - top, 2))}" rx="2" fill="{colour}" fill-opacity="0.3" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        return "\n".join(parts)
    cy = y(point.low)
    # Each number written once: a chart writes some 2,000.
    middle = _num(cx)
    fill = "#ffffff" if point.qualifier not in ("", "exact") else colour
    parts.append(
        f'<circle cx="{middle}" cy="{_num(cy)}" r="5.5" fill="{fill}" stroke="{colour}" '
        f'stroke-width="2.5"{dash}/>'
    )
    # An arrow above "at least" figures, below "at most" ones.
    arrow = -1 if point.qualifier in UP else 1 if point.qualifier in DOWN else 0
    if arrow:
        base, tip = _num(cy + arrow * 9), _num(cy + arrow * 16)
        parts.append(
            f'<path d="M{_num(cx - 5)} {base} L{middle} {tip} L{_num(cx + 5)} {base} Z" '
            f'fill="{colour}"/>'
        )
    return "\n".join(parts)


def _dodge(points: Sequence[ChartPoint]) -> dict[int, float]:
    """Sideways shifts that keep figures of one date from hiding each other."""
    groups: dict[tuple[date, date], list[ChartPoint]] = {}
    for point in points:
        groups.setdefault((point.start, point.end), []).append(point)
    offsets = {}
    for group in groups.values():
        if len(group) == 1:  # most dates have one figure
            offsets[group[0].key] = 0.0
            continue
        group.sort(key=lambda p: p.key)
        middle = (len(group) - 1) / 2
        for i, point in enumerate(group):
            offsets[point.key] = (i - middle) * DODGE
    return offsets


def _truncate(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def figure_chart(
    points: Sequence[ChartPoint],
    *,
    title: str,
    unit: str = "",
    axis_label: str = "",
    chart_id: str = "chart",
) -> str:
    """An SVG chart: dates across, values up, ranges as bars, one colour per source.

    Every label is escaped; each figure is a link to its claim with a <title> tooltip.
    """
    points = [p for p in points if math.isfinite(p.low) and math.isfinite(p.high)]
    series = list(dict.fromkeys(p.series for p in points))
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    legend_rows = math.ceil(len(series) / LEGEND_COLUMNS)
    plot_bottom = TOP + PLOT_HEIGHT
    height = plot_bottom + AXIS_HEIGHT + KEY_HEIGHT + legend_rows * LEGEND_ROW + 8
    plot_right = WIDTH - RIGHT
    fmt = value_formatter(unit)
    if points:
        lo = min(p.start for p in points).toordinal()
        hi = max(p.end for p in points).toordinal()
        first, last = date.fromordinal(lo), date.fromordinal(hi)
        when = f"{_MONTHS[first.month - 1]} {first.year} to {_MONTHS[last.month - 1]} {last.year}"
        summary = (
            f"{title}: {len(points)} figure{'s' if len(points) != 1 else ''} from "
            f"{len(series)} source{'s' if len(series) != 1 else ''}, {when}"
        )
    else:
        lo = hi = date.today().toordinal()
        summary = f"{title}: no figures to plot"
    pad = max(20, (hi - lo) * 0.05) if hi > lo else 200
    lo, hi = int(lo - pad), int(hi + pad)
    ticks = nice_ticks(max((p.high for p in points), default=0))
    top_value = ticks[-1] or 1.0

    def x(ordinal: float) -> float:
        return LEFT + (ordinal - lo) / (hi - lo) * (plot_right - LEFT)

    def y(value: float) -> float:
        return plot_bottom - value / top_value * PLOT_HEIGHT

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_attr(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_attr(summary)}" '
        f'data-points="{len(points)}" font-size="12">',
        f"<title>{escape(summary)}</title>",
        '<g class="axis y-axis">',
    ]
    for tick in ticks:
        ty = _num(y(tick))
        out.append(
            f'<line x1="{LEFT}" x2="{plot_right}" y1="{ty}" y2="{ty}" stroke="#d9dde3" '
            f'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{ty}" dy="0.32em" text-anchor="end" fill="#4a5261">'
            f"{escape(fmt(tick))}</text>"
        )
    if axis_label:
        out.append(
            f'<text x="14" y="{_num(TOP + PLOT_HEIGHT / 2)}" text-anchor="middle" '
            f'fill="#4a5261" transform="rotate(-90 14 {_num(TOP + PLOT_HEIGHT / 2)})">'
            f"{escape(axis_label)}</text>"
        )
    out.append("</g>")
    out.append('<g class="axis x-axis">')
    out.append(
        f'<line x1="{LEFT}" x2="{plot_right}" y1="{plot_bottom}" y2="{plot_bottom}" '
        f'stroke="#7b8494" stroke-width="1"/>'
    )
    for ordinal, text in _date_ticks(lo, hi):
        tx = _num(x(ordinal))
        out.append(
            f'<line x1="{tx}" x2="{tx}" y1="{plot_bottom}" y2="{plot_bottom + 5}" '
            f'stroke="#7b8494" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{tx}" y="{plot_bottom + 19}" text-anchor="middle" fill="#4a5261">'
            f"{escape(text)}</text>"
        )
    out.append("</g>")
    if not points:
        out.append(
            f'<text x="{_num((LEFT + plot_right) / 2)}" y="{_num(TOP + PLOT_HEIGHT / 2)}" '
            f'text-anchor="middle" fill="#4a5261">No dated figures to plot</text>'
        )
    out.append('<g class="points">')
    offsets = _dodge(points)
    # Faded (superseded) figures first, so current ones are drawn on top.
    for point in sorted(points, key=lambda p: (not p.faded, p.start, p.key)):
        colour = colours[point.series]
        shift = offsets[point.key]
        x0, x1 = x(point.start.toordinal()) + shift, x(point.end.toordinal() + 1) + shift
        opacity = f' opacity="{FADED_OPACITY}"' if point.faded else ""
        label = _attr(point.label)
        out.append(
            f'<a href="{_attr(point.href)}" class="point{" faded" if point.faded else ""}" '
            f'data-claim="{_attr(point.key)}" aria-label="{label}"{opacity}>'
            f"<title>{label}</title>\n{_shape(point, x0, x1, y, colour)}\n</a>"
        )
    out.append("</g>")
    key_y = plot_bottom + AXIS_HEIGHT + 8
    out.append(
        f'<text class="key" x="{LEFT}" y="{key_y}" fill="#4a5261">'
        "● exact   ○ about   ▲ at least, more than   ▼ at most, up to   ▮ range   "
        "— date known only to the month or year   pale: superseded</text>"
    )
    out.append('<g class="chart-legend">')
    column_width = (plot_right - LEFT) / LEGEND_COLUMNS
    counts = Counter(p.series for p in points)
    for i, name in enumerate(series):
        row, column = divmod(i, LEGEND_COLUMNS)
        lx = LEFT + column * column_width
        ly = key_y + KEY_HEIGHT + row * LEGEND_ROW - 4
        out.append(
            f'<g class="legend-item"><title>{escape(name)}</title>'
            f'<circle cx="{_num(lx + 6)}" cy="{_num(ly - 4)}" r="6" fill="{colours[name]}"/>'
            f'<text x="{_num(lx + 18)}" y="{_num(ly)}" fill="#1d2330">'
            f"{escape(_truncate(name, LEGEND_CHARS))} ({counts[name]})</text></g>"
        )
    out.append("</g></svg>")
    return "\n".join(out)
