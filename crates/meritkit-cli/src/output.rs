//! Writing results: table, JSON, CSV; errors to stderr.

use crate::i18n::{pick, t};
use crate::Lang;
use meritkit::error::Error;
use std::io::Write;
use std::path::Path;

/// Prints a whole-call error to stderr in the chosen language, headed by its
/// family (`invalid policy`, `invalid rule set`, ...).
pub fn print_error(e: &Error, lang: Lang) {
    let (en, id) = e.title();
    let head = match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    eprintln!("meritkit: {head}");
    for p in e.problems() {
        // Paths and messages may carry keys of the input: no control sequence reaches the terminal.
        let m = crate::safe::term(pick(&p.message, lang));
        if p.path.is_empty() {
            eprintln!("  [{}] {m}", p.code);
        } else {
            eprintln!("  [{}] {}: {m}", p.code, crate::safe::term(&p.path));
        }
    }
}

/// File-level warnings of a reader (merged cells, an unnamed column skipped,
/// other sheets not read, ...) on stderr, one line each: `meritkit: warning
/// [code] path: message`. Stdout (JSON, CSV, table) is left as it is.
pub fn print_warnings(warnings: &[meritkit::Problem], lang: Lang) {
    for p in warnings {
        let m = crate::safe::term(pick(&p.message, lang));
        let w = t::WARNING.get(lang);
        if p.path.is_empty() {
            eprintln!("meritkit: {w} [{}] {m}", p.code);
        } else {
            eprintln!("meritkit: {w} [{}] {}: {m}", p.code, crate::safe::term(&p.path));
        }
    }
}

/// An `invalid_input` error from a catalogue entry with arguments, in both languages.
pub fn problem(
    code: meritkit::Code,
    path: impl Into<String>,
    text: crate::i18n::Text,
    args: &[&dyn std::fmt::Display],
) -> meritkit::Problem {
    meritkit::Problem::new(code, path, text.fmt(Lang::En, args), text.fmt(Lang::Id, args))
}

/// Writes text to a file or stdout.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), Error> {
    emit_bytes(text.as_bytes(), out)
}

/// Writes bytes to a file or stdout.
pub fn emit_bytes(bytes: &[u8], out: Option<&Path>) -> Result<(), Error> {
    match out {
        Some(p) => std::fs::write(p, bytes).map_err(|e| {
            Error::Input(vec![problem(meritkit::Code::InvalidInput, "output", t::ERR_WRITE_OUTPUT, &[&e])])
        }),
        None => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(bytes);
            Ok(())
        }
    }
}

/// Serializes any value as pretty JSON.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    if compact() {
        // (the layout of the streamed writer, JsonAnswer: the same bytes whichever path writes an answer)
        let v = serde_json::to_value(v).unwrap_or_else(|_| serde_json::json!({}));
        let mut out = Vec::new();
        let _ = write_answer_to(&mut out, &v, Vec::new());
        return String::from_utf8(out).unwrap_or_else(|_| "{}\n".into());
    }
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// `--compact`: JSON answers with one line per entry of the answer and per
/// element of its arrays, no indentation (a file of a million explained
/// placements is 40 % smaller and written in about half the time). Off: indented.
pub static COMPACT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn compact() -> bool {
    COMPACT.load(std::sync::atomic::Ordering::Relaxed)
}

/// A top-level JSON array written element by element (see [`write_json_answer`]).
pub type BigArray<'a> = (&'static str, Box<dyn Iterator<Item = serde_json::Value> + 'a>);

/// Writes an answer as pretty JSON to `out` (a file, or stdout), byte for
/// byte as [`json`] of the whole answer would (keys sorted), but without
/// holding it whole: `small` is the answer with its big arrays left empty,
/// `big` gives each of those arrays element by element; only one element
/// is ever held as a JSON value and as text. (A whole answer held as a
/// `serde_json::Value` took about 4 KB per error row and 5 KB per
/// position × candidate pair.)
pub fn write_json_answer(small: &serde_json::Value, big: Vec<BigArray<'_>>, out: Option<&Path>) -> Result<(), Error> {
    let write_err = |e: std::io::Error| {
        Error::Input(vec![problem(meritkit::Code::InvalidInput, "output", t::ERR_WRITE_OUTPUT, &[&e])])
    };
    match out {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(write_err)?;
            let mut w = std::io::BufWriter::new(f);
            write_answer_to(&mut w, small, big).and_then(|()| w.flush()).map_err(write_err)
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            // As `emit`: a closed stdout (a pipe into `head`) is not an error.
            let _ = write_answer_to(&mut w, small, big).and_then(|()| w.flush());
            Ok(())
        }
    }
}

fn write_answer_to(w: &mut dyn Write, small: &serde_json::Value, mut big: Vec<BigArray<'_>>) -> std::io::Result<()> {
    let Some(map) = small.as_object() else {
        // (--compact: a top-level array one element a line, as the arrays of an answer)
        if let (true, Some(items)) = (compact(), small.as_array().filter(|a| !a.is_empty())) {
            for (i, item) in items.iter().enumerate() {
                w.write_all(if i == 0 { b"[\n" } else { b",\n" })?;
                w.write_all(pretty(item).as_bytes())?;
            }
            return w.write_all(b"\n]\n");
        }
        w.write_all(pretty(small).as_bytes())?;
        return w.write_all(b"\n");
    };
    if map.is_empty() && big.is_empty() {
        return w.write_all(b"{}\n");
    }
    let mut a = JsonAnswer::new(w);
    for (k, v) in map {
        match big.iter().position(|(name, _)| name == k) {
            Some(i) => {
                let (_, items) = big.swap_remove(i);
                a.begin_array(k)?;
                for item in items {
                    a.element(&item)?;
                }
                a.end_array()?;
            }
            None => a.entry(k, v)?,
        }
    }
    a.finish()
}

fn pretty(v: &serde_json::Value) -> String {
    if compact() {
        return serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    }
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into())
}

/// Writes each line of `text` after the first indented by `pad` (the first too when `first`).
fn indented(w: &mut dyn Write, text: &str, pad: &str, first: bool) -> std::io::Result<()> {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            w.write_all(b"\n")?;
        }
        if i > 0 || first {
            w.write_all(pad.as_bytes())?;
        }
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// serde_json's pretty layout (two spaces a level) for a value that starts
/// `depth` levels in: an element of a streamed array, laid out as it sits in
/// the whole answer.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        const SPACES: &[u8; 64] = b"                                                                ";
        w.write_all(if first { b"\n" } else { b",\n" })?;
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A JSON object written entry by entry, an array element by element: the
/// text of [`json`] of the whole object, in the order the entries are given
/// (indented, or with `--compact` one line per entry and per array element).
pub struct JsonAnswer<'w> {
    w: &'w mut dyn Write,
    entries: usize,
    elements: usize,
    compact: bool,
}

impl<'w> JsonAnswer<'w> {
    /// Starts the object.
    pub fn new(w: &'w mut dyn Write) -> Self {
        JsonAnswer { w, entries: 0, elements: 0, compact: compact() }
    }

    fn key(&mut self, k: &str) -> std::io::Result<()> {
        let open: &[u8] = match (self.entries, self.compact) {
            (0, false) => b"{\n  ",
            (_, false) => b",\n  ",
            (0, true) => b"{",
            (_, true) => b",\n",
        };
        self.w.write_all(open)?;
        self.entries += 1;
        self.w.write_all(serde_json::to_string(k).unwrap_or_default().as_bytes())?;
        self.w.write_all(if self.compact { b":" } else { b": " })
    }

    /// One entry.
    pub fn entry(&mut self, k: &str, v: &serde_json::Value) -> std::io::Result<()> {
        if self.compact {
            // (an array's elements one per line, as a streamed array's)
            if let Some(items) = v.as_array() {
                self.begin_array(k)?;
                for item in items {
                    self.element(item)?;
                }
                return self.end_array();
            }
            self.key(k)?;
            return self.w.write_all(pretty(v).as_bytes());
        }
        self.key(k)?;
        indented(self.w, &pretty(v), "  ", false)
    }

    /// Starts an array entry.
    pub fn begin_array(&mut self, k: &str) -> std::io::Result<()> {
        self.key(k)?;
        self.elements = 0;
        Ok(())
    }

    /// One element of the open array.
    pub fn element(&mut self, v: &serde_json::Value) -> std::io::Result<()> {
        self.element_of(v, &mut Vec::new())
    }

    /// One element of the open array, serialized as it is (its fields in
    /// their declared order; no JSON value is built in between).
    pub fn element_of<T: serde::Serialize>(&mut self, v: &T, buf: &mut Vec<u8>) -> std::io::Result<()> {
        buf.clear();
        if self.compact {
            serde_json::to_writer(&mut *buf, v).map_err(std::io::Error::other)?;
            self.w.write_all(if self.elements == 0 { b"[\n" } else { b",\n" })?;
            self.elements += 1;
            return self.w.write_all(buf);
        }
        // (the element's text as it sits two levels in: serialized once, with no second pass over it)
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, Nested { depth: 2, has_value: false });
        v.serialize(&mut ser).map_err(std::io::Error::other)?;
        self.w.write_all(if self.elements == 0 { b"[\n    " } else { b",\n    " })?;
        self.elements += 1;
        self.w.write_all(buf)
    }

    /// Closes the open array.
    pub fn end_array(&mut self) -> std::io::Result<()> {
        let close: &[u8] = match (self.elements, self.compact) {
            (0, _) => b"[]",
            (_, false) => b"\n  ]",
            (_, true) => b"\n]",
        };
        self.w.write_all(close)
    }

    /// Closes the object.
    pub fn finish(self) -> std::io::Result<()> {
        let close: &[u8] = match (self.entries, self.compact) {
            (0, _) => b"{}\n",
            (_, false) => b"\n}\n",
            (_, true) => b"}\n",
        };
        self.w.write_all(close)
    }
}

/// Where a streamed answer goes: stdout or a file (written in place, as
/// [`emit`] writes it: through a symbolic link, onto a device, keeping the
/// file's permissions). [`Sink::abandon`] takes back an answer refused
/// half-way: a file this run created is removed, one that existed is emptied.
pub struct Sink {
    w: std::io::BufWriter<Box<dyn Write>>,
    /// The output file, and whether this run created it.
    file: Option<(std::path::PathBuf, bool)>,
}

impl Sink {
    /// Opens the output (`None`: stdout).
    pub fn open(out: Option<&Path>) -> Result<Sink, Error> {
        let Some(target) = out else {
            return Ok(Sink { w: std::io::BufWriter::with_capacity(1 << 16, Box::new(std::io::stdout())), file: None });
        };
        // (nothing at the path, not even a dangling symbolic link: this run creates the file)
        let created = std::fs::symlink_metadata(target).is_err();
        let f = std::fs::File::create(target).map_err(write_error)?;
        Ok(Sink { w: std::io::BufWriter::with_capacity(1 << 16, Box::new(f)), file: Some((target.into(), created)) })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.w
    }

    /// Whether the output is stdout.
    pub fn is_stdout(&self) -> bool {
        self.file.is_none()
    }

    /// Flushes.
    pub fn commit(mut self) -> Result<(), Error> {
        let flushed = self.w.flush();
        match self.file {
            None => Ok(()), // as `emit`: a closed stdout (a pipe into `head`) is not an error
            Some(_) => flushed.map_err(write_error),
        }
    }

    /// Takes back what was written to a file (see the type's doc); stdout keeps it.
    pub fn abandon(self) {
        let Sink { w, file } = self;
        drop(w);
        if let Some((path, created)) = file {
            let regular = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
            if created && regular {
                let _ = std::fs::remove_file(&path);
            } else if regular {
                let _ = std::fs::OpenOptions::new().write(true).truncate(true).open(&path);
            }
        }
    }
}

/// Whether two paths name one existing file (the same device and inode on
/// Unix, through links; elsewhere the same canonical path).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// The error of an output that cannot be written.
pub fn write_error(e: std::io::Error) -> Error {
    Error::Input(vec![problem(meritkit::Code::InvalidInput, "output", t::ERR_WRITE_OUTPUT, &[&e])])
}

/// The basis of each field (or rule) as aligned `#` comment lines, so that
/// TOML output stays valid TOML.
pub fn basis_comment<'a>(title: &str, items: impl Iterator<Item = (&'a str, &'a meritkit::basis::Basis)>) -> String {
    let items: Vec<_> = items.collect();
    if items.is_empty() {
        return String::new();
    }
    let w = items.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let kw = items.iter().map(|(_, b)| b.kind.code().len()).max().unwrap_or(0);
    let mut s = format!("# {title}\n");
    for (k, b) in items {
        let src = if b.instrument.is_empty() { "-".to_string() } else { b.citation() };
        s.push_str(&format!("#   {k:<w$}  {:<kw$}  {:<6}  {src}\n", b.kind.code(), b.confidence.code()));
    }
    s
}
