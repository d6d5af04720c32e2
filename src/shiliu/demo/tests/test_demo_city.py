"""The demo city: complete, consistent, reproducible, and built only once."""

from __future__ import annotations

import io
from itertools import combinations
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from shapely.geometry import Point, shape

from shiliu.core.permissions import Role
from shiliu.demo.catalogue import CITY_CODE, DEMO_PASSWORD
from shiliu.demo.simulate import STATUS_ORDER
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.people.models import StaffRole, User
from shiliu.service_requests.models import Category, RequestEvent, ServiceRequest

SMALL = 120


def demo_city(**options: Any) -> str:
    """The request spine's part of the demo city: casework and residence are built and checked by
    their own tests (test_demo_casework, test_demo_residence)."""
    out = io.StringIO()
    call_command("demo_city", stdout=out, verbosity=0, **{"households": 0, "declarations": 0, **options})
    return out.getvalue()


class Undo(Exception):
    pass


@pytest.mark.django_db
def test_demo_city_is_complete_and_consistent() -> None:
    demo_city(requests=SMALL, seed=7)

    requests = list(ServiceRequest.objects.select_related("jurisdiction"))
    assert len(requests) == SMALL
    assert {r.status for r in requests} == set(STATUS_ORDER)  # every status but transfers

    # Grids tile the city: valid polygons that never overlap.
    grids = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID))
    assert 45 <= len(grids) <= 60
    shapes = {grid.pk: shape(grid.boundary) for grid in grids}
    assert all(s.geom_type == "Polygon" and s.is_valid for s in shapes.values())
    for a, b in combinations(shapes.values(), 2):
        assert a.intersection(b).area < 1e-12

    # A located request lies in exactly one grid, the one it was placed in.
    located = [r for r in requests if r.latitude is not None]
    assert len(located) > SMALL * 0.7
    for request in located:
        assert request.longitude is not None
        point = Point(request.longitude, request.latitude)
        holders = [pk for pk, s in shapes.items() if s.contains(point)]
        assert holders == [request.jurisdiction_id], request.reference
    unlocated = [r for r in requests if r.latitude is None]
    assert all(r.jurisdiction.kind == OrgUnit.Kind.COMMUNITY and r.address for r in unlocated)

    # Every timeline starts with the submission and moves forward, before today, to the status.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    events: dict[int, list[RequestEvent]] = {}
    for event in RequestEvent.objects.order_by("id"):
        events.setdefault(event.request_id, []).append(event)
    for request in requests:
        timeline = events[request.pk]
        assert timeline[0].action == "submit"
        assert timeline[0].created_at == request.submitted_at
        times = [e.created_at for e in timeline]
        assert times == sorted(times) and len(set(times)) == len(times), request.reference
        assert times[-1] < today
        assert [e for e in timeline if e.from_status != e.to_status][-1].to_status == request.status
        assert request.routed_unit_id is not None

    # Varied texts, plausible contacts, no clear-text duplicates of the same template.
    assert len({r.description for r in requests}) >= SMALL * 0.95
    assert all(r.contact_name == "" for r in requests if r.is_anonymous)

    # Categories are two levels deep and every top level has children.
    tops = Category.objects.filter(parent__isnull=True)
    assert tops.count() >= 10
    assert not Category.objects.filter(parent__parent__isnull=False).exists()
    assert all(top.children.exists() for top in tops)
    assert ServicePoint.objects.values("kind").distinct().count() == len(ServicePoint.Kind)

    # One account per role; the system administrator can use the admin site.
    held = set(StaffRole.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    sysadmin = User.objects.get(username="sysadmin")
    assert sysadmin.is_superuser and sysadmin.is_staff
    assert User.objects.get(username="dispatcher").check_password(DEMO_PASSWORD)

    # A second run, and --if-empty, leave everything as it is.
    counts = (OrgUnit.objects.count(), User.objects.count(), ServiceRequest.objects.count(),
              RequestEvent.objects.count())
    assert "already exists" in demo_city(requests=SMALL, seed=7)
    assert "nothing to do" in demo_city(requests=SMALL, if_empty=True)
    assert counts == (OrgUnit.objects.count(), User.objects.count(),
                      ServiceRequest.objects.count(), RequestEvent.objects.count())

    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    listing = out.getvalue()
    assert "/zh-hans/accounts/login/" in listing
    assert all(name in listing for name in ("dispatcher", "gridworker", "auditor", DEMO_PASSWORD))


@pytest.mark.django_db
def test_same_seed_builds_the_same_requests() -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        return list(ServiceRequest.objects.order_by("reference").values_list(
            "reference", "description", "status", "submitted_at", "category__code",
            "jurisdiction__code",
        ))

    with pytest.raises(Undo), transaction.atomic():
        demo_city(requests=40, seed=11)
        first = snapshot()
        raise Undo
    assert not OrgUnit.objects.exists()
    demo_city(requests=40, seed=11)
    assert snapshot() == first
    assert len(first) == 40


@pytest.mark.django_db
def test_if_empty_does_nothing_when_an_organisation_exists() -> None:
    OrgUnit.objects.create(code="elsewhere", name="别的城市", kind=OrgUnit.Kind.CITY)
    assert "nothing to do" in demo_city(if_empty=True)
    assert not OrgUnit.objects.filter(code=CITY_CODE).exists()
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_demo_accounts_without_a_city_gives_a_hint() -> None:
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert out.getvalue().count("\n") == 1 and "demo_city" in out.getvalue()
