//! Profiling helper: the JSON API's `score` (`api::score_json`) on the request
//! text of N generated records at a detail (none, summary, full, text), timed
//! REPS times (0: only the request is built, the baseline to subtract under
//! callgrind). Usage: api_phases [N] [DETAIL] [REPS]
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let detail = std::env::args().nth(2).unwrap_or_else(|| "full".into());
    let reps: usize = std::env::args().nth(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let pop = meritkit::generate::population(&meritkit::generate::Options { count: n, seed: 1, ..Default::default() });
    let text = serde_json::json!({ "records": &pop, "detail": detail }).to_string();
    for _ in 0..reps {
        let t = std::time::Instant::now();
        let a = meritkit::api::score_json(&text);
        eprintln!("{n} records, detail {detail}: request {} B, answer {} B, {:?}", text.len(), a.len(), t.elapsed());
    }
}
