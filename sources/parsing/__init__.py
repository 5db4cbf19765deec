"""Read article files (plain text, HTML, JSON Lines) into raw fields; no Django here."""

from sources.parsing.common import ParsedArticle, ParseError, decode_text
from sources.parsing.files import (
    EXTENSIONS,
    FORMATS,
    Found,
    count_records,
    find_files,
    read_articles,
)
from sources.parsing.html import parse_html
from sources.parsing.jsonl import parse_jsonl
from sources.parsing.txt import parse_txt

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "Found",
    "ParseError",
    "ParsedArticle",
    "count_records",
    "decode_text",
    "find_files",
    "parse_html",
    "parse_jsonl",
    "parse_txt",
    "read_articles",
]
