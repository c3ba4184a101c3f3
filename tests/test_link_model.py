"""The link model file: loading, checking, versions, and the scores it decides."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from harmledger.errors import ConfigError
from harmledger.link import compare, prune, reconcile
from harmledger.link.model import (
    ENV_VAR,
    MEASURES,
    dump_model,
    link_model,
    load_model,
    model_from_dict,
    parse_condition,
    parse_model,
    version_of,
    with_weights,
)
from test_link_compare import arr, one_pair
from test_link_table import make_claim


def shipped() -> dict[str, Any]:
    text = resources.files("harmledger.link").joinpath("model.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def stamped(data: dict[str, Any]) -> str:
    """``data`` as a file whose version matches its (edited) content."""
    model = model_from_dict(data)
    return dump_model(replace(model, version=version_of(model)))


@pytest.fixture
def fresh_model() -> Iterator[None]:
    link_model.cache_clear()
    yield
    link_model.cache_clear()


# -- the shipped file ------------------------------------------------------------------------


def test_the_shipped_model_loads_under_its_version() -> None:
    model = link_model()
    assert model.name == "harmledger.link.v3"
    assert model.version.startswith("harmledger.link.v3+") and len(model.version) == 27
    assert model.version == version_of(model) == reconcile.LINKER
    assert model.features[0] == "bias" and model.features == compare.FEATURES
    assert model.threshold == compare.THRESHOLD
    assert model.fixed_weights() == {"country_differs": -10.0}


def test_the_shipped_file_is_what_the_fit_script_writes() -> None:
    text = resources.files("harmledger.link").joinpath("model.json").read_text("utf-8")
    assert dump_model(link_model()) == text


def test_every_measure_is_computed() -> None:
    assert set(compare.MEASURES) == MEASURES
    assert {lv.test.measure for lv in link_model().levels} <= MEASURES


def test_conditions_parse_as_written() -> None:
    one_to_three = parse_condition("1 <= day_gap <= 3")
    assert one_to_three.measure == "day_gap" and one_to_three.tests == ((">=", 1), ("<=", 3))
    assert parse_condition("0.1 <= text_similarity < 0.5").tests == ((">=", 0.1), ("<", 0.5))
    assert parse_condition("km is null").null and parse_condition("same_kind").tests == ()


# -- a wrong or missing field ----------------------------------------------------------------


def _without(key: str) -> dict[str, Any]:
    data = shipped()
    del data[key]
    return data


def _level_with(**fields: Any) -> dict[str, Any]:
    data = shipped()
    data["comparisons"][2]["levels"][0].update(fields)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_without("threshold"), "threshold is missing"),
        (_without("blocking"), "blocking is missing"),
        (_level_with(weight="high"), r"comparisons\[2\].levels\[0\].weight must be a number"),
        (_level_with(condition="days <= 0"), "unknown measure 'days'"),
        (_level_with(condition="day_gap <= soon"), "is not 'a <= measure < b'"),
        (_level_with(condition="1 <= day_gap > 3"), "a range is"),
        (_level_with(name="km_0_5"), "distinct level names"),
        ({**shipped(), "format": 2}, "format 2 is not 1"),
        ({**shipped(), "blocking": {**shipped()["blocking"], "window_days": -1}}, "negative"),
        ({**shipped(), "clustering": {**shipped()["clustering"], "missing": 1.0}}, "missing"),
    ],
)
def test_a_wrong_or_missing_field_is_a_one_line_config_error(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_model(json.dumps(data), "model.json")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("model.json: ")


def test_a_file_that_is_not_json_or_not_there_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not JSON"):
        parse_model("{", "model.json")
    with pytest.raises(ConfigError, match="cannot read the link model"):
        load_model(tmp_path / "absent.json")


def test_a_hand_edit_that_keeps_the_old_version_is_refused() -> None:
    data = shipped()
    data["threshold"] = 1.0
    with pytest.raises(ConfigError, match="does not match its content"):
        parse_model(json.dumps(data), "model.json")
    assert parse_model(stamped(data)).threshold == 1.0


def test_costly_levels_that_are_not_consecutive_are_refused() -> None:
    data = shipped()
    data["comparisons"].append(data["comparisons"].pop(10))  # the text comparison moves last
    with pytest.raises(ConfigError, match="consecutive"):
        prune.plan(parse_model(stamped(data)))


# -- versions --------------------------------------------------------------------------------


def test_the_version_changes_when_a_weight_changes_and_not_otherwise() -> None:
    model = link_model()
    fitted = {"bias": model.bias} | {lv.name: lv.weight for lv in model.levels}
    same = with_weights(model, fitted, {"note": "refit"})
    assert same.version == model.version  # the same fit (new notes) keeps its name
    changed = with_weights(model, {"names_mid": 1.5}, model.fit)
    assert changed.version != model.version and changed.name == model.name
    assert with_weights(model, {"bias": -2.0}, {}).version not in {model.version, changed.version}
    fixed = with_weights(model, {"country_differs": 0.0}, {})
    assert fixed.version == model.version  # fixed weights are never refitted
    data = shipped()
    data["comparisons"][0]["description"] = "reworded"
    assert parse_model(stamped(data)).version == model.version
    data["blocking"]["window_days"] = 2
    assert parse_model(stamped(data)).version != model.version


def test_unknown_weights_are_refused() -> None:
    with pytest.raises(ConfigError, match="no level named nonsense"):
        with_weights(link_model(), {"nonsense": 1.0}, {})


# -- the model decides the scores ------------------------------------------------------------


def _near_pair() -> Any:
    """Two claims of one day, 4 km apart (the km_0_5 level)."""
    return one_pair(make_claim("a", place="baniyas"), make_claim("b", place="baniyas-south"))


def test_compare_reads_the_weights_from_the_model_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_model: None
) -> None:
    t, i, j = _near_pair(), arr([0]), arr([1])
    before = float(prune.score(t, i, j, floor=None)[0])
    model = link_model()
    km = next(lv.weight for lv in model.levels if lv.name == "km_0_5")
    path = tmp_path / "model.json"
    path.write_text(dump_model(with_weights(model, {"km_0_5": km + 3.0}, {})), "utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    link_model.cache_clear()
    assert link_model().version != model.version
    assert float(prune.score(t, i, j, floor=None)[0]) == pytest.approx(before + 3.0, abs=1e-5)


def test_level_thresholds_come_from_the_model() -> None:
    t, i, j = _near_pair(), arr([0]), arr([1])
    model = link_model()
    column = model.features.index("km_0_5")
    assert compare.pair_features(t, i, j)[0, column] == 1.0
    data = shipped()
    data["comparisons"][3]["levels"][0]["condition"] = "km <= 1"
    data["comparisons"][3]["levels"][1]["condition"] = "1 < km <= 25"
    narrow = parse_model(stamped(data))
    x = compare.pair_features(t, i, j, narrow)[0]
    assert x[column] == 0.0 and x[column + 1] == 1.0
    assert prune.score(t, i, j, floor=None, model=narrow)[0] != prune.score(t, i, j, floor=None)[0]
    assert np.array_equal(compare.weights(narrow), compare.weights())


def test_the_fit_script_writes_a_model_that_loads_under_a_new_version(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[1] / "scripts" / "fit_link_weights.py"
    spec = importlib.util.spec_from_file_location("fit_link_weights", script)
    assert spec is not None and spec.loader is not None
    fit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fit)
    model = link_model()
    rng = np.random.default_rng(0)
    x = (rng.random((400, len(model.features))) < 0.3).astype(np.float64)
    x[:, 0] = 1.0
    y = (x[:, model.features.index("names_high")] > 0).astype(np.float64)
    args = SimpleNamespace(l2=1.0)
    w = fit.fit_all(x, y, args, np.ones(len(y)), model)
    assert w[model.features.index("country_differs")] == -10.0  # fixed: never fitted
    fitted = {name: round(float(v), 4) for name, v in zip(model.features, w, strict=True)}
    new = with_weights(model, fitted, {"fitted_on": "invented pairs"})
    path = tmp_path / "model.json"
    path.write_text(dump_model(new), "utf-8")
    loaded = load_model(path)
    assert loaded.version == new.version != model.version
    assert loaded.fit == {"fitted_on": "invented pairs"}
    assert dict(zip(loaded.features, loaded.weights().tolist(), strict=True))["names_high"] > 0
