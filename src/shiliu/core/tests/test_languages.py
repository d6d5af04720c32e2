"""Five interface languages from one settings list: URL prefixes, the switcher, the remembered
choice, Accept-Language on a first visit, and right-to-left Uyghur."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from shiliu.people.models import User
from shiliu.service_requests.tests.factories import UserFactory
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

CREDENTIALS = {"username": "reader", "password": "pass-Word-123"}
EXPECTED = {"zh-hans": "ltr", "zh-hant": "ltr", "en": "ltr", "ug": "rtl", "bo": "ltr"}


def test_settings_list_the_five_languages_with_simplified_chinese_first() -> None:
    assert [code for code, _name in settings.LANGUAGES] == list(EXPECTED)
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.RESIDENT_LANGUAGES == settings.LANGUAGES


@pytest.mark.parametrize(("code", "direction"), EXPECTED.items())
def test_every_language_has_its_prefix_lang_and_direction(
    code: str, direction: str, city: Any
) -> None:
    response = Client().get(f"/{code}/report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_switcher_offers_every_language_by_its_own_name(city: Any) -> None:
    html = Client().get("/en/").content.decode()
    options = re.findall(r'<option value="([^"]+)" lang="[^"]+"( selected)?>([^<]+)</option>', html)
    assert [(value, name) for value, _selected, name in options] == [
        ("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English"),
        ("ug", "ئۇيغۇرچە"), ("bo", "བོད་ཡིག"),
    ]
    assert [value for value, selected, _name in options if selected] == ["en"]
    # The switcher is a plain form; a small static script submits it on change (no inline JS).
    assert "language-switcher.js" in html and "onchange" not in html


@pytest.mark.parametrize(("header", "prefix"), [
    ("ug-CN,ug;q=0.9,zh;q=0.5", "/ug/"),
    ("bo", "/bo/"),
    ("zh-TW,zh;q=0.8", "/zh-hant/"),
    ("zh-HK", "/zh-hant/"),
    ("en-GB,en;q=0.9", "/en/"),
    ("zh-CN", "/zh-hans/"),
    ("fr-FR", "/zh-hans/"),
])
def test_accept_language_decides_the_first_visit(header: str, prefix: str, db: Any) -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == prefix


def test_the_choice_is_remembered_over_accept_language(city: Any) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "ug", "next": "/zh-hans/report/"})
    assert response.status_code == 302 and response["Location"] == "/ug/report/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ug"
    # Back on the bare address the cookie wins over the browser's Accept-Language
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/ug/"


def test_an_unknown_language_is_ignored_not_an_error(city: Any) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/en/report/"})
    assert response.status_code == 302 and response["Location"] == "/en/report/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_users_choice_is_saved_and_restored_on_a_new_device(city: Any) -> None:
    user = UserFactory(username="reader")
    first_device = Client()
    first_device.force_login(user)
    first_device.post("/i18n/setlang/", {"language": "bo", "next": "/zh-hans/"})
    user.refresh_from_db()
    assert user.preferred_language == "bo"

    new_device = Client()
    response = new_device.post("/zh-hans/accounts/login/", CREDENTIALS)
    assert response.status_code == 302
    assert response["Location"].startswith("/bo/")
    assert new_device.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bo"


def test_a_device_choice_is_kept_when_signing_in(city: Any) -> None:
    User.objects.filter(pk=UserFactory(username="reader", preferred_language="bo").pk).update()
    device = Client()
    device.post("/i18n/setlang/", {"language": "en", "next": "/zh-hans/"})
    response = device.post("/en/accounts/login/", CREDENTIALS)
    assert response.status_code == 302 and response["Location"].startswith("/en/")


def test_one_more_settings_line_adds_a_language_everywhere(city: Any, settings: Any) -> None:
    # Kazakh: Django ships its catalogue, so one settings line is all a new language needs here.
    settings.LANGUAGES = settings.RESIDENT_LANGUAGES = [*settings.LANGUAGES, ("kk", "Kazakh")]
    # No migration: the models read the languages from settings when they need them
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
    request = submit(city.category, language="kk")
    request.full_clean(exclude=["tracking_token"])
    response = Client().get("/kk/report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="kk" dir="ltr">' in html
    assert '<option value="kk" lang="kk" selected>Қазақ</option>' in html
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="kk").headers["Location"] == "/kk/"


@pytest.mark.parametrize(("browser", "page", "choice", "expected"), [
    ("zh-CN,zh;q=0.9", "/ug/report/", "zh-hans", "/zh-hans/report/"),
    ("zh-CN", "/bo/", "zh-hant", "/zh-hant/"),
    ("ug-CN,ug;q=0.9", "/en/report/", "bo", "/bo/report/"),
    ("en-GB", "/zh-hant/report/", "zh-hans", "/zh-hans/report/"),
])
def test_an_explicit_choice_wins_over_the_browsers_accept_language(
    browser: str, page: str, choice: str, expected: str, city: Any
) -> None:
    # Given a phone whose browser asks for one language, reading a page in another
    client = Client(HTTP_ACCEPT_LANGUAGE=browser)
    # When the resident chooses a third language in the switcher
    response = client.post("/i18n/setlang/", {"language": choice, "next": page},
                           HTTP_REFERER=f"http://testserver{page}")
    # Then the same page opens in the chosen language, and stays chosen
    assert response.status_code == 302 and response["Location"] == expected
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == choice
    followed = client.get(expected)
    assert f'<html lang="{choice}"' in followed.content.decode()


def test_an_explicit_choice_wins_over_an_earlier_cookie(city: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.post("/i18n/setlang/", {"language": "ug", "next": "/zh-hans/"})
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ug/report/?x=1"})
    assert response["Location"] == "/en/report/?x=1"
