"""Import articles from text, HTML and JSON Lines files, each with its claims and links."""

from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sources.models import Outlet
from sources.parsing import FORMATS, ParseError, count_records, find_files, read_articles
from sources.services import BatchItem, article_ingest
from sources.validation import (
    ArticleInput,
    ArticleInputError,
    article_input_from_mapping,
    parse_date,
)
from sources.workers import ingest_batches

STATUSES = ("imported", "updated", "unchanged")
# Articles linked and committed together: each subject key is then read and summarised once for
# all of them, not once an article.
BATCH = 100


def non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .html/.htm and .jsonl files and folders (recursively). "
        "Each article is stored with its claims and links, or not at all; the same text again "
        "is 'unchanged', a new text for a known URL updates that article. Exits with status 1 "
        "when anything failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--format", choices=FORMATS, help="read every file as this format, whatever its name"
        )
        parser.add_argument("--outlet", help="the outlet of every article of this run")
        parser.add_argument(
            "--outlet-kind", choices=Outlet.Kind.values, help="the kind of that outlet"
        )
        parser.add_argument(
            "--published", help="the publication date of every article (YYYY-MM-DD, YYYY-MM, YYYY)"
        )
        parser.add_argument(
            "--defer",
            action="store_true",
            help="store the articles now and extract and link their claims as background tasks",
        )
        parser.add_argument(
            "--batch",
            type=positive_int,
            default=BATCH,
            help="articles linked and committed together (default %(default)s); an article "
            "that fails still costs no other",
        )
        parser.add_argument(
            "--workers",
            type=non_negative_int,
            default=0,
            help="processes extracting the claims of the next batches while one is stored and "
            "linked (default 0: this process does it all); the result is the same",
        )
        parser.add_argument(
            "--max-bytes",
            type=positive_int,
            default=None,
            help="largest article text accepted, in bytes of UTF-8 "
            "(default: KBASE_MAX_ARTICLE_BYTES, 5 MB)",
        )

    def handle(self, *args, **options) -> None:
        self.verbosity = options["verbosity"]
        self.max_bytes = options["max_bytes"] or settings.KBASE["MAX_ARTICLE_BYTES"]
        self.overrides = self._overrides(options)
        self.defer = options["defer"]
        self.batch = 1 if self.defer else options["batch"]
        self.workers = options["workers"]
        self.tally: Counter = Counter()
        self.failures: list[str] = []
        self.skipped: list[str] = []
        found = [
            item for path in options["paths"] for item in find_files(path, format=options["format"])
        ]
        self.bar = None
        if self.verbosity > 0 and self.stdout.isatty():
            total = sum(count_records(f.path, format=f.format) for f in found if f.path)
            self.bar = tqdm(total=total, unit="article", dynamic_ncols=True)
        try:
            batches = self._batches(found)
            if self.defer:
                for pending in batches:
                    self._report(pending, self._defer(pending))
            else:
                # Files are read and validated as the workers take batches.
                labelled = ((pending, [data for _, data in pending]) for pending in batches)
                for pending, done in ingest_batches(labelled, workers=self.workers):
                    self._report(pending, done.items)
        finally:
            if self.bar is not None:
                self.bar.close()
        self._summary()
        if self.failures:
            first = self.failures[0] if len(self.failures) == 1 else "see the list above"
            raise CommandError(f"{len(self.failures)} failed: {first}")

    def _batches(self, found) -> Iterator[list[tuple[str, ArticleInput]]]:
        """The valid articles of every file, `self.batch` at a time with where each is from;
        files and records that cannot be read are reported as they come."""
        for item in found:
            if item.error:
                self._fail(item.shown, item.error)
            elif item.skipped:
                self.skipped.append(f"{item.shown}: {item.skipped}")
                self._say(f"skipped   {item.shown}: {item.skipped}", self.style.WARNING)
            else:
                pending = []
                for where, data in self._valid_records(item):
                    pending.append((where, data))
                    if len(pending) == self.batch:
                        yield pending
                        pending = []
                if pending:
                    yield pending

    def _valid_records(self, item) -> Iterator[tuple[str, ArticleInput]]:
        for parsed in read_articles(item.path, format=item.format, max_bytes=self.max_bytes):
            where = item.shown + (f":{parsed.line}" if parsed.line else "")
            try:
                if isinstance(parsed, ParseError):
                    raise parsed
                data = article_input_from_mapping(
                    parsed.fields, overrides=self.overrides, max_bytes=self.max_bytes
                )
            except ParseError as exc:
                self._fail(where, exc.message)
            except ArticleInputError as exc:
                self._fail(where, exc.summary())
            else:
                yield where, data
                continue
            if self.bar is not None:
                self.bar.update(1)

    def _defer(self, pending: list[tuple[str, ArticleInput]]) -> list[BatchItem]:
        """Store the articles one at a time, their claims left to background tasks."""
        items = []
        for _, data in pending:
            try:
                items.append(BatchItem(result=article_ingest(data=data, defer=True)))
            except Exception as exc:
                items.append(BatchItem(error=exc))
        return items

    def _report(self, pending: list[tuple[str, ArticleInput]], items: list[BatchItem]) -> None:
        for (where, _), item in zip(pending, items, strict=True):
            if item.error is not None:
                # One article's failure (its transaction rolled back) must not stop the rest.
                self._fail(where, f"{type(item.error).__name__}: {item.error}")
            else:
                self.tally[item.result.status] += 1
                if self.bar is None and self.verbosity > 0:
                    self.stdout.write(self._line(item.result, where))
        if self.bar is not None:
            self.bar.update(len(pending))

    def _fail(self, where: str, reason: str) -> None:
        self.failures.append(f"{where}: {reason}")
        self.tally["failed"] += 1
        self._say(f"FAILED    {where}: {reason}", self.style.ERROR)

    def _overrides(self, options: dict) -> dict:
        overrides = {
            "outlet": options["outlet"],
            "outlet_kind": options["outlet_kind"],
            "published": options["published"],
        }
        if options["published"]:
            try:
                parse_date(options["published"])
            except ValueError as exc:
                raise CommandError(f"--published: {exc}") from None
        return {key: value for key, value in overrides.items() if value}

    def _say(self, message: str, style) -> None:
        if self.bar is not None:
            self.bar.write(style(message))
        elif self.verbosity > 0:
            self.stdout.write(style(message))

    def _line(self, result, where: str) -> str:
        article = result.article
        details = [where, f"#{article.pk}"]
        if result.deferred:
            details.append("claims deferred to a background task")
        elif result.claims:
            details.append(f"{result.claims.get('created', 0)} claims new")
        if result.anchoring.get("orphaned"):
            details.append(f"{result.anchoring['orphaned']} claims orphaned")
        if result.detail:
            details.append(result.detail)
        return f"{result.status:<9} {article.title}  ({'; '.join(details)})"

    def _summary(self) -> None:
        counts = ", ".join(f"{status} {self.tally[status]}" for status in (*STATUSES, "failed"))
        if self.skipped:
            counts += f"; {len(self.skipped)} file(s) skipped"
        style = self.style.ERROR if self.failures else self.style.SUCCESS
        self.stdout.write(style(counts))
        for failure in self.failures:
            self.stdout.write(f"  failed: {failure}")
