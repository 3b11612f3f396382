//! `meritkit validate`: merit-rule eligibility of every employee.

use crate::output::emit;
use crate::safe::term;
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::error::Error;
use meritkit::rules::{validate_rows, Outcome, ValidateOutput};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Input file: JSON array, JSONL or CSV / berkas masukan.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Rule set: built-in name or TOML/JSON file / himpunan aturan: nama bawaan atau berkas.
    #[arg(long, short)]
    pub rules: String,
    /// Reference date YYYY-MM-DD (today when absent) / tanggal acuan.
    #[arg(long)]
    pub date: Option<String>,
    /// Scoring policy for 9-box / talent-pool rules: preset or file.
    #[arg(long, short, default_value = "permenpanrb_3_2020")]
    pub policy: String,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Output file (stdout when absent).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let set = crate::sources::rule_set(&a.rules)?;
    let policy = crate::sources::policy(&a.policy)?;
    let date = crate::sources::reference_date(a.date.as_deref())?;
    let table = crate::input::read_table(&a.input, &crate::input::Options::default(), &|_, _| {})?;
    crate::output::print_warnings(&table.warnings, lang);
    let mut out = validate_rows(&table.rows, &set, date, &policy);
    meritkit::api::check_error_rows(&out.errors, crate::bounds::max_error_rows())
        .map_err(|e| crate::bounds::too_many_error_rows(e, &table.origins))?;
    crate::privacy::hide_error_nips(&mut out.errors);
    // JSON is written row by row (an answer held whole as JSON took gigabytes for a million rows).
    let swap = |o: &mut ValidateOutput, back: Option<(Vec<_>, Vec<meritkit::RowError>)>| match back {
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
        Format::Csv => emit(&csv_text(&out, lang, &table.origins), a.output.as_deref())?,
        Format::Table => emit(&table_text(&out, lang, &table.origins), a.output.as_deref())?,
    }
    if !out.errors.is_empty() && a.format != Format::Table {
        eprintln!(
            "{}",
            match lang {
                Lang::En => format!("meritkit: {} row(s) could not be read (see `errors`)", out.summary.total.errors),
                Lang::Id => format!("meritkit: {} baris tidak dapat dibaca (lihat `errors`)", out.summary.total.errors),
            }
        );
    }
    Ok(if out.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
        Outcome::Unknown => "unknown",
    }
}

/// One CSV line per input row, one column per rule outcome, then the reasons
/// of failed / unknown rules and the row's place in the file (`origin`).
/// Every cell goes through [`crate::safe::csv_cell`].
pub fn csv_text(out: &ValidateOutput, lang: Lang, origins: &[String]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let ids: Vec<&str> = out.summary.rules.iter().map(|r| r.id.as_str()).collect();
    let mut head = vec!["row", "nip", "unit", "eligible"];
    head.extend(ids.iter().copied());
    head.extend(["reasons", "error_code", "error_path", "error_message", "origin"]);
    crate::safe::write_csv(&mut w, &head);
    let mut lines: Vec<(usize, Vec<String>)> = Vec::new();
    let n = head.len();
    for r in &out.results {
        let mut v = vec![r.row.to_string(), r.nip.clone(), r.unit.clone(), r.eligible.to_string()];
        v.extend(r.rules.iter().map(|x| outcome(x.outcome).to_string()));
        let reasons: Vec<&str> = r
            .rules
            .iter()
            .filter(|x| x.outcome != Outcome::Pass)
            .map(|x| if lang == Lang::En { x.reason.en.as_str() } else { x.reason.id.as_str() })
            .collect();
        v.push(reasons.join("; "));
        v.resize(n, String::new());
        v[n - 1] = crate::privacy::origin(origins, r.row);
        lines.push((r.row, v));
    }
    for e in &out.errors {
        let mut v = vec![String::new(); n];
        v[0] = e.row.to_string();
        v[1] = e.nip.clone().unwrap_or_default();
        v[3] = "error".into();
        v[n - 4] = e.code.as_str().into();
        v[n - 3] = e.path.clone();
        v[n - 2] = if lang == Lang::En { e.message.en.clone() } else { e.message.id.clone() };
        v[n - 1] = crate::privacy::origin(origins, e.row);
        lines.push((e.row, v));
    }
    lines.sort_by_key(|(r, _)| *r);
    for (_, l) in lines {
        crate::safe::write_csv(&mut w, &l);
    }
    crate::safe::csv_finish(w)
}

/// Human-readable listing: each employee with the rules that kept them out, then the counts.
/// Every text from the input or the rule set is escaped by [`crate::safe::term`].
pub fn table_text(out: &ValidateOutput, lang: Lang, origins: &[String]) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let rs = &out.rule_set;
    let _ = writeln!(
        s,
        "{}: {} v{} ({}) · {} · {}: {}",
        if en { "Rule set" } else { "Himpunan aturan" },
        term(&rs.name),
        term(&rs.version),
        &rs.fingerprint[..16],
        term(&rs.implements),
        if en { "date" } else { "tanggal" },
        out.date
    );
    let _ = writeln!(
        s,
        "{:<5} {:<19} {:<28} {}",
        if en { "row" } else { "baris" },
        "NIP",
        if en { "unit" } else { "unit kerja" },
        if en { "eligible" } else { "memenuhi syarat" }
    );
    for r in &out.results {
        let unit: String = term(&r.unit).chars().take(28).collect();
        let _ = writeln!(
            s,
            "{:<5} {:<19} {:<28} {}",
            r.row,
            term(&r.nip),
            unit,
            match (r.eligible, en) {
                (true, true) => "yes",
                (false, true) => "no",
                (true, false) => "ya",
                (false, false) => "tidak",
            }
        );
        for x in r.rules.iter().filter(|x| x.outcome != Outcome::Pass) {
            let _ = writeln!(
                s,
                "      {:<7} {:<7} {}",
                outcome(x.outcome),
                match x.severity {
                    meritkit::rules::Severity::Error => "error",
                    meritkit::rules::Severity::Warning => "warning",
                },
                term(if en { &x.reason.en } else { &x.reason.id })
            );
        }
    }
    if !out.errors.is_empty() {
        let _ = writeln!(s, "\n{}:", if en { "Rows that could not be read" } else { "Baris yang tidak dapat dibaca" });
        for e in &out.errors {
            let o = crate::privacy::origin(origins, e.row);
            let mut who = if o.is_empty() { e.row.to_string() } else { format!("{} ({o})", e.row) };
            if let (Some(n), true) = (&e.nip, crate::privacy::show_personal()) {
                who = format!("{who} {n}");
            }
            let _ = writeln!(
                s,
                "  {} {} [{}] {}: {}",
                if en { "row" } else { "baris" },
                term(&who),
                e.code,
                term(&e.path),
                term(if en { &e.message.en } else { &e.message.id })
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{:<40} {:>6} {:>8} {:>10} {:>6}",
        if en { "unit" } else { "unit kerja" },
        if en { "rows" } else { "baris" },
        if en { "eligible" } else { "memenuhi" },
        if en { "ineligible" } else { "tidak" },
        if en { "errors" } else { "galat" }
    );
    for g in out.summary.units.iter().chain(std::iter::once(&out.summary.total)) {
        let name: String = term(&g.unit.clone().unwrap_or_else(|| if en { "TOTAL".into() } else { "JUMLAH".into() }))
            .chars()
            .take(40)
            .collect();
        let _ = writeln!(s, "{:<40} {:>6} {:>8} {:>10} {:>6}", name, g.rows, g.eligible, g.ineligible, g.errors);
    }
    let _ = writeln!(
        s,
        "\n{:<32} {:<8} {:>6} {:>6} {:>8} {:>9}",
        if en { "rule" } else { "aturan" },
        "severity",
        "pass",
        "fail",
        "unknown",
        if en { "excluded" } else { "tersaring" }
    );
    for r in &out.summary.rules {
        let _ = writeln!(
            s,
            "{:<32} {:<8} {:>6} {:>6} {:>8} {:>9}",
            term(&r.id),
            match r.severity {
                meritkit::rules::Severity::Error => "error",
                meritkit::rules::Severity::Warning => "warning",
            },
            r.pass,
            r.fail,
            r.unknown,
            r.excluded
        );
    }
    crate::safe::term_lines(&s).into_owned()
}
