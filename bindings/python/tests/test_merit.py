"""Merit rules (`validate`), succession (`rank_successors`) and fairness (`adverse_impact`) from Python:
the real request shapes, DataFrame / dict inputs, result objects, and domain facts from
the regulations (PP 11/2017 Ps. 107 jo PP 17/2020; PermenPANRB 3/2020 jo 20/2025)."""
import json
import pathlib

import pandas as pd
import pytest

import meritkit as mk

VECTORS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "vectors"

# Two JPT Pratama candidates at 2026-06-15 (maximum age 56 for JPT Pratama, PP 11/2017 Ps. 107 jo PP 17/2020):
# NIP 19690616... turns 57 tomorrow (age 56 → passes); 19690615... turns 57 today (fails).
FLAT = [
    {"nip": "196906162000031001", "unit": "Dinas Pangan", "position_kind": "administrator", "position_since": "2022-01-01",
     "rank": "IV/b", "education": "S1", "performance_2024": "Baik", "performance_2025": "Sangat Baik"},
    {"nip": "196906152000031001", "unit": "Dinas Pangan", "position_kind": "administrator", "position_since": "2022-01-01",
     "rank": "IV/b", "education": "S1", "performance_2024": "Baik", "performance_2025": "Sangat Baik"},
]


def _nested(r):
    return {"nip": r["nip"], "unit": r["unit"], "position": {"kind": r["position_kind"], "since": r["position_since"]},
            "rank": r["rank"], "education": r["education"],
            "performance": [{"year": 2024, "predikat": r["performance_2024"]}, {"year": 2025, "predikat": r["performance_2025"]}]}


def test_validate_jpt_pratama_age_limit_from_a_dataframe():
    v = mk.validate(pd.DataFrame(FLAT), rules="jpt_pratama", date="2026-06-15")
    assert isinstance(v, mk.ValidationResult)
    assert v.rule_set["name"] == "jpt_pratama"
    assert v.eligible == ["196906162000031001"]
    age = {r["row"]: next(x for x in r["rules"] if x["id"] == "usia_maksimal") for r in v.results}
    assert (age[0]["outcome"], age[0]["actual"], age[0]["expected"]) == ("pass", 56, 56)
    assert (age[1]["outcome"], age[1]["actual"], age[1]["expected"]) == ("fail", 57, 56)
    assert age[1]["statutory"] is True and "57" in age[1]["reason"]["id"]
    assert v.summary["total"]["excluded_by"] == {"usia_maksimal": 1}
    df = v.to_pandas()
    assert list(df["status"]) == ["eligible", "ineligible"]
    assert list(df["failed"]) == ["", "usia_maksimal"]
    assert list(df["rule_usia_maksimal"]) == ["pass", "fail"]
    assert list(df["rule_kompetensi_skj"]) == ["unknown", "unknown"]  # no competency data: a warning rule, never a silent pass


def test_validate_same_answer_from_dataframe_flat_dicts_nested_dicts_json_polars():
    want = mk.validate([_nested(r) for r in FLAT], rules="jpt_pratama", date="2026-06-15").value
    assert mk.validate(FLAT, rules="jpt_pratama", date="2026-06-15").value == want
    assert mk.validate(pd.DataFrame(FLAT), rules="jpt_pratama", date="2026-06-15").value == want
    assert mk.validate(json.dumps([_nested(r) for r in FLAT]), rules="jpt_pratama", date="2026-06-15").value == want
    import polars as pl
    assert mk.validate(pl.DataFrame(FLAT), rules="jpt_pratama", date="2026-06-15").value == want


def test_validate_equals_the_core_answer():
    case = json.loads((VECTORS / "rules_jpt_pratama_age_limit.json").read_text(encoding="utf-8"))
    core = json.loads(mk._call_json("validate", json.dumps(case["request"])))["value"]
    req = case["request"]
    assert mk.validate(req["records"], rules=req["rules"], date=req["date"]).value == core


def test_validate_bad_row_is_an_error_row_and_others_are_evaluated():
    rows = [dict(FLAT[0]), dict(FLAT[1], nip="12345"), dict(FLAT[1], rank="X/z")]
    v = mk.validate(rows, rules="jpt_pratama", date="2026-06-15")
    # an unreadable rank: the row is an error row (code, path), never silently dropped
    assert [(e["row"], e["code"], e["path"]) for e in v.errors] == [(2, "invalid_value", "rank")]
    # a malformed NIP gives no birth date: the age rule is `unknown` (never a silent pass) → not eligible
    r1 = v.result(1)
    assert r1 is not None and r1["eligible"] is False
    assert next(x for x in r1["rules"] if x["id"] == "usia_maksimal")["outcome"] == "unknown"
    df = v.to_pandas()
    assert list(df["status"]) == ["eligible", "ineligible", "error"]
    assert df["error_code"][2] == "invalid_value" and "usia_maksimal" in df["unknown"][1]
    assert v.summary["total"]["rows"] == 3 and v.summary["total"]["errors"] == 1


def test_validate_inline_rule_set_and_errors():
    rules = {"name": "kinerja_saja", "version": "1", "implements": "PP 11/2017 Ps. 54", "description": "uji",
             "rules": [{"id": "kinerja_2_tahun", "citation": "PermenPANRB 6/2022", "severity": "error",
                        "message": {"en": "predikat {actual} below {expected}", "id": "predikat {actual} di bawah {expected}"},
                        "when": {"kind": "predikat_last_years", "years": 2, "at_least": "Sangat Baik"}}]}
    v = mk.validate(FLAT, rules=rules, date="2026-06-15")
    # both have Baik in 2024: below Sangat Baik in the last 2 years
    assert v.eligible == [] and v.summary["total"]["ineligible"] == 2
    with pytest.raises(mk.RuleSetError) as e:
        mk.validate(FLAT, rules="no_such_rules", date="2026-06-15")
    assert e.value.code == "unknown_rule_set"
    with pytest.raises(mk.RequestError):
        mk.validate(FLAT, rules="jpt_pratama")
    assert {r["name"] for r in mk.rule_sets()} >= {"jpt_pratama", "administrator", "pengawas"}


def test_rule_sets_load_check_and_print(tmp_path):
    rs = mk.RuleSet.builtin("jpt_pratama")
    listed = {r["name"]: r for r in mk.rule_sets()}
    assert rs.name == "jpt_pratama" and rs.fingerprint == listed["jpt_pratama"]["fingerprint"]
    assert "PP 11/2017" in rs.implements
    # prints as TOML (and canonical JSON); every form loads back to the same rule set
    toml = str(rs)
    assert toml == rs.to_toml() and "[[rules]]" in toml
    path = tmp_path / "jpt.toml"
    path.write_text(toml, encoding="utf-8")
    for again in (mk.RuleSet.from_text(toml), mk.RuleSet.from_file(path), mk.RuleSet.load(str(path)),
                  mk.RuleSet.from_dict(rs.to_dict()), mk.RuleSet.from_text(rs.to_json()), mk.RuleSet.load(rs)):
        assert again == rs
    # validate takes the object: same answer as the name
    by_name = mk.validate(FLAT, rules="jpt_pratama", date="2026-06-15")
    assert mk.validate(FLAT, rules=rs, date="2026-06-15").json() == by_name.json()
    # checked on load: unknown names, bad fields, protected attributes (UU 5/2014, UU 20/2023)
    with pytest.raises(mk.RuleSetError) as e:
        mk.RuleSet.builtin("no_such_rules")
    assert e.value.code == "unknown_rule_set"
    bad = {"name": "agama_saja", "version": "1", "implements": "-",
           "rules": [{"id": "r1", "citation": "-", "severity": "error", "message": {"en": "x", "id": "x"},
                      "when": {"kind": "attribute_in", "key": "Agama", "values": ["Islam"]}}]}
    with pytest.raises(mk.RuleSetError) as e:
        mk.RuleSet.from_dict(bad)
    assert "protected_attribute" in {p["code"] for p in e.value.errors()}
    with pytest.raises(mk.RuleSetError):
        mk.RuleSet.from_text("name = 1\n")


def _succession_case():
    return json.loads((VECTORS / "succession_rules_gate.json").read_text(encoding="utf-8"))["request"]


def test_rank_successors_shortlist_is_talent_pool_members_only():
    people = mk.generate(400, seed=11, format="records")
    date = "2026-01-02"
    boxes = {r["nip"]: r["box"] for r in mk.score(people, date=date).to_dicts() if r["status"] == "placed"}
    unit = people[0]["unit"]
    res = mk.rank_successors(people, positions=[{"id": "KABID", "title": "Kepala Bidang", "unit": unit, "kind": "administrator"}],
                             method="topsis", top=5, date=date)
    assert isinstance(res, mk.SuccessionResult)
    p = res.position("KABID")
    assert p["method"] == "topsis" and p["pool"] == "instansi"
    short = res.shortlist("KABID")
    assert 0 < len(short) <= 5
    # pool "instansi" = boxes 7-9 (KRS instansi, PermenPANRB 3/2020 jo 20/2025): every shortlisted person is in the talent pool
    assert all(boxes[n] >= 7 for n in short)
    # and everyone outside the pool is excluded at the pool gate
    not_in_pool = {x["nip"] for x in res.excluded() if x["code"] == "not_in_pool"}
    assert not_in_pool and all(boxes[n] <= 6 for n in not_in_pool)
    scores = [c["score"] for c in p["candidates"]]
    assert scores == sorted(scores, reverse=True) and [c["rank"] for c in p["candidates"]] == list(range(1, len(short) + 1))
    f = p["funnel"]
    assert f["ranked"] + sum(f["excluded_by_gate"].values()) == f["considered"] == 400 - len(res.errors)
    df = res.to_pandas()
    assert list(df["nip"]) == short and set(df["position_id"]) == {"KABID"} and (df["box"] >= 7).all()


def test_rank_successors_matches_the_core_vector_and_accepts_a_dataframe_of_positions():
    req = _succession_case()
    core = json.loads(mk._call_json("succession", json.dumps(req)))["value"]
    opts = {k: v for k, v in req.items() if k not in ("records", "positions", "method", "top", "date")}
    res = mk.rank_successors(req["records"], pd.DataFrame(req["positions"]), method=req["method"], top=req["top"],
                             date=req["date"], **opts)
    assert res.value == core
    # meritkit definitions (BUP: PP 11/2017 Ps. 239): incumbent, retiring, pool and PNS-status exclusions as in the shared vector
    assert res.shortlist() == ["198503152010011002", "198901012012011004", "198706202011012003"]
    codes = {x["nip"]: x["code"] for x in res.excluded()}
    assert codes["198005052005011007"] == "incumbent" and codes["199002022014012005"] == "not_in_pool"


def test_rank_successors_requires_a_date():
    req = _succession_case()
    with pytest.raises(mk.RequestError) as e:
        mk.rank_successors(req["records"], req["positions"])
    assert e.value.errors()[0]["path"] == "date"


def test_adverse_impact_four_fifths_from_counts():
    # 48/80 = 0.60 vs 80/120 = 0.667: ratio 0.9 ≥ 0.8 → not flagged
    r = mk.adverse_impact([{"group": "a", "considered": 80, "selected": 48}, {"group": "b", "considered": 120, "selected": 80}])
    assert isinstance(r, mk.ImpactResult)
    assert r.reference_group == "b"
    assert r.group("a")["impact_ratio"] == pytest.approx(0.9) and r.flagged == []
    # 20/100 vs 50/100: ratio 0.4 < 0.8 → flagged
    r = mk.adverse_impact(pd.DataFrame({"group": ["p", "q"], "considered": [100, 100], "selected": [20, 50]}))
    assert r.group("p")["impact_ratio"] == pytest.approx(0.4) and r.flagged == ["p"]
    assert r.to_pandas().set_index("group").loc["p", "four_fifths_flag"]
    # a stricter threshold flags the 0.9 case
    r = mk.adverse_impact([{"group": "a", "considered": 80, "selected": 48}, {"group": "b", "considered": 120, "selected": 80}], threshold=0.95)
    assert r.flagged == ["a"]


def test_adverse_impact_from_records_and_a_selected_column():
    people = mk.generate(200, seed=5, format="pandas")
    sel = [i % 3 == 0 for i in range(len(people))]
    r = mk.adverse_impact(people.assign(chosen=sel), group_column="unit", selected="chosen")
    by = {g["group"]: g for g in r.groups}
    want = pd.Series(sel).groupby(people["unit"]).agg(["count", "sum"])
    for unit, row in want.iterrows():
        assert by[unit]["considered"] == row["count"] and by[unit]["selected"] == row["sum"]
    with pytest.raises(mk.RequestError):
        mk.adverse_impact(people, group_column="unit")


def test_adverse_impact_and_positions_from_polars_and_arrow():
    import polars as pl
    import pyarrow as pa

    counts = {"group": ["p", "q"], "considered": [100, 100], "selected": [20, 50]}
    for table in (pl.DataFrame(counts), pa.table(counts)):
        r = mk.adverse_impact(table)
        assert r.group("p")["impact_ratio"] == pytest.approx(0.4) and r.flagged == ["p"]
    people = mk.generate(120, seed=8, format="arrow")
    sel = [i % 2 == 0 for i in range(people.num_rows)]
    want = mk.adverse_impact(people, group_column="unit", selected=sel).value
    assert mk.adverse_impact(people.append_column("chosen", pa.array(sel)), group_column="unit", selected="chosen").value == want
    assert mk.adverse_impact(pl.from_arrow(people).with_columns(pl.Series("chosen", sel)), group_column="unit", selected="chosen").value == want
    req = _succession_case()
    core = json.loads(mk._call_json("succession", json.dumps(req)))["value"]
    opts = {k: v for k, v in req.items() if k not in ("records", "positions", "method", "top", "date")}
    res = mk.rank_successors(req["records"], pl.DataFrame(req["positions"]), method=req["method"], top=req["top"], date=req["date"], **opts)
    assert res.value == core


def test_policy_and_rule_set_carry_their_legal_basis():
    # PermenPANRB 3/2020 jo 20/2025: the 9-box numbering is national; the 90/78 cut-offs and the predikat
    # mapping are local choices, and say so.
    p = mk.Policy.preset("permenpanrb_3_2020")
    assert p.basis["grid"]["kind"] == "ministerial_regulation"
    assert p.basis["potential.cutoffs"]["kind"] == "local_practice"
    assert "performance.mapping" in p.local_choices and "grid" not in p.local_choices
    assert p.info.local_choices == tuple(p.local_choices)
    # Manado: observed practice of that agency's application, no regulation named.
    m = mk.Policy.preset("manado")
    assert all("perwako" not in b.get("instrument", "").lower() for b in m.basis.values())
    # JPT Madya rank floor: one step below IV/d (eselon I.a), PP 100/2000 jo PP 13/2002 Ps. 5.
    rs = mk.RuleSet.builtin("jpt_madya")
    assert rs.basis["pangkat_minimal"]["instrument"] == "PP 100/2000 jo PP 13/2002"
    assert rs.basis["bebas_hukuman_disiplin"]["kind"] == "local_practice"
    floor = next(r for r in rs.to_dict()["rules"] if r["id"] == "pangkat_minimal")
    assert floor["when"]["eselon"] == "i_a"


def test_iii_b_civil_servant_is_a_pns_below_the_administrator_floor():
    rec = {"nip": "198707072011011010", "unit": "Dinas Pangan", "position": {"kind": "pengawas", "since": "2015-01-01"},
           "rank": "III/b", "education": "S1"}
    res = mk.call("validate", {"records": [rec], "rules": "administrator", "date": "2026-01-02"})
    rules = {r["id"]: r["outcome"] for r in res["results"][0]["rules"]}
    assert rules["status_pns"] == "pass"
    assert rules["pangkat_minimal"] == "fail"


def test_unreadable_json_text_is_located_without_the_parsers_english_or_the_value():
    # `score(str)`: the message comes from the core's value-free catalogue (meritkit.diag),
    # with the line and column; the Indonesian text carries no English parser text.
    text = '[{"nip": "198503122010011001", "name": "Budi Santoso",\n  "unit": }]'
    with pytest.raises(mk.InputError) as e:
        mk.score(text)
    p = e.value.errors()[0]
    assert p["code"] == "invalid_input"
    assert "line 2 column" in p["message"]["en"] and "baris 2 kolom" in p["message"]["id"]
    assert "expected" not in p["message"]["id"]
    for secret in ("198503122010011001", "Budi Santoso"):
        assert secret not in str(e.value.errors())
    with pytest.raises(mk.InputError) as e:
        mk.score(b'[{"name": "Budi \xff"}]')
    assert "byte 16" in e.value.errors()[0]["message"]["en"]
    assert "Budi" not in str(e.value.errors())
