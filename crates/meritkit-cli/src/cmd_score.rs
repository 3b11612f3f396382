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
    let policy = crate::sources::policy(&a.policy)?;
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
        Format::Csv => emit(&csv_text(&out, &policy, &table.origins), a.output.as_deref())?,
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
    // With fixed cut-offs, an answer going to a file this run creates is written in one pass: a refusal
    // found on the way removes the file, which leaves what refusing before writing would have left.
    let one_pass = !two_passes && a.output.as_deref().is_some_and(|o| std::fs::symlink_metadata(o).is_err());
    let (checked, src) = if one_pass {
        crate::output::print_warnings(&warnings, lang);
        (None, src)
    } else {
        let checked = if two_passes {
            // (the rows as read: the scoring kernel reads each one's scores column by column; a file with
            // too many error rows is refused here, before anything is written)
            crate::csv_stream::observe_all(src, &mut scorer, |w| warnings.extend(w))?
        } else {
            src.check_all()?
        };
        crate::output::print_warnings(&warnings, lang);
        let mut src = checked.reopen()?;
        let _ = src.take_warnings(); // (the header's: printed above)
        (Some(checked), src)
    };
    let same_as_checked = |again: &crate::csv_stream::CsvStream| checked.as_ref().map_or(Ok(()), |c| c.same_as(again));
    let io_failed = std::cell::Cell::new(None::<std::io::ErrorKind>);
    let io = |e: std::io::Error| {
        io_failed.set(Some(e.kind()));
        crate::output::write_error(e)
    };
    let mut sink = match (crate::output::Sink::open(a.output.as_deref()), &checked) {
        (Ok(sink), _) => sink,
        // (in one pass the file is not read yet: a refused file is named first, as the whole-file reader names it)
        (Err(e), None) => return Err(src.check_all().err().unwrap_or(e)),
        (Err(e), Some(_)) => return Err(e),
    };
    let mut errors: Vec<(meritkit::RowError, String)> = Vec::new();
    let mut first = 0usize;
    let mut error_rows = 0usize;
    let grid = policy.grid();
    let written = match a.format {
        Format::Csv => {
            let to_stdout = sink.is_stdout();
            let mut w = csv::Writer::from_writer(sink.writer());
            // The rows as read go to the scoring kernel column by column (meritkit::columnar): a row with
            // an anomaly alone is read as a record, and its answer is the one the records give.
            let src = src.rows_as_read();
            let r = crate::safe::try_write_csv(&mut w, CSV_COLUMNS).map_err(|e| io(csv_io(e))).and_then(|()| {
                each_part(src, |part, warnings| {
                    if !two_passes {
                        crate::output::print_warnings(&warnings, lang);
                    }
                    let read = part.read.ok_or_else(|| Error::internal("a part of the file came without its rows"))?;
                    let at = first;
                    first += read.rows.len();
                    let table = read.columns.table();
                    let mut fs = scorer.score_table(&table, &|i| read.record(i), &read.anomalous).map_err(|e| {
                        let origins: Vec<String> = (0..read.rows.len()).map(|i| read.origin(i)).collect();
                        refusal(e, &origins, at)
                    })?;
                    crate::privacy::hide_error_nips(&mut fs.errors);
                    let origin = |row: usize| read.origin(row - at);
                    flat_csv_lines(&mut w, &grid, &fs, at, &origin).map_err(|e| io(csv_io(e)))?;
                    error_rows += distinct_rows(&fs.errors);
                    // (the part's memory is freed on rayon's threads, not on this one, which scores and writes)
                    drop(fs);
                    drop(table);
                    rayon::spawn(move || drop(read));
                    Ok(())
                })
            });
            let r = r.and_then(|again| same_as_checked(&again));
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
                same_as_checked(&again)?;
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
pub fn csv_text(out: &ScoreOutput, policy: &meritkit::Policy, origins: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::safe::write_csv(&mut w, CSV_COLUMNS);
    let _ = csv_lines(&mut w, &policy.grid(), &out.results, &out.errors, &|row| crate::privacy::origin(origins, row));
    crate::safe::csv_finish(w)
}

/// One result line of `score -f csv`: what a placement and a row of the
/// kernel's columns both give. The status, the talent pools, the follow-up
/// and the missing axes follow from the box and the levels.
struct ResultLine<'r> {
    row: usize,
    nip: &'r str,
    name: Option<&'r str>,
    unit: &'r str,
    kind: meritkit::position::PositionKind,
    /// Kinerja and potensial level codes (`None`: the axis is missing).
    levels: (Option<&'r str>, Option<&'r str>),
    box_: Option<u16>,
    potential_score: Option<f64>,
    jpm: Option<f64>,
    latest: Option<meritkit::performance::Predikat>,
}

/// Writes one result line (every cell through [`crate::safe::csv_cell`]).
fn write_result<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    grid: &meritkit::nine_box::Grid,
    l: &ResultLine<'_>,
    origin: &str,
) -> csv::Result<()> {
    use meritkit::competency::{MappingCategory, SelectionCategory};
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let def = l.box_.and_then(|b| grid.box_def(b));
    let missing: Vec<&str> = [(l.levels.0, "performance"), (l.levels.1, "potential")]
        .into_iter()
        .filter(|(level, _)| l.box_.is_none() && level.is_none())
        .map(|(_, axis)| axis)
        .collect();
    crate::safe::try_write_csv(
        w,
        [
            l.row.to_string().as_str(),
            l.nip,
            l.name.unwrap_or_default(),
            l.unit,
            l.kind.code(),
            if l.box_.is_some() { "placed" } else { "holding" },
            &l.box_.map(|b| b.to_string()).unwrap_or_default(),
            l.levels.0.unwrap_or_default(),
            l.levels.1.unwrap_or_default(),
            &f(l.potential_score),
            &f(l.jpm),
            l.jpm.map(|j| SelectionCategory::of(j).code()).unwrap_or_default(),
            l.jpm.map(|j| MappingCategory::of(j).code()).unwrap_or_default(),
            l.latest.map(|p| p.code()).unwrap_or_default(),
            &def.map(|d| d.talent_pool.iter().map(|p| p.code()).collect::<Vec<_>>().join("|")).unwrap_or_default(),
            &def.map(|d| d.follow_up.join("; ")).unwrap_or_default(),
            &missing.join("|"),
            "",
            "",
            "",
            origin,
        ],
    )
}

/// Writes one error line.
fn write_error_line<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    e: &meritkit::RowError,
    origin: String,
) -> csv::Result<()> {
    let v = error_cells(e.row.to_string(), e.nip.as_deref(), "error", e.code, &e.path, &e.message.en, origin);
    crate::safe::try_write_csv(w, &v)
}

/// The lines of some rows' results and errors, merged in row order (a row's
/// result before its errors), each written as it is made.
fn csv_lines<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    grid: &meritkit::nine_box::Grid,
    results: &[Placement],
    errors: &[meritkit::RowError],
    origin: &dyn Fn(usize) -> String,
) -> csv::Result<()> {
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
            let line = ResultLine {
                row: r.row,
                nip: &r.nip,
                name: r.name.as_deref(),
                unit: &r.unit,
                kind: r.position_kind,
                levels: (r.performance_level.as_deref(), r.potential_level.as_deref()),
                box_: r.box_,
                potential_score: r.potential_score,
                jpm: r.jpm,
                latest: r.latest_predikat,
            };
            write_result(w, grid, &line, &origin(r.row))?;
        } else {
            let Some(e) = errs.next() else { break };
            write_error_line(w, e, origin(e.row))?;
        }
    }
    Ok(())
}

/// [`csv_lines`] for the kernel's columns of the rows numbered from `at`.
fn flat_csv_lines<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    grid: &meritkit::nine_box::Grid,
    fs: &meritkit::columnar::FlatScore<'_>,
    at: usize,
    origin: &dyn Fn(usize) -> String,
) -> csv::Result<()> {
    use meritkit::columnar::{predikat_of_code, STATUS_ERROR};
    fn code(levels: &[meritkit::nine_box::LevelDef], i: u8) -> Option<&str> {
        usize::from(i).checked_sub(1).and_then(|i| levels.get(i)).map(|l| l.code.as_str())
    }
    let number = |x: f64| Some(x).filter(|x| !x.is_nan());
    let mut errs = fs.errors.iter().peekable();
    for j in 0..fs.status.len() {
        let row = at + j;
        if fs.status[j] != STATUS_ERROR {
            let line = ResultLine {
                row,
                nip: fs.nip[j].as_deref().unwrap_or_default(),
                name: fs.name[j].as_deref(),
                unit: fs.unit[j].as_deref().unwrap_or_default(),
                kind: fs.position_kind[j].unwrap_or(meritkit::position::PositionKind::Pelaksana),
                levels: (
                    code(&grid.performance_levels, fs.performance_level[j]),
                    code(&grid.potential_levels, fs.potential_level[j]),
                ),
                box_: Some(fs.boxes[j]).filter(|&b| b > 0),
                potential_score: number(fs.potential_score[j]),
                jpm: number(fs.jpm[j]),
                latest: predikat_of_code(fs.latest_predikat[j]),
            };
            write_result(w, grid, &line, &origin(row))?;
        }
        while let Some(e) = errs.next_if(|e| e.row == row) {
            write_error_line(w, e, origin(row))?;
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
