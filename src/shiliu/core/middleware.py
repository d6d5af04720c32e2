"""Cross-cutting middleware: security headers on every response, and the access gate that makes
the permission map in `core.access` the one place that decides who may open which URL."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no 'unsafe-inline', no framing) and Permissions-Policy.

    Django's SecurityMiddleware already sends HSTS (over HTTPS), nosniff, Referrer-Policy and
    Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options: DENY.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = content_security_policy(settings.SHILIU_CSP)
        self.permissions_policy: str = settings.SHILIU_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
