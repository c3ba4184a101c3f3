"""Article text and metadata out of an HTML page, with trafilatura.

The page is parsed, never rendered: scripts, styles and comments are dropped by trafilatura and
only text comes back. Blocks (paragraphs, headings, lists, quotes, tables) are joined with a
blank line, so readers can rely on ``"\\n\\n"`` as the paragraph break. Short lines that the
furniture rules recognise ("Share this:", "Related: ...", "Advertisement") are dropped from the
extracted text; a repeated standfirst is left for :func:`harmledger.clean.furniture.find_furniture`
to mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import trafilatura
from trafilatura.xml import xmltotxt

from harmledger.clean.furniture import find_line_furniture
from harmledger.errors import CleanError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """What one HTML page gave: its article text and the metadata trafilatura found."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    canonical_url: str | None = None
    sitename: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """The trafilatura switches and post-processing used by :func:`extract_html`.

    The defaults are the best-scoring settings on the dev clean set (see
    ``benchmarks/clean_settings.py``).
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    deduplicate: bool = False
    drop_furniture: bool = True


DEFAULT_SETTINGS = ExtractSettings()


def extract_html(
    html: str, url: str | None = None, settings: ExtractSettings = DEFAULT_SETTINGS
) -> HtmlExtraction:
    """Extract the article text and metadata of one HTML page.

    Raises :class:`~harmledger.errors.CleanError` when no article text can be found.
    """
    if not html or not html.strip():
        raise CleanError("the HTML page is empty; check the input file or URL")
    document = _run_trafilatura(html, url, settings)
    text = _document_text(document) if document is not None else ""
    if settings.drop_furniture:
        text = drop_furniture_lines(text)
    if not text:
        where = f" at {url}" if url else ""
        raise CleanError(
            f"no article text found in the HTML page{where}; pass the article as plain text"
        )
    return HtmlExtraction(
        text=text,
        title=_clean_field(document.title),
        author=_clean_field(document.author),
        date=_iso_date(document.date),
        canonical_url=_clean_field(document.url),
        sitename=_clean_field(document.sitename),
    )


def drop_furniture_lines(text: str) -> str:
    """``text`` without the short lines the furniture rules match, blank-line runs collapsed.

    A bullet list right after a "Related"-style line goes with it.
    """
    starts = {span.start for span in find_line_furniture(text)}
    kept: list[str] = []
    offset = 0
    for line in text.split("\n"):
        first = offset + len(line) - len(line.lstrip())
        if not line.strip() or first not in starts:
            kept.append(line)
        offset += len(line) + 1
    return _BLANK_RUN.sub("\n\n", "\n".join(kept)).strip()


def _run_trafilatura(html: str, url: str | None, settings: ExtractSettings) -> Any:
    """One ``bare_extraction`` call with metadata; ``None`` when trafilatura finds nothing."""
    try:
        return trafilatura.bare_extraction(
            without_templates(html),
            url=url,
            favor_precision=settings.favor_precision,
            favor_recall=settings.favor_recall,
            include_comments=False,
            include_tables=settings.include_tables,
            include_images=False,
            include_links=False,
            deduplicate=settings.deduplicate,
            with_metadata=True,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (ValueError, TypeError) as exc:  # malformed markup trafilatura gives up on
        raise CleanError(f"the HTML page could not be parsed ({exc}); check the input") from exc


def without_templates(html: str) -> Any:
    """The page parsed, with every ``<template>`` element removed: a template's content is
    inert markup a script may clone, never text the page shows. Its tail text stays."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return html
    for element in tree.xpath("//template"):
        parent = element.getparent()
        if parent is None:
            continue
        tail = element.tail or ""
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(element)
    return tree


def _document_text(document: Any) -> str:
    """The body's blocks as text, one block a paragraph, joined by a blank line."""
    body = getattr(document, "body", None)
    if body is None:
        return (document.text or "").strip()
    blocks = (xmltotxt(child, False).strip() for child in body)
    return "\n\n".join(block for block in blocks if block)


def _iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from trafilatura's date string, or ``None``."""
    if not value:
        return None
    match = _ISO_DATE.match(value.strip())
    return match.group(0) if match else None


def _clean_field(value: str | None) -> str | None:
    """A metadata string with whitespace collapsed; ``None`` for empty values."""
    if value is None:
        return None
    collapsed = " ".join(str(value).split())
    return collapsed or None
