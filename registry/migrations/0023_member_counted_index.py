"""The country's index holds what a search counts (search.database.counts): the single-valued
facets, whether the record is in the registry, and the member's id (PostgreSQL stores the id
beside the keys; elsewhere the index is on the keys alone). Counting every member's facets then
reads this index (7.5 MB at 100,000 members), not the table (116 MB): 55 → 21 ms."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0022_search_vector_beginnings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='member',
            name='member_country',
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['country', 'sector', 'hometown_ward', 'verified_at', 'profile_completed_at', 'source'], include=('id',), name='member_counted'),
        ),
    ]
