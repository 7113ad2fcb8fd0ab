"""The registry's vocabulary, for mistyped words (`search.vocabulary`), filled from the records;
on PostgreSQL, fuzzystrmatch's Levenshtein distance narrows it."""

from django.db import migrations, models

CHUNK = 2000


def words(text):
    """As registry.text.split_words, as of this migration."""
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")


def fill(apps, schema_editor):
    Member = apps.get_model("registry", "Member")
    SearchWord = apps.get_model("registry_search", "SearchWord")
    found = set()
    last = 0
    rows = Member.objects.values_list("pk", "search_text").order_by("pk")
    while chunk := list(rows.filter(pk__gt=last)[:CHUNK]):
        last = chunk[-1][0]
        found.update(word for _pk, text in chunk for word in words(text) if len(word) <= 100)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(found)], ignore_conflicts=True, batch_size=CHUNK
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry_search", "0002_savedsearch"),
        ("registry", "0020_search_text_places_occupations"),
    ]

    operations = [
        # Kept when migrating back: other databases' objects may use it.
        migrations.RunPython(create_extension, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
