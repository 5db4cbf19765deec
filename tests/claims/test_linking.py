"""The pure linking rules: comparability, ranges and qualifiers, time, independence, curators."""

from datetime import date

import pytest

from claims.linking import (
    ClaimFacts,
    LinkFacts,
    ProposedLink,
    describe,
    loose_key,
    propose_links,
    reconcile,
)
from sources.keys import name_key
from tests.claims.linking_facts import clause, fact, money

TOLERANCE = 0.10


def link(a: ClaimFacts, b: ClaimFacts, tolerance: float = TOLERANCE) -> ProposedLink | None:
    found = propose_links([a], [b], tolerance)
    assert len(found) <= 1
    return found[0] if found else None


def relation(a: ClaimFacts, b: ClaimFacts, tolerance: float = TOLERANCE) -> str | None:
    found = link(a, b, tolerance)
    return found.relation if found else None


# Rule 1: relation, score and a rationale a person can check.


def test_about_6000_agrees_with_6064_and_says_how_far_apart():
    about = fact(6000, qualifier="approximately")
    exact = fact(6064)
    found = link(exact, about)
    assert found.relation == "agrees"
    assert found.rationale == "6,064 and 6,000 (about) are 1.1% apart"
    assert 0.98 < found.score <= 1
    assert {found.from_id, found.to_id} == {about.id, exact.id}


def test_a_range_contains_a_figure():
    found = link(fact(50000, qualifier="approximately"), fact(10000, 99999, qualifier="vague"))
    assert found.relation == "agrees"
    assert "lies within 10,000–99,999 (vague)" in found.rationale


def test_ranges_that_agree_say_how():
    vague = fact(10000, 99999, qualifier="vague")
    inside = link(fact(20000, 30000, qualifier="range"), vague)
    assert inside.rationale == "20,000–30,000 lies within 10,000–99,999 (vague)"
    same = link(fact(10000, 99999, qualifier="vague"), vague)
    assert same.rationale.endswith("state the same bounds")
    overlap = link(fact(20000, 30000, qualifier="range"), fact(25000, 40000, qualifier="range"))
    assert overlap.relation == "agrees"
    assert overlap.rationale.endswith("overlap")


def test_a_contradiction_says_how_far_apart_and_when():
    found = link(fact(2500, qualifier="approximately"), fact(6064))
    assert found.relation == "contradicts"
    assert found.rationale == (
        "6,064 and 2,500 (about) are 59% apart, beyond the 10% tolerance; both 2017-08"
    )
    assert found.score == 1.0


def test_a_narrow_contradiction_scores_low():
    found = link(fact(6000), fact(6700))
    assert found.relation == "contradicts"
    assert found.score < 0.2


def test_a_rationale_fits_its_column():
    found = link(
        money(10**15, instrument="x" * 40, qualifier="vague", high=10**16),
        money(1, qualifier="vague", high=2),
    )
    assert found.relation == "contradicts"
    assert len(found.rationale) <= 300


# Rule 2: comparable claims, ranges and qualifiers, periods, time.


def test_tolerance_decides_agreement():
    assert relation(fact(6000), fact(6500)) == "agrees"
    assert relation(fact(6000), fact(6500), tolerance=0.05) == "contradicts"
    assert relation(fact(6000), fact(6700)) == "contradicts"


def test_about_widens_a_figure_by_the_tolerance():
    # 6,800 is 13% above 6,000: too far from 6,000, but "about 6,000" reaches 6,600.
    assert relation(fact(6000, qualifier="approximately"), fact(6800)) == "agrees"
    assert relation(fact(6000), fact(6800)) == "contradicts"
    assert relation(fact(6000, qualifier="approximately"), fact(7300)) == "contradicts"


def test_about_half_contradicts_about_two_thirds():
    half = money(0.5, unit="fraction", measure="share", period="", qualifier="approximately")
    thirds = money(0.6667, unit="fraction", measure="share", period="", qualifier="approximately")
    assert relation(half, thirds) == "contradicts"


@pytest.mark.parametrize(
    ("qualifier", "other", "expected"),
    [
        ("more_than", 80000, "agrees"),
        ("at_least", 1_000_000, "agrees"),
        ("more_than", 20000, "contradicts"),
        ("up_to", 1000, "agrees"),
        ("at_most", 49000, "agrees"),
        ("less_than", 80000, "contradicts"),
    ],
)
def test_one_sided_qualifiers_open_the_interval(qualifier, other, expected):
    assert relation(fact(50000, qualifier=qualifier), fact(other)) == expected


def test_fifty_thousand_lies_within_tens_of_thousands():
    assert relation(fact(50000), fact(10000, 99999, qualifier="vague")) == "agrees"


def test_a_figure_set_against_a_range_must_lie_within_it():
    tens = fact(10000, 99999, qualifier="vague", as_of=date(2019, 1, 1))
    assert relation(fact(100000, as_of=date(2019, 1, 1)), tens) == "contradicts"
    assert relation(fact(100000, qualifier="approximately"), tens) == "agrees"
    between = fact(20000, 30000, qualifier="range")
    assert relation(fact(30000), between) == "agrees"
    assert relation(fact(31000), between) == "contradicts"
    assert relation(fact(25000, 35000, qualifier="range"), between) == "agrees"


def test_2500_contradicts_6000_at_the_same_time():
    old = fact(2500, qualifier="approximately", as_of=None, published=date(2017, 8, 10))
    assert relation(old, fact(6000, qualifier="approximately")) == "contradicts"


def test_2500_is_superseded_by_a_later_6000():
    old = fact(2500, qualifier="approximately", as_of=date(2016, 1, 1), as_of_precision="year")
    new = fact(6000, qualifier="approximately")
    found = link(old, new)
    assert found.relation == "supersedes"
    assert (found.from_id, found.to_id) == (new.id, old.id)
    assert found.rationale == (
        "6,000 (about), as of 2017-08, is later than 2,500 (about), as of 2016; "
        "58% apart, beyond the 10% tolerance"
    )


def test_unknown_as_of_falls_back_to_publication_and_both_unknown_is_the_same_time():
    undated = fact(2500, as_of=None, published=date(2015, 3, 1))
    assert relation(undated, fact(6000)) == "supersedes"
    assert relation(fact(2500, as_of=None, published=None), fact(6000)) == "contradicts"
    both = relation(fact(2500, as_of=None, published=None), fact(6000, as_of=None, published=None))
    assert both == "contradicts"


def test_time_is_compared_to_the_coarser_precision():
    jan = fact(400, as_of=date(2017, 1, 1))
    dec = fact(550, as_of=date(2017, 12, 1))
    assert relation(jan, dec) == "supersedes"
    year = fact(400, as_of=date(2017, 1, 1), as_of_precision="year")
    assert relation(year, dec) == "contradicts"
    day = fact(550, as_of=date(2017, 1, 30), as_of_precision="day")
    assert relation(jan, day) == "contradicts"
    # An undated figure is placed in its article's publication year.
    undated = fact(550, as_of=None, published=date(2017, 12, 20))
    assert relation(jan, undated) == "contradicts"
    assert relation(fact(400, as_of=date(2016, 6, 1)), undated) == "supersedes"


def test_two_billion_a_year_contradicts_hundreds_of_millions_every_year():
    billions = money(2_000_000_000, as_of=date(2017, 8, 1))
    hundreds = money(100_000_000, 999_999_999, qualifier="vague", as_of=None)
    found = link(billions, hundreds)
    assert found.relation == "contradicts"
    assert "USD 2 billion a year" in found.rationale
    assert "50% apart at their nearest" in found.rationale


@pytest.mark.parametrize(
    ("value", "period", "expected"),
    [
        (1000, "month", "agrees"),
        (230, "week", "agrees"),
        (33, "day", "agrees"),
        (1000, "year", "contradicts"),
        (3000, "month", "contradicts"),
    ],
)
def test_money_periods_compare_after_conversion(value, period, expected):
    yearly = money(12000, measure="per_worker", period="year")
    other = money(value, measure="per_worker", period=period)
    assert relation(yearly, other) == expected


def test_a_converted_figure_shows_its_yearly_value():
    found = link(
        money(1000, measure="per_worker", period="month"),
        money(12000, measure="per_worker", period="year"),
    )
    assert "USD 1,000 a month (12,000 a year)" in found.rationale


def test_a_one_off_sum_is_not_compared_with_a_yearly_one():
    assert relation(money(150000, period=""), money(150000)) is None


def test_money_compares_by_currency_and_measure():
    assert relation(money(1000, unit="USD"), money(1000, unit="EUR")) is None
    assert relation(money(1000, measure="per_worker"), money(1000, measure="total")) is None
    assert relation(money(0.5, unit="fraction", measure="share", period=""), money(0.5)) is None
    half = money(0.5, unit="fraction", measure="share", period="", qualifier="approximately")
    assert relation(half, money(0.55, unit="fraction", measure="share", period="")) == "agrees"
    assert describe(half) == "50% (about)"


def test_sanctions_clauses_with_one_instrument_and_provision_agree():
    found = link(clause(), clause())
    assert found.relation == "agrees"
    assert found.rationale == "both describe UNSCR 2371's cap on work authorizations"


@pytest.mark.parametrize(
    "other",
    [{"instrument": "UNSCR 2375"}, {"provision": "ban_new_work_authorizations"}],
)
def test_sanctions_clauses_of_other_instruments_or_provisions_are_not_linked(other):
    assert relation(clause(), clause(**other)) is None


@pytest.mark.parametrize("unclear", [{"provision": "other"}, {"provision": ""}, {"instrument": ""}])
def test_sanctions_clauses_saying_too_little_are_not_linked(unclear):
    assert relation(clause(**unclear), clause(**unclear)) is None


def test_national_measures_link_only_within_one_country():
    measure = {"provision": "national_measure"}
    assert relation(clause(**measure, place="PL"), clause(**measure, place="KW")) is None
    assert relation(clause(**measure), clause(**measure)) is None
    assert relation(clause(**measure, place="PL"), clause(**measure, place="PL")) == "agrees"


# Rule 3: independence.


def test_one_origin_repeats_even_when_rounded():
    found = link(
        fact(6000, qualifier="approximately", origin_key="public authority of manpower"),
        fact(6064, origin_key="public authority of manpower"),
    )
    assert found.relation == "repeats"
    assert found.rationale.startswith("one origin (public authority of manpower); ")


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (
            ["public authority of manpower", "public authority for manpower"],
            "public authority manpower",
        ),
        (
            ["u n panel of experts", "un panel of experts", "united nations panel of experts"],
            "united nations panel experts",
        ),
        (
            ["u s mission to the united nations", "us mission to the un"],
            "united states mission united nations",
        ),
        (["researchers at a seoul institute"], "researchers a seoul institute"),
        (["a b"], "ab"),
    ],
)
def test_loose_keys_join_spelling_variants(variants, key):
    assert {loose_key(v) for v in variants} == {key}


def test_name_keys_then_loose_keys_join_what_sources_write():
    names = [
        "Kuwait's Public Authority of Manpower",
        "the Public Authority for Manpower",
        "PUBLIC AUTHORITY OF MANPOWER.",
        "Public-Authority of Manpower",
    ]
    assert {loose_key(name_key(n)) for n in names} == {"public authority manpower"}
    assert loose_key(name_key("Ministry of Manpower")) != "public authority manpower"


def test_spelling_variants_of_one_origin_repeat():
    a = fact(6120, origin_key="public authority of manpower")
    b = fact(6000, qualifier="approximately", origin_key="public authority for manpower")
    assert relation(a, b) == "repeats"


def test_one_wire_report_repeats_even_with_different_origins():
    a = fact(6000, wire_key="gulf-wire-service", outlet_key="evening record")
    b = fact(6000, wire_key="gulf-wire-service", outlet_key="morning post")
    assert relation(a, b) == "repeats"
    # The wire's own story and a paper relaying it are one report too.
    wire = fact(6000, outlet_key="gulf wire service")
    found = link(wire, a)
    assert found.relation == "repeats"
    assert found.rationale.startswith("one wire report (gulf-wire-service)")
    assert relation(wire, fact(6000, wire_key="other-wire")) == "agrees"


def test_one_outlet_without_origins_repeats_but_with_origins_agrees():
    assert relation(
        fact(6000, origin_key="", outlet_key="o"), fact(6000, origin_key="", outlet_key="o")
    ) == ("repeats")
    assert relation(fact(6000, outlet_key="o"), fact(6000, outlet_key="o")) == "agrees"


def test_one_origin_in_true_conflict_contradicts():
    assert relation(fact(2500, origin_key="x"), fact(6000, origin_key="x")) == "contradicts"


def test_one_origin_repeats_a_sanctions_clause():
    assert relation(clause(origin_key="un"), clause(origin_key="un")) == "repeats"


def test_claims_of_one_article_are_never_linked():
    assert relation(fact(6000, article_id=1), fact(6000, article_id=1)) is None


def test_rejected_and_orphaned_claims_are_not_linked():
    assert relation(fact(6000, review_status="rejected"), fact(6000)) is None
    assert relation(fact(6000, orphaned=True), fact(6000)) is None
    assert relation(fact(6000, review_status="accepted"), fact(6000)) == "agrees"


# Rule 7: different measures and places never agree or contradict.


@pytest.mark.parametrize(
    "other",
    [
        {"measure": "repatriated"},
        {"measure": "incident"},
        {"measure": "visas"},
        {"measure": "forecast"},
        {"place": "gulf"},
        {"place": "world"},
        {"place": "QA"},
    ],
)
def test_different_measures_and_places_are_never_linked(other):
    assert relation(fact(6000), fact(6000, **other)) is None


def test_counts_with_no_measure_or_place_are_not_linked():
    assert relation(fact(6000, measure=""), fact(6000, measure="")) is None
    assert relation(fact(100, place=""), fact(100, place="")) is None


def test_counts_with_no_value_are_not_linked():
    assert relation(fact(), fact()) is None


# Proposing and reconciling.


def test_each_pair_is_proposed_once_including_pairs_of_new_claims():
    a, b, c = fact(6000), fact(6050), fact(6100)
    old = fact(6020)
    found = propose_links([a, b, c], [old, a], TOLERANCE)
    pairs = [p.pair for p in found]
    assert len(pairs) == len(set(pairs)) == 6
    assert frozenset((a.id, a.id)) not in pairs


def test_only_claims_of_one_subject_key_are_compared():
    kw, pl = fact(6000), fact(6000, place="PL")
    assert propose_links([kw], [pl], TOLERANCE) == []


def _stored(p: ProposedLink, i: int, **kwargs) -> LinkFacts:
    return LinkFacts(
        id=i,
        from_id=p.from_id,
        to_id=p.to_id,
        relation=p.relation,
        score=p.score,
        rationale=p.rationale,
        **kwargs,
    )


def test_reconcile_creates_updates_deletes_and_keeps():
    a, b, c, d = fact(6000), fact(6050), fact(6100), fact(9000)
    proposals = propose_links([a], [b, c, d], TOLERANCE)
    by_pair = {p.pair: p for p in proposals}
    ab, ac, ad = (by_pair[frozenset((a.id, x.id))] for x in (b, c, d))
    stale = LinkFacts(id=9, from_id=a.id, to_id=999, relation="agrees")
    stored = [
        _stored(ab, 1),
        LinkFacts(id=2, from_id=ac.from_id, to_id=ac.to_id, relation="contradicts"),
        stale,
    ]
    plan = reconcile(proposals, stored)
    assert plan.create == [ad]
    assert plan.update == [(2, ac)]
    assert plan.delete == [9]
    assert plan.counts() == {
        "created": 1,
        "updated": 1,
        "deleted": 1,
        "unchanged": 1,
        "curated": 0,
    }


@pytest.mark.parametrize(
    "curated",
    [{"decision": "confirmed"}, {"decision": "rejected"}, {"method": "manual"}],
)
def test_curated_links_are_never_touched_nor_proposed_again(curated):
    a, b, c = fact(6000), fact(2000), fact(6050)
    proposals = propose_links([a], [b, c], TOLERANCE)
    ab = next(p for p in proposals if p.pair == frozenset((a.id, b.id)))
    assert ab.relation == "contradicts"
    # The curator said otherwise about a-b, and linked a to a claim the rules would not link.
    stored = [
        LinkFacts(id=1, from_id=a.id, to_id=b.id, relation="agrees", **curated),
        LinkFacts(id=2, from_id=a.id, to_id=777, relation="repeats", **curated),
    ]
    plan = reconcile(proposals, stored)
    assert plan.delete == [] and plan.update == []
    assert [p.pair for p in plan.create] == [frozenset((a.id, c.id))]
    assert plan.protected == 2


def test_reconcile_is_idempotent():
    a, b = fact(6000), fact(6050)
    proposals = propose_links([a], [b], TOLERANCE)
    plan = reconcile(proposals, [_stored(proposals[0], 1)])
    assert (plan.create, plan.update, plan.delete, plan.kept) == ([], [], [], 1)


def test_a_direction_change_of_supersedes_is_an_update():
    old = fact(2500, as_of=date(2015, 1, 1))
    new = fact(6000)
    (proposal,) = propose_links([old], [new], TOLERANCE)
    reversed_link = LinkFacts(
        id=1,
        from_id=old.id,
        to_id=new.id,
        relation="supersedes",
        score=proposal.score,
        rationale=proposal.rationale,
    )
    assert reconcile([proposal], [reversed_link]).update == [(1, proposal)]


def test_describe_figures():
    assert describe(fact(6064)) == "6,064"
    assert describe(fact(10000, 99999, qualifier="vague")) == "10,000–99,999 (vague)"
    assert describe(fact(50000, qualifier="more_than")) == "more than 50,000"
    assert describe(money(1_700_000_000, qualifier="up_to", period="")) == "up to USD 1.7 billion"
    assert describe(money(150_000_000)) == "USD 150 million a year"
    assert describe(money(2.5, measure="per_worker", period="day")) == (
        "USD 2.5 a day (912.5 a year)"
    )


# Scale: a claim in a topic of many comparable figures is linked to a bounded few.


def test_a_new_claim_is_linked_to_at_most_the_limit_nearest_first():
    from datetime import timedelta

    peers = [fact(6000 + i, as_of=date(2017, 1, 1) + timedelta(days=i)) for i in range(60)]
    same_origin = fact(6010, as_of=date(2010, 1, 1), origin_key="kuwait ministry")
    new = fact(6030, as_of=date(2017, 1, 31), origin_key="kuwait ministry")

    proposals = propose_links([new], [*peers, same_origin], TOLERANCE, limit=5)

    linked = {next(iter(p.pair - {new.id})) for p in proposals}
    # Its own origin's figure first, however old, then the four nearest in time.
    assert linked == {same_origin.id, *(p.id for p in peers[28:32])}


def test_stored_pairs_are_compared_beyond_the_limit():
    peers = [fact(6000 + i) for i in range(30)]
    new = fact(6000)
    far = peers[-1]
    stored = {frozenset((new.id, far.id))}

    bounded = propose_links([new], peers, TOLERANCE, limit=3)
    kept = propose_links([new], peers, TOLERANCE, limit=3, linked=stored)

    assert len(bounded) == 3
    assert len(kept) == 4 and frozenset((new.id, far.id)) in {p.pair for p in kept}


def test_under_the_limit_every_comparable_pair_is_proposed():
    peers = [fact(6000 + i) for i in range(10)]
    assert len(propose_links([fact(6000)], peers, TOLERANCE, limit=10)) == 10
