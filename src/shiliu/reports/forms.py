"""The figures page's question: which period, grouped how, shown or downloaded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from shiliu.core import dates
from shiliu.reports.figures import GROUP_CHOICES, GroupBy

EARLIEST, LATEST = dates.EARLIEST, dates.LATEST  # the one range of dates (core.dates)
MAX_PERIOD_DAYS = 3660  # ten years: 120 months is as long as a trend line stays readable


def default_period(today: date) -> tuple[date, date]:
    """The past twelve months: from the first day of the month eleven months ago to today."""
    months = today.year * 12 + today.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), today


def with_defaults(params: QueryDict, *, today: date) -> dict[str, str]:
    """The request's parameters with the defaults filled in where a value is missing or empty."""
    start, end = default_period(today)
    defaults = {"group": "month", "start": start.isoformat(), "end": end.isoformat(), "format": ""}
    return {key: params.get(key) or default for key, default in defaults.items()}


class FiguresForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Group by"), choices=GROUP_CHOICES,
        error_messages={"invalid_choice": _("Choose how to group the figures from the list.")},
    )
    start = dates.DateField(
        label=_("From"),
        error_messages={"invalid": _("Enter the first day as a date, e.g. 2025-01-31.")},
    )
    end = dates.DateField(
        label=_("To"),
        error_messages={"invalid": _("Enter the last day as a date, e.g. 2025-12-31.")},
    )
    format = forms.ChoiceField(
        choices=[("", _("Web page")), ("csv", _("CSV file"))], required=False,
        error_messages={"invalid_choice": _("The figures can be shown here or downloaded as CSV.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(
                    _("The first day must not come after the last day."), code="reversed"
                )
            if end - start > timedelta(days=MAX_PERIOD_DAYS):
                raise forms.ValidationError(
                    _("Choose a period of at most ten years."), code="too_long"
                )
        return cleaned

    @property
    def group_by(self) -> GroupBy:
        return cast(GroupBy, self.cleaned_data["group"])
