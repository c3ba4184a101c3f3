"""Local files, folders and JSON Lines: formats, decoding, and one-line rejections."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from pathlib import Path

import pytest

from harmledger.errors import EmptyInputError, IngestError
from harmledger.ingest.files import (
    binary_kind,
    count_jsonl_lines,
    declared_charset,
    iter_jsonl,
    read_file,
    record_document,
    rejection,
    sniff_html,
    with_headline,
)
from harmledger.models import RawDocument, Rejection


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_rejected(item: object, error: str) -> Rejection:
    assert isinstance(item, Rejection), item
    assert item.error == error
    assert item.stage == "ingest"
    assert item.message and "\n" not in item.message and "\r" not in item.message
    return item


def test_text_file_becomes_raw_document(tmp_path: Path) -> None:
    data = b"Three civilians were killed in Idlib.\n"
    path = write(tmp_path / "report.txt", data)
    doc = read_file(path, 10_000_000)
    assert isinstance(doc, RawDocument)
    assert doc.body == "Three civilians were killed in Idlib.\n"
    assert doc.format == "text"
    assert doc.origin == str(path)
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert (doc.url, doc.external_id, doc.title, doc.published) == (None, None, None, None)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.html", "<p>killed</p>", "html"),
        ("a.htm", "<p>killed</p>", "html"),
        ("a.XHTML", "<p>killed</p>", "html"),
        ("a.txt", "plain words", "text"),
        ("a.md", "# heading\nwords", "text"),
        ("README", "plain words", "text"),
        ("a.txt", "  \n<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("noext", "<HTML lang='en'><body>x</body></HTML>", "html"),
        ("a.text", "<p>a tag, but no html root</p>", "text"),
    ],
)
def test_format_by_suffix_then_sniffing(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    doc = read_file(write(tmp_path / name, content), 10_000_000)
    assert isinstance(doc, RawDocument)
    assert doc.format == expected


def test_utf8_bom_is_stripped_but_hash_covers_raw_bytes(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + "Café bombed".encode()
    doc = read_file(write(tmp_path / "bom.txt", data), 10_000_000)
    assert isinstance(doc, RawDocument)
    assert doc.body == "Café bombed"
    assert doc.content_hash == hashlib.sha256(data).hexdigest()


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    data = "Two injured in Aleppo".encode("utf-16")
    assert b"\x00" in data
    doc = read_file(write(tmp_path / "u16.txt", data), 10_000_000)
    assert isinstance(doc, RawDocument)
    assert doc.body == "Two injured in Aleppo"


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    data = b'<html><head><meta charset="windows-1252"></head><body>caf\xe9 \x93q\x94</body></html>'
    doc = read_file(write(tmp_path / "old.html", data), 10_000_000)
    assert isinstance(doc, RawDocument)
    assert "café “q”" in doc.body


def test_http_equiv_charset_is_found() -> None:
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert declared_charset(head) == "iso-8859-1"
    assert declared_charset(b"<meta charset=utf-16>") == "utf-8"
    assert declared_charset(b"<p>no meta</p>") is None


def test_unknown_declared_charset_falls_back_to_utf8(tmp_path: Path) -> None:
    data = '<meta charset="no-such-codec"><p>Ḥamā</p>'.encode()
    doc = read_file(write(tmp_path / "x.html", data), 10_000_000)
    assert isinstance(doc, RawDocument)
    assert "Ḥamā" in doc.body


BAD_FILES = [
    ("empty.txt", b"", "EmptyInputError"),
    ("blank.txt", b"  \n\t\r\n ", "EmptyInputError"),
    ("bom-only.txt", codecs.BOM_UTF8 + b"\n", "EmptyInputError"),
    ("nul.txt", b"killed\x00\x01\x02", "BinaryInputError"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "BinaryInputError"),
    ("report.txt", b"%PDF-1.4 disguised", "BinaryInputError"),
    ("img.png", b"\x89PNG\r\n\x1a\nrest", "BinaryInputError"),
    ("a.zip", b"PK\x03\x04rest", "BinaryInputError"),
    ("a.gz", b"\x1f\x8b\x08rest", "BinaryInputError"),
    ("a.jpg", b"\xff\xd8\xff\xe0rest", "BinaryInputError"),
    ("latin1.txt", b"caf\xe9 destroyed", "DecodeError"),
    ("bad.html", b"<html><body>\xff\xfe\xfd</body></html>", "DecodeError"),
    ("badmeta.html", b'<meta charset="bogus"><p>\xc3\x28</p>', "DecodeError"),
]


@pytest.mark.parametrize(("name", "data", "error"), BAD_FILES)
def test_bad_files_are_rejected_with_one_line(
    tmp_path: Path, name: str, data: bytes, error: str
) -> None:
    path = write(tmp_path / name, data)
    item = assert_rejected(read_file(path, 10_000_000), error)
    assert item.origin == str(path)
    assert str(path) in item.message
    assert item.content_hash == hashlib.sha256(data).hexdigest()


def test_decode_error_says_where_and_what_to_do(tmp_path: Path) -> None:
    item = assert_rejected(read_file(write(tmp_path / "x.txt", b"ok \xe9"), 100), "DecodeError")
    assert "byte 3" in item.message
    assert "UTF-8" in item.message


def test_fifty_megabyte_sparse_file_is_too_large_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)
    item = assert_rejected(read_file(path, 10_000_000), "TooLargeError")
    assert "50,000,000" in item.message and "10,000,000" in item.message
    assert item.content_hash is None  # rejected from stat, before any read


def test_size_cap_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path / "small.txt", "x" * 101)
    assert_rejected(read_file(path, 100), "TooLargeError")
    assert isinstance(read_file(path, 101), RawDocument)


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    item = assert_rejected(read_file(tmp_path / "nope.txt", 100), "IngestError")
    assert "no such file" in item.message


def test_binary_kind_and_sniff_helpers() -> None:
    assert binary_kind(b"%PDF-1.5") == "PDF"
    assert binary_kind(b"plain text") is None
    assert binary_kind("x".encode("utf-16")) is None
    assert sniff_html(codecs.BOM_UTF8 + b"\n <!doctype html>")
    assert not sniff_html(b"<htmlish>")


# --- JSON Lines -------------------------------------------------------------------------


def jsonl(tmp_path: Path, *lines: str | dict[str, object]) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    return write(tmp_path / "batch.jsonl", text + "\n")


def test_jsonl_lines_become_documents(tmp_path: Path) -> None:
    record = {
        "id": "a1",
        "text": "Five killed.",
        "url": "https://example.org/a1",
        "published": "2025-03-07",
        "title": "Five killed",
    }
    path = jsonl(tmp_path, record, {"id": 7, "html": "<p>Two hurt</p>"})
    first, second = list(iter_jsonl(path, 10_000_000))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.origin == f"{path}#a1"
    assert (first.external_id, first.format, first.body) == ("a1", "text", "Five killed.")
    assert (first.url, first.published, first.title) == (
        "https://example.org/a1",
        "2025-03-07",
        "Five killed",
    )
    assert first.content_hash == hashlib.sha256(b"Five killed.").hexdigest()
    assert (second.external_id, second.format) == ("7", "html")


def test_one_bad_jsonl_line_does_not_stop_the_others(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "1", "text": "one"}, "{not json", {"id": "3", "text": "three"})
    items = list(iter_jsonl(path, 10_000_000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]
    bad = assert_rejected(items[1], "IngestError")
    assert bad.origin == f"{path}:2"
    assert [i.body for i in items if isinstance(i, RawDocument)] == ["one", "three"]


BAD_LINES = [
    ("[1, 2]", "IngestError", "not a JSON object"),
    ('{"text": "no id"}', "IngestError", '"id" is missing'),
    ('{"id": "", "text": "empty id"}', "IngestError", '"id" is missing'),
    ('{"id": ["x"], "text": "list id"}', "IngestError", '"id" is a list'),
    ('{"id": true, "text": "bool id"}', "IngestError", '"id" is a bool'),
    ('{"id": "x"}', "IngestError", 'neither "text" nor "html"'),
    ('{"id": "x", "text": 5}', "IngestError", '"text" must be a string'),
    ('{"id": "x", "text": "t", "title": {"a": 1}}', "IngestError", '"title" must be'),
    ('{"id": "x", "text": "t", "published": 2025}', "IngestError", '"published" must be'),
    ('{"id": "x", "text": "   "}', "EmptyInputError", "empty"),
    ('{"id": "x", "text": "t",', "IngestError", "invalid JSON"),
]


@pytest.mark.parametrize(("line", "error", "fragment"), BAD_LINES)
def test_malformed_jsonl_lines(tmp_path: Path, line: str, error: str, fragment: str) -> None:
    path = jsonl(tmp_path, {"id": "ok", "text": "fine"}, line)
    good, bad = list(iter_jsonl(path, 10_000_000))
    assert isinstance(good, RawDocument)
    assert fragment in assert_rejected(bad, error).message


def test_jsonl_undecodable_and_overlong_lines(tmp_path: Path) -> None:
    data = b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "' + b"x" * 200 + b'"}\n'
    path = write(tmp_path / "raw.jsonl", data + b'{"id": "c", "text": "ok"}\n')
    items = list(iter_jsonl(path, 100))
    assert_rejected(items[0], "DecodeError")
    assert_rejected(items[1], "TooLargeError")
    assert isinstance(items[2], RawDocument) and items[2].external_id == "c"


def test_jsonl_blank_lines_skipped_and_empty_file_rejected(tmp_path: Path) -> None:
    path = jsonl(tmp_path, "", {"id": "a", "text": "t"}, "   ")
    assert [i.external_id for i in iter_jsonl(path, 100) if isinstance(i, RawDocument)] == ["a"]
    empty = write(tmp_path / "empty.jsonl", "\n\n")
    (item,) = list(iter_jsonl(empty, 100))
    assert_rejected(item, "EmptyInputError")


def test_gzipped_jsonl_is_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "batch.jsonl", b"\x1f\x8b\x08\x00rest")
    (item,) = list(iter_jsonl(path, 100))
    assert "GZIP" in assert_rejected(item, "BinaryInputError").message


def test_a_record_with_no_body_but_a_title_is_its_title() -> None:
    raw = record_document(
        {"id": "7", "text": "  ", "title": "Two shot dead in Elgin"}, "o#7", "o:1"
    )
    assert (raw.body, raw.format, raw.external_id) == ("Two shot dead in Elgin", "text", "7")
    with pytest.raises(EmptyInputError, match="empty or only whitespace"):
        record_document({"id": "8", "text": "", "title": " "}, "o#8", "o:2")


def test_a_headline_the_body_does_not_show_is_stored_first() -> None:
    record = {"id": "9", "text": "Sign in to read more.", "title": "Man, 23, shot dead in Elgin"}
    raw = record_document(record, "o#9", "o:1")
    assert raw.body == "Man, 23, shot dead in Elgin\n\nSign in to read more."
    assert raw.content_hash == hashlib.sha256(raw.body.encode()).hexdigest()
    kept = record_document(record, "o#9", "o:1", headline=False)
    assert kept.body == "Sign in to read more."


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Menu\nNews\nMan  shot dead in ELGIN\nPolice said ...", "Man shot dead in Elgin"),
        ("Two shot in Elgin after a party on Main Street, police say.", "Two shot in Elgin..."),
        ("Two shot in Elgin.", None),
        ("Two shot in Elgin.", "   "),
    ],
)
def test_a_body_that_shows_its_headline_is_kept(body: str, title: str | None) -> None:
    assert with_headline(body, title) == body


def test_a_headline_far_down_the_page_is_not_shown() -> None:
    body = "x " * 2000 + "Man shot dead in Elgin"
    assert with_headline(body, "Man shot dead in Elgin").startswith("Man shot dead in Elgin\n\n")


# --- hostile inputs: special files, poisoned lines ---------------------------------------


def test_a_fifo_or_a_link_to_dev_zero_is_rejected_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")  # reading it would grow without end
    for path, kind in ((fifo, "named pipe"), (zero, "character device")):
        (item,) = list(iter_jsonl(path, 100))
        assert kind in assert_rejected(item, "IngestError").message
        assert kind in assert_rejected(read_file(path, 100), "IngestError").message
    assert count_jsonl_lines(fifo) == 1


POISON_LINES = [
    (b'{"id": "s", "text": "bad \\ud800 here"}', "DecodeError", "lone surrogate"),
    (b'{"id": "\\udfff", "text": "ok"}', "DecodeError", "lone surrogate"),
    (b'{"id": "n", "text": "a\\u0000b"}', "BinaryInputError", "NUL character"),
    (b'{"id": "z", "text": "raw \x00 byte"}', "BinaryInputError", "NUL byte"),
    (b'{"id": "u", "text": "caf\xff"}', "DecodeError", "not valid UTF-8"),
    (b'{"id": "d", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "IngestError", "nested"),
    (b'{"id": 1' + b"1" * 5000 + b', "text": "x"}', "IngestError", "invalid JSON"),
]


@pytest.mark.parametrize(("line", "error", "fragment"), POISON_LINES)
def test_a_poisoned_line_rejects_only_itself(
    tmp_path: Path, line: bytes, error: str, fragment: str
) -> None:
    good = b'{"id": "ok", "text": "Five killed."}'
    path = write(tmp_path / "batch.jsonl", good + b"\n" + line + b"\n" + good.replace(b"ok", b"k2"))
    items = list(iter_jsonl(path, 10_000_000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]
    assert fragment in assert_rejected(items[1], error).message
    assert items[1].origin == f"{path}:2"


def test_jsonl_id_collisions_are_reported_and_repeats_pass_as_duplicates(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        {"id": "a", "text": "Five killed."},
        {"id": "a", "text": "Five killed."},
        {"id": "a", "text": "Six killed."},
    )
    first, again, other = list(iter_jsonl(path, 100))
    assert isinstance(first, RawDocument) and isinstance(again, RawDocument)
    assert first.content_hash == again.content_hash
    assert 'id "a" is already used at' in assert_rejected(other, "IngestError").message


def test_a_file_name_that_is_not_utf8_becomes_a_storable_origin(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xffname.txt")
    doc = read_file(write(tmp_path / name, "Five killed."), 100)
    assert isinstance(doc, RawDocument)
    doc.origin.encode("utf-8")  # no lone surrogate left
    assert "\\udcff" in doc.origin


def test_a_rejection_of_an_origin_that_is_not_utf8_can_be_stored() -> None:
    origin = os.fsdecode(b"/tmp/nope\xff.txt")  # as sys.argv holds undecodable bytes
    found = rejection(origin, IngestError(f"{origin}: no such file"))
    found.origin.encode("utf-8")
    found.message.encode("utf-8")
    assert found.origin == "/tmp/nope\\udcff.txt" and found.message.startswith(found.origin)
