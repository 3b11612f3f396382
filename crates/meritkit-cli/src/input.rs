//! Reading records from files: XLSX/XLSM/XLS/ODS workbooks (calamine), CSV
//! (`,` `;` TAB `|`, UTF-8 with or without BOM), JSON (array of records) and
//! JSONL. Spreadsheet and CSV headers go through the column mapping of the
//! core ([`meritkit::mapping`]); this module only reads cells.
//!
//! Problems name the sheet, row and column as a spreadsheet user sees them
//! (`Pegawai!C7`, rows and columns 1-based). A problem confined to one cell
//! (a formula without a cached value, a cell inside merged cells, an error
//! value, a NIP stored as a number) becomes an error of that row: the row is
//! reported, never dropped, and the other rows go on.

use crate::i18n::t;
use crate::output::problem;
use meritkit::api::parse_row;
use meritkit::error::{Code, Error, Problem};
use meritkit::flat::Cell;
use meritkit::mapping::{column_letter, map_headers, ColumnMapping};
use meritkit::scoring::{ParseFailure, ParsedRow};
use std::path::Path;

fn input_error(p: Problem) -> Error {
    Error::Input(vec![p])
}

/// A sheet (or CSV file) as text headers and typed cells.
#[derive(Debug, Default)]
pub struct Sheet {
    /// Sheet name (`None` for CSV).
    pub name: Option<String>,
    /// Header cells.
    pub headers: Vec<String>,
    /// 1-based row number of the header.
    pub header_row: usize,
    /// 0-based column of the first header cell.
    pub first_col: usize,
    /// Data rows: 1-based row number, cells, problems confined to cells of the row.
    pub rows: Vec<SheetRow>,
    /// File-level warnings.
    pub warnings: Vec<Problem>,
}

/// One data row of a sheet.
#[derive(Debug)]
pub struct SheetRow {
    /// 1-based row (line) number as the user sees it.
    pub number: usize,
    /// Cells in header order.
    pub cells: Vec<Cell>,
    /// Cell problems (code, cell reference, message).
    pub problems: Vec<Problem>,
}

impl Sheet {
    /// `Sheet!C7`-style reference of 0-based header column `col` at 1-based `row`.
    pub fn cell_ref(&self, col: usize, row: usize) -> String {
        let c = format!("{}{row}", column_letter(self.first_col + col));
        match &self.name {
            Some(n) => format!("{n}!{c}"),
            None => c,
        }
    }
}

/// Rows read from a file, ready for scoring.
#[derive(Debug, Default)]
pub struct Table {
    /// One entry per record, in file order.
    pub rows: Vec<ParsedRow>,
    /// Where each record came from (`Pegawai!7`, `baris 7` / line 7, `#3`).
    pub origins: Vec<String>,
    /// File-level warnings (skipped headers, merged cells).
    pub warnings: Vec<Problem>,
    /// The sheet read (workbooks).
    pub sheet: Option<String>,
    /// Where record fields sit in the file (spreadsheets and CSV only).
    pub locator: Option<Locator>,
}

/// Finds the cell behind a record field of a row, to point users at it.
#[derive(Debug, Default)]
pub struct Locator {
    sheet: Option<String>,
    first_col: usize,
    /// Flat column → (0-based header column, header as written).
    columns: std::collections::BTreeMap<String, (usize, String)>,
    /// 1-based file row of each record.
    rows: Vec<usize>,
}

impl Locator {
    /// The header and cell (`Pegawai!E7`) of field `path` in record `row`,
    /// when the path names one column (not for `performance[i]` entries).
    pub fn cell(&self, row: usize, path: &str) -> Option<(String, String)> {
        if path.contains('!') || path.contains('[') {
            return None;
        }
        let flat = if let Some(f) = path.strip_prefix("position.") {
            format!("position_{f}")
        } else if let Some(k) = path.strip_prefix("competency.") {
            format!("competency_{k}")
        } else if let Some(k) = path.strip_prefix("potential_aspects.") {
            format!("potential_aspect_{k}")
        } else if let Some(k) = path.strip_prefix("attributes.") {
            format!("attr_{k}")
        } else {
            path.to_string()
        };
        let (col, header) = self.columns.get(&flat)?;
        let n = self.rows.get(row)?;
        let a1 = format!("{}{n}", column_letter(self.first_col + col));
        Some((header.trim().to_string(), match &self.sheet {
            Some(sh) => format!("{sh}!{a1}"),
            None => a1,
        }))
    }
}

/// Reading options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Sheet name (workbooks); the first non-empty sheet when `None`.
    pub sheet: Option<String>,
    /// Column mapping.
    pub mapping: ColumnMapping,
}

fn ext_of(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// True for the workbook formats calamine reads.
pub fn is_workbook(path: &Path) -> bool {
    matches!(ext_of(path).as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
}

/// Reads a text file as UTF-8 (a BOM is dropped); other encodings are an
/// `unsupported_encoding` error that names the likely encoding.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| input_error(problem(Code::InvalidInput, "", t::IN_READ, &[&e])))?;
    decode_utf8(bytes)
}

/// See [`read_text`].
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, Error> {
    let bom = [
        (&[0xFF, 0xFE, 0x00, 0x00][..], "UTF-32LE"),
        (&[0x00, 0x00, 0xFE, 0xFF][..], "UTF-32BE"),
        (&[0xFF, 0xFE][..], "UTF-16LE"),
        (&[0xFE, 0xFF][..], "UTF-16BE"),
    ];
    for (b, name) in bom {
        if bytes.starts_with(b) {
            let hex: Vec<String> = b.iter().map(|x| format!("{x:02X}")).collect();
            return Err(input_error(problem(Code::UnsupportedEncoding, "", t::IN_UTF16, &[&name, &hex.join(" ")])));
        }
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let nuls = bytes.iter().take(4096).filter(|&&b| b == 0).count();
            let sample = bytes.len().clamp(1, 4096);
            let guess = if nuls * 4 > sample {
                "UTF-16 (tanpa BOM / without BOM)"
            } else {
                "Windows-1252 / ISO-8859-1 (ANSI)"
            };
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let byte = bytes.get(at).copied().unwrap_or(0);
            let what = format!("0x{byte:02X} @ {line}");
            Err(input_error(problem(Code::UnsupportedEncoding, format!("line {line}"), t::IN_NOT_UTF8, &[&what, &guess])))
        }
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

fn empty_sheet(where_: &str, text: crate::i18n::Text) -> Error {
    input_error(problem(Code::EmptySheet, where_, text, &[]))
}

/// Reads a CSV text into a sheet.
pub fn csv_sheet(text: &str, delim: Option<u8>) -> Result<Sheet, Error> {
    let delim = delim.unwrap_or_else(|| sniff_delimiter(text));
    let mut rdr = csv::ReaderBuilder::new().delimiter(delim).flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    let mut got_header = false;
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                if !got_header {
                    return Err(input_error(problem(Code::InvalidInput, format!("line {line}"), t::IN_CSV_HEADER, &[&e])));
                }
                sheet.rows.push(SheetRow {
                    number: line,
                    cells: vec![],
                    problems: vec![problem(Code::InvalidInput, format!("line {line}"), t::IN_CSV_ROW, &[&"csv"])],
                });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !got_header {
            sheet.headers = rec.iter().map(str::to_string).collect();
            sheet.header_row = line;
            got_header = true;
            continue;
        }
        sheet.rows.push(SheetRow { number: line, cells: rec.iter().map(|s| Cell::Str(s.to_string())).collect(), problems: vec![] });
    }
    if !got_header {
        return Err(empty_sheet("", t::IN_NO_HEADER));
    }
    if sheet.rows.is_empty() {
        return Err(empty_sheet(&format!("line {}", sheet.header_row), t::IN_NO_DATA));
    }
    Ok(sheet)
}

fn excel_date(serial: f64) -> Option<String> {
    let base = jiff::civil::Date::new(1899, 12, 30).ok()?;
    let d = base.checked_add(jiff::Span::new().days(serial.floor() as i64)).ok()?;
    Some(d.to_string())
}

/// Reads one sheet of a workbook. `nip_cols` are header columns whose numbers
/// must not be numeric (NIPs lose digits as numbers).
pub fn workbook_sheet(path: &Path, want: Option<&str>, nip_header: &dyn Fn(&str) -> bool) -> Result<Sheet, Error> {
    use calamine::{open_workbook_auto, Data, Reader};
    let wb_err = |e: &dyn std::fmt::Display| input_error(problem(Code::InvalidInput, "", t::IN_WORKBOOK, &[e]));
    let mut wb = open_workbook_auto(path).map_err(|e| wb_err(&e))?;
    let names = wb.sheet_names();
    let mut chosen: Option<(String, calamine::Range<Data>)> = None;
    match want {
        Some(w) => {
            let Some(n) = names.iter().find(|n| n.as_str() == w || n.trim().eq_ignore_ascii_case(w.trim())) else {
                return Err(input_error(problem(Code::InvalidInput, "sheet", t::IN_NO_SHEET, &[&w, &names.join(", ")])));
            };
            let r = wb.worksheet_range(n).map_err(|e| wb_err(&e))?;
            if r.used_cells().next().is_none() {
                return Err(empty_sheet(&format!("{n}!"), t::IN_NO_HEADER));
            }
            chosen = Some((n.clone(), r));
        }
        None => {
            for n in &names {
                let r = wb.worksheet_range(n).map_err(|e| wb_err(&e))?;
                if r.used_cells().any(|(_, _, c)| !matches!(c, Data::Empty)) {
                    chosen = Some((n.clone(), r));
                    break;
                }
            }
        }
    }
    let Some((name, range)) = chosen else {
        return Err(empty_sheet("", t::IN_ALL_SHEETS_EMPTY));
    };
    let formulas = wb.worksheet_formula(&name).ok();
    let merged: Vec<calamine::Dimensions> = match &mut wb {
        calamine::Sheets::Xlsx(x) => x.worksheet_merge_cells(&name).and_then(Result::ok).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default(),
        _ => vec![],
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet { name: Some(name.clone()), first_col: c0 as usize, ..Sheet::default() };
    let mut header_at: Option<u32> = None;
    let mut nip_cols: Vec<bool> = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let abs = r0 + i as u32;
        let empty = row.iter().all(|c| match c {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        });
        if header_at.is_none() {
            // The header is the first row with two or more filled cells: a
            // title line above the table ("DAFTAR PEGAWAI ...") is skipped.
            let filled = row.iter().filter(|c| !matches!(c, Data::Empty) && !c.to_string().trim().is_empty()).count();
            if filled < 2 {
                continue;
            }
            header_at = Some(abs);
            sheet.header_row = abs as usize + 1;
            sheet.headers = row.iter().map(|c| match c {
                Data::Empty => String::new(),
                other => other.to_string(),
            }).collect();
            nip_cols = sheet.headers.iter().map(|h| nip_header(h)).collect();
            continue;
        }
        // Formula cells without a cached value read as empty: look them up first.
        let mut problems = Vec::new();
        let mut cells = Vec::with_capacity(row.len());
        let number = abs as usize + 1;
        let mut has_formula_gap = false;
        for (j, c) in row.iter().enumerate() {
            let col = c0 + j as u32;
            let cell_ref = || format!("{name}!{}{number}", column_letter(col as usize));
            let cell = match c {
                Data::Empty => {
                    let f = formulas.as_ref().and_then(|f| f.get_value((abs, col))).filter(|f| !f.trim().is_empty());
                    if f.is_some() {
                        has_formula_gap = true;
                        problems.push(problem(Code::FormulaWithoutValue, cell_ref(), t::IN_FORMULA, &[]));
                    }
                    Cell::Null
                }
                Data::String(s) if s.is_empty() => {
                    let f = formulas.as_ref().and_then(|f| f.get_value((abs, col))).filter(|f| !f.trim().is_empty());
                    if f.is_some() {
                        has_formula_gap = true;
                        problems.push(problem(Code::FormulaWithoutValue, cell_ref(), t::IN_FORMULA, &[]));
                    }
                    Cell::Null
                }
                Data::String(s) => Cell::Str(s.clone()),
                Data::Float(x) => Cell::Num(*x),
                Data::Int(x) => Cell::Num(*x as f64),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(d) => match excel_date(d.as_f64()) {
                    Some(s) => Cell::Str(s),
                    None => Cell::Num(d.as_f64()),
                },
                Data::DateTimeIso(s) => Cell::Str(s.chars().take(10).collect()),
                Data::DurationIso(s) => Cell::Str(s.clone()),
                Data::Error(e) => {
                    problems.push(problem(Code::InvalidValue, cell_ref(), t::IN_CELL_ERROR, &[&e]));
                    Cell::Null
                }
            };
            if let Cell::Num(x) = cell {
                if nip_cols.get(j).copied().unwrap_or(false) && x.abs() >= 1e14 {
                    problems.push(problem(Code::InvalidType, cell_ref(), t::IN_NIP_NUMBER, &[]));
                }
            }
            cells.push(cell);
        }
        if empty && !has_formula_gap {
            continue;
        }
        sheet.rows.push(SheetRow { number, cells, problems });
    }
    let Some(h) = header_at else {
        return Err(empty_sheet(&format!("{name}!"), t::IN_NO_HEADER));
    };
    // Merged cells: in the header, fatal; in the data area, every covered cell
    // but the first is empty in the file: an error of that row.
    let mut header_merges = Vec::new();
    for m in &merged {
        let a1 = format!("{}{}:{}{}", column_letter(m.start.1 as usize), m.start.0 + 1, column_letter(m.end.1 as usize), m.end.0 + 1);
        if m.start.0 <= h && h <= m.end.0 {
            header_merges.push(problem(Code::MergedCells, format!("{name}!{a1}"), t::IN_MERGED_HEADER, &[&a1]));
            continue;
        }
        if m.end.0 < h {
            continue;
        }
        sheet.warnings.push(problem(Code::MergedCells, format!("{name}!{a1}"), t::IN_MERGED, &[&a1]));
        for r in sheet.rows.iter_mut() {
            let r0 = r.number as u32 - 1;
            if r0 < m.start.0 || r0 > m.end.0 {
                continue;
            }
            for col in m.start.1..=m.end.1 {
                if r0 == m.start.0 && col == m.start.1 {
                    continue;
                }
                let j = col.saturating_sub(c0) as usize;
                if j < sheet.headers.len() {
                    r.problems.push(problem(Code::MergedCells, format!("{name}!{}{}", column_letter(col as usize), r.number), t::IN_MERGED, &[&a1]));
                }
            }
        }
    }
    if !header_merges.is_empty() {
        return Err(Error::Input(header_merges));
    }
    if sheet.rows.is_empty() {
        return Err(empty_sheet(&format!("{name}!{}", sheet.header_row), t::IN_NO_DATA));
    }
    Ok(sheet)
}

/// A JSON record with its origin, or the problem reading it.
type Origin = (String, Result<serde_json::Value, Problem>);

/// Reads raw JSON records (array or JSONL) with their origins.
fn json_values(text: &str) -> Result<Vec<Origin>, Error> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| input_error(problem(Code::InvalidInput, "", t::IN_JSON, &[&e])))?;
        match v {
            serde_json::Value::Array(a) => Ok(a.into_iter().enumerate().map(|(i, v)| (format!("#{}", i + 1), Ok(v))).collect()),
            _ => Err(input_error(problem(Code::InvalidInput, "", t::IN_JSON_ARRAY, &[]))),
        }
    } else {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let origin = format!("line {}", i + 1);
            let v = serde_json::from_str(line).map_err(|e| problem(Code::InvalidInput, origin.clone(), t::IN_JSONL_LINE, &[&e]));
            out.push((origin, v));
        }
        Ok(out)
    }
}

fn failure(v: Option<&serde_json::Value>, problems: Vec<Problem>) -> ParsedRow {
    let s = |k: &str| v.and_then(|v| v.get(k)).and_then(|x| x.as_str()).map(str::to_string);
    Err(ParseFailure { nip: s("nip"), unit: s("unit"), problems })
}

/// Reads a sheet (workbook or CSV) for the given path.
pub fn read_sheet(path: &Path, opts: &Options, nip_header: &dyn Fn(&str) -> bool) -> Result<Option<Sheet>, Error> {
    if is_workbook(path) {
        return workbook_sheet(path, opts.sheet.as_deref(), nip_header).map(Some);
    }
    let text = read_text(path)?;
    let ext = ext_of(path);
    let t = text.trim_start();
    if ext == "json" || ext == "jsonl" || ext == "ndjson" || t.starts_with('[') || t.starts_with('{') {
        return Ok(None);
    }
    csv_sheet(&text, (ext == "tsv").then_some(b'\t')).map(Some)
}

/// Reads employee records from any supported file. `progress(done, total)`
/// is called while rows are converted.
pub fn read_table(path: &Path, opts: &Options, progress: &dyn Fn(usize, usize)) -> Result<Table, Error> {
    let mapping = &opts.mapping;
    let nip_header = |h: &str| {
        map_headers(&[h], mapping, &|_| String::new()).ok().and_then(|m| m.targets.first().cloned().flatten()).as_deref() == Some("nip")
    };
    let Some(sheet) = read_sheet(path, opts, &nip_header)? else {
        let text = read_text(path)?;
        let vals = json_values(&text)?;
        let total = vals.len();
        let mut table = Table::default();
        for (i, (origin, v)) in vals.into_iter().enumerate() {
            table.rows.push(match v {
                Ok(v) => parse_row(&v),
                Err(p) => failure(None, vec![p]),
            });
            table.origins.push(origin);
            if i % 1000 == 0 {
                progress(i, total);
            }
        }
        progress(total, total);
        return Ok(table);
    };
    let hm = map_headers(&sheet.headers, mapping, &|i| sheet.cell_ref(i, sheet.header_row)).map_err(Error::Input)?;
    let mut table = Table { sheet: sheet.name.clone(), ..Table::default() };
    let mut locator = Locator { sheet: sheet.name.clone(), first_col: sheet.first_col, ..Locator::default() };
    for (i, t) in hm.targets.iter().enumerate() {
        if let Some(t) = t {
            locator.columns.insert(t.clone(), (i, sheet.headers[i].clone()));
        }
    }
    locator.rows = sheet.rows.iter().map(|r| r.number).collect();
    table.locator = Some(locator);
    table.warnings.extend(hm.warnings.iter().cloned());
    table.warnings.extend(sheet.warnings.iter().cloned());
    let total = sheet.rows.len();
    for (i, r) in sheet.rows.iter().enumerate() {
        let v = hm.to_value(&r.cells);
        // Only problems in cells that feed the record count.
        let problems: Vec<Problem> = r
            .problems
            .iter()
            .filter(|p| cell_col(&p.path, &sheet).map_or(true, |j| hm.is_kept(j)))
            .cloned()
            .collect();
        table.rows.push(if problems.is_empty() { parse_row(&v) } else { failure(Some(&v), problems) });
        table.origins.push(match &sheet.name {
            Some(n) => format!("{n}!{}", r.number),
            None => format!("line {}", r.number),
        });
        if i % 1000 == 0 {
            progress(i, total);
        }
    }
    progress(total, total);
    Ok(table)
}

/// The 0-based header column of a `Sheet!C7` reference, if it is one.
fn cell_col(path: &str, sheet: &Sheet) -> Option<usize> {
    let a1 = path.rsplit('!').next()?;
    let letters: String = a1.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    if letters.is_empty() || letters.len() == a1.len() {
        return None;
    }
    let mut n = 0usize;
    for b in letters.bytes() {
        n = n * 26 + usize::from(b - b'A' + 1);
    }
    (n - 1).checked_sub(sheet.first_col)
}

/// Reads and parses rows with the built-in mapping (used by `score`).
#[allow(dead_code)] // score/validate/succession now call read_table for the origins; remove when merged
pub fn read_rows(path: &Path) -> Result<Vec<ParsedRow>, Error> {
    Ok(read_table(path, &Options::default(), &|_, _| {})?.rows)
}

/// Loads a column mapping file (TOML).
pub fn load_mapping(path: Option<&Path>) -> Result<ColumnMapping, Error> {
    match path {
        None => Ok(ColumnMapping::builtin()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| input_error(problem(Code::InvalidInput, "mapping", t::IN_MAPPING_READ, &[&e])))?;
            ColumnMapping::from_toml(&text).map_err(Error::Input)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFNIP;Nama\n".to_vec()).unwrap(), "NIP;Nama\n");
        let e = decode_utf8(vec![0xFF, 0xFE, b'N', 0, b'I', 0]).unwrap_err();
        assert_eq!(e.problems()[0].code, Code::UnsupportedEncoding);
        assert!(e.problems()[0].message.en.contains("UTF-16LE"));
        let e = decode_utf8(b"NIP;Nama\n1;Andi Pangeran Mand\xE2r\n".to_vec()).unwrap_err();
        assert_eq!(e.problems()[0].path, "line 2");
        assert!(e.problems()[0].message.en.contains("Windows-1252"));
    }

    #[test]
    fn delimiters() {
        for d in [",", ";", "\t", "|"] {
            let text = format!("NIP{d}Nama{d}Unit Kerja\n1{d}2{d}3\n");
            let s = csv_sheet(&text, None).unwrap();
            assert_eq!(s.headers, ["NIP", "Nama", "Unit Kerja"]);
            assert_eq!(s.rows[0].number, 2);
        }
    }

    #[test]
    fn empty_csv() {
        assert_eq!(csv_sheet("\n\n", None).unwrap_err().problems()[0].code, Code::EmptySheet);
        assert_eq!(csv_sheet("NIP;Nama\n", None).unwrap_err().problems()[0].code, Code::EmptySheet);
    }
}
