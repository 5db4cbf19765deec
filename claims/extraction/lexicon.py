"""Word lists shared by the per-kind rules."""

from __future__ import annotations

import re

from claims.extraction.patterns import Bounded
from claims.extraction.place_names import DEMONYMS

# Nouns that name workers themselves.
WORKER_NOUNS = frozenset(
    [
        "workers",
        "worker",
        "laborers",
        "laborer",
        "labourers",
        "labourer",
        "employees",
        "employee",
        "welders",
        "welder",
        "fitters",
        "loggers",
        "logger",
        "lumberjacks",
        "miners",
        "builders",
        "seamstresses",
        "fishermen",
        "farmhands",
        "waitresses",
        "waiters",
        "colleagues",
        "compatriots",
        "crewmen",
        "technicians",
        "construction-workers",
        "workforce",
    ]
)
# Nouns that name North Koreans, which count as workers only where the text speaks of work.
PERSON_NOUNS = frozenset(["nationals", "citizens", "koreans", "expatriates"])
# Nouns that count as workers only as "North Korean men/women" where the text speaks of work.
PEOPLE_NOUNS = frozenset(["men", "women", "people", "girls", "youths"])
# Nouns of permits: "147 work visas" counts visas issued.
VISA_NOUNS = frozenset(
    [
        "visas",
        "visa",
        "permits",
        "permit",
        "authorizations",
        "authorisations",
        "authorization",
        "authorisation",
    ]
)
# Words that may sit between a number and its noun without changing what is counted.
CONNECTORS = frozenset(
    [
        "more",
        "other",
        "additional",
        "such",
        "extra",
        "of",
        "their",
        "its",
        "his",
        "her",
        "the",
        "these",
        "those",
        "new",
    ]
)
# Words that end a noun phrase: what follows them is not the counted noun.
STOPWORDS = frozenset(
    [
        "in",
        "at",
        "on",
        "for",
        "from",
        "to",
        "with",
        "by",
        "who",
        "that",
        "which",
        "were",
        "are",
        "is",
        "was",
        "have",
        "has",
        "had",
        "and",
        "or",
        "but",
        "as",
        "than",
        "said",
        "says",
        "will",
        "would",
        "could",
        "may",
        "might",
        "a",
        "an",
        "per",
        "each",
        "every",
        "last",
        "this",
        "next",
        "into",
        "out",
        "over",
        "under",
        "about",
        "around",
        "after",
        "before",
        "since",
        "during",
        "while",
        "when",
        "where",
        "whose",
        "what",
        "if",
        "so",
        "not",
        "no",
        "nor",
        "be",
        "been",
        "being",
        "do",
        "did",
        "does",
        "can",
        "up",
        "down",
        "off",
        "them",
        "they",
        "it",
        "we",
        "he",
        "she",
        "you",
        "i",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "time",
        "times",
        "percent",
        "per-cent",
    ]
)
# -ing and -ed words that are fine as modifiers of workers.
ING_MODIFIERS = frozenset(
    [
        "manufacturing",
        "mining",
        "logging",
        "fishing",
        "farming",
        "building",
        "shipbuilding",
        "catering",
        "cleaning",
        "sewing",
        "textile-processing",
        "processing",
        "working",
        "seafood-processing",
        "trading",
        "nursing",
    ]
)
ED_MODIFIERS = frozenset(
    [
        "skilled",
        "unskilled",
        "semi-skilled",
        "trained",
        "qualified",
        "registered",
        "documented",
        "undocumented",
        "licensed",
        "so-called",
        "dispatched",
        "contracted",
    ]
)
# Plural-looking words that are fine as modifiers.
S_MODIFIERS = frozenset(["overseas", "various", "us", "gas", "glass", "press"])
# Modifiers that say these are not (current) North Korean workers abroad.
EXCLUDING_MODIFIERS = frozenset(
    ["former", "ex-", "ex", "retired", "dead", "deceased", "fictional", "hypothetical", "imaginary"]
)
# Modifiers naming other workers unless "North Korean" is also said.
OTHER_WORKERS = frozenset(
    [
        "foreign",
        "migrant",
        "expatriate",
        "local",
        "domestic",
        "guest",
        "native",
        "indigenous",
        "non-korean",
    ]
)
# Demonyms of others, and the last words of two-word ones ("Sri Lankan" -> "Lankan"), but not
# "Korean": "North Korean" and "South Korean" are told apart by the word before.
NON_NK_DEMONYMS = frozenset(d for d in DEMONYMS if d != "North Korean") | frozenset(
    d.split()[-1] for d in DEMONYMS if " " in d and not d.endswith("Korean")
)

NK_RE = Bounded(
    r"\b(?:North\s+Korean?s?|N\.\s?Korean?s?|DPRK|D\.P\.R\.K\.|Pyongyang|Kim\s+Jong[\s-]?[Uu]n"
    r"|Kim\s+regime|Democratic\s+People[’']s\s+Republic\s+of\s+Korea|the\s+North\b)",
)
LABOUR_RE = Bounded(
    r"\b(?:workers?|laborers?|labourers?|labou?r|workforce|employ\w*|wages?|salar(?:y|ies)"
    r"|welders?|fitters?|loggers?|miners?|builders?|seamstress(?:es)?|crews?|waitress(?:es)?"
    r"|bricklayers?|carpenters?|plasterers?|painters?|electricians?|plumbers?|masons?|foremen"
    r"|foreman|construction\s+sites?|building\s+sites?|shipyards?|work(?:ed|ing|s)?\s+"
    r"(?:on|in|at|for|abroad|overseas)"
    r"|remittances?|jobs?|hired|hiring|recruit\w*|work\s+(?:permits?|visas?|authori[sz]ations?)"
    r"|(?:sent|send|sending|dispatch\w*)\s+(?:\w+\s+){0,4}(?:abroad|overseas)"
    r"|work(?:ing)?\s+(?:abroad|overseas))\b",
    re.IGNORECASE,
)
# Words saying that people are doing paid work.
WORK_CUE_RE = Bounded(
    r"\b(?:work|works|worked|working|employ|employs|employed|employing|employment|labou?r\w*"
    r"|jobs?|hired|hiring|permits?|visas?|contracts?|earn\w*|wages?|salar\w+|paid"
    r"|construction|shipyards?|factories|factory|building\s+sites?|logging|farms?|plants?|mills?"
    r"|mines?|yards?|camps?|sites?|restaurants?)\b",
    re.IGNORECASE,
)
