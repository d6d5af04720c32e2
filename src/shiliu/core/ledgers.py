"""Ledgers (台账) as Excel workbooks: export what a list shows, import what an office already keeps.

A ledger declares its columns once; the same declaration writes the sheet and reads it back.

    class HouseholdLedger(Ledger[Household]):
        key = "households"
        title = _("Households")
        model = Household
        columns = [
            Column("reference", _("Reference"), required=True),
            Column("members_count", _("Members"), kind=INT, minimum=1, maximum=99),
            Column("language", _("Language"), kind=CHOICE, choices=settings.LANGUAGES),
        ]

        def build(self, row: Row) -> Household:   # one unsaved object per row, or RowInvalid
            ...

A `LedgerSet` is a workbook: an ordered list of ledgers, one sheet each (a later sheet may refer to
rows of an earlier one, e.g. cases to households by reference).

Export: headers in the reader's language, dates as real Excel dates, the header row frozen, text
never turned into a formula. Import: every row of every sheet is read and checked before anything
is written; every problem is reported by row number and column header in the reader's language;
then, only if there is none and it is not a dry run, all rows are written in one transaction with
`bulk_create` in batches (all or nothing). Lookups are the ledger's business: `prepare` runs once
per sheet with all its rows, so a ledger resolves references with one query, not one per row.
Headers, sheet titles and choice labels are recognised in every interface language, so a file
exported in Uyghur imports for a colleague reading Chinese.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import IO, Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shiliu.core.dates import in_range, out_of_range_message
from shiliu.core.errors import Conflict, DomainError, InvalidInput

M = TypeVar("M", bound=models.Model)
Progress = Callable[[int, int], None]  # (rows done, rows in all)

TEXT, INT, DATE, CHOICE = "text", "int", "date", "choice"
DATE_FORMAT = "yyyy-mm-dd"
BATCH_SIZE = 1000
PROGRESS_EVERY = 200  # rows checked between two progress reports
MAX_ROWS = 100_000  # per sheet: beyond this, split the file
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class RowInvalid(Exception):
    """Raised by a ledger's `build`: what is wrong with one cell (column key) of the row."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Column:
    """One column: its key (the parsed value's name, and by default the attribute exported),
    the header (translatable), its kind and what a cell must hold."""

    key: str
    header: str | Promise
    kind: str = TEXT
    required: bool = False
    get: Callable[[Any], Any] | None = None  # the exported value; default: the attribute `key`
    choices: Sequence[tuple[Any, str | Promise]] = ()
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    width: int | None = None  # in characters; default by kind and header
    # A further check or normalisation of the parsed value (a phone number, say): returns the
    # value to keep, raises ValidationError or a domain error with a message for people.
    clean: Callable[[Any], Any] | None = None

    def value_of(self, obj: Any) -> Any:
        value = self.get(obj) if self.get is not None else attrgetter(self.key)(obj)
        if self.kind == CHOICE:
            return dict(self.choices).get(value, value)
        return value

    def cell_value(self, obj: Any) -> Any:
        value = self.value_of(obj)
        if isinstance(value, Promise):
            return str(value)
        if isinstance(value, datetime):
            return value.date() if self.kind == DATE else value.replace(tzinfo=None)
        return value

    def parse(self, raw: Any) -> Any:
        """The cell's value as this column's type; ValidationError with a message otherwise."""
        value = self._parse(raw)
        if self.clean is None or value in (None, ""):
            return value
        try:
            return self.clean(value)
        except DomainError as error:
            raise ValidationError(error.message) from None

    def _parse(self, raw: Any) -> Any:
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if self.required:
                raise ValidationError(_("This column is required."))
            return None if self.kind in {INT, DATE} else ""
        if self.kind == INT:
            return self._parse_int(raw)
        if self.kind == DATE:
            return self._parse_date(raw)
        if self.kind == CHOICE:
            return self._parse_choice(raw)
        text = _number_as_text(raw) if isinstance(raw, int | float) else str(raw)
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                _("At most %(limit)d characters (this cell has %(count)d).")
                % {"limit": self.max_length, "count": len(text)}
            )
        return text

    def _parse_int(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise ValidationError(_("Enter a whole number."))
        try:
            number = float(raw) if isinstance(raw, int | float) else float(str(raw).replace(",", ""))
        except ValueError:
            raise ValidationError(_("Enter a whole number.")) from None
        if not number.is_integer():
            raise ValidationError(_("Enter a whole number."))
        value = int(number)
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(_("Enter a number of at least %(minimum)d.") % {"minimum": self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(_("Enter a number of at most %(maximum)d.") % {"maximum": self.maximum})
        return value

    def _parse_date(self, raw: Any) -> date:
        day: date | None
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        else:
            match = _DATE_TEXT.match(str(raw))
            try:
                day = date(*(int(part) for part in match.groups())) if match else None
            except ValueError:
                day = None
        if day is None:
            raise ValidationError(_("Enter a date such as 2025-03-18."))
        if not in_range(day):
            raise ValidationError(out_of_range_message())
        return day

    def _parse_choice(self, raw: Any) -> Any:
        text = _number_as_text(raw) if isinstance(raw, int | float) else str(raw)
        lookup = self._choice_lookup()
        if text in lookup:
            return lookup[text]
        labels = "、".join(str(label) for _value, label in self.choices)
        raise ValidationError(_("Choose one of: %(labels)s.") % {"labels": labels})

    def _choice_lookup(self) -> dict[str, Any]:
        """Each choice's value and its label in every language → the value (built once)."""
        lookup: dict[str, Any] | None = self.__dict__.get("_lookup")
        if lookup is None:
            lookup = {}
            for value, label in self.choices:
                lookup.update(dict.fromkeys(_in_every_language(label), value))
                lookup[str(value)] = value
            object.__setattr__(self, "_lookup", lookup)  # a cache on a frozen declaration
        return lookup

    def headers(self) -> set[str]:
        return {self.key, *_in_every_language(self.header)}

    def column_width(self) -> int:
        if self.width is not None:
            return self.width
        by_kind = {INT: 8, DATE: 12, CHOICE: 12}.get(self.kind, 18)
        return max(by_kind, _display_width(str(self.header)) + 2)


@dataclass
class Row:
    number: int  # the spreadsheet's row number (the header is row 1)
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str  # the column's header, in the reader's language ("" for the whole row)
    message: str


@dataclass
class SheetReport:
    ledger: str  # the ledger's key
    title: str
    rows: int = 0  # rows read (non-empty)
    valid: int = 0  # rows that would be / were imported


@dataclass
class ImportReport:
    dry_run: bool
    sheets: list[SheetReport] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return sum(sheet.valid for sheet in self.sheets)


class Ledger(Generic[M]):
    """One sheet. Subclasses declare `key`, `title`, `model`, `columns` and, to import, `build`.
    An instance lives for one import; `book` is the workbook's shared state (actor, unit, what
    earlier sheets built)."""

    key: ClassVar[str]
    title: ClassVar[str | Promise]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[Sequence[Column]]
    importable: ClassVar[bool] = True

    def __init__(self, book: Book) -> None:
        self.book = book

    def prepare(self, rows: list[Row]) -> None:
        """Look up, once for all rows of the sheet, what `build` needs (references, duplicates)."""

    def build(self, row: Row) -> M:
        """The unsaved object for one valid row, or `RowInvalid(column key, message)`."""
        raise NotImplementedError

    def save(self, objects: list[M]) -> Iterator[int]:
        """Write the built objects, yielding how many each step wrote; default: `bulk_create` in
        batches. Runs in the transaction."""
        for start in range(0, len(objects), BATCH_SIZE):
            batch = objects[start:start + BATCH_SIZE]
            self.model._default_manager.bulk_create(batch)
            yield len(batch)

    def after_save(self, objects: list[M]) -> None:
        """Run in the transaction once the sheet is written (an audit event, say)."""

    # -- helpers for `build` ----------------------------------------------------------------------

    def check_fields(self, obj: M, *, exclude: Iterable[str] = ()) -> None:
        """The model's own field checks (lengths, choices), without queries: relations and
        uniqueness are the ledger's `prepare`'s business. The first problem becomes RowInvalid."""
        skip = set(exclude) | {f.name for f in obj._meta.concrete_fields if f.is_relation}
        try:
            obj.clean_fields(exclude=list(skip))
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise RowInvalid(name, " ".join(messages)) from None

    # -- the sheet ---------------------------------------------------------------------------------

    @classmethod
    def header_of(cls, key: str) -> str:
        for column in cls.columns:
            if column.key == key:
                return str(column.header)
        return ""

    @classmethod
    def titles(cls) -> set[str]:
        return {cls.key, *_in_every_language(cls.title)}


@dataclass
class Book:
    """What one import shares between its sheets: the context (actor, unit, …) and, per ledger
    key, the objects built from earlier sheets (so cases can refer to households in the file)."""

    context: dict[str, Any] = field(default_factory=dict)
    built: dict[str, list[Any]] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.context[name]
        except KeyError:
            raise AttributeError(name) from None


class LedgerSet:
    """A workbook of ledgers, in the order they are imported."""

    def __init__(self, *ledgers: type[Ledger[Any]]) -> None:
        self.ledgers = ledgers

    # -- export ------------------------------------------------------------------------------------

    def export(self, objects: dict[str, Iterable[Any]]) -> bytes:
        """One sheet per ledger named in `objects` (ledger key → its rows), as xlsx bytes."""
        book = Workbook()
        book.remove(book.worksheets[0])
        for ledger in self.ledgers:
            if ledger.key in objects:
                write_sheet(book, ledger, objects[ledger.key])
        if not book.worksheets:
            book.create_sheet(_("Empty"))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    # -- import ------------------------------------------------------------------------------------

    def import_file(
        self, file: IO[bytes] | bytes, *, dry_run: bool, progress: Progress | None = None,
        **context: Any,
    ) -> ImportReport:
        """Read every sheet, check every row, then write all or nothing. `context` is given to
        the ledgers (actor, unit, …). Problems are in the report; a conflict while writing (a
        reference taken meanwhile) raises `Conflict` with nothing written."""
        steps = self.import_steps(file, dry_run=dry_run, **context)
        while True:
            try:
                done, total = next(steps)
            except StopIteration as end:
                return end.value  # type: ignore[no-any-return]
            if progress is not None:
                progress(done, total)

    def import_steps(
        self, file: IO[bytes] | bytes, *, dry_run: bool, **context: Any
    ) -> Generator[tuple[int, int], None, ImportReport]:
        """`import_file` as a generator of (rows done, rows in all), checking then writing; its
        return value is the report. A page can stream the progress while it runs; closing the
        generator before its end rolls the transaction back (nothing is written)."""
        report = ImportReport(dry_run=dry_run)
        sheets = _open(file)
        book = Book(context=context)
        importable = [ledger for ledger in self.ledgers if ledger.importable]
        found = [(ledger, _find_sheet(sheets, ledger)) for ledger in importable]
        found = [(ledger, sheet) for ledger, sheet in found if sheet is not None]
        if not found:
            titles = "、".join(str(ledger.title) for ledger in importable)
            raise InvalidInput(_("The file has no sheet this import reads (%(titles)s).") % {"titles": titles})
        total = sum(max((sheet.max_row or 1) - 1, 0) for _ledger, sheet in found)
        done = 0
        built: list[tuple[Ledger[Any], list[Any]]] = []
        for ledger_class, sheet in found:
            ledger = ledger_class(book)
            summary = SheetReport(ledger.key, str(ledger.title))
            report.sheets.append(summary)
            first_error = len(report.errors)
            rows = _read_rows(ledger, sheet, report.errors)
            summary.rows = len(rows)
            ledger.prepare(rows)
            objects = []
            for row in rows:
                try:
                    objects.append(ledger.build(row))
                except RowInvalid as problem:
                    report.errors.append(RowError(
                        str(ledger.title), row.number, ledger.header_of(problem.column), problem.message))
                done += 1
                if done % PROGRESS_EVERY == 0:
                    yield done, total
            report.errors[first_error:] = sorted(report.errors[first_error:], key=lambda e: e.row)
            summary.valid = len(objects)
            book.built[ledger.key] = objects
            built.append((ledger, objects))
        yield total, total
        if dry_run or report.errors:
            return report
        written = 0
        writing = sum(len(objects) for _ledger, objects in built)
        try:
            with transaction.atomic():
                for ledger, objects in built:
                    for count in ledger.save(objects):
                        written += count
                        yield written, writing
                    ledger.after_save(objects)
        except IntegrityError:
            raise Conflict(_("Some rows clash with records saved meanwhile; nothing was imported. "
                             "Check the file again.")) from None
        report.imported = True
        return report


def write_sheet(book: Workbook, ledger: type[Ledger[Any]], objects: Iterable[Any]) -> None:
    sheet = book.create_sheet(_sheet_title(str(ledger.title)))
    columns = ledger.columns
    sheet.append([str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for obj in objects:
        sheet.append([column.cell_value(obj) for column in columns])
        for column, cell in zip(columns, sheet[sheet.max_row], strict=True):
            if column.kind == DATE and cell.value is not None:
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # "=…" stays text, never a formula
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.column_width()


# --- reading --------------------------------------------------------------------------------------


def _open(file: IO[bytes] | bytes) -> dict[str, Any]:
    data = io.BytesIO(file) if isinstance(file, bytes) else file
    try:
        workbook = load_workbook(data, read_only=True, data_only=True)
    except Exception as error:  # not a zip, damaged XML, …: openpyxl raises many types
        raise InvalidInput(_("This file is not an Excel workbook (.xlsx).")) from error
    return {title.strip(): workbook[title] for title in workbook.sheetnames}


def _find_sheet(sheets: dict[str, Any], ledger: type[Ledger[Any]]) -> Any:
    titles = {_sheet_title(title) for title in ledger.titles()}
    return next((sheet for title, sheet in sheets.items() if title in titles), None)


def _read_rows(ledger: Ledger[Any], sheet: Any, errors: list[RowError]) -> list[Row]:
    title = str(ledger.title)
    lines: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    header = next(lines, ())
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    positions: dict[str, int] = {}
    for column in ledger.columns:
        index = next((i for i, name in enumerate(names) if name in column.headers()), None)
        if index is not None:
            positions[column.key] = index
        elif column.required:
            errors.append(RowError(title, 1, str(column.header), _("This column is missing.")))
    if len(positions) < sum(column.required for column in ledger.columns):
        return []
    rows: list[Row] = []
    for number, line in enumerate(lines, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(title, number, "", _("Too many rows: at most %(limit)d per sheet.")
                                   % {"limit": MAX_ROWS}))
            break
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in line):
            continue
        values: dict[str, Any] = {}
        valid = True
        for column in ledger.columns:
            index = positions.get(column.key)
            raw = line[index] if index is not None and index < len(line) else None
            try:
                values[column.key] = column.parse(raw)
            except ValidationError as error:
                valid = False
                errors.append(RowError(title, number, str(column.header), " ".join(error.messages)))
        if valid:
            rows.append(Row(number, values))
    return rows


# --- small helpers ------------------------------------------------------------------------------


def _in_every_language(text: str | Promise) -> set[str]:
    if not isinstance(text, Promise):
        return {str(text)}
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(text).strip())
    return found


def _number_as_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _display_width(text: str) -> int:
    """Roughly how many Latin characters wide: CJK characters count twice."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31]
