"""`manage.py check` warns (shiliu.W001) while this or next year's holidays are unknown: not in the
calendar library (as if it covered up to 2026, whatever version is installed) and no overrides
entered."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import checks

from shiliu.service_requests.checks import holiday_calendar_check
from shiliu.service_requests.models import HolidayOverride
from shiliu.service_requests.tests.journeys import SHANGHAI

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_until_2026")]


def warned_years(when: datetime) -> list[str]:
    with time_machine.travel(when, tick=False):
        found = holiday_calendar_check()
    assert all(w.id == "shiliu.W001" and w.level == checks.WARNING for w in found)
    return [re.search(r"cover (\d{4})", w.msg).group(1) for w in found]  # type: ignore[union-attr]


def test_no_warning_while_this_and_next_year_are_in_the_library() -> None:
    assert warned_years(datetime(2025, 6, 1, 9, tzinfo=SHANGHAI)) == []


def test_next_year_missing_from_the_library_without_overrides_is_a_warning() -> None:
    assert warned_years(datetime(2026, 6, 1, 9, tzinfo=SHANGHAI)) == ["2027"]


def test_the_warning_goes_once_the_administrator_enters_next_years_overrides() -> None:
    # given the State Council's New Year holiday for 2027 entered as an override
    HolidayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")

    # then the check is satisfied
    assert warned_years(datetime(2026, 6, 1, 9, tzinfo=SHANGHAI)) == []


def test_an_override_for_another_year_does_not_silence_the_warning() -> None:
    HolidayOverride.objects.create(day=date(2026, 10, 9), is_workday=False)
    assert warned_years(datetime(2026, 6, 1, 9, tzinfo=SHANGHAI)) == ["2027"]


def test_both_years_are_named_when_neither_is_known() -> None:
    # given the date is in 2030, with overrides entered for 2031 only
    HolidayOverride.objects.create(day=date(2031, 1, 1), is_workday=False)

    # then 2030 is still reported
    assert warned_years(datetime(2030, 6, 1, 9, tzinfo=SHANGHAI)) == ["2030"]
    HolidayOverride.objects.all().delete()
    assert warned_years(datetime(2030, 6, 1, 9, tzinfo=SHANGHAI)) == ["2030", "2031"]


def test_the_year_is_the_local_year_in_shanghai() -> None:
    # 17:00 UTC on 31 December 2026 is already 1 January 2027 in Shanghai
    assert warned_years(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == ["2027", "2028"]


def test_the_check_is_registered_with_django() -> None:
    with time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=SHANGHAI), tick=False):
        found = checks.run_checks(include_deployment_checks=False)
    assert "shiliu.W001" in {message.id for message in found}
