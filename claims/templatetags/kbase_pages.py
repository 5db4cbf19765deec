"""Template filters for the analyst pages: figures, places and dates in plain words."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


@register.simple_tag
def badges(claim) -> SafeString:
    """A claim's link counts, lost quote and review state as badges.

    A tag, not an included template: a table of 50 claims included one template per row.
    """
    out = []
    contradicts = getattr(claim, "contradict_count", 0)
    if contradicts:
        out.append(
            format_html(
                '<span class="badge badge-contra" title="Contradicted by {} figure{} from other '
                'sources">✗ {} contradiction{}</span>',
                contradicts,
                _plural(contradicts),
                contradicts,
                _plural(contradicts),
            )
        )
    agrees = getattr(claim, "agree_count", 0)
    if agrees:
        out.append(
            format_html(
                '<span class="badge badge-agree" title="{} figure{} from other sources agree">'
                "✓ {} agreement{}</span>",
                agrees,
                _plural(agrees),
                agrees,
                _plural(agrees),
            )
        )
    if claim.orphaned:
        out.append(
            '<span class="badge badge-orphaned" title="The quote is no longer found in the '
            "article's text\">quote lost</span>"
        )
    status = claim.review_status
    if status == "rejected":
        out.append('<span class="badge badge-rejected">rejected</span>')
    elif status == "accepted":
        out.append('<span class="badge badge-accepted">accepted</span>')
    else:
        out.append('<span class="badge badge-proposed">unreviewed</span>')
    # The counts are integers (escaped above); the rest is fixed text.
    return mark_safe("\n".join(out))
