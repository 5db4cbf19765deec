"""sanctions_clause: what a sanctions instrument requires or forbids.

Clauses are found by what they say, in sentences that speak of sanctions, permits, visas,
repatriation or exports:

- cap_work_authorizations: no increase in the number of work authorizations (UNSCR 2371):
  "prevent member states from increasing the total number of work authorizations", "may no longer
  raise the number of", "froze the number of", "banning the hiring of additional workers";
- ban_new_work_authorizations: no new or renewed ones (UNSCR 2375): "bars member states from
  granting new work authorizations", "barring the renewal of their work contracts", "the practice
  is prohibited by UN sanctions";
- repatriation: send them all home (UNSCR 2397): "required every member state to repatriate",
  "should have been sent home by the end of 2019";
- export_ban: "prohibit the export of coal, iron, lead and seafood";
- national_measure: a country's own step ("Qatar stopped issuing new permits", "the Ministry will
  not issue new work permits", "permits ... would no longer be granted").

A clause is kept only when the sentence ties it to sanctions (a resolution, the Security
Council, "member states", "the measures") or, for a national measure, to a country or ministry.
Negated, hypothetical, urged and background ("since the government stopped ...") statements stay
out. The instrument is the one named in the sentence, else the one adopted on a date the text
gives ("imposed Saturday"), else the one that introduced that labour provision, else one named
or dated just before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from claims.extraction.document import Document
from claims.extraction.instruments import (
    ADOPTED,
    PROVISION_INSTRUMENT,
    InstrumentMention,
    adopted_between,
    latest_before,
)
from claims.extraction.lexicon import LABOUR_RE, NK_RE
from claims.extraction.model import ExtractedClaim
from claims.extraction.patterns import Bounded, WordStarts, lexicon_word, word_alternation
from claims.extraction.places import NORTH_KOREA, is_country

# Sentences worth reading for clauses hold one of these words.
TOPIC = WordStarts(
    [
        "sanction",
        "resolution",
        "security council",
        "executive order",
        "permit",
        "authoriz",
        "authoris",
        "visa",
        "repatriat",
        "export",
        "contract",
        "hiring",
        "sent home",
        "sent back",
        "expel",
        "home by",
        "must",
        "requir",
        "oblig",
    ],
    ["UNSC"],
    end_boundary=False,
)
UN_REF_RE = Bounded(
    r"\b(?:sanctions?|resolutions?|UNSCR?|Security\s+Council|U\.N\.|UN|United\s+Nations"
    r"|member\s+(?:states?|countries|nations)|every\s+(?:member\s+)?state|all\s+(?:member\s+)?states"
    r"|measures?|draft|embargo)\b",
    re.IGNORECASE,
)
SANCTIONS_WORD_RE = Bounded(
    r"\b(?:sanctions?|resolutions?|UNSCR?|Security\s+Council|measures)\b", re.IGNORECASE
)
AUTHORITY_RE = Bounded(
    r"\b(?:government|ministry|ministries|authorit(?:y|ies)|cabinet|parliament|president"
    r"|officials|embassy|consulates?|consul|kingdom|emirate|state\s+of)\b",
    re.IGNORECASE,
)
SUBORDINATE_RE = Bounded(
    r"\b(?:since|after|when|because|until|before|once|if|unless|as|while|although|though"
    r"|whether)\b[^,;]*$",
    re.IGNORECASE,
)
NEGATED_RE = Bounded(
    r"\b(?:not|never|no\s+plans?\s+to|n[’']t|refused\s+to|declined\s+to|without)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
URGED_RE = Bounded(
    r"\b(?:urg\w+|press\w*|ask\w*|call\w*\s+on|call\w*\s+for|encourag\w+|want\w*|push\w*"
    r"|lobb\w+|demand\w*\s+that|persuad\w+|recommend\w*)\b[^.;]*$",
    re.IGNORECASE,
)
LABOUR_OBJECT_RE = Bounded(
    r"\b(?:workers?|laborers?|labourers?|labou?r|nationals|citizens|North\s+Koreans?|DPRK\s+\w+"
    r"|employees|them)\b",
    re.IGNORECASE,
)
ANAPHORIC_SUBJECT_RE = Bounded(
    r"\b(?:practice|practise|this|it|they|such|scheme|programme|program|trade|system)\b",
    re.IGNORECASE,
)
DEADLINE_RE = Bounded(
    r"\b(?:within\s+(?:24|twenty-four)\s+months|by\s+(?:the\s+end\s+of\s+)?(?:22\s+December\s+)?2019"
    r"|by\s+December\s+22,?\s+2019)\b",
    re.IGNORECASE,
)
IMPLEMENT_RE = Bounded(
    r"\b(?:implement\w*|compl(?:y|ies|ied|iance)|pursuant|in\s+line\s+with|obligations?"
    r"|enforc\w+)\b",
    re.IGNORECASE,
)
NEW_SANCTIONS_RE = Bounded(
    r"\b(?:new|latest|fresh|recent|tougher|toughest|punishing)\s+(?:\w+\s+){0,2}?"
    r"(?:sanctions|measures|resolution)\b",
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(
    r"(?-i:(?<![A-Z]))\.(?=\s|$)|[;!?](?=\s|$)|:\s|,\s+(?:then|and|but|while|whereas|which|so|as|because|although|though"
    r"|unless|save|except|after|before|until|goods|commodities|in\s+a|adding|citing|according)\b"
    r"|\s[—–]\s|\(|[“”\"]",
    re.IGNORECASE,
)

_CLAUSE_OPENER_RE = re.compile(r",\s|;\s|:\s|\s[—–]\s|\bthat\s|\bwho\s|\bwhich\s")
_TO_BEFORE_RE = re.compile(r"\bto\s+$")
_GOODS_RE = re.compile(r"coal|iron|seafood|textile", re.I)
_HYPOTHETICAL_RE = re.compile(r"\b(?:would|could|might)\b")
_STATED_RE = re.compile(r"\b(?:informed|said|says|announced|told|stated)\b")
_PERMIT_WORD_RE = re.compile(r"authori[sz]ation|permit|contract", re.I)
_THOSE_SANCTIONS_RE = re.compile(
    r"\b(?:those|these|the)\s+(?:sanctions|measures|resolutions?)\b", re.I
)
_NOT_RE = re.compile(r"\b(?:not|never)\b")
_NEW_MEASURES_RE = re.compile(r"\bnew\s+measures\b", re.I)
_LEADING_CONJUNCTION_RE = re.compile(r"(?:and|but|while|then|or|yet)\s+", re.IGNORECASE)
# What may precede a date that opens a clause: the sentence start, a comma, "But", "and".
_CLAUSE_OPENING_RE = re.compile(r"(?:^|[,;:]\s*|^(?:But|And|Yet|So)\s+)$")

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
_KEY_RE = re.compile(r"\W(?=(" + word_alternation(_ALL_KEYS, either_case_first=False) + "))")
_KEY_BIT = {k: 1 << i for i, k in enumerate(_ALL_KEYS)}
# keyword found -> bits of it and of the keywords that are its prefixes
_KEY_PREFIX_BITS = {k: sum(_KEY_BIT[p] for p in _ALL_KEYS if k.startswith(p)) for k in _ALL_KEYS}
# per pattern, one bit mask per group of words
_KEY_MASKS = [tuple(sum(_KEY_BIT[w] for w in group) for group in groups) for groups in KEYWORDS]
_PRIORITY = {
    "cap_work_authorizations": 0,
    "ban_new_work_authorizations": 1,
    "repatriation": 2,
    "national_measure": 3,
    "export_ban": 4,
}


def extract(
    doc: Document, instruments: list[InstrumentMention], topic_starts: Iterable[int] | None = None
) -> list[ExtractedClaim]:
    """The clauses of doc; topic_starts are where TOPIC words begin, if already found."""
    text = doc.text
    if topic_starts is None:
        topic_starts = TOPIC.starts(text, 0, doc.limit)
    by_sentence: dict[int, list[InstrumentMention]] = {}
    for mention in instruments:
        by_sentence.setdefault(doc.sentence_index(mention.start), []).append(mention)
    claims: list[ExtractedClaim] = []
    done_until = -1
    for at in topic_starts:
        if at < done_until:
            continue
        si = doc.sentence_index(at)
        done_until = doc.sentence(si)[1]
        claims.extend(_sentence_clauses(doc, si, by_sentence))
    return claims


def _sentence_clauses(
    doc: Document, si: int, by_sentence: dict[int, list[InstrumentMention]]
) -> list[ExtractedClaim]:
    text = doc.text
    s_start, s_end = doc.sentence(si)
    if doc.skip_line(s_start):
        return []
    hits: list[tuple[int, int, int, str, str]] = []
    lowered = text[s_start:s_end].lower()
    present = 0
    for m in _KEY_RE.finditer(" " + lowered):  # (a space, so the first word is scanned too)
        present |= _KEY_PREFIX_BITS[lexicon_word(m.group(1))]
    if not present:
        return _other(doc, si, by_sentence)
    same_length = lowered if len(lowered) == s_end - s_start else None
    for (provision, pattern, how), masks in zip(PATTERNS, _KEY_MASKS, strict=True):
        active = True
        for mask in masks:
            if not mask & present:
                active = False
                break
        if not active:
            continue
        for m_start, m_end in pattern.finditer(text, s_start, s_end, same_length):
            hits.append((m_start, -_PRIORITY[provision], m_end, provision, how))
    if not hits:
        return _other(doc, si, by_sentence)
    hits.sort()
    claims: list[ExtractedClaim] = []
    taken_until = s_start
    for start, _prio, end, provision, how in hits:
        if start < taken_until:
            continue
        claim = _clause(doc, si, start, end, provision, how, by_sentence)
        if claim is not None:
            claims.append(claim)
            taken_until = claim.end
    return claims or _other(doc, si, by_sentence)


# "Resolution 2397 (2017), adopted in December, also capped refined petroleum imports": what a
# named instrument requires when it is none of the provisions above.
OTHER_VERB_RE = re.compile(
    r"\s*(?:,[^,;.]{1,60},\s*)?(?:also\s+|further\s+)?(?P<verb>requires|required|bans|banned"
    r"|prohibits|prohibited|caps|capped|freezes|froze|imposes|imposed|restricts|restricted"
    r"|limits|limited|obliges|obliged|orders|ordered|demands|demanded|mandates|mandated"
    r"|authori[sz]es|authori[sz]ed|designates|designated|blacklists|blacklisted)\b"
)


def _other(
    doc: Document, si: int, by_sentence: dict[int, list[InstrumentMention]]
) -> list[ExtractedClaim]:
    """A named instrument that is the subject of a requiring verb, for no known provision."""
    text = doc.text
    _, s_end = doc.sentence(si)
    for mention in by_sentence.get(si, []):
        m = OTHER_VERB_RE.match(text, mention.end, s_end)
        if m is None:
            continue
        start = m.start("verb")
        end = _clause_end(doc, si, m.end())
        if end <= m.end():
            continue
        code = mention.codes[0]
        return [
            ExtractedClaim(
                kind="sanctions_clause",
                quote=text[start:end],
                start=start,
                end=end,
                instrument=code,
                provision="other",
                as_of=ADOPTED[code].isoformat() if code in ADOPTED else None,
                confidence=0.6,
            )
        ]
    return []


def _clause_start(doc: Document, si: int, pos: int) -> int:
    """Where the clause ending at pos begins: after a comma, semicolon, dash or "that"."""
    text = doc.text
    s_start, _ = doc.sentence(si)
    start = s_start
    for m in _CLAUSE_OPENER_RE.finditer(text[s_start:pos]):
        start = s_start + m.end()
    return start


def _clause_end(doc: Document, si: int, pos: int) -> int:
    text = doc.text
    _, s_end = doc.sentence(si)
    m = _CLAUSE_END_RE.search(text, pos, s_end)
    end = m.start() if m else s_end
    while end > pos and text[end - 1] in " ,;":
        end -= 1
    return end


def _clause(
    doc: Document,
    si: int,
    start: int,
    end: int,
    provision: str,
    how: str,
    by_sentence: dict[int, list[InstrumentMention]],
) -> ExtractedClaim | None:
    text = doc.text
    s_start, s_end = doc.sentence(si)
    sentence = text[s_start:s_end]
    before = text[s_start:start]
    clause_lo = _clause_start(doc, si, start)
    subject = text[clause_lo:start]

    if NEGATED_RE.search(text, max(s_start, start - 30), start):
        return None
    if URGED_RE.search(text, max(s_start, start - 80), start) and how != "subject":
        return None
    if _TO_BEFORE_RE.search(text[max(s_start, start - 4) : start]):
        return None  # "to ban ...": an aim, not a rule

    un_here = bool(UN_REF_RE.search(sentence))
    prev_sanctions = any(doc.holds(SANCTIONS_WORD_RE, i) for i in range(max(0, si - 2), si))
    country_subject = _country_subject(doc, si, start)

    if provision == "export_ban":
        obj = text[end : min(s_end, end + 60)]
        national_law = any(not c.startswith("UNSCR") for c in _named_near(doc, si, by_sentence, 0))
        if LABOUR_RE.search(obj) and not national_law and not _GOODS_RE.search(obj):
            provision = "ban_new_work_authorizations"
        elif not (un_here or prev_sanctions or by_sentence.get(si)):
            return None
    if provision == "national_measure":
        background = SUBORDINATE_RE.search(before) or _HYPOTHETICAL_RE.search(subject)
        if background and not _STATED_RE.search(before):
            return None
        where = sentence if how == "self" else before
        if not (
            country_subject
            or AUTHORITY_RE.search(where)
            or (how == "self" and _country_in(doc, si))
        ):
            return None
        if not _north_korea_near(doc, si):
            return None
    elif provision in ("cap_work_authorizations", "ban_new_work_authorizations"):
        if how == "subject":
            if not _labour_subject(doc, si, subject):
                return None
        elif not (
            LABOUR_OBJECT_RE.search(text, start, min(s_end, end + 80))
            or _PERMIT_WORD_RE.search(text[start : min(s_end, end + 80)])
        ):
            return None
        if not un_here:
            if country_subject and not prev_sanctions:
                provision = "national_measure"
            elif not prev_sanctions:
                return None
        if SUBORDINATE_RE.search(before) and not un_here:
            return None
    elif provision == "repatriation":
        scope = text[clause_lo : min(s_end, end + 80)]
        if not LABOUR_OBJECT_RE.search(scope):
            return None
        if not (
            un_here
            or DEADLINE_RE.search(sentence)
            or (prev_sanctions and _THOSE_SANCTIONS_RE.search(sentence))
        ):
            return None
        if _NOT_RE.search(text[max(s_start, start - 12) : start]):
            return None

    if how in ("subject", "passive", "self"):
        clause_start = clause_lo if how != "self" else start
    else:
        clause_start = start
    # A date leading the clause belongs to it: "as of 2017, the practice ..."
    clause_start = _lead_date(doc, si, clause_start)
    clause_end = _clause_end(doc, si, end)
    while clause_start < clause_end and text[clause_start] in " ,;":
        clause_start += 1
    lead = _LEADING_CONJUNCTION_RE.match(text, clause_start, clause_end)
    if lead is not None:
        clause_start = lead.end()
    if clause_end <= clause_start:
        return None

    instrument = _instrument(doc, si, provision, clause_start, clause_end, by_sentence)
    as_of = _as_of(doc, si, clause_start, clause_end, instrument, by_sentence.get(si, []))
    named = any(
        clause_start - 200 < m.end and m.start < clause_end for m in by_sentence.get(si, [])
    )
    return ExtractedClaim(
        kind="sanctions_clause",
        quote=text[clause_start:clause_end],
        start=clause_start,
        end=clause_end,
        instrument=instrument,
        provision=provision,
        as_of=as_of,
        confidence=0.85 if (named or provision != "national_measure") else 0.7,
    )


def _lead_date(doc: Document, si: int, pos: int) -> int:
    text = doc.text
    s_start, _ = doc.sentence(si)
    for d in doc.dates(si):
        if d.end <= pos and pos - d.end <= 4 and text[d.end : pos].strip() == ",":
            before = text[s_start : d.start]
            if _CLAUSE_OPENING_RE.search(before):
                return d.start
    return pos


def _country_subject(doc: Document, si: int, pos: int) -> bool:
    """Is a country (other than North Korea) named before pos in this sentence?"""
    for place in doc.places(si):
        if place.start >= pos:
            break
        if is_country(place.code) and place.code != NORTH_KOREA:
            return True
    return False


def _country_in(doc: Document, si: int) -> bool:
    return any(is_country(p.code) and p.code != NORTH_KOREA for p in doc.places(si))


def _north_korea_near(doc: Document, si: int) -> bool:
    return any(doc.holds(NK_RE, index) for index in range(si, max(-1, si - 3), -1))


def _labour_subject(doc: Document, si: int, subject: str) -> bool:
    if LABOUR_RE.search(subject):
        return True
    if ANAPHORIC_SUBJECT_RE.search(subject):
        for index in range(si, max(-1, si - 4), -1):
            if doc.holds(LABOUR_RE, index):
                return True
    return False


def _named_near(
    doc: Document, si: int, by_sentence: dict[int, list[InstrumentMention]], back: int
) -> list[str]:
    codes: list[str] = []
    for index in range(si - back, si + 1):
        for mention in by_sentence.get(index, []):
            codes.extend(mention.codes)
    return codes


def _dated(doc: Document, si: int, provision: str) -> str | None:
    """An instrument adopted on a date the sentence gives ("imposed Saturday")."""
    for d in doc.dates(si):
        if d.low is None or d.high is None:
            continue
        if (d.high - d.low).days > 10:
            continue
        candidates = adopted_between(d.low, d.high)
        mapped = PROVISION_INSTRUMENT.get(provision)
        if mapped in candidates:
            return mapped
        if len(candidates) == 1:
            return candidates[0]
    return None


def _instrument(
    doc: Document,
    si: int,
    provision: str,
    start: int,
    end: int,
    by_sentence: dict[int, list[InstrumentMention]],
) -> str | None:
    mapped = PROVISION_INSTRUMENT.get(provision)
    here = _named_near(doc, si, by_sentence, 0)
    if provision == "national_measure":
        # the resolution named with it, or one the text just said the country implements
        near = [c for c in here if c.startswith("UNSCR")]
        for index in (si - 1,):
            if near or index < 0:
                break
            if doc.holds(IMPLEMENT_RE, index):
                near = [c for c in _named_near(doc, index, by_sentence, 0) if c.startswith("UNSCR")]
        return near[-1] if near else None
    if here:
        if mapped in here:
            return mapped
        return here[0]
    dated = _dated(doc, si, provision)
    if dated:
        return dated
    if mapped:
        return mapped
    for index in (si - 1, si - 2):
        if index < 0:
            break
        if not doc.holds(SANCTIONS_WORD_RE, index):
            continue
        named = _named_near(doc, index, by_sentence, 0)
        if named:
            return named[-1]
        dated = _dated(doc, index, provision)
        if dated:
            return dated
    if doc.published is not None:
        s_start, s_end = doc.sentence(si)
        window_lo = doc.sentence(max(0, si - 1))[0]
        if NEW_SANCTIONS_RE.search(doc.text, window_lo, s_end) or _NEW_MEASURES_RE.search(
            doc.text[s_start:s_end]
        ):
            return latest_before(doc.published, 21)
    return None


def _as_of(
    doc: Document,
    si: int,
    start: int,
    end: int,
    instrument: str | None,
    mentions: list[InstrumentMention],
) -> str | None:
    """The date a clause gives for itself ("as of 2017", "since 2019"; not a deadline), else
    its instrument's adoption date."""
    for d in doc.dates(si):
        if any(m.start <= d.start < m.end for m in mentions):
            continue  # "Resolution 2397 (2017)"
        if d.value and start <= d.start < end and (d.lead or "") not in ("by", "until", "till"):
            if "within" in doc.text[max(0, d.start - 12) : d.start]:
                continue
            return d.value
    if instrument in ADOPTED:
        return ADOPTED[instrument].isoformat()
    return None
