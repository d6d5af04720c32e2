# ruff: noqa: S608 - SQL built only from model metadata (quoted identifiers) and integers
"""Many requests fast, for measuring the platform at city scale (`manage.py load_scale`).

The requests already in the database (a demo city, or a test's factories) are the *templates*:
each new request copies one template's row and its whole timeline of events, moved in time to a
new submission moment, with a fresh reference, tracking token and search text (the template's,
with the new reference's words). Categories, units, channels, languages, statuses and event
sequences are therefore exactly those the real workflow produced (the demo's), in the demo's
proportions; only time and identity change. Nothing passes through the services: this is raw,
bulk data.

Only the *plan* is made in Python: per new request its id, template, shift in time and
reference, written in batches to a temporary table (COPY on PostgreSQL). The database itself
then copies the rows, one `INSERT … SELECT` per table and batch, joining the plan to temporary
copies of the templates and their events; Python never touches a row. A large load (at least as
many requests as are already there, and 100,000 or more) drops the two tables' secondary
indexes first and builds each once at the end (a load killed in between leaves their list in
`scale_pending_index`, and the next load builds them first), and skips the foreign-key checks (the copied
values are the templates', valid by construction): PostgreSQL's `session_replication_role`,
SQLite's `PRAGMA foreign_keys`. Request ids are reserved as one range (`setval`) before the
load, so intake may go on beside it. On SQLite the FTS table of search.py gets its rows too.

A template is picked so that its history fits: for a new request of age A days (before now), a
template at least as old, the nearest such, is shifted forward by the difference; old requests
take old (settled) templates. Every shifted timestamp stays before the moment of the load.
"""

from __future__ import annotations

import bisect
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from shiliu.service_requests import references, search
from shiliu.service_requests.models import RequestEvent, ServiceRequest

# Requests per day grow over the loaded span (the newest day gets GROWTH times the oldest's).
GROWTH = 2.0
# The indexes dropped by a load and not built yet (the load was killed): built by the next one.
PENDING = "scale_pending_index"
# A load this large (and at least as large as the table) rebuilds the indexes once at the end.
REBUILD_FROM = 100_000
TEMPLATES = "scale_template"
TEMPLATE_EVENTS = "scale_template_event"
PLAN = "scale_plan"


@dataclass(frozen=True)
class Template:
    pk: int
    submitted_at: float  # epoch seconds
    last_at: float  # the latest timestamp of the request and its events, epoch seconds
    head: str  # the search text before the reference's words (with a trailing space, or "")
    tail: str | None  # after them (leading space, or ""); None: the reference's words not found


def _columns(model: type[Any], *, skip: Sequence[str] = ()) -> list[str]:
    """The columns a copy writes (not those the database computes itself, e.g. place_cell)."""
    return [f.column for f in model._meta.concrete_fields if f.column not in skip and not f.generated]


REQUEST_COLUMNS = _columns(ServiceRequest)
EVENT_COLUMNS = _columns(RequestEvent, skip=("id", "request_id"))
# The request's timestamps moved with it (every datetime column).
REQUEST_TIMES = [f.column for f in ServiceRequest._meta.concrete_fields
                 if f.get_internal_type() == "DateTimeField"]
EVENT_TIMES = [f.column for f in RequestEvent._meta.concrete_fields
               if f.get_internal_type() == "DateTimeField"]
# Pointers to other requests: a copy of a template is nobody's duplicate and merged into nothing.
REQUEST_NULLED = ("merged_into_id", "possible_duplicate_of_id")


def _epoch(value: Any) -> float:
    """A raw datetime as the database returned it (SQLite: text in UTC) → epoch seconds."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return float(value.timestamp())


def _split_search_text(text: str, description: str, reply: str,
                       reference: str) -> tuple[str, str | None]:
    """The template's search text around its reference's words (search.document's order:
    description, reply, reference, place): (head, tail), tail None when they are not there."""
    words = text.split(" ") if text else []
    before = len(search.tokens(" ".join(part for part in (description, reply) if part)))
    mine = search.tokens(reference)
    if not mine or words[before:before + len(mine)] != mine:
        return text, None
    head, tail = words[:before], words[before + len(mine):]
    return "".join(w + " " for w in head), "".join(" " + w for w in tail)


def load_templates(limit: int = 5000) -> list[Template]:
    """The requests in the database (up to `limit`, oldest first, none merged)."""
    quote = connection.ops.quote_name
    table, event_table = ServiceRequest._meta.db_table, RequestEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, reference, description, reply, search_text, "
            f"{', '.join(quote(c) for c in REQUEST_TIMES)} FROM {quote(table)} "
            f"WHERE merged_into_id IS NULL ORDER BY submitted_at, id LIMIT %s", [limit])
        rows = cursor.fetchall()
        last: dict[int, float] = {}
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cursor.execute(
                f"SELECT request_id, MAX(created_at) FROM {quote(event_table)} "
                f"WHERE request_id IN ({', '.join(['%s'] * len(chunk))}) GROUP BY request_id", chunk)
            last.update((pk, _epoch(moment)) for pk, moment in cursor.fetchall())
    submitted = 5 + REQUEST_TIMES.index("submitted_at")
    templates = []
    for row in rows:
        moments = [_epoch(v) for v in row[5:] if v is not None]
        if row[0] in last:
            moments.append(last[row[0]])
        text = search.text_of_vector(row[4]) if connection.vendor == "postgresql" else row[4]
        head, tail = _split_search_text(text or "", row[2] or "", row[3] or "", row[1])
        templates.append(Template(pk=row[0], submitted_at=_epoch(row[submitted]),
                                  last_at=max(moments), head=head, tail=tail))
    return templates


class Generator:
    """Plans `count` requests submitted over `days` days before `now`: (template, shift in
    seconds), oldest first."""

    def __init__(self, templates: list[Template], *, count: int, days: int, now: datetime,
                 seed: int = 2026) -> None:
        if not templates:
            raise ValueError("load_scale needs requests to copy: run demo_city first.")
        self.rng = random.Random(seed)
        self.count, self.days = count, days
        self.now = now.timestamp()
        self.templates = sorted(templates, key=lambda t: t.submitted_at)
        self.ages = [self.now - t.submitted_at for t in self.templates]  # descending
        self.neg_ages = [-a for a in self.ages]  # ascending, for bisect
        self.oldest_age = self.ages[0]

    def submission_ages(self) -> list[float]:
        """Seconds before now, oldest first (fewer per day early on: GROWTH)."""
        span = self.days * 86400.0
        uniform = self.rng.random
        g = GROWTH
        g2, g1 = g * g - 1, g - 1
        # Density rising linearly from 1 to GROWTH towards now (inverse transform sampling):
        # x in [0, 1], denser near 1.
        ages = [span * (1 - (-1 + (1 + uniform() * g2) ** 0.5) / g1) for _ in range(self.count)]
        ages.sort(reverse=True)
        return ages

    def plan(self, ages: list[float]) -> Iterator[tuple[Template, float, float]]:
        """For each of `ages` (submission_ages): (template, shift forward in seconds, new
        submission moment in epoch seconds)."""
        templates, neg_ages, now = self.templates, self.neg_ages, self.now
        uniform = self.rng.random
        n = len(templates)
        half, quarter = max(1, n // 2), max(1, n // 4)
        for age in ages:
            if age >= self.oldest_age:
                # Older than any template: a settled one (taken from the older half), moved back.
                template = templates[int(uniform() * half)]
            else:
                # ages descending: the last index whose age >= age, then up to 20 older ones.
                index = bisect.bisect_right(neg_ages, -age) - 1
                template = templates[max(0, index - int(uniform() * 20))]
            moment = now - age
            shift = moment - template.submitted_at
            if template.last_at + shift >= now:  # would reach the future: the oldest settled
                template = templates[int(uniform() * quarter)]
                shift = moment - template.submitted_at
            yield template, shift, moment


def _year_starts(zone: Any, first: int, last: int) -> list[tuple[float, int]]:
    """(epoch of 1 January 00:00 local, year) for the years first..last+1."""
    return [(datetime(year, 1, 1, tzinfo=zone).timestamp(), year) for year in range(first, last + 2)]


def _years(ages: list[float], now: float, starts: list[tuple[float, int]]) -> Iterator[int]:
    """The local year of each submission (ages descending: moments ascending)."""
    index = 0
    for age in ages:
        moment = now - age
        while moment >= starts[index + 1][0]:
            index += 1
        yield starts[index][1]


def _reserve_ids(count: int) -> int:
    """The first of `count` request ids nobody else will take (PostgreSQL: the sequence moved
    past them at once, so intake may run beside the load)."""
    quote = connection.ops.quote_name
    table = ServiceRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(table)}")
        top = int(cursor.fetchone()[0])
        if connection.vendor != "postgresql":
            return top + 1
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
        last, called = cursor.fetchone()
        start = max(top, int(last) if called else int(last) - 1) + 1
        cursor.execute("SELECT setval(%s, %s)", [sequence, start + count - 1])
    return start


def _reset_sequences() -> None:
    """The id sequences past the largest id, never back (ids reserved by others stay theirs)."""
    if connection.vendor != "postgresql":
        return  # SQLite's rowid continues from the largest id by itself
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (ServiceRequest, RequestEvent):
            table = model._meta.db_table
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT setval(%s, GREATEST((SELECT COALESCE(MAX(id), 1) FROM "
                           f"{quote(table)}), (SELECT last_value FROM {sequence})))", [sequence])


# --- the database's part --------------------------------------------------------------------

def _shifted(column: str) -> str:
    """The template's `column` moved by the plan's shift (microseconds)."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        return f"t.{quote(column)} + p.shift * interval '1 microsecond'"
    # (executed without parameters: no placeholders, a single % is a percent sign)
    return (f"strftime('%Y-%m-%d %H:%M:%f', t.{quote(column)}, "
            f"printf('%+.6f seconds', p.shift / 1000000.0))")


def _token() -> str:
    if connection.vendor == "postgresql":
        return "md5(random()::text || p.id::text)"
    return "lower(hex(randomblob(16)))"


def _prepare(templates: list[Template]) -> None:
    """Temporary copies of the templates (with their search text around the reference) and of
    their events, and the empty plan."""
    quote = connection.ops.quote_name
    requests, events = ServiceRequest._meta.db_table, RequestEvent._meta.db_table
    postgresql = connection.vendor == "postgresql"
    text = "text" if postgresql else "TEXT"
    # The search text's pieces as the column stores them (PostgreSQL: tsvectors, joined by ||).
    piece, made = ("tsvector", "to_tsvector('simple', %s)") if postgresql else ("TEXT", "%s")
    with connection.cursor() as cursor:
        for name in (TEMPLATES, TEMPLATE_EVENTS, PLAN):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {PLAN} (id bigint, template bigint, shift bigint, "
                       f"reference {text}, words {text})")
        cursor.execute(f"CREATE TEMPORARY TABLE {TEMPLATES} (tid bigint PRIMARY KEY, "
                       f"head {piece}, tail {piece})")
        for start in range(0, len(templates), 500):
            chunk = templates[start:start + 500]
            cursor.execute(f"INSERT INTO {TEMPLATES} (tid, head, tail) VALUES "
                           + ", ".join([f"(%s, {made}, {made})"] * len(chunk)),
                           [v for t in chunk for v in (t.pk, t.head, t.tail)])
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TEMPLATE_EVENTS} AS SELECT "
            f"e.id AS template_event, {', '.join('e.' + quote(c) for c in ['request_id', *EVENT_COLUMNS])} "
            f"FROM {quote(events)} e JOIN {TEMPLATES} s ON s.tid = e.request_id")
        cursor.execute(f"CREATE INDEX scale_template_event_request ON {TEMPLATE_EVENTS} (request_id)")
        # The template rows themselves, beside their search text.
        cursor.execute(f"CREATE TEMPORARY TABLE scale_template_row AS SELECT "
                       f"{', '.join('r.' + quote(c) for c in REQUEST_COLUMNS)}, s.head, s.tail "
                       f"FROM {quote(requests)} r JOIN {TEMPLATES} s ON s.tid = r.id")
        cursor.execute(f"DROP TABLE {TEMPLATES}")
        cursor.execute(f"ALTER TABLE scale_template_row RENAME TO {TEMPLATES}")
        cursor.execute(f"CREATE UNIQUE INDEX scale_template_id ON {TEMPLATES} (id)")
        if connection.vendor == "postgresql":
            for name in (TEMPLATES, TEMPLATE_EVENTS):
                cursor.execute(f"ANALYZE {name}")


def _drop_temporary() -> None:
    with connection.cursor() as cursor:
        for name in (TEMPLATES, TEMPLATE_EVENTS, PLAN):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _write_plan(rows: list[tuple[int, int, int, str, str]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PLAN}")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {PLAN} (id, template, shift, reference, words) "
                                    "FROM STDIN") as copy:
                copy.write("".join(f"{a}\t{b}\t{c}\t{d}\t{e}\n" for a, b, c, d, e in rows))
        else:
            cursor.executemany(f"INSERT INTO {PLAN} (id, template, shift, reference, words) "
                               "VALUES (%s, %s, %s, %s, %s)", rows)


def _copy_planned() -> int:
    """The planned requests and their events, made by the database; returns the events made."""
    quote = connection.ops.quote_name
    requests, events = ServiceRequest._meta.db_table, RequestEvent._meta.db_table
    values = []
    for column in REQUEST_COLUMNS:
        if column == "id":
            values.append("p.id")
        elif column == "reference":
            values.append("p.reference")
        elif column == "tracking_token":
            values.append(_token())
        elif column == "search_text":  # the template's, with the new reference's words
            words = "to_tsvector('simple', p.words)" if connection.vendor == "postgresql" else "p.words"
            values.append(f"COALESCE(t.head || {words} || t.tail, t.search_text)")
        elif column in REQUEST_NULLED:
            values.append("NULL")
        elif column in REQUEST_TIMES:
            values.append(_shifted(column))
        else:
            values.append(f"t.{quote(column)}")
    event_values = [_shifted(c) if c in EVENT_TIMES else f"t.{quote(c)}" for c in EVENT_COLUMNS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the events' sort by request, in memory
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            f"INSERT INTO {quote(requests)} ({', '.join(quote(c) for c in REQUEST_COLUMNS)}) "
            f"SELECT {', '.join(values)} FROM {PLAN} p JOIN {TEMPLATES} t ON t.id = p.template")
        cursor.execute(
            f"INSERT INTO {quote(events)} (request_id, {', '.join(quote(c) for c in EVENT_COLUMNS)}) "
            f"SELECT p.id, {', '.join(event_values)} FROM {PLAN} p "
            f"JOIN {TEMPLATE_EVENTS} t ON t.request_id = p.template ORDER BY p.id, t.template_event")
        made = int(cursor.rowcount)
        if connection.vendor == "sqlite":  # search.py's FTS table follows the column by hand
            cursor.execute(f"INSERT INTO {search.FTS_TABLE} (rowid, search_text) SELECT r.id, "
                           f"r.search_text FROM {quote(requests)} r JOIN {PLAN} p ON p.id = r.id")
    return made


# --- indexes: dropped before a large load, each built once after it -------------------------

def _secondary_indexes() -> list[tuple[str, str, str]]:
    """(kind, name, statement to make it again) of the requests' and events' indexes and unique
    constraints but their primary keys."""
    tables = [ServiceRequest._meta.db_table, RequestEvent._meta.db_table]
    found: list[tuple[str, str, str]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)",
                [tables])
            for table, name, definition in cursor.fetchall():
                found.append(("constraint", f"{table}:{name}",
                              f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [tables])
            found += [("index", name, definition) for name, definition in cursor.fetchall()]
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                           f"NULL AND tbl_name IN ({', '.join(['%s'] * len(tables))})", tables)
            found += [("index", name, sql) for name, sql in cursor.fetchall()]
    return found


def _pending() -> list[tuple[str, str, str]]:
    """The indexes a load dropped and did not live to build (killed midway), as `_drop` wrote
    them down; none if that table is not there."""
    if PENDING not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, name, statement FROM {PENDING} ORDER BY position")
        return [(kind, name, statement) for kind, name, statement in cursor.fetchall()]


def _drop(indexes: list[tuple[str, str, str]]) -> None:
    """Drop the indexes, writing down in the same transaction how to make them again: a load
    killed before `_build` leaves that list for the next one."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # deferred checks pending block ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {PENDING} "
                       "(position integer, kind text, name text, statement text)")
        cursor.executemany(f"INSERT INTO {PENDING} VALUES (%s, %s, %s, %s)",
                           [(n, kind, name, statement)
                            for n, (kind, name, statement) in enumerate(indexes)])
        for kind, name, _statement in indexes:
            if kind == "constraint":
                table, constraint = name.split(":", 1)
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
            else:
                cursor.execute(f"DROP INDEX {name}")


def _build(indexes: list[tuple[str, str, str]], progress: Callable[[str], None]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for _kind, name, statement in indexes:
            started = time.monotonic()
            cursor.execute(statement)
            progress(f"index {name} built in {time.monotonic() - started:.0f} s")
        cursor.execute(f"DROP TABLE IF EXISTS {PENDING}")


def _foreign_keys_unchecked(on: bool) -> None:
    """Skip (or check again) the foreign keys of the rows to come: their values are copies."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            try:
                with transaction.atomic():
                    cursor.execute(f"SET session_replication_role = {'replica' if on else 'DEFAULT'}")
            except DatabaseError:  # not a superuser: the checks stay, merely slower
                return
        else:
            cursor.execute(f"PRAGMA foreign_keys = {'OFF' if on else 'ON'}")  # no-op in a transaction


# --- the load --------------------------------------------------------------------------------

def load(count: int, *, days: int = 5 * 365, batch: int = 200_000, seed: int = 2026,
         progress: Callable[[int], None] = lambda n: None,
         templates: list[Template] | None = None, rebuild_indexes: bool | None = None,
         say: Callable[[str], None] = lambda line: None) -> int:
    """Add `count` requests (with their events) spread over the `days` before now; returns the
    number of events written. `rebuild_indexes` (default: for a large load) drops the secondary
    indexes first and builds them at the end."""
    now = timezone.now()
    generator = Generator(templates if templates is not None else load_templates(), count=count,
                          days=days, now=now, seed=seed)
    if rebuild_indexes is None:
        rebuild_indexes = count >= REBUILD_FROM and count >= ServiceRequest.objects.count()
    zone = timezone.get_default_timezone()
    first_year = datetime.fromtimestamp(generator.now - days * 86400.0 - 86400.0 * 366, zone).year
    first_year = min(first_year, datetime.fromtimestamp(generator.templates[0].submitted_at, zone).year)
    starts = _year_starts(zone, first_year, now.astimezone(zone).year)
    ages = generator.submission_ages()
    per_year: dict[int, int] = {}
    for year in _years(ages, generator.now, starts):
        per_year[year] = per_year.get(year, 0) + 1
    with transaction.atomic():  # each year's references taken as one range, as intake takes one
        numbers = {year: references.reserve(year, n) for year, n in per_year.items()}
    words = {year: " ".join(search.tokens(references.format_reference(year, 0)))
             for year in per_year}
    request_id = _reserve_ids(count)
    left = _pending()
    if left:
        say(f"building {len(left)} indexes that an interrupted load dropped")
        _build(left, say)
    indexes = _secondary_indexes() if rebuild_indexes else []
    written = 0
    _prepare(generator.templates)
    if indexes:
        with transaction.atomic():
            _drop(indexes)
        say(f"dropped {len(indexes)} indexes and unique constraints; built again at the end")
    _foreign_keys_unchecked(True)
    try:
        plan: list[tuple[int, int, int, str, str]] = []

        def flush() -> None:
            nonlocal written
            with transaction.atomic():
                _write_plan(plan)
                written += _copy_planned()
            progress(len(plan))
            plan.clear()

        for (template, shift, _moment), year in zip(generator.plan(ages),
                                                   _years(ages, generator.now, starts), strict=True):
            number = numbers[year]
            numbers[year] = number + 1
            plan.append((request_id, template.pk, int(shift * 1_000_000),
                         references.format_reference(year, number), words[year]))
            request_id += 1
            if len(plan) >= batch:
                flush()
        if plan:
            flush()
    finally:
        _foreign_keys_unchecked(False)
        _drop_temporary()
        if indexes:  # also after a failure: the tables must not stay without them
            _build(indexes, say)
    with transaction.atomic():
        _reset_sequences()
    if connection.vendor == "postgresql" or rebuild_indexes:  # the planner's statistics
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ServiceRequest._meta.db_table}")
            cursor.execute(f"ANALYZE {RequestEvent._meta.db_table}")
    return written


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
