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

/// Size and shape limits of the readers. Every limit refuses the file with
/// [`Code::LimitExceeded`] naming the limit and how to raise it; all are
/// raisable by a global option of the command line or an environment variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a data file (employees, also from stdin): 2 GiB
    /// (`--max-input-bytes`, `MERITKIT_MAX_INPUT_BYTES`).
    pub max_input_bytes: u64,
    /// Bytes of a policy, rule-set, column-mapping, succession-policy or
    /// target-positions file: 4 MiB (`--max-config-bytes`, `MERITKIT_MAX_CONFIG_BYTES`).
    pub max_config_bytes: u64,
    /// Uncompressed bytes of all parts of an XLSX/XLSM/XLSB/ODS workbook: 1 GiB;
    /// each part at most half of it (`--max-unzipped-bytes`, `MERITKIT_MAX_UNZIPPED_BYTES`).
    pub max_unzipped_bytes: u64,
    /// Rows of a sheet or CSV file (1-based row numbers above it are refused): 6,000,000
    /// (`--max-rows`, `MERITKIT_MAX_ROWS`).
    pub max_rows: usize,
    /// Columns of a sheet or CSV file: 256 (`--max-columns`, `MERITKIT_MAX_COLUMNS`).
    pub max_columns: usize,
    /// Cells read from one sheet or file: 300,000,000 (`--max-cells`, `MERITKIT_MAX_CELLS`).
    pub max_cells: usize,
    /// How many times its compressed size a workbook part may grow once
    /// uncompressed, beyond the first [`ZIP_RATIO_FLOOR`] bytes: 100
    /// (`--max-zip-ratio`, `MERITKIT_MAX_ZIP_RATIO`; 0 turns the check off).
    /// Apache POI's default (`ZipSecureFile`, minimum inflate ratio 0.01).
    /// Sheets of employee data compress 5-20 times; a crafted part of 1 MB
    /// that unpacks to 400 MB of cells is refused while it is first
    /// decompressed, before anything is read from it.
    pub max_zip_ratio: u64,
}

/// Half the memory of the machine, the memory of the control group the
/// process runs in, or its address-space limit, whichever is least
/// (`MemTotal` of `/proc/meminfo`, cgroup v2 `memory.max` or v1
/// `memory.limit_in_bytes`, "Max address space" of `/proc/self/limits`,
/// i.e. `ulimit -v`), read once: the most that the bounds derived from
/// [`Limits::max_unzipped_bytes`] and [`Limits::max_cells`] for workbooks
/// admit however far those are raised.
/// `u64::MAX` where neither can be read (not Linux): the limits as given.
pub fn memory_ceiling() -> u64 {
    static CEILING: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *CEILING.get_or_init(|| {
        let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
            let line = m.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: u64 = line.trim_start_matches("MemTotal:").trim().trim_end_matches("kB").trim().parse().ok()?;
            Some(kib.saturating_mul(1024))
        });
        // (cgroup v2, then v1; "max" or v1's near-2^63 "unlimited" leave the others to decide)
        let group = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok().and_then(|v| v.trim().parse::<u64>().ok()));
        // "Max address space   <soft>   <hard>   bytes" ("unlimited" does not parse)
        let space = std::fs::read_to_string("/proc/self/limits").ok().and_then(|l| {
            let line = l.lines().find(|l| l.starts_with("Max address space"))?;
            line.trim_start_matches("Max address space").split_whitespace().next()?.parse::<u64>().ok()
        });
        [total.map(|t| t / 2), group, space].into_iter().flatten().min().unwrap_or(u64::MAX)
    })
}

/// What one kind of held data may take of [`memory_ceiling`]: a quarter. Each
/// bound that grows with the limits a user may raise (a workbook's expansion,
/// a sheet's cells, a JSON file's values, the rows of a file read whole) stays
/// within it, so that the few a file meets at once stay within the ceiling.
fn memory_share() -> u64 {
    memory_ceiling() / 4
}

/// The most columns a workbook sheet can have: 16,384 (column `XFD`), the
/// limit of Microsoft Excel (2007 and later) and of LibreOffice Calc (7.4
/// and later); XLS (BIFF8) holds 256. A cell beyond it was not written by
/// either program: refused whatever [`Limits::max_columns`] is, because a
/// sheet's rows are held as wide as its widest one.
pub const SHEET_MAX_COLUMNS: usize = 16_384;

/// Bytes of a part that are never refused by [`Limits::max_zip_ratio`]: 16 MiB
/// (a small sheet of repeated empty or styled cells can compress 100 times or more).
pub const ZIP_RATIO_FLOOR: u64 = 16 << 20;

/// The most bytes one cell (a CSV field, a workbook cell, a JSON string) may
/// hold: 1 MiB, 8 times what a spreadsheet cell can (Excel and LibreOffice
/// keep at most 32,767 characters, ≤ 128 KiB in UTF-8). Checked while the
/// cell is read, before it is copied, so that one huge cell cannot take the
/// memory of several copies of itself.
pub const MAX_CELL_BYTES: usize = 1 << 20;

fn cell_too_long(at: String) -> Error {
    input_error(problem(Code::LimitExceeded, at, t::IN_LIMIT_CELL_BYTES, &[&MAX_CELL_BYTES]))
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 2 << 30,
            max_config_bytes: 4 << 20,
            max_unzipped_bytes: 1 << 30,
            max_rows: 6_000_000,
            max_columns: 256,
            max_cells: 300_000_000,
            max_zip_ratio: 100,
        }
    }
}

static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();

impl Limits {
    /// The limits set for this process by [`Limits::install`], else the defaults.
    pub fn current() -> Limits {
        LIMITS.get().copied().unwrap_or_default()
    }

    /// Sets the limits of this process (once; later calls are ignored).
    pub fn install(self) {
        let _ = LIMITS.set(self);
    }

    /// [`Limits::max_unzipped_bytes`], never above [`memory_share`]: what a
    /// workbook may expand to in memory, and the measure of every bound derived from it below (calamine's block, the
    /// cells read, their text: each at most this much, so that together they
    /// stay within the process's memory). A limit raised past what the
    /// machine holds no longer protected it: a 1 KB ODS of repeated rows, a
    /// sheet of a million one-cell rows under a header reaching column
    /// 16,384, each asked for more memory than there is and ended in an abort.
    fn unzipped(&self) -> u64 {
        self.max_unzipped_bytes.min(memory_share())
    }

    /// Cells of one workbook sheet held at once (as cells, as rows, or as
    /// calamine's dense block): [`Limits::max_cells`], never more than
    /// [`memory_share`] at 32 bytes a cell.
    fn sheet_cells(&self) -> u64 {
        (self.max_cells as u64).min(memory_share() / 32)
    }

    fn part_bytes(&self) -> u64 {
        self.unzipped() / 2
    }

    /// Bytes of cell text materialised from one sheet: a quarter of
    /// [`Limits::max_unzipped_bytes`] (256 MiB by default; raised with
    /// `--max-unzipped-bytes`). A shared string is copied into every cell
    /// that uses it, so a 10 MB string used by 400 cells would expand a 17 KB
    /// file to 4 GB; this bounds the expansion, not the file.
    pub fn max_cell_text_bytes(&self) -> u64 {
        self.unzipped() / 4
    }

    /// Memory the cells read from one sheet may hold before they become
    /// rows: [`Limits::max_unzipped_bytes`] (1 GiB by default), each cell
    /// counted at the size of its slot (40 bytes) plus its text's heap block
    /// (the text and 8 bytes, rounded up to 16). A 1.7 MB
    /// XLSX of 20 million cells that all name one shared string otherwise
    /// took 2.8 GB; a real sheet of 30 columns (two thirds of them short
    /// text) reaches this at about 600,000 rows (Excel's own limit is 1,048,576).
    pub fn max_cell_memory(&self) -> u64 {
        self.unzipped()
    }

    /// Cells of the dense blocks calamine allocates for the sheets of an ODS
    /// workbook, all of them together (it reads every sheet when it opens the
    /// file; each block spans its sheet's rows from the first to the last with
    /// data × its widest row, empty cells included): [`Limits::max_unzipped_bytes`]
    /// / 128, 8,388,608 by default (about 280,000 rows of 30 columns); raised with
    /// `--max-unzipped-bytes`. A cell takes 128 bytes at worst: its 32-byte slot
    /// in a vector that grows by doubling (the old and the new one held at
    /// once), and a heap block for the text calamine copies into each repeat.
    /// Measured: a 1 KB ODS of 40 cells repeated on 820,000 rows, under the
    /// bound of 32 bytes a cell used before, took 3.9 GB; six such sheets
    /// within the bound each took 8.1 GB together. Never above [`Limits::max_cells`].
    pub fn max_dense_cells(&self) -> u64 {
        (self.unzipped() / 128).min(self.sheet_cells())
    }

    /// Values of a JSON or JSONL file read whole (every record held as a
    /// JSON value before it is read: array elements and object entries at
    /// any depth, counted before the parse by [`json_over`]): [`Limits::max_cells`],
    /// never more than [`memory_share`] at 64 bytes a value
    /// (a value takes 32 bytes, an object's entry with its key about twice
    /// that). An 80 MB file of one record holding 40 million numbers had
    /// taken 2.9 GB.
    pub fn json_values(&self) -> u64 {
        (self.max_cells as u64).min(memory_share() / 64)
    }

    /// Shared strings of an XLSX workbook: a sixteenth of [`Limits::max_cells`]
    /// (18,750,000 by default; raised with `--max-cells`). calamine loads the
    /// whole shared-string table before the first cell: each entry costs at
    /// least a 24-byte `String` (plus its heap block), so a part of 512 MiB of
    /// `<si><t/></si>` would take several GiB. Counted while the part is
    /// decompressed for the size check, before calamine reads it.
    pub fn max_shared_strings(&self) -> u64 {
        self.sheet_cells() / 16
    }
}

/// Counts the `si` elements (`<si>`, `<x:si ...>`, `<si/>`) of an XML text fed
/// in chunks: an upper bound of the shared strings calamine will hold (text
/// that merely looks like such a tag counts too, which only errs on the safe side).
#[derive(Default)]
struct SiCounter {
    count: u64,
    /// The name of a tag cut by the end of the last chunk (after its `<`).
    name: Vec<u8>,
    /// `name` is unfinished.
    open: bool,
}

impl SiCounter {
    /// Reads a tag name from `buf[from..]`; returns where it stopped.
    fn name_from(&mut self, buf: &[u8], from: usize) -> usize {
        for (k, &b) in buf[from..].iter().enumerate() {
            if b.is_ascii_whitespace() || b == b'>' || b == b'/' {
                let n = &self.name[..];
                let local = n.iter().rposition(|&c| c == b':').map_or(n, |j| &n[j + 1..]);
                if local == b"si" {
                    self.count += 1;
                }
                self.open = false;
                return from + k;
            }
            if b == b'<' || self.name.len() == 32 {
                self.open = false;
                return from + k;
            }
            self.name.push(b);
        }
        buf.len()
    }
}

impl std::io::Write for SiCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut i = if self.open { self.name_from(buf, 0) } else { 0 };
        while let Some(p) = memchr::memchr(b'<', &buf[i..]) {
            self.name.clear();
            self.open = true;
            i = self.name_from(buf, i + p + 1);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a file is for, in messages and for its size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    /// Employee data (`--max-input-bytes`).
    Data,
    /// Policy, rules, mapping, positions (`--max-config-bytes`).
    Config,
}

fn limit_problem(label: &str, role: FileRole, cap: u64) -> Problem {
    let (opt, env) = match role {
        FileRole::Data => ("--max-input-bytes", "MERITKIT_MAX_INPUT_BYTES"),
        FileRole::Config => ("--max-config-bytes", "MERITKIT_MAX_CONFIG_BYTES"),
    };
    problem(Code::LimitExceeded, label, t::IN_LIMIT_BYTES, &[&label, &cap, &opt, &env])
}

/// Reads a whole file (or stdin for `-`) ONCE into memory, at most `cap`
/// bytes: a larger file, a device or a pipe that does not end is refused with
/// `limit_exceeded` after `cap + 1` bytes. Works for FIFOs and `/dev/stdin`.
pub fn read_capped(path: &Path, role: FileRole, cap: u64, label: &str) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    // The OS error text is not shown: it is English only.
    let open_err = |e: &std::io::Error| {
        let text = match e.kind() {
            std::io::ErrorKind::NotFound => t::IN_NOT_FOUND,
            std::io::ErrorKind::PermissionDenied => t::IN_DENIED,
            _ => t::IN_OPEN,
        };
        input_error(problem(Code::InvalidInput, label, text, &[&label]))
    };
    let mut reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(path).map_err(|e| open_err(&e))?;
        if let Ok(m) = f.metadata() {
            if m.is_file() && m.len() > cap {
                return Err(input_error(limit_problem(label, role, cap)));
            }
            if m.is_dir() {
                return Err(open_err(&std::io::Error::from(std::io::ErrorKind::InvalidInput)));
            }
        }
        Box::new(f)
    };
    let mut buf: Vec<u8> = Vec::new();
    let limit = cap.saturating_add(1);
    loop {
        // Grow by doubling (1 MiB first), never beyond cap + 1, and report
        // (not abort) when memory runs out; read straight into the buffer.
        let step = (buf.len() as u64).max(1 << 20).min(limit - buf.len() as u64);
        if buf.try_reserve_exact(step as usize).is_err() {
            let got = buf.len();
            return Err(input_error(problem(Code::LimitExceeded, label, t::IN_NO_MEMORY, &[&label, &got])));
        }
        let n = match (&mut reader).take(step).read_to_end(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
                let got = buf.len();
                return Err(input_error(problem(Code::LimitExceeded, label, t::IN_NO_MEMORY, &[&label, &got])));
            }
            Err(e) => return Err(open_err(&e)),
        };
        if buf.len() as u64 > cap {
            return Err(input_error(limit_problem(label, role, cap)));
        }
        if (n as u64) < step {
            break;
        }
    }
    Ok(buf)
}

/// Reads a configuration file (policy, rules, mapping, positions) as UTF-8
/// text, at most [`Limits::max_config_bytes`].
pub fn read_config_text(path: &Path, label: &str) -> Result<String, Error> {
    let bytes = read_capped(path, FileRole::Config, Limits::current().max_config_bytes, label)?;
    decode_utf8(bytes)
}

/// Reads a data file (or stdin for `-`) at most [`Limits::max_input_bytes`].
pub fn read_data_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    read_capped(path, FileRole::Data, Limits::current().max_input_bytes, "input")
}

/// Reads a text file as UTF-8 (a BOM is dropped); other encodings are an
/// `unsupported_encoding` error that names the likely encoding.
pub fn read_text(path: &Path) -> Result<String, Error> {
    decode_utf8(read_data_bytes(path)?)
}

/// See [`read_text`].
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, Error> {
    decode_utf8_ref(&bytes).map(str::to_string)
}

/// [`decode_utf8`] without copying.
pub fn decode_utf8_ref(bytes: &[u8]) -> Result<&str, Error> {
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
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let nuls = bytes.iter().take(4096).filter(|&&b| b == 0).count();
            let sample = bytes.len().clamp(1, 4096);
            let guess =
                if nuls * 4 > sample { "UTF-16 (tanpa BOM / without BOM)" } else { "Windows-1252 / ISO-8859-1 (ANSI)" };
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let byte = bytes.get(at).copied().unwrap_or(0);
            let what = format!("0x{byte:02X} @ {line}");
            Err(input_error(problem(
                Code::UnsupportedEncoding,
                format!("line {line}"),
                t::IN_NOT_UTF8,
                &[&what, &guess],
            )))
        }
    }
}

/// The delimiter most frequent on the first line that holds one (a title
/// line above the header has none; blank lines are passed over); `,` when
/// no line of the first ten that are not blank does (and on a tie, the
/// first of `,` `;` TAB `|`).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let has = |l: &&str| l.contains([',', ';', '\t', '|']);
    let first = text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).take(10).find(has).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let mut best = (b',', 0);
    for (d, n) in [(b',', count(',')), (b';', count(';')), (b'\t', count('\t')), (b'|', count('|'))] {
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

fn empty_sheet(where_: &str, text: crate::i18n::Text) -> Error {
    input_error(problem(Code::EmptySheet, where_, text, &[]))
}

/// One record of a CSV file: its cells held in one text (two allocations a
/// record, not one per cell).
pub(crate) struct CsvRecord {
    /// 1-based line where the record starts.
    line: usize,
    /// 1-based line where it ends (after a quoted cell with line breaks).
    last_line: usize,
    /// The cells, one after the other (quotes removed).
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<usize>,
    /// Line where the first quoted cell spanning lines was opened.
    multiline_from: Option<usize>,
}

impl CsvRecord {
    /// Number of cells.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cell `i`.
    fn cell(&self, i: usize) -> Option<&str> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.text.get(start..*self.ends.get(i)?)
    }

    /// The cells in order.
    fn cells(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.cell(i).unwrap_or_default())
    }
}

/// A data row of a CSV file as read: its record and the problems found in
/// it, its cells kept in one text until a caller needs them one by one.
pub struct ReadRow {
    rec: CsvRecord,
    problems: Vec<Problem>,
    /// Cells kept (the header's width; at least one).
    width: usize,
}

impl ReadRow {
    /// The row as a sheet row (each cell its own text).
    pub fn to_sheet_row(&self) -> SheetRow {
        let cells = self.rec.cells().take(self.width).map(|c| Cell::Str(c.to_string())).collect();
        SheetRow { number: self.rec.line, cells, problems: self.problems.clone() }
    }
}

/// What the readers of rows ask of a data row, however it is held.
pub trait RowCells {
    /// 1-based row (line) number as the user sees it.
    fn number(&self) -> usize;
    /// Cell `j` when it is text.
    fn text(&self, j: usize) -> Option<&str>;
    /// Whether cell `j` holds something (not empty, not only spaces).
    fn filled(&self, j: usize) -> bool;
    /// Whether the reader found a problem in the row, or a cell that is not text.
    fn unusual(&self, kept: &[usize]) -> bool;
}

impl RowCells for SheetRow {
    fn number(&self) -> usize {
        self.number
    }
    fn text(&self, j: usize) -> Option<&str> {
        match self.cells.get(j) {
            Some(Cell::Str(s)) => Some(s),
            _ => None,
        }
    }
    fn filled(&self, j: usize) -> bool {
        self.cells.get(j).is_some_and(filled)
    }
    fn unusual(&self, kept: &[usize]) -> bool {
        !self.problems.is_empty()
            || kept.iter().any(|&j| matches!(self.cells.get(j), Some(Cell::Num(_) | Cell::Bool(_))))
    }
}

impl RowCells for ReadRow {
    fn number(&self) -> usize {
        self.rec.line
    }
    fn text(&self, j: usize) -> Option<&str> {
        (j < self.width).then(|| self.rec.cell(j)).flatten()
    }
    fn filled(&self, j: usize) -> bool {
        self.text(j).is_some_and(|s| !s.trim().is_empty())
    }
    fn unusual(&self, _kept: &[usize]) -> bool {
        !self.problems.is_empty()
    }
}

/// A strict CSV reader (RFC 4180 quoting, `""` inside quoted cells). Unlike
/// a lenient reader it refuses, naming the line, what would silently merge
/// rows: a quote never closed, text after a closing quote, and a quoted cell
/// whose continuation line holds a whole row's worth of delimiters.
pub(crate) struct CsvReader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) pos: usize,
    pub(crate) line: usize,
    pub(crate) line_start: usize,
    pub(crate) delim: u8,
    /// `--multiline-cells`: a quoted cell may span lines (see [`csv_sheet_with`]).
    pub(crate) multiline: bool,
    /// The most cells a record had so far (room reserved for the next).
    pub(crate) width_hint: usize,
    /// The file's lines end with lone CRs ([`lone_cr_lines`]); else with LF or CRLF.
    pub(crate) lone_cr: bool,
}

/// Whether the lines of `b` end with lone CRs (a classic Mac file): the
/// break of its first line with something on it is one or more CRs not
/// followed by an LF. LF and CRLF files (mixed too, `CR CR LF` included)
/// answer `false`, and so does a file of one line. Blank lines before it do
/// not count. Told from the file's start alone, so a file read in parts is
/// told as when it is read whole.
pub(crate) fn lone_cr_lines(b: &[u8]) -> bool {
    let mut start = 0;
    while let Some(i) = b.get(start..).and_then(|rest| memchr::memchr2(b'\r', b'\n', rest)).map(|i| start + i) {
        let mut j = i;
        while b.get(j) == Some(&b'\r') {
            j += 1;
        }
        let lf = b.get(j) == Some(&b'\n');
        if i > start {
            return !lf;
        }
        start = if lf { j + 1 } else { j };
    }
    false
}

static MULTILINE_CELLS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Sets the default of [`Options::multiline_cells`] for this process, from
/// `--multiline-cells` (once; default off: a quoted cell spanning lines
/// refuses the CSV file). The readers take the flag from their [`Options`].
pub fn allow_multiline_cells(on: bool) {
    let _ = MULTILINE_CELLS.set(on);
}

fn csv_refuse(line: usize, text: crate::i18n::Text, args: &[&dyn std::fmt::Display]) -> Error {
    input_error(problem(Code::InvalidInput, format!("line {line}"), text, args))
}

impl<'a> CsvReader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// Consumes one line break (CR, LF or CRLF) at the cursor.
    fn line_break(&mut self) {
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        if self.peek() == Some(b'\n') {
            self.pos += 1;
        }
        self.line += 1;
        self.line_start = self.pos;
    }

    /// Consumes the line break that ends a line outside quotes. A break of
    /// the other kind than the file's lines end with ([`lone_cr_lines`]),
    /// with text after it on the same line (a lone CR in a file of LF or CRLF
    /// lines, `95` cut into `9` CR `5`; an LF or CRLF in a file of lone CRs),
    /// refuses the file: it would cut its row in two, the first half scored
    /// with what it kept. A CR before another CR, or before nothing but
    /// spaces and tabs up to the next break or the end (`CR CR LF`, a file
    /// converted twice), or that ends an empty line, ends a line as before.
    fn end_line(&mut self) -> Result<(), Error> {
        let b = self.b;
        let text_after = |mut i: usize| {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            !matches!(b.get(i), None | Some(b'\r' | b'\n'))
        };
        let p = self.pos;
        // (a break that ends an empty line cuts nothing: a blank line)
        let ends_text = p != self.line_start;
        let stray = match (b.get(p), b.get(p + 1)) {
            (Some(b'\r'), Some(b'\n')) => self.lone_cr && ends_text && text_after(p + 2),
            (Some(b'\r'), _) => !self.lone_cr && ends_text && text_after(p + 1),
            (Some(b'\n'), _) => self.lone_cr && ends_text && text_after(p + 1),
            _ => false,
        };
        if stray {
            let text = if self.lone_cr { t::IN_CSV_STRAY_LF } else { t::IN_CSV_STRAY_CR };
            return Err(csv_refuse(self.line, text, &[]));
        }
        self.line_break();
        Ok(())
    }

    /// Refusal of any quoted cell that spans lines (without `--multiline-cells`).
    fn multiline_off(&self, opened: usize) -> Error {
        self.unclosed_from(self.pos, opened)
            .unwrap_or_else(|| csv_refuse(opened, t::IN_CSV_MULTILINE_OFF, &[&self.line]))
    }

    /// Refusal of a quoted cell that spans lines and holds the delimiter (a
    /// quote never closed is named as such).
    fn multiline_refusal(&self, opened: usize) -> Error {
        self.unclosed_from(self.pos, opened).unwrap_or_else(|| {
            let d = match self.delim {
                b'\t' => "TAB".to_string(),
                c => char::from(c).to_string(),
            };
            csv_refuse(opened, t::IN_CSV_MULTILINE_DELIM, &[&self.line, &d])
        })
    }

    /// Refusal of a quoted cell that starts with a line break (a quote never
    /// closed is named as such).
    fn multiline_bare(&self, opened: usize, to: usize) -> Error {
        self.unclosed_from(self.pos + 1, opened).unwrap_or_else(|| csv_refuse(opened, t::IN_CSV_MULTILINE_BARE, &[&to]))
    }

    /// "Never closed", naming the line where the quote opened, when no quote
    /// follows byte `from`: the refusal of a quoted cell that runs to the end.
    fn unclosed_from(&self, from: usize, opened: usize) -> Option<Error> {
        (!self.b.get(from..).unwrap_or_default().contains(&b'"')).then(|| csv_refuse(opened, t::IN_CSV_UNCLOSED, &[]))
    }

    /// The next record; `header_cells` (once the header is read) bounds the
    /// delimiters a continuation line of a quoted cell may hold.
    pub(crate) fn next_record(&mut self, header_cells: Option<usize>) -> Result<Option<CsvRecord>, Error> {
        // Blank lines hold no record: skipped here, without building one each.
        while matches!(self.peek(), Some(b'\r' | b'\n')) {
            self.end_line()?;
        }
        if self.pos >= self.b.len() {
            return Ok(None);
        }
        let line = self.line;
        // (the cells' bytes, one after the other: cut at ASCII delimiters of a decoded text, valid UTF-8)
        let mut text: Vec<u8> = Vec::with_capacity(128);
        let mut ends = Vec::with_capacity(self.width_hint);
        let mut multiline_from = None;
        loop {
            if self.peek() == Some(b'"') {
                let opened = self.line;
                self.pos += 1;
                let cell_start = text.len();
                let cell = &mut text;
                // A quoted cell may span lines only if it holds no delimiter
                // (and the header has two columns or more): a stray quote that
                // swallows whole rows always brings their delimiters along.
                let mut has_delim = false;
                let mut spans = false;
                let one_column = header_cells.is_some_and(|k| k < 2);
                loop {
                    match self.peek() {
                        None => return Err(csv_refuse(opened, t::IN_CSV_UNCLOSED, &[])),
                        Some(b'"') if self.b.get(self.pos + 1) == Some(&b'"') => {
                            cell.push(b'"');
                            self.pos += 2;
                        }
                        Some(b'"') => {
                            // ... or end with one (only spaces before the closing quote on its
                            // line): the same flip seen from the other end, at a legit quoted
                            // cell that starts the next line.
                            if spans {
                                let last = cell[cell_start..].iter().rposition(|&b| b == b'\n' || b == b'\r');
                                let tail = last.map_or(&[][..], |i| &cell[cell_start + i + 1..]);
                                if blank_text(tail) {
                                    return Err(csv_refuse(opened, t::IN_CSV_MULTILINE_BARE, &[&self.line]));
                                }
                            }
                            self.pos += 1;
                            break;
                        }
                        Some(c @ (b'\r' | b'\n')) => {
                            // Nor may it start with a line break (only spaces after the opening
                            // quote on its line): a legit quoted cell that ends its line, its
                            // closing quote taken for an opening one because a stray quote
                            // earlier flipped the pairing, looks just so.
                            if !spans && blank_text(&cell[cell_start..]) && self.multiline {
                                return Err(self.multiline_bare(opened, self.line + 1));
                            }
                            cell.push(c);
                            if c == b'\r' && self.b.get(self.pos + 1) == Some(&b'\n') {
                                cell.push(b'\n');
                            }
                            self.line_break();
                            multiline_from.get_or_insert(opened);
                            spans = true;
                            if !self.multiline {
                                return Err(self.multiline_off(opened));
                            }
                            if has_delim || one_column {
                                return Err(self.multiline_refusal(opened));
                            }
                        }
                        Some(c) => {
                            if c == self.delim {
                                has_delim = true;
                                if spans {
                                    return Err(self.multiline_refusal(opened));
                                }
                            }
                            cell.push(c);
                            self.pos += 1;
                        }
                    }
                    if cell.len() - cell_start > MAX_CELL_BYTES {
                        return Err(cell_too_long(format!("line {opened}")));
                    }
                }
                // Spaces after the closing quote are tolerated; other text is not.
                while matches!(self.peek(), Some(b' ' | b'\t')) && self.peek() != Some(self.delim) {
                    self.pos += 1;
                }
                // Nor may it be the first or the last cell of its row: a stray
                // quote that pairs with another one across lines always leaves
                // one of the two lines holding the quoted cell alone.
                if spans && (ends.is_empty() || matches!(self.peek(), None | Some(b'\r' | b'\n'))) {
                    return Err(csv_refuse(opened, t::IN_CSV_MULTILINE_EDGE, &[&self.line]));
                }
                match self.peek() {
                    None | Some(b'\r' | b'\n') => {}
                    Some(c) if c == self.delim => {}
                    Some(_) => {
                        let col = String::from_utf8_lossy(&self.b[self.line_start..self.pos]).chars().count() + 1;
                        return Err(csv_refuse(self.line, t::IN_CSV_AFTER_QUOTE, &[&col]));
                    }
                }
                ends.push(text.len());
            } else {
                let from = self.pos;
                let rest = self.b.get(from..).unwrap_or_default();
                // (cells are short: a plain scan beats a vectorised search here)
                let d = self.delim;
                self.pos = from + rest.iter().position(|&c| c == d || c == b'\r' || c == b'\n').unwrap_or(rest.len());
                if self.pos - from > MAX_CELL_BYTES {
                    return Err(cell_too_long(format!("line {}", self.line)));
                }
                text.extend_from_slice(&self.b[from..self.pos]);
                ends.push(text.len());
            }
            // A line of millions of delimiters was built whole (8 bytes a cell and more) before its width was
            // checked: at most the header's cells and 16,384 more (a spreadsheet's columns), 1,000,000 before it.
            let most = header_cells.map_or(1_000_000, |h| h.saturating_add(SHEET_MAX_COLUMNS));
            if ends.len() > most {
                return Err(input_error(problem(
                    Code::LimitExceeded,
                    format!("line {}", self.line),
                    t::IN_CSV_FIELDS,
                    &[&most],
                )));
            }
            let last_line = self.line;
            match self.peek() {
                Some(c) if c == self.delim => {
                    self.pos += 1;
                    continue;
                }
                Some(b'\r' | b'\n') => self.end_line()?,
                _ => {}
            }
            self.width_hint = self.width_hint.max(ends.len());
            let text = String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            return Ok(Some(CsvRecord { line, last_line, text, ends, multiline_from }));
        }
    }
}

/// Whether a part of a cell holds no text: nothing but white space
/// (Unicode's, the no-break and ideographic spaces included) and characters
/// drawn as nothing.
fn blank_text(part: &[u8]) -> bool {
    String::from_utf8_lossy(part).chars().all(|c| c.is_whitespace() || meritkit::diag::is_invisible(c))
}

/// Reads a CSV text into a sheet. Every record is a row (blank lines are
/// skipped) or the file is refused naming the line: see [`CsvReader`]. A row
/// with more filled cells than the header is an error of that row.
pub fn csv_sheet(text: &str, delim: Option<u8>) -> Result<Sheet, Error> {
    let o = Options::default();
    csv_sheet_with(text, delim, &o.limits, o.multiline_cells)
}

/// [`csv_sheet`] with explicit limits (rows, columns, cells) and without
/// `--multiline-cells`.
pub fn csv_sheet_limited(text: &str, delim: Option<u8>, limits: &Limits) -> Result<Sheet, Error> {
    csv_sheet_with(text, delim, limits, false)
}

/// [`csv_sheet_limited`] with `--multiline-cells` given explicitly.
///
/// A quoted cell that spans lines cannot in general be told from a stray
/// quote that swallows the rows that follow. Without `multiline` such a cell
/// refuses the file, naming the line where the quote opened. With it, the
/// cell is accepted only when it holds no delimiter, is neither the first nor
/// the last cell of its row, neither starts nor ends with a line break, and
/// the row has exactly the header's cell count;
/// anything else is refused the same way (docs/input.md).
///
/// The header is the first line with two or more filled cells, as in
/// spreadsheets: title lines above it ("DAFTAR PEGAWAI ...", one filled
/// cell) are skipped. A file where no line has two filled cells (one
/// column) takes its first non-blank line as the header.
pub fn csv_sheet_with(text: &str, delim: Option<u8>, limits: &Limits, multiline: bool) -> Result<Sheet, Error> {
    let delim = delim.unwrap_or_else(|| sniff_delimiter(text));
    match csv_sheet_from(text, delim, limits, multiline, 2)? {
        Some(sheet) => Ok(sheet),
        None => csv_sheet_from(text, delim, limits, multiline, 1)?.ok_or_else(|| empty_sheet("", t::IN_NO_HEADER)),
    }
}

/// [`csv_sheet_with`] with the header the first line of at least
/// `header_filled` filled cells; `None` when no line has that many.
fn csv_sheet_from(
    text: &str,
    delim: u8,
    limits: &Limits,
    multiline: bool,
    header_filled: usize,
) -> Result<Option<Sheet>, Error> {
    let lone_cr = lone_cr_lines(text.as_bytes());
    let mut rdr =
        CsvReader { b: text.as_bytes(), pos: 0, line: 1, line_start: 0, delim, multiline, width_hint: 0, lone_cr };
    let mut rows = CsvRows::new(limits, header_filled, multiline);
    let mut data = Vec::new();
    let mut held = HeldRows::default();
    while let Some(rec) = rdr.next_record(rows.header_cells)? {
        let line = rec.line;
        if let Some(row) = rows.take(rec)? {
            let row = row.to_sheet_row();
            held.add(row.cells.len(), &format!("line {line}"))?;
            data.push(row);
        }
    }
    rows.finish(data)
}

/// The memory the rows of a file read whole take (CSV, JSON, JSONL: every
/// row is held before it is scored), counted at 128 bytes a row and 32 a
/// cell, never above [`memory_share`]. Under `ulimit -v
/// 1500000`, a 48 MB CSV of 6 million 4-cell rows and 15 MB of `{}` lines
/// within the row limit had aborted on allocation.
#[derive(Default)]
struct HeldRows(u64);

impl HeldRows {
    fn add(&mut self, cells: usize, at: &str) -> Result<(), Error> {
        self.0 = self.0.saturating_add(128 + 32 * cells as u64);
        let most = memory_share();
        if self.0 > most {
            return Err(input_error(problem(Code::LimitExceeded, at, t::IN_LIMIT_HELD_ROWS, &[&most])));
        }
        Ok(())
    }
}

/// The records of a CSV file, one at a time (the whole file, or the parts of
/// a [`CsvStream`]): the header, the title lines above it, and every data row
/// checked against the limits and the header's width.
pub(crate) struct CsvRows {
    limits: Limits,
    header_filled: usize,
    pub(crate) header_cells: Option<usize>,
    pub(crate) sheet: Sheet,
    pub(crate) rows: usize,
    cells_read: usize,
    /// `--multiline-cells`: every row must reach the header's last titled column (see [`CsvRows::take`]).
    multiline: bool,
    /// The header's cells up to its last titled one.
    header_width: usize,
    /// `--multiline-cells` with untitled columns at the header's end: a data row seen without all the header's
    /// cells, and the first row with a cell spanning lines (opened, last line) (see [`CsvRows::take`]).
    short_seen: bool,
    spanning_seen: Option<(usize, usize)>,
}

impl CsvRows {
    pub(crate) fn new(limits: &Limits, header_filled: usize, multiline: bool) -> Self {
        CsvRows {
            limits: *limits,
            header_filled,
            header_cells: None,
            sheet: Sheet::default(),
            rows: 0,
            cells_read: 0,
            multiline,
            header_width: 0,
            short_seen: false,
            spanning_seen: None,
        }
    }

    /// One record: a data row, or `None` (blank, a title line, the header).
    pub(crate) fn take(&mut self, rec: CsvRecord) -> Result<Option<ReadRow>, Error> {
        let limits = &self.limits;
        if rec.cells().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let Some(k) = self.header_cells else {
            if rec.cells().filter(|c| !c.trim().is_empty()).count() < self.header_filled {
                return Ok(None); // a title line above the header
            }
            if rec.len() > limits.max_columns {
                let n = rec.len();
                return Err(input_error(problem(
                    Code::LimitExceeded,
                    format!("line {}", rec.line),
                    t::IN_LIMIT_COLUMNS,
                    &[&limits.max_columns, &n],
                )));
            }
            let headers: Vec<String> = rec.cells().map(str::to_string).collect();
            self.header_width = headers.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |i| i + 1);
            self.header_cells = Some(headers.len());
            self.sheet.headers = headers;
            self.sheet.header_row = rec.line;
            return Ok(None);
        };
        if rec.line > limits.max_rows || self.rows >= limits.max_rows {
            return Err(input_error(problem(
                Code::LimitExceeded,
                format!("line {}", rec.line),
                t::IN_LIMIT_ROWS,
                &[&limits.max_rows],
            )));
        }
        self.cells_read = self.cells_read.saturating_add(rec.len().max(k));
        if self.cells_read > limits.max_cells {
            return Err(input_error(problem(
                Code::LimitExceeded,
                format!("line {}", rec.line),
                t::IN_LIMIT_CELLS,
                &[&limits.max_cells],
            )));
        }
        let filled = rec.cells().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
        if let Some(opened) = rec.multiline_from {
            // A row with a line break inside a quoted cell must have exactly
            // the header's cell count, else the quote most likely swallowed rows.
            if rec.len() != k {
                let n = rec.len();
                return Err(csv_refuse(opened, t::IN_CSV_MULTILINE_SHAPE, &[&rec.last_line, &n, &k]));
            }
        }
        // With `--multiline-cells`, a short row is refused: a line break inside a row leaves a short
        // line, and its second half could merge with the next row through a stray quote into one
        // row of the header's shape, the next row's people vanishing. (Without the flag no cell
        // spans lines, and short rows are padded with empty cells.)
        // (untitled columns at the header's end are skipped anyway: a row need not reach them)
        if self.multiline && rec.len() < self.header_width {
            let (n, w) = (rec.len(), self.header_width);
            return Err(csv_refuse(rec.line, t::IN_CSV_MULTILINE_SHORT, &[&n, &w]));
        }
        // With untitled columns at the header's end, rows need only reach its last titled column, and two such
        // rows joined by stray quotes can make a row of exactly the header's cells, the second person vanishing.
        // A cell spanning lines is then accepted only in a file whose every row has all the header's cells, and
        // only in a row with nothing in the untitled columns (where a second row joined to the first would sit).
        if self.multiline && self.header_width < k {
            if let Some(opened) = rec.multiline_from {
                // (nor may the cell be the last filled one of its row: the cells after it, empty, would be the
                // second row's, which then held only the cell's end)
                let spanning = rec.cells().position(|c| c.contains(['\n', '\r'])).unwrap_or(0);
                if filled > self.header_width || filled <= spanning + 1 {
                    return Err(csv_refuse(opened, t::IN_CSV_MULTILINE_UNTITLED, &[&rec.last_line]));
                }
                self.spanning_seen.get_or_insert((opened, rec.last_line));
            }
            self.short_seen |= rec.len() < k;
            if let (Some((opened, last)), true) = (self.spanning_seen, self.short_seen) {
                return Err(csv_refuse(opened, t::IN_CSV_MULTILINE_UNTITLED, &[&last]));
            }
        }
        let mut problems = Vec::new();
        if filled > k {
            let n = rec.cells().filter(|c| !c.trim().is_empty()).count().max(k + 1);
            problems.push(problem(Code::InvalidInput, format!("line {}", rec.line), t::IN_CSV_EXTRA_CELLS, &[&n, &k]));
        }
        self.rows += 1;
        Ok(Some(ReadRow { rec, problems, width: k.max(1) }))
    }

    /// The sheet once every record is taken (`data`: the rows of the last
    /// part); `None` when no line was a header. A header without data rows is refused.
    fn finish(mut self, data: Vec<SheetRow>) -> Result<Option<Sheet>, Error> {
        if self.header_cells.is_none() {
            return Ok(None);
        }
        if self.rows == 0 {
            return Err(empty_sheet(&format!("line {}", self.sheet.header_row), t::IN_NO_DATA));
        }
        self.sheet.rows = data;
        Ok(Some(self.sheet))
    }
}

/// A sheet (or CSV file) as text headers and typed cells.
#[derive(Debug, Default)]
pub struct Sheet {
    /// Sheet name (`None` for CSV).
    pub name: Option<String>,
    /// 1-based position of the sheet in the workbook (`None` for CSV): how a redacted report names it.
    pub position: Option<usize>,
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
    /// Its 1-based position in the workbook.
    pub sheet_position: Option<usize>,
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
        // the flat schema names the column of a record field
        let flat = meritkit::flat::Column::of_path(path)?.name();
        let (col, header) = self.columns.get(&flat)?;
        let n = self.rows.get(row)?;
        let a1 = format!("{}{n}", column_letter(self.first_col + col));
        Some((
            header.trim().to_string(),
            match &self.sheet {
                Some(sh) => format!("{sh}!{a1}"),
                None => a1,
            },
        ))
    }
}

/// Reading options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Sheet name (workbooks); the first non-empty sheet when `None`.
    pub sheet: Option<String>,
    /// Column mapping.
    pub mapping: ColumnMapping,
    /// Size and shape limits ([`Limits::current`] by default).
    pub limits: Limits,
    /// CSV: a quoted cell may span lines (`--multiline-cells`; see
    /// [`csv_sheet_with`]). Default: what [`allow_multiline_cells`] set for
    /// this process, else off.
    pub multiline_cells: bool,
    /// Show every sheet name as written, even one that does not look like a
    /// label (`--show-personal-data`). Default: what that option set for this
    /// process.
    pub show_sheet_names: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sheet: None,
            mapping: ColumnMapping::default(),
            limits: Limits::current(),
            multiline_cells: MULTILINE_CELLS.get().copied().unwrap_or(false),
            show_sheet_names: crate::privacy::show_personal(),
        }
    }
}

pub(crate) fn ext_of(name: &str) -> String {
    Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// True for the workbook formats calamine reads.
pub fn is_workbook(path: &Path) -> bool {
    is_workbook_ext(&ext_of(&path.to_string_lossy()))
}

fn is_workbook_ext(ext: &str) -> bool {
    matches!(ext, "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
}

fn excel_date(serial: f64, date1904: bool) -> Option<String> {
    // Excel's dates run from serial 0 (1899-12-30 as 1900-01-00) to 2958465 (9999-12-31); in the 1904 date
    // system (a workbook's `date1904`, an XLS DATEMODE of 1: older Excel for the Mac) serial 0 is 1904-01-01,
    // 1,462 days later.
    let serial = if date1904 { serial + 1462.0 } else { serial };
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // (the time of day rounded to the millisecond first, as Excel shows it: 44562.999999999 is 2022-01-02)
    let days = ((serial * 86_400_000.0).round() / 86_400_000.0).floor();
    // Excel's 1900 system counts a 1900-02-29 that never was (serial 60): the serials before it are a day later
    // than counted from 1899-12-30, and 60 itself and serial 0 (1900-01-00) are no date.
    let days = match days {
        d if d < 1.0 || d == 60.0 => return None,
        d if d < 60.0 => d + 1.0,
        d => d,
    };
    let base = jiff::civil::Date::new(1899, 12, 30).ok()?;
    let span = jiff::Span::new().try_days(days as i64).ok()?;
    base.checked_add(span).ok().map(|d| d.to_string())
}

/// Whether a date cell calamine read is a duration (an elapsed-time format
/// such as `[h]:mm`), which Excel shows as hours, not as a date: compared as
/// [`in_1904`] does.
fn is_duration(d: &calamine::ExcelDateTime) -> bool {
    use calamine::{ExcelDateTime, ExcelDateTimeType};
    [false, true].into_iter().any(|s1904| *d == ExcelDateTime::new(d.as_f64(), ExcelDateTimeType::TimeDelta, s1904))
}

/// Whether calamine read a date cell in a workbook of the 1904 date system:
/// it keeps that in the value without a way to ask (only its `dates`
/// feature's conversion reads it), so the value is compared with the one it
/// would be in that system. (It had been read 4 years and a day early: a
/// position held since 2022-06-01 read as since 2018-05-31 passed a rule of
/// four years.)
fn in_1904(d: &calamine::ExcelDateTime) -> bool {
    use calamine::{ExcelDateTime, ExcelDateTimeType};
    [ExcelDateTimeType::DateTime, ExcelDateTimeType::TimeDelta]
        .into_iter()
        .any(|kind| *d == ExcelDateTime::new(d.as_f64(), kind, true))
}

/// A zip part name safe to print (the structure of the file, not its data).
fn part_name(n: &str) -> String {
    n.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '[' | ']')).take(80).collect()
}

/// Bounds the uncompressed size of every part of a zip-based workbook
/// (XLSX/XLSM/XLSB/ODS) BEFORE calamine reads it: declared sizes first, then
/// (since declared sizes can lie) by decompressing each part into a sink with
/// a cap. A file that is not a zip is left to calamine to report. A part
/// holding a `<!DOCTYPE` (a DTD: entity expansion, external entities) is
/// refused naming the part. Returns the number of shared strings (`si`
/// elements of `xl/sharedStrings.xml`, 0 without that part).
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<u64, Error> {
    use std::io::Read;
    let Ok(mut z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(0);
    };
    let part_cap = limits.part_bytes();
    let total_cap = limits.unzipped();
    let part_err = |name: &str| {
        input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_UNZIPPED, &[&part_name(name), &part_cap]))
    };
    let total_err = || input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_UNZIPPED_TOTAL, &[&total_cap]));
    // What a part may unpack to by its compressed size (None: no ratio check).
    let ratio_cap = |compressed: u64| {
        (limits.max_zip_ratio > 0)
            .then(|| compressed.saturating_mul(limits.max_zip_ratio).max(ZIP_RATIO_FLOOR))
            .filter(|&cap| cap < part_cap)
    };
    let mut declared = 0u64;
    for i in 0..z.len() {
        let Ok(f) = z.by_index_raw(i) else { continue };
        if f.size() > part_cap {
            return Err(part_err(f.name()));
        }
        declared = declared.saturating_add(f.size());
        if declared > total_cap {
            return Err(total_err());
        }
    }
    let mut total = 0u64;
    let mut shared_strings = 0u64;
    let mut sst_bin = None;
    // The parts calamine reads as the shared-string tables (the first whose name matches ignoring case,
    // backslashes as `/`: a second one is a decoy).
    let (sst_xml, sst_bin_at) = (zip_index(&z, "xl/sharedStrings.xml"), zip_index(&z, "xl/sharedStrings.bin"));
    // (each part's name and whether it is plain ASCII, for check_part_encoding)
    let mut ascii_parts = Vec::with_capacity(z.len());
    for i in 0..z.len() {
        let Ok(mut f) = z.by_index(i) else { continue };
        let name = f.name().to_string();
        let shared = sst_xml == Some(i);
        let mut si = SiCounter::default();
        let mut sniff = DoctypeSniff { si: shared.then_some(&mut si), ..DoctypeSniff::default() };
        let by_ratio = ratio_cap(f.compressed_size());
        let mut part = (&mut f).take(by_ratio.unwrap_or(part_cap).saturating_add(1));
        let copied = std::io::copy(&mut part, &mut sniff);
        if sniff.found {
            return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XML_DOCTYPE, &[&part_name(&name)])));
        }
        ascii_parts.push((i, name.clone(), !sniff.non_ascii));
        if shared {
            shared_strings = si.count;
        }
        // (counted even when the part turns out damaged: calamine may have read that far)
        if si.count > limits.max_shared_strings() {
            return Err(input_error(problem(
                Code::LimitExceeded,
                "input",
                t::IN_LIMIT_SHARED_STRINGS,
                &[&limits.max_shared_strings()],
            )));
        }
        // XLSB's shared strings: their records counted and sized once the part is known to fit, what a
        // damaged part holds before the damage too (calamine reads its strings one by one, and had made
        // gigabytes of them from a stale buffer before its stream ended on a damaged block)
        if sst_bin_at == Some(i) && copied.as_ref().map_or(true, |&n| n <= part_cap) {
            sst_bin = Some(i);
        }
        let n = match copied {
            Ok(n) => n,
            // (a damaged part: its bytes up to the damage are checked where calamine reads them)
            Err(_) => continue,
        };

        if by_ratio.is_some_and(|cap| n > cap) {
            return Err(input_error(problem(
                Code::LimitExceeded,
                "input",
                t::IN_LIMIT_ZIP_RATIO,
                &[&part_name(&name), &limits.max_zip_ratio],
            )));
        }
        if n > part_cap {
            return Err(part_err(&name));
        }
        total = total.saturating_add(n);
        if total > total_cap {
            return Err(total_err());
        }
    }
    for (i, name, ascii) in ascii_parts {
        check_part_encoding(&mut z, i, part_cap, ascii, &name)?;
    }
    // (calamine reads the XML table once the workbook opens)
    if let Some(i) = sst_xml {
        shared_strings = check_shared_strings(&mut z, i, part_cap)?;
        // (counted as calamine counts them: the streaming count above stops at names of 32 bytes)
        if shared_strings > limits.max_shared_strings() {
            let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_SHARED_STRINGS, &[&limits.max_shared_strings()]);
            return Err(input_error(p));
        }
    }
    if let Some(i) = sst_bin {
        let mut bin = Vec::new();
        if let Ok(f) = z.by_index(i) {
            let _ = f.take(part_cap).read_to_end(&mut bin);
        }
        let (count, held) = xlsb_shared_strings(&bin);
        shared_strings = count;
        if xlsb_strings_bom_led(&bin) {
            return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLSB_STRING_ENCODING, &[])));
        }
        if count > limits.max_shared_strings() {
            let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_SHARED_STRINGS, &[&limits.max_shared_strings()]);
            return Err(input_error(p));
        }
        if held > limits.max_cell_text_bytes() {
            let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELL_TEXT, &[&limits.max_cell_text_bytes()]);
            return Err(input_error(p));
        }
    }
    Ok(shared_strings)
}

/// How calamine reads a string item, a `<si>` of the shared strings or a
/// cell's `<is>` (its `read_string`): the first plain `<t>` when no run
/// `<r>` came before it, passing over everything after it; after a run, the
/// text of every `<t>` outside phonetic runs (`<rPh>`); with neither, no
/// string at all (a shared string passed over, moving every later one up).
/// Fed the item's tags, each by its name (prefix included) and local name.
#[derive(Default)]
struct StringItem {
    rich: bool,
    phonetic: bool,
    /// A plain `<t>` was taken: calamine reads no further.
    taken: bool,
    /// The name of the `<t>` being read: calamine reads its text to an end tag of that name.
    in_t: Option<Vec<u8>>,
    /// Text lies after the taken `<t>` (a run or another `<t>`): calamine leaves it out.
    cut: bool,
    /// An item inside the item (never written): where calamine ends it is not where it was written to end.
    nested: bool,
}

impl StringItem {
    fn start(&mut self, qname: &[u8], local: &[u8], item: &[u8]) {
        // (an element inside the `<t>` being read: calamine ends the `<t>` at the first end tag of its name,
        // a `<t/>` inside included, and passes over the text after it; Excel writes none)
        if self.in_t.is_some() {
            self.cut = true;
            return;
        }
        match local {
            _ if local == item => self.nested = true,
            b"r" if !self.taken => self.rich = true,
            b"rPh" => self.phonetic = true,
            b"t" if !self.phonetic => {
                if self.taken {
                    self.cut = true;
                } else {
                    self.taken = !self.rich;
                    self.in_t = Some(qname.to_vec());
                }
            }
            _ => {}
        }
    }

    /// An end tag; true when it ends the item (named `closing`).
    fn end(&mut self, qname: &[u8], local: &[u8], closing: &[u8]) -> bool {
        if let Some(t) = &self.in_t {
            if qname == t.as_slice() {
                self.in_t = None;
            }
            return false;
        }
        if qname == closing {
            return true;
        }
        if local == b"rPh" {
            self.phonetic = false;
        }
        false
    }

    /// One tag of [`xml_tags`] inside the item (a closed one as calamine
    /// expands it: a start, then an end); true when it ends the item, named
    /// `closing` (`item`: the item's local name, `si` or `is`).
    fn tag(&mut self, tag: &[u8], local: &[u8], item: &[u8], closing: &[u8]) -> bool {
        let q = xml_qname(tag);
        match q.strip_prefix(b"/") {
            Some(end) => self.end(end, local, closing),
            None => {
                self.start(q, local, item);
                tag.ends_with(b"/") && self.end(q, local, closing)
            }
        }
    }

    /// Whether calamine passes the item over (no string at all).
    fn dropped(&self) -> bool {
        !self.taken && !self.rich
    }

    /// Whether calamine reads the item short of what it holds (text after its
    /// first plain `<t>`, or an item inside it).
    fn cut_short(&self) -> bool {
        self.cut || self.nested
    }
}

/// XLSX: `xl/sharedStrings.xml` read as calamine reads it (each `<si>` by
/// [`StringItem`]); returns how many strings calamine keeps. A string that
/// calamine would pass over (no `<t>` and no run: every later cell would read
/// the next string's text; openpyxl reads it as empty), cut short (text after
/// a first plain `<t>`) or holding another item refuses the file.
fn check_shared_strings(z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, i: usize, cap: u64) -> Result<u64, Error> {
    use quick_xml::events::Event;
    let Some(mut r) = stream_part(z, i, cap) else { return Ok(0) };
    let mut buf = Vec::new();
    let (mut count, mut item) = (0u64, None::<(Vec<u8>, StringItem)>);
    // (the prefixes the root binds to SpreadsheetML: every element below is one of them)
    let mut main: Option<Vec<Vec<u8>>> = None;
    loop {
        buf.clear();
        let event = r.read_event_into(&mut buf);
        if let Ok(Event::Start(e)) = &event {
            match &main {
                None => main = Some(spreadsheetml_prefixes(e)),
                Some(main) if foreign_element(e, main) => return Err(foreign_namespaces("xl/sharedStrings.xml")),
                Some(_) => {}
            }
        }
        let ended = match (event, &mut item) {
            (Ok(Event::Eof) | Err(_), _) => return Ok(count),
            (Ok(Event::Start(e)), None) if e.local_name().as_ref() == b"si" => {
                count += 1;
                item = Some((e.name().as_ref().to_vec(), StringItem::default()));
                false
            }
            (Ok(Event::End(e)), None) if e.local_name().as_ref() == b"sst" => return Ok(count),
            (Ok(Event::Start(e)), Some((_, it))) => {
                it.start(e.name().as_ref(), e.local_name().as_ref(), b"si");
                false
            }
            (Ok(Event::End(e)), Some((closing, it))) => it.end(e.name().as_ref(), e.local_name().as_ref(), closing),
            // (calamine reads a string's text from text events only: a CDATA section's is dropped)
            (Ok(Event::CData(_)), _) => {
                let p = problem(Code::InvalidInput, "input", t::IN_XML_CDATA, &[&"xl/sharedStrings.xml"]);
                return Err(input_error(p));
            }
            _ => false,
        };
        if let (true, Some((_, it))) = (ended, &item) {
            let text = if it.dropped() {
                t::IN_XLSX_STRING_DROPPED
            } else if it.cut_short() {
                t::IN_XLSX_STRING_CUT
            } else {
                item = None;
                continue;
            };
            return Err(input_error(problem(Code::InvalidInput, "input", text, &[&count])));
        }
    }
}

/// The shared strings of an XLSB workbook's `xl/sharedStrings.bin`, read as
/// calamine reads its records (a type of 1-2 bytes and a length of 1-4, 7
/// bits each): how many `BrtSSTItem` records (type 0x13) it holds, and the
/// bytes calamine may copy out of them. calamine reads each item from a
/// buffer that keeps the largest record read so far (of any type), so a short
/// item after a long record is read as the long one again (4 million empty
/// items after one string of 2 million characters took over 12 GB): each item
/// counts as the largest record so far.
fn xlsb_shared_strings(b: &[u8]) -> (u64, u64) {
    xlsb_stale_items(b, 0x13)
}

/// The records of type `typ` in an XLSB part and the bytes calamine decodes
/// them from: its record buffer keeps the largest record of any type read so
/// far, and each item is read from all of it (one long record of another
/// type before 400 empty shared strings made each of them 23.7 MB).
fn xlsb_stale_items(b: &[u8], typ: u16) -> (u64, u64) {
    let (mut count, mut largest, mut held) = (0u64, 0u64, 0u64);
    for (t, len, _) in xlsb_records(b) {
        largest = largest.max(len as u64);
        if t == typ {
            count += 1;
            held = held.saturating_add(largest);
        }
    }
    (count, held)
}

/// The records of an XLSB part as calamine reads them: a type of 1-2 bytes
/// and a length of 1-4 (7 bits each), then the record: (type, declared
/// length, the bytes of it the part holds: fewer for a last record cut short).
fn xlsb_records(b: &[u8]) -> impl Iterator<Item = (u16, usize, &[u8])> {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        let typ = xlsb_type(b, &mut i)?;
        let len = xlsb_len(b, &mut i)?;
        let rec = b.get(i.min(b.len())..i.saturating_add(len).min(b.len())).unwrap_or_default();
        i = i.saturating_add(len);
        Some((typ, len, rec))
    })
}

/// The buffer calamine reads XLSB records into: it grows (zeroed) to the
/// longest record met and keeps the bytes of earlier, longer records past the
/// current one's end, which calamine reads as part of it (a sheet list's
/// entries, a formula's tokens).
#[derive(Default)]
struct XlsbBuffer(Vec<u8>);

impl XlsbBuffer {
    fn fill(&mut self, len: usize, rec: &[u8]) -> &[u8] {
        if self.0.len() < len {
            self.0 = vec![0; len];
        }
        self.0[..rec.len()].copy_from_slice(rec);
        &self.0
    }
}

/// XLSB: what calamine builds from `xl/workbook.bin` when it opens the file,
/// and what each sheet part makes it do, checked first. Excel writes sheet
/// names of at most 31 characters and defined names of at most 255: calamine
/// copies a sheet's name into each entry of the external-sheet list and into
/// a formula for each reference to it (a 4-million-character name referred to
/// 1,000 times in one formula took 4 GB from a 10 KB file); the defined names'
/// formulas (made when the file opens) are bounded by
/// [`Limits::max_cell_text_bytes`], and a cell's formula by the 16,384 bytes
/// of tokens [MS-XLSB] allows (`CellParsedFormula.cce`). Two sheets naming
/// one part are refused as for XLSX (2,000 such sheets ran past a minute). A
/// row past 1,048,576 (Excel's last) ends calamine's reading of its sheet, so
/// the rows after it would be lost: refused too.
fn check_xlsb(bytes: &[u8], limits: &Limits) -> Result<(Vec<XlsbSheet>, bool), Error> {
    let Ok(mut z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok((vec![], false)) };
    let cap = limits.part_bytes();
    let Some(wb) = zip_part(&mut z, "xl/workbook.bin", cap) else { return Ok((vec![], false)) };
    let bad = || input_error(problem(Code::InvalidInput, "input", t::IN_WORKBOOK_BAD, &[&"XLSB"]));
    let long = || input_error(problem(Code::InvalidInput, "input", t::IN_XLSB_NAME_LONG, &[]));
    let rels = workbook_rels(&mut z, Rels::Xlsb, cap)?;
    // calamine finds the workbook's properties and sheets by a walk of its own ([`xlsb_bundle_as_calamine_reads`]):
    // it must find the records a walk by their lengths finds (a 1904 flag and a sheet hidden in other records'
    // bytes had been read)
    let bundle = xlsb_bundle_by_length(&wb);
    if xlsb_bundle_as_calamine_reads(&wb) != bundle {
        return Err(bad());
    }
    // (BrtWbProp's first flag: the 1904 date system; a second record, whose flag calamine would take, refused as a
    // second XLS DATEMODE or XLSX `workbookPr` is)
    let props: Vec<_> = bundle.iter().filter(|(t, _, _)| *t == 0x99).collect();
    if props.len() > 1 {
        return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLSX_DATE_SYSTEM, &[])));
    }
    let date1904 = props.first().is_some_and(|(_, _, b)| b.first().is_some_and(|f| f & 1 == 1));
    let mut buf = XlsbBuffer::default();
    let mut parts: Vec<Option<String>> = Vec::new();
    // (the defined names' formula tokens, their squares, the longest name in characters, external-sheet entries)
    let (mut name_tokens, mut name_squares, mut longest, mut xtis) = (0u64, 0u64, 0u64, 0u64);
    for (typ, len, rec) in xlsb_records(&wb) {
        let b = buf.fill(len, rec);
        match typ {
            // BrtBundleSh: state, tab id, relationship id (a count, then UTF-16), name (likewise)
            0x9C => {
                let Some(rel) = le32(b, 8).filter(|&n| n != u32::MAX) else { continue };
                let rel_end = 12usize.saturating_add(2 * rel as usize);
                let Some(id) = b.get(12..rel_end) else { continue };
                let name = u64::from(le32(b, rel_end).unwrap_or(0));
                if name > 31 {
                    return Err(long());
                }
                longest = longest.max(name);
                let id = utf16le_lossy(id, usize::MAX);
                // (an id that is not plain ASCII, a byte-order mark before it included, is read otherwise by
                // calamine's decoder, which drops the mark: its sheet is refused)
                let target = if id.is_ascii() { rels.get(id.as_bytes()).cloned().flatten() } else { None };
                parts.push(target.map(|target| format!("xl/{target}")));
            }
            // BrtName: flags and key (9 bytes), the name (a count, then UTF-16), its formula's length
            0x27 => {
                let Some(name) = le32(b, 9) else { continue };
                if name > 255 {
                    return Err(long());
                }
                longest = longest.max(u64::from(name));
                let at = 13 + 2 * name as usize;
                let tokens = u64::from(le32(b, at).unwrap_or(0)).min(b.len() as u64);
                name_tokens = name_tokens.saturating_add(tokens);
                name_squares = name_squares.saturating_add(tokens.saturating_mul(tokens));
            }
            // BrtExternSheet: a count of 12-byte entries, read from the whole buffer
            // (each record's list replaces the one before: all of them together are bounded, as each is made)
            0x16A => {
                let n = u64::from(le32(b, 0).unwrap_or(0)).min(b.len().saturating_sub(4).div_ceil(12) as u64);
                xtis = xtis.saturating_add(n);
                if xtis > 1_000_000 {
                    return Err(bad());
                }
            }
            _ => {}
        }
    }
    // A token of 5 bytes (a defined name's) writes the name, a sheet reference of 9 a sheet's name and
    // `!$A$1`: at most the longest name's UTF-8 and 32 bytes for each 3 bytes of tokens. A unary operator
    // (1 byte) moves the text written so far: a formula's work grows with the square of its tokens (40,000
    // name references and 400,000 unary pluses in one name's formula ran past a minute), bounded here at
    // 4,000,000,000 bytes moved (a few seconds); Excel's defined names are short formulas.
    let per_token = (3 * longest + 32) / 3;
    let text = name_tokens.saturating_mul(per_token);
    if text > limits.max_cell_text_bytes() || name_squares.saturating_mul(per_token) > 4_000_000_000 {
        let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELL_TEXT, &[&limits.max_cell_text_bytes()]);
        return Err(input_error(p));
    }
    if parts.len() > MAX_SHEETS {
        return Err(too_many_sheets());
    }
    if parts_repeat(&z, &parts) {
        return Err(bad());
    }
    // `xl/styles.bin`: calamine decodes each number format (BrtFmt) from its record buffer, which keeps the
    // longest record read so far (2,000 empty formats after one 15.8 MB record ran past two minutes): counted
    // as the shared strings are.
    let mut kinds = XlsxStyles::default();
    if let Some(styles) = zip_part(&mut z, "xl/styles.bin", cap) {
        // (calamine finds the number formats and the cell styles by a walk of its own, as it finds the sheets)
        if xlsb_styles_as_calamine_reads(&styles) != xlsb_styles_by_length(&styles) {
            return Err(bad());
        }
        kinds = xlsb_number_styles(&styles);
        // (a number format's text, BrtFmt: its id, then its length and UTF-16 text, read in another encoding
        // after a byte-order mark's bytes: `m` had turned a number's format into a date's)
        if xlsb_text_bom_led(&styles, 0x2C, 6) {
            return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLSB_STRING_ENCODING, &[])));
        }
        let (_, held) = xlsb_stale_items(&styles, 0x2C);
        if held > limits.max_cell_text_bytes() {
            let cap = limits.max_cell_text_bytes();
            return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELL_TEXT, &[&cap])));
        }
    }
    let mut formulas = Vec::with_capacity(parts.len());
    let (mut formula_cells, mut merges) = (0usize, 0usize);
    for (k, part) in parts.iter().enumerate() {
        let mut cells = XlsbSheet::default();
        // (a sheet whose part is not found as calamine finds it is refused: its records would go unchecked;
        // calamine stops on a relationship it lacks)
        let Some(sheet) = part.as_deref().and_then(|p| zip_part(&mut z, p, cap)) else { return Err(bad()) };
        let mut buf = XlsbBuffer::default();
        let mut row = 0u32;
        for (typ, len, rec) in xlsb_records(&sheet) {
            let b = buf.fill(len, rec);
            if typ == 0x00 {
                row = le32(b, 0).unwrap_or(row);
            }
            // BrtMergeCell: first and last row, first and last column
            if typ == 0xB0 {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (le32(rec, 0), le32(rec, 4), le32(rec, 8), le32(rec, 12))
                {
                    merges += 1;
                    if merges > MAX_MERGES {
                        let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_MERGES, &[&MAX_MERGES]);
                        return Err(input_error(p));
                    }
                    cells.merges.push(merge_range(calamine::Dimensions { start: (r0, c0), end: (r1, c1) }));
                }
            }
            // BrtCellRk, BrtCellReal, BrtFmlaNum: a number read as its style says where calamine reads the style
            // otherwise (a fill character or a condition in the format, a percentage; a whole number of an RK
            // record, which calamine reads as of no style: a date as a number)
            if matches!(typ, 0x02 | 0x05 | 0x09) {
                let style = b.get(4..7).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], 0]));
                let plain_int = typ == 0x02 && b.get(8).is_some_and(|f| f & 3 == 2);
                let col = le32(b, 0).unwrap_or(0);
                match kinds.verdict(style as usize, plain_int) {
                    Err(()) => {
                        let a = format!("{}{}", column_letter(col as usize), u64::from(row) + 1);
                        let p = problem(Code::InvalidInput, "input", t::IN_XLSX_FORMAT_BY_VALUE, &[&a]);
                        return Err(input_error(p));
                    }
                    Ok(Some(w)) => {
                        cells.recast.insert((row, col), w);
                    }
                    Ok(None) => {}
                }
            }
            // BrtCellSt, BrtFmlaString: the cell (8 bytes), the string's length, its UTF-16 text
            if matches!(typ, 0x06 | 0x08) && bom_led(b.get(12..).unwrap_or(&[])) {
                return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLSB_STRING_ENCODING, &[])));
            }
            // where a formula cell's token length sits: after the cell (8 bytes) and its cached value
            let at = match typ {
                // BrtRowHdr: calamine ends the sheet at a row past 0x100000
                0x00 if le32(b, 0).is_some_and(|r| r > 0x10_0000) => {
                    let p = problem(Code::InvalidInput, "input", t::IN_XLSB_ROW_BEYOND, &[&(k + 1)]);
                    return Err(input_error(p));
                }
                // BrtFmlaString (a string of `cch` characters, then 2 bytes of flags), BrtFmlaNum, BrtFmlaBool/Error
                0x08 => le32(b, 8).map(|cch| 14usize.saturating_add(2 * cch as usize)),
                0x09 => Some(18),
                0x0A | 0x0B => Some(11),
                _ => None,
            };
            let cce = at.and_then(|at| le32(b, at));
            if cce.is_some_and(|cce| cce > 16_384) {
                let p = problem(Code::InvalidInput, "input", t::IN_XLSB_FORMULA_LONG, &[&(k + 1)]);
                return Err(input_error(p));
            }
            // (a cell with a formula: where calamine's formula pass gives a text that is not empty)
            if cce.is_some_and(|cce| cce > 0) {
                formula_cells += 1;
                if formula_cells > limits.max_cells {
                    let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELLS, &[&limits.max_cells]);
                    return Err(input_error(p));
                }
                cells.formulas.insert((row, le32(b, 0).unwrap_or(0)));
            }
        }
        formulas.push(cells);
    }
    Ok((formulas, date1904))
}

/// XLSB `xl/styles.bin`: each cell style's number kind as calamine reads it
/// (`read_styles`: the number formats BrtBeginFmts counts, each the next
/// BrtFmt record; the cell styles BrtBeginCellXFs counts, each the next BrtXF;
/// a style's format a built-in date or duration first, else its own format
/// judged as calamine judges it) and as Excel shows it
/// ([`excel_number_kind`], [`excel_builtin_kind`]), as [`XlsxStyles`] holds
/// them (read from calamine's record buffer, [`XlsbBuffer`]).
fn xlsb_number_styles(b: &[u8]) -> XlsxStyles {
    let mut out = XlsxStyles::default();
    let mut buf = XlsbBuffer::default();
    let mut custom: std::collections::HashMap<u16, (NumberKind, Option<NumberKind>)> = std::collections::HashMap::new();
    let (mut formats, mut styles) = (0u32, None::<u32>);
    for (t, len, rec) in xlsb_records(b) {
        let r = buf.fill(len, rec);
        if formats > 0 {
            if t == 0x2C {
                formats -= 1;
                let id = le16(r, 0).unwrap_or(0);
                let text = utf16le_lossy(r.get(6..).unwrap_or_default(), le32(r, 2).unwrap_or(0) as usize);
                custom.insert(id, (number_format_kind(&text), excel_number_kind(&text)));
            }
            continue;
        }
        match (t, styles) {
            (0x267, None) => formats = le32(r, 0).unwrap_or(0),
            (0x269, None) => styles = Some(le32(r, 0).unwrap_or(0)),
            (0x2F, Some(left)) if left > 0 => {
                styles = Some(left - 1);
                let id = le16(r, 2).unwrap_or(0);
                let builtin = builtin_number_kind(u64::from(id));
                let own = custom.get(&id).copied();
                out.calamine.push(match builtin {
                    NumberKind::Number => own.map_or(NumberKind::Number, |k| k.0),
                    k => k,
                });
                out.written.push(match builtin {
                    NumberKind::Number => own.map_or(Some(excel_builtin_kind(u64::from(id))), |k| k.1),
                    k => Some(k),
                });
            }
            (_, Some(0)) => break,
            _ => {}
        }
    }
    out
}

/// The cells of one XLSB sheet that hold a formula (row, column; 0-based),
/// and its merged ranges (`BrtMergeCell`, which calamine does not read: the
/// covered cells' values were read as Excel does not show them), told from
/// its records by [`check_xlsb`]. calamine's own formula pass
/// writes each formula out as text (a sheet's name for each reference to it,
/// the whole text moved for each unary operator: 1,500 formulas of 16 KB took
/// a minute) only for the sheet reader to learn which cells hold one; an
/// XLSB formula record always holds its value too. With them, the number
/// cells whose style calamine reads otherwise than Excel shows it (as
/// [`XlsxScan`]'s `recast`).
#[derive(Default)]
struct XlsbSheet {
    formulas: std::collections::HashSet<(u32, u32)>,
    merges: Vec<calamine::Dimensions>,
    recast: std::collections::HashMap<(u32, u32), NumberKind>,
}

/// Refuses part `i` of a zip (named `name`) when calamine's quick-xml would
/// decode its text in an encoding that reads it otherwise than UTF-8 does:
/// the one named by a byte-order mark, by its first bytes (UTF-16 without a
/// mark), or by an XML declaration's `encoding` (anywhere in the part, until
/// one names an encoding, as quick-xml refines it). The checks read every
/// part as UTF-8: in UTF-16 `0` followed by a NUL byte is the digit 0 (a
/// repeat count the checks read as 1 was 0 or 4e8 to calamine), ISO-2022-JP
/// drops escape sequences (a relationship target named another part), and
/// windows-1252 makes one byte three (text bounds passed by a third). A part
/// of ASCII bytes alone reads alike in every encoding that keeps ASCII as it
/// is, and passes. Excel and LibreOffice write UTF-8. The walk is quick-xml's
/// own, configured as calamine's ([`stream_part`]), and ends at the first
/// declaration naming an encoding (most parts: the first event) or at the
/// part's end.
fn check_part_encoding(
    z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    i: usize,
    cap: u64,
    ascii: bool,
    name: &str,
) -> Result<(), Error> {
    use quick_xml::events::Event;
    let Some(mut r) = stream_part(z, i, cap) else { return Ok(()) };
    let (mut buf, mut at) = (Vec::new(), 0);
    loop {
        buf.clear();
        let event = r.read_event_into(&mut buf);
        // (the encoding of a byte-order mark is known once the first event is read; a declaration's once
        // it is read)
        let e = r.decoder().encoding();
        if e.name() != "UTF-8" && !(ascii && e.is_ascii_compatible()) {
            let p = problem(Code::InvalidInput, "input", t::IN_XML_ENCODING, &[&part_name(name), &e.name()]);
            return Err(input_error(p));
        }
        match event {
            // (an encoding named by a declaration is never changed again)
            Ok(Event::Decl(d)) if d.encoder().is_some() => return Ok(()),
            Ok(Event::Eof) => return Ok(()),
            // (read on past an error while the reader moves on: a reader that went on would meet the
            // declarations after it)
            Err(_) if r.buffer_position() <= at => return Ok(()),
            _ => {}
        }
        at = r.buffer_position();
    }
}

/// Looks for `<!DOCTYPE` (any case) in a text fed in chunks, passing the
/// chunks on to a shared-string counter when given.
#[derive(Default)]
struct DoctypeSniff<'a> {
    si: Option<&'a mut SiCounter>,
    /// The last bytes of the previous chunk (a declaration cut by a chunk end).
    tail: Vec<u8>,
    found: bool,
    /// A byte outside ASCII was met ([`check_part_encoding`]).
    non_ascii: bool,
}

impl std::io::Write for DoctypeSniff<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        const PAT: &[u8] = b"<!doctype";
        if let Some(si) = self.si.as_deref_mut() {
            si.write_all(buf)?;
        }
        self.non_ascii = self.non_ascii || !buf.is_ascii();
        if !self.found {
            let mut joined = std::mem::take(&mut self.tail);
            joined.extend_from_slice(&buf[..buf.len().min(PAT.len())]);
            let hit = |b: &[u8]| b.windows(PAT.len()).any(|w| w.eq_ignore_ascii_case(PAT));
            self.found = hit(&joined) || hit(buf);
            self.tail = buf[buf.len().saturating_sub(PAT.len() - 1)..].to_vec();
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The value of attribute `key` in the text of one XML tag (`key="v"`,
/// `key='v'`, white space allowed around `=` as XML allows), read attribute
/// by attribute as an XML parser reads them (a key's text inside another
/// attribute's value is not taken for it): the first of that name.
fn xml_attr<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    xml_attrs(tag).find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// Each attribute of one XML tag's text, in order: (name, value as written,
/// between its quotes); ends at the first that is not well formed.
fn xml_attrs(tag: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let space = move |i: usize| tag.get(i).is_some_and(xml_space);
    // past the tag's name
    let mut i = tag.iter().position(xml_space).unwrap_or(tag.len());
    std::iter::from_fn(move || {
        while space(i) {
            i += 1;
        }
        let name_start = i;
        while tag.get(i).is_some_and(|c| *c != b'=' && !xml_space(c)) {
            i += 1;
        }
        let name = tag.get(name_start..i)?;
        while space(i) {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while space(i) {
            i += 1;
        }
        let q = *tag.get(i).filter(|&&q| q == b'"' || q == b'\'')?;
        let rest = tag.get(i + 1..)?;
        let end = rest.iter().position(|&c| c == q)?;
        i += 1 + end + 1;
        Some((name, &rest[..end]))
    })
}

/// The character data of the XML between two tags, as its pieces between
/// comments and processing instructions (which calamine's parser gives as no
/// text).
fn char_data(mut between: &[u8]) -> Vec<&[u8]> {
    // (the rest after a markup that opens with `open` and ends with `close`; all of it when it never ends)
    fn skip<'a>(open: &[u8], close: &[u8], b: &'a [u8]) -> Option<&'a [u8]> {
        let r = b.strip_prefix(open)?;
        Some(r.windows(close.len()).position(|w| w == close).map_or(&[][..], |k| &r[k + close.len()..]))
    }
    let mut out = Vec::new();
    loop {
        let Some(at) = between.iter().position(|&c| c == b'<') else {
            out.push(between);
            return out;
        };
        out.push(&between[..at]);
        match skip(b"<!--", b"-->", &between[at..]).or_else(|| skip(b"<?", b"?>", &between[at..])) {
            Some(rest) => between = rest,
            None => {
                out.push(&between[at..]);
                return out;
            }
        }
    }
}

/// Whether the XML between two tags holds text other than white space
/// ([`char_data`]).
fn has_char_data(between: &[u8]) -> bool {
    char_data(between).iter().any(|p| !p.iter().all(u8::is_ascii_whitespace))
}

/// Whether an element of an ODS string cell's text holds text that is not
/// the cell's own (a drawing's title or description, a footnote, a ruby's
/// reading, a form or chart), which calamine joins to the cell's text all
/// the same: any element outside ODF's text and table namespaces, and a
/// note or ruby text (`qname` as written: [`odf_namespaces_differ`] keeps
/// `text:` and `table:` bound as ODF binds them).
fn joined_elsewhere(qname: &[u8]) -> bool {
    !(qname.starts_with(b"text:") || qname.starts_with(b"table:")) || matches!(qname, b"text:note" | b"text:ruby-text")
}

/// The bytes a cell's text of `text` bytes adds to its row when calamine
/// copies it into each of `repeat` columns (the first is counted as read).
fn repeated(text: u64, repeat: u64) -> u64 {
    text.saturating_mul(repeat.saturating_sub(1))
}

/// ODS repeats cells and rows by count (`table:number-columns-repeated`):
/// calamine expands repeated cells that hold a value (and empty ones before
/// them) in memory. Bounds the expanded shape of `content.xml` first.
///
/// Returns, per named table in document order (calamine's sheet order),
/// whether it is hidden: `table:display="false"` on the table, or on the
/// `style:table-properties` of its `table:style-name` (how LibreOffice
/// writes a hidden sheet, as an empty element calamine 0.30 does not read).
fn check_ods_repeats(bytes: &[u8], limits: &Limits) -> Result<Vec<bool>, Error> {
    use std::io::Read;
    let Ok(mut z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(vec![]);
    };
    let Ok(f) = z.by_name("content.xml") else { return Ok(vec![]) };
    let mut hidden_styles: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    let mut style: Option<Vec<u8>> = None;
    let mut tables: Vec<(Option<Vec<u8>>, bool)> = Vec::new();
    let mut xml = Vec::new();
    // A read error (a bad CRC, a truncated stream) still leaves what was read
    // in `xml`: it is checked all the same (calamine may read it regardless).
    let _ = f.take(limits.part_bytes()).read_to_end(&mut xml);
    // (an attribute calamine unescapes before it compares it: a style's name, a table's style, `table:display`;
    // `&#102;alse` is `false` to it)
    let unescaped = |v: Option<&[u8]>| -> Option<Vec<u8>> {
        let v = quick_xml::escape::unescape(std::str::from_utf8(v?).ok()?).ok()?;
        Some(v.into_owned().into_bytes())
    };
    // (unescaped first, as calamine unescapes a row's repeat and a `text:c` before it parses them: `&#49;0`
    // is 10 to it; a value that is no number is 1 here and an error to calamine)
    let num = |v: Option<&[u8]>| -> u64 {
        unescaped(v).and_then(|v| String::from_utf8(v).ok()).and_then(|v| v.trim().parse().ok()).unwrap_or(1)
    };
    // Tables open around the current tag: calamine ends a sheet at the first `</table:table>` it meets, so
    // the rows after a table inside a cell would be lost without a word; such a file is refused.
    let mut open_tables = 0u32;
    let (mut cols, mut pending, mut row_repeat, mut row_has_value) = (0u64, 0u64, 1u64, false);
    let (mut rows, mut cells) = (0u64, 0u64);
    // Row position in the current table (empty rows included) and its widest row with data.
    let (mut pos, mut widest) = (0u64, 0u64);
    // Cells of the dense blocks of the tables before this one.
    let mut dense_before = 0u64;
    // The repeat of the current cell; spaces `<text:s>` adds to the current row's text.
    let (mut cell_repeat, mut cell_spaces, mut spaces) = (1u64, 0u64, 0u64);
    // Where the current row's XML starts; bytes of repeated rows' XML (a bound of their text).
    let (mut row_start, mut text) = (0usize, 0u64);
    // The current cell's text (between its tags, and an `office:string-value`), whether a cell is open, where
    // the last tag ended; the bytes its column repeats add to its row's text (calamine copies a cell's text
    // into each repeat: one 12 MB cell repeated over 240 columns took 2.3 GB).
    let (mut cell_text, mut last_end, mut repeats_text) = (0u64, 0usize, 0u64);
    // What calamine does with the content of the open cell: it reads a string cell's text up to the first
    // end of a cell (an annotation's skipped), and skips any other cell's content to its own end; the tags in
    // there are no rows or cells to it (a row inside a cell had reset the repeat counts here).
    // (`foreign`: the drawings, notes and other elements open inside a string cell's text, whose own text
    // calamine joins to the cell's: an image's title had been read into a name; `para`: the paragraphs open,
    // outside which a cell holds no text of its own, and calamine joins any; `space`: whether the paragraph's
    // text so far ends with a space written as such, which a second one would follow)
    enum Content {
        Outside,
        Text { annotation: bool, foreign: u32, para: u32, space: bool },
        Skip { name: Vec<u8>, depth: u32 },
    }
    let mut content = Content::Outside;
    // (a cell outside a row is passed over by calamine: `<table:table-row\x0c>` is no row to it)
    let mut in_row = false;
    // Rows met while no table is open: calamine has ended the sheet before them (a table inside a cell
    // closes it), and reads none of them.
    let lost = || input_error(problem(Code::InvalidInput, "input", t::IN_ODS_NESTED_TABLE, &[]));
    if has_cdata(&xml) {
        return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XML_CDATA, &[&"content.xml"])));
    }
    let mut attributes = AttributeBudget::default();
    let mut root = true;
    for (start, tag, _) in xml_tags(&xml) {
        if !attributes.take(tag) {
            return Err(too_many_attributes("content.xml"));
        }
        if tag.first() != Some(&b'/') {
            if odf_namespaces_differ(tag, root) {
                return Err(foreign_namespaces("content.xml"));
            }
            root = false;
        }
        // (the offset of the tag's `>`)
        let i = start + tag.len();
        let between = start.saturating_sub(last_end + 2) as u64;
        let last_before = last_end;
        last_end = i;
        // The name, prefix included as calamine matches it, ends at a space or the `/` of `<x/>` (the `/` of
        // `</x>` is its first byte).
        let qname = xml_qname(tag);
        let (closing, closed) = (tag.first() == Some(&b'/'), tag.ends_with(b"/"));
        match &mut content {
            Content::Outside => {}
            Content::Text { annotation: true, foreign, para, space } => {
                if qname == b"/office:annotation" {
                    content = Content::Text { annotation: false, foreign: *foreign, para: *para, space: *space };
                }
                continue;
            }
            Content::Text { annotation: false, foreign, para, space } => {
                cell_text = cell_text.saturating_add(between);
                let text = xml.get(last_before + 1..start.saturating_sub(1)).unwrap_or_default();
                let markup = || input_error(problem(Code::InvalidInput, "input", t::IN_ODS_TEXT_MARKUP, &[&(pos + 1)]));
                if (*foreign > 0 || *para == 0) && has_char_data(text) {
                    return Err(markup());
                }
                // A paragraph's white space as written (a tab, a line end, a second space: LibreOffice shows one
                // space for them all, ODF 1.2 Part 1 6.1.2, and writes `text:s` and `text:tab` for more; calamine
                // keeps them as written: one unit written with two spaces read as another).
                if *para > 0 && *foreign == 0 {
                    for piece in char_data(text) {
                        let piece = std::str::from_utf8(piece).ok().and_then(|p| quick_xml::escape::unescape(p).ok());
                        for c in piece.as_deref().unwrap_or_default().chars() {
                            match c {
                                '\t' | '\r' | '\n' => return Err(markup()),
                                ' ' if *space => return Err(markup()),
                                _ => *space = c == ' ',
                            }
                        }
                    }
                }
                match qname {
                    b"office:annotation" if !closed => {
                        content = Content::Text { annotation: true, foreign: *foreign, para: *para, space: *space };
                        continue;
                    }
                    // (a tab, a line break within a paragraph: dropped by calamine, where LibreOffice shows them)
                    b"text:tab" | b"text:line-break" => return Err(markup()),
                    // (calamine expands `<table:table-cell/>` to a cell opened and closed: its end ends this one)
                    b"table:table-cell" | b"table:covered-table-cell" if closed => {
                        repeats_text = repeats_text.saturating_add(repeated(cell_text, cell_repeat));
                        content = Content::Outside;
                        continue;
                    }
                    // (spaces written as `text:s` are kept: a space written after them is one more)
                    b"text:s" => *space = false,
                    b"/table:table-cell" | b"/table:covered-table-cell" => {}
                    b"text:p" | b"text:h" if !closed => {
                        (*para, *space) = (*para + 1, false);
                        continue;
                    }
                    b"/text:p" | b"/text:h" => {
                        *para = para.saturating_sub(1);
                        continue;
                    }
                    q if !closing && !closed && joined_elsewhere(q) => {
                        *foreign += 1;
                        continue;
                    }
                    q if closing && joined_elsewhere(q.get(1..).unwrap_or_default()) => {
                        *foreign = foreign.saturating_sub(1);
                        continue;
                    }
                    _ => continue,
                }
            }
            Content::Skip { name, depth } => {
                if !closing && !closed && qname == name.as_slice() {
                    *depth += 1;
                }
                if closing && &qname[1..] == name.as_slice() {
                    *depth -= 1;
                }
                if *depth > 0 {
                    continue;
                }
            }
        }
        match qname {
            b"/table:table" => open_tables = open_tables.saturating_sub(1),
            b"table:table" => {
                // (calamine expands `<table:table/>` to a table opened and closed: one inside a table ends
                // the sheet too)
                if open_tables > 0 {
                    return Err(input_error(problem(Code::InvalidInput, "input", t::IN_ODS_NESTED_TABLE, &[])));
                }
                if !tag.ends_with(b"/") {
                    open_tables += 1;
                }
                // (calamine expands every sheet: their blocks count together)
                dense_before = dense_before.saturating_add(pos.saturating_mul(widest));
                (pos, widest) = (0, 0);
                if xml_attr(tag, b"table:name").is_some() {
                    let own = unescaped(xml_attr(tag, b"table:display")).is_some_and(|v| v == b"false");
                    tables.push((unescaped(xml_attr(tag, b"table:style-name")), own));
                }
            }
            b"style:style" => style = unescaped(xml_attr(tag, b"style:name")),
            b"style:table-properties" => {
                let hidden = unescaped(xml_attr(tag, b"table:display")).is_some_and(|v| v == b"false");
                if let (Some(st), true) = (&style, hidden) {
                    hidden_styles.insert(st.clone());
                }
            }
            // calamine writes `text:c` spaces for each `<text:s>` of a cell's text (repeated with the cell)
            b"text:s" => {
                let c = num(xml_attr(tag, b"text:c"));
                cell_spaces = cell_spaces.saturating_add(c);
                if cell_spaces > MAX_CELL_BYTES as u64 {
                    return Err(cell_too_long("input".into()));
                }
                spaces = spaces.saturating_add(c.saturating_mul(cell_repeat));
            }
            b"table:table-row" if open_tables == 0 => return Err(lost()),
            b"table:table-row" => {
                in_row = !closed;
                row_start = start;
                (spaces, repeats_text) = (0, 0);
                row_repeat = num(xml_attr(tag, b"table:number-rows-repeated"));
                // (calamine repeats a row, or a cell, as many times as it says: 0 drops it and moves the rows,
                // or the cells, after it up without a word)
                if row_repeat == 0 {
                    return Err(input_error(problem(
                        Code::InvalidInput,
                        "input",
                        t::IN_ODS_REPEAT_ZERO,
                        &[&(pos + 1)],
                    )));
                }
                (cols, pending, row_has_value) = (0, 0, false);
                if tag.ends_with(b"/") {
                    // An empty row (repeated) still moves the rows after it down.
                    pos = pos.saturating_add(row_repeat);
                    row_repeat = 1;
                }
            }
            b"/table:table-row" if !row_has_value => {
                in_row = false;
                pos = pos.saturating_add(row_repeat);
            }
            b"/table:table-row" => {
                in_row = false;
                // calamine holds a sheet as one dense block from its first to
                // its last row with data, empty rows and cells included.
                pos = pos.saturating_add(row_repeat);
                widest = widest.max(cols);
                // The row's XML bounds its text; calamine copies it into every repeat.
                let row_text = (i.saturating_sub(row_start) as u64).saturating_add(spaces).saturating_add(repeats_text);
                text = text.saturating_add(row_text.saturating_mul(row_repeat));
                if text > limits.max_cell_text_bytes() {
                    return Err(input_error(problem(
                        Code::LimitExceeded,
                        "input",
                        t::IN_LIMIT_CELL_TEXT,
                        &[&limits.max_cell_text_bytes()],
                    )));
                }
                if pos > limits.max_rows as u64 {
                    return Err(input_error(problem(
                        Code::LimitExceeded,
                        "input",
                        t::IN_LIMIT_ROWS,
                        &[&limits.max_rows],
                    )));
                }
                if dense_before.saturating_add(pos.saturating_mul(widest)) > limits.max_dense_cells() {
                    return Err(input_error(problem(
                        Code::LimitExceeded,
                        "input",
                        t::IN_LIMIT_DENSE_CELLS,
                        &[&limits.max_dense_cells()],
                    )));
                }
                rows = rows.saturating_add(row_repeat);
                cells = cells.saturating_add(cols.saturating_mul(row_repeat));
                if rows > limits.max_rows as u64 {
                    return Err(input_error(problem(
                        Code::LimitExceeded,
                        "input",
                        t::IN_LIMIT_ROWS,
                        &[&limits.max_rows],
                    )));
                }
                if cells > limits.max_cells as u64 {
                    return Err(input_error(problem(
                        Code::LimitExceeded,
                        "input",
                        t::IN_LIMIT_CELLS,
                        &[&limits.max_cells],
                    )));
                }
            }
            b"/table:table-cell" | b"/table:covered-table-cell" => {
                repeats_text = repeats_text.saturating_add(repeated(cell_text, cell_repeat));
                content = Content::Outside;
            }
            b"table:table-cell" | b"table:covered-table-cell" if !in_row => return Err(lost()),
            b"table:table-cell" | b"table:covered-table-cell" => {
                let n = num(xml_attr(tag, b"table:number-columns-repeated"));
                if n == 0 {
                    return Err(input_error(problem(
                        Code::InvalidInput,
                        "input",
                        t::IN_ODS_REPEAT_ZERO,
                        &[&(pos + 1)],
                    )));
                }
                (cell_repeat, cell_spaces) = (n, 0);
                cell_text = xml_attr(tag, b"office:string-value").map_or(0, |v| v.len() as u64);
                // The cell's value attributes: calamine takes the first whatever the type says (a float cell's
                // stray `office:string-value="1"` before `office:value="4"` read 1), so a cell of more than one, or
                // of one its type does not take, is refused; and it reads the text of a cell typed `string` with
                // none, in any order.
                let values: Vec<&[u8]> = xml_attrs(tag)
                    .map(|(k, _)| k)
                    .filter(|k| {
                        matches!(
                            *k,
                            b"office:value"
                                | b"office:string-value"
                                | b"office:date-value"
                                | b"office:time-value"
                                | b"office:boolean-value"
                        )
                    })
                    .collect();
                let valued = !values.is_empty();
                let typed = xml_attrs(tag).filter(|(k, _)| *k == b"office:value-type").last().map(|(_, v)| v);
                let fits = |v: &[u8]| match typed {
                    Some(b"float" | b"percentage" | b"currency") => v == b"office:value",
                    Some(b"date") => v == b"office:date-value",
                    Some(b"time") => v == b"office:time-value",
                    Some(b"boolean") => v == b"office:boolean-value",
                    Some(b"string") => v == b"office:string-value",
                    _ => true,
                };
                if values.len() > 1 || values.first().is_some_and(|v| !fits(v)) {
                    let p = problem(Code::InvalidInput, "input", t::IN_ODS_VALUE_MISMATCH, &[&(pos + 1)]);
                    return Err(input_error(p));
                }
                // (calamine compares a cell's type and a truth value as written, where LibreOffice and odfpy
                // read `&#115;tring` as `string`: the cell's text would be dropped)
                if xml_attrs(tag)
                    .any(|(k, v)| matches!(k, b"office:value-type" | b"office:boolean-value") && v.contains(&b'&'))
                {
                    let p = problem(Code::InvalidInput, "input", t::IN_ODS_ESCAPED_TYPE, &[&(pos + 1)]);
                    return Err(input_error(p));
                }
                // A cell hidden under a merged one that holds a value (LibreOffice keeps hidden cells' contents
                // when asked): calamine reads it where LibreOffice shows the merged cell's value.
                if qname == b"table:covered-table-cell" && (valued || (!closed && typed == Some(b"string"))) {
                    let p = problem(Code::InvalidInput, "input", t::IN_ODS_COVERED_VALUE, &[&(pos + 1)]);
                    return Err(input_error(p));
                }
                content = match (closed, !valued && typed == Some(b"string")) {
                    (true, _) => Content::Outside,
                    (false, true) => Content::Text { annotation: false, foreign: 0, para: 0, space: false },
                    (false, false) => Content::Skip { name: qname.to_vec(), depth: 1 },
                };
                let in_cell = !closed;
                // Empty only as LibreOffice writes trailing cells: a closed tag with no value or formula
                // attribute (calamine takes `office:value`, `office:string-value`, ... without a type too).
                let blank = tag.ends_with(b"/")
                    && !tag.windows(8).any(|w| w == b" office:" || w == b"\toffice:" || w == b"\noffice:")
                    && xml_attr(tag, b"table:formula").is_none();
                if !in_cell {
                    // (a closed cell's text is in its attributes: `office:string-value`)
                    repeats_text = repeats_text.saturating_add(repeated(cell_text, n));
                }
                if !blank {
                    cols = cols.saturating_add(pending).saturating_add(n);
                    pending = 0;
                    row_has_value = true;
                    if let Some(e) = column_beyond(cols, limits) {
                        return Err(e);
                    }
                } else {
                    pending = pending.saturating_add(n);
                }
            }
            _ => {}
        }
    }
    // A table still open at the end, or an annotation in a cell: calamine's loops over a table and over an
    // annotation have no end for the end of the text, and spin for ever (a cut-short `content.xml`).
    if open_tables > 0 || matches!(content, Content::Text { annotation: true, .. }) {
        return Err(input_error(problem(Code::InvalidInput, "input", t::IN_WORKBOOK_BAD, &[&"ODS"])));
    }
    Ok(tables.into_iter().map(|(st, own)| own || st.is_some_and(|st| hidden_styles.contains(&st))).collect())
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The `Workbook` (or `Book`) stream of an OLE compound file (XLS), read by
/// following its sector chain; `None` when the file is not a well-formed
/// compound file (calamine then reports it).
fn cfb_workbook_stream(b: &[u8]) -> Option<(Vec<u8>, bool)> {
    const END: u32 = 0xFFFF_FFFE;
    let shift = le16(b, 0x1E)?;
    if !(7..=16).contains(&shift) {
        return None;
    }
    let ss = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let at = (n as usize).checked_add(1)?.checked_mul(ss)?;
        b.get(at..at.checked_add(ss)?)
    };
    let max_sectors = b.len() / ss + 1;
    // FAT sector numbers: 109 in the header, then the DIFAT chain.
    let mut fat_secs: Vec<u32> = (0..109).filter_map(|i| le32(b, 0x4C + 4 * i)).filter(|&n| n < END - 2).collect();
    let mut difat = le32(b, 0x44)?;
    let mut guard = 0;
    while difat < END - 2 {
        if guard > max_sectors {
            return None; // a cycle: more sectors than the file has
        }
        let s = sector(difat)?;
        let per = ss / 4 - 1;
        fat_secs.extend((0..per).filter_map(|i| le32(s, 4 * i)).filter(|&n| n < END - 2));
        difat = le32(s, 4 * per)?;
        guard += 1;
    }
    // (calamine loads every FAT sector listed: each must be one of the file's, and no more of them than the file
    // has sectors; an id past a window of the list had made it reserve a terabyte)
    if fat_secs.len() > max_sectors {
        return None;
    }
    let mut fat: Vec<u32> = Vec::new();
    for &n in &fat_secs {
        let s = sector(n)?;
        fat.extend((0..ss / 4).filter_map(|i| le32(s, 4 * i)));
    }
    let chain = |start: u32,
                 fat: &[u32],
                 get: &dyn Fn(u32) -> Option<Vec<u8>>,
                 limit: usize,
                 max_steps: usize|
     -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut n = start;
        let mut steps = 0;
        // (followed to its end as calamine follows it, past `limit`: a loop is found however long the
        // stream claims to be; calamine stops at the end-of-chain mark alone, and reads any other number as a
        // sector: a free sector's 0xFFFFFFFF made it reserve 256 GB)
        while n != END {
            steps += 1;
            if steps > max_steps {
                return None; // a cycle: more sectors than the file has
            }
            if out.len() < limit {
                out.extend_from_slice(&get(n)?);
            }
            n = *fat.get(n as usize)?;
        }
        Some(out)
    };
    let big = |n: u32| sector(n).map(<[u8]>::to_vec);
    let mut dir = chain(le32(b, 0x30)?, &fat, &big, b.len(), max_sectors)?;
    // (calamine cuts the directory to the header's count of directory sectors when there is one)
    let dir_sectors = le32(b, 0x28)? as usize;
    if dir_sectors > 0 {
        dir.truncate(dir_sectors.saturating_mul(ss));
    }
    // The stream calamine reads: the first entry it names "Workbook", else "Book" (it decodes a name's 64
    // bytes as UTF-16 unless they start with a byte-order mark, and cuts it at its first NUL, whatever the
    // entry's name length and type say); it must be the one the format names so (by its length, a stream).
    let calamine_named = |e: &[u8], name: &str| xls_entry_name(e.get(..64).unwrap_or(&[])) == name;
    let spec_named = |e: &[u8], name: &str| {
        let len = le16(e, 64).unwrap_or(0) as usize;
        utf16le_lossy(e, len.saturating_sub(2) / 2) == name && matches!(e.get(66), Some(2))
    };
    let pick = |named: &dyn Fn(&[u8], &str) -> bool| {
        let find = |name: &str| dir.chunks(128).position(|e| named(e, name));
        find("Workbook").or_else(|| find("Book"))
    };
    let at = pick(&calamine_named)?;
    if pick(&spec_named) != Some(at) {
        return None;
    }
    let e = dir.chunks(128).nth(at)?;
    // (an entry's size: 4 bytes in a file of 512-byte sectors, 8 in one of 4,096 as calamine reads it)
    let entry_size = |e: &[u8]| -> Option<usize> {
        let n =
            if ss == 512 { u64::from(le32(e, 120)?) } else { u64::from_le_bytes(e.get(120..128)?.try_into().ok()?) };
        usize::try_from(n).ok().filter(|&n| n <= b.len())
    };
    let (start, size) = (le32(e, 116)?, entry_size(e)?);
    // (calamine reads a stream of less than 4,096 bytes from the mini stream, in sectors of 64 bytes, whatever
    // the header says)
    let (cutoff, ms) = (4096, 64);
    // (calamine reserves the stream's declared size, and loads the mini stream and mini FAT whenever the
    // header declares a mini FAT: each must be followed without a loop, within the file)
    if size > b.len() {
        return None;
    }
    if le32(b, 0x40)? > 0 {
        let root = dir.get(..128)?;
        entry_size(root)?;
        chain(le32(root, 116)?, &fat, &big, b.len(), max_sectors)?;
        chain(le32(b, 0x3C)?, &fat, &big, b.len(), max_sectors)?;
    }
    let mut data = if size < cutoff {
        // In the mini stream (64-byte sectors inside the root entry's stream), which calamine loads only when
        // the header declares a mini FAT (else a stream there is read from no sector at all)
        let root = dir.get(..128)?;
        let (mini_stream, mini_fat_bytes) = if le32(b, 0x40)? > 0 {
            let mut stream = chain(le32(root, 116)?, &fat, &big, b.len(), max_sectors)?;
            // (cut to the root entry's size, as calamine cuts it: a mini sector past it is read from elsewhere)
            stream.truncate(entry_size(root)?);
            (stream, chain(le32(b, 0x3C)?, &fat, &big, b.len(), max_sectors)?)
        } else {
            (Vec::new(), Vec::new())
        };
        let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4).filter_map(|i| le32(&mini_fat_bytes, 4 * i)).collect();
        let mini = |n: u32| mini_stream.get(n as usize * ms..(n as usize + 1) * ms).map(<[u8]>::to_vec);
        chain(start, &mini_fat, &mini, size, mini_stream.len() / ms + 1)?
    } else {
        chain(start, &fat, &big, size, max_sectors)?
    };
    data.truncate(size);
    // (a VBA project, `_VBA_PROJECT_CUR` as calamine names entries: calamine decompresses every module of it
    // when the file opens, unbounded: 212 KB of modules grew past 2 GB)
    let macros = dir.chunks(128).any(|e| xls_entry_name(e.get(..64).unwrap_or(&[])) == "_VBA_PROJECT_CUR");
    Some((data, macros))
}

/// An OLE directory entry's name as calamine reads it (`Directory::from_slice`):
/// its 64 bytes decoded as UTF-16LE unless a byte-order mark says otherwise
/// (`encoding_rs`'s `decode`), cut at the first NUL.
fn xls_entry_name(bytes: &[u8]) -> String {
    let utf16 = |b: &[u8], be: bool| {
        let units =
            b.chunks_exact(2)
                .map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect::<String>()
    };
    let name = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, true)
    } else {
        utf16(bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes), false)
    };
    name.split('\0').next().unwrap_or_default().to_string()
}

/// Whether an OLE compound file can be handed to calamine: the counts its
/// header declares (directory, FAT, mini FAT and DIFAT sectors, from which
/// calamine reserves memory; its DIFAT count is read from bytes 62-65) fit the
/// file, and its workbook stream and every chain calamine follows are read
/// here without a loop ([`cfb_workbook_stream`]). A 5.6 KB file whose sector
/// chain pointed back to its start grew calamine past 12 GB; one header field
/// made it reserve 4-16 GiB. The workbook stream when it can, and whether the
/// file holds a VBA project, else `None`.
fn cfb_sound(b: &[u8], limits: &Limits) -> Option<(Vec<u8>, bool)> {
    let shift = le16(b, 0x1E).filter(|s| *s == 9 || *s == 12)?;
    let ss = 1u64 << shift;
    let len = b.len() as u64;
    let fits = |at: usize, unit: u64, most: u64| le32(b, at).is_some_and(|n| u64::from(n).saturating_mul(unit) <= most);
    // (bytes 62-65 straddle the mini FAT's start and count: a file without a mini FAT reads 65,535 there, and
    // a mini FAT of n sectors n × 65,536: bounded by memory, not by the file)
    (fits(0x28, ss, len)
        && fits(0x2C, ss, len)
        && fits(0x40, ss, len)
        && fits(0x48, ss, len)
        && fits(62, 4, limits.max_cell_memory()))
    .then(|| cfb_workbook_stream(b))
    .flatten()
}

/// XLS: whether calamine reads a text's bytes `chars` in another encoding
/// than XLS does: its decoder (`encoding_rs`'s `decode`) takes a byte-order
/// mark at the start of the bytes it is given for the encoding (EF BB BF:
/// UTF-8, FE FF: UTF-16BE, FF FE: dropped). In BIFF8 it is given a text's
/// bytes as written when they are UTF-16 (`high`), and widened to UTF-16
/// (no mark can arise) when they are one byte a character; before BIFF8 as
/// written.
fn xls_bom_led(high: bool, chars: &[u8], biff8: bool) -> bool {
    (high || !biff8) && bom_led(chars)
}

/// Whether bytes start with a byte-order mark's (UTF-8's EF BB BF, UTF-16's
/// FE FF or FF FE): `encoding_rs`'s `decode`, which calamine's XLS and XLSB
/// readers decode text with, then reads them in that mark's encoding
/// whatever the encoding asked for (XLSB text is UTF-16LE: one starting with
/// EF BB BF was read as UTF-8, a predikat replaced).
fn bom_led(chars: &[u8]) -> bool {
    [&[0xEF, 0xBB, 0xBF][..], &[0xFE, 0xFF], &[0xFF, 0xFE]].iter().any(|m| chars.starts_with(m))
}

/// XLSB `xl/workbook.bin`: the workbook's properties and sheets (BrtWbProp,
/// BrtBundleSh: type, where its bytes start, its bytes), then its external
/// sheets and defined names (BrtExternSheet, BrtName), as calamine's
/// `read_workbook` finds them: it reads a record's length and bytes only for
/// those types, and steps over any other record by its type alone, so that
/// the next byte (one of that record's own) is read as a type; it reads the
/// first two up to BrtEndBundleShs, the others up to a record that comes
/// after the names ([`XLSB_AFTER_NAMES`]). Ends where calamine's reading
/// ends with an error.
fn xlsb_bundle_as_calamine_reads(wb: &[u8]) -> Vec<(u16, usize, &[u8])> {
    let (mut out, mut i, mut names) = (Vec::new(), 0usize, false);
    while let Some(typ) = xlsb_type(wb, &mut i) {
        match (names, typ) {
            (false, 0x99 | 0x9C) | (true, 0x16A | 0x27) => {
                let Some(body) = xlsb_body(wb, &mut i) else { break };
                out.push((typ, i - body.len(), body));
            }
            (false, 0x90) => names = true,
            (true, t) if XLSB_AFTER_NAMES.contains(&t) => break,
            _ => {}
        }
    }
    out
}

/// The records calamine's `read_workbook` takes for the end of an XLSB's
/// defined names (records that come after them).
const XLSB_AFTER_NAMES: [u16; 9] = [0x9D, 0x225, 0x18D, 0x180, 0x9A, 0x252, 0x229, 0x9B, 0x84];

/// An XLSB record's type at `*i` as calamine's `RecordIter::read_type`
/// reads it (1 or 2 bytes, 7 bits each), `*i` moved past it; `None` at the
/// part's end.
fn xlsb_type(b: &[u8], i: &mut usize) -> Option<u16> {
    let t0 = *b.get(*i)?;
    *i += 1;
    if t0 & 0x80 == 0 {
        return Some(u16::from(t0));
    }
    let t1 = *b.get(*i)?;
    *i += 1;
    Some(u16::from(t0 & 0x7F) + (u16::from(t1 & 0x7F) << 7))
}

/// An XLSB record's length (1-4 bytes, 7 bits each) and bytes at `*i` as
/// calamine's `RecordIter::fill_buffer` reads them, `*i` moved past them;
/// `None` when the part ends first (calamine's read fails).
fn xlsb_body<'b>(b: &'b [u8], i: &mut usize) -> Option<&'b [u8]> {
    let len = xlsb_len(b, i)?;
    let rec = b.get(*i..i.checked_add(len)?)?;
    *i += len;
    Some(rec)
}

/// An XLSB record's length at `*i` (1-4 bytes, 7 bits each), `*i` moved
/// past it; `None` when the part ends first.
fn xlsb_len(b: &[u8], i: &mut usize) -> Option<usize> {
    let mut len = 0usize;
    for k in 0..4 {
        let c = *b.get(*i)?;
        *i += 1;
        len += usize::from(c & 0x7F) << (7 * k);
        if c & 0x80 == 0 {
            break;
        }
    }
    Some(len)
}

/// XLSB `xl/styles.bin`: where calamine's `read_styles` finds the number
/// formats (BrtBeginFmts) and the cell styles (BrtBeginCellXFs; where their
/// bytes start): it steps over any other record by its type alone, as
/// [`xlsb_bundle_as_calamine_reads`] says, reads the formats BrtBeginFmts
/// counts record by record by their lengths, goes on stepping, and stops at
/// the cell styles. A pair of bytes inside another record read as one of
/// those two records would turn dates into numbers or numbers into dates.
fn xlsb_styles_as_calamine_reads(b: &[u8]) -> Vec<(u16, usize)> {
    let (mut out, mut i) = (Vec::new(), 0usize);
    while let Some(t) = xlsb_type(b, &mut i) {
        if !matches!(t, 0x267 | 0x269) {
            continue;
        }
        let Some(rec) = xlsb_body(b, &mut i) else { break };
        out.push((t, i - rec.len()));
        if t == 0x269 {
            break;
        }
        // (the formats it counts, each the next BrtFmt record walked to by lengths)
        let mut left = le32(rec, 0).unwrap_or(0);
        while left > 0 {
            let (Some(t), Some(_)) = (xlsb_type(b, &mut i), xlsb_body(b, &mut i)) else { return out };
            if t == 0x2C {
                left -= 1;
            }
        }
    }
    out
}

/// XLSB `xl/styles.bin`: BrtBeginFmts and BrtBeginCellXFs (as
/// [`xlsb_styles_as_calamine_reads`] gives them) walked record by record by
/// their lengths, up to the first BrtBeginCellXFs.
fn xlsb_styles_by_length(b: &[u8]) -> Vec<(u16, usize)> {
    let at = |rec: &[u8]| (rec.as_ptr() as usize).saturating_sub(b.as_ptr() as usize);
    let mut out = Vec::new();
    for (typ, len, rec) in xlsb_records(b) {
        if matches!(typ, 0x267 | 0x269) && rec.len() == len {
            out.push((typ, at(rec)));
            if typ == 0x269 {
                break;
            }
        }
    }
    out
}

/// XLSB `xl/workbook.bin`: BrtWbProp and BrtBundleSh records up to
/// BrtEndBundleShs, then BrtExternSheet and BrtName records up to the end of
/// the names (as [`xlsb_bundle_as_calamine_reads`] gives them), walked record
/// by record by their lengths.
fn xlsb_bundle_by_length(wb: &[u8]) -> Vec<(u16, usize, &[u8])> {
    let at = |rec: &[u8]| (rec.as_ptr() as usize).saturating_sub(wb.as_ptr() as usize);
    let (mut out, mut names) = (Vec::new(), false);
    for (typ, len, rec) in xlsb_records(wb) {
        if names && XLSB_AFTER_NAMES.contains(&typ) {
            break;
        }
        let kept = if names { matches!(typ, 0x16A | 0x27) } else { matches!(typ, 0x99 | 0x9C) };
        if kept && rec.len() == len {
            out.push((typ, at(rec), rec));
        }
        names |= typ == 0x90;
    }
    out
}

/// XLSB: whether a shared string (`BrtSSTItem`: flags, then the string's
/// length and UTF-16 text) of `xl/sharedStrings.bin` starts with a
/// byte-order mark's bytes ([`bom_led`]), each read from calamine's record
/// buffer ([`XlsbBuffer`]).
fn xlsb_strings_bom_led(bin: &[u8]) -> bool {
    xlsb_text_bom_led(bin, 0x13, 5)
}

/// XLSB: whether the text of a record of type `typ` (at byte `at` of it, as
/// read from calamine's record buffer, [`XlsbBuffer`]) starts with a
/// byte-order mark's bytes ([`bom_led`]).
fn xlsb_text_bom_led(bin: &[u8], typ: u16, at: usize) -> bool {
    let mut buf = XlsbBuffer::default();
    xlsb_records(bin).any(|(t, len, rec)| {
        let b = buf.fill(len, rec);
        t == typ && bom_led(b.get(at..).unwrap_or(&[]))
    })
}

/// XLS: whether a string of the shared-string table (an SST record's data,
/// then its CONTINUE records') has a part calamine would read in another
/// encoding ([`xls_bom_led`]): each string read as calamine's
/// `read_rich_extended_string` reads it (a count, flags, a count of
/// formatting runs and of extension bytes when the flags say so, the text,
/// then the runs and the extension passed over), a text cut by a CONTINUE
/// record going on after that record's own flags byte. Ends where calamine's
/// reading ends with an error.
fn xls_sst_bom_led(parts: &[&[u8]], biff8: bool) -> bool {
    let mut next = parts.iter().skip(1).copied();
    let mut data = parts.first().and_then(|d| d.get(8..)).unwrap_or(&[]);
    loop {
        if data.is_empty() {
            match next.next() {
                Some(d) => data = d,
                None => return false,
            }
        }
        let (Some(cch), Some(&flags)) = (le16(data, 0), data.get(2)) else { return false };
        data = &data[3..];
        let runs = if flags & 0x8 != 0 {
            let Some(n) = le16(data, 0) else { return false };
            data = &data[2..];
            usize::from(n) * 4
        } else {
            0
        };
        let ext = if flags & 0x4 != 0 {
            let Some(n) = le32(data, 0) else { return false };
            data = &data[4..];
            n as i32 as usize
        } else {
            0
        };
        let (mut left, mut high) = (usize::from(cch), flags & 1 != 0);
        while left > 0 {
            if xls_bom_led(high, data, biff8) {
                return true;
            }
            let (l, at) = if high {
                (left.min(data.len() / 2), 2 * left.min(data.len() / 2))
            } else {
                (left.min(data.len()), left.min(data.len()))
            };
            (data, left) = (&data[at..], left - l);
            if left > 0 {
                let Some((&f, rest)) = next.next().and_then(|d| d.split_first()) else { return false };
                (high, data) = (f & 1 != 0, rest);
            }
        }
        let mut skip = runs.saturating_add(ext);
        while skip > 0 {
            if data.is_empty() {
                match next.next() {
                    Some(d) => data = d,
                    None => return false,
                }
            }
            let l = skip.min(data.len());
            (data, skip) = (&data[l..], skip - l);
        }
    }
}

/// The most bytes calamine may move writing out the formulas of an XLS file
/// ([`xls_formula_work`]): 10,000,000,000 (a few seconds). One FORMULA record
/// of 68 KB, a reference to a sheet of a 255-character name 4,094 times and
/// 255 spaces inserted before it again and again, ran past a minute; a
/// workbook of 60,000 formulas of 100 tokens each stays within a tenth of it.
const MAX_XLS_FORMULA_WORK: u64 = 10_000_000_000;

/// XLS: what calamine's formula reader (`parse_formula`, run on every FORMULA
/// record when the file opens) does with one record's tokens `rgce` (its
/// length, then the tokens): an upper bound of the text it writes (a sheet
/// reference writing a name of at most `sheet` bytes, a defined name's
/// reference `name` bytes) and of the bytes it moves doing so: a unary
/// operator, a parenthesis or an inserted space moves the text written so far
/// (inserted at an operand's start), a binary operator or a function its
/// operands (split off and written again), counted here as all the text so
/// far. The tokens are walked with calamine's sizes; the walk ends where
/// calamine's would (a token it does not know, tokens cut short).
fn xls_formula_work(rgce: &[u8], sheet: u64, name: u64) -> (u64, u64) {
    let Some(mut r) = le16(rgce, 0).and_then(|cce| rgce.get(2..2 + usize::from(cce))) else { return (0, 0) };
    let sheet = sheet.max(4); // ("#REF" when the sheet is not found)
    let name = name.max(5); // ("#REF!")
                            // (text written, bytes moved)
    let (mut len, mut work) = (0u64, 0u64);
    let mut moves = |len: u64, times: u64| work = work.saturating_add(len.saturating_mul(times));
    while let Some((&ptg, rest)) = r.split_first() {
        r = rest;
        // (the bytes of the token after its first, the text it adds, how often it moves the text so far)
        let (size, adds, moved): (usize, u64, u64) = match ptg {
            0x3A | 0x5A | 0x7A => (6, sheet + 11, 0),
            0x3B | 0x5B | 0x7B => (10, sheet + 22, 0),
            0x3C | 0x5C | 0x7C => (6, sheet + 6, 0),
            0x3D | 0x5D | 0x7D => (10, sheet + 6, 0),
            0x01 => (4, 0, 0),
            0x03..=0x11 => (0, 2, 2),
            0x12 | 0x13 => (0, 1, 1),
            0x14 => (0, 1, 0),
            0x15 => (0, 2, 1),
            0x16 => (0, 0, 0),
            // a string: its length, a flags byte, its characters
            0x17 => {
                let cch = r.first().map_or(0, |&n| usize::from(n));
                (2 + cch, 3 * cch as u64 + 2, 0)
            }
            0x18 => (5, 0, 0),
            0x19 => match r.first() {
                Some(0x01 | 0x02 | 0x08 | 0x20 | 0x21) => (3, 0, 0),
                Some(0x04) => (3 + 2 * (usize::from(le16(r, 1).unwrap_or(0)) + 1), 0, 0),
                Some(0x10) => (3, 5, 2),
                // spaces or returns inserted one at a time, each moving the text
                Some(0x40 | 0x41) => match (r.get(1), r.get(2)) {
                    (Some(0..=6), Some(&cch)) => (3, u64::from(cch), u64::from(cch)),
                    _ => break,
                },
                _ => break,
            },
            0x1C => (1, 13, 0),
            0x1D => (1, 5, 0),
            0x1E => (2, 5, 0),
            // (a float written out in full: up to 330 characters)
            0x1F => (8, 330, 0),
            0x20 | 0x40 | 0x60 => (7, 10, 0),
            // a function of a fixed number of arguments (its name, parentheses, commas), of a variable one
            0x21 | 0x41 | 0x61 => (2, 64, 2),
            0x22 | 0x42 | 0x62 => (3, 64 + r.first().map_or(0, |&n| u64::from(n)), 2),
            0x23 | 0x43 | 0x63 => (4, name, 0),
            0x24 | 0x44 | 0x64 => (4, 10, 0),
            0x25 | 0x45 | 0x65 => (8, 22, 0),
            0x2A | 0x4A | 0x6A => (4, 5, 0),
            0x2B | 0x4B | 0x6B => (8, 5, 0),
            0x39 | 0x59 => (6, 10, 0),
            _ => break,
        };
        let Some(rest) = r.get(size..) else { break };
        r = rest;
        moves(len, moved);
        len = len.saturating_add(adds);
    }
    (len, work)
}

/// The first `units` UTF-16LE code units of `bytes` (as many as it holds),
/// decoded with a replacement character for each one unpaired.
fn utf16le_lossy(bytes: &[u8], units: usize) -> String {
    let units = bytes.chunks_exact(2).take(units).map(|c| u16::from_le_bytes([c[0], c[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// XLS numbers whose style calamine reads otherwise than Excel shows it
/// ([`check_xls_dimensions`]): by sheet (where its records start, as its
/// BOUNDSHEET record gives it), each cell's 0-based row and column and
/// the kind Excel shows; and whether the workbook counts dates in the 1904
/// system.
#[derive(Default)]
struct XlsNumbers {
    /// By the offset of the sheet's records (two sheets may share them).
    recast: std::collections::HashMap<usize, std::collections::HashMap<(u32, u32), NumberKind>>,
    /// Each sheet's offset (BOUNDSHEET), in calamine's sheet order.
    offsets: Vec<usize>,
    date1904: bool,
}

/// XLS: a FORMAT record's text (after its id) as calamine's `parse_string`
/// reads it: a count of two bytes, then (BIFF8) a flags byte whose first bit
/// says two bytes a character (UTF-16), else one (read as Latin-1 here: a
/// format's codes are ASCII).
fn xls_format_text(r: &[u8], biff8: bool) -> String {
    let n = usize::from(le16(r, 0).unwrap_or(0));
    let (wide, from) = if biff8 { (r.get(2).is_some_and(|f| f & 1 == 1), 3) } else { (false, 2) };
    let chars = r.get(from..).unwrap_or(&[]);
    if wide {
        utf16le_lossy(chars, n)
    } else {
        chars.iter().take(n).map(|&b| char::from(b)).collect()
    }
}

/// XLS cell styles (each XF's format id, `xfs`) with the number formats
/// (`formats`: FORMAT records' texts by id): each style's number kind as
/// calamine reads it (a format of its own when calamine takes the record:
/// ids 5-8, 23-26, 41-44, 63-66, 164-382; else the built-in one) and as Excel
/// shows it ([`excel_number_kind`], [`excel_builtin_kind`]).
fn xls_number_styles(formats: &std::collections::HashMap<u16, String>, xfs: &[u16]) -> XlsxStyles {
    let taken = |id: u16| matches!(id, 5..=8 | 23..=26 | 41..=44 | 63..=66 | 164..=382);
    let mut out = XlsxStyles::default();
    for &id in xfs {
        let own = formats.get(&id);
        out.calamine.push(match own.filter(|_| taken(id)) {
            Some(text) => number_format_kind(text),
            None => builtin_number_kind(u64::from(id)),
        });
        out.written.push(match own {
            Some(text) => excel_number_kind(text),
            None => Some(excel_builtin_kind(u64::from(id))),
        });
    }
    out
}

/// XLS: calamine reserves `rows × columns` cells from a sheet's DIMENSIONS
/// record before reading it, so a crafted record aborts on allocation. The
/// records of its workbook stream `wb` (from [`cfb_sound`]) are checked first
/// against the row, column and cell limits.
fn check_xls_dimensions(wb: &[u8], limits: &Limits) -> Result<XlsNumbers, Error> {
    let bad = || input_error(problem(Code::InvalidInput, "input", t::IN_WORKBOOK_BAD, &[&"XLS"]));
    // calamine keeps every sheet of an XLS file: the areas of all sheets
    // together are bounded too (an eighth of the cell limit, ~1.5 GB by default).
    let mut total = 0u64;
    // calamine reads each sheet's records from the offset its BOUNDSHEET record gives, which may
    // point into another record's bytes: the records are walked from the stream's start and from
    // every such offset, each record start once (a walk that meets a start seen before follows
    // the same records from there; one bit a byte of the stream marks them), so that no
    // DIMENSIONS record calamine meets goes unchecked.
    let mut seen = vec![0u64; wb.len() / 64 + 1];
    let mut pending = vec![0usize];
    let mut dimensions: Vec<&[u8]> = Vec::new();
    // calamine sizes each sheet's grid from its cells, not from DIMENSIONS: the box of every
    // cell record of the file (row, first and last column), which holds each sheet's, and the sheets
    let (mut rows_seen, mut cols_seen, mut sheets) = ((u64::MAX, 0u64), (u64::MAX, 0u64), 0u64);
    let mut merges = 0u64;
    // bytes of the shared-string table (SST and the CONTINUE records after it); an SST is open; its CONTINUE
    // records; the characters strings declare; where each EOF record ends; each sheet's offset
    let (mut sst_bytes, mut sst_open, mut sst_parts) = (0u64, false, 0u32);
    let mut declared = 0u64;
    let (mut eofs, mut offsets): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    // The formulas' tokens (each FORMULA record's `rgce`), and the longest sheet and defined names in characters,
    // for xls_formula_work.
    let (mut formulas, mut longest_sheet, mut longest_name): (Vec<&[u8]>, u64, u64) = (Vec::new(), 0, 0);
    // The workbook globals (up to the first EOF record, where calamine's first pass ends): its BIFF version and
    // code page, as calamine takes them (the last of each); each shared-string table with its CONTINUE records.
    let (mut globals, mut biff8, mut codepage, mut datemode_odd, mut datemodes) = (true, true, 1200u16, false, 0);
    let mut ssts: Vec<Vec<&[u8]>> = Vec::new();
    // The number formats (FORMAT: id, text) and cell styles (XF: a format's id) of the globals, each style's
    // number kind as calamine reads it and as Excel shows it once the globals end; the sheet whose records are
    // walked (by its BOF's place among the BOUNDSHEET offsets); each sheet's numbers to read as Excel shows them.
    let mut formats: std::collections::HashMap<u16, String> = std::collections::HashMap::new();
    let (mut xfs, mut styles, mut sheet_at): (Vec<u16>, XlsxStyles, Option<usize>) =
        (Vec::new(), XlsxStyles::default(), None);
    let mut numbers = XlsNumbers::default();
    // (each cell record's sheet, row and column, to find a cell written twice)
    let mut placed: Vec<u64> = Vec::new();
    let old_record = || input_error(problem(Code::InvalidInput, "input", t::IN_XLS_OLD_RECORD, &[]));
    let other_encoding = || input_error(problem(Code::InvalidInput, "input", t::IN_XLS_STRING_ENCODING, &[]));
    // (the BOF records the walk from the stream's start meets: a sheet's records start at one of them)
    let mut bofs: std::collections::HashSet<usize> = std::collections::HashSet::new();
    while let Some(mut at) = pending.pop() {
        // A sheet's records start with its BOF record, as Excel writes them; calamine reads from any offset (a
        // STRING record there would be written to cell A1).
        if at > 0 && le16(wb, at) != Some(0x0809) {
            return Err(bad());
        }
        let first = at == 0;
        // A STRING record holds the text of the string FORMULA record just before it (a shared, array or table
        // formula's record between them); calamine writes any STRING record to the cell of the last FORMULA
        // met, where other readers pass a stray one over: refused.
        let mut string_due = false;
        // Substreams open (a sheet's, and a chart's inside it), and whether one was opened inside a sheet: calamine
        // ends a sheet at the first EOF record it meets and reads a chart's cells as the sheet's, where other
        // readers pass the chart's substream over; a cell record inside or after one is refused.
        let (mut depth, mut nested) = (0u32, false);
        while let (Some(typ), Some(len)) = (le16(wb, at), le16(wb, at + 2)) {
            let Some(bits) = seen.get_mut(at / 64).filter(|b| **b & (1 << (at % 64)) == 0) else { break };
            *bits |= 1 << (at % 64);
            let data = wb.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
            let start = at;
            at += 4 + len as usize;
            // LABEL (row, column, format, then its string) and STRING (a formula's text): calamine reserves the
            // characters the string declares, whatever the record holds (200,000 one-character labels declaring
            // 65,535 each passed 12 GB)
            if typ == 0x0204 || typ == 0x0207 {
                let cch = le16(data, if typ == 0x0204 { 6 } else { 0 }).unwrap_or(0);
                declared = declared.saturating_add(u64::from(cch));
                if declared > limits.max_cell_text_bytes() {
                    let p =
                        problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELL_TEXT, &[&limits.max_cell_text_bytes()]);
                    return Err(input_error(p));
                }
            }
            let in_sst = sst_open;
            sst_open = typ == 0x00FC || (in_sst && typ == 0x003C);
            match typ {
                0x00FC => ssts.push(vec![data]),
                0x003C if in_sst => ssts.last_mut().into_iter().for_each(|parts| parts.push(data)),
                // BOF: the version calamine takes (0x0500 and 0 with type 0x1000 are BIFF5, before it older)
                0x0809 => {
                    if globals {
                        let (version, kind) = (le16(data, 0).unwrap_or(0), le16(data, 2).unwrap_or(0));
                        let before = matches!(version, 0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500);
                        biff8 = !(before || version == 0 && kind == 0x1000);
                    }
                    nested |= depth > 0 && !globals;
                    depth += 1;
                    if first {
                        bofs.insert(start);
                    }
                    if !globals {
                        sheet_at = offsets.contains(&start).then_some(start);
                    }
                }
                0x000A => {
                    if globals {
                        styles = xls_number_styles(&formats, &xfs);
                    }
                    globals = false;
                    depth = depth.saturating_sub(1);
                    nested &= depth > 0;
                }
                0x0042 if globals => codepage = le16(data, 0).unwrap_or(0),
                // FORMAT: its id, then its text (calamine's reading, [`xls_format_text`]); XF: its format's id
                0x041E if globals => {
                    formats.insert(le16(data, 0).unwrap_or(0), xls_format_text(data.get(2..).unwrap_or(&[]), biff8));
                }
                0x00E0 if globals => xfs.push(le16(data, 2).unwrap_or(0)),
                // (calamine takes any DATEMODE of 1 for the 1904 system and never goes back; xlrd the last)
                0x0022 if globals => {
                    datemodes += 1;
                    datemode_odd |= datemodes > 1 || !matches!(le16(data, 0), Some(0 | 1));
                    numbers.date1904 = le16(data, 0) == Some(1);
                }
                // RSTRING and the FORMULA records of Excel 3 and 4: calamine passes them over (their value lost)
                0x00D6 | 0x0206 | 0x0406 => return Err(old_record()),
                _ => {}
            }
            let cell = matches!(typ, 0x0006 | 0x0203 | 0x0204 | 0x0205 | 0x00FD | 0x027E | 0x00BD | 0x0207);
            if cell && nested {
                return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLS_EMBEDDED_STREAM, &[])));
            }
            // A text calamine decodes starting with a byte-order mark's bytes is read in that mark's encoding
            // (xls_bom_led): a LABEL's or STRING's (a count, flags, the text; BIFF5: no flags), a sheet's name (a
            // one-byte count), a defined name's (from byte 14: flags, the text), a number format's.
            let text = |from: usize, flags: bool| match (biff8 && flags, data.get(from)) {
                (true, Some(&f)) => xls_bom_led(f & 1 != 0, data.get(from + 1..).unwrap_or(&[]), biff8),
                _ => xls_bom_led(false, data.get(from..).unwrap_or(&[]), biff8),
            };
            let led = match typ {
                0x0204 => text(8, true),
                0x0207 => text(2, true),
                0x0085 => text(7, true),
                0x0018 => xls_bom_led(data.get(14).is_some_and(|f| f & 1 != 0), data.get(15..).unwrap_or(&[]), biff8),
                0x041E => text(4, true),
                _ => false,
            };
            if led {
                return Err(other_encoding());
            }
            string_due = match typ {
                // FORMULA: its value is a string when bytes 6-13 are 0, ..., 0xFFFF
                0x0006 => data.get(6) == Some(&0) && data.get(12..14) == Some(&[0xFF, 0xFF]),
                0x0207 if !string_due => {
                    return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLS_STRAY_STRING, &[])));
                }
                // SHRFMLA, ARRAY, TABLE, CONTINUE
                0x04BC | 0x0221 | 0x0236 | 0x003C => string_due,
                _ => false,
            };
            match typ {
                // BOUNDSHEET: the offset of a sheet's records in the stream; its name's length (byte 6)
                0x0085 => {
                    sheets += 1;
                    pending.extend(le32(data, 0).map(|off| off as usize));
                    offsets.extend(le32(data, 0).map(|off| off as usize));
                    longest_sheet = longest_sheet.max(data.get(6).map_or(0, |&n| u64::from(n)));
                }
                // Lbl (a defined name): its name's length (byte 3)
                0x0018 => longest_name = longest_name.max(data.get(3).map_or(0, |&n| u64::from(n))),
                0x0200 => dimensions.push(data),
                // SST and its CONTINUE records: calamine keeps every string (at least 3 bytes each in the file),
                // and takes each CONTINUE record off the front of a list (a cost that grows with the square of
                // their number: a million took minutes; Excel writes 8,224 bytes in each, 20,000 hold 164 MB)
                0x00FC | 0x003C if typ == 0x00FC || in_sst => {
                    sst_bytes = sst_bytes.saturating_add(data.len() as u64);
                    sst_parts = if typ == 0x00FC { 0 } else { sst_parts + 1 };
                    if sst_parts > 20_000 {
                        return Err(bad());
                    }
                }
                // (where it ends: a sheet read from an offset stops at the first EOF ending after it)
                0x000A => eofs.push(at),
                // MERGECELLS: how many ranges calamine keeps
                0x00E5 => {
                    merges = merges.saturating_add(u64::from(le16(data, 0).unwrap_or(0)));
                    if merges > MAX_MERGES as u64 {
                        return Err(input_error(problem(
                            Code::LimitExceeded,
                            "input",
                            t::IN_LIMIT_MERGES,
                            &[&MAX_MERGES],
                        )));
                    }
                }
                // the records calamine makes cells of: FORMULA, NUMBER, LABEL, BOOLERR, LABELSST, RK
                // (row, column), MULRK (row, first column, ..., last column); a FORMULA's tokens from byte 20
                0x0006 | 0x0203 | 0x0204 | 0x0205 | 0x00FD | 0x027E | 0x00BD => {
                    if typ == 0x0006 {
                        formulas.extend(data.get(20..));
                    }
                    // (the cell's row and column, and a MULRK's last column)
                    let (row_at, col_at) = (le16(data, 0), le16(data, 2));
                    let last_at =
                        if typ == 0x00BD { data.len().checked_sub(2).and_then(|k| le16(data, k)) } else { None };
                    let (row, col) = (row_at.unwrap_or(0), col_at.unwrap_or(0));
                    // a number (NUMBER, RK, each of a MULRK's, a FORMULA's number) read as its style shows it where
                    // calamine reads the style otherwise (a fill character or a condition in its format, a
                    // percentage; a formula's number, which calamine reads as of no style: a date as a number)
                    let mut styled = |col: u16, ixfe: u16, formula: bool| -> Result<(), Error> {
                        match styles.verdict(usize::from(ixfe), formula) {
                            Err(()) => {
                                let a = format!("{}{}", column_letter(usize::from(col)), u32::from(row) + 1);
                                let p = problem(Code::InvalidInput, "input", t::IN_XLSX_FORMAT_BY_VALUE, &[&a]);
                                Err(input_error(p))
                            }
                            Ok(Some(w)) => {
                                if let Some(sheet) = sheet_at {
                                    numbers
                                        .recast
                                        .entry(sheet)
                                        .or_default()
                                        .insert((u32::from(row), u32::from(col)), w);
                                }
                                Ok(())
                            }
                            Ok(None) => Ok(()),
                        }
                    };
                    // (each cell of a sheet's records once: calamine keeps the last record of a cell and drops the
                    // others without a word, and a dropped record's style had been applied to the kept one)
                    if let Some(sheet) = sheet_at {
                        for c in col..=last_at.unwrap_or(col).max(col) {
                            placed.push(((sheet as u64) << 32) | (u64::from(row) << 16) | u64::from(c));
                        }
                    }
                    match typ {
                        0x0203 | 0x027E => styled(col, le16(data, 4).unwrap_or(0), false)?,
                        // (a FORMULA's value is a number unless its last two bytes are 0xFFFF)
                        0x0006 if data.get(12..14) != Some(&[0xFF, 0xFF]) => {
                            styled(col, le16(data, 4).unwrap_or(0), true)?;
                        }
                        // MULRK: the row, the first column, then a style and an RK number for each column
                        0x00BD => {
                            for (k, cell) in
                                data.get(4..data.len().saturating_sub(2)).unwrap_or(&[]).chunks_exact(6).enumerate()
                            {
                                let c = col.saturating_add(u16::try_from(k).unwrap_or(u16::MAX));
                                styled(c, le16(cell, 0).unwrap_or(0), false)?;
                            }
                        }
                        _ => {}
                    }
                    if let (Some(r), Some(c)) = (row_at, col_at) {
                        let (r, c, last) = (u64::from(r), u64::from(c), u64::from(last_at.unwrap_or(c).max(c)));
                        rows_seen = (rows_seen.0.min(r), rows_seen.1.max(r));
                        cols_seen = (cols_seen.0.min(c), cols_seen.1.max(last));
                    }
                }
                _ => {}
            }
        }
    }
    // A sheet's records where the walk from the stream's start finds no BOF record after the globals' (inside
    // another record's bytes, or the globals themselves at offset 0): calamine reads them as the sheet, and the
    // cells there would be placed and reread as another sheet's, or as none (a cell written twice and a
    // percentage had been read without a word). Excel writes each sheet's records after the globals.
    if offsets.iter().any(|o| *o == 0 || !bofs.contains(o)) {
        return Err(bad());
    }
    // calamine reads each sheet from its offset to the next EOF record: sheets sharing records are read again
    // for each (2,500 sheets at one substream of 10 million records took minutes). What it would read in all
    // stays within twice the stream.
    eofs.sort_unstable();
    let read: u64 = offsets
        .iter()
        .map(|&o| (eofs.get(eofs.partition_point(|&e| e <= o)).copied().unwrap_or(wb.len()).saturating_sub(o)) as u64)
        .fold(0u64, u64::saturating_add);
    if read > 2 * wb.len() as u64 + (1 << 20) {
        return Err(bad());
    }
    // (BIFF8 text is UTF-16 whatever the code page; calamine decodes it in the one the CODEPAGE record names)
    // A DATEMODE record other than 0 or 1 (calamine reads 1 as the 1904 date system, anything else as 1900;
    // xlrd refuses it), or a second one, is refused as well.
    if datemode_odd {
        return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLSX_DATE_SYSTEM, &[])));
    }
    // (before BIFF8 text is one byte a character: calamine widens each byte to UTF-16 when the code page's
    // encoding is not one byte a character, where a reader of UTF-16 or a double-byte code page pairs them)
    if (biff8 && codepage != 1200) || (!biff8 && matches!(codepage, 1200 | 1201 | 932 | 936 | 949 | 950 | 1361)) {
        return Err(other_encoding());
    }
    if ssts.iter().any(|parts| xls_sst_bom_led(parts, biff8)) {
        return Err(other_encoding());
    }
    // calamine writes out every formula's text when the file opens ([`xls_formula_work`]), each name in UTF-8
    // (3 bytes a character at most): the texts together within the cells' text bound, the bytes moved within
    // MAX_XLS_FORMULA_WORK.
    let (mut text, mut work) = (0u64, 0u64);
    for rgce in formulas {
        let (t, w) = xls_formula_work(rgce, 3 * longest_sheet, 3 * longest_name);
        (text, work) = (text.saturating_add(t), work.saturating_add(w));
    }
    if text > limits.max_cell_text_bytes() {
        let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELL_TEXT, &[&limits.max_cell_text_bytes()]);
        return Err(input_error(p));
    }
    if work > MAX_XLS_FORMULA_WORK {
        let p = problem(Code::LimitExceeded, "input", t::IN_XLS_FORMULA_WORK, &[&MAX_XLS_FORMULA_WORK]);
        return Err(input_error(p));
    }
    // A string of the table takes 3 bytes of the file at least and 24 bytes (its `String`) or more in memory:
    // counted at 8 times its bytes against the cells' memory (a file of 100 MB of empty strings took 1.6 GB).
    if sst_bytes.saturating_mul(8) > limits.max_cell_memory() {
        let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELL_MEMORY, &[&limits.max_cell_memory()]);
        return Err(input_error(p));
    }
    // (rows, columns, the last column, how many sheets may have that area)
    let mut areas: Vec<(u64, u64, u64, u64)> = Vec::new();
    if rows_seen.0 <= rows_seen.1 {
        if cols_seen.1 > 0xFF {
            return Err(bad()); // a cell past column IV: beyond what XLS can hold (calamine reads it)
        }
        areas.push((rows_seen.1 - rows_seen.0 + 1, cols_seen.1 - cols_seen.0 + 1, cols_seen.1 + 1, sheets.max(1)));
    }
    for data in dimensions {
        let (rf, rl, cf, cl) = match data.len() {
            10 => (
                u64::from(le16(data, 0).unwrap_or(0)),
                u64::from(le16(data, 2).unwrap_or(0)),
                u64::from(le16(data, 4).unwrap_or(0)),
                u64::from(le16(data, 6).unwrap_or(0)),
            ),
            14 => (
                u64::from(le32(data, 0).unwrap_or(0)),
                u64::from(le32(data, 4).unwrap_or(0)),
                u64::from(le16(data, 8).unwrap_or(0)),
                u64::from(le16(data, 10).unwrap_or(0)),
            ),
            _ => continue,
        };
        let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
        let rows = rl.saturating_sub(rf).max(1);
        let cols = cl.saturating_sub(cf).max(1);
        if rl > 0 && rl - 1 < rf {
            return Err(bad()); // calamine subtracts without a check here
        }
        if rows > 65_536 || cols > 256 {
            return Err(bad()); // beyond what the XLS (BIFF8) format can hold
        }
        areas.push((rows, cols, cl, 1));
    }
    for (rows, cols, cl, weight) in areas {
        total = total.saturating_add((rows * cols).saturating_mul(weight));
        // (calamine reserves 40 bytes a cell: at most half of the sheet cells' memory)
        let all_sheets = (limits.max_cells as u64 / 8).min(limits.sheet_cells() / 2);
        if total > all_sheets {
            return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELLS, &[&all_sheets])));
        }
        if rows > limits.max_rows as u64 {
            return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_ROWS, &[&limits.max_rows])));
        }
        if cols > limits.max_columns as u64 {
            let c = column_letter(cl.saturating_sub(1) as usize);
            return Err(input_error(problem(
                Code::LimitExceeded,
                "input",
                t::IN_LIMIT_COLUMNS,
                &[&limits.max_columns, &c],
            )));
        }
        if rows.saturating_mul(cols) > limits.max_cells as u64 {
            return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELLS, &[&limits.max_cells])));
        }
    }
    placed.sort_unstable();
    if let Some(w) = placed.windows(2).find(|w| w[0] == w[1]) {
        let (row, col) = ((w[0] >> 16) & 0xFFFF, w[0] & 0xFFFF);
        let a = format!("{}{}", column_letter(col as usize), row + 1);
        return Err(input_error(problem(Code::InvalidInput, "input", t::IN_DUPLICATE_CELL, &[&a])));
    }
    numbers.offsets = offsets;
    Ok(numbers)
}

/// White space as quick-xml (calamine's parser) reads it between a tag's
/// name and attributes: space, tab, CR, LF (not a form feed).
fn xml_space(c: &u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// The name of a tag as quick-xml reads it (prefix included): a start tag's
/// up to its first white space (a closed tag's `/` left out); an end tag's
/// whole text but its trailing white space, with its leading `/` (calamine
/// reads without checking end names: `</c x>` and `</c/>` end no `c`).
fn xml_qname(tag: &[u8]) -> &[u8] {
    if tag.first() == Some(&b'/') {
        &tag[..tag.iter().rposition(|c| !xml_space(c)).map_or(0, |p| p + 1)]
    } else {
        let content = tag.strip_suffix(b"/").unwrap_or(tag);
        &content[..content.iter().position(xml_space).unwrap_or(content.len())]
    }
}

/// A quick-xml reader configured as calamine configures its own (its
/// `xml_reader` for XLSX parts, and its ODS and XLSB readers): end names and
/// comments unchecked, text untrimmed, closed tags expanded to a start and
/// an end.
/// SpreadsheetML's namespace (transitional and strict).
const SPREADSHEETML: [&[u8]; 2] =
    [b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"];

/// The namespaces four ODF prefixes name: calamine finds ODS elements and
/// attributes by these qualified names as written.
const ODF_NAMESPACES: [(&[u8], &[u8]); 4] = [
    (b"office", b"urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
    (b"table", b"urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
    (b"text", b"urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
    (b"style", b"urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
];

/// The namespace declarations of one tag's text (`xmlns`, `xmlns:p`):
/// (prefix, empty for the default namespace; the namespace as written).
fn xml_namespaces(tag: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let any = memchr::memmem::find(tag, b"xmlns").is_some();
    xml_attrs(tag).filter(move |_| any).filter_map(|(k, v)| match k {
        b"xmlns" => Some((&b""[..], v)),
        _ => k.strip_prefix(b"xmlns:").map(|p| (p, v)),
    })
}

/// The prefixes an XLSX part's root element (its start tag's text) binds to
/// SpreadsheetML's namespace, and no prefix when it leaves the default
/// namespace undeclared.
fn spreadsheetml_prefixes(root: &[u8]) -> Vec<Vec<u8>> {
    let mut main: Vec<Vec<u8>> =
        xml_namespaces(root).filter(|(_, ns)| SPREADSHEETML.contains(ns)).map(|(p, _)| p.to_vec()).collect();
    if !xml_namespaces(root).any(|(p, _)| p.is_empty()) {
        main.push(Vec::new());
    }
    main
}

/// The relationships' namespace (transitional and strict).
const RELATIONSHIPS: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships",
];

/// XLSX `xl/workbook.xml` as calamine reads it, where namespace-aware
/// readers read it otherwise: calamine takes a sheet's relationship id by the
/// attribute names `r:id` and `relationships:id` as written, so a prefix `r`
/// or `relationships` bound to another namespace, or the relationships'
/// namespace bound to another prefix (anywhere in the part), is refused (an
/// id under another prefix had made calamine read another worksheet than
/// openpyxl). The date system likewise: calamine reads `date1904` of a
/// `workbookPr` named so without a prefix, `1` or `true` as 1904, anything
/// else as 1900, wherever it is; a prefixed `workbookPr` with a `date1904`,
/// one not a child of the root or not in SpreadsheetML's namespace, a value
/// other than `0`, `1`, `true`, `false`, or a second `workbookPr` is refused.
/// Gives whether the workbook counts dates in the 1904 system.
fn check_workbook_xml(wb: &[u8]) -> Result<bool, Error> {
    // (the elements open around a tag; whether the root binds no prefix to another namespace than SpreadsheetML)
    let (mut props, mut depth, mut root_main, mut date1904) = (0, 0usize, None, false);
    for (_, tag, local) in xml_tags(wb) {
        if tag.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let at = depth;
        if !tag.ends_with(b"/") {
            depth += 1;
        }
        let root_main = *root_main.get_or_insert_with(|| spreadsheetml_prefixes(tag).iter().any(Vec::is_empty));
        if xml_namespaces(tag).any(|(p, ns)| (p == b"r" || p == b"relationships") != RELATIONSHIPS.contains(&ns)) {
            return Err(foreign_namespaces("xl/workbook.xml"));
        }
        if local == b"workbookPr" {
            props += 1;
            let given = xml_attr(tag, b"date1904")
                .map(|v| std::str::from_utf8(v).ok().and_then(|v| quick_xml::escape::unescape(v).ok()));
            // (calamine takes a `workbookPr` anywhere, in any namespace: Excel reads the root's child alone, one
            // inside an `mc:AlternateContent` choice it does not know is passed over)
            let differs = props > 1
                || (given.is_some() && (at != 1 || !root_main || xml_namespaces(tag).next().is_some()))
                || (xml_qname(tag) != b"workbookPr" && given.is_some())
                || given
                    .as_ref()
                    .is_some_and(|v| !v.as_ref().is_some_and(|v| ["0", "1", "true", "false"].contains(&v.as_ref())));
            if differs {
                return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLSX_DATE_SYSTEM, &[])));
            }
            date1904 = matches!(given.flatten().as_deref(), Some("1" | "true"));
        }
    }
    Ok(date1904)
}

/// Whether an element of an XLSX part's data (its start tag's text) is not
/// read alike by calamine and by readers that know namespaces: calamine
/// finds elements by their local names whatever their namespace (a row or a
/// cell of another namespace, which openpyxl passes over, was read), so an
/// element whose prefix is not bound to SpreadsheetML by the root (`main`,
/// [`spreadsheetml_prefixes`]), or one declaring a namespace, is refused.
fn foreign_element(tag: &[u8], main: &[Vec<u8>]) -> bool {
    let qname = xml_qname(tag);
    let prefix = qname.iter().position(|&c| c == b':').map_or(&[][..], |i| &qname[..i]);
    !main.iter().any(|p| p.as_slice() == prefix) || xml_namespaces(tag).next().is_some()
}

/// Whether a start tag of an ODS `content.xml` (`root`: its root element)
/// binds namespaces otherwise than calamine reads them: calamine finds
/// elements and attributes by their qualified names as written (`office:`,
/// `table:`, `text:`, `style:`), so a namespace declared below the root, or
/// at the root one of those prefixes bound to another namespace, or another
/// prefix (or the default) bound to one of theirs, is refused (a cell's type
/// written `o:value-type` was dropped, a hidden table's style written
/// `s:table-properties` read).
fn odf_namespaces_differ(tag: &[u8], root: bool) -> bool {
    let mut declared = xml_namespaces(tag).peekable();
    if !root {
        return declared.peek().is_some();
    }
    declared.any(|(p, ns)| ODF_NAMESPACES.iter().any(|(op, ons)| (p == *op) != (ns == *ons)))
}

/// The refusal of a part whose XML namespaces calamine would read otherwise
/// than Excel or LibreOffice.
fn foreign_namespaces(part: &str) -> Error {
    input_error(problem(Code::InvalidInput, "input", t::IN_XML_NAMESPACE, &[&part]))
}

/// Whether an XML text holds a CDATA section: calamine reads a cell's value
/// and a string's text from text events only, and drops a CDATA section's
/// text (a score of 85 written `8<![CDATA[5]]>` was read as 8).
fn has_cdata(xml: &[u8]) -> bool {
    memchr::memmem::find(xml, b"<![CDATA[").is_some()
}

/// Part `i` of a zip streamed through quick-xml configured as calamine
/// configures it ([`calamine_xml`]), at most `cap` bytes of it (`None`: no
/// such part to read).
fn stream_part<'z, 'b>(
    z: &'z mut zip::ZipArchive<std::io::Cursor<&'b [u8]>>,
    i: usize,
    cap: u64,
) -> Option<quick_xml::Reader<impl std::io::BufRead + use<'z, 'b>>> {
    use std::io::Read;
    let f = z.by_index(i).ok()?;
    Some(calamine_xml(std::io::BufReader::new(f.take(cap))))
}

fn calamine_xml<R: std::io::BufRead>(source: R) -> quick_xml::Reader<R> {
    let mut r = quick_xml::Reader::from_reader(source);
    let c = r.config_mut();
    c.check_end_names = false;
    c.check_comments = false;
    c.trim_text(false);
    c.expand_empty_elements = true;
    r
}

/// Each `<tag ...>` of an XML text as calamine reads it: the start, end and
/// closed tags of quick-xml (calamine's parser) configured as calamine
/// configures it (end names unchecked, comments unchecked, text untrimmed),
/// to its end or the first markup quick-xml cannot read (where calamine
/// stops with an error); comments, CDATA, declarations and processing
/// instructions passed over. Each: (offset of the byte after `<`, the text
/// between `<` and `>` as written, its local name without `/` and namespace
/// prefix); a closing tag's text starts with `/` and a closed tag's
/// (`<x/>`, which calamine expands to a start and an end) ends with `/`.
fn xml_tags(xml: &[u8]) -> impl Iterator<Item = (usize, &[u8], &[u8])> {
    use quick_xml::events::Event;
    let mut r = calamine_xml(xml);
    let c = r.config_mut();
    // (closed tags as written, which callers expand; the text of an end tag as written: callers trim it as
    // quick-xml does, `xml_qname`)
    c.expand_empty_elements = false;
    c.trim_markup_names_in_closing_tags = false;
    std::iter::from_fn(move || loop {
        // (the length of the text between `<` and `>`)
        let len = match r.read_event().ok()? {
            Event::Start(e) => e.len(),
            Event::Empty(e) => e.len() + 1,
            Event::End(e) => e.len() + 1,
            Event::Eof => return None,
            _ => continue,
        };
        // (quick-xml stands right after the tag's `>`)
        let end = usize::try_from(r.buffer_position()).ok()?.checked_sub(1)?;
        let start = end.checked_sub(len)?;
        let tag = xml.get(start..end)?;
        let name = xml_qname(tag);
        let name = name.strip_prefix(b"/").unwrap_or(name);
        // (quick-xml's local name: after the first `:`)
        let local = name.iter().position(|&c| c == b':').map_or(name, |j| &name[j + 1..]);
        return Some((start, tag, local));
    })
}

/// A row number as calamine reads it, in a `<row r>` or a cell's position: 1-9
/// ASCII digits, not all 0 (it adds the digits up in a `u32` with a power of
/// ten that overflows after the ninth digit, leading zeros included; no sign or
/// space).
fn row_digits_ok(d: &[u8]) -> bool {
    (1..=9).contains(&d.len()) && d.iter().all(u8::is_ascii_digit) && d.iter().any(|&b| b != b'0')
}

/// A cell's own position as calamine reads it: 1-6 letters (the power of 26
/// overflows a `u32` after the sixth: column `ZZZZZZ` = 321,272,406), then a
/// row ([`row_digits_ok`]); no `$` (calamine refuses it in a cell's position).
fn cell_position_ok(r: &[u8]) -> bool {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    (1..=6).contains(&letters) && row_digits_ok(&r[letters..])
}

/// A cell's 0-based (row, column).
type CellAt = (u32, u32);

/// A1-style reference (`C7`, `$C$7`) → 0-based (row, column); `None` when
/// malformed or beyond `u32`.
fn parse_a1(r: &[u8]) -> Option<CellAt> {
    let r: Vec<u8> = r.iter().copied().filter(|&b| b != b'$').collect();
    let split = r.iter().position(|b| b.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut col = 0u64;
    for b in letters {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        col = col.checked_mul(26)?.checked_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))?;
    }
    let mut row = 0u64;
    for b in digits {
        row = row.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some((u32::try_from(row.checked_sub(1)?).ok()?, u32::try_from(col - 1).ok()?))
}

/// An A1-style range (`B2:C3`, or one cell `B2` for both ends) → its two
/// ends as written, and whether more `:`-parts follow the second.
fn a1_range(r: &[u8]) -> Option<(CellAt, CellAt, bool)> {
    let mut ends = r.split(|&b| b == b':');
    let a = parse_a1(ends.next()?)?;
    let b = ends.next().map_or(Some(a), parse_a1)?;
    Some((a, b, ends.next().is_some()))
}

/// The worksheet part of each `<sheet>` of an XLSX workbook, in workbook
/// order (calamine's sheet order), as calamine finds it: `workbook.xml` gives
/// each sheet's relationship id (its `r:id` or `relationships:id`, the last
/// given), `_rels/workbook.xml.rels` its target, read as a path under `xl/`.
/// Either part's tags holding too many attributes refuse the file
/// ([`check_attributes`]: calamine reads both when the workbook opens); so
/// does a date system calamine would read otherwise ([`check_workbook_xml`],
/// which gives it).
fn xlsx_sheet_parts(z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, cap: u64) -> Result<SheetParts, Error> {
    let Some(wb) = zip_part(z, "xl/workbook.xml", cap) else { return Ok((vec![], false)) };
    check_attributes(&wb, "xl/workbook.xml")?;
    let date1904 = check_workbook_xml(&wb)?;
    let targets = workbook_rels(z, Rels::Xlsx, cap)?;
    let parts = xml_tags(&wb)
        .filter(|(_, tag, name)| *name == b"sheet" && tag.first() != Some(&b'/'))
        .map(|(_, tag, _)| {
            let id = xml_attrs(tag).filter(|(k, _)| *k == b"r:id" || *k == b"relationships:id").last()?.1;
            let t = targets.get(id)?.as_ref()?;
            // (calamine: a target may start with `/xl/` or `xl/`; any other is under `xl/`)
            Some(match t.strip_prefix("/xl/") {
                Some(rest) => format!("xl/{rest}"),
                None if t.starts_with("xl/") => t.clone(),
                None => format!("xl/{t}"),
            })
        })
        .collect();
    Ok((parts, date1904))
}

/// The worksheet part of each sheet ([`xlsx_sheet_parts`]), and whether the
/// workbook counts dates in the 1904 system.
type SheetParts = (Vec<Option<String>>, bool);

/// Whose relationships [`workbook_rels`] reads: calamine reads them
/// differently for XLSX and XLSB.
#[derive(Clone, Copy, PartialEq)]
enum Rels {
    /// `xl/_rels/workbook.xml.rels` found as any part is ([`zip_index`]);
    /// `Relationship` elements under any prefix, up to the end of the first
    /// `Relationships`.
    Xlsx,
    /// `xl/_rels/workbook.bin.rels` by its exact name; `Relationship`
    /// elements without a prefix, with both an `Id` and a `Target`.
    Xlsb,
}

/// The relationships of a workbook (`Id` → `Target` as written, the last of
/// a repeated `Id`), as calamine reads them. A relationship whose id or
/// target is not plain ASCII maps to `None` (its sheet is refused): calamine
/// decodes a target in the part's declared encoding (windows-1252 made `sé`
/// another part to it than to a UTF-8 reading, and a decoy was checked). A
/// part in another encoding than UTF-8 is refused before
/// ([`check_part_encoding`]: ISO-2022-JP drops escapes that are ASCII bytes);
/// this holds the targets to what Excel and LibreOffice write besides. Tags holding too many
/// attributes refuse the file ([`check_attributes`]).
fn workbook_rels(
    z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    kind: Rels,
    cap: u64,
) -> Result<std::collections::HashMap<Vec<u8>, Option<String>>, Error> {
    let (path, rels) = match kind {
        Rels::Xlsx => ("xl/_rels/workbook.xml.rels", zip_part(z, "xl/_rels/workbook.xml.rels", cap)),
        // (calamine reads the XLSB relationships by their exact name)
        Rels::Xlsb => {
            let path = "xl/_rels/workbook.bin.rels";
            (path, z.index_for_name(path).and_then(|i| zip_read(z, i, cap)))
        }
    };
    let rels = rels.unwrap_or_default();
    check_attributes(&rels, path)?;
    let mut targets = std::collections::HashMap::new();
    for (_, tag, local) in xml_tags(&rels) {
        let closing = tag.first() == Some(&b'/');
        let qualified = xml_qname(tag);
        match kind {
            Rels::Xlsx if closing && local == b"Relationships" => break,
            Rels::Xlsx if !closing && local == b"Relationship" => {
                let id = xml_attr(tag, b"Id").unwrap_or_default();
                let t = xml_attr(tag, b"Target").unwrap_or_default();
                targets.insert(id.to_vec(), ascii_target(id, t));
            }
            Rels::Xlsb if !closing && qualified == b"Relationship" => {
                if let (Some(id), Some(t)) = (xml_attr(tag, b"Id"), xml_attr(tag, b"Target")) {
                    targets.insert(id.to_vec(), ascii_target(id, t));
                }
            }
            _ => {}
        }
    }
    Ok(targets)
}

/// A relationship's target when its id and target are plain ASCII (as Excel
/// and LibreOffice write them).
fn ascii_target(id: &[u8], target: &[u8]) -> Option<String> {
    (id.is_ascii() && target.is_ascii()).then(|| String::from_utf8_lossy(target).into_owned())
}

/// The entry of a zip calamine opens for `path`: the first whose name, with
/// `\` read as `/`, equals it ignoring ASCII case, else the one named exactly
/// `path` (calamine's `path_to_zip_path`, then `by_name`).
fn zip_index(z: &zip::ZipArchive<std::io::Cursor<&[u8]>>, path: &str) -> Option<usize> {
    // (compared in place, without a copy of each name)
    let same =
        |n: &str| n.len() == path.len() && n.bytes().map(zip_key).eq(path.bytes().map(|b| b.to_ascii_lowercase()));
    (0..z.len()).find(|&i| z.name_for_index(i).is_some_and(same)).or_else(|| z.index_for_name(path))
}

/// A byte of a zip entry's name as calamine compares it with a part's path
/// (lower case): `\\` read as `/`, ASCII case ignored.
fn zip_key(b: u8) -> u8 {
    if b == b'\\' {
        b'/'
    } else {
        b.to_ascii_lowercase()
    }
}

/// The part of a zip calamine opens for `path` ([`zip_index`]), at most
/// `cap` bytes.
fn zip_part(z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, path: &str, cap: u64) -> Option<Vec<u8>> {
    let i = zip_index(z, path)?;
    zip_read(z, i, cap)
}

fn zip_read(z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, i: usize, cap: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let f = z.by_index(i).ok()?;
    let mut out = Vec::new();
    let _ = f.take(cap).read_to_end(&mut out);
    Some(out)
}

/// Whether two of `parts` are one entry of the zip (each found as calamine
/// finds it): each sheet would be read again in full.
fn parts_repeat(z: &zip::ZipArchive<std::io::Cursor<&[u8]>>, parts: &[Option<String>]) -> bool {
    // (the first entry of each name as `zip_index` compares them, found once for all the parts)
    let mut first = std::collections::HashMap::new();
    for i in (0..z.len()).rev() {
        if let Some(n) = z.name_for_index(i) {
            first.insert(n.bytes().map(zip_key).collect::<Vec<u8>>(), i);
        }
    }
    let mut seen = std::collections::HashSet::new();
    parts
        .iter()
        .flatten()
        .filter_map(|p| first.get(&p.to_ascii_lowercase().into_bytes()).copied().or_else(|| z.index_for_name(p)))
        .any(|i| !seen.insert(i))
}

/// A merged range with its top-left corner as `start` and its bottom-right as
/// `end`, however the file wrote its two ends (`C3:B2` in an XLSX
/// `mergeCell`, a MERGECELLS entry of an XLS whose last row comes first):
/// the one form [`sheet_from_sparse`] reads.
fn merge_range(m: calamine::Dimensions) -> calamine::Dimensions {
    calamine::Dimensions {
        start: (m.start.0.min(m.end.0), m.start.1.min(m.end.1)),
        end: (m.start.0.max(m.end.0), m.start.1.max(m.end.1)),
    }
}

/// The most sheets a workbook may have: 10,000, the limit of LibreOffice
/// Calc (Excel's is its memory); no real workbook comes near. A constant.
pub const MAX_SHEETS: usize = 10_000;

/// The most attributes one tag of a workbook part may have: 256 (Excel and
/// LibreOffice write a few; LibreOffice's richest style tags about 40).
/// quick-xml checks each attribute calamine reads against every one before
/// it, so a tag's cost grows with the square of its attributes (one cell of
/// 100,000 attributes took 27 s, 300,000 over five minutes).
const MAX_TAG_ATTRIBUTES: usize = 256;

/// The most work the tags of one part with more than 16 attributes may make
/// together: the sum of the squares of their attribute counts, 16,000,000
/// (a fraction of a second; written files have few such tags: the style
/// properties LibreOffice writes, about 40 attributes each).
const MAX_ATTRIBUTE_SQUARES: u64 = 16_000_000;

/// The attributes of a part's tags counted against [`MAX_TAG_ATTRIBUTES`]
/// and [`MAX_ATTRIBUTE_SQUARES`].
#[derive(Default)]
struct AttributeBudget(u64);

impl AttributeBudget {
    /// Counts the attributes of a tag's text ([`xml_attrs`]); false when the
    /// tag, or the part so far, has too many.
    fn take(&mut self, tag: &[u8]) -> bool {
        // (an attribute takes at least 4 bytes, ` a=""`: a short tag has few)
        if tag.len() < 16 * 4 {
            return true;
        }
        let n = xml_attrs(tag).take(MAX_TAG_ATTRIBUTES + 1).count();
        self.count(n)
    }

    /// Counts a tag of `n` attributes.
    fn count(&mut self, n: usize) -> bool {
        if n > 16 {
            self.0 = self.0.saturating_add((n as u64).saturating_mul(n as u64));
        }
        n <= MAX_TAG_ATTRIBUTES && self.0 <= MAX_ATTRIBUTE_SQUARES
    }
}

/// The refusal of a part whose tags have too many attributes.
fn too_many_attributes(part: &str) -> Error {
    input_error(problem(Code::LimitExceeded, "input", t::IN_XML_ATTRIBUTES, &[&part, &MAX_TAG_ATTRIBUTES]))
}

/// Checks the attributes of every tag of a part's text `xml` (named `path`
/// in the message) against one [`AttributeBudget`].
fn check_attributes(xml: &[u8], path: &str) -> Result<(), Error> {
    let mut budget = AttributeBudget::default();
    if xml_tags(xml).all(|(_, tag, _)| budget.take(tag)) {
        Ok(())
    } else {
        Err(too_many_attributes(path))
    }
}

/// The most work calamine's look-up of the sheets among a workbook's parts
/// may take: for each sheet it reads every part's name again
/// (`path_to_zip_path`, a copy of each), counted as the names' bytes and 64
/// more a name, times the sheets: 4,000,000,000 (a few seconds). 10,000
/// sheets among 110,000 parts took 220 s; a workbook of data has a few
/// sheets and parts.
const MAX_SHEET_LOOKUP_WORK: u64 = 4_000_000_000;

/// Refuses a workbook of `sheets` sheets whose zip makes calamine's sheet
/// look-ups too much work ([`MAX_SHEET_LOOKUP_WORK`]).
fn check_sheet_lookups(bytes: &[u8], sheets: usize) -> Result<(), Error> {
    let Ok(z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let names: u64 = z.file_names().map(|n| n.len() as u64 + 64).sum();
    if names.saturating_mul(sheets as u64) > MAX_SHEET_LOOKUP_WORK {
        let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_SHEET_PARTS, &[&sheets, &z.len()]);
        return Err(input_error(p));
    }
    Ok(())
}

/// The most bytes of custom number formats the cell styles of an XLSX may
/// name together (each style counting its format's length): 100,000,000.
/// calamine reads each style's format anew (`detect_custom_number_format`):
/// one format of 1 MB named by 20,000 styles took 75 s, from 4 KB. An Excel
/// format is at most 255 characters, and Excel at most 64,000 styles.
const MAX_STYLE_FORMAT_BYTES: u64 = 100_000_000;

/// How a number cell reads under its style's number format: a number, a
/// date, or a duration (calamine's `CellFormat`: `Other`, `DateTime`,
/// `TimeDelta`); or, as Excel shows it, a percentage (the number times 100
/// and `%`: `80%` is 0.8 in the cell, which calamine reads as 0.8).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum NumberKind {
    #[default]
    Number,
    Date,
    Duration,
    Percent,
}

/// A number format's sections (split at each `;` outside quoted text and
/// escaped characters: positive, negative, zero, text). With `excel` as
/// Excel reads it (a `\\` or `_` inside quoted text is itself); else as
/// calamine does (an escape holds inside quoted text too).
fn format_sections(format: &str, excel: bool) -> Vec<&str> {
    let (mut out, mut from, mut quoted, mut escaped) = (Vec::new(), 0usize, false, false);
    for (i, c) in format.char_indices() {
        match (c, escaped, quoted) {
            (_, true, _) => escaped = false,
            ('_' | '\\', ..) if !(excel && quoted) => escaped = true,
            ('"', _, true) => quoted = false,
            (_, _, true) => {}
            ('"', ..) => quoted = true,
            (';', ..) => {
                out.push(&format[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&format[from..]);
    out
}

/// What one section of a number format makes of a number, as calamine's
/// `detect_custom_number_format` judges it: passing over quoted text, an
/// escaped character (`\\x`, `_x`) and `[...]` (a colour, a locale, a
/// condition), `d`, `m`, `y`, `h`, `s` (either case) make a date, `[h]`,
/// `[mm]`, `[s]` a duration, and after an `a` (`AM/PM`) `p`, `m` and `/` a
/// date too. With `excel`, as Excel shows it: the fill character of `*x`
/// (which calamine reads as a code) is passed over too, a `\\` or `_` inside
/// quoted text is itself (calamine escapes with it there), and a `%` makes a
/// percentage of a section that is no date.
fn section_kind(section: &str, excel: bool) -> NumberKind {
    let (mut escaped, mut quoted, mut brackets, mut prev, mut elapsed, mut ap) = (false, false, 0u8, ' ', false, false);
    let mut percent = false;
    for c in section.chars() {
        match (c, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\', ..) if !(excel && quoted) => escaped = true,
            ('"', _, true, ..) => quoted = false,
            (_, _, true, ..) => {}
            ('"', ..) => quoted = true,
            ('*', ..) if excel => escaped = true,
            ('%', .., 0) if excel => percent = true,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if elapsed => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return NumberKind::Date,
            _ => {
                if !(elapsed && c.eq_ignore_ascii_case(&prev)) {
                    elapsed = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    if percent {
        NumberKind::Percent
    } else {
        NumberKind::Number
    }
}

/// What a number format makes of a number to calamine
/// (`detect_custom_number_format`): its first section alone ([`section_kind`],
/// a `*` fill character read as a code, a `%` as nothing).
fn number_format_kind(format: &str) -> NumberKind {
    format_sections(format, false).first().map_or(NumberKind::Number, |s| section_kind(s, false))
}

/// What a number format makes of a number as Excel shows it: a positive
/// number's section (the first; a fill character `*x` is no code, a `%` a
/// percentage); with a
/// condition in a section (`[<1000]dd/mm/yyyy;0`) the sections' common kind,
/// `None` when they differ (a number is a date or not by its value).
fn excel_number_kind(format: &str) -> Option<NumberKind> {
    let sections = format_sections(format, true);
    let kinds: Vec<NumberKind> = sections.iter().map(|s| section_kind(s, true)).collect();
    let conditional = sections.iter().any(|s| ["[<", "[>", "[="].iter().any(|c| s.contains(c)));
    match kinds.first() {
        Some(&k) if !conditional || kinds.iter().all(|&o| o == k) => Some(k),
        Some(_) => None,
        None => Some(NumberKind::Number),
    }
}

/// What a built-in number format (by its id, `numFmtId` below 164) makes of a
/// number as Excel shows it: [`builtin_number_kind`]'s, and 9 and 10 (`0%`,
/// `0.00%`) percentages.
fn excel_builtin_kind(id: u64) -> NumberKind {
    match id {
        9 | 10 => NumberKind::Percent,
        _ => builtin_number_kind(id),
    }
}

/// What a built-in number format (by its id, `numFmtId` below 164) makes of a
/// number, as calamine's `builtin_format_by_id` tells it: 14 to 22, 45 and 47
/// dates and times, 46 (`[h]:mm:ss`) a duration.
fn builtin_number_kind(id: u64) -> NumberKind {
    match id {
        14..=22 | 45 | 47 => NumberKind::Date,
        46 => NumberKind::Duration,
        _ => NumberKind::Number,
    }
}

/// An XLSX's cell styles (`<cellXfs>` of `xl/styles.xml`) twice: as calamine
/// reads them, and as the file says (what Excel shows). calamine finds its
/// `<numFmts>` and `<xf>` at any depth by their local names (an `<x14:xf>`
/// inside an extension shifted every later style), matches a style's format
/// by its id as written (`" 164"` is no `164` to it) and judges a format
/// code without unescaping it (`&amp;` holds an `a` and an `m`, so
/// `0 &amp; 0` was a date; `&quot;` holds a `;`, so `&quot;Tgl &quot;dd/mm/yyyy`
/// no date). A number whose two readings differ is read as the file says
/// ([`scan_xlsx_sheet`] finds such cells, [`recast`] rereads them).
#[derive(Default)]
struct XlsxStyles {
    /// Each style calamine lists, by its index.
    calamine: Vec<NumberKind>,
    /// Each `<xf>` child of `<cellXfs>`, by its index (`None`: a number is
    /// a date or not by its value, [`excel_number_kind`]).
    written: Vec<Option<NumberKind>>,
    /// Whether the workbook counts dates in the 1904 system.
    date1904: bool,
}

/// What becomes of a number cell that calamine reads as `calamine` and the
/// file shows as `written` (`None`: a date or a number by the value):
/// `Ok(None)` read as calamine reads it, `Ok(Some(kind))` reread as `kind`
/// ([`recast`]), `Err(())` refused, naming the cell.
fn number_verdict(calamine: NumberKind, written: Option<NumberKind>) -> Result<Option<NumberKind>, ()> {
    match written {
        None => Err(()),
        Some(w) => Ok((w != calamine).then_some(w)),
    }
}

impl XlsxStyles {
    /// [`number_verdict`] of a number cell of a binary workbook (XLS, XLSB)
    /// of style `style`, calamine reading it by that style unless `unstyled`
    /// (it reads an XLS formula's number, an XLSB whole RK number, as of no
    /// style).
    fn verdict(&self, style: usize, unstyled: bool) -> Result<Option<NumberKind>, ()> {
        let calamine =
            if unstyled { NumberKind::Number } else { self.calamine.get(style).copied().unwrap_or_default() };
        number_verdict(calamine, self.written.get(style).copied().unwrap_or(Some(NumberKind::Number)))
    }

    /// How calamine reads, and how the file means, a number cell with style
    /// attribute `s` (its value as written): calamine reads an index of ASCII
    /// digits only (`atoi_simd`, at most 20, anything else style 0) and a cell
    /// without one as a number; the file's index is an `xsd:unsignedInt`
    /// (spaces around and a `+` allowed), style 0 when absent. `None` when
    /// the file's index is no number (Excel refuses such a file).
    fn kinds(&self, s: Option<&[u8]>) -> Option<(NumberKind, Option<NumberKind>)> {
        fn kind<K: Copy>(list: &[K], i: Option<u64>, none: K) -> K {
            i.and_then(|i| usize::try_from(i).ok()).and_then(|i| list.get(i).copied()).unwrap_or(none)
        }
        let number = Some(NumberKind::Number);
        let Some(s) = s else { return Some((NumberKind::Number, kind(&self.written, Some(0), number))) };
        let digits = |v: &[u8]| {
            ((1..=20).contains(&v.len()) && v.iter().all(u8::is_ascii_digit))
                .then(|| std::str::from_utf8(v).ok()?.parse::<u64>().ok())
                .flatten()
        };
        let calamine = kind(&self.calamine, digits(s).or(Some(0)), NumberKind::Number);
        let text = std::str::from_utf8(s).ok().and_then(|v| quick_xml::escape::unescape(v).ok())?;
        let text = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
        let written = digits(text.strip_prefix('+').unwrap_or(text).as_bytes())?;
        Some((calamine, kind(&self.written, Some(written), number)))
    }
}

/// XLSX: `xl/styles.xml` read as calamine reads it (`read_styles`: the
/// formats of `<numFmts>`, then the format of each `<xf>` of `<cellXfs>`)
/// and as the file says ([`XlsxStyles`]): the bytes of format its styles
/// name together are bounded by [`MAX_STYLE_FORMAT_BYTES`], its tags'
/// attributes by [`AttributeBudget`].
fn check_xlsx_styles(
    z: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    cap: u64,
    date1904: bool,
) -> Result<XlsxStyles, Error> {
    use quick_xml::events::Event;
    let mut out = XlsxStyles { date1904, ..XlsxStyles::default() };
    let Some(mut r) = zip_index(z, "xl/styles.xml").and_then(|i| stream_part(z, i, cap)) else { return Ok(out) };
    let mut buf = Vec::new();
    // (each format's length and kind by its id, as calamine keeps them: the last non-empty one of an id, by the
    // id as written; and as the file says, by the id's number and the code unescaped)
    let mut formats: std::collections::HashMap<Vec<u8>, (u64, NumberKind)> = std::collections::HashMap::new();
    let mut written: std::collections::HashMap<u64, Option<NumberKind>> = std::collections::HashMap::new();
    #[derive(PartialEq)]
    enum In {
        Top,
        NumFmts,
        CellXfs,
    }
    // (the elements open around the current one, and whether the open `<numFmts>` or `<cellXfs>` is the root's
    // child of SpreadsheetML's namespace: the file's own)
    let (mut at, mut work, mut budget, mut depth, mut own) = (In::Top, 0u64, AttributeBudget::default(), 0u32, false);
    // (the prefixes the root binds to SpreadsheetML: another's element, one an `mc:Ignorable` prefix names
    // included, is none of the file's styles to Excel; the `mc:AlternateContent` elements open)
    let (mut main, mut alternate): (Option<Vec<Vec<u8>>>, u32) = (None, 0);
    let id_number = |v: &[u8]| {
        let v = quick_xml::escape::unescape(std::str::from_utf8(v).ok()?).ok()?;
        v.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n')).parse::<u64>().ok()
    };
    loop {
        buf.clear();
        let e = match r.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(out),
            Ok(Event::Start(e)) => e,
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == b"AlternateContent" {
                    alternate = alternate.saturating_sub(1);
                }
                match (&at, e.local_name().as_ref()) {
                    (In::NumFmts, b"numFmts") | (In::CellXfs, b"cellXfs") => at = In::Top,
                    (In::Top, b"styleSheet") => return Ok(out),
                    _ => {}
                }
                continue;
            }
            Ok(_) => continue,
        };
        depth += 1;
        if !budget.count(e.attributes().with_checks(false).take(MAX_TAG_ATTRIBUTES + 1).count()) {
            return Err(too_many_attributes("xl/styles.xml"));
        }
        let attr = |key: &[u8]| {
            e.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.into_owned())
        };
        let main = main.get_or_insert_with(|| spreadsheetml_prefixes(&e));
        let ours = !foreign_element(&e, main);
        let local = e.local_name();
        // A number format or a cell style inside an `mc:AlternateContent` (Excel takes the choice it knows, calamine
        // every one) is refused: which the file means is not read here.
        if local.as_ref() == b"AlternateContent" {
            alternate += 1;
        }
        if alternate > 0 && matches!(local.as_ref(), b"numFmts" | b"numFmt" | b"cellXfs" | b"xf") {
            return Err(foreign_namespaces("xl/styles.xml"));
        }
        match (&at, local.as_ref()) {
            (In::Top, b"numFmts") => (at, own) = (In::NumFmts, depth == 2 && ours),
            (In::Top, b"cellXfs") => (at, own) = (In::CellXfs, depth == 2 && ours),
            (In::NumFmts, b"numFmt") => {
                let (id, code) = (attr(b"numFmtId").unwrap_or_default(), attr(b"formatCode").unwrap_or_default());
                if !code.is_empty() {
                    let kind = number_format_kind(&String::from_utf8_lossy(&code));
                    if own && depth == 3 && ours {
                        let text = std::str::from_utf8(&code).ok().and_then(|v| quick_xml::escape::unescape(v).ok());
                        if let (Some(n), Some(text)) = (id_number(&id), text) {
                            written.insert(n, excel_number_kind(&text));
                        }
                    }
                    formats.insert(id, (code.len() as u64, kind));
                }
            }
            (In::CellXfs, b"xf") => {
                let id = attr(b"numFmtId");
                let (len, kind) = match id.as_deref().map(|id| (id, formats.get(id))) {
                    Some((_, Some(&f))) => f,
                    Some((id, None)) => {
                        let builtin = std::str::from_utf8(id).ok().and_then(|v| v.parse::<u64>().ok());
                        // (calamine's table holds the ids as written: `014` is none of them)
                        let plain = builtin.filter(|n| n.to_string().as_bytes() == id);
                        (0, plain.map_or(NumberKind::Number, builtin_number_kind))
                    }
                    None => (0, NumberKind::Number),
                };
                out.calamine.push(kind);
                if own && depth == 3 && ours {
                    let n = id.as_deref().and_then(id_number);
                    out.written.push(n.map_or(Some(NumberKind::Number), |n| {
                        written.get(&n).copied().unwrap_or_else(|| Some(excel_builtin_kind(n)))
                    }));
                }
                work = work.saturating_add(len);
                if work > MAX_STYLE_FORMAT_BYTES {
                    let p =
                        problem(Code::LimitExceeded, "input", t::IN_XLSX_NUMBER_FORMATS, &[&MAX_STYLE_FORMAT_BYTES]);
                    return Err(input_error(p));
                }
            }
            _ => {}
        }
    }
}

/// Whether a start tag's attributes (`tag`: its text between `<` and `>`)
/// read cleanly to quick-xml with its checks, as calamine reads a cell's: a
/// name given twice or a value without quotes stops its search for the
/// cell's style (the number was then read as of no style: a date as a
/// number).
fn attributes_clean(tag: &[u8]) -> bool {
    let body = tag.strip_suffix(b"/").unwrap_or(tag);
    let name = body.iter().position(u8::is_ascii_whitespace).unwrap_or(body.len());
    let Ok(text) = std::str::from_utf8(body) else { return false };
    quick_xml::events::BytesStart::from_content(text, name).attributes().all(|a| a.is_ok())
}

/// Rereads the number cells of `sp` whose style calamine reads otherwise
/// than the file means it ([`XlsxStyles`]; `cells`: their 0-based row and
/// column, and the kind the file gives them) as the file means them: the
/// same number, as a number, a date or a duration; a percentage as the text
/// Excel shows (`80%`).
fn recast(sp: &mut Sparse, cells: &std::collections::HashMap<(u32, u32), NumberKind>, date1904: bool) {
    use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
    if cells.is_empty() {
        return;
    }
    for (r, row) in sp.rows.iter_mut() {
        for (c, v) in row.iter_mut() {
            let Some(kind) = cells.get(&(*r, *c)) else { continue };
            let x = match v {
                Data::Float(x) => *x,
                Data::Int(i) => *i as f64,
                Data::DateTime(d) => d.as_f64(),
                _ => continue,
            };
            *v = match kind {
                NumberKind::Number => Data::Float(x),
                NumberKind::Date => Data::DateTime(ExcelDateTime::new(x, ExcelDateTimeType::DateTime, date1904)),
                NumberKind::Duration => Data::DateTime(ExcelDateTime::new(x, ExcelDateTimeType::TimeDelta, date1904)),
                // (as Excel shows it: a score column reads the text `80%` as no number, and names the cell, as it
                // does the same text in a CSV; 0.8 read as a score of 0.8 had placed a person in the lowest box)
                NumberKind::Percent => Data::String(format!("{}%", (x * 100.0 * 1e9).round() / 1e9)),
            };
        }
    }
}

/// The most merged ranges one sheet may have: 1,000,000 (a sheet laid out
/// for print merges a few cells a row; each range is held while the sheet is
/// read). 21.8 million ranges in a 6.5 MB XLSX had taken over 12 GB. A
/// constant: no real sheet comes near.
pub const MAX_MERGES: usize = 1_000_000;

/// Merged ranges in the data area given a warning each; the others are
/// counted in one more.
const MERGE_WARNINGS: usize = 20;

/// What the pre-scan of one XLSX worksheet part found: the problems that
/// refuse the sheet (each naming its cell) and its merge ranges.
#[derive(Default)]
struct XlsxScan {
    problems: Vec<Problem>,
    merges: Vec<calamine::Dimensions>,
    /// The cells whose style calamine reads otherwise than the file means it
    /// ([`XlsxStyles`]): 0-based row and column, the kind the file gives.
    recast: std::collections::HashMap<(u32, u32), NumberKind>,
}

/// An XLSX cell in the pre-scan: its 1-based row and column, its type (`t`).
type XlsxCell = (u64, u64, Option<Vec<u8>>);

/// Checks the text of a cell's `<v>` (`raw`, as written) as calamine reads it
/// for the cell's type: a shared string's index as ASCII digits below the
/// count of shared strings, at most 19 of them (calamine reads anything
/// else, `<v/>`, ` 1`, `+1`, `1\n`, 21 digits, as string 0, or panics past
/// the table), a number as a
/// number. Markup inside a value (never written) is refused for a shared
/// string (calamine joins the texts around it).
fn v_value(
    raw: &[u8],
    cell: &XlsxCell,
    shared_strings: u64,
    at: &dyn Fn(u64, u64) -> String,
    problems: &mut Vec<Problem>,
) {
    let (r, c, typ) = cell;
    let a = || at(*r, *c);
    let text = std::str::from_utf8(raw).ok().filter(|v| !v.contains('<'));
    let text = text.and_then(|v| quick_xml::escape::unescape(v).ok());
    match typ.as_deref() {
        Some(b"s") => {
            let index = text
                // (calamine's `atoi_simd` reads at most 20 digits, leading zeros included: 19 here)
                .filter(|v| (1..=19).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<u64>().ok());
            if index.is_none_or(|i| i >= shared_strings) {
                problems.push(problem(Code::InvalidInput, a(), t::IN_XLSX_SHARED_REF, &[&a()]));
            }
        }
        Some(b"n") => {
            let v = String::from_utf8_lossy(raw);
            let v = v.trim();
            if !v.is_empty() && v.parse::<f64>().is_err() {
                problems.push(problem(Code::InvalidInput, a(), t::IN_XLSX_NOT_NUMBER, &[&a()]));
            }
        }
        _ => {}
    }
}

/// Reads the cells of a worksheet part's XML before calamine does, for what
/// calamine passes over or reports only as "damaged": a shared-string
/// reference that is negative, fractional, not a number or past the table
/// (calamine reads string 0, or panics), a number cell whose value is not a
/// number, an unknown cell type, a row number or cell position that is not
/// A1 form or does not fit a `u32` (calamine's sums of their digits
/// overflow); and the merge ranges (`$C$2:$C$3` and
/// single-cell `C2` included, which calamine ignores). `sheet` names the
/// sheet in cell references; at most 100 problems are listed.
fn scan_xlsx_sheet(xml: &[u8], sheet: &str, shared_strings: u64, styles: &XlsxStyles, limits: &Limits) -> XlsxScan {
    let text_cap = limits.max_cell_text_bytes();
    let mut out = XlsxScan::default();
    let (mut row, mut col) = (0u64, 0u64); // 1-based; 0 = before the first
    let mut cell: Option<XlsxCell> = None;
    // The value being read: where its text starts, its tag's name, its cell.
    let mut v_open: Option<(usize, Vec<u8>, Option<XlsxCell>)> = None;
    let mut attributes = AttributeBudget::default();
    // The values (`<v>`, `<is>`) of the current cell.
    let mut values = 0u32;
    // The inline string being read: its tag's name, how calamine reads it, its cell.
    let mut is_open: Option<(Vec<u8>, StringItem, Option<XlsxCell>)> = None;
    let mut merge_no = 0usize;
    let (mut row_no, mut cell_no) = (0usize, 0usize);
    // Shared formulas: the largest index (`si`) and the rows (or columns) of their ranges (`ref`) together.
    let (mut shared_no, mut most_si, mut shared_span) = (0usize, 0u64, 0u64);
    // The text of each group's formula, and what calamine writes out for the group's other cells (the
    // formula again, its references moved): a formula of 300 KB shared by thousands of cells ran for minutes.
    // (calamine's list of them: each master pushed at its end, after empty entries up to its index, so the
    // first master of an index is the one its cells use)
    let mut group_text: Vec<u64> = Vec::new();
    // The master whose `<f>` is open: (its place in `group_text`, where its text starts, its tag's name).
    let mut open_master: Option<(usize, usize, Vec<u8>)> = None;
    // Inside `<sheetData>`: a value there outside any cell is passed over by calamine (`<c\x0cr="A3">` is no
    // cell to it), and the row's data with it.
    let mut in_data = false;
    let mut shared_text = 0u64;
    let at = |r: u64, c: u64| format!("{sheet}!{}{r}", column_letter(c.saturating_sub(1) as usize));
    if has_cdata(xml) {
        out.problems.push(problem(Code::InvalidInput, format!("{sheet}!"), t::IN_XML_CDATA, &[&sheet]));
        return out;
    }
    // (the prefixes the root binds to SpreadsheetML: every element of the sheet's data is one of them)
    let mut main: Option<Vec<Vec<u8>>> = None;
    for (start, tag, name) in xml_tags(xml) {
        if out.problems.len() >= 100 {
            break;
        }
        if !attributes.take(tag) {
            out.problems.push(problem(
                Code::LimitExceeded,
                format!("{sheet}!"),
                t::IN_XML_ATTRIBUTES,
                &[&sheet, &MAX_TAG_ATTRIBUTES],
            ));
            break;
        }
        if tag.first() != Some(&b'/') {
            match &main {
                None => main = Some(spreadsheetml_prefixes(tag)),
                Some(main) if (in_data || name == b"sheetData") && foreign_element(tag, main) => {
                    let e = problem(Code::InvalidInput, format!("{sheet}!"), t::IN_XML_NAMESPACE, &[&sheet]);
                    out.problems.push(e);
                    break;
                }
                Some(_) => {}
            }
        }
        let closing = tag.first() == Some(&b'/');
        let empty = tag.last() == Some(&b'/');
        // calamine reads a value as the text up to the end tag of its name, passing over every tag between
        if let Some((from, qualified, c)) = &v_open {
            if closing && xml_qname(tag).get(1..) == Some(qualified.as_slice()) {
                if let Some(c) = c {
                    let raw = xml.get(*from..start.saturating_sub(1)).unwrap_or_default();
                    v_value(raw, c, shared_strings, &at, &mut out.problems);
                }
                v_open = None;
            }
            continue;
        }
        // and an inline string as it reads a shared string (StringItem), passing over every tag between too
        if let Some((qualified, item, c)) = &mut is_open {
            if item.tag(tag, name, b"is", qualified) {
                if item.cut_short() {
                    let a = c.as_ref().map(|(r, col, _)| at(*r, *col)).unwrap_or_else(|| format!("{sheet}!"));
                    out.problems.push(problem(Code::InvalidInput, a.clone(), t::IN_XLSX_INLINE_CUT, &[&a]));
                }
                is_open = None;
            }
            continue;
        }
        // calamine takes any element opened inside a cell with `t="shared"` for a shared formula: it fills its
        // list of them up to the index `si` (3,000,000,000 took 1.2 GB from a 2.3 KB file) and maps each row
        // (or column) of the range `ref` (S2:S999999999 likewise); both are bounded by the sheet's cells below.
        // (the end of the open master's `<f>`: its text is known; what lay inside was its text to calamine)
        if let Some((k, from, qualified)) = &open_master {
            if closing && xml_qname(tag).get(1..) == Some(qualified.as_slice()) {
                if let Some(text) = group_text.get_mut(*k) {
                    *text = start.saturating_sub(1 + from) as u64;
                }
                open_master = None;
            }
        }
        // (calamine expands `<x/>` to `<x></x>`: a closed tag counts too)
        if !closing && name != b"c" && cell.is_some() && xml_attr(tag, b"t") == Some(b"shared") {
            shared_no += 1;
            let si = xml_attr(tag, b"si").and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok());
            most_si = most_si.max(si.unwrap_or(0));
            if let (Some(si), None) = (si, &open_master) {
                // (an index past what the part's bytes can number is refused below, unlisted here)
                let listed = usize::try_from(si).ok().filter(|&si| si <= xml.len() / 16);
                if xml_attr(tag, b"ref").is_some() {
                    // calamine keeps the text of an `<f>` up to the first end tag of its name (all of it, comments
                    // and other tags included, bounds what calamine takes from it): measured when that end tag comes
                    if let (b"f", Some(si)) = (name, listed) {
                        group_text.resize(group_text.len().max(si), 0);
                        group_text.push(0);
                        if !empty {
                            let qualified = xml_qname(tag).to_vec();
                            open_master = Some((group_text.len() - 1, start + tag.len() + 1, qualified));
                        }
                    }
                } else if let Some(&text) = listed.and_then(|si| group_text.get(si)) {
                    shared_text = shared_text.saturating_add(text);
                    if shared_text > text_cap {
                        let p = problem(Code::LimitExceeded, format!("{sheet}!"), t::IN_LIMIT_CELL_TEXT, &[&text_cap]);
                        out.problems.push(p);
                        break;
                    }
                }
            }
            let span = xml_attr(tag, b"ref").and_then(a1_range).map(|(a, b, _)| {
                // (calamine maps the rows of a range of several rows, else its columns)
                if a.0 != b.0 {
                    a.0.abs_diff(b.0) + 1
                } else {
                    a.1.abs_diff(b.1) + 1
                }
            });
            shared_span = shared_span.saturating_add(u64::from(span.unwrap_or(0)));
            if span.is_some_and(|n| n > 1_048_576) {
                out.problems.push(problem(
                    Code::InvalidInput,
                    format!("{sheet}!"),
                    t::IN_XLSX_SHARED_FORMULA,
                    &[&shared_no],
                ));
            }
        }
        match (closing, name) {
            (false, b"row") => {
                row_no += 1;
                // A row number calamine cannot hold (it adds the digits up in a `u32`: a longer one
                // overflowed, and a release build read it as another row) refuses the sheet.
                let given = xml_attr(tag, b"r");
                let number =
                    given.filter(|r| row_digits_ok(r)).and_then(|r| std::str::from_utf8(r).ok()?.parse::<u32>().ok());
                if given.is_some() && number.is_none() {
                    out.problems.push(problem(Code::InvalidInput, format!("{sheet}!"), t::IN_XLSX_ROW_REF, &[&row_no]));
                }
                row = number.map_or(row + 1, u64::from);
                col = 0;
            }
            (false, b"c") => {
                cell_no += 1;
                let given = xml_attr(tag, b"r");
                match given.filter(|r| cell_position_ok(r)).and_then(parse_a1) {
                    Some((r, c)) => (row, col) = (u64::from(r) + 1, u64::from(c) + 1),
                    None if given.is_some() => {
                        // (the same `u32` sums as the row number's)
                        let path = format!("{sheet}!");
                        out.problems.push(problem(Code::InvalidInput, path, t::IN_XLSX_CELL_REF, &[&cell_no]));
                        col += 1;
                    }
                    None => col += 1,
                }
                if !attributes_clean(tag) {
                    let a = at(row, col);
                    out.problems.push(problem(Code::InvalidInput, a.clone(), t::IN_XLSX_CELL_ATTRIBUTES, &[&a]));
                }
                let typ = xml_attr(tag, b"t").map(<[u8]>::to_vec);
                if let Some(t) = &typ {
                    if !matches!(t.as_slice(), b"s" | b"n" | b"b" | b"d" | b"e" | b"str" | b"inlineStr") {
                        let a = at(row, col);
                        out.problems.push(problem(Code::InvalidInput, a.clone(), t::IN_XLSX_CELL_TYPE, &[&a]));
                    }
                }
                // (its style: a number of it read as the file means it, or refused when the file names none)
                if matches!(typ.as_deref(), None | Some(b"n")) && !empty {
                    match styles.kinds(xml_attr(tag, b"s")) {
                        None => {
                            let a = at(row, col);
                            out.problems.push(problem(Code::InvalidInput, a.clone(), t::IN_XLSX_CELL_STYLE, &[&a]));
                        }
                        Some((calamine, written)) => match number_verdict(calamine, written) {
                            Err(()) => {
                                let a = at(row, col);
                                let p = problem(Code::InvalidInput, a.clone(), t::IN_XLSX_FORMAT_BY_VALUE, &[&a]);
                                out.problems.push(p);
                            }
                            Ok(Some(written)) => {
                                let zero_based = |n: u64| n.checked_sub(1).and_then(|n| u32::try_from(n).ok());
                                if let (Some(r), Some(c)) = (zero_based(row), zero_based(col)) {
                                    out.recast.insert((r, c), written);
                                }
                            }
                            Ok(None) => {}
                        },
                    }
                }
                cell = (!empty).then_some((row, col, typ));
                values = 0;
            }
            (false, b"sheetData") => in_data = !empty,
            (true, b"sheetData") => in_data = false,
            (false, b"v" | b"f" | b"is") if in_data && cell.is_none() => {
                out.problems.push(problem(Code::InvalidInput, format!("{sheet}!"), t::IN_XLSX_VALUE_OUTSIDE, &[]));
            }
            // (calamine keeps a cell's last value: a second one is refused)
            (false, b"v" | b"is") if cell.is_some() && values > 0 => {
                let a = cell.as_ref().map(|(r, c, _)| at(*r, *c)).unwrap_or_default();
                out.problems.push(problem(Code::InvalidInput, a.clone(), t::IN_XLSX_TWO_VALUES, &[&a]));
            }
            (false, b"is") if cell.is_some() && !empty => {
                values += 1;
                is_open = Some((xml_qname(tag).to_vec(), StringItem::default(), cell.clone()));
            }
            (false, b"v") if cell.is_some() => {
                values += 1;
                let from = start + tag.len() + 1;
                match (empty, &cell) {
                    // (`<v/>` is a value of no text to calamine)
                    (true, Some(c)) => v_value(&[], c, shared_strings, &at, &mut out.problems),
                    _ => v_open = Some((from, xml_qname(tag).to_vec(), cell.clone())),
                }
            }
            (true, b"c") => cell = None,
            (false, b"mergeCell") => {
                merge_no += 1;
                if merge_no > MAX_MERGES {
                    let p = problem(Code::LimitExceeded, format!("{sheet}!"), t::IN_LIMIT_MERGES, &[&MAX_MERGES]);
                    out.problems.push(p);
                    break;
                }
                // (a third end is no range Excel writes)
                let range = xml_attr(tag, b"ref").and_then(a1_range).filter(|r| !r.2).map(|(a, b, _)| (a, b));
                match range {
                    Some((start, end)) => out.merges.push(merge_range(calamine::Dimensions { start, end })),
                    None => out.problems.push(problem(
                        Code::InvalidInput,
                        format!("{sheet}!"),
                        t::IN_XLSX_MERGE_REF,
                        &[&merge_no],
                    )),
                }
            }
            _ => {}
        }
    }
    // (each group's index is below the number of groups and its range covers its own cells, each of which
    // names the group: a written sheet stays far within these. calamine keeps a map of each group's range,
    // about 64 bytes a row, within the cells' memory too; empty cells do not widen either bound)
    let shared = shared_no as u64;
    let span_cap = shared.saturating_mul(2).saturating_add(65_536).min(limits.max_cell_memory() / 64);
    if out.problems.is_empty() && (shared > 0 && most_si >= shared || shared_span > span_cap) {
        out.problems.push(problem(Code::InvalidInput, format!("{sheet}!"), t::IN_XLSX_SHARED_FORMULA, &[&shared_no]));
    }
    out
}

/// A sheet read cell by cell: only the cells present, never width × height.
#[derive(Default)]
struct Sparse {
    /// Row → (column, value) of non-empty cells, both 0-based.
    rows: std::collections::BTreeMap<u32, Vec<(u32, calamine::Data)>>,
    /// Cells with a formula.
    formulas: std::collections::HashSet<(u32, u32)>,
    /// Cells seen.
    count: usize,
    /// The first cell position given twice (a duplicate `<row r>` or cell
    /// reference): the sheet is refused, never read with one value silently
    /// replacing or dropping the other.
    dup: Option<(u32, u32)>,
    /// Bytes of cell text held (see [`Limits::max_cell_text_bytes`]).
    text_bytes: u64,
    /// Bytes held by the cells, slots and text (see [`Limits::max_cell_memory`]).
    memory: u64,
}

impl Sparse {
    fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.formulas.is_empty()
    }

    fn check(&mut self, (row, col): (u32, u32), limits: &Limits) -> Result<(), Error> {
        self.count += 1;
        if row as usize >= limits.max_rows {
            return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_ROWS, &[&limits.max_rows])));
        }
        if let Some(e) = column_beyond(u64::from(col) + 1, limits) {
            return Err(e);
        }
        if self.count > limits.max_cells {
            return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELLS, &[&limits.max_cells])));
        }
        Ok(())
    }

    fn push(&mut self, pos: (u32, u32), v: calamine::Data, limits: &Limits) -> Result<(), Error> {
        self.check(pos, limits)?;
        let mut text = 0u64;
        if let calamine::Data::String(t) | calamine::Data::DateTimeIso(t) | calamine::Data::DurationIso(t) = &v {
            if t.len() > MAX_CELL_BYTES {
                return Err(cell_too_long(format!("{}{}", column_letter(pos.1 as usize), u64::from(pos.0) + 1)));
            }
            text = t.len() as u64;
            self.text_bytes = self.text_bytes.saturating_add(text);
            if self.text_bytes > limits.max_cell_text_bytes() {
                return Err(input_error(problem(
                    Code::LimitExceeded,
                    "input",
                    t::IN_LIMIT_CELL_TEXT,
                    &[&limits.max_cell_text_bytes()],
                )));
            }
        }
        if !matches!(v, calamine::Data::Empty) {
            // the cell's slot, and its text's heap block (rounded as an allocator does)
            let slot = std::mem::size_of::<(u32, calamine::Data)>() as u64;
            let heap = if text == 0 { 0 } else { (text + 8).div_ceil(16) * 16 };
            self.memory = self.memory.saturating_add(slot + heap);
            if self.memory > limits.max_cell_memory() {
                return Err(input_error(problem(
                    Code::LimitExceeded,
                    "input",
                    t::IN_LIMIT_CELL_MEMORY,
                    &[&limits.max_cell_memory()],
                )));
            }
            let row = self.rows.entry(pos.0).or_default();
            // Cells come in column order in a well-formed sheet: only an
            // out-of-order cell costs a scan.
            if self.dup.is_none()
                && row.last().is_some_and(|(c, _)| *c >= pos.1)
                && row.iter().any(|(c, _)| *c == pos.1)
            {
                self.dup = Some(pos);
            }
            row.push((pos.1, v));
        }
        Ok(())
    }
}

/// The refusal of a sheet whose `n`-th column (1-based) holds a cell, if it
/// is past [`Limits::max_columns`] (which says how to raise it) or past
/// [`SHEET_MAX_COLUMNS`] (which no option raises).
fn column_beyond(n: u64, limits: &Limits) -> Option<Error> {
    let letter = || column_letter(usize::try_from(n.saturating_sub(1)).unwrap_or(usize::MAX));
    if n > limits.max_columns as u64 && limits.max_columns < SHEET_MAX_COLUMNS {
        let p = problem(Code::LimitExceeded, "input", t::IN_LIMIT_COLUMNS, &[&limits.max_columns, &letter()]);
        return Some(input_error(p));
    }
    (n > SHEET_MAX_COLUMNS as u64).then(|| {
        input_error(problem(Code::InvalidInput, "input", t::IN_SHEET_COLUMNS, &[&SHEET_MAX_COLUMNS, &letter()]))
    })
}

/// The refusal of a workbook of more than [`MAX_SHEETS`] sheets.
fn too_many_sheets() -> Error {
    input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_SHEETS, &[&MAX_SHEETS]))
}

fn sheet_bad(name: &str) -> Error {
    input_error(problem(Code::InvalidInput, format!("{name}!"), t::IN_WORKBOOK_SHEET_BAD, &[&name]))
}

/// Streams the cells of one XLSX/XLSB sheet.
macro_rules! stream_cells {
    ($wb:expr, $name:expr, $label:expr, $limits:expr) => {{
        let mut sp = Sparse::default();
        let mut r = $wb.worksheet_cells_reader($name).map_err(|_| sheet_bad($label))?;
        while let Some(c) = r.next_cell().map_err(|_| sheet_bad($label))? {
            sp.push(c.get_position(), calamine::Data::from(c.get_value().clone()), $limits)?;
        }
        sp
    }};
}

/// Streams the cells and then the formulas of one XLSX sheet.
macro_rules! stream_sheet {
    ($wb:expr, $name:expr, $label:expr, $limits:expr) => {{
        let mut sp = stream_cells!($wb, $name, $label, $limits);
        if let Ok(mut r) = $wb.worksheet_cells_reader($name) {
            let mut n = 0usize;
            while let Ok(Some(c)) = r.next_formula() {
                n += 1;
                if n > $limits.max_cells {
                    break;
                }
                if !c.get_value().trim().is_empty() {
                    let pos = c.get_position();
                    if (pos.0 as usize) < $limits.max_rows && column_beyond(u64::from(pos.1) + 1, $limits).is_none() {
                        sp.formulas.insert(pos);
                    }
                }
            }
        }
        Ok::<Sparse, Error>(sp)
    }};
}

/// Reads one sheet of a Range-based reader (XLS, ODS) into a sparse sheet.
fn range_sparse(
    range: &calamine::Range<calamine::Data>,
    formulas: Option<&calamine::Range<String>>,
    limits: &Limits,
) -> Result<Sparse, Error> {
    let mut sp = Sparse::default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        sp.push((r0 + r as u32, c0 + c as u32), v.clone(), limits)?;
    }
    if let Some(f) = formulas {
        let (r0, c0) = f.start().unwrap_or((0, 0));
        for (r, c, v) in f.used_cells() {
            if !v.trim().is_empty() {
                let pos = (r0 + r as u32, c0 + c as u32);
                sp.check(pos, limits)?;
                sp.formulas.insert(pos);
            }
        }
    }
    Ok(sp)
}

/// Reads one sheet of a workbook (bytes already read; `ext` names the format).
/// The sheet is read cell by cell with its shape bounded by `limits` before
/// anything is allocated per cell; zip parts are bounded before calamine
/// opens them. `nip_header` tells header cells whose numbers must not be
/// numeric (NIPs lose digits as numbers); `show_names` shows every sheet name
/// as written (else only those that look like labels, [`crate::labels`]).
pub fn workbook_sheet(
    ext: &str,
    bytes: &[u8],
    want: Option<&str>,
    nip_header: &dyn Fn(&str) -> bool,
    limits: &Limits,
    show_names: bool,
) -> Result<Sheet, Error> {
    use calamine::{open_workbook_from_rs, Ods, Reader, Xls, Xlsb, Xlsx};
    let fmt = match ext {
        "xls" => "XLS",
        "xlsb" => "XLSB",
        "ods" => "ODS",
        _ => "XLSX",
    };
    let bad = || input_error(problem(Code::InvalidInput, "input", t::IN_WORKBOOK_BAD, &[&fmt]));
    // An OLE compound file (an XLS, or an encrypted OOXML workbook, which calamine opens as one to look
    // for a password whatever the extension): calamine follows its sector chains without a check for
    // loops and reserves what its header declares. It is read only when its structure is followed here
    // first, without a loop and within the file's size; an XLSX/XLSB given as one is not read at all.
    // (the stream is decoded once, here, for the checks of `check_xls_dimensions` too)
    let xls_stream = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let (stream, macros) = (ext == "xls").then(|| cfb_sound(bytes, limits)).flatten().ok_or_else(bad)?;
        if macros {
            return Err(input_error(problem(Code::InvalidInput, "input", t::IN_XLS_MACROS, &[])));
        }
        Some(stream)
    } else {
        None
    };
    let mut xls_numbers = XlsNumbers::default();
    let shared_strings = if ext == "xls" {
        // (dropped here: calamine decodes its own copy)
        if let Some(wb) = xls_stream {
            xls_numbers = check_xls_dimensions(&wb, limits)?;
        }
        0
    } else {
        check_zip(bytes, limits)?
    };
    let (xlsb_sheets, xlsb_1904) = if ext == "xlsb" { check_xlsb(bytes, limits)? } else { (vec![], false) };
    let ods_hidden = if ext == "ods" { check_ods_repeats(bytes, limits)? } else { vec![] };
    // XLSX: each sheet's worksheet part, for the pre-scan of its cells.
    let mut zip = (ext != "xls" && ext != "xlsb" && ext != "ods")
        .then(|| zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok())
        .flatten();
    // (the parts calamine reads when the workbook opens, and with each sheet: the workbook and its
    // relationships, their tags' attributes checked as they are read; the styles' number formats)
    let (parts, styles) = match zip.as_mut() {
        Some(z) => {
            let (parts, date1904) = xlsx_sheet_parts(z, limits.part_bytes())?;
            (parts, check_xlsx_styles(z, limits.part_bytes(), date1904)?)
        }
        None => (vec![], XlsxStyles::default()),
    };
    // Two sheets of one worksheet part (Excel never writes it): each would be read again in full
    // (2,000 sheets naming one part of 15 MB ran for minutes).
    if parts.len() > MAX_SHEETS {
        return Err(too_many_sheets());
    }
    if zip.as_ref().is_some_and(|z| parts_repeat(z, &parts)) {
        return Err(bad());
    }
    let rs = std::io::Cursor::new(bytes);
    // Sheet names, then a reader of one sheet by name.
    enum Wb<'a> {
        Xlsx(Xlsx<std::io::Cursor<&'a [u8]>>),
        Xlsb(Xlsb<std::io::Cursor<&'a [u8]>>),
        Xls(Xls<std::io::Cursor<&'a [u8]>>),
        Ods(Ods<std::io::Cursor<&'a [u8]>>),
    }
    let mut wb = match ext {
        "xls" => Wb::Xls(open_workbook_from_rs(rs).map_err(|_| bad())?),
        "xlsb" => Wb::Xlsb(open_workbook_from_rs(rs).map_err(|_| bad())?),
        "ods" => Wb::Ods(open_workbook_from_rs(rs).map_err(|_| bad())?),
        _ => Wb::Xlsx(open_workbook_from_rs(rs).map_err(|_| bad())?),
    };
    let mut meta = match &wb {
        Wb::Xlsx(x) => x.sheets_metadata().to_vec(),
        Wb::Xlsb(x) => x.sheets_metadata().to_vec(),
        Wb::Xls(x) => x.sheets_metadata().to_vec(),
        Wb::Ods(x) => x.sheets_metadata().to_vec(),
    };
    if ods_hidden.len() == meta.len() {
        for (m, &h) in meta.iter_mut().zip(&ods_hidden) {
            if h {
                m.visible = calamine::SheetVisible::Hidden;
            }
        }
    }
    // (each sheet is looked up among the zip's parts, by calamine and here, and visible ones are read for
    // data: the work grows with sheets x parts; 40,000 empty sheets ran past two minutes)
    if meta.len() > MAX_SHEETS {
        return Err(too_many_sheets());
    }
    if matches!(wb, Wb::Xlsx(_) | Wb::Xlsb(_)) {
        check_sheet_lookups(bytes, meta.len())?;
    }
    let names: Vec<String> = meta.iter().map(|m| m.name.clone()).collect();
    // Two sheets of one name: calamine finds a sheet by its name (the first of it; an ODS keeps the last
    // table of a name), so one of them would be read in the other's place (a hidden second table had replaced
    // the visible first). Excel and LibreOffice refuse such names.
    {
        let mut seen = std::collections::HashSet::new();
        if !names.iter().all(|n| seen.insert(n.as_str())) {
            return Err(input_error(problem(Code::InvalidInput, "input", t::IN_DUPLICATE_SHEET_NAME, &[])));
        }
    }
    // A sheet name is user text: shown as written only when it looks like a
    // label, else as `sheet N` (crate::labels).
    let label = |n: &str| -> String {
        let i = names.iter().position(|x| x == n).unwrap_or(0);
        crate::labels::sheet_label(n, i, show_names)
    };
    // XLSX: the pre-scan of a sheet's cells and merge ranges (scan_xlsx_sheet);
    // a problem found refuses the sheet, naming the cell.
    let scan = |zip: &mut Option<zip::ZipArchive<std::io::Cursor<&[u8]>>>, n: &str| -> Result<XlsxScan, Error> {
        let Some(z) = zip.as_mut() else { return Ok(XlsxScan::default()) };
        // A worksheet whose part the checks cannot find as calamine finds it (the sheet lists differ, a target
        // in a declared encoding other than UTF-8, which calamine decodes) is refused: its cells would go
        // unchecked into calamine (a windows-1252 target had let every check of the sheet be passed over).
        let i = names.iter().position(|x| x == n).filter(|_| parts.len() == names.len());
        let part = i.and_then(|i| parts.get(i)).cloned().flatten().and_then(|p| zip_part(z, &p, limits.part_bytes()));
        let Some(xml) = part else { return Err(sheet_bad(&label(n))) };
        let sc = scan_xlsx_sheet(&xml, &label(n), shared_strings, &styles, limits);
        if sc.problems.is_empty() {
            Ok(sc)
        } else {
            Err(Error::Input(sc.problems))
        }
    };
    // Without --sheet: the first VISIBLE sheet with data (what the user sees
    // on opening the file); hidden sheets only when no visible one has data.
    // (worksheets only: a chart, dialog or macro sheet holds no table)
    let work = || meta.iter().filter(|m| m.typ == calamine::SheetType::WorkSheet);
    let visible: Vec<String> =
        work().filter(|m| m.visible == calamine::SheetVisible::Visible).map(|m| m.name.clone()).collect();
    let visible_first: Vec<String> = {
        let hidden = work().filter(|m| m.visible != calamine::SheetVisible::Visible).map(|m| m.name.clone());
        visible.iter().cloned().chain(hidden).collect()
    };
    let mut read = |n: &str| -> Result<Sparse, Error> {
        let l = label(n);
        match &mut wb {
            Wb::Xlsx(x) => stream_sheet!(x, n, &l, limits),
            Wb::Xlsb(x) => {
                let mut sp = stream_cells!(x, n, &l, limits);
                // (its formula cells from check_xlsb, by the sheet's place: calamine's order)
                let at = names.iter().position(|m| m == n);
                for &pos in at.and_then(|k| xlsb_sheets.get(k)).map(|f| &f.formulas).into_iter().flatten() {
                    if (pos.0 as usize) < limits.max_rows && column_beyond(u64::from(pos.1) + 1, limits).is_none() {
                        sp.formulas.insert(pos);
                    }
                }
                Ok(sp)
            }
            Wb::Xls(x) => {
                let r = x.worksheet_range(n).map_err(|_| sheet_bad(&l))?;
                range_sparse(&r, x.worksheet_formula(n).ok().as_ref(), limits)
            }
            Wb::Ods(x) => {
                let r = x.worksheet_range(n).map_err(|_| sheet_bad(&l))?;
                range_sparse(&r, x.worksheet_formula(n).ok().as_ref(), limits)
            }
        }
    };
    let dup = |n: &str, sp: &Sparse| -> Result<(), Error> {
        match sp.dup {
            Some((r, c)) => {
                let at = format!("{}!{}{}", label(n), column_letter(c as usize), r as u64 + 1);
                Err(input_error(problem(Code::InvalidInput, at.clone(), t::IN_DUPLICATE_CELL, &[&at])))
            }
            None => Ok(()),
        }
    };
    let mut chosen: Option<(String, Sparse, XlsxScan)> = None;
    match want {
        Some(w) => {
            // (`sheet N`, as a sheet whose name is not shown is listed, picks the N-th sheet)
            let by_place = || {
                let k: usize = w.trim().strip_prefix("sheet ")?.trim().parse().ok()?;
                names.get(k.checked_sub(1)?)
            };
            // (a sheet of exactly that name first; else the one sheet named so ignoring ASCII case and the
            // spaces around: with `Pegawai` and `PEGAWAI ` both there, a loose match would read either)
            let loose: Vec<&String> = names.iter().filter(|n| n.trim().eq_ignore_ascii_case(w.trim())).collect();
            let found = match names.iter().find(|n| n.as_str() == w) {
                Some(n) => Some(n),
                None if loose.len() > 1 => {
                    let shown: Vec<String> = loose.iter().map(|n| label(n)).collect();
                    let p = problem(Code::InvalidInput, "sheet", t::IN_SHEET_AMBIGUOUS, &[&w, &shown.join(", ")]);
                    return Err(input_error(p));
                }
                None => loose.first().copied(),
            };
            let Some(n) = found.or_else(by_place) else {
                let shown: Vec<String> = names.iter().map(|n| label(n)).collect();
                return Err(input_error(problem(
                    Code::InvalidInput,
                    "sheet",
                    t::IN_NO_SHEET,
                    &[&w, &shown.join(", ")],
                )));
            };
            if meta.iter().any(|m| m.name == *n && m.typ != calamine::SheetType::WorkSheet) {
                let p = problem(Code::InvalidInput, "sheet", t::IN_SHEET_NOT_TABLE, &[&label(n)]);
                return Err(input_error(p));
            }
            let sc = scan(&mut zip, n)?;
            let sp = read(n)?;
            dup(n, &sp)?;
            if sp.is_empty() {
                return Err(empty_sheet(&format!("{}!", label(n)), t::IN_NO_HEADER));
            }
            chosen = Some((n.clone(), sp, sc));
        }
        None => {
            for n in &visible_first {
                // The pre-scan's findings refuse the file (the sheet would
                // otherwise be passed over as damaged, or read wrongly).
                let sc = scan(&mut zip, n)?;
                // A damaged worksheet before the first with data refuses the
                // file: it may be the one that holds the data (a sheet whose
                // part is missing or cut short had been passed over, and the
                // next sheet read in its place without a word); `--sheet`
                // reads another.
                let sp = read(n)?;
                if !sp.rows.is_empty() {
                    dup(n, &sp)?;
                    chosen = Some((n.clone(), sp, sc));
                    break;
                }
            }
        }
    }
    let Some((name, mut sp, sc)) = chosen else {
        return Err(empty_sheet("", t::IN_ALL_SHEETS_EMPTY));
    };
    // Other visible sheets holding data are not read: say how many (not
    // their names) when the sheet was chosen, not named with --sheet.
    let unread = if want.is_none() {
        // (a sheet the pre-scan finds damaged counts, and is not handed to calamine)
        visible.iter().filter(|n| **n != name).filter(|n| scan(&mut zip, n).is_err() || has_data(&mut wb, n)).count()
    } else {
        0
    };
    // (the sheet's place in calamine's order, by which the checks keep what they found of it)
    let at = names.iter().position(|n| *n == name);
    match &wb {
        Wb::Xlsx(_) => recast(&mut sp, &sc.recast, styles.date1904),
        Wb::Xlsb(_) => {
            if let Some(f) = at.and_then(|k| xlsb_sheets.get(k)) {
                recast(&mut sp, &f.recast, xlsb_1904);
            }
        }
        Wb::Xls(_) => {
            if let Some(cells) = at.and_then(|k| xls_numbers.offsets.get(k)).and_then(|o| xls_numbers.recast.get(o)) {
                recast(&mut sp, cells, xls_numbers.date1904);
            }
        }
        _ => {}
    }
    let merged: Vec<calamine::Dimensions> = match &mut wb {
        Wb::Xlsx(_) => sc.merges,
        Wb::Xls(x) => x.worksheet_merge_cells(&name).unwrap_or_default().into_iter().map(merge_range).collect(),
        // (from check_xlsb)
        Wb::Xlsb(_) => at.and_then(|k| xlsb_sheets.get(k)).map(|f| f.merges.clone()).unwrap_or_default(),
        _ => vec![],
    };
    let mut sheet = sheet_from_sparse(label(&name), sp, &merged, nip_header, limits)?;
    sheet.position = at.map(|i| i + 1);
    if unread > 0 {
        sheet.warnings.push(problem(Code::UnreadSheets, "input", t::IN_UNREAD_SHEETS, &[&unread]));
    }
    return Ok(sheet);

    /// Whether sheet `n` holds a non-empty cell (read up to its first one).
    fn has_data(wb: &mut Wb<'_>, n: &str) -> bool {
        let filled = |d: &calamine::Data| match d {
            calamine::Data::Empty => false,
            calamine::Data::String(s) => !s.trim().is_empty(),
            _ => true,
        };
        macro_rules! first_cell {
            ($x:expr) => {{
                let Ok(mut r) = $x.worksheet_cells_reader(n) else { return false };
                while let Ok(Some(c)) = r.next_cell() {
                    if filled(&calamine::Data::from(c.get_value().clone())) {
                        return true;
                    }
                }
                false
            }};
        }
        match wb {
            Wb::Xlsx(x) => first_cell!(x),
            Wb::Xlsb(x) => first_cell!(x),
            Wb::Xls(x) => x.worksheet_range(n).is_ok_and(|r| r.used_cells().any(|(_, _, d)| filled(d))),
            Wb::Ods(x) => x.worksheet_range(n).is_ok_and(|r| r.used_cells().any(|(_, _, d)| filled(d))),
        }
    }
}

/// The sheet of a workbook's cells read sparse, its merged ranges
/// (each as [`merge_range`] makes it) checked against its header and rows.
fn sheet_from_sparse(
    name: String,
    sp: Sparse,
    merged: &[calamine::Dimensions],
    nip_header: &dyn Fn(&str) -> bool,
    limits: &Limits,
) -> Result<Sheet, Error> {
    use calamine::Data;
    let cols = sp.rows.values().flat_map(|r| r.iter().map(|(c, _)| *c)).chain(sp.formulas.iter().map(|p| p.1));
    let (c0, cmax) = cols.fold((u32::MAX, 0u32), |(lo, hi), c| (lo.min(c), hi.max(c)));
    if c0 > cmax {
        return Err(empty_sheet(&format!("{name}!"), t::IN_NO_HEADER));
    }
    let width = (cmax - c0) as usize + 1;
    let mut row_ids: Vec<u32> = sp.rows.keys().copied().chain(sp.formulas.iter().map(|p| p.0)).collect();
    row_ids.sort_unstable();
    row_ids.dedup();
    if (row_ids.len() as u64).saturating_mul(width as u64) > limits.sheet_cells() {
        return Err(input_error(problem(Code::LimitExceeded, "input", t::IN_LIMIT_CELLS, &[&limits.sheet_cells()])));
    }
    // The header is the first row with two or more filled cells: a title line
    // above the table ("DAFTAR PEGAWAI ...") is skipped. A sheet of one column
    // has none such: its first filled row is the header (as in a CSV).
    let filled_in = |r: &Vec<(u32, Data)>| {
        r.iter().filter(|(_, c)| !matches!(c, Data::Empty) && !c.to_string().trim().is_empty()).count()
    };
    let header_row = row_ids
        .iter()
        .find(|r| sp.rows.get(r).is_some_and(|x| filled_in(x) >= 2))
        .or_else(|| row_ids.iter().find(|r| sp.rows.get(r).is_some_and(|x| filled_in(x) >= 1)))
        .copied();
    // Each row is taken out of the sparse sheet as it is converted, so the
    // cells are held once, never twice.
    let mut sp = sp;
    let mut dense = |r: u32| -> Vec<Data> {
        let mut v = vec![Data::Empty; width];
        for (c, d) in sp.rows.remove(&r).into_iter().flatten() {
            if let Some(slot) = v.get_mut((c - c0) as usize) {
                *slot = d;
            }
        }
        v
    };
    let mut sheet = Sheet { name: Some(name.clone()), first_col: c0 as usize, ..Sheet::default() };
    let mut header_at: Option<u32> = None;
    let mut nip_cols: Vec<bool> = Vec::new();
    for &abs in &row_ids {
        let row = dense(abs);
        let empty = row.iter().all(|c| match c {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        });
        if header_at.is_none() {
            if Some(abs) != header_row {
                continue;
            }
            header_at = Some(abs);
            sheet.header_row = abs as usize + 1;
            sheet.headers = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect();
            nip_cols = sheet.headers.iter().map(|h| nip_header(h)).collect();
            continue;
        }
        // Formula cells without a cached value read as empty: look them up first.
        let mut problems = Vec::new();
        let mut cells = Vec::with_capacity(row.len());
        let number = abs as usize + 1;
        let mut has_formula_gap = false;
        for (j, c) in row.into_iter().enumerate() {
            let col = c0 + j as u32;
            let cell_ref = || format!("{name}!{}{number}", column_letter(col as usize));
            let cell = match c {
                Data::Empty => {
                    if sp.formulas.contains(&(abs, col)) {
                        has_formula_gap = true;
                        problems.push(problem(Code::FormulaWithoutValue, cell_ref(), t::IN_FORMULA, &[]));
                    }
                    Cell::Null
                }
                Data::String(s) if s.is_empty() => {
                    if sp.formulas.contains(&(abs, col)) {
                        has_formula_gap = true;
                        problems.push(problem(Code::FormulaWithoutValue, cell_ref(), t::IN_FORMULA, &[]));
                    }
                    Cell::Null
                }
                Data::String(s) => Cell::Str(s),
                Data::Float(x) if !x.is_finite() => {
                    problems.push(problem(Code::InvalidValue, cell_ref(), t::IN_NOT_FINITE, &[]));
                    Cell::Null
                }
                Data::Float(x) => Cell::Num(x),
                Data::Int(x) => Cell::Num(x as f64),
                Data::Bool(b) => Cell::Bool(b),
                // (a duration is no date: Excel shows `[h]:mm` as hours)
                Data::DateTime(d) if is_duration(&d) => {
                    problems.push(problem(Code::InvalidValue, cell_ref(), t::IN_CELL_DURATION, &[]));
                    Cell::Null
                }
                Data::DateTime(d) => match excel_date(d.as_f64(), in_1904(&d)) {
                    Some(s) => Cell::Str(s),
                    None => {
                        problems.push(problem(Code::InvalidValue, cell_ref(), t::IN_DATE_RANGE, &[]));
                        Cell::Null
                    }
                },
                Data::DateTimeIso(s) => Cell::Str(s.chars().take(10).collect()),
                Data::DurationIso(s) => Cell::Str(s),
                Data::Error(e) => {
                    problems.push(problem(Code::InvalidValue, cell_ref(), t::IN_CELL_ERROR, &[&e]));
                    Cell::Null
                }
            };
            let cell = match cell {
                // A NIP stored as a number has lost digits: it is not the
                // person's NIP, so it is not kept (two different NIPs that
                // round to one number are not a `duplicate_nip`).
                Cell::Num(x) if nip_cols.get(j).copied().unwrap_or(false) && x.abs() >= 1e14 => {
                    problems.push(problem(Code::InvalidType, cell_ref(), t::IN_NIP_NUMBER, &[]));
                    Cell::Null
                }
                other => other,
            };
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
    // but the first is empty in the file: an error of its row, named at the
    // row's first such cell in a header column. One problem a row however many
    // merges and columns cover it (a merge may span the whole sheet, and many
    // may overlap: a problem per covered cell had taken gigabytes), found by a
    // sweep of the merges' rows, never cell by cell.
    let mut header_merges = Vec::new();
    let last_col = (c0 as usize + sheet.headers.len()).saturating_sub(1) as u32;
    // (first row with such a cell, last row, that cell's column in the merge's top row, in its other rows,
    // the top row, the range)
    let mut spans: Vec<(u64, u64, u32, u32, u64, String)> = Vec::new();
    if merged.len() > MAX_MERGES {
        let p = problem(Code::LimitExceeded, format!("{name}!"), t::IN_LIMIT_MERGES, &[&MAX_MERGES]);
        return Err(input_error(p));
    }
    let mut warned = 0usize;
    for m in merged {
        let ((r1, c1), (r2, c2)) = (m.start, m.end);
        let a1 = format!(
            "{}{}:{}{}",
            column_letter(c1 as usize),
            u64::from(r1) + 1,
            column_letter(c2 as usize),
            u64::from(r2) + 1
        );
        if r1 <= h && h <= r2 {
            // (the sheet is refused: the first 100 are named, as the pre-scan names its problems)
            if header_merges.len() < 100 {
                header_merges.push(problem(Code::MergedCells, format!("{name}!{a1}"), t::IN_MERGED_HEADER, &[&a1]));
            }
            continue;
        }
        if r2 < h {
            continue;
        }
        warned += 1;
        if warned <= MERGE_WARNINGS {
            sheet.warnings.push(problem(Code::MergedCells, format!("{name}!{a1}"), t::IN_MERGED, &[&a1]));
        }
        let (lo, hi) = (c1.max(c0), c2.min(last_col));
        if lo > hi {
            continue; // no header column covered
        }
        // the top row's cells past the merge's own first one
        let top = if lo == c1 { lo.saturating_add(1) } else { lo };
        let first = if top <= hi { u64::from(r1) } else { u64::from(r1) + 1 };
        spans.push((first, u64::from(r2), top, lo, u64::from(r1), a1));
    }
    if warned > MERGE_WARNINGS {
        let more = warned - MERGE_WARNINGS;
        sheet.warnings.push(problem(Code::MergedCells, format!("{name}!"), t::IN_MERGED_MORE, &[&more]));
    }
    spans.sort_by_key(|s| s.0);
    let (mut next, mut widest): (usize, Option<usize>) = (0, None);
    for r in sheet.rows.iter_mut() {
        let r0 = r.number as u64 - 1;
        while let Some(s) = spans.get(next).filter(|s| s.0 <= r0) {
            if widest.is_none_or(|w| s.1 > spans[w].1) {
                widest = Some(next);
            }
            next += 1;
        }
        // the started merge reaching furthest down covers this row, if any does
        if let Some((_, _, top, lo, r1, a1)) = widest.map(|w| &spans[w]).filter(|s| s.1 >= r0) {
            let col = if r0 == *r1 { *top } else { *lo };
            r.problems.push(problem(
                Code::MergedCells,
                format!("{name}!{}{}", column_letter(col as usize), r.number),
                t::IN_MERGED,
                &[a1],
            ));
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

/// A JSON record with its origin, or the problem reading it (with the value
/// when it is an object: its NIP and unit still count).
pub(crate) type Origin = (String, Result<serde_json::Value, (Problem, Option<serde_json::Value>)>);

/// A JSON parse error as line / column and the expected form, never the
/// parser's text (it can quote the input).
pub(crate) fn json_problem(path: &str, e: &serde_json::Error, line: usize, col: usize) -> Problem {
    match e.classify() {
        serde_json::error::Category::Eof => problem(Code::InvalidInput, path, t::IN_JSON_EOF, &[&line]),
        // serde_json refuses a number beyond f64 (`1e999`): named as not finite.
        serde_json::error::Category::Syntax if e.to_string().starts_with("number out of range") => {
            problem(Code::InvalidInput, path, t::IN_JSON_NUMBER_RANGE, &[&line, &col])
        }
        // serde_json's fixed messages say what is wrong (a lone surrogate, a control character, `,` expected):
        // said in both languages from the core's catalogue, any other as a punctuation slip
        serde_json::error::Category::Syntax => {
            match meritkit::diag::diagnose(String::new(), &e.to_string(), true, "JSON").kind {
                meritkit::diag::Kind::Syntax(_, Some((en, id))) => meritkit::Problem::new(
                    Code::InvalidInput,
                    path,
                    t::IN_JSON_SYNTAX_DETAIL.fmt(crate::Lang::En, &[&line, &col, &en]),
                    t::IN_JSON_SYNTAX_DETAIL.fmt(crate::Lang::Id, &[&line, &col, &id]),
                ),
                _ => problem(Code::InvalidInput, path, t::IN_JSON_SYNTAX, &[&line, &col]),
            }
        }
        _ => problem(Code::InvalidInput, path, t::IN_JSON_DEPTH, &[&line, &col]),
    }
}

/// A record read from JSON (`v`, `element` of the array `noted` read, or the
/// whole of it: `None`): not an object, or an object
/// that repeats a key at any depth, is an error of its own (a JSON value
/// would silently keep one of the two values: the reader keeps the first and
/// notes the repeat, [`meritkit::read::NotedValue`]).
pub(crate) fn json_record(
    origin: String,
    v: serde_json::Value,
    noted: &meritkit::read::NotedValue,
    element: Option<usize>,
) -> Origin {
    if !v.is_object() {
        let p = problem(Code::InvalidType, origin.clone(), t::IN_JSON_NOT_OBJECT, &[]);
        return (origin, Err((p, None)));
    }
    match noted.repeated_key(element) {
        Some(p) => (origin, Err((p, Some(v)))),
        None => (origin, Ok(v)),
    }
}

/// The cells a JSON record counts against `--max-cells`: an object's keys
/// (at least one), else one.
pub(crate) fn json_cells(v: &serde_json::Value) -> usize {
    v.as_object().map_or(1, |o| o.len().max(1))
}

/// Counts JSON records (every array element or stream value, an unreadable
/// one included) against [`Limits::max_rows`] and their fields against
/// [`Limits::max_cells`] (the limits of [`Options::limits`]),
/// so that `--max-rows` / `--max-cells` bound JSON and JSONL input like CSV
/// and workbooks: exceeded, the file is refused (`limit_exceeded`, exit 2)
/// naming the record where the limit was passed.
struct JsonBudget {
    limits: Limits,
    rows: usize,
    cells: usize,
    held: HeldRows,
}

impl JsonBudget {
    fn new(limits: &Limits) -> JsonBudget {
        JsonBudget { limits: *limits, rows: 0, cells: 0, held: HeldRows::default() }
    }

    fn add(&mut self, origin: &str, v: &serde_json::Value) -> Result<(), Error> {
        let limits = self.limits;
        self.rows += 1;
        let cells = json_cells(v);
        self.cells = self.cells.saturating_add(cells);
        // (a record is held as a JSON value, its origin and then its row: twice a CSV row's share)
        self.held.add(4 + 2 * cells, origin)?;
        if self.rows > limits.max_rows {
            return Err(input_error(problem(Code::LimitExceeded, origin, t::IN_LIMIT_ROWS, &[&limits.max_rows])));
        }
        if self.cells > limits.max_cells {
            return Err(input_error(problem(Code::LimitExceeded, origin, t::IN_LIMIT_CELLS, &[&limits.max_cells])));
        }
        Ok(())
    }
}

/// Reads raw JSON records with their origins: an array of objects (origin
/// `#1`, `#2`, ...), or a stream of objects, one per line (JSONL) or
/// pretty-printed (origin `line N`, the line the object starts on). In a
/// stream an unreadable object is an error of its line and reading goes on
/// at the next line that starts with `{`. Every array element or stream value
/// is a record or an error; empty input is `empty_sheet`.
fn json_values(text: &str, limits: &Limits) -> Result<Vec<Origin>, Error> {
    match json_over(text.as_bytes(), limits.json_values()) {
        Some(JsonOver::String(line)) => return Err(cell_too_long(format!("line {line}"))),
        Some(JsonOver::Values(line)) => {
            let p =
                problem(Code::LimitExceeded, format!("line {line}"), t::IN_LIMIT_JSON_VALUES, &[&limits.json_values()]);
            return Err(input_error(p));
        }
        None => {}
    }
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(empty_sheet("", t::IN_JSON_EMPTY));
    }
    let lead_lines = text[..text.len() - trimmed.len()].matches('\n').count();
    if trimmed.starts_with('[') {
        let mut noted: meritkit::read::NotedValue = serde_json::from_str(trimmed).map_err(|e| {
            let col = if e.line() == 1 { e.column() + text.len() - trimmed.len() } else { e.column() };
            input_error(json_problem("", &e, e.line() + lead_lines, col))
        })?;
        let serde_json::Value::Array(a) = std::mem::take(&mut noted.value) else {
            return Err(input_error(problem(Code::InvalidInput, "", t::IN_JSON_TOP, &[])));
        };
        if a.is_empty() {
            return Err(empty_sheet("", t::IN_JSON_EMPTY));
        }
        let mut budget = JsonBudget::new(limits);
        for (i, v) in a.iter().enumerate() {
            budget.add(&format!("#{}", i + 1), v)?;
        }
        return Ok(a
            .into_iter()
            .enumerate()
            .map(|(i, v)| json_record(format!("#{}", i + 1), v, &noted, Some(i)))
            .collect());
    }
    let mut out = Vec::new();
    let mut budget = JsonBudget::new(limits);
    let mut pos = 0usize;
    let mut line = 1usize;
    let b = text.as_bytes();
    loop {
        while let Some(&c) = b.get(pos) {
            if !c.is_ascii_whitespace() {
                break;
            }
            if ends_line(b, pos) {
                line += 1;
            }
            pos += 1;
        }
        if pos >= b.len() {
            break;
        }
        let origin = format!("line {line}");
        let rest = &text[pos..];
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<meritkit::read::NotedValue>();
        match stream.next() {
            None => break,
            Some(Ok(mut noted)) => {
                let v = std::mem::take(&mut noted.value);
                let end = stream.byte_offset();
                line += line_breaks(&rest[..end]);
                pos += end;
                // An array in a stream holds records too: each element is one
                // (origin `line L #i`), not one row for the whole array.
                match v {
                    serde_json::Value::Array(a) if !a.is_empty() => {
                        for (i, v) in a.into_iter().enumerate() {
                            let o = format!("{origin} #{}", i + 1);
                            budget.add(&o, &v)?;
                            out.push(json_record(o, v, &noted, Some(i)));
                        }
                    }
                    v => {
                        budget.add(&origin, &v)?;
                        out.push(json_record(origin, v, &noted, None));
                    }
                }
                // A comma between records (`{...},` per line) is a separator, not a record.
                let mut p = pos;
                while matches!(b.get(p), Some(b' ' | b'\t' | b'\r')) {
                    p += 1;
                }
                if b.get(p) == Some(&b',') {
                    pos = p + 1;
                }
            }
            Some(Err(e)) => {
                let col0 = text[..pos].rfind('\n').map_or(pos, |n| pos - n - 1);
                let col = if e.line() == 1 { col0 + e.column() } else { e.column() };
                budget.add(&origin, &serde_json::Value::Null)?;
                out.push((
                    origin.clone(),
                    Err((json_problem(&origin, &e, line + e.line().saturating_sub(1), col), None)),
                ));
                // Where to go on: the earlier of (a) a record that starts on
                // the error's line and ends there (`{"nip": "1", "na {"nip":
                // "2", ...}`: a record of its own) and (b) the next line after
                // the broken record's first that starts with `{` after at most
                // its own indentation (indented records are records; deeper
                // lines are its content). (b) first when earlier: a record cut
                // off at its line end (`{"nip": "1", "position": `) would else
                // take the next line's record as its value, and that record
                // would be lost inside the broken one.
                let same = rest.starts_with('{').then(|| same_line_record(rest, &e)).flatten();
                let same = same.map(|(o, l)| (pos + o, line + l));
                let indent = text[..pos].rfind('\n').map_or(pos, |n| pos - n - 1);
                let mut next = None;
                let mut off = pos;
                let mut l = line;
                // (LF, CRLF or a lone CR: a file of CR line ends is read by lines too)
                while let Some(n) = text[off..].find(['\n', '\r']) {
                    off += n + 1;
                    if text.as_bytes().get(off - 1) == Some(&b'\r') && text.as_bytes().get(off) == Some(&b'\n') {
                        off += 1;
                    }
                    l += 1;
                    if same.is_some_and(|(o, _)| off > o) {
                        break;
                    }
                    let body = text[off..].trim_start_matches([' ', '\t']);
                    let lead = text.len() - off - body.len();
                    if body.starts_with('{') && lead <= indent {
                        next = Some((off + lead, l));
                        break;
                    }
                }
                let next = match (same, next) {
                    (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
                    (a, b) => a.or(b),
                };
                match next {
                    Some((o, l)) => {
                        pos = o;
                        line = l;
                    }
                    None => break,
                }
            }
        }
    }
    if out.is_empty() {
        return Err(empty_sheet("", t::IN_JSON_EMPTY));
    }
    Ok(out)
}

/// Whether byte `i` of `b` ends a line: LF, the LF of a CRLF, or a lone CR.
fn ends_line(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => b.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Line breaks in `s` ([`ends_line`]).
fn line_breaks(s: &str) -> usize {
    let b = s.as_bytes();
    (0..b.len()).filter(|&i| ends_line(b, i)).count()
}

/// The most values (array elements and object entries at any depth) a
/// record of over [`MAX_CELL_BYTES`] is parsed with on its own by the
/// streaming JSON reader: 100,000 (a record holds a few hundred: its fields,
/// appraisal years, competencies, positions held). A larger one is left to
/// the whole-file reader, bounded by [`Limits::json_values`].
pub const MAX_RECORD_VALUES: u64 = 100_000;

/// What a pre-scan of JSON text finds first, with its line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonOver {
    /// A string longer than [`MAX_CELL_BYTES`] once decoded starts on this line.
    String(usize),
    /// The text holds more than the allowed values by this line.
    Values(usize),
}

/// One pass over JSON bytes before anything is parsed: the first string
/// longer than [`MAX_CELL_BYTES`] once decoded (the parser would copy it; an
/// escape counts as what it decodes to: `\"` one byte, `\u00e9` two, each half
/// of a surrogate pair two), or the line where the text holds more than
/// `max_values` values (each `[`, `{` and `,` outside strings counts one: an
/// array's elements and an object's entries at any depth, which the parser
/// would each make into a value of 32 bytes or more).
pub(crate) fn json_over(b: &[u8], max_values: u64) -> Option<JsonOver> {
    let (mut line, mut start_line) = (1usize, 1usize);
    let (mut inside, mut escaped) = (false, false);
    // decoded bytes of the current string; hex digits of a `\u` escape still to read, and their value
    let (mut decoded, mut hex_left, mut unit) = (0usize, 0u8, 0u32);
    let mut values = 0u64;
    for (i, &c) in b.iter().enumerate() {
        if ends_line(b, i) {
            line += 1;
        }
        if !inside {
            match c {
                b'"' => (inside, decoded, start_line) = (true, 0, line),
                b'[' | b'{' | b',' => {
                    values += 1;
                    if values > max_values {
                        return Some(JsonOver::Values(line));
                    }
                }
                _ => {}
            }
            continue;
        }
        if hex_left > 0 {
            hex_left -= 1;
            unit = unit * 16 + char::from(c).to_digit(16).unwrap_or(0);
            if hex_left == 0 {
                decoded += match unit {
                    0..=0x7F => 1,
                    0x80..=0x7FF | 0xD800..=0xDFFF => 2,
                    _ => 3,
                };
            }
        } else if escaped {
            escaped = false;
            if c == b'u' {
                (hex_left, unit) = (4, 0);
            } else {
                decoded += 1;
            }
        } else if c == b'\\' {
            escaped = true;
        } else if c == b'"' || c == b'\n' || c == b'\r' {
            // (a raw line break ends a broken string: the parser stops there)
            inside = false;
        } else {
            decoded += 1;
        }
        if inside && decoded > MAX_CELL_BYTES {
            return Some(JsonOver::String(start_line));
        }
    }
    None
}

/// After a parse error `e` in `rest` (a stream from a broken record's `{`):
/// the offset (and the lines before it) of a record that starts on the
/// error's line and ends that line: an object with a `nip` key
/// followed only by spaces or a comma up to the line end. (An object nested
/// in the broken record is not taken: it has no `nip`, or text follows it.)
fn same_line_record(rest: &str, e: &serde_json::Error) -> Option<(usize, usize)> {
    let lines_before = e.line().saturating_sub(1);
    let line_start =
        if lines_before == 0 { 0 } else { rest.match_indices('\n').nth(lines_before - 1).map(|(i, _)| i + 1)? };
    let line_end = rest[line_start..].find('\n').map_or(rest.len(), |n| line_start + n);
    // (from the line start: the quote that broke the record may sit after
    // the next record's `{`; the broken record's own `{` is skipped)
    let mut at = if lines_before == 0 { 1 } else { line_start };
    while let Some(k) = rest.get(at..line_end)?.find('{') {
        let p = at + k;
        let mut it = serde_json::Deserializer::from_str(&rest[p..]).into_iter::<serde_json::Value>();
        if let Some(Ok(v)) = it.next() {
            let end = p + it.byte_offset();
            let tail_ok = end <= line_end && rest[end..line_end].trim_matches([' ', '\t', '\r', ',']).is_empty();
            if tail_ok && v.get("nip").is_some() {
                return Some((p, lines_before));
            }
        }
        at = p + 1;
    }
    None
}

pub(crate) fn failure(v: Option<&serde_json::Value>, problems: Vec<Problem>) -> ParsedRow {
    let s = |k: &str| v.and_then(|v| v.get(k)).and_then(|x| x.as_str()).map(str::to_string);
    Err(ParseFailure { nip: s("nip"), unit: s("unit"), problems })
}

/// The format of a file, from its name, else from its first bytes.
pub(crate) fn detect(name: &str, bytes: &[u8]) -> (String, bool) {
    let ext = ext_of(name);
    if is_workbook_ext(&ext) {
        return (ext, true);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let ods = bytes.len() > 30
            && bytes[30..bytes.len().min(100)].windows(39).any(|w| w == b"application/vnd.oasis.opendocument.spre");
        // (a zip without a name, e.g. on stdin: its workbook part tells XLSB from XLSX, `content.xml` an ODS
        // without its `mimetype` first)
        let has = |part: &str| {
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok_and(|z| {
                z.file_names().any(|n| n.replace('\\', "/").trim_start_matches('/').eq_ignore_ascii_case(part))
            })
        };
        let kind = if ods {
            "ods"
        } else if has("xl/workbook.bin") {
            "xlsb"
        } else if !has("xl/workbook.xml") && has("content.xml") {
            "ods"
        } else {
            "xlsx"
        };
        return (kind.to_string(), true);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return ("xls".to_string(), true);
    }
    (ext, false)
}

/// Reads a sheet (workbook or CSV) for the given path (`-`: stdin), at most
/// [`Limits::max_input_bytes`]; `None` for JSON / JSONL.
pub fn read_sheet(path: &Path, opts: &Options, nip_header: &dyn Fn(&str) -> bool) -> Result<Option<Sheet>, Error> {
    let bytes = read_capped(path, FileRole::Data, opts.limits.max_input_bytes, "input")?;
    read_sheet_bytes(&path.to_string_lossy(), &bytes, opts, nip_header)
}

/// Reads a sheet (workbook or CSV) from the bytes of a file named `name`;
/// `None` for JSON / JSONL.
pub fn read_sheet_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    nip_header: &dyn Fn(&str) -> bool,
) -> Result<Option<Sheet>, Error> {
    let (ext, workbook) = detect(name, bytes);
    if workbook {
        // A defect of the workbook parser on a crafted file must not end the
        // program: it is reported as an unreadable workbook.
        let read = crate::safe::contained(|| {
            workbook_sheet(&ext, bytes, opts.sheet.as_deref(), nip_header, &opts.limits, opts.show_sheet_names)
        });
        return match read {
            Ok(r) => r.map(Some),
            Err(_) => {
                Err(input_error(problem(Code::InvalidInput, "input", t::IN_WORKBOOK_BAD, &[&ext.to_ascii_uppercase()])))
            }
        };
    }
    let text = decode_utf8_ref(bytes)?;
    if is_json(&ext, text) {
        return Ok(None);
    }
    csv_sheet_with(text, (ext == "tsv").then_some(b'\t'), &opts.limits, opts.multiline_cells).map(Some)
}

/// Whether a text file of extension `ext` is JSON or JSONL (by its name, else by its first character).
pub(crate) fn is_json(ext: &str, text: &str) -> bool {
    let t = text.trim_start();
    ext == "json" || ext == "jsonl" || ext == "ndjson" || t.starts_with('[') || t.starts_with('{')
}

/// Reads employee records from any supported file (`-`: stdin), read once
/// into memory (at most [`Limits::max_input_bytes`]). `progress(done, total)`
/// is called while rows are converted.
pub fn read_table(path: &Path, opts: &Options, progress: &dyn Fn(usize, usize)) -> Result<Table, Error> {
    let bytes = read_capped(path, FileRole::Data, opts.limits.max_input_bytes, "input")?;
    read_table_bytes(&path.to_string_lossy(), &bytes, opts, progress)
}

/// [`read_table`] on the bytes of a file named `name` (the extension picks
/// the format; without one, the content does).
pub fn read_table_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    progress: &dyn Fn(usize, usize),
) -> Result<Table, Error> {
    let mapping = &opts.mapping;
    let nip_header = |h: &str| {
        map_headers(&[h], mapping, &|_| String::new())
            .ok()
            .and_then(|m| m.targets.first().cloned().flatten())
            .as_deref()
            == Some("nip")
    };
    let Some(mut sheet) = read_sheet_bytes(name, bytes, opts, &nip_header)? else {
        let text = decode_utf8_ref(bytes)?;
        let vals = json_values(text, &opts.limits)?;
        let total = vals.len();
        let mut table = Table::default();
        let mut error_rows = crate::bounds::ErrorRows::default();
        for (i, (origin, v)) in vals.into_iter().enumerate() {
            let record = match v {
                Ok(v) => parse_row(&v),
                Err((p, v)) => failure(v.as_ref(), vec![p]),
            };
            error_rows.note(record.is_err(), i, &origin)?;
            table.rows.push(record);
            table.origins.push(origin);
            if i % 1000 == 0 {
                progress(i, total);
            }
        }
        progress(total, total);
        return Ok(table);
    };
    let mut conv = RowConverter::new(&sheet, mapping)?;
    let mut table = Table { sheet: sheet.name.clone(), sheet_position: sheet.position, ..Table::default() };
    let mut locator = Locator { sheet: sheet.name.clone(), first_col: sheet.first_col, ..Locator::default() };
    for (i, t) in conv.reading.hm.targets.iter().enumerate() {
        if let Some(t) = t {
            locator.columns.insert(t.clone(), (i, sheet.headers[i].clone()));
        }
    }
    locator.rows = sheet.rows.iter().map(|r| r.number).collect();
    table.locator = Some(locator);
    table.warnings.extend(conv.header_warnings());
    table.warnings.extend(sheet.warnings.iter().cloned());
    table.warnings.extend(conv.unnamed_warnings(&sheet.rows));
    let total = sheet.rows.len();
    // Each row's cells are freed once the row is converted (the sheet and the records were held whole
    // together before: about a third of the CLI's peak memory).
    let rows = std::mem::take(&mut sheet.rows);
    let mut rows = rows.into_iter();
    let mut done = 0;
    while done < total {
        let part: Vec<SheetRow> = rows.by_ref().take(1000).collect();
        done += part.len();
        conv.convert(part, &mut table.rows, &mut table.origins)?;
        progress(done.min(total - 1), total);
    }
    progress(total, total);
    Ok(table)
}

/// Turns the data rows of one sheet into records (the whole sheet at once, or
/// the parts of a [`CsvStream`]): the header mapping, cells beyond a named
/// column, numbers that are not finite; a file with more rows that cannot be
/// read than `--max-error-rows` is refused at the row where the limit is passed.
pub struct RowConverter {
    reading: std::sync::Arc<RowReading>,
    /// Unnamed columns whose first filled cell was already warned about.
    warned: Vec<usize>,
    failures: crate::bounds::ErrorRows,
    rows: usize,
}

impl RowConverter {
    /// For a sheet's header row (its rows are not read).
    pub fn new(sheet: &Sheet, mapping: &ColumnMapping) -> Result<Self, Error> {
        let row_name = match &sheet.name {
            Some(n) => format!("{n}!{}", sheet.header_row),
            None => format!("line {}", sheet.header_row),
        };
        // A header row that holds data (a headerless export, a sheet sorted with
        // its header): refused naming the row, nothing from it.
        if sheet.headers.iter().any(|h| crate::labels::looks_like_data(h)) {
            return Err(input_error(problem(
                Code::MissingHeaderRow,
                row_name,
                t::IN_HEADER_IS_DATA,
                &[&sheet.header_row],
            )));
        }
        let hm = map_headers(&sheet.headers, mapping, &|i| sheet.cell_ref(i, sheet.header_row)).map_err(|mut ps| {
            let filled = sheet.headers.iter().filter(|h| !meritkit::mapping::header_key(h).is_empty()).count();
            let unknown = ps.iter().filter(|p| p.code == Code::UnknownColumn).count();
            if filled >= 2 && unknown == filled {
                ps.insert(
                    0,
                    problem(Code::MissingHeaderRow, row_name.clone(), t::IN_HEADER_NONE_KNOWN, &[&sheet.header_row]),
                );
            }
            Error::Input(ps)
        })?;
        // A column without a header that holds data must not vanish: each filled
        // cell is an error of its row (as a CSV cell beyond the header is), or,
        // with `unknown = "ignore"`, the column is skipped with one warning.
        let ignore_unknown = mapping.unknown == meritkit::mapping::UnknownHeaders::Ignore;
        let unnamed: Vec<usize> = (0..sheet.headers.len())
            .filter(|&j| meritkit::mapping::header_key(&sheet.headers[j]).is_empty() && !hm.is_kept(j))
            .collect();
        // Number columns: `nan`, `inf`, `1e999` (text in CSV, or a NaN a
        // workbook stored) are named as not finite, at their cell.
        let numeric: Vec<usize> = hm
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                t.as_deref()
                    .and_then(meritkit::flat::Column::classify)
                    .is_some_and(|c| c.kind() == meritkit::flat::Kind::Number)
            })
            .map(|(j, _)| j)
            .collect();
        let meta = Sheet {
            name: sheet.name.clone(),
            position: sheet.position,
            headers: Vec::new(),
            header_row: sheet.header_row,
            first_col: sheet.first_col,
            rows: Vec::new(),
            warnings: Vec::new(),
        };
        Ok(RowConverter {
            reading: std::sync::Arc::new(RowReading { hm, meta, unnamed, numeric, ignore_unknown }),
            warned: Vec::new(),
            failures: Default::default(),
            rows: 0,
        })
    }

    /// The header mapping's warnings (skipped unknown or empty headers).
    pub fn header_warnings(&self) -> Vec<Problem> {
        self.reading.hm.warnings.clone()
    }

    /// How each row is read (shared with the threads that score the rows).
    pub fn reading(&self) -> std::sync::Arc<RowReading> {
        self.reading.clone()
    }

    /// With `unknown = "ignore"`: one warning per unnamed column at its first
    /// filled cell in `rows` (once per column across calls).
    pub fn unnamed_warnings<R: RowCells>(&mut self, rows: &[R]) -> Vec<Problem> {
        let mut out = Vec::new();
        if !self.reading.ignore_unknown {
            return out;
        }
        let sheet = &self.reading.meta;
        for &j in &self.reading.unnamed {
            if self.warned.contains(&j) {
                continue;
            }
            if let Some(r) = rows.iter().find(|r| r.filled(j)) {
                let letter = column_letter(sheet.first_col + j);
                let first = sheet.cell_ref(j, r.number());
                out.push(problem(
                    Code::UnnamedColumn,
                    sheet.cell_ref(j, sheet.header_row),
                    t::IN_UNNAMED_COLUMN_SKIPPED,
                    &[&letter, &first],
                ));
                self.warned.push(j);
            }
        }
        out
    }

    /// Converts rows (freeing each once converted), appending records and
    /// their origins (`line 7`, `Pegawai!7`).
    pub fn convert(
        &mut self,
        rows: Vec<SheetRow>,
        records: &mut Vec<ParsedRow>,
        origins: &mut Vec<String>,
    ) -> Result<(), Error> {
        use rayon::prelude::*;
        let reading = &*self.reading;
        // Each row depends on itself alone: converted on rayon's threads, a part at a time.
        let one = |r: SheetRow| (reading.record(&r), reading.origin(r.number));
        let converted: Vec<(ParsedRow, String)> = if rows.len() >= 4096 {
            rows.into_par_iter().map(one).collect()
        } else {
            rows.into_iter().map(one).collect()
        };
        for (record, origin) in converted {
            self.failures.note(record.is_err(), self.rows, &origin)?;
            records.push(record);
            origins.push(origin);
            self.rows += 1;
        }
        Ok(())
    }
}

/// How the data rows of one sheet are read: the header mapping, and what is
/// checked in the cells before a row becomes a record.
pub struct RowReading {
    hm: meritkit::mapping::HeaderMap,
    /// The sheet's name, header row and first column (no rows): how cells are named.
    meta: Sheet,
    unnamed: Vec<usize>,
    numeric: Vec<usize>,
    ignore_unknown: bool,
}

impl RowReading {
    /// One row as a record: cells beyond a named column and numbers that are
    /// not finite are named at their cell, with the reader's own findings.
    pub fn record(&self, r: &SheetRow) -> ParsedRow {
        let (sheet, hm) = (&self.meta, &self.hm);
        let v = hm.to_value(&r.cells);
        // Only problems in cells that feed the record count.
        let mut problems: Vec<Problem> =
            r.problems.iter().filter(|p| cell_col(&p.path, sheet).is_none_or(|j| hm.is_kept(j))).cloned().collect();
        if !self.ignore_unknown {
            for &j in &self.unnamed {
                if r.cells.get(j).is_some_and(filled) {
                    let letter = column_letter(sheet.first_col + j);
                    problems.push(problem(
                        Code::UnnamedColumn,
                        sheet.cell_ref(j, r.number),
                        t::IN_UNNAMED_CELL,
                        &[&letter],
                    ));
                }
            }
        }
        for &j in &self.numeric {
            let bad = match r.cells.get(j) {
                Some(Cell::Str(s)) => s.trim().parse::<f64>().is_ok_and(|x| !x.is_finite()),
                Some(Cell::Num(x)) => !x.is_finite(),
                _ => false,
            };
            if bad {
                problems.push(problem(Code::InvalidValue, sheet.cell_ref(j, r.number), t::IN_NOT_FINITE, &[]));
            }
        }
        if problems.is_empty() {
            parse_row(&v)
        } else {
            failure(Some(&v), problems)
        }
    }

    /// Where row `number` is (`line 7`, `Pegawai!7`).
    pub fn origin(&self, number: usize) -> String {
        let mut s = String::new();
        self.origin_into(number, &mut s);
        s
    }

    /// [`Self::origin`] appended to `out` (no allocation per row).
    pub fn origin_into(&self, number: usize, out: &mut String) {
        use std::fmt::Write as _;
        let _ = match &self.meta.name {
            Some(n) => write!(out, "{n}!{number}"),
            None => write!(out, "line {number}"),
        };
    }

    /// Whether [`Self::record`] may find a problem in the row that the cells
    /// of its record do not show (the reader's findings, a filled cell
    /// without a column name, a cell that is not text): such a row is read
    /// by [`Self::record`] alone.
    pub fn anomalous(&self, r: &impl RowCells) -> bool {
        r.unusual(self.hm.kept()) || self.unnamed.iter().any(|&j| r.filled(j))
    }

    /// The record's columns (flat names, [`meritkit::flat`]) and, for each,
    /// the text of its cell in each row, laid out as Arrow lays out text (one
    /// text and offsets a column): the rows as the scoring kernel reads them.
    pub fn columns<R: RowCells>(&self, rows: &[R]) -> ColumnTexts {
        let kept = self.hm.kept();
        let names = kept.iter().filter_map(|&j| self.hm.targets.get(j).cloned().flatten()).collect();
        let mut values: Vec<String> = kept.iter().map(|_| String::new()).collect();
        let mut offsets: Vec<Vec<i64>> = kept.iter().map(|_| Vec::with_capacity(rows.len() + 1)).collect();
        for o in &mut offsets {
            o.push(0);
        }
        // (row by row: each row's cells are read once, in order; an absent cell is an empty one)
        for r in rows {
            for ((v, o), &j) in values.iter_mut().zip(&mut offsets).zip(kept) {
                v.push_str(r.text(j).unwrap_or_default());
                o.push(i64::try_from(v.len()).unwrap_or(i64::MAX));
            }
        }
        ColumnTexts { names, values, offsets }
    }
}

/// A part's columns as the scoring kernel reads them ([`RowReading::columns`]).
pub struct ColumnTexts {
    names: Vec<String>,
    values: Vec<String>,
    offsets: Vec<Vec<i64>>,
}

impl ColumnTexts {
    /// The columns as a flat table, borrowed.
    pub fn table(&self) -> meritkit::columnar::FlatTable<'_> {
        let columns = self
            .values
            .iter()
            .zip(&self.offsets)
            .map(|(values, offsets)| meritkit::columnar::FlatColumn::LargeUtf8 { values, offsets, valid: None })
            .collect();
        meritkit::columnar::FlatTable { names: self.names.clone(), columns }
    }
}

/// Whether a cell holds something (not empty, not only spaces).
fn filled(c: &Cell) -> bool {
    match c {
        Cell::Null => false,
        Cell::Str(s) => !s.trim().is_empty(),
        _ => true,
    }
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

/// The problems of an error reading a policy file, as a policy error (so
/// that the command heads them "invalid policy").
pub fn as_policy_error(e: Error) -> Error {
    match e {
        Error::Input(ps) => Error::Policy(ps),
        other => other,
    }
}

/// Loads a column mapping file (TOML).
pub fn load_mapping(path: Option<&Path>) -> Result<ColumnMapping, Error> {
    match path {
        None => Ok(ColumnMapping::builtin()),
        Some(p) => {
            let text = read_config_text(p, "mapping")?;
            ColumnMapping::from_toml(&text).map_err(Error::Input)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tags the pre-checks walk ([`xml_tags`]) are the ones calamine reads: quick-xml configured as
    /// calamine configures it (closed tags expanded to a start and an end, end names unchecked), to the same
    /// first error, in markup built to tell readers apart: comments that look closed at once (`<!-->`,
    /// `<!--->`), CDATA and processing instructions holding `>` and quotes, `>` inside quoted attribute
    /// values, end tags with more text (`</c x>`), a form feed after a name, an end tag with no start. A
    /// hand-written walk had ended a comment early and let a decoy tag be checked that calamine never reads.
    /// Each tag's text is the markup between its `<` and `>` as written.
    #[test]
    fn tags_are_the_ones_calamine_reads() {
        let cases: [&[u8]; 13] = [
            b"<a><c></c x><f/></c></a>",
            b"<a><c></c/><f/></c \t></a>",
            b"<a><c\x0cr='1'><v>1</v></c\x0cr='1'><x:y:z/></a>",
            b"<a><!--> <b/> --><c/></a>",
            b"<a><!---> <b/> ---><c/></a>",
            b"<a><!----><b/></a>",
            b"<a><![CDATA[ <b/> ]> ]]><c x='>'/></a>",
            b"<a><?p > <b/> ?><??><c/></a>",
            b"<a x=\"1>2\" y='<b/>'><d/></a>",
            b"<r><c r=\"S2\"><!---></c>--><f t=\"shared\" si=\"3\">A1</f><v>1</v></c></r>",
            b"<Relationships><!--> <Relationship Id=\"rId1\"/> --><Relationship Id=\"rId1\" Target=\"x\"/></Relationships>",
            b"<a></a></b><c/>",
            b"<a><b x='1'/><!-- open",
        ];
        for xml in cases {
            let mut ours: Vec<(bool, Vec<u8>)> = Vec::new();
            for (start, tag, local) in xml_tags(xml) {
                // (the markup as written, between its `<` and `>`)
                assert_eq!((xml[start - 1], xml[start + tag.len()]), (b'<', b'>'), "{}", String::from_utf8_lossy(xml));
                let name = xml_qname(tag);
                match name.strip_prefix(b"/") {
                    Some(end) => ours.push((false, end.to_vec())),
                    None => {
                        ours.push((true, name.to_vec()));
                        if tag.ends_with(b"/") {
                            ours.push((false, name.to_vec()));
                        }
                    }
                }
                let after_colon = name.iter().position(|&c| c == b':').map_or(name, |j| &name[j + 1..]);
                assert_eq!(local, after_colon.strip_prefix(b"/").unwrap_or(after_colon));
            }
            let mut r = quick_xml::Reader::from_reader(xml);
            let c = r.config_mut();
            c.check_end_names = false;
            c.check_comments = false;
            c.trim_text(false);
            c.expand_empty_elements = true;
            let mut theirs: Vec<(bool, Vec<u8>)> = Vec::new();
            loop {
                match r.read_event() {
                    Ok(quick_xml::events::Event::Start(e)) => theirs.push((true, e.name().as_ref().to_vec())),
                    Ok(quick_xml::events::Event::End(e)) => theirs.push((false, e.name().as_ref().to_vec())),
                    Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                    Ok(_) => {}
                }
            }
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(xml));
        }
    }

    /// A tag's attributes are bounded as quick-xml's duplicate check makes them cost (the square of their
    /// count): LibreOffice's richest style tags (about 40) pass, a tag of 257 does not, nor 2,000 tags of 100.
    /// `xl/workbook.xml` is refused where calamine reads a sheet's
    /// relationship id or the date system otherwise than a reader of
    /// namespaces: Excel's own shapes (its `mc:AlternateContent` declaring a
    /// namespace inside) read.
    #[test]
    fn workbook_xml_is_read_as_excel_writes_it() {
        let wb = |root: &str, body: &str| {
            format!(
                r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {root}>{body}<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            )
        };
        let rel = r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
        let excel = r#"<workbookPr date1904="1" defaultThemeVersion="166925"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\"/></mc:Choice></mc:AlternateContent>"#;
        assert!(check_workbook_xml(wb(rel, excel).as_bytes()).is_ok());
        assert!(check_workbook_xml(wb(rel, r#"<workbookPr date1904="false"/>"#).as_bytes()).is_ok());
        for (root, body) in [
            // (the id under another prefix: calamine reads `r:id` as written)
            (r#"xmlns:o="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:r="urn:x""#, ""),
            (rel, r#"<fileVersion xmlns:r="urn:x"/>"#),
            (
                rel,
                r#"<x:workbookPr xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" date1904="1"/>"#,
            ),
            (rel, r#"<workbookPr date1904=" 1"/>"#),
            (rel, r#"<workbookPr/><workbookPr date1904="1"/>"#),
        ] {
            assert!(check_workbook_xml(wb(root, body).as_bytes()).is_err(), "{root} {body}");
        }
    }

    /// Number formats judged as Excel shows them (ECMA-376 Part 1, 18.8.30
    /// numFmt, and 18.8.31's built-in formats): date codes make a date, an
    /// elapsed `[h]` a duration; quoted text, escapes, colours and locales
    /// make nothing; only the first section counts.
    #[test]
    fn number_formats_are_judged_as_excel_shows_them() {
        use NumberKind::*;
        for (code, kind) in [
            ("dd/mm/yyyy", Date),
            ("[$-421]d mmmm yyyy", Date),
            ("\"Tgl \"dd/mm/yyyy", Date),
            ("h:mm AM/PM", Date),
            ("[h]:mm:ss", Duration),
            ("General", Number),
            ("#,##0.00", Number),
            ("\"Rp\"#,##0;[Red]-\"Rp\"#,##0", Number),
            ("0\\m", Number),
            ("[Red]0", Number),
            ("0 & 0", Number),
        ] {
            assert_eq!(number_format_kind(code), kind, "{code}");
        }
        assert_eq!(
            (builtin_number_kind(14), builtin_number_kind(46), builtin_number_kind(0)),
            (Date, Duration, Number)
        );
        // (as Excel shows them: a fill character is none of the codes; a condition makes the kind the value's)
        for (code, excel, calamine) in [
            ("0*d", Some(Number), Date),
            ("dd/mm/yyyy;@", Some(Date), Date),
            ("[<1000]dd/mm/yyyy;0", None, Date),
            ("[>=0]0;0", Some(Number), Number),
            ("0.0%", Some(Percent), Number),
            ("0\"%\"", Some(Number), Number),
            ("\"Skor\\\"0%", Some(Percent), Number),
        ] {
            assert_eq!((excel_number_kind(code), number_format_kind(code)), (excel, calamine), "{code}");
        }
        assert_eq!((excel_builtin_kind(9), builtin_number_kind(9)), (Percent, Number));
        // (a style index read by calamine as ASCII digits only; by the file as an xsd:unsignedInt)
        let written = vec![Some(Number), Some(Date)];
        let styles = XlsxStyles { calamine: vec![Number, Date], written, date1904: false };
        assert_eq!(styles.kinds(Some(b"1")), Some((Date, Some(Date))));
        assert_eq!(styles.kinds(Some(b" 1")), Some((Number, Some(Date))));
        assert_eq!(styles.kinds(Some(b"+1")), Some((Number, Some(Date))));
        assert_eq!(styles.kinds(Some(b"x")), None);
        assert_eq!(styles.kinds(None), Some((Number, Some(Number))));
    }

    /// XLSB records as calamine's own walks find them: styles and the
    /// workbook's sheets as a walk by lengths finds them in a part written
    /// as Excel writes it; a record's bytes that read as another record's
    /// type to a walk stepping by types make the two differ.
    #[test]
    fn xlsb_walks_find_what_calamine_finds() {
        let rec = |t: u16, body: &[u8]| {
            let mut r = if t < 0x80 { vec![t as u8] } else { vec![(t & 0x7F) as u8 | 0x80, (t >> 7) as u8] };
            r.push(body.len() as u8);
            r.extend_from_slice(body);
            r
        };
        let styles = |font: &[u8]| {
            [
                rec(0x116, &[]),
                rec(0x267, &1u32.to_le_bytes()),
                rec(0x2C, &[164, 0, 1, 0, 0, 0, b'0', 0]),
                rec(0x268, &[]),
                rec(0x263, &1u32.to_le_bytes()),
                rec(0x2B, font),
                rec(0x264, &[]),
                rec(0x269, &1u32.to_le_bytes()),
                rec(0x2F, &[0; 16]),
                rec(0x26A, &[]),
            ]
            .concat()
        };
        let plain = styles(&[0xDC, 0, 0, 0, 0x90, 1]);
        assert_eq!(xlsb_styles_as_calamine_reads(&plain), xlsb_styles_by_length(&plain));
        assert_eq!(xlsb_styles_by_length(&plain).len(), 2);
        // (a font's bytes E9 04 read as BrtBeginCellXFs by a walk stepping by types)
        let hidden = styles(&[0xE9, 0x04, 0x04, 1, 0, 0, 0]);
        assert_ne!(xlsb_styles_as_calamine_reads(&hidden), xlsb_styles_by_length(&hidden));
        // The workbook: a sheet's record, and one hidden in a version string's bytes
        let sheet = [&[0u8; 8][..], &u32::MAX.to_le_bytes(), &1u32.to_le_bytes(), &[b'A', 0]].concat();
        let book = |version: &[u8]| {
            [rec(0x83, &[]), rec(0x80, version), rec(0x8F, &[]), rec(0x9C, &sheet), rec(0x90, &[])].concat()
        };
        let plain = book(&[b'x', 0, b'l', 0]);
        assert_eq!(xlsb_bundle_as_calamine_reads(&plain), xlsb_bundle_by_length(&plain));
        let hidden = book(&[0x99, 1, 1, b'l', 0]);
        assert_ne!(xlsb_bundle_as_calamine_reads(&hidden), xlsb_bundle_by_length(&hidden));
    }

    /// Excel's two date systems: serial 1,462 of the 1900 system is serial 0
    /// of the 1904 one, 1904-01-01; a date cell calamine read in a 1904
    /// workbook is told from one of a 1900 workbook.
    #[test]
    fn dates_are_read_in_their_date_system() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        assert_eq!(excel_date(1462.0, false).as_deref(), Some("1904-01-01"));
        assert_eq!(excel_date(0.0, true).as_deref(), Some("1904-01-01"));
        // (2022-06-01: 44713 in the 1900 system, 43251 in the 1904 one)
        assert_eq!(excel_date(44713.0, false).as_deref(), Some("2022-06-01"));
        assert_eq!(excel_date(43251.0, true).as_deref(), Some("2022-06-01"));
        // (a time of day is rounded to the millisecond first; Excel's 1900-02-29, serial 60, is no date, the days
        // before it are counted from 1899-12-31)
        assert_eq!(excel_date(44562.999999999, false).as_deref(), Some("2022-01-02"));
        assert_eq!(excel_date(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(excel_date(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(excel_date(60.0, false), None);
        assert_eq!(excel_date(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(excel_date(0.0, false), None);
        assert!(in_1904(&ExcelDateTime::new(43251.0, ExcelDateTimeType::DateTime, true)));
        assert!(!in_1904(&ExcelDateTime::new(43251.0, ExcelDateTimeType::DateTime, false)));
        assert!(in_1904(&ExcelDateTime::new(0.5, ExcelDateTimeType::TimeDelta, true)));
    }

    /// An XLS formula's work as calamine writes it out: `A1+1` writes at
    /// most 17 bytes and moves its 15 once (split off and written again);
    /// 255 spaces inserted before a reference move its text 255 times; tokens
    /// cut short or unknown end the walk where calamine's reading ends.
    #[test]
    fn xls_formula_work_follows_calamines_writing() {
        let f = |tokens: &[u8]| [&(tokens.len() as u16).to_le_bytes()[..], tokens].concat();
        let a1_plus_1 = f(&[0x24, 0, 0, 0, 0xC0, 0x1E, 1, 0, 0x03]);
        assert_eq!(xls_formula_work(&a1_plus_1, 0, 0), (17, 30));
        let spaced = f(&[0x24, 0, 0, 0, 0xC0, 0x19, 0x40, 0x00, 0xFF]);
        assert_eq!(xls_formula_work(&spaced, 0, 0), (10 + 255, 255 * 10));
        // (a reference to a sheet of a 31-character name: 93 bytes of UTF-8 at most)
        let sheet = f(&[0x3A, 0, 0, 0, 0, 0, 0]);
        assert_eq!(xls_formula_work(&sheet, 93, 0), (93 + 11, 0));
        assert_eq!(xls_formula_work(&f(&[0x24, 0, 0]), 0, 0), (0, 0));
        assert_eq!(xls_formula_work(&f(&[0x24, 0, 0, 0, 0xC0, 0xFF, 0x03]), 0, 0), (10, 0));
        // (a length past the record: calamine's slice fails; nothing written)
        assert_eq!(xls_formula_work(&[9, 0, 0x24], 0, 0), (0, 0));
        // The attack's shape: 4,094 references to a sheet of 255 characters joined by `&`, then spaces inserted
        // 255 at a time: far past the bound.
        let mut t = vec![0x3A, 0, 0, 0, 0, 0, 0];
        for _ in 1..4094 {
            t.extend([0x3A, 0, 0, 0, 0, 0, 0, 0x08]);
        }
        for _ in 0..16 {
            t.extend([0x19, 0x40, 0x00, 0xFF]);
        }
        let (_, work) = xls_formula_work(&f(&t), 3 * 255, 0);
        assert!(work > MAX_XLS_FORMULA_WORK, "{work}");
    }

    #[test]
    fn attributes_are_bounded_by_their_cost() {
        let tag = |n: usize| {
            let attrs: String = (0..n).map(|i| format!(" fo:a{i}=\"1\"")).collect();
            format!("style:text-properties{attrs}/").into_bytes()
        };
        let mut budget = AttributeBudget::default();
        assert!((0..1_000).all(|_| budget.take(&tag(40))));
        assert!(!AttributeBudget::default().take(&tag(257)));
        assert!(AttributeBudget::default().take(&tag(256)));
        let mut budget = AttributeBudget::default();
        assert!(!(0..2_000).all(|_| budget.take(&tag(100))));
        // (a value holding `=` and quotes of the other kind is one attribute)
        assert_eq!(xml_attrs(b"c a='x=\"1\"' b=\"2\"").count(), 2);
    }

    /// Shared strings and inline strings as calamine's `read_string` reads them.
    #[test]
    fn string_items_are_read_as_calamine_reads_them() {
        let read = |xml: &[u8]| {
            let mut item = StringItem::default();
            let mut tags = xml_tags(xml);
            tags.next(); // the item's own start
            for (_, tag, local) in tags {
                if item.tag(tag, local, b"si", b"si") {
                    break;
                }
            }
            (item.dropped(), item.cut_short())
        };
        // (dropped, cut) as calamine would read them
        assert_eq!(read(b"<si><t>a</t></si>"), (false, false));
        assert_eq!(read(b"<si><t/></si>"), (false, false));
        assert_eq!(read(b"<si><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></si>"), (false, false));
        assert_eq!(read(b"<si><t>a</t><rPh sb='0' eb='1'><t>b</t></rPh><phoneticPr fontId='1'/></si>"), (false, false));
        assert_eq!(read(b"<x:si><x:t>a</x:t></x:si>"), (false, false));
        assert_eq!(read(b"<si></si>"), (true, false));
        assert_eq!(read(b"<si><rPh><t>b</t></rPh></si>"), (true, false));
        assert_eq!(read(b"<si><t>a</t><r><t>b</t></r></si>"), (false, true));
        assert_eq!(read(b"<si><t>a</t><t>b</t></si>"), (false, true));
        assert_eq!(read(b"<si><si><t>a</t></si></si>"), (false, true));
        // (inside a `<t>`, calamine reads to that `<t>`'s end: an `</si>` there does not end the item)
        assert_eq!(read(b"<si><t>a</si>b</t></si>"), (false, false));
        // (an element inside a `<t>`: a `<t/>` there ends calamine's `<t>`, the text after it passed over)
        assert_eq!(read(b"<si><t>a<t/> b</t></si>"), (false, true));
        assert_eq!(read(b"<si><r><t>a<b/>b</t></r></si>"), (false, true));
    }

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

    /// A syntax error says what serde_json found (from the core's catalogue, in both languages), never
    /// the text: a lone surrogate, a control character, a missing comma.
    #[test]
    fn json_syntax_errors_say_what_is_wrong() {
        let msg = |text: &str| match json_values(text, &Limits::default()).unwrap().remove(0).1 {
            Err((p, _)) => p.message,
            Ok(_) => panic!("read: {text}"),
        };
        let m = msg("{\"nip\": \"Budi\\ud800x\"}\n");
        assert_eq!(m.en, "invalid JSON at line 1 column 20: unexpected end of hex escape");
        assert_eq!(m.id, "JSON tidak valid di baris 1 kolom 20: escape heksadesimal terpotong");
        let m = msg("{\"nip\": \"1\"\u{1}}\n");
        assert_eq!(m.en, "invalid JSON at line 1 column 12: expected `,` or `}`");
        let m = msg("{\"nip\": \"Budi\u{1}\"}\n");
        assert!(m.en.starts_with("invalid JSON at line 1 column 14: control character"), "{}", m.en);
        assert!(!m.en.contains("Budi") && !m.id.contains("Budi"));
    }

    /// Finding 3 of the issue-11 attack: every JSON record of a stream is
    /// accounted for exactly once (a result or one error naming its line).
    #[test]
    fn json_stream_records_are_counted_once() {
        let rec = |n: u32| format!("{{\"nip\": \"{n}\", \"unit\": {{\"a\": 1}}}}");
        let origins = |text: &str| -> Vec<(String, bool)> {
            json_values(text, &Limits::default()).unwrap().into_iter().map(|(o, r)| (o, r.is_ok())).collect()
        };
        // Indented JSONL after a broken record: the records after it are read.
        let text = format!(" {}\n {{\"nip\": \"2\",\n {}\n {}\n", rec(1), rec(3), rec(4));
        let got = origins(&text);
        assert_eq!(got.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(), ["line 1", "line 2", "line 3", "line 4"]);
        assert_eq!(got.iter().filter(|(_, ok)| !ok).count(), 1, "one error: the broken record");
        // Tab-indented pretty objects after a broken one; nested lines are not records.
        let text = "\t{\n\t\t\"nip\": \"1\"\n\t}\n\t{\n\t\t\"nip\": \n\t\t{\"x\": 1}\n\t{\n\t\t\"nip\": \"3\"\n\t}\n";
        let got = origins(text);
        assert_eq!(got.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(), ["line 1", "line 4", "line 7"]);
        // A record cut off where a value should follow: the next line's record
        // is not taken as that value (it would be lost inside the broken one).
        for cut in ["\"position\": ", "\"position\": {\"a\":", "\"x\": ["] {
            let text = format!("{}\n{{\"nip\": \"2\", {cut}\n{}\n{}\n", rec(1), rec(3), rec(4));
            let got = origins(&text);
            assert_eq!(
                got,
                [
                    ("line 1".to_string(), true),
                    ("line 2".to_string(), false),
                    ("line 3".to_string(), true),
                    ("line 4".to_string(), true)
                ],
                "{text}"
            );
        }
        // The same with CR or CRLF line ends: a file of lone CRs is read by lines too.
        for nl in ["\r", "\r\n"] {
            let text = format!("{}{nl}{{\"nip\": \"2\", \"position\": {nl}{}{nl}{}{nl}", rec(1), rec(3), rec(4));
            let got = origins(&text);
            assert_eq!(got.iter().map(|(_, ok)| *ok).collect::<Vec<_>>(), [true, false, true, true], "{nl:?}");
            assert_eq!(
                got.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
                ["line 1", "line 2", "line 3", "line 4"]
            );
        }
        // A string is limited by what it decodes to: 600,000 `\u00e9` escapes (3.6 MB of
        // text) are 1.2 MB decoded, refused; 500,000 `\"` (1 MB of text) are 0.5 MB, read.
        let long = |esc: &str, n: usize| format!("{{\"nip\": \"1\", \"name\": \"{}\"}}\n", esc.repeat(n));
        assert!(json_values(&long("\\u00e9", 600_000), &Limits::default()).is_err());
        assert!(json_values(&long("\\\"", 500_000), &Limits::default()).is_ok());
        assert!(json_values(&long("\\u00e9", 500_000), &Limits::default()).is_ok());
        // Commas between records are separators.
        let text = format!("{},\n{},\n{}\n", rec(1), rec(2), rec(3));
        assert_eq!(
            origins(&text),
            [("line 1".to_string(), true), ("line 2".to_string(), true), ("line 3".to_string(), true)]
        );
        // An array inside a stream: each element is a record.
        let text = format!("{}\n[{}, {}]\n{}\n", rec(1), rec(2), rec(3), rec(4));
        assert_eq!(
            origins(&text).iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
            ["line 1", "line 2 #1", "line 2 #2", "line 3"]
        );
    }

    #[test]
    fn delimiters() {
        for d in [",", ";", "\t", "|"] {
            let text = format!("NIP{d}Nama{d}Unit Kerja\n1{d}2{d}3\n");
            let s = csv_sheet(&text, None).unwrap();
            assert_eq!(s.headers, ["NIP", "Nama", "Unit Kerja"]);
            assert_eq!(s.rows[0].number, 2);
            // blank lines before the header (LF, CRLF, CR) are passed over, however many
            for nl in ["\n", "\r\n", "\r"] {
                let text = format!("{}NIP{d}Nama{d}Unit Kerja{nl}1{d}2{d}3{nl}", nl.repeat(12));
                let s = csv_sheet(&text, None).unwrap();
                assert_eq!(s.headers, ["NIP", "Nama", "Unit Kerja"], "{d:?} {nl:?}");
                assert_eq!(s.rows[0].number, 14);
            }
        }
    }

    #[test]
    fn empty_csv() {
        assert_eq!(csv_sheet("\n\n", None).unwrap_err().problems()[0].code, Code::EmptySheet);
        assert_eq!(csv_sheet("NIP;Nama\n", None).unwrap_err().problems()[0].code, Code::EmptySheet);
    }
}
