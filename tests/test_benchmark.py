"""`benchmark` grows a corpus, times reads, import and extraction, and reports their shape."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.models import Claim
from kbase.management.benchmarking import percentile, seq_scanned_tables
from tests.admin_helpers import use_plain_static
from tests.factories import ClaimFactory

READS = {"api_claim_list", "claim_list_page", "topic_page", "search_page"}


@pytest.fixture(autouse=True)
def plain_static(settings):
    use_plain_static(settings)


READ_FIELDS = {
    "url",
    "status",
    "queries",
    "p50_ms",
    "p95_ms",
    "raw_sql_p50_ms",
    "raw_sql_p95_ms",
    "ratio_to_raw_sql",
    "python_cpu_p50_ms",
}


def run(tmp_path, **options):
    path = tmp_path / "report.json"
    call_command(
        "benchmark",
        repeat=2,
        warmup=1,
        import_articles=2,
        import_warmup=1,
        extraction_mb=0.01,
        json=str(path),
        verbosity=0,
        **options,
    )
    return json.loads(path.read_text())


@pytest.mark.django_db
def test_reports_reads_import_and_extraction_at_each_size(tmp_path):
    report = run(tmp_path, claims=[40, 120])
    assert report["database"] == connection.vendor
    sizes = report["sizes"]
    assert [s["target_claims"] for s in sizes] == [40, 120]
    # The corpus grew to each size (imported articles add their own claims on top).
    assert 40 <= sizes[0]["claims"] < 120 <= sizes[1]["claims"] < 150
    assert Claim.objects.count() >= sizes[1]["claims"] + sum(
        i["claims"] for i in sizes[1]["imports"]
    )
    for size in sizes:
        assert set(size["reads"]) == READS
        for read in size["reads"].values():
            assert set(read) == READ_FIELDS
            assert read["status"] == 200 and read["queries"] >= 1
            assert read["p95_ms"] >= read["p50_ms"] > 0 and read["raw_sql_p50_ms"] > 0
        assert "kind=worker_count&place=" in size["reads"]["api_claim_list"]["url"]
        # Once in one process, once with a process extracting ahead, as by default.
        assert [i["workers"] for i in size["imports"]] == [0, 1]
        for imported in size["imports"]:
            assert imported["articles"] == 2 and imported["articles_per_s"] > 0
            assert imported["claims"] > 0
    assert (
        sizes[1]["imports"][0]["stored_articles_before"]
        > sizes[0]["imports"][-1]["stored_articles_before"]
    )
    assert report["extraction"]["mb_per_s"] > 0
    whats = [t["what"] for t in report["targets"]]
    assert len(whats) == 6 and all(isinstance(t["met"], bool) for t in report["targets"])
    assert any("import cost per article" in w for w in whats)


@pytest.mark.django_db
def test_imports_with_workers_extracting_ahead(tmp_path):
    report = run(tmp_path, claims=[40], import_workers=[2], import_batch=1)
    (imported,) = report["sizes"][0]["imports"]
    assert imported["workers"] == 2 and imported["batch"] == 1
    assert imported["articles"] == 2 and imported["claims"] > 0


@pytest.mark.django_db
def test_reads_only_skips_import_and_extraction(tmp_path):
    report = run(tmp_path, claims=[30], reads_only=True)
    assert "imports" not in report["sizes"][0] and "extraction" not in report
    assert len(report["targets"]) == 4


@pytest.mark.django_db
def test_refuses_a_database_larger_than_the_first_size_and_bad_sizes(tmp_path):
    ClaimFactory.create_batch(3)
    with pytest.raises(CommandError, match="already holds 3 claims"):
        run(tmp_path, claims=[1])
    with pytest.raises(CommandError, match="claims"):
        call_command("benchmark", "--claims", "ten")
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("benchmark", "--claims", "100", "--explain", str(tmp_path / "plans.md"))


def test_percentiles_and_seq_scans():
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert percentile([1.0, 2.0], 0.95) == 2.0
    plan = "Limit\n  ->  Seq Scan on claims_claim  (cost=0.00..1.00)\n  ->  Index Scan on x"
    assert seq_scanned_tables(plan) == ["claims_claim"]
