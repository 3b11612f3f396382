//! A calibration session as a pure fold over its events: the snapshot of
//! proposed placements, guidelines, moves, finalising and re-opening. Any
//! storage (a JSONL file, SQLite, the browser's IndexedDB) holds the events;
//! every binding replays them through [`Session::apply`] to the same state.
//!
//! States follow the practice of the talent team's meeting (PermenPANRB
//! 3/2020 jo 20/2025 leaves its procedure to the instansi; the states and
//! roles are those of the commercial suites, a meritkit default):
//! `set_up` (snapshot taken, guidelines set) → `in_progress` (first move or
//! `start`) → `finalised` (locked; `enforce` guidelines must hold) →
//! `in_progress` again only by a logged `reopen`.

use super::guideline::{Guideline, GuidelineResult, Mode};
use super::log::Entry;
use crate::error::{Code, Message, Problem};
use crate::fairness::{self, GroupCount, ImpactReport};
use crate::nine_box::Grid;
use crate::performance::Predikat;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most subjects in one session.
pub const MAX_SUBJECTS: usize = 5_000_000;
/// Most guidelines in one session.
pub const MAX_GUIDELINES: usize = 200;
/// Most subjects in one (bulk) move.
pub const MAX_MOVES_PER_EVENT: usize = 100_000;
/// Most characters of free text (titles, reasons, actor names).
pub const MAX_TEXT: usize = 2_000;

/// The policy the proposed placements were scored with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct SessionPolicy {
    /// Policy name.
    pub name: String,
    /// SHA-256 of the policy's canonical JSON.
    pub fingerprint: String,
}

/// One person in the snapshot: the proposed (raw) placement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// NIP.
    pub nip: String,
    /// Unit (OPD).
    pub unit: String,
    /// Proposed box; null for a person in the holding area (not placed).
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// Latest employee predikat, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predikat: Option<Predikat>,
    /// Group values (column → value) for the adverse-impact report of the
    /// moves only; never read by any placement or guideline.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, String>,
}

impl Subject {
    /// The subject of a scored placement (its NIP trimmed, box and latest predikat), with its group values.
    pub fn of(p: &crate::scoring::Placement, groups: BTreeMap<String, String>) -> Subject {
        Subject {
            nip: p.nip.trim().to_string(),
            unit: p.unit.clone(),
            box_: p.box_,
            predikat: p.latest_predikat,
            groups,
        }
    }
}

/// The immutable snapshot that opens a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Session id (letters, digits, `_`, `-`, `.`; at most 64).
    pub session: String,
    /// Title shown to people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The policy of the proposed placements.
    pub policy: SessionPolicy,
    /// The policy's grid when it is not the ASN 3×3 (levels, numbering, boxes and pools).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
    /// The proposed placements.
    pub subjects: Vec<Subject>,
}

/// A value a move changes: one of the four.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// A box number (null: back to the holding area).
    #[serde(rename = "box")]
    Box(Option<u16>),
    /// A kinerja level code (the potensial level is kept).
    PerformanceLevel(String),
    /// A potensial level code (the kinerja level is kept).
    PotentialLevel(String),
    /// An employee predikat (PermenPANRB 6/2022).
    Predikat(Option<Predikat>),
}

/// One subject of a move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// The subject's NIP.
    pub nip: String,
    /// The value the mover saw (must be the current calibrated value).
    pub from: Value,
    /// The new value (same kind as `from`).
    pub to: Value,
}

/// A session event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// Opens the session (first event only).
    Snapshot(Box<Snapshot>),
    /// Replaces the distribution guidelines.
    Guidelines {
        /// The guidelines.
        guidelines: Vec<Guideline>,
    },
    /// The meeting starts (`set_up` → `in_progress`).
    Start {},
    /// Moves one or more subjects (a bulk move shares its reason).
    Move {
        /// The subjects.
        moves: Vec<Move>,
        /// Reason code (snake_case, e.g. `evidence_new_appraisal`).
        reason_code: String,
        /// Reason in words.
        reason: String,
    },
    /// Locks the session.
    Finalise {},
    /// Opens a finalised session again.
    Reopen {
        /// Why.
        reason: String,
    },
}

impl Event {
    /// The event's type code.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Snapshot(_) => "snapshot",
            Event::Guidelines { .. } => "guidelines",
            Event::Start {} => "start",
            Event::Move { .. } => "move",
            Event::Finalise {} => "finalise",
            Event::Reopen { .. } => "reopen",
        }
    }
}

/// Session state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// No snapshot yet.
    #[default]
    Empty,
    /// Snapshot taken; guidelines may be set.
    SetUp,
    /// Moves are being made.
    InProgress,
    /// Locked.
    Finalised,
}

/// A subject's values (raw or calibrated).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Values {
    /// Box.
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// Kinerja level code of the box.
    pub performance_level: Option<String>,
    /// Potensial level code of the box.
    pub potential_level: Option<String>,
    /// Predikat.
    pub predikat: Option<Predikat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Current {
    box_: Option<u16>,
    predikat: Option<Predikat>,
}

/// One applied move of one subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct MoveRecord {
    /// Log sequence number of the event.
    pub seq: u64,
    /// Subject NIP.
    pub nip: String,
    /// From.
    pub from: Value,
    /// To.
    pub to: Value,
    /// Reason code.
    pub reason_code: String,
    /// Reason.
    pub reason: String,
    /// Who.
    pub actor: String,
    /// When (RFC 3339).
    pub time: String,
}

/// A change of state (start, finalise, reopen) as logged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct StatusChange {
    /// Log sequence number.
    pub seq: u64,
    /// The new state.
    pub status: SessionStatus,
    /// Who.
    pub actor: String,
    /// When.
    pub time: String,
    /// Why (re-opening).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The state after a sequence of events.
#[derive(Clone, Debug, Default)]
pub struct Session {
    status: SessionStatus,
    grid: Option<Grid>,
    snapshot: Option<Box<Snapshot>>,
    snapshot_fingerprint: String,
    index: HashMap<String, usize>,
    current: Vec<Current>,
    guidelines: Vec<Guideline>,
    moves: Vec<MoveRecord>,
    history: Vec<StatusChange>,
    head_seq: u64,
    head_hash: Option<String>,
    /// The last entry's time, in milliseconds since 1970 (UTC), and as written.
    head_time: Option<i64>,
    head_time_text: Option<String>,
}

fn problem(code: Code, path: impl Into<String>, en: impl Into<String>, id: impl Into<String>) -> Problem {
    Problem::new(code, path, en, id)
}

fn text_ok(s: &str, max: usize) -> bool {
    !s.trim().is_empty() && s.chars().count() <= max
}

fn code_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// (kinerja, potensial) 1-based levels of a box in a grid.
fn levels_of(grid: &Grid, b: u16) -> Option<(u8, u8)> {
    grid.levels_of(b)
}

fn level_code(levels: &[crate::nine_box::LevelDef], i: u8) -> Option<String> {
    levels.get(usize::from(i).checked_sub(1)?).map(|l| l.code.clone())
}

impl Session {
    /// An empty session (before its snapshot).
    pub fn new() -> Session {
        Session::default()
    }

    /// The state.
    pub fn status(&self) -> SessionStatus {
        self.status
    }

    /// Sequence number and hash of the last applied entry (0 and `None` before any).
    pub fn head(&self) -> (u64, Option<&str>) {
        (self.head_seq, self.head_hash.as_deref())
    }

    /// The snapshot, once taken.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_deref()
    }

    /// Every applied move, in order.
    pub fn moves(&self) -> &[MoveRecord] {
        &self.moves
    }

    fn grid(&self) -> Option<&Grid> {
        self.grid.as_ref()
    }

    fn values(&self, c: Current) -> Values {
        let lv = c.box_.and_then(|b| Some((b, self.grid()?, levels_of(self.grid()?, b)?)));
        Values {
            box_: c.box_,
            performance_level: lv.and_then(|(_, g, (k, _))| level_code(&g.performance_levels, k)),
            potential_level: lv.and_then(|(_, g, (_, p))| level_code(&g.potential_levels, p)),
            predikat: c.predikat,
        }
    }

    /// The current value of the kind of `v`.
    fn value_like(&self, c: Current, v: &Value) -> Value {
        match v {
            Value::Box(_) => Value::Box(c.box_),
            Value::Predikat(_) => Value::Predikat(c.predikat),
            Value::PerformanceLevel(_) => Value::PerformanceLevel(self.values(c).performance_level.unwrap_or_default()),
            Value::PotentialLevel(_) => Value::PotentialLevel(self.values(c).potential_level.unwrap_or_default()),
        }
    }

    /// The subject's values after `to`; `Err` with the reason when `to` is not a value of the grid.
    fn moved(&self, c: Current, to: &Value) -> Result<Current, (&'static str, &'static str)> {
        let grid = self.grid().ok_or(("no snapshot", "belum ada snapshot"))?;
        let mut n = c;
        match to {
            Value::Box(None) => n.box_ = None,
            Value::Box(Some(b)) => {
                levels_of(grid, *b).ok_or(("expected a box number of the grid", "harus nomor kotak pada grid"))?;
                n.box_ = Some(*b);
            }
            Value::Predikat(p) => n.predikat = *p,
            Value::PerformanceLevel(code) | Value::PotentialLevel(code) => {
                let (k, p) = c.box_.and_then(|b| levels_of(grid, b)).ok_or((
                    "a person in the holding area is moved by box",
                    "pegawai di area tunggu dipindah dengan kotak",
                ))?;
                let (k, p) = match to {
                    Value::PerformanceLevel(_) => (
                        grid.performance_index(code).ok_or((
                            "expected a kinerja level code of the grid",
                            "harus kode tingkat kinerja pada grid",
                        ))?,
                        p,
                    ),
                    _ => (
                        k,
                        grid.potential_index(code).ok_or((
                            "expected a potensial level code of the grid",
                            "harus kode tingkat potensial pada grid",
                        ))?,
                    ),
                };
                n.box_ = Some(grid.number(k, p).ok_or(("expected a level of the grid", "harus tingkat pada grid"))?);
            }
        }
        Ok(n)
    }

    /// Every problem of applying `entry` now (empty: it applies). Checks the
    /// event against the state only; the chain (sequence, hashes) is the log's.
    pub fn check(&self, entry: &Entry) -> Vec<Problem> {
        let mut out = Vec::new();
        if !text_ok(&entry.actor, 200) {
            out.push(problem(
                Code::InvalidValue,
                "actor",
                "expected the actor's name or id (1-200 characters)",
                "harus nama atau id pelaku (1-200 karakter)",
            ));
        }
        match crate::date::rfc3339_millis(&entry.time).ok_or(()) {
            Err(()) => out.push(problem(
                Code::InvalidValue,
                "time",
                "expected an RFC 3339 time, e.g. 2026-03-02T09:30:00Z",
                "harus waktu RFC 3339, mis. 2026-03-02T09:30:00Z",
            )),
            Ok(t) if self.head_time.is_some_and(|h| t < h) => {
                let prev = self.head_time_text.as_deref().unwrap_or("");
                out.push(problem(
                    Code::InvalidValue,
                    "time",
                    format!("expected a time not before the previous entry's ({prev})"),
                    format!("waktu tidak boleh sebelum waktu entri sebelumnya ({prev})"),
                ))
            }
            Ok(_) => {}
        }
        let state = |out: &mut Vec<Problem>, en: &str, id: &str| {
            out.push(problem(Code::SessionState, "event.type", en.to_string(), id.to_string()));
        };
        match &entry.event {
            Event::Snapshot(s) => {
                if self.status != SessionStatus::Empty {
                    state(
                        &mut out,
                        "a session has one snapshot, its first event",
                        "sesi hanya punya satu snapshot, di awal",
                    );
                }
                out.extend(check_snapshot(s));
            }
            _ if self.status == SessionStatus::Empty => {
                state(&mut out, "the first event must be the snapshot", "peristiwa pertama harus snapshot")
            }
            Event::Guidelines { guidelines } => {
                if self.status == SessionStatus::Finalised {
                    state(
                        &mut out,
                        "the session is finalised: reopen it first",
                        "sesi sudah final: buka kembali dahulu",
                    );
                }
                out.extend(self.check_guidelines(guidelines));
            }
            Event::Start {} => {
                if self.status != SessionStatus::SetUp {
                    state(
                        &mut out,
                        "only a session being set up can start",
                        "hanya sesi yang sedang disiapkan yang dapat dimulai",
                    );
                }
            }
            Event::Move { moves, reason_code, reason } => {
                if self.status == SessionStatus::Finalised {
                    state(
                        &mut out,
                        "the session is finalised: reopen it first",
                        "sesi sudah final: buka kembali dahulu",
                    );
                }
                if !code_ok(reason_code) {
                    out.push(problem(
                        Code::InvalidValue,
                        "event.reason_code",
                        "expected a snake_case code of 1-64 characters",
                        "harus kode snake_case 1-64 karakter",
                    ));
                }
                if !text_ok(reason, MAX_TEXT) {
                    out.push(problem(
                        Code::InvalidValue,
                        "event.reason",
                        "expected the reason in words (1-2,000 characters)",
                        "harus alasan dalam kata-kata (1-2.000 karakter)",
                    ));
                }
                out.extend(self.check_moves(moves));
            }
            Event::Finalise {} => {
                if !matches!(self.status, SessionStatus::SetUp | SessionStatus::InProgress) {
                    state(&mut out, "the session is already finalised", "sesi sudah final");
                } else {
                    for r in self.evaluate().into_iter().filter(|r| !r.ok && r.mode == Mode::Enforce) {
                        // (a unit's name is an organisation's, not a person's: named)
                        let (unit_en, unit_id) = match r.unit.as_deref() {
                            Some(u) => (format!(" in unit `{u}`"), format!(" di unit `{u}`")),
                            None => (String::new(), String::new()),
                        };
                        out.push(problem(
                            Code::GuidelineFailed,
                            format!("guidelines.{}", r.id),
                            format!(
                                "guideline `{}` (enforce) fails{unit_en}: {} of {} selected, allowed {}",
                                r.id,
                                r.count,
                                r.headcount,
                                bounds_text(&r)
                            ),
                            format!(
                                "pedoman `{}` (enforce) tidak terpenuhi{unit_id}: {} dari {} terpilih, yang dibolehkan {}",
                                r.id,
                                r.count,
                                r.headcount,
                                bounds_text(&r)
                            ),
                        ));
                    }
                }
            }
            Event::Reopen { reason } => {
                if self.status != SessionStatus::Finalised {
                    state(
                        &mut out,
                        "only a finalised session can be reopened",
                        "hanya sesi final yang dapat dibuka kembali",
                    );
                }
                if !text_ok(reason, MAX_TEXT) {
                    out.push(problem(
                        Code::InvalidValue,
                        "event.reason",
                        "expected the reason in words (1-2,000 characters)",
                        "harus alasan dalam kata-kata (1-2.000 karakter)",
                    ));
                }
            }
        }
        out
    }

    fn check_guidelines(&self, gs: &[Guideline]) -> Vec<Problem> {
        let mut out = Vec::new();
        if gs.len() > MAX_GUIDELINES {
            out.push(problem(
                Code::LimitExceeded,
                "event.guidelines",
                format!("at most {MAX_GUIDELINES} guidelines"),
                format!("paling banyak {MAX_GUIDELINES} pedoman"),
            ));
            return out;
        }
        let Some(grid) = self.grid() else { return out };
        let mut ids = BTreeSet::new();
        for (i, g) in gs.iter().enumerate() {
            let path = format!("event.guidelines[{i}]");
            out.extend(g.check(&path));
            if !ids.insert(g.id.as_str()) {
                out.push(problem(
                    Code::InvalidValue,
                    format!("{path}.id"),
                    "expected an id not used by another guideline",
                    "id sudah dipakai pedoman lain",
                ));
            }
            for (j, b) in g.select.boxes.iter().flatten().enumerate() {
                if levels_of(grid, *b).is_none() {
                    out.push(problem(
                        Code::InvalidValue,
                        format!("{path}.select.box[{j}]"),
                        "expected a box number of the grid",
                        "harus nomor kotak pada grid",
                    ));
                }
            }
            for (j, c) in g.select.performance_level.iter().flatten().enumerate() {
                if grid.performance_index(c).is_none() {
                    out.push(problem(
                        Code::InvalidValue,
                        format!("{path}.select.performance_level[{j}]"),
                        "expected a kinerja level code of the grid",
                        "harus kode tingkat kinerja pada grid",
                    ));
                }
            }
            for (j, c) in g.select.potential_level.iter().flatten().enumerate() {
                if grid.potential_index(c).is_none() {
                    out.push(problem(
                        Code::InvalidValue,
                        format!("{path}.select.potential_level[{j}]"),
                        "expected a potensial level code of the grid",
                        "harus kode tingkat potensial pada grid",
                    ));
                }
            }
        }
        out
    }

    fn check_moves(&self, moves: &[Move]) -> Vec<Problem> {
        let mut out = Vec::new();
        if moves.is_empty() || moves.len() > MAX_MOVES_PER_EVENT {
            out.push(problem(
                Code::InvalidValue,
                "event.moves",
                format!("expected 1 to {MAX_MOVES_PER_EVENT} moves"),
                format!("harus 1 sampai {MAX_MOVES_PER_EVENT} perpindahan"),
            ));
            return out;
        }
        let mut seen = HashMap::new();
        for (i, m) in moves.iter().enumerate() {
            let path = format!("event.moves[{i}]");
            let Some(&s) = self.index.get(m.nip.as_str()) else {
                out.push(problem(
                    Code::UnknownSubject,
                    format!("{path}.nip"),
                    "expected the NIP of a person in the snapshot, as written there",
                    "harus NIP pegawai dalam snapshot, seperti tertulis di sana",
                ));
                continue;
            };
            if let Some(first) = seen.insert(s, i) {
                out.push(problem(
                    Code::InvalidValue,
                    format!("{path}.nip"),
                    format!("the same person as moves[{first}]: one move per person in an event"),
                    format!(
                        "pegawai yang sama dengan moves[{first}]: satu perpindahan per pegawai dalam satu peristiwa"
                    ),
                ));
                continue;
            }
            if std::mem::discriminant(&m.from) != std::mem::discriminant(&m.to) {
                out.push(problem(
                    Code::InvalidValue,
                    format!("{path}.to"),
                    "expected the same kind of value as `from`",
                    "harus jenis nilai yang sama dengan `from`",
                ));
                continue;
            }
            let Some(&c) = self.current.get(s) else { continue };
            if self.value_like(c, &m.from) != m.from {
                out.push(problem(Code::StaleMove, format!("{path}.from"), "`from` is not the person's current calibrated value (moved by someone else?): reload and move again", "`from` bukan nilai terkalibrasi pegawai saat ini (sudah dipindah orang lain?): muat ulang lalu pindahkan lagi"));
                continue;
            }
            match self.moved(c, &m.to) {
                Err((en, id)) => out.push(problem(Code::InvalidValue, format!("{path}.to"), en, id)),
                Ok(n) if n == c => out.push(problem(
                    Code::InvalidValue,
                    format!("{path}.to"),
                    "expected a value other than `from`",
                    "harus nilai selain `from`",
                )),
                Ok(_) => {}
            }
        }
        out
    }

    /// Applies an entry whose chain the log has checked: every problem of
    /// [`Session::check`], or the new state.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), Vec<Problem>> {
        let problems = self.check(entry);
        if !problems.is_empty() {
            return Err(problems);
        }
        let change = |status: SessionStatus, reason: Option<String>| StatusChange {
            seq: entry.seq,
            status,
            actor: entry.actor.clone(),
            time: entry.time.clone(),
            reason,
        };
        match &entry.event {
            Event::Snapshot(s) => {
                self.snapshot_fingerprint = crate::policy::fingerprint_of(s);
                self.index = s.subjects.iter().enumerate().map(|(i, x)| (x.nip.clone(), i)).collect();
                self.current = s.subjects.iter().map(|x| Current { box_: x.box_, predikat: x.predikat }).collect();
                self.grid = Some(s.grid.clone().unwrap_or_else(Grid::asn));
                self.snapshot = Some(s.clone());
                self.status = SessionStatus::SetUp;
                self.history.push(change(SessionStatus::SetUp, None));
            }
            Event::Guidelines { guidelines } => self.guidelines = guidelines.clone(),
            Event::Start {} => {
                self.status = SessionStatus::InProgress;
                self.history.push(change(SessionStatus::InProgress, None));
            }
            Event::Move { moves, reason_code, reason } => {
                for m in moves {
                    let Some(&s) = self.index.get(m.nip.as_str()) else { continue };
                    let Some(&c) = self.current.get(s) else { continue };
                    if let (Ok(n), Some(slot)) = (self.moved(c, &m.to), self.current.get_mut(s)) {
                        *slot = n;
                    }
                    self.moves.push(MoveRecord {
                        seq: entry.seq,
                        nip: m.nip.clone(),
                        from: m.from.clone(),
                        to: m.to.clone(),
                        reason_code: reason_code.clone(),
                        reason: reason.clone(),
                        actor: entry.actor.clone(),
                        time: entry.time.clone(),
                    });
                }
                if self.status == SessionStatus::SetUp {
                    self.status = SessionStatus::InProgress;
                    self.history.push(change(SessionStatus::InProgress, None));
                }
            }
            Event::Finalise {} => {
                self.status = SessionStatus::Finalised;
                self.history.push(change(SessionStatus::Finalised, None));
            }
            Event::Reopen { reason } => {
                self.status = SessionStatus::InProgress;
                self.history.push(change(SessionStatus::InProgress, Some(reason.clone())));
            }
        }
        self.head_seq = entry.seq;
        self.head_hash = Some(entry.hash.clone());
        self.head_time = crate::date::rfc3339_millis(&entry.time);
        self.head_time_text = Some(entry.time.clone());
        Ok(())
    }

    fn selected(&self, g: &Guideline, c: Current) -> bool {
        let s = &g.select;
        if let Some(bs) = &s.boxes {
            return c.box_.is_some_and(|b| bs.contains(&b));
        }
        if let Some(ps) = &s.predikat {
            return c.predikat.is_some_and(|p| ps.contains(&p));
        }
        let v = self.values(c);
        if let Some(ls) = &s.performance_level {
            return v.performance_level.is_some_and(|l| ls.contains(&l));
        }
        if let Some(ls) = &s.potential_level {
            return v.potential_level.is_some_and(|l| ls.contains(&l));
        }
        false
    }

    /// Every guideline against the calibrated values (per unit where asked).
    pub fn evaluate(&self) -> Vec<GuidelineResult> {
        let Some(snap) = self.snapshot.as_deref() else { return Vec::new() };
        let mut out = Vec::new();
        for g in &self.guidelines {
            // scope → (headcount, count); the session as a whole when not per unit
            let mut scopes: BTreeMap<Option<&str>, (usize, usize)> = BTreeMap::new();
            for (s, c) in snap.subjects.iter().zip(&self.current) {
                let e = scopes.entry(g.per_unit.then_some(s.unit.as_str())).or_default();
                e.0 += 1;
                e.1 += usize::from(self.selected(g, *c));
            }
            if scopes.is_empty() {
                scopes.insert(None, (0, 0));
            }
            for (unit, (headcount, count)) in scopes {
                let bounds = g.bounds(headcount).unwrap_or(super::guideline::Bounds { min: Some(1), max: Some(0) });
                let ok = g.holds(count, headcount);
                let mut r = GuidelineResult {
                    id: g.id.clone(),
                    unit: unit.map(str::to_string),
                    headcount,
                    count,
                    bounds,
                    ok,
                    mode: g.mode,
                    message: Message::new("", ""),
                };
                let b = bounds_text(&r);
                r.message = if ok {
                    Message::new(
                        format!("{count} of {headcount}: holds (allowed {b})"),
                        format!("{count} dari {headcount}: terpenuhi (dibolehkan {b})"),
                    )
                } else {
                    Message::new(
                        format!("{count} of {headcount}: fails (allowed {b})"),
                        format!("{count} dari {headcount}: tidak terpenuhi (dibolehkan {b})"),
                    )
                };
                out.push(r);
            }
        }
        out
    }

    /// The session's report: raw and calibrated side by side, guidelines,
    /// moves per actor, and the adverse impact of the moves themselves.
    pub fn report(&self, people: bool) -> SessionReport {
        let snap = self.snapshot.as_deref();
        let subjects: &[Subject] = snap.map_or(&[], |s| s.subjects.as_slice());
        let mut rows = Vec::new();
        let mut directions = Vec::with_capacity(subjects.len());
        let mut dist: BTreeMap<Option<u16>, (usize, usize)> = BTreeMap::new();
        for (s, c) in subjects.iter().zip(&self.current) {
            let raw = Current { box_: s.box_, predikat: s.predikat };
            let d = self.direction(raw, *c);
            directions.push(d);
            dist.entry(raw.box_).or_default().0 += 1;
            dist.entry(c.box_).or_default().1 += 1;
            if people {
                rows.push(SubjectRow {
                    nip: s.nip.clone(),
                    unit: s.unit.clone(),
                    raw: self.values(raw),
                    calibrated: self.values(*c),
                    change: d,
                });
            }
        }
        let mut by_actor: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for m in &self.moves {
            let e = by_actor.entry(m.actor.as_str()).or_default();
            e.0 += 1;
            e.1.insert(m.nip.as_str());
        }
        let guidelines = self.evaluate();
        SessionReport {
            session: snap.map(|s| s.session.clone()).unwrap_or_default(),
            title: snap.and_then(|s| s.title.clone()),
            status: self.status,
            policy: snap.map(|s| s.policy.clone()),
            snapshot_fingerprint: self.snapshot_fingerprint.clone(),
            head: Head { seq: self.head_seq, hash: self.head_hash.clone().unwrap_or_default() },
            headcount: subjects.len(),
            changed: directions.iter().filter(|d| **d != Change::None).count(),
            moved_up: directions.iter().filter(|d| **d == Change::Up).count(),
            moved_down: directions.iter().filter(|d| **d == Change::Down).count(),
            moves: self.moves.len(),
            distribution: dist
                .into_iter()
                .map(|(b, (raw, calibrated))| BoxCount { box_: b, raw, calibrated })
                .collect(),
            finalisable: matches!(self.status, SessionStatus::SetUp | SessionStatus::InProgress)
                && guidelines.iter().all(|r| r.ok || r.mode == Mode::Warn),
            guidelines,
            by_actor: by_actor
                .into_iter()
                .map(|(a, (n, people))| ActorMoves { actor: a.to_string(), moves: n, people: people.len() })
                .collect(),
            impact: self.impact(subjects, &directions),
            history: self.history.clone(),
            subjects: people.then_some(rows),
            move_log: people.then(|| self.moves.clone()),
        }
    }

    /// Up or down: by the sum of the box's two level indices on the grid
    /// (the box before the predikat); a changed value that is neither is lateral.
    fn direction(&self, raw: Current, now: Current) -> Change {
        if raw == now {
            return Change::None;
        }
        let sum = |c: Current| {
            c.box_.and_then(|b| levels_of(self.grid()?, b)).map(|(k, p)| u16::from(k) + u16::from(p)).unwrap_or(0)
        };
        let by = |a: u16, b: u16| match a.cmp(&b) {
            std::cmp::Ordering::Less => Some(Change::Up),
            std::cmp::Ordering::Greater => Some(Change::Down),
            std::cmp::Ordering::Equal => None,
        };
        let pred = |c: Current| c.predikat.map_or(0, |p| p as u16 + 1);
        by(sum(raw), sum(now)).or_else(|| by(pred(raw), pred(now))).unwrap_or(Change::Lateral)
    }

    /// Per group column: the rate of being moved up, and of not being moved
    /// down, by group (four-fifths rule and tests of [`crate::fairness`]).
    fn impact(&self, subjects: &[Subject], directions: &[Change]) -> Vec<ImpactReport> {
        let columns: BTreeSet<&str> = subjects.iter().flat_map(|s| s.groups.keys().map(String::as_str)).collect();
        let mut out = Vec::new();
        for col in columns {
            for (stage, fav) in [("calibration_moved_up", true), ("calibration_not_moved_down", false)] {
                let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
                for (s, d) in subjects.iter().zip(directions) {
                    let g = s.groups.get(col).map_or("unknown", String::as_str);
                    let e = counts.entry(g).or_default();
                    e.0 += 1;
                    e.1 += u64::from(if fav { *d == Change::Up } else { *d != Change::Down });
                }
                let counts: Vec<GroupCount> = counts
                    .into_iter()
                    .map(|(g, (considered, selected))| GroupCount { group: g.to_string(), considered, selected })
                    .collect();
                let mut r = fairness::adverse_impact(&counts, &fairness::Options::default());
                r.stage = Some(stage.into());
                r.column = Some(col.to_string());
                out.push(r);
            }
        }
        out
    }
}

fn bounds_text(r: &GuidelineResult) -> String {
    match (r.bounds.min, r.bounds.max) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) if a > b => "none".into(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (Some(a), None) => format!(">= {a}"),
        (None, Some(b)) => format!("<= {b}"),
        (None, None) => "any".into(),
    }
}

fn check_snapshot(s: &Snapshot) -> Vec<Problem> {
    let mut out = Vec::new();
    if s.session.is_empty()
        || s.session.len() > 64
        || !s.session.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !s.session.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        out.push(problem(
            Code::InvalidValue,
            "event.session",
            "expected 1-64 letters, digits, `_`, `-` or `.`, starting with a letter or digit",
            "harus 1-64 huruf, angka, `_`, `-` atau `.`, diawali huruf atau angka",
        ));
    }
    if s.title.as_deref().is_some_and(|t| !text_ok(t, MAX_TEXT)) {
        out.push(problem(Code::InvalidValue, "event.title", "expected 1-2,000 characters", "harus 1-2.000 karakter"));
    }
    if s.policy.fingerprint.len() != 64 || !s.policy.fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
        out.push(problem(
            Code::InvalidValue,
            "event.policy.fingerprint",
            "expected the policy's SHA-256 fingerprint (64 hex digits)",
            "harus sidik SHA-256 kebijakan (64 digit heksadesimal)",
        ));
    }
    let asn;
    let grid = match &s.grid {
        Some(g) => {
            out.extend(g.check("event.grid"));
            g
        }
        None => {
            asn = Grid::asn();
            &asn
        }
    };
    if s.subjects.len() > MAX_SUBJECTS {
        out.push(problem(
            Code::LimitExceeded,
            "event.subjects",
            format!("at most {MAX_SUBJECTS} people"),
            format!("paling banyak {MAX_SUBJECTS} pegawai"),
        ));
        return out;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, x) in s.subjects.iter().enumerate() {
        let nip = x.nip.as_str();
        if nip.is_empty() || nip.len() > 32 || nip.trim() != nip {
            out.push(problem(Code::InvalidValue, format!("event.subjects[{i}].nip"), "expected a NIP", "harus NIP"));
        } else if let Some(first) = seen.insert(nip, i) {
            out.push(problem(
                Code::DuplicateNip,
                format!("event.subjects[{i}].nip"),
                format!("the NIP of subjects[{first}]: one person once"),
                format!("NIP yang sama dengan subjects[{first}]: satu pegawai sekali"),
            ));
        }
        if x.unit.chars().count() > 500 {
            out.push(problem(
                Code::InvalidValue,
                format!("event.subjects[{i}].unit"),
                "expected at most 500 characters",
                "paling banyak 500 karakter",
            ));
        }
        if let Some(b) = x.box_ {
            if levels_of(grid, b).is_none() {
                out.push(problem(
                    Code::InvalidValue,
                    format!("event.subjects[{i}].box"),
                    "expected a box number of the grid",
                    "harus nomor kotak pada grid",
                ));
            }
        }
        if x.groups.len() > 32 || x.groups.iter().any(|(k, v)| k.chars().count() > 64 || v.chars().count() > 200) {
            out.push(problem(
                Code::LimitExceeded,
                format!("event.subjects[{i}].groups"),
                "at most 32 group columns, names of 64 and values of 200 characters",
                "paling banyak 32 kolom kelompok, nama 64 dan nilai 200 karakter",
            ));
        }
    }
    out
}

/// Net change of one subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Not changed.
    None,
    /// To a higher box (or a better predikat).
    Up,
    /// To a lower box (or a worse predikat).
    Down,
    /// Changed, neither higher nor lower.
    Lateral,
}

/// One subject, raw and calibrated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct SubjectRow {
    /// NIP.
    pub nip: String,
    /// Unit.
    pub unit: String,
    /// Proposed.
    pub raw: Values,
    /// After calibration.
    pub calibrated: Values,
    /// Net change.
    pub change: Change,
}

/// Raw and calibrated headcount of a box (null: holding area).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct BoxCount {
    /// Box.
    #[serde(rename = "box")]
    pub box_: Option<u16>,
    /// Proposed.
    pub raw: usize,
    /// Calibrated.
    pub calibrated: usize,
}

/// Moves made by one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ActorMoves {
    /// Actor.
    pub actor: String,
    /// Move items.
    pub moves: usize,
    /// Different people moved.
    pub people: usize,
}

/// The last entry of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct Head {
    /// Sequence number.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
}

/// The report of a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct SessionReport {
    /// Session id.
    pub session: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// State.
    pub status: SessionStatus,
    /// Policy of the proposed placements.
    pub policy: Option<SessionPolicy>,
    /// SHA-256 of the snapshot's canonical JSON.
    pub snapshot_fingerprint: String,
    /// The last entry.
    pub head: Head,
    /// People in the snapshot.
    pub headcount: usize,
    /// People whose calibrated values differ from the proposed ones.
    pub changed: usize,
    /// Of those, moved up.
    pub moved_up: usize,
    /// Of those, moved down.
    pub moved_down: usize,
    /// Move items in the log.
    pub moves: usize,
    /// Headcount per box, proposed and calibrated.
    pub distribution: Vec<BoxCount>,
    /// Every guideline against the calibrated values.
    pub guidelines: Vec<GuidelineResult>,
    /// Whether finalising would be accepted now.
    pub finalisable: bool,
    /// Moves per actor.
    pub by_actor: Vec<ActorMoves>,
    /// Adverse impact of the moves, per group column of the snapshot.
    pub impact: Vec<ImpactReport>,
    /// Changes of state.
    pub history: Vec<StatusChange>,
    /// Each person, proposed and calibrated (detail `full`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<Vec<SubjectRow>>,
    /// Every move (detail `full`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_log: Option<Vec<MoveRecord>>,
}
