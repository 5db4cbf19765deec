"""The origin index of claims holds their ids, so nearest-claim reads skip the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_curator_indexes_where_set"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_subject_origin",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["subject_key", "origin", "as_of", "id"], name="claim_subject_origin"
            ),
        ),
    ]
