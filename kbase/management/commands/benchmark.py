"""Benchmark reads, import and extraction at growing synthetic corpus sizes; report ratios."""

import io
import json
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from claims.models import Claim
from kbase.cache import enabled as content_cache_enabled
from kbase.management.benchmarking import (
    BenchmarkError,
    bench_client,
    choose_reads,
    explain,
    seq_scanned_tables,
    time_import,
    time_read,
)
from sources.management.commands.import_articles import BATCH as IMPORT_BATCH
from sources.models import Article

CLAIMS_PER_ARTICLE = 10
# A size counts as reached while the stored claims exceed it by at most this share (the
# articles imported by earlier measurements add a few).
SIZE_SLACK = 0.05
# The seed of the imported articles is the corpus seed plus this, so their URLs never clash.
IMPORT_SEED_OFFSET = 1000
TARGET_P50_MS = 50.0
TARGET_RAW_RATIO = 3.0
TARGET_IMPORT_RATE = 200.0
TARGET_IMPORT_GROWTH = 1.5
# The issue's "list and topic page"; the claim list page (with its facet counts) is reported too.
TARGETED_READS = ("api_claim_list", "topic_page")
_MB_PER_S = re.compile(r"([\d.]+) MB/s, (\d+) articles/s \(wall clock\)")
_MB_PER_CPU_S = re.compile(r"([\d.]+) MB/s, (\d+) articles/s \(CPU time")


def sizes_arg(value: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "")) for s in value.split(",") if s.strip()})
    except ValueError:
        raise ValueError(value) from None
    if not sizes or sizes[0] < CLAIMS_PER_ARTICLE:
        raise ValueError(value)
    return sizes


def workers_arg(value: str) -> list[int]:
    workers = [int(w) for w in value.split(",") if w.strip()]
    if not workers or min(workers) < 0:
        raise ValueError(value)
    return workers


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Grow a synthetic corpus (generate_corpus) to each --claims size in turn and measure, "
        "in-process: server-side p50/p95 of the claim list API, the claim list page, a topic "
        "page and search, each against running their own SQL raw; importing generated articles "
        "with extraction and linking (articles/s); extraction alone (MB/s). Writes to the "
        "database (imported articles stay). Figures to cite come from PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--claims",
            type=sizes_arg,
            default=[10_000, 1_000_000],
            help="stored-claim counts to measure at, ascending (default 10000,1000000); the "
            "database must hold no more than the first",
        )
        parser.add_argument("--repeat", type=positive_int, default=50, help="timed requests")
        parser.add_argument("--warmup", type=positive_int, default=5, help="untimed requests")
        parser.add_argument(
            "--import-articles",
            type=positive_int,
            default=300,
            help="articles imported and timed at each size (default 300)",
        )
        parser.add_argument(
            "--import-batch",
            type=positive_int,
            default=IMPORT_BATCH,
            help="articles ingested together, as import_articles --batch (default %(default)s)",
        )
        parser.add_argument(
            "--import-warmup", type=int, default=20, help="articles imported before timing"
        )
        parser.add_argument(
            "--import-workers",
            type=workers_arg,
            default=[0, 1],
            help="import once with each of these numbers of processes extracting ahead, as "
            "import_articles --workers (default 0,1)",
        )
        parser.add_argument(
            "--extraction-mb",
            type=positive_float,
            default=5.0,
            help="megabytes of text for the extraction benchmark (default 5)",
        )
        parser.add_argument(
            "--reads-only",
            action="store_true",
            help="time the reads only: no import, no extraction (to re-check a fix quickly)",
        )
        parser.add_argument("--seed", type=int, default=1, help="the corpus seed")
        parser.add_argument("--search", help="the search words (default: workers <place>)")
        parser.add_argument("--json", metavar="PATH", help="also write the report as JSON here")
        parser.add_argument(
            "--explain",
            metavar="PATH",
            help="write EXPLAIN (ANALYZE, BUFFERS) of every read's queries at the largest size "
            "here, as Markdown (PostgreSQL only)",
        )

    def handle(self, *args, **options) -> None:
        self.options = options
        if options["import_warmup"] < 0:
            raise CommandError("--import-warmup must be 0 or more")
        if options["explain"] and connection.vendor != "postgresql":
            raise CommandError("--explain needs PostgreSQL (set DATABASE_URL)")
        sizes = options["claims"]
        stored = Claim.objects.count()
        if stored > sizes[0] * (1 + SIZE_SLACK):
            raise CommandError(
                f"the database already holds {stored:,} claims, more than the first size "
                f"{sizes[0]:,}: start from an emptier database or a larger first size"
            )
        report = {
            "database": connection.vendor,
            "debug": settings.DEBUG,
            "content_cache": content_cache_enabled(),
            "machine": _machine(),
            "sizes": [],
        }
        if settings.DEBUG:
            self.stderr.write(
                "note: DEBUG is on, so Django records every query: unset DJANGO_DEBUG (with "
                "SECRET_KEY, DJANGO_ALLOWED_HOSTS and KBASE_PLAIN_STATIC=1 set) for real figures"
            )
        if connection.vendor != "postgresql":
            self.stderr.write(f"note: running on {connection.vendor}; cite PostgreSQL figures")
        try:
            for i, size in enumerate(sizes):
                last = i == len(sizes) - 1
                report["sizes"].append(self._at_size(size, explain_to=last and options["explain"]))
        except BenchmarkError as exc:
            raise CommandError(str(exc)) from None
        if not options["reads_only"]:
            report["extraction"] = self._extraction()
        report["targets"] = _targets(report)
        self._print(report)
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(report, indent=2) + "\n")

    def _at_size(self, size: int, *, explain_to: str | None) -> dict:
        options = self.options
        generated = self._grow_to(size)
        if connection.vendor == "postgresql":
            # What autovacuum does after bulk inserts (it is off on some servers): fresh
            # statistics, and all-visible pages so counts can be answered from indexes alone.
            # VACUUM cannot run in a transaction (as in the tests); ANALYZE can.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        row = {
            "claims": Claim.objects.count(),
            "articles": Article.objects.count(),
            "target_claims": size,
            "generate_seconds": round(generated, 1),
            # Other work on the machine slows every figure: the 1-minute load average when
            # this size's reads start.
            "load_average": round(_machine()["load_before"][0], 2),
            "reads": {},
        }
        self._say(f"at {row['claims']:,} claims, {row['articles']:,} articles")
        client = bench_client()
        results = []
        for read in choose_reads(options["search"]):
            result = time_read(client, read, warmup=options["warmup"], repeat=options["repeat"])
            results.append(result)
            row["reads"][read.name] = result.as_dict()
            self._say(
                f"  {read.name}: p50 {result.p50_ms:.1f} ms, raw SQL {result.raw_p50_ms:.1f} ms"
            )
        if connection.vendor == "postgresql":
            scans = {}
            plans = {r.name: explain(r.statements) for r in results}
            for name, found in plans.items():
                tables = sorted({t for plan in found for t in seq_scanned_tables(plan)})
                scans[name] = tables
            row["seq_scans"] = scans
            if explain_to:
                _write_plans(explain_to, row, results, plans)
        if options["reads_only"]:
            return row
        row["imports"] = []
        for workers in options["import_workers"]:
            # The timed articles come after the warm-up ones.
            before = Article.objects.count() + options["import_warmup"]
            imported = time_import(
                seed=options["seed"] + IMPORT_SEED_OFFSET,
                count=options["import_articles"],
                warmup=options["import_warmup"],
                batch=options["import_batch"],
                workers=workers,
            )
            row["imports"].append(
                {
                    "stored_articles_before": before,
                    "batch": options["import_batch"],
                    "workers": workers,
                    **imported.as_dict(),
                }
            )
            self._say(
                f"  import ({workers} extracting ahead): "
                f"{row['imports'][-1]['articles_per_s']} articles/s"
            )
        return row

    def _grow_to(self, size: int) -> float:
        """Generate articles of the corpus seed until about `size` claims are stored."""
        missing = size - Claim.objects.count()
        if missing < CLAIMS_PER_ARTICLE:
            return 0.0
        articles = -(-missing // CLAIMS_PER_ARTICLE)
        self._say(f"generating {articles:,} articles ({articles * CLAIMS_PER_ARTICLE:,} claims)")
        started = time.perf_counter()
        call_command(
            "generate_corpus",
            articles=articles,
            claims_per_article=CLAIMS_PER_ARTICLE,
            seed=self.options["seed"],
            links=True,
            extend=True,
            batch=5000,
            verbosity=0,
            stdout=self.stderr if self.options["verbosity"] >= 1 else io.StringIO(),
        )
        return time.perf_counter() - started

    def _extraction(self) -> dict:
        out = io.StringIO()
        call_command("benchmark_extraction", mb=self.options["extraction_mb"], stdout=out)
        text = out.getvalue()
        wall, cpu = _MB_PER_S.search(text), _MB_PER_CPU_S.search(text)
        if wall is None or cpu is None:
            raise CommandError(f"benchmark_extraction printed no rate:\n{text}")
        return {
            "mb": self.options["extraction_mb"],
            "mb_per_s": float(wall.group(1)),
            "articles_per_s": int(wall.group(2)),
            "mb_per_cpu_s": float(cpu.group(1)),
        }

    def _say(self, message: str) -> None:
        if self.options["verbosity"] >= 1:
            self.stderr.write(message)

    def _print(self, report: dict) -> None:
        out = self.stdout.write
        machine = report["machine"]
        out(
            f"database {report['database']}; {machine['cpus']} CPUs, load average "
            f"{machine['load_before']} at the start; content cache "
            f"{'on' if report['content_cache'] else 'off'}; DEBUG {report['debug']}"
        )
        sizes = report["sizes"]
        out("")
        out(
            f"{'read':<16} {'claims':>10} {'p50 ms':>8} {'p95 ms':>8} {'raw SQL p50':>11} "
            f"{'x raw':>6} {'queries':>7} {'CPU ms':>7}"
        )
        for name in sizes[0]["reads"]:
            for s in sizes:
                r = s["reads"][name]
                out(
                    f"{name:<16} {s['claims']:>10,} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                    f"{r['raw_sql_p50_ms']:>11.1f} {r['ratio_to_raw_sql']:>6.1f} {r['queries']:>7} "
                    f"{r['python_cpu_p50_ms']:>7.1f}"
                )
        out("")
        for imp in (imp for s in sizes for imp in s.get("imports", ())):
            workers = f", {imp['workers']} extracting ahead" if imp["workers"] else ""
            out(
                f"import at {imp['stored_articles_before']:,} stored articles{workers}: "
                f"{imp['articles']} articles in {imp['seconds']} s = {imp['articles_per_s']} "
                f"articles/s ({imp['ms_per_article']} ms each, of which "
                f"{imp['python_cpu_ms_per_article']} ms CPU in this process; {imp['claims']} "
                f"claims, {imp['links']} links)"
            )
        ext = report.get("extraction")
        if ext:
            out(
                f"extraction alone: {ext['mb_per_s']} MB/s wall, {ext['mb_per_cpu_s']} MB/s CPU "
                f"({ext['mb']} MB, one core)"
            )
        for s in sizes:
            if "seq_scans" in s:
                scanned = {k: v for k, v in s["seq_scans"].items() if v}
                out(f"sequential scans at {s['claims']:,} claims: {scanned or 'none'}")
        out("")
        for target in report["targets"]:
            verdict = "met" if target["met"] else "MISSED"
            out(f"{verdict:>6}  {target['what']}: {target['measured']}")


def _machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in load]}


def _targets(report: dict) -> list[dict]:
    """The issue's targets, judged at the largest size measured."""
    sizes = report["sizes"]
    largest = sizes[-1]
    targets = []
    for name in TARGETED_READS:
        read = largest["reads"][name]
        targets.append(
            {
                "what": f"{name} p50 <= {TARGET_P50_MS:g} ms at {largest['claims']:,} claims",
                "measured": read["p50_ms"],
                "met": read["p50_ms"] <= TARGET_P50_MS,
            }
        )
        targets.append(
            {
                "what": f"{name} <= {TARGET_RAW_RATIO:g}x raw SQL at {largest['claims']:,} claims",
                "measured": read["ratio_to_raw_sql"],
                "met": read["ratio_to_raw_sql"] <= TARGET_RAW_RATIO,
            }
        )
    if not largest.get("imports"):
        return targets
    # Judged on the way of importing that is fastest at every size (import_articles --workers).
    rates = {
        imp["workers"]: [
            next(i for i in s["imports"] if i["workers"] == imp["workers"]) for s in sizes
        ]
        for imp in largest["imports"]
    }
    workers, runs = max(rates.items(), key=lambda item: min(r["articles_per_s"] for r in item[1]))
    slowest = min(r["articles_per_s"] for r in runs)
    how = f" ({workers} extracting ahead)" if workers else " (one process)"
    targets.append(
        {
            "what": f"import >= {TARGET_IMPORT_RATE:g} articles/s at every size{how}",
            "measured": slowest,
            "met": slowest >= TARGET_IMPORT_RATE,
        }
    )
    if len(sizes) > 1:
        growth = runs[-1]["ms_per_article"] / runs[0]["ms_per_article"]
        targets.append(
            {
                "what": f"import cost per article, largest / smallest <= "
                f"{TARGET_IMPORT_GROWTH:g}{how}",
                "measured": round(growth, 2),
                "met": growth <= TARGET_IMPORT_GROWTH,
            }
        )
    return targets


def _write_plans(path: str, row: dict, results, plans: dict) -> None:
    lines = [f"Plans at {row['claims']:,} claims, {row['articles']:,} articles.", ""]
    for result in results:
        lines += [f"### {result.name}: `{result.url}`", ""]
        for plan in plans[result.name]:
            lines += ["```", plan, "```", ""]
    Path(path).write_text("\n".join(lines))
