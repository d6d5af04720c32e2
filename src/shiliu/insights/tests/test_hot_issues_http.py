"""Hot issues (热点诉求) through HTTP: the clusters of a window with counts and trend, only of the
requests the dispatcher may see; taking one up as a hot issue, or merging its requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.core.permissions import Role
from shiliu.insights.models import HotIssue
from shiliu.insights.tests.factories import similar
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import RequestEvent, ServiceRequest
from shiliu.service_requests.tests.factories import OrgUnitFactory, ServiceRequestFactory, staff
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db
HOT = reverse("insights:hot-issues")


def hot_issue(dispatcher: User, days: int = 7) -> Any:
    response = login_staff(Client(), dispatcher).get("/api/v1/hot-issues", {"days": days})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def cluster(city: City) -> list[ServiceRequest]:
    ServiceRequestFactory(category=city.category, jurisdiction=city.grid_a, submitted_at=timezone.now(),
                          description="楼上漏水，物业不来修。")
    return similar(city.grid_a, city.other_category, 3, at=timezone.now() - timedelta(days=1))


def test_similar_requests_nearby_are_listed_as_a_hot_issue_with_count_and_trend(
        city: City, dispatcher: User, cluster: list[ServiceRequest]) -> None:
    similar(city.grid_a, city.other_category, 1, at=timezone.now() - timedelta(days=10))  # the week before

    page = login_staff(Client(), dispatcher).get(HOT).content.decode()
    answer = hot_issue(dispatcher)

    assert "幸福小区北门外的路灯坏了两个星期" in page and 'id="hot-map"' in page
    assert "楼上漏水" not in page
    assert len(answer["results"]) == 1
    issue = answer["results"][0]
    assert issue["count"] == 3 and issue["previous_count"] == 1 and issue["trend"] == "up"
    assert sorted(issue["requests"]) == sorted(sr.reference for sr in cluster)
    assert issue["points"][0] == {"latitude": 30.005, "longitude": 104.005}
    assert issue["place"] == "第一网格"


def test_two_requests_are_not_yet_a_hot_issue_and_thirty_days_reach_further(
        city: City, dispatcher: User) -> None:
    similar(city.grid_a, city.other_category, 2, at=timezone.now() - timedelta(days=1))
    similar(city.grid_a, city.other_category, 2, at=timezone.now() - timedelta(days=20))

    assert hot_issue(dispatcher, 7)["results"] == []
    assert hot_issue(dispatcher, 30)["results"][0]["count"] == 4


def test_the_same_words_far_apart_are_two_places_not_one_issue(city: City, dispatcher: User) -> None:
    now = timezone.now()
    similar(city.grid_a, city.other_category, 3, at=now)
    similar(city.grid_a, city.other_category, 3, at=now, latitude=30.2, longitude=104.2)

    counts = [issue["count"] for issue in hot_issue(dispatcher)["results"]]

    assert counts == [3, 3]


def test_a_request_without_a_point_counts_with_its_streets_cluster_and_the_trend_follows(
        city: City, dispatcher: User) -> None:
    now = timezone.now()
    similar(city.grid_a, city.other_category, 3, at=now - timedelta(days=10))  # the week before
    similar(city.grid_a, city.other_category, 2, at=now - timedelta(days=1))
    ServiceRequestFactory(category=city.other_category, jurisdiction=city.grid_a, submitted_at=now,
                          description="幸福小区北门外的路灯坏了两个星期，晚上一片漆黑，请尽快修。")

    issue = hot_issue(dispatcher)["results"][0]

    assert issue["count"] == 3 and issue["previous_count"] == 3 and issue["trend"] == "steady"
    assert len(issue["points"]) == 2  # the request without a point is counted, not drawn


def test_a_cluster_smaller_than_the_week_before_is_going_down_and_a_first_one_is_new(
        city: City, dispatcher: User) -> None:
    now = timezone.now()
    similar(city.grid_a, city.other_category, 4, at=now - timedelta(days=10))
    similar(city.grid_a, city.other_category, 3, at=now - timedelta(days=1))
    ServiceRequestFactory(category=city.category, jurisdiction=city.grid_a, submitted_at=now,
                          latitude=30.2, longitude=104.2, description="楼上卫生间漏水，物业不来维修。")
    similar(city.grid_a, city.category, 3, at=now, latitude=30.2, longitude=104.2, prefix="楼上卫生间漏水。")

    trends = {issue["count"]: (issue["trend"], issue["previous_count"]) for issue in hot_issue(dispatcher)["results"]}

    assert trends[3] == ("down", 4)
    assert trends[4] == ("new", 0)


def test_a_window_other_than_7_or_30_days_is_refused(dispatcher: User) -> None:
    assert login_staff(Client(), dispatcher).get("/api/v1/hot-issues", {"days": 5}).status_code == 400


def test_a_dispatcher_sees_only_clusters_of_requests_in_their_units(
        city: City, dispatcher: User, supervisor: User) -> None:
    elsewhere = OrgUnitFactory(code="far", name="远方区", kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    theirs = similar(elsewhere, city.other_category, 3, at=timezone.now())
    far_dispatcher = staff(Role.DISPATCHER, elsewhere, username="far-dispatcher")

    assert hot_issue(dispatcher)["results"] == []
    assert hot_issue(supervisor)["results"] == []  # the district supervisor: another district
    assert hot_issue(far_dispatcher)["results"][0]["count"] == 3
    detail = reverse("insights:hot-issue-detail", args=[min(sr.pk for sr in theirs)])
    assert login_staff(Client(), dispatcher).get(detail).status_code == 404


def test_hot_issues_are_for_dispatchers_not_grid_workers(grid_worker: User, outsider: User) -> None:
    assert login_staff(Client(), grid_worker).get(HOT).status_code == 403
    assert login_staff(Client(), grid_worker).get("/api/v1/hot-issues").status_code == 403


def test_a_dispatcher_takes_a_cluster_up_as_one_hot_issue(
        city: City, dispatcher: User, cluster: list[ServiceRequest]) -> None:
    key = min(sr.pk for sr in cluster)
    client = login_staff(Client(), dispatcher)

    response = client.post(reverse("insights:hot-issue-link", args=[key]),
                           {"title": "幸福小区北门路灯", "action": "已通知路灯所统一维修，本周内修复。"})

    assert response.status_code == 302
    issue = HotIssue.objects.get()
    assert set(issue.requests.all()) == set(cluster) and issue.unit == city.community
    events = RequestEvent.objects.filter(kind="hot_issue")
    assert events.count() == 3 and not any(e.is_public for e in events)
    assert events.first().note == "已通知路灯所统一维修，本周内修复。"
    assert "幸福小区北门路灯" in client.get(HOT).content.decode()
    detail = client.get(reverse("service_requests:workbench-detail", args=[cluster[0].reference]))
    assert "热点诉求" in detail.content.decode()


def test_a_hot_issue_without_an_action_is_refused_and_nothing_is_stored(
        dispatcher: User, cluster: list[ServiceRequest]) -> None:
    response = login_staff(Client(), dispatcher).post(
        reverse("insights:hot-issue-link", args=[min(sr.pk for sr in cluster)]), {"title": "路灯", "action": " "})

    assert response.status_code == 400
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert not HotIssue.objects.exists() and not RequestEvent.objects.filter(kind="hot_issue").exists()


def test_a_dispatcher_merges_a_clusters_requests_into_the_earliest(
        dispatcher: User, cluster: list[ServiceRequest]) -> None:
    into = min(cluster, key=lambda sr: sr.pk)
    client = login_staff(Client(), dispatcher)

    response = client.post(reverse("insights:hot-issue-merge", args=[into.pk]), {"into": into.pk})

    assert response.status_code == 302
    merged = ServiceRequest.objects.exclude(pk=into.pk).filter(pk__in=[sr.pk for sr in cluster])
    assert {sr.status for sr in merged} == {Status.MERGED}
    assert {sr.merged_into_id for sr in merged} == {into.pk}
    assert RequestEvent.objects.filter(kind="merge").count() == 2
    assert hot_issue(dispatcher)["results"] == []  # one request left: no longer a cluster


def test_merging_into_a_request_outside_the_cluster_is_refused(
        city: City, dispatcher: User, cluster: list[ServiceRequest]) -> None:
    stranger = ServiceRequestFactory(category=city.category, jurisdiction=city.grid_a,
                                     description="菜市场门口垃圾堆积发臭，没人清运。")

    response = login_staff(Client(), dispatcher).post(
        reverse("insights:hot-issue-merge", args=[min(sr.pk for sr in cluster)]), {"into": stranger.pk})

    assert response.status_code == 400
    assert not ServiceRequest.objects.filter(status=Status.MERGED).exists()
