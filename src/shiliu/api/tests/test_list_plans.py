"""Lists at scale: every list page costs the same number of queries for N and 2N rows (both
databases), and on PostgreSQL, with enough rows for the planner to care (tens of thousands of
requests copied by the generator, `demo.scale`), no query of the workbench lists, the REST list
or the Open311 list reads the requests or events tables by a sequential scan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from conftest import City
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shiliu.api.models import ApiKey
from shiliu.api.tests.conftest import anonymous, issue, keyed
from shiliu.core.permissions import Role
from shiliu.demo import scale
from shiliu.org.models import OrgUnit
from shiliu.people.models import StaffRole, User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import services
from shiliu.service_requests.models import Category, RequestEvent, ServiceRequest
from shiliu.service_requests.tests.factories import (
    CategoryFactory,
    OrgUnitFactory,
    ServiceRequestFactory,
    staff,
)
from shiliu.service_requests.tests.journeys import submit

TABLES = (ServiceRequest._meta.db_table, RequestEvent._meta.db_table)
WORKBENCH = ("service_requests:workbench", "service_requests:workbench-to-accept",
             "service_requests:workbench-supervision")


def list_calls(city_key: str, dispatcher: User,
               supervisor: User) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(name, call) for every list page: the workbench's three, REST's and Open311's."""
    staff = {"service_requests:workbench": dispatcher,
             "service_requests:workbench-to-accept": dispatcher,
             "service_requests:workbench-supervision": supervisor}
    for name in WORKBENCH:
        client = login_staff(Client(), staff[name])
        url = reverse(name)
        yield name, lambda client=client, url=url: client.get(url)  # type: ignore[misc]
    rest = keyed(city_key)
    yield "rest", lambda: rest.get("/api/v1/requests?status=open&page_size=50")
    yield "rest-all", lambda: rest.get("/api/v1/requests?page_size=50")
    yield "open311-keyed", lambda: rest.get("/open311/v2/requests.json")
    public = anonymous()
    yield "open311", lambda: public.get("/open311/v2/requests.json")


def _queries(call: Callable[[], Any]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.content[:300]
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
def test_every_list_page_costs_the_same_queries_for_n_and_2n_rows(
    city: City, city_key: str, dispatcher: User, supervisor: User
) -> None:
    def grow(n: int) -> None:
        for _ in range(n):
            submit(city.other_category)
        services.service_request_sweep_deadlines()

    grow(3)
    calls = list(list_calls(city_key, dispatcher, supervisor))
    for _name, call in calls:
        call()  # warm: sessions, second factor, caches
    few = {name: len(_queries(call)) for name, call in calls}
    grow(3)
    many = {name: len(_queries(call)) for name, call in calls}

    assert many == few


@dataclass
class Big:
    dispatcher: User
    supervisor: User
    key: str


STATUSES = ("submitted", "accepted", "dispatched", "in_progress", "resolved", "closed", "closed",
            "closed", "closed", "closed", "escalated", "returned")


@pytest.fixture(scope="module")
def big(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Big]:
    """30,000 requests and their events in a tree of its own, committed for this module's tests
    and removed after them (~10 s)."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL")
    with django_db_blocker.unblock():
        made: dict[str, Any] = {}
        try:
            root = made['root'] = OrgUnitFactory(code="big-city", name="大市", kind=OrgUnit.Kind.CITY)
            district = OrgUnitFactory(code="big-district", name="大区", kind=OrgUnit.Kind.DISTRICT,
                                      parent=root)
            community = OrgUnitFactory(code="big-community", name="大社区",
                                       kind=OrgUnit.Kind.COMMUNITY, parent=district)
            grid = OrgUnitFactory(code="big-grid", name="大网格", kind=OrgUnit.Kind.GRID,
                                  parent=community)
            department = OrgUnitFactory(code="big-department", name="大局",
                                        kind=OrgUnit.Kind.DEPARTMENT, parent=district)
            top = CategoryFactory(code="big-top", name="大类")
            sub = CategoryFactory(code="big-sub", name="小类", parent=top)
            now = timezone.now()
            for n in range(48):
                status = STATUSES[n % len(STATUSES)]
                request = ServiceRequestFactory(
                    reference=f"SL-2000-{n:06d}", category=sub, status=status, jurisdiction=grid,
                    assigned_unit=department if n % 3 else grid, language="zh-hans",
                    submitted_at=now - timedelta(days=n % 20, hours=n),
                    due_at=None if status == "closed" else now + timedelta(hours=n - 20),
                    overdue_at=now - timedelta(hours=1) if n % 5 == 0 and status != "closed" else None)
                for i, action in enumerate(("submit", "accept", "dispatch", "sign", "resolve",
                                            "rate", "close")[: 2 + n % 6]):
                    RequestEvent.objects.create(request=request, action=action, kind=action,
                                                created_at=request.submitted_at + timedelta(hours=i))
            dispatcher = staff(Role.DISPATCHER, community, username="big-dispatcher")
            supervisor = staff(Role.SUPERVISOR, district, username="big-supervisor")
            _key, raw_key = issue(root)
            scale.load_in_database(30_000)
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"ANALYZE {table}")
            yield Big(dispatcher, supervisor, raw_key)
        finally:  # also when the set-up fails half-way: later tests must meet an empty database
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
            if "root" in made:
                root = made["root"]
                ApiKey.objects.filter(unit__path__startswith=root.path).delete()
                StaffRole.objects.filter(unit__path__startswith=root.path).delete()
                User.objects.filter(username__startswith="big-").update(is_active=False)
                Category.objects.filter(code__startswith="big-", parent__isnull=False).delete()
                Category.objects.filter(code__startswith="big-").delete()
                for unit in OrgUnit.objects.filter(path__startswith=root.path).order_by("-path"):
                    unit.delete()
            # Setting up and removing the staff and the key wrote audit rows, which no DELETE may
            # remove (the append-only trigger); the audit tests that follow expect an empty trail.
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE audit_auditevent")


def seq_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return [line.strip() for line in plan.splitlines()
            if "Seq Scan" in line and any(f" on {table}" in line for table in TABLES)]


@pytest.mark.django_db
def test_no_list_query_scans_the_requests_or_events_tables(big: Big) -> None:
    assert ServiceRequest.objects.count() > 30_000
    calls = list(list_calls(big.key, big.dispatcher, big.supervisor))
    scanned: dict[str, list[str]] = {}
    explained = 0
    for name, call in calls:
        call()
        page = _queries(call)
        cursor_page = []
        if name == "rest-all":  # and the page after, through its keyset cursor
            following = call().json()["next"]
            assert following
            client = keyed(big.key)
            cursor_page = _queries(
                lambda client=client, following=following: client.get(  # type: ignore[misc]
                    f"/api/v1/requests?after={following}"))
        for sql in page + cursor_page:
            if sql.lstrip().upper().startswith("SELECT") and any(t in sql for t in TABLES):
                explained += 1
                if found := seq_scans(sql):
                    scanned.setdefault(name, []).extend(found)
    assert explained >= len(calls)
    assert scanned == {}


@pytest.mark.django_db
def test_intakes_duplicate_check_reads_no_table_whole(big: Big) -> None:
    """The check at every intake reads the newest open requests of the map squares around the
    point and of the community along their indexes, not the requests table."""
    from shiliu.service_requests import duplicates

    community = OrgUnit.objects.get(code="big-community")
    with CaptureQueriesContext(connection) as queries:
        duplicates.most_alike_open_request(description="小区门口的垃圾桶满了", place=community,
                                           latitude=30.005, longitude=104.005, now=timezone.now())
    [candidates] = [q["sql"] for q in queries.captured_queries if ServiceRequest._meta.db_table in q["sql"]]
    assert seq_scans(candidates) == []
