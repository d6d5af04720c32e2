"""Figures at city scale: daily tallies per place × receiving jurisdiction × handling unit ×
top-level category × channel × language (`FigureRollup`), refreshed incrementally.

Same definitions. A stored row is a `figures.Tally`: the counts every rate of the registry
needs and the hours every duration needs, computed by the registry's own predicates from the
same facts (`figures.facts_of`) the page used to read directly. Summing tallies gives the tally
of the union, so a period's figures from the rows equal those from the requests.

Exact today. Days up to `RollupState.built_through` (closed days, yesterday at the latest) come
from the rows; later days, today at least, straight from the requests. A closed day's figures
still move while its requests are handled: `refresh()` rebuilds every day that a request
submitted on has had an event since the last refresh (every change of a request is an event),
plus the days closed since; run every five minutes (`manage.py refresh_rollups --every 300`,
or the `refresh_figure_rollups` task), so closed days are at most that stale, and the page says
as of when ("数据截至 HH:MM").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from shiliu.core.db_router import reports_alias
from shiliu.core.permissions import FIGURE_ROLES
from shiliu.people.models import User
from shiliu.reports import figures
from shiliu.reports.figures import RATES, GroupBy, RequestFacts, Tally
from shiliu.reports.models import FigureRollup, RollupState
from shiliu.service_requests.models import RequestEvent, ServiceRequest
from shiliu.service_requests.permissions import request_scope

# Events are looked for from this long before the previous refresh began, so that one written
# in a transaction still open then (its created_at earlier than its commit) is not missed.
OVERLAP = timedelta(minutes=10)
REFRESH_EVERY = timedelta(minutes=5)

_GROUP_COLUMN: dict[GroupBy, str] = {
    "unit": "assigned_unit_id", "category": "category_id",
    "channel": "channel", "language": "language",
}


def state() -> RollupState | None:
    return RollupState.objects.filter(pk=1).first()  # on the replica, if any (core.db_router)


def _paths(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    return user.unit_paths(FIGURE_ROLES)


def _key(group_by: GroupBy, value: object) -> str:
    if value is None:
        return ""
    return str(value)


Tallies = dict[GroupBy, dict[str, Tally]]


def stored_tallies(
    *, paths: list[str], groups: Sequence[GroupBy], start: date, end: date
) -> Tallies:
    """Per grouping and group, the tally of the stored days from `start` to `end` that the
    holder of `paths` may see (`figures.figure_requests`' scope): two queries for any groupings."""
    rows = FigureRollup.objects.filter(request_scope(paths), day__gte=start, day__lte=end)
    columns = sorted({_GROUP_COLUMN[g] for g in groups if g != "month"})
    sums = {"submitted": Sum("submitted")}
    for rate in RATES:
        sums[f"{rate.key}_num"] = Sum(f"{rate.key}_num")
        sums[f"{rate.key}_den"] = Sum(f"{rate.key}_den")
    result: Tallies = {g: {} for g in groups}
    for row in rows.order_by().values(*columns, month=TruncMonth("day")).annotate(**sums):
        for group_by in groups:
            value = (f"{row['month']:%Y-%m}" if group_by == "month"
                     else _key(group_by, row[_GROUP_COLUMN[group_by]]))
            tally = result[group_by].setdefault(value, Tally())
            tally.submitted += row["submitted"]
            for rate in RATES:
                numerator, denominator = row[f"{rate.key}_num"], row[f"{rate.key}_den"]
                if denominator:
                    pair = tally.counts.setdefault(rate.key, [0, 0])
                    pair[0] += numerator
                    pair[1] += denominator
    for row in rows.filter(resolved__gt=0).order_by().values(*columns, "day", "hours"):
        for group_by in groups:
            value = (f"{row['day']:%Y-%m}" if group_by == "month"
                     else _key(group_by, row[_GROUP_COLUMN[group_by]]))
            result[group_by][value].hours.extend(row["hours"])
    return result


def figure_tallies(
    *, user: AbstractBaseUser | AnonymousUser, groups: Sequence[GroupBy], start: date, end: date,
    current: RollupState | Literal["read"] | None = "read",
) -> Tallies:
    """Per grouping and group, the tally of the requests `user` may see submitted from `start`
    to `end`: stored days from their rows, the others (today at least) from the requests. The
    number of queries depends on neither the requests nor the groupings. `current`: the state
    if the caller has read it already."""
    if current == "read":
        current = state()
    built = current.built_through if current else None
    paths = _paths(user)
    result: Tallies = {g: {} for g in groups}
    live_start = start
    if built is not None and start <= built:
        result = stored_tallies(paths=paths, groups=groups, start=start, end=min(end, built))
        live_start = built + timedelta(days=1)
    if live_start <= end:
        since, until = figures.period_bounds(live_start, end)
        requests = ServiceRequest.objects.using(reports_alias()).filter(request_scope(paths))
        facts = figures.facts_of(requests, since=since, until=until)
        for group_by in groups:
            for key, tally in figures.group_tallies(facts, group_by).items():
                result[group_by].setdefault(key, Tally()).merge(tally)
    return result


def as_of(current: RollupState | None) -> datetime | None:
    """When the stored days were last brought up to date (None: never built, all live)."""
    return current.refreshed_at if current and current.built_through else None


# --- Refresh ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshResult:
    days: int  # days rebuilt
    rows: int  # rows written
    built_through: date | None


def _rollup_key(r: RequestFacts) -> tuple[int | None, int | None, int | None, int, str, str]:
    return (r.jurisdiction_id, r.handling_jurisdiction_id, r.unit_id, r.category_id, r.channel,
            r.language)


def rebuild_days(first: date, last: date) -> int:
    """Replace the stored rows of the local days `first` to `last` by the tallies of their
    requests now (one query for the run of days)."""
    since, until = figures.period_bounds(first, last)
    zone = timezone.get_default_timezone()
    tallies: dict[tuple[date, int | None, int | None, int | None, int, str, str], Tally] = {}
    for r in figures.facts_of(ServiceRequest.objects.all(), since=since, until=until):
        key = (timezone.localtime(r.submitted_at, zone).date(), *_rollup_key(r))
        if key not in tallies:
            tallies[key] = Tally()
        tallies[key].add(r)
    rows = []
    for (day, jurisdiction, handling, unit, category, channel, language), tally in tallies.items():
        counts = {}
        for rate in RATES:
            numerator, denominator = tally.counts.get(rate.key, (0, 0))
            counts[f"{rate.key}_num"], counts[f"{rate.key}_den"] = numerator, denominator
        rows.append(FigureRollup(
            day=day, jurisdiction_id=jurisdiction, handling_jurisdiction_id=handling,
            assigned_unit_id=unit, category_id=category, channel=channel, language=language,
            submitted=tally.submitted, resolved=len(tally.hours), hours=sorted(tally.hours),
            **counts))
    with transaction.atomic():
        FigureRollup.objects.filter(day__gte=first, day__lte=last).delete()
        FigureRollup.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def runs(days: Iterable[date], longest: int = 14) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs of at most `longest` days."""
    result: list[tuple[date, date]] = []
    for day in sorted(days):
        if result and day - result[-1][1] == timedelta(days=1) \
                and (day - result[-1][0]).days < longest:
            result[-1] = (result[-1][0], day)
        else:
            result.append((day, day))
    return result


def _local_days(dates: Iterable[date | datetime | None]) -> set[date]:
    return {d.date() if isinstance(d, datetime) else d for d in dates if d is not None}


def days_to_rebuild(current: RollupState, *, today: date, full: bool) -> set[date]:
    zone = timezone.get_default_timezone()
    submitted_on = TruncDate("submitted_at", tzinfo=zone)
    if full or current.built_through is None or current.refreshed_at is None:
        days = _local_days(ServiceRequest.objects.filter(submitted_at__lt=timezone.now())
                           .annotate(day=submitted_on).order_by().values_list("day", flat=True)
                           .distinct())
    else:
        since = current.refreshed_at - OVERLAP
        days = _local_days(
            RequestEvent.objects.filter(created_at__gte=since)
            .annotate(day=TruncDate("request__submitted_at", tzinfo=zone))
            .order_by().values_list("day", flat=True).distinct())
        # A request entered with an earlier submission time (a ledger import) has no fresh event.
        days |= _local_days(ServiceRequest.objects.filter(created_at__gte=since)
                            .annotate(day=submitted_on).order_by().values_list("day", flat=True)
                            .distinct())
        newly_closed = current.built_through + timedelta(days=1)
        while newly_closed < today:
            days.add(newly_closed)
            newly_closed += timedelta(days=1)
    return {d for d in days if d < today}


def refresh(*, full: bool = False, progress: object = None) -> RefreshResult:
    """Bring the stored tallies up to date: every closed day touched since the last refresh
    (or all, `full`) is rebuilt; then days up to yesterday are read from them."""
    started = timezone.now()
    today = timezone.localdate(started)
    current, _created = RollupState.objects.using("default").get_or_create(pk=1)  # not the replica
    days = sorted(days_to_rebuild(current, today=today, full=full))
    if full:
        FigureRollup.objects.all().delete()
    rows = 0
    for first, last in runs(days):
        rows += rebuild_days(first, last)
        if callable(progress):
            progress((last - first).days + 1)
    current.built_through = today - timedelta(days=1)
    current.refreshed_at = started
    current.save()
    return RefreshResult(days=len(days), rows=rows, built_through=current.built_through)
