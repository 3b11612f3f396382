//! `meritkit score`.

use crate::i18n::t;
use crate::output::emit;
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::error::Error;
use meritkit::scoring::{score_rows_within, Context, Placement, ScoreOutput};
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
    let opts = crate::input::Options::default();
    // CSV and the table show no explanation: none is built for them.
    let detail = if a.format == Format::Json { a.detail.into() } else { meritkit::scoring::Detail::None };
    let ctx = Context { today: Some(today), detail };
    // A CSV file is read, scored and written in parts (the table shows grids of the whole: it is read whole).
    // (an answer written over its own input is made from the whole file, read before it is written)
    let over_input = a.output.as_deref().is_some_and(|o| crate::output::same_file(o, &a.input));
    if a.format != Format::Table && !over_input {
        if let Some(src) = crate::csv_stream::CsvStream::open(&a.input, &opts) {
            return run_stream(&a, lang, &policy, &ctx, src);
        }
    }
    let table = crate::input::read_table(&a.input, &opts, &|_, _| {})?;
    crate::output::print_warnings(&table.warnings, lang);
    let mut out = score_rows_within(&table.rows, &policy, &ctx, crate::bounds::max_error_rows())
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

/// `score` on a CSV file read in parts ([`crate::csv_stream`]): each part is
/// scored and written before the next is read. With population-relative
/// cut-offs the file is read twice: first to observe every row's scores,
/// then to score and write. The answer is the one of the whole-file path;
/// JSON names its entries in the order `policy`, `results`, `errors`,
/// `summary` (results are written as they are made; errors, at most
/// `--max-error-rows` of them, are held until the end).
fn run_stream(
    a: &Args,
    lang: Lang,
    policy: &meritkit::Policy,
    ctx: &Context,
    mut src: crate::csv_stream::CsvStream,
) -> Result<u8, Error> {
    use crate::csv_stream::each_part;
    use meritkit::scoring::{Stream, TooManyErrorRows};
    let mut scorer = Stream::new(policy, ctx, crate::bounds::max_error_rows());
    // (rows are numbered from the file's first; `origins` are those of the part that starts at row `first`)
    let refusal = |e: TooManyErrorRows, origins: &[String], first: usize| {
        crate::bounds::too_many_error_rows(TooManyErrorRows { row: e.row - first, ..e }, origins)
    };
    // A first pass reads the whole file (observing every row for relative cut-offs, else only checking it),
    // so a refused file is refused before anything is written; its warnings are printed once it is read.
    let two_passes = scorer.needs_population();
    let mut warnings = src.take_warnings();
    let checked = if two_passes {
        each_part(src, |part, w| {
            warnings.extend(w);
            scorer.observe(&part.rows);
            Ok(())
        })?
    } else {
        src.check_all()?
    };
    crate::output::print_warnings(&warnings, lang);
    let mut src = checked.reopen()?;
    let _ = src.take_warnings(); // (the header's: printed above)
    let io_failed = std::cell::Cell::new(None::<std::io::ErrorKind>);
    let io = |e: std::io::Error| {
        io_failed.set(Some(e.kind()));
        crate::output::write_error(e)
    };
    let mut sink = crate::output::Sink::open(a.output.as_deref())?;
    let mut errors: Vec<(meritkit::RowError, String)> = Vec::new();
    let mut first = 0usize;
    let mut error_rows = 0usize;
    // Each part scored and written while the next is read.
    let mut next = |part: crate::csv_stream::Part, w: Vec<meritkit::Problem>| {
        if !two_passes {
            crate::output::print_warnings(&w, lang); // (a first pass that observed every row printed them)
        }
        let at = first;
        first += part.rows.len();
        let (results, mut errs) = scorer.score(&part.rows).map_err(|e| refusal(e, &part.origins, at))?;
        crate::privacy::hide_error_nips(&mut errs);
        Ok((part.origins, at, results, errs))
    };
    let written = match a.format {
        Format::Csv => {
            let to_stdout = sink.is_stdout();
            let mut w = csv::Writer::from_writer(sink.writer());
            let r = crate::safe::try_write_csv(&mut w, CSV_COLUMNS).map_err(|e| io(csv_io(e))).and_then(|()| {
                each_part(src, |part, warnings| {
                    let (origins, at, results, errs) = next(part, warnings)?;
                    let origin = |row: usize| origins.get(row - at).cloned().unwrap_or_default();
                    csv_lines(&mut w, &results, &errs, &origin).map_err(|e| io(csv_io(e)))?;
                    error_rows += distinct_rows(&errs);
                    Ok(())
                })
            });
            let r = r.and_then(|again| checked.same_as(&again));
            // Refused while the answer was being written (too many error rows, a file that changed):
            // on stdout the lines written stay, so a last line says that the answer is refused.
            if let (Err(e), true, None) = (&r, to_stdout, io_failed.get()) {
                for p in e.problems() {
                    let v = error_cells(String::new(), None, "refused", p.code, &p.path, &p.message.en, String::new());
                    let _ = crate::safe::try_write_csv(&mut w, &v);
                }
                let _ = w.flush();
            }
            r.and_then(|()| w.flush().map_err(io))
        }
        _ => {
            let info = serde_json::to_value(meritkit::scoring::PolicyInfo::of(policy)).map_err(|e| io(e.into()))?;
            let mut j = crate::output::JsonAnswer::new(sink.writer());
            let mut buf = Vec::new();
            let r = (|| {
                j.entry("policy", &info).map_err(io)?;
                j.begin_array("results").map_err(io)?;
                let again = each_part(src, |part, warnings| {
                    let (origins, at, results, errs) = next(part, warnings)?;
                    for r in &results {
                        j.element_of(r, &mut buf).map_err(io)?;
                    }
                    for e in errs {
                        let o = origins.get(e.row - at).cloned().unwrap_or_default();
                        errors.push((e, o));
                    }
                    Ok(())
                })?;
                checked.same_as(&again)?;
                j.end_array().map_err(io)?;
                j.begin_array("errors").map_err(io)?;
                for (e, o) in &errors {
                    j.element(&crate::privacy::error_value_at(e, Some(o))).map_err(io)?;
                }
                j.end_array().map_err(io)
            })();
            let r = r.and_then(|()| {
                let summary = serde_json::to_value(scorer.finish()).map_err(|e| io(e.into()))?;
                j.entry("summary", &summary).map_err(io)?;
                j.finish().map_err(io)
            });
            error_rows += distinct_rows(errors.iter().map(|(e, _)| e));
            r
        }
    };
    match written {
        // (a closed stdout, a pipe into `head`, is not an error: as `emit`; the rows not written are not counted)
        Err(_) if sink.is_stdout() && io_failed.get() == Some(std::io::ErrorKind::BrokenPipe) => {}
        Err(e) => {
            sink.abandon();
            return Err(e);
        }
        Ok(()) => {}
    }
    sink.commit()?;
    if error_rows > 0 {
        eprintln!("{}", t::ROW_ERRORS_SEE_ERRORS.fmt(lang, &[&error_rows]));
    }
    Ok(if error_rows == 0 { 0 } else { EXIT_ROW_ERRORS })
}

/// The I/O error inside a CSV writer's error (its kind kept: a closed pipe stays `BrokenPipe`).
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// The number of rows among errors given in row order.
fn distinct_rows<'e>(errors: impl IntoIterator<Item = &'e meritkit::RowError>) -> usize {
    let mut last = None;
    errors.into_iter().filter(|e| last.replace(e.row) != Some(e.row)).count()
}

/// The CSV line of an error row (status `error`) or of a refusal (`refused`): the other columns empty.
fn error_cells(
    row: String,
    nip: Option<&str>,
    status: &str,
    code: meritkit::Code,
    path: &str,
    message: &str,
    origin: String,
) -> Vec<String> {
    let mut v = vec![String::new(); CSV_COLUMNS.len()];
    v[0] = row;
    v[1] = nip.unwrap_or_default().to_string();
    v[5] = status.into();
    v[17] = code.as_str().into();
    v[18] = path.into();
    v[19] = message.into();
    v[20] = origin;
    v
}

/// The columns of `score -f csv`.
const CSV_COLUMNS: [&str; 21] = [
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
];

/// One CSV line per input row: results and errors, in row order. Every cell
/// goes through [`crate::safe::csv_cell`]; `origin` is the row's place in the file.
pub fn csv_text(out: &ScoreOutput, origins: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::safe::write_csv(&mut w, CSV_COLUMNS);
    let _ = csv_lines(&mut w, &out.results, &out.errors, &|row| crate::privacy::origin(origins, row));
    crate::safe::csv_finish(w)
}

/// The lines of some rows' results and errors, merged in row order (a row's
/// result before its errors), each written as it is made.
fn csv_lines<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    results: &[Placement],
    errors: &[meritkit::RowError],
    origin: &dyn Fn(usize) -> String,
) -> csv::Result<()> {
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let (mut res, mut errs) = (results.iter().peekable(), errors.iter().peekable());
    loop {
        let take_result = match (res.peek(), errs.peek()) {
            (Some(r), Some(e)) => r.row <= e.row,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_result {
            let Some(r) = res.next() else { break };
            crate::safe::try_write_csv(
                w,
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
                    origin(r.row),
                ],
            )?;
        } else {
            let Some(e) = errs.next() else { break };
            let v = error_cells(
                e.row.to_string(),
                e.nip.as_deref(),
                "error",
                e.code,
                &e.path,
                &e.message.en,
                origin(e.row),
            );
            crate::safe::try_write_csv(w, &v)?;
        }
    }
    Ok(())
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
