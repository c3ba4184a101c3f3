"""Where an incident's statements come from, and the grade that follows.

``sources`` lists the incident's sources, each with the origin it relays (``origin``: an
institution that asserts a statement, "MSF said", "citing the health ministry", however many
outlets relay it; else the document's story, so copies of one wire report are one);
``independent`` counts the origins, and ``grade`` turns them into ``contested``,
``confirmed``, ``corroborated``, ``reported`` or ``unverified`` with the link model's
``grading`` cut-offs (docs/LINKING.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from harmledger.extract import rulebook_words as rw
from harmledger.hosts import source_host
from harmledger.link.member import Member
from harmledger.link.model import link_model
from harmledger.models import ClaimRef, Grade, IncidentSource

#: The link model's grading cut-offs (``link/model.json``, "grading").
_GRADING = link_model().grading
#: Source types whose report makes corroborated confirmed (monitor, UN, NGO, official, medical).
CREDIBLE = _GRADING.credible_sources


def origin(member: Member) -> str:
    """Where a claim's statement comes from, for independence: an institution that asserts
    it (a monitor, ministry, UN agency, NGO or hospital: "MSF said", "citing the health
    ministry") however many outlets relay it; else the document's story (copies of one wire
    report are one). Three outlets relaying one NGO statement are one independent source."""
    a = member.claim.attribution
    if a is not None and a.source_type in CREDIBLE and _institution(a.source.text):
        words = re.sub(r"[^\w]+", " ", a.source.text.lower()).split()
        return "source:" + " ".join(w for w in words if w not in _ORIGIN_FILLER)
    return member.story


_ORIGIN_FILLER = rw.words("origin_filler_words")
_INSTITUTIONS = rw.words("institution_nouns")
_DESCRIBED = rw.words("described_source_words")  # "a doctor", "two officials"


def _same_origins(keys: set[str]) -> dict[str, str]:
    """Each origin key -> the shortest key whose words it contains ("source:syrian health
    ministry" -> "source:health ministry"): one body named more or less fully."""
    words = {k: set(k.removeprefix("source:").split()) for k in keys}
    out = {}
    for key in keys:
        inside = [o for o in keys if o.startswith("source:") and words[o] <= words[key]]
        out[key] = min(inside, key=lambda o: (len(words[o]), o)) if inside else key
    return out


def _institution(text: str) -> bool:
    """A source that names one body ("MSF", "the health ministry", "Mercy Network"), not a
    person described ("a doctor", "an official"), who may be another in another report."""
    words = re.findall(r"[\w'’]+", text)
    if not words or words[0].lower() in _DESCRIBED:
        return False
    return any(w[0].isupper() for w in words) or any(w.lower() in _INSTITUTIONS for w in words)


def sources(members: Sequence[Member]) -> tuple[IncidentSource, ...]:
    """One source per document and asserting party, in document order; ``story`` is the
    source's origin (``origin``), which independence counts."""
    seen: dict[tuple[str, str], IncidentSource] = {}
    origins = _origins(members)
    for m in sorted(members, key=lambda m: (m.ref.document_id, m.ref.position)):
        a = m.claim.attribution
        name = a.source.text if a is not None else (source_host(m.url) or "the report")
        kind = a.source_type if a is not None else "journalist"
        key = (m.ref.document_id, name)
        if key not in seen:
            seen[key] = IncidentSource(
                name,
                kind,
                m.ref.document_id,
                origins[m.ref],
                source_host(m.url) or None,
                m.ref,
            )
    return tuple(seen.values())


def _origins(members: Sequence[Member]) -> dict[ClaimRef, str]:
    """Each member's origin, computed once: its own (``origin``), else the one its story's
    copies give; one body named more or less fully is one origin (``_same_origins``)."""
    own = {m.ref: origin(m) for m in members}
    same = _same_origins(set(own.values()))
    told = {m.story: same[own[m.ref]] for m in members if own[m.ref] != m.story}
    return {
        m.ref: same[own[m.ref]] if own[m.ref] != m.story else told.get(m.story, m.story)
        for m in members
    }


def independent(found: Sequence[IncidentSource]) -> int:
    """How many independent sources: distinct origins, never more than the reports that carry
    them (one report quoting two bodies is one report, not corroboration)."""
    return min(len({s.story for s in found}), len({s.document_id for s in found}))


def grade(found: Sequence[IncidentSource], is_contested: bool) -> Grade:
    if is_contested:
        return "contested"
    if independent(found) >= _GRADING.corroborating_sources:
        if any(s.source_type in CREDIBLE for s in found):
            return "confirmed"
        return "corroborated"
    if any(s.source_type not in {"witness", "unknown"} for s in found):
        return "reported"
    return "unverified"
