"""The demo city's content (units, departments, grids, categories, service points) has a text in
every language: Traditional Chinese as OpenCC writes it, and English, Uyghur and Tibetan without
a Chinese character; the review sheet lists every entry for native speakers."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from shiliu.core.catalogues import to_traditional
from shiliu.core.tests.scripts import foreign
from shiliu.demo import build
from shiliu.demo import translations as tr
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.service_requests.models import Category, ReplyTemplate

pytestmark = pytest.mark.django_db
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
REVIEW_SHEET = Path(settings.BASE_DIR) / "locale" / "demo_content.review.tsv"


@pytest.fixture
def demo_org() -> build.DemoOrg:
    rng = random.Random(7)
    org = build.build_org(rng)
    build.build_service_points(org, rng)
    build.build_categories(org)
    build.build_reply_templates(org)
    return org


def texts(obj: Any, field: str) -> tuple[str, dict[str, str]]:
    return getattr(obj, field), getattr(obj, f"{field}_translations")


def test_every_unit_category_and_service_point_has_every_language(demo_org: build.DemoOrg) -> None:
    entries = [texts(unit, "name") for unit in OrgUnit.objects.all()]
    entries += [texts(category, "name") for category in Category.objects.all()]
    for reply in ReplyTemplate.objects.all():
        entries += [texts(reply, "title"), texts(reply, "body")]
    for point in ServicePoint.objects.all():
        entries += [texts(point, "name"), texts(point, "services"), texts(point, "opening_hours")]
    assert len(entries) > 200
    for source, translations in entries:
        assert sorted(translations) == sorted(OTHER_LANGUAGES), source
        assert translations["zh-hant"] == to_traditional(source), source
        for language in ("zh-hant", "en", "ug", "bo"):
            assert not foreign(translations[language], language), (source, language, translations)


@pytest.mark.parametrize("language", ["en", "ug", "bo", "zh-hant"])
def test_the_report_form_lists_categories_and_communities_in_the_residents_language(
    language: str, demo_org: build.DemoOrg
) -> None:
    html = Client().get(f"/{language}/report/").content.decode()
    for select in ("id_category", "id_community"):
        options = re.search(rf'<select[^>]*id="{select}".*?</select>', html, re.S)
        assert options, select
        labels = re.findall(r"<option[^>]*>([^<]*)</option>", options.group(0))
        assert len(labels) > 10
        assert not [label for label in labels if foreign(label, language)], (language, labels)


def test_request_types_show_only_their_own_language(demo_org: build.DemoOrg) -> None:
    from django.utils import translation

    from shiliu.service_requests.models import RequestType

    for language in ("en", "ug", "bo"):
        with translation.override(language):
            labels = [str(label) for label in RequestType.labels]
        assert not [label for label in labels if foreign(label, language)], (language, labels)
    with translation.override("en"):
        assert str(RequestType.COMPLAINT.label) == "Complaint"
    with translation.override("zh-hans"):
        assert str(RequestType.COMPLAINT.label) == "投诉"


def test_the_review_sheet_lists_every_demo_text() -> None:
    rows = [tuple(line.split("\t")) for line in REVIEW_SHEET.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows == tr.review_rows()


def test_the_demo_city_has_standard_replies_in_every_language(demo_org: build.DemoOrg) -> None:
    replies = ReplyTemplate.objects.all()
    assert replies.count() >= 3
    assert replies.filter(category__isnull=True).exists() and replies.filter(category__isnull=False).exists()
