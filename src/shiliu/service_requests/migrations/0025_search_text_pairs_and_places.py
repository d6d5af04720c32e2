"""A leaner search text (search.py): character pairs and each run's last character (not every
character as well), the place as its units' tokens (not every unit's name in every language)
and the units it is assigned to or handled by as tokens too (the reader's scope, looked for in
the index), and on PostgreSQL stored once, as the tsvector itself, under one GIN index with
the id bucket.

At 1M requests the text and its generated vector took ~4.5 KB per request (4.4 GB of TOAST);
the vector alone, of the leaner text, ~1.7 KB. Existing requests are written again here: their
text computed in Python (the address is decrypted to be cut to its road), then on PostgreSQL
one rewrite of the table turns the column into the vector (no dead rows left behind), and
SQLite's FTS table is filled again.
"""

from django.db import migrations

import shiliu.service_requests.search

TABLE = "service_requests_servicerequest"
BATCH = 20_000


def _documents(apps, using):
    """(id, new search text) of every request, in batches."""
    from shiliu.service_requests import search

    OrgUnit = apps.get_model("org", "OrgUnit")
    ServiceRequest = apps.get_model("service_requests", "ServiceRequest")
    paths = dict(OrgUnit.objects.using(using).values_list("pk", "path"))
    rows = ServiceRequest.objects.using(using).order_by("pk")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).values_list(
            "pk", "description", "reply", "reference", "address", "jurisdiction_id", "assigned_unit_id",
            "handling_jurisdiction_id")[:BATCH])
        if not batch:
            return
        out = []
        for pk, description, reply, reference, address, jurisdiction, assigned, handling in batch:
            place, scope = search.units_of(jurisdiction, [assigned, handling], paths)
            out.append((pk, search.document_of(description=description, reply=reply, reference=reference,
                                               address=address, place=place, scope=scope)))
        yield out
        last = batch[-1][0]


def forward(apps, schema_editor):
    connection = schema_editor.connection
    using = connection.alias
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS request_search_vector")
            cursor.execute("DROP INDEX IF EXISTS request_search")
            cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")
            cursor.execute("CREATE TEMPORARY TABLE search_backfill (id bigint PRIMARY KEY, document text) "
                           "ON COMMIT DROP")
            for batch in _documents(apps, using):
                with cursor.cursor.copy("COPY search_backfill (id, document) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            cursor.execute("ANALYZE search_backfill")
            # One rewrite of the table (and its indexes) instead of an UPDATE of every row, which
            # would leave as many dead ones behind.
            cursor.execute("CREATE OR REPLACE FUNCTION pg_temp.search_backfill_of(bigint) RETURNS text LANGUAGE sql "
                           "STABLE AS 'SELECT document FROM search_backfill WHERE id = $1'")
            cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_text TYPE tsvector USING "
                           "to_tsvector('simple', COALESCE(pg_temp.search_backfill_of(id), ''))")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(f"CREATE INDEX request_search ON {TABLE} USING gin (search_text, (id / 1024))")
            cursor.execute(f"ANALYZE {TABLE}")
        else:
            for batch in _documents(apps, using):
                cursor.executemany(f"UPDATE {TABLE} SET search_text = %s WHERE id = %s",  # noqa: S608
                                   [(text, pk) for pk, text in batch])
            cursor.execute("DELETE FROM service_requests_search")
            cursor.execute(f"INSERT INTO service_requests_search (rowid, search_text) "  # noqa: S608
                           f"SELECT id, search_text FROM {TABLE}")


def backward(apps, schema_editor):
    """Back to a text column and its generated vector (the text as it is now: run
    `manage.py search_reindex` with the previous code to have the old text again)."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS request_search")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_text TYPE text USING "
                       "array_to_string(tsvector_to_array(search_text), ' ')")
        cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
                       "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED")
        cursor.execute(f"CREATE INDEX request_search_vector ON {TABLE} USING gin (search_vector)")


class Migration(migrations.Migration):

    dependencies = [
        ("service_requests", "0024_open_list_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="servicerequest",
                    name="search_text",
                    field=shiliu.service_requests.search.SearchDocumentField(blank=True, default="", editable=False),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
