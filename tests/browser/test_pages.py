"""The analyst pages in headless Chromium: filters, chart, highlights, no console or CSP errors."""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running; the ORM calls made here are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.browser.support import PLAIN_STATIC
from tests.conftest import DEMO_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Screenshots for the docs are rewritten only on request, so test runs leave the tree clean.
TAKE_SCREENSHOTS = os.environ.get("KBASE_SCREENSHOTS") == "1"
GWS_URL = "https://example.net/gws/2017/08/10/kuwait-north-korean-workers-6120"

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
def site(live_server, transactional_db, settings):
    """The live server holding the demo corpus with its gold claims, linked."""
    if not (DEMO_DIR / "gold.jsonl").is_file():
        pytest.skip("the demo corpus is not there")
    from tests.browser.demo import seed_demo

    settings.STORAGES = PLAIN_STATIC
    seed_demo(DEMO_DIR)
    return live_server.url


class Page:
    """A browser tab that records console errors, page errors and CSP violations."""

    def __init__(self, browser, base: str, **context):
        self.base = base
        self.context = browser.new_context(**context)
        self.tab = self.context.new_page()
        self.problems: list[str] = []
        self.tab.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.tab.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.tab.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def open(self, path: str):
        response = self.tab.goto(self.base + path)
        assert response.ok, (path, response.status)
        self.csp = response.headers.get("content-security-policy", "")
        return self.tab

    def shot(self, name: str, *, full_page: bool = True):
        if TAKE_SCREENSHOTS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    def assert_clean(self):
        assert self.csp and "script-src 'self'" in self.csp
        assert self.problems == []

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser, site):
    pages = []

    def make(**context) -> Page:
        context.setdefault("viewport", {"width": 1280, "height": 900})
        # The live server speaks plain HTTP: say a TLS proxy sits in front, as in production,
        # so the HTTPS redirect (settings fixed when the server started) lets the pages through.
        context.setdefault("extra_http_headers", {"X-Forwarded-Proto": "https"})
        page = Page(browser, site, **context)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


def test_home_page_says_what_the_base_holds(open_page):
    page = open_page()
    tab = page.open("/")

    assert tab.locator("h1").inner_text() == "What the base holds"
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator(".stats strong").first.inner_text() == "10"  # articles
    assert tab.locator("main .topic-list a").count() >= 1  # topics with open contradictions
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to content"
    assert tab.locator(".skip-link").bounding_box()["y"] >= 0  # shown when focused
    page.shot("home")
    page.assert_clean()


def test_claim_browser_filters_as_soon_as_a_facet_is_chosen(open_page):
    page = open_page()
    tab = page.open("/claims/")
    everything = tab.locator("table.claims tbody tr").count()
    page.shot("claims")

    with tab.expect_navigation():
        tab.select_option("#id_kind", "remittance")

    assert "kind=remittance" in tab.url
    assert "q=" not in tab.url  # empty fields stay out of the address
    kinds = tab.locator("table.claims tbody .kind").all_inner_texts()
    assert kinds and set(kinds) == {"remittance or wage"}
    assert len(kinds) < everything
    assert tab.locator("#id_kind option:checked").inner_text().startswith("remittance or wage (")
    page.assert_clean()


def test_claim_browser_filters_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    tab = page.open("/claims/")

    tab.select_option("#id_place", "PL")
    tab.fill("#id_q", "North Korean")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Apply filters").click()

    assert "place=PL" in tab.url
    rows = tab.locator("table.claims tbody tr")
    assert rows.count() >= 1
    assert set(rows.locator("td[data-label=Place]").all_inner_texts()) == {"Poland"}
    page.assert_clean()


def test_topic_page_draws_its_chart(open_page):
    page = open_page()
    tab = page.open("/topics/worker_count/KW/")

    chart = tab.locator("svg.chart")
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    assert "Workers present · Kuwait" in chart.get_attribute("aria-label")
    points = chart.locator("a.point")
    assert points.count() == int(chart.get_attribute("data-points")) >= 4
    assert chart.locator("a.point.faded").count() >= 1  # the superseded 2,800
    assert chart.locator(".chart-legend text").count() >= 3
    page.shot("topic")

    target = points.last.get_attribute("href")
    with tab.expect_navigation():
        points.last.click()
    assert tab.url.endswith(target)
    assert tab.locator("h1.figure-title").is_visible()
    page.assert_clean()


def test_article_highlights_lead_to_their_claims(open_page, site):
    from sources.models import Article

    article = Article.objects.get(url=GWS_URL)
    page = open_page()
    tab = page.open(article.get_absolute_url())

    highlights = tab.locator(".article-text a.hl")
    assert highlights.count() >= 5
    assert tab.locator(".article-text a.hl-remittance").count() >= 1
    page.shot("article")

    first = highlights.first
    quote = first.inner_text()
    with tab.expect_navigation():
        first.click()
    assert re.search(r"/claims/\d+/$", tab.url)
    assert tab.locator("blockquote mark.hl-current").inner_text() == quote
    assert tab.locator('script[type="application/ld+json"]').count() == 1
    page.shot("claim")

    back = tab.locator("figcaption a", has_text="Read it in the article")
    with tab.expect_navigation():
        back.click()
    assert "#q-" in tab.url
    page.assert_clean()


@pytest.mark.parametrize(
    ("path", "name"),
    [("/", ""), ("/claims/", "claims-phone"), ("/topics/worker_count/KW/", "topic-phone")],
)
def test_pages_fit_a_phone(open_page, path, name):
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    tab = page.open(path)

    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if name:
        page.shot(name, full_page=False)
    page.assert_clean()
