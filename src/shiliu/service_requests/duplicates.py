"""Is this the same problem as an open request? Like in words, place and time (pure scoring over
a few candidates chosen by place and date).

    likeness("小区门口垃圾桶满了没人清理", "垃圾桶满了，好几天没人清理") → 0.6…, words ["垃圾桶满了", "没人清理"]

Candidates are open requests of the last SHILIU_DUPLICATE_DAYS days within
SHILIU_DUPLICATE_METRES of the point (both located), else in the same grid or community; the
words are compared by their character pairs (Dice), and the reason lists the stretches of text
both share. Nothing here reads or returns personal data: the caller decides what each reader may
see (the resident only the public part: reference, category, masked text, status).

Intake asks at every submission (`most_alike_open_request`): the candidates are read as five
plain columns, the new text is cut into pairs once, and each candidate's pairs are remembered by
text (`_pairs` is pure), so consecutive intakes in one place score their shared candidates once.
"""

from __future__ import annotations

import functools
import heapq
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings

from shiliu.service_requests.search import _HAN_RUN, normalised

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import ServiceRequest

MAX_CANDIDATES = 200
MIN_WORD = 2


@dataclass(frozen=True)
class Likeness:
    request: ServiceRequest
    score: float  # 0–1, Dice coefficient of the character pairs
    metres: int | None  # distance between the points, when both are located
    same_unit: bool  # the same grid or community
    words: tuple[str, ...]  # what both texts say, longest first


@functools.lru_cache(maxsize=4096)
def _pairs(text: str) -> frozenset[str]:
    text = normalised(text)
    han = "".join(_HAN_RUN.findall(text))
    words = {w for w in text.split() if not _HAN_RUN.search(w)}
    return frozenset({han[i : i + 2] for i in range(len(han) - 1)} | words)


def _dice(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def shared_words(a: str, b: str, limit: int = 5) -> tuple[str, ...]:
    """The longest stretches of Han text both say (two characters or more)."""
    left, right = "".join(_HAN_RUN.findall(normalised(a))), "".join(_HAN_RUN.findall(normalised(b)))
    blocks = SequenceMatcher(None, left, right, autojunk=False).get_matching_blocks()
    found = sorted({left[m.a : m.a + m.size] for m in blocks if m.size >= MIN_WORD}, key=len, reverse=True)
    return tuple(found[:limit])


def likeness(a: str, b: str) -> float:
    return _dice(_pairs(a), _pairs(b))


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


class _Scored(NamedTuple):
    pk: int
    description: str
    score: float
    metres: int | None
    same_unit: bool


CELLS_PER_DEGREE = 100  # ServiceRequest.place_cell: squares of 0.01°, about 1.1 km × 0.9 km here
CELL_ROW = 100_000  # a square's number: its row (of latitude) times this, plus its column


def cell_of(latitude: float, longitude: float) -> int:
    """The map square a point lies in, as the database computes `ServiceRequest.place_cell`."""
    return math.floor(latitude * CELLS_PER_DEGREE) * CELL_ROW + math.floor(longitude * CELLS_PER_DEGREE)


def cells_of(box: tuple[float, float, float, float]) -> list[int]:
    """The squares a box (south, north, west, east) overlaps: four at most for intake's box."""
    south, north, west, east = (math.floor(edge * CELLS_PER_DEGREE) for edge in box)
    return [row * CELL_ROW + column for row in range(south, north + 1) for column in range(west, east + 1)]


def _candidates(*, box: tuple[float, float, float, float] | None, unit_id: int | None, since: datetime,
                exclude_pk: int) -> list[tuple[int, str, float | None, float | None, int | None]]:
    """(pk, description, latitude, longitude, jurisdiction id) of the newest MAX_CANDIDATES open
    requests since `since` inside `box` (south, north, west, east) or in the unit `unit_id`.

    One statement: the newest MAX_CANDIDATES of each map square the box overlaps (inside the box)
    and of the unit, each read newest first along a partial index (request_open_by_cell,
    request_open_by_place), then the newest of those. A place where thousands of open requests
    pile up costs no more than a quiet one: reading every request of the box and sorting them,
    as before, grew with the pile (7 ms at 6,000 requests in one spot under the intake bench).
    Written out rather than through the ORM: building the query cost twice what running it does.
    Plain SQL, the same on SQLite and PostgreSQL."""
    from django.db import connection

    from shiliu.service_requests.models import ServiceRequest
    from shiliu.service_requests.workflow import OPEN_STATUSES

    if box is None and unit_id is None:
        return []
    meta, quote = ServiceRequest._meta, connection.ops.quote_name
    column = {field.name: quote(field.column) for field in meta.concrete_fields if field.name in
              {"id", "description", "latitude", "longitude", "jurisdiction", "status", "submitted_at",
               "place_cell"}}
    statuses = sorted(OPEN_STATUSES)
    since_value = connection.ops.adapt_datetimefield_value(since)
    newest = (f"SELECT {column['id']} AS pk, {column['description']} AS text, {column['latitude']} AS lat, "  # noqa: S608 - names from the model, values as parameters
              f"{column['longitude']} AS lon, {column['jurisdiction']} AS unit, {column['submitted_at']} AS at "
              f"FROM {quote(meta.db_table)} WHERE {{near}} "
              f"AND {column['status']} IN ({', '.join(['%s'] * len(statuses))}) "
              f"AND {column['submitted_at']} >= %s AND {column['id']} <> %s "
              f"ORDER BY {column['submitted_at']} DESC LIMIT {MAX_CANDIDATES}")
    parts: list[str] = []
    params: list[Any] = []
    if box is not None:
        in_box = (f"{column['place_cell']} = %s AND {column['latitude']} BETWEEN %s AND %s "
                  f"AND {column['longitude']} BETWEEN %s AND %s")
        for cell in cells_of(box):
            parts.append(newest.format(near=in_box))
            params += [cell, *box, *statuses, since_value, exclude_pk]
    if unit_id is not None:
        parts.append(newest.format(near=f"{column['jurisdiction']} = %s"))
        params += [unit_id, *statuses, since_value, exclude_pk]
    union = " UNION ".join(f"SELECT * FROM ({part}) AS part{number}"  # noqa: S608 - the parts above
                           for number, part in enumerate(parts))
    sql = f"SELECT pk, text, lat, lon, unit FROM ({union}) AS near ORDER BY at DESC LIMIT {MAX_CANDIDATES}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()  # type: ignore[no-any-return]


def _scored(
    *, description: str, place: OrgUnit, latitude: float | None, longitude: float | None,
    now: datetime, exclude_pk: int | None, limit: int,
) -> list[_Scored]:
    """The `limit` open candidates most like `description`, the most alike first (one query of
    plain columns; no row is built)."""
    from shiliu.org.models import OrgUnit as Unit

    radius = settings.SHILIU_DUPLICATE_METRES
    box = None
    if latitude is not None and longitude is not None:
        dlat = radius / 111_000
        dlon = radius / (111_000 * max(math.cos(math.radians(latitude)), 0.01))
        box = (latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon)
    unit_id = place.pk if place.kind in (Unit.Kind.GRID, Unit.Kind.COMMUNITY) else None
    since = now - timedelta(days=settings.SHILIU_DUPLICATE_DAYS)
    candidates = _candidates(box=box, unit_id=unit_id, since=since, exclude_pk=exclude_pk or 0)
    mine, least, here = _pairs(description), settings.SHILIU_DUPLICATE_MIN_LIKENESS, place.pk
    if not mine:
        return []
    located = latitude is not None and longitude is not None
    # Within the few hundred metres compared here the flat-earth distance differs from the great
    # circle (metres_between) by far less than a metre, at a fraction of the cost per candidate.
    east = math.cos(math.radians(latitude)) if located else 0.0  # type: ignore[arg-type]
    per_degree = 6_371_000 * math.pi / 180
    size, found = len(mine), []
    for pk, text, their_latitude, their_longitude, unit in candidates:  # up to MAX_CANDIDATES: kept tight
        theirs = _pairs(text)
        score = 2 * len(mine & theirs) / (size + len(theirs)) if theirs else 0.0
        if score < least:
            continue
        metres = None
        if located and their_latitude is not None and their_longitude is not None:
            north, across = their_latitude - latitude, (their_longitude - longitude) * east  # type: ignore[operator]
            metres = round(per_degree * math.sqrt(north * north + across * across))
            if metres > radius and unit != here:
                continue
        found.append((-round(score, 2), radius if metres is None else metres, pk, text, metres, unit == here))
    return [_Scored(pk, text, -score, metres, same) for score, _m, pk, text, metres, same in heapq.nsmallest(
        limit, found, key=lambda each: each[:2])]


def most_alike_open_request(
    *, description: str, place: OrgUnit, latitude: float | None, longitude: float | None, now: datetime,
) -> int | None:
    """The id of the open request most like this one (what intake flags as a possible
    duplicate), or None; one query."""
    found = _scored(description=description, place=place, latitude=latitude, longitude=longitude, now=now,
                    exclude_pk=None, limit=1)
    return found[0].pk if found else None


def similar_open_requests(
    *, description: str, place: OrgUnit, latitude: float | None, longitude: float | None,
    now: datetime, exclude_pk: int | None = None, limit: int = 3,
) -> list[Likeness]:
    """Open requests like this one, the most alike first."""
    from shiliu.service_requests.models import ServiceRequest

    found = _scored(description=description, place=place, latitude=latitude, longitude=longitude, now=now,
                    exclude_pk=exclude_pk, limit=limit)
    if not found:
        return []
    rows = ServiceRequest.objects.select_related("category", "jurisdiction").in_bulk([each.pk for each in found])
    return [Likeness(request=rows[each.pk], score=each.score, metres=each.metres, same_unit=each.same_unit,
                     words=shared_words(description, each.description))
            for each in found if each.pk in rows]


def public_text(request: ServiceRequest) -> str:
    """The description as another resident may read it: phones masked, and the request's own
    contact name and exact address, where the resident typed them into it, masked too."""
    from shiliu.core.masking import mask_address, mask_name, mask_phones_in_text

    text = request.description
    name, address = request.contact_name.strip(), request.address.strip()
    if len(name) >= 2:
        text = text.replace(name, mask_name(name))
    if len(address) >= 4:
        text = text.replace(address, mask_address(address))
    return mask_phones_in_text(text)


def reason(like: Likeness) -> str:
    """Why `like` looks like the same problem, in the active language."""
    from django.utils.translation import gettext as _

    parts = []
    if like.metres is not None:
        parts.append(_("%(metres)s m away") % {"metres": like.metres})
    elif like.same_unit:
        parts.append(_("in the same grid or community"))
    if like.words:
        parts.append(_("both say: %(words)s") % {"words": "、".join(like.words)})
    return "; ".join(parts)
