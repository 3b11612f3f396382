#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use meritkit::api::call_json;
use serde_json::{json, Value};

#[test]
fn demo_positions_rank() {
    let req = json!({"records": meritkit::generate::demo_rows(), "positions": meritkit::generate::demo_positions(), "date": "2026-01-02", "emergency_successor": true, "sensitivity": true});
    let a: Value = serde_json::from_str(&call_json("succession", &req.to_string())).unwrap();
    assert_eq!(a["ok"], true, "{a}");
    let v = &a["value"];
    for p in v["positions"].as_array().unwrap() {
        eprintln!("{} {} cands={} funnel={}", p["id"], p["method"], p["candidates"].as_array().unwrap().len(), p["funnel"]);
    }
    eprintln!("{}", serde_json::to_string_pretty(&v["bench"]["overall"]).unwrap());
    eprintln!("{}", serde_json::to_string_pretty(&v["positions"][1]["candidates"][0]).unwrap());
}
