"""The request figures of SPEC §4.1, each defined once: its name, the sentence that defines it
(shown beside every table and chart), and the code that computes it.

Population. Every figure counts the requests *submitted* in the chosen period (local dates in the
city's time zone, both ends included) that the user may see figures for, whatever has happened to
them since. A period's figures therefore keep moving while its requests are still being handled.

Sources. What happened to a request comes from its history (`RequestEvent` rows), not its current
status: "dispatched" means it has a `dispatch` event, "signed for" a `sign` event, and so on. Only
what history cannot tell is read from the request row: the latest rating and its "solved" answer,
the (possibly extended) deadline `resolve_by`, and whether the request still stands resolved.

Cost. One query fetches one row of facts per request (conditional counts over its events, grouped
by request); grouping and the figures themselves are plain Python over those rows, so the number
of queries does not grow with the number of requests.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, get_args

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from shiliu.cases.models import Case, Household, Pairing, PairingContact, PlanAction, Visit
from shiliu.cases.workflow import OPEN_STATUSES
from shiliu.core.permissions import CASEWORK_ROLES, FIGURE_ROLES
from shiliu.people.models import User
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.permissions import request_scope
from shiliu.service_requests.workflow import Status

StrOrPromise = str | Promise

GroupBy = Literal["unit", "category", "channel", "month", "language"]
GROUPS: tuple[GroupBy, ...] = get_args(GroupBy)
GROUP_CHOICES: list[tuple[str, StrOrPromise]] = [
    ("month", _("Month")),
    ("unit", _("Handling unit")),
    ("category", _("Category")),
    ("channel", _("Channel")),
    ("language", _("Language")),
]

# Ratings that count as satisfied: 非常满意, 满意, 基本满意 (Rating 5, 4 and 3).
SATISFIED_FROM = 3
# The three actions `workflow.rate` records: the rating closes, reopens or escalates the request.
RATING_ACTIONS = ("rate", "reopen", "escalate")
STANDS_RESOLVED = frozenset({Status.RESOLVED, Status.CLOSED})


# --- One row of facts per request ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestFacts:
    """What the figures need to know about one request, read in one query."""

    submitted_at: datetime
    status: str
    channel: str
    language: str
    jurisdiction_id: int | None
    handling_jurisdiction_id: int | None
    unit_id: int | None
    unit_name: str
    unit_parent_name: str
    category_id: int
    category_name: str
    rating: int | None
    solved: bool | None
    resolve_by: datetime | None
    accepted: bool  # has an "accept" event
    dispatched: bool  # has a "dispatch" event
    signed: bool  # has a "sign" event
    returned: bool  # has a "return" event
    reminded: bool  # has a "remind" event (by a dispatcher or the deadline sweep)
    extended: bool  # has an "approve_extension" event
    rated: bool  # has a rating event ("rate", "reopen" or "escalate")
    reopened: bool  # has a "reopen" event (re-handling, 重办)
    first_resolved_at: datetime | None  # the earliest "resolve" event
    last_resolved_at: datetime | None  # the latest "resolve" event

    @property
    def resolved(self) -> bool:
        """Resolved at least once (has a "resolve" event)."""
        return self.first_resolved_at is not None

    @property
    def completed(self) -> bool:
        """办结: accepted, resolved, and standing resolved now (resolved, or closed after its
        resolution); a request reopened for re-handling counts again once it is resolved again."""
        return self.accepted and self.resolved and self.status in STANDS_RESOLVED

    @property
    def completed_on_time(self) -> bool:
        """Completed, its latest resolution at or before `resolve_by`. For a completed request
        that column still holds the deadline in force at that resolution: extensions and reopening
        move it only while the request is being handled."""
        return (
            self.completed
            and self.resolve_by is not None
            and self.last_resolved_at is not None
            and self.last_resolved_at <= self.resolve_by
        )

    @property
    def minutes_to_first_resolution(self) -> int | None:
        """Whole minutes (rounded down) from submission to the first resolution: the durations
        are counted to the minute, so that a tally keeps a histogram, not one value a request."""
        if self.first_resolved_at is None:
            return None
        return int((self.first_resolved_at - self.submitted_at).total_seconds() // 60)

    @property
    def hours_to_first_resolution(self) -> float | None:
        minutes = self.minutes_to_first_resolution
        return None if minutes is None else minutes / 60


def _has(*actions: str) -> Count:
    return Count("events", filter=Q(events__action__in=actions))


def figure_requests(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ServiceRequest]:
    """The requests whose figures `user` may see: those arising in or assigned to a unit (or below)
    where the user holds a figure role. For the request roles these are exactly the rows
    `visible_to(user, ServiceRequest)` gives; analysts see figures without seeing requests."""
    if not isinstance(user, User) or not user.is_authenticated:
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(request_scope(user.unit_paths(FIGURE_ROLES)))


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the city's time zone."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def request_facts(
    *, user: AbstractBaseUser | AnonymousUser, start: date, end: date
) -> list[RequestFacts]:
    """One row of facts per request submitted from `start` to `end` that `user` may see."""
    since, until = period_bounds(start, end)
    return facts_of(figure_requests(user), since=since, until=until)


def facts_of(
    requests: QuerySet[ServiceRequest], *, since: datetime, until: datetime
) -> list[RequestFacts]:
    """One row of facts per request of `requests` submitted in [since, until), in one query."""
    rows: Iterable[dict[str, Any]] = (
        requests
        .filter(submitted_at__gte=since, submitted_at__lt=until)
        .order_by()
        .values(
            "pk",  # grouped by request: without it, requests alike in every column would merge
            "submitted_at",
            "status",
            "channel",
            "language",
            "rating",
            "solved",
            "resolve_by",
            "jurisdiction_id",
            "handling_jurisdiction_id",
            unit_id=F("assigned_unit_id"),
            unit_name=F("assigned_unit__name"),
            unit_parent_name=F("assigned_unit__parent__name"),
            top_category_id=Coalesce("category__parent_id", "category_id"),
            top_category_name=Coalesce("category__parent__name", "category__name"),
        )
        .annotate(
            n_accept=_has("accept"),
            n_dispatch=_has("dispatch"),
            n_sign=_has("sign"),
            n_return=_has("return"),
            n_remind=_has("remind"),
            n_extension=_has("approve_extension"),
            n_rating=_has(*RATING_ACTIONS),
            n_reopen=_has("reopen"),
            first_resolved_at=Min("events__created_at", filter=Q(events__action="resolve")),
            last_resolved_at=Max("events__created_at", filter=Q(events__action="resolve")),
        )
    )
    return [
        RequestFacts(
            submitted_at=row["submitted_at"],
            status=row["status"],
            channel=row["channel"],
            language=row["language"],
            jurisdiction_id=row["jurisdiction_id"],
            handling_jurisdiction_id=row["handling_jurisdiction_id"],
            unit_id=row["unit_id"],
            unit_name=row["unit_name"] or "",
            unit_parent_name=row["unit_parent_name"] or "",
            category_id=row["top_category_id"],
            category_name=row["top_category_name"],
            rating=row["rating"],
            solved=row["solved"],
            resolve_by=row["resolve_by"],
            accepted=row["n_accept"] > 0,
            dispatched=row["n_dispatch"] > 0,
            signed=row["n_sign"] > 0,
            returned=row["n_return"] > 0,
            reminded=row["n_remind"] > 0,
            extended=row["n_extension"] > 0,
            rated=row["n_rating"] > 0,
            reopened=row["n_reopen"] > 0,
            first_resolved_at=row["first_resolved_at"],
            last_resolved_at=row["last_resolved_at"],
        )
        for row in rows
    ]


# --- The figures ----------------------------------------------------------------------------------


def one_decimal(value: float) -> str:
    """`value` rounded half up to one decimal, in the active language's number format (Django's
    number_format alone would truncate: 2/3 must read 66.7%, not 66.6%)."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, 1)


@dataclass(frozen=True)
class Cell:
    """One figure for one group of requests."""

    figure: Figure
    denominator: int  # requests counted: the denominator of a rate, the sample of a duration
    numerator: int | None  # None for durations
    value: float | None  # a fraction (0..1) or hours; None when nothing was counted

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.figure.unit == "rate":
            return f"{one_decimal(self.value * 100)}%"
        return gettext("%(hours)s h") % {"hours": one_decimal(self.value)}

    @property
    def detail(self) -> str:
        if self.numerator is not None:
            return f"{self.numerator}/{self.denominator}"
        return gettext("n = %(count)s") % {"count": self.denominator}

    @property
    def percent(self) -> float | None:
        return None if self.value is None or self.figure.unit != "rate" else self.value * 100


@dataclass(frozen=True)
class Figure:
    key: str
    name: StrOrPromise
    definition: StrOrPromise

    @property
    def unit(self) -> Literal["rate", "hours"]:
        raise NotImplementedError

    def evaluate(self, requests: Sequence[RequestFacts]) -> Cell:
        return self.cell(Tally.of(requests))

    def cell(self, tally: Tally) -> Cell:
        raise NotImplementedError


@dataclass
class Tally:
    """What every figure needs from a group of requests, summable: the number submitted, each
    rate's numerator and denominator, and how many requests took each whole number of minutes to
    their first resolution (a histogram: its size is bounded by the spread of the durations, not
    by the number of requests). A tally
    of the union of two groups is the sum of their tallies, so figures can be read from stored
    daily tallies (`reports.rollups`) as well as from the requests themselves."""

    submitted: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # rate key → [numerator, denominator]
    minutes: Counter[int] = field(default_factory=Counter)

    @property
    def resolved(self) -> int:
        return self.minutes.total()

    @classmethod
    def of(cls, requests: Iterable[RequestFacts]) -> Tally:
        tally = cls()
        for r in requests:
            tally.add(r)
        return tally

    def add(self, r: RequestFacts) -> None:
        self.submitted += 1
        for figure in RATES:
            if figure.denominator(r):
                pair = self.counts.setdefault(figure.key, [0, 0])
                pair[1] += 1
                if figure.numerator(r):
                    pair[0] += 1
        minutes = r.minutes_to_first_resolution
        if minutes is not None:
            self.minutes[minutes] += 1

    def merge(self, other: Tally) -> None:
        self.submitted += other.submitted
        for key, (numerator, denominator) in other.counts.items():
            pair = self.counts.setdefault(key, [0, 0])
            pair[0] += numerator
            pair[1] += denominator
        self.minutes.update(other.minutes)


@dataclass(frozen=True)
class Rate(Figure):
    """numerator ÷ denominator, counted in requests; the numerator is always a subset."""

    numerator: Callable[[RequestFacts], bool]
    denominator: Callable[[RequestFacts], bool]

    @property
    def unit(self) -> Literal["rate", "hours"]:
        return "rate"

    def cell(self, tally: Tally) -> Cell:
        hits, counted = tally.counts.get(self.key, (0, 0))
        value = hits / counted if counted else None
        return Cell(self, denominator=counted, numerator=hits, value=value)


@dataclass(frozen=True)
class Duration(Figure):
    """A quantile of the hours from submission to the first resolution, counted in whole minutes
    (`RequestFacts.minutes_to_first_resolution`, kept as a histogram in `Tally.minutes`), over
    the requests resolved."""

    quantile: float

    @property
    def unit(self) -> Literal["rate", "hours"]:
        return "hours"

    def cell(self, tally: Tally) -> Cell:
        # Every duration figure reads the minutes to the first resolution (Tally.minutes).
        minutes = histogram_quantile(tally.minutes, self.quantile)
        return Cell(self, denominator=tally.resolved, numerator=None,
                    value=None if minutes is None else minutes / 60)


def quantile(values: Iterable[float], q: float) -> float | None:
    """The q-quantile by linear interpolation between the closest ranks (as PostgreSQL's
    percentile_cont and NumPy's default): q=0.5 is the ordinary median. None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def histogram_quantile(counts: Counter[int], q: float) -> float | None:
    """`quantile` of the values a histogram (value → how many) stands for, without expanding it:
    the same interpolation between the closest ranks, in one pass over the distinct values."""
    n = counts.total()
    if n <= 0:
        return None
    position = (n - 1) * q
    lower_rank = math.floor(position)
    upper_rank = min(lower_rank + 1, n - 1)
    lower = upper = None
    seen = 0
    for value in sorted(value for value, count in counts.items() if count > 0):
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None
    return lower + (upper - lower) * (position - lower_rank)


FIGURES: tuple[Figure, ...] = (
    Rate(
        key="signing_rate",
        name=_("Signing rate (签收率)"),
        definition=_(
            "Dispatched requests that the handling unit signed for (a “sign” event), divided by "
            "requests dispatched (a “dispatch” event)."
        ),
        numerator=lambda r: r.dispatched and r.signed,
        denominator=lambda r: r.dispatched,
    ),
    Rate(
        key="completion_rate",
        name=_("Completion rate (办结率)"),
        definition=_(
            "Accepted requests that were resolved (a “resolve” event) and stand resolved now — "
            "still resolved, or closed after resolving; a request reopened for re-handling counts "
            "again once resolved again — divided by requests accepted (an “accept” event)."
        ),
        numerator=lambda r: r.completed,
        denominator=lambda r: r.accepted,
    ),
    Rate(
        key="on_time_rate",
        name=_("On-time rate (按时办结率)"),
        definition=_(
            "Completed requests whose latest resolution came at or before the deadline to "
            "resolve, as extended by any approved extension, divided by completed requests."
        ),
        numerator=lambda r: r.completed_on_time,
        denominator=lambda r: r.completed,
    ),
    Rate(
        key="resolution_rate",
        name=_("Resolution rate (解决率)"),
        definition=_(
            "Rated requests whose resident answered that the problem was solved at the follow-up "
            "(回访), divided by rated requests; the latest rating counts."
        ),
        numerator=lambda r: r.rated and r.solved is True,
        denominator=lambda r: r.rated,
    ),
    Rate(
        key="satisfaction_rate",
        name=_("Satisfaction rate (满意率)"),
        definition=_(
            "Rated requests whose latest rating is very satisfied, satisfied or fairly satisfied "
            "(非常满意, 满意, 基本满意), divided by rated requests."
        ),
        numerator=lambda r: r.rated and r.rating is not None and r.rating >= SATISFIED_FROM,
        denominator=lambda r: r.rated,
    ),
    Rate(
        key="follow_up_rate",
        name=_("Follow-up rate (回访率)"),
        definition=_(
            "Resolved requests that the resident rated (a rating event), divided by requests "
            "resolved at least once (a “resolve” event)."
        ),
        numerator=lambda r: r.resolved and r.rated,
        denominator=lambda r: r.resolved,
    ),
    Rate(
        key="reminder_rate",
        name=_("Reminder rate (催办率)"),
        definition=_(
            "Dispatched requests with at least one reminder (a “remind” event, from a dispatcher "
            "or the deadline sweep), divided by requests dispatched."
        ),
        numerator=lambda r: r.dispatched and r.reminded,
        denominator=lambda r: r.dispatched,
    ),
    Rate(
        key="return_rate",
        name=_("Return rate (退单率)"),
        definition=_(
            "Dispatched requests returned at least once by a handling unit (a “return” event), "
            "divided by requests dispatched."
        ),
        numerator=lambda r: r.dispatched and r.returned,
        denominator=lambda r: r.dispatched,
    ),
    Rate(
        key="extension_rate",
        name=_("Extension rate (延期率)"),
        definition=_(
            "Dispatched requests with at least one approved extension (an “approve_extension” "
            "event), divided by requests dispatched."
        ),
        numerator=lambda r: r.dispatched and r.extended,
        denominator=lambda r: r.dispatched,
    ),
    Rate(
        key="rehandling_rate",
        name=_("Re-handling rate (重办率)"),
        definition=_(
            "Rated requests reopened for re-handling after an unsatisfied rating (a “reopen” "
            "event), divided by rated requests."
        ),
        numerator=lambda r: r.rated and r.reopened,
        denominator=lambda r: r.rated,
    ),
    Duration(
        key="median_hours_to_resolve",
        name=_("Median hours to resolve (办理时长中位数)"),
        definition=_(
            "The median, over requests resolved at least once, of the clock hours from submission "
            "to the first “resolve” event, counted in whole minutes."
        ),
        quantile=0.5,
    ),
    Duration(
        key="p90_hours_to_resolve",
        name=_("90th percentile of hours to resolve (办理时长P90)"),
        definition=_(
            "The 90th percentile (linear interpolation between closest ranks), over requests "
            "resolved at least once, of the clock hours from submission to the first “resolve” "
            "event, counted in whole minutes: nine in ten were resolved at least this fast."
        ),
        quantile=0.9,
    ),
)
FIGURES_BY_KEY: dict[str, Figure] = {figure.key: figure for figure in FIGURES}
RATES: tuple[Rate, ...] = tuple(figure for figure in FIGURES if isinstance(figure, Rate))


@dataclass(frozen=True)
class CountFigure:
    """A count over the period that is not about requests (so not in the table per group)."""

    key: str
    name: StrOrPromise
    definition: StrOrPromise
    count: Callable[[date, date], int]


def _self_answers(start: date, end: date) -> int:
    from shiliu.knowledge.selectors import self_answer_count

    return self_answer_count(start=start, end=end)


COUNT_FIGURES: tuple[CountFigure, ...] = (
    CountFigure(
        key="knowledge_self_answers",
        name=_("Consultations answered by the knowledge base (知识库自助解答数)"),
        definition=_(
            "Times in the period (local dates, both ends included) a resident read a knowledge "
            "base answer and said “yes, this answered my question”, sending no request. Counted "
            "for the whole city: these residents are not tied to a unit, and nothing about them is "
            "kept."
        ),
        count=_self_answers,
    ),
)


def counts(*, start: date, end: date) -> list[tuple[CountFigure, int]]:
    return [(figure, figure.count(start, end)) for figure in COUNT_FIGURES]


SUBMITTED_NAME = _("Submitted")
SUBMITTED_DEFINITION = _(
    "Requests submitted in the period: the population every figure on this page counts from."
)
POPULATION_NOTE = _(
    "Every figure counts the requests submitted in the chosen period (local dates, both ends "
    "included) in the units you work for, whatever has happened to them since; so a period's "
    "figures keep changing while its requests are being handled. What happened to a request is "
    "read from its history; the rating, the “solved” answer and the deadline come from the "
    "request itself. A rate shows “—” when nothing was counted."
)


# --- Grouping -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    submitted: int
    cells: tuple[Cell, ...]
    is_total: bool = False

    def cell(self, key: str) -> Cell:
        return self.cells[[c.figure.key for c in self.cells].index(key)]


@dataclass(frozen=True)
class FigureTable:
    group_by: GroupBy
    start: date
    end: date
    rows: tuple[FigureRow, ...]
    total: FigureRow

    def row(self, key: str) -> FigureRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


def _row(key: str, label: str, tally: Tally, *, is_total: bool = False) -> FigureRow:
    return FigureRow(
        key=key,
        label=label,
        submitted=tally.submitted,
        cells=tuple(figure.cell(tally) for figure in FIGURES),
        is_total=is_total,
    )


def _local_month(moment: datetime) -> str:
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%Y-%m")


def months_between(start: date, end: date) -> list[str]:
    """Every month ("YYYY-MM") from start's to end's, both included."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _language_label(code: str) -> str:
    try:
        info = get_language_info(code)
    except KeyError:
        return code
    return f"{info['name_local']} ({code})"


def group_key(r: RequestFacts, group_by: GroupBy) -> str:
    """The group a request falls in: its local month, handling unit ("" for none), top-level
    category, channel or language."""
    if group_by == "month":
        return _local_month(r.submitted_at)
    if group_by == "unit":
        return str(r.unit_id) if r.unit_id is not None else ""
    if group_by == "category":
        return str(r.category_id)
    if group_by == "channel":
        return r.channel
    if group_by == "language":
        return r.language
    raise ValueError(f"unknown grouping {group_by!r}")


def group_tallies(facts: Iterable[RequestFacts], group_by: GroupBy) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for r in facts:
        key = group_key(r, group_by)
        if key not in tallies:
            tallies[key] = Tally()
        tallies[key].add(r)
    return tallies


def _labels(group_by: GroupBy, keys: Iterable[str]) -> dict[str, str]:
    """Each group's label, looked up (units and categories) in one query."""
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import Category

    keys = list(keys)
    if group_by == "unit":
        ids = [int(k) for k in keys if k]
        units = {str(pk): (name, parent or "") for pk, name, parent in
                 OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name", "parent__name")}
        shared = Counter(units[k][0] for k in keys if k in units)
        labels: dict[str, str] = {}
        for key in keys:
            if not key:  # not dispatched, or returned
                labels[key] = gettext("Not assigned to a unit (not dispatched, or returned)")
                continue
            name, parent = units.get(key, (key, ""))
            # two units share a name: say whose they are
            labels[key] = f"{name} ({parent})" if shared[name] > 1 and parent else name
        return labels
    if group_by == "category":
        names = dict(Category.objects.filter(pk__in=[int(k) for k in keys])
                     .values_list("pk", "name"))
        return {key: names.get(int(key), key) for key in keys}
    if group_by == "channel":
        channels = {value: str(label) for value, label in Channel.choices}
        return {key: channels.get(key, key) for key in keys}
    if group_by == "language":
        return {key: _language_label(key) for key in keys}
    return {key: key for key in keys}


def _order(group_by: GroupBy, labels: dict[str, str]) -> list[str]:
    if group_by == "unit":
        return sorted(labels, key=lambda k: (k == "", labels[k], k))
    if group_by == "category":
        return sorted(labels, key=lambda k: (labels[k], k))
    if group_by == "channel":
        position = {value: index for index, value in enumerate(Channel.values)}
        return sorted(labels, key=lambda k: (position.get(k, len(position)), k))
    return sorted(labels)


def tabulate_tallies(
    tallies: dict[str, Tally], *, group_by: GroupBy, start: date, end: date
) -> FigureTable:
    """Every figure per group, and for all the requests together, from each group's tally."""
    tallies = dict(tallies)
    if group_by == "month":
        for month in months_between(start, end):
            tallies.setdefault(month, Tally())
    labels = _labels(group_by, tallies)
    total = Tally()
    for tally in tallies.values():
        total.merge(tally)
    rows = tuple(_row(key, labels[key], tallies[key]) for key in _order(group_by, labels))
    return FigureTable(group_by=group_by, start=start, end=end, rows=rows,
                       total=_row("total", gettext("All requests"), total, is_total=True))


def tabulate(
    facts: Sequence[RequestFacts], *, group_by: GroupBy, start: date, end: date
) -> FigureTable:
    """Every figure per group, and for all the requests together, straight from their facts."""
    return tabulate_tallies(group_tallies(facts, group_by), group_by=group_by, start=start,
                            end=end)


def compute(
    *, user: AbstractBaseUser | AnonymousUser, group_by: GroupBy, start: date, end: date
) -> FigureTable:
    """The figures of the requests `user` may see, submitted from `start` to `end`, per group:
    closed days from the stored daily tallies where they are built (`reports.rollups`), the
    rest (today, and any day not yet rolled up) straight from the requests."""
    from shiliu.reports import rollups

    tallies = rollups.figure_tallies(user=user, groups=(group_by,), start=start, end=end)
    return tabulate_tallies(tallies[group_by], group_by=group_by, start=start, end=end)


# --- Casework (帮扶台账) --------------------------------------------------------------------------
# Counts at a day, each defined once here and shown with its definition on the figures page. They
# count the cases, plan actions, visits and pairings of households in the units where the user
# holds a figure or casework role (analysts included: counts only, never a name).


@dataclass(frozen=True)
class CaseworkFigure:
    key: str
    name: StrOrPromise
    definition: StrOrPromise


def _under(paths: list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__path__startswith": path})
    return condition


def _month_start(today: date) -> date:
    return today.replace(day=1)


def casework_counts(paths: list[str], today: date) -> dict[str, int]:
    """Every casework count at `today` under `paths`, in six queries however many rows."""
    month = _month_start(today)
    cases = Case.objects.filter(_under(paths, "unit")).aggregate(
        open_cases=Count("pk", filter=Q(status__in=OPEN_STATUSES, opened_on__lte=today)),
        cases_opened_this_month=Count("pk", filter=Q(opened_on__gte=month, opened_on__lte=today)),
        cases_closed_this_month=Count("pk", filter=Q(closed_on__gte=month, closed_on__lte=today)),
    )
    latest = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on", "-pk")
    return {
        **cases,
        "overdue_actions": PlanAction.objects.filter(
            _under(paths, "case__unit"), case__status__in=OPEN_STATUSES, done_on__isnull=True,
            due_on__lt=today).count(),
        "overdue_visits": Household.objects.filter(_under(paths, "unit")).annotate(
            next_due=Subquery(latest.values("next_visit_on")[:1])).filter(next_due__lt=today).count(),
        "visits_this_month": Visit.objects.filter(
            _under(paths, "household__unit"), visited_on__gte=month, visited_on__lte=today).count(),
        "pairings_short_of_contact": _pairings_short(paths, today),
    }


def _pairings_short(paths: list[str], today: date) -> int:
    short = 0
    pairings = list(Pairing.objects.filter(_under(paths, "household__unit"), active=True))
    contacts: dict[int, list[date]] = {}
    for pairing_id, day in PairingContact.objects.filter(
            pairing__in=[p.pk for p in pairings], contacted_on__lte=today,
            contacted_on__gt=today - timedelta(days=366)).values_list("pairing_id", "contacted_on"):
        contacts.setdefault(pairing_id, []).append(day)
    for pairing in pairings:
        start = today - timedelta(days=pairing.period_days)
        made = sum(1 for day in contacts.get(pairing.pk, []) if day > start)
        if pairing.started_on <= start and made < pairing.min_contacts:
            short += 1
    return short


CASEWORK_FIGURES: tuple[CaseworkFigure, ...] = (
    CaseworkFigure("open_cases", _("Open cases"), _(
        "Cases not closed (open, assessed, assistance under way or monitoring), opened on or before the day.")),
    CaseworkFigure("cases_opened_this_month", _("Cases opened this month"), _(
        "Cases whose opening date lies from the first of the month to the day.")),
    CaseworkFigure("cases_closed_this_month", _("Cases closed this month"), _(
        "Cases whose closing date lies from the first of the month to the day.")),
    CaseworkFigure("overdue_actions", _("Overdue plan actions"), _(
        "Actions of open cases' assistance plans not marked done whose due date is before the day.")),
    CaseworkFigure("overdue_visits", _("Households with an overdue visit"), _(
        "Households whose latest visit set a next visit date that is before the day.")),
    CaseworkFigure("visits_this_month", _("Visits this month"), _(
        "Visits recorded with a date from the first of the month to the day.")),
    CaseworkFigure("pairings_short_of_contact", _("Pairings short of contact"), _(
        "Active pairings at least one period old with fewer contacts than their minimum in the last "
        "period (counted back from the day).")),
)


@dataclass(frozen=True)
class CountCell:
    figure: CaseworkFigure
    value: int


def casework_figures(*, user: AbstractBaseUser | AnonymousUser, today: date) -> list[CountCell]:
    """The casework counts of the units where `user` holds a figure or casework role."""
    if not isinstance(user, User):
        return []
    paths = user.unit_paths(FIGURE_ROLES | CASEWORK_ROLES)
    if not paths:
        return []
    counts = casework_counts(paths, today)
    return [CountCell(figure, counts[figure.key]) for figure in CASEWORK_FIGURES]
