"""The topic index also holds whether each claim is live (orphaned, review status), so a
topic's links are joined to its live claims from the index alone.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_indexes_for_filters_and_orderings")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["subject_key", "as_of", "id", "orphaned", "review_status"],
                name="claim_subject_live",
            ),
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_subject_asof_id",
        ),
    ]
