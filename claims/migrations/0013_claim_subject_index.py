"""A topic's claims counted from an index of their subject key alone (deduplicated, small)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_claim_subject_origin_with_id"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["subject_key"], name="claim_subject"),
        ),
    ]
