"""Reads of the public map: which grid holds a point, and places found by name.

Both answer with what the public map already shows (grid, community and street names, service
points): no request, person or private address is involved. The search looks through the city's
own units and service points only: there is no outside geocoder (the platform runs offline and
sends no typed address anywhere).
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.db.models import Q
from shapely.geometry import shape

from shiliu.org import geo
from shiliu.org.models import OrgUnit, ServicePoint

MAX_RESULTS = 8


class PlaceAt(TypedDict):
    grid: str | None
    community: str | None
    street: str | None


class PlaceFound(TypedDict):
    name: str
    kind: str
    latitude: float
    longitude: float


def place_at(*, latitude: float, longitude: float) -> PlaceAt:
    grid = geo.grid_at(latitude, longitude)
    if grid is None:
        return {"grid": None, "community": None, "street": None}
    ancestors = {unit.kind: unit.name for unit in OrgUnit.objects.filter(
        pk__in=[int(pk) for pk in grid.path.strip("/").split("/") if pk.isdigit()])}
    return {"grid": grid.name, "community": ancestors.get(OrgUnit.Kind.COMMUNITY),
            "street": ancestors.get(OrgUnit.Kind.STREET)}


def _centre(boundary: Any) -> tuple[float, float] | None:
    try:
        point = shape(boundary).representative_point()
    except Exception:
        return None
    return point.y, point.x


def place_search(*, query: str) -> list[PlaceFound]:
    """Service points and units (streets, communities, grids) whose name or address contains
    `query`; units without a boundary are placed by their grids."""
    query = " ".join(query.split())[:60]
    if len(query) < 2:
        return []
    found: list[PlaceFound] = []
    points = ServicePoint.objects.filter(Q(name__icontains=query) | Q(address__icontains=query),
                                         latitude__isnull=False, longitude__isnull=False)
    for point in points.order_by("name")[:MAX_RESULTS]:
        found.append({"name": point.name, "kind": str(point.get_kind_display()),
                      "latitude": point.latitude, "longitude": point.longitude})  # type: ignore[typeddict-item]
    units = OrgUnit.objects.filter(
        name__icontains=query, is_active=True,
        kind__in=[OrgUnit.Kind.STREET, OrgUnit.Kind.COMMUNITY, OrgUnit.Kind.GRID],
    ).order_by("path")[:MAX_RESULTS]
    for unit in units:
        boundary = unit.boundary or next(
            (g.boundary for g in OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, path__startswith=unit.path)
             .exclude(boundary=None).only("boundary")[:1]), None)
        centre = _centre(boundary) if boundary else None
        if centre is not None:
            found.append({"name": unit.name, "kind": str(unit.get_kind_display()),
                          "latitude": centre[0], "longitude": centre[1]})
    return found[:MAX_RESULTS]
