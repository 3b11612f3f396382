//! Counting a request's rows before any work: the elements of its top-level
//! `records`, `rows`, `ratings`, `subjects` and `counts` arrays, and of
//! `records` / `results` in each of its `periods`, read without building them.

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

const ROW_FIELDS: &[&str] = &["records", "rows", "ratings", "subjects", "counts"];
const PERIOD_ROW_FIELDS: &[&str] = &["records", "results"];

/// The path and number of rows of a request holding more than `max` rows (`None`: within the limit, or
/// not a JSON object: the API then answers as it would).
pub fn over_limit(text: &str, max: usize) -> Option<(String, usize)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let (n, path) = de.deserialize_any(Top { fields: ROW_FIELDS, periods: true }).ok()?;
    (n > max).then_some((path, n))
}

/// An object whose row arrays are counted: (total rows, the path of the largest part).
struct Top {
    fields: &'static [&'static str],
    periods: bool,
}

impl<'de> Visitor<'de> for Top {
    type Value = (usize, String);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a request object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut total = 0usize;
        let mut biggest = (0usize, String::new());
        while let Some(key) = map.next_key::<String>()? {
            let (n, path) = if self.fields.contains(&key.as_str()) {
                let n = map.next_value::<Count>().map(|c| c.0)?;
                (n, key)
            } else if self.periods && key == "periods" {
                let n = map.next_value::<Periods>().map(|c| c.0)?;
                (n, key)
            } else {
                map.next_value::<IgnoredAny>()?;
                (0, key)
            };
            total = total.saturating_add(n);
            if n > biggest.0 {
                biggest = (n, path);
            }
        }
        Ok((total, biggest.1))
    }
}

/// The length of an array (anything else counts 0).
struct Count(usize);

impl<'de> serde::Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = usize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("anything")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
                let mut n = 0usize;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(n)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(0)
            }
            fn visit_bool<E>(self, _: bool) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_i64<E>(self, _: i64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_u64<E>(self, _: u64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_f64<E>(self, _: f64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_str<E>(self, _: &str) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_unit<E>(self) -> Result<usize, E> {
                Ok(0)
            }
        }
        d.deserialize_any(V).map(Count)
    }
}

/// The rows of every period of a `compare` request.
struct Periods(usize);

impl<'de> serde::Deserialize<'de> for Periods {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = usize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("anything")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
                let mut n = 0usize;
                while let Some(p) = seq.next_element::<Period>()? {
                    n = n.saturating_add(p.0);
                }
                Ok(n)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(0)
            }
            fn visit_bool<E>(self, _: bool) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_i64<E>(self, _: i64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_u64<E>(self, _: u64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_f64<E>(self, _: f64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_str<E>(self, _: &str) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_unit<E>(self) -> Result<usize, E> {
                Ok(0)
            }
        }
        d.deserialize_any(V).map(Periods)
    }
}

/// One period: its `records` and `results` counted.
struct Period(usize);

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = usize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("anything")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<usize, A::Error> {
                Top { fields: PERIOD_ROW_FIELDS, periods: false }.visit_map(map).map(|(n, _)| n)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(0)
            }
            fn visit_bool<E>(self, _: bool) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_i64<E>(self, _: i64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_u64<E>(self, _: u64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_f64<E>(self, _: f64) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_str<E>(self, _: &str) -> Result<usize, E> {
                Ok(0)
            }
            fn visit_unit<E>(self) -> Result<usize, E> {
                Ok(0)
            }
        }
        d.deserialize_any(V).map(Period)
    }
}

#[cfg(test)]
mod tests {
    use super::over_limit;

    #[test]
    fn counts_rows_of_every_shape() {
        assert_eq!(over_limit(r#"{"records": [1, 2, 3], "date": "x"}"#, 2), Some(("records".into(), 3)));
        assert_eq!(over_limit(r#"{"records": [1, 2, 3]}"#, 3), None);
        assert_eq!(over_limit(r#"{"rows": [[1], [2]], "columns": ["a"]}"#, 1), Some(("rows".into(), 2)));
        assert_eq!(
            over_limit(r#"{"periods": [{"records": [1, 2]}, {"results": [1, 2, 3]}]}"#, 4),
            Some(("periods".into(), 5))
        );
        // not an object, not JSON, no rows: left to the API
        assert_eq!(over_limit("[1, 2, 3]", 0), None);
        assert_eq!(over_limit("{", 0), None);
        assert_eq!(over_limit(r#"{"records": "x"}"#, 0), None);
    }
}
