//! Calendar dates on the wire: strict `YYYY-MM-DD` (ISO 8601 calendar date),
//! read without jiff's full Temporal/RFC 9557 parser (which, with its time-zone
//! annotation grammar and messages, is most of jiff's share of the WebAssembly
//! module). Dates are still [`jiff::civil::Date`] values; they are written by
//! [`ymd`] (the same text as jiff's display) and counted by day numbers
//! ([`add_days`], [`days_between`]), so that jiff's printer, span arithmetic and
//! their error messages stay out of the WebAssembly module (issue #6).
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

/// `YYYY-MM-DD`, as jiff displays a date (negative years as `-YYYYYY`).
pub fn ymd(d: Date) -> String {
    let (y, m, day) = (i32::from(d.year()), d.month(), d.day());
    if y < 0 {
        format!("-{:06}-{m:02}-{day:02}", -y)
    } else {
        format!("{y:04}-{m:02}-{day:02}")
    }
}

/// `serialize_with` for a `Date` field: [`ymd`].
pub fn ser<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ymd(*d))
}

/// `serialize_with` for an optional `Date` field.
pub fn ser_opt<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&ymd(*d)),
        None => s.serialize_none(),
    }
}

/// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
pub fn day_number(d: Date) -> i64 {
    let (y, m, day) = (i64::from(d.year()), i64::from(d.month()), i64::from(d.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`day_number`]); `None` outside jiff's range.
pub fn from_day_number(n: i64) -> Option<Date> {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// `d` plus `days` (may be negative); `None` outside jiff's range.
pub fn add_days(d: Date, days: i64) -> Option<Date> {
    from_day_number(day_number(d).checked_add(days)?)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    day_number(to) - day_number(from)
}

/// An RFC 3339 time (`2026-03-02T09:30:00Z`, `2026-03-02T17:30:00.250+08:00`) as
/// milliseconds since 1970-01-01T00:00:00Z; `None` for anything else. The
/// calibration log's times (jiff's parser was left out of the WebAssembly
/// package for its size).
///
/// ```
/// use meritkit::date::rfc3339_millis;
/// assert_eq!(rfc3339_millis("1970-01-01T00:00:01Z"), Some(1000));
/// assert_eq!(rfc3339_millis("2026-03-02T17:30:00+08:00"), rfc3339_millis("2026-03-02T09:30:00Z"));
/// assert_eq!(rfc3339_millis("2026-02-30T09:30:00Z"), None);
/// ```
pub fn rfc3339_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let d = b.get(r)?;
        (!d.is_empty() && d.iter().all(u8::is_ascii_digit))
            .then(|| d.iter().fold(0i64, |a, x| a * 10 + i64::from(x - b'0')))
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't')) {
        return None;
    }
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let date = parse_ymd(s.get(..10)?)?;
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let end = (start..b.len()).find(|&k| !b[k].is_ascii_digit()).unwrap_or(b.len());
        if end == start || end - start > 9 {
            return None;
        }
        let frac = num(start..end)?;
        millis = frac * 1000 / 10i64.pow((end - start) as u32);
        i = end;
    }
    let offset = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == i + 6 && b.get(i + 3) == Some(&b':') => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let m = oh * 60 + om;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    Some(((day_number(date) * 86_400 + h * 3600 + mi * 60 + sec) - offset * 60) * 1000 + millis)
}

/// `d` plus `months` calendar months, the day clamped to the last day of the month reached (31 August + 6
/// months = 28 February, or 29 in a leap year). `None` past the calendar's end.
pub fn add_months(d: Date, months: u32) -> Option<Date> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month() - 1) + i64::from(months);
    let year = i16::try_from(total.div_euclid(12)).ok()?;
    let month = i8::try_from(total.rem_euclid(12) + 1).ok()?;
    let first = Date::new(year, month, 1).ok()?;
    Date::new(year, month, d.day().min(first.days_in_month())).ok()
}

/// `d` plus whole years (29 February → 28 February in a common year).
///
/// ```
/// use meritkit::date::add_years;
/// use jiff::civil::Date;
/// assert_eq!(add_years(Date::constant(1966, 5, 17), 58), Some(Date::constant(2024, 5, 17)));
/// assert_eq!(add_years(Date::constant(1964, 2, 29), 58), Some(Date::constant(2022, 2, 28)));
/// ```
pub fn add_years(d: Date, years: u8) -> Option<Date> {
    let y = d.year().checked_add(i16::from(years))?;
    Date::new(y, d.month(), d.day()).or_else(|_| Date::new(y, d.month(), 28)).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_and_text_agree_with_jiff() {
        assert_eq!(day_number(Date::constant(1970, 1, 1)), 0);
        assert_eq!(day_number(Date::constant(2000, 3, 1)), 11_017);
        let mut d = Date::constant(-9999, 1, 1);
        let mut n = day_number(d);
        // every day of jiff's range, and a few steps of many days
        while let Ok(next) = d.tomorrow() {
            n += 1;
            assert_eq!(day_number(next), n, "{next}");
            assert_eq!(from_day_number(n), Some(next));
            d = next;
        }
        assert_eq!(from_day_number(n + 1), None);
        for (a, b) in [((1990, 2, 28), (2026, 1, 2)), ((2024, 2, 29), (2082, 2, 28)), ((-5, 6, 7), (9999, 12, 31))] {
            let (a, b) = (Date::constant(a.0, a.1, a.2), Date::constant(b.0, b.1, b.2));
            assert_eq!(days_between(a, b), i64::from(a.until((jiff::Unit::Day, b)).unwrap().get_days()));
            assert_eq!(add_days(a, days_between(a, b)), Some(b));
            assert_eq!(add_days(a, 9131), a.checked_add(jiff::Span::new().days(9131)).ok());
        }
        for d in [
            Date::constant(2026, 1, 2),
            Date::constant(5, 12, 31),
            Date::constant(-1, 1, 1),
            Date::constant(-9999, 1, 1),
            Date::constant(9999, 12, 31),
        ] {
            assert_eq!(ymd(d), d.to_string());
        }
    }

    #[test]
    fn strict_calendar_dates_only() {
        assert_eq!(parse_ymd("1990-12-31"), Some(Date::constant(1990, 12, 31)));
        assert_eq!(parse_ymd("2000-02-29"), Some(Date::constant(2000, 2, 29))); // leap (divisible by 400)
        for bad in [
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-01-01T00:00",
            " 2024-01-01",
            "+02024-01-01",
            "2024/01/01",
            "20240101",
            "",
            "2024-1-01",
        ] {
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
