"""Topic summaries: the pure summary, labels, and topics_refresh writing them in bulk."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.linking import LinkFacts, corroboration, summarise_topic, topic_label
from claims.models import Topic
from claims.services import topics_refresh
from tests.claims.linking_facts import clause, fact, money
from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory, OutletFactory

KEY = "worker_count.stock.KW"


def supersedes(new, old, **kwargs) -> LinkFacts:
    return LinkFacts(
        id=new.id * 1000 + old.id, from_id=new.id, to_id=old.id, relation="supersedes", **kwargs
    )


# Labels.


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"kind": "worker_count", "measure": "stock", "place": "KW"}, "Workers present · Kuwait"),
        (
            {"kind": "remittance", "measure": "total", "place": "world", "unit": "USD"},
            "Total remittances · worldwide · USD",
        ),
        (
            {"kind": "remittance", "measure": "share", "place": "KW", "unit": "fraction"},
            "Share of pay taken · Kuwait",
        ),
        (
            {
                "kind": "sanctions_clause",
                "instrument": "UNSCR 2371",
                "provision": "cap_work_authorizations",
            },
            "UNSCR 2371 · cap on work authorizations",
        ),
        (
            {"kind": "worker_count", "measure": "repatriated", "place": "RU"},
            "Workers sent home · Russia",
        ),
        (
            {"kind": "worker_count", "measure": "stock", "place": "gulf"},
            "Workers present · the Gulf",
        ),
        ({"kind": "worker_count", "measure": "stock", "place": "VN"}, "Workers present · Vietnam"),
        (
            {"kind": "worker_count", "measure": "visas", "place": "PL"},
            "Visas or permits issued · Poland",
        ),
        (
            {"kind": "remittance", "measure": "per_worker", "unit": "EUR"},
            "Pay of one worker · place not stated · EUR",
        ),
    ],
)
def test_topic_labels(fields, label):
    assert topic_label(**fields) == label


# The pure summary.


def test_the_best_claim_is_the_latest_not_superseded_nor_rejected():
    old = fact(2500, as_of=date(2016, 1, 1), as_of_precision="year")
    mid = fact(6000, qualifier="approximately", as_of=date(2017, 8, 1))
    rejected = fact(9000, as_of=date(2018, 1, 1), review_status="rejected")
    superseded_later = fact(5000, as_of=date(2018, 3, 1))
    newest_overrides = fact(6100, as_of=date(2018, 2, 1))
    claims = [old, mid, rejected, superseded_later, newest_overrides]
    # A curator says the February figure replaces the March one.
    links = [supersedes(mid, old), supersedes(newest_overrides, superseded_later)]

    summary = summarise_topic(KEY, claims, links)

    assert summary.best_claim_id == newest_overrides.id
    assert summary.claim_count == 4
    assert (summary.spread_low, summary.spread_high) == (Decimal(2500), Decimal(6100))
    assert (summary.first_as_of, summary.last_as_of) == (date(2016, 1, 1), date(2018, 3, 1))
    assert summary.label == "Workers present · Kuwait"
    assert (summary.kind, summary.measure, summary.place, summary.unit) == (
        "worker_count",
        "stock",
        "KW",
        "workers",
    )


def test_a_rejected_supersedes_link_does_not_demote_a_claim():
    old, new = fact(2500, as_of=date(2018, 1, 1)), fact(6000, as_of=date(2017, 1, 1))
    summary = summarise_topic(KEY, [old, new], [supersedes(new, old, decision="rejected")])
    assert summary.best_claim_id == old.id


def test_ties_go_to_accepted_claims():
    a = fact(6000, review_status="accepted")
    b = fact(6100)
    assert summarise_topic(KEY, [a, b], []).best_claim_id == a.id


def test_a_month_or_year_figure_runs_to_the_end_of_its_period():
    undated = fact(2500, as_of=None, published=date(2017, 8, 10))
    august = fact(6064, as_of=date(2017, 8, 1), as_of_precision="month")
    assert summarise_topic(KEY, [undated, august], []).best_claim_id == august.id
    year = fact(6100, as_of=date(2017, 1, 1), as_of_precision="year")
    assert summarise_topic(KEY, [undated, august, year], []).best_claim_id == year.id
    december = fact(6100, as_of=date(2016, 12, 1), as_of_precision="month")
    assert summarise_topic(KEY, [undated, december], []).best_claim_id == undated.id


def test_undated_claims_use_their_publication_date():
    undated = fact(6000, as_of=None, published=date(2019, 5, 1))
    dated = fact(6100, as_of=date(2018, 1, 1))
    summary = summarise_topic(KEY, [undated, dated], [])
    assert summary.best_claim_id == undated.id
    assert summary.last_as_of == date(2019, 5, 1)


def test_independent_origins_count_origins_else_reports():
    claims = [
        fact(6000, origin_key="public authority of manpower"),
        fact(6064, origin_key="public authority for manpower"),
        fact(6100, origin_key="", outlet_key="gulf wire service"),
        fact(6100, origin_key="", wire_key="gulf-wire-service", outlet_key="evening record"),
        fact(6200, origin_key="", outlet_key="morning post"),
    ]
    assert summarise_topic(KEY, claims, []).independent_origins == 3


def test_open_contradictions_leave_out_rejected_links_and_dead_claims():
    a, b, c = fact(6000), fact(2500), fact(2600, orphaned=True)
    d = fact(100)
    links = [
        LinkFacts(id=1, from_id=a.id, to_id=b.id, relation="contradicts"),
        LinkFacts(id=2, from_id=a.id, to_id=c.id, relation="contradicts"),
        LinkFacts(id=3, from_id=a.id, to_id=d.id, relation="contradicts", decision="rejected"),
        LinkFacts(id=4, from_id=b.id, to_id=d.id, relation="contradicts", decision="confirmed"),
    ]
    assert summarise_topic(KEY, [a, b, c, d], links).open_contradictions == 2


def test_money_spread_is_in_the_best_claims_period():
    monthly = money(1000, measure="per_worker", period="month", as_of=date(2017, 8, 1))
    yearly = money(10800, 13200, measure="per_worker", qualifier="range", as_of=date(2016, 1, 1))
    one_off = money(150000, measure="per_worker", period="", as_of=date(2015, 1, 1))
    key = monthly.subject_key
    summary = summarise_topic(key, [monthly, yearly, one_off], [])
    assert summary.best_claim_id == monthly.id
    assert (summary.spread_low, summary.spread_high) == (Decimal(900), Decimal(1100))


def test_a_spread_converted_beyond_what_a_topic_stores_is_bounded():
    yearly = money(1000, measure="per_worker", period="year", as_of=date(2020, 1, 1))
    daily = money("9999999999999999", measure="per_worker", period="day", as_of=date(2017, 1, 1))
    negative = money(-1, "-1", measure="per_worker", period="day", as_of=date(2017, 1, 1))
    summary = summarise_topic(yearly.subject_key, [yearly, daily, negative], [])
    assert summary.best_claim_id == yearly.id
    limit = Decimal(10**15)
    assert (summary.spread_low, summary.spread_high) == (Decimal(-365), limit)
    huge_negative = money("-9999999999999999", measure="per_worker", period="day")
    summary = summarise_topic(yearly.subject_key, [yearly, huge_negative], [])
    assert (summary.spread_low, summary.spread_high) == (-limit, Decimal(1000))


def test_sanctions_topics_have_no_spread():
    a, b = clause(), clause()
    summary = summarise_topic(a.subject_key, [a, b], [])
    assert summary.label == "UNSCR 2371 · cap on work authorizations"
    assert (summary.spread_low, summary.spread_high, summary.claim_count) == (None, None, 2)


def test_a_key_without_live_claims_has_no_summary():
    assert summarise_topic(KEY, [fact(6000, review_status="rejected")], []) is None
    assert summarise_topic(KEY, [], []) is None


def test_corroboration_counts_independent_agreeing_sources_only():
    claim = fact(6000, origin_key="pam")
    same = fact(6000, origin_key="pam")
    ngo = fact(6100, origin_key="ngo")
    ngo_again = fact(6050, origin_key="ngo")
    un = fact(6050, origin_key="un")
    rejected = fact(6050, origin_key="rejecting")
    links = [
        LinkFacts(id=1, from_id=claim.id, to_id=same.id, relation="agrees"),
        LinkFacts(id=2, from_id=ngo.id, to_id=claim.id, relation="agrees"),
        LinkFacts(id=3, from_id=claim.id, to_id=ngo_again.id, relation="agrees"),
        LinkFacts(id=4, from_id=claim.id, to_id=un.id, relation="repeats"),
        LinkFacts(
            id=5, from_id=claim.id, to_id=rejected.id, relation="agrees", decision="rejected"
        ),
    ]
    assert corroboration(claim, [claim, same, ngo, ngo_again, un, rejected], links) == 1


# topics_refresh writes them.


@pytest.mark.django_db
def test_topics_refresh_creates_updates_and_deletes_topics():
    older = ClaimFactory(value_low=2500, value_high=2500, as_of=date(2016, 1, 1))
    newer = ClaimFactory(value_low=6000, value_high=6000, as_of=date(2017, 8, 1))
    ClaimLinkFactory(from_claim=newer, to_claim=older, relation="contradicts")

    assert topics_refresh(keys=[KEY, "", "worker_count.stock.QA"]) == 1
    topic = Topic.objects.get(key=KEY)
    assert topic.label == "Workers present · Kuwait"
    assert topic.best_claim == newer
    assert (topic.claim_count, topic.open_contradictions, topic.independent_origins) == (2, 1, 2)
    assert (topic.spread_low, topic.spread_high) == (2500, 6000)
    assert (topic.first_as_of, topic.last_as_of) == (date(2016, 1, 1), date(2017, 8, 1))

    newer.review_status = "rejected"
    newer.save()
    assert topics_refresh(keys=[KEY]) == 1
    topic.refresh_from_db()
    assert (topic.best_claim, topic.claim_count, topic.open_contradictions) == (older, 1, 0)

    older.orphaned = True
    older.save()
    assert topics_refresh(keys=[KEY]) == 0
    assert not Topic.objects.filter(key=KEY).exists()


@pytest.mark.django_db
def test_topics_refresh_query_count_does_not_grow_with_claims_or_keys():
    outlet = OutletFactory()

    def run(n: int, tag: str) -> int:
        keys = []
        for i in range(n):
            key = f"worker_count.stock.{tag}{i}"
            keys.append(key)
            claim = ClaimFactory(
                article=ArticleFactory(outlet=outlet), subject_key=key, place=f"{tag}{i}"[:8]
            )
            ClaimFactory(article=ArticleFactory(outlet=outlet), subject_key=key, value_low=6000)
            ClaimLinkFactory(from_claim=claim, to_claim=ClaimFactory(subject_key=key))
        with CaptureQueriesContext(connection) as first:
            topics_refresh(keys=keys)
        with CaptureQueriesContext(connection) as again:
            topics_refresh(keys=keys)
        assert Topic.objects.filter(key__in=keys).count() == n
        return len(first.captured_queries), len(again.captured_queries)

    assert run(2, "A") == run(20, "B")


@pytest.mark.django_db
def test_subject_keys_lists_a_kind_and_places_distinct_keys():
    from claims.topic_page import subject_keys

    for key in ("worker_count.stock.KW", "worker_count.stock.KW", "worker_count.visas.KW"):
        ClaimFactory(subject_key=key)
    ClaimFactory(subject_key="")
    ClaimFactory(place="QA", subject_key="worker_count.stock.QA")
    ClaimFactory(kind="remittance", subject_key="remittance.total.KW.USD")
    assert subject_keys("worker_count", "KW") == {"worker_count.stock.KW", "worker_count.visas.KW"}
    assert subject_keys("worker_count", "RU") == set()
