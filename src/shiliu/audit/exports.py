"""The audit trail as CSV or xlsx. Spreadsheet programs run a cell starting with = + - @ as a
formula, and usernames tried at a failed sign-in are whatever an attacker typed, so such text is
written as text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from shiliu.audit.models import AuditEvent
from shiliu.core.masking import mask_phones_in_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def header() -> list[str]:
    return [
        _("Event"),
        _("Time"),
        _("Actor"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Address"),
        _("Detail"),
        _("Hash"),
    ]


def row(event: AuditEvent) -> list[Any]:
    return [
        event.pk,
        timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        as_text(event.actor_label),
        event.action,
        as_text(event.target_type),
        as_text(event.target_id),
        event.ip_address or "",
        # A reason staff typed may hold a phone number: masked, as on every staff page.
        as_text(mask_phones_in_text(json.dumps(event.detail, ensure_ascii=False, sort_keys=True))),
        event.hash,
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """Streamed: a BOM so spreadsheet programs read UTF-8, then one line per event."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(header())
    for event in events:
        yield writer.writerow(row(event))


def xlsx_bytes(events: Iterable[AuditEvent]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail"))
    sheet.append(header())
    for event in events:
        sheet.append(row(event))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
