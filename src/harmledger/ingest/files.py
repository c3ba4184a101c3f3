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
    """Turn an ingest error into the rejection row that the batch records."""
    return Rejection.of(origin, "ingest", exc, content_hash)


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
        raise IngestError(f"{path}: no such file or folder; check the path") from None
    except OSError as exc:
        raise IngestError(_unreadable(path, exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(f"{path}: not a regular file; give a file, a folder or a URL")
    if max_bytes is not None and info.st_size > max_bytes:
        raise TooLargeError(_too_large(str(path), info.st_size, max_bytes))


def _unreadable(path: Path, exc: OSError) -> str:
    return f"{path}: cannot read it ({exc.strerror}); check that it exists and is readable"


def _open_regular(path: Path, max_bytes: int | None = None) -> IO[bytes]:
    """Open a regular file for reading bytes, or raise IngestError saying why not."""
    _check_regular(path, max_bytes)
    try:
        return path.open("rb")
    except OSError as exc:
        raise IngestError(_unreadable(path, exc)) from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a regular file, checking its size with ``stat`` before reading a byte."""
    with _open_regular(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew after the stat
        raise TooLargeError(_too_large(str(path), len(data), max_bytes))
    return data


def _too_large(origin: str, size: int, max_bytes: int) -> str:
    return (
        f"{origin}: {size:,} bytes is over the {max_bytes:,}-byte limit; "
        "split the input or raise max_bytes"
    )


def read_file(path: Path, max_bytes: int) -> RawDocument | Rejection:
    """Read one plain-text or HTML file (format from the suffix, then sniffed)."""
    origin = str(path)
    try:
        data = read_bytes(path, max_bytes)
    except IngestError as exc:
        return rejection(origin, exc)
    return document_or_rejection(data, origin, fmt=format_for_suffix(path.suffix))


def walk_folder(folder: Path) -> list[Path]:
    """Every non-hidden file under ``folder``, recursively, sorted by relative path.

    Symlinked folders are not followed, so a link loop cannot hang the walk.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root) / name
            found.append((path.relative_to(folder).parts, path))
    return [path for _, path in sorted(found)]


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
    """One RawDocument per good line of a JSON Lines file; a Rejection per bad line."""
    origin = str(path)
    try:
        fh = _open_regular(path)
    except IngestError as exc:
        yield rejection(origin, exc)
        return
    with fh:
        head = fh.read(8192)
        kind = binary_kind(head)
        if kind is not None:
            yield rejection(origin, BinaryInputError(_jsonl_binary(origin, kind)))
            return
        fh.seek(0)
        seen = False
        for lineno, line in enumerate(_capped_lines(fh, max_bytes), start=1):
            if line is not None and not line.strip():
                continue
            seen = True
            yield _jsonl_line(origin, lineno, line, max_bytes)
    if not seen:
        empty = EmptyInputError(f"{origin}: has no JSON lines; add one object per document")
        yield rejection(origin, empty)


def _jsonl_binary(origin: str, kind: str) -> str:
    return f"{origin}: looks like a binary file ({kind}), not JSON Lines; decompress or convert it"


def _jsonl_line(
    origin: str, lineno: int, line: bytes | None, max_bytes: int
) -> RawDocument | Rejection:
    """Parse and check one JSONL line."""
    where = f"{origin}:{lineno}"
    if line is None:
        msg = f"{where}: line is over the {max_bytes:,}-byte limit; split it or raise max_bytes"
        return rejection(where, TooLargeError(msg))
    try:
        text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{where}: not valid UTF-8 at byte {exc.start}; re-save the file as UTF-8"
        return rejection(where, DecodeError(msg))
    try:
        record = json.loads(text)
    except ValueError as exc:
        msg = f"{where}: invalid JSON ({getattr(exc, 'msg', exc)}); fix or remove the line"
        return rejection(where, IngestError(msg))
    try:
        return _jsonl_document(origin, where, record)
    except IngestError as exc:
        return rejection(where, exc)


def _jsonl_document(origin: str, where: str, record: object) -> RawDocument:
    """Build a RawDocument from one decoded JSON object; raises IngestError if it is malformed."""
    if not isinstance(record, dict):
        raise IngestError(f"{where}: line is not a JSON object; write one object per line")
    raw_id = record.get("id")
    if raw_id in (None, "") or isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        problem = "missing" if raw_id in (None, "") else f"a {type(raw_id).__name__}"
        raise IngestError(f'{where}: "id" is {problem}; give each line a string "id"')
    return record_document(record, f"{origin}#{raw_id}", where)


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
        with path.open("rb") as fh:
            count = sum(1 for line in fh if line.strip())
    except OSError:
        return 1
    return max(count, 1)
