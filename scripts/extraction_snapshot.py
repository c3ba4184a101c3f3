"""Snapshot what the extractor finds on a fixed sample of dev documents, or compare with one.

A restructure of the extract stage must not change what it finds. Take a snapshot before the
change and compare after it:

    python scripts/extraction_snapshot.py --out /tmp/before.jsonl
    python scripts/extraction_snapshot.py --compare /tmp/before.jsonl

The sample is the first N documents (file order) of each dev task named (default: 200 roles
documents, 100 conflict, 100 link, 50 quotes). Each line is one document's extraction as
canonical JSON (sorted keys; the extractor's version name left out), so a diff names the
documents that changed. Exit status 1 when any document differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harmledger.models import Rejection, to_dict
from harmledger.pipeline import extract_records
from harmledger.settings import Settings

DEFAULT_SAMPLE = {"roles": 200, "conflict": 100, "link": 100, "quotes": 50}


def _records(eval_dir: Path, sample: dict[str, int]) -> Iterator[tuple[str, dict[str, Any]]]:
    for task, limit in sample.items():
        path = eval_dir / "dev" / task / "docs.jsonl"
        with path.open(encoding="utf-8") as handle:
            for i, line in enumerate(handle):
                if i >= limit:
                    break
                record = json.loads(line)
                yield f"{task}#{record['id']}", record


def _strip_versions(value: Any) -> Any:
    """The value without ``extractor`` names: a renamed version is not a changed finding."""
    if isinstance(value, dict):
        return {k: _strip_versions(v) for k, v in value.items() if k != "extractor"}
    if isinstance(value, list):
        return [_strip_versions(v) for v in value]
    return value


def snapshot(eval_dir: Path, sample: dict[str, int]) -> dict[str, str]:
    """Canonical JSON of each sampled document's extraction (or its rejection), by id."""
    found: dict[str, str] = {}
    records = _records(eval_dir, sample)
    for rid, _document, result in extract_records(records, Settings(), headline=False):
        if isinstance(result, Rejection):
            body: Any = {"rejected": result.message}
        else:
            body = _strip_versions(to_dict(result))
        found[rid] = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return found


def _parse_sample(text: str | None) -> dict[str, int]:
    if not text:
        return dict(DEFAULT_SAMPLE)
    sample: dict[str, int] = {}
    for part in text.split(","):
        task, _, limit = part.partition("=")
        sample[task.strip()] = int(limit or 100)
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--sample", help="TASK=N,...  (default roles=200,conflict=100,...)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write the snapshot here")
    group.add_argument("--compare", type=Path, help="compare with this snapshot")
    args = parser.parse_args(argv)
    found = snapshot(args.eval_dir, _parse_sample(args.sample))
    if args.out:
        with args.out.open("w", encoding="utf-8") as handle:
            for rid, body in found.items():
                handle.write(json.dumps({"id": rid, "extraction": body}) + "\n")
        print(f"{len(found)} documents written to {args.out}")
        return 0
    before = {}
    for line in args.compare.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        before[row["id"]] = row["extraction"]
    changed = sorted(
        rid for rid in before.keys() | found.keys() if before.get(rid) != found.get(rid)
    )
    for rid in changed:
        print(f"changed: {rid}")
    print(f"{len(found)} documents, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
