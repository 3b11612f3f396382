//! `meritkit raters`: ratings of several raters from a CSV file (columns `target`, `rater`, `score`
//! and optionally `team`) through the core's [`meritkit::raters::analyse`]: within-rater z, agreement
//! (ICC, Krippendorff's alpha), lenient and severe raters, outlying ratings. Every data line of the
//! file becomes one rating or an error naming its line; nothing is skipped silently (an empty
//! `score` cell is a missing rating, reported as such).

use crate::i18n::pick;
use crate::output::{emit, problem};
use crate::safe::term;
use crate::Lang;
use meritkit::error::{Code, Error, Problem};
use meritkit::raters::{
    analyse, Analysis, Flag, NoZ, Rating, Request, Rescale, Scale, StandardiseBy, DEFAULT_MIN_RATINGS, MAX_RATINGS,
};
use std::fmt::Write;
use std::path::PathBuf;

/// Most problems one refused file lists.
const MAX_PROBLEMS: usize = 100;

/// Output format of `raters`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RatersFormat {
    /// Agreement, raters and ratings as text tables.
    Table,
    /// The whole answer as one JSON object.
    Json,
}

/// Level of measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleArg {
    /// Categories.
    Nominal,
    /// Ordered categories.
    Ordinal,
    /// Equal intervals.
    Interval,
}

/// Standardisation groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    /// Each rater.
    Rater,
    /// Each team (`team` column).
    Team,
}

#[derive(clap::Args)]
pub struct Args {
    /// CSV file with the columns target, rater, score and optionally team (Indonesian headers dinilai,
    /// penilai, nilai/skor, tim also accepted) / berkas CSV dengan kolom target, rater, score dan
    /// opsional team (judul dinilai, penilai, nilai/skor, tim juga diterima).
    #[arg(long, short)]
    pub input: PathBuf,
    /// Level of measurement of the scores / tingkat pengukuran skor.
    #[arg(long, value_enum, default_value_t = ScaleArg::Interval)]
    pub scale: ScaleArg,
    /// Fewest ratings a rater (or team) needs to be standardised / jumlah penilaian minimum agar
    /// penilai (atau tim) distandardisasi.
    #[arg(long, default_value_t = DEFAULT_MIN_RATINGS)]
    pub min_ratings: usize,
    /// Standardise within each rater or each team (default: team when the file has a team column) /
    /// standardisasi per penilai atau per tim (bawaan: tim bila berkas memiliki kolom tim).
    #[arg(long, value_enum)]
    pub standardise_by: Option<ByArg>,
    /// Rescale z to this mean (with --rescale-sd), e.g. 50 / skala ulang z ke rerata ini (bersama --rescale-sd).
    #[arg(long, requires = "rescale_sd", allow_negative_numbers = true)]
    pub rescale_mean: Option<f64>,
    /// Rescale z to this SD (with --rescale-mean), e.g. 10 / skala ulang z ke simpangan baku ini.
    #[arg(long, requires = "rescale_mean")]
    pub rescale_sd: Option<f64>,
    /// |z| beyond which a rater is flagged lenient or severe (default 1.96) / batas |z| penilai longgar atau ketat.
    #[arg(long)]
    pub leniency_z: Option<f64>,
    /// |z| beyond which a rating is an outlier (default 3) / batas |z| penilaian pencilan.
    #[arg(long)]
    pub outlier_z: Option<f64>,
    /// Output format / format keluaran.
    #[arg(long, short, value_enum, default_value_t = RatersFormat::Table)]
    pub format: RatersFormat,
    /// Output file (stdout when absent) / berkas keluaran (stdout bila kosong).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    if let Some(out) = a.output.as_deref() {
        if crate::output::same_file(out, &a.input) {
            return Err(Error::Request(vec![problem(
                Code::OutputOverwritesInput,
                "output",
                crate::i18n::t::OUT_SAME_FILE,
                &[&"--output", &"--input"],
            )]));
        }
    }
    let bytes = crate::input::read_data_bytes(&a.input)?;
    let text = crate::input::decode_utf8_ref(&bytes)?;
    let (ratings, lines) = read_ratings(text)?;
    let req = Request {
        ratings,
        scale: match a.scale {
            ScaleArg::Nominal => Scale::Nominal,
            ScaleArg::Ordinal => Scale::Ordinal,
            ScaleArg::Interval => Scale::Interval,
        },
        min_ratings_per_rater: Some(a.min_ratings),
        rescale: a.rescale_mean.zip(a.rescale_sd).map(|(mean, sd)| Rescale { mean, sd }),
        standardise_by: a.standardise_by.map(|b| match b {
            ByArg::Rater => StandardiseBy::Rater,
            ByArg::Team => StandardiseBy::Team,
        }),
        leniency_z: a.leniency_z,
        outlier_z: a.outlier_z,
    };
    // The core locates problems as ratings[i]: name the file's line as well.
    let out = analyse(&req).map_err(|e| with_lines(e, &lines))?;
    match a.format {
        RatersFormat::Json => emit(&crate::output::json(&out), a.output.as_deref())?,
        RatersFormat::Table => emit(&table(&out, &req, &lines, lang), a.output.as_deref())?,
    }
    Ok(0)
}

/// `ratings[i]...` paths of the core turned into `line N (ratings[i]...)`.
fn with_lines(e: Error, lines: &[u64]) -> Error {
    let fix = |ps: Vec<Problem>| -> Vec<Problem> {
        ps.into_iter()
            .map(|mut p| {
                let idx = p
                    .path
                    .strip_prefix("ratings[")
                    .and_then(|s| s.split(']').next())
                    .and_then(|s| s.parse::<usize>().ok());
                if let Some(line) = idx.and_then(|i| lines.get(i)) {
                    p.path = format!("line {line} ({})", p.path);
                }
                p
            })
            .collect()
    };
    match e {
        Error::Request(ps) => Error::Request(fix(ps)),
        Error::Input(ps) => Error::Input(fix(ps)),
        other => other,
    }
}

fn line_problem(code: Code, line: u64, en: &str, id: &str) -> Problem {
    Problem::new(code, format!("line {line}"), format!("line {line}: {en}"), format!("baris {line}: {id}"))
}

/// The columns of the file.
#[derive(Default)]
struct Columns {
    target: Option<usize>,
    rater: Option<usize>,
    score: Option<usize>,
    team: Option<usize>,
}

/// The field delimiter: `;` or tab when the header has one of them and no comma, else `,`.
fn delimiter(text: &str) -> u8 {
    let head = text.lines().next().unwrap_or("");
    if head.contains(',') {
        b','
    } else if head.contains(';') {
        b';'
    } else if head.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// A score cell: empty is missing; `3.5` or `3,5` (decimal comma) is a number.
fn parse_score(s: &str) -> Result<Option<f64>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let fixed;
    let s = if s.contains(',') && !s.contains('.') && s.matches(',').count() == 1 {
        fixed = s.replace(',', ".");
        fixed.as_str()
    } else {
        s
    };
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(()),
    }
}

/// Ratings from CSV text, with the line of each; every bad line is an error naming it.
pub fn read_ratings(text: &str) -> Result<(Vec<Rating>, Vec<u64>), Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: &csv::Error| {
        let line = e.position().map_or(0, csv::Position::line);
        Error::Input(vec![line_problem(Code::InvalidInput, line, "unreadable CSV", "CSV tidak dapat dibaca")])
    };
    let headers = rdr.headers().map_err(|e| csv_error(&e))?.clone();
    let mut cols = Columns::default();
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let key = h.trim().to_lowercase();
        let slot = match key.as_str() {
            "target" | "dinilai" => &mut cols.target,
            "rater" | "penilai" => &mut cols.rater,
            "score" | "skor" | "nilai" => &mut cols.score,
            "team" | "tim" => &mut cols.team,
            _ => {
                problems.push(Problem::new(
                    Code::UnknownColumn,
                    format!("columns[{i}]"),
                    format!("column {} is not one of target, rater, score, team", i + 1),
                    format!("kolom {} bukan salah satu dari target, rater, score, team", i + 1),
                ));
                continue;
            }
        };
        if slot.is_some() {
            problems.push(Problem::new(
                Code::DuplicateColumn,
                format!("columns[{i}]"),
                format!("column {} repeats a column given before", i + 1),
                format!("kolom {} mengulang kolom yang sudah ada", i + 1),
            ));
        }
        *slot = Some(i);
    }
    for (name, c) in [("target", cols.target), ("rater", cols.rater), ("score", cols.score)] {
        if c.is_none() {
            problems.push(Problem::new(
                Code::MissingField,
                "columns",
                format!("the header has no `{name}` column"),
                format!("judul tidak memiliki kolom `{name}`"),
            ));
        }
    }
    let (Some(ct), Some(cr), Some(cs)) = (cols.target, cols.rater, cols.score) else {
        return Err(Error::Input(problems));
    };
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let width = headers.len();
    let mut ratings = Vec::new();
    let mut lines = Vec::new();
    for rec in rdr.records() {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let rec = rec.map_err(|e| csv_error(&e))?;
        let line = rec.position().map_or(0, csv::Position::line);
        if ratings.len() >= MAX_RATINGS {
            return Err(Error::Input(vec![line_problem(
                Code::LimitExceeded,
                line,
                &format!("more than {MAX_RATINGS} ratings"),
                &format!("lebih dari {MAX_RATINGS} penilaian"),
            )]));
        }
        if rec.len() != width {
            problems.push(line_problem(
                Code::InvalidInput,
                line,
                &format!("{} cells where the header has {width}", rec.len()),
                &format!("{} sel sedangkan judul {width}", rec.len()),
            ));
            continue;
        }
        let cell = |i: usize| rec.get(i).unwrap_or("").trim();
        let mut bad = false;
        for (name, i) in [("target", ct), ("rater", cr)] {
            if cell(i).is_empty() {
                problems.push(line_problem(
                    Code::MissingField,
                    line,
                    &format!("empty `{name}` cell"),
                    &format!("sel `{name}` kosong"),
                ));
                bad = true;
            }
        }
        let score = match parse_score(cell(cs)) {
            Ok(s) => s,
            Err(()) => {
                problems.push(line_problem(
                    Code::InvalidValue,
                    line,
                    "the `score` cell is not a number",
                    "sel `score` bukan angka",
                ));
                bad = true;
                None
            }
        };
        if bad {
            continue;
        }
        let team = cols.team.map(cell).filter(|s| !s.is_empty()).map(str::to_string);
        ratings.push(Rating { target: cell(ct).to_string(), rater: cell(cr).to_string(), score, team });
        lines.push(line);
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    Ok((ratings, lines))
}

fn f(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.digits$}"))
}

/// Agreement, raters, ratings and warnings as text.
fn table(out: &Analysis, req: &Request, lines: &[u64], lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let a = &out.agreement;
    let _ = writeln!(
        s,
        "{}: {} {}, {} {}, {}",
        if en { "Agreement" } else { "Kesepakatan" },
        a.targets,
        if en { "targets" } else { "target" },
        a.raters,
        if en { "raters" } else { "penilai" },
        match (a.complete, en) {
            (true, true) => "complete design",
            (true, false) => "desain lengkap",
            (false, true) => "incomplete design",
            (false, false) => "desain tidak lengkap",
        }
    );
    if let Some(icc) = &a.icc {
        s.push_str("\ntype   label          ICC         F   df1      df2          p  CI 95 %\n");
        for r in icc {
            let ci = r.ci95.map_or_else(|| "-".into(), |[l, u]| format!("[{l:.3}, {u:.3}]"));
            let _ = writeln!(
                s,
                "{:<6} {:<9} {:>8} {:>9} {:>5} {:>8} {:>10}  {ci}",
                r.kind,
                r.label,
                f(r.icc, 3),
                f(r.f, 3),
                r.df1,
                format!("{:.2}", r.df2),
                r.p_value.map_or_else(|| "-".into(), |p| format!("{p:.2e}")),
            );
        }
    }
    if let Some(k) = &a.krippendorff {
        let _ = writeln!(
            s,
            "\nKrippendorff's alpha ({} {}, {} {}):",
            k.pairable_units,
            if en { "pairable targets" } else { "target berpasangan" },
            k.pairable_values,
            if en { "scores" } else { "skor" }
        );
        for l in &k.levels {
            let name = match l.level {
                Scale::Nominal => "nominal",
                Scale::Ordinal => "ordinal",
                Scale::Interval => "interval",
            };
            let _ = writeln!(s, "  {name:<9} {}", f(l.alpha, 4));
        }
    }
    let _ = writeln!(
        s,
        "\n{:<24} {:>6} {:>9} {:>9} {:>7} {:>9} {:>8}  {}",
        if en { "rater" } else { "penilai" },
        "n",
        if en { "mean" } else { "rerata" },
        "sd",
        if en { "shared" } else { "bersama" },
        if en { "leniency" } else { "kelonggaran" },
        "z",
        if en { "flag" } else { "tanda" }
    );
    for r in &out.raters {
        let flag = match (r.flag, en) {
            (Some(Flag::Lenient), true) => "lenient",
            (Some(Flag::Lenient), false) => "longgar",
            (Some(Flag::Severe), true) => "severe",
            (Some(Flag::Severe), false) => "ketat",
            (None, _) => "",
        };
        let _ = writeln!(
            s,
            "{:<24} {:>6} {:>9} {:>9} {:>7} {:>9} {:>8}  {flag}",
            term(&r.rater),
            r.n,
            f(r.mean, 3),
            f(r.sd, 3),
            r.shared_targets,
            f(r.leniency, 3),
            f(r.leniency_z, 2)
        );
    }
    let rescaled = req.rescale.is_some();
    let _ = writeln!(
        s,
        "\n{:>7} {:<20} {:<20} {:>9} {:>8}{} {:>8}",
        if en { "line" } else { "baris" },
        "target",
        if en { "rater" } else { "penilai" },
        if en { "score" } else { "skor" },
        "z",
        if rescaled { format!(" {:>9}", if en { "rescaled" } else { "skala" }) } else { String::new() },
        if en { "outlier" } else { "pencilan" }
    );
    for ((row, r), line) in out.standardised.iter().zip(&req.ratings).zip(lines) {
        let z = match (row.z, row.reason) {
            (Some(z), _) => format!("{z:.3}"),
            (None, Some(NoZ::MissingScore)) => (if en { "missing" } else { "kosong" }).into(),
            (None, Some(NoZ::TooFewRatings)) => (if en { "too few" } else { "kurang" }).into(),
            _ => "-".into(),
        };
        let _ = writeln!(
            s,
            "{line:>7} {:<20} {:<20} {:>9} {z:>8}{} {:>8}",
            term(&r.target),
            term(&r.rater),
            f(r.score, 3),
            if rescaled { format!(" {:>9}", f(row.rescaled, 2)) } else { String::new() },
            match (row.outlier, row.outlier_z) {
                (true, Some(o)) => format!("{o:.2}"),
                _ => String::new(),
            }
        );
    }
    if !out.warnings.is_empty() {
        let _ = writeln!(s, "\n{}:", if en { "Warnings" } else { "Peringatan" });
        for w in &out.warnings {
            let _ = writeln!(s, "  {}: {}", term(&w.path), term(pick(&w.message, lang)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_with_decimal_comma_and_empty_cells() {
        assert_eq!(parse_score("3,5"), Ok(Some(3.5)));
        assert_eq!(parse_score(" 4 "), Ok(Some(4.0)));
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("baik"), Err(()));
        assert_eq!(parse_score("inf"), Err(()));
    }

    #[test]
    fn every_bad_line_is_named() {
        let e = read_ratings("target,rater,score\na,R,1\nb,,2\nc,R,x\nd,R\n").unwrap_err();
        let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["line 3", "line 4", "line 5"]);
    }
}
