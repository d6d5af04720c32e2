"""The demo city's shapes: one lattice of slightly irregular cells tiled around (104.0, 30.6).

Every cell is a grid. Neighbouring cells share their corner points and the jittered midpoint of
their common edge, so the grids tile the city without gaps or overlaps; a community, street or
district is a rectangle of cells and its boundary is the union of its grids.
"""

from __future__ import annotations

import random
from typing import Any

from shapely.geometry import Point, Polygon, mapping
from shapely.ops import unary_union
from shapely.prepared import PreparedGeometry, prep

# South-west corner of the lattice and the size of one cell (about 1.15 km by 1.1 km).
ORIGIN_LNG = 103.922
ORIGIN_LAT = 30.578
CELL_LNG = 0.012
CELL_LAT = 0.011
DECIMALS = 6

Coordinate = tuple[float, float]


class Lattice:
    """`columns` by `rows` cells; cell (i, j) has its south-west corner at vertex (i, j)."""

    def __init__(self, columns: int, rows: int, rng: random.Random) -> None:
        self.columns = columns
        self.rows = rows
        self.corners: dict[tuple[int, int], Coordinate] = {}
        for i in range(columns + 1):
            for j in range(rows + 1):
                dx = rng.uniform(-0.16, 0.16) * CELL_LNG
                dy = rng.uniform(-0.16, 0.16) * CELL_LAT
                self.corners[i, j] = _round(
                    (ORIGIN_LNG + i * CELL_LNG + dx, ORIGIN_LAT + j * CELL_LAT + dy)
                )
        # Midpoints of horizontal edges (i, j)-(i+1, j) and vertical edges (i, j)-(i, j+1), pushed
        # sideways a little so that the grids do not look ruled.
        self.h_mid: dict[tuple[int, int], Coordinate] = {}
        self.v_mid: dict[tuple[int, int], Coordinate] = {}
        for i in range(columns):
            for j in range(rows + 1):
                a, b = self.corners[i, j], self.corners[i + 1, j]
                shift = rng.uniform(-0.08, 0.08) * CELL_LAT
                self.h_mid[i, j] = _round(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + shift))
        for i in range(columns + 1):
            for j in range(rows):
                a, b = self.corners[i, j], self.corners[i, j + 1]
                shift = rng.uniform(-0.08, 0.08) * CELL_LNG
                self.v_mid[i, j] = _round(((a[0] + b[0]) / 2 + shift, (a[1] + b[1]) / 2))

    def ring(self, i: int, j: int) -> list[Coordinate]:
        """The closed, counter-clockwise outline of cell (i, j)."""
        points = [
            self.corners[i, j],
            self.h_mid[i, j],
            self.corners[i + 1, j],
            self.v_mid[i + 1, j],
            self.corners[i + 1, j + 1],
            self.h_mid[i, j + 1],
            self.corners[i, j + 1],
            self.v_mid[i, j],
        ]
        return [*points, points[0]]

    def cell(self, i: int, j: int) -> dict[str, Any]:
        return polygon_geojson(self.ring(i, j))


def polygon_geojson(ring: list[Coordinate]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[lng, lat] for lng, lat in ring]]}


def union_geojson(boundaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The outline of adjoining grids, as a GeoJSON Polygon (MultiPolygon if they do not touch)."""
    shapes = [Polygon(b["coordinates"][0]) for b in boundaries]
    merged = unary_union(shapes)
    outline: dict[str, Any] = _lists(mapping(merged.simplify(0)))
    return outline


class PointSampler:
    """Random points inside polygons, remembering each polygon's shrunken interior."""

    def __init__(self) -> None:
        self._areas: dict[str, tuple[PreparedGeometry, tuple[float, ...], Coordinate]] = {}

    def point(self, boundary: dict[str, Any], rng: random.Random) -> Coordinate:
        key = repr(boundary["coordinates"])
        if key not in self._areas:
            polygon = Polygon(boundary["coordinates"][0])
            inner = polygon.buffer(-0.0004)  # about 40 m from the edges
            target = inner if not inner.is_empty else polygon
            centre = polygon.representative_point()
            self._areas[key] = (prep(target), target.bounds, _round((centre.x, centre.y)))
        area, (min_x, min_y, max_x, max_y), centre = self._areas[key]
        for _ in range(200):
            lng, lat = _round((rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)))
            if area.contains(Point(lng, lat)):
                return lng, lat
        return centre


def _round(point: Coordinate) -> Coordinate:
    return round(point[0], DECIMALS), round(point[1], DECIMALS)


def _lists(value: Any) -> Any:
    """GeoJSON from shapely uses tuples; JSON fields and comparisons want lists."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    if isinstance(value, float):
        return round(value, DECIMALS)
    return value
