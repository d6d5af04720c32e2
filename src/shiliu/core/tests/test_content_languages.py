"""`manage.py content_languages` counts, per language, the content residents read that staff
enter as data: categories, request types, communities, service points, notices, standard replies."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management import call_command

from shiliu.demo import build

pytestmark = pytest.mark.django_db


def test_the_demo_city_is_translated_in_every_language() -> None:
    rng = random.Random(3)
    org = build.build_org(rng)
    build.build_service_points(org, rng)
    build.build_categories(org)
    build.build_reply_templates(org)
    out = io.StringIO()
    call_command("content_languages", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("| language | categories | request types | communities | service points | "
                        "notices | standard replies |")
    # 44 service points: 35 before, plus a school-enrolment office per district and a health
    # centre per street (all translated)
    assert "| ug | 61/61 | 5/5 | 12/12 | 44/44 | 5/5 | 4/4 |" in lines
    assert len(lines) == 2 + 5
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")[1:]]
        assert all(done == total for done, total in (cell.split("/") for cell in cells)), line


def test_untranslated_content_is_counted_as_missing(city: object) -> None:
    out = io.StringIO()
    call_command("content_languages", stdout=out)
    assert "| bo | 0/4 | 5/5 | 0/1 | 0/0 | 5/5 | 0/0 |" in out.getvalue().splitlines()
