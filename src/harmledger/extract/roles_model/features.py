"""Sparse features of a candidate filler, as strings hashed into a fixed-size index space.

Each candidate (one normalised text of a document, ``candidates.Candidate``) gets the union of
its mentions' features, plus features of the text as a whole and of the document:

- mention: head lemma and word, the words, entity label, dependency relation and part of speech,
  the governing verb's lemma (and whether it is a harm word, ``extract.lexicon``), the
  preposition that introduces it ("by X", "in X") with its governor, the dependency path to the
  nearest harm word of the sentence and its distance, the sentence index, casing, an acronym
  in brackets;
- text: how often it is mentioned, which roles the rules gave it, whether it is a place;
- document: how much harm the document reports (harm words, rule fillers) -- most MUC
  documents without incidents are the precision test -- alone and joined with a few strong
  features, so that a linear model can weigh them differently in such documents.

``hashed(strings, size)`` maps feature strings to column indices with CRC-32 (stable across
processes, unlike ``hash``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LEMMA, POS, SENT_START
from spacy.symbols import PROPN
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from harmledger.evaluate.roles import ROLES, head_word
from harmledger.extract.lexicon import HARM_INTRANSITIVE, HARM_NOUNS, HARM_STATES, HARM_VERBS
from harmledger.extract.nlp import doc_text
from harmledger.extract.roles_model.candidates import Candidate

HARM_LEMMAS = frozenset(HARM_VERBS) | frozenset(HARM_NOUNS) | frozenset(HARM_STATES)
HARM_LEMMAS |= frozenset(HARM_INTRANSITIVE) | {"explode", "explosion", "blast", "bombing"}
_MAX_WORDS = 6
_MAX_PATH = 4


@dataclass(frozen=True, slots=True)
class DocContext:
    """What every candidate of one document shares: harm words by sentence, document cues."""

    harm_by_sent: dict[int, list[Token]]  # sentence index -> its harm words
    sent_of: list[int]  # token index -> the index of its sentence in the document
    doc_features: tuple[str, ...]
    relevance: str
    dateline_end: int  # where the dateline ("LIMA, 30 MAR 89 --") ends, 0 if none


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def is_harm(token: Token) -> bool:
    return token.pos_ in ("VERB", "NOUN", "ADJ", "PROPN") and token.lemma_.lower() in HARM_LEMMAS


def doc_context(doc: Doc, rule_roles: Iterable[str]) -> DocContext:
    """The document-level context of ``doc``; ``rule_roles`` the role of each rule filler.
    One pass over the tokens (``doc.sents`` and ``token.sent`` cost a scan each)."""
    harm_by_sent: dict[int, list[Token]] = {}
    cols = doc.to_array([SENT_START, LEMMA, POS])
    if len(doc):
        cols[0, 0] = 1
    starts = np.cumsum(cols[:, 0] == 1) - 1
    sent_of: list[int] = starts.tolist()
    index = int(starts[-1]) if len(doc) else -1
    maybe = np.isin(cols[:, 1], _harm_hashes(doc)) | (cols[:, 2] == PROPN)
    for i in np.flatnonzero(maybe).tolist():
        token = doc[i]
        if token.lemma_.lower() in HARM_LEMMAS and is_harm(token):
            harm_by_sent.setdefault(sent_of[i], []).append(token)
    n_harm = sum(len(v) for v in harm_by_sent.values())
    roles = list(rule_roles)
    feats = [f"d:harm={_bucket(n_harm, (0, 1, 3, 6, 12))}"]
    feats.append(f"d:sents={_bucket(index + 1, (2, 4, 8, 16, 32))}")  # a brief or a report
    feats += [f"d:rule_{r}={_bucket(roles.count(r), (0, 1, 3))}" for r in ROLES]
    early = sum(len(v) for k, v in harm_by_sent.items() if k < 3)
    feats.append(f"d:harm_early={_bucket(early, (0, 1, 3))}")
    relevance = "none" if not roles else ("low" if len(roles) < 3 else "high")
    feats.append(f"d:rel={relevance}")
    return DocContext(harm_by_sent, sent_of, tuple(feats), relevance, _dateline_end(doc))


def _harm_hashes(doc: Doc) -> np.ndarray:
    """The string-store hashes of the harm lemmas (a lemma not lower case is a PROPN's)."""
    found = _HASHES.get(id(doc.vocab))
    if found is None or found[0] is not doc.vocab:
        hashes = [doc.vocab.strings.add(lemma) for lemma in sorted(HARM_LEMMAS)]
        found = _HASHES[id(doc.vocab)] = (doc.vocab, np.array(hashes, dtype=np.uint64))
    return found[1]


_HASHES: dict[int, tuple[object, np.ndarray]] = {}


def _dateline_end(doc: Doc) -> int:
    """The offset of the dash that ends a dateline in the first 100 characters, else 0."""
    head = doc_text(doc)[:100]
    for dash in ("--", " - "):
        at = head.find(dash)
        if at > 0 and "\n" not in head[:at]:
            return at
    return 0


def _governor(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself excluded), within the sentence."""
    node = token
    for _ in range(8):
        if node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _path(token: Token, target: Token) -> str | None:
    """The dependency path from ``token`` up to the common ancestor and down to ``target``."""
    up = [token, *token.ancestors][: _MAX_PATH + 1]
    down = [target, *target.ancestors]
    down_ids = {t.i: k for k, t in enumerate(down)}
    for k, node in enumerate(up):
        if node.i in down_ids:
            j = down_ids[node.i]
            if k + j > _MAX_PATH:
                return None
            ups = "^".join(t.dep_ for t in up[:k])
            downs = "_".join(t.dep_ for t in reversed(down[:j]))
            return f"{ups}|{downs}"
    return None


def _harm_features(root: Token, ctx: DocContext) -> list[str]:
    harm = ctx.harm_by_sent.get(ctx.sent_of[root.i], [])
    if not harm:
        return ["m:noharm"]
    nearest = min(harm, key=lambda t: abs(t.i - root.i))
    dist = abs(nearest.i - root.i)
    feats = [
        f"m:hdist={_bucket(dist, (0, 2, 5, 10, 20))}",
        f"m:hdir={'l' if root.i < nearest.i else 'r'}",
    ]
    path = _path(root, nearest)
    if path is not None:
        feats += [f"m:path={path}", f"m:pathl={nearest.lemma_.lower()}|{path}"]
    return feats


def mention_features(span: SpacySpan, root: Token, ctx: DocContext) -> list[str]:
    """The features of one mention (``root``: its head token; see the module doc)."""
    lemma = root.lemma_.lower()
    feats = [f"m:hl={lemma}", f"m:dep={root.dep_}", f"m:pos={root.pos_}"]
    feats.append(f"m:ent={root.ent_type_ or '-'}")
    feats += [f"m:w={t.lower_}" for t in span[:_MAX_WORDS] if not t.is_punct]
    feats.append(f"m:fw={span[0].lower_}")
    feats.append(f"m:len={_bucket(len(span), (1, 2, 3, 5))}")
    feats.append(f"m:si={_bucket(ctx.sent_of[root.i], (0, 1, 2, 4, 8))}")
    shape = "upper" if root.is_upper else ("title" if root.is_title else "lower")
    feats.append(f"m:case={shape}")
    if span.start > 0 and span.doc[span.start - 1].text in ("[", "("):
        feats.append("m:bracketed")
    if span.start_char < ctx.dateline_end:
        feats.append("m:dateline")
    ent = root.ent_type_ or "-"
    verb = _governor(root)
    if verb is not None:
        vl, harm = verb.lemma_.lower(), is_harm(verb)
        feats += [f"m:gv={vl}", f"m:gvdep={root.dep_}|{vl}", f"m:gvharm={harm}"]
        feats += [f"m:gvharmdep={harm}|{root.dep_}", f"m:hl_gv={lemma}|{root.dep_}|{harm}"]
        feats.append(f"m:ent_gv={ent}|{root.dep_}|{harm}")
    if root.dep_ == "pobj":
        prep = root.head.lower_
        feats += [f"m:prep={prep}", f"m:prepgov={prep}|{root.head.head.lemma_.lower()}"]
        feats += [f"m:prepharm={prep}|{is_harm(root.head.head)}", f"m:ent_prep={ent}|{prep}"]
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
        feats.append("m:has_of")
    harm_feats = _harm_features(root, ctx)
    return feats + harm_feats + [f"m:ent|{f}" for f in harm_feats if f.startswith("m:path=")]


def candidate_features(cand: Candidate, ctx: DocContext) -> list[str]:
    """The union of the mentions' features and the text's and document's features."""
    feats: set[str] = set()
    roots = [span.root for span in cand.mentions]
    for span, root in zip(cand.mentions, roots, strict=True):
        feats.update(mention_features(span, root, ctx))
    n = len(cand.mentions)
    feats.add(f"c:n={_bucket(n, (1, 2, 4))}")
    feats.add(f"c:norm={cand.norm}")
    feats.add(f"c:head={head_word(cand.norm)}")
    feats.add(f"c:words={_bucket(len(cand.norm.split()), (1, 2, 3, 5))}")
    rel = ctx.relevance
    for role in cand.rule_roles or {"-"}:
        feats.update((f"c:rule={role}", f"c:rule={role}|{rel}"))
    feats.update(f"c:near={role}" for role in cand.near_roles)
    feats.add(f"c:first_si={_bucket(ctx.sent_of[roots[0].i], (0, 1, 2, 4, 8))}")
    if cand.is_place:
        feats.update(("c:place", f"c:place|{rel}"))
    ents = {root.ent_type_ or "-" for root in roots}
    feats.update(f"c:ent={e}|{rel}" for e in ents)
    feats.add(f"c:hl={roots[0].lemma_.lower()}|{rel}")
    return sorted(feats)


#: Feature prefixes shared between candidates of one head word (``with_siblings``).
_SHARED = ("m:gv", "m:prep", "m:path", "m:hl_gv", "m:ent_gv", "c:rule=", "c:near=")
#: Whether candidates get their head-word siblings' features (``with_siblings``).
SIBLINGS = True


def with_siblings(cands: Sequence[Candidate], feats: Sequence[list[str]]) -> list[list[str]]:
    """Each candidate's features plus, prefixed ``s|``, the relational features of the other
    candidates with its head word ("urban guerrillas" subject of "dynamite" tells about
    "guerrillas"; the scorer matches by head word, so they compete for one entity)."""
    if not SIBLINGS:
        return [list(f) for f in feats]
    groups: dict[str, list[int]] = {}
    for i, cand in enumerate(cands):
        groups.setdefault(head_word(cand.norm), []).append(i)
    out = [list(f) for f in feats]
    for members in groups.values():
        if len(members) < 2:
            continue
        shared = [{f for f in feats[i] if f.startswith(_SHARED)} for i in members]
        for i, own in zip(members, shared, strict=True):
            others = set().union(*(s for j, s in zip(members, shared, strict=True) if j != i))
            out[i] += sorted(f"s|{f}" for f in others - own)
    return out


def document_features(doc: Doc, ctx: DocContext) -> list[str]:
    """Features of the whole document, shared by its candidates: the harm cues of the
    context, the bias, and the bag of content lemmas (what the document is about)."""
    feats = set(ctx.doc_features)
    feats.add("bias")
    if LEMMA_BAG:
        feats.update(
            f"d:lem={t.lemma_.lower()}"
            for t in doc
            if t.pos_ in _CONTENT and not t.is_stop and t.is_alpha
        )
    return sorted(feats)


_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
#: The bag of content lemmas as document features: off, since it fingerprints each training
#: document and lowered the validation F1 (docs/ROLE_MODEL.md).
LEMMA_BAG = False


def hashed(strings: Iterable[str], size: int) -> np.ndarray:
    """The distinct column indices of ``strings`` in a space of ``size`` columns."""
    return hashed_rows([list(strings)], size)[0]


def hashed_rows(rows: Sequence[Sequence[str]], size: int) -> list[np.ndarray]:
    """``hashed`` of each row, computed at once: a CRC-32 per distinct string (cached across
    documents), then one vectorised modulo and de-duplication for all the rows."""
    cache = _CRC
    if len(cache) > _CRC_LIMIT:
        cache.clear()
    flat = [s for row in rows for s in row]
    for s in set(flat).difference(cache):
        cache[s] = zlib.crc32(s.encode("utf-8"))
    crcs = np.fromiter(map(cache.__getitem__, flat), dtype=np.int64, count=len(flat))
    row_of = np.repeat(np.arange(len(rows), dtype=np.int64), [len(row) for row in rows])
    keys = np.unique(row_of * size + crcs % size)
    bounds = np.searchsorted(keys // size, np.arange(len(rows) + 1))
    cols = (keys % size).astype(np.int32)
    return [cols[bounds[i] : bounds[i + 1]] for i in range(len(rows))]


#: CRC-32 of feature strings seen lately (most recur from document to document).
_CRC: dict[str, int] = {}
_CRC_LIMIT = 200_000
