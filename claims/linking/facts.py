"""The values linking works on: claims and links as frozen dataclasses."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

# Relations and decisions, spelled as claims.models spells them.
AGREES, CONTRADICTS, SUPERSEDES, REPEATS = "agrees", "contradicts", "supersedes", "repeats"
SUGGESTED, CONFIRMED, REJECTED = "suggested", "confirmed", "rejected"
AUTO, MANUAL = "auto", "manual"
# Money periods are compared per year.
PERIODS_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 365}
# Little words that spelling variants of one body's name disagree on ("Authority of/for Manpower").
LITTLE_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "at"})


# Initials standing for a body, spelled out, so "UN", "U.N." and "United Nations" meet.
INITIALS = {"un": "united nations", "us": "united states", "ap": "associated press"}


@lru_cache(maxsize=4096)
def loose_key(name_key: str) -> str:
    """An origin's key (sources.keys.name_key) reduced so spelling variants of one body meet.

    Little words go ("Authority of/for Manpower"), dotted initials join ("u n panel" is "un
    panel") and well-known initials are spelled out ("UN Panel of Experts" is "United Nations
    Panel of Experts").
    """
    words: list[str] = []
    run: list[str] = []
    for word in [*name_key.split(), ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            words.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if word:
            words.append(word)
    spelled = " ".join(INITIALS.get(w, w) for w in words)
    return " ".join(w for w in spelled.split() if w not in LITTLE_WORDS)


# Not frozen, though no code changes one: linking builds thousands a batch, and a frozen
# dataclass of 22 fields takes five times as long to build. Treat it as a value.
@dataclass(slots=True)
class ClaimFacts:
    """What linking needs to know of one claim, its article and its outlet."""

    id: int
    article_id: int
    kind: str
    subject_key: str
    measure: str = ""
    value_low: Decimal | None = None
    value_high: Decimal | None = None
    qualifier: str = ""
    unit: str = ""
    period: str = ""
    place: str = ""
    as_of: date | None = None
    as_of_precision: str = ""
    origin_key: str = ""
    wire_key: str = ""
    outlet_key: str = ""
    published: date | None = None
    instrument: str = ""
    provision: str = ""
    confidence: float = 1.0
    review_status: str = "proposed"
    orphaned: bool = False
    # (low, high) as floats, money per year; None without a value. Computed once: linking reads
    # it for every pair.
    yearly: tuple[float, float] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        low = self.value_low if self.value_low is not None else self.value_high
        high = self.value_high if self.value_high is not None else self.value_low
        if low is None:
            yearly = None
        else:
            factor = PERIODS_PER_YEAR.get(self.period, 1)
            yearly = (float(low) * factor, float(high) * factor)
        self.yearly = yearly

    @property
    def live(self) -> bool:
        """Still standing: not rejected by a curator and still anchored in its text."""
        return self.review_status != REJECTED and not self.orphaned

    @property
    def when(self) -> date | None:
        """The date the figure describes, else its article's publication date."""
        return self.as_of or self.published

    @property
    def report_key(self) -> str:
        """The report the article carries: the wire's it relays, else its outlet's own."""
        return report_key(
            wire_key=self.wire_key, outlet_key=self.outlet_key, article_id=self.article_id
        )

    @property
    def source_key(self) -> str:
        """Who stands behind the figure: its origin, else the report (wire, outlet) carrying it."""
        return source_key(
            origin_key=self.origin_key,
            wire_key=self.wire_key,
            outlet_key=self.outlet_key,
            article_id=self.article_id,
        )


def report_key(*, wire_key: str, outlet_key: str, article_id: int | None) -> str:
    """The report an article carries: the wire's it relays, else its outlet's own.

    Wire keys are slugs of the wire outlet's name, so a relay and the wire's own story meet.
    """
    if wire_key:
        return wire_key
    if outlet_key:
        return outlet_key.replace(" ", "-")
    return f"article-{article_id}"


def source_key(*, origin_key: str, wire_key: str, outlet_key: str, article_id: int | None) -> str:
    """Who stands behind a figure: its origin (spelling variants meeting), else its report.

    Claims sharing a source key are not independent of each other.
    """
    if origin_key:
        return f"origin:{loose_key(origin_key)}"
    return f"report:{report_key(wire_key=wire_key, outlet_key=outlet_key, article_id=article_id)}"


@dataclass(frozen=True, slots=True)
class LinkFacts:
    """A stored link between two claims."""

    id: int
    from_id: int
    to_id: int
    relation: str
    score: float = 0.0
    rationale: str = ""
    method: str = AUTO
    decision: str = SUGGESTED

    @property
    def pair(self) -> frozenset[int]:
        return frozenset((self.from_id, self.to_id))

    @property
    def curated(self) -> bool:
        """A curator's word on the pair: recomputation never overwrites it."""
        return self.method == MANUAL or self.decision != SUGGESTED

    @property
    def standing(self) -> bool:
        return self.decision != REJECTED


@dataclass(frozen=True, slots=True)
class ProposedLink:
    """A link the rules propose; for supersedes, from_id is the newer claim."""

    from_id: int
    to_id: int
    relation: str
    score: float
    rationale: str

    @property
    def pair(self) -> frozenset[int]:
        return frozenset((self.from_id, self.to_id))
