"""Cached home counts and topic summaries: fewer queries, and every write shows at once."""

import contextlib
import re

import pytest
from django.core.cache import cache
from django.db import transaction

from claims.models import Claim, ClaimLink
from claims.services import link_decide
from kbase import cache as content_cache
from kbase.cache import GENERATION_KEY, cached, content_changed, content_generation
from sources.models import Article
from sources.services import article_ingest
from sources.validation import article_input_from_mapping
from tests.admin_helpers import admin_client, run_action, url, use_plain_static
from tests.browser.support import (
    page_queries,
    plain_http,  # noqa: F401 - the fixture, used by pytestmark
)
from tests.factories import ClaimFactory
from tests.test_settings import read_setting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

TOPIC = "/topics/worker_count/KW/"
OFFICIAL = "Kuwait hosts about 6,000 North Korean workers, the Public Authority of Manpower said."
NGO = "Kuwait hosts about 9,000 North Korean workers, a labour rights group said on Thursday."


@pytest.fixture
def caching(settings):
    """Content caching on, in a local-memory cache of this test's own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kbase-test-caching",
        }
    }
    settings.KBASE = {**settings.KBASE, "CONTENT_CACHE": True}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run writes as if committed: the test's transaction never commits, so on_commit hooks
    (the generation's bump among them) run as each block ends."""

    def run(function, /, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def ingest(committed, text: str, title: str):
    data = article_input_from_mapping(
        {"title": title, "text": text, "published": "2017-08-10", "outlet": title}
    )
    return committed(article_ingest, data=data)


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def home_counts(client) -> dict[str, int]:
    """The home page's counts as shown: {"articles": 2, "claims": 1, ...}."""
    found = re.findall(r"<strong>([\d,]+)</strong> ([a-z]+?)s?</a>", html(client, "/"))
    return {what: int(n.replace(",", "")) for n, what in found}


def standing(client) -> int:
    """The number of standing claims the Kuwait topic page's summary shows."""
    return int(re.search(r"(\d+) standing claims?", html(client, TOPIC)).group(1))


def plotted(client) -> int:
    """The number of figures the Kuwait topic page's chart draws."""
    return int(re.search(r'data-points="(\d+)"', html(client, TOPIC)).group(1))


def test_a_new_claim_shows_at_once_on_the_home_and_topic_pages(client, caching, committed):
    ingest(committed, OFFICIAL, "Gazette")
    assert home_counts(client)["claim"] == 1
    assert standing(client) == 1
    assert "No open contradiction among these figures." in html(client, TOPIC)

    ingest(committed, NGO, "Labour Watch")

    counts = home_counts(client)
    assert (counts["article"], counts["claim"], counts["outlet"]) == (2, 2, 2)
    assert standing(client) == 2
    assert "No open contradiction among these figures." not in html(client, TOPIC)


def test_the_pages_are_served_from_the_cache_until_a_service_writes(client, caching, committed):
    ingest(committed, OFFICIAL, "Gazette")
    assert (home_counts(client)["claim"], plotted(client)) == (1, 1)
    # A row written past the services (as no code path should) does not outdate the cache:
    # this is what the cache saves, and why every write goes through a service.
    ClaimFactory(article=Article.objects.get(), subject_key="worker_count.stock.KW", place="KW")
    assert home_counts(client)["claim"] == 1
    assert plotted(client) == 1

    committed(content_changed)
    assert home_counts(client)["claim"] == 2
    assert plotted(client) == 2


def test_a_link_decision_shows_at_once_on_the_topic_page(client, caching, committed, curator):
    ingest(committed, OFFICIAL, "Gazette")
    ingest(committed, NGO, "Labour Watch")
    link = ClaimLink.objects.get(relation="contradicts")
    assert "No open contradiction among these figures." not in html(client, TOPIC)

    committed(link_decide, links=link, decision="rejected", user=curator)

    assert "No open contradiction among these figures." in html(client, TOPIC)
    assert "Topics with open contradictions" in html(client, "/")


def test_a_decision_and_a_deletion_in_the_admin_show_at_once(
    client, caching, committed, curator, settings
):
    use_plain_static(settings)
    ingest(committed, OFFICIAL, "Gazette")
    ingest(committed, NGO, "Labour Watch")
    link = ClaimLink.objects.get(relation="contradicts")
    assert "No open contradiction among these figures." not in html(client, TOPIC)
    assert home_counts(client)["article"] == 2
    admin = admin_client(curator)

    changelist = url("claims_claimlink_changelist")
    response = committed(
        run_action, client=admin, changelist=changelist, action="reject", objs=[link]
    )
    assert response.status_code == 302
    assert "No open contradiction among these figures." in html(client, TOPIC)

    doomed = Claim.objects.get(value_low=9000).article
    deleted = committed(
        admin.post, path=url("sources_article_delete", doomed.pk), data={"post": "yes"}
    )
    assert deleted.status_code == 302
    assert home_counts(client)["article"] == 1
    assert standing(client) == 1


def test_the_cached_pages_make_fewer_queries(client, caching, committed):
    ingest(committed, OFFICIAL, "Gazette")
    ingest(committed, NGO, "Labour Watch")

    home_computed, home_cached = page_queries(client, "/"), page_queries(client, "/")
    topic_computed, topic_cached = page_queries(client, TOPIC), page_queries(client, TOPIC)

    # Home: the claims per kind and four table counts. Topic: its topics and pending subjects,
    # then the figures' live claims (with their superseded marks) and contradictions.
    assert home_computed - home_cached == 5
    assert topic_computed - topic_cached == 4
    # Any write makes the next view compute again, once.
    committed(content_changed)
    assert page_queries(client, "/") == home_computed
    assert page_queries(client, "/") == home_cached


def test_the_claim_browsers_facet_counts_are_cached_and_outdated_by_a_write(
    client, caching, committed
):
    ingest(committed, OFFICIAL, "Gazette")
    computed, cached_ = page_queries(client, "/claims/"), page_queries(client, "/claims/")
    filtered = "/claims/?kind=worker_count&place=KW"
    filtered_computed = page_queries(client, filtered)

    # One grouped count per facet (kind, measure, place, outlet, origin, review status).
    assert computed - cached_ == 6
    assert filtered_computed == computed
    assert page_queries(client, filtered) == cached_

    ingest(committed, NGO, "Labour Watch")
    assert page_queries(client, "/claims/") == computed
    assert "Labour Watch (1)" in html(client, "/claims/")


def test_without_the_setting_nothing_is_cached(client, caching, settings, committed):
    settings.KBASE = {**settings.KBASE, "CONTENT_CACHE": False}
    ingest(committed, OFFICIAL, "Gazette")

    assert page_queries(client, "/") == page_queries(client, "/")
    assert page_queries(client, TOPIC) == page_queries(client, TOPIC)
    assert cache.get(GENERATION_KEY) is None


def test_the_generation_moves_only_when_a_write_commits(
    caching, django_capture_on_commit_callbacks
):
    first = content_generation()
    with (
        django_capture_on_commit_callbacks() as hooks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        content_changed()
        raise RuntimeError("rolled back")
    assert hooks == [] and content_generation() == first

    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
    assert content_generation() == first + 1


def test_a_lost_generation_never_revives_older_entries(caching):
    assert cached("part", lambda: "old") == "old"
    assert cached("part", lambda: "new") == "old"
    cache.delete(GENERATION_KEY)  # evicted, or Redis restarted without its data

    assert cached("part", lambda: "new") == "new"


def test_entries_are_told_apart_by_their_parts(caching):
    assert cached("topics", lambda: "KW", "worker_count", "KW") == "KW"
    assert cached("topics", lambda: "QA", "worker_count", "QA") == "QA"
    assert cached("topics", lambda: "?", "worker_count", "KW") == "KW"


def test_a_cache_outage_after_the_commit_is_not_an_error(caching, monkeypatch, committed):
    class Unreachable:
        def incr(self, key):
            raise ConnectionError("cache unreachable")

    monkeypatch.setattr(content_cache, "cache", Unreachable())
    committed(content_changed)  # logged, not raised: the write itself has committed


def test_pages_are_computed_while_the_cache_is_unreachable(client, caching, monkeypatch, committed):
    ingest(committed, OFFICIAL, "Gazette")

    class Unreachable:
        def __getattr__(self, name):
            raise ConnectionError("cache unreachable")

    monkeypatch.setattr(content_cache, "cache", Unreachable())
    assert home_counts(client)["claim"] == 1
    assert plotted(client) == 1


def test_caching_is_on_by_default_only_with_a_shared_cache():
    assert read_setting("s.KBASE['CONTENT_CACHE']", REDIS_URL="") == "False"
    assert read_setting("s.KBASE['CONTENT_CACHE']", REDIS_URL="redis://cache:6379/0") == "True"
    assert read_setting("s.KBASE['CONTENT_CACHE']", KBASE_CONTENT_CACHE="1") == "True"
