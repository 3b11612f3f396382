"""Exceptions raised by meritkit (pydantic-core style: every problem is kept).

All classes are plain Python exceptions and pickle round-trip.
"""
from __future__ import annotations

import json as _json
from typing import Any, Dict, List, Optional


class MeritkitError(Exception):
    """Base class of every meritkit error."""

    def __init__(self, message: str, problems: Optional[List[Dict[str, Any]]] = None, kind: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.code = code
        self._problems: List[Dict[str, Any]] = list(problems or [])

    def __reduce__(self) -> Any:
        return (self.__class__, (self.message, self._problems, self.kind, self.code))

    def __str__(self) -> str:
        extra = len(self._problems) - 1
        return self.message + (f" (+{extra} more problem(s))" if extra > 0 else "")


class ValidationError(MeritkitError, ValueError):
    """Invalid data: carries every problem (code, path, message, row)."""

    def errors(self) -> List[Dict[str, Any]]:
        """Every problem as a dict with keys code, path, message ({en, id}) and row (or None)."""
        return [
            {"code": p.get("code"), "path": p.get("path", ""), "message": p.get("message"), "row": p.get("row")}
            for p in self._problems
        ]

    def error_count(self) -> int:
        return len(self._problems)

    def json(self) -> str:
        """The problems as JSON (snake_case keys)."""
        return _json.dumps(self.errors(), ensure_ascii=False, sort_keys=True)


class PolicyError(ValidationError):
    """The scoring policy is invalid or unknown."""


class RuleSetError(ValidationError):
    """The merit rule set is invalid or unknown."""


class RequestError(ValidationError):
    """The request (arguments) is invalid."""


class InputError(ValidationError):
    """The input table or document cannot be read (unknown columns, bad JSON, wrong types)."""


_KINDS = {
    "policy_error": PolicyError,
    "rule_set_error": RuleSetError,
    "request_error": RequestError,
    "input_error": InputError,
}


def _from_error(err: Dict[str, Any]) -> MeritkitError:
    """The exception of the core's error family (`kind`); an internal error and any family this version
    does not know are a plain MeritkitError."""
    kind = str(err.get("kind", ""))
    code = str(err.get("code", ""))
    msg = err.get("message") or {}
    text = msg.get("en", "") if isinstance(msg, dict) else str(msg)
    problems = [dict(p, row=p.get("row")) for p in err.get("problems", [])]
    return _KINDS.get(kind, MeritkitError)(text, problems, kind, code)
