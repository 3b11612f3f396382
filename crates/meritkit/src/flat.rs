//! The flat (one row, one value per column) layout of employee records, used
//! by CSV files, spreadsheets and DataFrames. Every binding and the CLI share
//! this one conversion.
//!
//! | column | record field |
//! |---|---|
//! | `nip`, `name`, `unit`, `rank`, `education`, `birth_date`, `jpm`, `potential_score`, `potential_assessment_score`, `track_record_score`, `performance_score` | same name |
//! | `position_kind`, `position_title`, `position_since` | `position.kind`, `.title`, `.since` |
//! | `performance_<YYYY>` (or `predikat_<YYYY>`) | predikat of year YYYY |
//! | `work_result_<YYYY>`, `work_behavior_<YYYY>` | the two ratings of year YYYY |
//! | `competency_<key>` | `competency.<key>` (level 1-5) |
//! | `potential_aspect_<key>` | `potential_aspects.<key>` |
//! | `attr_<key>` | `attributes.<key>` (group columns for fairness analysis) |
//!
//! Empty cells are absent values. Unknown columns are reported, not ignored.
//!
//! ```
//! use meritkit::flat::{Cell, FlatLayout};
//! let layout = FlatLayout::new(&["nip", "unit", "position_kind", "performance_2025", "competency_integritas"]).unwrap();
//! let v = layout.to_value(&[Cell::Str("196502222007011005".into()), Cell::Str("Dinas Pangan".into()),
//!     Cell::Str("pengawas".into()), Cell::Str("Baik".into()), Cell::Num(3.0)]);
//! assert_eq!(v["performance"][0]["predikat"], "Baik");
//! assert_eq!(v["competency"]["integritas"], 3.0);
//! ```

use crate::error::{Code, Problem};
use crate::model::Employee;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Empty.
    Null,
    /// Text.
    Str(String),
    /// Number.
    Num(f64),
    /// Boolean.
    Bool(bool),
}

/// What a flat column holds: the one classification of column names (the
/// CLI, mapping, the demo, the columnar path and the bindings ask here).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// `nip`.
    Nip,
    /// `name`.
    Name,
    /// `unit`.
    Unit,
    /// `position_title`.
    PositionTitle,
    /// `position_kind`.
    PositionKind,
    /// `position_since`.
    PositionSince,
    /// `rank`.
    Rank,
    /// `education`.
    Education,
    /// `birth_date`.
    BirthDate,
    /// `performance_<YYYY>` (or `predikat_<YYYY>`), `work_result_<YYYY>`, `work_behavior_<YYYY>`.
    Year(i16, YearField),
    /// `performance_score`.
    PerformanceScore,
    /// `competency_<key>`.
    Competency(String),
    /// `jpm`.
    Jpm,
    /// `potential_aspect_<key>`.
    PotentialAspect(String),
    /// `potential_assessment_score`.
    PotentialAssessmentScore,
    /// `track_record_score`.
    TrackRecordScore,
    /// `potential_score`.
    PotentialScore,
    /// `attr_<key>`.
    Attr(String),
}

/// The field of a yearly appraisal column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearField {
    /// The predikat (`performance_<YYYY>`, `predikat_<YYYY>`).
    Predikat,
    /// `work_result_<YYYY>`.
    WorkResult,
    /// `work_behavior_<YYYY>`.
    WorkBehavior,
}

impl YearField {
    /// The record field (`predikat`, `work_result`, `work_behavior`).
    pub fn field(self) -> &'static str {
        match self {
            YearField::Predikat => "predikat",
            YearField::WorkResult => "work_result",
            YearField::WorkBehavior => "work_behavior",
        }
    }

    /// The column name prefix (`performance_`, `work_result_`, `work_behavior_`).
    pub fn prefix(self) -> &'static str {
        match self {
            YearField::Predikat => "performance_",
            YearField::WorkResult => "work_result_",
            YearField::WorkBehavior => "work_behavior_",
        }
    }
}

/// Whether a column holds text or numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (codes, labels, dates, names).
    Text,
    /// Numbers (levels, scores).
    Number,
}

/// A column name as written in a header: surrounding space and a byte-order mark dropped.
pub fn clean_name(raw: &str) -> &str {
    raw.trim().trim_start_matches('\u{feff}')
}

fn year(s: &str) -> Option<i16> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

const TOP: &[(&str, Column)] = &[
    ("nip", Column::Nip),
    ("name", Column::Name),
    ("unit", Column::Unit),
    ("position_kind", Column::PositionKind),
    ("position_title", Column::PositionTitle),
    ("position_since", Column::PositionSince),
    ("rank", Column::Rank),
    ("education", Column::Education),
    ("birth_date", Column::BirthDate),
    ("jpm", Column::Jpm),
    ("potential_score", Column::PotentialScore),
    ("potential_assessment_score", Column::PotentialAssessmentScore),
    ("track_record_score", Column::TrackRecordScore),
    ("performance_score", Column::PerformanceScore),
];

impl Column {
    /// Classifies a (clean, see [`clean_name`]) column name; `None` for a
    /// name the layout does not know.
    ///
    /// ```
    /// use meritkit::flat::{Column, YearField};
    /// assert_eq!(Column::classify("predikat_2025"), Some(Column::Year(2025, YearField::Predikat)));
    /// assert_eq!(Column::classify("competency_integritas"), Some(Column::Competency("integritas".into())));
    /// assert_eq!(Column::classify("gaji"), None);
    /// ```
    pub fn classify(name: &str) -> Option<Column> {
        if let Some((_, c)) = TOP.iter().find(|(n, _)| *n == name) {
            return Some(c.clone());
        }
        if let Some(y) = name.strip_prefix("performance_").or_else(|| name.strip_prefix("predikat_")).and_then(year) {
            return Some(Column::Year(y, YearField::Predikat));
        }
        if let Some(y) = name.strip_prefix("work_result_").and_then(year) {
            return Some(Column::Year(y, YearField::WorkResult));
        }
        if let Some(y) = name.strip_prefix("work_behavior_").and_then(year) {
            return Some(Column::Year(y, YearField::WorkBehavior));
        }
        let key = |p: &str| name.strip_prefix(p).filter(|k| !k.is_empty()).map(str::to_string);
        key("competency_")
            .map(Column::Competency)
            .or_else(|| key("potential_aspect_").map(Column::PotentialAspect))
            .or_else(|| key("attr_").map(Column::Attr))
    }

    /// The column of a record field path (`position.kind`, `competency.<key>`,
    /// `birth_date`, ...), for pointing at a cell; `None` for paths with no
    /// column of their own (`performance[0]`, ...).
    ///
    /// ```
    /// use meritkit::flat::Column;
    /// assert_eq!(Column::of_path("potential_aspects.kesadaran_diri").map(|c| c.name()).as_deref(), Some("potential_aspect_kesadaran_diri"));
    /// assert_eq!(Column::of_path("performance[1].predikat"), None);
    /// ```
    pub fn of_path(path: &str) -> Option<Column> {
        let key = |p: &str| path.strip_prefix(p).filter(|k| !k.is_empty()).map(str::to_string);
        match path {
            "position.kind" => Some(Column::PositionKind),
            "position.title" => Some(Column::PositionTitle),
            "position.since" => Some(Column::PositionSince),
            _ => key("competency.")
                .map(Column::Competency)
                .or_else(|| key("potential_aspects.").map(Column::PotentialAspect))
                .or_else(|| key("attributes.").map(Column::Attr))
                .or_else(|| TOP.iter().find(|(n, _)| *n == path).map(|(_, c)| c.clone())),
        }
    }

    /// Whether the column holds text or numbers.
    pub fn kind(&self) -> Kind {
        match self {
            Column::Jpm
            | Column::PotentialScore
            | Column::PotentialAssessmentScore
            | Column::TrackRecordScore
            | Column::PerformanceScore
            | Column::Competency(_)
            | Column::PotentialAspect(_) => Kind::Number,
            _ => Kind::Text,
        }
    }

    /// The record field of a top-level column (`nip`, `jpm`, ...); empty for the others.
    fn top_name(&self) -> &'static str {
        TOP.iter().find(|(_, t)| t == self).map_or("", |(n, _)| n)
    }

    /// The canonical column name (`performance_<YYYY>` for a predikat).
    pub fn name(&self) -> String {
        match self {
            Column::Year(y, f) => format!("{}{y}", f.prefix()),
            Column::Competency(k) => format!("competency_{k}"),
            Column::PotentialAspect(k) => format!("potential_aspect_{k}"),
            Column::Attr(k) => format!("attr_{k}"),
            c => TOP.iter().find(|(_, t)| t == c).map(|(n, _)| (*n).to_string()).unwrap_or_default(),
        }
    }

    /// Position of the column's group in exported sheets (identity, position,
    /// appraisals by field, then the numbers, attributes last).
    pub fn display_group(&self) -> usize {
        match self {
            Column::Nip => 0,
            Column::Name => 1,
            Column::Unit => 2,
            Column::PositionTitle => 3,
            Column::PositionKind => 4,
            Column::PositionSince => 5,
            Column::Rank => 6,
            Column::Education => 7,
            Column::BirthDate => 8,
            Column::Year(_, YearField::Predikat) => 9,
            Column::Year(_, YearField::WorkResult) => 10,
            Column::Year(_, YearField::WorkBehavior) => 11,
            Column::PerformanceScore => 12,
            Column::Competency(_) => 13,
            Column::Jpm => 14,
            Column::PotentialAspect(_) => 15,
            Column::PotentialAssessmentScore => 16,
            Column::TrackRecordScore => 17,
            Column::PotentialScore => 18,
            Column::Attr(_) => 19,
        }
    }
}

/// A validated set of flat column names.
#[derive(Clone, Debug)]
pub struct FlatLayout {
    targets: Vec<Column>,
    /// Column names as given.
    pub columns: Vec<String>,
}

impl FlatLayout {
    /// All column names this layout understands, as patterns.
    pub const PATTERNS: &'static [&'static str] = &[
        "nip",
        "name",
        "unit",
        "position_kind",
        "position_title",
        "position_since",
        "rank",
        "education",
        "birth_date",
        "jpm",
        "potential_score",
        "potential_assessment_score",
        "track_record_score",
        "performance_score",
        "performance_<YYYY>",
        "predikat_<YYYY>",
        "work_result_<YYYY>",
        "work_behavior_<YYYY>",
        "competency_<key>",
        "potential_aspect_<key>",
        "attr_<key>",
    ];

    /// Validates column names; every unknown or duplicate column is a problem.
    pub fn new<S: AsRef<str>>(columns: &[S]) -> Result<FlatLayout, Vec<Problem>> {
        let mut targets = Vec::new();
        let mut problems = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, c) in columns.iter().enumerate() {
            let name = clean_name(c.as_ref()).to_string();
            if let Some(j) = seen.insert(name.clone(), i) {
                problems.push(Problem::new(
                    Code::InvalidInput,
                    format!("columns[{i}]"),
                    format!("duplicate column `{}` (also column {})", crate::diag::key(&name), j + 1),
                    format!("kolom `{}` ganda (juga kolom {})", crate::diag::key(&name), j + 1),
                ));
            }
            let t = Column::classify(&name);
            match t {
                Some(t) => targets.push(t),
                None => problems.push(Problem::new(
                    Code::UnknownField,
                    format!("columns[{i}]"),
                    format!("unknown column `{}`; known: {}", crate::diag::key(&name), Self::PATTERNS.join(", ")),
                    format!(
                        "kolom `{}` tidak dikenal; yang dikenal: {}",
                        crate::diag::key(&name),
                        Self::PATTERNS.join(", ")
                    ),
                )),
            }
        }
        if problems.is_empty() {
            Ok(FlatLayout { targets, columns: columns.iter().map(|c| c.as_ref().to_string()).collect() })
        } else {
            Err(problems)
        }
    }

    /// What each column holds, in column order.
    pub fn targets(&self) -> &[Column] {
        &self.targets
    }

    /// Converts one row (cells in column order) into a record value, ready
    /// for [`crate::api::parse_row`]. Text that looks numeric is converted for
    /// numeric fields; anything else is kept as is, so that the record parser
    /// reports it with its path.
    pub fn to_value(&self, cells: &[Cell]) -> Value {
        self.value_of(cells.iter())
    }

    /// [`FlatLayout::to_value`] of the cells given in column order (missing ones empty).
    pub fn value_of<'c>(&self, cells: impl Iterator<Item = &'c Cell>) -> Value {
        let mut obj = Map::new();
        let mut years: BTreeMap<i16, Map<String, Value>> = BTreeMap::new();
        for (t, cell) in self.targets.iter().zip(cells.chain(std::iter::repeat(&Cell::Null))) {
            let Some(v) = cell_value(cell, t.kind()) else { continue };
            let mut put = |m: &'static str, k: &str, v: Value| {
                if let Value::Object(mm) = obj.entry(m).or_insert_with(|| Value::Object(Map::new())) {
                    mm.insert(k.to_string(), v);
                }
            };
            match t {
                Column::PositionKind => put("position", "kind", v),
                Column::PositionTitle => put("position", "title", v),
                Column::PositionSince => put("position", "since", v),
                Column::Competency(k) => put("competency", k, v),
                Column::PotentialAspect(k) => put("potential_aspects", k, v),
                Column::Attr(k) => put("attributes", k, v),
                Column::Year(y, f) => {
                    years.entry(*y).or_default().insert(f.field().to_string(), v);
                }
                top => {
                    obj.insert(top.top_name().to_string(), v);
                }
            }
        }
        if !years.is_empty() {
            let arr: Vec<Value> = years
                .into_iter()
                .map(|(y, mut m)| {
                    m.insert("year".into(), Value::from(y));
                    Value::Object(m)
                })
                .collect();
            obj.insert("performance".into(), Value::Array(arr));
        }
        Value::Object(obj)
    }
}

/// How enumerations are written: wire codes (`sangat_baik`, `iii_d`) or the
/// official labels ("Sangat Baik", "III/d") for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Wire codes (the default for data exchange).
    Codes,
    /// Official labels (spreadsheets for people).
    Labels,
}

/// One record as flat cells: the one writer of the layout. Only present
/// values; columns in the exported-sheet order (identity, position, rank,
/// education, birth date, appraisals by year ascending, then numbers and
/// attributes). Fields with no flat form are named by [`unflattened`].
pub fn record_cells(e: &Employee, style: Style) -> Vec<(Column, Cell)> {
    let mut v: Vec<(Column, Cell)> = Vec::new();
    let s = |x: &str| Cell::Str(x.to_string());
    macro_rules! label {
        ($x:expr) => {
            s(if style == Style::Labels { $x.label() } else { $x.code() })
        };
    }
    v.push((Column::Nip, s(&e.nip)));
    if let Some(n) = &e.name {
        v.push((Column::Name, s(n)));
    }
    v.push((Column::Unit, s(&e.unit)));
    if let Some(t) = &e.position.title {
        v.push((Column::PositionTitle, s(t)));
    }
    v.push((Column::PositionKind, label!(e.position.kind)));
    if let Some(d) = e.position.since {
        v.push((Column::PositionSince, Cell::Str(crate::date::ymd(d))));
    }
    if let Some(r) = e.rank {
        v.push((Column::Rank, label!(r)));
    }
    if let Some(ed) = e.education {
        v.push((Column::Education, label!(ed)));
    }
    if let Some(d) = e.birth_date {
        v.push((Column::BirthDate, Cell::Str(crate::date::ymd(d))));
    }
    let mut apps: Vec<_> = e.performance.iter().collect();
    crate::sort::stable_by_key(&mut apps, |a| a.year);
    for a in apps {
        if let Some(p) = a.predikat {
            v.push((Column::Year(a.year, YearField::Predikat), label!(p)));
        }
        if let Some(r) = a.work_result {
            v.push((Column::Year(a.year, YearField::WorkResult), label!(r)));
        }
        if let Some(r) = a.work_behavior {
            v.push((Column::Year(a.year, YearField::WorkBehavior), label!(r)));
        }
    }
    if let Some(x) = e.performance_score {
        v.push((Column::PerformanceScore, Cell::Num(x)));
    }
    for (k, x) in &e.competency {
        v.push((Column::Competency(k.clone()), Cell::Num(*x)));
    }
    if let Some(x) = e.jpm {
        v.push((Column::Jpm, Cell::Num(x)));
    }
    for (k, x) in &e.potential_aspects {
        v.push((Column::PotentialAspect(k.clone()), Cell::Num(*x)));
    }
    for (c, x) in [
        (Column::PotentialAssessmentScore, e.potential_assessment_score),
        (Column::TrackRecordScore, e.track_record_score),
        (Column::PotentialScore, e.potential_score),
    ] {
        if let Some(x) = x {
            v.push((c, Cell::Num(x)));
        }
    }
    for (k, x) in &e.attributes {
        v.push((Column::Attr(k.clone()), s(x)));
    }
    v
}

/// The fields of a record the flat layout cannot carry (track-record items,
/// discipline, position history) that this record has.
pub fn unflattened(e: &Employee) -> Vec<&'static str> {
    let mut dropped = Vec::new();
    if !e.track_record.is_empty() {
        dropped.push("track_record");
    }
    if !e.discipline.is_empty() {
        dropped.push("discipline");
    }
    if !e.position_history.is_empty() {
        dropped.push("position_history");
    }
    dropped
}

/// A record value that may not parse (a JSON object in the wire format) as
/// flat `(column, cell)` pairs, values as given: the columns of
/// [`record_cells`] for the fields present; lists and objects without a flat
/// form are left out.
pub fn value_cells(v: &Value) -> Vec<(String, Cell)> {
    let cell = |x: &Value| match x {
        Value::Number(n) => Cell::Num(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Cell::Str(s.clone()),
        Value::Bool(b) => Cell::Bool(*b),
        other => Cell::Str(other.to_string()),
    };
    let mut out = Vec::new();
    let Some(o) = v.as_object() else { return out };
    for (k, x) in o {
        match (k.as_str(), x) {
            ("position", Value::Object(p)) => {
                for (f, y) in p {
                    out.push((format!("position_{f}"), cell(y)));
                }
            }
            ("performance", Value::Array(a)) => {
                for app in a {
                    let Some(y) = app.get("year").and_then(|y| y.as_i64()) else { continue };
                    for f in [YearField::Predikat, YearField::WorkResult, YearField::WorkBehavior] {
                        if let Some(z) = app.get(f.field()) {
                            out.push((format!("{}{y}", f.prefix()), cell(z)));
                        }
                    }
                }
            }
            ("competency" | "potential_aspects" | "attributes", Value::Object(m)) => {
                let pre = match k.as_str() {
                    "competency" => "competency_",
                    "potential_aspects" => "potential_aspect_",
                    _ => "attr_",
                };
                for (f, y) in m {
                    out.push((format!("{pre}{f}"), cell(y)));
                }
            }
            (_, Value::Array(_) | Value::Object(_)) => {}
            _ => out.push((k.clone(), cell(x))),
        }
    }
    out
}

/// A number written as text (trimmed, not empty), as every path reads it: a
/// decimal comma is a point (`"87,5"`, as Indonesian spreadsheets write it);
/// `None` when it is not a finite number (`"nan"`, `"1e999"`, `"baik"`).
///
/// ```
/// use meritkit::flat::text_number;
/// assert_eq!(text_number("87,5"), Some(87.5));
/// assert_eq!(text_number("nan"), None);
/// ```
#[inline]
pub fn text_number(t: &str) -> Option<f64> {
    if let Some(x) = short_decimal(t.as_bytes()) {
        return Some(x);
    }
    let x = if t.contains(',') { t.replace(',', ".").parse::<f64>() } else { t.parse::<f64>() };
    x.ok().filter(|x| x.is_finite())
}

/// [`text_number`] of a plain decimal of at most 15 digits (`58.4`, `1,0`,
/// `-3`: nearly every cell of a score column), without the general parser;
/// `None` for any other text (the parser then reads it). Its digits as an
/// integer and the power of ten are both exact doubles (below 2^53), so their
/// one correctly rounded quotient is the correctly rounded value of the text:
/// what `str::parse` gives (Clinger's fast path).
#[inline]
fn short_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (negative, b) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let (mut m, mut digits, mut point) = (0u64, 0usize, None::<usize>);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                digits += 1;
            }
            // (a separator between digits only: "5." and ".5" go to the parser)
            b'.' | b',' if point.is_none() && i > 0 && i + 1 < b.len() => point = Some(b.len() - i - 1),
            _ => return None,
        }
    }
    if digits > 15 {
        return None;
    }
    let x = m as f64 / POW10.get(point.unwrap_or(0)).copied()?;
    Some(if negative { -x } else { x })
}

fn cell_value(c: &Cell, kind: Kind) -> Option<Value> {
    match c {
        Cell::Null => None,
        Cell::Bool(b) => Some(Value::Bool(*b)),
        Cell::Num(x) => {
            if x.is_nan() {
                return None;
            }
            match kind {
                Kind::Number => serde_json::Number::from_f64(*x).map(Value::Number),
                // Text fields given as numbers (a NIP read by a spreadsheet as a number): keep digits.
                Kind::Text => Some(Value::String(if x.fract() == 0.0 && x.abs() < 1e18 {
                    format!("{}", *x as i64)
                } else {
                    x.to_string()
                })),
            }
        }
        Cell::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            match kind {
                Kind::Number => match text_number(t) {
                    Some(x) => serde_json::Number::from_f64(x).map(Value::Number),
                    // (kept as text: the record parser names the cell)
                    None => Some(Value::String(t.to_string())),
                },
                Kind::Text => Some(Value::String(t.to_string())),
            }
        }
    }
}
