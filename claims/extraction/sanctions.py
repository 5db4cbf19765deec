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

from claims.extraction import sanctions_attribution
from claims.extraction.document import Document
from claims.extraction.instruments import ADOPTED, InstrumentMention
from claims.extraction.lexicon import LABOUR_RE, NK_RE
from claims.extraction.model import ExtractedClaim
from claims.extraction.patterns import Bounded, WordStarts, lexicon_word
from claims.extraction.places import NORTH_KOREA, is_country
from claims.extraction.sanctions_clauses import (
    KEY_MASKS,
    KEY_PREFIX_BITS,
    KEY_RE,
    PATTERNS,
    PRIORITY,
)

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
_LEADING_CONJUNCTION_RE = re.compile(r"(?:and|but|while|then|or|yet)\s+", re.IGNORECASE)
# What may precede a date that opens a clause: the sentence start, a comma, "But", "and".
_CLAUSE_OPENING_RE = re.compile(r"(?:^|[,;:]\s*|^(?:But|And|Yet|So)\s+)$")


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
    for m in KEY_RE.finditer(" " + lowered):  # (a space, so the first word is scanned too)
        present |= KEY_PREFIX_BITS[lexicon_word(m.group(1))]
    if not present:
        return _other(doc, si, by_sentence)
    same_length = lowered if len(lowered) == s_end - s_start else None
    for (provision, pattern, how), masks in zip(PATTERNS, KEY_MASKS, strict=True):
        active = True
        for mask in masks:
            if not mask & present:
                active = False
                break
        if not active:
            continue
        for m_start, m_end in pattern.finditer(text, s_start, s_end, same_length):
            hits.append((m_start, -PRIORITY[provision], m_end, provision, how))
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
    prev_sanctions = any(
        doc.holds(sanctions_attribution.SANCTIONS_WORD_RE, i) for i in range(max(0, si - 2), si)
    )
    country_subject = _country_subject(doc, si, start)

    if provision == "export_ban":
        obj = text[end : min(s_end, end + 60)]
        national_law = any(
            not c.startswith("UNSCR")
            for c in sanctions_attribution.named_near(doc, si, by_sentence, 0)
        )
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

    instrument = sanctions_attribution.instrument(
        doc, si, provision, clause_start, clause_end, by_sentence
    )
    as_of = sanctions_attribution.as_of(
        doc, si, clause_start, clause_end, instrument, by_sentence.get(si, [])
    )
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
