//! `meritkit`: the agencies' command-line tool.
//!
//! Exit codes: 0 = every row processed; 3 = some rows had errors (reported);
//! 2 = unusable input (unreadable file, unknown headers, bad policy, bad arguments).
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod cmd_demo;
mod cmd_policy;
mod cmd_report;
mod cmd_rules;
mod cmd_score;
mod cmd_succession;
mod cmd_validate;
mod grid;
mod i18n;
mod input;
mod output;
mod positions;
mod privacy;
mod report;
mod report_extra;
mod report_html;
mod report_xlsx;
mod safe;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    privacy::SHOW_PERSONAL.store(cli.show_personal_data, std::sync::atomic::Ordering::Relaxed);
    let r = match cli.command {
        Command::Demo(a) => cmd_demo::run(a, lang),
        Command::Score(a) => cmd_score::run(a, lang),
        Command::Policy(a) => cmd_policy::run(a, lang),
        Command::Report(a) => cmd_report::run(a, lang),
        Command::Validate(a) => cmd_validate::run(a, lang),
        Command::Rules(a) => cmd_rules::run(a, lang),
        Command::Succession(a) => cmd_succession::run(a, lang),
    };
    match r {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::print_error(&e, lang);
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
