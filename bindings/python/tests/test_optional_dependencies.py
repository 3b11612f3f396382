"""The package without its optional dependencies, and result columns that keep their types (issue 13)."""
import math
import subprocess
import sys
import textwrap

import pandas as pd
import pyarrow as pa

import meritkit as mk


def test_everything_that_needs_no_dataframe_works_without_the_extras():
    # pyarrow, pandas, polars and numpy made unimportable: scoring dicts, their rows, validation, policies and
    # the JSON answers still work; a DataFrame conversion names the extra that brings what it needs.
    code = textwrap.dedent(
        """
        import sys
        for m in ("pyarrow", "pandas", "polars", "numpy"):
            sys.modules[m] = None
        import meritkit as mk
        recs = mk.generate(40, seed=3, format="records")
        r = mk.score(recs + [{"nip": "1", "unit": "X", "position": {"kind": "pelaksana"}}])
        rows = r.to_dicts()
        assert len(rows) == 41 and rows[-1]["status"] == "error" and rows[-1]["error_code"] == "nip_format"
        assert rows[-1]["box"] is None and isinstance(rows[0]["box"], int)
        assert mk.validate(recs, rules="jpt_pratama", date="2026-01-02").summary["total"]["rows"] == 40
        assert mk.Policy.load("manado").name == "manado" and mk.presets()
        for f, extra in ((r.to_pandas, "pandas"), (r.to_arrow, "arrow"), (r.to_polars, "polars"),
                         (lambda: mk.generate(5), "arrow")):
            try:
                f()
            except ModuleNotFoundError as e:
                assert f'pip install "meritkit[{extra}]"' in str(e), str(e)
            else:
                raise AssertionError("a DataFrame without its library")
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def _same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def test_rows_are_the_arrow_tables_rows():
    recs = mk.generate(300, seed=5, format="records")
    recs[3]["nip"] = "12"  # an error row
    recs[7].pop("performance", None)  # a missing axis
    r = mk.score(recs)
    rows, arrow_rows = r.to_dicts(), r.to_arrow().to_pylist()
    assert len(rows) == len(arrow_rows) == 300
    for x, y in zip(rows, arrow_rows):
        assert x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x), (x, y)


def test_integer_columns_stay_integers_in_pandas():
    recs = mk.generate(50, seed=6, format="records") + [{"nip": "1", "unit": "X", "position": {"kind": "pelaksana"}}]
    df = mk.score(recs).to_pandas()
    # a box is a number 1-9 (PermenPANRB 3/2020 jo 20/2025), never 2.0; an error row has none (<NA>)
    assert isinstance(df["box"].dtype, pd.UInt16Dtype) and isinstance(df["row"].dtype, pd.UInt64Dtype)
    assert df["box"].isna().tolist()[-1] and df["box"].dropna().between(1, 9).all()
    assert str(df["box"].iloc[0]) in {str(b) for b in range(1, 10)}
    assert isinstance(df["talent_pool"].dtype, pd.ArrowDtype) and pa.types.is_list(df["talent_pool"].dtype.pyarrow_dtype)


def test_dir_shows_the_api_only():
    names = dir(mk)
    assert names == sorted([*mk.__all__, "__version__"])
    for leaked in ("Any", "Dict", "Optional", "Union", "annotations", "_json", "_meritkit"):
        assert leaked not in names
