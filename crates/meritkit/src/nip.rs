//! NIP (Nomor Induk Pegawai) of PNS and NI PPPK: 18 digits, no check digit.
//!
//! PNS layout (Perka BKN 22/2007): `YYYYMMDD` birth date, `YYYYMM` TMT CPNS,
//! sex digit (1 = male, 2 = female), 3-digit serial. Example
//! `196502222007011005`: born 1965-02-22, CPNS 2007-01, male, serial 005.
//! The NIK "day + 40 for women" rule does **not** apply to NIP.
//!
//! NI PPPK (medium confidence): `YYYYMMDD` birth date, `YYYY` TMT year, `2`
//! (PPPK code), one batch digit, sex digit, 3-digit serial; e.g.
//! `200012312024211001`. Digit 13 = `2` tells it apart (a PNS TMT month never
//! starts with 2).
//!
//! ```
//! use meritkit::nip::{Nip, NipKind, Sex};
//! let n = Nip::parse("196502222007011005", None).unwrap();
//! assert_eq!(n.kind(), NipKind::Pns);
//! assert_eq!(n.birth_date().to_string(), "1965-02-22");
//! assert_eq!(n.appointment_year(), 2007);
//! assert_eq!(n.appointment_month(), Some(1));
//! assert_eq!(n.sex(), Sex::Male);
//! assert_eq!(n.serial(), 5);
//! ```

use crate::error::{Code, Problem};
use jiff::civil::Date;

/// PNS or PPPK number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NipKind {
    /// NIP PNS.
    Pns,
    /// NI PPPK.
    Pppk,
}

/// Sex as encoded in digit 15 (1 = male, 2 = female). A protected attribute:
/// never used for selection, readable for fairness analysis only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Digit 1.
    Male,
    /// Digit 2.
    Female,
}

/// A parsed, validated NIP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nip {
    /// The 18 ASCII digits (no allocation per parsed NIP).
    digits: [u8; 18],
    kind: NipKind,
    birth: Date,
    tmt_year: i16,
    tmt_month: Option<i8>,
    sex: Sex,
    serial: u16,
    batch: Option<u8>,
}

fn num(d: &[u8]) -> i32 {
    d.iter().fold(0i32, |a, &c| a * 10 + i32::from(c - b'0'))
}

impl Nip {
    /// Parses and validates. `today`, when given, rejects birth dates and
    /// appointment dates after it.
    pub fn parse(s: &str, today: Option<Date>) -> Result<Nip, Problem> {
        let t = crate::text::trim(s);
        let b = t.as_bytes();
        if b.len() != 18 || !b.iter().all(u8::is_ascii_digit) {
            return Err(Problem::new(
                Code::NipFormat,
                "nip",
                format!("NIP must be exactly 18 digits (got {} characters)", t.chars().count()),
                format!("NIP harus tepat 18 digit (ada {} karakter)", t.chars().count()),
            ));
        }
        let (y, m, d) = (num(&b[0..4]), num(&b[4..6]), num(&b[6..8]));
        let birth =
            i16::try_from(y).ok().and_then(|y| Date::new(y, m as i8, d as i8).ok()).filter(|_| y >= 1900).ok_or_else(
                || {
                    Problem::new(
                        Code::NipBirthDate,
                        "nip",
                        "NIP digits 1-8 are not a real birth date (YYYYMMDD)",
                        "digit 1-8 NIP bukan tanggal lahir yang valid (YYYYMMDD)",
                    )
                },
            )?;
        if let Some(td) = today {
            if birth > td {
                return Err(Problem::new(
                    Code::NipBirthDate,
                    "nip",
                    "NIP birth date (digits 1-8) is in the future",
                    "tanggal lahir pada NIP (digit 1-8) berada di masa depan",
                ));
            }
        }
        let is_pppk = b[12] == b'2';
        let tmt_year = num(&b[8..12]) as i16;
        let (kind, tmt_month, batch) = if is_pppk {
            let batch = b[13] - b'0';
            if batch == 0 {
                return Err(Problem::new(
                    Code::NipAppointment,
                    "nip",
                    "NI PPPK batch digit (14) must be 1-9",
                    "digit angkatan NI PPPK (digit 14) harus 1-9",
                ));
            }
            (NipKind::Pppk, None, Some(batch))
        } else {
            let mm = num(&b[12..14]);
            if !(1..=12).contains(&mm) {
                return Err(Problem::new(
                    Code::NipAppointment,
                    "nip",
                    "NIP digits 9-14 are not a valid TMT CPNS year-month (YYYYMM)",
                    "digit 9-14 NIP bukan TMT CPNS yang valid (YYYYMM)",
                ));
            }
            (NipKind::Pns, Some(mm as i8), None)
        };
        // Appointment must come after birth (month precision for PNS, year for PPPK).
        let after_birth = match tmt_month {
            Some(mm) => (tmt_year, mm) > (birth.year(), birth.month()),
            None => tmt_year > birth.year(),
        };
        if !after_birth {
            return Err(Problem::new(
                Code::NipAppointmentBeforeBirth,
                "nip",
                "NIP appointment date (TMT) is not after the birth date",
                "TMT pada NIP tidak setelah tanggal lahir",
            ));
        }
        if let Some(td) = today {
            let (ty, tm) = (td.year(), td.month());
            let future = match tmt_month {
                Some(mm) => (tmt_year, mm) > (ty, tm),
                None => tmt_year > ty,
            };
            if future {
                return Err(Problem::new(
                    Code::NipAppointment,
                    "nip",
                    "NIP appointment date (TMT) is in the future",
                    "TMT pada NIP berada di masa depan",
                ));
            }
        }
        let sex = match b[14] {
            b'1' => Sex::Male,
            b'2' => Sex::Female,
            _ => {
                return Err(Problem::new(
                    Code::NipSexDigit,
                    "nip",
                    "NIP digit 15 (sex) must be 1 or 2",
                    "digit 15 NIP (jenis kelamin) harus 1 atau 2",
                ))
            }
        };
        let serial = num(&b[15..18]) as u16;
        if serial == 0 {
            return Err(Problem::new(
                Code::NipSerial,
                "nip",
                "NIP serial (digits 16-18) must be 001-999",
                "nomor urut NIP (digit 16-18) harus 001-999",
            ));
        }
        let mut digits = [0u8; 18];
        digits.copy_from_slice(b);
        Ok(Nip { digits, kind, birth, tmt_year, tmt_month, sex, serial, batch })
    }

    /// The 18 digits.
    pub fn as_str(&self) -> &str {
        // ASCII digits (checked by `parse`), so always valid UTF-8
        std::str::from_utf8(&self.digits).unwrap_or_default()
    }
    /// PNS or PPPK.
    pub fn kind(&self) -> NipKind {
        self.kind
    }
    /// Birth date (digits 1-8).
    pub fn birth_date(&self) -> Date {
        self.birth
    }
    /// TMT year (digits 9-12).
    pub fn appointment_year(&self) -> i16 {
        self.tmt_year
    }
    /// TMT month (digits 13-14) for PNS; `None` for PPPK.
    pub fn appointment_month(&self) -> Option<i8> {
        self.tmt_month
    }
    /// PPPK batch digit (14), meaning unverified.
    pub fn pppk_batch(&self) -> Option<u8> {
        self.batch
    }
    /// Sex digit (15).
    pub fn sex(&self) -> Sex {
        self.sex
    }
    /// Serial (16-18).
    pub fn serial(&self) -> u16 {
        self.serial
    }
    /// Age in whole years at the first day of the appointment month (or year, PPPK).
    pub fn age_at_appointment(&self) -> i16 {
        let m = self.tmt_month.unwrap_or(1);
        let mut age = self.tmt_year - self.birth.year();
        if (m, 1) < (self.birth.month(), self.birth.day()) {
            age -= 1;
        }
        age
    }
}

/// Whole years between `from` and `to` (age on `to` of someone born on `from`).
pub fn whole_years(from: Date, to: Date) -> i32 {
    let mut y = i32::from(to.year()) - i32::from(from.year());
    if (to.month(), to.day()) < (from.month(), from.day()) {
        y -= 1;
    }
    y
}
