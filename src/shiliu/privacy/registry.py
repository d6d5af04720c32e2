"""The apps that keep personal data about residents, registered with privacy.

Privacy carries out residents' rights and the retention policy for the whole platform without
importing the apps that hold the data: each holder subclasses `PersonalDataHolder`, overrides what
applies to it, and registers one instance from its app config's `ready()`. Privacy then walks the
registry to list a resident's items on their account page, export everything, erase it when the
account is deleted, act on a withdrawn consent, and purge what is past its retention period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from shiliu.people.models import User
    from shiliu.privacy.models import Consent
    from shiliu.privacy.retention import RetentionRule


@dataclass(frozen=True)
class ResidentItem:
    """One thing a resident sees listed on their account page, with its link."""

    url: str
    title: str
    detail: str


class PersonalDataHolder:
    """What one app keeps about residents. Every hook does nothing until overridden."""

    # The section of the resident's export that `export` fills ("requests").
    export_section: str = ""
    # The kinds of this app's data with a retention period, in purge order.
    retention_rules: Sequence[RetentionRule] = ()

    def resident_items(self, *, user: User) -> list[ResidentItem]:
        return []

    def export(self, *, user: User) -> list[dict[str, Any]]:
        """Everything kept about `user`, in clear (it is their own data)."""
        return []

    def consent_subjects(self, *, user: User) -> list[str]:
        """Consent subjects (`Consent.subject`) of this app's rows that belong to `user`."""
        return []

    def erase_resident(
        self, *, actor: User | None, user: User, reason: str, now: datetime, request: HttpRequest | None
    ) -> int:
        """Remove `user`'s personal data (the account is being deleted); the number of rows changed."""
        return 0

    def consent_withdrawn(
        self, *, actor: User | None, consent: Consent, now: datetime, request: HttpRequest | None
    ) -> None:
        """Stop using what `consent` covered (it was just withdrawn, in the same transaction)."""


_holders: dict[type[PersonalDataHolder], PersonalDataHolder] = {}


def register(holder: PersonalDataHolder) -> None:
    """Add `holder` (one per class: registering again replaces it)."""
    _holders[type(holder)] = holder


def holders() -> list[PersonalDataHolder]:
    return list(_holders.values())
