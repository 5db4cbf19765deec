"""The analyst pages of articles, outlets and origins: content, escaping and query counts."""

import datetime
import html
import re
from decimal import Decimal

import pytest

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
    OriginFactory,
    OutletFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

TEXT = (
    "KUWAIT CITY — About 6,000 North Korean workers are in Kuwait, the authority said.\n\n"
    "Workers earn around $1,000 a month.\nThe resolution caps work authorizations."
)


def reader_text(page: str) -> str:
    """The article's text as a reader sees it: the tags gone, entities decoded."""
    body = re.search(r'<div class="article-text">(.*?)</div>', page, re.S).group(1)
    body = body.replace("<br>", "\n").replace("</p>\n<p>", "\n\n")
    return html.unescape(re.sub(r"<[^>]+>", "", body)).strip()


# Article reader


def test_article_reader_highlights_every_quote_by_kind_linking_to_its_claim(client):
    article = ArticleFactory(text=TEXT, title="Kuwait hosts workers", author="Omar Said")
    count = anchored(article, "About 6,000 North Korean workers")
    pay = anchored(
        article,
        "around $1,000 a month",
        kind="remittance",
        measure="per_worker",
        unit="USD",
        period="month",
        value_low=Decimal(1000),
        value_high=Decimal(1000),
    )
    clause = anchored(
        article,
        "caps work authorizations",
        kind="sanctions_clause",
        measure="",
        value_low=None,
        value_high=None,
        instrument="UNSCR 2371",
        provision="cap_work_authorizations",
    )

    page = html_of(client.get(article.get_absolute_url()))

    for claim, kind in ((count, "worker_count"), (pay, "remittance"), (clause, "sanctions_clause")):
        assert re.search(
            rf'<span class="anchor" id="q-{claim.pk}"></span><a class="hl hl-{kind}"[^>]*'
            rf'href="{claim.get_absolute_url()}">{re.escape(html.escape(claim.quote))}</a>',
            page,
        ), kind
    assert 'title="remittance or wage: about $1,000 a month' in page
    assert reader_text(page) == TEXT  # nothing lost, nothing added
    assert "Omar Said" in page and article.outlet.name in page and "10 Aug 2017" in page
    assert "UNSCR 2371: cap on work authorizations" in page  # the claims table


def test_article_reader_handles_overlapping_quotes(client):
    article = ArticleFactory(text=TEXT)
    outer = anchored(article, "About 6,000 North Korean workers are in Kuwait")
    inner = anchored(article, "6,000 North Korean")
    crossing = anchored(article, "workers are in Kuwait, the authority")

    page = html_of(client.get(article.get_absolute_url()))

    assert reader_text(page) == TEXT
    for claim in (outer, inner, crossing):
        assert f'id="q-{claim.pk}"' in page
        assert f'href="{claim.get_absolute_url()}"' in page
    # The innermost quote leads where quotes overlap; the piece says more lie under it.
    assert re.search(
        rf'<a class="hl hl-worker_count hl-multi"[^>]*href="{inner.get_absolute_url()}">'
        r"6,000 North Korean</a>",
        page,
    )
    assert "overlapping quote" in page


def test_article_reader_shows_markup_in_the_text_as_text(client):
    text = (
        "Officials said <script>alert(1)</script> nothing.\n\n"
        'An image <img src=x onerror=alert(1)> and "quotes" & <b>bold</b>.'
    )
    article = ArticleFactory(text=text, title="<script>alert('title')</script>")
    anchored(article, "<script>alert(1)</script>")
    anchored(article, "<img src=x onerror=alert(1)>")

    page = html_of(client.get(article.get_absolute_url()))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert "<b>bold" not in page
    assert reader_text(page) == text
    for claim_page in (c.get_absolute_url() for c in Claim.objects.all()):
        shown = html_of(client.get(claim_page))
        assert "<script>alert" not in shown and "<img src=x" not in shown


def test_article_reader_shows_metadata_precision_wire_and_lost_quotes(client):
    wire = OutletFactory(name="Gulf Wire Service", kind="wire")
    article = ArticleFactory(
        text=TEXT,
        published=datetime.date(2017, 9, 1),
        published_precision="month",
        wire="gulf-wire-service",
        url="https://example.com/a/1",
    )
    lost = ClaimFactory(article=article, orphaned=True, quote="a sentence since removed")

    page = html_of(client.get(article.get_absolute_url()))

    assert "Sep 2017" in page and "(to the month)" in page
    assert f'a report by <a href="{wire.get_absolute_url()}">Gulf Wire Service</a>' in page
    assert 'href="https://example.com/a/1" rel="noopener noreferrer nofollow"' in page
    assert "Quotes not found in the text" in page and lost.get_absolute_url() in page


def test_article_reader_makes_as_many_queries_for_20_claims_as_for_2(client):
    article = ArticleFactory(text="Workers. " * 400)

    def build(start, n):
        for i in range(start, start + n):
            claim = ClaimFactory(article=article, quote="Workers.", start=i * 9, end=i * 9 + 8)
            ClaimLinkFactory(from_claim=claim, relation="agrees")

    build(0, 2)
    few = page_queries(client, article.get_absolute_url())
    build(2, 18)
    assert page_queries(client, article.get_absolute_url()) == few


def test_article_list_filters_by_outlet_and_paginates(client):
    outlet = OutletFactory(name="Baltic Ledger")
    ArticleFactory.create_batch(2, outlet=outlet, title="Welders in Gdansk")
    ArticleFactory.create_batch(25, title="Elsewhere")

    everything = html_of(client.get("/articles/"))
    only = html_of(client.get("/articles/", {"outlet": outlet.pk}))

    assert "27 articles" in everything and "Page 1 of 2" in everything
    assert "Welders in Gdansk" in only and "Elsewhere" not in only
    assert client.get("/articles/", {"outlet": 999999}).status_code == 404


def test_article_list_makes_as_many_queries_for_20_rows_as_for_2(client):
    ClaimFactory.create_batch(2)
    few = page_queries(client, "/articles/")
    ClaimFactory.create_batch(18)
    assert page_queries(client, "/articles/") == few


# Outlets and origins


def corroboration(outlet=None, origin=None):
    """Three claims: one corroborated, one contradicted, one alone."""
    fields = {}
    if outlet is not None:
        fields["article__outlet"] = outlet
    if origin is not None:
        fields["origin"] = origin
    agreed, contested, alone = (ClaimFactory(**fields) for _ in range(3))
    ClaimLinkFactory(from_claim=agreed, to_claim=ClaimFactory(), relation="agrees")
    ClaimLinkFactory(from_claim=ClaimFactory(), to_claim=contested, relation="contradicts")
    return agreed, contested, alone


def test_outlet_page_lists_its_articles_and_claims_and_how_often_they_hold_up(client):
    outlet = OutletFactory(name="Gulf Wire Service", kind="wire", country="AE")
    agreed, contested, alone = corroboration(outlet=outlet)

    page = html_of(client.get(outlet.get_absolute_url()))

    assert "<h1>Gulf Wire Service</h1>" in page and "Wire service · United Arab Emirates" in page
    assert re.search(r"<strong>3</strong> claims", page)
    assert re.search(r"<strong>1</strong> corroborated by another source.*?\(33%\)", page, re.S)
    assert re.search(r"<strong>1</strong> contradicted.*?\(33%\)", page, re.S)
    for claim in (agreed, contested, alone):
        assert claim.get_absolute_url() in page
        assert claim.article.get_absolute_url() in page
    assert agreed.origin.name in page  # origins it quotes


def test_origin_page_lists_its_claims_articles_and_outlets(client):
    origin = OriginFactory(name="Public Authority of Manpower")
    agreed, contested, alone = corroboration(origin=origin)
    other = ClaimFactory()

    page = html_of(client.get(origin.get_absolute_url()))

    assert "<h1>Public Authority of Manpower</h1>" in page
    assert re.search(r"<strong>1</strong> contradicted", page)
    for claim in (agreed, contested, alone):
        assert claim.get_absolute_url() in page
        assert claim.article.outlet.name in page
    assert other.get_absolute_url() not in page


@pytest.mark.parametrize("which", ["outlet", "origin"])
def test_outlet_and_origin_pages_make_as_many_queries_for_20_rows_as_for_2(client, which):
    owner = OutletFactory() if which == "outlet" else OriginFactory()

    def build(n):
        for _ in range(n):
            corroboration(**{which: owner})

    build(1)
    few = page_queries(client, owner.get_absolute_url())
    build(6)
    assert page_queries(client, owner.get_absolute_url()) == few


def test_outlet_list_counts_articles_and_claims_and_filters_by_kind(client):
    wire = OutletFactory(name="Gulf Wire Service", kind="wire")
    ClaimFactory.create_batch(2, article__outlet=wire)
    OutletFactory(name="Baltic Ledger", kind="newspaper")

    page = html_of(client.get("/outlets/"))
    wires = html_of(client.get("/outlets/", {"kind": "wire"}))

    assert "Gulf Wire Service" in page and "Baltic Ledger" in page
    assert re.search(rf'href="/articles/\?outlet={wire.pk}">2</a>', page)
    assert "Baltic Ledger" not in wires


def test_origin_list_finds_origins_by_name(client):
    ClaimFactory(origin__name="Public Authority of Manpower")
    OriginFactory(name="Overseas Labour Watch")

    page = html_of(client.get("/origins/", {"q": "manpower"}))

    assert "Public Authority of Manpower" in page and "Overseas Labour Watch" not in page
    assert "No origins match" in html_of(client.get("/origins/", {"q": "nobody"}))


@pytest.mark.parametrize("url", ["/outlets/", "/origins/"])
def test_outlet_and_origin_lists_make_as_many_queries_for_20_rows_as_for_2(client, url):
    ClaimFactory.create_batch(2)
    few = page_queries(client, url)
    ClaimFactory.create_batch(18)
    assert page_queries(client, url) == few


def test_unknown_articles_outlets_and_origins_are_not_found(client):
    for url in ("/articles/99999/", "/outlets/99999/", "/origins/99999/"):
        assert client.get(url).status_code == 404
