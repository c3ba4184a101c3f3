"""Direct and indirect quotes with their cue, speaker and the speaker's role, affiliation and age.

Two sources of quotes, found on the parsed (masked) text:

- *direct*: each stretch inside quotation marks (“ ” " ‘ ’ « » '' '') is one quote. Its cue is
  the reporting verb whose complement lies in the stretch, or the one next to it ("“...,” he
  said", "X said: “...”"); a stretch with no cue of its own continues the previous speaker's
  quote in the same or the preceding paragraph.
- *indirect*: a reporting verb with a clausal complement ("X said (that) ...", "urged Y to ..."),
  a parenthetical ("..., he said, ...") or "according to X"; the content is the complement.
  Short quoted stretches inside such a complement ("had “reimposed control” over") belong to it.

Every returned ``Span`` slices the real text exactly; offsets come from the masked ``Doc``,
which has the same length.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from harmledger.extract import speakers as sp
from harmledger.models import Quote, Span

Offsets = tuple[int, int]


def _frames(table: str) -> dict[str, str]:
    """``"say:cx tell:cx"`` -> ``{"say": "cx", "tell": "cxo"}``."""
    return dict(item.split(":") for item in table.split())


# Reporting verbs by lemma, with the complements that carry what was said: c = a clause
# ("said (that) ..."), x = a to-infinitive ("urged them to ..."), o = a direct object
# ("decried the attacks", "called him a liar"), p = a prepositional object ("referred to ...").
CUE_FRAMES: dict[str, str] = _frames(
    """say:cx tell:cx add:c write:c note:co argue:cp suggest:co report:cxo state:co insist:c
    warn:cxp declare:co explain:co announce:co claim:co acknowledge:co admit:co deny:co
    confirm:co reveal:co disclose:co indicate:c conclude:c predict:co respond:cp reply:c
    recall:co continue:c assert:c contend:c complain:cp concede:c emphasize:co emphasise:co
    stress:co point:cop tweet:cop post:co joke:cp quip:c remark:c repeat:co reiterate:co
    allege:c estimate:c imply:c ask:cxop question:co wonder:c assure:c speculate:c boast:cp
    brag:cp lament:co decry:o mention:co comment:cp testify:c observe:c caution:cp hint:cp
    signal:c show:cxo find:c learn:c fear:c worry:cp hope:cx hop:cx expect:cx agree:cxp
    promise:cxo pledge:cxo vow:cx threaten:cx urge:xo call:cxop demand:co decline:x refuse:x
    propose:cxo order:x encourage:x seem:cx appear:x recommend:co counter:c retort:c charge:c
    read:c describe:o cite:o praise:o criticize:op criticise:op accuse:o blame:o slam:o blast:o
    denounce:o condemn:o mock:o dismiss:o reject:o defend:o tout:o applaud:o endorse:o
    oppose:o discuss:o express:o voice:o highlight:o reference:o portray:o list:o detail:o
    quote:o echo:o refer:p talk:p rail:p attack:o issue:o offer:o seek:x invoke:o
    recognize:c insist:c warn:cxp"""
)
# Prepositions that introduce what was said ("talked about X", "called for X", "rail against X").
CONTENT_PREPS: frozenset[str] = frozenset("about against for of on to as over at".split())
# Prepositions that extend a direct-object complement ("accused X of Y", "described X as Y").
OBJECT_PREPS: frozenset[str] = frozenset("as of for about against".split())
EXTRACTOR = "harmledger.extract.rules.v1"
_QUOTE_OPENERS: dict[str, str] = {"“": "”", "«": "»", '"': '"', "‘": "’", "''": "''", "``": "''"}
_ALT_CLOSERS: dict[str, str] = {"“": '"', '"': "”"}
_WORD_START = " \t([{—–-/"
_SENT_END = frozenset(".?!;")
_MIN_WORDS = 4  # shorter quoted stretches are quotes only when a cue takes them as complement
_MIN_WORDS_ALONE = 8  # a quoted stretch with neither cue nor speaker must be this long
_DIRECT_SHARE = 0.6  # a complement this much inside a quoted stretch is that direct quote


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
    info: sp.SpeakerInfo | None = field(default=None)


def _opener_at(line: str, i: int) -> str | None:
    """The quotation mark that opens a quote at ``line[i]``, if one does."""
    pair = line[i : i + 2]
    if pair in ("''", "``"):
        return pair if i == 0 or line[i - 1] in _WORD_START else None
    char = line[i]
    if char in ("“", "«", '"'):
        return char
    if char == "‘" and (i == 0 or line[i - 1] in _WORD_START):
        return char
    return None


def _closer_at(line: str, start: int, opener: str) -> int | None:
    """Index of the mark that closes ``opener``, searching from ``start``."""
    closers = (_QUOTE_OPENERS[opener], _ALT_CLOSERS.get(opener, ""))
    i = start
    while i < len(line):
        for closer in closers:
            if closer and line.startswith(closer, i):
                after = line[i + len(closer) : i + len(closer) + 1]
                if closer != "’" or not after.isalnum():
                    return i
        i += 1
    return None


def _inner(text: str, start: int, end: int) -> Offsets | None:
    """``[start, end)`` without surrounding spaces and a trailing comma; None when blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return (start, end) if start < end else None


def quoted_stretches(text: str) -> list[Stretch]:
    """Every top-level stretch inside quotation marks, in order.

    An opening mark left unclosed at the end of a paragraph quotes to the paragraph's end (the
    convention for a quote continued in the next paragraph) when it opens a sentence.
    """
    found: list[Stretch] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        i = 0
        while i < len(line):
            opener = _opener_at(line, i)
            if opener is None:
                i += 1
                continue
            close = _closer_at(line, i + len(opener), opener)
            if close is None and not _opens_sentence(line, i, opener):
                i += len(opener)
                continue
            end = len(line) if close is None else close
            inner = _inner(text, offset + i + len(opener), offset + end)
            closer_len = 0 if close is None else len(_matched_closer(line, close, opener))
            if inner is not None:
                outer = (offset + i, offset + end + closer_len)
                found.append(Stretch(outer, inner, number))
            i = end + max(closer_len, 1)
        offset += len(line) + 1
    return found


def _matched_closer(line: str, index: int, opener: str) -> str:
    """The closing mark found at ``line[index]``."""
    closer = _QUOTE_OPENERS[opener]
    return closer if line.startswith(closer, index) else _ALT_CLOSERS[opener]


def _opens_sentence(line: str, i: int, opener: str) -> bool:
    """True when the mark at ``line[i]`` starts a sentence (so it may run to the line end)."""
    if opener in ("‘", "«"):
        return False
    before = line[:i].rstrip()
    return not before or before[-1] in ".:?!,"


def is_cue(token: Token) -> bool:
    """True for a reporting verb from the lexicon."""
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_FRAMES


def _token_offsets(tokens: list[Token]) -> Offsets | None:
    """Character bounds of tokens, without edge punctuation and spaces."""
    kept = [t for t in tokens if not t.is_space]
    while kept and kept[0].is_punct:
        kept = kept[1:]
    while kept and kept[-1].is_punct:
        kept = kept[:-1]
    if not kept:
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


def complement(cue: Token) -> Offsets | None:
    """What a reporting verb reports: the complement its frame allows, or the clause it
    interrupts ("The plan, he said, will fail")."""
    frame = CUE_FRAMES.get(cue.lemma_.lower(), "")
    kids = list(cue.children)
    chosen: list[Token] = []
    if "c" in frame:
        chosen = [k for k in kids if k.dep_ == "ccomp"]
    if not chosen and "x" in frame:
        chosen = [k for k in kids if k.dep_ == "xcomp" or (k.dep_ == "dobj" and "o" in frame)]
        chosen = chosen if any(k.dep_ == "xcomp" for k in chosen) else []
    if not chosen and "o" in frame:
        chosen = [k for k in kids if k.dep_ in ("dobj", "oprd")
                  or (k.dep_ == "prep" and k.lower_ in OBJECT_PREPS)]
        chosen = chosen if any(k.dep_ == "dobj" for k in chosen) else []
    if not chosen and "p" in frame:
        chosen = [k for k in kids if k.dep_ == "prep" and k.lower_ in CONTENT_PREPS
                  and any(c.dep_ == "pobj" for c in k.children)][:1]
    if not chosen and "c" in frame and cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
        chosen = [cue.head]
    if not chosen:
        return None
    doc = cue.doc
    if chosen[0].i == cue.head.i:
        return _token_offsets(list(doc[cue.head.left_edge.i : cue.head.right_edge.i + 1]))
    left = min(k.left_edge.i for k in chosen)
    right = max(k.right_edge.i for k in chosen)
    return _token_offsets(list(doc[left : right + 1]))


def _overlap(a: Offsets, b: Offsets) -> int:
    """Characters shared by two ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _inside_any(pos: int, stretches: list[Stretch]) -> bool:
    """True when character ``pos`` lies within the marks of a stretch."""
    return any(s.outer[0] <= pos < s.outer[1] for s in stretches)


def _words(text: str, span: Offsets) -> int:
    """Number of whitespace-separated words in ``text[span]``."""
    return len(text[span[0] : span[1]].split())


def _assign_cues(
    doc: Doc, stretches: list[Stretch]
) -> tuple[dict[int, Token], list[_Draft], set[int]]:
    """Cues whose complement is a quoted stretch, and indirect drafts from the other cues."""
    by_stretch: dict[int, Token] = {}
    indirect: list[_Draft] = []
    claimed: set[int] = set()
    for token in doc:
        if not is_cue(token) or _inside_any(token.idx, stretches):
            continue
        comp = complement(token)
        if comp is None:
            continue
        claimed.add(token.i)
        hit = _direct_target(comp, stretches)
        if hit is not None:
            by_stretch.setdefault(hit, token)
            continue
        line = doc.text.count("\n", 0, comp[0])
        cue = (token.idx, token.idx + len(token.text))
        indirect.append(_Draft(comp, False, cue, token, sp.subject_of(token), line))
    return by_stretch, indirect, claimed


def _direct_target(comp: Offsets, stretches: list[Stretch]) -> int | None:
    """The stretch that makes up most of a complement, if one does."""
    for index, stretch in enumerate(stretches):
        shared = _overlap(comp, stretch.outer)
        if shared and shared >= _DIRECT_SHARE * (comp[1] - comp[0]):
            return index
    return None


def _adjacent_cue(
    doc: Doc, stretch: Stretch, index: int, stretches: list[Stretch], claimed: set[int]
) -> Token | None:
    """A free reporting verb right after ("...,” he said") or before ("X said: “...") a quote,
    in the same sentence and paragraph."""
    text = doc.text
    line_end = text.find("\n", stretch.outer[1])
    limit = min(
        stretches[index + 1].outer[0] if index + 1 < len(stretches) else len(text),
        line_end if line_end >= 0 else len(text),
    )
    line_start = text.rfind("\n", 0, stretch.outer[0]) + 1
    floor = max(stretches[index - 1].outer[1] if index else 0, line_start)
    after = list(doc.char_span(stretch.outer[1], limit, alignment_mode="contract") or [])
    before = list(doc.char_span(floor, stretch.outer[0], alignment_mode="contract") or [])
    for window in (after, before[::-1]):
        for token in window:
            if token.text in _SENT_END:
                break
            if is_cue(token) and token.i not in claimed:
                return token
    return None


def _direct_drafts(
    doc: Doc, stretches: list[Stretch], by_stretch: dict[int, Token], indirect: list[_Draft],
    claimed: set[int],
) -> list[_Draft]:
    """One draft per quoted stretch that is not part of an indirect quote."""
    drafts: list[_Draft] = []
    for index, stretch in enumerate(stretches):
        if any(_within(stretch.outer, d.content) for d in indirect):
            continue
        words = _words(doc.text, stretch.inner)
        cue = by_stretch.get(index)
        if cue is None and words >= _MIN_WORDS:
            cue = _adjacent_cue(doc, stretch, index, stretches, claimed)
        draft = _Draft(stretch.inner, True, line=stretch.line)
        if cue is not None:
            claimed.add(cue.i)
            draft.cue, draft.cue_token = (cue.idx, cue.idx + len(cue.text)), cue
            draft.speaker_head = sp.subject_of(cue)
        else:
            previous = _previous(drafts + indirect, stretch)
            if previous is not None and words >= _MIN_WORDS and _continues(doc.text, previous, stretch):
                same_line = previous.line == stretch.line
                draft.cue = previous.cue if same_line else None
                draft.cue_token = previous.cue_token
                draft.speaker_head = previous.speaker_head
            elif words < _MIN_WORDS_ALONE:
                continue
        drafts.append(draft)
    return drafts


def _previous(drafts: list[_Draft], stretch: Stretch) -> _Draft | None:
    """The draft that ends last before ``stretch`` starts."""
    before = [d for d in drafts if d.content[1] <= stretch.outer[0]]
    return max(before, key=lambda d: d.content[1]) if before else None


def _within(inner: Offsets, outer: Offsets) -> bool:
    """True when ``inner`` lies inside ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _continues(text: str, previous: _Draft, stretch: Stretch) -> bool:
    """True when a cue-less stretch goes on with the previous quote's speaker: same paragraph,
    or the next paragraph with nothing but quotation marks in between."""
    if previous.speaker_head is None:
        return False
    if previous.line == stretch.line:
        return True
    between = text[previous.content[1] : stretch.outer[0]]
    return previous.direct and between.count("\n") <= 2 and not any(c.isalpha() for c in between)


def according_to(doc: Doc) -> list[_Draft]:
    """``According to X, ...``: the rest of the clause, attributed to X."""
    drafts: list[_Draft] = []
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        sent = token.sent
        left = _token_offsets(list(doc[sent.start : token.left_edge.i]))
        right = _token_offsets(list(doc[token.right_edge.i + 1 : sent.end]))
        sides = [s for s in (left, right) if s is not None]
        if not sides:
            continue
        content = max(sides, key=lambda s: s[1] - s[0])
        cue = (token.idx, doc[token.i + 1].idx + 2)
        line = doc.text.count("\n", 0, content[0])
        drafts.append(_Draft(content, False, cue, token, source, line))
    return drafts


def _describe(drafts: list[_Draft], doc: Doc, stretches: list[Stretch]) -> None:
    """Fill each draft's speaker parts, resolving pronouns to earlier named speakers."""
    quoted = [d.content for d in drafts] + [s.outer for s in stretches]
    candidates = [
        a for a in sp.subject_antecedents(doc)
        if not any(q[0] <= a.position < q[1] for q in quoted)
    ]
    for draft in sorted(drafts, key=lambda d: d.content[0]):
        if draft.speaker_head is None:
            continue
        draft.info = sp.describe_speaker(draft.speaker_head, stop=draft.cue_token)
        info = draft.info
        if info.kind == "pronoun":
            name = sp.resolve_pronoun(draft.speaker_head.text, info.speaker[0], candidates)
            draft.info = replace(info, name=name)
        elif info.name is not None and info.kind in ("person", "org"):
            candidates.append(sp.Antecedent(info.name[0], info.kind, info.name))


def _span(text: str, offsets: Offsets | None) -> Span | None:
    """A ``Span`` of the real text, or None."""
    return None if offsets is None else Span.of(text, offsets[0], offsets[1])


def _to_quote(draft: _Draft, text: str, extractor: str) -> Quote:
    """The finished record."""
    info = draft.info
    relay = sp.relay_of(draft.cue_token) if draft.cue_token is not None else None
    return Quote(
        content=Span.of(text, *draft.content),
        cue=_span(text, draft.cue),
        speaker=_span(text, info.speaker if info else None),
        direct=draft.direct,
        speaker_name=_span(text, info.name if info else None),
        role=_span(text, info.role if info else None),
        affiliation=_span(text, info.affiliation if info else None),
        age=_span(text, info.age if info else None),
        relayed_via=_span(text, relay),
        extractor=extractor,
    )


def find_quotes(doc: Doc, text: str, *, extractor: str = EXTRACTOR) -> tuple[Quote, ...]:
    """Every direct and indirect quote in a parsed document, in text order.

    ``doc`` is the pipeline's parse of the masked text (same length as ``text``); spans are
    built from ``text``. Quotes whose content lies in a blanked-out region are dropped.
    """
    if len(doc.text) != len(text):
        raise ValueError("doc and text differ in length; parse the masked text of this document")
    stretches = quoted_stretches(doc.text)
    by_stretch, indirect, claimed = _assign_cues(doc, stretches)
    drafts = _direct_drafts(doc, stretches, by_stretch, indirect, claimed)
    covered = [d.content for d in drafts + indirect]
    for draft in according_to(doc):
        if not any(_overlap(draft.content, c) for c in covered):
            indirect.append(draft)
    drafts = _dedupe(drafts + indirect, doc.text)
    _describe(drafts, doc, stretches)
    return tuple(_to_quote(d, text, extractor) for d in drafts)


def attributions(quotes: tuple[Quote, ...], text: str) -> tuple[Quote, ...]:
    """Quotes grouped one per reporting verb: a split quote becomes one covering span.

    This is the unit an attribution-level export (such as the eval format) wants: the stretches
    of "“A,” he said. “B.”" share one cue and become one quote from A's start to B's end.
    """
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


def _dedupe(drafts: list[_Draft], masked: str) -> list[_Draft]:
    """Drop blank contents and indirect quotes nested in another quote of the same cue."""
    kept: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.content[0], -d.content[1])):
        if not masked[draft.content[0] : draft.content[1]].strip():
            continue
        kept.append(draft)
    return kept
