//! `meritkit score`.

use crate::i18n::t;
use crate::output::emit;
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::error::Error;
use meritkit::scoring::{score_rows_within, Context, ScoreOutput};
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
    #[arg(long, value_enum, default_value_t = crate::Detail::Full, help = t::HELP_DETAIL.both())]
    pub detail: crate::Detail,
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
    let table = crate::input::read_table(&a.input, &crate::input::Options::default(), &|_, _| {})?;
    crate::output::print_warnings(&table.warnings, lang);
    // CSV and the table show no explanation: none is built for them.
    let detail = if a.format == Format::Json { a.detail.into() } else { meritkit::scoring::Detail::None };
    let mut out = score_rows_within(
        &table.rows,
        &policy,
        &Context { today: Some(today), detail },
        crate::bounds::max_error_rows(),
    )
    .map_err(|e| crate::bounds::too_many_error_rows(e, &table.origins))?;
    crate::privacy::hide_error_nips(&mut out.errors);
    // JSON is written row by row (an answer held whole as JSON took gigabytes for a million rows).
    let swap = |o: &mut ScoreOutput, back: Option<(Vec<_>, Vec<meritkit::RowError>)>| match back {
        None => Some((std::mem::take(&mut o.results), std::mem::take(&mut o.errors))),
        Some((r, e)) => {
            o.results = r;
            o.errors = e;
            None
        }
    };
    match a.format {
        Format::Json => {
            crate::privacy::write_json_with_origins(&mut out, "results", swap, &table.origins, a.output.as_deref())?
        }
        Format::Csv => emit(&csv_text(&out, &table.origins), a.output.as_deref())?,
        Format::Table => emit(&table_text(&out, &policy, lang, &table.origins), a.output.as_deref())?,
    }
    if !out.errors.is_empty() && a.format != Format::Table {
        eprintln!("{}", t::ROW_ERRORS_SEE_ERRORS.fmt(lang, &[&out.summary.total.errors]));
    }
    Ok(if out.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}

/// One CSV line per input row: results and errors, in row order. Every cell
/// goes through [`crate::safe::csv_cell`]; `origin` is the row's place in the file.
pub fn csv_text(out: &ScoreOutput, origins: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::safe::write_csv(
        &mut w,
        [
            "row",
            "nip",
            "name",
            "unit",
            "position_kind",
            "status",
            "box",
            "performance_level",
            "potential_level",
            "potential_score",
            "jpm",
            "jpm_selection",
            "jpm_mapping",
            "latest_predikat",
            "talent_pool",
            "follow_up",
            "missing",
            "error_code",
            "error_path",
            "error_message",
            "origin",
        ],
    );
    // Results and errors merged in row order (a row's result before its errors), each line written as it
    // is made: the lines of a million rows were held whole before.
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let (mut res, mut errs) = (out.results.iter().peekable(), out.errors.iter().peekable());
    loop {
        let take_result = match (res.peek(), errs.peek()) {
            (Some(r), Some(e)) => r.row <= e.row,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_result {
            let Some(r) = res.next() else { break };
            crate::safe::write_csv(
                &mut w,
                [
                    r.row.to_string(),
                    r.nip.clone(),
                    r.name.clone().unwrap_or_default(),
                    r.unit.clone(),
                    r.position_kind.code().into(),
                    match r.status {
                        meritkit::scoring::Status::Placed => "placed".into(),
                        meritkit::scoring::Status::Holding => "holding".into(),
                    },
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
                    String::new(),
                    String::new(),
                    String::new(),
                    crate::privacy::origin(origins, r.row),
                ],
            );
        } else {
            let Some(e) = errs.next() else { break };
            let mut v = vec![String::new(); 21];
            v[0] = e.row.to_string();
            v[1] = e.nip.clone().unwrap_or_default();
            v[5] = "error".into();
            v[17] = e.code.as_str().into();
            v[18] = e.path.clone();
            v[19] = e.message.en.clone();
            v[20] = crate::privacy::origin(origins, e.row);
            crate::safe::write_csv(&mut w, &v);
        }
    }
    crate::safe::csv_finish(w)
}

/// Human-readable listing: per-row placements, errors, then the grids.
/// Every text from the input is escaped by [`crate::safe::term`].
pub fn table_text(out: &ScoreOutput, policy: &meritkit::Policy, lang: Lang, origins: &[String]) -> String {
    use crate::safe::term;
    let mut s = String::new();
    let _ = writeln!(s, "{}: {} ({})", t::POLICY.get(lang), term(&out.policy.name), &out.policy.fingerprint[..16]);
    let _ = writeln!(
        s,
        "{:<5} {:<19} {:<28} {:>4} {:<20} {:<9} {}",
        t::ROW.get(lang),
        t::R_NIP.get(lang),
        t::UNIT.get(lang),
        t::BOX.get(lang),
        t::PERFORMANCE.get(lang),
        t::POTENTIAL.get(lang),
        t::TALENT_POOL_SHORT.get(lang)
    );
    for r in &out.results {
        let unit: String = term(&r.unit).chars().take(28).collect();
        let _ = writeln!(
            s,
            "{:<5} {:<19} {:<28} {:>4} {:<20} {:<9} {}",
            r.row,
            term(&r.nip),
            unit,
            r.box_.map(|b| b.to_string()).unwrap_or_else(|| "-".into()),
            term(r.performance_level.as_deref().unwrap_or("-")),
            term(r.potential_level.as_deref().unwrap_or("-")),
            r.talent_pool.iter().map(|p| p.code()).collect::<Vec<_>>().join("+")
        );
    }
    if !out.errors.is_empty() {
        let _ = writeln!(s, "\n{}:", t::ROWS_WITH_ERRORS.get(lang));
        s.push_str(&crate::privacy::row_error_lines(&out.errors, origins, lang));
    }
    let grid = policy.grid();
    s.push('\n');
    for u in &out.summary.units {
        s.push_str(&crate::grid::render(&grid, u, &term(u.unit.as_deref().unwrap_or("")), lang));
        s.push('\n');
    }
    s.push_str(&crate::grid::render(&grid, &out.summary.total, t::ALL_UNITS.get(lang), lang));
    crate::safe::term_lines(&s).into_owned()
}
