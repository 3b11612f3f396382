//! Rule evaluations per second **per core**, measured as on-CPU time of the
//! measuring thread (`/proc/thread-self/schedstat`, Linux), so the figure does
//! not depend on how busy a shared machine is. Wall time is printed beside it.
//!
//! `cargo run --release -p meritkit-benches --example rules_cpu [-- 1000000]`

use meritkit::generate::{population, Options};
use meritkit::rules::{builtin, eligible_flags, evaluate, validate_employees, NipCounts, Subject};
use meritkit::{Employee, Policy};
use std::hint::black_box;
use std::time::Instant;

fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(0)
}

fn measure(label: &str, evals: u64, reps: u32, mut f: impl FnMut()) {
    f(); // warm-up
    let (c0, w0) = (cpu_ns(), Instant::now());
    for _ in 0..reps {
        f();
    }
    let cpu = (cpu_ns() - c0) as f64 / 1e9 / f64::from(reps);
    let wall = w0.elapsed().as_secs_f64() / f64::from(reps);
    println!(
        "{label:<34} {:>8.1} ms cpu {:>8.1} ms wall  {:>6.2} M rule evaluations/s/core",
        cpu * 1e3,
        wall * 1e3,
        evals as f64 / cpu / 1e6
    );
}

fn main() {
    let sizes: Vec<usize> = match std::env::args().nth(1).and_then(|s| s.parse().ok()) {
        Some(n) => vec![n],
        None => vec![100_000],
    };
    let policy = Policy::preset("permenpanrb_3_2020").unwrap_or_else(|e| panic!("{e}"));
    let jpt = builtin("jpt_pratama").unwrap_or_else(|e| panic!("{e}"));
    let dq = builtin("data_quality").unwrap_or_else(|e| panic!("{e}"));
    let date: jiff::civil::Date = "2026-01-02".parse().unwrap_or_else(|e| panic!("{e}"));
    let per = (jpt.rules.len() + dq.rules.len()) as u64;
    for n in sizes {
        let pop: Vec<Employee> = population(&Options { count: n, ..Options::default() });
        println!("{n} employees x {per} rules (jpt_pratama + data_quality)");
        let reps = if n > 200_000 { 3 } else { 10 };
        measure("evaluate (all rules, no messages)", n as u64 * per, reps, || {
            let counts = NipCounts::new(pop.iter().map(|e| Some(e.nip.as_str())));
            let mut k = 0usize;
            for e in &pop {
                let mut s = Subject::new(e, date);
                s.nip_count = counts.get(&e.nip);
                let (a, ea) = evaluate(&jpt, &s, &policy);
                let (b, eb) = evaluate(&dq, &s, &policy);
                k += usize::from(a) + usize::from(b);
                black_box((ea, eb));
            }
            black_box(k);
        });
        measure("eligible_flags (stops early)", n as u64 * per, reps, || {
            black_box((eligible_flags(&pop, &jpt, date, &policy), eligible_flags(&pop, &dq, date, &policy)));
        });
        if n <= 200_000 {
            measure("validate_employees (full report)", n as u64 * per, 3, || {
                black_box((
                    validate_employees(&pop, &jpt, date, &policy),
                    validate_employees(&pop, &dq, date, &policy),
                ));
            });
        }
    }
}
