"""The retention policy: how long each kind of personal data is kept, and which rows are past it.

The number of days per kind is configuration (`SHILIU_RETENTION_DAYS`); what each kind means is
written once with its rule (here for accounts and consents, with the registered holder for the
rest: `registry`) and shown by `manage.py purge_personal_data --policy`. The purge itself is
`services.personal_data_purge`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shiliu.people.models import User
from shiliu.privacy import registry
from shiliu.privacy.models import Consent, OneTimeCode


@dataclass(frozen=True)
class RetentionRule:
    """One kind of personal data with a retention period: which rows are past it (`candidates`,
    oldest first, from the cutoff) and how one is removed (`purge`, True when something went)."""

    kind: str
    description: Any
    candidates: Callable[[datetime], QuerySet[Any]]
    purge: Callable[[Any, datetime], bool]

    @property
    def days(self) -> int:
        return int(settings.SHILIU_RETENTION_DAYS[self.kind])

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)


def _inactive_accounts(cutoff: datetime) -> QuerySet[Any]:
    return (User.objects.filter(resident_profile__isnull=False, staff_roles__isnull=True)
            .annotate(last_seen=Coalesce("last_login", "date_joined"))
            .filter(last_seen__lt=cutoff).order_by("last_seen", "pk"))


def _erase_account(user: User, now: datetime) -> bool:
    from shiliu.privacy.services import resident_erase

    resident_erase(actor=None, user=user, reason="retention", now=now)
    return True


def _withdrawn_consents(cutoff: datetime) -> QuerySet[Any]:
    return Consent.objects.filter(withdrawn_at__lt=cutoff).order_by("withdrawn_at", "pk")


def _delete_consent(consent: Consent, now: datetime) -> bool:
    consent.delete()
    return True


def _expired_codes(cutoff: datetime) -> QuerySet[Any]:
    return OneTimeCode.objects.filter(expires_at__lt=cutoff).order_by("expires_at", "pk")


def _delete_code(code: OneTimeCode, now: datetime) -> bool:
    code.delete()
    return True


# Privacy's own kinds; they come after the holders' (accounts go after what hangs on them).
OWN_RULES = (
    RetentionRule("inactive_resident_accounts", _(
        "Resident accounts nobody signed in to (or, never used, created) for this long: deleted as if "
        "the resident had deleted them."), _inactive_accounts, _erase_account),
    RetentionRule("withdrawn_consents", _("The record of a consent, counted from its withdrawal."),
                  _withdrawn_consents, _delete_consent),
    RetentionRule("one_time_codes", _(
        "Sign-in and contact codes (a hash of the code and of the address), counted from their "
        "expiry."), _expired_codes, _delete_code),
)


def rules() -> list[RetentionRule]:
    """Every kind with a retention period: the registered holders' (`registry`), then privacy's."""
    return [rule for holder in registry.holders() for rule in holder.retention_rules] + list(OWN_RULES)


def rule_for(kind: str) -> RetentionRule:
    for rule in rules():
        if rule.kind == kind:
            return rule
    raise LookupError(kind)


def candidates(kind: str, *, now: datetime) -> QuerySet[Any]:
    """The rows of `kind` whose retention period is over, oldest first."""
    rule = rule_for(kind)
    return rule.candidates(rule.cutoff(now))
