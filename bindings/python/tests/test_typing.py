"""The type stubs describe what the runtime really does: the wheel ships them, the runtime values have the
shapes the stubs' TypedDicts name, and the stubs' error-code Literal is the core's list of codes.
(`mypy --strict` on typing_check.py and `mypy.stubtest` run from scripts/test.d/30-python.sh.)"""
import ast
import importlib.resources
import re

import typing_check


def test_wheel_ships_the_stubs_and_the_py_typed_marker():
    pkg = importlib.resources.files("meritkit")
    for name in ("__init__.pyi", "_errors.pyi", "_meritkit.pyi", "py.typed"):
        assert (pkg / name).is_file(), name


def test_runtime_values_have_the_shapes_the_stubs_claim():
    typing_check.check_runtime()


def _stub_codes(text: str) -> list:
    for node in ast.parse(text).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "_Code":
            sub = node.value
            assert isinstance(sub, ast.Subscript)
            elts = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
            return [e.value for e in elts]
    raise AssertionError("no _Code alias in _errors.pyi")


def test_error_code_literal_is_the_cores_list_of_codes(root):
    core = (root / "crates/meritkit/src/error.rs").read_text(encoding="utf-8")
    block = core[core.index("codes! {"):]
    block = block[: block.index("\n}")]
    want = re.findall(r'^\s*[A-Z]\w* = "([a-z_]+)",', block, flags=re.M)
    assert len(want) > 30  # the block was found and read
    stub = (importlib.resources.files("meritkit") / "_errors.pyi").read_text(encoding="utf-8")
    assert _stub_codes(stub) == want
