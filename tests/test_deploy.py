"""Production settings pass Django's deployment checks; gunicorn serves pages and static files."""

import io
import json
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

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


class InlineCode(HTMLParser):
    """Collects what a `script-src 'self'` / `style-src 'self'` policy would block in a page."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.blocked.append(f"<{tag} {name}=...>")
        if tag == "script" and "src" not in attrs:
            # JSON-LD and other data blocks are never executed.
            data_types = {"application/ld+json", "application/json"}
            self._inline_script = attrs.get("type") not in data_types
        if tag == "a" and (attrs.get("href") or "").strip().lower().startswith("javascript:"):
            self.blocked.append(f"<a href={attrs['href']!r}>")
        if tag == "style":
            self.blocked.append("<style> element")

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.blocked.append(f"inline <script>: {data.strip()[:80]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


@pytest.mark.django_db
def test_rendered_pages_hold_no_code_the_policy_would_block(client, demo_dir, settings):
    from claims.models import Claim, Topic
    from sources.models import Article, Origin, Outlet
    from tests.admin_helpers import use_plain_static

    use_plain_static(settings)

    call_command("import_articles", str(demo_dir / "articles.jsonl"), stdout=io.StringIO())
    claim, article = Claim.objects.first(), Article.objects.first()
    topic = Topic.objects.exclude(place="").first()
    paths = [
        "/",
        "/claims/",
        "/claims/?kind=worker_count&sort=-as_of",
        f"/claims/{claim.pk}/",
        "/articles/",
        f"/articles/{article.pk}/",
        "/topics/",
        f"/topics/{topic.kind}/{topic.place}/",
        "/search/?q=Kuwait+workers",
        "/outlets/",
        f"/outlets/{Outlet.objects.first().pk}/",
        "/origins/",
        f"/origins/{Origin.objects.first().pk}/",
        "/api/v1/docs/",
        "/api/v1/redoc/",
        "/admin/login/",
    ]
    for path in paths:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.blocked == [], path


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


def test_throttles_count_the_address_the_proxy_saw_not_what_the_client_claims(rf):
    from rest_framework.request import Request
    from rest_framework.throttling import AnonRateThrottle

    def ident(**headers):
        request = rf.get("/api/v1/claims/", REMOTE_ADDR="127.0.0.1", headers=headers)
        return AnonRateThrottle().get_ident(Request(request))

    # The one proxy appends the address it saw; whatever the client put before it is ignored.
    assert ident(x_forwarded_for="203.0.113.7") == "203.0.113.7"
    assert ident(x_forwarded_for="1.1.1.1, 203.0.113.7") == "203.0.113.7"
    assert ident(x_forwarded_for="2.2.2.2, 203.0.113.7") == "203.0.113.7"
    assert ident() == "127.0.0.1"
