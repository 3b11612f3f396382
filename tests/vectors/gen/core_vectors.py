#!/usr/bin/env python3
"""Writes the core scoring vectors (tests/vectors/score_*.json, policy_*.json).

Every expected value below is written from the instrument each case cites (box table,
predikat matrix, JPM categories, NIP layout) or a named preset (cut-offs), never from running
meritkit. Re-run after editing: python3 tests/vectors/gen/core_vectors.py
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent
DATE = "2026-01-02"
NIPS = [f"19{80 + i:02d}0101200501100{i + 1}" for i in range(9)]


def rec(nip, predikat=None, potential=None, unit="Dinas Pangan", kind="pengawas", **kw):
    r = {"nip": nip, "unit": unit, "position": {"kind": kind}}
    if predikat is not None:
        r["performance"] = [{"year": 2025, "predikat": predikat}]
    if potential is not None:
        r["potential_score"] = potential
    r.update(kw)
    return r


def write(name, description, reference, function, request, expect):
    case = {"name": name, "description": description, "reference": reference,
            "function": function, "request": request, "expect": expect}
    (OUT / f"{name}.json").write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n")


# §3.2 canonical numbering: (predikat → kinerja via preset mapping, potential score → level via 90/78)
cells = [  # (predikat, potential score, kinerja, potensial, box)
    ("Sangat Baik", 50, "di_atas_ekspektasi", "rendah", 4),
    ("Sangat Baik", 80, "di_atas_ekspektasi", "menengah", 7),
    ("Sangat Baik", 95, "di_atas_ekspektasi", "tinggi", 9),
    ("Baik", 50, "sesuai_ekspektasi", "rendah", 2),
    ("Baik", 80, "sesuai_ekspektasi", "menengah", 5),
    ("Baik", 95, "sesuai_ekspektasi", "tinggi", 8),
    ("Butuh Perbaikan", 50, "di_bawah_ekspektasi", "rendah", 1),
    ("Kurang/Misconduct", 80, "di_bawah_ekspektasi", "menengah", 3),
    ("Sangat Kurang", 95, "di_bawah_ekspektasi", "tinggi", 6),
]
pools = {9: ["instansi", "nasional"], 8: ["instansi"], 7: ["instansi"]}
desc = {
    9: "Kinerja di atas ekspektasi dan potensial tinggi", 8: "Kinerja sesuai ekspektasi dan potensial tinggi",
    7: "Kinerja di atas ekspektasi dan potensial menengah", 6: "Kinerja di bawah ekspektasi dan potensial tinggi",
    5: "Kinerja sesuai ekspektasi dan potensial menengah", 4: "Kinerja di atas ekspektasi dan potensial rendah",
    3: "Kinerja di bawah ekspektasi dan potensial menengah", 2: "Kinerja sesuai ekspektasi dan potensial rendah",
    1: "Kinerja di bawah ekspektasi dan potensial rendah",
}
write("score_nine_box_table", "Each of the nine cells of the national 9-box: box number, talent pool and official description.",
      "PermenPANRB 3/2020 jo 20/2025 Ps. 17 (numbering), PermenPANRB 3/2020 Lampiran (descriptions, pool); meritkit presets (predikat mapping, 90/78 cut-offs)",
      "score",
      {"records": [rec(NIPS[i], p, s) for i, (p, s, *_rest) in enumerate(cells)], "policy": "permenpanrb_3_2020", "date": DATE},
      {"ok": True, "value": {
          "policy": {"name": "permenpanrb_3_2020"},
          "results": [{"row": i, "nip": NIPS[i], "box": b, "performance_level": k, "potential_level": pl,
                       "status": "placed", "talent_pool": pools.get(b, []), "description": {"id": desc[b]}}
                      for i, (_, _, k, pl, b) in enumerate(cells)],
          "errors": [],
          "summary": {"total": {"rows": 9, "placed": 9, "errors": 0,
                                "boxes": {str(b): 1 for b in range(1, 10)},
                                "talent_pool": {"instansi": 3, "nasional": 1}}}}})

# §4.4 the PermenPANRB 6/2022 matrix, via ratings
matrix = [  # (hasil kerja, perilaku kerja, predikat)
    ("di_atas_ekspektasi", "di_bawah_ekspektasi", "kurang"),
    ("di_atas_ekspektasi", "sesuai_ekspektasi", "baik"),
    ("di_atas_ekspektasi", "di_atas_ekspektasi", "sangat_baik"),
    ("sesuai_ekspektasi", "di_bawah_ekspektasi", "kurang"),
    ("Sesuai Ekspektasi", "Sesuai Ekspektasi", "baik"),
    ("sesuai_ekspektasi", "di_atas_ekspektasi", "baik"),
    ("di_bawah_ekspektasi", "di_bawah_ekspektasi", "sangat_kurang"),
    ("di_bawah_ekspektasi", "sesuai_ekspektasi", "butuh_perbaikan"),
    ("Di Bawah Ekspektasi", "Di Atas Ekspektasi", "butuh_perbaikan"),
]
kin = {"sangat_baik": "di_atas_ekspektasi", "baik": "sesuai_ekspektasi"}
write("score_predikat_matrix", "Predikat derived from hasil kerja × perilaku kerja (all nine cells), then the kinerja level.",
      "PermenPANRB 6/2022", "score",
      {"records": [dict(rec(NIPS[i], None, 95), performance=[{"year": 2025, "work_result": r, "work_behavior": b}])
                   for i, (r, b, _) in enumerate(matrix)], "date": DATE},
      {"ok": True, "value": {"results": [{"row": i, "latest_predikat": p, "performance_level": kin.get(p, "di_bawah_ekspektasi")}
                                          for i, (_, _, p) in enumerate(matrix)], "errors": []}})

# §4.3 JPM categories at the boundaries (reported JPM, no competency levels)
jpms = [(80, "memenuhi_syarat", "cukup_optimal"), (79.99, "masih_memenuhi_syarat", "cukup_optimal"),
        (68, "masih_memenuhi_syarat", "kurang_optimal"), (67.99, "kurang_memenuhi_syarat", "kurang_optimal"),
        (90, "memenuhi_syarat", "optimal"), (89.99, "memenuhi_syarat", "cukup_optimal"),
        (78, "masih_memenuhi_syarat", "cukup_optimal"), (77.99, "masih_memenuhi_syarat", "kurang_optimal")]
write("score_jpm_categories", "JPM selection (80/68) and mapping (90/78) categories at their inclusive lower bounds.",
      "Peraturan BKN 26/2019 (JPM categories)", "score",
      {"records": [rec(NIPS[i], "Baik", 80, jpm=j) for i, (j, _, _) in enumerate(jpms)], "date": DATE},
      {"ok": True, "value": {"results": [{"row": i, "jpm": j, "jpm_selection": s, "jpm_mapping": m}
                                          for i, (j, s, m) in enumerate(jpms)]}})

# JPM computed: administrator SKJ preset level 3 over the 9 competencies; attained 3×7 + 2×2 = 25 → 25/27 = 92.59 %
comp = {k: 3 for k in ["integritas", "kerja_sama", "komunikasi", "orientasi_pada_hasil", "pelayanan_publik",
                       "pengembangan_diri_dan_orang_lain", "mengelola_perubahan"]}
comp.update({"pengambilan_keputusan": 2, "perekat_bangsa": 2})
write("score_jpm_computed", "JPM = Σ attained / Σ required × 100 against the preset SKJ (administrator: level 3).",
      "PermenPANRB 38/2017 (SKJ; uniform-level preset is meritkit's), Peraturan BKN 26/2019 (JPM)", "score",
      {"records": [rec(NIPS[0], "Baik", 80, kind="administrator", competency=comp)], "date": DATE},
      {"ok": True, "value": {"results": [{"jpm": 25 / 27 * 100, "jpm_selection": "memenuhi_syarat", "jpm_mapping": "optimal"}]}})

# §6.1 NIP validation
nips = [("19650222200701100", "nip_format"), ("196502302007011005", "nip_birth_date"),
        ("196502222007013005", "nip_sex_digit"), ("196502222007131005", "nip_appointment"),
        ("199003151989011002", "nip_appointment_before_birth"), ("196502622007012005", "nip_birth_date"),
        ("196502222007011000", "nip_serial")]
write("score_nip_errors", "Malformed NIPs: each row an error with its code at path `nip`; the valid PNS and PPPK rows still score.",
      "Perka BKN 22/2007 (NIP layout; the NIK +40 rule does not apply); NI PPPK layout from practice", "score",
      {"records": [rec(n, "Baik", 80) for n, _ in nips] + [rec("196502222007011005", "Baik", 80),
                                                           rec("200012312024211001", "Baik", 80)], "date": DATE},
      {"ok": True, "value": {"errors": [{"row": i, "code": c, "path": "nip"} for i, (_, c) in enumerate(nips)],
                             "results": [{"row": len(nips), "box": 5}, {"row": len(nips) + 1, "box": 5}]}})

# bad rows never stop the others
write("score_bad_rows_lose_nothing", "Unknown field, unknown label, wrong type, missing field, contradicting predikat: each row an error; good rows scored.",
      "DEVELOPERS: nothing is lost; PermenPANRB 6/2022 (predikat)", "score",
      {"records": [
          rec(NIPS[0], "Baik", 80),
          dict(rec(NIPS[1], "Baik", 80), golongan="III/a"),
          rec(NIPS[2], "Luar Biasa", 80),
          dict(rec(NIPS[3], "Baik", 80), potential_score="tinggi"),
          {"nip": NIPS[4], "unit": "Dinas Pangan"},
          dict(rec(NIPS[5], None, 80), performance=[{"year": 2025, "predikat": "Sangat Baik", "work_result": "sesuai_ekspektasi", "work_behavior": "sesuai_ekspektasi"}]),
          dict(rec(NIPS[6], "Baik", 80), competency={"integritas": 6}),
          rec(NIPS[7], "Sangat Baik", 92, rank="III/c", education="S-1"),
      ], "date": DATE},
      {"ok": True, "value": {
          "results": [{"row": 0, "box": 5}, {"row": 7, "box": 9}],
          "errors": [{"row": 1, "code": "unknown_field"}, {"row": 2, "code": "invalid_value", "path": "performance[0].predikat"},
                     {"row": 3, "code": "invalid_type", "path": "potential_score"}, {"row": 4, "code": "missing_field"},
                     {"row": 5, "code": "predikat_mismatch", "path": "performance[0].predikat"},
                     {"row": 6, "code": "competency_level_out_of_range", "path": "competency.integritas"}],
          "summary": {"total": {"rows": 8, "placed": 2, "errors": 6}}}})

# missing data: error by default, holding when the policy says so
write("score_missing_potential_error", "No potential data: an error `missing_potential` under the default policy, never a silent zero.",
      "PermenPANRB 20/2025 Ps. 17 (potensial inputs); missing inputs: error or holding (meritkit definition)", "score",
      {"records": [rec(NIPS[0], "Baik")], "date": DATE},
      {"ok": True, "value": {"results": [], "errors": [{"row": 0, "code": "missing_potential", "path": "potential"}]}})

# §4.5 Manado local cut-offs: potensial 68/77, kinerja 70/85
manado = [(85, 77, 9), (84.9, 76.9, 5), (70, 68, 5), (69.9, 67.9, 1), (85, 67.9, 4), (69.9, 77, 6)]
write("score_manado_preset", "Manado local practice: kinerja 0-100 (70/85) and potensial 0-100 (68/77), inclusive lower bounds.",
      "local practice preset `manado` (AndantioKorah/bkpsdmaio), not regulation", "score",
      {"records": [rec(NIPS[i], None, p, performance_score=k) for i, (k, p, _) in enumerate(manado)], "policy": "manado", "date": DATE},
      {"ok": True, "value": {"policy": {"name": "manado"}, "results": [{"row": i, "box": b} for i, (_, _, b) in enumerate(manado)]}})

# policy errors
write("policy_error_thresholds", "An inline policy with descending thresholds is refused with a located `invalid_policy` problem.",
      "meritkit definition (cut-offs are policy, no national numbers in PermenPANRB 20/2025 Ps. 17: inclusive lower bounds, ascending)", "score",
      {"records": [], "policy": {"name": "bad", "performance": {}, "potential": {"source": "score", "cutoffs": {"method": "fixed", "thresholds": [90, 78]}}}},
      {"ok": False, "error": {"kind": "policy_error", "code": "invalid_policy",
                              "problems": [{"code": "invalid_policy", "path": "potential.cutoffs.thresholds"}]}})
write("policy_error_unknown_preset", "An unknown preset name is a policy error.", "meritkit definition (presets are named policy, not regulation)", "score",
      {"records": [], "policy": "simata_nasional"},
      {"ok": False, "error": {"kind": "policy_error", "code": "unknown_preset"}})
print("wrote vectors to", OUT)
