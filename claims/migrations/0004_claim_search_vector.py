"""Store each claim quote's search vector on PostgreSQL, so ranking a search does not re-parse quotes."""

from django.db import migrations

# A generated column the model does not declare (see kbase/search_vector.py): PostgreSQL fills
# it on every write, Django never writes it, and other databases search with LIKE instead.
VECTOR_SQL = "to_tsvector('english'::regconfig, COALESCE(quote, ''))"
FORWARD = [
    "ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR_SQL}) STORED",
    "CREATE INDEX IF NOT EXISTS claim_search_vector_gin ON claims_claim USING gin (search_vector)",
    "DROP INDEX IF EXISTS claim_quote_search_gin",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS claim_quote_search_gin ON claims_claim USING gin ({VECTOR_SQL})",
    "DROP INDEX IF EXISTS claim_search_vector_gin",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
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
    dependencies = [("claims", "0003_roles")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
