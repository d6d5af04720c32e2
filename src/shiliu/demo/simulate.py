"""A year of requests, planned first and then lived through the real workflow.

Planning is pure: for each request a submission time, the status it should end in (its *target*),
a category, a place, a channel, a language, the resident's text and a few scenario flags (misrouted
and returned, extended, late, reopened, escalated…). Then each plan, oldest first, is submitted
through `services.service_request_submit` and moved only by the workflow's verbs, each called
with a historical `now=`. Every timestamp of one request comes from a `Clock` that only moves
forward and never reaches the base time (today 00:00), so events and deadlines stay consistent.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TypeVar

from django.utils import timezone

from shiliu.demo import catalogue as cat
from shiliu.demo import texts
from shiliu.demo.build import DemoOrg
from shiliu.demo.geometry import PointSampler
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.privacy.models import Purpose
from shiliu.service_requests import services, sla, workflow
from shiliu.service_requests.models import Channel, Rating, ServiceRequest
from shiliu.service_requests.workflow import OPEN_STATUSES, Status

T = TypeVar("T")

# Statuses in a fixed order: the first plans take one each, so that even a small city shows all.
# Transfers between districts (转办) are not simulated: the demo city's history stays in place.
STATUS_ORDER: tuple[str, ...] = tuple(s for s in Status if s != Status.TRANSFERRED)

# Where a forced status's request is submitted, in days before the base time.
FORCED_AGE: dict[str, tuple[float, float]] = {
    Status.SUBMITTED: (0.02, 0.3),
    Status.ACCEPTED: (0.1, 0.6),
    Status.NOT_ACCEPTED: (3, 300),
    Status.MERGED: (3, 300),
    Status.DISPATCHED: (0.2, 1.5),
    Status.IN_PROGRESS: (2, 12),
    Status.RETURNED: (1, 6),
    Status.RESOLVED: (1, 4),
    Status.CLOSED: (10, 360),
    Status.ESCALATED: (15, 45),
}

# How a request of a given age (days) stands today: (upper age bound, {status: weight}).
S = Status
TARGETS_BY_AGE: tuple[tuple[float, dict[str, float]], ...] = (
    (0.5, {S.SUBMITTED: 30, S.ACCEPTED: 18, S.DISPATCHED: 25, S.IN_PROGRESS: 12,
           S.NOT_ACCEPTED: 3, S.MERGED: 4, S.CLOSED: 8}),
    (2, {S.SUBMITTED: 8, S.ACCEPTED: 10, S.DISPATCHED: 20, S.IN_PROGRESS: 35, S.RETURNED: 5,
         S.RESOLVED: 10, S.CLOSED: 6, S.NOT_ACCEPTED: 3, S.MERGED: 3}),
    (7, {S.DISPATCHED: 5, S.IN_PROGRESS: 45, S.RETURNED: 4, S.RESOLVED: 20, S.CLOSED: 20,
         S.ESCALATED: 1, S.NOT_ACCEPTED: 3, S.MERGED: 3}),
    (20, {S.IN_PROGRESS: 22, S.RETURNED: 2, S.RESOLVED: 14, S.CLOSED: 52, S.ESCALATED: 3,
          S.NOT_ACCEPTED: 3, S.MERGED: 3}),
    (60, {S.IN_PROGRESS: 3, S.RESOLVED: 3, S.CLOSED: 84, S.ESCALATED: 3,
          S.NOT_ACCEPTED: 3.5, S.MERGED: 3}),
    (float("inf"), {S.CLOSED: 92.7, S.ESCALATED: 0.3, S.NOT_ACCEPTED: 4, S.MERGED: 3}),
)
# The platform is used more and more: the newest day gets GROWTH times the requests of the oldest.
GROWTH = 2.5

CHANNELS: dict[str, float] = {
    Channel.PORTAL: 48, Channel.PHONE: 28, Channel.VISIT: 11, Channel.COUNTER: 10, Channel.API: 3,
}
LANGUAGES: dict[str, float] = {"zh-hans": 88, "ug": 4.5, "bo": 3, "en": 2.5, "zh-hant": 2}
LANGUAGE_HELP_LANGUAGES: dict[str, float] = {"zh-hans": 25, "ug": 35, "bo": 25, "en": 15}
# Hour-of-day weights by channel (0-23).
HOURS: dict[str, Sequence[float]] = {
    "portal": (1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 4, 6, 6, 5, 4, 4, 5, 5, 5, 4, 4, 5, 6, 6, 4, 2),
    "phone": (0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 6, 8, 8, 7, 5, 5, 7, 7, 6, 5, 4, 4, 3, 3, 2, 1),
    "visit": (0, 0, 0, 0, 0, 0, 0, 0, 1, 6, 7, 5, 1, 1, 5, 7, 6, 3, 1, 0, 0, 0, 0, 0),
    "counter": (0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 6, 0, 1, 6, 7, 6, 1, 0, 0, 0, 0, 0, 0),
}
HOURS["api"] = HOURS["portal"]

CONSENT_HANDLING = frozenset({Purpose.REQUEST_HANDLING})
CONSENT_WITH_CONTACT = frozenset({Purpose.REQUEST_HANDLING, Purpose.FOLLOW_UP_CONTACT})


def weighted(rng: random.Random, weights: dict[T, float]) -> T:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def minutes(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(minutes=rng.uniform(low, high))


def hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


@dataclass
class Plan:
    order: int
    seed: int
    at: datetime
    target: str
    channel: str
    language: str
    top: cat.TopCategory | None = None
    sub: cat.SubCategory | None = None
    community: str = ""
    grid: OrgUnit | None = None
    point: tuple[float, float] | None = None  # (longitude, latitude)
    address: str = ""
    description: str = ""
    request_type: str = ""
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    flags: set[str] = field(default_factory=set)
    merge_into: Plan | None = None
    request: ServiceRequest | None = None


# --- Planning -------------------------------------------------------------------------------


class Planner:
    def __init__(self, org: DemoOrg, rng: random.Random, base: datetime,
                 overrides: sla.Overrides) -> None:
        self.org = org
        self.rng = rng
        self.base = base
        self.overrides = overrides
        self.zone = timezone.get_current_timezone()
        self.points = PointSampler()
        self.communities = sorted(org.grids)
        self.community_weights = [len(org.grids[c]) for c in self.communities]
        self.top_weights = {
            month: [top.weight * dict(top.season).get(month, 1.0) for top in cat.CATEGORIES]
            for month in range(1, 13)
        }

    def plan(self, count: int) -> list[Plan]:
        rng = self.rng
        plans = []
        for order in range(count):
            covering = count >= len(STATUS_ORDER) and order < len(STATUS_ORDER)
            forced = STATUS_ORDER[order] if covering else None
            channel = weighted(rng, CHANNELS)
            if forced is not None:
                low, high = FORCED_AGE[forced]
                at = self.base - timedelta(days=rng.uniform(low, high))
            else:
                at = self.submission_time(channel)
            age = (self.base - at).total_seconds() / 86400
            target = forced or weighted(rng, next(t for bound, t in TARGETS_BY_AGE if age < bound))
            plans.append(Plan(order=order, seed=rng.getrandbits(48), at=at, target=target,
                              channel=channel, language=weighted(rng, LANGUAGES)))
        plans.sort(key=lambda p: (p.at, p.order))
        for index, plan in enumerate(plans):
            if plan.target == Status.MERGED:
                self.link_duplicate(plan, plans[:index], plans)
            elif plan.sub is None:  # (unless a duplicate already needed it as its original)
                self.choose_subject(plan)
            self.choose_flags(plan)
            self.write(plan)
        plans.sort(key=lambda p: (p.at, p.order))
        return plans

    def submission_time(self, channel: str) -> datetime:
        rng = self.rng
        base_day = timezone.localtime(self.base, self.zone).date()
        day = base_day - timedelta(days=1)
        for _ in range(12):
            back = rng.randint(1, 365)
            if rng.random() * GROWTH > 1 + (GROWTH - 1) * (365 - back) / 364:
                continue
            day = base_day - timedelta(days=back)
            workday = sla.is_workday(day, self.overrides)
            if channel in {Channel.VISIT, Channel.COUNTER} and not workday:
                if not (channel == Channel.COUNTER and day.weekday() == 5 and rng.random() < 0.3):
                    continue
            elif not workday and rng.random() < 0.3:
                continue
            break
        hour = rng.choices(range(24), weights=HOURS[channel])[0]
        start = datetime.combine(day, time(hour), tzinfo=self.zone)
        return start + timedelta(seconds=rng.randint(0, 3599))

    def choose_subject(self, plan: Plan) -> None:
        rng = self.rng
        month = timezone.localtime(plan.at, self.zone).month
        plan.top = rng.choices(cat.CATEGORIES, weights=self.top_weights[month])[0]
        plan.sub = rng.choices(plan.top.subs, weights=[sub.weight for sub in plan.top.subs])[0]
        if plan.top.code == "language-help":
            plan.language = weighted(rng, LANGUAGE_HELP_LANGUAGES)
        plan.community = rng.choices(self.communities, weights=self.community_weights)[0]
        self.choose_spot(plan)

    def choose_spot(self, plan: Plan) -> None:
        rng = self.rng
        shares: dict[str, float] = {Channel.VISIT: 0.97, Channel.COUNTER: 0.7}
        with_point = shares.get(plan.channel, 0.9)
        if rng.random() < with_point:
            plan.grid = rng.choice(self.org.grids[plan.community])
            plan.point = self.points.point(plan.grid.boundary or {}, rng)
        else:
            plan.grid = None
            plan.point = None

    def link_duplicate(self, plan: Plan, earlier: list[Plan], everything: list[Plan]) -> None:
        """A merged request repeats an earlier open-or-handled one: same category and place."""
        rng = self.rng

        # Only an open request can be merged into (the workflow refuses a finished one), and
        # each plan is walked to its final status before later ones are.
        def usable(other: Plan) -> bool:
            return other.target in OPEN_STATUSES and other.sub is not None and other.at < plan.at

        recent = [p for p in earlier[-60:] if usable(p) and plan.at - p.at < timedelta(days=14)]
        if recent:
            original = rng.choice(recent[-8:])
        else:
            candidates = [p for p in earlier if usable(p)]
            if candidates:
                original = candidates[-1]
            else:
                # Nothing before it to duplicate (a tiny city): repeat a later plan, one whose
                # time stays put (an in-progress plan may still be moved to be due today).
                fallback = [p for p in everything
                            if p.target in OPEN_STATUSES - {Status.IN_PROGRESS}
                            and p.at < self.base - timedelta(hours=3)]
                if not fallback:
                    plan.target = Status.NOT_ACCEPTED
                    self.choose_subject(plan)
                    return
                original = fallback[0]
                if original.sub is None:
                    self.choose_subject(original)
                plan.at = original.at + minutes(rng, 20, 90)
        plan.merge_into = original
        plan.top, plan.sub, plan.community = original.top, original.sub, original.community
        plan.language = weighted(rng, LANGUAGES)
        plan.grid = original.grid
        plan.point = self.points.point(original.grid.boundary or {}, rng) if original.grid else None

    def choose_flags(self, plan: Plan) -> None:
        rng = self.rng
        assert plan.sub is not None
        normal = plan.sub.speed == "normal"
        target = plan.target
        flags = plan.flags
        if normal and target in {Status.CLOSED, Status.IN_PROGRESS, Status.RESOLVED,
                                 Status.DISPATCHED, Status.ESCALATED} and rng.random() < 0.06:
            flags.add("misroute")
        if target == Status.RETURNED and normal and rng.random() < 0.6:
            flags.add("misroute")
        if plan.sub.to_grid and plan.point and "misroute" not in flags and rng.random() < 0.3:
            flags.add("to_grid")
        if rng.random() < (0.09 if normal else 0.05):
            flags.add("late")
        extensible = {Status.CLOSED, Status.RESOLVED, Status.ESCALATED}
        if normal and target in extensible and rng.random() < 0.06:
            flags.add("extension")
        if target == Status.IN_PROGRESS and normal:
            if rng.random() < 0.12:
                flags.add("pending_extension")
            elif rng.random() < 0.15:
                self.make_due_soon(plan)
        if target == Status.ESCALATED:
            flags.update({"reopen", "escalate"})
        elif target in {Status.IN_PROGRESS, Status.RESOLVED} and rng.random() < 0.08:
            flags.add("reopen")
        elif target == Status.CLOSED:
            if rng.random() < 0.075:
                flags.add("reopen")
                if rng.random() < 0.25:
                    flags.update({"escalate", rng.choice(("close_escalated", "redispatch"))})
            elif rng.random() < 0.03:
                flags.add("unrated")
        if target == Status.MERGED and rng.random() < 0.3:
            flags.add("accept_first")

    def make_due_soon(self, plan: Plan) -> None:
        """Move an in-progress request so that its resolve deadline is the end of today."""
        assert plan.sub is not None and plan.top is not None
        amount, unit = plan.sub.limits.resolve or cat.GENERAL.resolve or (7, cat.WD)
        base_day = timezone.localtime(self.base, self.zone).date()
        for back in range(1, 40):
            day = base_day - timedelta(days=back)
            start = datetime.combine(day, time(10), tzinfo=self.zone)
            if sla.deadline(start, amount, unit, self.overrides) == self.base + timedelta(days=1):
                plan.at = start - timedelta(minutes=self.rng.randint(0, 90))
                plan.flags.add("due_soon")
                return

    def write(self, plan: Plan) -> None:
        rng = random.Random(plan.seed)
        assert plan.sub is not None
        place = self.org.places[plan.community]
        writer = texts.Writer(rng, place, plan.language, timezone.localtime(plan.at, self.zone))
        plan.description, plan.request_type = texts.description(
            writer, sub_code=plan.sub.code, channel=plan.channel)
        # Without a point the address is needed; with one, most people still type it.
        if plan.point is None or rng.random() < 0.7:
            plan.address = writer.address()
        plan.anonymous = plan.channel != Channel.VISIT and rng.random() < 0.07
        if not plan.anonymous:
            plan.contact_name = texts.person(rng, plan.language)
        if not plan.anonymous and rng.random() < 0.95:
            plan.contact_phone = texts.phone(rng)


# --- Living through the workflow ------------------------------------------------------------


class Clock:
    """One request's time: strictly increasing, always before `limit` (the base time)."""

    def __init__(self, start: datetime, limit: datetime) -> None:
        self.now = start
        self.limit = limit

    def advance(self, candidate: datetime) -> datetime:
        low = self.now + timedelta(seconds=30)
        high = max(low, self.now + (self.limit - self.now) / 2)
        self.now = min(max(candidate, low), high)
        return self.now

    def fits(self, candidate: datetime) -> bool:
        return self.now + timedelta(seconds=30) < candidate < self.limit - timedelta(minutes=5)


class Runner:
    def __init__(self, org: DemoOrg, base: datetime, overrides: sla.Overrides) -> None:
        self.org = org
        self.base = base
        self.overrides = overrides
        self.zone = timezone.get_current_timezone()
        users = org.users
        self.dispatcher = users["dispatcher"]
        self.supervisor = users["supervisor"]
        self.district_dispatchers = {d.code: users[f"dispatcher-{d.code}"] for d in cat.DISTRICTS}
        self.district_supervisors = {d.code: users[f"supervisor-{d.code}"] for d in cat.DISTRICTS}
        self.grid_workers: dict[str, User] = {}
        self.stations: dict[str, User] = {}
        for community, grids in org.grids.items():
            self.grid_workers[community] = org.handler_for(grids[0])
            self.stations[community] = org.handler_for(org.communities[community])

    # --- Helpers ---

    def office(self, moment: datetime, rng: random.Random) -> datetime:
        """`moment` if it falls in office hours on a working day, else the next opening."""
        local = timezone.localtime(moment, self.zone)
        day = local.date()
        if sla.is_workday(day, self.overrides) and time(8, 30) <= local.time() <= time(17, 45):
            return moment
        if local.time() > time(17, 45):
            day += timedelta(days=1)
        while not sla.is_workday(day, self.overrides):
            day += timedelta(days=1)
        opening = datetime.combine(day, time(8, 40), tzinfo=self.zone)
        return opening + minutes(rng, 0, 100)

    def awake(self, moment: datetime, rng: random.Random) -> datetime:
        """`moment`, or the next morning when it falls in the small hours."""
        local = timezone.localtime(moment, self.zone)
        if 7 <= local.hour < 23:
            return moment
        day = local.date() + timedelta(days=1 if local.hour >= 23 else 0)
        return datetime.combine(day, time(7), tzinfo=self.zone) + minutes(rng, 0, 150)

    def pick_dispatcher(self, plan: Plan, rng: random.Random) -> User:
        if rng.random() < 0.3:
            return self.district_dispatchers[self.org.district_of[plan.community]]
        return self.dispatcher

    def pick_supervisor(self, plan: Plan, rng: random.Random) -> User:
        if rng.random() < 0.5:
            return self.district_supervisors[self.org.district_of[plan.community]]
        return self.supervisor

    def intake_actor(self, plan: Plan, rng: random.Random) -> User | None:
        if plan.channel == Channel.PHONE:
            return self.pick_dispatcher(plan, rng)
        if plan.channel == Channel.VISIT:
            return self.grid_workers[plan.community]
        if plan.channel == Channel.COUNTER:
            return self.stations[plan.community]
        return None

    def wrong_unit(self, plan: Plan, right: OrgUnit, rng: random.Random) -> OrgUnit:
        district = self.org.district_of[plan.community]
        options = [unit for (d, _), unit in sorted(self.org.departments.items())
                   if d == district and unit != right]
        return rng.choice(options)

    def writer(self, plan: Plan, rng: random.Random, moment: datetime) -> texts.Writer:
        return texts.Writer(rng, self.org.places[plan.community], plan.language,
                            timezone.localtime(moment, self.zone))

    # --- One request ---

    def run(self, plan: Plan) -> ServiceRequest:
        assert plan.sub is not None and plan.top is not None
        rng = random.Random(plan.seed ^ 0x5A5A)
        clock = Clock(plan.at, self.base)
        category = self.org.categories[plan.sub.code]
        request = services.service_request_submit(
            actor=self.intake_actor(plan, rng), channel=plan.channel, category=category,
            description=plan.description, request_type=plan.request_type, address=plan.address,
            latitude=plan.point[1] if plan.point else None,
            longitude=plan.point[0] if plan.point else None,
            unit=None if plan.point else self.org.communities[plan.community],
            language=plan.language, is_anonymous=plan.anonymous, contact_name=plan.contact_name,
            contact_phone=plan.contact_phone, submitted_at=plan.at,
            # The demo resident agrees to handling, and to follow-up exactly when they leave contact.
            consents=CONSENT_WITH_CONTACT if plan.contact_phone or plan.contact_name else CONSENT_HANDLING,
        )
        plan.request = request
        Life(self, plan, request, rng, clock).live()
        return request


class Life:
    """The steps of one request, stopping at its target status."""

    def __init__(self, runner: Runner, plan: Plan, request: ServiceRequest, rng: random.Random,
                 clock: Clock) -> None:
        self.runner = runner
        self.plan = plan
        self.request = request
        self.rng = rng
        self.clock = clock
        assert plan.sub is not None and plan.top is not None
        self.sub = plan.sub
        self.top = plan.top
        self.speed = plan.sub.speed
        self.dispatcher = runner.pick_dispatcher(plan, rng)
        self.supervisor = runner.pick_supervisor(plan, rng)

    def at(self, candidate: datetime, *, office: bool = False) -> datetime:
        if office and self.speed == "normal":
            candidate = self.runner.office(max(candidate, self.clock.now), self.rng)
        return self.clock.advance(candidate)

    def handler(self) -> User:
        assert self.request.assigned_unit is not None
        return self.runner.org.handler_for(self.request.assigned_unit)

    def stop(self, status: str) -> bool:
        return self.plan.target == status and self.request.status == status

    # --- The script ---

    def live(self) -> None:
        plan, rng, request = self.plan, self.rng, self.request
        target = plan.target
        if target == Status.SUBMITTED:
            return self.open_tail()
        if target == Status.NOT_ACCEPTED:
            workflow.decline(request, actor=self.dispatcher,
                             reason=rng.choice(texts.DECLINE_REASONS),
                             now=self.at(request.submitted_at + minutes(rng, 10, 300)))
            return None
        if target == Status.MERGED:
            if "accept_first" in plan.flags:
                self.accept()
            assert plan.merge_into is not None and plan.merge_into.request is not None
            workflow.merge(request, actor=self.dispatcher, into=plan.merge_into.request,
                           now=self.at(self.clock.now + minutes(rng, 15, 360)))
            return None
        self.accept()
        if self.stop(Status.ACCEPTED):
            return self.open_tail()
        right = self.right_unit()
        if "misroute" in plan.flags:
            wrong = self.runner.wrong_unit(plan, right, rng)
            self.dispatch(wrong)
            if rng.random() < 0.4:
                self.sign()
            self.misroute_return(right)
            if self.stop(Status.RETURNED):
                return self.open_tail()
            self.dispatch(right, delay=(30, 600))
        else:
            self.dispatch(right)
            if target == Status.RETURNED:
                if rng.random() < 0.4:
                    self.sign()
                reason, basis = rng.choice(texts.RETURN_REASONS)
                workflow.return_(request, actor=self.handler(), reason=reason, policy_basis=basis,
                                 now=self.at(self.clock.now + hours(rng, 1, 20), office=True))
                return self.open_tail()
        if self.stop(Status.DISPATCHED):
            return self.open_tail()
        self.sign()
        if "pending_extension" in plan.flags:
            self.extension(decide=False)
            return self.open_tail()
        if "extension" in plan.flags:
            self.extension(decide=True)
        if self.stop(Status.IN_PROGRESS) and "reopen" not in plan.flags:
            return self.open_tail()
        self.resolve(late="late" in plan.flags)
        if self.stop(Status.RESOLVED) and "reopen" not in plan.flags:
            return None
        if "unrated" in plan.flags:
            workflow.close(request, actor=self.supervisor, note=rng.choice(texts.CLOSE_UNRATED),
                           now=self.at(self.clock.now + hours(rng, 72, 120), office=True))
            return None
        if "reopen" in plan.flags:
            self.rate(satisfied=False)  # → in progress again (重办)
            if self.stop(Status.IN_PROGRESS):
                return self.open_tail()
            self.resolve(late=False)
            if self.stop(Status.RESOLVED):
                return None
            if "escalate" in plan.flags:
                self.rate(satisfied=False)  # → escalated
                if self.stop(Status.ESCALATED):
                    return None
                if "redispatch" in plan.flags:
                    self.dispatch(right, actor=self.supervisor, delay=(60, 1440), office=True,
                                  note=rng.choice(texts.REDISPATCH_NOTES))
                    self.sign()
                    self.resolve(late=False)
                else:
                    workflow.close(request, actor=self.supervisor,
                                   note=rng.choice(texts.CLOSE_ESCALATED),
                                   now=self.at(self.clock.now + hours(rng, 20, 120), office=True))
                    return None
        self.rate(satisfied=True)
        return None

    # --- Steps ---

    def right_unit(self) -> OrgUnit:
        request = self.request
        if "to_grid" in self.plan.flags and request.jurisdiction.kind == OrgUnit.Kind.GRID:
            return request.jurisdiction
        assert request.routed_unit is not None
        return request.routed_unit

    def accept(self) -> None:
        rng = self.rng
        if self.speed == "emergency":
            delay = minutes(rng, 2, 20)
        elif self.speed == "utility":
            delay = minutes(rng, 5, 60)
        elif rng.random() < 0.05:
            delay = hours(rng, 4.2, 16)  # accepted late
        else:
            delay = minutes(rng, 5, 90) if rng.random() < 0.8 else hours(rng, 1.5, 3.8)
        workflow.accept(self.request, actor=self.dispatcher,
                        now=self.at(self.request.submitted_at + delay))

    def dispatch(self, unit: OrgUnit, *, actor: User | None = None,
                 delay: tuple[float, float] = (5, 120), note: str = "",
                 office: bool = False) -> None:
        low, high = (1, 10) if self.speed == "emergency" else delay
        workflow.dispatch(self.request, actor=actor or self.dispatcher, unit=unit, note=note,
                          now=self.at(self.clock.now + minutes(self.rng, low, high), office=office))

    def sign(self) -> None:
        rng = self.rng
        if self.speed == "emergency":
            delay = minutes(rng, 3, 30)
        elif self.speed == "utility":
            delay = minutes(rng, 10, 90)
        elif rng.random() < 0.06:
            delay = hours(rng, 26, 60)  # signed late
        else:
            delay = minutes(rng, 20, 600)
        workflow.sign(self.request, actor=self.handler(),
                      now=self.at(self.clock.now + delay, office=True))

    def misroute_return(self, right: OrgUnit) -> None:
        rng = self.rng
        district = self.runner.org.places[self.plan.community].district
        writer = self.runner.writer(self.plan, rng, self.clock.now)
        reason = texts.MISROUTE_REASON.replace("{right}", right.name)
        basis = rng.choice(texts.MISROUTE_BASIS).replace("{right}", right.name)
        basis = basis.replace("{district}", district)
        workflow.return_(self.request, actor=self.handler(), reason=writer.fill(reason),
                         policy_basis=writer.fill(basis),
                         now=self.at(self.clock.now + hours(self.rng, 0.5, 20), office=True))

    def extension(self, *, decide: bool) -> None:
        rng, request = self.rng, self.request
        assert request.resolve_by is not None
        window = request.resolve_by - self.clock.now
        when = self.clock.now + window * rng.uniform(0.4, 0.85)
        if not self.clock.fits(when):
            when = self.clock.now + minutes(rng, 30, 240)
        asked = self.at(when, office=True)
        new_by = request.resolve_by + timedelta(days=rng.choice((5, 7, 10, 14)))
        writer = self.runner.writer(self.plan, rng, asked)
        extension = workflow.request_extension(
            request, actor=self.handler(), reason=writer.pick(texts.EXTENSION_REASONS),
            new_resolve_by=new_by, now=asked)
        if not decide:
            return
        approve = rng.random() < 0.8
        workflow.decide_extension(
            extension, actor=self.supervisor, approve=approve,
            note=rng.choice(texts.EXTENSION_APPROVED if approve else texts.EXTENSION_REFUSED),
            now=self.at(self.clock.now + hours(rng, 2, 30), office=True))

    def resolve(self, *, late: bool) -> None:
        rng, request, clock = self.rng, self.request, self.clock
        deadline = request.resolve_by
        assert deadline is not None
        start = clock.now
        window = max(deadline - start, timedelta(minutes=30))
        if self.speed == "emergency":
            candidate = start + (hours(rng, 2.2, 5) if late else minutes(rng, 20, 80))
        elif late:
            candidate = deadline + window * rng.uniform(0.1, 0.8)
        else:
            quick = self.plan.request_type == "consult"
            share = rng.uniform(0.05, 0.6) if quick else rng.uniform(0.15, 0.95)
            candidate = start + window * share
        if self.speed == "normal":
            candidate = self.runner.office(candidate, rng)
        # A reminder (催办) before the deadline, a supervision notice (督办) once it has passed.
        remind_at = deadline - hours(rng, 4, 30)
        if (late or rng.random() < 0.1) and clock.fits(remind_at) and remind_at < candidate:
            workflow.remind(request, actor=self.dispatcher, note=rng.choice(texts.REMIND_NOTES),
                            now=clock.advance(remind_at))
        supervise_at = deadline + hours(rng, 1, 24)
        if late and clock.fits(supervise_at) and supervise_at < candidate:
            workflow.supervise(request, actor=self.supervisor,
                               note=rng.choice(texts.SUPERVISE_NOTES),
                               now=clock.advance(supervise_at))
        moment = clock.advance(candidate)
        assert request.assigned_unit is not None
        writer = self.runner.writer(self.plan, rng, moment)
        text = texts.reply(writer, top_code=self.top.code, sub_code=self.sub.code,
                           topic=self.sub.name, unit=request.assigned_unit.name)
        workflow.resolve(request, actor=self.handler(), reply=text, now=moment)

    def rate(self, *, satisfied: bool) -> None:
        rng = self.rng
        by_phone = rng.random() < 0.55
        actor = self.dispatcher if by_phone else None
        # A phone follow-up (回访) in office hours; a resident rates through the link when awake.
        later = self.clock.now + hours(rng, 2, 72)
        candidate = self.runner.office(later, rng) if by_phone else self.runner.awake(later, rng)
        if satisfied:
            rating = weighted(rng, {Rating.VERY_SATISFIED: 55, Rating.SATISFIED: 33,
                                    Rating.FAIRLY_SATISFIED: 12})
            solved: bool | None = rng.random() < 0.93 if rating != Rating.FAIRLY_SATISFIED else None
            comment = rng.choice(texts.SATISFIED_COMMENTS)
        else:
            rating = weighted(rng, {Rating.UNSATISFIED: 70, Rating.VERY_UNSATISFIED: 30})
            solved = False
            comment = rng.choice(texts.UNSATISFIED_COMMENTS)
        workflow.rate(self.request, actor=actor, rating=int(rating), solved=solved, comment=comment,
                      now=self.at(candidate))

    def open_tail(self) -> None:
        """Reminders and supervision notices on a request that is still open today."""
        rng, request, clock = self.rng, self.request, self.clock
        due = request.due_at
        if due is None:
            return
        if request.status in workflow.TRANSITIONS["remind"].sources and rng.random() < 0.5:
            remind_at = due - hours(rng, 3, 20)
            if clock.fits(remind_at):
                workflow.remind(request, actor=self.dispatcher, note=rng.choice(texts.REMIND_NOTES),
                                now=clock.advance(remind_at))
        if request.status in workflow.TRANSITIONS["supervise"].sources and rng.random() < 0.75:
            supervise_at = due + hours(rng, 1, 30)
            if clock.fits(supervise_at):
                workflow.supervise(request, actor=self.supervisor,
                                   note=rng.choice(texts.SUPERVISE_NOTES),
                                   now=clock.advance(supervise_at))


def local_midnight(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def run_all(org: DemoOrg, plans: list[Plan], base: datetime, overrides: sla.Overrides,
            progress: Callable[[], None] | None = None) -> None:
    runner = Runner(org, base, overrides)
    for plan in plans:
        runner.run(plan)
        if progress is not None:
            progress()
