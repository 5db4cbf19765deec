"""An unreachable database gets a 503 (page or JSON) with Retry-After, and the app recovers."""

import json

import pytest
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import path

from kbase import health
from kbase.health import server_error
from tests.server_helpers import TcpProxy, get, gunicorn, production_env, server_database_url


def database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def connection_dropped(request):
    raise InterfaceError("connection already closed")


def integrity_broken(request):
    raise IntegrityError("duplicate key value violates unique constraint")


# This module is its own URLconf for the tests marked `urls(__name__)`.
urlpatterns = [
    path("page", database_gone),
    path("dropped", connection_dropped),
    path("api/v1/claims/", database_gone),
    path("integrity", integrity_broken),
]


def assert_503_page(response):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert b"Temporarily unavailable" in response.content


def assert_503_json(response):
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert json.loads(response.content)["code"] == "database_unavailable"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_page_answers_503_html_while_the_database_is_unreachable(client):
    assert_503_page(client.get("/page", secure=True, HTTP_ACCEPT="text/html,*/*;q=0.8"))
    assert_503_page(client.get("/dropped", secure=True))


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_api_paths_and_json_clients_get_503_json(client):
    assert_503_json(client.get("/api/v1/claims/", secure=True, HTTP_ACCEPT="text/html"))
    assert_503_json(client.get("/page", secure=True, HTTP_ACCEPT="application/json"))


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_other_database_errors_are_not_mistaken_for_an_outage(client):
    with pytest.raises(IntegrityError):
        client.get("/integrity", secure=True)


@pytest.mark.django_db
def test_the_503_page_stands_alone_without_the_template(settings):
    # A broken or missing template must still give a 503, not a 500.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    request = RequestFactory().get("/claims/")
    try:
        raise OperationalError("gone")
    except OperationalError:
        response = server_error(request)
    assert_503_page(response)


@pytest.mark.django_db
def test_the_500_handler_answers_503_for_an_outage_and_500_otherwise():
    request = RequestFactory().get("/api/v1/claims/")
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError:
        assert_503_json(server_error(request))
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
    assert response["Retry-After"] == "30"


def test_database_errors_caught_are_only_connection_failures():
    assert issubclass(OperationalError, DatabaseError)
    assert not issubclass(IntegrityError, OperationalError | InterfaceError)


def status_of(port, path, accept=None):
    if accept is None:
        accept = "application/json" if path.startswith("/api/") else "text/html"
    return get(port, path, headers={"Accept": accept})


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_real_server_answers_503_during_an_outage_and_recovers_by_itself(tmp_path):
    """gunicorn reaches PostgreSQL through a proxy that the test stops and starts again."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the server process shares the test database")
    settings = connection.settings_dict
    proxy = TcpProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    direct = server_database_url(tmp_path)
    through_proxy = direct.replace(f":{settings['PORT'] or 5432}/", f":{proxy.port}/")
    assert through_proxy != direct
    # Persistent connections: the outage breaks a pooled connection, the hard case to recover.
    env = production_env(
        DATABASE_URL=through_proxy, DATABASE_CONN_MAX_AGE="600", KBASE_PLAIN_STATIC="1"
    )
    proxy.start()
    try:
        with gunicorn(env) as port:
            for page in ("/healthz", "/api/v1/claims/", "/claims/"):
                assert status_of(port, page)[0] == 200, page

            proxy.stop()
            status, headers, body = status_of(port, "/healthz")
            assert status == 503 and json.loads(body) == {"database": "unavailable"}
            status, headers, body = status_of(port, "/claims/")
            assert status == 503 and headers["Retry-After"] == "30"
            assert headers["Content-Type"].startswith("text/html")
            assert b"Temporarily unavailable" in body
            status, headers, body = status_of(port, "/api/v1/claims/", accept="*/*")
            assert status == 503 and json.loads(body)["code"] == "database_unavailable"
            status, headers, body = status_of(port, "/claims/", accept="application/json")
            assert status == 503 and json.loads(body)["code"] == "database_unavailable"

            proxy.start()
            # The very next requests succeed: no restart, no retry.
            for page in ("/api/v1/claims/", "/claims/", "/healthz"):
                status, headers, body = status_of(port, page)
                assert status == 200, (page, body[:500])
    finally:
        proxy.stop()
