"""Staff know which language to answer in: the detail page and the queue show it, the queue
filters by it, and a request dispatched to a grid goes into the charge of a grid worker there who
speaks it."""

from __future__ import annotations

import pytest
from conftest import IN_GRID_A, City
from django.test import Client
from django.urls import reverse

from shiliu.core.permissions import Role
from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in
from shiliu.service_requests import workflow
from shiliu.service_requests.tests.factories import staff
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def uyghur_speaker(city: City) -> User:
    return staff(Role.GRID_WORKER, city.grid_a, username="aynur", display_name="阿依努尔",
                 languages_spoken=["zh-hans", "ug"])


def test_dispatch_to_a_grid_puts_a_speaker_of_the_residents_language_in_charge(
    city: City, dispatcher: User, grid_worker: User, uyghur_speaker: User
) -> None:
    request = submit(city.other_category, language="ug")
    workflow.accept(request, actor=dispatcher)
    workflow.dispatch(request, actor=dispatcher, unit=city.grid_a)
    request.refresh_from_db()
    assert request.assigned_to == uyghur_speaker

    page = signed_in(dispatcher).get(
        reverse("service_requests:workbench-detail", args=[request.reference]))
    html = page.content.decode()
    assert "阿依努尔" in html and "维吾尔语" in html


def test_the_least_busy_speaker_is_chosen(
    city: City, dispatcher: User, uyghur_speaker: User
) -> None:
    second = staff(Role.GRID_WORKER, city.grid_a, username="zulpiye", languages_spoken=["ug"])
    first = submit(city.other_category, language="ug")
    then = submit(city.other_category, language="ug")
    for request in (first, then):
        workflow.accept(request, actor=dispatcher)
        workflow.dispatch(request, actor=dispatcher, unit=city.grid_a)
    # aynur comes first by name; with one open request in her charge, the next goes to zulpiye
    assert (first.assigned_to, then.assigned_to) == (uyghur_speaker, second)


def test_without_a_speaker_the_grid_keeps_it_as_a_team_and_the_page_says_so(
    city: City, dispatcher: User, grid_worker: User
) -> None:
    request = submit(city.other_category, language="bo")
    workflow.accept(request, actor=dispatcher)
    workflow.dispatch(request, actor=dispatcher, unit=city.grid_a)
    assert request.assigned_to is None
    # Any grid worker of the grid may still sign for it
    workflow.sign(request, actor=grid_worker)
    html = signed_in(dispatcher).get(
        reverse("service_requests:workbench-detail", args=[request.reference])).content.decode()
    assert "藏语" in html and "翻译" in html


def test_a_return_takes_the_request_out_of_the_workers_charge(
    city: City, dispatcher: User, uyghur_speaker: User
) -> None:
    request = submit(city.other_category, language="ug")
    workflow.accept(request, actor=dispatcher)
    workflow.dispatch(request, actor=dispatcher, unit=city.grid_a)
    workflow.return_(request, actor=uyghur_speaker, reason="不属于网格", policy_basis="职责清单")
    request.refresh_from_db()
    assert request.assigned_to is None


def test_dispatch_to_a_department_assigns_no_person(city: City, dispatcher: User) -> None:
    request = submit(city.category, language="ug")
    workflow.accept(request, actor=dispatcher)
    workflow.dispatch(request, actor=dispatcher, unit=city.housing)
    assert request.assigned_to is None


def test_queue_shows_and_filters_by_preferred_language(city: City, dispatcher: User) -> None:
    uyghur = submit(city.other_category, language="ug", **{"at": IN_GRID_A})
    chinese = submit(city.other_category, language="zh-hans")
    client = signed_in(dispatcher)
    everything = client.get(reverse("service_requests:workbench")).content.decode()
    assert "维吾尔语" in everything and "简体中文" in everything
    filtered = client.get(
        reverse("service_requests:workbench"), {"language": "ug"}).content.decode()
    assert uyghur.reference in filtered and chinese.reference not in filtered


def test_an_unknown_language_filter_is_a_form_error_not_a_500(city: City, dispatcher: User) -> None:
    response = signed_in(dispatcher).get(reverse("service_requests:workbench"), {"language": "xx"})
    assert response.status_code == 200
    assert "xx 不在可选范围内" in response.content.decode().replace("选择一个有效的选项。 ", "")
