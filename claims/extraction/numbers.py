"""Find the numbers of a text: digits, number words, vague quantities, fractions and money.

One compiled pattern finds every numeral; small anchored patterns then look at the characters
just left and right of it for a qualifier ("about", "more than", "between"), a currency
("$", "US$", "euros", "yuan"), a scale word ("billion"), a range ("2,000-3,000") or a percent sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from claims.extraction.patterns import WordStarts, folded, lexicon_word

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
# "tens of thousands" -> 10,000..99,999: the plural names an order of magnitude.
_VAGUE_BASE = {
    "tens": 10,
    "dozens": 24,
    "scores": 40,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
_FRACTIONS = {
    "half": Decimal("0.5"),
    "a half": Decimal("0.5"),
    "one half": Decimal("0.5"),
    "a third": Decimal("0.3333"),
    "one third": Decimal("0.3333"),
    "two thirds": Decimal("0.6667"),
    "a quarter": Decimal("0.25"),
    "one quarter": Decimal("0.25"),
    "three quarters": Decimal("0.75"),
    "a fifth": Decimal("0.2"),
    "one fifth": Decimal("0.2"),
    "two fifths": Decimal("0.4"),
    "three fifths": Decimal("0.6"),
    "four fifths": Decimal("0.8"),
    "a tenth": Decimal("0.1"),
    "one tenth": Decimal("0.1"),
    "nine tenths": Decimal("0.9"),
}

_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN_WORDS = "|".join(_TENS)
_SMALL = (
    rf"(?:(?:{_TEN_WORDS})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNIT_WORDS})"
)
_MULT = r"(?:hundred|thousand|million|billion|trillion)"
_WORDS = (
    rf"(?:(?:{_SMALL}|an?)\s+dozen"
    rf"|(?:{_SMALL}|an?)(?:\s+{_MULT}(?:\s+(?:and\s+)?{_SMALL})?)+"
    rf"|{_SMALL})"
)
_FRACTION_WORDS = r"(?:(?:one|two|three|four|nine|a)[-\s](?:half|third|quarter|fifth|tenth)s?|half)"

_NUMBER_WORDS = rf"""
    (?P<vague>\b(?:tens|hundreds|thousands|millions|billions|dozens|scores)
        (?:\s+of\s+(?:thousands|millions|billions))?\b)
    |(?P<few>\b(?:several|a\s+few|a\s+couple\s+of)\s+(?:dozen|{_MULT})\b)
    |(?P<halfa>\bhalf\s+a\s+(?:dozen|{_MULT})\b)
    |(?P<frac>\b{_FRACTION_WORDS}\b)
    |(?P<words>\b{_WORDS}\b)
"""
_NUMBER_DIGITS = r"""
    (?P<digits>(?<![\w.,/+\-−:])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,/+\-−:])\d+(?:\.\d+)?)
"""
# A number starting with a letter is one of these, one starting with a digit is "digits": each
# start is tried with the pattern that can match there.
WORD_NUMBER_RE = re.compile(_NUMBER_WORDS, re.IGNORECASE | re.VERBOSE)
DIGIT_NUMBER_RE = re.compile(_NUMBER_DIGITS, re.IGNORECASE | re.VERBOSE)


# Where a number may start: a digit, or a word that can begin a number phrase, found by one fast
# case-sensitive scan; WORD_NUMBER_RE or DIGIT_NUMBER_RE then runs only there.
_STARTERS = {
    *_UNITS,
    *_TENS,
    *_VAGUE_BASE,
    *(f"a {w}" for w in ("few", "couple", "dozen", "hundred", "thousand", "million", "billion")),
    *(f"a {w}" for w in ("third", "quarter", "fifth", "tenth", "half")),
    "half",
    "several",
}
STARTS = WordStarts(_STARTERS, digits=True)

_QUALIFIERS = {
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "nearly": "approximately",
    "almost": "approximately",
    "close to": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "circa": "approximately",
    "approx.": "approximately",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "just over": "more_than",
    "well over": "more_than",
    "above": "more_than",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "at most": "at_most",
    "no more than": "at_most",
    "not more than": "at_most",
    "a maximum of": "at_most",
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "just under": "less_than",
    "well under": "less_than",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "between": "range",
}

CURRENCY_SYMBOLS = {
    "us$": "USD",
    "u.s.$": "USD",
    "u.s. $": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "nt$": "TWD",
    "s$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "₩": "KRW",
    "₽": "RUB",
}
CURRENCY_CODES = {
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "cny": "CNY",
    "rmb": "CNY",
    "rub": "RUB",
    "krw": "KRW",
    "kpw": "KPW",
    "jpy": "JPY",
    "aed": "AED",
    "qar": "QAR",
    "kwd": "KWD",
    "pln": "PLN",
    "chf": "CHF",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "hong kong dollars": "HKD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "singapore dollars": "SGD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rubles": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "won": "KRW",
    "south korean won": "KRW",
    "north korean won": "KPW",
    "yen": "JPY",
    "zloty": "PLN",
    "zlotys": "PLN",
    "dinars": "KWD",
    "kuwaiti dinars": "KWD",
    "riyals": "QAR",
    "qatari riyals": "QAR",
    "dirhams": "AED",
}
_SYM_ALT = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODE_ALT = "|".join(CURRENCY_CODES)
_WORD_ALT = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(CURRENCY_WORDS, key=len, reverse=True)
)
CURRENCY_LEFT_RE = re.compile(
    rf"(?:(?P<sym>{_SYM_ALT})|\b(?P<code>{_CODE_ALT})\s?)\s?$", re.IGNORECASE
)
# After the number (and its scale): "dollars", "of dollars", "US dollars", "euros", "USD".
CURRENCY_RIGHT_RE = re.compile(
    rf"\s*(?:of\s+)?(?:(?P<word>{_WORD_ALT})|(?P<code>{_CODE_ALT}))\b", re.IGNORECASE
)
# CURRENCY_RIGHT_RE is tried only where the next word begins as one of its words can.
_CURRENCY_RIGHT_INITIAL_RE = re.compile(
    "[" + "".join(sorted({w[0] for w in [*CURRENCY_WORDS, *CURRENCY_CODES, "of"]})) + "]",
    re.IGNORECASE,
)
SCALE_RIGHT_RE = re.compile(
    r"(?:\s*(?P<word>thousand|million|billion|trillion)\b|(?P<abbr>bn|mn|mln|m|k|b|tn)\b)",
    re.IGNORECASE,
)
PERCENT_RIGHT_RE = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
RANGE_RIGHT_RE = re.compile(
    rf"\s*(?P<sep>-|–|—|to)\s*(?:{_SYM_ALT})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s*(?:thousand|million|billion|trillion)\b|(?:bn|mn|m|k)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
AND_RIGHT_RE = re.compile(
    rf"\s+and\s+(?:{_SYM_ALT})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s*(?:thousand|million|billion|trillion)\b|(?:bn|mn|m|k)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
MONTH_RIGHT_RE = re.compile(rf"\s*(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b", re.IGNORECASE)
# "Resolution 2371", "No. 117", "Tier 2", "Bureau 39", "H.R. 757": labels, not quantities.
TIME_RIGHT_RE = re.compile(r"(?::\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|hours?\b|hrs\b))", re.I)

_WORD_SEPARATOR_RE = re.compile(r"[\s-]+")
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


def word_value(phrase: str) -> Decimal | None:
    """The value of a number phrase in words: "two hundred thousand" -> 200000."""
    words = _WORD_SEPARATOR_RE.split(folded(phrase))
    total = 0
    current = 0
    seen = False
    if words[:2] == ["half", "a"]:
        rest = word_value(" ".join(["a", *words[2:]]))
        return None if rest is None else rest / 2
    for w in words:
        if w in ("a", "an"):
            current = max(current, 1)
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += max(current, 1) * SCALES[w]
            current = 0
        elif w == "and":
            continue
        else:
            return None
    if not seen and not total and not current:
        return None
    return Decimal(total + current)


def _vague_range(phrase: str) -> tuple[Decimal, Decimal]:
    words = folded(phrase).split()
    base = _VAGUE_BASE[words[0]]
    if len(words) >= 3:  # "tens of thousands", "hundreds of millions"
        base *= SCALES[words[-1][:-1]]
    if words[0] == "dozens":
        return Decimal(24), Decimal(99)
    if words[0] == "scores":
        return Decimal(40), Decimal(99)
    return Decimal(base), Decimal(base * 10 - 1)


def _few_range(phrase: str) -> tuple[Decimal, Decimal]:
    words = folded(phrase).split()
    unit = 12 if words[-1] == "dozen" else SCALES[words[-1]]
    if words[0] == "several":
        return Decimal(3 * unit), Decimal(9 * unit)
    if words[1] == "couple":
        return Decimal(2 * unit), Decimal(3 * unit)
    return Decimal(2 * unit), Decimal(5 * unit)


def _fraction_value(phrase: str) -> Decimal | None:
    key = _WORD_SEPARATOR_RE.sub(" ", folded(phrase))
    if key.endswith("s") and key not in _FRACTIONS:
        key = key[:-1]
    value = _FRACTIONS.get(key)
    if value is None and key.startswith(("one ", "a ")) and key.endswith("s"):
        value = _FRACTIONS.get(key[:-1])
    return value


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
        low, high = _vague_range(raw)
        vague = True
        qualifier = "vague"
        scaled = True
    elif kind == "few":
        low, high = _few_range(raw)
        vague = True
        qualifier = "vague"
        scaled = True
    else:  # frac
        value = _fraction_value(raw)
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
            if after in _SCALE_INITIALS
            else None
        )
        if sc is not None:
            name = lexicon_word(sc.group("word") or sc.group("abbr"))
            abbr = sc.group("abbr") is not None
            # "5m" and "5k" only count as scales with money ("$5m"); "5 m" is metres.
            if not abbr or _currency_left(text, s) is not None:
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
    cur = _currency_left(text, s)
    if cur is not None:
        sym = cur.group("sym") or cur.group("code")
        number.currency = CURRENCY_SYMBOLS.get(sym.lower()) or CURRENCY_CODES.get(sym.lower())
        number.start = cur.start()

    # A range: "2,000-3,000", "$200-500 million", "70 to 90 percent".
    left_of_numeral = _left_words(text, s)
    left_start = number.start
    left = left_of_numeral if left_start == s else _left_words(text, left_start)
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
    q = _qualifier_left(lowered)
    if q is not None:
        qual, words = q
        q_start = _word_start(text, left_start, words)
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
            if first.isalpha() and _CURRENCY_RIGHT_INITIAL_RE.match(first)
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
    if kind == "digits" and _is_identifier_word(last, text[s - 1 : s]):
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
        left = _left_words(text, number.start)
    if left and left[-1].lower() in _NEGATIONS:
        number.negated = True
    return number


_SYMBOL_CHARS = "$€£¥₩₽"
_SCALE_INITIALS = frozenset("tmbkTMB")
MONTH_NAMES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ]
)
_NEGATIONS = frozenset(["not", "no", "nor", "without", "never", "zero"])
# Words before a number that make it a label ("Resolution 2371", "No. 117", "Tier 2").
IDENTIFIER_WORDS = frozenset(
    [
        "resolution",
        "resolutions",
        "no",
        "nos",
        "number",
        "order",
        "orders",
        "section",
        "article",
        "articles",
        "tier",
        "bureau",
        "room",
        "unit",
        "chapter",
        "page",
        "pages",
        "flight",
        "route",
        "highway",
        "paragraph",
        "para",
        "decree",
        "law",
        "act",
        "item",
        "annex",
        "appendix",
        "grade",
        "level",
        "phase",
        "category",
        "class",
        "code",
        "file",
        "case",
        "version",
        "vol",
        "volume",
        "issue",
        "episode",
        "season",
        "floor",
        "gate",
        "block",
        "ward",
        "district",
        "zone",
        "camp",
        "hall",
        "lot",
        "unsc",
        "unscr",
        "h.r",
        "h.r.",
        "s/res/",
        "#",
    ]
)


def _left_words(text: str, pos: int, span: int = 40, count: int = 3) -> list[str]:
    """The last few whitespace-separated words of the span characters before pos (three are
    all a qualifier needs)."""
    return text[max(0, pos - span) : pos].rsplit(None, count)[-count:]


def _word_start(text: str, pos: int, k: int, span: int = 40) -> int:
    """Where the k-th of _left_words(text, pos) from the end begins (found for a qualifier
    only: most numbers have none)."""
    seg_start = max(0, pos - span)
    seg = text[seg_start:pos]
    at = len(seg)
    for word in reversed(_left_words(text, pos, span)[-k:]):
        at = seg.rfind(word, 0, at)
    return seg_start + at


def _qualifier_left(lowered: list[str]) -> tuple[str, int] | None:
    """The qualifier written just before a number ("about", "more than", "as many as"), from
    the last words before it in lower case, and how many words it takes."""
    if not lowered or lowered[-1] not in _QUALIFIER_ENDS:
        return None  # most numbers: no qualifier ends in the word before them
    for k in (3, 2, 1):
        if len(lowered) >= k:
            qual = _QUALIFIERS.get(" ".join(lowered[-k:]))
            if qual is not None:
                if (
                    k == 1
                    and lowered[-1] in ("over", "under")
                    and len(lowered) >= 2
                    and lowered[-2] in _PARTICLE_VERBS
                ):
                    return None  # "hand over $800", "paid under 500"
                return qual, k
    return None


_QUALIFIER_ENDS = frozenset(q.split()[-1] for q in _QUALIFIERS)


# Verbs whose particle looks like a qualifier: "hand over $800" is not "more than $800".
_PARTICLE_VERBS = frozenset(
    [
        "hand",
        "hands",
        "handed",
        "handing",
        "turn",
        "turns",
        "turned",
        "turning",
        "pass",
        "passes",
        "passed",
        "give",
        "gives",
        "gave",
        "paid",
        "pay",
        "pays",
        "sign",
        "signs",
        "signed",
        "signing",
        "fork",
        "forks",
        "forked",
    ]
)


def _currency_left(text: str, s: int):
    prev = text[s - 1 : s]
    prev2 = text[s - 2 : s - 1]
    if prev in _SYMBOL_CHARS or (prev == " " and (prev2 in _SYMBOL_CHARS or prev2.isupper())):
        return CURRENCY_LEFT_RE.search(text, max(0, s - 6), s)
    return None


def _is_identifier_word(word: str, prev_char: str) -> bool:
    if prev_char == "#":
        return True
    low = word.lower()
    return low in IDENTIFIER_WORDS or low.rstrip(".:") in IDENTIFIER_WORDS
