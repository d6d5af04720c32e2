"""The task queue's table is a queue: every delivery and sweep inserts a row and updates it twice,
so at intake's rate its partial index of READY rows fills with dead entries that every poll of
`db_worker` reads (2.5 ms a poll with 12,000 of them, against 0.1 ms vacuumed: issue 10).
PostgreSQL's default waits for a fifth of the table to be dead; vacuum it after every 2,000
changed rows instead. PostgreSQL only (SQLite has no autovacuum to tune)."""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"
SETTINGS = {"autovacuum_vacuum_scale_factor": 0, "autovacuum_vacuum_threshold": 2000,
            "autovacuum_analyze_scale_factor": 0, "autovacuum_analyze_threshold": 2000}


def tune(apps, schema_editor):  # noqa: ANN001, ARG001 - a migration's signature
    if schema_editor.connection.vendor == "postgresql":
        values = ", ".join(f"{name} = {value}" for name, value in SETTINGS.items())
        schema_editor.execute(f"ALTER TABLE {TABLE} SET ({values})")


def untune(apps, schema_editor):  # noqa: ANN001, ARG001
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET ({', '.join(SETTINGS)})")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(tune, untune, elidable=False)]
