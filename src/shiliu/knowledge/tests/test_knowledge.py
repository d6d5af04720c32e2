"""The knowledge base (知识库): residents search policy answers in their language (two-character
words found, the zh-hans fallback marked), are offered them while typing a consultation, and say
"this answered it" — counted, no request created; staff search them and answer by citing one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.knowledge import services
from shiliu.knowledge.models import Article, SelfAnswer
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.reports.figures import counts
from shiliu.service_requests import workflow
from shiliu.service_requests.models import RequestType, ServiceRequest

pytestmark = pytest.mark.django_db


PERMIT_ANSWER = "携带身份证和租房合同到社区服务站申请，15个工作日内发证。"


def article(city: City, question: str = "居住证怎么办理？", answer: str = PERMIT_ANSWER, **extra: Any) -> Article:
    fields: dict[str, Any] = {"category": city.category, "source": "《居住证暂行条例》第九条",
                              "valid_from": date(2025, 1, 1), "is_published": True, **extra}
    return services.article_save(article=Article(question=question, answer=answer, **fields))


def test_a_two_character_word_finds_the_article_on_the_portal(city: City) -> None:
    permit = article(city)
    article(city, question="路灯坏了找谁？", answer="拨打12345或在本网站报告，城管部门三日内修复。")
    page = Client().get(reverse("knowledge:portal-list"), {"q": "租房"})
    assert [f.article for f in page.context["found"]] == [permit]
    assert "居住证怎么办理" in page.content.decode()


def test_expired_and_unpublished_articles_are_hidden_from_residents(city: City, dispatcher: User) -> None:
    old = article(city, valid_until=timezone.localdate() - timedelta(days=1))
    draft = article(city, question="居住证续签", is_published=False)
    found = Client().get(reverse("knowledge:portal-list"), {"q": "居住"}).context["found"]
    assert found == []
    assert Client().get(reverse("knowledge:article", args=[old.pk])).status_code == 404
    staff = login_staff(Client(), dispatcher).get(reverse("knowledge:workbench-list"), {"q": "居住"})
    assert {f.article for f in staff.context["found"]} == {old, draft}


def test_an_article_reads_in_the_residents_language_or_says_it_is_not_translated(city: City) -> None:
    permit = article(city, question_translations={"ug": "تۇرالغۇ ئىسپاتى قانداق ئېلىنىدۇ؟"},
                     answer_translations={"ug": "كىملىك ۋە ئىجارە توختامى بىلەن مەھەللە مۇلازىمەت پونكىتىغا بېرىڭ."})
    ug = Client().get(f"/ug/knowledge/{permit.pk}/").content.decode()
    assert "كىملىك" in ug and "fallback" not in ug
    bo = Client().get(f"/bo/knowledge/{permit.pk}/").content.decode()
    assert "携带身份证" in bo and "fallback" in bo
    # and the Uyghur words are searchable too
    found = Client().get("/ug/knowledge/", {"q": "ئىجارە"}).context["found"]
    assert [f.article for f in found] == [permit]


def test_this_answered_it_counts_and_creates_no_request(city: City) -> None:
    permit = article(city)
    resident = Client()
    response = resident.post(reverse("knowledge:answered", args=[permit.pk]))
    assert response.status_code == 302
    assert SelfAnswer.objects.get().article == permit and ServiceRequest.objects.count() == 0
    today = timezone.localdate()
    figures = {figure.key: value for figure, value in counts(start=today, end=today)}
    assert figures["knowledge_self_answers"] == 1
    assert figures == {"knowledge_self_answers": 1}
    yesterday = today - timedelta(days=1)
    assert dict((f.key, v) for f, v in counts(start=yesterday, end=yesterday))["knowledge_self_answers"] == 0


def test_the_figures_page_shows_the_count_with_its_definition(city: City, analyst: User) -> None:
    permit = article(city)
    Client().post(reverse("knowledge:answered", args=[permit.pk]))
    page = login_staff(Client(), analyst).get(reverse("reports:figures")).content.decode()
    assert "知识库自助解答数" in page and "figure-knowledge_self_answers" in page


def test_the_report_form_suggests_articles_for_a_consultation(city: City) -> None:
    permit = article(city)
    typed = {"description": "我刚租房，想问居住证要带什么材料", "category": city.category.pk}
    consult = Client().get(reverse("knowledge:suggest"), {**typed, "request_type": RequestType.CONSULT})
    assert consult.status_code == 200 and reverse("knowledge:article", args=[permit.pk]) in consult.content.decode()
    complaint = Client().get(reverse("knowledge:suggest"), {**typed, "request_type": RequestType.COMPLAINT})
    assert reverse("knowledge:article", args=[permit.pk]) not in complaint.content.decode()
    form = Client().get(reverse("service_requests:portal-submit")).content.decode()
    assert 'id="kb-suggestions"' in form and reverse("knowledge:suggest") in form


def test_a_handler_answers_by_citing_an_article(city: City, handler: User, walk: Any) -> None:
    permit = article(city)
    sr = walk.to(workflow.Status.IN_PROGRESS)
    client = login_staff(Client(), handler)
    detail = client.get(reverse("service_requests:workbench-detail", args=[sr.reference])).content.decode()
    assert reverse("knowledge:workbench-cite", args=[sr.reference]) in detail
    response = client.post(reverse("knowledge:workbench-cite", args=[sr.reference]),
                           {"article": permit.pk, "note": "您好，办理方法如下。"})
    assert response.status_code == 302
    sr.refresh_from_db()
    assert sr.status == workflow.Status.RESOLVED
    assert sr.reply.startswith("您好") and permit.get_absolute_url() in sr.reply and permit.source in sr.reply
    event = sr.events.get(kind="cite_article")
    assert event.params == {"article": permit.pk} and "居住证怎么办理" in event.describe()


def test_citing_is_refused_before_the_request_is_being_handled(city: City, handler: User, walk: Any) -> None:
    permit = article(city)
    sr = walk.to(workflow.Status.SUBMITTED)
    response = login_staff(Client(), handler).post(reverse("knowledge:workbench-cite", args=[sr.reference]),
                                                   {"article": permit.pk})
    assert response.status_code in (403, 404, 409)
    sr.refresh_from_db()
    assert sr.status == workflow.Status.SUBMITTED and not sr.events.filter(kind="cite_article").exists()


def test_the_rest_api_lists_searches_and_gets_articles(city: City) -> None:
    permit = article(city, question_translations={"en": "How do I get a residence permit?"},
                     answer_translations={"en": "Bring your ID card and tenancy contract to the station."})
    article(city, question="路灯坏了找谁？", answer="拨打12345。")
    listed = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/knowledge", {"q": "租房"}).json()
    assert listed["count"] == 1 and listed["results"][0]["question"] == "How do I get a residence permit?"
    assert listed["results"][0]["translated"] is True
    one = Client(HTTP_ACCEPT_LANGUAGE="ug").get(f"/api/v1/knowledge/{permit.pk}").json()
    assert one["language"] == "zh-hans" and one["translated"] is False
    assert Client().get("/api/v1/knowledge/999999").status_code == 404
    document = Client().get("/api/openapi.json").json()
    assert "/api/v1/knowledge" in document["paths"] and "/api/v1/knowledge/{article_id}" in document["paths"]


def test_an_article_with_its_period_backwards_is_refused(city: City) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        article(city, valid_from=date(2026, 1, 1), valid_until=date(2025, 1, 1))
