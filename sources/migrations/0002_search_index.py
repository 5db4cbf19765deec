"""GIN index for full-text search of articles on PostgreSQL (other databases search with LIKE)."""

from django.db import migrations

# The expression must stay identical to ArticleQuerySet.search() so the planner uses the index.
INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS article_search_gin ON sources_article USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || "
    "COALESCE(LEFT(text, 100000), '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_gin")


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
