//! The calibration log: append-only, sequence-numbered and tamper-evident.
//! Each entry carries the hash of the entry before it; its own hash is the
//! SHA-256 of its canonical JSON without the `hash` field. A log is stored as
//! JSON Lines, one entry per line in canonical form, so that changing any byte
//! of it changes a line that [`verify`] names.
//!
//! ```
//! use meritkit::calibration::log::{self, Log};
//! use meritkit::calibration::session::Event;
//! let mut log = Log::new();
//! log.append("2026-03-02T09:00:00Z", "tim-talenta", meritkit::calibration::example_snapshot()).unwrap();
//! log.append("2026-03-02T09:05:00Z", "tim-talenta", Event::Start {}).unwrap();
//! let text = log.to_jsonl();
//! assert!(log::verify(&text).ok);
//! let tampered = text.replacen("tim-talenta", "tim-talentb", 1);
//! let v = log::verify(&tampered);
//! assert!(!v.ok);
//! assert_eq!(v.first_bad.unwrap().line, 1);
//! ```

use super::session::{Event, Session};
use crate::error::{Code, Message, Problem};
use crate::policy::{canonical_json_of, fingerprint_of};
use serde::{Deserialize, Serialize};

/// The `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One log entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1-based sequence number.
    pub seq: u64,
    /// Hash of the previous entry ([`GENESIS`] for the first).
    pub prev: String,
    /// When (RFC 3339).
    pub time: String,
    /// Who.
    pub actor: String,
    /// What.
    pub event: Event,
    /// SHA-256 of this entry's canonical JSON without `hash`.
    pub hash: String,
}

#[derive(Serialize)]
struct Unsealed<'a> {
    seq: u64,
    prev: &'a str,
    time: &'a str,
    actor: &'a str,
    event: &'a Event,
}

/// The hash an entry must carry.
pub fn hash_of(e: &Entry) -> String {
    fingerprint_of(&Unsealed { seq: e.seq, prev: &e.prev, time: &e.time, actor: &e.actor, event: &e.event })
}

/// The entry's line in a JSONL log (canonical JSON, no newline).
pub fn line_of(e: &Entry) -> String {
    canonical_json_of(e)
}

/// A log and the session it folds to.
#[derive(Clone, Debug, Default)]
pub struct Log {
    entries: Vec<Entry>,
    session: Session,
}

/// An entry refused by the log: where, and every problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Refusal {
    /// 1-based line (= position in the log) of the entry.
    pub line: usize,
    /// Its sequence number, when it could be read.
    pub seq: Option<u64>,
    /// Every problem (the first names what did not match).
    pub problems: Vec<Problem>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Log {
        Log::default()
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The session the entries fold to.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The next entry for an event, sealed onto the head, without applying it.
    pub fn seal(&self, time: &str, actor: &str, event: Event) -> Entry {
        let (seq, prev) = self.session.head();
        let mut e = Entry {
            seq: seq + 1,
            prev: prev.unwrap_or(GENESIS).to_string(),
            time: time.to_string(),
            actor: actor.to_string(),
            event,
            hash: String::new(),
        };
        e.hash = hash_of(&e);
        e
    }

    /// Seals and applies an event: the new entry, or every problem (nothing changed).
    pub fn append(&mut self, time: &str, actor: &str, event: Event) -> Result<&Entry, Vec<Problem>> {
        let e = self.seal(time, actor, event);
        self.push(e).map_err(|r| r.problems)?;
        self.entries.last().ok_or_else(Vec::new)
    }

    /// Checks an entry's place in the chain (sequence, `prev`, its hash) and
    /// applies its event; refused with every problem, nothing changed.
    pub fn push(&mut self, e: Entry) -> Result<(), Refusal> {
        let line = self.entries.len() + 1;
        let refuse = |problems| Refusal { line, seq: Some(e.seq), problems };
        let (seq, prev) = self.session.head();
        if e.seq != seq + 1 {
            return Err(refuse(vec![Problem::new(
                Code::LogSequence,
                "seq",
                format!("entry {line} has sequence number {}, expected {}", e.seq, seq + 1),
                format!("entri {line} bernomor urut {}, seharusnya {}", e.seq, seq + 1),
            )]));
        }
        if e.prev != prev.unwrap_or(GENESIS) {
            return Err(refuse(vec![Problem::new(
                Code::LogChainBroken,
                "prev",
                format!(
                    "entry {line} does not follow the entry before it (an entry was removed, inserted or replaced)"
                ),
                format!(
                    "entri {line} tidak menyambung entri sebelumnya (ada entri yang dihapus, disisipkan atau diganti)"
                ),
            )]));
        }
        if e.hash != hash_of(&e) {
            return Err(refuse(vec![Problem::new(
                Code::LogHashMismatch,
                "hash",
                format!("entry {line} does not match its hash (it was altered)"),
                format!("entri {line} tidak cocok dengan hash-nya (entri diubah)"),
            )]));
        }
        self.session.apply(&e).map_err(refuse)?;
        self.entries.push(e);
        Ok(())
    }

    /// Replays entries (each checked by [`Log::push`]); the first refused
    /// entry stops the replay.
    pub fn replay(entries: impl IntoIterator<Item = Entry>) -> Result<Log, Refusal> {
        let mut log = Log::new();
        for e in entries {
            log.push(e)?;
        }
        Ok(log)
    }

    /// The log as JSON Lines (each line canonical, each ended by `\n`).
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            out.push_str(&line_of(e));
            out.push('\n');
        }
        out
    }
}

/// The answer of [`verify`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Verification {
    /// Every entry matches and replays.
    pub ok: bool,
    /// Entries that matched (before the first that did not).
    pub entries: usize,
    /// The last matching entry.
    pub head: Option<super::session::Head>,
    /// The first entry that does not match, with every problem.
    pub first_bad: Option<Refusal>,
    /// Summary.
    pub message: Message,
}

/// [`verify`], then that the log holds the entry whose hash was recorded
/// (e.g. in the meeting's minutes): a log rewritten with recomputed hashes, or
/// cut short before that entry, is refused with `log_chain_broken`.
pub fn verify_head(text: &str, head: &str) -> Verification {
    let mut v = verify(text);
    if v.ok {
        let found =
            read(text).ok().and_then(|l| l.entries().iter().position(|e| e.hash.eq_ignore_ascii_case(head.trim())));
        if found.is_none() {
            let line = v.entries;
            v.ok = false;
            v.first_bad = Some(Refusal {
                line,
                seq: None,
                problems: vec![Problem::new(
                    Code::LogChainBroken,
                    "head",
                    "no entry of the log has the recorded hash: the log was rewritten, or cut before that entry",
                    "tidak ada entri log dengan hash yang dicatat: log ditulis ulang, atau terpotong sebelum entri itu",
                )],
            });
            v.message = Message::new(
                "the entries match each other, but not the recorded head",
                "entri saling cocok, tetapi tidak cocok dengan kepala yang dicatat",
            );
        }
    }
    v
}

/// Reads a JSONL log and checks every entry: its line is the canonical form
/// of the entry (any byte changed is found), its sequence, its link to the
/// entry before and its hash, and its event against the session's state.
/// Names the first entry that does not match; an empty log is not a session.
pub fn verify(text: &str) -> Verification {
    match read(text) {
        Ok(log) if !log.entries.is_empty() => {
            let (seq, hash) = log.session.head();
            Verification {
                ok: true,
                entries: log.entries.len(),
                head: Some(super::session::Head { seq, hash: hash.unwrap_or_default().to_string() }),
                first_bad: None,
                message: Message::new(
                    format!("all {} entries match", log.entries.len()),
                    format!("semua {} entri cocok", log.entries.len()),
                ),
            }
        }
        Ok(_) => Verification {
            ok: false,
            entries: 0,
            head: None,
            first_bad: Some(Refusal {
                line: 1,
                seq: None,
                problems: vec![Problem::new(Code::EmptySheet, "", "the log has no entry", "log tidak berisi entri")],
            }),
            message: Message::new("the log has no entry", "log tidak berisi entri"),
        },
        Err(b) => {
            let (log, r) = *b;
            let (seq, hash) = log.session.head();
            let message = Message::new(
                format!("entry {} does not match; the {} entries before it do", r.line, log.entries.len()),
                format!("entri {} tidak cocok; {} entri sebelumnya cocok", r.line, log.entries.len()),
            );
            Verification {
                ok: false,
                entries: log.entries.len(),
                head: hash.map(|h| super::session::Head { seq, hash: h.to_string() }),
                first_bad: Some(r),
                message,
            }
        }
    }
}

/// Reads a JSONL log: the log, or the log up to the first entry that does
/// not match and why.
pub fn read(text: &str) -> Result<Log, Box<(Log, Refusal)>> {
    let mut log = Log::new();
    if text.is_empty() {
        return Ok(log);
    }
    // every line ends with a line feed, the last one too: a log cut short loses it
    let ended = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let count = body.split('\n').count();
    for (i, l) in body.split('\n').enumerate() {
        let line = i + 1;
        if line == count && !ended {
            let r = Refusal {
                line,
                seq: None,
                problems: vec![Problem::new(
                    Code::LogHashMismatch,
                    "",
                    format!("line {line} does not end with a line feed (the log was cut or altered)"),
                    format!("baris {line} tidak diakhiri ganti baris (log terpotong atau diubah)"),
                )],
            };
            return Err(Box::new((log, r)));
        }
        let altered = |seq: Option<u64>| Refusal {
            line,
            seq,
            problems: vec![Problem::new(
                Code::LogHashMismatch,
                "",
                format!("line {line} is not an entry as the log writes it (it was altered)"),
                format!("baris {line} bukan entri seperti yang ditulis log (baris diubah)"),
            )],
        };
        let e: Entry = match serde_json::from_str(l) {
            Ok(e) => e,
            Err(_) => return Err(Box::new((log, altered(None)))),
        };
        if line_of(&e) != l {
            return Err(Box::new((log, altered(Some(e.seq)))));
        }
        if let Err(r) = log.push(e) {
            return Err(Box::new((log, r)));
        }
    }
    Ok(log)
}
