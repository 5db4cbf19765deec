"""Reading a figure's surroundings: its clause, its place, its date, its tense."""

from __future__ import annotations

import re

from claims.extraction.document import Document
from claims.extraction.patterns import Bounded
from claims.extraction.places import GULF, NORTH_KOREA, REGION, WORLD, Place, is_country

# A comma followed by a space (not the comma of "6,000"), brackets, dashes, semicolons, colons.
_STOP_RE = re.compile(r",\s|[;:()\[\]]|\s[—–-]\s|[—–]")
# Boundaries between coordinated clauses: ", and in 2015, ...", "; ...".
_CONJ_RE = re.compile(
    r",\s+(?:and|but|while|whereas|although|though|then|yet|which|who)\b|;\s|\s[—–]\s|:\s",
    re.IGNORECASE,
)
# The same where no dash is: every branch then begins with a punctuation mark, which lets the
# regex engine skip from one to the next (a branch beginning with \s makes it try every place).
_STOP_NO_DASH_RE = re.compile(r",\s|;|:|\(|\)|\[|\]")
_CONJ_NO_DASH_RE = re.compile(
    r",\s+(?:and|but|while|whereas|although|though|then|yet|which|who)\b|;\s|:\s",
    re.IGNORECASE,
)


def _stops(text: str, lo: int, hi: int) -> re.Pattern:
    """The pattern for the stops of a clause in text[lo:hi]."""
    if text.find("-", lo, hi) < 0 and text.find("—", lo, hi) < 0 and text.find("–", lo, hi) < 0:
        return _STOP_NO_DASH_RE
    return _STOP_RE


_REPORTED_DATE_RE = Bounded(
    r"\b(?:said|says|told|tells|announced|reported|added|stated|wrote|confirmed|estimated|gave"
    r"|provided|released|published|cited|put)"
    r"(?:\s+[\w’'.]+){0,7}\s*$",
    re.IGNORECASE,
)
PRESENT_RE = Bounded(
    r"\b(?:is|are|remain|remains|hosts|host|employs|employ|work|works|live|lives|stands"
    r"|holds|keeps|totals|there\s+are|there\s+is|currently|now|still|earn|earns|put|puts"
    r"|end\s+up|ends\s+up)\b",
    re.IGNORECASE,
)
_INFINITIVE_RE = re.compile(r"\bto\s+\w+", re.IGNORECASE)
PAST_RE = Bounded(
    r"\b(?:was|were|had|did|previously|earlier|ago|once|used\s+to|at\s+the\s+peak)\b", re.I
)


def tail_end(doc: Document, pos: int, si: int, max_chars: int = 120) -> int:
    """Where the clause running on from pos stops (a comma, a bracket, a dash, the sentence end)."""
    _, s_end = doc.sentence(si)
    hi = min(s_end, pos + max_chars)
    m = _stops(doc.text, pos, hi).search(doc.text, pos, hi)
    return m.start() if m else hi


def head_start(doc: Document, pos: int, si: int, max_chars: int = 120) -> int:
    """Where the clause leading up to pos starts (after a comma, bracket or dash)."""
    s_start, _ = doc.sentence(si)
    lo = max(s_start, pos - max_chars)
    start = lo
    for m in _stops(doc.text, lo, pos).finditer(doc.text, lo, pos):
        start = m.end()
    return start


def conj_clause(doc: Document, pos: int, si: int) -> tuple[int, int]:
    """The coordinated clause holding pos: sentence bounds cut at ", and", ";", dashes."""
    s_start, s_end = doc.sentence(si)
    lo, hi = s_start, s_end
    text = doc.text
    dash = text.find("—", s_start, s_end) >= 0 or text.find("–", s_start, s_end) >= 0
    for m in (_CONJ_RE if dash else _CONJ_NO_DASH_RE).finditer(text, s_start, s_end):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


def is_present(doc: Document, lo: int, hi: int) -> bool:
    """Is the clause text[lo:hi] in the present tense?"""
    clause = _INFINITIVE_RE.sub(" ", doc.text[lo:hi])
    return bool(PRESENT_RE.search(clause)) and not PAST_RE.search(clause)


def resolve_as_of(
    doc: Document, si: int, start: int, end: int, lo: int, hi: int, *, present: bool
) -> str | None:
    """The date a figure at text[start:end] describes: the nearest date of its clause
    text[lo:hi] (not the date of a statement, "said on Thursday"), else the publication month
    for a figure stated in the present tense, else None."""
    best = None
    best_dist = None
    for d in doc.dates(si):
        if d.value is None or d.start < lo or d.end > hi:
            continue
        if doc.published is not None and d.low is not None and d.low > doc.published:
            continue  # a deadline ahead, not the date the figure describes
        if start <= d.start < end and d.end <= end and (end - start) < 8:
            continue
        dist = (
            0 if (d.start < end and d.end > start) else min(abs(d.start - end), abs(start - d.end))
        )
        if (best_dist is None or dist < best_dist) and not _reported(doc.text, lo, d.start):
            best, best_dist = d, dist
    if best is not None:
        return best.value
    if present and doc.published is not None:
        return f"{doc.published.year:04d}-{doc.published.month:02d}"
    return None


def _reported(text: str, lo: int, pos: int) -> bool:
    """Is the date at pos the date of a statement ("said on Thursday")? A reporting verb at
    most seven words before it, within 80 characters: it cannot begin before the eighth word
    before pos, so only those words are searched."""
    lo = max(lo, pos - 80)
    words = text[lo:pos].rsplit(None, 8)
    if len(words) == 9:
        lo += len(words[0])
    return _REPORTED_DATE_RE.search(text, lo, pos) is not None


def last_country_before(doc: Document, pos: int, si: int, back: int = 6) -> str | None:
    """The country most recently named before pos (North Korea aside), looking a few
    sentences back: what "the country" or "its territory" refers to."""
    for index in range(si, max(-1, si - back - 1), -1):
        for place in reversed(doc.places(index)):
            if place.start >= pos:
                continue
            if is_country(place.code) and place.code != NORTH_KOREA:
                return place.code
    return None


def _usable(place: Place) -> bool:
    return place.code != NORTH_KOREA


def _value(doc: Document, place: Place, si: int) -> str | None:
    if place.form == "anaphor":
        return last_country_before(doc, place.start, si)
    if place.code == REGION:
        return None
    return place.code


def resolve_place(
    doc: Document,
    si: int,
    core_start: int,
    core_end: int,
    tail_stop: int,
    head_lo: int,
    *,
    anywhere: bool = True,
) -> tuple[str | None, bool]:
    """The place a figure is about, and whether one was found at all.

    Looks, in order, inside the figure's own words ("overseas workers"), in the clause after
    it ("... were working in Kuwait"), in the clause before it ("Kuwait hosts ..."), then
    (if anywhere) at the nearest place of the rest of the sentence. A region gives None.
    """
    places = [p for p in doc.places(si) if _usable(p)]
    inside = [p for p in places if p.start >= core_start and p.end <= core_end]
    for p in inside:
        if p.code in (WORLD, GULF):
            return p.code, True
    tail = [p for p in places if p.start >= core_end and p.start < tail_stop]
    if tail:
        return _value(doc, tail[0], si), True
    head = [p for p in places if p.end <= core_start and p.start >= head_lo]
    if head:
        return _value(doc, head[-1], si), True
    for p in inside:
        if p.form in ("country", "city"):
            return p.code, True
    if not anywhere:
        return None, False
    rest = [p for p in places if p.end <= core_start or p.start >= core_end]
    if not rest:
        return None, False

    def distance(p: Place) -> int:
        return core_start - p.end if p.end <= core_start else p.start - core_end

    nearest = min(rest, key=distance)
    return _value(doc, nearest, si), True
