"""Large topics: linking reads around new claims, and their summaries are extended, not re-read."""

import pytest

from claims.models import ClaimLink, Topic
from claims.services import linking as linking_service
from claims.services import links_recompute_all, topic_summary
from claims.services.candidates import origin_ids_by_loose_key
from claims.services.topics import TOPIC_FIELDS
from kbase.management.synthetic import CorpusGenerator
from sources.services import article_ingest
from sources.validation import article_input_from_mapping

pytestmark = pytest.mark.django_db


def concentrated_records(count: int, *, seed: int, claims_per_article: int) -> list[dict]:
    """Generated articles about one country and one region, so that topics grow large fast."""
    generator = CorpusGenerator(seed=seed, claims_per_article=claims_per_article)
    generator._places = lambda rng: "KW"
    generator._regions = lambda rng: "gulf"
    return list(generator.article_records(count))


def ingest(records: list[dict]) -> None:
    for record in records:
        result = article_ingest(data=article_input_from_mapping(record))
        assert result.status == "imported"


def stored_summaries() -> dict[str, tuple]:
    return {
        topic.key: tuple(getattr(topic, name) for name in TOPIC_FIELDS)
        for topic in Topic.objects.order_by("key")
    }


def full_summaries() -> dict[str, tuple]:
    found = {}
    for key in Topic.objects.order_by("key").values_list("key", flat=True):
        summary = topic_summary(key=key)
        found[key] = tuple(getattr(summary, name) for name in TOPIC_FIELDS)
    return found


def links() -> set[tuple]:
    return set(
        ClaimLink.objects.values_list("from_claim_id", "to_claim_id", "relation", "rationale")
    )


@pytest.fixture
def extensions(monkeypatch):
    """Counts of the topics extended and of those declined (refreshed whole)."""
    outcomes = {"extended": 0, "refreshed": 0}
    real = linking_service.topics_extend

    def counting(topics, **kwargs):
        refresh = real(topics, **kwargs)
        outcomes["refreshed"] += len(refresh)
        outcomes["extended"] += len(topics) - len(refresh)
        return refresh

    monkeypatch.setattr(linking_service, "topics_extend", counting)
    return outcomes


@pytest.fixture
def every_topic_large(monkeypatch, extensions):
    """Every stored topic counts as large, so imports take the bounded path."""
    monkeypatch.setattr(linking_service, "FULL_READ_CLAIMS", 0)
    return extensions


@pytest.mark.parametrize("read", ["around new claims", "whole"])
def test_topics_extended_by_new_articles_equal_their_full_summaries(read, request):
    # Small topics are read whole for linking, and extended all the same.
    outcomes = request.getfixturevalue(
        "every_topic_large" if read == "around new claims" else "extensions"
    )
    records = concentrated_records(40, seed=21, claims_per_article=4)
    for start in range(0, len(records), 10):
        ingest(records[start : start + 10])
        assert stored_summaries() == full_summaries()
    # Both ways were taken: most topics extended, some refreshed whole (a new best, say).
    assert outcomes["extended"] > 50
    assert outcomes["refreshed"] > 0
    assert max(Topic.objects.values_list("claim_count", flat=True)) > 40


def test_links_read_around_new_claims_are_those_read_whole_in_small_topics(
    every_topic_large, settings
):
    # Under LINKS_PER_CLAIM claims a topic: the nearest claims are all of them.
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": 24}
    ingest(concentrated_records(12, seed=22, claims_per_article=2))
    assert max(Topic.objects.values_list("claim_count", flat=True)) < 24
    assert every_topic_large["extended"] > 0
    around = links()
    assert around

    counts = links_recompute_all()

    assert (counts["created"], counts["updated"], counts["deleted"]) == (0, 0, 0)
    assert links() == around


def test_linking_into_a_large_topic_reads_only_the_claims_nearest_the_new_ones(
    every_topic_large, monkeypatch, settings
):
    records = concentrated_records(61, seed=23, claims_per_article=4)
    ingest(records[:60])
    assert max(Topic.objects.values_list("claim_count", flat=True)) > 60
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": 6}  # 3 claims a side
    read = []
    real = linking_service.claim_facts

    def counting(queryset):
        facts = real(queryset)
        read.append(len(facts))
        return facts

    monkeypatch.setattr(linking_service, "claim_facts", counting)

    ingest(records[60:])

    new, near = read
    assert new == 4
    # Per new claim at most 3 on each side of its date, of any origin and of each spelling of
    # its own; per topic the 3 latest undated claims.
    spellings = max(len(ids) for ids in origin_ids_by_loose_key().values())
    assert 0 < near <= new * 3 * (2 + 2 * spellings) + new * 3


def most_links_a_new_claim_gets(settings, limit: int) -> int:
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": limit}
    records = concentrated_records(41, seed=25, claims_per_article=4)
    ingest(records[:40])
    assert max(Topic.objects.values_list("claim_count", flat=True)) > 40
    before = links()

    ingest(records[40:])

    per_claim = {}
    for from_id, to_id, _relation, _rationale in links() - before:
        newest = max(from_id, to_id)  # the new claim is the later row of its pair
        per_claim[newest] = per_claim.get(newest, 0) + 1
    return max(per_claim.values())


@pytest.mark.parametrize("limit", [4, 10])
def test_links_per_claim_bounds_the_links_a_new_claim_gets_in_a_large_topic(
    every_topic_large, settings, limit
):
    assert most_links_a_new_claim_gets(settings, limit) <= limit


def test_without_the_bound_a_new_claim_in_a_large_topic_gets_more_links(
    every_topic_large, settings
):
    assert most_links_a_new_claim_gets(settings, 1000) > 10


def test_a_topic_stored_without_its_sources_is_refreshed_whole_and_gets_them(every_topic_large):
    from claims.models import Claim, TopicSource

    records = concentrated_records(21, seed=24, claims_per_article=4)
    ingest(records[:20])
    kept = set(TopicSource.objects.values_list("topic__key", "source_key"))
    TopicSource.objects.all().delete()
    every_topic_large.update(extended=0, refreshed=0)

    ingest(records[20:])

    assert every_topic_large["extended"] == 0 and every_topic_large["refreshed"] > 0
    assert stored_summaries() == full_summaries()
    touched = set(
        Claim.objects.filter(article__url=records[20]["url"]).values_list("subject_key", flat=True)
    )
    rebuilt = set(TopicSource.objects.values_list("topic__key", "source_key"))
    assert {key for key, _ in rebuilt} == touched
    assert rebuilt >= {(key, source) for key, source in kept if key in touched}


@pytest.mark.postgres
def test_nearest_claims_read_laterally_are_those_of_the_union_of_arms(
    every_topic_large, monkeypatch
):
    from django.db import connection

    from claims.models import Claim
    from claims.services import candidates
    from claims.services.facts import claim_facts

    if connection.vendor != "postgresql":
        pytest.skip("the lateral read is PostgreSQL's")
    ingest(concentrated_records(30, seed=25, claims_per_article=4))
    last = list(Claim.objects.order_by("-id").values_list("id", flat=True)[:12])
    new = claim_facts(Claim.objects.filter(pk__in=last))
    origins = candidates.origin_ids_by_loose_key()

    lateral = candidates.nearest_claim_ids(new, per_side=3, origins=origins)
    monkeypatch.setattr(candidates, "_arm_rows_lateral", candidates._arm_rows_union)
    union = candidates.nearest_claim_ids(new, per_side=3, origins=origins)

    assert lateral == union
    assert sum(len(ids) for ids in lateral.values()) > len(new) * 3
