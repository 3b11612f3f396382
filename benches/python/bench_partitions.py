"""Partitions (issue 16): rows per second per worker for Dask (distributed LocalCluster of worker
processes) and PySpark (local mode), beside the single-process `mk.score` on the same rows, in one run,
for a fixed policy (one pass) and a percentile policy (two passes: summaries, merge, resolve, score).

The population is generated once (`mk.generate`, seed 2016) and written as PARTS Parquet files; every
engine reads those files. The single-process figure is `mk.score(table)` on the whole table in memory
(read from the same files first, not timed), with meritkit's own threads (all cores). Each Dask/Spark
worker runs meritkit with one thread (RAYON_NUM_THREADS=1). Dask's results are reduced to their
lengths on the workers (no transfer to the client); Spark's are evaluated by the `noop` sink. Each
figure is the best of REPEAT runs. Before timing, the engines' answers are checked against the single
process (row count, boxes).

    python benches/python/bench_partitions.py [N] [PARTS] [WORKERS] [REPEAT]
"""
import json
import os
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

import meritkit as mk

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
PARTS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 2
REPEAT = int(sys.argv[4]) if len(sys.argv) > 4 else 2
POLICIES = ["permenpanrb_3_2020", "percentile_unit"]


def best(f):
    times = []
    out = None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def line(engine, policy, seconds, workers):
    rate = N / seconds
    print(f"{engine:<16} {policy:<20} {workers:>2} worker(s) {seconds:7.2f} s  {rate / 1e6:6.3f} M rows/s"
          f"  {rate / workers / 1e6:6.3f} M rows/s per worker", flush=True)


def main():
    d = tempfile.mkdtemp(prefix="mk-partitions-")
    t = mk.generate(N, seed=2016, format="arrow")
    for k in range(PARTS):
        a, b = N * k // PARTS, N * (k + 1) // PARTS
        pq.write_table(t.slice(a, b - a), os.path.join(d, f"part-{k:03d}.parquet"))
    table = pq.read_table(d)
    cores = os.cpu_count()
    print(f"N={N} rows in {PARTS} partitions; {cores} cores; load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; meritkit {mk.__version__}", flush=True)
    boxes = {}
    for p in POLICIES:
        secs, r = best(lambda: mk.score(table, policy=p))
        boxes[p] = r.summary["total"]["boxes"]
        line("single process", p, secs, 1)

    os.environ["RAYON_NUM_THREADS"] = "1"  # each worker: meritkit on one thread
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # Spark's Python workers: this venv

    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster):
        ddf = dd.read_parquet(os.path.join(d, "*.parquet")).persist()  # read once, outside the timing
        for p in POLICIES:
            def resolved():
                if p == "permenpanrb_3_2020":
                    return p
                sums = dask.compute(*[dask.delayed(mk.partition_summary)(x, policy=p) for x in ddf.to_delayed()])
                return mk.resolve_policy(p, mk.merge_summaries(sums))

            pol = resolved()
            counts = dask.compute(*[dask.delayed(mk.score_partition_summary)(x, policy=pol) for x in ddf.to_delayed()])
            assert mk.merge_score_summaries(counts)["total"]["boxes"] == boxes[p], "Dask's counts differ"

            def run():
                policy = resolved()
                meta = mk.score_partition(ddf._meta, policy=policy)
                return ddf.map_partitions(mk.score_partition, policy=policy, meta=meta).map_partitions(len).sum().compute()

            secs, n = best(run)
            assert n == N
            line(f"dask x{WORKERS}", p, secs, WORKERS)

    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{WORKERS}]").appName("meritkit-bench")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "3g")
             .config("spark.sql.files.maxPartitionBytes", str(1 << 30))
             .config("spark.sql.files.openCostInBytes", str(1 << 30))
             .config("spark.executorEnv.RAYON_NUM_THREADS", "1")
             # Arrow batches of `spark.sql.execution.arrow.maxRecordsPerBatch` rows (10,000 by default;
             # 100,000 was not faster here: docs/benchmarks.md)
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", os.environ.get("MK_SPARK_BATCH", "10000"))
             .getOrCreate())
    df = spark.read.parquet(d).cache()
    assert df.count() == N
    for p in POLICIES:
        def resolved():
            if p == "permenpanrb_3_2020":
                return p
            rows = df.mapInArrow(lambda it: mk.partition_summary_batches(it, policy=p), "summary string").collect()
            return mk.resolve_policy(p, mk.merge_summaries(json.loads(r.summary) for r in rows))

        pol = resolved()
        rows = df.mapInArrow(lambda it: mk.score_summary_batches(it, policy=pol), "summary string").collect()
        merged = mk.merge_score_summaries(json.loads(r.summary) for r in rows)
        assert merged["total"]["boxes"] == boxes[p], "Spark's counts differ from the single process"

        def run():
            policy = resolved()
            out = df.mapInArrow(lambda it: mk.score_arrow_batches(it, policy=policy), mk.spark_output_schema())
            out.write.format("noop").mode("overwrite").save()

        secs, _ = best(run)
        line(f"spark local[{WORKERS}]", p, secs, WORKERS)
    spark.stop()
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
