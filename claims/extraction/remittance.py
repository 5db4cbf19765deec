"""remittance: money that North Korean overseas labour earns or sends home.

A money figure (a number with a currency) counts when its sentence speaks of wages, salaries or
remittances, or of earnings, income or revenue with workers or labour in the sentence or the one
before; figures of thefts, costs, prices, trade or exports stay out. A share ("about half",
"two thirds", "40 percent") counts when it is a share of pay ("of their wages", "that amount").
"""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction import context
from claims.extraction.attribution import find_attribution
from claims.extraction.document import Document
from claims.extraction.lexicon import LABOUR_RE, NK_RE, NON_NK_DEMONYMS
from claims.extraction.model import ExtractedClaim
from claims.extraction.numbers import Number
from claims.extraction.patterns import Bounded
from claims.extraction.places import WORLD

STRONG_RE = Bounded(
    r"\b(?:wages?|salar(?:y|ies)|remittances?|remit(?:s|ted|ting)?|pay\s*checks?|paychecks?"
    r"|earnings)\b",
    re.IGNORECASE,
)
WEAK_RE = Bounded(
    r"\b(?:earn|earns|earned|earning|paid|pay|pays|income|revenues?|brings?|brought|bringing"
    r"|generates?|generated|generating|coffers|accounts|hard\s+currency|foreign\s+currency|cash"
    r"|funds?|profits?|proceeds|channel(?:s|ed|led)?|funnel(?:s|ed|led)?|sends?\s+(?:home|back)"
    r"|sent\s+(?:home|back)|handed\s+over|transferred|put|puts|takes?\s+in|makes?|made|nets?)\b",
    re.IGNORECASE,
)
NEGATIVE_RE = Bounded(
    r"\b(?:st[oe]l(?:e|en)|theft|thefts|hack\w*|cyber\w*|crypto\w*|launder\w*|missiles?|worth"
    r"|prices?|priced|costs?|costing|fine[sd]?|penalt\w+|loans?|aid|invest\w*|bought|buy|buys"
    r"|sold|sell|sells|sales?|budget|bail|reward|bounty|tanker|vessels?|deals?|GDP|trade|exports?"
    r"|imports?|exporting|tariffs?|bribes?|ransom|debts?|donat\w+|grants?|spent|spend|spending)\b",
    re.IGNORECASE,
)
PERIOD_RE = Bounded(
    r"\b(?:(?P<art>a|an|per|each|every)\s+(?P<unit>year|annum|month|week|day|working\s+day)"
    r"|(?P<adv>annually|yearly|monthly|weekly|daily)"
    r"|(?P<adj>annual|yearly|monthly|weekly|daily)\s+(?:\w+\s+)?(?:revenue|revenues|income|salary"
    r"|salaries|wages?|earnings|remittances?|pay|profits?|take))\b(?!\s+ago)",
    re.IGNORECASE,
)
_PERIODS = {
    "year": "year",
    "annum": "year",
    "annually": "year",
    "annual": "year",
    "yearly": "year",
    "month": "month",
    "monthly": "month",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "working day": "day",
    "daily": "day",
}
PER_WORKER_RE = Bounded(
    r"\b(?:(?:each|per|every|a|an|one|the\s+average)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:worker|laborer|labourer|welder|employee|logger|miner|builder|seamstress|person|head)\b"
    r"|(?:monthly|weekly|daily|average)\s+(?:wage|salary|pay)\b|(?:wage|salary)\s+of\b)",
    re.IGNORECASE,
)
_DEMONYM_ALT = "|".join(sorted((re.escape(d) for d in NON_NK_DEMONYMS), key=len, reverse=True))
OTHER_EARNERS_RE = Bounded(
    rf"\b(?:{_DEMONYM_ALT}|[Ll]ocal|[Ff]oreign|[Mm]igrant)\s+(?:[\w-]+\s+)?"
    r"(?:workers|employees|colleagues|staff|labou?rers|nationals|citizens|welders|builders)\b"
)
NON_WORKER_EARNER_RE = Bounded(
    r"\b(?:diplomats?|ambassadors?|officials?|officers?|soldiers?|students?|defectors?|leaders?"
    r"|ministers?|athletes?|tourists?|traders?|citizens|hackers?|agents?|executives?|families)\b",
    re.IGNORECASE,
)
WORKER_WORD_RE = Bounded(
    r"\b(?:workers?|laborers?|labourers?|employees?|welders?|loggers?|builders?|crews?)\b",
    re.IGNORECASE,
)
PAY_VERB_RE = Bounded(
    r"\b(?:earn|earns|earned|earning|paid|pay|pays|hand\s+over|hands\s+over|handed\s+over"
    r"|remit|remits|remitted|salary|salaries|wages?|makes?|made|receives?|received"
    r"|gets?|got|takes?\s+home|took\s+home)\b",
    re.IGNORECASE,
)
SHARE_OBJECT_RE = re.compile(
    r"\s+(?:of\s+)?(?:(?P<anaphor>(?:that|this|the|it)(?:\s+(?:amount|sum|money|figure))?)\b"
    r"|(?:their|his|her|the|a|each|every|workers[’']|the\s+workers[’'])\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?P<pay>pay|wages?|salar(?:y|ies)|earnings|income|pay\s*checks?|paychecks?)\b"
    r"|what\s+(?:they|workers|the\s+workers|he|she)\s+(?:earn|make|are\s+paid|were\s+paid)\b)",
    re.IGNORECASE,
)
KEPT_RE = Bounded(
    r"\b(?:keep|keeps|kept|retain|retains|retained|take\s+home|takes\s+home|took\s+home"
    r"|left\s+with|are\s+allowed|is\s+allowed|were\s+allowed|receive|receives|received"
    r"|get\s+to\s+keep|gets\s+to\s+keep)\b",
    re.IGNORECASE,
)
WORKER_SUBJECT_RE = Bounded(
    r"\b(?:workers?|laborers?|labourers?|employees?|they|he|she|welders?|loggers?)\b", re.I
)
STATE_SUBJECT_RE = Bounded(
    r"\b(?:state|regime|government|authorities|Pyongyang|party|company|companies|managers?"
    r"|minders?|agents?|bosses|employers?)\b",
    re.IGNORECASE,
)
OF_WHICH_RE = Bounded(r"\bof\s+(?:which|that|this|it|this\s+sum|that\s+sum)\s*,?\s*$", re.I)
TAKEN_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:is|was|were|are|goes|went|go|gets|got)?\s*(?:taken|kept|handed(?:\s+over)?"
    r"|paid|given|sent|transferred|confiscated|deducted|withheld|seized|went|goes|go)\b"
    r"(?:\s+(?:to|by|for)\s+(?:the\s+)?[\w’'-]+)?",
    re.IGNORECASE,
)
SHARE_BAD_ANAPHOR_RE = re.compile(
    r"\s+(?:of\s+)?(?:the|this|that)\s+(?!(?:amount|sum|money|figure|before|after|when|while"
    r"|is|was|are|were|went|goes|go|to|for|in|on|by|and|but|which|as|at|from)\b)[a-z]",
    re.I,
)
SUFFIX_NOUN_RE = re.compile(
    r"\s+(?:in|of)\s+(?:[\w’'“”\"]+\s+){0,2}?[“\"]?(?:remittances?|wages?|revenues?|income"
    r"|earnings|salar(?:y|ies)|profits?|cash|hard\s+currency)[”\"]?",
    re.IGNORECASE,
)
# A money figure's period is read up to the next figure or the end of its clause.
_NEXT_FIGURE_RE = re.compile(r"[$€£¥₩₽]\s?\d|\d")
_PERIOD_STOP_RE = re.compile(r"[;:()]|,\s+(?:but|and|while|which|although)\b|\s[—–]\s")
_SPACES_RE = re.compile(r"\s+")
_PER_PERIOD_RE = re.compile(r"-a-(?:month|year|day|week)")


def _labour_near(doc: Document, si: int) -> bool:
    for index in (si, si - 1, si - 2):
        if index < 0:
            continue
        if doc.holds(LABOUR_RE, index):
            return True
    return False


def extract(
    doc: Document, numbers: list[Number], workers: list[ExtractedClaim] = ()
) -> list[ExtractedClaim]:
    claims: list[ExtractedClaim] = []
    for number in numbers:
        if number.start >= doc.limit or number.identifier or number.date:
            continue
        if number.currency and not number.fraction:
            claim = _money(doc, number, workers)
        elif number.fraction:
            claim = _share(doc, number, claims)
        else:
            continue
        if claim is not None:
            claims.append(claim)
    return claims


def _period(doc: Document, number: Number, si: int) -> tuple[str | None, int]:
    """The period of a money figure ("a month", "each year", "annual revenue") and where its
    words end (for the quote)."""
    text = doc.text
    s_start, s_end = doc.sentence(si)
    tail_hi = min(s_end, number.end + 90)
    nxt = _NEXT_FIGURE_RE.search(text, number.end, tail_hi)
    if nxt is not None:
        tail_hi = nxt.start()
    stop = _PERIOD_STOP_RE.search(text, number.end, tail_hi)
    if stop is not None:
        tail_hi = stop.start()
    m = PERIOD_RE.search(text, number.end, tail_hi)
    if m is not None:
        word = (m.group("unit") or m.group("adv") or m.group("adj")).lower()
        word = _SPACES_RE.sub(" ", word)
        return _PERIODS.get(word), m.end()
    # "an annual income of $12,000", "monthly wages of $500"
    head = PERIOD_RE.search(text, max(s_start, number.start - 40), number.start)
    if head is not None and head.group("adj"):
        return _PERIODS.get(head.group("adj").lower()), number.end
    return None, number.end


def _nk_near(doc: Document, si: int, back: int = 2) -> bool:
    return any(doc.holds(NK_RE, index) for index in range(si, max(-1, si - back - 1), -1))


def _about_north_koreans(doc: Document, si: int, pos: int) -> bool:
    """Is the money of North Koreans? North Korea must be named in the sentence or before it in
    the text, and when the sentence does not name it, the workers last spoken of (this sentence
    or the one before) must not be others ("Chinese workers ... Many earn $800 a month")."""
    s_start, _ = doc.sentence(si)
    if doc.holds(NK_RE, si):
        return True
    if not NK_RE.search(doc.text, 0, s_start):
        return False
    for index in (si, si - 1):
        if index < 0:
            break
        lo, hi = doc.sentence(index)
        others = OTHER_EARNERS_RE.search(doc.text, lo, min(hi, pos))
        if others is not None:
            return False
        if LABOUR_RE.search(doc.text, lo, min(hi, pos)):
            return True
    return True


def _money(
    doc: Document, number: Number, workers: list[ExtractedClaim] = ()
) -> ExtractedClaim | None:
    text = doc.text
    if doc.skip_line(number.start):
        return None
    if number.compound and not _PER_PERIOD_RE.match(text, number.end):
        return None
    si = doc.sentence_index(number.start)
    s_start, s_end = doc.sentence(si)
    sentence = text[s_start:s_end]
    near_lo = max(s_start, number.start - 50)
    near_hi = min(s_end, number.end + 50)
    strong_near = STRONG_RE.search(
        text, max(s_start, number.start - 30), min(s_end, number.end + 30)
    )
    if NEGATIVE_RE.search(text, near_lo, near_hi) and not strong_near:
        return None
    strong = STRONG_RE.search(sentence)
    weak = WEAK_RE.search(sentence)
    period, period_end = _period(doc, number, si)
    pay_verb = PAY_VERB_RE.search(sentence)
    # "Each earns 2,000 yuan a month": pay for a period, with North Korea in view
    paid = period is not None and pay_verb and _nk_near(doc, si)
    if not (strong or (weak and _labour_near(doc, si)) or paid):
        return None
    clause_lo, clause_hi = context.conj_clause(doc, number.start, si)
    head = text[clause_lo : number.start]
    if OTHER_EARNERS_RE.search(head) and not NK_RE.search(head):
        return None  # "The 200 Chinese employees ... earn 4,000 yuan a month"
    if not _about_north_koreans(doc, si, number.start):
        return None
    if NON_WORKER_EARNER_RE.search(head) and not WORKER_WORD_RE.search(head):
        return None  # "A North Korean diplomat in Moscow earns about $3,000 a month"

    value = number.high
    per_worker_cue = PER_WORKER_RE.search(sentence)
    if number.vague or value >= 1_000_000:
        measure = "total"
    elif (
        per_worker_cue
        or period in ("month", "week", "day")
        or (period == "year" and value < 100_000 and pay_verb)
        or (value < 10_000 and pay_verb)
    ):
        measure = "per_worker"
    else:
        measure = "total"

    end = max(number.end, period_end)
    suffix = SUFFIX_NOUN_RE.match(text, number.end, min(s_end, number.end + 50))
    if suffix is not None:
        end = max(end, suffix.end())
    head_lo = context.head_start(doc, number.start, si)
    tail_stop = context.tail_end(doc, number.end, si)
    place, _ = context.resolve_place(doc, si, number.start, end, tail_stop, head_lo, anywhere=False)
    if place is None:
        # a place in the clause before the figure ("Workers in Kuwait typically earn ...")
        place, _ = context.resolve_place(
            doc, si, number.start, number.end, number.end, clause_lo, anywhere=False
        )
    if place is None and measure == "total":
        place = WORLD
    if place is None:
        # "They earn around $300 a month": the workers of the figure just before
        recent = [w for w in workers if si - 2 <= doc.sentence_index(w.start) <= si and w.place]
        if recent:
            place = recent[-1].place
    present = measure == "total" and context.is_present(doc, clause_lo, clause_hi)
    as_of = context.resolve_as_of(doc, si, number.start, end, clause_lo, clause_hi, present=present)
    attributed = find_attribution(text, s_start, s_end, number.start, end)
    confidence = 0.85 if strong else 0.7
    return ExtractedClaim(
        kind="remittance",
        quote=text[number.start : end],
        start=number.start,
        end=end,
        measure=measure,
        value_low=Decimal(number.low),
        value_high=Decimal(number.high),
        qualifier=number.qualifier,
        unit=number.currency,
        period=period,
        place=place,
        as_of=as_of,
        attributed_to=attributed,
        confidence=confidence,
    )


def _share(doc: Document, number: Number, earlier: list[ExtractedClaim]) -> ExtractedClaim | None:
    text = doc.text
    if doc.skip_line(number.start):
        return None
    if number.high > 1 or number.low <= 0:
        return None
    si = doc.sentence_index(number.start)
    s_start, s_end = doc.sentence(si)
    m = SHARE_OBJECT_RE.match(text, number.end, min(s_end, number.end + 60))
    of_which = OF_WHICH_RE.search(text, max(s_start, number.start - 12), number.start)
    if m is None and of_which is not None:
        # "60,000 rubles a month, of which up to 80 percent went to the state"
        taken = TAKEN_RE.match(text, number.end, min(s_end, number.end + 60))
        money_before = [
            c for c in earlier if c.measure != "share" and s_start <= c.start < number.start
        ]
        if taken is None or not money_before:
            return None
        m = taken
    elif m is None:
        return None
    if m.groupdict().get("anaphor"):
        if SHARE_BAD_ANAPHOR_RE.match(text, number.end, min(s_end, number.end + 60)):
            return None
        # "about half of that": only after a pay figure of this or the previous sentence
        recent = [
            c for c in earlier if c.measure != "share" and doc.sentence_index(c.start) >= si - 1
        ]
        if not recent:
            return None
    end = m.end()
    base = [c for c in earlier if c.measure != "share" and doc.sentence_index(c.start) >= si - 2]
    head_lo = context.conj_clause(doc, number.start, si)[0]
    place, found = context.resolve_place(
        doc, si, number.start, end, context.tail_end(doc, end, si), head_lo, anywhere=True
    )
    if not found and base:
        place = base[-1].place if base[-1].place != WORLD else None
    attributed = find_attribution(text, s_start, s_end, number.start, end)
    if attributed is None and base and doc.sentence_index(base[-1].start) == si:
        attributed = base[-1].attributed_to
    low, high = Decimal(number.low), Decimal(number.high)
    subject = text[head_lo : number.start]
    kept_by_workers = (
        KEPT_RE.search(subject)
        and WORKER_SUBJECT_RE.search(subject)
        and not STATE_SUBJECT_RE.search(subject)
    )
    if kept_by_workers:
        # "workers keep only 10 to 20 percent of their salaries": 80 to 90 percent is taken
        low, high = 1 - high, 1 - low
    return ExtractedClaim(
        kind="remittance",
        quote=text[number.start : end],
        start=number.start,
        end=end,
        measure="share",
        value_low=low,
        value_high=high,
        qualifier=number.qualifier,
        unit="fraction",
        period=None,
        place=place,
        as_of=None,
        attributed_to=attributed,
        confidence=0.7,
    )
