//! `meritkit rules list|show|check|schema`: merit rule sets.

use crate::output::{emit, json};
use crate::Lang;
use clap::Subcommand;
use meritkit::error::Error;
use meritkit::rules::{self, RuleSet};
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

/// Loads a rule set from a built-in name or a file path.
pub fn load(spec: &str) -> Result<RuleSet, Error> {
    let path = std::path::Path::new(spec);
    if path.exists() {
        let meta = std::fs::metadata(path).map_err(|e| read_err(&e))?;
        if meta.len() > rules::check::MAX_BYTES as u64 {
            return Err(Error::RuleSet(vec![meritkit::Problem::new(
                meritkit::Code::LimitExceeded,
                "",
                format!("rule file is {} bytes; at most {}", meta.len(), rules::check::MAX_BYTES),
                format!("berkas aturan {} byte; paling besar {}", meta.len(), rules::check::MAX_BYTES),
            )]));
        }
        let text = crate::input::read_config_text(path, "rules").map_err(crate::input::as_rule_set_error)?;
        rules::parse_rule_set(&text)
    } else if spec.contains(['/', '\\']) || [".toml", ".json"].iter().any(|x| spec.to_ascii_lowercase().ends_with(x)) {
        // a path that is not there, rather than "no built-in of that name" (the path is not echoed)
        Err(Error::RuleSet(vec![meritkit::Problem::new(
            meritkit::Code::InvalidRuleSet,
            "rules",
            "the rule file does not exist (a built-in rule-set name has no `/`, `\\` or file extension)",
            "berkas aturan tidak ada (nama himpunan aturan bawaan tidak memuat `/`, `\\` atau ekstensi berkas)",
        )]))
    } else {
        rules::builtin(spec)
    }
}

fn read_err(e: &std::io::Error) -> Error {
    Error::RuleSet(vec![meritkit::Problem::new(
        meritkit::Code::InvalidRuleSet,
        "",
        format!("cannot read rule file: {e}"),
        format!("berkas aturan tidak dapat dibaca: {e}"),
    )])
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
            let set = load(&spec)?;
            let text = if as_json { json(&set) } else { set.to_toml()? };
            if !as_json {
                emit(&format!("# fingerprint: {}\n", set.fingerprint()), None)?;
                let title = match lang {
                    Lang::En => "basis (rule, kind, confidence, instrument):",
                    Lang::Id => "dasar (aturan, jenis, keyakinan, peraturan):",
                };
                let items = set.rules.iter().filter_map(|r| r.basis.as_ref().map(|b| (r.id.as_str(), b)));
                emit(&crate::cmd_policy::basis_comment(title, items), None)?;
            }
            emit(&text, None)?;
        }
        Cmd::Check { file } => {
            let set = load(&file.to_string_lossy())?;
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
