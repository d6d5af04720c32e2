"""The one range of dates every input accepts: 2000-01-01 to 2099-12-31.

Every form and API input that takes a date or a moment checks it against this range, so a date
far in the past or future (0001-01-01, 9999-12-31) is a clear error in the user's language, never
an overflow in date arithmetic or in the database (a 500). Forms use `DateField`; REST's schemas
use `EARLIEST`/`LATEST` as pydantic bounds; Open311 checks its moments with `in_range`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def out_of_range_message() -> str:
    return _("Choose a date from %(earliest)s to %(latest)s.") % {
        "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat(),
    }


def in_range(day: date | datetime) -> bool:
    day = day.date() if isinstance(day, datetime) else day
    return EARLIEST <= day <= LATEST


def validate_in_range(day: date) -> None:
    if not in_range(day):
        raise ValidationError(out_of_range_message(), code="out_of_range")


class DateInput(forms.DateInput):
    """The browser's date picker, with the range as its bounds."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        bounds = {"min": EARLIEST.isoformat(), "max": LATEST.isoformat()}
        super().__init__({**bounds, **(attrs or {})}, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date in the one range; anything else is refused with the range in the message."""

    widget = DateInput
    default_validators = [validate_in_range]
