//! Succession inputs from text: a positions file (JSON array, or an object
//! with `positions`, read as `meritkit succession --positions` reads it) and a
//! succession policy (JSON when it starts with `{`, else TOML). Neither parse
//! panics; accepted ones run a whole succession over the sample records.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use meritkit::api::{parse_request, succession_rows, SuccessionRequest};
use meritkit::succession::gate::BuiltinGate;
use meritkit::succession::rules_gate::RulesGate;
use meritkit::succession::{SuccessionPolicy, TargetPosition};
use meritkit::Policy;
use std::sync::OnceLock;

/// More positions than this are parsed but not planned (keeps runs fast).
const MAX_PLANNED: usize = 16;

fn positions(text: &str) -> Option<Vec<TargetPosition>> {
    let v: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let arr = match v {
        serde_json::Value::Object(mut o) => o.remove("positions").unwrap_or(serde_json::Value::Null),
        other => other,
    };
    let wrapped = serde_json::json!({ "records": [], "positions": arr });
    parse_request::<SuccessionRequest>(&wrapped.to_string()).ok().map(|r| r.positions)
}

fn succession_policy(text: &str) -> Option<SuccessionPolicy> {
    if text.trim_start().starts_with('{') {
        meritkit::read::from_json_text(text).ok()
    } else {
        meritkit::read::from_toml_text(text).ok()
    }
}

fn demo_positions() -> &'static [TargetPosition] {
    static P: OnceLock<Vec<TargetPosition>> = OnceLock::new();
    P.get_or_init(|| meritkit::generate::demo_positions().into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect())
}

fn run(req: &SuccessionRequest, rules_gate: bool) {
    if rules_gate {
        static POLICY: OnceLock<Option<Policy>> = OnceLock::new();
        let Some(p) = POLICY.get_or_init(|| Policy::preset("permenpanrb_3_2020").ok()) else { return };
        if let Ok(gate) = RulesGate::new(p, vec![]) {
            let _ = succession_rows(common::rows(), req, &gate, false);
        }
    } else {
        let _ = succession_rows(common::rows(), req, &BuiltinGate, false);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rules_gate = data.len() % 2 == 0;
    if let Some(ps) = positions(text) {
        if ps.len() <= MAX_PLANNED {
            run(&SuccessionRequest::new(ps, common::DATE), rules_gate);
        }
    }
    if let Some(pol) = succession_policy(text) {
        let req = SuccessionRequest { succession_policy: Some(pol), sensitivity: true, ..SuccessionRequest::new(demo_positions().to_vec(), common::DATE) };
        run(&req, rules_gate);
    }
});
