"""The eval gate: dev-set headline metrics must stay above the floors in eval/floors.json.

Usage::

    .venv/bin/python scripts/eval_gate.py                      # all tasks, exit 1 below a floor
    .venv/bin/python scripts/eval_gate.py --tasks roles,geo --json gate.json
    .venv/bin/python scripts/eval_gate.py --update-floors      # raise floors to measured - 0.02
    .venv/bin/python scripts/eval_gate.py --update-floors --allow-regression "why"

The data is read from ../shared/eval (never copied here); without it the gate is skipped.
The logic lives in ``harmledger.evaluate.gate``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from harmledger.evaluate.gate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], root=ROOT))
