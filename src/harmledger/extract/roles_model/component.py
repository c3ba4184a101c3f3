"""The trained role model as a component of the extract stage (``harmledger.roles_model.v1``).

It runs after the rule components: the rules' claim fillers are among its features, and it
decides the fillers of the roles it models (``RoleModel.modelled_roles``) for the whole
document. Swap it out (the ``components`` setting without it) for the rules alone.
"""

from __future__ import annotations

from spacy.tokens import Doc

from harmledger.extract.components import state_of
from harmledger.extract.roles_model.candidates import rule_fillers
from harmledger.extract.roles_model.predict import RoleModel
from harmledger.resolve.geo import Geocoder

#: The role model shipped in the package, loaded on first use and shared by all extractors.
DEFAULT_MODEL = RoleModel()


class RoleModelComponent:
    """Perpetrators, victims, targets and places of the document, by the trained model."""

    name = "harmledger.roles_model.v1"
    requires = ("state.claims", "state.places", "state.embedded_places", "doc.parse")
    assigns = ("state.roles",)

    def __init__(
        self,
        *,
        geocoder: Geocoder | None = None,
        extractor: str = "",
        model: RoleModel | None = None,
    ) -> None:
        self.model = model or DEFAULT_MODEL
        self.extractor = extractor

    def __call__(self, doc: Doc) -> None:
        state = state_of(doc)
        places = sorted(state.places + state.embedded_places, key=lambda s: s.start)
        state.roles = self.model.fillers(state.text, doc, rule_fillers(state.claims), places)
        state.modelled_roles = self.model.modelled_roles()
