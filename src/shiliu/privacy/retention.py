"""The retention policy: how long each kind of personal data is kept, and which rows are past it.

The number of days per kind is configuration (`SHILIU_RETENTION_DAYS`); what each kind means is
written once here and shown by `manage.py purge_personal_data --policy`. The purge itself is
`services.personal_data_purge`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shiliu.privacy.models import Consent


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    description: Any

    @property
    def days(self) -> int:
        return int(settings.SHILIU_RETENTION_DAYS[self.kind])

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)


RULES = (
    RetentionRule("closed_request_contact", _(
        "Contact name, phone and exact address of a request, counted from when it was closed, not "
        "accepted or merged. The address is cut to its road or community; the request stays.")),
    RetentionRule("closed_request_photos", _("Photos attached to a request, counted from its closure.")),
    RetentionRule("inactive_resident_accounts", _(
        "Resident accounts nobody signed in to (or, never used, created) for this long: deleted as if "
        "the resident had deleted them.")),
    RetentionRule("withdrawn_consents", _("The record of a consent, counted from its withdrawal.")),
)
RULES_BY_KIND = {rule.kind: rule for rule in RULES}


def candidates(kind: str, *, now: datetime) -> QuerySet[Any]:
    """The rows of `kind` whose retention period is over, oldest first."""
    from shiliu.people.models import User
    from shiliu.service_requests.models import Attachment, ServiceRequest
    from shiliu.service_requests.workflow import FINAL_STATUSES

    cutoff = RULES_BY_KIND[kind].cutoff(now)
    if kind == "closed_request_contact":
        return ServiceRequest.objects.filter(
            status__in=FINAL_STATUSES, closed_at__lt=cutoff, personal_data_erased_at__isnull=True
        ).order_by("closed_at", "pk")
    if kind == "closed_request_photos":
        return Attachment.objects.filter(
            request__status__in=FINAL_STATUSES, request__closed_at__lt=cutoff
        ).select_related("request").order_by("request_id", "pk")
    if kind == "inactive_resident_accounts":
        return (User.objects.filter(resident_profile__isnull=False, staff_roles__isnull=True)
                .annotate(last_seen=Coalesce("last_login", "date_joined"))
                .filter(last_seen__lt=cutoff).order_by("last_seen", "pk"))
    if kind == "withdrawn_consents":
        return Consent.objects.filter(Q(withdrawn_at__lt=cutoff)).order_by("withdrawn_at", "pk")
    raise LookupError(kind)
