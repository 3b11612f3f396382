//! `meritkit card`: one printable talent card per person (A4 HTML, Bahasa Indonesia by default): identity, box,
//! box history over earlier periods, competency gaps, readiness for target positions, development plan with its
//! review date. The content is the core's (`meritkit::development::development_rows`, the scoring, the
//! succession ranking); this command reads the files, pseudonymises with `--redact` as `report` does, and
//! renders ([`crate::talent_card`]).
//!
//! Exit codes: 0 = every row carded or filtered out; 3 = some rows had errors (listed on stderr); 2 = unusable
//! input.

use crate::i18n::t;
use crate::output::{emit, problem};
use crate::privacy::Redactor;
use crate::talent_card::{Card, Meta, Readiness};
use crate::{Lang, EXIT_ROW_ERRORS};
use meritkit::error::{Code, Error, Problem};
use meritkit::scoring::{score_rows_within, Context};
use meritkit::Message;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Employee file: XLSX, CSV, JSON or JSONL / berkas pegawai: XLSX, CSV, JSON atau JSONL.
    #[arg(long, short)]
    pub input: PathBuf,
    /// Target positions (XLSX, CSV or JSON): gaps against their standards and readiness from the succession
    /// ranking / jabatan target: kesenjangan terhadap standarnya dan kesiapan dari peringkat suksesi.
    #[arg(long)]
    pub positions: Option<PathBuf>,
    /// Only the cards of these NIPs (repeatable) / hanya kartu NIP ini (dapat diulang).
    #[arg(long = "nip", value_name = "NIP")]
    pub nips: Vec<String>,
    /// Development catalogue (TOML or JSON; the built-in `permenpanrb_3_2020` when absent) / katalog
    /// pengembangan (TOML atau JSON; bawaan `permenpanrb_3_2020` bila kosong).
    #[arg(long)]
    pub catalogue: Option<PathBuf>,
    /// Scoring policy: preset name or TOML/JSON file (also for the history files) / kebijakan penilaian: nama
    /// preset atau berkas TOML/JSON (juga untuk berkas riwayat).
    #[arg(long, short, default_value = "permenpanrb_3_2020")]
    pub policy: String,
    /// Reference date YYYY-MM-DD (today when absent) / tanggal acuan YYYY-MM-DD (hari ini bila kosong).
    #[arg(long)]
    pub date: Option<String>,
    /// An earlier period's employee file, `[LABEL=]FILE`, oldest first (repeatable): scored with the same reader
    /// and policy, matched by NIP / berkas pegawai periode sebelumnya, `[LABEL=]BERKAS`, terlama dahulu (dapat
    /// diulang): dinilai dengan pembaca dan kebijakan yang sama, dicocokkan menurut NIP.
    #[arg(long = "history", value_name = "[LABEL=]FILE")]
    pub history: Vec<String>,
    /// Pseudonymise NIPs and names with this key (at least 16 non-space bytes, 8 different characters; or
    /// MERITKIT_REDACT_KEY) / samarkan NIP dan nama dengan kunci ini (minimal 16 byte selain spasi, 8 karakter
    /// berbeda; atau MERITKIT_REDACT_KEY).
    #[arg(long, value_name = "KEY", env = "MERITKIT_REDACT_KEY", hide_env_values = true)]
    pub redact: Option<String>,
    /// HTML file of the cards / berkas HTML kartu.
    #[arg(long, short)]
    pub output: PathBuf,
}

fn bad_arg(path: &str, en: String, id: String) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

/// `[LABEL=]FILE`: an explicit label, else the file's stem (`None`: to be numbered when redacted).
/// A period label that cannot name a person: four digits of a year, optionally a
/// separator and up to four letters or digits (`2025`, `2025-S1`, `2025/2026` is not).
fn year_like(l: &str) -> bool {
    let b = l.as_bytes();
    let year = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    let rest = &b[b.len().min(4)..];
    year && (rest.is_empty()
        || (rest.len() >= 2
            && rest.len() <= 5
            && matches!(rest[0], b'-' | b'/' | b'.' | b' ')
            && rest[1..].iter().all(u8::is_ascii_alphanumeric)))
}

fn history_arg(s: &str) -> (Option<String>, PathBuf) {
    match s.split_once('=') {
        Some((l, f)) if !l.trim().is_empty() && !l.contains(['/', '\\']) && !f.is_empty() => {
            (Some(l.trim().to_string()), PathBuf::from(f))
        }
        _ => (None, PathBuf::from(s)),
    }
}

/// Readiness of each NIP for each position: the shortlist's readiness and rank, else the first gate failed.
fn readiness(out: &meritkit::succession::SuccessionOutput) -> HashMap<(String, String), Message> {
    let mut m = HashMap::new();
    for p in &out.positions {
        for c in &p.candidates {
            let (en, id) = (c.readiness.label_en(), c.readiness.label());
            m.insert(
                (p.id.clone(), c.nip.clone()),
                Message::new(format!("{en} (rank {})", c.rank), format!("{id} (peringkat {})", c.rank)),
            );
        }
        for x in &p.excluded {
            m.entry((p.id.clone(), x.nip.clone())).or_insert_with(|| {
                Message::new(format!("not a candidate: {}", x.reason.en), format!("bukan kandidat: {}", x.reason.id))
            });
        }
    }
    m
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let redactor = match a.redact.as_deref() {
        Some(k) if crate::cmd_report::strong_key(k) => Some(Redactor::new(k)),
        Some(_) => {
            return Err(Error::Request(vec![problem(
                Code::WeakRedactKey,
                "redact",
                t::REDACT_KEY_SHORT,
                &[&crate::cmd_report::MIN_REDACT_KEY_BYTES, &crate::cmd_report::MIN_REDACT_KEY_DISTINCT],
            )]))
        }
        None => None,
    };
    let history: Vec<(Option<String>, PathBuf)> = a.history.iter().map(|s| history_arg(s)).collect();
    let mut inputs: Vec<(&str, &Path)> = vec![("--input", a.input.as_path())];
    inputs.extend(a.positions.as_deref().map(|p| ("--positions", p)));
    inputs.extend(a.catalogue.as_deref().map(|p| ("--catalogue", p)));
    inputs.extend(history.iter().map(|(_, p)| ("--history", p.as_path())));
    if Path::new(&a.policy).exists() {
        inputs.push(("--policy", Path::new(&a.policy)));
    }
    let clash: Vec<Problem> = inputs
        .iter()
        .filter(|(_, p)| crate::cmd_report::same_file(&a.output, p))
        .map(|(flag, _)| problem(Code::OutputOverwritesInput, "output", t::OUT_SAME_FILE, &[&"--output", flag]))
        .collect();
    if !clash.is_empty() {
        return Err(Error::Request(clash));
    }
    let policy = crate::sources::policy(&a.policy)?;
    let today = crate::sources::reference_date(a.date.as_deref())?;
    let opts = crate::input::Options::default();
    let table = crate::input::read_table(&a.input, &opts, &|_, _| {})?;
    crate::output::print_warnings(&table.warnings, lang);
    let positions = a.positions.as_deref().map(crate::positions::read).transpose()?;
    let catalogue = match a.catalogue.as_deref() {
        Some(p) => Some(meritkit::source::Source::Text(
            crate::input::read_config_text(p, "catalogue").map_err(crate::input::as_policy_error)?,
        )),
        None => None,
    };
    let policy_source = crate::sources::policy_source(&a.policy)?;
    let req = meritkit::development::DevelopmentRequest {
        policy: Some(policy_source.clone()),
        positions: positions.clone(),
        catalogue,
        max_error_rows: Some(crate::bounds::max_error_rows()),
        ..meritkit::development::DevelopmentRequest::new(today.to_string())
    };
    let mut dev = meritkit::development::development_rows(&table.rows, &req).map_err(|e| match e {
        Error::Request(ps) if ps.iter().any(|p| p.code == Code::TooManyErrors) => Error::Input(ps),
        other => other,
    })?;
    // Readiness: the succession ranking with every ranked person on the shortlist (the card shows each one's).
    let ready = match &positions {
        Some(ps) if !ps.is_empty() => {
            let (max_positions, max_pairs) = crate::bounds::succession_limits();
            let sreq = meritkit::api::SuccessionRequest {
                policy: Some(policy_source),
                top: Some(table.rows.len().max(1)),
                max_positions,
                max_pairs,
                max_error_rows: Some(crate::bounds::max_error_rows()),
                ..meritkit::api::SuccessionRequest::new(ps.clone(), today.to_string())
            };
            readiness(&meritkit::api::succession_rows_gated(&table.rows, &sreq)?)
        }
        _ => HashMap::new(),
    };
    // History: each earlier file read and scored like the input, boxes matched by NIP.
    let mut periods: Vec<(String, HashMap<String, Option<u16>>)> = Vec::with_capacity(history.len());
    for (i, (label, file)) in history.iter().enumerate() {
        let h = crate::input::read_table(file, &opts, &|_, _| {})?;
        crate::output::print_warnings(&h.warnings, lang);
        let scored =
            score_rows_within(&h.rows, &policy, &Context::placements(Some(today)), crate::bounds::max_error_rows())
                .map_err(|e| crate::bounds::too_many_error_rows(e, &h.origins))?;
        let mut boxes = HashMap::new();
        for p in &scored.results {
            boxes.entry(p.nip.clone()).or_insert(p.box_);
        }
        // (a file name or a label may name a person: a redacted card keeps only labels that are a year,
        // optionally with a short part such as `2025-S1`, and numbers the other periods)
        let numbered = || format!("{} {}", if lang == Lang::En { "period" } else { "periode" }, i + 1);
        let label = match (label, &redactor) {
            (Some(l), Some(_)) if !year_like(l) => numbered(),
            (Some(l), _) => l.clone(),
            (None, Some(_)) => numbered(),
            (None, None) => file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        };
        periods.push((label, boxes));
    }
    // The people to card.
    let wanted: BTreeSet<&str> = a.nips.iter().map(|s| s.trim()).collect();
    if !wanted.is_empty() {
        let known: BTreeSet<&str> = dev.people.iter().map(|p| p.nip.as_str()).collect();
        let unknown = wanted.iter().filter(|n| !known.contains(*n)).count();
        if unknown > 0 {
            // (counted, never echoed: a NIP)
            return Err(bad_arg(
                "nip",
                format!("{unknown} --nip value(s) match no scored record of the input (see the row errors)"),
                format!("{unknown} nilai --nip tidak cocok dengan baris yang dinilai (lihat baris bermasalah)"),
            ));
        }
    }
    let titles: BTreeMap<usize, Option<String>> = table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().ok().map(|e| (i, e.position.title.clone())))
        .collect();
    let mut cards = Vec::new();
    for person in std::mem::take(&mut dev.people) {
        if !wanted.is_empty() && !wanted.contains(person.nip.as_str()) {
            continue;
        }
        let history = periods.iter().map(|(l, m)| (l.clone(), m.get(&person.nip).copied().flatten())).collect();
        let readiness = person
            .targets
            .iter()
            .filter_map(|tg| {
                ready.get(&(tg.id.clone(), person.nip.clone())).map(|status| Readiness {
                    id: tg.id.clone(),
                    title: tg.title.clone(),
                    status: status.clone(),
                })
            })
            .collect();
        let (nip, name) = match &redactor {
            Some(r) => (r.nip(&person.nip), person.name.as_deref().map(|n| r.name(n))),
            None => (person.nip.clone(), person.name.clone()),
        };
        let mut person = person;
        // (the answer's own copies too: nothing personal is left for the renderer to print by mistake)
        person.nip = nip.clone();
        person.name = name.clone();
        cards.push(Card {
            nip,
            name,
            position_title: titles.get(&person.row).cloned().flatten(),
            person,
            history,
            readiness,
        });
    }
    let meta = Meta {
        lang,
        redacted: redactor.is_some(),
        date: dev.date.clone(),
        policy: (dev.policy.name.clone(), dev.policy.fingerprint.clone()),
        catalogue: (dev.catalogue.name.clone(), dev.catalogue.fingerprint.clone()),
    };
    emit(&crate::talent_card::render(&cards, &policy.grid(), &meta), Some(&a.output))?;
    let mut errors = dev.errors;
    if redactor.is_none() {
        crate::privacy::hide_error_nips(&mut errors);
    } else if let Some(r) = &redactor {
        for e in &mut errors {
            e.nip = e.nip.as_deref().map(|n| r.nip(n));
        }
    }
    let lines = crate::privacy::row_error_lines(&errors, &table.origins, lang);
    if !lines.is_empty() {
        eprintln!("{}", lines.trim_end());
    }
    eprintln!(
        "meritkit: {}",
        if lang == Lang::En {
            format!("{} card(s) written: {}", cards.len(), a.output.display())
        } else {
            format!("{} kartu ditulis: {}", cards.len(), a.output.display())
        }
    );
    Ok(if errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_year_labels_survive_redaction() {
        assert!(year_like("2025") && year_like("2025-S1") && year_like("2025 Q4"));
        assert!(!year_like("Budi 198603262010071001") && !year_like("198603262010071001") && !year_like("25"));
        assert!(!year_like("2025-198603262010071001"));
    }

    #[test]
    fn history_arguments() {
        assert_eq!(history_arg("2024=a.csv"), (Some("2024".into()), PathBuf::from("a.csv")));
        assert_eq!(history_arg("dir/a=b.csv"), (None, PathBuf::from("dir/a=b.csv")));
        assert_eq!(history_arg("a.csv"), (None, PathBuf::from("a.csv")));
    }
}
