"""Direct and indirect quotes with their cue, speaker and the speaker's role, affiliation and age.

- *direct*: each stretch inside quotation marks (“ ” " ‘ ’ « » '' '') is one quote. Its cue is
  the reporting word whose complement the stretch is, or the one next to it ("“...,” he said",
  "X said: “...”", "“...” ― X", "“WALLACE: ...”"); a stretch with no cue of its own continues
  the previous quote of its paragraph (or of the paragraph before, when a quote runs on).
- *indirect*: a cue with its complement ("X said (that) ...", "urged Y to ...", "the claim
  that ..."); quoted fragments inside the complement belong to it, and a cue inside another
  indirect quote's clause is part of that quote. Also "According to X, ...", "In the poll, ...".
- a quote left without a speaker takes the one of the quote before it, one paragraph up at most.

Cues, complements and speakers come from :mod:`harmledger.extract.speakers`. Offsets come from
the parse of the masked text (same length), so every ``Span`` slices the real text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from harmledger.extract import speakers as sp
from harmledger.extract.lexicon import SPEECH_LEMMAS, VERB_FRAMES
from harmledger.extract.nlp import doc_text
from harmledger.models import Quote, Span

Offsets = tuple[int, int]
EXTRACTOR = "harmledger.extract.rules.v1"
# Nouns naming where a statement was made ("In the survey, ...", "By the AP's tally, ...").
SOURCE_NOUNS = sp.wordset(
    """poll survey study report analysis interview statement tally estimate count view opinion
    eyes book letter memo column article filing speech account"""
)
_QUOTE_OPENERS: dict[str, str] = {"“": "”", "«": "»", '"': '"', "‘": "’", "''": "''", "``": "''"}
_ALT_CLOSERS: dict[str, str] = {"“": '"', '"': "”"}
_WORD_START = " \t([{—–-/"
_SENT_END = frozenset(".?!;")
# "WALLACE: ..." at the start of a quoted transcript line: up to four words in capitals.
_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}):\s+(?=\S)")
_CARRY_LINES = 2  # a quote without a speaker takes one from this many lines (paragraphs) up
_MIN_WORDS = 4  # shorter quoted stretches need a cue right next to them
_MIN_WORDS_ALONE = 8  # a quoted stretch with neither cue nor speaker must be this long
_DIRECT_SHARE = 0.9  # a complement this much inside a quoted stretch is that direct quote
_SAME_SHARE = 0.5  # a source phrase's content this much inside another quote adds nothing


@dataclass(frozen=True, slots=True)
class Stretch:
    """Text inside quotation marks: ``outer`` includes the marks, ``inner`` is the content."""

    outer: Offsets
    inner: Offsets
    line: int  # index of the paragraph (line) it starts in


@dataclass(slots=True)
class _Draft:
    """A quote under construction."""

    content: Offsets
    direct: bool
    cue: Offsets | None = None
    cue_token: Token | None = None
    speaker_head: Token | None = None
    line: int = 0
    info: sp.SpeakerInfo | None = None
    phrase: bool = False  # "According to X, ...": never hides the quotes inside it


def _opener_at(line: str, i: int) -> str | None:
    """The quotation mark that opens a quote at ``line[i]``, if one does."""
    if line[i : i + 2] in ("''", "``"):
        return line[i : i + 2] if i == 0 or line[i - 1] in _WORD_START else None
    if line[i] in ("“", "«", '"'):
        return line[i]
    return "‘" if line[i] == "‘" and (i == 0 or line[i - 1] in _WORD_START) else None


def _closer_at(line: str, start: int, opener: str) -> tuple[int, int] | None:
    """Index and length of the mark that closes ``opener``, searching from ``start``."""
    closers = [c for c in (_QUOTE_OPENERS[opener], _ALT_CLOSERS.get(opener)) if c]
    for i in range(start, len(line)):
        after = line[i + 1 : i + 2]
        for closer in closers:
            follows = line[i + len(closer) : i + len(closer) + 1]
            if line.startswith(closer, i) and (closer != "’" or not follows.isalnum()):
                return i, len(closer)
        # a misprinted “ after the last word closes a “ quote ("late,“ said X")
        if opener == line[i] == "“" and not line[i - 1].isspace() and not after.isalnum():
            return i, 1
    return None


def _inner(text: str, start: int, end: int) -> Offsets | None:
    """``[start, end)`` without surrounding spaces and a trailing comma; None when blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if start < end else None


def quoted_stretches(text: str) -> list[Stretch]:
    """Every top-level stretch inside quotation marks, in order; a sentence-opening mark left
    unclosed quotes to the end of its paragraph (a quote continued in the next one)."""
    found: list[Stretch] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        i = 0
        while i < len(line):
            opener = _opener_at(line, i)
            close = None if opener is None else _closer_at(line, i + len(opener), opener)
            if opener is None or (close is None and not _opens_sentence(line, i, opener)):
                i += len(opener or " ")
                continue
            end, mark = close or (len(line), 0)
            inner = _inner(text, offset + i + len(opener), offset + end)
            if inner is not None:
                found.append(Stretch((offset + i, offset + end + mark), inner, number))
            i = end + max(mark, 1)
        offset += len(line) + 1
    return found


def _opens_sentence(line: str, i: int, opener: str) -> bool:
    """True when the mark at ``line[i]`` starts a sentence (so it may run to the line end)."""
    before = line[:i].rstrip()
    return opener not in ("‘", "«") and (not before or before[-1] in ".:?!,")


def _overlap(a: Offsets, b: Offsets) -> int:
    """Characters shared by two ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _within(inner: Offsets, outer: Offsets) -> bool:
    """True when ``inner`` lies inside ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _words(text: str, span: Offsets) -> int:
    """Number of whitespace-separated words in ``text[span]``."""
    return len(text[span[0] : span[1]].split())


def _offsets(token: Token) -> Offsets:
    """The character range of one token."""
    return token.idx, token.idx + len(token.text)


class _Finder:
    """The quotes of one parsed document, found in stages (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.text = doc, doc_text(doc)
        self.stretches = quoted_stretches(self.text)
        self.claimed: set[int] = set()  # indices of cue tokens already used

    def quoted(self, token: Token) -> bool:
        """True for a token within the marks of a stretch (never a cue or a speaker)."""
        return any(s.outer[0] <= token.idx < s.outer[1] for s in self.stretches)

    def draft(self, content: Offsets, cue: Token, speaker: Token | None) -> _Draft:
        """An indirect draft."""
        line = self.text.count("\n", 0, content[0])
        return _Draft(content, False, _offsets(cue), cue, speaker, line)

    def indirect(self) -> tuple[dict[int, Token], list[_Draft]]:
        """Cues whose complement is a quoted stretch, and indirect drafts from the others."""
        by_stretch: dict[int, Token] = {}
        drafts: list[_Draft] = []
        for token in self.doc:
            comp = None if self.quoted(token) or not sp.is_cue(token) else sp.complement(token)
            if comp is None:
                continue
            self.claimed.add(token.i)
            own = sp.token_offsets(token.subtree) if token.dep_ == "parataxis" else None
            hit = _direct_target(comp, self.stretches, own)
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
            if _overlap(content, stretch.outer):
                start, end = min(start, stretch.outer[0]), max(end, stretch.outer[1])
        return start, end

    def direct(self, by_stretch: dict[int, Token], indirect: list[_Draft]) -> list[_Draft]:
        """One draft per quoted stretch that is not part of an indirect quote."""
        drafts: list[_Draft] = []
        for index, stretch in enumerate(self.stretches):
            if any(_within(stretch.outer, d.content) for d in indirect):
                continue
            draft = _Draft(stretch.inner, True, line=stretch.line)
            cue = by_stretch.get(index) or self.adjacent_cue(index)
            words = _words(self.text, stretch.inner)
            previous = _previous(drafts + indirect, stretch)
            if cue is not None:
                speaker = sp.speaker_of(cue, self.quoted) or self.between(stretch, cue)
                self.attribute(draft, cue, speaker)
            elif self.signed(stretch, draft) or self.labelled(stretch, draft):
                pass
            elif previous and words >= _MIN_WORDS and _continues(self.text, previous, stretch):
                draft.cue = previous.cue if previous.line == stretch.line else None
                draft.cue_token, draft.speaker_head = previous.cue_token, previous.speaker_head
            elif not self.introduced(stretch, draft) and words < _MIN_WORDS_ALONE:
                continue
            drafts.append(draft)
        return drafts

    def attribute(self, draft: _Draft, cue: Token | None, speaker: Token | None) -> bool:
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
        short = _words(text, stretch.inner) < _MIN_WORDS
        for window in (after, [] if short else before):
            for position, token in enumerate(window[: 4 if short else None]):
                if token.text in _SENT_END or (short and not ends_open):
                    break
                near = window is after and position < 4 and _tag_cue(token, ends_open)
                if token.i not in self.claimed and (sp.is_cue(token) or near):
                    return token
        return None

    def between(self, stretch: Stretch, cue: Token) -> Token | None:
        """The speaker between a quote and its cue ("“...,” Mr. X, now 81, said"), or right
        after a cue that follows the quote ("“...,” opined the Plain Dealer")."""
        words = [t for t in self.window(stretch.outer[1], cue.idx) if not t.is_punct]
        for token in words:
            inner = words[0].i <= token.head.i < cue.i and token.dep_ == "compound"
            if token.pos_ in ("PROPN", "NOUN", "PRON") and not inner:
                return token
        objects = [c for c in cue.rights if c.dep_ in ("dobj", "attr", "npadvmod", "dative")]
        return None if words or not objects else objects[0]

    def signed(self, stretch: Stretch, draft: _Draft) -> bool:
        """A quote signed with a dash after it ("“...” ― Name", "“...”\\n- Name")."""
        rest = self.text[stretch.outer[1] : stretch.outer[1] + 6]
        position = next((i for i, c in enumerate(rest) if c in "―—-"), None)
        if position is None or rest[:position].strip():
            return False
        at = stretch.outer[1] + position
        dash = self.doc.char_span(at, at + 1, alignment_mode="expand")  # also "-President"
        after = self.doc[dash[0].i + 1 : dash[0].i + 4] if dash else []
        names = [t for t in after if t.pos_ == "PROPN"]
        return bool(names) and self.attribute(draft, dash[0], names[0])

    def labelled(self, stretch: Stretch, draft: _Draft) -> bool:
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

    def introduced(self, stretch: Stretch, draft: _Draft) -> bool:
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

    def source_phrases(self) -> list[_Draft]:
        """``According to X, ...`` and ``In the survey, ...``: the rest of the sentence."""
        drafts: list[_Draft] = []
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

    def describe(self, drafts: list[_Draft]) -> None:
        """Fill each draft's speaker parts, resolving pronouns to earlier named speakers."""
        quoted = [d.content for d in drafts] + [s.outer for s in self.stretches]
        antecedents = sp.subject_antecedents(self.doc)
        candidates = [
            a for a in antecedents if not any(_within((a.position,) * 2, q) for q in quoted)
        ]
        for draft in drafts:
            if draft.speaker_head is None:
                continue
            info = sp.describe_speaker(draft.speaker_head, stop=draft.cue_token)
            if info.kind == "pronoun":
                info = replace(info, name=sp.resolve_pronoun(draft.speaker_head, candidates))
            elif info.name is not None and info.kind in ("person", "org"):
                candidates.append(sp.Antecedent(info.name[0], info.kind, info.name))
            draft.info = info


def _direct_target(
    comp: Offsets, stretches: list[Stretch], attribution: Offsets | None
) -> int | None:
    """The stretch that makes up most of a complement (less any interrupting attribution)."""
    size = comp[1] - comp[0] - (_overlap(comp, attribution) if attribution else 0)
    for index, stretch in enumerate(stretches):
        shared = _overlap(comp, stretch.outer)
        if shared and shared >= _DIRECT_SHARE * size:
            return index
    return None


def _tag_cue(token: Token, ends_open: bool) -> bool:
    """A verb after a quote ending in a comma ("“...,” mused X"), or a reporting verb tagged
    as a noun ("“...,” Conway notes.")."""
    if ends_open and token.pos_ == "VERB" and token.tag_ != "VBG":
        return True
    return token.tag_ in ("NNS", "VBZ") and token.lemma_.lower() in VERB_FRAMES


def _previous(drafts: list[_Draft], stretch: Stretch) -> _Draft | None:
    """The quote that ``stretch`` may continue: the last direct one before it in its paragraph,
    else the last quote of any kind before it."""
    before = [d for d in drafts if d.content[1] <= stretch.outer[0]]
    pool = [d for d in before if d.direct and d.line == stretch.line] or before
    return max(pool, key=lambda d: d.content[1]) if pool else None


def _continues(text: str, previous: _Draft, stretch: Stretch) -> bool:
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


def _nested(draft: _Draft, drafts: Sequence[_Draft]) -> bool:
    """True when an indirect quote's cue lies inside another indirect quote's content (what X
    said Y said), unless it is a second verb of the same speaker ("said A and warned B"), the
    verb an infinitive cue takes ("declined to comment on ...") or a statement inside an
    "According to X, ..." ("According to X, Y said Z": two attributions)."""
    cue = draft.cue_token
    if cue is None or draft.cue is None or (cue.dep_ == "conj" and sp.is_cue(cue.head)):
        return False
    for other in drafts:
        takes = other.cue_token is not None and cue.dep_ == "xcomp" and cue.head == other.cue_token
        if (
            other is not draft
            and not other.direct
            and not (other.phrase and cue.lemma_.lower() in SPEECH_LEMMAS)
            and not takes
            and _within(draft.cue, other.content)
        ):
            return True
    return False


def _same_ground(source: Offsets, other: Offsets) -> bool:
    """True when another quote covers at least half of a source phrase's content, so that the
    phrase adds little ("According to X, Y said Z" keeps both when Z is the smaller part)."""
    return _overlap(source, other) >= _SAME_SHARE * (source[1] - source[0])


def _carry_over(drafts: Sequence[_Draft]) -> None:
    """A quote with no speaker of its own ("Adding, “...”", a long quote with no cue) keeps
    the speaker of the last quote before it in its paragraph or the one before (drafts in
    text order)."""
    last: _Draft | None = None
    for draft in drafts:
        near = last is not None and draft.line - last.line <= _CARRY_LINES
        if draft.speaker_head is None and last is not None and near:
            draft.speaker_head = last.speaker_head
        if draft.speaker_head is not None:
            last = draft


def _span(text: str, offsets: Offsets | None) -> Span | None:
    """A ``Span`` of the real text, or None."""
    return None if offsets is None else Span.of(text, offsets[0], offsets[1])


def _to_quote(draft: _Draft, text: str, extractor: str) -> Quote:
    """The finished record."""
    info = draft.info or sp.SpeakerInfo((0, 0))
    cue = draft.cue_token
    relay = sp.relay_of(cue) if cue is not None and cue.pos_ == "VERB" else None
    return Quote(
        content=Span.of(text, *draft.content),
        cue=_span(text, draft.cue),
        speaker=_span(text, info.speaker) if draft.info else None,
        direct=draft.direct,
        speaker_name=_span(text, info.name),
        role=_span(text, info.role),
        affiliation=_span(text, info.affiliation),
        age=_span(text, info.age),
        relayed_via=_span(text, relay),
        extractor=extractor,
    )


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
        if not any(_same_ground(d.content, o.content) for o in drafts)
    ]
    drafts = [d for d in drafts if finder.text[d.content[0] : d.content[1]].strip()]
    drafts = [d for d in drafts if d.direct or not _nested(d, drafts)]
    drafts.sort(key=lambda d: (d.content[0], -d.content[1]))
    _carry_over(drafts)
    finder.describe(drafts)
    return tuple(_to_quote(d, text, extractor) for d in drafts)


def attributions(quotes: Sequence[Quote], text: str) -> tuple[Quote, ...]:
    """One quote per cue: a split quote ("“A,” he said. “B.”") becomes one spanning A to B, the
    unit of an attribution-level export such as the eval format."""
    grouped: dict[tuple[int, int] | int, Quote] = {}
    for number, quote in enumerate(quotes):
        key = (quote.cue.start, quote.cue.end) if quote.cue is not None else number
        first = grouped.get(key)
        if first is None:
            grouped[key] = quote
            continue
        start = min(first.content.start, quote.content.start)
        end = max(first.content.end, quote.content.end)
        grouped[key] = replace(first, content=Span.of(text, start, end))
    return tuple(sorted(grouped.values(), key=lambda q: q.content.start))
