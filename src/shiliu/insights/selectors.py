"""Every read of insights, scoped to the acting user: the hot-issue clusters are computed from
the requests that person may see, so a cluster never counts or shows a request outside their
units."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.core import errors, masking, permissions
from shiliu.insights import clustering
from shiliu.insights.models import HotIssue
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.workflow import Status

if TYPE_CHECKING:
    from shiliu.people.models import User

WINDOWS = (7, 30)  # days a hot issue list may look back
MIN_COUNT = 3  # requests in the window before a cluster is a hot issue
MAX_REQUESTS = 200_000  # the newest, when a city is larger than that in two windows
TITLE_CHARS = 40


@dataclass
class HotCluster:
    key: int  # the earliest member's id: stable while the cluster grows
    title: str
    requests: list[ServiceRequest]  # in the window, newest first
    previous_count: int
    places: list[tuple[float, float]] = field(default_factory=list)
    place: str = ""
    category: str = ""

    @property
    def count(self) -> int:
        return len(self.requests)

    @property
    def change(self) -> int:
        return self.count - self.previous_count

    @property
    def trend(self) -> str:
        """"new", "up", "down" or "steady", against the window before."""
        if self.previous_count == 0:
            return "new"
        return "up" if self.change > 0 else "down" if self.change < 0 else "steady"


def _title_of(description: str) -> str:
    """The opening of the representative request, phones masked, cut at the first sentence."""
    text = masking.mask_phones_in_text(" ".join(description.split()))
    for stop in "。！？!?\n":
        head, found, _rest = text.partition(stop)
        if found and len(head) >= 6:
            text = head
            break
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"


def _area_of(path: str) -> str:
    """Requests are compared within a street (city / district / street on the path)."""
    return "/".join(path.strip("/").split("/")[:3])


def hot_clusters(*, user: User, days: int = 7, now: datetime | None = None,
                 min_count: int = MIN_COUNT) -> list[HotCluster]:
    """Clusters of similar requests near each other with at least `min_count` in the last `days`,
    most requests first, each with the count of the `days` before for the trend."""
    if days not in WINDOWS:
        raise errors.InvalidInput(_("Choose a window of 7 or 30 days."))
    now = now or timezone.now()
    start, previous_start = now - timedelta(days=days), now - timedelta(days=2 * days)
    rows = list(
        permissions.visible_to(user, ServiceRequest)
        .filter(submitted_at__gte=previous_start, submitted_at__lte=now)
        .exclude(status=Status.MERGED)
        .order_by("-submitted_at")
        .values_list("pk", "description", "latitude", "longitude", "jurisdiction__path", "submitted_at")
        [:MAX_REQUESTS]
    )
    items = [clustering.Item(key=pk, text=text, area=_area_of(path), latitude=lat, longitude=lon)
             for pk, text, lat, lon, path, _at in rows]
    when = {pk: at for pk, _t, _la, _lo, _p, at in rows}
    text_of = {pk: text for pk, text, *_rest in rows}
    found = []
    for cluster in clustering.clusters(items, min_size=min_count):
        current = [pk for pk in cluster.keys if when[pk] >= start]
        if len(current) < min_count:
            continue
        found.append((cluster, current))
    wanted = [pk for _c, current in found for pk in current]
    members = {sr.pk: sr for sr in ServiceRequest.objects.filter(pk__in=wanted).select_related(
        "jurisdiction", "category", "category__parent")}
    result = []
    for cluster, current in found:
        requests = sorted((members[pk] for pk in current), key=lambda sr: sr.submitted_at, reverse=True)
        places = Counter(sr.jurisdiction.localized_name for sr in requests)
        categories = Counter(str(sr.category) for sr in requests)
        representative = cluster.representative if cluster.representative in current else current[0]
        result.append(HotCluster(
            key=min(cluster.keys), title=_title_of(text_of[representative]), requests=requests,
            previous_count=len(cluster.keys) - len(current),
            places=[(sr.latitude, sr.longitude) for sr in requests
                    if sr.latitude is not None and sr.longitude is not None],
            place=places.most_common(1)[0][0], category=categories.most_common(1)[0][0],
        ))
    result.sort(key=lambda c: (-c.count, -c.change, c.key))
    return result


def hot_cluster_get(*, user: User, key: int, days: int = 7, now: datetime | None = None) -> HotCluster:
    """The cluster whose earliest request is `key`, among those the user may see; else 404."""
    for cluster in hot_clusters(user=user, days=days, now=now):
        if cluster.key == key:
            return cluster
    raise errors.NotFound(_("This hot issue is no longer among the current ones."))


def hot_issue_list(*, user: User) -> QuerySet[HotIssue]:
    """Hot issues taken up in the user's units, newest first."""
    return (permissions.visible_to(user, HotIssue).select_related("unit", "created_by")
            .prefetch_related("requests").order_by("-created_at"))
