"""A member's languages become a relation to a table of languages instead of codes in one string
("vi en cs"), so that a search filters and counts them with the link table's index, like interests.

Steps: the `Language` table, seeded with the list of registry/languages.py in its order (`seed`,
also run by the browser tests after a flush); a temporary relation `spoken_languages`, filled from
each member's string (each code once, in the order written; a code not on the list gets a row of
its own after the list, so nothing is lost); the old column removed; the relation renamed
`languages` (Django renames its link table to registry_member_languages).

Reverse: each member's string is written back from the relation, codes in the list's order,
space-separated, then the relation and the table go.
"""

from django.db import migrations, models

# The codes of registry/languages.py when this migration was written, in its order: frozen here,
# as a migration must be (a code added to the list later comes with a migration of its own).
CODES = [
    "vi", "en", "ja", "ko", "zh-hans", "zh-hant", "de", "fr", "ru", "cs",
    "pl", "hu", "sk", "th", "ms", "uk", "es", "it", "nl", "sv",
]  # fmt: skip
BATCH = 5000


def seed(apps, schema_editor):
    Language = apps.get_model("registry", "Language")
    for position, code in enumerate(CODES):
        Language.objects.update_or_create(code=code, defaults={"position": position})


def to_relation(apps, schema_editor):
    """Each member's space-separated codes as rows of the relation."""
    Member = apps.get_model("registry", "Member")
    Language = apps.get_model("registry", "Language")
    link = Member.spoken_languages.through
    known = set(Language.objects.values_list("code", flat=True))
    rows = []
    members = Member.objects.exclude(languages="").order_by("pk").values_list("pk", "languages")
    for pk, codes in members.iterator(chunk_size=BATCH):
        for code in dict.fromkeys(codes.split()):
            if code not in known:
                Language.objects.create(code=code, position=len(known))
                known.add(code)
            rows.append(link(member_id=pk, language_id=code))
        if len(rows) >= BATCH:
            link.objects.bulk_create(rows)
            rows = []
    link.objects.bulk_create(rows)


def to_string(apps, schema_editor):
    """Each member's relation as space-separated codes, in the list's order."""
    Member = apps.get_model("registry", "Member")
    link = Member.spoken_languages.through
    codes: dict[int, list[str]] = {}
    rows = link.objects.order_by("member_id", "language__position", "language_id")
    for member_id, code in rows.values_list("member_id", "language_id").iterator(BATCH):
        codes.setdefault(member_id, []).append(code)
    changed = [Member(pk=pk, languages=" ".join(spoken)) for pk, spoken in codes.items()]
    Member.objects.bulk_update(changed, ["languages"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("registry", "0017_reference_data_in_every_language")]

    operations = [
        migrations.CreateModel(
            name="Language",
            fields=[
                (
                    "code",
                    models.CharField(
                        max_length=35, primary_key=True, serialize=False, verbose_name="code"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, verbose_name="position"),
                ),
            ],
            options={
                "verbose_name": "language",
                "verbose_name_plural": "languages",
                "ordering": ["position", "code"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.AddField(
            model_name="member",
            name="spoken_languages",
            field=models.ManyToManyField(
                blank=True, related_name="members", to="registry.language", verbose_name="languages"
            ),
        ),
        migrations.RunPython(to_relation, to_string),
        migrations.RemoveField(model_name="member", name="languages"),
        migrations.RenameField(
            model_name="member", old_name="spoken_languages", new_name="languages"
        ),
    ]
