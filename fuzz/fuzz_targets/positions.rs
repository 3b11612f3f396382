//! Succession inputs, read by the CLI's own code: a positions file as
//! `meritkit succession --positions` reads it (`read_positions_text`: a JSON
//! array, or an object with `positions`), the same bytes as
//! `meritkit report --positions` reads them (`read_positions_bytes`: a CSV
//! sheet, or an XLSX when the bytes are a zip), and a succession policy as
//! `--succession-policy` reads it (`read_succession_policy_text`: JSON when
//! it starts with `{`, else TOML). None panics; accepted ones run a whole
//! succession over the sample records.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use meritkit::api::{succession_rows, SuccessionRequest};
use meritkit::succession::gate::BuiltinGate;
use meritkit::succession::rules_gate::RulesGate;
use meritkit::succession::TargetPosition;
use meritkit::Policy;
use meritkit_cli::input::decode_utf8_ref;
use meritkit_cli::{read_positions_bytes, read_positions_text, read_succession_policy_text};
use std::sync::OnceLock;

/// More positions than this are parsed but not planned (keeps runs fast).
const MAX_PLANNED: usize = 16;

fn demo_positions() -> &'static [TargetPosition] {
    static P: OnceLock<Vec<TargetPosition>> = OnceLock::new();
    P.get_or_init(|| {
        meritkit::generate::demo_positions().into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect()
    })
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
    common::let_calamine_panics_unwind();
    let rules_gate = data.len() % 2 == 0;
    // `report --positions` on a workbook.
    if data.starts_with(b"PK\x03\x04") {
        if let Ok(ps) = read_positions_bytes("jabatan.xlsx", data) {
            if ps.len() <= MAX_PLANNED {
                run(&SuccessionRequest::new(ps, common::DATE), rules_gate);
            }
        }
        return;
    }
    // The CLI decodes a config file with `decode_utf8` (a BOM dropped, other encodings refused).
    let Ok(text) = decode_utf8_ref(data) else { return };
    if let Ok(ps) = read_positions_text(text) {
        if ps.len() <= MAX_PLANNED {
            run(&SuccessionRequest::new(ps, common::DATE), rules_gate);
        }
    }
    // `report --positions` on a sheet (JSON text goes to `read_positions_text` above).
    let t = text.trim_start();
    if !t.starts_with('[') && !t.starts_with('{') {
        if let Ok(ps) = read_positions_bytes("jabatan.csv", data) {
            if ps.len() <= MAX_PLANNED {
                run(&SuccessionRequest::new(ps, common::DATE), !rules_gate);
            }
        }
    }
    if let Ok(pol) = read_succession_policy_text(text) {
        let req = SuccessionRequest {
            succession_policy: Some(pol),
            sensitivity: true,
            ..SuccessionRequest::new(demo_positions().to_vec(), common::DATE)
        };
        run(&req, rules_gate);
    }
});
