"""article_ingest: one article stored atomically with its claims and links, or nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimLink, ReviewStatus
from sources import services
from sources.hashing import text_sha256
from sources.models import Article, Outlet
from sources.services import article_ingest
from sources.validation import article_input_from_mapping
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Kuwait hosts about 6,000 North Korean workers, the Public Authority of Manpower said on "
    "Thursday.\n\nThe workers build roads and towers across the country."
)


def article_input(**fields):
    data = {"title": "Kuwait keeps its workers", "text": TEXT, **fields}
    return article_input_from_mapping(data)


def row_counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "article_history": Article.history.count(),
        "outlets": Outlet.objects.count(),
        "claims": Claim.objects.count(),
        "claim_history": Claim.history.count(),
        "links": ClaimLink.objects.count(),
    }


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_import_stores_article_outlet_and_claims():
    result = article_ingest(
        data=article_input(
            url="https://gazette.example/a",
            outlet="The Harbour Gazette",
            outlet_kind="newspaper",
            published="2017-08-10",
            author="Jana Roe",
        )
    )
    assert result.status == "imported"
    article = Article.objects.get()
    assert result.article == article
    assert (article.title, article.url, article.author) == (
        "Kuwait keeps its workers",
        "https://gazette.example/a",
        "Jana Roe",
    )
    assert article.published == datetime.date(2017, 8, 10)
    assert (article.outlet.name, article.outlet.kind) == ("The Harbour Gazette", "newspaper")
    assert article.text == TEXT
    claims = Claim.objects.filter(article=article)
    assert claims.exists()
    assert result.claims_created == claims.count()
    for claim in claims:
        assert TEXT[claim.start : claim.end] == claim.quote


def test_outlet_defaults_to_unknown_and_meets_spelling_variants():
    first = article_ingest(data=article_input(text="First text."))
    assert (first.article.outlet.name, first.article.outlet.kind) == ("Unknown", "unknown")
    a = article_ingest(data=article_input(text="Second text.", outlet="The Associated Press"))
    b = article_ingest(data=article_input(text="Third text.", outlet="AP", outlet_kind="wire"))
    assert a.article.outlet == b.article.outlet
    outlet = Outlet.objects.get(pk=a.article.outlet.pk)
    assert outlet.name == "The Associated Press"
    assert outlet.kind == "wire"  # learnt from the second article; an unknown kind is filled in
    c = article_ingest(data=article_input(text="Fourth.", outlet="AP", outlet_kind="newspaper"))
    assert Outlet.objects.get(pk=c.article.outlet.pk).kind == "wire"  # a known kind is kept


def test_same_text_again_is_unchanged_and_writes_nothing():
    data = article_input(url="https://gazette.example/a")
    first = article_ingest(data=data)
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        again = article_ingest(data=data)
        without_url = article_ingest(data=article_input())
    assert again.status == without_url.status == "unchanged"
    assert again.article == without_url.article == first.article
    assert writes(queries.captured_queries) == []
    assert row_counts() == before


def test_same_text_under_another_url_is_unchanged_and_names_the_article():
    first = article_ingest(data=article_input(url="https://gazette.example/a"))
    before = row_counts()
    result = article_ingest(data=article_input(url="https://mirror.example/copy"))
    assert result.status == "unchanged"
    assert result.article == first.article
    assert f"same text as article #{first.article.pk}" in result.detail
    assert "https://gazette.example/a" in result.detail
    assert row_counts() == before


def test_new_text_for_a_known_url_updates_and_reanchors(curator):
    first = article_ingest(
        data=article_input(url="https://gazette.example/a", author="Jana Roe", outlet="Gazette")
    )
    article = first.article
    quote = "the Public Authority of Manpower said"
    kept = ClaimFactory(
        article=article,
        quote=quote,
        start=TEXT.index(quote),
        end=TEXT.index(quote) + len(quote),
        method=Claim.Method.MANUAL,
        review_status=ReviewStatus.ACCEPTED,
        reviewed_by=curator,
        subject_key="",
    )
    gone_quote = "build roads and towers"
    gone = ClaimFactory(
        article=article,
        quote=gone_quote,
        start=TEXT.index(gone_quote),
        end=TEXT.index(gone_quote) + len(gone_quote),
        review_status=ReviewStatus.ACCEPTED,
        reviewed_by=curator,
        subject_key="",
    )
    new_text = "Correction appended above. " + TEXT.replace("build roads and towers", "work")
    result = article_ingest(
        data=article_input(url="https://gazette.example/a", text=new_text, title="Kuwait, updated")
    )
    assert result.status == "updated"
    assert result.article.pk == article.pk
    assert Article.objects.count() == 1
    article.refresh_from_db()
    assert (article.text, article.title) == (new_text, "Kuwait, updated")
    assert article.author == "Jana Roe"  # not given again: kept
    assert article.outlet.name == "Gazette"
    kept.refresh_from_db()
    assert new_text[kept.start : kept.end] == quote
    assert not kept.orphaned
    gone.refresh_from_db()
    assert gone.orphaned
    assert gone.review_status == ReviewStatus.ACCEPTED
    assert result.anchoring["orphaned"] == 1
    for claim in Claim.objects.filter(article=article, orphaned=False):
        assert new_text[claim.start : claim.end] == claim.quote
    assert article.history.count() == 2


def test_update_then_same_update_again_is_unchanged():
    article_ingest(data=article_input(url="https://gazette.example/a"))
    new = article_input(url="https://gazette.example/a", text=TEXT + "\n\nA new paragraph.")
    assert article_ingest(data=new).status == "updated"
    before = row_counts()
    assert article_ingest(data=new).status == "unchanged"
    assert row_counts() == before


def test_a_failure_stores_nothing(monkeypatch):
    def broken(*, article, **kwargs):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(services, "claims_extract", broken)
    with pytest.raises(RuntimeError, match="extractor crashed"):
        article_ingest(data=article_input(outlet="A New Outlet"))
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_failed_update_keeps_the_old_text(monkeypatch):
    first = article_ingest(data=article_input(url="https://gazette.example/a"))
    monkeypatch.setattr(services, "links_update_for_article", _raise)
    with pytest.raises(RuntimeError):
        article_ingest(data=article_input(url="https://gazette.example/a", text="Other text."))
    first.article.refresh_from_db()
    assert first.article.text == TEXT


def _raise(**kwargs):
    raise RuntimeError("linking crashed")


def test_deferred_import_runs_the_task_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = article_ingest(data=article_input(), defer=True)
        assert result.deferred
        assert result.claims == {}
        assert not Claim.objects.exists()  # nothing extracted before the commit
    assert len(callbacks) == 1
    # The immediate backend ran article_process as soon as the transaction committed.
    assert Claim.objects.filter(article=result.article).exists()


def test_deferred_import_enqueues_one_task(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        result = article_ingest(data=article_input(), defer=True)
        article_ingest(data=article_input(), defer=True)  # unchanged: nothing to enqueue
    [enqueued] = default_task_backend.results
    assert enqueued.task.name == "article_process"
    assert enqueued.kwargs == {"article_id": result.article.pk}
    assert not Claim.objects.exists()


def batch_inputs(count: int) -> list:
    return [
        article_input(
            url=f"https://gazette.example/{i}",
            text=f"Kuwait hosts about {6000 + 100 * i:,} North Korean workers, the Public "
            f"Authority of Manpower said in report {i}.",
            outlet=f"Gazette {i % 2}",
        )
        for i in range(count)
    ]


def test_a_batch_stores_what_one_by_one_ingests_store():
    one_by_one = [article_ingest(data=data) for data in batch_inputs(4)]
    expected = row_counts(), set(ClaimLink.objects.values_list("relation", "rationale"))
    Article.objects.all().delete()
    ClaimLink.objects.all().delete()

    batch = services.articles_ingest(data=batch_inputs(4))

    assert [item.result.status for item in batch.items] == ["imported"] * 4
    assert [item.result.claims["created"] for item in batch.items] == [
        r.claims["created"] for r in one_by_one
    ]
    assert batch.links["created"] == sum(r.links["created"] for r in one_by_one) == 6
    counts = row_counts()
    for name in ("articles", "claims", "links"):
        assert counts[name] == expected[0][name]
    assert set(ClaimLink.objects.values_list("relation", "rationale")) == expected[1]


def test_an_article_failing_in_a_batch_costs_no_other(monkeypatch):
    real = services.extract

    def failing_on_the_second(text, **kwargs):
        if "report 1." in text:
            raise RuntimeError("extractor crashed")
        return real(text, **kwargs)

    monkeypatch.setattr(services, "extract", failing_on_the_second)
    batch = services.articles_ingest(data=batch_inputs(3))

    assert [type(item.error).__name__ for item in batch.items] == [
        "NoneType",
        "RuntimeError",
        "NoneType",
    ]
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://gazette.example/0",
        "https://gazette.example/2",
    ]
    assert Claim.objects.count() == 2 and ClaimLink.objects.count() == 1


def test_a_batch_whose_claims_cannot_be_stored_is_ingested_again_one_by_one(monkeypatch):
    calls = []

    def failing_batches(*, extracted):
        calls.append(len(extracted))
        raise RuntimeError("database refused the claims")

    monkeypatch.setattr(services, "claims_extract_new", failing_batches)
    batch = services.articles_ingest(data=batch_inputs(3))

    assert calls == [3]
    assert [item.result.status for item in batch.items] == ["imported"] * 3
    assert Article.objects.count() == 3 and Claim.objects.count() == 3
    assert ClaimLink.objects.count() == 3


def test_a_batch_stores_an_article_history_row_each_and_new_outlets_once():
    batch = services.articles_ingest(data=batch_inputs(4))

    assert [item.result.status for item in batch.items] == ["imported"] * 4
    history = Article.history.order_by("id")
    assert [h.history_type for h in history] == ["+"] * 4
    assert [h.id for h in history] == [item.result.article.pk for item in batch.items]
    assert sorted(Outlet.objects.values_list("name", flat=True)) == ["Gazette 0", "Gazette 1"]
    for item in batch.items:
        article = Article.objects.get(pk=item.result.article.pk)
        assert article.sha256 == text_sha256(article.text)


def test_a_batch_decides_repeats_of_a_text_or_url_after_the_first():
    [first] = batch_inputs(1)
    again = article_input(url="https://gazette.example/other", text=first.text)
    update = article_input(url=first.url, text=first.text + " And a new paragraph.")
    batch = services.articles_ingest(data=[first, again, update])

    assert [item.result.status for item in batch.items] == ["imported", "unchanged", "updated"]
    assert Article.objects.count() == 1
    assert Article.objects.get().text.endswith("And a new paragraph.")


def test_a_batch_whose_linking_fails_is_ingested_again_one_by_one(monkeypatch):
    calls = []

    def failing_batches(*, article_ids, uncounted):
        calls.append(len(article_ids))
        raise RuntimeError("linking crashed")

    monkeypatch.setattr(services, "links_update_for_articles", failing_batches)
    batch = services.articles_ingest(data=batch_inputs(3))

    assert calls == [3]
    assert [item.result.status for item in batch.items] == ["imported"] * 3
    assert Article.objects.count() == 3 and ClaimLink.objects.count() == 3
