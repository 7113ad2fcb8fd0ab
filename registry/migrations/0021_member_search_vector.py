"""The words of `search_text` stored (PostgreSQL): a `tsvector` column a trigger writes on every
insert and update (whichever way the row is written: save, bulk update, COPY), with the
full-text index on it instead of on the expression `to_tsvector(search_text)`, which every
search that tested a record's words without the index (a list of ids, a LIMIT 1) parsed again:
10 µs a record. `search.database.sql.TextMatch` reads it."""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = [
    "CREATE TRIGGER member_search_vector BEFORE INSERT OR UPDATE ON registry_member"
    " FOR EACH ROW EXECUTE FUNCTION"
    " tsvector_update_trigger(search_vector, 'pg_catalog.simple', search_text)",
    "UPDATE registry_member SET search_vector = to_tsvector('pg_catalog.simple', search_text)",
    "CREATE INDEX IF NOT EXISTS member_search_vector ON registry_member USING gin (search_vector)",
    "DROP INDEX IF EXISTS member_search_text",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS member_search_vector ON registry_member",
    "DROP INDEX IF EXISTS member_search_vector",
    "CREATE INDEX IF NOT EXISTS member_search_text ON registry_member"
    " USING gin (to_tsvector('simple'::regconfig, search_text))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0020_search_text_places_occupations")]

    operations = [
        migrations.AddField(
            model_name="member",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
