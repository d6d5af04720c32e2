"""The header and form labels read right in every script: the brand names Shiliu once, and no
label ends in doubled punctuation ("？:", "؟:", "།:")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from shiliu.core.forms import ends_in_punctuation

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "zh-hant", "en", "ug", "bo"]


def brand(html: str) -> list[str]:
    match = re.search(r'<a class="brand"[^>]*>(.*?)</a>', html, re.S)
    assert match, "no brand in the header"
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_the_brand_reads_shiliu_once_in_chinese(language: str, city: Any) -> None:
    html = Client().get(f"/{language}/").content.decode()
    assert brand(html) == ["石榴"]


@pytest.mark.parametrize("language", ["en", "ug", "bo"])
def test_elsewhere_the_brand_shows_its_chinese_name_marked_as_chinese(language: str, city: Any) -> None:
    html = Client().get(f"/{language}/").content.decode()
    assert "石榴" in brand(html) and len(brand(html)) == 2
    assert '<span lang="zh-Hans" translate="no" aria-hidden="true">石榴</span>' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/report/", "/me/sign-up/", "/me/sign-in/"])
def test_no_label_ends_in_doubled_punctuation(language: str, path: str, city: Any) -> None:
    html = Client().get(f"/{language}{path}").content.decode()
    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    assert labels
    for label in labels:
        text = re.sub(r"<[^>]+>", "", label).strip()
        if len(text) >= 2 and text.endswith(":"):
            assert not ends_in_punctuation(text[:-1]), text


def test_the_question_labels_keep_their_own_question_mark(city: Any) -> None:
    html = Client().get("/ug/report/").content.decode()
    assert re.search(r"<label[^>]*for=\"id_category\"[^>]*>[^<]*؟</label>", html)
    html = Client().get("/zh-hans/report/").content.decode()
    assert re.search(r"<label[^>]*for=\"id_category\"[^>]*>[^<]*？</label>", html)
