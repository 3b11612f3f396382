//! How a score answer is written for people and spreadsheets: the CSV columns
//! and lines (every cell neutralised), the error lines, and the text table.
//! Used by `score` and `demo`.

use crate::i18n::t;
use crate::Lang;
use meritkit::scoring::{Placement, ScoreOutput};
use std::fmt::Write;

/// The I/O error inside a CSV writer's error (its kind kept: a closed pipe stays `BrokenPipe`).
pub(crate) fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// The number of rows among errors given in row order.
pub(crate) fn distinct_rows<'e>(errors: impl IntoIterator<Item = &'e meritkit::RowError>) -> usize {
    let mut last = None;
    errors.into_iter().filter(|e| last.replace(e.row) != Some(e.row)).count()
}

/// The CSV line of an error row (status `error`) or of a refusal (`refused`): the other columns empty.
pub(crate) fn error_cells(
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
pub(crate) const CSV_COLUMNS: [&str; 21] = [
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
pub(crate) fn csv_text(out: &ScoreOutput, policy: &meritkit::Policy, origins: &[String]) -> String {
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

/// Each box's talent pools and follow-ups as the CSV writes them (joined once
/// per part, not once per line), indexed by box number.
struct BoxTexts(Vec<Option<(String, String)>>);

impl BoxTexts {
    fn of(grid: &meritkit::nine_box::Grid) -> Self {
        let n = grid.performance_count() * grid.potential_count();
        BoxTexts(
            (0..=n)
                .map(|b| {
                    let d = u16::try_from(b).ok().and_then(|b| grid.box_def(b))?;
                    let pools = d.talent_pool.iter().map(|p| p.code()).collect::<Vec<_>>().join("|");
                    Some((pools, d.follow_up.join("; ")))
                })
                .collect(),
        )
    }
    fn get(&self, b: Option<u16>) -> Option<&(String, String)> {
        self.0.get(usize::from(b?))?.as_ref()
    }
}

/// Writes one result line (every cell through [`crate::safe::csv_cell`]).
fn write_result<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    boxes: &BoxTexts,
    l: &ResultLine<'_>,
    origin: &str,
) -> csv::Result<()> {
    use meritkit::competency::{MappingCategory, SelectionCategory};
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let def = boxes.get(l.box_);
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
            def.map(|d| d.0.as_str()).unwrap_or_default(),
            def.map(|d| d.1.as_str()).unwrap_or_default(),
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
pub(crate) fn csv_lines<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    grid: &meritkit::nine_box::Grid,
    results: &[Placement],
    errors: &[meritkit::RowError],
    origin: &dyn Fn(usize) -> String,
) -> csv::Result<()> {
    let boxes = BoxTexts::of(grid);
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
            write_result(w, &boxes, &line, &origin(r.row))?;
        } else {
            let Some(e) = errs.next() else { break };
            write_error_line(w, e, origin(e.row))?;
        }
    }
    Ok(())
}

/// [`csv_lines`] for the kernel's columns of the rows numbered from `at`.
pub(crate) fn flat_csv_lines<W: std::io::Write>(
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
    let boxes = BoxTexts::of(grid);
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
            write_result(w, &boxes, &line, &origin(row))?;
        }
        while let Some(e) = errs.next_if(|e| e.row == row) {
            write_error_line(w, e, origin(row))?;
        }
    }
    Ok(())
}

/// Human-readable listing: per-row placements, errors, then the grids.
/// Every text from the input is escaped by [`crate::safe::term`].
pub(crate) fn table_text(out: &ScoreOutput, policy: &meritkit::Policy, lang: Lang, origins: &[String]) -> String {
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
