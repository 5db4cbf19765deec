"""Hostile requests: SQL-looking filters, ../ in paths and file names, odd ids: never a 500."""

import io
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.api_helpers import client_for
from tests.browser.support import plain_http  # noqa: F401 - the fixture, used by pytestmark
from tests.test_hostile_input import counts, run_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


# Filter values that look like SQL -----------------------------------------------------------

SQLISH = [
    "' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE claims_claim; --",
    "%",
    "_",
    "\\",
    "\x00",
    "%00",
    "1e999",
    "99999999999999999999999999",
    "-1",
    "²",
    "١٢",
    "\u202e1",
    "x" * 5000,
]
API_LISTS = {
    "/api/v1/claims/": [
        "kind", "measure", "place", "origin", "outlet", "article", "topic", "review_status",
        "instrument", "provision", "as_of_after", "as_of_before", "value_min", "value_max",
        "has_contradictions", "live", "q", "ordering", "page", "page_size", "format",
    ],
    "/api/v1/articles/": ["outlet", "q", "published_after", "published_before", "ordering"],
    "/api/v1/outlets/": ["kind", "country", "name", "ordering"],
    "/api/v1/origins/": ["name", "q", "ordering"],
    "/api/v1/links/": ["relation", "decision", "method", "claim", "ordering"],
    "/api/v1/topics/": ["kind", "measure", "place", "instrument", "has_contradictions"],
}  # fmt: skip
PAGES = {
    "/claims/": [
        "q", "kind", "measure", "place", "outlet", "origin", "review_status", "live",
        "contested", "sort", "page",
    ],
    "/search/": ["q", "page"],
    "/articles/": ["outlet", "page"],
    "/outlets/": ["kind", "page"],
    "/origins/": ["q", "page"],
    "/topics/": ["kind", "place"],
    "/topics/worker_count/KW/": ["measure", "unit", "topic"],
    "/": ["q"],
}  # fmt: skip


@pytest.fixture
def some_of_everything():
    from tests.factories import ClaimFactory, ClaimLinkFactory, TopicFactory

    link = ClaimLinkFactory(from_claim__place="KW", to_claim__place="KW")
    ClaimFactory()
    TopicFactory()
    return link


@pytest.mark.parametrize("path", list(API_LISTS))
def test_sql_looking_filters_on_api_lists_give_200_or_400(some_of_everything, path):
    client = client_for()
    before = counts()
    for name in API_LISTS[path]:
        for value in SQLISH:
            response = client.get(path, {name: value})
            assert response.status_code in (200, 400, 404), (name, value, response.status_code)
            assert response["Content-Type"] == "application/json"
            if response.status_code == 200:
                # The filter matched nothing odd: no row beyond what the table holds.
                assert response.json()["count"] <= max(before.values())
    assert counts() == before


@pytest.mark.parametrize("path", list(PAGES))
def test_sql_looking_filters_on_pages_give_200_or_400(client, some_of_everything, path):
    before = counts()
    for name in PAGES[path]:
        for value in SQLISH:
            response = client.get(path, {name: value})
            assert response.status_code in (200, 400, 404), (name, value, response.status_code)
    assert counts() == before


# File names with ../ ------------------------------------------------------------------------


def test_import_paths_with_dotdot_that_lead_nowhere_or_to_non_articles_are_error_lines(
    tmp_path, monkeypatch
):
    (tmp_path / "inside").mkdir()
    monkeypatch.chdir(tmp_path / "inside")
    (tmp_path / "secret.cfg").write_text("password=1")

    out, error = run_import("../../../../../../nowhere/x.jsonl", "../secret.cfg", "../inside")

    assert error is not None
    assert "../../../../../../nowhere/x.jsonl: no such file or folder" in out
    assert "../secret.cfg: unknown format of .cfg" in out
    assert "../inside: the folder holds no importable files" in out
    assert counts()["articles"] == 0


@pytest.mark.parametrize("target", ["..", "../", ".", "sub", "sub/", "../missing/x.jsonl"])
def test_backup_to_a_folder_or_a_missing_one_is_a_clear_error(tmp_path, monkeypatch, target):
    (tmp_path / "run" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "run")
    before = sorted(p.name for p in tmp_path.rglob("*"))

    with pytest.raises(CommandError) as info:
        call_command("backup", target, stdout=io.StringIO(), stderr=io.StringIO())

    assert "directory" in str(info.value)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("source", ["..", "../missing.jsonl.gz", "../../../../etc/hostname"])
def test_restore_from_a_folder_a_missing_or_a_foreign_file_is_a_clear_error(
    tmp_path, monkeypatch, source
):
    (tmp_path / "run").mkdir()
    monkeypatch.chdir(tmp_path / "run")
    before = counts()

    with pytest.raises(CommandError):
        call_command("restore", source, stdout=io.StringIO(), stderr=io.StringIO())

    assert counts() == before


@pytest.mark.parametrize(
    "path",
    [
        "/articles/..%2F..%2Fetc%2Fpasswd/",
        "/claims/%2e%2e/",
        "/topics/..%2F/..%2F/",
        "/api/v1/articles/..%2F/",
    ],
)
def test_dotdot_in_urls_finds_nothing(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("object_id", ["²", "١٢", "' OR 1=1 --", "..%2F..%2F"])
def test_admin_history_of_an_odd_id_is_a_404(curator, settings, object_id):
    from tests.admin_helpers import admin_client, use_plain_static

    use_plain_static(settings)
    client = admin_client(curator)
    for model in ("sources/article", "sources/outlet", "claims/claim", "claims/claimlink"):
        for view in ("history", "history/1"):
            path = f"/admin/{model}/{quote(object_id, safe='%')}/{view}/"
            response = client.get(path)
            # Django's admin sends an id holding "/" to its change page: still inside the admin.
            assert response.status_code == 404 or (
                response.status_code == 302 and response["Location"].startswith("/admin/")
            ), path
