"""Local inputs: decoding and sniffing helpers, plain files, folders and JSON Lines files.

Every reader here either returns a :class:`RawDocument` or a :class:`Rejection`; none of them
raises for one bad input, so a batch always goes on.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Literal

from harmledger.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    IngestError,
    TooLargeError,
)
from harmledger.models import RawDocument, Rejection

Format = Literal["text", "html"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x1f\x8b", "GZIP"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x7fELF", "ELF"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"\xfd7zXZ\x00", "XZ"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office"),
)
_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_JSONL_OPTIONAL = ("url", "published", "title")


def one_line(message: str) -> str:
    """Collapse all whitespace (newlines included) so a message fits on one line."""
    return " ".join(message.split())


def sha256_hex(data: bytes) -> str:
    """The content hash used on every :class:`RawDocument`."""
    return hashlib.sha256(data).hexdigest()


def rejection(origin: str, exc: IngestError, content_hash: str | None = None) -> Rejection:
    """Turn an ingest error into the rejection row that the batch records; an origin given on
    the command line or read from a file name may hold bytes that are not UTF-8, which are
    written as ``\\udcXX`` escapes so the row can be stored."""
    found = Rejection.of(origin_of(origin), "ingest", exc, content_hash)
    return replace(found, message=origin_of(found.message))


def _bom_codec(data: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data`` (``"PDF"``, ``"NUL bytes"`` ...), or None for text."""
    if _bom_codec(data) in ("utf-16", "utf-32"):
        return None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return "NUL bytes" if b"\x00" in data else None


def sniff_html(data: bytes) -> bool:
    """True when the bytes start (after a BOM and whitespace) with a doctype or ``<html>``."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return _HTML_START.match(data[:1024]) is not None


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of an HTML page declares, if any."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    # The HTML spec reads a UTF-16/32 declaration in <meta> as UTF-8 (real UTF-16 has a BOM).
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, origin: str, fmt: Format, charset: str | None = None) -> str:
    """Decode strictly: BOM, then ``charset`` (e.g. from Content-Type), then ``<meta>``, then UTF-8.

    A declared codec that fails falls back to strict UTF-8 before giving up with DecodeError.
    """
    codec = _bom_codec(data)
    if codec is None:
        declared = charset or (declared_charset(data) if fmt == "html" else None)
        codec = _known_codec(declared) or "utf-8"
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        if codec not in ("utf-8", "utf-8-sig"):
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        where = f" at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else ""
        raise DecodeError(
            f"{origin}: cannot decode the bytes as {codec}{where}; re-save the input as UTF-8"
        ) from None


def format_for_suffix(suffix: str) -> Format:
    """``html`` for .html/.htm/.xhtml, else ``text`` (content sniffing may still say html)."""
    return "html" if suffix.lower() in HTML_SUFFIXES else "text"


def _empty(origin: str, what: str) -> str:
    return f"{origin}: {what} is empty or only whitespace; remove it or add text"


def build_document(
    data: bytes,
    origin: str,
    *,
    fmt: Format = "text",
    charset: str | None = None,
    what: str = "file",
    **meta: Any,
) -> RawDocument:
    """Check, sniff and decode ``data`` into a RawDocument; raises an IngestError subclass."""
    if not data.strip():
        raise EmptyInputError(_empty(origin, what))
    kind = binary_kind(data)
    if kind is not None:
        raise BinaryInputError(
            f"{origin}: looks like a binary {what} ({kind}), not text or HTML; "
            "convert it to plain text or HTML first"
        )
    if fmt == "text" and sniff_html(data):
        fmt = "html"
    body = decode_bytes(data, origin, fmt, charset)
    if not body.strip():
        raise EmptyInputError(_empty(origin, what))
    return RawDocument(origin=origin, body=body, format=fmt, content_hash=sha256_hex(data), **meta)


def document_or_rejection(data: bytes, origin: str, **kwargs: Any) -> RawDocument | Rejection:
    """:func:`build_document`, with any IngestError turned into a Rejection carrying the hash."""
    try:
        return build_document(data, origin, **kwargs)
    except IngestError as exc:
        return rejection(origin, exc, sha256_hex(data))


def _check_regular(path: Path, max_bytes: int | None) -> None:
    """Raise IngestError unless ``path`` is a regular file (of at most ``max_bytes`` bytes)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError(f"{origin_of(path)}: no such file or folder; check the path") from None
    except OSError as exc:
        raise IngestError(_unreadable(path, exc)) from None
    _check_info(path, info, max_bytes)


def _check_info(path: Path, info: os.stat_result, max_bytes: int | None) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(
            f"{origin_of(path)}: not a regular file ({_file_kind(info.st_mode)}); "
            "give a file, a folder or a URL"
        )
    if max_bytes is not None and info.st_size > max_bytes:
        raise TooLargeError(_too_large(origin_of(path), info.st_size, max_bytes))


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _unreadable(path: Path, exc: OSError) -> str:
    why = f"cannot read it ({exc.strerror})"
    return f"{origin_of(path)}: {why}; check that it exists and is readable"


#: Flags that make ``open`` return at once on a named pipe or a terminal instead of waiting.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _open_regular(path: Path, max_bytes: int | None = None) -> IO[bytes]:
    """Open a regular file for reading bytes, or raise IngestError saying why not.

    The path is checked first, then opened without blocking (a named pipe swapped in after
    the check would otherwise wait for a writer forever), and what was opened is checked
    again, so only a regular file is ever read."""
    _check_regular(path, max_bytes)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise IngestError(_unreadable(path, exc)) from None
    try:
        _check_info(path, os.fstat(fd), max_bytes)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def origin_of(path: Path | str) -> str:
    """``path`` as a storable string: bytes a file name holds that are not UTF-8 are written as
    ``\\udcXX`` escapes (a name the ledger could not store would stop the batch)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a regular file, checking its size with ``stat`` before reading a byte."""
    with _open_regular(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew after the stat
        raise TooLargeError(_too_large(origin_of(path), len(data), max_bytes))
    return data


def _too_large(origin: str, size: int, max_bytes: int) -> str:
    return (
        f"{origin}: {size:,} bytes is over the {max_bytes:,}-byte limit; "
        "split the input or raise max_bytes"
    )


def read_file(path: Path, max_bytes: int) -> RawDocument | Rejection:
    """Read one plain-text or HTML file (format from the suffix, then sniffed)."""
    origin = origin_of(path)
    try:
        data = read_bytes(path, max_bytes)
    except IngestError as exc:
        return rejection(origin, exc)
    return document_or_rejection(data, origin, fmt=format_for_suffix(path.suffix))


def _capped_lines(fh: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Yield each line of ``fh``; None in place of a line longer than ``max_bytes``."""
    while line := fh.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 16)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def iter_jsonl(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """One RawDocument per good line of a JSON Lines file; a Rejection per bad line.

    A line whose id an earlier line of the file already gave, with other text, is rejected
    (the same line twice passes, and ingest counts it as a duplicate)."""
    ids: dict[str, tuple[str, str]] = {}
    for item in jsonl_records(path, max_bytes):
        if isinstance(item, Rejection):
            yield item
            continue
        where, record = item
        try:
            document = _jsonl_document(origin_of(path), where, record)
        except IngestError as exc:
            yield rejection(where, exc)
            continue
        key = document.external_id or ""
        first = ids.setdefault(key, (where, document.content_hash))
        if first[1] != document.content_hash:
            msg = f'{where}: id "{key}" is already used at {first[0]} for other text'
            yield rejection(where, IngestError(f"{msg}; give each line its own id"))
        else:
            yield document


def jsonl_records(
    path: Path, max_bytes: int | None = None
) -> Iterator[tuple[str, dict[str, Any]] | Rejection]:
    """``(path:line, object)`` for each good line of a JSON Lines file, a Rejection for each
    bad one (over ``max_bytes``, not UTF-8, a NUL byte, not JSON, nested too deeply, not an
    object): a bad line never stops the file. A file that is not a regular file, or starts
    like a known binary format, is one rejection."""
    origin = origin_of(path)
    try:
        fh = _open_regular(path)
    except IngestError as exc:
        yield rejection(origin, exc)
        return
    with fh:
        kind = binary_kind(fh.read(8192))
        if kind is not None and kind != "NUL bytes":  # a NUL byte rejects only its line
            yield rejection(origin, BinaryInputError(_jsonl_binary(origin, kind)))
            return
        fh.seek(0)
        seen = False
        for lineno, line in enumerate(_capped_lines(fh, max_bytes or 1 << 62), start=1):
            if line is not None and not line.strip():
                continue
            seen = True
            try:
                yield f"{origin}:{lineno}", _jsonl_object(f"{origin}:{lineno}", line, max_bytes)
            except IngestError as exc:
                yield rejection(f"{origin}:{lineno}", exc)
    if not seen:
        empty = EmptyInputError(f"{origin}: has no JSON lines; add one object per document")
        yield rejection(origin, empty)


def _jsonl_binary(origin: str, kind: str) -> str:
    return f"{origin}: looks like a binary file ({kind}), not JSON Lines; decompress or convert it"


def _jsonl_object(where: str, line: bytes | None, max_bytes: int | None) -> dict[str, Any]:
    """The JSON object of one line; raises IngestError saying what is wrong with it."""
    if line is None:
        limit = f"{max_bytes or 0:,}-byte limit"
        raise TooLargeError(f"{where}: line is over the {limit}; split it or raise max_bytes")
    if b"\x00" in line:
        msg = f"{where}: a NUL byte at byte {line.index(0)}; remove it or re-save the file as text"
        raise BinaryInputError(msg)
    try:
        text = line.decode("utf-8-sig" if where.endswith(":1") else "utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{where}: not valid UTF-8 at byte {exc.start}; re-save the file as UTF-8"
        raise DecodeError(msg) from None
    try:
        record = json.loads(text)
    except RecursionError:
        raise IngestError(f"{where}: JSON nested too deeply; fix or remove the line") from None
    except ValueError as exc:
        msg = f"{where}: invalid JSON ({getattr(exc, 'msg', exc)}); fix or remove the line"
        raise IngestError(one_line(msg)) from None
    if not isinstance(record, dict):
        raise IngestError(f"{where}: line is not a JSON object; write one object per line")
    if isinstance(record.get("id"), str):  # the id names the line in every output
        check_string(where, "id", record["id"])
    return record


def _jsonl_document(origin: str, where: str, record: dict[str, Any]) -> RawDocument:
    """Build a RawDocument from one decoded JSON object; raises IngestError if it is malformed."""
    raw_id = record.get("id")
    if raw_id in (None, "") or isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        problem = "missing" if raw_id in (None, "") else f"a {type(raw_id).__name__}"
        raise IngestError(f'{where}: "id" is {problem}; give each line a string "id"')
    return record_document(record, f"{origin}#{raw_id}", where)


def check_string(where: str, key: str, value: str) -> None:
    """Raise IngestError for a string the ledger cannot store or show: a lone surrogate
    escape (``"\\ud800"``, which no UTF-8 can hold) or a NUL character."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = f"U+{ord(value[exc.start]):04X}"
        msg = f'{where}: "{key}" holds a lone surrogate escape ({code}); fix the line'
        raise DecodeError(msg) from None
    if "\x00" in value:
        raise BinaryInputError(f'{where}: "{key}" holds a NUL character; remove it')


def record_document(
    record: dict[str, Any], origin: str, where: str, *, headline: bool = True
) -> RawDocument:
    """A RawDocument from a ``{"id", "text" | "html", "title", "url", "published"}`` record.

    A record whose body is empty but whose title is not becomes a document of its title
    alone (a page whose text was lost may still name the incident in its headline). With
    ``headline`` (the default) a plain-text body that does not show its title near the top
    is stored after it (see :func:`with_headline`); without, the body is kept exactly as
    given, so that offsets into it stay valid (the span-scored eval tasks).
    """
    for key in (*_JSONL_OPTIONAL, "text", "html"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            kind = type(value).__name__
            msg = f'{where}: "{key}" must be a string or null, not {kind}; fix the line'
            raise IngestError(msg)
        if value is not None:
            check_string(where, key, value)
    fmt: Format | None = next((k for k in ("html", "text") if record.get(k) is not None), None)
    if fmt is None:
        raise IngestError(f'{where}: has neither "text" nor "html"; add the document body')
    if fmt == "html" and not record["html"].strip() and (record.get("text") or "").strip():
        fmt = "text"
    body: str = record[fmt]
    if not body.strip() and (record.get("title") or "").strip():
        body, fmt = record["title"].strip(), "text"
    if not body.strip():
        raise EmptyInputError(f"{where}: {fmt} is empty or only whitespace; remove the line")
    if headline and fmt == "text":
        body = with_headline(body, record.get("title"))
    meta = {key: record.get(key) for key in _JSONL_OPTIONAL}
    ext_id = record.get("id")
    return RawDocument(
        origin=origin,
        body=body,
        format=fmt,
        external_id=None if ext_id is None else str(ext_id),
        content_hash=sha256_hex(body.encode("utf-8")),
        **meta,
    )


#: How far into a body its headline may sit to count as shown (after a menu or a dateline).
HEADLINE_REACH = 3000
#: Characters of a headline compared (titles are often cut short: "Two shot in...").
HEADLINE_KEY = 50


def with_headline(body: str, title: str | None) -> str:
    """``body`` with its headline first: ``title``, a blank line, then the body, unless the
    body already shows the title (its first ``HEADLINE_KEY`` characters) within its first
    ``HEADLINE_REACH`` characters, compared case-folded with runs of whitespace collapsed.

    A headline often tells what the body never names again ("Man, 23, shot dead in
    Englewood"), and a page behind a login wall may have nothing else; the headline's claims
    are then spans of the stored text like any other."""
    head = " ".join((title or "").split())
    if not head:
        return body
    shown = " ".join(body[: HEADLINE_REACH + len(head)].split()).casefold()
    if head.rstrip(".… ")[:HEADLINE_KEY].casefold() in shown:
        return body
    return f"{head}\n\n{body}"


def count_jsonl_lines(path: Path) -> int:
    """Non-blank lines in a JSONL file (at least 1, for the rejection an empty file gets)."""
    count = 0
    try:
        with _open_regular(path) as fh:
            count = sum(1 for line in fh if line.strip())
    except (OSError, IngestError):
        return 1
    return max(count, 1)
