"""Sanctions instruments: their usual spellings, and the dates and labour provisions of the
ones this reporting cites, so that an unnamed instrument can be inferred.

"Resolution 2371", "UNSC resolution 2375", "UNSCR 2397", "Security Council resolution 2397 (2017)",
"resolutions 2371 and 2375" -> "UNSCR nnnn"; "Executive Order 13722" -> "EO 13722";
"H.R. 757" -> "H.R. 757".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from claims.extraction.patterns import charset_first

# Adoption (or signing) dates.
ADOPTED = {
    "UNSCR 1695": datetime.date(2006, 7, 15),
    "UNSCR 1718": datetime.date(2006, 10, 14),
    "UNSCR 1874": datetime.date(2009, 6, 12),
    "UNSCR 2087": datetime.date(2013, 1, 22),
    "UNSCR 2094": datetime.date(2013, 3, 7),
    "UNSCR 2270": datetime.date(2016, 3, 2),
    "UNSCR 2321": datetime.date(2016, 11, 30),
    "UNSCR 2356": datetime.date(2017, 6, 2),
    "UNSCR 2371": datetime.date(2017, 8, 5),
    "UNSCR 2375": datetime.date(2017, 9, 11),
    "UNSCR 2397": datetime.date(2017, 12, 22),
    "EO 13382": datetime.date(2005, 6, 28),
    "EO 13466": datetime.date(2008, 6, 26),
    "EO 13551": datetime.date(2010, 8, 30),
    "EO 13570": datetime.date(2011, 4, 18),
    "EO 13687": datetime.date(2015, 1, 2),
    "EO 13722": datetime.date(2016, 3, 15),
    "EO 13810": datetime.date(2017, 9, 20),
    "H.R. 757": datetime.date(2016, 2, 18),
}
# The labour provision each UN resolution introduced, and the other way round.
LABOUR_PROVISION = {
    "UNSCR 2371": "cap_work_authorizations",
    "UNSCR 2375": "ban_new_work_authorizations",
    "UNSCR 2397": "repatriation",
}
PROVISION_INSTRUMENT = {v: k for k, v in LABOUR_PROVISION.items()}

_YEAR_NOTE = r"(?:\s*\((?:19|20)\d{2}\))?"
_OF_DATE = r"(?:\s+of\s+(?:\d{1,2}\s+)?[A-Z][a-z]+\.?(?:\s+\d{1,2},?)?\s+(?:19|20)\d{2})?"
INSTRUMENT_RE = re.compile(
    rf"""
    (?P<unscr>\b(?:UNSCR|UNSC\s+[Rr]esolutions?|S/RES/|(?:(?:U\.?N\.?|United\s+Nations)\s+)?
        (?:Security\s+Council\s+)?[Rr]esolutions?)\s*(?:No\.?\s*|number\s+)?(?P<num>[12]\d{{3}})
        (?!\d|,\d)(?:/\d{{4}})?{_YEAR_NOTE}
        (?P<more>(?:{_OF_DATE}(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s*and\s+)(?:[Rr]esolution\s+)?
            [12]\d{{3}}(?!\d|,\d){_YEAR_NOTE})*){_OF_DATE})
    |(?P<eo>\b(?:Executive\s+Order|E\.O\.|EO)\s*(?:No\.?\s*)?(?P<eonum>1\d{{4}})\b)
    |(?P<hr>\bH\.\s?R\.\s?(?P<hrnum>\d{{1,4}})\b)
    """,
    re.VERBOSE,
)
_LIST_NUM_RE = re.compile(r"(?<![\d/])([12]\d{3})(?!\d|,\d)")


@dataclass(frozen=True, slots=True)
class InstrumentMention:
    start: int
    end: int
    codes: tuple[str, ...]


TRIGGER_RE = re.compile(
    charset_first(
        ["resolution"],
        ["UNSC", "S/RES/", "Executive Order", "E.O.", "EO", "H.R.", "H. R."],
        end_boundary=False,
    )
)


# Every TRIGGER_RE match holds one of these: a text with none is not scanned (about half are not).
_TRIGGER_NEEDLES = ("esolution", "UNSC", "S/RES/", "Executive", "E.O.", "EO", "H.")


def _candidates(text: str, start: int, end: int):
    """INSTRUMENT_RE matches around the (rare) trigger words only."""
    if not any(text.find(needle, start, end) >= 0 for needle in _TRIGGER_NEEDLES):
        return
    last = start
    for t in TRIGGER_RE.finditer(text, start, end):
        if t.start() < last:
            continue
        lo = max(last, t.start() - 40)
        for m in INSTRUMENT_RE.finditer(text, lo, min(end, t.end() + 160)):
            if m.end() <= t.start() or m.start() > t.end():
                continue
            yield m
            last = m.end()
            break


def find_instruments(text: str, start: int = 0, end: int | None = None) -> list[InstrumentMention]:
    """Named sanctions instruments in text[start:end]."""
    end = len(text) if end is None else end
    found = []
    for m in _candidates(text, start, end):
        if m.group("unscr"):
            codes = [f"UNSCR {m.group('num')}"]
            more = m.group("more") or ""
            years = set(re.findall(r"\((\d{4})\)", more))
            for n in _LIST_NUM_RE.findall(re.sub(r"\s+of\s+[^,]*?(?:19|20)\d{2}", " ", more)):
                if n not in years:
                    codes.append(f"UNSCR {n}")
            found.append(InstrumentMention(m.start(), m.end(), tuple(dict.fromkeys(codes))))
        elif m.group("eo"):
            found.append(InstrumentMention(m.start(), m.end(), (f"EO {m.group('eonum')}",)))
        else:
            found.append(InstrumentMention(m.start(), m.end(), (f"H.R. {m.group('hrnum')}",)))
    return found


def adopted_between(low: datetime.date, high: datetime.date, *, un_only: bool = True) -> list[str]:
    """Instruments adopted within [low, high] (a day either side allowed)."""
    slack = datetime.timedelta(days=1)
    return [
        code
        for code, day in ADOPTED.items()
        if low - slack <= day <= high + slack and (code.startswith("UNSCR") or not un_only)
    ]


def latest_before(day: datetime.date, within_days: int) -> str | None:
    """The UN resolution adopted most recently before day, if within the given number of days."""
    best = None
    for code, adopted in ADOPTED.items():
        if not code.startswith("UNSCR"):
            continue
        recent = adopted <= day and (day - adopted).days <= within_days
        if recent and (best is None or adopted > ADOPTED[best]):
            best = code
    return best
