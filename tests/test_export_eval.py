"""The eval prediction format of shared/eval/README.md."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from harmledger.export.eval import export_eval_jsonl, export_eval_jsonl_store
from harmledger.models import Claim, Count, Extraction, Span
from harmledger.store.sqlite import SQLiteStore
from test_store_base import HEADLINE, TEXT, WITNESS, sample_document, sample_extraction, sp


def _mention(sub: str, nth: int = 0) -> dict:
    span = sp(TEXT, sub, nth)
    return {"text": span.text, "start": span.start, "end": span.end}


def test_prediction_object() -> None:
    doc = sample_document()
    record = export_eval_jsonl(doc, sample_extraction(doc))
    assert record["id"] == "sample-1"
    assert record["incidents"] == [] and "text" not in record
    killed = record["claims"][0]
    span = sp(TEXT, "At least 12 civilians")
    assert killed["span"][0] == span.start
    assert (killed["kind"], killed["low"], killed["best"], killed["high"]) == (
        "killed",
        12,
        12,
        None,
    )
    assert killed["qualifier"] == "at_least"
    assert killed["perpetrators"] == [_mention("armed men")]
    assert killed["victims"] == [_mention("civilians"), _mention("two children")]
    assert killed["targets"] == [] and killed["places"] == [_mention("Baniyas", 1)]
    assert killed["source"] == _mention(WITNESS)  # eval keeps witness names
    assert killed["date"] == {"start": "2025-03-06", "end": "2025-03-06"}
    assert record["claims"][1]["date"] == {"start": None, "end": None}
    assert record["claims"][2]["source"] is None and record["claims"][2]["date"] is None
    assert record["claims"][2]["span"] == [0, len(HEADLINE)]


def test_places_and_quotes() -> None:
    doc = sample_document()
    record = export_eval_jsonl(doc, sample_extraction(doc))
    assert record["places"][0] == {
        **_mention("Baniyas", 1),
        "lat": 35.18233,
        "lon": 35.94015,
        "geonameid": 173811,
        "country": "SY",
        "admin1": "Tartus",
    }
    assert record["places"][2]["lat"] is None
    content = sp(TEXT, "They came at night,")
    said = sp(TEXT, "said")
    assert record["quotes"][0] == {
        "content": [content.start, content.end],
        "cue": [said.start, said.end],
        "speaker": _mention("Haidar", 1),
    }
    assert record["quotes"][1]["cue"] is None and record["quotes"][1]["speaker"] is None


def test_html_input_carries_its_text_and_ids_default_to_the_hash() -> None:
    doc = sample_document(format="html", external_id=None)
    record = export_eval_jsonl(doc, Extraction(doc.id))
    assert record["text"] == TEXT and record["id"] == doc.id
    assert record["claims"] == record["places"] == record["quotes"] == []


def test_store_export_writes_one_line_per_document(tmp_path: Path) -> None:
    doc = sample_document()
    other = sample_document("Quiet day.", external_id="sample-2")
    with SQLiteStore(tmp_path / "l.db") as s:
        s.save(doc, sample_extraction(doc), produced_by="t")
        s.save(other, None, produced_by="t")
        out = io.StringIO()
        assert export_eval_jsonl_store(s, out, include_names=True) == 2
        public = io.StringIO()
        assert export_eval_jsonl_store(s, public) == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in lines] == ["sample-1", "sample-2"]
    assert lines[0] == export_eval_jsonl(doc, sample_extraction(doc))
    assert WITNESS in out.getvalue()
    assert WITNESS not in public.getvalue() and "[name withheld]" in public.getvalue()


def test_a_split_quote_is_one_attribution() -> None:
    from harmledger.models import Document, Extraction, Quote, Span

    text = "“We ran,” he said. “Then the shells came.”"
    cue = Span.of(text, 13, 17)
    speaker = Span.of(text, 10, 12)
    first = Quote(Span.of(text, 1, 7), cue, speaker, direct=True)
    second = Quote(Span.of(text, 20, 41), cue, speaker, direct=True)
    document = Document("d" * 64, "x.txt", "text", text)
    record = export_eval_jsonl(document, Extraction(document.id, quotes=(first, second)))
    [quote] = record["quotes"]
    assert quote["content"] == [1, 41]
    assert quote["cue"] == [13, 17]


def test_cumulative_and_zero_tolls_are_listed_apart() -> None:
    from harmledger.export.eval import export_eval_jsonl
    from harmledger.extract.rules import make_rule_extractor
    from harmledger.models import Document

    text = (
        "Shelling killed four people in the market on Saturday. There were no reported "
        "casualties in the second attack. The war has killed 150,000 people since 2014."
    )
    document = Document("d", "t", "text", text, published="2025-03-10")
    record = export_eval_jsonl(document, make_rule_extractor().extract(document))
    assert [(c["kind"], c["best"]) for c in record["claims"]] == [("killed", 4)]
    assert [(c["kind"], c["best"]) for c in record["stated_zero"]] == [
        ("killed", 0),
        ("injured", 0),
    ]
    assert [(c["best"], c["period"]["start"]) for c in record["cumulative"]] == [
        (150000, "2014-01-01")
    ]


def _killed(doc_text: str, count: Count, xa: Count | None, start: int) -> Claim:
    span = Span.of(doc_text, start, start + 5)
    return Claim("killed", span, span, count, excluding_attackers=xa)


def test_the_roles_format_counts_the_victims() -> None:
    """Killed: the toll without the attackers among the dead; a statement that only attackers
    died gives no figure when another counts victims; the wounded keep their whole figure."""
    doc = sample_document()
    both = _killed(doc.text, Count(42, 42, None, "at_least"), Count(24, 24, None, "at_least"), 0)
    attackers = _killed(doc.text, Count(2, 2, 2, "exact"), Count(0, 0, 0, "exact"), 10)
    hurt = replace(both, kind="injured")
    record = export_eval_jsonl(doc, Extraction(doc.id, claims=(both, attackers, hurt)))
    got = [(c["kind"], c["low"], c["high"]) for c in record["claims"]]
    assert got == [("killed", 24, None), ("killed", None, None), ("injured", 42, None)]
    assert record["claims"][1]["attackers_only"] is True
    alone = export_eval_jsonl(doc, Extraction(doc.id, claims=(attackers,)))
    assert [(c["low"], c["high"]) for c in alone["claims"]] == [(2, 2)]


def test_the_ledger_keeps_the_role_models_fillers_and_withholds_names_in_them(
    tmp_path: Path,
) -> None:
    """m010: the role model's fillers and decided roles are stored, the ledger's eval export
    equals the in-memory one, and a private name among them is withheld in public."""
    from harmledger.models import RoleFiller

    doc = sample_document()
    witness = sp(TEXT, WITNESS)
    fillers = (
        RoleFiller("victims", witness, 0.9, "test.roles"),
        RoleFiller("places", sp(TEXT, "Baniyas", 1), 0.8, "test.roles"),
    )
    extraction = replace(sample_extraction(doc), roles=fillers, modelled_roles=("victims",))
    with SQLiteStore(tmp_path / "r.db") as s:
        s.save(doc, extraction, produced_by="t")
        stored = s.extraction(doc.id)
        out, public = io.StringIO(), io.StringIO()
        export_eval_jsonl_store(s, out, include_names=True)
        export_eval_jsonl_store(s, public)
    assert stored.roles == fillers and stored.modelled_roles == ("victims",)
    assert json.loads(out.getvalue()) == export_eval_jsonl(doc, extraction)
    victims = [v["text"] for c in json.loads(public.getvalue())["claims"] for v in c["victims"]]
    assert WITNESS not in victims and "[name withheld]" in victims


def test_the_wounded_without_attackers_of_unknown_number() -> None:
    """ "four guards and an unknown number of gunmen were wounded": the whole is 5 or
    more, the one figure the text gives is 4; a whole told exactly stays whole."""
    doc = sample_document()
    open_whole = _killed(doc.text, Count(5, None, None, "plural"), Count(4, 4, 4, "exact"), 0)
    exact_whole = _killed(doc.text, Count(14, 14, 14, "exact"), Count(5, 5, 5, "exact"), 10)
    at_least = _killed(doc.text, Count(9, 9, None, "at_least"), Count(6, 6, 6, "exact"), 20)
    claims = tuple(replace(c, kind="injured") for c in (open_whole, exact_whole, at_least))
    record = export_eval_jsonl(doc, Extraction(doc.id, claims=claims))
    got = [(c["low"], c["high"]) for c in record["claims"]]
    assert got == [(4, 4), (14, 14), (9, None)]  # "at least three assailants and six ...": 9+


def test_attackers_told_twice_give_the_larger_figure() -> None:
    """ "One bomber was shot dead ... The two assailants were killed": the two."""
    doc = sample_document()
    one = _killed(doc.text, Count(1, 1, 1, "exact"), Count(0, 0, 0, "exact"), 0)
    two = _killed(doc.text, Count(2, 2, 2, "exact"), Count(0, 0, 0, "exact"), 10)
    record = export_eval_jsonl(doc, Extraction(doc.id, claims=(one, two)))
    assert [(c["low"], c["high"]) for c in record["claims"]] == [(None, None), (2, 2)]
