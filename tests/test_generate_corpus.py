"""`generate_corpus` writes realistic synthetic articles whose claims are anchored in their text."""

import datetime
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.anchoring import context_at
from claims.linking import subject_key
from claims.models import Claim, ClaimLink, Topic
from kbase.management.synthetic import FIRST_DAY, LAST_DAY, CorpusGenerator
from kbase.management.synthetic_vocab import COUNTRIES
from sources.hashing import text_sha256
from sources.models import Article, Origin, Outlet

CLAIM_FIELDS = [
    "kind",
    "measure",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "as_of",
    "as_of_precision",
    "attributed_to",
    "origin__key",
    "instrument",
    "provision",
    "subject_key",
    "confidence",
    "review_status",
]


def generate(**options):
    call_command("generate_corpus", verbosity=0, **options)


def snapshot(seed: int) -> list:
    """Everything generated for a seed, without the database's ids."""
    articles = Article.objects.filter(url__contains=f".invalid/{seed}/").order_by("url")
    return [
        (
            a.url,
            a.title,
            a.text,
            a.published,
            a.author,
            a.wire,
            a.outlet.key,
            list(a.claims.order_by("start").values_list(*CLAIM_FIELDS)),
        )
        for a in articles.select_related("outlet")
    ]


@pytest.mark.django_db
def test_generates_articles_with_anchored_claims_and_no_history():
    generate(articles=30, claims_per_article=6, seed=5, links=True)
    articles = Article.objects.all()
    assert articles.count() == 30
    assert Claim.objects.count() == 180
    for article in articles.prefetch_related("claims"):
        assert article.sha256 == text_sha256(article.text)
        assert FIRST_DAY <= article.published <= LAST_DAY
        assert len(article.claims.all()) == 6
        for claim in article.claims.all():
            assert article.text[claim.start : claim.end] == claim.quote
            assert (claim.prefix, claim.suffix) == context_at(article.text, claim.start, claim.end)
            if claim.kind == "sanctions_clause":
                assert claim.value_low is None and claim.instrument and claim.provision
            else:
                assert claim.value_low <= claim.value_high
                assert claim.unit and claim.measure and claim.place
            assert claim.subject_key == subject_key(
                kind=claim.kind,
                measure=claim.measure,
                place=claim.place,
                unit=claim.unit,
                instrument=claim.instrument,
                provision=claim.provision,
            )
            assert claim.as_of is None or claim.as_of <= article.published
    assert Claim.history.count() == 0 and Article.history.count() == 0
    assert Claim.objects.filter(origin__isnull=False).count() > 120
    # Every subject with a claim still standing (not rejected) has its topic summary.
    live = Claim.objects.exclude(review_status="rejected")
    keys = set(live.values_list("subject_key", flat=True))
    assert set(Topic.objects.values_list("key", flat=True)) == keys


@pytest.mark.django_db
def test_links_join_claims_of_one_subject_by_the_linking_rules():
    generate(articles=60, claims_per_article=8, seed=6, links=True, link_share=0.5)
    links = list(ClaimLink.objects.select_related("from_claim", "to_claim"))
    assert len(links) > 20
    relations = {link.relation for link in links}
    assert {"agrees", "contradicts"} <= relations
    pairs = set()
    for link in links:
        a, b = link.from_claim, link.to_claim
        assert a.subject_key == b.subject_key and a.article_id != b.article_id
        assert frozenset((a.pk, b.pk)) not in pairs
        pairs.add(frozenset((a.pk, b.pk)))
        if link.relation == "supersedes":
            assert (a.as_of or a.article.published) >= (b.as_of or b.article.published)
    # Every relay carries a wire story: its claims repeat the wire's.
    if Article.objects.exclude(wire="").exists():
        assert "repeats" in relations


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    generate(articles=25, claims_per_article=5, seed=9, batch=7)
    first = snapshot(9)
    generate(delete=True, seed=9)
    assert not Article.objects.exists() and not Claim.objects.exists()
    assert not Topic.objects.exists()
    generate(articles=25, claims_per_article=5, seed=9, batch=25)
    assert snapshot(9) == first
    generate(articles=25, claims_per_article=5, seed=10)
    assert snapshot(10) != first
    assert Article.objects.count() == 50


@pytest.mark.django_db
def test_refuses_to_generate_a_seed_twice_and_bad_options():
    generate(articles=3, seed=4)
    with pytest.raises(CommandError, match="already stored"):
        generate(articles=3, seed=4)
    with pytest.raises(CommandError, match="--articles"):
        generate(articles=0, seed=12)
    with pytest.raises(CommandError, match="claims-per-article"):
        generate(articles=3, claims_per_article=0, seed=12)
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_extend_adds_new_articles_after_those_stored():
    generate(articles=4, claims_per_article=3, seed=14)
    first = snapshot(14)
    generate(articles=5, claims_per_article=3, seed=14, extend=True)
    after = snapshot(14)
    assert all(item in after for item in first)  # the first articles are untouched
    urls = list(Article.objects.values_list("url", flat=True))
    assert len(urls) == len(set(urls)) == 9
    assert {u.rsplit("/", 1)[1] for u in urls} == {str(i) for i in range(9)}
    texts = Article.objects.values_list("text", flat=True)
    bodies = {t.rsplit("(Synthetic report", 1)[0] for t in texts}
    assert len(bodies) >= 7  # new texts, not the first ones again (relays share a wire's)
    assert Claim.objects.count() == 27


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_articles():
    def queries(count: int, seed: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            generate(articles=count, seed=seed, links=True, no_topics=True)
        return len(captured)

    assert queries(20, seed=21) == queries(80, seed=22)


def test_the_generator_is_deterministic_whatever_the_batches():
    whole = list(CorpusGenerator(seed=3).articles(60))
    split = CorpusGenerator(seed=3)
    parts = list(split.articles(25)) + list(split.articles(35, start=25))
    assert [(a.url, a.text, a.claims) for a in whole] == [(a.url, a.text, a.claims) for a in parts]


def test_the_generated_world_is_wide_and_its_figures_disagree():
    generator = CorpusGenerator(seed=1)
    assert len(generator.origins) >= 300
    assert len(generator.outlets) >= 36
    articles = list(generator.articles(1500))
    claims = [c for a in articles for c in a.claims]
    places = {c.place for c in claims}
    assert len(places & set(COUNTRIES)) >= 30 and {"world", "gulf"} <= places
    assert {c.kind for c in claims} == {"worker_count", "remittance", "sanctions_clause"}
    assert {c.measure for c in claims} >= {
        "stock",
        "repatriated",
        "incident",
        "visas",
        "forecast",
        "per_worker",
        "total",
        "share",
    }
    assert {c.qualifier for c in claims} >= {"exact", "approximately", "range", "vague"}
    assert {a.published.year for a in articles} == set(range(2010, 2026))
    assert sum(1 for a in articles if a.wire) > 50
    # Figures of one topic and year scatter around one value, with a few far off.
    by_topic = defaultdict(list)
    for c in claims:
        if c.kind == "worker_count" and c.qualifier == "exact" and c.as_of:
            by_topic[(c.subject_key, c.as_of.year)].append(float(c.value_low))
    spreads = [max(v) / min(v) for v in by_topic.values() if len(v) >= 5]
    assert spreads and sorted(spreads)[len(spreads) // 2] < 1.5
    assert max(spreads) > 2


def test_as_of_dates_lie_within_the_corpus_years():
    for article in CorpusGenerator(seed=2).articles(200):
        for claim in article.claims:
            if claim.as_of is not None:
                assert datetime.date(2010, 1, 1) <= claim.as_of <= article.published


@pytest.mark.django_db
def test_outlets_and_origins_are_reused_not_duplicated():
    generate(articles=5, seed=31)
    outlets, origins = Outlet.objects.count(), Origin.objects.count()
    generate(articles=5, seed=32)
    assert (Outlet.objects.count(), Origin.objects.count()) == (outlets, origins)
