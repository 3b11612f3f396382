//! `meritkit compare`: placements over time, between two or more periods of the same population
//! (the core's [`meritkit::movement::compare`]: movement matrix, directions, pools, trends).

use crate::i18n::t;
use crate::output::{emit, problem};
use crate::safe::term;
use crate::{Lang, EXIT_ROW_ERRORS};
use meritkit::error::{Code, Error, Problem};
use meritkit::movement::{compare, Comparison, Detail, Options, Period, Rows, DEFAULT_MIN_MOVE, MAX_PERIODS};
use std::fmt::Write;
use std::path::PathBuf;

/// Output format of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// The movement matrix of the agency and the counts, as text.
    Text,
    /// The whole comparison as one JSON object.
    Json,
}

/// How much the JSON answer carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareDetail {
    /// Counts and matrices only (no per-person lists).
    Summary,
    /// Everything.
    Full,
}

#[derive(clap::Args)]
pub struct Args {
    /// A period and its file, LABEL=FILE (XLSX, CSV, JSON, JSONL), in chronological order; at least two /
    /// periode dan berkasnya, LABEL=BERKAS, urut waktu; paling sedikit dua.
    #[arg(long = "period", value_name = "LABEL=FILE", required = true)]
    pub periods: Vec<String>,
    /// Reference date of a period, LABEL=YYYY-MM-DD, or YYYY-MM-DD for every period without its own
    /// (today when absent) / tanggal acuan periode, LABEL=YYYY-MM-DD, atau YYYY-MM-DD untuk semua periode
    /// (hari ini bila kosong).
    #[arg(long = "date", value_name = "[LABEL=]YYYY-MM-DD")]
    pub dates: Vec<String>,
    /// Scoring policy: preset name or TOML/JSON file; its grid gives boxes, levels and pools /
    /// kebijakan penilaian: nama preset atau berkas; grid-nya menentukan kotak, tingkat dan kelompok.
    #[arg(long, short, default_value = "permenpanrb_3_2020")]
    pub policy: String,
    /// Output format / format keluaran.
    #[arg(long, short, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    /// Output file (stdout when absent) / berkas keluaran (stdout bila kosong).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// JSON: `summary` leaves out the per-person lists / JSON: `summary` tanpa daftar per orang.
    #[arg(long, value_enum, default_value_t = CompareDetail::Full)]
    pub detail: CompareDetail,
    /// Smallest grid distance listed as a large move / jarak grid terkecil yang dicatat sebagai perpindahan besar.
    #[arg(long, default_value_t = DEFAULT_MIN_MOVE)]
    pub min_move: u32,
}

fn bad_arg(path: &str, en: &str, id: &str) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

/// The periods named on the command line: (label, file), in the order given.
fn period_args(args: &[String]) -> Result<Vec<(String, PathBuf)>, Error> {
    if args.len() < 2 {
        return Err(bad_arg(
            "period",
            "give at least two periods: --period LABEL=FILE --period LABEL=FILE",
            "berikan paling sedikit dua periode: --period LABEL=BERKAS --period LABEL=BERKAS",
        ));
    }
    if args.len() > MAX_PERIODS {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "period",
            format!("at most {MAX_PERIODS} periods per comparison"),
            format!("paling banyak {MAX_PERIODS} periode per perbandingan"),
        )]));
    }
    args.iter()
        .map(|s| match s.split_once('=') {
            Some((l, f)) if !l.trim().is_empty() && !f.is_empty() => Ok((l.trim().to_string(), PathBuf::from(f))),
            _ => Err(bad_arg(
                "period",
                "a period is LABEL=FILE (for example 2025=pegawai_2025.xlsx)",
                "periode ditulis LABEL=BERKAS (misalnya 2025=pegawai_2025.xlsx)",
            )),
        })
        .collect()
}

/// The reference date of each period: its own `--date LABEL=D`, else the plain `--date D`, else today.
fn period_dates(labels: &[&str], args: &[String]) -> Result<Vec<jiff::civil::Date>, Error> {
    let mut own = std::collections::HashMap::new();
    let mut default = None;
    for s in args {
        match s.split_once('=') {
            Some((l, d)) => {
                let l = l.trim();
                if !labels.contains(&l) {
                    return Err(bad_arg(
                        "date",
                        "--date LABEL=YYYY-MM-DD names a label that no --period has",
                        "--date LABEL=YYYY-MM-DD menyebut label yang tidak ada pada --period",
                    ));
                }
                own.insert(l.to_string(), meritkit::api::parse_date(d)?);
            }
            None if default.is_none() => default = Some(meritkit::api::parse_date(s)?),
            None => {
                return Err(bad_arg(
                    "date",
                    "one --date without a label at most (the date of every period without its own)",
                    "paling banyak satu --date tanpa label (tanggal semua periode yang tidak punya tanggal sendiri)",
                ))
            }
        }
    }
    let today = crate::sources::reference_date(None)?;
    Ok(labels.iter().map(|l| own.get(*l).copied().or(default).unwrap_or(today)).collect())
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let named = period_args(&a.periods)?;
    if let Some(out) = a.output.as_deref() {
        let ps: Vec<Problem> = named
            .iter()
            .filter(|(_, f)| crate::output::same_file(out, f))
            .map(|_| problem(Code::OutputOverwritesInput, "output", t::OUT_SAME_FILE, &[&"--output", &"--period"]))
            .collect();
        if !ps.is_empty() {
            return Err(Error::Request(ps));
        }
    }
    let labels: Vec<&str> = named.iter().map(|(l, _)| l.as_str()).collect();
    let dates = period_dates(&labels, &a.dates)?;
    let policy = crate::sources::policy(&a.policy)?;
    let opts = crate::input::Options::default();
    let mut tables = Vec::with_capacity(named.len());
    for (_, file) in &named {
        let table = crate::input::read_table(file, &opts, &|_, _| {})?;
        crate::output::print_warnings(&table.warnings, lang);
        tables.push(table);
    }
    let periods: Vec<Period<'_>> = named
        .iter()
        .zip(&tables)
        .zip(&dates)
        .map(|(((label, _), table), date)| Period {
            label: label.clone(),
            date: *date,
            rows: Rows::Records(&table.rows),
        })
        .collect();
    let options = Options {
        min_move: a.min_move,
        detail: match a.detail {
            CompareDetail::Summary => Detail::Summary,
            CompareDetail::Full => Detail::Full,
        },
        max_error_rows: crate::bounds::max_error_rows(),
    };
    let mut out = compare(&periods, &policy, &options)?;
    if !crate::privacy::show_personal() {
        for e in &mut out.errors {
            e.nip = None;
        }
    }
    let origins: Vec<&[String]> = tables.iter().map(|t| t.origins.as_slice()).collect();
    match a.format {
        CompareFormat::Json => emit(&crate::output::json(&out), a.output.as_deref())?,
        CompareFormat::Text => emit(&text(&out, &policy, lang, &origins), a.output.as_deref())?,
    }
    let errors: usize = out.periods.iter().map(|p| p.errors).sum();
    if errors > 0 && a.format != CompareFormat::Text {
        eprintln!("{}", t::ROW_ERRORS_SEE_ERRORS.fmt(lang, &[&errors]));
    }
    Ok(if errors == 0 { 0 } else { EXIT_ROW_ERRORS })
}

/// The periods' counts, then per pair of periods the agency's movement matrix (rows: box before,
/// columns: box after, `-` holding), the counts and the pool entries and exits; then the error rows.
/// Every text from the input goes through [`term`].
pub fn text(out: &Comparison, policy: &meritkit::Policy, lang: Lang, origins: &[&[String]]) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let fp = out.policy.fingerprint.get(..16).unwrap_or(&out.policy.fingerprint);
    let _ = writeln!(s, "{}: {} ({fp})", if en { "Policy" } else { "Kebijakan" }, term(&out.policy.name));
    let _ = writeln!(
        s,
        "\n{:<16} {:<10} {:>7} {:>7} {:>7} {:>7}",
        if en { "period" } else { "periode" },
        if en { "date" } else { "tanggal" },
        if en { "rows" } else { "baris" },
        if en { "placed" } else { "kotak" },
        "holding",
        if en { "errors" } else { "galat" }
    );
    for p in &out.periods {
        let label: String = term(&p.period).chars().take(16).collect();
        let _ =
            writeln!(s, "{label:<16} {:<10} {:>7} {:>7} {:>7} {:>7}", p.date, p.rows, p.placed, p.holding, p.errors);
    }
    let grid = policy.grid();
    let boxes = meritkit::movement::matrix_boxes(&grid);
    let head = |b: &Option<u16>| b.map_or_else(|| "-".to_string(), |b| b.to_string());
    for c in &out.changes {
        let (from, to) = (term(&c.from), term(&c.to));
        let _ = writeln!(
            s,
            "\n{} {from} → {to} ({})",
            if en { "Movement" } else { "Perpindahan" },
            if en {
                format!("rows: box in {from}, columns: box in {to}; - = holding")
            } else {
                format!("baris: kotak {from}, kolom: kotak {to}; - = holding")
            }
        );
        let _ = write!(s, "{:>6}", "");
        for b in &boxes {
            let _ = write!(s, " {:>5}", head(b));
        }
        s.push('\n');
        for f in &boxes {
            let _ = write!(s, "{:>6}", head(f));
            for t in &boxes {
                let k = c.moved(*f, *t);
                let _ = write!(s, " {:>5}", if k == 0 { ".".to_string() } else { k.to_string() });
            }
            s.push('\n');
        }
        let k = &c.counts;
        let _ = writeln!(
            s,
            "{}",
            if en {
                format!(
                    "matched {} · stayed {} · up {} · down {} · lateral {} · without box {} · new {} · gone {} · not \
                     compared {}",
                    k.matched,
                    k.stayed,
                    k.moved_up,
                    k.moved_down,
                    k.lateral,
                    k.without_box,
                    k.new,
                    k.gone,
                    k.not_compared
                )
            } else {
                format!(
                    "cocok {} · tetap {} · naik {} · turun {} · mendatar {} · tanpa kotak {} · baru {} · keluar {} · \
                     tidak dibandingkan {}",
                    k.matched,
                    k.stayed,
                    k.moved_up,
                    k.moved_down,
                    k.lateral,
                    k.without_box,
                    k.new,
                    k.gone,
                    k.not_compared
                )
            }
        );
        for (pool, p) in &c.pools {
            let name = match meritkit::catalogue::label("pool", pool) {
                Some((e, i)) => (if en { e } else { i }).to_string(),
                None => pool.clone(),
            };
            let _ = writeln!(
                s,
                "{}: {} {} · {} {}",
                term(&name),
                if en { "entered" } else { "masuk" },
                p.entered_count,
                if en { "left" } else { "keluar" },
                p.left_count
            );
        }
    }
    if !out.errors.is_empty() {
        let _ = writeln!(s, "\n{}:", if en { "Rows with errors" } else { "Baris bermasalah" });
        for e in &out.errors {
            let i = out.periods.iter().position(|p| p.period == e.period).unwrap_or(0);
            let o = origins.get(i).map(|o| crate::privacy::origin(o, e.row)).unwrap_or_default();
            let mut who = if o.is_empty() { e.row.to_string() } else { format!("{} ({o})", e.row) };
            if let (Some(n), true) = (&e.nip, crate::privacy::show_personal()) {
                who = format!("{who} {n}");
            }
            let _ = writeln!(
                s,
                "  {} {} {} {} [{}] {}: {}",
                if en { "period" } else { "periode" },
                term(&e.period),
                if en { "row" } else { "baris" },
                term(&who),
                e.code,
                term(&e.path),
                term(if en { &e.message.en } else { &e.message.id })
            );
        }
    }
    crate::safe::term_lines(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_and_date_arguments() {
        let p = period_args(&["2025=a.csv".into(), " 2026 =b.xlsx".into()]).unwrap();
        assert_eq!(p[1], ("2026".to_string(), PathBuf::from("b.xlsx")));
        assert!(period_args(&["2025=a.csv".into()]).is_err());
        assert!(period_args(&["2025=a.csv".into(), "b.csv".into()]).is_err());
        let d = period_dates(&["2025", "2026"], &["2025=2025-12-31".into(), "2026-06-30".into()]).unwrap();
        assert_eq!((d[0].to_string(), d[1].to_string()), ("2025-12-31".into(), "2026-06-30".into()));
        assert!(period_dates(&["2025"], &["2024=2024-12-31".into()]).is_err());
        assert!(period_dates(&["2025"], &["2025-01-01".into(), "2025-02-01".into()]).is_err());
    }
}
