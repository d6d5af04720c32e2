"""Charts drawn on the server as inline SVG: no JavaScript, no external library.

Pure functions: numbers and labels in, a safe SVG string out. Every piece is built with
`format_html`, so a label such as "<script>" stays text. Series differ in shape and dash as well as
colour, and each chart carries a <title> and <desc>; the table beside it holds the same numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
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


MONTH_LABEL = re.compile(r"^(\d{4})-(\d{2})$")
PARTIAL_GREY = "#98a2b3"


def _text_width(text: str) -> float:
    """Roughly how wide `text` is at FONT_SIZE: CJK and Tibetan glyphs are wider than Latin."""
    return sum(12.0 if ord(ch) > 0x2E80 or 0x0F00 <= ord(ch) <= 0x0FFF else 7.0 for ch in text)


def _period_labels(labels: Sequence[str], x_at: Callable[[int], float], y: float, every: int) -> SafeString:
    """Month labels on two lines, "MM" and, under the first month and each January, the year, so
    neighbours never run together ("2026-012026-02…"); other labels are shortened."""
    parts = []
    months = [MONTH_LABEL.match(label) for label in labels]
    for index, label in enumerate(labels):
        if index % every:
            continue
        match = months[index]
        if match is None:
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{}</text>',
                _n(x_at(index)), _n(y), _short(label, 10),
            ))
            continue
        year, month = match.groups()
        show_year = index == 0 or month == "01"
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="middle" fill="currentColor"><title>{}</title>{}{}</text>',
            _n(x_at(index)), _n(y), label, month,
            format_html('<tspan x="{}" dy="14">{}</tspan>', _n(x_at(index)), year) if show_year else "",
        ))
    return _join(parts)


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
    partial: Sequence[bool] = (),
    partial_label: str = "",
) -> SafeString:
    """Two lines over the same periods: a count on the left axis (solid, round markers) and a
    percentage on the right axis (dashed, square markers); a missing percentage breaks its line.
    A period still running (`partial`, e.g. the current month) is drawn hatched behind, with
    hollow markers on a faint line, and named in the legend (`partial_label`)."""
    height, left, right, top, bottom = 250.0, 48.0, WIDTH - 52.0, 40.0, 206.0
    plot_width, plot_height = right - left, bottom - top
    count = max(len(labels), 1)
    top_volume, volume_step = count_axis(max(volumes, default=0))
    is_partial = [index < len(partial) and partial[index] for index in range(len(labels))]
    hatch = f"{chart_id}-hatch"

    def x_at(index: int) -> float:
        return left + (index + 0.5) * plot_width / count

    def y_volume(value: float) -> float:
        return bottom - plot_height * value / top_volume

    def y_rate(value: float) -> float:
        return bottom - plot_height * max(0.0, min(value, 100.0)) / 100

    parts = [_legend([volume_label, rate_label], 16, dashed=[False, True])]
    if any(is_partial):
        parts.append(format_html(
            '<defs><pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{}" '
            'stroke-width="2"/></pattern></defs>', hatch, PARTIAL_GREY,
        ))
        text_end = WIDTH - 8.0
        box_x = text_end - _text_width(partial_label) - 18
        parts.append(format_html(
            '<rect x="{}" y="6" width="12" height="12" fill="url(#{})" stroke="{}"/>'
            '<text x="{}" y="16" text-anchor="end" fill="currentColor">{}</text>',
            _n(box_x), hatch, PARTIAL_GREY, _n(text_end), partial_label,
        ))
        slot = plot_width / count
        for index, running in enumerate(is_partial):
            if running:
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" fill-opacity="0.45">'
                    '<title>{}: {}</title></rect>',
                    _n(left + index * slot), _n(top), _n(slot), _n(plot_height), hatch, labels[index],
                    partial_label,
                ))
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
    parts.append(_period_labels(labels, x_at, bottom + 18, math.ceil(count / 12)))
    volume_points = [(x_at(i), y_volume(v)) for i, v in enumerate(volumes)]
    rate_points = [None if r is None else (x_at(i), y_rate(r)) for i, r in enumerate(rates)]

    def lines(points: Sequence[tuple[float, float] | None], colour: str, dash: str) -> None:
        complete = [None if is_partial[i] else p for i, p in enumerate(points)]
        for run in _segments(complete):
            parts.append(format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                " ".join(f"{_n(x)},{_n(y)}" for x, y in run), colour, dash,
            ))
        for index, point in enumerate(points):  # the faint step into a period still running
            before = points[index - 1] if index else None
            if is_partial[index] and point is not None and before is not None:
                parts.append(format_html(
                    '<polyline points="{},{} {},{}" fill="none" stroke="{}" stroke-width="2" '
                    'stroke-opacity="0.45" stroke-dasharray="2 3"/>',
                    _n(before[0]), _n(before[1]), _n(point[0]), _n(point[1]), colour,
                ))

    lines(volume_points, COLOURS[0], "")
    lines(rate_points, COLOURS[1], format_html(' stroke-dasharray="{}"', "6 3"))
    for index, (label, volume) in enumerate(zip(labels, volumes, strict=True)):
        x, y = volume_points[index]
        fill = "#fff" if is_partial[index] else COLOURS[0]
        suffix = f" ({partial_label})" if is_partial[index] and partial_label else ""
        parts.append(format_html(
            '<circle cx="{}" cy="{}" r="3.5" fill="{}" stroke="{}"><title>{}: {} {}{}</title></circle>',
            _n(x), _n(y), fill, COLOURS[0], label, volume, volume_label, suffix,
        ))
        point = rate_points[index]
        if point is not None and rates[index] is not None:
            parts.append(format_html(
                '<rect x="{}" y="{}" width="7" height="7" fill="{}" stroke="{}">'
                '<title>{}: {} {}{}</title></rect>',
                _n(point[0] - 3.5), _n(point[1] - 3.5), "#fff" if is_partial[index] else COLOURS[1],
                COLOURS[1], label, rate_label, _percent(rates[index] or 0.0), suffix,
            ))
    return _frame(chart_id, title, description, height, _join(parts))
