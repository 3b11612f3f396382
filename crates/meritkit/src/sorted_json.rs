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
}

/// How many struct shapes [`Scratch::shapes`] keeps.
const SHAPE_SLOTS: usize = 64;

/// A struct's fields in the order it gave them (their names' addresses), and
/// the order they are written in.
struct Shape {
    fields: Vec<(usize, usize)>,
    order: Vec<u32>,
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
        json(self.out, &v.iter().collect::<Vec<_>>())
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
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.push(b':');
        v.serialize(Writer { out: &mut *self.out, scratch: &mut *self.scratch })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a>, Error> {
        self.out.push(b'[');
        Ok(Seq { out: self.out, scratch: self.scratch, first: true, variant: false })
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
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.extend_from_slice(b":[");
        Ok(Seq { out: self.out, scratch: self.scratch, first: true, variant: true })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self, false))
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Object<'a>, Error> {
        if name.starts_with("$serde_json::private::") {
            return Err(unsupported(name));
        }
        Ok(Object::new(self, false))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, Error> {
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.push(b':');
        Ok(Object::new(self, true))
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
            self.out.push(b'}');
        }
        Ok(())
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
}

impl<'a> Object<'a> {
    fn new(w: Writer<'a>, variant: bool) -> Self {
        w.out.push(b'{');
        Object {
            body: w.out.len(),
            first_member: w.scratch.members.len(),
            first_key: w.scratch.keys.len(),
            out: w.out,
            scratch: w.scratch,
            variant,
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
        let Object { out, scratch: sc, body, first_member, first_key, variant } = self;
        let members = sc.members.get(first_member..).unwrap_or_default();
        let fields: Option<Vec<(usize, usize)>> = members
            .iter()
            .map(|m| match m.key {
                KeyAt::Field(k) => Some((k.as_ptr() as usize, k.len())),
                KeyAt::Map(..) => None,
            })
            .collect();
        let shape = fields.and_then(|fields| {
            let h = fields.iter().fold(fields.len() as u64, |h, &(p, n)| {
                ((h.rotate_left(7) ^ p as u64).wrapping_mul(0x100_0000_01B3) ^ n as u64).wrapping_mul(0x100_0000_01B3)
            });
            if sc.shapes.is_empty() {
                sc.shapes.resize_with(SHAPE_SLOTS, || None);
            }
            let slot = sc.shapes.get_mut((h % SHAPE_SLOTS as u64) as usize)?;
            if slot.as_ref().is_none_or(|s| s.fields != fields) {
                *slot = Some(Shape { order: key_order(members, &sc.keys).unwrap_or_default(), fields });
            }
            slot.as_ref()
        });
        let order = match shape {
            Some(s) => (!s.order.is_empty()).then_some(s.order.as_slice()),
            None => {
                sc.order = key_order(members, &sc.keys).unwrap_or_default();
                (!sc.order.is_empty()).then_some(sc.order.as_slice())
            }
        };
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
        Ok(())
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
