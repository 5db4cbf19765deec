"""Re-anchor an article's claims when its text changes."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from claims.anchoring import OffsetMap, anchor_quote
from claims.models import Claim
from sources.models import Article

_FIELDS = ["start", "end", "prefix", "suffix", "orphaned", "updated"]


@transaction.atomic
def claims_reanchor(*, article: Article, old_text: str) -> dict:
    """Move the article's claims onto its new text by quote, prefix and suffix; orphan the lost.

    A claim whose exact quote is still in the text moves to the occurrence whose context best
    matches its prefix and suffix, nearest its old position; one whose quote is gone is marked
    orphaned and kept, whatever its review status: nothing a curator saw is deleted here, and
    re-extraction decides which proposed orphans to replace. An orphan whose quote comes back
    is anchored again. Returns counts {"moved", "unchanged", "orphaned", "restored"}.
    """
    text = article.text
    claims = list(Claim.objects.filter(article=article))
    offsets = OffsetMap(old_text, text)
    counts = {"moved": 0, "unchanged": 0, "orphaned": 0, "restored": 0}
    changed: list[Claim] = []
    for claim in claims:
        near = offsets(claim.start) if not claim.orphaned else 0
        anchor = anchor_quote(
            text, quote=claim.quote, prefix=claim.prefix, suffix=claim.suffix, near=near
        )
        if anchor is None:
            if not claim.orphaned:
                claim.orphaned = True
                counts["orphaned"] += 1
                changed.append(claim)
            continue
        before = (claim.start, claim.end, claim.prefix, claim.suffix, claim.orphaned)
        after = (anchor.start, anchor.end, anchor.prefix, anchor.suffix, False)
        if before == after:
            counts["unchanged"] += 1
            continue
        counts["restored" if claim.orphaned else "moved"] += 1
        claim.start, claim.end, claim.prefix, claim.suffix, claim.orphaned = after
        changed.append(claim)
    if changed:
        now = timezone.now()
        for claim in changed:
            claim.updated = now
        bulk_update_with_history(
            changed, Claim, _FIELDS, default_change_reason="re-anchored in the article's new text"
        )
    return counts
