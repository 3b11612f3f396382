//! Target positions (*jabatan target*) for the succession part of the report.
//! Read from XLSX/CSV (headers `Kode`, `Jabatan`, `Unit Kerja`, `Jenis
//! Jabatan`, `Kritikal`, case/space-insensitive) or JSON (`id`, `title`,
//! `unit`, `kind`, `critical`). Shortlists themselves come from the core's
//! succession module once it is part of the build.

use crate::i18n::t;
use crate::input::{read_sheet, read_text, Options};
use crate::output::problem;
use meritkit::error::{Code, Error, Problem};
use meritkit::flat::Cell;
use meritkit::mapping::header_key;
use meritkit::position::PositionKind;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One target position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetPosition {
    /// Identifier.
    #[serde(default)]
    pub id: Option<String>,
    /// Title (nama jabatan).
    pub title: String,
    /// Unit (OPD).
    #[serde(default)]
    pub unit: Option<String>,
    /// Position kind.
    pub kind: PositionKind,
    /// Critical position (jabatan kritikal).
    #[serde(default)]
    pub critical: bool,
}

fn field(h: &str) -> Option<&'static str> {
    Some(match header_key(h).as_str() {
        "kode" | "kode_jabatan" | "id" => "id",
        "jabatan" | "nama_jabatan" | "jabatan_target" | "title" => "title",
        "unit_kerja" | "opd" | "unit" | "perangkat_daerah" => "unit",
        "jenis_jabatan" | "kategori_jabatan" | "kind" => "kind",
        "kritikal" | "jabatan_kritikal" | "critical" => "critical",
        _ => return None,
    })
}

fn truthy(c: &Cell) -> bool {
    match c {
        Cell::Bool(b) => *b,
        Cell::Num(x) => *x != 0.0,
        Cell::Str(s) => matches!(header_key(s).as_str(), "ya" | "y" | "yes" | "true" | "1" | "kritikal"),
        Cell::Null => false,
    }
}

/// Reads target positions; every bad row is a located problem.
pub fn read(path: &Path) -> Result<Vec<TargetPosition>, Error> {
    let err = |ps: Vec<Problem>| Error::Input(ps);
    let Some(sheet) = read_sheet(path, &Options::default(), &|_| false)? else {
        let text = read_text(path)?;
        return serde_json::from_str::<Vec<TargetPosition>>(&text)
            .map_err(|e| err(vec![problem(Code::InvalidInput, "", t::IN_POSITIONS, &[&e])]));
    };
    let mut cols = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        match field(h) {
            Some(f) => cols.push(Some(f)),
            None if header_key(h).is_empty() || matches!(header_key(h).as_str(), "no" | "nomor") => cols.push(None),
            None => {
                let what = format!("`{}`", h.trim());
                problems.push(problem(Code::UnknownColumn, sheet.cell_ref(i, sheet.header_row), t::IN_POSITIONS, &[&what]));
                cols.push(None);
            }
        }
    }
    let mut out = Vec::new();
    for r in &sheet.rows {
        let get = |f: &str| cols.iter().position(|c| *c == Some(f)).and_then(|j| r.cells.get(j)).cloned().unwrap_or(Cell::Null);
        let text = |c: Cell| match c {
            Cell::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Cell::Num(x) => Some(x.to_string()),
            _ => None,
        };
        let kind_col = cols.iter().position(|c| *c == Some("kind")).unwrap_or(0);
        let title_col = cols.iter().position(|c| *c == Some("title")).unwrap_or(0);
        let Some(title) = text(get("title")) else {
            problems.push(problem(Code::MissingField, sheet.cell_ref(title_col, r.number), t::IN_POSITIONS, &[&"Jabatan"]));
            continue;
        };
        let Some(kind) = text(get("kind")).and_then(|k| PositionKind::parse(&k)) else {
            problems.push(problem(Code::InvalidValue, sheet.cell_ref(kind_col, r.number), t::IN_POSITIONS, &[&"Jenis Jabatan"]));
            continue;
        };
        out.push(TargetPosition { id: text(get("id")), title, unit: text(get("unit")), kind, critical: truthy(&get("critical")) });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(err(problems))
    }
}
