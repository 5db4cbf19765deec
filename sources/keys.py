"""Normalised keys that let spelling variants of one name meet."""

import re
import unicodedata

_POSSESSIVE = re.compile(r"^[\w .-]+?['’]s\s+", re.UNICODE)
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Who speaks for a body: "the Authority's spokesman", "the ministry's figures".
_SPOKESPERSON = re.compile(
    r"^(?P<body>.+?)['’]s\s+(?:spokes(?:man|woman|person)|officials?|data|figures|statistics"
    r"|estimates?|reports?|head|chief|director|representatives?)$",
    re.IGNORECASE,
)

# Spellings that name one body; keys on the left become the key on the right.
ALIASES = {
    "ap": "associated press",
    "the ap": "associated press",
    "u n": "united nations",
    "un": "united nations",
    "u s": "united states",
    "us": "united states",
}


def name_key(name: str) -> str:
    """Return a lower-case key for a person's or body's name.

    "Kuwait's Public Authority of Manpower", "the Public Authority of Manpower" and
    "PUBLIC AUTHORITY OF MANPOWER" share the key "public authority of manpower".
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _POSSESSIVE.sub("", text)
    text = text.lower()
    text = _NON_WORD.sub(" ", text).strip()
    text = _LEADING_ARTICLE.sub("", text)
    text = ALIASES.get(text, text)
    return text[:200]


def origin_key(name: str) -> str:
    """Return the key of a figure's origin: name_key, reading possessives as attributions do.

    "Kuwait's Public Authority of Manpower" is the Authority (a place before a proper name);
    "the Public Authority of Manpower's spokesman" speaks for the Authority; but "Kuwait's labour
    ministry" and "Qatar's labour ministry" are two bodies, so a possessor before a common noun
    stays ("kuwait labour ministry").
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    spoken = _SPOKESPERSON.match(text)
    if spoken:
        text = spoken["body"]
    possessive = _POSSESSIVE.match(text)
    if possessive and not text[possessive.end() :][:1].isupper():
        owner = possessive.group(0).rstrip()[:-2]
        text = f"{owner} {text[possessive.end() :]}"
    return name_key(text)


def slug_key(name: str) -> str:
    """Return a dash-separated key, for URLs and wire identifiers."""
    return name_key(name).replace(" ", "-")
