from django.db import migrations

# Staff search on PostgreSQL: a name equal to the text as typed (case aside), the one case of
# "holds the text as typed, as whole words" (search.database.as_typed_q) that the trigram index
# of names (migration 0012) cannot answer, since `iexact` compares with `=`. With it, the four
# cases are one bitmap of two indexes, not a read of every match.


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_full_name_upper ON registry_member"
            " ((upper(full_name::text)))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_full_name_upper")


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_search_name_order_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
