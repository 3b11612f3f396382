"""Every shared case in tests/vectors/ through `meritkit._call_json`, with the
subset-matching rule of tests/vectors/README.md."""
import json
import math
import pathlib

import pytest

import meritkit as mk

_DIR = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"
# (native/: functions of native builds only, which the WebAssembly package does not run)
VECTORS = sorted(_DIR.glob("*.json")) + sorted((_DIR / "native").glob("*.json"))


def matches(expect, actual, path="$"):
    if isinstance(expect, dict):
        assert isinstance(actual, dict), f"{path}: expected object, got {actual!r}"
        for k, v in expect.items():
            assert k in actual, f"{path}.{k}: missing"
            matches(v, actual[k], f"{path}.{k}")
    elif isinstance(expect, list):
        assert isinstance(actual, list) and len(actual) == len(expect), f"{path}: expected {len(expect)} items, got {actual!r}"
        for i, (e, a) in enumerate(zip(expect, actual)):
            matches(e, a, f"{path}[{i}]")
    elif isinstance(expect, bool) or expect is None or isinstance(expect, str):
        assert actual == expect and type(actual) is type(expect), f"{path}: expected {expect!r}, got {actual!r}"
    elif isinstance(expect, (int, float)):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{path}: expected number, got {actual!r}"
        if abs(expect) < 1e-12:
            assert abs(actual) <= 1e-12, f"{path}: expected {expect}, got {actual}"
        else:
            assert math.isclose(actual, expect, rel_tol=1e-9), f"{path}: expected {expect}, got {actual}"
    else:  # pragma: no cover
        raise AssertionError(f"{path}: unsupported expectation {expect!r}")


def test_there_are_vectors():
    # every family of shared cases is here (rules, mcdm, succession, ahp, adverse impact, mapping, wasm, score, policy)
    prefixes = {p.stem.split("_")[0] for p in VECTORS}
    assert prefixes >= {"rules", "mcdm", "succession", "ahp", "adverse", "mapping", "wasm", "score", "policy"}
    assert len(VECTORS) >= 48


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_vector(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    answer = json.loads(mk._call_json(case["function"], json.dumps(case["request"])))
    matches(case["expect"], answer)


def test_score_result_json_is_the_core_json():
    """`ScoreResult.json()` from records, JSON and a DataFrame is byte for byte the core's answer."""
    case = next(json.loads(p.read_text()) for p in VECTORS if json.loads(p.read_text())["function"] == "score" and json.loads(p.read_text())["expect"]["ok"])
    req = case["request"]
    core = mk._call_json("score", json.dumps(req))
    policy = req.get("policy")
    date = req.get("date")
    assert mk.score(json.dumps(req)).json() == core
    assert mk.score(req["records"], policy=policy, date=date, period=req.get("period")).json() == core


def test_unknown_function_is_a_request_error():
    a = json.loads(mk._call_json("no_such_function", "{}"))
    assert a["ok"] is False and a["error"]["kind"] == "request_error"
