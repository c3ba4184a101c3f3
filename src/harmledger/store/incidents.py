"""The incident half of the store: the linker's saved state, incidents, redirects, audit.

``IncidentMethods`` is a mixin of ``Store``: its public methods are ``@final``, check their
arguments and run the backend's ``_underscored`` methods through ``Store._call`` and
``Store._iterate``, so a backend error becomes a one-line ``StoreError``.

Redirects: ``save_links`` rewrites older redirects that pointed to an id it now redirects, so
chains written through it stay one hop; reads follow chains anyway (``resolve_incident_id``).
An id that is live again (saved as an incident) loses its redirect.

The ``_underscored`` methods are marked ``@_backend`` rather than ``abc.abstractmethod``: a
backend without them still opens (the test doubles of ``Store`` do), and calling an incident
method on it raises a one-line ``StoreError``. ``BACKEND_METHODS`` lists them.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, final

from harmledger.errors import InvalidRecordError, StoreError
from harmledger.models import (
    GRADES,
    HARM_KINDS,
    AuditEntry,
    ClaimRef,
    Document,
    Extraction,
    Incident,
    LinkBatch,
    LinkClaimRow,
    LinkDocRow,
    Redirect,
)

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

_LS = "run `harmledger incidents ls`"

#: Names of the methods a backend implements for incidents (see ``_backend``).
BACKEND_METHODS: list[str] = []


def _backend(fn: F) -> F:
    """Mark a method a backend implements; left out, calling it raises a one-line StoreError.

    Not ``abc.abstractmethod``, so that backends (and test doubles) written before incidents
    existed still open; ``SQLiteStore`` implements every one (a test checks it).
    """

    @functools.wraps(fn)
    def refuse(self: object, *args: object) -> Any:
        raise StoreError(
            f"{type(self).__name__} keeps no incidents; use the SQLite store"
            " (harmledger.store.sqlite.v1)"
        )

    BACKEND_METHODS.append(fn.__name__)
    return refuse  # type: ignore[return-value]


class IncidentMethods:
    """Incidents and the linker's state; mixed into ``Store``."""

    if TYPE_CHECKING:  # provided by Store

        def _call(self, action: str, fn: Callable[..., T], *args: object) -> T: ...

        def _iterate(
            self, action: str, fn: Callable[..., Iterator[T]], *args: object
        ) -> Iterator[T]: ...

    # -- the linker's state -------------------------------------------------------------------

    @final
    def unlinked_documents(self) -> Iterator[tuple[Document, Extraction]]:
        """Stored documents without a ``link_docs`` row, oldest first, with their extraction."""
        return self._iterate("read unlinked documents", self._unlinked_documents)

    @final
    def save_links(
        self,
        batch: LinkBatch,
        *,
        audit: AuditEntry | None = None,
        clear: bool = False,
        expect: int | None = None,
    ) -> None:
        """Save one linking step in one transaction, committed on return (see ``_save_links``).

        With ``clear`` every incident is deleted and every claim unassigned first (a full
        relink); with ``audit`` the analyst's decision is recorded in the same transaction.
        With ``expect`` (the ``link_generation`` the step read the ledger at) a save finding
        another generation writes nothing and raises ``StaleWriteError``: read and redo."""
        _check_rows(batch.docs, batch.claims)
        _check_incidents(batch.incidents, batch.assignments, batch.redirects, batch.retired)
        _check_pairs(batch.pairs)
        if audit is not None:
            _check_audit(audit)
        self._call("save the links", self._save_links, batch, audit, clear, expect)

    @final
    def link_generation(self) -> int:
        """The links' generation: raised by one by every committed ``save_links``,
        ``clear_incidents`` and ``add_audit``. Read it before reading the ledger for a step,
        and pass it to ``save_links(expect=...)``."""
        return self._call("read the link generation", self._link_generation)

    @final
    def link_model(self) -> str | None:
        """The version of the link model of the ledger's last link run (whose scores the saved
        linked pairs are); None for a ledger never linked."""
        return self._call("read the link model", self._link_model)

    @final
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the ledger's write lock from here to the end of the block (one transaction:
        committed at its end, rolled back on an error). Reads inside see one state, and no
        other writer commits meanwhile; writes inside join the transaction. For a step that
        was overtaken too often to finish optimistically."""
        self._call("lock the ledger", self._lock)
        try:
            yield
        except BaseException:
            self._call("unlock the ledger", self._unlock, False)
            raise
        self._call("commit and unlock the ledger", self._unlock, True)

    @final
    def link_docs(self) -> Iterator[LinkDocRow]:
        """Every saved ``LinkDocRow``, by seq."""
        return self._iterate("read linked documents", self._link_docs)

    @final
    def link_claims(self, kind: str | None = None) -> Iterator[LinkClaimRow]:
        """Every saved ``LinkClaimRow`` (of one kind), by seq. Do not write while iterating."""
        if kind is not None:
            _check_kind(kind)
        return self._iterate("read linked claims", self._link_claims, kind)

    @final
    def link_pairs(self) -> Iterator[tuple[int, int, float]]:
        """Every saved linked pair ``(seq_a, seq_b, score)``, ``seq_a < seq_b``, by
        ``(seq_a, seq_b)``. Do not write while iterating."""
        return self._iterate("read linked pairs", self._link_pairs)

    @final
    def link_claims_between(
        self, kind_set: Sequence[str], lo: int, hi: int
    ) -> Iterator[LinkClaimRow]:
        """Claims of these kinds whose dated ``[lo, hi]`` overlaps ``[lo, hi]``, by seq."""
        kinds = [kind_set] if isinstance(kind_set, str) else list(kind_set)
        for kind in kinds:
            _check_kind(kind)
        if not kinds:
            raise StoreError("no claim kinds given; pass one or more of " + ", ".join(HARM_KINDS))
        if lo > hi:
            raise StoreError(f"day interval {lo}..{hi} is empty; pass lo <= hi")
        return self._iterate("read linked claims", self._link_claims_between, kinds, lo, hi)

    @final
    def max_link_seq(self) -> int:
        """The highest seq saved in ``link_docs`` or ``link_claims``; -1 when both are empty."""
        return self._call("read the link sequence", self._max_link_seq)

    # -- incidents ----------------------------------------------------------------------------

    @final
    def incident(self, id_or_prefix: str) -> Incident:
        """The live incident this id (or unique prefix) names, following redirects."""
        prefix = id_or_prefix.strip()
        if not prefix:
            raise StoreError(f"no incident id given; pass an incident id or a prefix ({_LS})")
        ids = self._call("look up an incident", self._match_incidents, prefix)
        if len(ids) > 1:
            raise StoreError(f"ambiguous incident prefix {prefix!r}; give more characters")
        found = self._call("read an incident", self._incident, ids[0]) if ids else None
        if found is None:
            raise StoreError(f"no incident matches {prefix!r}; {_LS}")
        return found

    @final
    def resolve_incident_id(self, id: str) -> str | None:
        """The live id that ``id`` is or redirects to (through chains); None when unknown."""
        return self._call("look up an incident", self._resolve_incident_id, id)

    @final
    def incidents(
        self,
        parent: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Iterator[Incident]:
        """Live incidents by start date (undated last) then id: top-level ones, or the
        children of ``parent``; of ``kind``; overlapping the ISO dates ``since``..``until``."""
        if kind is not None:
            _check_kind(kind)
        for name, value in (("since", since), ("until", until)):
            if value is not None:
                _check_date(name, value)
        if since is not None and until is not None and since > until:
            raise StoreError(f"since {since} is after until {until}; swap them")
        return self._iterate("read incidents", self._incidents, parent, kind, since, until)

    @final
    def incident_founding(self, ids: Sequence[str]) -> dict[str, int]:
        """``{id: founding_seq}`` of those ids that are live incidents."""
        return self._call("read incidents", self._incident_founding, list(ids))

    @final
    def redirects(self) -> list[Redirect]:
        """Every redirect, in the order first written."""
        return self._call("read redirects", self._redirects)

    @final
    def clear_incidents(self) -> None:
        """Delete every incident and unassign every claim (one transaction), for a full relink.

        Redirects, the audit log, the link rows and the linked pairs are kept.
        """
        self._call("clear the incidents", self._clear_incidents)

    # -- audit --------------------------------------------------------------------------------

    @final
    def add_audit(self, entry: AuditEntry) -> int:
        """Record (and commit) an analyst decision; returns its id. ``at`` defaults to now.
        A decision that changes incidents passes its entry to ``save_links(audit=...)``
        instead, so that the change and its record are one transaction."""
        _check_audit(entry)
        return self._call("record the audit entry", self._add_audit, entry)

    @final
    def audit(self, incident_id: str | None = None) -> list[AuditEntry]:
        """Audit entries oldest first; only those naming ``incident_id`` (incidents or target)."""
        return self._call("read the audit log", self._audit, incident_id)

    # -- what a backend implements (see ``_backend``) -----------------------------------------

    @_backend
    def _unlinked_documents(self) -> Iterator[tuple[Document, Extraction]]: ...

    @_backend
    def _save_links(
        self, batch: LinkBatch, audit: AuditEntry | None, clear: bool, expect: int | None
    ) -> None:
        """Check the generation, clear (with ``clear``), write rows, pairs (all replaced with
        ``replace_pairs``), incidents, assignments, redirects, delete ``retired``, write the
        audit row, raise the generation; all or none, passing the ``store.faults`` points.

        Refuses (rolling back) an assignment of a claim without a link row, an incident whose
        claims are not all assigned to it afterwards, and a retired id that claims still name.
        """

    @_backend
    def _link_generation(self) -> int: ...

    @_backend
    def _link_model(self) -> str | None: ...

    @_backend
    def _lock(self) -> None: ...

    @_backend
    def _unlock(self, commit: bool) -> None: ...

    @_backend
    def _link_docs(self) -> Iterator[LinkDocRow]: ...

    @_backend
    def _link_claims(self, kind: str | None) -> Iterator[LinkClaimRow]: ...

    @_backend
    def _link_pairs(self) -> Iterator[tuple[int, int, float]]: ...

    @_backend
    def _link_claims_between(
        self, kinds: list[str], lo: int, hi: int
    ) -> Iterator[LinkClaimRow]: ...

    @_backend
    def _max_link_seq(self) -> int: ...

    @_backend
    def _match_incidents(self, prefix: str) -> list[str]:
        """The distinct live ids that ``prefix`` names: an id, a redirected id, or a prefix."""

    @_backend
    def _incident(self, incident_id: str) -> Incident | None:
        """The live incident with exactly this id."""

    @_backend
    def _resolve_incident_id(self, incident_id: str) -> str | None: ...

    @_backend
    def _incidents(
        self, parent: str | None, kind: str | None, since: str | None, until: str | None
    ) -> Iterator[Incident]: ...

    @_backend
    def _incident_founding(self, ids: list[str]) -> dict[str, int]: ...

    @_backend
    def _redirects(self) -> list[Redirect]: ...

    @_backend
    def _clear_incidents(self) -> None: ...

    @_backend
    def _add_audit(self, entry: AuditEntry) -> int: ...

    @_backend
    def _audit(self, incident_id: str | None) -> list[AuditEntry]: ...


# -- validation --------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in HARM_KINDS:
        raise StoreError(f"unknown claim kind {kind!r}; use one of {', '.join(HARM_KINDS)}")


def _check_date(name: str, value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"{name} {value!r} is not a date; pass YYYY-MM-DD") from None
    if len(value) != 10:
        raise StoreError(f"{name} {value!r} is not a date; pass YYYY-MM-DD")


def _check_audit(entry: AuditEntry) -> None:
    if not entry.action.strip() or not entry.who.strip():
        raise InvalidRecordError("audit entry needs an action and who; fill them in")
    if entry.id is not None:
        raise InvalidRecordError("audit entry already has an id; pass one with id=None")


def _check_rows(docs: Sequence[LinkDocRow], claims: Sequence[LinkClaimRow]) -> None:
    """Refuse link rows the tables cannot hold sensibly."""
    for d in docs:
        if not d.document_id:
            raise InvalidRecordError("link doc row has no document id; set LinkDocRow.document_id")
    for c in claims:
        where = f"claim {c.ref.document_id[:12]}:{c.ref.position}"
        _check_kind(c.kind)
        if (c.lo is None) != (c.hi is None) or (
            c.lo is not None and c.hi is not None and c.lo > c.hi
        ):
            raise InvalidRecordError(
                f"{where} has days {c.lo}..{c.hi}; pass both lo <= hi, or neither"
            )


def _check_pairs(pairs: Sequence[tuple[int, int, float]]) -> None:
    """Refuse a linked pair that is not ``(smaller seq, larger seq, finite score)``."""
    for a, b, score in pairs:
        if not a < b or not math.isfinite(score):
            raise InvalidRecordError(
                f"linked pair ({a}, {b}, {score}) is not (smaller seq, larger seq, finite"
                " score); fix the linker"
            )


def _check_incidents(
    incidents: Sequence[tuple[Incident, int]],
    assignments: Mapping[ClaimRef, str],
    redirects: Sequence[Redirect],
    retired: Sequence[str],
) -> None:
    """Refuse incidents, redirects and retirements that contradict each other."""
    saved: set[str] = set()
    for incident, founding_seq in incidents:
        _check_incident(incident, founding_seq, assignments)
        if incident.id in saved:
            raise InvalidRecordError(f"incident {incident.id} is given twice; save it once")
        saved.add(incident.id)
    for r in redirects:
        if not r.old_id or not r.new_id or r.old_id == r.new_id:
            raise InvalidRecordError(
                f"redirect {r.old_id!r} -> {r.new_id!r} is empty or points to itself;"
                " fix the linker"
            )
        if r.old_id in saved:
            raise InvalidRecordError(f"incident {r.old_id} is both saved and redirected; pick one")
    both = saved.intersection(retired)
    if both:
        raise InvalidRecordError(f"incident {min(both)} is both saved and retired; pick one")
    for ref, incident_id in assignments.items():
        if not incident_id or incident_id in retired:
            raise InvalidRecordError(
                f"claim {ref.document_id[:12]}:{ref.position} is assigned to a retired or"
                f" empty incident id {incident_id!r}; assign it to a live incident"
            )


def _check_incident(
    incident: Incident, founding_seq: int, assignments: Mapping[ClaimRef, str]
) -> None:
    i = incident
    if not i.id or not i.claims:
        raise InvalidRecordError(f"incident {i.id!r} has no id or no claims; fix the linker")
    if isinstance(founding_seq, bool) or not isinstance(founding_seq, int):
        raise InvalidRecordError(f"founding seq of incident {i.id} is not an int; pass the seq")
    if i.grade not in GRADES or any(k not in HARM_KINDS for k in i.kinds):
        raise InvalidRecordError(f"incident {i.id} has an unknown grade or kind; fix the linker")
    if i.parent == i.id:
        raise InvalidRecordError(f"incident {i.id} is its own parent; fix the linker")
    for ref in i.claims:
        other = assignments.get(ref, i.id)
        if other != i.id:
            raise InvalidRecordError(
                f"claim {ref.document_id[:12]}:{ref.position} of incident {i.id} is assigned"
                f" to {other}; assign each claim to the incident that lists it"
            )
