"""Typed use of the whole meritkit API, checked two ways (scripts/test.d/30-python.sh):

* `mypy --strict` (which turns on `--warn-unused-ignores`): every `assert_type` must hold against the stubs
  (meritkit/__init__.pyi, _errors.pyi, _meritkit.pyi), and every `# type: ignore[code]` in `_rejected()`
  must be needed, i.e. the stubs really reject that wrong call;
* run by pytest (test_typing.py calls `check_runtime()`): the values the runtime returns have the types and
  the keys the stubs claim (`_keys` compares TypedDict keys with the real dicts).

The negative cases live in `_rejected()`, which is never called (they would raise at run time).
"""
from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional

import pandas as pd
import polars as pl
import pyarrow as pa
from typing_extensions import assert_type

import meritkit as mk

if TYPE_CHECKING:
    from meritkit import _EmployeeResult, _GroupSummary, _Placement, _PositionResult, _ScoreRow, _Summary, _ValidateSummary
    from meritkit._errors import _ErrorDetails, _RowError

DATE = "2026-01-02"


def _keys(d: Mapping[str, Any], required: set[str], optional: set[str] = set()) -> None:
    """The runtime dict has every required key of its TypedDict and nothing the TypedDict does not name."""
    missing = required - set(d)
    extra = set(d) - required - optional
    assert not missing and not extra, f"missing {sorted(missing)}, unexpected {sorted(extra)}"


SCORE_ROW_KEYS = {
    "row", "nip", "name", "unit", "position_kind", "status", "box", "performance_level", "potential_level",
    "performance_score", "potential_score", "jpm", "jpm_selection", "jpm_mapping", "latest_predikat",
    "talent_pool", "warnings", "error_count", "error_code", "error_path",
}
GROUP_KEYS = {"unit", "rows", "placed", "holding", "errors", "boxes", "talent_pool", "error_codes", "warnings"}
PLACEMENT_REQUIRED = {
    "row", "nip", "unit", "position_kind", "status", "box", "performance_level", "potential_level",
    "potential_score", "jpm", "jpm_selection", "jpm_mapping", "latest_predikat", "talent_pool", "follow_up",
    "explanation",
}
PLACEMENT_OPTIONAL = {"name", "performance_score", "description", "missing", "warnings"}


def check_generate() -> pd.DataFrame:
    df = mk.generate(50, seed=7)
    assert_type(df, pd.DataFrame)
    assert isinstance(df, pd.DataFrame) and len(df) == 50
    p = mk.generate(5, 7, "polars")
    assert_type(p, pl.DataFrame)
    assert isinstance(p, pl.DataFrame)
    t = mk.generate(5, format="arrow")
    assert_type(t, pa.Table)
    assert isinstance(t, pa.Table)
    r = mk.generate(5, seed=7, format="records")
    assert_type(r, List[Dict[str, Any]])
    assert isinstance(r, list) and isinstance(r[0], dict) and isinstance(r[0]["position"], dict)
    return df


def check_score(df: pd.DataFrame) -> None:
    res = mk.score(df, policy="permenpanrb_3_2020", date=DATE)
    assert_type(res, mk.ScoreResult)
    assert_type(len(res), int)
    assert_type(res.policy, mk.PolicyInfo)
    assert_type(res.policy.fingerprint, str)
    assert len(res.policy.fingerprint) == 64

    assert_type(res.to_pandas(), pd.DataFrame)
    assert isinstance(res.to_pandas(), pd.DataFrame)
    assert_type(res.to_polars(), pl.DataFrame)
    assert isinstance(res.to_polars(), pl.DataFrame)
    assert_type(res.to_arrow(), pa.Table)
    assert isinstance(res.to_arrow(), pa.Table)

    rows = res.to_dicts()
    assert_type(rows, List["_ScoreRow"])
    for row in rows:
        _keys(row, SCORE_ROW_KEYS)
        assert row["status"] in ("placed", "holding", "error")
        box: Optional[int] = row["box"]
        assert box is None or (isinstance(box, int) and 1 <= box <= 9)
        assert isinstance(row["talent_pool"], list) and set(row["talent_pool"]) <= {"instansi", "nasional"}
        assert isinstance(row["warnings"], int) and isinstance(row["error_count"], int)

    summary = res.summary
    assert_type(summary, "_Summary")
    _keys(summary, {"total", "units"})
    total = summary["total"]
    assert_type(total, "_GroupSummary")
    for group in [total, *summary["units"]]:
        _keys(group, GROUP_KEYS)
        assert all(isinstance(k, int) and isinstance(v, int) for k, v in group["boxes"].items())
        assert set(group["talent_pool"]) <= {"instansi", "nasional"}
    assert total["unit"] is None and total["rows"] == len(df)
    assert_type(res.grid(), Dict[int, int])
    assert sum(res.grid().values()) == total["placed"]

    placed = next(r["row"] for r in rows if r["status"] == "placed")
    p = res.explain(placed)
    assert_type(p, Optional["_Placement"])
    assert p is not None
    _keys(p, PLACEMENT_REQUIRED, PLACEMENT_OPTIONAL)
    assert p["status"] == "placed" and p["box"] is not None
    _keys(p["explanation"]["potential"], {"source", "rule"},
          {"years", "combine", "score", "components", "renormalized", "cutoffs", "level", "missing"})
    box_exp = p["explanation"].get("box")
    assert box_exp is not None and box_exp["number"] == p["box"]

    assert_type(res.json(), str)
    assert json.loads(res.json())["ok"] is True
    assert_type(res.by_unit(), mk.ScoreResult)
    assert_type(res.by_unit()._repr_html_(), str)
    assert_type(res.raise_for_errors(), mk.ScoreResult)
    assert_type(res.row_path_rows, int)


def check_errors(df: pd.DataFrame) -> None:
    bad = df.head(3).copy()
    bad.loc[0, "nip"] = "12345"
    res = mk.score(bad)
    errs = res.errors
    assert_type(errs, List["_RowError"])
    assert errs and errs[0]["row"] == 0 and errs[0]["code"] == "nip_format"
    for e in errs:
        _keys(e, {"row", "code", "path", "message"}, {"nip"})
        _keys(e["message"], {"en", "id"})
    error_row = res.to_dicts()[0]
    _keys(error_row, SCORE_ROW_KEYS)
    assert error_row["status"] == "error" and error_row["error_code"] == "nip_format" and error_row["box"] is None
    assert res.explain(0) is None
    recs = mk.generate(3, seed=7, format="records")
    recs[0]["performance"] = [{"year": 2025, "predikat": "luar biasa"}]  # not a predikat
    unit = str(recs[1]["unit"])
    for answer_errors in (
        mk.validate(recs, rules="jpt_pratama", date=DATE).errors,
        mk.rank_successors(recs, [{"id": "K", "title": "Kepala", "unit": unit, "kind": "administrator"}], date=DATE).errors,
    ):
        assert_type(answer_errors, List["_RowError"])
        assert answer_errors and answer_errors[0]["row"] == 0 and answer_errors[0]["code"] == "invalid_value"
        for e in answer_errors:
            _keys(e, {"row", "code", "path", "message"}, {"nip"})
    try:
        res.raise_for_errors()
        raise AssertionError("raise_for_errors did not raise")
    except mk.ValidationError as exc:
        assert_type(exc.error_count(), int)
        details = exc.errors()
        assert_type(details, List["_ErrorDetails"])
        for d in details:
            _keys(d, {"code", "path", "message", "row"})
        row: Optional[int] = details[0]["row"]
        assert row == 0
        assert_type(exc.json(), str)
        assert_type(exc.code, str)
        assert_type(exc.kind, str)
    try:
        mk.score(df, policy="no_such_preset")
        raise AssertionError("unknown preset accepted")
    except mk.PolicyError as exc:
        assert isinstance(exc, mk.ValidationError) and isinstance(exc, ValueError)
        assert exc.errors()[0]["code"] == "unknown_preset"


def check_policy() -> None:
    pol = mk.Policy.preset("permenpanrb_3_2020")
    assert_type(pol, mk.Policy)
    assert_type(pol.info, mk.PolicyInfo)
    assert_type(pol.to_toml(), str)
    assert_type(pol.to_dict(), Dict[str, Any])
    again = mk.Policy.from_text(pol.to_json())
    assert again == pol and hash(again) == hash(pol)
    assert mk.Policy.from_dict(pol.to_dict()) == pol
    assert mk.Policy.load(None) == pol
    rules = mk.RuleSet.builtin("jpt_pratama")
    assert_type(rules, mk.RuleSet)
    assert_type(mk.RuleSet.load("pengawas"), mk.RuleSet)
    assert_type(rules.to_toml(), str)
    assert_type(rules.fingerprint, str)
    assert mk.RuleSet.from_text(rules.to_toml()) == rules
    presets = mk.presets()
    for pr in presets:
        _keys(pr, {"name", "description", "local_practice", "fingerprint"})
        lp: bool = pr["local_practice"]
        assert isinstance(lp, bool)
    assert any(pr["name"] == "permenpanrb_3_2020" for pr in presets)
    for rs in mk.rule_sets():
        _keys(rs, {"name", "version", "implements", "description", "rules", "fingerprint"})
        n: int = rs["rules"]
        assert isinstance(n, int) and n > 0


def check_merit(df: pd.DataFrame) -> None:
    v = mk.validate(df, rules="jpt_pratama", date=datetime.date(2026, 1, 2))
    assert_type(v, mk.ValidationResult)
    assert_type(v.eligible, List[str])
    assert_type(v.to_dicts(), List[Dict[str, Any]])
    assert v.date == DATE and len(v.to_dicts()) == len(df)
    _keys(v.rule_set, {"name", "version", "implements", "fingerprint"})
    assert_type(v.rule_set["name"], str)
    summary = v.summary
    assert_type(summary, "_ValidateSummary")
    _keys(summary, {"total", "units", "rules"})
    _keys(summary["total"], {"rows", "eligible", "ineligible", "errors", "excluded_by"})
    for u in summary["units"]:
        _keys(u, {"unit", "rows", "eligible", "ineligible", "errors", "excluded_by"})
    for rc in summary["rules"]:
        _keys(rc, {"id", "severity", "pass", "fail", "unknown", "excluded"})
        assert rc["severity"] in ("error", "warning")
    assert summary["total"]["eligible"] + summary["total"]["ineligible"] + summary["total"]["errors"] == len(df)
    for er in v.results:
        _keys(er, {"row", "nip", "unit", "eligible", "rules"})
        for rr in er["rules"]:
            _keys(rr, {"id", "outcome", "actual", "expected", "reason", "severity"}, {"statutory"})
            assert rr["outcome"] in ("pass", "fail", "unknown")
    first = v.result(0)
    assert_type(first, Optional["_EmployeeResult"])
    assert first is not None and first["row"] == 0
    for e in v.errors:
        _keys(e, {"row", "code", "path", "message"}, {"nip"})

    unit = str(df["unit"].iloc[0])
    s = mk.rank_successors(df, [{"id": "KABID", "title": "Kepala Bidang", "unit": unit, "kind": "administrator"}], method="topsis", top=3, date=DATE)
    assert_type(s, mk.SuccessionResult)
    for r in s.to_dicts():
        _keys(r, {"position_id", "rank", "competition_rank", "nip", "name", "unit", "position_kind", "score", "readiness", "box", "jpm"})
        assert r["readiness"] in ("ready_now", "ready_1_2_years", "ready_3_plus_years", "not_ready")
    for x in s.excluded():
        _keys(x, {"position_id", "nip", "gate", "code", "reason"})
    assert_type(s.shortlist("KABID"), List[str])
    pos = s.position("KABID")
    assert_type(pos, "_PositionResult")
    _keys(pos, {"id", "title", "unit", "kind", "critical", "method", "rule_set", "pool", "standard", "candidates",
                "excluded", "funnel", "bench"}, {"emergency_successor", "sensitivity", "notes"})
    assert pos["method"] == "topsis" and pos["pool"] == "instansi"
    assert pos["candidates"], "no candidate to check the shape of"
    for c in pos["candidates"]:
        _keys(c, {"rank", "competition_rank", "nip", "unit", "position_kind", "score", "readiness", "readiness_rule",
                  "readiness_reason", "box", "jpm", "contributions", "gates"}, {"name", "core_factor", "secondary_factor", "d_plus", "d_minus"})
        for ct in c["contributions"]:
            _keys(ct, {"criterion", "value"}, {"source", "normalised", "weight", "contribution", "ideal", "anti_ideal",
                                               "required", "gap", "gap_weight", "core"})
        for gr in c["gates"]:
            _keys(gr, {"gate", "passed", "reason"}, {"rule", "code"})
            assert gr["passed"] is True
    assert pos["excluded"]
    for ex in pos["excluded"]:
        _keys(ex, {"nip", "gate", "code", "reason", "failures"}, {"name"})
    f = pos["funnel"]
    _keys(f, {"considered", "in_pool", "eligible", "ranked", "shortlisted", "excluded_by_gate", "excluded_by_code"})
    assert f["ranked"] + sum(f["excluded_by_gate"].values()) == f["considered"]
    _keys(pos["bench"], {"readiness_counts", "ready_now_count", "has_ready_now", "top_score",
                         "incumbent_retiring_within_1_year", "incumbent_retiring_within_2_years", "at_risk", "risk_reasons"},
          {"incumbent_retirement_date"})
    bench = s.bench
    for bs in [bench["overall"], *bench["units"]]:
        _keys(bs, {"unit", "positions", "critical_positions", "critical_with_ready_now", "coverage",
                   "positions_with_ready_now", "positions_at_risk", "overlap"})
    assert s.adverse_impact, "no adverse-impact table to check the shape of"
    for rep in s.adverse_impact:
        _keys(rep, {"reference_group", "groups", "warnings", "options", "rule"}, {"stage", "column"})

    counts: List[Dict[str, Any]] = [
        {"group": "a", "considered": 80, "selected": 48}, {"group": "b", "considered": 120, "selected": 80}]
    imp = mk.adverse_impact(counts, threshold=0.8)
    assert_type(imp, mk.ImpactResult)
    assert_type(imp.reference_group, Optional[str])
    assert imp.reference_group == "b"
    for g in imp.to_dicts():
        _keys(g, {"group", "considered", "selected", "selection_rate", "impact_ratio", "four_fifths_flag", "z_d", "fisher_p", "small_sample"})
    assert_type(imp.to_polars(), pl.DataFrame)
    for grp in imp.groups:
        _keys(grp, {"group", "considered", "selected", "selection_rate", "reference", "impact_ratio", "four_fifths_flag",
                    "z_d", "z_ir", "significant", "fisher_p", "small_sample"})
    a = imp.group("a")
    assert_type(a["impact_ratio"], Optional[float])
    assert a["impact_ratio"] is not None and abs(a["impact_ratio"] - 0.9) < 1e-9  # (48/80) / (80/120)
    assert a["four_fifths_flag"] is False and imp.group("b")["reference"] is True


def check_partitions(df: pd.DataFrame) -> None:
    part = df.iloc[:50]
    summary = mk.partition_summary(part, policy="percentile_unit", date=DATE)
    assert_type(summary, Dict[str, Any])
    merged = mk.merge_summaries([summary, mk.partition_summary(df.iloc[50:], policy="percentile_unit", date=DATE)])
    assert_type(merged, Dict[str, Any])
    resolved = mk.resolve_policy("percentile_unit", merged)
    assert_type(resolved, mk.ResolvedPolicy)
    assert_type(resolved.fingerprint, str)
    assert_type(resolved.policy, mk.Policy)
    out = mk.score_partition(part, policy=resolved, first_row=0)
    assert_type(out, pd.DataFrame)
    assert_type(mk.score_partition_result(part, resolved), mk.ScoreResult)
    counts = mk.score_partition_summary(part, resolved)
    assert_type(mk.merge_score_summaries([counts]), Dict[str, Any])
    batches = mk.score_arrow_batches(pa.Table.from_pandas(part).to_batches(), policy=resolved)
    for b in batches:
        assert_type(b, pa.RecordBatch)
        assert b.schema.equals(mk.arrow_output_schema())
    assert_type(mk.spark_output_schema(), str)
    assert len(out) == 50 and isinstance(summary["rows"], int)


def check_runtime() -> None:
    df = check_generate()
    check_score(df)
    check_errors(df)
    check_policy()
    check_merit(df)
    check_mcdm()
    check_partitions(df)


def check_mcdm() -> None:
    import numpy as np
    import numpy.typing as npt

    res = mk.mcdm(np.array([[1.0, 2.0], [3.0, 1.0]]), [0.5, 0.5], ["benefit", "cost"])
    assert_type(res, mk.McdmResult)
    assert_type(res.scores, npt.NDArray[np.float64])
    assert_type(res.ranks, npt.NDArray[np.int64])
    assert res.scores.dtype == np.float64 and res.ranks.dtype == np.int64 and res.order.dtype == np.int64
    assert_type(mk.mcdm([[1, 2], [3, 4]], np.array([1, 1]), [1, -1], method="saw", normalisation="min_max").method, str)
    assert isinstance(res.to_pandas(), pd.DataFrame)


def _rejected(df: pd.DataFrame, res: mk.ScoreResult, exc: mk.ValidationError) -> None:
    """Never called: each line is a wrong use that the stubs must reject (an unneeded ignore fails mypy)."""
    mk.generate(10, format="xlsx")  # type: ignore[call-overload]
    mk.score(df, policy=3)  # type: ignore[arg-type]
    mk.score(df, date=datetime.date(2026, 1, 2))  # type: ignore[arg-type]
    mk.score(42)  # type: ignore[arg-type]
    mk.rank_successors(df, [], method="ahp")  # type: ignore[arg-type]
    mk.adverse_impact(df, "unit")  # type: ignore[call-arg]
    res.errors[0]["nope"]  # type: ignore[typeddict-item]
    res.summary["total"]["boxes"]["1"]  # type: ignore[index]
    exc.errors()[0]["row"] + 1  # type: ignore[operator]
    s: str = res.to_dicts()[0]["box"]  # type: ignore[assignment]
    mk.validate(df, date="2026-01-02").summary["total"]["eligibel"]  # type: ignore[typeddict-item]
    mk.Policy.from_file(3)  # type: ignore[arg-type]
    mk.mcdm([[1.0]], [1.0], ["benefit"], method="ahp")  # type: ignore[arg-type]
    mk.mcdm([[1.0]], [1.0], ["gain"])  # type: ignore[list-item]
    del s


if __name__ == "__main__":
    check_runtime()
    print("typing_check: runtime values match the stubs")
