"""The linker's working state: incident ids, batches equal to all at once, merges, seq order.

The synthetic corpus: nine incidents, each told by two to four near-identical reports (one
place, one day, the same names), and ten unrelated reports far apart in place or time, shuffled
so that the reports of most incidents fall on both sides of any split.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict

import numpy as np
import pytest

from harmledger.link.blocking import LSH_MAX_BUCKET, candidate_pairs
from harmledger.link.features import ClaimFeatures, DocFeatures
from harmledger.link.index import ID_PREFIX, LinkIndex, incident_id
from harmledger.models import ClaimRef
from test_link_table import DAY, make_claim, make_doc, words

Report = tuple[DocFeatures, list[ClaimFeatures], str]  # document, its claims, true incident

#: (place, day offset, kind, count, reports)
INCIDENTS: tuple[tuple[str, int, str, int, int], ...] = (
    ("baniyas", 0, "killed", 12, 3),
    ("latakia", 0, "killed", 7, 2),
    ("aleppo", 1, "killed", 30, 4),
    ("homs", 2, "abducted", 4, 2),
    ("idlib", 10, "killed", 3, 3),
    ("deir", 5, "displaced", 2000, 2),
    ("mosul", 0, "killed", 9, 2),
    ("tartus", 20, "killed", 5, 3),
    ("beirut", 3, "injured", 15, 2),
)
#: (place, day offset, kind, count) of reports that tell of nothing else in the corpus, some
#: near an incident in place and time
LONE: tuple[tuple[str, int, str, int], ...] = (
    ("tartus", 21, "killed", 2),  # a day after incident 7, 33 km off: compared, not linked
    ("aleppo", 2, "killed", 1),  # a day after incident 2, same town: compared, not linked
    ("tripoli-lb", 15, "injured", 3),
    ("baniyas", 9, "killed", 1),
    ("latakia", 30, "abducted", 8),
    ("aleppo", 50, "property", 0),
    ("mosul", 80, "killed", 11),
    ("homs", 70, "displaced", 300),
    ("idlib", 100, "injured", 4),
    ("beirut", 45, "killed", 2),
)


def corpus(seed: int = 7) -> list[Report]:
    reports: list[Report] = []
    for k, (place, offset, kind, count, n) in enumerate(INCIDENTS):
        story = words(1000 + k, 120)
        names = {f"victim{k}", f"village{k}", f"witness{k}"}
        for r in range(n):
            doc_id = f"inc{k}-r{r}"
            text = f"outlet{r} says " + story + f" updated by outlet{r}"
            claims = [make_claim(doc_id, 0, kind=kind, count=count, place=place, day=DAY + offset)]
            if kind == "killed" and r % 2 == 0:  # some reports also tell of the wounded
                claims.append(
                    make_claim(doc_id, 1, kind="injured", count=count + 1, place=place,
                               day=DAY + offset)
                )  # fmt: skip
            reports.append((make_doc(doc_id, text, names), claims, f"incident-{k}"))
    for k, (place, offset, kind, count) in enumerate(LONE):
        doc_id = f"lone{k}"
        claim = make_claim(doc_id, 0, kind=kind, count=count or None, place=place, day=DAY + offset)
        names = {f"person{k}", f"town{k}"}
        reports.append((make_doc(doc_id, words(2000 + k, 120), names), [claim], doc_id))
    random.Random(seed).shuffle(reports)
    return reports


Batch = tuple[list[DocFeatures], list[tuple[int, ClaimFeatures]]]


def batch(reports: list[Report], first_seq: int = 0) -> Batch:
    """The documents of ``reports`` and their claims, numbered from ``first_seq``."""
    docs = [doc for doc, _, _ in reports]
    claims = [c for _, cs, _ in reports for c in cs]
    return docs, list(enumerate(claims, start=first_seq))


def link_in(reports: list[Report], splits: list[int]) -> LinkIndex:
    """An index that was given ``reports`` in batches cut at ``splits``."""
    index = LinkIndex()
    seq = 0
    for a, b in zip([0, *splits], [*splits, len(reports)], strict=True):
        docs, claims = batch(reports[a:b], seq)
        index.add(docs, claims)
        seq += len(claims)
    return index


def by_ref(index: LinkIndex) -> dict[ClaimRef, str]:
    t = index.table
    assert t is not None
    return {
        ClaimRef(t.doc_ids[int(t.doc[x])], int(t.position[x])): index.ids[x] for x in range(len(t))
    }


def partition(labels: dict[ClaimRef, str]) -> set[frozenset[ClaimRef]]:
    groups: dict[str, set[ClaimRef]] = defaultdict(set)
    for ref, label in labels.items():
        groups[label].add(ref)
    return {frozenset(g) for g in groups.values()}


# -- ids ------------------------------------------------------------------------------------


def test_ids_are_prefix_and_12_hex() -> None:
    index = link_in(corpus(), [])
    assert all(re.fullmatch(r"inc-[0-9a-f]{12}", i) for i in index.ids)
    assert incident_id("doc", 3) == incident_id("doc", 3) != incident_id("doc", 4)
    assert incident_id("doc", 3).startswith(ID_PREFIX)


def test_an_incident_id_is_that_of_its_founding_claim() -> None:
    index = link_in(corpus(), [])
    t = index.table
    assert t is not None
    for iid, items in index.incidents().items():
        first = min(items, key=lambda x: int(t.seq[x]))
        assert iid == incident_id(t.doc_ids[int(t.doc[first])], int(t.position[first]))


def test_the_corpus_links_into_its_incidents() -> None:
    reports = corpus()
    truth = {c.ref: label for _, claims, label in reports for c in claims}
    index = link_in(reports, [])
    assert partition(by_ref(index)) == partition(truth)
    assert len(index.incidents()) == len(INCIDENTS) + len(LONE)
    assert len(index) == len(truth)


def test_add_reports_what_changed() -> None:
    reports = corpus()
    index = LinkIndex()
    docs, claims = batch(reports)
    result = index.add(docs, claims)
    assert result.merged == {}
    assert result.changed == index.incidents()
    assert result.pairs_compared > result.pairs_linked > 0


def test_an_empty_batch_changes_nothing() -> None:
    index = LinkIndex()
    result = index.add([], [])
    assert (result.changed, result.merged, len(index)) == ({}, {}, 0)
    docs, claims = batch(corpus()[:3])
    index.add(docs, claims)
    before = list(index.ids)
    assert index.add([], []).changed == {}
    assert index.ids == before


# -- batches --------------------------------------------------------------------------------


@pytest.mark.parametrize("split", [1, 5, 11, 17, 23, 32])
def test_two_batches_give_the_ids_of_one(split: int) -> None:
    reports = corpus()
    once = by_ref(link_in(reports, []))
    twice = by_ref(link_in(reports, [split]))
    assert twice == once


def test_a_split_crosses_incidents() -> None:
    """The batches really cut incidents: the equality above is not trivial."""
    reports = corpus()
    half = len(reports) // 2
    first = {label for _, _, label in reports[:half]}
    second = {label for _, _, label in reports[half:]}
    assert len({label for label in first & second if label.startswith("incident")}) >= 3
    assert by_ref(link_in(reports, [half])) == by_ref(link_in(reports, []))


def test_one_report_at_a_time_gives_the_ids_of_all_at_once() -> None:
    reports = corpus(seed=11)
    once = by_ref(link_in(reports, []))
    assert by_ref(link_in(reports, list(range(1, len(reports))))) == once


def test_batches_compare_exactly_the_candidate_pairs() -> None:
    reports = corpus()
    half = len(reports) // 2
    index = LinkIndex()
    docs, claims = batch(reports[:half])
    first = index.add(docs, claims)
    docs, more = batch(reports[half:], len(claims))
    second = index.add(docs, more)
    assert index.table is not None
    assert first.pairs_compared + second.pairs_compared == len(candidate_pairs(index.table)[0])
    whole = LinkIndex()
    docs, claims = batch(reports)
    whole.add(docs, claims)
    assert whole.table is not None
    a, b = whole.new_pairs(0)
    ci, cj = candidate_pairs(whole.table)
    assert np.array_equal(a, ci) and np.array_equal(b, cj)


# -- ids over time --------------------------------------------------------------------------


def test_an_id_stays_when_a_later_report_joins() -> None:
    story = words(1, 120)
    names = ["haidar", "qusour"]
    index = LinkIndex()
    first = index.add([make_doc("a", story, names)], [(0, make_claim("a"))])
    (iid,) = first.changed
    assert first.changed == {iid: [0]}
    later = index.add([make_doc("b", "update " + story, names)], [(1, make_claim("b"))])
    assert later.changed == {iid: [0, 1]}
    assert later.merged == {}
    assert index.ids == [iid, iid]
    assert iid == incident_id("a", 0)


def test_a_lone_new_report_founds_its_own_incident() -> None:
    index = LinkIndex()
    index.add([make_doc("a", words(1), ["haidar"])], [(0, make_claim("a"))])
    result = index.add(
        [make_doc("b", words(2), ["aleppo"])], [(1, make_claim("b", place="aleppo", day=DAY + 9))]
    )
    assert result.changed == {incident_id("b", 0): [1]}
    assert index.ids == [incident_id("a", 0), incident_id("b", 0)]


def _bridge_parts() -> tuple[Report, list[Report], Report]:
    """Incident A (one report), incident B (two reports, 4 km away, two days later, other
    names) that do not link, and a report whose claim spans both days and names both (with
    more reports of B, the pairs of A and B that never linked outweigh the bridge in the
    average link: the clusters stay apart)."""
    a = (make_doc("a1", words(1), ["haidar", "qusour"]), [make_claim("a1")], "A")
    b_story = words(2)
    b = [
        (
            make_doc(f"b{r}", f"copy {r} " + b_story, ["khalil", "jableh"]),
            [make_claim(f"b{r}", place="baniyas-south", day=DAY + 2, count=4)],
            "B",
        )
        for r in range(2)
    ]
    bridge_claim = make_claim("c1", days=3, count=None)
    c = (make_doc("c1", words(3), ["haidar", "qusour", "khalil", "jableh"]), [bridge_claim], "C")
    return a, b, c


@pytest.mark.parametrize("a_first", [True, False])
def test_a_bridging_claim_merges_into_the_older_id(a_first: bool) -> None:
    a, b, c = _bridge_parts()
    index = LinkIndex()
    groups = [[a], b] if a_first else [b, [a]]
    seq = 0
    for group in groups:
        docs, claims = batch(group, seq)
        index.add(docs, claims)
        seq += len(claims)
    id_a, id_b = incident_id("a1", 0), incident_id("b0", 0)
    assert len(set(index.ids)) == 2 and set(index.ids) == {id_a, id_b}  # apart so far
    docs, claims = batch([c], seq)
    result = index.add(docs, claims)
    older, younger = (id_a, id_b) if a_first else (id_b, id_a)
    assert result.merged == {younger: older}
    assert result.changed == {older: [0, 1, 2, 3]}
    assert set(index.ids) == {older}
    assert index.incidents() == {older: [0, 1, 2, 3]}


def test_the_older_id_wins_even_for_the_smaller_incident() -> None:
    a, b, c = _bridge_parts()
    index = link_in([a, *b, c], [1, 3])  # A (one claim) founded first, B has two
    assert set(index.ids) == {incident_id("a1", 0)}


# -- linking order --------------------------------------------------------------------------


def test_seq_at_or_below_the_linked_ones_is_refused() -> None:
    index = LinkIndex()
    index.add([make_doc("a")], [(5, make_claim("a"))])
    for seq in (5, 4, 0):
        with pytest.raises(ValueError, match="seq"):
            index.add([make_doc(f"b{seq}")], [(seq, make_claim(f"b{seq}"))])
    assert len(index) == 1 and index.ids == [incident_id("a", 0)]
    index.add([make_doc("c")], [(6, make_claim("c"))])
    assert len(index) == 2


def test_every_seq_of_a_batch_must_be_above_the_linked_ones() -> None:
    index = LinkIndex()
    index.add([make_doc("a", words(1), ["haidar"])], [(5, make_claim("a"))])
    docs = [make_doc("b", words(2)), make_doc("c", "copy " + words(1), ["haidar"])]
    with pytest.raises(ValueError, match="seq"):
        index.add(docs, [(10, make_claim("b", place="aleppo")), (3, make_claim("c"))])


def test_batches_equal_all_at_once_for_a_widely_copied_text() -> None:
    """More copies than an LSH bucket shows: each still meets the first ones, in any batches."""
    text = words(9, 120)
    n = LSH_MAX_BUCKET + 2
    # copies of one story, placed far apart (in one country: claims in two never link) so that
    # only their text can link them
    reports: list[Report] = [
        (
            make_doc(f"d{k}", text, ["haidar"]),
            [make_claim(f"d{k}", place=None, lat=float(k), lon=float(k), country="C")],
            "story",
        )
        for k in range(n)
    ]
    once = by_ref(link_in(reports, []))
    assert len(set(once.values())) == 1
    assert by_ref(link_in(reports, [LSH_MAX_BUCKET])) == once
    assert by_ref(link_in(reports, [3, LSH_MAX_BUCKET - 1, LSH_MAX_BUCKET + 1])) == once


@pytest.mark.parametrize("split", [5, 17])
def test_batches_keep_the_linked_pairs_and_scores_of_one_run(split: int) -> None:
    """Average link clusters each touched component from the kept pairs: they must not depend
    on the batches."""
    reports = corpus()

    def kept(index: LinkIndex) -> set[tuple[int, int, float]]:
        i, j, s = index.pairs
        return set(zip(i.tolist(), j.tolist(), s.tolist(), strict=True))

    once = kept(link_in(reports, []))
    assert once
    assert kept(link_in(reports, [split])) == once
