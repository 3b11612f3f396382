//! One typed, path-tracking read for every input format.
//!
//! Requests, records, policies and rule sets arrive as JSON text, as
//! `serde_json::Value`, as TOML text and (Python binding) as Python objects.
//! Read straight from each format, every wire type and every nested type was
//! compiled once per format, each wrapped by `serde_path_to_error`: most of the
//! WebAssembly module (issue #6). Text is therefore first parsed into a
//! `serde_json::Value` (syntax errors keep the format's own message and
//! position), and every typed read goes through `&Value` ([`read`]); a typed error
//! in a text is then located again in that text from its path, so file errors
//! keep their `at line L column C`. The one exception is a large array of
//! records (a CLI JSON file, the JSON API's `score` request): each record is
//! read straight from its own text ([`parse_record_unlocated`]) when it reads
//! cleanly and repeats no key, since a value per record cost more than scoring
//! it; any other record is read as above, so its problem is the same.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::Value;

/// A failed [`read`]: where (a `serde_path_to_error` path, empty for the root)
/// and the format's own error.
#[derive(Debug)]
pub struct Failure<E> {
    /// Path of the failing value (`records[3].nip`), empty for the top level.
    pub path: String,
    /// The format's error.
    pub error: E,
}

/// Reads a `T` from any deserializer, with the path of the failing value.
/// (Generic for the Python binding's objects; the core itself reads `&Value`.)
pub fn read<'de, T, D>(d: D) -> Result<T, Failure<D::Error>>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    serde_path_to_error::deserialize(d).map_err(|e| {
        let path = e.path().to_string();
        Failure { path: if path == "." { String::new() } else { path }, error: e.into_inner() }
    })
}

/// A failed read of a text: path (empty for a syntax error), message with the
/// position when known, and whether the text itself was malformed.
#[derive(Debug)]
pub struct TextFailure {
    /// Path of the failing value, empty for the top level or a syntax error.
    pub path: String,
    /// Message, ending in `at line L column C` when the position is known.
    pub message: String,
    /// The text is not well-formed JSON / TOML (as opposed to a wrong value).
    pub syntax: bool,
    /// The text's format: `JSON` or `TOML`.
    pub format: &'static str,
}

impl TextFailure {
    /// The located problem, with a message that never repeats the value ([`crate::diag`]).
    pub fn problem(self) -> crate::error::Problem {
        crate::diag::diagnose(self.path, &self.message, self.syntax, self.format).problem()
    }
}

/// Reads one employee record from any serde deserializer (JSON value,
/// Python object, CSV row...), a failure as a located problem.
pub fn parse_record<'de, D: Deserializer<'de>>(d: D) -> Result<crate::model::Employee, crate::error::Problem> {
    read(d).map_err(|e| crate::error::problem_from_serde(e.path, &e.error.to_string()))
}

/// Reads one employee record without tracking where a failure is: the
/// happy path of a large input, whose failing rows are read again by
/// [`parse_record`] (or [`parse_row`]) for their located problem. The same
/// record type, so the same record when it succeeds; only the bookkeeping of
/// the failing path is skipped (about a tenth of a record's parse).
pub fn parse_record_unlocated<'de, D: Deserializer<'de>>(d: D) -> Option<crate::model::Employee> {
    crate::model::Employee::deserialize(d).ok()
}

/// Reads one JSON row: the record, or a failure that keeps the row's NIP and
/// unit when they can be read (for duplicate checks and per-unit counts).
pub fn parse_row(v: &Value) -> crate::scoring::ParsedRow {
    parse_record(v).map_err(|p| crate::scoring::ParseFailure {
        nip: v.get("nip").and_then(|x| x.as_str()).map(str::to_string),
        unit: v.get("unit").and_then(|x| x.as_str()).map(str::to_string),
        problems: vec![p],
    })
}

/// Reads a `T` from JSON text. Trailing text after the first value is ignored,
/// as it always was. A key repeated in an object is refused (`duplicate field`,
/// at the object's path, positioned after the second key), as the typed read
/// refused it in a struct; a `Value` would silently keep one of them.
pub fn from_json_text<T: DeserializeOwned>(text: &str) -> Result<T, TextFailure> {
    let duplicate = std::cell::Cell::new(None);
    let v = serde::de::DeserializeSeed::deserialize(
        Strict { at: &Chain::Root, duplicate: &duplicate, repeats: None, element: None },
        &mut serde_json::Deserializer::from_str(text),
    )
    .map_err(|e| TextFailure {
        path: duplicate.take().unwrap_or_default(),
        message: e.to_string(),
        syntax: e.is_syntax() || e.is_eof(),
        format: "JSON",
    })?;
    read(&v).map_err(|e| {
        let mut message = e.error.to_string();
        if let Some(at) = json_locate(text, &e.path, &message) {
            let (l, c) = line_col(text, at);
            message = format!("{message} at line {l} column {c}");
        }
        TextFailure { path: e.path, message, syntax: false, format: "JSON" }
    })
}

/// Reads a `T` from TOML text. A `nan` or `inf` is refused as such (`not a
/// finite number: NaN`, at its path and position): a `serde_json::Value`
/// cannot hold it and would read it as null.
pub fn from_toml_text<T: DeserializeOwned>(text: &str) -> Result<T, TextFailure> {
    let failed_at = std::cell::Cell::new(None);
    let v: Value = serde::de::DeserializeSeed::deserialize(
        Strict { at: &Chain::Root, duplicate: &failed_at, repeats: None, element: None },
        toml::Deserializer::new(text),
    )
    .map_err(|e| {
        let path = failed_at.take();
        TextFailure {
            syntax: path.is_none(),
            path: path.unwrap_or_default(),
            message: toml_message(text, &e),
            format: "TOML",
        }
    })?;
    read(&v).map_err(|e| {
        let mut message = e.error.to_string();
        if let Some(at) = toml_locate(text, &e.path, &message) {
            let (l, c) = line_col(text, at);
            message = format!("{message} at line {l} column {c}");
        }
        TextFailure { path: e.path, message, syntax: false, format: "TOML" }
    })
}

/// Where a value is, without building strings while all is well.
enum Chain<'a> {
    Root,
    Index(&'a Chain<'a>, usize),
    Key(&'a Chain<'a>, &'a str),
}

impl Chain<'_> {
    /// The path as `serde_path_to_error` writes it (`records[3].position`).
    fn render(&self, out: &mut String) {
        match self {
            Chain::Root => {}
            Chain::Index(parent, i) => {
                parent.render(out);
                out.push_str(&format!("[{i}]"));
            }
            Chain::Key(parent, k) => {
                parent.render(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
}

/// The message for a NaN or an infinity in an input file: `not a finite
/// number: NaN` (`infinity`, `-infinity`); [`crate::error::problem_from_serde`]
/// gives it the code `invalid_value` and its Indonesian form.
pub fn non_finite_message(v: f64) -> String {
    let what = if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "infinity"
    } else {
        "-infinity"
    };
    format!("{NON_FINITE}: {what}")
}

/// Start of [`non_finite_message`].
pub const NON_FINITE: &str = "not a finite number";

/// Builds a `serde_json::Value` exactly as its own `Deserialize` does, but
/// refuses a repeated key and a non-finite number, and notes the failing
/// value's path (`duplicate`).
#[derive(Clone, Copy)]
struct Strict<'a> {
    at: &'a Chain<'a>,
    duplicate: &'a std::cell::Cell<Option<String>>,
    /// Where repeated keys are noted instead of refusing the text ([`NotedValue`]).
    repeats: Option<&'a std::cell::RefCell<Vec<Repeat>>>,
    /// The element of a top-level array being read (`None` at the root or under a root that is not an array).
    element: Option<usize>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Strict<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                // TOML `nan` / `inf` (JSON text has neither; 1e999 is serde_json's "number out of range")
                let mut path = String::new();
                self.at.render(&mut path);
                self.duplicate.set(Some(path));
                Err(E::custom(non_finite_message(v)))
            }
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict {
            at: &Chain::Index(self.at, out.len()),
            element: if matches!(self.at, Chain::Root) { Some(out.len()) } else { self.element },
            ..self
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match out.entry(key) {
                serde_json::map::Entry::Occupied(e) => {
                    if let Some(repeats) = self.repeats {
                        // (noted, the first of each element only; the key's first value is kept, the second
                        // read all the same, so that it is checked as any value is)
                        // (the element known without walking the path: a path is built once per element)
                        let mut r = repeats.borrow_mut();
                        if r.last().is_none_or(|last| last.element != self.element) {
                            r.push(Repeat::of(self.at, e.key(), self.element));
                        }
                        drop(r);
                        map.next_value_seed(Strict { at: &Chain::Key(self.at, e.key()), ..self })?;
                        continue;
                    }
                    let mut path = String::new();
                    self.at.render(&mut path);
                    self.duplicate.set(Some(path));
                    return Err(serde::de::Error::custom(format_args!("duplicate field `{}`", e.key())));
                }
                serde_json::map::Entry::Vacant(e) => {
                    let v = map.next_value_seed(Strict { at: &Chain::Key(self.at, e.key()), ..self })?;
                    e.insert(v);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().to_string();
    match e.span() {
        Some(span) => {
            let (l, c) = line_col(text, span.start);
            format!("{msg} at line {l} column {c}")
        }
        None => msg,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(s: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(s.len());
    while !s.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &s[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits a `serde_path_to_error` path (`rules[0].when.of[2]`).
fn segments(path: &str) -> Option<Vec<Seg<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let j = r.find(']')?;
            out.push(Seg::Index(r[..j].parse().ok()?));
            rest = &r[j + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The path's segments; when the error is an unknown field whose key ends the
/// path, that key apart (such errors are reported at the key, not its value).
fn split_path<'a>(path: &'a str, message: &str) -> Option<(Vec<Seg<'a>>, Option<String>)> {
    let mut segs = segments(path)?;
    let unknown = message.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
    if let (Some(k), Some(Seg::Key(last))) = (unknown, segs.last()) {
        if *last == k {
            let k = k.to_string();
            segs.pop();
            return Some((segs, Some(k)));
        }
    }
    Some((segs, None))
}

/// Where the failing value is in TOML text: the span the TOML deserializer
/// gives such an error (the value's, for an unknown field the key's when it has
/// one, else the nearest enclosing one).
fn toml_locate(text: &str, path: &str, message: &str) -> Option<usize> {
    use toml_edit::{Item, Value as TV};
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let (segs, unknown) = split_path(path, message)?;
    #[derive(Clone, Copy)]
    enum Cur<'d> {
        Item(&'d Item),
        Value(&'d TV),
        Table(&'d toml_edit::Table),
    }
    let mut cur = Cur::Table(doc.as_table());
    let mut best = None;
    let key_in = |cur: Cur<'_>, k: &str| -> Option<Option<std::ops::Range<usize>>> {
        match cur {
            Cur::Table(t) | Cur::Item(Item::Table(t)) => t.get_key_value(k).map(|(key, _)| key.span()),
            Cur::Value(TV::InlineTable(t)) | Cur::Item(Item::Value(TV::InlineTable(t))) => {
                t.get_key_value(k).map(|(key, _)| key.span())
            }
            _ => None,
        }
    };
    for seg in &segs {
        let next = match (cur, seg) {
            (Cur::Table(t) | Cur::Item(Item::Table(t)), Seg::Key(k)) => {
                t.get_key_value(k).map(|(key, item)| (Cur::Item(item), item.span().or_else(|| key.span())))
            }
            (Cur::Value(TV::InlineTable(t)) | Cur::Item(Item::Value(TV::InlineTable(t))), Seg::Key(k)) => {
                t.get_key_value(k).map(|(key, item)| (Cur::Item(item), item.span().or_else(|| key.span())))
            }
            (Cur::Value(TV::Array(a)) | Cur::Item(Item::Value(TV::Array(a))), Seg::Index(i)) => {
                a.get(*i).map(|v| (Cur::Value(v), v.span()))
            }
            (Cur::Item(Item::ArrayOfTables(a)), Seg::Index(i)) => a.get(*i).map(|t| (Cur::Table(t), t.span())),
            _ => None,
        };
        let Some((c, span)) = next else { return best };
        cur = c;
        if span.is_some() {
            best = span.map(|s| s.start);
        }
    }
    if let Some(Some(span)) = unknown.and_then(|k| key_in(cur, &k)) {
        return Some(span.start);
    }
    best
}

/// Where the failing value is in JSON text: the last character of the value
/// (for an unknown field, of its key), where serde_json reports such errors.
fn json_locate(text: &str, path: &str, message: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = ws(b, 0);
    let (segs, unknown) = split_path(path, message)?;
    for seg in segs {
        match (b.get(i)?, seg) {
            (b'{', Seg::Key(k)) => {
                let (_, v) = json_member(b, i, k)?;
                i = v;
            }
            (b'[', Seg::Index(n)) => {
                i = ws(b, i + 1);
                for _ in 0..n {
                    i = ws(b, json_skip(b, i)?);
                    if b.get(i) != Some(&b',') {
                        return None;
                    }
                    i = ws(b, i + 1);
                }
            }
            _ => return None,
        }
    }
    if let Some(k) = unknown {
        let (key, _) = json_member(b, i, &k)?;
        return json_skip(b, key).map(|e| e - 1);
    }
    json_skip(b, i).map(|e| e.saturating_sub(1))
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// In the object at `i`, the offsets of member `k`'s key and value.
fn json_member(b: &[u8], i: usize, k: &str) -> Option<(usize, usize)> {
    let mut i = ws(b, i + 1);
    while b.get(i) == Some(&b'"') {
        let key_end = json_skip(b, i)?;
        let name: String = serde_json::from_slice(&b[i..key_end]).ok()?;
        let colon = ws(b, key_end);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        let v = ws(b, colon + 1);
        if name == k {
            return Some((i, v));
        }
        i = ws(b, json_skip(b, v)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = ws(b, i + 1);
    }
    None
}

/// The end (exclusive) of the JSON value starting at `i`.
fn json_skip(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => {
            let mut j = i + 1;
            loop {
                match b.get(j)? {
                    b'\\' => j += 2,
                    b'"' => return Some(j + 1),
                    _ => j += 1,
                }
            }
        }
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = json_skip(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while !matches!(b.get(j), None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')) {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// The `serde_json::Value` of a JSON text exactly as [`from_json_text`] reads
/// it (a repeated key or trailing text refused), `None` where that reader
/// would refuse the text.
pub(crate) fn strict_value(text: &str) -> Option<Value> {
    let duplicate = std::cell::Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let v = serde::de::DeserializeSeed::deserialize(
        Strict { at: &Chain::Root, duplicate: &duplicate, repeats: None, element: None },
        &mut de,
    )
    .ok()?;
    de.end().ok().map(|()| v)
}

/// A JSON value read as [`from_json_text`] reads one, except that a key
/// repeated in an object does not refuse the text: the object keeps the
/// key's first value (the second is read and checked all the same) and the
/// repeat is noted, so that a reader of many records (the CLI's JSON input)
/// can make the record holding it an error of its own
/// ([`NotedValue::repeated_key`]) where a `serde_json::Value` would silently
/// keep one of the two values. The first repeat of each element of a
/// top-level array is kept (of the whole value otherwise): a record
/// repeating a key 100,000 times notes it once.
#[derive(Debug)]
pub struct NotedValue {
    /// The value (each repeated key with its first value).
    pub value: Value,
    /// The first repeat of each element, in element order.
    repeats: Vec<Repeat>,
}

/// A repeated key: the element of a top-level array holding it (`None`: the
/// value is not an array), the path of its object from that element, cut
/// before the first key that does not look like a field name, and the key
/// when it may be shown.
#[derive(Debug)]
struct Repeat {
    element: Option<usize>,
    path: String,
    key: Option<String>,
}

/// The objects of a record whose keys are field names or a record's own keys
/// (indices left out): a repeated key in one of them is named (when it looks
/// like a field name, [`crate::diag::label`]); in any other object (a field
/// the record does not have, a protected one) it is not, being data.
const RECORD_OBJECTS: &[&str] = &[
    "",
    "position",
    "competency",
    "potential_aspects",
    "attributes",
    "performance",
    "track_record",
    "discipline",
    "position_history",
];

impl Repeat {
    /// The repeat of `key` in the object at `at`, inside `element` of a
    /// top-level array (carried by the reader; the path's first segment is
    /// then that element's index, skipped).
    fn of(at: &Chain<'_>, key: &str, element: Option<usize>) -> Repeat {
        fn segments<'c>(c: &'c Chain<'c>, out: &mut Vec<Seg<'c>>) {
            match c {
                Chain::Root => {}
                Chain::Index(p, i) => {
                    segments(p, out);
                    out.push(Seg::Index(*i));
                }
                Chain::Key(p, k) => {
                    segments(p, out);
                    out.push(Seg::Key(k));
                }
            }
        }
        let mut segs = Vec::new();
        segments(at, &mut segs);
        let mut path = String::new();
        let mut bare = String::new(); // (the path without indices)
        let mut whole = true;
        for seg in segs.iter().skip(usize::from(element.is_some())) {
            match seg {
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
                Seg::Key(k) if crate::diag::label(k).is_some() => {
                    for p in [&mut path, &mut bare] {
                        if !p.is_empty() {
                            p.push('.');
                        }
                        p.push_str(k);
                    }
                }
                Seg::Key(_) => {
                    whole = false;
                    break;
                }
            }
        }
        let named = whole && RECORD_OBJECTS.contains(&bare.as_str());
        Repeat { element, path, key: named.then(|| key.to_string()) }
    }
}

impl<'de> Deserialize<'de> for NotedValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let failed_at = std::cell::Cell::new(None);
        let repeats = std::cell::RefCell::new(Vec::new());
        let value = serde::de::DeserializeSeed::deserialize(
            Strict { at: &Chain::Root, duplicate: &failed_at, repeats: Some(&repeats), element: None },
            d,
        )?;
        Ok(NotedValue { value, repeats: repeats.into_inner() })
    }
}

impl NotedValue {
    /// The problem of the first key repeated in `element` of a top-level
    /// array (`None`: in the whole value), its path taken from the element:
    /// `duplicate field`, the key named only in an object of the record's own
    /// whose keys are field names and only when it looks like one.
    pub fn repeated_key(&self, element: Option<usize>) -> Option<crate::error::Problem> {
        let r = match element {
            None => self.repeats.first()?,
            Some(i) => {
                let at = self.repeats.binary_search_by_key(&Some(i), |r| r.element).ok()?;
                self.repeats.get(at)?
            }
        };
        let key = r.key.as_deref().unwrap_or("");
        Some(crate::error::problem_from_serde(r.path.clone(), &format!("duplicate field `{key}`")))
    }
}

/// `deserialize_with` for a map field of a record: a key given twice is
/// refused (`duplicate field`), where a map would silently keep the last.
/// Every struct of a record refuses unknown and repeated fields already, so
/// a record read from text holds no repeated key at any depth: the
/// records of a request read from its text ([`crate::api`]) need no other
/// check to be read exactly as [`strict_value`] reads them.
pub(crate) fn unique_map<'de, D, V>(d: D) -> Result<std::collections::BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: serde::Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = std::collections::BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                match out.entry(key) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        return Err(serde::de::Error::custom("duplicate field"));
                    }
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(map.next_value()?);
                    }
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        #[allow(dead_code)]
        inner: Vec<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[allow(dead_code)]
        n: u32,
        #[allow(dead_code)]
        #[serde(default)]
        t: Option<Table>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Table {
        #[allow(dead_code)]
        a: String,
    }

    /// The old way: the typed read straight from the text deserializer.
    fn direct_json(text: &str) -> (String, String) {
        let e =
            serde_path_to_error::deserialize::<_, Outer>(&mut serde_json::Deserializer::from_str(text)).unwrap_err();
        let p = e.path().to_string();
        (if p == "." { String::new() } else { p }, e.inner().to_string())
    }

    fn direct_toml(text: &str) -> (String, String) {
        let e = serde_path_to_error::deserialize::<_, Outer>(toml::Deserializer::new(text)).unwrap_err();
        let p = e.path().to_string();
        let (l, c) = line_col(text, e.inner().span().unwrap().start);
        (if p == "." { String::new() } else { p }, format!("{} at line {l} column {c}", e.inner().message()))
    }

    #[test]
    fn typed_json_errors_have_the_path_message_and_position_of_the_direct_read() {
        for text in [
            "{\"inner\": [{\"n\": 1}, {\"n\": \"x\"}]}",
            "{\"inner\": [{\"n\": 1},\n {\"n\": 2, \"m\": 2}]}",
            "{\"inner\": [{\"n\": 1, \"t\": {\"a\": \"s\", \"b\": 1}}]}",
            "{\"inner\": [{\"n\": 1, \"t\": {\"a\": 5}}]}",
            "{\n  \"inner\": [\n    {\"n\": -1}\n  ]\n}",
            "{\"inner\": [{\"n\": 1, \"t\": {\"a\": \"\\\"x\\\"\"}}, {\"n\": true}]}",
        ] {
            let f = from_json_text::<Outer>(text).unwrap_err();
            assert_eq!((f.path, f.message), direct_json(text), "{text}");
            assert!(!f.syntax);
        }
    }

    #[test]
    fn repeated_keys_are_refused_as_the_typed_read_refused_them() {
        for text in ["{\"inner\": [{\"n\": 1},\n {\"n\": 2, \"n\": 3}]}", "{\"inner\": [], \"inner\": []}"] {
            let f = from_json_text::<Outer>(text).unwrap_err();
            assert_eq!((f.path, f.message), direct_json(text), "{text}");
            assert!(!f.syntax);
        }
        // also where the typed read saw only a `Value` (it kept the last one)
        let f = from_json_text::<Vec<Value>>("[{\"a\": 1}, {\"b\": {\"c\": 1, \"c\": 2}}]").unwrap_err();
        assert_eq!(f.path, "[1].b");
        assert_eq!(f.message, "duplicate field `c` at line 1 column 29");
        // values are built as serde_json builds them
        let text = r#"{"a": [1, -2, 3.5, 1e300, -0.0, "s\u00e9", null, true, {}], "b": 18446744073709551615}"#;
        assert_eq!(from_json_text::<Value>(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn json_syntax_errors_keep_their_position() {
        let f = from_json_text::<Outer>("{\"inner\": [{\"n\": 1} {\"n\": 2}]}").unwrap_err();
        assert!(f.syntax);
        assert_eq!(f.message, "expected `,` or `]` at line 1 column 21");
        assert_eq!(f.path, "");
    }

    #[test]
    fn typed_toml_errors_have_the_path_message_and_position_of_the_direct_read() {
        for text in [
            "[[inner]]\nn = 1\n\n[[inner]]\nn = 2\nm = 3\n",
            "[[inner]]\nn = \"x\"\n",
            "[[inner]]\nn = 1\nt = { a = \"s\", b = 1 }\n",
            "[[inner]]\nn = 1\n[inner.t]\na = 5\n",
            "[[inner]]\nn = 1\n[inner.t]\nb = 5\n",
            "inner = [{ n = 1 }, { n = -1 }]\n",
            "inner = [{ n = 1 }, { m = 1 }]\n",
        ] {
            let f = from_toml_text::<Outer>(text).unwrap_err();
            assert_eq!((f.path, f.message), direct_toml(text), "{text}");
        }
        let f = from_toml_text::<Outer>("[[inner]\nn = 1\n").unwrap_err();
        assert!(f.syntax);
        assert!(f.message.ends_with("at line 1 column 8"), "{}", f.message);
        assert!(from_toml_text::<Outer>("[[inner]]\nn = 1\n").is_ok());
    }

    /// A repeated key is noted once per element, where it is, with the key named only in a record's
    /// own objects and only when it looks like a field name; the second value is read and checked.
    #[test]
    fn noted_values_note_each_elements_first_repeat_without_its_data() {
        let n = |t: &str| serde_json::from_str::<NotedValue>(t).unwrap();
        let many = format!(
            "[{{\"competency\":{{{}}}}},{{}},{{\"x\":{{\"a\":1,\"a\":2}}}}]",
            vec!["\"a\":1"; 10_000].join(",")
        );
        let v = n(&many);
        assert_eq!(v.repeats.len(), 2, "one note for the 9,999 repeats of the first element");
        let p = v.repeated_key(Some(0)).unwrap();
        assert_eq!((p.path.as_str(), p.message.en.as_str()), ("competency", "duplicate field `a`"));
        assert!(v.repeated_key(Some(1)).is_none());
        let p = v.repeated_key(Some(2)).unwrap();
        assert_eq!(p.path, "x", "an object the record does not have: its path, not its keys");
        assert!(p.message.en.contains("not shown: it may be data"), "{}", p.message.en);
        assert_eq!(v.value[0]["competency"]["a"], 1, "the first value is kept");
        // keys that are data (a name, a protected attribute's value) are never shown, on the path or named
        for (t, path) in [
            (r#"{"Budi Santoso":{"a":1,"a":2}}"#, ""),
            (r#"{"catatan":{"Siti Aminah":{"z":1,"z":2}}}"#, "catatan"),
            (r#"{"agama":{"Islam":1,"Islam":2}}"#, "agama"),
            (r#"{"competency":{"Budi Santoso":1,"Budi Santoso":2}}"#, "competency"),
            (r#"{"competency":{"198503152010011002":1,"198503152010011002":2}}"#, "competency"),
        ] {
            let p = n(t).repeated_key(None).unwrap();
            assert_eq!(p.path, path, "{t}");
            let shown = format!("{} {} {}", p.path, p.message.en, p.message.id);
            for data in ["Budi", "Siti", "Islam", "1985"] {
                assert!(!shown.contains(data), "{t}: {shown}");
            }
        }
        let p = n(r#"{"performance":[{"year":2025},{"year":2024,"year":2023}]}"#).repeated_key(None).unwrap();
        assert_eq!((p.path.as_str(), p.message.en.as_str()), ("performance[1]", "duplicate field `year`"));
        // the second value is checked as any value is
        assert!(serde_json::from_str::<NotedValue>(r#"{"a":1,"a":"\ud800"}"#).is_err());
        assert!(serde_json::from_str::<NotedValue>(&format!(
            r#"{{"a":1,"a":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        ))
        .is_err());
    }

    /// The objects whose repeated keys are named are the record's own.
    #[test]
    fn record_objects_are_fields_of_a_record() {
        let schema = serde_json::to_value(schemars::schema_for!(crate::model::Employee)).unwrap();
        let fields = schema["properties"].as_object().unwrap();
        for o in RECORD_OBJECTS.iter().filter(|o| !o.is_empty()) {
            assert!(fields.contains_key(*o), "{o}");
        }
    }
}
