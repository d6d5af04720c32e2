"""Signing staff in from tests.

`login_staff(client, user)` is the test-side equivalent of a password plus second-factor sign-in:
it gives the account a confirmed authenticator if it has none, signs the client in and marks the
session as verified with that device, exactly as `django_otp.login` does after a right code. It
writes only to the test client's session; nothing in the application trusts anything but the
session that the real sign-in produces. Tests of the sign-in itself go through HTTP instead
(people/tests/test_sign_in_http.py).
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shiliu.people.models import User
from shiliu.people.two_factor import enrol_demo_totp, totp_device


def login_staff(client: Client, user: User) -> Client:
    enrol_demo_totp(user)
    device = totp_device(user)
    assert device is not None
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def current_code(user: User) -> str:
    """The code the person's authenticator app shows now."""
    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    assert device is not None
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client: Client, user: User) -> Client:
    """Sign a test client in as `user`: staff with a verified second factor, residents plainly."""
    if user.staff_roles.exists():
        return login_staff(client, user)
    client.force_login(user)
    return client
