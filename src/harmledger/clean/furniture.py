"""Page furniture in plain text: counters, share and comment prompts, repeated standfirsts.

Nothing here rewrites text. :func:`find_furniture` returns ``RemovedSpan`` records whose
``start``/``end`` slice the given text to exactly ``RemovedSpan.text``; later stages skip them.

Line rules only ever match a whole, short line (at most :data:`MAX_FURNITURE_CHARS`
characters), so a line of real prose that happens to mention "comment" or "share" is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from harmledger.models import RemovedSpan

#: The longest line a furniture rule may remove; longer lines are treated as prose.
MAX_FURNITURE_CHARS = 120
#: The longest first line :func:`find_title` takes for a headline.
MAX_TITLE_CHARS = 200
#: A standfirst must have at least this many words to count as repeated.
MIN_STANDFIRST_WORDS = 8
#: How many opening paragraphs may be a standfirst, and how soon after it a repeat must come.
STANDFIRST_WINDOW = 3

_SOCIAL = r"(?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|telegram|email|e-mail|tumblr)"
_UNITS = r"(?:comments?|shares?|views?|likes?|replies|responses|reactions)"

# (reason, pattern) pairs; each pattern must match the whole stripped line, case-insensitively.
_LINE_RULES: tuple[tuple[str, str], ...] = (
    ("counter", rf"[+-]?\d[\d.,]*\s*[km]?\+?(?:\s*{_UNITS})?"),
    (
        "comment_prompt",
        r"(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:reply|comment|response)\W*"
        r"|(?:\d+\s+)?comments?(?:\s*\(\d+\))?:?|cancel\s+reply|reply|responses?"
        r"|(?:show|view|hide|load|see|read)\s+(?:all\s+|more\s+)?(?:\d+\s+)?comments?\W*"
        r"|your\s+email\s+address\s+will\s+not\s+be\s+published.*"
        r"|required\s+fields\s+are\s+marked.*|(?:you\s+must\s+be\s+)?log(?:ged)?\s*in\s+to"
        r"\s+(?:post\s+a\s+)?comment.*|join\s+the\s+(?:conversation|discussion)\W*"
        r"|be\s+the\s+first\s+to\s+comment\W*|tell\s+us\s+what\s+you\s+think\W*"
        r"|(?:what\s+do\s+you\s+think|have\s+your\s+say)\?*|comments\s+are\s+closed\.?",
    ),
    (
        "share_prompt",
        rf"share(?:\s+this(?:\s+(?:article|story|post|page))?)?\s*:?"
        rf"|share\s+(?:on|via|to|with)\s+{_SOCIAL}\W*|tweet(?:\s+this)?|print(?:\s+this)?"
        rf"|{_SOCIAL}|e-?mail(?:\s+this)?|click\s+to\s+(?:share|email|print)\b.*|pin\s+it"
        r"|copy\s+(?:the\s+)?link|(?:\d+\s+)?shares",
    ),
    (
        "subscribe_prompt",
        r"(?:subscribe|sign\s+up|register)(?:\s+(?:now|today|here|for\s+free))?\W*"
        r"|(?:subscribe|sign\s+up)\s+(?:to|for)\b.*|newsletters?\W*"
        r"|get\s+.*\b(?:in|to)\s+your\s+inbox\b.*|enter\s+your\s+email(?:\s+address)?\b.*"
        r"|follow\s+(?:us|him|her|them|[\w.@]+)\s+on\s+.*",
    ),
    (
        "advertisement",
        r"advertisements?|advertising|sponsored(?:\s+content)?|ad|\(ad\)"
        r"|(?:story|article)\s+continues\s+below(?:\s+advertisement)?\W*"
        r"|continue\s+reading(?:\s+(?:below|the\s+main\s+story))?\W*"
        r"|scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?\W*",
    ),
    (
        "related_links",
        r"related(?:\s+(?:articles?|stories|content|posts?|coverage|news|links?|reading))?\s*:?"
        r"|related\s*:.*|(?:read|see)\s+(?:more|also|next)(?:\s*:.*|\W*)|also\s+read\s*:.*"
        r"|more\s+(?:on\s+this\s+(?:story|topic)|stories|news|from\s+\S+(?:\s+\S+)?)\W*"
        r"|(?:you\s+(?:may|might)\s+also\s+like|recommended(?:\s+for\s+you)?"
        r"|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|don'?t\s+miss)\W*",
    ),
    (
        "cookie_notice",
        r"(?:this\s+(?:site|website)|we)\s+uses?\s+cookies\b.*|accept(?:\s+all)?\s+cookies",
    ),
    ("copyright", r"(?:©|\(c\)|copyright\b).*|.*\ball\s+rights\s+reserved\b.*"),
)
_COMPILED = tuple((reason, re.compile(p, re.IGNORECASE)) for reason, p in _LINE_RULES)
_RELATED = "related_links"
_BULLET = re.compile(r"[-•*–]\s+\S")
_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t\r\f\v]*\n))*")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = ".!?…\"'”’)"


def find_title(text: str) -> tuple[int, int] | None:
    """Where a plain-text headline sits: the first line when it looks like one.

    A headline is the first non-blank line, under :data:`MAX_TITLE_CHARS` characters, holding a
    letter, not ending in a full stop, not page furniture, and followed by a blank line. Returns
    ``(start, end)`` of the line without its surrounding whitespace, or ``None``.
    """
    match = re.match(r"\s*([^\n]*?)[ \t\r]*\n[ \t\r]*\n", text)
    if match is None:
        return None
    start, end = match.span(1)
    line = text[start:end]
    if not line or len(line) >= MAX_TITLE_CHARS or line.endswith("."):
        return None
    if not any(ch.isalpha() for ch in line) or line_reason(line) is not None:
        return None
    return start, end


def find_furniture(text: str, title: str | None = None) -> tuple[RemovedSpan, ...]:
    """Page furniture in ``text``, as spans sorted by start; each slices ``text`` exactly.

    ``title`` (the document's headline, when known) is never removed, even if a rule matches.
    """
    protected = _normalise(title) if title else None
    spans = [span for span in find_line_furniture(text) if _normalise(span.text) != protected]
    spans.extend(_repeated_standfirsts(text, spans, protected))
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))


def line_reason(line: str) -> str | None:
    """The furniture reason for one line of text, or ``None`` when it is (or may be) prose."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_FURNITURE_CHARS:
        return None
    for reason, pattern in _COMPILED:
        if pattern.fullmatch(stripped):
            return reason
    return None


def find_line_furniture(text: str) -> tuple[RemovedSpan, ...]:
    """Spans of whole short lines that a line rule matches, plus the bullet list after "Related".

    Each span covers one line without its surrounding whitespace.
    """
    return tuple(_line_furniture(text))


def _line_furniture(text: str) -> Iterator[RemovedSpan]:
    """The spans of :func:`find_line_furniture`, in text order.

    After a "Related"-style line, a bullet list goes with it; after a bare header ("Read more",
    "Don't miss"), so do the headline-like lines that follow it.
    """
    after_header: bool | None = None  # None: not in a related block; else: was it a bare header
    for match in _LINE.finditer(text):
        start, end = _strip_bounds(text, match.start(), match.end())
        if start == end:
            continue
        line = text[start:end]
        reason = line_reason(line)
        if reason is None and after_header is not None and _lists_link(line, after_header):
            reason = _RELATED
        elif reason == _RELATED:
            after_header = ":" not in line.rstrip(":").strip()
        if reason != _RELATED:
            after_header = None
        if reason is not None:
            yield RemovedSpan(start, end, reason, line)


def _lists_link(line: str, after_header: bool) -> bool:
    """A line that reads as one entry of a list of links: a bullet, or a bare headline."""
    if _BULLET.match(line):
        return True
    if not after_header or len(line) > MAX_FURNITURE_CHARS or line[-1] in ".:;,":
        return False
    return len(line.split()) >= 2


def _repeated_standfirsts(
    text: str, removed: list[RemovedSpan], title: str | None
) -> Iterator[RemovedSpan]:
    """The later copy of an opening paragraph that a nearby later paragraph starts with.

    Only the first :data:`STANDFIRST_WINDOW` paragraphs (furniture skipped) may be a standfirst,
    and only the next :data:`STANDFIRST_WINDOW` paragraphs may repeat it; one per document.
    """
    paragraphs = [
        (m.start(), m.end())
        for m in _PARAGRAPH.finditer(text)
        if _nonspace(m.group()) > _covered_nonspace(text, m.start(), m.end(), removed)
    ]
    for i, (s_start, s_end) in enumerate(paragraphs[:STANDFIRST_WINDOW]):
        standfirst = text[_past_removed(text, s_start, removed) : s_end].rstrip()
        if not _may_be_standfirst(standfirst, title):
            continue
        for p_start, _p_end in paragraphs[i + 1 : i + 1 + STANDFIRST_WINDOW]:
            p_start = _past_removed(text, p_start, removed)
            end = p_start + len(standfirst)
            if text.startswith(standfirst, p_start) and (end == len(text) or text[end].isspace()):
                yield RemovedSpan(p_start, end, "repeated_standfirst", text[p_start:end])
                return


def _past_removed(text: str, start: int, removed: list[RemovedSpan]) -> int:
    """``start`` moved past the furniture lines (and the space after them) it begins with."""
    moved = True
    while moved:
        moved = False
        while start < len(text) and text[start].isspace():
            start += 1
        for r in removed:
            if r.start == start:
                start, moved = r.end, True
    return start


def _covered_nonspace(text: str, start: int, end: int, removed: list[RemovedSpan]) -> int:
    """How many non-space characters of ``text[start:end]`` the removed spans cover."""
    return sum(
        _nonspace(text[max(start, r.start) : min(end, r.end)])
        for r in removed
        if r.start < end and start < r.end
    )


def _nonspace(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def _may_be_standfirst(paragraph: str, title: str | None) -> bool:
    """A paragraph long enough, ending in sentence punctuation, and not the headline."""
    if title is not None and _normalise(paragraph) == title:
        return False
    return len(paragraph.split()) >= MIN_STANDFIRST_WORDS and paragraph[-1] in _SENTENCE_END


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _normalise(text: str) -> str:
    """Lower case with runs of whitespace collapsed, for comparing lines with a title."""
    return " ".join(text.split()).casefold()
