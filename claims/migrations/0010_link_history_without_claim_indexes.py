"""The link history keeps no indexes on its claims and curator: it is read by link id, and every
automatic link writes a history row whose indexes cost as much as the link's own."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_claimlink_relation_score_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalclaimlink",
            name=name,
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=to,
            ),
        )
        for name, to in (
            ("decided_by", settings.AUTH_USER_MODEL),
            ("from_claim", "claims.claim"),
            ("to_claim", "claims.claim"),
        )
    ]
