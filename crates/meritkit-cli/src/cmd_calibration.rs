//! `meritkit calibration`: calibration sessions kept in a store (a SQLite
//! file per agency, or a PostgreSQL database given by its `postgres://` URL),
//! with a tamper-evident log that `verify` checks.

use crate::output::{emit, json};
use crate::{Lang, EXIT_ROW_ERRORS};
use meritkit::calibration::guideline::Guideline;
use meritkit::calibration::log;
use meritkit::calibration::ops::{snapshot_rows, SnapshotParams};
use meritkit::calibration::session::{Event, Move, SessionReport, Value};
use meritkit::error::{Code, Error, Problem};
use meritkit::performance::Predikat;
use meritkit_store::{Location, Store};
use std::fmt::Write;
use std::path::PathBuf;

/// The store when `--store` is not given.
pub const DEFAULT_STORE: &str = "meritkit-kalibrasi.sqlite";

#[derive(clap::Args)]
pub struct Args {
    /// Store: a SQLite file (one per agency) or a postgres:// URL / penyimpanan: berkas SQLite atau URL postgres://.
    #[arg(long, global = true, env = "MERITKIT_STORE", default_value = DEFAULT_STORE, hide_env_values = true)]
    pub store: String,
    /// Who acts (name or id), logged with the event / pelaku.
    #[arg(long, global = true, env = "MERITKIT_ACTOR")]
    pub actor: Option<String>,
    /// Time of the event, RFC 3339 (now when absent) / waktu peristiwa.
    #[arg(long, global = true)]
    pub time: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Subcommand)]
enum Cmd {
    /// Open a session: score a file and keep the proposed placements / buka sesi dari berkas pegawai.
    Snapshot {
        /// Employee file (CSV, XLSX, JSON) / berkas pegawai.
        #[arg(long, short)]
        input: PathBuf,
        /// Session id / id sesi.
        #[arg(long)]
        session: String,
        /// Title / judul.
        #[arg(long)]
        title: Option<String>,
        /// Scoring policy: preset or file.
        #[arg(long, short, default_value = "permenpanrb_3_2020")]
        policy: String,
        /// Reference date YYYY-MM-DD (today when absent).
        #[arg(long)]
        date: Option<String>,
        /// Group columns for the adverse impact of the moves (sex, age_band, unit, ...), comma-separated.
        #[arg(long, value_delimiter = ',')]
        group_by: Vec<String>,
    },
    /// Set the distribution guidelines / tetapkan pedoman distribusi.
    Guidelines {
        /// Session id.
        #[arg(long)]
        session: String,
        /// Guidelines file (JSON array) / berkas pedoman.
        #[arg(long, conflicts_with = "preset")]
        file: Option<PathBuf>,
        /// Preset: se_menpanrb_3_2023.
        #[arg(long, requires = "org_predikat")]
        preset: Option<String>,
        /// Organisation predikat for the preset (istimewa, baik, butuh_perbaikan, kurang, sangat_kurang).
        #[arg(long)]
        org_predikat: Option<String>,
        /// Mode for the preset's guidelines: warn or enforce.
        #[arg(long, default_value = "warn")]
        mode: String,
    },
    /// Start the meeting / mulai rapat.
    Begin {
        /// Session id.
        #[arg(long)]
        session: String,
    },
    /// Move people / pindahkan pegawai.
    Move {
        /// Session id.
        #[arg(long)]
        session: String,
        /// NIP of the person (or --file for a bulk move).
        #[arg(long, conflicts_with = "file")]
        nip: Option<String>,
        /// Box the person is in now (0: holding area).
        #[arg(long, conflicts_with_all = ["from_predikat", "to_predikat"])]
        from_box: Option<u16>,
        /// Box to move to (0: holding area).
        #[arg(long, conflicts_with_all = ["from_predikat", "to_predikat"])]
        to_box: Option<u16>,
        /// Predikat now (code or label).
        #[arg(long)]
        from_predikat: Option<String>,
        /// Predikat to move to.
        #[arg(long)]
        to_predikat: Option<String>,
        /// Bulk move: JSON array of {nip, from, to}.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Reason code (snake_case).
        #[arg(long)]
        reason_code: String,
        /// Reason in words.
        #[arg(long)]
        reason: String,
    },
    /// Finalise (locks; enforce guidelines must hold) / finalkan.
    Finalise {
        /// Session id.
        #[arg(long)]
        session: String,
    },
    /// Reopen a finalised session (logged) / buka kembali.
    Reopen {
        /// Session id.
        #[arg(long)]
        session: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Report a session: raw and calibrated, guidelines, impact / laporan sesi.
    Report {
        /// Session id.
        #[arg(long)]
        session: String,
        /// json or table.
        #[arg(long, short, default_value = "table")]
        format: String,
        /// Output file (stdout when absent).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Verify a session's log, in the store or exported / periksa keutuhan log.
    Verify {
        /// Session id in the store.
        #[arg(long, conflicts_with = "jsonl", required_unless_present = "jsonl")]
        session: Option<String>,
        /// An exported JSONL log.
        #[arg(long)]
        jsonl: Option<PathBuf>,
        /// The head hash recorded in the meeting's minutes: the log must still hold that entry.
        #[arg(long)]
        head: Option<String>,
    },
    /// Export a session's log as JSONL / ekspor log.
    Export {
        /// Session id.
        #[arg(long)]
        session: String,
        /// Output file (stdout when absent).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import a JSONL log as a new session (verified first) / impor log.
    Import {
        /// The JSONL file.
        file: PathBuf,
    },
    /// List the sessions of the store / daftar sesi.
    List,
}

fn actor(a: &Args) -> Result<String, Error> {
    a.actor.clone().ok_or_else(|| {
        Error::Request(vec![Problem::new(
            Code::MissingField,
            "--actor",
            "name who acts with --actor (or MERITKIT_ACTOR)",
            "sebutkan pelaku dengan --actor (atau MERITKIT_ACTOR)",
        )])
    })
}

fn now(a: &Args) -> String {
    a.time.clone().unwrap_or_else(|| jiff::Timestamp::now().to_string())
}

fn open(at: &str) -> Result<Store, Error> {
    Store::open_at(&Location::parse(at))
}

fn open_read(at: &str) -> Result<Store, Error> {
    Store::open_read_at(&Location::parse(at))
}

fn box_value(b: Option<u16>) -> Option<Value> {
    b.map(|b| Value::Box((b != 0).then_some(b)))
}

fn predikat_value(s: Option<&str>, flag: &str) -> Result<Option<Value>, Error> {
    s.map(|s| {
        Predikat::parse(s).map(|p| Value::Predikat(Some(p))).ok_or_else(|| {
            Error::Request(vec![Problem::new(
                Code::InvalidValue,
                flag,
                "expected a predikat: sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang",
                "harus predikat: sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang",
            )])
        })
    })
    .transpose()
}

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let time = now(&a);
    match &a.cmd {
        Cmd::Snapshot { input, session, title, policy, date, group_by } => {
            let actor = actor(&a)?;
            let policy = crate::sources::policy(policy)?;
            let today = crate::sources::reference_date(date.as_deref())?;
            let table = crate::input::read_table(input, &crate::input::Options::default(), &|_, _| {})?;
            crate::output::print_warnings(&table.warnings, lang);
            let params = SnapshotParams {
                session,
                title: title.as_deref(),
                policy: &policy,
                today: Some(today),
                group_by,
                max_error_rows: crate::bounds::max_error_rows(),
                actor: &actor,
                time: &time,
            };
            let mut answer = snapshot_rows(&table.rows, &params)?;
            let mut store = open(&a.store)?;
            let e = store.create(&time, &actor, answer.entry.event.clone())?;
            crate::privacy::hide_error_nips(&mut answer.errors);
            let Event::Snapshot(s) = &e.event else { return Ok(0) };
            say(
                lang,
                &format!(
                    "session {session}: {} people, {} rows with errors; entry 1 {}",
                    s.subjects.len(),
                    answer.errors.len(),
                    e.hash
                ),
                &format!(
                    "sesi {session}: {} pegawai, {} baris bermasalah; entri 1 {}",
                    s.subjects.len(),
                    answer.errors.len(),
                    e.hash
                ),
            );
            for err in &answer.errors {
                let m = if lang == Lang::En { &err.message.en } else { &err.message.id };
                eprintln!("  {} [{}] {}: {}", crate::privacy::origin(&table.origins, err.row), err.code, err.path, m);
            }
            Ok(if answer.errors.is_empty() { 0 } else { EXIT_ROW_ERRORS })
        }
        Cmd::Guidelines { session, file, preset, org_predikat, mode } => {
            let guidelines: Vec<Guideline> = match (file, preset) {
                (Some(f), None) => {
                    let text = crate::input::read_config_text(f, "guidelines")?;
                    meritkit::api::parse_request(&text)?
                }
                (None, Some(name)) => {
                    let req = serde_json::json!({"name": name, "org_predikat": org_predikat});
                    let r: meritkit::calibration::ops::GuidelinePresetRequest =
                        meritkit::api::parse_request(&req.to_string())?;
                    let mut gs = meritkit::calibration::ops::guideline_preset(&r)?;
                    let m = meritkit::api::parse_request(&serde_json::Value::String(mode.clone()).to_string())?;
                    for g in &mut gs {
                        g.mode = m;
                    }
                    gs
                }
                _ => {
                    return Err(Error::Request(vec![Problem::new(
                        Code::MissingField,
                        "--file",
                        "give the guidelines with --file or --preset",
                        "berikan pedoman dengan --file atau --preset",
                    )]))
                }
            };
            append(&a, session, Event::Guidelines { guidelines }, lang)
        }
        Cmd::Begin { session } => append(&a, session, Event::Start {}, lang),
        Cmd::Finalise { session } => append(&a, session, Event::Finalise {}, lang),
        Cmd::Reopen { session, reason } => append(&a, session, Event::Reopen { reason: reason.clone() }, lang),
        Cmd::Move { session, nip, from_box, to_box, from_predikat, to_predikat, file, reason_code, reason } => {
            let moves: Vec<Move> = match (nip, file) {
                (Some(nip), None) => {
                    let from = box_value(*from_box).or(predikat_value(from_predikat.as_deref(), "--from-predikat")?);
                    let to = box_value(*to_box).or(predikat_value(to_predikat.as_deref(), "--to-predikat")?);
                    let (Some(from), Some(to)) = (from, to) else {
                        return Err(Error::Request(vec![Problem::new(
                            Code::MissingField,
                            "--from-box",
                            "give --from-box and --to-box, or --from-predikat and --to-predikat",
                            "berikan --from-box dan --to-box, atau --from-predikat dan --to-predikat",
                        )]));
                    };
                    vec![Move { nip: nip.clone(), from, to }]
                }
                (None, Some(f)) => meritkit::api::parse_request(&crate::input::read_config_text(f, "moves")?)?,
                _ => {
                    return Err(Error::Request(vec![Problem::new(
                        Code::MissingField,
                        "--nip",
                        "give --nip (one person) or --file (a bulk move)",
                        "berikan --nip (satu pegawai) atau --file (pindah massal)",
                    )]))
                }
            };
            let ev = Event::Move { moves, reason_code: reason_code.clone(), reason: reason.clone() };
            append(&a, session, ev, lang)
        }
        Cmd::Report { session, format, output } => {
            let store = open_read(&a.store)?;
            let log = store.load(session)?;
            let r = log.session().report(true);
            let text = match format.as_str() {
                "json" => json(&r),
                "table" => table(&r, lang),
                _ => {
                    return Err(Error::Request(vec![Problem::new(
                        Code::InvalidValue,
                        "--format",
                        "expected json or table",
                        "harus json atau table",
                    )]))
                }
            };
            emit(&text, output.as_deref())?;
            Ok(0)
        }
        Cmd::Verify { session, jsonl, head } => {
            let v = match (session, jsonl) {
                // the bytes as they are (a byte-order mark is a changed byte too)
                (_, Some(f)) => match String::from_utf8(crate::input::read_data_bytes(f)?) {
                    Ok(t) => match head {
                        Some(h) => log::verify_head(&t, h),
                        None => log::verify(&t),
                    },
                    Err(_) => {
                        eprintln!(
                            "meritkit: {}",
                            if lang == Lang::En {
                                "the log is not UTF-8 text (altered)"
                            } else {
                                "log bukan teks UTF-8 (diubah)"
                            }
                        );
                        return Ok(1);
                    }
                },
                (Some(s), None) => open_read(&a.store)?.verify_head(s, head.as_deref())?,
                (None, None) => log::verify(""),
            };
            let m = if lang == Lang::En { &v.message.en } else { &v.message.id };
            if v.ok {
                println!("{m}");
                if let Some(h) = &v.head {
                    println!("head: {} {}", h.seq, h.hash);
                }
                Ok(0)
            } else {
                eprintln!("meritkit: {m}");
                if let Some(bad) = &v.first_bad {
                    for p in &bad.problems {
                        let pm = if lang == Lang::En { &p.message.en } else { &p.message.id };
                        eprintln!("  line {} [{}] {pm}", bad.line, p.code);
                    }
                }
                Ok(1)
            }
        }
        Cmd::Export { session, output } => {
            let store = open_read(&a.store)?;
            emit(&store.export(session)?, output.as_deref())?;
            Ok(0)
        }
        Cmd::Import { file } => {
            let text = crate::input::read_text(file)?;
            let mut store = open(&a.store)?;
            let info = store.import(&text)?;
            say(
                lang,
                &format!("imported session {}: {} entries, head {}", info.session, info.entries, info.head),
                &format!("sesi {} diimpor: {} entri, kepala {}", info.session, info.entries, info.head),
            );
            Ok(0)
        }
        Cmd::List => {
            let store = open_read(&a.store)?;
            let mut out = String::new();
            for s in store.sessions()? {
                let id = crate::safe::term(&s.session);
                let _ = match &s.problem {
                    None => writeln!(out, "{id}\t{}\t{}\t{}", code(&s.status), s.entries, s.head),
                    Some(p) => {
                        let m = if lang == Lang::En { &p.message.en } else { &p.message.id };
                        let bad = if lang == Lang::En { "DOES NOT VERIFY" } else { "TIDAK COCOK" };
                        writeln!(out, "{id}\t{bad}\t[{}] {}: {m}", p.code, p.path)
                    }
                };
            }
            emit(&out, None)?;
            Ok(0)
        }
    }
}

/// The wire code of an enumeration.
fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn say(lang: Lang, en: &str, id: &str) {
    eprintln!("meritkit: {}", if lang == Lang::En { en } else { id });
}

fn append(a: &Args, session: &str, event: Event, lang: Lang) -> Result<u8, Error> {
    let actor = actor(a)?;
    let kind = event.kind();
    let mut store = open(&a.store)?;
    // (the time of the lock when not given: writers waiting on each other log in order)
    let e = store.append_at(session, a.time.as_deref(), &actor, event)?;
    say(lang, &format!("{kind}: entry {} {}", e.seq, e.hash), &format!("{kind}: entri {} {}", e.seq, e.hash));
    Ok(0)
}

fn table(r: &SessionReport, lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let status = code(&r.status);
    let _ = writeln!(s, "{} {} ({status})", if en { "Session" } else { "Sesi" }, crate::safe::term(&r.session));
    let _ = writeln!(
        s,
        "{}: {}  {}: {} ({} {}, {} {})  {}: {}",
        if en { "people" } else { "pegawai" },
        r.headcount,
        if en { "changed" } else { "berubah" },
        r.changed,
        r.moved_up,
        if en { "up" } else { "naik" },
        r.moved_down,
        if en { "down" } else { "turun" },
        if en { "moves" } else { "perpindahan" },
        r.moves
    );
    let _ = writeln!(
        s,
        "\n{:>6} {:>8} {:>11}",
        if en { "box" } else { "kotak" },
        if en { "proposed" } else { "usulan" },
        if en { "calibrated" } else { "kalibrasi" }
    );
    for d in &r.distribution {
        let b = d.box_.map_or_else(|| "-".to_string(), |b| b.to_string());
        let _ = writeln!(s, "{b:>6} {:>8} {:>11}", d.raw, d.calibrated);
    }
    if !r.guidelines.is_empty() {
        let _ = writeln!(s, "\n{}", if en { "Guidelines" } else { "Pedoman" });
        for g in &r.guidelines {
            let m = if en { &g.message.en } else { &g.message.id };
            let unit = g.unit.as_deref().map(|u| format!(" [{}]", crate::safe::term(u))).unwrap_or_default();
            let _ = writeln!(s, "  {}{} ({}): {}", crate::safe::term(&g.id), unit, code(&g.mode), m);
        }
        let fin = match (r.finalisable, en) {
            (true, true) => "finalisable",
            (false, true) => "not finalisable",
            (true, false) => "dapat difinalkan",
            (false, false) => "belum dapat difinalkan",
        };
        let _ = writeln!(s, "{fin}");
    }
    let _ = writeln!(s, "\nhead {} {}", r.head.seq, r.head.hash);
    s
}
