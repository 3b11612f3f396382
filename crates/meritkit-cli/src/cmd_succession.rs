//! `meritkit succession`: ranked, explained shortlists per target position,
//! bench strength and the adverse-impact report.

use crate::output::emit;
use crate::safe::term;
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::api::SuccessionRequest;
use meritkit::error::{Code, Error, Problem};
use meritkit::succession::{Method, SuccessionOutput};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Ranking method on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Profile matching (GAP analysis on the SKJ).
    #[value(name = "profile_matching", alias = "profile-matching")]
    ProfileMatching,
    /// Simple additive weighting.
    Saw,
    /// TOPSIS.
    Topsis,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::ProfileMatching => Method::ProfileMatching,
            MethodArg::Saw => Method::Saw,
            MethodArg::Topsis => Method::Topsis,
        }
    }
}

/// Eligibility gate on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GateArg {
    /// The merit rule set of each target's kind.
    Rules,
    /// The minimal built-in gate.
    Builtin,
}

impl From<GateArg> for meritkit::succession::gate::GateKind {
    fn from(g: GateArg) -> Self {
        match g {
            GateArg::Rules => Self::Rules,
            GateArg::Builtin => Self::Builtin,
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Employee records: JSON array, JSONL or CSV / berkas data pegawai.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Target positions: JSON array (or {"positions": [...]}) / berkas jabatan target.
    #[arg(long)]
    pub positions: PathBuf,
    /// Ranking method for positions without their own / metode pemeringkatan.
    #[arg(long, short, value_enum)]
    pub method: Option<MethodArg>,
    /// Shortlist length / panjang daftar pendek.
    #[arg(long, short)]
    pub top: Option<usize>,
    /// Reference date YYYY-MM-DD (today when absent).
    #[arg(long)]
    pub date: Option<String>,
    /// Scoring policy: preset name or file.
    #[arg(long, short, default_value = "permenpanrb_3_2020")]
    pub policy: String,
    /// Succession policy file (JSON or TOML).
    #[arg(long)]
    pub succession_policy: Option<PathBuf>,
    /// Sensitivity report (±10 % per weight).
    #[arg(long)]
    pub sensitivity: bool,
    /// Name an emergency successor per position.
    #[arg(long)]
    pub emergency: bool,
    /// Exclusive assignment (nobody shortlisted twice).
    #[arg(long)]
    pub exclusive: bool,
    /// Eligibility gate: `rules` (merit rule set per target kind) or `builtin` (minimal gate).
    #[arg(long, value_enum, default_value_t = GateArg::Rules)]
    pub gate: GateArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Output file (stdout when absent).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    // Standard input can be read once: naming it for both files would read
    // the second as empty.
    let stdin = |p: &Path| p.as_os_str() == "-" || p == Path::new("/dev/stdin");
    if stdin(&a.input) && stdin(&a.positions) {
        return Err(Error::Request(vec![Problem::new(Code::InvalidRequest, "positions",
            "standard input (-) is named for both --input and --positions: it can be read once; give one of them as a file",
            "masukan standar (-) disebut untuk --input dan --positions: hanya dapat dibaca sekali; berikan salah satunya sebagai berkas")]));
    }
    let today = crate::sources::reference_date(a.date.as_deref())?;
    let table = crate::input::read_table(&a.input, &crate::input::Options::default(), &|_, _| {})?;
    crate::output::print_warnings(&table.warnings, lang);
    let rows = table.rows;
    let positions = crate::positions::read_json(&a.positions)?;
    let (max_positions, max_pairs) = crate::bounds::succession_limits();
    let req = SuccessionRequest {
        max_positions,
        max_pairs,
        max_error_rows: Some(crate::bounds::max_error_rows()),
        method: a.method.map(Method::from),
        top: a.top,
        policy: Some(crate::sources::policy_source(&a.policy)?),
        succession_policy: a.succession_policy.as_deref().map(crate::sources::succession_policy).transpose()?,
        sensitivity: a.sensitivity,
        emergency_successor: a.emergency.then_some(true),
        exclusive: a.exclusive.then_some(true),
        gate: Some(a.gate.into()),
        ..SuccessionRequest::new(positions, today.to_string())
    };
    let mut out = meritkit::api::succession_rows_gated(&rows, &req)?;
    meritkit::api::check_error_rows(&out.errors, crate::bounds::max_error_rows())
        .map_err(|e| crate::bounds::too_many_error_rows(e, &table.origins))?;
    crate::privacy::hide_error_nips(&mut out.errors);
    let errors = error_lines(&out, &table.origins, lang);
    // JSON is written position by position (an answer held whole as JSON took about 5 KB per pair).
    let swap = |o: &mut SuccessionOutput, back: Option<(Vec<_>, Vec<meritkit::RowError>)>| match back {
        None => Some((std::mem::take(&mut o.positions), std::mem::take(&mut o.errors))),
        Some((r, e)) => {
            o.positions = r;
            o.errors = e;
            None
        }
    };
    match a.format {
        Format::Json => {
            crate::privacy::write_json_with_origins(&mut out, "positions", swap, &table.origins, a.output.as_deref())?
        }
        Format::Csv => emit(&csv_text(&out), a.output.as_deref())?,
        Format::Table => emit(&(table_text(&out, lang) + &errors), a.output.as_deref())?,
    }
    // The CSV holds candidates only: its error rows are named on stderr (the
    // JSON carries them in `errors`), never silently left out.
    if !out.errors.is_empty() && a.format != Format::Table {
        eprintln!("{}", crate::i18n::t::ROW_ERRORS_SEE_ERRORS.fmt(lang, &[&out.errors.len()]));
        if a.format == Format::Csv {
            eprint!("{errors}");
        }
    }
    Ok(if out.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}

/// One line per error row (row, origin, code, path, message; the NIP only
/// with `--show-personal-data`), like `score`. Messages never hold values.
fn error_lines(out: &SuccessionOutput, origins: &[String], lang: Lang) -> String {
    crate::safe::term_lines(&crate::privacy::row_error_lines(&out.errors, origins, lang)).into_owned()
}

/// One CSV line per shortlisted candidate; every cell through [`crate::safe::csv_cell`].
pub fn csv_text(out: &SuccessionOutput) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::safe::write_csv(
        &mut w,
        [
            "position_id",
            "position_title",
            "unit",
            "method",
            "rank",
            "competition_rank",
            "nip",
            "name",
            "candidate_unit",
            "score",
            "readiness",
            "box",
            "jpm",
            "emergency",
        ],
    );
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for p in &out.positions {
        let method =
            serde_json::to_value(p.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let em = p.emergency_successor.iter().map(|c| (c, "true"));
        for (c, e) in p.candidates.iter().map(|c| (c, "false")).chain(em) {
            crate::safe::write_csv(
                &mut w,
                [
                    p.id.clone(),
                    p.title.clone(),
                    p.unit.clone(),
                    method.clone(),
                    c.rank.to_string(),
                    c.competition_rank.to_string(),
                    c.nip.clone(),
                    c.name.clone().unwrap_or_default(),
                    c.unit.clone(),
                    c.score.to_string(),
                    c.readiness.code().into(),
                    c.box_.map(|b| b.to_string()).unwrap_or_default(),
                    f(c.jpm),
                    e.into(),
                ],
            );
        }
    }
    crate::safe::csv_finish(w)
}

/// Human-readable shortlists, bench strength and adverse impact; every text
/// from the input escaped by [`crate::safe::term`].
pub fn table_text(out: &SuccessionOutput, lang: Lang) -> String {
    let en = lang == Lang::En;
    // codes are shown by their labels in the chosen language (the core's catalogue); CSV and JSON keep the codes
    let catalogue = meritkit::catalogue::catalogue();
    let w = |kind: &str, code: &str| meritkit::catalogue::show(&catalogue, kind, code, en);
    let excluded = |code: &str| {
        let kind = if catalogue.get("exclusion").is_some_and(|m| m.contains_key(code)) { "exclusion" } else { "rule" };
        w(kind, code)
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} ({}) · {}: {} ({}) · {}: {}",
        if en { "Scoring policy" } else { "Kebijakan penilaian" },
        term(&out.policy.scoring.name),
        &out.policy.scoring.fingerprint[..16],
        if en { "succession policy" } else { "kebijakan suksesi" },
        term(&out.policy.succession.name),
        &out.policy.succession.fingerprint[..16],
        if en { "date" } else { "tanggal" },
        out.date
    );
    for p in &out.positions {
        let method =
            serde_json::to_value(p.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(
            s,
            "\n== {} — {} [{}]{} · {} · {}: {}",
            term(&p.id),
            term(&p.title),
            w("position_kind", p.kind.code()),
            if p.critical {
                if en {
                    " CRITICAL"
                } else {
                    " KRITIKAL"
                }
            } else {
                ""
            },
            term(&p.unit),
            if en { "method" } else { "metode" },
            w("method", &method)
        );
        let _ = writeln!(
            s,
            "   {}: {} → {} {} → {} {} → {} {} → {} {}",
            if en { "funnel" } else { "corong" },
            p.funnel.considered,
            w("stage", "pool"),
            p.funnel.in_pool,
            if en { "eligible" } else { "layak" },
            p.funnel.eligible,
            if en { "ranked" } else { "diperingkat" },
            p.funnel.ranked,
            if en { "shortlisted" } else { "daftar pendek" },
            p.funnel.shortlisted
        );
        if p.candidates.is_empty() {
            let _ =
                writeln!(s, "   {}", if en { "(no eligible successor)" } else { "(tidak ada suksesor yang layak)" });
        }
        for c in &p.candidates {
            let name: String = term(&c.name.clone().unwrap_or_default()).chars().take(26).collect();
            let _ = writeln!(
                s,
                "   {:>2} ({:>2}) {:<19} {:<26} {:>9.6} {:<19} {} {:>2} JPM {}",
                c.rank,
                c.competition_rank,
                term(&c.nip),
                name,
                c.score,
                w("readiness", c.readiness.code()),
                if en { "box" } else { "kotak" },
                c.box_.map(|b| b.to_string()).unwrap_or_default(),
                c.jpm.map(|j| format!("{j:.1}")).unwrap_or_else(|| "-".into())
            );
        }
        if let Some(e) = &p.emergency_successor {
            let _ = writeln!(
                s,
                "   {}: {} {} ({:.6}, {})",
                if en { "emergency successor" } else { "suksesor darurat" },
                term(&e.nip),
                term(&e.name.clone().unwrap_or_default()),
                e.score,
                w("readiness", e.readiness.code())
            );
        }
        let mut reasons: Vec<(&String, &usize)> = p.funnel.excluded_by_code.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let r: Vec<String> = reasons.iter().map(|(k, v)| format!("{} {v}", term(&excluded(k)))).collect();
        let _ = writeln!(s, "   {}: {}", if en { "excluded" } else { "dikecualikan" }, r.join(", "));
        let b = &p.bench;
        use meritkit::succession::readiness::Readiness;
        let counts: Vec<String> = Readiness::ALL
            .iter()
            .map(|r| {
                let n = if *r == Readiness::ReadyNow {
                    b.ready_now_count
                } else {
                    b.readiness_counts.get(r).copied().unwrap_or(0)
                };
                format!("{} {n}", w("readiness", r.code()))
            })
            .collect();
        let risks: Vec<String> = b.risk_reasons.iter().map(|r| w("risk", r)).collect();
        let _ = writeln!(
            s,
            "   {}: {}{}",
            if en { "bench" } else { "bangku cadangan" },
            counts.join(" · "),
            if b.at_risk {
                format!(" · {}: {}", if en { "AT RISK" } else { "BERISIKO" }, risks.join(", "))
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(s, "\n{}", if en { "Bench strength" } else { "Kekuatan bangku cadangan" });
    for u in out.bench.units.iter().chain(std::iter::once(&out.bench.overall)) {
        let unit = u.unit.clone().unwrap_or_else(|| if en { "OVERALL".into() } else { "KESELURUHAN".into() });
        let unit: String = term(&unit).chars().take(48).collect();
        let _ = writeln!(
            s,
            "  {:<48} {} {:>2} · {} {}/{} ({}) · {} {} · {} {}",
            unit,
            if en { "positions" } else { "jabatan" },
            u.positions,
            if en { "critical covered" } else { "kritikal terisi" },
            u.critical_with_ready_now,
            u.critical_positions,
            u.coverage.map(|c| format!("{:.0} %", c * 100.0)).unwrap_or_else(|| "-".into()),
            if en { "at risk" } else { "berisiko" },
            u.positions_at_risk.len(),
            if en { "overlap" } else { "tumpang tindih" },
            u.overlap.len()
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "Adverse impact (four-fifths rule; analytic convention)"
        } else {
            "Dampak merugikan (aturan empat-perlima; konvensi analitis)"
        }
    );
    for r in &out.adverse_impact {
        let g: Vec<String> = r
            .groups
            .iter()
            .map(|g| {
                format!(
                    "{} {}/{}{}{}",
                    term(&w("group", &g.group)),
                    g.selected,
                    g.considered,
                    g.impact_ratio.map(|x| format!(" AIR {x:.2}")).unwrap_or_default(),
                    if g.four_fifths_flag == Some(true) { " ⚑" } else { "" }
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  {:<14} {:<17} {}",
            term(&w("group_column", r.column.as_deref().unwrap_or_default())),
            term(&w("stage", r.stage.as_deref().unwrap_or_default())),
            g.join(" · ")
        );
    }
    if !out.errors.is_empty() {
        let _ = writeln!(
            s,
            "\n{}: {}",
            if en { "Rows with errors (not candidates)" } else { "Baris bermasalah (bukan kandidat)" },
            out.errors.len()
        );
    }
    crate::safe::term_lines(&s).into_owned()
}
