#!/usr/bin/env python3
"""Write the `succession_*`, `ahp_*` and `adverse_impact_*` shared vectors.

Expected values are worked by hand from the cited instruments and publications (box numbers,
gate reasons, readiness codes, SAW fixed_range arithmetic) or computed with
SciPy/NumPy (Fisher exact, eigenvector) — never copied from meritkit's output.
Run: /tmp/mcdm-venv/bin/python tests/vectors/gen/succession_cases.py
"""
import json
import pathlib
from datetime import date

import numpy as np
from scipy.stats import fisher_exact

OUT = pathlib.Path(__file__).resolve().parents[1]
ALL9 = ["integritas", "kerja_sama", "komunikasi", "orientasi_pada_hasil", "pelayanan_publik",
        "pengembangan_diri_dan_orang_lain", "mengelola_perubahan", "pengambilan_keputusan", "perekat_bangsa"]


def rec(nip, latest, potential, **kw):
    r = {
        "nip": nip, "name": f"Pegawai {nip[-3:]}", "unit": "Dinas Pangan",
        "position": {"kind": "pengawas", "since": "2015-01-01"},
        "position_history": [{"kind": "pengawas", "start": "2015-01-01"}],
        "rank": "III/d", "education": "s1",
        "performance": [{"year": 2024, "predikat": latest}, {"year": 2025, "predikat": latest}],
        "potential_score": potential,
        "competency": {k: 3 for k in ALL9},
    }
    r.update(kw)
    return r


def write(name, case):
    (OUT / f"{name}.json").write_text(json.dumps(case, indent=1, ensure_ascii=False) + "\n")


def gates_case():
    A = rec("198503152010011002", "Sangat Baik", 91.5)             # box 9 (di atas × tinggi)
    B = rec("198706202011012003", "Baik", 95.0)                    # box 8 (sesuai × tinggi), female
    C = rec("198901012012011004", "Sangat Baik", 80.0)             # box 7 (di atas × menengah)
    D = rec("199002022014012005", "Baik", 80.0)                    # box 5: outside KRS instansi, female
    E = rec("198404042009011006", "Sangat Baik", 91.5, education="sma")
    F = rec("198005052005011007", "Sangat Baik", 91.5)             # the incumbent
    G = rec("196803011990031008", "Sangat Baik", 91.5)             # BUP 58 on 2026-03-01
    H = rec("198606062010011009", "Sangat Baik", 91.5)
    del H["competency"]                                            # no JPM at all
    I = rec("12345", "Sangat Baik", 91.5)                          # bad NIP: a row error
    J = rec("198707072011011010", "Sangat Baik", 91.5, rank="III/b")
    records = [A, B, C, D, E, F, G, H, I, J]
    # SAW, fixed_range, default weights: jpm .30 potential .20 performance .20 box .15 experience .05 rank .05 education .05
    exp_years = (date(2026, 1, 2) - date(2015, 1, 1)).days / 365.25
    common = 0.05 * (exp_years / 30) + 0.05 * ((12 - 1) / 16) + 0.05 * (6 / 8)
    score = lambda pot, perf, box: 0.30 * 1.0 + 0.20 * pot / 100 + 0.20 * (perf - 1) / 4 + 0.15 * (box - 1) / 8 + common
    sA, sB, sC = score(91.5, 5, 9), score(95.0, 4, 8), score(80.0, 5, 7)
    assert sA > sC > sB
    # Adverse impact by sex (NIP digit 15): B and D female, the other 7 valid records male.
    f_elig = fisher_exact([[5, 2], [1, 0]]).pvalue
    f_short = fisher_exact([[2, 3], [1, 0]]).pvalue
    write("succession_gates_and_reasons", {
        "name": "succession_gates_and_reasons",
        "description": "One administrator position; ten records exercising every gate: pool (box 5), eligibility (education SMA, golongan III/b), incumbent, retirement within 1 year (BUP 58), missing JPM, a bad NIP; SAW fixed_range scores by hand; readiness by box; adverse impact by sex per stage.",
        "reference": "PermenPANRB 3/2020 jo 20/2025 Ps. 17 (boxes), PP 11/2017 Ps. 54 and PP 100/2000 jo PP 13/2002 (eligibility), PP 11/2017 Ps. 239 (BUP), meritkit definitions (readiness preset, bench, tie-break), Fishburn 1967 (SAW), UGESP 29 CFR 1607.4(D) (four-fifths)",
        "function": "succession",
        "request": {
            "records": records,
            "positions": [{"id": "PANGAN-KABID", "title": "Kepala Bidang Ketersediaan Pangan", "unit": "Dinas Pangan",
                           "kind": "administrator", "critical": True, "incumbent_nip": "198005052005011007"}],
            "method": "saw", "top": 5, "date": "2026-01-02", "group_columns": ["sex"], "gate": "builtin",
        },
        "expect": {"ok": True, "value": {
            "positions": [{
                "id": "PANGAN-KABID", "method": "saw", "rule_set": "builtin_administrator",
                "candidates": [
                    {"rank": 1, "competition_rank": 1, "nip": A["nip"], "box": 9, "readiness": "ready_now", "score": sA, "jpm": 100.0},
                    {"rank": 2, "competition_rank": 2, "nip": C["nip"], "box": 7, "readiness": "ready_1_2_years", "score": sC},
                    {"rank": 3, "competition_rank": 3, "nip": B["nip"], "box": 8, "readiness": "ready_now", "score": sB},
                ],
                # excluded people are listed in NIP order (documented canonical order)
                "excluded": sorted([
                    {"nip": D["nip"], "gate": "pool", "code": "not_in_pool"},
                    {"nip": E["nip"], "gate": "eligibility", "code": "education_below_minimum"},
                    {"nip": F["nip"], "gate": "incumbent", "code": "incumbent"},
                    {"nip": G["nip"], "gate": "retirement", "code": "retirement_within_horizon"},
                    {"nip": H["nip"], "gate": "data", "code": "missing_criterion"},
                    {"nip": J["nip"], "gate": "eligibility", "code": "rank_below_minimum"},
                ], key=lambda e: e["nip"]),
                "funnel": {"considered": 9, "in_pool": 8, "eligible": 6, "ranked": 3, "shortlisted": 3},
                "bench": {"has_ready_now": True, "ready_now_count": 2, "at_risk": False,
                          "readiness_counts": {"ready_now": 2, "ready_1_2_years": 1, "ready_3_plus_years": 0, "not_ready": 0}},
            }],
            "bench": {"overall": {"positions": 1, "critical_positions": 1, "critical_with_ready_now": 1, "coverage": 1.0, "positions_at_risk": []}},
            "adverse_impact": [
                {"stage": "pool", "column": "sex", "reference_group": "male", "groups": [
                    {"group": "female", "considered": 2, "selected": 1, "selection_rate": 0.5, "impact_ratio": 0.5, "four_fifths_flag": True, "small_sample": True},
                    {"group": "male", "considered": 7, "selected": 7, "selection_rate": 1.0, "reference": True}]},
                {"stage": "eligible", "column": "sex", "reference_group": "female", "groups": [
                    {"group": "female", "considered": 1, "selected": 1, "reference": True},
                    {"group": "male", "considered": 7, "selected": 5, "impact_ratio": 5 / 7, "four_fifths_flag": True, "fisher_p": f_elig}]},
                {"stage": "shortlisted", "column": "sex", "reference_group": "female", "groups": [
                    {"group": "female", "considered": 1, "selected": 1},
                    {"group": "male", "considered": 5, "selected": 2, "impact_ratio": 0.4, "four_fifths_flag": True, "fisher_p": f_short}]},
            ],
            "errors": [{"row": 8, "code": "nip_format"}],
        }},
    })
    return records


def protected_case(records):
    write("succession_protected_attribute_refused", {
        "name": "succession_protected_attribute_refused",
        "description": "A weight on a protected attribute (agama) is refused with protected_attribute.",
        "reference": "UU 5/2014 Ps. 1; UU 20/2023 penjelasan Ps. 28(2) huruf d",
        "function": "succession",
        "request": {"records": records[:1], "positions": [{"id": "P", "title": "T", "unit": "Dinas Pangan", "kind": "administrator"}],
                    "date": "2026-01-02", "weights": {"jpm": 0.5, "agama": 0.5}},
        "expect": {"ok": False, "error": {"kind": "request_error", "code": "protected_attribute"}},
    })


def ahp_cases():
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    ev, vec = np.linalg.eig(a)
    i = int(np.argmax(ev.real))
    w = vec[:, i].real
    w = w / w.sum()
    lam = float(ev[i].real)
    write("ahp_saaty_3x3", {
        "name": "ahp_saaty_3x3",
        "description": "Classic 3x3 judgement matrix: principal eigenvector, lambda_max and CR (Saaty RI 0.58); expected from numpy.linalg.eig.",
        "reference": "AHP, Saaty (1980)",
        "function": "ahp_weights",
        "request": {"matrix": a.tolist()},
        "expect": {"ok": True, "value": {"weights": [float(x) for x in w], "lambda_max": lam,
                                         "consistency_ratio": (lam - 3) / 2 / 0.58, "consistent": True}},
    })
    write("ahp_inconsistent_refused", {
        "name": "ahp_inconsistent_refused",
        "description": "Cyclic judgements (A>>B>>C>>A): CR far above 0.10 is an error unless allow_inconsistent.",
        "reference": "AHP, Saaty (1980): CR = CI / RI, accept CR <= 0.10",
        "function": "ahp_weights",
        "request": {"matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]},
        "expect": {"ok": False, "error": {"code": "inconsistent_matrix"}},
    })


def impact_cases():
    write("adverse_impact_ugesp_q12", {
        "name": "adverse_impact_ugesp_q12",
        "description": "UGESP Q&A 12: 60/100 vs 15/50 hired; impact ratio 0.5 < 0.8; Z_D by hand; Fisher from SciPy.",
        "reference": "UGESP, 29 CFR 1607.4(D)",
        "function": "adverse_impact",
        "request": {"counts": [{"group": "white", "considered": 100, "selected": 60}, {"group": "black", "considered": 50, "selected": 15}]},
        "expect": {"ok": True, "value": {"reference_group": "white", "groups": [
            {"group": "black", "selection_rate": 0.3, "impact_ratio": 0.5, "four_fifths_flag": True,
             "z_d": -0.3 / (0.25 * 0.03) ** 0.5, "fisher_p": float(fisher_exact([[15, 35], [60, 40]]).pvalue), "small_sample": False},
            {"group": "white", "selection_rate": 0.6, "reference": True, "impact_ratio": 1.0, "four_fifths_flag": False}]}},
    })


def rules_gate_case(records):
    # Same records, default gate = the merit-rule engine: the administrator rule set
    # (crates/meritkit/src/rules/builtin/administrator.toml) names the failed rules:
    # SMA education → pendidikan_minimal (S1/D-IV, PP 11/2017 Ps. 54); golongan III/b →
    # pangkat_minimal (a PNS, below III/c: one step below III/d, the lowest pangkat of
    # eselon III.b, PP 100/2000 jo PP 13/2002 Ps. 5). Its BUP rule is only a warning there, so the
    # succession retirement gate still excludes G.
    nip = lambda i: records[i]["nip"]
    write("succession_rules_gate", {
        "name": "succession_rules_gate",
        "description": "The default eligibility gate is the merit-rule engine: reason codes are the rule ids of the built-in `administrator` rule set.",
        "reference": "PP 11/2017 Ps. 54; PP 100/2000 jo PP 13/2002; rules/builtin/administrator.toml",
        "function": "succession",
        "request": {
            "records": records,
            "positions": [{"id": "PANGAN-KABID", "title": "Kepala Bidang Ketersediaan Pangan", "unit": "Dinas Pangan",
                           "kind": "administrator", "critical": True, "incumbent_nip": "198005052005011007"}],
            "method": "saw", "top": 5, "date": "2026-01-02", "group_columns": [],
        },
        "expect": {"ok": True, "value": {"positions": [{
            "rule_set": "administrator",
            "candidates": [{"nip": nip(0)}, {"nip": nip(2)}, {"nip": nip(1)}],
            "excluded": sorted([
                {"nip": nip(3), "gate": "pool", "code": "not_in_pool"},
                {"nip": nip(4), "gate": "eligibility", "code": "pendidikan_minimal"},
                {"nip": nip(5), "gate": "incumbent", "code": "incumbent"},
                {"nip": nip(6), "gate": "retirement", "code": "retirement_within_horizon"},
                {"nip": nip(7), "gate": "data", "code": "missing_criterion"},
                {"nip": nip(9), "gate": "eligibility", "code": "pangkat_minimal"},
            ], key=lambda e: e["nip"]),
        }], "adverse_impact": []}},
    })


if __name__ == "__main__":
    recs = gates_case()
    rules_gate_case(recs)
    protected_case(recs)
    ahp_cases()
    impact_cases()
