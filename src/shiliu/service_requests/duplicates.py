"""Is this the same problem as an open request? Like in words, place and time (pure scoring over
a few candidates chosen by place and date).

    likeness("小区门口垃圾桶满了没人清理", "垃圾桶满了，好几天没人清理") → 0.6…, words ["垃圾桶满了", "没人清理"]

Candidates are open requests of the last SHILIU_DUPLICATE_DAYS days within
SHILIU_DUPLICATE_METRES of the point (both located), else in the same grid or community; the
words are compared by their character pairs (Dice), and the reason lists the stretches of text
both share. Nothing here reads or returns personal data: the caller decides what each reader may
see (the resident only the public part: reference, category, masked text, status).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q

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


def _pairs(text: str) -> set[str]:
    han = "".join(_HAN_RUN.findall(normalised(text)))
    words = {w for w in normalised(text).split() if not _HAN_RUN.search(w)}
    return {han[i : i + 2] for i in range(len(han) - 1)} | words


def shared_words(a: str, b: str, limit: int = 5) -> tuple[str, ...]:
    """The longest stretches of Han text both say (two characters or more)."""
    left, right = "".join(_HAN_RUN.findall(normalised(a))), "".join(_HAN_RUN.findall(normalised(b)))
    blocks = SequenceMatcher(None, left, right, autojunk=False).get_matching_blocks()
    found = sorted({left[m.a : m.a + m.size] for m in blocks if m.size >= MIN_WORD}, key=len, reverse=True)
    return tuple(found[:limit])


def likeness(a: str, b: str) -> float:
    first, second = _pairs(a), _pairs(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def similar_open_requests(
    *, description: str, place: OrgUnit, latitude: float | None, longitude: float | None,
    now: datetime, exclude_pk: int | None = None, limit: int = 3,
) -> list[Likeness]:
    """Open requests like this one, the most alike first."""
    from shiliu.org.models import OrgUnit as Unit
    from shiliu.service_requests.models import ServiceRequest
    from shiliu.service_requests.workflow import OPEN_STATUSES

    radius = settings.SHILIU_DUPLICATE_METRES
    near = Q(pk__in=[])
    if latitude is not None and longitude is not None:
        dlat = radius / 111_000
        dlon = radius / (111_000 * max(math.cos(math.radians(latitude)), 0.01))
        near |= Q(latitude__range=(latitude - dlat, latitude + dlat),
                  longitude__range=(longitude - dlon, longitude + dlon))
    if place.kind in (Unit.Kind.GRID, Unit.Kind.COMMUNITY):
        near |= Q(jurisdiction=place)
    since = now - timedelta(days=settings.SHILIU_DUPLICATE_DAYS)
    candidates = (ServiceRequest.objects.filter(near, status__in=OPEN_STATUSES, submitted_at__gte=since)
                  .exclude(pk=exclude_pk or 0).select_related("category", "jurisdiction")
                  .order_by("-submitted_at")[:MAX_CANDIDATES])
    found = []
    for candidate in candidates:
        score = likeness(description, candidate.description)
        if score < settings.SHILIU_DUPLICATE_MIN_LIKENESS:
            continue
        metres = None
        if None not in (latitude, longitude, candidate.latitude, candidate.longitude):
            metres = round(metres_between(latitude, longitude, candidate.latitude, candidate.longitude))  # type: ignore[arg-type]
            if metres > radius and candidate.jurisdiction_id != place.pk:
                continue
        found.append(Likeness(request=candidate, score=round(score, 2), metres=metres,
                              same_unit=candidate.jurisdiction_id == place.pk,
                              words=shared_words(description, candidate.description)))
    found.sort(key=lambda each: (-each.score, each.metres if each.metres is not None else radius))
    return found[:limit]


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
