"""Re-anchor an article's claims when its text changes."""

from django.db import transaction

from sources.models import Article


@transaction.atomic
def claims_reanchor(*, article: Article, old_text: str) -> dict:
    """Move the article's claims onto its new text by quote, prefix and suffix; orphan the lost."""
    raise NotImplementedError("claims_reanchor is being built (issue 3)")
