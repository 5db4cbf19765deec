"""Reading article files: plain text, HTML and JSON Lines, and finding them in folders."""

import codecs
import io
import json

import pytest

from sources.parsing import (
    ParsedArticle,
    ParseError,
    decode_text,
    find_files,
    parse_html,
    parse_jsonl,
    parse_txt,
    read_articles,
)
from sources.parsing.html import declared_charset

PAGE = """<!doctype html>
<html><head>{meta}<title>Kuwait keeps its crews | The Harbour Gazette</title>
<meta name="author" content="Jana Roe">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="article:published_time" content="2017-08-10T09:00:00Z">
<link rel="canonical" href="{canonical}">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Kuwait keeps its crews</h1>
<p>Kuwait hosts about 6,000 North Korean builders, a ministry official said on Thursday,
adding that the \u201cexisting contracts\u201d will run their course.</p>
<p>The caf\u00e9 owners near the sites \u2013 mostly expatriates \u2013 said little.</p>
</article>
<footer>Copyright The Harbour Gazette</footer>
</body></html>"""


def page(meta: str = "", canonical: str = "https://harbour.example/kuwait-crews") -> str:
    return PAGE.format(meta=meta, canonical=canonical)


# Plain text


def test_txt_title_headers_and_body():
    data = (
        b"Kuwait keeps its crews\n"
        b"URL: https://harbour.example/kuwait\n"
        b"Outlet: The Harbour Gazette\n"
        b"published: 2017-08\n"
        b"Author: Jana Roe\n"
        b"Outlet-Kind: newspaper\n"
        b"\n"
        b"Kuwait hosts about 6,000 North Korean builders.\n\nSecond paragraph.\n"
    )
    parsed = parse_txt(data)
    assert parsed.fields == {
        "title": "Kuwait keeps its crews",
        "text": "Kuwait hosts about 6,000 North Korean builders.\n\nSecond paragraph.\n",
        "url": "https://harbour.example/kuwait",
        "outlet": "The Harbour Gazette",
        "published": "2017-08",
        "author": "Jana Roe",
        "outlet_kind": "newspaper",
    }
    assert data.decode()[parsed.body_offset :].startswith("Kuwait hosts")


def test_txt_without_headers_keeps_a_caption_line_as_text():
    data = b"\n\nA title line\n\nPHOTO: Getty Images/Someone\n\nBody text: with a colon.\n"
    parsed = parse_txt(data)
    assert parsed.fields == {
        "title": "A title line",
        "text": "PHOTO: Getty Images/Someone\n\nBody text: with a colon.\n",
    }
    assert data.decode()[parsed.body_offset :] == parsed.fields["text"]


def test_txt_header_block_stops_at_the_first_unknown_key():
    parsed = parse_txt(b"Title\nAuthor: A. Writer\nSource: somewhere\nBody.\n")
    assert parsed.fields["author"] == "A. Writer"
    assert parsed.fields["text"] == "Source: somewhere\nBody.\n"


def test_txt_byte_order_mark_and_crlf():
    parsed = parse_txt(codecs.BOM_UTF8 + "Title\r\nDate: 2017\r\n\r\nBody \u2013 text\r\n".encode())
    assert parsed.fields["title"] == "Title"
    assert parsed.fields["published"] == "2017"
    assert parsed.fields["text"].startswith("Body \u2013 text")


def test_txt_legacy_encoding_is_detected():
    parsed = parse_txt(
        "Gr\u00fc\u00dfe aus M\u00fcnchen\n\nSch\u00f6ne Stra\u00dfe".encode("cp1252")
    )
    assert parsed.fields["title"] == "Gr\u00fc\u00dfe aus M\u00fcnchen"
    assert parsed.fields["text"] == "Sch\u00f6ne Stra\u00dfe"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n  ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (codecs.BOM_UTF16_LE + "Title\n\nBody".encode("utf-16-le")[:-1], "not valid in utf-16"),
    ],
)
def test_txt_bad_input(data, message):
    with pytest.raises(ParseError, match=message):
        parse_txt(data)


def test_txt_title_only_leaves_empty_text_for_validation():
    assert parse_txt(b"Only a title\n\n").fields == {"title": "Only a title", "text": ""}


def test_corpus_files_parse_as_they_are(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        parsed = parse_txt(path.read_bytes())
        assert parsed.fields["title"] == raw.splitlines()[0].strip()
        assert set(parsed.fields) == {"title", "text"}, path.name
        assert raw[parsed.body_offset :] == parsed.fields["text"]


# HTML


def test_html_main_text_and_metadata():
    parsed = parse_html(page('<meta charset="utf-8">').encode("utf-8"))
    fields = parsed.fields
    assert fields["title"] == "Kuwait keeps its crews"
    assert fields["author"] == "Jana Roe"
    assert fields["published"] == "2017-08-10"
    assert fields["outlet"] == "The Harbour Gazette"
    assert fields["url"] == "https://harbour.example/kuwait-crews"
    assert "about 6,000 North Korean builders" in fields["text"]
    assert "\u201cexisting contracts\u201d" in fields["text"]
    assert "Home" not in fields["text"]
    assert "Copyright" not in fields["text"]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
)
def test_html_declared_legacy_charset_is_honoured(meta):
    parsed = parse_html(page(meta).encode("cp1252"))
    assert "\u201cexisting contracts\u201d" in parsed.fields["text"]
    assert "caf\u00e9 owners near the sites \u2013 mostly" in parsed.fields["text"]


def test_html_byte_order_mark_wins_over_the_declaration():
    data = codecs.BOM_UTF8 + page('<meta charset="windows-1252">').encode("utf-8")
    assert "caf\u00e9 owners" in parse_html(data).fields["text"]


def test_html_without_declaration_is_detected():
    parsed = parse_html(page().encode("cp1252"))
    assert "caf\u00e9 owners near the sites \u2013 mostly" in parsed.fields["text"]


def test_html_invalid_bytes_for_the_declared_charset():
    data = page('<meta charset="utf-8">').encode("cp1252")
    with pytest.raises(ParseError, match=r"not valid in utf-8 \(declared\) at byte \d+"):
        parse_html(data)
    data = page('<meta charset="windows-1252">').encode("cp1252").replace(b"Thursday", b"Thur\x81")
    with pytest.raises(ParseError, match="not valid in windows-1252"):
        parse_html(data)


def test_html_unknown_charset_and_binary():
    with pytest.raises(ParseError, match="unknown charset 'x-klingon'"):
        parse_html(page('<meta charset="x-klingon">').encode())
    with pytest.raises(ParseError, match="binary data"):
        parse_html(b"\x00\x01\x02<html>")


def test_html_without_main_text():
    with pytest.raises(ParseError, match="no main text"):
        parse_html(b"<html><head><title>Empty</title></head><body></body></html>")


def test_html_relative_canonical_link_is_dropped():
    parsed = parse_html(page('<meta charset="utf-8">', canonical="/kuwait-crews").encode())
    assert "url" not in parsed.fields


def test_declared_charset_reads_meta_tags_only():
    assert declared_charset(b'<meta charset=" Shift_JIS ">') == "Shift_JIS"
    assert declared_charset(b"<p>charset=koi8-r is mentioned in text</p>") is None
    assert declared_charset(b"") is None


# JSON Lines


def jsonl(*lines: str) -> io.BytesIO:
    return io.BytesIO("\n".join(lines).encode())


def test_jsonl_articles_errors_and_line_numbers():
    stream = jsonl(
        json.dumps({"title": "One", "text": "First."}),
        "",
        '{"title": "Two", "text": ',
        "[1, 2]",
        json.dumps({"title": "Three", "text": "Third \u2013 with a dash."}),
    )
    items = list(parse_jsonl(stream, max_bytes=1000))
    assert [type(i) for i in items] == [ParsedArticle, ParseError, ParseError, ParsedArticle]
    assert items[0].fields == {"title": "One", "text": "First."}
    assert items[0].line == 1
    assert items[1].line == 3
    assert "invalid JSON" in items[1].message
    assert str(items[1]).startswith("line 3: invalid JSON")
    assert items[2].line == 4
    assert "got an array" in items[2].message
    assert items[3].line == 5
    assert items[3].fields["text"] == "Third \u2013 with a dash."


def test_jsonl_invalid_utf8_and_overlong_lines_do_not_stop_the_rest():
    stream = io.BytesIO(
        b'{"title": "caf\xe9", "text": "x"}\n'
        + b'{"title": "long", "text": "'
        + b"x" * 5000
        + b'"}\n{"title": "Last", "text": "y"}\n'
    )
    items = list(parse_jsonl(stream, max_bytes=100))
    assert isinstance(items[0], ParseError)
    assert items[0].line == 1
    assert "not valid in UTF-8" in items[0].message
    assert isinstance(items[1], ParseError)
    assert items[1].line == 2
    assert "too large" in items[1].message
    assert items[2].fields == {"title": "Last", "text": "y"}
    assert items[2].line == 3


def test_jsonl_must_be_utf8():
    stream = io.BytesIO(codecs.BOM_UTF16_LE + '{"title": "a"}'.encode("utf-16-le"))
    [error] = list(parse_jsonl(stream, max_bytes=100))
    assert "must be UTF-8" in error.message


def test_jsonl_utf8_byte_order_mark_is_accepted():
    stream = io.BytesIO(codecs.BOM_UTF8 + b'{"title": "a", "text": "b"}\n')
    [item] = list(parse_jsonl(stream, max_bytes=100))
    assert item.fields == {"title": "a", "text": "b"}


# Decoding


def test_decode_text_prefers_utf8_and_reports_the_encoding():
    assert decode_text("\u00e9t\u00e9".encode()) == ("\u00e9t\u00e9", "utf-8")
    russian = (
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? " * 5
    )
    assert decode_text(russian.encode("cp1251")) == (russian, "cp1251")
    assert decode_text(b"caf\xe9", declared="latin-1") == ("caf\u00e9", "cp1252")


# Finding files


def test_find_files_in_folders_recursively(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One\n\nText")
    (tmp_path / "a" / "two.HTM").write_text("<html></html>")
    (tmp_path / "b.jsonl").write_text('{"title": "t", "text": "x"}\n')
    (tmp_path / "gold.jsonl").write_text('{"file": "one.txt", "quote": "x"}\n')
    (tmp_path / "notes.md").write_text("# notes")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nText")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x\n\ny")
    found = list(find_files(str(tmp_path)))
    importable = [(f.shown, f.format) for f in found if f.path]
    assert importable == [
        (f"{tmp_path}/b.jsonl", "jsonl"),
        (f"{tmp_path}/a/one.txt", "txt"),
        (f"{tmp_path}/a/two.HTM", "html"),
    ]
    [skipped] = [f for f in found if f.skipped]
    assert skipped.shown == f"{tmp_path}/gold.jsonl"
    assert "not articles" in skipped.skipped


def test_find_files_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.md").write_text("x")
    [missing] = find_files(str(tmp_path / "nope.txt"))
    assert missing.error == "no such file or folder"
    [empty] = find_files(str(tmp_path / "empty"))
    assert "holds no importable files" in empty.error
    [unknown] = find_files(str(tmp_path / "notes.md"))
    assert "unknown format of .md" in unknown.error
    [forced] = find_files(str(tmp_path / "notes.md"), format="txt")
    assert forced.format == "txt"
    [everything] = find_files(str(tmp_path), format="txt")
    assert (everything.shown, everything.format) == (f"{tmp_path}/notes.md", "txt")


def test_find_files_shows_dotdot_paths_as_given(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "one.txt").write_text("One\n\nText")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    [found] = find_files("../data")
    assert found.shown == "../data/one.txt"
    assert found.path == (tmp_path / "data" / "one.txt").resolve()
    [single] = find_files("../work/../data/one.txt")
    assert single.shown == "../work/../data/one.txt"
    assert single.path == found.path


def test_read_articles_refuses_huge_files_unread(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n\n" + b"x" * 2000)
    [error] = read_articles(path, format="txt", max_bytes=100)
    assert isinstance(error, ParseError)
    assert "too large" in error.message
    [article] = read_articles(path, format="txt", max_bytes=1000)
    assert article.fields["title"] == "Title"
