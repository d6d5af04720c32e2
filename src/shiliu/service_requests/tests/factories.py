"""factory_boy factories for the request spine: valid defaults, tests set what they care about."""

from __future__ import annotations

from typing import Any

import factory

from shiliu.org.models import OrgUnit
from shiliu.people.models import StaffRole, User
from shiliu.service_requests.models import Category, Channel, RoutingRule, ServiceRequest


def square(lng: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    """A GeoJSON square polygon with its south-west corner at (lng, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [[[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]],
    }


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnit.Kind.CITY
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


def staff(role: str, unit: OrgUnit, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    StaffRole.objects.create(user=user, role=role, unit=unit)
    return user  # type: ignore[no-any-return]


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"类别{n}")
    accept_within = 24
    accept_unit = "hours"
    sign_within = 24
    sign_unit = "hours"
    resolve_within = 5
    resolve_unit = "working_days"


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    """A request created directly in the submitted state; use services to move it further."""

    class Meta:
        model = ServiceRequest

    reference = factory.Sequence(lambda n: f"SL-2026-9{n:05d}")
    category = factory.SubFactory(CategoryFactory)
    description = "小区路灯坏了三天，晚上出行不安全。"
    channel = Channel.PORTAL
