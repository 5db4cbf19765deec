"""Linking services: incremental updates, full recomputation, curators' decisions, query counts."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimLink, Topic
from claims.services import (
    claim_correct,
    claim_review,
    link_decide,
    links_recompute_all,
    links_update_for_article,
    links_update_for_claims,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    OriginFactory,
    OutletFactory,
)

pytestmark = pytest.mark.django_db

KEY = "worker_count.stock.KW"


def count_claim(value, *, article=None, origin=None, as_of=datetime.date(2017, 8, 1), **kwargs):
    """A Kuwait worker count in its own article, from its own origin unless given."""
    fields = {
        "value_low": Decimal(value),
        "value_high": Decimal(value),
        "qualifier": "exact",
        "as_of": as_of,
    } | kwargs
    return ClaimFactory(
        article=article or ArticleFactory(),
        origin=origin or OriginFactory(),
        **fields,
    )


def relations() -> dict[frozenset, str]:
    return {
        frozenset((link.from_claim_id, link.to_claim_id)): link.relation
        for link in ClaimLink.objects.all()
    }


def pair(a, b) -> frozenset:
    return frozenset((a.pk, b.pk))


def test_an_article_is_linked_with_claims_of_its_subject_keys_only():
    six = count_claim(6000)
    low = count_claim(2500)
    old = count_claim(2500, as_of=datetime.date(2015, 1, 1))
    elsewhere = count_claim(6000, place="QA", subject_key="worker_count.stock.QA")
    article = ArticleFactory()
    new = count_claim(6064, article=article)
    sibling = count_claim(6064, article=article)

    counts = links_update_for_article(article=article)

    found = relations()
    assert found == {
        pair(new, six): "agrees",
        pair(new, low): "contradicts",
        pair(new, old): "supersedes",
        pair(sibling, six): "agrees",
        pair(sibling, low): "contradicts",
        pair(sibling, old): "supersedes",
    }
    assert pair(new, elsewhere) not in found and pair(new, sibling) not in found
    assert counts["created"] == 6
    assert counts["topics"] == 1
    superseding = ClaimLink.objects.get(relation="supersedes", to_claim=old, from_claim=new)
    assert superseding.rationale.startswith("6,064, as of 2017-08, is later than 2,500")
    assert superseding.method == "auto" and superseding.decision == "suggested"
    assert superseding.history.count() == 1


def test_a_second_run_changes_nothing():
    count_claim(6000)
    article = ArticleFactory()
    count_claim(6064, article=article)
    links_update_for_article(article=article)
    before = list(ClaimLink.objects.values_list("pk", "relation", "updated"))

    counts = links_update_for_article(article=article)

    assert (counts["created"], counts["updated"], counts["deleted"], counts["unchanged"]) == (
        0,
        0,
        0,
        1,
    )
    assert list(ClaimLink.objects.values_list("pk", "relation", "updated")) == before


def test_one_origin_repeats_across_articles():
    pam = OriginFactory(name="Public Authority of Manpower", key="public authority of manpower")
    first = count_claim(6000, origin=pam, qualifier="approximately")
    second = count_claim(6064, origin=pam)
    links_update_for_claims(claims=[second])
    assert relations() == {pair(first, second): "repeats"}


def test_a_relayed_wire_report_repeats():
    wire = OutletFactory(name="Gulf Wire Service")
    own = count_claim(6120, article=ArticleFactory(outlet=wire), origin=None)
    own.origin = None
    own.save()
    relay = ArticleFactory(wire="gulf-wire-service")
    relayed = count_claim(6120, article=relay)
    links_update_for_article(article=relay)
    assert relations() == {pair(own, relayed): "repeats"}


@pytest.mark.parametrize("entry", ["article", "claims"])
def test_query_count_does_not_depend_on_corpus_size(entry, settings):
    # Room for every pair, so the links too are counted exactly.
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": 48}

    def run(n: int, tag: str) -> int:
        # n claims of the new article's key and n of other keys already stored.
        for i in range(n):
            count_claim(6000 + i, subject_key=f"{KEY}{tag}")
            count_claim(100, subject_key=f"worker_count.stock.X{tag}{i}")
        article = ArticleFactory()
        new = [count_claim(6050, article=article, subject_key=f"{KEY}{tag}") for _ in range(2)]
        with CaptureQueriesContext(connection) as ctx:
            if entry == "article":
                counts = links_update_for_article(article=article)
            else:
                counts = links_update_for_claims(claims=new)
        assert counts["created"] == 2 * n
        return len(ctx.captured_queries)

    assert run(2, "a") == run(20, "b")


def test_query_count_of_an_update_with_every_kind_of_write_is_constant(settings):
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": 48}

    def run(n: int, tag: str) -> int:
        key = f"{KEY}{tag}"
        article = ArticleFactory()
        new = count_claim(6050, article=article, subject_key=key)
        for i in range(n):
            agreeing = count_claim(6000 + i, subject_key=key)
            stale = count_claim(100 + i, subject_key=f"other{tag}")
            ClaimLinkFactory(from_claim=new, to_claim=agreeing, relation="contradicts")
            ClaimLinkFactory(from_claim=new, to_claim=stale)
            count_claim(6000, subject_key=key)
        with CaptureQueriesContext(connection) as ctx:
            counts = links_update_for_article(article=article)
        assert (counts["created"], counts["updated"], counts["deleted"]) == (n, n, n)
        return len(ctx.captured_queries)

    assert run(2, "a") == run(20, "b")


def test_curators_decisions_survive_updates_and_a_full_recompute(curator):
    six = count_claim(6000)
    low = count_claim(2500)
    other = count_claim(6050)
    far = count_claim(100, place="QA", subject_key="worker_count.stock.QA")
    article = ArticleFactory()
    new = count_claim(6064, article=article)
    links_update_for_article(article=article)
    agree = ClaimLink.objects.get(from_claim__in=[new, six], to_claim__in=[new, six])
    contra = ClaimLink.objects.get(from_claim__in=[new, low], to_claim__in=[new, low])
    link_decide(links=agree, decision="rejected", user=curator)
    link_decide(links=contra, decision="confirmed", user=curator)
    # A curator also confirms an automatic link the rules would now word differently.
    manual = ClaimLinkFactory(
        from_claim=new, to_claim=far, relation="agrees", method="manual", decision="confirmed"
    )
    confirmed_other = ClaimLink.objects.get(from_claim__in=[new, other], to_claim__in=[new, other])
    ClaimLink.objects.filter(pk=confirmed_other.pk).update(relation="supersedes", rationale="x")
    link_decide(links=ClaimLink.objects.get(pk=confirmed_other.pk), decision="confirmed", user=None)

    def curated():
        return list(
            ClaimLink.objects.exclude(decision="suggested")
            .order_by("pk")
            .values_list("pk", "from_claim", "to_claim", "relation", "rationale", "decision")
        )

    snapshot = curated()
    assert len(snapshot) == 4

    links_update_for_article(article=article)
    links_update_for_claims(claims=[six, low, other, far, new])
    counts = links_recompute_all()

    assert curated() == snapshot
    assert counts["curated"] == 4
    assert ClaimLink.objects.filter(pk=manual.pk, method="manual").exists()
    # No second link for a decided pair, in either direction.
    assert ClaimLink.objects.filter(from_claim__in=[new, six], to_claim__in=[new, six]).count() == 1


def test_rejected_and_orphaned_claims_lose_suggested_links_but_keep_decided_ones(curator):
    a, b, c = count_claim(6000), count_claim(6010), count_claim(6020)
    links_update_for_claims(claims=[a, b, c])
    assert len(relations()) == 3
    decided = ClaimLink.objects.get(from_claim__in=[a, b], to_claim__in=[a, b])
    link_decide(links=decided, decision="confirmed", user=curator)

    a.review_status = "rejected"
    a.save()
    c.orphaned = True
    c.save()
    counts = links_update_for_claims(claims=[a, c])

    assert counts["deleted"] == 2
    assert relations() == {pair(a, b): "agrees"}
    topic = Topic.objects.get(key=KEY)
    assert (topic.claim_count, topic.best_claim_id) == (1, b.pk)


def test_a_claim_whose_key_changed_loses_its_old_links_and_old_topic_is_refreshed():
    a, b = count_claim(6000), count_claim(6010)
    links_update_for_claims(claims=[a, b])
    assert Topic.objects.get(key=KEY).claim_count == 2
    b.place, b.subject_key = "QA", "worker_count.stock.QA"
    b.save()

    links_update_for_claims(claims=[b])

    assert relations() == {}
    assert Topic.objects.get(key=KEY).claim_count == 1
    assert Topic.objects.get(key="worker_count.stock.QA").claim_count == 1


def test_rejecting_a_claim_drops_its_suggested_links_and_accepting_restores_them(curator):
    a, b, c = count_claim(6000), count_claim(6010), count_claim(9000)
    links_update_for_claims(claims=[a, b, c])
    decided = ClaimLink.objects.get(from_claim__in=[a, c], to_claim__in=[a, c])
    link_decide(links=decided, decision="confirmed", user=curator)
    topic = Topic.objects.get(key=KEY)
    assert (topic.claim_count, topic.independent_origins, topic.open_contradictions) == (3, 3, 2)

    claim_review(claims=c, status="rejected", user=curator)

    # A rejected claim disputes nothing; the curator's confirmed link stays as decided.
    assert relations() == {pair(a, b): "agrees", pair(a, c): "contradicts"}
    assert ClaimLink.objects.get(pk=decided.pk).decision == "confirmed"
    topic.refresh_from_db()
    assert (topic.claim_count, topic.independent_origins, topic.open_contradictions) == (2, 2, 0)

    claim_review(claims=[b, c], status="rejected", user=curator)
    assert relations() == {pair(a, c): "contradicts"}
    claim_review(claims=[b, c], status="accepted", user=curator)

    assert relations() == {
        pair(a, b): "agrees",
        pair(a, c): "contradicts",
        pair(b, c): "contradicts",
    }
    topic.refresh_from_db()
    assert (topic.claim_count, topic.independent_origins, topic.open_contradictions) == (3, 3, 2)


def test_a_review_that_changes_nothing_writes_nothing(curator):
    a, b = count_claim(6000, review_status="accepted"), count_claim(6010)
    links_update_for_claims(claims=[a, b])
    with CaptureQueriesContext(connection) as ctx:
        assert claim_review(claims=[a], status="accepted", user=curator) == 0
    assert [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]] == []


def test_correcting_the_place_moves_a_claim_to_its_new_topic(curator):
    alone = count_claim(6000)
    links_update_for_claims(claims=[alone])
    qatar = count_claim(6010, place="QA", subject_key="worker_count.stock.QA")
    links_update_for_claims(claims=[qatar])

    claim_correct(claim=alone, changes={"place": "QA"}, user=curator)

    alone.refresh_from_db()
    assert (alone.subject_key, alone.review_status) == ("worker_count.stock.QA", "accepted")
    assert relations() == {pair(alone, qatar): "agrees"}
    # The Kuwait topic had no link to lose: it is refreshed all the same.
    assert not Topic.objects.filter(key=KEY).exists()
    assert Topic.objects.get(key="worker_count.stock.QA").claim_count == 2


def test_correcting_measure_or_currency_changes_the_subject_key(curator):
    pay = count_claim(
        500, kind="remittance", measure="per_worker", unit="USD", period="month", place="world"
    )
    claim_correct(claim=pay, changes={"unit": "EUR", "measure": "total"}, user=curator)
    assert Claim.objects.get(pk=pay.pk).subject_key == "remittance.total.world.EUR"
    assert Topic.objects.filter(key="remittance.total.world.EUR").exists()


def test_correcting_a_value_or_period_relinks_the_claim(curator):
    a, b = count_claim(6000), count_claim(6010)
    links_update_for_claims(claims=[a, b])

    claim_correct(
        claim=b, changes={"value_low": Decimal(9000), "value_high": Decimal(9000)}, user=curator
    )

    assert relations() == {pair(a, b): "contradicts"}
    assert Topic.objects.get(key=KEY).open_contradictions == 1

    money = {"kind": "remittance", "measure": "per_worker", "unit": "USD", "place": "world"}
    key = "remittance.per_worker.world.USD"
    yearly = count_claim(12000, period="year", subject_key=key, **money)
    monthly = count_claim(12000, period="year", subject_key=key, **money)
    links_update_for_claims(claims=[yearly, monthly])
    assert relations()[pair(yearly, monthly)] == "agrees"
    claim_correct(claim=monthly, changes={"period": "month"}, user=curator)
    assert relations()[pair(yearly, monthly)] == "contradicts"
    claim_correct(
        claim=monthly,
        changes={"value_low": Decimal(1000), "value_high": Decimal(1000)},
        user=curator,
    )
    assert relations()[pair(yearly, monthly)] == "agrees"


def test_correcting_the_attribution_moves_the_origin_and_independence(curator):
    pam = OriginFactory(name="Public Authority of Manpower", key="public authority of manpower")
    first = count_claim(6000, origin=pam, attributed_to="Public Authority of Manpower")
    other = OriginFactory(name="Officials", key="officials")
    second = count_claim(6010, origin=other, attributed_to="officials")
    chosen = count_claim(6020, origin=OriginFactory(name="Someone"), attributed_to="a diplomat")
    links_update_for_claims(claims=[first, second, chosen])
    assert relations()[pair(first, second)] == "agrees"

    claim_correct(
        claim=second, changes={"attributed_to": "the Public Authority for Manpower"}, user=curator
    )
    # An origin the curator chose, not the one its attribution names, stays.
    claim_correct(claim=chosen, changes={"attributed_to": "a Qatari diplomat"}, user=curator)

    second.refresh_from_db()
    # A spelling variant of a stored origin's name joins it.
    assert second.origin == pam
    assert relations()[pair(first, second)] == "repeats"
    assert Claim.objects.get(pk=chosen.pk).origin.name == "Someone"
    assert Topic.objects.get(key=KEY).independent_origins == 2


@pytest.mark.parametrize("value", [Decimal(10**13 + 1), Decimal(-1)])
def test_a_corrected_figure_out_of_bounds_is_refused(curator, value):
    claim = count_claim(6000)
    with pytest.raises(ValueError, match="value_high must lie between 0 and 10,000,000,000,000"):
        claim_correct(claim=claim, changes={"value_high": value}, user=curator)
    assert Claim.objects.get(pk=claim.pk).value_high == Decimal(6000)


def test_a_topic_spread_converted_beyond_its_field_is_stored_at_the_bound():
    key = "remittance.per_worker.world.USD"
    money = {"kind": "remittance", "measure": "per_worker", "unit": "USD", "place": "world"}
    best = count_claim(
        1000, period="year", as_of=datetime.date(2020, 1, 1), subject_key=key, **money
    )
    # A day's pay of 10^16 - 1 (storable in a claim) is 365 times that a year.
    daily = count_claim("9999999999999999", period="day", subject_key=key, **money)

    links_update_for_claims(claims=[best, daily])

    topic = Topic.objects.get(key=key)
    assert (topic.spread_low, topic.spread_high) == (
        Decimal(1000),
        Decimal(10**15),
    )


def test_recompute_all_brings_links_and_topics_in_line(settings):
    a, b = count_claim(6000), count_claim(6500)
    keyless = count_claim(6000, subject_key="")
    links_update_for_claims(claims=[a, b])
    assert relations() == {pair(a, b): "agrees"}
    # Links and topics left by older rules.
    stale = ClaimLinkFactory(from_claim=keyless, to_claim=a, relation="agrees")
    Topic.objects.create(key="worker_count.stock.XX", kind="worker_count", label="gone")

    settings.KBASE = {**settings.KBASE, "LINK_TOLERANCE": 0.05}
    progress = []
    counts = links_recompute_all(batch_keys=1, progress=lambda done, total: progress.append(done))

    assert relations() == {pair(a, b): "contradicts"}
    assert not ClaimLink.objects.filter(pk=stale.pk).exists()
    assert not Topic.objects.filter(key="worker_count.stock.XX").exists()
    assert Topic.objects.get(key=KEY).open_contradictions == 1
    assert counts["updated"] == 1 and counts["deleted"] == 1 and counts["keys"] == 1
    assert progress == [1]
    link = ClaimLink.objects.get()
    assert [h.history_type for h in link.history.order_by("history_id")] == ["+", "~"]


def test_recompute_all_creates_the_links_a_new_rule_finds():
    a, b, c = count_claim(6000), count_claim(6010), count_claim(9000)
    counts = links_recompute_all()
    assert counts["created"] == 3
    assert relations() == {
        pair(a, b): "agrees",
        pair(a, c): "contradicts",
        pair(b, c): "contradicts",
    }
    assert links_recompute_all()["created"] == 0


def test_recompute_links_command_reports_progress():
    count_claim(6000), count_claim(6010)
    out = StringIO()
    call_command("recompute_links", "--batch-keys", "1", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "1 subject keys" in text
    assert "created 1" in text
    assert ClaimLink.objects.count() == 1


def test_benchmark_command_runs_and_leaves_nothing_behind():
    from sources.models import Article

    out = StringIO()
    call_command(
        "benchmark_linking",
        "--sizes",
        "40,80",
        "--per-key",
        "10",
        "--repeat",
        "1",
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    assert "ratio largest/smallest" in text
    assert "queries constant" in text
    assert Claim.objects.count() == Article.objects.count() == ClaimLink.objects.count() == 0
