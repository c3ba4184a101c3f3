"""The extractor's shared word lists under their old names, read from ``extract/rules_data``.

The lists themselves live in the TOML files (docs/RULES.md); this module only gives the
names that call sites import (``lx.HARM_VERBS``, ``lx.SPEECH_VERBS``) so they need not change
at once. New code can call ``rulebook.words("speech_verbs")`` directly. Keys are spaCy lemmas
in lower case unless a list's ``about`` says otherwise.
"""

from __future__ import annotations

from harmledger.extract.rulebook import labels, load, words

# Harm words: lemma (or, for states, the word) -> the kind of harm.
HARM_VERBS: dict[str, str] = labels("harm_verbs")
HARM_INTRANSITIVE: dict[str, str] = labels("harm_intransitive")
HARM_NOUNS: dict[str, str] = labels("harm_nouns")
HARM_STATES: dict[str, str] = labels("harm_states")
TOLL_NOUNS: frozenset[str] = words("toll_nouns")

# What makes a harm word not a report of harm.
MODALS: frozenset[str] = words("modals")
NONFACTUAL_GOVERNORS: frozenset[str] = words("nonfactual_governors")

# Speech: all speech verbs, and saying proper (a statement, not a stance or a count).
SPEECH_VERBS: frozenset[str] = words("speech_verbs")
SPEECH_LEMMAS: frozenset[str] = words("speech_verbs_proper")
WIRE_AGENCIES: frozenset[str] = words("wire_agencies")

# Source types by a word in the source phrase, checked in this order.
SOURCE_TYPE_WORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    load().groups("source_type_words").items()
)

# People.
CIVILIAN_NOUNS: frozenset[str] = words("civilian_nouns")
COMBATANT_NOUNS: frozenset[str] = words("combatant_nouns")
KIN_NOUNS: frozenset[str] = words("kin_nouns")
PERPETRATOR_NOUNS: frozenset[str] = words("perpetrator_nouns")
ANIMAL_NOUNS: frozenset[str] = words("animal_nouns")
ANONYMOUS_DOERS: frozenset[str] = words("anonymous_doers")
PLACE_ROLE_NOUNS: frozenset[str] = words("place_role_nouns")
UNKNOWN_NUMBER_WORDS: frozenset[str] = words("unknown_number_words")

# Determiners.
NEGATING_DETERMINERS: frozenset[str] = words("negating_determiners")
ANAPHORIC_DETERMINERS: frozenset[str] = words("anaphoric_determiners")

# Quote cues: a cue word's lemma -> the complements it takes (c = a clause, x = a
# to-infinitive, o = a direct object, p = a prepositional object).
VERB_FRAMES: dict[str, str] = labels("verb_frames")
NOUN_FRAMES: dict[str, str] = labels("noun_frames")
ADJ_FRAMES: dict[str, str] = labels("adj_frames")
CONTENT_PREPS: frozenset[str] = words("content_prepositions")
