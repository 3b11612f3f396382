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
    let _ = csv_lines(&mut w, &policy.grid(), &out.results, &out.errors, &|row, o| {
        o.push_str(crate::privacy::origin_str(origins, row))
    });
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

/// Text of a number exactly as `f64`'s `Display` writes it (the shortest text
/// that reads back as the same number), into `buf`. Integers and numbers with
/// at most two decimals (scores, JPM: nearly every cell) are written from their
/// integer digits; any other number goes through the formatter.
fn number_text(x: f64, buf: &mut String) {
    buf.clear();
    // k / 100 is the double nearest to the decimal k/100 (one correctly rounded division of exact integers),
    // so when it equals x that decimal reads back as x; below 1e12 the doubles are far closer together than
    // 0.01, so no shorter decimal does, and trailing zeros are dropped as Display drops them.
    let k = (x * 100.0).round();
    if x != 0.0 && k.abs() < 1e14 && k / 100.0 == x {
        let k = k as i64; // (|k| < 1e14: exact)
        let (int, frac) = (k.unsigned_abs() / 100, k.unsigned_abs() % 100);
        if k < 0 {
            buf.push('-');
        }
        buf.push_str(itoa::Buffer::new().format(int));
        if frac != 0 {
            buf.push('.');
            buf.push(char::from(b'0' + (frac / 10) as u8));
            if frac % 10 != 0 {
                buf.push(char::from(b'0' + (frac % 10) as u8));
            }
        }
    } else {
        let _ = write!(buf, "{x}");
    }
}

/// Reused text of one result line's numbers (no allocation per line).
#[derive(Default)]
struct LineTexts {
    row: itoa::Buffer,
    box_: itoa::Buffer,
    potential_score: String,
    jpm: String,
    /// The row's place in the file (`line 7`).
    origin: String,
}

impl LineTexts {
    /// Puts row `row`'s place in the file (as `origin` writes it) in `self.origin`.
    fn place(&mut self, origin: &dyn Fn(usize, &mut String), row: usize) {
        self.origin.clear();
        origin(row, &mut self.origin);
    }
}

/// Writes one result line (every cell through [`crate::safe::csv_cell`]).
fn write_result<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    boxes: &BoxTexts,
    l: &ResultLine<'_>,
    texts: &mut LineTexts,
) -> csv::Result<()> {
    use meritkit::competency::{MappingCategory, SelectionCategory};
    let def = boxes.get(l.box_);
    let missing = match (l.box_, l.levels) {
        (None, (None, None)) => "performance|potential",
        (None, (None, Some(_))) => "performance",
        (None, (Some(_), None)) => "potential",
        _ => "",
    };
    let number = |x: Option<f64>, buf: &mut String| match x {
        Some(x) => number_text(x, buf),
        None => buf.clear(),
    };
    number(l.potential_score, &mut texts.potential_score);
    number(l.jpm, &mut texts.jpm);
    crate::safe::try_write_csv(
        w,
        [
            texts.row.format(l.row),
            l.nip,
            l.name.unwrap_or_default(),
            l.unit,
            l.kind.code(),
            if l.box_.is_some() { "placed" } else { "holding" },
            l.box_.map(|b| texts.box_.format(b)).unwrap_or_default(),
            l.levels.0.unwrap_or_default(),
            l.levels.1.unwrap_or_default(),
            &texts.potential_score,
            &texts.jpm,
            l.jpm.map(|j| SelectionCategory::of(j).code()).unwrap_or_default(),
            l.jpm.map(|j| MappingCategory::of(j).code()).unwrap_or_default(),
            l.latest.map(|p| p.code()).unwrap_or_default(),
            def.map(|d| d.0.as_str()).unwrap_or_default(),
            def.map(|d| d.1.as_str()).unwrap_or_default(),
            missing,
            "",
            "",
            "",
            &texts.origin,
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
    origin: &dyn Fn(usize, &mut String),
) -> csv::Result<()> {
    let boxes = BoxTexts::of(grid);
    let mut texts = LineTexts::default();
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
            texts.place(origin, r.row);
            write_result(w, &boxes, &line, &mut texts)?;
        } else {
            let Some(e) = errs.next() else { break };
            texts.place(origin, e.row);
            write_error_line(w, e, texts.origin.clone())?;
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
    origin: &dyn Fn(usize, &mut String),
) -> csv::Result<()> {
    use meritkit::columnar::{predikat_of_code, STATUS_ERROR};
    fn code(levels: &[meritkit::nine_box::LevelDef], i: u8) -> Option<&str> {
        usize::from(i).checked_sub(1).and_then(|i| levels.get(i)).map(|l| l.code.as_str())
    }
    let number = |x: f64| Some(x).filter(|x| !x.is_nan());
    let boxes = BoxTexts::of(grid);
    let mut texts = LineTexts::default();
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
            texts.place(origin, row);
            write_result(w, &boxes, &line, &mut texts)?;
        }
        while let Some(e) = errs.next_if(|e| e.row == row) {
            texts.place(origin, row);
            write_error_line(w, e, texts.origin.clone())?;
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

#[cfg(test)]
mod tests {
    use super::number_text;
    use proptest::prelude::*;

    fn same_as_display(x: f64) -> Result<(), TestCaseError> {
        let mut s = String::from("left over");
        number_text(x, &mut s);
        prop_assert_eq!(s, x.to_string(), "{:?}", x);
        Ok(())
    }

    #[test]
    fn edges_are_written_as_display_writes_them() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.01,
            0.001,
            0.005,
            72.93,
            72.9,
            f64::from_bits(72.9f64.to_bits() + 1),
            99.99,
            100.0,
            -72.93,
            1e11 + 0.25,
            1e12 - 0.01,
            1e12 + 0.01,
            1e14,
            1e15,
            1e16,
            1e21,
            1e-7,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2f64.powi(53),
            2f64.powi(53) + 2.0,
        ] {
            if let Err(e) = same_as_display(x) {
                panic!("{e}"); // (a test: the failing number is the message)
            }
        }
    }

    proptest! {
        #[test]
        fn any_double_is_written_as_display_writes_it(bits in any::<u64>()) {
            same_as_display(f64::from_bits(bits))?;
        }

        #[test]
        fn hundredths_are_written_as_display_writes_them(k in -10_000_000_000_000_000i64..10_000_000_000_000_000) {
            same_as_display(k as f64 / 100.0)?;
            same_as_display(k as f64 / 1000.0)?;
            same_as_display(k as f64)?;
        }

        #[test]
        fn scores_are_written_as_display_writes_them(k in 0i64..=100_000, d in 1u32..7) {
            same_as_display(k as f64 / 10f64.powi(d as i32))?;
        }
    }
}
