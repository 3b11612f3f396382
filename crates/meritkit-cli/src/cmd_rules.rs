//! `meritkit rules list|show|check|schema`: merit rule sets.

use crate::output::{emit, json};
use crate::Lang;
use clap::Subcommand;
use meritkit::error::Error;
use meritkit::rules;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// List the built-in rule sets / daftar himpunan aturan bawaan.
    List,
    /// Print a built-in rule set or a rule file (TOML by default) / tampilkan himpunan aturan.
    Show {
        /// Built-in name or file.
        rules: String,
        /// Print JSON instead of TOML.
        #[arg(long)]
        json: bool,
    },
    /// Check a rule file, with located errors / periksa berkas aturan.
    Check {
        /// Rule file (TOML or JSON).
        file: PathBuf,
    },
    /// Print the JSON Schema of rule files / skema JSON berkas aturan.
    Schema,
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    match a.cmd {
        Cmd::List => {
            let mut s = String::new();
            for r in meritkit::api::rule_sets()? {
                s.push_str(&format!(
                    "{:<18} v{} [{}] {} {}\n  {}\n",
                    r.name,
                    r.version,
                    &r.fingerprint[..12],
                    r.rules,
                    if lang == Lang::En { "rules" } else { "aturan" },
                    r.implements
                ));
            }
            emit(&s, None)?;
        }
        Cmd::Show { rules: spec, json: as_json } => {
            let set = crate::sources::rule_set(&spec)?;
            let text = if as_json { json(&set) } else { set.to_toml()? };
            if !as_json {
                emit(&format!("# fingerprint: {}\n", set.fingerprint()), None)?;
                let title = match lang {
                    Lang::En => "basis (rule, kind, confidence, instrument):",
                    Lang::Id => "dasar (aturan, jenis, keyakinan, peraturan):",
                };
                let items = set.rules.iter().filter_map(|r| r.basis.as_ref().map(|b| (r.id.as_str(), b)));
                emit(&crate::output::basis_comment(title, items), None)?;
            }
            emit(&text, None)?;
        }
        Cmd::Check { file } => {
            let set = crate::sources::rule_set_file(&file)?;
            let msg = match lang {
                Lang::En => format!(
                    "ok: rule set `{}` version {} is valid ({} rule(s)), fingerprint {}\n",
                    crate::safe::term(&set.name),
                    crate::safe::term(&set.version),
                    set.rules.len(),
                    set.fingerprint()
                ),
                Lang::Id => format!(
                    "ok: himpunan aturan `{}` versi {} valid ({} aturan), sidik {}\n",
                    crate::safe::term(&set.name),
                    crate::safe::term(&set.version),
                    set.rules.len(),
                    set.fingerprint()
                ),
            };
            emit(&msg, None)?;
        }
        Cmd::Schema => emit(&json(&rules::schema()), None)?,
    }
    Ok(0)
}
