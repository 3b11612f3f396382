"""meritkit: the ASN talent-management engine (9-box "kotak talenta", merit
rules, succession) for data scientists. The same Rust engine as the CLI and
the web apps; DataFrames in, DataFrames out.

    import meritkit as mk
    res = mk.score(df)          # pandas / polars DataFrame, pyarrow Table, list of dicts, JSON
    res.to_pandas()             # one row per input row: status, box, levels, scores, errors
    res.errors                  # rows that could not be scored (code, path, message)
    res                         # in Jupyter: the 9-box grid with counts
"""
from __future__ import annotations

import html as _html
import json as _json
import os as _os
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Union

from . import _meritkit
from ._errors import (
    InputError,
    MeritkitError,
    PolicyError,
    RequestError,
    RuleSetError,
    ValidationError,
)

__version__: str = _meritkit.__version__

__all__ = [
    "score", "validate", "rank_successors", "adverse_impact", "generate", "presets", "Policy", "PolicyInfo",
    "ScoreResult", "MeritkitError", "ValidationError", "PolicyError", "RuleSetError", "RequestError", "InputError",
    "_call_json", "call",
]

PolicyLike = Union[str, Mapping[str, Any], "Policy", None]


def _call_json(function: str, request_json: str) -> str:
    """Calls a core function by name with a JSON request; returns the tagged JSON answer
    (`{"ok": true, "value": ...}` or `{"ok": false, "error": ...}`), byte-identical to the Rust core."""
    return _meritkit.call_json(function, request_json)


def call(function: str, request: Mapping[str, Any]) -> Any:
    """Calls a core function with a request dict; returns the answer's `value` or raises the mapped error."""
    answer = _json.loads(_call_json(function, _json.dumps(request, ensure_ascii=False)))
    if answer.get("ok") is True:
        return answer.get("value")
    from ._errors import _from_error

    raise _from_error(answer["error"])


# ---------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------


class PolicyInfo(NamedTuple):
    """Identity of the policy a result came from."""

    name: str
    fingerprint: str


class Policy:
    """A scoring policy (preset, file, dict). Prints as TOML; `to_json()` gives canonical JSON."""

    def __init__(self, canonical_json: str) -> None:
        name, fingerprint, canonical = _meritkit.policy_info(canonical_json)
        self._json = canonical
        self.name: str = name
        self.fingerprint: str = fingerprint

    @classmethod
    def preset(cls, name: str) -> "Policy":
        return cls(_json.dumps(name))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Policy":
        return cls(_json.dumps(dict(d), ensure_ascii=False))

    @classmethod
    def from_file(cls, path: Union[str, "_os.PathLike[str]"]) -> "Policy":
        with open(path, encoding="utf-8") as f:
            return cls(_meritkit.policy_load(f.read()))

    @classmethod
    def from_text(cls, text: str) -> "Policy":
        """JSON or TOML text."""
        return cls(_meritkit.policy_load(text))

    @classmethod
    def load(cls, source: PolicyLike) -> "Policy":
        """A preset name, a path to a TOML/JSON file, a dict, or a Policy."""
        if source is None:
            return cls.preset("permenpanrb_3_2020")
        if isinstance(source, Policy):
            return source
        if isinstance(source, Mapping):
            return cls.from_dict(source)
        if isinstance(source, str) and (_os.sep in source or source.endswith((".toml", ".json"))) and _os.path.exists(source):
            return cls.from_file(source)
        return cls.from_text(source)

    @property
    def info(self) -> PolicyInfo:
        return PolicyInfo(self.name, self.fingerprint)

    def to_json(self) -> str:
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = _json.loads(self._json)
        return d

    def to_toml(self) -> str:
        return _meritkit.policy_toml(self._json)

    def grid(self) -> Dict[str, Any]:
        g: Dict[str, Any] = _meritkit.policy_grid(self._json)
        return g

    def __str__(self) -> str:
        return self.to_toml()

    def __repr__(self) -> str:
        return f"Policy(name={self.name!r}, fingerprint={self.fingerprint[:12]!r}...)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)


def presets() -> List[Dict[str, Any]]:
    """The built-in policy presets (name, description, local_practice, fingerprint)."""
    v: List[Dict[str, Any]] = call("presets", {})
    return v


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def _arrow_source(data: Any) -> Any:
    """An object with `__arrow_c_stream__` for a DataFrame / Table, or None."""
    mod = type(data).__module__
    if mod.startswith("pandas"):
        import pyarrow as pa  # pandas → Arrow without the index

        return pa.Table.from_pandas(data, preserve_index=False)
    if hasattr(data, "__arrow_c_stream__"):
        return data
    if mod.startswith("polars") and hasattr(data, "to_arrow"):
        return data.to_arrow()
    return None


def _policy_json(policy: PolicyLike) -> Optional[str]:
    if policy is None:
        return None
    return Policy.load(policy).to_json()


def _records_json(data: Any) -> Any:
    """Records (nested dicts) for request-style functions."""
    if isinstance(data, (str, bytes)):
        return _json.loads(data)
    src = _arrow_source(data)
    if src is not None:
        return _json.loads(_meritkit.table_to_records_json(src))
    return list(data)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class ScoreResult:
    """The answer of `score`: one row per input row, the row errors, the summary and the policy."""

    def __init__(self, scored: Any, policy: Policy) -> None:
        self._s = scored
        self._policy = policy
        self._per_unit = False

    def __len__(self) -> int:
        return int(len(self._s))

    @property
    def policy(self) -> PolicyInfo:
        return self._policy.info

    @property
    def errors(self) -> List[Dict[str, Any]]:
        """Row errors: dicts with row, nip (when readable), code, path, message {en, id}."""
        e: List[Dict[str, Any]] = self._s.errors()
        return e

    @property
    def summary(self) -> Dict[str, Any]:
        """Counts per box, talent pool, status and error code, for all rows and per unit."""
        s: Dict[str, Any] = self._s.summary()
        return s

    @property
    def row_path_rows(self) -> int:
        """How many rows went through the engine's row path (the rest were scored column by column)."""
        return int(self._s.row_path_rows)

    def to_arrow(self) -> Any:
        import pyarrow as pa

        return pa.table(self._s.table())

    def to_pandas(self) -> Any:
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        import polars as pl

        return pl.from_arrow(self.to_arrow())

    def to_dicts(self) -> List[Dict[str, Any]]:
        rows: List[Dict[str, Any]] = self.to_arrow().to_pylist()
        return rows

    def json(self) -> str:
        """The core's JSON answer (byte-identical to the CLI / `_call_json("score", ...)`)."""
        return str(self._s.json())

    def explain(self, row: int) -> Optional[Dict[str, Any]]:
        """Full placement of input row `row` with its explanation (inputs, cut-offs, rule), or None for an error row."""
        p: Optional[Dict[str, Any]] = self._s.explain(row)
        return p

    def raise_for_errors(self) -> "ScoreResult":
        """Raises `ValidationError` carrying every row error, if there are any."""
        errs = self.errors
        if errs:
            first = errs[0]
            raise ValidationError(
                f"{len(errs)} row error(s); first: row {first['row']}: {first['code']} at `{first['path']}`",
                errs, "validation_error", str(first["code"]),
            )
        return self

    def grid(self, unit: Optional[str] = None) -> Dict[int, int]:
        """Count per box number, for all rows or one unit."""
        s = self.summary
        group = s["total"] if unit is None else next((u for u in s["units"] if u["unit"] == unit), None)
        if group is None:
            raise KeyError(unit)
        return {int(k): int(v) for k, v in group["boxes"].items()}

    def by_unit(self) -> "ScoreResult":
        """A view whose notebook display draws one grid per unit."""
        r = ScoreResult(self._s, self._policy)
        r._per_unit = True
        return r

    def _grid_html(self, group: Mapping[str, Any], title: str) -> str:
        g = self._policy.grid()
        boxes = {int(k): int(v) for k, v in group["boxes"].items()}
        perf = g["performance_levels"]
        pot = g["potential_levels"]
        numbers = g["numbers"]
        out = [f"<table style='border-collapse:collapse;text-align:center;margin:4px'><caption>{_html.escape(title)}</caption>"]
        for pi in range(len(pot) - 1, -1, -1):
            out.append(f"<tr><th style='padding:4px'>{_html.escape(pot[pi]['label']['id'])}</th>")
            for ki in range(len(perf)):
                n = numbers[pi][ki]
                out.append(
                    "<td style='border:1px solid #888;padding:6px;min-width:70px'>"
                    f"<b>{n}</b><br>{boxes.get(n, 0)}</td>"
                )
            out.append("</tr>")
        out.append("<tr><th></th>" + "".join(f"<th style='padding:4px'>{_html.escape(l['label']['id'])}</th>" for l in perf) + "</tr>")
        out.append(
            f"<tr><td colspan='{len(perf) + 1}' style='font-size:smaller'>rows {group['rows']} · placed {group['placed']}"
            f" · holding {group['holding']} · errors {group['errors']}</td></tr></table>"
        )
        return "".join(out)

    def to_html(self, per_unit: bool = False) -> str:
        s = self.summary
        head = f"<div><b>meritkit</b> · policy <code>{_html.escape(self.policy.name)}</code> ({self.policy.fingerprint[:12]})</div>"
        parts = [self._grid_html(s["total"], "Semua unit / all units")]
        if per_unit:
            parts += [self._grid_html(u, str(u["unit"])) for u in s["units"]]
        return head + "<div style='display:flex;flex-wrap:wrap'>" + "".join(parts) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html(per_unit=self._per_unit)

    def __repr__(self) -> str:
        t = self.summary["total"]
        return (
            f"<ScoreResult rows={t['rows']} placed={t['placed']} holding={t['holding']} errors={t['errors']}"
            f" policy={self.policy.name}>"
        )


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------


def score(data: Any, policy: PolicyLike = None, date: Optional[str] = None) -> ScoreResult:
    """Places every row on the 9-box grid.

    `data`: a pandas or polars DataFrame or a pyarrow Table (flat columns such as
    `nip`, `unit`, `position_kind`, `performance_2025`, `competency_integritas`,
    `potential_score`; see docs/python.md), a list of record dicts (the nested wire
    format), or JSON `str`/`bytes` (an array of records or a score request).
    `policy`: a preset name, a TOML/JSON file path, a dict or a `Policy`.
    `date`: reference date `YYYY-MM-DD` for future-date checks.
    Rows with problems come back in `.errors`; every other row is scored.
    """
    pol = Policy.load(policy)
    pj = pol.to_json()
    if isinstance(data, (str, bytes)):
        s = _meritkit.score_json(data, pj, date)
    else:
        src = _arrow_source(data)
        if src is not None:
            s = _meritkit.score_table(src, pj, date)
        elif isinstance(data, Sequence) or hasattr(data, "__iter__"):
            s = _meritkit.score_records(list(data), pj, date)
        else:
            raise InputError(f"cannot score a {type(data).__name__}", [], "input_error", "invalid_input")
    return ScoreResult(s, pol)


def generate(n: int, seed: int = 2026, format: str = "pandas") -> Any:
    """A seeded fictional population (same seed, same people, on every platform).

    `format`: `pandas`, `polars`, `arrow` (flat columns) or `records` (nested dicts)."""
    if format == "records":
        return _meritkit.generate_records(n, seed)
    import pyarrow as pa

    t = pa.table(_meritkit.generate_table(n, seed))
    if format == "arrow":
        return t
    if format == "polars":
        import polars as pl

        return pl.from_arrow(t)
    if format == "pandas":
        return t.to_pandas()
    raise RequestError(f"unknown format {format!r}", [], "request_error", "invalid_request")


def validate(data: Any, rules: Optional[str] = None, date: Optional[str] = None, **options: Any) -> Any:
    """Merit-rule validation (eligibility) of every record against a rule set.
    Thin wrapper over the core function `validate`."""
    req: Dict[str, Any] = {"records": _records_json(data)}
    if rules is not None:
        req["rules"] = rules
    if date is not None:
        req["date"] = date
    req.update(options)
    return call("validate", req)


def rank_successors(data: Any, positions: Any = None, method: Optional[str] = None, top: Optional[int] = None, **options: Any) -> Any:
    """Succession ranking of candidates for positions. Thin wrapper over the core function `succession`."""
    req: Dict[str, Any] = {"records": _records_json(data)}
    if positions is not None:
        req["positions"] = positions
    if method is not None:
        req["method"] = method
    if top is not None:
        req["top"] = top
    req.update(options)
    return call("succession", req)


def adverse_impact(data: Any, **options: Any) -> Any:
    """Fairness (adverse impact) analysis. Thin wrapper over the core function `adverse_impact`."""
    req: Dict[str, Any] = dict(options)
    if data is not None:
        req.setdefault("records", _records_json(data))
    return call("adverse_impact", req)
