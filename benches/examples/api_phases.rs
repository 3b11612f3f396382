//! Profiling helper: the JSON API's `score` (`api::score_json`) on the request
//! text of N generated records at a detail (none, summary, full, text), timed
//! REPS times (0: only the request is built, the baseline to subtract under
//! callgrind). Usage: api_phases [N | REQUEST.json] [DETAIL] [REPS] [packed]
//! (`packed`: `api::score_packed_json`, the wasm package's answer)
//! (a file holds a request's text, e.g. the one `benches/js/bench_score.mjs`
//! sends; the detail is then the request's own)
fn main() {
    let first = std::env::args().nth(1).unwrap_or_default();
    let detail = std::env::args().nth(2).unwrap_or_else(|| "full".into());
    let reps: usize = std::env::args().nth(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let (n, text) = match first.parse::<usize>() {
        Ok(n) => {
            let pop = meritkit::generate::population(&meritkit::generate::Options {
                count: n,
                seed: 1,
                ..Default::default()
            });
            (n, serde_json::json!({ "records": &pop, "detail": detail }).to_string())
        }
        Err(_) => {
            let text = std::fs::read_to_string(&first).unwrap_or_else(|e| panic!("{first}: {e}"));
            (text.matches("\"nip\"").count(), text)
        }
    };
    for _ in 0..reps {
        let t = std::time::Instant::now();
        let a = if std::env::args().nth(4).as_deref() == Some("packed") {
            meritkit::api::score_packed_json(&text)
        } else {
            meritkit::api::score_json(&text)
        };
        eprintln!("{n} records, detail {detail}: request {} B, answer {} B, {:?}", text.len(), a.len(), t.elapsed());
    }
}
