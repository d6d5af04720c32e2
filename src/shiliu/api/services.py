"""Every write the API adapters make for themselves: issuing and revoking keys, and recording
idempotent creations. Requests themselves are created by service_requests.services only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.api.models import ApiKey, IdempotencyRecord, Scope
from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core import config, errors
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import StaffRole, User
from shiliu.service_requests import workflow

KEY_PREFIX = "sl"
M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# The staff roles a key's service account holds at the key's unit, per permission. Reading needs
# a request role to see requests at all; the API refuses verbs to a key without requests.act
# before the workflow is asked, and the workflow then applies the roles as it does to people.
ROLES_FOR_SCOPE: dict[str, set[str]] = {
    Scope.REQUESTS_READ: {Role.DISPATCHER},
    Scope.REQUESTS_CREATE: set(),
    Scope.REQUESTS_ACT: {Role.DISPATCHER, Role.HANDLER},
    Scope.FIGURES_READ: {Role.ANALYST},
    # Casework in the key's unit: the community staff role, which the case policy reads.
    Scope.CASES_READ: {Role.STATION_STAFF},
    Scope.CASES_WRITE: {Role.STATION_STAFF},
}


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def api_key_issue(
    *,
    actor: User | None,
    name: str,
    unit: OrgUnit,
    scopes: Iterable[str],
    replace: bool = False,
) -> tuple[ApiKey, str]:
    """Issue a key for `name` at `unit`; returns the key and the raw secret, which is shown once
    and never stored. `replace` revokes the client's earlier keys first."""
    name = name.strip()
    if not name:
        raise workflow.InvalidInput(_("Please give the client's name."))
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown or not chosen:
        raise workflow.InvalidInput(
            _("Choose one or more of the permissions: %(scopes)s.")
            % {"scopes": ", ".join(Scope.values)}
        )
    with transaction.atomic():
        if replace:
            for old in ApiKey.objects.filter(name=name, revoked_at__isnull=True):
                api_key_revoke(actor=actor, api_key=old)
        prefix = secrets.token_hex(4)
        raw_key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        user = User(username=f"api-{prefix}", display_name=f"{name} (API)")
        user.set_unusable_password()
        user.save()
        roles = set().union(*(ROLES_FOR_SCOPE[s] for s in chosen))
        StaffRole.objects.bulk_create(
            StaffRole(user=user, role=role, unit=unit) for role in sorted(roles)
        )
        api_key = ApiKey.objects.create(
            name=name,
            prefix=prefix,
            key_hash=hash_key(raw_key),
            unit=unit,
            scopes=chosen,
            user=user,
            issued_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=api_key,
            detail={"scopes": chosen, "unit": unit.code},
            actor_label="" if actor else "system",
        )
    return api_key, raw_key


def api_key_revoke(*, actor: User | None, api_key: ApiKey, now: datetime | None = None) -> ApiKey:
    """Revoke the key at once; its service account can no longer act."""
    now = now or timezone.now()
    with transaction.atomic():
        if ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=now, updated_at=now
        ):
            User.objects.filter(pk=api_key.user_id).update(is_active=False)
            config.config_changed()  # every process reads keys from its cache: drop them now
            audit_record(
                actor=actor,
                action=AuditAction.PERMISSION_CHANGE,
                target=api_key,
                detail={"revoked": True},
                actor_label="" if actor else "system",
            )
            api_key.revoked_at = now
    return api_key


def _known_keys() -> dict[str, ApiKey]:
    """The keys (active or not) this process has read since the configuration's token last
    changed, by prefix. Saving a key (watched in apps.py), revoking it, or changing its service
    account or that account's roles writes a new token, so a revoked key fails at the very next
    call in every process: each request reads the token once anyway. Unknown prefixes are not
    remembered (a guesser would fill the memory). The rows are shared by the process's requests:
    read them, never save them."""
    return config.cached("api.keys", dict)


def _key_with_prefix(prefix: str) -> ApiKey | None:
    known = _known_keys()
    api_key = known.get(prefix)
    if api_key is None:
        # With what intake asks of the key's service account (its roles and units, whether it
        # is a resident), so a keyed call asks the database nothing more about them.
        api_key = (ApiKey.objects.select_related("user__resident_profile", "unit")
                   .prefetch_related("user__staff_roles__unit").filter(prefix=prefix).first())
        if api_key is not None:
            known[prefix] = api_key
    return api_key


def api_key_authenticate(raw_key: str, *, now: datetime | None = None) -> ApiKey | None:
    """The active key `raw_key` names, or None. Compared in constant time; `last_used_at` is
    written at most once a minute per process."""
    parts = raw_key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    api_key = _key_with_prefix(parts[1])
    if api_key is None or not hmac.compare_digest(api_key.key_hash, hash_key(raw_key.strip())):
        return None
    if not api_key.is_active or not api_key.user.is_active:
        return None
    now = now or timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now  # the cached copy too (never saved), or it would write every call
    return api_key


# --- Idempotent creation -------------------------------------------------------------------------


class IdempotencyKeyReused(errors.Unprocessable):
    code = "idempotency_key_reused"


def body_hash(payload: Any) -> str:
    """A stable digest of a request body already parsed into plain data."""
    import json

    text = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _record(client: str, key: str) -> IdempotencyRecord | None:
    """The record of (client, key), unique: no ORDER BY, no join. Almost every creation finds
    none, so what a replay returns is read only then (the join and the ordering made this
    look-up cost 0.6 ms of CPU more at every Open311 intake)."""
    return next(iter(IdempotencyRecord.objects.filter(client=client, key=key).order_by()[:1]), None)


def _replay(*, client: str, key: str, digest: str, now: datetime, target: str) -> Any:
    record = _record(client, key)
    if record is None:
        return None
    window = timedelta(hours=settings.SHILIU_IDEMPOTENCY_WINDOW_HOURS)
    if record.created_at < now - window:
        # Expired: the key may create a new request; the first retry to delete it goes on.
        IdempotencyRecord.objects.filter(pk=record.pk, created_at=record.created_at).delete()
        return None
    if record.body_hash != digest or getattr(record, f"{target}_id") is None:
        raise IdempotencyKeyReused(
            _(
                "This Idempotency-Key was already used for a different request. "
                "Send a new key for a new request."
            )
        )
    return getattr(record, target)


def idempotent_create(
    *,
    client: str,
    key: str,
    digest: str,
    create: Callable[[], T],
    now: datetime | None = None,
    target: str = "request",
) -> tuple[T, bool]:
    """Run `create` once per (client, key): returns (what it made, replayed). A retry with the
    same key and body gets the first request (or declaration: `target`) back. When two arrive at
    once, the database's unique constraint lets one record through; the other's transaction
    rolls back, what it made included, and it answers with the winner's."""
    now = now or timezone.now()
    existing = _replay(client=client, key=key, digest=digest, now=now, target=target)
    if existing is not None:
        return existing, True
    try:
        with transaction.atomic():
            created = create()
            IdempotencyRecord.objects.create(
                client=client, key=key, body_hash=digest, created_at=now, **{target: created}
            )
    except IntegrityError:
        existing = _replay(client=client, key=key, digest=digest, now=now, target=target)
        if existing is None:
            raise
        return existing, True
    return created, False


def _replay_object(*, client: str, key: str, digest: str, model: type[M], now: datetime) -> M | None:
    record = _record(client, key)
    if record is None:
        return None
    window = timedelta(hours=settings.SHILIU_IDEMPOTENCY_WINDOW_HOURS)
    if record.created_at < now - window:
        IdempotencyRecord.objects.filter(pk=record.pk, created_at=record.created_at).delete()
        return None
    if record.body_hash != digest or record.object_type != model._meta.label_lower:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was already used for a different request. "
              "Send a new key for a new request.")
        )
    return model._default_manager.filter(pk=record.object_id).first()


def idempotent_create_object(
    *, client: str, key: str, digest: str, model: type[M], create: Callable[[], M],
    now: datetime | None = None,
) -> tuple[M, bool]:
    """`idempotent_create` for any other record a key creates (casework): one per (client, key),
    held by the same unique constraint."""
    now = now or timezone.now()
    existing = _replay_object(client=client, key=key, digest=digest, model=model, now=now)
    if existing is not None:
        return existing, True
    try:
        with transaction.atomic():
            created = create()
            IdempotencyRecord.objects.create(client=client, key=key, body_hash=digest, created_at=now,
                                             object_type=model._meta.label_lower, object_id=str(created.pk))
    except IntegrityError:
        existing = _replay_object(client=client, key=key, digest=digest, model=model, now=now)
        if existing is None:
            raise
        return existing, True
    return created, False
