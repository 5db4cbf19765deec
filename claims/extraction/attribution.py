"""Who a figure comes from, read off reporting verbs in its sentence.

"X said (that) ...", "... , X said", "according to X", "X estimates that ...",
"..., reports the AP", "by the estimate of X". With "X told the AP that ..." the speaker X is
the origin, not the AP.
"""

from __future__ import annotations

import re

from claims.extraction.patterns import Bounded, word_alternation

# As a trie-shaped alternation (see patterns.word_alternation): each word is whole (\b after
# it), so the trie's longest-first choice matches what the plain alternation did.
REPORTING_VERBS = word_alternation(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "tell",
        "estimated",
        "estimates",
        "estimate",
        "reported",
        "reports",
        "added",
        "adds",
        "stated",
        "announced",
        "announces",
        "claimed",
        "believes",
        "believe",
        "believed",
        "noted",
        "notes",
        "wrote",
        "writes",
        "found",
        "finds",
        "cited",
        "cites",
        "cite",
        "calculated",
        "calculates",
        "acknowledged",
        "acknowledges",
        "confirmed",
        "confirms",
        "disclosed",
        "discloses",
        "revealed",
        "reveals",
        "showed",
        "shows",
        "indicated",
        "indicates",
        "counted",
        "testified",
        "informed",
        "explained",
        "insisted",
        "argued",
    ]
    + [f"{verb} the {noun}" for verb in ("put", "puts") for noun in ("figure", "number", "total")],
    either_case_first=False,
)
VERB_RE = Bounded(rf"\b(?:{REPORTING_VERBS})\b")
ACCORDING_RE = Bounded(r"\b[Aa]ccording\s+to\s+", needles=("ccording",))
BY_ESTIMATE_RE = Bounded(
    r"\b(?:[Bb]y|[Ii]n)\s+the\s+(?:estimates?|count|figures?|reckoning|calculations?|data)\s+of\s+",
    needles=("estimate", "count", "figure", "reckoning", "calculation", "data"),
)
INVERTED_RE = re.compile(
    r"\s*,?\s*(?:said|says|reports|reported|added|wrote|according\s+to|told)\s+(?P<src>(?:the\s+)?[A-Z][^,.;:()\n]{0,80}?)\s*(?:[.,;]|$)"
)
_NP_STOP_RE = re.compile(
    r"(?:\s+(?:there|that|which|who|whom|whose|where|while|when|because|but|and\s+(?:that|the\s+regime|it)|as\s+(?:well|of)|if|since|though|although)\b|[,;:()\[\]“”\"—–]|(?-i:(?<![A-Z]))\.(?!\w)|\s-\s)",
    re.IGNORECASE,
)
_LEADING_RE = re.compile(
    r"^(?:(?:and|but|so|that|while|as|also|then|meanwhile|however)\s+)*(?:(?:the|a|an)\s+)?",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(
    r"(?:[’']s)?\s+(?:own\s+)?(?:estimates?|figures?|data|statistics|report|reports|statement|"
    r"count|calculations?|survey|records?|numbers?|tally|assessment)$",
    re.IGNORECASE,
)
_AUX_TAIL_RE = re.compile(
    r"(?:\s+(?:had|has|have|was|were|is|are|also|previously|earlier|recently|reportedly|later|"
    r"then|now|already|once|repeatedly|publicly|separately|officially|itself|themselves|"
    r"on\s+\w+day|last\s+\w+|this\s+\w+|in\s+a\s+statement|will|would|could|may|might|"
    r"which|that|who|typically|only|firmly|widely|privately|initially))+$",
    re.IGNORECASE,
)
_PLACE_POSSESSIVE_RE = re.compile(
    r"^(?:(?:the\s+)?(?:country|government|state|emirate|kingdom)|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)[’']s\s+(?=[A-Z])"
)
_PRONOUNS = {
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "one",
    "some",
    "others",
    "many",
    "most",
    "its",
    "their",
    "his",
    "her",
    "our",
    "report",
    "the report",
    "statement",
    "the statement",
    "a",
    "an",
    "the",
}
# "an estimated $3 billion", "the reported figure", "..., estimated at 50,000": not a verb
# with a subject.
_ADJECTIVAL_RE = re.compile(r"\b(?:an?|the)\s+$", re.IGNORECASE)
# "..., estimated at 50,000 by a Seoul think tank"
PASSIVE_BY_RE = re.compile(r"\s+by\s+(?P<src>(?:the\s+|a\s+|an\s+)?[^,.;()]{2,60})")
PARTICIPLE_RE = Bounded(
    r"\b(?:estimated|put|reported|counted|given|cited|recorded|calculated|assessed)\s+"
    r"(?:to\s+(?:be|number)\s+)?(?:at\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i", "you", "it"}
EXPANSIONS = {
    "AP": "Associated Press",
    "the AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "VOA": "Voice of America",
    "RFA": "Radio Free Asia",
    "KCNA": "Korean Central News Agency",
    "NIS": "National Intelligence Service",
}
_SEGMENT_BOUNDARY_RE = re.compile(r"[;:—–\n]|\s-\s|[“”\"]")
_LEADING_NUMBER_RE = re.compile(r"^(?:(?:19|20)\d\d|\d+)\s+")
_LETTER_RE = re.compile(r"[A-Za-z]")


def _clean(np: str) -> str | None:
    np = np.strip(" \t\n,;:’'\"“”")
    if not _is_plain(np):
        np = _tidy(np)
    if not np or np.lower() in _PRONOUNS or len(np.split()) > 10:
        return None
    if any(w.lower() in _SUBJECT_PRONOUNS for w in np.split()):
        return None  # "money they (say)"
    if not _LETTER_RE.search(np):
        return None
    return EXPANSIONS.get(np, np)


def _tidy(np: str) -> str:
    """np cut at a relative clause or a dash, without auxiliaries, articles, "'s estimates",
    a possessive place or a leading year."""
    m = _NP_STOP_RE.search(np)
    if m is not None and m.start() > 0:
        np = np[: m.start()]
    np = _AUX_TAIL_RE.sub("", np).strip()
    np = _LEADING_RE.sub("", np, count=1).strip()
    np = _TRAILING_RE.sub("", np).strip()
    np = _PLACE_POSSESSIVE_RE.sub("", np).strip()
    np = _LEADING_RE.sub("", np, count=1).strip()
    np = _LEADING_NUMBER_RE.sub("", np)  # "a 2015 UN report" -> "UN"
    return np.rstrip("’'").strip()


def _words(*patterns: re.Pattern) -> frozenset[str]:
    """The words patterns look for, as written in them (and without a final "s", for
    "estimates?"); the letters of \\s or \\b come along, which does no harm."""
    return frozenset(
        form
        for pattern in patterns
        for word in re.findall("[a-z]+", pattern.pattern)
        for form in (word, word.removesuffix("s"))
    )


# Where _tidy's patterns look for their words: anywhere (_NP_STOP_RE, whose "of" and "well"
# come only after "as", and "the", "regime" and "it" only after "and"), first (_LEADING_RE),
# or among the last two (_AUX_TAIL_RE, _TRAILING_RE); the possessive one needs an apostrophe.
_STOP_WORDS = _words(_NP_STOP_RE) - {"of", "well", "the", "regime", "it"}
_LEADING_WORDS = _words(_LEADING_RE)
_TAIL_WORDS = _words(_AUX_TAIL_RE, _TRAILING_RE)
_PLAIN_RE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _is_plain(np: str) -> bool:
    """Would _tidy leave np as it is? So it does with words of ASCII letters, one space apart,
    none of them a word its patterns look for where they look for it ("Mariam Dabrowska",
    "Oman Ministry of Labour", "people familiar with the matter"): most sources, which _tidy's
    seven patterns would each search in vain."""
    if _PLAIN_RE.fullmatch(np) is None:
        return False
    words = np.lower().split(" ")
    return (
        _STOP_WORDS.isdisjoint(words)
        and words[0] not in _LEADING_WORDS
        and _TAIL_WORDS.isdisjoint(words[-2:])
    )


_POSSESSIVE_PRONOUN_RE = re.compile(r"^\s*(?:its|their)\s", re.IGNORECASE)
_LEADING_NAME_RE = re.compile(
    r"(?:The\s+)?(?P<name>[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)"
)


def _source(raw: str, text: str, sent_start: int) -> str | None:
    """_clean, but "its final report" stands for the sentence's subject ("Russia")."""
    if _POSSESSIVE_PRONOUN_RE.match(raw):
        m = _LEADING_NAME_RE.match(text, sent_start)
        return _clean(m.group("name")) if m else None
    return _clean(raw)


def _segment_start(text: str, lo: int, pos: int) -> int:
    """Where the clause ending at pos begins: after the last ;, :, dash or quote mark."""
    start = lo
    for m in _SEGMENT_BOUNDARY_RE.finditer(text, lo, pos):
        start = m.end()
    return start


_CLAUSE_SPLIT_RE = re.compile(
    r",\s+(?:while|whereas|but|although|though|and\s+(?:a|an|the)\b)|;\s", re.IGNORECASE
)


def find_attribution(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str | None:
    """Who text[start:end] (a figure in the sentence text[sent_start:sent_end]) comes from.

    A reporting verb of the figure's own clause wins over one of a coordinated clause
    ("X puts the number at 50,000, while a report said 100,000")."""
    lo, hi = sent_start, sent_end
    for m in _CLAUSE_SPLIT_RE.finditer(text, sent_start, sent_end):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    if (lo, hi) != (sent_start, sent_end):
        found = _find(text, lo, hi, start, end)
        if found:
            return found
    return _find(text, sent_start, sent_end, start, end)


def _find(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str | None:
    candidates: list[tuple[int, str]] = []
    by = PASSIVE_BY_RE.match(text, end, sent_end)
    if by is not None and PARTICIPLE_RE.search(text, max(sent_start, start - 40), start):
        src = _clean(by.group("src"))
        if src:
            candidates.append((0, src))

    for m in ACCORDING_RE.finditer(text, sent_start, sent_end):
        src = _source(text[m.end() : min(sent_end, m.end() + 120)], text, sent_start)
        if src:
            dist = m.start() - end if m.start() >= end else start - m.end()
            candidates.append((max(dist, 0), src))
    for m in BY_ESTIMATE_RE.finditer(text, sent_start, sent_end):
        src = _source(text[m.end() : min(sent_end, m.end() + 120)], text, sent_start)
        if src:
            dist = m.start() - end if m.start() >= end else start - m.end()
            candidates.append((max(dist, 0), src))

    for m in VERB_RE.finditer(text, sent_start, sent_end):
        if start <= m.start() < end:
            continue
        if _ADJECTIVAL_RE.search(text, max(sent_start, m.start() - 5), m.start()):
            continue  # "an estimated $3 billion", "the reported figure"
        if text.startswith(" at ", m.end()):
            continue  # "..., estimated at 50,000 by ...": a participle
        if m.start() >= end:
            # "..., X said": the subject lies between the figure (or a comma) and the verb.
            seg_lo = max(end, text.rfind(",", end, m.start()) + 1)
            inv = INVERTED_RE.match(text, m.start(), sent_end)
            segment = text[seg_lo : m.start()]
            src = _clean(segment) if segment.strip() else None
            if src is None and inv is not None and text[seg_lo : m.start()].strip() == "":
                src = _clean(inv.group("src"))
            if src:
                candidates.append((m.start() - end, src))
        else:
            # "X said (that) ...": the subject is the clause before the verb.
            seg_lo = _segment_start(text, sent_start, m.start())
            segment = text[seg_lo : m.start()].rstrip()
            if not segment:
                continue
            if segment.endswith(","):
                # "Name, the official title, said" -> the name
                segment = segment.split(",")[0]
            elif "," in segment:
                segment = segment.rsplit(",", 1)[1]
            src = _clean(segment)
            if src:
                candidates.append((start - m.end(), src))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    return candidates[0][1]
