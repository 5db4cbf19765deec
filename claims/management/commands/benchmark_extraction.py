"""Time the extractor on one core over >= N MB of text built from the demo and shared corpora."""

import gc
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import EXTRACTOR_VERSION, extract
from claims.extraction.corpus import CorpusError, load_articles


def positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


def default_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    sources = [base / "fixtures" / "demo" / "articles.jsonl"]
    shared = Path(os.environ.get("KBASE_CORPUS_DIR", base.parent / "shared" / "corpus"))
    if any(shared.glob("*.txt")):
        sources.append(shared)
    return [s for s in sources if s.exists()]


class Command(BaseCommand):
    help = (
        "Benchmark claims.extraction.extract on one core: repeat the available articles (the "
        "demo corpus, plus the shared corpus when present) until at least --mb megabytes of text, "
        "extract from each and report MB/s and articles/s. Not part of the test suite."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--mb", type=positive_float, default=10.0, help="megabytes of text (default 10)"
        )
        parser.add_argument(
            "--corpus",
            action="append",
            default=[],
            metavar="PATH",
            help="a .jsonl of articles or a directory of .txt files (repeatable; default: the "
            "demo corpus and the shared corpus)",
        )

    def handle(self, *args, **options) -> None:
        sources = [Path(p) for p in options["corpus"]] or default_sources()
        texts: list[tuple[str, object]] = []
        try:
            for source in sources:
                texts.extend((a.text, a.published) for a in load_articles(source))
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        if not texts:
            raise CommandError("no articles to benchmark")
        target = int(options["mb"] * 1_000_000)
        work: list[tuple[str, object]] = []
        size = 0
        while size < target:
            for text, published in texts:
                work.append((text, published))
                size += len(text.encode("utf-8"))
                if size >= target:
                    break
        for text, published in texts:  # warm up: compile patterns, load pycountry
            extract(text, published=published)
        gc.collect()
        gc.disable()
        try:
            claims = 0
            start = time.perf_counter()
            cpu_start = time.process_time()
            for text, published in work:
                claims += len(extract(text, published=published))
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
        finally:
            gc.enable()
        mb = size / 1_000_000
        self.stdout.write(
            f"extractor {EXTRACTOR_VERSION}: {len(work)} articles ({len(texts)} distinct), "
            f"{mb:.1f} MB, {claims} claims in {elapsed:.2f} s wall, {cpu:.2f} s CPU, one core\n"
            f"{mb / elapsed:.2f} MB/s, {len(work) / elapsed:.0f} articles/s (wall clock)\n"
            f"{mb / cpu:.2f} MB/s, {len(work) / cpu:.0f} articles/s (CPU time of this process)"
        )
