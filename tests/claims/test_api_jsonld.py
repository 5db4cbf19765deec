"""schema.org JSON-LD of claims and topics."""

import datetime
import json

import pytest

from claims.jsonld import claim_jsonld, topic_jsonld
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_claim_jsonld_is_a_claim_review_of_its_quote():
    claim = ClaimFactory(article__author="A. Writer", article__outlet__name="The Daily")
    ClaimLinkFactory(from_claim=claim, relation="contradicts")
    loaded = Claim.objects.with_sources().with_link_counts().get(pk=claim.pk)

    data = claim_jsonld(loaded, absolute=lambda path: f"https://kb.example{path}")

    json.dumps(data)  # serialisable as it is
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["url"] == f"https://kb.example/claims/{claim.pk}/"
    assert data["claimReviewed"] == claim.quote
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == claim.origin.name
    assert item["firstAppearance"]["url"] == claim.article.url
    assert item["firstAppearance"]["publisher"]["name"] == "The Daily"
    assert item["firstAppearance"]["author"]["name"] == "A. Writer"
    assert item["about"]["value"] == 6000
    assert item["spatialCoverage"]["name"] == "Kuwait"
    assert item["temporalCoverage"] == "2017-08"
    assert "1 contradict" in data["reviewRating"]["ratingExplanation"]


def test_topic_jsonld_lists_every_article_and_the_earliest_first():
    late = ArticleFactory(published=datetime.date(2019, 1, 5))
    early = ArticleFactory(published=datetime.date(2016, 3, 1))
    claims = [ClaimFactory(article=late), ClaimFactory(article=early), ClaimFactory(article=late)]
    topic = TopicFactory(best_claim=claims[0], claim_count=3, independent_origins=2)
    loaded = Claim.objects.with_sources().filter(pk__in=[c.pk for c in claims])

    data = topic_jsonld(topic, loaded)

    item = data["itemReviewed"]
    assert [a["url"] for a in item["appearance"]] == [early.url, late.url]
    assert item["firstAppearance"]["url"] == early.url
    assert item["text"] == claims[0].quote
    assert data["reviewRating"]["alternateName"].startswith("3 claim(s) from 2")


def test_topic_jsonld_without_claims_still_names_the_topic():
    data = topic_jsonld(TopicFactory(), [])
    assert data["claimReviewed"] == "Workers present · Kuwait"
    assert data["itemReviewed"]["appearance"] == []
