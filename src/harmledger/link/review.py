"""Analysts correct the linker: merge, split and move, each recorded in the audit table.

Every decision is an ``AuditEntry`` with who, when, why and the claims before and after. The
linker reads the audit back: a split or a move leaves guards that no later link may cross
(``linker.split_guards``), a merge or a move leaves bonds that average link never parts
(``linker.bond_groups``), and ``relink_store`` replays them, so linking again never undoes an
analyst's decision.

Ids follow one rule: an incident's id is that of its earliest claim. A merge keeps the oldest
id and leaves redirects from the others; a split keeps the id on the part that holds the
earliest claim, and the other part gets its own; the audit entry names both. A move is the
exception: the target keeps its id and each source its own (``linker.move_pins``).

Each decision saves its change and its audit row in one transaction, and is redone when
another writer saved links after it read the ledger (``linker.optimistic``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from harmledger.errors import LinkError
from harmledger.link.batch import with_parents
from harmledger.link.cluster import UnionFind
from harmledger.link.index import LinkIndex, LinkResult
from harmledger.link.linker import (
    LinkReport,
    add_guards,
    bond_groups,
    nest_all,
    optimistic,
    reconciled,
    restore,
    save,
    seq_pairs,
    split_guards,
)
from harmledger.models import AuditEntry, ClaimRef, Incident
from harmledger.store.base import Store

#: Makes a decision's audit entry from the incidents it changed (saved with them).
Audit = Callable[[dict[str, Incident]], AuditEntry]


def _claims_json(groups: Mapping[str, Sequence[ClaimRef]]) -> str:
    return json.dumps(
        {i: [[r.document_id, r.position] for r in refs] for i, refs in groups.items()},
        sort_keys=True,
    )


def _live(store: Store, ids: Sequence[str]) -> list[str]:
    out: list[str] = []
    for given in ids:
        found = store.incident(given).id
        if found not in out:
            out.append(found)
    return out


def _check_who(who: str, why: str) -> None:
    if not who.strip():
        raise LinkError("say who decides: pass --who NAME")
    if not why.strip():
        raise LinkError("say why: pass --why REASON (it goes into the audit table)")


def _refuse_cumulative(store: Store, refs: Sequence[ClaimRef]) -> None:
    """A background total ("the war has killed 150,000 since 2014") is context for incidents
    and never one's claim: moving it into an incident is refused with the reason."""
    for ref in refs:
        claims = store.extraction(ref.document_id).claims
        if ref.position < len(claims) and claims[ref.position].cumulative:
            raise LinkError(
                f"claim {ref.document_id[:12]}:{ref.position} is a background total "
                "(cumulative): context for incidents, never part of one; see `export --format "
                "cumulative`"
            )


def _items(index: LinkIndex, refs: Sequence[ClaimRef]) -> list[int]:
    where = index.rows_by_ref()
    missing = [r for r in refs if r not in where]
    if missing:
        m = missing[0]
        where_ = f"{m.document_id[:12]}:{m.position}"
        raise LinkError(f"claim {where_} is not linked; run `harmledger link` first")
    return [where[r] for r in refs]


def _apply(
    store: Store, index: LinkIndex, touched: set[str], generation: int, audit: Audit
) -> dict[str, Incident]:
    """Give components their ids again, reconcile those that hold ``touched`` claims, and
    save them with the decision's ``audit`` entry (made from them) in one transaction, if
    the links are still at ``generation``."""
    before = {x: i for x, i in enumerate(index.ids) if i in touched}
    merged = index.reassign()
    result = LinkResult(merged=merged)
    for x in before:
        result.changed.setdefault(index.ids[x], [])
    for x, i in enumerate(index.ids):
        if i in result.changed:
            result.changed[i].append(x)
    changed = reconciled(store, index, result.changed)
    updates = nest_all(store, changed, merged)
    save(store, index, result, updates, [], [], audit=audit(changed), expect=generation)
    return changed


def merge(store: Store, ids: Sequence[str], *, who: str, why: str) -> Incident:
    """One incident of all of ``ids``; the oldest id stays, the others redirect to it. The
    merge and its audit row are one transaction; overtaken by another writer, it is redone."""
    _check_who(who, why)
    return optimistic(store, lambda generation: _merge(store, ids, who, why, generation))


def _merge(store: Store, ids: Sequence[str], who: str, why: str, generation: int) -> Incident:
    live = _live(store, ids)
    if len(live) < 2:
        raise LinkError("merge needs two or more different incidents; check the ids")
    groups = {i: store.incident(i).claims for i in live}
    index = restore(store)
    index.force_union(_items(index, [r for refs in groups.values() for r in refs]))

    def entry(changed: dict[str, Incident]) -> AuditEntry:
        [result] = changed.values()
        return AuditEntry(
            "merge", who, why, tuple(live), tuple(r for g in groups.values() for r in g),
            result.id, _claims_json(groups), _claims_json({result.id: result.claims}),
        )  # fmt: skip

    [result] = _apply(store, index, set(live), generation, entry).values()
    return result


def split(
    store: Store, incident_id: str, refs: Sequence[ClaimRef], *, who: str, why: str
) -> tuple[Incident, Incident]:
    """Take ``refs`` out of an incident into one of their own; (kept part, new part). The
    split and its audit row are one transaction; overtaken by another writer, it is redone."""
    _check_who(who, why)
    return optimistic(
        store, lambda generation: _split(store, incident_id, refs, who, why, generation)
    )


def _split(
    store: Store, incident_id: str, refs: Sequence[ClaimRef], who: str, why: str, generation: int
) -> tuple[Incident, Incident]:
    incident = store.incident(incident_id)
    leaving = sorted(set(refs))
    staying = [r for r in incident.claims if r not in set(leaving)]
    if not leaving or any(r not in incident.claims for r in leaving):
        raise LinkError(f"name claims of {incident.id} to split off (see `incidents show`)")
    if not staying:
        raise LinkError("a split must leave at least one claim behind; use fewer claims")
    entry = AuditEntry("split", who, why, (incident.id,), tuple(leaving), None,
                       _claims_json({incident.id: incident.claims}))  # fmt: skip
    return _separate(store, entry, leaving, generation)


def _separate(
    store: Store,
    entry: AuditEntry,
    leaving: Sequence[ClaimRef],
    generation: int,
    join: Sequence[ClaimRef] = (),
    pins: Mapping[ClaimRef, str] | None = None,
) -> tuple[Incident, Incident]:
    """Apply a split (or a move, with ``join`` the target's claims and ``pins`` the ids its
    incidents keep) and record it, in one transaction; return the incident left behind and
    the one the leaving claims are in now."""
    index = relinked_index(store, [*store.audit(), entry])
    for ref, name in (pins or {}).items():
        index.pins = {r: i for r, i in index.pins.items() if r != ref and i != name}
        index.pins[ref] = name
    if join:
        index.force_union(_items(index, [*leaving, *join]))
    touched = set(entry.incidents) | ({entry.target} if entry.target else set())

    def record(changed: dict[str, Incident]) -> AuditEntry:
        after = {inc.id: inc.claims for inc in changed.values()}
        named = tuple(sorted(set(entry.incidents) | set(after)))
        return replace(entry, incidents=named, after=_claims_json(after))

    changed = _apply(store, index, touched, generation, record)
    by_claim = {r: inc for inc in changed.values() for r in inc.claims}
    new = by_claim[leaving[0]]
    kept = next((inc for inc in changed.values() if inc.id != new.id), new)
    return kept, new


def move(store: Store, refs: Sequence[ClaimRef], target: str, *, who: str, why: str) -> Incident:
    """Move claims out of their incidents into ``target``; returns the target incident now.
    The move and its audit row are one transaction; overtaken by another writer, it is redone."""
    _check_who(who, why)
    return optimistic(store, lambda generation: _move(store, refs, target, who, why, generation))


def _move(
    store: Store, refs: Sequence[ClaimRef], target: str, who: str, why: str, generation: int
) -> Incident:
    goal = store.incident(target)
    moving = sorted(set(refs) - set(goal.claims))
    if not moving:
        raise LinkError(f"name claims that are not in {goal.id} already (see `incidents show`)")
    _refuse_cumulative(store, moving)
    index = restore(store)
    sources: dict[str, list[ClaimRef]] = {}
    for x, ref in zip(_items(index, moving), moving, strict=True):
        sources.setdefault(index.ids[x], []).append(ref)
    groups = {i: store.incident(i).claims for i in sources}
    entry = AuditEntry("move", who, why, tuple(sorted(groups)), tuple(moving), goal.id,
                       _claims_json(groups))  # fmt: skip
    t = index.table
    assert t is not None
    where = index.rows_by_ref()

    def earliest(refs: Sequence[ClaimRef]) -> ClaimRef:
        return min(refs, key=lambda r: int(t.seq[where[r]]))

    # the target keeps its id and each source its own, whichever claim founded them
    pins = {earliest(goal.claims): goal.id}
    for source, claims in groups.items():
        rest = [r for r in claims if r not in set(moving)]
        if rest:
            pins[earliest(rest)] = source
    _kept, new = _separate(store, entry, moving, generation, goal.claims, pins)
    return new


def relinked_index(store: Store, audit: Sequence[AuditEntry]) -> LinkIndex:
    """The saved state with each incident's claims joined again under every guard of
    ``audit``: the two sides of a split come apart."""
    index = restore(store)
    guards = split_guards(audit)
    index.uf = type(index.uf)(len(index))
    t = index.table
    assert t is not None
    buckets: dict[tuple[str, frozenset[tuple[int, int]]], list[int]] = {}
    for x in range(len(t)):
        ref = t.ref(x)
        labels = guards.get(ref, [])
        index.uf.guards[x] = dict(labels)
        buckets.setdefault((index.ids[x], frozenset(labels)), []).append(x)
    heads: dict[str, list[int]] = {}
    for (incident_id, _), items in buckets.items():
        for x in items[1:]:
            index.uf.union(items[0], x)
        heads.setdefault(incident_id, []).append(items[0])
    for items in heads.values():
        for a in items:
            for b in items:
                index.uf.union(a, b)
    index.set_clusters([index.uf.find(x) for x in range(len(t))])
    return index


def _replay_joins(index: LinkIndex, audit: Sequence[AuditEntry]) -> None:
    """Join again what analysts merged or moved, in the order they did it (one component and
    one bond each: average link keeps them together); a split made after a merge keeps the
    sides it separated apart."""
    where = index.rows_by_ref()
    for group in bond_groups(audit):
        items = [where[r] for r in group if r in where]
        if len(items) > 1:
            index.force_union(items, clusters=False)


def relink_store(store: Store) -> LinkReport:
    """Link every claim again from its saved features (new weights, say), keeping every
    analyst's decision; ids that no longer name an incident redirect to their founding
    claim's incident. Every linked pair is scored again and saved in place of the saved ones.
    The old incidents are cleared and the new ones saved in one transaction; overtaken by
    another writer, the relink is redone."""
    return optimistic(store, lambda generation: _relink(store, generation))


def _relink(store: Store, generation: int) -> LinkReport:
    audit = store.audit()
    index = restore(store)
    t = index.table
    if t is None:
        return LinkReport()
    index.uf, index.bonds = UnionFind(len(index)), UnionFind(len(index))
    index.comp = np.arange(len(index), dtype=np.int64)
    rows = list(store.link_claims())
    add_guards(index, rows, split_guards(audit))
    _replay_joins(index, audit)
    found = index.add_rows(0)
    merged = found.merged
    result = LinkResult(merged=merged, pairs_compared=found.pairs_compared)
    for x, i in enumerate(index.ids):
        result.changed.setdefault(i, []).append(x)
    incidents = reconciled(store, index, result.changed)
    updates = with_parents(incidents)
    pairs = seq_pairs(t, index.pairs)
    save(store, index, result, updates, [], [], pairs=pairs, replace_pairs=True, clear=True,
         expect=generation)  # fmt: skip
    return LinkReport(
        claims=len(index), changed=len(updates), merged=len(merged), incidents=len(updates),
        pairs_compared=found.pairs_compared, pairs_linked=found.pairs_linked,
    )  # fmt: skip
