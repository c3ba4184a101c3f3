"""Direct and indirect quotes with their cue, speaker and the speaker's role, affiliation and age.

Quotes are found on the parsed (masked) text in three ways:

- *direct*: each stretch inside quotation marks (“ ” " ‘ ’ « » '' '') is one quote. Its cue is
  the reporting word whose complement the stretch is, or the one next to it ("“...,” he said",
  "X said: “...”"); a stretch with no cue of its own continues the previous quote of the same
  paragraph (or of the paragraph before, when a quote runs on).
- *indirect*: a cue with its complement ("X said (that) ...", "urged Y to ...", "the claim
  that ...", "..., he said, ..."); quoted fragments inside the complement belong to it.
- *source phrases*: "According to X, ...", "In the survey, ...", and "NAME: ..." labels.

Cues, complements and speakers come from :mod:`harmledger.extract.speakers`. Every returned
``Span`` slices the real text exactly: offsets come from the masked ``Doc``, which has the
same length, and nothing is returned from a blanked-out region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from harmledger.extract import speakers as sp
from harmledger.extract.nlp import doc_text
from harmledger.models import Quote, Span

Offsets = tuple[int, int]
EXTRACTOR = "harmledger.extract.rules.v1"
# Nouns naming where a statement was made ("In the survey, ...", "By the AP's tally, ...").
SOURCE_NOUNS: frozenset[str] = frozenset(
    """poll survey study report analysis interview statement tally estimate count view opinion
    eyes book letter memo column article filing speech account""".split()
)
_QUOTE_OPENERS: dict[str, str] = {"“": "”", "«": "»", '"': '"', "‘": "’", "''": "''", "``": "''"}
_ALT_CLOSERS: dict[str, str] = {"“": '"', '"': "”"}
_WORD_START = " \t([{—–-/"
_SENT_END = frozenset(".?!;")
_MIN_WORDS = 4  # shorter quoted stretches need a cue right next to them
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
    info: sp.SpeakerInfo | None = None


def _opener_at(line: str, i: int) -> str | None:
    """The quotation mark that opens a quote at ``line[i]``, if one does."""
    pair = line[i : i + 2]
    if pair in ("''", "``"):
        return pair if i == 0 or line[i - 1] in _WORD_START else None
    if line[i] in ("“", "«", '"'):
        return line[i]
    return "‘" if line[i] == "‘" and (i == 0 or line[i - 1] in _WORD_START) else None


def _closer_at(line: str, start: int, opener: str) -> tuple[int, int] | None:
    """Index and length of the mark that closes ``opener``, searching from ``start``."""
    closers = [c for c in (_QUOTE_OPENERS[opener], _ALT_CLOSERS.get(opener)) if c]
    for i in range(start, len(line)):
        for closer in closers:
            after = line[i + len(closer) : i + len(closer) + 1]
            if line.startswith(closer, i) and (closer != "’" or not after.isalnum()):
                return i, len(closer)
        # a misprinted “ after the last word closes a “ quote (‘late,“ said X’)
        if opener == "“" and line[i] == "“" and not line[i - 1].isspace() and not _alnum_after(line, i):
            return i, 1
    return None


def _alnum_after(line: str, i: int) -> bool:
    """True when a letter or digit follows ``line[i]``."""
    return i + 1 < len(line) and line[i + 1].isalnum()


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


def _inside_any(position: int, stretches: list[Stretch]) -> bool:
    """True when character ``position`` lies within the marks of a stretch."""
    return any(s.outer[0] <= position < s.outer[1] for s in stretches)


def _quoted_test(stretches: list[Stretch]) -> Callable[[Token], bool]:
    """A test for tokens inside quotation marks (never a speaker)."""
    return lambda token: _inside_any(token.idx, stretches)


def _overlap(a: Offsets, b: Offsets) -> int:
    """Characters shared by two ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _within(inner: Offsets, outer: Offsets) -> bool:
    """True when ``inner`` lies inside ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _words(text: str, span: Offsets) -> int:
    """Number of whitespace-separated words in ``text[span]``."""
    return len(text[span[0] : span[1]].split())


def _line_of(text: str, position: int) -> int:
    """Index of the line (paragraph) that holds ``position``."""
    return text.count("\n", 0, position)


def _assign_cues(
    doc: Doc, stretches: list[Stretch]
) -> tuple[dict[int, Token], list[_Draft], set[int]]:
    """Cues whose complement is a quoted stretch, and indirect drafts from the other cues."""
    by_stretch: dict[int, Token] = {}
    indirect: list[_Draft] = []
    claimed: set[int] = set()
    quoted = _quoted_test(stretches)
    for token in doc:
        if not sp.is_cue(token) or quoted(token):
            continue
        comp = sp.complement(token)
        if comp is None:
            continue
        claimed.add(token.i)
        own = sp.token_offsets(token.subtree) if token.dep_ == "parataxis" else None
        hit = _direct_target(comp, stretches, own)
        if hit is not None:
            by_stretch.setdefault(hit, token)
            continue
        comp = _cover_stretches(comp, stretches)
        cue = (token.idx, token.idx + len(token.text))
        speaker = sp.speaker_of(token, quoted)
        indirect.append(_Draft(comp, False, cue, token, speaker, _line_of(doc_text(doc), comp[0])))
    return by_stretch, indirect, claimed


def _cover_stretches(content: Offsets, stretches: list[Stretch]) -> Offsets:
    """``content`` widened to whole quoted stretches it cuts through."""
    start, end = content
    for stretch in stretches:
        if _overlap(content, stretch.outer):
            start, end = min(start, stretch.outer[0]), max(end, stretch.outer[1])
    return start, end


def _direct_target(
    comp: Offsets, stretches: list[Stretch], attribution: Offsets | None = None
) -> int | None:
    """The stretch that makes up most of a complement (less any interrupting attribution)."""
    size = comp[1] - comp[0] - (_overlap(comp, attribution) if attribution else 0)
    for index, stretch in enumerate(stretches):
        shared = _overlap(comp, stretch.outer)
        if shared and shared >= _DIRECT_SHARE * size:
            return index
    return None


def _adjacent_cue(
    doc: Doc, stretch: Stretch, index: int, stretches: list[Stretch], claimed: set[int]
) -> Token | None:
    """A free reporting verb right after ("...,” he said") or before ("X said: “...") a quote,
    in the same sentence and paragraph. A short quote takes only a verb right after it."""
    text = doc_text(doc)
    line_end = text.find("\n", stretch.outer[1])
    limit = min(
        stretches[index + 1].outer[0] if index + 1 < len(stretches) else len(text),
        line_end if line_end >= 0 else len(text),
    )
    floor = max(stretches[index - 1].outer[1] if index else 0, text.rfind("\n", 0, stretch.outer[0]) + 1)
    after = list(doc.char_span(stretch.outer[1], limit, alignment_mode="contract") or [])
    before = list(doc.char_span(floor, stretch.outer[0], alignment_mode="contract") or [])
    ends_open = any(c in ",?!—-" for c in text[stretch.inner[1] - 1 : stretch.outer[1]])
    short = _words(text, stretch.inner) < _MIN_WORDS
    if short and not ends_open:
        return None
    for window in (after, [] if short else before[::-1]):
        for position, token in enumerate(window):
            if token.text in _SENT_END or (short and position >= 4):
                break
            near = window is after and position < 4
            if token.i not in claimed and (sp.is_cue(token) or (near and _tag_cue(token, ends_open))):
                return token
    return None


def _tag_cue(token: Token, ends_open: bool) -> bool:
    """A verb right after a quote ending in a comma ("“...,” mused X"), or a reporting verb
    the tagger took for a noun ("“...,” Conway notes.")."""
    if ends_open and token.pos_ == "VERB" and token.tag_ != "VBG":
        return True
    return token.tag_ in ("NNS", "VBZ") and token.lemma_.lower() in sp.VERB_FRAMES


def _direct_drafts(
    doc: Doc, stretches: list[Stretch], by_stretch: dict[int, Token], indirect: list[_Draft],
    claimed: set[int],
) -> list[_Draft]:
    """One draft per quoted stretch that is not part of an indirect quote."""
    drafts: list[_Draft] = []
    quoted = _quoted_test(stretches)
    for index, stretch in enumerate(stretches):
        if any(_within(stretch.outer, d.content) for d in indirect):
            continue
        cue = by_stretch.get(index) or _adjacent_cue(doc, stretch, index, stretches, claimed)
        draft = _Draft(stretch.inner, True, line=stretch.line)
        if cue is None and _signed(doc, stretch, draft):
            drafts.append(draft)
            continue
        words = _words(doc_text(doc), stretch.inner)
        previous = _previous(drafts + indirect, stretch)
        if cue is not None:
            claimed.add(cue.i)
            draft.cue, draft.cue_token = (cue.idx, cue.idx + len(cue.text)), cue
            draft.speaker_head = sp.speaker_of(cue, quoted) or _between(doc, stretch, cue)
        elif previous and words >= _MIN_WORDS and _continues(doc_text(doc), previous, stretch):
            draft.cue = previous.cue if previous.line == stretch.line else None
            draft.cue_token, draft.speaker_head = previous.cue_token, previous.speaker_head
        elif not _introduced(doc, stretch, draft, claimed) and words < _MIN_WORDS_ALONE:
            continue
        drafts.append(draft)
    return drafts


def _introduced(doc: Doc, stretch: Stretch, draft: _Draft, claimed: set[int]) -> bool:
    """Attribute a quote introduced by what comes just before it: "X: “...”", "X replied.
    “...”" (also across a paragraph break), "As X put it, “...”"."""
    cue = _mark_before(doc, stretch)
    speaker = None
    if cue is not None and cue.text == ":":
        speaker = sp.speaker_of(doc[cue.i - 1]) or sp.noun_before(cue)
    elif cue is not None:
        verbs = [t for t in doc[max(0, cue.i - 3) : cue.i] if t.pos_ == "VERB" and t.i not in claimed]
        cue = verbs[-1] if verbs and (cue.text == "," or verbs[-1].i == cue.i - 1) else None
        speaker = sp.speaker_of(cue) if cue is not None else None
    return _attribute(draft, cue, speaker, claimed)


def _signed(doc: Doc, stretch: Stretch, draft: _Draft) -> bool:
    """Attribute a quote signed with a dash after it ("“...” ― Name", "“...”\n- Name")."""
    rest = doc_text(doc)[stretch.outer[1] : stretch.outer[1] + 6]
    position = next((i for i, c in enumerate(rest) if c in "―—-"), None)
    if position is None or rest[:position].strip() or rest[:position].count("\n") > 2:
        return False
    mark = doc.char_span(stretch.outer[1] + position, stretch.outer[1] + position + 1)
    if mark is None:
        return False
    speaker = next((t for t in doc[mark[0].i + 1 : mark[0].i + 4] if t.pos_ == "PROPN"), None)
    return _attribute(draft, mark[0], speaker, set())


def _attribute(draft: _Draft, cue: Token | None, speaker: Token | None, claimed: set[int]) -> bool:
    """Give a draft its cue and speaker when both were found."""
    if cue is None or speaker is None:
        return False
    draft.cue, draft.cue_token, draft.speaker_head = (cue.idx, cue.idx + len(cue.text)), cue, speaker
    claimed.add(cue.i)
    return True


def _mark_before(doc: Doc, stretch: Stretch) -> Token | None:
    """The colon, full stop or comma right before a quote (across at most one paragraph break)."""
    before = doc_text(doc)[: stretch.outer[0]]
    start = len(before.rstrip())
    if start == 0 or before.count("\n", start) > 2:
        return None
    mark = doc.char_span(start - 1, start)
    ok = mark is not None and mark[0].text in ":.," and mark[0].i > 0
    return mark[0] if ok else None


def _between(doc: Doc, stretch: Stretch, cue: Token) -> Token | None:
    """The speaker written between a quote and its cue ("“...,” Mr. X, now 81, said"): the
    first noun phrase head there, when the parse gave the cue no subject."""
    words = [t for t in doc[: cue.i] if t.idx >= stretch.outer[1] and not t.is_punct]
    for token in words:
        inner = words[0].i <= token.head.i < cue.i and token.dep_ == "compound"
        if token.pos_ in ("PROPN", "NOUN", "PRON") and not inner:
            return token
    return None


def _previous(drafts: list[_Draft], stretch: Stretch) -> _Draft | None:
    """The quote that ``stretch`` may continue: the last direct one before it in its paragraph,
    else the last quote of any kind before it."""
    before = [d for d in drafts if d.content[1] <= stretch.outer[0]]
    pool = [d for d in before if d.direct and d.line == stretch.line] or before
    return max(pool, key=lambda d: d.content[1]) if pool else None


def _continues(text: str, previous: _Draft, stretch: Stretch) -> bool:
    """True when a cue-less stretch goes on with the previous quote's speaker: same paragraph,
    or the next paragraph with nothing but quotation marks in between."""
    if previous.speaker_head is None:
        return False
    if previous.line == stretch.line:
        return True
    start = previous.content[1]
    if previous.cue_token is not None and start <= previous.cue_token.idx < stretch.outer[0]:
        start = max(start, previous.cue_token.sent.end_char)  # "“...,” he said.\n\n“...”"
    between = text[start : stretch.outer[0]]
    return between.count("\n") <= 2 and not any(c.isalpha() for c in between)


def source_phrases(doc: Doc) -> list[_Draft]:
    """``According to X, ...`` and ``In the survey, ...``: the rest of the sentence, from X."""
    drafts: list[_Draft] = []
    for token in doc:
        source, cue_end = _source_phrase(token)
        if source is None:
            continue
        sent = token.sent
        left = sp.token_offsets(doc[sent.start : token.left_edge.i])
        right = sp.token_offsets(doc[token.right_edge.i + 1 : sent.end])
        sides = [s for s in (left, right) if s is not None]
        if sides:
            content = max(sides, key=lambda s: s[1] - s[0])
            cue = (token.idx, cue_end)
            line = _line_of(doc_text(doc), content[0])
            drafts.append(_Draft(content, False, cue, token, source, line))
    return drafts


def _source_phrase(token: Token) -> tuple[Token | None, int]:
    """The source of an ``according to X`` or sentence-initial ``In the poll`` phrase."""
    doc = token.doc
    if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
        to = doc[token.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None), to.idx + len(to.text)
    if token.lower_ not in ("in", "by") or token.i != token.sent.start or token.dep_ != "prep":
        return None, 0
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in SOURCE_NOUNS:
        return None, 0
    owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
    return owner or pobj, token.idx + len(token.text)


def speaker_labels(doc: Doc) -> list[_Draft]:
    """``NAME: what they said`` at the start of a line (transcripts, headlines), also inside
    an opening quotation mark ("“WALLACE: Let's start ...")."""
    drafts: list[_Draft] = []
    text = doc_text(doc)
    for token in doc:
        if token.text != ":" or token.i == 0:
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        label = [t for t in doc[max(0, token.i - 7) : token.i] if t.idx >= line_start]
        while label and (label[0].is_space or label[0].is_quote):
            label = label[1:]
        line_end = text.find("\n", token.idx)
        rest = doc.char_span(token.idx + 1, line_end if line_end >= 0 else len(text),
                             alignment_mode="contract")
        content = sp.token_offsets(rest or [])
        if not (0 < len(label) <= 5 and all(_name_like(t) for t in label)) or content is None:
            continue
        if label[0].idx - line_start <= 1 and _words(text, content) >= 3:
            cue = (token.idx, token.idx + 1)
            drafts.append(_Draft(content, False, cue, token, label[-1], _line_of(text, token.idx)))
    return drafts


def _name_like(token: Token) -> bool:
    """True for a word that can be part of a speaker label (a capitalised name)."""
    return token.pos_ == "PROPN" or token.is_upper or token.text in (".", "'s", "&", "-")


def _attach_labels(labels: list[_Draft], drafts: list[_Draft]) -> list[_Draft]:
    """Labels either give a speaker to the quote they introduce, or are quotes themselves."""
    extra: list[_Draft] = []
    for label in labels:
        hits = [d for d in drafts if _overlap(d.content, label.content)]
        if not hits:
            extra.append(label)
        for draft in hits:
            if draft.speaker_head is None:
                draft.cue, draft.cue_token = label.cue, label.cue_token
                draft.speaker_head = label.speaker_head
    return extra


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
        info = sp.describe_speaker(draft.speaker_head, stop=draft.cue_token)
        if info.kind == "pronoun":
            info = replace(info, name=sp.resolve_pronoun(draft.speaker_head, candidates))
        elif info.name is not None and info.kind in ("person", "org"):
            candidates.append(sp.Antecedent(info.name[0], info.kind, info.name))
        draft.info = info


def _span(text: str, offsets: Offsets | None) -> Span | None:
    """A ``Span`` of the real text, or None."""
    return None if offsets is None else Span.of(text, offsets[0], offsets[1])


def _to_quote(draft: _Draft, text: str, extractor: str) -> Quote:
    """The finished record."""
    info = draft.info or sp.SpeakerInfo((0, 0))
    has = draft.info is not None
    cue_token = draft.cue_token
    relay = sp.relay_of(cue_token) if cue_token is not None and cue_token.pos_ == "VERB" else None
    return Quote(
        content=Span.of(text, *draft.content),
        cue=_span(text, draft.cue),
        speaker=_span(text, info.speaker) if has else None,
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
    if len(doc_text(doc)) != len(text):
        raise ValueError("doc and text differ in length; parse the masked text of this document")
    stretches = quoted_stretches(doc_text(doc))
    by_stretch, indirect, claimed = _assign_cues(doc, stretches)
    drafts = _direct_drafts(doc, stretches, by_stretch, indirect, claimed) + indirect
    drafts += _attach_labels(speaker_labels(doc), drafts)
    drafts += [
        d for d in source_phrases(doc) if not any(_overlap(d.content, o.content) for o in drafts)
    ]
    drafts = [d for d in drafts if doc_text(doc)[d.content[0] : d.content[1]].strip()]
    drafts = [d for d in drafts if d.direct or not _nested(d, drafts)]
    drafts.sort(key=lambda d: (d.content[0], -d.content[1]))
    _describe(drafts, doc, stretches)
    return tuple(_to_quote(d, text, extractor) for d in drafts)


def _nested(draft: _Draft, drafts: list[_Draft]) -> bool:
    """True when an indirect quote's cue lies inside the reported clause of another indirect
    quote (what X said Y said), unless it is a second verb of the same speaker ("said A and
    warned B") or the verb an infinitive cue takes ("declined to comment on ...")."""
    cue = draft.cue_token
    if cue is None or draft.cue is None or cue.dep_ == "conj":
        return False
    return any(
        o is not draft and not o.direct and _within(draft.cue, o.content)
        and not (cue.dep_ == "xcomp" and o.cue_token is not None and cue.head.i == o.cue_token.i)
        for o in drafts
    )


def attributions(quotes: tuple[Quote, ...], text: str) -> tuple[Quote, ...]:
    """Quotes grouped one per cue: the stretches of a split quote ("“A,” he said. “B.”") become
    one quote spanning A to B, the unit an attribution-level export (the eval format) wants."""
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
