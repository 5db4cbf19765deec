"""Numerals: number words and their values, and the patterns that find digits and words."""

from __future__ import annotations

import re
from decimal import Decimal

from claims.extraction.patterns import WordStarts, folded

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

_WORD_SEPARATOR_RE = re.compile(r"[\s-]+")


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


def vague_range(phrase: str) -> tuple[Decimal, Decimal]:
    words = folded(phrase).split()
    base = _VAGUE_BASE[words[0]]
    if len(words) >= 3:  # "tens of thousands", "hundreds of millions"
        base *= SCALES[words[-1][:-1]]
    if words[0] == "dozens":
        return Decimal(24), Decimal(99)
    if words[0] == "scores":
        return Decimal(40), Decimal(99)
    return Decimal(base), Decimal(base * 10 - 1)


def few_range(phrase: str) -> tuple[Decimal, Decimal]:
    words = folded(phrase).split()
    unit = 12 if words[-1] == "dozen" else SCALES[words[-1]]
    if words[0] == "several":
        return Decimal(3 * unit), Decimal(9 * unit)
    if words[1] == "couple":
        return Decimal(2 * unit), Decimal(3 * unit)
    return Decimal(2 * unit), Decimal(5 * unit)


def fraction_value(phrase: str) -> Decimal | None:
    key = _WORD_SEPARATOR_RE.sub(" ", folded(phrase))
    if key.endswith("s") and key not in _FRACTIONS:
        key = key[:-1]
    value = _FRACTIONS.get(key)
    if value is None and key.startswith(("one ", "a ")) and key.endswith("s"):
        value = _FRACTIONS.get(key[:-1])
    return value
