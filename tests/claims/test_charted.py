"""The light rows a topic page charts carry what the model instances would."""

from dataclasses import fields
from decimal import Decimal

import pytest

from claims.charted import MARK_COLUMNS, ChartedClaim, charted_claims, charted_links
from claims.display import claim_value, source_name
from claims.jsonld import topic_jsonld
from claims.models import Claim, ClaimLink
from tests.factories import ClaimFactory, ClaimLinkFactory, TopicFactory

pytestmark = pytest.mark.django_db

OWN = [
    f.name
    for f in fields(ChartedClaim)
    if f.name not in ("origin", "url_path", "article", *MARK_COLUMNS)
]


def assert_same_claim(row, claim: Claim, *, with_article: bool = True) -> None:
    for name in OWN:
        if name == "article_id" and not with_article:
            assert row.article_id is None
            continue
        assert getattr(row, name) == getattr(claim, name), name
    assert row.id == claim.id
    assert row.get_absolute_url() == claim.get_absolute_url()
    assert claim_value(row) == claim_value(claim)
    assert source_name(row) == source_name(claim)
    if claim.origin_id is None:
        assert row.origin is None
    else:
        assert row.origin.name == claim.origin.name
        assert row.origin.get_absolute_url() == claim.origin.get_absolute_url()
    if with_article:
        article = claim.article
        assert row.article.get_absolute_url() == article.get_absolute_url()
        for name in ("pk", "title", "url", "author", "published", "published_precision"):
            assert getattr(row.article, name) == getattr(article, name), name
        assert row.article.outlet.name == article.outlet.name


def test_charted_claims_are_their_claims_with_articles_outlets_and_origins():
    attributed = ClaimFactory(origin=None, attributed_to="a diplomat", value_high=None)
    sourced = ClaimFactory(article=attributed.article, as_of=None, as_of_precision="")
    ClaimFactory(kind="sanctions_clause", instrument="UNSCR 2397", provision="repatriation")

    rows = charted_claims(Claim.objects.order_by("id"))

    claims = list(Claim.objects.with_sources().order_by("id"))
    assert len(rows) == len(claims) == 3
    for row, claim in zip(rows, claims, strict=True):
        assert_same_claim(row, claim)
    # Claims of one article share one article row.
    assert rows[0].article is rows[1].article
    assert source_name(rows[0]) == "a diplomat" and sourced.origin.name == rows[1].origin.name


def test_charted_links_carry_both_claims_and_their_origins():
    link = ClaimLinkFactory(
        relation=ClaimLink.Relation.CONTRADICTS,
        to_claim=ClaimFactory(
            origin=None, attributed_to="a union", value_low=9000, value_high=9000
        ),
    )

    [row] = charted_links(ClaimLink.objects.all())

    assert (row.pk, row.relation, row.score, row.rationale, row.decision) == (
        link.pk,
        link.relation,
        link.score,
        link.rationale,
        link.decision,
    )
    assert_same_claim(row.from_claim, link.from_claim, with_article=False)
    assert_same_claim(row.to_claim, link.to_claim, with_article=False)


def test_a_topics_json_ld_is_the_same_from_rows_as_from_model_instances():
    first = ClaimFactory()
    ClaimFactory(origin=None, attributed_to="a diplomat")
    topic = TopicFactory(best_claim=first, claim_count=2)
    claims = Claim.objects.order_by("-id")

    rows = topic_jsonld(topic, charted_claims(claims))

    assert rows == topic_jsonld(topic, list(claims.with_sources()))


def test_charted_claims_read_the_marks_their_queryset_annotates():
    from claims.topic_reads import TopicTable

    old, new = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=new, to_claim=old, relation=ClaimLink.Relation.SUPERSEDES)
    ClaimLinkFactory(from_claim=new, to_claim=ClaimFactory(), relation=ClaimLink.Relation.AGREES)
    # A rejected claim supersedes nothing, and nothing supersedes it.
    rejected, newer = ClaimFactory.create_batch(2, review_status="rejected")
    ClaimLinkFactory(from_claim=new, to_claim=rejected, relation=ClaimLink.Relation.SUPERSEDES)
    ClaimLinkFactory(from_claim=newer, to_claim=new, relation=ClaimLink.Relation.SUPERSEDES)

    rows = {row.pk: row for row in TopicTable(old.subject_key)[:10]}

    counted = Claim.objects.with_link_counts()
    assert len(rows) == counted.count() == 5
    for claim in counted:
        row = rows[claim.pk]
        assert (row.agree_count, row.contradict_count) == (
            claim.agree_count,
            claim.contradict_count,
        )
        assert row.superseded is (claim == old)


def test_a_keyed_statement_gives_its_querysets_rows_for_any_key_and_slice():
    from claims.charted import CLAIM_COLUMNS, KeyedStatement, claim_columns

    built = []

    def build(key):
        built.append(key)
        return (
            Claim.objects.for_topic(key)
            .with_link_counts()
            .order_by("-as_of", "-id")
            .values_list(*claim_columns(), "agree_count", "contradict_count")
        )

    for key in ("worker_count.stock.KW", "worker_count.stock.QA"):
        ClaimFactory.create_batch(
            4, subject_key=key, value_low=Decimal("6000.5"), value_high=Decimal("6000.5")
        )
    ClaimLinkFactory(relation=ClaimLink.Relation.AGREES)
    statement = KeyedStatement(Claim, build)

    for key in ("worker_count.stock.KW", "worker_count.stock.QA", "none"):
        for start, stop in ((0, None), (0, 2), (1, 3), (3, 10), (0, 0), (2, 2)):
            rows = statement.rows(key, start=start, stop=stop)
            assert rows == list(build(key)[start:stop]), (key, start, stop)
    # Compiled once (the first call), then only the querysets the assertion built.
    assert built[0] != "worker_count.stock.KW" and built.count(built[0]) == 1
    rows = statement.rows("worker_count.stock.KW")
    assert all(isinstance(row, tuple) for row in rows)
    assert Decimal("6000.5") in {row[CLAIM_COLUMNS.index("value_low")] for row in rows}


def test_a_keyed_statement_refuses_a_sliced_or_unkeyed_queryset():
    from claims.charted import KeyedStatement

    ClaimFactory()
    sliced = KeyedStatement(Claim, lambda key: Claim.objects.for_topic(key).values_list("id")[:5])
    unkeyed = KeyedStatement(Claim, lambda key: Claim.objects.values_list("id"))
    with pytest.raises(ValueError, match="slice"):
        sliced.rows("worker_count.stock.KW")
    with pytest.raises(ValueError, match="key"):
        unkeyed.rows("worker_count.stock.KW")


def test_topics_with_best_claims_are_what_select_related_loads(django_assert_num_queries):
    from claims.models import Topic
    from claims.topic_reads import topics_with_best_claims

    TopicFactory(best_claim=ClaimFactory(), claim_count=3)
    TopicFactory(key="worker_count.visas.KW", measure="visas", best_claim=None, claim_count=2)
    TopicFactory(
        key="worker_count.stock.QA",
        place="QA",
        best_claim=ClaimFactory(origin=None, place="QA"),
        claim_count=1,
    )
    TopicFactory(key="remittance.total.KW.USD", kind="remittance", best_claim=ClaimFactory())

    for kind, place in (("worker_count", "KW"), ("worker_count", None), ("remittance", "KW")):
        expected = Topic.objects.filter(kind=kind).select_related("best_claim__origin")
        if place is not None:
            expected = expected.filter(place=place)
        expected = list(expected.order_by("-claim_count", "label"))
        with django_assert_num_queries(1):
            topics = topics_with_best_claims(kind, place)
            # Best claims and their origins are loaded with them.
            names = [
                t.best_claim and t.best_claim.origin and t.best_claim.origin.name for t in topics
            ]
        assert [t.pk for t in topics] == [t.pk for t in expected] and topics
        for topic, other in zip(topics, expected, strict=True):
            assert vars(topic).keys() == vars(other).keys()
            assert all(
                getattr(topic, f.attname) == getattr(other, f.attname)
                for f in Topic._meta.concrete_fields
            )
            if other.best_claim is None:
                assert topic.best_claim is None
                continue
            assert topic.best_claim.quote == other.best_claim.quote
            assert topic.best_claim.get_absolute_url() == other.best_claim.get_absolute_url()
        assert names == [
            t.best_claim and t.best_claim.origin and t.best_claim.origin.name for t in expected
        ]
