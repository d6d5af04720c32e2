"""Geometry for grids: which grid holds a point. Shapely does the geometry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep

from shiliu.core import config


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


def forget_grids() -> None:
    """Drop this process's prepared boundaries (and the rest of its cached configuration)."""
    config.forget()


def _prepared_grids() -> list[tuple[Any, PreparedGeometry]]:
    from shiliu.org.models import OrgUnit

    grids = OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, is_active=True).only(
        "id", "boundary", "path", "name", "parent_id", "code", "kind")
    return [(g, prep(shape(g.boundary))) for g in grids if g.boundary]


def grid_at(latitude: float, longitude: float) -> Any:
    """The active grid whose boundary holds the point, or None.

    The prepared boundaries (with each grid's path) are part of the cached configuration
    (`core.config`): any saved or deleted unit reloads them in every process."""
    point = Point(longitude, latitude)
    grids = config.cached("org.grids", _prepared_grids)
    return next((grid for grid, prepared in grids if prepared.covers(point)), None)
