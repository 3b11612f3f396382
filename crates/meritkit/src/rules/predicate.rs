//! Predicates over one employee at a reference date.
//!
//! Adding a predicate kind is a local change: one [`Predicate`] variant, one
//! arm in [`Predicate::eval`], one in [`Predicate::expected`] and one in
//! `check::check_predicate` (plus `guard` when it reads a protected attribute).

use super::{Eval, Outcome, Subject, Val};
use crate::label::normalize;
use crate::model::DisciplineLevel;
use crate::nine_box::Pool;
use crate::performance::Predikat;
use crate::policy::Policy;
use crate::position::PositionKind;
use crate::rank::{Education, Golongan, PppkGolongan, Rank};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A condition on one employee. Tagged by `kind` (snake_case); durations are
/// `years` + `months` and compare in whole calendar months.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Predicate {
    /// Every operand passes (fail if one fails; else unknown if one is unknown).
    All {
        /// Operands (at least one).
        of: Vec<Predicate>,
    },
    /// At least one operand passes (else unknown if one is unknown; else fail).
    Any {
        /// Operands (at least one).
        of: Vec<Predicate>,
    },
    /// Negation (unknown stays unknown).
    Not {
        /// Operand.
        of: Box<Predicate>,
    },
    /// Highest education at least `level`; D-IV counts as S1 (PP 11/2017 Ps. 54, 107).
    EducationAtLeast {
        /// Minimum level.
        level: Education,
    },
    /// Rank at least the bound of the employee's own rank kind (PNS golongan or
    /// PPPK golongan, never compared across). A kind without a bound fails.
    /// With `eselon` instead of `pns`, the PNS bound is one step below the
    /// lowest pangkat of that eselon (PP 100/2000 jo PP 13/2002 Ps. 5 huruf b);
    /// the eselon given is the one assumed, replaced by the target position's
    /// or the policy's ([`super::RuleSet::with_eselon`]).
    RankAtLeast {
        /// Minimum PNS golongan/ruang.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pns: Option<Golongan>,
        /// Eselon of the target position: the PNS bound is its rank floor (when `pns` is absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        eselon: Option<crate::rank::Eselon>,
        /// Minimum PPPK golongan.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pppk: Option<PppkGolongan>,
    },
    /// Rank at most the bound of the employee's own rank kind.
    RankAtMost {
        /// Maximum PNS golongan/ruang.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pns: Option<Golongan>,
        /// Maximum PPPK golongan.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pppk: Option<PppkGolongan>,
    },
    /// Current position kind is one of `kinds`.
    PositionKindIn {
        /// Allowed kinds.
        kinds: Vec<PositionKind>,
    },
    /// Time in the current position (since `position.since`) at least the duration.
    YearsInPosition {
        /// Years.
        #[serde(default)]
        years: u16,
        /// Extra months.
        #[serde(default)]
        months: u16,
    },
    /// Cumulative time in any of `kinds` (position history plus the current
    /// position; overlapping spells counted once; whole months per spell).
    CumulativeYearsIn {
        /// Kinds that count.
        kinds: Vec<PositionKind>,
        /// Years.
        #[serde(default)]
        years: u16,
        /// Extra months.
        #[serde(default)]
        months: u16,
    },
    /// Service since TMT CPNS (NIP digits 9-14) at least the duration.
    ServiceYearsAtLeast {
        /// Years.
        #[serde(default)]
        years: u16,
        /// Extra months.
        #[serde(default)]
        months: u16,
    },
    /// Age in whole years (birth date, else NIP) at most `years`. Statutory
    /// only: needs a `citation` (protected attribute `umur`).
    AgeAtMost {
        /// Maximum age.
        years: u16,
        /// The statute that sets the limit.
        citation: String,
    },
    /// Age in whole years at least `years`. Statutory only: needs a `citation`.
    AgeAtLeast {
        /// Minimum age.
        years: u16,
        /// The statute that sets the limit.
        citation: String,
    },
    /// Time left until the retirement age (BUP, PP 11/2017 Ps. 239) of
    /// `position` (default: the current position kind) at least the duration.
    YearsToRetirementAtLeast {
        /// Years.
        #[serde(default)]
        years: u16,
        /// Extra months.
        #[serde(default)]
        months: u16,
        /// Position kind whose BUP applies (the target position).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<PositionKind>,
        /// The statute that sets the limit.
        citation: String,
    },
    /// The predikat of each of the last `years` calendar years before the
    /// reference year is at least `at_least` (PermenPANRB 6/2022 order).
    PredikatLastYears {
        /// Number of years (1-10).
        years: u8,
        /// Minimum predikat.
        at_least: Predikat,
        /// Count the reference year itself as the latest year.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        include_reference_year: bool,
    },
    /// No discipline sanction (PP 94/2021) of level `level_at_least` or higher
    /// active at the date or ended less than the duration before it.
    NoDiscipline {
        /// Lowest level that counts.
        level_at_least: DisciplineLevel,
        /// Look-back years after the end of the sanction.
        #[serde(default)]
        years: u16,
        /// Extra look-back months.
        #[serde(default)]
        months: u16,
    },
    /// JPM (%) against the SKJ of `target` (default: the current position kind)
    /// at least `percent`. Computed from competency levels with the scoring
    /// policy's standards and cap; the reported `jpm` is used only for the
    /// current position kind.
    JpmAtLeast {
        /// Minimum JPM percentage.
        percent: f64,
        /// Target position kind.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target: Option<PositionKind>,
    },
    /// 9-box number (scoring policy of the request) is one of `boxes`.
    NineBoxIn {
        /// Box numbers.
        boxes: Vec<u16>,
    },
    /// Member of a talent pool (any, or one of `pools`).
    TalentPool {
        /// Pools that count (empty = any).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pools: Vec<Pool>,
    },
    /// A record field is present and not empty (`rank`, `position.since`,
    /// `attributes.<key>`, ...). Protected attributes are refused.
    FieldPresent {
        /// Field path.
        field: String,
    },
    /// `attributes.<key>` is one of `values` (compared after normalising case
    /// and separators). Protected attributes are refused.
    AttributeIn {
        /// Attribute key.
        key: String,
        /// Allowed values.
        values: Vec<String>,
    },
    /// Data quality: the NIP is well formed (Perka BKN 22/2007).
    NipValid,
    /// Data quality: `birth_date` equals the NIP birth date (digits 1-8).
    NipMatchesBirthDate,
    /// Data quality: a recorded sex attribute (`jenis_kelamin`, `sex`, `gender`)
    /// agrees with NIP digit 15. A consistency check: it never selects on the value.
    NipMatchesSex,
    /// Data quality: age at TMT CPNS (from the NIP) at least `years`.
    AppointmentAgeAtLeast {
        /// Minimum plausible age.
        years: u8,
    },
    /// Data quality: every competency and potential-aspect level is 1-5 (competency: whole numbers).
    CompetencyLevelsValid,
    /// Data quality: no other input row carries the same NIP.
    UniqueNip,
    /// Data quality: an appraisal for each of the last `years` years before the reference year.
    AppraisalYearsComplete {
        /// Number of years.
        years: u8,
    },
    /// Data quality: no date (birth, position, history, sanctions, appraisal year) after the reference date.
    NoFutureDates,
}

/// Record fields `field_present` may name (besides `attributes.<key>`).
pub const FIELDS: &[&str] = &[
    "name",
    "unit",
    "position.title",
    "position.since",
    "rank",
    "education",
    "performance",
    "performance_score",
    "competency",
    "jpm",
    "potential_score",
    "potential_aspects",
    "potential_assessment_score",
    "track_record_score",
    "track_record",
    "birth_date",
    "discipline",
    "position_history",
];

/// Whole calendar months from `a` to `b` (negative when `b` is before `a`).
pub fn full_months(a: Date, b: Date) -> i32 {
    let mut m = (i32::from(b.year()) - i32::from(a.year())) * 12 + i32::from(b.month()) - i32::from(a.month());
    if b.day() < a.day() {
        m -= 1;
    }
    m
}

fn dur(years: u16, months: u16) -> i32 {
    i32::from(years) * 12 + i32::from(months)
}

fn ev(ok: bool, actual: Val) -> Eval {
    Eval { outcome: if ok { Outcome::Pass } else { Outcome::Fail }, actual }
}

fn unknown() -> Eval {
    Eval { outcome: Outcome::Unknown, actual: Val::None }
}

/// `normalize(a) == b` for an already normalised `b`, without allocating.
fn norm_eq(a: &str, b: &str) -> bool {
    let mut out = b.chars();
    let mut sep = false;
    let mut started = false;
    for ch in a.trim().chars() {
        if ch.is_whitespace() || matches!(ch, '-' | '_' | '.' | '/' | '–') {
            sep = true;
            continue;
        }
        if sep && started && out.next() != Some('_') {
            return false;
        }
        sep = false;
        started = true;
        for l in ch.to_lowercase() {
            if out.next() != Some(l) {
                return false;
            }
        }
    }
    out.next().is_none()
}

fn sex_attr(v: &str) -> Option<crate::nip::Sex> {
    use crate::nip::Sex;
    match normalize(v).as_str() {
        "l" | "lk" | "laki_laki" | "laki" | "pria" | "male" | "m" | "1" => Some(Sex::Male),
        "p" | "pr" | "perempuan" | "wanita" | "female" | "f" | "w" | "2" => Some(Sex::Female),
        _ => None,
    }
}

/// Cumulative whole months in `kinds` up to `date`.
fn cumulative_months(s: &Subject<'_>, kinds: &[PositionKind], date: Date) -> Option<i32> {
    let e = s.e;
    if e.position_history.is_empty() {
        return if kinds.contains(&e.position.kind) {
            e.position.since.map(|since| if since <= date { full_months(since, date) } else { 0 })
        } else {
            Some(0)
        };
    }
    let mut spans: Vec<(Date, Date)> = Vec::new();
    for sp in &e.position_history {
        if kinds.contains(&sp.kind) && sp.start <= date {
            let end = sp.end.map_or(date, |x| x.min(date));
            if end > sp.start {
                spans.push((sp.start, end));
            }
        }
    }
    if kinds.contains(&e.position.kind) {
        match e.position.since {
            Some(since) if since <= date => spans.push((since, date)),
            Some(_) => {}
            None if spans.is_empty() => return None,
            None => {}
        }
    }
    crate::sort::stable(&mut spans);
    let mut total = 0;
    let mut cur: Option<(Date, Date)> = None;
    for (a, b) in spans {
        cur = match cur {
            Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += full_months(ca, cb);
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((ca, cb)) = cur {
        total += full_months(ca, cb);
    }
    Some(total)
}

fn sorted_codes() -> &'static [&'static str] {
    static CODES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        let mut v: Vec<&'static str> = crate::competency::Competency::ALL.iter().map(|c| c.code()).collect();
        crate::sort::stable(&mut v);
        v
    })
}

/// JPM against the SKJ of `target`, with the semantics of
/// [`crate::scoring::record_jpm`] (computed when the levels cover the
/// standard, summed in key order; else the reported `jpm`, for the current
/// kind only), without allocating.
fn jpm_for(s: &Subject<'_>, target: Option<PositionKind>, policy: &Policy) -> Option<f64> {
    let e = s.e;
    let kind = target.unwrap_or(e.position.kind);
    let level = |k: &str| -> Option<f64> {
        e.competency.get(k).copied().or_else(|| e.competency.iter().find(|(ek, _)| norm_eq(ek, k)).map(|(_, v)| *v))
    };
    let cap = policy.jpm.cap;
    let computed = match policy.jpm.standards.get(&kind) {
        Some(std) => {
            let covered = !std.is_empty() && std.keys().all(|k| level(k).is_some());
            covered
                .then(|| crate::competency::jpm(std.iter().map(|(k, &r)| (level(k).unwrap_or(0.0), f64::from(r))), cap))
        }
        None => {
            let req = f64::from(crate::competency::preset_required_level(kind));
            let mut att = [0.0f64; 9];
            let mut covered = true;
            for (slot, k) in att.iter_mut().zip(sorted_codes()) {
                match level(k) {
                    Some(v) => *slot = v,
                    None => {
                        covered = false;
                        break;
                    }
                }
            }
            covered.then(|| crate::competency::jpm(att.iter().map(|a| (*a, req)), cap))
        }
    };
    match computed {
        Some(v) => v,
        None if kind == e.position.kind => e.jpm,
        None => None,
    }
}

fn rank_cmp(rank: Option<Rank>, pns: Option<Golongan>, pppk: Option<PppkGolongan>, at_least: bool) -> Eval {
    let Some(r) = rank else { return unknown() };
    let actual = Val::Label(r.code(), r.label());
    let ok = match r {
        Rank::Pns(g) => pns.map(|b| if at_least { g >= b } else { g <= b }),
        Rank::Pppk(g) => pppk.map(|b| if at_least { g >= b } else { g <= b }),
    };
    ev(ok.unwrap_or(false), actual)
}

impl Predicate {
    /// Evaluates at the subject's reference date.
    pub fn eval(&self, s: &Subject<'_>, policy: &Policy) -> Eval {
        let e = s.e;
        let date = s.date;
        match self {
            Predicate::All { of } => {
                let mut out = Outcome::Pass;
                for p in of {
                    match p.eval(s, policy).outcome {
                        Outcome::Fail => return Eval { outcome: Outcome::Fail, actual: Val::None },
                        Outcome::Unknown => out = Outcome::Unknown,
                        Outcome::Pass => {}
                    }
                }
                Eval { outcome: out, actual: Val::None }
            }
            Predicate::Any { of } => {
                let mut out = Outcome::Fail;
                for p in of {
                    match p.eval(s, policy).outcome {
                        Outcome::Pass => return Eval { outcome: Outcome::Pass, actual: Val::None },
                        Outcome::Unknown => out = Outcome::Unknown,
                        Outcome::Fail => {}
                    }
                }
                Eval { outcome: out, actual: Val::None }
            }
            Predicate::Not { of } => {
                let r = of.eval(s, policy);
                let outcome = match r.outcome {
                    Outcome::Pass => Outcome::Fail,
                    Outcome::Fail => Outcome::Pass,
                    Outcome::Unknown => Outcome::Unknown,
                };
                Eval { outcome, actual: r.actual }
            }
            Predicate::EducationAtLeast { level } => match e.education {
                Some(x) => ev(x.qualification_rank() >= level.qualification_rank(), Val::Label(x.code(), x.label())),
                None => unknown(),
            },
            Predicate::RankAtLeast { pns, pppk, eselon } => {
                rank_cmp(e.rank, pns.or(eselon.map(|x| x.rank_floor())), *pppk, true)
            }
            Predicate::RankAtMost { pns, pppk } => rank_cmp(e.rank, *pns, *pppk, false),
            Predicate::PositionKindIn { kinds } => {
                let k = e.position.kind;
                ev(kinds.contains(&k), Val::Label(k.code(), k.label()))
            }
            Predicate::YearsInPosition { years, months } => match e.position.since {
                Some(since) => {
                    let m = full_months(since, date);
                    ev(m >= dur(*years, *months), Val::Months(m))
                }
                None => unknown(),
            },
            Predicate::CumulativeYearsIn { kinds, years, months } => match cumulative_months(s, kinds, date) {
                Some(m) => ev(m >= dur(*years, *months), Val::Months(m)),
                None => unknown(),
            },
            Predicate::ServiceYearsAtLeast { years, months } => match &s.nip {
                Some(n) => match Date::new(n.appointment_year(), n.appointment_month().unwrap_or(1), 1) {
                    Ok(tmt) => {
                        let m = full_months(tmt, date);
                        ev(m >= dur(*years, *months), Val::Months(m))
                    }
                    Err(_) => unknown(),
                },
                None => unknown(),
            },
            Predicate::AgeAtMost { years, .. } => match s.birth {
                Some(b) => {
                    let a = crate::nip::whole_years(b, date);
                    ev(a <= i32::from(*years), Val::Years(a))
                }
                None => unknown(),
            },
            Predicate::AgeAtLeast { years, .. } => match s.birth {
                Some(b) => {
                    let a = crate::nip::whole_years(b, date);
                    ev(a >= i32::from(*years), Val::Years(a))
                }
                None => unknown(),
            },
            Predicate::YearsToRetirementAtLeast { years, months, position, .. } => {
                let kind = position.unwrap_or(e.position.kind);
                match s.birth.and_then(|b| crate::date::add_years(b, kind.retirement_age())) {
                    Some(bup) => {
                        let left = full_months(date, bup);
                        ev(left >= dur(*years, *months), Val::Months(left))
                    }
                    None => unknown(),
                }
            }
            Predicate::PredikatLastYears { years, at_least, include_reference_year } => {
                let last = if *include_reference_year { date.year() } else { date.year() - 1 };
                let mut worst: Option<Predikat> = None;
                let mut missing = false;
                for k in 0..i16::from(*years) {
                    let y = last - k;
                    match e.performance.iter().find(|a| a.year == y).and_then(|a| a.effective_predikat()) {
                        Some(p) => worst = Some(worst.map_or(p, |w| w.min(p))),
                        None => missing = true,
                    }
                }
                match worst {
                    Some(w) if w < *at_least => ev(false, Val::Label(w.code(), w.label())),
                    Some(w) if !missing => ev(true, Val::Label(w.code(), w.label())),
                    _ => unknown(),
                }
            }
            Predicate::NoDiscipline { level_at_least, years, months } => {
                let window = dur(*years, *months);
                let hit =
                    e.discipline.iter().filter(|d| d.level >= *level_at_least && d.start <= date).find(|d| {
                        match d.end {
                            None => true,
                            Some(end) => end >= date || full_months(end, date) < window,
                        }
                    });
                match hit {
                    Some(d) => ev(false, Val::Label(d.level.code(), d.level.label())),
                    None => ev(true, Val::Absent),
                }
            }
            Predicate::JpmAtLeast { percent, target } => match jpm_for(s, *target, policy) {
                Some(v) => ev(v >= *percent, Val::Num(v)),
                None => unknown(),
            },
            Predicate::NineBoxIn { boxes } => match s.placement.and_then(|p| p.box_) {
                Some(b) => ev(boxes.contains(&b), Val::Int(i64::from(b))),
                None => unknown(),
            },
            Predicate::TalentPool { pools } => match s.placement {
                Some(p) if p.box_.is_some() => {
                    let ok = p.talent_pool.iter().any(|x| pools.is_empty() || pools.contains(x));
                    let codes: Vec<&str> = p.talent_pool.iter().map(|x| x.code()).collect();
                    ev(ok, if codes.is_empty() { Val::Absent } else { Val::Text(codes.join("+").into()) })
                }
                _ => unknown(),
            },
            Predicate::FieldPresent { field } => {
                let present = field_present(e, field);
                ev(present, Val::Bool(present))
            }
            Predicate::AttributeIn { key, values } => {
                let k = normalize(key);
                match e.attributes.iter().find(|(ak, _)| norm_eq(ak, &k)) {
                    // `actual` says whether the value is listed (yes / no), never the
                    // person's own value: it is free text from the data (messages never
                    // echo input), like `field_present`.
                    Some((_, v)) if !v.trim().is_empty() => {
                        let nv = normalize(v);
                        let listed = values.iter().any(|x| normalize(x) == nv);
                        ev(listed, Val::Bool(listed))
                    }
                    _ => unknown(),
                }
            }
            Predicate::NipValid => match &s.nip_problem {
                None => ev(true, self.expected()), // (valid: what is required)
                // (the problem's own message: value-free, in both languages)
                Some(p) => ev(false, Val::Word(p.code.as_str().into(), p.message.clone())),
            },
            Predicate::NipMatchesBirthDate => match (&s.nip, e.birth_date) {
                // `actual` says consistent / inconsistent, never the date itself (personal data).
                (Some(n), Some(b)) => {
                    let same = n.birth_date() == b;
                    ev(same, consistent(same))
                }
                _ => unknown(),
            },
            Predicate::NipMatchesSex => {
                let attr = e
                    .attributes
                    .iter()
                    .find(|(k, _)| ["jenis_kelamin", "sex", "gender", "kelamin", "jk"].iter().any(|n| norm_eq(k, n)));
                match (&s.nip, attr.and_then(|(_, v)| sex_attr(v))) {
                    (Some(n), Some(x)) => ev(n.sex() == x, consistent(n.sex() == x)),
                    _ => unknown(),
                }
            }
            Predicate::AppointmentAgeAtLeast { years } => match &s.nip {
                Some(n) => {
                    let a = n.age_at_appointment();
                    ev(a >= i16::from(*years), Val::Years(i32::from(a)))
                }
                None => unknown(),
            },
            Predicate::CompetencyLevelsValid => {
                if e.competency.is_empty() && e.potential_aspects.is_empty() {
                    return unknown();
                }
                let bad_c =
                    e.competency.iter().find(|(_, v)| !(v.is_finite() && v.fract() == 0.0 && (1.0..=5.0).contains(*v)));
                let bad_p = e.potential_aspects.iter().find(|(_, v)| !(v.is_finite() && (1.0..=5.0).contains(*v)));
                match bad_c.or(bad_p) {
                    Some((k, _)) => ev(false, Val::Text(k.clone().into())),
                    None => ev(true, Val::Text("1-5".into())),
                }
            }
            Predicate::UniqueNip => ev(s.nip_count <= 1, Val::Int(s.nip_count as i64)),
            Predicate::AppraisalYearsComplete { years } => {
                let last = date.year() - 1;
                let present = |y: &i16| e.performance.iter().any(|a| a.year == *y);
                if (0..i16::from(*years)).map(|k| last - k).all(|y| present(&y)) {
                    return ev(true, self.expected()); // (complete: what is required)
                }
                let missing: Vec<String> =
                    (0..i16::from(*years)).map(|k| last - k).filter(|y| !present(y)).map(|y| y.to_string()).collect();
                ev(false, Val::Text(missing.join(", ").into()))
            }
            Predicate::NoFutureDates => match future_date(e, date) {
                Some(path) => ev(false, Val::Text(path.into())),
                None => ev(true, Val::Absent),
            },
        }
    }

    /// The expected value, for the answer and for message templates.
    pub fn expected(&self) -> Val {
        let lab = |c: &'static str, l: &'static str| Val::Label(c, l);
        let kinds = |ks: &[PositionKind]| Val::List(ks.iter().map(|k| Val::Label(k.code(), k.label())).collect());
        let rank_b = |pns: &Option<Golongan>, pppk: &Option<PppkGolongan>| {
            let mut v = Vec::new();
            if let Some(g) = pns {
                v.push(Val::Label(g.code(), g.label()));
            }
            if let Some(g) = pppk {
                v.push(Val::Label(g.code(), g.label()));
            }
            if v.len() == 1 {
                v.remove(0)
            } else {
                Val::List(v)
            }
        };
        match self {
            Predicate::All { .. } => Val::Text("all".into()),
            Predicate::Any { .. } => Val::Text("any".into()),
            Predicate::Not { of } => Val::List(vec![Val::Text("not".into()), of.expected()]),
            Predicate::EducationAtLeast { level } => lab(level.code(), level.label()),
            Predicate::RankAtLeast { pns, pppk, eselon } => rank_b(&pns.or(eselon.map(|x| x.rank_floor())), pppk),
            Predicate::RankAtMost { pns, pppk } => rank_b(pns, pppk),
            Predicate::PositionKindIn { kinds: ks } => kinds(ks),
            Predicate::YearsInPosition { years, months }
            | Predicate::CumulativeYearsIn { years, months, .. }
            | Predicate::ServiceYearsAtLeast { years, months }
            | Predicate::YearsToRetirementAtLeast { years, months, .. }
            | Predicate::NoDiscipline { years, months, .. } => Val::Months(dur(*years, *months)),
            Predicate::AgeAtMost { years, .. } | Predicate::AgeAtLeast { years, .. } => Val::Years(i32::from(*years)),
            Predicate::PredikatLastYears { at_least, .. } => lab(at_least.code(), at_least.label()),
            Predicate::JpmAtLeast { percent, .. } => Val::Num(*percent),
            Predicate::NineBoxIn { boxes } => Val::List(boxes.iter().map(|b| Val::Int(i64::from(*b))).collect()),
            Predicate::TalentPool { pools } => Val::Text(if pools.is_empty() {
                "any".into()
            } else {
                pools.iter().map(|p| p.code()).collect::<Vec<_>>().join("+").into()
            }),
            Predicate::FieldPresent { field } => Val::Text(field.clone().into()),
            Predicate::AttributeIn { values, .. } => {
                Val::List(values.iter().map(|v| Val::Text(v.clone().into())).collect())
            }
            Predicate::NipValid => Val::word("valid", "valid", "sah"),
            Predicate::NipMatchesBirthDate | Predicate::NipMatchesSex => consistent(true),
            Predicate::AppointmentAgeAtLeast { years } => Val::Years(i32::from(*years)),
            Predicate::CompetencyLevelsValid => Val::Text("1-5".into()),
            Predicate::UniqueNip => Val::Int(1),
            Predicate::AppraisalYearsComplete { .. } => Val::word("complete", "complete", "lengkap"),
            Predicate::NoFutureDates => Val::Absent,
        }
    }

    /// What data an unknown outcome was missing (bilingual).
    pub fn needs(&self) -> (&'static str, &'static str) {
        match self {
            Predicate::All { .. } | Predicate::Any { .. } | Predicate::Not { .. } => {
                ("data for a sub-condition", "data untuk salah satu syarat")
            }
            Predicate::EducationAtLeast { .. } => ("education", "pendidikan"),
            Predicate::RankAtLeast { .. } | Predicate::RankAtMost { .. } => ("rank (golongan)", "golongan/ruang"),
            Predicate::PositionKindIn { .. } => ("position kind", "jenis jabatan"),
            Predicate::YearsInPosition { .. } => ("position.since (TMT jabatan)", "TMT jabatan"),
            Predicate::CumulativeYearsIn { .. } => {
                ("position history or TMT jabatan", "riwayat jabatan atau TMT jabatan")
            }
            Predicate::ServiceYearsAtLeast { .. }
            | Predicate::AppointmentAgeAtLeast { .. }
            | Predicate::NipMatchesBirthDate => ("a valid NIP (and birth_date)", "NIP yang valid (dan tanggal lahir)"),
            Predicate::AgeAtMost { .. } | Predicate::AgeAtLeast { .. } | Predicate::YearsToRetirementAtLeast { .. } => {
                ("birth date (birth_date or a valid NIP)", "tanggal lahir (atau NIP yang valid)")
            }
            Predicate::PredikatLastYears { .. } => {
                ("an appraisal predikat for each year", "predikat penilaian kinerja setiap tahun")
            }
            Predicate::NoDiscipline { .. } => ("discipline history", "riwayat hukuman disiplin"),
            Predicate::JpmAtLeast { .. } => {
                ("competency levels covering the SKJ, or jpm", "level kompetensi sesuai SKJ, atau JPM")
            }
            Predicate::NineBoxIn { .. } | Predicate::TalentPool { .. } => {
                ("a 9-box placement", "penempatan kotak talenta")
            }
            Predicate::FieldPresent { .. } => ("the field", "kolom"),
            Predicate::AttributeIn { .. } => ("the attribute", "atribut"),
            Predicate::NipValid
            | Predicate::UniqueNip
            | Predicate::NoFutureDates
            | Predicate::AppraisalYearsComplete { .. } => ("record", "rekaman"),
            Predicate::NipMatchesSex => {
                ("a valid NIP and a recorded sex attribute", "NIP yang valid dan atribut jenis kelamin")
            }
            Predicate::CompetencyLevelsValid => ("competency levels", "level kompetensi"),
        }
    }

    /// The predicate's `kind` tag.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Predicate::All { .. } => "all",
            Predicate::Any { .. } => "any",
            Predicate::Not { .. } => "not",
            Predicate::EducationAtLeast { .. } => "education_at_least",
            Predicate::RankAtLeast { .. } => "rank_at_least",
            Predicate::RankAtMost { .. } => "rank_at_most",
            Predicate::PositionKindIn { .. } => "position_kind_in",
            Predicate::YearsInPosition { .. } => "years_in_position",
            Predicate::CumulativeYearsIn { .. } => "cumulative_years_in",
            Predicate::ServiceYearsAtLeast { .. } => "service_years_at_least",
            Predicate::AgeAtMost { .. } => "age_at_most",
            Predicate::AgeAtLeast { .. } => "age_at_least",
            Predicate::YearsToRetirementAtLeast { .. } => "years_to_retirement_at_least",
            Predicate::PredikatLastYears { .. } => "predikat_last_years",
            Predicate::NoDiscipline { .. } => "no_discipline",
            Predicate::JpmAtLeast { .. } => "jpm_at_least",
            Predicate::NineBoxIn { .. } => "nine_box_in",
            Predicate::TalentPool { .. } => "talent_pool",
            Predicate::FieldPresent { .. } => "field_present",
            Predicate::AttributeIn { .. } => "attribute_in",
            Predicate::NipValid => "nip_valid",
            Predicate::NipMatchesBirthDate => "nip_matches_birth_date",
            Predicate::NipMatchesSex => "nip_matches_sex",
            Predicate::AppointmentAgeAtLeast { .. } => "appointment_age_at_least",
            Predicate::CompetencyLevelsValid => "competency_levels_valid",
            Predicate::UniqueNip => "unique_nip",
            Predicate::AppraisalYearsComplete { .. } => "appraisal_years_complete",
            Predicate::NoFutureDates => "no_future_dates",
        }
    }

    /// Replaces the eselon of every eselon-derived rank floor in the tree.
    pub fn set_eselon(&mut self, to: crate::rank::Eselon) {
        match self {
            Predicate::RankAtLeast { eselon: Some(x), .. } => *x = to,
            Predicate::All { of } | Predicate::Any { of } => of.iter_mut().for_each(|p| p.set_eselon(to)),
            Predicate::Not { of } => of.set_eselon(to),
            _ => {}
        }
    }

    /// True when some rank floor in the tree is derived from an eselon.
    pub fn uses_eselon(&self) -> bool {
        matches!(self, Predicate::RankAtLeast { pns: None, eselon: Some(_), .. })
            || self.children().iter().any(Predicate::uses_eselon)
    }

    /// Sub-predicates (for walks).
    pub fn children(&self) -> &[Predicate] {
        match self {
            Predicate::All { of } | Predicate::Any { of } => of,
            Predicate::Not { of } => std::slice::from_ref(of.as_ref()),
            _ => &[],
        }
    }

    /// True when the predicate tree needs 9-box scoring of the population.
    pub fn needs_scoring(&self) -> bool {
        matches!(self, Predicate::NineBoxIn { .. } | Predicate::TalentPool { .. })
            || self.children().iter().any(Predicate::needs_scoring)
    }

    /// True for the statutory age/retirement predicates (anywhere in the tree).
    pub fn is_statutory(&self) -> bool {
        matches!(
            self,
            Predicate::AgeAtMost { .. } | Predicate::AgeAtLeast { .. } | Predicate::YearsToRetirementAtLeast { .. }
        ) || self.children().iter().any(Predicate::is_statutory)
    }
}

fn field_present(e: &crate::model::Employee, field: &str) -> bool {
    if let Some(k) = field.strip_prefix("attributes.") {
        let k = normalize(k);
        return e.attributes.iter().any(|(ak, v)| norm_eq(ak, &k) && !v.trim().is_empty());
    }
    match field {
        "name" => e.name.as_deref().is_some_and(|s| !s.trim().is_empty()),
        "unit" => !e.unit.trim().is_empty(),
        "position.title" => e.position.title.as_deref().is_some_and(|s| !s.trim().is_empty()),
        "position.since" => e.position.since.is_some(),
        "rank" => e.rank.is_some(),
        "education" => e.education.is_some(),
        "performance" => !e.performance.is_empty(),
        "performance_score" => e.performance_score.is_some(),
        "competency" => !e.competency.is_empty(),
        "jpm" => e.jpm.is_some(),
        "potential_score" => e.potential_score.is_some(),
        "potential_aspects" => !e.potential_aspects.is_empty(),
        "potential_assessment_score" => e.potential_assessment_score.is_some(),
        "track_record_score" => e.track_record_score.is_some(),
        "track_record" => !e.track_record.is_empty(),
        "birth_date" => e.birth_date.is_some(),
        "discipline" => !e.discipline.is_empty(),
        "position_history" => !e.position_history.is_empty(),
        _ => false,
    }
}

fn future_date(e: &crate::model::Employee, date: Date) -> Option<String> {
    let after = |d: Option<Date>| d.is_some_and(|d| d > date);
    if after(e.birth_date) {
        return Some("birth_date".into());
    }
    if after(e.position.since) {
        return Some("position.since".into());
    }
    for (i, sp) in e.position_history.iter().enumerate() {
        if sp.start > date || after(sp.end) {
            return Some(format!("position_history[{i}]"));
        }
    }
    for (i, d) in e.discipline.iter().enumerate() {
        if d.start > date {
            return Some(format!("discipline[{i}].start"));
        }
    }
    for (i, a) in e.performance.iter().enumerate() {
        if a.year > date.year() {
            return Some(format!("performance[{i}].year"));
        }
    }
    None
}

/// `consistent` / `inconsistent`, as a word of both languages.
fn consistent(same: bool) -> Val {
    if same {
        Val::word("consistent", "consistent", "sesuai")
    } else {
        Val::word("inconsistent", "inconsistent", "tidak sesuai")
    }
}

#[cfg(test)]
mod tests {
    use super::norm_eq;
    use crate::label::normalize;

    #[test]
    fn norm_eq_agrees_with_normalize() {
        for a in [
            "Jenis Kelamin",
            "jenis_kelamin",
            " JENIS--KELAMIN ",
            "jeniskelamin",
            "sex",
            "Sex.",
            "_sex",
            "s e x",
            "Agama",
            "",
            "  ",
            "jk",
            "jk_",
        ] {
            for b in ["jenis_kelamin", "sex", "s_e_x", "agama", "", "jk"] {
                assert_eq!(norm_eq(a, b), normalize(a) == b, "{a:?} vs {b:?}");
            }
        }
    }
}
