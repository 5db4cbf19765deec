"""Find importable files under the paths given, and read them as articles (pure Python)."""

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sources.parsing.common import ParsedArticle, ParseError, check_size
from sources.parsing.html import parse_html
from sources.parsing.jsonl import parse_jsonl
from sources.parsing.txt import parse_txt

FORMATS = ("txt", "html", "jsonl")
EXTENSIONS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass(frozen=True, slots=True)
class Found:
    """A file to import (`format` set) or a path that gives nothing (`error` or `skipped`)."""

    shown: str  # the path as the user gave it (joined with the part found below a folder)
    path: Path | None = None  # resolved
    format: str = ""
    error: str = ""
    skipped: str = ""


def find_files(given: str, *, format: str | None = None) -> Iterator[Found]:
    """The importable files at a path as given: the file itself, or a folder's, recursively.

    Inside a folder, hidden entries are passed over, and so are files of other extensions
    (unless `format` says how to read every file) and JSON Lines files whose first record is
    not an article (such as gold.jsonl).
    """
    path = Path(given).expanduser().resolve()
    if not path.exists():
        yield Found(shown=given, error="no such file or folder")
        return
    if path.is_file():
        chosen = format or EXTENSIONS.get(path.suffix.lower())
        if chosen is None:
            yield Found(
                shown=given,
                error=f"unknown format of {path.suffix or 'a file without extension'}; "
                f"use --format ({', '.join(FORMATS)}) or one of {', '.join(EXTENSIONS)}",
            )
        else:
            yield Found(shown=given, path=path, format=chosen)
        return
    if not path.is_dir():
        yield Found(shown=given, error="neither a file nor a folder")
        return
    found = False
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(root) / name
            chosen = format or EXTENSIONS.get(file.suffix.lower())
            if name.startswith(".") or chosen is None:
                continue
            shown = os.path.join(given, os.path.relpath(file, path))
            if chosen == "jsonl" and not _holds_articles(file):
                yield Found(
                    shown=shown, skipped="its first record has no title and text: not articles"
                )
                continue
            found = True
            yield Found(shown=shown, path=file, format=chosen)
    if not found:
        kinds = "files" if format else f"{', '.join(EXTENSIONS)} files"
        yield Found(shown=given, error=f"the folder holds no importable files ({kinds})")


def read_articles(
    path: Path, *, format: str, max_bytes: int
) -> Iterator[ParsedArticle | ParseError]:
    """The articles of one file, or the errors that stop them, one per article or line."""
    if format == "jsonl":
        try:
            with path.open("rb") as stream:
                yield from parse_jsonl(stream, max_bytes=max_bytes)
        except OSError as exc:
            yield ParseError(f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        check_size(path.stat().st_size, max_bytes)
        data = path.read_bytes()
        yield parse_txt(data) if format == "txt" else parse_html(data)
    except ParseError as exc:
        yield exc
    except OSError as exc:
        yield ParseError(f"cannot read the file: {exc.strerror or exc}")


def count_records(path: Path, *, format: str) -> int:
    """How many articles a file holds, for a progress bar (non-blank lines of JSON Lines)."""
    if format != "jsonl":
        return 1
    try:
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 1


def _holds_articles(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            for line in stream:
                if line.strip():
                    record = json.loads(line)
                    return not isinstance(record, dict) or {"title", "text"} <= record.keys()
    except (OSError, ValueError):
        return True  # read it properly, so its error is reported
    return True
