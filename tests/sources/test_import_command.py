"""The import_articles command: formats, bad input, idempotence, atomicity, output, exit code."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Claim, ClaimLink, ReviewStatus
from sources import services
from sources.models import Article, Outlet
from tests.conftest import REPO
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

BODY = "Kuwait hosts about 6,000 North Korean workers, officials said.\n\nMore text follows."
HTML = """<!doctype html><html><head>{meta}<title>Qatar's crews | Doha Evening Star</title>
<meta name="author" content="Sam Doe">
<meta property="og:site_name" content="Doha Evening Star">
<meta property="article:published_time" content="2017-10-22">
<link rel="canonical" href="https://doha.example/crews"></head>
<body><nav>Home</nav><article><h1>Qatar\u2019s crews</h1>
<p>Qatar hosts about 1,800 North Korean workers, the ministry said \u2013 \u201cfor now\u201d.</p>
<p>The caf\u00e9 by the camp stays open.</p></article></body></html>"""


def run(*args, **options) -> tuple[str, CommandError | None]:
    """Run the command; return its output and the CommandError it ended with, if any."""
    out = io.StringIO()
    try:
        call_command(
            "import_articles", *map(str, args), stdout=out, stderr=io.StringIO(), **options
        )
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def write_jsonl(path: Path, *records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row_counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "article_history": Article.history.count(),
        "claims": Claim.objects.count(),
        "claim_history": Claim.history.count(),
        "links": ClaimLink.objects.count(),
        "outlets": Outlet.objects.count(),
    }


# Formats


def test_txt_with_headers(tmp_path):
    path = tmp_path / "kuwait.txt"
    path.write_text(
        "Kuwait keeps its workers\n"
        "URL: https://gazette.example/kuwait\n"
        "Outlet: Harbour Gazette\n"
        "Published: 2017-08-10\n"
        "Author: Jana Roe\n\n" + BODY,
        encoding="utf-8",
    )
    output, error = run(path)
    assert error is None
    article = Article.objects.get()
    assert (article.title, article.url, article.author) == (
        "Kuwait keeps its workers",
        "https://gazette.example/kuwait",
        "Jana Roe",
    )
    assert article.outlet.name == "Harbour Gazette"
    assert str(article.published) == "2017-08-10"
    assert article.text == BODY
    assert Claim.objects.filter(article=article).exists()
    assert f"imported  Kuwait keeps its workers  ({path}; #{article.pk}" in output
    assert "imported 1, updated 0, unchanged 0, failed 0" in output


def test_outlet_and_published_options_apply_to_every_file(tmp_path):
    (tmp_path / "a.txt").write_text("First\nOutlet: Own Outlet\nPublished: 2016\n\nText one.")
    (tmp_path / "b.txt").write_text("Second\n\nText two.")
    _, error = run(tmp_path, outlet="Run Outlet", outlet_kind="ngo", published="2017-09")
    assert error is None
    assert set(Article.objects.values_list("outlet__name", "published", "published_precision")) == {
        ("Run Outlet", Article.objects.first().published, "month")
    }
    assert str(Article.objects.first().published) == "2017-09-01"
    assert Outlet.objects.get(name="Run Outlet").kind == "ngo"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="content-type" content="text/html; charset=iso-8859-1">',
    ],
)
def test_html_in_a_legacy_charset(tmp_path, meta):
    path = tmp_path / "qatar.html"
    path.write_bytes(HTML.format(meta=meta).encode("cp1252"))
    _, error = run(path)
    assert error is None
    article = Article.objects.get()
    assert article.title == "Qatar\u2019s crews"
    assert article.author == "Sam Doe"
    assert article.outlet.name == "Doha Evening Star"
    assert str(article.published) == "2017-10-22"
    assert article.url == "https://doha.example/crews"
    assert "the ministry said \u2013 \u201cfor now\u201d." in article.text
    assert "caf\u00e9" in article.text
    assert "Home" not in article.text


def test_jsonl_and_forced_format(tmp_path):
    records = [
        {
            "title": "One",
            "text": BODY,
            "url": "https://a.example/1",
            "outlet": "Gulf Wire Service",
            "outlet_kind": "wire",
            "published": "2017-08-10",
            "author": "Omar Said",
        },
        {
            "title": "Two",
            "text": BODY + " Relayed.",
            "url": "https://b.example/2",
            "outlet": "Evening Record",
            "outlet_kind": "newspaper",
            "published": "2017-08",
            "author": "",
            "wire": "Gulf Wire Service",
        },
    ]
    path = write_jsonl(tmp_path / "articles.data", *records)
    _, error = run(path)
    assert "unknown format of .data" in str(error)
    assert not Article.objects.exists()
    output, error = run(path, format="jsonl")
    assert error is None
    one, two = Article.objects.get(title="One"), Article.objects.get(title="Two")
    assert (one.outlet.kind, one.author, one.wire) == ("wire", "Omar Said", "")
    assert (two.published_precision, two.wire) == ("month", "gulf-wire-service")
    assert f"{path}:2; #{two.pk}" in output


def test_deferred_import_processes_after_commit(tmp_path, django_capture_on_commit_callbacks):
    path = write_jsonl(tmp_path / "a.jsonl", {"title": "One", "text": BODY})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output, error = run(path, defer=True)
    assert error is None
    assert "claims deferred to a background task" in output
    assert len(callbacks) == 1
    assert Claim.objects.exists()


# Bad input


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"   \n\n \t\n", "the file holds only whitespace"),
        ("title-only.txt", b"A title\n\n", "text: is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary data"),
        (
            "bad.html",
            HTML.format(meta='<meta charset="utf-8">').encode("cp1252"),
            "not valid in utf-8 (declared)",
        ),
        ("date.txt", b"Title\nPublished: last Tuesday\n\nText.", "published: cannot read"),
        ("url.txt", b"Title\nURL: gazette/kuwait\n\nText.", "url: 'gazette/kuwait' is not"),
        ("control.txt", b"Title\n\nText\x07 with a bell.", "control character U+0007"),
    ],
)
def test_bad_file_gets_one_clear_line_and_stores_nothing(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Good\n\n" + BODY)
    output, error = run(tmp_path)
    assert error is not None
    assert str(error) == f"1 failed: {tmp_path / name}: " + str(error).split(": ", 2)[2]
    assert message in str(error)
    assert [line for line in output.splitlines() if line.startswith("FAILED")] == [
        f"FAILED    {tmp_path / name}: {str(error).split(': ', 2)[2]}"
    ]
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]


def test_bad_jsonl_lines_are_named_by_line(tmp_path):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        {"title": "First", "text": "Text one."},
        '{"title": "Broken", "text": ',
        {"text": "No title."},
        {"title": "No text"},
        {"title": "Bad date", "text": "x", "published": "2017-02-30"},
        {"title": "Huge", "text": "x" * 300},
        {"title": "Last", "text": "Text two."},
    )
    output, error = run(path, max_bytes=200)
    assert str(error) == "5 failed: see the list above"
    assert "imported 2, updated 0, unchanged 0, failed 5" in output
    failures = [line for line in output.splitlines() if line.startswith("  failed: ")]
    assert failures == [
        f"  failed: {path}:2: invalid JSON: Expecting value (column 29)",
        f"  failed: {path}:3: title: is required",
        f"  failed: {path}:4: text: is required",
        f"  failed: {path}:5: published: cannot read '2017-02-30' as a date (day is out of "
        "range for month); use YYYY-MM-DD, YYYY-MM, YYYY or an ISO 8601 date-time",
        f"  failed: {path}:6: text: is 300 bytes of UTF-8, over the limit of 200 bytes",
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First", "Last"]


def test_size_limit_for_files(tmp_path, settings):
    settings.KBASE = {**settings.KBASE, "MAX_ARTICLE_BYTES": 100}
    (tmp_path / "big.txt").write_text("Big\n\n" + "word " * 30)
    _, error = run(tmp_path / "big.txt")
    assert "text: is 149 bytes of UTF-8, over the limit of 100 bytes" in str(error)
    _, error = run(tmp_path / "big.txt", max_bytes=1000)
    assert error is None


def test_missing_paths_and_empty_folders_do_not_stop_the_rest(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not an article")
    (tmp_path / "good.txt").write_text("Good\n\n" + BODY)
    output, error = run(tmp_path / "nope.txt", tmp_path / "empty", tmp_path / "good.txt")
    assert str(error) == "2 failed: see the list above"
    assert f"  failed: {tmp_path / 'nope.txt'}: no such file or folder" in output
    assert f"  failed: {tmp_path / 'empty'}: the folder holds no importable files" in output
    assert Article.objects.count() == 1


def test_dotdot_paths_are_resolved_and_reported_as_given(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("A\n\n" + BODY)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    output, error = run("../data", "../work/../data/missing.txt")
    assert "imported  A  (../data/a.txt; #" in output
    assert str(error) == "1 failed: ../work/../data/missing.txt: no such file or folder"


def test_bad_published_option_fails_before_importing(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\nText.")
    with pytest.raises(CommandError, match="--published: cannot read 'soon'"):
        call_command("import_articles", str(tmp_path), published="soon", stdout=io.StringIO())
    assert not Article.objects.exists()


# Idempotence, updates, atomicity


def test_second_run_is_unchanged_and_writes_nothing(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "One", "text": BODY, "url": "https://a.example/1"},
        {"title": "Two", "text": "There are 6,064 North Korean workers in Kuwait."},
    )
    (tmp_path / "b.txt").write_text("Three\n\nQatar hosts 1,800 North Korean workers.")
    run(tmp_path)
    before = row_counts()
    output, error = run(tmp_path)
    assert error is None
    assert "imported 0, updated 0, unchanged 3, failed 0" in output
    assert row_counts() == before


def test_new_text_for_a_known_url_updates_and_keeps_reviewed_claims(tmp_path, curator):
    path = tmp_path / "a.txt"
    path.write_text(f"Kuwait\nURL: https://a.example/1\n\n{BODY}")
    run(path)
    article = Article.objects.get()
    quote = "officials said"
    reviewed = ClaimFactory(
        article=article,
        quote=quote,
        start=BODY.index(quote),
        end=BODY.index(quote) + len(quote),
        review_status=ReviewStatus.ACCEPTED,
        reviewed_by=curator,
        subject_key="",
    )
    path.write_text(f"Kuwait\nURL: https://a.example/1\n\nA new lead.\n\n{BODY}")
    output, error = run(path)
    assert error is None
    assert "updated   Kuwait  (" in output
    reviewed.refresh_from_db()
    article.refresh_from_db()
    assert article.text[reviewed.start : reviewed.end] == quote
    path.write_text(f"Kuwait\nURL: https://a.example/1\n\n{BODY.replace(quote, 'they said')}")
    output, error = run(path)
    assert "1 claims orphaned" in output
    reviewed.refresh_from_db()
    assert reviewed.orphaned
    assert reviewed.review_status == ReviewStatus.ACCEPTED
    assert Article.objects.count() == 1


def test_failure_in_one_article_keeps_the_others_and_a_rerun_completes(tmp_path, monkeypatch):
    path = write_jsonl(
        tmp_path / "three.jsonl",
        {"title": "First", "text": BODY},
        {"title": "Second", "text": "There are 6,064 North Korean workers in Kuwait."},
        {"title": "Third", "text": "Qatar hosts 1,800 North Korean workers."},
    )
    real_extract = services.extract

    def failing_for_the_second(text, **kwargs):
        result = real_extract(text, **kwargs)
        if "6,064" in text:
            raise RuntimeError("extractor failed on the second article")
        return result

    monkeypatch.setattr(services, "extract", failing_for_the_second)
    output, error = run(path)
    assert str(error) == (
        f"1 failed: {path}:2: RuntimeError: extractor failed on the second article"
    )
    assert "imported 2, updated 0, unchanged 0, failed 1" in output
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First", "Third"]
    second_claims = Claim.objects.filter(quote__contains="6,064")
    assert not second_claims.exists()

    monkeypatch.setattr(services, "extract", real_extract)
    output, error = run(path)
    assert error is None
    assert "imported 1, updated 0, unchanged 2, failed 0" in output
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First", "Second", "Third"]
    assert second_claims.exists()
    first_run = row_counts()
    run(path)
    assert row_counts() == first_run


# Output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(tmp_path, capsys):
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "One", "text": "Text one."},
        {"title": "Two", "text": "Text two."},
        {"title": "", "text": "No title."},
    )
    out = Terminal()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), stdout=out)
    assert "imported  One" not in out.getvalue()  # the bar replaces per-article lines
    assert "imported 2, updated 0, unchanged 0, failed 1" in out.getvalue()
    bar = capsys.readouterr().err
    assert "3/3" in bar
    assert "article" in bar


def test_quiet_run_prints_only_the_summary(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\nText.")
    output, _ = run(tmp_path, verbosity=0)
    assert output.splitlines() == ["imported 1, updated 0, unchanged 0, failed 0"]


def test_exit_code_is_non_zero_when_anything_failed(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(tmp_path / "nope.txt")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"failed: {tmp_path / 'nope.txt'}: no such file or folder" in done.stdout
    assert "CommandError: 1 failed" in done.stderr


# The shared corpus


def test_shared_corpus_imports_and_a_second_run_is_unchanged(corpus_dir):
    output, error = run(corpus_dir)
    assert error is None, output
    assert "imported 5, updated 0, unchanged 0, failed 0; 1 file(s) skipped" in output
    assert Article.objects.count() == 5
    first = row_counts()
    for path in sorted(corpus_dir.glob("*.txt")):
        title = path.read_text(encoding="utf-8").splitlines()[0].strip()
        article = Article.objects.get(title=title)
        assert path.read_text(encoding="utf-8").endswith(article.text.rstrip()[-200:])
    output, error = run(corpus_dir)
    assert error is None
    assert "imported 0, updated 0, unchanged 5, failed 0" in output
    assert row_counts() == first
