"""Every figure against counts worked out by hand from the scenario in conftest.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from shiliu.core.permissions import visible_to
from shiliu.people.models import User
from shiliu.reports.figures import FIGURES, FigureRow, compute, figure_requests, quantile
from shiliu.reports.tests.conftest import APRIL_30, MARCH_1, Scenario, at, submit
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest

RATES = [f.key for f in FIGURES if f.unit == "rate"]


def rates(row: FigureRow) -> dict[str, tuple[int | None, int]]:
    """(numerator, denominator) of every rate in the row."""
    return {
        c.figure.key: (c.numerator, c.denominator) for c in row.cells if c.figure.unit == "rate"
    }


def hours(row: FigureRow) -> tuple[float | None, float | None, int]:
    median, p90 = row.cell("median_hours_to_resolve"), row.cell("p90_hours_to_resolve")
    return median.value, p90.value, median.denominator


def test_every_figure_over_all_requests_matches_the_hand_count(
    scenario: Scenario, analyst: User
) -> None:
    table = compute(user=analyst, group_by="month", start=MARCH_1, end=APRIL_30)

    assert table.total.submitted == 8
    assert rates(table.total) == {
        # dispatched: R1 R2 R3 R4 R7 R8; all but R4 were signed for
        "signing_rate": (5, 6),
        # accepted: all but R6; standing resolved: R1 R2 R7 (closed), R3 (resolved). R8 was
        # resolved, then reopened, and is in progress again: not completed.
        "completion_rate": (4, 7),
        # of those four, R3 was resolved 3-12 09:00 after its 3-12 00:00 deadline
        "on_time_rate": (3, 4),
        # rated: R1 R2 R7 R8; latest answer "solved": R1 R2
        "resolution_rate": (2, 4),
        # latest ratings 5, 4, 3, 1
        "satisfaction_rate": (3, 4),
        # resolved at least once: R1 R2 R3 R7 R8; R3 was never rated
        "follow_up_rate": (4, 5),
        "reminder_rate": (1, 6),  # R2
        "return_rate": (1, 6),  # R3
        "extension_rate": (1, 6),  # R2
        "rehandling_rate": (2, 4),  # R7 and R8 were reopened
    }
    # first resolutions: R1 24 h, R2 216 h, R3 192 h, R7 6 h, R8 6 h → 6 6 24 192 216;
    # p90 at rank 0.9 x 4 = 3.6: 192 + 0.6 x (216 - 192) = 206.4
    assert hours(table.total) == (pytest.approx(24.0), pytest.approx(206.4), 5)


def test_rates_show_their_value_rounded_half_up(scenario: Scenario, analyst: User) -> None:
    with translation.override("en"):
        total = compute(user=analyst, group_by="month", start=MARCH_1, end=APRIL_30).total
        p90 = total.cell("p90_hours_to_resolve").display

    assert total.cell("signing_rate").value == pytest.approx(5 / 6)
    assert total.cell("signing_rate").display == "83.3%"
    assert total.cell("signing_rate").detail == "5/6"
    assert total.cell("reminder_rate").display == "16.7%"
    assert p90 == "206.4 h"


def test_grouping_by_handling_unit_uses_the_current_assignee(
    scenario: Scenario, analyst: User, city: Any
) -> None:
    with translation.override("en"):
        table = compute(user=analyst, group_by="unit", start=MARCH_1, end=APRIL_30)
        labels = [str(row.label) for row in table.rows]

    assert labels == [
        "区住建局", "第一网格", "第二网格", "Not assigned to a unit (not dispatched, or returned)",
    ]
    housing = table.row(str(city.housing.pk))  # R1 R2 R7
    assert housing.submitted == 3
    assert rates(housing)["signing_rate"] == (3, 3)
    assert rates(housing)["resolution_rate"] == (2, 3)
    assert rates(housing)["rehandling_rate"] == (1, 3)
    # 24, 216, 6 → median 24; p90 at rank 1.8: 24 + 0.8 x (216 - 24) = 177.6
    assert hours(housing) == (pytest.approx(24.0), pytest.approx(177.6), 3)

    grid_a = table.row(str(city.grid_a.pk))  # R3 (re-dispatched here after its return) and R8
    assert grid_a.submitted == 2
    assert rates(grid_a)["return_rate"] == (1, 2)
    assert rates(grid_a)["completion_rate"] == (1, 2)
    assert rates(grid_a)["on_time_rate"] == (0, 1)
    # 192 and 6 → median 99; p90 at rank 0.9: 6 + 0.9 x 186 = 173.4
    assert hours(grid_a) == (pytest.approx(99.0), pytest.approx(173.4), 2)

    grid_b = table.row(str(city.grid_b.pk))  # R4, never signed for
    assert rates(grid_b)["signing_rate"] == (0, 1)
    assert grid_b.cell("on_time_rate").value is None
    assert grid_b.cell("on_time_rate").display == "—"
    assert hours(grid_b) == (None, None, 0)

    unassigned = table.row("")  # R5 (accepted only) and R6 (not accepted)
    assert unassigned.submitted == 2
    assert rates(unassigned)["completion_rate"] == (0, 1)
    assert rates(unassigned)["signing_rate"] == (0, 0)
    assert unassigned.cell("signing_rate").display == "—"


def test_grouping_by_category_uses_the_top_level_category(
    scenario: Scenario, analyst: User
) -> None:
    table = compute(user=analyst, group_by="category", start=MARCH_1, end=APRIL_30)

    assert [(row.label, row.submitted) for row in table.rows] == [("住房", 4), ("公共设施", 4)]
    housing, facilities = table.rows
    assert rates(housing)["completion_rate"] == (4, 4)
    assert rates(housing)["on_time_rate"] == (3, 4)
    assert rates(housing)["follow_up_rate"] == (3, 4)
    # 6, 24, 192, 216 → median (24 + 192) / 2 = 108; p90 at rank 2.7: 192 + 0.7 x 24 = 208.8
    assert hours(housing) == (pytest.approx(108.0), pytest.approx(208.8), 4)
    assert rates(facilities)["completion_rate"] == (0, 3)  # R4 R5 R8 accepted, none completed
    assert rates(facilities)["signing_rate"] == (1, 2)  # R4 no, R8 yes
    assert rates(facilities)["satisfaction_rate"] == (0, 1)  # R8 rated 1
    assert facilities.cell("on_time_rate").value is None


def test_grouping_by_channel(scenario: Scenario, analyst: User) -> None:
    table = compute(user=analyst, group_by="channel", start=MARCH_1, end=APRIL_30)

    assert [(row.key, row.submitted) for row in table.rows] == [("portal", 7), ("phone", 1)]
    portal, phone = table.rows
    assert rates(portal)["signing_rate"] == (4, 5)
    assert rates(portal)["completion_rate"] == (3, 6)
    assert rates(portal)["on_time_rate"] == (3, 3)
    assert rates(phone)["return_rate"] == (1, 1)
    assert rates(phone)["on_time_rate"] == (0, 1)
    assert rates(phone)["follow_up_rate"] == (0, 1)


def test_grouping_by_month_in_local_time(scenario: Scenario, analyst: User) -> None:
    table = compute(user=analyst, group_by="month", start=MARCH_1, end=APRIL_30)

    assert [(row.label, row.submitted) for row in table.rows] == [("2025-03", 7), ("2025-04", 1)]
    march, april = table.rows
    assert rates(march)["completion_rate"] == (3, 6)
    assert rates(march)["on_time_rate"] == (2, 3)
    assert rates(april)["rehandling_rate"] == (1, 1)
    assert rates(april)["satisfaction_rate"] == (1, 1)  # R7's latest rating is 3, fairly satisfied


def test_month_grouping_lists_every_month_of_the_period(scenario: Scenario, analyst: User) -> None:
    table = compute(user=analyst, group_by="month", start=date(2025, 2, 1), end=date(2025, 5, 31))

    assert [(row.label, row.submitted) for row in table.rows] == [
        ("2025-02", 0), ("2025-03", 7), ("2025-04", 1), ("2025-05", 0),
    ]
    assert all(cell.value is None for cell in table.rows[0].cells)
    assert {cell.display for cell in table.rows[0].cells} == {"—"}


def test_grouping_by_language(scenario: Scenario, analyst: User) -> None:
    table = compute(user=analyst, group_by="language", start=MARCH_1, end=APRIL_30)

    assert [(row.key, row.submitted) for row in table.rows] == [
        ("en", 1), ("ug", 1), ("zh-hans", 6),
    ]
    assert table.row("ug").label == "ئۇيغۇرچە (ug)"
    assert rates(table.row("zh-hans"))["completion_rate"] == (3, 5)


def test_period_runs_over_local_dates_both_included(city: Any, analyst: User) -> None:
    submit(city.category, at(2, 28, 23, 59))  # before the period
    submit(city.category, datetime(2025, 2, 28, 16, 30, tzinfo=UTC))  # 3-1 00:30 local
    submit(city.category, at(3, 31, 23, 59))
    submit(city.category, at(4, 1, 0, 0))  # after the period

    table = compute(user=analyst, group_by="month", start=MARCH_1, end=date(2025, 3, 31))

    assert [(row.label, row.submitted) for row in table.rows] == [("2025-03", 2)]


def test_requests_alike_in_every_column_still_count_one_by_one(
    city: Any, analyst: User, dispatcher: User
) -> None:
    twins = [submit(city.category, at(3, 3, 9)), submit(city.category, at(3, 3, 9))]
    for request in twins:
        workflow.accept(request, actor=dispatcher, now=at(3, 3, 10))

    total = compute(user=analyst, group_by="unit", start=MARCH_1, end=APRIL_30).total

    assert total.submitted == 2
    assert rates(total)["completion_rate"] == (0, 2)


def test_figures_come_from_history_not_the_current_status(
    city: Any, analyst: User, dispatcher: User, handler: User
) -> None:
    request = submit(city.category, at(3, 3, 9))
    workflow.accept(request, actor=dispatcher, now=at(3, 3, 10))
    workflow.dispatch(request, actor=dispatcher, unit=city.housing, now=at(3, 3, 11))
    workflow.return_(request, actor=handler, reason="不属于本部门。", policy_basis="三定方案",
                     now=at(3, 3, 12))  # status "returned", no assigned unit

    total = compute(user=analyst, group_by="unit", start=MARCH_1, end=APRIL_30).total

    assert rates(total)["signing_rate"] == (0, 1)  # it was dispatched, though it is not now
    assert rates(total)["return_rate"] == (1, 1)


def test_an_approved_extension_moves_the_on_time_deadline(
    city: Any, analyst: User, dispatcher: User, handler: User, supervisor: User
) -> None:
    extended, late = submit(city.category, at(3, 3, 9)), submit(city.category, at(3, 3, 9))
    for request in (extended, late):
        workflow.accept(request, actor=dispatcher, now=at(3, 3, 10))  # resolve by 3-11 00:00
        workflow.dispatch(request, actor=dispatcher, unit=city.housing, now=at(3, 3, 11))
        workflow.sign(request, actor=handler, now=at(3, 3, 12))
    extension = workflow.request_extension(extended, actor=handler, reason="等待配件。",
                                           new_resolve_by=at(3, 14, 0), now=at(3, 4, 9))
    workflow.decide_extension(extension, actor=supervisor, approve=True, now=at(3, 4, 10))
    for request in (extended, late):
        workflow.resolve(request, actor=handler, reply="已处理。", now=at(3, 12, 9))

    total = compute(user=analyst, group_by="unit", start=MARCH_1, end=APRIL_30).total

    assert rates(total)["on_time_rate"] == (1, 2)
    assert rates(total)["extension_rate"] == (1, 2)


def test_a_refused_extension_is_not_counted(
    city: Any, analyst: User, dispatcher: User, handler: User, supervisor: User
) -> None:
    request = submit(city.category, at(3, 3, 9))
    workflow.accept(request, actor=dispatcher, now=at(3, 3, 10))
    workflow.dispatch(request, actor=dispatcher, unit=city.housing, now=at(3, 3, 11))
    workflow.sign(request, actor=handler, now=at(3, 3, 12))
    extension = workflow.request_extension(request, actor=handler, reason="等待配件。",
                                           new_resolve_by=at(3, 14, 0), now=at(3, 4, 9))
    workflow.decide_extension(extension, actor=supervisor, approve=False, now=at(3, 4, 10))

    total = compute(user=analyst, group_by="unit", start=MARCH_1, end=APRIL_30).total

    assert rates(total)["extension_rate"] == (0, 1)


# --- Scope ----------------------------------------------------------------------------------------


def test_a_grid_worker_sees_the_figures_of_their_grid_only(
    scenario: Scenario, grid_worker: User
) -> None:
    table = compute(user=grid_worker, group_by="unit", start=MARCH_1, end=APRIL_30)

    # everything arose in grid A except R4, which arose in grid B and went to grid B
    assert table.total.submitted == 7
    assert "第二网格" not in [row.label for row in table.rows]
    assert rates(table.total)["signing_rate"] == (5, 5)


def test_the_other_grid_worker_sees_only_grid_b(
    scenario: Scenario, other_grid_worker: User
) -> None:
    table = compute(user=other_grid_worker, group_by="unit", start=MARCH_1, end=APRIL_30)

    assert [(row.label, row.submitted) for row in table.rows] == [("第二网格", 1)]


def test_a_department_handler_sees_what_is_assigned_to_the_department(
    scenario: Scenario, handler: User
) -> None:
    table = compute(user=handler, group_by="category", start=MARCH_1, end=APRIL_30)

    # R1 R2 R7; R3 was returned by housing and now sits with grid A
    assert table.total.submitted == 3
    assert rates(table.total)["extension_rate"] == (1, 3)


@pytest.mark.parametrize("persona", ["dispatcher", "supervisor", "handler", "grid_worker"])
def test_request_roles_see_figures_of_exactly_the_requests_they_may_see(
    scenario: Scenario, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)

    assert set(figure_requests(user)) == set(visible_to(user, ServiceRequest))


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_people_without_a_figure_role_see_nothing(
    scenario: Scenario, outsider: User, who: str
) -> None:
    user = outsider if who == "outsider" else AnonymousUser()

    table = compute(user=user, group_by="month", start=MARCH_1, end=APRIL_30)

    assert table.total.submitted == 0
    assert {row.submitted for row in table.rows} == {0}


def test_compute_takes_four_queries_whatever_the_number_of_requests(
    scenario: Scenario, analyst: User, django_assert_num_queries: Any
) -> None:
    # how far the daily tallies reach (none built), the analyst's units, one row per request,
    # the units' names
    with django_assert_num_queries(4):
        compute(user=analyst, group_by="unit", start=MARCH_1, end=APRIL_30)


# --- Quantiles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 0.5, None),
        ([7.0], 0.5, 7.0),
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0], 0.5, 1.5),
        ([3.0, 1.0, 2.0], 0.5, 2.0),
        ([float(n) for n in range(1, 11)], 0.5, 5.5),
        ([float(n) for n in range(1, 11)], 0.9, 9.1),  # rank 8.1 between 9 and 10
        ([6.0, 6.0, 24.0, 192.0, 216.0], 0.9, 206.4),
        ([0.0, 100.0], 1.0, 100.0),
        ([0.0, 100.0], 0.0, 0.0),
    ],
)
def test_quantile_interpolates_between_closest_ranks(
    values: list[float], q: float, expected: float | None
) -> None:
    result = quantile(values, q)

    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize("q", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_a_histogram_quantile_equals_the_quantile_of_its_values(q: float) -> None:
    import random
    from collections import Counter

    from shiliu.reports.figures import histogram_quantile

    rng = random.Random(7)
    for size in (1, 2, 3, 10, 101):
        values = [rng.randrange(0, 50) for _ in range(size)]
        assert histogram_quantile(Counter(values), q) == pytest.approx(
            quantile([float(v) for v in values], q))
    assert histogram_quantile(Counter(), q) is None


def test_every_figure_has_a_unique_key_a_name_and_a_definition() -> None:
    keys = [figure.key for figure in FIGURES]

    assert len(keys) == len(set(keys))
    with translation.override("en"):
        assert all(str(figure.name) and str(figure.definition).endswith(".") for figure in FIGURES)
    assert "signing_rate" in RATES
