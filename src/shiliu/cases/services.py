"""Every write to casework and pairing. Changes of a case's state are in workflow.py; the
services named `case_<verb>` call them. Keyword-only, the acting user first; domain errors from
`core.errors` (InvalidInput with a stable `code` where a client may branch on it)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.cases import workflow
from shiliu.cases.models import (
    Case,
    CaseNeed,
    Household,
    Level,
    Method,
    NeedItem,
    Pairing,
    PairingContact,
    PlanAction,
    ReferenceCounter,
    Referral,
    Source,
    Visit,
)
from shiliu.cases.workflow import CASE_ROLES
from shiliu.core import dates, errors
from shiliu.service_requests import sla

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import User
    from shiliu.service_requests.models import Category


class InvalidCaseInput(errors.InvalidInput):
    """Input no channel may store; `code` names the rule, the same on pages and REST."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _covers(actor: User, unit: OrgUnit) -> bool:
    return any(unit.path.startswith(p) for p in actor.unit_paths(CASE_ROLES))


def _require_scope(actor: User, unit: OrgUnit) -> None:
    if not _covers(actor, unit):
        raise errors.NotAllowed(_("You do not work on households in %(unit)s.") % {"unit": unit.localized_name})


def _day(value: date | None, label: str) -> date:
    if value is None:
        raise InvalidCaseInput(_("Please give %(field)s.") % {"field": label}, "missing_date")
    if not dates.in_range(value):
        raise InvalidCaseInput(dates.out_of_range_message(), "date_out_of_range")
    return value


def _optional_day(value: date | None, label: str) -> date | None:
    return None if value is None else _day(value, label)


def _text(value: str, label: str, *, max_length: int = 4000, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidCaseInput(_("Please give %(field)s.") % {"field": label}, "missing_field")
    if len(value) > max_length:
        raise InvalidCaseInput(
            _("%(field)s is too long: at most %(max)d characters.") % {"field": label, "max": max_length},
            "too_long")
    return value


def next_reference(series: str, width: int) -> str:
    """HH-000123 or CA-2026-0042: one conditional UPDATE inside the caller's transaction."""
    ReferenceCounter.objects.get_or_create(series=series)
    ReferenceCounter.objects.filter(series=series).update(last=F("last") + 1)
    number = ReferenceCounter.objects.values_list("last", flat=True).get(series=series)
    return f"{series}-{number:0{width}d}"


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        first = next(iter(error.message_dict.values()))[0]
        raise InvalidCaseInput(str(first), "invalid_field") from None


# --- Households -----------------------------------------------------------------------------------

def household_create(
    actor: User, *, unit: OrgUnit, building: str, unit_no: str, room: str, head_name: str,
    head_phone: str, members_count: int, language: str, notes: str = "", resident: User | None = None,
) -> Household:
    from shiliu.org.models import OrgUnit as Unit
    from shiliu.service_requests.services import checked_language, normalised_phone

    if unit.kind not in (Unit.Kind.GRID, Unit.Kind.COMMUNITY):
        raise InvalidCaseInput(_("A household belongs to a grid or a community."), "invalid_unit")
    _require_scope(actor, unit)
    household = Household(
        unit=unit, building=_text(building, _("the building"), max_length=40, required=False),
        unit_no=_text(unit_no, _("the entrance"), max_length=20, required=False),
        room=_text(room, _("the room"), max_length=20, required=False),
        head_name=_text(head_name, _("the name of the head of household"), max_length=60),
        head_phone=normalised_phone(head_phone), members_count=members_count,
        language=checked_language(language), notes=_text(notes, _("the notes"), required=False),
        resident=resident, created_by=actor,
    )
    _full_clean(household, exclude=["reference"])
    with transaction.atomic():
        household.reference = next_reference("HH", 6)
        household.save()
    return household


def household_update(actor: User, *, household: Household, **changes: Any) -> Household:
    """Change the address, contact, size, language or notes of a household in the actor's scope."""
    from shiliu.service_requests.services import checked_language, normalised_phone

    _require_scope(actor, household.unit)
    editable = {"building", "unit_no", "room", "head_name", "head_phone", "members_count", "language", "notes"}
    unknown = set(changes) - editable
    if unknown:
        raise InvalidCaseInput(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}, "invalid_field")
    if "head_phone" in changes:
        changes["head_phone"] = normalised_phone(changes["head_phone"])
    if "language" in changes:
        changes["language"] = checked_language(changes["language"])
    if "head_name" in changes:
        changes["head_name"] = _text(changes["head_name"], _("the name of the head of household"), max_length=60)
    for name, value in changes.items():
        setattr(household, name, value)
    _full_clean(household)
    household.save(update_fields=[*changes, "head_phone_index", "updated_at"])
    return household


# --- Cases ------------------------------------------------------------------------------------------

def assess_deadline(opened_on: date) -> date:
    """The last day to assess a new case: SHILIU_CASE_ASSESS_WORKING_DAYS working days after it opened."""
    days = int(getattr(settings, "SHILIU_CASE_ASSESS_WORKING_DAYS", 5))
    return sla.nth_working_day_after(opened_on, days, sla.load_overrides())


def case_open(
    actor: User, *, household: Household, source: str, summary: str, caseworker: User | None = None,
    opened_on: date | None = None, now: datetime | None = None,
) -> Case:
    _require_scope(actor, household.unit)
    if source not in Source.values:
        raise InvalidCaseInput(_("Choose how the difficulty came to light."), "invalid_source")
    caseworker = caseworker or actor
    if not _covers(caseworker, household.unit):
        raise InvalidCaseInput(_("%(name)s does not work on cases in this unit.") % {"name": caseworker},
                               "invalid_caseworker")
    now = now or timezone.now()
    opened = _day(opened_on or timezone.localdate(now), _("the opening date"))
    case = Case(household=household, source=source, caseworker=caseworker, unit=household.unit,
                summary=_text(summary, _("a summary of the difficulty")), opened_on=opened,
                assess_by=assess_deadline(opened))
    with transaction.atomic():
        case.reference = next_reference(f"CA-{opened.year}", 4)
        case.save()
        workflow.record_event(case, kind="open", actor=actor, params={"source": source}, now=now)
    return case


def case_assess(
    actor: User, *, case: Case, levels: Mapping[str, str], notes: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Case:
    """Record the needs assessment: `levels` {checklist code: none/some/severe} for active items
    (an item left out is kept as it was, or "none" the first time)."""
    notes = notes or {}
    items = {item.code: item for item in NeedItem.objects.filter(active=True)}
    unknown = set(levels) - set(items)
    if unknown:
        raise InvalidCaseInput(_("Unknown need: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}, "unknown_need")
    if any(level not in Level.values for level in levels.values()):
        raise InvalidCaseInput(_("Choose a level for each need."), "invalid_level")
    with transaction.atomic():
        workflow._check(actor, "assess", case)
        for code, level in levels.items():
            CaseNeed.objects.update_or_create(
                case=case, item=items[code],
                defaults={"level": level, "note": _text(notes.get(code, ""), _("the note"), max_length=500,
                                                        required=False)})
        saved = dict(case.needs.values_list("item__code", "level"))
        workflow.assess(case, actor=actor, levels=saved, now=now)
    return case


def case_start_plan(actor: User, *, case: Case, now: datetime | None = None) -> Case:
    return workflow.start_plan(case, actor=actor, now=now)


def case_monitor(actor: User, *, case: Case, note: str = "", now: datetime | None = None) -> Case:
    return workflow.monitor(case, actor=actor, note=_text(note, _("the note"), required=False), now=now)


def case_resume(actor: User, *, case: Case, note: str = "", now: datetime | None = None) -> Case:
    return workflow.resume(case, actor=actor, note=_text(note, _("the note"), required=False), now=now)


def case_close(actor: User, *, case: Case, outcome: str, outcome_note: str = "", now: datetime | None = None) -> Case:
    return workflow.close(case, actor=actor, outcome=outcome,
                          outcome_note=_text(outcome_note, _("the note"), required=False), now=now)


def case_reopen(actor: User, *, case: Case, reason: str, now: datetime | None = None) -> Case:
    return workflow.reopen(case, actor=actor, reason=_text(reason, _("the reason"), required=False), now=now)


def case_reassign(actor: User, *, case: Case, caseworker: User, now: datetime | None = None) -> Case:
    return workflow.reassign(case, actor=actor, caseworker=caseworker, now=now)


def _require_open(actor: User, case: Case) -> None:
    if not case.is_open:
        raise errors.InvalidTransition(_("The case is closed: reopen it first."))
    if not workflow.covers(actor, CASE_ROLES, case):
        raise errors.NotAllowed(_("You do not work on this case."))


def plan_action_add(
    actor: User, *, case: Case, title: str, owner: User, due_on: date, note: str = "",
    now: datetime | None = None,
) -> PlanAction:
    _require_open(actor, case)
    if not owner.staff_roles.exists():
        raise InvalidCaseInput(_("The owner of an action must be a member of staff."), "invalid_owner")
    action = PlanAction(case=case, title=_text(title, _("the action"), max_length=120), owner=owner,
                        due_on=_day(due_on, _("the due date")), note=_text(note, _("the note"), required=False))
    with transaction.atomic():
        action.save()
        workflow.record_event(case, kind="action_add", actor=actor, now=now,
                              params={"action": action.pk, "title": action.title, "due_on": action.due_on.isoformat()})
    return action


def plan_action_due_in_working_days(start: date, days: int) -> date:
    """A due date `days` working days after `start`, on the spine's calendar."""
    return sla.nth_working_day_after(start, days, sla.load_overrides())


def plan_action_done(
    actor: User, *, action: PlanAction, done_on: date | None = None, note: str = "", now: datetime | None = None,
) -> PlanAction:
    case = action.case
    if action.owner_id != actor.pk:
        _require_open(actor, case)
    elif not case.is_open:
        raise errors.InvalidTransition(_("The case is closed: reopen it first."))
    if action.done_on is not None:
        raise errors.InvalidTransition(_("This action is already done."))
    day = _day(done_on or timezone.localdate(now), _("the date it was done"))
    with transaction.atomic():
        updated = PlanAction.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=day)
        if not updated:
            raise errors.Conflict(_("Someone else changed this action a moment ago. Please reload it."))
        action.done_on = day
        if note.strip():
            action.note = "\n".join(filter(None, [action.note, _text(note, _("the note"), required=False)]))
            action.save(update_fields=["note", "updated_at"])
        workflow.record_event(case, kind="action_done", actor=actor, now=now,
                              params={"action": action.pk, "title": action.title, "done_on": day.isoformat()})
    return action


# --- Visits -----------------------------------------------------------------------------------------

def visit_record(
    actor: User, *, household: Household, visited_on: date, method: str, notes: str, next_step: str = "",
    next_visit_on: date | None = None, case: Case | None = None, idempotency_key: uuid.UUID | str | None = None,
    now: datetime | None = None,
) -> tuple[Visit, bool]:
    """Record a follow-up visit (date, who, how, notes, next step, next date). With an
    idempotency key already used by the same actor, the visit recorded then and created=False;
    used by someone else, a Conflict."""
    key = _key(idempotency_key)
    if key is not None:
        existing = Visit.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _replayed(actor, existing)
    allowed = _covers(actor, household.unit) or Pairing.objects.filter(
        staff=actor, household=household, active=True).exists()
    if not allowed:
        raise errors.NotAllowed(
            _("You do not work on households in %(unit)s.") % {"unit": household.unit.localized_name})
    if method not in Method.values:
        raise InvalidCaseInput(_("Choose how the household was reached."), "invalid_method")
    visited = _day(visited_on, _("the date of the visit"))
    if visited > timezone.localdate(now):
        raise InvalidCaseInput(_("A visit cannot be recorded for a day still to come."), "date_in_future")
    following = _optional_day(next_visit_on, _("the date of the next visit"))
    if following is not None and following <= visited:
        raise InvalidCaseInput(_("The next visit must come after this one."), "next_visit_before_visit")
    if case is not None:
        if case.household_id != household.pk:
            raise InvalidCaseInput(_("That case belongs to another household."), "invalid_case")
        if not case.is_open:
            raise errors.InvalidTransition(_("The case is closed: reopen it first."))
    visit = Visit(household=household, case=case, visited_on=visited, visitor=actor, method=method,
                  notes=_text(notes, _("what was found")), next_step=_text(next_step, _("the next step"),
                                                                         max_length=500, required=False),
                  next_visit_on=following, idempotency_key=key)
    try:
        with transaction.atomic():
            visit.save()
            if case is not None:
                workflow.record_event(case, kind="visit", actor=actor, now=now,
                                      params={"visit": visit.pk, "visited_on": visited.isoformat(), "method": method})
    except IntegrityError:
        if key is None:
            raise
        existing = Visit.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _replayed(actor, existing)
    return visit, True


def _key(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise InvalidCaseInput(_("The idempotency key must be a UUID."), "invalid_idempotency_key") from None


def _replayed(actor: User, existing: Visit) -> tuple[Visit, bool]:
    if existing.visitor_id != actor.pk:
        raise errors.Conflict(_("This idempotency key was already used for another visit."))
    return existing, False


# --- Referrals --------------------------------------------------------------------------------------

def case_refer(
    actor: User, *, case: Case, category: Category, description: str, now: datetime | None = None,
) -> Referral:
    """Hand part of a case to another unit: a request in the spine (routed by its category and
    place, clocked, followed up and rated like any other), entered on the household's behalf
    with the case's reference and no contact details (the unit asks the caseworker)."""
    from shiliu.privacy.models import Purpose
    from shiliu.service_requests.models import Channel
    from shiliu.service_requests.services import service_request_submit

    _require_open(actor, case)
    description = _text(description, _("what the other unit is asked to do"), max_length=2000)
    with transaction.atomic():
        request = service_request_submit(
            actor=actor, channel=Channel.VISIT, category=category,
            description=f"[{case.reference}] {description}", unit=case.unit,
            language=case.household.language, consents={Purpose.REQUEST_HANDLING}, submitted_at=now,
        )
        referral = Referral.objects.create(case=case, service_request=request, created_by=actor)
        workflow.record_event(case, kind="refer", actor=actor, now=now,
                              params={"request": request.reference, "category": category.pk})
    return referral


# --- Pairings ---------------------------------------------------------------------------------------

def pairing_create(
    actor: User, *, staff: User, household: Household, min_contacts: int = 1, period_days: int = 30,
    started_on: date | None = None,
) -> Pairing:
    _require_scope(actor, household.unit)
    if not staff.staff_roles.exists():
        raise InvalidCaseInput(_("Only a member of staff can be paired with a household."), "invalid_staff")
    if Pairing.objects.filter(staff=staff, household=household, active=True).exists():
        raise errors.Conflict(_("%(name)s is already paired with this household.") % {"name": staff})
    pairing = Pairing(staff=staff, household=household, min_contacts=min_contacts, period_days=period_days,
                      started_on=_day(started_on or timezone.localdate(), _("the start date")))
    _full_clean(pairing)
    try:
        with transaction.atomic():
            pairing.save()
    except IntegrityError:
        raise errors.Conflict(_("%(name)s is already paired with this household.") % {"name": staff}) from None
    return pairing


def pairing_end(actor: User, *, pairing: Pairing) -> Pairing:
    _require_scope(actor, pairing.household.unit)
    if not Pairing.objects.filter(pk=pairing.pk, active=True).update(active=False, updated_at=timezone.now()):
        raise errors.InvalidTransition(_("This pairing has already ended."))
    pairing.active = False
    return pairing


def pairing_contact_record(
    actor: User, *, pairing: Pairing, contacted_on: date, method: str, note: str = "",
) -> PairingContact:
    if not pairing.active:
        raise errors.InvalidTransition(_("This pairing has ended."))
    if pairing.staff_id != actor.pk and not _covers(actor, pairing.household.unit):
        raise errors.NotAllowed(_("Only the paired member of staff records contacts."))
    if method not in Method.values:
        raise InvalidCaseInput(_("Choose how the household was reached."), "invalid_method")
    day = _day(contacted_on, _("the date of the contact"))
    if day > timezone.localdate():
        raise InvalidCaseInput(_("A contact cannot be recorded for a day still to come."), "date_in_future")
    if day < pairing.started_on:
        raise InvalidCaseInput(_("The contact is before the pairing started."), "date_before_start")
    return PairingContact.objects.create(pairing=pairing, contacted_on=day, method=method,
                                         note=_text(note, _("the note"), max_length=1000, required=False))
