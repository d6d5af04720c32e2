"""The generic Excel ledger engine, on a small real model (holiday overrides): the sheet it writes,
reading it back, every error by row and column, all or nothing, the dry run, and the column types
as a table."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook

from shiliu.core.errors import InvalidInput
from shiliu.core.ledgers import (
    CHOICE,
    DATE,
    INT,
    Column,
    Ledger,
    LedgerSet,
    Row,
    RowInvalid,
)
from shiliu.service_requests.models import HolidayOverride

KINDS = [(True, _("Yes")), (False, _("No"))]


class HolidayLedger(Ledger[HolidayOverride]):
    key = "holidays"
    title = _("holiday overrides")
    model = HolidayOverride
    columns = [
        Column("day", _("date"), kind=DATE, required=True),
        Column("is_workday", _("is a working day"), kind=CHOICE, choices=KINDS, required=True),
        Column("note", _("Note"), max_length=120),
    ]

    def prepare(self, rows: list[Row]) -> None:
        self.taken = set(HolidayOverride.objects.values_list("day", flat=True))
        self.seen: set[date] = set()

    def build(self, row: Row) -> HolidayOverride:
        if row["day"] in self.taken or row["day"] in self.seen:
            raise RowInvalid("day", "duplicate day")
        self.seen.add(row["day"])
        override = HolidayOverride(day=row["day"], is_workday=row["is_workday"], note=row["note"])
        self.check_fields(override)
        return override


LEDGERS = LedgerSet(HolidayLedger)


def workbook(rows: list[list[Any]], header: list[str] | None = None, title: str = "holiday overrides") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header or ["date", "is a working day", "Note"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_export_writes_chinese_headers_real_dates_and_a_frozen_header() -> None:
    HolidayOverride.objects.create(day=date(2026, 10, 1), is_workday=False, note="=国庆")
    data = LEDGERS.export({"holidays": HolidayOverride.objects.all()})
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "节假日调整"
    assert [cell.value for cell in sheet[1]] == ["日期", "是否工作日", "备注"]
    day = sheet["A2"]
    assert day.value == datetime(2026, 10, 1)  # noqa: DTZ001  (Excel dates are naive)
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert sheet["B2"].value == "否"
    assert sheet["C2"].value == "=国庆" and sheet["C2"].data_type == "s"  # text, not a formula
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 12


@pytest.mark.django_db
def test_an_exported_sheet_imports_back_into_an_empty_table() -> None:
    HolidayOverride.objects.create(day=date(2026, 10, 1), is_workday=False, note="国庆")
    HolidayOverride.objects.create(day=date(2026, 10, 10), is_workday=True, note="")
    before = list(HolidayOverride.objects.values_list("day", "is_workday", "note"))
    data = LEDGERS.export({"holidays": HolidayOverride.objects.all()})
    HolidayOverride.objects.all().delete()

    report = LEDGERS.import_file(data, dry_run=False)

    assert report.ok and report.imported and report.rows == 2
    assert list(HolidayOverride.objects.values_list("day", "is_workday", "note")) == before


@pytest.mark.django_db
def test_bad_rows_are_all_reported_by_row_and_column_and_nothing_is_imported() -> None:
    data = workbook([
        [date(2026, 1, 2), "是", "fine"],
        ["2026-13-40", "是", ""],  # row 3: no such date
        [date(2026, 1, 3), "maybe", ""],  # row 4: not a choice
        [None, None, "x" * 121],  # row 5: three problems
        [date(2026, 1, 2), "No", ""],  # row 6: duplicate of row 2
        [date(1999, 12, 31), "否", ""],  # row 7: out of range
    ])

    report = LEDGERS.import_file(data, dry_run=False)

    assert not report.imported and HolidayOverride.objects.count() == 0
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "日期"), (4, "是否工作日"), (5, "日期"), (5, "是否工作日"), (5, "备注"), (6, "日期"), (7, "日期"),
    ]
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(5, "日期")] == "此列为必填项。"
    assert "2025-03-18" in messages[(3, "日期")]
    assert "120" in messages[(5, "备注")]
    assert "2000-01-01" in messages[(7, "日期")]


@pytest.mark.django_db
def test_a_dry_run_checks_and_counts_but_writes_nothing() -> None:
    data = workbook([[date(2026, 1, 2), "是", ""], [date(2026, 1, 3), "否", ""]])
    report = LEDGERS.import_file(data, dry_run=True)
    assert report.ok and not report.imported and report.rows == 2
    assert HolidayOverride.objects.count() == 0


@pytest.mark.django_db
def test_headers_and_labels_are_read_in_any_interface_language() -> None:
    data = workbook([[date(2026, 1, 2), "是", "a"]], header=["日期", "是否工作日", "备注"], title="节假日调整")
    with translation.override("zh-hans"):
        report = LEDGERS.import_file(data, dry_run=False)
    assert report.ok and HolidayOverride.objects.get().is_workday is True
    with translation.override("en"):  # a file written in Chinese, read by someone in English
        report = LEDGERS.import_file(workbook([[date(2026, 1, 3), "是", ""]], header=["日期", "是否工作日"],
                                              title="节假日调整"), dry_run=False)
    assert report.ok and HolidayOverride.objects.count() == 2


@pytest.mark.django_db
def test_a_missing_required_column_is_reported_on_the_header_row() -> None:
    report = LEDGERS.import_file(workbook([["x"]], header=["Note"]), dry_run=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (1, "日期", "缺少此列。"), (1, "是否工作日", "缺少此列。"),
    ]


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="Excel"):
        LEDGERS.import_file(b"not a zip at all", dry_run=True)
    with pytest.raises(InvalidInput, match="节假日调整"):
        LEDGERS.import_file(workbook([], title="Other"), dry_run=True)


@pytest.mark.django_db
def test_progress_is_reported_up_to_the_total() -> None:
    data = workbook([[date(2026, 1, day), "是", ""] for day in range(1, 29)])
    seen: list[tuple[int, int]] = []
    LEDGERS.import_file(data, dry_run=False, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == 28


NUMBER = Column("n", "n", kind=INT, minimum=1, maximum=99)
DAY = Column("d", "d", kind=DATE)


@pytest.mark.parametrize(("column", "raw", "expected"), [
    (NUMBER, 3, 3), (NUMBER, 3.0, 3), (NUMBER, " 12 ", 12), (NUMBER, None, None),
    (NUMBER, 3.5, ValidationError), (NUMBER, "three", ValidationError), (NUMBER, 0, ValidationError),
    (NUMBER, 100, ValidationError), (NUMBER, True, ValidationError),
    (DAY, datetime(2026, 3, 18, 0, 0), date(2026, 3, 18)),  # noqa: DTZ001 (DAY, "2026-03-18", date(2026, 3, 18)),
    (DAY, "2026/3/8", date(2026, 3, 8)), (DAY, "2026年3月8日", date(2026, 3, 8)),
    (DAY, "18.03.2026", ValidationError), (DAY, "2026-02-30", ValidationError),
    (DAY, date(2100, 1, 1), ValidationError),
    (Column("t", "t"), 301, "301"), (Column("t", "t"), " a ", "a"),
])
def test_cells_are_parsed_by_column_kind(column: Column, raw: Any, expected: Any) -> None:
    if expected is ValidationError:
        with pytest.raises(ValidationError):
            column.parse(raw)
    else:
        assert column.parse(raw) == expected
