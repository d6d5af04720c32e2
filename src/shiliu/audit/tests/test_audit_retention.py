"""The audit trail is kept at least 180 days; older rows can be archived, and the chain still
verifies once the operator has removed them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.audit.services import audit_record, audit_retention_days, audit_seal, audit_verify_chain

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_default_retention_is_a_year(settings: Any) -> None:
    assert settings.AUDIT_RETENTION_DAYS == 365 and audit_retention_days() == 365


def test_a_retention_under_180_days_fails_the_system_check(settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 90
    errors = [m for m in run_checks() if m.id == "shiliu.E101"]
    assert errors and "at least 180 days" in errors[0].msg
    assert audit_retention_days() == 180  # and nothing would honour it anyway


def events_at(moment: datetime, count: int) -> list[AuditEvent]:
    with time_machine.travel(moment, tick=False):
        events = [
            audit_record(actor=None, action=AuditAction.SIGN_IN, actor_label=f"u{n}")
            for n in range(count)
        ]
        audit_seal()
    for event in events:
        event.refresh_from_db()
    return events


def remove_archived_rows(through: int) -> None:
    """The operator's step (SECURITY.md): on PostgreSQL, as the table owner, with the trigger
    lifted for the one statement."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
            )
        cursor.execute("DELETE FROM audit_auditevent WHERE id <= %s", [through])
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
            )


def test_archiving_writes_old_rows_and_the_chain_verifies_after_their_removal(
    tmp_path: Path,
) -> None:
    old = events_at(NOW - timedelta(days=400), 3)
    young = events_at(NOW - timedelta(days=200), 2)
    out = tmp_path / "audit.jsonl"
    with time_machine.travel(NOW, tick=False):
        call_command("audit_archive", out=str(out), verbosity=0)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [event.pk for event in old]
    assert lines[-1]["hash"] == old[-1].hash
    archive = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert archive.detail["archive"]["through_id"] == old[-1].pk
    assert archive.actor_label == "manage.py audit_archive"

    remove_archived_rows(old[-1].pk)
    check = audit_verify_chain()
    assert check.ok and check.archived_through == old[-1].pk
    assert check.checked == len(young) + 1
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in young]).count() == 2


def test_removing_rows_without_an_archive_is_detected() -> None:
    old = events_at(NOW - timedelta(days=400), 3)
    remove_archived_rows(old[0].pk)
    check = audit_verify_chain()
    assert not check.ok and check.broken_at == old[1].pk and check.reason == "link"


def test_rows_younger_than_the_retention_period_are_never_archived(tmp_path: Path) -> None:
    events_at(NOW - timedelta(days=100), 2)
    with (
        time_machine.travel(NOW, tick=False),
        pytest.raises(CommandError, match="stay in the database"),
    ):
        call_command("audit_archive", out=str(tmp_path / "a.jsonl"), before="2026-10-01")
    assert not (tmp_path / "a.jsonl").exists()
    with time_machine.travel(NOW, tick=False):
        call_command("audit_archive", out=str(tmp_path / "b.jsonl"), verbosity=0)
    assert (tmp_path / "b.jsonl").read_text(encoding="utf-8") == ""
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
