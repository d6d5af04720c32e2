"""The casework endpoints' named input and output shapes (households, cases, visits, pairings).
Names and phones leave only masked; the room of an address not at all."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema

from shiliu.api.schemas import NOT_BLANK, DeadlineDay, In
from shiliu.cases.models import Level, Method, Outcome, Source
from shiliu.cases.workflow import Status


def choice(values: list[str]) -> Any:
    """A string from `values`, stated inline in the document (the spine's `Status` already owns
    that name there)."""

    def check(value: str) -> str:
        if value not in values:
            raise ValueError("not a valid choice")
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": values})]


CaseStatus = choice(list(Status.values))
CaseSource = choice(list(Source.values))
CaseOutcome = choice(list(Outcome.values))
VisitMethod = choice(list(Method.values))
NeedLevel = choice(list(Level.values))
Language = choice([code for code, _name in settings.RESIDENT_LANGUAGES])
Reference = Annotated[str, Field(min_length=1, max_length=20, pattern=NOT_BLANK)]


class HouseholdCreateIn(In):
    unit: str = Field(max_length=64, description="The code of the grid or community (GET /org-units).")
    building: str = Field("", max_length=40)
    unit_no: str = Field("", max_length=20, description="The entrance (单元).")
    room: str = Field("", max_length=20)
    head_name: str = Field(min_length=1, max_length=60)
    head_phone: str = Field("", max_length=32, description="Shown back masked (139****5678).")
    members_count: int = Field(1, ge=1, le=30)
    language: Language = "zh-hans"  # type: ignore[valid-type]
    notes: str = Field("", max_length=4000)


class HouseholdOut(Schema):
    reference: str
    unit: str = Field(description="The code of its grid or community.")
    address: str = Field(description="Building and entrance; the room is never given out.")
    head_name: str = Field(description="Masked: 王**.")
    head_phone: str = Field(description="Masked: 139****5678.")
    members_count: int
    language: str
    open_cases: int
    created_at: datetime


class HouseholdPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[HouseholdOut]


class CaseCreateIn(In):
    household: Reference
    source: CaseSource  # type: ignore[valid-type]
    summary: str = Field(min_length=1, max_length=4000)
    caseworker: str | None = Field(None, max_length=150, description="A username; default: the caller.")


class NeedOut(Schema):
    code: str
    name: str
    level: str
    note: str


class PlanActionOut(Schema):
    id: int
    title: str
    owner: str
    due_on: date
    done_on: date | None
    overdue: bool


class ReferralOut(Schema):
    request: str = Field(description="The reference of the request that carries the referral.")
    status: str
    status_label: str
    created_at: datetime


class CaseEventOut(Schema):
    kind: str
    text: str = Field(description="The event in the caller's language.")
    from_status: str
    to_status: str
    note: str
    created_at: datetime


class CaseOut(Schema):
    reference: str
    status: str
    status_label: str
    household: str
    unit: str
    source: str
    caseworker: str
    opened_on: date
    assess_by: date | None
    closed_on: date | None
    outcome: str


class CaseDetailOut(CaseOut):
    summary: str
    outcome_note: str
    needs: list[NeedOut]
    plan: list[PlanActionOut]
    referrals: list[ReferralOut]
    events: list[CaseEventOut]
    allowed_verbs: list[str]


class CasePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class AssessIn(In):
    levels: dict[str, NeedLevel] = Field(  # type: ignore[valid-type]
        description="Levels by checklist code (income, housing, …): none, some or severe.")
    notes: dict[str, Annotated[str, Field(max_length=500)]] = Field(default_factory=dict)


class NoteIn(In):
    note: str = Field("", max_length=1000)


class StartPlanIn(In):
    pass


class CloseCaseIn(In):
    outcome: CaseOutcome  # type: ignore[valid-type]
    outcome_note: str = Field("", max_length=2000)


class ReopenIn(In):
    reason: str = Field(min_length=1, max_length=1000, pattern=NOT_BLANK)


class ReassignIn(In):
    caseworker: str = Field(min_length=1, max_length=150, description="A username.")


class PlanActionIn(In):
    title: str = Field(min_length=1, max_length=120, pattern=NOT_BLANK)
    owner: str | None = Field(None, max_length=150, description="A username; default: the caller.")
    due_on: DeadlineDay
    note: str = Field("", max_length=4000)


class VisitCreateIn(In):
    household: Reference
    case: str | None = Field(None, max_length=20, description="One of the household's open cases.")
    visited_on: DeadlineDay = Field(description="Not after today.")
    method: VisitMethod = "home"  # type: ignore[valid-type]
    notes: str = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)
    next_step: str = Field("", max_length=500)
    next_visit_on: DeadlineDay | None = Field(None, description="After the visit.")


class VisitOut(Schema):
    id: int
    household: str
    case: str | None
    visited_on: date
    visitor: str
    method: str
    notes: str
    next_step: str
    next_visit_on: date | None


class VisitPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[VisitOut]


class PairingCreateIn(In):
    household: Reference
    staff: str = Field(min_length=1, max_length=150, description="The username of the member of staff.")
    min_contacts: int = Field(1, ge=1, le=31)
    period_days: int = Field(30, ge=7, le=366)
    started_on: DeadlineDay | None = None


class PairingOut(Schema):
    id: int
    household: str
    staff: str
    min_contacts: int
    period_days: int
    active: bool
    started_on: date
    last_contact_on: date | None


class PairingPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[PairingOut]
