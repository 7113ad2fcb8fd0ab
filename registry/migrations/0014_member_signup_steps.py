"""Record which sign-up steps each member has saved, so that the server decides completeness.

Sign-ups under way keep the steps their data shows they passed; a step not yet shown to be saved
is asked again (its answers prefilled). Finished registrations need none: they edit sections.
"""

from django.db import migrations, models

STEPS = ["about", "hometown", "residence", "work", "interests", "consents"]


def steps_taken(apps, schema_editor):
    member_model = apps.get_model("registry", "Member")
    unfinished = member_model.objects.filter(profile_completed_at=None, source="sign-up")
    for member in unfinished.iterator():
        taken = []
        for step, done in (
            ("about", bool(member.full_name)),
            ("hometown", member.hometown_ward_id is not None),
            ("residence", bool(member.country)),
        ):
            if not done:
                break
            taken.append(step)
        if taken:
            member_model.objects.filter(pk=member.pk).update(signup_steps=taken)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0013_full_name_upper_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="signup_steps",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AlterField(
            model_name="member",
            name="skills",
            field=models.TextField(
                blank=True, max_length=1000, verbose_name="skills and expertise"
            ),
        ),
        migrations.RunPython(steps_taken, migrations.RunPython.noop),
    ]
