"""Helpers shared by the admin tests: HTTPS clients per role, actions, query counts."""

from django.contrib.admin import helpers
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def use_plain_static(settings) -> None:
    """Serve static files by name: production's manifest storage needs collectstatic first."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN_STATIC}


class HttpsClient(Client):
    """Requests over HTTPS, as production settings redirect plain HTTP."""

    def generic(self, method, path, data="", content_type="application/octet-stream", **extra):
        extra["secure"] = True
        return super().generic(method, path, data, content_type, **extra)


def admin_client(user=None) -> HttpsClient:
    """A client signed in as `user` (made staff, as create_curator does), or anonymous."""
    client = HttpsClient()
    if user is not None:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        client.force_login(user)
    return client


def url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def run_action(client, changelist: str, action: str, objs, **extra):
    """POST an admin action on `objs` from the changelist, as the action form does."""
    data = {
        "action": action,
        "index": 0,
        helpers.ACTION_CHECKBOX_NAME: [str(o.pk) for o in objs],
        **extra,
    }
    return client.post(changelist, data)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def assert_constant_queries(client, path: str, make_rows) -> int:
    """Build 2 rows, count the queries of a GET, build 18 more and expect the same count."""
    make_rows(2)
    count_queries(client, path)  # warm the per-process caches (content types, sessions)
    few = count_queries(client, path)
    make_rows(18)
    many = count_queries(client, path)
    assert few == many, f"{path}: {few} queries for 2 rows, {many} for 20"
    return many
