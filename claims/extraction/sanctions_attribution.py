"""Which instrument a sanctions clause belongs to, and its as-of date."""

from __future__ import annotations

import re

from claims.extraction.document import Document
from claims.extraction.instruments import (
    ADOPTED,
    PROVISION_INSTRUMENT,
    InstrumentMention,
    adopted_between,
    latest_before,
)
from claims.extraction.patterns import Bounded

SANCTIONS_WORD_RE = Bounded(
    r"\b(?:sanctions?|resolutions?|UNSCR?|Security\s+Council|measures)\b", re.IGNORECASE
)
IMPLEMENT_RE = Bounded(
    r"\b(?:implement\w*|compl(?:y|ies|ied|iance)|pursuant|in\s+line\s+with|obligations?"
    r"|enforc\w+)\b",
    re.IGNORECASE,
)
NEW_SANCTIONS_RE = Bounded(
    r"\b(?:new|latest|fresh|recent|tougher|toughest|punishing)\s+(?:\w+\s+){0,2}?"
    r"(?:sanctions|measures|resolution)\b",
    re.IGNORECASE,
)
_NEW_MEASURES_RE = re.compile(r"\bnew\s+measures\b", re.I)


def named_near(
    doc: Document, si: int, by_sentence: dict[int, list[InstrumentMention]], back: int
) -> list[str]:
    codes: list[str] = []
    for index in range(si - back, si + 1):
        for mention in by_sentence.get(index, []):
            codes.extend(mention.codes)
    return codes


def _dated(doc: Document, si: int, provision: str) -> str | None:
    """An instrument adopted on a date the sentence gives ("imposed Saturday")."""
    for d in doc.dates(si):
        if d.low is None or d.high is None:
            continue
        if (d.high - d.low).days > 10:
            continue
        candidates = adopted_between(d.low, d.high)
        mapped = PROVISION_INSTRUMENT.get(provision)
        if mapped in candidates:
            return mapped
        if len(candidates) == 1:
            return candidates[0]
    return None


def instrument(
    doc: Document,
    si: int,
    provision: str,
    start: int,
    end: int,
    by_sentence: dict[int, list[InstrumentMention]],
) -> str | None:
    mapped = PROVISION_INSTRUMENT.get(provision)
    here = named_near(doc, si, by_sentence, 0)
    if provision == "national_measure":
        # the resolution named with it, or one the text just said the country implements
        near = [c for c in here if c.startswith("UNSCR")]
        for index in (si - 1,):
            if near or index < 0:
                break
            if doc.holds(IMPLEMENT_RE, index):
                near = [c for c in named_near(doc, index, by_sentence, 0) if c.startswith("UNSCR")]
        return near[-1] if near else None
    if here:
        if mapped in here:
            return mapped
        return here[0]
    dated = _dated(doc, si, provision)
    if dated:
        return dated
    if mapped:
        return mapped
    for index in (si - 1, si - 2):
        if index < 0:
            break
        if not doc.holds(SANCTIONS_WORD_RE, index):
            continue
        named = named_near(doc, index, by_sentence, 0)
        if named:
            return named[-1]
        dated = _dated(doc, index, provision)
        if dated:
            return dated
    if doc.published is not None:
        s_start, s_end = doc.sentence(si)
        window_lo = doc.sentence(max(0, si - 1))[0]
        if NEW_SANCTIONS_RE.search(doc.text, window_lo, s_end) or _NEW_MEASURES_RE.search(
            doc.text[s_start:s_end]
        ):
            return latest_before(doc.published, 21)
    return None


def as_of(
    doc: Document,
    si: int,
    start: int,
    end: int,
    instrument: str | None,
    mentions: list[InstrumentMention],
) -> str | None:
    """The date a clause gives for itself ("as of 2017", "since 2019"; not a deadline), else
    its instrument's adoption date."""
    for d in doc.dates(si):
        if any(m.start <= d.start < m.end for m in mentions):
            continue  # "Resolution 2397 (2017)"
        if d.value and start <= d.start < end and (d.lead or "") not in ("by", "until", "till"):
            if "within" in doc.text[max(0, d.start - 12) : d.start]:
                continue
            return d.value
    if instrument in ADOPTED:
        return ADOPTED[instrument].isoformat()
    return None
