"""The talent-review cycle from Python: calibration sessions in the same store as the CLI (SQLite, PostgreSQL), a log
whose changed byte is found, and placements over time."""
import json
import os
import subprocess

import pytest

import meritkit as mk


def people(n_nine=3, n=19):
    """19 people of one unit: three Sangat Baik with potential 95 (box 9, PermenPANRB 3/2020 jo 20/2025
    Ps. 17), the rest Baik with potential 85 (box 5)."""
    out = []
    for i in range(n):
        top = i < n_nine
        out.append({"nip": f"198503152010011{i + 1:03d}", "unit": "Dinas Pangan", "position": {"kind": "pengawas"},
                    "performance": [{"year": 2025, "predikat": "Sangat Baik" if top else "Baik"}],
                    "potential_score": 95 if top else 85})
    return out


_DB = [0]


def fresh_postgres():
    """A fresh database on the PostgreSQL server of MERITKIT_TEST_POSTGRES (started by
    scripts/test.d/30-python.sh), or None: skipped, unless MERITKIT_REQUIRE_POSTGRES=1."""
    url = os.environ.get("MERITKIT_TEST_POSTGRES")
    if not url:
        assert os.environ.get("MERITKIT_REQUIRE_POSTGRES") != "1", "no MERITKIT_TEST_POSTGRES"
        return None
    _DB[0] += 1
    name = f"py_{os.getpid()}_{_DB[0]}"
    psql = os.path.join(os.environ.get("MERITKIT_TEST_POSTGRES_BIN", "/usr/bin"), "psql")
    subprocess.run([psql, url, "-qc", f"CREATE DATABASE {name}"], check=True)
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgres"])
def store_at(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "bkpsdm.sqlite")
    url = fresh_postgres()
    if url is None:
        pytest.skip("MERITKIT_TEST_POSTGRES not set")
    return url


def test_a_session_finalises_only_when_the_enforced_guideline_holds(tmp_path, store_at):
    store = mk.CalibrationStore(store_at)
    first = store.snapshot("s1", people(), actor="fasilitator", date="2026-01-02", group_by=["sex"],
                           time="2026-03-02T09:00:00Z")
    assert first["entry"]["seq"] == 1 and first["errors"] == []
    store.guidelines("s1", [{"id": "box9", "select": {"box": [9]}, "op": "<=", "percent": 10, "mode": "enforce"}],
                     actor="fasilitator")
    # 19 people at <= 10 %: 1.9 rounds up to 2; three are in box 9
    r = store.report("s1", detail="summary")
    assert (r["guidelines"][0]["count"], r["guidelines"][0]["bounds"]["max"], r["finalisable"]) == (3, 2, False)
    with pytest.raises(mk.RequestError) as e:
        store.finalise("s1", actor="ketua")
    assert e.value.code == "guideline_failed"
    store.move("s1", [{"nip": "198503152010011001", "from": {"box": 9}, "to": {"box": 8}}],
               reason_code="bukti_baru", reason="rapat tim", actor="anggota")
    store.finalise("s1", actor="ketua")
    r = store.report("s1")
    assert r["status"] == "finalised"
    assert (r["subjects"][0]["raw"]["box"], r["subjects"][0]["calibrated"]["box"]) == (9, 8)
    assert store.verify("s1")["ok"] is True
    assert [s["session"] for s in store.sessions()] == ["s1"]
    # the exported log: one byte changed is found on its line
    text = store.export("s1")
    assert mk.verify_log(text)["ok"] is True
    bad = text.replace("rapat tim", "rapat Tim", 1)
    v = mk.verify_log(bad)
    assert v["ok"] is False and v["first_bad"]["line"] == 3
    assert v["first_bad"]["problems"][0]["code"] == "log_hash_mismatch"
    # import into another store: the intact log, not the altered one
    other = mk.CalibrationStore(tmp_path / "other.sqlite")
    assert other.import_log(text)["entries"] == 4
    with pytest.raises(mk.InputError):
        mk.CalibrationStore(tmp_path / "third.sqlite").import_log(bad)


def test_a_stale_move_is_refused(tmp_path):
    store = mk.CalibrationStore(tmp_path / "s.sqlite")
    store.snapshot("s1", people(), actor="f", date="2026-01-02")
    store.move("s1", [{"nip": "198503152010011001", "from": {"box": 9}, "to": {"box": 8}}],
               reason_code="a", reason="b", actor="x")
    with pytest.raises(mk.RequestError) as e:
        store.move("s1", [{"nip": "198503152010011001", "from": {"box": 9}, "to": {"box": 7}}],
                   reason_code="a", reason="b", actor="y")
    assert e.value.code == "stale_move"
    assert "198503152010011001" not in str(e.value)


def test_the_guideline_preset_of_se_menpanrb_3_2023():
    gs = mk.call("calibration_guideline_preset", {"name": "se_menpanrb_3_2023", "org_predikat": "baik"})
    assert [(g["id"], g["op"], g["percent"]) for g in gs] == [
        ("baik_at_most_70", "<=", 70), ("butuh_perbaikan_or_kurang_present", ">", 0)]


def test_compare_two_periods():
    a, b = people(), people()
    # period 2: the first person drops to Baik with potential 85 (box 9 -> box 5: kinerja sesuai, potensial
    # menengah by the preset cut-offs tinggi >= 90, menengah >= 78)
    b[0] = dict(b[0], performance=[{"year": 2026, "predikat": "Baik"}], potential_score=85)
    out = mk.compare([{"period": "2025", "date": "2026-01-02", "records": a},
                      {"period": "2026", "date": "2027-01-02", "records": b}])
    assert json.dumps(out)  # plain JSON values
    assert out["changes"][0]["counts"]["moved_down"] == 1


def test_score_answers_are_effective_dated():
    out = json.loads(mk.score(people(), date="2026-12-31", period="2026").json())
    assert out["value"]["as_of"] == {"date": "2026-12-31", "period": "2026"}
    # the same through a DataFrame-free JSON request, and refused without a date
    req = {"records": people(), "date": "2026-12-31", "period": "2026"}
    assert json.loads(mk.score(json.dumps(req)).json())["value"]["as_of"]["period"] == "2026"
    with pytest.raises(mk.RequestError) as e:
        mk.score(people(), period="2026")
    assert e.value.code == "missing_field"
