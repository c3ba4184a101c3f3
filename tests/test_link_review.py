"""Analysts' merge, split and move: audited, redirected, and kept by every later link."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from harmledger.errors import LinkError
from harmledger.link import review
from harmledger.link.linker import all_incidents, link_store
from harmledger.models import ClaimRef, Incident
from harmledger.pipeline import ingest_into
from harmledger.settings import Settings
from harmledger.store.sqlite import SQLiteStore
from linkreports import FOUR, doc_id, holding, ref, write_jsonl

WHO, WHY = "ana", "checked against the field team's notes"


def add_reports(store: SQLiteStore, folder: Path, *names: str) -> None:
    path = write_jsonl(folder / f"{'-'.join(names)}.jsonl", list(names))
    assert ingest_into(store, [str(path)], Settings()).stored == len(names)
    link_store(store)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A linked ledger of the four reports (El Fasher market x3, El Geneina), closed."""
    folder = tmp_path_factory.mktemp("template")
    with SQLiteStore(folder / "ledger.db") as store:
        add_reports(store, folder, *FOUR)
        # what the tests build on: the two copies of the wire story are one incident, the
        # attack near El Geneina (310 km away) another
        assert ref("copy", 0) in holding(store, ref("wire", 0)).claims
        assert holding(store, ref("geneina", 1)).id != holding(store, ref("wire", 0)).id
    return folder / "ledger.db"


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh copy of the template ledger for one test."""
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copy(source, tmp_path / ("ledger.db" + suffix))
    with SQLiteStore(tmp_path / "ledger.db") as opened:
        yield opened


def market(store: SQLiteStore) -> Incident:
    return holding(store, ref("wire", 0))


def geneina(store: SQLiteStore) -> Incident:
    return holding(store, ref("geneina", 1))


def copy_claims(store: SQLiteStore) -> list[ClaimRef]:
    """Every claim of the syndicated copy of the wire story."""
    copy = doc_id("copy")
    return [ClaimRef(copy, i) for i in range(len(store.extraction(copy).claims))]


# -- merge -----------------------------------------------------------------------------------


def test_merge_is_audited_and_leaves_a_redirect(store: SQLiteStore) -> None:
    a, b = market(store), geneina(store)
    merged = review.merge(store, [b.id, a.id], who=WHO, why=WHY)
    assert merged.id == a.id  # the oldest id stays (founded by the first report's claim)
    assert set(merged.claims) == set(a.claims) | set(b.claims)
    [entry] = store.audit()
    assert (entry.action, entry.who, entry.why) == ("merge", WHO, WHY)
    assert set(entry.incidents) == {a.id, b.id}
    assert entry.at
    assert store.incident(b.id).id == a.id
    assert store.resolve_incident_id(b.id) == a.id
    assert any(r.old_id == b.id and r.new_id == a.id for r in store.redirects())
    assert [e.action for e in store.audit(a.id)] == ["merge"]


def test_merge_survives_relink_and_new_reports(store: SQLiteStore, tmp_path: Path) -> None:
    a, b = market(store), geneina(store)
    review.merge(store, [a.id, b.id], who=WHO, why=WHY)
    review.relink_store(store)
    assert holding(store, ref("geneina", 1)).id == holding(store, ref("wire", 0)).id == a.id
    assert store.incident(b.id).id == a.id
    add_reports(store, tmp_path, "follow_up", "nyala")
    survivor = holding(store, ref("wire", 0))
    assert survivor.id == a.id
    assert ref("geneina", 1) in survivor.claims
    assert ref("follow_up", 1) in survivor.claims  # the follow-up joins the merged incident
    assert store.incident(b.id).id == a.id


def test_relink_saves_every_pair_again_in_place_of_the_saved_ones(store: SQLiteStore) -> None:
    saved = list(store.link_pairs())
    assert saved
    seqs = [c.seq for c in store.link_claims()]
    stray = next(
        (a, b) for a in seqs for b in seqs if a < b and (a, b) not in {p[:2] for p in saved}
    )
    conn = store.connection
    conn.execute("DELETE FROM link_pairs WHERE seq_a = ? AND seq_b = ?", saved[0][:2])
    conn.execute("UPDATE link_pairs SET score = 99.0 WHERE seq_a = ? AND seq_b = ?", saved[-1][:2])
    conn.execute("INSERT INTO link_pairs VALUES (?, ?, 5.0)", stray)
    assert list(store.link_pairs()) != saved
    review.relink_store(store)
    assert list(store.link_pairs()) == saved


def test_merge_split_and_move_leave_the_pairs_alone(store: SQLiteStore) -> None:
    saved = list(store.link_pairs())
    merged = review.merge(store, [market(store).id, geneina(store).id], who=WHO, why=WHY)
    review.split(store, merged.id, [ref("geneina", 1)], who=WHO, why=WHY)
    review.move(store, [ref("local", 0)], geneina(store).id, who=WHO, why=WHY)
    assert list(store.link_pairs()) == saved


# -- split -----------------------------------------------------------------------------------


def test_split_makes_two_incidents(store: SQLiteStore) -> None:
    a = market(store)
    count = len(all_incidents(store))
    leaving = copy_claims(store)
    kept, new = review.split(store, a.id, leaving, who=WHO, why=WHY)
    assert kept.id == a.id  # the part with the earliest claim keeps the id
    assert new.id != a.id
    assert set(new.claims) == set(leaving)
    assert set(kept.claims) == set(a.claims) - set(leaving)
    assert holding(store, ref("copy", 0)).id == new.id
    assert holding(store, ref("wire", 0)).id == a.id
    assert len(all_incidents(store)) == count + 1
    assert store.incident(new.id).number_of_sources == 1
    [entry] = store.audit()
    assert (entry.action, entry.who, entry.why) == ("split", WHO, WHY)
    assert set(entry.claims) == set(leaving) and entry.before and entry.after


def test_split_survives_relink_and_a_report_that_links_to_both_sides(
    store: SQLiteStore, tmp_path: Path
) -> None:
    a = market(store)
    _, new = review.split(store, a.id, copy_claims(store), who=WHO, why=WHY)
    review.relink_store(store)
    assert holding(store, ref("wire", 0)).id == a.id
    assert holding(store, ref("copy", 0)).id == new.id
    # a third copy of the wire story: a near duplicate of both sides
    add_reports(store, tmp_path, "copy2")
    wire_side, copy_side = holding(store, ref("wire", 0)), holding(store, ref("copy", 0))
    assert (wire_side.id, copy_side.id) == (a.id, new.id)
    assert ref("copy2", 0) in wire_side.claims or ref("copy2", 0) in copy_side.claims
    assert not set(copy_claims(store)) & set(wire_side.claims)
    review.relink_store(store)
    assert holding(store, ref("wire", 0)).id == a.id
    assert holding(store, ref("copy", 0)).id == new.id


def test_the_new_part_of_a_split_has_the_split_in_its_history(store: SQLiteStore) -> None:
    a = market(store)
    _, new = review.split(store, a.id, copy_claims(store), who=WHO, why=WHY)
    assert [e.action for e in store.audit(new.id)] == ["split"]


def _merge_then_split_back(store: SQLiteStore) -> tuple[str, str]:
    a, b = market(store), geneina(store)
    review.merge(store, [a.id, b.id], who=WHO, why="looked like one attack")
    _, new = review.split(
        store, a.id, list(b.claims), who=WHO, why="two attacks 310 km apart after all"
    )
    return a.id, new.id


def test_a_split_that_undoes_a_merge_survives_link_store(
    store: SQLiteStore, tmp_path: Path
) -> None:
    a_id, new_id = _merge_then_split_back(store)
    assert new_id != a_id
    assert geneina(store).id == new_id and market(store).id == a_id
    add_reports(store, tmp_path, "follow_up", "copy2")
    assert geneina(store).id == new_id and market(store).id == a_id


def test_a_split_that_undoes_a_merge_survives_relink(store: SQLiteStore) -> None:
    a_id, new_id = _merge_then_split_back(store)
    review.relink_store(store)
    assert market(store).id == a_id
    assert geneina(store).id == new_id


# -- move ------------------------------------------------------------------------------------


def test_move_puts_the_claim_in_the_target_and_relink_keeps_it(store: SQLiteStore) -> None:
    a, b = market(store), geneina(store)
    moving = ref("geneina", 2)  # "the attackers also stole the farmers' livestock ..."
    assert moving in b.claims
    target = review.move(store, [moving], a.id, who=WHO, why=WHY)
    assert target.id == a.id
    assert moving in market(store).claims
    assert moving not in geneina(store).claims
    assert geneina(store).id == b.id
    [entry] = store.audit()
    assert (entry.action, entry.target, entry.claims) == ("move", a.id, (moving,))
    review.relink_store(store)
    assert moving in market(store).claims
    assert market(store).id == a.id and geneina(store).id == b.id
    assert moving not in geneina(store).claims


def test_split_then_move_one_claim_back(store: SQLiteStore, tmp_path: Path) -> None:
    a = market(store)
    _, new = review.split(store, a.id, copy_claims(store), who=WHO, why=WHY)
    review.move(store, [ref("copy", 0)], a.id, who=WHO, why="the toll is the wire's toll")
    assert ref("copy", 0) in market(store).claims
    rest = holding(store, ref("copy", 1))
    assert set(rest.claims) == set(copy_claims(store)[1:])
    # copy:0 founded the split-off part, which keeps its id all the same (issue 12)
    assert rest.id == new.id and market(store).id == a.id
    review.relink_store(store)
    add_reports(store, tmp_path, "copy2")
    assert ref("copy", 0) in market(store).claims
    assert holding(store, ref("copy", 1)).id == new.id and market(store).id == a.id


def founding(store: SQLiteStore, incident: Incident) -> ClaimRef:
    """The incident's claim with the lowest linking seq."""
    seq = {r.ref: r.seq for r in store.link_claims()}
    return min(incident.claims, key=seq.__getitem__)


def test_moving_a_founding_claim_keeps_both_ids(store: SQLiteStore, tmp_path: Path) -> None:
    """Issue 12: moving D's founding claim into E left D's id on the target and gave D's
    other claims a new id; now E keeps its id and D its own, through relink and new reports."""
    d, e = market(store), geneina(store)
    moving = founding(store, d)
    assert founding(store, e) != moving
    target = review.move(store, [moving], e.id, who=WHO, why=WHY)
    assert target.id == e.id and moving in target.claims
    source = holding(store, ref("copy", 0))
    assert source.id == d.id and moving not in source.claims
    assert set(source.claims) == set(d.claims) - {moving}
    assert not [r for r in store.redirects() if r.old_id in {d.id, e.id}]
    [entry] = store.audit()
    assert entry.target == e.id and set(entry.incidents) == {d.id, e.id}
    for step in (lambda: review.relink_store(store),
                 lambda: add_reports(store, tmp_path, "follow_up", "copy2")):  # fmt: skip
        step()
        assert holding(store, moving).id == e.id
        assert holding(store, ref("copy", 0)).id == d.id
        assert holding(store, ref("geneina", 1)).id == e.id
    # the new reports joined the two incidents (so their ids were given again) and took none
    joined = {holding(store, ref(n, p)).id for n, p in (("follow_up", 1), ("copy2", 0))}
    assert joined <= {d.id, e.id}


def test_moving_every_claim_of_an_incident_redirects_its_id(store: SQLiteStore) -> None:
    d, e = geneina(store), market(store)
    target = review.move(store, list(d.claims), e.id, who=WHO, why=WHY)
    assert target.id == e.id and set(d.claims) <= set(target.claims)
    assert store.incident(d.id).id == e.id


# -- errors ----------------------------------------------------------------------------------


def _one_line(exc: pytest.ExceptionInfo[LinkError]) -> str:
    message = str(exc.value)
    assert message and "\n" not in message
    return message


def test_merge_needs_two_different_incidents(store: SQLiteStore) -> None:
    a = market(store)
    with pytest.raises(LinkError) as one:
        review.merge(store, [a.id], who=WHO, why=WHY)
    assert "two or more" in _one_line(one)
    with pytest.raises(LinkError) as same:
        review.merge(store, [a.id, a.id[:10]], who=WHO, why=WHY)
    _one_line(same)
    assert store.audit() == []


def test_split_must_leave_a_claim_behind(store: SQLiteStore) -> None:
    a = market(store)
    with pytest.raises(LinkError) as everything:
        review.split(store, a.id, list(a.claims), who=WHO, why=WHY)
    assert "at least one claim" in _one_line(everything)
    with pytest.raises(LinkError) as foreign:
        review.split(store, a.id, [ref("geneina", 1)], who=WHO, why=WHY)
    _one_line(foreign)
    with pytest.raises(LinkError) as nothing:
        review.split(store, a.id, [], who=WHO, why=WHY)
    _one_line(nothing)
    assert store.audit() == [] and market(store).claims == a.claims


def test_move_needs_claims_not_in_the_target(store: SQLiteStore) -> None:
    a = market(store)
    with pytest.raises(LinkError) as already:
        review.move(store, [ref("wire", 0)], a.id, who=WHO, why=WHY)
    _one_line(already)


@pytest.mark.parametrize(("who", "why"), [("", WHY), ("  ", WHY), (WHO, ""), (WHO, " \t")])
def test_every_decision_needs_who_and_why(store: SQLiteStore, who: str, why: str) -> None:
    a, b = market(store), geneina(store)
    before = {i.id: i.claims for i in all_incidents(store)}
    attempts = [
        lambda: review.merge(store, [a.id, b.id], who=who, why=why),
        lambda: review.split(store, a.id, [ref("copy", 1)], who=who, why=why),
        lambda: review.move(store, [ref("geneina", 1)], a.id, who=who, why=why),
    ]
    for attempt in attempts:
        with pytest.raises(LinkError) as refused:
            attempt()
        assert ("--who" if not who.strip() else "--why") in _one_line(refused)
    assert store.audit() == []
    assert {i.id: i.claims for i in all_incidents(store)} == before


def test_a_background_total_is_never_moved_into_an_incident(store: SQLiteStore) -> None:
    total = ref("geneina", 5)  # "West Darfur state has seen repeated attacks ... since ..."
    with pytest.raises(LinkError, match="background total"):
        review.move(store, [total], market(store).id, who=WHO, why=WHY)
    assert store.audit() == []
