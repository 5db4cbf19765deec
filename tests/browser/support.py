"""Helpers for the page tests: plain HTTP, claims anchored in their text, counting queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.factories import ClaimFactory

# Tests run without DEBUG, where the manifest storage needs `collectstatic`; pages only need URLs.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def page_queries(client, url: str) -> int:
    """How many queries rendering `url` makes (the page must render)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.fixture
def plain_http(settings):
    """Plain static file URLs and no HTTPS redirect, for the test client's plain HTTP."""
    settings.STORAGES = PLAIN_STATIC
    settings.SECURE_SSL_REDIRECT = False


def anchored(article, quote: str, **fields) -> Claim:
    """A claim whose quote is found at its offsets in the article's text."""
    start = article.text.index(quote)
    return ClaimFactory(article=article, quote=quote, start=start, end=start + len(quote), **fields)


def remittance(**fields) -> Claim:
    values = {
        "kind": "remittance",
        "measure": "per_worker",
        "quote": "earn around $1,000 a month",
        "value_low": Decimal(1000),
        "value_high": Decimal(1000),
        "unit": "USD",
        "period": "month",
        "subject_key": "remittance.per_worker.KW.USD",
    }
    values.update(fields)
    return ClaimFactory(**values)


def vague_china(**fields) -> Claim:
    values = {
        "quote": "tens of thousands of North Korean workers",
        "value_low": Decimal(10000),
        "value_high": Decimal(99999),
        "qualifier": "vague",
        "place": "CN",
        "as_of": datetime.date(2019, 1, 1),
        "as_of_precision": "year",
        "subject_key": "worker_count.stock.CN",
    }
    values.update(fields)
    return ClaimFactory(**values)


def html_of(response) -> str:
    return response.content.decode()
