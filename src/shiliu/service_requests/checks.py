"""`manage.py check` warns the administrator when next year's holidays are not known yet."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils import timezone

from shiliu.service_requests import sla


@register()
def holiday_calendar_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from shiliu.service_requests.models import HolidayOverride

    warnings = []
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        if sla.library_covers(date(year, 12, 31)):
            continue
        try:
            entered = HolidayOverride.objects.filter(day__year=year).exists()
        except DatabaseError:  # tables not migrated yet
            return []
        if not entered:
            warnings.append(
                Warning(
                    f"The holiday calendar does not cover {year} and no holiday overrides are "
                    f"entered for it: deadlines in {year} count weekends only.",
                    hint="Enter the State Council's holidays and adjusted workdays for that year "
                    "under Admin → Holiday overrides.",
                    id="shiliu.W001",
                )
            )
    return warnings
