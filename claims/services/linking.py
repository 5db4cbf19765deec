"""Propose links between comparable claims and keep topic summaries current."""

from collections.abc import Iterable

from django.db import transaction

from claims.models import Claim
from sources.models import Article


@transaction.atomic
def links_update_for_claims(*, claims: Iterable[Claim]) -> dict:
    raise NotImplementedError("linking is being built (issue 5)")


@transaction.atomic
def links_update_for_article(*, article: Article) -> dict:
    raise NotImplementedError("linking is being built (issue 5)")


@transaction.atomic
def links_recompute_all() -> dict:
    raise NotImplementedError("linking is being built (issue 5)")


@transaction.atomic
def topics_refresh(*, keys: Iterable[str]) -> int:
    # Being built (issue 5); a no-op until then so claims_extract can run.
    return 0
