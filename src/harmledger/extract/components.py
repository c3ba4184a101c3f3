"""The extract stage as a pipeline of swappable components, each declaring what it needs.

A component is a callable on the parsed ``Doc``: it reads what earlier components left on
``doc._.harmledger`` (a :class:`DocState`) and writes its own part there. Each declares

- ``name``: a versioned name (``harmledger.counts.v1``), recorded with what it found;
- ``requires``: the attributes it reads (``"doc.parse"``, ``"state.frames"``, ``"frame.count"``);
- ``assigns``: the attributes it writes.

:class:`ComponentPipeline` checks at start-up that every attribute a component requires is
given by the parse or assigned by a component before it (the model: spaCy's ``requires`` /
``assigns`` and ``analyze_pipes``), so a trained or LLM component can replace any one of the
built-ins alone, and a wrong order is a one-line error before any document is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from spacy.tokens import Doc, Token

from harmledger.errors import ConfigError
from harmledger.extract.triggers import Trigger
from harmledger.models import (
    Actor,
    Attribution,
    Claim,
    Count,
    Document,
    Quote,
    RoleFiller,
    Span,
)

#: What the parse gives every component.
PARSE_GIVES = frozenset({"doc.parse", "doc.ents", "doc.sents", "state.document"})
EXTENSION = "harmledger"


@dataclass
class Frame:
    """One statement of harm being filled in: its trigger, then each component's part."""

    trigger: Trigger
    span: Span  # the sentence that states it
    in_headline: bool = False
    count: Count | None = None
    excluding_attackers: Count | None = None  # the count without the attackers among them
    victims: tuple[Actor, ...] = ()
    targets: tuple[Span, ...] = ()
    perpetrators: tuple[Actor, ...] = ()
    attribution: Attribution | None = None


@dataclass
class Zero:
    """A toll the text states as zero ("no casualties"): the word, and the kinds it zeroes."""

    token: Token
    kinds: tuple[str, ...]
    no_word: Token


@dataclass
class DocState:
    """What the components of one document found so far (``doc._.harmledger``)."""

    document: Document
    places: list[Span] = field(default_factory=list)
    embedded_places: list[Span] = field(default_factory=list)
    place_modifiers: tuple[Span, ...] = ()
    frames: list[Frame] = field(default_factory=list)
    zeros: list[Zero] = field(default_factory=list)
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    roles: tuple[RoleFiller, ...] = ()  # a role model's document-level fillers
    modelled_roles: tuple[str, ...] = ()  # the roles it decides
    extra: dict[str, Any] = field(default_factory=dict)  # a third-party component's own part

    @property
    def text(self) -> str:
        return self.document.text


@runtime_checkable
class Component(Protocol):
    """A step of the extract stage (see the module docstring)."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Doc) -> None: ...


def state_of(doc: Doc) -> DocState:
    """The state the components of ``doc`` share; a one-line error when none was set."""
    state = doc._.get(EXTENSION) if Doc.has_extension(EXTENSION) else None
    if not isinstance(state, DocState):
        raise ConfigError("no harmledger state on this Doc: run it through a ComponentPipeline")
    return state


@dataclass(frozen=True)
class Analysis:
    """One row of :meth:`ComponentPipeline.analyze`: a component and what is missing for it."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    missing: tuple[str, ...]


class ComponentPipeline:
    """Components run in order on one parsed document; checked when built."""

    def __init__(self, components: Sequence[Component]) -> None:
        self.components = tuple(components)
        problems = [row for row in self.analyze() if row.missing]
        if problems:
            first = problems[0]
            raise ConfigError(
                f"component {first.name} requires {', '.join(first.missing)}, which no "
                "component before it assigns; reorder the components or add one that does"
            )
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def analyze(self) -> list[Analysis]:
        """Each component with the attributes it requires that nothing before it assigns."""
        given = set(PARSE_GIVES)
        rows = []
        for component in self.components:
            missing = tuple(r for r in component.requires if r not in given)
            rows.append(Analysis(component.name, component.requires, component.assigns, missing))
            given.update(component.assigns)
        return rows

    def __call__(self, doc: Doc, document: Document) -> DocState:
        """Run every component on ``doc`` (the parse of ``document``); the filled state."""
        state = DocState(document)
        doc._.set(EXTENSION, state)
        for component in self.components:
            component(doc)
        return state


#: A factory builds a component from the resources the extractor holds (its gazetteer).
ComponentFactory = Callable[..., Component]
