//! Per-candidate facts, computed once per call and shared by every position.

use crate::competency::Competency;
use crate::model::Employee;
use crate::nip::{Nip, Sex};
use crate::performance::Predikat;
use crate::position::PositionKind;
use crate::scoring::Placement;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Facts about one scored employee.
#[derive(Clone, Debug)]
pub struct Candidate<'a> {
    /// Input row.
    pub row: usize,
    /// The record.
    pub employee: &'a Employee,
    /// Its placement.
    pub placement: &'a Placement,
    /// Box number (copied from the placement: the hot field of the pool gate).
    pub box_: Option<u16>,
    /// Parsed NIP.
    pub nip: Option<Nip>,
    /// Levels of the nine standard competencies, in `Competency::ALL` order.
    pub standard_levels: [Option<f64>; 9],
    /// Other competency levels (normalised keys).
    pub other_levels: BTreeMap<String, f64>,
    /// Mean predikat ordinal (1 = sangat kurang .. 5 = sangat baik) over the latest years.
    pub performance_mean: Option<f64>,
    /// Predikats of the latest two appraisal years, latest first.
    pub latest_predikats: Vec<Predikat>,
    /// Days spent in each position kind (index = `PositionKind as usize`) up to the reference date.
    pub days_by_kind: [f64; 14],
    /// Years in the current position.
    pub years_in_position: Option<f64>,
    /// BUP dates for ages 58, 60, 65 (computed once).
    retirement: [Option<Date>; 3],
}

const BUP_AGES: [u8; 3] = [58, 60, 65];

fn days(from: Date, to: Date) -> f64 {
    (crate::date::days_between(from, to) as f64).max(0.0)
}

impl<'a> Candidate<'a> {
    /// Builds the facts.
    pub fn new(row: usize, e: &'a Employee, p: &'a Placement, today: Date, performance_years: usize) -> Self {
        let mut standard_levels = [None; 9];
        let mut other_levels = BTreeMap::new();
        for (k, v) in &e.competency {
            let key = crate::label::normalize(k);
            match Competency::ALL.iter().position(|c| c.code() == key) {
                Some(i) => standard_levels[i] = Some(*v),
                None => {
                    other_levels.insert(key, *v);
                }
            }
        }
        let mut apps: Vec<_> =
            e.performance.iter().filter_map(|a| a.effective_predikat().map(|p| (a.year, p))).collect();
        crate::sort::stable_by_key(&mut apps, |a| std::cmp::Reverse(a.0));
        let used: Vec<_> = apps.iter().take(performance_years.max(1)).collect();
        let performance_mean = (!used.is_empty()).then(|| {
            let mut s = 0.0;
            for (_, p) in &used {
                s += f64::from(*p as u8 + 1);
            }
            s / used.len() as f64
        });
        let latest_predikats = apps.iter().take(2).map(|(_, p)| *p).collect();
        let mut days_by_kind = [0.0; 14];
        if e.position_history.is_empty() {
            if let Some(since) = e.position.since {
                days_by_kind[e.position.kind as usize] += days(since, today);
            }
        } else {
            for s in &e.position_history {
                let end = s.end.unwrap_or(today).min(today);
                days_by_kind[s.kind as usize] += days(s.start, end);
            }
        }
        let nip = Nip::parse(&e.nip, None).ok();
        let retirement = BUP_AGES.map(|a| nip.as_ref().and_then(|n| add_years(n.birth_date(), a)));
        Candidate {
            row,
            employee: e,
            placement: p,
            box_: p.box_,
            nip,
            retirement,
            standard_levels,
            other_levels,
            performance_mean,
            latest_predikats,
            days_by_kind,
            years_in_position: e.position.since.map(|s| days(s, today) / 365.25),
        }
    }
    /// Level of a competency key (normalised).
    pub fn level(&self, key: &str) -> Option<f64> {
        match Competency::ALL.iter().position(|c| c.code() == key) {
            Some(i) => self.standard_levels[i],
            None => self.other_levels.get(key).copied(),
        }
    }
    /// Years in the given kinds.
    pub fn experience_years(&self, kinds: &[PositionKind]) -> f64 {
        let mut d = 0.0;
        for k in kinds {
            d += self.days_by_kind[*k as usize];
        }
        d / 365.25
    }
    /// Date the candidate reaches the BUP of `kind` (birth date + BUP years).
    pub fn retirement_date(&self, kind: PositionKind) -> Option<Date> {
        let age = kind.retirement_age();
        match BUP_AGES.iter().position(|&a| a == age) {
            Some(i) => self.retirement[i],
            None => add_years(self.nip.as_ref()?.birth_date(), age),
        }
    }
    /// Age in whole years on `today`.
    pub fn age(&self, today: Date) -> Option<i32> {
        self.nip.as_ref().map(|n| crate::nip::whole_years(n.birth_date(), today))
    }
    /// Sex from the NIP (fairness analysis only).
    pub fn sex(&self) -> Option<Sex> {
        self.nip.as_ref().map(Nip::sex)
    }
}

pub use crate::date::add_years;

/// Years (fractional) from `today` to `date` (negative when past).
pub fn years_until(today: Date, date: Date) -> f64 {
    if date >= today {
        days(today, date) / 365.25
    } else {
        -days(date, today) / 365.25
    }
}
