//! Scoring throughput: typed records (every placement made, or explanations
//! kept compactly: `score_explained`) vs columnar (struct-of-arrays) vs a
//! plain memcpy of the same input columns (the physical floor); and the JSON
//! API's `score` on request text (`api_text`: records read from the text,
//! answer written with sorted keys without a JSON value) beside the route it
//! replaced (`api_value_route`: the request, each record and the answer as
//! `serde_json::Value`s), the same bytes.
//!
//! Run: `cargo bench -p meritkit-benches --bench scoring` (or `bash scripts/bench.sh`).
//! Run with `RAYON_NUM_THREADS=1` (as scripts/bench.d/10-rust.sh does) for figures per core: the
//! typed paths score on rayon's threads.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use meritkit::columnar::{employees_to_flat, predikat_code, score_columns, score_flat, Columns, PerformanceColumn};
use meritkit::generate::{population, Options};
use meritkit::policy::Policy;
use meritkit::scoring::{score, score_explained, Context};

fn sizes() -> Vec<usize> {
    match std::env::var("MERITKIT_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![10_000, 100_000, 1_000_000],
    }
}

fn bench(c: &mut Criterion) {
    let policy = Policy::preset("permenpanrb_3_2020").unwrap_or_else(|e| panic!("{e}"));
    let max = sizes().into_iter().max().unwrap_or(10_000);
    let pop = population(&Options { count: max, seed: 1, ..Options::default() });
    // columnar inputs: the latest predikat and the potential score the typed path computes
    let typed = score(&pop, &policy, &Context::default());
    let mut pred = vec![0u8; max];
    let mut pot = vec![f64::NAN; max];
    for r in &typed.results {
        pred[r.row] = predikat_code(r.latest_predikat);
        pot[r.row] = r.potential_score.unwrap_or(f64::NAN);
    }
    let mut g = c.benchmark_group("score");
    g.sample_size(10);
    for n in sizes() {
        g.throughput(Throughput::Elements(n as u64));
        if n <= 1_000_000 {
            g.bench_with_input(BenchmarkId::new("typed_records", n), &n, |b, &n| {
                b.iter(|| black_box(score(black_box(&pop[..n]), &policy, &Context::default())))
            });
            // the same records and full explanations, kept compactly (placements made on demand)
            g.bench_with_input(BenchmarkId::new("typed_explained", n), &n, |b, &n| {
                b.iter(|| black_box(score_explained(black_box(&pop[..n]), &policy, &Context::default())))
            });
        }
        g.bench_with_input(BenchmarkId::new("columnar", n), &n, |b, &n| {
            let cols = Columns {
                performance: PerformanceColumn::Predikat(&pred[..n]),
                potential_score: &pot[..n],
                unit: None,
            };
            b.iter(|| black_box(score_columns(black_box(&cols), &policy)))
        });
        let table = employees_to_flat(&pop[..n]);
        g.bench_with_input(BenchmarkId::new("flat_table", n), &n, |b, _| {
            let view = table.view();
            b.iter(|| black_box(score_flat(black_box(&view), &policy, &Context::default())))
        });
        g.bench_with_input(BenchmarkId::new("memcpy_floor", n), &n, |b, &n| {
            b.iter(|| {
                let a: Vec<u8> = black_box(&pred[..n]).to_vec();
                let p: Vec<f64> = black_box(&pot[..n]).to_vec();
                black_box((a, p))
            })
        });
    }
    g.finish();

    // The JSON API's score on request text, beside the Value route it replaced (up to 100k records: a call
    // at 1M takes seconds).
    let mut g = c.benchmark_group("api_score");
    g.sample_size(10);
    for n in sizes().into_iter().filter(|&n| n <= 100_000) {
        g.throughput(Throughput::Elements(n as u64));
        let text = serde_json::json!({ "records": &pop[..n] }).to_string();
        g.bench_with_input(BenchmarkId::new("api_text", n), &n, |b, _| {
            b.iter(|| black_box(meritkit::api::score_json(black_box(&text))))
        });
        g.bench_with_input(BenchmarkId::new("api_value_route", n), &n, |b, _| {
            b.iter(|| {
                use meritkit::api::{parse_request, score, ErrorAnswer, ScoreRequest};
                black_box(match parse_request::<ScoreRequest>(black_box(&text)).and_then(|r| score(&r)) {
                    Ok(out) => serde_json::json!({"ok": true, "value": out}).to_string(),
                    Err(e) => serde_json::json!({"ok": false, "error": ErrorAnswer::from(&e)}).to_string(),
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
