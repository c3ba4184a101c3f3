"""The role model's fillers in the prediction format, which keeps role fillers on claims.

The roles scorer pools the fillers of all claims of a document, and the role model's fillers
are document-level (``Extraction.roles``). For each role the model decides
(``Extraction.modelled_roles``), ``with_model_roles`` takes that role's rule fillers off the
claims and gives each model filler to the claim whose span is nearest to it. A document
without any claim of harm but with model fillers gets one claim of kind ``attacked`` (harm,
count unknown) whose span covers its fillers, marked with the model's name
(``"extractor"``), as the format has no other place for them.
"""

from __future__ import annotations

from typing import Any

from harmledger.models import Extraction, RoleFiller, Span


def _mention(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def _distance(claim: dict[str, Any], span: Span) -> int:
    start, end = (int(x) for x in claim["span"])
    if span.end <= start:
        return start - span.end
    return max(0, span.start - end)


def _model_claim(fillers: tuple[RoleFiller, ...]) -> dict[str, Any]:
    start = min(f.span.start for f in fillers)
    end = max(f.span.end for f in fillers)
    return {
        "kind": "attacked",
        "low": None,
        "best": None,
        "high": None,
        "qualifier": None,
        "span": [start, end],
        "perpetrators": [],
        "victims": [],
        "targets": [],
        "places": [],
        "source": None,
        "date": None,
        "trigger": None,
        "source_type": None,
        "extractor": fillers[0].model,
    }


def with_model_roles(claims: list[dict[str, Any]], extraction: Extraction) -> list[dict[str, Any]]:
    """``claims`` (eval-format dicts) with the modelled roles' fillers from the model."""
    if not extraction.modelled_roles:
        return claims
    out = [{**c, **{r: [] for r in extraction.modelled_roles}} for c in claims]
    fillers = tuple(f for f in extraction.roles if f.role in extraction.modelled_roles)
    if not fillers:
        return out
    if not out:
        out = [_model_claim(fillers)]
    for filler in fillers:
        nearest = min(out, key=lambda c: _distance(c, filler.span))
        nearest[filler.role].append(_mention(filler.span))
    return out
