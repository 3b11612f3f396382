"""Type stubs of `meritkit._errors`: the exception hierarchy and the shapes of the problems it carries.

The TypedDicts (names starting with `_`) exist only for type checkers; import them under
`typing.TYPE_CHECKING`.
"""
from typing import Any, Dict, List, Literal, Optional, Type

from typing_extensions import NotRequired, TypeAlias, TypedDict

# The core's stable error codes (`meritkit::error::Code`, snake_case on the wire). Kept in step with
# crates/meritkit/src/error.rs by bindings/python/tests/test_typing.py.
_Code: TypeAlias = Literal[
    "invalid_input",
    "unknown_column",
    "duplicate_column",
    "empty_header",
    "empty_sheet",
    "merged_cells",
    "formula_without_value",
    "unsupported_encoding",
    "missing_field",
    "unknown_field",
    "invalid_type",
    "invalid_value",
    "nip_format",
    "nip_birth_date",
    "nip_appointment",
    "nip_appointment_before_birth",
    "nip_sex_digit",
    "nip_serial",
    "birth_date_mismatch",
    "competency_level_out_of_range",
    "score_out_of_range",
    "predikat_mismatch",
    "appraisal_incomplete",
    "duplicate_appraisal_year",
    "missing_performance",
    "missing_potential",
    "date_in_future",
    "invalid_policy",
    "unknown_preset",
    "invalid_request",
    "limit_exceeded",
    "inconsistent_matrix",
    "protected_attribute",
    "internal",
    "invalid_rule_set",
    "unknown_rule_set",
    "empty_combinator",
    "contradictory_bounds",
    "duplicate_rule_id",
    "invalid_template",
    "duplicate_nip",
    "missing_appraisal_year",
    "invalid_distribution",
    "output_overwrites_input",
    "weak_redact_key",
    "missing_header_row",
    "unnamed_column",
    "unread_sheets",
    "too_many_errors",
    "basis_required",
    "nip_changed",
    "session_state",
    "stale_move",
    "unknown_subject",
    "guideline_failed",
    "log_sequence",
    "log_hash_mismatch",
    "log_chain_broken",
    "store_busy",
    "unknown_session",
    "session_exists",
    "not_found",
    "method_not_allowed",
    "unauthorized",
    "token_required",
    "body_too_large",
    "too_many_rows",
    "busy",
    "timeout",
    "unit_not_in_summary",
]

class _Message(TypedDict):
    """A bilingual message: English and Bahasa Indonesia."""

    en: str
    id: str

class _ErrorDetails(TypedDict):
    """One problem as returned by `ValidationError.errors()`."""

    code: _Code
    path: str
    message: _Message
    row: Optional[int]

class _Problem(TypedDict):
    """A located problem without a row (warnings in placements, problems of a whole document)."""

    code: _Code
    path: str
    message: _Message

class _RowError(TypedDict):
    """A row error of a batch (`ScoreResult.errors`); `nip` only when the row's NIP could be read."""

    row: int
    nip: NotRequired[str]
    code: _Code
    path: str
    message: _Message

class MeritkitError(Exception):
    """Base class of every meritkit error."""

    message: str
    kind: str
    code: str
    _problems: List[Dict[str, Any]]
    def __init__(
        self, message: str, problems: Optional[List[Dict[str, Any]]] = None, kind: str = "", code: str = ""
    ) -> None: ...
    def __reduce__(self) -> Any: ...

class ValidationError(MeritkitError, ValueError):
    """Invalid data: carries every problem (code, path, message, row)."""

    def errors(self) -> List[_ErrorDetails]: ...
    def error_count(self) -> int: ...
    def json(self) -> str: ...

class PolicyError(ValidationError): ...
class RuleSetError(ValidationError): ...
class RequestError(ValidationError): ...
class InputError(ValidationError): ...

_KINDS: Dict[str, Type[ValidationError]]

def _from_error(err: Dict[str, Any]) -> MeritkitError: ...
