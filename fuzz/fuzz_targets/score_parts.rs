//! `meritkit score`'s CSV path (a file read in parts, its rows given to the
//! scoring kernel column by column, a row with an anomaly read as a record),
//! and the whole-file reader's records given to the kernel (`score_rows`),
//! against the record path alone (`Stream::score`) on those records: the first
//! byte picks the policy (fixed or percentile cut-offs) and the name (`.csv`
//! or `.tsv`) and whether placements are kept (`score -f json`: explained in
//! words), the second the block size, the rest is the file. Every row's
//! status, box, levels, scores and errors, and the summary, must be equal,
//! and so must the placements with their explanations.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit::columnar::FlatScore;
use meritkit::scoring::{score_rows, Context, Detail, ParsedRow, ScoreOutput, Stream};
use meritkit_cli::input::Options;

/// A row's answer, NaN read as "none" (so that equal answers compare equal).
fn rows(f: &FlatScore<'_>) -> Vec<String> {
    let num = |x: f64| if x.is_nan() { None } else { Some(x) };
    (0..f.status.len())
        .map(|i| {
            format!(
                "{} {:?} {:?} {:?} {:?} {} {} {} {:?} {:?} {:?} {} {} {} {:?} {:?}",
                f.status[i],
                f.nip[i],
                f.name[i],
                f.unit[i],
                f.position_kind[i],
                f.boxes[i],
                f.performance_level[i],
                f.potential_level[i],
                num(f.performance_score[i]),
                num(f.potential_score[i]),
                num(f.jpm[i]),
                f.latest_predikat[i],
                f.warnings[i],
                f.error_count[i],
                f.error_code[i],
                f.error_path[i],
            )
        })
        .collect()
}

/// The record path alone (`Stream::score`: every row prepared and placed from
/// its record, the kernel not involved): the reference answer.
fn record_path(rows: &[ParsedRow], policy: &meritkit::Policy, ctx: &Context) -> ScoreOutput {
    let mut s = Stream::new(policy, ctx, usize::MAX);
    if s.needs_population() {
        s.observe(rows).expect("no limit");
    }
    let (results, errors) = s.score(rows).expect("no limit");
    ScoreOutput { results, errors, summary: s.finish(), ..score_rows(&[], policy, ctx) }
}

fuzz_target!(|data: &[u8]| {
    let [sel, size, bytes @ ..] = data else { return };
    let name = if sel % 2 == 0 { "x.csv" } else { "x.tsv" };
    let preset = if sel & 2 == 0 { "permenpanrb_3_2020" } else { "percentile_unit" };
    let Ok(policy) = meritkit::Policy::preset(preset) else { return };
    let block = 8 * (1 + usize::from(*size));
    let dir = std::env::temp_dir().join(format!("meritkit-fuzz-score-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let opts = Options::default();
    let mut ctx = Context::placements(meritkit::api::parse_date("2026-12-01").ok());
    if sel & 4 != 0 {
        ctx.detail = Detail::Text;
    }
    let Some(parts) = meritkit_cli::score_csv_in_parts(&path, &opts, block, &policy, &ctx) else { return };
    let whole = meritkit_cli::read_table_from_bytes(name, bytes, &opts);
    match (parts, whole) {
        (Ok((kernel, placements)), Ok(t)) => {
            let out = record_path(&t.rows, &policy, &ctx);
            // (the same records through the kernel: `score_rows` feeds it typed records)
            assert_eq!(score_rows(&t.rows, &policy, &ctx), out, "records through the kernel differ");
            if ctx.detail != Detail::None {
                assert_eq!(placements, out.results, "placements differ");
            }
            let records = FlatScore::from_output(&t.rows, &out, &policy);
            assert_eq!(rows(&kernel), rows(&records), "rows differ");
            assert_eq!(kernel.errors, records.errors, "errors differ");
            assert_eq!(kernel.summary, records.summary, "summaries differ");
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!("one path refused: parts {:?}, whole {:?}", a.is_ok(), b.is_ok()),
    }
});
