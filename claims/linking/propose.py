"""Propose links for new claims and reconcile them with stored links, curators' first."""

import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from claims.linking.compare import relate
from claims.linking.facts import ClaimFacts, LinkFacts, ProposedLink, loose_key

RATIONALE_MAX = 300


# Links a new claim gets at most, besides the pairs already linked. A topic of thousands of
# comparable figures would otherwise link every claim to every other one (quadratic links,
# writes and summaries); the nearest figures of the same origin, then in time, say enough.
# The service passes settings.KBASE["LINKS_PER_CLAIM"]; this is the default.
LINKS_PER_CLAIM = 8
# A candidate's rank packed in one integer: distances in days (undated ones as _UNDATED) below
# 2**_DISTANCE_BITS, ids below 2**_ID_BITS (bigint).
_UNDATED = 10**6
_DISTANCE_BITS = 23
_ID_BITS = 63


def propose_links(
    new: Sequence[ClaimFacts],
    existing: Sequence[ClaimFacts],
    tolerance: float,
    *,
    linked: Collection[frozenset[int]] = (),
    limit: int = LINKS_PER_CLAIM,
    nearest: Mapping[int, Collection[int]] | None = None,
) -> list[ProposedLink]:
    """Links between each new claim and the comparable other claims, new or existing.

    Only claims sharing a subject key are compared; each unordered pair is proposed once. In a
    topic of more than `limit` other claims a claim is linked to at most `limit` of those stored
    before it (lower ids): figures of its own origin first (repeats and supersedes), then the
    nearest in time. Pairs in `linked` (the pairs of stored links) are always compared, so
    relinking never drops a link for lack of room; and since the claims before a claim do not
    change, relinking it proposes what its import did (linking is a fixed point). `nearest` may
    narrow the existing claims a new claim is ranked among to these ids (the stored claims
    nearest it, when its topic was not read whole); other new claims are always ranked.
    """
    new_ids = {c.id for c in new}
    by_key: dict[str, list[ClaimFacts]] = defaultdict(list)
    existing_by_id = {}
    for claim in existing:
        if claim.id not in new_ids:
            by_key[claim.subject_key].append(claim)
            existing_by_id[claim.id] = claim
    partners: dict[int, set[int]] = defaultdict(set)
    for pair in linked:
        if len(pair) == 2:
            a, b = pair
            partners[a].add(b)
            partners[b].add(a)
    # What ranking reads of each claim, worked out once rather than once per comparison.
    marks = {c.id: _rank_marks(c) for c in (*new, *existing)}
    proposals = []
    # A claim given twice is still one claim: each pair is proposed once.
    unique_new = sorted({c.id: c for c in new}.values(), key=lambda c: c.id)
    topic_size = defaultdict(int)
    for claim in unique_new:
        topic_size[claim.subject_key] += 1
    seen_new: dict[str, list[ClaimFacts]] = defaultdict(list)
    for claim in unique_new:
        if not claim.subject_key:
            continue
        existing_here = by_key[claim.subject_key]
        narrowed = nearest is not None and claim.id in nearest
        if narrowed:
            near = (existing_by_id.get(i) for i in sorted(nearest[claim.id]))
            existing_here = [
                c for c in near if c is not None and c.subject_key == claim.subject_key
            ]
        candidates = [*seen_new[claim.subject_key], *existing_here]
        others = topic_size[claim.subject_key] - 1 + len(by_key[claim.subject_key])
        if narrowed or others > limit:
            candidates = [c for c in candidates if c.id < claim.id]
        stored = partners.get(claim.id, set())
        compared = set()
        room = limit
        for other in _nearest_first(claim, candidates, limit, marks):
            if room <= 0:
                break
            compared.add(other.id)
            found = relate(claim, other, tolerance)
            if found is not None:
                # Stored pairs take room too: relinking then walks to the same claims again.
                room -= 1
                proposals.append(_proposal(found))
        # Stored pairs beyond the room are compared again; most claims have none left.
        leftover = stored - compared
        everyone = (*seen_new[claim.subject_key], *by_key[claim.subject_key]) if leftover else ()
        for other in everyone:
            if other.id in leftover:
                found = relate(claim, other, tolerance)
                if found is not None:
                    proposals.append(_proposal(found))
        seen_new[claim.subject_key].append(claim)
    return proposals


def _proposal(found) -> ProposedLink:
    return ProposedLink(
        from_id=found.first.id,
        to_id=found.second.id,
        relation=found.relation,
        score=found.score,
        rationale=_clip(found.rationale),
    )


def _nearest_first(
    claim: ClaimFacts,
    candidates: list[ClaimFacts],
    limit: int,
    marks: Mapping[int, tuple[str | None, int | None]],
) -> Iterator:
    """The candidates in the order they get room: all of them when few, else same origin first,
    then by distance in time (the date described, else published), then id."""
    if len(candidates) <= limit:
        yield from candidates
        return
    origin, when = marks[claim.id]
    # Each candidate's rank (same origin first, then distance in time, then id) as one integer,
    # so the heap and the sort compare ints, not tuples a Python function built.
    ranks = []
    for other in candidates:
        other_origin, other_when = marks[other.id]
        different = origin is None or other_origin != origin
        undated = when is None or other_when is None
        distance = _UNDATED if undated else abs(when - other_when)
        ranks.append((different << _DISTANCE_BITS | distance) << _ID_BITS | other.id)
    # The room is nearly always filled from the nearest few: order the rest only when it is not.
    first = heapq.nsmallest(4 * limit, range(len(ranks)), key=ranks.__getitem__)
    yield from (candidates[i] for i in first)
    chosen = set(first)
    rest = sorted((i for i in range(len(ranks)) if i not in chosen), key=ranks.__getitem__)
    yield from (candidates[i] for i in rest)


def _rank_marks(claim: ClaimFacts) -> tuple[str | None, int | None]:
    """A claim's origin (spelling variants meeting) and its day, as ranking compares them."""
    day = claim.as_of or claim.published
    return (
        loose_key(claim.origin_key) if claim.origin_key else None,
        day.toordinal() if day else None,
    )


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
