"""Partitions with the real engines (issue 16): 2,000,000 generated employees in four Parquet files,
scored by Dask (`distributed.LocalCluster`, two worker processes) and by PySpark (local mode, two
threads) in the two passes of docs/scale.md, give per row and in their counts exactly what one
`mk.score` call gives on the whole table, for a fixed and a percentile policy.

Slow (about 2-3 minutes on two cores): run by scripts/test.d/38-python-scale.sh with
MERITKIT_SCALE=1; skipped otherwise. No network: Dask and Spark listen on loopback only."""
import json
import os
import pathlib
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import meritkit as mk

pytestmark = [
    pytest.mark.scale,
    pytest.mark.skipif(not os.environ.get("MERITKIT_SCALE"), reason="set MERITKIT_SCALE=1 (scripts/test.d/38-python-scale.sh)"),
]

N = int(os.environ.get("MERITKIT_SCALE_ROWS", "2000000"))
PARTS = 4
POLICIES = ["permenpanrb_3_2020", "percentile_unit"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The population as four Parquet files (the partitions), the whole table, and the single-machine
    answers (result columns in the output schema, and counts) for each policy."""
    d = tmp_path_factory.mktemp("population")
    t = mk.generate(N, seed=2016, format="arrow")
    bounds = [N * k // PARTS for k in range(PARTS + 1)]
    for k in range(PARTS):
        pq.write_table(t.slice(bounds[k], bounds[k + 1] - bounds[k]), d / f"part-{k}.parquet")
    schema = mk.arrow_output_schema()
    single = {}
    for p in POLICIES:
        r = mk.score(t, policy=p)
        single[p] = (r.to_arrow().cast(schema), r.summary)
    return d, bounds, single


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        memory_limit="3GiB",
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers use this venv (meritkit installed)
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]").appName("meritkit-scale")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "3g").config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # one partition per file: each file "costs" a whole split
        .config("spark.sql.files.maxPartitionBytes", str(1 << 30)).config("spark.sql.files.openCostInBytes", str(1 << 30))
        .getOrCreate()
    )
    yield s
    s.stop()


@pytest.mark.parametrize("policy", POLICIES)
def test_dask_partitions_are_the_single_machine_answer(data: tuple, client, policy: str) -> None:
    import dask
    import dask.dataframe as dd

    d, bounds, single = data
    expected, expected_counts = single[policy]
    ddf = dd.read_parquet(str(d / "*.parquet"))
    assert ddf.npartitions == PARTS
    # pass 1: a summary per partition, merged, the policy resolved
    parts = ddf.to_delayed()
    summaries = dask.compute(*[dask.delayed(mk.partition_summary)(p, policy=policy) for p in parts])
    merged = mk.merge_summaries(summaries)
    assert merged["rows"] == N
    resolved = mk.resolve_policy(policy, merged)
    # pass 2: map_partitions, rows numbered from each partition's first row
    offsets = bounds[:-1]

    def score(df, resolved, partition_info=None):
        return mk.score_partition(df, policy=resolved, first_row=offsets[partition_info["number"]])

    out = ddf.map_partitions(score, resolved, meta=mk.score_partition(ddf._meta, policy=resolved)).compute()
    got = pa.Table.from_pandas(out, preserve_index=False).cast(mk.arrow_output_schema())
    assert got.num_rows == N
    assert got.equals(expected)
    counts = dask.compute(*[dask.delayed(mk.score_partition_summary)(p, policy=resolved) for p in parts])
    assert mk.merge_score_summaries(counts) == expected_counts


@pytest.mark.parametrize("policy", POLICIES)
def test_spark_partitions_are_the_single_machine_answer(data: tuple, spark, policy: str) -> None:
    d, bounds, single = data
    expected, expected_counts = single[policy]
    df = spark.read.parquet(*sorted(str(p) for p in pathlib.Path(d).glob("*.parquet")))
    assert df.rdd.getNumPartitions() == PARTS
    # pass 1: one summary per Arrow batch, collected, merged; the policy resolved on the driver
    rows = df.mapInArrow(lambda it: mk.partition_summary_batches(it, policy=policy), "summary string").collect()
    merged = mk.merge_summaries(json.loads(r.summary) for r in rows)
    assert merged["rows"] == N
    resolved = mk.resolve_policy(policy, merged)
    # pass 2: Arrow batches in and out
    out = df.mapInArrow(lambda it: mk.score_arrow_batches(it, policy=resolved), mk.spark_output_schema())
    got = out.toArrow().cast(mk.arrow_output_schema())  # Arrow all the way (no pandas)
    assert got.num_rows == N
    # Spark numbers nothing across partitions: rows are numbered within each partition, so the comparison
    # is by NIP (unique here), every other column byte for byte
    key = "nip"
    got = got.sort_by(key)
    want = expected.sort_by(key)
    for name in expected.column_names:
        if name != "row":
            assert got.column(name).equals(want.column(name)), name
    assert sum(1 for r in got.column("row").to_pylist() if r == 0) == PARTS
    summary_rows = df.mapInArrow(lambda it: mk.score_summary_batches(it, policy=resolved), "summary string").collect()
    assert mk.merge_score_summaries(json.loads(r.summary) for r in summary_rows) == expected_counts

