"""Store an article's extracted claims."""

from django.db import transaction

from sources.models import Article


@transaction.atomic
def claims_extract(*, article: Article) -> dict:
    """Run the extractor over the article and store its claims idempotently.

    Replaces only proposed claims made by an older extractor version; accepted, rejected and
    manual claims are kept. Returns counts {"created": n, "kept": n, "removed": n}.
    """
    raise NotImplementedError("claims_extract is being built (issue 4)")
