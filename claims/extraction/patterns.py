"""Building fast patterns: a list of words as a trie-shaped alternation.

Python's regex engine tries the branches of an alternation one after another at every position;
"two|twelve|twenty|ten" written as "t(?:w(?:o|elve|enty)|en)" fails at the first character
instead, which makes a scan over megabytes of text several times faster.
"""

from __future__ import annotations

import re


def _trie(words: list[str]) -> dict:
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _pattern(node: dict, either_case_first: bool, first: bool) -> str:
    branches = []
    optional = "" in node
    for char in sorted(k for k in node if k):
        head = re.escape(char)
        if char == " ":
            head = r"\s+"
        elif first and either_case_first and char.isalpha():
            head = f"[{char.upper()}{char.lower()}]"
        tail = _pattern(node[char], either_case_first, False)
        branches.append(head + tail)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?"
    return body


def word_alternation(words, *, either_case_first: bool = True) -> str:
    """A regex (no groups, no boundaries) matching any of words; spaces match any whitespace.
    With either_case_first, a word's first letter may be upper or lower case.

    Case-folding the first letter merges "Two" and "two" into one branch, so words that differ
    only there must not be listed twice.
    """
    words = {w.lower() if either_case_first else w for w in words}
    if either_case_first:
        merged: dict = {}
        for word in words:
            node = merged
            for i, char in enumerate(word):
                node = node.setdefault(char.lower() if i == 0 else char, {})
            node[""] = {}
        return _pattern(merged, True, True)
    return _pattern(_trie(sorted(words)), False, True)


class Guarded:
    """A pattern tried only where cheap substring tests pass: each group of words must have one
    word in the (lower-cased) window. The tests cost little beside a case-insensitive search."""

    __slots__ = ("groups", "pattern")

    def __init__(self, pattern: re.Pattern, *groups: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.groups = tuple(re.compile("|".join(map(re.escape, group))) for group in groups)

    def search(self, text: str, lo: int, hi: int) -> re.Match | None:
        window = text[lo:hi].lower()
        for group in self.groups:
            if group.search(window) is None:
                return None
        return self.pattern.search(text, lo, hi)


def charset_first(
    either_case=(),
    exact=(),
    *,
    boundary: bool = True,
    end_boundary: bool | None = None,
    digits: str = "",
) -> str:
    """A pattern matching any of the words, written so that it starts with a character class:
    "[TtOo](?:(?<=[Tt])w(?:o|elve)|(?<=[Oo])ne)". The regex engine then skips to candidate
    characters at the speed of a plain scan, which an alternation or a leading \\b prevents.

    either_case words may start upper or lower case; exact words are taken as written. With
    boundary, a match must not follow a letter or digit and (unless end_boundary is False) must
    end at a word boundary. digits,
    if given, is a pattern for numbers: "\\d[\\d,.]*" adds digits as a first character.
    """
    words = set(exact)
    for word in either_case:
        words.add(word[0].lower() + word[1:])
        words.add(word[0].upper() + word[1:])
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first in sorted(by_first):
        rests = by_first[first]
        trie = _trie(sorted(rests))
        rest = _pattern(trie, False, False) if any(rests) else ""
        if "" in rests and rest and not rest.endswith("?"):
            rest = f"(?:{rest})?"
        branches.append(f"(?<={re.escape(first)}){rest}")
    firsts = "".join(re.escape(c) for c in sorted(by_first))
    guard = r"(?<![A-Za-z0-9_].)" if boundary else ""
    tail = r"\b" if (boundary if end_boundary is None else end_boundary) else ""
    words_part = f"{guard}(?:{'|'.join(branches)}){tail}"
    if digits:
        return f"[0-9{firsts}](?:(?<=[0-9]){digits[2:]}|{words_part})"
    return f"[{firsts}]{words_part}"
