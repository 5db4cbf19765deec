"""The sanctions clause patterns, and the keywords a sentence needs to be searched with each."""

from __future__ import annotations

import re

from claims.extraction.patterns import Bounded, word_alternation

_PROHIBIT = (
    r"(?:prohibit(?:s|ed|ing)?|ban(?:s|ned|ning)?|bar(?:s|red|ring)?|forbid(?:s|ding|den)?"
    r"|forbade|outlaw(?:s|ed|ing)?|prevent(?:s|ed|ing)?|preclude[sd]?|precluding"
    r"|restrict(?:s|ed|ing)?|block(?:s|ed|ing)?)"
)
_STATES = (
    r"(?:(?:all|every|other|un|u\.n\.|the|any)\s+)?(?:member\s+)?(?:states?|countries|country"
    r"|nations|governments)"
)
_NUMBER_OF = (
    r"(?:the\s+)?(?:total\s+|overall\s+)?(?:number|numbers|level|levels|total|count|quota)\s+of"
)
_WORKAUTH = (
    r"(?:work(?:ing)?\s+|employment\s+|labou?r\s+|entry\s+|residence\s+|residency\s+)*"
    r"(?:authori[sz]ations?|permits?|visas?)"
)
_NKWORKERS = (
    r"(?:(?:North\s+Korean|DPRK|N\.\s*Korean)\s+)?(?:workers|laborers|labourers|nationals"
    r"|citizens|labou?r|North\s+Koreans)"
)


def _c(pattern: str) -> _Clause:
    """A clause pattern. It is run case-sensitively on the lower-cased sentence (much faster than
    a case-insensitive search), or case-insensitively where lower-casing changes the length;
    either way it is tried at word starts only (patterns.Bounded), as it begins with \\b."""
    return _Clause(pattern)


class _Clause:
    __slots__ = ("folded", "lowered")

    def __init__(self, pattern: str) -> None:
        self.folded = Bounded(pattern, re.IGNORECASE)
        self.lowered = Bounded(pattern.lower())

    def finditer(self, text: str, start: int, end: int, lowered: str | None = None):
        if lowered is not None:
            for m in self.lowered.finditer(lowered):
                yield start + m.start(), start + m.end()
        else:
            for m in self.folded.finditer(text, start, end):
                yield m.start(), m.end()


# (provision, pattern, how): how is "active" (starts at the verb) or "passive" (the clause's
# subject is part of it). KEYWORDS below lists, for each pattern, words one of which its match
# must contain: a sentence without any is not searched with it.
PATTERNS: list[tuple[str, _Clause, str]] = [
    # cap on the number of work authorizations
    (
        "cap_work_authorizations",
        _c(
            rf"\b{_PROHIBIT}\s+(?:{_STATES}\s+)?(?:from\s+(?:increasing|raising|expanding|exceeding"
            rf"|adding\s+to)|to\s+(?:increase|raise|expand|exceed))\s+{_NUMBER_OF}\b"
        ),
        "active",
    ),
    (
        "cap_work_authorizations",
        _c(
            rf"\b(?:may|can|could|will|shall|must|should)\s+(?:no\s+longer|not)\s+(?:raise|increase"
            rf"|expand|exceed)\s+{_NUMBER_OF}\b"
        ),
        "passive",
    ),
    (
        "cap_work_authorizations",
        _c(
            rf"\b(?:froze|freezes|freeze|freezing|frozen|capp?(?:ed|ing|s)?|limit(?:s|ed|ing)?"
            rf"|fix(?:es|ed)?)\s+(?:at\s+current\s+levels\s+)?{_NUMBER_OF}\s+(?:[\w\-’']+\s+){{0,3}}?"
            rf"(?:{_WORKAUTH}|workers|laborers|labourers|North\s+Koreans|nationals|citizens)\b"
        ),
        "active",
    ),
    (
        "cap_work_authorizations",
        _c(
            rf"\b{_PROHIBIT}\s+(?:{_STATES}\s+from\s+)?(?:the\s+)?(?:hiring|employment|recruitment"
            rf"|hire|employing|recruiting|admission|entry|arrival)\s+(?:of\s+)?(?:any\s+)?"
            rf"(?:additional|more|extra|further)\b"
        ),
        "active",
    ),
    (
        "cap_work_authorizations",
        _c(
            rf"\b(?:cap|ceiling|freeze|limit)\s+on\s+(?:{_NUMBER_OF}\s+)?(?:{_WORKAUTH}"
            rf"|(?:North\s+Korean\s+)?workers|laborers|labourers)"
        ),
        "active",
    ),
    (
        "cap_work_authorizations",
        _c(rf"\bnot\s+(?:to\s+)?exceed\s+{_NUMBER_OF}\b"),
        "passive",
    ),
    # ban on new (or renewed) work authorizations
    (
        "ban_new_work_authorizations",
        _c(
            rf"\b{_PROHIBIT}\s+(?:{_STATES}\s+)?(?:from\s+)?(?:issuing|granting|providing|giving"
            rf"|approving|renewing|extending|the\s+(?:issuance|issuing|granting|renewal|provision"
            rf"|approval|extension)\s+of)\s+(?:any\s+)?(?:new\s+|additional\s+|further\s+|fresh\s+)?"
            rf"{_WORKAUTH}"
        ),
        "active",
    ),
    (
        "ban_new_work_authorizations",
        _c(
            rf"\b{_PROHIBIT}\s+(?:{_STATES}\s+from\s+)?(?:the\s+)?(?:renewal|extension|renewing"
            rf"|extending)\s+(?:of\s+)?(?:their\s+|existing\s+|the\s+|any\s+)?(?:work\s+"
            rf"|employment\s+|labou?r\s+)?(?:contracts|permits|authori[sz]ations|visas)"
        ),
        "active",
    ),
    (
        "ban_new_work_authorizations",
        _c(
            rf"\b{_PROHIBIT}\s+(?:{_STATES}\s+from\s+)?(?:the\s+)?(?:hiring|employment|recruitment"
            rf"|hire|employing|recruiting|use)\s+(?:of\s+)?(?:new\s+|any\s+)?{_NKWORKERS}"
        ),
        "active",
    ),
    (
        "ban_new_work_authorizations",
        _c(
            r"\b(?:ban|prohibition|bar|embargo)\s+on\s+(?:the\s+)?(?:new\s+)?(?:work\s+authori[sz]ations"
            r"|work\s+permits|hiring|employment|issuance|recruitment|(?:North\s+Korean\s+)?"
            r"(?:labou?r|workers))"
        ),
        "active",
    ),
    (
        "ban_new_work_authorizations",
        _c(
            r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|became|become|becomes|remains?)"
            r"\s+(?:now\s+|also\s+|effectively\s+)?(?:prohibited|banned|forbidden|outlawed|illegal"
            r"|barred)\s+(?:by|under)\s+(?:the\s+)?(?:new\s+|latest\s+)?(?:UN\s+|U\.N\.\s+"
            r"|United\s+Nations\s+|international\s+|Security\s+Council\s+)*(?:sanctions|resolutions?"
            r"|measures)"
        ),
        "subject",
    ),
    # repatriation
    (
        "repatriation",
        _c(
            r"\b(?:must|required|requires|require|requiring|obliged|obliges|oblige|obligated"
            r"|obligating|ordered|orders|ordering|demands|demanded|mandates|mandated|mandating"
            r"|have\s+to|has\s+to|had\s+to|should|are\s+to|were\s+to|directs|directed|compels"
            r"|compelled|(?:had|have|has|were\s+given|are\s+given|was\s+given)\s+until)"
            r"\s+(?:[\w’'\-]+\s+){0,7}?(?:to\s+)?(?:repatriate|send\s+(?:[\w’'\-]+\s+)"
            r"{0,5}?(?:home|back)|expel|return\s+(?:[\w’'\-]+\s+){0,5}?home)\b"
        ),
        "passive",
    ),
    (
        "repatriation",
        _c(
            r"\b(?:should|must|were\s+to|are\s+to|would|will)\s+(?:all\s+)?(?:have\s+)?(?:be|been)\s+"
            r"(?:sent\s+home|repatriated|sent\s+back(?:\s+home)?|expelled|returned\s+home)\b"
        ),
        "subject",
    ),
    (
        "repatriation",
        _c(
            r"\brepatriation\s+of\s+(?:all\s+)?(?:North\s+Korean\s+|DPRK\s+)?(?:workers|laborers"
            r"|labourers|nationals|citizens)\b(?=[^.;]{0,80}\b(?:within|by)\s)"
        ),
        "active",
    ),
    # export bans
    (
        "export_ban",
        _c(
            rf"\b{_PROHIBIT}\s+(?:[\w\-]+\s+){{0,3}}?(?:the\s+|all\s+)?(?:exports?|exporting|exportation|sales?"
            rf"|imports?|importing|shipments?|supply|supplies)\s+(?:of|from)\b"
        ),
        "active",
    ),
    (
        "export_ban",
        _c(r"\b(?:ban|embargo|prohibition)\s+on\s+(?:the\s+)?(?:exports?|imports?|sales?)\s+of\b"),
        "active",
    ),
    # a country's own measures
    (
        "national_measure",
        _c(
            r"\b(?:has\s+|have\s+|had\s+)?(?:stopped|stops|halted|halts|suspended|suspends"
            r"|discontinued|discontinues|ceased|ceases|ended|ends|froze|freezes|cancelled|canceled"
            r"|revoked|revokes|refused|refuses|rejected|rejects)\s+(?:\w+\s+){0,2}?(?:issuing"
            r"|granting|approving|renewing|accepting|hiring|employing|recruiting|the\s+(?:issuance"
            r"|issuing|granting|renewal|approval|approvals|hiring|employment|recruitment)\s+of"
            r"|(?:(?:entry|work|residence|residency|new|employment)\s+)*(?:visas|permits"
            r"|authori[sz]ations))"
        ),
        "subject",
    ),
    (
        "national_measure",
        _c(
            r"\b(?:(?:will|would|shall|does|do|did)\s+(?:not|no\s+longer)\s+(?:intend\s+to\s+"
            r"|plan\s+to\s+)?(?:issue|grant|renew|approve|accept|extend|hire|employ|recruit)"
            r"|(?:has|have|had)\s+(?:not|no\s+longer)\s+(?:issued|granted|renewed|approved|accepted"
            r"|extended|hired|employed|recruited))\s+(?:any\s+)?(?:the\s+|their\s+|its\s+)?"
            r"(?:new\s+|further\s+|more\s+)?(?:(?:entry|work|residence|residency|employment)\s+)*"
            r"(?:visas|permits|authori[sz]ations|contracts|workers|North\s+Koreans|laborers|labourers)"
        ),
        "subject",
    ),
    (
        "national_measure",
        _c(
            r"\b(?:(?:entry|work|residence|residency|employment|expired|existing|new)\s+)*(?:visas"
            r"|permits|authori[sz]ations|contracts)\s+(?:[\w\-\[\]’']+\s+){0,5}?(?:are|were|will"
            r"|would|shall|is|was)\s+(?:no\s+longer|not)\s+(?:be\s+|being\s+)?(?:renewed|issued"
            r"|granted|extended|approved)\b"
        ),
        "self",
    ),
]
_NUMBER_WORDS = ("number", "level", "total", "count", "quota")
_PROHIBIT_STEMS = (
    "prohibit",
    "ban",
    "bar",
    "forbid",
    "forbade",
    "outlaw",
    "prevent",
    "preclud",
    "restrict",
    "block",
)
_MODAL_STEMS = (
    "must",
    "requir",
    "oblig",
    "order",
    "demand",
    "mandat",
    "have to",
    "has to",
    "had to",
    "should",
    "are to",
    "were to",
    "direct",
    "compel",
    "until",
)
_HIRING = (
    "hiring",
    "employment",
    "recruitment",
    "hire",
    "employing",
    "recruiting",
    "admission",
    "entry",
    "arrival",
    "use",
)
_GRANTING = ("issu", "grant", "provid", "giv", "approv", "renew", "extend", "extension", "accept")
_PERMITS = ("authori", "permit", "visa", "contract")
# For each pattern, groups of words: a sentence is searched with the pattern only if it holds
# one word of every group (cheap substring tests on the lower-cased sentence).
KEYWORDS: list[tuple[tuple[str, ...], ...]] = [
    (_PROHIBIT_STEMS, ("increas", "rais", "expand", "exceed", "adding"), _NUMBER_WORDS),
    (("no longer", "not"), ("raise", "increase", "expand", "exceed"), _NUMBER_WORDS),
    (("froze", "freez", "frozen", "cap", "limit", "fix"), _NUMBER_WORDS),
    (_PROHIBIT_STEMS, _HIRING, ("additional", "more", "extra", "further")),
    (("cap on", "ceiling on", "freeze on", "limit on"),),
    (("exceed",), ("not",), _NUMBER_WORDS),
    (_PROHIBIT_STEMS, _GRANTING, _PERMITS),
    (_PROHIBIT_STEMS, ("renew", "extend", "extension")),
    (_PROHIBIT_STEMS, _HIRING, ("worker", "labor", "labour", "national", "citizen", "korean")),
    (("ban on", "prohibition on", "bar on", "embargo on"),),
    (
        ("prohibited", "banned", "forbidden", "outlawed", "illegal", "barred"),
        ("sanction", "resolution", "measure"),
    ),
    (_MODAL_STEMS, ("repatriat", "send", "expel", "return")),
    (
        ("sent home", "repatriated", "sent back", "expelled", "returned home"),
        ("should", "must", "were to", "are to", "would", "will"),
    ),
    (("repatriation of",),),
    (_PROHIBIT_STEMS, ("export", "sale", "import", "shipment", "supply", "supplies")),
    (("ban on", "embargo on", "prohibition on"),),
    (
        (
            "stopped",
            "stops",
            "halted",
            "halts",
            "suspend",
            "discontinu",
            "ceased",
            "ceases",
            "ended",
            "ends",
            "froze",
            "freezes",
            "cancel",
            "revok",
            "refus",
            "reject",
        ),
        _GRANTING + _PERMITS + ("hir", "employ", "recruit"),
    ),
    (
        ("not", "no longer"),
        (*_GRANTING, "hir", "employ", "recruit"),
        (*_PERMITS, "worker", "korean", "labor", "labour"),
    ),
    (("not", "no longer"), ("renewed", "issued", "granted", "extended", "approved"), _PERMITS),
]
_ALL_KEYS = tuple(sorted({word for groups in KEYWORDS for group in groups for word in group}))
# Every keyword that begins a word of a lower-cased sentence, in one scan: after each non-word
# character the longest keyword starting there, then the keywords that are prefixes of it. Each
# pattern matches its keywords at the start of a word (after \b), so keywords inside words
# ("ban" in "urban") are not needed, and the scan stops only between words.
KEY_RE = re.compile(r"\W(?=(" + word_alternation(_ALL_KEYS, either_case_first=False) + "))")
_KEY_BIT = {k: 1 << i for i, k in enumerate(_ALL_KEYS)}
# keyword found -> bits of it and of the keywords that are its prefixes
KEY_PREFIX_BITS = {k: sum(_KEY_BIT[p] for p in _ALL_KEYS if k.startswith(p)) for k in _ALL_KEYS}
# per pattern, one bit mask per group of words
KEY_MASKS = [tuple(sum(_KEY_BIT[w] for w in group) for group in groups) for groups in KEYWORDS]
PRIORITY = {
    "cap_work_authorizations": 0,
    "ban_new_work_authorizations": 1,
    "repatriation": 2,
    "national_measure": 3,
    "export_ban": 4,
}
