"""Figures at city scale: tallies per local day and per closed month, per unit whose staff may
see the requests ("scope") and per group of one grouping at a time (`FigureRollup`), refreshed
incrementally.

Same definitions. A stored row is a `figures.Tally`: the counts every rate of the registry
needs and the histogram of minutes every duration needs, computed by the registry's own
predicates from the same facts (`figures.facts_of`) the page used to read directly. Summing
tallies gives the tally of the union, so a period's figures from the rows equal those from the
requests.

Compact. The page and the API ask one grouping (unit, category, channel or language; the month
trend rides on it) for one user's units, never a combination: so a request is counted once per
grouping (not once per combination of them) under every unit that sees it (`request_scope`: its
place, receiving jurisdiction and handling unit and every unit above them). A user whose figure
roles reduce to one unit (the usual case: a unit's staff, a city analyst) reads that unit's rows
only; several unrelated units are counted from the requests (their union cannot be summed
without counting twice a request both see). Whole closed months are read from month rows, the
other stored days from day rows: a twelve-month page reads some hundred rows in one query,
whatever the number of requests. The assembled stored part is cached, keyed by the refresh
watermark, so a page view after the first within one refresh reads only today.

Exact today. Days up to `RollupState.built_through` (closed days, yesterday at the latest) come
from the rows; later days, today at least, straight from the requests. A closed day's figures
still move while its requests are handled: `refresh()` rebuilds every day that a request
submitted on has had an event since the last refresh (every change of a request is an event),
plus the days closed since, and the month of every rebuilt day once that month is over; run
every five minutes (the `refresh_figure_rollups` task, queued by `manage.py schedule`), so
closed days are at most that stale, and the page says as of when ("数据截至 HH:MM").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from shiliu.core.bulk import insert_rows
from shiliu.core.db_router import reports_alias
from shiliu.core.permissions import FIGURE_ROLES
from shiliu.org.models import OrgUnit, ids_on_path
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

# The groupings stored: every one the page offers but the month, which any of them gives.
KINDS: tuple[GroupBy, ...] = ("unit", "category", "channel", "language")
CACHE_SECONDS = 15 * 60  # the key names the watermark: a refresh makes new keys, old ones expire

Tallies = dict[GroupBy, dict[str, Tally]]


def state() -> RollupState | None:
    return RollupState.objects.filter(pk=1).first()  # on the replica, if any (core.db_router)


def _paths(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    return user.unit_paths(FIGURE_ROLES)


def single_scope(paths: Iterable[str]) -> int | None:
    """The one unit whose rows give exactly what `request_scope(paths)` sees: the paths less
    those under another must leave one ("/1/4/17/" → unit 17). None for none or several."""
    distinct = sorted(set(paths))
    top = [p for p in distinct if not any(p != q and p.startswith(q) for q in distinct)]
    if len(top) != 1:
        return None
    return int(top[0].strip("/").split("/")[-1])


def _row_tally(row: dict[str, Any]) -> Tally:
    tally = Tally(submitted=row["submitted"])
    for rate in RATES:
        denominator = row[f"{rate.key}_den"]
        if denominator:
            tally.counts[rate.key] = [row[f"{rate.key}_num"], denominator]
    if row["minutes"]:
        tally.minutes = Counter({int(k): v for k, v in row["minutes"].items()})
    return tally


def _month_first(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def stored_tallies(
    *, scope: int, groups: Sequence[GroupBy], start: date, end: date
) -> Tallies:
    """Per grouping and group, the tally of the stored days from `start` to `end` (all closed)
    that the staff of unit `scope` see: whole months from month rows, the days around them from
    day rows, in one query."""
    kinds = [g for g in groups if g != "month"] or ["unit"]
    month_kind = kinds[0]
    first_whole = start if start.day == 1 else _next_month(start)
    months_end = _month_first(end + timedelta(days=1))  # the first month not wholly in the range
    period = Q(grain=FigureRollup.Grain.DAY, day__gte=start, day__lte=end)
    if first_whole < months_end:
        period = (Q(grain=FigureRollup.Grain.MONTH, day__gte=first_whole, day__lt=months_end)
                  | Q(grain=FigureRollup.Grain.DAY, day__gte=start, day__lt=first_whole)
                  | Q(grain=FigureRollup.Grain.DAY, day__gte=months_end, day__lte=end))
    columns = ["kind", "value", "day", "submitted", "minutes",
               *(f"{rate.key}_{part}" for rate in RATES for part in ("num", "den"))]
    rows = (FigureRollup.objects.filter(period, scope_id=scope, kind__in=kinds)
            .order_by().values(*columns))
    result: Tallies = {g: {} for g in groups}
    for row in rows:
        tally = _row_tally(row)
        kind = row["kind"]
        if kind in result:
            result[kind].setdefault(row["value"], Tally()).merge(tally)
        if kind == month_kind and "month" in result:
            result["month"].setdefault(f"{row['day']:%Y-%m}", Tally()).merge(tally)
    return result


def _cached_stored(
    *, scope: int, groups: Sequence[GroupBy], start: date, end: date, current: RollupState
) -> Tallies:
    stamp = current.refreshed_at.isoformat() if current.refreshed_at else ""
    key = (f"figures:rollup:{stamp}:{current.built_through}:{scope}:{','.join(groups)}:"
           f"{start}:{end}")
    found: Tallies | None = cache.get(key)
    if found is None:
        found = stored_tallies(scope=scope, groups=groups, start=start, end=end)
        cache.set(key, found, CACHE_SECONDS)
    return found


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
    scope = single_scope(paths)
    result: Tallies = {g: {} for g in groups}
    live_start = start
    if current is not None and built is not None and start <= built and scope is not None:
        stored = _cached_stored(scope=scope, groups=groups, start=start, end=min(end, built),
                                current=current)
        for group_by in groups:  # a copy: the cached tallies stay as stored
            for key, tally in stored[group_by].items():
                result[group_by].setdefault(key, Tally()).merge(tally)
        live_start = built + timedelta(days=1)
    if live_start <= end and paths:
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
    rows: int  # day rows written
    built_through: date | None
    months: int = 0  # month rows rebuilt (months)


def _fine_key(r: RequestFacts) -> tuple[int | None, int | None, int | None, int, str, str]:
    return (r.jurisdiction_id, r.handling_jurisdiction_id, r.unit_id, r.category_id, r.channel,
            r.language)


class _Ancestors:
    """Every unit at or above a unit, from the units' paths (read once)."""

    def __init__(self) -> None:
        self.path = dict(OrgUnit.objects.values_list("pk", "path"))
        self.memo: dict[tuple[int | None, ...], tuple[int, ...]] = {}

    def of(self, *units: int | None) -> tuple[int, ...]:
        if units not in self.memo:
            found: set[int] = set()
            for unit in units:
                if unit is not None and unit in self.path:
                    found.update(ids_on_path(self.path[unit]))
            self.memo[units] = tuple(sorted(found))
        return self.memo[units]


def _row(grain: str, day: date, scope: int, kind: str, value: str, tally: Tally) -> FigureRollup:
    counts = {}
    for rate in RATES:
        numerator, denominator = tally.counts.get(rate.key, (0, 0))
        counts[f"{rate.key}_num"], counts[f"{rate.key}_den"] = numerator, denominator
    return FigureRollup(grain=grain, day=day, scope_id=scope, kind=kind, value=value,
                        submitted=tally.submitted, resolved=tally.resolved,
                        minutes={str(k): v for k, v in sorted(tally.minutes.items())}, **counts)


def rebuild_days(first: date, last: date) -> int:
    """Replace the stored day rows of the local days `first` to `last` by the tallies of their
    requests now (one query for the run of days)."""
    since, until = figures.period_bounds(first, last)
    zone = timezone.get_default_timezone()
    # Requests alike in every dimension first (few per day), then counted under each scope and
    # grouping: the registry's predicates run once a request.
    fine: dict[tuple[Any, ...], tuple[RequestFacts, Tally]] = {}
    for r in figures.facts_of(ServiceRequest.objects.all(), since=since, until=until):
        key = (timezone.localtime(r.submitted_at, zone).date(), *_fine_key(r))
        if key not in fine:
            fine[key] = (r, Tally())
        fine[key][1].add(r)
    ancestors = _Ancestors()
    tallies: dict[tuple[date, int, str, str], Tally] = {}
    for key, (r, tally) in fine.items():
        day = key[0]
        for scope in ancestors.of(r.jurisdiction_id, r.handling_jurisdiction_id, r.unit_id):
            for kind in KINDS:
                cell = (day, scope, kind, figures.group_key(r, kind))
                if cell not in tallies:
                    tallies[cell] = Tally()
                tallies[cell].merge(tally)
    rows = [_row(FigureRollup.Grain.DAY, day, scope, kind, value, tally)
            for (day, scope, kind, value), tally in tallies.items()]
    with transaction.atomic():
        FigureRollup.objects.filter(grain=FigureRollup.Grain.DAY, day__gte=first,
                                    day__lte=last).delete()
        insert_rows(FigureRollup, rows)
    return len(rows)


def rebuild_month(month: date) -> int:
    """Replace the month rows of the (closed) month starting `month` by the sums of its day
    rows."""
    columns = ["scope_id", "kind", "value", "submitted", "minutes",
               *(f"{rate.key}_{part}" for rate in RATES for part in ("num", "den"))]
    tallies: dict[tuple[int, str, str], Tally] = {}
    for row in (FigureRollup.objects.filter(grain=FigureRollup.Grain.DAY, day__gte=month,
                                            day__lt=_next_month(month))
                .order_by().values(*columns).iterator(chunk_size=5000)):
        key = (row["scope_id"], row["kind"], row["value"])
        if key not in tallies:
            tallies[key] = Tally()
        tallies[key].merge(_row_tally(row))
    rows = [_row(FigureRollup.Grain.MONTH, month, scope, kind, value, tally)
            for (scope, kind, value), tally in tallies.items()]
    with transaction.atomic():
        FigureRollup.objects.filter(grain=FigureRollup.Grain.MONTH, day=month).delete()
        insert_rows(FigureRollup, rows)
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


def refresh(
    *, full: bool = False, progress: Callable[[str, int, int], None] | None = None
) -> RefreshResult:
    """Bring the stored tallies up to date: every closed day touched since the last refresh
    (or all, `full`) is rebuilt; then days up to yesterday are read from them. `progress(stage,
    done, total)` hears of each run of days ("days") and each month ("months") rebuilt."""
    started = timezone.now()
    today = timezone.localdate(started)
    current, _created = RollupState.objects.using("default").get_or_create(pk=1)  # not the replica
    days = sorted(days_to_rebuild(current, today=today, full=full))
    if full:
        FigureRollup.objects.all().delete()
    rows = 0
    done = 0
    for first, last in runs(days):
        rows += rebuild_days(first, last)
        done += (last - first).days + 1
        if progress:
            progress("days", done, len(days))
    this_month = _month_first(today)
    months = sorted({_month_first(day) for day in days} - {this_month})
    for n, month in enumerate(months, 1):  # closed months only: the running one is read from days
        rebuild_month(month)
        if progress:
            progress("months", n, len(months))
    current.built_through = today - timedelta(days=1)
    current.refreshed_at = started
    current.save()
    return RefreshResult(days=len(days), rows=rows, built_through=current.built_through,
                         months=len(months))
