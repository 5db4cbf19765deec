"""import_articles --workers: claims extracted in other processes, the same result."""

import json

import pytest
from django.core.management import call_command

from claims.extraction import extract
from claims.models import Claim, ClaimLink, Topic
from sources.models import Article, Origin, Outlet
from sources.services import articles_ingest
from sources.validation import article_input_from_mapping
from sources.workers import extract_each
from tests.claims.test_services_large_topics import concentrated_records
from tests.conftest import DEMO_DIR
from tests.sources.test_queue import canonical_dump

pytestmark = pytest.mark.django_db


def test_workers_extracting_ahead_give_what_one_process_gives(tmp_path, settings, capsys):
    # Many small batches of articles about one country, and two links a claim at most: the
    # batches share subject keys and each claim is linked among the claims before it.
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": 2}
    corpus = tmp_path / "articles.jsonl"
    records = concentrated_records(24, seed=7, claims_per_article=5)
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    dumps = []
    for workers in ("0", "2"):
        for path in (DEMO_DIR / "articles.jsonl", corpus):
            call_command("import_articles", str(path), "--batch", "3", "--workers", workers)
            assert "imported" in capsys.readouterr().out
        dumps.append(canonical_dump())
        for model in (Topic, ClaimLink, Claim, Article, Outlet, Origin):
            model.objects.all().delete()
    one, two = dumps
    assert len(one["articles"]) == 34 and one["links"] and one["topics"]
    assert two == one


def test_an_article_whose_extraction_failed_elsewhere_fails_alone():
    first, second = (
        article_input_from_mapping(r) for r in concentrated_records(2, seed=3, claims_per_article=3)
    )
    done = articles_ingest(
        data=[first, second],
        extracted=[ValueError("the extractor failed"), extract(second.text, second.published)],
    )
    assert str(done.items[0].error) == "the extractor failed"
    assert done.items[1].result.status == "imported"
    assert list(Article.objects.values_list("title", flat=True)) == [second.title]
    assert Claim.objects.count() == done.items[1].result.claims_created > 0


def test_extract_each_returns_each_texts_claims_or_its_error():
    text = "About 6,000 North Korean workers are in Kuwait, the ministry said."
    found = extract_each([(text, None), (None, None)])
    assert found[0] == extract(text)
    assert isinstance(found[1], TypeError)
