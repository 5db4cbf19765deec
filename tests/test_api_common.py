"""API-wide behaviour: auth, errors, pagination, throttles, schema, docs pages, tokens."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.middleware.csrf import _get_new_csrf_string
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims.models import Claim
from tests.api_helpers import client_for
from tests.factories import ClaimFactory, ClaimLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counts live in the cache; every test starts from zero.
    cache.clear()


@pytest.fixture
def plain_static(settings):
    """Static URLs without collectstatic's manifest, which tests do not build."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PLAIN_STATIC}


# Permission boundaries ---------------------------------------------------------------------


def test_anonymous_reads_but_cannot_write():
    claim = ClaimFactory()
    anonymous = client_for()

    assert anonymous.get("/api/v1/claims/").status_code == 200
    response = anonymous.patch(
        f"/api/v1/claims/{claim.pk}/", {"review_status": "accepted"}, format="json"
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    claim.refresh_from_db()
    assert claim.review_status == "proposed"


def test_analyst_with_a_token_reads_but_is_forbidden_to_write(analyst):
    claim = ClaimFactory()
    client = client_for(analyst)

    assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"review_status": "accepted"}, format="json"
    )

    assert response.status_code == 403
    assert "curator" in response.json()["detail"]


def test_curator_with_a_token_writes(curator):
    claim = ClaimFactory()

    response = client_for(curator).patch(
        f"/api/v1/claims/{claim.pk}/", {"review_status": "accepted"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["reviewed_by"] == curator.username


def test_a_wrong_token_is_401_even_for_reads():
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/claims/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_session_writes_need_the_csrf_token(curator):
    claim = ClaimFactory()
    client = client_for(curator, token=False, enforce_csrf=True)
    url = f"/api/v1/claims/{claim.pk}/"
    origin = {"HTTP_ORIGIN": "https://testserver"}

    refused = client.patch(url, {"review_status": "accepted"}, format="json", **origin)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf
    accepted = client.patch(
        url, {"review_status": "accepted"}, format="json", HTTP_X_CSRFTOKEN=csrf, **origin
    )
    assert accepted.status_code == 200, accepted.content


def test_session_of_an_analyst_is_forbidden_to_write(analyst):
    claim = ClaimFactory()
    client = client_for(analyst, token=False)

    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"review_status": "accepted"}, format="json"
    )

    assert response.status_code == 403


def test_inactive_curator_cannot_write(curator):
    claim = ClaimFactory()
    client = client_for(curator)
    curator.is_active = False
    curator.save()

    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"review_status": "accepted"}, format="json"
    )

    assert response.status_code in {401, 403}


def test_reads_can_require_login(settings, analyst):
    settings.KBASE = {**settings.KBASE, "REQUIRE_LOGIN_FOR_READS": True}

    anonymous = client_for().get("/api/v1/claims/")
    signed_in = client_for(analyst).get("/api/v1/claims/")

    assert anonymous.status_code == 401
    assert anonymous.json()["detail"]
    assert signed_in.status_code == 200


# Errors are JSON, never 500 ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=99999999999999999999",
        "page=abc",
        "page=2",
        "page=",
        "page=last",
        "page=1.0",
        "page=%C2%B2",
    ],
)
def test_absurd_page_numbers_are_404_json(query):
    ClaimFactory()

    response = client_for().get(f"/api/v1/claims/?{query}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_paging_parameters_given_twice_are_400():
    for query in ["page=1&page=1", "page_size=5&page_size=6"]:
        response = client_for().get(f"/api/v1/claims/?{query}")
        assert response.status_code == 400, query
        assert response.json()[query.split("=")[0]] == ["Give this parameter once."]


@pytest.mark.parametrize(
    "size", ["0", "-5", "201", "abc", "1e3", "99999999999999999999", "", " 5", "\u0665"]
)
def test_page_sizes_outside_1_to_200_are_400(size):
    response = client_for().get(f"/api/v1/claims/?page_size={size}")

    assert response.status_code == 400
    assert "page_size" in response.json()


def test_page_size_chooses_the_page_length_up_to_200():
    ClaimFactory.create_batch(3)
    client = client_for()

    page = client.get("/api/v1/claims/?page_size=2").json()
    assert len(page["results"]) == 2
    assert page["count"] == 3
    assert "page=2" in page["next"]
    assert client.get("/api/v1/claims/?page_size=200").status_code == 200


def test_malformed_json_is_400(curator):
    claim = ClaimFactory()

    response = client_for(curator).generic(
        "PATCH", f"/api/v1/claims/{claim.pk}/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_body_that_is_not_json_is_415(curator):
    claim = ClaimFactory()

    response = client_for(curator).patch(
        f"/api/v1/claims/{claim.pk}/", "review_status=accepted", content_type="text/plain"
    )

    assert response.status_code == 415
    assert response.json()["detail"]


def test_unknown_api_paths_are_404_json():
    for path in ["/api/v1/nothing/", "/api/v2/claims/", "/api/v1/claims/abc/", "/api/"]:
        response = client_for().get(path)
        assert response.status_code == 404, path
        assert response.json()["detail"], path


def test_unknown_api_paths_are_404_json_for_writes_too(curator):
    # Not a CSRF page: token clients never hold a CSRF cookie.
    client = client_for(curator, enforce_csrf=True)
    for path in ["/api/v1/claims/1.5e-3/", "/api/v1/links/-1.0/", "/api/v1/nothing/"]:
        response = client.patch(path, {"decision": "confirmed"}, format="json")
        assert response.status_code == 404, path
        assert response.json()["detail"], path


def test_unsupported_methods_are_405_with_allow():
    claim = ClaimFactory()

    response = client_for().put(f"/api/v1/claims/{claim.pk}/", {}, format="json")
    deleted = client_for().delete("/api/v1/outlets/1/")

    assert response.status_code in {401, 405}
    assert deleted.status_code in {401, 405}


def test_unsupported_methods_of_a_curator_are_405(curator):
    claim = ClaimFactory()
    client = client_for(curator)

    response = client.put(f"/api/v1/claims/{claim.pk}/", {}, format="json")

    assert response.status_code == 405
    assert "PATCH" in response["Allow"]
    assert client.delete(f"/api/v1/claims/{claim.pk}/").status_code == 405


# Throttles ---------------------------------------------------------------------------------


def test_anonymous_clients_are_throttled_with_a_json_429(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    client = client_for()

    statuses = [client.get("/api/v1/topics/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/topics/")
    assert "throttled" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_signed_in_clients_have_their_own_throttle(monkeypatch, analyst):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    client = client_for(analyst)

    statuses = [client.get("/api/v1/topics/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


# Schema and docs pages ---------------------------------------------------------------------


def test_schema_describes_every_resource_filter_and_error():
    response = client_for().get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in [
        "/api/v1/outlets/",
        "/api/v1/origins/",
        "/api/v1/articles/",
        "/api/v1/claims/",
        "/api/v1/claims/export/",
        "/api/v1/claims/{id}/jsonld/",
        "/api/v1/links/",
        "/api/v1/topics/",
        "/api/v1/topics/{key}/",
        "/api/v1/topics/{key}/jsonld/",
    ]:
        assert path in paths, path
    claim_params = {p["name"] for p in paths["/api/v1/claims/"]["get"]["parameters"]}
    assert {
        "kind",
        "place",
        "origin",
        "outlet",
        "article",
        "review_status",
        "as_of_after",
        "as_of_before",
        "value_min",
        "value_max",
        "has_contradictions",
        "q",
        "ordering",
        "page",
        "page_size",
    } <= claim_params
    article_params = {p["name"] for p in paths["/api/v1/articles/"]["get"]["parameters"]}
    assert {"outlet", "published_after", "published_before", "q"} <= article_params
    link_params = {p["name"] for p in paths["/api/v1/links/"]["get"]["parameters"]}
    assert {"relation", "decision", "claim"} <= link_params
    claims_get = paths["/api/v1/claims/"]["get"]
    assert {"200", "400", "401", "404", "429"} <= set(claims_get["responses"])
    article_post = paths["/api/v1/articles/"]["post"]
    assert {"201", "400", "401", "403", "413"} <= set(article_post["responses"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    # Reads are open to anonymous clients; writes are not.
    assert {} in claims_get["security"]
    assert {} not in paths["/api/v1/links/"]["post"]["security"]


def test_schema_admits_the_blank_and_null_values_stored():
    schemas = client_for().get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    claim = schemas["Claim"]["properties"]

    blank = {"$ref": "#/components/schemas/BlankEnum"}
    assert blank in claim["measure"]["oneOf"]
    assert blank in claim["provision"]["oneOf"]
    assert claim["reviewed_by"]["nullable"] is True
    assert claim["as_of"]["nullable"] is True
    assert "format" not in schemas["Outlet"]["properties"]["homepage"]
    assert schemas["ArticleCreateRequest"]["additionalProperties"] is False


def test_swagger_ui_is_served_without_inline_scripts_or_a_cdn(plain_static):
    client = client_for()

    page = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/?script=")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert "<style>" not in html
    assert "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert 'src="/api/v1/docs/?script="' in html
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_redoc_is_served_from_static_files_with_a_style_nonce(plain_static):
    page = client_for().get("/api/v1/redoc/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html
    assert "fonts.googleapis" not in html
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "/static/api/redoc.js" in html
    policy = page["Content-Security-Policy"]
    nonce = html.split('data-nonce="')[1].split('"')[0]
    assert nonce
    assert f"'nonce-{nonce}'" in policy
    assert "unsafe-inline" not in policy


def test_docs_assets_exist_in_static_files():
    from django.contrib.staticfiles import finders

    for path in [
        "api/redoc.js",
        "api/docs.css",
        "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
    ]:
        assert finders.find(path), path


def test_api_root_lists_the_resources():
    body = client_for().get("/api/v1/").json()

    assert set(body) == {"outlets", "origins", "articles", "claims", "links", "topics"}


# The token command -------------------------------------------------------------------------


def test_issue_token_creates_then_repeats_the_token(curator):
    first, second = io.StringIO(), io.StringIO()

    call_command("issue_token", curator.username, stdout=first, stderr=io.StringIO())
    call_command("issue_token", curator.username, stdout=second, stderr=io.StringIO())

    key = first.getvalue().strip()
    assert key == second.getvalue().strip() == Token.objects.get(user=curator).key
    assert client_for().get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_issue_token_rotate_replaces_the_token(curator):
    old = Token.objects.create(user=curator).key
    out = io.StringIO()

    call_command("issue_token", curator.username, "--rotate", stdout=out, stderr=io.StringIO())

    assert out.getvalue().strip() != old
    assert not Token.objects.filter(key=old).exists()


def test_issue_token_warns_about_users_who_cannot_write():
    user = UserFactory()
    err = io.StringIO()

    call_command("issue_token", user.username, stdout=io.StringIO(), stderr=err)

    assert "not in the curator group" in err.getvalue()


def test_issue_token_for_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("issue_token", "nobody")


def test_link_counts_are_of_standing_links_only():
    claim = ClaimFactory()
    ClaimLinkFactory(from_claim=claim, relation="agrees")
    ClaimLinkFactory(to_claim=claim, relation="contradicts")
    ClaimLinkFactory(from_claim=claim, relation="contradicts", decision="rejected")

    body = client_for().get(f"/api/v1/claims/{claim.pk}/").json()

    assert (body["agree_count"], body["contradict_count"]) == (1, 1)


# The examples of docs/api.md, against the demo corpus -------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"
DOC_URL = re.compile(r"http://127\.0\.0\.1:8000(/api/v1/[^'\"\s)`]*)")


@pytest.fixture
def demo_corpus(demo_dir, django_capture_on_commit_callbacks):
    if not (demo_dir / "articles.jsonl").is_file():
        pytest.skip("the demo corpus is not there")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(demo_dir / "articles.jsonl"), stdout=io.StringIO())


def test_docs_curl_examples_answer_with_data(demo_corpus):
    client = client_for()
    examples = DOCS.read_text().split("```sh\n")[1].split("```")[0]
    reads = DOC_URL.findall(examples)
    assert len(reads) == 4

    for url in reads:
        response = client.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            lines = b"".join(response.streaming_content).decode().splitlines()
            assert len(lines) > 1, url  # a header and rows
        elif url.rstrip("/").endswith("/jsonld"):
            assert response.json()["itemReviewed"]["appearance"], url
        elif "results" in response.json():
            assert response.json()["results"], url
        else:
            assert response.json()["claim_count"] > 0, url


def test_docs_links_work(demo_corpus, plain_static):
    for path in set(DOC_URL.findall(DOCS.read_text())):
        if "/claims/1/" not in path:
            assert client_for().get(path).status_code == 200, path


def test_docs_python_example_runs(demo_corpus, capsys):
    code = DOCS.read_text().split("```python\n")[1].split("```")[0]
    client = client_for()

    class Requests:
        """Only what the example uses of requests, served by the test client."""

        @staticmethod
        def get(url, timeout=None):
            return client.get(url.removeprefix("http://127.0.0.1:8000"))

    exec(code.replace("import requests\n", ""), {"requests": Requests})

    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == Claim.objects.with_contradictions().count() > 0


def test_docs_write_example_works_for_a_curator(demo_corpus, curator):
    text = DOCS.read_text()
    assert '-H "Authorization: Token $TOKEN"' in text
    body = json.loads(re.search(r"-d '(\{[^']*\})'", text).group(1))
    key = io.StringIO()
    call_command("issue_token", curator.username, stdout=key, stderr=io.StringIO())
    claim = Claim.objects.order_by("pk").first()

    response = client_for().patch(
        f"/api/v1/claims/{claim.pk}/",
        body,
        format="json",
        HTTP_AUTHORIZATION=f"Token {key.getvalue().strip()}",
    )

    assert response.status_code == 200
    assert response.json()["review_status"] == "accepted"


# Serializers read fields by a plan made once; the answers are DRF's own -------------------

API_LISTS = ["outlets", "origins", "articles", "claims", "links", "topics"]


def test_fields_built_once_still_read_each_requests_own_host(demo_corpus, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    client = client_for()
    for host in ("one.example", "two.example", "one.example"):
        for resource in ("claims", "articles"):
            row = client.get(f"/api/v1/{resource}/", HTTP_HOST=host).json()["results"][0]
            assert row["api_url"].startswith(f"https://{host}/")
            detail = client.get(row["api_url"], HTTP_HOST=host).json()
            assert detail["api_url"] == row["api_url"]


@pytest.mark.parametrize("resource", API_LISTS)
def test_planned_representations_are_what_drf_gives(demo_corpus, resource, monkeypatch):
    from rest_framework import serializers

    from sources.api.serializers import ModelOutputSerializer

    Claim.objects.filter(pk=Claim.objects.order_by("pk").first().pk).update(
        review_status="accepted", reviewed_by=UserFactory(username="cur")
    )
    client = client_for()
    pages = []
    for url in (f"/api/v1/{resource}/?page_size=200", None):
        if url is None:
            monkeypatch.setattr(
                ModelOutputSerializer,
                "to_representation",
                serializers.ModelSerializer.to_representation,
            )
            # and fields built anew for every serializer, as DRF builds them
            monkeypatch.setattr(
                ModelOutputSerializer, "get_fields", ModelOutputSerializer._built_fields
            )
            url = f"/api/v1/{resource}/?page_size=200"
        rows = client.get(url).json()["results"]
        detail = client.get(rows[0].get("api_url", url)).json()
        pages.append((rows, detail))
    assert pages[0][0]
    assert pages[0] == pages[1]
