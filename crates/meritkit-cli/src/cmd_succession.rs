//! `meritkit succession`: ranked, explained shortlists per target position,
//! bench strength and the adverse-impact report.

use crate::i18n::t;
use crate::output::emit;
use crate::succession_output::{csv_text, error_lines, table_text};
use crate::{Format, Lang, EXIT_ROW_ERRORS};
use meritkit::api::SuccessionRequest;
use meritkit::error::{Code, Error, Problem};
use meritkit::succession::{Method, SuccessionOutput};
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
    /// Employee records: JSON array, JSONL, CSV or a workbook / berkas data pegawai.
    #[arg(long, short)]
    pub input: PathBuf,
    #[arg(long, help = t::HELP_SHEET.both())]
    pub sheet: Option<String>,
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
    let opts = crate::input::Options { sheet: a.sheet.clone(), ..Default::default() };
    let table = crate::input::read_table(&a.input, &opts, &|_, _| {})?;
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
