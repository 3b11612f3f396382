"""pandas, polars, pyarrow, dict and JSON inputs give identical answers; bad
inputs give the right codes and every other row is still scored."""
import json
import math

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import meritkit as mk

N = 1500


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return mk.generate(N, seed=7, format="arrow")


def comparable(res):
    df = res.to_pandas().drop(columns=["name"])  # nested records keep the name for scored rows too
    return df


def test_generate_is_flat_and_seeded(table):
    assert table.num_rows == N
    assert {"nip", "unit", "position_kind", "performance_2025", "competency_integritas", "potential_score"} <= set(table.column_names)
    assert mk.generate(50, seed=7, format="arrow").equals(mk.generate(50, seed=7, format="arrow"))


def test_all_inputs_identical(table):
    a = mk.score(table)
    p = mk.score(table.to_pandas())
    o = mk.score(pl.from_arrow(table))
    records = mk.generate(N, seed=7, format="records")
    d = mk.score(records)
    j = mk.score(json.dumps(records))
    base = a.to_pandas()
    for other in (p, o, d, j):
        pd.testing.assert_frame_equal(base, other.to_pandas())
        assert other.summary == a.summary
        assert other.errors == a.errors
        assert other.policy == a.policy
    # the columnar path really ran for the DataFrame inputs
    assert a.row_path_rows < N // 2
    assert d.row_path_rows == N
    # and the DataFrame result's JSON equals the core's answer for the records
    assert a.json() == mk._call_json("score", json.dumps({"records": records}))


def test_pandas_dtypes_read_like_arrow(table):
    """pandas columns are handed over column by column (float buffers and Arrow-backed
    text without copying); other dtypes go through pyarrow: same answers as the Arrow table."""
    base = mk.score(table)
    df = table.to_pandas()
    df["unit"] = df["unit"].astype("category")
    df["nip"] = df["nip"].astype(object)
    df["performance_2025"] = df["performance_2025"].astype(object).where(df["performance_2025"].notna(), None)
    df["competency_integritas"] = df["competency_integritas"].astype("float32")
    df["potential_score"] = df["potential_score"].astype("Float64")  # nullable: NaN becomes <NA>
    mixed = mk.score(df)
    pd.testing.assert_frame_equal(base.to_pandas(), mixed.to_pandas())
    assert mixed.errors == base.errors and mixed.summary == base.summary
    # the code columns are categories over every possible code, in the core's order
    out = mixed.to_pandas()
    assert isinstance(out["status"].dtype, pd.CategoricalDtype)
    assert list(out["status"].cat.categories) == ["placed", "holding", "error"]
    assert list(out["latest_predikat"].cat.categories) == ["sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"]
    assert out["nip"].tolist() == table.column("nip").to_pylist()


def test_mixed_object_columns_are_read_as_text():
    """An object column mixing Python types (a NIP as an int among strings, a word among levels) is read
    cell by cell as text, as from a CSV file: the bad cell is that row's error, the others are scored."""
    df = mk.generate(40, seed=3, format="pandas")
    base = mk.score(df).to_pandas()
    df["nip"] = df["nip"].astype(object)
    df.loc[2, "nip"] = int(df.loc[2, "nip"])
    df["competency_integritas"] = df["competency_integritas"].astype(object)
    df.loc[1, "competency_integritas"] = "tiga"
    res = mk.score(df)
    assert [(e["row"], e["code"], e["path"]) for e in res.errors] == [(1, "invalid_type", "competency.integritas")]
    out = res.to_pandas()
    assert out.loc[2, "nip"] == base.loc[2, "nip"]  # the digits, not a float
    keep = out.index != 1
    assert (out.loc[keep, "box"] == base.loc[keep, "box"]).all()
    assert out.loc[1, "status"] == "error"


def test_chunked_tables_read_like_one_chunk(table):
    """Arrow chunks (tables read from Parquet/Feather, concatenated frames) are read in place,
    chunk by chunk: the same answers as one chunk."""
    base = mk.score(table)
    parts = pa.concat_tables([table.slice(0, 700), table.slice(700, 1), table.slice(701, 323), table.slice(1024)])
    assert parts.column("nip").num_chunks == 4
    for data in (parts, parts.to_pandas()):
        res = mk.score(data)
        pd.testing.assert_frame_equal(base.to_pandas(), res.to_pandas())
        assert res.errors == base.errors and res.summary == base.summary
        assert res.row_path_rows == base.row_path_rows


def test_nested_tables_read_like_records():
    """A table holding the nested wire format in struct/list columns (as read from JSON by polars or
    pyarrow) gives the answers of the same records as dicts."""
    records = mk.generate(300, seed=5, format="records")
    records[3]["nip"] = "12345"  # a bad row stays a row error
    nested = pa.Table.from_struct_array(pa.array(records))  # (from_pylist takes the fields of row 0 only)
    assert any(pa.types.is_struct(f.type) or pa.types.is_list(f.type) for f in nested.schema)
    base = mk.score(records)
    for data in (nested, pl.from_arrow(nested)):
        res = mk.score(data)
        pd.testing.assert_frame_equal(base.to_pandas(), res.to_pandas())
        assert res.errors == base.errors and res.errors[0]["code"] == "nip_format"
        assert res.json() == base.json()
    v_base = mk.validate(records, rules="data_quality", date="2026-01-02")
    v_nested = mk.validate(nested, rules="data_quality", date="2026-01-02")
    assert v_nested.json() == v_base.json()


def test_generated_population_is_placed(table):
    res = mk.score(table)
    df = res.to_pandas()
    placed = df[df.status == "placed"]
    assert len(placed) > 0.8 * N
    assert set(placed["box"].unique()) <= set(range(1, 10))
    # box 9: di atas ekspektasi × tinggi (PermenPANRB 3/2020 jo 20/2025 Ps. 17)
    nine = placed[placed["box"] == 9]
    assert (nine.performance_level == "di_atas_ekspektasi").all() and (nine.potential_level == "tinggi").all()
    assert res.summary["total"]["rows"] == N
    t = res.summary["total"]
    assert t["placed"] + t["holding"] + t["errors"] == N


def _good_rows():
    return pd.DataFrame(
        {
            "nip": ["198503152010011002", "198701202012012003", "199001012015031004", "198806102014021001"],
            "unit": ["Dinas Pangan"] * 4,
            "position_kind": ["pelaksana", "pengawas", "pelaksana", "administrator"],
            "performance_2025": ["Sangat Baik", "Baik", "Butuh Perbaikan", "Sangat Baik"],
            "potential_score": [90.0, 80.0, 50.0, 85.0],
        }
    )


def test_default_boxes_from_the_reference():
    res = mk.score(_good_rows())
    # Sangat Baik → di atas; Baik → sesuai; Butuh Perbaikan → di bawah (preset mapping);
    # preset potential cut-offs tinggi >= 90, menengah >= 78: 90 → tinggi, 80 → menengah, 50 → rendah, 85 → menengah.
    # Canonical numbering (PermenPANRB 3/2020 jo 20/2025 Ps. 17): atas×tinggi 9, sesuai×menengah 5, bawah×rendah 1, atas×menengah 7.
    df = res.to_pandas()
    assert list(df["status"]) == ["placed"] * 4
    assert list(df["performance_level"]) == ["di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi", "di_atas_ekspektasi"]
    assert list(df["box"]) == [9, 5, 1, 7]


def test_bad_inputs_keep_the_other_rows():
    df = pd.DataFrame(
        {
            "nip": ["198503152010011002", "12345", None, "198701202012012003", "198806102014021001", "199001012015031004", "198503152010011002"],
            "unit": ["Dinas Pangan"] * 7,
            "position_kind": ["pelaksana", "pelaksana", "pelaksana", "pelaksana", "pelaksana", "pelaksana", "kepala_seksi"],
            "performance_2025": ["Baik", "Baik", "Baik", None, "Baik", "Baik", "Baik"],
            "potential_score": [70.0, 70.0, 70.0, 70.0, np.nan, 70.0, 70.0],
            "competency_integritas": [3, 3, 3, 3, 3, 7, 3],
        }
    )
    res = mk.score(df)
    out = res.to_pandas()
    codes = list(out["error_code"])
    assert pd.isna(codes[0]) and out["status"][0] == "placed"
    assert codes[1] == "nip_format"            # malformed NIP
    assert codes[2] == "missing_field"         # None NIP
    assert codes[3] == "missing_performance"   # None predikat
    assert codes[4] == "missing_potential"     # NaN potential, no composite inputs
    assert codes[5] == "competency_level_out_of_range"  # out-of-range level
    assert codes[6] == "invalid_value"         # unknown position kind
    assert res.summary["total"]["placed"] == 1 and res.summary["total"]["errors"] == 6
    with pytest.raises(mk.ValidationError) as ei:
        res.raise_for_errors()
    assert ei.value.error_count() == len(res.errors)
    assert [e["row"] for e in ei.value.errors()][:3] == [1, 2, 3]


def test_wrong_dtypes_are_read_as_the_row_path_reads_them():
    df = _good_rows()
    df["competency_integritas"] = ["3", "tiga", None, "4"]  # text in a numeric column
    df["nip"] = [198503152010011002, 198701202012012003, 199001012015031004, 198806102014021001]  # NIP as numbers
    res = mk.score(df)
    out = res.to_pandas()
    # numbers written as text are read by the kernel as the record parser reads them; the one
    # cell that is not a number sends its row alone through the row path, which names the cell
    assert res.row_path_rows == 1
    assert list(out["status"]) == ["placed", "error", "placed", "placed"]
    assert out["error_path"][1] == "competency.integritas"
    # identical to the same rows as strings in the right types
    good = _good_rows()
    good["competency_integritas"] = [3.0, np.nan, np.nan, 4.0]
    expect = mk.score(good.drop(index=1)).to_pandas()
    assert list(expect["box"]) == [b for i, b in enumerate(out["box"]) if i != 1]


def test_missing_column_and_unknown_column():
    df = _good_rows().drop(columns=["unit"])
    res = mk.score(df)
    assert all(e["code"] == "missing_field" and "`unit`" in e["message"]["en"] for e in res.errors)
    assert len(res.errors) == 4
    with pytest.raises(mk.InputError) as ei:
        mk.score(_good_rows().assign(colour="red"))
    assert ei.value.errors()[0]["code"] == "unknown_field"
    assert isinstance(ei.value, mk.ValidationError) and isinstance(ei.value, ValueError)


def test_dict_nan_and_none():
    rec = {"nip": "198503152010011002", "unit": "Dinas Pangan", "position": {"kind": "pelaksana"},
           "performance": [{"year": 2025, "predikat": "Baik"}], "potential_score": float("nan")}
    # each variant a NIP of its own (a repeated NIP makes the later row a duplicate_nip error)
    res = mk.score([rec, dict(rec, nip="198503152010011003", potential_score=None),
                    dict(rec, nip="198503152010011004", potential_score=80.0), "not a dict"])
    codes = [e["code"] for e in res.errors]
    assert codes == ["score_out_of_range", "missing_potential", "invalid_input"]
    assert res.to_pandas()["box"][2] == 5


def test_bad_json_and_policy():
    with pytest.raises(mk.InputError):
        mk.score("{not json")
    with pytest.raises(mk.PolicyError) as ei:
        mk.score(_good_rows(), policy="no_such_preset")
    assert ei.value.error_count() >= 1
    with pytest.raises(mk.RequestError):
        mk.score(_good_rows(), date="01/02/2026")


def test_future_date_check():
    df = _good_rows()
    df["performance_2027"] = ["Baik", None, None, None]
    res = mk.score(df, date="2026-01-02")
    assert res.to_pandas()["error_code"][0] == "date_in_future"


def test_outputs_and_explain(table):
    res = mk.score(table.slice(0, 200))
    pdf = res.to_pandas()
    pldf = res.to_polars()
    assert pldf.shape == pdf.shape
    dicts = res.to_dicts()
    assert len(dicts) == 200 and dicts[0]["row"] == 0
    i = int(pdf.index[pdf.status == "placed"][0])
    ex = res.explain(i)
    assert ex is not None and ex["row"] == i and ex["box"] == pdf["box"][i]
    assert "explanation" in ex and ex["explanation"]["potential"]["level"] == pdf["potential_level"][i]
    html = res._repr_html_()
    assert "<table" in html and str(res.grid()[9]) in html
    per_unit = res.by_unit()._repr_html_()
    assert per_unit.count("<table") == 1 + len(res.summary["units"])
    assert res.policy.name == "permenpanrb_3_2020" and len(res.policy.fingerprint) == 64


def test_policies_load_and_print(tmp_path):
    p = mk.Policy.preset("manado")
    assert p.name == "manado"
    toml = str(p)
    f = tmp_path / "p.toml"
    f.write_text(toml, encoding="utf-8")
    assert mk.Policy.from_file(f).fingerprint == p.fingerprint
    assert mk.Policy.from_dict(p.to_dict()).fingerprint == p.fingerprint
    assert mk.Policy.load(json.loads(p.to_json())) == p
    res = mk.score(_good_rows(), policy=p)
    assert res.policy == p.info
    assert {x["name"] for x in mk.presets()} >= {"permenpanrb_3_2020", "manado"}


def test_a_str_is_a_name_or_a_path_by_its_spelling_never_guessed(tmp_path, monkeypatch):
    # The engine's one rule (meritkit::source, as the CLI): a name has no `/`, `\` or `.toml`/`.json` ending.
    aceh, manado = mk.Policy.preset("aceh_barat_90_70"), mk.Policy.preset("manado")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "manado").write_text(str(aceh), encoding="utf-8")
    assert mk.Policy.load("manado") == manado                    # the preset, not the file named like it
    assert mk.Policy.load("./manado") == aceh                    # the file
    assert mk.Policy.load(tmp_path / "manado") == aceh           # a Path is always a file
    (tmp_path / "p.toml").write_text(str(aceh), encoding="utf-8")
    assert mk.Policy.load("p.toml") == aceh
    assert mk.score(_good_rows(), policy="p.toml").policy == aceh.info
    # text is never guessed from its characters: it goes through from_text
    with pytest.raises(mk.MeritkitError):
        mk.Policy.load(str(aceh))
    assert mk.Policy.from_text(str(aceh)) == aceh
    with pytest.raises(mk.PolicyError) as e:
        mk.Policy.load("./tiada.toml")
    assert "tiada" not in str(e.value)
    rs = mk.RuleSet.builtin("jpt_pratama")
    (tmp_path / "jpt_pratama").write_text("bukan aturan", encoding="utf-8")
    assert mk.RuleSet.load("jpt_pratama") == rs
    with pytest.raises(mk.RuleSetError):
        mk.RuleSet.load(str(rs))
    assert mk.RuleSet.from_text(str(rs)) == rs
    # a file name that is not UTF-8 is a file like any other (its bytes kept); a policy file may be larger
    # than a rule file's 256 KiB (the CLI's 4 MiB config limit)
    import os
    odd = os.fsdecode(b"p\xff.toml")
    (tmp_path / odd).write_text(str(aceh), encoding="utf-8")
    assert mk.Policy.load(odd) == aceh and mk.Policy.from_file(tmp_path / odd) == aceh
    (tmp_path / "big.toml").write_text("#" + "x" * 300_000 + "\n" + str(aceh), encoding="utf-8")
    assert mk.Policy.load("big.toml") == aceh
    # spaces around an argument do not decide: "p.toml " names a file (which is not there), not a preset
    with pytest.raises(mk.PolicyError) as e:
        mk.Policy.load("p.toml ")
    assert e.value.code != "unknown_preset"


def test_flat_dicts_score_as_their_frame():
    df = mk.generate(120, seed=8)
    a = mk.score(df).to_pandas()
    b = mk.score(df.to_dict("records")).to_pandas()
    assert a["box"].tolist() == b["box"].tolist() and a["status"].tolist() == b["status"].tolist()


def test_notebook_grid_is_drawn_as_the_core_lays_it_out():
    # PermenPANRB 3/2020 jo 20/2025, Lampiran: kinerja on the rows (di atas ekspektasi at the top), potensial on
    # the columns (rendah at the left); the layout the CLI, the HTML report and the web demo draw (core grid_layout)
    import re

    res = mk.score(mk.generate(50, seed=3))
    order = lambda html: [int(n) for n in re.findall(r"data-box='(\d+)'", html)]  # noqa: E731
    assert order(res.to_html()) == [4, 7, 9, 2, 5, 8, 1, 3, 6]
    assert order(res._repr_html_()) == [4, 7, 9, 2, 5, 8, 1, 3, 6]
    assert order(res.to_html(orientation="potential_rows")) == [6, 8, 9, 3, 5, 7, 1, 2, 4]
    html = res.to_html()
    assert html.index("Di Atas Ekspektasi") < html.index("Di Bawah Ekspektasi") < html.index("Rendah") < html.index("Tinggi")
    with pytest.raises(mk.ValidationError):
        res.to_html(orientation="diagonal")


def test_a_competency_named_after_a_protected_ground_is_refused_in_a_dataframe():
    # UU 5/2014 Ps. 1: merit selection may not use religion; a level under such a key is a row error on the
    # columnar path (DataFrames) as on the record path, wherever it holds a value
    df = mk.generate(20, seed=5)
    df["competency_agama"] = [3.0] * 10 + [float("nan")] * 10
    res = mk.score(df)
    bad = [e for e in res.errors if e["code"] == "protected_attribute"]
    assert sorted({e["row"] for e in bad}) == list(range(10))
    assert all(e["path"] == "competency.agama" for e in bad)
    assert mk.score(df.drop(columns=["competency_agama"])).to_pandas()["box"].iloc[10:].tolist() == res.to_pandas()["box"].iloc[10:].tolist()


class _Dict(dict):
    pass


class _Str(str):
    pass


def _dict_variants():
    """Rows the fast reader of mk.score(list_of_dicts) reads, and rows it leaves to pythonize (subclasses,
    a bool or an int where a number or text is asked, tuples, strings that are not UTF-8, ...)."""
    base = mk.generate(40, seed=9, format="records")

    def put(i, key, value):
        rows = [dict(r) for r in base]
        rows[i] = dict(rows[i], **{key: value})
        return rows

    yield base
    yield put(0, "potential_score", float("nan"))
    yield put(1, "potential_score", True)
    yield put(2, "potential_score", 95)
    yield put(3, "potential_score", 10**30)
    yield put(4, "potential_score", "95")
    yield put(5, "performance", [{"year": 2024.0, "predikat": "baik"}])
    yield put(6, "performance", ({"year": True, "predikat": "baik"},))
    yield put(7, "performance", [{"year": 2**70, "predikat": "Sangat Baik"}])
    yield put(8, "unit", _Str("Dinas Pangan"))
    yield put(9, "name", "A\ud800")
    yield put(10, "name", None)
    yield put(11, "competency", {"integritas": 3, "kerja_sama": True})
    yield put(12, "position", _Dict(kind="pelaksana"))
    yield put(13, "attributes", {"agama": 1})
    yield put(14, "birth_date", "1986-13-40")
    yield put(15, "colour", "red")
    rows = put(16, "nip", None)
    rows[17] = _Dict(rows[17])
    rows[18] = "not a dict"
    rows[19] = {1: "x", "position": {"kind": "pelaksana"}}
    yield rows


@pytest.mark.parametrize("rows", list(_dict_variants()))
def test_dicts_read_fast_or_not_give_the_located_answer(rows):
    """mk.score(list_of_dicts) reads plain dicts with its own fast reader and leaves every other row to
    pythonize and the core's located reader (`_meritkit.score_records`): the same answer either way."""
    fast = mk.score(rows, date="2026-01-02")
    slow = mk._meritkit.score_records(rows, mk.Policy.load(None).to_json(), "2026-01-02")
    assert fast.json() == slow.json()
    assert fast.errors == slow.errors() and fast.summary == slow.summary()
    assert fast.to_arrow().equals(pa.table(slow.table()))


def test_many_dicts_scored_in_parts_give_the_whole_answer():
    """A long list is read and scored in parts (overlapped): rows numbered across the parts, a NIP repeated
    in a later part a duplicate_nip there, the counts of every part; a flat row anywhere is read flat."""
    rows = mk.generate(9001, seed=10, format="records")
    rows[8500] = dict(rows[8500], nip=rows[10]["nip"])
    rows[6000] = dict(rows[6000], potential_score=float("nan"))
    rows[7000] = "not a dict"
    fast = mk.score(rows)
    slow = mk._meritkit.score_records(rows, mk.Policy.load(None).to_json(), None)
    assert fast.json() == slow.json()
    assert fast.to_arrow().equals(pa.table(slow.table()))
    assert {e["code"] for e in fast.errors} >= {"duplicate_nip", "score_out_of_range", "invalid_input"}
    flat = {"nip": "198503152010011002", "unit": "Dinas Pangan", "position_kind": "pelaksana", "potential_score": 80}
    with pytest.raises(TypeError):  # a flat row among nested ones: read flat, as before (nested values refused)
        mk.score(mk.generate(8999, seed=10, format="records") + [flat])
    assert "duplicate_nip" in {e["code"] for e in mk.score([flat] * 9000).errors}
