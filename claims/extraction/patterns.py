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


def has_all(lowered: str, groups) -> bool:
    """Does lowered contain, for every group of words, at least one of them?"""
    return all(any(word in lowered for word in group) for group in groups)


class Guarded:
    """A pattern tried only where cheap substring tests pass: each group of words must have one
    word in the (lower-cased) window. The tests cost little beside a case-insensitive search."""

    __slots__ = ("groups", "pattern")

    def __init__(self, pattern: re.Pattern, *groups: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.groups = groups

    def search(self, text: str, lo: int, hi: int) -> re.Match | None:
        if not has_all(text[lo:hi].lower(), self.groups):
            return None
        return self.pattern.search(text, lo, hi)
