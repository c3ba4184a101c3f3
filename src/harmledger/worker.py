"""Each document's extraction within a time and memory budget, in a worker process.

A hostile or merely odd document (32 KB of punctuation, a text that never ends a sentence)
must not stop a ledger. :class:`ExtractionWorker` runs the extractor in a child process that is
forked from the caller once the model is loaded, so it starts in milliseconds and shares the
model's memory. The same worker serves every batch of a run; it is restarted only after it was
killed.

- **Time**: every result must arrive within ``seconds`` of the request or of the previous
  result; otherwise the worker is killed (SIGKILL) and the document is rejected.
- **Memory**: the worker's address space may grow by at most ``memory_mb`` beyond what it had
  when it started (``RLIMIT_AS``); a document that needs more fails with MemoryError (or
  kills the worker) and is rejected.

When a batch fails part-way, the documents not yet answered are retried one at a time, so only
the document over its budget is rejected and the batch goes on. With a budget of 0 seconds,
or where ``fork`` is unavailable, extraction runs in the caller's process, unbounded.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import resource
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from harmledger.errors import ExtractError
from harmledger.models import Document, Extraction

Result = Extraction | Exception
#: prctl option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Budget:
    """What one document may use: wall-clock seconds and extra memory (0 = no limit)."""

    seconds: float = 60.0
    memory_mb: int = 1024

    @property
    def enforced(self) -> bool:
        return self.seconds > 0 and "fork" in multiprocessing.get_all_start_methods()


def in_process(extractor: Any, batch: Sequence[Document]) -> Iterator[tuple[Document, Result]]:
    """Extract ``batch`` here, without a budget; one failing document does not spoil the
    others (they are retried one by one)."""
    try:
        results: list[Result] = list(extractor.extract_many(batch))
    except Exception:  # one bad document spoils nlp.pipe: retry one by one
        results = []
        for document in batch:
            try:
                results.extend(extractor.extract_many([document]))
            except Exception as exc:
                results.append(exc)
    yield from zip(batch, results, strict=True)


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 when /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(memory_mb: int) -> None:
    base = _address_space()
    if memory_mb <= 0 or base == 0:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = base + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else an ExtractError with its message."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return ExtractError(f"{type(exc).__name__}: {exc}")
    return exc


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (SIGKILLed ingest, crash): an
    orphaned worker would otherwise wait for documents forever."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _serve(conn: Connection, parents: Connection, extractor: Any, memory_mb: int) -> None:
    """The worker's loop: a list of documents in, one message per document out. ``parents``
    is the parent's end of the pipe, which the fork copied: closed here, so that the worker
    reads EOF when the parent is gone."""
    try:
        parents.close()
        _die_with_parent()
        _limit_memory(memory_mb)
        while (batch := conn.recv()) is not None:
            try:
                for extraction in extractor.extract_many(batch):
                    conn.send(("ok", extraction))
            except MemoryError:
                conn.send(("memory", None))
                break
            except Exception as exc:
                conn.send(("error", _portable(exc)))
    except BaseException:  # EOF, Ctrl-C: the parent is gone or stopping
        pass
    finally:
        os._exit(0)  # never run the parent's atexit handlers or close its files


class ExtractionWorker:
    """Extract batches of documents in a killable child process; see the module docstring.

    Use it as a context manager (or call :meth:`close`)."""

    def __init__(self, extractor: Any, budget: Budget) -> None:
        self.extractor = extractor
        self.budget = budget
        self.restarts = 0
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> ExtractionWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (politely, then by force)."""
        if self._proc is None or self._conn is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(None)
        self._proc.join(timeout=2)
        self._kill()

    def extract_batch(self, batch: Sequence[Document]) -> Iterator[tuple[Document, Result]]:
        """(document, extraction or exception) for each document of ``batch``, in order."""
        if not self.budget.enforced:
            yield from in_process(self.extractor, batch)
            return
        received, failure = self._attempt(batch)
        yield from zip(batch, received, strict=False)
        if failure is None:
            return
        rest = batch[len(received) :]
        if len(batch) == 1:
            yield batch[0], failure
            return
        for document in rest:
            got, single_failure = self._attempt([document])
            yield document, got[0] if got else (single_failure or ExtractError("no result"))

    def _start(self) -> Connection:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            return self._conn
        self._kill()
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        proc = context.Process(
            target=_serve, args=(theirs, ours, self.extractor, self.budget.memory_mb), daemon=True
        )
        proc.start()
        theirs.close()
        self._proc, self._conn = proc, ours
        return ours

    def _kill(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join()
            self._proc.close()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def _attempt(self, batch: Sequence[Document]) -> tuple[list[Result], Exception | None]:
        """Send ``batch``; the results that came back, and why the rest did not (or None)."""
        conn = self._start()
        received: list[Result] = []
        try:
            conn.send(list(batch))
            while len(received) < len(batch):
                if not conn.poll(self.budget.seconds):
                    return received, self._over_time(batch[len(received)])
                kind, value = conn.recv()
                if kind == "ok":
                    received.append(value)
                elif kind == "memory":
                    return received, self._over_memory(batch[len(received)])
                else:
                    return received, value
        except (EOFError, OSError):
            return received, self._stopped(batch[len(received)])
        return received, None

    def _over_time(self, document: Document) -> ExtractError:
        self._kill()
        self.restarts += 1
        return ExtractError(
            f"{document.origin}: extraction took over {self.budget.seconds:g} s, the per-document "
            "time budget, and was stopped; raise doc_seconds if the document is genuine"
        )

    def _stopped(self, document: Document) -> ExtractError:
        """The worker died without an answer (killed by the kernel, a crash in C code)."""
        code = None
        if self._proc is not None:
            self._proc.join(timeout=5)
            code = self._proc.exitcode
        self._kill()
        self.restarts += 1
        return ExtractError(
            f"{document.origin}: the extraction worker stopped on this document (exit code "
            f"{code}), most likely over the {self.budget.memory_mb} MB per-document memory "
            "budget; raise doc_memory_mb if it is genuine"
        )

    def _over_memory(self, document: Document) -> ExtractError:
        self._kill()
        self.restarts += 1
        return ExtractError(
            f"{document.origin}: extraction needed over {self.budget.memory_mb} MB, the "
            "per-document memory budget, and was stopped; raise doc_memory_mb if it is genuine"
        )
