"""Template filters for the analyst pages: figures, places and dates in plain words."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

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
    # int(): the counts are numbers, so they need no escaping (format_html took a tenth of a
    # table's rendering).
    contradicts = int(getattr(claim, "contradict_count", 0))
    if contradicts:
        plural = _plural(contradicts)
        out.append(
            f'<span class="badge badge-contra" title="Contradicted by {contradicts} figure{plural} '
            f'from other sources">✗ {contradicts} contradiction{plural}</span>'
        )
    agrees = int(getattr(claim, "agree_count", 0))
    if agrees:
        plural = _plural(agrees)
        out.append(
            f'<span class="badge badge-agree" title="{agrees} figure{plural} from other sources '
            f'agree">✓ {agrees} agreement{plural}</span>'
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
    # The counts are integers; the rest is fixed text.
    return mark_safe("\n".join(out))


def _esc(text) -> str:
    # html.escape, not Django's escape: this runs a dozen times a row, and Django's lazy-aware
    # wrapper costs more than the escaping. The values here are plain strings, never lazy.
    return escape(str(text), quote=True)


def _truncated(text: str, size: int) -> str:
    # Truncator counts characters as displayed; a text no longer than `size` is never cut.
    return text if len(text) <= size else Truncator(text).chars(size)


@register.simple_tag
def claim_rows(claims, superseded=None, hide_article=False) -> SafeString:
    """The rows of the claims table (includes/claim_table.html), every value escaped.

    Built here rather than in the template: through the template engine a row took 170 µs,
    most of a topic page's rendering at 50 rows; and one tag for the table rather than one a
    row, which cost as much again as building the row.
    """
    return mark_safe("\n".join(claim_row(claim, superseded, hide_article) for claim in claims))


def claim_row(claim, superseded=None, hide_article=False) -> str:
    """One row of the claims table."""
    is_superseded = bool(superseded) and claim.pk in superseded
    classes = "".join(
        (
            "is-rejected" if claim.review_status == "rejected" else "",
            " is-orphaned" if claim.orphaned else "",
            " is-superseded" if is_superseded else "",
        )
    )
    measure = (
        f'<span class="measure">{_esc(measure_name(claim.measure))}</span>' if claim.measure else ""
    )
    if claim.as_of:
        describes = (
            f'<span title="known to the {_esc(claim.as_of_precision or "day")}">'
            f"{_esc(as_of(claim))}</span>"
        )
    else:
        describes = '<span class="muted">not stated</span>'
    if claim.origin:
        origin = claim.origin
        given_by = f'<a href="{_esc(origin.get_absolute_url())}">{_esc(origin.name)}</a>'
    elif claim.attributed_to:
        given_by = _esc(claim.attributed_to)
    else:
        given_by = '<span class="muted">not attributed</span>'
    via = ""
    if not hide_article:
        article = claim.article
        when = f", {_esc(published(article))}" if article.published else ""
        via = (
            f'<span class="via">in <a href="{_esc(article.get_absolute_url())}#q-{claim.pk}">'
            f"{_esc(article.outlet.name)}</a>{when}</span>"
        )
    marks = badges(claim)
    if is_superseded:
        marks += '<span class="badge badge-superseded">superseded</span>'
    return (
        f'<tr class="{classes}"><td data-label="Figure">'
        f'<span class="kind kind-{_esc(claim.kind)}">{_esc(kind_name(claim.kind))}</span>{measure}'
        f'<a class="figure" href="{_esc(claim.get_absolute_url())}">{_esc(value(claim))}</a>'
        f'<q class="quote-snippet">{_esc(_truncated(claim.quote, 140))}</q></td>'
        f'<td data-label="Place">{_esc(place(claim.place) or "—")}</td>'
        f'<td data-label="Describes">{describes}</td>'
        f'<td data-label="Source">{given_by} {via}</td>'
        f'<td data-label="Links and review">{marks}</td></tr>'
    )


def _pair_side(claim) -> str:
    when = _esc(as_of(claim)) if claim.as_of else "undated"
    return (
        f'<a class="figure" href="{_esc(claim.get_absolute_url())}">{_esc(value(claim))}</a>'
        f'<span class="meta">{_esc(source(claim))}, {when}</span>'
    )


@register.simple_tag
def contradiction_items(links) -> SafeString:
    """A topic page's open contradictions, one list item each."""
    return mark_safe("\n".join(contradiction_item(link) for link in links))


def contradiction_item(link) -> str:
    """One open contradiction: both figures, who gave them, the rationale, every value escaped."""
    confirmed = (
        ' <span class="badge badge-confirmed">confirmed</span>'
        if link.decision == "confirmed"
        else ""
    )
    return (
        f'<li id="link-{_esc(link.pk)}"><div class="pair">{_pair_side(link.from_claim)}'
        f'<span class="versus" aria-label="contradicts">✗</span>{_pair_side(link.to_claim)}</div>'
        f'<p class="rationale">{_esc(link.rationale)}{confirmed}</p></li>'
    )
