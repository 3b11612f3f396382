"""Type stubs of `meritkit`: the whole public API.

Names starting with `_` that are TypedDicts or aliases exist only for type checkers (import them under
`typing.TYPE_CHECKING`). pandas, polars and pyarrow types come from those libraries' own stubs
(pandas-stubs, polars, pyarrow-stubs); where a library is not installed its types are `Any` to mypy, so
none of them is required at run time.
"""
import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, NamedTuple, Optional, Protocol, Sequence, Tuple, Union, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pyarrow as pa
from typing_extensions import NotRequired, Self, TypeAlias, TypedDict

from . import _meritkit as _meritkit
from ._errors import (
    InputError as InputError,
    MeritkitError as MeritkitError,
    PolicyError as PolicyError,
    RequestError as RequestError,
    RuleSetError as RuleSetError,
    ValidationError as ValidationError,
    _Code,
    _Message,
    _Problem,
    _RowError,
)

__version__: str
__all__ = [
    "score",
    "validate",
    "rank_successors",
    "adverse_impact",
    "rule_sets",
    "generate",
    "presets",
    "Policy",
    "RuleSet",
    "PolicyInfo",
    "ScoreResult",
    "ValidationResult",
    "SuccessionResult",
    "ImpactResult",
    "MeritkitError",
    "ValidationError",
    "PolicyError",
    "RuleSetError",
    "RequestError",
    "InputError",
    "_call_json",
    "call",
    "mcdm",
    "McdmResult",
    "compare",
    "verify_log",
    "CalibrationStore",
    "partition_summary",
    "partition_summary_batches",
    "merge_summaries",
    "resolve_policy",
    "ResolvedPolicy",
    "score_partition",
    "score_partition_result",
    "score_partition_summary",
    "score_arrow_batches",
    "score_summary_batches",
    "merge_score_summaries",
    "arrow_output_schema",
    "spark_output_schema",
]

# ---------------------------------------------------------------------------
# Shapes (stub-only)
# ---------------------------------------------------------------------------

class _ArrowStreamExportable(Protocol):
    """Anything that exports an Arrow C stream (pyarrow Table / RecordBatchReader, polars, DuckDB, ...)."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

_Pool: TypeAlias = Literal["instansi", "nasional"]
_Predikat: TypeAlias = Literal["sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"]
_JpmSelection: TypeAlias = Literal["memenuhi_syarat", "masih_memenuhi_syarat", "kurang_memenuhi_syarat"]
_JpmMapping: TypeAlias = Literal["optimal", "cukup_optimal", "kurang_optimal"]
_Readiness: TypeAlias = Literal["ready_now", "ready_1_2_years", "ready_3_plus_years", "not_ready"]
_Method: TypeAlias = Literal["profile_matching", "saw", "topsis"]
_GenerateFormat: TypeAlias = Literal["pandas", "polars", "arrow", "records"]

# A table-like input: a DataFrame / Table, anything exporting an Arrow C stream.
_Table: TypeAlias = Union[pd.DataFrame, pl.DataFrame, pa.Table, _ArrowStreamExportable]
# Records: a DataFrame / Table (flat columns), an iterable of (nested or flat) record dicts, or JSON text.
_Records: TypeAlias = Union[_Table, Iterable[Mapping[str, Any]], str, bytes]
_DateLike: TypeAlias = Union[str, datetime.date]

class _GroupSummary(TypedDict):
    """Counts for one unit (`unit` set) or for the whole input (`unit` None)."""

    unit: Optional[str]
    rows: int
    placed: int
    holding: int
    errors: int
    boxes: Dict[int, int]
    talent_pool: Dict[_Pool, int]
    error_codes: Dict[_Code, int]
    warnings: int

class _Summary(TypedDict):
    total: _GroupSummary
    units: List[_GroupSummary]

class _ScoreRow(TypedDict):
    """One row of `ScoreResult.to_dicts()` (the columns of `to_arrow()` / `to_pandas()` / `to_polars()`)."""

    row: int
    nip: Optional[str]
    name: Optional[str]
    unit: Optional[str]
    position_kind: Optional[str]
    status: Literal["placed", "holding", "error"]
    box: Optional[int]
    performance_level: Optional[str]
    potential_level: Optional[str]
    performance_score: Optional[float]
    potential_score: Optional[float]
    jpm: Optional[float]
    jpm_selection: Optional[_JpmSelection]
    jpm_mapping: Optional[_JpmMapping]
    latest_predikat: Optional[_Predikat]
    talent_pool: List[_Pool]
    warnings: int
    error_count: int
    error_code: Optional[_Code]
    error_path: Optional[str]

class _AxisExplanation(TypedDict):
    """How one axis was decided (source, years, combination, score, cut-offs, level, rule)."""

    source: str
    rule: str
    years: NotRequired[List[Dict[str, Any]]]
    combine: NotRequired[Any]
    score: NotRequired[float]
    components: NotRequired[List[Dict[str, Any]]]
    renormalized: NotRequired[bool]
    cutoffs: NotRequired[Dict[str, Any]]
    level: NotRequired[str]
    missing: NotRequired[_Message]

class _BoxExplanation(TypedDict):
    number: int
    performance_index: int
    potential_index: int
    grid: str
    rule: str

_Explanation = TypedDict(
    "_Explanation",
    {"performance": _AxisExplanation, "potential": _AxisExplanation, "box": NotRequired[_BoxExplanation]},
)

class _Placement(TypedDict):
    """The full placement of one row, as returned by `ScoreResult.explain(row)`."""

    row: int
    nip: str
    name: NotRequired[str]
    unit: str
    position_kind: str
    status: Literal["placed", "holding"]
    box: Optional[int]
    performance_level: Optional[str]
    potential_level: Optional[str]
    performance_score: NotRequired[float]
    potential_score: Optional[float]
    jpm: Optional[float]
    jpm_selection: Optional[_JpmSelection]
    jpm_mapping: Optional[_JpmMapping]
    latest_predikat: Optional[_Predikat]
    talent_pool: List[_Pool]
    description: NotRequired[_Message]
    follow_up: List[str]
    missing: NotRequired[List[str]]
    warnings: NotRequired[List[_Problem]]
    explanation: _Explanation

class _PresetInfo(TypedDict):
    name: str
    description: str
    local_practice: bool
    fingerprint: str

class _RuleSetInfo(TypedDict):
    name: str
    version: str
    implements: str
    description: str
    rules: int
    fingerprint: str

class _RuleSetRef(TypedDict):
    """The rule set a validation came from."""

    name: str
    version: str
    implements: str
    fingerprint: str

class _RuleResult(TypedDict):
    """One rule's outcome for one employee, with the actual and expected values and a bilingual reason."""

    id: str
    outcome: Literal["pass", "fail", "unknown"]
    actual: Any
    expected: Any
    reason: _Message
    severity: Literal["error", "warning"]
    statutory: NotRequired[bool]

class _EmployeeResult(TypedDict):
    row: int
    nip: str
    unit: str
    eligible: bool
    rules: List[_RuleResult]

class _ValidateGroup(TypedDict):
    """Counts for one unit (`unit` set) or for the whole input (no `unit` key)."""

    unit: NotRequired[str]
    rows: int
    eligible: int
    ineligible: int
    errors: int
    excluded_by: Dict[str, int]

# `pass` is a keyword: the functional form.
_RuleCount = TypedDict(
    "_RuleCount",
    {"id": str, "severity": Literal["error", "warning"], "pass": int, "fail": int, "unknown": int, "excluded": int},
)

class _ValidateSummary(TypedDict):
    total: _ValidateGroup
    units: List[_ValidateGroup]
    rules: List[_RuleCount]

class _ShortlistRow(TypedDict):
    """One row of `SuccessionResult.to_dicts()`."""

    position_id: str
    rank: int
    competition_rank: int
    nip: str
    name: Optional[str]
    unit: str
    position_kind: str
    score: float
    readiness: _Readiness
    box: Optional[int]
    jpm: Optional[float]

class _ExcludedRow(TypedDict):
    """One row of `SuccessionResult.excluded()`."""

    position_id: str
    nip: str
    gate: _Gate
    code: str
    reason: str

class _ImpactRow(TypedDict):
    """One row of `ImpactResult.to_dicts()`."""

    group: str
    considered: int
    selected: int
    selection_rate: Optional[float]
    impact_ratio: Optional[float]
    four_fifths_flag: Optional[bool]
    z_d: Optional[float]
    fisher_p: Optional[float]
    small_sample: bool

class _ImpactGroup(TypedDict):
    """One group of `ImpactResult.groups` (UGESP, 29 CFR 1607.4(D)): rate, ratio to the reference group, tests."""

    group: str
    considered: int
    selected: int
    selection_rate: Optional[float]
    reference: bool
    impact_ratio: Optional[float]
    four_fifths_flag: Optional[bool]
    z_d: Optional[float]
    z_ir: Optional[float]
    significant: Optional[bool]
    fisher_p: Optional[float]
    small_sample: bool

_Gate: TypeAlias = Literal["pool", "eligibility", "incumbent", "retirement", "exclusive_assignment", "data"]

class _GateResult(TypedDict):
    gate: _Gate
    passed: bool
    rule: NotRequired[str]
    code: NotRequired[str]
    reason: _Message

class _Contribution(TypedDict):
    """One criterion's part in a candidate's score (which keys appear depends on the method)."""

    criterion: str
    value: float
    source: NotRequired[str]
    normalised: NotRequired[float]
    weight: NotRequired[float]
    contribution: NotRequired[float]
    ideal: NotRequired[float]
    anti_ideal: NotRequired[float]
    required: NotRequired[float]
    gap: NotRequired[float]
    gap_weight: NotRequired[float]
    core: NotRequired[bool]

_Candidate = TypedDict(
    "_Candidate",
    {
        "rank": int,
        "competition_rank": int,
        "nip": str,
        "name": NotRequired[str],
        "unit": str,
        "position_kind": str,
        "score": float,
        "readiness": _Readiness,
        "readiness_rule": str,
        "readiness_reason": _Message,
        "box": Optional[int],
        "jpm": Optional[float],
        "core_factor": NotRequired[float],
        "secondary_factor": NotRequired[float],
        "d_plus": NotRequired[float],
        "d_minus": NotRequired[float],
        "contributions": List[_Contribution],
        "gates": List[_GateResult],
    },
)

class _Excluded(TypedDict):
    nip: str
    name: NotRequired[str]
    gate: _Gate
    code: str
    reason: _Message
    failures: List[_GateResult]

class _Funnel(TypedDict):
    considered: int
    in_pool: int
    eligible: int
    ranked: int
    shortlisted: int
    excluded_by_gate: Dict[_Gate, int]
    excluded_by_code: Dict[str, int]

class _PositionBench(TypedDict):
    readiness_counts: Dict[_Readiness, int]
    ready_now_count: int
    has_ready_now: bool
    top_score: Optional[float]
    incumbent_retirement_date: NotRequired[str]
    incumbent_retiring_within_1_year: bool
    incumbent_retiring_within_2_years: bool
    at_risk: bool
    risk_reasons: List[str]

class _PositionResult(TypedDict):
    """One target position of `SuccessionResult.positions`."""

    id: str
    title: str
    unit: str
    kind: str
    critical: bool
    method: _Method
    rule_set: str
    pool: Union[Literal["instansi", "nasional"], Dict[str, int]]  # or {"min_box": n}
    standard: Dict[str, Any]
    candidates: List[_Candidate]
    excluded: List[_Excluded]
    funnel: _Funnel
    emergency_successor: NotRequired[_Candidate]
    bench: _PositionBench
    sensitivity: NotRequired[List[Dict[str, Any]]]
    notes: NotRequired[List[_Message]]

class _Overlap(TypedDict):
    nip: str
    positions: List[str]

class _BenchSummary(TypedDict):
    unit: Optional[str]
    positions: int
    critical_positions: int
    critical_with_ready_now: int
    coverage: Optional[float]
    positions_with_ready_now: int
    positions_at_risk: List[str]
    overlap: List[_Overlap]

class _BenchReport(TypedDict):
    overall: _BenchSummary
    units: List[_BenchSummary]

class _ImpactReport(TypedDict):
    """An adverse-impact table (`SuccessionResult.adverse_impact` items; `ImpactResult.value`)."""

    stage: NotRequired[str]
    column: NotRequired[str]
    reference_group: Optional[str]
    groups: List[_ImpactGroup]
    warnings: List[_Message]
    options: Dict[str, Any]
    rule: str

class _GroupCount(TypedDict):
    """Selection counts of one group (input of `adverse_impact`)."""

    group: str
    considered: int
    selected: int

# ---------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------

PolicyLike: TypeAlias = Union[str, Mapping[str, Any], "Policy", None]

def _call_json(function: str, request_json: str) -> str: ...
def call(function: str, request: Mapping[str, Any]) -> Any: ...

class _Basis(TypedDict):
    """Where a rule or a policy field comes from."""

    kind: Literal["statute", "government_regulation", "ministerial_regulation", "official_guidance", "local_practice", "meritkit_default"]
    instrument: NotRequired[str]
    article: NotRequired[str]
    confidence: Literal["high", "medium", "low"]
    note: NotRequired[str]

class PolicyInfo(NamedTuple):
    """Identity of the policy a result came from; `local_choices` names the policy fields that rest on local
    practice or a meritkit default, not national law."""

    name: str
    fingerprint: str
    local_choices: Sequence[str] = ()

class Policy:
    """A scoring policy (preset, file, dict). Prints as TOML; `to_json()` gives canonical JSON."""

    name: str
    fingerprint: str
    _json: str
    def __init__(self, canonical_json: str) -> None: ...
    @classmethod
    def preset(cls, name: str) -> Self: ...
    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self: ...
    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Self: ...
    @classmethod
    def from_text(cls, text: str) -> Self: ...
    @classmethod
    def load(cls, source: PolicyLike) -> Policy: ...
    @property
    def info(self) -> PolicyInfo: ...
    @property
    def basis(self) -> Dict[str, _Basis]: ...
    @property
    def local_choices(self) -> List[str]: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_toml(self) -> str: ...
    def grid(self) -> Dict[str, Any]: ...
    def __str__(self) -> str: ...  # the TOML text
    def __repr__(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class RuleSet:
    """A merit rule set (built-in name, TOML/JSON file or text, dict), checked by the engine (field names,
    types, values, the protected-attribute guard). Prints as TOML; `to_json()` gives canonical JSON."""

    name: str
    version: str
    implements: str
    fingerprint: str
    _json: str
    def __init__(self, source: str, text: bool = False) -> None: ...
    @classmethod
    def builtin(cls, name: str) -> Self: ...
    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self: ...
    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Self: ...
    @classmethod
    def from_text(cls, text: str) -> Self: ...
    @classmethod
    def load(cls, source: RuleSetLike) -> RuleSet: ...
    @property
    def basis(self) -> Dict[str, _Basis]: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_toml(self) -> str: ...
    def __str__(self) -> str: ...  # the TOML text
    def __repr__(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

RuleSetLike: TypeAlias = Union[str, os.PathLike[str], Mapping[str, Any], RuleSet]

def presets() -> List[_PresetInfo]: ...

# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------

class ScoreResult:
    """The answer of `score`: one row per input row, the row errors, the summary and the policy."""

    _s: _meritkit.Scored
    _policy: Policy
    _per_unit: bool
    def __init__(self, scored: _meritkit.Scored, policy: Policy) -> None: ...
    def __len__(self) -> int: ...
    @property
    def policy(self) -> PolicyInfo: ...
    @property
    def errors(self) -> List[_RowError]: ...
    @property
    def summary(self) -> _Summary: ...
    @property
    def row_path_rows(self) -> int: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...
    def to_dicts(self) -> List[_ScoreRow]: ...
    def json(self) -> str: ...
    def explain(self, row: int) -> Optional[_Placement]: ...
    def raise_for_errors(self) -> Self: ...
    def grid(self, unit: Optional[str] = None) -> Dict[int, int]: ...
    def by_unit(self) -> ScoreResult: ...
    def _grid_html(self, group: Mapping[str, Any], title: str, layout: Mapping[str, Any]) -> str: ...
    def to_html(self, per_unit: bool = False, orientation: Literal["performance_rows", "potential_rows"] = "performance_rows") -> str: ...
    def _repr_html_(self) -> str: ...
    def __repr__(self) -> str: ...

def score(data: _Records, policy: PolicyLike = None, date: Optional[str] = None, period: Optional[str] = None) -> ScoreResult: ...
@overload
def generate(n: int, seed: int = 2026, format: Literal["pandas"] = "pandas") -> pd.DataFrame: ...
@overload
def generate(n: int, seed: int, format: Literal["polars"]) -> pl.DataFrame: ...
@overload
def generate(n: int, seed: int = 2026, *, format: Literal["polars"]) -> pl.DataFrame: ...
@overload
def generate(n: int, seed: int, format: Literal["arrow"]) -> pa.Table: ...
@overload
def generate(n: int, seed: int = 2026, *, format: Literal["arrow"]) -> pa.Table: ...
@overload
def generate(n: int, seed: int, format: Literal["records"]) -> List[Dict[str, Any]]: ...
@overload
def generate(n: int, seed: int = 2026, *, format: Literal["records"]) -> List[Dict[str, Any]]: ...

# ---------------------------------------------------------------------------
# Partitions (docs/scale.md)
# ---------------------------------------------------------------------------

class ResolvedPolicy:
    """A policy resolved against the merged summary of its whole population (`resolve_policy`)."""

    _json: str
    fingerprint: str
    policy: Policy
    def __init__(self, canonical_json: str) -> None: ...
    @property
    def policy_fingerprint(self) -> str: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __reduce__(self) -> Tuple[Any, Tuple[str]]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __repr__(self) -> str: ...

PartitionPolicy: TypeAlias = Union[ResolvedPolicy, PolicyLike]

def partition_summary(
    data: Union[pd.DataFrame, pl.DataFrame, pa.Table, pa.RecordBatch, _ArrowStreamExportable],
    policy: PolicyLike = None,
    date: Optional[str] = None,
) -> Dict[str, Any]: ...
def partition_summary_batches(
    batches: Iterable[pa.RecordBatch], policy: PolicyLike = None, date: Optional[str] = None
) -> Iterator[pa.RecordBatch]: ...
def merge_summaries(summaries: Iterable[Mapping[str, Any]]) -> Dict[str, Any]: ...
def resolve_policy(policy: PolicyLike, summary: Mapping[str, Any]) -> ResolvedPolicy: ...
def score_partition(
    data: Union[pd.DataFrame, pl.DataFrame, pa.Table, pa.RecordBatch, _ArrowStreamExportable],
    policy: PartitionPolicy = None,
    date: Optional[str] = None,
    first_row: int = 0,
) -> pd.DataFrame: ...
def score_partition_result(
    data: Union[pd.DataFrame, pl.DataFrame, pa.Table, pa.RecordBatch, _ArrowStreamExportable],
    policy: PartitionPolicy = None,
    date: Optional[str] = None,
    first_row: int = 0,
) -> ScoreResult: ...
def score_partition_summary(
    data: Union[pd.DataFrame, pl.DataFrame, pa.Table, pa.RecordBatch, _ArrowStreamExportable],
    policy: PartitionPolicy = None,
    date: Optional[str] = None,
) -> Dict[str, Any]: ...
def score_summary_batches(
    batches: Iterable[pa.RecordBatch], policy: PartitionPolicy = None, date: Optional[str] = None
) -> Iterator[pa.RecordBatch]: ...
def merge_score_summaries(summaries: Iterable[Mapping[str, Any]]) -> Dict[str, Any]: ...
def arrow_output_schema() -> pa.Schema: ...
def spark_output_schema() -> str: ...
def score_arrow_batches(
    batches: Iterable[pa.RecordBatch], policy: PartitionPolicy = None, date: Optional[str] = None, first_row: int = 0
) -> Iterator[pa.RecordBatch]: ...

# ---------------------------------------------------------------------------
# Merit rules, succession, fairness
# ---------------------------------------------------------------------------

class _Answer:
    """Common result plumbing: the core's answer value, JSON, and table conversions of `to_dicts()`."""

    value: Dict[str, Any]
    def __init__(self, value: Dict[str, Any]) -> None: ...
    def to_dicts(self) -> Sequence[Mapping[str, Any]]: ...
    def json(self) -> str: ...
    def to_arrow(self) -> pa.Table: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def to_polars(self) -> pl.DataFrame: ...
    def __getitem__(self, key: str) -> Any: ...

class ValidationResult(_Answer):
    """The answer of `validate`: per employee, every rule's outcome with reasons; row errors; counts."""

    @property
    def rule_set(self) -> _RuleSetRef: ...
    @property
    def date(self) -> str: ...
    @property
    def results(self) -> List[_EmployeeResult]: ...
    @property
    def errors(self) -> List[_RowError]: ...
    @property
    def summary(self) -> _ValidateSummary: ...
    @property
    def eligible(self) -> List[str]: ...
    def result(self, row: int) -> Optional[_EmployeeResult]: ...
    def to_dicts(self) -> List[Dict[str, Any]]: ...
    def __repr__(self) -> str: ...

class SuccessionResult(_Answer):
    """The answer of `rank_successors`: per target position a ranked, explained shortlist."""

    @property
    def positions(self) -> List[_PositionResult]: ...
    @property
    def errors(self) -> List[_RowError]: ...
    @property
    def bench(self) -> _BenchReport: ...
    @property
    def adverse_impact(self) -> List[_ImpactReport]: ...
    def position(self, position_id: Optional[str] = None) -> _PositionResult: ...
    def shortlist(self, position_id: Optional[str] = None) -> List[str]: ...
    def excluded(self) -> List[_ExcludedRow]: ...
    def to_dicts(self) -> List[_ShortlistRow]: ...
    def __repr__(self) -> str: ...

class ImpactResult(_Answer):
    """The answer of `adverse_impact`: per group the selection rate, impact ratio, four-fifths flag, Z_D, Fisher's p."""

    @property
    def groups(self) -> List[_ImpactGroup]: ...
    @property
    def reference_group(self) -> Optional[str]: ...
    @property
    def flagged(self) -> List[str]: ...
    def group(self, name: str) -> _ImpactGroup: ...
    def to_dicts(self) -> List[_ImpactRow]: ...
    def __repr__(self) -> str: ...

def validate(
    data: _Records,
    rules: Union[str, Mapping[str, Any], os.PathLike[str], RuleSet] = "jpt_pratama",
    date: Optional[_DateLike] = None,
    policy: PolicyLike = None,
) -> ValidationResult: ...
def rank_successors(
    data: _Records,
    positions: Union[_Table, Mapping[str, Any], Iterable[Mapping[str, Any]]],
    method: Optional[_Method] = None,
    top: Optional[int] = None,
    date: Optional[_DateLike] = None,
    policy: PolicyLike = None,
    **options: Any,
) -> SuccessionResult: ...
def adverse_impact(
    data: Union[_Records, Iterable[_GroupCount], None] = None,
    *,
    group_column: Optional[str] = None,
    selected: Union[str, Iterable[object], None] = None,
    date: Optional[_DateLike] = None,
    threshold: Optional[float] = None,
    **options: Any,
) -> ImpactResult: ...
def rule_sets() -> List[_RuleSetInfo]: ...

_McdmMethod: TypeAlias = Literal["topsis", "saw"]
_Normalisation: TypeAlias = Literal["linear", "max", "min_max", "vector", "sum", "fixed_range"]
# the core's names, or pymcdm's 1 (benefit) / -1 (cost)
_CriterionType: TypeAlias = Union[Literal["benefit", "cost"], int]

class McdmResult:
    """Scores, competition ranks (1 = best) and order (row indices, best first) as NumPy arrays."""

    scores: npt.NDArray[np.float64]
    ranks: npt.NDArray[np.int64]
    order: npt.NDArray[np.int64]
    method: str
    normalisation: str
    def __init__(
        self,
        scores: npt.NDArray[np.float64],
        ranks: npt.NDArray[np.int64],
        order: npt.NDArray[np.int64],
        method: str,
        normalisation: str,
    ) -> None: ...
    def __len__(self) -> int: ...
    def to_pandas(self) -> pd.DataFrame: ...
    def __repr__(self) -> str: ...

def mcdm(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    types: Union[Sequence[_CriterionType], npt.NDArray[Any]],
    method: _McdmMethod = "topsis",
    normalisation: Optional[_Normalisation] = None,
    ranges: Union[Sequence[Tuple[float, float]], npt.NDArray[Any], None] = None,
) -> McdmResult: ...

def compare(periods: Sequence[Mapping[str, Any]], policy: PolicyLike = None, **options: Any) -> Dict[str, Any]: ...
def verify_log(jsonl: str) -> Dict[str, Any]: ...

class CalibrationStore:
    path: str
    def __init__(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def _call(self, function: str, request: Mapping[str, Any]) -> Any: ...
    def snapshot(
        self,
        session: str,
        records: Any = None,
        *,
        actor: str,
        subjects: Optional[Sequence[Mapping[str, Any]]] = None,
        policy: PolicyLike = None,
        date: Optional[str] = None,
        group_by: Sequence[str] = (),
        title: Optional[str] = None,
        time: Optional[str] = None,
    ) -> Dict[str, Any]: ...
    def append(self, session: str, event: Mapping[str, Any], *, actor: str, time: Optional[str] = None) -> Dict[str, Any]: ...
    def guidelines(self, session: str, guidelines: Sequence[Mapping[str, Any]], *, actor: str) -> Dict[str, Any]: ...
    def move(
        self, session: str, moves: Sequence[Mapping[str, Any]], *, reason_code: str, reason: str, actor: str
    ) -> Dict[str, Any]: ...
    def finalise(self, session: str, *, actor: str) -> Dict[str, Any]: ...
    def reopen(self, session: str, *, reason: str, actor: str) -> Dict[str, Any]: ...
    def report(self, session: str, detail: str = "full") -> Dict[str, Any]: ...
    def verify(self, session: str) -> Dict[str, Any]: ...
    def export(self, session: str) -> str: ...
    def import_log(self, jsonl: str) -> Dict[str, Any]: ...
    def sessions(self) -> List[Dict[str, Any]]: ...
