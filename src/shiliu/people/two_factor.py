"""The second factor every staff member signs in with: a TOTP authenticator app (RFC 6238, via
django-otp) and one-time recovery codes.

Enrolment: `enrolment_start` gives the person an unconfirmed device (QR code and the secret typed
by hand); the first right code confirms it and issues recovery codes, shown once. Sign-in: after
the password, `second_factor_verify` accepts a current code (one step of clock drift either way,
each code once) or an unused recovery code, and marks this session verified (`otp_login`).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.people import sign_in_locks
from shiliu.people.models import RecoveryCode, RecoveryCodeDevice, User, recovery_code_hash

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"
DEMO = "demo"
RECOVERY_CODE_COUNT = 10


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def next_step(user: User) -> str:
    """The page a staff member without a verified second factor is sent to (a URL name):
    verification once an authenticator is enrolled, enrolment before. Registered with
    `core.access` by this app's config."""
    return "people:two-factor-verify" if is_enrolled(user) else "people:two-factor-setup"


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret an authenticator app takes by hand, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code in a data: URI (no script, allowed by the CSP)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def enrolment_start(user: User) -> TOTPDevice:
    """The person's unconfirmed device, created once so the QR code stays the same on reload."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def recovery_codes_issue(user: User) -> list[str]:
    """Fresh recovery codes, replacing any earlier ones: 16 base32 characters (80 bits) each."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    codes = [
        "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        RecoveryCodeDevice.objects.filter(user=user).delete()
        device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=recovery_code_hash(code)) for code in codes
        )
    return codes


def enrolment_confirm(
    request: HttpRequest, *, user: User, device: TOTPDevice, code: str
) -> list[str] | None:
    """Confirm the device with its first code; verify this session; return the recovery codes.
    None when the code is wrong (counted like any wrong code)."""
    if not device.verify_token(_digits(code)):
        _failed(request, user, factor="totp_enrolment")
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_issue(user)
    _verified(request, user, device, method="totp")
    audit_record(
        actor=user,
        action=AuditAction.PERMISSION_CHANGE,
        target=user,
        request=request,
        detail={"two_factor": "enrolled", "recovery_codes": len(codes)},
    )
    return codes


@dataclass(frozen=True)
class Verification:
    ok: bool
    lock: sign_in_locks.Lock | None = None
    wait_until: object = None  # the device's own back-off after wrong codes, when it applies


def second_factor_verify(request: HttpRequest, *, user: User, code: str) -> Verification:
    """A six-digit code goes to the authenticator, anything else to the recovery codes, so a
    mistyped recovery code never slows down the authenticator."""
    digits = _digits(code)
    if digits.isdigit() and len(digits) == 6:
        device: TOTPDevice | RecoveryCodeDevice | None = totp_device(user)
        method = "totp"
        if device is not None:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                return Verification(False, wait_until=(data or {}).get("locked_until"))
    else:
        device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
        method = "recovery_code"
    if device is not None and verify_token(user, device.persistent_id, code.strip()):
        _verified(request, user, device, method=method)
        return Verification(True)
    return Verification(False, lock=_failed(request, user, factor=method))


def two_factor_reset(*, actor: User, user: User, request: HttpRequest | None = None) -> None:
    """A security administrator's reset after a lost phone: the person enrols again at sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action=AuditAction.PERMISSION_CHANGE,
            target=user,
            request=request,
            detail={"two_factor": "reset"},
        )


def enrol_demo_totp(user: User) -> str:
    """Give a demo account a confirmed authenticator and return its secret (base32), for the demo
    command to print. Idempotent: an enrolled account keeps its secret. Demo data only."""
    device = totp_device(user)
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=DEMO, confirmed=True)
    return secret_of(device).replace(" ", "")


def _digits(code: str) -> str:
    return "".join((code or "").split())


def _verified(
    request: HttpRequest, user: User, device: TOTPDevice | RecoveryCodeDevice, *, method: str
) -> None:
    request.session.cycle_key()
    otp_login(request, device)
    sign_in_locks.failures_clear(request, username=user.get_username())
    detail: dict[str, object] = {"factor": method}
    if isinstance(device, RecoveryCodeDevice):
        detail["recovery_codes_left"] = device.remaining()
    audit_record(
        actor=user, action=AuditAction.SIGN_IN, target=user, request=request, detail=detail
    )


def _failed(request: HttpRequest, user: User, *, factor: str) -> sign_in_locks.Lock | None:
    return sign_in_locks.failure_record(request, username=user.get_username(), factor=factor)
