"""Store an article's extracted claims, and re-anchor them when its text changes."""

from django.db import transaction

from sources.models import Article


@transaction.atomic
def claims_extract(*, article: Article) -> dict:
    """Run the extractor over the article and store its claims idempotently.

    Replaces only proposed claims made by an older extractor version; accepted, rejected and
    manual claims are kept. Returns counts {"created": n, "kept": n, "removed": n}.
    """
    raise NotImplementedError("claims_extract is being built (issue 4)")


@transaction.atomic
def claims_reanchor(*, article: Article, old_text: str) -> dict:
    """Move the article's claims onto its new text by quote, prefix and suffix; orphan the lost."""
    raise NotImplementedError("claims_reanchor is being built (issue 3)")
