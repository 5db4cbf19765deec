"""The API's Swagger UI and ReDoc pages render in headless Chromium under the strict CSP."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running; the ORM calls made here are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_docs(browser, live_server, transactional_db, settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN_STATIC}
    contexts = []

    def open_page(path: str):
        # The live server speaks plain HTTP; say a TLS proxy sits in front, as in production.
        context = browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
        contexts.append(context)
        tab = context.new_page()
        problems: list[str] = []
        tab.on(
            "console",
            lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None,
        )
        tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        foreign: list[str] = []
        tab.on(
            "request",
            lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
        )
        response = tab.goto(live_server.url + path)
        assert response.ok
        return tab, response.headers["content-security-policy"], problems, foreign

    yield open_page
    for context in contexts:
        context.close()


def test_swagger_ui_lists_the_operations(open_docs):
    tab, policy, problems, foreign = open_docs("/api/v1/docs/")

    tab.wait_for_selector(".opblock", timeout=15000)

    assert "unsafe-inline" not in policy
    assert tab.locator(".opblock").count() >= 15
    assert tab.get_by_text("/api/v1/claims/export/").count() >= 1
    assert problems == []
    assert [u for u in foreign if not u.startswith(("data:", "blob:"))] == []


def test_swagger_ui_runs_a_request(open_docs):
    tab, _, problems, _ = open_docs("/api/v1/docs/")
    tab.wait_for_selector(".opblock", timeout=15000)

    operation = tab.locator("#operations-topics-topics_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()

    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15000)
    assert status.inner_text().strip() == "200"
    assert problems == []


def test_redoc_renders_with_its_styles(open_docs):
    tab, policy, problems, foreign = open_docs("/api/v1/redoc/")

    tab.wait_for_selector("h1", timeout=15000)

    assert "unsafe-inline" not in policy
    assert "kbase API" in tab.locator("h1").first.inner_text()
    # ReDoc's generated styles applied: its side menu is laid out, not a bare list.
    menu = tab.locator(".menu-content")
    assert menu.count() == 1
    assert menu.evaluate("e => getComputedStyle(e).position") in {"sticky", "fixed"}
    assert problems == []
    # ReDoc's own styles (perfect-scrollbar's among them) came in under the nonce.
    rules = "[...document.styleSheets].flatMap(s => [...s.cssRules].map(r => r.selectorText))"
    assert ".ps" in tab.evaluate(rules)
    assert [u for u in foreign if not u.startswith(("data:", "blob:"))] == []
