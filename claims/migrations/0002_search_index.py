"""GIN index for full-text search of claim quotes on PostgreSQL."""

from django.db import migrations

# The expression must stay identical to ClaimQuerySet.search() so the planner uses the index.
INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS claim_quote_search_gin ON claims_claim USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(quote, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_quote_search_gin")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
