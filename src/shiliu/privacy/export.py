"""A resident's data as a download: JSON (complete, machine-readable) or an Excel workbook (the
same content, one sheet per section). Pure functions over `selectors.resident_data`."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

SHEETS = ("account", "consents", "requests", "timeline")


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _append(sheet: Any, values: list[Any]) -> None:
    sheet.append([_cell_value(v) for v in values])
    # Text is text: a value starting with "=" must never become a formula in the resident's Excel.
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = TYPE_STRING


def _section_sheet(book: Any, section: str, rows: list[dict[str, Any]]) -> None:
    """Another holder's section (residence declarations, …): one row per item, its columns the
    item's keys; nested lists (members, history) as JSON in their cell."""
    sheet = book.create_sheet(section[:31])
    columns = list(rows[0]) if rows else ["reference"]
    _append(sheet, columns)
    for row in rows:
        _append(sheet, [json.dumps(row.get(c), ensure_ascii=False) if isinstance(row.get(c), list | dict)
                        else row.get(c) for c in columns])


def to_xlsx(data: dict[str, Any]) -> bytes:
    book = Workbook()
    account = book.active
    account.title = "account"
    _append(account, ["field", "value"])
    _append(account, ["exported_at", data["exported_at"]])
    for key, value in data["account"].items():
        _append(account, [key, value])
    consents = book.create_sheet("consents")
    consent_columns = ["purpose", "notice_version", "language", "request", "given_at", "withdrawn_at"]
    _append(consents, consent_columns)
    for consent in data["consents"]:
        _append(consents, [consent[c] for c in consent_columns])
    requests = book.create_sheet("requests")
    rows = data.get("requests", [])
    request_columns = [k for k in (rows[0] if rows else {}) if k not in {"timeline", "photos"}]
    request_columns = request_columns or ["reference"]
    _append(requests, [*request_columns, "photos"])
    timeline = book.create_sheet("timeline")
    _append(timeline, ["reference", "at", "action", "status", "note"])
    for request in rows:
        _append(requests, [*(request[c] for c in request_columns), ", ".join(request["photos"])])
        for event in request["timeline"]:
            _append(timeline, [request["reference"], event["at"], event["action"], event["status"], event["note"]])
    for section, section_rows in data.items():
        if section in {"exported_at", "account", "consents", "requests"} or not isinstance(section_rows, list):
            continue
        _section_sheet(book, section, section_rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
