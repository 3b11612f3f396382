//! Adverse-impact analysis (UGESP, 29 CFR 1607.4(D)): selection rates per group, the
//! impact ratio against the highest-rate group with the four-fifths flag
//! (29 CFR § 1607.4(D), an analytic convention, not Indonesian law), the
//! pooled two-proportion Z test, the Morris & Lobsenz (2000) Z_IR test, and
//! Fisher's exact test (two-sided: sum of the tables no more probable than the
//! observed one, relative tolerance 1e-7 as in SciPy).
//!
//! Protected attributes may be *read* here; selection never uses them.
//!
//! ```
//! use meritkit::fairness::{adverse_impact, GroupCount, Options};
//! // UGESP Questions & Answers no. 12: 60 of 100 white and 15 of 50 black applicants hired.
//! let r = adverse_impact(&[
//!     GroupCount { group: "white".into(), considered: 100, selected: 60 },
//!     GroupCount { group: "black".into(), considered: 50, selected: 15 },
//! ], &Options::default());
//! assert_eq!(r.reference_group.as_deref(), Some("white"));
//! let black = &r.groups[0]; // groups are sorted by name
//! assert!((black.impact_ratio.unwrap() - 0.5).abs() < 1e-12);
//! assert_eq!(black.four_fifths_flag, Some(true));
//! ```

use crate::error::Message;
use serde::{Deserialize, Serialize};

/// The age bands of an adverse-impact report when none are given: lower
/// bounds 30, 40, 50 (`<30`, `30-39`, `40-49`, `50+`; a meritkit default).
pub const DEFAULT_AGE_BANDS: [u8; 3] = [30, 40, 50];

/// The group of an employee for an adverse-impact column: `sex` (NIP digit
/// 15), `age_band` (from the NIP birth date on `today`, bands as in
/// [`age_band`]), `unit`, else `attributes[column]`; `unknown` when it cannot
/// be read. The one grouping of every report (the API's, succession's stages).
pub fn group_of(
    e: &crate::model::Employee,
    nip: Option<&crate::nip::Nip>,
    column: &str,
    today: jiff::civil::Date,
    bands: &[u8],
) -> String {
    match column {
        "sex" => match nip.map(crate::nip::Nip::sex) {
            Some(crate::nip::Sex::Male) => "male".into(),
            Some(crate::nip::Sex::Female) => "female".into(),
            None => "unknown".into(),
        },
        "age_band" => match nip {
            Some(n) => age_band(crate::nip::whole_years(n.birth_date(), today), bands),
            None => "unknown".into(),
        },
        "unit" => e.unit.clone(),
        other => e.attributes.get(other).cloned().unwrap_or_else(|| "unknown".into()),
    }
}

/// The band label of an age given ascending lower bounds, e.g. [30, 40, 50] → `<30`, `30-39`, `40-49`, `50+`.
pub fn age_band(age: i32, bounds: &[u8]) -> String {
    let mut b: Vec<i32> = bounds.iter().map(|&x| i32::from(x)).collect();
    crate::sort::stable(&mut b);
    b.dedup();
    match b.iter().position(|&x| age < x) {
        Some(0) => format!("<{}", b[0]),
        Some(i) => format!("{}-{}", b[i - 1], b[i] - 1),
        None => b.last().map_or_else(|| "all".into(), |l| format!("{l}+")),
    }
}

/// Counts of one group at one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct GroupCount {
    /// Group value.
    pub group: String,
    /// Considered at the stage.
    pub considered: u64,
    /// Selected (passed) at the stage.
    pub selected: u64,
}

/// Options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// Impact-ratio threshold (0.8 = four-fifths).
    pub threshold: f64,
    /// Groups considered smaller than this get a small-sample warning.
    pub min_group_size: u64,
    /// |Z| above this is significant (1.96 ≈ α = 0.05 two-sided).
    pub z_critical: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options { threshold: 0.8, min_group_size: 30, z_critical: 1.96 }
    }
}

/// One group's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct GroupResult {
    /// Group value.
    pub group: String,
    /// Considered.
    pub considered: u64,
    /// Selected.
    pub selected: u64,
    /// `selected / considered`; null when nobody was considered.
    pub selection_rate: Option<f64>,
    /// This is the reference (highest-rate) group.
    pub reference: bool,
    /// `SR_g / SR_ref`; null when undefined (`SR_ref = 0` or no rate).
    pub impact_ratio: Option<f64>,
    /// `impact_ratio < threshold`; null when the ratio is undefined.
    pub four_fifths_flag: Option<bool>,
    /// Pooled two-proportion Z of this group against the reference group.
    pub z_d: Option<f64>,
    /// Morris & Lobsenz Z_IR (undefined when a rate is 0 or 1 overall).
    pub z_ir: Option<f64>,
    /// `|z_d| > z_critical`.
    pub significant: Option<bool>,
    /// Fisher exact two-sided p-value of the 2×2 table against the reference group; null for the
    /// reference itself, a group nobody was considered in, or two groups of more than
    /// [`FISHER_MAX_N`] people together (with a warning).
    pub fisher_p: Option<f64>,
    /// Fewer than `min_group_size` considered.
    pub small_sample: bool,
}

/// One adverse-impact table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
pub struct ImpactReport {
    /// Funnel stage (`pool`, `eligible`, `shortlisted`), when part of a pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Group column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Highest-rate group (ties: first by name); null when every rate is 0 or undefined.
    pub reference_group: Option<String>,
    /// Groups sorted by name.
    pub groups: Vec<GroupResult>,
    /// Warnings (undefined ratios, small samples).
    pub warnings: Vec<Message>,
    /// Options used.
    pub options: Options,
    /// Rule text.
    pub rule: String,
}

const RULE: &str = "29 CFR 1607.4(D) four-fifths rule (analytic convention); Z_D pooled two-proportion test; Z_IR Morris & Lobsenz (2000); Fisher exact two-sided";

fn ln_choose(n: u64, k: u64) -> f64 {
    libm::lgamma(n as f64 + 1.0) - libm::lgamma(k as f64 + 1.0) - libm::lgamma((n - k) as f64 + 1.0)
}

/// The largest table (both groups' `considered` together) whose Fisher exact test
/// [`adverse_impact`] computes: its cost grows with the counts (up to one term per possible
/// table), and at this size the Z tests' normal approximation is close. Our default.
pub const FISHER_MAX_N: u64 = 1_000_000;

/// Fisher's exact test, two-sided, on `[[a, b], [c, d]]`: the sum of the
/// hypergeometric probabilities of all tables with the same margins that are
/// no more probable than the observed one (× (1 + 1e-7), as SciPy does).
/// The tables no more probable than the observed one form a tail on each side
/// of the most probable table: each tail's first table is found by bisection,
/// and the tail is summed outwards until a table is e⁻⁸⁰ times less probable
/// than the observed one (the rest, smaller still, cannot change the sum's
/// leading 15 digits), so the cost grows with the spread of the distribution,
/// not with the counts; the margins are added up
/// without overflow for any `u64` counts. Each probability is the exponential
/// of a difference of ln-factorials: for a table of a million people they are
/// ~2.7e7, and f64 rounding leaves about 1e-8 of relative precision; NaN when
/// the table counts more than 2⁵³ people (no longer held exactly in an f64).
///
/// ```
/// // SciPy: fisher_exact([[8, 2], [1, 5]]).pvalue = 0.03496503496503495
/// let p = meritkit::fairness::fisher_exact(8, 2, 1, 5);
/// assert!((p - 0.03496503496503495).abs() < 1e-12);
/// ```
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let mut unbounded = u64::MAX;
    fisher_exact_within(a, b, c, d, &mut unbounded).unwrap_or(f64::NAN)
}

/// The most table probabilities one [`adverse_impact`] report evaluates for Fisher's exact
/// tests, all its groups together: 10,000,000 (about a second; a pair of groups of 1,000,000
/// people takes at most ~6,000, a pair with a group of 50 at most 51). Past it the remaining
/// groups' `fisher_p` is null with one warning (Z_D and Z_IR stand), so that a request of
/// tens of thousands of large groups cannot hold a worker for minutes. Our default.
pub const FISHER_BUDGET: u64 = 10_000_000;

/// [`fisher_exact`], evaluating at most `budget` table probabilities (taken from it): None
/// when it runs out first.
fn fisher_exact_within(a: u64, b: u64, c: u64, d: u64, budget: &mut u64) -> Option<f64> {
    // (counts an f64 no longer holds exactly, or past u64: no meaningful probability)
    let Some(n) = a.checked_add(b).and_then(|ab| ab.checked_add(c)?.checked_add(d)).filter(|&n| n <= 1 << 53) else {
        return Some(f64::NAN);
    };
    let (r1, c1) = (a + b, a + c);
    if n == 0 {
        return Some(1.0);
    }
    let lo = c1.saturating_sub(n - r1);
    let hi = r1.min(c1);
    let ln_total = ln_choose(n, c1);
    let left = std::cell::Cell::new(*budget);
    let lp = |x: u64| {
        left.set(left.get().saturating_sub(1));
        ln_choose(r1, x) + ln_choose(n - r1, c1 - x) - ln_total
    };
    let obs = lp(a);
    let counted = obs + 1e-7f64.ln_1p();
    let negligible = obs - 80.0;
    // The hypergeometric mode, floor((r1 + 1)(c1 + 1) / (n + 2)) (in f64: moved to its neighbour when that
    // is more probable); the probabilities fall monotonically away from it on both sides.
    let mut mode = ((((r1 + 1) as f64) * ((c1 + 1) as f64) / ((n + 2) as f64)).floor() as u64).clamp(lo, hi);
    while mode < hi && lp(mode + 1) > lp(mode) {
        mode += 1;
    }
    while mode > lo && lp(mode - 1) > lp(mode) {
        mode -= 1;
    }
    // On each side, the tables counted are a tail: its first table is found by bisection (the tables
    // more probable than the observed one are never visited one by one), then the tail is summed
    // outwards until its tables are e^-80 times less probable than the observed one.
    // `end` (lo or hi) is counted; `inner` lies on the mode's side of the tail, not in it; the tail's
    // tables are added to `sum` (one running sum, in the order of the tables visited).
    let tail = |mut sum: f64, end: u64, inner: u64| {
        let (mut good, mut bad) = (end, inner);
        while good.abs_diff(bad) > 1 {
            let mid = good.min(bad) + good.abs_diff(bad) / 2;
            if lp(mid) <= counted {
                good = mid;
            } else {
                bad = mid;
            }
        }
        let mut x = good;
        loop {
            if left.get() == 0 {
                break None;
            }
            let l = lp(x);
            sum += libm::exp(l);
            if l < negligible || x == end {
                break Some(sum);
            }
            x = if end < x { x - 1 } else { x + 1 };
        }
    };
    let mut p = Some(0.0);
    // left of the mode (lp rises towards it): [lo, mode]
    if lp(lo) <= counted {
        p = p.and_then(|p| tail(p, lo, mode + 1));
    }
    // right of the mode (lp falls away from it): (mode, hi]
    if mode < hi && lp(hi) <= counted {
        p = p.and_then(|p| tail(p, hi, mode));
    }
    *budget = left.get();
    p.map(|p| p.min(1.0))
}

/// Pooled two-proportion Z: `(SR_1 - SR_2) / √(SR_T (1 - SR_T)(1/n_1 + 1/n_2))`.
pub fn z_two_proportions(s1: u64, n1: u64, s2: u64, n2: u64) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (s1 as f64 / n1 as f64, s2 as f64 / n2 as f64);
    // (sums in f64: no overflow for any counts)
    let pt = (s1 as f64 + s2 as f64) / (n1 as f64 + n2 as f64);
    let se = (pt * (1.0 - pt) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    (se > 0.0).then(|| (p1 - p2) / se)
}

/// Morris & Lobsenz (2000) Z_IR: `ln(SR_1/SR_2) / √((1 - SR_T) / (SR_T N_T P_1 (1 - P_1)))`.
pub fn z_impact_ratio(s1: u64, n1: u64, s2: u64, n2: u64) -> Option<f64> {
    if n1 == 0 || n2 == 0 || s1 == 0 || s2 == 0 {
        return None;
    }
    let nt = n1 as f64 + n2 as f64;
    let srt = (s1 as f64 + s2 as f64) / nt;
    let p1 = n1 as f64 / nt;
    let denom = srt * nt * p1 * (1.0 - p1);
    if srt >= 1.0 || denom <= 0.0 {
        return None;
    }
    let (sr1, sr2) = (s1 as f64 / n1 as f64, s2 as f64 / n2 as f64);
    Some(libm::log(sr1 / sr2) / ((1.0 - srt) / denom).sqrt())
}

/// Builds the adverse-impact table. Groups are reported sorted by name; the
/// reference is the highest selection rate (ties: first by name).
pub fn adverse_impact(counts: &[GroupCount], opts: &Options) -> ImpactReport {
    let mut counts: Vec<GroupCount> = counts.to_vec();
    crate::sort::stable_by(&mut counts, |a, b| a.group.cmp(&b.group));
    let mut warnings = Vec::new();
    let rate = |g: &GroupCount| (g.considered > 0).then(|| g.selected as f64 / g.considered as f64);
    let mut reference: Option<usize> = None;
    for (i, g) in counts.iter().enumerate() {
        if let Some(r) = rate(g) {
            if reference.is_none_or(|j| r > rate(&counts[j]).unwrap_or(f64::NEG_INFINITY)) {
                reference = Some(i);
            }
        }
    }
    let ref_rate = reference.and_then(|j| rate(&counts[j]));
    if ref_rate == Some(0.0) {
        warnings.push(Message::new(
            "no group has any selection: impact ratios are undefined (not computed)",
            "tidak ada kelompok yang terpilih: rasio dampak tidak terdefinisi (tidak dihitung)",
        ));
    }
    let usable_ref = reference.filter(|_| ref_rate.is_some_and(|r| r > 0.0));
    let mut groups = Vec::with_capacity(counts.len());
    // (what is left of FISHER_BUDGET, and the groups whose test it did not cover)
    let (mut budget, mut unbudgeted) = (FISHER_BUDGET, 0usize);
    for (i, g) in counts.iter().enumerate() {
        let sr = rate(g);
        let is_ref = usable_ref == Some(i);
        let ratio = match (sr, ref_rate) {
            (Some(s), Some(r)) if r > 0.0 => Some(s / r),
            _ => None,
        };
        let (z_d, z_ir, fisher) = match usable_ref {
            Some(j) if j != i => {
                let r = &counts[j];
                let z = z_two_proportions(g.selected, g.considered, r.selected, r.considered);
                let zi = z_impact_ratio(g.selected, g.considered, r.selected, r.considered);
                let within = g.considered.checked_add(r.considered).is_some_and(|n| n <= FISHER_MAX_N);
                if !within {
                    warnings.push(Message::new(
                        format!("group `{}`: Fisher's exact test is computed for two groups of at most {FISHER_MAX_N} people together; read z_d", g.group),
                        format!("kelompok `{}`: uji eksak Fisher dihitung untuk dua kelompok berjumlah paling banyak {FISHER_MAX_N} orang; gunakan z_d", g.group),
                    ));
                }
                let f = if g.considered > 0 && within {
                    let f = fisher_exact_within(
                        g.selected,
                        g.considered - g.selected.min(g.considered),
                        r.selected,
                        r.considered - r.selected.min(r.considered),
                        &mut budget,
                    );
                    unbudgeted += usize::from(f.is_none());
                    f
                } else {
                    None
                };
                (z, zi, f)
            }
            _ => (None, None, None),
        };
        let small = g.considered < opts.min_group_size;
        if small {
            warnings.push(Message::new(
                format!("group `{}`: {} considered, below the minimum group size {}; prefer Fisher's exact test and read the ratio with care", g.group, g.considered, opts.min_group_size),
                format!("kelompok `{}`: {} orang dipertimbangkan, di bawah ukuran minimum {}; gunakan uji eksak Fisher dan baca rasio dengan hati-hati", g.group, g.considered, opts.min_group_size),
            ));
        }
        groups.push(GroupResult {
            group: g.group.clone(),
            considered: g.considered,
            selected: g.selected,
            selection_rate: sr,
            reference: is_ref,
            impact_ratio: ratio,
            four_fifths_flag: ratio.map(|r| r < opts.threshold),
            z_d,
            z_ir,
            significant: z_d.map(|z| z.abs() > opts.z_critical),
            fisher_p: fisher,
            small_sample: small,
        });
    }
    if unbudgeted > 0 {
        warnings.push(Message::new(
            format!("Fisher's exact test not computed for {unbudgeted} group(s): one report evaluates at most {FISHER_BUDGET} table probabilities; read z_d"),
            format!("uji eksak Fisher tidak dihitung untuk {unbudgeted} kelompok: satu laporan menghitung paling banyak {FISHER_BUDGET} peluang tabel; gunakan z_d"),
        ));
    }
    ImpactReport {
        stage: None,
        column: None,
        reference_group: usable_ref.map(|j| counts[j].group.clone()),
        groups,
        warnings,
        options: opts.clone(),
        rule: RULE.into(),
    }
}
