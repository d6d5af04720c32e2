"""Demo accounts' second factor, for a laptop without an authenticator app at hand.

    manage.py demo_totp dispatcher grid-a           # enrol if needed; print secret and code now

Only for development settings and only for authenticators created by `enrol_demo_totp` (the demo
command's); refuses with SHILIU_ENV=production. Anyone with a shell on a real server can read the
database anyway; this command exists so that nobody needs to.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from shiliu.people.models import User
from shiliu.people.two_factor import DEMO, enrol_demo_totp, totp_device


class Command(BaseCommand):
    help = "Enrol demo accounts' authenticators and print their secrets and current codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo_totp is for development settings only.")
        for username in options["usernames"]:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No account is called {username!r}.")
            secret = enrol_demo_totp(user)
            device = totp_device(user)
            if device is None or device.name != DEMO:
                raise CommandError(f"{username} enrolled their own authenticator; ask them.")
            code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
            self.stdout.write(f"{username}: secret {secret}  code now {code:06d}")
