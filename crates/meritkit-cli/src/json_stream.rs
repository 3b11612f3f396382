//! A JSON array of records read in parts (`score` on a `.json` file): the
//! array's elements are found by a byte scanner (strings, escapes, nesting),
//! each part's elements parsed on all cores into records: an object straight
//! from its bytes (`meritkit::read::parse_record`), anything else, and an
//! object that fails, by the whole-file reader's own functions (`json_record`,
//! `parse_row`), so a failure reads as it reads there; numbered `#1`, `#2`,
//! ... across the parts. The stream never
//! names a refusal itself: anything that would refuse the file (a syntax error,
//! an empty array, bytes that are not UTF-8, a string past the cell limit,
//! nesting near the parser's limit, `--max-rows` / `--max-cells` /
//! `--max-error-rows` passed) ends the stream with [`Refused`], and the caller
//! reads the file whole, whose reader names the place (or, were the scanner
//! ever wrong, answers it). Memory holds one part (about 8,000 records), not the file.

use crate::input::Options;
use meritkit::scoring::ParsedRow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes read at a time.
const BLOCK: usize = 2 << 20;
/// Records in a part.
pub const PART_RECORDS: usize = 8_192;
/// Nesting within one record at which the stream leaves the file to the
/// whole-file reader (serde_json's limit is 128 levels, the array one of them).
const MAX_DEPTH: usize = 120;

/// JSON's white space (not a form feed or a vertical tab: the parser refuses those).
fn json_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// The file is left to the whole-file reader (which refuses it, naming the place).
#[derive(Debug)]
pub struct Refused;

/// One part: its records and where each came from (`#N`).
pub struct JsonPart {
    /// The records, in file order.
    pub rows: Vec<ParsedRow>,
    /// `#N`, the element's place in the array (1-based).
    pub origins: Vec<String>,
}

/// Where the scanner is between elements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before the `[` (a BOM and white space may come first).
    Start,
    /// After `[`: an element or `]`.
    First,
    /// After `,`: an element.
    Element,
    /// After an element: `,` or `]`.
    Separator,
    /// After the closing `]`: white space to the end.
    End,
}

/// An array of records being read in parts (see the module doc).
pub struct JsonArray {
    path: PathBuf,
    opts: Options,
    file: std::fs::File,
    stamp: (u64, Option<std::time::SystemTime>),
    buf: Vec<u8>,
    /// Bytes of `buf` already scanned.
    pos: usize,
    eof: bool,
    read: u64,
    /// A hash of the bytes read (a second pass must read the same).
    hash: rustc_hash::FxHasher,
    /// Bytes read at a time; records in a part.
    block: usize,
    part_records: usize,
    at: At,
    /// Elements so far, fields counted against `--max-cells`, rows that could not be read.
    count: usize,
    cells: usize,
    error_rows: crate::bounds::ErrorRows,
}

impl JsonArray {
    /// A stream over `path` when it is a file on disk named `.json` whose
    /// first character is `[` (after a byte-order mark and white space);
    /// `None`: the file is read whole.
    pub fn open(path: &Path, opts: &Options) -> Option<JsonArray> {
        Self::open_with(path, opts, BLOCK, PART_RECORDS)
    }

    /// [`JsonArray::open`] reading `block` bytes at a time, `records` records a part (each at least one).
    pub fn open_with(path: &Path, opts: &Options, block: usize, records: usize) -> Option<JsonArray> {
        if path.as_os_str() == "-" || !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            return None;
        }
        let (file, meta) = crate::csv_stream::regular_file(path, opts)?;
        let mut s = JsonArray {
            path: path.to_path_buf(),
            opts: opts.clone(),
            file,
            stamp: (meta.len(), meta.modified().ok()),
            buf: Vec::new(),
            pos: 0,
            eof: false,
            read: 0,
            hash: rustc_hash::FxHasher::default(),
            block: block.max(1),
            part_records: records.max(1),
            at: At::Start,
            count: 0,
            cells: 0,
            error_rows: crate::bounds::ErrorRows::default(),
        };
        // (the first bytes say whether this is an array: else the whole-file reader reads the file)
        loop {
            let b = s.buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&s.buf);
            if s.buf.len() >= 3 || s.eof {
                if let Some(&first) = b.iter().find(|&&c| !json_space(c)) {
                    return (first == b'[' && s.stamp.1.is_some()).then_some(s);
                }
            }
            if !s.fill().ok()? {
                return None;
            }
        }
    }

    /// The same file from its start, when it has not changed since this stream opened it.
    pub fn reopen(&self) -> Result<JsonArray, Refused> {
        match JsonArray::open_with(&self.path, &self.opts, self.block, self.part_records) {
            Some(s) if s.stamp == self.stamp => Ok(s),
            _ => Err(Refused),
        }
    }

    /// What was read: its length and hash (a second pass read to its end must
    /// have read the same), and whether the file still has the size and
    /// modification time it had when the stream opened it.
    pub fn seen(&self) -> (u64, u64, bool) {
        let now = std::fs::metadata(&self.path).ok().map(|m| (m.len(), m.modified().ok()));
        (self.read, std::hash::Hasher::finish(&self.hash), now == Some(self.stamp))
    }

    /// How to open a fresh stream over the same file (whatever it holds then),
    /// opened only when called.
    pub fn again(&self) -> impl Fn() -> Option<JsonArray> + use<> {
        let (path, opts, block, records) = (self.path.clone(), self.opts.clone(), self.block, self.part_records);
        move || JsonArray::open_with(&path, &opts, block, records)
    }

    /// Whether the file as it is now reads to its end (else the whole-file reader would refuse it).
    pub fn reads_to_end(mut self) -> bool {
        loop {
            match self.next_part() {
                Ok(Some(_)) => {}
                Ok(None) => return true,
                Err(Refused) => return false,
            }
        }
    }

    /// Reads the next block (false at the end of the file).
    fn fill(&mut self) -> Result<bool, Refused> {
        if self.eof {
            return Ok(false);
        }
        let before = self.buf.len();
        (&mut self.file).take(self.block as u64).read_to_end(&mut self.buf).map_err(|_| Refused)?;
        let got = self.buf.len() - before;
        self.read += got as u64;
        std::hash::Hasher::write(&mut self.hash, self.buf.get(before..).unwrap_or_default());
        if self.read > self.opts.limits.max_input_bytes || self.read > self.stamp.0 {
            return Err(Refused);
        }
        self.eof = got == 0;
        Ok(got > 0)
    }

    /// The next part, `None` after the closing `]`.
    pub fn next_part(&mut self) -> Result<Option<JsonPart>, Refused> {
        use rayon::prelude::*;
        // (start, end, keys at its top level) of each element of this part in `buf`
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        while spans.len() < self.part_records {
            match self.next_element()? {
                Some(span) => spans.push(span),
                None => break,
            }
        }
        if spans.is_empty() {
            // the end: the file read to its end, nothing but white space after `]`, and the same size
            return if self.at == At::End && self.read == self.stamp.0 { Ok(None) } else { Err(Refused) };
        }
        let first = self.count;
        let buf = &self.buf;
        let parsed: Vec<Option<(ParsedRow, usize)>> = spans
            .par_iter()
            .enumerate()
            .map(|(k, &(s, e, keys))| {
                let bytes = buf.get(s..e)?;
                // (a string decodes to at most its raw bytes: only a longer record can hold one past the limit,
                // or more values than a record holds; the whole-file reader then says where, bounded as a whole)
                if bytes.len() > crate::input::MAX_CELL_BYTES
                    && crate::input::json_over(bytes, crate::input::MAX_RECORD_VALUES).is_some()
                {
                    return None;
                }
                // An object read straight into a record (no JSON value in between); anything else, a record
                // that fails included, is read as the whole-file reader reads it, through a JSON value, so its
                // failure is that reader's. (`keys` counts the object's keys, a repeated one twice: at least
                // what the whole-file reader counts against --max-cells.)
                // (the element's bytes checked as UTF-8 once, so the parser need not check each string again;
                // the located reader is for a record that fails)
                if let (Some(&b'{'), Ok(text)) = (bytes.first(), std::str::from_utf8(bytes)) {
                    let mut de = serde_json::Deserializer::from_str(text);
                    if let Some(e) = meritkit::read::parse_record_unlocated(&mut de) {
                        if de.end().is_ok() {
                            return Some((Ok(e), keys.max(1)));
                        }
                    }
                }
                let mut noted: meritkit::read::NotedValue = serde_json::from_slice(bytes).ok()?;
                let v = std::mem::take(&mut noted.value);
                let cells = crate::input::json_cells(&v);
                let row = match crate::input::json_record(format!("#{}", first + k + 1), v, &noted, None).1 {
                    Ok(v) => meritkit::api::parse_row(&v),
                    Err((p, v)) => crate::input::failure(v.as_ref(), vec![p]),
                };
                Some((row, cells))
            })
            .collect();
        let mut part = JsonPart { rows: Vec::with_capacity(spans.len()), origins: Vec::with_capacity(spans.len()) };
        for (k, p) in parsed.into_iter().enumerate() {
            let (row, cells) = p.ok_or(Refused)?;
            let i = first + k;
            let origin = format!("#{}", i + 1);
            self.cells = self.cells.saturating_add(cells);
            if i + 1 > self.opts.limits.max_rows || self.cells > self.opts.limits.max_cells {
                return Err(Refused);
            }
            self.error_rows.note(row.is_err(), i, &origin).map_err(|_| Refused)?;
            part.rows.push(row);
            part.origins.push(origin);
        }
        self.count += spans.len();
        // (the bytes scanned are dropped: an element is scanned whole, reading blocks as it needs them)
        self.buf.drain(..self.pos);
        self.pos = 0;
        Ok(Some(part))
    }

    /// The span of the next element in `buf` and the keys at its top level,
    /// reading blocks as needed; `None` after `]`.
    fn next_element(&mut self) -> Result<Option<(usize, usize, usize)>, Refused> {
        loop {
            // white space and separators
            while let Some(&c) = self.buf.get(self.pos) {
                if json_space(c) {
                    self.pos += 1;
                    continue;
                }
                match (self.at, c) {
                    (At::Start, 0xEF) if self.pos == 0 && self.buf.starts_with(b"\xEF\xBB\xBF") => self.pos += 3,
                    (At::Start, b'[') => {
                        self.pos += 1;
                        self.at = At::First;
                    }
                    (At::Separator, b',') => {
                        self.pos += 1;
                        self.at = At::Element;
                    }
                    (At::Separator, b']') => {
                        self.pos += 1;
                        self.at = At::End;
                    }
                    (At::First | At::Element, _) if c != b']' && c != b',' => {
                        let start = self.pos;
                        let (end, keys) = self.scan_element(start)?;
                        self.pos = end;
                        self.at = At::Separator;
                        return Ok(Some((start, end, keys)));
                    }
                    // (`[]`, `[,`, `[1,]`, anything after the closing `]` or before the `[`)
                    _ => return Err(Refused),
                }
            }
            if !self.fill()? {
                return if self.at == At::End { Ok(None) } else { Err(Refused) };
            }
        }
    }

    /// The end of the element starting at `start` and the colons at its top
    /// level (its keys, when it is an object), reading blocks as needed.
    fn scan_element(&mut self, start: usize) -> Result<(usize, usize), Refused> {
        let (mut depth, mut in_string, mut escaped, mut keys) = (0usize, false, false, 0usize);
        let mut i = start;
        loop {
            while let Some(&c) = self.buf.get(i) {
                i += 1;
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if c == b'\\' {
                        escaped = true;
                    } else if c != b'"' {
                        // (to the next quote or backslash)
                        match memchr::memchr2(b'"', b'\\', self.buf.get(i..).unwrap_or_default()) {
                            Some(n) => i += n,
                            None => i = self.buf.len(),
                        }
                    } else {
                        in_string = false;
                        if depth == 0 {
                            return Ok((i, keys));
                        }
                    }
                    continue;
                }
                match c {
                    b'"' => in_string = true,
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(Refused);
                        }
                    }
                    b'}' | b']' if depth == 0 => return Ok((i - 1, keys)),
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok((i, keys));
                        }
                    }
                    b',' if depth == 0 => return Ok((i - 1, keys)),
                    b':' if depth == 1 => keys += 1,
                    c if depth == 0 && json_space(c) => return Ok((i - 1, keys)),
                    _ => {}
                }
            }
            if !self.fill()? {
                // (a number or a word at the end of the file: the array is not closed)
                return Err(Refused);
            }
        }
    }
}

/// Why [`each_part`] stopped early.
pub enum Stop {
    /// The file is left to the whole-file reader ([`Refused`]).
    Refused,
    /// `f` failed.
    Failed(meritkit::error::Error),
}

/// Calls `f` with each part of `src` in order, the next part read and parsed
/// on another thread meanwhile (at most three parts held); stops at the
/// first refusal or failure. The stream is given back, read to its end.
pub fn each_part(
    src: JsonArray,
    f: impl FnMut(JsonPart) -> Result<(), meritkit::error::Error>,
) -> Result<JsonArray, Stop> {
    use crate::csv_stream::{pipelined, Stopped};
    pipelined(src, JsonArray::next_part, f).map_err(|e| match e {
        Stopped::Read(Refused) => Stop::Refused,
        Stopped::Failed(e) => Stop::Failed(e),
    })
}
