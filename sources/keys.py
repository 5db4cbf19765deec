"""Normalised keys that let spelling variants of one name meet."""

import re
import unicodedata

_POSSESSIVE = re.compile(r"^[\w .-]+?['’]s\s+", re.UNICODE)
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

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


def slug_key(name: str) -> str:
    """Return a dash-separated key, for URLs and wire identifiers."""
    return name_key(name).replace(" ", "-")
