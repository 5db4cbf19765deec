"""The analyst pages: home, search, read access, and every page over the demo corpus."""

import re

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.browser.support import (
    anchored,
    html_of,
    page_queries,
    plain_http,  # noqa: F401 - the fixture, used by pytestmark
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

# Home


def test_home_shows_what_the_base_holds_contested_topics_and_latest_claims(client):
    claim = ClaimFactory(origin__name="Public Authority of Manpower")
    TopicFactory(open_contradictions=2, claim_count=3, best_claim=claim)
    TopicFactory(key="worker_count.stock.QA", place="QA", label="Workers present · Qatar")

    page = html_of(client.get("/"))

    assert "What the base holds" in page
    assert re.search(r"<strong>1</strong>\s*article\b", page)
    assert re.search(r"<strong>1</strong>\s*claim\b", page)
    assert "Workers present · Kuwait" in page
    assert "2 open contradictions" in page
    assert "Workers present · Qatar" not in page  # no open contradiction
    assert "about 6,000 workers" in page
    assert claim.get_absolute_url() in page


def test_home_makes_as_many_queries_for_20_rows_as_for_2(client):
    def build(n):
        for _ in range(n):
            claim = ClaimFactory()
            ClaimLinkFactory(from_claim=claim, relation="contradicts")
            TopicFactory(
                key=f"worker_count.stock.X{claim.pk}", open_contradictions=1, best_claim=claim
            )

    build(2)
    few = page_queries(client, "/")
    build(18)
    assert page_queries(client, "/") == few


# Search


def test_search_finds_articles_and_claims_ranked(client):
    article = ArticleFactory(
        title="Welders in Gdansk",
        text="Some words first. North Korean welders worked in the Gdansk shipyard for years.",
    )
    anchored(article, "North Korean welders")
    ArticleFactory(title="Unrelated", text="Nothing about that here.")

    page = html_of(client.get("/search/", {"q": "welders"}))

    assert "Welders in Gdansk" in page and "Unrelated" not in page
    assert "<mark>welders</mark>" in page  # the excerpt marks the term
    assert "North Korean welders" in page
    assert re.search(r"Claims <span class=\"count\">1</span>", page)


def test_search_explains_empty_and_overlong_queries(client):
    assert "Type a word" in html_of(client.get("/search/", {"q": "  ?!  "}))
    long = html_of(client.get("/search/", {"q": "x" * 300}))
    assert "at most 200 characters" in long
    assert "results are ranked" in html_of(client.get("/search/"))


def test_search_makes_as_many_queries_for_20_results_as_for_2(client):
    def build(n):
        for _ in range(n):
            ClaimFactory(article=ArticleFactory(title="Kuwait workers"))

    build(2)
    few = page_queries(client, "/search/?q=workers")
    build(18)
    assert page_queries(client, "/search/?q=workers") == few


# Access


def test_pages_ask_for_a_login_when_reads_need_one(client, settings, analyst):
    settings.KBASE = {**settings.KBASE, "REQUIRE_LOGIN_FOR_READS": True}
    response = client.get("/claims/")
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    client.force_login(analyst)
    assert client.get("/claims/").status_code == 200


# The demo corpus


def every_page(client) -> list[str]:
    from claims.models import Topic
    from sources.models import Article, Origin, Outlet

    urls = ["/", "/claims/", "/claims/?q=workers", "/topics/", "/search/?q=Kuwait workers"]
    urls += ["/articles/", "/outlets/", "/origins/"]
    urls += [c.get_absolute_url() for c in Claim.objects.all()]
    urls += [a.get_absolute_url() for a in Article.objects.all()]
    urls += [o.get_absolute_url() for o in Outlet.objects.all()]
    urls += [o.get_absolute_url() for o in Origin.objects.all()]
    urls += [t.get_absolute_url() for t in Topic.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    return urls


def test_every_page_renders_the_demo_corpus_as_imported(client, demo_dir):
    from django.core.management import call_command

    source = demo_dir / "articles.jsonl"
    if not source.is_file():
        pytest.skip("the demo corpus is not there")
    try:
        import claims.extraction  # noqa: F401
        from claims.extraction import extract  # noqa: F401
    except ImportError:
        pytest.skip("the extractor is not built yet")
    call_command("import_articles", str(source), verbosity=0)
    assert Claim.objects.exists()
    assert len(every_page(client)) > 20


def test_every_page_renders_the_demo_corpus_with_its_gold_claims(client, demo_dir):
    if not (demo_dir / "gold.jsonl").is_file():
        pytest.skip("the demo corpus is not there")
    from tests.browser.demo import seed_demo

    seed_demo(demo_dir)
    urls = every_page(client)
    assert len(urls) > 50
    kuwait = html_of(client.get("/topics/worker_count/KW/"))
    assert 'data-points="' in kuwait and "6,120 workers" in kuwait
