from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Pages under /en/, so assertions on messages hold whatever the Chinese catalogue says."""
    with translation.override("en"):
        yield
