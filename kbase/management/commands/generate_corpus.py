"""Fill the database with a synthetic corpus, in bulk, for load tests and benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from claims.linking import ClaimFacts, relate
from claims.models import Claim, ClaimLink
from claims.services import topics_refresh
from claims.services.linking import link_tolerance
from kbase.management.bulk import bulk_insert
from kbase.management.synthetic import EXTRACTOR_VERSION, ArticleSpec, CorpusGenerator
from sources.models import Article, Origin, Outlet

CLAIM_BATCH = 5000
TOPIC_BATCH_KEYS = 25
WIRE_STORIES_KEPT = 2000


class Command(BaseCommand):
    help = (
        "Generate N synthetic articles with anchored claims straight into the database, in bulk "
        "(no history rows). Deterministic for a seed; reports rows per second."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, help="articles to generate")
        parser.add_argument("--claims-per-article", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--batch", type=int, default=2000, help="articles written per transaction"
        )
        parser.add_argument(
            "--links",
            action="store_true",
            help="also link a sample of comparable claims, by the app's own linking rules",
        )
        parser.add_argument(
            "--link-share",
            type=float,
            default=0.3,
            help="with --links, the share of claims that get a partner (default 0.3)",
        )
        parser.add_argument(
            "--no-topics", action="store_true", help="skip refreshing the topic summaries"
        )
        parser.add_argument(
            "--extend",
            action="store_true",
            help="add the articles after those of this seed already stored, instead of refusing",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="delete the synthetic corpus of this seed instead of generating one",
        )

    def handle(self, *args, **options):
        seed = options["seed"]
        generator = CorpusGenerator(seed=seed, claims_per_article=options["claims_per_article"])
        if options["delete"]:
            return self._delete(generator)
        count, per_article = options["articles"], options["claims_per_article"]
        if count is None or count < 1:
            raise CommandError("--articles must be at least 1")
        if not 1 <= per_article <= 50:
            raise CommandError("--claims-per-article must be from 1 to 50")
        if not 0 <= options["link_share"] <= 1:
            raise CommandError("--link-share must be from 0 to 1")
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        existing = Article.objects.filter(url__startswith=generator.url_prefix()).count()
        if existing and options["extend"]:
            # A stream of its own from the first new article on, so the added texts do not
            # repeat the first ones (a fresh generator starts where the first run started).
            generator.rng.seed(f"{seed}:from:{existing}")
        elif existing:
            raise CommandError(
                f"{existing} synthetic articles of seed {seed} are already stored: choose another "
                f"--seed, or remove them first with --delete --seed {seed}"
            )
        writer = CorpusWriter(
            generator,
            links=options["links"],
            link_share=options["link_share"],
        )
        started = time.perf_counter()
        writer.prepare()
        done = 0
        while done < count:
            size = min(options["batch"], count - done)
            writer.write(list(generator.articles(size, start=existing + done)))
            done += size
            if options["verbosity"] >= 1:
                elapsed = time.perf_counter() - started
                self.stderr.write(
                    f"  {done}/{count} articles, {writer.claims} claims, {writer.links} links "
                    f"({writer.claims / elapsed:,.0f} claims/s)"
                )
        written = time.perf_counter() - started
        topics = 0
        if not options["no_topics"]:
            topics = writer.refresh_topics()
        total = time.perf_counter() - started
        rows = writer.articles + writer.claims + writer.links
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {writer.articles} articles, {writer.claims} claims, {writer.links} "
                f"links and {topics} topics (seed {seed}) in {total:.1f} s: "
                f"{rows / written:,.0f} rows/s written ({writer.claims / written:,.0f} claims/s, "
                f"{writer.articles / written:,.0f} articles/s); "
                f"topics took {total - written:.1f} s."
            )
        )

    def _delete(self, generator: CorpusGenerator) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            articles = Article.objects.filter(url__startswith=generator.url_prefix())
            claims = Claim.objects.filter(article__in=articles)
            keys = set(claims.values_list("subject_key", flat=True).distinct())
            links = ClaimLink.objects.filter(from_claim__in=claims) | ClaimLink.objects.filter(
                to_claim__in=claims
            )
            # Raw deletes: a synthetic corpus has no history to keep, and per-row deletes of a
            # million claims would take hours.
            gone_links = links._raw_delete(links.db)
            gone_claims = claims._raw_delete(claims.db)
            gone_articles = articles._raw_delete(articles.db)
            _refresh_in_batches(keys)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {gone_articles} articles, {gone_claims} claims and {gone_links} links "
                f"of seed {generator.seed} in {time.perf_counter() - started:.1f} s."
            )
        )


def _refresh_in_batches(keys) -> int:
    keys = sorted(k for k in keys if k)
    return sum(
        topics_refresh(keys=keys[i : i + TOPIC_BATCH_KEYS])
        for i in range(0, len(keys), TOPIC_BATCH_KEYS)
    )


class CorpusWriter:
    """Writes generated articles, claims and sampled links with bulk inserts."""

    def __init__(self, generator: CorpusGenerator, *, links: bool, link_share: float):
        self.generator = generator
        self.want_links = links
        self.link_share = link_share
        self.tolerance = link_tolerance()
        self.outlet_ids: dict[str, int] = {}
        self.origin_ids: dict[str, int] = {}
        self.keys: set[str] = set()
        self.pairs: set[tuple[int, int]] = set()
        # Facts of recent wire stories' claims, so a relay's claims can be linked to them.
        self.wire_facts: dict[str, list[ClaimFacts]] = {}
        self.articles = self.claims = self.links = 0

    def prepare(self) -> None:
        """Outlets and origins, created where missing, and their ids by key."""
        from sources.keys import name_key

        outlets = self.generator.outlets
        Outlet.objects.bulk_create(
            [Outlet(name=o.name, key=o.key, kind=o.kind, country=o.country) for o in outlets],
            ignore_conflicts=True,
        )
        self.outlet_ids = dict(
            Outlet.objects.filter(key__in=[o.key for o in outlets]).values_list("key", "id")
        )
        origins = {name_key(name): name for name in self.generator.origins}
        Origin.objects.bulk_create(
            [Origin(name=name, key=key) for key, name in origins.items()], ignore_conflicts=True
        )
        self.origin_ids = dict(
            Origin.objects.filter(key__in=list(origins)).values_list("key", "id")
        )

    @transaction.atomic
    def write(self, specs: list[ArticleSpec]) -> None:
        if connection.vendor == "postgresql":
            # Generated rows can be generated again: no need to wait for each commit's flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        rows = [
            Article(
                outlet_id=self.outlet_ids[spec.outlet_key],
                title=spec.title,
                url=spec.url,
                author=spec.author,
                published=spec.published,
                text=spec.text,
                sha256=spec.sha256,
                wire=spec.wire,
            )
            for spec in specs
        ]
        bulk_insert(Article, rows)
        if rows and rows[0].pk is None:  # A database that cannot return ids from bulk inserts.
            ids = dict(
                Article.objects.filter(url__in=[s.url for s in specs]).values_list("url", "id")
            )
            for row in rows:
                row.pk = ids[row.url]
        claims = []
        owners = []
        for spec, row in zip(specs, rows, strict=True):
            for c in spec.claims:
                claims.append(
                    Claim(
                        article_id=row.pk,
                        kind=c.kind,
                        measure=c.measure,
                        quote=c.quote,
                        start=c.start,
                        end=c.end,
                        prefix=c.prefix,
                        suffix=c.suffix,
                        value_low=c.value_low,
                        value_high=c.value_high,
                        qualifier=c.qualifier,
                        unit=c.unit,
                        period=c.period,
                        place=c.place,
                        as_of=c.as_of,
                        as_of_precision=c.as_of_precision,
                        attributed_to=c.attributed_to[:300],
                        origin_id=self.origin_ids.get(c.origin_key),
                        instrument=c.instrument,
                        provision=c.provision,
                        subject_key=c.subject_key,
                        method=Claim.Method.EXTRACTOR,
                        extractor_version=EXTRACTOR_VERSION,
                        confidence=c.confidence,
                        review_status=c.review_status,
                    )
                )
                owners.append(spec)
                self.keys.add(c.subject_key)
        bulk_insert(Claim, claims, batch_size=CLAIM_BATCH)
        stored = claims
        self.articles += len(rows)
        self.claims += len(stored)
        if self.want_links:
            self._link(stored, owners)

    def _link(self, stored: list[Claim], owners: list[ArticleSpec]) -> None:
        """Link a sample of claims to another of their subject, and each relayed claim to the
        wire story's, as the app's own linking rules relate them."""
        if stored and stored[0].pk is None:
            return  # Links need the claims' ids, which this database did not return.
        rng = self.generator.rng_for("links", self.articles)
        by_key: dict[str, list[ClaimFacts]] = {}
        by_year: dict[tuple[str, int], list[ClaimFacts]] = {}
        by_article: dict[int, tuple[ArticleSpec, list[ClaimFacts]]] = {}
        for claim, spec in zip(stored, owners, strict=True):
            fact = self._facts(claim, spec)
            by_key.setdefault(fact.subject_key, []).append(fact)
            by_year.setdefault((fact.subject_key, fact.when.year), []).append(fact)
            by_article.setdefault(claim.article_id, (spec, []))[1].append(fact)
        pairs: list[tuple[ClaimFacts, ClaimFacts]] = []
        for spec, facts in by_article.values():
            if spec.relays in self.wire_facts:
                pairs += zip(facts, self.wire_facts[spec.relays], strict=True)
            if spec.is_wire_story:
                self.wire_facts[spec.url] = facts
        while len(self.wire_facts) > WIRE_STORIES_KEPT:
            self.wire_facts.pop(next(iter(self.wire_facts)))
        # Partners mostly of the same year, where figures agree or contradict; else of any year,
        # where a later figure may supersede.
        for facts in by_key.values():
            if len(facts) < 2:
                continue
            for fact in facts:
                if rng.random() < self.link_share:
                    same_year = by_year[(fact.subject_key, fact.when.year)]
                    pool = same_year if len(same_year) > 1 and rng.random() < 0.7 else facts
                    pairs.append((fact, rng.choice(pool)))
        links = []
        for a, b in pairs:
            pair = (min(a.id, b.id), max(a.id, b.id))
            if a.id == b.id or pair in self.pairs:
                continue
            relation = relate(a, b, self.tolerance)
            if relation is None:
                continue
            self.pairs.add(pair)
            links.append(
                ClaimLink(
                    from_claim_id=relation.first.id,
                    to_claim_id=relation.second.id,
                    relation=relation.relation,
                    score=relation.score,
                    rationale=relation.rationale[:300],
                )
            )
        bulk_insert(ClaimLink, links, batch_size=CLAIM_BATCH)
        self.links += len(links)

    def _facts(self, claim: Claim, spec: ArticleSpec) -> ClaimFacts:
        return ClaimFacts(
            id=claim.pk,
            article_id=claim.article_id,
            kind=claim.kind,
            subject_key=claim.subject_key,
            measure=claim.measure,
            value_low=claim.value_low,
            value_high=claim.value_high,
            qualifier=claim.qualifier,
            unit=claim.unit,
            period=claim.period,
            place=claim.place,
            as_of=claim.as_of,
            as_of_precision=claim.as_of_precision,
            origin_key=self._origin_key(claim.origin_id),
            wire_key=spec.wire,
            outlet_key=spec.outlet_key,
            published=spec.published,
            instrument=claim.instrument,
            provision=claim.provision,
            confidence=claim.confidence,
            review_status=claim.review_status,
        )

    def _origin_key(self, origin_id: int | None) -> str:
        if origin_id is None:
            return ""
        if not hasattr(self, "_keys_by_origin"):
            self._keys_by_origin = {v: k for k, v in self.origin_ids.items()}
        return self._keys_by_origin[origin_id]

    def refresh_topics(self) -> int:
        return _refresh_in_batches(self.keys)
