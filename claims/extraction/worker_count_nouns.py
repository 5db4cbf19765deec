"""worker_count's counted noun: the noun phrase right after a number, and who it excludes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from claims.extraction.lexicon import (
    CONNECTORS,
    ED_MODIFIERS,
    EXCLUDING_MODIFIERS,
    ING_MODIFIERS,
    NON_NK_DEMONYMS,
    OTHER_WORKERS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    S_MODIFIERS,
    STOPWORDS,
    VISA_NOUNS,
    WORKER_NOUNS,
)

TOKEN_RE = re.compile(r"[A-Za-z][\w’'\-]*(?:\.(?=[A-Z]))?[\w’']*|\S")
_MAX_TOKENS = 9
_MAX_MODIFIERS = 4


@dataclass
class NounPhrase:
    kind: str  # "worker", "person" or "visa"
    start: int
    end: int
    modifiers: list[str] = field(default_factory=list)
    north_korean: bool = False
    anaphoric: bool = False


def noun_after(text: str, pos: int, limit: int) -> NounPhrase | None:
    """The counted noun right after a number at pos, if any ("more North Korean workers")."""
    after = text[pos : pos + 1]
    if after and not after.isspace() and not after.isalpha():
        return None  # punctuation right after it ("in 2015.", "2015,"): no noun
    # Tokens are read as the walk needs them: most walks stop at the first word or two.
    found = islice(TOKEN_RE.finditer(text, pos, limit), _MAX_TOKENS + 2)
    tokens: list[tuple[int, int, str]] = []

    def has(i: int) -> bool:
        while len(tokens) <= i:
            m = next(found, None)
            if m is None:
                return False
            tokens.append((m.start(), m.end(), m.group()))
        return True

    mods: list[str] = []
    nk = False
    anaphoric = False
    i = 0
    while i < _MAX_TOKENS and has(i):
        s, e, tok = tokens[i]
        low = tok.lower().rstrip(".")
        if low in ("north", "n") and has(i + 1):
            nxt = tokens[i + 1][2].lower()
            if nxt in ("koreans", "koreans’", "koreans'"):
                return NounPhrase("person", s, tokens[i + 1][1], mods, True, anaphoric)
            if nxt in ("korean", "korean’s"):
                nk = True
                mods.append("North Korean")
                i += 2
                continue
        if low in ("dprk", "d.p.r.k") or low == "pyongyang":
            nk = True
            mods.append(tok)
            i += 1
            continue
        if tok.endswith(("’", "'")) or low.endswith(("’s", "'s")):
            return None  # a possessive: "40 workers’ families"
        if low in WORKER_NOUNS:
            return NounPhrase("worker", s, e, mods, nk, anaphoric)
        if low in PERSON_NOUNS:
            return NounPhrase("person", s, e, mods, nk, anaphoric)
        if low in PEOPLE_NOUNS:
            return NounPhrase("person", s, e, mods, nk, anaphoric) if nk else None
        if low in ("them", "those") and mods == [] and i > 0 and tokens[i - 1][2].lower() == "of":
            return NounPhrase("pronoun", s, e, mods, False, True)
        if low in VISA_NOUNS:
            return NounPhrase("visa", s, e, mods, nk, anaphoric)
        if low in CONNECTORS:
            if low in (
                "their",
                "these",
                "those",
                "the",
                "such",
                "its",
                "his",
                "her",
                "more",
                "other",
            ):
                anaphoric = True
            i += 1
            continue
        if not tok[0].isalpha() or low in STOPWORDS:
            return None
        if tok[0].isupper():
            if (tok in NON_NK_DEMONYMS and not nk) or tok == "Korean":
                mods.append(tok)
            else:
                mods.append(tok)
        else:
            if low.endswith("s") and len(low) > 3 and low not in S_MODIFIERS:
                return None  # another plural noun: "countries", "troops", "restaurants"
            if low.endswith("ing") and low not in ING_MODIFIERS:
                return None
            if low.endswith("ed") and low not in ED_MODIFIERS:
                return None
            mods.append(low)
        if len(mods) > _MAX_MODIFIERS:
            return None
        i += 1
    return None


def excluded(np: NounPhrase) -> bool:
    """Former workers, or workers of another nationality, are not North Korean workers abroad."""
    words = set(np.modifiers)
    lowered = {w.lower() for w in words}
    if lowered & EXCLUDING_MODIFIERS:
        return True
    if np.north_korean:
        return False
    if lowered & OTHER_WORKERS:
        return True
    pairs = {f"{a} {b}" for a, b in zip(np.modifiers, np.modifiers[1:], strict=False)}
    return bool((words | pairs) & NON_NK_DEMONYMS)
