"""Search text and its index per database (search.py), and the duplicate found at intake.

PostgreSQL: a generated tsvector column over the pre-segmented text ('simple': split on spaces
only) under a GIN index. SQLite: an FTS5 table (unicode61) keyed by the request's id, written by
the services beside the column. Existing requests get their text from `manage.py search_reindex`.
"""

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    "ALTER TABLE service_requests_servicerequest ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX request_search_vector ON service_requests_servicerequest USING gin (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS request_search_vector",
    "ALTER TABLE service_requests_servicerequest DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE service_requests_search USING fts5(search_text, tokenize='unicode61')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS service_requests_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("service_requests", "0021_event_kind_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="possible_duplicate_of",
            field=models.ForeignKey(
                blank=True, help_text="An open request like this one in words, place and time, found at intake; the dispatcher decides whether to merge.",
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="possible_duplicates",
                to="service_requests.servicerequest", verbose_name="possible duplicate of"),
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
