"""Chainable reads for claims, links and topics."""

import functools

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from kbase.search_vector import stored_vector_search

CLAIM_SEARCH_FIELDS = ("quote",)


class ClaimQuerySet(models.QuerySet):
    def with_sources(self):
        return self.select_related("article__outlet", "origin")

    def for_topic(self, key: str):
        return self.filter(subject_key=key)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def in_place(self, place: str):
        return self.filter(place=place)

    def live(self):
        """Claims that still stand: not rejected by a curator and still anchored in their text."""
        return self.exclude(review_status="rejected").filter(orphaned=False)

    def with_link_counts(self):
        return self.annotate(**_link_counts())

    def with_contradictions(self):
        from claims.models import ClaimLink

        open_contradiction = ClaimLink.objects.filter(
            relation=ClaimLink.Relation.CONTRADICTS
        ).exclude(decision=ClaimLink.Decision.REJECTED)
        return self.filter(
            Exists(open_contradiction.filter(from_claim=OuterRef("pk")))
            | Exists(open_contradiction.filter(to_claim=OuterRef("pk")))
        )

    def search(self, q: str):
        return stored_vector_search(self, q, CLAIM_SEARCH_FIELDS)


@functools.cache
def _link_counts() -> dict:
    """The link-count annotations, built once: annotating resolves a copy of each, and
    building their four subqueries cost more than running them on every API page."""
    from claims.models import ClaimLink

    agrees = Q(relation=ClaimLink.Relation.AGREES)
    contradicts = Q(relation=ClaimLink.Relation.CONTRADICTS)
    not_rejected = ~Q(decision=ClaimLink.Decision.REJECTED)
    return {
        "agree_count": _link_count(agrees & not_rejected),
        "contradict_count": _link_count(contradicts & not_rejected),
    }


def _link_count(condition: Q):
    """A correlated subquery counting links on either side of a claim, so no join fans out."""
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    from claims.models import ClaimLink

    def side(field: str):
        return Coalesce(
            Subquery(
                ClaimLink.objects.filter(condition, **{field: OuterRef("pk")})
                .order_by()
                .values(field)
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    return side("from_claim") + side("to_claim")


class ClaimLinkQuerySet(models.QuerySet):
    def with_claims(self):
        return self.select_related(
            "from_claim__article__outlet",
            "from_claim__origin",
            "to_claim__article__outlet",
            "to_claim__origin",
        )

    def for_claim(self, claim):
        return self.filter(Q(from_claim=claim) | Q(to_claim=claim))

    def standing(self):
        """Links a curator has not rejected."""
        return self.exclude(decision="rejected")


class TopicQuerySet(models.QuerySet):
    def with_open_contradictions(self):
        return self.filter(open_contradictions__gt=0).order_by("-open_contradictions", "label")

    def with_best_claim(self):
        return self.select_related("best_claim__article__outlet", "best_claim__origin")
