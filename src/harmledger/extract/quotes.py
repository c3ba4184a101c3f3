"""Direct and indirect quotes with their cue, speaker and the speaker's role, affiliation and age.

- *direct*: each stretch inside quotation marks (“ ” " ‘ ’ « » '' '') is one quote. Its cue is
  the reporting word whose complement the stretch is, or the one next to it ("“...,” he said",
  "X said: “...”", "“...” ― X", "“WALLACE: ...”"); a stretch with no cue of its own continues
  the previous quote of its paragraph (or of the paragraph before, when a quote runs on).
- *indirect*: a cue with its complement ("X said (that) ...", "urged Y to ...", "the claim
  that ..."); quoted fragments inside the complement belong to it, and a cue inside another
  indirect quote's clause is part of that quote. Also "According to X, ...", "In the poll, ...".
- a quote left without a speaker takes the one of the quote before it, one paragraph up at most.

The parts live in their own modules: quotation marks in :mod:`~harmledger.extract.quote_marks`,
the cues next to a quoted stretch in :mod:`~harmledger.extract.quote_direct`, drafts and their
assembly in :mod:`~harmledger.extract.quote_assembly`; cues, complements and speakers come from
:mod:`harmledger.extract.speakers`. Offsets come from the parse of the masked text (same
length), so every ``Span`` slices the real text exactly.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from harmledger.extract import quote_phrases as ph
from harmledger.extract import speakers as sp
from harmledger.extract.quote_assembly import (
    Draft,
    attributions,
    carry_over,
    nested,
    same_ground,
    to_quote,
)
from harmledger.extract.quote_direct import (
    MIN_WORDS,
    StretchCues,
    continues,
    direct_target,
    previous,
)
from harmledger.extract.quote_marks import Offsets, Stretch, overlap, quoted_stretches, within
from harmledger.extract.quote_marks import token_range as _offsets
from harmledger.extract.quote_marks import words as _words
from harmledger.models import Quote

__all__ = [
    "EXTRACTOR",
    "SOURCE_NOUNS",
    "Stretch",
    "attributions",
    "find_quotes",
    "quoted_stretches",
]

EXTRACTOR = "harmledger.extract.rules.v1"
# Nouns naming where a statement was made ("In the survey, ...", "By the AP's tally, ...").
SOURCE_NOUNS = sp.wordset(
    """poll survey study report analysis interview statement tally estimate count view opinion
    eyes book letter memo column article filing speech account"""
)
_MIN_WORDS_ALONE = 8  # a quoted stretch with neither cue nor speaker must be this long


class _Finder(StretchCues):
    """The quotes of one parsed document, found in stages (see the module docstring)."""

    def draft(self, content: Offsets, cue: Token, speaker: Token | None) -> Draft:
        """An indirect draft."""
        line = self.text.count("\n", 0, content[0])
        return Draft(content, False, _offsets(cue), cue, speaker, line)

    def indirect(self) -> tuple[dict[int, Token], list[Draft]]:
        """Cues whose complement is a quoted stretch, and indirect drafts from the others."""
        by_stretch: dict[int, Token] = {}
        drafts: list[Draft] = []
        for token in self.doc:
            comp = None if self.quoted(token) or not sp.is_cue(token) else sp.complement(token)
            if comp is None:
                continue
            self.claimed.add(token.i)
            own = sp.token_offsets(token.subtree) if token.dep_ == "parataxis" else None
            hit = direct_target(comp, self.stretches, own)
            if hit is not None:
                by_stretch.setdefault(hit, token)
            else:
                speaker = sp.speaker_of(token, self.quoted)
                drafts.append(self.draft(self.cover(comp), token, speaker))
        return by_stretch, drafts

    def cover(self, content: Offsets) -> Offsets:
        """``content`` widened to whole quoted stretches it cuts through."""
        start, end = content
        for stretch in self.stretches:
            if overlap(content, stretch.outer):
                start, end = min(start, stretch.outer[0]), max(end, stretch.outer[1])
        return start, end

    def direct(self, by_stretch: dict[int, Token], indirect: list[Draft]) -> list[Draft]:
        """One draft per quoted stretch that is not part of an indirect quote."""
        drafts: list[Draft] = []
        for index, stretch in enumerate(self.stretches):
            if any(within(stretch.outer, d.content) for d in indirect):
                continue
            draft = Draft(stretch.inner, True, line=stretch.line)
            cue = by_stretch.get(index) or self.adjacent_cue(index)
            words = _words(self.text, stretch.inner)
            before = previous(drafts + indirect, stretch)
            if cue is not None:
                speaker = sp.speaker_of(cue, self.quoted) or self.between(stretch, cue)
                self.attribute(draft, cue, speaker)
            elif self.signed(stretch, draft) or self.labelled(stretch, draft):
                pass
            elif before and words >= MIN_WORDS and continues(self.text, before, stretch):
                draft.cue = before.cue if before.line == stretch.line else None
                draft.cue_token, draft.speaker_head = before.cue_token, before.speaker_head
            elif not self.introduced(stretch, draft) and words < _MIN_WORDS_ALONE:
                continue
            drafts.append(draft)
        return drafts

    def source_phrases(self) -> list[Draft]:
        """``According to X, ...`` and ``In the survey, ...``: the rest of the sentence."""
        drafts: list[Draft] = []
        for token in self.doc:
            source, cue_end = _source_phrase(token)
            if source is None:
                continue
            left = sp.token_offsets(self.doc[token.sent.start : token.left_edge.i])
            right = sp.token_offsets(self.doc[token.right_edge.i + 1 : token.sent.end])
            sides = [s for s in (left, right) if s is not None]
            if sides:
                drafts.append(self.draft(max(sides, key=lambda s: s[1] - s[0]), token, source))
                drafts[-1].cue, drafts[-1].phrase = (token.idx, cue_end), True
        return drafts

    def describe(self, drafts: list[Draft]) -> None:
        """Fill each draft's speaker parts, resolving pronouns to earlier named speakers."""
        quoted = [d.content for d in drafts] + [s.outer for s in self.stretches]
        antecedents = ph.subject_antecedents(self.doc)
        candidates = [
            a for a in antecedents if not any(within((a.position,) * 2, q) for q in quoted)
        ]
        for draft in drafts:
            if draft.speaker_head is None:
                continue
            info = ph.describe_speaker(draft.speaker_head, stop=draft.cue_token)
            if info.kind == "pronoun":
                info = replace(info, name=ph.resolve_pronoun(draft.speaker_head, candidates))
            elif info.name is not None and info.kind in ("person", "org"):
                candidates.append(ph.Antecedent(info.name[0], info.kind, info.name))
            draft.info = info


def _source_phrase(token: Token) -> tuple[Token | None, int]:
    """The source of "according to X" or a sentence-initial "In the poll", and its cue's end."""
    source = sp.according_source(token)
    if source is not None:
        return source, token.doc[token.i + 1].idx + 2
    if token.lower_ not in ("in", "by") or token.i != token.sent.start or token.dep_ != "prep":
        return None, 0
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in SOURCE_NOUNS:
        return None, 0
    owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
    return owner or pobj, token.idx + len(token.text)


def find_quotes(doc: Doc, text: str, *, extractor: str = EXTRACTOR) -> tuple[Quote, ...]:
    """Every direct and indirect quote in a parsed document, in text order.

    ``doc`` is the pipeline's parse of the masked text (same length as ``text``); spans are
    built from ``text``. Quotes whose content lies in a blanked-out region are dropped.
    """
    finder = _Finder(doc)
    if len(finder.text) != len(text):
        raise ValueError("doc and text differ in length; parse the masked text of this document")
    by_stretch, indirect = finder.indirect()
    drafts = finder.direct(by_stretch, indirect) + indirect
    drafts += [
        d
        for d in finder.source_phrases()
        if not any(same_ground(d.content, o.content) for o in drafts)
    ]
    drafts = [d for d in drafts if finder.text[d.content[0] : d.content[1]].strip()]
    drafts = [d for d in drafts if d.direct or not nested(d, drafts)]
    drafts.sort(key=lambda d: (d.content[0], -d.content[1]))
    carry_over(drafts)
    finder.describe(drafts)
    return tuple(to_quote(d, text, extractor) for d in drafts)
