#!/usr/bin/env bash
# Partitions with the real engines (issue 16, docs/scale.md): 2,000,000 generated employees scored by
# Dask (a distributed LocalCluster of two worker processes) and by PySpark in local mode (Java 17), in
# two passes, compared row by row and in their counts with one mk.score call. Needs the wheel that
# 30-python.sh installed; no network (both engines bind to 127.0.0.1).
set -euo pipefail
export SPARK_LOCAL_IP=127.0.0.1
export MERITKIT_SCALE=1
cd test-output 2>/dev/null || { mkdir -p test-output && cd test-output; }
start=$(date +%s)
../.venv-test/bin/python -m pytest -q -m scale ../bindings/python/tests/test_scale.py 2>&1 | tee python-scale.log
echo "scale tests: $(( $(date +%s) - start )) s"
