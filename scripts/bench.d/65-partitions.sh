#!/usr/bin/env bash
# Partitions (issue 16, docs/scale.md): rows/s per worker for Dask (LocalCluster, 2 worker processes) and
# PySpark (local[2]) beside the single-process mk.score, 2M generated employees in 8 Parquet files, fixed
# and percentile policies, in one run. Uses the wheel scripts/bench.d/30-python.sh installed (release).
set -euo pipefail
[ -x .venv-test/bin/python ] || bash scripts/setup.d/30-python.sh
export SPARK_LOCAL_IP=127.0.0.1
uptime
.venv-test/bin/python benches/python/bench_partitions.py 2000000 8 2 2
