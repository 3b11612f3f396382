//! Partitions (issue 16): random populations split at random into partitions give, through
//! summarise → merge → resolve → score per partition, exactly the single-machine answer
//! (placements with their explanations, row errors, counts) for fixed, percentile and
//! distribution cut-offs, scope all and unit, by records and by the columnar kernel; the merge
//! is associative and commutative; the level kernel on a histogram is the former kernel on the
//! sorted scores; a unit outside the summary, an altered resolved policy, another policy's
//! summary and an oversized summary are refused with their codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::columnar::{employees_to_flat, score_flat};
use meritkit::cutoffs::LevelTable;
use meritkit::error::Code;
use meritkit::generate::{population, Options};
use meritkit::model::Employee;
use meritkit::partition::{self, ResolvedPolicy, Summary};
use meritkit::policy::{Cutoffs, PerformanceSource, Policy, Rounding, Scope};
use meritkit::scoring::{score, Context, Detail, ParsedRow};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The level kernel as it stood before it read histograms (sorted scores), kept as the reference.
fn reference_thresholds(cut: &Cutoffs, mut scores: Vec<f64>, levels: usize) -> Vec<Option<f64>> {
    scores.sort_by(f64::total_cmp);
    let n = scores.len();
    match cut {
        Cutoffs::Fixed { thresholds } => thresholds.iter().map(|&t| Some(t)).collect(),
        Cutoffs::Percentile { thresholds, .. } => thresholds
            .iter()
            .map(|&t| {
                let mut i = 0;
                while i < n {
                    let below = scores.partition_point(|v| *v < scores[i]);
                    if below as f64 / n as f64 >= t {
                        return Some(scores[i]);
                    }
                    i = scores.partition_point(|v| *v <= scores[i]);
                }
                None
            })
            .collect(),
        Cutoffs::Distribution { shares, rounding, .. } => {
            let desc: Vec<f64> = scores.iter().rev().copied().collect();
            let mut th = vec![None; levels.saturating_sub(1)];
            let mut cum_share = 0.0;
            let mut pos = 0usize;
            for lvl in (2..=levels).rev() {
                cum_share += shares.get(lvl - 1).copied().unwrap_or(0.0);
                let raw = cum_share * n as f64;
                let q = match rounding {
                    Rounding::Nearest => (raw + 0.5 - 1e-9).floor(),
                    Rounding::Up => (raw - 1e-9).ceil(),
                    Rounding::Down => (raw + 1e-9).floor(),
                };
                let mut end = (q.max(0.0) as usize).min(n).max(pos);
                if end > pos && end < n && desc[end - 1] == desc[end] {
                    let tied = desc[end - 1];
                    while end > pos && desc[end - 1] == tied {
                        end -= 1;
                    }
                }
                if end > pos {
                    th[lvl - 2] = Some(desc[end - 1]);
                }
                pos = end;
            }
            th
        }
    }
}

fn cutoffs(kind: u8, scope: Scope, a: f64, b: f64) -> Cutoffs {
    // (settings as people write them: two decimals)
    let (a, b) = ((a * 100.0).round() / 100.0, (b * 100.0).round() / 100.0);
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    match kind {
        0 => Cutoffs::Fixed { thresholds: vec![60.0, 80.0] },
        1 => Cutoffs::Percentile { thresholds: vec![lo.clamp(0.01, 0.49), hi.clamp(0.5, 0.99)], scope },
        _ => {
            let top = (1.0 - hi).clamp(0.0, 0.6);
            let low = lo.clamp(0.0, 0.4);
            let rounding = [Rounding::Nearest, Rounding::Up, Rounding::Down][(a * 100.0) as usize % 3];
            let mid = ((1.0 - low - top) * 100.0).round() / 100.0;
            Cutoffs::Distribution { shares: vec![low, mid, top], scope, rounding }
        }
    }
}

#[test]
fn the_histogram_kernel_is_the_sorted_scores_kernel() {
    let mut runner = TestRunner::new_with_rng(
        Config { cases: 400, failure_persistence: None, ..Config::default() },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strat =
        (prop::collection::vec((0u32..40).prop_map(|x| f64::from(x) * 2.5), 0..60), 0u8..3, 0.0f64..1.0, 0.0f64..1.0);
    runner
        .run(&strat, |(scores, kind, a, b)| {
            let cut = cutoffs(kind, Scope::All, a, b);
            let t = LevelTable::new(&cut, scores.clone(), 3);
            prop_assert_eq!(t.score_thresholds().to_vec(), reference_thresholds(&cut, scores.clone(), 3));
            prop_assert_eq!(t.population(), if kind == 0 { 0 } else { scores.len() }.max(t.population()));
            if matches!(cut, Cutoffs::Percentile { .. }) {
                for &x in &scores {
                    let below = scores.iter().filter(|&&v| v < x).count();
                    prop_assert_eq!(t.rank(x), below as f64 / scores.len() as f64);
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A population with ties (integer or half-point scores), rows with errors and rows without a potensial score.
fn people(count: usize, seed: u64, units: usize) -> Vec<Employee> {
    let opts = Options { count, seed, units: (0..units).map(|u| format!("Unit {u}")).collect(), ..Options::default() };
    let mut v = population(&opts);
    for (i, e) in v.iter_mut().enumerate() {
        let h = (i as u64).wrapping_mul(2654435761).wrapping_add(seed) % 97;
        if let Some(s) = e.potential_score {
            e.potential_score = Some((s * 2.0).round() / 2.0);
        }
        e.performance_score = Some(f64::from((h * 7 % 41) as u32) * 2.5);
        match h {
            0 => e.potential_score = Some(130.0), // score_out_of_range: an error row, in no population
            1 => {
                e.potential_score = None;
                e.jpm = None;
                e.competency.clear();
                e.potential_aspects.clear();
                e.potential_assessment_score = None;
                e.track_record_score = None;
                e.track_record.clear();
            }
            2 => e.performance.clear(),
            _ => {}
        }
    }
    v
}

fn policy(pot: Cutoffs, perf: Option<Cutoffs>, holding: bool) -> Policy {
    let mut p = Policy::preset("permenpanrb_3_2020").unwrap();
    p.potential.cutoffs = pot;
    if let Some(c) = perf {
        p.performance.source = PerformanceSource::Score;
        p.performance.cutoffs = Some(c);
    }
    if holding {
        p.missing = meritkit::policy::MissingData::Holding;
    }
    assert!(p.check().is_empty(), "{:?}", p.check());
    p
}

/// Partition bounds: `cuts` positions (sorted, deduplicated) in 0..=n.
fn bounds(n: usize, cuts: &[usize]) -> Vec<(usize, usize)> {
    let mut c: Vec<usize> = cuts.iter().map(|&x| x % (n + 1)).collect();
    c.push(0);
    c.push(n);
    c.sort_unstable();
    c.dedup();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

fn check_partitions(emps: &[Employee], p: &Policy, parts: &[(usize, usize)], order: &[usize]) {
    let ctx = Context { detail: Detail::Full, ..Context::default() };
    let rows: Vec<ParsedRow> = emps.iter().cloned().map(Ok).collect();
    let whole = score(emps, p, &ctx);
    // summaries per partition, merged in the given order, and merged two other ways
    let sums: Vec<Summary> =
        parts.iter().map(|&(a, b)| partition::summarise_rows(&rows[a..b], p, &ctx).unwrap()).collect();
    let one = partition::summarise_rows(&rows, p, &ctx).unwrap();
    let merged = partition::merge(&sums).unwrap();
    assert_eq!(merged, one, "merge of the partitions' summaries is the whole input's summary");
    let shuffled: Vec<Summary> = order.iter().filter_map(|&k| sums.get(k % sums.len()).cloned()).collect();
    if shuffled.len() == sums.len() && {
        let mut ks: Vec<usize> = order.iter().map(|&k| k % sums.len()).collect();
        ks.sort_unstable();
        ks.dedup();
        ks.len() == sums.len()
    } {
        assert_eq!(partition::merge(&shuffled).unwrap(), one, "commutative");
    }
    if sums.len() >= 3 {
        let right = partition::merge(&[sums[0].clone(), partition::merge(&sums[1..]).unwrap()]).unwrap();
        assert_eq!(right, one, "associative");
    }
    let resolved = partition::resolve(p, &merged).unwrap();
    // the resolved policy survives JSON with its fingerprint
    let text = resolved.to_json();
    let back = ResolvedPolicy::from_json_str(&text).unwrap();
    assert_eq!(back, resolved);
    // per-row answers by records: byte-identical placements (explanations included), errors, counts
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let mut counts = Vec::new();
    for &(a, b) in parts {
        let out = partition::score_rows(&rows[a..b], &back, &ctx, a).unwrap();
        assert_eq!(out.policy, whole.policy);
        results.extend(out.results);
        errors.extend(out.errors);
        counts.push(out.summary);
    }
    assert_eq!(serde_json::to_string(&results).unwrap(), serde_json::to_string(&whole.results).unwrap());
    assert_eq!(serde_json::to_string(&errors).unwrap(), serde_json::to_string(&whole.errors).unwrap());
    assert_eq!(partition::merge_score_summaries(&counts).unwrap(), whole.summary);
    // and by the columnar kernel (what Arrow batches take): summaries and columns alike
    let flat_whole = employees_to_flat(emps);
    let whole_view = flat_whole.view();
    let fw = score_flat(&whole_view, p, &ctx).unwrap();
    let mut flat_sums = Vec::new();
    let mut flat_counts = Vec::new();
    let (mut boxes, mut pot_levels, mut perf_levels, mut status, mut codes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut flat_errors = Vec::new();
    for &(a, b) in parts {
        let t = employees_to_flat(&emps[a..b]);
        let view = t.view();
        flat_sums.push(partition::summarise_table(&view, p, &ctx).unwrap());
        let fs = partition::score_table(&view, &resolved, &ctx, a).unwrap();
        boxes.extend(fs.boxes);
        pot_levels.extend(fs.potential_level);
        perf_levels.extend(fs.performance_level);
        status.extend(fs.status);
        codes.extend(fs.error_code);
        flat_errors.extend(fs.errors);
        flat_counts.push(fs.summary);
    }
    assert_eq!(partition::merge(&flat_sums).unwrap(), one, "the columnar observing pass summarises alike");
    assert_eq!(boxes, fw.boxes);
    assert_eq!(pot_levels, fw.potential_level);
    assert_eq!(perf_levels, fw.performance_level);
    assert_eq!(status, fw.status);
    assert_eq!(codes, fw.error_code);
    assert_eq!(flat_errors, fw.errors);
    assert_eq!(partition::merge_score_summaries(&flat_counts).unwrap(), fw.summary);
}

#[test]
fn partitions_scored_apart_are_the_whole_input_scored_at_once() {
    let mut runner = TestRunner::new_with_rng(
        Config { cases: 96, failure_persistence: None, ..Config::default() },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strat = (
        20usize..160,
        any::<u64>(),
        1usize..5,
        prop::collection::vec(any::<usize>(), 0..6),
        0u8..3,
        any::<bool>(),
        (0.0f64..1.0, 0.0f64..1.0),
        0u8..3,
        any::<bool>(),
        prop::collection::vec(any::<usize>(), 0..8),
    );
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    runner
        .run(&strat, |(n, seed, units, cuts, kind, unit_scope, (a, b), perf_kind, holding, order)| {
            let scope = if unit_scope { Scope::Unit } else { Scope::All };
            let perf = (perf_kind > 0).then(|| cutoffs(perf_kind, scope, b, a));
            let p = policy(cutoffs(kind, scope, a, b), perf, holding);
            let emps = people(n, seed, units);
            check_partitions(&emps, &p, &bounds(n, &cuts), &order);
            seen.borrow_mut().insert((kind, unit_scope, perf_kind > 0));
            Ok(())
        })
        .unwrap();
    // every method in both scopes was reached
    let seen = seen.into_inner();
    for kind in 0..3 {
        for unit_scope in [false, true] {
            assert!(seen.iter().any(|&(k, u, _)| k == kind && u == unit_scope), "{kind} {unit_scope}");
        }
    }
}

#[test]
fn a_unit_outside_the_summary_is_a_row_error() {
    let emps = people(200, 5, 4);
    let p = Policy::preset("percentile_unit").unwrap();
    let ctx = Context::default();
    let (some, rest): (Vec<Employee>, Vec<Employee>) = emps.iter().cloned().partition(|e| e.unit != "Unit 3");
    let rows: Vec<ParsedRow> = some.into_iter().map(Ok).collect();
    let resolved = partition::resolve(&p, &partition::summarise_rows(&rows, &p, &ctx).unwrap()).unwrap();
    let rest: Vec<ParsedRow> = rest.into_iter().map(Ok).collect();
    let out = partition::score_rows(&rest, &resolved, &ctx, 0).unwrap();
    // every Unit 3 row with a potensial score is an error with the code, none placed at level 1
    assert!(out.results.is_empty(), "{} placed", out.results.len());
    assert!(out.errors.iter().any(|e| e.code == Code::UnitNotInSummary && e.path == "unit"));
    let n = out.errors.iter().filter(|e| e.code == Code::UnitNotInSummary).count();
    assert!(n > 0);
    assert_eq!(out.summary.total.error_codes.get(&Code::UnitNotInSummary).copied(), Some(n));
    // the columnar kernel says the same
    let rest_emps: Vec<Employee> = emps.iter().filter(|e| e.unit == "Unit 3").cloned().collect();
    let t = employees_to_flat(&rest_emps);
    let view = t.view();
    let fs = partition::score_table(&view, &resolved, &ctx, 0).unwrap();
    assert!(fs.status.iter().all(|&s| s == meritkit::columnar::STATUS_ERROR));
    assert!(fs.error_code.iter().flatten().any(|&c| c == Code::UnitNotInSummary));
}

#[test]
fn refusals_name_their_codes() {
    let emps = people(120, 9, 3);
    let rows: Vec<ParsedRow> = emps.into_iter().map(Ok).collect();
    let ctx = Context::default();
    let p = Policy::preset("percentile_unit").unwrap();
    let other = Policy::preset("permenpanrb_3_2020").unwrap();
    let s = partition::summarise_rows(&rows, &p, &ctx).unwrap();
    // another policy's summary
    let e = partition::resolve(&other, &s).unwrap_err();
    assert_eq!((e.kind(), e.problems()[0].code), ("request_error", Code::InvalidRequest));
    let t = partition::summarise_rows(&rows, &other, &ctx).unwrap();
    assert_eq!(partition::merge(&[s.clone(), t]).unwrap_err().problems()[0].path, "summaries.policy_fingerprint");
    // a different reference date
    let dated = Context { today: Some(jiff::civil::date(2026, 6, 30)), ..ctx };
    let d = partition::summarise_rows(&rows, &p, &dated).unwrap();
    assert_eq!(partition::merge(&[s.clone(), d]).unwrap_err().problems()[0].path, "summaries.date");
    // an altered resolved policy
    let r = partition::resolve(&p, &s).unwrap();
    let mut v = serde_json::to_value(&r).unwrap();
    v["potential"]["tables"][0]["score_thresholds"][0] = serde_json::json!("1");
    let e = ResolvedPolicy::from_json_str(&v.to_string()).unwrap_err();
    assert_eq!((e.kind(), e.problems()[0].code), ("policy_error", Code::InvalidPolicy));
    let mut v = serde_json::to_value(&r).unwrap();
    v["rows"] = serde_json::json!(1);
    assert_eq!(ResolvedPolicy::from_json_str(&v.to_string()).unwrap_err().problems()[0].path, "fingerprint");
    // a summary out of order
    let mut bad = s.clone();
    if let Some(ax) = bad.potential.as_mut() {
        ax.scopes[0].scores.reverse();
    }
    assert_eq!(partition::merge(&[bad]).unwrap_err().problems()[0].code, Code::InvalidRequest);
    // an oversized summary
    let mut big = s.clone();
    if let Some(ax) = big.potential.as_mut() {
        ax.scopes[0].scores = (0..=partition::MAX_SUMMARY_SCORES).map(|i| (partition::Score(i as f64), 1)).collect();
        ax.scopes[0].population = partition::MAX_SUMMARY_SCORES as u64 + 1;
    }
    assert_eq!(partition::merge(&[big]).unwrap_err().problems()[0].code, Code::LimitExceeded);
    // scores travel as exact decimal text
    let x = 0.1 + 0.2;
    let text = serde_json::to_string(&partition::Score(x)).unwrap();
    assert_eq!(text, "\"0.30000000000000004\"");
    assert_eq!(serde_json::from_str::<partition::Score>(&text).unwrap().0.to_bits(), x.to_bits());
}

/// A resolved policy edited and fingerprinted again (anyone can recompute an unkeyed hash).
fn forged(v: &serde_json::Value, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v = v.clone();
    edit(&mut v);
    v["fingerprint"] = serde_json::json!("");
    v["fingerprint"] = serde_json::json!(meritkit::policy::fingerprint_of(&v));
    v.to_string()
}

/// What the attack on partitions found: counts that would wrap, forged resolved policies that
/// carried a duplicate unit, a zero count, another method or a bad date, non-canonical scores,
/// row numbers past Arrow's `int64`: each refused with its code, never applied or wrapped.
#[test]
fn crafted_summaries_and_resolved_policies_are_refused() {
    let emps = people(120, 9, 3);
    let rows: Vec<ParsedRow> = emps.into_iter().map(Ok).collect();
    let ctx = Context::default();
    let p = Policy::preset("percentile_unit").unwrap();
    let s = partition::summarise_rows(&rows, &p, &ctx).unwrap();
    // counts that would pass 2^64 - 1 when merged
    let mut huge = s.clone();
    if let Some(ax) = huge.potential.as_mut() {
        let n = ax.scopes[0].scores.len() as u64;
        ax.scopes[0].scores[0].1 = u64::MAX - n - 5;
        ax.scopes[0].population = ax.scopes[0].scores.iter().map(|&(_, c)| c).sum();
    }
    huge.check("").unwrap();
    assert_eq!(partition::merge(&[huge.clone(), s.clone()]).unwrap_err().problems()[0].code, Code::LimitExceeded);
    let mut many_rows = s.clone();
    many_rows.rows = u64::MAX;
    assert_eq!(partition::merge(&[many_rows, s.clone()]).unwrap_err().problems()[0].code, Code::LimitExceeded);
    // a summary's date must be a date
    let mut dated = s.clone();
    dated.date = Some("garbage".into());
    assert_eq!(partition::merge(&[dated]).unwrap_err().problems()[0].path, "summaries[0].date");
    // scores only as meritkit writes them: "-0", "+5", "5." would make equal scores differ
    for text in ["\"-0\"", "\"+5\"", "\"5.\"", "\"5.0\"", "\"05\""] {
        assert!(serde_json::from_str::<partition::Score>(text).is_err(), "{text}");
    }
    assert_eq!(serde_json::from_str::<partition::Score>("\"0\"").unwrap().0.to_bits(), 0.0f64.to_bits());

    let r = partition::resolve(&p, &s).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    // the forgery itself is accepted when nothing else changed (the control)
    ResolvedPolicy::from_json_str(&forged(&v, |_| ())).unwrap();
    let refused = |text: String| {
        let e = ResolvedPolicy::from_json_str(&text).unwrap_err();
        assert_eq!((e.kind(), e.problems()[0].code), ("policy_error", Code::InvalidPolicy), "{:?}", e.problems());
    };
    // a second table for one unit
    refused(forged(&v, |v| {
        let t = v["potential"]["tables"][0].clone();
        v["potential"]["tables"].as_array_mut().unwrap().insert(1, t);
    }));
    // a count of 0
    refused(forged(&v, |v| {
        v["potential"]["tables"][0]["scores"].as_array_mut().unwrap().push(serde_json::json!(["100", 0]));
    }));
    // another method than the policy's
    refused(forged(&v, |v| v["potential"]["method"] = serde_json::json!("distribution")));
    // a date that is not one
    refused(forged(&v, |v| v["date"] = serde_json::json!("garbage")));

    // row numbers must stay within int64
    let e = partition::score_rows(&rows, &r, &ctx, usize::MAX - 3).unwrap_err();
    assert_eq!(e.problems()[0].path, "first_row");
    assert!(partition::score_rows(&rows, &r, &ctx, (i64::MAX as usize) - rows.len()).is_ok());
    // answers' counts that would wrap
    let out = partition::score_rows(&rows, &r, &ctx, 0).unwrap();
    let mut big = out.summary.clone();
    big.total.rows = usize::MAX;
    assert_eq!(
        partition::merge_score_summaries(&[big, out.summary]).unwrap_err().problems()[0].code,
        Code::LimitExceeded
    );
}

#[test]
fn a_fixed_policy_resolves_to_itself() {
    let emps = people(50, 3, 2);
    let rows: Vec<ParsedRow> = emps.iter().cloned().map(Ok).collect();
    let p = Policy::preset("permenpanrb_3_2020").unwrap();
    let ctx = Context::default();
    let s = partition::summarise_rows(&rows, &p, &ctx).unwrap();
    assert!(s.potential.is_none() && s.performance.is_none());
    assert_eq!(s.rows, 50);
    let r = partition::resolve(&p, &s).unwrap();
    assert!(r.potential.is_none());
    assert_eq!(r.policy_fingerprint, p.fingerprint());
    assert_eq!(partition::score_rows(&rows, &r, &ctx, 0).unwrap(), score(&emps, &p, &ctx));
}
