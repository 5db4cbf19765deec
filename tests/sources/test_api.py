"""The API of outlets, origins and articles, and posting articles through the ingest."""

import datetime

import pytest
from django.core.cache import cache

from sources.models import Article
from tests.api_helpers import assert_constant_queries, client_for
from tests.factories import ArticleFactory, ClaimFactory, OriginFactory, OutletFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "DOHA — Qatar's labour ministry said on Monday that about 1,800 North Korean workers "
    "remain in the country, down from an earlier count."
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def article_body(**changes) -> dict:
    body = {
        "title": "Qatar counts its North Korean workers",
        "text": TEXT,
        "url": "https://news.example.org/qatar-workers",
        "outlet": "Gulf Example News",
        "published": "2018-03-05",
        "author": "A. Reporter",
    }
    body.update(changes)
    return body


# Outlets and origins -----------------------------------------------------------------------


def test_outlets_list_with_counts_and_filters():
    wire = OutletFactory(name="Example Wire", kind="wire", country="US")
    paper = OutletFactory(name="Example Paper", kind="newspaper", country="GB")
    ClaimFactory(article__outlet=wire)
    ArticleFactory(outlet=wire)
    client = client_for()

    body = client.get("/api/v1/outlets/?kind=wire").json()
    assert [o["name"] for o in body["results"]] == ["Example Wire"]
    assert body["results"][0]["article_count"] == 2
    assert body["results"][0]["claim_count"] == 1
    assert client.get("/api/v1/outlets/?country=GB").json()["results"][0]["id"] == paper.pk
    assert client.get("/api/v1/outlets/?name=pap").json()["count"] == 1
    assert client.get("/api/v1/outlets/?kind=magazine").status_code == 400
    detail = client.get(f"/api/v1/outlets/{paper.pk}/").json()
    assert detail["name"] == "Example Paper"
    assert detail["url"].endswith(f"/api/v1/outlets/{paper.pk}/")


def test_outlets_ordering_is_checked():
    OutletFactory.create_batch(3)
    client = client_for()

    assert client.get("/api/v1/outlets/?ordering=-claim_count").status_code == 200
    assert client.get("/api/v1/outlets/?ordering=notes").status_code == 400


def test_origins_list_and_detail():
    origin = OriginFactory(name="Public Authority of Manpower", key="public authority of manpower")
    ClaimFactory.create_batch(2, origin=origin)
    client = client_for()

    body = client.get("/api/v1/origins/?name=manpower").json()
    assert body["count"] == 1
    assert body["results"][0]["claim_count"] == 2
    assert client.get("/api/v1/origins/?key=public authority of manpower").json()["count"] == 1
    assert client.get(f"/api/v1/origins/{origin.pk}/").json()["key"] == origin.key
    assert client.get("/api/v1/origins/999999/").status_code == 404


# Articles ----------------------------------------------------------------------------------


def test_articles_list_leaves_out_the_text_and_points_at_the_claims():
    article = ArticleFactory()
    ClaimFactory.create_batch(2, article=article)

    result = client_for().get("/api/v1/articles/").json()["results"][0]

    assert "text" not in result
    assert result["claim_count"] == 2
    assert result["outlet"] == {
        "id": article.outlet_id,
        "name": article.outlet.name,
        "kind": article.outlet.kind,
    }
    assert result["claims_url"].endswith(f"/api/v1/claims/?article={article.pk}")


def test_article_detail_has_the_text():
    article = ArticleFactory()

    body = client_for().get(f"/api/v1/articles/{article.pk}/").json()

    assert body["text"] == article.text
    assert body["sha256"] == article.sha256


def test_articles_filter_by_outlet_and_published_range():
    outlet = OutletFactory()
    early = ArticleFactory(outlet=outlet, published=datetime.date(2016, 5, 1))
    late = ArticleFactory(outlet=outlet, published=datetime.date(2019, 5, 1))
    ArticleFactory(published=datetime.date(2018, 1, 1))
    client = client_for()

    def ids(query):
        response = client.get(f"/api/v1/articles/?{query}")
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["results"]]

    assert ids(f"outlet={outlet.pk}") == [late.pk, early.pk]
    assert ids(f"outlet={outlet.pk}&published_after=2017-01-01") == [late.pk]
    assert ids("published_before=2017-01-01") == [early.pk]
    assert ids(f"outlet={outlet.pk}&ordering=published") == [early.pk, late.pk]
    assert client.get("/api/v1/articles/?published_after=yesterday").status_code == 400
    assert client.get("/api/v1/articles/?outlet=abc").status_code == 400
    assert client.get("/api/v1/articles/?outlet=99999999999999999999").status_code == 400


def test_articles_full_text_search():
    match = ArticleFactory(title="Remittances from Russia", text="Wages are sent to Pyongyang.")
    ArticleFactory(title="Something else", text="Nothing to see here.")
    client = client_for()

    found = client.get("/api/v1/articles/?q=pyongyang wages").json()["results"]
    nothing = client.get("/api/v1/articles/?q=zanzibar").json()["results"]

    assert [a["id"] for a in found] == [match.pk]
    assert nothing == []


def test_articles_ordering_always_ends_with_the_id():
    same_day = [ArticleFactory(published=datetime.date(2018, 1, 1)) for _ in range(3)]

    results = client_for().get("/api/v1/articles/?ordering=published").json()["results"]

    assert [a["id"] for a in results] == sorted((a.pk for a in same_day), reverse=True)


# Posting articles --------------------------------------------------------------------------


def test_curator_posts_an_article_and_its_claims_follow(
    curator, django_capture_on_commit_callbacks
):
    extraction = pytest.importorskip("claims.extraction")
    if not hasattr(extraction, "extract"):
        pytest.skip("the extractor has not landed yet")
    client = client_for(curator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/articles/", article_body(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "imported"
    article = Article.objects.get(pk=body["article"]["id"])
    assert article.outlet.name == "Gulf Example News"
    assert article.published == datetime.date(2018, 3, 5)
    assert body["claims_url"].endswith(f"/api/v1/claims/?article={article.pk}")
    claims = client.get(body["claims_url"]).json()
    assert claims["count"] == article.claims.count() >= 1
    assert claims["results"][0]["article"]["id"] == article.pk


def test_posted_articles_are_stored_at_once_and_analysed_after_commit(
    curator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(curator).post("/api/v1/articles/", article_body(), format="json")

    assert response.status_code == 201
    assert Article.objects.filter(pk=response.json()["article"]["id"]).exists()
    # The extraction waits for the commit, as a background task.
    assert len(callbacks) == 1


def test_posting_the_same_text_again_is_200_unchanged(curator):
    client = client_for(curator)
    first = client.post("/api/v1/articles/", article_body(), format="json")

    again = client.post("/api/v1/articles/", article_body(), format="json")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged"
    assert again.json()["article"]["id"] == first.json()["article"]["id"]
    assert Article.objects.count() == 1


def test_posting_a_new_text_for_a_known_url_is_200_updated(curator):
    client = client_for(curator)
    client.post("/api/v1/articles/", article_body(), format="json")

    response = client.post(
        "/api/v1/articles/", article_body(text=TEXT + " More later."), format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "updated"
    assert Article.objects.get().text.endswith("More later.")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"text": None}, "text"),
        ({"text": 42}, "text"),
        ({"url": "not a url"}, "url"),
        ({"published": "the other day"}, "published"),
        ({"published": ["2018"]}, "published"),
        ({"outlet_kind": "tabloid"}, "outlet_kind"),
        ({"colour": "blue"}, "colour"),
        ({"title": "x" * 501}, "title"),
    ],
)
def test_bad_articles_are_400_with_field_errors(curator, changes, field):
    response = client_for(curator).post("/api/v1/articles/", article_body(**changes), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert all(isinstance(m, str) for m in response.json()[field])
    assert Article.objects.count() == 0


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "null", "{", "", "42"])
def test_articles_posted_as_anything_but_an_object_are_400(curator, body):
    response = client_for(curator).generic(
        "POST", "/api/v1/articles/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()
    assert Article.objects.count() == 0


def test_articles_post_needs_a_curator(analyst):
    assert client_for().post("/api/v1/articles/", article_body(), format="json").status_code == 401
    forbidden = client_for(analyst).post("/api/v1/articles/", article_body(), format="json")
    assert forbidden.status_code == 403
    assert Article.objects.count() == 0


# Query counts ------------------------------------------------------------------------------


def test_outlets_list_queries_do_not_grow():
    assert_constant_queries(client_for(), "/api/v1/outlets/", OutletFactory.create_batch)


def test_origins_list_queries_do_not_grow():
    assert_constant_queries(client_for(), "/api/v1/origins/", OriginFactory.create_batch)


def test_articles_list_queries_do_not_grow():
    def make(n):
        for article in ArticleFactory.create_batch(n):
            ClaimFactory(article=article)

    assert_constant_queries(client_for(), "/api/v1/articles/", make, expected_rows=20)


def test_articles_search_queries_do_not_grow():
    assert_constant_queries(
        client_for(), "/api/v1/articles/?q=kuwait&page_size=50", ArticleFactory.create_batch
    )


def test_article_detail_queries_do_not_grow():
    article = ArticleFactory()
    url = f"/api/v1/articles/{article.pk}/"
    assert_constant_queries(
        client_for(), url, lambda n: ClaimFactory.create_batch(n, article=article)
    )


def test_outlet_and_origin_detail_queries_do_not_grow():
    outlet, origin = OutletFactory(), OriginFactory()
    assert_constant_queries(
        client_for(),
        f"/api/v1/outlets/{outlet.pk}/",
        lambda n: ArticleFactory.create_batch(n, outlet=outlet),
    )
    assert_constant_queries(
        client_for(),
        f"/api/v1/origins/{origin.pk}/",
        lambda n: ClaimFactory.create_batch(n, origin=origin),
    )


def test_token_authenticated_list_queries_do_not_grow(analyst):
    assert_constant_queries(client_for(analyst), "/api/v1/articles/", ArticleFactory.create_batch)
