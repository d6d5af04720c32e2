"""The REST API's named input and output shapes. Public field names appear only here and in the
Open311 module; the domain's names stay inside the domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, field_validator, model_validator

from shiliu.core import dates
from shiliu.residence.models import Relation, Schooling, StayPurpose
from shiliu.residence.workflow import Status as DeclarationStatus
from shiliu.service_requests.models import Channel, RequestType
from shiliu.service_requests.workflow import Status

Code = str  # a category or unit code
CONSENT_REQUIRED = "request_handling consent required"


def unstorable(value: Any) -> bool:
    """Text no database column can hold: a NUL character, or a lone surrogate (not UTF-8)."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(unstorable(k) or unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(unstorable(v) for v in value)
    return False


NO_NUL = "^[^\\u0000]*$"
# Required text: something besides white space (which the services strip), and no NUL.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def document_storable_text(schema: dict[str, Any], model: type[Any]) -> None:
    """State in the OpenAPI document what `storable_text` and the services enforce: no NUL
    character in text, and required text not blank."""
    for prop in schema.get("properties", {}).values():
        for variant in [prop, *prop.get("anyOf", [])]:
            if variant.get("type") == "string" and "enum" not in variant and "format" not in variant:
                variant.setdefault("pattern", NOT_BLANK if variant.get("minLength") else NO_NUL)


def _day_pattern(years: str) -> str:
    return f"^{years}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


# A date within the years the server accepts, stated in the document (JSON Schema has no bound
# for a date's value).
FigureDay = Annotated[
    date,
    Field(ge=date(1990, 1, 1), le=date(2099, 12, 31)),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _day_pattern("(199[0-9]|20[0-9][0-9])")}),
]
DeadlineDay = Annotated[
    date,
    Field(ge=dates.EARLIEST, le=dates.LATEST),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _day_pattern("20[0-9][0-9]")}),
]


class In(Schema):
    """Every input shape: unknown fields and text that cannot be stored are refused."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=document_storable_text)

    @model_validator(mode="before")
    @classmethod
    def storable_text(cls, data: Any) -> Any:
        if unstorable(data):
            raise ValueError("unstorable text")
        return data


# --- Errors --------------------------------------------------------------------------------------


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str = Field(description="A stable identifier, e.g. invalid_input, not_allowed, conflict.")
    message: str = Field(description="For people, in the caller's language (Accept-Language).")
    errors: list[FieldErrorOut] | None = None


# --- Reference data ------------------------------------------------------------------------------


class LimitOut(Schema):
    amount: int
    unit: str = Field(description="hours or working_days")


class QuestionChoiceOut(Schema):
    key: str
    name: str


class QuestionOut(Schema):
    code: str
    question: str
    datatype: str
    required: bool
    order: int
    choices: list[QuestionChoiceOut]


class CategoryOut(Schema):
    code: str
    name: str
    parent: str | None = Field(description="The parent category's code; null for a top-level one.")
    keywords: list[str]
    accept_within: LimitOut
    sign_within: LimitOut
    resolve_within: LimitOut
    questions: list[QuestionOut]


class UnitRefOut(Schema):
    code: str
    name: str


class OrgUnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    parent: str | None
    phone: str
    is_active: bool


class OrgUnitPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[OrgUnitOut]


class ServicePointOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    unit: UnitRefOut
    address: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    services: str
    languages: list[str]
    phone: str


class ServicePointPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ServicePointOut]


class KnowledgeArticleOut(Schema):
    id: int
    question: str
    answer: str
    language: str = Field(description="The language question and answer are written in: the one "
                          "asked for (Accept-Language), else zh-hans when not yet translated.")
    translated: bool = Field(description="False when shown in zh-hans for want of a translation.")
    category: CategoryRefOut | None
    source: str
    source_url: str
    valid_from: date
    valid_until: date | None
    url: str = Field(description="The article's page on the portal.")


class KnowledgePageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[KnowledgeArticleOut]


# --- Requests ------------------------------------------------------------------------------------


class RequestCreateIn(In):
    category: Code = Field(
        max_length=64, description="An active sub-category's code (GET /categories)."
    )
    description: str = Field(min_length=1, max_length=4000)
    request_type: RequestType = RequestType.HELP
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    address: str = Field("", max_length=200)
    community: Code | None = Field(
        None,
        max_length=64,
        description=(
            "The code of the community (or another unit from city to grid, GET /org-units) the "
            "request arises in, when the place is not given as a point."
        ),
    )
    language: str = Field(
        "zh-hans",
        max_length=16,
        description="The resident's preferred language.",
        json_schema_extra={"enum": [code for code, _name in settings.RESIDENT_LANGUAGES]},
    )
    is_anonymous: bool = False
    contact_name: str = Field("", max_length=60)
    contact_phone: str = Field(
        "", max_length=32, description="Optional; staff see it masked (138****1234)."
    )
    contact_email: str = Field(
        "",
        max_length=254,
        description="Optional; where the resident is told about the request when it belongs to no account.",
    )
    answers: dict[str, str | list[str]] = Field(
        default_factory=dict, description="Answers to the category's questions, by question code."
    )
    consents: list[Literal["request_handling", "follow_up_contact"]] = Field(
        min_length=1,
        max_length=2,
        description=(
            "The purposes the resident agreed to after reading the notices "
            "(/privacy/notices/<purpose>/): request_handling is required; follow_up_contact is "
            "required to keep a contact name, phone or e-mail."
        ),
        json_schema_extra={"contains": {"const": "request_handling"}},
    )

    @field_validator("consents")
    @classmethod
    def handling_agreed(cls, consents: list[str]) -> list[str]:
        if "request_handling" not in consents:
            raise ValueError(CONSENT_REQUIRED)
        return consents


class CategoryRefOut(Schema):
    code: str
    name: str


class RequestCreatedOut(Schema):
    reference: str
    status: Status
    tracking_token: str = Field(description="The resident's private key to follow and rate it.")
    tracking_url: str
    submitted_at: datetime
    due_at: datetime | None


class RequestOut(Schema):
    reference: str
    status: Status
    status_label: str
    request_type: RequestType
    category: CategoryRefOut
    description: str
    address: str
    latitude: float | None
    longitude: float | None
    place: UnitRefOut
    assigned_unit: UnitRefOut | None
    suggested_unit: UnitRefOut | None
    channel: Channel
    language: str
    is_anonymous: bool
    contact_phone_masked: str
    submitted_at: datetime
    due_at: datetime | None
    resolve_by: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    is_overdue: bool
    reply: str
    rating: int | None
    search_rank: float | None = Field(None, description="With `q`: how well it matches (higher first).")
    highlight: str | None = Field(
        None, description="With `q`: an excerpt of the description, HTML-escaped, matches in <mark>.")


class EventOut(Schema):
    action: str
    action_label: str
    kind: str = Field(description="What happened: the verb, or submit, reopen, escalate, …")
    params: dict[str, Any] = Field(description="Unit ids, dates and codes the sentence is made from.")
    text: str = Field(description="The event in words, in the language of Accept-Language.")
    note_is_public: bool = Field(description="Whether the resident may read the note.")
    from_status: str
    to_status: str
    actor: str
    unit: UnitRefOut | None
    note: str
    is_public: bool
    created_at: datetime


class RequestDetailOut(RequestOut):
    allowed_actions: list[str] = Field(description="The verbs the caller may perform now.")
    timeline: list[EventOut]


class RequestPageOut(Schema):
    count: int = Field(description="Matching requests, counted up to 1,000 (see count_is_exact).")
    count_is_exact: bool = Field(
        description="False when more than 1,000 match: count then says 1000, not how many.")
    page: int
    page_size: int
    next: str | None = Field(
        description="Pass as `after` for the page after this one; null on the last page.")
    results: list[RequestOut]


class TrackEventOut(Schema):
    action: str
    action_label: str
    kind: str
    text: str = Field(description="The event in words, in the language of Accept-Language.")
    to_status: str
    note: str = Field(description="A reply or reason meant for the resident; staff notes never.")
    created_at: datetime


class TrackOut(Schema):
    reference: str
    status: Status
    status_label: str
    category: CategoryRefOut
    description: str
    submitted_at: datetime
    resolve_by: datetime | None
    reply: str
    rating: int | None
    can_rate: bool
    timeline: list[TrackEventOut]


class RatingIn(In):
    rating: int = Field(ge=1, le=5, description="5 very satisfied … 1 very unsatisfied (好差评).")
    solved: bool | None = None
    comment: str = Field("", max_length=1000)


# --- Workflow actions: one input shape per verb --------------------------------------------------


class NoteIn(In):
    note: str = Field("", max_length=2000)


class AcceptIn(NoteIn):
    pass


class DeclineIn(In):
    reason: str = Field(min_length=1, max_length=2000)


class MergeIn(In):
    into: str = Field(
        min_length=1, max_length=20, description="Reference of the request it repeats."
    )


class DispatchIn(NoteIn):
    unit: Code = Field(
        min_length=1,
        max_length=64,
        description="Code of the department, grid, community or street.",
    )


class TransferIn(In):
    to: Code = Field(
        min_length=1,
        max_length=64,
        description="Code of the district, street or community to transfer it to.",
    )
    reason: str = Field(min_length=1, max_length=2000)


class AcceptTransferIn(NoteIn):
    pass


class RefuseTransferIn(In):
    reason: str = Field(min_length=1, max_length=2000)


class SignIn(In):
    pass


class ReturnIn(In):
    reason: str = Field(min_length=1, max_length=2000)
    policy_basis: str = Field(min_length=1, max_length=300)


class ResolveIn(In):
    reply: str = Field(min_length=1, max_length=2000)


class StaffRatingIn(RatingIn):
    pass


class CloseIn(In):
    note: str = Field(min_length=1, max_length=2000)


class ExtensionIn(In):
    reason: str = Field(min_length=1, max_length=2000)
    new_date: DeadlineDay = Field(
        description="The new last day to resolve it: after the current deadline."
    )


class ApproveExtensionIn(NoteIn):
    pass


class RefuseExtensionIn(NoteIn):
    pass


class RemindIn(NoteIn):
    pass


class SuperviseIn(NoteIn):
    pass


# --- Figures -------------------------------------------------------------------------------------


class FigureOut(Schema):
    key: str
    name: str
    definition: str
    unit: str = Field(description="rate (a fraction 0..1) or hours")


class CellOut(Schema):
    value: float | None
    numerator: int | None
    denominator: int
    display: str


class FigureRowOut(Schema):
    key: str
    label: str
    submitted: int
    cells: dict[str, CellOut]


class FiguresOut(Schema):
    group_by: str
    start: date
    end: date
    figures: list[FigureOut]
    rows: list[FigureRowOut]
    total: FigureRowOut


# --- Residents' accounts -------------------------------------------------------------------------

# An 11-digit mainland mobile number (spaces, dashes and +86 allowed) or an e-mail address.
RESIDENT_IDENTIFIER = (
    r"^\s*(?:(?:\+?86[ -]?)?1[0-9](?:[ -]?[0-9]){9}"
    r"|[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})\s*$"
)


class ResidentSignInCodeIn(In):
    identifier: str = Field(
        min_length=5, max_length=120, pattern=RESIDENT_IDENTIFIER,
        description="The resident's mobile number or e-mail address.",
    )


class ResidentCodeSentOut(Schema):
    sent: bool = Field(description="Always true: the answer is the same whether or not the address has "
                                   "an account.")
    expires_in: int = Field(description="Seconds the code is valid for.")
    message: str = Field(description="What to do next, in the caller's language.")


class ResidentSignInVerifyIn(In):
    identifier: str = Field(min_length=5, max_length=120, pattern=RESIDENT_IDENTIFIER)
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$", description="The six digits sent.")


class ResidentSignedInOut(Schema):
    signed_in: bool
    preferred_language: str = Field(description="The language the resident's pages and messages use.")


class ResidentItemOut(Schema):
    title: str
    reference: str = Field(description="The record's reference (e.g. SL-2026-000123), or empty.")
    status: str = Field(description="Where it stands, in the caller's language.")
    url: str = Field(description="The page that shows it (a path of this site), or empty.")
    date: datetime | date | None


class ResidentSectionOut(Schema):
    key: str = Field(description="requests, and whatever other modules register (residence, cases, …).")
    title: str
    empty: str = Field(description="What to say when there are no items.")
    items: list[ResidentItemOut]


class ResidentConsentOut(Schema):
    purpose: str
    purpose_label: str
    notice_version: int
    request: str | None = Field(description="The request's reference for a consent given with one.")
    given_at: datetime
    withdrawn_at: datetime | None


class ResidentMeOut(Schema):
    preferred_language: str
    phone: str = Field(description="The sign-in mobile number, masked (138****1234), or empty.")
    email: str = Field(description="The sign-in e-mail address, masked, or empty.")
    sections: list[ResidentSectionOut]
    consents: list[ResidentConsentOut]
# --- Residence declarations ----------------------------------------------------------------------


def _enum(values: list[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": values})


StayPurposeCode = Annotated[StayPurpose, _enum(list(StayPurpose.values))]
RelationCode = Annotated[Relation, _enum(list(Relation.values))]
SchoolingCode = Annotated[Schooling, _enum(list(Schooling.values))]
DeclarationStatusCode = Annotated[DeclarationStatus, _enum(list(DeclarationStatus.values))]


class MemberIn(In):
    name: str = Field(min_length=1, max_length=60)
    relation: RelationCode
    birth_year: int = Field(ge=1900, le=2099, description="Not after this year.")
    schooling: SchoolingCode = Field(Schooling.NONE, description="A school place the member needs, if any.")


class DeclarationCreateIn(In):
    district: Code = Field(min_length=1, max_length=64, description="District code (GET /org-units?kind=district).")
    street: Code = Field(min_length=1, max_length=64, description="Code of a street of that district.")
    community: Code = Field(min_length=1, max_length=64, description="Code of a community of that street.")
    building: str = Field(min_length=1, max_length=60)
    unit_no: str = Field("", max_length=30)
    room: str = Field(min_length=1, max_length=30)
    full_name: str = Field(min_length=1, max_length=60)
    moved_in_on: DeadlineDay = Field(description="Not more than seven days ahead.")
    purpose: StayPurposeCode
    members: list[MemberIn] = Field(default_factory=list, max_length=12)
    language: str = Field(
        "zh-hans", max_length=16, description="The resident's language.",
        json_schema_extra={"enum": [code for code, _name in settings.RESIDENT_LANGUAGES]},
    )
    consents: list[Literal["residence_declaration", "follow_up_contact"]] = Field(
        default_factory=list, max_length=2,
        description=(
            "The purposes the resident agreed to after reading the notices: residence_declaration "
            "is needed unless the account agreed to it before; follow_up_contact lets the outcome "
            "be texted to them."
        ),
    )


class DeclarationCreatedOut(Schema):
    reference: str
    status: DeclarationStatusCode
    submitted_at: datetime
    url: str = Field(description="The resident's page of the declaration.")


class DeclarationMemberOut(Schema):
    name: str = Field(description="Masked (张**).")
    relation: RelationCode
    birth_year: int
    schooling: SchoolingCode


class DeclarationEventOut(Schema):
    kind: str
    text: str = Field(description="The event in words, in the language of Accept-Language.")
    note: str = Field(description="The reason given when the declaration was returned.")
    created_at: datetime


class DeclarationOut(Schema):
    reference: str
    status: DeclarationStatusCode
    status_label: str
    community: UnitRefOut
    full_name: str = Field(description="Masked (张**).")
    purpose: StayPurposeCode
    moved_in_on: date
    members_count: int
    submitted_at: datetime
    confirmed_at: datetime | None
    moved_out_on: date | None


class DeclarationDetailOut(DeclarationOut):
    return_reason: str
    members: list[DeclarationMemberOut]
    history: list[DeclarationEventOut]


class DeclarationPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[DeclarationOut]


class DeclarationConfirmIn(In):
    pass


class DeclarationReturnIn(In):
    reason: str = Field(min_length=1, max_length=500, description="What the resident should correct.")
# --- Insights ------------------------------------------------------------------------------------


class SuggestionIn(In):
    text: str = Field(min_length=1, max_length=2000, description="What the resident wrote.")


class SuggestionOut(Schema):
    category: CategoryRefOut | None = Field(
        description="The suggested sub-category; null when no model is trained yet.")
    request_type: RequestType | None
    confidence: float = Field(ge=0, le=1)
    prefill: bool = Field(description="Confident enough to choose the category for the person.")
    model_version: int | None


class PointOut(Schema):
    latitude: float
    longitude: float


class HotIssueOut(Schema):
    key: int = Field(description="The id of the cluster's earliest request, stable as it grows.")
    title: str
    count: int = Field(description="Requests in the window.")
    previous_count: int = Field(description="Similar requests in the window before.")
    trend: Literal["new", "up", "down", "steady"]
    place: str
    category: str
    requests: list[str] = Field(description="The references of the requests in the window.")
    points: list[PointOut]


class HotIssuePageOut(Schema):
    days: int
    results: list[HotIssueOut]
