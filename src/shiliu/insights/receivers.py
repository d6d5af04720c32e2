"""What insights derives from a new request, subscribed to intake's `submitted` signal."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from shiliu.insights.services import suggestion_record
from shiliu.service_requests import events


@receiver(events.submitted, dispatch_uid="insights.suggestion_record")
def record_suggestion(sender: Any, request: Any, **kwargs: Any) -> None:
    suggestion_record(service_request=request)
