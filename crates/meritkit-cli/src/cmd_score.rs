//! `meritkit score`.

use crate::i18n::{pick, t};
use crate::output::{emit, json};
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::error::Error;
use meritkit::scoring::{score_rows, Context, ScoreOutput};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, short, help = t::HELP_SCORE_INPUT.both())]
    pub input: PathBuf,
    #[arg(long, short, default_value = "permenpanrb_3_2020", help = t::HELP_POLICY.both())]
    pub policy: String,
    #[arg(long, short, value_enum, default_value_t = Format::Table, help = t::HELP_FORMAT.both())]
    pub format: Format,
    #[arg(long, short, help = t::HELP_SCORE_OUTPUT.both())]
    pub output: Option<PathBuf>,
    #[arg(long, help = t::HELP_SCORE_DATE.both())]
    pub date: Option<String>,
}

/// Today's date (UTC), or the given one.
pub fn reference_date(s: Option<&str>) -> Result<jiff::civil::Date, Error> {
    match s {
        Some(s) => meritkit::api::parse_date(s),
        None => Ok(jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()),
    }
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let policy = crate::cmd_policy::load(&a.policy)?;
    let today = reference_date(a.date.as_deref())?;
    let rows = crate::input::read_rows(&a.input)?;
    let out = score_rows(&rows, &policy, &Context { today: Some(today) });
    let text = match a.format {
        Format::Json => json(&out),
        Format::Csv => csv_text(&out),
        Format::Table => table_text(&out, &policy, lang),
    };
    emit(&text, a.output.as_deref())?;
    if !out.errors.is_empty() && a.format != Format::Table {
        eprintln!("{}", t::ROW_ERRORS_SEE_ERRORS.fmt(lang, &[&out.summary.total.errors]));
    }
    Ok(if out.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}

/// One CSV line per input row: results and errors, in row order.
pub fn csv_text(out: &ScoreOutput) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "row", "nip", "name", "unit", "position_kind", "status", "box", "performance_level", "potential_level",
        "potential_score", "jpm", "jpm_selection", "jpm_mapping", "latest_predikat", "talent_pool", "follow_up",
        "missing", "error_code", "error_path", "error_message",
    ]);
    let mut lines: Vec<(usize, Vec<String>)> = Vec::new();
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for r in &out.results {
        lines.push((r.row, vec![
            r.row.to_string(),
            r.nip.clone(),
            r.name.clone().unwrap_or_default(),
            r.unit.clone(),
            r.position_kind.code().into(),
            match r.status { meritkit::scoring::Status::Placed => "placed".into(), meritkit::scoring::Status::Holding => "holding".into() },
            r.box_.map(|b| b.to_string()).unwrap_or_default(),
            r.performance_level.clone().unwrap_or_default(),
            r.potential_level.clone().unwrap_or_default(),
            f(r.potential_score),
            f(r.jpm),
            r.jpm_selection.map(|c| c.code().to_string()).unwrap_or_default(),
            r.jpm_mapping.map(|c| c.code().to_string()).unwrap_or_default(),
            r.latest_predikat.map(|c| c.code().to_string()).unwrap_or_default(),
            r.talent_pool.iter().map(|p| p.code()).collect::<Vec<_>>().join("|"),
            r.follow_up.join("; "),
            r.missing.join("|"),
            String::new(), String::new(), String::new(),
        ]));
    }
    for e in &out.errors {
        let mut v = vec![String::new(); 20];
        v[0] = e.row.to_string();
        v[1] = e.nip.clone().unwrap_or_default();
        v[5] = "error".into();
        v[17] = e.code.as_str().into();
        v[18] = e.path.clone();
        v[19] = e.message.en.clone();
        lines.push((e.row, v));
    }
    lines.sort_by_key(|(r, _)| *r);
    for (_, l) in lines {
        let _ = w.write_record(&l);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Human-readable listing: per-row placements, errors, then the grids.
pub fn table_text(out: &ScoreOutput, policy: &meritkit::Policy, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}: {} ({})", t::POLICY.get(lang), out.policy.name, &out.policy.fingerprint[..16]);
    let _ = writeln!(s, "{:<5} {:<19} {:<28} {:>4} {:<20} {:<9} {}", t::ROW.get(lang), t::R_NIP.get(lang),
        t::UNIT.get(lang), t::BOX.get(lang), t::PERFORMANCE.get(lang), t::POTENTIAL.get(lang), t::TALENT_POOL_SHORT.get(lang));
    for r in &out.results {
        let unit: String = r.unit.chars().take(28).collect();
        let _ = writeln!(s, "{:<5} {:<19} {:<28} {:>4} {:<20} {:<9} {}", r.row, r.nip, unit,
            r.box_.map(|b| b.to_string()).unwrap_or_else(|| "-".into()),
            r.performance_level.as_deref().unwrap_or("-"), r.potential_level.as_deref().unwrap_or("-"),
            r.talent_pool.iter().map(|p| p.code()).collect::<Vec<_>>().join("+"));
    }
    if !out.errors.is_empty() {
        let _ = writeln!(s, "\n{}:", t::ROWS_WITH_ERRORS.get(lang));
        for e in &out.errors {
            let _ = writeln!(s, "{}", t::ROW_ERROR_LINE.fmt(lang, &[&t::ROW.get(lang), &e.row, &e.code, &e.path, &pick(&e.message, lang)]));
        }
    }
    let grid = policy.grid();
    s.push('\n');
    for u in &out.summary.units {
        s.push_str(&crate::grid::render(&grid, u, u.unit.as_deref().unwrap_or(""), lang));
        s.push('\n');
    }
    s.push_str(&crate::grid::render(&grid, &out.summary.total, t::ALL_UNITS.get(lang), lang));
    s
}
