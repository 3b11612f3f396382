//! `meritkit report`: spreadsheet in, one self-contained HTML report (and
//! optionally an XLSX workbook) out.
//!
//! Exit codes: 0 = every row placed or on hold; 3 = some rows had errors
//! (they are listed in the report); 2 = unusable input (unreadable file,
//! unknown headers, bad policy or arguments).

use crate::i18n::{pick, t};
use crate::input::{load_mapping, read_table_bytes, Options};
use crate::output::{emit, emit_bytes, problem};
use crate::privacy::Redactor;
use crate::report::{relabel_sheet, Audit, Extra, Report};
use crate::safe::term;
use crate::{Lang, EXIT_ROW_ERRORS, EXIT_UNUSABLE};
use meritkit::error::{Code, Error};
use meritkit::scoring::{score_rows_within, Context};
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
    #[arg(long, short, help = t::HELP_QUIET.both())]
    pub quiet: bool,
    #[arg(long, help = t::HELP_JSON_ERRORS.both())]
    pub json_errors: bool,
    #[arg(long, help = t::HELP_PREVIOUS.both())]
    pub previous: Option<PathBuf>,
    #[arg(long, help = t::HELP_PREVIOUS_DATE.both())]
    pub previous_date: Option<String>,
}

/// SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> Result<String, Error> {
    let bytes = crate::input::read_capped(
        path,
        crate::input::FileRole::Config,
        crate::input::Limits::current().max_config_bytes,
        "file",
    )?;
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

/// Every NIP and name of the input (to pseudonymise them wherever they appear).
fn personal_strings(
    rows: &[meritkit::scoring::ParsedRow],
) -> (std::collections::HashSet<String>, std::collections::HashSet<String>) {
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

/// Shortest accepted pseudonym key, in bytes (UTF-8). The pseudonyms are
/// HMAC-SHA256 tags of NIPs, and NIPs are guessable (a birth date, a TMT, a
/// serial): whoever can guess the key can recompute every pseudonym, so the
/// key is the only secret. 16 bytes is the floor for a long random phrase;
/// use more (a random 32-byte key) where the report leaves the agency.
/// Counted without whitespace: a key of 16 spaces is no secret.
pub const MIN_REDACT_KEY_BYTES: usize = 16;

/// Fewest different characters in a pseudonym key (`aaaaaaaaaaaaaaaa` is
/// as guessable as a short key). A random phrase or a random key passes.
pub const MIN_REDACT_KEY_DISTINCT: usize = 8;

/// Whether a pseudonym key is strong enough: at least [`MIN_REDACT_KEY_BYTES`]
/// bytes that are not whitespace, with at least [`MIN_REDACT_KEY_DISTINCT`]
/// different characters. An empty key (`MERITKIT_REDACT_KEY=""`, an unset
/// shell variable) is refused like a short one, never taken as "no key":
/// whoever set it meant pseudonyms.
pub fn strong_key(k: &str) -> bool {
    let solid: Vec<char> = k.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes: usize = solid.iter().map(|c| c.len_utf8()).sum();
    let mut distinct = solid.clone();
    distinct.sort_unstable();
    distinct.dedup();
    bytes >= MIN_REDACT_KEY_BYTES && distinct.len() >= MIN_REDACT_KEY_DISTINCT
}

/// Whether two paths name the same file: the same device and inode when
/// both exist (hard links, symbolic links), else the same canonical path
/// (for an output that does not exist yet: its canonical folder + name).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    fn canonical(p: &Path) -> Option<PathBuf> {
        p.canonicalize().ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Some(parent.canonicalize().ok()?.join(p.file_name()?))
        })
    }
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Refuses (`output_overwrites_input`) an output that is the same file as an
/// input (data, mapping, positions, policy or rules file) or as the other output.
fn check_paths(a: &Args) -> Result<(), Error> {
    let mut inputs: Vec<(&str, &Path)> = vec![("--input", a.input.as_path())];
    if let Some(m) = &a.mapping {
        inputs.push(("--mapping", m));
    }
    if let Some(p) = &a.positions {
        inputs.push(("--positions", p));
    }
    if Path::new(&a.policy).exists() {
        inputs.push(("--policy", Path::new(&a.policy)));
    }
    if let Some(r) = a.rules.as_deref().map(Path::new).filter(|r| r.exists()) {
        inputs.push(("--rules", r));
    }
    let mut outputs: Vec<(&str, &Path)> = vec![("--output", a.output.as_path())];
    if let Some(x) = &a.xlsx {
        outputs.push(("--xlsx", x));
    }
    let mut ps = Vec::new();
    for (i, (oflag, out)) in outputs.iter().enumerate() {
        for (flag, other) in inputs.iter().chain(&outputs[..i]) {
            if same_file(out, other) {
                ps.push(problem(
                    Code::OutputOverwritesInput,
                    oflag.trim_start_matches('-'),
                    t::OUT_SAME_FILE,
                    &[oflag, flag],
                ));
            }
        }
    }
    if ps.is_empty() {
        Ok(())
    } else {
        Err(Error::Request(ps))
    }
}

fn build(a: Args, lang: Lang) -> Result<u8, Error> {
    let mut a = a;
    // A key given (flag or MERITKIT_REDACT_KEY) means the user wants pseudonyms: it implies --redact.
    let key = a.redact_key.as_deref();
    if key.is_some() && !a.redact && !a.quiet && !a.json_errors {
        eprintln!("meritkit: {}", t::REDACT_IMPLIED.get(lang));
    }
    a.redact |= key.is_some();
    let redactor = if a.redact {
        match key {
            Some(k) if strong_key(k) => Some(Redactor::new(k)),
            Some(_) => {
                return Err(Error::Request(vec![problem(
                    Code::WeakRedactKey,
                    "redact_key",
                    t::REDACT_KEY_SHORT,
                    &[&MIN_REDACT_KEY_BYTES, &MIN_REDACT_KEY_DISTINCT],
                )]))
            }
            None => {
                return Err(Error::Request(vec![problem(Code::InvalidRequest, "redact_key", t::REDACT_NEEDS_KEY, &[])]))
            }
        }
    } else {
        None
    };
    check_paths(&a)?;
    let policy = crate::sources::policy(&a.policy)?;
    let today = crate::sources::reference_date(a.date.as_deref())?;
    let mapping = load_mapping(a.mapping.as_deref())?;
    // A redacted report names files by extension and keyed hash (a file may be named after a person).
    let shown_name = |p: &Path| match &redactor {
        Some(r) if !crate::privacy::show_personal() => r.file(&file_name(p)),
        _ => file_name(p),
    };
    let mapping_desc = match &a.mapping {
        Some(p) => format!("{} (SHA-256 {})", shown_name(p), file_sha256(p)?),
        None => t::R_MAPPING_BUILTIN.get(lang).to_string(),
    };
    // The input is read once (it may be stdin or a pipe): hashed and parsed from the same bytes.
    let input_bytes = crate::input::read_data_bytes(&a.input)?;
    let input_sha256 = meritkit::policy::hex(&Sha256::digest(&input_bytes));
    let show_bar = !a.quiet && std::io::stderr().is_terminal();
    let bar: std::cell::RefCell<Option<indicatif::ProgressBar>> = std::cell::RefCell::new(None);
    let progress = |done: usize, total: usize| {
        if !show_bar || total < PROGRESS_MIN_ROWS {
            return;
        }
        let mut b = bar.borrow_mut();
        let pb = b.get_or_insert_with(|| {
            let pb =
                indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
            if let Ok(st) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
                pb.set_style(st.progress_chars("=> "));
            }
            pb.set_message(t::PROGRESS_READ.get(lang));
            pb
        });
        pb.set_position(done as u64);
    };
    let mut table = read_table_bytes(
        &a.input.to_string_lossy(),
        &input_bytes,
        &Options { sheet: a.sheet.clone(), mapping, ..Options::default() },
        &progress,
    )?;
    drop(input_bytes);
    if let Some(pb) = bar.borrow().as_ref() {
        pb.set_message(t::PROGRESS_SCORE.get(lang));
    }
    let mut out =
        score_rows_within(&table.rows, &policy, &Context::placements(Some(today)), crate::bounds::max_error_rows())
            .map_err(|e| crate::bounds::too_many_error_rows(e, &table.origins))?;
    // A redacted report names the sheet by its position (`sheet 2`), not by its
    // name (which may be a person's): in origins, cell references, warnings and messages.
    let sheet_alias = match (&redactor, &table.sheet, table.sheet_position) {
        (Some(_), Some(name), Some(pos)) if !crate::privacy::show_personal() => Some((name.clone(), pos)),
        _ => None,
    };
    if let Some((name, pos)) = &sheet_alias {
        let label = |l: Lang| t::R_SHEET_AT.fmt(l, &[pos]);
        let msg = |m: &mut meritkit::Message| {
            m.en = relabel_sheet(&m.en, name, &label(Lang::En));
            m.id = relabel_sheet(&m.id, name, &label(Lang::Id));
        };
        for o in &mut table.origins {
            *o = relabel_sheet(o, name, &label(lang));
        }
        for w in &mut table.warnings {
            w.path = relabel_sheet(&w.path, name, &label(lang));
            msg(&mut w.message);
        }
        for e in &mut out.errors {
            e.path = relabel_sheet(&e.path, name, &label(lang));
            msg(&mut e.message);
        }
    }
    // Error entries name a row by its file position; the NIP only with
    // --show-personal-data (or, pseudonymised, with --redact).
    if !a.redact {
        crate::privacy::hide_error_nips(&mut out.errors);
    }
    let positions = match &a.positions {
        Some(p) => Some((crate::positions::read(p)?, (shown_name(p), file_sha256(p)?))),
        None => None,
    };
    // Merit rules (eligibility) and succession come from the core.
    let rule_set = crate::sources::rule_set(a.rules.as_deref().unwrap_or(DEFAULT_RULES))?;
    let validated = meritkit::rules::validate_rows(&table.rows, &rule_set, today, &policy);
    let succession = match &positions {
        Some((ps, _)) => {
            let (max_positions, max_pairs) = crate::bounds::succession_limits();
            let req = meritkit::api::SuccessionRequest {
                policy: Some(crate::sources::policy_source(&a.policy)?),
                max_positions,
                max_pairs,
                max_error_rows: Some(crate::bounds::max_error_rows()),
                ..meritkit::api::SuccessionRequest::new(ps.clone(), today.to_string())
            };
            // Eligibility of each candidate: the merit rule set of the target's kind (the default gate, as
            // `meritkit succession`).
            Some(meritkit::api::succession_rows_gated(&table.rows, &req)?)
        }
        None => None,
    };
    if let Some(pb) = bar.borrow_mut().take() {
        pb.finish_and_clear();
    }
    let origin = |i: usize| table.origins.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
    let mut extra =
        Extra { eligibility: Ok(crate::report_extra::eligibility(&validated, lang, &origin)), ..Extra::default() };
    if let Some(s) = &succession {
        extra.succession = Ok(crate::report_extra::succession(s, lang));
        extra.bench = Ok(crate::report_extra::bench(s, lang));
        extra.fairness = Ok(crate::report_extra::fairness(s, lang));
    }
    if let Some(prev) = &a.previous {
        let prev_date = match &a.previous_date {
            Some(d) => meritkit::api::parse_date(d)?,
            None => today.checked_sub(jiff::Span::new().years(1)).map_err(Error::internal)?,
        };
        let before = crate::input::read_table(prev, &crate::input::Options::default(), &|_, _| {})?;
        let periods = [
            meritkit::movement::Period {
                label: prev_date.year().to_string(),
                date: prev_date,
                rows: meritkit::movement::Rows::Records(&before.rows),
            },
            meritkit::movement::Period {
                label: today.year().to_string(),
                date: today,
                rows: meritkit::movement::Rows::Records(&table.rows),
            },
        ];
        let opts = meritkit::movement::Options {
            max_error_rows: crate::bounds::max_error_rows(),
            ..meritkit::movement::Options::default()
        };
        let cmp = meritkit::movement::compare(&periods, &policy, &opts)?;
        extra.movement = Ok(crate::report_extra::movement(&cmp, &policy.grid(), lang));
    }
    if let Some(r) = &redactor {
        let (nips, names) = personal_strings(&table.rows);
        r.apply(&mut out);
        for tables in
            [&mut extra.eligibility, &mut extra.succession, &mut extra.bench, &mut extra.fairness, &mut extra.movement]
                .into_iter()
                .flatten()
        {
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
        sheet_alias: sheet_alias.as_ref().map(|(n, p)| (n.clone(), t::R_SHEET_AT.fmt(lang, &[p]))),
        audit: Audit {
            input_name: shown_name(&a.input),
            input_sha256,
            sheet: match &sheet_alias {
                Some((_, p)) => Some(t::R_SHEET_AT.fmt(lang, &[p])),
                None if redactor.is_some() && !crate::privacy::show_personal() => {
                    table.sheet.as_ref().map(|_| t::R_SHEET_AT.fmt(lang, &[&"?"]))
                }
                None => table.sheet,
            },
            mapping: mapping_desc,
            positions: positions.as_ref().map(|(_, info)| info.clone()),
            rule_set: Some(format!(
                "{} {} ({})",
                validated.rule_set.name, validated.rule_set.version, validated.rule_set.fingerprint
            )),
            succession_policy: succession
                .as_ref()
                .map(|s| format!("{} ({})", s.policy.succession.name, s.policy.succession.fingerprint)),
            basis: policy
                .basis
                .iter()
                .map(|(f, b)| (format!("{}: {f}", policy.name), b.clone()))
                .chain(
                    rule_set
                        .rules
                        .iter()
                        .filter_map(|x| x.basis.clone().map(|b| (format!("{}: {}", rule_set.name, x.id), b))),
                )
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
                if crate::privacy::show_personal() || a.redact {
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
            eprintln!(
                "meritkit: {}: [{}] {}: {}",
                t::WARNING.get(lang),
                w.code,
                term(&w.path),
                term(pick(&w.message, lang))
            );
        }
        for e in &report.out.errors {
            let who = match (&e.nip, crate::privacy::show_personal() || a.redact) {
                (Some(n), true) => format!("{} ({n})", report.origin(e.row)),
                _ => report.origin(e.row),
            };
            eprintln!(
                "{}",
                t::ROW_ERROR_LINE.fmt(
                    lang,
                    &[&t::ROW.get(lang), &term(&who), &e.code, &term(&e.path), &term(pick(&e.message, lang))]
                )
            );
        }
        eprintln!(
            "meritkit: {}",
            t::DONE_REPORT.fmt(lang, &[&a.output.display(), &tot.rows, &tot.placed, &tot.holding, &tot.errors])
        );
        if let Some(x) = &a.xlsx {
            eprintln!("meritkit: {}", t::DONE_XLSX.fmt(lang, &[&x.display()]));
        }
    }
    Ok(if report.out.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}
