"""Where a request arises (point in a grid's polygon, else the unit named, else the city) and who
should handle it (the most specific routing rule, else the community's dispatcher)."""

from __future__ import annotations

from typing import Any

import pytest

from shiliu.org.models import OrgUnit
from shiliu.service_requests import routing
from shiliu.service_requests.tests.factories import (
    CategoryFactory,
    OrgUnitFactory,
    RoutingRuleFactory,
)
from shiliu.service_requests.tests.journeys import IN_GRID_A, IN_GRID_B, OUTSIDE_GRIDS, submit

# --- Place ---------------------------------------------------------------------------------------

PLACES = [
    pytest.param(IN_GRID_A, None, "grid_a", id="point-in-grid-a"),
    pytest.param(IN_GRID_B, None, "grid_b", id="point-in-grid-b"),
    pytest.param(IN_GRID_A, "grid_b", "grid_a", id="the-point-beats-the-unit-named"),
    pytest.param(OUTSIDE_GRIDS, "community", "community", id="point-outside-grids-with-community"),
    pytest.param({}, "community", "community", id="community-only"),
    pytest.param(OUTSIDE_GRIDS, None, "city", id="point-outside-grids-alone"),
    pytest.param({}, None, "city", id="nothing-known"),
]


@pytest.mark.parametrize(("point", "unit", "expected"), PLACES)
def test_a_request_arises_in_the_finest_unit_known(
    city: Any, point: dict[str, float], unit: str | None, expected: str
) -> None:
    # when a resident submits from the point and/or names the unit
    request = submit(
        city.category,
        at=point,
        unit=getattr(city, unit) if unit else None,
        address="" if point or unit else "团结街道 8 号",
    )

    # then it arises in the grid holding the point, else the unit named, else the city
    assert request.jurisdiction == getattr(city, expected)


def test_a_point_on_the_shared_edge_of_two_grids_lands_in_one_of_them(city: Any) -> None:
    # when a point sits exactly on the border between grid A and grid B
    place = routing.place_of(latitude=30.005, longitude=104.01, unit=None)

    # then it is placed in a grid, not thrown back to the city
    assert place in (city.grid_a, city.grid_b)


def test_an_inactive_grid_does_not_hold_points(city: Any) -> None:
    # given grid A is retired
    OrgUnit.objects.filter(pk=city.grid_a.pk).update(is_active=False)

    # when a request comes from inside its old boundary with the community named
    place = routing.place_of(unit=city.community, **IN_GRID_A)

    # then it arises in the community
    assert place == city.community


# --- Handling unit -------------------------------------------------------------------------------


def test_a_rule_on_the_top_level_category_at_the_district_routes_its_sub_categories(
    city: Any,
) -> None:
    # given the rule 住房 @ 和平区 → 区住建局 and a 物业维修 request in grid A
    request = submit(city.category)

    # then it is routed to the housing department
    assert request.routed_unit == city.housing


def test_with_no_rule_the_request_goes_to_its_community_dispatcher(city: Any) -> None:
    # given no rule for 公共设施 / 路灯
    request = submit(city.other_category, at=IN_GRID_B)

    # then the suggested handler is the community (its dispatcher's unit)
    assert request.routed_unit == city.community


def test_with_no_rule_above_community_level_the_place_itself_handles_it(city: Any) -> None:
    # given a request known only at the city, in a category with no rule
    assert routing.handling_unit_for(city.other_category, city.city) == city.city
    assert routing.handling_unit_for(city.other_category, city.street) == city.street


def test_a_rule_on_the_sub_category_wins_over_the_top_level_rule(city: Any) -> None:
    # given a rule for 物业维修 itself, at the same district
    repairs_office = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=city.district)
    RoutingRuleFactory(
        category=city.category, jurisdiction=city.district, handling_unit=repairs_office
    )

    # then 物业维修 goes there, while another 住房 sub-category still goes to housing
    rental = CategoryFactory(parent=city.category.parent)
    assert routing.handling_unit_for(city.category, city.grid_a) == repairs_office
    assert routing.handling_unit_for(rental, city.grid_a) == city.housing


def test_a_rule_at_a_nearer_jurisdiction_wins_over_a_farther_one(city: Any) -> None:
    # given a 住房 rule at the street, below the district's
    street_office = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=city.street)
    RoutingRuleFactory(
        category=city.category.parent, jurisdiction=city.street, handling_unit=street_office
    )

    # then requests in the street go to the street's office, those elsewhere in the district do not
    other_street = OrgUnitFactory(kind=OrgUnit.Kind.STREET, parent=city.district)
    assert routing.handling_unit_for(city.category, city.grid_a) == street_office
    assert routing.handling_unit_for(city.category, other_street) == city.housing


def test_the_sub_category_counts_before_nearness(city: Any) -> None:
    # given a 住房 rule at the street and a 物业维修 rule at the farther district
    street_office = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=city.street)
    repairs_office = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=city.district)
    RoutingRuleFactory(
        category=city.category.parent, jurisdiction=city.street, handling_unit=street_office
    )
    RoutingRuleFactory(
        category=city.category, jurisdiction=city.district, handling_unit=repairs_office
    )

    # then the sub-category rule decides (child category before parent, then nearer before farther)
    assert routing.handling_unit_for(city.category, city.grid_a) == repairs_office


def test_a_rule_whose_handling_unit_is_inactive_is_ignored(city: Any) -> None:
    # given the only matching rule points to a department that was closed
    OrgUnit.objects.filter(pk=city.housing.pk).update(is_active=False)

    # then the request falls back to the community's dispatcher
    assert routing.handling_unit_for(city.category, city.grid_a) == city.community


def test_an_inactive_nearer_rule_falls_back_to_the_active_farther_one(city: Any) -> None:
    # given a nearer rule to a closed office, and the district's rule to housing
    closed = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=city.street, is_active=False)
    RoutingRuleFactory(
        category=city.category.parent, jurisdiction=city.street, handling_unit=closed
    )

    # then the district's rule decides
    assert routing.handling_unit_for(city.category, city.grid_a) == city.housing


def test_a_rule_for_another_district_does_not_apply(city: Any) -> None:
    # given a 路灯 rule in another district
    other = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    lights = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=other)
    RoutingRuleFactory(category=city.other_category, jurisdiction=other, handling_unit=lights)

    # then our 路灯 request still goes to our community
    assert routing.handling_unit_for(city.other_category, city.grid_a) == city.community


# --- Category suggestion -------------------------------------------------------------------------


@pytest.fixture
def keyed(city: Any) -> dict[str, Any]:
    repairs = city.category
    repairs.keywords = "漏水 维修 物业"
    repairs.save()
    lights = city.other_category
    lights.keywords = "路灯 不亮"
    lights.save()
    schooling = CategoryFactory(
        code="schooling",
        name="入学",
        keywords="入学 转学 学校",
        parent=CategoryFactory(code="education", name="教育", keywords="入学"),
    )
    return {"repairs": repairs, "lights": lights, "schooling": schooling}


SUGGESTIONS = [
    pytest.param("楼上漏水。物业一直不来维修", "repairs", id="several-keywords"),
    pytest.param("小区门口的路灯坏了好几天都不亮", "lights", id="chinese-text-without-spaces"),
    pytest.param("孩子转学到这边。想问学校入学要什么材料", "schooling", id="schooling"),
    pytest.param(
        "物业门口的路灯不亮。路灯下面很黑。路灯杆也歪了", "lights", id="most-occurrences-win"
    ),
    pytest.param("我想咨询一下办事流程", None, id="no-keyword"),
    pytest.param("", None, id="empty-text"),
]


@pytest.mark.parametrize(("text", "expected"), SUGGESTIONS)
def test_the_category_is_suggested_from_keywords_in_the_text(
    keyed: dict[str, Any], text: str, expected: str | None
) -> None:
    assert routing.suggest_category(text) == (keyed[expected] if expected else None)


def test_inactive_and_top_level_categories_are_never_suggested(keyed: dict[str, Any]) -> None:
    # given the schooling sub-category is switched off (its parent still has the keyword)
    keyed["schooling"].is_active = False
    keyed["schooling"].save()

    # then text about schooling suggests nothing
    assert routing.suggest_category("入学入学入学") is None
