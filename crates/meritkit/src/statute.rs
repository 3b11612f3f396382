//! Age through numbers: the statutory bounds of the age and retirement
//! settings, and the citation they need.
//!
//! Age (`umur`) is a protected ground (UU 5/2014 Ps. 1; UU 20/2023 penjelasan
//! Ps. 28(2) huruf d). It may steer a decision only where a statute sets the
//! number, so every setting that filters by age or by the time left to the
//! retirement age (BUP) is bounded by the statutory values and, where it goes
//! beyond the preset, needs a **citation of a national instrument**
//! ([`recognised`]):
//!
//! | Setting | Allowed | Statute |
//! |---|---|---|
//! | rule `age_at_most.years` | [`AGE_AT_MOST`] 35-65 | CPNS applicants at most 35 (PP 11/2017 Ps. 23); JPT 56/58 (PP 11/2017 Ps. 107 jo PP 17/2020); BUP 58/60/65 (PP 11/2017 Ps. 239; UU 20/2023 Ps. 55) |
//! | rule `age_at_least.years` | [`AGE_AT_LEAST`] 18-20 | CPNS at least 18 (PP 11/2017 Ps. 23); PPPK at least 20 (PP 49/2018 Ps. 16) |
//! | rule `appointment_age_at_least.years` | at most [`APPOINTMENT_AGE_MAX`] 20 | the same minima, read at TMT CPNS |
//! | rule `years_to_retirement_at_least` | at most [`HORIZON_MAX_YEARS`] 4 years | JPT Pratama at most 56 with BUP 60 (PP 11/2017 Ps. 107, 239) |
//! | succession `retirement_horizon_years`, `readiness.not_ready_within_bup_years` | 0-[`HORIZON_MAX_YEARS`]; above the preset [`HORIZON_PRESET_YEARS`] (1 year, local practice) only with a citation | as above |
//!
//! A value outside its range is refused with `protected_attribute` (it would
//! select on age beyond any statute); a missing or unrecognisable citation
//! with `basis_required`. The ranges are the statutes' and cannot be raised by
//! an option: a new statute means a new release (change the constants here).

use crate::error::{Code, Problem};

/// `age_at_most.years`: from the lowest statutory cap (CPNS applicants, 35) to the highest BUP (65).
pub const AGE_AT_MOST: (u16, u16) = (35, 65);
/// `age_at_least.years`: the statutory minima (CPNS 18, PPPK 20).
pub const AGE_AT_LEAST: (u16, u16) = (18, 20);
/// `appointment_age_at_least.years`: at most the highest statutory minimum (PPPK, 20).
pub const APPOINTMENT_AGE_MAX: u8 = 20;
/// The longest statutory distance from an age cap to the BUP (JPT Pratama: 56 vs 60), in years.
pub const HORIZON_MAX_YEARS: f64 = 4.0;
/// The preset horizon before the BUP (local practice), accepted without a citation.
pub const HORIZON_PRESET_YEARS: f64 = 1.0;

const LAWS: &str = "UU 5/2014 Ps. 1 and UU 20/2023 penjelasan Ps. 28(2) huruf d";

/// Single-word national instrument types (lower case, also as a prefix for `permen…` / `kepmen…`).
const ONE_WORD: &[&str] = &["uu", "perppu", "pp", "perpres", "keppres", "inpres", "perban", "perbkn", "perka", "se"];
/// Prefixes of one-word ministerial instruments (`permenpanrb`, `permendagri`, `kepmenpan`).
const PREFIXES: &[&str] = &["permen", "kepmen"];
/// Two-word instrument types (`Undang-Undang`, `Peraturan Pemerintah`, `Surat Edaran`, ...).
const TWO_WORDS: &[(&str, &str)] = &[
    ("undang", "undang"),
    ("peraturan", "pemerintah"),
    ("peraturan", "presiden"),
    ("peraturan", "menteri"),
    ("peraturan", "bkn"),
    ("peraturan", "badan"),
    ("peraturan", "kepala"),
    ("keputusan", "presiden"),
    ("keputusan", "menteri"),
    ("surat", "edaran"),
];

/// Whether `citation` names a national instrument with its number and year:
/// a type (UU / Undang-Undang, Perppu, PP / Peraturan Pemerintah, Perpres,
/// Keppres, Permen… / PermenPANRB / Peraturan Menteri, Kepmen…, Peraturan
/// BKN / Perka BKN / Perban, SE / Surat Edaran) followed within eight words
/// by `N/YYYY` or `Nomor N Tahun YYYY` (year 1945-2100). Regional
/// instruments (Perda, Pergub, Perbup) do not set age limits and are not
/// recognised here.
///
/// ```
/// use meritkit::statute::recognised;
/// assert!(recognised("PP 11/2017 Pasal 239"));
/// assert!(recognised("UU 20/2023 Pasal 55"));
/// assert!(recognised("PermenPANRB 15/2019"));
/// assert!(recognised("Peraturan Pemerintah Nomor 11 Tahun 2017 Pasal 107"));
/// assert!(recognised("Perka BKN 22/2007"));
/// assert!(!recognised("."));
/// assert!(!recognised("\u{200B}"));
/// assert!(!recognised("PP"));
/// assert!(!recognised("Perbup 1/2026 Ps. 3"));
/// assert!(!recognised("kebijakan pimpinan 2024"));
/// ```
pub fn recognised(citation: &str) -> bool {
    // (the instrument words are ASCII: ASCII folding is enough)
    let lower = citation.to_ascii_lowercase();
    let t: Vec<&str> = lower.split(|c: char| !(c.is_alphanumeric() || c == '/')).filter(|w| !w.is_empty()).collect();
    (0..t.len()).any(|i| {
        let w = t[i];
        let kind = if ONE_WORD.contains(&w) || PREFIXES.iter().any(|p| w.starts_with(p) && w.len() > p.len()) {
            Some(i + 1)
        } else {
            t.get(i + 1).and_then(|n| TWO_WORDS.contains(&(w, *n)).then_some(i + 2))
        };
        kind.is_some_and(|from| numbered(t.get(from..(from + 8).min(t.len())).unwrap_or(&[])))
    })
}

/// `N/YYYY` or `nomor|no N tahun YYYY` among the words.
fn numbered(w: &[&str]) -> bool {
    let number = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    let year = |s: &str| s.len() == 4 && s.parse::<u16>().is_ok_and(|y| (1945..=2100).contains(&y));
    w.iter().any(|x| x.split_once('/').is_some_and(|(n, y)| number(n) && year(y)))
        || w.windows(4).any(|x| matches!(x[0], "nomor" | "no") && number(x[1]) && x[2] == "tahun" && year(x[3]))
}

/// `basis_required` at `path` unless `citation` is [`recognised`]; `what` names the setting.
pub fn require_citation(citation: &str, path: impl Into<String>, what: &str) -> Option<Problem> {
    (!recognised(citation)).then(|| {
        Problem::new(
            Code::BasisRequired,
            path,
            format!(
                "{what} filters by age (`umur`, {LAWS}): cite the statute that sets it, as instrument, number and year (`PP 11/2017 Ps. 239`, `UU 20/2023 Ps. 55`, `PermenPANRB 15/2019`)"
            ),
            format!(
                "{what} menyaring menurut umur (`umur`, {LAWS}): sebutkan peraturan yang menetapkannya, berupa jenis, nomor dan tahun (`PP 11/2017 Ps. 239`, `UU 20/2023 Ps. 55`, `PermenPANRB 15/2019`)"
            ),
        )
    })
}

/// `protected_attribute` at `path`: `what` lies outside the statutory range `lo`-`hi` years
/// (`before_bup`: years before the BUP), `law` the instruments that set it.
pub fn out_of_bound(path: impl Into<String>, what: &str, lo: f64, hi: f64, before_bup: bool, law: &str) -> Problem {
    let (en, id) = if before_bup { (" before the BUP", " sebelum BUP") } else { ("", "") };
    Problem::new(
        Code::ProtectedAttribute,
        path,
        format!(
            "{what} must lie within the statutory {lo}-{hi} years{en} ({law}): beyond it, it selects on age (`umur`, {LAWS})"
        ),
        format!(
            "{what} harus berada dalam batas menurut peraturan {lo}-{hi} tahun{id} ({law}): di luar itu, ia memilih berdasarkan umur (`umur`, {LAWS})"
        ),
    )
}

/// The checks of a horizon before the BUP in a succession policy: finite and
/// not negative (`invalid_value`), at most [`HORIZON_MAX_YEARS`]
/// (`protected_attribute`), and above [`HORIZON_PRESET_YEARS`] only with a
/// recognised `citation` (`basis_required` at `citation_path`).
pub fn horizon(years: f64, path: &str, citation: &str, citation_path: &str) -> Vec<Problem> {
    let mut ps = Vec::new();
    if !(years.is_finite() && years >= 0.0) {
        ps.push(Problem::new(
            Code::InvalidValue,
            path,
            format!("{path} must be a finite number of years, 0 or more"),
            format!("{path} harus bilangan tahun yang terhingga, 0 atau lebih"),
        ));
    } else if years > HORIZON_MAX_YEARS {
        ps.push(out_of_bound(path, path, 0.0, HORIZON_MAX_YEARS, true, "PP 11/2017 Ps. 107, 239"));
    } else if years > HORIZON_PRESET_YEARS {
        ps.extend(require_citation(citation, citation_path, path));
    }
    ps
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn citations_name_a_national_instrument_with_number_and_year() {
        for ok in [
            "PP 11/2017 Pasal 239",
            "UU 20/2023 Pasal 55",
            "UU 5/2014",
            "Undang-Undang Nomor 20 Tahun 2023",
            "PP 11/2017 Ps. 107 jo PP 17/2020",
            "Perpres 116/2022",
            "PermenPANRB 15/2019",
            "Permendagri 19/2019",
            "Peraturan Menteri PANRB Nomor 15 Tahun 2019",
            "Peraturan BKN 1/2023",
            "Perka BKN 22/2007",
            "Peraturan Kepala BKN No 22 Tahun 2007",
            "SE MenPANRB 3/2023",
            "Surat Edaran Menteri PANRB No. 3 Tahun 2023",
            "pp 49/2018 ps. 16",
        ] {
            assert!(recognised(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "\u{200B}",
            "-",
            "PP",
            "UU 20",
            "PP 11/17",
            "PP 11/1800",
            "2017",
            "11/2017",
            "statute",
            "Perbup 1/2026 Ps. 3",
            "Peraturan Bupati Nomor 1 Tahun 2026",
            "Pergub 5/2020",
            "local practice",
            "kebijakan pimpinan 2024",
            "PP abc/2017",
        ] {
            assert!(!recognised(bad), "{bad:?}");
        }
    }

    #[test]
    fn horizons_are_bounded_and_above_the_preset_cited() {
        let codes =
            |y: f64, c: &str| horizon(y, "h", c, "hc").iter().map(|p| (p.code, p.path.clone())).collect::<Vec<_>>();
        assert!(codes(0.0, "").is_empty());
        assert!(codes(1.0, "").is_empty(), "the preset needs no citation");
        assert_eq!(codes(2.0, ""), [(Code::BasisRequired, "hc".to_string())]);
        assert_eq!(codes(2.0, "."), [(Code::BasisRequired, "hc".to_string())]);
        assert!(codes(4.0, "PP 11/2017 Ps. 107").is_empty());
        assert_eq!(codes(4.5, "PP 11/2017 Ps. 107"), [(Code::ProtectedAttribute, "h".to_string())]);
        assert_eq!(codes(25.0, ""), [(Code::ProtectedAttribute, "h".to_string())]);
        for y in [-1.0, -0.5, f64::NAN, f64::INFINITY, -1e308, 1e308] {
            assert!(!codes(y, "PP 11/2017").is_empty(), "{y}");
        }
        let p = &horizon(25.0, "h", "", "hc")[0];
        assert!(p.message.en.contains("0-4 years"), "{}", p.message.en);
    }
}
