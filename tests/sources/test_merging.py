"""Merging duplicate outlets and origins, and undoing merges (sources.merging)."""

import datetime

import pytest

from claims.models import Claim, ClaimLink
from claims.services import links_update_for_claims
from sources import merging
from sources.merging import MergeError, merge_undo, origins_merge, outlets_merge
from sources.models import Article, Merge, Origin, Outlet
from tests.factories import ArticleFactory, ClaimFactory, OriginFactory, OutletFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def relinked(monkeypatch):
    """Record which claims each links_update_for_claims call received (and still run it)."""
    from claims import services

    calls = []
    real = services.links_update_for_claims

    def spy(*, claims):
        ids = sorted(c.pk for c in claims)
        calls.append(ids)
        return real(claims=Claim.objects.filter(pk__in=ids))

    monkeypatch.setattr(services, "links_update_for_claims", spy)
    return calls


def relation_between(a: Claim, b: Claim) -> str:
    link = ClaimLink.objects.for_claim(a).filter(from_claim__in=[a, b], to_claim__in=[a, b])
    return link.get().relation


def test_outlets_merge_moves_articles_deletes_the_others_and_records_it(curator, relinked):
    survivor = OutletFactory(name="The Daily")
    dup = OutletFactory(name="Daily (The)", kind="blog", country="US", notes="typo")
    other_dup = OutletFactory(name="The Daily Online")
    moved = ArticleFactory.create_batch(2, outlet=dup)
    also_moved = ArticleFactory(outlet=other_dup)
    stays = ArticleFactory(outlet=survivor)
    claims = [ClaimFactory(article=moved[0]), ClaimFactory(article=also_moved)]

    merge = outlets_merge(survivor=survivor, others=[dup, other_dup, survivor], user=curator)

    assert not Outlet.objects.filter(pk__in=[dup.pk, other_dup.pk]).exists()
    assert set(survivor.articles.values_list("pk", flat=True)) == {
        *(a.pk for a in moved),
        also_moved.pk,
        stays.pk,
    }
    assert merge.model == Merge.Model.OUTLET
    assert merge.survivor_id == survivor.pk
    assert merge.merged_by == curator
    records = {r["id"]: r for r in merge.merged["records"]}
    assert set(records) == {dup.pk, other_dup.pk}
    assert records[dup.pk]["fields"]["name"] == "Daily (The)"
    assert records[dup.pk]["fields"]["kind"] == "blog"
    assert records[dup.pk]["fields"]["notes"] == "typo"
    assert sorted(records[dup.pk]["articles"]) == sorted(a.pk for a in moved)
    assert records[dup.pk]["claims"] == [claims[0].pk]
    assert records[other_dup.pk]["claims"] == [claims[1].pk]
    # The moved claims' links were recomputed, once, all together.
    assert relinked == [sorted(c.pk for c in claims)]


def test_outlet_merge_is_in_history_with_who_and_why(curator):
    survivor, dup = OutletFactory(), OutletFactory()
    article = ArticleFactory(outlet=dup)

    merge = outlets_merge(survivor=survivor, others=[dup], user=curator)

    last = article.history.latest()
    assert last.history_type == "~"
    assert last.outlet_id == survivor.pk
    assert last.history_user == curator
    assert last.history_change_reason == f"merged into outlet #{survivor.pk}"
    deletion = Outlet.history.filter(id=dup.pk).latest()
    assert deletion.history_type == "-"
    assert deletion.history_user == curator
    assert deletion.history_change_reason.startswith(f"merge #{merge.pk}")


def test_origins_merge_moves_claims(curator, relinked):
    survivor = OriginFactory(name="Panel of Experts")
    dup = OriginFactory(name="UN Panel of Experts")
    moved = ClaimFactory.create_batch(3, origin=dup)
    stays = ClaimFactory(origin=survivor)

    merge = origins_merge(survivor=survivor, others=[dup], user=curator)

    assert not Origin.objects.filter(pk=dup.pk).exists()
    assert set(survivor.claims.values_list("pk", flat=True)) == {stays.pk, *(c.pk for c in moved)}
    assert merge.model == Merge.Model.ORIGIN
    record = merge.merged["records"][0]
    assert record["id"] == dup.pk
    assert record["fields"]["key"] == dup.key
    assert record["claims"] == sorted(c.pk for c in moved)
    assert relinked == [sorted(c.pk for c in moved)]
    assert Claim.history.filter(id=moved[0].pk).latest().history_user == curator


def test_merging_origins_turns_agreement_into_repetition_and_undo_turns_it_back(curator):
    a = ClaimFactory(origin=OriginFactory(name="Ministry of Labour"))
    b = ClaimFactory(origin=OriginFactory(name="Labour Ministry"))
    links_update_for_claims(claims=[a, b])
    assert relation_between(a, b) == "agrees"

    merge = origins_merge(survivor=a.origin, others=[b.origin], user=curator)
    assert relation_between(a, b) == "repeats"

    merge_undo(merge=merge, user=curator)
    assert relation_between(a, b) == "agrees"


def test_undo_recreates_the_outlet_with_its_old_id_and_fields_and_moves_articles_back(
    curator, analyst, relinked
):
    survivor = OutletFactory(name="Survivor")
    dup = OutletFactory(name="Duplicate", kind="ngo", country="KR", homepage="https://d.example/")
    created = dup.created
    moved = ArticleFactory.create_batch(2, outlet=dup)
    claim = ClaimFactory(article=moved[1])
    merge = outlets_merge(survivor=survivor, others=[dup], user=curator)
    relinked.clear()

    undone = merge_undo(merge=merge, user=analyst)

    back = Outlet.objects.get(pk=dup.pk)
    assert (back.name, back.key, back.kind, back.country, back.homepage) == (
        "Duplicate",
        dup.key,
        "ngo",
        "KR",
        "https://d.example/",
    )
    assert back.created == created
    assert set(back.articles.values_list("pk", flat=True)) == {a.pk for a in moved}
    assert undone.undone_by == analyst
    assert undone.undone_at is not None
    assert undone.merged["undo"] == {"moved_back": 2, "skipped": 0}
    assert relinked == [[claim.pk]]
    recreated = Outlet.history.filter(id=dup.pk).latest()
    assert recreated.history_type == "+"
    assert recreated.history_change_reason == f"undo of merge #{merge.pk}"
    assert recreated.history_user == analyst


def test_undo_of_an_origin_merge_moves_the_claims_back(curator):
    survivor, dup = OriginFactory(), OriginFactory()
    moved = ClaimFactory.create_batch(2, origin=dup)
    merge = origins_merge(survivor=survivor, others=[dup], user=curator)

    merge_undo(merge=merge, user=curator)

    assert set(Origin.objects.get(pk=dup.pk).claims.values_list("pk", flat=True)) == {
        c.pk for c in moved
    }
    assert not survivor.claims.exists()


def test_undo_leaves_what_moved_elsewhere_since_and_counts_it(curator):
    survivor, dup, third = OutletFactory(), OutletFactory(), OutletFactory()
    stays_moved, moves_back = ArticleFactory(outlet=dup), ArticleFactory(outlet=dup)
    merge = outlets_merge(survivor=survivor, others=[dup], user=curator)
    Article.objects.filter(pk=stays_moved.pk).update(outlet=third)

    merge_undo(merge=merge, user=curator)

    assert Article.objects.get(pk=stays_moved.pk).outlet_id == third.pk
    assert Article.objects.get(pk=moves_back.pk).outlet_id == dup.pk
    merge.refresh_from_db()
    assert merge.merged["undo"] == {"moved_back": 1, "skipped": 1}


def test_a_merge_is_undone_only_once(curator):
    merge = outlets_merge(survivor=OutletFactory(), others=[OutletFactory()], user=curator)
    merge_undo(merge=merge, user=curator)
    with pytest.raises(MergeError, match="already undone"):
        merge_undo(merge=merge, user=curator)


def test_undo_refuses_when_the_name_is_taken_again_and_changes_nothing(curator):
    survivor = OutletFactory(name="Survivor")
    dup = OutletFactory(name="Taken Later")
    article = ArticleFactory(outlet=dup)
    merge = outlets_merge(survivor=survivor, others=[dup], user=curator)
    OutletFactory(name="Taken later")  # same key, another spelling

    with pytest.raises(MergeError, match="rename it first"):
        merge_undo(merge=merge, user=curator)

    merge.refresh_from_db()
    assert merge.undone_at is None
    assert Article.objects.get(pk=article.pk).outlet_id == survivor.pk
    assert not Outlet.objects.filter(pk=dup.pk).exists()


@pytest.mark.parametrize(
    "others, message",
    [
        (lambda s: [], "at least one record besides the survivor"),
        (lambda s: [s], "at least one record besides the survivor"),
        (lambda s: [OriginFactory()], "only outlets can be merged"),
    ],
)
def test_a_merge_with_nothing_to_merge_or_the_wrong_records_is_refused(curator, others, message):
    survivor = OutletFactory()
    with pytest.raises(MergeError, match=message):
        outlets_merge(survivor=survivor, others=others(survivor), user=curator)
    assert not Merge.objects.exists()


def test_a_merge_of_records_deleted_meanwhile_is_refused_and_changes_nothing(curator):
    survivor, gone, dup = OutletFactory(), OutletFactory(), OutletFactory()
    article = ArticleFactory(outlet=dup)
    Outlet.objects.filter(pk=gone.pk).delete()

    with pytest.raises(MergeError, match=f"#{gone.pk}"):
        outlets_merge(survivor=survivor, others=[gone, dup], user=curator)

    assert Article.objects.get(pk=article.pk).outlet_id == dup.pk
    assert not Merge.objects.exists()


def test_merge_preview_counts_what_would_move():
    outlet = OutletFactory()
    article = ArticleFactory(outlet=outlet, published=datetime.date(2020, 1, 1))
    ClaimFactory.create_batch(2, article=article)
    origin = OriginFactory()
    ClaimFactory(origin=origin)
    empty = OutletFactory()

    assert merging.merge_preview(model=Outlet, ids=[outlet.pk, empty.pk]) == {
        outlet.pk: {"articles": 1, "claims": 2},
        empty.pk: {"articles": 0, "claims": 0},
    }
    assert merging.merge_preview(model=Origin, ids=[origin.pk]) == {
        origin.pk: {"articles": 0, "claims": 1}
    }
