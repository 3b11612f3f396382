#!/usr/bin/env python3
"""Generate the `raters_*.json` shared vectors from independent implementations.

Several datasets of ratings (targets x raters) are analysed by the peers:

* `pingouin.intraclass_corr` (the six ICCs of Shrout & Fleiss 1979 / McGraw &
  Wong 1996 with F, df1, df2, p-value and 95 % CI) on complete designs;
* `krippendorff.alpha` (nominal, ordinal, interval) on the reliability data
  (raters x units, NaN = missing);
* pandas `groupby(rater)` for the within-rater z (sample SD, ddof=1).

Datasets: pingouin's own example (`pingouin.read_dataset("icc")`, 8 wines x 4
judges; documented ICC(1,1) 0.728, ICC(A,1) 0.728, ICC(C,1) 0.729, ICC(1,k)
0.914, ICC(A,k) 0.914, ICC(C,k) 0.915, F 11.680 / 11.787); Shrout & Fleiss
(1979) Table 2 (6 targets x 4 judges; published ICC(1,1) .17, ICC(2,1) .29,
ICC(3,1) .71, ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91); Krippendorff (2011)
"Computing Krippendorff's Alpha-Reliability", the 4 coders x 12 units example
with missing values (published alpha nominal 0.743, ordinal 0.815, interval
0.849); the `krippendorff` package's docstring example (3 coders x 15 units;
nominal 0.691358, interval 0.810845); and seeded random designs (complete and
with missing ratings). The published values are asserted here to 3 decimals;
the vectors carry the peers' full-precision output, which meritkit must match
within rel. tol. 1e-9.

pingouin rounds the CI95 column for display (`options["round.column.CI95"]`,
2 decimals); the generator switches that rounding off so the vectors carry
the unrounded bounds of pingouin's own formulas.

Run (in a throw-away venv):
    python3 -m venv /tmp/raters-venv && /tmp/raters-venv/bin/pip install pingouin krippendorff numpy pandas
    /tmp/raters-venv/bin/python tests/vectors/gen/raters_peers.py
"""
import json
import math
import pathlib
from importlib.metadata import version

import krippendorff
import numpy as np
import pandas as pd
import pingouin as pg

OUT = pathlib.Path(__file__).resolve().parents[1]
pg.options["round"] = None
pg.options["round.column.CI95"] = None
PEERS = f"pingouin {version('pingouin')}, krippendorff {version('krippendorff')}, pandas {version('pandas')}"
TYPES = ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
NAN = float("nan")


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def long_rows(matrix, targets, raters):
    """Ratings in long form (rater-major, as reliability data is read): NaN -> null score."""
    rows = []
    for j, r in enumerate(raters):
        for i, t in enumerate(targets):
            x = matrix[j][i]
            rows.append({"target": t, "rater": r, "score": None if math.isnan(x) else float(x)})
    return rows


def z_within_rater(rows):
    df = pd.DataFrame([r for r in rows])
    df["score"] = df["score"].astype(float)
    g = df.groupby("rater")["score"]
    z = (df["score"] - g.transform("mean")) / g.transform(lambda s: s.std(ddof=1))
    n = g.transform("count")
    out = []
    for zi, ni, x in zip(z, n, df["score"]):
        out.append({"z": None if (math.isnan(x) or ni < 3) else float(zi)})
    return out


def icc_table(rows):
    df = pd.DataFrame([r for r in rows if r["score"] is not None])
    t = pg.intraclass_corr(data=df, targets="target", raters="rater", ratings="score")
    out = []
    for kind, (_, r) in zip(TYPES, t.iterrows()):
        out.append({
            "type": kind, "label": r["Type"], "icc": num(r["ICC"]), "f": num(r["F"]),
            "df1": float(r["df1"]), "df2": float(r["df2"]), "p_value": num(r["pval"]),
            "ci95": [float(r["CI95"][0]), float(r["CI95"][1])],
        })
    return out


def alphas(matrix):
    data = np.array(matrix, dtype=float)
    return [{"level": lv, "alpha": float(krippendorff.alpha(reliability_data=data, level_of_measurement=lv))}
            for lv in ["nominal", "ordinal", "interval"]]


def write(name, description, reference, matrix, targets, raters, complete):
    rows = long_rows(matrix, targets, raters)
    levels = alphas(matrix)
    agreement = {"complete": complete, "krippendorff": {"scale": "interval", "alpha": levels[2]["alpha"], "levels": levels}}
    agreement["icc"] = icc_table(rows) if complete else None
    case = {
        "name": name,
        "description": description,
        "reference": reference + f"; expected values computed by {PEERS} (tests/vectors/gen/raters_peers.py)",
        "function": "raters",
        "request": {"ratings": rows, "scale": "interval"},
        "expect": {"ok": True, "value": {"scale": "interval", "standardise_by": "rater",
                                         "standardised": z_within_rater(rows), "agreement": agreement}},
    }
    (OUT / f"{name}.json").write_text(json.dumps(case, indent=1) + "\n")
    return case


def wide(df, targets, raters, value):
    m = df.pivot_table(index=raters, columns=targets, values=value)
    return m.to_numpy().tolist(), [str(c) for c in m.columns], [str(i) for i in m.index]


def main():
    # pingouin's documented example: 8 wines x 4 judges.
    d = pg.read_dataset("icc")
    m, ts, rs = wide(d, "Wine", "Judge", "Scores")
    c = write("raters_pingouin_icc_wines", "ICC (six forms) and Krippendorff's alpha of pingouin's example: 8 wines rated by 4 judges",
              "pingouin.intraclass_corr documentation example (read_dataset('icc'))", m, [f"wine{t}" for t in ts], rs, True)
    published = [0.728, 0.728, 0.729, 0.914, 0.914, 0.915]
    got = [r["icc"] for r in c["expect"]["value"]["agreement"]["icc"]]
    assert [round(x, 3) for x in got] == published, got

    # Shrout & Fleiss (1979) Table 2: 6 targets x 4 judges.
    sf = [[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2], [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7]]
    c = write("raters_shrout_fleiss_1979", "ICC of Shrout & Fleiss (1979) Table 2: 6 targets rated by 4 judges",
              "Shrout & Fleiss (1979) Psychological Bulletin 86(2) 420-428, Tables 2 and 4", sf,
              [f"t{i + 1}" for i in range(6)], ["J1", "J2", "J3", "J4"], True)
    got = [r["icc"] for r in c["expect"]["value"]["agreement"]["icc"]]
    assert [round(x, 2) for x in got] == [0.17, 0.29, 0.71, 0.44, 0.62, 0.91], got

    # Krippendorff (2011), 4 coders x 12 units, missing values.
    k11 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
           [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]]
    c = write("raters_krippendorff_2011", "Krippendorff's alpha (nominal, ordinal, interval) of Krippendorff's (2011) worked example: 4 coders, 12 units, missing values; no ICC (incomplete design)",
              "Krippendorff (2011) Computing Krippendorff's Alpha-Reliability, section C (alpha nominal 0.743, ordinal 0.815, interval 0.849)",
              k11, [f"u{i + 1}" for i in range(12)], ["A", "B", "C", "D"], False)
    got = [lv["alpha"] for lv in c["expect"]["value"]["agreement"]["krippendorff"]["levels"]]
    assert [round(x, 3) for x in got] == [0.743, 0.815, 0.849], got

    # krippendorff package docstring example: 3 coders x 15 units.
    kp = [[NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
          [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
          [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4]]
    c = write("raters_krippendorff_package_example", "Krippendorff's alpha of the krippendorff package's docstring example: 3 coders, 15 units (one unit without any value)",
              "krippendorff (PyPI) alpha() docstring: nominal 0.691358, interval 0.810845", kp,
              [f"u{i + 1}" for i in range(15)], ["c1", "c2", "c3"], False)
    got = [lv["alpha"] for lv in c["expect"]["value"]["agreement"]["krippendorff"]["levels"]]
    assert round(got[0], 6) == 0.691358 and round(got[2], 6) == 0.810845, got

    # Seeded random designs.
    rng = np.random.default_rng(20260415)
    for k, (n, r, integer) in enumerate([(25, 5, False), (40, 3, True)]):
        true = rng.normal(3.0, 0.8, size=n)
        lenient = rng.normal(0.0, 0.4, size=r)
        x = true[None, :] + lenient[:, None] + rng.normal(0.0, 0.5, size=(r, n))
        x = np.clip(np.round(x), 1, 5) if integer else np.round(x, 4)
        write(f"raters_random_complete_{k}", f"seeded {n} targets x {r} raters, complete ({'integer 1-5' if integer else 'continuous'} scores, rater offsets)",
              "synthetic (numpy default_rng 20260415)", x.tolist(), [f"t{i}" for i in range(n)], [f"r{j}" for j in range(r)], True)
    n, r = 30, 6
    true = rng.normal(4.0, 1.0, size=n)
    x = np.clip(np.round(true[None, :] + rng.normal(0.0, 0.8, size=(r, n))), 1, 7)
    x[rng.random(size=(r, n)) < 0.3] = NAN
    write("raters_random_missing", "seeded 30 targets x 6 raters, integer 1-7 scores, about 30 % of ratings missing (alpha only; no ICC)",
          "synthetic (numpy default_rng 20260415)", x.tolist(), [f"t{i}" for i in range(n)], [f"r{j}" for j in range(r)], False)


if __name__ == "__main__":
    main()
