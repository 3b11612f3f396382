//! `meritkit report`: spreadsheet in, one self-contained HTML report (and
//! optionally an XLSX workbook) out.
//!
//! Exit codes: 0 = every row placed or on hold; 3 = some rows had errors
//! (they are listed in the report); 2 = unusable input (unreadable file,
//! unknown headers, bad policy or arguments).

use crate::i18n::{pick, t};
use crate::input::{load_mapping, read_table, Options};
use crate::output::{emit, emit_bytes, problem};
use crate::privacy::Redactor;
use crate::report::{Audit, Extra, Report};
use crate::{Lang, EXIT_ROW_ERRORS, EXIT_UNUSABLE};
use meritkit::error::{Code, Error};
use meritkit::scoring::{score_rows, Context};
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Inputs above this many rows get a progress bar (on a terminal).
pub const PROGRESS_MIN_ROWS: usize = 2000;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, short, help = t::HELP_INPUT.both())]
    pub input: PathBuf,
    #[arg(long, help = t::HELP_SHEET.both())]
    pub sheet: Option<String>,
    #[arg(long, help = t::HELP_MAPPING.both())]
    pub mapping: Option<PathBuf>,
    #[arg(long, help = t::HELP_POSITIONS.both())]
    pub positions: Option<PathBuf>,
    #[arg(long, short, help = t::HELP_OUTPUT.both())]
    pub output: PathBuf,
    #[arg(long, help = t::HELP_XLSX.both())]
    pub xlsx: Option<PathBuf>,
    #[arg(long, short, default_value = "permenpanrb_3_2020", help = t::HELP_POLICY.both())]
    pub policy: String,
    #[arg(long, help = t::HELP_RULES.both())]
    pub rules: Option<String>,
    #[arg(long, help = t::HELP_DATE.both())]
    pub date: Option<String>,
    #[arg(long, help = t::HELP_TITLE.both())]
    pub title: Option<String>,
    #[arg(long, help = t::HELP_REDACT.both())]
    pub redact: bool,
    #[arg(long, env = "MERITKIT_REDACT_KEY", hide_env_values = true, help = t::HELP_REDACT_KEY.both())]
    pub redact_key: Option<String>,
    #[arg(long, help = t::HELP_SHOW_PERSONAL.both())]
    pub show_personal_data: bool,
    #[arg(long, short, help = t::HELP_QUIET.both())]
    pub quiet: bool,
    #[arg(long, help = t::HELP_JSON_ERRORS.both())]
    pub json_errors: bool,
}

/// SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Input(vec![problem(Code::InvalidInput, "", t::IN_READ, &[&e])]))?;
    Ok(meritkit::policy::hex(&Sha256::digest(&bytes)))
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Generation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn generated_at() -> String {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Rule set of the eligibility section when `--rules` is not given.
pub const DEFAULT_RULES: &str = "talent_pool_entry";

/// A rule set: built-in name or TOML/JSON file.
fn load_rules(spec: &str) -> Result<meritkit::rules::RuleSet, Error> {
    // A failure here is about the rule set, not the scoring policy.
    crate::output::RULES_CONTEXT.store(true, std::sync::atomic::Ordering::Relaxed);
    let r = load_rules_inner(spec);
    if r.is_ok() {
        crate::output::RULES_CONTEXT.store(false, std::sync::atomic::Ordering::Relaxed);
    }
    r
}

fn load_rules_inner(spec: &str) -> Result<meritkit::rules::RuleSet, Error> {
    let p = Path::new(spec);
    if p.exists() {
        let text = std::fs::read_to_string(p).map_err(|e| Error::Input(vec![problem(Code::InvalidInput, "rules", t::IN_READ, &[&e])]))?;
        meritkit::rules::parse_rule_set(&text)
    } else {
        meritkit::rules::builtin(spec)
    }
}

/// Every NIP and name of the input (to pseudonymise them wherever they appear).
fn personal_strings(rows: &[meritkit::scoring::ParsedRow]) -> (std::collections::HashSet<String>, std::collections::HashSet<String>) {
    let mut nips = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for r in rows {
        match r {
            Ok(e) => {
                nips.insert(e.nip.clone());
                if let Some(n) = &e.name {
                    names.insert(n.clone());
                }
            }
            Err(f) => {
                if let Some(n) = &f.nip {
                    nips.insert(n.clone());
                }
            }
        }
    }
    (nips, names)
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let json_errors = a.json_errors;
    match build(a, lang) {
        Ok(code) => Ok(code),
        Err(e) if json_errors => {
            let v = serde_json::json!({"ok": false, "error": meritkit::api::ErrorAnswer::from(&e)});
            eprintln!("{v}");
            Ok(EXIT_UNUSABLE)
        }
        Err(e) => Err(e),
    }
}

fn build(a: Args, lang: Lang) -> Result<u8, Error> {
    let redactor = if a.redact {
        match a.redact_key.as_deref().filter(|k| !k.is_empty()) {
            Some(k) => Some(Redactor::new(k)),
            None => return Err(Error::Request(vec![problem(Code::InvalidRequest, "redact_key", t::REDACT_NEEDS_KEY, &[])])),
        }
    } else {
        None
    };
    let policy = crate::cmd_policy::load(&a.policy)?;
    let today = crate::cmd_score::reference_date(a.date.as_deref())?;
    let mapping = load_mapping(a.mapping.as_deref())?;
    let mapping_desc = match &a.mapping {
        Some(p) => format!("{} (SHA-256 {})", file_name(p), file_sha256(p)?),
        None => t::R_MAPPING_BUILTIN.get(lang).to_string(),
    };
    let input_sha256 = file_sha256(&a.input)?;
    let show_bar = !a.quiet && std::io::stderr().is_terminal();
    let bar: std::cell::RefCell<Option<indicatif::ProgressBar>> = std::cell::RefCell::new(None);
    let progress = |done: usize, total: usize| {
        if !show_bar || total < PROGRESS_MIN_ROWS {
            return;
        }
        let mut b = bar.borrow_mut();
        let pb = b.get_or_insert_with(|| {
            let pb = indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
            if let Ok(st) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
                pb.set_style(st.progress_chars("=> "));
            }
            pb.set_message(t::PROGRESS_READ.get(lang));
            pb
        });
        pb.set_position(done as u64);
    };
    let table = read_table(&a.input, &Options { sheet: a.sheet.clone(), mapping }, &progress)?;
    if let Some(pb) = bar.borrow().as_ref() {
        pb.set_message(t::PROGRESS_SCORE.get(lang));
    }
    let mut out = score_rows(&table.rows, &policy, &Context { today: Some(today) });
    let positions = match &a.positions {
        Some(p) => Some((crate::positions::read(p)?, (file_name(p), file_sha256(p)?))),
        None => None,
    };
    // Merit rules (eligibility) and succession come from the core.
    let rule_set = load_rules(a.rules.as_deref().unwrap_or(DEFAULT_RULES))?;
    let validated = meritkit::rules::validate_rows(&table.rows, &rule_set, today, &policy);
    let succession = match &positions {
        Some((ps, _)) => {
            let req = meritkit::api::SuccessionRequest {
                policy: Some(crate::cmd_succession::policy_value(&a.policy)?),
                ..meritkit::api::SuccessionRequest::new(ps.clone(), today.to_string())
            };
            // Eligibility of each candidate: the merit rule set of the target's kind (as `meritkit succession`).
            let gate = meritkit::succession::rules_gate::RulesGate::new(&policy, vec![])?;
            Some(meritkit::api::succession_rows(&table.rows, &req, &gate, true)?)
        }
        None => None,
    };
    if let Some(pb) = bar.borrow_mut().take() {
        pb.finish_and_clear();
    }
    let origin = |i: usize| table.origins.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
    let mut extra = Extra { eligibility: Ok(crate::report_extra::eligibility(&validated, lang, &origin)), ..Extra::default() };
    if let Some(s) = &succession {
        extra.succession = Ok(crate::report_extra::succession(s, lang));
        extra.bench = Ok(crate::report_extra::bench(s, lang));
        extra.fairness = Ok(crate::report_extra::fairness(s, lang));
    }
    if let Some(r) = &redactor {
        let (nips, names) = personal_strings(&table.rows);
        r.apply(&mut out);
        for tables in [&mut extra.eligibility, &mut extra.succession, &mut extra.bench, &mut extra.fairness].into_iter().flatten() {
            r.apply_tables(tables, &nips, &names);
        }
    }
    let report = Report {
        lang,
        title: a.title.clone().unwrap_or_else(|| t::R_TITLE.get(lang).to_string()),
        grid: policy.grid().into_owned(),
        origins: table.origins,
        locator: table.locator,
        warnings: table.warnings,
        redacted: redactor.is_some(),
        audit: Audit {
            input_name: file_name(&a.input),
            input_sha256,
            sheet: table.sheet,
            mapping: mapping_desc,
            positions: positions.as_ref().map(|(_, info)| info.clone()),
            rule_set: Some(format!("{} {} ({})", validated.rule_set.name, validated.rule_set.version, validated.rule_set.fingerprint)),
            succession_policy: succession.as_ref().map(|s| format!("{} ({})", s.policy.succession.name, s.policy.succession.fingerprint)),
            basis: policy
                .basis
                .iter()
                .map(|(f, b)| (format!("{}: {f}", policy.name), b.clone()))
                .chain(rule_set.rules.iter().filter_map(|x| x.basis.clone().map(|b| (format!("{}: {}", rule_set.name, x.id), b))))
                .collect(),
            reference_date: today.to_string(),
            generated_at: generated_at(),
        },
        positions: positions.map(|(p, _)| p),
        extra,
        out,
    };
    emit(&crate::report_html::render(&report), Some(&a.output))?;
    if let Some(x) = &a.xlsx {
        emit_bytes(&crate::report_xlsx::render(&report)?, Some(x))?;
    }
    let tot = &report.out.summary.total;
    if a.json_errors {
        let errors: Vec<serde_json::Value> = report
            .out
            .errors
            .iter()
            .map(|e| {
                let mut v = serde_json::json!({"row": e.row, "origin": report.origin(e.row), "code": e.code, "path": e.path, "message": e.message});
                if a.show_personal_data || a.redact {
                    v["nip"] = serde_json::json!(e.nip);
                }
                v
            })
            .collect();
        let v = serde_json::json!({"ok": true, "rows": tot.rows, "placed": tot.placed, "holding": tot.holding,
            "errors": errors, "warnings": report.warnings, "output": a.output, "xlsx": a.xlsx});
        eprintln!("{v}");
    } else if !a.quiet {
        for w in &report.warnings {
            eprintln!("meritkit: {}: [{}] {}: {}", t::WARNING.get(lang), w.code, w.path, pick(&w.message, lang));
        }
        for e in &report.out.errors {
            let who = match (&e.nip, a.show_personal_data || a.redact) {
                (Some(n), true) => format!("{} ({n})", report.origin(e.row)),
                _ => report.origin(e.row),
            };
            eprintln!("{}", t::ROW_ERROR_LINE.fmt(lang, &[&t::ROW.get(lang), &who, &e.code, &e.path, &pick(&e.message, lang)]));
        }
        eprintln!("meritkit: {}", t::DONE_REPORT.fmt(lang, &[&a.output.display(), &tot.rows, &tot.placed, &tot.holding, &tot.errors]));
        if let Some(x) = &a.xlsx {
            eprintln!("meritkit: {}", t::DONE_XLSX.fmt(lang, &[&x.display()]));
        }
    }
    Ok(if report.out.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}
