"""Stream every table to JSON Lines and back into an empty database, losing nothing."""

import base64
import datetime
import decimal
import gzip
import io
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from django.apps import apps
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from kbase.cache import content_changed

FORMAT = "kbase-backup"
VERSION = 1
CHUNK_ROWS = 2000
# Rows that `migrate` itself creates; restore replaces them, so they do not make a database
# count as holding data.
SEEDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
}
GZIP_MAGIC = b"\x1f\x8b"


def backup_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every table Django manages, M2M tables included, parents before the rows pointing at
    them."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and router.allow_migrate_model(using, model)
    ]
    found.sort(key=lambda m: m._meta.label_lower)
    ordered: list[type[models.Model]] = []
    placed: set = set()

    def place(model, visiting: frozenset) -> None:
        if model in placed or model in visiting:
            return  # A cycle: constraints are deferred to the end of the transaction anyway.
        for field in model._meta.local_concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is not None and target in found_set:
                place(target, visiting | {model})
        placed.add(model)
        ordered.append(model)

    found_set = set(found)
    for model in found:
        place(model, frozenset())
    return ordered


def columns(model: type[models.Model]) -> list[models.Field]:
    """The columns a row of this model's own table is written with."""
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _encode(value):
    """JSON for the values json cannot write itself; each column's to_python reads them back."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # Full microseconds, unlike DjangoJSONEncoder.
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _dumps(value) -> str:
    return json.dumps(value, default=_encode, ensure_ascii=False, separators=(",", ":"))


def applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def open_for_writing(path: Path, *, compress: bool) -> IO[str]:
    if compress:
        return io.TextIOWrapper(gzip.open(path, "wb", compresslevel=6), encoding="utf-8")
    return open(path, "w", encoding="utf-8")


def open_for_reading(path: Path) -> IO[str]:
    with open(path, "rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    if compressed:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def backup_write(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Write every table to `path` (gzip when it ends in .gz) from one consistent snapshot.

    The file appears only when complete: it is written beside the target and renamed.
    Returns the row count of each table.
    """
    connection = connections[using]
    partial = path.with_name(f".{path.name}.partial")
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    compress = path.name.endswith(".gz")
    try:
        with transaction.atomic(using=using), open_for_writing(partial, compress=compress) as out:
            if connection.vendor == "postgresql" and outermost:
                # First statement of the transaction: every table is read from one snapshot.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            header = {
                "format": FORMAT,
                "version": VERSION,
                "created": timezone.now().isoformat(),
                "vendor": connection.vendor,
                "migrations": applied_migrations(using),
            }
            out.write(_dumps(header) + "\n")
            for model in backup_models(using):
                label = model._meta.label_lower
                names = [f.attname for f in columns(model)]
                out.write(_dumps({"model": label, "fields": names}) + "\n")
                rows = (
                    model._base_manager.using(using)
                    .order_by("pk")
                    .values_list(*names)
                    .iterator(chunk_size=CHUNK_ROWS)
                )
                count = 0
                for row in rows:
                    out.write(_dumps(row) + "\n")
                    count += 1
                out.write(_dumps({"end": label, "rows": count}) + "\n")
                counts[label] = count
                if progress is not None:
                    progress(label, count)
            out.write(_dumps({"complete": True, "tables": counts}) + "\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _lines(stream: IO[str]) -> Iterator[tuple[int, object]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"line {number} is not JSON ({exc.msg}); the backup is damaged"
            ) from exc


def _check_header(header, using: str) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CommandError("not a kbase backup: the first line has no kbase-backup header")
    if header.get("version") != VERSION:
        raise CommandError(
            f"backup format version {header.get('version')} is not {VERSION}, which this code reads"
        )
    theirs = {(a, n) for a, names in header.get("migrations", {}).items() for n in names}
    ours = {(a, n) for a, names in applied_migrations(using).items() for n in names}
    missing = sorted(theirs - ours)
    if missing:
        shown = ", ".join(f"{a}.{n}" for a, n in missing[:5])
        raise CommandError(
            f"the backup's schema has migrations this database lacks ({shown}"
            f"{', ...' if len(missing) > 5 else ''}): run `manage.py migrate` first, "
            "with the code that made the backup"
        )
    newer = sorted(ours - theirs)
    if newer:
        shown = ", ".join(f"{a}.{n}" for a, n in newer[:5])
        raise CommandError(
            f"this database has migrations the backup predates ({shown}"
            f"{', ...' if len(newer) > 5 else ''}): restore into a database migrated to the "
            "backup's version (check out the code that made it), then run the new migrations"
        )


def database_holdings(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Tables holding rows, apart from those `migrate` fills itself."""
    held = {}
    for model in backup_models(using):
        label = model._meta.label_lower
        if label in SEEDED:
            continue
        count = model._base_manager.using(using).count()
        if count:
            held[label] = count
    return held


def restore_read(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Load a backup into an empty, migrated database, in one transaction.

    Refuses a database holding data unless `force` (its rows are then replaced). A damaged or
    truncated file, or a schema mismatch, changes nothing. Returns the row count of each table.
    """
    if not path.is_file():
        raise CommandError(f"no backup file at {path}")
    connection = connections[using]
    known = {model._meta.label_lower: model for model in backup_models(using)}
    with open_for_reading(path) as stream, transaction.atomic(using=using):
        lines = _lines(stream)
        try:
            _, header = next(lines)
        except StopIteration:
            raise CommandError("the backup file is empty") from None
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read the backup: {exc}") from exc
        _check_header(header, using)
        if not force:
            held = database_holdings(using)
            if held:
                shown = ", ".join(f"{n} {label}" for label, n in sorted(held.items())[:6])
                raise CommandError(
                    f"the database is not empty ({shown}); restore into a freshly migrated "
                    "database, or pass --force to replace everything in it"
                )
        _empty_tables(connection, list(known.values()))
        counts = _load(lines, known, using, progress)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(known.values())):
                cursor.execute(sql)
        connection.check_constraints(table_names=[m._meta.db_table for m in known.values()])
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    content_changed()
    return counts


def _empty_tables(connection, model_list) -> None:
    tables = [m._meta.db_table for m in model_list]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=False):
            cursor.execute(sql)


def _load(lines, known, using, progress) -> dict[str, int]:
    counts: dict[str, int] = {}
    model = fields = decoders = None
    batch: list = []
    read = 0
    try:
        for number, item in lines:
            if isinstance(item, list):
                if model is None:
                    raise CommandError(f"line {number}: a row outside any table")
                if len(item) != len(fields):
                    raise CommandError(
                        f"line {number}: {len(item)} values for {len(fields)} columns"
                    )
                batch.append(_instance(model, fields, decoders, item, number))
                read += 1
                if len(batch) >= CHUNK_ROWS:
                    _insert(model, fields, batch, using)
                    batch = []
            elif "model" in item:
                if model is not None:
                    raise CommandError(f"line {number}: {model._meta.label_lower} never ended")
                label = item["model"]
                if label not in known:
                    raise CommandError(f"line {number}: no table {label} in this version")
                model = known[label]
                fields = _fields_for(model, item["fields"], number)
                decoders = [_decoder(f) for f in fields]
                read = 0
            elif "end" in item:
                if model is None or item["end"] != model._meta.label_lower:
                    raise CommandError(f"line {number}: end of a table that was not started")
                if batch:
                    _insert(model, fields, batch, using)
                    batch = []
                if item.get("rows") != read:
                    raise CommandError(
                        f"line {number}: {item['end']} has {read} rows, its end says "
                        f"{item.get('rows')}; the backup is damaged"
                    )
                counts[item["end"]] = read
                if progress is not None:
                    progress(item["end"], read)
                model = None
            elif item.get("complete") is True:
                if item.get("tables") != counts:
                    raise CommandError("the backup's closing counts do not match its rows")
                missing = sorted(set(known) - set(counts))
                if missing:
                    raise CommandError(f"the backup lacks tables: {', '.join(missing)}")
                return counts
            else:
                raise CommandError(f"line {number}: not a row, a table header or an end")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read the backup: {exc}") from exc
    raise CommandError("the backup ends before its closing line: it is truncated")


def _fields_for(model, names: list[str], number: int) -> list[models.Field]:
    by_name = {f.attname: f for f in columns(model)}
    unknown = [n for n in names if n not in by_name]
    lacking = [n for n in by_name if n not in names]
    if unknown or lacking:
        raise CommandError(
            f"line {number}: {model._meta.label_lower}'s columns differ from this version's "
            f"(unknown: {unknown}, missing: {lacking})"
        )
    return [by_name[n] for n in names]


def _decoder(field: models.Field):
    if isinstance(field, models.JSONField):
        return None  # Already the Python value; to_python would not undo json's decoding.
    return field.to_python


def _instance(model, fields, decoders, values, number):
    data = {}
    for field, decode, value in zip(fields, decoders, values, strict=True):
        if value is not None and decode is not None:
            try:
                value = decode(value)
            except Exception as exc:
                raise CommandError(
                    f"line {number}: {model._meta.label_lower}.{field.attname}: {exc}"
                ) from exc
        data[field.attname] = value
    return model(**data)


def _insert(model, fields, objs, using) -> None:
    """Insert rows as stored: raw, so auto_now fields and save() overrides change nothing."""
    size = max(1, min(CHUNK_ROWS, connections[using].ops.bulk_batch_size(fields, objs)))
    for start in range(0, len(objs), size):
        model._base_manager.using(using)._insert(
            objs[start : start + size], fields=fields, raw=True, using=using
        )
