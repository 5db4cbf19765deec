"""Escaped renderings of claims for the admin: quotes in context, figures, short labels."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.display import claim_value

# Characters of article text shown on each side of a quote on a claim's page.
PAGE_CONTEXT_CHARS = 240
SNIPPET_CHARS = 90


def quote_in_context(
    claim, text: str | None = None, *, width: int = PAGE_CONTEXT_CHARS
) -> SafeString:
    """prefix + <mark>quote</mark> + suffix, every part escaped.

    With the article's text, the context is cut from it around start/end; without it (lists,
    which do not load texts) or when the quote is no longer at its offsets, the stored W3C
    prefix and suffix are used.
    """
    anchored = text is not None and text[claim.start : claim.end] == claim.quote
    if anchored:
        before = text[max(0, claim.start - width) : claim.start]
        after = text[claim.end : claim.end + width]
        lead = "…" if claim.start - width > 0 else ""
        tail = "…" if claim.end + width < len(text) else ""
    else:
        before, after = claim.prefix, claim.suffix
        lead = tail = "…"
    html = format_html(
        '<span class="kbase-quote">{}{}<mark>{}</mark>{}{}</span>',
        lead,
        before,
        claim.quote,
        after,
        tail,
    )
    if text is not None and not anchored:
        html += format_html(
            ' <span class="kbase-warning">({})</span>',
            "stored context: the quote is not at its offsets in the current text",
        )
    return html


def quote_snippet(claim, limit: int = SNIPPET_CHARS) -> str:
    quote = " ".join(claim.quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"


def value_text(claim) -> str:
    return claim_value(claim)


def claim_label(claim) -> str:
    """“#12 about 6,000 workers · KW · 2017-08 · Outlet” for link lists (plain text)."""
    parts = [f"#{claim.pk}", value_text(claim)]
    if claim.place:
        parts.append(claim.place)
    if claim.as_of:
        parts.append(claim.as_of.isoformat()[: 7 if claim.as_of_precision == "month" else 10])
    outlet = getattr(getattr(claim, "article", None), "outlet", None)
    if outlet is not None:
        parts.append(str(outlet))
    return " · ".join(parts)


def admin_link(obj, label=None) -> SafeString:
    """A link to the object's admin change page (escaped label)."""
    if obj is None:
        return "—"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj if label is None else label)
