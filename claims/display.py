"""Plain-language renderings of claims' figures, places, dates and sources (pure Python)."""

from datetime import date
from decimal import Decimal

import pycountry

from claims.linking import source_key as linking_source_key

QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "up_to": "up to",
}
PERIOD_WORDS = {"year": "a year", "month": "a month", "week": "a week", "day": "a day"}
PERIODS_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 365}
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}
# Short names where ISO 3166's are long or formal.
PLACE_NAMES = {
    "world": "worldwide",
    "gulf": "the Gulf states",
    "RU": "Russia",
    "KP": "North Korea",
    "KR": "South Korea",
    "VN": "Vietnam",
    "LA": "Laos",
    "IR": "Iran",
    "SY": "Syria",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "CD": "DR Congo",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "MD": "Moldova",
}
MEASURE_NAMES = {
    "stock": "Workers present",
    "repatriated": "Workers sent home",
    "incident": "Workers in one incident",
    "visas": "Visas or permits issued",
    "forecast": "Workers expected",
    "per_worker": "Pay of one worker",
    "total": "Total earned or sent",
    "share": "Share of pay taken",
}
PROVISION_NAMES = {
    "cap_work_authorizations": "cap on work authorizations",
    "ban_new_work_authorizations": "ban on new work authorizations",
    "repatriation": "repatriation of workers",
    "export_ban": "export ban",
    "national_measure": "national measure",
    "other": "other provision",
}
KIND_NAMES = {
    "worker_count": "worker count",
    "remittance": "remittance or wage",
    "sanctions_clause": "sanctions clause",
}
_SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)


def place_name(code: str | None) -> str:
    """ "KW" -> "Kuwait", "world" -> "worldwide"; unknown codes come back as they are."""
    if not code:
        return ""
    if code in PLACE_NAMES or code.upper() in PLACE_NAMES:
        return PLACE_NAMES.get(code) or PLACE_NAMES[code.upper()]
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


_MONTH_ABBR = (
    "",
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def format_date(value: date | None, precision: str = "") -> str:
    """A date as precisely as it is known: "2017", "Aug 2017" or "10 Aug 2017"."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    # Month names from a table, not strftime: the same in every locale, and a page formats
    # some 500 dates (strftime took a tenth of a topic page's chart).
    if precision == "month":
        return f"{_MONTH_ABBR[value.month]} {value.year}"
    return f"{value.day} {_MONTH_ABBR[value.month]} {value.year}"


def period_bounds(value: date, precision: str = "") -> tuple[date, date]:
    """The first and last day a date of some precision may stand for."""
    if precision == "year":
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if precision == "month":
        nxt = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return date(value.year, value.month, 1), date.fromordinal(nxt.toordinal() - 1)
    return value, value


def format_number(value: Decimal | float | int) -> str:
    """6000 -> "6,000"; 1000.5 -> "1,000.5"; trailing zeros dropped."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if number == number.to_integral_value():
        return f"{int(number):,}"
    text = f"{number.normalize():,f}"
    return text


def _compact(number: Decimal) -> str | None:
    """2000000000 -> "2 billion", when that spelling loses nothing that matters.

    Sums are read to six significant digits first, so the top of "hundreds of millions"
    (999,999,999) reads "1 billion" while $1,234,567 keeps every digit.
    """
    if number == 0:
        return None
    number = Decimal(f"{number:.6g}")
    for size, word in _SCALES:
        if abs(number) >= size:
            scaled = number / size
            if scaled == scaled.quantize(Decimal("0.01")):
                return f"{format_number(scaled)} {word}"
            return None
    return None


def format_amount(value: Decimal, unit: str) -> str:
    """One figure with its unit: "6,000", "$1,000", "2 billion", "50%", "1,000 CNY"."""
    if unit == "fraction":
        return f"{format_number((value * 100).quantize(Decimal('0.1')))}%"
    number = _compact(value) if unit not in ("", "workers") else None
    number = number or format_number(value)
    if unit in CURRENCY_SIGNS:
        return f"{CURRENCY_SIGNS[unit]}{number}"
    if unit and unit != "workers":
        return f"{number} {unit}"
    return number


def _unit_word(unit: str, low: Decimal | None, high: Decimal | None) -> str:
    if unit == "workers":
        return " worker" if low == high == 1 else " workers"
    return ""


def format_value(
    *,
    value_low: Decimal | None,
    value_high: Decimal | None,
    qualifier: str = "",
    unit: str = "",
    period: str = "",
) -> str:
    """A figure as the text gives it: "about 6,000 workers", "$1,000 a month",
    "10,000–99,999 workers (vague)"."""
    low, high = value_low, value_high
    if low is None and high is None:
        return "no figure"
    if low is not None and high is not None and low != high:
        text = f"{format_amount(low, unit)}–{format_amount(high, unit)}"
        if qualifier and qualifier not in ("range", "vague"):
            text = f"{QUALIFIER_WORDS.get(qualifier, qualifier)} {text}"
    else:
        value = low if low is not None else high
        words = QUALIFIER_WORDS.get(qualifier, "")
        if low is None and not words:
            words = "at most"
        text = f"{words} {format_amount(value, unit)}".strip()
    text += _unit_word(unit, low, high)
    if period:
        text += f" {PERIOD_WORDS.get(period, period)}"
    if qualifier == "vague":
        text += " (vague)"
    return text


def claim_value(claim) -> str:
    """The figure of a claim, or what a sanctions clause provides."""
    if claim.kind == "sanctions_clause":
        provision = PROVISION_NAMES.get(claim.provision, claim.provision) or "provision not stated"
        return f"{claim.instrument or 'instrument not named'}: {provision}"
    return format_value(
        value_low=claim.value_low,
        value_high=claim.value_high,
        qualifier=claim.qualifier,
        unit=claim.unit,
        period=claim.period,
    )


def topic_label(
    *,
    kind: str,
    measure: str = "",
    place: str = "",
    unit: str = "",
    instrument: str = "",
    provision: str = "",
) -> str:
    """A subject's name: "Workers present · Kuwait", "UNSCR 2371 · cap on work authorizations"."""
    if kind == "sanctions_clause":
        what = PROVISION_NAMES.get(provision, provision) or "provision not stated"
        return f"{instrument or 'Instrument not named'} · {what}"
    parts = [
        MEASURE_NAMES.get(measure, measure.capitalize() or "Figure"),
        place_name(place) or "place not stated",
    ]
    if kind == "remittance" and unit and unit != "fraction":
        parts.append(unit)
    return " · ".join(parts)


def source_key(
    *, origin_key: str = "", wire: str = "", outlet_key: str = "", article_id=None
) -> str:
    """Who stands behind a claim: its origin, else the wire report relayed, else its outlet.

    Claims sharing a source key are not independent of each other; the rule is linking's
    (claims.linking.source_key), so pages count sources as topics do.
    """
    return linking_source_key(
        origin_key=origin_key, wire_key=wire, outlet_key=outlet_key, article_id=article_id
    )


def claim_source_key(claim) -> str:
    """The source key of a claim loaded with its origin and its article's outlet."""
    article = claim.article
    return source_key(
        origin_key=claim.origin.key if claim.origin_id and claim.origin else "",
        wire=article.wire,
        outlet_key=article.outlet.key,
        article_id=article.pk,
    )


def count_independent(sources: dict[int, str], same: list[tuple[int, int]]) -> int:
    """How many independent sources stand behind some claims.

    `sources` maps claim ids to source keys; `same` lists pairs of claims known to share a
    source although their keys differ (a "repeats" link, e.g. across spelling variants).
    """
    parent = {claim: claim for claim in sources}

    def root(claim):
        while parent[claim] != claim:
            parent[claim] = parent[parent[claim]]
            claim = parent[claim]
        return claim

    first_of_key = {}
    for claim, key in sources.items():
        first_of_key.setdefault(key, claim)
        parent[root(claim)] = root(first_of_key[key])
    for a, b in same:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    return len({root(claim) for claim in sources})


def source_name(claim) -> str:
    """Who a figure is attributed to, in words, for legends."""
    if claim.origin_id and claim.origin:
        return claim.origin.name
    if claim.attributed_to:
        return claim.attributed_to
    return "not attributed"


def per_year(value: Decimal | None, period: str) -> Decimal | None:
    """A sum per period as a sum per year, so monthly and yearly pay can share an axis."""
    if value is None:
        return None
    return value * PERIODS_PER_YEAR.get(period, 1)
