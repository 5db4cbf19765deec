"""Building fast patterns: a list of words as a trie-shaped alternation.

Python's regex engine tries the branches of an alternation one after another at every position;
"two|twelve|twenty|ten" written as "t(?:w(?:o|elve|enty)|en)" fails at the first character
instead, which makes a scan over megabytes of text several times faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as _c
from re import _parser


def _trie(words: list[str], tails: dict[str, str] | None = None) -> dict:
    """The words as nested dicts of characters; "" marks where a word ends, with what must
    follow it there (tails: "\\b" after a whole word; nothing by default)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = tails[word] if tails else ""
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
        return node[""]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body}|{node['']})" if node[""] else f"(?:{body})?"
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


# Letters that case-insensitive patterns match for an ASCII one (Python's re folds them so).
_ASCII_TWINS = str.maketrans({"ı": "i", "İ": "i", "ſ": "s", "\u212a": "k"})


def folded(matched: str) -> str:
    """Text a case-insensitive pattern matched, lower-cased as the word lists spell it: the
    letters such matching takes for "i", "s" and "k" ("ı", "İ", "ſ", the Kelvin sign) become
    those letters ("mıllion" is "million"), so a lookup by the match finds its word."""
    return matched.translate(_ASCII_TWINS).lower()


def lexicon_word(matched: str) -> str:
    """A match of word_alternation's words as the list spells it: folded, with one space where
    the text has any run of whitespace ("sent\thome" is "sent home")."""
    return " ".join(folded(matched).split())


class Guarded:
    """A pattern tried only where cheap substring tests pass: each group of words must have one
    word in the (lower-cased) window. The tests cost little beside a case-insensitive search."""

    __slots__ = ("groups", "pattern")

    def __init__(self, pattern: re.Pattern, *groups: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.groups = groups

    def search(self, text: str, lo: int, hi: int) -> re.Match | None:
        window = text[lo:hi].lower()
        for group in self.groups:
            # a loop of substring tests: faster than one alternation over the window
            for word in group:
                if word in window:
                    break
            else:
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


class WordStarts:
    """Where any of a set of words (and, with digits, any number) begins in a text.

    charset_first stops at every letter that may begin one of the words, and most letters do
    ("a", "e", "s", "t", ...), mostly in the middle of other words. This scan instead stops at
    the character just before a word (anything but a letter, digit or underscore) and at digits,
    which are far fewer. It finds the same starts as charset_first with boundary=True.
    """

    __slots__ = ("_at", "_digits", "_owner", "_scan", "_sets")

    def __init__(
        self, either_case=(), exact=(), *, end_boundary: bool = True, digits: bool = False
    ) -> None:
        words = set(exact)
        for word in either_case:
            words.add(word[0].lower() + word[1:])
            words.add(word[0].upper() + word[1:])
        self._build([("word", frozenset(words), end_boundary)], "digits" if digits else None)

    @classmethod
    def union(cls, **scans: WordStarts) -> WordStarts:
        """One scan doing the work of several (named by the keywords); tagged() tells which of
        them found each start. No word of one may begin a word of another, and at most one may
        take digits, so that each start is found as its own scan finds it."""
        sets = [
            (name, words, tail) for name, scan in scans.items() for _, words, tail in scan._sets
        ]
        for name, words, _ in sets:
            for other, other_words, _ in sets:
                if other != name and any(w.startswith(o) for w in words for o in other_words):
                    raise ValueError(f"words of {other} begin words of {name}")
        with_digits = [name for name, scan in scans.items() if scan._digits]
        if len(with_digits) > 1:
            raise ValueError("only one scan may take digits")
        union = cls.__new__(cls)
        union._build(sets, with_digits[0] if with_digits else None)
        return union

    def _build(self, sets: list[tuple[str, frozenset[str], bool]], digits: str | None) -> None:
        self._sets = sets
        self._digits = digits
        # The words of all the sets in one trie, which the regex engine enters by the first
        # character only once (a group per set would try each set's words in turn); the set of
        # the word found is looked up afterwards. As no word of one set begins a word of
        # another, the word found is the one its own set's scan finds.
        tails = {w: "\\b" if tail else "" for _, words, tail in sets for w in words}
        self._owner = {w: name for name, words, _ in sets for w in words}
        firsts = re.escape("".join(sorted({w[0] for w in tails})))
        body = f"(?=[{firsts}])(?P<w>{_pattern(_trie(sorted(tails), tails), False, True)})"
        self._at = re.compile(body)
        if digits:
            # A run of digits, commas and points is consumed up to its last ASCII digit, so that
            # a word right after it ("2017,two") keeps the character before it.
            self._scan = re.compile(rf"[^A-Za-z_](?:(?<=[0-9])(?:[\d,.]*[0-9])?|{body})")
        else:
            self._scan = re.compile(rf"[^A-Za-z0-9_]{body}")

    def _name(self, word: str) -> str:
        """The set a word found belongs to (its spaces may be any whitespace)."""
        name = self._owner.get(word)
        return name if name is not None else self._owner[" ".join(word.split())]

    def starts(self, text: str, start: int, end: int) -> Iterator[int]:
        """The positions in text[start:end] where a word or number begins, in order."""
        for at, _ in self.tagged(text, start, end):
            yield at

    def tagged(self, text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
        """(position, name of the scan that finds it: "digits" for a number) for each start."""
        scan_from = start
        if start < end and (start == 0 or not _is_word_char(text[start - 1])):
            first = self._at.match(text, start, end)
            if first is not None:
                yield start, self._name(first.group("w"))
                scan_from = first.end()
        for m in self._scan.finditer(text, scan_from, end):
            word = m.group("w")
            if word is None:
                yield m.start(), self._digits
            else:
                yield m.start("w"), self._name(word)


def _is_word_char(char: str) -> bool:
    return char == "_" or ("0" <= char <= "9") or ("A" <= char <= "Z") or ("a" <= char <= "z")


class Bounded:
    """A pattern that starts with \\b before a word character ("\\b(?:said|says)\\b"), searched
    faster: with the same matches as the pattern, but the scan stops only after a non-word
    character (a table look-up per character), where the pattern alone is tried at every
    position. A case-insensitive pattern keeps its case-insensitivity for the words only, so that
    the scan itself stays case-sensitive (which the regex engine needs to skip quickly)."""

    __slots__ = ("_needle_re", "_scan", "needles", "pattern")

    def __init__(
        self, pattern: str, flags: int = 0, *, needles: tuple[str, ...] = (), first: str = ""
    ) -> None:
        """needles, if given, are strings one of which every match holds (exactly as written):
        a text holding none of them is not scanned at all (str.find is much faster). first, if
        given, holds every character a match may begin with: the pattern is then not tried
        after the word boundaries where another character follows. Without it, the characters
        the pattern's words begin with are worked out from the pattern where they can be (a
        character class fails at once where an alternation of words tries each word)."""
        if not pattern.startswith(r"\b"):
            raise ValueError(f"pattern must start with \\b: {pattern!r}")
        self.pattern = re.compile(pattern, flags)
        self.needles = needles
        # (many needles are looked for faster in one regex search than one str.find each)
        self._needle_re = (
            re.compile("|".join(re.escape(n) for n in needles)) if len(needles) > 3 else None
        )
        body = pattern[2:]
        first = first or first_chars(body, flags)
        ahead = f"(?=[{re.escape(first)}])" if first else ""
        if flags & re.IGNORECASE:
            # (the first characters as written: the class folds case as the words do)
            body = f"(?i:{ahead}{body})" if ahead else f"(?i:{body})"
            ahead = ""
        self._scan = re.compile(rf"[^A-Za-z0-9_](?<=\W){ahead}(?={body})", flags & ~re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        end = len(text) if end is None else end
        if self.needles and not self._may_match(text, start, end):
            return
        pos = start
        while pos < end:
            m = self._next(text, pos, end)
            if m is None:
                return
            yield m
            pos = max(m.end(), pos + 1)

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match | None:
        """The first match of finditer, without the cost of a generator."""
        end = len(text) if end is None else end
        if self.needles and not self._may_match(text, start, end):
            return None
        return self._next(text, start, end)

    def _next(self, text: str, pos: int, end: int) -> re.Match | None:
        """The first match in text[pos:end]. The scan starts one character early, so that a
        match right at pos is found through the character before it (a text's first word has
        none, and is tried directly)."""
        if pos == 0:
            m = self.pattern.match(text, 0, end)
            if m is not None:
                return m
            hit = self._scan.search(text, 0, end)
        else:
            hit = self._scan.search(text, pos - 1, end)
        return None if hit is None else self.pattern.match(text, hit.end(), end)

    def _may_match(self, text: str, start: int, end: int) -> bool:
        if self._needle_re is not None:
            return self._needle_re.search(text, start, end) is not None
        for needle in self.needles:  # noqa: SIM110 (a loop is faster than any() here)
            if text.find(needle, start, end) >= 0:
                return True
        return False


def first_chars(pattern: str, flags: int = 0) -> str:
    """The characters (as written in pattern) a match of pattern must begin with, or "" where
    that is not a short list: where a match may be empty or begin with a class such as \\w."""
    try:
        chars, nullable = _first(_parser.parse(pattern, flags))
    except _Unknown:
        return ""
    return "" if nullable else "".join(sorted(chars))


class _Unknown(Exception):
    """The first characters of a pattern are not a short list of characters."""


def _first(items) -> tuple[set[str], bool]:
    """(characters a match of the parsed items may begin with, whether it may be empty)."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
            return chars, False
        if op is _c.IN:
            for item_op, item in av:
                if item_op is _c.LITERAL:
                    chars.add(chr(item))
                elif item_op is _c.RANGE and item[1] - item[0] < 64:
                    chars.update(map(chr, range(item[0], item[1] + 1)))
                else:
                    raise _Unknown
            return chars, False
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # takes no characters
        if op is _c.BRANCH:
            nullable = False
            for branch in av[1]:
                branch_chars, branch_nullable = _first(branch)
                chars |= branch_chars
                nullable = nullable or branch_nullable
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unknown  # flags of its own (such as case-sensitivity)
            sub_chars, nullable = _first(av[3])
            chars |= sub_chars
        elif op is _c.MAX_REPEAT or op is _c.MIN_REPEAT or op is _c.POSSESSIVE_REPEAT:
            sub_chars, sub_nullable = _first(av[2])
            chars |= sub_chars
            nullable = sub_nullable or av[0] == 0
        else:
            raise _Unknown  # any character, a category, a back-reference, ...
        if not nullable:
            return chars, False
    return chars, True
