"""Chainable reads for outlets, origins and articles."""

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Left

from kbase.search_vector import stored_vector_search

ARTICLE_SEARCH_FIELDS = ("title", "text")
# Must match the generated column of sources/migrations/0004_article_search_vector.py.
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
        # A correlated subquery, not a join: joining the claims multiplied every row (and the
        # rank of a search) by the article's claims, and made a page count group all of them.
        from claims.models import Claim

        counts = (
            Claim.objects.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(claim_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))

    def search(self, q: str):
        return stored_vector_search(
            self,
            q,
            ARTICLE_SEARCH_FIELDS,
            vector_fields=("title", Left("text", ARTICLE_SEARCH_CHARS)),
        )

    def for_outlet(self, outlet):
        return self.filter(outlet=outlet)
