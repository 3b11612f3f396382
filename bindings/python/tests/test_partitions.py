"""Partitions scored apart (issue 16), the fast version: a generated population in slices gives,
through partition_summary → merge_summaries → resolve_policy → score_partition / score_arrow_batches,
exactly what `mk.score` gives on all of it (every result column, the row errors' codes, the counts),
for fixed, percentile and distribution cut-offs; summaries and resolved policies pickle. The same
with the real engines (Dask, PySpark) on 2 million rows: test_scale.py."""
import json
import pickle

import pyarrow as pa
import pytest

import meritkit as mk

N = 12_000
CUTS = [0, 2_500, 2_501, 7_000, N]  # four slices, one of a single row

DISTRIBUTION = {
    "name": "distribution_all",
    "performance": {"source": "predikat"},
    "potential": {
        "components": [{"input": "jpm", "weight": 0.5}, {"input": "potential_assessment", "weight": 0.3},
                       {"input": "track_record", "weight": 0.2}],
        "cutoffs": {"method": "distribution", "shares": [0.25, 0.6, 0.15], "scope": "all"},
    },
}
POLICIES = {"fixed": "permenpanrb_3_2020", "percentile_unit": "percentile_unit", "distribution": DISTRIBUTION}


@pytest.fixture(scope="module")
def table() -> pa.Table:
    t = mk.generate(N, seed=16, format="arrow")
    # a row error (a score outside 0-100): in no population, counted in the summaries
    scores = t.column("potential_score").to_pylist()
    scores[3] = 130.0
    return t.set_column(t.schema.get_field_index("potential_score"), "potential_score", pa.array(scores, pa.float64()))


def slices(t: pa.Table) -> list:
    return [t.slice(a, b - a) for a, b in zip(CUTS, CUTS[1:])]


@pytest.mark.parametrize("name", list(POLICIES))
def test_partitions_give_the_single_machine_answer(table: pa.Table, name: str) -> None:
    policy = POLICIES[name]
    whole = mk.score(table, policy=policy)
    parts = slices(table)
    summaries = [mk.partition_summary(p, policy=policy) for p in parts]
    merged = mk.merge_summaries(summaries)
    assert merged == mk.partition_summary(table, policy=policy)
    assert mk.merge_summaries(reversed(summaries)) == merged  # commutative
    assert merged["rows"] == N
    # summaries and the resolved policy travel (pickle, JSON) unchanged
    assert pickle.loads(pickle.dumps(merged)) == merged
    resolved = mk.resolve_policy(policy, json.loads(json.dumps(merged)))
    again = pickle.loads(pickle.dumps(resolved))
    assert again == resolved and again.fingerprint == resolved.fingerprint
    assert resolved.policy_fingerprint == whole.policy.fingerprint
    if name == "fixed":
        assert merged["potential"] is None and resolved.to_dict()["potential"] is None
    else:
        pop = sum(s["population"] for s in merged["potential"]["scopes"])
        placed = whole.summary["total"]["placed"] + whole.summary["total"]["holding"]
        assert pop == placed  # every placed row, and only those, in the population

    schema = mk.arrow_output_schema()
    expected = whole.to_arrow().cast(schema)
    # pandas in and out (Dask's map_partitions), rows numbered from each slice's first row
    frames = [mk.score_partition(p, policy=again, first_row=a) for p, a in zip(parts, CUTS)]
    got = pa.concat_tables([pa.Table.from_pandas(f, preserve_index=False).cast(schema) for f in frames])
    assert got.equals(expected)
    # Arrow batches in and out (Spark's mapInArrow), one partition per slice
    batches = [b for p, a in zip(parts, CUTS) for b in mk.score_arrow_batches(p.to_batches(max_chunksize=1000), policy=again, first_row=a)]
    assert all(b.schema.equals(schema) for b in batches)
    assert pa.Table.from_batches(batches, schema).equals(expected)
    # the answers' counts merge to the single-machine counts; the explained answer is the same
    counts = [mk.score_partition_summary(p, policy=again) for p in parts]
    assert mk.merge_score_summaries(counts) == whole.summary
    r = mk.score_partition_result(parts[2], again, None, CUTS[2])
    assert r.explain(0) == whole.explain(CUTS[2])


def test_a_relative_policy_needs_its_resolution(table: pa.Table) -> None:
    with pytest.raises(mk.PolicyError) as e:
        mk.score_partition(table.slice(0, 10), policy="percentile_unit")
    assert e.value.code == "invalid_policy"


def test_a_unit_outside_the_summary_is_a_row_error(table: pa.Table) -> None:
    units = table.column("unit").to_pylist()
    one = units[0]
    mask = pa.array([u == one for u in units])
    inside, outside = table.filter(mask), table.filter(pa.compute.invert(mask))
    resolved = mk.resolve_policy("percentile_unit", mk.partition_summary(inside, policy="percentile_unit"))
    out = mk.score_partition(outside, policy=resolved)
    assert (out["status"] == "error").all()
    assert set(out["error_code"].astype(str)) <= {"unit_not_in_summary", "score_out_of_range"}
    assert (out["error_code"] == "unit_not_in_summary").sum() > 0.9 * len(out)


def test_spark_schema_is_the_arrow_schema() -> None:
    schema = mk.arrow_output_schema()
    ddl = mk.spark_output_schema()
    assert [f.name for f in schema] == [c.split("` ")[0].strip("`") for c in ddl.split(", ")]
    assert "`talent_pool` array<string>" in ddl and schema.field("talent_pool").type == pa.list_(pa.string())
