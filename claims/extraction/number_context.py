"""What sits by a numeral: qualifiers, scales, ranges, percent signs, months, times, labels."""

from __future__ import annotations

import re

from claims.extraction.currency import SYMBOL_ALT

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

# SCALE_RIGHT_RE is tried only where the next letter begins as one of its words can.
SCALE_INITIALS = frozenset("tmbkTMB")
SCALE_RIGHT_RE = re.compile(
    r"(?:\s*(?P<word>thousand|million|billion|trillion)\b|(?P<abbr>bn|mn|mln|m|k|b|tn)\b)",
    re.IGNORECASE,
)
PERCENT_RIGHT_RE = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
RANGE_RIGHT_RE = re.compile(
    rf"\s*(?P<sep>-|–|—|to)\s*(?:{SYMBOL_ALT})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s*(?:thousand|million|billion|trillion)\b|(?:bn|mn|m|k)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
AND_RIGHT_RE = re.compile(
    rf"\s+and\s+(?:{SYMBOL_ALT})?\s*(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s*(?:thousand|million|billion|trillion)\b|(?:bn|mn|m|k)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
MONTH_RIGHT_RE = re.compile(rf"\s*(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b", re.IGNORECASE)
# "10:30", "9 a.m.", "8 hours": a time of day or a duration, not a quantity of people or money.
TIME_RIGHT_RE = re.compile(r"(?::\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|hours?\b|hrs\b))", re.I)

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
NEGATIONS = frozenset(["not", "no", "nor", "without", "never", "zero"])
# Words before a number that make it a label, not a quantity ("Resolution 2371", "No. 117",
# "Tier 2", "Bureau 39", "H.R. 757").
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


def left_words(text: str, pos: int, span: int = 40, count: int = 3) -> list[str]:
    """The last few whitespace-separated words of the span characters before pos (three are
    all a qualifier needs)."""
    return text[max(0, pos - span) : pos].rsplit(None, count)[-count:]


def word_start(text: str, pos: int, k: int, span: int = 40) -> int:
    """Where the k-th of left_words(text, pos) from the end begins (found for a qualifier
    only: most numbers have none)."""
    seg_start = max(0, pos - span)
    seg = text[seg_start:pos]
    at = len(seg)
    for word in reversed(left_words(text, pos, span)[-k:]):
        at = seg.rfind(word, 0, at)
    return seg_start + at


def qualifier_left(lowered: list[str]) -> tuple[str, int] | None:
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


def is_identifier_word(word: str, prev_char: str) -> bool:
    if prev_char == "#":
        return True
    low = word.lower()
    return low in IDENTIFIER_WORDS or low.rstrip(".:") in IDENTIFIER_WORDS
