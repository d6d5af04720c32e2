"""How an audit event reads on the auditor's page: its object and its detail in words.

"people.user:9" becomes "Resident account 张**" (a resident's name masked, as everywhere) or
"Staff account dispatcher"; "service_requests.servicerequest:41" becomes "Request SL-2026-000123";
the detail's JSON becomes "Field: contact phone; reason: 回访". The stored row is not changed
(the chain hashes it as written) and exports keep the raw values for machines.
Objects are looked up once per kind for the whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.audit.models import AuditEvent
from shiliu.core.masking import mask_name

USER, REQUEST, TRAIL = "people.user", "service_requests.servicerequest", "audit.auditevent"
# Models whose objects are configuration, named by their own text (no personal data in it).
NAMED_MODELS = {"org.orgunit", "org.servicepoint", "service_requests.category", "api.apikey",
                "service_requests.holidayoverride"}

KEYS = {
    "field": gettext_lazy("field"), "fields": gettext_lazy("fields"), "reason": gettext_lazy("reason"),
    "search": gettext_lazy("searched by"), "matches": gettext_lazy("found"),
    "purpose": gettext_lazy("purpose"), "subject": gettext_lazy("for"), "consents": gettext_lazy("consents"),
    "withdrawn": gettext_lazy("withdrawn"), "account": gettext_lazy("account"),
    "claimed": gettext_lazy("claimed by the resident"), "format": gettext_lazy("format"),
    "requests": gettext_lazy("requests"), "rows": gettext_lazy("rows"), "filters": gettext_lazy("filters"),
    "verified": gettext_lazy("chain intact"), "checked": gettext_lazy("events checked"),
    "scopes": gettext_lazy("scopes"), "unit": gettext_lazy("unit"), "revoked": gettext_lazy("revoked"),
    "via": gettext_lazy("through"), "related": gettext_lazy("related"), "changed": gettext_lazy("changed"),
    "password": gettext_lazy("password"), "two_factor": gettext_lazy("two-step sign-in"),
    "recovery_codes": gettext_lazy("recovery codes"), "scope": gettext_lazy("locked by"),
    "failures": gettext_lazy("failures"), "until": gettext_lazy("until"), "factor": gettext_lazy("step"),
    "second_factor": gettext_lazy("second step"), "flags": gettext_lazy("account flags"),
    "removed": gettext_lazy("removed"), "requests_anonymised": gettext_lazy("requests anonymised"),
    "archive": gettext_lazy("archive"), "roles": gettext_lazy("roles"), "role": gettext_lazy("role"),
}
VALUES = {
    "contact_phone": gettext_lazy("contact phone"), "contact_name": gettext_lazy("contact name"),
    "address": gettext_lazy("exact address"), "photo": gettext_lazy("photo"),
    "submitted_by": gettext_lazy("link to the resident's account"),
    "send_tracking_link": gettext_lazy("text the private link to the resident"),
    "request_handling": gettext_lazy("handling the request"),
    "follow_up_contact": gettext_lazy("follow-up contact"),
    "admin": gettext_lazy("the administration"), "resident": gettext_lazy("resident"),
    "password": gettext_lazy("password"), "totp": gettext_lazy("authenticator code"),
    "recovery": gettext_lazy("recovery code"), "required": gettext_lazy("required"),
    "none": gettext_lazy("none"), "enrolled": gettext_lazy("enrolled"), "reset": gettext_lazy("reset"),
    "set": gettext_lazy("set"), "rehashed": gettext_lazy("re-hashed"), "asked": gettext_lazy("asked"),
    "idle": gettext_lazy("idle timeout"), "lockout": gettext_lazy("lockout"),
    "locked": gettext_lazy("account locked"), "retention": gettext_lazy("retention period over"),
    "follow_up_withdrawn": gettext_lazy("consent to follow-up contact withdrawn"),
    "handling_withdrawn": gettext_lazy("consent withdrawn"),
    "account_deleted": gettext_lazy("account deleted"), "username": gettext_lazy("user name"),
}


@dataclass(frozen=True)
class DescribedEvent:
    event: AuditEvent
    target: str
    detail: str


def describe(events: Sequence[AuditEvent]) -> list[DescribedEvent]:
    names = _target_names(events)
    return [
        DescribedEvent(event, names.get((event.target_type, event.target_id), _fallback(event)),
                       detail_words(event.detail))
        for event in events
    ]


def _fallback(event: AuditEvent) -> str:
    if not event.target_type:
        return ""
    if event.target_type == TRAIL:
        return _("Audit trail")
    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return f"{event.target_type} {event.target_id}".strip()
    return f"{model._meta.verbose_name} #{event.target_id}" if event.target_id else str(model._meta.verbose_name)


def _target_names(events: Sequence[AuditEvent]) -> dict[tuple[str, str], str]:
    ids: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.target_id.isdigit():
            ids[event.target_type].add(int(event.target_id))
    names: dict[tuple[str, str], str] = {}
    # Models are looked up by label in the app registry: audit, the lowest layer, imports none.
    if ids.get(USER):
        user_model = apps.get_model(USER)
        for user in user_model.objects.filter(pk__in=ids[USER]).annotate(role_count=Count("staff_roles")):
            if user.role_count:
                text = _("Staff account %(name)s") % {"name": user.get_username()}
            else:
                text = _("Resident account %(name)s") % {"name": mask_name(user.display_name) or f"#{user.pk}"}
            names[(USER, str(user.pk))] = text
    if ids.get(REQUEST):
        request_model = apps.get_model(REQUEST)
        for pk, reference in request_model.objects.filter(pk__in=ids[REQUEST]).values_list("pk", "reference"):
            names[(REQUEST, str(pk))] = _("Request %(reference)s") % {"reference": reference}
    for label in NAMED_MODELS & set(ids):
        model = apps.get_model(label)
        for pk, obj in model._default_manager.in_bulk(list(ids[label])).items():
            names[(label, str(pk))] = f"{model._meta.verbose_name} {obj}"
    return names


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)} {_value(v)}" for k, v in value.items())
    if isinstance(value, str):
        if value in VALUES:
            return str(VALUES[value])
        moment = parse_datetime(value) if "T" in value else None
        return date_format(moment, "Y-m-d H:i") if moment else value
    return str(value)


def _label(key: str) -> str:
    return f"{KEYS.get(key, key)}:"


def detail_words(detail: dict[str, Any]) -> str:
    """The detail as "label: value; label: value", in the page's language."""
    if not isinstance(detail, dict):
        return str(detail)
    return "; ".join(f"{_label(key)} {_value(value)}" for key, value in detail.items())
