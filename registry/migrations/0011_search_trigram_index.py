from django.db import migrations

# Staff search on PostgreSQL: mistyped words are matched by trigram word similarity
# (search.database.WordResembles, gone since 0020 dropped this index); it answered `<%` without
# reading every row.


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_search_trgm ON registry_member"
            " USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_search_indexes")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
