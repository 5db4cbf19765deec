"""worker_count: how many North Korean workers are somewhere, were sent home, took part in one
event, got visas, or are expected.

A number is a worker count only when a worker noun is tied to it: directly ("about 6,000 North
Korean laborers", "tens of thousands of their citizens", "two more workers"), or, for a bare
number, through "the number of North Koreans employed in Poland stood at about 400", a
continuation of a worker count in the same sentence ("..., down from 600 in June last year"),
"the figure ... is far above the roughly 2,800", or a repatriation verb ("has repatriated 18,533").
North Koreans, nationals and citizens count as workers only where the clause speaks of work
(or of their presence in a country, in a text about labour). Other numbers stay out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from claims.extraction import context
from claims.extraction.attribution import find_attribution
from claims.extraction.document import Document
from claims.extraction.lexicon import LABOUR_RE, NK_RE, NON_NK_DEMONYMS, WORK_CUE_RE
from claims.extraction.model import ExtractedClaim
from claims.extraction.numbers import Number
from claims.extraction.places import PRESENCE_PREPS, preposition
from claims.extraction.worker_count_nouns import TOKEN_RE, NounPhrase, excluded, noun_after
from claims.extraction.worker_count_patterns import (
    BARE_FOLLOWERS,
    CONTINUATION_WORDS,
    DATE_TAIL_RE,
    ESTIMATED_AT_RE,
    FIGURE,
    FORECAST_HEAD,
    FORECAST_TAIL,
    HOME_RIGHT_RE,
    INCIDENT_HEAD,
    INCIDENT_TAIL,
    INCIDENT_TAIL_RE,
    LEAVING_RE,
    NUMBER_OF,
    NUMBER_OF_RE,
    OTHER_PEOPLE_RE,
    PRESENCE_RE,
    REPATRIATED_HEAD,
    REPATRIATED_TAIL,
    REPATRIATED_TAIL_RE,
    SAMPLE_HEAD,
    SEND_HEAD,
    STOCK_HEAD,
    STOCK_TAIL_RE,
    VISA_VERB_RE,
    WORKER_PHRASE_RE,
)

_DIGIT_RE = re.compile(r"\d")


@dataclass
class _Found:
    number: Number
    si: int
    start: int
    end: int
    core_end: int
    measure: str
    place: str | None
    attributed_to: str | None
    as_of: str | None
    confidence: float


def extract(doc: Document, numbers: list[Number]) -> list[ExtractedClaim]:
    text = doc.text
    found: list[_Found] = []
    labour_text = bool(LABOUR_RE.search(text, 0, doc.limit))
    for number in numbers:
        if not number.is_count or number.start >= doc.limit:
            continue
        if doc.skip_line(number.start):
            continue
        si = doc.sentence_index(number.start)
        _, s_end = doc.sentence(si)
        if number.end > s_end:
            continue
        item = _direct(doc, number, si, labour_text, found) or _bare(doc, number, si, found)
        if item is not None:
            found.append(item)
    return [_claim(doc, f) for f in found]


def _direct(
    doc: Document, number: Number, si: int, labour_text: bool, found: list[_Found]
) -> _Found | None:
    text = doc.text
    s_start, s_end = doc.sentence(si)
    walk_from = number.end
    if number.strong:
        walk_from = number.end + len("-strong")
    np = noun_after(text, walk_from, s_end)
    if np is None or excluded(np):
        return None
    if np.kind == "pronoun":
        # "a dozen of them": workers only right after a worker count
        if not any(si - 2 <= f.si <= si for f in found):
            return None
        np.kind = "worker"
    if number.year and (np.modifiers or np.kind != "worker"):
        return None
    head_lo = context.head_start(doc, number.start, si)
    if SAMPLE_HEAD.search(text, max(s_start, number.start - 40), number.start):
        return None
    tail_stop = context.tail_end(doc, np.end, si)
    clause_lo, clause_hi = context.conj_clause(doc, number.start, si)
    clause = text[clause_lo:clause_hi]
    sentence = text[s_start:s_end]

    if np.kind == "visa":
        if not (
            VISA_VERB_RE.search(clause)
            and (
                NK_RE.search(sentence)
                or "work" in np.modifiers
                or "such" in text[number.end : np.start]
            )
        ):
            return None
        measure = "visas"
    else:
        measure = _measure(doc, number, np, si, head_lo, tail_stop)
        if measure is None:
            return None
        if np.kind == "person":
            after = text[np.end : np.end + 60]
            presence = bool(PRESENCE_RE.match(after)) and labour_text
            sent_home = measure == "repatriated" and labour_text
            if not (WORK_CUE_RE.search(clause) or presence or sent_home):
                return None
            if OTHER_PEOPLE_RE.search(text, np.end, min(s_end, np.end + 80)):
                return None  # "147,000 North Koreans lived in China, many of them traders"
            # "Chinese nationals", "American citizens" are not counted here
            if not np.north_korean and set(np.modifiers) & NON_NK_DEMONYMS:
                return None
            if not (np.north_korean or NK_RE.search(sentence) or labour_text):
                return None

    core_end = np.end
    end = core_end
    if measure in ("stock", "incident", "repatriated"):
        cue = _cue_end(doc, np.end, tail_stop)
        if cue is not None:
            end = cue
    place, found_place = context.resolve_place(doc, si, number.start, np.end, tail_stop, head_lo)
    if not found_place and not np.anaphoric:
        earlier = [f for f in found if si - 2 <= f.si <= si and f.place]
        place = earlier[-1].place if earlier else None
    if not found_place and np.anaphoric:
        # "their colleagues", "these workers": the place of the workers spoken of before
        earlier = [f for f in found if si - 5 <= f.si <= si and f.place]
        place = earlier[-1].place if earlier else context.last_country_before(doc, number.start, si)
    attributed = find_attribution(text, s_start, s_end, number.start, end)
    present = measure in ("stock", "forecast") and context.is_present(
        doc, max(head_lo, clause_lo), min(max(tail_stop, end), clause_hi)
    )
    lo, hi = _between_figures(doc, number, si, clause_lo, clause_hi)
    as_of = context.resolve_as_of(doc, si, number.start, end, lo, hi, present=present)
    confidence = 0.85 if np.north_korean else 0.75
    if np.kind == "person":
        confidence -= 0.05
    if doc.in_title(number.start):
        confidence -= 0.2
    return _Found(
        number, si, number.start, end, core_end, measure, place, attributed, as_of, confidence
    )


def _between_figures(doc: Document, number: Number, si: int, lo: int, hi: int) -> tuple[int, int]:
    """Narrow a clause to the stretch between the figures either side of this one, so that
    "about 1,200 remain, down from 2,500 in 2017" does not give 2017 to the 1,200."""
    for other in doc.numbers_in(si):
        if other is number or not other.is_count or other.year:
            continue
        if other.end <= number.start:
            lo = max(lo, other.end)
        elif other.start >= number.end:
            hi = min(hi, other.start)
            break
    return lo, hi


def _cue_end(doc: Document, pos: int, tail_stop: int) -> int | None:
    """Extend a quote over the verb and place right after the noun ("were working in Kuwait")."""
    text = doc.text
    window_end = min(tail_stop, pos + 60)
    ends = []
    for p in doc.places(doc.sentence_index(pos)):
        if pos <= p.start < window_end:
            ends.append(p.end)
            break
    for regex in (STOCK_TAIL_RE, INCIDENT_TAIL_RE, REPATRIATED_TAIL_RE):
        m = regex.search(text, pos, window_end)
        if m is not None:
            ends.append(m.end())
    return max(ends) if ends else None


def _measure(
    doc: Document, number: Number, np: NounPhrase, si: int, head_lo: int, tail_stop: int
) -> str | None:
    text = doc.text
    s_start, s_end = doc.sentence(si)
    head = max(s_start, number.start - 60)
    tail_hi = min(s_end, np.end + 90)
    if REPATRIATED_HEAD.search(text, head, number.start):
        return "repatriated"
    if REPATRIATED_TAIL.search(text, np.end, min(tail_hi, np.end + 60)):
        return "repatriated"
    if HOME_RIGHT_RE.match(text, np.end, tail_hi) and SEND_HEAD.search(text, head, number.start):
        return "repatriated"  # "sends thousands of workers home"
    if INCIDENT_HEAD.search(text, head, number.start):
        return "incident"
    if INCIDENT_TAIL.search(text, np.end, min(tail_hi, np.end + 50)):
        return "incident"
    if FORECAST_HEAD.search(text, head, number.start) or FORECAST_TAIL.search(
        text, np.end, min(tail_hi, np.end + 50)
    ):
        return "forecast"
    places = doc.places(si)
    if any(
        np.end <= p.start < tail_stop and preposition(text, p) in PRESENCE_PREPS for p in places
    ):
        return "stock"
    if any(number.start <= p.start < np.end and p.code in ("world", "gulf") for p in places):
        return "stock"
    if STOCK_TAIL_RE.search(text, np.end, tail_stop):
        return "stock"
    if STOCK_HEAD.search(text, max(s_start, number.start - 40), number.start):
        return "stock"
    return None


def _bare(doc: Document, number: Number, si: int, found: list[_Found]) -> _Found | None:
    """A number with no noun of its own, tied to workers by its sentence."""
    text = doc.text
    s_start, s_end = doc.sentence(si)
    m = TOKEN_RE.search(text, number.end, s_end)
    token = m.group() if m else ""
    nxt = text[number.end : number.end + 1]
    if nxt and nxt not in " \n,.;:)":
        return None
    if token and token[0].isalpha() and token.lower() not in BARE_FOLLOWERS:
        return None
    if number.year or (number.vague and number.high < 1000):
        return None
    head_lo = max(s_start, number.start - 60)
    head = text[head_lo : number.start]
    end = number.end
    date_tail = DATE_TAIL_RE.match(text, number.end, s_end)

    # "Russia has repatriated 18,533"
    if REPATRIATED_HEAD.search(text, head_lo, number.start) and (
        doc.holds(NK_RE, si) or doc.holds(LABOUR_RE, si)
    ):
        return _inherit(doc, number, si, "repatriated", None, date_tail, base=None)

    # "... the number of North Koreans employed in Poland stood at about 400"
    anchor = None
    if NUMBER_OF.search(text, s_start, number.start):
        for m in NUMBER_OF_RE.finditer(text, s_start, number.start):
            anchor = m
    if anchor is not None:
        phrase_start = anchor.start()
        between = text[anchor.end() : number.start]
        if not _DIGIT_RE.search(between):
            tail_stop = context.tail_end(doc, end, si)
            place, _ = context.resolve_place(
                doc, si, phrase_start, number.start, tail_stop, phrase_start
            )
            return _inherit(doc, number, si, "stock", place, date_tail, base=None)

    # "North Korean laborers in China, estimated at 50,000 by a think tank"
    estimated = ESTIMATED_AT_RE.search(text, max(s_start, number.start - 40), number.start)
    if estimated is not None:
        clause_lo = context.conj_clause(doc, number.start, si)[0]
        noun = WORKER_PHRASE_RE.search(text, clause_lo, estimated.start())
        if noun is not None:
            place, _ = context.resolve_place(
                doc, si, noun.start(), number.start, number.start, clause_lo, anywhere=False
            )
            return _inherit(doc, number, si, "stock", place, date_tail, base=None)
    last_words = head.lower().split()[-2:]
    if not last_words or not (
        last_words[-1] in CONTINUATION_WORDS
        or (
            len(last_words) == 2
            and last_words[-1] in ("the", "a")
            and last_words[0] in CONTINUATION_WORDS
        )
    ):
        return None
    # "..., down from 600 in June last year": continues a worker count of the same sentence
    prior = [f for f in found if f.si == si and f.end <= number.start]
    if prior:
        base = prior[-1]
        between = text[base.end : number.start]
        if not _DIGIT_RE.search(between.replace(",", "")):
            measure = base.measure
            if LEAVING_RE.search(head):
                measure = "stock"  # "..., leaving fewer than 1,000 in the country"
            return _inherit(doc, number, si, measure, base.place, date_tail, base=base)
    # "The figure ... is far above the roughly 2,800 that ..."
    figure = FIGURE.search(text, s_start, number.start)
    if figure is not None:
        earlier = [f for f in found if si - 3 <= f.si < si]
        if earlier:
            base = earlier[-1]
            return _inherit(doc, number, si, base.measure, base.place, date_tail, base=base)
    return None


def _inherit(
    doc: Document,
    number: Number,
    si: int,
    measure: str,
    place: str | None,
    date_tail: re.Match | None,
    *,
    base: _Found | None,
) -> _Found:
    text = doc.text
    s_start, s_end = doc.sentence(si)
    end = number.end
    if (
        date_tail is not None
        and date_tail.end() - number.end <= 40
        and (
            any(number.end <= d.start < date_tail.end() for d in doc.dates(si))
            or any(number.end <= p.start < date_tail.end() for p in doc.places(si))
        )
    ):
        # "550 in July last year", "1,000 in the country"; not "50,000 by a think tank"
        end = date_tail.end()
    while end > number.end and text[end - 1] in " ,;":
        end -= 1
    tail_stop = context.tail_end(doc, number.end, si)
    own_place = [p for p in doc.places(si) if number.end <= p.start < tail_stop and p.code != "KP"]
    if own_place:
        place, _ = context.resolve_place(
            doc, si, number.start, number.end, tail_stop, number.start, anywhere=False
        )
    elif place is None and base is None:
        place, _ = context.resolve_place(
            doc, si, number.start, number.end, tail_stop, context.head_start(doc, number.start, si)
        )
    clause_lo, clause_hi = context.conj_clause(doc, number.start, si)
    attributed = find_attribution(text, s_start, s_end, number.start, end)
    if attributed is None and base is not None and base.si == si:
        attributed = base.attributed_to
    present = measure == "stock" and context.is_present(doc, clause_lo, clause_hi)
    as_of = context.resolve_as_of(
        doc, si, number.start, end, number.start, max(end, number.end), present=False
    )
    if as_of is None:
        lo = max(clause_lo, number.start - 40)
        as_of = context.resolve_as_of(doc, si, number.start, end, lo, clause_hi, present=present)
        if base is not None and as_of == base.as_of and base.si == si:
            as_of = None if not present else as_of
    return _Found(number, si, number.start, end, number.end, measure, place, attributed, as_of, 0.6)


def _claim(doc: Document, f: _Found) -> ExtractedClaim:
    n = f.number
    return ExtractedClaim(
        kind="worker_count",
        quote=doc.text[f.start : f.end],
        start=f.start,
        end=f.end,
        measure=f.measure,
        value_low=Decimal(n.low),
        value_high=Decimal(n.high),
        qualifier=n.qualifier,
        unit="workers",
        period=None,
        place=f.place,
        as_of=f.as_of,
        attributed_to=f.attributed_to,
        confidence=max(0.05, min(1.0, f.confidence)),
    )
