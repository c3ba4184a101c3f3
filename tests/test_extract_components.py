"""The extract stage is a checked pipeline of components; any one can be swapped alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from harmledger.errors import ConfigError
from harmledger.extract.builtin import BUILTIN, DEFAULT_COMPONENTS, Claims, Counts, HarmTriggers
from harmledger.extract.components import ComponentPipeline, state_of
from harmledger.extract.nlp import load_nlp
from harmledger.models import Count, Document, Quote, Span
from harmledger.pipeline import make_extractor
from harmledger.registry import components
from harmledger.settings import Settings, load_settings

TEXT = 'Gunmen killed 7 villagers in Kabul on Monday, police said. "It was awful," a man said.'
DOC = Document("d1", "test", "text", TEXT, published="2025-03-12")


class UnknownCounts:
    """A stand-in counts component: every count unknown."""

    name = "test.counts.unknown.v1"
    requires = ("state.frames",)
    assigns = ("frame.count",)

    def __init__(self, **_resources: object) -> None:
        pass

    def __call__(self, doc: Doc) -> None:
        for frame in state_of(doc).frames:
            frame.count = Count(None, None, None, "unknown")


class WholeTextQuote:
    """A stand-in quotes component: the whole text is one quote."""

    name = "test.quotes.whole.v1"
    requires = ("doc.parse",)
    assigns = ("state.quotes",)

    def __init__(self, **_resources: object) -> None:
        pass

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        state.quotes = (Quote(Span.of(state.text, 0, len(state.text)), None, None, True),)


components.register(UnknownCounts.name)(UnknownCounts)
components.register(WholeTextQuote.name)(WholeTextQuote)


def swapped(old: str, new: str) -> tuple[str, ...]:
    return tuple(new if n == old else n for n in DEFAULT_COMPONENTS)


def test_the_built_in_stage_is_complete_and_in_order() -> None:
    pipeline = ComponentPipeline([BUILTIN[n]() for n in DEFAULT_COMPONENTS])
    assert pipeline.names == DEFAULT_COMPONENTS
    assert all(not row.missing for row in pipeline.analyze())
    assert pipeline.names[0] == "harmledger.places.v1"


def test_a_component_before_what_it_requires_is_refused_at_start_up() -> None:
    with pytest.raises(ConfigError, match=r"harmledger\.claims\.v1 requires .*frame\.count"):
        ComponentPipeline([HarmTriggers(), Claims(), Counts()])


def test_the_counts_component_is_swapped_through_the_registry_and_the_stage_runs() -> None:
    default = next(make_extractor(Settings()).extract_many([DOC]))
    assert [c.count.best for c in default.claims] == [7]
    settings = Settings(components=swapped("harmledger.counts.v1", UnknownCounts.name))
    stages = make_extractor(settings)
    (extraction,) = stages.extract_many([DOC])
    (claim,) = extraction.claims
    assert claim.count.qualifier == "unknown" and claim.count.best is None
    assert [v.span.text for v in claim.victims] == ["villagers"]  # the rest is untouched
    assert [p.span.text for p in extraction.places] == ["Kabul"]
    assert stages.name.endswith("+test.counts.unknown.v1")
    assert claim.extractor == stages.name  # what it found says which stage found it


def test_the_quotes_component_is_swapped_alone() -> None:
    settings = Settings(components=swapped("harmledger.quotes.v1", WholeTextQuote.name))
    (extraction,) = make_extractor(settings).extract_many([DOC])
    assert [q.content.text for q in extraction.quotes] == [TEXT]
    assert [c.count.best for c in extraction.claims] == [7]


def test_an_unknown_component_name_is_a_one_line_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown component 'no\.such\.v1'"):
        make_extractor(Settings(components=("no.such.v1",)))


def test_a_doc_that_no_pipeline_ran_on_has_no_state() -> None:
    with pytest.raises(ConfigError, match="no harmledger state"):
        state_of(load_nlp()("Nothing here."))


def test_the_components_setting_is_a_list_of_names(tmp_path: Path) -> None:
    path = tmp_path / "harmledger.toml"
    path.write_text('components = ["a.v1", "b.v1"]\n', encoding="utf-8")
    assert load_settings(path).components == ("a.v1", "b.v1")
    path.write_text('components = "a.v1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="components must be a list of names"):
        load_settings(path)


def test_an_extractor_that_does_not_give_what_resolve_requires_is_refused() -> None:
    from harmledger.pipeline import Stages
    from harmledger.resolve.stage import Resolver

    class NoSentences:
        name = "test.no-sentences.v1"
        assigns = ("draft.claims", "draft.places")

    with pytest.raises(ConfigError, match=r"does not give draft\.embedded_places"):
        Stages(NoSentences(), Resolver())


def test_the_registry_lists_the_built_in_components_in_the_stage_order() -> None:
    """``harmledger registry`` shows the default order from the registry's table without
    loading the components; it must be the order the stage runs them in."""
    from harmledger.registry import BUILTINS

    table = BUILTINS["harmledger.components"]
    assert tuple(table) == DEFAULT_COMPONENTS
    assert all(components.get(name) is BUILTIN[name] for name in table)
