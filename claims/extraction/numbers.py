"""Find the numbers of a text: digits, number words, vague quantities, fractions and money."""

# One compiled pattern finds every numeral; small anchored patterns then look at the characters
# just left and right of it for a qualifier ("about", "more than", "between"), a currency
# ("$", "US$", "euros", "yuan"), a scale word ("billion"), a range ("2,000-3,000") or a percent.

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from claims.extraction.currency import (
    CURRENCY_CODES,
    CURRENCY_RIGHT_INITIAL_RE,
    CURRENCY_RIGHT_RE,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    currency_left,
)
from claims.extraction.number_context import (
    AND_RIGHT_RE,
    MONTH_NAMES,
    MONTH_RIGHT_RE,
    NEGATIONS,
    PERCENT_RIGHT_RE,
    RANGE_RIGHT_RE,
    SCALE_INITIALS,
    SCALE_RIGHT_RE,
    TIME_RIGHT_RE,
    is_identifier_word,
    left_words,
    qualifier_left,
    word_start,
)
from claims.extraction.numerals import (
    DIGIT_NUMBER_RE,
    SCALES,
    STARTS,
    WORD_NUMBER_RE,
    few_range,
    fraction_value,
    vague_range,
    word_value,
)
from claims.extraction.patterns import folded, lexicon_word

_SPACES_RE = re.compile(r"\s+")


@dataclass(slots=True)
class Number:
    """A numeral and what surrounds it; start..end covers qualifier, currency, scale and range."""

    start: int
    end: int
    num_start: int
    num_end: int
    low: Decimal
    high: Decimal
    qualifier: str = "exact"
    currency: str | None = None
    fraction: bool = False
    vague: bool = False
    word: bool = False
    year: bool = False
    date: bool = False
    identifier: bool = False
    compound: bool = False
    strong: bool = False  # "a 6,000-strong workforce"
    negated: bool = False
    time: bool = False
    scaled: bool = False

    @property
    def is_count(self) -> bool:
        """Could this number count people?"""
        return not (
            self.fraction
            or self.currency
            or self.date
            or self.identifier
            or self.negated
            or self.time
            or (self.compound and not self.strong)
            or self.low < 1
            or self.low != self.low.to_integral_value()
        )


def _digits(value: str) -> Decimal:
    return Decimal(value.replace(",", ""))


def find_numbers(
    text: str, start: int = 0, end: int | None = None, starts: Iterable[int] | None = None
) -> list[Number]:
    """Every number in text[start:end], in order, none overlapping another. starts, if given,
    are where numbers may begin, as STARTS finds them (the pipeline scans once for these and
    for the sanctions topic words together)."""
    end = len(text) if end is None else end
    if starts is None:
        starts = STARTS.starts(text, start, end)
    found: list[Number] = []
    last_end = start
    word_match = WORD_NUMBER_RE.match
    digit_match = DIGIT_NUMBER_RE.match
    for at in starts:
        if at < last_end:
            continue
        m = (digit_match if text[at].isdigit() else word_match)(text, at, end)
        if m is None:
            continue
        number = _build(text, m, end)
        if number is None:
            continue
        found.append(number)
        last_end = number.end
    return found


def _build(text: str, m: re.Match, limit: int) -> Number | None:
    kind = m.lastgroup
    s, e = m.start(), m.end()
    raw = m.group()
    scaled = False
    word = False
    vague = False
    fraction = False
    qualifier = "exact"
    if kind == "digits":
        nxt = text[e : e + 1]
        if nxt.isalpha():
            suffix = SCALE_RIGHT_RE.match(text, e, min(limit, e + 4))
            if suffix is None or not suffix.group("abbr"):
                return None  # "1st", "3D", "120x"
        low = high = _digits(raw)
    elif kind in ("words", "halfa"):
        value = word_value(raw)
        if value is None:
            return None
        low = high = value
        word = True
        scaled = value >= 1000
    elif kind == "vague":
        low, high = vague_range(raw)
        vague = True
        qualifier = "vague"
        scaled = True
    elif kind == "few":
        low, high = few_range(raw)
        vague = True
        qualifier = "vague"
        scaled = True
    else:  # frac
        value = fraction_value(raw)
        if value is None:
            return None
        low = high = value
        fraction = True
        word = True

    number = Number(s, e, s, e, low, high, qualifier, vague=vague, word=word, fraction=fraction)
    pos = e
    if kind == "digits":
        after = text[pos : pos + 2].lstrip()[:1]
        sc = (
            SCALE_RIGHT_RE.match(text, pos, min(limit, pos + 12))
            if after in SCALE_INITIALS
            else None
        )
        if sc is not None:
            name = lexicon_word(sc.group("word") or sc.group("abbr"))
            abbr = sc.group("abbr") is not None
            # "5m" and "5k" only count as scales with money ("$5m"); "5 m" is metres.
            if not abbr or currency_left(text, s) is not None:
                factor = SCALES[name]
                number.low *= factor
                number.high *= factor
                pos = sc.end()
                scaled = True
        number.year = (
            not scaled
            and "," not in raw
            and "." not in raw
            and len(raw) == 4
            and 1800 <= int(raw) <= 2100
        )
    number.scaled = scaled

    # Currency written before the numeral: "$", "US$", "€", "USD ".
    cur = currency_left(text, s)
    if cur is not None:
        sym = cur.group("sym") or cur.group("code")
        number.currency = CURRENCY_SYMBOLS.get(sym.lower()) or CURRENCY_CODES.get(sym.lower())
        number.start = cur.start()

    # A range: "2,000-3,000", "$200-500 million", "70 to 90 percent".
    left_of_numeral = left_words(text, s)
    left_start = number.start
    left = left_of_numeral if left_start == s else left_words(text, left_start)
    lowered = [w.lower() for w in left]
    if kind == "digits" and "from" not in lowered:
        ahead = text[pos : pos + 5]
        rng = (
            RANGE_RIGHT_RE.match(text, pos, min(limit, pos + 40))
            if ("-" in ahead or "–" in ahead or "—" in ahead or "to" in ahead)
            else None
        )
        if rng is not None and not (rng.group("sep") == "-" and text[pos - 1 : pos] == " "):
            other = _digits(rng.group("num"))
            factor = 1
            if rng.group("scale"):
                factor = SCALES[lexicon_word(rng.group("scale"))]
                if not scaled:
                    number.low *= factor
            other *= factor
            if other > number.low and not (number.year and other < 100):
                number.high = other
                number.qualifier = "range"
                pos = rng.end()
                if rng.group("pct"):
                    number.low /= 100
                    number.high /= 100
                    number.fraction = True

    # "between 20,000 and 30,000"
    q = qualifier_left(lowered)
    if q is not None:
        qual, words = q
        q_start = word_start(text, left_start, words)
        if qual == "range":
            rng = AND_RIGHT_RE.match(text, pos, min(limit, pos + 40)) if kind == "digits" else None
            if rng is not None:
                other = _digits(rng.group("num"))
                if rng.group("scale"):
                    factor = SCALES[lexicon_word(rng.group("scale"))]
                    other *= factor
                    if not scaled:
                        number.low *= factor
                if other > number.low:
                    number.high = other
                    number.qualifier = "range"
                    number.start = q_start
                    pos = rng.end()
                    if rng.group("pct"):
                        number.low /= 100
                        number.high /= 100
                        number.fraction = True
        elif not vague and number.qualifier != "range":
            number.qualifier = qual
            number.start = q_start
        else:
            number.start = q_start

    if not number.fraction:
        ahead = text[pos : pos + 3]
        pct = (
            PERCENT_RIGHT_RE.match(text, pos, min(limit, pos + 10))
            if ("%" in ahead or "p" in ahead or "P" in ahead)
            else None
        )
        if pct is not None and kind == "digits":
            number.low /= 100
            number.high /= 100
            number.fraction = True
            pos = pct.end()

    if number.currency is None and not number.fraction:
        first = text[pos : pos + 2].lstrip()[:1]
        cur = (
            CURRENCY_RIGHT_RE.match(text, pos, min(limit, pos + 30))
            if first.isalpha() and CURRENCY_RIGHT_INITIAL_RE.match(first)
            else None
        )
        if cur is not None:
            group = "word" if cur.group("word") else "code"
            key = _SPACES_RE.sub(" ", folded(cur.group(group)))
            # "of" only joins big or vague amounts: "hundreds of millions of dollars".
            joined_by_of = "of" in text[pos : cur.start(group)].lower().split()
            if not joined_by_of or vague or scaled:
                number.currency = CURRENCY_WORDS.get(key) or CURRENCY_CODES.get(key)
                pos = cur.end()
    number.end = pos

    # What the numeral is part of: a date, a label, a compound adjective, a time.
    # (the word right before it, or one character before it: "Feb. 23")
    adjacent = bool(left_of_numeral) and not text[max(0, s - 2) : s].isspace()
    last = left_of_numeral[-1] if adjacent else ""
    if (
        kind == "digits"
        and number.currency is None
        and (
            last.rstrip(".,") in MONTH_NAMES
            or (
                (
                    text[e : e + 6].lstrip(" stndrh")[:1].isupper()
                    or text[e : e + 6].lstrip(" stndrh").startswith("of ")
                )
                and MONTH_RIGHT_RE.match(text, e, min(limit, e + 16))
            )
        )
    ):
        number.date = number.year or low <= 31
    if kind == "digits" and is_identifier_word(last, text[s - 1 : s]):
        number.identifier = True
    after = text[pos : pos + 2]
    if (
        after[:1] in "-‑"
        and text.startswith("odd", pos + 1)
        and not text[pos + 4 : pos + 5].isalpha()
    ):
        number.qualifier = "approximately"  # "2,000-odd"
        pos += 4
        number.end = pos
    elif after[:1] in "-‑" and after[1:2].isalpha():
        number.compound = True
        number.strong = text.startswith("strong", pos + 1)
    elif after[:1] in "-‑" and after[1:2].isdigit() and kind == "digits":
        number.identifier = True  # "2016-2017" styles that are not ranges, phone numbers
    if (
        kind == "digits"
        and text[e : e + 1] in ": "
        and TIME_RIGHT_RE.match(text, e, min(limit, e + 8))
    ):
        number.time = True
    if number.start != left_start:  # a qualifier moved the start
        left = left_words(text, number.start)
    if left and left[-1].lower() in NEGATIONS:
        number.negated = True
    return number
