"""Cues and speakers of direct quotes: the reporting word next to a quoted stretch.

A stretch's cue is the free cue right after it ("“...,” he said") or before it ("X said:
“...”"), a dash signature ("“...” ― Name"), a transcript label ("“WALLACE: ...”") or an
introduction just before it ("X: “...”", "X replied. “...”"). A stretch with none of these
may continue the previous quote (:func:`continues`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from harmledger.extract import speakers as sp
from harmledger.extract.lexicon import VERB_FRAMES
from harmledger.extract.nlp import doc_text
from harmledger.extract.quote_assembly import Draft
from harmledger.extract.quote_marks import Offsets, Stretch, overlap, quoted_stretches, words
from harmledger.extract.quote_marks import token_range as _offsets

_SENT_END = frozenset(".?!;")
# "WALLACE: ..." at the start of a quoted transcript line: up to four words in capitals.
_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s+(?=\S)")
MIN_WORDS = 4  # shorter quoted stretches need a cue right next to them
_DIRECT_SHARE = 0.9  # a complement this much inside a quoted stretch is that direct quote


class StretchCues:
    """The quoted stretches of one parsed document and the cues that introduce them."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.text = doc, doc_text(doc)
        self.stretches = quoted_stretches(self.text)
        self._starts = [s.outer[0] for s in self.stretches]  # in order, not overlapping
        self.claimed: set[int] = set()  # indices of cue tokens already used

    def quoted(self, token: Token) -> bool:
        """True for a token within the marks of a stretch (never a cue or a speaker)."""
        k = bisect_right(self._starts, token.idx) - 1
        return k >= 0 and token.idx < self.stretches[k].outer[1]

    def attribute(self, draft: Draft, cue: Token | None, speaker: Token | None) -> bool:
        """Give a draft its cue and speaker (the speaker may be None); False without a cue."""
        if cue is None:
            return False
        draft.cue, draft.cue_token, draft.speaker_head = _offsets(cue), cue, speaker
        self.claimed.add(cue.i)
        return True

    def window(self, start: int, end: int) -> list[Token]:
        """The tokens inside ``[start, end)``."""
        return list(self.doc.char_span(start, end, alignment_mode="contract") or [])

    def adjacent_cue(self, index: int) -> Token | None:
        """A free cue right after ("...,” he said") or before ("X said: “...") a quote, in
        the same sentence and paragraph; a short quote takes only a verb right after it."""
        text, stretch, stretches = self.text, self.stretches[index], self.stretches
        line_end = text.find("\n", stretch.outer[1])
        line_end = len(text) if line_end < 0 else line_end
        following = stretches[index + 1].outer[0] if index + 1 < len(stretches) else len(text)
        preceding = stretches[index - 1].outer[1] if index else 0
        floor = max(preceding, text.rfind("\n", 0, stretch.outer[0]) + 1)
        after = self.window(stretch.outer[1], min(following, line_end))
        before = self.window(floor, stretch.outer[0])[::-1]
        ends_open = any(c in ",?!—-" for c in text[stretch.inner[1] - 1 : stretch.outer[1]])
        short = words(text, stretch.inner) < MIN_WORDS
        for window in (after, [] if short else before):
            for position, token in enumerate(window[: 4 if short else None]):
                if token.text in _SENT_END or (short and not ends_open):
                    break
                if window is after and token.i in self.claimed and position:
                    break  # "X declared “...” and said that ...": "said" has its own quote
                near = window is after and position < 4 and _tag_cue(token, ends_open)
                if token.i not in self.claimed and (sp.is_cue(token) or near):
                    return token
        return None

    def between(self, stretch: Stretch, cue: Token) -> Token | None:
        """The speaker between a quote and its cue ("“...,” Mr. X, now 81, said"), or right
        after a cue that follows the quote ("“...,” opined the Plain Dealer")."""
        found = [t for t in self.window(stretch.outer[1], cue.idx) if not t.is_punct]
        for token in found:
            inner = found[0].i <= token.head.i < cue.i and token.dep_ == "compound"
            if token.pos_ in ("PROPN", "NOUN", "PRON") and not inner:
                return token
        objects = [c for c in cue.rights if c.dep_ in ("dobj", "attr", "npadvmod", "dative")]
        return None if found or not objects else objects[0]

    def signed(self, stretch: Stretch, draft: Draft) -> bool:
        """A quote signed with a dash after it ("“...” ― Name", "“...”\\n- Name")."""
        rest = self.text[stretch.outer[1] : stretch.outer[1] + 6]
        position = next((i for i, c in enumerate(rest) if c in "―—-"), None)
        if position is None or rest[:position].strip():
            return False
        at = stretch.outer[1] + position
        dash = self.doc.char_span(at, at + 1, alignment_mode="expand")  # also "-President"
        if not dash:
            return False
        after = self.doc[dash[0].i + 1 : dash[0].i + 4]
        names = [t for t in after if t.pos_ == "PROPN"]
        return bool(names) and self.attribute(draft, dash[0], names[0])

    def labelled(self, stretch: Stretch, draft: Draft) -> bool:
        """A transcript line inside quotation marks: "“WALLACE: Do you ...”" (a name in
        capitals and a colon); the content is what follows the colon."""
        match = _LABEL.match(self.text, stretch.inner[0], stretch.inner[1])
        if match is None:
            return False
        name = self.window(match.start(1), match.end(1))
        colon = self.window(match.end(1), match.end(1) + 1)
        if not name or not colon or not self.attribute(draft, colon[0], name[-1]):
            return False
        draft.content = (match.end(), stretch.inner[1])
        return True

    def introduced(self, stretch: Stretch, draft: Draft) -> bool:
        """A quote introduced just before it: "X: “...”", "X replied. “...”" (also across a
        paragraph break), "As X put it, “...”"."""
        before = self.text[: stretch.outer[0]]
        start = len(before.rstrip())
        if start == 0 or before.count("\n", start) > 2:
            return False
        mark = self.window(start - 1, start)
        if not mark or mark[0].text not in ":.," or mark[0].i == 0:
            return False
        mark_token = mark[0]
        if mark_token.text == ":":
            word = self.doc[mark_token.i - 1]
            speaker = sp.speaker_of(word, self.quoted) or sp.noun_before(mark_token, self.quoted)
            return speaker is not None and self.attribute(draft, mark_token, speaker)
        near = self.doc[max(0, mark_token.i - 3) : mark_token.i]
        verbs = [t for t in near if t.pos_ == "VERB" and t.i not in self.claimed]
        if not verbs or (mark_token.text == "." and verbs[-1].i != mark_token.i - 1):
            return False
        speaker = sp.speaker_of(verbs[-1], self.quoted)
        return speaker is not None and self.attribute(draft, verbs[-1], speaker)


def direct_target(
    comp: Offsets, stretches: list[Stretch], attribution: Offsets | None
) -> int | None:
    """The stretch that makes up most of a complement (less any interrupting attribution)."""
    size = comp[1] - comp[0] - (overlap(comp, attribution) if attribution else 0)
    for index, stretch in enumerate(stretches):
        shared = overlap(comp, stretch.outer)
        if shared and shared >= _DIRECT_SHARE * size:
            return index
    return None


def _tag_cue(token: Token, ends_open: bool) -> bool:
    """A verb after a quote ending in a comma ("“...,” mused X"), or a reporting verb tagged
    as a noun ("“...,” Conway notes.")."""
    if ends_open and token.pos_ == "VERB" and token.tag_ != "VBG":
        return True
    return token.tag_ in ("NNS", "VBZ") and token.lemma_.lower() in VERB_FRAMES


def previous(drafts: list[Draft], stretch: Stretch) -> Draft | None:
    """The quote that ``stretch`` may continue: the last direct one before it in its paragraph,
    else the last quote of any kind before it."""
    before = [d for d in drafts if d.content[1] <= stretch.outer[0]]
    pool = [d for d in before if d.direct and d.line == stretch.line] or before
    return max(pool, key=lambda d: d.content[1]) if pool else None


def continues(text: str, previous: Draft, stretch: Stretch) -> bool:
    """True when a cue-less stretch goes on with the previous quote's speaker: same paragraph,
    or the next paragraph with nothing but quotation marks (and that quote's cue) between."""
    if previous.speaker_head is None:
        return False
    if previous.line == stretch.line:
        return True
    start = previous.content[1]
    if previous.cue_token is not None and start <= previous.cue_token.idx < stretch.outer[0]:
        start = max(start, previous.cue_token.sent.end_char)  # "“...,” he said.\n\n“...”"
    between = text[start : stretch.outer[0]]
    return between.count("\n") <= 2 and not any(c.isalpha() for c in between)
