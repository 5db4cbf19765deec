"""Constraints and helpers of the sources models."""

import pytest
from django.db import IntegrityError

from sources.hashing import text_sha256
from sources.keys import name_key
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
