"""Shared helpers for the request-spine tests: submit a request, and walk it along the workflow to
any status using the workflow functions themselves (never by writing a status).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Category, Channel, ServiceRequest
from shiliu.service_requests.workflow import Status

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A Wednesday in March 2026: an ordinary working week, inside the calendar library's range.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)

# Same as conftest's coordinates, repeated here so helpers need not import the root conftest.
IN_GRID_A = {"longitude": 104.005, "latitude": 30.005}
IN_GRID_B = {"longitude": 104.015, "latitude": 30.005}
OUTSIDE_GRIDS = {"longitude": 105.5, "latitude": 31.5}
IN_FAR_GRID = {"longitude": 120.005, "latitude": 40.005}

DESCRIPTION = "楼道灯坏了。物业一直没有来修。"

# What a resident agrees to on the portal: request handling always, follow-up contact to leave a
# name or phone number.
HANDLING = frozenset({"request_handling"})
WITH_CONTACT = frozenset({"request_handling", "follow_up_contact"})


def submit(
    category: Category,
    *,
    at: dict[str, float] | None = None,
    unit: OrgUnit | None = None,
    actor: User | None = None,
    channel: str = Channel.PORTAL,
    description: str = DESCRIPTION,
    **extra: Any,
) -> ServiceRequest:
    """A resident's portal request from the point `at` (grid A by default; {} for no point)."""
    place = IN_GRID_A if at is None else at
    if "consents" not in extra:
        extra["consents"] = WITH_CONTACT if extra.get("contact_phone") or extra.get("contact_name") else HANDLING
    return services.service_request_submit(
        actor=actor,
        channel=channel,
        category=category,
        description=description,
        unit=unit,
        **place,
        **extra,
    )


class Walk:
    """Walks requests along the workflow with a given cast.

    `worker` handles the request in `unit` (the unit it is dispatched to): by default the housing
    department's handler.
    """

    def __init__(
        self, *, dispatcher: User, supervisor: User, worker: User, unit: OrgUnit, category: Category
    ) -> None:
        self.dispatcher = dispatcher
        self.supervisor = supervisor
        self.worker = worker
        self.unit = unit
        self.category = category

    # -- another jurisdiction, for transfers (转办) -------------------------------------------------
    def far(self) -> tuple[OrgUnit, User]:
        """A second district and its dispatcher (grid at 120°E, 40°N), made once per test and
        shared by every walk in it: one grid only may cover the far point."""
        from shiliu.core.permissions import Role
        from shiliu.people.models import StaffRole
        from shiliu.service_requests.tests.factories import OrgUnitFactory, square, staff

        district = OrgUnit.objects.filter(code="walk-far-district").first()
        if district is None:
            city = self.unit.ancestors().get(kind=OrgUnit.Kind.CITY)
            district = OrgUnitFactory(code="walk-far-district", kind=OrgUnit.Kind.DISTRICT, parent=city)
            street = OrgUnitFactory(kind=OrgUnit.Kind.STREET, parent=district)
            community = OrgUnitFactory(kind=OrgUnit.Kind.COMMUNITY, parent=street)
            OrgUnitFactory(kind=OrgUnit.Kind.GRID, parent=community, boundary=square(120.0, 40.0))
            staff(Role.DISPATCHER, district)
        far_dispatcher = StaffRole.objects.select_related("user").get(unit=district, role=Role.DISPATCHER).user
        return district, far_dispatcher

    def transferred_in(self) -> ServiceRequest:
        """A request that arose in the far district, transferred by its dispatcher to the
        community our dispatcher works in."""
        _district, far_dispatcher = self.far()
        request = submit(self.category, at=IN_FAR_GRID)
        workflow.accept(request, actor=far_dispatcher)
        community = self.dispatcher.staff_roles.get().unit
        workflow.transfer(request, actor=far_dispatcher, to=community, reason="属于同心社区辖区")
        return request

    def accept_transfer(self, request: ServiceRequest) -> None:
        workflow.accept_transfer(request, actor=self.dispatcher)

    # -- single steps ---------------------------------------------------------------------------
    def accept(self, request: ServiceRequest) -> None:
        workflow.accept(request, actor=self.dispatcher)

    def decline(self, request: ServiceRequest) -> None:
        workflow.decline(request, actor=self.dispatcher, reason="不属于本平台受理范围")

    def merge(self, request: ServiceRequest) -> None:
        original = submit(self.category)
        workflow.merge(request, actor=self.dispatcher, into=original)

    def dispatch(self, request: ServiceRequest) -> None:
        workflow.dispatch(request, actor=self.dispatcher, unit=self.unit)

    def sign(self, request: ServiceRequest) -> None:
        workflow.sign(request, actor=self.worker)

    def return_(self, request: ServiceRequest) -> None:
        workflow.return_(
            request,
            actor=self.worker,
            reason="不属于本单位职责",
            policy_basis="《物业管理条例》第二十条",
        )

    def resolve(self, request: ServiceRequest) -> None:
        workflow.resolve(request, actor=self.worker, reply="已安排维修。灯已修好。")

    def rate(self, rating: int) -> Callable[[ServiceRequest], None]:
        def step(request: ServiceRequest) -> None:
            workflow.rate(request, actor=None, rating=rating)

        return step

    # -- whole walks ----------------------------------------------------------------------------
    def steps_to(self, status: str) -> list[Callable[[ServiceRequest], None]]:
        to_in_progress = [self.accept, self.dispatch, self.sign]
        to_resolved = [*to_in_progress, self.resolve]
        paths: dict[str, list[Callable[[ServiceRequest], None]]] = {
            Status.SUBMITTED: [],
            Status.ACCEPTED: [self.accept],
            Status.NOT_ACCEPTED: [self.decline],
            Status.MERGED: [self.merge],
            Status.DISPATCHED: [self.accept, self.dispatch],
            Status.IN_PROGRESS: to_in_progress,
            Status.RETURNED: [*to_in_progress, self.return_],
            Status.RESOLVED: to_resolved,
            Status.CLOSED: [*to_resolved, self.rate(5)],
            Status.ESCALATED: [*to_resolved, self.rate(2), self.resolve, self.rate(1)],
            Status.TRANSFERRED: [],  # see `to`: it arrives from the far district
        }
        if status not in paths:
            raise AssertionError(f"No walk to {status!r}: add one to journeys.Walk.steps_to")
        return paths[status]

    def to(self, status: str, request: ServiceRequest | None = None) -> ServiceRequest:
        """A request (new unless given) walked from submitted to `status`."""
        if request is None:
            request = self.transferred_in() if status == Status.TRANSFERRED else submit(self.category)
        for step in self.steps_to(status):
            step(request)
        assert request.status == status, f"walked to {request.status}, wanted {status}"
        return request
