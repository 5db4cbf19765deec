"""Validating article fields into an ArticleInput, with a clear message for each bad field."""

import datetime

import pytest

from sources.validation import ArticleInput, ArticleInputError, article_input_from_mapping


def errors_of(data, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ArticleInputError) as info:
        article_input_from_mapping(data, **kwargs)
    return info.value.errors


def test_minimal_article_gets_defaults():
    article = article_input_from_mapping({"title": "A title", "text": "Some text."})
    assert article == ArticleInput(title="A title", text="Some text.")
    assert article.published is None
    assert article.language == "en"


def test_fields_are_normalised():
    article = article_input_from_mapping(
        {
            "title": "  A\n  title\t with  breaks ",
            "text": "\r\n  Cafe\u0301 line one\r\nline two\rline three  \n",
            "url": " https://example.org/a ",
            "outlet": " The  Paper ",
            "outlet_kind": "Newspaper",
            "published": "2017-08",
            "author": "Jana Roe",
            "wire": "Gulf Wire Service",
            "language": "pt-BR",
            "retrieved": "2017-08-11T10:00:00",
        }
    )
    assert article.title == "A title with breaks"
    # NFC: "e" + combining acute becomes one character.
    assert article.text == "Caf\u00e9 line one\nline two\nline three"
    assert article.url == "https://example.org/a"
    assert article.outlet == "The Paper"
    assert article.outlet_kind == "newspaper"
    assert article.published == datetime.date(2017, 8, 1)
    assert article.published_precision == "month"
    assert article.wire == "gulf-wire-service"
    assert article.language == "pt-BR"
    assert article.retrieved == datetime.datetime(2017, 8, 11, 10, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2017-08-10", datetime.date(2017, 8, 10), "day"),
        ("2017-08", datetime.date(2017, 8, 1), "month"),
        ("2017", datetime.date(2017, 1, 1), "year"),
        (2017, datetime.date(2017, 1, 1), "year"),
        ("2017-08-10T23:30:00+09:00", datetime.date(2017, 8, 10), "day"),
        ("2017-08-10T09:00:00Z", datetime.date(2017, 8, 10), "day"),
        (datetime.date(2017, 8, 10), datetime.date(2017, 8, 10), "day"),
    ],
)
def test_dates_and_their_precision(value, expected, precision):
    article = article_input_from_mapping({"title": "t", "text": "x", "published": value})
    assert (article.published, article.published_precision) == (expected, precision)


def test_explicit_precision_wins():
    article = article_input_from_mapping(
        {"title": "t", "text": "x", "published": "2017-08-10", "published_precision": "month"}
    )
    assert article.published_precision == "month"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "x"}, "title", "is required"),
        ({"title": "", "text": "x"}, "title", "is empty"),
        ({"title": " \n\t ", "text": "x"}, "title", "is only whitespace"),
        ({"title": "t"}, "text", "is required"),
        ({"title": "t", "text": "   \n "}, "text", "is only whitespace"),
        ({"title": 7, "text": "x"}, "title", "expected text, got a number"),
        ({"title": "t", "text": ["x"]}, "text", "expected text, got a list"),
        ({"title": "t", "text": "a\x00b"}, "text", "NUL byte at character 1"),
        ({"title": "t", "text": "a\x07b"}, "text", "control character U+0007"),
        ({"title": "t", "text": "a\x85b"}, "text", "control character U+0085"),
        ({"title": "t", "text": "a\ud800b"}, "text", "unpaired surrogate"),
        ({"title": "t\x1b", "text": "x"}, "title", "control character U+001B"),
        ({"title": "t" * 501, "text": "x"}, "title", "over the limit of 500"),
        ({"title": "t", "text": "x", "published": "10 Aug 2017"}, "published", "cannot read"),
        ({"title": "t", "text": "x", "published": "2017-02-30"}, "published", "day is out"),
        ({"title": "t", "text": "x", "published": "2017-13"}, "published", "month must be"),
        ({"title": "t", "text": "x", "published": "1066"}, "published", "implausibly early"),
        ({"title": "t", "text": "x", "published": 3.5}, "published", "got a number"),
        ({"title": "t", "text": "x", "url": "not a url"}, "url", "not a valid http(s) URL"),
        ({"title": "t", "text": "x", "url": "ftp://x.example/a"}, "url", "not a valid"),
        ({"title": "t", "text": "x", "outlet_kind": "zine"}, "outlet_kind", "must be one of"),
        ({"title": "t", "text": "x", "language": "en us!"}, "language", "not a language tag"),
        ({"title": "t", "text": "x", "retrieved": "soon"}, "retrieved", "cannot read"),
        ({"title": "t", "text": "x", "publised": "2017"}, "publised", "unknown field"),
    ],
)
def test_bad_fields(data, field, message):
    errors = errors_of(data)
    assert field in errors, errors
    assert any(message in m for m in errors[field]), errors[field]


def test_every_bad_field_is_reported_at_once():
    errors = errors_of({"title": "", "text": "", "published": "nope", "url": "x"})
    assert set(errors) == {"title", "text", "published", "url"}


def test_error_summary_is_one_line():
    with pytest.raises(ArticleInputError) as info:
        article_input_from_mapping({"title": "", "text": "x", "published": "nope"})
    summary = str(info.value)
    assert "\n" not in summary
    assert summary.startswith("title: is empty; published: cannot read 'nope'")


def test_not_a_mapping():
    assert "expected an object" in errors_of(["title"])["non_field_errors"][0]


def test_text_size_limit(settings):
    settings.KBASE = {**settings.KBASE, "MAX_ARTICLE_BYTES": 10}
    assert (
        "11 bytes of UTF-8, over the limit of 10"
        in errors_of({"title": "t", "text": "x" * 11})["text"][0]
    )
    # The limit counts bytes, not characters: five two-byte characters are ten bytes.
    assert article_input_from_mapping({"title": "t", "text": "\u00e9" * 5}).text == "\u00e9" * 5
    assert (
        "over the limit of 4" in errors_of({"title": "t", "text": "x" * 5}, max_bytes=4)["text"][0]
    )


def test_defaults_fill_blanks_and_overrides_replace():
    data = {"title": "t", "text": "x", "outlet": "", "author": "Own Author", "published": "2017"}
    article = article_input_from_mapping(
        data,
        defaults={"outlet": "Default Outlet", "author": "Default Author"},
        overrides={"published": "2018-03"},
    )
    assert article.outlet == "Default Outlet"
    assert article.author == "Own Author"
    assert (article.published, article.published_precision) == (datetime.date(2018, 3, 1), "month")
