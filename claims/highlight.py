"""Untrusted article text as safe HTML, with claims' quotes marked and search terms shown."""

import re
from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Paragraphs are separated by a blank line; a single newline is a line break inside one.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text to mark: [start, end) in the text, with where it leads."""

    start: int
    end: int
    key: int
    css: str = ""
    title: str = ""
    href: str = ""


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of each non-empty paragraph of `text`."""
    bounds, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    result = []
    for a, b in bounds:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            result.append((a, b))
    return result


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph(s) holding [start, end), so a quote can be read in its context."""
    spans = paragraphs(text)
    first = next((a for a, b in spans if b > start), start)
    last = next((b for a, b in reversed(spans) if a < end), end)
    return min(first, start), max(last, end)


def _segment_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _mark(segment: str, covering: list[Span], anchors: list[int]) -> str:
    # The innermost quote decides where a stretch covered by several quotes leads.
    primary = min(covering, key=lambda s: (s.end - s.start, s.start, s.key))
    targets = "".join(f'<span class="anchor" id="q-{key}"></span>' for key in anchors)
    classes = ["hl", primary.css] + (["hl-multi"] if len(covering) > 1 else [])
    title = primary.title
    if len(covering) > 1:
        others = len(covering) - 1
        title += f" (and {others} overlapping quote{'s' if others > 1 else ''})"
    attrs = f'class="{escape(" ".join(c for c in classes if c))}"'
    if title:
        attrs += f' title="{escape(title)}"'
    attrs += f' data-claim="{primary.key}"'
    if primary.href:
        return f'{targets}<a {attrs} href="{escape(primary.href)}">{_segment_html(segment)}</a>'
    return f"{targets}<mark {attrs}>{_segment_html(segment)}</mark>"


def highlight(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> SafeString:
    """`text[start:end]` as paragraphs of escaped HTML, each span's stretch marked.

    Every piece of text is escaped; only the tags written here reach the page. Overlapping
    spans split the text at every boundary, each piece marked once. Spans outside the text
    or empty are ignored.
    """
    end = len(text) if end is None else end
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    first_piece = {s.key: None for s in valid}
    out = []
    for pa, pb in paragraphs(text[start:end]):
        pa, pb = pa + start, pb + start
        inside = [s for s in valid if s.start < pb and s.end > pa]
        cuts = sorted(
            {pa, pb, *(max(s.start, pa) for s in inside), *(min(s.end, pb) for s in inside)}
        )
        pieces = []
        for a, b in pairwise(cuts):
            covering = [s for s in inside if s.start <= a and s.end >= b]
            if not covering:
                pieces.append(_segment_html(text[a:b]))
                continue
            anchors = []
            for s in covering:
                if first_piece[s.key] is None:
                    first_piece[s.key] = a
                    anchors.append(s.key)
            pieces.append(_mark(text[a:b], covering, anchors))
        out.append(f"<p>{''.join(pieces)}</p>")
    return mark_safe("\n".join(out))


def excerpt(text: str, terms: list[str], width: int = 280) -> SafeString:
    """A stretch of `text` around the first search term, with the terms marked."""
    lowered = text.lower()
    hits = [lowered.find(t.lower()) for t in terms if t]
    hits = [h for h in hits if h >= 0]
    centre = min(hits) if hits else 0
    a = max(0, centre - width // 3)
    b = min(len(text), a + width)
    if a > 0:
        space = text.find(" ", a)
        a = space + 1 if 0 <= space < centre else a
    snippet = " ".join(text[a:b].split())
    if not terms:
        body = escape(snippet)
    else:
        pattern = re.compile("|".join(re.escape(t) for t in terms if t), re.IGNORECASE)
        body, last = [], 0
        for match in pattern.finditer(snippet):
            body.append(escape(snippet[last : match.start()]))
            body.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
        body.append(escape(snippet[last:]))
        body = "".join(body)
    prefix = "… " if a > 0 else ""
    suffix = " …" if b < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")
