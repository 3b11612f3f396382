//! `meritkit policy list|show|check|schema`.

use crate::i18n::t;
use crate::output::{emit, json};
use crate::Lang;
use clap::Subcommand;
use meritkit::error::Error;
use meritkit::policy::Policy;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    #[command(about = t::HELP_POLICY_LIST.both())]
    List,
    #[command(about = t::HELP_POLICY_SHOW.both())]
    Show {
        #[arg(help = t::HELP_POLICY_NAME.both())]
        policy: String,
        #[arg(long, help = t::HELP_POLICY_JSON.both())]
        json: bool,
    },
    #[command(about = t::HELP_POLICY_CHECK.both())]
    Check {
        #[arg(help = t::HELP_POLICY_FILE.both())]
        file: PathBuf,
    },
    #[command(about = t::HELP_POLICY_SCHEMA.both())]
    Schema,
}

/// Loads a policy from a preset name or a file path.
pub fn load(spec: &str) -> Result<Policy, Error> {
    let path = std::path::Path::new(spec);
    if path.exists() {
        let text = crate::input::read_config_text(path, "policy").map_err(crate::input::as_policy_error)?;
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            Policy::from_json_str(&text)
        } else {
            Policy::from_str_any(&text)
        }
    } else {
        Policy::preset(spec)
    }
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    match a.cmd {
        Cmd::List => {
            let mut s = String::new();
            for p in meritkit::api::presets() {
                let tag = if p.local_practice { t::LOCAL_PRACTICE } else { t::NATIONAL }.get(lang);
                s.push_str(&format!("{:<20} [{tag}] {}\n  {}\n", p.name, &p.fingerprint[..12], p.description));
            }
            emit(&s, None)?;
        }
        Cmd::Show { policy, json: as_json } => {
            let p = load(&policy)?;
            if as_json {
                // Pure JSON (it must round-trip through `policy check`): the fingerprint goes to stderr.
                eprintln!("# fingerprint: {}", p.fingerprint());
                emit(&json(&p), None)?;
            } else {
                // A TOML comment: the output still loads as a policy.
                emit(&format!("# fingerprint: {}\n{}", p.fingerprint(), p.to_toml()?), None)?;
            }
        }
        Cmd::Check { file } => {
            let p = load(&file.to_string_lossy())?;
            let msg = format!("{}\n", t::POLICY_VALID.fmt(lang, &[&crate::safe::term(&p.name), &p.fingerprint()]));
            emit(&msg, None)?;
        }
        Cmd::Schema => emit(&json(&Policy::json_schema()), None)?,
    }
    Ok(0)
}
