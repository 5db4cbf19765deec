"""Searches rank from stored vectors on PostgreSQL, and article claim counts never fan rows out."""

import pytest
from django.db import connection

from claims.models import Claim
from sources.models import Article
from tests.factories import ArticleFactory, ClaimFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored search vectors are PostgreSQL's"
)


@postgres_only
@pytest.mark.django_db
def test_article_search_matches_and_ranks_from_the_stored_column():
    in_title = ArticleFactory(title="Shipyard crews", text="Shipyard work in Gdansk.")
    in_text = ArticleFactory(title="Poland", text="Crews at a shipyard near Gdansk.")
    ArticleFactory(title="Kuwait", text="Building sites only.")

    found = Article.objects.search("shipyard").order_by("-rank", "id")
    sql = str(found.query)

    assert "search_vector" in sql
    # Re-parsing each matching text for its rank took seconds under load.
    assert "to_tsvector" not in sql
    assert list(found) == [in_title, in_text]


@postgres_only
@pytest.mark.django_db
def test_the_stored_article_vector_follows_edits_of_the_text():
    article = ArticleFactory(title="Report", text="Loggers in the Amur region.")
    article.text = "Fishermen at Vladivostok."
    article.save()

    assert not Article.objects.search("loggers").exists()
    assert list(Article.objects.search("Vladivostok")) == [article]


@postgres_only
@pytest.mark.django_db
def test_claim_search_uses_the_stored_column_and_works_inside_a_subquery():
    article = ArticleFactory()
    wanted = ClaimFactory(article=article, quote="10,000 loggers", start=0)
    ClaimFactory(article=article, quote="3,000 builders", start=20)

    found = Claim.objects.search("loggers")
    assert "to_tsvector" not in str(found.query)
    assert list(found) == [wanted]
    # As a subquery the article table is aliased: the column must follow the alias.
    assert list(Article.objects.filter(pk__in=found.values("article"))) == [article]
    assert list(Claim.objects.filter(article__in=Article.objects.search("Kuwait"))) != []


@pytest.mark.django_db
def test_claim_counts_of_a_search_list_each_article_once():
    many = ArticleFactory(title="Kuwait crews", text="Kuwait hosts North Korean crews.")
    for start in range(4):
        ClaimFactory(article=many, start=start)
    none = ArticleFactory(title="Kuwait", text="Kuwait again, no figures.")

    found = Article.objects.with_claim_counts().search("Kuwait").order_by("-rank", "id")

    # A join with the claims multiplied each article (and its rank) by its claims.
    assert 'JOIN "claims_claim"' not in str(found.query)
    assert found.count() == 2
    assert {article.pk: article.claim_count for article in found} == {many.pk: 4, none.pk: 0}


@pytest.mark.django_db
def test_api_article_search_lists_each_match_once_with_its_claim_count(client):
    article = ArticleFactory(title="Qatar", text="Qatar hosts North Korean crews.")
    ClaimFactory(article=article)
    ClaimFactory(article=article, start=3)

    response = client.get("/api/v1/articles/?q=Qatar", secure=True)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [(row["id"], row["claim_count"]) for row in body["results"]] == [(article.pk, 2)]
