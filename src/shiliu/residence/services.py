"""Every write about residence declarations: a resident declares, corrects and resubmits, and
declares moving out; staff confirm, return or record moving out; privacy erases.

Each function is keyword-only with the acting user first, runs in one transaction (nothing is
half-stored: the declaration, its members, its consent and its first event go together) and
refuses with the domain errors of `core.errors`, worded in the actor's language.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core import dates, errors
from shiliu.org.models import OrgUnit
from shiliu.privacy import services as privacy_services
from shiliu.privacy.models import Purpose
from shiliu.privacy.selectors import is_resident
from shiliu.residence import workflow
from shiliu.residence.models import Declaration, HouseholdMember, Relation, Schooling, StayPurpose

if TYPE_CHECKING:
    from shiliu.people.models import User

# How far ahead a move-in date may be: a resident declaring on Friday for Monday's move.
MOVE_IN_DAYS_AHEAD = 7
MAX_MEMBERS = 12
EARLIEST_BIRTH_YEAR = 1900


class AddressError(errors.InvalidInput):
    """The address does not fit the organisation tree; `field` names the level that is wrong."""

    code = "invalid_address"

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class MemberError(errors.InvalidInput):
    code = "invalid_member"

    def __init__(self, message: str, *, index: int, field: str) -> None:
        super().__init__(message)
        self.index = index
        self.field = field


@dataclass(frozen=True)
class Member:
    name: str
    relation: str
    birth_year: int
    schooling: str = ""


def address_checked(*, district: OrgUnit | None, street: OrgUnit | None, community: OrgUnit | None) -> OrgUnit:
    """The community of a district → street → community address, each level the child of the
    one before and active; else AddressError naming the level."""
    levels = [("district", district, OrgUnit.Kind.DISTRICT, _("Choose your district.")),
              ("street", street, OrgUnit.Kind.STREET, _("Choose your street or town.")),
              ("community", community, OrgUnit.Kind.COMMUNITY, _("Choose your community."))]
    parent: OrgUnit | None = None
    for field, unit, kind, missing in levels:
        if unit is None or unit.kind != kind or not unit.is_active:
            raise AddressError(missing, field=field)
        if parent is not None and unit.parent_id != parent.pk:
            raise AddressError(
                _("%(unit)s is not in %(parent)s. Please choose again.")
                % {"unit": unit.localized_name, "parent": parent.localized_name}, field=field)
        parent = unit
    assert community is not None
    return community


def move_in_checked(moved_in_on: date | None, *, today: date) -> date:
    if moved_in_on is None:
        raise errors.InvalidInput(_("Please give the date you moved in."))
    if not dates.in_range(moved_in_on):
        raise errors.InvalidInput(dates.out_of_range_message())
    if moved_in_on > today + timedelta(days=MOVE_IN_DAYS_AHEAD):
        raise errors.InvalidInput(
            _("The moving-in date may be at most %(days)s days from today.") % {"days": MOVE_IN_DAYS_AHEAD})
    return moved_in_on


def members_checked(members: Sequence[Member], *, today: date) -> list[Member]:
    if len(members) > MAX_MEMBERS:
        raise MemberError(_("Please list at most %(count)s household members.") % {"count": MAX_MEMBERS},
                          index=MAX_MEMBERS, field="name")
    checked = []
    for index, member in enumerate(members):
        name = (member.name or "").strip()
        if not name or len(name) > 60:
            raise MemberError(_("Please give the member's name (at most 60 characters)."), index=index,
                              field="name")
        if member.relation not in Relation.values:
            raise MemberError(_("Choose how the member is related to you."), index=index, field="relation")
        if not EARLIEST_BIRTH_YEAR <= member.birth_year <= today.year:
            raise MemberError(_("Give a year of birth from %(first)s to %(last)s.")
                              % {"first": EARLIEST_BIRTH_YEAR, "last": today.year},
                              index=index, field="birth_year")
        if member.schooling not in Schooling.values:
            raise MemberError(_("Choose a school place from the list."), index=index, field="schooling")
        checked.append(Member(name, member.relation, member.birth_year, member.schooling))
    return checked


def _text(value: str, label: str, *, required: bool, max_length: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise errors.InvalidInput(_("Please give %(field)s.") % {"field": label})
    if len(value) > max_length:
        raise errors.InvalidInput(_("%(field)s may be at most %(count)s characters long.")
                                  % {"field": label, "count": max_length})
    return value


def _declaration_fields(
    *, district: OrgUnit | None, street: OrgUnit | None, community: OrgUnit | None, building: str,
    unit_no: str, room: str, full_name: str, moved_in_on: date | None, purpose: str, today: date,
) -> dict[str, Any]:
    if purpose not in StayPurpose.values:
        raise errors.InvalidInput(_("Choose the purpose of your stay from the list."))
    return {
        "community": address_checked(district=district, street=street, community=community),
        "building": _text(building, _("the building"), required=True, max_length=60),
        "unit_no": _text(unit_no, _("the entrance or unit"), required=False, max_length=30),
        "room": _text(room, _("the room"), required=True, max_length=30),
        "full_name": _text(full_name, _("your name"), required=True, max_length=60),
        "moved_in_on": move_in_checked(moved_in_on, today=today),
        "purpose": purpose,
    }


def _members_write(declaration: Declaration, members: Sequence[Member]) -> None:
    declaration.members.all().delete()
    HouseholdMember.objects.bulk_create(
        HouseholdMember(declaration=declaration, name=m.name, relation=m.relation, birth_year=m.birth_year,
                        schooling=m.schooling, position=i)
        for i, m in enumerate(members))


def _resident_checked(actor: Any) -> None:
    if not is_resident(actor):
        raise errors.NotAllowed(_("Please sign in with your resident account to declare your residence."))


def declaration_submit(
    actor: User,
    *,
    district: OrgUnit | None,
    street: OrgUnit | None,
    community: OrgUnit | None,
    building: str,
    room: str,
    full_name: str,
    moved_in_on: date | None,
    purpose: str,
    unit_no: str = "",
    members: Sequence[Member] = (),
    consents: set[str] | frozenset[str] = frozenset(),
    language: str = "zh-hans",
    now: datetime | None = None,
    http_request: HttpRequest | None = None,
) -> Declaration:
    """A signed-in resident declares where they live. Needs their consent to the residence
    declaration notice (recorded on their account, with the notice version and language);
    consent to follow-up contact, if given, lets the outcome be texted to them."""
    _resident_checked(actor)
    now = now or timezone.now()
    today = timezone.localdate(now)
    fields = _declaration_fields(
        district=district, street=street, community=community, building=building, unit_no=unit_no,
        room=room, full_name=full_name, moved_in_on=moved_in_on, purpose=purpose, today=today)
    checked_members = members_checked(members, today=today)
    if language not in dict(settings.RESIDENT_LANGUAGES):
        raise errors.InvalidInput(_("Choose a language from: %(codes)s.")
                                  % {"codes": ", ".join(dict(settings.RESIDENT_LANGUAGES))})
    unknown = set(consents) - {Purpose.RESIDENCE_DECLARATION, Purpose.FOLLOW_UP_CONTACT}
    if unknown:
        raise errors.InvalidInput(_("Unknown consent purpose: %(purpose)s.") % {"purpose": ", ".join(sorted(unknown))})
    if Purpose.RESIDENCE_DECLARATION not in consents and not privacy_services.consent_active(
            Purpose.RESIDENCE_DECLARATION, user=actor):
        raise privacy_services.ConsentRequired(_(
            "Please agree to the notice on residence declarations: the community cannot keep your "
            "declaration otherwise."))
    with transaction.atomic():
        if consents:
            privacy_services.consents_give(actor=actor, purposes=sorted(consents), language=language,
                                           user=actor, now=now, request=http_request)
        # The reference needs the row's number: a placeholder no one sees, replaced in the same
        # transaction.
        declaration = Declaration(resident=actor, language=language, submitted_at=now,
                                  reference=f"new-{uuid.uuid4().hex[:16]}", **fields)
        try:
            declaration.full_clean()
        except ValidationError as error:
            raise errors.InvalidInput(" ".join(error.messages)) from None
        declaration.save()
        declaration.reference = f"RD-{timezone.localtime(now):%Y}-{declaration.pk:06d}"
        Declaration.objects.filter(pk=declaration.pk).update(reference=declaration.reference)
        _members_write(declaration, checked_members)
        workflow.submit(declaration, actor=actor, now=now)
        audit_record(actor=actor, action=AuditAction.CREATE, target=declaration, request=http_request,
                     detail={"reference": declaration.reference, "members": len(checked_members)})
    return declaration


def declaration_resubmit(
    actor: User,
    *,
    declaration: Declaration,
    district: OrgUnit | None,
    street: OrgUnit | None,
    community: OrgUnit | None,
    building: str,
    room: str,
    full_name: str,
    moved_in_on: date | None,
    purpose: str,
    unit_no: str = "",
    members: Sequence[Member] = (),
    now: datetime | None = None,
    http_request: HttpRequest | None = None,
) -> Declaration:
    """The resident corrects a returned declaration and sends it again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    workflow.check(actor, "resubmit", declaration)  # before the form's fields: a wrong state is 409
    fields = _declaration_fields(
        district=district, street=street, community=community, building=building, unit_no=unit_no,
        room=room, full_name=full_name, moved_in_on=moved_in_on, purpose=purpose, today=today)
    checked_members = members_checked(members, today=today)
    with transaction.atomic():
        workflow.resubmit(declaration, actor=actor, now=now, fields={**fields, "return_reason": ""})
        _members_write(declaration, checked_members)
        audit_record(actor=actor, action=AuditAction.CHANGE, target=declaration, request=http_request,
                     detail={"reference": declaration.reference, "resubmitted": True})
    return declaration


def declaration_confirm(actor: User, *, declaration: Declaration, now: datetime | None = None) -> Declaration:
    return workflow.confirm(declaration, actor=actor, now=now)


def declaration_return(
    actor: User, *, declaration: Declaration, reason: str, now: datetime | None = None
) -> Declaration:
    return workflow.return_(declaration, actor=actor, reason=reason, now=now)


def declaration_move_out(
    actor: User, *, declaration: Declaration, moved_out_on: date | None, now: datetime | None = None
) -> Declaration:
    if moved_out_on is None or not dates.in_range(moved_out_on):
        raise errors.InvalidInput(dates.out_of_range_message())
    return workflow.move_out(declaration, actor=actor, moved_out_on=moved_out_on, now=now)


ERASED = "—"


def declaration_erase_personal_data(
    *, actor: User | None, declaration: Declaration, reason: str, now: datetime | None = None,
    http_request: HttpRequest | None = None,
) -> bool:
    """Remove the names and the exact address (the community, dates, purpose and the members'
    relation and birth year stay, for the community's figures) and the link to the account.
    False when there was nothing left to remove."""
    if declaration.personal_data_erased_at is not None:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        changed = Declaration.objects.filter(pk=declaration.pk, personal_data_erased_at__isnull=True).update(
            full_name=ERASED, building="", unit_no="", room="", resident=None, personal_data_erased_at=now,
            updated_at=now)
        if not changed:
            return False
        HouseholdMember.objects.filter(declaration=declaration).update(name=ERASED)
        workflow.record(declaration, kind="erase_personal_data", actor=None, params={"reason": reason}, now=now)
        audit_record(actor=actor, action=AuditAction.DELETE, target=declaration, request=http_request,
                     actor_label="" if actor else reason,
                     detail={"fields": ["full_name", "building", "unit_no", "room", "members.name", "resident"],
                             "reason": reason})
    declaration.refresh_from_db()
    return True
