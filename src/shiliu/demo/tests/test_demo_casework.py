"""The demo city's casework: every state, a year of visits and pairings, the same with a seed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from shiliu.cases.models import Case, CaseEvent, Household, Pairing, PairingContact, Visit
from shiliu.cases.workflow import Status


def demo_city(**options: object) -> None:
    call_command("demo_city", stdout=io.StringIO(), verbosity=0, requests=0, declarations=0, **options)


@pytest.mark.django_db
def test_demo_casework_covers_every_state_and_a_year() -> None:
    demo_city(seed=11, households=150)
    assert Household.objects.count() == 150
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert CaseEvent.objects.filter(kind="reopen").exists()
    visits = Visit.objects.order_by("visited_on").values_list("visited_on", flat=True)
    assert (visits.last() - visits.first()).days > 300
    assert Pairing.objects.count() > 20 and PairingContact.objects.exists()
    signature = sorted(Case.objects.values_list("reference", "status"))
    per_status = dict(Case.objects.values_list("status").annotate(n=Count("pk")))

    demo_city(seed=11, households=150)  # a second run changes nothing
    assert Household.objects.count() == 150 and sorted(Case.objects.values_list("reference", "status")) == signature
    assert per_status[Status.CLOSED] > 10
