# ruff: noqa: S608 - SQL built only from model metadata (quoted identifiers) and integers
"""Many requests fast, for measuring the platform at city scale (`manage.py load_scale`).

The requests already in the database (a demo city, or a test's factories) are the *templates*:
each new request copies one template's row and its whole timeline of events, moved in time to a
new submission moment, with a fresh reference and tracking token. Categories, units, channels,
languages, statuses and event sequences are therefore exactly those the real workflow produced
(the demo's), in the demo's proportions; only time and identity change. Nothing passes through
the services: this is raw, bulk data, written with PostgreSQL's COPY (psycopg) or, on SQLite,
executemany in batches, in one transaction per batch.

A template is picked so that its history fits: for a new request of age A days (before now), a
template at least as old, the nearest such, is shifted forward by the difference; old requests
take old (settled) templates. Every shifted timestamp stays before the moment of the load.
"""

from __future__ import annotations

import bisect
import random
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from shiliu.service_requests.models import ReferenceCounter, RequestEvent, ServiceRequest

# Requests per day grow over the loaded span (the newest day gets GROWTH times the oldest's).
GROWTH = 2.0


@dataclass(frozen=True)
class Template:
    submitted_at: datetime
    last_at: datetime  # the latest timestamp of the request and its events
    row: tuple[Any, ...]  # the request's raw column values
    events: tuple[tuple[Any, ...], ...]  # its events' raw column values (without id and request)


def _columns(model: type[Any], *, skip: Sequence[str] = ()) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


REQUEST_COLUMNS = _columns(ServiceRequest)
EVENT_COLUMNS = _columns(RequestEvent, skip=("id", "request_id"))
# The request's timestamps moved with it (every datetime column).
REQUEST_TIMES = [f.column for f in ServiceRequest._meta.concrete_fields
                 if f.get_internal_type() == "DateTimeField"]


def _aware(value: Any) -> Any:
    """A raw datetime as the database returned it (SQLite: text in UTC) → aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def load_templates(limit: int = 5000) -> list[Template]:
    """The requests in the database (up to `limit`, oldest first) with their raw events."""
    quote = connection.ops.quote_name
    table = ServiceRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in REQUEST_COLUMNS)} FROM {quote(table)} "
            f"WHERE merged_into_id IS NULL ORDER BY submitted_at LIMIT %s", [limit])
        rows = cursor.fetchall()
        ids = [row[REQUEST_COLUMNS.index("id")] for row in rows]
        events: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in ids}
        event_table = RequestEvent._meta.db_table
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cursor.execute(
                f"SELECT request_id, {', '.join(quote(c) for c in EVENT_COLUMNS)} "
                f"FROM {quote(event_table)} WHERE request_id IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY created_at, id", chunk)
            for event in cursor.fetchall():
                events[event[0]].append(tuple(event[1:]))
    times = [REQUEST_COLUMNS.index(c) for c in REQUEST_TIMES]
    created = EVENT_COLUMNS.index("created_at")
    templates = []
    for row in rows:
        values = tuple(_aware(v) if i in times else v for i, v in enumerate(row))
        timeline = tuple(
            tuple(_aware(v) if i == created else v for i, v in enumerate(event))
            for event in events[row[REQUEST_COLUMNS.index("id")]])
        moments = [values[i] for i in times if values[i] is not None]
        moments += [event[created] for event in timeline]
        templates.append(Template(submitted_at=values[REQUEST_COLUMNS.index("submitted_at")],
                                  last_at=max(moments), row=values, events=timeline))
    return templates


class Generator:
    """Plans and writes `count` requests submitted over `days` days before `now`."""

    def __init__(self, templates: list[Template], *, count: int, days: int, now: datetime,
                 seed: int = 2026) -> None:
        if not templates:
            raise ValueError("load_scale needs requests to copy: run demo_city first.")
        self.rng = random.Random(seed)
        self.count, self.days, self.now = count, days, now
        self.templates = sorted(templates, key=lambda t: t.submitted_at)
        self.ages = [(now - t.submitted_at).total_seconds() for t in self.templates]  # descending
        self.neg_ages = [-a for a in self.ages]  # ascending, for bisect
        self.oldest_age = self.ages[0]

    def submission_ages(self) -> Iterator[float]:
        """Seconds before now, oldest first (fewer per day early on: GROWTH)."""
        span = self.days * 86400.0
        rng = self.rng
        ages = []
        for _ in range(self.count):
            # Density rising linearly from 1 to GROWTH towards now (inverse transform sampling).
            u = rng.random()
            g = GROWTH
            x = (-1 + (1 + u * (g * g - 1)) ** 0.5) / (g - 1)  # in [0, 1], denser near 1
            ages.append(span * (1 - x))
        ages.sort(reverse=True)
        yield from ages

    def template_for(self, age: float) -> tuple[Template, timedelta]:
        """A template at least `age` old (the nearest, with jitter), and the shift forward."""
        if age >= self.oldest_age:
            # Older than any template: a settled one (taken from the older half), moved back.
            template = self.templates[self.rng.randrange(max(1, len(self.templates) // 2))]
        else:
            # ages descending: the last index whose age >= age, then up to 20 older ones.
            index = bisect.bisect_right(self.neg_ages, -age) - 1
            index = max(0, index - self.rng.randrange(20))
            template = self.templates[index]
        shift = (self.now - timedelta(seconds=age)) - template.submitted_at
        if template.last_at + shift >= self.now:  # would reach the future: the oldest settled
            template = self.templates[self.rng.randrange(max(1, len(self.templates) // 4))]
            shift = (self.now - timedelta(seconds=age)) - template.submitted_at
        return template, shift


def _next_id(model: type[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return int(cursor.fetchone()[0]) + 1


def _counters() -> dict[int, int]:
    return dict(ReferenceCounter.objects.values_list("year", "last"))


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's rowid continues from the largest id by itself
    with connection.cursor() as cursor:
        for model in (ServiceRequest, RequestEvent):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))",
                           [table])


def load(count: int, *, days: int = 5 * 365, batch: int = 20000, seed: int = 2026,
         progress: Callable[[int], None] = lambda n: None,
         templates: list[Template] | None = None) -> int:
    """Add `count` requests (with their events) spread over the `days` before now; returns the
    number of events written."""
    now = timezone.now()
    generator = Generator(templates if templates is not None else load_templates(), count=count,
                          days=days, now=now, seed=seed)
    request_id, event_id = _next_id(ServiceRequest), _next_id(RequestEvent)
    counters = _counters()
    zone = timezone.get_default_timezone()
    col = {c: i for i, c in enumerate(REQUEST_COLUMNS)}
    times = [col[c] for c in REQUEST_TIMES]
    created = EVENT_COLUMNS.index("created_at")
    writer = _PostgresWriter() if connection.vendor == "postgresql" else _SqliteWriter()
    requests: list[list[Any]] = []
    events: list[list[Any]] = []
    written = 0

    def flush() -> None:
        with transaction.atomic():
            writer.write(requests, events)
        progress(len(requests))
        requests.clear()
        events.clear()

    for age in generator.submission_ages():
        template, shift = generator.template_for(age)
        row = list(template.row)
        for i in times:
            if row[i] is not None:
                row[i] = row[i] + shift
        year = timezone.localtime(row[col["submitted_at"]], zone).year
        counters[year] = counters.get(year, 0) + 1
        row[col["id"]] = request_id
        row[col["reference"]] = f"SL-{year}-{counters[year]:06d}"
        row[col["tracking_token"]] = secrets.token_urlsafe(24)
        requests.append(row)
        for event in template.events:
            values = list(event)
            values[created] = values[created] + shift
            events.append([event_id, request_id, *values])
            event_id += 1
        written += len(template.events)
        request_id += 1
        if len(requests) >= batch:
            flush()
    if requests:
        flush()
    with transaction.atomic():
        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        _reset_sequences()
    if connection.vendor == "postgresql":  # the planner's statistics, for the new size
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ServiceRequest._meta.db_table}")
            cursor.execute(f"ANALYZE {RequestEvent._meta.db_table}")
    return written


class _PostgresWriter:
    def write(self, requests: list[list[Any]], events: list[list[Any]]) -> None:
        from psycopg.types.json import Jsonb

        json_request = [i for i, f in enumerate(ServiceRequest._meta.concrete_fields)
                        if f.get_internal_type() == "JSONField"]
        json_event = [i + 2 for i, c in enumerate(EVENT_COLUMNS) if c in _json_columns(RequestEvent)]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table, columns, rows, json_columns in (
                (ServiceRequest._meta.db_table, REQUEST_COLUMNS, requests, json_request),
                (RequestEvent._meta.db_table, ["id", "request_id", *EVENT_COLUMNS], events, json_event),
            ):
                with raw.copy(f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                              "FROM STDIN") as copy:
                    for row in rows:
                        for i in json_columns:
                            row[i] = Jsonb(row[i])
                        copy.write_row(row)


class _SqliteWriter:
    def write(self, requests: list[list[Any]], events: list[list[Any]]) -> None:
        import json

        quote = connection.ops.quote_name
        json_request = [i for i, f in enumerate(ServiceRequest._meta.concrete_fields)
                        if f.get_internal_type() == "JSONField"]
        json_event = [i + 2 for i, c in enumerate(EVENT_COLUMNS) if c in _json_columns(RequestEvent)]

        def sqlite_value(value: Any) -> Any:
            if isinstance(value, datetime):  # stored as UTC text, as Django writes it
                return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
            return value

        with connection.cursor() as cursor:
            for table, columns, rows, json_columns in (
                (ServiceRequest._meta.db_table, REQUEST_COLUMNS, requests, json_request),
                (RequestEvent._meta.db_table, ["id", "request_id", *EVENT_COLUMNS], events, json_event),
            ):
                for row in rows:
                    for i in json_columns:
                        if not isinstance(row[i], str):
                            row[i] = json.dumps(row[i])
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    [[sqlite_value(v) for v in row] for row in rows])


def _json_columns(model: type[Any]) -> set[str]:
    return {f.column for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"}


def load_in_database(count: int, *, days: int = 5 * 365) -> int:
    """PostgreSQL only, for tests that need a table big enough for the planner: `count` copies
    made by one INSERT … SELECT per table, each request a template moved back by whole days
    (0 to `days`, so every timestamp stays in the past; statuses stay the template's). Far
    faster than `load` and less faithful in time; returns the number of events written."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("load_in_database needs PostgreSQL")
    quote = connection.ops.quote_name
    requests, events = ServiceRequest._meta.db_table, RequestEvent._meta.db_table
    shift = f"(g %% {int(days)}) * interval '1 day'"
    request_values = []
    for column in REQUEST_COLUMNS:
        if column == "id":
            request_values.append("base.max_id + g")
        elif column == "reference":
            request_values.append("'SC-' || g")  # not SL-…: never met by intake's counter
        elif column == "tracking_token":
            request_values.append("md5(random()::text || g)")
        elif column in REQUEST_TIMES:
            request_values.append(f"t.{quote(column)} - {shift}")
        else:
            request_values.append(f"t.{quote(column)}")
    event_values = [f"e.{quote(c)} - {shift}" if c == "created_at" else f"e.{quote(c)}"
                    for c in EVENT_COLUMNS]
    templates = (f"SELECT row_number() OVER (ORDER BY id) - 1 AS n, * FROM {quote(requests)} "
                 "WHERE merged_into_id IS NULL")
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(requests)}")
        max_id = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT count(*) FROM ({templates}) t")
        size = int(cursor.fetchone()[0])
        if not size:
            raise ValueError("load_in_database needs requests to copy.")
        cursor.execute(
            f"INSERT INTO {quote(requests)} ({', '.join(quote(c) for c in REQUEST_COLUMNS)}) "
            f"SELECT {', '.join(request_values)} FROM generate_series(1, %s) g "
            f"CROSS JOIN (SELECT {max_id} AS max_id) base JOIN ({templates}) t ON t.n = g %% {size}",
            [count])
        cursor.execute(
            f"INSERT INTO {quote(events)} (request_id, {', '.join(quote(c) for c in EVENT_COLUMNS)}) "
            f"SELECT {max_id} + g, {', '.join(event_values)} FROM generate_series(1, %s) g "
            f"JOIN ({templates}) t ON t.n = g %% {size} JOIN {quote(events)} e ON e.request_id = t.id "
            f"WHERE e.request_id <= {max_id}", [count])
        written = cursor.rowcount
        _reset_sequences()
    return int(written)
