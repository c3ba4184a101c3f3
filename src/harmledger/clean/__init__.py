r"""The clean stage: article text out of raw input, page furniture recorded as removed spans.

>>> from harmledger.clean import clean
>>> from harmledger.models import RawDocument
>>> doc = clean(RawDocument("note.txt", "A headline\n\nSome text about the town.\n\n35\n", "text"))
>>> doc.title, [span.reason for span in doc.removed_spans]
('A headline', ['counter'])
"""

from __future__ import annotations

from harmledger.clean.furniture import find_furniture, find_line_furniture, find_title
from harmledger.clean.html import HtmlExtraction, extract_html
from harmledger.clean.pipeline import CLEANER_NAME, clean, make_cleaner, normalise_date

__all__ = [
    "CLEANER_NAME",
    "HtmlExtraction",
    "clean",
    "extract_html",
    "find_furniture",
    "find_line_furniture",
    "find_title",
    "make_cleaner",
    "normalise_date",
]
