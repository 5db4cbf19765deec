"""Untrusted text made safe HTML, quotes marked, overlaps split, search terms shown."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from claims.highlight import Span, excerpt, highlight, paragraph_around, paragraphs


def plain(markup: str) -> str:
    markup = markup.replace("<br>", "\n").replace("</p>\n<p>", "\n\n")
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_paragraphs_are_split_on_blank_lines():
    text = "First one.\nSame paragraph.\n\n  Second.\n \n\nThird.\n"
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "First one.\nSame paragraph.",
        "Second.",
        "Third.",
    ]
    start = text.index("Second")
    assert text[slice(*paragraph_around(text, start, start + 3))] == "Second."


def test_marks_link_to_their_claims_and_escape_everything_else():
    text = 'a <b>"x"</b> & 6,000 workers'
    start = text.index("6,000")
    out = highlight(
        text, [Span(start, len(text), 7, css="hl-worker_count", title='t"<', href="/c/7/")]
    )
    assert out == (
        '<p>a &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; <span class="anchor" id="q-7"></span>'
        '<a class="hl hl-worker_count" title="t&quot;&lt;" data-claim="7" href="/c/7/">'
        "6,000 workers</a></p>"
    )


def test_spans_outside_the_text_are_ignored():
    assert highlight("short", [Span(3, 99, 1), Span(2, 2, 2)]) == "<p>short</p>"


@given(
    st.text(alphabet="ab <>&\"'\n", max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6),
)
def test_highlighting_never_loses_text_nor_lets_markup_through(text, bounds):
    spans = [Span(min(a, b), max(a, b), i, href=f"/c/{i}/") for i, (a, b) in enumerate(bounds)]
    out = highlight(text, spans)
    expected = "\n\n".join(text[a:b] for a, b in paragraphs(text))
    assert plain(out) == expected
    tags = re.findall(r"<(/?\w+)", out)
    assert set(tags) <= {"p", "/p", "a", "/a", "mark", "/mark", "span", "/span", "br"}


def test_excerpt_marks_the_terms_around_the_first_hit():
    text = "Intro words. " * 40 + "North Korean <welders> worked in Gdansk."
    out = excerpt(text, ["welders", "gdansk"])
    assert out.startswith("… ")
    assert "&lt;<mark>welders</mark>&gt;" in out
    assert "<mark>Gdansk</mark>" in out
