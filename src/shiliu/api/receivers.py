"""The cached API keys (services._known_keys) hold their service account and its roles: a save of
such an account, or a role given to it or taken away, drops the keys in every process (a new
configuration token, in the change's transaction), so what the account may do changes at the
very next call. Other accounts' changes cost one indexed lookup and change nothing."""

from __future__ import annotations

from typing import Any

from shiliu.api.models import ApiKey
from shiliu.core import config
from shiliu.people.models import StaffRole, User

# What signing in writes (update_fields): nothing a cached key reads.
UNREAD_FIELDS = frozenset({"last_login"})


def account_saved(sender: type[User], instance: User, created: bool = False,
                  update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    if kwargs.get("raw") or created or (update_fields is not None and set(update_fields) <= UNREAD_FIELDS):
        return  # a new account has no key yet; a sign-in changes nothing a key reads
    if ApiKey.objects.filter(user_id=instance.pk).exists():
        config.config_changed()


def role_changed(sender: type[StaffRole], instance: StaffRole, **kwargs: Any) -> None:
    if not kwargs.get("raw") and ApiKey.objects.filter(user_id=instance.user_id).exists():
        config.config_changed()
