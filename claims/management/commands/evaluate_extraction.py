"""Score the extractor against a gold file: precision, recall, F1, value and clause accuracy."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import EXTRACTOR_VERSION
from claims.extraction.corpus import CorpusError, load_articles, load_gold, read_text
from claims.extraction.dates import parse_iso
from claims.extraction.evaluation import evaluate, format_report


class Command(BaseCommand):
    help = (
        "Run the extractor over CORPUS (a directory of .txt files named as the gold 'file' keys, "
        "or a .jsonl of articles whose url is the key) and score it against GOLD.jsonl, per kind: "
        "precision, recall, F1, value accuracy and clause accuracy. Publication dates come from "
        "the .jsonl, or for .txt files from --published / --dates or a dateline in the text."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", metavar="GOLD.jsonl")
        parser.add_argument("corpus", metavar="CORPUS")
        parser.add_argument(
            "--published",
            action="append",
            default=[],
            metavar="FILE=YYYY-MM-DD",
            help="publication date of one corpus file (repeatable)",
        )
        parser.add_argument(
            "--dates",
            metavar="DATES.json",
            help='a JSON object mapping corpus keys to dates: {"a.txt": "2017-08-10", ...}',
        )
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")
        parser.add_argument(
            "--problems", action="store_true", help="also list misses, false positives and errors"
        )

    def handle(self, *args, **options) -> None:
        dates = {}
        try:
            if options["dates"]:
                loaded = json.loads(read_text(Path(options["dates"])))
                if not isinstance(loaded, dict):
                    raise CommandError(f"{options['dates']}: not a JSON object")
                dates.update(loaded)
            for item in options["published"]:
                key, sep, value = item.partition("=")
                if not sep:
                    raise CommandError(f"--published {item!r}: expected FILE=YYYY-MM-DD")
                dates[key] = value
            dates = {k: parse_iso(v) for k, v in dates.items()}
        except (ValueError, TypeError) as exc:
            raise CommandError(f"bad date: {exc}") from None
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        try:
            gold = load_gold(Path(options["gold"]))
            articles = load_articles(Path(options["corpus"]), dates)
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        report = evaluate(articles, gold)
        if options["json"]:
            data = report.to_dict()
            data["extractor_version"] = EXTRACTOR_VERSION
            if not options["problems"]:
                data.pop("problems")
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"extractor {EXTRACTOR_VERSION}")
        self.stdout.write(format_report(report))
        if options["problems"]:
            for p in report.problems:
                pred = (p.get("predicted") or {}).get("quote")
                gold_quote = (p.get("gold") or {}).get("quote")
                why = "; ".join(p.get("why") or [])
                self.stdout.write(
                    f"  {p['problem']:<15} {p['kind']:<17} {p['file']}: "
                    f"predicted={pred!r} gold={gold_quote!r} {why}".rstrip()
                )
