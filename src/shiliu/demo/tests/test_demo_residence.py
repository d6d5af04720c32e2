"""The demo city's residence declarations: made through the services, in every state, with
believable fake names and addresses, the same for the same seed, and built only once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from shiliu.core.sms import MemorySmsSender
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.residence.models import Declaration, DeclarationEvent
from shiliu.residence.workflow import Status

pytestmark = pytest.mark.django_db


class Undo(Exception):
    pass


def demo_city(**options: Any) -> str:
    """The residence part of the demo city (no households: casework has its own test)."""
    out = io.StringIO()
    call_command("demo_city", stdout=out, verbosity=0, households=0, **options)
    return out.getvalue()


def snapshot() -> list[tuple[Any, ...]]:
    return sorted((d.full_name, d.status, d.community.code, d.purpose, d.moved_in_on, d.members.count())
                  for d in Declaration.objects.select_related("community"))


def test_demo_declarations_cover_every_state_and_repeat_with_the_seed() -> None:
    with pytest.raises(Undo), transaction.atomic():
        demo_city(requests=5, declarations=60, seed=3)
        first = snapshot()
        raise Undo
    demo_city(requests=5, declarations=60, seed=3)

    assert snapshot() == first and len(first) == 60
    assert {status for _n, status, *_rest in first} == set(Status.values)
    assert all(len(name) >= 2 and not name.isascii() for name, *_rest in first)
    assert DeclarationEvent.objects.filter(kind="submit").count() == 60
    assert DeclarationEvent.objects.filter(kind="resubmit").exists()
    kinds = set(ServicePoint.objects.values_list("kind", flat=True))
    assert {ServicePoint.Kind.SCHOOL, ServicePoint.Kind.CLINIC, ServicePoint.Kind.HOSPITAL} <= kinds
    school = ServicePoint.objects.filter(kind=ServicePoint.Kind.SCHOOL).first()
    assert school is not None and set(school.name_translations) == {"zh-hant", "en", "ug", "bo"}

    # A second run leaves everything as it is.
    counts = (OrgUnit.objects.count(), Declaration.objects.count(), DeclarationEvent.objects.count())
    assert "already exists" in demo_city(requests=5, declarations=60, seed=3)
    assert counts == (OrgUnit.objects.count(), Declaration.objects.count(), DeclarationEvent.objects.count())


@pytest.mark.django_db(transaction=True)  # the texts would go after a real commit
def test_the_demo_history_sends_no_text_message(settings: Any, published_notices: None) -> None:
    settings.SHILIU_SMS_SENDER = "shiliu.core.sms.MemorySmsSender"
    MemorySmsSender.outbox.clear()

    demo_city(requests=5, declarations=30, seed=3)

    assert Declaration.objects.count() == 30
    assert MemorySmsSender.outbox == []  # a year of generated declarations texted nobody
