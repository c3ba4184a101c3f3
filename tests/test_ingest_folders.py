"""Folder walks: sorted, hidden entries skipped, no link followed out of the folder."""

from __future__ import annotations

from pathlib import Path

from harmledger.ingest.folders import iter_folder, walk_folder
from harmledger.models import Rejection
from test_ingest_files import assert_rejected, write


def _rejected_origins(items: list[object]) -> dict[str, str]:
    return {i.origin: i.message for i in items if isinstance(i, Rejection)}


def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.html", "a/b/c.txt", "A.txt", ".hidden.txt", ".git/x.txt", "a/.d"]:
        write(tmp_path / rel, "text")
    rels = [p.relative_to(tmp_path).as_posix() for p in walk_folder(tmp_path)]
    assert rels == ["A.txt", "a/b/c.txt", "a/z.html", "b.txt"]
    assert walk_folder(tmp_path) == walk_folder(tmp_path)


def test_a_folder_walk_does_not_follow_links_out_of_the_folder(tmp_path: Path) -> None:
    outside = write(tmp_path / "secret.txt", "root:x:0:0 secret")
    folder = tmp_path / "in"
    write(folder / "a.txt", "Five killed.")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    write(folder / "sub" / "b.txt", "Six killed.")
    (folder / "dir").symlink_to(folder / "sub")
    (folder / "broken.txt").symlink_to(tmp_path / "gone")
    items = list(iter_folder(folder))
    paths = [p.name for p in items if isinstance(p, Path)]
    assert paths == ["a.txt", "inside.txt", "b.txt"]
    rejected = _rejected_origins(items)
    assert "out of the folder" in rejected[str(folder / "passwd.txt")]
    assert "to a folder" in rejected[str(folder / "dir")]
    assert "broken" in rejected[str(folder / "broken.txt")]
    assert all("secret" not in m for m in rejected.values())


def test_an_empty_folder_gets_a_message(tmp_path: Path) -> None:
    write(tmp_path / "empty" / ".hidden", "x")
    (item,) = list(iter_folder(tmp_path / "empty"))
    assert "holds no files" in assert_rejected(item, "EmptyInputError").message
