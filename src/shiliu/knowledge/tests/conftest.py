from __future__ import annotations

from typing import Any

import pytest

from shiliu.people.models import User
from shiliu.service_requests.tests.journeys import Walk


@pytest.fixture
def walk(city: Any, dispatcher: User, supervisor: User, handler: User) -> Walk:
    return Walk(dispatcher=dispatcher, supervisor=supervisor, worker=handler, unit=city.housing,
                category=city.category)
