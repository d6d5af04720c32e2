"""Figures from the stored daily tallies (`reports.rollups`) equal the figures from the
requests, for the hand-counted scenario (conftest.py), every grouping and every scope; a new
request counts at once when submitted today, and on a closed day after the next refresh."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from shiliu.people.models import StaffRole, User
from shiliu.people.tests.auth import login_staff
from shiliu.reports import rollups
from shiliu.reports.figures import GROUPS, FigureRow, compute, request_facts, tabulate
from shiliu.reports.models import FigureRollup, RollupState
from shiliu.reports.tasks import refresh_figure_rollups
from shiliu.reports.tests.conftest import APRIL_30, MARCH_1, Scenario, submit
from shiliu.service_requests import workflow


@pytest.fixture(autouse=True)
def mid_morning() -> Iterator[None]:
    """Every test here runs at 10:00 in Shanghai: `later()` must not cross local midnight, where a
    day closes and the refresh has one more day to build (the tests failed from 15:30 UTC)."""
    with time_machine.travel(datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def later(minutes: int = 15) -> Any:
    """Past the refresh's overlap: what the scenario wrote is no longer new."""
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def raw(user: User, group_by: Any) -> Any:
    """The figures straight from the requests, as the page computed them before rollups."""
    return tabulate(request_facts(user=user, start=MARCH_1, end=APRIL_30), group_by=group_by,
                    start=MARCH_1, end=APRIL_30)


def summary(row: FigureRow) -> tuple[Any, ...]:
    return (row.key, row.label, row.submitted,
            tuple((c.figure.key, c.numerator, c.denominator, c.value) for c in row.cells))


@pytest.mark.parametrize("group_by", GROUPS)
def test_stored_figures_equal_the_figures_from_the_requests(
    scenario: Scenario, analyst: User, grid_worker: User, handler: User, group_by: Any
) -> None:
    result = rollups.refresh()

    assert result.days == 6  # the scenario's submission days: 3-3 3-4 3-5 3-6 3-7 4-1
    assert RollupState.objects.get().built_through == timezone.localdate() - timedelta(days=1)
    with translation.override("en"):
        for user in (analyst, grid_worker, handler):  # the city, one grid, one department
            stored = compute(user=user, group_by=group_by, start=MARCH_1, end=APRIL_30)
            expected = raw(user, group_by)
            assert [summary(r) for r in stored.rows] == [summary(r) for r in expected.rows]
            assert summary(stored.total) == summary(expected.total)


def test_stored_figures_match_the_hand_count(scenario: Scenario, analyst: User) -> None:
    rollups.refresh()
    total = compute(user=analyst, group_by="month", start=MARCH_1, end=APRIL_30).total

    assert total.submitted == 8
    assert (total.cell("completion_rate").numerator, total.cell("completion_rate").denominator) \
        == (4, 7)
    assert (total.cell("on_time_rate").numerator, total.cell("on_time_rate").denominator) == (3, 4)
    assert total.cell("median_hours_to_resolve").value == pytest.approx(24.0)
    assert total.cell("p90_hours_to_resolve").value == pytest.approx(206.4)


def test_stored_days_are_read_from_the_tallies_not_the_requests(
    scenario: Scenario, analyst: User, django_assert_num_queries: Any
) -> None:
    rollups.refresh()
    start, end = MARCH_1, APRIL_30
    # the state, the analyst's units, the rows (month rows for March and April); no query over
    # the requests
    with django_assert_num_queries(3):
        tallies = rollups.figure_tallies(user=analyst, groups=("channel", "month"), start=start,
                                         end=end)
    assert sum(t.submitted for t in tallies["channel"].values()) == 8
    assert sum(t.submitted for t in tallies["month"].values()) == 8
    # the same question before the next refresh: the assembled tallies are cached, and the
    # analyst's units were read once for this user object (User.unit_paths): the state alone
    with django_assert_num_queries(1):
        again = rollups.figure_tallies(user=analyst, groups=("channel", "month"), start=start,
                                       end=end)
    assert summary_of(again) == summary_of(tallies)


def summary_of(tallies: Any) -> Any:
    return {g: {k: (t.submitted, t.counts, dict(t.minutes)) for k, t in groups.items()}
            for g, groups in tallies.items()}


def test_a_period_that_cuts_months_reads_month_and_day_rows_alike(
    scenario: Scenario, analyst: User, grid_worker: User
) -> None:
    rollups.refresh()
    assert FigureRollup.objects.filter(grain="m").exists()
    start, end = MARCH_1 + timedelta(days=3), APRIL_30 - timedelta(days=28)  # 3-4 .. 4-2
    with translation.override("en"):
        for user in (analyst, grid_worker):
            for group_by in GROUPS:
                stored = compute(user=user, group_by=group_by, start=start, end=end)
                expected = tabulate(request_facts(user=user, start=start, end=end),
                                    group_by=group_by, start=start, end=end)
                assert [summary(r) for r in stored.rows] == [summary(r) for r in expected.rows]
                assert summary(stored.total) == summary(expected.total)


def test_a_user_of_two_unrelated_units_is_counted_from_the_requests_once_each(
    scenario: Scenario, city: Any
) -> None:
    from shiliu.core.permissions import Role
    from shiliu.service_requests.tests.factories import staff

    both = staff(Role.ANALYST, city.grid_a, username="two-units")
    StaffRole.objects.create(user=both, role=Role.ANALYST, unit=city.housing)
    rollups.refresh()
    assert rollups.single_scope(both.unit_paths()) is None

    with translation.override("en"):
        stored = compute(user=both, group_by="unit", start=MARCH_1, end=APRIL_30)
        expected = raw(both, "unit")
    # all but R4 (placed in and dispatched to grid B); R1, R2, R7 both in grid A and at housing
    assert stored.total.submitted == expected.total.submitted == 7
    assert summary(stored.total) == summary(expected.total)


def test_durations_are_counted_in_whole_minutes_alike_from_rows_and_requests(
    city: Any, dispatcher: User, handler: User, analyst: User
) -> None:
    from shiliu.reports.tests.conftest import at

    for seconds in (10, 50, 130):  # 1 h 0 min 10 s … 1 h 2 min 10 s to resolve
        request = submit(city.category, at(3, 3, 9))
        workflow.accept(request, actor=dispatcher, now=at(3, 3, 9, 1))
        workflow.dispatch(request, actor=dispatcher, unit=city.housing, now=at(3, 3, 9, 2))
        workflow.sign(request, actor=handler, now=at(3, 3, 9, 3))
        workflow.resolve(request, actor=handler, reply="好了。",
                         now=at(3, 3, 10) + timedelta(seconds=seconds))
    rollups.refresh()

    stored = compute(user=analyst, group_by="month", start=MARCH_1, end=APRIL_30).total
    expected = raw(analyst, "month").total
    # minutes 60, 60, 62: the median is 60 min, the 90th percentile 60 + 0.8 × 2 min
    assert stored.cell("median_hours_to_resolve").value == pytest.approx(1.0)
    assert stored.cell("p90_hours_to_resolve").value == pytest.approx((60 + 1.6) / 60)
    assert summary(stored) == summary(expected)


def test_a_request_is_stored_once_per_grouping_under_each_unit_that_sees_it(
    city: Any, dispatcher: User
) -> None:
    from shiliu.reports.tests.conftest import at

    request = submit(city.category, at(3, 3, 9))  # in grid A: city, district, street, community
    workflow.accept(request, actor=dispatcher, now=at(3, 3, 10))
    workflow.dispatch(request, actor=dispatcher, unit=city.housing, now=at(3, 3, 11))
    rollups.refresh()

    scopes = {city.city.pk, city.district.pk, city.street.pk, city.community.pk, city.grid_a.pk,
              city.housing.pk}
    day_rows = FigureRollup.objects.filter(grain="d")
    assert set(day_rows.values_list("scope_id", flat=True)) == scopes
    assert day_rows.count() == len(scopes) * len(rollups.KINDS)
    assert FigureRollup.objects.filter(grain="m", day=MARCH_1).count() == day_rows.count()


def test_a_request_submitted_today_counts_at_once(
    scenario: Scenario, analyst: User, city: Any
) -> None:
    rollups.refresh()
    today = timezone.localdate()
    before = compute(user=analyst, group_by="month", start=MARCH_1, end=today).total.submitted

    submit(city.category, timezone.now())

    after = compute(user=analyst, group_by="month", start=MARCH_1, end=today).total.submitted
    assert after == before + 1


def test_a_change_to_a_closed_day_counts_after_the_refresh(
    scenario: Scenario, analyst: User, dispatcher: User
) -> None:
    rollups.refresh()

    def dispatched() -> tuple[int | None, int]:
        cell = compute(user=analyst, group_by="month", start=MARCH_1, end=APRIL_30).total.cell(
            "signing_rate")
        return cell.numerator, cell.denominator

    assert dispatched() == (5, 6)
    with later(15):
        rollups.refresh()
    with later(30):
        workflow.dispatch(scenario.r5, actor=dispatcher, unit=scenario.r4.assigned_unit)
        assert dispatched() == (5, 6)  # stored: as of the last refresh (the page says when)

        result = rollups.refresh()

        assert result.days == 1  # only R5's submission day is rebuilt
        assert dispatched() == (5, 7)


def test_a_request_entered_late_for_a_closed_day_counts_after_the_refresh(
    scenario: Scenario, analyst: User, city: Any
) -> None:
    rollups.refresh()
    yesterday = timezone.localdate() - timedelta(days=1)
    submit(city.category, timezone.now() - timedelta(days=1, hours=1))  # a day (or so) ago
    result = rollups.refresh()

    assert result.days >= 1
    total = compute(user=analyst, group_by="month", start=yesterday - timedelta(days=1),
                    end=yesterday + timedelta(days=1)).total
    assert total.submitted == 1


def test_nothing_touched_rebuilds_nothing_and_full_rebuilds_everything(
    scenario: Scenario,
) -> None:
    rollups.refresh()
    rows = FigureRollup.objects.count()
    assert rows > 0

    with later(15):  # what was written just before the first refresh is looked at again once
        assert rollups.refresh().days == 6
    with later(30):
        assert rollups.refresh().days == 0
        assert rollups.refresh(full=True).days == 6
    assert FigureRollup.objects.count() == rows


def test_the_command_and_the_task_refresh(scenario: Scenario) -> None:
    out = StringIO()
    call_command("refresh_rollups", "--full", stdout=out, verbosity=0)
    assert "6 day(s)" in out.getvalue()

    with later(15):
        assert refresh_figure_rollups.call() == {"days": 6, "rows": 128}
    with later(30):
        assert refresh_figure_rollups.call() == {"days": 0, "rows": 0}


def test_a_refresh_tells_how_far_it_is_through_the_days_then_the_months(
    scenario: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    heard: list[tuple[str, int, int]] = []

    rollups.refresh(full=True, progress=lambda *step: heard.append(step))

    # the runs 3-3…3-7 and 4-1, then March and April (closed by mid-June)
    assert heard == [("days", 5, 6), ("days", 6, 6), ("months", 1, 2), ("months", 2, 2)]
    call_command("refresh_rollups", "--full", stdout=StringIO())
    shown = capsys.readouterr().err
    assert "refresh_rollups days" in shown and "6/6" in shown
    assert "refresh_rollups months" in shown and "2/2" in shown


def test_the_page_says_as_of_when(client: Client, scenario: Scenario, analyst: User) -> None:
    url = reverse("reports:figures")
    response = login_staff(client, analyst).get(url, {"start": "2025-03-01", "end": "2025-04-30"})
    assert "数据截至" not in response.content.decode()  # nothing stored yet: counted live

    rollups.refresh()
    response = client.get(url, {"start": "2025-03-01", "end": "2025-04-30"})

    refreshed = timezone.localtime(RollupState.objects.get().refreshed_at)
    assert f"数据截至 {refreshed:%H:%M}" in response.content.decode()
    assert response.context["table"].total.submitted == 8
