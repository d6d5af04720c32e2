"""Every public page renders in the default language (Simplified Chinese) with a language switcher."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/", "/report/", "/accounts/login/", "/me/sign-in/", "/me/sign-up/", "/privacy/notices/request_handling/",
])
def test_public_pages_render_in_simplified_chinese_by_default(path: str, city: object) -> None:
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert 'name="language"' in html
    assert response.redirect_chain[-1][0].startswith("/zh-hans/")
