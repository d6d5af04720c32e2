"""Keyset pagination: the next page starts after the last row shown, found through the index of
the list's order, so no page costs a COUNT over the table or an OFFSET past earlier pages.

A list's order is a sequence of `Key`s ending in a unique one (the primary key); a cursor is
the previous page's last row's values in that order, encoded for a URL. Nullable keys sort
last (NULLS LAST), as every list here orders them; the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Field, Model, OrderBy, Q, QuerySet

M = TypeVar("M", bound=Model)


class BadCursor(ValueError):
    """A cursor this code did not write (edited by hand, or from another list)."""


@dataclass(frozen=True)
class Key:
    field: str
    descending: bool = False
    nullable: bool = False

    def order(self) -> OrderBy:
        # NULLS LAST said only where a NULL may occur, so the ORDER BY matches a plain index.
        expression = F(self.field)
        nulls_last = True if self.nullable else None
        return (expression.desc(nulls_last=nulls_last) if self.descending
                else expression.asc(nulls_last=nulls_last))


@dataclass
class KeysetPage(Generic[M]):
    object_list: list[M]
    next_cursor: str | None  # None on the last page
    is_first: bool

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    def __iter__(self) -> Iterator[M]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _encode(values: list[Any]) -> str:
    plain = [{"t": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode()


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        plain = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        if not isinstance(plain, list) or len(plain) != size:
            raise BadCursor(cursor)
        return [datetime.fromisoformat(v["t"]) if isinstance(v, dict) else v for v in plain]
    except (ValueError, TypeError, KeyError, UnicodeError) as error:
        raise BadCursor(cursor) from error


def after(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """Rows after `values` in the order of `keys` (nulls last)."""
    condition = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        if value is not None:
            later = Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value})
            if key.nullable:
                later |= Q(**{f"{key.field}__isnull": True})
            condition |= equal & later
            equal &= Q(**{key.field: value})
        else:  # nothing sorts after NULL but other NULLs, by the next keys
            equal &= Q(**{f"{key.field}__isnull": True})
    return condition


def keyset_page(queryset: QuerySet[M], keys: Sequence[Key], *, cursor: str | None,
                size: int) -> KeysetPage[M]:
    """The page of `size` rows after `cursor` (the first page without one); one query."""
    ordered = queryset.order_by(*(key.order() for key in keys))
    if cursor:
        ordered = ordered.filter(after(keys, _checked(queryset.model, keys, _decode(cursor, len(keys)))))
    rows = list(ordered[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = keyset_cursor(rows[-1], keys)
    return KeysetPage(object_list=rows, next_cursor=next_cursor, is_first=not cursor)


def keyset_cursor(row: Model, keys: Sequence[Key]) -> str:
    """The cursor of the page after `row`."""
    return _encode([_value(row, key.field) for key in keys])


def _checked(model: type[Model], keys: Sequence[Key], values: list[Any]) -> list[Any]:
    """Each value as its field's type, or BadCursor."""
    checked: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            if not key.nullable:
                raise BadCursor(repr(values))
            checked.append(None)
            continue
        field = model._meta.pk if key.field in {"pk", "id"} else model._meta.get_field(key.field)
        if not isinstance(field, Field):
            raise BadCursor(key.field)
        try:
            checked.append(field.to_python(value))
        except (ValidationError, TypeError, ValueError) as error:
            raise BadCursor(repr(values)) from error
    return checked


def _value(row: Model, field: str) -> Any:
    value: Any = row
    for part in field.split("__"):
        value = getattr(value, "pk" if part == "pk" else part)
    return value
