"""Propose links for new claims and reconcile them with stored links, curators' first."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claims.linking.compare import relate
from claims.linking.facts import ClaimFacts, LinkFacts, ProposedLink

RATIONALE_MAX = 300


def propose_links(
    new: Sequence[ClaimFacts], existing: Sequence[ClaimFacts], tolerance: float
) -> list[ProposedLink]:
    """Links between each new claim and every comparable other claim, new or existing.

    Only claims sharing a subject key are compared; each unordered pair is proposed once.
    """
    new_ids = {c.id for c in new}
    by_key: dict[str, list[ClaimFacts]] = defaultdict(list)
    for claim in existing:
        if claim.id not in new_ids:
            by_key[claim.subject_key].append(claim)
    proposals = []
    seen_new: dict[str, list[ClaimFacts]] = defaultdict(list)
    # A claim given twice is still one claim: each pair is proposed once.
    for claim in sorted({c.id: c for c in new}.values(), key=lambda c: c.id):
        if not claim.subject_key:
            continue
        for other in (*seen_new[claim.subject_key], *by_key[claim.subject_key]):
            found = relate(claim, other, tolerance)
            if found is not None:
                proposals.append(
                    ProposedLink(
                        from_id=found.first.id,
                        to_id=found.second.id,
                        relation=found.relation,
                        score=found.score,
                        rationale=_clip(found.rationale),
                    )
                )
        seen_new[claim.subject_key].append(claim)
    return proposals


@dataclass
class LinkPlan:
    """The writes that bring stored links in line with the proposals."""

    create: list[ProposedLink] = field(default_factory=list)
    update: list[tuple[int, ProposedLink]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    kept: int = 0
    protected: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.create),
            "updated": len(self.update),
            "deleted": len(self.delete),
            "unchanged": self.kept,
            "curated": self.protected,
        }


def reconcile(proposed: Iterable[ProposedLink], stored: Iterable[LinkFacts]) -> LinkPlan:
    """Plan the writes: stored links of the pairs considered are the ones given.

    A link a curator decided (confirmed or rejected) or made is never touched, and its pair is
    never proposed again; other stored links are updated to the proposal of their pair, or
    deleted when the rules no longer propose one.
    """
    plan = LinkPlan()
    wanted = {p.pair: p for p in proposed}
    for link in stored:
        proposal = wanted.pop(link.pair, None)
        if link.curated:
            plan.protected += 1
        elif proposal is None:
            plan.delete.append(link.id)
        elif _differs(link, proposal):
            plan.update.append((link.id, proposal))
        else:
            plan.kept += 1
    plan.create = list(wanted.values())
    return plan


def _differs(link: LinkFacts, proposal: ProposedLink) -> bool:
    return (
        link.relation != proposal.relation
        or (link.from_id, link.to_id) != (proposal.from_id, proposal.to_id)
        or abs(link.score - proposal.score) > 1e-9
        or link.rationale != proposal.rationale
    )


def _clip(text: str) -> str:
    return text if len(text) <= RATIONALE_MAX else text[: RATIONALE_MAX - 1] + "…"
