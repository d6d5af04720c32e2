"""Deadline arithmetic (sla.py): working days with China's holidays and adjusted workdays (调休),
closing at 24:00 Asia/Shanghai; clock hours; administrator overrides; years the library lacks.

The holiday facts below are the State Council's, as carried by the chinese_calendar library:
  National Day 2025   holiday 1-8 Oct (Wed-Wed); workdays Sun 28 Sep and Sat 11 Oct
  Spring Festival 2026 holiday 15-23 Feb (Sun-Mon); workdays Sat 14 Feb and Sat 28 Feb
  Mid-autumn 2026     holiday 25-27 Sep (Fri-Sun)
  National Day 2026   holiday 1-7 Oct (Thu-Wed); workdays Sun 20 Sep and Sat 10 Oct
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine

from shiliu.service_requests import sla, workflow
from shiliu.service_requests.models import HolidayOverride
from shiliu.service_requests.tests.journeys import SHANGHAI, submit

WD = sla.WORKING_DAYS

# Years after 2026 are "not covered" by the library in every test here, whatever version is
# installed (see the fixture); 2025 and 2026 come from the library itself.
pytestmark = pytest.mark.usefixtures("calendar_until_2026")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def close_of(year: int, month: int, day: int) -> datetime:
    """24:00 on that day in Shanghai, i.e. 00:00 of the next."""
    return datetime.combine(date(year, month, day) + timedelta(days=1), time.min, tzinfo=SHANGHAI)


WORKING_DAY_DEADLINES = [
    # National Day 2025
    pytest.param(
        at(2025, 9, 26), 1, close_of(2025, 9, 28), id="2025-fri-to-adjusted-workday-sun-28-sep"
    ),
    pytest.param(
        at(2025, 9, 26), 3, close_of(2025, 9, 30), id="2025-fri-3-days-through-adjusted-sun"
    ),
    pytest.param(
        at(2025, 9, 30), 1, close_of(2025, 10, 9), id="2025-eve-of-holiday-skips-1-to-8-oct"
    ),
    pytest.param(
        at(2025, 9, 30), 3, close_of(2025, 10, 11), id="2025-ends-on-adjusted-workday-sat-11-oct"
    ),
    pytest.param(at(2025, 9, 30), 5, close_of(2025, 10, 14), id="2025-5-days-over-the-holiday"),
    pytest.param(at(2025, 10, 3, 15), 1, close_of(2025, 10, 9), id="2025-start-on-a-holiday"),
    pytest.param(
        at(2025, 10, 8, 23, 59), 1, close_of(2025, 10, 9), id="2025-start-late-on-last-holiday"
    ),
    pytest.param(at(2025, 9, 28, 9), 1, close_of(2025, 9, 29), id="2025-start-on-adjusted-workday"),
    # Spring Festival 2026
    pytest.param(
        at(2026, 2, 13), 1, close_of(2026, 2, 14), id="2026-fri-to-adjusted-workday-sat-14-feb"
    ),
    pytest.param(at(2026, 2, 13), 2, close_of(2026, 2, 24), id="2026-over-spring-festival"),
    pytest.param(
        at(2026, 2, 14, 16), 5, close_of(2026, 2, 28), id="2026-ends-on-adjusted-workday-sat-28-feb"
    ),
    pytest.param(at(2026, 2, 18), 3, close_of(2026, 2, 26), id="2026-start-mid-festival"),
    pytest.param(at(2026, 2, 23), 1, close_of(2026, 2, 24), id="2026-start-on-last-festival-day"),
    # Mid-autumn and National Day 2026
    pytest.param(at(2026, 9, 24), 1, close_of(2026, 9, 28), id="2026-over-mid-autumn-weekend"),
    pytest.param(
        at(2026, 9, 19), 1, close_of(2026, 9, 20), id="2026-sat-to-adjusted-workday-sun-20-sep"
    ),
    pytest.param(at(2026, 9, 30), 2, close_of(2026, 10, 9), id="2026-over-national-day"),
    pytest.param(
        at(2026, 9, 30), 3, close_of(2026, 10, 10), id="2026-ends-on-adjusted-workday-sat-10-oct"
    ),
    # Ordinary weeks and weekends
    pytest.param(at(2026, 3, 4), 5, close_of(2026, 3, 11), id="plain-week"),
    pytest.param(at(2026, 3, 6, 17), 1, close_of(2026, 3, 9), id="friday-to-monday"),
    pytest.param(at(2026, 3, 7), 1, close_of(2026, 3, 9), id="start-on-saturday"),
    pytest.param(at(2026, 3, 8, 23, 30), 1, close_of(2026, 3, 9), id="start-late-on-sunday"),
    pytest.param(at(2026, 3, 4, 0, 0), 1, close_of(2026, 3, 5), id="start-at-midnight"),
    pytest.param(
        at(2026, 3, 4, 23, 59), 1, close_of(2026, 3, 5), id="start-a-minute-before-midnight"
    ),
]


@pytest.mark.parametrize(("start", "days", "expected"), WORKING_DAY_DEADLINES)
def test_working_day_deadlines_close_at_24_00_of_the_nth_working_day_after_the_start(
    start: datetime, days: int, expected: datetime
) -> None:
    assert sla.deadline(start, days, WD, {}) == expected


@pytest.mark.parametrize(
    ("start_utc", "expected"),
    [
        # 15:30 UTC on Wed 4 March is 23:30 the same day in Shanghai: the next working day is Thu 5.
        pytest.param(
            datetime(2026, 3, 4, 15, 30, tzinfo=UTC), close_of(2026, 3, 5), id="still-wednesday"
        ),
        # 16:30 UTC on Wed 4 March is 00:30 on Thu 5 in Shanghai: the next working day is Fri 6.
        pytest.param(
            datetime(2026, 3, 4, 16, 30, tzinfo=UTC), close_of(2026, 3, 6), id="already-thursday"
        ),
    ],
)
def test_the_start_day_is_the_day_in_shanghai_whatever_the_zone_of_the_start(
    start_utc: datetime, expected: datetime
) -> None:
    result = sla.deadline(start_utc, 1, WD, {})
    assert result == expected
    assert result.astimezone(SHANGHAI).time() == time(0, 0)


HOUR_DEADLINES = [
    pytest.param(at(2025, 9, 30, 23), 2, at(2025, 10, 1, 1), id="holidays-do-not-stop-the-hours"),
    pytest.param(at(2026, 2, 14, 10), 24, at(2026, 2, 15, 10), id="24-hours-into-spring-festival"),
    pytest.param(at(2026, 3, 7, 9), 2, at(2026, 3, 7, 11), id="weekend-hours"),
    pytest.param(
        datetime(2026, 3, 4, 23, 0, tzinfo=UTC),
        4,
        datetime(2026, 3, 5, 3, 0, tzinfo=UTC),
        id="utc-start",
    ),
]


@pytest.mark.parametrize(("start", "hours", "expected"), HOUR_DEADLINES)
def test_hour_limits_are_clock_hours(start: datetime, hours: int, expected: datetime) -> None:
    assert sla.deadline(start, hours, sla.HOURS, {}) == expected


OVERRIDES = [
    pytest.param(
        {date(2026, 3, 5): False},
        at(2026, 3, 4),
        close_of(2026, 3, 6),
        id="a-library-workday-declared-a-holiday",
    ),
    pytest.param(
        {date(2025, 10, 2): True},
        at(2025, 9, 30),
        close_of(2025, 10, 2),
        id="a-library-holiday-declared-a-workday",
    ),
    pytest.param(
        {date(2026, 3, 7): True},
        at(2026, 3, 6),
        close_of(2026, 3, 7),
        id="a-saturday-declared-a-workday",
    ),
    pytest.param(
        {date(2026, 2, 14): False},
        at(2026, 2, 13),
        close_of(2026, 2, 24),
        id="an-adjusted-workday-cancelled",
    ),
]


@pytest.mark.parametrize(("overrides", "start", "expected"), OVERRIDES)
def test_overrides_take_precedence_over_the_library(
    overrides: dict[date, bool], start: datetime, expected: datetime
) -> None:
    assert sla.deadline(start, 1, WD, overrides) == expected


UNCOVERED = [
    pytest.param({}, at(2030, 3, 1), 1, close_of(2030, 3, 4), id="weekends-only-fri-to-mon"),
    pytest.param(
        {}, at(2030, 9, 30), 1, close_of(2030, 10, 1), id="no-national-day-without-overrides"
    ),
    pytest.param(
        {date(2030, 10, d): False for d in range(1, 8)},
        at(2030, 9, 30),
        1,
        close_of(2030, 10, 8),
        id="national-day-2030-entered-as-overrides",
    ),
    pytest.param(
        {date(2030, 3, 2): True},
        at(2030, 3, 1),
        2,
        close_of(2030, 3, 4),
        id="adjusted-saturday-entered-as-override",
    ),
    pytest.param(
        {},
        at(2026, 12, 31),
        1,
        close_of(2027, 1, 1),
        id="from-a-covered-year-into-an-uncovered-one",
    ),
    pytest.param(
        {date(2027, 1, 1): False},
        at(2026, 12, 31),
        1,
        close_of(2027, 1, 4),
        id="new-year-2027-entered-as-override",
    ),
]


@pytest.mark.parametrize(("overrides", "start", "days", "expected"), UNCOVERED)
def test_a_year_the_library_lacks_counts_weekends_plus_overrides_and_warns(
    caplog: pytest.LogCaptureFixture,
    overrides: dict[date, bool],
    start: datetime,
    days: int,
    expected: datetime,
) -> None:
    # when a deadline is computed for days the library does not know
    with caplog.at_level(logging.WARNING, logger="shiliu.sla"):
        result = sla.deadline(start, days, WD, overrides)

    # then weekends and overrides decide, without raising, and the administrator is warned
    assert result == expected
    warnings = [
        r for r in caplog.records if r.name == "shiliu.sla" and r.levelno == logging.WARNING
    ]
    assert warnings
    uncovered_year = str(expected.year)  # in every case here, the year of the deadline
    assert all(uncovered_year in r.getMessage() for r in warnings)


def test_a_covered_year_logs_no_calendar_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="shiliu.sla"):
        sla.deadline(at(2025, 9, 30), 5, WD, {})
    assert not [r for r in caplog.records if r.name == "shiliu.sla"]


def test_the_installed_library_carries_the_years_these_tests_use() -> None:
    # not through the fixture: the pinned chinese-calendar range must know 2025 and 2026
    import chinese_calendar

    for day in (date(2025, 1, 1), date(2026, 12, 31)):
        chinese_calendar.is_workday(day)


def test_the_library_covers_2026_but_not_2027() -> None:
    assert sla.library_covers(date(2026, 12, 31))
    assert not sla.library_covers(date(2027, 1, 1))


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        pytest.param(date(2025, 9, 26), date(2025, 10, 12), 7, id="national-day-2025"),
        pytest.param(date(2026, 2, 9), date(2026, 3, 1), 11, id="spring-festival-2026"),
        pytest.param(date(2026, 3, 2), date(2026, 3, 8), 5, id="plain-week"),
        pytest.param(date(2026, 3, 8), date(2026, 3, 2), 0, id="empty-range"),
    ],
)
def test_working_days_between_counts_the_closed_range(
    first: date, last: date, expected: int
) -> None:
    assert sla.working_days_between(first, last, {}) == expected


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        sla.nth_working_day_after(date(2026, 3, 4), 0, {})
    with pytest.raises(ValueError, match="unknown time unit"):
        sla.deadline(at(2026, 3, 4), 1, "fortnights", {})


# --- The calendar as data: what the workflow actually uses ---------------------------------------


def test_the_administrators_overrides_are_used_when_a_request_is_accepted(
    city: Any, dispatcher: Any
) -> None:
    # given Thursday 5 March 2026 declared a holiday in the admin
    HolidayOverride.objects.create(day=date(2026, 3, 5), is_workday=False, note="临时调整")
    request = submit(city.category)

    # when it is accepted on Wednesday 4 March with 5 working days to resolve
    with time_machine.travel(at(2026, 3, 4), tick=False):
        workflow.accept(request, actor=dispatcher)

    # then the 5th working day is Thursday 12 March, not Wednesday 11
    assert request.resolve_by == close_of(2026, 3, 12)


def test_intake_and_acceptance_in_an_uncovered_year_do_not_fail(
    city: Any, dispatcher: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # when a request is submitted and accepted on Friday 1 March 2030
    with (
        time_machine.travel(at(2030, 3, 1), tick=False),
        caplog.at_level(logging.WARNING, logger="shiliu.sla"),
    ):
        request = submit(city.category)
        workflow.accept(request, actor=dispatcher)

    # then it has a reference and a weekend-only deadline, and a warning was logged
    assert request.reference == "SL-2030-000001"
    assert request.resolve_by == close_of(2030, 3, 8)
    assert any("2030" in r.getMessage() for r in caplog.records if r.name == "shiliu.sla")


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        pytest.param(
            (2, "working_days"), (10, "working_days"), close_of(2026, 3, 6), id="child-sets-its-own"
        ),
        pytest.param(
            (None, "working_days"),
            (3, "working_days"),
            close_of(2026, 3, 9),
            id="inherits-the-parent",
        ),
        pytest.param(
            (None, "working_days"),
            (None, "working_days"),
            close_of(2026, 3, 13),
            id="default-7-days",
        ),
        pytest.param(
            (4, "hours"), (None, "working_days"), at(2026, 3, 4, 14), id="hours-on-the-child"
        ),
    ],
)
def test_the_resolve_limit_comes_from_the_category_then_its_parent_then_the_default(
    city: Any,
    dispatcher: Any,
    child: tuple[int | None, str],
    parent: tuple[int | None, str],
    expected: datetime,
) -> None:
    # given the category's and its parent's resolve limits
    category, top = city.category, city.category.parent
    top.resolve_within, top.resolve_unit = parent
    top.save()
    category.resolve_within, category.resolve_unit = child
    category.save()
    request = submit(category)

    # when it is accepted on Wednesday 4 March 2026 at 10:00
    with time_machine.travel(at(2026, 3, 4), tick=False):
        workflow.accept(request, actor=dispatcher)

    # then the deadline follows the nearest limit that is set
    assert request.resolve_by == expected
