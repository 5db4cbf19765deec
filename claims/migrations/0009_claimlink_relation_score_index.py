"""A topic page reads its strongest contradictions in score order from an index, not a sort."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_topic_sources")]

    operations = [
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(
                fields=["relation", "-score", "-id"], name="claimlink_relation_score"
            ),
        ),
    ]
