//! Phase timings of one large succession run (diagnostic; the numbers that
//! count come from the criterion bench). Usage:
//! `cargo run --profile bench -p meritkit-benches --example succession_phases -- 1000 100000 [rules]`
use meritkit::scoring::{score_rows, Context, ParsedRow};
use meritkit::succession::gate::BuiltinGate;
use meritkit::succession::policy::ExcludedDetail;
use meritkit::succession::{candidates, plan, Run, SuccessionPolicy, TargetPosition};
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (np, nc) = (args.first().copied().unwrap_or(1000), args.get(1).copied().unwrap_or(100_000));
    let pop =
        meritkit::generate::population(&meritkit::generate::Options { count: nc, seed: 42, ..Default::default() });
    let rows: Vec<ParsedRow> = pop.into_iter().map(Ok).collect();
    let kinds = ["administrator", "pengawas", "jpt_pratama", "pengawas", "administrator"];
    let units = meritkit::generate::SULBAR_UNITS;
    let positions: Vec<TargetPosition> = (0..np)
        .filter_map(|i| serde_json::from_value(serde_json::json!({"id": format!("P{i}"), "title": "T", "unit": units[i % 6], "kind": kinds[i % 5], "critical": i % 3 == 0})).ok())
        .collect();
    let scoring = meritkit::Policy::preset("permenpanrb_3_2020").unwrap_or_else(|_| std::process::exit(2));
    let today = meritkit::api::parse_date("2026-01-02").unwrap_or_else(|_| std::process::exit(2));
    let pol = SuccessionPolicy { excluded_detail: ExcludedDetail::Summary, ..SuccessionPolicy::default() };
    let use_rules = std::env::args().any(|a| a == "rules");
    let rules_gate =
        meritkit::succession::rules_gate::RulesGate::new(&scoring, vec![]).unwrap_or_else(|_| std::process::exit(2));
    let gate: &dyn meritkit::succession::gate::EligibilityGate = if use_rules { &rules_gate } else { &BuiltinGate };
    for parallel in [true, false] {
        let t0 = Instant::now();
        let scored = score_rows(&rows, &scoring, &Context { today: Some(today), ..Default::default() });
        let t1 = Instant::now();
        let run = Run { scoring: &scoring, policy: &pol, method: None, today, gate, parallel, sensitivity: false };
        let cands = candidates(&rows, &scored, &run);
        let t2 = Instant::now();
        let out = plan(&positions, &cands, &scored, &run);
        let t3 = Instant::now();
        println!(
            "gate={} parallel={parallel}: score {:.2}s, candidates {:.2}s, plan {:.2}s ({} positions, {} candidates) total {:.2}s",
            if use_rules { "rules" } else { "builtin" },
            (t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64(), (t3 - t2).as_secs_f64(),
            out.map(|o| o.positions.len()).unwrap_or(0), cands.len(), (t3 - t0).as_secs_f64()
        );
    }
}
