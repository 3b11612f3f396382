//! Counting a request's rows before any work, read without building it:
//!
//! * rows: the length of every array that is the value of a top-level field
//!   (`records`, `rows`, `headers`, `matrix`, `selected`, ...) or of a field of
//!   an element of `periods` (a comparison's `records` / `results`);
//! * elements: every array element and object entry at any depth, against
//!   [`ELEMENTS_PER_ROW`] times the row limit, so that nested arrays cannot
//!   escape the limit either.
//!
//! The scan stops as soon as a budget is passed.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// Array elements and object entries, at any depth, allowed per row of the limit.
pub const ELEMENTS_PER_ROW: usize = 64;

/// What passed a limit: the rows of a field, or the elements of the whole request.
#[derive(Debug, PartialEq, Eq)]
pub enum Over {
    /// More rows than the limit: the path of the largest part, the rows counted so far.
    Rows(String, usize),
    /// More elements at any depth than [`ELEMENTS_PER_ROW`] times the limit.
    Elements(usize),
}

struct Budget {
    max_rows: usize,
    max_elements: usize,
    rows: Cell<usize>,
    elements: Cell<usize>,
    biggest: Cell<usize>,
    biggest_path: std::cell::RefCell<String>,
    over: Cell<bool>,
}

impl Budget {
    fn new(max_rows: usize) -> Self {
        Budget {
            max_rows,
            max_elements: max_rows.saturating_mul(ELEMENTS_PER_ROW),
            rows: Cell::new(0),
            elements: Cell::new(0),
            biggest: Cell::new(0),
            biggest_path: std::cell::RefCell::new(String::new()),
            over: Cell::new(false),
        }
    }
    fn element<E: serde::de::Error>(&self) -> Result<(), E> {
        let n = self.elements.get().saturating_add(1);
        self.elements.set(n);
        if n > self.max_elements {
            self.over.set(true);
            return Err(E::custom("over the element budget"));
        }
        Ok(())
    }
    fn rows<E: serde::de::Error>(&self, path: &str, n: usize) -> Result<(), E> {
        let total = self.rows.get().saturating_add(n);
        self.rows.set(total);
        if n > self.biggest.get() {
            self.biggest.set(n);
            *self.biggest_path.borrow_mut() = path.to_string();
        }
        if total > self.max_rows {
            self.over.set(true);
            return Err(E::custom("over the row budget"));
        }
        Ok(())
    }
}

/// What passes a limit in a request (`None`: within the limits, or not JSON: the API then answers as it
/// would).
pub fn over_limit(text: &str, max_rows: usize) -> Option<Over> {
    let b = Budget::new(max_rows);
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Node { b: &b, role: Role::Top, path: "" }.deserialize(&mut de);
    if !b.over.get() {
        return None;
    }
    if b.rows.get() > max_rows {
        let path = b.biggest_path.borrow().clone();
        return Some(Over::Rows(path, b.rows.get()));
    }
    Some(Over::Elements(b.elements.get()))
}

/// Where a value sits: what its arrays count for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The request itself.
    Top,
    /// The value of a top-level field (an array here counts rows).
    Field,
    /// The top-level `periods` array.
    Periods,
    /// An element of `periods`.
    Period,
    /// The value of a field of a period (an array here counts rows).
    PeriodField,
    /// Anywhere else (only elements are counted).
    Inner,
}

struct Node<'a> {
    b: &'a Budget,
    role: Role,
    path: &'a str,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let child = match self.role {
            Role::Periods => Role::Period,
            _ => Role::Inner,
        };
        let counts_rows = matches!(self.role, Role::Field | Role::Periods | Role::PeriodField);
        let mut n = 0usize;
        while seq.next_element_seed(Node { b: self.b, role: child, path: self.path })?.is_some() {
            self.b.element()?;
            n += 1;
            if counts_rows {
                self.b.rows(self.path, 1)?;
            }
        }
        // (the rows were counted one by one; the largest part is known at the end)
        if counts_rows && n > self.b.biggest.get() {
            self.b.biggest.set(n);
            *self.b.biggest_path.borrow_mut() = self.path.to_string();
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.b.element()?;
            let (role, path) = match self.role {
                Role::Top if key == "periods" => (Role::Periods, key.as_str()),
                Role::Top => (Role::Field, key.as_str()),
                Role::Period => (Role::PeriodField, self.path),
                _ => (Role::Inner, self.path),
            };
            map.next_value_seed(Node { b: self.b, role, path })?;
        }
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Whether a text is one JSON value as the API reads it (numbers in range, nesting within serde_json's
/// limit, nothing after it but white space), checked without building it: the row scan without limits.
pub fn is_json(text: &str) -> bool {
    let b = Budget::new(usize::MAX);
    let mut de = serde_json::Deserializer::from_str(text);
    Node { b: &b, role: Role::Top, path: "" }.deserialize(&mut de).is_ok() && de.end().is_ok()
}

#[cfg(test)]
mod tests {
    use super::{over_limit, Over};

    fn rows(p: &str, n: usize) -> Option<Over> {
        Some(Over::Rows(p.into(), n))
    }

    #[test]
    fn counts_rows_of_every_shape() {
        assert_eq!(over_limit(r#"{"records": [1, 2, 3], "date": "x"}"#, 2), rows("records", 3));
        assert_eq!(over_limit(r#"{"records": [1, 2, 3]}"#, 3), None);
        assert_eq!(over_limit(r#"{"rows": [[1], [2]], "columns": ["a"]}"#, 2), rows("rows", 3));
        // every top-level array counts: headers, matrix, selected, ...
        assert_eq!(over_limit(r#"{"headers": ["a", "b", "c"]}"#, 2), rows("headers", 3));
        assert_eq!(over_limit(r#"{"matrix": [[1], [2], [3]], "weights": [1]}"#, 3), rows("matrix", 4));
        // the periods and their arrays
        assert_eq!(over_limit(r#"{"periods": [{"records": [1, 2]}, {"results": [1, 2, 3]}]}"#, 6), rows("periods", 7));
        // not JSON, no arrays: left to the API
        assert_eq!(over_limit("{", 0), None);
        assert_eq!(over_limit(r#"{"records": "x"}"#, 1), None);
        assert_eq!(over_limit("[1, 2, 3]", 3), None);
    }

    #[test]
    fn json_as_the_api_reads_it() {
        use super::is_json;
        assert!(is_json(r#" {"a": [1, 2.5, "x", null, true, {"b": -1e300}]} "#));
        for bad in ["", "1e400", r#"{"a": -1e400}"#, "{", "[1,]"] {
            assert!(!is_json(bad), "{bad}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(!is_json(&deep));
    }

    #[test]
    fn nested_arrays_count_against_the_element_budget() {
        // one row, 65 elements deep inside it: over 1 x 64
        let inner: Vec<u32> = (0..65).collect();
        let text = serde_json::json!({"records": [{"a": {"b": inner}}]}).to_string();
        assert!(matches!(over_limit(&text, 1), Some(Over::Elements(_))));
        let inner: Vec<u32> = (0..50).collect();
        let text = serde_json::json!({"records": [{"a": {"b": inner}}]}).to_string();
        assert_eq!(over_limit(&text, 1), None);
        // a huge nested array stops the scan early
        let text = format!(r#"{{"x": {{"y": [{}]}}}}"#, vec!["1"; 1_000_000].join(","));
        assert!(matches!(over_limit(&text, 10), Some(Over::Elements(641))));
    }
}
