"""Writing, sealing and checking the audit trail. Every app records through `audit_record`
(one INSERT, no lock); `audit_seal` chains what was appended; `audit_verify_chain` checks it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from shiliu.audit.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64

# The request being served, so that changes recorded by signal handlers (an account edited in the
# admin, a role granted) carry the actor and their address; a label for work outside a request.
_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
_current_label: ContextVar[str] = ContextVar("audit_label", default="")


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address as the server saw it (a proxy in front must set REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def current_request() -> HttpRequest | None:
    return _current_request.get()


def current_actor() -> Any:
    """The signed-in user of the request being served, or None (a command, the shell)."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def system_label() -> str:
    """Who acts when no signed-in person does: the label set by `audit_as`, an anonymous visitor,
    or the management command being run."""
    label = _current_label.get()
    if label:
        return label
    if _current_request.get() is not None:
        return "anonymous"
    argv = sys.argv
    if len(argv) > 1 and argv[0].endswith("manage.py"):
        return f"manage.py {argv[1]}"[:150]
    return "system"


@contextmanager
def audit_as(label: str) -> Iterator[None]:
    """Record events written inside the block as done by `label` (e.g. "manage.py grant_role")."""
    token = _current_label.set(label)
    try:
        yield
    finally:
        _current_label.reset(token)


class AuditContextMiddleware:
    """Makes the current request known to `current_request` / `current_actor`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the chain. `detail` names fields and identifiers, never their values."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None and hasattr(user, "_wrapped"):  # a lazy request.user
        user = user._wrapped
    # One INSERT and no lock: the row is chained later by `audit_seal`, in id order.
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(actor_label or (user.get_username() if user else system_label()))[:150],
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail or {},
        ip_address=client_address(request),
    )


SEAL_BATCH = 2000


def audit_seal(*, batch: int = SEAL_BATCH, now: datetime | None = None) -> int:
    """Chain the rows appended since the last pass, in id order; returns how many were sealed.

    Each pass holds the chain head's row lock, so two passes never fork the chain; writers never
    wait for it. A row whose transaction commits after a pass has read the new rows (its id
    lower than some sealed row's) is sealed by the next pass, at the next place in the chain: the
    chain's order is `seq`, ids only order each pass."""
    now = now or timezone.now()
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            rows = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:batch])
            if not rows:
                return sealed
            position = AuditEvent.objects.aggregate(top=models.Max("seq"))["top"] or 0
            previous = head.last_hash
            for event in rows:
                position += 1
                event.seq, event.prev_hash, event.sealed_at = position, previous, now
                event.hash = event.compute_hash()
                previous = event.hash
            AuditEvent.objects.bulk_update(rows, ["seq", "prev_hash", "hash", "sealed_at"], batch_size=500)
            AuditChainHead.objects.filter(pk=head.pk).update(last_hash=previous)
        sealed += len(rows)
        if len(rows) < batch:
            return sealed


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
    archived_through: int | None = None  # rows up to this id were archived and removed
    unsealed: int = 0  # rows appended but not sealed yet: the check does not vouch for them
    oldest_unsealed_at: datetime | None = None


def _archive_anchor(prev_hash: str) -> int | None:
    """The last archived id, if a sealed archive event vouches for the first remaining row's link.

    The archive event sits later in the chain, so it cannot be forged without breaking the
    chain after it."""
    events = AuditEvent.objects.filter(
        action="export", target_type=ARCHIVE_TARGET, seq__isnull=False).order_by("seq")
    for event in events.iterator():
        archive = event.detail.get("archive") if isinstance(event.detail, dict) else None
        if isinstance(archive, dict) and archive.get("through_hash") == prev_hash:
            return int(archive["through_id"])
    return None


def audit_verify_chain() -> ChainCheck:
    """Recompute every sealed row's hash in chain order; the first row whose content or link does
    not match is where the trail was tampered with (an edited row, or a row removed before it).
    Rows archived by `audit_archive` and then removed by the operator are accounted for by the
    archive event. Rows not sealed yet are counted, not vouched for (`unsealed`)."""
    sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    previous = GENESIS
    archived_through = None
    first = sealed.first()
    if first is not None and first.prev_hash != GENESIS:
        archived_through = _archive_anchor(first.prev_hash)
        if archived_through is not None and archived_through < first.pk:
            previous = first.prev_hash
    checked = 0
    for event in sealed.iterator(chunk_size=2000):
        if event.prev_hash != previous:
            return ChainCheck(False, checked, event.pk, "link")
        if event.compute_hash() != event.hash:
            return ChainCheck(False, checked, event.pk, "content")
        previous = event.hash
        checked += 1
    unsealed = AuditEvent.objects.filter(seq__isnull=True).aggregate(
        n=models.Count("id"), oldest=models.Min("created_at"))
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    if head is not None and head != previous:
        return ChainCheck(False, checked, None, "tail", unsealed=unsealed["n"],
                          oldest_unsealed_at=unsealed["oldest"])
    return ChainCheck(True, checked, archived_through=archived_through, unsealed=unsealed["n"],
                      oldest_unsealed_at=unsealed["oldest"])


# --- Retention ------------------------------------------------------------------------------------

ARCHIVE_TARGET = "audit.auditevent"
RETENTION_FLOOR_DAYS = 180  # 网络安全法 art. 21 / 等保 2.0: logs kept at least six months


def audit_retention_days() -> int:
    """How long rows stay in the database: AUDIT_RETENTION_DAYS, never under the floor."""
    return max(int(settings.AUDIT_RETENTION_DAYS), RETENTION_FLOOR_DAYS)


def audit_retention_cutoff(now: datetime | None = None) -> datetime:
    """Rows created before this moment may be archived; no younger row ever leaves."""
    return (now or timezone.now()) - timedelta(days=audit_retention_days())


class RetentionError(Exception):
    pass


def audit_archive(*, before: datetime, out: IO[str], label: str) -> tuple[int, int | None]:
    """Write the rows created before `before` (a prefix of the chain) to `out` as JSON lines with
    their hashes, and record an archive event that vouches for the cut. Nothing is deleted: removing
    the archived rows is the operator's step (SECURITY.md). Returns (rows, last archived id)."""
    if before > audit_retention_cutoff():
        raise RetentionError(
            f"Audit rows are kept for {audit_retention_days()} days; the latest cut-off allowed "
            f"now is {audit_retention_cutoff():%Y-%m-%d %H:%M}."
        )
    audit_seal()  # rows that old are sealed long ago, unless no pass ever ran
    through = (AuditEvent.objects.filter(created_at__lt=before, seq__isnull=False).order_by("-id")
               .values_list("id", flat=True).first())
    # The cut by id must also be a cut of the chain: step back past a row sealed after a later one.
    while through is not None:
        top = AuditEvent.objects.filter(id__lte=through).aggregate(m=models.Max("seq"))["m"]
        later = AuditEvent.objects.filter(id__gt=through).aggregate(m=models.Min("seq"))["m"]
        if top is not None and (later is None or top < later):
            break
        through = (AuditEvent.objects.filter(id__lt=through).order_by("-id")
                   .values_list("id", flat=True).first())
    if through is None:
        return 0, None
    rows = 0
    last_hash = GENESIS
    archived = AuditEvent.objects.filter(id__lte=through, seq__isnull=False).order_by("seq")
    for event in archived.iterator(chunk_size=2000):
        record = {"id": event.pk, **event.content(), "prev_hash": event.prev_hash,
                  "hash": event.hash}
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        last_hash = event.hash or GENESIS  # sealed rows only: always set
        rows += 1
    with audit_as(label):
        archive = {"through_id": through, "through_hash": last_hash, "rows": rows,
                   "before": before.isoformat()}
        audit_record(actor=None, action="export", target_type=ARCHIVE_TARGET,
                     target_id=str(through), detail={"archive": archive})
    audit_seal()  # the archive event vouches for the cut only once it is in the chain
    return rows, through
