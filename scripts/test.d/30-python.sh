#!/usr/bin/env bash
# Python: build the abi3 wheel, install it into the fresh venv as a user would,
# then run pytest, the type checks (stubs against the runtime, mypy --strict on the stubs, the
# implementation, the typed API check and the example), and the example itself.
set -euo pipefail
MATURIN="maturin"
command -v maturin >/dev/null 2>&1 || MATURIN="python3 -m maturin"
rm -rf target/wheels-python
# the light `ci` profile (opt-level 2, no LTO, 16 codegen units): a cold build fits the CI budget;
# benchmarks (scripts/bench.d/30-python.sh) use the full release profile
$MATURIN build --profile ci -m bindings/python/Cargo.toml -o target/wheels-python 2>&1 | tail -n 5
.venv-test/bin/pip install -q --force-reinstall target/wheels-python/meritkit-*.whl
# a PostgreSQL server on loopback for the store tests (they fail, not skip, without it)
source scripts/lib/postgres.sh
pg_start
export MERITKIT_REQUIRE_POSTGRES=1
cd test-output 2>/dev/null || { mkdir -p test-output && cd test-output; }
../.venv-test/bin/python -m pytest -q ../bindings/python/tests 2>&1 | tee python-tests.log
# the shipped stubs (meritkit/__init__.pyi, _errors.pyi, _meritkit.pyi) against the installed runtime
../.venv-test/bin/python -m mypy.stubtest meritkit --allowlist ../bindings/python/stubtest-allowlist.txt 2>&1 | tee python-stubtest.log
{
  # the installed package (its stubs), the implementation itself, the typed API check (assert_type, and
  # wrong calls whose `# type: ignore[...]` must be needed: --strict warns on unused ignores), the example
  ../.venv-test/bin/python -m mypy --strict -p meritkit
  (cd ../bindings/python/python && ../../../.venv-test/bin/python -m mypy --strict --cache-dir ../../../test-output/.mypy_cache meritkit/__init__.py meritkit/_errors.py)
  ../.venv-test/bin/python -m mypy --strict ../bindings/python/tests/typing_check.py ../examples/python/quickstart.py
} 2>&1 | tee python-mypy.log
../.venv-test/bin/python ../examples/python/quickstart.py > python-example.log
tail -n 5 python-example.log
