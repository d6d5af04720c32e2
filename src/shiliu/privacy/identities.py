"""Residents' phone numbers and e-mail addresses as the lockout's account keys (registered with
`people.sign_in_locks` at start-up): the blind index, never the identifier itself."""

from __future__ import annotations

from django.db.models import Q

from shiliu.privacy import crypto
from shiliu.privacy.models import ResidentProfile
from shiliu.privacy.selectors import identifier_kind


class ResidentIdentities:
    def key_of(self, identifier: str) -> str:
        return crypto.blind_index(identifier, kind=identifier_kind(identifier))

    def user_id_of(self, key: str) -> int | None:
        user_id: int | None = (ResidentProfile.objects.filter(Q(phone_index=key) | Q(email_index=key))
                               .values_list("user_id", flat=True).first())
        return user_id
