"""Properties of the pure linker over generated claims: symmetric, never reflexive, order-free."""

import random
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.linking import (
    ClaimFacts,
    LinkFacts,
    propose_links,
    reconcile,
    relate,
    subject_key,
    summarise_topic,
    summary_extended,
)
from claims.linking.facts import AGREES, CONTRADICTS, REPEATS, SUPERSEDES

TOLERANCE = 0.10
# Modest and derandomized: the same examples on every run, so CI is fast and reproducible.
PROPERTIES = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SYMMETRIC = {AGREES, CONTRADICTS, REPEATS}

# Few distinct values, so that most generated pairs are comparable and every rule is reached.
QUALIFIERS = [
    "exact",
    "approximately",
    "at_least",
    "more_than",
    "up_to",
    "at_most",
    "less_than",
    "range",
    "vague",
]
# Spelling variants of one body meet by their loose key.
ORIGINS = ["", "", "public authority of manpower", "public authority for manpower", "unhcr"]
OUTLETS = ["", "gulf news", "kuwait times", "yonhap"]
WIRES = ["", "", "yonhap", "ap"]
DAYS = [date(2016, 5, 1), date(2017, 8, 1), date(2017, 8, 20), date(2017, 12, 31)]
VALUES = [1, 500, 2500, 5800, 6000, 6064, 6500, 10000, 99999, 2 * 10**9]


@st.composite
def subjects(draw) -> dict:
    """What a claim is about; claims drawn from a few subjects are often comparable."""
    kind = draw(st.sampled_from(["worker_count", "worker_count", "remittance", "sanctions"]))
    if kind == "sanctions":
        return {
            "kind": "sanctions_clause",
            "measure": "",
            "unit": "",
            "period": "",
            "place": draw(st.sampled_from(["", "KW", "QA"])),
            "instrument": draw(st.sampled_from(["UNSCR 2371", "UNSCR 2397"])),
            "provision": draw(st.sampled_from(["repatriation", "national_measure", "other"])),
        }
    return {
        "kind": kind,
        "measure": draw(st.sampled_from(["stock", "stock", "repatriated"])),
        "unit": "workers" if kind == "worker_count" else "USD",
        "period": "" if kind == "worker_count" else draw(st.sampled_from(["", "month", "year"])),
        "place": draw(st.sampled_from(["KW", "KW", "QA", ""])),
        "instrument": "",
        "provision": "",
    }


@st.composite
def claim_facts(draw, claim_id: int, subject: dict) -> ClaimFacts:
    low = high = None
    qualifier = ""
    if subject["kind"] != "sanctions_clause" and draw(st.integers(0, 9)):
        low = draw(st.sampled_from(VALUES))
        high = draw(st.sampled_from([low, low, low * 2, low * 10]))
        qualifier = draw(st.sampled_from(QUALIFIERS))
    as_of = draw(st.sampled_from([None, *DAYS]))
    keyed = {name: subject[name] for name in ("measure", "place", "unit", "instrument")}
    return ClaimFacts(
        id=claim_id,
        article_id=draw(st.integers(1, 6)),
        subject_key=subject_key(kind=subject["kind"], provision=subject["provision"], **keyed),
        **subject,
        value_low=None if low is None else Decimal(low),
        value_high=None if high is None else Decimal(high),
        qualifier=qualifier,
        as_of=as_of,
        as_of_precision=draw(st.sampled_from(["day", "month", "year"])) if as_of else "",
        origin_key=draw(st.sampled_from(ORIGINS)),
        wire_key=draw(st.sampled_from(WIRES)),
        outlet_key=draw(st.sampled_from(OUTLETS)),
        published=draw(st.sampled_from([None, *DAYS])),
        confidence=draw(st.sampled_from([1.0, 0.8, 0.55])),
        review_status=draw(st.sampled_from(["proposed", "proposed", "accepted", "rejected"])),
        orphaned=draw(st.integers(0, 5)) == 0,
    )


@st.composite
def claim_sets(draw, min_size: int = 2, max_size: int = 9) -> list[ClaimFacts]:
    ids = draw(st.lists(st.integers(1, 10**6), min_size=min_size, max_size=max_size, unique=True))
    topics = draw(st.lists(subjects(), min_size=1, max_size=2))
    return [draw(claim_facts(claim_id, draw(st.sampled_from(topics)))) for claim_id in ids]


def as_set(proposals) -> set[tuple]:
    return {(p.from_id, p.to_id, p.relation, p.score, p.rationale) for p in proposals}


def shuffled(items: list, seed: int) -> list:
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


@PROPERTIES
@given(claim_sets(min_size=2, max_size=2))
def test_relate_gives_the_same_link_whichever_claim_comes_first(pair):
    a, b = pair
    one, other = relate(a, b, TOLERANCE), relate(b, a, TOLERANCE)

    assert (one is None) == (other is None)
    if one is not None:
        assert (one.first.id, one.second.id, one.relation) == (
            other.first.id,
            other.second.id,
            other.relation,
        )
        assert (one.score, one.rationale) == (other.score, other.rationale)
        assert one.first.id != one.second.id
        if one.relation in SYMMETRIC:
            # A symmetric relation is stored one way only: from the later-stored claim.
            assert one.first.id > one.second.id
        else:
            assert one.relation == SUPERSEDES


@PROPERTIES
@given(claim_sets(min_size=2, max_size=2))
def test_proposing_a_pair_as_new_or_as_existing_gives_the_same_link(pair):
    a, b = pair

    assert as_set(propose_links([a], [b], TOLERANCE)) == as_set(propose_links([b], [a], TOLERANCE))
    assert as_set(propose_links([a, b], [], TOLERANCE)) == as_set(
        propose_links([a], [b], TOLERANCE)
    )


@PROPERTIES
@given(claim_sets(), st.integers(0, 2**32), st.integers(0, 9))
def test_proposals_do_not_depend_on_input_order_or_on_which_claims_are_new(claims, seed, cut):
    everything = as_set(propose_links(claims, [], TOLERANCE))
    again = as_set(propose_links(shuffled(claims, seed), [], TOLERANCE))
    assert again == everything

    new, old = claims[:cut], claims[cut:]
    split = as_set(propose_links(shuffled(new, seed), shuffled(old, seed + 1), TOLERANCE))
    new_ids = {c.id for c in new}
    # Pairs touching a new claim are proposed exactly as in a run over everything.
    assert split == {p for p in everything if new_ids & {p[0], p[1]}}


@PROPERTIES
@given(claim_sets())
def test_no_claim_is_linked_to_itself_and_each_pair_is_proposed_once(claims):
    # The same claims given as new and as existing, and a new claim given twice.
    proposals = propose_links([*claims, claims[0]], claims, TOLERANCE)

    pairs = [frozenset((p.from_id, p.to_id)) for p in proposals]
    assert all(p.from_id != p.to_id for p in proposals)
    assert len(pairs) == len(set(pairs))
    by_id = {c.id: c for c in claims}
    for p in proposals:
        first, second = by_id[p.from_id], by_id[p.to_id]
        assert first.subject_key == second.subject_key and first.article_id != second.article_id
        assert first.live and second.live
        assert 0.0 <= p.score <= 1.0


@PROPERTIES
@given(claim_sets(), st.integers(0, 2**32))
def test_reconciling_stored_proposals_changes_nothing(claims, seed):
    proposals = propose_links(claims, [], TOLERANCE)
    stored = [
        LinkFacts(i, p.from_id, p.to_id, p.relation, p.score, p.rationale)
        for i, p in enumerate(proposals, start=1)
    ]

    plan = reconcile(propose_links(shuffled(claims, seed), [], TOLERANCE), shuffled(stored, seed))

    assert (plan.create, plan.update, plan.delete) == ([], [], [])
    assert plan.kept == len(stored)


def _links_as_stored(proposals, first_id: int = 1) -> list[LinkFacts]:
    return [
        LinkFacts(first_id + i, p.from_id, p.to_id, p.relation, p.score, p.rationale)
        for i, p in enumerate(proposals)
    ]


@PROPERTIES
@given(claim_sets(min_size=2, max_size=12), st.integers(1, 11))
def test_extending_a_topic_by_new_claims_gives_its_full_summary_or_declines(claims, cut):
    new, old = claims[:cut], claims[cut:]
    old_links = _links_as_stored(propose_links(old, [], TOLERANCE))
    new_links = propose_links(new, old, TOLERANCE)
    everything = [*old_links, *_links_as_stored(new_links, first_id=len(old_links) + 1)]
    for key in {c.subject_key for c in claims}:
        before = summarise_topic(key, old, old_links)
        if before is None:
            continue
        by_id = {c.id: c for c in claims}
        best = by_id[before.best_claim_id]
        live = {c.id for c in old if c.subject_key == key and c.live}
        best_superseded = any(
            link.relation == SUPERSEDES and link.to_id == best.id and link.from_id in live
            for link in old_links
        )
        known = {c.source_key for c in old if c.subject_key == key and c.live}
        extended = summary_extended(
            before,
            best=best,
            best_superseded=best_superseded,
            new=new,
            links=new_links,
            claims=by_id,
            known_sources={c.source_key for c in new} & known,
        )
        if extended is not None:
            assert extended == summarise_topic(key, claims, everything)


def _import_one_by_one(claims: list[ClaimFacts], limit: int) -> list[LinkFacts]:
    """Links as imports in id order store them: each claim linked among the claims before it."""
    stored: list[LinkFacts] = []
    ordered = sorted(claims, key=lambda c: c.id)
    for i, claim in enumerate(ordered):
        found = propose_links([claim], ordered[:i], TOLERANCE, limit=limit)
        stored += _links_as_stored(found, first_id=len(stored) + 1)
    return stored


@PROPERTIES
@given(claim_sets(min_size=6, max_size=16), st.integers(2, 4))
def test_relinking_any_claim_of_a_bounded_topic_changes_nothing(claims, limit):
    stored = _import_one_by_one(claims, limit)
    for claim in claims:
        touching = [link for link in stored if claim.id in link.pair]
        others = [c for c in claims if c.id != claim.id]
        again = propose_links(
            [claim], others, TOLERANCE, linked={link.pair for link in touching}, limit=limit
        )

        plan = reconcile(again, touching)

        assert (plan.create, plan.update, plan.delete) == ([], [], []), claim.id


@PROPERTIES
@given(claim_sets(min_size=6, max_size=16), st.integers(2, 4))
def test_a_claim_of_a_bounded_topic_is_linked_to_at_most_the_bound_before_it(claims, limit):
    later = {}
    for link in _import_one_by_one(claims, limit):
        newest = max(link.from_id, link.to_id)
        later[newest] = later.get(newest, 0) + 1
    assert all(count <= limit for count in later.values())
