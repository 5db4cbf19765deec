"""Indexes for the filters and orderings of the pages and API at a million claims (issue 10).

New indexes are built before the ones they replace are dropped; every step reverses.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_claim_search_vector")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["subject_key", "as_of", "id"], name="claim_subject_asof_id"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["kind", "place", "subject_key"], name="claim_kind_place_subject"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["measure", "-id"], name="claim_measure_id"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["instrument", "-id"], name="claim_instrument_id"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["value_high"], name="claim_value_high"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["confidence"], name="claim_confidence"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["created"], name="claim_created"),
        ),
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(
                fields=["relation", "to_claim", "decision"], name="claimlink_relation_to"
            ),
        ),
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(
                fields=["relation", "from_claim", "decision"], name="claimlink_relation_from"
            ),
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_subject_asof",
        ),
        migrations.RemoveIndex(
            model_name="claimlink",
            name="claimlink_relation_decision",
        ),
    ]
