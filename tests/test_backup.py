"""`backup` then `restore` into an empty database gives back every row of every table."""

import datetime
import gzip
import hashlib
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from claims.models import Claim, ClaimLink
from kbase.management.backups import database_holdings
from sources.models import Article, Merge
from tests.factories import (
    AnalystFactory,
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    CuratorFactory,
    OriginFactory,
    OutletFactory,
    TopicFactory,
    UserFactory,
)

# Real transactions: restore commits, and PostgreSQL cannot truncate inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

UNICODE_TEXT = (
    "PYONGYANG — «Ударная бригада» of 北朝鮮 workers 🧱; naïve café, Zürich\u2028"
    'next line "quoted" \\ back\tslash. About 6,000 North Korean workers, said 관계자.'
)


def checksums() -> dict[str, tuple[int, str]]:
    """Count and SHA-256 of each table's rows in key order, computed independently of backups."""
    sums = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.local_concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*names))
        sums[model._meta.label_lower] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return sums


def build_knowledge_base():
    # An earlier transactional test may have flushed the roles that migrate created.
    for role in ("curator", "analyst"):
        Group.objects.get_or_create(name=role)
    curator = CuratorFactory(username="kurator-ü")
    analyst = AnalystFactory()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    analyst.user_permissions.add(Permission.objects.get(codename="view_claim"))
    Token.objects.create(user=curator)
    Client().force_login(analyst)  # a session row
    outlet = OutletFactory(name="Ежедневная газета", country="RU")
    origin = OriginFactory(name="Kuwait Public Authority of Manpower — الهيئة")
    article = ArticleFactory(outlet=outlet, text=UNICODE_TEXT, title="北朝鮮 — workers abroad")
    start = UNICODE_TEXT.index("About 6,000")
    claim = ClaimFactory(
        article=article,
        origin=origin,
        start=start,
        quote="About 6,000 North Korean workers",
        value_low=Decimal("5999.5"),
        value_high=Decimal("6000.1234"),
        confidence=0.7310585786300049,
        reviewed_by=curator,
        reviewed_at=timezone.now().replace(microsecond=123456),
    )
    others = [ClaimFactory(value_low=6064, value_high=6064) for _ in range(3)]
    ClaimLinkFactory(from_claim=claim, to_claim=others[0], decided_by=curator)
    ClaimLinkFactory(
        from_claim=others[1], to_claim=others[2], relation=ClaimLink.Relation.CONTRADICTS
    )
    TopicFactory(best_claim=claim, claim_count=4, spread_low=Decimal("5999.5"))
    Merge.objects.create(
        model=Merge.Model.OUTLET,
        survivor_id=outlet.pk,
        merged={"name": "Ежедневная газета (old) «x»", "articles": [1, 2]},
        merged_by=curator,
    )
    # History of every kind: created above, changed here, deleted (text kept) below.
    claim.review_status = "accepted"
    claim.save()
    doomed = ArticleFactory(text="Gone — but its text is kept in history: 🗑")
    doomed.delete()
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Claim),
        object_id=str(claim.pk),
        object_repr=str(claim)[:200],
        action_flag=ADDITION,
        change_message="[]",
    )
    Group.objects.create(name="editors").permissions.add(
        Permission.objects.get(codename="change_claim")
    )


def test_backup_and_restore_into_an_empty_database_lose_nothing(tmp_path):
    build_knowledge_base()
    before = checksums()
    assert before["claims.historicalclaim"][0] >= 5
    assert before["sources.historicalarticle"][0] >= 3
    assert before["authtoken.token"][0] == 1
    assert before["sessions.session"][0] == 1

    path = tmp_path / "kbase.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    assert path.read_bytes()[:2] == b"\x1f\x8b"

    call_command("flush", interactive=False, verbosity=0)
    assert not database_holdings()
    call_command("restore", str(path), verbosity=0)
    assert checksums() == before

    # Sequences were moved past the restored ids: new rows get fresh keys.
    old_article = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    new_article = ArticleFactory()
    new_claim = ClaimFactory(article=new_article)
    ClaimLinkFactory(from_claim=new_claim, to_claim=Claim.objects.exclude(pk=new_claim.pk)[0])
    UserFactory(username="after-restore")
    Group.objects.create(name="after-restore")
    assert new_article.pk > old_article
    assert new_claim.history.count() == 1


def test_restore_refuses_a_database_holding_data_unless_forced(tmp_path):
    build_knowledge_base()
    path = tmp_path / "kbase.jsonl"
    call_command("backup", str(path), verbosity=0)
    before = checksums()
    extra = ArticleFactory(title="written after the backup")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), verbosity=0)
    assert Article.objects.filter(pk=extra.pk).exists()

    call_command("restore", str(path), force=True, verbosity=0)
    assert not Article.objects.filter(pk=extra.pk).exists()
    assert checksums() == before


def test_a_truncated_or_damaged_backup_changes_nothing(tmp_path):
    build_knowledge_base()
    path = tmp_path / "kbase.jsonl"
    call_command("backup", str(path), verbosity=0)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    call_command("flush", interactive=False, verbosity=0)
    empty = checksums()

    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("".join(lines[: len(lines) * 2 // 3]), encoding="utf-8")
    with pytest.raises(CommandError, match=r"truncated|damaged"):
        call_command("restore", str(truncated), verbosity=0)
    assert checksums() == empty

    row = next(i for i, line in enumerate(lines) if line.startswith("["))
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("".join([*lines[:row], "[1, 2\n", *lines[row + 1 :]]), encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("restore", str(damaged), verbosity=0)
    assert checksums() == empty

    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "absent.jsonl"), verbosity=0)


def test_restore_refuses_a_backup_of_another_schema(tmp_path):
    path = tmp_path / "kbase.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = stream.readlines()
    header = json.loads(lines[0])
    header["migrations"]["claims"].append("9999_from_the_future")
    future = tmp_path / "future.jsonl.gz"
    with gzip.open(future, "wt", encoding="utf-8") as stream:
        stream.writelines([json.dumps(header) + "\n", *lines[1:]])
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="migrate"):
        call_command("restore", str(future), verbosity=0)

    not_backup = tmp_path / "other.jsonl"
    not_backup.write_text('{"title": "an article, not a backup"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="not a kbase backup"):
        call_command("restore", str(not_backup), verbosity=0)


def test_the_backup_is_json_lines_with_a_header_and_closing_counts(tmp_path):
    ArticleFactory(published=datetime.date(2017, 8, 10))
    path = tmp_path / "kbase.jsonl"
    call_command("backup", str(path), verbosity=0)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records[0]["format"] == "kbase-backup"
    assert records[-1]["complete"] is True
    assert records[-1]["tables"]["sources.article"] == 1
    assert not list(tmp_path.glob(".*partial"))
