"""An index of what linking reads of articles, read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_article_search_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["id", "outlet", "wire", "published"], name="article_link_facts"
            ),
        ),
    ]
