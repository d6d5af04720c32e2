"""Answering in the resident's language: the handler sees it on the request and in the reply form,
chooses a standard reply that is already written in it and filled in for the request, and the
resident reads the reply with its language stated."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import City
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from shiliu.people.models import User
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ReplyTemplate, ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db
UG_UNIT = "ھېپىڭ رايونى تۇرالغۇ ۋە قۇرۇلۇش ئىدارىسى"


@pytest.fixture
def signed(city: City, dispatcher: User, handler: User) -> ServiceRequest:
    city.housing.name_translations = {"ug": UG_UNIT, "en": "Housing Bureau"}
    city.housing.save()
    request = submit(city.category, language="ug")
    workflow.accept(request, actor=dispatcher)
    workflow.dispatch(request, actor=dispatcher, unit=city.housing)
    workflow.sign(request, actor=handler)
    return request


@pytest.fixture
def templates(city: City) -> list[ReplyTemplate]:
    repairs = ReplyTemplate.objects.create(
        title="维修已完成", category=city.category.parent,
        body="您的诉求 {reference} 已由{unit}办理完毕。",
        title_translations={"ug": "ئوڭشاش تاماملاندى", "en": "Repair done"},
        body_translations={"ug": "تەلىپىڭىز {reference} {unit} تەرىپىدىن بېجىرىلدى.",
                           "en": "Your request {reference} was handled by {unit}."})
    general = ReplyTemplate.objects.create(title="已受理", body="已于{date}受理。",
                                           body_translations={"en": "Accepted on {date}."})
    ReplyTemplate.objects.create(title="别的类别", category=city.other_category.parent, body="路灯")
    return [repairs, general]


def test_the_handler_sees_the_residents_language_and_replies_written_in_it(
    signed: ServiceRequest, templates: list[ReplyTemplate], handler: User,
    login_staff: Callable[..., Any],
) -> None:
    client = Client()
    login_staff(client, handler)
    page = client.get(f"/en/workbench/requests/{signed.reference}/").content.decode()
    assert "The resident reads Uyghur: answer in it." in page
    assert "Write the reply in Uyghur, the resident's language." in page
    options = re.findall(r'<option value="(\d+)" data-text="([^"]*)">([^<]*)</option>', page)
    # The category's reply first, then the general one; never another category's
    assert [int(pk) for pk, _text, _title in options] == [t.pk for t in templates]
    text = html.unescape(options[0][1])
    assert text == f"تەلىپىڭىز \u2066{signed.reference}\u2069 {UG_UNIT} تەرىپىدىن بېجىرىلدى."
    assert options[0][2] == "Repair done"  # titles in the handler's language
    # No Uyghur text yet for the general reply: it falls back to the default language
    assert html.unescape(options[1][1]).startswith("已于\u2066")
    assert "standard-replies.js" in page and "onchange" not in page


def test_the_reply_states_its_language_to_the_resident(
    signed: ServiceRequest, templates: list[ReplyTemplate], handler: User,
    login_staff: Callable[..., Any],
) -> None:
    client = Client()
    login_staff(client, handler)
    reply = templates[0].text_for(signed, "ug")
    response = client.post(reverse("service_requests:workbench-act", args=[signed.reference, "resolve"]),
                           {"resolve-reply": reply, "resolve-reply_language": "ug"})
    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.reply == reply and signed.reply_language == "ug"
    page = Client().get(f"/ug/track/{signed.tracking_token}/").content.decode()
    assert re.search(r'<p class="help reply-language">[^<]*ئۇيغۇرچە', page), page
    assert '<p lang="ug" dir="rtl" data-typed>' in page


def test_a_reply_in_another_language_says_which(signed: ServiceRequest, handler: User) -> None:
    workflow.resolve(signed, actor=handler, reply="已修好。", reply_language="zh-hans")
    page = Client().get(f"/en/track/{signed.tracking_token}/").content.decode()
    assert "Written in Simplified Chinese." in page
    assert '<p lang="zh-hans" dir="ltr" data-typed>' in page


def test_a_reply_defaults_to_the_residents_language(signed: ServiceRequest, handler: User) -> None:
    workflow.resolve(signed, actor=handler, reply="OK")
    signed.refresh_from_db()
    assert signed.reply_language == "ug"


def test_an_unknown_placeholder_is_refused_with_the_known_ones(city: City) -> None:
    template = ReplyTemplate(title="x", body="您的{referense}", body_translations={"en": "{unit"})
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "referense" in str(error.value) and "{reference}" in str(error.value)


def test_the_system_administrator_keeps_the_library_and_a_handler_cannot(
    system_admin: User, handler: User, login_staff: Callable[..., Any]
) -> None:
    admin = Client()
    login_staff(admin, system_admin)
    page = admin.get("/en/admin/service_requests/replytemplate/add/")
    assert page.status_code == 200
    assert 'name="body_translations_3"' in page.content.decode()  # one box per language
    other = Client()
    login_staff(other, handler)
    assert other.get("/en/admin/service_requests/replytemplate/add/").status_code in (302, 403, 404)
