"""Pass/fail of the conflict-report corpus (issue 11) per report and field group.

    python scripts/conflict_corpus_report.py            # the table and the counts
    python scripts/conflict_corpus_report.py -v         # and every failing check
    python scripts/conflict_corpus_report.py --write-gaps   # rewrite known_gaps.json

A cell is ``ok``, ``FAIL`` (failing and not in known_gaps.json), ``gap`` (failing, listed),
``FIXED`` (listed but passing: remove it from the table) or ``.`` (not coded for the report).
``--write-gaps`` keeps the reasons already written and drafts one for a new gap from its
failing checks: review every entry, the expected ledgers are never changed to fit the tool.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conflict_corpus import (
    GROUPS,
    KNOWN_GAPS,
    Check,
    group_results,
    groups_of,
    load_known_gaps,
    load_reports,
    run_corpus,
)

SHORT = {"perpetrators": "perps", "structure": "struct", "cumulative": "cumul",
         "published": "publ", "incidents": "incid"}  # fmt: skip


def cell(checks: list[Check] | None, listed: bool) -> str:
    if checks is None:
        return "."
    ok = all(c.ok for c in checks)
    return {(True, False): "ok", (False, False): "FAIL", (False, True): "gap"}.get(
        (ok, listed), "FIXED"
    )


def draft_reason(checks: list[Check]) -> str:
    """A first wording of a gap from its failing checks (to be reviewed by hand)."""
    failed = [c for c in checks if not c.ok]
    parts = [f"{c.field} expected {c.expected!r}, got {c.got!r}" for c in failed[:2]]
    more = f" (+{len(failed) - 2} more)" if len(failed) > 2 else ""
    return "; ".join(parts) + more


def print_table(
    results: dict[tuple[str, str], list[Check]], gaps: dict[str, dict[str, str]]
) -> None:
    names = sorted({r for r, _ in results})
    width = max(len(n) for n in names)
    heads = [SHORT.get(g, g)[:6] for g in GROUPS]
    print(f"{'report':<{width}}  " + " ".join(f"{h:>6}" for h in heads))
    for name in names:
        cells = [cell(results.get((name, g)), g in gaps.get(name, {})) for g in GROUPS]
        print(f"{name:<{width}}  " + " ".join(f"{c:>6}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print failing checks")
    parser.add_argument("--write-gaps", action="store_true", help="rewrite known_gaps.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    reports = load_reports()
    results = group_results(run_corpus(reports))
    gaps = load_known_gaps()
    print_table(results, gaps)
    checks = [c for cs in results.values() for c in cs]
    groups_ok = sum(all(c.ok for c in cs) for cs in results.values())
    print(f"\n{len(reports)} reports; field groups passing: {groups_ok}/{len(results)}; "
          f"checks passing: {sum(c.ok for c in checks)}/{len(checks)} "
          f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
    if args.verbose:
        for (name, group), cs in results.items():
            for c in (c for c in cs if not c.ok):
                print(f"{name} {group} {c.field}: expected {c.expected!r}, got {c.got!r}")
    if args.write_gaps:
        table = {
            r.name: {
                g: gaps.get(r.name, {}).get(g) or draft_reason(results.get((r.name, g), []))
                for g in groups_of(r)
                if not all(c.ok for c in results.get((r.name, g), []))
            }
            for r in reports
        }
        table = {name: groups for name, groups in table.items() if groups}
        KNOWN_GAPS.write_text(json.dumps(table, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {KNOWN_GAPS} ({sum(len(g) for g in table.values())} gaps)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
