"""Count word choices written into the code instead of the rule data (issue 13, item 3).

    python scripts/count_inline_words.py [--list] [PATH ...]

PATHs default to the modules that read words: ``extract/``, ``link/``, ``resolve/`` and
``redact.py`` under ``src/harmledger``. Counts, with Python's own parser, two kinds of comparison
against string literals:

- inline set tests: ``x in {"a", "b"}`` / ``not in ("a", ...)`` / ``in [...]``;
- word comparisons: ``x == "word"`` / ``x != "word"``.

Each is *structural* when it tests a parse label (``dep_``, ``pos_``, ``tag_``, ``ent_type_``,
``label_``; or the literals look like labels: ``nsubj``, ``VERB``, ``GPE``) or one of the
extractor's own names (claim kinds such as ``killed``), and *linguistic* otherwise: a word
choice that belongs in ``extract/rules_data``. It also counts ``word_lists``: word lists
written as Python (a set, list, tuple or dict of three or more lower-case words, or a
``"word word word".split()``), which belong there too. Prints one line per file and the totals;
``--list`` also prints each linguistic comparison and word list.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LABEL_ATTRS = {
    "dep_",
    "pos_",
    "tag_",
    "ent_type_",
    "label_",
    "ent_iob_",
    "kind",
    "dep",
    "pos",
    "source_type",
    "qualifier",
    "precision",
    "label",
    "reason",
    "certainty",
}
WORD_ATTRS = {"lower_", "lemma_", "text", "norm_", "orth_"}
DEP_LABELS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "prep",
    "agent",
    "acl",
    "relcl",
    "amod",
    "advmod",
    "compound",
    "conj",
    "cc",
    "poss",
    "det",
    "nummod",
    "npadvmod",
    "appos",
    "attr",
    "acomp",
    "advcl",
    "xcomp",
    "ccomp",
    "pcomp",
    "aux",
    "auxpass",
    "neg",
    "mark",
    "punct",
    "prt",
    "oprd",
    "dative",
    "nmod",
    "case",
    "quantmod",
    "expl",
    "csubj",
    "csubjpass",
    "intj",
    "meta",
    "parataxis",
    "preconj",
    "predet",
    "ROOT",
    "dep",
    "",
}
OWN_NAMES = {
    "window",
    "up_to",
    "since",
    "to_date",
    "lower",
    "killed",
    "injured",
    "abducted",
    "detained",
    "displaced",
    "attacked",
    "property",
    "exact",
    "at_least",
    "at_most",
    "more_than",
    "less_than",
    "about",
    "range",
    "alleged",
    "claimed",
    "confirmed",
    "civilian",
    "combatant",
    "unknown",
    "p",
    "o",
    "g",
    "c",
    "x",
    "person",
    "org",
    "group",
    "direct",
    "indirect",
}


def _strings(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Set | ast.Tuple | ast.List) and node.elts:
        values = [_text(e) for e in node.elts]
        strings = [v for v in values if v is not None]
        if len(strings) == len(node.elts):
            return strings
    return None


def _text(node: ast.AST | None) -> str | None:
    """The string of a string literal, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _structural(left: ast.AST, values: list[str]) -> bool:
    target = left.func if isinstance(left, ast.Call) else left
    if isinstance(target, ast.Attribute) and target.attr == "lower":
        target = target.value
    if isinstance(target, ast.Attribute) and target.attr in LABEL_ATTRS:
        return True
    if not any(any(ch.isalpha() for ch in v) for v in values):
        return True  # punctuation, digits
    if isinstance(target, ast.Attribute) and target.attr in WORD_ATTRS:
        return False
    return all(v in DEP_LABELS or v.isupper() or v in OWN_NAMES for v in values)


DEFAULT_ROOTS = ("extract", "link", "resolve", "redact.py")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz '-")


def _word_list(node: ast.AST) -> list[str] | None:
    """The words of a word list written as Python, or None."""
    values: list[str] | None = None
    if isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
        keys = [_text(k) for k in node.keys]
        values = [k for k in keys if k is not None] if None not in keys else None
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        text = _text(node.func.value)
        values = text.split() if node.func.attr == "split" and text and not node.args else None
    elif isinstance(node, ast.Set | ast.Tuple | ast.List):
        values = _strings(node)
    if values is None or len(values) < 3:
        return None
    words = [v for v in values if v and set(v) <= _WORD_CHARS and any(c.isalpha() for c in v)]
    if len(words) < len(values) or all(v in OWN_NAMES or v in DEP_LABELS for v in words):
        return None
    return words


def count_word_lists(tree: ast.AST, path: Path, show: bool) -> int:
    found = 0
    for node in ast.walk(tree):
        words = _word_list(node)
        if words is not None:
            found += 1
            if show:
                print(f"  {path}:{getattr(node, 'lineno', 0)}: list {' '.join(words)[:80]}")
    return found


def count(path: Path, show: bool = False) -> dict[str, int]:
    found = {"set_linguistic": 0, "set_structural": 0, "eq_linguistic": 0, "eq_structural": 0}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found["word_lists"] = count_word_lists(tree, path, show)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn) and not isinstance(right, ast.Constant):
                values, kind = _strings(right), "set"
            elif isinstance(op, ast.Eq | ast.NotEq):
                values, kind = _strings(right) or _strings(left), "eq"
                if isinstance(right, ast.Set | ast.Tuple | ast.List):
                    values = None
            else:
                values = None
            if values is not None:
                side = "structural" if _structural(left, values) else "linguistic"
                found[f"{kind}_{side}"] += 1
                if show and side == "linguistic":
                    print(f"  {path}:{node.lineno}: {ast.unparse(node)[:90]}")
            left = right
    return found


def main(argv: list[str]) -> int:
    show = "--list" in argv
    roots = [Path(a) for a in argv if a != "--list"] or [
        Path("src/harmledger") / name for name in DEFAULT_ROOTS
    ]
    total: dict[str, int] = {}
    for root in roots:
        for path in sorted(root.rglob("*.py") if root.is_dir() else [root]):
            found = count(path, show)
            if any(found.values()):
                print(path, " ".join(f"{k}={v}" for k, v in found.items()))
            for key, value in found.items():
                total[key] = total.get(key, 0) + value
    print("total", " ".join(f"{k}={v}" for k, v in total.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
