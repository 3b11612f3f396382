#!/usr/bin/env bash
# Python: maturin (to build the wheel) and a fresh test venv with the test
# dependencies from PyPI. The venv is recreated on every run.
set -euo pipefail
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 1; }
if ! python3 -m maturin --version >/dev/null 2>&1 && ! command -v maturin >/dev/null 2>&1; then
  python3 -m pip install --user "maturin>=1.16,<2" || python3 -m pip install --user --break-system-packages "maturin>=1.16,<2"
fi
rm -rf .venv-test
python3 -m venv .venv-test
.venv-test/bin/pip install -q --upgrade pip
# pandas-stubs and pyarrow-stubs: mypy --strict and mypy.stubtest on the package's type stubs
# dask[distributed] and pyspark: the partition tests with the real engines (test_scale.py, docs/scale.md)
.venv-test/bin/pip install -q pandas polars pyarrow pytest mypy numpy pandas-stubs pyarrow-stubs "dask[distributed]" pyspark
