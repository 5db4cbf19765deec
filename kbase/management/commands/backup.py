"""Write every table (data, history, users, groups, tokens) to a JSON Lines backup."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kbase.management.backups import backup_write

EXAMPLE_NAME = "kbase-2025-01-31.jsonl.gz"


class Command(BaseCommand):
    help = (
        "Back up the whole database as JSON Lines, gzip-compressed when OUTPUT ends in .gz. "
        "Read from one snapshot and streamed; the file appears only once complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help=f"file to write, e.g. {EXAMPLE_NAME}")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, output, database, verbosity, **options):
        path = Path(output)
        # "..", "." and folders name no file: writing beside them and renaming would fail late.
        if path.is_dir() or path.name in ("", ".", ".."):
            raise CommandError(f"{output} is a directory; give a file name such as {EXAMPLE_NAME}")
        if not path.parent.is_dir():
            raise CommandError(f"no directory {path.parent} to write the backup in")
        started = time.perf_counter()

        def progress(label: str, count: int) -> None:
            if verbosity >= 2:
                self.stderr.write(f"  {label}: {count} rows")

        counts = backup_write(path=path, using=database, progress=progress)
        seconds = time.perf_counter() - started
        rows = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows of {len(counts)} tables to {path} "
                f"({path.stat().st_size / 1e6:.1f} MB) in {seconds:.1f} s "
                f"({rows / max(seconds, 1e-9):,.0f} rows/s)."
            )
        )
