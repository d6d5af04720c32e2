"""Geometry for grids: which grid holds a point. Shapely does the geometry."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep


def boundary_error(geojson: Any) -> str | None:
    """A reason the GeoJSON cannot serve as a boundary, or None when it is a valid polygon."""
    try:
        geometry = shape(geojson)
    except Exception:
        return _("The boundary is not valid GeoJSON.")
    if geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        return _("The boundary must be a Polygon or MultiPolygon.")
    if not geometry.is_valid or geometry.is_empty:
        return _("The boundary polygon is empty or crosses itself.")
    return None


@lru_cache(maxsize=4096)
def _prepared(boundary_json: str) -> PreparedGeometry:
    import json

    return prep(shape(json.loads(boundary_json)))


def contains(boundary: Any, longitude: float, latitude: float) -> bool:
    import json

    return bool(_prepared(json.dumps(boundary, sort_keys=True)).covers(Point(longitude, latitude)))


def grid_at(latitude: float, longitude: float) -> Any:
    """The active grid whose boundary holds the point, or None."""
    from shiliu.org.models import OrgUnit

    for grid in OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, is_active=True).only(
        "id", "boundary", "path", "name", "parent_id", "code", "kind"
    ):
        if grid.boundary and contains(grid.boundary, longitude, latitude):
            return grid
    return None
