"""Each topic's independent sources, written with its summary.

Topics stored before have none: extending one is then declined, and its full refresh writes them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_claim_subject_origin_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="TopicSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source_key", models.CharField(max_length=300)),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sources",
                        to="claims.topic",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("topic", "source_key"), name="topic_source_once"
                    )
                ],
            },
        ),
    ]
