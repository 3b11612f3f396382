//! Profiling helper: scores N generated employees once on the typed path:
//! `scoring::score` (every placement made) and `scoring::score_explained`
//! (explanations kept compactly, placements made on demand).
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let pop = meritkit::generate::population(&meritkit::generate::Options { count: n, seed: 1, ..Default::default() });
    let p = meritkit::policy::Policy::preset("permenpanrb_3_2020").unwrap_or_else(|e| panic!("{e}"));
    // (a third argument sets the detail: none, summary, full, text)
    let detail = match std::env::args().nth(3).as_deref() {
        Some("none") => meritkit::scoring::Detail::None,
        Some("summary") => meritkit::scoring::Detail::Summary,
        Some("text") => meritkit::scoring::Detail::Text,
        _ => meritkit::scoring::Detail::Full,
    };
    let ctx = meritkit::scoring::Context { detail, ..Default::default() };
    // (a second argument `explained` times score_explained alone)
    if std::env::args().nth(2).as_deref() != Some("explained") {
        let t = std::time::Instant::now();
        let out = meritkit::scoring::score(&pop, &p, &ctx);
        eprintln!("score: {} results in {:?}", out.results.len(), t.elapsed());
        drop(out);
    }
    // (a fourth argument repeats score_explained, for a profile of warm calls)
    let reps: usize = std::env::args().nth(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    for _ in 0..reps.max(1) {
        let t = std::time::Instant::now();
        let ex = meritkit::scoring::score_explained(&pop, &p, &ctx);
        eprintln!(
            "score_explained: {} placed, {} by the record path, in {:?}",
            ex.summary().total.placed,
            ex.answer().row_path_rows,
            t.elapsed()
        );
    }
}
