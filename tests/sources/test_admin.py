"""The curators' admin for outlets, origins, articles and merges."""

import pytest
from django.contrib.admin import helpers

from claims.models import Claim, ClaimLink
from sources.admin import articles as article_admin
from sources.merging import outlets_merge
from sources.models import Article, Merge, Origin, Outlet
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
    OutletFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _static(settings):
    use_plain_static(settings)


# -- lists: the same number of queries for 2 rows as for 20 --


def test_outlet_changelist_queries_do_not_grow_with_rows(curator):
    def make(n):
        for outlet in OutletFactory.create_batch(n):
            ArticleFactory(outlet=outlet)

    assert_constant_queries(admin_client(curator), url("sources_outlet_changelist"), make)


def test_origin_changelist_queries_do_not_grow_with_rows(curator):
    def make(n):
        for origin in OriginFactory.create_batch(n):
            ClaimFactory(origin=origin)

    assert_constant_queries(admin_client(curator), url("sources_origin_changelist"), make)


def test_article_changelist_queries_do_not_grow_with_rows(curator):
    def make(n):
        for article in ArticleFactory.create_batch(n):
            ClaimFactory(article=article)

    assert_constant_queries(admin_client(curator), url("sources_article_changelist"), make)


def test_merge_changelist_queries_do_not_grow_with_rows(curator):
    def make(n):
        for _ in range(n):
            outlets_merge(survivor=OutletFactory(), others=[OutletFactory()], user=curator)

    assert_constant_queries(admin_client(curator), url("sources_merge_changelist"), make)


def test_deleted_articles_list_queries_do_not_grow_with_rows(curator):
    def make(n):
        Article.objects.filter(pk__in=[a.pk for a in ArticleFactory.create_batch(n)]).delete()

    assert_constant_queries(admin_client(curator), url("sources_article_deleted"), make)


def test_article_change_page_queries_do_not_grow_with_its_claims(curator):
    article = ArticleFactory()
    page = url("sources_article_change", article.pk)
    assert_constant_queries(
        admin_client(curator), page, lambda n: ClaimFactory.create_batch(n, article=article)
    )


# -- articles --


def test_article_page_lists_its_claims_read_only_with_links(curator):
    article = ArticleFactory(text="Intro. Kuwait hosts about 6,000 North Korean workers, it said.")
    claim = ClaimFactory(article=article, start=20, review_status="proposed")

    response = admin_client(curator).get(url("sources_article_change", article.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert url("claims_claim_change", claim.pk) in html
    assert "about 6,000 workers" in html
    assert "about 6,000 North Korean workers" in html
    assert "proposed" in html
    assert 'name="claims-0-review_status"' not in html  # read-only: no form fields


def test_article_search_and_filters_answer(curator):
    ArticleFactory(title="Workers in Kuwait", wire="ap-2017-08-10")
    ArticleFactory(title="Something else")
    client = admin_client(curator)
    changelist = url("sources_article_changelist")

    found = client.get(changelist, {"q": "kuwait"})
    assert "Workers in Kuwait" in found.content.decode()
    assert "Something else" not in found.content.decode()
    relays = client.get(changelist, {"relays": "yes"})
    assert "Workers in Kuwait" in relays.content.decode()
    assert "Something else" not in relays.content.decode()
    for query in ({"to_review": "yes"}, {"outlet__kind__exact": "wire"}, {"published__year": 2017}):
        assert client.get(changelist, query).status_code == 200


def test_rerun_extraction_action_analyses_each_selected_article(curator, monkeypatch):
    seen = []

    def analyse(*, article):
        seen.append(article.pk)
        return {"claims": {"created": 2, "removed": 1}, "links": {"created": 1}}

    monkeypatch.setattr(article_admin, "article_analyse", analyse)
    chosen = ArticleFactory.create_batch(2)
    ArticleFactory()

    client = admin_client(curator)
    response = run_action(client, url("sources_article_changelist"), "reextract", chosen)

    assert response.status_code == 302
    assert sorted(seen) == sorted(a.pk for a in chosen)
    response = client.get(response.url)
    message = messages_of(response)
    assert any("Extracted and linked 2 articles: 4 created, 2 removed" in m for m in message)


def test_adding_an_article_goes_through_the_ingest(curator, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "sources.services.claims_extract",
        lambda *, article, **kwargs: calls.append(article.pk) or {"created": 0},
    )
    outlet = OutletFactory()
    data = {
        "title": "  A   new article ",
        "outlet": outlet.pk,
        "url": "https://example.org/new",
        "published": "2019-05-01",
        "published_precision": "day",
        "language": "en",
        "wire": "AP 2019 05 01",
        "text": "Line one.\r\nQatar hosts 2,800 North Korean workers.",
        "claims-TOTAL_FORMS": 0,
        "claims-INITIAL_FORMS": 0,
        "_save": "Save",
    }

    response = admin_client(curator).post(url("sources_article_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(url="https://example.org/new")
    assert article.title == "A new article"
    assert article.text == "Line one.\nQatar hosts 2,800 North Korean workers."
    assert article.wire == "ap-2019-05-01"
    assert calls == [article.pk]
    assert article.history.latest().history_user == curator


def test_an_article_with_a_known_text_is_refused_with_a_clear_error(curator):
    existing = ArticleFactory(text="The same text.")
    data = {
        "title": "Copy",
        "outlet": existing.outlet.pk,
        "published_precision": "day",
        "language": "en",
        "text": "The same text.",
        "claims-TOTAL_FORMS": 0,
        "claims-INITIAL_FORMS": 0,
    }

    response = admin_client(curator).post(url("sources_article_add"), data)

    assert response.status_code == 200
    assert f"Article #{existing.pk} has exactly this text already." in response.content.decode()
    assert Article.objects.count() == 1


def test_changing_an_article_text_reanchors_and_reextracts_its_claims(curator, monkeypatch):
    monkeypatch.setattr(
        article_admin, "article_analyse", lambda *, article: {"claims": {}, "links": {}}
    )
    article = ArticleFactory(text="Kuwait hosts about 6,000 North Korean workers, officials said.")
    claim = ClaimFactory(article=article, start=13)
    data = {
        "title": article.title,
        "outlet": article.outlet.pk,
        "url": article.url,
        "published": "2017-08-10",
        "published_precision": "day",
        "language": "en",
        "text": "NEW LEAD. " + article.text,
        "claims-TOTAL_FORMS": 1,
        "claims-INITIAL_FORMS": 1,
        "claims-0-id": claim.pk,
        "claims-0-article": article.pk,
    }

    response = admin_client(curator).post(url("sources_article_change", article.pk), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert (claim.start, claim.end) == (23, 23 + len(claim.quote))
    assert not claim.orphaned
    assert article.history.latest().history_user == curator


def test_changing_an_article_wire_relinks_its_claims(curator):
    from decimal import Decimal

    wire = OutletFactory(name="Gulf Wire Service")
    own = ClaimFactory(article=ArticleFactory(outlet=wire), origin=None, qualifier="exact")
    article = ArticleFactory(published="2017-08-10")
    relay = ClaimFactory(
        article=article,
        origin=None,
        value_low=Decimal(6050),
        value_high=Decimal(6050),
        qualifier="exact",
    )
    ClaimLinkFactory(from_claim=relay, to_claim=own, relation="agrees", rationale="old")
    data = {
        "title": article.title,
        "outlet": article.outlet.pk,
        "url": article.url,
        "published": "2017-08-10",
        "published_precision": "day",
        "language": "en",
        "text": article.text,
        "wire": "Gulf Wire Service",
        "claims-TOTAL_FORMS": 1,
        "claims-INITIAL_FORMS": 1,
        "claims-0-id": relay.pk,
        "claims-0-article": article.pk,
    }

    client = admin_client(curator)
    response = client.post(url("sources_article_change", article.pk), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.get(pk=article.pk).wire == "gulf-wire-service"
    link = ClaimLink.objects.get()
    assert (link.relation, link.rationale.startswith("one wire report")) == ("repeats", True)
    shown = messages_of(client.get(response.url))
    assert any(m.startswith("Links of its claims recomputed: 0 created, 1 updated") for m in shown)


# -- merges --


def test_merge_action_first_shows_what_will_move(curator):
    a, b = OutletFactory(name="Daily A"), OutletFactory(name="Daily B")
    ClaimFactory(article=ArticleFactory(outlet=b))

    response = run_action(
        admin_client(curator), url("sources_outlet_changelist"), "merge_outlets", [a, b]
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose the outlet that survives" in html
    assert f'value="{b.pk}" checked' in html  # the one with articles survives by default
    assert Outlet.objects.count() == 2
    assert not Merge.objects.exists()


def test_merge_action_merges_into_the_chosen_survivor_and_reports(curator):
    a, b, c = OutletFactory(), OutletFactory(), OutletFactory()
    moved = ArticleFactory.create_batch(2, outlet=b)
    client = admin_client(curator)

    response = run_action(
        client,
        url("sources_outlet_changelist"),
        "merge_outlets",
        [a, b, c],
        survivor=a.pk,
        apply="1",
    )

    merge = Merge.objects.get()
    assert response.status_code == 302
    assert response.url == url("sources_merge_change", merge.pk)
    assert list(Outlet.objects.values_list("pk", flat=True)) == [a.pk]
    assert set(a.articles.values_list("pk", flat=True)) == {x.pk for x in moved}
    shown = messages_of(client.get(response.url))
    assert any("Merged 2 outlets" in m and "2 articles" in m for m in shown)


def test_merge_action_refuses_a_survivor_outside_the_selection(curator):
    a, b, outsider = OutletFactory(), OutletFactory(), OutletFactory()

    response = run_action(
        admin_client(curator),
        url("sources_outlet_changelist"),
        "merge_outlets",
        [a, b],
        survivor=outsider.pk,
        apply="1",
    )

    assert response.status_code == 200
    assert "Choose one of the selected outlets to survive" in response.content.decode()
    assert Outlet.objects.count() == 3


def test_merge_action_needs_two_records(curator):
    response = run_action(
        admin_client(curator), url("sources_outlet_changelist"), "merge_outlets", [OutletFactory()]
    )
    assert response.status_code == 302
    assert Merge.objects.count() == 0


def test_origin_merge_action_moves_claims(curator):
    a, b = OriginFactory(), OriginFactory()
    claims = ClaimFactory.create_batch(2, origin=b)

    run_action(
        admin_client(curator),
        url("sources_origin_changelist"),
        "merge_origins",
        [a, b],
        survivor=a.pk,
        apply="1",
    )

    assert set(a.claims.values_list("pk", flat=True)) == {c.pk for c in claims}
    assert not Origin.objects.filter(pk=b.pk).exists()


def test_merge_page_shows_what_moved_and_undo_asks_first_then_undoes(curator):
    survivor, dup = OutletFactory(name="Kept"), OutletFactory(name="Gone")
    article = ArticleFactory(outlet=dup)
    merge = outlets_merge(survivor=survivor, others=[dup], user=curator)
    client = admin_client(curator)

    page = client.get(url("sources_merge_change", merge.pk)).content.decode()
    assert "Gone" in page and f"#{article.pk}" in page
    assert "Undo selected merges" in page  # offered on the record itself
    assert 'name="_save"' not in page  # a record, not a form

    confirm = run_action(client, url("sources_merge_changelist"), "undo_merges", [merge])
    assert confirm.status_code == 200
    assert "Yes, undo" in confirm.content.decode()
    assert not Outlet.objects.filter(pk=dup.pk).exists()

    done = run_action(client, url("sources_merge_changelist"), "undo_merges", [merge], post="yes")
    assert done.status_code == 302
    assert Article.objects.get(pk=article.pk).outlet.name == "Gone"
    merge.refresh_from_db()
    assert merge.undone_by == curator


def test_undo_from_the_merge_page_action_shows_the_confirmation(curator):
    merge = outlets_merge(survivor=OutletFactory(), others=[OutletFactory()], user=curator)
    change = url("sources_merge_change", merge.pk)

    response = admin_client(curator).post(
        change,
        {
            "CHANGE_FORM-action": "undo_merges",
            helpers.ACTION_CHECKBOX_NAME: [str(merge.pk)],
        },
    )

    assert response.status_code == 200
    assert "Yes, undo" in response.content.decode()


def test_merges_cannot_be_added_or_deleted_by_hand(curator):
    merge = outlets_merge(survivor=OutletFactory(), others=[OutletFactory()], user=curator)
    client = admin_client(curator)
    assert client.get(url("sources_merge_add")).status_code == 403
    assert client.post(url("sources_merge_delete", merge.pk), {"post": "yes"}).status_code == 403


# -- history and restore --


def test_outlet_history_shows_who_changed_what(curator):
    outlet = OutletFactory(name="Old Name")
    client = admin_client(curator)
    client.post(
        url("sources_outlet_change", outlet.pk),
        {"name": "New Name", "kind": outlet.kind, "country": "GB", "homepage": "", "notes": ""},
    )

    html = client.get(url("sources_outlet_history", outlet.pk)).content.decode()

    assert "Old Name" in html and "New Name" in html
    assert "&rarr;" in html
    assert str(curator) in html


def test_a_deleted_article_is_restored_with_its_text_claims_and_links(curator):
    article = ArticleFactory(text="Kuwait hosts about 6,000 North Korean workers, officials said.")
    claims = [ClaimFactory(article=article, start=13), ClaimFactory(article=article, start=13)]
    other = ClaimFactory()
    link = ClaimLinkFactory(from_claim=claims[0], to_claim=other, decision="confirmed")
    text, created = article.text, article.created
    client = admin_client(curator)

    deleted = client.post(url("sources_article_delete", article.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not ClaimLink.objects.filter(pk=link.pk).exists()

    listed = client.get(url("sources_article_deleted")).content.decode()
    assert article.title in listed
    assert url("sources_article_restore", article.pk) in listed
    confirm = client.get(url("sources_article_restore", article.pk)).content.decode()
    assert "2 claims deleted with it" in confirm
    restored = client.post(url("sources_article_restore", article.pk))

    assert restored.status_code == 302
    back = Article.objects.get(pk=article.pk)
    assert back.text == text
    assert back.created == created
    assert set(back.claims.values_list("pk", flat=True)) == {c.pk for c in claims}
    assert ClaimLink.objects.get(pk=link.pk).decision == "confirmed"
    last = back.history.latest()
    assert last.history_user == curator
    assert last.history_change_reason.startswith("restored from history")


def test_a_deleted_outlet_is_restored_from_its_history_page(curator):
    outlet = OutletFactory(name="Brief Outlet", kind="blog")
    outlet_id = outlet.pk
    client = admin_client(curator)
    client.post(url("sources_outlet_delete", outlet_id), {"post": "yes"})

    history = client.get(url("sources_outlet_history", outlet_id)).content.decode()
    assert "is deleted" in history
    assert url("sources_outlet_restore", outlet_id) in history
    client.post(url("sources_outlet_restore", outlet_id))

    back = Outlet.objects.get(pk=outlet_id)
    assert (back.name, back.kind) == ("Brief Outlet", "blog")


def test_a_restored_origin_gets_its_claims_back(curator):
    origin = OriginFactory()
    claims = ClaimFactory.create_batch(2, origin=origin)
    client = admin_client(curator)
    client.post(url("sources_origin_delete", origin.pk), {"post": "yes"})
    assert not Claim.objects.filter(origin__isnull=False).exists()

    client.post(url("sources_origin_restore", origin.pk))

    assert set(Origin.objects.get(pk=origin.pk).claims.values_list("pk", flat=True)) == {
        c.pk for c in claims
    }


def test_restore_refuses_clearly_when_the_name_is_taken_again(curator):
    outlet = OutletFactory(name="Twice")
    client = admin_client(curator)
    client.post(url("sources_outlet_delete", outlet.pk), {"post": "yes"})
    OutletFactory(name="Twice")

    page = client.get(url("sources_outlet_restore", outlet.pk)).content.decode()
    response = client.post(url("sources_outlet_restore", outlet.pk))

    assert "now has this name; rename it first" in page
    assert response.status_code == 200
    assert Outlet.objects.filter(name="Twice").count() == 1


def test_reverting_a_deleted_record_goes_to_restore(curator):
    outlet = OutletFactory()
    record = outlet.history.latest()
    client = admin_client(curator)
    client.post(url("sources_outlet_delete", outlet.pk), {"post": "yes"})

    response = client.get(url("sources_outlet_simple_history", outlet.pk, record.history_id))

    assert response.status_code == 302
    assert response.url == url("sources_outlet_restore", outlet.pk)


# -- who may do what --


def test_an_analyst_sees_the_lists_but_cannot_change_merge_or_restore(analyst):
    outlet, dup = OutletFactory(), OutletFactory()
    client = admin_client(analyst)

    assert client.get(url("sources_outlet_changelist")).status_code == 200
    assert client.get(url("sources_article_changelist")).status_code == 200
    page = client.get(url("sources_outlet_change", outlet.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (
        client.post(
            url("sources_outlet_change", outlet.pk), {"name": "Hacked", "kind": "blog"}
        ).status_code
        == 403
    )
    run_action(
        client,
        url("sources_outlet_changelist"),
        "merge_outlets",
        [outlet, dup],
        survivor=outlet.pk,
        apply="1",
    )
    assert Outlet.objects.count() == 2
    Outlet.objects.filter(pk=dup.pk).delete()
    assert client.get(url("sources_outlet_deleted")).status_code == 200
    assert client.post(url("sources_outlet_restore", dup.pk)).status_code == 403
    assert not Outlet.objects.filter(pk=dup.pk).exists()
    assert Outlet.objects.get(pk=outlet.pk).name != "Hacked"


def test_an_anonymous_visitor_is_sent_to_log_in():
    for name in (
        "sources_outlet_changelist",
        "sources_article_deleted",
        "sources_merge_changelist",
    ):
        response = admin_client().get(url(name))
        assert response.status_code == 302
        assert response.url.startswith(url("login"))


def test_an_outlet_is_reverted_to_a_past_version(curator):
    outlet = OutletFactory(name="First Name", kind="blog")
    first = outlet.history.latest()
    outlet.name = "Second Name"
    outlet.save()
    client = admin_client(curator)
    revert = url("sources_outlet_simple_history", outlet.pk, first.history_id)

    form = client.get(revert)
    response = client.post(
        revert, {"name": "First Name", "kind": "blog", "country": "GB", "homepage": "", "notes": ""}
    )

    assert 'value="First Name"' in form.content.decode()
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert outlet.name == "First Name"
    assert outlet.history.latest().history_user == curator


def test_articles_deleted_from_the_list_keep_their_text_for_restore(curator):
    # The list loads articles without their texts; the deletion records must still hold them.
    articles = ArticleFactory.create_batch(2)
    client = admin_client(curator)

    run_action(client, url("sources_article_changelist"), "delete_selected", articles, post="yes")

    assert not Article.objects.exists()
    for article in articles:
        assert Article.history.filter(id=article.pk).latest().deleted_text == article.text
    client.post(url("sources_article_restore", articles[0].pk))
    assert Article.objects.get().text == articles[0].text
