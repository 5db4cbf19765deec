"""Imports running at once store and link claims as one import after the other would."""

import threading

import pytest
from django.db import connection

from claims.models import Claim, ClaimLink, Topic
from claims.services import linking as linking_service
from sources import services as source_services
from sources.models import Article, Origin, Outlet
from sources.services import articles_ingest
from sources.validation import article_input_from_mapping
from tests.claims.test_services_large_topics import concentrated_records, ingest
from tests.sources.test_queue import canonical_dump

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# How long the first import waits, its claims stored, for the second to overtake it.
OVERTAKE_SECONDS = 3


@pytest.fixture
def bounded_topics(monkeypatch, settings):
    """Every topic large and a small bound, so each claim is linked among the claims before it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time")
    monkeypatch.setattr(linking_service, "FULL_READ_CLAIMS", 0)
    settings.KBASE = {**settings.KBASE, "LINKS_PER_CLAIM": 2}


def test_a_later_import_cannot_link_its_claims_before_an_earlier_ones(bounded_topics, monkeypatch):
    records = concentrated_records(13, seed=41, claims_per_article=5)
    # Three outlets pass on one report: each later copy's claims are linked to the earlier
    # copies' before any others (one origin first). The first copy makes its origins and outlet
    # known, so the two imports at once wait on no row of each other's.
    for n in (1, 2, 3):
        records.append(
            {
                **records[-1],
                "url": f"{records[-1]['url']}-copy{n}",
                "text": f"{records[-1]['text']}\n\nCopy {n}.",
            }
        )
    ingest(records[:14])
    first, second = (article_input_from_mapping(r) for r in records[14:])
    stored, overtaken = threading.Event(), threading.Event()
    real_link = source_services.links_update_for_articles

    def link_after_a_pause(**kwargs):
        # The first import has stored its claims: give the second every chance to link first.
        if threading.current_thread().name == "first":
            stored.set()
            overtaken.wait(OVERTAKE_SECONDS)
        return real_link(**kwargs)

    monkeypatch.setattr(source_services, "links_update_for_articles", link_after_a_pause)
    results, errors = {}, []

    def run(name, data, after=None):
        try:
            if after is not None:
                after.wait(OVERTAKE_SECONDS)
            results[name] = articles_ingest(data=[data])
            if name == "second":
                overtaken.set()
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, name="first", args=("first", first)),
        threading.Thread(target=run, name="second", args=("second", second, stored)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert all(results[n].items[0].result.status == "imported" for n in ("first", "second"))
    concurrent = canonical_dump()

    for model in (Topic, ClaimLink, Claim, Article, Outlet, Origin):
        model.objects.all().delete()
    monkeypatch.setattr(source_services, "links_update_for_articles", real_link)
    ingest(records)
    assert concurrent == canonical_dump()
