//! `meritkit score`.

use crate::i18n::t;
use crate::output::emit;
use crate::score_output::{csv_io, csv_text, distinct_rows, error_cells, flat_csv_lines, table_text, CSV_COLUMNS};
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::error::Error;
use meritkit::scoring::{score_rows_within, Context, ScoreOutput};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, short, help = t::HELP_SCORE_INPUT.both())]
    pub input: PathBuf,
    #[arg(long, help = t::HELP_SHEET.both())]
    pub sheet: Option<String>,
    #[arg(long, short, default_value = "permenpanrb_3_2020", help = t::HELP_POLICY.both())]
    pub policy: String,
    #[arg(long, short, value_enum, default_value_t = Format::Table, help = t::HELP_FORMAT.both())]
    pub format: Format,
    #[arg(long, short, help = t::HELP_SCORE_OUTPUT.both())]
    pub output: Option<PathBuf>,
    #[arg(long, help = t::HELP_SCORE_DATE.both())]
    pub date: Option<String>,
    // (`full` when not given)
    #[arg(long, value_enum, help = t::HELP_DETAIL.both())]
    pub detail: Option<crate::Detail>,
    /// The period the placements are for (e.g. 2026), written with the reference date as `as_of` in JSON / periode penempatan.
    #[arg(long)]
    pub period: Option<String>,
}

/// The answer's `as_of` entry (the reference date and the period), as JSON.
fn as_of_value(a: &Args, ctx: &Context) -> Result<Option<serde_json::Value>, Error> {
    meritkit::scoring::AsOf::of(ctx.today, a.period.as_deref())
        .map(|x| serde_json::to_value(x).map_err(Error::internal))
        .transpose()
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
    if let Some(p) = &a.period {
        let ps = meritkit::scoring::AsOf::check_period(p, "--period", true);
        if !ps.is_empty() {
            return Err(Error::Request(ps));
        }
    }
    let opts = crate::input::Options { sheet: a.sheet.clone(), ..Default::default() };
    // CSV and the table show no explanation: none is built for them (and a `--detail` given for them is said to do nothing).
    if a.detail.is_some() && a.format != Format::Json {
        eprintln!("{}", t::DETAIL_JSON_ONLY.get(lang));
    }
    let detail = match a.format {
        Format::Json => a.detail.unwrap_or(crate::Detail::Full).into(),
        _ => meritkit::scoring::Detail::None,
    };
    let ctx = Context { today: Some(today), detail };
    // A CSV file is read, scored and written in parts (the table shows grids of the whole: it is read whole).
    // (an answer written over its own input is made from the whole file, read before it is written)
    // (stdout too: `score -i f.json >> f.json` appends the answer to the file being read)
    let over_input = match a.output.as_deref() {
        Some(o) => crate::output::same_file(o, &a.input),
        None => crate::output::same_file(std::path::Path::new("/dev/stdout"), &a.input),
    };
    if a.format != Format::Table && !over_input {
        if let Some(src) = crate::csv_stream::CsvStream::open(&a.input, &opts) {
            return run_stream(&a, lang, &policy, &ctx, src);
        }
        // (a file the array stream leaves to the whole-file reader is read below: it names the refusal)
        if let Some(src) = crate::json_stream::JsonArray::open(&a.input, &opts) {
            if let Some(code) = run_json_stream(&a, lang, &policy, &ctx, src)? {
                return Ok(code);
            }
        }
    }
    let table = crate::input::read_table(&a.input, &opts, &|_, _| {})?;
    crate::output::print_warnings(&table.warnings, lang);
    let mut out = score_rows_within(&table.rows, &policy, &ctx, crate::bounds::max_error_rows())
        .map_err(|e| crate::bounds::too_many_error_rows(e, &table.origins))?;
    crate::privacy::hide_error_nips(&mut out.errors);
    out.as_of = meritkit::scoring::AsOf::of(ctx.today, a.period.as_deref());
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

/// `score` on a JSON array of records read in parts ([`crate::json_stream`]),
/// each part's records scored by the columnar kernel
/// ([`meritkit::scoring::Stream::score_records`]: a record with an anomaly by
/// the record path) and written as it is scored, a placement made from what
/// the kernel kept of its row when it is written. With relative cut-offs, or an answer going to stdout or to a file
/// that exists, a first pass reads the whole file (observing every row for
/// relative cut-offs) before anything is written; with fixed cut-offs and an
/// answer going to a file this run creates, one pass, the file removed if the
/// input is refused on the way. A file the stream leaves to the whole-file
/// reader, or refused (`Ok(None)`), is read whole by the caller, whose reader
/// names the refusal. The answer is the one of the whole-file path (JSON
/// entries in the order `policy`, `results`, `errors`, `summary`).
fn run_json_stream(
    a: &Args,
    lang: Lang,
    policy: &meritkit::Policy,
    ctx: &Context,
    src: crate::json_stream::JsonArray,
) -> Result<Option<u8>, Error> {
    use crate::json_stream::{each_part, Stop};
    use meritkit::scoring::{Stream, TooManyErrorRows};
    let mut scorer = Stream::new(policy, ctx, crate::bounds::max_error_rows());
    if a.format == Format::Json {
        scorer.keep_placements();
    }
    let refusal = |e: TooManyErrorRows, origins: &[String], first: usize| {
        crate::bounds::too_many_error_rows(TooManyErrorRows { row: e.row - first, ..e }, origins)
    };
    let two_passes = scorer.needs_population();
    let one_pass = !two_passes && a.output.as_deref().is_some_and(|o| std::fs::symlink_metadata(o).is_err());
    // (a failure to write found in one pass: a file the whole-file reader refuses is named first, as it names it)
    let again = src.again();
    let input_refused = move || again().is_some_and(|c| !c.reads_to_end());
    let mut first_pass = None;
    let src = if one_pass {
        src
    } else {
        // (every row observed: the rows with errors counted as the answer will count them, so that a file
        // with too many of them is refused before anything is written)
        let mut at = 0usize;
        let read = each_part(src, |part| {
            scorer.observe_records(&part.rows).map_err(|e| refusal(e, &part.origins, at))?;
            at += part.rows.len();
            Ok(())
        });
        match read.map(|s| (s.seen(), s.reopen())) {
            Ok((seen, Ok(again))) => {
                first_pass = Some(seen);
                again
            }
            Ok((_, Err(_))) | Err(Stop::Refused) => return Ok(None),
            Err(Stop::Failed(e)) => return Err(e),
        }
    };
    let io_failed = std::cell::Cell::new(None::<std::io::ErrorKind>);
    let io = |e: std::io::Error| {
        io_failed.set(Some(e.kind()));
        crate::output::write_error(e)
    };
    let observed = scorer.observed_error_rows();
    let mut sink = match crate::output::Sink::open(a.output.as_deref()) {
        Ok(sink) => sink,
        Err(_) if one_pass && input_refused() => return Ok(None),
        Err(e) => return Err(e),
    };
    // (a part's answer, the NIPs of its errors hidden, its rows numbered from `at`)
    let mut at = 0usize;
    fn scored<'r>(
        scorer: &mut Stream<'_>,
        part: &'r crate::json_stream::JsonPart,
        at: &mut usize,
        refusal: &impl Fn(TooManyErrorRows, &[String], usize) -> Error,
    ) -> Result<(usize, meritkit::columnar::FlatScore<'r>), Error> {
        let first = *at;
        *at += part.rows.len();
        // (the answer borrows the records' texts while the part is written)
        let mut fs = scorer.score_records(&part.rows).map_err(|e| refusal(e, &part.origins, first))?;
        crate::privacy::hide_error_nips(&mut fs.errors);
        Ok((first, fs))
    }
    // (the second pass read what the first read, and the file did not change while it was read: else the
    // answer could mix two files)
    let ended = |r: Result<crate::json_stream::JsonArray, Stop>| match r {
        Ok(again) => {
            let now = again.seen();
            let same = first_pass.is_none_or(|seen| (seen.0, seen.1) == (now.0, now.1));
            if same && now.2 {
                Ok(())
            } else {
                Err(crate::csv_stream::changed())
            }
        }
        Err(Stop::Refused) => Err(crate::csv_stream::changed()),
        Err(Stop::Failed(e)) => Err(e),
    };
    let mut error_rows = 0usize;
    let written = match a.format {
        Format::Csv => {
            let grid = policy.grid();
            let mut w = csv::Writer::from_writer(sink.writer());
            let r = crate::safe::try_write_csv(&mut w, CSV_COLUMNS).map_err(|e| io(csv_io(e))).and_then(|()| {
                each_part(src, |part| {
                    let (first, fs) = scored(&mut scorer, &part, &mut at, &refusal)?;
                    let origin =
                        |row: usize, o: &mut String| o.push_str(crate::privacy::origin_str(&part.origins, row - first));
                    flat_csv_lines(&mut w, &grid, &fs, first, &origin).map_err(|e| io(csv_io(e)))?;
                    error_rows += distinct_rows(&fs.errors);
                    Ok(())
                })
                .map_or_else(|e| ended(Err(e)), |s| ended(Ok(s)))
            });
            r.and_then(|_| w.flush().map_err(io))
        }
        _ => {
            let info = serde_json::to_value(meritkit::scoring::PolicyInfo::of(policy)).map_err(|e| io(e.into()))?;
            let as_of = as_of_value(a, ctx)?;
            let mut j = crate::output::JsonAnswer::new(sink.writer());
            let mut buf = Vec::new();
            let mut errors: Vec<(meritkit::RowError, String)> = Vec::new();
            let r = (|| {
                j.entry("policy", &info).map_err(io)?;
                if let Some(x) = &as_of {
                    j.entry("as_of", x).map_err(io)?;
                }
                j.begin_array("results").map_err(io)?;
                each_part(src, |part| {
                    let (first, mut fs) = scored(&mut scorer, &part, &mut at, &refusal)?;
                    for row in 0..fs.status.len() {
                        if let Some(p) = scorer.placement(&fs, row, first) {
                            j.element_of(&p, &mut buf).map_err(io)?;
                        }
                    }
                    for e in std::mem::take(&mut fs.errors) {
                        let o = part.origins.get(e.row - first).cloned().unwrap_or_default();
                        errors.push((e, o));
                    }
                    Ok(())
                })
                .map_or_else(|e| ended(Err(e)), |s| ended(Ok(s)))?;
                j.end_array().map_err(io)?;
                j.begin_array("errors").map_err(io)?;
                for (e, o) in &errors {
                    j.element(&crate::privacy::error_value_at(e, Some(o))).map_err(io)?;
                }
                j.end_array().map_err(io)
            })();
            error_rows += distinct_rows(errors.iter().map(|(e, _)| e));
            r.and_then(|()| {
                let summary = serde_json::to_value(scorer.finish()).map_err(|e| io(e.into()))?;
                j.entry("summary", &summary).map_err(io)?;
                j.finish().map_err(io)
            })
        }
    };
    // (in one pass, a refusal of the input found on the way, or a failure to write with an input the whole-file
    // reader refuses: the file is read whole, which names it)
    let io_failed = match io_failed.get() {
        Some(_) if one_pass && written.is_err() && input_refused() => None,
        failed => failed,
    };
    end_streamed(written, sink, io_failed, one_pass, error_rows.max(observed), lang)
}

/// Scores one part of a CSV file's rows as read on the kernel
/// ([`meritkit::scoring::Stream::score_table`]; a row with an anomaly read as
/// a record) and hands its answer, the NIPs of its errors hidden, to `write`
/// with the number of its first row (`first`, moved past the part). The
/// part's memory is freed on rayon's threads, not on this one, which scores
/// and writes.
fn score_part_as_read(
    scorer: &mut meritkit::scoring::Stream<'_>,
    part: crate::csv_stream::Part,
    first: &mut usize,
    refusal: &impl Fn(meritkit::scoring::TooManyErrorRows, &[String], usize) -> Error,
    write: impl FnOnce(
        &meritkit::scoring::Stream<'_>,
        &crate::csv_stream::AsRead,
        usize,
        &mut meritkit::columnar::FlatScore<'_>,
    ) -> Result<(), Error>,
) -> Result<(), Error> {
    let read = part.read.ok_or_else(|| Error::internal("a part of the file came without its rows"))?;
    let at = *first;
    *first += read.rows.len();
    let table = read.columns.table();
    let mut fs = scorer.score_table(&table, &|i| read.record(i), &read.anomalous).map_err(|e| {
        let origins: Vec<String> = (0..read.rows.len()).map(|i| read.origin(i)).collect();
        refusal(e, &origins, at)
    })?;
    crate::privacy::hide_error_nips(&mut fs.errors);
    write(scorer, &read, at, &mut fs)?;
    drop(fs);
    drop(table);
    rayon::spawn(move || drop(read));
    Ok(())
}

/// How a streamed answer ends: committed (exit 0, or 3 with the count of
/// rows with errors on stderr), or cut short by a closed stdout (not an
/// error: as `emit`), or abandoned (a file this run created removed): the
/// error, or `None` when `fallback` leaves a refused input to the whole-file
/// reader (a refusal of the input, not a failure to write).
fn end_streamed(
    written: Result<(), Error>,
    sink: crate::output::Sink,
    io_failed: Option<std::io::ErrorKind>,
    fallback: bool,
    error_rows: usize,
    lang: Lang,
) -> Result<Option<u8>, Error> {
    match written {
        Err(_) if sink.is_stdout() && io_failed == Some(std::io::ErrorKind::BrokenPipe) => {}
        Err(_) if fallback && io_failed.is_none() => {
            sink.abandon();
            return Ok(None);
        }
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
    Ok(Some(if error_rows == 0 { 0 } else { EXIT_ROW_ERRORS }))
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
    if a.format == Format::Json {
        scorer.keep_placements();
    }
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
        // (the rows as read: the scoring kernel reads each one's scores column by column, and counts the rows
        // with errors as the answer will: a file with too many of them is refused here, before anything is
        // written, with fixed cut-offs too)
        let checked = crate::csv_stream::observe_all(src, &mut scorer, |w| warnings.extend(w))?;
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
    // (what a first pass counted: the exit code of an answer cut short by a closed pipe)
    let observed = scorer.observed_error_rows();
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
                    score_part_as_read(&mut scorer, part, &mut first, &refusal, |_, read, at, fs| {
                        let origin = |row: usize, o: &mut String| read.origin_into(row - at, o);
                        flat_csv_lines(&mut w, &grid, fs, at, &origin).map_err(|e| io(csv_io(e)))?;
                        error_rows += distinct_rows(&fs.errors);
                        Ok(())
                    })
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
            // Each part scored by the kernel (as CSV) and written while the next is read: a placed row's
            // explanation is made from what the kernel kept of it, when it is written (Stream::placement).
            let info = serde_json::to_value(meritkit::scoring::PolicyInfo::of(policy)).map_err(|e| io(e.into()))?;
            let as_of = as_of_value(a, ctx)?;
            let mut j = crate::output::JsonAnswer::new(sink.writer());
            let mut buf = Vec::new();
            let src = src.rows_as_read();
            let r = (|| {
                j.entry("policy", &info).map_err(io)?;
                if let Some(x) = &as_of {
                    j.entry("as_of", x).map_err(io)?;
                }
                j.begin_array("results").map_err(io)?;
                let again = each_part(src, |part, warnings| {
                    if !two_passes {
                        crate::output::print_warnings(&warnings, lang); // (a first pass that observed every row printed them)
                    }
                    score_part_as_read(&mut scorer, part, &mut first, &refusal, |scorer, read, at, fs| {
                        for row in 0..fs.status.len() {
                            if let Some(p) = scorer.placement(fs, row, at) {
                                j.element_of(&p, &mut buf).map_err(io)?;
                            }
                        }
                        for e in std::mem::take(&mut fs.errors) {
                            let o = read.origin(e.row - at);
                            errors.push((e, o));
                        }
                        Ok(())
                    })
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
    // (cut short by a closed stdout: the rows with errors the first pass counted, if it ran, or those written)
    let code = end_streamed(written, sink, io_failed.get(), false, error_rows.max(observed), lang)?;
    Ok(code.unwrap_or(EXIT_ROW_ERRORS))
}
