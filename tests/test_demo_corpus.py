"""The demo corpus loads completely, and loading it again changes nothing."""

import io
import json

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimLink, Topic
from sources.models import Article, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_articles(demo_dir):
    path = demo_dir / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"demo corpus not found at {path}")
    return path


def row_counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "article_history": Article.history.count(),
        "outlets": Outlet.objects.count(),
        "claims": Claim.objects.count(),
        "claim_history": Claim.history.count(),
        "links": ClaimLink.objects.count(),
        "link_history": ClaimLink.history.count(),
        "topics": Topic.objects.count(),
    }


def load(path) -> str:
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    return out.getvalue()


def test_demo_corpus_loads_every_article_once(demo_articles):
    records = [json.loads(line) for line in demo_articles.open(encoding="utf-8") if line.strip()]
    output = load(demo_articles)
    assert f"imported {len(records)}, updated 0, unchanged 0, failed 0" in output
    assert set(Article.objects.values_list("url", flat=True)) == {r["url"] for r in records}
    for record in records:
        article = Article.objects.select_related("outlet").get(url=record["url"])
        assert article.title == record["title"]
        assert article.text == record["text"]
        assert article.outlet.name == record["outlet"]
        assert article.outlet.kind == record["outlet_kind"]
        assert str(article.published).startswith(record["published"])
        assert bool(article.wire) == bool(record.get("wire"))
    assert Claim.objects.exists()
    assert ClaimLink.objects.exists()
    for claim in Claim.objects.select_related("article"):
        assert claim.article.text[claim.start : claim.end] == claim.quote

    first = row_counts()
    output = load(demo_articles)
    assert f"imported 0, updated 0, unchanged {len(records)}, failed 0" in output
    assert row_counts() == first
