"""The apps that keep personal data about residents, registered with privacy.

Privacy carries out residents' rights and the retention policy for the whole platform without
importing the apps that hold the data: each holder subclasses `PersonalDataHolder`, overrides what
applies to it, and registers one instance from its app config's `ready()`. Privacy then walks the
registry to export everything, erase it when the
account is deleted, act on a withdrawn consent, and purge what is past its retention period.

The resident's account page is built the same way: each app that keeps records about residents
(requests, residence declarations, enrolments, cases) registers a `ResidentSection` with
`register_resident_section`, and privacy lists them in order without importing any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from shiliu.people.models import User
    from shiliu.privacy.models import Consent
    from shiliu.privacy.retention import RetentionRule


@dataclass(frozen=True)
class ResidentItem:
    """One thing a resident sees listed in a section of their account page: what it is, its
    reference, where it stands (a label already in the reader's language), its link and date."""

    title: str
    url: str = ""
    reference: str = ""
    status: str = ""
    date: date | datetime | None = None
    detail: str = ""


@dataclass(frozen=True)
class ResidentSection:
    """One section of the resident's account page (`/me/`) and of `GET /api/v1/residents/me`,
    registered by the app that holds its records: `items_for(user)` lists the resident's own.
    `empty` says so when there are none; `action_label` and `action_url` offer what to do then
    (e.g. "Report a problem")."""

    key: str
    title: Any
    order: int
    items_for: Callable[[User], list[ResidentItem]]
    empty: Any = ""
    action_label: Any = ""
    action_url: Callable[[], str] | None = None


class PersonalDataHolder:
    """What one app keeps about residents. Every hook does nothing until overridden."""

    # The section of the resident's export that `export` fills ("requests").
    export_section: str = ""
    # The kinds of this app's data with a retention period, in purge order.
    retention_rules: Sequence[RetentionRule] = ()

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


_sections: dict[str, ResidentSection] = {}


def register_resident_section(
    key: str,
    *,
    title: Any,
    order: int,
    items_for: Callable[[User], list[ResidentItem]],
    empty: Any = "",
    action_label: Any = "",
    action_url: Callable[[], str] | None = None,
) -> None:
    """Add a section to the resident's account page (registering a key again replaces it).
    Call it from the app config's `ready()`; `title`, `empty` and `action_label` lazily
    translated."""
    _sections[key] = ResidentSection(key=key, title=title, order=order, items_for=items_for, empty=empty,
                                     action_label=action_label, action_url=action_url)


def resident_sections() -> list[ResidentSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
