"""Dates in the text, resolved against the publication date.

"January this year" in a 2017 article is 2017-01, "July last year" 2016-07, "as of 2017" 2017,
"since 2019" 2019, "last week" the seven days before the week of publication, "before the
pandemic" 2019, "on Saturday" the last Saturday on or before publication.
Each date carries the interval it covers, so that an event can be matched to a date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from claims.extraction.patterns import WordStarts, folded

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}

# Month names must be capitalised ("may" and "march" are also verbs). Every pattern starts at a
# distinctive token (a digit, a month, a weekday, a few relative words) and is case-sensitive,
# which keeps the scan fast; words before it ("as of", "since", "the end of", "early") are read
# by LEFT_RE once a date is found.
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_YEAR = r"\b(?<![\d,.$€£])(?:19|20)\d{2}"
_DAY = r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_POS = (
    r"(?P<pos>[Ee]nd|[Ss]tart|[Bb]eginning|[Mm]iddle|[Cc]lose|[Ff]irst\s+half|[Ss]econd\s+half"
    r"|[Tt]urn)"
)

_PATTERNS = [
    ("dmy", rf"{_DAY}\s+(?:of\s+)?(?P<mon>{_MONTH})(?!\w),?\s+(?P<y>{_YEAR})\b"),
    ("dm", rf"{_DAY}\s+(?:of\s+)?(?P<mon>{_MONTH})(?!\w)"),
    ("y", rf"(?P<y>{_YEAR})\b(?![-–/]\d|,\d)"),
    ("mdy", rf"(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b"),
    ("my", rf"(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
    (
        "mrel",
        rf"(?P<mon>{_MONTH})\s+(?:of\s+)?(?P<rel>this|last|next|the\s+previous|the\s+following)"
        r"\s+year\b",
    ),
    ("md", rf"(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d\d)"),
    ("bare_month", rf"(?P<mon>{_MONTH})(?!\w)(?!\s+\d)"),
    ("posy", rf"{_POS}\s+of\s+(?P<y>{_YEAR})\b"),
    ("posm", rf"{_POS}\s+of\s+(?P<mon>{_MONTH})(?!\w)(?:,?\s+(?P<y>{_YEAR})\b)?"),
    ("posrel", rf"{_POS}\s+of\s+(?P<rel>this|last|next)\s+year\b"),
    (
        "season_y",
        rf"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\s+(?:of\s+)?(?P<y>{_YEAR})\b",
    ),
    (
        "rel",
        r"\b(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Pp]revious|[Pp]ast)\s+"
        r"(?P<unit>year|month|week|weekend|spring|summer|autumn|fall|winter)\b",
    ),
    ("weekday", r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ("deictic", r"\b(?P<deictic>[Yy]esterday|[Tt]oday)\b"),
    (
        "pandemic",
        r"\b(?P<pan>(?:[Bb]efore|[Ss]ince|[Dd]uring)\s+the\s+(?:(?:[Cc]ovid|COVID)(?:-19)?\s+)?"
        r"pandemic|[Pp]re-pandemic)\b",
    ),
]


def _alternation(names) -> re.Pattern:
    return re.compile(
        "|".join(
            f"(?P<k_{name}>{pattern.replace('(?P<', f'(?P<{name}_')})"
            for name, pattern in _PATTERNS
            if name in names
        )
    )


_DIGIT_PATTERNS = ("dmy", "dm", "y")
DATE_RE = _alternation([name for name, _ in _PATTERNS])
# Tried where a date starts with a digit, and where it starts with a word.
DIGIT_DATE_RE = _alternation(_DIGIT_PATTERNS)
WORD_DATE_RE = _alternation([name for name, _ in _PATTERNS if name not in _DIGIT_PATTERNS])
# Where a date may start; DATE_RE is tried only there.
_TRIGGER_WORDS = [
    "end",
    "start",
    "beginning",
    "middle",
    "close",
    "turn",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "this",
    "last",
    "next",
    "previous",
    "past",
    "yesterday",
    "today",
    "before",
    "since",
    "during",
    "pre-pandemic",
    "first",
    "second",
]
_MONTH_PREFIXES = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
STARTS = WordStarts(_TRIGGER_WORDS, _MONTH_PREFIXES + _WEEKDAYS, end_boundary=False, digits=True)
# The same words without the digits, for the pipeline's one scan of the text.
WORD_STARTS = WordStarts(_TRIGGER_WORDS, _MONTH_PREFIXES + _WEEKDAYS, end_boundary=False)
LEFT_RE = re.compile(
    r"(?:\b(?P<lead>as\s+of|since|by|until|till|before|after|in|from|through|during|on|at|for)\s+)?"
    r"(?:the\s+)?(?:(?P<part>early|late|mid)-?\s*)?(?:(?P<rel>last|this)\s+(?:past\s+)?)?$",
    re.IGNORECASE,
)
# Every word a match of LEFT_RE covers (in part, as "bathe" gives "the ") ends in one of these.
_LEFT_WORD_ENDS = (
    "as",
    "of",
    "since",
    "by",
    "until",
    "till",
    "before",
    "after",
    "in",
    "from",
    "through",
    "during",
    "on",
    "at",
    "for",
    "the",
    "early",
    "late",
    "mid",
    "-",
    "last",
    "this",
    "past",
)

_SPACES_RE = re.compile(r"\s+")


def _left_of(text: str, lo: int, pos: int) -> re.Match | None:
    """LEFT_RE's match in text[lo:pos], or None where it can only be empty. The pattern is tried
    at every position, which costs much more than the few words it can cover: it is searched
    only over the run of words before pos that end as its words do (read in lower case, so only
    in ASCII, where that is what its case-insensitive match does)."""
    window = text[lo:pos]
    if window.isascii():
        lowered = window.lower()
        at = len(lowered)
        for word in reversed(lowered.split()):
            if not word.endswith(_LEFT_WORD_ENDS):
                break
            at = lowered.rfind(word, 0, at)
        if at == len(lowered):
            return None
        lo += at
    return LEFT_RE.search(text, lo, pos)


class DateRef(NamedTuple):
    """A date written in a text and the interval it covers (a named tuple, as places are)."""

    start: int
    end: int
    value: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when it cannot be resolved
    low: datetime.date | None
    high: datetime.date | None
    lead: str | None  # "since", "as of", "by", "before", ...

    @property
    def precision(self) -> str | None:
        if not self.value:
            return None
        return {1: "year", 2: "month", 3: "day"}[self.value.count("-") + 1]


def _month(name: str) -> int:
    return MONTHS[folded(name)[:3]]


# Months and years recur in every text: their intervals are made once.
@lru_cache(maxsize=4096)
def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@lru_cache(maxsize=4096)
def _month_ref(year: int, month: int) -> tuple[str, datetime.date, datetime.date]:
    return (
        f"{year:04d}-{month:02d}",
        datetime.date(year, month, 1),
        datetime.date(year, month, _last_day(year, month)),
    )


@lru_cache(maxsize=1024)
def _year_ref(year: int) -> tuple[str, datetime.date, datetime.date]:
    return f"{year:04d}", datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _day_ref(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    return day.isoformat(), day, day


def _guess_year(month: int, day: int | None, published: datetime.date | None) -> int | None:
    """The year of a month (and day) named without one: the latest not far after publication."""
    if published is None:
        return None
    year = published.year
    probe = datetime.date(year, month, min(day or 1, _last_day(year, month)))
    if probe > published + datetime.timedelta(days=31):
        year -= 1
    return year


def _relative_year(rel: str, published: datetime.date | None) -> int | None:
    if published is None:
        return None
    rel = folded(rel.split()[-1])
    return published.year + {"this": 0, "last": -1, "previous": -1, "next": 1, "following": 1}[rel]


def resolve_match(
    m: re.Match, published: datetime.date | None, left: re.Match | None = None
) -> DateRef | None:
    name = (m.lastgroup or "k_")[2:]

    def g(group: str) -> str | None:
        return m.group(f"{name}_{group}") if f"{name}_{group}" in m.re.groupindex else None

    lead = left.group("lead") if left is not None else None
    lead = _SPACES_RE.sub(" ", folded(lead)) if lead else None
    left_rel = folded(left.group("rel") or "") if left is not None else ""
    start = left.start() if left is not None and left.group() else m.start()
    if name == "bare_month" and not (lead or left_rel or (left is not None and left.group("part"))):
        return None  # "in June", "last March"; a month name alone may be something else
    ref: tuple[str, datetime.date, datetime.date] | None = None
    try:
        if name in ("dmy", "mdy"):
            ref = _day_ref(datetime.date(int(g("y")), _month(g("mon")), int(g("d"))))
        elif name == "my":
            ref = _month_ref(int(g("y")), _month(g("mon")))
        elif name == "mrel":
            year = _relative_year(g("rel"), published)
            ref = _month_ref(year, _month(g("mon"))) if year else None
        elif name in ("dm", "md"):
            month, day = _month(g("mon")), int(g("d"))
            year = _guess_year(month, day, published)
            if year is None or day > 31:
                return DateRef(start, m.end(), None, None, None, lead)
            ref = _day_ref(datetime.date(year, month, day))
        elif name == "posm":
            month = _month(g("mon"))
            year = int(g("y")) if g("y") else _guess_year(month, 28, published)
            if year is None:
                return DateRef(start, m.end(), None, None, None, lead)
            ref = _month_ref(year, month)
        elif name in ("posy", "posrel"):
            year = int(g("y")) if name == "posy" else _relative_year(g("rel"), published)
            if year is None:
                return DateRef(start, m.end(), None, None, None, lead)
            pos = folded(g("pos").split()[0])
            ref = _month_ref(year, 12) if pos in ("end", "close", "turn") else _year_ref(year)
        elif name == "season_y" or name == "y":
            ref = _year_ref(int(g("y")))
        elif name == "rel":
            ref = _relative(g("rel"), folded(g("unit")), published)
        elif name == "bare_month":
            month = _month(g("mon"))
            year = _guess_year(month, None, published)
            if year is None:
                return DateRef(start, m.end(), None, None, None, lead)
            if left_rel == "last" and published and month >= published.month:
                year = published.year - 1
            ref = _month_ref(year, month)
        elif name == "weekday":
            if published is None:
                return DateRef(start, m.end(), None, None, None, lead)
            target = WEEKDAYS.index(folded(g("wd")))
            back = (published.weekday() - target) % 7
            ref = _day_ref(published - datetime.timedelta(days=back))
        elif name == "deictic":
            ref = _deictic(folded(g("deictic")), published)
        elif name == "pandemic":
            text = folded(g("pan"))
            ref = _year_ref(2019) if ("before" in text or "pre-" in text) else _year_ref(2020)
    except (ValueError, TypeError):
        return None
    if ref is None:
        return DateRef(start, m.end(), None, None, None, lead)
    return DateRef(start, m.end(), ref[0], ref[1], ref[2], lead)


def _relative(rel: str, unit: str, published: datetime.date | None):
    if published is None:
        return None
    rel = folded(rel.split()[-1])
    step = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1}[rel]
    if unit == "year":
        return _year_ref(published.year + step)
    if unit == "month":
        month = published.month + step
        year = published.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return _month_ref(year, month)
    if unit in ("week", "weekend"):
        monday = published - datetime.timedelta(days=published.weekday())
        start = monday + datetime.timedelta(days=7 * step)
        if unit == "weekend":
            sat = start + datetime.timedelta(days=5)
            value = sat.isoformat()[:7]
            return value, sat, sat + datetime.timedelta(days=1)
        return start.isoformat()[:7], start, start + datetime.timedelta(days=6)
    # a season: the latest one begun by publication ("this"), or the latest ended ("last")
    first, last = SEASONS[unit]
    year = published.year
    if datetime.date(year, first, 1) > published:
        year -= 1
    if step < 0:
        end_year = year if first <= last else year + 1
        if datetime.date(end_year, last, _last_day(end_year, last)) >= published:
            year -= 1
    return _year_ref(year)


def _deictic(word: str, published: datetime.date | None):
    if published is None:
        return None
    if word == "today":
        return _day_ref(published)
    if word == "yesterday":
        return _day_ref(published - datetime.timedelta(days=1))
    return _relative(word.split()[0], word.split()[1], published)


def find_dates(
    text: str,
    start: int,
    end: int,
    published: datetime.date | None,
    starts: Iterable[int] | None = None,
) -> list[DateRef]:
    """The dates written in text[start:end], resolved against the publication date. starts, if
    given, are where dates may begin, as STARTS finds them (see Document.dates)."""
    found: list[DateRef] = []
    last = start
    digit_match = DIGIT_DATE_RE.match
    word_match = WORD_DATE_RE.match
    if starts is None:
        starts = STARTS.starts(text, start, end)
    for at in starts:
        if at < last:
            continue
        m = (digit_match if text[at].isdigit() else word_match)(text, at, end)
        if m is None:
            continue
        last = m.end()
        left = _left_of(text, max(start, m.start() - 32), m.start())
        ref = resolve_match(m, published, left)
        if ref is not None:
            found.append(ref)
    return found


def parse_iso(value: str | datetime.date | None) -> datetime.date | None:
    """A publication date from "YYYY-MM-DD", "YYYY-MM" (first of the month) or "YYYY"."""
    if value is None or isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime):
            return value.date()
        return value
    value = value.strip()
    if not value:
        return None
    parts = value[:10].split("-")
    numbers = [int(p) for p in parts]
    while len(numbers) < 3:
        numbers.append(1)
    return datetime.date(*numbers)
