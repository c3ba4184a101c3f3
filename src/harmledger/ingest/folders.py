"""Folder walks: which entries of a folder are read, and a rejection for each one that is not.

A folder is walked recursively in sorted order, hidden entries skipped. Symbolic links are
never followed out of the folder (``/etc/passwd`` linked in is not read), nor into a folder
(a link loop cannot hang the walk); a folder with nothing to read is one rejection.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from harmledger.errors import EmptyInputError, IngestError
from harmledger.ingest.files import origin_of, rejection
from harmledger.models import Rejection


def walk_folder(folder: Path) -> list[Path]:
    """Every non-hidden entry under ``folder``, recursively, sorted by relative path: files,
    and links of any kind (a link to a folder is listed, never followed, so a link loop
    cannot hang the walk; :func:`iter_folder` says why it is not read)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        linked = [d for d in dirs if (Path(root) / d).is_symlink()]
        for name in [*names, *linked]:
            if name.startswith("."):
                continue
            path = Path(root) / name
            found.append((path.relative_to(folder).parts, path))
    return [path for _, path in sorted(found)]


def iter_folder(folder: Path) -> Iterator[Path | Rejection]:
    """The paths of :func:`walk_folder` to read, and a Rejection for each link that is not
    followed: one out of ``folder`` (``/etc/passwd`` linked in is never read), one to a
    folder, a broken one. A folder with nothing to read is one rejection, so it is not
    silently skipped."""
    root = folder.resolve()
    empty = True
    for path in walk_folder(folder):
        empty = False
        problem = _link_problem(path, root)
        if problem is None:
            yield path
        else:
            yield rejection(origin_of(path), IngestError(f"{origin_of(path)}: {problem}"))
    if empty:
        msg = f"{origin_of(folder)}: the folder holds no files to ingest (hidden ones are skipped)"
        yield rejection(origin_of(folder), EmptyInputError(f"{msg}; check the path"))


def _link_problem(path: Path, root: Path) -> str | None:
    """Why the entry ``path`` of the folder ``root`` is not read, or None to read it."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken or looping symbolic link; not followed"
    if not target.is_relative_to(root):
        return "a symbolic link out of the folder; not followed (copy the file in instead)"
    if target.is_dir():
        return "a symbolic link to a folder; not followed (give that folder itself)"
    return None
