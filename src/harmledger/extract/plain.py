"""What the extractor's data means, without the parser: helpers on stored claims and documents
that the linker shares with the extract stage, so that ``link/`` never imports spaCy."""

from __future__ import annotations

from harmledger.models import Claim, Document

#: "one of three", "one of at least seven", "one of several": the words by which a report says
#: its attack is one of a series (``extract/series.py``; ``link/features.one_of_several``).
ONE_OF_SEVERAL = (
    r"\bone\s+of\s+(?:at\s+least\s+|more\s+than\s+)?(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|\d+|several|multiple|many|a\s+series\s+of)"
)
#: The largest figure a report can mean as a toll (10 million); above it, a number is taken
#: for something else and its claim flagged for review (``extract/counts.py``).
MAX_PLAUSIBLE = 10_000_000


def attackers_only(claim: Claim) -> bool:
    """Does the claim count only the attack's own men ("Five assailants were killed": its
    toll without attackers, ``Claim.excluding_attackers``, is 0)?"""
    xa = claim.excluding_attackers
    return xa is not None and xa.best == 0


def victim_heads(claim: Claim) -> set[str]:
    """The last word of each victim phrase of a claim, lower-cased ("three tribal elders" ->
    "elders"): what tells two claims' victims apart."""
    return {v.span.text.lower().split()[-1] for v in claim.victims if v.span.text.split()}


def masked_text(document: Document) -> str:
    """The stored text with removed spans blanked out (newlines kept), same length."""
    text = document.text
    if not document.removed_spans:
        return text
    chars = list(text)
    for removed in document.removed_spans:
        for i in range(removed.start, removed.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
