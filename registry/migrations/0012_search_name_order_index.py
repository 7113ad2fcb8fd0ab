from django.db import migrations

# Staff search on PostgreSQL: names in code-point order (search.database.by_name), whatever the
# database's collation, with the id as tie-break. It serves the name sort and the best matches of
# a search by relevance (a name starting with the words) without sorting every match; and
# whether any match holds the text as typed (`icontains`, through trigrams of the name).


def create_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_search_name_c ON registry_member"
            ' ((search_name COLLATE "C"), id)'
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_full_name_trgm ON registry_member"
            " USING gin ((upper(full_name::text)) gin_trgm_ops)"
        )


def drop_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_name_c")
        schema_editor.execute("DROP INDEX IF EXISTS member_full_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_search_trigram_index")]

    operations = [migrations.RunPython(create_name_index, drop_name_index)]
