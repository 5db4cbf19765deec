"""Constraints and helpers of the sources models."""

import pytest
from django.db import IntegrityError

from sources.hashing import text_sha256
from sources.keys import name_key, origin_key
from sources.models import Article
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db


def test_article_stores_sha256_of_its_text():
    article = ArticleFactory(text="Some text about workers.")
    assert article.sha256 == text_sha256("Some text about workers.")
    assert len(article.sha256) == 64


def test_same_text_twice_is_rejected():
    ArticleFactory(text="Identical words.")
    with pytest.raises(IntegrityError):
        ArticleFactory(text="Identical words.")


def test_url_is_unique_when_present():
    ArticleFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError):
        ArticleFactory(url="https://example.org/a")


def test_many_articles_may_have_no_url():
    ArticleFactory(url="")
    ArticleFactory(url="")
    assert Article.objects.filter(url="").count() == 2


def test_outlet_name_is_unique():
    OutletFactory(name="Gulf Wire Service")
    with pytest.raises(IntegrityError):
        from sources.models import Outlet

        Outlet.objects.create(name="Gulf Wire Service")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kuwait's Public Authority of Manpower", "public authority of manpower"),
        ("Kuwait’s Public Authority of Manpower", "public authority of manpower"),
        ("the Public Authority of Manpower", "public authority of manpower"),
        ("PUBLIC AUTHORITY OF MANPOWER", "public authority of manpower"),
        ("the AP", "associated press"),
        ("U.N.", "united nations"),
        ("", ""),
    ],
)
def test_name_key_joins_spelling_variants(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kuwait's Public Authority of Manpower", "public authority of manpower"),
        ("the Public Authority of Manpower's spokesman", "public authority of manpower"),
        ("Kuwait’s Public Authority of Manpower’s figures", "public authority of manpower"),
        ("the ministry's data", "ministry"),
        # A possessor before a common noun names which body: two ministries, not one.
        ("Kuwait's labour ministry", "kuwait labour ministry"),
        ("Qatar's labour ministry", "qatar labour ministry"),
        ("South Korea's National Intelligence Service", "national intelligence service"),
        ("the U.N.", "united nations"),
        ("officials familiar with the matter", "officials familiar with the matter"),
        ("", ""),
    ],
)
def test_origin_key_reads_possessives_as_attributions_do(name, key):
    assert origin_key(name) == key


def test_an_origin_is_keyed_by_origin_key():
    from sources.models import Origin

    assert Origin.objects.create(name="Qatar's labour ministry").key == "qatar labour ministry"
