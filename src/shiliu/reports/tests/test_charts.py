"""The SVG chart helpers: pure functions, so plain table-driven tests."""

from __future__ import annotations

import pytest

from shiliu.reports.charts import BarGroup, count_axis, nice_ceiling, rate_bars, trend_lines


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 1), (-3, 1), (0.4, 0.5), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (240, 500),
        (5001, 10000),
    ],
)
def test_nice_ceiling_rounds_up_to_one_two_or_five(value: float, expected: float) -> None:
    assert nice_ceiling(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(0, (4, 1)), (1, (4, 1)), (4, (4, 1)), (5, (8, 2)), (7, (8, 2)), (9, (20, 5)), (40, (40, 10)),
     (41, (80, 20)), (4999, (8000, 2000))],
)
def test_count_axes_step_in_whole_readable_numbers(maximum: int, expected: tuple[int, int]) -> None:
    assert count_axis(maximum) == expected


def bars(*groups: BarGroup) -> str:
    return str(rate_bars(chart_id="c", title="Rates", description="Bars", series=["A", "B"],
                         groups=list(groups)))


def test_bars_are_proportional_on_a_0_to_100_axis() -> None:
    svg = bars(BarGroup("Unit", (100.0, 50.0)))

    assert 'width="400.0"' in svg  # 100% fills the plot
    assert 'width="200.0"' in svg
    assert "50.0%" in svg


def test_a_missing_rate_draws_a_dash_not_a_bar() -> None:
    svg = bars(BarGroup("Unit", (None, 25.0)))

    assert svg.count("<rect") == 2 + 1  # two legend swatches, one bar
    assert "<title>A: —</title>—" in svg


def test_labels_are_escaped() -> None:
    svg = bars(BarGroup('<script>alert("x")</script>', (10.0, 20.0)))

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_long_labels_are_shortened_with_the_full_label_as_title() -> None:
    label = "一个名字特别特别特别特别长的街道办事处"

    svg = bars(BarGroup(label, (10.0, 20.0)))

    assert f"<title>{label}</title>" in svg
    assert label[:15] + "…" in svg


def test_charts_are_labelled_for_assistive_technology() -> None:
    svg = bars()

    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Rates</title><desc id="c-desc">Bars</desc>' in svg


def trend(labels: list[str], volumes: list[int], rates: list[float | None]) -> str:
    return str(trend_lines(chart_id="t", title="Trend", description="Lines", labels=labels,
                           volumes=volumes, rates=rates, volume_label="Submitted",
                           rate_label="Completion <rate>"))


def test_the_trend_breaks_the_rate_line_where_there_is_no_rate() -> None:
    months = ["2025-01", "2025-02", "2025-03", "2025-04"]

    svg = trend(months, [4, 0, 2, 3], [50.0, None, 100.0, 0.0])

    assert svg.count("<polyline") == 3  # one volume line, the rate line in two runs
    assert svg.count("<circle") == 4
    assert svg.count('width="7" height="7"') == 3  # a square marker per known rate
    assert "Completion &lt;rate&gt;" in svg


def test_the_trend_scales_volume_to_a_readable_top() -> None:
    svg = trend(["2025-01", "2025-02"], [3, 5], [None, None])

    assert [f">{n}</text>" in svg for n in (0, 2, 4, 6, 8)] == [True] * 5  # counts 0 to 8
    assert ">2.5</text>" not in svg
    assert ">100%</text>" in svg


@pytest.mark.parametrize("count", [0, 1, 40])
def test_the_trend_draws_any_number_of_months(count: int) -> None:
    labels = [f"m{i}" for i in range(count)]

    svg = trend(labels, [1] * count, [50.0] * count)

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == count


def test_month_labels_stand_apart_with_the_year_under_january_and_the_first_month() -> None:
    months = ["2025-11", "2025-12", "2026-01", "2026-02"]

    svg = trend(months, [1, 2, 3, 4], [50.0] * 4)

    # Each month is its own label, "MM", never "2025-112025-12…" run together
    assert "2025-112025-12" not in svg
    for month in ("11", "12", "01", "02"):
        assert f"</title>{month}" in svg
    assert svg.count("<tspan") == 2  # the year under the first month and under January
    assert ">2025</tspan>" in svg and ">2026</tspan>" in svg


def test_a_month_in_progress_is_hatched_hollow_and_named_in_the_legend() -> None:
    svg = str(trend_lines(
        chart_id="t", title="Trend", description="Lines", labels=["2026-01", "2026-02", "2026-03"],
        volumes=[10, 12, 3], rates=[80.0, 75.0, 20.0], volume_label="Submitted", rate_label="Completion",
        partial=[False, False, True], partial_label="Month in progress",
    ))

    assert 'fill="url(#t-hatch)"' in svg and "<pattern" in svg
    assert ">Month in progress</text>" in svg  # the legend
    assert svg.count('fill="#fff" stroke="#1f5fa8"') == 1  # the partial month's hollow marker
    assert svg.count('stroke-opacity="0.45"') == 2  # faint steps into it, volume and rate
    assert "2026-03: 3 Submitted (Month in progress)" in svg
