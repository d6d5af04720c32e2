"""The auditor's search of the trail: who, what, which object, when."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.audit.models import AuditAction
from shiliu.audit.selectors import AuditFilters
from shiliu.core import dates


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("Actor (username)"), max_length=150, required=False)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("Any")), *AuditAction.choices],
    )
    target_type = forms.CharField(
        label=gettext_lazy("Object type"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("e.g. people.user"),
    )
    target_id = forms.CharField(label=gettext_lazy("Object id"), max_length=64, required=False)
    start = dates.DateField(label=gettext_lazy("From"), required=False)
    end = dates.DateField(label=gettext_lazy("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].strip(),
            action=data["action"],
            target_type=data["target_type"].strip(),
            target_id=data["target_id"].strip(),
            start=_day_start(data["start"]),
            end=_day_start(data["end"] + timedelta(days=1)) if data["end"] else None,
        )


def _day_start(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None
