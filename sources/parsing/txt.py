"""Plain-text articles: a title line, optional `Key: value` headers, then the text."""

from sources.parsing.common import ParsedArticle, ParseError, decode_text

# Header names (case-insensitive; dashes, underscores and spaces alike) and their fields.
HEADERS = {
    "url": "url",
    "outlet": "outlet",
    "outlet kind": "outlet_kind",
    "published": "published",
    "date": "published",
    "author": "author",
    "wire": "wire",
    "language": "language",
}


def parse_txt(data: bytes) -> ParsedArticle:
    """Read a plain-text article.

    The first non-empty line is the title. Header lines such as `Published: 2017-08-10` may
    follow it, up to a blank line; only the names in HEADERS count, so a body line such as
    "PHOTO: Getty Images" stays text. Everything after the title and headers is the text.
    """
    text, _ = decode_text(data)
    if not text.strip():
        raise ParseError("the file is empty" if not text else "the file holds only whitespace")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip())
    title = lines[index].strip()
    index += 1
    headers, after_headers = _headers(lines, index)
    if headers:
        index = after_headers
    offset = sum(len(line) for line in lines[:index])
    body = "".join(lines[index:])
    stripped = body.lstrip()
    return ParsedArticle(
        fields={"title": title, "text": stripped, **headers},
        body_offset=offset + len(body) - len(stripped),
    )


def _headers(lines: list[str], index: int) -> tuple[dict[str, str], int]:
    """The header block starting at the first non-blank line from index, and where it ends."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    headers: dict[str, str] = {}
    while index < len(lines) and lines[index].strip():
        name, colon, value = lines[index].partition(":")
        field = HEADERS.get(" ".join(name.replace("-", " ").replace("_", " ").lower().split()))
        if not colon or field is None:
            break
        headers[field] = value.strip()
        index += 1
    return headers, index
