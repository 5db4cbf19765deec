"""Load a backup made by `backup` into an empty, migrated database, in one transaction."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from kbase.management.backups import restore_read


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty, migrated database (run "
        "`manage.py migrate` first). All or nothing: a damaged file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="backup file (.jsonl or .jsonl.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database holds (it is deleted, in the same transaction)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, input, force, database, verbosity, **options):
        started = time.perf_counter()

        def progress(label: str, count: int) -> None:
            if verbosity >= 2:
                self.stderr.write(f"  {label}: {count} rows")

        counts = restore_read(path=Path(input), using=database, force=force, progress=progress)
        seconds = time.perf_counter() - started
        rows = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows of {len(counts)} tables from {input} in {seconds:.1f} s "
                f"({rows / max(seconds, 1e-9):,.0f} rows/s)."
            )
        )
