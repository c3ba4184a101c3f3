"""Training material for the role model: dev documents, their parses, the rules' output, gold.

``load_corpus(data_dir, cache_dir=...)`` reads a task folder of ``shared/eval/dev`` (``docs.jsonl``
and ``gold.jsonl`` in the roles format), cleans each record the way ``harmledger eval`` does
(text kept exactly as given), parses the texts with ``extract.nlp.parse_many`` (parses are cached
as a spaCy ``DocBin`` in ``cache_dir`` when one is given, keyed by the file's hash), runs the
rules (``RuleExtractor.extract_rules``) and returns one ``Example`` per document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from harmledger.errors import ConfigError, HarmledgerError
from harmledger.evaluate.scoring import by_id, read_jsonl
from harmledger.extract.nlp import load_nlp, parse_many
from harmledger.extract.roles_model.candidates import RuleFiller, rule_fillers
from harmledger.models import Document, Span

Progress = Callable[[int], None]


@dataclass(slots=True)
class Example:
    """One dev document with its parse, what the rules found, and its gold incidents."""

    doc_id: str
    corpus: str
    document: Document
    doc: Doc
    rules: list[RuleFiller]
    places: list[Span]
    gold: list[Mapping[str, Any]]


def _documents(data_dir: Path) -> tuple[list[Document], dict[str, dict[str, Any]]]:
    from harmledger.pipeline import checked_clean, raw_from_record

    docs_path, gold_path = data_dir / "docs.jsonl", data_dir / "gold.jsonl"
    for path in (docs_path, gold_path):
        if not path.is_file():
            raise ConfigError(f"{path} not found; point the trainer at a task folder of eval/dev")
    gold = by_id(read_jsonl(gold_path))
    documents = []
    for record in read_jsonl(docs_path):
        if str(record.get("id")) not in gold:
            continue
        try:
            raw = raw_from_record(record, f"{data_dir}#{record['id']}", headline=False)
            documents.append(checked_clean(raw))
        except HarmledgerError:
            continue  # a record the pipeline rejects is not training material
    return documents, gold


def _cached_parses(
    documents: list[Document], key: str, cache_dir: Path | None, progress: Progress
) -> Iterator[Doc]:
    nlp = load_nlp()
    path = cache_dir / f"parses-{key}.spacy" if cache_dir is not None else None
    if path is not None and path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(documents):
            progress(len(docs))
            yield from docs
            return
    parsed: list[Doc] = []
    for doc in parse_many(documents, batch_size=16):
        parsed.append(doc)
        progress(1)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed).to_disk(path)
    yield from parsed


#: The role model component's name: left out when the rules' findings are computed.
COMPONENT_NAME = "harmledger.roles_model.v1"


def load_corpus(
    data_dir: Path,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> list[Example]:
    """The documents of ``data_dir`` as examples, in file order (see the module doc)."""
    from harmledger.extract.builtin import builtin_components
    from harmledger.extract.rules import EXTRACTOR_NAME, RuleExtractor

    tick = progress or (lambda _n: None)
    documents, gold = _documents(data_dir)
    digest = hashlib.sha256((data_dir / "docs.jsonl").read_bytes()).hexdigest()[:16]
    rules = builtin_components(without=(COMPONENT_NAME,), extractor=EXTRACTOR_NAME)
    extractor = RuleExtractor(components=rules)
    examples = []
    for document, doc in zip(
        documents, _cached_parses(documents, digest, cache_dir, tick), strict=True
    ):
        draft = extractor.draft(document, doc)  # the rules' findings: the model's features
        places = sorted(draft.places + draft.embedded_places, key=lambda s: s.start)
        record = gold[str(document.external_id)]
        examples.append(
            Example(
                doc_id=str(document.external_id),
                corpus=str(record.get("corpus") or ""),
                document=document,
                doc=doc,
                rules=rule_fillers(draft.claims),
                places=places,
                gold=list(record.get("incidents") or []),
            )
        )
    return examples
