"""A text prepared for extraction: its sentences, where reader comments begin, furniture lines.

Sentences are split once (one pass of one pattern); places and dates are found per sentence on
demand and cached, so the cost follows the number of candidate figures, not the text's length.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right

from claims.extraction.dates import DateRef, find_dates
from claims.extraction.places import Place, find_places

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "st",
    "no",
    "nos",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "etc",
    "approx",
    "est",
    "jr",
    "sr",
    "mt",
    "ft",
    "art",
    "para",
    "vol",
    "fig",
    "ca",
}
# A heading that opens the readers' comments, or a comment's signature line.
COMMENTS_RE = re.compile(
    r"^[ \t]*(?:\d+\s+(?:responses?|comments?|replies|thoughts)(?:\s+(?:to|on)\b.*)?"
    r"|(?:comments?|responses?|replies|reader\s+comments|readers'?\s+comments|user\s+comments"
    r"|discussion|join\s+the\s+(?:discussion|conversation)|what\s+do\s+you\s+think\??)"
    r"\s*(?:\(\d+\))?\s*:?"
    r"|leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+(?:a|your)\s+comment"
    r"|show\s+comments|view\s+comments|\d+\s+comments?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
SIGNATURE_RE = re.compile(
    r"^[ \t]*\S[^\n]{0,40}\s+(?:says|said|wrote|replied):[ \t]*$", re.MULTILINE
)
_COMMENTS_AFTER_BREAK = re.compile("\n" + COMMENTS_RE.pattern[1:], COMMENTS_RE.flags)
_SIGNATURE_AFTER_BREAK = re.compile("\n" + SIGNATURE_RE.pattern[1:], SIGNATURE_RE.flags)
NUMBERED_RE = re.compile(r"^[ \t]{0,8}(?P<n>\d{1,3})\.[ \t]+\S", re.MULTILINE)
REPLY_CUE_RE = re.compile(
    r"https?://|\bwww\.|\b(?:I|I'm|I’m|my|me)\b|\b(?:reply|replied|posted|comment)\b"
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FURNITURE_RE = re.compile(
    r"^\s*(?:share\b|tweet\b|email\b|print\b|font\s+size|follow\b|subscribe|advertis|read\s+more"
    r"|related\b|tags?:|posted\s+(?:in|on|by)\b|filed\s+under|photo:|image:|credit:|copyright|©"
    r"|press\s+enquiries|for\s+further\s+information|tel[.:]|phone:|contact\b|download\b"
    r"|home\s*\||sign\s+up|newsletter|click\s+here|\d+\s+min\b)",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?:\+\d{1,3}[\s\d()-]{6,}|\btel\.?\s*[:+\d])", re.IGNORECASE)


def _line_match_starts(pattern: re.Pattern, after_break: re.Pattern, text: str, start: int):
    """Where pattern.finditer(text, start) finds matches, for a MULTILINE pattern that begins with
    ^ and after_break, the same pattern with a line break in place of the ^: searched for, that
    literal line break lets the regex engine jump from line to line instead of trying the
    pattern at every character. (A match ends before a line break, so none is taken twice.)"""
    scan_from = start
    if start == 0:
        first = pattern.match(text, 0)
        if first is not None:
            yield 0
            scan_from = first.end()
    for m in after_break.finditer(text, max(scan_from - 1, 0) if scan_from == start else scan_from):
        yield m.start() + 1


def find_comments_start(text: str) -> int:
    """Where readers' comments begin (len(text) when there are none): a heading such as
    "4 Responses" or "Comments (3)", two or more "Name says:" lines, or replies numbered from 1
    that read like comments (an email address, a link, first person)."""
    floor = len(text) // 4
    # Matches before the floor do not count, so the search starts on the line holding it (a
    # match may run over two lines, but only onto a line that cannot match by itself).
    floor_line = text.rfind("\n", 0, floor) + 1
    for at in _line_match_starts(COMMENTS_RE, _COMMENTS_AFTER_BREAK, text, floor_line):
        if at >= floor:
            return at
    signatures = [
        at
        for at in _line_match_starts(SIGNATURE_RE, _SIGNATURE_AFTER_BREAK, text, floor_line)
        if at >= floor
    ]
    if len(signatures) >= 2:
        return signatures[0]
    return _numbered_replies(text, max(floor, len(text) * 3 // 5))


def _numbered_replies(text: str, floor: int) -> int:
    items = list(NUMBERED_RE.finditer(text, floor))
    for i, first in enumerate(items):
        if first.group("n") != "1":
            continue
        run = [first]
        for m in items[i + 1 :]:
            if int(m.group("n")) == int(run[-1].group("n")) + 1:
                run.append(m)
        if len(run) >= 2:
            body = text[first.start() :]
            if EMAIL_RE.search(body) or REPLY_CUE_RE.search(body):
                return first.start()
    return len(text)


def _boundary_pattern() -> re.Pattern:
    """A line break, or sentence-final punctuation followed by space and a capital or digit,
    unless the period ends an abbreviation ("Mr.", "Feb.", "No.") or an initial ("U.N.")."""
    # One look-behind per length of abbreviation (a look-behind's branches must be equally long).
    by_length: dict[int, list[str]] = {}
    for abbr in sorted(_ABBREVIATIONS):
        for form in sorted({abbr.capitalize(), abbr}):
            by_length.setdefault(len(form), []).append(re.escape(form))
    guards = [rf"(?<!\b(?:{'|'.join(forms)})\.)" for _, forms in sorted(by_length.items())]
    # The character class comes first so that the scan skips quickly to candidates.
    return re.compile(
        r"[\n.!?…](?:(?<=\n)|(?=[\"”’)\]]*\s+[\"“‘(\[]?[A-Z0-9])(?:(?<=[!?…])|(?<=\.)"
        + "".join(guards)
        + r"(?<!\b[A-Z]\.))(?P<q>[\"”’)\]]*)\s+)"
    )


_SPLIT_RE = _boundary_pattern()


# Longer "sentences" (tables, lists, text without punctuation) are cut at commas or spaces, so
# that the work per figure stays bounded.
MAX_SENTENCE = 800


def _cut_long(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while e - s > MAX_SENTENCE:
        limit = s + MAX_SENTENCE
        cut = text.rfind(", ", s + MAX_SENTENCE // 2, limit)
        cut = cut + 1 if cut >= 0 else text.rfind(" ", s + MAX_SENTENCE // 2, limit)
        if cut <= s:
            cut = limit
        spans.append((s, cut))
        s = cut
        while s < e and text[s] == " ":
            s += 1
    if e > s:
        spans.append((s, e))


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]; a line break always ends a sentence."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SPLIT_RE.finditer(text, start, end):
        cut = m.start() if m.group("q") is None else m.end("q")
        while pos < cut and text[pos] in " \t\r\n":
            pos += 1
        e = cut
        while e > pos and text[e - 1] in ' \t\r\n"”’)]':
            if text[e - 1] in '"”’)]':
                break
            e -= 1
        if e - pos > MAX_SENTENCE:
            _cut_long(text, pos, e, spans)
        elif e > pos:
            spans.append((pos, e))
        pos = m.end()
    while pos < end and text[pos].isspace():
        pos += 1
    e = end
    while e > pos and text[e - 1].isspace():
        e -= 1
    _cut_long(text, pos, e, spans)
    return spans


class Document:
    """A text, its publication date, sentences and cached per-sentence places and dates."""

    def __init__(self, text: str, published: datetime.date | None = None) -> None:
        self.text = text
        self.published = published
        self.limit = find_comments_start(text)
        self.sentences = split_sentences(text, 0, self.limit)
        self._starts = [s for s, _ in self.sentences]
        self._places: dict[int, list[Place]] = {}
        self._place_runs: dict = {}
        self._dates: dict[int, list[DateRef]] = {}
        # Where dates may begin in the whole text, when the pipeline's scan has found that.
        self.date_starts: list[int] | None = None
        self._skip_lines: dict[int, bool] = {}
        self._holds: dict[tuple[object, int], bool] = {}
        self.numbers: list = []
        self._number_starts: list[int] = []
        self._title_end = text.find("\n") if "\n" in text else len(text)

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def sentence(self, index: int) -> tuple[int, int]:
        return self.sentences[index]

    def places(self, index: int) -> list[Place]:
        found = self._places.get(index)
        if found is None:
            s, e = self.sentences[index]
            found = self._places[index] = find_places(self.text, s, e, self._place_runs)
        return found

    def dates(self, index: int) -> list[DateRef]:
        found = self._dates.get(index)
        if found is None:
            s, e = self.sentences[index]
            found = self._dates[index] = find_dates(
                self.text, s, e, self.published, self._date_starts_in(s, e)
            )
        return found

    def _date_starts_in(self, s: int, e: int) -> list[int] | None:
        """The starts of dates the scan of the whole text found in the sentence text[s:e]: the
        starts a scan of the sentence alone finds (and perhaps a word running on past e, where
        no date can match). None for a sentence cut from a longer one inside a word or number,
        which is scanned on its own."""
        if self.date_starts is None or (s > 0 and not self.text[s - 1].isspace()):
            return None
        return self.date_starts[bisect_left(self.date_starts, s) : bisect_left(self.date_starts, e)]

    def holds(self, pattern, index: int) -> bool:
        """Does sentence index hold a match of pattern (a compiled pattern or patterns.Bounded)?
        Cached: the rules ask this of the same sentences for figure after figure."""
        key = (pattern, index)
        found = self._holds.get(key)
        if found is None:
            s, e = self.sentences[index]
            found = self._holds[key] = pattern.search(self.text, s, e) is not None
        return found

    def set_numbers(self, numbers: list) -> None:
        self.numbers = numbers
        self._number_starts = [n.start for n in numbers]

    def numbers_in(self, index: int) -> list:
        """The numbers of sentence index, in order."""
        s, e = self.sentences[index]
        lo = bisect_right(self._number_starts, s - 1)
        hi = bisect_right(self._number_starts, e)
        return self.numbers[lo:hi]

    def in_title(self, pos: int) -> bool:
        return pos < self._title_end and "\n" in self.text

    def skip_line(self, pos: int) -> bool:
        """Is pos on a line of page furniture (share bar, contact line, dateline-only line)?"""
        line_start = self.text.rfind("\n", 0, pos) + 1
        cached = self._skip_lines.get(line_start)
        if cached is not None:
            return cached
        line_end = self.text.find("\n", pos)
        if line_end < 0:
            line_end = len(self.text)
        line = self.text[line_start:line_end]
        skip = bool(
            FURNITURE_RE.match(line)
            or ("@" in line and EMAIL_RE.search(line))
            # (PHONE_RE needs a "+" or "tel"; most lines hold "el", few "tel")
            or (("+" in line or ("el" in line and "tel" in line.lower())) and PHONE_RE.search(line))
            or (line.count("|") >= 2 and len(line.split()) <= 16)
        )
        self._skip_lines[line_start] = skip
        return skip
