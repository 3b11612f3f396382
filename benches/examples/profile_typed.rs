//! Profiling helper: scores N generated employees once (typed path).
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let pop = meritkit::generate::population(&meritkit::generate::Options { count: n, seed: 1, ..Default::default() });
    let p = meritkit::policy::Policy::preset("permenpanrb_3_2020").unwrap_or_else(|e| panic!("{e}"));
    let t = std::time::Instant::now();
    let out = meritkit::scoring::score(&pop, &p, &meritkit::scoring::Context::default());
    eprintln!("{} results in {:?}", out.results.len(), t.elapsed());
}
