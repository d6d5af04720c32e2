from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Pages under /en/, so assertions on messages hold whatever the Chinese catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def sms_outbox(settings: Any) -> list[tuple[str, str]]:
    """Text messages sent, as (number, text), through the in-memory SMS sender."""
    from shiliu.core.sms import MemorySmsSender

    settings.SHILIU_SMS_SENDER = "shiliu.core.sms.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    return MemorySmsSender.outbox
