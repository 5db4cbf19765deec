"""JSON Lines: one article object a line, read as a stream."""

import json
from collections.abc import Iterator
from typing import BinaryIO

from sources.parsing.common import ParsedArticle, ParseError, read_limit, strip_bom

_SKIP_CHUNK = 1 << 20
_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def parse_jsonl(stream: BinaryIO, *, max_bytes: int) -> Iterator[ParsedArticle | ParseError]:
    """Yield each line's article fields, or a ParseError naming the line; blank lines are skipped.

    A bad line never stops the lines after it.
    """
    limit = read_limit(max_bytes)
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield ParseError(f"the line is over {limit:,} bytes, too large to read", line=number)
            continue
        if number == 1:
            raw, bom = strip_bom(raw)
            if bom not in (None, "utf-8"):
                yield ParseError(f"JSON Lines must be UTF-8, not {bom}", line=number)
                return
        item = _parse_line(raw, number)
        if item is not None:
            yield item


def _parse_line(raw: bytes, number: int) -> ParsedArticle | ParseError | None:
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return ParseError(
            f"bytes not valid in UTF-8 at byte {exc.start}: {raw[exc.start : exc.end]!r}",
            line=number,
        )
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return ParseError(f"invalid JSON: {exc.msg} (column {exc.colno})", line=number)
    if not isinstance(value, dict):
        return ParseError(
            f"expected a JSON object of article fields, got {_JSON_TYPES[type(value)]}",
            line=number,
        )
    return ParsedArticle(fields=value, line=number)
