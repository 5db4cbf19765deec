"""Curators' decisions on claims and links."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.linking import subject_key
from claims.models import Claim, ClaimLink, ReviewStatus
from sources.keys import name_key, origin_key
from sources.models import Origin

# Fields a curator may correct on a claim; offsets and quotes move only through re-anchoring.
CORRECTABLE_FIELDS = frozenset(
    {
        "measure",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "period",
        "place",
        "as_of",
        "as_of_precision",
        "attributed_to",
        "origin",
        "instrument",
        "provision",
    }
)
# A corrected figure is at most ten trillion: far above any count or sum reported, and low
# enough that converting it between periods (a day's pay to a year's) stays storable.
MAX_FIGURE = 10**13


@transaction.atomic
def claim_review(
    *, claims: Iterable[Claim] | Claim, status: str, user: AbstractBaseUser | None
) -> int:
    """Set the review status of claims, recording who and when; returns how many changed.

    The changed claims are linked again: a rejected claim loses its suggested links (it backs
    and disputes nothing), an accepted one gets them back; their topics are refreshed.
    """
    if status not in ReviewStatus.values:
        raise ValueError(f"unknown review status {status!r}")
    items = [claims] if isinstance(claims, Claim) else list(claims)
    now = timezone.now()
    changed = [c for c in items if c.review_status != status]
    for claim in changed:
        claim.review_status = status
        claim.reviewed_by = user
        claim.reviewed_at = now
        claim._change_reason = f"review: {status}"
        claim.save(update_fields=["review_status", "reviewed_by", "reviewed_at", "updated"])
    if changed:
        from claims.services.linking import links_update_for_claims

        links_update_for_claims(claims=changed)
    return len(changed)


@transaction.atomic
def claim_correct(*, claim: Claim, changes: dict, user: AbstractBaseUser | None) -> Claim:
    """Correct a claim's normalised fields; a corrected claim counts as reviewed and accepted.

    Its subject key follows the corrected fields, its origin follows a corrected attribution
    (unless the curator names the origin or had chosen one the old attribution did not name),
    its links are recomputed, and the topics of its old and new keys are refreshed.
    """
    unknown = set(changes) - CORRECTABLE_FIELDS
    if unknown:
        raise ValueError(f"fields that cannot be corrected: {', '.join(sorted(unknown))}")
    for name in ("value_low", "value_high"):
        value = changes.get(name)
        if value is not None and not 0 <= value <= MAX_FIGURE:
            raise ValueError(f"{name} must lie between 0 and {MAX_FIGURE:,}")
    old_key = claim.subject_key
    follows = "attributed_to" in changes and "origin" not in changes and _origin_follows(claim)
    for field, value in changes.items():
        setattr(claim, field, value)
    if follows:
        claim.origin = _origin_named(claim.attributed_to)
    claim.subject_key = subject_key(
        kind=claim.kind,
        measure=claim.measure,
        place=claim.place,
        unit=claim.unit,
        instrument=claim.instrument,
        provision=claim.provision,
    )
    claim.review_status = ReviewStatus.ACCEPTED
    claim.reviewed_by = user
    claim.reviewed_at = timezone.now()
    claim.full_clean(exclude=["article", "origin", "reviewed_by"])
    claim._change_reason = "correction"
    claim.save()
    from claims.services.linking import links_update_for_claims
    from claims.services.topics import topics_refresh

    links_update_for_claims(claims=[claim])
    # The old topic may have no link to lose and still count the claim.
    if old_key and old_key != claim.subject_key:
        topics_refresh(keys=[old_key])
    return claim


def _origin_follows(claim: Claim) -> bool:
    """Whether the claim's origin is the one its attribution names (or it has none)."""
    if claim.origin_id is None:
        return True
    # Origins stored before origin_key were keyed by name_key.
    named = claim.attributed_to or ""
    return claim.origin.key in (origin_key(named), name_key(named))


def _origin_named(name: str) -> Origin | None:
    from claims.services.extraction import origins_for

    return origins_for([name]).get(origin_key(name or ""))


@transaction.atomic
def link_decide(
    *, links: Iterable[ClaimLink] | ClaimLink, decision: str, user: AbstractBaseUser | None
) -> int:
    """Confirm or reject suggested links; a decided link is never overwritten by recomputation."""
    if decision not in ClaimLink.Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    items = [links] if isinstance(links, ClaimLink) else list(links)
    now = timezone.now()
    changed = [link for link in items if link.decision != decision]
    for link in changed:
        link.decision = decision
        link.decided_by = user
        link.decided_at = now
        link._change_reason = f"decision: {decision}"
        link.save(update_fields=["decision", "decided_by", "decided_at", "updated"])
    if changed:
        from claims.services.topics import topics_refresh

        claim_ids = {c for link in changed for c in (link.from_claim_id, link.to_claim_id)}
        keys = set(
            Claim.objects.filter(pk__in=claim_ids)
            .exclude(subject_key="")
            .values_list("subject_key", flat=True)
        )
        topics_refresh(keys=keys)
    return len(changed)


@transaction.atomic
def link_create_manual(
    *,
    from_claim: Claim,
    to_claim: Claim,
    relation: str,
    rationale: str,
    user: AbstractBaseUser | None,
) -> ClaimLink:
    """A curator's own link: confirmed at once, replacing any automatic link of the pair."""
    if from_claim.pk == to_claim.pk:
        raise ValueError("a claim cannot be linked to itself")
    if relation not in ClaimLink.Relation.values:
        raise ValueError(f"unknown relation {relation!r}")
    ClaimLink.objects.filter(from_claim=from_claim, to_claim=to_claim).delete()
    ClaimLink.objects.filter(from_claim=to_claim, to_claim=from_claim).delete()
    link = ClaimLink.objects.create(
        from_claim=from_claim,
        to_claim=to_claim,
        relation=relation,
        score=1.0,
        rationale=rationale[:300],
        method=ClaimLink.Method.MANUAL,
        decision=ClaimLink.Decision.CONFIRMED,
        decided_by=user,
        decided_at=timezone.now(),
    )
    from claims.services.topics import topics_refresh

    topics_refresh(keys={k for k in (from_claim.subject_key, to_claim.subject_key) if k})
    return link
