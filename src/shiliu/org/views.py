"""Two small JSON endpoints behind the map picker: the grid at a point, and places by name.
Public, like the map itself (core.access); they read through org.selectors."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shiliu.core import limits
from shiliu.org import selectors

# Public endpoints: counted per address so that nobody maps the city's grids by brute force.
LOOKUPS = limits.rate_limited("place_lookup", methods=frozenset({"GET"}), json=True)


@require_GET
@LOOKUPS
def place_at(request: HttpRequest) -> JsonResponse:
    try:
        latitude, longitude = float(request.GET["lat"]), float(request.GET["lng"])
    except (KeyError, ValueError):
        return JsonResponse({"error": _("Give the point as lat and lng numbers.")}, status=400)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return JsonResponse({"error": _("Give the point as lat and lng numbers.")}, status=400)
    place = selectors.place_at(latitude=latitude, longitude=longitude)
    if place["grid"] is None:
        label = _("Outside the city's grids: type the address, or choose the community.")
    else:
        label = " · ".join(part for part in (place["grid"], place["community"], place["street"]) if part)
    return JsonResponse({**place, "label": label})


@require_GET
@LOOKUPS
def place_search(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"results": selectors.place_search(query=request.GET.get("q", ""))})
