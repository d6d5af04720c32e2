"""Intake at city scale (issue 10): the statements one intake runs are pinned, and the
configuration it reads from the per-process cache (core.config) is reloaded as soon as an
administrator changes it: the next intake sees the change."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shiliu.api.models import CategoryQuestion
from shiliu.api.tests.conftest import issue, keyed, post_json
from shiliu.api.tests.test_open311_post_request import form, post
from shiliu.notifications.models import Delivery, Notification
from shiliu.notifications.tasks import deliver_notification
from shiliu.service_requests.models import HolidayOverride, RoutingRule, ServiceRequest

pytestmark = [pytest.mark.django_db]

URL = "/api/v1/requests"
# SQL statements of one REST intake with a key, a phone and both consents (issue 10: 33 on
# PostgreSQL at first, then 14, then 11, plus 3 after the commit): the configuration's token (the
# key, its service account's roles and whether it is a resident come from the cache it guards),
# the transaction (a savepoint here, BEGIN and COMMIT in production: one COMMIT), the reference
# (one nextval), the duplicate check (one SELECT of five columns of open requests nearby), the
# request, its event, the consents (one INSERT), the audit row, the notification and its queued
# delivery (the outbox: the worker sends it later).
# SQLite counts three more: the counter row it keeps instead of a sequence, and the search index
# row (PostgreSQL's column is generated).
REST_INTAKE_STATEMENTS = 11 if connection.vendor == "postgresql" else 14
# Open311 also looks up and records the retry (the idempotency record) in a savepoint of its own;
# this report leaves no contact, so no delivery is queued (one statement fewer).
OPEN311_INTAKE_STATEMENTS = REST_INTAKE_STATEMENTS + 3


def body(city: City, **extra: Any) -> dict[str, Any]:
    return {"category": city.other_category.code, "description": "楼道灯坏了三天。",
            "contact_phone": "13800001234", "consents": ["request_handling", "follow_up_contact"],
            **IN_GRID_A, **extra}


@pytest.fixture
def client(city: City) -> Any:
    client = keyed(issue(city.city)[1])
    assert post_json(client, URL, body(city)).status_code == 201  # the configuration is cached
    return client


def test_a_rest_intake_runs_a_pinned_number_of_statements(
    city: City, client: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(REST_INTAKE_STATEMENTS):
        assert post_json(client, URL, body(city)).status_code == 201


def test_an_open311_intake_runs_a_pinned_number_of_statements(
    city: City, client: Any, django_assert_max_num_queries: Any
) -> None:
    key = issue(city.city, name="open311 client")[1]
    assert post(client, "json", form(key, service_code=city.other_category.code)).status_code == 200
    with django_assert_max_num_queries(OPEN311_INTAKE_STATEMENTS):
        answer = post(client, "json", form(key, service_code=city.other_category.code, description="又坏了"))
    assert answer.status_code == 200


def test_configuration_is_read_once_per_request_whatever_the_intake_asks(city: City, client: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        post_json(client, URL, body(city))
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert tables.count('FROM "core_configversion"') == 1
    for table in ("service_requests_category", "service_requests_routingrule", "service_requests_holidayoverride",
                  "privacy_notice", "api_categoryquestion", "org_orgunit"):
        assert f'FROM "{table}"' not in tables, table


def test_a_deactivated_category_is_refused_at_the_next_intake(city: City, client: Any) -> None:
    city.other_category.is_active = False
    city.other_category.save()
    answer = post_json(client, URL, body(city))
    assert answer.status_code == 400 and "not one" in answer.json()["message"]


def test_a_changed_time_limit_sets_the_next_intakes_deadline(city: City, client: Any) -> None:
    parent = city.other_category.parent
    parent.accept_within, parent.accept_unit = 2, "hours"
    parent.save()
    city.other_category.accept_within = None
    city.other_category.save()
    post_json(client, URL, body(city))
    latest = ServiceRequest.objects.latest("id")
    assert latest.due_at - latest.submitted_at == timedelta(hours=2)


def test_a_new_routing_rule_routes_the_next_intake(city: City, client: Any) -> None:
    RoutingRule.objects.create(category=city.other_category, jurisdiction=city.district,
                               handling_unit=city.housing)
    post_json(client, URL, body(city))
    assert ServiceRequest.objects.latest("id").routed_unit == city.housing


def test_a_new_question_is_asked_at_the_next_intake(city: City, client: Any) -> None:
    CategoryQuestion.objects.create(category=city.other_category, code="floor", question="哪一层？",
                                    required=True)
    answer = post_json(client, URL, body(city))
    assert answer.status_code == 400 and "哪一层" in answer.json()["message"]


def test_a_holiday_override_counts_at_the_next_intake(city: City, client: Any) -> None:
    # given a category counted in working days, and tomorrow declared a holiday
    category = city.other_category
    category.accept_within, category.accept_unit = 1, "working_days"
    category.save()
    post_json(client, URL, body(city))
    before = ServiceRequest.objects.latest("id").due_at
    tomorrow = timezone.localdate() + timedelta(days=1)
    for day in range(7):  # declare the next week off: the first working day moves past it
        HolidayOverride.objects.create(day=tomorrow + timedelta(days=day), is_workday=False)
    post_json(client, URL, body(city))
    assert ServiceRequest.objects.latest("id").due_at > before
    assert isinstance(tomorrow, date)


@pytest.mark.django_db(transaction=True)
def test_an_intake_commits_once_with_its_notification_queued_and_the_worker_sends_it_once(
    published_notices: None, city: City, run_tasks: Any
) -> None:
    # given a keyed client whose configuration is cached (the first intake is delivered as well)
    client = keyed(issue(city.city)[1])
    assert post_json(client, URL, body(city)).status_code == 201
    run_tasks()
    Delivery.objects.all().delete()
    # when a REST intake is made, outside any test transaction
    with CaptureQueriesContext(connection) as queries:
        assert post_json(client, URL, body(city)).status_code == 201
    # then the request, its notification and the order to send it committed together, once
    statements = [q["sql"] for q in queries.captured_queries]
    assert statements.count("COMMIT") == 1, statements
    latest = ServiceRequest.objects.latest("id")
    [notification] = Notification.objects.filter(request=latest)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Delivery.objects.exists()  # nothing is sent from the web process
    # and the worker sends it once, however often its task runs
    assert run_tasks() == 1
    assert deliver_notification.call(notification.pk, None) == 0
    assert list(Delivery.objects.values_list("notification", "channel", "status")) == [
        (notification.pk, "sms", "sent")]
