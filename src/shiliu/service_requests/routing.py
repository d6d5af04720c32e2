"""Where a request arises and who should handle it.

A point inside a grid's polygon places the request in that grid; otherwise the community (or the
city) the resident named. Routing rules map (category, jurisdiction) to the handling unit; the most
specific rule wins (the sub-category before its parent, the nearest jurisdiction before farther
ones). With no rule, the request goes to the dispatcher of its community. Dispatched to a grid, a
request is put in the charge of a grid worker there who speaks the resident's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from shiliu.core import config, errors
from shiliu.org import geo
from shiliu.org.models import OrgUnit
from shiliu.service_requests.models import Category, RoutingRule

if TYPE_CHECKING:
    from shiliu.people.models import User


class NoOrgTree(errors.Unavailable, LookupError):
    """The organisation tree is empty: nobody has created the city yet (503)."""

    code = "no_org_tree"


def place_of(*, latitude: float | None, longitude: float | None, unit: OrgUnit | None) -> OrgUnit:
    """The finest known unit for a location: grid by point-in-polygon, else the given unit, else
    the root of the tree."""
    if latitude is not None and longitude is not None:
        grid = geo.grid_at(latitude, longitude)
        if grid is not None:
            return grid  # type: ignore[no-any-return]
    if unit is not None:
        return unit
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise NoOrgTree(
            _("The city is not set up yet, so no request can be received. Please try again later.")
        )
    return root


def handling_unit_for(category: Category, place: OrgUnit) -> OrgUnit:
    # The path lists the ancestors root first: "/1/4/17/" → {1: 0, 4: 1, 17: 2} (id → depth).
    ancestors = {int(pk): depth for depth, pk in enumerate(place.path.strip("/").split("/")) if pk}
    categories = {category.pk} | ({category.parent_id} if category.parent_id else set())
    rules = [rule for rule in _active_rules()
             if rule.category_id in categories and rule.jurisdiction_id in ancestors]
    if rules:
        best = max(
            rules,
            key=lambda r: (r.category_id == category.pk, ancestors[r.jurisdiction_id]),
        )
        return best.handling_unit
    return dispatcher_unit_for(place)


def _active_rules() -> list[RoutingRule]:
    """Every routing rule to an active unit, with its unit: cached configuration (`core.config`)."""
    return config.cached("service_requests.routing_rules", lambda: list(
        RoutingRule.objects.filter(handling_unit__is_active=True).select_related("handling_unit")
    ))


def _communities() -> dict[int, OrgUnit]:
    return config.cached("service_requests.communities", lambda: {
        unit.pk: unit for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY)
    })


def dispatcher_unit_for(place: OrgUnit) -> OrgUnit:
    """The community whose dispatcher takes requests arising at `place` (the place itself above
    community level): the nearest community at or above it on its path, from the cached tree."""
    communities = _communities()
    for pk in reversed(place.path.strip("/").split("/")):
        if pk and int(pk) in communities:
            return communities[int(pk)]
    return place


def suggest_category(text: str) -> Category | None:
    """The active sub-category whose keywords occur most often in `text` (Chinese-aware: keywords
    are matched as substrings, since Chinese has no spaces between words)."""
    best: tuple[int, Category | None] = (0, None)
    for category in Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent"):
        score = sum(text.count(word) for word in category.keywords.split() if word)
        if score > best[0]:
            best = (score, category)
    return best[1]


def grid_worker_for(unit: OrgUnit, language: str) -> User | None:
    """For a request dispatched to a grid: the grid worker of that grid who speaks `language`,
    the one with the fewest open requests in their charge (then by name). None when the unit is
    not a grid or nobody there speaks it: the grid then handles it as a team, as before."""
    from shiliu.core.permissions import Role
    from shiliu.people.models import User
    from shiliu.service_requests.workflow import OPEN_STATUSES

    if unit.kind != OrgUnit.Kind.GRID:
        return None
    workers = User.objects.filter(
        is_active=True, staff_roles__role=Role.GRID_WORKER, staff_roles__unit=unit
    ).annotate(
        open_load=Count("requests_in_charge",
                        filter=Q(requests_in_charge__status__in=OPEN_STATUSES))
    ).order_by("open_load", "username")
    return next((worker for worker in workers if worker.speaks(language)), None)
