"""The topic pages and their index: chart, summary, measures, sanctions, query counts."""

import datetime
import itertools
import json
import re
from decimal import Decimal

import pytest

from claims.models import Claim
from tests.browser.support import (
    html_of,
    page_queries,
    plain_http,  # noqa: F401 - the fixture, used by pytestmark
    vague_china,
)
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    OriginFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

# Topics


def sanctions_topic(instrument, provision, *, label=None, claim_count=1, **claim):
    """A stored sanctions topic of one clause, its best claim that clause."""
    key = f"sanctions_clause.{instrument.replace(' ', '-') or '-'}.{provision}"
    best = ClaimFactory(
        kind="sanctions_clause",
        measure="",
        value_low=None,
        value_high=None,
        unit="",
        place="",
        instrument=instrument,
        provision=provision,
        subject_key=key,
        **claim,
    )
    TopicFactory(
        key=key,
        kind="sanctions_clause",
        measure="",
        place="",
        unit="",
        instrument=instrument,
        provision=provision,
        label=label or key,
        best_claim=best,
        claim_count=claim_count,
    )
    return best


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


def test_a_superseded_figure_beyond_the_chart_is_marked_in_the_table(client, monkeypatch):
    _, old, _, _ = kuwait_topic()
    # The chart holds the newest figures only; the oldest, superseded one is left out of it.
    monkeypatch.setattr("claims.topic_page.CHART_LIMIT", 1)

    page = html_of(client.get("/topics/worker_count/KW/"))

    chart = re.search(r"<svg[^>]*class=\"chart\".*?</svg>", page, re.S).group(0)
    assert f'data-claim="{old.pk}"' not in chart
    row = re.search(
        rf'<tr class="[^"]*is-superseded[^"]*">(?:(?!</tr>).)*{re.escape(old.quote)}', page, re.S
    )
    assert row is not None


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
        sanctions_topic(
            instrument,
            provision,
            label=f"{instrument} · {provision}",
            quote=f"{instrument} limits work authorizations",
            qualifier="",
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


def test_a_confirmed_link_of_a_rejected_claim_does_not_count_on_the_topic_page(client, curator):
    from claims.services import claim_review, link_decide, topics_refresh

    _, old, best, ngo = kuwait_topic()
    contradiction = best.links_out.model.objects.get(relation="contradicts")
    superseding = best.links_out.get(relation="supersedes")
    link_decide(links=[contradiction, superseding], decision="confirmed", user=curator)
    claim_review(claims=[ngo, best], status="rejected", user=curator)
    topics_refresh(keys=[best.subject_key])

    page = html_of(client.get("/topics/worker_count/KW/"))

    assert re.search(r"<h2>Open contradictions</h2>\s*<p class=\"big\">0</p>", page)
    assert "2,800 against 6,000–7,000" not in page
    assert not re.search(rf'class="point faded" data-claim="{old.pk}"', page)


def test_a_pending_topic_shows_the_summary_topics_refresh_will_store(client):
    money = {
        "kind": "remittance",
        "measure": "per_worker",
        "unit": "USD",
        "place": "RU",
        "qualifier": "exact",
        "subject_key": "remittance.per_worker.RU.USD",
    }
    monthly = ClaimFactory(
        value_low=Decimal(1000),
        value_high=Decimal(1000),
        period="month",
        as_of=datetime.date(2020, 1, 1),
        origin__name="Public Authority of Manpower",
        **money,
    )
    ClaimFactory(
        value_low=Decimal(18000),
        value_high=Decimal(18000),
        period="year",
        as_of=datetime.date(2017, 1, 1),
        origin__name="Public Authority for Manpower",
        **money,
    )

    page = html_of(client.get("/topics/remittance/RU/"))

    assert "has not been computed yet" in page
    assert f'href="{monthly.get_absolute_url()}"' in page  # the latest is the best value
    # The yearly figure in the best claim's period: $18,000 a year is $1,500 a month.
    assert re.search(r'class="big">\$1,000–\$1,500</p>\s*<p class="meta">[^<]*, a month<', page)
    # Two spellings of one origin are one independent source.
    assert re.search(r"<h2>Independent sources</h2>\s*<p class=\"big\">1</p>", page)


def test_a_spread_beyond_what_a_topic_stores_shows_on_its_pages_and_api(client):
    from claims.services import links_update_for_claims

    money = {
        "kind": "remittance",
        "measure": "per_worker",
        "unit": "USD",
        "place": "RU",
        "qualifier": "exact",
        "subject_key": "remittance.per_worker.RU.USD",
    }
    yearly = ClaimFactory(value_low=Decimal(1000), value_high=Decimal(1000), period="year", **money)
    daily = ClaimFactory(
        value_low=Decimal("9999999999999999"),
        value_high=Decimal("9999999999999999"),
        period="day",
        as_of=datetime.date(2016, 1, 1),
        **money,
    )
    links_update_for_claims(claims=[yearly, daily])

    page = html_of(client.get("/topics/remittance/RU/"))
    assert "$1,000–$1,000 trillion" in page
    assert client.get("/topics/").status_code == 200
    body = client.get("/api/v1/topics/", {"kind": "remittance"}).json()
    assert body["results"][0]["spread_high"] == 10**15


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


def test_topic_page_escapes_what_its_table_and_contradictions_show(client):
    # Rows and contradictions are built by template tags, outside the template's autoescape.
    hostile = '<img src=x onerror="alert(1)">'
    ngo = ClaimFactory(
        value_low=Decimal(6000),
        value_high=Decimal(6000),
        quote=f"6,000 {hostile} workers",
        origin__name=f"Watch {hostile}",
        article__outlet__name=f"Wire {hostile}",
    )
    other = ClaimFactory(
        value_low=Decimal(9000),
        value_high=Decimal(9000),
        origin=None,
        attributed_to=f"a diplomat {hostile}",
    )
    ClaimLinkFactory(
        from_claim=ngo, to_claim=other, relation="contradicts", rationale=f"gap {hostile}"
    )
    TopicFactory(claim_count=2, open_contradictions=1, best_claim=ngo)

    page = html_of(client.get("/topics/worker_count/KW/"))

    assert "<img" not in page
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    table = page[page.index('id="table-h"') :]
    assert f"6,000 {escaped} workers" in table
    assert f"Watch {escaped}</a>" in table and f"a diplomat {escaped}" in table
    assert f"Wire {escaped}</a>" in table
    contradictions = page[page.index('class="contradictions"') : page.index('id="table-h"')]
    assert f"gap {escaped}" in contradictions and f"Watch {escaped}," in contradictions


def test_badges_show_counts_as_numbers_only():
    # The badges are built without escaping: only a number may reach them.
    from types import SimpleNamespace

    from claims.templatetags.kbase_pages import badges

    claim = SimpleNamespace(orphaned=False, review_status="accepted", agree_count=2)
    assert "✓ 2 agreements" in badges(claim) and "contradiction" not in badges(claim)
    with pytest.raises(ValueError):
        badges(SimpleNamespace(orphaned=False, review_status="", contradict_count="<b>1</b>"))


def test_a_topics_contradictions_are_the_same_read_by_score_or_by_claim(client, monkeypatch):
    from claims import topic_page, topic_reads

    key = "worker_count.stock.KW"
    claims = [ClaimFactory(value_low=Decimal(n), value_high=Decimal(n)) for n in range(100, 112)]
    rejected = ClaimFactory(review_status="rejected")
    elsewhere = ClaimFactory(subject_key="worker_count.stock.QA", place="QA")
    for i, (a, b) in enumerate(itertools.pairwise(claims)):
        # Equal scores too: the order then goes by id, the same both ways.
        ClaimLinkFactory(from_claim=a, to_claim=b, relation="contradicts", score=0.5 + i % 3 / 10)
    ClaimLinkFactory(from_claim=claims[0], to_claim=claims[5], relation="agrees")
    ClaimLinkFactory(from_claim=claims[1], to_claim=rejected, relation="contradicts")
    ClaimLinkFactory(from_claim=claims[2], to_claim=elsewhere, relation="contradicts", score=0.99)
    ClaimLinkFactory(
        from_claim=claims[3], to_claim=claims[9], relation="contradicts", decision="rejected"
    )
    by_score, by_claim = topic_reads.CONTRADICTIONS, topic_reads.CONTRADICTIONS_BY_CLAIM

    assert len(by_score.rows(key)) == 12  # 11 in the topic, one to another
    assert by_claim.rows(key) == by_score.rows(key)
    assert by_claim.rows(key, stop=5) == by_score.rows(key, stop=5)
    # The page reads by claim for a small topic, in score order for a large one: the same.
    monkeypatch.setattr(topic_page, "CONTRADICTION_LIMIT", 5)
    topic = TopicFactory(claim_count=12, open_contradictions=11)
    assert topic_reads.contradictions_of(topic, 5) is by_claim
    small = html_of(client.get("/topics/worker_count/KW/"))
    monkeypatch.setattr(topic_reads, "BY_CLAIM_UP_TO", 10)
    assert topic_reads.contradictions_of(topic, 5) is by_score
    assert html_of(client.get("/topics/worker_count/KW/")) == small
    assert small.count('class="versus"') == 5


def test_subject_keys_of_any_place_are_every_key_of_the_kind():
    from claims.topic_page import subject_keys

    sanctions = {"kind": "sanctions_clause", "measure": "", "value_low": None, "value_high": None}
    for place, key in (
        ("", "sanctions_clause.UNSCR-2397.repatriation"),
        ("", "sanctions_clause.UNSCR-2397.repatriation"),
        ("", "sanctions_clause.UNSCR-2371.cap_work_authorizations"),
        ("RU", "sanctions_clause.-.national_measure"),
        ("RU", "sanctions_clause.UNSCR-2397.repatriation"),
        ("KW", "sanctions_clause.-.national_measure"),
        ("KW", ""),
        ("QA", ""),
    ):
        ClaimFactory(place=place, subject_key=key, **sanctions)
    ClaimFactory()  # another kind

    assert subject_keys("sanctions_clause", None) == {
        "sanctions_clause.UNSCR-2397.repatriation",
        "sanctions_clause.UNSCR-2371.cap_work_authorizations",
        "sanctions_clause.-.national_measure",
    }
    assert subject_keys("sanctions_clause", "RU") == {
        "sanctions_clause.-.national_measure",
        "sanctions_clause.UNSCR-2397.repatriation",
    }
    assert subject_keys("remittance", None) == set()


def test_a_sanctions_subject_without_its_topic_is_listed_beside_the_stored_ones(client):
    sanctions = {"kind": "sanctions_clause", "measure": "", "value_low": None, "value_high": None}
    sanctions_topic(
        "UNSCR 2371", "cap_work_authorizations", label="UNSCR 2371 · cap on work authorizations"
    )
    ClaimFactory(
        instrument="UNSCR 2397",
        provision="repatriation",
        subject_key="sanctions_clause.UNSCR-2397.repatriation",
        place="RU",
        **sanctions,
    )

    page = html_of(client.get("/topics/sanctions_clause/-/", {"instrument": "UNSCR 2397"}))

    assert "<h1>UNSCR 2397 · repatriation of workers</h1>" in page
    assert "has not been computed yet" in page
    assert "UNSCR 2371 · cap on work authorizations" in page  # the stored one, in the tabs


def test_sanctions_tabs_go_by_instrument_and_provision_whatever_their_counts(client):
    for instrument, provision, count in (
        ("UNSCR 2375", "ban_new_work_authorizations", 9),
        ("UNSCR 2371", "cap_work_authorizations", 1),
        ("", "national_measure", 5),
    ):
        sanctions_topic(instrument, provision, claim_count=count)

    page = html_of(client.get("/topics/sanctions_clause/-/"))

    tabs = re.findall(r'<a href="/topics/sanctions_clause/-/\?key=([^"]+)"', page)
    assert tabs == [
        "sanctions_clause.UNSCR-2371.cap_work_authorizations",
        "sanctions_clause.UNSCR-2375.ban_new_work_authorizations",
        "sanctions_clause.-.national_measure",
    ]
