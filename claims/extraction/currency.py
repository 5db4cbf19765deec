"""Currencies: their symbols, codes and words, and the patterns that find them by a number."""

from __future__ import annotations

import re

CURRENCY_SYMBOLS = {
    "us$": "USD",
    "u.s.$": "USD",
    "u.s. $": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "hk$": "HKD",
    "nt$": "TWD",
    "s$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "₩": "KRW",
    "₽": "RUB",
}
CURRENCY_CODES = {
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "cny": "CNY",
    "rmb": "CNY",
    "rub": "RUB",
    "krw": "KRW",
    "kpw": "KPW",
    "jpy": "JPY",
    "aed": "AED",
    "qar": "QAR",
    "kwd": "KWD",
    "pln": "PLN",
    "chf": "CHF",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "hong kong dollars": "HKD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "singapore dollars": "SGD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rubles": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "won": "KRW",
    "south korean won": "KRW",
    "north korean won": "KPW",
    "yen": "JPY",
    "zloty": "PLN",
    "zlotys": "PLN",
    "dinars": "KWD",
    "kuwaiti dinars": "KWD",
    "riyals": "QAR",
    "qatari riyals": "QAR",
    "dirhams": "AED",
}
SYMBOL_ALT = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODE_ALT = "|".join(CURRENCY_CODES)
_WORD_ALT = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(CURRENCY_WORDS, key=len, reverse=True)
)
CURRENCY_LEFT_RE = re.compile(
    rf"(?:(?P<sym>{SYMBOL_ALT})|\b(?P<code>{_CODE_ALT})\s?)\s?$", re.IGNORECASE
)
# After the number (and its scale): "dollars", "of dollars", "US dollars", "euros", "USD".
CURRENCY_RIGHT_RE = re.compile(
    rf"\s*(?:of\s+)?(?:(?P<word>{_WORD_ALT})|(?P<code>{_CODE_ALT}))\b", re.IGNORECASE
)
# CURRENCY_RIGHT_RE is tried only where the next word begins as one of its words can.
CURRENCY_RIGHT_INITIAL_RE = re.compile(
    "[" + "".join(sorted({w[0] for w in [*CURRENCY_WORDS, *CURRENCY_CODES, "of"]})) + "]",
    re.IGNORECASE,
)

_SYMBOL_CHARS = "$€£¥₩₽"


def currency_left(text: str, s: int):
    prev = text[s - 1 : s]
    prev2 = text[s - 2 : s - 1]
    if prev in _SYMBOL_CHARS or (prev == " " and (prev2 in _SYMBOL_CHARS or prev2.isupper())):
        return CURRENCY_LEFT_RE.search(text, max(0, s - 6), s)
    return None
