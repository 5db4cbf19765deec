"""Hostile input at every entry point: a clear 4xx or error line, nothing half-stored, no script."""

import io
import json
from pathlib import Path

import lxml.html
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Claim, ClaimLink, Topic
from sources.models import Article, Origin, Outlet
from tests.api_helpers import client_for
from tests.browser.support import plain_http  # noqa: F401 - the fixture, used by pytestmark

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

# Every way markup could run in a page, set in the text, title, outlet and author of an article.
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
IFRAME = '<iframe src="javascript:alert(1)"></iframe>'
LINK = '<a href="javascript:alert(1)" onclick="alert(1)">read more</a>'
SVG = "<svg onload=alert(1)>"
BREAKOUT = '"></script><script>alert(1)</script>'
MALICIOUS_TEXT = (
    "KUWAIT CITY — About 6,000 North Korean workers are in Kuwait, the authority said. "
    f"{SCRIPT}\n\n"
    f"{IMG} {IFRAME} {LINK} {SVG}\n\n"
    f"North Korean workers earn around $1,000 a month, officials said. {BREAKOUT}"
)
MALICIOUS = {
    "title": f"{SCRIPT} Kuwait's workers {BREAKOUT}",
    "text": MALICIOUS_TEXT,
    "url": "https://news.example.org/kuwait-workers",
    "outlet": f"{IMG} Gazette",
    "author": BREAKOUT,
    "published": "2018-03-05",
}
MALICIOUS_PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Kuwait's crews | Example Gazette</title>{SCRIPT}
<meta property="og:site_name" content="Example Gazette"></head>
<body onload="alert(1)"><nav>Home</nav><article><h1>Kuwait's crews</h1>
<p onclick="alert(1)">About 6,000 North Korean workers are in Kuwait, the authority said.</p>
{SCRIPT}{IFRAME}
<p>North Korean workers earn around $1,000 a month. {LINK} {IMG}</p>
<p>The ministry did not say when the crews would leave.</p></article></body></html>"""


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def counts() -> dict[str, int]:
    return {
        "articles": Article.objects.count(),
        "article_history": Article.history.count(),
        "claims": Claim.objects.count(),
        "links": ClaimLink.objects.count(),
        "outlets": Outlet.objects.count(),
        "origins": Origin.objects.count(),
        "topics": Topic.objects.count(),
    }


def run_import(*paths) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def write_jsonl(path: Path, *records) -> Path:
    with path.open("wb") as out:
        for record in records:
            if isinstance(record, dict):
                record = json.dumps(record, ensure_ascii=False)
            out.write(record if isinstance(record, bytes) else record.encode())
            out.write(b"\n")
    return path


def executable_markup(page: str) -> list[str]:
    """Whatever in a page could run script: scripts not from /static/ and not JSON data,
    frames and plugins, event-handler attributes, javascript: URLs."""
    found = []
    for element in lxml.html.document_fromstring(page).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rpartition("}")[2]
        if tag == "script":
            if element.get("type") == "application/ld+json":
                json.loads(element.text)  # data, and whole: nothing broke out of it
            elif not element.get("src", "").startswith("/static/"):
                found.append(f"<script> {element.text!r}")
        if tag in {"iframe", "frame", "object", "embed"}:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction", "xlink:href", "data"} and (
                "".join(value.split()).lower().startswith(("javascript:", "vbscript:"))
            ):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def assert_pages_inert(client, article: Article) -> None:
    """Every page showing the article, its claims, outlet and origins holds no runnable markup."""
    claims = list(article.claims.all())
    assert claims, "the malicious article should still give claims"
    pages = [
        "/",
        article.get_absolute_url(),
        "/articles/",
        "/claims/",
        "/claims/?q=Kuwait",
        "/search/?q=Kuwait",
        "/search/?q=script",
        "/topics/",
        "/topics/worker_count/KW/",
        article.outlet.get_absolute_url(),
        "/outlets/",
        "/origins/",
        *(claim.get_absolute_url() for claim in claims),
        *(c.origin.get_absolute_url() for c in claims if c.origin),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_markup(response.content.decode()) == [], url
    reader = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in reader
    assert "&lt;iframe src=&quot;javascript:alert(1)&quot;&gt;" in reader


def assert_anchored(article: Article) -> None:
    for claim in article.claims.all():
        assert article.text[claim.start : claim.end] == claim.quote, claim


# Markup is stored as text and shown escaped ------------------------------------------------


def test_markup_in_a_jsonl_article_is_stored_as_text_and_shown_escaped(tmp_path, client):
    out, error = run_import(write_jsonl(tmp_path / "bad.jsonl", MALICIOUS))

    assert error is None, out
    article = Article.objects.get()
    assert article.text == MALICIOUS_TEXT
    assert article.title == MALICIOUS["title"]
    assert article.outlet.name == MALICIOUS["outlet"]
    assert_anchored(article)
    assert_pages_inert(client, article)


def test_markup_posted_to_the_api_is_stored_as_text_and_shown_escaped(
    curator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post("/api/v1/articles/", MALICIOUS, format="json")

    assert response.status_code == 201, response.content
    article = Article.objects.get()
    assert article.text == MALICIOUS_TEXT and article.author == BREAKOUT
    assert_anchored(article)
    assert_pages_inert(client, article)
    detail = client_for().get(f"/api/v1/articles/{article.pk}/")
    assert detail["Content-Type"] == "application/json"
    assert detail.json()["text"] == MALICIOUS_TEXT


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])
def test_a_script_url_as_the_articles_url_is_refused(curator, url):
    before = counts()

    response = client_for(curator).post("/api/v1/articles/", {**MALICIOUS, "url": url}, "json")

    assert response.status_code == 400
    assert "url" in response.json()
    assert counts() == before


def test_an_html_page_keeps_its_words_and_drops_its_scripts(tmp_path, client):
    page = tmp_path / "crews.html"
    page.write_text(MALICIOUS_PAGE, encoding="utf-8")

    out, error = run_import(page)

    assert error is None, out
    article = Article.objects.get()
    assert "About 6,000 North Korean workers are in Kuwait" in article.text
    assert "read more" in article.text
    for gone in ("<", "__pwned", "alert(", "javascript:", "onerror", "onclick"):
        assert gone not in article.text and gone not in article.title
    assert_anchored(article)
    for url in (article.get_absolute_url(), "/claims/", "/search/?q=Kuwait"):
        assert executable_markup(client.get(url).content.decode()) == [], url


# Wrong types and oversized fields -----------------------------------------------------------

TEN_MB = 10 * 1024 * 1024
ARTICLE = {"title": "Kuwait's workers", "text": "About 6,000 North Korean workers are in Kuwait."}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": {"nested": "object"}}, "text"),
        ({"text": True}, "text"),
        ({"title": None}, "title"),
        ({"title": ["a", "list"]}, "title"),
        ({"outlet": 12}, "outlet"),
        ({"published": False}, "published"),
        ({"published": {"year": 2018}}, "published"),
        ({"language": 1.5}, "language"),
        ({"retrieved": [2018, 3, 5]}, "retrieved"),
        ({"title": "x" * 1_000_000}, "title"),
        ({"author": "x" * 1_000_000}, "author"),
        ({"text": "x" * 1_100_000}, "text"),
    ],
)
def test_api_answers_wrong_types_and_long_fields_with_a_400_naming_the_field(
    curator, settings, changes, field
):
    settings.KBASE = {**settings.KBASE, "MAX_ARTICLE_BYTES": 1_000_000}
    before = counts()

    response = client_for(curator).post("/api/v1/articles/", {**ARTICLE, **changes}, "json")

    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert field in body, body
    assert all(isinstance(m, str) and len(m) < 500 for m in body[field])
    assert counts() == before


@pytest.mark.parametrize("field", ["text", "title", "outlet"])
def test_api_refuses_a_10_mb_field_unread_with_a_413(curator, field):
    before = counts()

    response = client_for(curator).post(
        "/api/v1/articles/", {**ARTICLE, field: "North Korean workers " * (TEN_MB // 21)}, "json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "request body is over the limit" in response.json()["detail"]
    assert counts() == before


def test_api_accepts_an_article_over_djangos_default_body_limit(
    curator, django_capture_on_commit_callbacks
):
    text = "About 6,000 North Korean workers are in Kuwait. " + "Filler words. " * 230_000

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(curator).post("/api/v1/articles/", {**ARTICLE, "text": text}, "json")

    assert len(text) > 3 * 1024 * 1024
    assert response.status_code == 201, response.content[:300]
    article = Article.objects.get(pk=response.json()["article"]["id"])
    assert article.text == text.strip()
    assert article.claims.count() == 1


def test_import_gives_one_error_line_per_bad_record_and_stores_the_rest(tmp_path):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        {**ARTICLE, "text": {"nested": "object"}},
        {**ARTICLE, "title": 42},
        {**ARTICLE, "text": "x" * TEN_MB},
        {**ARTICLE, "published": True},
        '["not", "an", "object"]',
        '{"title": "truncated", "text": ',
        ARTICLE,
    )

    out, error = run_import(path)

    assert error is not None
    failed = [line for line in out.splitlines() if line.startswith("  failed:")]
    assert [line.split(":")[2] for line in failed] == ["1", "2", "3", "4", "5", "6"]
    assert "text: expected text, got an object" in failed[0]
    assert "title: expected text, got a number" in failed[1]
    assert "over the limit of" in failed[2] and len(failed[2]) < 300
    assert "expected a JSON object" in failed[4]
    assert "invalid JSON" in failed[5]
    assert "imported 1, updated 0, unchanged 0, failed 6" in out
    assert Article.objects.get().title == ARTICLE["title"]


# NUL bytes, invalid UTF-8, right-to-left and zero-width characters --------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"title": "t", "text": "About 6,000 workers\\u0000 in Kuwait."}', "text"),
        ('{"title": "t\\u0000", "text": "About 6,000 workers."}', "title"),
        ('{"title": "t", "text": "a lone surrogate \\ud800 here"}', "text"),
    ],
)
def test_api_refuses_nul_and_lone_surrogates_naming_the_field(curator, body, field):
    before = counts()

    response = client_for(curator).generic(
        "POST", "/api/v1/articles/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert counts() == before


@pytest.mark.parametrize(
    "body",
    [
        b'{"title": "t", "text": "caf\xe9 in Kuwait"}',
        b'{"title": "t", "text": "\xff\xfe\x00\x00"}',
        b'{"title": "t", "text": "raw \x00 byte"}',
        b"\x00\x00\x00",
    ],
)
def test_api_refuses_bodies_that_are_not_utf8_json_with_a_400(curator, body):
    before = counts()

    response = client_for(curator).generic(
        "POST", "/api/v1/articles/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()
    assert counts() == before


def test_import_names_nul_and_invalid_utf8_and_stores_the_rest(tmp_path):
    jsonl = write_jsonl(
        tmp_path / "bytes.jsonl",
        b'{"title": "t", "text": "caf\xe9 in Kuwait"}',
        '{"title": "t", "text": "NUL \\u0000 escaped"}',
        b'{"title": "t", "text": "raw \x00 byte"}',
        ARTICLE,
    )
    (tmp_path / "nul.txt").write_bytes(b"Title\n\nAbout 6,000 \x00 workers")
    (tmp_path / "bad.html").write_bytes(
        b'<html><head><meta charset="utf-8"></head><body><p>caf\xe9 \xff</p></body></html>'
    )

    out, error = run_import(jsonl, tmp_path / "nul.txt", tmp_path / "bad.html")

    assert error is not None
    failed = [line for line in out.splitlines() if line.startswith("  failed:")]
    assert len(failed) == 5, out
    assert "bytes.jsonl:1: bytes not valid in UTF-8 at byte" in failed[0]
    assert "bytes.jsonl:2: text: contains a NUL byte" in failed[1]
    assert "bytes.jsonl:3: invalid JSON" in failed[2]
    assert "nul.txt: binary data" in failed[3]
    assert "bad.html: bytes not valid in utf-8 (declared)" in failed[4]
    assert Article.objects.get().title == ARTICLE["title"]


# Right-to-left override, isolates and marks; zero-width space, joiners; a byte-order mark.
INVISIBLE = ["\u202e", "\u2066", "\u2069", "\u200f", "\u200b", "\u200c", "\u200d", "\ufeff"]
BIDI_TEXT = (
    "\u202eKUWAIT CITY\u202c — About 6,000 North Korean\u200b workers are in Kuwait, "
    "the authority said.\u200f\n\n\u2066مرحبا\u2069 North Korean\u200d workers earn around "
    "$1,000 a month.\ufeff Qatar hosts about 1,800 North\u200c Korean workers."
)


def test_bidi_and_zero_width_characters_are_kept_and_quotes_stay_exact(
    tmp_path, curator, client, django_capture_on_commit_callbacks
):
    write_jsonl(
        tmp_path / "bidi.jsonl",
        {"title": "\u202eevil\u202c title\u200b", "text": BIDI_TEXT, "outlet": "\u200bGazette"},
    )
    out, error = run_import(tmp_path / "bidi.jsonl")
    assert error is None, out
    with django_capture_on_commit_callbacks(execute=True):
        posted = client_for(curator).post(
            "/api/v1/articles/",
            {"title": "\u2066Posted\u2069", "text": BIDI_TEXT.replace("Kuwait", "Oman")},
            format="json",
        )
    assert posted.status_code == 201, posted.content

    assert Article.objects.count() == 2
    for article in Article.objects.all():
        assert all(char in article.text for char in INVISIBLE)
        assert article.claims.exists()
        assert_anchored(article)
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        # Every invisible character reaches the reader as it was written.
        assert all(char in page.content.decode() for char in INVISIBLE)
    for claim in Claim.objects.all():
        assert client.get(claim.get_absolute_url()).status_code == 200
