"""Every privacy notice is published in every resident language, laid out in its own direction,
and a consent records the language and version of the text the resident was shown."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from shiliu.core.tests.scripts import foreign
from shiliu.privacy.models import Consent, Purpose

pytestmark = pytest.mark.django_db
DIRECTION = {"zh-hans": "ltr", "zh-hant": "ltr", "en": "ltr", "ug": "rtl", "bo": "ltr"}


@pytest.mark.parametrize("language", [code for code, _name in settings.RESIDENT_LANGUAGES])
@pytest.mark.parametrize("purpose", list(Purpose))
def test_the_notice_is_in_the_readers_language_and_direction(language: str, purpose: str) -> None:
    html = Client().get(f"/{language}/privacy/notices/{purpose}/").content.decode()
    article = re.search(r'<article class="card notice" lang="([^"]+)" dir="([^"]+)">(.*?)</article>',
                        html, re.S)
    assert article, html
    assert article.group(1) == language and article.group(2) == DIRECTION[language]
    assert "not available in your language" not in html
    text = re.sub(r"<[^>]+>", " ", article.group(3))
    assert len(text) > 100
    assert not foreign(text, language), foreign(text, language)


@pytest.mark.parametrize("language", ["ug", "bo", "zh-hant"])
def test_a_consent_records_the_language_and_version_of_the_text_shown(language: str, city: Any) -> None:
    response = Client().post(f"/{language}/report/", {
        "category": city.category.pk, "request_type": "help", "description": "楼道灯坏了",
        "address": "团结路 1 号", "consent_handling": "on"})
    assert response.status_code == 302
    consent = Consent.objects.get(purpose=Purpose.REQUEST_HANDLING)
    assert consent.language == language and consent.notice.version == 1
    shown = consent.notice.text_for(language)
    assert shown is not None and shown.language == language
