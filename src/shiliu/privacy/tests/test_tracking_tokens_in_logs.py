"""Private tracking tokens never reach a log: not the portal's /track/<token>/ links, not Open311's
/open311/v2/tokens/<token> addresses, not REST's /api/v1/track/<token>; in Django's request and
error logs (caplog), runserver's access lines and gunicorn's (through Django's logging)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from conftest import City
from django.test import Client

from shiliu.privacy.logfilter import mask_text
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

GUESS = "Zx9_unknown-token-0123456789abcd"


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="django.request")
    yield caplog


def test_request_logs_hide_open311_and_portal_tokens(
    city: City, logged: pytest.LogCaptureFixture
) -> None:
    token = submit(city.other_category).tracking_token
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for path in (f"/open311/v2/tokens/{GUESS}.json", f"/open311/v2/tokens/{GUESS}.xml",
                 f"/en/track/{GUESS}/", f"/api/v1/track/{GUESS}",
                 f"/en/track/{token}/receipt.pdf?x=1", f"/open311/v2/tokens/{token}.json?api_key=x"):
        client.get(path)
    client.post(f"/api/v1/track/{GUESS}/rating", {}, content_type="application/json")
    text = logged.text
    assert "Not Found: /open311/v2/tokens/***.json" in text  # the line is still useful
    assert GUESS not in text and token not in text
    assert GUESS[:8] not in text


def stream_of(logger_name: str) -> tuple[logging.StreamHandler[io.StringIO], io.StringIO]:
    handler = next(h for h in logging.getLogger(logger_name).handlers
                   if isinstance(h, logging.StreamHandler))
    return handler, io.StringIO()


@pytest.mark.parametrize("logger_name", ["django.server", "gunicorn.access", "gunicorn.error"])
def test_access_lines_hide_tokens(logger_name: str) -> None:
    handler, stream = stream_of(logger_name)
    previous = handler.setStream(stream)  # type: ignore[arg-type]
    try:
        logger = logging.getLogger(logger_name)
        logger.info('"%s" %s %s', f"GET /open311/v2/tokens/{GUESS}.json HTTP/1.1", "404", "51")
        logger.info("%(r)s %(s)s", {"r": f"GET /zh-hans/track/{GUESS}/ HTTP/1.1", "s": "200"})
    finally:
        handler.setStream(previous)  # type: ignore[arg-type]
    output = stream.getvalue()
    assert "/open311/v2/tokens/***.json" in output and "/track/***/" in output
    assert GUESS not in output


def test_the_mask_keeps_the_shape_of_the_address() -> None:
    assert mask_text(f"/open311/v2/tokens/{GUESS}.xml?jurisdiction_id=city") == (
        "/open311/v2/tokens/***.xml?jurisdiction_id=city"
    )
    assert mask_text(f"/en/track/{GUESS}/consents/follow_up_contact/withdraw/") == (
        "/en/track/***/consents/follow_up_contact/withdraw/"
    )
    assert mask_text("/en/track/short/") == "/en/track/***/"
    assert mask_text("/open311/v2/services.json") == "/open311/v2/services.json"
