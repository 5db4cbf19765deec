"""A malicious article in headless Chromium: no dialog, no injected script, no markers set."""

import io
import json
import os

import pytest

# Playwright's sync API keeps an event loop running; the ORM calls made here are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.browser.support import PLAIN_STATIC
from tests.browser.test_pages import CHROMIUM, CHROMIUM_ARGS
from tests.test_hostile_input import MALICIOUS, MALICIOUS_PAGE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin"),
]

# Elements and attributes through which the payload could run, if it reached the DOM as markup.
INJECTED = (
    "main script, main iframe, main object, main embed, [onerror], [onclick], [onload], "
    "a[href^='javascript:' i], iframe[src^='javascript:' i]"
)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def malicious_site(live_server, transactional_db, settings, tmp_path):
    """The live server holding a malicious article from JSON Lines and one from an HTML page."""
    from django.core.management import call_command

    from sources.models import Article

    settings.STORAGES = PLAIN_STATIC
    (tmp_path / "bad.jsonl").write_text(json.dumps(MALICIOUS) + "\n", encoding="utf-8")
    (tmp_path / "bad.html").write_text(MALICIOUS_PAGE, encoding="utf-8")
    call_command("import_articles", str(tmp_path), stdout=io.StringIO())
    articles = list(Article.objects.order_by("pk"))
    assert len(articles) == 2 and all(a.claims.exists() for a in articles)
    return live_server.url, articles


class Tab:
    """A tab that records dialogs (dismissing them), console errors and page errors."""

    def __init__(self, browser, base: str, **context):
        self.base = base
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900},
            # The live server speaks plain HTTP: say a TLS proxy sits in front, as in production.
            extra_http_headers={"X-Forwarded-Proto": "https"},
            **context,
        )
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visit(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response.ok, (path, response.status)
        self.page.wait_for_load_state("load")
        # A handler such as onerror fires once its image fails: give it a moment to do so.
        self.page.wait_for_timeout(150)
        assert self.dialogs == [], path
        assert self.errors == [], path
        assert self.page.evaluate("typeof window.__pwned") == "undefined", path
        assert self.page.locator(INJECTED).count() == 0, path

    def close(self) -> None:
        self.context.close()


def pages_of(articles) -> list[str]:
    paths = ["/", "/claims/", "/claims/?q=Kuwait", "/search/?q=Kuwait", "/search/?q=script"]
    for article in articles:
        paths += [article.get_absolute_url(), article.outlet.get_absolute_url()]
        paths += [claim.get_absolute_url() for claim in article.claims.all()]
    return paths


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
def test_a_malicious_article_runs_nothing_in_the_browser(browser, malicious_site, bypass_csp):
    """Without the CSP too: escaping alone must keep the payload inert."""
    base, articles = malicious_site
    tab = Tab(browser, base, bypass_csp=bypass_csp)
    try:
        for path in pages_of(articles):
            tab.visit(path)
        # The payload is on the page, as text a reader can see.
        [from_jsonl] = [a for a in articles if a.url == MALICIOUS["url"]]
        tab.visit(from_jsonl.get_absolute_url())
        shown = tab.page.locator(".article-text").inner_text()
        assert "<script>window.__pwned=1;alert(1)</script>" in shown
        assert '<img src=x onerror="window.__pwned=1;alert(1)">' in shown
        assert tab.page.title().startswith("<script>window.__pwned=1;alert(1)</script>")
    finally:
        tab.close()


def test_the_markers_would_be_seen_if_a_payload_ran(browser, malicious_site):
    """The checks are not vacuous: script that does run is caught by each of them."""
    base, _ = malicious_site
    tab = Tab(browser, base)
    try:
        tab.page.goto(base + "/")
        tab.page.evaluate("window.__pwned = 1; setTimeout(() => alert(1)); console.error('x')")
        tab.page.wait_for_timeout(150)
        assert tab.page.evaluate("typeof window.__pwned") == "number"
        assert tab.dialogs == ["alert: 1"]
        assert tab.errors == ["x"]
    finally:
        tab.close()
