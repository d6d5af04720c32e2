"""Reference numbers SL-YYYY-NNNNNN, one series per (local) year, without a lock held to COMMIT.

PostgreSQL: one database SEQUENCE per year (`service_requests_reference_2026`), created on first
use. `nextval` never waits for another transaction, so concurrent intakes do not queue behind each
other; the price is gaps: a number taken by an intake that then rolls back is not reused.
References are unique and increase with time within a year, but they are not a count.
The sequence starts after the highest number already issued that year (the `ReferenceCounter` row
of the installation before sequences, or the references stored), so switching loses nothing.

SQLite: the `ReferenceCounter` row, incremented inside the caller's transaction. SQLite's IMMEDIATE
transactions serialise writers anyway, so the row lock costs nothing there, and no number is lost.

This is the one module that issues PostgreSQL-only SQL for references (the guarded module
STYLE.md §6 allows).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Max

from shiliu.service_requests.models import ReferenceCounter, ServiceRequest

SEQUENCE_PREFIX = "service_requests_reference_"


def format_reference(year: int, number: int) -> str:
    return f"SL-{year}-{number:06d}"


def next_reference(year: int) -> str:
    """The next reference of `year`, inside the caller's transaction."""
    if connection.vendor == "postgresql":
        return format_reference(year, _from_sequence(int(year)))
    return format_reference(year, _from_counter(year))


def reserve(year: int, count: int) -> int:
    """`count` consecutive numbers of `year` taken at once (bulk loads, `demo.scale`): the first.
    PostgreSQL: the year's sequence moved past them in one statement; SQLite: the counter row."""
    if count < 1:
        raise ValueError("reserve at least one number")
    if connection.vendor == "postgresql":
        first = _from_sequence(int(year))
        if count > 1:
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(to_regclass(%s), GREATEST(nextval(to_regclass(%s)), "
                               "%s))", [sequence_name(year), sequence_name(year), first + count - 1])
        return first
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + count)
    return ReferenceCounter.objects.values_list("last", flat=True).get(year=year) - count + 1


def _from_counter(year: int) -> int:
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    return ReferenceCounter.objects.values_list("last", flat=True).get(year=year)


def sequence_name(year: int) -> str:
    return f"{SEQUENCE_PREFIX}{int(year):04d}"


def _from_sequence(year: int) -> int:
    name = sequence_name(year)
    with connection.cursor() as cursor:
        # nextval is strict: a sequence not created yet gives NULL instead of an error, so the
        # usual path is this one statement and no savepoint.
        cursor.execute("SELECT nextval(to_regclass(%s))", [name])
        number = cursor.fetchone()[0]
        if number is None:
            _create_sequence(cursor, year)
            cursor.execute("SELECT nextval(to_regclass(%s))", [name])
            number = cursor.fetchone()[0]
    return int(number)


def highest_issued(year: int) -> int:
    """The highest number of `year` issued so far: the counter row or the references stored."""
    counted = ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).first() or 0
    stored = ServiceRequest.objects.filter(reference__startswith=f"SL-{year}-").aggregate(
        top=Max("reference"))["top"]
    return max(counted, int(stored.rsplit("-", 1)[1]) if stored else 0)


def _create_sequence(cursor: object, year: int) -> None:
    """Create the year's sequence once, however many intakes find it missing at the same moment:
    an advisory lock (held to the end of this transaction, taken only on this once-a-year path)
    lets one create it; the others wait, then find it there (IF NOT EXISTS). The creation is part
    of the caller's transaction: if that rolls back, so does the sequence."""
    name = sequence_name(year)
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])  # type: ignore[attr-defined]
    start = highest_issued(year) + 1
    # The name is built from an integer and the start is an integer: nothing from outside.
    cursor.execute(  # type: ignore[attr-defined]
        f"CREATE SEQUENCE IF NOT EXISTS {name} AS bigint START WITH {int(start)} MINVALUE 1"
    )


def drop_sequences() -> None:
    """Remove every year's sequence (tests that commit, and start the next test from nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() "
            "AND sequencename LIKE %s", [SEQUENCE_PREFIX + "%"]
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP SEQUENCE IF EXISTS "{name}"')
