"""mk.score(pandas_df) end to end on generated employees versus
(a) an idiomatic vectorised pandas/numpy implementation of the default policy
    (permenpanrb_3_2020: latest predikat → kinerja; potential_score, else the
    50/30/20 composite of JPM, potential assessment and track record
    renormalised over what is present; pd.cut at 78 / 90; np.select for the box), and
(b) the row-wise df.apply version (timed on a subset and extrapolated).
Both references are checked to give meritkit's boxes before timing.
Then the nested wire format: mk.score(list_of_dicts) on DICTS generated records (rows/s), beside its pandas
peer, pd.json_normalize (the performance list exploded and pivoted to the flat columns) followed by (a),
also checked to give meritkit's boxes.

    python benches/python/bench_score.py [N] [SUBSET] [DICTS]
"""
import os
import sys
import time

import numpy as np
import pandas as pd

import meritkit as mk

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SUBSET = int(sys.argv[2]) if len(sys.argv) > 2 else 30_000
DICTS = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000

PRED_LEVEL = {"sangat_baik": 3, "baik": 2, "butuh_perbaikan": 1, "kurang": 1, "sangat_kurang": 1}
# PermenPANRB 6/2022 (predikat kinerja matrix, Lampiran): (hasil kerja = work_result, perilaku kerja =
# work_behavior) → predikat. Behaviour below expectation gives Kurang/Misconduct unless results are also below
# (Sangat Kurang); results below with behaviour at or above expectation give Butuh Perbaikan.
# `check_matrix()` compares every cell with the engine before anything is timed.
MATRIX = {
    ("di_atas_ekspektasi", "di_atas_ekspektasi"): "sangat_baik",
    ("di_atas_ekspektasi", "sesuai_ekspektasi"): "baik",
    ("di_atas_ekspektasi", "di_bawah_ekspektasi"): "kurang",
    ("sesuai_ekspektasi", "di_atas_ekspektasi"): "baik",
    ("sesuai_ekspektasi", "sesuai_ekspektasi"): "baik",
    ("sesuai_ekspektasi", "di_bawah_ekspektasi"): "kurang",
    ("di_bawah_ekspektasi", "di_atas_ekspektasi"): "butuh_perbaikan",
    ("di_bawah_ekspektasi", "sesuai_ekspektasi"): "butuh_perbaikan",
    ("di_bawah_ekspektasi", "di_bawah_ekspektasi"): "sangat_kurang",
}
REQUIRED = {"jpt_pratama": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1, "ahli_pertama": 1, "ahli_muda": 2,
            "ahli_madya": 3, "terampil": 1, "mahir": 1, "penyelia": 2}
COMP = ["integritas", "kerja_sama", "komunikasi", "orientasi_pada_hasil", "pelayanan_publik",
        "pengembangan_diri_dan_orang_lain", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"]
BOX = {(1, 1): 1, (2, 1): 2, (3, 1): 4, (1, 2): 3, (2, 2): 5, (3, 2): 7, (1, 3): 6, (2, 3): 8, (3, 3): 9}


def check_matrix() -> None:
    """The MATRIX above equals the engine's (crates/meritkit/src/performance.rs, tested against the
    regulation): one record per cell with only the two ratings, scored through the JSON API, whose
    `latest_predikat` is the derived predikat. PRED_LEVEL maps the three low predikat to the same level, so the
    box comparison below could not catch a swapped cell; this check does."""
    cells = list(MATRIX)
    records = [{"nip": f"19{80 + i}0101200501100{i + 1}", "unit": "Dinas Pangan", "position": {"kind": "pengawas"},
                "potential_score": 95, "performance": [{"year": 2025, "work_result": r, "work_behavior": b}]}
               for i, (r, b) in enumerate(cells)]
    results = mk.call("score", {"records": records, "date": "2026-01-01"})["results"]
    got = {cells[r["row"]]: r["latest_predikat"] for r in results}
    wrong = {c: (MATRIX[c], got.get(c)) for c in cells if got.get(c) != MATRIX[c]}
    assert not wrong, f"MATRIX differs from the engine's predikat matrix (cell: script, engine): {wrong}"


def vectorised(df: pd.DataFrame) -> np.ndarray:
    years = sorted({int(c.split("_")[-1]) for c in df.columns if c.startswith("performance_") and c[-4:].isdigit()}, reverse=True)
    pred = pd.Series(np.nan, index=df.index, dtype=object)
    for y in years:
        p = df[f"performance_{y}"]
        derived = (df[f"work_result_{y}"] + "|" + df[f"work_behavior_{y}"]).map({f"{a}|{b}": v for (a, b), v in MATRIX.items()})
        eff = p.fillna(derived)
        pred = pred.fillna(eff)
    k = pred.map(PRED_LEVEL)
    comp_cols = [f"competency_{c}" for c in COMP]
    comp = df[comp_cols].to_numpy()
    req = df["position_kind"].map(REQUIRED).to_numpy(dtype=float)
    covered = ~np.isnan(comp).any(axis=1)
    jpm = np.where(covered, np.minimum(100.0, comp.sum(axis=1) / (req * len(COMP)) * 100.0), df["jpm"].to_numpy())
    asp_cols = sorted(c for c in df.columns if c.startswith("potential_aspect_"))
    asp = df[asp_cols].to_numpy()
    n_asp = (~np.isnan(asp)).sum(axis=1)
    asp_score = np.where(n_asp > 0, np.nansum(asp, axis=1) / np.maximum(n_asp, 1) / 5.0 * 100.0, np.nan)
    pa = np.where(~np.isnan(asp_score), asp_score, df["potential_assessment_score"].to_numpy())
    vals = np.stack([np.minimum(jpm, 100.0), pa, df["track_record_score"].to_numpy()], axis=1)
    w = np.array([0.5, 0.3, 0.2])
    present = ~np.isnan(vals)
    pw = (present * w).sum(axis=1)
    eff = np.where(present, w / np.where(pw > 0, pw, 1)[:, None], 0.0)
    comp_score = (np.nan_to_num(vals) * eff).sum(axis=1)
    ps = df["potential_score"].to_numpy()
    pot = np.where(~np.isnan(ps), ps, np.where(pw > 0, comp_score, np.nan))
    p = pd.cut(pot, [-np.inf, 78.0, 90.0, np.inf], right=False, labels=[1, 2, 3]).astype(float)
    kk = k.to_numpy(dtype=float)
    conds = [(kk == a) & (p == b) for (a, b) in BOX]
    return np.select(conds, list(BOX.values()), default=0)


def row_wise(row: pd.Series) -> int:
    pred = None
    for y in (2025, 2024):
        p = row.get(f"performance_{y}")
        if isinstance(p, str):
            pred = p
        elif isinstance(row.get(f"work_result_{y}"), str) and isinstance(row.get(f"work_behavior_{y}"), str):
            pred = MATRIX[(row[f"work_result_{y}"], row[f"work_behavior_{y}"])]
        if pred is not None:
            break
    if pred is None:
        return 0
    k = PRED_LEVEL[pred]
    if not np.isnan(row["potential_score"]):
        pot = row["potential_score"]
    else:
        levels = [row[f"competency_{c}"] for c in COMP]
        jpm = min(100.0, sum(levels) / (REQUIRED[row["position_kind"]] * len(COMP)) * 100.0) if not any(np.isnan(levels)) else row["jpm"]
        asp = [row[c] for c in row.index if c.startswith("potential_aspect_") and not np.isnan(row[c])]
        pa = sum(asp) / len(asp) / 5.0 * 100.0 if asp else row["potential_assessment_score"]
        parts = [(v, w) for v, w in ((min(jpm, 100.0) if not np.isnan(jpm) else np.nan, 0.5), (pa, 0.3), (row["track_record_score"], 0.2)) if not np.isnan(v)]
        if not parts:
            return 0
        tw = sum(w for _, w in parts)
        pot = 0.0
        for v, w in parts:
            pot += v * (w / tw)
    p = 3 if pot >= 90 else 2 if pot >= 78 else 1
    return BOX[(k, p)]


def normalized(records: list) -> pd.DataFrame:
    """The pandas way to the flat columns from nested record dicts: pd.json_normalize one level deep
    (`position.kind`, `competency.<key>`, `potential_aspects.<key>`), the `performance` list exploded and
    pivoted to `performance_<year>` / `work_result_<year>` / `work_behavior_<year>`."""
    base = pd.json_normalize(records, max_level=1)
    base.columns = [c.replace("position.", "position_").replace("competency.", "competency_")
                    .replace("potential_aspects.", "potential_aspect_") for c in base.columns]
    perf = base.pop("performance").explode().dropna()
    p = pd.DataFrame(perf.tolist(), index=perf.index).set_index("year", append=True).unstack("year")
    p.columns = [f"{'performance' if f == 'predikat' else f}_{y}" for f, y in p.columns]
    df = base.join(p)
    for y in {int(c[-4:]) for c in p.columns}:
        for c in (f"performance_{y}", f"work_result_{y}", f"work_behavior_{y}"):
            if c not in df:
                df[c] = pd.Series(None, index=df.index, dtype=object)
    for c in ["jpm", "potential_score", "potential_assessment_score", "track_record_score"] + [f"competency_{k}" for k in COMP]:
        if c not in df:
            df[c] = np.nan
    return df


def timed(f, reps=3):
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    check_matrix()
    print(f"generating {N:,} employees ...", flush=True)
    df = mk.generate(N, seed=2026, format="pandas")
    res = mk.score(df)
    mk_box = res.to_pandas()["box"].fillna(0).astype(int).to_numpy()
    vec_box = vectorised(df)
    assert (vec_box == mk_box).all(), f"vectorised differs on {(vec_box != mk_box).sum()} rows"
    sub = df.iloc[:SUBSET]
    app_box = sub.apply(row_wise, axis=1).to_numpy()
    assert (app_box == mk_box[:SUBSET]).all(), f"row-wise differs on {(app_box != mk_box[:SUBSET]).sum()} rows"
    print("both references give meritkit's boxes", flush=True)
    t_mk, _ = timed(lambda: mk.score(df))
    t_mk_pd, _ = timed(lambda: mk.score(df).to_pandas())
    t_vec, _ = timed(lambda: vectorised(df))
    t_app_sub, _ = timed(lambda: sub.apply(row_wise, axis=1), reps=1)
    t_app = t_app_sub * N / SUBSET
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"rows: {N:,}; meritkit row-path rows: {res.row_path_rows:,}; CPUs available to this process: {cpus}"
          f" (meritkit scores on that many threads, pandas/numpy on one); load average {os.getloadavg()[0]:.2f}")
    print(f"meritkit  mk.score(pandas_df)      {t_mk:8.3f} s")
    print(f"  (for reference: mk.score(pandas_df).to_pandas() {t_mk_pd:.3f} s, the result as a DataFrame)")
    print(f"(a) vectorised pandas/numpy        {t_vec:8.3f} s   ratio {t_vec / t_mk:6.1f}x")
    print(f"(b) df.apply row-wise (extrap.)    {t_app:8.3f} s   ratio {t_app / t_mk:6.1f}x  (measured {t_app_sub:.2f} s on {SUBSET:,} rows)")
    t_pd, _ = timed(lambda: res.to_pandas())
    print(f"  res.to_pandas() alone (a held result): {t_pd:.3f} s = {t_pd / t_mk:.2f}x the time of mk.score (goal <= 2x)")

    del df, res, sub
    records = mk.generate(DICTS, seed=2026, format="records")
    res = mk.score(records)
    mk_box = res.to_pandas()["box"].fillna(0).astype(int).to_numpy()
    vec_box = vectorised(normalized(records))
    assert (vec_box == mk_box).all(), f"json_normalize + vectorised differs on {(vec_box != mk_box).sum()} rows"
    del res
    t_d, _ = timed(lambda: mk.score(records))
    t_dn, _ = timed(lambda: vectorised(normalized(records)), reps=1)
    print(f"nested dicts: {DICTS:,} records (list of dicts, the wire format); load average {os.getloadavg()[0]:.2f}")
    print(f"meritkit  mk.score(list_of_dicts)  {t_d:8.3f} s   {DICTS / t_d:12,.0f} rows/s")
    print(f"(a') pd.json_normalize + (a)       {t_dn:8.3f} s   ratio {t_dn / t_d:6.1f}x  {DICTS / t_dn:12,.0f} rows/s")


if __name__ == "__main__":
    main()
