//! A fast serde reader over plain Python objects, for the happy path of
//! `mk.score(list_of_dicts)` (issue 12).
//!
//! It is a format reader, like `serde_json`'s: it knows nothing of the
//! record, which the core's `Deserialize` of `meritkit::Employee` alone
//! defines. It reads only objects of the exact built-in types `dict`, `list`,
//! `tuple`, `str`, `int`, `float`, `bool` and `None`, and on those it gives the
//! visitor the very calls `pythonize::Depythonizer` gives (same method, same
//! value), so that a record it reads is the record pythonize reads. It is
//! never more permissive: anything else (a subclass, a `Mapping`, a dataclass,
//! bytes, a `bool` where a number is asked for, an `int` past 64 bits, a
//! string that is not valid UTF-8, an enum) stops it with [`Bail`], as does
//! any error of the record itself; the caller then reads that row again
//! through pythonize and the core's located reader, so every error (code,
//! path, message) is the one it always was. A bail carries no text: nothing
//! is formatted on the fast path.
//!
//! The difference from pythonize is cost only: exact type checks (pointer
//! comparisons) instead of `isinstance` / `Sequence` / `Mapping` checks, no
//! dataclass attribute lookup on every dict (an exact `dict` is never a
//! dataclass), dict items read in place (no `keys()` / `values()` lists), and
//! strings read as the interpreter's cached UTF-8 on Python ≥ 3.10 (pythonize
//! built on the 3.9 stable ABI encodes each string to a new `bytes` first).

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3::Borrowed;
use serde::de::{self, DeserializeSeed, Visitor};
use std::cell::Cell;
use std::fmt;

/// The fast reader gave up: the row is read again by the located path.
#[derive(Debug)]
pub(crate) struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the fast path")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Bail
    }
}

type R<T> = Result<T, Bail>;

/// The exact built-in type of an object (subclasses are `Other`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    None,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Other,
}

fn kind(o: &Bound<'_, PyAny>) -> Kind {
    if o.is_none() {
        Kind::None
    } else if o.is_exact_instance_of::<PyString>() {
        Kind::Str
    } else if o.is_exact_instance_of::<PyFloat>() {
        Kind::Float
    } else if o.is_exact_instance_of::<PyDict>() {
        Kind::Dict
    } else if o.is_exact_instance_of::<PyInt>() {
        Kind::Int
    } else if o.is_exact_instance_of::<PyList>() {
        Kind::List
    } else if o.is_exact_instance_of::<PyBool>() {
        Kind::Bool
    } else if o.is_exact_instance_of::<PyTuple>() {
        Kind::Tuple
    } else {
        Kind::Other
    }
}

// `PyUnicode_AsUTF8AndSize` is in the stable ABI from Python 3.10 (and exported
// by every CPython 3), but not in the 3.9 limited API this wheel is built for,
// so pyo3 does not declare it there; it is called only on an interpreter ≥ 3.10.
extern "C" {
    #[link_name = "PyUnicode_AsUTF8AndSize"]
    fn as_utf8_and_size(unicode: *mut ffi::PyObject, size: *mut ffi::Py_ssize_t) -> *const std::os::raw::c_char;
}

/// Reads objects for one call; `utf8`: the interpreter has the cached UTF-8 of a `str` (≥ 3.10).
#[derive(Clone, Copy)]
pub(crate) struct Reader {
    utf8: bool,
}

impl Reader {
    pub(crate) fn new(py: Python<'_>) -> Self {
        Reader { utf8: py.version_info() >= (3, 10) }
    }

    /// Reads a `T` from the dict `o` (or [`Bail`]), noting what its values were in `values`.
    pub(crate) fn read_dict<'de, T: de::Deserialize<'de>>(self, o: &Bound<'_, PyAny>, values: &Cell<Values>) -> R<T> {
        T::deserialize(Fast { o, k: kind(o), r: self, top: Some(values) })
    }

    /// Calls `f` with the text of an exact `str` (strict UTF-8: a lone surrogate bails, as
    /// pythonize's read of it fails).
    fn with_str<T>(self, o: &Bound<'_, PyAny>, f: impl FnOnce(&str) -> R<T>) -> R<T> {
        if self.utf8 {
            let mut size: ffi::Py_ssize_t = 0;
            // SAFETY: `o` is an exact `str` (checked by the caller through `kind`), alive for the
            // whole call (borrowed by `o`), and the GIL is held (`Bound`). The UTF-8 buffer is
            // owned by the string object, cached there and immutable while it lives, so the
            // slice is valid for `f`, which does not outlive `o`. On failure (a surrogate) the
            // pointer is null and the Python error is fetched (cleared).
            let p = unsafe { as_utf8_and_size(o.as_ptr(), &mut size) };
            let len = usize::try_from(size).map_err(|_| Bail)?;
            if p.is_null() {
                drop(PyErr::fetch(o.py()));
                return Err(Bail);
            }
            // SAFETY: see above; CPython guarantees the buffer is `size` bytes of valid UTF-8.
            let s = unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(p.cast::<u8>(), len)) };
            f(s)
        } else {
            let s = o.cast::<PyString>().map_err(|_| Bail)?;
            let s = s.to_cow().map_err(|_| Bail)?;
            f(&s)
        }
    }
}

/// What the values of a dict read by [`Reader::read_dict`] were (every value: serde reads each one,
/// an ignored one too).
#[derive(Clone, Copy, Default)]
pub(crate) struct Values {
    /// A value was an exact `dict` or `list`.
    pub(crate) container: bool,
    /// A value was of another type than the exact built-ins read here.
    pub(crate) other: bool,
}

struct Fast<'a, 'py> {
    o: &'a Bound<'py, PyAny>,
    k: Kind,
    r: Reader,
    /// For the dict of [`Reader::read_dict`]: where its values are noted.
    top: Option<&'a Cell<Values>>,
}

impl<'a, 'py> Fast<'a, 'py> {
    fn of(o: &'a Bound<'py, PyAny>, r: Reader) -> Self {
        Fast { o, k: kind(o), r, top: None }
    }

    fn seq(&self) -> R<Seq<'a, 'py>> {
        let tuple = match self.k {
            Kind::List => false,
            Kind::Tuple => true,
            _ => return Err(Bail),
        };
        Ok(Seq { seq: self.o, tuple, i: 0, len: self.o.len().map_err(|_| Bail)?, r: self.r })
    }

    fn map(&self) -> R<Map<'a, 'py>> {
        if self.k != Kind::Dict {
            return Err(Bail);
        }
        let len = self.o.len().map_err(|_| Bail)?;
        Ok(Map { dict: self.o, pos: 0, len, value: std::ptr::null_mut(), r: self.r, top: self.top })
    }
}

macro_rules! int {
    ($($method:ident => $visit:ident,)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
            // pythonize: `visitor.visit_x(input.extract()?)`; read here from an exact `int` only
            // (a `bool` or a `float` where pythonize would try `__index__` bails)
            if self.k != Kind::Int {
                return Err(Bail);
            }
            v.$visit(self.o.extract().map_err(|_| Bail)?)
        }
    )*};
}

macro_rules! float {
    ($($method:ident => $visit:ident,)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
            // pythonize: `visitor.visit_f64(input.extract()?)`, the same conversion, from an exact
            // `float` or `int` only
            if self.k != Kind::Float && self.k != Kind::Int {
                return Err(Bail);
            }
            v.$visit(self.o.extract().map_err(|_| Bail)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Fast<'_, '_> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        match self.k {
            Kind::None => v.visit_unit(),
            Kind::Bool => v.visit_bool(self.o.is_truthy().map_err(|_| Bail)?),
            Kind::Int => {
                // pythonize: the smallest of u8..u64 for x >= 0, else of i8..i64 (beyond 64 bits: bail)
                let x: i64 = self.o.extract().map_err(|_| Bail)?;
                if let Ok(x) = u64::try_from(x) {
                    if let Ok(x) = u8::try_from(x) {
                        v.visit_u8(x)
                    } else if let Ok(x) = u16::try_from(x) {
                        v.visit_u16(x)
                    } else if let Ok(x) = u32::try_from(x) {
                        v.visit_u32(x)
                    } else {
                        v.visit_u64(x)
                    }
                } else if let Ok(x) = i8::try_from(x) {
                    v.visit_i8(x)
                } else if let Ok(x) = i16::try_from(x) {
                    v.visit_i16(x)
                } else if let Ok(x) = i32::try_from(x) {
                    v.visit_i32(x)
                } else {
                    v.visit_i64(x)
                }
            }
            Kind::Float => v.visit_f64(self.o.extract().map_err(|_| Bail)?),
            Kind::Str => self.r.with_str(self.o, |s| v.visit_str(s)),
            Kind::List | Kind::Tuple => v.visit_seq(self.seq()?),
            Kind::Dict => v.visit_map(self.map()?),
            Kind::Other => Err(Bail),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        // pythonize takes the truth of any object; an exact `bool` only here
        if self.k != Kind::Bool {
            return Err(Bail);
        }
        v.visit_bool(self.o.is_truthy().map_err(|_| Bail)?)
    }

    int! {
        deserialize_i8 => visit_i8,
        deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64,
        deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64,
    }

    float! {
        deserialize_f32 => visit_f32,
        deserialize_f64 => visit_f64,
    }

    fn deserialize_i128<V: Visitor<'de>>(self, _v: V) -> R<V::Value> {
        Err(Bail)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, _v: V) -> R<V::Value> {
        Err(Bail)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _v: V) -> R<V::Value> {
        Err(Bail)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        if self.k != Kind::Str {
            return Err(Bail);
        }
        self.r.with_str(self.o, |s| v.visit_str(s))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _v: V) -> R<V::Value> {
        Err(Bail)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _v: V) -> R<V::Value> {
        Err(Bail)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        if self.k == Kind::None {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        if self.k != Kind::None {
            return Err(Bail);
        }
        v.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> R<V::Value> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> R<V::Value> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_seq(self.seq()?)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> R<V::Value> {
        let seq = self.seq()?;
        if seq.len != len {
            return Err(Bail);
        }
        v.visit_seq(seq)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, len: usize, v: V) -> R<V::Value> {
        self.deserialize_tuple(len, v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        if self.k != Kind::Dict {
            return Err(Bail);
        }
        v.visit_map(self.map()?)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> R<V::Value> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _v: V,
    ) -> R<V::Value> {
        // no externally tagged enum in a record: left to pythonize
        Err(Bail)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        // as pythonize: the value is not looked at
        v.visit_unit()
    }
}

struct Seq<'a, 'py> {
    seq: &'a Bound<'py, PyAny>,
    tuple: bool,
    i: usize,
    len: usize,
    r: Reader,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, '_> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        if self.i >= self.len {
            return Ok(None);
        }
        let i = ffi::Py_ssize_t::try_from(self.i).map_err(|_| Bail)?;
        self.i += 1;
        // SAFETY: `seq` is an exact list or tuple (checked by `kind`) of `len` items, alive and held
        // under the GIL for the whole read, during which no Python code runs (only exact built-in
        // objects are read, through calls that run none), so it is not changed; `i < len`. The item
        // is a borrowed reference, owned by the sequence, used only while the sequence is borrowed.
        let item = unsafe {
            let p = if self.tuple {
                ffi::PyTuple_GetItem(self.seq.as_ptr(), i)
            } else {
                ffi::PyList_GetItem(self.seq.as_ptr(), i)
            };
            Borrowed::from_ptr_or_opt(self.seq.py(), p)
        }
        .ok_or(Bail)?;
        seed.deserialize(Fast::of(&item, self.r)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len - self.i.min(self.len))
    }
}

struct Map<'a, 'py> {
    dict: &'a Bound<'py, PyAny>,
    pos: ffi::Py_ssize_t,
    len: usize,
    value: *mut ffi::PyObject,
    r: Reader,
    top: Option<&'a Cell<Values>>,
}

impl<'de> de::MapAccess<'de> for Map<'_, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        let (mut k, mut v) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: `dict` is an exact dict (checked by `kind`), alive and held under the GIL for the
        // whole read, during which no Python code runs, so it is not changed while iterated.
        // `PyDict_Next` gives borrowed references owned by the dict, used only while it is borrowed.
        if unsafe { ffi::PyDict_Next(self.dict.as_ptr(), &mut self.pos, &mut k, &mut v) } == 0 {
            return Ok(None);
        }
        self.value = v;
        // SAFETY: as above; `k` is not null when `PyDict_Next` returned an item.
        let key = unsafe { Borrowed::from_ptr_or_opt(self.dict.py(), k) }.ok_or(Bail)?;
        seed.deserialize(Fast::of(&key, self.r)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        let v = std::mem::replace(&mut self.value, std::ptr::null_mut());
        // SAFETY: the value `PyDict_Next` gave with the last key (see `next_key_seed`), or null.
        let value = unsafe { Borrowed::from_ptr_or_opt(self.dict.py(), v) }.ok_or(Bail)?;
        let value = Fast::of(&value, self.r);
        if let Some(top) = self.top {
            let mut seen = top.get();
            seen.container |= matches!(value.k, Kind::Dict | Kind::List);
            seen.other |= value.k == Kind::Other;
            top.set(seen);
        }
        seed.deserialize(value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len)
    }
}
