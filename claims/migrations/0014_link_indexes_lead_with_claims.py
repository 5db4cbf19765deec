"""A link's claims are looked up by indexes that lead with each claim: two indexes, not four.

The new indexes are built before the ones they replace are dropped, so no read goes without.
A claim's article is looked up by claim_article_start, which leads with it. One link per pair is
kept by an index of the newer claim first, where new links' entries go at its end.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import Greatest, Least


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_claim_subject_index"),
        ("sources", "0005_article_link_facts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(
                fields=["to_claim", "relation", "decision"], name="claimlink_to_relation"
            ),
        ),
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(
                fields=["from_claim", "relation", "decision"], name="claimlink_from_relation"
            ),
        ),
        migrations.AlterField(
            model_name="claimlink",
            name="from_claim",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links_out",
                to="claims.claim",
            ),
        ),
        migrations.AlterField(
            model_name="claimlink",
            name="to_claim",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links_in",
                to="claims.claim",
            ),
        ),
        migrations.RemoveIndex(model_name="claimlink", name="claimlink_relation_to"),
        migrations.RemoveIndex(model_name="claimlink", name="claimlink_relation_from"),
        migrations.RemoveConstraint(model_name="claimlink", name="claimlink_one_per_pair"),
        migrations.AddConstraint(
            model_name="claimlink",
            constraint=models.UniqueConstraint(
                Greatest("from_claim", "to_claim"),
                Least("from_claim", "to_claim"),
                name="claimlink_one_per_pair",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claims",
                to="sources.article",
            ),
        ),
    ]
