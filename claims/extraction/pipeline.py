"""The extraction pipeline: numbers first, then the per-kind rules around them."""

from __future__ import annotations

import datetime

from claims.extraction import dates, remittance, sanctions, worker_count
from claims.extraction.dates import parse_iso
from claims.extraction.document import Document
from claims.extraction.instruments import find_instruments
from claims.extraction.lexicon import NK_RE
from claims.extraction.model import ExtractedClaim
from claims.extraction.numbers import find_numbers
from claims.extraction.numerals import STARTS
from claims.extraction.patterns import WordStarts

_KIND_ORDER = {"worker_count": 0, "remittance": 1, "sanctions_clause": 2}
# Where numbers, sanctions topic words and dates begin, found in one scan of the text.
_TRIGGERS = WordStarts.union(number=STARTS, topic=sanctions.TOPIC, date=dates.WORD_STARTS)


def extract(text: str, published: datetime.date | str | None = None) -> list[ExtractedClaim]:
    """The claims of one text, in text order.

    published is the article's publication date (a datetime.date; "YYYY-MM-DD" or "YYYY-MM" are
    accepted too); relative dates ("last week", "July last year") are resolved against it.
    Every claim satisfies text[claim.start:claim.end] == claim.quote.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    published = parse_iso(published)
    # Every claim is about North Korean workers: a text that never names North Korea (or the
    # DPRK, Pyongyang, Kim Jong Un) has none.
    if not NK_RE.search(text):
        return []
    doc = Document(text, published)
    number_starts, topic_starts = find_starts(doc)
    numbers = find_numbers(text, 0, doc.limit, number_starts)
    instruments = find_instruments(text, 0, doc.limit)
    if instruments:
        spans = [(m.start, m.end) for m in instruments]
        for number in numbers:
            if any(s <= number.num_start < e for s, e in spans):
                number.identifier = True
    doc.set_numbers(numbers)
    workers = worker_count.extract(doc, numbers)
    claims = workers + remittance.extract(doc, numbers, workers)
    claims += sanctions.extract(doc, instruments, topic_starts)
    claims.sort(key=lambda c: (c.start, _KIND_ORDER[c.kind], c.end))
    return claims


def find_starts(doc: Document) -> tuple[list[int], list[int]]:
    """Where numbers and sanctions topic words begin in doc; where dates may begin is kept in
    doc.date_starts."""
    text = doc.text
    number_starts: list[int] = []
    topic_starts: list[int] = []
    date_starts: list[int] = []
    for at, found in _TRIGGERS.tagged(text, 0, doc.limit):
        if found == "number":
            number_starts.append(at)
            if text[at].isdigit():
                date_starts.append(at)  # a date may begin with digits too
        elif found == "topic":
            topic_starts.append(at)
        else:
            date_starts.append(at)
    doc.date_starts = date_starts
    return number_starts, topic_starts
