"""Every response carries the hardened headers; no template relies on inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import shiliu
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff

pytestmark = pytest.mark.django_db

SRC = Path(shiliu.__file__).resolve().parent


def test_pages_send_a_content_security_policy_without_unsafe_inline(city: object) -> None:
    response = Client().get("/en/report/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    # The map picker's tiles come from the configured tile server.
    assert "https://tile.openstreetmap.org" in directives["img-src"]


def test_pages_deny_framing_sniffing_and_cross_site_referrers(db: None) -> None:
    response = Client().get("/healthz")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_cookies_are_http_only_and_same_site(city: object) -> None:
    response = Client().get("/en/accounts/login/")
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


def templates() -> list[Path]:
    return sorted(p for p in SRC.glob("**/templates/**/*.html"))


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on* event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_needs_unsafe_inline(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        assert not pattern.search(text), f"{template.name} has {what}; move it to a static file"


def test_the_figures_charts_use_presentation_attributes_not_style(
    client: Client, analyst: User
) -> None:
    login_staff(client, analyst)
    html = client.get("/en/figures/").content.decode()
    assert "<svg" in html
    assert not re.search(r"\sstyle\s*=", html)
