"""Charts drawn on the server as inline SVG: no JavaScript, no external library.

Pure functions: numbers and labels in, a safe SVG string out. Every piece is built with
`format_html`, so a label such as "<script>" stays text. Series differ in shape and dash as well as
colour, and each chart carries a <title> and <desc>; the table beside it holds the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from shiliu.reports.figures import one_decimal

WIDTH = 640
# Presentation attributes, not a style="" attribute: the Content-Security-Policy has no
# 'unsafe-inline', and the width cap lives in shiliu.css (svg.chart).
FONT_FAMILY = "system-ui, sans-serif"
FONT_SIZE = "12"
# Blue and orange stay apart for the common kinds of colour blindness.
COLOURS = ("#1f5fa8", "#c8641b")
GRID = "#d0d5dd"
LABEL_CHARS = 16


@dataclass(frozen=True)
class BarGroup:
    label: str
    percents: tuple[float | None, ...]  # one per series, 0..100; None: nothing to show


def _n(value: float) -> str:
    """A coordinate, short and locale-independent."""
    return f"{value:.1f}"


def _join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _percent(value: float) -> str:
    return f"{one_decimal(value)}%"


def _hollow(colour: str) -> SafeString:
    """The second series: a lighter fill with an outline, told apart without colour."""
    return format_html(' fill-opacity="0.55" stroke="{}"', colour)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten at or above `value` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def count_axis(maximum: int, ticks: int = 4) -> tuple[int, int]:
    """(top, step) of an axis of counts: whole, readable steps (1, 2, 5, 10, 20, ...) and the
    smallest top at or above `maximum`."""
    step = max(1, int(nice_ceiling(maximum / ticks)))
    return step * ticks, step


def _frame(
    chart_id: str, title: str, description: str, height: float, body: SafeString
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="100%" '
        'font-family="{}" font-size="{}" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH, _n(height), FONT_FAMILY, FONT_SIZE, chart_id, chart_id, chart_id, title, chart_id,
        description, body,
    )


def _legend(series: Sequence[str], y: float, *, dashed: Sequence[bool] = ()) -> SafeString:
    parts = []
    x = 8.0
    for index, label in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        if dashed:
            dash = format_html(' stroke-dasharray="{}"', "6 3") if dashed[index] else ""
            parts.append(format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"{}/>',
                _n(x), _n(y - 4), _n(x + 18), _n(y - 4), colour, dash,
            ))
        else:
            parts.append(format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"{}/>',
                _n(x), _n(y - 10), colour,
                _hollow(colour) if index % 2 else "",
            ))
        parts.append(format_html('<text x="{}" y="{}" fill="currentColor">{}</text>',
                                 _n(x + 24), _n(y), label))
        x += 24 + 7.5 * len(label) + 24
    return _join(parts)


def rate_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[str],
    groups: Sequence[BarGroup],
) -> SafeString:
    """Horizontal grouped bars, one row of bars per group, one bar per series, on a 0 to 100%
    axis."""
    label_width, plot_left, plot_width = 150.0, 158.0, 400.0
    bar, gap, group_gap, top = 12.0, 2.0, 12.0, 48.0
    group_height = len(series) * bar + (len(series) - 1) * gap + group_gap
    height = top + max(len(groups), 1) * group_height + 8
    parts = [_legend(series, 16)]
    for tick in (0, 25, 50, 75, 100):
        x = plot_left + plot_width * tick / 100
        parts.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
            '<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{}</text>',
            _n(x), _n(top - 6), _n(x), _n(height - 8), GRID, _n(x), _n(top - 10), f"{tick}%",
        ))
    for row, group in enumerate(groups):
        y0 = top + row * group_height
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="currentColor"><title>{}</title>{}</text>',
            _n(label_width), _n(y0 + (group_height - group_gap) / 2 + 4), group.label,
            _short(group.label),
        ))
        for index, name in enumerate(series):
            value = group.percents[index] if index < len(group.percents) else None
            y = y0 + index * (bar + gap)
            colour = COLOURS[index % len(COLOURS)]
            if value is None:
                parts.append(format_html(
                    '<text x="{}" y="{}" fill="currentColor"><title>{}: {}</title>—</text>',
                    _n(plot_left + 4), _n(y + bar - 2), name, "—",
                ))
                continue
            width = plot_width * max(0.0, min(value, 100.0)) / 100
            style = _hollow(colour) if index % 2 else ""
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}>'
                '<title>{}: {}</title></rect>'
                '<text x="{}" y="{}" fill="currentColor">{}</text>',
                _n(plot_left), _n(y), _n(width), _n(bar), colour, style, name, _percent(value),
                _n(plot_left + width + 4), _n(y + bar - 2), _percent(value),
            ))
    return _frame(chart_id, title, description, height, _join(parts))


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive points; a None breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def trend_lines(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    volumes: Sequence[int],
    rates: Sequence[float | None],
    volume_label: str,
    rate_label: str,
) -> SafeString:
    """Two lines over the same periods: a count on the left axis (solid, round markers) and a
    percentage on the right axis (dashed, square markers); a missing percentage breaks its line."""
    height, left, right, top, bottom = 250.0, 48.0, WIDTH - 52.0, 40.0, 206.0
    plot_width, plot_height = right - left, bottom - top
    count = max(len(labels), 1)
    top_volume, volume_step = count_axis(max(volumes, default=0))

    def x_at(index: int) -> float:
        return left + (index + 0.5) * plot_width / count

    def y_volume(value: float) -> float:
        return bottom - plot_height * value / top_volume

    def y_rate(value: float) -> float:
        return bottom - plot_height * max(0.0, min(value, 100.0)) / 100

    parts = [_legend([volume_label, rate_label], 16, dashed=[False, True])]
    for step in range(5):
        fraction = step / 4
        y = bottom - plot_height * fraction
        volume_text = str(volume_step * step)
        parts.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
            '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
            '<text x="{}" y="{}" fill="{}">{}</text>',
            _n(left), _n(y), _n(right), _n(y), GRID,
            _n(left - 6), _n(y + 4), COLOURS[0], volume_text,
            _n(right + 6), _n(y + 4), COLOURS[1], f"{25 * step}%",
        ))
    every = math.ceil(count / 12)
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{}</text>',
                _n(x_at(index)), _n(bottom + 18), _short(label, 10),
            ))
    volume_points = [(x_at(i), y_volume(v)) for i, v in enumerate(volumes)]
    rate_points = [None if r is None else (x_at(i), y_rate(r)) for i, r in enumerate(rates)]
    for run in _segments(volume_points):
        parts.append(format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
            " ".join(f"{_n(x)},{_n(y)}" for x, y in run), COLOURS[0],
        ))
    for run in _segments(rate_points):
        parts.append(format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
            'stroke-dasharray="6 3"/>',
            " ".join(f"{_n(x)},{_n(y)}" for x, y in run), COLOURS[1],
        ))
    for index, (label, volume) in enumerate(zip(labels, volumes, strict=True)):
        x, y = volume_points[index]
        parts.append(format_html(
            '<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}: {} {}</title></circle>',
            _n(x), _n(y), COLOURS[0], label, volume, volume_label,
        ))
        point = rate_points[index]
        if point is not None and rates[index] is not None:
            parts.append(format_html(
                '<rect x="{}" y="{}" width="7" height="7" fill="{}">'
                '<title>{}: {} {}</title></rect>',
                _n(point[0] - 3.5), _n(point[1] - 3.5), COLOURS[1], label, rate_label,
                _percent(rates[index] or 0.0),
            ))
    return _frame(chart_id, title, description, height, _join(parts))
