"""Fixtures shared by the request-spine tests."""

from __future__ import annotations

from typing import Any

import pytest

from shiliu.people.models import User
from shiliu.service_requests.tests.journeys import Walk


@pytest.fixture
def walk(city: Any, dispatcher: User, supervisor: User, handler: User) -> Walk:
    """Walks requests of the housing category, handled by the housing department's handler."""
    return Walk(dispatcher=dispatcher, supervisor=supervisor, worker=handler, unit=city.housing,
                category=city.category)


@pytest.fixture
def calendar_until_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """The calendar library as if it knew the State Council's holidays up to 2026 and no later,
    whichever version is installed: tests of "a year the library does not cover" stay true
    when a newer release learns 2027. (The pinned range in pyproject.toml carries 2025 and 2026.)"""
    import chinese_calendar

    known = chinese_calendar.is_workday

    def is_workday(day: Any) -> bool:
        if day.year > 2026:
            raise NotImplementedError(f"no data for {day.year}")
        return bool(known(day))

    monkeypatch.setattr(chinese_calendar, "is_workday", is_workday)
