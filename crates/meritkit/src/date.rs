//! Calendar dates on the wire: strict `YYYY-MM-DD` (ISO 8601 calendar date),
//! read without jiff's full Temporal/RFC 9557 parser (which, with its time-zone
//! annotation grammar and messages, is most of jiff's share of the WebAssembly
//! module). Dates are still [`jiff::civil::Date`] values; writing them uses
//! jiff's `YYYY-MM-DD` display.
//!
//! ```
//! use meritkit::date::parse_ymd;
//! assert_eq!(parse_ymd("2024-02-29"), Some(jiff::civil::Date::constant(2024, 2, 29)));
//! assert_eq!(parse_ymd("2023-02-29"), None); // not a calendar date
//! assert_eq!(parse_ymd("2024-2-29"), None); // two-digit month and day
//! ```

use jiff::civil::Date;
use serde::Deserialize;

/// Message (English) for a field that is not a `YYYY-MM-DD` calendar date.
pub const INVALID_EN: &str = "invalid date: expected a calendar date as YYYY-MM-DD";

/// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day) into
/// a real calendar date; anything else is `None`.
pub fn parse_ymd(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: &[u8]| r.iter().try_fold(0i16, |a, &c| c.is_ascii_digit().then(|| a * 10 + i16::from(c - b'0')));
    let (y, m, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// `deserialize_with` for a `Date` field.
pub fn de<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    parse_ymd(&s).ok_or_else(|| serde::de::Error::custom(INVALID_EN))
}

/// `deserialize_with` for an optional `Date` field (`null` is absent).
pub fn de_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_ymd(&s).map(Some).ok_or_else(|| serde::de::Error::custom(INVALID_EN)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn strict_calendar_dates_only() {
        assert_eq!(parse_ymd("1990-12-31"), Some(Date::constant(1990, 12, 31)));
        assert_eq!(parse_ymd("2000-02-29"), Some(Date::constant(2000, 2, 29))); // leap (divisible by 400)
        for bad in ["1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-01T00:00", " 2024-01-01", "+02024-01-01", "2024/01/01", "20240101", "", "2024-1-01"] {
            assert_eq!(parse_ymd(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_bad_record_date_is_a_located_invalid_value() {
        let v = serde_json::json!({"nip": "199001012015031001", "unit": "X", "position": {"kind": "pelaksana"}, "birth_date": "1990-02-30"});
        let p = crate::api::parse_record(&v).unwrap_err();
        assert_eq!(p.code, crate::Code::InvalidValue);
        assert_eq!(p.path, "birth_date");
        assert_eq!(p.message.en, INVALID_EN);
        let v = serde_json::json!({"nip": "199001012015031001", "unit": "X", "position": {"kind": "pelaksana", "since": "2020-01-01"}, "birth_date": null});
        let e = crate::api::parse_record(&v).unwrap();
        assert_eq!(e.birth_date, None);
        assert_eq!(e.position.since, Some(Date::constant(2020, 1, 1)));
    }
}
