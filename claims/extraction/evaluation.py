"""Scoring extracted claims against gold annotations (pure Python).

Rules, per article and kind:

- a prediction matches a gold row of the same kind when their spans overlap, one to one
  (a maximum matching over core rows);
- recall is over `core` rows;
- a prediction left unmatched is a false positive, unless it overlaps an `optional` row (then it
  is neither true nor false positive); one over a `trap` row is always a false positive;
- value accuracy is the share of matched core numeric rows whose bounds (within 1%), measure,
  place and period equal the gold's (a null place or period in the gold is not checked);
- clause accuracy is the share of matched core sanctions rows whose provision is the gold's (or
  one of its `provision_alt`) and whose instrument is the gold's where `instrument_named` is true.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from claims.extraction.model import KINDS

NUMERIC_KINDS = ("worker_count", "remittance")
TOLERANCE = 0.01


@dataclass
class KindScore:
    kind: str
    core: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0  # predictions over optional rows
    trap_hits: int = 0
    value_checked: int = 0
    value_ok: int = 0
    clause_checked: int = 0
    clause_ok: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if (self.tp + self.fp) else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.core if self.core else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if (p + r) else 0.0

    @property
    def value_accuracy(self) -> float | None:
        return self.value_ok / self.value_checked if self.value_checked else None

    @property
    def clause_accuracy(self) -> float | None:
        return self.clause_ok / self.clause_checked if self.clause_checked else None

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "core": self.core,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "neutral": self.neutral,
            "trap_hits": self.trap_hits,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "value_accuracy": _round(self.value_accuracy),
            "value_checked": self.value_checked,
            "clause_accuracy": _round(self.clause_accuracy),
            "clause_checked": self.clause_checked,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class Report:
    kinds: dict[str, KindScore]
    gold_rows: int = 0
    predictions: int = 0
    files: int = 0
    problems: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "files": self.files,
            "gold_rows": self.gold_rows,
            "predictions": self.predictions,
            "kinds": {k: s.to_dict() for k, s in self.kinds.items()},
            "problems": self.problems,
        }


def overlaps(a: Mapping, b: Mapping) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _overlap_len(a: Mapping, b: Mapping) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _close(pred, gold) -> bool:
    if gold is None:
        return pred is None
    if pred is None:
        return False
    pred, gold = float(pred), float(gold)
    if gold == 0:
        return pred == 0
    return abs(pred - gold) <= TOLERANCE * abs(gold)


def value_problems(pred: Mapping, gold: Mapping) -> list[str]:
    """Why a matched numeric prediction's value differs from the gold's (empty when it agrees)."""
    problems = []
    if not _close(pred.get("value_low"), gold.get("value_low")):
        problems.append(f"value_low {pred.get('value_low')} != {gold.get('value_low')}")
    if not _close(pred.get("value_high"), gold.get("value_high")):
        problems.append(f"value_high {pred.get('value_high')} != {gold.get('value_high')}")
    if pred.get("measure") != gold.get("measure"):
        problems.append(f"measure {pred.get('measure')} != {gold.get('measure')}")
    for key in ("place", "period"):
        if gold.get(key) is not None and pred.get(key) != gold.get(key):
            problems.append(f"{key} {pred.get(key)} != {gold.get(key)}")
    return problems


def clause_problems(pred: Mapping, gold: Mapping) -> list[str]:
    """Why a matched sanctions prediction differs from the gold's (empty when it agrees)."""
    problems = []
    allowed = {gold.get("provision"), *(gold.get("provision_alt") or [])}
    if pred.get("provision") not in allowed:
        problems.append(f"provision {pred.get('provision')} not in {sorted(map(str, allowed))}")
    if gold.get("instrument_named") and pred.get("instrument") != gold.get("instrument"):
        problems.append(f"instrument {pred.get('instrument')} != {gold.get('instrument')}")
    return problems


def _match(preds: list[Mapping], cores: list[Mapping]) -> dict[int, int]:
    """A maximum one-to-one matching of predictions to overlapping core rows
    (pred index -> core index); larger overlaps are tried first."""
    options = []
    for p in preds:
        cands = [j for j, g in enumerate(cores) if overlaps(p, g)]
        cands.sort(key=lambda j: -_overlap_len(p, cores[j]))
        options.append(cands)
    owner: dict[int, int] = {}  # core -> pred

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(preds)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def score(gold: Iterable[Mapping], predictions: Mapping[str, Iterable[Mapping]]) -> Report:
    """Score predictions (file key -> claim dicts) against gold rows (each with a "file")."""
    kinds = {k: KindScore(k) for k in KINDS}
    report = Report(kinds)
    gold_by: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
    for row in gold:
        gold_by[(row["file"], row["kind"])].append(row)
        report.gold_rows += 1
        kinds.setdefault(row["kind"], KindScore(row["kind"]))
    pred_by: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
    for key, claims in predictions.items():
        for claim in claims:
            pred_by[(key, claim["kind"])].append(claim)
            report.predictions += 1
            kinds.setdefault(claim["kind"], KindScore(claim["kind"]))
    report.files = len({k for k, _ in gold_by} | {k for k, _ in pred_by})

    for key_kind in sorted(set(gold_by) | set(pred_by)):
        file_key, kind = key_kind
        ks = kinds[kind]
        rows = gold_by.get(key_kind, [])
        preds = sorted(pred_by.get(key_kind, []), key=lambda p: (p["start"], p["end"]))
        cores = [r for r in rows if r["role"] == "core"]
        optionals = [r for r in rows if r["role"] == "optional"]
        traps = [r for r in rows if r["role"] == "trap"]
        ks.core += len(cores)
        matched = _match(preds, cores)
        ks.tp += len(matched)
        ks.fn += len(cores) - len(matched)
        matched_cores = set(matched.values())
        for j, g in enumerate(cores):
            if j not in matched_cores:
                report.problems.append(_problem("missed", file_key, kind, gold=g))
        for i, p in enumerate(preds):
            if i in matched:
                g = cores[matched[i]]
                if kind in NUMERIC_KINDS:
                    ks.value_checked += 1
                    why = value_problems(p, g)
                    if why:
                        report.problems.append(_problem("value", file_key, kind, p, g, why))
                    else:
                        ks.value_ok += 1
                elif kind == "sanctions_clause":
                    ks.clause_checked += 1
                    why = clause_problems(p, g)
                    if why:
                        report.problems.append(_problem("clause", file_key, kind, p, g, why))
                    else:
                        ks.clause_ok += 1
                continue
            trap = next((t for t in traps if overlaps(p, t)), None)
            if trap is not None:
                ks.fp += 1
                ks.trap_hits += 1
                report.problems.append(_problem("trap", file_key, kind, p, trap))
            elif any(overlaps(p, o) for o in optionals):
                ks.neutral += 1
            else:
                ks.fp += 1
                report.problems.append(_problem("false positive", file_key, kind, p))
    return report


def _problem(what, file_key, kind, pred=None, gold=None, why=None) -> dict:
    out = {"problem": what, "file": file_key, "kind": kind}
    if pred is not None:
        out["predicted"] = {k: pred.get(k) for k in ("quote", "start", "end")}
    if gold is not None:
        out["gold"] = {k: gold.get(k) for k in ("quote", "start", "end", "role")}
    if why:
        out["why"] = why
    return out


def format_report(report: Report) -> str:
    """A plain-text table: one row per kind."""
    header = (
        f"{'kind':<17} {'core':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6} "
        f"{'f1':>6} {'value':>6} {'clause':>6}"
    )
    lines = [header, "-" * len(header)]
    for kind in KINDS:
        s = report.kinds.get(kind)
        if s is None:
            continue
        value = "-" if s.value_accuracy is None else f"{s.value_accuracy:.3f}"
        clause = "-" if s.clause_accuracy is None else f"{s.clause_accuracy:.3f}"
        lines.append(
            f"{kind:<17} {s.core:>4} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>6.3f} "
            f"{s.recall:>6.3f} {s.f1:>6.3f} {value:>6} {clause:>6}"
        )
    lines.append(
        f"{report.files} files, {report.gold_rows} gold rows, {report.predictions} predictions"
    )
    return "\n".join(lines)


def evaluate(articles, gold: list[Mapping], extract_fn=None) -> Report:
    """Run the extractor over articles (claims.extraction.corpus.Article) and score it."""
    if extract_fn is None:
        from claims.extraction import extract as extract_fn
    predictions = {
        a.key: [c.to_dict() for c in extract_fn(a.text, published=a.published)] for a in articles
    }
    return score(gold, predictions)
