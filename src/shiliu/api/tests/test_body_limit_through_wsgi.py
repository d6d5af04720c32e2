"""A body over the limit is refused with 413 by a real WSGI server too: the refusal carries no
hop-by-hop header (Connection, Keep-Alive, …), which WSGI forbids an application to send and
wsgiref, runserver and gunicorn turn into a 500."""

from __future__ import annotations

import io
import json
from wsgiref.handlers import SimpleHandler

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections


def serve(path: str, body: bytes, content_type: str) -> tuple[str, bytes]:
    """One request through wsgiref's handler, which checks what the application sends."""
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)), "HTTP_ACCEPT_LANGUAGE": "en", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
    }
    output, errors = io.BytesIO(), io.StringIO()
    handler = SimpleHandler(io.BytesIO(body), output, errors, environ, multithread=False)
    # As Django's test client does: the test's database connection is not the server's to close.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        handler.run(get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    head, _sep, content = output.getvalue().partition(b"\r\n\r\n")
    assert errors.getvalue() == "", errors.getvalue()
    return head.decode("latin-1"), content


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/requests", "application/json"),
     ("/open311/v2/requests.json", "application/x-www-form-urlencoded")],
)
def test_a_body_over_64_kb_is_413_through_a_wsgi_server(path: str, content_type: str) -> None:
    head, content = serve(path, b"x" * (65 * 1024), content_type)
    status_line = head.splitlines()[0]
    assert " 413 " in status_line, head
    assert "connection:" not in head.lower()
    assert "64 KB" in json.dumps(json.loads(content), ensure_ascii=False)
