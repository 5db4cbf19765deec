"""The claim browser's facets of a kind and place counted from one index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_link_indexes_lead_with_claims"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["kind", "place", "measure", "review_status", "origin", "article"],
                name="claim_kind_place_facets",
            ),
        ),
    ]
