"""Helpers for the API tests: clients for each kind of caller, keys issued through the service,
and a fresh cache (the rate limits count there) for every test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import City
from django.core.cache import cache
from django.test import Client

from shiliu.api.models import ApiKey, Scope
from shiliu.api.services import api_key_issue
from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in

ALL_SCOPES = list(Scope.values)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The schemathesis run's counts, when it ran, at the end of the output."""
    run = sys.modules.get("shiliu.api.tests.test_openapi_property_based")
    summary = getattr(run, "SUMMARY", None)
    if summary:
        terminalreporter.write_line(
            f"schemathesis: {summary['operations']} operations, {summary['cases']} cases, "
            f"{summary['failures']} failures (max_examples={summary['max_examples']})"
        )


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def issue(
    unit: Any, scopes: list[str] | None = None, name: str = "12345 hotline"
) -> tuple[ApiKey, str]:
    return api_key_issue(actor=None, name=name, unit=unit, scopes=scopes or ALL_SCOPES)


@pytest.fixture
def city_key(city: City) -> str:
    """A key with every permission at the city's root."""
    return issue(city.city)[1]


def keyed(raw_key: str, language: str = "en") -> Client:
    return Client(HTTP_X_API_KEY=raw_key, HTTP_ACCEPT_LANGUAGE=language)


def anonymous(language: str = "en") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


def signed_in(user: User, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_in(client, user)
    return client


def post_json(client: Client, path: str, body: Any, **headers: Any) -> Any:
    return client.post(path, body, content_type="application/json", **headers)
