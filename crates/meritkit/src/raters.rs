//! Ratings from several raters: standardisation within rater, agreement, lenient and severe raters.
//!
//! Where a score (a behaviour rating, a potential rating) comes from several
//! raters, the rater matters as much as the ratee: Scullen, Mount & Goff (2000,
//! *Journal of Applied Psychology* 85(6), 956-970) found that about 60 % of the
//! variance of performance ratings is idiosyncratic rater effect, and rater
//! leniency behaves as a stable trait of the rater. This module therefore
//!
//! 1. **standardises within rater (or team)**: `z = (x − mean_g) / sd_g` over the
//!    ratings of each rater `g` (or each team when the ratings carry a team key),
//!    with the *sample* standard deviation (divisor `n − 1`): a rater's ratings
//!    are a sample of what that rater would give, `n − 1` makes the variance
//!    unbiased and is what `pandas.Series.std()` and the usual rater-standardisation
//!    studies use. A rater with fewer than [`DEFAULT_MIN_RATINGS`] ratings (option)
//!    is not standardised (`z = null`, warning); a rater whose ratings are all
//!    equal (`sd = 0`) gets `z = 0` and a warning. `z` may be rescaled to a target
//!    mean and SD (e.g. 50 / 10) before any cut-off is applied;
//! 2. measures **agreement**: the six intraclass correlations of Shrout & Fleiss
//!    (1979) / McGraw & Wong (1996), as `pingouin.intraclass_corr` reports them
//!    (ICC, F, df1, df2, p-value, 95 % CI), when every target was rated by every
//!    rater; and Krippendorff's alpha (nominal, ordinal, interval; missing
//!    ratings allowed), per Krippendorff (2011) "Computing Krippendorff's
//!    Alpha-Reliability";
//! 3. flags **lenient and severe raters**: a rater's leniency is the mean, over
//!    the targets the rater shares with others, of (own score − mean score of the
//!    other raters of that target); flagged when the one-sample z of these
//!    deviations, `z = d̄ / (s_d / √m)`, lies beyond ±[`DEFAULT_LENIENCY_Z`]
//!    (option; two-sided 5 %). Comparing with the *other raters of the same
//!    targets* keeps a rater who happened to rate strong employees from looking
//!    lenient. And **outlying ratings**: `|x − mean_t| / (s_w · √((n_t − 1)/n_t))
//!    > 3` (option), the within-target residual standardised by the pooled
//!    within-target SD `s_w` (one-way ANOVA), which stays usable with three or
//!    four raters per target (a z with the target's own SD can never exceed
//!    `(n − 1)/√n`).
//!
//! These defaults are meritkit's own, guided by the literature cited; they are
//! not Indonesian law: no regulation prescribes how ratings of several raters
//! are to be combined.
//!
//! ```
//! use meritkit::raters::{analyse, Rating, Request};
//! let r = |t: &str, rater: &str, s: f64| Rating { target: t.into(), rater: rater.into(), score: Some(s), team: None };
//! let req = Request { ratings: vec![r("a", "R1", 2.0), r("b", "R1", 4.0), r("c", "R1", 6.0)], ..Request::default() };
//! let out = analyse(&req).unwrap();
//! let z: Vec<Option<f64>> = out.standardised.iter().map(|s| s.z).collect();
//! assert_eq!(z, [Some(-1.0), Some(0.0), Some(1.0)]);
//! ```

use crate::error::{Code, Error, Message, Problem};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Most ratings in one request.
pub const MAX_RATINGS: usize = 5_000_000;
/// Most distinct raters in one request.
pub const MAX_RATERS: usize = 100_000;
/// Largest accepted |score| (keeps every sum of squares finite).
pub const MAX_ABS_SCORE: f64 = 1e12;
/// Fewest ratings a rater (or team) needs to be standardised (meritkit default).
pub const DEFAULT_MIN_RATINGS: usize = 3;
/// |z| of a rater's mean deviation beyond which the rater is flagged (two-sided 5 %).
pub const DEFAULT_LENIENCY_Z: f64 = 1.959963984540054;
/// |standardised within-target residual| beyond which a rating is flagged as an outlier.
pub const DEFAULT_OUTLIER_Z: f64 = 3.0;
/// Most problems one refused request lists.
const MAX_PROBLEMS: usize = 100;

/// Level of measurement of the scores (Stevens; Krippendorff 2011).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Categories: only agreement (Krippendorff's nominal alpha) is meaningful.
    Nominal,
    /// Ordered categories.
    Ordinal,
    /// Equal intervals (the default).
    #[default]
    Interval,
}

/// The groups scores are standardised within.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StandardiseBy {
    /// Each rater.
    Rater,
    /// Each team (`team` of the rating).
    Team,
}

/// One rating.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// Who (or what) was rated.
    pub target: String,
    /// Who rated.
    pub rater: String,
    /// The score; `null` (or absent) is a missing rating.
    #[serde(default)]
    pub score: Option<f64>,
    /// The rater's team (standardisation group), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// A target mean and SD for the standardised scores.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rescale {
    /// Mean of the rescaled scores.
    pub mean: f64,
    /// Standard deviation of the rescaled scores (> 0).
    pub sd: f64,
}

/// A several-raters request.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The ratings (at most [`MAX_RATINGS`], at most [`MAX_RATERS`] raters).
    pub ratings: Vec<Rating>,
    /// Level of measurement (`interval` when absent).
    #[serde(default)]
    pub scale: Scale,
    /// Fewest ratings to standardise a rater or team ([`DEFAULT_MIN_RATINGS`]; at least 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ratings_per_rater: Option<usize>,
    /// Rescale z to this mean and SD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescale: Option<Rescale>,
    /// Standardise within `rater` or `team`; when absent: `team` if every rating has a team, `rater` if none has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standardise_by: Option<StandardiseBy>,
    /// |z| beyond which a rater is flagged lenient or severe ([`DEFAULT_LENIENCY_Z`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leniency_z: Option<f64>,
    /// |residual z| beyond which a rating is an outlier ([`DEFAULT_OUTLIER_Z`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlier_z: Option<f64>,
}

/// Why a rating has no z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoZ {
    /// The rating has no score.
    MissingScore,
    /// Its rater (or team) has fewer ratings than the minimum.
    TooFewRatings,
    /// Nominal scores are category codes, not quantities.
    NominalScale,
}

/// One input rating, standardised (same order as the input).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Standardised {
    /// Index of the rating in the input.
    pub index: usize,
    /// `(x − mean_g) / sd_g` within its group; 0 when `sd_g = 0`; `null` with `reason`.
    pub z: Option<f64>,
    /// `rescale.mean + rescale.sd · z`, when a rescale was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescaled: Option<f64>,
    /// Why `z` is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NoZ>,
    /// Standardised residual within the target (pooled within-target SD); null when not computable.
    pub outlier_z: Option<f64>,
    /// `|outlier_z|` beyond the threshold.
    pub outlier: bool,
}

/// A standardisation group (a rater or a team).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Group {
    /// The rater or team.
    pub key: String,
    /// Ratings with a score.
    pub n: usize,
    /// Mean score (null for nominal scores or no score).
    pub mean: Option<f64>,
    /// Sample SD (n − 1; null below 2 ratings or nominal).
    pub sd: Option<f64>,
    /// Whether its ratings were standardised.
    pub standardised: bool,
}

/// Lenient or severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Rates above the other raters of the same targets.
    Lenient,
    /// Rates below the other raters of the same targets.
    Severe,
}

/// One rater (in order of first appearance).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Rater {
    /// The rater.
    pub rater: String,
    /// Ratings with a score.
    pub n: usize,
    /// Mean score (null for nominal scores).
    pub mean: Option<f64>,
    /// Sample SD (n − 1).
    pub sd: Option<f64>,
    /// Targets shared with at least one other rater (the base of `leniency`).
    pub shared_targets: usize,
    /// Mean of (own score − mean of the other raters of the target) over shared targets.
    pub leniency: Option<f64>,
    /// `leniency / (sd of the deviations / √shared_targets)`; null below 2 shared targets or with equal deviations.
    pub leniency_z: Option<f64>,
    /// `lenient` / `severe` when `leniency_z` lies beyond ±threshold (with equal deviations on ≥ 2
    /// shared targets, by the sign of `leniency`: the limit of the test), else null.
    pub flag: Option<Flag>,
}

/// One intraclass correlation (pingouin's row).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Icc {
    /// `ICC1`, `ICC2`, `ICC3`, `ICC1k`, `ICC2k`, `ICC3k` (Shrout & Fleiss 1979).
    #[serde(rename = "type")]
    pub kind: String,
    /// McGraw & Wong (1996) / pingouin 0.7 label: `ICC(1,1)`, `ICC(A,1)`, `ICC(C,1)`, `ICC(1,k)`, `ICC(A,k)`, `ICC(C,k)`.
    pub label: String,
    /// The coefficient.
    pub icc: Option<f64>,
    /// F statistic.
    pub f: Option<f64>,
    /// Numerator degrees of freedom.
    pub df1: f64,
    /// Denominator degrees of freedom.
    pub df2: f64,
    /// Upper-tail p-value of F.
    pub p_value: Option<f64>,
    /// 95 % confidence interval (pingouin's formulas, McGraw & Wong 1996).
    pub ci95: Option<[f64; 2]>,
}

/// Krippendorff's alpha at one level of measurement.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct LevelAlpha {
    /// Level (metric).
    pub level: Scale,
    /// Alpha; null when undefined (no variation among the pairable values).
    pub alpha: Option<f64>,
}

/// Krippendorff's alpha.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Krippendorff {
    /// Level of the request.
    pub scale: Scale,
    /// Alpha at that level.
    pub alpha: Option<f64>,
    /// Alpha at every level up to the request's (nominal ≤ ordinal ≤ interval).
    pub levels: Vec<LevelAlpha>,
    /// Targets (units) with at least two scores.
    pub pairable_units: usize,
    /// Scores in those units (Krippendorff's n).
    pub pairable_values: usize,
}

/// Agreement among raters.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Agreement {
    /// Targets with at least one score.
    pub targets: usize,
    /// Raters with at least one score.
    pub raters: usize,
    /// Whether every target has a score from every rater.
    pub complete: bool,
    /// The six ICCs (complete designs of ≥ 2 targets and ≥ 2 raters, non-nominal scales), else null.
    pub icc: Option<Vec<Icc>>,
    /// Krippendorff's alpha (null when no target has two scores).
    pub krippendorff: Option<Krippendorff>,
}

/// A warning, located by a path (never by an identifier).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Warning {
    /// Where (`groups[2]`, `raters[0]`, `agreement.icc`, ...).
    pub path: String,
    /// What.
    pub message: Message,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct Analysis {
    /// Level of measurement used.
    pub scale: Scale,
    /// Groups of the standardisation.
    pub standardise_by: StandardiseBy,
    /// One row per input rating, in input order.
    pub standardised: Vec<Standardised>,
    /// Standardisation groups (raters or teams), in order of first appearance.
    pub groups: Vec<Group>,
    /// Raters, in order of first appearance.
    pub raters: Vec<Rater>,
    /// Agreement.
    pub agreement: Agreement,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

fn request_problem(code: Code, path: impl Into<String>, en: impl Into<String>, id: impl Into<String>) -> Error {
    Error::Request(vec![Problem::new(code, path, en, id)])
}

/// A positive finite option.
fn positive(v: Option<f64>, default: f64, path: &str) -> Result<f64, Error> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() && x > 0.0 => Ok(x),
        Some(_) => Err(request_problem(
            Code::InvalidValue,
            path,
            "must be a finite number greater than 0",
            "harus bilangan hingga yang lebih besar dari 0",
        )),
    }
}

/// Interns strings as dense indices in order of first appearance.
struct Interner<'a> {
    map: FxHashMap<&'a str, u32>,
    keys: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn new() -> Self {
        Interner { map: FxHashMap::default(), keys: Vec::new() }
    }
    fn get(&mut self, k: &'a str) -> u32 {
        let next = self.keys.len() as u32;
        *self.map.entry(k).or_insert_with(|| {
            self.keys.push(k);
            next
        })
    }
}

/// Mean and sample SD of a group, by two passes.
#[derive(Clone, Copy, Default)]
struct Moments {
    n: usize,
    sum: f64,
    ss: f64,
}

/// Analyses the ratings of several raters.
pub fn analyse(req: &Request) -> Result<Analysis, Error> {
    let ratings = &req.ratings;
    if ratings.len() > MAX_RATINGS {
        return Err(request_problem(
            Code::LimitExceeded,
            "ratings",
            format!("at most {MAX_RATINGS} ratings per request"),
            format!("paling banyak {MAX_RATINGS} penilaian per permintaan"),
        ));
    }
    let min_ratings = req.min_ratings_per_rater.unwrap_or(DEFAULT_MIN_RATINGS);
    if min_ratings < 2 {
        return Err(request_problem(
            Code::InvalidValue,
            "min_ratings_per_rater",
            "must be at least 2 (a standard deviation needs two ratings)",
            "minimal 2 (simpangan baku memerlukan dua penilaian)",
        ));
    }
    let leniency_crit = positive(req.leniency_z, DEFAULT_LENIENCY_Z, "leniency_z")?;
    let outlier_crit = positive(req.outlier_z, DEFAULT_OUTLIER_Z, "outlier_z")?;
    if let Some(r) = req.rescale {
        if !r.mean.is_finite() || r.mean.abs() > MAX_ABS_SCORE {
            return Err(request_problem(
                Code::InvalidValue,
                "rescale.mean",
                "must be a finite number",
                "harus bilangan hingga",
            ));
        }
        positive(Some(r.sd), 1.0, "rescale.sd")?;
    }
    let by = standardise_by(req)?;

    // Check every rating and intern the identifiers.
    let mut problems = Vec::new();
    let mut rater_ids = Interner::new();
    let mut target_ids = Interner::new();
    let mut team_ids = Interner::new();
    let mut rows: Vec<(u32, u32, u32)> = Vec::with_capacity(ratings.len()); // target, rater, group
    let mut seen: FxHashMap<(u32, u32), usize> = FxHashMap::default();
    for (i, r) in ratings.iter().enumerate() {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        for (field, v) in [("target", Some(&r.target)), ("rater", Some(&r.rater)), ("team", r.team.as_ref())] {
            if v.is_some_and(|s| s.trim().is_empty()) {
                problems.push(Problem::new(
                    Code::InvalidValue,
                    format!("ratings[{i}].{field}"),
                    "must not be empty",
                    "tidak boleh kosong",
                ));
            }
        }
        if let Some(x) = r.score {
            if !x.is_finite() || x.abs() > MAX_ABS_SCORE {
                problems.push(Problem::new(
                    Code::InvalidValue,
                    format!("ratings[{i}].score"),
                    format!("must be a finite number with magnitude at most {MAX_ABS_SCORE:e}"),
                    format!("harus bilangan hingga dengan besaran paling banyak {MAX_ABS_SCORE:e}"),
                ));
            }
        }
        let t = target_ids.get(&r.target);
        let ra = rater_ids.get(&r.rater);
        if rater_ids.keys.len() > MAX_RATERS {
            return Err(request_problem(
                Code::LimitExceeded,
                format!("ratings[{i}].rater"),
                format!("at most {MAX_RATERS} distinct raters per request"),
                format!("paling banyak {MAX_RATERS} penilai berbeda per permintaan"),
            ));
        }
        let g = match (by, r.team.as_deref()) {
            (StandardiseBy::Team, Some(team)) => team_ids.get(team),
            _ => ra,
        };
        if let Some(first) = seen.insert((t, ra), i) {
            problems.push(Problem::new(
                Code::InvalidValue,
                format!("ratings[{i}]"),
                format!("the same rater rated the same target twice (first at ratings[{first}])"),
                format!("penilai yang sama menilai target yang sama dua kali (pertama pada ratings[{first}])"),
            ));
        }
        rows.push((t, ra, g));
    }
    if !problems.is_empty() {
        return Err(Error::Request(problems));
    }
    drop(seen);
    let scores: Vec<Option<f64>> = ratings.iter().map(|r| r.score.map(|x| x + 0.0)).collect();
    let n_targets = target_ids.keys.len();
    let n_raters = rater_ids.keys.len();
    let group_keys: &[&str] = match by {
        StandardiseBy::Rater => &rater_ids.keys,
        StandardiseBy::Team => &team_ids.keys,
    };
    let mut warnings = Vec::new();
    let quantitative = req.scale != Scale::Nominal;
    if !quantitative {
        warnings.push(Warning {
            path: "scale".into(),
            message: Message::new(
                "nominal scores are category codes: no standardisation, leniency, outliers or ICC; only Krippendorff's nominal alpha",
                "skor nominal adalah kode kategori: tanpa standardisasi, kelonggaran, pencilan atau ICC; hanya alpha nominal Krippendorff",
            ),
        });
    }

    // Standardisation groups.
    let gm = moments(&rows, &scores, group_keys.len(), |r| r.2);
    let mut groups = Vec::with_capacity(group_keys.len());
    for (gi, (key, m)) in group_keys.iter().zip(&gm).enumerate() {
        let (mean, sd) = mean_sd(m, quantitative);
        let standardised = quantitative && m.n >= min_ratings;
        let what = match by {
            StandardiseBy::Rater => ("rater", "penilai"),
            StandardiseBy::Team => ("team", "tim"),
        };
        if quantitative && !standardised {
            warnings.push(Warning {
                path: format!("groups[{gi}]"),
                message: Message::new(
                    format!("{} groups[{gi}] has {} scored ratings, fewer than the minimum {min_ratings}: not standardised (z = null)", what.0, m.n),
                    format!("{} groups[{gi}] memiliki {} penilaian berskor, kurang dari minimum {min_ratings}: tidak distandardisasi (z = null)", what.1, m.n),
                ),
            });
        } else if standardised && sd == Some(0.0) {
            warnings.push(Warning {
                path: format!("groups[{gi}]"),
                message: Message::new(
                    format!("{} groups[{gi}] gave every target the same score (sd = 0): z = 0", what.0),
                    format!("{} groups[{gi}] memberi semua target skor yang sama (sd = 0): z = 0", what.1),
                ),
            });
        }
        groups.push(Group { key: (*key).to_string(), n: m.n, mean, sd, standardised });
    }

    // Outliers: residual within target over the pooled within-target SD.
    let tm = moments(&rows, &scores, n_targets, |r| r.0);
    let (ssw, dfw) = tm.iter().filter(|m| m.n >= 2).fold((0.0, 0usize), |(s, d), m| (s + m.ss, d + m.n - 1));
    let sw = if quantitative && dfw > 0 && ssw > 0.0 { Some((ssw / dfw as f64).sqrt()) } else { None };

    let mut standardised = Vec::with_capacity(ratings.len());
    for (i, (&(t, _, g), x)) in rows.iter().zip(&scores).enumerate() {
        let grp = &groups[g as usize];
        let (z, reason) = match (x, quantitative, grp.standardised, grp.mean, grp.sd) {
            (None, _, _, _, _) => (None, Some(NoZ::MissingScore)),
            (Some(_), false, _, _, _) => (None, Some(NoZ::NominalScale)),
            (Some(_), true, false, _, _) => (None, Some(NoZ::TooFewRatings)),
            (Some(x), true, true, Some(mean), Some(sd)) => (Some(if sd > 0.0 { (x - mean) / sd } else { 0.0 }), None),
            (Some(_), true, true, _, _) => (None, Some(NoZ::TooFewRatings)),
        };
        let rescaled = match (z, req.rescale) {
            (Some(z), Some(r)) => Some(r.mean + r.sd * z),
            _ => None,
        };
        let tmo = &tm[t as usize];
        let outlier_z = match (x, sw) {
            (Some(x), Some(sw)) if tmo.n >= 2 => {
                let nt = tmo.n as f64;
                Some((x - tmo.sum / nt) / (sw * ((nt - 1.0) / nt).sqrt()))
            }
            _ => None,
        };
        standardised.push(Standardised {
            index: i,
            z,
            rescaled,
            reason,
            outlier_z,
            outlier: outlier_z.is_some_and(|o| o.abs() > outlier_crit),
        });
    }

    let raters = raters_table(&rows, &scores, &rater_ids.keys, &tm, quantitative, leniency_crit);
    let agreement = agreement(&rows, &scores, n_targets, n_raters, req.scale, &mut warnings);
    Ok(Analysis { scale: req.scale, standardise_by: by, standardised, groups, raters, agreement, warnings })
}

/// The standardisation groups a request asks for.
fn standardise_by(req: &Request) -> Result<StandardiseBy, Error> {
    let first_without = req.ratings.iter().position(|r| r.team.is_none());
    let any_with = req.ratings.iter().any(|r| r.team.is_some());
    match (req.standardise_by, first_without) {
        (Some(StandardiseBy::Team), Some(i)) => Err(request_problem(
            Code::MissingField,
            format!("ratings[{i}].team"),
            "standardise_by is `team` but this rating has no team",
            "standardise_by bernilai `team` tetapi penilaian ini tidak memiliki tim",
        )),
        (Some(b), _) => Ok(b),
        (None, None) if any_with => Ok(StandardiseBy::Team),
        (None, Some(i)) if any_with => Err(request_problem(
            Code::InvalidRequest,
            format!("ratings[{i}].team"),
            "some ratings have a team and this one has none: give a team on every rating or on none, or set standardise_by",
            "sebagian penilaian memiliki tim dan yang ini tidak: isi tim pada semua penilaian atau tidak sama sekali, atau isi standardise_by",
        )),
        _ => Ok(StandardiseBy::Rater),
    }
}

/// Count, sum and sum of squared deviations of the scores per key.
fn moments(
    rows: &[(u32, u32, u32)],
    scores: &[Option<f64>],
    n: usize,
    key: impl Fn(&(u32, u32, u32)) -> u32,
) -> Vec<Moments> {
    let mut m = vec![Moments::default(); n];
    for (r, x) in rows.iter().zip(scores) {
        if let Some(x) = x {
            let e = &mut m[key(r) as usize];
            e.n += 1;
            e.sum += x;
        }
    }
    for (r, x) in rows.iter().zip(scores) {
        if let Some(x) = x {
            let e = &mut m[key(r) as usize];
            let d = x - e.sum / e.n as f64;
            e.ss += d * d;
        }
    }
    m
}

/// Mean and sample SD (n − 1), when meaningful.
fn mean_sd(m: &Moments, quantitative: bool) -> (Option<f64>, Option<f64>) {
    if !quantitative || m.n == 0 {
        return (None, None);
    }
    let mean = m.sum / m.n as f64;
    let sd = (m.n >= 2).then(|| (m.ss / (m.n - 1) as f64).sqrt());
    (Some(mean), sd)
}

/// Per rater: counts, mean, SD and leniency against the other raters of the same targets.
fn raters_table(
    rows: &[(u32, u32, u32)],
    scores: &[Option<f64>],
    keys: &[&str],
    tm: &[Moments],
    quantitative: bool,
    crit: f64,
) -> Vec<Rater> {
    let rm = moments(rows, scores, keys.len(), |r| r.1);
    // Deviation of each rating from the mean of the other raters of its target.
    let dev = |t: u32, x: f64| -> Option<f64> {
        let m = &tm[t as usize];
        (m.n >= 2).then(|| x - (m.sum - x) / (m.n - 1) as f64)
    };
    let mut dm = vec![Moments::default(); keys.len()];
    if quantitative {
        for (&(t, r, _), x) in rows.iter().zip(scores) {
            if let Some(d) = x.and_then(|x| dev(t, x)) {
                dm[r as usize].n += 1;
                dm[r as usize].sum += d;
            }
        }
        for (&(t, r, _), x) in rows.iter().zip(scores) {
            if let Some(d) = x.and_then(|x| dev(t, x)) {
                let e = &mut dm[r as usize];
                let c = d - e.sum / e.n as f64;
                e.ss += c * c;
            }
        }
    }
    keys.iter()
        .zip(rm.iter().zip(&dm))
        .map(|(key, (m, d))| {
            let (mean, sd) = mean_sd(m, quantitative);
            let leniency = (quantitative && d.n > 0).then(|| d.sum / d.n as f64);
            let s = (d.n >= 2).then(|| (d.ss / (d.n - 1) as f64).sqrt());
            let leniency_z = match (leniency, s) {
                (Some(l), Some(s)) if s > 0.0 => Some(l / (s / (d.n as f64).sqrt())),
                _ => None,
            };
            // Equal deviations on ≥ 2 targets (s = 0): a consistent offset, flagged by its sign.
            let scale = mean.map_or(1.0, f64::abs).max(1.0);
            let flag = match (leniency, leniency_z, s) {
                (_, Some(z), _) if z > crit => Some(Flag::Lenient),
                (_, Some(z), _) if z < -crit => Some(Flag::Severe),
                (Some(l), None, Some(s)) if s == 0.0 && l > 1e-12 * scale => Some(Flag::Lenient),
                (Some(l), None, Some(s)) if s == 0.0 && l < -1e-12 * scale => Some(Flag::Severe),
                _ => None,
            };
            Rater { rater: (*key).to_string(), n: m.n, mean, sd, shared_targets: d.n, leniency, leniency_z, flag }
        })
        .collect()
}

/// ICC (complete designs) and Krippendorff's alpha.
fn agreement(
    rows: &[(u32, u32, u32)],
    scores: &[Option<f64>],
    n_targets: usize,
    n_raters: usize,
    scale: Scale,
    warnings: &mut Vec<Warning>,
) -> Agreement {
    // Only targets and raters with at least one score take part.
    let mut t_used = vec![false; n_targets];
    let mut r_used = vec![false; n_raters];
    let mut scored = 0usize;
    for (&(t, r, _), x) in rows.iter().zip(scores) {
        if x.is_some() {
            t_used[t as usize] = true;
            r_used[r as usize] = true;
            scored += 1;
        }
    }
    let n = t_used.iter().filter(|&&u| u).count();
    let k = r_used.iter().filter(|&&u| u).count();
    let complete = n > 0 && scored == n * k;
    let icc = if scale == Scale::Nominal {
        None
    } else if !complete {
        warnings.push(Warning {
            path: "agreement.icc".into(),
            message: Message::new(
                format!("no ICC: it needs every target scored by every rater, and {} of the {n} × {k} target-rater cells have no score; Krippendorff's alpha allows missing ratings", n * k - scored),
                format!("tanpa ICC: setiap target harus dinilai oleh setiap penilai, dan {} dari {n} × {k} sel target-penilai tidak berskor; alpha Krippendorff membolehkan penilaian yang hilang", n * k - scored),
            ),
        });
        None
    } else if n < 2 || k < 2 {
        warnings.push(Warning {
            path: "agreement.icc".into(),
            message: Message::new(
                "no ICC: it needs at least 2 targets and 2 raters",
                "tanpa ICC: diperlukan paling sedikit 2 target dan 2 penilai",
            ),
        });
        None
    } else {
        let tix = dense(&t_used);
        let rix = dense(&r_used);
        let mut m = vec![0.0; n * k];
        for (&(t, r, _), x) in rows.iter().zip(scores) {
            if let Some(x) = x {
                m[tix[t as usize] * k + rix[r as usize]] = *x;
            }
        }
        let out = icc(&m, n, k);
        if out.iter().any(|i| i.icc.is_none()) {
            warnings.push(Warning {
                path: "agreement.icc".into(),
                message: Message::new(
                    "some ICCs are undefined (no variation between targets or no residual variation)",
                    "sebagian ICC tidak terdefinisi (tanpa variasi antartarget atau tanpa variasi residu)",
                ),
            });
        }
        Some(out)
    };
    let krippendorff = krippendorff(rows, scores, n_targets, scale);
    match &krippendorff {
        None => warnings.push(Warning {
            path: "agreement.krippendorff".into(),
            message: Message::new(
                "no Krippendorff's alpha: no target has scores from two raters",
                "tanpa alpha Krippendorff: tidak ada target yang dinilai oleh dua penilai",
            ),
        }),
        Some(a) if a.alpha.is_none() => warnings.push(Warning {
            path: "agreement.krippendorff.alpha".into(),
            message: Message::new(
                "Krippendorff's alpha is undefined: every pairable score is the same",
                "alpha Krippendorff tidak terdefinisi: semua skor yang dapat dipasangkan sama",
            ),
        }),
        _ => {}
    }
    Agreement { targets: n, raters: k, complete, icc, krippendorff }
}

/// Dense indices of the used entries (unused: `usize::MAX`).
fn dense(used: &[bool]) -> Vec<usize> {
    let mut next = 0;
    used.iter()
        .map(|&u| {
            if u {
                next += 1;
                next - 1
            } else {
                usize::MAX
            }
        })
        .collect()
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The six ICCs of a complete `n × k` matrix (row-major, targets × raters), as
/// `pingouin.intraclass_corr` (0.7) computes them: two-way ANOVA mean squares
/// MSB (targets), MSJ (raters), MSE (residual), MSW (within targets).
pub fn icc(m: &[f64], n: usize, k: usize) -> Vec<Icc> {
    let (nf, kf) = (n as f64, k as f64);
    let grand = m.iter().sum::<f64>() / (nf * kf);
    let row: Vec<f64> = (0..n).map(|i| m[i * k..(i + 1) * k].iter().sum::<f64>() / kf).collect();
    let col: Vec<f64> = (0..k).map(|j| (0..n).map(|i| m[i * k + j]).sum::<f64>() / nf).collect();
    let ssb = kf * row.iter().map(|r| (r - grand) * (r - grand)).sum::<f64>();
    let ssj = nf * col.iter().map(|c| (c - grand) * (c - grand)).sum::<f64>();
    let mut sse = 0.0;
    let mut ssw = 0.0;
    for i in 0..n {
        for j in 0..k {
            let x = m[i * k + j];
            let e = x - row[i] - col[j] + grand;
            sse += e * e;
            ssw += (x - row[i]) * (x - row[i]);
        }
    }
    let df1 = nf - 1.0;
    let dfw = nf * (kf - 1.0);
    let dfe = (nf - 1.0) * (kf - 1.0);
    let msb = ssb / df1;
    let msj = ssj / (kf - 1.0);
    let mse = sse / dfe;
    let msw = ssw / dfw;
    let icc1 = (msb - msw) / (msb + (kf - 1.0) * msw);
    let icc2 = (msb - mse) / (msb + (kf - 1.0) * mse + kf * (msj - mse) / nf);
    let icc3 = (msb - mse) / (msb + (kf - 1.0) * mse);
    let icc1k = (msb - msw) / msb;
    let icc2k = (msb - mse) / (msb + (msj - mse) / nf);
    let icc3k = (msb - mse) / msb;
    let f1 = msb / msw;
    let f3 = msb / mse;
    let p1 = f_sf(f1, df1, dfw);
    let p3 = f_sf(f3, df1, dfe);
    // 95 % CIs (McGraw & Wong 1996, as pingouin).
    let q = 0.025;
    let f1l = f1 / f_isf(q, df1, dfw);
    let f1u = f1 * f_isf(q, dfw, df1);
    let f3l = f3 / f_isf(q, df1, dfe);
    let f3u = f3 * f_isf(q, dfe, df1);
    let ci1 = [(f1l - 1.0) / (f1l + kf - 1.0), (f1u - 1.0) / (f1u + kf - 1.0)];
    let ci3 = [(f3l - 1.0) / (f3l + kf - 1.0), (f3u - 1.0) / (f3u + kf - 1.0)];
    let fj = msj / mse;
    let vn = dfe * (kf * icc2 * fj + nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let vd = df1 * kf * kf * icc2 * icc2 * fj * fj + (nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let v = vn / vd;
    let f2u = f_isf(q, df1, v);
    let f2l = f_isf(q, v, df1);
    let l2 = nf * (msb - f2u * mse) / (f2u * (kf * msj + (kf * nf - kf - nf) * mse) + nf * msb);
    let u2 = nf * (f2l * msb - mse) / (kf * msj + (kf * nf - kf - nf) * mse + nf * f2l * msb);
    let ci2 = [l2, u2];
    let ci1k = [1.0 - 1.0 / f1l, 1.0 - 1.0 / f1u];
    let ci2k = [l2 * kf / (1.0 + l2 * (kf - 1.0)), u2 * kf / (1.0 + u2 * (kf - 1.0))];
    let ci3k = [1.0 - 1.0 / f3l, 1.0 - 1.0 / f3u];
    let ci = |c: [f64; 2]| c.iter().all(|x| x.is_finite()).then_some(c);
    let mk = |kind: &str, label: &str, icc: f64, f: f64, df2: f64, p: f64, c: [f64; 2]| Icc {
        kind: kind.into(),
        label: label.into(),
        icc: finite(icc),
        f: finite(f),
        df1,
        df2,
        p_value: finite(p),
        ci95: ci(c),
    };
    vec![
        mk("ICC1", "ICC(1,1)", icc1, f1, dfw, p1, ci1),
        mk("ICC2", "ICC(A,1)", icc2, f3, dfe, p3, ci2),
        mk("ICC3", "ICC(C,1)", icc3, f3, dfe, p3, ci3),
        mk("ICC1k", "ICC(1,k)", icc1k, f1, dfw, p1, ci1k),
        mk("ICC2k", "ICC(A,k)", icc2k, f3, dfe, p3, ci2k),
        mk("ICC3k", "ICC(C,k)", icc3k, f3, dfe, p3, ci3k),
    ]
}

/// Krippendorff's alpha (Krippendorff 2011) with targets as units and raters as
/// coders, at every level up to `scale`. The coincidence sums are taken in
/// closed form: nominal `Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1)` against `n² − Σ_c n_c²`;
/// interval `Σ_u 2 m_u SS_u/(m_u − 1)` against `2 n SS`; ordinal is the interval
/// form on the values' mid-ranks `Σ_{g<c} n_g + n_c/2` among the pairable values
/// (Krippendorff's ordinal δ²_ck equals the squared difference of mid-ranks).
fn krippendorff(
    rows: &[(u32, u32, u32)],
    scores: &[Option<f64>],
    n_targets: usize,
    scale: Scale,
) -> Option<Krippendorff> {
    // Values per unit (CSR layout).
    let mut count = vec![0usize; n_targets + 1];
    for (&(t, _, _), x) in rows.iter().zip(scores) {
        if x.is_some() {
            count[t as usize + 1] += 1;
        }
    }
    for i in 0..n_targets {
        count[i + 1] += count[i];
    }
    let mut fill = count.clone();
    let mut vals = vec![0.0; count[n_targets]];
    for (&(t, _, _), x) in rows.iter().zip(scores) {
        if let Some(x) = x {
            vals[fill[t as usize]] = *x;
            fill[t as usize] += 1;
        }
    }
    let units: Vec<&mut [f64]> = {
        let mut out = Vec::new();
        let mut rest: &mut [f64] = &mut vals;
        for i in 0..n_targets {
            let (a, b) = std::mem::take(&mut rest).split_at_mut(count[i + 1] - count[i]);
            if a.len() >= 2 {
                out.push(a);
            }
            rest = b;
        }
        out
    };
    if units.is_empty() {
        return None;
    }
    let mut units = units;
    for u in units.iter_mut() {
        u.sort_by(f64::total_cmp);
    }
    let mut all: Vec<f64> = units.iter().flat_map(|u| u.iter().copied()).collect();
    all.sort_by(f64::total_cmp);
    let n = all.len() as f64;
    let pairable_values = all.len();
    // Distinct values with their counts.
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for &x in &all {
        match distinct.last_mut() {
            Some((v, c)) if *v == x => *c += 1,
            _ => distinct.push((x, 1)),
        }
    }
    let mut levels = Vec::new();
    // Nominal.
    let mut d_o = 0.0;
    for u in &units {
        let m = u.len() as f64;
        let mut same = 0.0;
        let mut run = 0usize;
        for (i, x) in u.iter().enumerate() {
            run += 1;
            if i + 1 == u.len() || u[i + 1] != *x {
                same += (run * run) as f64;
                run = 0;
            }
        }
        d_o += (m * m - same) / (m - 1.0);
    }
    let d_e = n * n - distinct.iter().map(|&(_, c)| (c * c) as f64).sum::<f64>();
    levels.push(LevelAlpha { level: Scale::Nominal, alpha: (d_e > 0.0).then(|| 1.0 - (n - 1.0) * d_o / d_e) });
    if scale >= Scale::Ordinal {
        // Mid-rank of each distinct value among the pairable values.
        let mut below = 0usize;
        let mid: Vec<(f64, f64)> = distinct
            .iter()
            .map(|&(v, c)| {
                let r = below as f64 + c as f64 / 2.0;
                below += c;
                (v, r)
            })
            .collect();
        let rank = |x: f64| -> f64 {
            match mid.binary_search_by(|p| p.0.total_cmp(&x)) {
                Ok(i) => mid[i].1,
                Err(_) => f64::NAN,
            }
        };
        levels.push(LevelAlpha { level: Scale::Ordinal, alpha: interval_alpha(&units, n, rank) });
    }
    if scale >= Scale::Interval {
        levels.push(LevelAlpha { level: Scale::Interval, alpha: interval_alpha(&units, n, |x| x) });
    }
    let alpha = levels.iter().find(|l| l.level == scale).and_then(|l| l.alpha);
    Some(Krippendorff { scale, alpha, levels, pairable_units: units.len(), pairable_values })
}

/// `1 − (n − 1)/n · Σ_u m_u SS_u/(m_u − 1) / SS` on the values mapped by `f`.
fn interval_alpha(units: &[&mut [f64]], n: f64, f: impl Fn(f64) -> f64) -> Option<f64> {
    let total = units.iter().flat_map(|u| u.iter()).map(|&x| f(x)).sum::<f64>() / n;
    let mut ss = 0.0;
    let mut within = 0.0;
    for u in units {
        let m = u.len() as f64;
        let mean = u.iter().map(|&x| f(x)).sum::<f64>() / m;
        let mut ssu = 0.0;
        for &x in u.iter() {
            let y = f(x);
            ssu += (y - mean) * (y - mean);
            ss += (y - total) * (y - total);
        }
        within += m * ssu / (m - 1.0);
    }
    (ss > 0.0).then(|| 1.0 - (n - 1.0) / n * within / ss).and_then(finite)
}

/// Regularised incomplete beta `I_x(a, b)`, with `y = 1 − x` given exactly
/// (continued fraction, Lentz's method; Numerical Recipes 3rd ed. § 6.4).
fn beta_inc(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    let ln_front = a * libm::log(x) + b * libm::log(y) - (libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b));
    let front = libm::exp(ln_front);
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, y) / b
    }
}

/// The continued fraction of the incomplete beta function.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 2.0 * f64::EPSILON {
            break;
        }
    }
    h
}

/// Upper tail `P(F > f)` of the F distribution with `d1`, `d2` degrees of freedom.
pub fn f_sf(f: f64, d1: f64, d2: f64) -> f64 {
    if !(f.is_finite() && d1 > 0.0 && d2 > 0.0) {
        return if f == f64::INFINITY { 0.0 } else { f64::NAN };
    }
    if f <= 0.0 {
        return 1.0;
    }
    let den = d2 + d1 * f;
    beta_inc(d2 / 2.0, d1 / 2.0, d2 / den, d1 * f / den)
}

/// The `f` with `P(F > f) = p` (upper quantile), by bisection on `y = d2/(d2 + d1 f)`
/// to the last bit (the tail probability is monotone in `y`).
pub fn f_isf(p: f64, d1: f64, d2: f64) -> f64 {
    if !(p > 0.0 && p < 1.0 && d1 > 0.0 && d2 > 0.0 && d1.is_finite() && d2.is_finite()) {
        return f64::NAN;
    }
    let (a, b) = (d2 / 2.0, d1 / 2.0);
    // P(F > f) = I_y(a, b), increasing in y.
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..2200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if beta_inc(a, b, mid, 1.0 - mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let y = 0.5 * (lo + hi);
    d2 * (1.0 - y) / (d1 * y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f_distribution_matches_known_values() {
        // scipy.stats.f.sf(3.0, 5, 10) = 0.06555756209384411
        assert!((f_sf(3.0, 5.0, 10.0) / 0.06555756209384411 - 1.0).abs() < 1e-12);
        // scipy.stats.f.ppf(0.975, 7, 24) = 2.8738081880378883
        let q = f_isf(0.025, 7.0, 24.0);
        assert!((q / 2.8738081880378883 - 1.0).abs() < 1e-12, "{q}");
        assert!((f_sf(q, 7.0, 24.0) - 0.025).abs() < 1e-14);
    }
}
