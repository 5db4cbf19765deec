"""Chainable reads for outlets, origins and articles."""

from django.db import models
from django.db.models import Count
from django.db.models.functions import Left

from kbase.search import full_text_search

ARTICLE_SEARCH_FIELDS = ("title", "text")
# Must match the expression of the GIN index in sources/migrations/0002_search_index.py.
ARTICLE_SEARCH_CHARS = 100_000


class OutletQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            article_count=Count("articles", distinct=True),
            claim_count=Count("articles__claims", distinct=True),
        )


class OriginQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(claim_count=Count("claims"))


class ArticleQuerySet(models.QuerySet):
    def with_outlet(self):
        return self.select_related("outlet")

    def with_claim_counts(self):
        return self.annotate(claim_count=Count("claims"))

    def search(self, q: str):
        return full_text_search(
            self,
            q,
            ARTICLE_SEARCH_FIELDS,
            vector_fields=("title", Left("text", ARTICLE_SEARCH_CHARS)),
        )

    def for_outlet(self, outlet):
        return self.filter(outlet=outlet)
