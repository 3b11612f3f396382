"""`mk.mcdm`: SAW / TOPSIS on NumPy matrices (no JSON for the matrix) against the JSON path `mk.call("mcdm")`
and the peers' answers in the shared vectors (tests/vectors/mcdm_*.json: pymcdm, scikit-criteria)."""
import json
import math
import pathlib
import re

import numpy as np
import pytest

import meritkit as mk

VECTORS = sorted((pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors").glob("mcdm_*.json"))
OK = [p for p in VECTORS if json.loads(p.read_text(encoding="utf-8"))["expect"]["ok"]]

M = [[80.0, 4.0, 3.5], [100.0, 2.0, 4.0], [90.0, 3.0, 2.0], [70.0, 5.0, 3.0]]
W = [0.5, 0.3, 0.2]
T = ["benefit", "cost", "benefit"]


def _typed(req):
    return mk.mcdm(np.array(req["matrix"]), req["weights"], req["types"], method=req["method"],
                   normalisation=req.get("normalisation"), ranges=req.get("ranges"))


def test_every_peer_vector_is_here():
    # pymcdm and scikit-criteria, SAW and TOPSIS, every normalisation the peers share
    assert len(OK) >= 18
    assert {json.loads(p.read_text())["request"]["method"] for p in OK} == {"saw", "topsis"}


@pytest.mark.parametrize("path", OK, ids=[p.stem for p in OK])
def test_equals_the_json_path_and_the_peer(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    req, expect = case["request"], case["expect"]["value"]
    res = _typed(req)
    via_json = mk.call("mcdm", req)
    # the same core functions. Not bit for bit here: the core's JSON reader (serde_json without its
    # `float_roundtrip` feature) reads some 17-digit weights of these vectors one ulp off, while the NumPy path gets
    # Python's exact floats; bit-for-bit equality on short decimals is tested below.
    for got, want in zip(res.scores.tolist(), via_json["scores"]):
        assert math.isclose(got, want, rel_tol=1e-13, abs_tol=1e-15)
    assert res.order.tolist() == via_json["order"] and res.ranks.tolist() == via_json["ranks"]
    assert res.method == via_json["method"] and res.normalisation == via_json["normalisation"]
    # and the peer's answer recorded in the vector
    for got, want in zip(res.scores.tolist(), expect["scores"]):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
    if "order" in expect:
        assert res.order.tolist() == expect["order"]


def test_bit_for_bit_the_json_answer():
    for method in ("topsis", "saw"):
        for norm in ("linear", "max", "min_max", "vector", "sum"):
            req = {"method": method, "matrix": M, "weights": W, "types": T, "normalisation": norm}
            res, via_json = _typed(req), mk.call("mcdm", req)
            assert res.scores.tolist() == via_json["scores"], (method, norm)
            assert res.ranks.tolist() == via_json["ranks"] and res.order.tolist() == via_json["order"]


def test_arrays_are_numpy_in_input_order():
    res = mk.mcdm(M, W, T, method="saw")
    assert res.scores.dtype == np.float64 and res.ranks.dtype == np.int64 and res.order.dtype == np.int64
    assert res.scores.shape == res.ranks.shape == res.order.shape == (4,) and len(res) == 4
    assert res.scores.flags.writeable  # the caller's own arrays
    # order: best first; ranks: 1 = best, in input order
    assert list(res.scores[res.order]) == sorted(res.scores, reverse=True)
    assert res.ranks[res.order[0]] == 1 and sorted(res.ranks.tolist()) == [1, 2, 3, 4]
    df = res.to_pandas()
    assert list(df.columns) == ["score", "rank"] and df["rank"].tolist() == res.ranks.tolist()
    assert "method=saw" in repr(res) and "normalisation=linear" in repr(res)


def test_defaults_and_pymcdm_type_convention():
    a = mk.mcdm(M, W, T)
    assert a.method == "topsis" and a.normalisation == "vector"
    assert mk.mcdm(M, W, T, method="saw").normalisation == "linear"
    # pymcdm's 1 / -1 (a list or an integer array) means benefit / cost
    for types in ([1, -1, 1], np.array([1, -1, 1]), np.array([1.0, -1.0, 1.0])):
        assert mk.mcdm(M, W, types).scores.tolist() == a.scores.tolist()


def test_equal_scores_share_a_competition_rank():
    # min_max, equal weights: column 0 → 0.5, 1, 0.5, 0; column 1 → 0, 1/3, 0, 1; scores 0.25, 2/3, 0.25, 0.5.
    # Rows 0 and 2 tie: both rank 3 ("1224" competition ranks), the lower index first in the order.
    m = [[3.0, 1.0], [5.0, 2.0], [3.0, 1.0], [1.0, 4.0]]
    res = mk.mcdm(m, [0.5, 0.5], ["benefit", "benefit"], method="saw", normalisation="min_max")
    assert np.allclose(res.scores, [0.25, 2 / 3, 0.25, 0.5], rtol=0, atol=1e-15)
    assert res.order.tolist() == [1, 3, 0, 2]
    assert res.ranks.tolist() == [3, 1, 3, 2]


@pytest.mark.parametrize("method", ["topsis", "saw"])
def test_any_layout_and_numeric_dtype_gives_the_same_answer(method):
    rng = np.random.default_rng(7)
    big = np.round(rng.uniform(1.0, 100.0, size=(40, 12)), 3)  # short decimals: the JSON reader gets them exactly
    base = np.ascontiguousarray(big[::2, 1::3])  # 20 × 4
    w, t = [0.4, 0.3, 0.2, 0.1], ["benefit", "cost", "benefit", "cost"]
    want = mk.call("mcdm", {"method": method, "matrix": base.tolist(), "weights": w, "types": t})["scores"]
    views = {
        "strided view": big[::2, 1::3],
        "Fortran order": np.asfortranarray(base),
        "big-endian": base.astype(">f8"),
        "nested lists": base.tolist(),
    }
    assert not views["strided view"].flags.c_contiguous and views["Fortran order"].flags.f_contiguous
    for name, m in views.items():
        assert mk.mcdm(m, np.array(w), t, method=method).scores.tolist() == want, name
    ints = rng.integers(1, 100, size=(15, 4))
    for dt in (np.int32, np.int64, np.uint16):
        got = mk.mcdm(ints.astype(dt), w, t, method=method).scores.tolist()
        assert got == mk.call("mcdm", {"method": method, "matrix": ints.astype(float).tolist(), "weights": w, "types": t})["scores"]


def test_a_dataframe_of_numbers_is_a_matrix():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(M, columns=["skp", "absence", "potential"])
    assert mk.mcdm(df, W, T).scores.tolist() == mk.mcdm(np.array(M), W, T).scores.tolist()


def test_a_matrix_without_rows_gives_empty_results():
    for norm in (None, "vector", "linear", "sum", "min_max", "max"):
        for method in ("topsis", "saw"):
            res = mk.mcdm(np.empty((0, 3)), W, T, method=method, normalisation=norm)
            assert len(res) == 0 and res.scores.dtype == np.float64 and res.ranks.dtype == np.int64
            assert res.order.shape == (0,)
    # the weights are still checked
    with pytest.raises(mk.RequestError) as ei:
        mk.mcdm(np.empty((0, 3)), [1.0, 2.0], T)
    assert ei.value.errors()[0]["path"] == "weights"


def _unplaced(problems):
    # the JSON path locates a problem in its request text too ("at line 1 column 40"); the NumPy path has no text
    out = []
    for p in problems:
        m = {k: re.sub(r" (at line|pada baris) \d+ (column|kolom) \d+$", "", v) for k, v in p["message"].items()}
        out.append(dict(p, message=m))
    return out


def _problems(exc):
    return [(p["code"], p["path"]) for p in exc.errors()]


def _json_problems(req):
    with pytest.raises(mk.ValidationError) as ei:
        mk.call("mcdm", req)
    return type(ei.value), ei.value.code, ei.value.errors()


BAD = {
    "weights count": {"weights": [0.5, 0.5]},
    "negative weight": {"weights": [0.5, -0.3, 0.2]},
    "all-zero weights": {"weights": [0.0, 0.0, 0.0]},
    "types count": {"types": ["benefit", "cost"]},
    "unknown type": {"types": ["benefit", "gain", "cost"]},
    "unknown method": {"method": "electre"},
    "unknown normalisation": {"normalisation": "zscore"},
    "fixed_range without ranges": {"normalisation": "fixed_range"},
    "empty range": {"normalisation": "fixed_range", "ranges": [[0, 100], [5, 5], [0, 5]]},
    "ranges count": {"normalisation": "fixed_range", "ranges": [[0, 100], [0, 5]]},
    "a range that is not a pair": {"normalisation": "fixed_range", "ranges": [[0, 100], [1], [0, 5]]},
    "cost with a zero under linear": {"method": "saw", "matrix": [[80.0, 0.0, 3.5], [100.0, 2.0, 4.0]]},
    "all-zero column under vector": {"matrix": [[80.0, 4.0, 0.0], [100.0, 2.0, 0.0]]},
}


@pytest.mark.parametrize("name", list(BAD))
def test_errors_are_those_of_the_json_path(name):
    req = {"method": "topsis", "matrix": M, "weights": W, "types": T}
    req.update(BAD[name])
    cls, code, problems = _json_problems(req)
    with pytest.raises(mk.ValidationError) as ei:
        _typed(req)
    assert type(ei.value) is cls and ei.value.code == code
    assert _unplaced(ei.value.errors()) == _unplaced(problems)
    assert [p["path"] for p in problems] and all(p["code"] for p in problems)


def test_non_finite_cells_and_weights_are_located():
    m = np.array(M)
    m[2, 1] = np.nan
    with pytest.raises(mk.RequestError) as ei:
        mk.mcdm(m, W, T)
    assert _problems(ei.value) == [("invalid_request", "matrix[2][1]")]
    assert "nan" not in str(ei.value).lower()  # the message names the cell, not the value
    m[2, 1] = 3.0
    m[0, 2] = -np.inf
    with pytest.raises(mk.RequestError) as ei:
        mk.mcdm(m, W, T)
    assert _problems(ei.value) == [("invalid_request", "matrix[0][2]")]
    with pytest.raises(mk.RequestError) as ei:
        mk.mcdm(M, [0.5, np.nan, 0.2], T)
    assert _problems(ei.value) == [("invalid_request", "weights[1]")]


def test_shapes_that_are_not_a_matrix_are_refused():
    # ragged rows: located as by the JSON path
    ragged = [[1.0, 2.0, 3.0], [1.0, 2.0], [1.0, 2.0, 3.0]]
    _, code, problems = _json_problems({"method": "topsis", "matrix": ragged, "weights": W, "types": T})
    with pytest.raises(mk.RequestError) as ei:
        mk.mcdm(ragged, W, T)
    assert ei.value.code == code and [p["path"] for p in ei.value.errors()] == [p["path"] for p in problems] == ["matrix[1]"]
    for bad in (np.ones(3), np.ones((2, 3, 1)), [["a", "b", "c"]], np.array([[True, False, True]]), "1,2,3"):
        with pytest.raises(mk.RequestError) as ei:
            mk.mcdm(bad, W, T)
        assert _problems(ei.value) == [("invalid_request", "matrix")]
    with pytest.raises(mk.RequestError) as ei:
        mk.mcdm(M, np.ones((3, 1)), T)
    assert _problems(ei.value) == [("invalid_request", "weights")]
