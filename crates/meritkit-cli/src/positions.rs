//! Target positions (*jabatan target*) for the succession part of the report,
//! in the core's format ([`meritkit::succession::TargetPosition`]). Read from
//! XLSX/CSV (headers `Kode`, `Jabatan`, `Unit Kerja`, `Jenis Jabatan`,
//! `Kritikal`, `NIP Pemangku`, `Kotak Minimal`; case/space-insensitive) or
//! JSON (the `succession` request format: an array or `{"positions": [...]}`).

use crate::i18n::t;
use crate::input::{decode_utf8_ref, read_capped, read_sheet_bytes, FileRole, Options};
use crate::output::problem;
use meritkit::error::{Code, Error};
use meritkit::flat::Cell;
use meritkit::mapping::header_key;
use meritkit::position::PositionKind;
pub use meritkit::succession::TargetPosition;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The headers a positions sheet may use (named in messages instead of the header found).
const HEADERS: &str = "Kode, Jabatan, Unit Kerja, Jenis Jabatan, Kritikal, NIP Pemangku, Kotak Minimal";

fn field(h: &str) -> Option<&'static str> {
    Some(match header_key(h).as_str() {
        "kode" | "kode_jabatan" | "id" => "id",
        "jabatan" | "nama_jabatan" | "jabatan_target" | "title" => "title",
        "unit_kerja" | "opd" | "unit" | "perangkat_daerah" => "unit",
        "jenis_jabatan" | "kategori_jabatan" | "kind" => "kind",
        "kritikal" | "jabatan_kritikal" | "critical" => "critical",
        "nip_pemangku" | "nip_pejabat" | "incumbent_nip" => "incumbent_nip",
        "kotak_minimal" | "min_box" => "min_box",
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

fn text(c: &Cell) -> Option<String> {
    match c {
        Cell::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Cell::Num(x) if x.fract() == 0.0 => Some(format!("{}", *x as i64)),
        Cell::Num(x) => Some(x.to_string()),
        _ => None,
    }
}

/// Reads target positions; every bad row is a located problem.
/// The file is read once, at most [`crate::input::Limits::max_config_bytes`].
pub fn read(path: &Path) -> Result<Vec<TargetPosition>, Error> {
    let limits = crate::input::Limits::current();
    let bytes = read_capped(path, FileRole::Config, limits.max_config_bytes, "positions")?;
    read_bytes(&path.to_string_lossy(), &bytes)
}

/// [`read`] on the bytes of a file named `name` (its extension, else its
/// first bytes, give the format: a workbook, CSV / TSV, or JSON).
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Vec<TargetPosition>, Error> {
    let Some(sheet) = read_sheet_bytes(name, bytes, &Options::default(), &|h| field(h) == Some("incumbent_nip"))?
    else {
        return read_text(decode_utf8_ref(bytes)?);
    };
    let mut cols = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        match field(h) {
            Some(f) => cols.push(Some(f)),
            None if header_key(h).is_empty() || matches!(header_key(h).as_str(), "no" | "nomor") => cols.push(None),
            None => {
                // Named by its cell, never by its text: a hostile file can put personal data in a header.
                let at = sheet.cell_ref(i, sheet.header_row);
                problems.push(problem(Code::UnknownColumn, at.clone(), t::POS_UNKNOWN_COLUMN, &[&at, &HEADERS]));
                cols.push(None);
            }
        }
    }
    let mut out = Vec::new();
    for (n, r) in sheet.rows.iter().enumerate() {
        problems.extend(r.problems.iter().cloned());
        let mut o = Map::new();
        for (j, c) in r.cells.iter().enumerate() {
            let Some(Some(f)) = cols.get(j) else { continue };
            match *f {
                "critical" => {
                    o.insert("critical".into(), Value::Bool(truthy(c)));
                }
                "min_box" => {
                    if let Some(x) = text(c).and_then(|s| s.parse::<u16>().ok()) {
                        o.insert("pool".into(), json!({ "min_box": x }));
                    }
                }
                "kind" => match text(c) {
                    Some(s) if PositionKind::parse(&s).is_some() => {
                        o.insert("kind".into(), Value::String(s));
                    }
                    _ => {
                        // The cell's content is not quoted (messages never echo input).
                        let at = sheet.cell_ref(j, r.number);
                        let kinds = PositionKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ");
                        problems.push(problem(Code::InvalidValue, at.clone(), t::POS_BAD_KIND, &[&at, &kinds]));
                    }
                },
                other => {
                    if let Some(s) = text(c) {
                        o.insert(other.into(), Value::String(s));
                    }
                }
            }
        }
        o.entry("id").or_insert_with(|| Value::String(format!("J{}", n + 1)));
        match serde_json::from_value::<TargetPosition>(Value::Object(o)) {
            Ok(p) => out.push(p),
            Err(e) => {
                let at = match &sheet.name {
                    Some(name) => format!("{name}!{}", r.number),
                    None => format!("line {}", r.number),
                };
                // serde's text can quote the cell: the value-free message of `meritkit::diag`.
                let m = meritkit::diag::diagnose(String::new(), &e.to_string(), false, "JSON").message();
                problems.push(meritkit::Problem::new(
                    Code::InvalidValue,
                    at,
                    format!("target positions file: {}", m.en),
                    format!("berkas jabatan target: {}", m.id),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Input(problems))
    }
}

fn input_error(path: &str, en: String, id: String) -> Error {
    Error::Input(vec![meritkit::Problem::new(Code::InvalidInput, path, en, id)])
}

/// Reads target positions from JSON: an array, or an object with `positions`.
pub fn read_json(path: &std::path::Path) -> Result<Vec<meritkit::succession::TargetPosition>, Error> {
    let text = crate::input::read_config_text(path, "positions")?;
    read_text(&text)
}

/// [`read_json`] on the text of the file (UTF-8; a leading BOM is
/// ignored): a JSON array of positions or an object with `positions`.
pub fn read_text(text: &str) -> Result<Vec<meritkit::succession::TargetPosition>, Error> {
    // The parser's own message may quote a value: the located, value-free problem of `meritkit::diag`.
    let v: serde_json::Value = meritkit::read::from_json_text(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let p = e.problem();
        input_error(
            "positions",
            format!("invalid JSON: {}", p.message.en),
            format!("JSON tidak valid: {}", p.message.id),
        )
    })?;
    let arr = match v {
        serde_json::Value::Object(mut o) => o.remove("positions").unwrap_or(serde_json::Value::Null),
        other => other,
    };
    let wrapped = serde_json::json!({ "records": [], "positions": arr });
    meritkit::api::parse_request::<meritkit::api::SuccessionRequest>(&wrapped.to_string()).map(|r| r.positions).map_err(
        |e| match e {
            Error::Request(ps) => Error::Input(ps),
            other => other,
        },
    )
}
