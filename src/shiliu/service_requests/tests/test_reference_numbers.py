"""Reference numbers SL-YYYY-NNNNNN: one sequence per (local) year, restarting each year."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection

from shiliu.service_requests import services
from shiliu.service_requests.models import ReferenceCounter, ServiceRequest
from shiliu.service_requests.tests.journeys import SHANGHAI, submit
from shiliu.service_requests.workflow import InvalidInput


def submit_at(city: Any, when: datetime, **kwargs: Any) -> ServiceRequest:
    return submit(city.category, submitted_at=when, **kwargs)


def test_references_count_up_within_a_year(city: Any) -> None:
    # when three requests arrive in 2026
    references = [
        submit_at(city, datetime(2026, 3, day, 9, tzinfo=SHANGHAI)).reference for day in (2, 3, 4)
    ]

    # then they are numbered one after the other
    assert references == ["SL-2026-000001", "SL-2026-000002", "SL-2026-000003"]
    assert all(re.fullmatch(r"SL-\d{4}-\d{6}", r) for r in references)


def test_the_sequence_restarts_each_year_and_each_year_keeps_its_own_count(city: Any) -> None:
    # given two requests in 2026
    submit_at(city, datetime(2026, 12, 30, 9, tzinfo=SHANGHAI))
    submit_at(city, datetime(2026, 12, 31, 9, tzinfo=SHANGHAI))

    # when requests arrive in 2027, and a late-entered ledger row dated 2026 follows
    first_2027 = submit_at(city, datetime(2027, 1, 4, 9, tzinfo=SHANGHAI))
    second_2027 = submit_at(city, datetime(2027, 1, 5, 9, tzinfo=SHANGHAI))
    late_2026 = submit_at(city, datetime(2026, 12, 31, 18, tzinfo=SHANGHAI))

    # then 2027 starts at 1 and 2026 carries on where it stopped
    assert (first_2027.reference, second_2027.reference) == ("SL-2027-000001", "SL-2027-000002")
    assert late_2026.reference == "SL-2026-000003"


def test_the_year_is_the_local_year_in_shanghai(city: Any) -> None:
    # when a request arrives at 00:30 on 1 January 2027 in Shanghai (16:30 UTC on 31 December)
    request = submit_at(city, datetime(2026, 12, 31, 16, 30, tzinfo=UTC))

    # then it belongs to 2027
    assert request.reference == "SL-2027-000001"


def test_a_refused_submission_does_not_use_up_a_number(city: Any) -> None:
    # given a submission refused for having no description
    when = datetime(2026, 5, 6, 9, tzinfo=SHANGHAI)
    with pytest.raises(InvalidInput):
        submit_at(city, when, description="   ")

    # when the next one succeeds, then it is number 1
    assert submit_at(city, when).reference == "SL-2026-000001"


def test_the_number_continues_from_the_stored_counter_zero_padded_to_six_digits(db: Any) -> None:
    # given 41 numbers issued in 2026 (the counter row is all that is stored)
    ReferenceCounter.objects.create(year=2026, last=41)

    # when the next one is issued, then it is 42, padded (SQLite counts on in the row; PostgreSQL's
    # sequence for the year starts after it)
    assert services.next_reference(2026) == "SL-2026-000042"
    if connection.vendor == "sqlite":
        assert ReferenceCounter.objects.get(year=2026).last == 42
