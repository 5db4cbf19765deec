"""Recompute every automatic link and topic summary, after a change of the linking rules."""

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from claims.services import links_recompute_all
from claims.services.linking import RECOMPUTE_BATCH_KEYS, link_tolerance


def positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Recompute the automatic links between claims and every topic summary, a batch of "
        "subject keys at a time, in one transaction. Links a curator confirmed, rejected or made "
        "are kept as they are. Run it after changing the linking rules or LINK_TOLERANCE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-keys",
            type=positive_int,
            default=RECOMPUTE_BATCH_KEYS,
            help=f"subject keys read and written together (default {RECOMPUTE_BATCH_KEYS})",
        )

    def handle(self, *args, **options) -> None:
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(
                    total=total,
                    unit="key",
                    file=self.stderr._out,
                    disable=options["verbosity"] == 0,
                )
            bar.update(done - bar.n)

        try:
            counts = links_recompute_all(batch_keys=options["batch_keys"], progress=progress)
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(
            f"Recomputed links over {counts['keys']} subject keys "
            f"(tolerance {link_tolerance():.0%}): created {counts['created']}, "
            f"updated {counts['updated']}, deleted {counts['deleted']}, "
            f"unchanged {counts['unchanged']}, kept as curators decided {counts['curated']}; "
            f"topics written {counts['topics']}, removed {counts['topics_deleted']}."
        )
