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
from typing import Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union, cast

from . import _meritkit
from ._errors import (
    InputError,
    MeritkitError,
    PolicyError,
    RequestError,
    RuleSetError,
    ValidationError,
    _from_error,
)

__version__: str = _meritkit.__version__

__all__ = [
    "score", "validate", "rank_successors", "adverse_impact", "rule_sets", "generate", "presets", "Policy", "RuleSet",
    "PolicyInfo", "ScoreResult", "ValidationResult", "SuccessionResult", "ImpactResult", "MeritkitError", "ValidationError", "PolicyError", "RuleSetError", "RequestError", "InputError",
    "_call_json", "call", "mcdm", "McdmResult", "compare", "verify_log", "CalibrationStore",
    "partition_summary", "merge_summaries", "resolve_policy", "ResolvedPolicy", "score_partition",
    "score_arrow_batches", "merge_score_summaries", "arrow_output_schema", "spark_output_schema",
    "score_partition_result", "score_partition_summary", "score_summary_batches", "partition_summary_batches",
]

PolicyLike = Union[str, Mapping[str, Any], "Policy", None]


def __dir__() -> List[str]:
    """The public API only (`dir(meritkit)`); every name stays importable."""
    return sorted([*__all__, "__version__"])


def _require(name: str, extra: str) -> Any:
    """An optional dependency, imported; when it is missing, the error names the extra that brings it."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise ModuleNotFoundError(
            f"this needs {name}, which is not installed: pip install \"meritkit[{extra}]\"", name=name
        ) from e


def _call_json(function: str, request_json: str) -> str:
    """Calls a core function by name with a JSON request; returns the tagged JSON answer
    (`{"ok": true, "value": ...}` or `{"ok": false, "error": ...}`), byte-identical to the Rust core."""
    return _meritkit.call_json(function, request_json)


def call(function: str, request: Mapping[str, Any]) -> Any:
    """Calls a core function with a request dict; returns the answer's `value` or raises the mapped error."""
    return _call_text(function, _json.dumps(request, ensure_ascii=False))


# ---------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------


class PolicyInfo(NamedTuple):
    """Identity of the policy a result came from; `local_choices` names the policy fields that rest on local
    practice or a meritkit default, not national law."""

    name: str
    fingerprint: str
    local_choices: Sequence[str] = ()


class _Document:
    """What policies and rule sets share: canonical JSON, its SHA-256 fingerprint (equality), TOML printing."""

    _json: str
    fingerprint: str

    def to_json(self) -> str:
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        return cast(Dict[str, Any], _json.loads(self._json))

    def to_toml(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_toml()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)


class Policy(_Document):
    """A scoring policy (preset, file, dict). Prints as TOML; `to_json()` gives canonical JSON."""

    def __init__(self, canonical_json: str) -> None:
        name, fingerprint, canonical, local_choices = _meritkit.policy_info(canonical_json)
        self._json = canonical
        self._local_choices = local_choices
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
        return cls(_meritkit.policy_load_arg(_os.fspath(path), True))

    @classmethod
    def from_text(cls, text: str) -> "Policy":
        """JSON or TOML text."""
        return cls(_json.dumps({"text": text}))

    @classmethod
    def load(cls, source: PolicyLike) -> "Policy":
        """A preset name, a path to a TOML/JSON file, a dict, or a Policy. A `str` is a name when it has no `/`,
        `\\` or `.toml`/`.json` ending, else a path (the engine's one rule; the file system is not asked); text
        goes through `Policy.from_text`."""
        if source is None:
            return cls.preset("permenpanrb_3_2020")
        if isinstance(source, Policy):
            return source
        if isinstance(source, Mapping):
            return cls.from_dict(source)
        if isinstance(source, _os.PathLike):
            return cls.from_file(source)
        return cls(_meritkit.policy_load_arg(source, False))

    @property
    def info(self) -> PolicyInfo:
        return PolicyInfo(self.name, self.fingerprint, tuple(self.local_choices))

    @property
    def basis(self) -> Dict[str, Dict[str, Any]]:
        """Where each field comes from, by field path: kind, instrument, article, confidence, note."""
        return cast(Dict[str, Dict[str, Any]], self.to_dict().get("basis", {}))

    @property
    def local_choices(self) -> List[str]:
        """Field paths resting on local practice or a meritkit default (not national law)."""
        return list(self._local_choices)

    def to_toml(self) -> str:
        return _meritkit.policy_toml(self._json)

    def grid(self) -> Dict[str, Any]:
        return _meritkit.policy_grid(self._json)

    def __repr__(self) -> str:
        return f"Policy(name={self.name!r}, fingerprint={self.fingerprint[:12]!r}...)"


class RuleSet(_Document):
    """A merit rule set (built-in name, TOML/JSON file or text, dict), checked by the engine (field names,
    types, values, the protected-attribute guard). Prints as TOML; `to_json()` gives canonical JSON."""

    def __init__(self, source: str, text: bool = False) -> None:
        """`source`: a built-in rule-set name, or with `text=True` TOML / JSON text."""
        self._set(_meritkit.rule_set_load(_json.dumps({"text": source} if text else source)))

    def _set(self, loaded: Tuple[str, str, str, str, str]) -> "RuleSet":
        name, version, implements, fingerprint, canonical = loaded
        self._json = canonical
        self.name: str = name
        self.version: str = version
        self.implements: str = implements
        self.fingerprint: str = fingerprint
        return self

    @classmethod
    def builtin(cls, name: str) -> "RuleSet":
        """A built-in rule set (`rule_sets()` lists them)."""
        return cls(name)

    @property
    def basis(self) -> Dict[str, Dict[str, Any]]:
        """Where each rule comes from, by rule id: kind, instrument, article, confidence, note (rules without one
        are left out)."""
        return {r["id"]: r["basis"] for r in self.to_dict().get("rules", []) if "basis" in r}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "RuleSet":
        return cls(_json.dumps(dict(d), ensure_ascii=False), text=True)

    @classmethod
    def from_file(cls, path: Union[str, "_os.PathLike[str]"]) -> "RuleSet":
        return cls.__new__(cls)._set(_meritkit.rule_set_load_arg(_os.fspath(path), True))

    @classmethod
    def from_text(cls, text: str) -> "RuleSet":
        """TOML or JSON text."""
        return cls(text, text=True)

    @classmethod
    def load(cls, source: "RuleSetLike") -> "RuleSet":
        """A built-in name, a path to a TOML/JSON file, a dict, or a RuleSet. A `str` is a name when it has no
        `/`, `\\` or `.toml`/`.json` ending, else a path (the engine's one rule); text goes through
        `RuleSet.from_text`."""
        if isinstance(source, RuleSet):
            return source
        if isinstance(source, Mapping):
            return cls.from_dict(source)
        if isinstance(source, _os.PathLike):
            return cls.from_file(source)
        return cls.__new__(cls)._set(_meritkit.rule_set_load_arg(source, False))

    def to_toml(self) -> str:
        return _meritkit.rule_set_toml(self._json)

    def __repr__(self) -> str:
        return f"RuleSet(name={self.name!r}, version={self.version!r}, fingerprint={self.fingerprint[:12]!r}...)"


RuleSetLike = Union[str, "_os.PathLike[str]", Mapping[str, Any], RuleSet]


def presets() -> List[Dict[str, Any]]:
    """The built-in policy presets (name, description, local_practice, fingerprint)."""
    return cast(List[Dict[str, Any]], call("presets", {}))


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def _pandas_to_arrow(df: Any) -> Any:
    """A pandas DataFrame as a pyarrow Table without the index, column by column and
    without copying where the layout allows: float columns as their NumPy buffer (NaN
    stays NaN, which meritkit reads as an empty cell, as it reads a null), Arrow-backed
    columns (pandas' `str` dtype) as their Arrow arrays; any other dtype (object,
    integers, categories, dates, nullable extension types) through `pyarrow.array`."""
    np = _require("numpy", "numpy")
    pa = _require("pyarrow", "arrow")

    if not hasattr(df, "iloc") or not hasattr(df, "shape"):
        return pa.Table.from_pandas(df, preserve_index=False)  # a Series or another pandas object
    arrays = []
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        dt = s.dtype
        if isinstance(dt, np.dtype) and dt.kind == "f":
            arrays.append(pa.array(s.to_numpy(copy=False), from_pandas=False))
        elif hasattr(s.array, "__arrow_array__"):
            arrays.append(pa.array(s.array))
        else:
            try:
                arrays.append(pa.array(s, from_pandas=True))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                # mixed Python types in one object column (text and numbers): read every cell as text,
                # as from a CSV file, so that each bad cell becomes that row's error
                arrays.append(pa.array([_cell_text(v) for v in s], type=pa.string()))
    return pa.Table.from_arrays(arrays, names=[str(c) for c in df.columns])


def _cell_text(v: Any) -> Optional[str]:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))  # 3.0 → "3" (a level), not "3.0"
    return v if isinstance(v, str) else str(v)


def _nested_rows(src: Any) -> Optional[List[Dict[str, Any]]]:
    """The rows of a table that holds the nested wire format in list/struct/map columns (`position`,
    `performance`, `competency`, ... as in the JSON records), as record dicts; None for a flat table.
    Nulls are absent fields; dates become `YYYY-MM-DD`."""
    pa = _require("pyarrow", "arrow")

    table = src if isinstance(src, pa.Table) else pa.table(src)
    nested = (pa.types.is_struct, pa.types.is_list, pa.types.is_large_list, pa.types.is_map)
    if not any(is_(f.type) for f in table.schema for is_ in nested):
        return None
    return [_record(r) for r in table.to_pylist(maps_as_pydicts="strict")]


def _record(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _record(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_record(x) for x in v]
    if hasattr(v, "isoformat") and not isinstance(v, str):
        return str(v.isoformat())[:10]
    return v


def _arrow_source(data: Any) -> Any:
    """An object with `__arrow_c_stream__` for a DataFrame / Table, or None."""
    mod = type(data).__module__
    if mod.startswith("pandas"):
        return _pandas_to_arrow(data)
    if hasattr(data, "__arrow_c_stream__"):
        return data
    if mod.startswith("polars") and hasattr(data, "to_arrow"):
        return data.to_arrow()
    return None


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class ScoreResult:
    """The answer of `score`: one row per input row, the row errors, the summary and the policy."""

    def __init__(self, scored: _meritkit.Scored, policy: Policy) -> None:
        self._s = scored
        self._policy = policy
        self._per_unit = False

    def __len__(self) -> int:
        return len(self._s)

    @property
    def policy(self) -> PolicyInfo:
        return self._policy.info

    @property
    def errors(self) -> List[Dict[str, Any]]:
        """Row errors: dicts with row, nip (when readable), code, path, message {en, id}."""
        return self._s.errors()

    @property
    def summary(self) -> Dict[str, Any]:
        """Counts per box, talent pool, status and error code, for all rows and per unit."""
        return self._s.summary()

    @property
    def row_path_rows(self) -> int:
        """How many rows went through the engine's row path (the rest were scored column by column)."""
        return self._s.row_path_rows

    def to_arrow(self) -> Any:
        pa = _require("pyarrow", "arrow")

        return pa.table(self._s.table())

    def to_pandas(self) -> Any:
        """One row per input row. `talent_pool` is an Arrow-backed list column (`.list` accessor; a cell is a
        Python list), the code columns are categories, the text columns pandas' string dtype, the integer
        columns (`row`, `box`, counts) nullable integers (`<NA>` where a row has none)."""
        pd = _require("pandas", "pandas")
        pa = _require("pyarrow", "arrow")

        def types(t: Any) -> Any:
            if hasattr(pd, "ArrowDtype") and (pa.types.is_list(t) or pa.types.is_large_list(t)):
                return pd.ArrowDtype(t)
            if pa.types.is_integer(t):
                # integer columns stay integers where a row has no value (`box` of an error row): pandas'
                # nullable integer dtypes (`uint16` → `UInt16`, `int64` → `Int64`), not floats
                return pd.api.types.pandas_dtype(str(t).replace("uint", "UInt").replace("int", "Int"))
            return None

        return self.to_arrow().to_pandas(types_mapper=types)

    def to_polars(self) -> Any:
        pl = _require("polars", "polars")

        return pl.from_arrow(self.to_arrow())

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One dict per input row (the columns of `to_pandas()`; needs no optional dependency)."""
        return self._s.rows()

    def json(self) -> str:
        """The core's JSON answer (byte-identical to the CLI / `_call_json("score", ...)`)."""
        return self._s.json()

    def explain(self, row: int) -> Optional[Dict[str, Any]]:
        """Full placement of input row `row` with its explanation (inputs, cut-offs, rule), or None for an error row."""
        return self._s.explain(row)

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

    def _grid_html(self, group: Mapping[str, Any], title: str, layout: Mapping[str, Any]) -> str:
        boxes = {int(k): int(v) for k, v in group["boxes"].items()}
        cols = layout["columns"]
        out = [f"<table style='border-collapse:collapse;text-align:center;margin:4px'><caption>{_html.escape(title)}</caption>"]
        for level, cells in zip(layout["rows"], layout["cells"]):
            out.append(f"<tr><th style='padding:4px'>{_html.escape(level['label']['id'])}</th>")
            for n in cells:
                out.append(
                    f"<td style='border:1px solid #888;padding:6px;min-width:70px' data-box='{n}'>"
                    f"<b>{n}</b><br>{boxes.get(n, 0)}</td>"
                )
            out.append("</tr>")
        out.append("<tr><th></th>" + "".join(f"<th style='padding:4px'>{_html.escape(c['label']['id'])}</th>" for c in cols) + "</tr>")
        out.append(
            f"<tr><td colspan='{len(cols) + 1}' style='font-size:smaller'>rows {group['rows']} · placed {group['placed']}"
            f" · holding {group['holding']} · errors {group['errors']}</td></tr></table>"
        )
        return "".join(out)

    def to_html(self, per_unit: bool = False, orientation: str = "performance_rows") -> str:
        """The 9-box of all rows (and of each unit) as HTML, laid out by the core
        (`orientation`: `performance_rows`, kinerja on the rows as in the regulation's
        figure, or `potential_rows`)."""
        if orientation is not None and orientation not in ("performance_rows", "potential_rows"):
            en = "orientation must be `performance_rows` or `potential_rows`"
            problem = {"code": "invalid_request", "path": "orientation", "row": None,
                       "message": {"en": en, "id": "orientation harus `performance_rows` atau `potential_rows`"}}
            raise RequestError(f"invalid request: {en}", [problem], "request_error", "invalid_request")
        s = self.summary
        layout = call("grid_layout", {"policy": self._policy.to_dict(), "orientation": orientation or "performance_rows"})
        head = f"<div><b>meritkit</b> · policy <code>{_html.escape(self.policy.name)}</code> ({self.policy.fingerprint[:12]})</div>"
        parts = [self._grid_html(s["total"], "Semua unit / all units", layout)]
        if per_unit:
            parts += [self._grid_html(u, str(u["unit"]), layout) for u in s["units"]]
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


def score(data: Any, policy: PolicyLike = None, date: Optional[str] = None, period: Optional[str] = None) -> ScoreResult:
    """Places every row on the 9-box grid.

    `data`: a pandas or polars DataFrame or a pyarrow Table (flat columns such as
    `nip`, `unit`, `position_kind`, `performance_2025`, `competency_integritas`,
    `potential_score`; see docs/python.md), a list of record dicts (the nested wire
    format), or JSON `str`/`bytes` (an array of records or a score request).
    `policy`: a preset name, a TOML/JSON file path, a dict or a `Policy`.
    `date`: reference date `YYYY-MM-DD` for future-date checks.
    `period`: the period the placements are for (e.g. `"2026"`; needs `date`): with the date, the answer's
    `as_of` (`.json()`), so that results of several periods can be told apart and compared (`compare`).
    Rows with problems come back in `.errors`; every other row is scored.
    """
    pol = Policy.load(policy)
    pj = pol.to_json()
    if isinstance(data, (str, bytes)):
        s = _meritkit.score_json(data, pj, date)
    else:
        src = _arrow_source(data)
        nested = _nested_rows(src) if src is not None else None
        if nested is not None:
            s = _meritkit.score_records(nested, pj, date)
        elif src is not None:
            s = _meritkit.score_table(src, pj, date)
        elif isinstance(data, Sequence) or hasattr(data, "__iter__"):
            rows = list(data)
            # nested records; None when a row is a flat dict (`_flat_row`, asked by the engine for the rows it
            # cannot tell at once): CSV-like dicts (`position_kind`, `performance_2025`) are read through the flat
            # layout, as validate does
            scored = _meritkit.score_dicts(rows, _flat_row, pj, date)
            s = scored if scored is not None else _meritkit.score_json(_records_text(rows), pj, date)
        else:
            raise InputError(f"cannot score a {type(data).__name__}", [], "input_error", "invalid_input")
    if period is not None:
        s.set_period(period)
    return ScoreResult(s, pol)


def generate(n: int, seed: int = 2026, format: str = "pandas") -> Any:
    """A seeded fictional population (same seed, same people, on every platform).

    `format`: `pandas`, `polars`, `arrow` (flat columns) or `records` (nested dicts)."""
    if format == "records":
        return _meritkit.generate_records(n, seed)
    pa = _require("pyarrow", "arrow")

    t = pa.table(_meritkit.generate_table(n, seed))
    if format == "arrow":
        return t
    if format == "polars":
        pl = _require("polars", "polars")

        return pl.from_arrow(t)
    if format == "pandas":
        return t.to_pandas()
    raise RequestError(f"unknown format {format!r}", [], "request_error", "invalid_request")


# ---------------------------------------------------------------------------
# Partitions (docs/scale.md): summarise, merge, resolve, then score each partition
# ---------------------------------------------------------------------------


class ResolvedPolicy:
    """A policy resolved against the merged summary of its whole population (`resolve_policy`): the
    original policy, its fingerprint, the population per scope and the thresholds its relative cut-offs
    give there, fingerprinted. Scoring any partition with it gives the placements of the original policy
    on the whole population. Picklable (it is its canonical JSON), so Dask and Spark ship it to workers."""

    def __init__(self, canonical_json: str) -> None:
        fingerprint, policy_json = _meritkit.resolved_policy_check(canonical_json)
        self._json = canonical_json
        self.fingerprint: str = fingerprint
        self.policy: Policy = Policy(policy_json)

    @property
    def policy_fingerprint(self) -> str:
        """The fingerprint of the original policy."""
        return self.policy.fingerprint

    def to_json(self) -> str:
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        return cast(Dict[str, Any], _json.loads(self._json))

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (ResolvedPolicy, (self._json,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ResolvedPolicy) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"<ResolvedPolicy {self.policy.name} {self.fingerprint[:12]}>"


def _partition_table(data: Any) -> Any:
    """A partition (pandas or polars DataFrame, pyarrow Table or RecordBatch) as an Arrow table source."""
    pa = _require("pyarrow", "arrow")

    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    src = _arrow_source(data)
    if src is None:
        raise InputError(f"cannot read a {type(data).__name__} as a partition", [], "input_error", "invalid_input")
    return src


def partition_summary(data: Any, policy: PolicyLike = None, date: Optional[str] = None) -> Dict[str, Any]:
    """The summary of one partition (flat columns, as `score` takes them) for `policy`: per relative axis
    and scope, each score that takes part with its count, and the rows read. Exact and small (distinct
    scores); a dict of JSON values, picklable. Merge them with `merge_summaries`."""
    pol = Policy.load(policy)
    return cast(Dict[str, Any], _json.loads(_meritkit.partition_summary_table(_partition_table(data), pol.to_json(), date)))


def partition_summary_batches(
    batches: Iterable[Any], policy: PolicyLike = None, date: Optional[str] = None
) -> Iterator[Any]:
    """For PySpark's `mapInArrow` (schema `"summary string"`): per input batch, one row holding its
    `partition_summary` as JSON; merge the collected ones with `merge_summaries`."""
    pa = _require("pyarrow", "arrow")

    pol = Policy.load(policy)
    for batch in batches:
        s = _json.dumps(partition_summary(batch, pol, date))
        yield pa.RecordBatch.from_arrays([pa.array([s], pa.string())], names=["summary"])


def merge_summaries(summaries: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    """Several partitions' summaries as one (associative and commutative, exact)."""
    return cast(Dict[str, Any], call("merge_summaries", {"summaries": list(summaries)}))


def resolve_policy(policy: PolicyLike, summary: Mapping[str, Any]) -> ResolvedPolicy:
    """`policy` resolved against the merged summary of its whole population."""
    pol = Policy.load(policy)
    return ResolvedPolicy(_meritkit.resolve_policy_json(pol.to_json(), _json.dumps(summary)))


PartitionPolicy = Union[ResolvedPolicy, PolicyLike]


def score_partition_result(
    data: Any, policy: PartitionPolicy = None, date: Optional[str] = None, first_row: int = 0
) -> ScoreResult:
    """Scores one partition (a DataFrame, pyarrow Table or RecordBatch in flat columns) with a
    `ResolvedPolicy` (or a policy with fixed cut-offs): the `ScoreResult` of these rows, as one `score` call
    on the whole population gives them (`.summary` counts these rows: merge with `merge_score_summaries`).
    Rows are numbered from `first_row`."""
    table = _partition_table(data)
    if isinstance(policy, ResolvedPolicy):
        s = _meritkit.score_partition_table(table, policy.to_json(), None, date, first_row)
        return ScoreResult(s, policy.policy)
    pol = Policy.load(policy)
    return ScoreResult(_meritkit.score_partition_table(table, None, pol.to_json(), date, first_row), pol)


def score_partition(data: Any, policy: PartitionPolicy = None, date: Optional[str] = None, first_row: int = 0) -> Any:
    """Scores one partition and returns the result as a pandas DataFrame (the columns of
    `ScoreResult.to_pandas()`): the function for `dask.dataframe.map_partitions`. `policy` is a
    `ResolvedPolicy` (needed for percentile and distribution cut-offs), or a policy with fixed cut-offs.
    Rows are numbered from `first_row`. Meta for Dask: `score_partition(ddf._meta, policy)`."""
    return score_partition_result(data, policy, date, first_row).to_pandas()


def score_partition_summary(data: Any, policy: PartitionPolicy = None, date: Optional[str] = None) -> Dict[str, Any]:
    """The counts (`summary`) of one partition's answer, a picklable dict: merge the partitions' with
    `merge_score_summaries`."""
    return dict(score_partition_result(data, policy, date).summary)


def score_summary_batches(batches: Iterable[Any], policy: PartitionPolicy = None, date: Optional[str] = None) -> Iterator[Any]:
    """For PySpark's `mapInArrow` (schema `"summary string"`): per input batch, one row holding the JSON
    `summary` of its answer; merge the collected ones with `merge_score_summaries`."""
    pa = _require("pyarrow", "arrow")

    for batch in batches:
        s = score_partition_summary(batch, policy, date)
        yield pa.RecordBatch.from_arrays([pa.array([_json.dumps(s)], pa.string())], names=["summary"])


def merge_score_summaries(summaries: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    """The `summary` of several partitions' answers as the summary of one answer on all their rows."""
    return dict(_meritkit.merge_score_summaries(_json.dumps(list(summaries))))


_OUTPUT_COLUMNS = (
    ("row", "int64", "bigint"), ("nip", "string", "string"), ("name", "string", "string"),
    ("unit", "string", "string"), ("position_kind", "string", "string"), ("status", "string", "string"),
    ("box", "int32", "int"), ("performance_level", "string", "string"), ("potential_level", "string", "string"),
    ("performance_score", "float64", "double"), ("potential_score", "float64", "double"),
    ("jpm", "float64", "double"), ("jpm_selection", "string", "string"), ("jpm_mapping", "string", "string"),
    ("latest_predikat", "string", "string"), ("talent_pool", "list<string>", "array<string>"),
    ("warnings", "int64", "bigint"), ("error_count", "int64", "bigint"), ("error_code", "string", "string"),
    ("error_path", "string", "string"),
)


def arrow_output_schema() -> Any:
    """The fixed Arrow schema of `score_arrow_batches`' batches: the result columns with plain types
    (codes as text, signed integers), which Spark reads (`spark_output_schema` is the same in Spark's DDL)."""
    pa = _require("pyarrow", "arrow")

    types = {"int64": pa.int64(), "int32": pa.int32(), "string": pa.string(), "float64": pa.float64(),
             "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[t]) for name, t, _ in _OUTPUT_COLUMNS])


def spark_output_schema() -> str:
    """The Spark DDL schema of `score_arrow_batches`' output, for `DataFrame.mapInArrow`."""
    return ", ".join(f"`{name}` {ddl}" for name, _, ddl in _OUTPUT_COLUMNS)


def score_arrow_batches(
    batches: Iterable[Any], policy: PartitionPolicy = None, date: Optional[str] = None, first_row: int = 0
) -> Iterator[Any]:
    """Scores a partition given as `pyarrow.RecordBatch`es and yields the results as RecordBatches of
    `arrow_output_schema()`, one per input batch (Arrow in and out, no pandas): the function for PySpark's
    `df.mapInArrow(lambda it: mk.score_arrow_batches(it, policy=resolved), mk.spark_output_schema())`.
    Rows are numbered from `first_row` across the batches."""
    pa = _require("pyarrow", "arrow")

    schema = arrow_output_schema()
    row = first_row
    for batch in batches:
        if batch.num_rows == 0:
            continue
        out = score_partition_result(batch, policy, date, row).to_arrow()
        row += batch.num_rows
        yield from out.cast(schema).to_batches()


# ---------------------------------------------------------------------------
# Merit rules, succession, fairness: request builders and result objects
# ---------------------------------------------------------------------------

_FLAT_ONLY = ("position_kind", "position_title", "position_since", "birth_date")
_FLAT_PREFIXES = ("performance_", "work_result_", "work_behavior_", "competency_", "potential_aspect_", "attr_")


def _is_flat_dict(d: Mapping[str, Any]) -> bool:
    """A CSV-like row (`position_kind`, `performance_2025`, ...) rather than a nested record."""
    if any(isinstance(v, (dict, list)) for v in d.values()):
        return False
    return any(k in _FLAT_ONLY or k.startswith(_FLAT_PREFIXES) for k in d)


def _flat_row(r: Any) -> bool:
    """A row of a list given to `score` that is a flat dict (then every row is read through the flat layout)."""
    return isinstance(r, Mapping) and _is_flat_dict(r)


def _records_text(data: Any) -> str:
    """The records as a JSON array (nested wire format), from a DataFrame / Table (flat columns), a list of
    nested or flat dicts, or JSON text (an array of records)."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    if isinstance(data, str):
        v = _json.loads(data)
        if isinstance(v, dict) and "records" in v:
            v = v["records"]
        if not isinstance(v, list):
            raise InputError("JSON input must be an array of records", [], "input_error", "invalid_input")
        return _json.dumps(v, ensure_ascii=False)
    src = _arrow_source(data)
    if src is not None:
        nested = _nested_rows(src)
        if nested is not None:
            return _json.dumps(nested, ensure_ascii=False, default=_json_default)
        return _meritkit.table_to_records_json(src)
    if isinstance(data, Mapping) or not hasattr(data, "__iter__"):
        raise InputError(f"records must be a DataFrame, a Table, a list of dicts or JSON, not {type(data).__name__}",
                         [], "input_error", "invalid_input")
    rows = list(data)
    if rows and all(isinstance(r, Mapping) for r in rows) and any(_is_flat_dict(r) for r in rows):
        # flat dicts (CSV-like rows): the core's flat layout turns them into records
        columns = list(dict.fromkeys(k for r in rows for k in r))  # every key, in order of appearance
        cells = [[_none_if_nan(r.get(c)) for c in columns] for r in rows]
        recs = call("flat_records", {"columns": columns, "rows": cells})
        return _json.dumps(recs, ensure_ascii=False)
    return _json.dumps(rows, ensure_ascii=False, default=_json_default)


def _none_if_nan(v: Any) -> Any:
    if isinstance(v, float) and v != v:
        return None
    return _json_default(v) if not isinstance(v, (str, int, float, bool, type(None))) else v


def _json_default(v: Any) -> Any:
    if hasattr(v, "isoformat"):
        return str(v.isoformat())[:10]
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    raise TypeError(f"cannot send a {type(v).__name__} to meritkit")


def _request_text(records_json: str, fields: Mapping[str, Any]) -> str:
    """`{"records": <records>, ...fields}` without parsing the records again."""
    rest = {k: v for k, v in fields.items() if v is not None}
    tail = _json.dumps(rest, ensure_ascii=False, default=_json_default)
    return '{"records":' + records_json + ("," + tail[1:] if rest else "}")


def _call_text(function: str, request_json: str) -> Any:
    """`call` with the request as JSON text."""
    return _value(_call_json(function, request_json))


def _value(answer_json: str) -> Any:
    """The `value` of a tagged JSON answer, or its error raised."""
    answer = _json.loads(answer_json)
    if answer.get("ok") is True:
        return answer.get("value")
    raise _from_error(answer["error"])


def _rules_arg(rules: Any) -> Any:
    """A built-in rule-set name, a rule-set dict, a RuleSet, or a path to a TOML or JSON rule file
    (`RuleSet.load`); a dict is passed as given (the engine checks it)."""
    if isinstance(rules, Mapping):
        return dict(rules)
    return RuleSet.load(rules).to_dict()


def _table_rows(data: Any) -> List[Dict[str, Any]]:
    """Rows of a pandas / polars DataFrame or a pyarrow Table as dicts (missing values as None)."""
    if hasattr(data, "to_pylist"):
        rows: List[Dict[str, Any]] = data.to_pylist()
    elif hasattr(data, "to_dicts"):
        rows = data.to_dicts()
    else:
        rows = data.to_dict(orient="records")
    return [{k: v for k, v in r.items() if v is not None and v == v} for r in rows]


def _drop_column(data: Any, name: str) -> Any:
    if type(data).__module__.startswith("pandas"):
        return data.drop(columns=[name])
    if hasattr(data, "drop_columns"):  # pyarrow
        return data.drop_columns([name])
    return data.drop(name)  # polars


def _policy_arg(policy: PolicyLike) -> Any:
    return None if policy is None else Policy.load(policy).to_dict()


class _Answer:
    """Common result plumbing: the core's answer value, JSON, and table conversions of `to_dicts()`."""

    def __init__(self, value: Dict[str, Any]) -> None:
        self.value: Dict[str, Any] = value

    def to_dicts(self) -> List[Dict[str, Any]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def json(self) -> str:
        """The core's answer value as JSON."""
        return _json.dumps(self.value, ensure_ascii=False)

    def to_arrow(self) -> Any:
        pa = _require("pyarrow", "arrow")

        return pa.Table.from_pylist(self.to_dicts())

    def to_pandas(self) -> Any:
        pd = _require("pandas", "pandas")

        return pd.DataFrame(self.to_dicts())

    def to_polars(self) -> Any:
        pl = _require("polars", "polars")

        return pl.from_dicts(self.to_dicts(), infer_schema_length=None)

    def __getitem__(self, key: str) -> Any:
        return self.value[key]


class ValidationResult(_Answer):
    """The answer of `validate`: per employee, every rule's outcome (pass / fail / unknown) with actual and
    expected values and a bilingual reason; row errors; counts per unit and per rule."""

    @property
    def rule_set(self) -> Dict[str, Any]:
        return cast(Dict[str, Any], self.value["rule_set"])

    @property
    def date(self) -> str:
        return str(self.value["date"])

    @property
    def results(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self.value["results"])

    @property
    def errors(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self.value["errors"])

    @property
    def summary(self) -> Dict[str, Any]:
        return cast(Dict[str, Any], self.value["summary"])

    @property
    def eligible(self) -> List[str]:
        """NIPs of the eligible employees, in input order."""
        return [r["nip"] for r in self.results if r["eligible"]]

    def result(self, row: int) -> Optional[Dict[str, Any]]:
        """The full result (every rule with reason) of input row `row`, or None for an unreadable row."""
        return next((r for r in self.results if r["row"] == row), None)

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One row per input row: row, nip, unit, status (eligible / ineligible / error), eligible,
        failed (error-severity rules failed), unknown, warnings (warning rules failed), error_code,
        error_path, and one `rule_<id>` column per rule with its outcome."""
        out: List[Dict[str, Any]] = []
        ids = [r["id"] for r in self.value.get("rule_set", {}).get("rules", [])] if isinstance(self.value.get("rule_set", {}).get("rules"), list) else []
        for r in self.results:
            row: Dict[str, Any] = {
                "row": r["row"], "nip": r["nip"], "unit": r["unit"],
                "status": "eligible" if r["eligible"] else "ineligible", "eligible": bool(r["eligible"]),
                "failed": ",".join(x["id"] for x in r["rules"] if x["outcome"] == "fail" and x["severity"] == "error"),
                "unknown": ",".join(x["id"] for x in r["rules"] if x["outcome"] == "unknown"),
                "warnings": ",".join(x["id"] for x in r["rules"] if x["outcome"] == "fail" and x["severity"] != "error"),
                "error_code": None, "error_path": None,
            }
            for x in r["rules"]:
                row["rule_" + x["id"]] = x["outcome"]
                if x["id"] not in ids:
                    ids.append(x["id"])
            out.append(row)
        first: Dict[int, Dict[str, Any]] = {}
        for e in self.errors:
            first.setdefault(int(e["row"]), e)
        for rw, e in first.items():
            out.append({"row": rw, "nip": e.get("nip"), "unit": None, "status": "error", "eligible": None,
                        "failed": "", "unknown": "", "warnings": "", "error_code": e["code"], "error_path": e["path"]})
        out.sort(key=lambda d: int(d["row"]))
        for d in out:
            for i in ids:
                d.setdefault("rule_" + i, None)
        return out

    def __repr__(self) -> str:
        t = self.summary["total"]
        return (f"<ValidationResult rule_set={self.rule_set.get('name')} date={self.date} rows={t['rows']}"
                f" eligible={t['eligible']} ineligible={t['ineligible']} errors={t['errors']}>")


class SuccessionResult(_Answer):
    """The answer of `rank_successors`: per target position a ranked, explained shortlist, the people
    excluded (gate, code, reason), the funnel; bench strength; adverse impact; row errors."""

    @property
    def positions(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self.value["positions"])

    @property
    def errors(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self.value.get("errors", []))

    @property
    def bench(self) -> Dict[str, Any]:
        return cast(Dict[str, Any], self.value["bench"])

    @property
    def adverse_impact(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self.value.get("adverse_impact", []))

    def position(self, position_id: Optional[str] = None) -> Dict[str, Any]:
        """One position's result (the only one when `position_id` is None)."""
        if position_id is None:
            if len(self.positions) != 1:
                raise KeyError("several positions: name one")
            return self.positions[0]
        for p in self.positions:
            if p["id"] == position_id:
                return p
        raise KeyError(position_id)

    def shortlist(self, position_id: Optional[str] = None) -> List[str]:
        """NIPs of the shortlisted candidates of one position, best first."""
        return [c["nip"] for c in self.position(position_id)["candidates"]]

    def excluded(self) -> List[Dict[str, Any]]:
        """Everyone not ranked, per position: position_id, nip, gate, code, reason (en)."""
        return [{"position_id": p["id"], "nip": x["nip"], "gate": x["gate"], "code": x["code"], "reason": x["reason"]["en"]}
                for p in self.positions for x in p["excluded"]]

    def to_dicts(self) -> List[Dict[str, Any]]:
        """One row per shortlisted candidate: position_id, rank, competition_rank, nip, name, unit,
        position_kind, score, readiness, box, jpm."""
        keys = ("rank", "competition_rank", "nip", "name", "unit", "position_kind", "score", "readiness", "box", "jpm")
        return [{"position_id": p["id"], **{k: c.get(k) for k in keys}} for p in self.positions for c in p["candidates"]]

    def __repr__(self) -> str:
        parts = ", ".join(f"{p['id']}: {len(p['candidates'])}" for p in self.positions)
        return f"<SuccessionResult positions=[{parts}] errors={len(self.errors)}>"


class ImpactResult(_Answer):
    """The answer of `adverse_impact`: per group the selection rate, impact ratio against the reference
    group (highest rate), the four-fifths flag, Z_D and Fisher's exact p (UGESP, 29 CFR 1607.4(D))."""

    @property
    def groups(self) -> List[Dict[str, Any]]:
        return cast(List[Dict[str, Any]], self.value["groups"])

    @property
    def reference_group(self) -> Optional[str]:
        r = self.value.get("reference_group")
        return None if r is None else str(r)

    @property
    def flagged(self) -> List[str]:
        """Groups whose impact ratio is below the threshold (four-fifths rule)."""
        return [g["group"] for g in self.groups if g.get("four_fifths_flag")]

    def group(self, name: str) -> Dict[str, Any]:
        for g in self.groups:
            if g["group"] == name:
                return g
        raise KeyError(name)

    def to_dicts(self) -> List[Dict[str, Any]]:
        keys = ("group", "considered", "selected", "selection_rate", "impact_ratio", "four_fifths_flag", "z_d", "fisher_p", "small_sample")
        return [{k: g.get(k) for k in keys} for g in self.groups]

    def __repr__(self) -> str:
        return f"<ImpactResult reference={self.reference_group} flagged={self.flagged}>"


def validate(data: Any, rules: Any = "jpt_pratama", date: Optional[str] = None, policy: PolicyLike = None) -> ValidationResult:
    """Checks every record against a merit rule set at a reference date (core function `validate`).

    `data`: a DataFrame / Table (flat columns as for `score`), a list of nested or flat dicts, or JSON.
    `rules`: a built-in rule-set name (`mk.rule_sets()`), a rule-set dict, or a TOML/JSON rule file path.
    `date`: reference date `YYYY-MM-DD` (required: ages, tenures and look-backs depend on it).
    `policy`: scoring policy for 9-box / talent-pool predicates (default `permenpanrb_3_2020`)."""
    if date is None:
        raise RequestError("date (YYYY-MM-DD) is required", [{"code": "missing_field", "path": "date", "row": None,
                           "message": {"en": "date is required", "id": "date wajib"}}], "request_error", "missing_field")
    req = _request_text(_records_text(data), {"rules": _rules_arg(rules), "date": str(date), "policy": _policy_arg(policy)})
    return ValidationResult(_call_text("validate", req))


def rank_successors(data: Any, positions: Any, method: Optional[str] = None, top: Optional[int] = None,
                    date: Optional[str] = None, policy: PolicyLike = None, **options: Any) -> SuccessionResult:
    """Ranks successors for target positions (core function `succession`).

    `data`: records as for `validate`. `positions`: a list of target positions (dicts with id, title, kind,
    unit and optionally critical, incumbent_nip, rule_set, pool, method, standard) or a DataFrame of them.
    `method`: `profile_matching`, `saw` or `topsis`. `top`: shortlist length. `date`: reference date
    (required). Further options of the core request: succession_policy, weights, sensitivity,
    group_columns, emergency_successor, exclusive, gate."""
    if hasattr(positions, "columns") and not isinstance(positions, Mapping):
        positions = _table_rows(positions)
    elif isinstance(positions, Mapping):
        positions = [dict(positions)]
    fields: Dict[str, Any] = {"positions": list(positions), "method": method, "top": top, "date": date, "policy": _policy_arg(policy)}
    fields.update(options)
    return SuccessionResult(_call_text("succession", _request_text(_records_text(data), fields)))


def adverse_impact(data: Any = None, *, group_column: Optional[str] = None, selected: Any = None,
                   date: Optional[str] = None, threshold: Optional[float] = None, **options: Any) -> ImpactResult:
    """Adverse-impact (four-fifths rule) table (core function `adverse_impact`).

    Either counts per group — a list of `{"group", "considered", "selected"}` dicts or a DataFrame with
    those columns — or records with `group_column` (`sex`, `age_band`, `unit` or an `attr_` key) and
    `selected`: one bool per record (a list / Series / array, or the name of a boolean column of `data`).
    `threshold`: the impact-ratio threshold (0.8). Further core options: `min_group_size`, `z_critical`,
    `age_bands`."""
    opts: Dict[str, Any] = {k: options.pop(k) for k in ("min_group_size", "z_critical") if k in options}
    if threshold is not None:
        opts["threshold"] = threshold
    if opts:
        options["options"] = opts  # the core fills the rest with its defaults (0.8, 30, 1.96)
    names = getattr(data, "column_names", None)  # pyarrow
    cols = [str(c) for c in (names if names is not None else getattr(data, "columns", []))]
    if data is not None and group_column is None and (
        (cols and {"group", "considered", "selected"} <= set(cols))
        or (isinstance(data, list) and data and all(isinstance(d, Mapping) and "considered" in d for d in data))
    ):
        counts = list(data) if isinstance(data, list) else _table_rows(data)
        req = {"counts": [{"group": str(c["group"]), "considered": int(c["considered"]), "selected": int(c["selected"])} for c in counts]}
        req.update(options)
        return ImpactResult(call("adverse_impact", req))
    if data is None:
        raise RequestError("give counts or records", [], "request_error", "invalid_request")
    if isinstance(selected, str) and cols:
        col = data[selected]
        flags = [bool(x) for x in (col.to_pylist() if hasattr(col, "to_pylist") else list(col))]
        data = _drop_column(data, selected)
    elif selected is not None:
        flags = [bool(x) for x in list(selected)]
    else:
        raise RequestError("`selected` (one flag per record) is required with records", [], "request_error", "missing_field")
    fields: Dict[str, Any] = {"group_column": group_column, "selected": flags, "date": date}
    fields.update(options)
    return ImpactResult(_call_text("adverse_impact", _request_text(_records_text(data), fields)))


def rule_sets() -> List[Dict[str, Any]]:
    """The built-in merit rule sets (name, version, implements, description, rules, fingerprint)."""
    return cast(List[Dict[str, Any]], call("rule_sets", {}))


# ---------------------------------------------------------------------------
# MCDM on NumPy matrices
# ---------------------------------------------------------------------------


class McdmResult:
    """The answer of `mcdm`: one score per alternative (row), the competition ranks (1 = best; equal
    scores share the rank of the first of them) and the order (row indices, best first; ties by row index),
    as NumPy arrays in input row order."""

    def __init__(self, scores: Any, ranks: Any, order: Any, method: str, normalisation: str) -> None:
        self.scores = scores
        self.ranks = ranks
        self.order = order
        self.method = method
        self.normalisation = normalisation

    def __len__(self) -> int:
        return int(self.scores.shape[0])

    def to_pandas(self) -> Any:
        """A DataFrame with columns `score` and `rank`, one row per alternative, in input order."""
        pd = _require("pandas", "pandas")

        return pd.DataFrame({"score": self.scores, "rank": self.ranks})

    def __repr__(self) -> str:
        return f"<McdmResult method={self.method} normalisation={self.normalisation} alternatives={len(self)}>"


def _mcdm_request_error(path: str, en: str, id_: str, code: str = "invalid_request") -> RequestError:
    return RequestError(en, [{"code": code, "path": path, "row": None, "message": {"en": en, "id": id_}}], "request_error", code)


def _mcdm_type(t: Any) -> Any:
    # pymcdm's convention (1 benefit, -1 cost) besides the core's names; anything else goes to the core as it is,
    # which reports it at `types[i]` exactly as for a JSON request
    if isinstance(t, str) or isinstance(t, bool):
        return t
    try:
        f = float(t)
    except (TypeError, ValueError):
        return str(t)
    if f == 1.0:
        return "benefit"
    if f == -1.0:
        return "cost"
    return int(f) if f.is_integer() else f


def _plain(v: Any) -> Any:
    # nested lists / tuples / arrays of Python scalars (a NaN bound arrives as null: the core reports its path)
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def mcdm(matrix: Any, weights: Any, types: Any, method: str = "topsis", normalisation: Optional[str] = None,
         ranges: Any = None) -> McdmResult:
    """SAW or TOPSIS on a decision matrix (alternatives × criteria) given as any 2-D array-like of numbers
    (NumPy array of any numeric dtype, order or strides; a DataFrame of numbers; nested lists).

    The matrix crosses to the engine as raw float64 bytes (no JSON, no per-element Python loop) and the
    engine runs the same functions as `call("mcdm", ...)`, with the same problems (code, path) on bad input.
    `weights`: one per criterion (scaled to sum 1). `types`: one per criterion, `"benefit"` / `"cost"` or
    pymcdm's `1` / `-1`. `method`: `"topsis"` or `"saw"`. `normalisation`: `linear`, `max`, `min_max`,
    `vector`, `sum` or `fixed_range` (default `vector` for TOPSIS, `linear` for SAW). `ranges`: the scale
    bounds `(lo, hi)` per criterion for `fixed_range`. A matrix without rows gives empty results."""
    np = _require("numpy", "numpy")

    if isinstance(matrix, (str, bytes)):
        raise _mcdm_request_error("matrix", "the matrix must be a 2-D array of numbers",
                                  "matriks harus berupa larik 2-D berisi bilangan")
    try:
        a = np.asarray(matrix)
    except ValueError:
        # ragged rows: locate the first row whose length differs, as the JSON request reports it
        rows = list(matrix)
        n0 = len(rows[0]) if rows and hasattr(rows[0], "__len__") else 0
        i = next((k for k, r in enumerate(rows) if not hasattr(r, "__len__") or len(r) != n0), 0)
        raise _mcdm_request_error(f"matrix[{i}]", "every row needs the same number of criteria",
                                  "setiap baris harus memiliki jumlah kriteria yang sama") from None
    if a.dtype.kind not in "iuf" or a.ndim != 2:
        raise _mcdm_request_error("matrix", "the matrix must be a 2-D array of numbers (alternatives × criteria)",
                                  "matriks harus berupa larik 2-D berisi bilangan (alternatif × kriteria)")
    a = np.ascontiguousarray(a, dtype=np.float64)
    w = np.asarray(weights)
    if w.dtype.kind not in "iuf" or w.ndim != 1:
        raise _mcdm_request_error("weights", "weights must be a 1-D array of numbers, one per criterion",
                                  "bobot harus berupa larik 1-D berisi bilangan, satu per kriteria")
    # the matrix and the weights go typed, the rest (one value per criterion) as a dict that the core reads into its
    # request type, so that its problems are those of the JSON request
    params: Dict[str, Any] = {"method": method}
    if isinstance(types, str) or not hasattr(types, "__iter__"):
        params["types"] = types  # the core reports `types` (a sequence is expected)
    else:
        params["types"] = [_mcdm_type(t) for t in (types.tolist() if hasattr(types, "tolist") else list(types))]
    if normalisation is not None:
        params["normalisation"] = normalisation
    if ranges is not None:
        params["ranges"] = _plain(ranges)
    scores, order, ranks, norm = _meritkit.mcdm_matrix(a.tobytes(), a.shape[0], a.shape[1],
                                                       w.astype(np.float64).tolist(), params)
    return McdmResult(np.frombuffer(scores, dtype=np.float64), np.frombuffer(ranks, dtype=np.int64),
                      np.frombuffer(order, dtype=np.int64), method, norm)


# ---------------------------------------------------------------------------
# The talent-review cycle: placements over time, calibration sessions
# ---------------------------------------------------------------------------


def compare(periods: Sequence[Mapping[str, Any]], policy: PolicyLike = None, **options: Any) -> Dict[str, Any]:
    """Placements over time (core function `compare`): two or more periods of the same population, each
    `{"period": "2025", "date": "2025-12-31", "records": [...]}` (scored here) or `{..., "results": [...]}`
    (an earlier score answer's results). Returns movement matrices, pool entries and exits, large moves,
    new and gone people and each person's trend; options as the core request (`min_move`, `detail`, ...)."""
    req: Dict[str, Any] = {"periods": [dict(p) for p in periods]}
    if policy is not None:
        req["policy"] = Policy.load(policy).to_dict()
    req.update(options)
    return cast(Dict[str, Any], call("compare", req))


def verify_log(jsonl: str) -> Dict[str, Any]:
    """Checks an exported calibration log (JSON Lines): every line is its entry's canonical JSON, in
    sequence, linked to the hash of the entry before, and replays; names the first entry that does not match."""
    return cast(Dict[str, Any], call("calibration_verify", {"jsonl": jsonl}))


class CalibrationStore:
    """Calibration sessions kept in a SQLite file or a PostgreSQL database (a `postgres://` URL): the same
    store (and format) as `meritkit calibration --store`.

        store = mk.CalibrationStore("bkpsdm.sqlite")      # or "postgres://user@host/db"
        store.snapshot("sulbar-2026", records, actor="tim", date="2026-01-02", group_by=["sex"])
        store.move("sulbar-2026", [{"nip": "...", "from": {"box": 9}, "to": {"box": 8}}],
                   reason_code="bukti_baru", reason="rapat tim", actor="anggota")
        store.finalise("sulbar-2026", actor="ketua")
        store.verify("sulbar-2026")["ok"]
    """

    def __init__(self, path: Union[str, "_os.PathLike[str]"]) -> None:
        self.path = _os.fspath(path)

    def _call(self, function: str, request: Mapping[str, Any]) -> Any:
        return _value(_meritkit.store_call_json(self.path, function, _json.dumps(request, ensure_ascii=False)))

    def snapshot(self, session: str, records: Any = None, *, actor: str, subjects: Optional[Sequence[Mapping[str, Any]]] = None,
                 policy: PolicyLike = None, date: Optional[str] = None, group_by: Sequence[str] = (),
                 title: Optional[str] = None, time: Optional[str] = None) -> Dict[str, Any]:
        """Opens a session on the proposed placements of `records` (list of dicts or a DataFrame, scored
        with `policy` on `date`) or of `subjects`; returns the first entry and the rows with errors."""
        import datetime as _dt

        req: Dict[str, Any] = {"session": session, "actor": actor,
                               "time": time or _dt.datetime.now(_dt.timezone.utc).isoformat().replace("+00:00", "Z"),
                               "group_by": list(group_by)}
        if records is not None:
            req["records"] = records if isinstance(records, list) else _table_rows(records)
        if subjects is not None:
            req["subjects"] = [dict(s) for s in subjects]
        if policy is not None:
            req["policy"] = Policy.load(policy).to_dict()
        if date is not None:
            req["date"] = date
        if title is not None:
            req["title"] = title
        return cast(Dict[str, Any], self._call("calibration_snapshot", req))

    def append(self, session: str, event: Mapping[str, Any], *, actor: str, time: Optional[str] = None) -> Dict[str, Any]:
        """Appends an event (`{"type": "guidelines" | "start" | "move" | "finalise" | "reopen", ...}`)."""
        req: Dict[str, Any] = {"session": session, "actor": actor, "event": dict(event)}
        if time is not None:
            req["time"] = time
        return cast(Dict[str, Any], self._call("calibration_append", req))

    def guidelines(self, session: str, guidelines: Sequence[Mapping[str, Any]], *, actor: str) -> Dict[str, Any]:
        """Replaces the session's distribution guidelines."""
        return self.append(session, {"type": "guidelines", "guidelines": [dict(g) for g in guidelines]}, actor=actor)

    def move(self, session: str, moves: Sequence[Mapping[str, Any]], *, reason_code: str, reason: str,
             actor: str) -> Dict[str, Any]:
        """Moves people: each `{"nip", "from": {"box": 9}, "to": {"box": 8}}` (or a level or predikat)."""
        return self.append(session, {"type": "move", "moves": [dict(m) for m in moves], "reason_code": reason_code,
                                     "reason": reason}, actor=actor)

    def finalise(self, session: str, *, actor: str) -> Dict[str, Any]:
        """Locks the session (refused while an `enforce` guideline fails)."""
        return self.append(session, {"type": "finalise"}, actor=actor)

    def reopen(self, session: str, *, reason: str, actor: str) -> Dict[str, Any]:
        """Opens a finalised session again (logged)."""
        return self.append(session, {"type": "reopen", "reason": reason}, actor=actor)

    def report(self, session: str, detail: str = "full") -> Dict[str, Any]:
        """Raw and calibrated side by side, guidelines, moves per actor, adverse impact of the moves."""
        return cast(Dict[str, Any], self._call("calibration_report", {"session": session, "detail": detail}))

    def verify(self, session: str) -> Dict[str, Any]:
        """Checks the session's entries as stored; names the first that does not match."""
        return cast(Dict[str, Any], self._call("calibration_verify", {"session": session}))

    def export(self, session: str) -> str:
        """The session's log as JSON Lines."""
        return cast(str, self._call("calibration_export", {"session": session}))

    def import_log(self, jsonl: str) -> Dict[str, Any]:
        """Imports an exported log as a new session (verified first)."""
        return cast(Dict[str, Any], self._call("calibration_import", {"jsonl": jsonl}))

    def sessions(self) -> List[Dict[str, Any]]:
        """Every session of the store."""
        return cast(List[Dict[str, Any]], self._call("calibration_sessions", {}))
