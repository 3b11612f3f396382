//! Answer text: JSON with the keys of every object in sorted order, byte for
//! byte what `serde_json::to_value` followed by `to_string` writes, without
//! building the `serde_json::Value` in between.
//!
//! Every answer of [`crate::api::call_json`] has sorted keys (a `Value`'s map
//! is ordered by key). Building a `Value` per answer cost more than scoring:
//! a string and a tree node per key and per value, freed again once written
//! (100,000 placements: ~1.4 s of a 1.6 s call). Here each object's members
//! are written to the output as they come and, unless they came in key order,
//! written again in key order (the order of a struct's fields is found once
//! per set of fields and kept); scalars and strings are written by serde_json
//! itself, so numbers and escapes are serde_json's. Whatever a `Value` cannot hold (a map key that is not a
//! string, a number or a unit variant; a 128-bit number out of range) is an
//! [`Error`] here too; the one thing written differently is a
//! `serde_json::value::RawValue`, refused here (no answer carries one).
//!
//! The same writer also writes the **packed** form ([`Packed`]), for answers
//! that a JavaScript page turns into objects: the same values with every
//! object's keys said once per set of keys and every repeated part below a
//! given depth said once (see [`Packed`]).
//!
//! ```
//! use std::collections::HashMap;
//! #[derive(serde::Serialize)]
//! struct Placement { unit: &'static str, r#box: u8, counts: HashMap<u8, u32> }
//! let p = Placement { unit: "Dinas Sosial", r#box: 5, counts: HashMap::from([(9, 1), (10, 2)]) };
//! let text = meritkit::sorted_json::to_string(&p).unwrap();
//! assert_eq!(text, r#"{"box":5,"counts":{"10":2,"9":1},"unit":"Dinas Sosial"}"#);
//! assert_eq!(text, serde_json::to_value(&p).unwrap().to_string());
//! ```

use serde::ser::{self, Serialize};

/// Something [`to_writer`] does not write as a `serde_json::Value` would (or a
/// value's own `Serialize` failing).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error(e.to_string())
    }
}

fn unsupported(what: &str) -> Error {
    Error(format!("{what} cannot be written"))
}

/// Appends `value` to `out` as JSON with sorted object keys.
pub fn to_writer<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    Values::default().write(out, value)
}

/// Writes many values, reusing the room its objects are sorted in (one per
/// thread of a long answer: nothing allocated per value once warm).
#[derive(Default)]
pub struct Values {
    scratch: Scratch,
}

impl Values {
    /// Appends `value` to `out` as JSON with sorted object keys.
    pub fn write<T: Serialize + ?Sized>(&mut self, out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
        self.scratch.members.clear();
        self.scratch.keys.clear();
        self.scratch.depth = 0;
        value.serialize(Writer { out, scratch: &mut self.scratch })
    }
}

/// `value` as JSON with sorted object keys.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = Vec::with_capacity(128);
    to_writer(&mut out, value)?;
    String::from_utf8(out).map_err(|_| Error("not UTF-8".into()))
}

/// The bytes a JSON string holds as they are (printable ASCII but `"` and `\\`).
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        t[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    t
};

/// Writes a scalar or a string with serde_json's own writer.
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result<(), Error> {
    v.serialize(&mut serde_json::Serializer::new(out)).map_err(Error::from)
}

/// Where the members of the objects being written are, shared by all of
/// them (an object's members are dropped when it closes), so that writing
/// allocates nothing per object.
#[derive(Default)]
struct Scratch {
    /// The members of the open objects, innermost last.
    members: Vec<Member>,
    /// The keys of map members.
    keys: String,
    /// An object's text while its members are put in order.
    text: Vec<u8>,
    /// The order of the members of a map, in key order.
    order: Vec<u32>,
    /// The order of the members of the struct shapes met last (structs of a
    /// type with the same fields skipped have the same order: it is found
    /// once), [`SHAPE_SLOTS`] of them, by the hash of their field names' addresses.
    shapes: Vec<Option<Shape>>,
    /// How many arrays and objects enclose the value being written.
    depth: u32,
    /// The tables of the packed form, when that is written.
    pack: Option<Box<Pack>>,
}

/// The tables of the packed form ([`Packed`]).
#[derive(Default)]
struct Pack {
    /// Parts at this depth or deeper are said once, in `shared`.
    share_from: u32,
    /// The key lists, each as its JSON array text, comma-separated.
    shapes: Vec<u8>,
    /// A key list's JSON array text -> its index in `shapes`.
    shape_index: rustc_hash::FxHashMap<Vec<u8>, u32>,
    /// The shared parts, each in its packed text, comma-separated.
    shared: Vec<u8>,
    /// A shared part's packed text -> its index in `shared`.
    shared_index: rustc_hash::FxHashMap<Vec<u8>, u32>,
    /// A key list being looked up.
    key_text: Vec<u8>,
    /// The [`part`]s met so far, by their canonical bytes ([`Canon`]) ->
    /// their index in `shared`: a part met again is not written again (an
    /// explanation said once for all who share it).
    memo: rustc_hash::FxHashMap<Vec<u8>, u32>,
    /// A value's canonical bytes being looked up.
    canon: Vec<u8>,
    /// The index [`Pack::share`] gave the part it closed last.
    last_shared: Option<u32>,
}

impl Pack {
    /// The index of a key list (JSON array text in `key_text`), added if new.
    fn shape(&mut self) -> Result<u32, Error> {
        if let Some(&i) = self.shape_index.get(&self.key_text) {
            return Ok(i);
        }
        let i = u32::try_from(self.shape_index.len()).map_err(|_| Error("too many key lists".into()))?;
        if i > 0 {
            self.shapes.push(b',');
        }
        self.shapes.extend_from_slice(&self.key_text);
        self.shape_index.insert(self.key_text.clone(), i);
        Ok(i)
    }

    /// Replaces the part written at `out[start..]` (an array or object that
    /// began at `depth`) by a reference to it in `shared`, if it is deep enough.
    fn share(&mut self, out: &mut Vec<u8>, start: usize, depth: u32) -> Result<(), Error> {
        if depth < self.share_from {
            return Ok(());
        }
        let part = out.get(start..).unwrap_or_default();
        let i = match self.shared_index.get(part) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.shared_index.len()).map_err(|_| Error("too many shared parts".into()))?;
                if i > 0 {
                    self.shared.push(b',');
                }
                self.shared.extend_from_slice(part);
                self.shared_index.insert(part.to_vec(), i);
                i
            }
        };
        out.truncate(start);
        self.last_shared = Some(i);
        reference(out, i);
        Ok(())
    }
}

/// Writes `[-i]`, the reference to shared part `i - 1`.
fn reference(out: &mut Vec<u8>, i: u32) {
    out.extend_from_slice(b"[-");
    out.extend_from_slice(itoa::Buffer::new().format(u64::from(i) + 1).as_bytes());
    out.push(b']');
}

/// The name [`part`] gives the value it wraps.
const PART: &str = "$meritkit::sorted_json::part";

/// Writes a field's value as a **part**: for a field's `serialize_with`, on a
/// value that many answers carry alike (a placement's explanation). Every
/// serializer writes the value itself; in the packed form ([`Packed`]) a part
/// at the depth parts are shared from is first looked up by its content, and
/// one met already is its reference without being written again.
pub fn part<T: Serialize + ?Sized, S: ser::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_newtype_struct(PART, v)
}

/// Writes the [`part`] `v` at the writer's depth: in the packed form, deep
/// enough, looked up by its canonical bytes ([`Canon`]) first; what it is
/// written as is the same either way.
fn write_part<T: Serialize + ?Sized>(out: &mut Vec<u8>, sc: &mut Scratch, v: &T) -> Result<(), Error> {
    let depth = sc.depth;
    let Some(pack) = sc.pack.as_deref_mut() else { return v.serialize(Writer { out, scratch: sc }) };
    if depth < pack.share_from {
        return v.serialize(Writer { out, scratch: sc });
    }
    pack.canon.clear();
    if v.serialize(Canon { out: &mut pack.canon }).is_err() {
        return v.serialize(Writer { out, scratch: sc });
    }
    // (only a part written as a shared part is kept: an array or object, never a scalar)
    if let Some(&i) = pack.memo.get(&pack.canon) {
        reference(out, i);
        return Ok(());
    }
    let key = std::mem::take(&mut pack.canon);
    pack.last_shared = None;
    v.serialize(Writer { out: &mut *out, scratch: &mut *sc })?;
    if let Some(pack) = sc.pack.as_deref_mut() {
        if let Some(i) = pack.last_shared {
            pack.memo.insert(key, i);
        }
    }
    Ok(())
}

/// The tags of [`Canon`]'s bytes.
mod canon {
    pub const BOOL: u8 = 1;
    pub const I64: u8 = 2;
    pub const U64: u8 = 3;
    pub const I128: u8 = 4;
    pub const U128: u8 = 8;
    pub const F64: u8 = 5;
    pub const CHAR: u8 = 6;
    pub const STR: u8 = 7;
    pub const NONE: u8 = 9;
    pub const SOME: u8 = 10;
    pub const UNIT: u8 = 11;
    pub const UNIT_VARIANT: u8 = 13;
    pub const END: u8 = 16;
    pub const SEQ: u8 = 0x20;
    pub const NEWTYPE_VARIANT: u8 = 0x21;
    pub const TUPLE_VARIANT: u8 = 0x22;
    pub const MAP: u8 = 0x23;
    pub const STRUCT: u8 = 0x24;
    pub const STRUCT_VARIANT: u8 = 0x25;
    pub const BYTES: u8 = 0x26;
}

/// A value's canonical bytes: every event serde gives the writer (each scalar
/// with its exact bits, each string and field name with its length, each
/// array and object opened and closed), so two values with the same bytes
/// are written as the same text. The memo key of [`write_part`].
struct Canon<'a> {
    out: &'a mut Vec<u8>,
}

impl Canon<'_> {
    fn tag(&mut self, t: u8, payload: &[u8]) {
        self.out.push(t);
        self.out.extend_from_slice(payload);
    }
    fn text(&mut self, t: u8, s: &str) {
        self.out.push(t);
        self.out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        self.out.extend_from_slice(s.as_bytes());
    }
    fn again(&mut self) -> Canon<'_> {
        Canon { out: &mut *self.out }
    }
}

macro_rules! canon_numbers {
    ($($f:ident: $t:ty => $tag:ident as $w:ty),*) => {
        $(fn $f(self, v: $t) -> Result<(), Error> {
            self.out.push(canon::$tag);
            self.out.extend_from_slice(&<$w>::from(v).to_le_bytes());
            Ok(())
        })*
    };
}

impl<'a> ser::Serializer for Canon<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Canon<'a>;
    type SerializeTuple = Canon<'a>;
    type SerializeTupleStruct = Canon<'a>;
    type SerializeTupleVariant = Canon<'a>;
    type SerializeMap = Canon<'a>;
    type SerializeStruct = Canon<'a>;
    type SerializeStructVariant = Canon<'a>;

    canon_numbers!(serialize_i8: i8 => I64 as i64, serialize_i16: i16 => I64 as i64, serialize_i32: i32 => I64 as i64,
        serialize_i64: i64 => I64 as i64, serialize_u8: u8 => U64 as u64, serialize_u16: u16 => U64 as u64,
        serialize_u32: u32 => U64 as u64, serialize_u64: u64 => U64 as u64, serialize_i128: i128 => I128 as i128,
        serialize_u128: u128 => U128 as u128, serialize_char: char => CHAR as u32);

    fn serialize_bool(mut self, v: bool) -> Result<(), Error> {
        self.tag(canon::BOOL, &[u8::from(v)]);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(mut self, v: f64) -> Result<(), Error> {
        self.tag(canon::F64, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Error> {
        self.text(canon::STR, v);
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Result<(), Error> {
        self.tag(canon::BYTES, &(v.len() as u64).to_le_bytes());
        self.out.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(mut self) -> Result<(), Error> {
        self.tag(canon::NONE, &[]);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, v: &T) -> Result<(), Error> {
        self.tag(canon::SOME, &[]);
        v.serialize(self)
    }
    fn serialize_unit(mut self) -> Result<(), Error> {
        self.tag(canon::UNIT, &[]);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(mut self, _name: &'static str, _i: u32, variant: &'static str) -> Result<(), Error> {
        self.text(canon::UNIT_VARIANT, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> Result<(), Error> {
        if name.starts_with("$serde_json::private::") {
            return Err(unsupported(name));
        }
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.text(canon::NEWTYPE_VARIANT, variant);
        v.serialize(self)
    }
    fn serialize_seq(mut self, _len: Option<usize>) -> Result<Self, Error> {
        self.tag(canon::SEQ, &[]);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.text(canon::TUPLE_VARIANT, variant);
        Ok(self)
    }
    fn serialize_map(mut self, _len: Option<usize>) -> Result<Self, Error> {
        self.tag(canon::MAP, &[]);
        Ok(self)
    }
    fn serialize_struct(mut self, name: &'static str, _len: usize) -> Result<Self, Error> {
        if name.starts_with("$serde_json::private::") {
            return Err(unsupported(name));
        }
        self.tag(canon::STRUCT, &[]);
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.text(canon::STRUCT_VARIANT, variant);
        Ok(self)
    }
}

/// The serde traits of [`Canon`]'s arrays and objects: each element, key,
/// value or field in turn (a field with its name), [`canon::END`] at the end.
macro_rules! canon_elements {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for Canon<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                v.serialize(self.again())
            }
            fn end(mut self) -> Result<(), Error> {
                self.tag(canon::END, &[]);
                Ok(())
            }
        })*
    };
}

canon_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Canon<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(self.again())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(self.again())
    }
    fn end(mut self) -> Result<(), Error> {
        self.tag(canon::END, &[]);
        Ok(())
    }
}

macro_rules! canon_fields {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Canon<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
                self.text(canon::STR, key);
                v.serialize(self.again())
            }
            fn end(mut self) -> Result<(), Error> {
                self.tag(canon::END, &[]);
                Ok(())
            }
        })*
    };
}

canon_fields!(SerializeStruct, SerializeStructVariant);

/// Writes values in the **packed** form, for a JavaScript page to turn into
/// objects (`bindings/wasm`): a 100,000-placement answer is ~16 MB packed
/// instead of ~106 MB of JSON, and JavaScript builds its objects from it in a
/// fraction of the time `JSON.parse` takes on the JSON.
///
/// The packed form of a value is JSON text in which:
/// - `null`, booleans, numbers and strings are themselves;
/// - an array is `[0, e1, e2, ...]`, each element packed;
/// - an object is `[k, v1, v2, ...]` with `k` ≥ 1: `shapes[k - 1]` lists its
///   keys in sorted order (the order [`to_writer`] writes them in) and the
///   values follow in that order, each packed;
/// - an array or object at depth `share_from` or deeper (the outermost value
///   is at depth 0, what it holds at 1) is `[-i]` instead: `shared[i - 1]` is
///   its packed text. A part that occurs again is said once: parts with the
///   same text are the same part. What a shared part holds is shared too, at
///   lower indices.
///
/// The document is `{"shapes": [...], "shared": [...], "value": ...}` with the
/// value written by [`Packed::write`]. Unpacked, it is the value [`to_writer`]
/// writes, with the same keys in the same order (tested against it).
///
/// ```
/// use meritkit::sorted_json::{to_string, Packed};
/// let rows = serde_json::json!([{"box": 5, "why": {"rule": "Ps. 17"}}, {"box": 6, "why": {"rule": "Ps. 17"}}]);
/// let mut packed = Packed::new(2);
/// let mut value = Vec::new();
/// packed.write(&mut value, &rows).unwrap();
/// let doc = String::from_utf8(packed.finish(&value)).unwrap();
/// // the two `why` objects (depth 2) are one shared part; each row names its shape (box, why)
/// assert_eq!(doc, r#"{"shapes":[["rule"],["box","why"]],"shared":[[1,"Ps. 17"]],"value":[0,[2,5,[-1]],[2,6,[-1]]]}"#);
/// # assert_eq!(to_string(&rows).unwrap(), rows.to_string());
/// ```
pub struct Packed {
    values: Values,
}

impl Packed {
    /// A packed writer sharing the parts at `share_from` or deeper.
    pub fn new(share_from: u32) -> Self {
        let mut values = Values::default();
        values.scratch.pack = Some(Box::new(Pack { share_from, ..Pack::default() }));
        Packed { values }
    }

    /// Appends `value`'s packed text to `out` (its shapes and shared parts are
    /// kept for [`Packed::finish`]).
    pub fn write<T: Serialize + ?Sized>(&mut self, out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
        self.values.write(out, value)
    }

    /// The packed document of `value` (text written by [`Packed::write`]).
    pub fn finish(self, value: &[u8]) -> Vec<u8> {
        let Some(pack) = self.values.scratch.pack else { return Vec::new() };
        let mut doc = Vec::with_capacity(pack.shapes.len() + pack.shared.len() + value.len() + 40);
        doc.extend_from_slice(br#"{"shapes":["#);
        doc.extend_from_slice(&pack.shapes);
        doc.extend_from_slice(br#"],"shared":["#);
        doc.extend_from_slice(&pack.shared);
        doc.extend_from_slice(br#"],"value":"#);
        doc.extend_from_slice(value);
        doc.push(b'}');
        doc
    }
}

/// How many struct shapes [`Scratch::shapes`] keeps.
const SHAPE_SLOTS: usize = 64;

/// A struct's fields in the order it gave them (their names' addresses), and
/// the order they are written in.
struct Shape {
    fields: Vec<(usize, usize)>,
    order: Vec<u32>,
    /// Its key list's index in the packed form's shapes, once looked up.
    packed: Option<u32>,
}

/// The members in key order, of members with the same key the last (as a
/// map's insert keeps it); `None` when that is the order they came in.
fn key_order(members: &[Member], keys: &str) -> Option<Vec<u32>> {
    let key = |i: u32| members.get(i as usize).map_or("", |m| m.key.get(keys));
    let n = u32::try_from(members.len()).unwrap_or(u32::MAX);
    if (1..n).all(|i| key(i - 1) < key(i)) {
        return None;
    }
    let mut order: Vec<u32> = (0..n).collect();
    order.sort_by(|&a, &b| key(a).cmp(key(b)));
    let mut kept = Vec::with_capacity(order.len());
    for (k, &i) in order.iter().enumerate() {
        if order.get(k + 1).is_none_or(|&j| key(j) != key(i)) {
            kept.push(i);
        }
    }
    Some(kept)
}

/// A member written to the output: its key, and where its text (`"key":value`) is.
struct Member {
    key: KeyAt,
    start: usize,
    end: usize,
}

/// A member's key: a field name, or a range of [`Scratch::keys`].
#[derive(Clone, Copy)]
enum KeyAt {
    Field(&'static str),
    Map(usize, usize),
}

impl KeyAt {
    fn get(self, keys: &str) -> &str {
        match self {
            KeyAt::Field(k) => k,
            KeyAt::Map(s, e) => keys.get(s..e).unwrap_or_default(),
        }
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    scratch: &'a mut Scratch,
}

macro_rules! scalars {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<(), Error> {
            json(self.out, &v)
        })*
    };
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f64: f64,
        serialize_char: char);

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // (a Value keeps an f32 as the f64 it converts to)
        json(self.out, &f64::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => json(self.out, &u),
            (_, Ok(i)) => json(self.out, &i),
            _ => Err(Error("number out of range".into())),
        }
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        u64::try_from(v).map_err(|_| Error("number out of range".into())).and_then(|u| json(self.out, &u))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        json(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // (a Value writes bytes as an array of numbers)
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result<(), Error> {
        json(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> Result<(), Error> {
        if name == PART {
            return write_part(self.out, self.scratch, v);
        }
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        if self.scratch.pack.is_some() {
            // (an object of one key)
            let (start, depth) = open_variant(self.out, self.scratch, variant)?;
            v.serialize(Writer { out: &mut *self.out, scratch: &mut *self.scratch })?;
            self.out.push(b']');
            return close_packed(self.out, self.scratch, start, depth);
        }
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.push(b':');
        v.serialize(Writer { out: &mut *self.out, scratch: &mut *self.scratch })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a>, Error> {
        let (start, depth) = open(self.out, self.scratch);
        let packed = self.scratch.pack.is_some();
        self.out.extend_from_slice(if packed { b"[0" } else { b"[" });
        Ok(Seq { out: self.out, scratch: self.scratch, first: !packed, variant: false, start, depth })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq<'a>, Error> {
        if self.scratch.pack.is_some() {
            // (an object of one key, an array)
            let (start, depth) = open_variant(self.out, self.scratch, variant)?;
            self.out.extend_from_slice(b"[0");
            return Ok(Seq { out: self.out, scratch: self.scratch, first: false, variant: true, start, depth });
        }
        let (start, depth) = open(self.out, self.scratch);
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.extend_from_slice(b":[");
        Ok(Seq { out: self.out, scratch: self.scratch, first: true, variant: true, start, depth })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self, None))
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Object<'a>, Error> {
        if name.starts_with("$serde_json::private::") {
            return Err(unsupported(name));
        }
        Ok(Object::new(self, None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, Error> {
        if self.scratch.pack.is_some() {
            // (an object of one key, an object)
            let opened = open_variant(self.out, self.scratch, variant)?;
            return Ok(Object::new(self, Some(opened)));
        }
        let opened = open(self.out, self.scratch);
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.push(b':');
        Ok(Object::new(self, Some(opened)))
    }
}

/// The value of a packed document ([`Packed`]), read as the wasm package's
/// JavaScript reads it: the reference reader of the form, for tests and
/// tools. A document that is not of the form is an [`Error`]: a shape index
/// or reference out of range (a shared part may refer only to parts before
/// it), a key list out of order, an object without a value per key.
pub fn unpack(doc: &str) -> Result<serde_json::Value, Error> {
    use serde_json::Value;
    fn bad(what: &str) -> Error {
        Error(format!("not a packed document: {what}"))
    }
    fn un(v: &Value, shapes: &[Vec<String>], shared: &[Value]) -> Result<Value, Error> {
        let Value::Array(a) = v else { return Ok(v.clone()) };
        let (tag, items) = a.split_first().ok_or_else(|| bad("an empty array"))?;
        let tag = tag.as_i64().ok_or_else(|| bad("an array without its tag"))?;
        if tag < 0 {
            let i = usize::try_from(-(tag + 1)).map_err(|_| bad("a reference out of range"))?;
            return match (items.is_empty(), shared.get(i)) {
                (true, Some(part)) => Ok(part.clone()),
                _ => Err(bad("a reference out of range")),
            };
        }
        let items = items.iter().map(|x| un(x, shapes, shared));
        if tag == 0 {
            return items.collect::<Result<Vec<_>, _>>().map(Value::Array);
        }
        let keys =
            usize::try_from(tag - 1).ok().and_then(|k| shapes.get(k)).ok_or_else(|| bad("a shape out of range"))?;
        if keys.len() != items.len() {
            return Err(bad("an object without a value per key"));
        }
        keys.iter().cloned().zip(items).map(|(k, v)| v.map(|v| (k, v))).collect::<Result<_, _>>().map(Value::Object)
    }
    let d: Value = serde_json::from_str(doc)?;
    let shapes: Vec<Vec<String>> = serde_json::from_value(d.get("shapes").cloned().unwrap_or_default())?;
    if shapes.iter().any(|keys| keys.windows(2).any(|w| w.first() >= w.get(1))) {
        return Err(bad("a key list out of order"));
    }
    let mut shared = Vec::new();
    for part in d.get("shared").and_then(Value::as_array).ok_or_else(|| bad("no shared parts"))? {
        let v = un(part, &shapes, &shared)?;
        shared.push(v);
    }
    un(d.get("value").ok_or_else(|| bad("no value"))?, &shapes, &shared)
}

/// Opens an array or object: where it starts in `out` and its depth (one
/// level down from here on); [`close_packed`] closes it.
fn open(out: &[u8], sc: &mut Scratch) -> (usize, u32) {
    let opened = (out.len(), sc.depth);
    sc.depth = opened.1.saturating_add(1);
    opened
}

/// Opens `{"variant": ...}` in the packed form: `[k,` with `k` the shape of
/// the one key; where it starts and its depth.
fn open_variant(out: &mut Vec<u8>, sc: &mut Scratch, variant: &str) -> Result<(usize, u32), Error> {
    let (start, depth) = open(out, sc);
    let pack = sc.pack.as_deref_mut().ok_or_else(|| Error("not packed".into()))?;
    pack.key_text.clear();
    pack.key_text.push(b'[');
    json(&mut pack.key_text, variant)?;
    pack.key_text.push(b']');
    let k = pack.shape()?;
    out.push(b'[');
    out.extend_from_slice(itoa::Buffer::new().format(u64::from(k) + 1).as_bytes());
    out.push(b',');
    Ok((start, depth))
}

/// Closes an array or object opened at `depth` and `start`: one level up, and
/// in the packed form, shared if deep enough.
fn close_packed(out: &mut Vec<u8>, sc: &mut Scratch, start: usize, depth: u32) -> Result<(), Error> {
    sc.depth = depth;
    match sc.pack.as_deref_mut() {
        Some(pack) => pack.share(out, start, depth),
        None => Ok(()),
    }
}

/// An array being written (elements go straight to the output).
#[doc(hidden)]
pub struct Seq<'a> {
    out: &'a mut Vec<u8>,
    scratch: &'a mut Scratch,
    first: bool,
    /// Inside `{"variant":[...]}`.
    variant: bool,
    /// Where it starts in the output (its variant's, if in one).
    start: usize,
    /// How many arrays and objects enclose it.
    depth: u32,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.comma();
        v.serialize(Writer { out: &mut *self.out, scratch: &mut *self.scratch })
    }
    #[inline(never)]
    fn comma(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }
    fn close(self) -> Result<(), Error> {
        self.out.push(b']');
        if self.variant {
            self.out.push(if self.scratch.pack.is_some() { b']' } else { b'}' });
        }
        close_packed(self.out, self.scratch, self.start, self.depth)
    }
}

/// The four serde traits of an array-like value, each one [`Seq::element`] per
/// element and [`Seq::close`] at the end.
macro_rules! seq_traits {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for Seq<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                self.element(v)
            }
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        })*
    };
}

seq_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// An object being written: members go straight to the output as they come;
/// at the end, unless they came in key order, the object's text is written
/// again with its members in key order.
#[doc(hidden)]
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    scratch: &'a mut Scratch,
    /// Where the object's members start in the output (after its `{`).
    body: usize,
    /// The first of its members in [`Scratch::members`].
    first_member: usize,
    /// The first of its map keys in [`Scratch::keys`].
    first_key: usize,
    /// Inside `{"variant":{...}}`.
    variant: bool,
    /// Where it starts in the output (its variant's, if in one).
    start: usize,
    /// How many arrays and objects enclose it.
    depth: u32,
}

impl<'a> Object<'a> {
    /// An object, inside a variant opened at (start, depth) if one is given.
    fn new(w: Writer<'a>, variant: Option<(usize, u32)>) -> Self {
        let (start, depth) = variant.unwrap_or_else(|| open(w.out, w.scratch));
        if w.scratch.pack.is_none() {
            w.out.push(b'{');
        }
        Object {
            body: w.out.len(),
            first_member: w.scratch.members.len(),
            first_key: w.scratch.keys.len(),
            out: w.out,
            scratch: w.scratch,
            variant: variant.is_some(),
            start,
            depth,
        }
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: KeyAt, v: &T) -> Result<(), Error> {
        let start = self.begin(key)?;
        v.serialize(Writer { out: &mut *self.out, scratch: &mut *self.scratch })?;
        self.scratch.members.push(Member { key, start, end: self.out.len() });
        Ok(())
    }

    /// Writes a member's `"key":` (after a comma unless it is the first);
    /// the member's start.
    #[inline(never)]
    fn begin(&mut self, key: KeyAt) -> Result<usize, Error> {
        let sc = &mut *self.scratch;
        if sc.members.len() > self.first_member {
            self.out.push(b',');
        }
        let start = self.out.len();
        if sc.pack.is_some() {
            // (the key is in the object's shape)
            return Ok(start);
        }
        let k = key.get(&sc.keys);
        if k.bytes().all(|b| PLAIN[usize::from(b)]) {
            // (a field name needs no escape)
            self.out.push(b'"');
            self.out.extend_from_slice(k.as_bytes());
            self.out.extend_from_slice(b"\":");
        } else {
            json(self.out, k)?;
            self.out.push(b':');
        }
        Ok(start)
    }

    #[inline(never)]
    fn close(self) -> Result<(), Error> {
        let Object { out, scratch: sc, body, first_member, first_key, variant, start, depth } = self;
        let members = sc.members.get(first_member..).unwrap_or_default();
        // (a struct's fields are names with fixed addresses: its shape is found by them without allocating)
        let field = |m: &Member| match m.key {
            KeyAt::Field(k) => Some((k.as_ptr() as usize, k.len())),
            KeyAt::Map(..) => None,
        };
        let shape = if members.iter().all(|m| field(m).is_some()) {
            let h = members.iter().filter_map(field).fold(members.len() as u64, |h, (p, n)| {
                ((h.rotate_left(7) ^ p as u64).wrapping_mul(0x100_0000_01B3) ^ n as u64).wrapping_mul(0x100_0000_01B3)
            });
            if sc.shapes.is_empty() {
                sc.shapes.resize_with(SHAPE_SLOTS, || None);
            }
            sc.shapes.get_mut((h % SHAPE_SLOTS as u64) as usize).and_then(|slot| {
                let same = slot.as_ref().is_some_and(|s| {
                    s.fields.len() == members.len() && s.fields.iter().zip(members).all(|(f, m)| field(m) == Some(*f))
                });
                if !same {
                    let fields = members.iter().filter_map(field).collect();
                    *slot =
                        Some(Shape { order: key_order(members, &sc.keys).unwrap_or_default(), fields, packed: None });
                }
                slot.as_mut()
            })
        } else {
            None
        };
        let (order, packed_shape) = match shape {
            Some(s) => ((!s.order.is_empty()).then_some(s.order.as_slice()), Some(&mut s.packed)),
            None => {
                sc.order = key_order(members, &sc.keys).unwrap_or_default();
                ((!sc.order.is_empty()).then_some(sc.order.as_slice()), None)
            }
        };
        if let Some(pack) = sc.pack.as_deref_mut() {
            // [k, the values in key order]
            let k = match packed_shape.as_ref().and_then(|p| **p) {
                Some(k) => k,
                None => {
                    pack.key_text.clear();
                    pack.key_text.push(b'[');
                    let n = order.map_or(members.len(), <[u32]>::len);
                    for j in 0..n {
                        let i = order.map_or(Some(j), |o| o.get(j).map(|&i| i as usize));
                        let m = i.and_then(|i| members.get(i)).ok_or_else(|| Error("member out of range".into()))?;
                        if j > 0 {
                            pack.key_text.push(b',');
                        }
                        json(&mut pack.key_text, m.key.get(&sc.keys))?;
                    }
                    pack.key_text.push(b']');
                    let k = pack.shape()?;
                    if let Some(p) = packed_shape {
                        *p = Some(k);
                    }
                    k
                }
            };
            let mut tag = itoa::Buffer::new();
            let tag = tag.format(u64::from(k) + 1).as_bytes();
            match order {
                // (in key order: `[k,` put before the members as written)
                None => {
                    let comma: &[u8] = if members.is_empty() { b"" } else { b"," };
                    let at = body.min(out.len());
                    out.splice(at..at, b"[".iter().chain(tag).chain(comma).copied());
                }
                Some(order) => {
                    sc.text.clear();
                    sc.text.extend_from_slice(out.get(body..).unwrap_or_default());
                    out.truncate(body);
                    out.push(b'[');
                    out.extend_from_slice(tag);
                    for &i in order {
                        let m = members.get(i as usize).ok_or_else(|| Error("member out of range".into()))?;
                        let member = sc
                            .text
                            .get(m.start - body..m.end - body)
                            .ok_or_else(|| Error("member out of range".into()))?;
                        out.push(b',');
                        out.extend_from_slice(member);
                    }
                }
            }
            out.push(b']');
            if variant {
                out.push(b']');
            }
            sc.members.truncate(first_member);
            sc.keys.truncate(first_key);
            return close_packed(out, sc, start, depth);
        }
        if let Some(order) = order {
            // the members again, in key order
            sc.text.clear();
            sc.text.extend_from_slice(out.get(body..).unwrap_or_default());
            out.truncate(body);
            for (k, &i) in order.iter().enumerate() {
                let m = members.get(i as usize).ok_or_else(|| Error("member out of range".into()))?;
                let member =
                    sc.text.get(m.start - body..m.end - body).ok_or_else(|| Error("member out of range".into()))?;
                if k > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(member);
            }
        }
        sc.members.truncate(first_member);
        sc.keys.truncate(first_key);
        out.push(b'}');
        if variant {
            out.push(b'}');
        }
        close_packed(out, sc, start, depth)
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let k = key.serialize(KeyWriter)?;
        let start = self.scratch.keys.len();
        self.scratch.keys.push_str(&k);
        // (the key is taken up by the value that follows)
        self.scratch.members.push(Member { key: KeyAt::Map(start, self.scratch.keys.len()), start: 0, end: 0 });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let key = match self.scratch.members.pop() {
            Some(Member { key: k @ KeyAt::Map(..), start: 0, end: 0 }) => k,
            _ => return Err(Error("value without a key".into())),
        };
        self.member(key, v)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// The serde traits of a struct and a struct variant: a member per field.
macro_rules! struct_traits {
    ($($trait:ident),*) => {
        $(impl ser::$trait for Object<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
                self.member(KeyAt::Field(key), v)
            }
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        })*
    };
}

struct_traits!(SerializeStruct, SerializeStructVariant);

/// A map key as the string a `Value`'s map keeps: strings, characters,
/// booleans, numbers and unit variants; anything else is an [`Error`], as it
/// is for a `Value`.
struct KeyWriter;

macro_rules! integer_keys {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<String, Error> {
            Ok(v.to_string())
        })*
    };
}

macro_rules! no_keys {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, _v: $t) -> Result<String, Error> {
            Err(unsupported("map key"))
        })*
    };
}

impl ser::Serializer for KeyWriter {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    integer_keys!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    integer_keys!(serialize_i128: i128, serialize_u128: u128);
    no_keys!(serialize_bytes: &[u8]);

    fn serialize_f32(self, v: f32) -> Result<String, Error> {
        if v.is_finite() {
            serde_json::to_string(&v).map_err(Error::from)
        } else {
            Err(Error("float key must be finite".into()))
        }
    }
    fn serialize_f64(self, v: f64) -> Result<String, Error> {
        if v.is_finite() {
            serde_json::to_string(&v).map_err(Error::from)
        } else {
            Err(Error("float key must be finite".into()))
        }
    }

    fn serialize_bool(self, v: bool) -> Result<String, Error> {
        Ok(if v { "true" } else { "false" }.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }
    fn serialize_none(self) -> Result<String, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _v: &T) -> Result<String, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result<String, Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Result<String, Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _v: &T,
    ) -> Result<String, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported("map key"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported("map key"))
    }
}
