"""What declarations keep about residents, registered with privacy (`privacy.registry`): listed
on the resident's account page, exported, anonymised with the account or when the resident
withdraws their consent to residence declarations, and anonymised a while after moving out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shiliu.people.models import User
from shiliu.privacy.models import Consent, Purpose
from shiliu.privacy.registry import PersonalDataHolder, ResidentItem
from shiliu.privacy.retention import RetentionRule
from shiliu.residence.models import Declaration
from shiliu.residence.selectors import declarations_for_resident
from shiliu.residence.services import declaration_erase_personal_data
from shiliu.residence.workflow import Status

# The columns of the export (and nothing else): no ethnicity, religion or origin, ever.
EXPORT_FIELDS = ["reference", "status", "submitted_at", "confirmed_at", "community", "building", "unit_no",
                 "room", "full_name", "moved_in_on", "purpose", "language", "return_reason", "moved_out_on",
                 "members", "history"]
MEMBER_FIELDS = ["name", "relation", "birth_year", "schooling"]


def _moved_out(cutoff: datetime) -> QuerySet[Any]:
    return Declaration.objects.filter(status=Status.MOVED_OUT, moved_out_at__lt=cutoff,
                                      personal_data_erased_at__isnull=True).order_by("moved_out_at", "pk")


def _anonymise(declaration: Declaration, now: datetime) -> bool:
    return declaration_erase_personal_data(actor=None, declaration=declaration, reason="retention", now=now)


def export_row(declaration: Declaration) -> dict[str, Any]:
    row = {
        "reference": declaration.reference,
        "status": declaration.status,
        "submitted_at": declaration.submitted_at.isoformat(),
        "confirmed_at": declaration.confirmed_at.isoformat() if declaration.confirmed_at else None,
        "community": str(declaration.community),
        "building": declaration.building,
        "unit_no": declaration.unit_no,
        "room": declaration.room,
        "full_name": declaration.full_name,
        "moved_in_on": declaration.moved_in_on.isoformat(),
        "purpose": declaration.purpose,
        "language": declaration.language,
        "return_reason": declaration.return_reason,
        "moved_out_on": declaration.moved_out_on.isoformat() if declaration.moved_out_on else None,
        "members": [{"name": m.name, "relation": m.relation, "birth_year": m.birth_year,
                     "schooling": m.schooling} for m in declaration.members.all()],
        "history": [{"at": e.created_at.isoformat(), "text": e.describe(), "note": e.note}
                    for e in declaration.events.all()],
    }
    assert list(row) == EXPORT_FIELDS
    return row


class DeclarationData(PersonalDataHolder):
    export_section = "residence_declarations"
    retention_rules = (
        RetentionRule("moved_out_declarations", _(
            "Names and exact address of a residence declaration, counted from when moving out was "
            "recorded. The community, dates, purpose and the members' relation and birth year stay."),
            _moved_out, _anonymise),
    )

    def export(self, *, user: User) -> list[dict[str, Any]]:
        return [export_row(d) for d in declarations_for_resident(user)]

    def erase_resident(
        self, *, actor: User | None, user: User, reason: str, now: datetime, request: HttpRequest | None
    ) -> int:
        declarations = list(Declaration.objects.filter(resident=user))
        return sum(declaration_erase_personal_data(actor=actor, declaration=d, reason=reason, now=now,
                                                   http_request=request) for d in declarations)

    def consent_withdrawn(
        self, *, actor: User | None, consent: Consent, now: datetime, request: HttpRequest | None
    ) -> None:
        if consent.purpose != Purpose.RESIDENCE_DECLARATION or consent.user_id is None:
            return
        for declaration in Declaration.objects.filter(resident_id=consent.user_id):
            declaration_erase_personal_data(actor=actor, declaration=declaration, reason="consent_withdrawn",
                                            now=now, http_request=request)


def resident_declaration_items(user: User) -> list[ResidentItem]:
    """The resident's residence declarations on their account page, newest first."""
    return [ResidentItem(title=f"{_('Residence declaration')} · {d.community}", url=d.get_absolute_url(),
                         reference=str(d.reference), status=str(d.get_status_display()), date=d.submitted_at)
            for d in declarations_for_resident(user)]


def register_resident_section() -> None:
    from django.urls import reverse

    from shiliu.privacy.registry import register_resident_section as register

    register("residence", title=_("My residence declarations"), order=20, items_for=resident_declaration_items,
             empty=_("No residence declaration yet."), action_label=_("Declare where I live"),
             action_url=lambda: reverse("residence:declare"))
