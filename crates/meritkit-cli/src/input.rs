//! Reading records from files: JSON (array of records), JSONL, CSV (flat
//! columns, see `meritkit::flat`).

use meritkit::api::parse_row;
use meritkit::error::{Code, Error, Problem};
use meritkit::flat::{Cell, FlatLayout};
use meritkit::scoring::ParsedRow;
use std::path::Path;

fn input_error(path: &str, en: String, id: String) -> Error {
    Error::Input(vec![Problem::new(Code::InvalidInput, path, en, id)])
}

/// Reads a file into raw JSON rows (CSV converted through the flat layout).
pub fn read_values(path: &Path) -> Result<Vec<serde_json::Value>, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        input_error("", format!("cannot read input file: {e}"), format!("berkas masukan tidak dapat dibaca: {e}"))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        input_error("", "input is not UTF-8 text".into(), "masukan bukan teks UTF-8".into())
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "csv" || ext == "tsv" || (!text.trim_start().starts_with('[') && !text.trim_start().starts_with('{')) {
        return read_csv(text, if ext == "tsv" { b'\t' } else { sniff_delimiter(text) });
    }
    if text.trim_start().starts_with('[') {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            input_error("", format!("invalid JSON: {e}"), format!("JSON tidak valid: {e}"))
        })?;
        match v {
            serde_json::Value::Array(a) => Ok(a),
            _ => Err(input_error("", "expected a JSON array of records".into(), "diharapkan larik JSON berisi rekaman".into())),
        }
    } else {
        // JSONL: one record per line; a bad line becomes a string value so the row is not lost.
        let mut out = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() {
                continue;
            }
            out.push(serde_json::from_str(line).unwrap_or(serde_json::Value::String("<unparseable JSON line>".into())));
        }
        Ok(out)
    }
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t')), (b'|', count('|'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| d)
        .unwrap_or(b',')
}

fn read_csv(text: &str, delim: u8) -> Result<Vec<serde_json::Value>, Error> {
    let mut rdr = csv::ReaderBuilder::new().delimiter(delim).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| input_error("", format!("cannot read CSV header: {e}"), format!("header CSV tidak dapat dibaca: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let layout = FlatLayout::new(&headers).map_err(Error::Input)?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let cells: Vec<Cell> = r.iter().map(|s| Cell::Str(s.to_string())).collect();
                out.push(layout.to_value(&cells));
            }
            Err(_) => out.push(serde_json::Value::String("<unreadable CSV row>".into())),
        }
    }
    Ok(out)
}

/// Reads and parses rows.
pub fn read_rows(path: &Path) -> Result<Vec<ParsedRow>, Error> {
    Ok(read_values(path)?.iter().map(parse_row).collect())
}
