"""The built-in components of the extract stage, in the order the data flows.

Each is registered under its versioned name through the ``harmledger.components`` entry
points in ``pyproject.toml``; ``harmledger registry`` lists them with what they require and
assign. A trained or LLM component replaces one of them by name (setting ``components``).
"""

from __future__ import annotations

from functools import cached_property

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from harmledger.extract import actors
from harmledger.extract.anaphora import carry_counts
from harmledger.extract.breakdown import split_breakdowns
from harmledger.extract.claims import (
    assemble_claims,
    frame_actors,
    frame_count,
    frame_excluding_attackers,
    harm_frames,
)
from harmledger.extract.components import Component, state_of
from harmledger.extract.countries import place_modifiers
from harmledger.extract.dating import claim_date, claim_has_date
from harmledger.extract.event_dates import inherit_event_date, mark_cumulative
from harmledger.extract.nlp import load_nlp
from harmledger.extract.places import build_matcher, find_embedded_place_spans, find_place_spans
from harmledger.extract.quotes import find_quotes
from harmledger.extract.responsibility import attribute_responsibility
from harmledger.extract.roles_model.component import RoleModelComponent
from harmledger.extract.series import mark_series_totals
from harmledger.resolve.gazetteer import normalize
from harmledger.resolve.geo import Geocoder

MAJOR_POPULATION = 20_000
FRAME_PARTS = ("frame.count", "frame.victims", "frame.targets", "frame.perpetrators")


class Builtin:
    """What every built-in component is made with: the extractor's geocoder (whose gazetteer
    tells place names) and the extractor's name (recorded on what it finds). The class is
    its own factory, so an entry point names it."""

    name = ""
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, *, geocoder: Geocoder | None = None, extractor: str = "") -> None:
        self._geocoder = geocoder
        self.extractor = extractor

    def __call__(self, doc: Doc) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not run; use a component")


class PlaceNames(Builtin):
    """Place names the gazetteer knows or the parser tags, and names inside other names."""

    name = "harmledger.places.v1"
    requires = ("doc.parse", "doc.ents")
    assigns = ("state.places", "state.embedded_places", "state.place_modifiers")

    @cached_property
    def geocoder(self) -> Geocoder:
        return self._geocoder or Geocoder()

    @cached_property
    def matcher(self) -> PhraseMatcher:
        return build_matcher(load_nlp(), self.geocoder.gazetteer.phrase_names())

    def is_major_place(self, name: str) -> bool:
        """A country, demonym, first-order division or town of 20,000+ people of that name."""
        return any(
            c.feature_class == "A" or c.population >= MAJOR_POPULATION
            for c in self.geocoder.gazetteer.candidates(name)
            if normalize(c.name) == normalize(name) or c.where_prec >= 4
        )

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        spans = find_place_spans(
            doc,
            state.text,
            matcher=self.matcher,
            is_known_place=self.geocoder.gazetteer.is_known_place,
        )
        state.embedded_places = find_embedded_place_spans(
            doc, state.text, self.is_major_place, spans
        )
        state.places = sorted(spans, key=lambda s: s.start)
        state.place_modifiers = place_modifiers(doc, state.places)


class HarmTriggers(Builtin):
    """The words that state a harm ("killed", "the shelling"), and tolls stated as zero."""

    name = "harmledger.triggers.v1"
    requires = ("doc.parse", "state.document")
    assigns = ("state.frames", "state.zeros")

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        state.frames, state.zeros = harm_frames(doc, state.text, state.document.title_span)


class Counts(Builtin):
    """How many each statement says were harmed."""

    name = "harmledger.counts.v1"
    requires = ("state.frames",)
    assigns = ("frame.count", "frame.excluding_attackers")

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        for frame in state.frames:
            frame.count = frame_count(state.text, frame)
            frame.excluding_attackers = frame_excluding_attackers(state.text, frame)


class Actors(Builtin):
    """Who was harmed (victims), what was hit (targets) and who did it (perpetrators)."""

    name = "harmledger.actors.v1"
    requires = ("state.frames",)
    assigns = ("frame.victims", "frame.targets", "frame.perpetrators")

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        for frame in state.frames:
            frame.victims, frame.targets, frame.perpetrators = frame_actors(state.text, frame)


class Sources(Builtin):
    """Who says so, and through whom it reached the text ("citing the health ministry")."""

    name = "harmledger.sources.v1"
    requires = ("state.frames",)
    assigns = ("frame.attribution",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        for frame in state.frames:
            frame.attribution = actors.attribution_for(state.text, frame.trigger.token)


class Claims(Builtin):
    """Frames built into claims (places, date, running totals), merged where they tell of
    one harm; tolls stated as zero become claims of zero."""

    name = "harmledger.claims.v1"
    requires = ("state.frames", "state.zeros", "state.places", *FRAME_PARTS, "frame.attribution")
    assigns = ("state.claims",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        text, published = state.text, state.document.published
        state.claims = assemble_claims(
            state.frames,
            state.zeros,
            text,
            state.places,
            lambda token: claim_date(token, text, published),
            self.extractor,
        )


class Breakdowns(Builtin):
    """A lead that sums the incidents it goes on to name is their aggregate."""

    name = "harmledger.breakdowns.v1"
    requires = ("state.claims", "doc.parse")
    assigns = ("claim.is_aggregate",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        state.claims = split_breakdowns(doc, state.text, state.claims)


class CumulativeTotals(Builtin):
    """Totals over a period or a series of events: background, never an incident's toll.
    Their period phrases are resolved in the resolve stage."""

    name = "harmledger.cumulative.v1"
    requires = ("state.claims",)
    assigns = ("claim.cumulative", "claim.period", "claim.is_aggregate")

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        published = state.document.published
        claims = mark_series_totals(state.claims, state.text, published)
        state.claims = mark_cumulative(claims, state.text)


class Responsibility(Builtin):
    """Who claimed or was blamed for the attack ("officials attributed it to X")."""

    name = "harmledger.responsibility.v1"
    requires = ("state.claims", "claim.cumulative", "doc.parse")
    assigns = ("claim.perpetrators",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        state.claims = attribute_responsibility(doc, state.text, state.claims)


class CountAnaphora(Builtin):
    """ "The hostages were killed": the count of the people referred back to."""

    name = "harmledger.anaphora.v1"
    requires = ("state.claims",)
    assigns = ("claim.count",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        state.claims = carry_counts(state.claims, state.text)


class EventDates(Builtin):
    """An undated claim about the report's main event takes that event's date."""

    name = "harmledger.event_dates.v1"
    requires = ("state.claims", "claim.cumulative", "doc.parse")
    assigns = ("claim.date",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        text = state.text
        state.claims = inherit_event_date(
            state.claims, text, lambda claim: claim_has_date(doc, claim, text)
        )


class Quotes(Builtin):
    """Direct and indirect quotes with their speakers."""

    name = "harmledger.quotes.v1"
    requires = ("doc.parse", "doc.ents")
    assigns = ("state.quotes",)

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        state.quotes = find_quotes(doc, state.text, extractor=self.extractor)


#: The built-in components by name, in the order of the default extract stage.
BUILTIN: dict[str, type[Builtin] | type[RoleModelComponent]] = {
    c.name: c
    for c in (
        PlaceNames,
        HarmTriggers,
        Counts,
        Actors,
        Sources,
        Claims,
        Breakdowns,
        CumulativeTotals,
        Responsibility,
        CountAnaphora,
        EventDates,
        Quotes,
        RoleModelComponent,
    )
}
DEFAULT_COMPONENTS: tuple[str, ...] = tuple(BUILTIN)


def builtin_components(
    *, without: tuple[str, ...] = (), geocoder: Geocoder | None = None, extractor: str = ""
) -> list[Component]:
    """The default stage's components, made, less those named in ``without`` (``without=
    ("harmledger.roles_model.v1",)``: the rules alone)."""
    made: list[Component] = []
    for name in DEFAULT_COMPONENTS:
        if name not in without:
            made.append(BUILTIN[name](geocoder=geocoder, extractor=extractor))  # type: ignore[arg-type]
    return made
