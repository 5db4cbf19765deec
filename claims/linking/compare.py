"""The rules deciding how two comparable claims relate, with a rationale a person can check."""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from claims.linking.facts import (
    AGREES,
    CONTRADICTS,
    PERIODS_PER_YEAR,
    REPEATS,
    SUPERSEDES,
    ClaimFacts,
    loose_key,
)

APPROXIMATE = {"approximately"}
OPEN_UPWARD = {"more_than", "at_least"}
OPEN_DOWNWARD = {"up_to", "at_most", "less_than"}
BOUNDED = {"range", "vague"}
# Sanctions provisions that say too little to tell two clauses apart.
UNCOMPARABLE_PROVISIONS = {"", "other"}
_QUALIFIER_WORDS = {
    "more_than": "more than",
    "at_least": "at least",
    "up_to": "up to",
    "at_most": "at most",
    "less_than": "less than",
}
PROVISION_LABELS = {
    "cap_work_authorizations": "cap on work authorizations",
    "ban_new_work_authorizations": "ban on new work authorizations",
    "repatriation": "repatriation of workers",
    "export_ban": "export ban",
    "national_measure": "national measure",
    "other": "other",
}


@dataclass(frozen=True, slots=True)
class Relation:
    """How two claims relate: first the claim the link goes from (for supersedes, the newer)."""

    first: ClaimFacts
    second: ClaimFacts
    relation: str
    score: float
    rationale: str


def comparable(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Whether two claims may be linked at all (rules 2, 3 and 7)."""
    if a.id == b.id or a.article_id == b.article_id:
        return False
    if not (a.live and b.live) or not a.subject_key or a.subject_key != b.subject_key:
        return False
    if a.kind != b.kind:
        return False
    if a.kind == "sanctions_clause":
        if not (a.instrument and a.provision and a.instrument == b.instrument):
            return False
        if a.provision != b.provision or a.provision in UNCOMPARABLE_PROVISIONS:
            return False
        # Two countries' own measures under one resolution are different measures.
        return a.provision != "national_measure" or bool(a.place and a.place == b.place)
    if not a.measure or a.measure != b.measure or a.place != b.place or a.unit != b.unit:
        return False
    # A count of workers somewhere unnamed cannot be checked against another.
    if a.kind == "worker_count" and not a.place:
        return False
    # A one-off sum and a sum per period do not compare.
    if bool(a.period) != bool(b.period):
        return False
    return _has_value(a) and _has_value(b)


def relate(a: ClaimFacts, b: ClaimFacts, tolerance: float) -> Relation | None:
    """The relation between two comparable claims, or None when there is none to propose."""
    if not comparable(a, b):
        return None
    # In the stored direction, so the rationale does not depend on which claim came first.
    same_source = _same_source(*_by_id(a, b))
    confidence = min(a.confidence, b.confidence)
    if a.kind == "sanctions_clause":
        first, second = _by_id(a, b)
        what = f"{a.instrument}'s {PROVISION_LABELS.get(a.provision, a.provision)}"
        if same_source:
            return Relation(first, second, REPEATS, _round(confidence), f"{same_source}; {what}")
        return Relation(first, second, AGREES, _round(confidence), f"both describe {what}")

    ranged = _is_ranged(a) or _is_ranged(b)
    ia, ib = interval(a, tolerance, slack=not ranged), interval(b, tolerance, slack=not ranged)
    gap = relative_gap(ia, ib)
    if gap == 0:
        first, second = _by_id(a, b)
        distance = _central_distance(a, b)
        consistent = _consistency(first, second, _percent(distance))
        score = _round(confidence * max(0.0, 1.0 - distance))
        if same_source:
            return Relation(first, second, REPEATS, score, f"{same_source}; {consistent}")
        return Relation(first, second, AGREES, score, consistent)

    score = _round(confidence * min(1.0, gap / tolerance))
    beyond = f"beyond the {_percent(tolerance)} tolerance"
    ga, gb = time_granule(a), time_granule(b)
    if same_time(a, b):
        first, second = _by_id(a, b)
        when = _granule_text(ga, gb)
        at = f"both {when}" if when else "no date tells them apart"
        rationale = f"{_distance(first, second)}, {beyond}; {at}"
        return Relation(first, second, CONTRADICTS, score, rationale)
    newer, older = (a, b) if ga[0] > gb[0] else (b, a)
    rationale = (
        f"{describe(newer)}, {_date(newer)}, is later than {describe(older)}, {_date(older)}; "
        f"{_distance(newer, older, named=False)}, {beyond}"
    )
    return Relation(newer, older, SUPERSEDES, score, rationale)


def interval(c: ClaimFacts, tolerance: float, *, slack: bool = True) -> tuple[float, float]:
    """The values a claim allows (money per year); two claims agree when theirs overlap.

    A stated figure stands for itself give or take half the tolerance (the slack), so two exact
    figures agree when about the tolerance apart; "about" widens by the whole tolerance; a range
    or a vague figure ("tens of thousands") keeps its bounds, and a figure set against one gets
    no slack (100,000 is not "tens of thousands"); "more than" opens upward, "up to" downward.
    """
    low, high = _bounds(c)
    if _is_ranged(c):
        return low, high
    if c.qualifier in APPROXIMATE:
        return low * (1 - tolerance), high * (1 + tolerance)
    if slack:
        low, high = low * (1 - tolerance / 2), high * (1 + tolerance / 2)
    if c.qualifier in OPEN_UPWARD:
        high = math.inf
    elif c.qualifier in OPEN_DOWNWARD:
        low = 0.0
    return low, high


def relative_gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals are, relative to the larger of their facing bounds."""
    lower, upper = (a, b) if a[1] < b[0] else (b, a)
    if lower[1] >= upper[0]:
        return 0.0
    return (upper[0] - lower[1]) / upper[0]


def time_granule(c: ClaimFacts) -> tuple[tuple[int, ...], str] | None:
    """When a figure applies, as precisely as known: its as_of to the month (a day's precision
    counts as its month), else its article's publication year; None when neither is known."""
    if c.as_of is not None:
        if c.as_of_precision == "year":
            return (c.as_of.year,), "year"
        return (c.as_of.year, c.as_of.month), "month"
    if c.published is not None:
        return (c.published.year,), "year"
    return None


def same_time(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Same month, or same year when either is known only to the year, or nothing to tell apart."""
    ga, gb = time_granule(a), time_granule(b)
    if ga is None or gb is None:
        return True
    return ga[0][:1] == gb[0][:1] if "year" in (ga[1], gb[1]) else ga[0] == gb[0]


def describe(c: ClaimFacts) -> str:
    """A figure as read: "6,000 (about)", "10,000–99,999 (vague)", "USD 1,000 a month"."""
    # Linking describes the same few figures in many rationales.
    return _described(c.value_low, c.value_high, c.unit, c.qualifier, c.period)


@lru_cache(maxsize=4096)
def _described(
    low: Decimal | None, high: Decimal | None, unit: str, qualifier: str, period: str
) -> str:
    low = high if low is None else low
    high = low if high is None else high
    show = _share if unit == "fraction" else _number
    text = show(low) if low == high else f"{show(low)}–{show(high)}"
    if unit and unit not in ("workers", "fraction"):
        text = f"{unit} {text}"
    if qualifier == "approximately":
        text += " (about)"
    elif qualifier == "vague":
        text += " (vague)"
    elif qualifier in _QUALIFIER_WORDS:
        text = f"{_QUALIFIER_WORDS[qualifier]} {text}"
    if period:
        text += f" a {period}"
        if period != "year":
            factor = PERIODS_PER_YEAR[period]
            text += f" ({_number(low * factor)} a year)" if low == high else ""
    return text


def period_factor(c: ClaimFacts) -> int:
    return PERIODS_PER_YEAR.get(c.period, 1)


def _is_ranged(c: ClaimFacts) -> bool:
    low, high = _bounds(c)
    return c.qualifier in BOUNDED and low != high


def _has_value(c: ClaimFacts) -> bool:
    return c.yearly is not None


def _bounds(c: ClaimFacts) -> tuple[float, float]:
    return c.yearly


def _central_distance(a: ClaimFacts, b: ClaimFacts) -> float:
    ca, cb = sum(_bounds(a)) / 2, sum(_bounds(b)) / 2
    top = max(abs(ca), abs(cb))
    return abs(ca - cb) / top if top else 0.0


def _apart(a: ClaimFacts, b: ClaimFacts) -> str:
    return _percent(_central_distance(a, b))


def _distance(first: ClaimFacts, second: ClaimFacts, *, named: bool = True) -> str:
    """How far apart two figures are: their values if both are points, else their nearest bounds."""
    both = f"{describe(first)} and {describe(second)} are " if named else ""
    if _is_point(first) and _is_point(second):
        return f"{both}{_apart(first, second)} apart"
    nearest = _percent(relative_gap(_open_bounds(first), _open_bounds(second)))
    return f"{both}{nearest} apart at their nearest"


def _is_point(c: ClaimFacts) -> bool:
    low, high = _bounds(c)
    return low == high and c.qualifier not in OPEN_UPWARD | OPEN_DOWNWARD


def _open_bounds(c: ClaimFacts) -> tuple[float, float]:
    """The stated bounds, opened by one-sided qualifiers but not widened by "about"."""
    low, high = _bounds(c)
    if c.qualifier in OPEN_UPWARD:
        return low, math.inf
    if c.qualifier in OPEN_DOWNWARD:
        return 0.0, high
    return low, high


def _consistency(first: ClaimFacts, second: ClaimFacts, apart: str) -> str:
    """Why two figures agree: one inside the other's bounds, ranges overlapping, or the
    distance between two points."""
    both = f"{describe(first)} and {describe(second)}"
    if _bounds(first) == _bounds(second) and not _is_point(first):
        return f"{both} state the same bounds"
    for inner, outer in ((first, second), (second, first)):
        ilow, ihigh = _bounds(inner)
        olow, ohigh = _bounds(outer)
        if olow != ohigh and olow <= ilow and ihigh <= ohigh:
            return f"{describe(inner)} lies within {describe(outer)}"
    if _is_ranged(first) and _is_ranged(second):
        return f"{both} overlap"
    return f"{both} are {apart} apart"


def _same_source(a: ClaimFacts, b: ClaimFacts) -> str:
    """Why two claims are not independent, or "" when they are."""
    if a.origin_key and b.origin_key and loose_key(a.origin_key) == loose_key(b.origin_key):
        return f"one origin ({a.origin_key})"
    if a.report_key != b.report_key:
        return ""
    if a.wire_key or b.wire_key:
        return f"one wire report ({a.report_key})"
    if not (a.origin_key or b.origin_key):
        return f"one outlet, no origin named ({a.outlet_key})"
    return ""


def _by_id(a: ClaimFacts, b: ClaimFacts) -> tuple[ClaimFacts, ClaimFacts]:
    """A stable direction for symmetric relations: from the later-stored claim."""
    return (a, b) if a.id > b.id else (b, a)


def _granule_text(*granules) -> str:
    """The coarser of the known granules: "2017" or "2017-08"."""
    known = [g for g in granules if g is not None]
    if not known:
        return ""
    coarse = min(known, key=lambda g: len(g[0]))[0]
    return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(coarse))


def _date(c: ClaimFacts) -> str:
    if c.as_of is None:
        return f"published {_iso(c.published, 'day')}" if c.published else "undated"
    return f"as of {_iso(c.as_of, c.as_of_precision)}"


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return f"{d.year}-{d.month:02d}"
    return d.isoformat()


def _number(value: Decimal | float) -> str:
    """Thousands separated; round millions and billions in words ("2 billion", "150 million")."""
    number = int(value)
    if number != value:
        return f"{Decimal(str(value)).normalize():,f}"
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if abs(number) >= size and number % (size // 100) == 0:
            digits = f"{Decimal(number) / size:f}"
            if "." in digits:
                digits = digits.rstrip("0").rstrip(".")
            return f"{digits} {word}"
    return f"{number:,}"


def _share(value: Decimal | float) -> str:
    return _percent(float(value)) if value is not None else "?"


def _percent(fraction: float) -> str:
    pct = fraction * 100
    return f"{pct:.1f}%" if pct < 10 else f"{pct:.0f}%"


def _round(score: float) -> float:
    return round(min(1.0, max(0.0, score)), 3)
