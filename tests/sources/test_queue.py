"""A deferred import through Redis, worked by two rqworker processes, equals the synchronous one."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimLink, Topic
from sources.models import Article, Origin, Outlet
from tests.conftest import DEMO_DIR
from tests.server_helpers import REPO, production_env, server_database_url

# The Redis the test queues on; its queue "default" is emptied while the test holds its lock.
REDIS_URL = os.environ.get("KBASE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
CORPUS = DEMO_DIR / "articles.jsonl"
QUEUE = "default"
# Generous bounds on a loaded machine; a healthy run takes a few seconds.
STARTUP_TIMEOUT = 60
DRAIN_TIMEOUT = 120
# Relations whose direction is by claim id, which the order of processing decides.
SYMMETRIC = {"agrees", "contradicts", "repeats"}


def canonical_dump() -> dict:
    """The stored content, free of ids: articles by text hash, claims by article and span."""
    claims = {}
    for row in Claim.objects.values(
        "id",
        "article__sha256",
        "start",
        "end",
        "kind",
        "quote",
        "subject_key",
        "measure",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "period",
        "place",
        "as_of",
        "as_of_precision",
        "attributed_to",
        "origin__key",
        "instrument",
        "provision",
        "confidence",
        "review_status",
        "orphaned",
    ):
        claim_id = row.pop("id")
        claims[claim_id] = {name: _plain(value) for name, value in row.items()}

    def ref(claim_id):
        c = claims[claim_id]
        return [c["article__sha256"], c["start"], c["end"], c["kind"]]

    links = []
    for from_id, to_id, relation, score, method, decision in ClaimLink.objects.values_list(
        "from_claim_id", "to_claim_id", "relation", "score", "method", "decision"
    ):
        pair = [ref(from_id), ref(to_id)]
        if relation in SYMMETRIC:
            pair.sort()
        links.append([*pair, relation, round(score, 6), method, decision])
    topics = []
    for row in Topic.objects.values().order_by("key"):
        best = row.pop("best_claim_id")
        row = {k: _plain(v) for k, v in row.items() if k not in {"id", "updated"}}
        topics.append({**row, "best_claim": ref(best) if best else None})
    return {
        "articles": sorted(
            [sha, title, url, outlet, _plain(published)]
            for sha, title, url, outlet, published in Article.objects.values_list(
                "sha256", "title", "url", "outlet__key", "published"
            )
        ),
        # Lists, not sets: a claim or link stored twice shows as a difference.
        "claims": sorted(json.dumps(c, sort_keys=True) for c in claims.values()),
        "links": sorted(links),
        "topics": topics,
        "outlets": sorted(Outlet.objects.values_list("key", "kind")),
        "origins": sorted(Origin.objects.values_list("key", flat=True)),
    }


def _plain(value):
    return value if value is None or isinstance(value, bool | int | float) else str(value)


@pytest.fixture
def redis_queue():
    """The RQ queue on REDIS_URL, held for this test alone; skips when Redis is unreachable."""
    import redis
    from rq import Queue

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({error}); set KBASE_TEST_REDIS_URL")
    # Two runs of this test at once on one Redis would work each other's jobs.
    with connection.lock("kbase:test-queue-lock", timeout=DRAIN_TIMEOUT + 60, blocking_timeout=300):
        queue = Queue(QUEUE, connection=connection)
        queue.empty()
        yield queue


def manage(*args: str, env: dict, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=REPO, env=env, **popen)


def wait_for(condition, timeout: float, what: str, logs=()) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p.name}:\n{p.read_text()[-3000:]}" for p in logs)
            pytest.fail(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # RQ's warm shutdown: finish the job, then exit
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_two_rq_workers_give_the_synchronous_import(redis_queue, tmp_path):
    from rq import Worker
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

    call_command("import_articles", str(CORPUS), verbosity=0)
    expected = canonical_dump()
    assert len(expected["articles"]) == 10 and expected["links"] and expected["topics"]
    # On PostgreSQL the workers share the test database: start it empty again.
    for model in (Topic, ClaimLink, Claim, Article, Outlet, Origin):
        model.objects.all().delete()

    env = production_env(
        DATABASE_URL=server_database_url(tmp_path), REDIS_URL=REDIS_URL, KBASE_TASKS_BACKEND="rq"
    )
    connection = redis_queue.connection
    finished, failed = (
        FinishedJobRegistry(queue=redis_queue),
        FailedJobRegistry(queue=redis_queue),
    )
    before = set(finished.get_job_ids()) | set(failed.get_job_ids())
    names = [f"kbase-test-{os.getpid()}-{n}" for n in (1, 2)]
    logs = [tmp_path / f"{name}.log" for name in names]
    workers = []
    try:
        for name, log in zip(names, logs, strict=True):
            with log.open("wb") as out:
                workers.append(
                    manage("rqworker", QUEUE, "--name", name, env=env, stdout=out, stderr=out)
                )

        def both_idle():
            found = {w.name: w for w in Worker.all(queue=redis_queue)}
            return all(n in found and found[n].get_state() == "idle" for n in names)

        # Both wait on the queue before the first job arrives, so both get work.
        wait_for(both_idle, STARTUP_TIMEOUT, "two idle workers", logs)
        imported = subprocess.run(
            [sys.executable, "manage.py", "import_articles", str(CORPUS), "--defer", "-v", "0"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        assert imported.returncode == 0, imported.stdout + imported.stderr
        assert "imported 10" in imported.stdout

        def done() -> set[str]:
            return (set(finished.get_job_ids()) | set(failed.get_job_ids())) - before

        wait_for(
            lambda: (
                len(done()) >= 10
                and redis_queue.count == 0
                and StartedJobRegistry(queue=redis_queue).count == 0
            ),
            DRAIN_TIMEOUT,
            "the queue to drain",
            logs,
        )
    finally:
        for worker in workers:
            stop(worker)

    output = [log.read_text() for log in logs]
    assert not set(failed.get_job_ids()) - before, "\n".join(output)
    ran = [text.count("Job OK") for text in output]
    assert sum(ran) == 10 and all(ran), (ran, "\n".join(output))
    assert connection.llen(redis_queue.key) == 0

    got = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import json; from tests.sources.test_queue import canonical_dump; "
            "print(json.dumps(canonical_dump()))",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert got.returncode == 0, got.stderr
    queued = json.loads(got.stdout)
    for part in expected:
        assert queued[part] == json.loads(json.dumps(expected[part])), part
