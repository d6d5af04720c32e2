"""A month and a bit of requests in the test city, each moved through the real services and
workflow at explicit times, so every figure can be worked out by hand.

    R1 住房, portal, grid A: dispatched to housing, signed, resolved after 24 h, rated 5, solved
    R2 住房, portal, grid A: reminded, extension approved (3-11 → 3-20), resolved 3-12 (216 h:
       late by the first deadline, on time by the extended one), rated 4, solved
    R3 住房, phone, grid A, in Uyghur: returned by housing, re-dispatched to grid A, resolved
       3-12 (192 h, after its 3-12 00:00 deadline), not rated
    R4 公共设施, portal, grid B, in English: dispatched to grid B, never signed for
    R5 公共设施, portal, grid A: accepted, never dispatched
    R6 公共设施, portal, grid A: not accepted
    R7 住房, portal, grid A, in April: resolved after 6 h, rated 2 → reopened, resolved again,
       rated 3, not solved
    R8 公共设施, portal, grid A: dispatched to grid A, resolved after 6 h, rated 1 → reopened,
       in progress

Housing's deadlines: 5 working days after acceptance, to the end of the day (Asia/Shanghai).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from shiliu.people.models import User
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Category, Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import HANDLING

SHANGHAI = ZoneInfo("Asia/Shanghai")
IN_GRID_A = {"longitude": 104.005, "latitude": 30.005}
IN_GRID_B = {"longitude": 104.015, "latitude": 30.005}
MARCH_1 = date(2025, 3, 1)
APRIL_30 = date(2025, 4, 30)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A time in 2025, local to the city."""
    return datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def submit(
    category: Category, when: datetime, *, place: dict[str, float] = IN_GRID_A,
    channel: str = Channel.PORTAL, actor: User | None = None, language: str = "zh-hans",
) -> ServiceRequest:
    return services.service_request_submit(consents=HANDLING,
        actor=actor, channel=channel, category=category, description="楼道灯不亮。",
        language=language, submitted_at=when, **place,
    )


@dataclass
class Scenario:
    r1: ServiceRequest
    r2: ServiceRequest
    r3: ServiceRequest
    r4: ServiceRequest
    r5: ServiceRequest
    r6: ServiceRequest
    r7: ServiceRequest
    r8: ServiceRequest


@pytest.fixture
def scenario(
    city: Any, dispatcher: User, supervisor: User, handler: User, grid_worker: User
) -> Scenario:
    housing, lights = city.category, city.other_category

    r1 = submit(housing, at(3, 3, 9))
    workflow.accept(r1, actor=dispatcher, now=at(3, 3, 10))
    workflow.dispatch(r1, actor=dispatcher, unit=city.housing, now=at(3, 3, 11))
    workflow.sign(r1, actor=handler, now=at(3, 3, 12))
    workflow.resolve(r1, actor=handler, reply="已修好。", now=at(3, 4, 9))
    workflow.rate(r1, actor=None, rating=5, solved=True, now=at(3, 5, 9))

    r2 = submit(housing, at(3, 3, 9))
    workflow.accept(r2, actor=dispatcher, now=at(3, 3, 10))  # resolve by 3-11 00:00
    workflow.dispatch(r2, actor=dispatcher, unit=city.housing, now=at(3, 3, 11))
    workflow.remind(r2, actor=dispatcher, now=at(3, 4, 9))
    workflow.sign(r2, actor=handler, now=at(3, 4, 12))
    extension = workflow.request_extension(
        r2, actor=handler, reason="需要更换整条线路。", new_resolve_by=at(3, 20, 0), now=at(3, 5, 9)
    )
    workflow.decide_extension(extension, actor=supervisor, approve=True, now=at(3, 5, 10))
    workflow.resolve(r2, actor=handler, reply="线路已更换。", now=at(3, 12, 9))
    workflow.rate(r2, actor=None, rating=4, solved=True, now=at(3, 13, 9))

    r3 = submit(housing, at(3, 4, 9), channel=Channel.PHONE, actor=grid_worker, language="ug")
    workflow.accept(r3, actor=dispatcher, now=at(3, 4, 10))  # resolve by 3-12 00:00
    workflow.dispatch(r3, actor=dispatcher, unit=city.housing, now=at(3, 4, 11))
    workflow.return_(r3, actor=handler, reason="属于网格自治事项。", policy_basis="职责清单第3条",
                     now=at(3, 4, 12))
    workflow.dispatch(r3, actor=dispatcher, unit=city.grid_a, now=at(3, 4, 13))
    workflow.sign(r3, actor=grid_worker, now=at(3, 4, 14))
    workflow.resolve(r3, actor=grid_worker, reply="已协调处理。", now=at(3, 12, 9))

    r4 = submit(lights, at(3, 5, 9), place=IN_GRID_B, language="en")
    workflow.accept(r4, actor=dispatcher, now=at(3, 5, 10))
    workflow.dispatch(r4, actor=dispatcher, unit=city.grid_b, now=at(3, 5, 11))

    r5 = submit(lights, at(3, 6, 9))
    workflow.accept(r5, actor=dispatcher, now=at(3, 6, 10))

    r6 = submit(lights, at(3, 6, 10))
    workflow.decline(r6, actor=dispatcher, reason="不属于受理范围。", now=at(3, 6, 11))

    r7 = submit(housing, at(4, 1, 9))
    workflow.accept(r7, actor=dispatcher, now=at(4, 1, 10))
    workflow.dispatch(r7, actor=dispatcher, unit=city.housing, now=at(4, 1, 11))
    workflow.sign(r7, actor=handler, now=at(4, 1, 12))
    workflow.resolve(r7, actor=handler, reply="已处理。", now=at(4, 1, 15))
    workflow.rate(r7, actor=None, rating=2, solved=False, now=at(4, 2, 9))  # reopened: by 4-11
    workflow.resolve(r7, actor=handler, reply="已再次处理。", now=at(4, 3, 9))
    workflow.rate(r7, actor=None, rating=3, solved=False, now=at(4, 3, 18))

    r8 = submit(lights, at(3, 7, 9))
    workflow.accept(r8, actor=dispatcher, now=at(3, 7, 10))
    workflow.dispatch(r8, actor=dispatcher, unit=city.grid_a, now=at(3, 7, 11))
    workflow.sign(r8, actor=grid_worker, now=at(3, 7, 12))
    workflow.resolve(r8, actor=grid_worker, reply="已处理。", now=at(3, 7, 15))
    workflow.rate(r8, actor=None, rating=1, solved=False, now=at(3, 8, 9))  # reopened

    return Scenario(r1, r2, r3, r4, r5, r6, r7, r8)
