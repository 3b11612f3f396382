//! Placements over time: who moved between periods, in which direction, into and out of the talent pools
//! (the movement matrix of the policy's grid between consecutive periods, and each person's trend).
//!
//! What each figure rests on:
//!
//! * **Matching by NIP** (trimmed): one NIP per civil servant for life (Perka BKN 22/2007), so the same NIP
//!   in two periods is the same person. A NIP repeated within one period is a `duplicate_nip` error row
//!   from the second row on (as in scoring). A NIP seen only in one period and another NIP seen only in
//!   the next that share digits 1-14 (birth date and TMT CPNS, Perka BKN 22/2007) and the unit may be one
//!   person whose NIP was corrected: both rows are `nip_changed` error rows, never matched and never
//!   counted as new and gone in silence.
//! * **Boxes, levels and pools** come from the policy's grid (PermenPANRB 3/2020 jo 20/2025: numbering;
//!   KRS instansi = boxes 7-9, nasional = box 9 on the national grid), read from its box definitions.
//! * **Direction and distance are our default** (no regulation defines them): a move is *up* when the
//!   sum of the two axis level indices (kinerja + potensial, 1 = lowest) rises, *down* when it falls,
//!   *lateral* when it stays but the box changes; the distance is |Δ kinerja level| + |Δ potensial level|
//!   (steps on the grid).
//!
//! Every input row of every period comes back once: as a placement (with a box, or holding without
//! one) or as an error row.
//!
//! ```
//! use meritkit::movement::{compare, Options, Period, Rows};
//! use meritkit::{policy::Policy, scoring::ParsedRow};
//! let rec = |potential: f64| -> ParsedRow { Ok(serde_json::from_value(serde_json::json!({
//!     "nip": "198503152010011002", "unit": "Dinas Pangan", "position": {"kind": "pelaksana"},
//!     "performance": [{"year": 2025, "predikat": "Sangat Baik"}], "potential_score": potential})).unwrap()) };
//! let (a, b) = ([rec(80.0)], [rec(95.0)]);
//! let d = |s| meritkit::date::parse_ymd(s).unwrap();
//! let periods = [
//!     Period { label: "2025".into(), date: d("2025-12-31"), rows: Rows::Records(&a) },
//!     Period { label: "2026".into(), date: d("2026-12-31"), rows: Rows::Records(&b) },
//! ];
//! let c = compare(&periods, &Policy::preset("permenpanrb_3_2020").unwrap(), &Options::default()).unwrap();
//! // box 7 (kinerja di atas, potensial menengah) to box 9 (potensial tinggi): one step up, into KRS nasional
//! assert_eq!((c.changes[0].matrix[0].from_box, c.changes[0].matrix[0].to_box), (Some(7), Some(9)));
//! assert_eq!(c.changes[0].counts.moved_up, 1);
//! assert_eq!(c.changes[0].pools["nasional"].entered_count, 1);
//! ```

use crate::error::{Code, Error, Message, Problem, RowError};
use crate::nine_box::{Grid, Pool};
use crate::policy::Policy;
use crate::scoring::{Context, ParsedRow, PolicyInfo};
use jiff::civil::Date;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Periods one comparison may hold: 20.
pub const MAX_PERIODS: usize = 20;

/// The smallest grid distance listed as a large move when none is asked for: 2 (our default).
pub const DEFAULT_MIN_MOVE: u32 = 2;

/// How much of the comparison the answer carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// The counts, the matrices and the error rows; without the per-person lists (`people`, `new`,
    /// `gone`, `large_moves`, the NIPs that entered and left each pool).
    Summary,
    /// Everything (the default).
    #[default]
    Full,
}

/// The rows of one period: employee records (scored here with the policy at the period's date), or
/// the `results` of an earlier score answer (only `nip`, `unit`, `box`, `status` and `row` are read).
#[derive(Clone, Copy, Debug)]
pub enum Rows<'a> {
    /// Records, each already parsed (a failure becomes an error row).
    Records(&'a [ParsedRow]),
    /// Placements of an earlier score answer.
    Results(&'a [serde_json::Value]),
    /// Placements as typed values (columns of a table, a Rust caller's): read as `Results` entries are,
    /// without a JSON value in between.
    Marks(&'a [Mark<'a>]),
}

/// A placement given as typed values: the fields of a `results` entry that a comparison reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark<'a> {
    /// NIP.
    pub nip: &'a str,
    /// Unit (OPD).
    pub unit: &'a str,
    /// Box; `None` for holding.
    pub box_: Option<u16>,
}

/// One period of the population.
#[derive(Clone, Debug)]
pub struct Period<'a> {
    /// Its label (`2025`), unique among the periods.
    pub label: String,
    /// Its reference date: the scoring date of records, and the order of the periods.
    pub date: Date,
    /// Its rows.
    pub rows: Rows<'a>,
}

/// The boxes of a movement matrix as laid out for people: 1 to N of the grid, then `None` (holding).
pub fn matrix_boxes(grid: &Grid) -> Vec<Option<u16>> {
    let n = grid.performance_count() * grid.potential_count();
    (1..=n).filter_map(|b| u16::try_from(b).ok()).map(Some).chain(std::iter::once(None)).collect()
}

impl Change {
    /// People who went from box `from` to box `to` (`None`: holding) in the agency's matrix.
    pub fn moved(&self, from: Option<u16>, to: Option<u16>) -> usize {
        self.matrix.iter().find(|c| c.from_box == from && c.to_box == to).map_or(0, |c| c.count)
    }
}

/// Options of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The smallest grid distance listed in `large_moves` (at least 1).
    pub min_move: u32,
    /// How much the answer carries.
    pub detail: Detail,
    /// Rows with errors (over every period) the answer may carry; more refuse the comparison with
    /// `too_many_errors`.
    pub max_error_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { min_move: DEFAULT_MIN_MOVE, detail: Detail::Full, max_error_rows: crate::scoring::MAX_ERROR_ROWS }
    }
}

/// The answer of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    /// The policy whose grid, levels and pools every figure uses.
    pub policy: PolicyInfo,
    /// Each period, in the order given (chronological).
    pub periods: Vec<PeriodCounts>,
    /// Each pair of consecutive periods.
    pub changes: Vec<Change>,
    /// Each person with a placement in some period, by NIP (left out with `detail: "summary"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<PersonTrend>>,
    /// Every error row of every period, by period and row.
    pub errors: Vec<ErrorRow>,
}

/// The counts of one period: `rows = placed + holding + errors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodCounts {
    /// Label.
    pub period: String,
    /// Reference date (`YYYY-MM-DD`).
    pub date: String,
    /// Input rows.
    pub rows: usize,
    /// Rows placed in a box.
    pub placed: usize,
    /// Rows placed without a box (holding: an axis missing under a `holding` policy).
    pub holding: usize,
    /// Rows with errors (each row counted once, whatever its number of errors).
    pub errors: usize,
}

/// What changed between two consecutive periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Change {
    /// Label of the earlier period.
    pub from: String,
    /// Label of the later period.
    pub to: String,
    /// The instansi-wide movement matrix of the people placed in both periods (sparse: cells with a
    /// count only; `null` box = holding), sorted by `from_box`, then `to_box` (holding first).
    pub matrix: Vec<Cell>,
    /// The same per unit (the unit of the later period), sorted by unit.
    pub units: Vec<UnitMatrix>,
    /// Counts of people.
    pub counts: Counts,
    /// Per talent pool (`instansi`, `nasional`): who entered and who left.
    pub pools: BTreeMap<String, PoolChange>,
    /// People placed in both periods whose grid distance is at least `min_move`, largest first, then by
    /// NIP (left out with `detail: "summary"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_moves: Option<Vec<LargeMove>>,
    /// People placed in the later period whose NIP has no row in the earlier one, by NIP (left out with
    /// `detail: "summary"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Vec<Presence>>,
    /// People placed in the earlier period whose NIP has no row in the later one, by NIP (left out with
    /// `detail: "summary"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gone: Option<Vec<Presence>>,
}

/// One cell of a movement matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cell {
    /// Box in the earlier period (`null`: holding).
    pub from_box: Option<u16>,
    /// Box in the later period (`null`: holding).
    pub to_box: Option<u16>,
    /// People.
    pub count: usize,
}

/// The movement matrix of one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitMatrix {
    /// Unit (of the later period).
    pub unit: String,
    /// Its cells, as in [`Change::matrix`].
    pub cells: Vec<Cell>,
}

/// Counts of people between two periods. `matched = stayed + moved_up + moved_down + lateral +
/// without_box` (the sum of the matrix); every NIP with a row in either period is exactly one of
/// matched, new, gone or not compared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Counts {
    /// People placed in both periods (same NIP; Perka BKN 22/2007).
    pub matched: usize,
    /// Same box in both.
    pub stayed: usize,
    /// Higher sum of level indices (our default).
    pub moved_up: usize,
    /// Lower sum of level indices (our default).
    pub moved_down: usize,
    /// Same sum, another box (our default).
    pub lateral: usize,
    /// Holding (no box) in one period or both: no direction.
    pub without_box: usize,
    /// Placed in the later period, no row in the earlier one.
    pub new: usize,
    /// Placed in the earlier period, no row in the later one.
    pub gone: usize,
    /// NIPs with an error row in either period (a score error, a changed NIP) and no placement to
    /// compare with: neither matched, new nor gone.
    pub not_compared: usize,
}

/// Entries into and exits from one talent pool between two periods: `entered` = in the pool in the
/// later period and either new or matched and outside it before; `left` = in the pool in the earlier
/// period and either gone or matched and outside it after (holding is outside every pool).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PoolChange {
    /// How many entered.
    pub entered_count: usize,
    /// How many left.
    pub left_count: usize,
    /// NIPs that entered, sorted (left out with `detail: "summary"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered: Option<Vec<String>>,
    /// NIPs that left, sorted (left out with `detail: "summary"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Vec<String>>,
}

/// Direction of a move on the grid (our default: by the sum of the two level indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher sum.
    Up,
    /// Lower sum.
    Down,
    /// Same sum, another box.
    Lateral,
}

/// A person whose grid distance is at least `min_move`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LargeMove {
    /// NIP.
    pub nip: String,
    /// Unit in the later period.
    pub unit: String,
    /// Box before.
    pub from_box: u16,
    /// Box after.
    pub to_box: u16,
    /// Kinerja level after minus before.
    pub performance_change: i32,
    /// Potensial level after minus before.
    pub potential_change: i32,
    /// |performance_change| + |potential_change| (our default).
    pub distance: u32,
    /// Direction.
    pub direction: Direction,
}

/// A person new or gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Presence {
    /// NIP.
    pub nip: String,
    /// Unit in the period where the person is.
    pub unit: String,
    /// Box there (`null`: holding).
    #[serde(rename = "box")]
    pub box_: Option<u16>,
}

/// The trend of one person over all the periods (our default, by the sum of the level indices between
/// the periods where the person has a box).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Never lower, at least once higher.
    Up,
    /// Never higher, at least once lower.
    Down,
    /// Never higher nor lower (lateral moves included; also a box in at most one period).
    Stable,
    /// Both higher and lower.
    Mixed,
    /// Placed in one period only.
    Single,
}

/// One person over all the periods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PersonTrend {
    /// NIP.
    pub nip: String,
    /// Box per period, in period order (`null`: no box there: absent, holding or an error row).
    pub boxes: Vec<Option<u16>>,
    /// Trend.
    pub trend: Trend,
}

/// An input row of a period that is not a placement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorRow {
    /// Label of the period.
    pub period: String,
    /// 0-based index of the row in the period's `records` or `results`.
    pub row: usize,
    /// The `row` an entry of `results` carries (its row in the file scored then), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_row: Option<usize>,
    /// The row's NIP, when readable (a field of its own; never inside the message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nip: Option<String>,
    /// Stable code.
    pub code: Code,
    /// Path of the offending field inside the row.
    pub path: String,
    /// Bilingual message.
    pub message: Message,
}

/// A placement of one row.
#[derive(Clone, Debug)]
struct Placed<'a> {
    nip: &'a str,
    unit: &'a str,
    box_: Option<u16>,
}

/// One period read: a slot per row, and its error rows.
struct Read<'a> {
    label: String,
    slots: Vec<Option<Placed<'a>>>,
    /// The `row` each entry of `results` carries (empty for records).
    source_rows: Vec<Option<usize>>,
    errors: Vec<ErrorRow>,
    /// Every trimmed NIP with a row in the period (placement or error row), and its placement's slot.
    index: HashMap<&'a str, Option<usize>>,
}

impl<'a> Read<'a> {
    /// Placement row of each NIP.
    /// `error_nips`: the trimmed NIP of each error row that has one (borrowed from the input).
    fn new(
        label: &str,
        slots: Vec<Option<Placed<'a>>>,
        source_rows: Vec<Option<usize>>,
        errors: Vec<ErrorRow>,
        error_nips: impl IntoIterator<Item = &'a str>,
    ) -> Read<'a> {
        let mut index: HashMap<&'a str, Option<usize>> = HashMap::default();
        index.reserve(slots.len());
        for (j, p) in slots.iter().enumerate() {
            if let Some(p) = p {
                index.insert(p.nip, Some(j));
            }
        }
        for n in error_nips.into_iter().filter(|n| !n.is_empty()) {
            index.entry(n).or_insert(None);
        }
        Read { label: label.to_string(), slots, source_rows, errors, index }
    }

    /// Whether the NIP has a row in the period.
    fn present(&self, nip: &str) -> bool {
        self.index.contains_key(nip)
    }

    /// The placement row of a NIP.
    fn placement(&self, nip: &str) -> Option<usize> {
        self.index.get(nip).copied().flatten()
    }
}

fn request(path: String, en: &str, id: &str) -> Error {
    Error::Request(vec![Problem::new(Code::InvalidRequest, path, en, id)])
}

/// Refuses periods that cannot be compared: fewer than 2, more than [`MAX_PERIODS`], an empty or
/// repeated label, dates out of chronological order (each date on or after the one before).
fn check_periods(periods: &[Period<'_>], opts: &Options) -> Result<(), Error> {
    if periods.len() < 2 {
        return Err(request(
            "periods".into(),
            "a comparison needs at least two periods",
            "perbandingan memerlukan paling sedikit dua periode",
        ));
    }
    if periods.len() > MAX_PERIODS {
        return Err(Error::Request(vec![Problem::new(
            Code::LimitExceeded,
            "periods",
            format!("at most {MAX_PERIODS} periods per comparison"),
            format!("paling banyak {MAX_PERIODS} periode per perbandingan"),
        )]));
    }
    if opts.min_move == 0 {
        return Err(request("min_move".into(), "min_move must be at least 1", "min_move paling sedikit 1"));
    }
    let mut seen = HashSet::default();
    for (i, p) in periods.iter().enumerate() {
        let label = p.label.trim();
        if label.is_empty() {
            return Err(request(format!("periods[{i}].period"), "the period label is empty", "label periode kosong"));
        }
        if !seen.insert(label) {
            return Err(request(
                format!("periods[{i}].period"),
                "the same period label as an earlier period: labels must be unique",
                "label periode sama dengan periode sebelumnya: label harus unik",
            ));
        }
        if i > 0 && p.date < periods[i - 1].date {
            return Err(request(
                format!("periods[{i}].date"),
                "the date is before the date of the previous period: give the periods in chronological order",
                "tanggal lebih awal dari tanggal periode sebelumnya: urutkan periode menurut waktu",
            ));
        }
    }
    Ok(())
}

/// The 1-based (kinerja, potensial) levels of each box number of the grid ([`Grid::levels_of`], looked up once).
fn box_levels(grid: &Grid) -> HashMap<u16, (u8, u8)> {
    grid.numbers.iter().flatten().filter_map(|&n| Some((n, grid.levels_of(n)?))).collect()
}

/// Compares the placements of two or more periods of one population (see the module doc for what
/// each figure rests on). Refused (`invalid_request`, `limit_exceeded`, `too_many_errors`) as a whole
/// when the periods cannot be compared; a bad row is an error row of its period.
pub fn compare<'a>(periods: &[Period<'a>], policy: &Policy, opts: &Options) -> Result<Comparison, Error> {
    check_periods(periods, opts)?;
    let grid = policy.grid();
    let levels = box_levels(&grid);
    // one period read; records are scored within the error rows the limit leaves (`left`)
    let read = |i: usize, p: &Period<'a>, left: usize| -> Result<Read<'a>, Error> {
        let label = p.label.trim().to_string();
        Ok(match p.rows {
            Rows::Records(rows) => read_records(i, &label, rows, p.date, policy, left)?,
            Rows::Results(values) => read_results(&label, values, &levels),
            Rows::Marks(marks) => read_marks(&label, marks, &levels),
        })
    };
    let mut reads = Vec::with_capacity(periods.len());
    let mut error_rows = 0usize;
    if periods.iter().any(|p| matches!(p.rows, Rows::Records(_))) {
        // records are scored in turn (the scorer uses every core)
        for (i, p) in periods.iter().enumerate() {
            let r = read(i, p, opts.max_error_rows.saturating_sub(error_rows))?;
            error_rows = within_limit(i, p, &r, error_rows, opts.max_error_rows)?;
            reads.push(r);
        }
    } else {
        // placements already made: the periods are read side by side, then the limit is checked in order
        let all =
            crate::parallel::map(periods.len(), true, |i| periods.get(i).map(|p| read(i, p, opts.max_error_rows)));
        for (i, (p, r)) in periods.iter().zip(all).enumerate() {
            let Some(r) = r else { continue };
            let r = r?;
            error_rows = within_limit(i, p, &r, error_rows, opts.max_error_rows)?;
            reads.push(r);
        }
    }
    flag_changed_nips(&mut reads);
    // (the rows turned into `nip_changed` count too)
    let mut error_rows = 0usize;
    for (i, (p, read)) in periods.iter().zip(&reads).enumerate() {
        error_rows = within_limit(i, p, read, error_rows, opts.max_error_rows)?;
    }
    let labels: Vec<String> = periods.iter().map(|p| p.label.trim().to_string()).collect();
    let full = opts.detail == Detail::Full;
    let counts = periods
        .iter()
        .zip(&reads)
        .zip(&labels)
        .map(|((p, r), label)| {
            let placed = r.slots.iter().flatten().filter(|s| s.box_.is_some()).count();
            let holding = r.slots.iter().flatten().filter(|s| s.box_.is_none()).count();
            PeriodCounts {
                period: label.clone(),
                date: p.date.to_string(),
                rows: r.slots.len(),
                placed,
                holding,
                errors: r.slots.len() - placed - holding,
            }
        })
        .collect();
    let changes = reads
        .windows(2)
        .zip(labels.windows(2))
        .map(|(pair, names)| change(&pair[0], &pair[1], &names[0], &names[1], &grid, &levels, opts))
        .collect();
    let people = full.then(|| trends(&reads, &levels));
    let mut errors: Vec<ErrorRow> = Vec::new();
    for r in reads {
        let mut es = r.errors;
        crate::sort::stable_by_key(&mut es, |e| e.row);
        errors.extend(es);
    }
    Ok(Comparison { policy: PolicyInfo::of(policy), periods: counts, changes, people, errors })
}

/// The error rows counted so far with those of period `i`, or the refusal naming the row of period `i`
/// where `limit` is passed.
fn within_limit(i: usize, p: &Period<'_>, read: &Read<'_>, before: usize, limit: usize) -> Result<usize, Error> {
    let mut rows: Vec<usize> = read.errors.iter().map(|e| e.row).collect();
    crate::sort::stable(&mut rows);
    rows.dedup();
    let total = before.saturating_add(rows.len());
    if total <= limit {
        return Ok(total);
    }
    let row = rows.get(limit.saturating_sub(before)).copied().unwrap_or(0);
    let what = if matches!(p.rows, Rows::Records(_)) { "records" } else { "results" };
    let e = crate::scoring::TooManyErrorRows { row, limit };
    Err(Error::Request(vec![e.problem(&format!("periods[{i}].{what}[{row}]"), "max_error_rows")]))
}

fn error_row(period: &str, e: RowError) -> ErrorRow {
    ErrorRow {
        period: period.to_string(),
        row: e.row,
        source_row: None,
        nip: e.nip.map(|n| n.trim().to_string()),
        code: e.code,
        path: e.path,
        message: e.message,
    }
}

/// A period of records, scored by the batch scorer ([`crate::scoring::score_rows_within`]) with the
/// policy at the period's date: its placements and its error rows as they are.
fn read_records<'a>(
    i: usize,
    label: &str,
    rows: &'a [ParsedRow],
    date: Date,
    policy: &Policy,
    limit: usize,
) -> Result<Read<'a>, Error> {
    let out = crate::scoring::score_rows_within(rows, policy, &Context::placements(Some(date)), limit)
        .map_err(|e| Error::Request(vec![e.problem(&format!("periods[{i}].records[{}]", e.row), "max_error_rows")]))?;
    // (the NIP and unit of a placement are its record's: borrowed from the rows, not copied)
    let mut slots: Vec<Option<Placed<'a>>> = vec![None; rows.len()];
    for r in out.results {
        if let (Some(s), Some(Ok(e))) = (slots.get_mut(r.row), rows.get(r.row)) {
            *s = Some(Placed { nip: e.nip.trim(), unit: e.unit.as_str(), box_: r.box_ });
        }
    }
    let errors: Vec<ErrorRow> = out.errors.into_iter().map(|e| error_row(label, e)).collect();
    for e in &errors {
        if let Some(s) = slots.get_mut(e.row) {
            *s = None;
        }
    }
    // (every row is a placement or has an error: the scorer loses none)
    let errs: HashSet<usize> = errors.iter().map(|e| e.row).collect();
    if slots.iter().enumerate().any(|(j, s)| s.is_none() && !errs.contains(&j)) {
        return Err(Error::internal("a scored row is neither placed nor an error row"));
    }
    let error_nips: Vec<&'a str> = errors
        .iter()
        .filter_map(|e| match rows.get(e.row)? {
            Ok(r) => Some(r.nip.trim()),
            Err(f) => f.nip.as_deref().map(str::trim),
        })
        .collect();
    Ok(Read::new(label, slots, Vec::new(), errors, error_nips))
}

/// The fields read from one entry of `results`, or the problems of the entry.
#[derive(Default)]
struct ResultEntry<'a> {
    placed: Option<Placed<'a>>,
    nip: Option<&'a str>,
    source_row: Option<usize>,
    problems: Vec<Problem>,
}

/// An entry (of `results`, or typed) without a NIP.
fn missing_nip() -> Problem {
    Problem::new(Code::MissingField, "nip", "the NIP is missing or empty", "NIP tidak ada atau kosong")
}

/// An entry whose box is not one of the policy's grid.
fn box_outside_grid() -> Problem {
    Problem::new(
        Code::InvalidValue,
        "box",
        "the box is not a box number of the policy's grid",
        "kotak bukan nomor kotak pada grid kebijakan",
    )
}

fn read_entry<'a>(v: &'a serde_json::Value, levels: &HashMap<u16, (u8, u8)>) -> ResultEntry<'a> {
    use serde_json::Value;
    let mut problems = Vec::new();
    let mut bad = |p: Problem| problems.push(p);
    let Some(o) = v.as_object() else {
        bad(Problem::new(
            Code::InvalidType,
            "",
            "an entry of results must be an object (a result of a score answer)",
            "entri results harus berupa objek (hasil dari jawaban score)",
        ));
        return ResultEntry { placed: None, nip: None, source_row: None, problems };
    };
    let nip = match o.get("nip") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim()),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            bad(missing_nip());
            None
        }
        Some(_) => {
            bad(Problem::new(Code::InvalidType, "nip", "the NIP must be text", "NIP harus berupa teks"));
            None
        }
    };
    let unit = match o.get("unit") {
        Some(Value::String(s)) => Some(s.as_str()),
        None | Some(Value::Null) => {
            bad(Problem::new(Code::MissingField, "unit", "the unit is missing", "unit kerja tidak ada"));
            None
        }
        Some(_) => {
            bad(Problem::new(Code::InvalidType, "unit", "the unit must be text", "unit kerja harus berupa teks"));
            None
        }
    };
    let box_ = match o.get("box") {
        None => {
            bad(Problem::new(
                Code::MissingField,
                "box",
                "the box is missing (null for holding)",
                "kotak tidak ada (null untuk holding)",
            ));
            None
        }
        Some(Value::Null) => Some(None),
        Some(Value::Number(n)) => {
            match n.as_u64().and_then(|n| u16::try_from(n).ok()).filter(|n| levels.contains_key(n)) {
                Some(b) => Some(Some(b)),
                None => {
                    bad(box_outside_grid());
                    None
                }
            }
        }
        Some(_) => {
            bad(Problem::new(
                Code::InvalidType,
                "box",
                "the box must be a number or null",
                "kotak harus berupa angka atau null",
            ));
            None
        }
    };
    match o.get("status") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => match (s.as_str(), box_) {
            ("placed", Some(None)) => bad(Problem::new(
                Code::InvalidValue,
                "status",
                "status `placed` needs a box",
                "status `placed` memerlukan kotak",
            )),
            ("holding", Some(Some(_))) => bad(Problem::new(
                Code::InvalidValue,
                "status",
                "status `holding` has no box (box null)",
                "status `holding` tidak punya kotak (box null)",
            )),
            ("placed" | "holding", _) => {}
            _ => bad(Problem::new(
                Code::InvalidValue,
                "status",
                "status must be `placed` or `holding`",
                "status harus `placed` atau `holding`",
            )),
        },
        Some(_) => bad(Problem::new(Code::InvalidType, "status", "status must be text", "status harus berupa teks")),
    }
    let source_row = match o.get("row") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().and_then(|r| usize::try_from(r).ok()),
        Some(_) => {
            bad(Problem::new(
                Code::InvalidType,
                "row",
                "row must be a whole number from 0",
                "row harus bilangan bulat mulai 0",
            ));
            None
        }
    };
    let placed = match (problems.is_empty(), &nip, unit, box_) {
        (true, Some(n), Some(unit), Some(box_)) => Some(Placed { nip: n, unit, box_ }),
        _ => None,
    };
    ResultEntry { placed, nip, source_row, problems }
}

/// A period of earlier results: each entry read on its own; a NIP repeated is a `duplicate_nip`
/// error row from its second entry on ([`crate::scoring::duplicate_nip_error`], as in scoring).
fn read_results<'a>(label: &str, values: &'a [serde_json::Value], levels: &HashMap<u16, (u8, u8)>) -> Read<'a> {
    // (each entry on its own: read on every core)
    let entries: Vec<ResultEntry<'a>> =
        crate::parallel::map(values.len(), true, |i| values.get(i).map(|v| read_entry(v, levels)).unwrap_or_default());
    read_entries(label, entries)
}

/// A period of typed placements: each checked as an entry of `results` is (a NIP, a box of the grid).
fn read_marks<'a>(label: &str, marks: &'a [Mark<'a>], levels: &HashMap<u16, (u8, u8)>) -> Read<'a> {
    let entries = marks
        .iter()
        .map(|m| {
            let mut problems = Vec::new();
            let nip = Some(m.nip.trim()).filter(|n| !n.is_empty());
            if nip.is_none() {
                problems.push(missing_nip());
            }
            if m.box_.is_some_and(|b| !levels.contains_key(&b)) {
                problems.push(box_outside_grid());
            }
            let placed = match (problems.is_empty(), nip) {
                (true, Some(n)) => Some(Placed { nip: n, unit: m.unit, box_: m.box_ }),
                _ => None,
            };
            ResultEntry { placed, nip, source_row: None, problems }
        })
        .collect();
    read_entries(label, entries)
}

/// Entries read one by one become a period: a NIP repeated is a `duplicate_nip` error row from its second
/// entry on ([`crate::scoring::duplicate_nip_error`], as in scoring).
fn read_entries<'a>(label: &str, entries: Vec<ResultEntry<'a>>) -> Read<'a> {
    let firsts = crate::scoring::first_rows_by_nip(entries.iter().map(|e| e.nip));
    let mut slots = Vec::with_capacity(entries.len());
    let source_rows = entries.iter().map(|e| e.source_row).collect();
    let mut errors = Vec::new();
    let mut error_nips = Vec::new();
    for (j, (e, first)) in entries.into_iter().zip(firsts).enumerate() {
        let owned = e.nip.map(str::to_string);
        let mut rows: Vec<ErrorRow> =
            e.problems.into_iter().map(|p| error_row(label, RowError::from_problem(j, owned.clone(), p))).collect();
        if let Some(first) = first {
            rows.push(error_row(label, crate::scoring::duplicate_nip_error(j, owned.clone(), first)));
        }
        if !rows.is_empty() {
            error_nips.extend(e.nip);
        }
        for r in &mut rows {
            r.source_row = e.source_row;
        }
        slots.push(if rows.is_empty() { e.placed } else { None });
        errors.extend(rows);
    }
    Read::new(label, slots, source_rows, errors, error_nips)
}

/// The NIP's birth date and TMT CPNS (digits 1-14, Perka BKN 22/2007), for an 18-digit NIP.
fn nip_head(nip: &str) -> Option<&str> {
    (nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit())).then(|| &nip[..14])
}

/// For each pair of consecutive periods: a NIP placed only in the earlier one (no row of it in the
/// later) and a NIP placed only in the later one that share digits 1-14 and the unit turn both rows
/// into `nip_changed` error rows. Candidates are taken from the placements before any row is turned,
/// so the answer does not depend on the order of the pairs.
fn flag_changed_nips(reads: &mut [Read]) {
    let mut flags: Vec<(usize, usize, usize, bool)> = Vec::new(); // (period, row, other row, other is later)
    for a in 0..reads.len().saturating_sub(1) {
        let (ra, rb) = (&reads[a], &reads[a + 1]);
        let mut gone: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
        for (j, p) in ra.slots.iter().enumerate() {
            if let Some(p) = p {
                if let (false, Some(h)) = (rb.present(p.nip), nip_head(p.nip)) {
                    gone.entry((h, p.unit.trim())).or_default().push(j);
                }
            }
        }
        for (k, p) in rb.slots.iter().enumerate() {
            let Some(p) = p else { continue };
            if ra.present(p.nip) {
                continue;
            }
            let Some(h) = nip_head(p.nip) else { continue };
            if let Some(js) = gone.get(&(h, p.unit.trim())) {
                for &j in js {
                    flags.push((a, j, k, true));
                    flags.push((a + 1, k, j, false));
                }
            }
        }
    }
    let mut done = HashSet::default();
    for (period, row, other, later) in flags {
        if !done.insert((period, row)) {
            continue;
        }
        let Some(read) = reads.get_mut(period) else { continue };
        let Some(p) = read.slots.get_mut(row).and_then(Option::take) else { continue };
        read.index.insert(p.nip, None);
        let (en, id) = if later {
            (
                format!(
                    "no row of this NIP in the next period, but row {other} there has another NIP with the same birth \
                     date and TMT CPNS (digits 1-14) in the same unit: possibly the same person with a changed NIP \
                     (Perka BKN 22/2007); not matched and not counted as gone: check the NIP in SIASN"
                ),
                format!(
                    "tidak ada baris NIP ini pada periode berikutnya, tetapi baris {other} di sana memiliki NIP lain \
                     dengan tanggal lahir dan TMT CPNS (digit 1-14) serta unit kerja yang sama: mungkin orang yang sama \
                     dengan NIP yang berubah (Perka BKN 22/2007); tidak dicocokkan dan tidak dihitung keluar: periksa NIP \
                     di SIASN"
                ),
            )
        } else {
            (
                format!(
                    "no row of this NIP in the previous period, but row {other} there has another NIP with the same \
                     birth date and TMT CPNS (digits 1-14) in the same unit: possibly the same person with a changed NIP \
                     (Perka BKN 22/2007); not matched and not counted as new: check the NIP in SIASN"
                ),
                format!(
                    "tidak ada baris NIP ini pada periode sebelumnya, tetapi baris {other} di sana memiliki NIP lain \
                     dengan tanggal lahir dan TMT CPNS (digit 1-14) serta unit kerja yang sama: mungkin orang yang sama \
                     dengan NIP yang berubah (Perka BKN 22/2007); tidak dicocokkan dan tidak dihitung baru: periksa NIP \
                     di SIASN"
                ),
            )
        };
        read.errors.push(ErrorRow {
            period: read.label.clone(),
            row,
            source_row: read.source_rows.get(row).copied().flatten(),
            nip: Some(p.nip.to_string()),
            code: Code::NipChanged,
            path: "nip".into(),
            message: Message::new(en, id),
        });
    }
}

fn placed<'r, 'a>(r: &'r Read<'a>, j: usize) -> Option<&'r Placed<'a>> {
    r.slots.get(j).and_then(Option::as_ref)
}

/// Counts per (box before, box after), in order.
type Tally = BTreeMap<(Option<u16>, Option<u16>), usize>;

fn sorted_cells(m: Tally) -> Vec<Cell> {
    m.into_iter().map(|((from_box, to_box), count)| Cell { from_box, to_box, count }).collect()
}

fn in_pool(grid: &Grid, b: Option<u16>, pool: Pool) -> bool {
    b.and_then(|b| grid.box_def(b)).is_some_and(|d| d.talent_pool.contains(&pool))
}

/// The sum of the level indices of a box (our default measure of height on the grid).
fn height(levels: &HashMap<u16, (u8, u8)>, b: u16) -> Option<i32> {
    levels.get(&b).map(|&(k, p)| i32::from(k) + i32::from(p))
}

fn change(
    a: &Read,
    b: &Read,
    from: &str,
    to: &str,
    grid: &Grid,
    levels: &HashMap<u16, (u8, u8)>,
    opts: &Options,
) -> Change {
    let mut counts = Counts::default();
    // (unit, box before, box after) → people; sorted once at the end
    let mut tally: HashMap<(&str, Option<u16>, Option<u16>), usize> = HashMap::default();
    let mut large = Vec::new();
    let mut new = Vec::new();
    let mut gone = Vec::new();
    let pools = [Pool::Instansi, Pool::Nasional];
    let pool_of = |b: Option<u16>| pools.map(|pool| in_pool(grid, b, pool));
    let mut entered: Vec<Vec<&str>> = vec![Vec::new(); pools.len()];
    let mut left: Vec<Vec<&str>> = vec![Vec::new(); pools.len()];
    // every placement of the later period, then the placements of the earlier one without a row in the later
    let mut seen_a = vec![false; a.slots.len()];
    for y in b.slots.iter().flatten() {
        let nip = y.nip;
        let x = a.placement(nip).map(|j| {
            if let Some(s) = seen_a.get_mut(j) {
                *s = true;
            }
            placed(a, j)
        });
        match x {
            Some(Some(x)) => {
                counts.matched += 1;
                *tally.entry((y.unit, x.box_, y.box_)).or_insert(0) += 1;
                match (x.box_, y.box_) {
                    (Some(f), Some(t)) if f == t => counts.stayed += 1,
                    (Some(f), Some(t)) => {
                        let (hf, ht) = (height(levels, f).unwrap_or(0), height(levels, t).unwrap_or(0));
                        let direction = match ht.cmp(&hf) {
                            std::cmp::Ordering::Greater => Direction::Up,
                            std::cmp::Ordering::Less => Direction::Down,
                            std::cmp::Ordering::Equal => Direction::Lateral,
                        };
                        match direction {
                            Direction::Up => counts.moved_up += 1,
                            Direction::Down => counts.moved_down += 1,
                            Direction::Lateral => counts.lateral += 1,
                        }
                        let (kf, pf) = levels.get(&f).copied().unwrap_or((0, 0));
                        let (kt, pt) = levels.get(&t).copied().unwrap_or((0, 0));
                        let dk = i32::from(kt) - i32::from(kf);
                        let dp = i32::from(pt) - i32::from(pf);
                        let distance = dk.unsigned_abs() + dp.unsigned_abs();
                        if distance >= opts.min_move {
                            large.push(LargeMove {
                                nip: nip.to_string(),
                                unit: y.unit.to_string(),
                                from_box: f,
                                to_box: t,
                                performance_change: dk,
                                potential_change: dp,
                                distance,
                                direction,
                            });
                        }
                    }
                    _ => counts.without_box += 1,
                }
                if x.box_ != y.box_ {
                    for (i, (was, is)) in pool_of(x.box_).into_iter().zip(pool_of(y.box_)).enumerate() {
                        match (was, is) {
                            (false, true) => entered[i].push(nip),
                            (true, false) => left[i].push(nip),
                            _ => {}
                        }
                    }
                }
            }
            // a row of the NIP in the earlier period that is not a placement
            Some(None) => counts.not_compared += 1,
            None if a.present(nip) => counts.not_compared += 1,
            None => {
                counts.new += 1;
                new.push(Presence { nip: nip.to_string(), unit: y.unit.to_string(), box_: y.box_ });
                for (i, is) in pool_of(y.box_).into_iter().enumerate() {
                    if is {
                        entered[i].push(nip);
                    }
                }
            }
        }
    }
    for (j, x) in a.slots.iter().enumerate() {
        let Some(x) = x else { continue };
        if seen_a.get(j).copied().unwrap_or(true) {
            continue;
        }
        let nip = x.nip;
        if b.present(nip) {
            // an error row of the NIP in the later period
            counts.not_compared += 1;
            continue;
        }
        counts.gone += 1;
        gone.push(Presence { nip: nip.to_string(), unit: x.unit.to_string(), box_: x.box_ });
        for (i, was) in pool_of(x.box_).into_iter().enumerate() {
            if was {
                left[i].push(nip);
            }
        }
    }
    // NIPs with rows (error rows only) but a placement in neither period
    // (only NIPs without a placement in their own period need a look in the other)
    counts.not_compared += a.index.iter().filter(|(n, j)| j.is_none() && b.placement(n).is_none()).count();
    counts.not_compared += b.index.iter().filter(|(n, j)| j.is_none() && !a.present(n)).count();
    let full = opts.detail == Detail::Full;
    if full {
        crate::sort::stable_by(&mut large, |p, q| q.distance.cmp(&p.distance).then_with(|| p.nip.cmp(&q.nip)));
        crate::sort::stable_by(&mut new, |p, q| p.nip.cmp(&q.nip));
        crate::sort::stable_by(&mut gone, |p, q| p.nip.cmp(&q.nip));
        for l in entered.iter_mut().chain(left.iter_mut()) {
            crate::sort::stable(l);
        }
    }
    let pools = pools
        .iter()
        .zip(entered.into_iter().zip(left))
        .map(|(pool, (e, l))| {
            (
                pool.code().to_string(),
                PoolChange {
                    entered_count: e.len(),
                    left_count: l.len(),
                    entered: full.then(|| e.into_iter().map(str::to_string).collect()),
                    left: full.then(|| l.into_iter().map(str::to_string).collect()),
                },
            )
        })
        .collect();
    let mut matrix = Tally::new();
    let mut units: BTreeMap<&str, Tally> = BTreeMap::new();
    for ((unit, f, t), n) in tally {
        *matrix.entry((f, t)).or_insert(0) += n;
        *units.entry(unit).or_default().entry((f, t)).or_insert(0) += n;
    }
    Change {
        from: from.to_string(),
        to: to.to_string(),
        matrix: sorted_cells(matrix),
        units: units.into_iter().map(|(u, m)| UnitMatrix { unit: u.to_string(), cells: sorted_cells(m) }).collect(),
        counts,
        pools,
        large_moves: full.then_some(large),
        new: full.then_some(new),
        gone: full.then_some(gone),
    }
}

/// Each person placed in some period, by NIP, with the box per period and the trend.
fn trends(reads: &[Read], levels: &HashMap<u16, (u8, u8)>) -> Vec<PersonTrend> {
    let mut nips: Vec<&str> =
        reads.iter().flat_map(|r| r.index.iter().filter(|(_, j)| j.is_some()).map(|(n, _)| *n)).collect();
    crate::sort::stable(&mut nips);
    nips.dedup();
    nips.into_iter()
        .map(|nip| {
            let placed: Vec<Option<&Placed>> =
                reads.iter().map(|r| r.placement(nip).and_then(|j| r.slots.get(j)).and_then(Option::as_ref)).collect();
            let boxes: Vec<Option<u16>> = placed.iter().map(|p| p.and_then(|p| p.box_)).collect();
            let trend = if placed.iter().flatten().count() == 1 {
                Trend::Single
            } else {
                let hs: Vec<i32> = boxes.iter().flatten().filter_map(|&b| height(levels, b)).collect();
                let up = hs.windows(2).any(|w| w[1] > w[0]);
                let down = hs.windows(2).any(|w| w[1] < w[0]);
                match (up, down) {
                    (true, true) => Trend::Mixed,
                    (true, false) => Trend::Up,
                    (false, true) => Trend::Down,
                    (false, false) => Trend::Stable,
                }
            };
            PersonTrend { nip: nip.to_string(), boxes, trend }
        })
        .collect()
}
