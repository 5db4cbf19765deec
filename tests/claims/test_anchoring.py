"""Re-anchoring claims in a changed text: quotes move, lost quotes orphan, nothing is deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.anchoring import OffsetMap, anchor_quote, context_at
from claims.models import Claim, ReviewStatus
from claims.services import claims_reanchor
from tests.factories import ArticleFactory, ClaimFactory

OLD = (
    "Kuwait hosts about 6,000 North Korean workers, officials said.\n"
    "Qatar hosts about 1,800 North Korean workers, a ministry said.\n"
    "Poland issued 156 visas.\n"
)


# Pure anchoring


def test_offset_map_moves_unchanged_lines_exactly():
    new = "A new first line.\n" + OLD
    offsets = OffsetMap(OLD, new)
    qatar = OLD.index("Qatar")
    assert offsets(qatar) == new.index("Qatar")
    assert offsets(0) == new.index("Kuwait")
    assert offsets(len(OLD)) == len(new)


def test_offset_map_lands_inside_a_rewritten_line():
    new = OLD.replace("officials said", "officials of the ministry said yesterday")
    offsets = OffsetMap(OLD, new)
    first_line_end = new.index("\n")
    assert 0 <= offsets(OLD.index("officials")) <= first_line_end
    assert offsets(OLD.index("Poland")) == new.index("Poland")


def test_offset_map_of_empty_texts():
    assert OffsetMap("", "abc")(0) == 0
    assert OffsetMap("abc", "")(2) == 0


def test_anchor_quote_single_occurrence_gets_new_context():
    new = "Breaking: " + OLD
    anchor = anchor_quote(new, quote="about 1,800 North Korean workers", near=0)
    assert new[anchor.start : anchor.end] == "about 1,800 North Korean workers"
    assert (anchor.prefix, anchor.suffix) == context_at(new, anchor.start, anchor.end)
    assert anchor.prefix.endswith("Qatar hosts ")


def test_anchor_quote_gone():
    assert anchor_quote(OLD, quote="about 7,000 North Korean workers") is None
    assert anchor_quote(OLD, quote="") is None


def test_anchor_quote_prefers_matching_context_over_distance():
    text = "In Kuwait: 500 workers. In Qatar: 500 workers."
    # The old context says Qatar, though the old position is nearer the Kuwait occurrence.
    anchor = anchor_quote(text, quote="500 workers", prefix="In Qatar: ", suffix=".", near=0)
    assert anchor.start == text.rindex("500 workers")


def test_anchor_quote_with_equal_context_takes_the_nearest():
    text = "500 workers. " * 4
    anchor = anchor_quote(text, quote="500 workers", prefix="", suffix="", near=27)
    assert anchor.start == 26


# claims_reanchor


def claim_at(article, quote: str, **fields) -> Claim:
    start = article.text.index(quote)
    prefix, suffix = context_at(article.text, start, start + len(quote))
    return ClaimFactory(
        article=article,
        quote=quote,
        start=start,
        end=start + len(quote),
        prefix=prefix,
        suffix=suffix,
        **fields,
    )


def rewrite(article, new_text: str) -> str:
    old = article.text
    article.text = new_text
    article.save()
    return old


@pytest.mark.django_db
def test_claims_move_with_their_quotes_and_lost_ones_orphan(curator):
    article = ArticleFactory(text=OLD)
    kuwait = claim_at(article, "about 6,000 North Korean workers")
    qatar = claim_at(
        article,
        "about 1,800 North Korean workers",
        review_status=ReviewStatus.ACCEPTED,
        reviewed_by=curator,
    )
    poland = claim_at(article, "156 visas", method=Claim.Method.MANUAL)
    new = "Update: figures revised.\n" + OLD.replace("about 6,000", "about 6,500").replace(
        "156 visas", "160 visas"
    )
    old = rewrite(article, new)

    counts = claims_reanchor(article=article, old_text=old)

    assert counts == {"moved": 1, "unchanged": 0, "orphaned": 2, "restored": 0}
    qatar.refresh_from_db()
    assert new[qatar.start : qatar.end] == qatar.quote
    assert (qatar.prefix, qatar.suffix) == context_at(new, qatar.start, qatar.end)
    assert not qatar.orphaned
    assert qatar.review_status == ReviewStatus.ACCEPTED
    for lost in (kuwait, poland):
        lost.refresh_from_db()
        assert lost.orphaned
    assert Claim.objects.filter(article=article).count() == 3  # nothing deleted
    assert qatar.history.first().history_change_reason == "re-anchored in the article's new text"


@pytest.mark.django_db
def test_repeated_quote_is_told_apart_by_its_context():
    article = ArticleFactory(text="In Kuwait: 500 workers. In Qatar: 500 workers.")
    qatar = claim_at(article, "In Qatar: 500 workers")
    qatar_number = ClaimFactory(
        article=article,
        quote="500 workers",
        start=article.text.rindex("500 workers"),
        end=article.text.rindex("500 workers") + len("500 workers"),
        prefix="In Qatar: ",
        suffix=".",
    )
    # Qatar's sentence moves first; the old position now points at Kuwait's figure.
    old = rewrite(article, "In Qatar: 500 workers. In Kuwait: 500 workers.")
    claims_reanchor(article=article, old_text=old)
    qatar_number.refresh_from_db()
    assert qatar_number.start == article.text.index("500 workers")
    qatar.refresh_from_db()
    assert qatar.start == 0


@pytest.mark.django_db
def test_unchanged_claims_are_not_written_and_orphans_come_back():
    article = ArticleFactory(text=OLD)
    claim = claim_at(article, "about 1,800 North Korean workers")
    old = rewrite(article, OLD.replace("1,800", "1,900"))
    assert claims_reanchor(article=article, old_text=old)["orphaned"] == 1
    newer = rewrite(article, OLD.replace("Poland issued", "Poland has issued"))
    counts = claims_reanchor(article=article, old_text=newer)
    assert counts["restored"] == 1
    claim.refresh_from_db()
    assert not claim.orphaned
    assert article.text[claim.start : claim.end] == claim.quote
    history = claim.history.count()
    assert claims_reanchor(article=article, old_text=article.text) == {
        "moved": 0,
        "unchanged": 1,
        "orphaned": 0,
        "restored": 0,
    }
    assert claim.history.count() == history


@pytest.mark.django_db
def test_reanchor_query_count_does_not_grow_with_claims():
    def run(n: int) -> int:
        lines = [f"Place {i} hosts {i + 100} North Korean workers." for i in range(n)]
        article = ArticleFactory(text="\n".join(lines))
        for i in range(n):
            claim_at(article, f"{i + 100} North Korean workers")
        old = rewrite(article, "Header.\n" + article.text)
        with CaptureQueriesContext(connection) as queries:
            counts = claims_reanchor(article=article, old_text=old)
        assert counts["moved"] == n
        return len(queries)

    assert run(2) == run(20)
