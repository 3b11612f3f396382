//! One place that turns a parser's error (serde, serde_json, TOML) into a
//! located, bilingual [`Problem`] that never repeats the offending value.
//!
//! serde's messages quote the value they refused (`invalid type: integer
//! `198503122010011001`, expected a string`, `unknown variant `Budi``): a NIP
//! or a name would travel into reports, logs and `--json-errors`. Here such a
//! message is read into a [`Diagnosis`] — what kind of problem, the field path,
//! the expected form and the position in the text — and the message is
//! written again from this module's own catalogue, in English and Bahasa
//! Indonesia alike (the Indonesian text carries no English parser text).
//! A message that is not recognised becomes a generic "not valid here"
//! (never the parser's text). Field *names* (schema keys) may be named; they
//! pass through [`key`], which strips control characters, caps the length and
//! hides long digit runs.

use crate::error::{Code, Message, Problem};

/// Longest key (in characters) echoed in a message; longer keys are cut with `…`.
pub const MAX_KEY_CHARS: usize = 40;

/// A schema key (field or header name) made safe to echo: control, format
/// (bidi) and other invisible characters dropped, at most [`MAX_KEY_CHARS`]
/// characters, and every digit replaced by `#` when the key holds six or more
/// digits (a key that is really a NIP or a date is not repeated).
pub fn key(s: &str) -> String {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let mut out = String::new();
    let mut n = 0;
    for ch in s.trim().chars() {
        if ch.is_control() || is_invisible(ch) || ch == '`' {
            continue;
        }
        if n == MAX_KEY_CHARS {
            out.push('…');
            break;
        }
        out.push(if digits >= 6 && ch.is_ascii_digit() { '#' } else { ch });
        n += 1;
    }
    out
}

/// Words of column headers, sheet and field names (lower case) that make a
/// run of capitalised words a label, not a person's name (see [`plausible_label`]).
#[rustfmt::skip]
const LABEL_WORDS: &[&str] = &[
    "nip", "nama", "name", "unit", "kerja", "unor", "organisasi", "instansi", "satuan", "dinas", "badan", "biro",
    "bagian", "bidang", "sub", "jabatan", "position", "kind", "jenis", "eselon", "kelas", "pangkat", "golongan", "ruang",
    "rank", "grade", "pendidikan", "education", "level", "tingkat", "jenjang", "tanggal", "tgl", "date", "lahir", "birth",
    "tempat", "tmt", "mulai", "masa", "lama", "tahun", "year", "years", "bulan", "kinerja", "performance", "predikat",
    "nilai", "score", "skor", "skp", "hasil", "work", "result", "perilaku", "behavior", "behaviour", "rating", "potensi",
    "potential", "potensial", "kompetensi", "competency", "manajerial", "teknis", "sosial", "kultural", "jpm", "assessment", "asesmen", "penilaian",
    "track", "record", "rekam", "jejak", "riwayat", "history", "disiplin", "discipline", "hukuman", "sanksi", "status", "keterangan",
    "catatan", "note", "notes", "remarks", "no", "nomor", "urut", "id", "kode", "code", "total", "rata",
    "jumlah", "aspek", "aspect", "data", "daftar", "pegawai", "employee", "employees", "asn", "pns", "pppk", "sheet",
    "lembar", "rekap", "rekapitulasi", "baru", "lengkap", "full", "terakhir", "last", "first", "awal", "akhir", "digit",
    "target", "gap", "bobot", "weight", "rumpun", "fungsional", "struktural", "pelaksana", "pengawas", "administrator", "pratama", "madya",
    "utama", "ahli", "muda", "terampil", "penyelia", "mahir", "pemula", "atasan", "langsung", "pejabat", "penilai", "periode",
    "semester", "triwulan", "email", "telepon", "alamat", "agama", "kelamin", "usia", "umur", "atribut", "attributes", "kualifikasi",
    "diklat", "pelatihan", "sertifikat", "kategori", "category", "box", "kotak", "talenta", "talent", "pool", "suksesi", "succession",
    "kandidat", "candidate", "rencana", "plan", "and", "of", "the", "dan", "per", "untuk", "dari", "ke",
    "di", "terhitung", "sejak",
];

/// Whether a header, field key or sheet name from the input may be named in
/// a message (else it is named by position only: `column 3`, `B1`, `sheet 2`).
/// A label is plausible when, trimmed, it:
/// - has 1 to [`MAX_KEY_CHARS`] characters, all ASCII letters, digits,
///   spaces or one of `_ - . / ( ) % #`;
/// - holds no run of six or more digits (a NIP or a date `19850315`);
/// - holds no date-like token (`15-03-1985`, `1985/03/15`, `15.3.85`);
/// - holds at most one word (two or more letters, any case) that is not a
///   word of column headers (`LABEL_WORDS`): `Siti Aminah`, `ANDI MANDAR`,
///   `aminah binti ahmad` are names, `Unit Kerja`, `NAMA PEGAWAI` and
///   `Nilai SKP 2024` are labels;
/// - holds no initial beside such a word (`A. Mandar`; camelCase steps split
///   words: `AndiMandar`);
/// - holds no month name beside a number (`15 Maret 1985`, `15-Mar-85`,
///   `Okt 1985`).
///
/// ```
/// use meritkit::diag::plausible_label;
/// assert!(plausible_label("UNIT KERJA") && plausible_label("Nilai SKP 2024"));
/// assert!(!plausible_label("Hj. SITI AMINAH") && !plausible_label("15 Maret 85"));
/// ```
///
/// The rule errs on the side of not naming: a label with accented letters
/// or other scripts is named by position.
pub fn plausible_label(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    if n == 0 || n > MAX_KEY_CHARS {
        return false;
    }
    if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '/' | '(' | ')' | '%' | '#'))
    {
        return false;
    }
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 6 {
            return false;
        }
    }
    if s.split([' ', '_', '(', ')']).any(date_like) {
        return false;
    }
    // Words of two or more letters, in any case (SIMPEG exports names in
    // capitals: `ANDI MANDAR`, `Hj. SITI AMINAH`); two that are not words of
    // column headers make a name.
    // (camelCase steps split words too: `AndiMandar`)
    let mut tokens: Vec<&str> = Vec::new();
    for w in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut from = 0;
        let b = w.as_bytes();
        for i in 1..b.len() {
            if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
                tokens.push(&w[from..i]);
                from = i;
            }
        }
        tokens.push(&w[from..]);
    }
    let alphabetic = |w: &&str| w.bytes().all(|b| b.is_ascii_alphabetic());
    let unknown = tokens
        .iter()
        .filter(|w| w.len() >= 2 && alphabetic(w))
        .filter(|w| !LABEL_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        .count();
    // an initial beside a word that is not a header word: `A. Mandar`, `Andi M.`
    let initial = tokens.iter().any(|w| w.len() == 1 && alphabetic(w));
    if unknown >= 2 || (unknown == 1 && initial) {
        return false;
    }
    // A month's name beside a number is a date or a birth month (`15 Maret 1985`,
    // `15-Mar-85`, `Maret 1985`): named by position, as a period (`Mei 2024`) is too.
    let month = tokens.iter().any(|w| MONTHS.contains(&w.to_ascii_lowercase().as_str()));
    let number = tokens.iter().any(|w| w.bytes().all(|b| b.is_ascii_digit()));
    !(month && number)
}

/// Month names and their abbreviations, Indonesian and English.
const MONTHS: &[&str] = &[
    "januari",
    "january",
    "jan",
    "februari",
    "february",
    "feb",
    "peb",
    "maret",
    "march",
    "mar",
    "mrt",
    "pebruari",
    "april",
    "apr",
    "mei",
    "may",
    "juni",
    "june",
    "jun",
    "juli",
    "july",
    "jul",
    "agustus",
    "august",
    "agu",
    "agt",
    "aug",
    "september",
    "sep",
    "sept",
    "oktober",
    "october",
    "okt",
    "oct",
    "november",
    "nopember",
    "nop",
    "ags",
    "nov",
    "desember",
    "december",
    "des",
    "dec",
];

/// `dd-mm-yyyy`, `yyyy/mm/dd`, `d.m.yy`: three digit groups joined by `-`, `/` or `.`.
fn date_like(token: &str) -> bool {
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = token.split(sep).collect();
        if parts.len() >= 3
            && parts.iter().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).count() >= 3
        {
            return true;
        }
    }
    false
}

/// A user label (header, key, sheet name) as a message may show it: the
/// label through [`key`] when [`plausible_label`], else `None` (name it by
/// its position instead).
pub fn label(s: &str) -> Option<String> {
    plausible_label(s).then(|| key(s))
}

/// Whether text shown to people (a label, a title, a box description) is one
/// line with nothing that acts on a terminal or reorders what is read: no
/// control character, no line or paragraph separator and no [`is_invisible`]
/// character.
///
/// ```
/// use meritkit::diag::one_line;
/// assert!(one_line("Di Atas Ekspektasi"));
/// assert!(!one_line("a\nb") && !one_line("\u{1b}[2J") && !one_line("x\u{202E}y"));
/// assert!(!one_line("a\u{2028}b")); // the line separator too
/// ```
pub fn one_line(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Characters drawn as nothing: every `Default_Ignorable_Code_Point`
/// (Unicode 16 `DerivedCoreProperties.txt`: bidi overrides and isolates,
/// zero-width characters, soft hyphen, Hangul fillers, variation selectors,
/// tag characters, ...) and every other format character (general category
/// Cf: Arabic number signs, interlinear annotation, ...).
///
/// ```
/// use meritkit::diag::is_invisible;
/// for c in ['\u{202E}', '\u{200B}', '\u{00AD}', '\u{3164}', '\u{FE0F}', '\u{E0041}', '\u{206A}', '\u{1D173}'] {
///     assert!(is_invisible(c), "{:X}", c as u32);
/// }
/// assert!(!is_invisible('a') && !is_invisible(' ') && !is_invisible('é'));
/// ```
pub fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// The record's fields whose keys are the user's own (a map: competency
/// and aspect names, free attributes), so a key may be a person's name.
const MAP_FIELDS: [&str; 3] = ["competency", "potential_aspects", "attributes"];

/// A field path made safe to echo: each key through [`key`], indices kept;
/// a key of a map the user names ([`MAP_FIELDS`]) that does not look like a
/// field name ([`plausible_label`]: a person's name, a NIP, an address) is
/// left out, and what follows it (`attributes.Andi Mandar` is `attributes`).
pub fn path(p: &str) -> String {
    let indices = |s: &str| {
        s.split_inclusive(']').all(|x| {
            x.len() > 2
                && x.starts_with('[')
                && x.ends_with(']')
                && x[1..x.len() - 1].bytes().all(|b| b.is_ascii_digit())
        })
    };
    let mut out: Vec<String> = Vec::new();
    let mut in_map = false;
    for seg in p.split('.') {
        if in_map && !plausible_label(seg) {
            break;
        }
        let (name, shown) = match seg.find('[') {
            Some(i) if indices(&seg[i..]) => (&seg[..i], format!("{}{}", key(&seg[..i]), &seg[i..])),
            _ => (seg, key(seg)),
        };
        in_map = !in_map && MAP_FIELDS.contains(&name);
        out.push(shown);
    }
    out.join(".")
}

/// The kind of value a parser found (never the value itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// A number.
    Number,
    /// Text.
    Text,
    /// `true` / `false`.
    Boolean,
    /// `null` / absent.
    Null,
    /// An array.
    List,
    /// An object / table.
    Object,
    /// Anything else.
    Other,
}

impl Found {
    fn of(unexpected: &str) -> Found {
        let u = unexpected.trim_start();
        let starts = |p: &[&str]| p.iter().any(|x| u.starts_with(x));
        if starts(&["integer", "floating point", "i128", "u128"]) {
            Found::Number
        } else if starts(&["string", "character"]) {
            Found::Text
        } else if starts(&["boolean"]) {
            Found::Boolean
        } else if starts(&["null", "unit value", "Option value"]) {
            Found::Null
        } else if starts(&["sequence"]) {
            Found::List
        } else if starts(&["map"]) {
            Found::Object
        } else {
            Found::Other
        }
    }

    fn text(self) -> (&'static str, &'static str) {
        match self {
            Found::Number => ("a number", "angka"),
            Found::Text => ("a text", "teks"),
            Found::Boolean => ("a boolean", "boolean"),
            Found::Null => ("null", "null (kosong)"),
            Found::List => ("a list", "daftar (array)"),
            Found::Object => ("an object", "objek"),
            Found::Other => ("another kind of value", "jenis nilai lain"),
        }
    }
}

/// The form a field expects, as far as it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Text.
    Text,
    /// A whole number, with its range when the type gives one.
    WholeNumber(Option<&'static str>),
    /// A number.
    Number,
    /// `true` / `false`.
    Boolean,
    /// An array.
    List,
    /// An object / table.
    Object,
    /// Text or an object.
    TextOrObject,
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// A golongan/ruang.
    Rank,
    /// One of these codes (from the schema, never from the input).
    OneOf(Vec<String>),
}

impl Expected {
    /// Reads serde's "expected ..." text (written by a type, never by the input).
    fn parse(s: &str) -> Option<Expected> {
        let s = s.trim();
        let int = |r| Some(Expected::WholeNumber(r));
        match s {
            "a string" | "a borrowed string" | "string" | "a character" | "char" => return Some(Expected::Text),
            "u8" => return int(Some("0-255")),
            "u16" => return int(Some("0-65535")),
            "i8" => return int(Some("-128-127")),
            "i16" => return int(Some("-32768-32767")),
            "u32" | "u64" | "usize" => return int(Some(">= 0")),
            "i32" | "i64" | "isize" | "an integer" => return int(None),
            "f32" | "f64" | "a number" => return Some(Expected::Number),
            "a boolean" | "bool" => return Some(Expected::Boolean),
            "a sequence" | "a list" => return Some(Expected::List),
            "a map" | "map" => return Some(Expected::Object),
            "string or map" => return Some(Expected::TextOrObject),
            "a PNS golongan/ruang (I/a .. IV/e) or a PPPK golongan (I .. XVII)" => return Some(Expected::Rank),
            _ => {}
        }
        if s.starts_with("struct ")
            || s.starts_with("internally tagged enum")
            || s.starts_with("adjacently tagged enum")
        {
            return Some(Expected::Object);
        }
        if s.starts_with("a sequence")
            || s.starts_with("a tuple")
            || s.starts_with("tuple")
            || s.starts_with("an array")
        {
            return Some(Expected::List);
        }
        // Our labelled enumerations: "one of: a, b, c" (codes).
        if let Some(list) = s.strip_prefix("one of: ") {
            let codes: Vec<String> = list.split(", ").map(str::to_string).collect();
            return codes.iter().all(|c| is_code(c)).then_some(Expected::OneOf(codes));
        }
        // serde's lists of variants / fields: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
        names(s).map(Expected::OneOf)
    }

    fn text(&self) -> (String, String) {
        match self {
            Expected::Text => ("a text".into(), "teks".into()),
            Expected::WholeNumber(Some(r)) => (format!("a whole number {r}"), format!("bilangan bulat {r}")),
            Expected::WholeNumber(None) => ("a whole number".into(), "bilangan bulat".into()),
            Expected::Number => ("a number".into(), "angka".into()),
            Expected::Boolean => ("true or false".into(), "true atau false".into()),
            Expected::List => ("a list".into(), "daftar (array)".into()),
            Expected::Object => ("an object".into(), "objek".into()),
            Expected::TextOrObject => ("a text or an object".into(), "teks atau objek".into()),
            Expected::Date => ("a calendar date as YYYY-MM-DD".into(), "tanggal kalender berformat YYYY-MM-DD".into()),
            Expected::Rank => (
                "a PNS golongan/ruang (I/a .. IV/e) or a PPPK golongan (I .. XVII)".into(),
                "golongan/ruang PNS (I/a .. IV/e) atau golongan PPPK (I .. XVII)".into(),
            ),
            Expected::OneOf(v) => (one_of(v, "one of", "or"), one_of(v, "salah satu dari", "atau")),
        }
    }
}

/// serde's way of listing names: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(v: &[String], one: &str, or: &str) -> String {
    let q: Vec<String> = v.iter().map(|x| format!("`{x}`")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} {or} {}", q[0], q[1]),
        _ => format!("{one} {}", q.join(", ")),
    }
}

/// A code or key of the schema: letters, digits, `_`, `/`, `-`, `.`, `:`, `<>`.
fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || "_/-.:<>".contains(c))
}

/// The backticked names of serde's `OneOf` (only when every name is a schema code).
fn names(s: &str) -> Option<Vec<String>> {
    let s = s.strip_prefix("one of ").unwrap_or(s);
    let mut out = Vec::new();
    for part in s.split(", ").flat_map(|p| p.split(" or ")) {
        let n = part.trim().strip_prefix('`')?.strip_suffix('`')?;
        if !is_code(n) {
            return None;
        }
        out.push(n.to_string());
    }
    (!out.is_empty()).then_some(out)
}

/// A syntax error of JSON text: serde_json's fixed messages, each with our translation.
const JSON_SYNTAX: &[(&str, &str)] = &[
    ("EOF while parsing a list", "teks berakhir di tengah daftar"),
    ("EOF while parsing an object", "teks berakhir di tengah objek"),
    ("EOF while parsing a string", "teks berakhir di tengah string"),
    ("EOF while parsing a value", "teks berakhir padahal nilai diharapkan"),
    ("expected `:`", "seharusnya `:`"),
    ("expected `,` or `]`", "seharusnya `,` atau `]`"),
    ("expected `,` or `}`", "seharusnya `,` atau `}`"),
    ("expected ident", "seharusnya true, false atau null"),
    ("expected value", "seharusnya sebuah nilai"),
    ("expected `\"`", "seharusnya `\"`"),
    ("invalid escape", "escape tidak valid"),
    ("invalid number", "angka tidak valid"),
    ("number out of range", "angka di luar jangkauan"),
    ("invalid unicode code point", "kode Unicode tidak valid"),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        "karakter kendali (\\u0000-\\u001F) di dalam string",
    ),
    ("key must be a string", "kunci harus berupa string"),
    ("invalid value: expected key to be a number in quotes", "kunci harus berupa angka dalam tanda kutip"),
    ("float key must be finite (got NaN or +/-inf)", "kunci angka harus terhingga"),
    ("lone leading surrogate in hex escape", "surrogate tunggal dalam escape heksadesimal"),
    ("trailing comma", "koma berlebih"),
    ("trailing characters", "karakter berlebih setelah nilai"),
    ("unexpected end of hex escape", "escape heksadesimal terpotong"),
    ("recursion limit exceeded", "sarang terlalu dalam"),
];

/// The nesting limit of the TOML reader (`toml_edit`: arrays, inline tables
/// and dotted keys together). Deeper policy, succession-policy, mapping or
/// rule files are refused, at the line and column where the limit is passed.
/// It is the parser's own and cannot be raised; no real file comes near it.
pub const TOML_DEPTH: usize = 80;

const TOML_NESTING: (&str, &str) = (
    "nesting deeper than 80 levels (the TOML reader's limit)",
    "sarang lebih dalam dari 80 tingkat (batas pembaca TOML)",
);

/// What went wrong, without the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A required field is absent.
    MissingField(String),
    /// A field the schema does not know (the key, made safe by [`key`]) and the known ones.
    UnknownField(String, Vec<String>),
    /// A key given twice (made safe by [`key`]).
    DuplicateField(String),
    /// A value of the wrong type.
    InvalidType(Found, Option<Expected>),
    /// A value of the right type that is not allowed.
    InvalidValue(Option<Expected>),
    /// An array of the wrong length.
    InvalidLength(Option<Expected>),
    /// A value matching none of the accepted forms.
    NoMatchingForm,
    /// The text is not well-formed (the `(en, id)` detail, from [`JSON_SYNTAX`], when known).
    Syntax(&'static str, Option<(&'static str, &'static str)>),
    /// A NaN or an infinity (TOML `nan` / `inf`): named as such.
    NonFinite(&'static str),
    /// Not recognised: a generic message.
    Other,
}

/// A parser error read into its parts: kind, field path and position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// What went wrong.
    pub kind: Kind,
    /// Path of the field (`records[3].nip`), empty for the whole document.
    pub path: String,
    /// 1-based line and column in the text, when known.
    pub position: Option<(usize, usize)>,
}

/// Splits a trailing ` at line L column C` off a message.
fn split_position(msg: &str) -> (&str, Option<(usize, usize)>) {
    if let Some(i) = msg.rfind(" at line ") {
        let tail = &msg[i + " at line ".len()..];
        if let Some((l, c)) = tail.split_once(" column ") {
            if let (Ok(l), Ok(c)) = (l.parse(), c.trim_end().parse()) {
                return (&msg[..i], Some((l, c)));
            }
        }
    }
    (msg, None)
}

/// The text between the first backtick after `prefix` and the last backtick
/// before `sep` (the separator is searched from the end: the value may hold anything).
fn quoted<'a>(rest: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let r = rest.strip_prefix('`')?;
    match r.rfind(sep) {
        Some(i) => Some((&r[..i], &r[i + sep.len()..])),
        None => Some((r.strip_suffix('`')?, "")),
    }
}

/// `path` without its last part when that part is the key `f`.
fn unnamed_last<'a>(path: &'a str, f: &str) -> &'a str {
    if path == f {
        return "";
    }
    path.strip_suffix(f).and_then(|p| p.strip_suffix('.')).unwrap_or(path)
}

/// Reads a parser message. `syntax` marks a text that is not well-formed;
/// `format` names that text's format (`JSON`, `TOML`).
pub fn diagnose(path: String, msg: &str, syntax: bool, format: &'static str) -> Diagnosis {
    let (m, position) = split_position(msg);
    let m = m.trim();
    let kind = if let Some(r) = m.strip_prefix("missing field ") {
        match quoted(r, "`") {
            Some((f, _)) => Kind::MissingField(key(f)),
            None => Kind::Other,
        }
    } else if let Some(r) = m.strip_prefix("unknown field ") {
        match quoted(r, "`, expected ").or_else(|| quoted(r, "`, there are no fields")) {
            Some((f, exp)) => {
                // A key that does not look like a field name (a person's name,
                // a NIP) is not named, nor kept as the last part of the path.
                let shown = label(f);
                if shown.is_none() {
                    return Diagnosis {
                        kind: Kind::UnknownField(String::new(), names(exp).unwrap_or_default()),
                        path: self::path(unnamed_last(&path, f)),
                        position,
                    };
                }
                Kind::UnknownField(shown.unwrap_or_default(), names(exp).unwrap_or_default())
            }
            None => Kind::Other,
        }
    } else if let Some(r) = m.strip_prefix("duplicate field ").or_else(|| m.strip_prefix("duplicate key ")) {
        match quoted(r, "`") {
            // (a key that does not look like a field name, a person's name or a NIP, is not named)
            Some((f, _)) => Kind::DuplicateField(label(f.split('`').next().unwrap_or(f)).unwrap_or_default()),
            None => Kind::Other,
        }
    } else if let Some(r) = m.strip_prefix("unknown variant ") {
        match quoted(r, "`, expected ") {
            Some((_, exp)) => Kind::InvalidValue(names(exp).map(Expected::OneOf)),
            None => Kind::InvalidValue(None),
        }
    } else if let Some(r) = m.strip_prefix("invalid type: ") {
        match r.rfind(", expected ") {
            Some(i) => Kind::InvalidType(Found::of(&r[..i]), Expected::parse(&r[i + ", expected ".len()..])),
            None => Kind::InvalidType(Found::of(r), None),
        }
    } else if let Some(r) = m.strip_prefix("invalid value: ") {
        Kind::InvalidValue(r.rfind(", expected ").and_then(|i| Expected::parse(&r[i + ", expected ".len()..])))
    } else if let Some(r) = m.strip_prefix("invalid length ") {
        Kind::InvalidLength(r.rfind(", expected ").and_then(|i| Expected::parse(&r[i + ", expected ".len()..])))
    } else if m == crate::date::INVALID_EN {
        Kind::InvalidValue(Some(Expected::Date))
    } else if let Some(r) = m.strip_prefix(crate::read::NON_FINITE) {
        Kind::NonFinite(match r.trim_start_matches(':').trim() {
            "NaN" => "NaN",
            "-infinity" => "-infinity",
            _ => "infinity",
        })
    } else if m.starts_with("data did not match any variant") {
        Kind::NoMatchingForm
    } else if m == "recursion limit exceeded" && format == "TOML" {
        // toml_edit's message (its own nesting limit, [`TOML_DEPTH`]): name the format and the limit.
        Kind::Syntax("TOML", Some(TOML_NESTING))
    } else if let Some((en, id)) = JSON_SYNTAX.iter().find(|(en, _)| *en == m) {
        Kind::Syntax("JSON", Some((en, id)))
    } else if syntax {
        Kind::Syntax(format, None)
    } else {
        Kind::Other
    };
    Diagnosis { kind, path: self::path(&path), position }
}

impl Diagnosis {
    /// The stable code (as before this module: missing / unknown field, invalid type, else invalid value).
    pub fn code(&self) -> Code {
        match self.kind {
            Kind::MissingField(_) => Code::MissingField,
            Kind::UnknownField(..) => Code::UnknownField,
            Kind::InvalidType(..) => Code::InvalidType,
            _ => Code::InvalidValue,
        }
    }

    /// The message, from this module's catalogue, in both languages.
    pub fn message(&self) -> Message {
        let exp = |e: &Option<Expected>, en: &str, id: &str| match e {
            Some(x) => {
                let (a, b) = x.text();
                (format!("{en}{a}"), format!("{id}{b}"))
            }
            None => (String::new(), String::new()),
        };
        let (mut en, mut id) = match &self.kind {
            Kind::MissingField(f) => (format!("missing field `{f}`"), format!("kolom wajib `{f}` tidak ada")),
            Kind::UnknownField(f, known) if f.is_empty() => {
                let (en, id) = (
                    "unknown field (its name is not shown: it does not look like a field name)",
                    "kolom tidak dikenal (namanya tidak ditampilkan: tidak tampak seperti nama kolom)",
                );
                if known.is_empty() {
                    (en.to_string(), id.to_string())
                } else {
                    (
                        format!("{en}; expected {}", one_of(known, "one of", "or")),
                        format!("{id}; seharusnya {}", one_of(known, "salah satu dari", "atau")),
                    )
                }
            }
            Kind::UnknownField(f, known) => {
                if known.is_empty() {
                    (format!("unknown field `{f}`"), format!("kolom `{f}` tidak dikenal"))
                } else {
                    (
                        format!("unknown field `{f}`, expected {}", one_of(known, "one of", "or")),
                        format!("kolom `{f}` tidak dikenal, seharusnya {}", one_of(known, "salah satu dari", "atau")),
                    )
                }
            }
            Kind::DuplicateField(f) if f.is_empty() => (
                "duplicate field (its name is not shown: it may be data, not a field name)".to_string(),
                "kolom muncul dua kali (namanya tidak ditampilkan: mungkin berupa data, bukan nama kolom)".to_string(),
            ),
            Kind::DuplicateField(f) => (format!("duplicate field `{f}`"), format!("kolom `{f}` muncul dua kali")),
            Kind::InvalidType(found, e) => {
                let (fe, fi) = found.text();
                let (xe, xi) = exp(e, ", expected ", ", seharusnya ");
                (format!("invalid type: {fe}{xe}"), format!("tipe nilai salah: {fi}{xi}"))
            }
            Kind::InvalidValue(Some(Expected::Date)) => (
                crate::date::INVALID_EN.to_string(),
                "tanggal tidak valid: seharusnya tanggal kalender berformat YYYY-MM-DD".to_string(),
            ),
            Kind::InvalidValue(e) => {
                let (xe, xi) = exp(e, "; expected ", "; seharusnya ");
                (format!("value not allowed{xe}"), format!("nilai tidak diizinkan{xi}"))
            }
            Kind::InvalidLength(e) => {
                let (xe, xi) = exp(e, "; expected ", "; seharusnya ");
                (format!("wrong number of elements{xe}"), format!("jumlah elemen salah{xi}"))
            }
            Kind::NoMatchingForm => (
                "the value matches none of the accepted forms".into(),
                "nilai tidak cocok dengan bentuk mana pun yang diterima".into(),
            ),
            Kind::Syntax(f, Some((de, di))) => (format!("not valid {f}: {de}"), format!("bukan {f} yang valid: {di}")),
            Kind::Syntax(f, None) => (format!("not valid {f}"), format!("bukan {f} yang valid")),
            Kind::NonFinite(what) => {
                let id = match *what {
                    "NaN" => "NaN",
                    "-infinity" => "-tak hingga",
                    _ => "tak hingga",
                };
                (format!("{}: {what}", crate::read::NON_FINITE), format!("bukan bilangan terhingga: {id}"))
            }
            Kind::Other => ("invalid value".into(), "nilai tidak valid".into()),
        };
        if let Some((l, c)) = self.position {
            en.push_str(&format!(" at line {l} column {c}"));
            id.push_str(&format!(" pada baris {l} kolom {c}"));
        }
        Message { en, id }
    }

    /// The located problem.
    pub fn problem(self) -> Problem {
        let (code, message) = (self.code(), self.message());
        Problem { code, path: self.path, message }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn toml_nesting_names_toml_and_the_limit() {
        let deep = format!("name = \"x\"\nfoo = {}{}\n", "[".repeat(200), "]".repeat(200));
        let e = crate::read::from_toml_text::<serde_json::Value>(&deep).unwrap_err().problem();
        assert!(e.message.en.starts_with("not valid TOML: nesting deeper than 80 levels"), "{}", e.message.en);
        assert!(e.message.en.contains("line 2 column"), "{}", e.message.en);
        assert!(e.message.id.contains("TOML") && e.message.id.contains("80") && !e.message.id.contains("JSON"));
    }

    fn p(msg: &str) -> Problem {
        diagnose("x".into(), msg, false, "JSON").problem()
    }

    /// The real messages of serde / serde_json for hostile values: none survives.
    #[test]
    fn no_value_survives_and_the_indonesian_text_has_no_parser_english() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct R {
            nip: String,
            n: u8,
            k: crate::performance::Predikat,
            r: Option<crate::rank::Rank>,
            #[serde(default, deserialize_with = "crate::date::de_opt")]
            d: Option<jiff::civil::Date>,
        }
        let ok = r#""nip": "1", "n": 1, "k": "baik""#;
        for (text, code, secret) in [
            (
                r#"{"nip": 198503122010011001, "n": 1, "k": "baik"}"#.to_string(),
                Code::InvalidType,
                "198503122010011001",
            ),
            (format!(r#"{{{ok}, "n": "Budi Santoso"}}"#).replace(r#""n": 1, "#, ""), Code::InvalidType, "Budi Santoso"),
            (r#"{"nip": "1", "n": 1, "k": "Budi`, expected `Budi"}"#.to_string(), Code::InvalidValue, "Budi"),
            (format!(r#"{{{ok}, "r": "Siti Aminah"}}"#), Code::InvalidValue, "Siti Aminah"),
            (format!(r#"{{{ok}, "d": "1985-03-12x"}}"#), Code::InvalidValue, "1985-03-12"),
            (r#"{"nip": "1", "n": 300, "k": "baik"}"#.into(), Code::InvalidValue, "300"),
            (r#"{"nip": "1", "n": -19850312, "k": "baik"}"#.into(), Code::InvalidValue, "19850312"),
            (format!(r#"{{{ok}, "198503122010011001": 1}}"#), Code::UnknownField, "198503"),
            (format!(r#"{{{ok}, "n": 1.5e0}}"#).replace(r#""n": 1, "#, ""), Code::InvalidType, "1.5"),
        ] {
            let f = crate::read::from_json_text::<R>(&text).unwrap_err();
            let prob = diagnose(f.path.clone(), &f.message, f.syntax, "JSON").problem();
            assert_eq!(prob.code, code, "{text}: {prob:?}");
            for m in [&prob.message.en, &prob.message.id] {
                assert!(!m.contains(secret), "{text}: {m}");
            }
            assert!(prob.message.en.contains(" at line 1 column "), "{text}: {}", prob.message.en);
            assert!(prob.message.id.contains(" pada baris 1 kolom "), "{text}: {}", prob.message.id);
            for english in ["invalid", "expected", "unknown", "field", "type", "value", "line", "string", "integer"] {
                assert!(!prob.message.id.contains(english), "{text}: {}", prob.message.id);
            }
        }
    }

    #[test]
    fn messages_name_field_expected_form_and_position() {
        let m = p("invalid type: integer `198503122010011001`, expected a string at line 3 column 7").message;
        assert_eq!(m.en, "invalid type: a number, expected a text at line 3 column 7");
        assert_eq!(m.id, "tipe nilai salah: angka, seharusnya teks pada baris 3 kolom 7");
        let m = p("unknown variant `Budi`, expected one of `pass`, `fail`, `unknown`").message;
        assert_eq!(m.en, "value not allowed; expected one of `pass`, `fail`, `unknown`");
        assert_eq!(m.id, "nilai tidak diizinkan; seharusnya salah satu dari `pass`, `fail`, `unknown`");
        let m = p("invalid value: string \"Budi\", expected one of: sangat_baik, baik").message;
        assert_eq!(m.en, "value not allowed; expected `sangat_baik` or `baik`");
        let m = p("missing field `unit`").message;
        assert_eq!((m.en.as_str(), m.id.as_str()), ("missing field `unit`", "kolom wajib `unit` tidak ada"));
        assert_eq!(p("unknown field `extra`, expected `level`").message.en, "unknown field `extra`, expected `level`");
        // (a key with control characters or brackets is not named at all: plausible_label)
        assert_eq!(
            p("unknown field `x\u{1b}[31m`, there are no fields").message.en,
            "unknown field (its name is not shown: it does not look like a field name)"
        );
        assert_eq!(
            p("duplicate field `name` at line 3 column 8").message.en,
            "duplicate field `name` at line 3 column 8"
        );
        // A value that forges the separator does not move the split.
        let m = p("invalid type: string \"x, expected Budi\", expected u8").message;
        assert_eq!(m.en, "invalid type: a text, expected a whole number 0-255");
        // Unrecognised: generic, never the parser's text.
        assert_eq!(p("something Budi said").message.en, "invalid value");
        let s = diagnose(String::new(), "expected `,` or `]` at line 1 column 21", true, "JSON").problem();
        assert_eq!(s.message.en, "not valid JSON: expected `,` or `]` at line 1 column 21");
        assert_eq!(s.message.id, "bukan JSON yang valid: seharusnya `,` atau `]` pada baris 1 kolom 21");
        let s =
            diagnose(String::new(), "invalid string\nexpected `\"`, `'` at line 2 column 5", true, "TOML").problem();
        assert_eq!(s.message.en, "not valid TOML at line 2 column 5");
    }

    #[test]
    fn keys_are_capped_stripped_and_digit_runs_hidden() {
        assert_eq!(key("Hobi"), "Hobi");
        assert_eq!(key("a\u{202E}b\u{1b}c\n"), "abc");
        assert_eq!(key("198503122010011001"), "##################");
        assert_eq!(key("tahun 2025"), "tahun 2025");
        assert_eq!(key(&"x".repeat(100)).chars().count(), MAX_KEY_CHARS + 1);
        assert_eq!(path("records[12].performance[0].predikat"), "records[12].performance[0].predikat");
        assert_eq!(path("x.198503122010011001\u{1b}[2J"), "x.##################[#J");
        assert_eq!(path("attributes.Hobi\u{1b}[2J"), "attributes");
        // (a key of a map the user names that is a NIP or a person's name is left out, and all after it)
        assert_eq!(path("records[0].attributes.198503122010011001.x"), "records[0].attributes");
        assert_eq!(path("competency.Andi Mandar"), "competency");
        assert_eq!(path("competency.integritas"), "competency.integritas");
        let d = diagnose("x\u{202e}.gaji\n".into(), "unknown field `gaji\n`, expected `nip`", false, "JSON");
        assert_eq!((d.path.as_str(), d.message().en.as_str()), ("x.gaji", "unknown field `gaji`, expected `nip`"));
    }

    /// Issue 11: a JSON key that is a person's name, a NIP or a date is not
    /// named, neither in the message nor as the last part of the path.
    #[test]
    fn implausible_unknown_keys_are_not_named() {
        for (path, k) in [("Siti Aminah", "Siti Aminah"), ("attributes.Budi Santoso", "Budi Santoso")] {
            let d = diagnose(path.into(), &format!("unknown field `{k}`, expected `nip`"), false, "JSON");
            let m = d.message();
            assert!(!m.en.contains(k) && !m.id.contains(k) && !d.path.contains(k), "{d:?}");
            assert!(m.en.starts_with("unknown field (its name is not shown"), "{}", m.en);
            assert_eq!(d.code(), Code::UnknownField);
        }
        assert_eq!(
            diagnose("attributes.Budi Santoso".into(), "unknown field `Budi Santoso`", false, "JSON").path,
            "attributes"
        );
        // a key repeated in a map (competency names, attributes): named only when it looks like a field name
        for (k, named) in [("Budi Santoso", false), ("198503122010011001", false), ("integritas", true)] {
            let d = diagnose("records[0].competency".into(), &format!("duplicate field `{k}`"), false, "JSON");
            let m = d.message();
            assert_eq!(m.en.contains(k) || m.id.contains(k), named, "{m:?}");
            assert!(m.en.starts_with("duplicate field"), "{}", m.en);
            assert_eq!(d.path, "records[0].competency");
        }
        for ok in ["Unit Kerja", "Nilai SKP 2024", "golongan_ruang", "Hobi", "-cmd"] {
            assert!(plausible_label(ok), "{ok}");
        }
        for bad in ["Siti Aminah", "1985-03-15", "x 19850315", "=cmd|' /C calc'!A0", "Åsa", ""] {
            assert!(!plausible_label(bad), "{bad}");
        }
    }
}
