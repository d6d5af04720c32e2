"""Category suggestion through the intake forms' htmx call and the REST API: pre-filled above the
threshold, nothing below it, the model version recorded on each new request, corrections kept."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.test import Client
from django.urls import reverse

from shiliu.insights.models import CategorySuggestion, ModelVersion
from shiliu.insights.services import suggestion_model_train
from shiliu.insights.tests.factories import LEAKS, LIGHTS, requests_about
from shiliu.service_requests.models import RequestType, ServiceRequest

pytestmark = pytest.mark.django_db
SUGGEST = reverse("insights:suggest")
API_SUGGEST = "/api/v1/suggestions"
LEAK = "我家楼上卫生间漏水，物业一直不来维修"


@pytest.fixture
def trained(city: City) -> ModelVersion:
    requests_about(city.category, LEAKS, city.grid_a, request_type=RequestType.COMPLAINT)
    requests_about(city.other_category, LIGHTS, city.grid_a, request_type=RequestType.HELP)
    return suggestion_model_train()


def create(category: str, text: str) -> Any:
    body = {"category": category, "description": text, "consents": ["request_handling"], **IN_GRID_A}
    return Client().post("/api/v1/requests", body, content_type="application/json")


def test_a_confident_suggestion_preselects_the_category_and_says_so(
        city: City, trained: ModelVersion, settings: Any) -> None:
    settings.SHILIU_SUGGESTION_THRESHOLD = 0.3

    response = Client().post(SUGGEST, {"description": LEAK}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-category="{city.category.pk}"' in page
    assert "已根据描述预选类别" in page and "请核对" in page


def test_below_the_threshold_nothing_is_preselected_and_a_person_decides(
        city: City, trained: ModelVersion, settings: Any) -> None:
    settings.SHILIU_SUGGESTION_THRESHOLD = 0.9
    vague = "你好，麻烦帮忙看一下这个情况"

    page = Client().post(SUGGEST, {"description": vague}).content.decode()
    answer = Client().post(API_SUGGEST, {"text": vague}, content_type="application/json").json()

    assert "data-category" not in page
    assert "请您自行选择类别" in page
    assert answer["prefill"] is False and answer["confidence"] < 0.9
    assert answer["category"] is not None  # still told, for the record
    assert answer["model_version"] == trained.number


def test_the_api_suggests_category_type_and_confidence(city: City, trained: ModelVersion, settings: Any) -> None:
    settings.SHILIU_SUGGESTION_THRESHOLD = 0.3

    response = Client().post(API_SUGGEST, {"text": "路口的路灯晚上不亮了"}, content_type="application/json")

    assert response.status_code == 200
    answer = response.json()
    assert answer["category"] == {"code": city.other_category.code, "name": str(city.other_category)}
    assert answer["request_type"] == RequestType.HELP
    assert 0.3 <= answer["confidence"] <= 1 and answer["prefill"] is True
    assert answer["model_version"] == trained.number


def test_without_a_trained_model_nothing_is_suggested_or_stored(city: City) -> None:
    answer = Client().post(API_SUGGEST, {"text": LEAK}, content_type="application/json").json()
    page = Client().post(SUGGEST, {"description": LEAK}).content.decode()
    created = create(city.category.code, LEAK)

    assert answer == {"category": None, "request_type": None, "confidence": 0.0, "prefill": False,
                      "model_version": None}
    assert "data-category" not in page
    assert created.status_code == 201
    assert not CategorySuggestion.objects.exists()


def test_an_empty_text_is_refused_in_the_callers_language(city: City) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post(API_SUGGEST, {"text": ""},
                                                           content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"]


def test_new_requests_record_the_model_version_that_suggested_for_them(city: City, trained: ModelVersion) -> None:
    # The factory's rows first: on PostgreSQL the year's reference sequence starts after the
    # highest reference stored when it is first used, and the factory numbers in the same range.
    requests_about(city.other_category, LIGHTS[:3], city.grid_a)
    first = create(city.category.code, LEAK).json()["reference"]
    retrained = suggestion_model_train()

    second = create(city.category.code, LEAK).json()["reference"]

    assert retrained.number == trained.number + 1
    assert ServiceRequest.objects.get(reference=first).category_suggestion.model_version == trained
    assert ServiceRequest.objects.get(reference=second).category_suggestion.model_version == retrained


def test_a_staff_correction_is_kept_beside_the_suggestion(city: City, trained: ModelVersion) -> None:
    reference = create(city.other_category.code, LEAK).json()["reference"]  # a person chose otherwise

    kept = ServiceRequest.objects.get(reference=reference).category_suggestion

    assert kept.suggested_category == city.category
    assert kept.final_category == city.other_category
    assert kept.corrected is True


def test_retraining_learns_from_the_corrected_categories(city: City, trained: ModelVersion) -> None:
    for _ in range(4):
        create(city.other_category.code, "幸福桥下的彩灯装饰坏了")

    retrained = suggestion_model_train()

    assert retrained.sample_count == trained.sample_count + 4
    assert sorted(retrained.labels) == sorted([city.category.code, city.other_category.code])


def test_training_needs_two_categories(city: City) -> None:
    from shiliu.core import errors

    requests_about(city.category, LEAKS, city.grid_a)

    with pytest.raises(errors.Unprocessable):
        suggestion_model_train()
    assert not ModelVersion.objects.exists()


def test_the_intake_forms_ask_for_suggestions_as_the_description_is_typed(city: City) -> None:
    page = Client().get(reverse("service_requests:portal-submit")).content.decode()

    assert f'hx-post="{SUGGEST}"' in page and 'id="category-suggestion"' in page
    assert "insights/suggest.js" in page


def test_the_suggestion_endpoints_are_in_the_openapi_document() -> None:
    document = Client().get("/api/openapi.json").json()

    assert "post" in document["paths"]["/api/v1/suggestions"]
    assert "get" in document["paths"]["/api/v1/hot-issues"]
    assert {"SuggestionIn", "SuggestionOut", "HotIssueOut", "HotIssuePageOut"} <= set(document["components"]["schemas"])
