"""HTML pages: main text and metadata by trafilatura, in the page's declared charset."""

import email.message
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import use_config

from sources.parsing.common import ParsedArticle, ParseError, decode_text

# Where a charset declaration may sit; browsers look in the first 1,024 bytes, pages stray.
_PRESCAN_BYTES = 65_536
_CONFIG = use_config()
# A short news item is still an article: do not fall back to whole-page text below 250 chars.
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
_CONFIG.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")


def parse_html(data: bytes) -> ParsedArticle:
    """Read an HTML page: title, author, date, site name, canonical URL and main text."""
    text, _ = decode_text(data, declared=declared_charset(data))
    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
        config=_CONFIG,
    )
    if document is None or not (document.text or "").strip():
        raise ParseError("no main text found in the page")
    fields = {
        "title": document.title or "",
        "text": document.text,
        "author": document.author or "",
        "published": document.date or "",
        "outlet": document.sitename or "",
    }
    url = document.url or ""
    # A relative or non-web canonical link says nothing usable about where the page lives.
    if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc:
        fields["url"] = url
    return ParsedArticle(fields=fields)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv="Content-Type">."""
    head = data[:_PRESCAN_BYTES]
    if not head.strip():
        return None
    # Latin-1 maps every byte, so the ASCII markup of any ASCII-compatible page reads right.
    parser = lxml.html.HTMLParser(encoding="iso-8859-1")
    try:
        tree = lxml.html.document_fromstring(head, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    for meta in tree.iter("meta"):
        if meta.get("charset", "").strip():
            return meta.get("charset").strip()
        if meta.get("http-equiv", "").strip().lower() == "content-type":
            header = email.message.Message()
            header["content-type"] = meta.get("content", "")
            charset = header.get_content_charset()
            if charset:
                return charset
    return None
