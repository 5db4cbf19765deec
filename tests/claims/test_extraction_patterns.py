"""The fast scanning helpers (claims.extraction.patterns, and the shortcuts of dates, context,
attribution and the pipeline) find what the plain patterns find."""

import datetime
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction.attribution import _is_plain, _tidy
from claims.extraction.context import (
    _CONJ_NO_DASH_RE,
    _CONJ_RE,
    _REPORTED_DATE_RE,
    _STOP_RE,
    _reported,
    _stops,
)
from claims.extraction.dates import LEFT_RE, _left_of, find_dates
from claims.extraction.document import Document
from claims.extraction.number_context import left_words, word_start
from claims.extraction.patterns import Bounded, WordStarts, charset_first, first_chars
from claims.extraction.pipeline import find_starts

WORDS = ["two", "ten", "tens", "a few", "half", "Jan", "resolution", "sent home"]
# Texts made of pieces that sit at the edges the scans care about: digits runs, punctuation
# right before or after a word, words glued together, underscores, accented letters.
PIECES = [*WORDS, "2017", "6,064", "1.5", ",", ".", " ", "\n", "-", "_", "é", "x", "Two", "TWO"]
# Letters that a case-insensitive pattern matches with "s", "k" and "i".
PIECES += ["ſent home", "Kept", "ın", "İn", "in", "kept"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def _plain_starts(pattern: re.Pattern, text: str, start: int) -> list[int]:
    return [m.start() for m in pattern.finditer(text, start)]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, start=st.integers(min_value=0, max_value=4))
def test_word_starts_find_what_charset_first_finds(text, start):
    start = min(start, len(text))
    for end_boundary in (True, False):
        for digits in (True, False):
            plain = re.compile(
                charset_first(
                    WORDS, end_boundary=end_boundary, digits=r"\d[\d,.]*" if digits else ""
                )
            )
            fast = WordStarts(WORDS, end_boundary=end_boundary, digits=digits)
            assert list(fast.starts(text, start, len(text))) == _plain_starts(plain, text, start)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_a_union_of_word_starts_tags_what_each_finds_alone(text):
    numbers = WordStarts(["two", "ten", "tens", "a few", "half"], digits=True)
    topic = WordStarts(["resolution", "sent home"], end_boundary=False)
    union = WordStarts.union(number=numbers, topic=topic)
    end = len(text)
    tagged = list(union.tagged(text, 0, end))
    assert [at for at, name in tagged if name != "topic"] == list(numbers.starts(text, 0, end))
    assert [at for at, name in tagged if name == "topic"] == list(topic.starts(text, 0, end))


def test_a_union_refuses_words_that_begin_one_another():
    with pytest.raises(ValueError):
        WordStarts.union(a=WordStarts(["ten"]), b=WordStarts(["tens"]))
    with pytest.raises(ValueError):
        WordStarts.union(a=WordStarts(["one"], digits=True), b=WordStarts(["two"], digits=True))


BOUNDED = [
    (r"\b(?:two|tens?|a\s+few)\b", 0, (), ""),
    (r"\b(?:two|tens?|a\s+few)\b", re.IGNORECASE, (), ""),
    (r"\b(?:half|resolution)(?:\s+\w+){0,2}\s*$", re.IGNORECASE, (), ""),
    (r"\b[Tt](?:wo|en)\b", 0, ("wo", "en"), "Tt"),
    (r"\b(?:two|tens?|a\s+few)\b", 0, ("two", "ten", "few", "xyz"), ""),
    (r"\b(?:sent\s+home|kept|in|a\s+few)\b", re.IGNORECASE, (), ""),
]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, start=st.integers(min_value=0, max_value=4))
def test_bounded_patterns_match_as_the_plain_pattern(text, start):
    start = min(start, len(text))
    for pattern, flags, needles, first in BOUNDED:
        plain = re.compile(pattern, flags)
        fast = Bounded(pattern, flags, needles=needles, first=first)
        expected = [m.span() for m in plain.finditer(text, start)]
        assert [m.span() for m in fast.finditer(text, start)] == expected
        found = fast.search(text, start)
        assert (found.span() if found else None) == (expected[0] if expected else None)


def test_first_chars_of_a_pattern():
    assert first_chars(r"(?:sent\s+home|kept|in)\b") == "iks"
    assert first_chars(r"\b(?:[Ll]ocal|Foreign)?\s*(?:x|y)") == ""  # may begin with a space
    assert first_chars(r"(?:a|b)?c") == "abc"
    assert first_chars(r"\w+") == ""
    assert first_chars(r"(?:a|)") == ""
    assert first_chars(r"(?-i:a)b", re.IGNORECASE) == ""


def test_bounded_needs_a_leading_word_boundary():
    with pytest.raises(ValueError):
        Bounded(r"(?:two|ten)\b")


LEFT_PIECES = [
    *(
        "as of",
        "since",
        "In",
        "BY",
        "the",
        "The",
        "early",
        "mid",
        "mid-",
        "late",
        "last",
        "this past",
    ),
    *("bathe", "chocolate", "said", "again", "2015", "-", " ", "  ", "\n", ",", "ſince", "İn"),
]


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(st.sampled_from(LEFT_PIECES), max_size=10).map("".join),
    lo=st.integers(min_value=0, max_value=6),
)
def test_the_words_left_of_a_date_are_what_left_re_finds(text, lo):
    lo = min(lo, len(text))
    plain = LEFT_RE.search(text, lo, len(text))
    fast = _left_of(text, lo, len(text))
    if fast is None:
        assert plain.group() == ""  # an empty match tells resolve_match nothing
    else:
        assert (fast.span(), fast.groupdict()) == (plain.span(), plain.groupdict())


REPORTED_WORDS = ["said", "SAID", "ſaid", "(told", "on", "Thursday", "it's", "U.N.", "x,", "y"]
# Mostly words a statement's date may follow ("said on Thursday"), at most 80 characters.
REPORTED_TEXTS = st.lists(
    st.tuples(
        st.sampled_from([*REPORTED_WORDS, *["on", "the"] * 8]),
        st.sampled_from([" ", " ", " ", "  ", "\n", ""]),
    ),
    max_size=16,
).map(lambda words: "".join(w + sep for w, sep in words)[-80:])


@settings(max_examples=1000, deadline=None)
@given(text=REPORTED_TEXTS, lo=st.integers(min_value=0, max_value=6))
def test_a_reported_date_is_what_the_plain_pattern_finds(text, lo):
    plain = _REPORTED_DATE_RE.pattern.search(text, max(lo, len(text) - 80), len(text))
    assert _reported(text, lo, len(text)) == (plain is not None)


DATE_PIECES = ["5 August 2017", "the end of", "in", "2015", "1,5", "May", "last year", "since"]
DATE_PIECES += ["a few", "sent", "home by", "pre-pandemic", "Monday", "6,064", "x" * 300, "y"]
DATE_PIECES += [" ", " ", " ", ". ", ", ", "\n", "-", "’"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(DATE_PIECES), max_size=40).map("".join))
@example(text="x" * 798 + "1,5 May 2017 is a date.")  # a sentence cut inside "1,5"
def test_dates_from_the_scan_of_the_whole_text_are_those_of_each_sentence(text):
    doc = Document(text, datetime.date(2017, 8, 10))
    find_starts(doc)
    for s, e in doc.sentences:
        expected = find_dates(text, s, e, doc.published)
        assert find_dates(text, s, e, doc.published, doc._date_starts_in(s, e)) == expected


SOURCE_WORDS = ["Mariam", "Dabrowska", "officials", "the", "The", "ministry", "of", "Labour"]
SOURCE_WORDS += ["estimate", "Estimates", "said", "last", "Monday", "on", "AP", "in", "a"]
SOURCE_WORDS += ["statement", "had", "also", "Kuwait's", "2015", "which", "And", "ANd", "own"]
SOURCE_WORDS += ["people", "with", "matter", "as", "well", "regime", "it", "that", "Statistics"]


@settings(max_examples=1000, deadline=None)
@given(
    words=st.lists(st.sampled_from(SOURCE_WORDS), min_size=1, max_size=6),
    separator=st.sampled_from([" ", " ", "  ", "\t", ", "]),
)
@example(words=["also", "Mariam", "Dabrowska", "Office"], separator=" ")
@example(words=["Mariam", "Dabrowska", "last", "Monday"], separator=" ")
@example(words=["Mariam", "and", "the", "regime"], separator=" ")
@example(words=["Mariam", "as", "well"], separator=" ")
def test_a_plain_source_is_what_tidying_leaves_it(words, separator):
    np = separator.join(words)
    if _is_plain(np):
        assert _tidy(np) == np


STOP_PIECES = ["x", " ", ", ", ",", "; ", ":", "(", "]", " - ", "-", " — ", "–", ", and ", "6,000"]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(STOP_PIECES), max_size=12).map("".join))
def test_clause_stops_without_dashes_are_those_with(text):
    for lo in range(min(3, len(text) + 1)):
        expected = [m.span() for m in _STOP_RE.finditer(text, lo)]
        assert [m.span() for m in _stops(text, lo, len(text)).finditer(text, lo)] == expected
        dashless = "—" not in text[lo:] and "–" not in text[lo:]
        if dashless:
            expected = [m.span() for m in _CONJ_RE.finditer(text, lo)]
            assert [m.span() for m in _CONJ_NO_DASH_RE.finditer(text, lo)] == expected


def _left_words_with_starts(text, pos, span=40):
    """(start, word) for the last three whitespace-separated words before pos, as numbers once
    read them."""
    seg_start = max(0, pos - span)
    seg = text[seg_start:pos]
    out, end = [], len(seg)
    for word in reversed(seg.split()[-3:]):
        end = seg.rfind(word, 0, end)
        out.append((seg_start + end, word))
    return out[::-1]


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["about", "No.", "x" * 30, "Feb.", "6,000", " ", "  ", "\n"])
    ).map("".join),
    pos=st.integers(min_value=0, max_value=80),
)
def test_the_words_left_of_a_number_are_where_they_were(text, pos):
    pos = min(pos, len(text))
    expected = _left_words_with_starts(text, pos)
    assert left_words(text, pos) == [w for _, w in expected]
    for k in range(1, len(expected) + 1):
        assert word_start(text, pos, k) == expected[-k][0]
    adjacent = bool(expected) and expected[-1][0] + len(expected[-1][1]) >= pos - 1
    assert adjacent == (bool(expected) and not text[max(0, pos - 2) : pos].isspace())
