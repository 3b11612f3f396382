//! Merit-rule validation throughput: generated employees (`generate::population`)
//! against `jpt_pratama` + `data_quality` (8 + 8 rules), counted as rule
//! evaluations (employees × rules). Three paths:
//!
//! * `evaluate`: every rule evaluated for every employee (outcome + actual value, no messages);
//! * `validate_report`: the full answer (`validate_employees`: bilingual reasons, JSON values, summary);
//! * `eligible_flags`: eligibility only (stops at the first excluding rule, so fewer evaluations).
//!
//! `MERITKIT_BENCH_1M=1` adds the 1,000,000-employee runs (`evaluate`, `eligible_flags`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use meritkit::generate::{population, Options};
use meritkit::rules::{builtin, eligible_flags, evaluate, validate_employees, NipCounts, Subject};
use meritkit::Policy;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let policy = Policy::preset("permenpanrb_3_2020").unwrap_or_else(|e| panic!("{e}"));
    let jpt = builtin("jpt_pratama").unwrap_or_else(|e| panic!("{e}"));
    let dq = builtin("data_quality").unwrap_or_else(|e| panic!("{e}"));
    let date: jiff::civil::Date = "2026-01-02".parse().unwrap_or_else(|e| panic!("{e}"));
    let rules_per_employee = (jpt.rules.len() + dq.rules.len()) as u64;
    let mut sizes = vec![100_000usize];
    if std::env::var("MERITKIT_BENCH_1M").is_ok() {
        sizes.push(1_000_000);
    }
    let mut g = c.benchmark_group("rules");
    g.sample_size(10);
    for n in sizes {
        let pop = population(&Options { count: n, ..Options::default() });
        g.throughput(Throughput::Elements(n as u64 * rules_per_employee));
        g.bench_with_input(BenchmarkId::new("evaluate", n), &pop, |b, pop| {
            b.iter(|| {
                let counts = NipCounts::new(pop.iter().map(|e| Some(e.nip.as_str())));
                let mut eligible = 0usize;
                for e in pop {
                    let mut s = Subject::new(e, date);
                    s.nip_count = counts.get(&e.nip);
                    let (a, ea) = evaluate(&jpt, &s, &policy);
                    let (b2, eb) = evaluate(&dq, &s, &policy);
                    eligible += usize::from(a) + usize::from(b2);
                    black_box((ea, eb));
                }
                black_box(eligible)
            })
        });
        // The full report holds n x 16 explained results in memory: 100k only.
        if n <= 100_000 {
            g.bench_with_input(BenchmarkId::new("validate_report", n), &pop, |b, pop| {
                b.iter(|| {
                    let a = validate_employees(pop, &jpt, date, &policy);
                    let d = validate_employees(pop, &dq, date, &policy);
                    black_box((a.summary.total.eligible, d.summary.total.eligible))
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("eligible_flags", n), &pop, |b, pop| {
            b.iter(|| black_box((eligible_flags(pop, &jpt, date, &policy), eligible_flags(pop, &dq, date, &policy))))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
