"""The extraction commands: extract_claims, evaluate_extraction, benchmark_extraction."""

import io
import json
import os
import sys
from pathlib import Path

import pytest

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    pytest.skip("the commands need Django settings", allow_module_level=True)

from django.core.management import call_command
from django.core.management.base import CommandError

REPO = Path(__file__).resolve().parents[2]
TEXT = (
    "Kuwait hosts about 6,000 North Korean laborers, officials said. They earn around $1,000 a "
    "month. The U.N. sanctions imposed Saturday ban the export of North Korean coal.\n"
)


def run(*args, stdin: bytes | None = None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        old = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            call_command(*args, stdout=out, stderr=err)
        finally:
            sys.stdin = old
    else:
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_extract_claims_prints_json_lines_with_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT)
    out, _ = run("extract_claims", str(path), "--published", "2017-08-10")
    rows = lines(out)
    assert [r["kind"] for r in rows] == ["worker_count", "remittance", "sanctions_clause"]
    assert all(r["file"] == str(path) for r in rows)
    assert all(TEXT[r["start"] : r["end"]] == r["quote"] for r in rows)
    assert rows[2]["instrument"] == "UNSCR 2371"
    assert set(rows[0]) == {
        "file",
        "kind",
        "measure",
        "quote",
        "start",
        "end",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "period",
        "place",
        "as_of",
        "attributed_to",
        "instrument",
        "provision",
    }


def test_extract_claims_reads_standard_input():
    out, _ = run("extract_claims", "-", stdin=TEXT.encode())
    rows = lines(out)
    assert rows and all(r["file"] == "-" for r in rows)
    assert rows[2]["instrument"] is None  # no publication date: "Saturday" is unresolved


def test_extract_claims_reads_jsonl_articles_with_their_dates(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        json.dumps({"text": TEXT, "published": "2017-08-10", "url": "u1"})
        + "\n"
        + json.dumps({"text": "Nothing to see.", "url": "u2"})
        + "\n"
    )
    rows = lines(run("extract_claims", str(path))[0])
    assert {r["file"] for r in rows} == {f"{path}#1"}
    assert rows[2]["instrument"] == "UNSCR 2371"


def test_extract_claims_errors(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 6,000 North Korean workers")
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    with pytest.raises(CommandError) as exc:
        run("extract_claims", str(tmp_path / "missing.txt"), str(bad), str(good))
    assert "2 of 3" in str(exc.value)
    assert exc.value.returncode == 1
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "extract_claims",
            str(tmp_path / "missing.txt"),
            str(bad),
            str(good),
            stdout=out,
            stderr=err,
        )
    messages = err.getvalue().splitlines()
    assert any("missing.txt: no such file" in m for m in messages)
    assert any("bad.txt: not UTF-8 text (byte 0xe9 at offset 3)" in m for m in messages)
    assert lines(out.getvalue())  # the good file was still extracted


def test_extract_claims_rejects_a_bad_date(tmp_path):
    with pytest.raises(CommandError):
        run("extract_claims", "-", "--published", "August")


def test_evaluate_extraction_on_the_demo_corpus():
    demo = REPO / "fixtures" / "demo"
    if not (demo / "gold.jsonl").is_file():
        pytest.skip("demo corpus not found")
    out, _ = run("evaluate_extraction", str(demo / "gold.jsonl"), str(demo / "articles.jsonl"))
    assert "worker_count" in out and "sanctions_clause" in out
    out, _ = run(
        "evaluate_extraction", str(demo / "gold.jsonl"), str(demo / "articles.jsonl"), "--json"
    )
    data = json.loads(out)
    assert data["gold_rows"] > 0
    assert data["kinds"]["worker_count"]["recall"] >= 0.95


def test_evaluate_extraction_on_a_txt_directory_with_dates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "k.txt").write_text(TEXT)
    start = TEXT.index("imposed")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "file": "k.txt",
                "kind": "sanctions_clause",
                "role": "core",
                "start": start,
                "end": len(TEXT) - 1,
                "quote": TEXT[start:-1],
                "instrument": "UNSCR 2371",
                "instrument_named": True,
                "provision": "export_ban",
                "provision_alt": [],
            }
        )
        + "\n"
    )
    dates = tmp_path / "dates.json"
    dates.write_text(json.dumps({"k.txt": "2017-08-10"}))
    data = json.loads(
        run("evaluate_extraction", str(gold), str(corpus), "--dates", str(dates), "--json")[0]
    )
    assert data["kinds"]["sanctions_clause"]["clause_accuracy"] == 1.0
    data = json.loads(run("evaluate_extraction", str(gold), str(corpus), "--json")[0])
    assert data["kinds"]["sanctions_clause"]["clause_accuracy"] == 0.0  # undated: unresolved
    data = json.loads(
        run(
            "evaluate_extraction",
            str(gold),
            str(corpus),
            "--published",
            "k.txt=2017-08-10",
            "--json",
            "--problems",
        )[0]
    )
    assert data["kinds"]["sanctions_clause"]["clause_accuracy"] == 1.0
    assert "problems" in data


def test_evaluate_extraction_errors(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("evaluate_extraction", str(tmp_path / "gold.jsonl"), str(tmp_path))
    with pytest.raises(CommandError, match="FILE=YYYY-MM-DD"):
        run("evaluate_extraction", "g", "c", "--published", "k.txt")


def test_benchmark_extraction_runs_on_a_small_corpus(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": TEXT, "published": "2017-08-10", "url": "u"}) + "\n")
    out, _ = run("benchmark_extraction", "--mb", "0.01", "--corpus", str(corpus))
    assert "MB/s" in out and "articles/s" in out
