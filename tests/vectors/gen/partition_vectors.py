#!/usr/bin/env python3
"""Writes the partition vectors (tests/vectors/native/partition_*.json): functions of native
builds only (Rust, Python; not the WebAssembly package), issue 16.

Expected values are written from the definitions they cite, never from running meritkit:
a percentile threshold is the smallest score whose rank (the share of the scope's scores
strictly below it) reaches the configured rank (docs/policy.md, `Cutoffs::Percentile`);
the preset percentile_unit puts the potensial bounds at ranks 0.3 and 0.8 per unit (its
TOML file, read here as data); a summary is the multiset of the scores that take part, per
unit; merged summaries and merged counts are sums. Scores travel as decimal text (the
shortest text that reads back as the same number: "60", "72.5").
Re-run after editing: python3 tests/vectors/gen/partition_vectors.py
"""
import json
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "tests" / "vectors" / "native"
PRESET = tomllib.loads((ROOT / "crates/meritkit/src/presets/percentile_unit.toml").read_text())
FORMAT = "meritkit.partition_summary/1"
# The preset's identity (an input, not an expectation: `meritkit policy list` shows it); a
# change to the preset changes it, and this file is then re-run with the new one.
PRESET_FP = "63bd297bf948bc8e7a521bb6ef952d2fea40d9947f5a5271f472bf1ca97449de"


def rec(i, unit, potential, predikat="Baik"):
    return {"nip": f"19{80 + i:02d}0101200501100{i % 9 + 1}", "unit": unit, "position": {"kind": "pelaksana"},
            "performance": [{"year": 2025, "predikat": predikat}], "potential_score": potential}


def write(name, description, reference, function, request, expect):
    case = {"name": name, "description": description, "reference": reference,
            "function": function, "request": request, "expect": expect}
    (OUT / f"{name}.json").write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n")


OUT.mkdir(exist_ok=True)
DEF = "docs/policy.md (Cutoffs::Percentile: rank = share of the scope's scores strictly below); docs/scale.md (summaries)"

# 1. A partition's summary: per unit, each potensial score with its count. The row with a
# potential score of 130 is an error row (score_out_of_range) and takes no part.
records = [rec(0, "Dinas A", 60), rec(1, "Dinas A", 72.5), rec(2, "Dinas A", 60), rec(3, "Dinas B", 90),
           rec(4, "Dinas B", 130)]
write("partition_summary_per_unit",
      "A partition's summary for a scope-unit percentile policy: per unit, the distinct potensial scores "
      "ascending with their counts; a row with an error (score 130) takes no part but is counted in rows.",
      DEF, "partition_summary", {"records": records, "policy": "percentile_unit"},
      {"ok": True, "value": {"format": FORMAT, "rows": 5, "performance": None, "potential": {"scope": "unit", "scopes": [
          {"unit": "Dinas A", "population": 3, "scores": [["60", 2], ["72.5", 1]]},
          {"unit": "Dinas B", "population": 1, "scores": [["90", 1]]}]}}})


def summary(fp, rows, scopes):
    return {"format": FORMAT, "policy_fingerprint": fp, "date": None, "rows": rows, "performance": None,
            "potential": {"scope": "unit", "scopes": scopes}}


FP = "0" * 64  # any fingerprint: merging compares them, resolving checks them against the policy
a = summary(FP, 4, [{"unit": "Dinas A", "population": 3, "scores": [["60", 2], ["72.5", 1]]}])
b = summary(FP, 3, [{"unit": "Dinas A", "population": 2, "scores": [["60", 1], ["80", 1]]},
                    {"unit": "Dinas B", "population": 1, "scores": [["90", 1]]}])
write("partition_merge_summaries",
      "Two partitions' summaries merged: rows add, each unit's counts add score by score, units ascending.",
      DEF, "merge_summaries", {"summaries": [a, b]},
      {"ok": True, "value": summary(FP, 7, [
          {"unit": "Dinas A", "population": 5, "scores": [["60", 3], ["72.5", 1], ["80", 1]]},
          {"unit": "Dinas B", "population": 1, "scores": [["90", 1]]}])})

c = dict(b, policy_fingerprint="1" * 64)
write("partition_merge_other_policy_refused",
      "Summaries made for different policies are not merged: request_error invalid_request at "
      "summaries.policy_fingerprint.",
      DEF, "merge_summaries", {"summaries": [a, c]},
      {"ok": False, "error": {"kind": "request_error", "code": "invalid_request",
                              "problems": [{"path": "summaries.policy_fingerprint"}]}})

# 3. Resolving: Dinas A has 50, 60, 70, 80, 90 (ranks 0, 0.2, 0.4, 0.6, 0.8): rank 0.3 is first
# reached by 70, rank 0.8 by 90. Dinas B has 40, 40, 95, 95 (ranks 0, 0, 0.5, 0.5): rank 0.3 is
# first reached by 95 and 0.8 by no one (null: tinggi reached by no one in Dinas B).
thresholds = PRESET["potential"]["cutoffs"]["thresholds"]
assert thresholds == [0.3, 0.8]
scopes = [{"unit": "Dinas A", "population": 5, "scores": [["50", 1], ["60", 1], ["70", 1], ["80", 1], ["90", 1]]},
          {"unit": "Dinas B", "population": 4, "scores": [["40", 2], ["95", 2]]}]
write("partition_resolve_percentile_unit",
      "The percentile_unit preset resolved against a merged summary: one table per unit with its population and "
      "its bounds in score units (Dinas A: 70 and 90; Dinas B: 95, and no one reaches rank 0.8), the original "
      "policy kept.",
      DEF + "; src/presets/percentile_unit.toml (ranks 0.3 and 0.8 per unit)", "resolve_policy",
      {"policy": PRESET, "summary": summary(PRESET_FP, 9, scopes)},
      {"ok": True, "value": {"format": "meritkit.resolved_policy/1", "rows": 9, "performance": None,
                             "policy_fingerprint": PRESET_FP, "policy": {"name": "percentile_unit"},
                             "potential": {"method": "percentile", "scope": "unit", "tables": [
                                 {"unit": "Dinas A", "population": 5, "score_thresholds": ["70", "90"]},
                                 {"unit": "Dinas B", "population": 4, "score_thresholds": ["95", None]}]}}})

# 4. An altered resolved policy is refused.
resolved = {"format": "meritkit.resolved_policy/1", "policy": PRESET, "policy_fingerprint": "0" * 64, "date": None,
            "rows": 1, "performance": None,
            "potential": {"method": "percentile", "scope": "unit", "tables": [
                {"unit": "Dinas A", "population": 1, "score_thresholds": ["60", "60"], "scores": [["60", 1]]}]},
            "fingerprint": "0" * 64}
write("partition_score_altered_policy_refused",
      "A resolved policy whose recorded fingerprints do not match its content is never applied: policy_error "
      "invalid_policy.",
      DEF, "score_partition", {"records": [rec(0, "Dinas A", 60)], "resolved_policy": resolved},
      {"ok": False, "error": {"kind": "policy_error", "code": "invalid_policy"}})

# 5. Score answers' counts merged.
def group(unit, rows, placed, errors, box, codes):
    boxes = {str(n): 0 for n in range(1, 10)}
    boxes.update(box)
    return {"unit": unit, "rows": rows, "placed": placed, "holding": 0, "errors": errors, "boxes": boxes,
            "talent_pool": {}, "error_codes": codes, "warnings": 0}


s1 = {"total": group(None, 3, 2, 1, {"5": 2}, {"score_out_of_range": 1}),
      "units": [group("Dinas A", 3, 2, 1, {"5": 2}, {"score_out_of_range": 1})]}
s2 = {"total": group(None, 2, 2, 0, {"5": 1, "9": 1}, {}),
      "units": [group("Dinas B", 1, 1, 0, {"9": 1}, {}), group("Dinas A", 1, 1, 0, {"5": 1}, {})]}
write("partition_merge_score_summaries",
      "The counts of two partitions' answers merged into the counts of one answer: totals and each unit add, "
      "units by name.",
      DEF, "merge_score_summaries", {"summaries": [s1, s2]},
      {"ok": True, "value": {"total": group(None, 5, 4, 1, {"5": 3, "9": 1}, {"score_out_of_range": 1}),
                             "units": [group("Dinas A", 4, 3, 1, {"5": 3}, {"score_out_of_range": 1}),
                                       group("Dinas B", 1, 1, 0, {"9": 1}, {})]}})
