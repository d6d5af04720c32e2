"""Moving a unit in the tree moves everything below it, at once, for every later request: the
grids' cached boundaries know their new place."""

from __future__ import annotations

from typing import Any

import pytest

from shiliu.org.models import OrgUnit
from shiliu.service_requests.tests.factories import OrgUnitFactory, RoutingRuleFactory
from shiliu.service_requests.tests.journeys import IN_GRID_A, submit

pytestmark = pytest.mark.django_db


def test_a_street_moved_to_another_district_places_its_grids_requests_there(city: Any) -> None:
    # given a request from grid A has been placed once (the grids' boundaries are now cached)
    submit(city.category, at=IN_GRID_A)
    # and another district whose own housing department takes its housing requests
    other = OrgUnitFactory(code="other-district", name="友谊区", kind=OrgUnit.Kind.DISTRICT,
                           parent=city.city)
    other_housing = OrgUnitFactory(code="other-housing", name="友谊区住建局",
                                   kind=OrgUnit.Kind.DEPARTMENT, parent=other)
    RoutingRuleFactory(category=city.category.parent, jurisdiction=other, handling_unit=other_housing)

    # when the street is moved under that district
    street = OrgUnit.objects.get(pk=city.street.pk)
    street.parent = other
    street.save()

    # then a request from a point in grid A arises under the new district and goes to its department
    request = submit(city.category, at=IN_GRID_A)
    assert request.jurisdiction == city.grid_a
    assert request.jurisdiction.path.startswith(other.path)
    assert request.routed_unit == other_housing


def test_moving_a_unit_stamps_every_unit_below_it_as_changed(city: Any) -> None:
    # other processes notice a move by the grids' latest change time
    before = OrgUnit.objects.get(pk=city.grid_a.pk).updated_at
    other = OrgUnitFactory(code="other-district", name="友谊区", kind=OrgUnit.Kind.DISTRICT,
                           parent=city.city)
    street = OrgUnit.objects.get(pk=city.street.pk)
    street.parent = other
    street.save()

    grid = OrgUnit.objects.get(pk=city.grid_a.pk)
    assert grid.path.startswith(other.path)
    assert grid.updated_at > before
