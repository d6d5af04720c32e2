"""Geometry for grids: which grid holds a point. Shapely does the geometry."""

from __future__ import annotations

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


# (fingerprint of the active grids, [(grid, prepared boundary)]): rebuilt when a grid changes.
_grids: tuple[Any, list[tuple[Any, PreparedGeometry]]] = (None, [])


def forget_grids() -> None:
    """Drop this process's prepared boundaries; the next `grid_at` reloads them."""
    global _grids
    _grids = (None, [])


def grid_at(latitude: float, longitude: float) -> Any:
    """The active grid whose boundary holds the point, or None.

    The prepared boundaries (with each grid's path) are kept between calls and reloaded when the
    number of active grids or their latest `updated_at` changes: `OrgUnit.save()` stamps a grid it
    changes and every unit below a unit it moves, and forgets this process's copy at once."""
    global _grids
    from django.db.models import Count, Max

    from shiliu.org.models import OrgUnit

    active = OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, is_active=True)
    fingerprint = tuple(active.aggregate(n=Count("id"), last_id=Max("id"), latest=Max("updated_at")).values())
    if _grids[0] != fingerprint:
        grids = active.only("id", "boundary", "path", "name", "parent_id", "code", "kind")
        _grids = (fingerprint, [(g, prep(shape(g.boundary))) for g in grids if g.boundary])
    point = Point(longitude, latitude)
    return next((grid for grid, prepared in _grids[1] if prepared.covers(point)), None)
