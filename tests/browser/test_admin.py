"""The curation admin in headless Chromium under the site's CSP: no console or CSP errors."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running; the ORM calls made here are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.admin_helpers import use_plain_static

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PASSWORD = "a long enough passphrase 42"

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
def tab(browser, live_server, transactional_db, settings):
    """A tab signed in to the admin, recording console errors, page errors and CSP reports."""
    from django.contrib.auth import get_user_model

    use_plain_static(settings)
    get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)
    # The live server speaks plain HTTP: say a TLS proxy sits in front, as in production. The
    # browser's Origin stays http://, so it is trusted here (read on the first POST that needs it).
    settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
    context = browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: (
            page.problems.append(f"{m.type}: {m.text}")
            # A failed load is reported by the response handler, with its URL.
            if m.type in ("error", "warning") and "Failed to load resource" not in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on(
        "response",
        lambda r: page.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.base = live_server.url
    page.goto(page.base + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield page
    context.close()


def visit(tab, path: str):
    response = tab.goto(tab.base + path)
    assert response.ok, (path, response.status)
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    return response


def test_curation_pages_run_under_the_csp_without_errors(tab):
    from claims.models import Claim
    from sources.models import Article, Outlet
    from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory, OutletFactory

    a, b = OutletFactory(name="Daily A"), OutletFactory(name="Daily B")
    article = ArticleFactory(outlet=b, text="Kuwait hosts about 6,000 North Korean workers.")
    claim = ClaimFactory(article=article, start=13)
    link = ClaimLinkFactory(from_claim=claim)
    for path in (
        "/admin/",
        "/admin/sources/outlet/",
        f"/admin/sources/article/{article.pk}/change/",
        "/admin/sources/article/add/",
        "/admin/claims/claim/",
        "/admin/claims/claim/review/",
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/claims/claim/{claim.pk}/history/",
        "/admin/claims/claimlink/",
        "/admin/claims/claimlink/add/",
        f"/admin/claims/claimlink/{link.pk}/change/",
        "/admin/claims/topic/",
        "/admin/sources/merge/",
    ):
        visit(tab, path)

    # The outlet autocomplete (select2) works under the CSP.
    visit(tab, f"/admin/sources/article/{article.pk}/change/")
    tab.click("#select2-id_outlet-container")
    tab.fill(".select2-search__field", "Daily A")
    tab.wait_for_selector(".select2-results__option >> text=Daily A")

    # Merge from the changelist: select, pick the action, confirm the survivor.
    visit(tab, "/admin/sources/outlet/")
    tab.check(f"input[name=_selected_action][value='{a.pk}']")
    tab.check(f"input[name=_selected_action][value='{b.pk}']")
    tab.select_option("select[name=action]", "merge_outlets")
    tab.click("button[name=index]")
    tab.wait_for_selector("#merge-candidates")
    tab.check(f"#survivor-{a.pk}")
    tab.click("input[name=apply]")
    tab.wait_for_url("**/admin/sources/merge/*/change/")
    assert Article.objects.get(pk=article.pk).outlet_id == a.pk

    # Delete a claim, then restore it from the deleted list.
    Claim.objects.filter(pk=claim.pk).delete()
    visit(tab, "/admin/claims/claim/deleted/")
    tab.click(f"a[href$='/deleted/{claim.pk}/restore/']")
    tab.click("input[name=restore]")
    tab.wait_for_url(f"**/admin/claims/claim/{claim.pk}/change/")
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not Outlet.objects.filter(pk=b.pk).exists()

    assert tab.problems == []
