"""Template filters for the analyst pages: figures, places and dates in plain words."""

from django import template

from claims import display
from claims.topic_page import claim_topic_url, topic_url

register = template.Library()


@register.filter
def value(claim) -> str:
    """ "about 6,000 workers", "$1,000 a month", "UNSCR 2371: cap on work authorizations"."""
    return display.claim_value(claim)


@register.filter
def place(code: str) -> str:
    return display.place_name(code)


@register.filter
def as_of(claim) -> str:
    """The date a claim describes, as precisely as it is known."""
    return display.format_date(claim.as_of, claim.as_of_precision)


@register.filter
def published(article) -> str:
    return display.format_date(article.published, article.published_precision)


@register.filter
def measure_name(measure: str) -> str:
    return display.MEASURE_NAMES.get(measure, measure)


@register.filter
def kind_name(kind: str) -> str:
    return display.KIND_NAMES.get(kind, kind)


@register.filter
def provision_name(provision: str) -> str:
    return display.PROVISION_NAMES.get(provision, provision)


@register.filter
def source(claim) -> str:
    return display.source_name(claim)


@register.filter
def amount(value, unit: str = "") -> str:
    """One bound of a range: "6,000", "$2 billion", "50%"."""
    if value is None or value == "":
        return ""
    return display.format_amount(value, unit)


@register.filter
def topic_link(topic) -> str:
    """The URL of one topic, precise even when several share a measure."""
    place = "-" if topic.kind == "sanctions_clause" else topic.place
    return topic_url(kind=topic.kind, place=place, key=topic.key)


@register.filter
def claim_topic(claim) -> str:
    return claim_topic_url(claim)


@register.filter
def percent(part, whole) -> int:
    return round(100 * (part or 0) / whole) if whole else 0
