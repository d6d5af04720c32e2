"""On PostgreSQL, references come from a sequence per year: many intakes at once never share a
number and never wait for each other's COMMIT; a number taken by a transaction that rolled back
is not reused (gaps are allowed). The sequence starts after what was issued before it existed."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run_at_once
from django.db import connection, transaction

from shiliu.service_requests import references
from shiliu.service_requests.models import ReferenceCounter
from shiliu.service_requests.tests.factories import ServiceRequestFactory

THREADS = 8
EACH = 5


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("sequences are PostgreSQL's; SQLite serialises writers on the counter row")


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_distinct_references_even_while_the_sequence_is_created() -> None:
    postgresql_only()

    # when eight writers, each in its own transactions, take five numbers of a year not used yet
    def take() -> list[str]:
        taken = []
        for _ in range(EACH):
            with transaction.atomic():
                taken.append(references.next_reference(2031))
        return taken

    taken = [number for numbers in run_at_once(THREADS, take) for number in numbers]

    # then no number is given twice, and (nothing rolled back) none is skipped
    assert len(taken) == len(set(taken)) == THREADS * EACH
    assert sorted(taken) == [f"SL-2031-{n:06d}" for n in range(1, THREADS * EACH + 1)]


@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_writers_commit() -> None:
    postgresql_only()
    with transaction.atomic():
        references.next_reference(2032)  # the sequence exists from here on

    # given a transaction that took a number and has not committed
    with transaction.atomic():
        first = references.next_reference(2032)

        # when another connection takes one meanwhile, then it gets the next at once (no lock wait)
        def other() -> list[str]:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            with transaction.atomic():
                return [references.next_reference(2032)]

        assert run_at_once(1, other) == [["SL-2032-000003"]]
    assert first == "SL-2032-000002"


@pytest.mark.django_db(transaction=True)
def test_a_number_taken_by_a_rolled_back_intake_leaves_a_gap() -> None:
    postgresql_only()
    with transaction.atomic():
        assert references.next_reference(2033) == "SL-2033-000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        references.next_reference(2033)
        raise RuntimeError("the intake failed after taking its number")
    with transaction.atomic():
        assert references.next_reference(2033) == "SL-2033-000003"


def test_the_sequence_starts_after_the_counter_and_the_references_already_stored(city: Any) -> None:
    postgresql_only()
    # given a counter at 41 from before sequences, and a stored reference beyond it
    ReferenceCounter.objects.create(year=2034, last=41)
    ServiceRequestFactory(reference="SL-2034-000057", category=city.category, jurisdiction=city.community)

    # when the year's sequence is created, then it continues after the highest of them
    assert references.next_reference(2034) == "SL-2034-000058"
