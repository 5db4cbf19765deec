"""Reading articles and gold annotations from disk (pure Python, no Django)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from claims.extraction.dates import parse_iso


class CorpusError(ValueError):
    """An input that cannot be read: the message is one line, fit for a command's error."""


@dataclass(frozen=True, slots=True)
class Article:
    key: str  # the gold "file" key: a .txt file's name or a .jsonl article's url
    text: str
    published: datetime.date | None
    source: str = ""  # where it was read: "path" or "path#line"


def read_text(path: Path) -> str:
    """A file's text as UTF-8; CorpusError with a one-line reason otherwise."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a directory") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def iter_jsonl(text: str, name: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line of JSON Lines text."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{name}:{lineno}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{name}:{lineno}: not a JSON object")
        yield lineno, obj


def published_of(value, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_iso(str(value))
    except (ValueError, TypeError):
        raise CorpusError(f"{name}: bad published date {value!r}") from None


def articles_from_jsonl(text: str, name: str) -> list[Article]:
    """Articles of a JSON Lines file (keys text, url, published, ...)."""
    articles = []
    for lineno, obj in iter_jsonl(text, name):
        body = obj.get("text")
        if not isinstance(body, str):
            raise CorpusError(f"{name}:{lineno}: no text")
        key = str(obj.get("url") or f"{name}#{lineno}")
        articles.append(
            Article(
                key,
                body,
                published_of(obj.get("published"), f"{name}:{lineno}"),
                f"{name}#{lineno}",
            )
        )
    return articles


_HEADER_DATE_RE = re.compile(
    r"\b(?:(?P<mon1>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?P<d1>\d{1,2}),\s+"
    r"(?P<y1>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+(?P<mon2>January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+(?P<y2>(?:19|20)\d{2})"
    r"|(?P<y3>(?:19|20)\d{2})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d))\b"
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def guess_published(text: str) -> datetime.date | None:
    """A publication date from a dateline or byline near the top of a text, if there is one."""
    m = _HEADER_DATE_RE.search(text, 0, min(len(text), 1500))
    if m is None:
        return None
    try:
        if m.group("y1"):
            month = _MONTHS.index(m.group("mon1")[:3].lower()) + 1
            return datetime.date(int(m.group("y1")), month, int(m.group("d1")))
        if m.group("y2"):
            month = _MONTHS.index(m.group("mon2")[:3].lower()) + 1
            return datetime.date(int(m.group("y2")), month, int(m.group("d2")))
        return datetime.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except ValueError:
        return None


def load_articles(
    path: Path, published: Mapping[str, datetime.date | str] | None = None
) -> list[Article]:
    """Articles of a corpus: a directory of .txt files (key: file name) or a .jsonl file
    (key: url). published maps keys to dates and overrides what the corpus says; a .txt
    file without one gets a date from its dateline when it has one."""
    published = {k: parse_iso(v) for k, v in (published or {}).items()}
    path = Path(path)
    if path.is_dir():
        articles = []
        for file in sorted(path.glob("*.txt")):
            text = read_text(file)
            date = published.get(file.name) or guess_published(text)
            articles.append(Article(file.name, text, date, str(file)))
        if not articles:
            raise CorpusError(f"{path}: no .txt files")
        return articles
    if not path.exists():
        raise CorpusError(f"{path}: no such file or directory")
    articles = articles_from_jsonl(read_text(path), str(path))
    return [Article(a.key, a.text, published.get(a.key, a.published), a.source) for a in articles]


def load_gold(path: Path) -> list[dict]:
    """The rows of a gold JSON Lines file."""
    path = Path(path)
    rows = [obj for _, obj in iter_jsonl(read_text(path), str(path))]
    for row in rows:
        for key in ("file", "start", "end", "kind", "role"):
            if key not in row:
                raise CorpusError(f"{path}: a row has no {key!r}")
    return rows
