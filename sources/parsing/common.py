"""Types, errors and text decoding shared by the file parsers (pure Python)."""

import codecs
from dataclasses import dataclass, field
from typing import Any

from charset_normalizer import from_bytes

# Files (or JSON lines) this many times larger than the text limit are refused unread.
READ_LIMIT_FACTOR = 8

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers read as another encoding (WHATWG Encoding Standard): pages declaring
# ISO-8859-1 or ASCII routinely hold windows-1252 quotes and dashes.
_WHATWG_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}
# How much messier than the cleanest reading a detected encoding may read and still count.
_CHAOS_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article's raw fields as a file gives them, before validation."""

    fields: dict[str, Any]
    line: int | None = None  # JSON Lines: the 1-based line it came from
    # Plain text: where the stored text begins in the decoded file (after title and headers).
    body_offset: int = 0
    notes: list[str] = field(default_factory=list)


class ParseError(ValueError):
    """Input that cannot be read as an article; `line` is set for JSON Lines."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


def read_limit(max_bytes: int) -> int:
    return max_bytes * READ_LIMIT_FACTOR


def check_size(size: int, max_bytes: int) -> None:
    if size > read_limit(max_bytes):
        raise ParseError(
            f"the file is {size:,} bytes, too large to hold an article of at most "
            f"{max_bytes:,} bytes of text"
        )


def strip_bom(data: bytes) -> tuple[bytes, str | None]:
    """The data without its byte-order mark, and the encoding the mark announces."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], encoding
    return data, None


def decode_text(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes strictly: by byte-order mark, else the declared charset, else detected.

    Returns the text and the encoding used. Raises ParseError for binary data and for bytes
    that are not valid in that encoding; nothing is ever silently replaced.
    """
    body, bom_encoding = strip_bom(data)
    if bom_encoding:
        return _decode(body, bom_encoding, f"{bom_encoding} (byte-order mark)"), bom_encoding
    if b"\x00" in data:
        raise ParseError("binary data (it holds NUL bytes), not text")
    if declared:
        encoding = charset_codec(declared)
        return _decode(data, encoding, f"{declared} (declared)"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = detect_encoding(data)
    return _decode(data, encoding, f"{encoding} (detected)"), encoding


def detect_encoding(data: bytes) -> str:
    """Guess the legacy encoding of bytes that are not UTF-8, by charset_normalizer.

    Among the guesses that read as cleanly as the best, windows-1252 (the commonest legacy
    encoding of Western pages) wins: on short texts the detector's ranking is a coin toss.
    """
    matches = list(from_bytes(data))
    if not matches:
        raise ParseError("neither UTF-8 nor any other text encoding fits: is it binary data?")
    least = min(match.chaos for match in matches)
    calm = [match for match in matches if match.chaos <= least + _CHAOS_TOLERANCE]
    if any("cp1252" in match.could_be_from_charset for match in calm):
        return "cp1252"
    return calm[0].encoding


def charset_codec(label: str) -> str:
    """The Python codec for a charset label, as browsers read the label."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        raise ParseError(f"unknown charset {label.strip()!r}") from None
    if name.startswith(("utf-16", "utf-32")):
        # A page without a byte-order mark that claims UTF-16 is really UTF-8 (WHATWG).
        return "utf-8"
    return _WHATWG_ALIASES.get(name, name)


def _decode(data: bytes, encoding: str, described: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"bytes not valid in {described} at byte {exc.start}: {data[exc.start : exc.end]!r}"
        ) from None
