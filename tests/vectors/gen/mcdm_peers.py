#!/usr/bin/env python3
"""Generate the `mcdm_*.json` shared vectors from independent implementations.

Random decision matrices (seeded) are scored by `pymcdm` (WSM = SAW with each
normalisation; TOPSIS with vector and min-max normalisation) and by
`scikit-criteria` (WeightedSumModel after InvertMinimize + SumScaler, i.e. SAW
with the `sum` normalisation; TOPSIS after VectorScaler). The expected scores
and orders are the peers' output; meritkit must agree within rel. tol. 1e-9.

Run (in a throw-away venv):
    python3 -m venv /tmp/mcdm-venv && /tmp/mcdm-venv/bin/pip install pymcdm numpy scikit-criteria
    /tmp/mcdm-venv/bin/python tests/vectors/gen/mcdm_peers.py
"""
import json
import pathlib
import warnings

import numpy as np
import pymcdm
from pymcdm import normalizations as N
from pymcdm.methods import TOPSIS, WSM

warnings.filterwarnings("ignore")
import skcriteria as skc  # noqa: E402
from skcriteria.agg.simple import WeightedSumModel  # noqa: E402
from skcriteria.agg.similarity import TOPSIS as SkTOPSIS  # noqa: E402
from skcriteria.pipelines import mkpipe  # noqa: E402
from skcriteria.preprocessing.invert_objectives import InvertMinimize  # noqa: E402
from skcriteria.preprocessing.scalers import SumScaler, VectorScaler  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1]
NORMS = {
    "linear": N.linear_normalization,
    "max": N.max_normalization,
    "min_max": N.minmax_normalization,
    "vector": N.vector_normalization,
    "sum": N.sum_normalization,
}


def problem(seed, rows=9, cols=5):
    rng = np.random.default_rng(seed)
    m = np.round(rng.uniform(1.0, 100.0, size=(rows, cols)), 3)
    w = rng.uniform(0.05, 1.0, size=cols)
    w = w / w.sum()
    t = rng.choice([1, -1], size=cols)
    t[0] = 1  # at least one benefit criterion
    return m, w, t


def order(scores):
    # best first; ties by lower index (stable)
    return [int(i) for i in sorted(range(len(scores)), key=lambda i: (-scores[i], i))]


def write(name, description, reference, method, m, w, t, norm, scores):
    scores = [float(x) for x in scores]
    case = {
        "name": name,
        "description": description,
        "reference": reference,
        "function": "mcdm",
        "request": {
            "method": method,
            "matrix": m.tolist(),
            "weights": [float(x) for x in w],
            "types": ["benefit" if x == 1 else "cost" for x in t],
            "normalisation": norm,
        },
        "expect": {"ok": True, "value": {"scores": scores, "order": order(scores)}},
    }
    (OUT / f"{name}.json").write_text(json.dumps(case, indent=1) + "\n")


def main():
    seed = 100
    for norm, fn in NORMS.items():
        for k in range(2):
            seed += 1
            m, w, t = problem(seed)
            s = WSM(normalization_function=fn)(m, w, t)
            write(f"mcdm_pymcdm_saw_{norm}_{k}", f"SAW (pymcdm WSM) with `{norm}` normalisation on a random 9x5 matrix (seed {seed})",
                  "pymcdm 1.4 WSM; normalisation names and cost forms as in pymcdm", "saw", m, w, t, norm, s)
    for norm in ["vector", "min_max"]:
        for k in range(2):
            seed += 1
            m, w, t = problem(seed)
            s = TOPSIS(normalization_function=NORMS[norm])(m, w, t)
            write(f"mcdm_pymcdm_topsis_{norm}_{k}", f"TOPSIS (pymcdm) with `{norm}` normalisation on a random 9x5 matrix (seed {seed})",
                  "pymcdm 1.4 TOPSIS; Hwang & Yoon 1981", "topsis", m, w, t, norm, s)
    for k in range(2):
        seed += 1
        m, w, t = problem(seed)
        dm = skc.mkdm(m, objectives=[max if x == 1 else min for x in t], weights=w)
        pipe = mkpipe(InvertMinimize(), SumScaler(target="both"), WeightedSumModel())
        s = pipe.evaluate(dm).e_.score
        write(f"mcdm_skcriteria_saw_sum_{k}", f"SAW (scikit-criteria WeightedSumModel after InvertMinimize + SumScaler) = meritkit `sum` normalisation (seed {seed})",
              "scikit-criteria 0.10", "saw", m, w, t, "sum", s)
    for k in range(2):
        seed += 1
        m, w, t = problem(seed)
        dm = skc.mkdm(m, objectives=[max if x == 1 else min for x in t], weights=w)
        pipe = mkpipe(VectorScaler(target="matrix"), SumScaler(target="weights"), SkTOPSIS())
        s = pipe.evaluate(dm).e_.similarity
        write(f"mcdm_skcriteria_topsis_vector_{k}", f"TOPSIS (scikit-criteria, VectorScaler; cost criteria by minimum ideal) on a random 9x5 matrix (seed {seed})",
              "scikit-criteria 0.10; Hwang & Yoon 1981", "topsis", m, w, t, "vector", s)


if __name__ == "__main__":
    main()
