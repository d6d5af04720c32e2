"""The workbench lists' rows as plain values, worked out once per row in Python.

A row of a list template used to ask the request for each cell: a model attribute costs the
template engine a failed `row[...]` before the attribute, every `{% url %}` reverses again, each
`|date` builds a formatter and each flag asks the clock. Rendering 50 such rows was most of a
worklist page's CPU (bench/pages.py); a dict per row with its strings ready renders in a fraction
of it. The templates still write every cell: what a person sees is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.db.models import Field
from django.urls import reverse
from django.utils import timezone
from django.utils.hashable import make_hashable
from django.utils.http import RFC3986_SUBDELIMS

from shiliu.service_requests import selectors
from shiliu.service_requests.models import ServiceRequest

_PLACEHOLDER = "REFERENCE"


class Links:
    """A URL per reference, reversed once (`{% url name reference %}` for every row)."""

    def __init__(self, name: str) -> None:
        self._before, _sep, self._after = reverse(name, args=[_PLACEHOLDER]).rpartition(_PLACEHOLDER)

    def __call__(self, reference: str) -> str:
        return f"{self._before}{quote(reference, safe=RFC3986_SUBDELIMS + '/~:@')}{self._after}"


class Labels:
    """`sr.get_<field>_display()` in the active language, from the field's labels by value read
    once per list: the model method builds that dict on every call, which cost more than the rest
    of a row. (Read per list, not per process: the language choices come from the settings.)"""

    def __init__(self, *fields: str) -> None:
        self._labels = {field: dict(make_hashable(self._field(field).flatchoices)) for field in fields}

    @staticmethod
    def _field(name: str) -> Field[Any, Any]:
        field = ServiceRequest._meta.get_field(name)
        assert isinstance(field, Field)
        return field

    def __call__(self, sr: ServiceRequest, field: str) -> str:
        value = getattr(sr, field)
        return str(self._labels[field].get(make_hashable(value), value))


def _local(value: datetime | None) -> datetime | None:
    return None if value is None else timezone.localtime(value)


def _short(value: datetime | None, pattern: str) -> str:
    """`{{ value|date:… }}`: the local time, "" without one."""
    local = _local(value)
    return "" if local is None else local.strftime(pattern)


def _clock(sr: ServiceRequest, now: datetime) -> dict[str, Any]:
    """The deadline cells and flags at `now` (one clock for the whole list)."""
    due = _local(sr.due_at)
    overdue, soon = sr.is_overdue(now), sr.is_due_soon(now)
    return {
        "due": due is not None, "due_iso": due.isoformat() if due else "",
        "due_short": due.strftime("%m-%d %H:%M") if due else "",
        "overdue": overdue, "due_soon": soon,
        "state": "overdue" if overdue else "due-soon" if soon else "",
    }


class Names:
    """`str()` of a request's category and units, from the cached names (selectors.names); a
    row the cache does not know yet (made since this request read it) is read as before."""

    def __init__(self) -> None:
        self.categories, self.units = selectors.names()

    def category(self, sr: ServiceRequest) -> str:
        name = self.categories.get(sr.category_id)
        return str(sr.category) if name is None else name

    def unit(self, sr: ServiceRequest, relation: str) -> str | None:
        pk = getattr(sr, f"{relation}_id")
        if pk is None:
            return None
        name = self.units.get(pk)
        return str(getattr(sr, relation)) if name is None else name

    def unit_or_dash(self, sr: ServiceRequest, relation: str) -> str:
        name = self.unit(sr, relation)
        return "—" if name is None else name  # `{{ unit|default:"—" }}`


def queue_rows(requests: Iterable[ServiceRequest]) -> list[dict[str, Any]]:
    """The workbench queue's rows (workbench_queue.html)."""
    now = timezone.now()
    detail = Links("service_requests:workbench-detail")
    label = Labels("status", "channel", "language")
    named = Names()
    return [{
        "reference": sr.reference, "url": detail(sr.reference), "status": sr.status,
        "status_label": label(sr, "status"), "rehandling": sr.is_rehandling,
        "category": named.category(sr), "place": named.unit(sr, "jurisdiction"),
        "unit": named.unit_or_dash(sr, "assigned_unit"), "channel": label(sr, "channel"),
        "language": label(sr, "language"),
        "snippet": getattr(sr, "search_snippet", ""), **_clock(sr, now),
    } for sr in requests]


def to_accept_rows(requests: Iterable[ServiceRequest]) -> list[dict[str, Any]]:
    """The to-accept list's rows (workbench_to_accept.html)."""
    now = timezone.now()
    detail = Links("service_requests:workbench-detail")
    accept = Links("service_requests:workbench-accept-dispatch")
    named = Names()
    return [{
        "reference": sr.reference, "url": detail(sr.reference), "accept_url": accept(sr.reference),
        "category": named.category(sr), "place": named.unit(sr, "jurisdiction"),
        "suggested": named.unit(sr, "routed_unit"),
        "suggested_id": sr.routed_unit_id, **_clock(sr, now),
    } for sr in requests]


def supervision_rows(requests: Iterable[ServiceRequest]) -> list[dict[str, Any]]:
    """The supervision list's rows (workbench_supervision.html)."""
    detail = Links("service_requests:workbench-detail")
    label = Labels("status")
    named = Names()
    rows = []
    for sr in requests:
        extension = getattr(sr, "pending_extension_until", None)
        rows.append({
            "reference": sr.reference, "url": detail(sr.reference), "status": sr.status,
            "status_label": label(sr, "status"), "category": named.category(sr),
            "unit": named.unit_or_dash(sr, "assigned_unit"), "marked": sr.overdue_at is not None,
            "due": _short(sr.due_at, "%Y-%m-%d %H:%M") or "—",
            "overdue_at": _short(sr.overdue_at, "%Y-%m-%d %H:%M") or "—",
            "extension": _short(extension, "%Y-%m-%d") if extension else "",
        })
    return rows
