"""The searched text gains where members live and their occupation in other languages
(`registry.search_words`): written again for every record, a chunk at a time. The trigram index
of that text (0011) goes: a mistyped word is now compared with the registry's vocabulary
(`search.vocabulary`), by edit distance."""

from django.db import migrations

from registry.models.members import Member as CurrentMember

CHUNK = 2000


def rewrite_search_text(apps, schema_editor):
    Member = apps.get_model("registry", "Member")
    fields = [*CurrentMember.COMPOSED_FIELDS, "country"]
    last = 0
    while chunk := list(Member.objects.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        last = chunk[-1].pk
        for member in chunk:
            given = {name: getattr(member, name) for name in fields}
            member.search_text = CurrentMember.derived(given)["search_text"]
        Member.objects.bulk_update(chunk, ["search_text"])


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm")


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_search_trgm ON registry_member"
            " USING gin (search_text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_background_exports_reminders_purge")]

    operations = [
        migrations.RunPython(drop_trigram_index, create_trigram_index),
        migrations.RunPython(rewrite_search_text, migrations.RunPython.noop),
    ]
