"""Extract claims from text files (or JSON Lines articles) and print them as JSON Lines."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import extract
from claims.extraction.corpus import CorpusError, decode, iter_jsonl, published_of, read_text
from claims.extraction.dates import parse_iso


def iso_date(value: str):
    try:
        return parse_iso(value)
    except (ValueError, TypeError):
        raise ValueError(value) from None


class Command(BaseCommand):
    help = (
        "Extract worker counts, remittances and sanctions clauses from text files and print one "
        "JSON object per claim a line, each with a 'file' key. '-' reads standard input. A .jsonl "
        "file holds one article a line (keys text and published); its claims' 'file' is "
        "path#line. Touches no database."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="text or .jsonl files, or -")
        parser.add_argument(
            "--published",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="publication date of plain-text input (and of .jsonl articles without one); "
            "relative dates such as 'last week' are resolved against it",
        )
        parser.add_argument(
            "--format",
            choices=("auto", "text", "jsonl"),
            default="auto",
            help="how to read the input: by extension (auto; '-' is text), text or jsonl",
        )

    def handle(self, *args, **options) -> None:
        published = options["published"]
        errors = []
        for name in options["files"]:
            try:
                for key, text, date in self._inputs(name, options["format"], published):
                    for claim in extract(text, published=date):
                        line = {"file": key, **claim.to_dict()}
                        self.stdout.write(json.dumps(line, ensure_ascii=False))
            except CorpusError as exc:
                errors.append(str(exc))
                self.stderr.write(f"extract_claims: {exc}")
        if errors:
            raise CommandError(
                f"{len(errors)} of {len(options['files'])} input(s) could not be read",
                returncode=1,
            )

    def _inputs(self, name: str, fmt: str, published):
        if name == "-":
            text = decode(sys.stdin.buffer.read(), "<stdin>")
            source = "-"
        else:
            path = Path(name)
            text = read_text(path)
            source = name
        as_jsonl = fmt == "jsonl" or (fmt == "auto" and name != "-" and name.endswith(".jsonl"))
        if not as_jsonl:
            yield source, text, published
            return
        for lineno, obj in iter_jsonl(text, source):
            body = obj.get("text")
            if not isinstance(body, str):
                raise CorpusError(f"{source}:{lineno}: no text")
            date = published_of(obj.get("published"), f"{source}:{lineno}") or published
            yield f"{source}#{lineno}", body, date
