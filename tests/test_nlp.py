"""The spaCy pipeline: masking keeps offsets, line breaks start sentences, one model per process."""

from __future__ import annotations

import pickle

import pytest
from spacy.language import Language

from harmledger.extract.nlp import (
    blank_doc,
    doc_ents,
    doc_text,
    first_person_words,
    load_nlp,
    make_doc,
    masked_text,
    parse,
    parse_many,
)
from harmledger.models import Document, RemovedSpan


def _doc(text: str, *removed: tuple[int, int]) -> Document:
    spans = tuple(RemovedSpan(s, e, "counter", text[s:e]) for s, e in removed)
    return Document("h", "t.txt", "text", text, removed_spans=spans)


@pytest.mark.parametrize(
    ("text", "removed", "expected"),
    [
        ("Gunmen attacked.", (), "Gunmen attacked."),
        ("0\n35\nGunmen attacked.", ((0, 1), (2, 4)), " \n  \nGunmen attacked."),
        ("Share this\nGunmen attacked.", ((0, 11),), "          \nGunmen attacked."),
        ("ab\n\ncd", ((0, 6),), "  \n\n  "),
        ("Gunmen attacked. Like us", ((17, 24),), "Gunmen attacked.        "),
        ("xxyyzz", ((0, 2), (4, 6)), "  yy  "),
        ("xxyyzz", ((0, 4), (2, 6)), "      "),  # overlapping removed spans
        ("xxyyzz", ((3, 3),), "xxyyzz"),  # empty removed span
    ],
)
def test_masked_text(text: str, removed: tuple[tuple[int, int], ...], expected: str) -> None:
    document = _doc(text, *removed)
    got = masked_text(document)
    assert got == expected
    assert len(got) == len(text)
    assert [i for i, c in enumerate(got) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    for i, ch in enumerate(text):
        if not document.is_removed(i, i + 1):
            assert got[i] == ch


def test_masked_text_does_not_change_the_document() -> None:
    document = _doc("0\nGunmen", (0, 1))
    masked_text(document)
    assert document.text == "0\nGunmen"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_load_nlp_is_cached(nlp: Language) -> None:
    assert load_nlp() is nlp
    assert load_nlp() is load_nlp()


def test_pipeline_has_paragraph_component_before_parser(nlp: Language) -> None:
    names = nlp.pipe_names
    assert "harmledger_paragraphs" in names
    assert names.index("harmledger_paragraphs") < names.index("parser")
    assert names.count("harmledger_paragraphs") == 1


def _sent_starts(nlp: Language, text: str) -> list[int]:
    return [s.start_char for s in nlp(text).sents]


@pytest.mark.parametrize(
    ("text", "starts_at"),
    [
        ("0\n35\n\nGunmen attacked the village.", ["0", "35", "Gunmen"]),
        ("Breaking news\nGunmen attacked the village", ["Breaking", "Gunmen"]),
        ("Leave a Reply\n\n\nthe village was shelled at dawn", ["Leave", "the village"]),
        ("Gunmen attacked the village.  Two people died.", ["Gunmen", "Two"]),
    ],
)
def test_line_break_starts_a_sentence(nlp: Language, text: str, starts_at: list[str]) -> None:
    starts = _sent_starts(nlp, text)
    expected = [text.index(word) for word in starts_at]
    assert set(expected) <= set(starts)


def test_seed_counter_example(nlp: Language) -> None:
    text = "0\n35\n\nGunmen attacked the village."
    sents = list(nlp(text).sents)
    assert text.index("Gunmen") in [s.start_char for s in sents]
    last = sents[-1]
    assert last.text.strip() == "Gunmen attacked the village."
    assert not any("35" in s.text and "Gunmen" in s.text for s in sents)


def test_no_break_inside_a_line(nlp: Language) -> None:
    text = "Gunmen from the north attacked the quiet village on Monday."
    assert _sent_starts(nlp, text) == [0]


def test_parse_uses_masked_text_and_keeps_offsets(nlp: Language) -> None:
    text = "Share 12\nGunmen attacked the village."
    document = _doc(text, (0, 8))
    doc = parse(document)
    assert doc.text == masked_text(document)
    assert len(doc.text) == len(text)
    assert not any(t.text == "Share" or t.text == "12" for t in doc)
    gunmen = next(t for t in doc if t.text == "Gunmen")
    assert text[gunmen.idx : gunmen.idx + len(gunmen)] == "Gunmen"


def test_parse_many_keeps_order(nlp: Language) -> None:
    texts = ["One person died.", "Two people died.", "Three people died."]
    docs = list(parse_many([_doc(t) for t in texts], batch_size=2))
    assert [d.text for d in docs] == texts


def test_blank_doc_tokenises_without_a_parser() -> None:
    doc = blank_doc("Gunmen attacked the village.")
    assert [t.text for t in doc] == ["Gunmen", "attacked", "the", "village", "."]
    assert not doc.has_annotation("DEP")


def test_truecase_keeps_length_and_reads_names() -> None:
    from harmledger.extract.nlp import is_all_caps, truecase

    shouted = (
        "THE ARMY SAID THAT 12 PEASANTS WERE KIDNAPPED BY THE FMLN [FMLN] NEAR APOPA. "
        "OFFICIALS TOOK NOTES."
    )
    assert is_all_caps(shouted)
    cased = truecase(shouted)
    assert len(cased) == len(shouted)
    assert cased.lower() == shouted.lower()
    assert cased.startswith("The army said that 12 peasants were kidnapped")
    assert "[FMLN]" in cased and "Apopa" in cased
    assert "Officials took notes." in cased


def test_mixed_case_text_is_not_truecased() -> None:
    from harmledger.extract.nlp import is_all_caps

    assert not is_all_caps("Gunmen killed 12 villagers in the north, officials said on Monday.")


def test_first_person_words_gives_each_name_word_its_first_person_token() -> None:
    doc = load_nlp()("Police said John Smith was shot. Later John Smith died. Smith was 40.")
    found = first_person_words(doc)
    persons = [t for t in doc if t.ent_type_ == "PERSON" and t.is_title]
    assert persons, "the tagger found no person here"
    for token in persons:
        assert found[token.text] <= token.i
        assert doc[found[token.text]].text == token.text
    assert first_person_words(doc) is found  # built once per Doc


def test_a_doc_with_its_entities_cached_can_be_copied_and_pickled(nlp: Language) -> None:
    doc = nlp("Rebels attacked Kabala on Monday.")
    ents = doc_ents(doc)
    assert doc_ents(doc) is ents  # built once a Doc
    copy = doc.copy()  # spaCy cannot copy a span: the copy builds its own
    assert [e.text for e in doc_ents(copy)] == [e.text for e in ents]
    assert all(e.doc is copy for e in doc_ents(copy))
    assert pickle.loads(pickle.dumps(doc)).text == doc.text


def test_make_doc_keeps_its_text_for_doc_text(nlp: Language) -> None:
    text = "A convoy was hit near the crossing.  Three drivers died."
    doc = make_doc(nlp, text)
    assert doc.user_data["harmledger.text"] == text == doc_text(doc) == doc.text
