//! The potensial axis score (PermenPANRB 20/2025 Ps. 17: potensial =
//! kompetensi + penilaian potensi + rekam jejak): a reported potential score,
//! or the policy's weighted composite of the components.
//!
//! Functions over plain values: every scoring path (records, flat rows,
//! columns) fills [`Inputs`] from what it reads and calls [`evaluate`], so the
//! composite exists once.
//!
//! ```
//! use meritkit::potential::{evaluate, Inputs, Outcome};
//! use meritkit::policy::Policy;
//! let p = Policy::preset("permenpanrb_3_2020").unwrap();
//! let x = Inputs { potential_score: Some(82.5), ..Inputs::default() };
//! assert_eq!(evaluate(&p.potential, &x, |_, _, _, _| {}), Outcome::Direct(Some(82.5)));
//! ```

use crate::policy::{Component, Input, MissingComponent, PotentialAxis, PotentialSource};

/// A component value and where it came from.
type Value = (Option<f64>, Option<&'static str>);

/// The inputs of the potential axis for one person.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Inputs {
    /// `potential_score` (0-100), as reported.
    pub potential_score: Option<f64>,
    /// JPM (%) and where it came from (`computed`, `reported`), see
    /// [`crate::competency::jpm_or_reported`].
    pub jpm: Option<(f64, &'static str)>,
    /// The potential-assessment score from the aspect levels ([`aspects_score`]).
    pub aspects_score: Option<f64>,
    /// `potential_assessment_score` (0-100), as reported.
    pub assessment_score: Option<f64>,
    /// `track_record_score` (0-100), as reported.
    pub track_record_score: Option<f64>,
}

/// The potential-assessment score from aspect levels (1-5): the mean level
/// ÷ 5 × 100, `sum` being the levels added in key order. `None` without aspects.
#[inline]
pub fn aspects_score(sum: f64, count: usize) -> Option<f64> {
    (count > 0).then(|| sum / count as f64 / 5.0 * 100.0)
}

/// The value (0-100) of one composite component and where it came from
/// (`computed`, `reported`, `aspects`). JPM enters capped at 100.
#[inline]
pub fn component(input: Input, x: &Inputs) -> (Option<f64>, Option<&'static str>) {
    let reported = |v: Option<f64>| (v, v.map(|_| "reported"));
    match input {
        Input::Jpm => (x.jpm.map(|j| j.0.min(100.0)), x.jpm.map(|j| j.1)),
        Input::PotentialAssessment => match x.aspects_score {
            Some(v) => (Some(v), Some("aspects")),
            None => reported(x.assessment_score),
        },
        Input::TrackRecord => reported(x.track_record_score),
        Input::PotentialScore => reported(x.potential_score),
    }
}

/// How the axis was decided.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// The reported `potential_score` is the axis score (`None`: not given).
    Direct(Option<f64>),
    /// The weighted composite; `None` when unusable (no component with a
    /// weight, or a missing component under `missing_component = "missing"`).
    Composite {
        /// The score.
        score: Option<f64>,
        /// Whether weights were renormalised over the present components.
        renormalized: bool,
    },
}

impl Outcome {
    /// The axis score, when there is one.
    #[inline]
    pub fn score(self) -> Option<f64> {
        match self {
            Outcome::Direct(s) | Outcome::Composite { score: s, .. } => s,
        }
    }
}

/// Scores the potential axis. For a composite, `each(component, value,
/// from, effective_weight)` is called per component in policy order (for
/// explanations); effective weights are the configured ones renormalised
/// over the present components ([`crate::weights::normalize_in_place`]).
#[inline]
pub fn evaluate(
    pot: &PotentialAxis,
    x: &Inputs,
    mut each: impl FnMut(&Component, Option<f64>, Option<&'static str>, f64),
) -> Outcome {
    let direct = pot.source == PotentialSource::Score
        || (pot.source == PotentialSource::ScoreOrComposite && x.potential_score.is_some());
    if direct {
        return Outcome::Direct(x.potential_score);
    }
    const SMALL: usize = 8;
    let n = pot.components.len();
    let mut small_v = [(None, None); SMALL];
    let mut small_w = [0.0f64; SMALL];
    let (mut big_v, mut big_w);
    let (values, eff): (&mut [Value], &mut [f64]) = if n <= SMALL {
        (&mut small_v[..n], &mut small_w[..n])
    } else {
        big_v = vec![(None, None); n];
        big_w = vec![0.0; n];
        (&mut big_v, &mut big_w)
    };
    let mut any_missing = false;
    for ((c, v), w) in pot.components.iter().zip(values.iter_mut()).zip(eff.iter_mut()) {
        *v = component(c.input, x);
        if v.0.is_some() {
            *w = c.weight;
        } else {
            any_missing = true;
        }
    }
    let usable = crate::weights::normalize_in_place(eff).is_ok();
    if !usable {
        eff.iter_mut().for_each(|w| *w = 0.0);
    }
    let mut score = 0.0;
    for ((c, (v, from)), &w) in pot.components.iter().zip(values.iter()).zip(eff.iter()) {
        score += v.map(|v| v * w).unwrap_or(0.0);
        each(c, *v, *from, w);
    }
    if !usable || (any_missing && pot.missing_component == MissingComponent::Missing) {
        return Outcome::Composite { score: None, renormalized: any_missing };
    }
    Outcome::Composite { score: Some(score), renormalized: any_missing }
}
