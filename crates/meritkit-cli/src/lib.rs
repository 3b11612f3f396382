//! `meritkit`: the agencies' command-line tool (library part; `src/main.rs`
//! only calls [`run`]). [`read_table_from_bytes`] is the entry point of the
//! input readers for fuzzing; [`read_positions_text`],
//! [`read_succession_policy_text`] and [`read_positions_bytes`] those of the
//! succession inputs.
//!
//! Exit codes: 0 = every row processed; 3 = some rows had errors (reported);
//! 2 = unusable input (unreadable file, unknown headers, bad policy, bad arguments).
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// `eprintln!` that never panics: a closed stderr (`2>&1 | head -c 100`,
/// EPIPE) is ignored, so the run ends with its own exit code, never 101.
/// Shadows the std macro in every module of this crate.
macro_rules! eprintln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

/// `println!` that never panics on a closed stdout (see [`eprintln!`]).
#[allow(unused_macros)]
macro_rules! println {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

mod bounds;
mod cmd_calibration;
mod cmd_card;
mod cmd_compare;
mod cmd_demo;
mod cmd_policy;
mod cmd_raters;
mod cmd_report;
mod cmd_rules;
mod cmd_score;
mod cmd_serve;
mod cmd_succession;
mod cmd_validate;
mod csv_stream;
mod demo_review;
mod grid;
mod i18n;
pub mod input;
pub mod json_stream;
pub mod labels;
mod output;
mod positions;
mod privacy;
mod report;
mod report_extra;
mod report_html;
mod report_xlsx;
mod safe;
mod score_output;
mod sources;
mod succession_output;
mod talent_card;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

/// Exit code when some rows had errors.
pub const EXIT_ROW_ERRORS: u8 = 3;
/// Exit code for unusable input.
pub const EXIT_UNUSABLE: u8 = 2;

#[derive(Parser)]
#[command(name = "meritkit", version, about = i18n::t::APP_ABOUT.both())]
pub struct Cli {
    #[arg(long, global = true, value_enum, default_value_t = Lang::Id, help = i18n::t::HELP_LANG.both())]
    pub lang: Lang,
    #[arg(long, global = true, env = "MERITKIT_MAX_INPUT_BYTES", value_name = "BYTES", help = i18n::t::HELP_MAX_INPUT_BYTES.both())]
    pub max_input_bytes: Option<u64>,
    #[arg(long, global = true, env = "MERITKIT_MAX_CONFIG_BYTES", value_name = "BYTES", help = i18n::t::HELP_MAX_CONFIG_BYTES.both())]
    pub max_config_bytes: Option<u64>,
    #[arg(long, global = true, env = "MERITKIT_MAX_UNZIPPED_BYTES", value_name = "BYTES", help = i18n::t::HELP_MAX_UNZIPPED_BYTES.both())]
    pub max_unzipped_bytes: Option<u64>,
    #[arg(long, global = true, env = "MERITKIT_MAX_ZIP_RATIO", value_name = "N", help = i18n::t::HELP_MAX_ZIP_RATIO.both())]
    pub max_zip_ratio: Option<u64>,
    #[arg(long, global = true, env = "MERITKIT_MAX_ROWS", value_name = "N", help = i18n::t::HELP_MAX_ROWS.both())]
    pub max_rows: Option<usize>,
    #[arg(long, global = true, env = "MERITKIT_MAX_COLUMNS", value_name = "N", help = i18n::t::HELP_MAX_COLUMNS.both())]
    pub max_columns: Option<usize>,
    #[arg(long, global = true, env = "MERITKIT_MAX_CELLS", value_name = "N", help = i18n::t::HELP_MAX_CELLS.both())]
    pub max_cells: Option<usize>,
    #[arg(long, global = true, env = "MERITKIT_MAX_ERROR_ROWS", value_name = "N", help = i18n::t::HELP_MAX_ERROR_ROWS.both())]
    pub max_error_rows: Option<usize>,
    #[arg(long, global = true, env = "MERITKIT_MAX_POSITIONS", value_name = "N", help = i18n::t::HELP_MAX_POSITIONS.both())]
    pub max_positions: Option<usize>,
    #[arg(long, global = true, env = "MERITKIT_MAX_PAIRS", value_name = "N", help = i18n::t::HELP_MAX_PAIRS.both())]
    pub max_pairs: Option<usize>,
    #[arg(long, global = true, help = i18n::t::HELP_MULTILINE_CELLS.both())]
    pub multiline_cells: bool,
    #[arg(long, global = true, help = i18n::t::HELP_COMPACT.both())]
    pub compact: bool,
    /// Off by default: row errors, messages, stderr and reports identify a
    /// faulty row by its index and file position (line / cell), never by NIP.
    #[arg(long, global = true, help = i18n::t::HELP_SHOW_PERSONAL.both())]
    pub show_personal_data: bool,
    #[command(subcommand)]
    command: Command,
}

/// Output language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable table.
    Table,
    /// One JSON object.
    Json,
    /// CSV, one row per employee.
    Csv,
}

/// How much of each placement's explanation JSON output carries
/// ([`meritkit::scoring::Detail`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// No explanation.
    None,
    /// Each axis's source, score, level and rule, and the box.
    Summary,
    /// Everything, with the per-year inputs, components and cut-offs.
    Full,
    /// Everything, and the explanation in words (English and Bahasa Indonesia).
    Text,
}

impl From<Detail> for meritkit::scoring::Detail {
    fn from(d: Detail) -> Self {
        match d {
            Detail::None => meritkit::scoring::Detail::None,
            Detail::Summary => meritkit::scoring::Detail::Summary,
            Detail::Full => meritkit::scoring::Detail::Full,
            Detail::Text => meritkit::scoring::Detail::Text,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    #[command(about = i18n::t::HELP_CMD_DEMO.both())]
    Demo(cmd_demo::Args),
    #[command(about = i18n::t::HELP_CMD_SCORE.both())]
    Score(cmd_score::Args),
    #[command(about = i18n::t::HELP_CMD_POLICY.both())]
    Policy(cmd_policy::Args),
    #[command(about = i18n::t::HELP_REPORT.both())]
    Report(cmd_report::Args),
    /// Check employees against merit rules / periksa pegawai terhadap aturan merit.
    Validate(cmd_validate::Args),
    /// List, show, check or describe merit rule sets / himpunan aturan merit.
    Rules(cmd_rules::Args),
    /// Rank successors for target positions / peringkat suksesor jabatan target.
    Succession(cmd_succession::Args),
    /// Placements over time: who moved between periods / penempatan dari waktu ke waktu: siapa berpindah antarperiode.
    Compare(cmd_compare::Args),
    /// Calibration sessions with an audit trail / sesi kalibrasi dengan jejak audit.
    Calibration(cmd_calibration::Args),
    /// Printable talent cards: box, history, gaps, readiness, development plan / kartu talenta siap cetak: kotak,
    /// riwayat, kesenjangan, kesiapan, rencana pengembangan.
    Card(cmd_card::Args),
    /// Several raters: within-rater z, agreement (ICC, Krippendorff's alpha), lenient and severe raters /
    /// beberapa penilai: z per penilai, kesepakatan (ICC, alpha Krippendorff), penilai longgar dan ketat.
    Raters(cmd_raters::Args),
    /// The JSON API over HTTP, with stored calibration sessions (docs/service.md) / API JSON lewat HTTP.
    #[command(after_help = cmd_serve::AFTER_HELP)]
    Serve(cmd_serve::Args),
}

/// Reads records from the bytes of a file: `name_hint` gives the format by
/// its extension (`x.xlsx`, `x.csv`, `x.json`, ...). Never panics on any bytes:
/// anything unreadable is an [`Error`](meritkit::error::Error).
pub fn read_table_from_bytes(
    name_hint: &str,
    bytes: &[u8],
    opts: &input::Options,
) -> Result<input::Table, meritkit::error::Error> {
    input::read_table_bytes(name_hint, bytes, opts, &|_, _| {})
}

/// A CSV file read in parts of `block` bytes, as `meritkit score` reads it
/// (`None`: it would be read whole); entry point for fuzzing: the answer must
/// be [`read_table_from_bytes`]'s.
pub use csv_stream::read_in_parts as read_csv_in_parts;
/// `score`'s CSV path on a file read in parts (for fuzzing): its answer must
/// be that of [`read_table_from_bytes`]'s records.
pub use csv_stream::score_in_parts as score_csv_in_parts;

/// Target positions from the text of a JSON file, exactly as
/// `meritkit succession --positions` reads them (entry point for fuzzing).
pub use positions::read_text as read_positions_text;

/// A succession policy from the text of its file (JSON or TOML), exactly as
/// `meritkit succession --succession-policy` reads it (entry point for fuzzing).
pub use sources::succession_policy_text as read_succession_policy_text;

/// Target positions from the bytes of a file named `name` (XLSX / CSV sheet
/// or JSON), exactly as `meritkit report --positions` reads them.
pub use positions::read_bytes as read_positions_bytes;

/// Runs the command line (the whole `meritkit` binary).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // RAYON_NUM_THREADS above four threads per core capped before any work (docs/security.md)
    meritkit::cap_pool();
    input::allow_multiline_cells(cli.multiline_cells);
    let lang = cli.lang;
    let d = input::Limits::default();
    input::Limits {
        max_input_bytes: cli.max_input_bytes.unwrap_or(d.max_input_bytes),
        max_config_bytes: cli.max_config_bytes.unwrap_or(d.max_config_bytes),
        max_unzipped_bytes: cli.max_unzipped_bytes.unwrap_or(d.max_unzipped_bytes),
        max_rows: cli.max_rows.unwrap_or(d.max_rows),
        max_columns: cli.max_columns.unwrap_or(d.max_columns),
        max_cells: cli.max_cells.unwrap_or(d.max_cells),
        max_zip_ratio: cli.max_zip_ratio.unwrap_or(d.max_zip_ratio),
    }
    .install();
    bounds::set_succession_limits(cli.max_positions, cli.max_pairs);
    if let Some(n) = cli.max_error_rows {
        bounds::set_max_error_rows(n);
    }
    privacy::SHOW_PERSONAL.store(cli.show_personal_data, std::sync::atomic::Ordering::Relaxed);
    output::COMPACT.store(cli.compact, std::sync::atomic::Ordering::Relaxed);
    let r = match cli.command {
        Command::Demo(a) => cmd_demo::run(a, lang),
        Command::Score(a) => cmd_score::run(a, lang),
        Command::Policy(a) => cmd_policy::run(a, lang),
        Command::Report(a) => cmd_report::run(a, lang),
        Command::Validate(a) => cmd_validate::run(a, lang),
        Command::Rules(a) => cmd_rules::run(a, lang),
        Command::Succession(a) => cmd_succession::run(a, lang),
        Command::Compare(a) => cmd_compare::run(a, lang),
        Command::Calibration(a) => cmd_calibration::run(a, lang),
        Command::Card(a) => cmd_card::run(a, lang),
        Command::Raters(a) => cmd_raters::run(a, lang),
        Command::Serve(a) => cmd_serve::run(a, cli.max_rows),
    };
    match r {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::print_error(&e, lang);
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
