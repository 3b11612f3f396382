"""meritkit quick start (runs in CI): write a CSV of fictional employees,
load it with pandas, score it on the 9-box grid, look at the grid and the
errors, then validate eligibility and rank successors when the engine has
those functions."""
from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import pandas as pd

import meritkit as mk


def core_has(function: str) -> bool:
    """True when the engine knows `function` (merit rules and succession land later)."""
    answer = json.loads(mk._call_json(function, "{}"))
    return bool(answer["ok"]) or "unknown function" not in answer["error"]["message"]["en"]


def main() -> None:
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

    # 6. Merit rules and succession (only when this engine build has them).
    if core_has("validate"):
        print("validate:", str(mk.validate(df.head(50), rules="jpt_pratama", date="2026-01-01"))[:200])
    else:
        print("validate: not in this engine build yet")
    if core_has("succession"):
        print("rank_successors:", str(mk.rank_successors(df.head(50), positions=[{"kind": "administrator"}], method="topsis", top=5))[:200])
    else:
        print("rank_successors: not in this engine build yet")


if __name__ == "__main__":
    main()
