"""meritkit quick start (runs in CI): write a CSV of fictional employees,
load it with pandas, score it on the 9-box grid, look at the grid and the
errors, validate eligibility against a merit rule set, rank successors for a
position, and check the shortlist for adverse impact."""
from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import pandas as pd

import meritkit as mk


def main() -> None:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 12)
    # 1. A CSV as an agency would export it (fictional people from the seeded generator).
    path = os.path.join(tempfile.mkdtemp(), "pegawai.csv")
    mk.generate(500, seed=2026, format="pandas").to_csv(path, index=False)
    df = pd.read_csv(path, dtype={"nip": str})

    # 2. Score with the national preset policy.
    res = mk.score(df, policy="permenpanrb_3_2020", date="2026-01-02")
    print(res)
    print("policy:", res.policy.name, res.policy.fingerprint[:16])
    out: Any = res.to_pandas()
    print(out[["nip", "unit", "status", "box", "performance_level", "potential_level"]].head())

    # 3. The grid (counts per box) — in Jupyter just evaluate `res` to see it drawn.
    grid = res.grid()
    for row in ([4, 7, 9], [2, 5, 8], [1, 3, 6]):
        print("  ".join(f"box {b}: {grid[b]:4d}" for b in row))
    html = res.by_unit()._repr_html_()
    print(f"per-unit HTML grid: {len(html)} characters")

    # 4. Why is the first placed person where they are?
    first = int(out.index[out["status"] == "placed"][0])
    explanation = res.explain(first)
    assert explanation is not None
    print("row", first, "→ box", explanation["box"], "potential from", explanation["explanation"]["potential"]["source"])

    # 5. Errors never stop the batch.
    bad = df.head(3).copy()
    bad.loc[0, "nip"] = "12345"
    print([(e["row"], e["code"]) for e in mk.score(bad).errors])

    # 6. Merit rules: who meets the JPT Pratama requirements (PP 11/2017 Ps. 107) at a reference date?
    v = mk.validate(df, rules="jpt_pratama", date="2026-01-02")
    print(v)
    table: Any = v.to_pandas()
    print(table[["nip", "unit", "status", "failed", "unknown"]].head())
    total = v.summary["total"]
    assert total["eligible"] + total["ineligible"] + total["errors"] == len(df)
    print("excluded by rule:", total["excluded_by"])

    # 7. Succession: a ranked, explained shortlist for a Kepala Bidang post (administrator) in one unit.
    unit = str(df["unit"].iloc[0])
    position = {"id": "KABID-1", "title": "Kepala Bidang", "unit": unit, "kind": "administrator", "critical": True}
    s = mk.rank_successors(df, positions=[position], method="topsis", top=5, date="2026-01-02")
    print(s)
    shortlist: Any = s.to_pandas()
    print(shortlist[["rank", "nip", "unit", "score", "readiness", "box"]])
    assert all(shortlist["box"] >= 7), "the shortlist holds talent-pool members only (boxes 7-9)"
    funnel = s.position("KABID-1")["funnel"]
    print("funnel:", {k: funnel[k] for k in ("considered", "in_pool", "eligible", "ranked", "shortlisted")})

    # 8. Fairness: four-fifths rule on the talent pool by unit.
    placed = out[out["status"] == "placed"]
    impact = mk.adverse_impact(df.loc[placed["row"]], group_column="unit", selected=list(placed["box"] >= 7))
    print(impact, "reference group:", impact.reference_group)

if __name__ == "__main__":
    main()
