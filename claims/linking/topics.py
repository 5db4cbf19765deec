"""Topic summaries: the claims of one subject key, their best value, spread and disagreements."""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

import pycountry

from claims.linking.compare import PERIODS_PER_YEAR, PROVISION_LABELS
from claims.linking.facts import (
    AGREES,
    CONTRADICTS,
    SUPERSEDES,
    ClaimFacts,
    LinkFacts,
    ProposedLink,
)

MEASURE_LABELS = {
    "stock": "Workers present",
    "repatriated": "Workers sent home",
    "incident": "Workers in one incident",
    "visas": "Visas or permits issued",
    "forecast": "Workers expected",
    "per_worker": "Pay of one worker",
    "total": "Total remittances",
    "share": "Share of pay taken",
}
PLACE_LABELS = {"world": "worldwide", "gulf": "the Gulf", "RU": "Russia", "": "place not stated"}
_FOUR_PLACES = Decimal("0.0001")
# The largest spread a topic stores, a quadrillion: its fields hold 20 digits, 4 of them decimals,
# and SQLite keeps exact only what a float does. A day's pay converted to a year's may exceed it,
# and is then stored at this bound rather than failing the refresh.
SPREAD_LIMIT = Decimal(10**15)


@dataclass(frozen=True, slots=True)
class TopicSummary:
    key: str
    kind: str
    measure: str
    place: str
    unit: str
    instrument: str
    provision: str
    label: str
    claim_count: int
    independent_origins: int
    open_contradictions: int
    best_claim_id: int | None
    spread_low: Decimal | None
    spread_high: Decimal | None
    first_as_of: date | None
    last_as_of: date | None


def place_label(place: str) -> str:
    if place in PLACE_LABELS:
        return PLACE_LABELS[place]
    country = pycountry.countries.get(alpha_2=place.upper()) if len(place) == 2 else None
    if country is None:
        return place
    return getattr(country, "common_name", None) or country.name


def topic_label(
    *,
    kind: str,
    measure: str = "",
    place: str = "",
    unit: str = "",
    instrument: str = "",
    provision: str = "",
) -> str:
    """A topic's name: "Workers present · Kuwait", "UNSCR 2371 · cap on work authorizations"."""
    if kind == "sanctions_clause":
        what = PROVISION_LABELS.get(provision, provision) or "provision not stated"
        return f"{instrument or 'Instrument not named'} · {what}"
    parts = [MEASURE_LABELS.get(measure, measure.capitalize() or "Figure"), place_label(place)]
    if kind == "remittance" and unit and unit != "fraction":
        parts.append(unit)
    return " · ".join(parts)


def summarise_topic(
    key: str, claims: Iterable[ClaimFacts], links: Iterable[LinkFacts]
) -> TopicSummary | None:
    """The summary of one subject key's live claims, or None when it has none."""
    live = [c for c in claims if c.subject_key == key and c.live]
    if not live:
        return None
    ids = {c.id for c in live}
    among = [link for link in links if link.standing and link.from_id in ids and link.to_id in ids]
    superseded = {link.to_id for link in among if link.relation == SUPERSEDES}
    best = _best(live, superseded)
    low, high = _spread(live, best)
    dates = [c.when for c in live if c.when is not None]
    first = live[0]
    return TopicSummary(
        key=key,
        kind=first.kind,
        measure=first.measure,
        place=first.place,
        unit=first.unit,
        instrument=first.instrument,
        provision=first.provision,
        label=topic_label(
            kind=first.kind,
            measure=first.measure,
            place=first.place,
            unit=first.unit,
            instrument=first.instrument,
            provision=first.provision,
        )[:200],
        claim_count=len(live),
        independent_origins=independent_sources(live),
        open_contradictions=sum(1 for link in among if link.relation == CONTRADICTS),
        best_claim_id=best.id,
        spread_low=low,
        spread_high=high,
        first_as_of=min(dates, default=None),
        last_as_of=max(dates, default=None),
    )


def summary_extended(
    summary: TopicSummary,
    *,
    best: ClaimFacts,
    best_superseded: bool,
    new: Iterable[ClaimFacts],
    links: Iterable[ProposedLink],
    claims: dict[int, ClaimFacts],
    known_sources: Collection[str],
) -> TopicSummary | None:
    """The summary once `new` claims (counted in no summary yet) and new `links` are added to a
    topic, without reading its other claims; None when only summarise_topic can tell.

    `best` is the summary's best claim and `best_superseded` whether a standing link from a live
    claim of the topic supersedes it; `claims` holds both ends of every new link; `known_sources`
    are the new claims' source keys that the topic's other live claims already have.
    """
    key = summary.key
    added = [c for c in new if c.subject_key == key and c.live]
    if best_superseded or best.id != summary.best_claim_id:
        return None
    if not added:
        return summary
    superseded, contradictions = set(), 0
    for link in links:
        ends = claims.get(link.from_id), claims.get(link.to_id)
        if not all(e is not None and e.live and e.subject_key == key for e in ends):
            continue
        if link.relation == SUPERSEDES:
            superseded.add(link.to_id)
        elif link.relation == CONTRADICTS:
            contradictions += 1
    candidates = [c for c in added if c.id not in superseded]
    if best.id not in superseded:
        candidates.append(best)
    if not candidates:
        return None
    new_best = max(candidates, key=_best_rank)
    # The summary's best was the highest of the claims not superseded; once superseded, the
    # next highest may be any stored claim, unless a new one outranks the old best.
    if best.id in superseded and _best_rank(new_best) < _best_rank(best):
        return None
    if new_best.period != best.period:
        return None
    lows = [summary.spread_low] if summary.spread_low is not None else []
    highs = [summary.spread_high] if summary.spread_high is not None else []
    for c in added:
        bounds = _in_period(c, best.period)
        if bounds is not None:
            lows.append(_bounded(bounds[0]))
            highs.append(_bounded(bounds[1]))
    dates = [d for d in (summary.first_as_of, summary.last_as_of) if d is not None]
    dates += [c.when for c in added if c.when is not None]
    return replace(
        summary,
        claim_count=summary.claim_count + len(added),
        independent_origins=summary.independent_origins
        + len({c.source_key for c in added} - set(known_sources)),
        open_contradictions=summary.open_contradictions + contradictions,
        best_claim_id=new_best.id,
        spread_low=min(lows, default=None),
        spread_high=max(highs, default=None),
        first_as_of=min(dates, default=None),
        last_as_of=max(dates, default=None),
    )


def independent_sources(claims: Iterable[ClaimFacts]) -> int:
    """How many independent sources stand behind these claims (origin, else wire, else outlet)."""
    return len({c.source_key for c in claims})


def corroboration(
    claim: ClaimFacts, claims: Sequence[ClaimFacts], links: Iterable[LinkFacts]
) -> int:
    """How many independent sources, other than the claim's own, agree with it."""
    by_id = {c.id: c for c in claims}
    sources = set()
    for link in links:
        if link.relation != AGREES or not link.standing or claim.id not in link.pair:
            continue
        other = by_id.get(link.to_id if link.from_id == claim.id else link.from_id)
        if other is not None and other.live and other.source_key != claim.source_key:
            sources.add(other.source_key)
    return len(sources)


def _best(live: Sequence[ClaimFacts], superseded: set[int]) -> ClaimFacts:
    """The latest claim not superseded (see _best_rank); all of them when all are superseded."""
    candidates = [c for c in live if c.id not in superseded] or list(live)
    return max(candidates, key=_best_rank)


def _best_rank(c: ClaimFacts) -> tuple:
    """Latest first; ties go to accepted, then confident, then the most recently published, then
    the later-stored article (claims of one article are stored in text order, articles in import
    order, whichever worker extracts them)."""
    return (
        _latest_day(c),
        c.review_status == "accepted",
        c.confidence,
        c.published or date.min,
        c.article_id,
        c.id,
    )


def _latest_day(c: ClaimFacts) -> date:
    """The last day a figure may describe: "as of August 2017" runs to 31 August; an undated
    figure's article publication date; date.min when neither is known."""
    if c.as_of is None:
        return c.published or date.min
    if c.as_of_precision == "year":
        return date(c.as_of.year, 12, 31)
    if c.as_of_precision == "month":
        following = date(c.as_of.year + c.as_of.month // 12, c.as_of.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return c.as_of


def _spread(live: Sequence[ClaimFacts], best: ClaimFacts) -> tuple[Decimal | None, Decimal | None]:
    """Lowest low and highest high, money expressed in the best claim's period."""
    lows, highs = [], []
    for c in live:
        bounds = _in_period(c, best.period)
        if bounds is not None:
            lows.append(bounds[0])
            highs.append(bounds[1])
    if not lows:
        return None, None
    return _bounded(min(lows)), _bounded(max(highs))


def _in_period(c: ClaimFacts, period: str) -> tuple[Decimal, Decimal] | None:
    """The claim's (low, high) in this period; None without a value or when one of the two is
    money over time and the other is not."""
    if c.value_low is None and c.value_high is None:
        return None
    if bool(c.period) != bool(period):
        return None
    factor = Decimal(1)
    if c.period and c.period != period:
        factor = Decimal(PERIODS_PER_YEAR[c.period]) / Decimal(PERIODS_PER_YEAR[period])
    low = c.value_low if c.value_low is not None else c.value_high
    high = c.value_high if c.value_high is not None else c.value_low
    return low * factor, high * factor


def _bounded(value: Decimal) -> Decimal:
    return max(-SPREAD_LIMIT, min(SPREAD_LIMIT, value)).quantize(_FOUR_PLACES)
