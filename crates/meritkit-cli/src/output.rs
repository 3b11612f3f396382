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
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
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

/// A pretty JSON object written entry by entry, an array element by element:
/// the text of [`json`] of the whole object, in the order the entries are given.
pub struct JsonAnswer<'w> {
    w: &'w mut dyn Write,
    entries: usize,
    elements: usize,
}

impl<'w> JsonAnswer<'w> {
    /// Starts the object.
    pub fn new(w: &'w mut dyn Write) -> Self {
        JsonAnswer { w, entries: 0, elements: 0 }
    }

    fn key(&mut self, k: &str) -> std::io::Result<()> {
        self.w.write_all(if self.entries == 0 { b"{\n  " } else { b",\n  " })?;
        self.entries += 1;
        self.w.write_all(serde_json::to_string(k).unwrap_or_default().as_bytes())?;
        self.w.write_all(b": ")
    }

    /// One entry.
    pub fn entry(&mut self, k: &str, v: &serde_json::Value) -> std::io::Result<()> {
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
        self.w.write_all(if self.elements == 0 { b"[\n" } else { b",\n" })?;
        self.elements += 1;
        indented(self.w, &pretty(v), "    ", true)
    }

    /// Closes the open array.
    pub fn end_array(&mut self) -> std::io::Result<()> {
        self.w.write_all(if self.elements > 0 { b"\n  ]" } else { b"[]" })
    }

    /// Closes the object.
    pub fn finish(self) -> std::io::Result<()> {
        self.w.write_all(if self.entries == 0 { b"{}\n" } else { b"\n}\n" })
    }
}

/// Where a streamed answer goes: stdout, or a file written beside its target
/// under a temporary name and renamed into place only when complete (a
/// refused input leaves no partial file behind).
pub struct Sink {
    w: std::io::BufWriter<Box<dyn Write>>,
    temp: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl Sink {
    /// Opens the output (`None`: stdout).
    pub fn open(out: Option<&Path>) -> Result<Sink, Error> {
        let Some(target) = out else {
            return Ok(Sink { w: std::io::BufWriter::with_capacity(1 << 16, Box::new(std::io::stdout())), temp: None });
        };
        let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".partial-{}", std::process::id()));
        let temp = target.with_file_name(name);
        let f = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp).map_err(write_error)?;
        Ok(Sink {
            w: std::io::BufWriter::with_capacity(1 << 16, Box::new(f)),
            temp: Some((temp, target.to_path_buf())),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.w
    }

    /// Whether the output is stdout.
    pub fn is_stdout(&self) -> bool {
        self.temp.is_none()
    }

    /// Flushes, and puts a file in place.
    pub fn commit(mut self) -> Result<(), Error> {
        let flushed = self.w.flush();
        match self.temp.take() {
            None => Ok(()), // as `emit`: a closed stdout (a pipe into `head`) is not an error
            Some((temp, target)) => {
                let r = flushed.and_then(|()| std::fs::rename(&temp, &target));
                if r.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                r.map_err(write_error)
            }
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((temp, _)) = self.temp.take() {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// The error of an output that cannot be written.
pub fn write_error(e: std::io::Error) -> Error {
    Error::Input(vec![problem(meritkit::Code::InvalidInput, "output", t::ERR_WRITE_OUTPUT, &[&e])])
}
