"""Bulk inserts from plain rows: on PostgreSQL one statement of arrays for thousands of rows."""

from collections.abc import Mapping, Sequence

from django.db import connection
from django.db.models import Model

# Rows a statement carries at most.
INSERT_BATCH = 2000


def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[Sequence],
    *,
    fixed: Mapping[str, object] | None = None,
    returning: bool = False,
) -> list[int]:
    """Insert rows of values for these fields (attribute names, e.g. "article_id"), each row
    also taking the `fixed` values; with `returning`, the new rows' ids in the order given.

    Values go to the database as they are (str, int, Decimal, date, datetime, bool, None), with
    no field conversion: what a field's `get_db_prep_save` would leave unchanged. On PostgreSQL
    each INSERT_BATCH rows are one `INSERT … SELECT FROM unnest(arrays)`: building a model
    instance and a placeholder per value costs more than the insert itself. Elsewhere
    `bulk_create` of instances.
    """
    if not rows:
        return []
    fixed = dict(fixed or {})
    if connection.vendor != "postgresql":
        created = model.objects.bulk_create(
            [model(**dict(zip(fields, row, strict=True)), **fixed) for row in rows],
            batch_size=INSERT_BATCH,
        )
        return [obj.pk for obj in created] if returning else []
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    quote = connection.ops.quote_name
    names = ", ".join(quote(by_name[name].column) for name in [*fields, *fixed])
    arrays = ", ".join(f"%s::{by_name[name].db_type(connection)}[]" for name in fields)
    constants = "".join(", %s" for _ in fixed)
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT *{constants} FROM unnest({arrays})"
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            columns = [list(column) for column in zip(*batch, strict=True)]
            cursor.execute(sql, [*fixed.values(), *columns])
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
