//! `meritkit policy list|show|check|schema|regulation-doc`.

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
    #[command(about = t::HELP_POLICY_REGULATION_DOC.both())]
    RegulationDoc,
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    match a.cmd {
        Cmd::List => {
            let mut s = String::new();
            let catalogue = meritkit::catalogue::catalogue();
            for p in meritkit::api::presets() {
                let tag = if p.local_practice { t::LOCAL_PRACTICE } else { t::NATIONAL }.get(lang);
                // the description in the chosen language (the catalogue; English: the preset file's own)
                let description = meritkit::catalogue::show(&catalogue, "preset", &p.name, lang == Lang::En);
                s.push_str(&format!("{:<20} [{tag}] {}\n  {}\n", p.name, &p.fingerprint[..12], description));
            }
            emit(&s, None)?;
        }
        Cmd::Show { policy, json: as_json } => {
            let p = crate::sources::policy(&policy)?;
            if as_json {
                // Pure JSON (it must round-trip through `policy check`): the fingerprint goes to stderr.
                eprintln!("# fingerprint: {}", p.fingerprint());
                emit(&json(&p), None)?;
            } else {
                // TOML comments (fingerprint, then the basis of each field): the output still loads as a policy.
                let title = match lang {
                    crate::Lang::En => "basis (field, kind, confidence, instrument):",
                    crate::Lang::Id => "dasar (bagian, jenis, keyakinan, peraturan):",
                };
                let head = format!(
                    "# fingerprint: {}\n{}",
                    p.fingerprint(),
                    crate::output::basis_comment(title, p.basis.iter().map(|(k, b)| (k.as_str(), b)))
                );
                emit(&format!("{head}{}", p.to_toml()?), None)?;
            }
        }
        Cmd::Check { file } => {
            let p = crate::sources::policy_file(&file)?;
            let msg = format!("{}\n", t::POLICY_VALID.fmt(lang, &[&crate::safe::term(&p.name), &p.fingerprint()]));
            emit(&msg, None)?;
        }
        Cmd::Schema => emit(&json(&Policy::json_schema()), None)?,
        Cmd::RegulationDoc => emit(&meritkit::basis::regulation_markdown(), None)?,
    }
    Ok(0)
}
