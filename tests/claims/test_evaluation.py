"""The extraction scorer (claims.extraction.evaluation) on tiny hand-made inputs."""

import json

import pytest

from claims.extraction.corpus import Article, CorpusError, load_articles, load_gold
from claims.extraction.evaluation import evaluate, format_report, score


def gold(start, end, role="core", kind="worker_count", file="a.txt", **fields):
    row = {"file": file, "kind": kind, "role": role, "start": start, "end": end, "quote": "q"}
    if kind == "worker_count" and role != "trap":
        row.update(measure="stock", value_low=100, value_high=100, place="KW")
    row.update(fields)
    return row


def pred(start, end, kind="worker_count", **fields):
    row = {"kind": kind, "start": start, "end": end, "quote": "q"}
    if kind == "worker_count":
        row.update(measure="stock", value_low=100, value_high=100, place="KW", period=None)
    row.update(fields)
    return row


def test_true_positive_false_positive_and_miss():
    report = score(
        [gold(0, 10), gold(20, 30)],
        {"a.txt": [pred(5, 12), pred(40, 50)]},
    )
    s = report.kinds["worker_count"]
    assert (s.core, s.tp, s.fp, s.fn) == (2, 1, 1, 1)
    assert (s.precision, s.recall) == (0.5, 0.5)
    assert s.f1 == 0.5
    assert [p["problem"] for p in report.problems] == ["missed", "false positive"]


def test_touching_spans_do_not_overlap():
    s = score([gold(0, 10)], {"a.txt": [pred(10, 20)]}).kinds["worker_count"]
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_optional_rows_are_neither_required_nor_penalised():
    report = score(
        [gold(0, 10, role="optional"), gold(20, 30)],
        {"a.txt": [pred(2, 4), pred(6, 8), pred(20, 25)]},
    )
    s = report.kinds["worker_count"]
    assert (s.core, s.tp, s.fp, s.fn, s.neutral) == (1, 1, 0, 0, 2)
    assert s.precision == 1.0 and s.recall == 1.0


def test_a_prediction_over_a_trap_is_a_false_positive():
    report = score(
        [gold(0, 10, role="trap"), gold(0, 12, role="optional")],
        {"a.txt": [pred(3, 5)]},
    )
    s = report.kinds["worker_count"]
    assert (s.tp, s.fp, s.trap_hits) == (0, 1, 1)
    assert report.problems[0]["problem"] == "trap"


def test_matching_is_one_to_one():
    s = score([gold(0, 10)], {"a.txt": [pred(0, 5), pred(5, 10)]}).kinds["worker_count"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    # one long prediction over two core rows matches only one of them
    s = score([gold(0, 10), gold(12, 20)], {"a.txt": [pred(0, 20)]}).kinds["worker_count"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)


def test_the_matching_is_maximal():
    # pred A overlaps rows 1 and 2, pred B only row 1: both must be matched
    s = score(
        [gold(0, 10), gold(10, 20)],
        {"a.txt": [pred(5, 15), pred(0, 6)]},
    ).kinds["worker_count"]
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


def test_only_the_same_kind_and_file_match():
    report = score(
        [gold(0, 10), gold(0, 10, file="b.txt")],
        {"a.txt": [pred(0, 10, kind="remittance", measure="total", value_low=1, value_high=1)]},
    )
    assert report.kinds["worker_count"].fn == 2
    assert report.kinds["remittance"].fp == 1


def test_recall_is_over_core_rows_and_precision_of_nothing_is_one():
    s = score([gold(0, 10, role="optional")], {"a.txt": []}).kinds["worker_count"]
    assert (s.core, s.recall, s.precision) == (0, 1.0, 1.0)


def test_value_accuracy_bounds_measure_place_period():
    rows = [
        gold(0, 10),
        gold(20, 30, value_low=1000, value_high=1000),
        gold(40, 50, place=None),
        gold(60, 70, measure="repatriated"),
        gold(80, 90, value_low=10_000, value_high=99_999, qualifier="vague"),
    ]
    preds = [
        pred(0, 10, value_low=100.5, value_high=100.5),  # within 1%
        pred(20, 30, value_low=1020, value_high=1020),  # 2% off
        pred(40, 50, place="QA"),  # gold place null: not checked
        pred(60, 70),  # measure differs
        pred(80, 90, value_low=10_000, value_high=99_999),
    ]
    report = score(rows, {"a.txt": preds})
    s = report.kinds["worker_count"]
    assert (s.value_checked, s.value_ok) == (5, 3)
    assert s.value_accuracy == 0.6
    whys = [p["why"] for p in report.problems if p["problem"] == "value"]
    assert whys == [
        ["value_low 1020 != 1000", "value_high 1020 != 1000"],
        ["measure stock != repatriated"],
    ]


def test_value_accuracy_checks_the_period_of_money():
    rows = [
        gold(
            0,
            10,
            kind="remittance",
            measure="per_worker",
            value_low=1000,
            value_high=1000,
            place=None,
            period="month",
        ),
        gold(
            20,
            30,
            kind="remittance",
            measure="total",
            value_low=5,
            value_high=5,
            place=None,
            period=None,
        ),
    ]
    preds = [
        pred(
            0,
            10,
            kind="remittance",
            measure="per_worker",
            value_low=1000,
            value_high=1000,
            period="year",
        ),
        pred(20, 30, kind="remittance", measure="total", value_low=5, value_high=5, period="year"),
    ]
    s = score(rows, {"a.txt": preds}).kinds["remittance"]
    assert (s.value_checked, s.value_ok) == (2, 1)


def test_optional_and_unmatched_rows_do_not_count_in_value_accuracy():
    report = score(
        [gold(0, 10, role="optional", value_low=5, value_high=5)],
        {"a.txt": [pred(0, 10)]},
    )
    assert report.kinds["worker_count"].value_checked == 0
    assert report.kinds["worker_count"].value_accuracy is None


def clause_gold(start, end, **fields):
    row = gold(start, end, kind="sanctions_clause")
    row.update(
        instrument="UNSCR 2371",
        instrument_named=False,
        provision="cap_work_authorizations",
        provision_alt=[],
    )
    row.update(fields)
    return row


def clause_pred(start, end, **fields):
    row = pred(start, end, kind="sanctions_clause")
    row.update(instrument="UNSCR 2371", provision="cap_work_authorizations")
    row.update(fields)
    return row


def test_clause_accuracy_provision_alternatives_and_named_instruments():
    rows = [
        clause_gold(0, 10),
        clause_gold(20, 30, provision_alt=["ban_new_work_authorizations"]),
        clause_gold(40, 50, instrument_named=True, instrument="UNSCR 2375"),
        clause_gold(60, 70, instrument="UNSCR 2397"),  # not named: the instrument is not checked
        clause_gold(80, 90, provision="repatriation"),
    ]
    preds = [
        clause_pred(0, 10),
        clause_pred(20, 30, provision="ban_new_work_authorizations"),
        clause_pred(40, 50),
        clause_pred(60, 70, instrument=None),
        clause_pred(80, 90),
    ]
    report = score(rows, {"a.txt": preds})
    s = report.kinds["sanctions_clause"]
    assert (s.clause_checked, s.clause_ok) == (5, 3)
    assert s.value_checked == 0


def test_report_serialises_and_formats():
    report = score([gold(0, 10)], {"a.txt": [pred(0, 10)]})
    data = json.loads(json.dumps(report.to_dict()))
    assert data["kinds"]["worker_count"]["precision"] == 1.0
    assert (data["gold_rows"], data["predictions"], data["files"]) == (1, 1, 1)
    table = format_report(report)
    assert "worker_count" in table and "1.000" in table


def test_evaluate_runs_an_extractor_over_articles():
    text = "Kuwait hosts about 6,000 North Korean laborers."
    articles = [Article("k.txt", text, None)]
    start = text.index("about")
    rows = [gold(start, start + 10, file="k.txt", value_low=6000, value_high=6000)]
    report = evaluate(articles, rows)
    s = report.kinds["worker_count"]
    assert (s.tp, s.fp, s.value_ok) == (1, 0, 1)

    def nothing(text, published=None):
        return []

    assert evaluate(articles, rows, extract_fn=nothing).kinds["worker_count"].fn == 1


def test_loading_corpora_and_gold(tmp_path):
    (tmp_path / "a.txt").write_text("Title\nBy A. Writer September 28, 2017\nText.")
    (tmp_path / "b.txt").write_text("No date here.")
    articles = {a.key: a for a in load_articles(tmp_path, {"b.txt": "2016-06"})}
    assert str(articles["a.txt"].published) == "2017-09-28"
    assert str(articles["b.txt"].published) == "2016-06-01"
    jsonl = tmp_path / "arts.jsonl"
    jsonl.write_text(json.dumps({"url": "u1", "text": "T", "published": "2017-09"}) + "\n\n")
    (article,) = load_articles(jsonl)
    assert (article.key, str(article.published)) == ("u1", "2017-09-01")
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(gold(0, 1)) + "\n")
    assert load_gold(gold_path)[0]["file"] == "a.txt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json\n", "not JSON"),
        (b"[1, 2]\n", "not a JSON object"),
        (b'{"url": "u"}\n', "no text"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_unreadable_corpora_give_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as err:
        load_articles(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_missing_corpus(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_articles(tmp_path / "nope.jsonl")
    with pytest.raises(CorpusError, match=r"no \.txt files"):
        load_articles(tmp_path)
