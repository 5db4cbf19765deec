"""The article_process background task: extract and link one article, safe to run again."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus

from claims.models import Claim, ClaimLink
from claims.tasks import article_process
from sources.services import article_ingest
from sources.validation import article_input_from_mapping

pytestmark = pytest.mark.django_db

TEXTS = [
    "Kuwait hosts about 6,000 North Korean workers, the Public Authority of Manpower said.",
    "There are 6,064 North Korean workers in Kuwait, according to a Kuwaiti labour official.",
]


def deferred_articles() -> list:
    """Two articles stored without their claims, as a deferred import leaves them."""
    return [
        article_ingest(
            data=article_input_from_mapping(
                {"title": f"Report {i}", "text": text, "outlet": f"Outlet {i}"}
            ),
            defer=True,
        ).article
        for i, text in enumerate(TEXTS)
    ]


def snapshot() -> tuple:
    claims = sorted(Claim.objects.values_list("pk", "article_id", "start", "end", "subject_key"))
    links = sorted(ClaimLink.objects.values_list("pk", "from_claim_id", "to_claim_id", "relation"))
    return claims, links


def test_task_extracts_and_links_and_a_retry_changes_nothing():
    articles = deferred_articles()
    assert not Claim.objects.exists()
    for article in articles:
        result = article_process.call(article_id=article.pk)
        assert result["status"] == "processed"
        assert result["article_id"] == article.pk
        assert result["claims"]["created"] >= 1
    first = snapshot()
    assert first[0] and first[1], "two articles on Kuwait's workers should give claims and a link"
    for article in articles:
        again = article_process.call(article_id=article.pk)
        assert again["claims"]["created"] == 0
    assert snapshot() == first


def test_task_for_a_deleted_article_reports_it():
    assert article_process.call(article_id=987654) == {"article_id": 987654, "status": "missing"}


def test_task_enqueued_on_the_immediate_backend():
    [article, _] = deferred_articles()
    result = article_process.enqueue(article_id=article.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["status"] == "processed"
    assert Claim.objects.filter(article=article).exists()


@pytest.mark.django_db(transaction=True)
def test_database_backend_and_db_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    articles = deferred_articles()
    assert DBTaskResult.objects.count() == len(articles)
    assert not Claim.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    for article in articles:
        assert Claim.objects.filter(article=article).exists()
