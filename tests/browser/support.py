"""Helpers for the page tests: plain static files and counting a page's queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

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
