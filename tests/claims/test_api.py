"""The API of claims, links and topics: reads, filters, curators' writes, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from claims.models import Claim, ClaimLink
from tests.api_helpers import assert_constant_queries, client_for
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    OriginFactory,
    OutletFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def ids(query: str, resource: str = "claims") -> list[int]:
    response = client_for().get(f"/api/v1/{resource}/?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# Claims: reads -----------------------------------------------------------------------------


def test_claim_carries_its_article_origin_and_link_counts():
    claim = ClaimFactory(article__outlet__name="Example Times")
    ClaimLinkFactory(from_claim=claim, relation="agrees")
    ClaimLinkFactory(to_claim=claim, relation="agrees")
    ClaimLinkFactory(from_claim=claim, relation="contradicts")

    body = client_for().get(f"/api/v1/claims/{claim.pk}/").json()

    assert body["quote"] == claim.quote
    assert (body["start"], body["end"]) == (claim.start, claim.end)
    assert body["value_low"] == 6000
    assert body["article"] == {
        "id": claim.article_id,
        "title": claim.article.title,
        "url": claim.article.url,
        "outlet": {
            "id": claim.article.outlet_id,
            "name": "Example Times",
            "kind": claim.article.outlet.kind,
        },
        "published": "2017-08-10",
    }
    assert body["origin"] == {
        "id": claim.origin_id,
        "name": claim.origin.name,
        "key": claim.origin.key,
    }
    assert (body["agree_count"], body["contradict_count"]) == (2, 1)
    assert body["page_url"].endswith(f"/claims/{claim.pk}/")


def test_claim_without_origin_has_null_origin():
    claim = ClaimFactory(origin=None)

    assert client_for().get(f"/api/v1/claims/{claim.pk}/").json()["origin"] is None


def test_claims_list_is_newest_first_and_paginated():
    claims = ClaimFactory.create_batch(3)

    assert ids("") == [c.pk for c in reversed(claims)]
    assert ids("page_size=1&page=3") == [claims[0].pk]


def test_missing_claim_is_404_json():
    response = client_for().get("/api/v1/claims/987654/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Claim matches the given query."}


# Claims: filters ---------------------------------------------------------------------------


def test_claims_filter_by_kind_place_and_review_status():
    kuwait = ClaimFactory(place="KW")
    qatar = ClaimFactory(place="QA", review_status="accepted")
    money = ClaimFactory(kind="remittance", measure="total", place="world", unit="USD")

    assert ids("kind=worker_count") == [qatar.pk, kuwait.pk]
    assert ids("kind=remittance") == [money.pk]
    assert ids("place=QA") == [qatar.pk]
    assert ids("review_status=accepted") == [qatar.pk]
    assert ids("kind=worker_count&place=KW") == [kuwait.pk]
    assert ids("measure=total") == [money.pk]


@pytest.mark.parametrize(
    "query",
    [
        "kind=bogus",
        "measure=bogus",
        "review_status=maybe",
        "provision=bogus",
        "has_contradictions=perhaps",
        "live=2",
        "as_of_after=2017-13-01",
        "as_of_before=soon",
        "value_min=lots",
        "value_max=NaN",
        "value_min=Infinity",
        "value_min=1e",
        "value_min=",
        "kind=",
        "as_of_after= ",
        "kind=stock&kind=remittance",
        "q=a&q=b",
        "origin=abc",
        "origin=0",
        "outlet=1.5",
        "article=-1",
        "article=99999999999999999999",
        "ordering=quote",
        "ordering=-",
        "ordering=",
        "ordering=id&ordering=as_of",
    ],
)
def test_claims_bad_filter_values_are_400(query):
    ClaimFactory()

    response = client_for().get(f"/api/v1/claims/?{query}")

    assert response.status_code == 400, response.content
    name = query.split("=")[0]
    assert name in response.json()


def test_claims_filter_by_origin_outlet_and_article():
    origin, outlet = OriginFactory(), OutletFactory()
    by_origin = ClaimFactory(origin=origin)
    article = ArticleFactory(outlet=outlet)
    in_outlet = ClaimFactory(article=article)
    ClaimFactory()

    assert ids(f"origin={origin.pk}") == [by_origin.pk]
    assert ids(f"outlet={outlet.pk}") == [in_outlet.pk]
    assert ids(f"article={article.pk}") == [in_outlet.pk]
    assert ids("article=424242") == []


def test_claims_filter_by_as_of_range():
    old = ClaimFactory(as_of=datetime.date(2015, 6, 1))
    new = ClaimFactory(as_of=datetime.date(2019, 6, 1))
    ClaimFactory(as_of=None)

    assert ids("as_of_after=2017-01-01") == [new.pk]
    assert ids("as_of_before=2017-01-01") == [old.pk]
    assert ids("as_of_after=2015-01-01&as_of_before=2020-01-01") == [new.pk, old.pk]


def test_claims_filter_by_value_range_overlap():
    small = ClaimFactory(value_low=Decimal(100), value_high=Decimal(100))
    vague = ClaimFactory(value_low=Decimal(10000), value_high=Decimal(99999))
    big = ClaimFactory(value_low=Decimal(150000), value_high=Decimal(150000))
    ClaimFactory(kind="sanctions_clause", value_low=None, value_high=None)

    assert ids("value_min=50000") == [big.pk, vague.pk]
    assert ids("value_max=20000") == [vague.pk, small.pk]
    assert ids("value_min=50000&value_max=120000") == [vague.pk]
    assert ids("value_min=0.5") == [big.pk, vague.pk, small.pk]


def test_claims_value_bounds_round_outwards_and_huge_ones_select_all():
    ClaimFactory(value_low=Decimal("0.5"), value_high=Decimal("0.5"))

    assert len(ids("value_min=0.49999")) == 1
    assert ids("value_min=0.50001") == []
    assert len(ids("value_max=0.50001")) == 1
    assert len(ids("value_min=-1e400&value_max=1e400")) == 1
    assert ids("value_min=1e400") == []


def test_blank_text_filters_are_no_filter():
    ClaimFactory()

    assert len(ids("q=&place=&topic=")) == 1
    assert ids("q=%21%21%21") == []  # a search with no words matches nothing


def test_claims_filter_having_contradictions():
    calm = ClaimFactory()
    disputed = ClaimFactory()
    other = ClaimFactory()
    ClaimLinkFactory(from_claim=disputed, to_claim=other, relation="contradicts")
    settled = ClaimLinkFactory(relation="contradicts", decision="rejected")
    ClaimLinkFactory(from_claim=calm, relation="agrees")
    agreeing = calm.links_out.get().to_claim

    assert ids("has_contradictions=true") == [other.pk, disputed.pk]
    without = ids("has_contradictions=false")
    assert {calm.pk, agreeing.pk, settled.from_claim_id, settled.to_claim_id} <= set(without)
    assert disputed.pk not in without


def test_claims_filter_live_and_topic():
    live = ClaimFactory(subject_key="worker_count.stock.QA")
    ClaimFactory(review_status="rejected")
    ClaimFactory(orphaned=True)

    assert ids("live=true") == [live.pk]
    assert len(ids("live=false")) == 2
    assert ids("topic=worker_count.stock.QA") == [live.pk]


def test_claims_search_in_the_quote():
    hit = ClaimFactory(quote="some 3,000 North Korean laborers in Qatar")
    ClaimFactory(quote="about 6,000 North Korean workers")

    assert ids("q=laborers") == [hit.pk]
    assert ids("q=qatar laborers") == [hit.pk]
    assert ids("q=nowhere") == []


def test_claims_ordering_by_value_has_an_id_tiebreaker():
    a = ClaimFactory(value_low=Decimal(5), value_high=Decimal(5))
    b = ClaimFactory(value_low=Decimal(5), value_high=Decimal(5))
    c = ClaimFactory(value_low=Decimal(1), value_high=Decimal(1))

    assert ids("ordering=value_low") == [c.pk, b.pk, a.pk]
    assert ids("ordering=-value_low") == [b.pk, a.pk, c.pk]
    assert ids("ordering=-value_low,id") == [a.pk, b.pk, c.pk]


# Claims: curators' writes ------------------------------------------------------------------


def test_curator_accepts_and_rejects_a_claim(curator):
    claim = ClaimFactory()
    client = client_for(curator)
    url = f"/api/v1/claims/{claim.pk}/"

    accepted = client.patch(url, {"review_status": "accepted"}, format="json")
    rejected = client.patch(url, {"review_status": "rejected"}, format="json")

    assert accepted.json()["review_status"] == "accepted"
    assert rejected.json()["review_status"] == "rejected"
    claim.refresh_from_db()
    assert claim.review_status == "rejected"
    assert claim.reviewed_by == curator
    assert claim.history.first().history_change_reason == "review: rejected"


def test_curator_corrects_a_claim_which_accepts_it(curator):
    claim = ClaimFactory()
    origin = OriginFactory()

    response = client_for(curator).patch(
        f"/api/v1/claims/{claim.pk}/",
        {
            "value_low": "5800",
            "value_high": 6100,
            "place": "QA",
            "origin": origin.pk,
            "as_of": "2018-01-01",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["value_low"], body["value_high"]) == (5800, 6100)
    assert body["origin"]["id"] == origin.pk
    assert body["review_status"] == "accepted"
    claim.refresh_from_db()
    assert (claim.place, claim.as_of) == ("QA", datetime.date(2018, 1, 1))


def test_correction_and_review_together(curator):
    claim = ClaimFactory()

    response = client_for(curator).patch(
        f"/api/v1/claims/{claim.pk}/",
        {"place": "QA", "review_status": "rejected"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["review_status"] == "rejected"
    assert response.json()["place"] == "QA"


@pytest.mark.parametrize(
    "body",
    [
        {"review_status": "maybe"},
        {"unit": 0},
        {"place": None},
        {"quote": "something else"},
        {"value_low": "lots"},
        {"value_low": 7000, "value_high": 10},
        {"value_low": "1e30"},
        {"value_high": 793716840640878.0, "period": "week"},
        {"value_low": -5},
        {"as_of": "yesterday"},
        {"origin": 999999},
        {"origin": "abc"},
        {"place": "TOOLONGPLACE"},
        {"qualifier": "roughly"},
        {"as_of_precision": "decade"},
        {"start": 0},
        {"review_status": "accepted", "reveiw_note": "typo"},
        [{"review_status": "accepted"}],
        "accepted",
    ],
)
def test_bad_claim_patches_are_400_and_change_nothing(curator, body):
    claim = ClaimFactory()
    before = Claim.objects.filter(pk=claim.pk).values().get()

    response = client_for(curator).patch(f"/api/v1/claims/{claim.pk}/", body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()
    assert Claim.objects.filter(pk=claim.pk).values().get() == before


def test_an_empty_patch_changes_nothing(curator):
    claim = ClaimFactory()
    link = ClaimLinkFactory()
    client = client_for(curator)

    claim_response = client.patch(f"/api/v1/claims/{claim.pk}/", {}, format="json")
    link_response = client.patch(f"/api/v1/links/{link.pk}/", {}, format="json")

    assert claim_response.status_code == link_response.status_code == 200
    claim.refresh_from_db()
    link.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by) == ("proposed", None)
    assert (link.decision, link.decided_by) == ("suggested", None)


def test_claims_cannot_be_created_or_deleted_through_the_api(curator):
    claim = ClaimFactory()
    client = client_for(curator)

    assert client.post("/api/v1/claims/", {"quote": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/claims/{claim.pk}/").status_code == 405


# Links -------------------------------------------------------------------------------------


def test_links_list_with_both_claims_summarised():
    link = ClaimLinkFactory(relation="contradicts")

    result = client_for().get("/api/v1/links/").json()["results"][0]

    assert result["relation"] == "contradicts"
    assert result["from_claim"]["id"] == link.from_claim_id
    assert result["to_claim"]["article"]["title"] == link.to_claim.article.title
    assert result["decision"] == "suggested"


def test_links_filter_by_relation_decision_and_claim():
    agrees = ClaimLinkFactory(relation="agrees")
    contradicts = ClaimLinkFactory(relation="contradicts", decision="confirmed")
    repeats = ClaimLinkFactory(relation="repeats", to_claim=agrees.from_claim)

    assert ids("relation=contradicts", "links") == [contradicts.pk]
    assert ids("decision=confirmed", "links") == [contradicts.pk]
    assert ids(f"claim={agrees.from_claim_id}", "links") == [repeats.pk, agrees.pk]
    assert ids(f"claim={agrees.to_claim_id}", "links") == [agrees.pk]
    assert ids("method=auto", "links") == [repeats.pk, contradicts.pk, agrees.pk]
    for bad in ["relation=disagrees", "decision=perhaps", "claim=x", "method=magic"]:
        assert client_for().get(f"/api/v1/links/?{bad}").status_code == 400, bad


def test_curator_links_two_claims_by_hand(curator):
    newer, older = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=older, to_claim=newer, relation="agrees")

    response = client_for(curator).post(
        "/api/v1/links/",
        {
            "from_claim": newer.pk,
            "to_claim": older.pk,
            "relation": "supersedes",
            "rationale": "the 2019 count replaces the 2017 one",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["method"] == "manual"
    assert body["decision"] == "confirmed"
    assert body["decided_by"] == curator.username
    assert body["from_claim"]["id"] == newer.pk
    assert ClaimLink.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"from_claim": 1, "to_claim": 1, "relation": "agrees"},
        {"from_claim": 1, "to_claim": 999999, "relation": "agrees"},
        {"from_claim": 1, "to_claim": 2, "relation": "disagrees"},
        {"from_claim": "one", "to_claim": 2, "relation": "agrees"},
        {"from_claim": 1, "to_claim": 2, "relation": "agrees", "rationale": "x" * 301},
    ],
)
def test_bad_links_are_400(curator, body):
    claims = ClaimFactory.create_batch(2)
    body = {
        key: (claims[value - 1].pk if key.endswith("_claim") and value in (1, 2) else value)
        for key, value in body.items()
    }

    response = client_for(curator).post("/api/v1/links/", body, format="json")

    assert response.status_code == 400, response.content
    assert ClaimLink.objects.count() == 0


def test_curator_confirms_and_rejects_a_link(curator):
    link = ClaimLinkFactory(relation="contradicts")
    client = client_for(curator)
    url = f"/api/v1/links/{link.pk}/"

    confirmed = client.patch(url, {"decision": "confirmed"}, format="json")
    rejected = client.patch(url, {"decision": "rejected"}, format="json")
    bad = client.patch(url, {"decision": "whatever"}, format="json")
    extra = client.patch(url, {"decision": "confirmed", "note": "x"}, format="json")
    other_field = client.patch(url, {"relation": "agrees"}, format="json")

    assert confirmed.status_code == 200
    assert confirmed.json()["decision"] == "confirmed"
    assert rejected.json()["decision"] == "rejected"
    assert bad.status_code == 400
    assert extra.status_code == 400
    assert "note" in extra.json()
    assert other_field.status_code == 400
    link.refresh_from_db()
    assert (link.decision, link.relation, link.decided_by) == ("rejected", "contradicts", curator)


def test_links_writes_need_a_curator(analyst):
    link = ClaimLinkFactory()
    url = f"/api/v1/links/{link.pk}/"

    assert client_for().patch(url, {"decision": "confirmed"}, format="json").status_code == 401
    forbidden = client_for(analyst).patch(url, {"decision": "confirmed"}, format="json")
    assert forbidden.status_code == 403
    link.refresh_from_db()
    assert link.decision == "suggested"


# Topics ------------------------------------------------------------------------------------


def test_topics_are_looked_up_by_key():
    best = ClaimFactory()
    TopicFactory(best_claim=best, claim_count=4, open_contradictions=1)
    TopicFactory(key="remittance.total.world.USD", kind="remittance", measure="total", place="")

    listed = client_for().get("/api/v1/topics/").json()
    detail = client_for().get("/api/v1/topics/worker_count.stock.KW/").json()

    assert listed["count"] == 2
    assert detail["claim_count"] == 4
    assert detail["best_claim"]["id"] == best.pk
    assert detail["claims_url"].endswith("/api/v1/claims/?topic=worker_count.stock.KW")
    assert client_for().get("/api/v1/topics/no.such.key/").status_code == 404


def test_topics_filters():
    TopicFactory(open_contradictions=2)
    TopicFactory(key="remittance.total.world.USD", kind="remittance", measure="total", place="")
    client = client_for()

    def keys(query):
        response = client.get(f"/api/v1/topics/?{query}")
        assert response.status_code == 200, response.content
        return [t["key"] for t in response.json()["results"]]

    assert keys("kind=remittance") == ["remittance.total.world.USD"]
    assert keys("has_contradictions=true") == ["worker_count.stock.KW"]
    assert keys("place=KW") == ["worker_count.stock.KW"]
    assert keys("ordering=-open_contradictions")[0] == "worker_count.stock.KW"
    assert client.get("/api/v1/topics/?kind=weather").status_code == 400


# Query counts ------------------------------------------------------------------------------


def _claims_with_links(n: int) -> None:
    for claim in ClaimFactory.create_batch(n, reviewed_by=None):
        ClaimLinkFactory(from_claim=claim, relation="contradicts")


def test_claims_list_queries_do_not_grow():
    assert_constant_queries(client_for(), "/api/v1/claims/", _claims_with_links)


def test_claims_filtered_list_queries_do_not_grow(curator):
    def make(n):
        for claim in ClaimFactory.create_batch(n, review_status="accepted", reviewed_by=curator):
            ClaimLinkFactory(from_claim=claim, relation="contradicts")

    assert_constant_queries(
        client_for(),
        "/api/v1/claims/?has_contradictions=true&q=workers&value_min=10&ordering=-as_of",
        make,
    )


def test_claim_detail_queries_do_not_grow():
    claim = ClaimFactory()

    def make(n):
        ClaimLinkFactory.create_batch(n, from_claim=claim)

    assert_constant_queries(client_for(), f"/api/v1/claims/{claim.pk}/", make)


def test_links_list_queries_do_not_grow(curator):
    assert_constant_queries(
        client_for(),
        "/api/v1/links/",
        lambda n: ClaimLinkFactory.create_batch(n, decided_by=curator, decision="confirmed"),
    )


def test_link_detail_queries_do_not_grow():
    link = ClaimLinkFactory()
    assert_constant_queries(
        client_for(),
        f"/api/v1/links/{link.pk}/",
        lambda n: ClaimLinkFactory.create_batch(n, from_claim=link.from_claim),
    )


def test_topics_list_queries_do_not_grow():
    def make(n):
        start = TopicFactory._meta.model.objects.count()
        for i in range(start, start + n):
            TopicFactory(key=f"worker_count.stock.X{i}", place=f"X{i}", best_claim=ClaimFactory())

    assert_constant_queries(client_for(), "/api/v1/topics/", make, expected_rows=20)


def test_topic_detail_queries_do_not_grow():
    TopicFactory(best_claim=ClaimFactory())
    assert_constant_queries(
        client_for(), "/api/v1/topics/worker_count.stock.KW/", ClaimFactory.create_batch
    )


def test_curator_token_list_queries_do_not_grow(curator):
    assert_constant_queries(client_for(curator), "/api/v1/claims/", _claims_with_links)
