"""Measurements of the benchmark command: pages in-process, their raw SQL, imports, plans."""

import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Topic
from kbase.management.synthetic import CorpusGenerator
from kbase.management.synthetic_vocab import COUNTRIES
from sources.validation import article_input_from_mapping
from sources.workers import ingest_batches

# Statements that are no part of a read's answer, left out of its raw SQL.
_TRANSACTION_STATEMENTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")


class BenchmarkError(Exception):
    """A measurement that cannot be taken as asked (a page that fails, a corpus too large)."""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Read:
    """One page or API call to time, and what it is called in the report."""

    name: str
    url: str


@dataclass
class ReadResult:
    name: str
    url: str
    status: int
    queries: int
    p50_ms: float
    p95_ms: float
    raw_p50_ms: float
    raw_p95_ms: float
    cpu_p50_ms: float = 0.0
    statements: list[str] = field(default_factory=list, repr=False)

    @property
    def ratio(self) -> float:
        return self.p50_ms / self.raw_p50_ms if self.raw_p50_ms else math.inf

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "status": self.status,
            "queries": self.queries,
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "raw_sql_p50_ms": round(self.raw_p50_ms, 2),
            "raw_sql_p95_ms": round(self.raw_p95_ms, 2),
            "ratio_to_raw_sql": round(self.ratio, 2),
            "python_cpu_p50_ms": round(self.cpu_p50_ms, 2),
        }


def choose_reads(search: str | None = None) -> list[Read]:
    """The reads to time: the busiest worker-count place's API list, list page and topic page,
    and a search for workers there. Chosen from the data, so every size times the same shape."""
    row = (
        Claim.objects.filter(kind="worker_count")
        .order_by()
        .values("place")
        .annotate(n=Count("pk"))
        .order_by("-n", "place")
        .first()
    )
    if row is None:
        raise BenchmarkError("no worker_count claims are stored: generate a corpus first")
    place = row["place"]
    topic = (
        Topic.objects.filter(kind="worker_count", place=place)
        .order_by("-claim_count", "key")
        .values_list("key", flat=True)
        .first()
    )
    if topic is None:  # Summaries not refreshed: the place's most frequent subject instead.
        topic = (
            Claim.objects.filter(kind="worker_count", place=place)
            .order_by()
            .values("subject_key")
            .annotate(n=Count("pk"))
            .order_by("-n", "subject_key")
            .values_list("subject_key", flat=True)
            .first()
        )
    name = COUNTRIES.get(place, (place,))[0].removeprefix("the ")
    q = search or f"workers {name}"
    return [
        Read("api_claim_list", f"/api/v1/claims/?kind=worker_count&place={place}"),
        Read("claim_list_page", f"/claims/?kind=worker_count&place={place}"),
        Read("topic_page", f"/topics/worker_count/{place}/?key={topic}"),
        Read("search_page", f"/search/?q={q.replace(' ', '+')}"),
    ]


def bench_client() -> Client:
    """A client whose requests the settings accept as they are (host, HTTPS redirect)."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    host = hosts[0] if hosts else "localhost"
    return Client(HTTP_HOST=host)


def time_read(client: Client, read: Read, *, warmup: int, repeat: int) -> ReadResult:
    """Server-side time of one request in-process (no network), and of its SQL alone."""
    for _ in range(warmup):
        _get(client, read)
    with CaptureQueriesContext(connection) as ctx:
        response = _get(client, read)
    # Read once: the context reads the connection's log lazily, and later requests reset it.
    captured = list(ctx.captured_queries)
    statements = [q["sql"] for q in captured if not q["sql"].startswith(_TRANSACTION_STATEMENTS)]
    timings, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        _get(client, read)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    raw = time_statements(statements, warmup=warmup, repeat=repeat)
    return ReadResult(
        name=read.name,
        url=read.url,
        status=response.status_code,
        queries=len(captured),
        p50_ms=percentile(timings, 0.5) * 1000,
        p95_ms=percentile(timings, 0.95) * 1000,
        raw_p50_ms=percentile(raw, 0.5) * 1000,
        raw_p95_ms=percentile(raw, 0.95) * 1000,
        cpu_p50_ms=percentile(cpu, 0.5) * 1000,
        statements=statements,
    )


def _get(client: Client, read: Read):
    # Over HTTPS, as production redirects plain HTTP.
    response = client.get(read.url, secure=True)
    if response.status_code != 200:
        raise BenchmarkError(f"{read.name}: GET {read.url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 - the body is rendered lazily by some responses
    return response


def time_statements(statements: list[str], *, warmup: int, repeat: int) -> list[float]:
    """Seconds to execute the statements and fetch every row, once per repetition."""

    def run() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        return time.perf_counter() - started

    for _ in range(warmup):
        run()
    return [run() for _ in range(repeat)]


def explain(statements: list[str]) -> list[str]:
    """`EXPLAIN (ANALYZE, BUFFERS)` of each SELECT (PostgreSQL only)."""
    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def seq_scanned_tables(plan: str) -> list[str]:
    """Tables a plan reads whole, e.g. ["claims_claim"]."""
    found = []
    for line in plan.splitlines():
        if "Seq Scan on " in line:
            table = line.split("Seq Scan on ", 1)[1].split()[0]
            found.append(table)
    return found


@dataclass
class ImportResult:
    articles: int
    seconds: float
    claims: int
    links: int
    cpu_seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "seconds": round(self.seconds, 3),
            # This process only (validation, extraction, linking in Python); the database's
            # share is the difference, on a machine where nothing else competes.
            "python_cpu_ms_per_article": round(self.cpu_seconds * 1000 / self.articles, 2),
            "articles_per_s": round(self.articles / self.seconds, 2),
            "ms_per_article": round(self.seconds * 1000 / self.articles, 2),
            "claims": self.claims,
            "links": self.links,
        }


def time_import(
    *, seed: int, count: int, warmup: int, batch: int = 1, workers: int = 0
) -> ImportResult:
    """Import `warmup` + `count` new generated articles through the real ingest path (validation,
    extraction, linking, history), `batch` at a time as import_articles does (with `workers`
    processes extracting ahead, as its --workers), and time the last `count`. They stay
    stored.

    The warm-up and timed batches go through one pipeline, as one long import's would: the
    workers are started, and extract ahead, by the time the timed batches begin.
    """
    generator = CorpusGenerator(seed=seed)
    stored = _stored_under(generator.url_prefix())
    generator.rng.seed(f"{seed}:import:{stored}")
    mappings = list(generator.article_records(warmup + count, start=stored))
    # The warm-up's own batches, then the timed ones.
    chunks = [mappings[start : min(start + batch, warmup)] for start in range(0, warmup, batch)]
    warming = len(chunks)
    chunks += [mappings[start : start + batch] for start in range(warmup, warmup + count, batch)]
    started, cpu_started = time.perf_counter(), time.process_time()
    claims = links = 0
    for n, (chunk, done) in enumerate(ingest_batches(_validated(chunks), workers=workers), 1):
        found, linked = _checked(chunk, done)
        if n > warming:
            claims += found
            links += linked
        elif n == warming:  # the last warm-up batch is in: the clock starts
            started, cpu_started = time.perf_counter(), time.process_time()
    return ImportResult(
        articles=count,
        seconds=time.perf_counter() - started,
        claims=claims,
        links=links,
        cpu_seconds=time.process_time() - cpu_started,
    )


def _stored_under(prefix: str) -> int:
    from sources.models import Article

    return Article.objects.filter(url__startswith=prefix).count()


def _validated(chunks: list[list[dict]]):
    for chunk in chunks:
        yield chunk, [article_input_from_mapping(m) for m in chunk]


def _checked(chunk: list[dict], done) -> tuple[int, int]:
    """The claims and links a batch created; a batch that did not import every article fails."""
    claims = 0
    for mapping, item in zip(chunk, done.items, strict=True):
        if item.error is not None:
            raise BenchmarkError(f"{mapping['url']} failed: {item.error}")
        if item.result.status != "imported":
            raise BenchmarkError(f"{mapping['url']} was {item.result.status}, not imported")
        claims += item.result.claims.get("created", 0)
    return claims, done.links.get("created", 0)
