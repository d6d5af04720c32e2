"""A user's units (`User.unit_paths`) are read once per user object, and again as soon as a role
is granted or removed or a unit moves: a page asks for them once per action it offers."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City

from shiliu.core.permissions import Role
from shiliu.people.models import StaffRole
from shiliu.service_requests.tests.factories import OrgUnitFactory, staff

pytestmark = pytest.mark.django_db


def test_the_units_are_read_once_and_again_after_any_change(
        city: City, django_assert_num_queries: Any) -> None:
    user = staff(Role.DISPATCHER, city.community)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert user.unit_paths() == [city.community.path]
        assert user.unit_paths([Role.DISPATCHER]) == [city.community.path]
        assert user.unit_paths([Role.HANDLER]) == []
    granted = StaffRole.objects.create(user=user, role=Role.HANDLER, unit=city.housing)
    assert user.unit_paths([Role.HANDLER]) == [city.housing.path]
    granted.delete()
    assert user.unit_paths([Role.HANDLER]) == []
    elsewhere = OrgUnitFactory(code="street-2", name="新街道", kind=city.street.kind, parent=city.district)
    city.community.parent = elsewhere
    city.community.save()
    city.community.refresh_from_db()
    assert user.unit_paths() == [city.community.path]
    assert user.unit_paths()[0].startswith(elsewhere.path)
