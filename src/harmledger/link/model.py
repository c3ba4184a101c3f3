"""The link model: one declarative, versioned file (``link/model.json``), loaded once.

The file holds everything that decides which claims link and how an incident is graded:
the comparisons with their levels (each level a condition on one measure of a pair of claims,
e.g. ``1 <= day_gap <= 3``) and weights, the bias, the match threshold, the average-link
cut-offs, the blocking parameters and the grading cut-offs. ``compare``, ``average``,
``blocking``, ``features`` and ``reconcile`` read their parameters from it; the pruning of
costly comparisons (``prune``) is derived from it and is no part of it.

Its ``version`` is the model's name plus a short hash of its content (``version_of``): a refit
(``scripts/fit_link_weights.py``) that changes any weight or cut-off gives a new version, the
same content always the same one. Each incident records the version that linked it
(``Incident.linker``). A file whose version does not match its content is refused, so a
hand edit cannot keep an old name. The format is described field by field in docs/LINKING.md.

``link_model()`` loads the shipped file, or the file ``$HARMLEDGER_LINK_MODEL`` names, once per
process; any wrong or missing field is a one-line ``ConfigError``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from harmledger.errors import ConfigError

#: The environment variable naming another model file (a refit under trial, say).
ENV_VAR = "HARMLEDGER_LINK_MODEL"
#: The shipped model's file name inside ``harmledger.link``.
FILE_NAME = "model.json"
#: The version of the file's layout this loader reads.
FORMAT = 1
#: The measures a level's condition may test; ``compare.MEASURES`` computes each of them.
MEASURES: frozenset[str] = frozenset(
    {
        "same_document", "same_kind", "day_gap", "km", "same_admin2", "place_inferred",
        "area_differs", "count_gap", "aggregate_mismatch", "text_similarity",
        "name_similarity", "victim_overlap", "perpetrator_overlap", "means_differ",
        "targets_differ", "undated_gap", "series_apart", "villages_differ",
    }
)  # fmt: skip
#: The measures that need the documents' MinHash signatures (costly: see ``prune``).
COSTLY_MEASURES: frozenset[str] = frozenset({"text_similarity", "name_similarity"})

_NUMBER = r"-?\d+(?:\.\d+)?"
_CONDITION = re.compile(
    rf"^(?:(?P<lo>{_NUMBER})\s*(?P<lo_op><=|<)\s*)?(?P<measure>[a-z_][a-z0-9_]*)"
    rf"(?:\s*(?P<op><=|<|>=|>|==)\s*(?P<hi>{_NUMBER}))?$"
)
_NULL = re.compile(r"^(?P<measure>[a-z_][a-z0-9_]*) is null$")
_FLIP = {"<": ">", "<=": ">="}


@dataclass(frozen=True, slots=True)
class Condition:
    """When a level holds: ``measure`` passes every ``(operator, number)`` test (``value OP
    number``) and is known; ``null``: the measure is unknown; no test: the level is the
    measure's value itself (a 0/1 flag, or a share between 0 and 1 that scales the weight)."""

    measure: str
    tests: tuple[tuple[str, float | int], ...] = ()
    null: bool = False


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    condition: str
    test: Condition
    weight: float
    fixed: bool = False  # set by hand, never fitted (``country_differs``)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Levels of one comparison, which exclude each other (a pair is in one at most)."""

    name: str
    description: str
    levels: tuple[Level, ...]


@dataclass(frozen=True, slots=True)
class Clustering:
    threshold: float  # merge clusters while their mean unit-pair score is above this
    missing: float  # what a pair of units that is not linked counts in that mean
    max_units: int  # a component of more units stays one cluster (single link)


@dataclass(frozen=True, slots=True)
class Blocking:
    window_days: int  # place blocks: date intervals at most this many days apart
    undated_lookback_days: int  # an undated claim: publication day and this many before
    max_offset: int  # at most this many later claims met per claim in a place block
    cell_degrees: float  # size of a place block's grid cell
    text_bands: int  # MinHash LSH bands of the text signatures
    name_bands: int  # MinHash LSH bands of the name signatures
    max_bucket: int  # a document meets at most this many earlier ones in one LSH bucket


@dataclass(frozen=True, slots=True)
class Grading:
    contested_ratio: float  # stories disagree by this factor or more ...
    contested_min_toll: int  # ... on a toll of at least this: contested
    corroborating_sources: int  # independent sources for corroborated or confirmed
    credible_sources: frozenset[str]  # source types that make corroboration confirmed


@dataclass(frozen=True, slots=True)
class LinkModel:
    name: str
    version: str
    bias: float
    threshold: float  # a pair of claims links when its score is above this (log-odds)
    comparisons: tuple[Comparison, ...]
    clustering: Clustering
    blocking: Blocking
    grading: Grading
    fit: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def levels(self) -> tuple[Level, ...]:
        return tuple(level for c in self.comparisons for level in c.levels)

    @property
    def features(self) -> tuple[str, ...]:
        """The columns of a pair's comparison matrix: the bias, then every level in order."""
        return ("bias", *(level.name for level in self.levels))

    def weights(self) -> npt.NDArray[np.float32]:
        """One weight per entry of ``features``."""
        return np.asarray([self.bias, *(lv.weight for lv in self.levels)], dtype=np.float32)

    def fixed_weights(self) -> dict[str, float]:
        return {lv.name: lv.weight for lv in self.levels if lv.fixed}


# -- loading ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def link_model() -> LinkModel:
    """The model in use: the file ``$HARMLEDGER_LINK_MODEL`` names, else the shipped one."""
    other = os.environ.get(ENV_VAR)
    if other:
        return load_model(Path(other))
    text = resources.files("harmledger.link").joinpath(FILE_NAME).read_text("utf-8")
    return parse_model(text, f"harmledger/link/{FILE_NAME}")


def load_model(path: Path) -> LinkModel:
    """The model in ``path``; ConfigError when it is missing or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the link model {path}: {exc.strerror or exc}") from exc
    return parse_model(text, str(path))


def parse_model(text: str, source: str = "link model") -> LinkModel:
    """The model in the JSON ``text``, checked field by field (``source`` names it in errors)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{source}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    try:
        model = model_from_dict(data)
    except _Invalid as exc:
        raise ConfigError(f"{source}: {exc}") from None
    expected = version_of(model)
    if model.version != expected:
        raise ConfigError(
            f"{source}: version {model.version!r} does not match its content ({expected!r});"
            " a changed model needs that new version (scripts/fit_link_weights.py writes it)"
        )
    return model


class _Invalid(Exception):
    """A wrong or missing field (turned into a ConfigError naming the file)."""


def _get(data: Any, key: str, kind: type, where: str) -> Any:
    """``data[key]``, which must be of ``kind`` (float: any finite number; never a bool)."""
    name = f"{where}.{key}" if where else key
    if not isinstance(data, dict):
        raise _Invalid(f"{where or 'the model'} must be an object")
    if key not in data:
        raise _Invalid(f"{name} is missing")
    value = data[key]
    accepted = (int, float) if kind is float else kind
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, accepted):
        raise _Invalid(f"{name} must be {_KIND_NAMES[kind]}")
    if kind is float and not math.isfinite(data[key]):
        raise _Invalid(f"{name} must be a finite number")
    return value


_KIND_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
               list: "a list", dict: "an object"}  # fmt: skip


def _number(data: Any, key: str, where: str) -> float:
    return float(_get(data, key, float, where))


def _positive_int(data: Any, key: str, where: str) -> int:
    value = _get(data, key, int, where)
    if value < 0:
        raise _Invalid(f"{where}.{key} must not be negative")
    return int(value)


def model_from_dict(data: Any) -> LinkModel:
    """The model of a parsed file (its version is not checked here)."""
    if _get(data, "format", int, "") != FORMAT:
        raise _Invalid(f"format {data['format']} is not {FORMAT}; upgrade harmledger")
    listed = _get(data, "comparisons", list, "")
    comparisons = tuple(_comparison(c, k) for k, c in enumerate(listed))
    names = [lv.name for c in comparisons for lv in c.levels]
    if not comparisons or len(set(names)) != len(names) or "bias" in names:
        raise _Invalid("comparisons must be non-empty, with distinct level names (not 'bias')")
    c, b, g = (_get(data, k, dict, "") for k in ("clustering", "blocking", "grading"))
    clustering = Clustering(
        _number(c, "threshold", "clustering"), _number(c, "missing", "clustering"),
        _positive_int(c, "max_units", "clustering"),
    )  # fmt: skip
    if clustering.missing >= clustering.threshold:
        raise _Invalid("clustering.missing must be below clustering.threshold")
    counts = {
        k: _positive_int(b, k, "blocking")
        for k in ("window_days", "undated_lookback_days", "max_offset", "text_bands",
                  "name_bands", "max_bucket")
    }  # fmt: skip
    blocking = Blocking(cell_degrees=_number(b, "cell_degrees", "blocking"), **counts)
    credible = _get(g, "credible_sources", list, "grading")
    if not all(isinstance(s, str) for s in credible):
        raise _Invalid("grading.credible_sources must be a list of strings")
    grading = Grading(
        _number(g, "contested_ratio", "grading"), _positive_int(g, "contested_min_toll", "grading"),
        _positive_int(g, "corroborating_sources", "grading"), frozenset(credible),
    )  # fmt: skip
    fit = data.get("fit", {})
    return LinkModel(
        name=_get(data, "name", str, ""),
        version=_get(data, "version", str, ""),
        bias=_number(data, "bias", ""),
        threshold=_number(data, "threshold", ""),
        comparisons=comparisons,
        clustering=clustering,
        blocking=blocking,
        grading=grading,
        fit=fit if isinstance(fit, dict) else {},
    )


def _comparison(data: Any, k: int) -> Comparison:
    where = f"comparisons[{k}]"
    name = _get(data, "name", str, where)
    levels = _get(data, "levels", list, where)
    if not levels:
        raise _Invalid(f"{where}.levels must not be empty")
    return Comparison(
        name,
        data.get("description", "") if isinstance(data.get("description"), str) else "",
        tuple(_level(lv, f"{where}.levels[{n}]") for n, lv in enumerate(levels)),
    )


def _level(data: Any, where: str) -> Level:
    condition = _get(data, "condition", str, where)
    fixed = data.get("fixed", False) if isinstance(data, dict) else False
    if not isinstance(fixed, bool):
        raise _Invalid(f"{where}.fixed must be true or false")
    return Level(
        _get(data, "name", str, where), condition, parse_condition(condition, where),
        _number(data, "weight", where), fixed,
    )  # fmt: skip


def parse_condition(text: str, where: str = "condition") -> Condition:
    """``day_gap <= 0``, ``1 <= day_gap <= 3``, ``km is null``, ``same_kind``, ..."""
    text = " ".join(text.split())
    null = _NULL.match(text)
    found = null or _CONDITION.match(text)
    if found is None:
        raise _Invalid(f"{where}.condition {text!r} is not 'a <= measure < b' or 'measure is null'")
    measure = found["measure"]
    if measure not in MEASURES:
        raise _Invalid(f"{where}.condition: unknown measure {measure!r}")
    if null:
        return Condition(measure, null=True)
    tests: list[tuple[str, float | int]] = []
    if found["lo"] is not None:
        tests.append((_FLIP[found["lo_op"]], _literal(found["lo"])))
    if found["op"] is not None:
        if found["lo"] is not None and found["op"] not in ("<", "<="):
            raise _Invalid(f"{where}.condition {text!r}: a range is 'a <= measure < b'")
        tests.append((found["op"], _literal(found["hi"])))
    return Condition(measure, tuple(tests))


def _literal(text: str) -> float | int:
    return float(text) if "." in text else int(text)


# -- versions and writing -----------------------------------------------------------------------


def model_to_dict(model: LinkModel) -> dict[str, Any]:
    """The file's content (``json.dumps`` of it is what the fit script writes)."""
    return {
        "format": FORMAT,
        "name": model.name,
        "version": model.version,
        "fit": dict(model.fit),
        "bias": model.bias,
        "threshold": model.threshold,
        "comparisons": [
            {
                "name": c.name,
                "description": c.description,
                "levels": [_level_dict(lv) for lv in c.levels],
            }
            for c in model.comparisons
        ],
        "clustering": _fields(model.clustering),
        "blocking": _fields(model.blocking),
        "grading": _fields(model.grading)
        | {"credible_sources": sorted(model.grading.credible_sources)},
    }


def _level_dict(level: Level) -> dict[str, Any]:
    out: dict[str, Any] = {"name": level.name, "condition": level.condition, "weight": level.weight}
    return out | {"fixed": True} if level.fixed else out


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}


def version_of(model: LinkModel) -> str:
    """``<name>+<8 hex digits>``: a hash of everything that decides links and grades (not
    the fit's notes, the descriptions or the version itself)."""
    content = model_to_dict(model)
    for key in ("version", "fit"):
        del content[key]
    for comparison in content["comparisons"]:
        del comparison["description"]
        for level in comparison["levels"]:
            level["weight"] = float(level["weight"])
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return f"{model.name}+{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:8]}"


def with_weights(
    model: LinkModel, weights: Mapping[str, float], fit: Mapping[str, Any]
) -> LinkModel:
    """``model`` with new weights (by feature name, ``bias`` included; fixed levels keep
    theirs) and fit notes, under the version of its new content."""
    unknown = sorted(set(weights) - set(model.features))
    if unknown:
        raise ConfigError(f"no level named {', '.join(unknown)} in the link model")

    def level(lv: Level) -> Level:
        return lv if lv.fixed else replace(lv, weight=float(weights.get(lv.name, lv.weight)))

    comparisons = tuple(
        replace(c, levels=tuple(level(lv) for lv in c.levels)) for c in model.comparisons
    )
    bias = float(weights.get("bias", model.bias))
    new = replace(model, bias=bias, comparisons=comparisons, fit=dict(fit), version="")
    return replace(new, version=version_of(new))


def dump_model(model: LinkModel) -> str:
    """The model as the file holds it (JSON, two-space indents, a final newline)."""
    return json.dumps(model_to_dict(model), indent=2) + "\n"
