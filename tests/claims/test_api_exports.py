"""Claim exports (CSV, JSON Lines) and the JSON-LD endpoints of claims and topics."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse

from claims.api import exports
from tests.api_helpers import client_for, count_queries
from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def fetch(url: str):
    response = client_for().get(url)
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode()


def csv_rows(url: str) -> list[dict]:
    _, body = fetch(url)
    return list(csv.DictReader(io.StringIO(body)))


def jsonl_rows(url: str) -> list[dict]:
    _, body = fetch(url)
    return [json.loads(line) for line in body.splitlines()]


def test_csv_export_has_a_header_and_one_row_a_claim():
    claim = ClaimFactory(article__outlet__name="Example Times")
    ClaimLinkFactory(from_claim=claim, relation="agrees")

    response, body = fetch("/api/v1/claims/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == exports.COLUMNS
    mine = next(r for r in rows if r["id"] == str(claim.pk))
    assert mine["quote"] == claim.quote
    assert mine["value_low"] == "6000"
    assert mine["outlet"] == "Example Times"
    assert mine["published"] == "2017-08-10"
    assert mine["agree_count"] == "1"
    assert len(rows) == 2  # the linked claim too


def test_jsonl_export_by_suffix_and_by_format_parameter():
    claim = ClaimFactory(value_low=Decimal("0.5"), value_high=Decimal("0.5"), unit="fraction")

    by_suffix = jsonl_rows("/api/v1/claims/export.jsonl")
    by_param = jsonl_rows("/api/v1/claims/export/?format=jsonl")
    response, _ = fetch("/api/v1/claims/export/?format=jsonl")

    assert by_suffix == by_param
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    row = by_suffix[0]
    assert row["id"] == claim.pk
    assert row["value_low"] == 0.5
    assert row["origin"] == claim.origin.name
    assert row["as_of"] == "2017-08-01"


def test_export_defaults_to_csv():
    ClaimFactory()

    response, body = fetch("/api/v1/claims/export/")

    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("id,kind,")


def test_exports_take_the_list_filters_and_order():
    kuwait = ClaimFactory(place="KW", as_of=datetime.date(2016, 1, 1))
    ClaimFactory(place="QA")
    later = ClaimFactory(place="KW", as_of=datetime.date(2019, 1, 1))

    rows = csv_rows("/api/v1/claims/export.csv?place=KW&ordering=as_of")
    lines = jsonl_rows("/api/v1/claims/export.jsonl?place=KW&as_of_after=2018-01-01")

    assert [r["id"] for r in rows] == [str(kuwait.pk), str(later.pk)]
    assert [r["id"] for r in lines] == [later.pk]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/export/?format=xml",
        "/api/v1/claims/export/?format=",
        "/api/v1/claims/export/?format=csv&format=jsonl",
        "/api/v1/claims/export.xml",
        "/api/v1/claims/export.csv?kind=bogus",
        "/api/v1/claims/export.jsonl?ordering=quote",
        "/api/v1/claims/export.csv?value_min=lots",
    ],
)
def test_bad_export_requests_are_json_errors(url):
    response = client_for().get(url)

    assert response.status_code in {400, 404}
    assert response["Content-Type"] == "application/json"
    assert response.json()


def test_exports_escape_spreadsheet_formulas_in_text_only():
    ClaimFactory(quote='=HYPERLINK("http://bad")', attributed_to="+1 source")

    row = csv_rows("/api/v1/claims/export.csv")[0]
    line = jsonl_rows("/api/v1/claims/export.jsonl")[0]

    assert row["quote"] == '\'=HYPERLINK("http://bad")'
    assert row["attributed_to"] == "'+1 source"
    assert line["quote"] == '=HYPERLINK("http://bad")'


def test_exports_stream_over_an_iterator_in_chunks(monkeypatch):
    seen = {}
    original = exports.export_response

    def spy(queryset, fmt, filename="claims"):
        calls = []
        real_iterator = type(queryset).iterator

        def iterator(self, chunk_size=None):
            calls.append(chunk_size)
            return real_iterator(self, chunk_size=chunk_size)

        monkeypatch.setattr(type(queryset), "iterator", iterator)
        seen["calls"] = calls
        return original(queryset, fmt, filename)

    monkeypatch.setattr("claims.api.views.export_response", spy)
    ClaimFactory.create_batch(3)

    _, body = fetch("/api/v1/claims/export.jsonl")

    assert seen["calls"] == [exports.CHUNK_SIZE]
    assert len(body.splitlines()) == 3


def test_export_queries_do_not_grow():
    client = client_for()
    ClaimFactory.create_batch(2)
    few = count_queries(client, "/api/v1/claims/export.csv")
    ClaimFactory.create_batch(18)
    many = count_queries(client, "/api/v1/claims/export.csv")

    assert few == many


def test_csv_lines_streams_one_line_at_a_time():
    claims = [ClaimFactory() for _ in range(2)]

    lines = exports.csv_lines(iter(claims))

    assert next(lines).startswith("id,kind")
    assert next(lines).startswith(str(claims[0].pk))


# JSON-LD -----------------------------------------------------------------------------------


def test_claim_jsonld_endpoint():
    claim = ClaimFactory()
    ClaimLinkFactory(to_claim=claim, relation="contradicts")

    response = client_for().get(f"/api/v1/claims/{claim.pk}/jsonld/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    body = response.json()
    assert body["@type"] == "ClaimReview"
    assert body["url"] == f"https://testserver/claims/{claim.pk}/"
    assert body["itemReviewed"]["firstAppearance"]["url"] == claim.article.url
    assert "1 contradict" in body["reviewRating"]["ratingExplanation"]
    missing = client_for().get("/api/v1/claims/424242/jsonld/")
    assert missing.status_code == 404
    # Errors stay plain JSON, whatever the success's media type.
    assert missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "No Claim matches the given query."}


def test_jsonld_format_parameter():
    claim = ClaimFactory()
    client = client_for()
    url = f"/api/v1/claims/{claim.pk}/jsonld/"

    assert client.get(url + "?format=jsonld")["Content-Type"] == "application/ld+json"
    assert client.get(url + "?format=json")["Content-Type"] == "application/json"
    for bad in ["?format=", "?format=xml", "?format=json&format=jsonld"]:
        response = client.get(url + bad)
        assert response.status_code in {400, 404}, bad
        assert response["Content-Type"] == "application/json", bad


def test_topic_jsonld_lists_the_articles_carrying_the_figure():
    early = ArticleFactory(published=datetime.date(2016, 1, 1))
    late = ArticleFactory(published=datetime.date(2018, 1, 1))
    best = ClaimFactory(article=late)
    ClaimFactory(article=early)
    ClaimFactory(article=late)
    ClaimFactory(review_status="rejected")  # not carried: rejected
    ClaimFactory(subject_key="worker_count.stock.QA")  # another topic
    TopicFactory(best_claim=best)

    response = client_for().get("/api/v1/topics/worker_count.stock.KW/jsonld/")

    assert response.status_code == 200
    item = response.json()["itemReviewed"]
    assert [a["url"] for a in item["appearance"]] == [early.url, late.url]
    assert item["firstAppearance"]["url"] == early.url
    assert item["text"] == best.quote
    assert client_for().get("/api/v1/topics/none.such/jsonld/").status_code == 404


def test_jsonld_queries_do_not_grow():
    TopicFactory()
    claim = ClaimFactory()
    client = client_for()

    def make(n):
        ClaimFactory.create_batch(n)
        ClaimLinkFactory.create_batch(n, from_claim=claim)

    make(2)
    few = (
        count_queries(client, "/api/v1/topics/worker_count.stock.KW/jsonld/"),
        count_queries(client, f"/api/v1/claims/{claim.pk}/jsonld/"),
    )
    make(18)
    many = (
        count_queries(client, "/api/v1/topics/worker_count.stock.KW/jsonld/"),
        count_queries(client, f"/api/v1/claims/{claim.pk}/jsonld/"),
    )

    assert few == many
