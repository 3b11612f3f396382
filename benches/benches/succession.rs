//! Succession benchmarks.
//!
//! * `succession/plan_1000_positions_x_100k_candidates_top10` (parallel, rayon) and its
//!   sequential twin on 100 positions: the full pipeline (gates, criteria, SAW, top-10 by
//!   partial selection, readiness, bench strength, adverse impact) on a seeded fictional
//!   population of 100,000 employees; the timed call includes scoring them onto the 9-box
//!   (the whole `succession` call from parsed rows), generation is setup.
//! * `succession/topsis_100k_x7`: TOPSIS (vector normalisation) on one 100,000 × 7 matrix,
//!   the same matrix `benches/python/topsis_peer.py` gives to pymcdm.

use criterion::{criterion_group, criterion_main, Criterion};
use meritkit::api::{succession_rows, SuccessionRequest};
use meritkit::mcdm::{topsis::topsis, CriterionType, DecisionMatrix, Normalisation};
use meritkit::scoring::ParsedRow;
use meritkit::succession::gate::BuiltinGate;
use meritkit::succession::policy::ExcludedDetail;
use meritkit::succession::SuccessionPolicy;
use std::hint::black_box;

/// The peer matrix: x_ij = ((i·7919 + j·104729) mod 1000) / 10 + 1 (pure integer arithmetic,
/// reproduced exactly by the Python script).
pub fn peer_matrix(n: usize, k: usize) -> DecisionMatrix {
    let mut d = Vec::with_capacity(n * k);
    for i in 0..n {
        for j in 0..k {
            d.push(((i * 7919 + j * 104_729) % 1000) as f64 / 10.0 + 1.0);
        }
    }
    DecisionMatrix::new(n, k, d).unwrap_or_else(|_| std::process::exit(2))
}

fn positions(n: usize) -> Vec<meritkit::succession::TargetPosition> {
    let kinds = ["administrator", "pengawas", "jpt_pratama", "pengawas", "administrator"];
    let units = meritkit::generate::SULBAR_UNITS;
    (0..n)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "id": format!("P{i:04}"), "title": format!("Jabatan {i}"), "unit": units[i % units.len()],
                "kind": kinds[i % kinds.len()], "critical": i % 3 == 0
            }))
            .unwrap_or_else(|_| std::process::exit(2))
        })
        .collect()
}

fn request(n_pos: usize) -> SuccessionRequest {
    let pol = SuccessionPolicy { excluded_detail: ExcludedDetail::Summary, ..SuccessionPolicy::default() };
    SuccessionRequest {
        top: Some(10),
        succession_policy: Some(pol),
        // 100 M pairs: past the default `max_pairs`, fine with excluded_detail = summary.
        max_pairs: Some(usize::MAX),
        ..SuccessionRequest::new(positions(n_pos), "2026-01-02")
    }
}

fn bench(c: &mut Criterion) {
    let pop =
        meritkit::generate::population(&meritkit::generate::Options { count: 100_000, seed: 42, ..Default::default() });
    let rows: Vec<ParsedRow> = pop.into_iter().map(Ok).collect();
    let mut g = c.benchmark_group("succession");
    g.sample_size(10);
    let r1000 = request(1000);
    g.bench_function("plan_1000_positions_x_100k_candidates_top10_parallel", |b| {
        b.iter(|| black_box(succession_rows(&rows, &r1000, &BuiltinGate, true).map(|o| o.positions.len()).unwrap_or(0)))
    });
    let r100 = request(100);
    g.bench_function("plan_100_positions_x_100k_candidates_top10_sequential", |b| {
        b.iter(|| black_box(succession_rows(&rows, &r100, &BuiltinGate, false).map(|o| o.positions.len()).unwrap_or(0)))
    });
    g.bench_function("plan_100_positions_x_100k_candidates_top10_parallel", |b| {
        b.iter(|| black_box(succession_rows(&rows, &r100, &BuiltinGate, true).map(|o| o.positions.len()).unwrap_or(0)))
    });
    let m = peer_matrix(100_000, 7);
    let w = [0.30, 0.20, 0.20, 0.15, 0.05, 0.05, 0.05];
    let t = [CriterionType::Benefit; 7];
    g.sample_size(50);
    g.bench_function("topsis_100k_x7", |b| {
        b.iter(|| black_box(topsis(&m, &w, &t, Normalisation::Vector, None).map(|v| v.len()).unwrap_or(0)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
