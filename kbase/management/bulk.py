"""Insert many new rows fast: COPY on PostgreSQL, bulk_create elsewhere; ids set either way."""

import csv
import io

from django.db import connections
from django.utils import timezone


def bulk_insert(model, objs: list, *, using: str = "default", batch_size: int = 5000) -> None:
    """Insert `objs` (new, unsaved, no pk) and set each one's pk.

    No save(), no signals, no history rows: for generated data only. On PostgreSQL the ids come
    from the table's sequence and the rows go through COPY, several times faster than INSERT.
    """
    if not objs:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        model.objects.using(using).bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    ids = reserve_ids(connection, meta.db_table, meta.pk.column, len(objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = using
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        "FROM STDIN WITH (FORMAT csv)"
    )
    for start in range(0, len(objs), batch_size):
        buffer = io.StringIO()
        # QUOTE_NOTNULL: None is written bare, which COPY reads as NULL; "" stays an empty string.
        writer = csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")
        writer.writerows(
            [getattr(obj, n) for n in names] for obj in objs[start : start + batch_size]
        )
        buffer.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())


def reserve_ids(connection, table: str, column: str, count: int) -> list[int]:
    """`count` ids from the table's own sequence, so concurrent inserts never collide."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return [row[0] for row in cursor.fetchall()]
