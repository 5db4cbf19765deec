"""Time linking one new article against 1k, 10k and 100k stored claims; report the ratio."""

import gc
import random
import statistics
import time
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.linking import subject_key
from claims.models import Claim, ClaimLink
from claims.services import links_update_for_article
from sources.hashing import text_sha256
from sources.models import Article, Origin, Outlet

MEASURES = ("stock", "repatriated", "visas", "incident", "forecast")
BATCH = 5000
# Articles linked before timing starts at each size, to warm caches and query plans.
WARM_UP = 3


class _Rollback(Exception):
    """Raised to undo every row the benchmark wrote."""


class Command(BaseCommand):
    help = (
        "Benchmark links_update_for_article: bulk-generate synthetic claims over many subject "
        "keys, then time linking a new article when 1k, 10k and 100k claims are stored. "
        "Everything is written in one transaction and rolled back. Run it on PostgreSQL "
        "(DATABASE_URL) for figures that mean something."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sizes",
            default="1000,10000,100000",
            help="stored-claim counts to measure at, comma-separated (default 1000,10000,100000)",
        )
        parser.add_argument(
            "--per-key",
            type=int,
            default=30,
            help="claims per subject key: keys grow with the corpus (default 30)",
        )
        parser.add_argument(
            "--keys",
            type=int,
            default=0,
            help="a fixed number of subject keys instead, so each key grows with the corpus",
        )
        parser.add_argument(
            "--links-per-claim", type=int, default=2, help="stored links per synthetic claim"
        )
        parser.add_argument(
            "--claims-per-article", type=int, default=6, help="claims of each new article"
        )
        parser.add_argument("--repeat", type=int, default=21, help="articles timed per size")
        parser.add_argument("--seed", type=int, default=5)

    def handle(self, *args, **options) -> None:
        try:
            sizes = sorted({int(s) for s in options["sizes"].split(",") if s.strip()})
        except ValueError as exc:
            raise CommandError(f"--sizes must be integers: {exc}") from exc
        if not sizes or sizes[0] <= 0:
            raise CommandError("--sizes needs at least one positive count")
        self.rng = random.Random(options["seed"])
        self.options = options
        vendor = connection.vendor
        if vendor != "postgresql":
            self.stderr.write(f"note: running on {vendor}; PostgreSQL figures are the ones to cite")
        self.stdout.write(
            f"database {vendor}; "
            + (
                f"{options['keys']} subject keys in all"
                if options["keys"]
                else f"{options['per_key']} claims per subject key"
            )
            + f"; {options['links_per_claim']} stored links per claim; "
            f"{options['claims_per_article']} claims per new article; "
            f"median of {options['repeat']} articles"
        )
        results = []
        try:
            with transaction.atomic():
                self._setup()
                for size in sizes:
                    self._grow_to(size)
                    results.append((size, *self._measure()))
                raise _Rollback
        except _Rollback:
            pass

        self.stdout.write(
            f"{'claims':>9} {'keys':>7} {'median ms':>10} {'art/s':>7} {'queries':>8}"
        )
        for size, keys, median, queries in results:
            self.stdout.write(
                f"{size:>9,} {keys:>7,} {median * 1000:>10.1f} {1 / median:>7.1f} {queries:>8}"
            )
        if len(results) > 1:
            ratio = results[-1][2] / results[0][2]
            verdict = "within" if ratio <= 1.5 else "OVER"
            self.stdout.write(
                f"ratio largest/smallest: {ratio:.2f}x ({verdict} the 1.5x target); "
                f"queries {'constant' if len({r[3] for r in results}) == 1 else 'VARY'}"
            )

    # Synthetic corpus.

    def _setup(self) -> None:
        self.outlets = Outlet.objects.bulk_create(
            [Outlet(name=f"Bench outlet {i}", key=f"bench outlet {i}") for i in range(50)]
        )
        self.origins = Origin.objects.bulk_create(
            [Origin(name=f"Bench origin {i}", key=f"bench origin {i}") for i in range(500)]
        )
        self.stored = 0
        self.keys: list[tuple[str, str, str, int]] = []
        self.articles = 0

    def _key_count(self, size: int) -> int:
        if self.options["keys"]:
            return self.options["keys"]
        return max(1, size // max(1, self.options["per_key"]))

    def _grow_to(self, size: int) -> None:
        missing = size - self.stored
        if missing <= 0:
            return
        while len(self.keys) < self._key_count(size):
            n = len(self.keys)
            measure, place = MEASURES[n % len(MEASURES)], f"B{n:06d}"
            key = subject_key(kind="worker_count", measure=measure, place=place)
            self.keys.append((key, measure, place, self.rng.randint(500, 50000)))
        started = time.perf_counter()
        for offset in range(0, missing, BATCH):
            self._add_claims(min(BATCH, missing - offset), spread_over=self._key_count(size))
        self._analyze()
        self.stored = size
        self.stderr.write(
            f"  stored {size:,} claims over {len(self.keys):,} keys "
            f"in {time.perf_counter() - started:.1f}s"
        )

    def _add_claims(self, count: int, *, spread_over: int) -> None:
        per_article = 5
        articles = self._new_articles((count + per_article - 1) // per_article)
        claims = [
            self._claim(articles[i // per_article], self.keys[self.rng.randrange(spread_over)])
            for i in range(count)
        ]
        Claim.objects.bulk_create(claims, batch_size=BATCH)
        self._add_links(claims)

    def _new_articles(self, count: int) -> list[Article]:
        articles = []
        for _ in range(count):
            self.articles += 1
            text = f"Synthetic article {self.articles} for the linking benchmark."
            year = self.rng.randint(2014, 2024)
            articles.append(
                Article(
                    outlet=self.rng.choice(self.outlets),
                    title=f"Bench {self.articles}",
                    text=text,
                    sha256=text_sha256(text),
                    published=date(year, self.rng.randint(1, 12), 15),
                    wire=f"bench-wire-{self.rng.randrange(20)}" if self.rng.random() < 0.1 else "",
                )
            )
        return Article.objects.bulk_create(articles, batch_size=BATCH)

    def _claim(self, article: Article, key: tuple[str, str, str, int]) -> Claim:
        name, measure, place, base = key
        value = Decimal(round(base * self.rng.uniform(0.8, 1.2)))
        qualifier = self.rng.choice(("exact", "approximately", "approximately", "more_than"))
        year = self.rng.randint(2014, 2024)
        return Claim(
            article=article,
            kind="worker_count",
            measure=measure,
            place=place,
            unit="workers",
            quote=f"{value} workers",
            start=0,
            end=len(f"{value} workers"),
            value_low=value,
            value_high=value,
            qualifier=qualifier,
            as_of=date(year, self.rng.randint(1, 12), 1) if self.rng.random() < 0.8 else None,
            as_of_precision="month",
            origin=self.rng.choice(self.origins) if self.rng.random() < 0.7 else None,
            subject_key=name,
            extractor_version="bench",
        )

    def _add_links(self, claims: list[Claim]) -> None:
        """Stored links between claims of one key, so topic refreshes read realistic rows."""
        wanted = self.options["links_per_claim"]
        if wanted <= 0:
            return
        by_key: dict[str, list[Claim]] = {}
        for claim in claims:
            by_key.setdefault(claim.subject_key, []).append(claim)
        links, seen = [], set()
        for group in by_key.values():
            if len(group) < 2:
                continue
            for claim in group:
                for other in self.rng.sample(group, min(wanted, len(group) - 1) + 1):
                    pair = frozenset((claim.pk, other.pk))
                    if other.pk == claim.pk or pair in seen or claim.article_id == other.article_id:
                        continue
                    seen.add(pair)
                    links.append(
                        ClaimLink(
                            from_claim_id=claim.pk,
                            to_claim_id=other.pk,
                            relation=self.rng.choice(("agrees", "contradicts", "supersedes")),
                            score=0.5,
                            rationale="synthetic",
                        )
                    )
        ClaimLink.objects.bulk_create(links, batch_size=BATCH)

    def _analyze(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE claims_claim, claims_claimlink, sources_article")

    # Measurement.

    def _measure(self) -> tuple[int, float, int]:
        timings, queries = [], set()
        for i in range(self.options["repeat"] + WARM_UP):
            elapsed, count = self._link_one_article()
            if i >= WARM_UP:
                timings.append(elapsed)
                queries.add(count)
        return len(self.keys), statistics.median(timings), max(queries)

    def _link_one_article(self) -> tuple[float, int]:
        """Link a new article, timed, then undo it so every article meets the same corpus."""
        try:
            with transaction.atomic():
                article = self._new_articles(1)[0]
                Claim.objects.bulk_create(
                    [
                        self._claim(article, self.rng.choice(self.keys))
                        for _ in range(self.options["claims_per_article"])
                    ]
                )
                gc.collect()
                gc.disable()
                try:
                    with CaptureQueriesContext(connection) as ctx:
                        started = time.perf_counter()
                        links_update_for_article(article=article)
                        elapsed = time.perf_counter() - started
                finally:
                    gc.enable()
                raise _Rollback
        except _Rollback:
            return elapsed, len(ctx.captured_queries)
