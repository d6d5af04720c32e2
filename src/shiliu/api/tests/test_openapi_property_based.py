"""A property-based run of the REST API's OpenAPI document (schemathesis, through the WSGI app):
every operation gets generated calls, valid and invalid, as a key holding every permission, and
every check schemathesis has (as `schemathesis run --checks all`): no 5xx, a status and headers
the document lists, a body valid against its schema, invalid input refused, valid input accepted
(except the domain rules across fields or rows that schemathesis.toml names), credentials
honoured. The number of examples per operation is bounded so the run fits CI; the counts are
printed at the end (and written to test-output/schemathesis.json)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from conftest import City
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.config import SchemathesisConfig

from shiliu.api.tests.conftest import issue
from shiliu.service_requests.tests.journeys import submit
from shiliu.wsgi import application

MAX_EXAMPLES = 25
load_all_checks()
CHECKS = REGISTERED_CHECKS.get_all()  # all of them, as --checks all
ROOT = Path(__file__).resolve().parents[4]
COUNTS: Counter[str] = Counter()
OPERATIONS: set[str] = set()
FAILED: set[str] = set()
SUMMARY: dict[str, Any] = {}
REPORT = ROOT / "test-output" / "schemathesis.json"


@pytest.fixture
def key_header(city: City, settings: Any) -> Iterator[dict[str, str]]:
    settings.SHILIU_RATE_LIMITS = dict.fromkeys(settings.SHILIU_RATE_LIMITS, "1000000/hour")
    submit(city.other_category)  # something to list, read and act on
    # The calls go through the real WSGI handler, which closes the database connection after each
    # request; inside the test's transaction that would end it (PostgreSQL). Django's own test
    # client detaches the same handler.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"X-API-Key": issue(city.city)[1], "Accept-Language": "en"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    summary = {
        "operations": len(OPERATIONS),
        "cases": COUNTS["cases"],
        "failures": COUNTS["failures"],
        "failing_operations": sorted(FAILED),
        "max_examples": MAX_EXAMPLES,
    }
    SUMMARY.update(summary)  # printed at the end by the conftest's pytest_terminal_summary
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(summary, indent=2))


# Loaded when the module is collected: serving the document reads no database.
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    application,
    config=SchemathesisConfig.from_path(ROOT / "schemathesis.toml"),
)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_generated_call_is_answered_as_documented_and_never_5xx(
    case: Any, key_header: dict[str, str]
) -> None:
    label = f"{case.operation.method.upper()} {case.operation.path}"
    OPERATIONS.add(label)
    COUNTS["cases"] += 1
    try:
        case.call_and_validate(headers=key_header, checks=CHECKS)
    except Exception:
        COUNTS["failures"] += 1
        FAILED.add(label)
        raise
