"""Settings come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def read_setting(expression: str, **env: str) -> str:
    """Load kbase.settings in a fresh interpreter with the given environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_DEBUG", "KBASE_CONTENT_CACHE"}
    }
    clean.update(env)
    code = f"import kbase.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=clean, capture_output=True, text=True
    )
    return (result.stdout + result.stderr).strip()


def test_sqlite_in_the_project_when_database_url_is_unset():
    engine = read_setting("s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']")
    assert "django.db.backends.sqlite3" in engine
    assert str(REPO / "db.sqlite3") in engine


def test_postgresql_when_database_url_is_set():
    out = read_setting(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kbase",
    )
    assert "django.db.backends.postgresql" in out
    assert out.endswith(" kbase")


def test_postgresql_sessions_start_without_parallel_workers_or_jit_unless_told():
    url = "postgres://postgres@127.0.0.1:5432/kbase"
    options = "s.DATABASES['default'].get('OPTIONS', {}).get('options')"
    assert read_setting(options, DATABASE_URL=url, DJANGO_DEBUG="1") == (
        "-c max_parallel_workers_per_gather=0 -c jit=off"
    )
    assert read_setting(options, DATABASE_URL=url, DJANGO_DEBUG="1", KBASE_PG_OPTIONS="") == "None"


def test_debug_is_off_unless_asked():
    assert read_setting("s.DEBUG") == "False"
    assert read_setting("s.DEBUG", DJANGO_DEBUG="1") == "True"


def test_secret_key_is_required_when_debug_is_off():
    out = read_setting("s.SECRET_KEY", SECRET_KEY="")
    assert "ImproperlyConfigured" in out
    assert "SECRET_KEY must be set" in out


def test_debug_has_a_local_development_key():
    assert "insecure" in read_setting("s.SECRET_KEY", SECRET_KEY="", DJANGO_DEBUG="1")


def test_allowed_hosts_from_the_environment():
    out = read_setting("s.ALLOWED_HOSTS", DJANGO_ALLOWED_HOSTS="kbase.example.org, api.example.org")
    assert out == "['kbase.example.org', 'api.example.org']"
