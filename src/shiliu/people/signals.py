"""The audit trail of sign-ins and of every change to who may do what.

Signals, not services, because these changes arrive by every path: our sign-in views, the admin's
forms, `createsuperuser`, `changepassword`, the shell. Handlers only record; they decide nothing.
Details name fields, roles and identifiers, never a password or other personal data.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record, current_actor, current_request
from shiliu.core import access
from shiliu.core.middleware import mark_active
from shiliu.people import sign_in_locks
from shiliu.people.models import StaffRole, User

WATCHED_FLAGS = ("is_active", "is_staff", "is_superuser")


def _user_target(account: str) -> tuple[str, str]:
    """(target_type, target_id) of the account a lockout key names, if it names one."""
    kind, _sep, value = account.partition(":")
    user_id: int | None
    if kind == "resident":
        user_id = sign_in_locks.resident_identities().user_id_of(value) if value else None
    else:
        user_id = User.objects.filter(username__iexact=value).values_list("pk", flat=True).first()
    return ("people.user", str(user_id)) if user_id else ("", "")


def _label(account: str) -> str:
    """The name typed, for the trail: a username, never a resident's phone or e-mail."""
    kind, _sep, value = account.partition(":")
    return value[:150] if kind == "user" else ""


@receiver(user_login_failed)
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A wrong password or code, or an attempt refused while a lock holds."""
    account = sign_in_locks.account_key(request, credentials)
    target_type, target_id = _user_target(account)
    detail = {"factor": str(credentials.get("factor") or "password")}
    if getattr(request, "shiliu_sign_in_refused", False):
        detail["refused"] = "locked"
    audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILED,
        actor_label=_label(account),
        request=request,
        detail=detail,
        target_type=target_type,
        target_id=target_id,
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    """axes says so when a failure reaches a limit, and again for each refused attempt; only the
    first is a lockout."""
    if getattr(request, "shiliu_sign_in_refused", False):
        return
    lock = sign_in_locks.lock_for(request, account=username)
    target_type, target_id = _user_target(username)
    detail: dict[str, Any] = {"scope": lock.scope if lock else "account"}
    if lock is not None:
        detail.update(failures=lock.failures, until=lock.until.isoformat())
    audit_record(
        actor=None,
        action=AuditAction.LOCKOUT,
        actor_label=_label(username),
        request=request,
        detail=detail,
        target_type=target_type,
        target_id=target_id,
    )


@receiver(user_logged_in)
def on_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    staff = access.is_staff(user)
    if request is not None and hasattr(request, "session"):
        mark_active(request)
    audit_record(
        actor=user,
        action=AuditAction.SIGN_IN,
        target=user,
        request=request,
        detail={"factor": getattr(request, "shiliu_sign_in_factor", "password"),
                "second_factor": "required" if staff else "none"},
    )


@receiver(user_logged_out)
def on_signed_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is None:
        return
    reason = getattr(request, "signout_reason", "") or "asked"
    audit_record(
        actor=user,
        action=AuditAction.SIGN_OUT,
        target=user,
        request=request,
        detail={"reason": reason},
    )


# --- Accounts and roles -------------------------------------------------------------------------


def _record_change(user: User | int, detail: dict[str, Any]) -> None:
    target_id = str(user if isinstance(user, int) else user.pk)
    audit_record(
        actor=current_actor(),
        action=AuditAction.PERMISSION_CHANGE,
        request=current_request(),
        target_type="people.user",
        target_id=target_id,
        detail=detail,
    )


@receiver(pre_save, sender=User)
def remember_account_flags(
    sender: Any, instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    password_set = getattr(instance, "_password", None) is not None
    # check_password() upgrades an old hash by saving the password field alone (with _password
    # already cleared): the same password under a stronger hash.
    rehash = not password_set and update_fields is not None and set(update_fields) == {"password"}
    instance._audit_password = (  # type: ignore[attr-defined]
        "set" if password_set else "rehashed" if rehash else ""
    )
    watched = set(WATCHED_FLAGS)
    if instance.pk is None or (update_fields is not None and not watched & set(update_fields)):
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    instance._audit_before = (  # type: ignore[attr-defined]
        User.objects.filter(pk=instance.pk).values(*WATCHED_FLAGS).first()
    )


@receiver(post_save, sender=User)
def audit_account_change(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if created:
        audit_record(
            actor=current_actor(),
            action=AuditAction.CREATE,
            target=instance,
            request=current_request(),
            detail={"flags": {flag: getattr(instance, flag) for flag in WATCHED_FLAGS}},
        )
        return
    before = getattr(instance, "_audit_before", None)
    changed = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in WATCHED_FLAGS
        if before is not None and before[flag] != getattr(instance, flag)
    }
    detail: dict[str, Any] = {"changed": changed} if changed else {}
    what = getattr(instance, "_audit_password", "")  # what happened to it, never the password
    if what == "set":
        actor = current_actor()
        what = "changed" if actor is not None and actor.pk == instance.pk else "reset"
    if what:
        detail["password"] = what
    if detail:
        _record_change(instance, detail)


@receiver(post_delete, sender=User)
def audit_account_deletion(sender: Any, instance: User, **kwargs: Any) -> None:
    audit_record(
        actor=current_actor(), action=AuditAction.DELETE, target=instance, request=current_request()
    )


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def audit_group_or_permission_change(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = "groups" if sender is User.groups.through else "user_permissions"
    verb = action.removeprefix("post_")
    if reverse:  # a group (or permission) edited from its own side: one event per user
        for user_id in sorted(pk_set or []):
            _record_change(user_id, {field: {verb: [instance.pk]}})
        return
    _record_change(instance, {field: {verb: sorted(pk_set or [])}})


def _role_of(role: StaffRole) -> dict[str, Any]:
    return {"role": role.role, "unit": role.unit_id, "staff_role": role.pk}


@receiver(pre_save, sender=StaffRole)
def remember_role(sender: Any, instance: StaffRole, **kwargs: Any) -> None:
    instance._audit_before = (  # type: ignore[attr-defined]
        StaffRole.objects.filter(pk=instance.pk).values("role", "unit_id").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=StaffRole)
def audit_role_grant(sender: Any, instance: StaffRole, created: bool, **kwargs: Any) -> None:
    if created:
        _record_change(instance.user_id, {"role_granted": _role_of(instance)})
        return
    before = getattr(instance, "_audit_before", None)
    if before and (before["role"], before["unit_id"]) != (instance.role, instance.unit_id):
        _record_change(
            instance.user_id,
            {
                "role_changed": {
                    "from": {"role": before["role"], "unit": before["unit_id"]},
                    "to": _role_of(instance),
                }
            },
        )


@receiver(post_delete, sender=StaffRole)
def audit_role_revocation(sender: Any, instance: StaffRole, **kwargs: Any) -> None:
    _record_change(instance.user_id, {"role_revoked": _role_of(instance)})
