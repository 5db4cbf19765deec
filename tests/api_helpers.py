"""Helpers shared by the API tests: clients for each role and the query-count check."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


class HttpsAPIClient(APIClient):
    """Requests over HTTPS, as production settings redirect plain HTTP."""

    def generic(self, method, path, data="", content_type="application/octet-stream", **extra):
        extra["secure"] = True
        return super().generic(method, path, data, content_type, **extra)


def client_for(user=None, *, token: bool = True, enforce_csrf: bool = False) -> APIClient:
    """An API client: anonymous, or signed in with the user's token or a session."""
    client = HttpsAPIClient(enforce_csrf_checks=enforce_csrf)
    if user is not None:
        if token:
            key, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key.key}")
        else:
            client.force_login(user)
    return client


def count_queries(client: APIClient, url: str, expected_status: int = 200) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == expected_status, response.content[:500]
    return len(queries)


def assert_constant_queries(client: APIClient, url: str, make_rows, expected_rows=None) -> int:
    """Build 2 rows, count the queries of a GET, build 18 more and expect the same count."""
    make_rows(2)
    few = count_queries(client, url)
    make_rows(18)
    many = count_queries(client, url)
    assert few == many, f"{url}: {few} queries for 2 rows, {many} for 20"
    if expected_rows is not None:
        assert len(client.get(url).json()["results"]) == expected_rows
    return many
