"""Linking a new claim in a large topic reads the nearest figures of its own origin by index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0006_subject_index_covers_live")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["subject_key", "origin", "as_of"], name="claim_subject_origin"
            ),
        ),
    ]
