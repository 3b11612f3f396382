//! Output that cannot act on the reader's tools: CSV cells that a spreadsheet
//! would run as a formula, and text with terminal control sequences.
//!
//! - [`csv_cell`] / [`write_csv`]: every CSV the CLI writes goes through them.
//!   A cell that begins with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`
//!   (OWASP "CSV injection"), so Excel / LibreOffice / Google Sheets show it as
//!   text instead of evaluating it. A cell that is a plain decimal number
//!   (`-0.5`, `+3`, `-1e-3`) is left alone whatever its source: it cannot hold
//!   a formula, and the program's own negative numbers (a negative gap) must
//!   stay numbers. A consumer that wants raw values reads `--format json`.
//! - [`term`] / [`term_lines`]: every table printed for a person (`--format
//!   table`, stderr) goes through them. C0 and C1 control characters (ESC and
//!   so every ANSI/OSC escape sequence, BEL, backspace, CR, ...), DEL, and the
//!   bidirectional overrides / isolates and other invisible format characters
//!   are shown as a visible escape `\u{1b}`, so a name cannot recolour, retitle,
//!   erase or reorder the terminal.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula (OWASP).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `true` for a plain decimal number: optional sign, digits, optional
/// fraction, optional exponent (what the program writes for a number).
pub fn is_plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let s = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > s
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int = digits(&mut i);
    let frac = if b.get(i) == Some(&b'.') {
        i += 1;
        digits(&mut i)
    } else {
        false
    };
    if !int && !frac {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// A CSV cell a spreadsheet will not evaluate: `'` before a cell that starts
/// with `=`, `+`, `-`, `@`, TAB or CR, unless it is a plain number.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some(c) if FORMULA_START.contains(&c) && !is_plain_number(s) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Writes one CSV record, every cell through [`csv_cell`] (into memory: nothing to fail).
pub fn write_csv<W: std::io::Write, S: AsRef<str>>(w: &mut csv::Writer<W>, cells: impl IntoIterator<Item = S>) {
    let _ = try_write_csv(w, cells);
}

/// [`write_csv`] to a file or a pipe, whose failure (a full disk) is reported.
pub fn try_write_csv<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    for c in cells {
        w.write_field(csv_cell(c.as_ref()).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

/// The CSV text of a finished writer.
pub fn csv_finish(w: csv::Writer<Vec<u8>>) -> String {
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Characters never printed raw to a terminal: C0 / C1 controls, DEL, bidi
/// overrides and isolates, line and paragraph separators, every format
/// character (general category Cf: zero-width, tag characters U+E0000–E007F,
/// ...) and every default-ignorable code point (Unicode `DerivedCoreProperties`:
/// Hangul fillers, variation selectors, ...), which a terminal draws as nothing.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || meritkit::diag::is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
        // (the core's list is Unicode 16; the table catches format characters of later versions)
        || unicode_properties::UnicodeGeneralCategory::general_category(c)
            == unicode_properties::GeneralCategory::Format
}

/// Text for one table cell: every unsafe character (newlines and tabs too)
/// as a visible `\u{..}` escape.
pub fn term(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A whole table: as [`term`], but line breaks are kept.
pub fn term_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !(keep_newlines && c == '\n')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !(keep_newlines && c == '\n') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_numbers_are_not() {
        for (i, o) in [
            ("=HYPERLINK(\"http://x\",\"klik\")", "'=HYPERLINK(\"http://x\",\"klik\")"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-0.5", "-0.5"),
            ("+3", "+3"),
            ("-1e-3", "-1e-3"),
            ("-.5", "-.5"),
            ("Budi = 1", "Budi = 1"),
            ("", ""),
            ("198503122010011001", "198503122010011001"),
        ] {
            assert_eq!(csv_cell(i), o, "{i:?}");
        }
        assert!(!is_plain_number("-1e"));
        assert!(!is_plain_number("-."));
        assert!(!is_plain_number("1-1"));
    }

    #[test]
    fn control_escape_and_bidi_characters_are_made_visible() {
        assert_eq!(term("Budi\u{1b}[2J\u{1b}]0;x\u{7}"), "Budi\\u{1b}[2J\\u{1b}]0;x\\u{7}");
        assert_eq!(term("a\u{202e}b\u{2066}c\u{9b}d\u{7f}"), "a\\u{202e}b\\u{2066}c\\u{9b}d\\u{7f}");
        assert_eq!(term("x\ny\rz\tw"), "x\\u{a}y\\u{d}z\\u{9}w");
        assert_eq!(term_lines("a\u{1b}\nb\n"), "a\\u{1b}\nb\n");
        assert!(matches!(term("Siti Aminah — Dinas Pangan"), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_format_and_default_ignorable_characters_are_made_visible() {
        // Tag characters (an invisible "A" and the cancel tag), Hangul fillers, soft hyphen,
        // Mongolian vowel separator, variation selector, Arabic number sign (Cf), word joiner.
        for c in [
            '\u{E0041}',
            '\u{E007F}',
            '\u{E0001}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{115F}',
            '\u{1160}',
            '\u{AD}',
            '\u{180E}',
            '\u{FE0F}',
            '\u{600}',
            '\u{2060}',
            '\u{1D173}',
            '\u{E0100}',
        ] {
            let s = format!("Budi{c}Santoso");
            assert_eq!(term(&s), format!("Budi\\u{{{:x}}}Santoso", c as u32), "U+{:04X}", c as u32);
        }
        // Visible letters of other scripts and ordinary spaces stay as they are.
        for s in ["Ni Luh Putu Ayu", "김민준", "Ñoño", "محمد", "ᮞᮥᮔ᮪ᮓ", "a\u{a0}b"] {
            assert!(matches!(term(s), Cow::Borrowed(_)), "{s}");
        }
    }
}

std::thread_local! {
    /// Set while [`contained`] runs a parser whose panics are caught.
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a third-party parser on untrusted bytes), catching a panic:
/// `Err(())` then. The panic message and backtrace are NOT printed (stderr
/// would show parser internals and confuse the user, who gets a stable
/// error instead); panics elsewhere still print as usual.
pub fn contained<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    let was = CONTAINED.with(|c| c.replace(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(was));
    r.map_err(|_| ())
}
