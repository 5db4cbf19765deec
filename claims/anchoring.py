"""Find a quote again in a changed text, W3C TextQuoteSelector style (pure Python)."""

from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

# Characters of context kept on each side of a quote, as claims.services.extraction keeps them.
CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


def context_at(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix of text[start:end]."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


class OffsetMap:
    """Maps character offsets of an old text to where the same characters sit in a new one.

    Lines are diffed, so an offset in an unchanged paragraph moves exactly with it; an offset in
    a rewritten paragraph lands proportionally inside its replacement.
    """

    def __init__(self, old: str, new: str):
        old_lines = old.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        self._old_starts = [0, *accumulate(len(line) for line in old_lines)]
        self._new_starts = [0, *accumulate(len(line) for line in new_lines)]
        self._opcodes = SequenceMatcher(None, old_lines, new_lines).get_opcodes()

    def __call__(self, offset: int) -> int:
        last_line = len(self._old_starts) - 1
        for tag, i1, i2, j1, j2 in self._opcodes:
            old_from, old_to = self._old_starts[i1], self._old_starts[i2]
            if old_from <= offset < old_to or (offset == old_to and i2 == last_line):
                new_from, new_to = self._new_starts[j1], self._new_starts[j2]
                if tag == "equal":
                    return new_from + offset - old_from
                span = old_to - old_from
                if span == 0:
                    return new_from
                return new_from + round((offset - old_from) * (new_to - new_from) / span)
        return self._new_starts[-1]


def anchor_quote(text: str, *, quote: str, prefix: str = "", suffix: str = "", near: int = 0):
    """Where `quote` now stands in `text`, or None when it is gone.

    Among exact occurrences the one whose surroundings best match `prefix` and `suffix` wins;
    ties go to the one nearest `near` (the old position, mapped into the new text).
    """
    if not quote:
        return None
    best, best_score = None, None
    position = text.find(quote)
    while position != -1:
        end = position + len(quote)
        context = _common_suffix(text[max(0, position - len(prefix)) : position], prefix)
        context += _common_prefix(text[end : end + len(suffix)], suffix)
        score = (context, -abs(position - near))
        if best_score is None or score > best_score:
            best, best_score = position, score
        position = text.find(quote, position + 1)
    if best is None:
        return None
    end = best + len(quote)
    new_prefix, new_suffix = context_at(text, best, end)
    return Anchor(start=best, end=end, prefix=new_prefix, suffix=new_suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n
