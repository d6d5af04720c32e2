"""What casework keeps about residents, registered with privacy (`privacy.registry`): listed on the
resident's account page when a household is linked to their account, exported, erased with the
account, and purged once a household has had no open case and no visit for the retention period
(`SHILIU_RETENTION_DAYS["closed_case_notes"]`): the rows stay for the figures, names, phones and
everything written about the household go."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import DateField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.cases.models import Case, CaseEvent, CaseNeed, Household, PairingContact, PlanAction, Visit
from shiliu.cases.workflow import OPEN_STATUSES
from shiliu.people.models import User
from shiliu.privacy.registry import PersonalDataHolder, ResidentItem
from shiliu.privacy.retention import RetentionRule

ERASED_FIELDS = ["head_name", "head_phone", "notes", "case.summary", "case.outcome_note", "need.note",
                 "action.note", "event.note", "visit.notes", "visit.next_step", "contact.note"]


def household_erase_personal_data(
    *, actor: User | None, household: Household, reason: str, now: datetime,
    request: HttpRequest | None = None, unlink: bool = False,
) -> bool:
    """Blank every name, phone and note kept about `household` (its rows stay for the figures)."""
    with transaction.atomic():
        household.head_name = ""
        household.head_phone = ""
        household.notes = ""
        household.personal_data_erased_at = now
        fields = ["head_name", "head_phone", "head_phone_index", "notes", "personal_data_erased_at", "updated_at"]
        if unlink:
            household.resident = None
            fields.append("resident")
        household.save(update_fields=fields)
        cases = Case.objects.filter(household=household)
        cases.update(summary="", outcome_note="")
        CaseNeed.objects.filter(case__in=cases).update(note="")
        PlanAction.objects.filter(case__in=cases).update(note="")
        CaseEvent.objects.filter(case__in=cases).update(note="")
        Visit.objects.filter(household=household).update(notes="", next_step="")
        PairingContact.objects.filter(pairing__household=household).update(note="")
        audit_record(actor=actor, action=AuditAction.DELETE, target=household, request=request,
                     actor_label="" if actor else reason,
                     detail={"fields": ERASED_FIELDS, "reason": reason})
    return True


def _quiet_households(cutoff: datetime) -> QuerySet[Any]:
    """Households not yet erased, with no open case, whose last case closed, last visit and
    creation all lie before the cutoff."""
    day = cutoff.date()
    never = Value(date(2000, 1, 1), output_field=DateField())
    last_closed = Case.objects.filter(household=OuterRef("pk")).order_by("-closed_on").values("closed_on")[:1]
    last_visit = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    open_case = Case.objects.filter(household=OuterRef("pk"), status__in=OPEN_STATUSES)
    return (Household.objects.filter(personal_data_erased_at__isnull=True, created_at__lt=cutoff)
            .annotate(last_closed=Coalesce(Subquery(last_closed), never),
                      last_visit=Coalesce(Subquery(last_visit), never), created_on=TruncDate("created_at"))
            .filter(last_closed__lt=day, last_visit__lt=day)
            .exclude(Exists(open_case)).order_by("pk"))


def _purge_household(household: Household, now: datetime) -> bool:
    return household_erase_personal_data(actor=None, household=household, reason="retention", now=now)


class CaseData(PersonalDataHolder):
    export_section = "casework"
    retention_rules = (
        RetentionRule("closed_case_notes", _(
            "Name, phone and everything written about a household in casework (summaries, needs, "
            "plan notes, visit notes), counted from its last closed case or visit, whichever is "
            "later, once no case is open. The records stay for the figures."),
            _quiet_households, _purge_household),
    )

    def export(self, *, user: User) -> list[dict[str, Any]]:
        households = Household.objects.filter(resident=user).prefetch_related(
            "cases__needs__item", "cases__actions", "visits")
        return [
            {
                "reference": h.reference,
                "address": h.address,
                "head_name": h.head_name,
                "head_phone": h.head_phone,
                "members_count": h.members_count,
                "language": h.language,
                "notes": h.notes,
                "cases": [
                    {"reference": c.reference, "status": c.status, "opened_on": c.opened_on.isoformat(),
                     "closed_on": c.closed_on.isoformat() if c.closed_on else None, "outcome": c.outcome,
                     "summary": c.summary,
                     "needs": [{"need": str(n.item), "level": n.level, "note": n.note} for n in c.needs.all()],
                     "plan": [{"action": a.title, "due_on": a.due_on.isoformat(),
                               "done_on": a.done_on.isoformat() if a.done_on else None} for a in c.actions.all()]}
                    for c in h.cases.all()
                ],
                "visits": [{"visited_on": v.visited_on.isoformat(), "method": v.method, "notes": v.notes,
                            "next_step": v.next_step} for v in h.visits.all()],
            }
            for h in households
        ]

    def erase_resident(
        self, *, actor: User | None, user: User, reason: str, now: datetime, request: HttpRequest | None
    ) -> int:
        households = list(Household.objects.filter(resident=user))
        for household in households:
            household_erase_personal_data(actor=actor, household=household, reason=reason, now=now,
                                          request=request, unlink=True)
        return len(households)


def resident_case_items(user: User) -> list[ResidentItem]:
    """The cases about the resident's household on their account page. No resident page shows a
    case (its notes are the caseworker's), so the link gives them everything kept: their export."""
    cases = Case.objects.filter(household__resident=user).order_by("-opened_on", "-pk")
    return [ResidentItem(title=str(_("Casework")), url=reverse("privacy:resident-export", args=["json"]),
                         reference=case.reference, status=str(case.get_status_display()), date=case.opened_on)
            for case in cases]


def register_resident_section() -> None:
    from shiliu.privacy.registry import register_resident_section as register

    register("cases", title=_("Support from my community (casework)"), order=40, items_for=resident_case_items,
             empty=_("No casework concerns your household."))
