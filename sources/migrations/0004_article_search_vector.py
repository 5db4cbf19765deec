"""Store each article's search vector on PostgreSQL, so ranking a search does not re-parse texts."""

from django.db import migrations

# A generated column the model does not declare: PostgreSQL fills it on every write, Django never
# writes it, and other databases (which search with LIKE) do without it. Ranking thousands of
# matches from this column takes milliseconds; from to_tsvector(text) it took seconds.
VECTOR_SQL = (
    "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || "
    "COALESCE(LEFT(text, 100000), ''))"
)
FORWARD = [
    "ALTER TABLE sources_article ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR_SQL}) STORED",
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON sources_article "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS article_search_gin",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS article_search_gin ON sources_article USING gin ({VECTOR_SQL})",
    "DROP INDEX IF EXISTS article_search_vector_gin",
    "ALTER TABLE sources_article DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_article_history_keeps_deleted_text")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
