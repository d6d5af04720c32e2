"""The chain is sealed after the fact: writers append rows without the chain head's lock, and a
sealing pass sets each new row's place in the chain (`seq`), previous hash and hash, once.

On PostgreSQL the append-only trigger becomes a row trigger that allows exactly that: an UPDATE of
a row not sealed yet that sets `seq` and changes no column but the seal's (prev_hash and hash only
from empty). Every other UPDATE, and every DELETE, is still refused. The rows already chained
(in id order, under the old lock) get their place in the chain: `seq` in id order.
"""

from django.conf import settings
from django.db import migrations, models

STATEMENT_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_append_only();
"""
ROW_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND (OLD.hash IS NULL OR NEW.hash = OLD.hash)
       AND (OLD.prev_hash = '' OR NEW.prev_hash = OLD.prev_hash)
       AND (NEW.id, NEW.created_at, NEW.actor_id, NEW.actor_label, NEW.action, NEW.target_type,
            NEW.target_id, NEW.detail, NEW.ip_address)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.created_at, OLD.actor_id, OLD.actor_label, OLD.action, OLD.target_type,
            OLD.target_id, OLD.detail, OLD.ip_address)
    THEN
        RETURN NEW;  -- the one change allowed: sealing a row, once
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;"


def drop_statement_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def restore_statement_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP + STATEMENT_TRIGGER)


def create_row_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ROW_TRIGGER)


def drop_row_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def number_the_chained_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Rows chained before sealing existed keep their hashes and get seq in id order."""
    schema_editor.execute(
        "UPDATE audit_auditevent SET seq = numbered.n, sealed_at = audit_auditevent.created_at "
        "FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_auditevent) AS numbered "
        "WHERE audit_auditevent.id = numbered.id AND audit_auditevent.seq IS NULL"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_on_postgresql'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_statement_trigger, restore_statement_trigger),
        migrations.AddField(
            model_name='auditevent',
            name='sealed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, default='', editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='audit_event_unsealed'),
        ),
        migrations.RunPython(create_row_trigger, drop_row_trigger),
        migrations.RunPython(number_the_chained_rows, migrations.RunPython.noop),
    ]
