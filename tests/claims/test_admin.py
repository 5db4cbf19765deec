"""The curators' admin for claims, links and topics: review queue, actions, history, restore."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.utils import timezone

from claims.admin import claims as claim_admin
from claims.admin.display import quote_in_context
from claims.models import Claim, ClaimLink, Topic
from tests.admin_helpers import (
    admin_client,
    assert_constant_queries,
    messages_of,
    run_action,
    url,
    use_plain_static,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    OriginFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
TEXT = "Kuwait hosts about 6,000 North Korean workers, officials said."
QUOTE_START = 13


@pytest.fixture(autouse=True)
def _static(settings):
    use_plain_static(settings)


def anchored_claim(**kwargs) -> Claim:
    article = kwargs.pop("article", None) or ArticleFactory(text=TEXT)
    return ClaimFactory(article=article, start=QUOTE_START, **kwargs)


# -- lists: the same number of queries for 2 rows as for 20 --


def test_claim_changelist_queries_do_not_grow_with_rows(curator):
    assert_constant_queries(
        admin_client(curator), url("claims_claim_changelist"), ClaimFactory.create_batch
    )


def test_review_queue_queries_do_not_grow_with_rows(curator):
    assert_constant_queries(
        admin_client(curator),
        url("claims_claim_review"),
        lambda n: ClaimFactory.create_batch(n, review_status="proposed"),
    )


def test_link_changelist_queries_do_not_grow_with_rows(curator):
    assert_constant_queries(
        admin_client(curator),
        url("claims_claimlink_changelist"),
        lambda n: ClaimLinkFactory.create_batch(n, decided_by=curator),
    )


def test_topic_changelist_queries_do_not_grow_with_rows(curator):
    def make(n):
        for _ in range(n):
            claim = ClaimFactory()
            TopicFactory(key=f"worker_count.stock.{claim.pk}", best_claim=claim)

    assert_constant_queries(admin_client(curator), url("claims_topic_changelist"), make)


def test_deleted_claims_list_queries_do_not_grow_with_rows(curator):
    def make(n):
        Claim.objects.filter(pk__in=[c.pk for c in ClaimFactory.create_batch(n)]).delete()

    assert_constant_queries(admin_client(curator), url("claims_claim_deleted"), make)


def test_claim_filters_and_search_answer(curator):
    ClaimFactory(quote="about 6,000 North Korean workers")
    client = admin_client(curator)
    changelist = url("claims_claim_changelist")
    for query in (
        {"q": "6,000"},
        {"place": "KW"},
        {"contradicted": "yes"},
        {"suggested_links": "yes"},
        {"review_status__exact": "proposed"},
        {"as_of__year": 2017},
    ):
        assert client.get(changelist, query).status_code == 200, query


# -- the quote in context --


def test_quote_in_context_is_escaped_and_marked():
    text = "<script>alert(1)</script> said: about 6,000 <b>workers</b> & more."
    start = text.index("about")
    claim = ClaimFactory.build(quote="about 6,000 <b>workers</b>", start=start)
    claim.end = start + len(claim.quote)

    html = str(quote_in_context(claim, text))

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; said: " in html
    assert "<mark>about 6,000 &lt;b&gt;workers&lt;/b&gt;</mark> &amp; more." in html


def test_quote_in_context_falls_back_to_the_stored_context_when_the_text_moved():
    claim = ClaimFactory.build(quote="6,000", start=0, end=5, prefix="<i>about ", suffix=" workers")

    html = str(quote_in_context(claim, "a changed text"))

    assert "&lt;i&gt;about <mark>6,000</mark> workers" in html
    assert "not at its offsets" in html


def test_claim_page_shows_the_quote_in_its_article(curator):
    claim = anchored_claim()

    html = admin_client(curator).get(url("claims_claim_change", claim.pk)).content.decode()

    assert "Kuwait hosts <mark>about 6,000 North Korean workers</mark>, officials said." in html


# -- the review queue --


def test_review_queue_lists_proposed_claims_oldest_first(curator):
    newer = ClaimFactory(review_status="proposed")
    older = ClaimFactory(review_status="proposed")
    Claim.objects.filter(pk=older.pk).update(created=timezone.now() - datetime.timedelta(days=3))
    accepted = ClaimFactory(review_status="accepted")

    response = admin_client(curator).get(url("claims_claim_review"))

    shown = [c.pk for c in response.context["cl"].result_list]
    assert shown == [older.pk, newer.pk]
    assert accepted.pk not in shown
    assert "Review queue" in response.content.decode()
    assert "<mark>" in response.content.decode()


def test_claim_list_links_to_the_review_queue_with_its_size(curator):
    ClaimFactory.create_batch(3, review_status="proposed")
    html = admin_client(curator).get(url("claims_claim_changelist")).content.decode()
    assert url("claims_claim_review") in html
    assert "Review queue (3)" in html


def test_accepting_from_the_queue_records_reviewer_and_time_and_stays_in_the_queue(curator):
    chosen = ClaimFactory.create_batch(2, review_status="proposed")
    left = ClaimFactory(review_status="proposed")
    client = admin_client(curator)

    response = run_action(client, url("claims_claim_review"), "accept", chosen)

    assert response.status_code == 302
    assert response.url == url("claims_claim_review")
    for claim in chosen:
        claim.refresh_from_db()
        assert claim.review_status == "accepted"
        assert claim.reviewed_by == curator
        assert claim.reviewed_at is not None
        assert claim.history.latest().history_user == curator
    assert Claim.objects.get(pk=left.pk).review_status == "proposed"
    assert "Accepted 2 claims." in messages_of(client.get(response.url))


def test_rejecting_counts_only_the_claims_that_changed(curator):
    already = ClaimFactory(review_status="rejected")
    fresh = ClaimFactory(review_status="proposed")
    client = admin_client(curator)

    response = run_action(client, url("claims_claim_changelist"), "reject", [already, fresh])

    assert "Rejected 1 claim." in messages_of(client.get(response.url))
    assert Claim.objects.get(pk=fresh.pk).review_status == "rejected"


def test_a_claim_can_be_accepted_from_its_own_page(curator):
    claim = ClaimFactory(review_status="proposed")
    change = url("claims_claim_change", claim.pk)

    response = admin_client(curator).post(
        change, {"CHANGE_FORM-action": "accept", helpers.ACTION_CHECKBOX_NAME: [str(claim.pk)]}
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by) == ("accepted", curator)


def test_correcting_a_claim_accepts_it_and_recomputes_its_links(curator, monkeypatch):
    relinked = []
    monkeypatch.setattr(
        "claims.services.linking.links_update_for_claims",
        lambda *, claims: relinked.append([c.pk for c in claims]) or {},
    )
    claim = anchored_claim(review_status="proposed")
    data = {
        "review_status": "proposed",
        "measure": "stock",
        "value_low": "6000",
        "value_high": "6500",
        "qualifier": "range",
        "unit": "workers",
        "period": "",
        "place": "KW",
        "as_of": "2017-08-01",
        "as_of_precision": "month",
        "instrument": "",
        "provision": "",
        "attributed_to": "",
        "origin": claim.origin_id,
    }

    response = admin_client(curator).post(url("claims_claim_change", claim.pk), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.value_high == Decimal(6500)
    assert (claim.review_status, claim.reviewed_by) == ("accepted", curator)
    assert relinked == [[claim.pk]]
    last = claim.history.latest()
    assert last.history_change_reason == "correction"
    assert last.history_user == curator


def test_a_correction_beyond_the_storable_figures_is_a_form_error(curator):
    claim = anchored_claim(review_status="proposed")
    data = {
        "review_status": "proposed",
        "measure": "stock",
        "value_low": "6000",
        "value_high": "99999999999999",
        "qualifier": "range",
        "unit": "workers",
        "place": "KW",
        "as_of": "2017-08-01",
        "as_of_precision": "month",
        "origin": claim.origin_id,
    }

    response = admin_client(curator).post(url("claims_claim_change", claim.pk), data)

    assert response.status_code == 200
    assert "less than or equal to 10000000000000" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.value_high, claim.review_status) == (Decimal(6000), "proposed")


def test_changing_only_the_status_on_the_form_is_a_review(curator):
    claim = anchored_claim(review_status="proposed")
    data = {
        "review_status": "rejected",
        "measure": claim.measure,
        "value_low": "6000",
        "value_high": "6000",
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "place": claim.place,
        "as_of": "2017-08-01",
        "as_of_precision": "month",
        "origin": claim.origin_id,
    }

    admin_client(curator).post(url("claims_claim_change", claim.pk), data)

    claim.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by) == ("rejected", curator)
    assert claim.history.latest().history_change_reason == "review: rejected"


def test_claims_are_not_added_by_hand(curator):
    assert admin_client(curator).get(url("claims_claim_add")).status_code == 403


def test_recompute_links_action_links_the_selected_claims(curator):
    a = ClaimFactory(origin=OriginFactory())
    b = ClaimFactory(origin=OriginFactory())
    client = admin_client(curator)

    response = run_action(client, url("claims_claim_changelist"), "recompute_links", [a, b])

    link = ClaimLink.objects.get()
    assert {link.from_claim_id, link.to_claim_id} == {a.pk, b.pk}
    assert link.relation == "agrees"
    shown = messages_of(client.get(response.url))
    assert any(m.startswith("Recomputed the links of 2 claims") for m in shown)


def test_recompute_links_action_calls_the_linking_service(curator, monkeypatch):
    seen = []
    monkeypatch.setattr(
        claim_admin,
        "links_update_for_claims",
        lambda *, claims: seen.append(sorted(c.pk for c in claims)) or {"created": 3},
    )
    claims = ClaimFactory.create_batch(2)

    run_action(admin_client(curator), url("claims_claim_changelist"), "recompute_links", claims)

    assert seen == [sorted(c.pk for c in claims)]


# -- links --


def test_confirming_and_rejecting_suggested_links_records_the_decision(curator):
    confirm = ClaimLinkFactory.create_batch(2)
    reject = ClaimLinkFactory()
    client = admin_client(curator)
    changelist = url("claims_claimlink_changelist")

    first = run_action(client, changelist, "confirm", confirm)
    run_action(client, changelist, "reject", [reject])

    for link in confirm:
        link.refresh_from_db()
        assert (link.decision, link.decided_by) == ("confirmed", curator)
        assert link.decided_at is not None
        assert link.history.latest().history_user == curator
    reject.refresh_from_db()
    assert reject.decision == "rejected"
    assert "Confirmed 2 links." in messages_of(client.get(first.url))


def test_a_link_decision_changed_on_its_page_goes_through_link_decide(curator):
    link = ClaimLinkFactory()
    data = {"relation": link.relation, "rationale": link.rationale, "decision": "rejected"}

    response = admin_client(curator).post(url("claims_claimlink_change", link.pk), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert (link.decision, link.decided_by, link.method) == ("rejected", curator, "auto")
    assert link.history.latest().history_change_reason == "decision: rejected"


def test_changing_a_link_relation_makes_it_a_confirmed_manual_link(curator):
    link = ClaimLinkFactory()
    pair = {link.from_claim_id, link.to_claim_id}
    data = {
        "relation": "contradicts",
        "rationale": "read both: they differ",
        "decision": "suggested",
    }

    response = admin_client(curator).post(url("claims_claimlink_change", link.pk), data)

    manual = ClaimLink.objects.get()
    assert {manual.from_claim_id, manual.to_claim_id} == pair
    assert (manual.relation, manual.method, manual.decision) == (
        "contradicts",
        "manual",
        "confirmed",
    )
    assert manual.decided_by == curator
    assert response.url == url("claims_claimlink_changelist")


def test_a_link_added_by_hand_is_manual_and_confirmed(curator):
    a, b = ClaimFactory(), ClaimFactory()
    data = {"from_claim": a.pk, "to_claim": b.pk, "relation": "supersedes", "rationale": "newer"}

    response = admin_client(curator).post(url("claims_claimlink_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    link = ClaimLink.objects.get()
    assert (link.relation, link.method, link.decision, link.decided_by) == (
        "supersedes",
        "manual",
        "confirmed",
        curator,
    )


def test_a_claim_cannot_be_linked_to_itself(curator):
    claim = ClaimFactory()
    data = {"from_claim": claim.pk, "to_claim": claim.pk, "relation": "agrees", "rationale": "x"}

    response = admin_client(curator).post(url("claims_claimlink_add"), data)

    assert response.status_code == 200
    assert "A claim cannot be linked to itself." in response.content.decode()
    assert not ClaimLink.objects.exists()


# -- topics --


def test_topics_are_read_only_but_can_be_refreshed(curator):
    claim = ClaimFactory(subject_key="worker_count.stock.KW")
    topic = TopicFactory(claim_count=99)
    client = admin_client(curator)

    page = client.get(url("claims_topic_change", topic.pk)).content.decode()
    assert 'name="_save"' not in page
    run_action(client, url("claims_topic_changelist"), "refresh", [topic])

    topic.refresh_from_db()
    assert topic.claim_count == 1
    assert topic.best_claim_id == claim.pk


# -- history and restore --


def test_claim_history_shows_the_review_with_who_and_the_change(curator):
    claim = ClaimFactory(review_status="proposed")
    client = admin_client(curator)
    run_action(client, url("claims_claim_changelist"), "accept", [claim])

    html = client.get(url("claims_claim_history", claim.pk)).content.decode()

    assert "review: accepted" in html
    assert "proposed" in html and "accepted" in html
    assert str(curator) in html


def test_a_deleted_claim_is_restored_with_its_links(curator):
    claim = anchored_claim(review_status="accepted", reviewed_by=curator)
    other = ClaimFactory()
    link = ClaimLinkFactory(from_claim=claim, to_claim=other, decision="confirmed")
    client = admin_client(curator)
    client.post(url("claims_claim_delete", claim.pk), {"post": "yes"})
    assert not ClaimLink.objects.exists()

    assert (
        url("claims_claim_restore", claim.pk)
        in client.get(url("claims_claim_deleted")).content.decode()
    )
    response = client.post(url("claims_claim_restore", claim.pk))

    assert response.status_code == 302
    back = Claim.objects.get(pk=claim.pk)
    assert (back.quote, back.start, back.review_status, back.reviewed_by) == (
        claim.quote,
        QUOTE_START,
        "accepted",
        curator,
    )
    restored = ClaimLink.objects.get(pk=link.pk)
    assert (restored.decision, restored.from_claim_id) == ("confirmed", claim.pk)


def test_a_claim_of_a_deleted_article_waits_for_the_article(curator):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).delete()
    claim.article.delete()

    page = admin_client(curator).get(url("claims_claim_restore", claim.pk)).content.decode()

    assert "restore the article first" in page
    assert 'value="Restore"' not in page


def test_a_deleted_link_is_restored(curator):
    link = ClaimLinkFactory(decision="rejected", decided_by=curator)
    client = admin_client(curator)
    client.post(url("claims_claimlink_delete", link.pk), {"post": "yes"})

    client.post(url("claims_claimlink_restore", link.pk))

    assert ClaimLink.objects.get(pk=link.pk).decision == "rejected"


# -- who may do what --


def test_an_analyst_can_read_claims_and_the_queue_but_not_review(analyst):
    claim = ClaimFactory(review_status="proposed")
    link = ClaimLinkFactory()
    client = admin_client(analyst)

    assert client.get(url("claims_claim_review")).status_code == 200
    assert client.get(url("claims_claimlink_changelist")).status_code == 200
    assert client.get(url("claims_topic_changelist")).status_code == 200
    page = client.get(url("claims_claim_change", claim.pk)).content.decode()
    assert "<mark>" in page and 'name="_save"' not in page
    run_action(client, url("claims_claim_changelist"), "accept", [claim])
    run_action(client, url("claims_claimlink_changelist"), "confirm", [link])
    denied = client.post(url("claims_claim_change", claim.pk), {"review_status": "accepted"})

    assert denied.status_code == 403
    assert Claim.objects.get(pk=claim.pk).review_status == "proposed"
    assert ClaimLink.objects.get(pk=link.pk).decision == "suggested"
    assert not Topic.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_queue():
    response = admin_client().get(url("claims_claim_review"))
    assert response.status_code == 302
    assert response.url.startswith(url("login"))
