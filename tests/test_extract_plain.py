"""Helpers on stored claims and documents that need no parser, and the linker's imports."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from harmledger.extract.plain import MAX_PLAUSIBLE, masked_text
from harmledger.models import Document, RemovedSpan, Span


def test_masked_text_blanks_removed_spans_but_keeps_newlines() -> None:
    text = "Ad here\nShelling killed six."
    doc = Document("d", "t", "text", text, removed_spans=(RemovedSpan(0, 8, "ad"),))
    assert masked_text(doc) == "       \nShelling killed six."
    assert len(masked_text(doc)) == len(text)


def test_a_plausible_toll_stops_at_ten_million() -> None:
    assert MAX_PLAUSIBLE == 10_000_000


def test_the_linker_imports_no_spacy() -> None:
    """Linking reads stored claims: importing it must not pull in the parser (issue 13)."""
    probe = (
        "import sys, harmledger.link.linker, harmledger.link.reconcile\n"
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_attackers_only_is_a_toll_without_attackers_of_zero() -> None:
    from harmledger.extract.plain import attackers_only
    from harmledger.models import Claim, Count

    span = Span(0, 6, "killed")
    five = Claim("killed", span, span, Count(5, 5, 5, "exact"))
    assert not attackers_only(five)
    assert attackers_only(replace(five, excluding_attackers=Count(0, 0, 0, "exact")))
    assert not attackers_only(replace(five, excluding_attackers=Count(3, 3, 3, "exact")))
