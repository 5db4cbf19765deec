"""The curator and analyst roles, and the create_curator command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from tests.admin_helpers import admin_client, url, use_plain_static
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db
CURATED = {
    "sources": ["outlet", "origin", "article"],
    "claims": ["claim", "claimlink"],
}
GOOD_PASSWORD = "a long enough passphrase 42"


@pytest.fixture(autouse=True)
def _static(settings):
    use_plain_static(settings)


def perms_of(group: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group).permissions.select_related("content_type")
    }


def test_curators_edit_sources_claims_links_and_their_history_but_not_users():
    perms = perms_of("curator")
    for app, models in CURATED.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                assert f"{app}.{action}_{model}" in perms
            assert f"{app}.view_historical{model}" in perms
    assert "sources.change_merge" in perms  # to undo merges
    assert not {p for p in perms if p.startswith(("auth.", "authtoken."))}


def test_analysts_only_read():
    perms = perms_of("analyst")
    assert "claims.view_claim" in perms
    assert "sources.view_historicalarticle" in perms
    assert all(p.split(".")[1].startswith("view_") for p in perms)


def test_a_curator_cannot_manage_users(curator):
    client = admin_client(curator)
    assert client.get(url("auth_user_changelist")).status_code == 403
    assert client.get(url("auth_group_changelist")).status_code == 403
    assert client.get(url("claims_claim_changelist")).status_code == 200


def test_a_user_outside_both_groups_sees_nothing(db):
    nobody = UserFactory()
    client = admin_client(nobody)
    assert client.get(url("claims_claim_changelist")).status_code == 403
    assert client.get(url("claims_claim_review")).status_code == 403
    assert client.get(url("sources_outlet_deleted")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in():
    ClaimFactory()
    for name in ("index", "claims_claim_changelist", "claims_claim_review"):
        response = admin_client().get(url(name))
        assert response.status_code == 302
        assert response.url.startswith(url("login"))


# -- create_curator --


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_curator", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_create_curator_makes_a_staff_user_in_the_curator_group(monkeypatch):
    monkeypatch.delenv("KBASE_CURATOR_PASSWORD", raising=False)

    out = run("ada", "--email", "ada@example.org", "--password", GOOD_PASSWORD)

    user = get_user_model().objects.get(username="ada")
    assert "Created curator 'ada'" in out
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.email == "ada@example.org"
    assert user.check_password(GOOD_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["curator"]
    assert user.has_perm("claims.change_claim")
    assert not user.has_perm("auth.change_user")


def test_the_new_curator_can_log_in_and_curate():
    run("grace", "--password", GOOD_PASSWORD)
    client = admin_client()
    assert client.login(username="grace", password=GOOD_PASSWORD)
    assert client.get(url("claims_claim_review")).status_code == 200


def test_the_password_may_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KBASE_CURATOR_PASSWORD", GOOD_PASSWORD)
    run("env-user", "--no-input")
    assert get_user_model().objects.get(username="env-user").check_password(GOOD_PASSWORD)


def test_without_a_password_and_no_terminal_it_fails_clearly(monkeypatch):
    monkeypatch.delenv("KBASE_CURATOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="No password"):
        run("nopass", "--no-input")
    assert not get_user_model().objects.filter(username="nopass").exists()


def test_the_password_is_prompted_for_in_a_terminal(monkeypatch):
    monkeypatch.delenv("KBASE_CURATOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["short", "different", GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    run("prompted")

    assert get_user_model().objects.get(username="prompted").check_password(GOOD_PASSWORD)


def test_a_weak_password_is_refused_and_nothing_is_created(monkeypatch):
    with pytest.raises(CommandError, match="Password refused"):
        run("weak", "--password", "123")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_an_existing_user_is_refused_unless_updated():
    existing = UserFactory(username="taken", email="old@example.org")
    with pytest.raises(CommandError, match="exists already; use --update"):
        run("taken", "--password", GOOD_PASSWORD)
    existing.refresh_from_db()
    assert not existing.is_staff
    assert not existing.groups.exists()

    out = run("taken", "--update", "--email", "new@example.org", "--no-input")

    existing.refresh_from_db()
    assert "Updated curator 'taken'" in out
    assert existing.is_staff and existing.email == "new@example.org"
    assert existing.groups.filter(name="curator").exists()
    assert existing.check_password("correct horse battery staple")  # kept: none was given


def test_a_bad_email_is_refused():
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        run("bademail", "--email", "not-an-address", "--password", GOOD_PASSWORD)


def test_without_the_groups_it_asks_for_migrate():
    Group.objects.filter(name="curator").delete()
    with pytest.raises(CommandError, match=r"manage\.py migrate"):
        run("early", "--password", GOOD_PASSWORD)
