"""Production settings pass Django's deployment checks; gunicorn serves pages and static files."""

import json
import subprocess
import sys

import pytest

from tests.server_helpers import (
    REPO,
    collected_static,
    get,
    gunicorn,
    production_env,
    server_database_url,
)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_check_deploy_passes_with_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=production_env(DJANGO_ALLOWED_HOSTS="kbase.example.org"),
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (security" not in output


def test_check_deploy_fails_with_a_short_secret_key():
    # The check above is only worth something if a weak configuration fails it.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=production_env(SECRET_KEY="short", DJANGO_SECURE_HSTS_SECONDS="0"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr
    assert "security.W004" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_inline_script(client):
    response = client.get("/healthz", secure=True)
    header = response.headers["Content-Security-Policy"]
    directives = csp_directives(header)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    for name in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]


@pytest.mark.django_db
def test_production_settings_redirect_to_https_but_not_the_health_check(client):
    # The test settings are the production ones (DEBUG off): plain HTTP is redirected.
    response = client.get("/claims/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_gunicorn_serves_pages_and_compressed_hashed_static_files_with_debug_off(tmp_path):
    root = collected_static()
    manifest = json.loads((root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/kbase.css"]
    assert hashed != "css/kbase.css"
    env = production_env(DJANGO_STATIC_ROOT=str(root), DATABASE_URL=server_database_url(tmp_path))
    with gunicorn(env) as port:
        status, headers, body = get(port, "/healthz", https=False)
        assert status == 200 and json.loads(body) == {"database": "ok"}

        status, headers, body = get(port, "/articles/", https=False)
        assert status == 301 and headers["Location"].startswith("https://")

        status, headers, body = get(port, "/articles/")
        assert status == 200, body[:2000]
        assert f"/static/{hashed}".encode() in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert (
            "'unsafe-inline'"
            not in csp_directives(headers["Content-Security-Policy"])["script-src"]
        )

        status, headers, body = get(port, f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert "immutable" in headers["Cache-Control"]
        assert headers["Content-Type"].startswith("text/css")
