//! A CSV file read in parts: a few thousand rows are read, converted and handed
//! on before the next are read, so a command's memory does not grow with the
//! file. The records, their origins and the limits are those of
//! [`crate::input::read_table`]; a file that reader refuses is refused here
//! with its words, because on any refusal found on the way the whole file is
//! read again by that reader to name it.
//!
//! Only what can be cut safely is read in parts: a regular file (not stdin),
//! CSV or TSV, without `--multiline-cells` (so every record ends at a line
//! break), whose header and delimiter are settled by its first part.
//! [`CsvStream::open`] answers `None` for anything else, and the caller
//! reads the file whole.

use crate::input::{CsvReader, CsvRows, Options, ReadRow, RowConverter};
use meritkit::error::{Code, Error, Problem};
use meritkit::scoring::ParsedRow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes read at a time (the part ends at the last line break in them).
const BLOCK: usize = 2 << 20;

/// The refusal of a file that changed between two readings.
pub(crate) fn changed() -> Error {
    Error::Input(vec![crate::output::problem(Code::InvalidInput, "input", crate::i18n::t::IN_CHANGED, &[])])
}

/// A file `score` may read in parts, opened: on disk, a regular file within
/// `--max-input-bytes` (a FIFO or a device is never opened here: it can be
/// read once, by the whole-file reader, which also names a file too large).
pub(crate) fn regular_file(path: &Path, opts: &Options) -> Option<(std::fs::File, std::fs::Metadata)> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > opts.limits.max_input_bytes {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then_some((file, meta))
}

/// Why [`pipelined`] stopped early: the source's error, or `f`'s.
pub(crate) enum Stopped<E> {
    Read(E),
    Failed(Error),
}

/// Calls `f` with each part `next` takes from `src`, in order, the next part
/// read on another thread meanwhile (one part waits while one is handed on:
/// at most three parts are held); stops at the first error of either. The
/// source is given back, for a second pass.
pub(crate) fn pipelined<S: Send, P: Send, E: Send>(
    src: S,
    next: impl Fn(&mut S) -> Result<Option<P>, E> + Send,
    mut f: impl FnMut(P) -> Result<(), Error>,
) -> Result<S, Stopped<E>> {
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let reader = s.spawn(move || {
            let mut src = src;
            loop {
                let part = next(&mut src);
                let more = matches!(part, Ok(Some(_)));
                if tx.send(part).is_err() || !more {
                    break;
                }
            }
            src
        });
        let mut done = Ok(());
        for part in &rx {
            match part {
                Ok(Some(p)) => {
                    if let Err(e) = f(p) {
                        done = Err(Stopped::Failed(e));
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    done = Err(Stopped::Read(e));
                    break;
                }
            }
        }
        drop(rx);
        let src = reader.join().map_err(|_| {
            Stopped::Failed(Error::Internal(vec![Problem::new(
                Code::Internal,
                "input",
                "the file reader stopped unexpectedly: please report this",
                "pembaca berkas berhenti tak terduga: mohon laporkan",
            )]))
        })?;
        done.map(|()| src)
    })
}

/// Bytes of a block read on one thread (about 2,000 rows).
const PIECE_BYTES: usize = 256 << 10;

/// `text` cut after line feeds into pieces of about `size` bytes, each with
/// the number of its first line (`line` for the first).
fn pieces(text: &str, line: usize, size: usize) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let (mut rest, mut line) = (text, line);
    while !rest.is_empty() {
        let cut = match rest.as_bytes().get(size..).and_then(|tail| memchr::memchr(b'\n', tail)) {
            Some(i) => size + i + 1,
            None => rest.len(),
        };
        let (piece, tail) = rest.split_at(cut);
        out.push((piece, line));
        line += line_breaks(piece);
        rest = tail;
    }
    out
}

/// The line breaks in `text` as the CSV reader counts them (CR LF, LF, or a lone CR).
fn line_breaks(text: &str) -> usize {
    let b = text.as_bytes();
    let lone_cr = memchr::memchr_iter(b'\r', b).filter(|&i| b.get(i + 1) != Some(&b'\n')).count();
    memchr::memchr_iter(b'\n', b).count() + lone_cr
}

/// Rows per part.
const PART_ROWS: usize = 8_192;

/// Hands each part of `src` to `f` in file order, with the file-level
/// warnings found while reading it, the next part being read on another
/// thread meanwhile; stops at the first error (of the file or of `f`). The
/// stream is given back for a second pass ([`CsvStream::reopen`]).
pub fn each_part(
    src: CsvStream,
    mut f: impl FnMut(Part, Vec<Problem>) -> Result<(), Error>,
) -> Result<CsvStream, Error> {
    let next = |src: &mut CsvStream| src.next_part(PART_ROWS).map(|p| p.map(|p| (p, src.take_warnings())));
    pipelined(src, next, |(part, warnings)| f(part, warnings)).map_err(|e| match e {
        Stopped::Read(e) | Stopped::Failed(e) => e,
    })
}

/// Records of one part, with their origins (`line 7`).
pub struct Part {
    /// The records, in file order (none when the stream gives its rows as read: [`CsvStream::rows_as_read`]).
    pub rows: Vec<ParsedRow>,
    /// Where each came from.
    pub origins: Vec<String>,
    /// The rows as read, when the stream gives them so ([`CsvStream::rows_as_read`]).
    pub read: Option<AsRead>,
}

/// A part's rows as read: the rows, their columns as the scoring kernel
/// reads them, and how a row becomes a record.
pub struct AsRead {
    /// The rows.
    pub rows: Vec<ReadRow>,
    /// Their record columns.
    pub columns: crate::input::ColumnTexts,
    /// Each row's `anomalous` mark ([`crate::input::RowReading::anomalous`]).
    pub anomalous: Vec<bool>,
    /// How a row becomes a record.
    pub reading: std::sync::Arc<crate::input::RowReading>,
}

impl AsRead {
    /// Where row `i` of the part is in the file (`line 7`); empty past the part's end.
    pub fn origin(&self, i: usize) -> String {
        let mut s = String::new();
        self.origin_into(i, &mut s);
        s
    }

    /// [`Self::origin`] appended to `out`.
    pub fn origin_into(&self, i: usize, out: &mut String) {
        if let Some(r) = self.rows.get(i) {
            self.reading.origin_into(crate::input::RowCells::number(r), out);
        }
    }

    /// Row `i` of the part as a record (the scoring kernel asks for a row with an anomaly).
    pub fn record(&self, i: usize) -> ParsedRow {
        self.reading.record(&self.rows[i].to_sheet_row())
    }

    /// The first pass of population-relative cut-offs over this part
    /// ([`meritkit::scoring::Stream::observe_table`]), whose first row is row
    /// `first` of the file: a file with too many error rows is refused here,
    /// named at its place.
    pub fn observe(&self, scorer: &mut meritkit::scoring::Stream<'_>, first: usize) -> Result<(), Error> {
        scorer.observe_table(&self.columns.table(), &|i| self.record(i), &self.anomalous).map_err(|e| {
            let origins: Vec<String> = (0..self.rows.len()).map(|i| self.origin(i)).collect();
            crate::bounds::too_many_error_rows(
                meritkit::scoring::TooManyErrorRows { row: e.row - first, ..e },
                &origins,
            )
        })
    }

    /// The part's answer ([`meritkit::scoring::Stream::score_table`]), as owned columns.
    pub fn score(
        &self,
        scorer: &mut meritkit::scoring::Stream<'_>,
    ) -> Result<meritkit::columnar::FlatScore<'static>, meritkit::scoring::TooManyErrorRows> {
        let table = self.columns.table();
        scorer.score_table(&table, &|i| self.record(i), &self.anomalous).map(|fs| fs.into_owned())
    }
}

/// A CSV file being read in parts (see the module doc).
pub struct CsvStream {
    path: PathBuf,
    opts: Options,
    file: std::fs::File,
    /// Bytes read after the last line break.
    carry: Vec<u8>,
    eof: bool,
    /// The line the next part starts at.
    line: usize,
    delim: u8,
    /// The file's lines end with lone CRs ([`crate::input::lone_cr_lines`]).
    lone_cr: bool,
    records: CsvRows,
    /// Set once the header is read.
    conv: Option<RowConverter>,
    /// Whether parts hold the rows as read, not records.
    as_read: bool,
    /// Bytes read at a time ([`BLOCK`]; smaller in tests and fuzzing).
    block: usize,
    /// Data rows of the first block, not yet handed on.
    pending: Vec<ReadRow>,
    warnings: Vec<Problem>,
    bytes: u64,
    /// A hash of every byte read, and the data rows read: what a second pass must see again.
    hash: rustc_hash::FxHasher,
    /// Length and modification time when opened: a second pass refuses a file that changed.
    stamp: (u64, Option<std::time::SystemTime>),
}

impl CsvStream {
    /// The file as a stream, or `None` when it is read whole (see the module doc).
    pub fn open(path: &Path, opts: &Options) -> Option<CsvStream> {
        Self::open_with_block(path, opts, BLOCK)
    }

    /// [`CsvStream::open`] reading `block` bytes at a time (at least one).
    pub fn open_with_block(path: &Path, opts: &Options, block: usize) -> Option<CsvStream> {
        if path.as_os_str() == "-" || opts.multiline_cells {
            return None;
        }
        // (a JSON file by its name is never read here: a one-line array would be read whole looking for a line end)
        if matches!(crate::input::ext_of(&path.to_string_lossy()).as_str(), "json" | "jsonl" | "ndjson") {
            return None;
        }
        let (file, meta) = regular_file(path, opts)?;
        let mut s = CsvStream {
            path: path.to_path_buf(),
            opts: opts.clone(),
            file,
            carry: Vec::new(),
            eof: false,
            line: 1,
            delim: b',',
            lone_cr: false,
            records: CsvRows::new(&opts.limits, 2, opts.multiline_cells),
            conv: None,
            as_read: false,
            block: block.max(1),
            pending: Vec::new(),
            warnings: Vec::new(),
            bytes: 0,
            hash: rustc_hash::FxHasher::default(),
            stamp: (meta.len(), meta.modified().ok()),
        };
        let (block, last) = s.next_block().ok()?;
        let (ext, workbook) = crate::input::detect(&path.to_string_lossy(), &block);
        if workbook {
            return None;
        }
        // (a byte-order mark other than UTF-8's, or bytes that are not UTF-8: the whole-file reader names them)
        let text = crate::input::decode_utf8_ref(&block).ok()?;
        if crate::input::is_json(&ext, text) {
            return None;
        }
        // The delimiter is sniffed from the first ten lines that are not blank: they must be in this block.
        if !last && text.split(['\n', '\r']).filter(|l| !l.trim().is_empty()).take(10).count() < 10 {
            return None;
        }
        s.delim = if ext == "tsv" { b'\t' } else { crate::input::sniff_delimiter(text) };
        // A file of lone CR line ends that holds a line feed is read whole: the parts are cut after line feeds,
        // which in such a file are stray (the reader must see what follows one). Without one, this block is the
        // whole file.
        s.lone_cr = crate::input::lone_cr_lines(text.as_bytes());
        if s.lone_cr && text.contains('\n') {
            return None;
        }
        let rows = s.parse(text).ok()?;
        // The header must be in the first block (a file without a line of two
        // filled cells takes the whole-file reader's other reading).
        s.records.header_cells?;
        let conv = RowConverter::new(&s.records.sheet, &opts.mapping).ok()?;
        s.warnings.extend(conv.header_warnings());
        s.conv = Some(conv);
        s.pending = rows;
        Some(s)
    }

    /// Parts give their rows as read ([`Part::read`]), for a caller that
    /// hands them to the scoring kernel column by column; the records of
    /// such rows are not counted against `--max-error-rows` here (the
    /// scorer counts every row with an error).
    pub fn rows_as_read(mut self) -> CsvStream {
        self.as_read = true;
        self
    }

    /// File-level warnings found so far (taken: each is given once).
    pub fn take_warnings(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.warnings)
    }

    /// The next part of about `rows` records; `None` at the end of the file.
    pub fn next_part(&mut self, rows: usize) -> Result<Option<Part>, Error> {
        let mut sheet_rows = std::mem::take(&mut self.pending);
        while sheet_rows.len() < rows && !(self.eof && self.carry.is_empty()) {
            let (block, _) = self.next_block().map_err(|_| self.refusal())?;
            let more = match std::str::from_utf8(&block) {
                Ok(text) => self.parse(text),
                Err(_) => Err(self.refusal()),
            };
            sheet_rows.extend(more?);
        }
        if sheet_rows.is_empty() {
            if self.records.rows == 0 {
                return Err(self.refusal());
            }
            return Ok(None);
        }
        let Some(conv) = self.conv.as_mut() else { return Err(self.refusal()) };
        self.warnings.extend(conv.unnamed_warnings(&sheet_rows));
        if self.as_read {
            // (made here, on the reading thread, while the previous part is scored)
            let reading = conv.reading();
            let columns = reading.columns(&sheet_rows);
            let anomalous = sheet_rows.iter().map(|r| reading.anomalous(r)).collect();
            let read = AsRead { rows: sheet_rows, columns, anomalous, reading };
            return Ok(Some(Part { rows: Vec::new(), origins: Vec::new(), read: Some(read) }));
        }
        let mut part = Part {
            rows: Vec::with_capacity(sheet_rows.len()),
            origins: Vec::with_capacity(sheet_rows.len()),
            read: None,
        };
        conv.convert(sheet_rows.iter().map(ReadRow::to_sheet_row).collect(), &mut part.rows, &mut part.origins)?;
        Ok(Some(part))
    }

    /// The same file from its start, for a second pass; refused when the
    /// file changed since it was opened.
    pub fn reopen(&self) -> Result<CsvStream, Error> {
        let again = CsvStream::open_with_block(&self.path, &self.opts, self.block);
        match again {
            Some(s) if s.stamp == self.stamp && s.stamp.1.is_some() => Ok(s),
            _ => Err(changed()),
        }
    }

    /// Reads up to the last line break of the next [`BLOCK`] bytes (or the
    /// rest of the file). A file without line feeds (CR-only line ends) is read whole.
    fn next_block(&mut self) -> std::io::Result<(Vec<u8>, bool)> {
        use std::hash::Hasher;
        loop {
            let before = self.carry.len();
            if !self.eof {
                (&mut self.file).take(self.block as u64).read_to_end(&mut self.carry)?;
                let got = self.carry.len() - before;
                self.bytes += got as u64;
                self.hash.write(&self.carry[before..]);
                if self.bytes > self.opts.limits.max_input_bytes {
                    return Err(std::io::Error::other("the file grew past --max-input-bytes"));
                }
                self.eof = got == 0;
            }
            if self.eof {
                return Ok((std::mem::take(&mut self.carry), true));
            }
            // (the bytes carried over hold no line feed: only the new ones are searched)
            if let Some(i) = self.carry[before..].iter().rposition(|&b| b == b'\n') {
                let rest = self.carry.split_off(before + i + 1);
                return Ok((std::mem::replace(&mut self.carry, rest), false));
            }
        }
    }

    /// Reads the rest of the file as the parts would, without converting a
    /// row: a file refused anywhere is refused before any answer is written.
    pub fn check_all(mut self) -> Result<CsvStream, Error> {
        self.pending.clear();
        while !(self.eof && self.carry.is_empty()) {
            let (block, _) = self.next_block().map_err(|_| self.refusal())?;
            let text = std::str::from_utf8(&block).map_err(|_| self.refusal())?;
            self.parse(text)?;
        }
        if self.records.rows == 0 {
            return Err(self.refusal());
        }
        Ok(self)
    }

    /// What was read, once the file is read to its end: a second pass must
    /// read the same bytes (length and hash) and rows, or the file changed.
    pub fn seen(&self) -> (u64, u64, usize) {
        use std::hash::Hasher;
        (self.bytes, self.hash.finish(), self.records.rows)
    }

    /// Refused when the second pass `again` did not read what the first read
    /// (`seen`), or the file's length or modification time changed since.
    pub fn same_as(&self, again: &CsvStream) -> Result<(), Error> {
        let now = std::fs::metadata(&self.path).ok().map(|m| (m.len(), m.modified().ok()));
        if self.seen() == again.seen() && now == Some(self.stamp) && again.stamp == self.stamp {
            Ok(())
        } else {
            Err(changed())
        }
    }

    /// The data rows of one block of whole lines.
    fn parse(&mut self, text: &str) -> Result<Vec<ReadRow>, Error> {
        use rayon::prelude::*;
        // Every record ends at a line break here (no --multiline-cells): the text is cut into pieces at
        // line feeds, each read on its own thread from its first line's number; the records are then
        // taken in order, and a piece's failure refuses the file (named by the whole-file reader).
        let (delim, header_cells, lone_cr) = (self.delim, self.records.header_cells, self.lone_cr);
        let pieces = pieces(text, self.line, PIECE_BYTES);
        let read = |&(piece, line): &(&str, usize)| -> Result<Vec<crate::input::CsvRecord>, Error> {
            let mut rdr = CsvReader {
                b: piece.as_bytes(),
                pos: 0,
                line,
                line_start: 0,
                delim,
                multiline: false,
                width_hint: 0,
                lone_cr,
            };
            let mut records = Vec::new();
            while let Some(rec) = rdr.next_record(header_cells)? {
                records.push(rec);
            }
            Ok(records)
        };
        let read: Vec<_> =
            if pieces.len() > 1 { pieces.par_iter().map(read).collect() } else { pieces.iter().map(read).collect() };
        let mut rows = Vec::new();
        for records in read {
            for rec in records.map_err(|_| self.refusal())? {
                if let Some(row) = self.records.take(rec).map_err(|_| self.refusal())? {
                    rows.push(row);
                }
            }
        }
        self.line = pieces.last().map_or(self.line, |&(piece, line)| line + line_breaks(piece));
        Ok(rows)
    }

    /// The whole-file reader's refusal of this file.
    fn refusal(&self) -> Error {
        match crate::input::read_table(&self.path, &self.opts, &|_, _| {}) {
            Err(e) => e,
            Ok(_) => Error::Internal(vec![Problem::new(
                Code::Internal,
                "input",
                "the file was refused while read in parts but read whole it is not: please report this",
                "berkas ditolak saat dibaca per bagian tetapi tidak saat dibaca utuh: mohon laporkan",
            )]),
        }
    }
}

/// Records and their origins.
pub type Records = (Vec<ParsedRow>, Vec<String>);

/// The records and origins of a CSV file read in parts of `block` bytes, or
/// `None` when it would be read whole (entry point for tests and fuzzing:
/// the answer must be the whole-file reader's).
pub fn read_in_parts(path: &Path, opts: &Options, block: usize) -> Option<Result<Records, Error>> {
    let src = CsvStream::open_with_block(path, opts, block)?;
    let (mut rows, mut origins) = (Vec::new(), Vec::new());
    Some(
        each_part(src, |part, _| {
            rows.extend(part.rows);
            origins.extend(part.origins);
            Ok(())
        })
        .map(|_| (rows, origins)),
    )
}

/// The first pass of population-relative cut-offs over a whole file: each
/// part's rows as read given to [`AsRead::observe`] (a file with too many
/// error rows is refused here, at its place); `warnings` takes each part's
/// file-level warnings. The stream read to its end, for a second pass.
pub fn observe_all(
    src: CsvStream,
    scorer: &mut meritkit::scoring::Stream<'_>,
    mut warnings: impl FnMut(Vec<Problem>),
) -> Result<CsvStream, Error> {
    let mut at = 0;
    each_part(src.rows_as_read(), |part, w| {
        warnings(w);
        let read = part.read.ok_or_else(|| Error::internal("a part of the file came without its rows"))?;
        read.observe(scorer, at)?;
        at += read.rows.len();
        // (the part's memory is freed on rayon's threads)
        rayon::spawn(move || drop(read));
        Ok(())
    })
}

/// `score`'s CSV path on a file read in parts of `block` bytes: the rows as
/// read, given to the scoring kernel column by column
/// ([`meritkit::scoring::Stream::score_table`]); the answer as columns, with
/// the summary, and, when `ctx` asks for an explanation, the placements
/// `score -f json` writes (made by [`meritkit::scoring::Stream::placement`]
/// from what the kernel kept of each row). For fuzzing and tests: it must be
/// the answer of the records the whole-file reader reads. `None` when the
/// file is read whole.
#[allow(clippy::type_complexity)]
pub fn score_in_parts(
    path: &Path,
    opts: &Options,
    block: usize,
    policy: &meritkit::Policy,
    ctx: &meritkit::scoring::Context,
) -> Option<Result<(meritkit::columnar::FlatScore<'static>, Vec<meritkit::scoring::Placement>), Error>> {
    let src = CsvStream::open_with_block(path, opts, block)?.rows_as_read();
    let mut scorer = meritkit::scoring::Stream::new(policy, ctx, usize::MAX);
    let explained = ctx.detail != meritkit::scoring::Detail::None;
    if explained {
        scorer.keep_placements();
    }
    let mut placements = Vec::new();
    // With population-relative cut-offs a first pass observes every row (as `score` does).
    let src = if scorer.needs_population() {
        match observe_all(src, &mut scorer, |_| {}).and_then(|s| s.reopen()) {
            Ok(s) => s.rows_as_read(),
            Err(e) => return Some(Err(e)),
        }
    } else {
        src
    };
    let mut all =
        meritkit::columnar::FlatScore::from_output(&[], &meritkit::scoring::score_rows(&[], policy, ctx), policy);
    let done = each_part(src, |part, _| {
        let read = part.read.ok_or_else(|| Error::internal("a part came without its rows"))?;
        let fs = read.score(&mut scorer).map_err(|e| Error::internal(format!("refused at row {}", e.row)))?;
        let at = all.status.len();
        placements.extend((0..fs.status.len()).filter_map(|j| scorer.placement(&fs, j, at)));
        all.append(fs);
        Ok(())
    });
    Some(done.map(|_| {
        all.summary = scorer.finish();
        (all, placements)
    }))
}
