"""Where links that leave the page (notifications, receipts, QR codes) point."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site_url(http_request: HttpRequest | None = None) -> str:
    """In production SHILIU_SITE_URL, the one public address. Elsewhere the host of the request
    being served, so a development server on any port links to itself; with no request (a task,
    a command), the setting again."""
    if not settings.PRODUCTION and http_request is not None:
        return http_request.build_absolute_uri("/").rstrip("/")
    return str(settings.SHILIU_SITE_URL).rstrip("/")
