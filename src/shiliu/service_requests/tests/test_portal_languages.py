"""Bad input on the portal is answered in the resident's language with a 4xx, never a 500:
our own messages, Django's form errors (re-declared so Tibetan has them) and the 404 page."""

from __future__ import annotations

import pytest
from conftest import City
from django.test import Client

from shiliu.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db

REQUIRED = {
    "ug": "بۇ تۈرنى چوقۇم تولدۇرۇش كېرەك.",
    "bo": "འདི་ངེས་པར་དུ་འབྲི་དགོས།",
    "zh-hant": "此項為必填項。",
    "en": "This field is required.",
    "zh-hans": "此项为必填项。",
}
NO_PLACE = {
    "ug": "ئورۇننى خەرىتىدىن تاللاڭ ياكى ئادرېسىنى يېزىڭ.",
    "bo": "ས་ཁྲའི་ཐོག་ནས་ས་གནས་འདེམས་པའམ་ཁ་བྱང་འབྲི་རོགས།",
    "zh-hant": "請在地圖上選擇位置\uff0c或填寫地址。",
    "en": "Please pick the place on the map or type its address.",
}


@pytest.mark.parametrize("language", list(REQUIRED))
def test_a_blank_report_is_refused_in_the_residents_language(language: str, city: City) -> None:
    response = Client().post(f"/{language}/report/", {"request_type": "help"})
    assert response.status_code == 400
    assert REQUIRED[language] in response.content.decode()
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize("language", list(NO_PLACE))
def test_a_report_without_a_place_says_so_in_the_residents_language(
    language: str, city: City
) -> None:
    response = Client().post(f"/{language}/report/", {
        "category": city.category.pk, "request_type": "help", "description": "楼道灯坏了"})
    assert response.status_code == 400
    assert NO_PLACE[language] in response.content.decode()


def test_a_bad_phone_number_is_explained_in_uyghur(city: City) -> None:
    response = Client().post("/ug/report/", {
        "category": city.category.pk, "request_type": "help", "description": "楼道灯坏了",
        "address": "团结路 1 号", "contact_phone": "12345"})
    assert response.status_code == 400
    assert "11 خانىلىق يانفون نومۇرى" in response.content.decode()


def test_an_unknown_category_is_refused_in_tibetan_not_a_500(city: City) -> None:
    response = Client().post("/bo/report/", {
        "category": "999999", "request_type": "help", "description": "x", "address": "y"})
    assert response.status_code == 400
    assert "འདེམས་ཀ་ཏག་ཏག་ཅིག་འདེམས་རོགས།" in response.content.decode()


@pytest.mark.parametrize(("language", "words"), [
    ("ug", "بەت تېپىلمىدى"), ("bo", "ཤོག་ངོས་རྙེད་མ་བྱུང་།"), ("zh-hant", "頁面不存在"),
])
def test_a_broken_private_link_gets_a_404_page_in_the_visitors_language(
    language: str, words: str, db: None
) -> None:
    response = Client().get(f"/{language}/track/not-a-token/")
    assert response.status_code == 404
    html = response.content.decode()
    assert words in html and f'lang="{language}"' in html
