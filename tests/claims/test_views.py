"""The analyst pages of claims, topics and search: content, escaping and query counts."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.services import claim_review
from tests.browser.support import PLAIN_STATIC, page_queries
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    OriginFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

TWO_PARAGRAPHS = (
    "KUWAIT CITY — Officials met on Monday.\n\n"
    "Kuwait hosts about 6,000 North Korean workers, the ministry said. Most build houses."
)
QUOTE = "about 6,000 North Korean workers"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.STORAGES = PLAIN_STATIC
    settings.SECURE_SSL_REDIRECT = False


def anchored(article, quote: str, **fields) -> Claim:
    """A claim whose quote is found at its offsets in the article's text."""
    start = article.text.index(quote)
    return ClaimFactory(article=article, quote=quote, start=start, end=start + len(quote), **fields)


def remittance(**fields) -> Claim:
    values = {
        "kind": "remittance",
        "measure": "per_worker",
        "quote": "earn around $1,000 a month",
        "value_low": Decimal(1000),
        "value_high": Decimal(1000),
        "unit": "USD",
        "period": "month",
        "subject_key": "remittance.per_worker.KW.USD",
    }
    values.update(fields)
    return ClaimFactory(**values)


def vague_china(**fields) -> Claim:
    values = {
        "quote": "tens of thousands of North Korean workers",
        "value_low": Decimal(10000),
        "value_high": Decimal(99999),
        "qualifier": "vague",
        "place": "CN",
        "as_of": datetime.date(2019, 1, 1),
        "as_of_precision": "year",
        "subject_key": "worker_count.stock.CN",
    }
    values.update(fields)
    return ClaimFactory(**values)


def html_of(response) -> str:
    return response.content.decode()


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


# Topics


def kuwait_topic():
    """A Kuwait stock topic: an older superseded figure, a contradiction, a range."""
    officials = OriginFactory(name="officials familiar with the matter")
    old = ClaimFactory(
        quote="About 2,800 North Korean laborers",
        value_low=Decimal(2800),
        value_high=Decimal(2800),
        as_of=datetime.date(2017, 6, 1),
        origin=officials,
    )
    best = ClaimFactory(
        value_low=Decimal(6120),
        value_high=Decimal(6120),
        qualifier="exact",
        origin__name="Public Authority of Manpower",
    )
    ngo = ClaimFactory(
        value_low=Decimal(6000),
        value_high=Decimal(7000),
        qualifier="range",
        as_of=datetime.date(2017, 1, 1),
        as_of_precision="year",
        origin__name="Overseas Labour Watch <NGO>",
    )
    ClaimLinkFactory(from_claim=best, to_claim=old, relation="supersedes")
    ClaimLinkFactory(
        from_claim=ngo, to_claim=old, relation="contradicts", rationale="2,800 against 6,000–7,000"
    )
    ClaimFactory(review_status="rejected", value_low=Decimal(1), value_high=Decimal(1))
    topic = TopicFactory(
        claim_count=3,
        independent_origins=3,
        open_contradictions=1,
        best_claim=best,
        spread_low=Decimal(2800),
        spread_high=Decimal(7000),
        first_as_of=datetime.date(2017, 1, 1),
        last_as_of=datetime.date(2017, 8, 1),
    )
    return topic, old, best, ngo


def test_topic_page_charts_the_figures_and_summarises_them(client):
    _, old, best, _ = kuwait_topic()

    page = html_of(client.get("/topics/worker_count/KW/"))

    assert "<h1>Workers present · Kuwait</h1>" in page
    chart = re.search(r"<svg[^>]*class=\"chart\".*?</svg>", page, re.S).group(0)
    assert 'role="img"' in chart and 'aria-label="Workers present · Kuwait: 3 figures' in chart
    assert 'data-points="3"' in chart
    assert len(re.findall(r'class="point( faded)?"', chart)) == 3
    assert re.search(rf'class="point faded" data-claim="{old.pk}"[^>]*opacity="0.35"', chart)
    assert "Overseas Labour Watch &lt;NGO&gt; (1)" in chart  # legend, escaped
    assert "<rect" in chart  # the range
    assert f'href="{best.get_absolute_url()}"' in chart
    assert "Current best value" in page and "6,120 workers" in page
    assert "2,800–7,000" in page  # spread
    assert "2,800 against 6,000–7,000" in page  # the open contradiction's rationale
    assert "superseded</span>" in page  # the table marks the superseded figure
    assert page.count('class="figure"') >= 4  # every claim, the rejected one too
    assert (
        json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
        )["name"]
        == "Workers present · Kuwait"
    )


def test_topic_page_lets_the_measure_be_chosen(client):
    kuwait_topic()
    sent_home = ClaimFactory(
        measure="repatriated",
        quote="sent home 400 workers",
        value_low=Decimal(400),
        value_high=Decimal(400),
        subject_key="worker_count.repatriated.KW",
    )
    TopicFactory(
        key="worker_count.repatriated.KW",
        measure="repatriated",
        label="Workers sent home · Kuwait",
        claim_count=1,
        best_claim=sent_home,
    )

    page = html_of(client.get("/topics/worker_count/KW/", {"measure": "repatriated"}))

    assert "<h1>Workers sent home · Kuwait</h1>" in page
    assert 'data-points="1"' in page
    assert "?key=worker_count.stock.KW" in page  # the other measure, one click away
    assert 'aria-current="page">Workers sent home' in page
    missing = client.get("/topics/worker_count/KW/", {"measure": "forecast"})
    assert missing.status_code == 404


def test_sanctions_topics_are_grouped_by_instrument(client):
    for instrument, provision in (
        ("UNSCR 2371", "cap_work_authorizations"),
        ("UNSCR 2375", "ban_new_work_authorizations"),
    ):
        key = f"sanctions_clause.{instrument.replace(' ', '-')}.{provision}"
        claim = ClaimFactory(
            kind="sanctions_clause",
            measure="",
            quote=f"{instrument} limits work authorizations",
            value_low=None,
            value_high=None,
            qualifier="",
            unit="",
            place="",
            instrument=instrument,
            provision=provision,
            subject_key=key,
        )
        TopicFactory(
            key=key,
            kind="sanctions_clause",
            measure="",
            place="",
            unit="",
            instrument=instrument,
            provision=provision,
            label=f"{instrument} · {provision}",
            best_claim=claim,
            claim_count=1,
        )

    page = html_of(client.get("/topics/sanctions_clause/-/", {"instrument": "UNSCR 2375"}))

    assert "<h1>UNSCR 2375 · ban_new_work_authorizations</h1>" in page
    assert "What it requires" in page and "UNSCR 2375: ban on new work authorizations" in page
    assert "UNSCR 2371 · cap_work_authorizations" in page  # the other instrument, in the tabs
    assert "<svg" not in page  # no figures to chart


def test_topic_page_works_before_the_summary_is_computed(client):
    vague_china(origin__name="Panel of Experts")
    ClaimFactory(place="CN", subject_key="worker_count.stock.CN", origin__name="Seoul researchers")

    page = html_of(client.get("/topics/worker_count/CN/"))

    assert "<h1>Workers present · China</h1>" in page
    assert "has not been computed yet" in page
    assert 'data-points="2"' in page
    assert "6,000–99,999" in page  # spread worked out from the claims


def test_topic_page_404s_for_unknown_kinds_and_empty_places(client):
    ClaimFactory()
    assert client.get("/topics/nonsense/KW/").status_code == 404
    assert client.get("/topics/worker_count/ZZ/").status_code == 404
    assert client.get("/topics/worker_count/KW/?key=worker_count.stock.QA").status_code == 404


def test_topic_page_makes_as_many_queries_for_20_claims_as_for_2(client):
    TopicFactory()

    def build(n):
        for i in range(n):
            claim = ClaimFactory(as_of=datetime.date(2010 + i, 1, 1))
            ClaimLinkFactory(from_claim=claim, to_claim=ClaimFactory(), relation="contradicts")
            ClaimLinkFactory(from_claim=claim, to_claim=ClaimFactory(), relation="supersedes")

    build(1)
    few = page_queries(client, "/topics/worker_count/KW/")
    build(7)
    assert Claim.objects.count() >= 20
    assert page_queries(client, "/topics/worker_count/KW/") == few


def test_topic_index_lists_topics_by_kind(client):
    kuwait_topic()
    TopicFactory(
        key="remittance.per_worker.KW.USD",
        kind="remittance",
        measure="per_worker",
        unit="USD",
        label="Pay of one worker · Kuwait · USD",
    )

    page = html_of(client.get("/topics/"))
    only_money = html_of(client.get("/topics/", {"kind": "remittance"}))

    assert "Workers present · Kuwait" in page and "Pay of one worker · Kuwait · USD" in page
    assert "Worker count" in page and "Remittance or wage" in page
    assert "6,120 workers" in page and "2,800–7,000" in page
    assert "Workers present · Kuwait" not in only_money


def test_topic_index_lists_subjects_before_summaries_exist(client):
    ClaimFactory()
    page = html_of(client.get("/topics/"))
    assert "have not been computed yet" in page
    assert "/topics/worker_count/KW/?key=worker_count.stock.KW" in page


def test_topic_index_makes_as_many_queries_for_20_topics_as_for_2(client):
    def build(start, n):
        for i in range(start, start + n):
            TopicFactory(key=f"worker_count.stock.K{i}", best_claim=ClaimFactory())

    build(0, 2)
    few = page_queries(client, "/topics/")
    build(2, 18)
    assert page_queries(client, "/topics/") == few


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
