"""Places: country names, demonyms and a few cities to ISO 3166-1 alpha-2, `world`, `gulf`."""

# Through pycountry; `world` is North Koreans abroad overall and `gulf` the Gulf states together.
# A region ("Africa", "the Middle East") is recognised so that it is not mistaken for one of its
# countries: a figure for a region has no place.

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pycountry

from claims.extraction.patterns import Bounded
from claims.extraction.place_names import ALIASES, CITIES, DEMONYMS, REGIONS

WORLD = "world"
GULF = "gulf"
REGION = "region"
NORTH_KOREA = "KP"


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Every pycountry name form (name, common_name, official_name) and alias -> alpha-2."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                index[name] = country.alpha_2
                if name.startswith("the "):
                    index[name[4:]] = country.alpha_2
    index.update(ALIASES)
    return index


def country_code(name: str) -> str | None:
    """An ISO 3166-1 alpha-2 code for a country name, alias, demonym or city; None if unknown."""
    index = _country_index()
    if name in index:
        return index[name]
    if name in DEMONYMS:
        return country_code(DEMONYMS[name])
    if name in CITIES:
        return country_code(CITIES[name])
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


class Place(NamedTuple):
    """A place named in a text (a named tuple: made by the dozen for every sentence read, and a
    frozen dataclass takes twice as long to make)."""

    start: int
    end: int
    code: str  # alpha-2, "world", "gulf" or "region"
    form: str  # "country", "demonym", "city", "region", "world", "gulf", "anaphor"


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[str, str]]:
    gaz: dict[str, tuple[str, str]] = {}
    for name, code in _country_index().items():
        gaz[name] = (code, "country")
    for name, country in CITIES.items():
        code = country_code(country)
        if code:
            gaz[name] = (code, "city")
    for name, country in DEMONYMS.items():
        code = country_code(country)
        if code:
            gaz[name] = (code, "demonym")
    for name in REGIONS:
        gaz[name] = (REGION, "region")
    gaz["Korea"] = ("", "ambiguous")
    return gaz


# A run of capitalised words ("Democratic Republic of the Congo"). The capital comes before the
# look-behind so that the scan skips quickly from one capital letter to the next.
CAPITALISED_RE = re.compile(
    r"[A-Z](?<![\w’'].)[\w’'.\-]*(?:\s+(?:(?:of|the|and|d’|d')\s+)*(?:[A-Z][\w’'.\-]*))*"
)
_POSSESSIVE_RE = re.compile(r"(?:[’']s?|[.,;:!?)\]”\"’']+)$")
_POSSESSIVE_ENDS = frozenset("’'.,;:!?)]”\"")


def _strip_possessive(word: str) -> str:
    """word without a possessive or trailing punctuation ("Kuwait’s" -> "Kuwait")."""
    last = word[-1:]
    if last in _POSSESSIVE_ENDS or (last == "s" and word[-2:-1] in "’'"):
        return _POSSESSIVE_RE.sub("", word)
    return word  # the common case, without a regex call


# Prepositions saying where people are (not where they come from or go to).
PRESENCE_PREPS = frozenset({"in", "inside", "within", "across", "throughout", "on", "at", "world"})


_PREPS = frozenset(
    {"in", "inside", "within", "across", "throughout", "on", "at", "to", "into", "from", "outside"}
)
_SKIPPABLE = frozenset({"the", "nearby", "neighbouring", "neighboring"})


def preposition(text: str, place: Place) -> str | None:
    """The preposition before a place ("in", "across", "from"): "world" for the world at large,
    "in" for the Gulf when none is written. Found on demand, as few places need it."""
    if place.form == "world":
        return "world"
    prep = _prep(text, place.start)
    if place.form == "gulf":
        return prep or "in"
    return prep


def _prep(text: str, pos: int) -> str | None:
    """The preposition just before pos ("in", "across", "from"), skipping "the" and "nearby"."""
    for word in reversed(text[max(0, pos - 32) : pos].split()[-3:]):
        low = word.lower()
        if low in _PREPS:
            return low
        if low not in _SKIPPABLE:
            return None
    return None


@lru_cache(maxsize=1)
def _first_words() -> dict[str, int]:
    """The first word of each gazetteer name, with the most words a name starting so has."""
    firsts: dict[str, int] = {}
    for name in _gazetteer():
        words = name.split()
        firsts[words[0]] = max(firsts.get(words[0], 0), len(words))
    return firsts


# Lower-case place words in one case-sensitive pass ([Xx] for a capital at a sentence start).
_WORLD = (
    r"[Aa]broad|[Oo]verseas|[Ww]orldwide|[Ww]orld-wide|[Gg]lobally"
    r"|(?:[Aa]round|[Aa]cross|[Aa]ll\s+over|[Tt]hroughout)\s+the\s+world"
    r"|[Oo]utside\s+(?:the|their|its|his|her)\s+(?:home\s+)?country"
    r"|[Oo]utside\s+(?:North\s+Korea|the\s+DPRK)"
    r"|[Ii]n\s+(?:other|foreign|many|several|dozens\s+of|some\s+\d+|about\s+\d+|more\s+than\s+\d+"
    r"|\d+)\s+countries"
)
_GULF = (
    r"(?:[Tt]he\s+)?(?:Persian|Arabian)\s+Gulf|[Tt]he\s+Gulf\b(?!\s+(?:of\b|[A-Z]))"
    r"|Gulf\s+(?:[Ss]tates|[Cc]ountries|[Nn]ations|[Mm]onarchies|[Rr]egion|[Aa]rab\s+[Ss]tates"
    r"|Cooperation\s+Council|[Aa]llies|[Pp]artners|[Ee]mirates|[Kk]ingdoms)|GCC"
)
_ANAPHOR = (
    r"(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?:same\s+)?(?:country|emirate|kingdom|nation)(?![’']s?\s)"
    r"|(?:[Ii]ts|[Tt]heir)\s+(?:territory|soil|jurisdiction)"
)
WORDS_RE = Bounded(
    rf"\b(?:(?P<world>{_WORLD})|(?P<gulf>{_GULF})|(?P<anaphor>{_ANAPHOR}))\b",
    first="AaOoWwGgIiTtP",  # the first letters of the patterns above
    # every match holds one of these (as written in the patterns above)
    needles=(
        "broad",
        "verseas",
        "orld",
        "lobally",
        "utside",
        "countries",
        "ulf",
        "GCC",
        "country",
        "emirate",
        "kingdom",
        "nation",
        "territory",
        "soil",
        "jurisdiction",
    ),
)


def find_places(
    text: str, start: int, end: int, runs: dict[str, list[_Name]] | None = None
) -> list[Place]:
    """The places named in text[start:end], in order. runs, if given, remembers the names found
    in each run of capitalised words, for the other sentences of the text ("North Korean" recurs
    in most)."""
    gaz = _gazetteer()
    firsts = _first_words()
    places: list[Place] = []
    for m in CAPITALISED_RE.finditer(text, start, end):
        group = m.group()
        if " " not in group and _strip_possessive(group) not in firsts:
            continue
        if runs is None:
            names = _names_in_run(group, gaz, firsts)
        else:
            names = runs.get(group)
            if names is None:
                names = runs[group] = _names_in_run(group, gaz, firsts)
        base = m.start()
        for s, e, code, form in names:
            places.append(Place(base + s, base + e, code, form))
    for m in WORDS_RE.finditer(text, start, end):
        if m.lastgroup == "world":
            places.append(Place(m.start(), m.end(), WORLD, "world"))
        elif m.lastgroup == "gulf":
            places.append(Place(m.start(), m.end(), GULF, "gulf"))
        else:
            places.append(Place(m.start(), m.end(), "", "anaphor"))
    places.sort(key=lambda p: p.start)
    return _drop_nested(places)


# A gazetteer name found in a run of capitalised words: start, end (in the run), code, form.
_Name = tuple[int, int, str, str]


def _names_in_run(run: str, gaz: dict, firsts: dict[str, int]) -> list[_Name]:
    """The gazetteer names in a run of capitalised words, longest first from left to right."""
    words = run.split()
    found: list[_Name] = []
    starts: list[int] = []  # where each word starts, found once a name is
    n = len(words)
    i = 0
    while i < n:
        word = words[i]
        longest = firsts.get(word) or firsts.get(_strip_possessive(word))
        if not longest:
            i += 1
            continue
        for j in range(min(n, i + longest), i, -1):
            key = word if j == i + 1 else " ".join(words[i:j])
            entry = gaz.get(key)
            trimmed = 0
            if entry is None:
                stripped = _strip_possessive(key)
                entry = gaz.get(stripped)
                trimmed = len(key) - len(stripped)
            if entry is not None:
                break
        else:
            i += 1
            continue
        code, form = entry
        if form != "ambiguous":
            if not starts:
                at = 0
                for w in words:
                    at = run.find(w, at)
                    starts.append(at)
                    at += len(w)
            found.append((starts[i], starts[j - 1] + len(words[j - 1]) - trimmed, code, form))
        i = j
    return found


def _drop_nested(places: list[Place]) -> list[Place]:
    """Where two findings overlap keep the longer ("outside the country" over "the country")."""
    kept: list[Place] = []
    for p in places:
        if kept and p.start < kept[-1].end:
            if (p.end - p.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = p
            continue
        kept.append(p)
    return kept


def is_country(code: str | None) -> bool:
    return bool(code) and len(code) == 2 and code.isupper()
