"""`manage.py demo_city`: build the demo city 石榴市, a year of requests, of casework and of
residence declarations, once.

The organisation, accounts, categories and routing rules come from `shiliu.demo.catalogue`; the
requests are planned by `shiliu.demo.simulate` and created and moved only through the request
services and workflow, with historical timestamps. Everything happens in one transaction: a crash
leaves no half-built city. The same --seed on the same day builds the same city.
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone, translation
from tqdm import tqdm

from shiliu.demo import build, casework, residence, simulate
from shiliu.demo import catalogue as cat
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.service_requests import sla
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.workflow import Status


class Command(BaseCommand):
    help = ("Build the demo city (石榴市): org tree, grids, departments, accounts and a year of "
            "requests.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument("--requests", type=int, default=5000,
                            help="How many requests to create (default 5000).")
        parser.add_argument("--households", type=int, default=150,
                            help="How many households in casework (default 150).")
        parser.add_argument("--declarations", type=int, default=300,
                            help="How many residence declarations to create (default 300).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database holds any organisation unit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and OrgUnit.objects.exists():
            self.stdout.write(
                "demo_city: the database already holds an organisation; nothing to do.")
            return
        if OrgUnit.objects.filter(code=cat.CITY_CODE).exists():
            self.stdout.write(f"demo_city: the demo city ({cat.CITY_NAME}, code “{cat.CITY_CODE}”) "
                              "already exists; nothing to do.")
            return
        count = options["requests"]
        if count < 0 or options["declarations"] < 0:
            raise CommandError("--requests and --declarations must be zero or more.")
        taken = build.account_usernames() & set(User.objects.values_list("username", flat=True))
        if taken:
            raise CommandError(f"These usernames are already taken: {', '.join(sorted(taken))}.")

        started = time.monotonic()
        rng = random.Random(options["seed"])
        base = simulate.local_midnight(timezone.now())
        verbosity = options["verbosity"]
        # Event notes the workflow writes ("Dispatched to …", rating labels) are stored in the
        # active language: the city's own, as when its staff work in the browser.
        # A year of history sends no e-mail or SMS: the in-app copies are kept, the outside
        # channels (run after commit, still inside the override) are switched off, and so are
        # the texts sent directly (a residence declaration's).
        with override_settings(SHILIU_NOTIFICATION_BACKENDS=[],
                               SHILIU_SMS_SENDER="shiliu.core.sms.NoSmsSender"), \
                translation.override(settings.LANGUAGE_CODE), transaction.atomic(), \
                sla.overrides_cached() as overrides:
            org = build.build_org(rng)
            points = build.build_service_points(org, rng)
            build.build_categories(org)
            build.build_reply_templates(org)
            build.build_knowledge(org)
            rules = build.build_routing_rules(org)
            build.build_accounts(org, rng)
            plans = simulate.Planner(org, rng, base, overrides).plan(count)
            with tqdm(total=len(plans), desc="demo requests", unit="req", file=sys.stderr,
                      disable=verbosity < 1, dynamic_ncols=True) as bar:
                simulate.run_all(org, plans, base, overrides, progress=lambda: bar.update())
            with tqdm(total=max(options["households"], 0), desc="demo casework", unit="household",
                      file=sys.stderr, disable=verbosity < 1, dynamic_ncols=True) as bar:
                cases = casework.build_casework(org, rng, base, households=max(options["households"], 0),
                                                progress=lambda: bar.update())
            with tqdm(total=options["declarations"], desc="demo residence declarations", unit="decl",
                      file=sys.stderr, disable=verbosity < 1, dynamic_ncols=True) as bar:
                declarations = residence.build_declarations(
                    org, rng, base, options["declarations"], progress=lambda: bar.update())

        if verbosity < 1:
            return
        elapsed = time.monotonic() - started
        counts = dict(
            ServiceRequest.objects.filter(jurisdiction__path__startswith=org.city.path)
            .values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        units = OrgUnit.objects.filter(path__startswith=org.city.path)
        self.stdout.write(self.style.SUCCESS(
            f"Built {cat.CITY_NAME} in {elapsed:.1f} s: "
            f"{units.filter(kind=OrgUnit.Kind.DISTRICT).count()} districts, "
            f"{units.filter(kind=OrgUnit.Kind.STREET).count()} streets, "
            f"{units.filter(kind=OrgUnit.Kind.COMMUNITY).count()} communities, "
            f"{units.filter(kind=OrgUnit.Kind.GRID).count()} grids, "
            f"{units.filter(kind=OrgUnit.Kind.DEPARTMENT).count()} departments, "
            f"{points} service points, "
            f"{rules} routing rules, {len(org.users)} accounts, {sum(counts.values())} requests, "
            f"{cases} casework cases, {declarations} residence declarations."
        ))
        for status in Status:
            self.stdout.write(f"  {status.value:<13} {counts.get(status.value, 0):>6}")
        self.stdout.write(f"Accounts: `manage.py demo_accounts` (password “{cat.DEMO_PASSWORD}”).")
