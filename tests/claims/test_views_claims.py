"""The claim browser and the claim page: content, filters, escaping and query counts."""

import datetime
import json
import re
from decimal import Decimal

import pytest

from claims.models import Claim
from claims.services import claim_review
from tests.browser.support import (
    anchored,
    html_of,
    page_queries,
    plain_http,  # noqa: F401 - the fixture, used by pytestmark
    remittance,
    vague_china,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


TWO_PARAGRAPHS = (
    "KUWAIT CITY — Officials met on Monday.\n\n"
    "Kuwait hosts about 6,000 North Korean workers, the ministry said. Most build houses."
)
QUOTE = "about 6,000 North Korean workers"


# Claim browser


def test_claim_browser_rows_say_the_figure_place_date_source_and_links(client):
    kuwait = ClaimFactory(
        origin__name="Public Authority of Manpower", article__outlet__name="Gulf Wire Service"
    )
    pay = remittance()
    china = vague_china()
    ClaimLinkFactory(from_claim=kuwait, to_claim=ClaimFactory(), relation="agrees")
    ClaimLinkFactory(
        from_claim=kuwait,
        to_claim=ClaimFactory(value_low=Decimal(9000), value_high=Decimal(9000)),
        relation="contradicts",
    )
    rejected = ClaimFactory(review_status="rejected", quote="a rejected figure")
    orphaned = ClaimFactory(orphaned=True, quote="a lost quote")

    page = html_of(client.get("/claims/"))

    assert "about 6,000 workers" in page
    assert "$1,000 a month" in page
    assert "10,000–99,999 workers (vague)" in page
    assert "Kuwait" in page and "China" in page
    assert "Aug 2017" in page  # month precision
    assert ">2019<" in page  # year precision
    assert "Public Authority of Manpower" in page and "Gulf Wire Service" in page
    assert "1 agreement" in page and "1 contradiction" in page
    assert pay.get_absolute_url() in page and china.get_absolute_url() in page
    assert re.search(r'class="is-rejected[^"]*">\s*<td[^>]*>.*?' + str(rejected.pk), page, re.S)
    assert "quote lost" in page and orphaned.get_absolute_url() in page
    assert ">rejected<" in page


def test_claim_browser_facets_count_claims_and_filter(client):
    ClaimFactory.create_batch(2)
    remittance(place="QA")
    vague_china()

    page = html_of(client.get("/claims/"))
    assert "worker count (3)" in page
    assert "remittance or wage (1)" in page
    assert "Kuwait (2)" in page and "China (1)" in page and "Qatar (1)" in page

    filtered = html_of(client.get("/claims/", {"kind": "remittance"}))
    assert "$1,000 a month" in filtered
    assert "about 6,000 workers" not in filtered
    # Other facets count within the chosen kind; the kind facet still offers the others.
    assert "Qatar (1)" in filtered and "Kuwait (2)" not in filtered
    assert "worker count (3)" in filtered
    assert "1 claim match" in filtered

    by_place = html_of(client.get("/claims/", {"place": "CN"}))
    assert "10,000–99,999 workers (vague)" in by_place
    assert "about 6,000 workers" not in by_place


def test_claim_browser_filters_by_outlet_origin_and_review(client):
    wanted = ClaimFactory(
        article__outlet__name="Baltic Ledger",
        origin__name="Labour ministry",
        review_status="accepted",
    )
    other = ClaimFactory(quote="some other workers")

    for params in (
        {"outlet": wanted.article.outlet_id},
        {"origin": wanted.origin_id},
        {"review_status": "accepted"},
    ):
        page = html_of(client.get("/claims/", params))
        assert wanted.get_absolute_url() in page, params
        assert other.get_absolute_url() not in page, params


def test_claim_browser_hides_rejected_and_shows_contested_on_request(client):
    kept = ClaimFactory()
    rejected = ClaimFactory(review_status="rejected")
    orphaned = ClaimFactory(orphaned=True)
    contested = ClaimFactory()
    ClaimLinkFactory(from_claim=contested, to_claim=ClaimFactory(), relation="contradicts")
    dismissed = ClaimFactory()
    ClaimLinkFactory(
        from_claim=dismissed, to_claim=ClaimFactory(), relation="contradicts", decision="rejected"
    )

    live = html_of(client.get("/claims/", {"live": "on"}))
    assert kept.get_absolute_url() in live
    assert rejected.get_absolute_url() not in live
    assert orphaned.get_absolute_url() not in live

    only = html_of(client.get("/claims/", {"contested": "on"}))
    assert contested.get_absolute_url() in only
    assert kept.get_absolute_url() not in only
    assert dismissed.get_absolute_url() not in only


def test_claim_browser_searches_quotes(client):
    found = ClaimFactory(quote="welders in the Gdansk shipyard")
    ClaimFactory(quote="construction crews in Kuwait")

    page = html_of(client.get("/claims/", {"q": "Gdansk shipyard"}))

    assert found.get_absolute_url() in page
    assert "construction crews" not in page
    assert '<option value="relevance" selected>best match</option>' in page


def test_claim_browser_sorts(client):
    small = ClaimFactory(value_low=Decimal(100), value_high=Decimal(100))
    large = ClaimFactory(value_low=Decimal(90000), value_high=Decimal(90000))
    middle = ClaimFactory(value_low=Decimal(5000), value_high=Decimal(5000))

    page = html_of(client.get("/claims/", {"sort": "value_desc"}))
    positions = [page.index(c.get_absolute_url()) for c in (large, middle, small)]
    assert positions == sorted(positions)

    page = html_of(client.get("/claims/", {"sort": "value_asc"}))
    positions = [page.index(c.get_absolute_url()) for c in (small, middle, large)]
    assert positions == sorted(positions)


def test_claim_browser_paginates(client):
    ClaimFactory.create_batch(30)

    first = html_of(client.get("/claims/"))
    second = html_of(client.get("/claims/", {"page": 2}))
    beyond = client.get("/claims/", {"page": "999"})

    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('class="figure"') == 25
    assert second.count('class="figure"') == 5
    assert beyond.status_code == 200 and "Page 2 of 2" in html_of(beyond)
    assert "?page=2" in first


def test_claim_browser_reports_bad_input_and_keeps_the_rest(client):
    ClaimFactory()
    remittance()

    response = client.get("/claims/", {"outlet": "abc", "kind": "remittance", "sort": "nonsense"})

    assert response.status_code == 200
    page = html_of(response)
    assert "Choose one from the list." in page
    assert "Select a valid choice" in page
    assert "$1,000 a month" in page  # the valid filter still applies
    assert "about 6,000 workers" not in page


def test_claim_browser_makes_as_many_queries_for_20_rows_as_for_2(client):
    def build(n):
        for i in range(n):
            claim = ClaimFactory(place=["KW", "QA", "PL"][i % 3])
            remittance(place="CN")
            ClaimLinkFactory(from_claim=claim, relation="agrees")

    build(1)
    few = page_queries(client, "/claims/")
    few_filtered = page_queries(client, "/claims/?kind=worker_count&q=workers&sort=contradicted")
    build(9)
    assert Claim.objects.count() >= 20
    assert page_queries(client, "/claims/") == few
    assert page_queries(client, "/claims/?kind=worker_count&q=workers&sort=contradicted") == (
        few_filtered
    )


# Claim page


def test_claim_page_shows_the_quote_highlighted_in_its_paragraph(client):
    article = ArticleFactory(text=TWO_PARAGRAPHS, title="Kuwait and its workers")
    claim = anchored(article, QUOTE, origin__name="Ministry of Social Affairs")

    page = html_of(client.get(claim.get_absolute_url()))

    assert re.search(
        r'Kuwait hosts <span class="anchor" id="q-\d+"></span><mark class="hl hl-worker_count '
        r'hl-current"[^>]*>about 6,000 North Korean workers</mark>, the ministry said\. Most build '
        r"houses\.",
        page,
    )
    assert "Officials met on Monday" not in page  # another paragraph
    assert "Kuwait and its workers" in page
    assert f"{article.get_absolute_url()}#q-{claim.pk}" in page
    assert '<h1 class="figure-title">about 6,000 workers</h1>' in page
    assert "Aug 2017" in page and "Kuwait" in page and "Ministry of Social Affairs" in page


def test_claim_page_says_when_the_quote_is_lost(client):
    claim = ClaimFactory(orphaned=True, quote="a sentence since removed")

    page = html_of(client.get(claim.get_absolute_url()))

    assert "no longer found in the article" in page
    assert "a sentence since removed" in page
    assert "<mark" not in page


def test_claim_page_finds_a_quote_whose_offsets_moved(client):
    article = ArticleFactory(text=TWO_PARAGRAPHS)
    claim = ClaimFactory(article=article, quote=QUOTE, start=0, end=len(QUOTE))

    page = html_of(client.get(claim.get_absolute_url()))

    assert "offsets are out of date" in page
    assert f">{QUOTE}</mark>" in page


def test_claim_page_groups_links_by_relation_with_their_rationales(client):
    claim = ClaimFactory(as_of=datetime.date(2017, 8, 1))
    older = ClaimFactory(
        quote="about 2,800 North Korean workers",
        value_low=Decimal(2800),
        value_high=Decimal(2800),
        as_of=datetime.date(2017, 6, 1),
    )
    newer = ClaimFactory(
        quote="about 9,000 North Korean workers",
        value_low=Decimal(9000),
        value_high=Decimal(9000),
        as_of=datetime.date(2018, 1, 1),
    )
    agreeing = ClaimFactory(value_low=Decimal(6120), value_high=Decimal(6120), qualifier="exact")
    ClaimLinkFactory(
        from_claim=claim, to_claim=older, relation="supersedes", rationale="later by two months"
    )
    ClaimLinkFactory(
        from_claim=newer, to_claim=claim, relation="supersedes", rationale="later by five months"
    )
    ClaimLinkFactory(from_claim=claim, to_claim=agreeing, relation="agrees", rationale="1.1% apart")
    rejected = ClaimLinkFactory(
        from_claim=claim,
        to_claim=ClaimFactory(value_low=Decimal(1)),
        relation="contradicts",
        decision="rejected",
        rationale="a curator said no",
    )

    page = html_of(client.get(claim.get_absolute_url()))

    def section(title):
        start = page.index(f">{title} <span")
        return page[start : page.find("</section>", start)]

    assert "about 2,800 workers" in section("Supersedes") and "later by two months" in page
    assert "about 9,000 workers" in section("Superseded by") and "later by five months" in page
    assert "6,120 workers" in section("Agrees with") and "1.1% apart" in page
    assert "a curator said no" in section("Contradicted by")
    assert re.search(rf'<li id="link-{rejected.pk}" class="is-rejected">', page)


def test_claim_page_counts_independent_sources(client):
    claim = ClaimFactory(origin__name="Public Authority of Manpower")
    same_origin = ClaimFactory(origin=claim.origin)
    # A spelling variant the linker found to be the same source: not independent either.
    variant = ClaimFactory(origin__name="Public Authority for Manpower")
    ClaimLinkFactory(from_claim=variant, to_claim=claim, relation="repeats")
    other_origin = ClaimFactory(origin__name="Overseas Labour Watch")
    unattributed = ClaimFactory(origin=None, article__outlet__name="Arabian Courier")
    ClaimLinkFactory(from_claim=claim, to_claim=same_origin, relation="repeats")
    ClaimLinkFactory(from_claim=other_origin, to_claim=claim, relation="agrees")
    ClaimLinkFactory(from_claim=claim, to_claim=unattributed, relation="agrees")
    ClaimLinkFactory(
        from_claim=claim, to_claim=ClaimFactory(origin__name="Dismissed"), relation="agrees",
        decision="rejected",
    )  # fmt: skip
    # A confirmed link stays when its other claim is later rejected or loses its quote; that
    # claim backs nothing.
    for fields in ({"review_status": "rejected"}, {"orphaned": True}):
        ClaimLinkFactory(
            from_claim=claim,
            to_claim=ClaimFactory(origin__name=f"Gone {fields}", **fields),
            relation="agrees",
            decision="confirmed",
        )
    # A spelling variant is the same source even when only an agrees link joins them.
    ClaimLinkFactory(
        from_claim=ClaimFactory(origin__name="Public Authority on the Manpower"),
        to_claim=claim,
        relation="agrees",
    )

    page = html_of(client.get(claim.get_absolute_url()))

    assert re.search(r"<strong>3</strong> independent sources stand behind", page)


def test_claim_page_shows_review_status_and_history(client, curator):
    claim = ClaimFactory()
    claim_review(claims=claim, status="accepted", user=curator)

    page = html_of(client.get(claim.get_absolute_url()))

    assert f"Status: <strong>accepted</strong> by {curator.username}" in page
    assert re.search(rf"reviewed by</span>: <del>blank</del> → <ins>{curator.username}</ins>", page)
    assert "review: accepted" in page
    assert re.search(r"review status</span>: <del>proposed</del> → <ins>accepted</ins>", page)
    assert "created the claim" in page


def test_claim_page_embeds_its_json_ld_safely(client):
    article = ArticleFactory(text="Before </script><script>alert(1)</script> after.")
    quote = "</script><script>alert(1)</script>"
    claim = anchored(article, quote)

    page = html_of(client.get(claim.get_absolute_url()))

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == quote
    assert data["url"] == f"http://testserver{claim.get_absolute_url()}"
    assert "<script>alert(1)" not in page


def test_claim_page_makes_as_many_queries_for_20_links_as_for_2(client, curator):
    claim = ClaimFactory()
    claim_review(claims=claim, status="accepted", user=curator)

    def build(n):
        for i in range(n):
            relation = ["agrees", "contradicts", "supersedes", "repeats"][i % 4]
            ClaimLinkFactory(from_claim=claim, relation=relation, decided_by=curator)
            ClaimLinkFactory(to_claim=claim, relation=relation)

    build(1)
    few = page_queries(client, claim.get_absolute_url())
    build(9)
    assert page_queries(client, claim.get_absolute_url()) == few


def test_claim_page_404s_for_an_unknown_claim(client):
    assert client.get("/claims/424242/").status_code == 404
