"""Deadline arithmetic: pure functions over dates, China's holidays and adjusted workdays (调休).

The calendar is data, not code: the `chinese_calendar` library's table, corrected or extended by the
`HolidayOverride` rows an administrator enters when the State Council announces next year's
holidays. For a year the library does not cover, weekends plus overrides decide and a warning is
logged (and shown by `manage.py check`); intake never fails because of the calendar.

"N working days" ends at the close (24:00 local time) of the Nth working day after the day the
clock starts; "N hours" are clock hours, for emergencies and utilities.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings

logger = logging.getLogger("shiliu.sla")
_warned_years: set[int] = set()

Overrides = Mapping[date, bool]

HOURS = "hours"
WORKING_DAYS = "working_days"


def library_covers(day: date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: date, overrides: Overrides) -> bool:
    if day in overrides:
        return overrides[day]
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if day.year not in _warned_years:  # once per year and process, not once per day counted
            _warned_years.add(day.year)
            logger.warning(
                "The holiday calendar does not cover %s: counting weekends only. "
                "Enter that year's holidays as holiday overrides.",
                day.year,
            )
        return day.weekday() < 5


def nth_working_day_after(day: date, n: int, overrides: Overrides) -> date:
    """The Nth working day strictly after `day` (n ≥ 1)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    found = 0
    current = day
    while found < n:
        current += timedelta(days=1)
        if is_workday(current, overrides):
            found += 1
    return current


def deadline(start: datetime, amount: int, unit: str, overrides: Overrides) -> datetime:
    """When a clock started at `start` with a limit of `amount` `unit` runs out (aware datetime)."""
    if unit == HOURS:
        return start + timedelta(hours=amount)
    if unit != WORKING_DAYS:
        raise ValueError(f"unknown time unit {unit!r}")
    zone = ZoneInfo(settings.TIME_ZONE)
    local_start = start.astimezone(zone)
    last_day = nth_working_day_after(local_start.date(), amount, overrides)
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)


def working_days_between(first: date, last: date, overrides: Overrides) -> int:
    """Working days in the closed range [first, last]."""
    count = 0
    current = first
    while current <= last:
        if is_workday(current, overrides):
            count += 1
        current += timedelta(days=1)
    return count


_cached_overrides: ContextVar[dict[date, bool] | None] = ContextVar("holiday_overrides", default=None)


def load_overrides() -> dict[date, bool]:
    """The administrator's overrides, from the cached configuration (`core.config`: reloaded after
    any change), or the batch's copy inside `overrides_cached()`. Never change the dict returned."""
    cached = _cached_overrides.get()
    if cached is not None:
        return cached
    from shiliu.core import config
    from shiliu.service_requests.models import HolidayOverride

    return config.cached(
        "service_requests.holiday_overrides",
        lambda: dict(HolidayOverride.objects.values_list("day", "is_workday")),
    )


@contextmanager
def overrides_cached() -> Iterator[dict[date, bool]]:
    """Read the overrides once for a batch (demo build, import, sweep)."""
    token = _cached_overrides.set(None)
    overrides = load_overrides()
    _cached_overrides.set(overrides)
    try:
        yield overrides
    finally:
        _cached_overrides.reset(token)
