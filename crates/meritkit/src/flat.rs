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

#[derive(Clone, Debug, PartialEq)]
enum Target {
    Top(&'static str, Kind),
    Position(&'static str),
    Year(i16, &'static str),
    Map(&'static str, String, Kind),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Text,
    Number,
}

const TOP: &[(&str, Kind)] = &[
    ("nip", Kind::Text),
    ("name", Kind::Text),
    ("unit", Kind::Text),
    ("rank", Kind::Text),
    ("education", Kind::Text),
    ("birth_date", Kind::Text),
    ("jpm", Kind::Number),
    ("potential_score", Kind::Number),
    ("potential_assessment_score", Kind::Number),
    ("track_record_score", Kind::Number),
    ("performance_score", Kind::Number),
];

/// A validated set of flat column names.
#[derive(Clone, Debug)]
pub struct FlatLayout {
    targets: Vec<Target>,
    /// Column names as given.
    pub columns: Vec<String>,
}

fn year(s: &str) -> Option<i16> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

impl FlatLayout {
    /// All column names this layout understands, as patterns.
    pub const PATTERNS: &'static [&'static str] = &[
        "nip", "name", "unit", "position_kind", "position_title", "position_since", "rank", "education", "birth_date",
        "jpm", "potential_score", "potential_assessment_score", "track_record_score", "performance_score",
        "performance_<YYYY>", "predikat_<YYYY>", "work_result_<YYYY>", "work_behavior_<YYYY>", "competency_<key>",
        "potential_aspect_<key>", "attr_<key>",
    ];

    /// Validates column names; every unknown or duplicate column is a problem.
    pub fn new<S: AsRef<str>>(columns: &[S]) -> Result<FlatLayout, Vec<Problem>> {
        let mut targets = Vec::new();
        let mut problems = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (i, c) in columns.iter().enumerate() {
            let raw = c.as_ref();
            let name = raw.trim().trim_start_matches('\u{feff}').to_string();
            if let Some(j) = seen.insert(name.clone(), i) {
                problems.push(Problem::new(Code::InvalidInput, format!("columns[{i}]"),
                    format!("duplicate column `{}` (also column {})", crate::diag::key(&name), j + 1),
                    format!("kolom `{}` ganda (juga kolom {})", crate::diag::key(&name), j + 1)));
            }
            let t = if let Some((n, k)) = TOP.iter().find(|(n, _)| *n == name) {
                Some(Target::Top(n, *k))
            } else if let Some(f) = ["kind", "title", "since"].iter().find(|f| name == format!("position_{f}")) {
                Some(Target::Position(f))
            } else if let Some(y) = name.strip_prefix("performance_").or_else(|| name.strip_prefix("predikat_")).and_then(year) {
                Some(Target::Year(y, "predikat"))
            } else if let Some(y) = name.strip_prefix("work_result_").and_then(year) {
                Some(Target::Year(y, "work_result"))
            } else if let Some(y) = name.strip_prefix("work_behavior_").and_then(year) {
                Some(Target::Year(y, "work_behavior"))
            } else if let Some(k) = name.strip_prefix("competency_").filter(|k| !k.is_empty()) {
                Some(Target::Map("competency", k.to_string(), Kind::Number))
            } else if let Some(k) = name.strip_prefix("potential_aspect_").filter(|k| !k.is_empty()) {
                Some(Target::Map("potential_aspects", k.to_string(), Kind::Number))
            } else {
                name.strip_prefix("attr_").filter(|k| !k.is_empty()).map(|k| Target::Map("attributes", k.to_string(), Kind::Text))
            };
            match t {
                Some(t) => targets.push(t),
                None => problems.push(Problem::new(Code::UnknownField, format!("columns[{i}]"),
                    format!("unknown column `{}`; known: {}", crate::diag::key(&name), Self::PATTERNS.join(", ")),
                    format!("kolom `{}` tidak dikenal; yang dikenal: {}", crate::diag::key(&name), Self::PATTERNS.join(", ")))),
            }
        }
        if problems.is_empty() {
            Ok(FlatLayout { targets, columns: columns.iter().map(|c| c.as_ref().to_string()).collect() })
        } else {
            Err(problems)
        }
    }

    /// Converts one row (cells in column order) into a record value, ready
    /// for [`crate::api::parse_row`]. Text that looks numeric is converted for
    /// numeric fields; anything else is kept as is, so that the record parser
    /// reports it with its path.
    pub fn to_value(&self, cells: &[Cell]) -> Value {
        let mut obj = Map::new();
        let mut years: BTreeMap<i16, Map<String, Value>> = BTreeMap::new();
        for (t, cell) in self.targets.iter().zip(cells.iter().chain(std::iter::repeat(&Cell::Null))) {
            let kind = match t {
                Target::Top(_, k) | Target::Map(_, _, k) => *k,
                Target::Position(_) | Target::Year(..) => Kind::Text,
            };
            let Some(v) = cell_value(cell, kind) else { continue };
            match t {
                Target::Top(n, _) => {
                    obj.insert((*n).to_string(), v);
                }
                Target::Position(f) => {
                    if let Value::Object(m) = obj.entry("position").or_insert_with(|| Value::Object(Map::new())) {
                        m.insert((*f).to_string(), v);
                    }
                }
                Target::Year(y, f) => {
                    years.entry(*y).or_default().insert((*f).to_string(), v);
                }
                Target::Map(m, k, _) => {
                    if let Value::Object(mm) = obj.entry(*m).or_insert_with(|| Value::Object(Map::new())) {
                        mm.insert(k.clone(), v);
                    }
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
                Kind::Text => Some(Value::String(if x.fract() == 0.0 && x.abs() < 1e18 { format!("{}", *x as i64) } else { x.to_string() })),
            }
        }
        Cell::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            match kind {
                Kind::Number => match t.replace(',', ".").parse::<f64>() {
                    Ok(x) if x.is_finite() => serde_json::Number::from_f64(x).map(Value::Number),
                    _ => Some(Value::String(t.to_string())),
                },
                Kind::Text => Some(Value::String(t.to_string())),
            }
        }
    }
}
