"""Imports killed half-way and background tasks that crashed leave nothing partial, and retry."""

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.server_helpers import REPO, production_env, server_database_url

ARTICLES = 60
POLL_SECONDS = 0.02

# Run in a process of its own against the shared database: the state every article is in, and
# a description of everything stored that does not depend on row ids.
CHECK = """
import json
from django.db import transaction
from claims.models import Claim, ClaimLink, Topic
from claims.services import claims_extract, links_update_for_article
from sources.models import Article, Origin, Outlet

def claim_key(c):
    return [c.article.url, c.start, c.end, c.kind]

changes, bare = [], []
for article in Article.objects.order_by("pk"):
    with transaction.atomic():
        made = claims_extract(article=article)
        linked = links_update_for_article(article=article)
        transaction.set_rollback(True)
    if any(made[k] for k in ("created", "updated", "removed")) or any(
        linked[k] for k in ("created", "updated", "deleted")
    ):
        changes.append([article.url, made, linked])
    if not article.claims.exists():
        bare.append(article.url)
claims = Claim.objects.select_related("article", "origin")
links = ClaimLink.objects.select_related("from_claim__article", "to_claim__article")
print(json.dumps({
    "changes": changes,
    "without_claims": bare,
    "counts": {
        "articles": Article.objects.count(),
        "claims": Claim.objects.count(),
        "links": ClaimLink.objects.count(),
        "outlets": Outlet.objects.count(),
        "origins": Origin.objects.count(),
        "topics": Topic.objects.count(),
    },
    "articles": sorted([a.url, a.sha256, a.title, a.outlet.name] for a in Article.objects.all()),
    "claims": sorted(
        [*claim_key(c), c.quote, str(c.value_low), str(c.value_high), c.subject_key,
         c.origin.key if c.origin else ""]
        for c in claims
    ),
    "links": sorted(
        [claim_key(k.from_claim), claim_key(k.to_claim), k.relation, k.score, k.rationale]
        for k in links
    ),
    "topics": sorted([t.key, t.claim_count, t.open_contradictions] for t in Topic.objects.all()),
}))
"""
EMPTY = """
from claims.models import ClaimLink, Claim, Topic
from sources.models import Article, Origin, Outlet
for model in (Topic, ClaimLink, Claim, Article, Outlet, Origin):
    model.objects.all().delete()
"""


def manage(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=production_env(DATABASE_URL=url),
        capture_output=True,
        text=True,
        check=check,
    )


def state(url: str) -> dict:
    return json.loads(manage(url, "shell", "--no-imports", "-c", CHECK).stdout)


class ArticleCounter:
    """Counts committed articles through a connection of its own, as another client would."""

    def __init__(self, url: str):
        if url.startswith("sqlite:"):
            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10)
        else:
            import psycopg2

            self.connection = psycopg2.connect(url)
            self.connection.autocommit = True

    def __call__(self) -> int:
        cursor = self.connection.cursor()
        cursor.execute("SELECT count(*) FROM sources_article")
        return cursor.fetchone()[0]

    def close(self) -> None:
        self.connection.close()


def write_corpus(path, count: int):
    """Synthetic news articles: varied places, figures, outlets and dates, so they link."""
    from kbase.management.synthetic import CorpusGenerator

    generator = CorpusGenerator(seed=11, claims_per_article=4)
    with path.open("w", encoding="utf-8") as out:
        for record in generator.article_records(count):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def import_killed_after(url: str, corpus, committed: int) -> int:
    """Start an import and SIGKILL it once `committed` articles are in; the count at the kill."""
    counter = ArticleCounter(url)
    process = subprocess.Popen(
        # Small batches, so that some commit well before the end.
        [sys.executable, "manage.py", "import_articles", str(corpus), "-v", "0", "--batch", "4"],
        cwd=REPO,
        env=production_env(DATABASE_URL=url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 300
        while counter() < committed:
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the import never committed enough articles"
            time.sleep(POLL_SECONDS)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
        return counter()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
        counter.close()


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_half_way_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    """The subprocess shares the database: the test database on PostgreSQL, a file on SQLite."""
    url = server_database_url(tmp_path)
    corpus = write_corpus(tmp_path / "corpus.jsonl", ARTICLES)

    at_kill = import_killed_after(url, corpus, committed=ARTICLES // 5)

    killed = state(url)
    assert 0 < killed["counts"]["articles"] == at_kill < ARTICLES // 2
    # Whatever the kill interrupted was rolled back: every stored article is whole, its
    # extraction and linking done (running them again would change nothing).
    assert killed["changes"] == []

    rerun = manage(url, "import_articles", str(corpus))
    summary = re.search(r"imported (\d+), updated 0, unchanged (\d+), failed 0", rerun.stdout)
    assert summary, rerun.stdout[-500:]
    after = state(url)
    assert after["changes"] == []
    # The articles stored before the kill were found again, not stored twice.
    assert int(summary[1]) == after["counts"]["articles"] - at_kill
    assert int(summary[2]) >= at_kill

    # The same corpus imported once into an empty knowledge base.
    manage(url, "shell", "--no-imports", "-c", EMPTY)
    assert state(url)["counts"] == dict.fromkeys(after["counts"], 0)
    manage(url, "import_articles", str(corpus), "-v", "0")
    clean = state(url)
    assert clean["counts"]["articles"] > ARTICLES // 2
    assert after["counts"] == clean["counts"]
    for part in ("articles", "claims", "links", "topics"):
        assert after[part] == clean[part], part
    # Articles without claims are the ones whose text gives none, as in a clean import.
    assert set(killed["without_claims"]) <= set(clean["without_claims"])
    assert len(clean["without_claims"]) < clean["counts"]["articles"] // 4


# Background tasks that crash half-way ------------------------------------------------------

CRASHING = {2, 5, 7}  # positions of the demo articles whose task crashes the first time


def deferred_articles() -> list:
    """The demo articles (they agree, contradict and repeat), stored without their claims, as a
    deferred import leaves them."""
    from sources.services import article_ingest
    from sources.validation import article_input_from_mapping
    from tests.conftest import DEMO_DIR

    lines = (DEMO_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [
        article_ingest(data=article_input_from_mapping(json.loads(line)), defer=True).article
        for line in lines
        if line.strip()
    ]


def stored() -> dict:
    """Claims, links and topics, described without row ids."""
    from claims.models import Claim, ClaimLink, Topic

    def key(claim) -> tuple:
        return (claim.article.url, claim.start, claim.end, claim.kind)

    claims = [
        (*key(c), c.quote, c.value_low, c.value_high, c.subject_key)
        for c in Claim.objects.select_related("article")
    ]
    links = [
        (key(k.from_claim), key(k.to_claim), k.relation, k.score, k.rationale)
        for k in ClaimLink.objects.select_related("from_claim__article", "to_claim__article")
    ]
    topics = [(t.key, t.claim_count, t.open_contradictions) for t in Topic.objects.all()]
    return {"claims": sorted(claims), "links": sorted(links), "topics": sorted(topics)}


def crash_after_linking_writes(monkeypatch) -> list[int]:
    """Make the linking step raise once it has written its links, before its transaction ends.

    Returns the list the number of links written before each crash is appended to.
    """
    from claims.services import linking

    real_apply = linking._apply
    written: list[int] = []

    def apply_then_crash(plan, **kwargs):
        real_apply(plan, **kwargs)
        written.append(len(plan.create))
        raise RuntimeError("worker died half-way through linking")

    monkeypatch.setattr(linking, "_apply", apply_then_crash)
    return written


def run_tasks(articles, order) -> list:
    from claims.tasks import article_process

    return [article_process.enqueue(article_id=articles[i].pk) for i in order]


def clean_run(order) -> dict:
    """The same articles, processed in the same order by tasks that never crash."""
    from claims.models import Claim, Topic
    from claims.tasks import article_process
    from sources.models import Article

    Topic.objects.all().delete()
    Claim.objects.all().delete()
    articles = list(Article.objects.order_by("pk"))
    for i in order:
        article_process.call(article_id=articles[i].pk)
    return stored()


@pytest.mark.django_db
def test_a_task_that_crashed_half_way_stores_nothing_and_its_retry_duplicates_nothing(
    monkeypatch,
):
    from django.tasks import TaskResultStatus

    from claims.models import Claim

    articles = deferred_articles()
    fine = [i for i in range(len(articles)) if i not in CRASHING]
    run_tasks(articles, fine[:2])
    with monkeypatch.context() as patch:
        written = crash_after_linking_writes(patch)
        crashed = run_tasks(articles, sorted(CRASHING))
    assert len(written) == len(CRASHING) and sum(written) > 0, written
    assert {r.status for r in crashed} == {TaskResultStatus.FAILED}
    assert all("half-way through linking" in r.errors[0].traceback for r in crashed)
    # The crash rolled back the article's claims and the links already written.
    assert not Claim.objects.filter(article__in=[articles[i] for i in CRASHING]).exists()
    run_tasks(articles, fine[2:])

    retried = run_tasks(articles, sorted(CRASHING))
    assert {r.status for r in retried} == {TaskResultStatus.SUCCESSFUL}
    assert all(r.return_value["claims"]["created"] > 0 for r in retried)
    after = stored()
    # A second retry of every task changes nothing.
    run_tasks(articles, range(len(articles)))
    assert stored() == after

    order = [*fine, *sorted(CRASHING)]
    assert after == clean_run(order)
    assert len({c[:4] for c in after["claims"]}) == len(after["claims"])
    assert len({frozenset(link[:2]) for link in after["links"]}) == len(after["links"])
    assert after["links"], "the articles should link, or the test proves little"


@pytest.mark.django_db(transaction=True)
def test_a_task_that_crashed_in_the_database_worker_is_retried_by_enqueueing_it_again(
    settings, monkeypatch
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from claims.tasks import article_process

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    articles = deferred_articles()
    assert DBTaskResult.objects.count() == len(articles)

    with monkeypatch.context() as patch:
        written = crash_after_linking_writes(patch)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"FAILED"}
    assert len(written) == len(articles)
    assert stored()["claims"] == []

    for article in articles:
        article_process.enqueue(article_id=article.pk)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED"] * len(articles) + ["SUCCESSFUL"] * len(articles)
    assert stored() == clean_run(range(len(articles)))
