//! Placements over time (`compare`): a hand-made population whose matrix, directions, pool entries
//! and exits, large moves, new / gone and trends are worked out by hand from the national 9-box
//! (PermenPANRB 3/2020 jo 20/2025: BOX[p-1][k-1] = [[1,2,4],[3,5,7],[6,8,9]]; KRS instansi = 7-9,
//! nasional = 9), NIP matching (Perka BKN 22/2007), and a property: every row accounted for once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use proptest::prelude::*;
use serde_json::{json, Value};

/// NIP of person `i`: born 1980-01-(10+i), TMT CPNS 2005-01, male, serial 001 (Perka BKN 22/2007 layout).
fn nip(i: u32) -> String {
    format!("198001{:02}2005011001", 10 + i)
}

/// A record whose box is `b` under `permenpanrb_3_2020`: kinerja from the predikat (Sangat Baik = di atas,
/// Baik = sesuai, Butuh Perbaikan = di bawah), potensial from the score (>= 90 tinggi, >= 78 menengah).
fn rec(nip: &str, unit: &str, b: u16, year: i32) -> Value {
    let (k, p) = levels(b);
    let predikat = ["Butuh Perbaikan", "Baik", "Sangat Baik"][usize::from(k - 1)];
    let potential = [60.0, 80.0, 95.0][usize::from(p - 1)];
    json!({"nip": nip, "unit": unit, "position": {"kind": "pelaksana"},
           "performance": [{"year": year, "predikat": predikat}], "potential_score": potential})
}

/// (kinerja, potensial) of a box of the national grid.
fn levels(b: u16) -> (u8, u8) {
    match b {
        1 => (1, 1),
        2 => (2, 1),
        4 => (3, 1),
        3 => (1, 2),
        5 => (2, 2),
        7 => (3, 2),
        6 => (1, 3),
        8 => (2, 3),
        9 => (3, 3),
        _ => panic!("box {b}"),
    }
}

fn res(nip: &str, unit: &str, b: Option<u16>, row: usize) -> Value {
    json!({"nip": nip, "unit": unit, "box": b, "status": if b.is_some() { "placed" } else { "holding" }, "row": row,
           "name": "ignored", "explanation": {"ignored": true}})
}

fn call(req: &Value) -> Value {
    serde_json::from_str(&meritkit::api::call_json("compare", &req.to_string())).unwrap()
}

fn ok(req: &Value) -> Value {
    let v = call(req);
    assert_eq!(v["ok"], true, "{v}");
    v["value"].clone()
}

const A: &str = "Dinas A";
const B: &str = "Dinas B";

/// Person → (unit, box) per period; `None` = absent.
#[allow(clippy::type_complexity)]
fn population() -> Vec<(u32, [Option<(&'static str, u16)>; 3])> {
    vec![
        (1, [Some((A, 5)), Some((A, 5)), Some((A, 8))]),
        (2, [Some((A, 5)), Some((A, 9)), Some((A, 9))]),
        (3, [Some((A, 9)), Some((A, 7)), Some((A, 9))]),
        (4, [Some((A, 7)), Some((A, 4)), Some((A, 1))]),
        (5, [Some((B, 4)), Some((B, 6)), Some((B, 6))]),
        (6, [Some((B, 1)), Some((B, 9)), None]),
        (7, [Some((B, 8)), Some((B, 8)), Some((B, 8))]),
        (8, [Some((B, 2)), Some((B, 3)), Some((B, 2))]),
        (9, [Some((A, 3)), None, None]),
        (10, [None, Some((B, 9)), Some((B, 9))]),
        (11, [Some((A, 9)), None, None]),
        (12, [Some((B, 5)), Some((A, 7)), Some((A, 5))]),
        (13, [None, None, Some((A, 5))]),
    ]
}

fn records_of(period: usize) -> Vec<Value> {
    let year = 2025 + period as i32;
    population().iter().filter_map(|(i, ps)| ps[period].map(|(u, b)| rec(&nip(*i), u, b, year))).collect()
}

fn results_of(period: usize) -> Vec<Value> {
    population()
        .iter()
        .filter_map(|(i, ps)| ps[period].map(|(u, b)| (i, u, b)))
        .enumerate()
        .map(|(row, (i, u, b))| res(&nip(*i), u, Some(b), row))
        .collect()
}

fn cells(v: &Value) -> Vec<(Option<u64>, Option<u64>, u64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| (c["from_box"].as_u64(), c["to_box"].as_u64(), c["count"].as_u64().unwrap()))
        .collect()
}

fn nips(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap_or_else(|| x["nip"].as_str().unwrap()).to_string()).collect()
}

fn ns(is: &[u32]) -> Vec<String> {
    is.iter().map(|&i| nip(i)).collect()
}

#[test]
fn two_periods_of_records_by_hand() {
    let v = ok(&json!({"periods": [
        {"period": "2025", "date": "2025-12-31", "records": records_of(0)},
        {"period": "2026", "date": "2026-12-31", "records": records_of(1)},
    ]}));
    assert_eq!(v["policy"]["name"], "permenpanrb_3_2020");
    assert_eq!(
        v["periods"][0],
        json!({"period": "2025", "date": "2025-12-31", "rows": 11, "placed": 11, "holding": 0, "errors": 0})
    );
    assert_eq!(v["periods"][1]["rows"], 10);
    let c = &v["changes"][0];
    assert_eq!((c["from"].as_str(), c["to"].as_str()), (Some("2025"), Some("2026")));
    // By hand: P06 1→9, P08 2→3, P05 4→6, P01 5→5, P12 5→7, P02 5→9, P04 7→4, P07 8→8, P03 9→7.
    let s = |a, b| (Some(a), Some(b), 1);
    assert_eq!(
        cells(&c["matrix"]),
        vec![s(1, 9), s(2, 3), s(4, 6), s(5, 5), s(5, 7), s(5, 9), s(7, 4), s(8, 8), s(9, 7)]
    );
    // per unit of the later period: P12 moved from Dinas B to Dinas A, counted in A
    assert_eq!(c["units"][0]["unit"], A);
    assert_eq!(cells(&c["units"][0]["cells"]), vec![s(5, 5), s(5, 7), s(5, 9), s(7, 4), s(9, 7)]);
    assert_eq!(c["units"][1]["unit"], B);
    assert_eq!(cells(&c["units"][1]["cells"]), vec![s(1, 9), s(2, 3), s(4, 6), s(8, 8)]);
    // level sums k+p: up P02 (4→6), P06 (2→6), P12 (4→5); down P03 (6→5), P04 (5→4);
    // lateral P05 (4→4: box 4 to 6), P08 (3→3: box 2 to 3); stayed P01, P07
    assert_eq!(
        c["counts"],
        json!({"matched": 9, "stayed": 2, "moved_up": 3, "moved_down": 2, "lateral": 2, "without_box": 0,
               "new": 1, "gone": 2, "not_compared": 0})
    );
    // KRS instansi (7-9): 2025 {P03, P04, P07, P11}, 2026 {P02, P03, P06, P07, P10, P12}
    assert_eq!(nips(&c["pools"]["instansi"]["entered"]), ns(&[2, 6, 10, 12]));
    assert_eq!(nips(&c["pools"]["instansi"]["left"]), ns(&[4, 11]));
    assert_eq!(c["pools"]["instansi"]["entered_count"], 4);
    assert_eq!(c["pools"]["instansi"]["left_count"], 2);
    // KRS nasional (9): 2025 {P03, P11}, 2026 {P02, P06, P10}
    assert_eq!(nips(&c["pools"]["nasional"]["entered"]), ns(&[2, 6, 10]));
    assert_eq!(nips(&c["pools"]["nasional"]["left"]), ns(&[3, 11]));
    // distance |Δk|+|Δp| >= 2: P05 (3,1)→(1,3) = 4 lateral, P06 (1,1)→(3,3) = 4 up, P02 (2,2)→(3,3) = 2 up,
    // P08 (2,1)→(1,2) = 2 lateral; largest first, then by NIP
    let lm = c["large_moves"].as_array().unwrap();
    assert_eq!(nips(&c["large_moves"]), ns(&[5, 6, 2, 8]));
    assert_eq!(
        lm[0],
        json!({"nip": nip(5), "unit": B, "from_box": 4, "to_box": 6, "performance_change": -2, "potential_change": 2,
               "distance": 4, "direction": "lateral"})
    );
    assert_eq!(lm[1]["direction"], "up");
    assert_eq!(lm[2]["performance_change"], 1);
    assert_eq!(lm[3]["direction"], "lateral");
    assert_eq!(c["new"], json!([{"nip": nip(10), "unit": B, "box": 9}]));
    assert_eq!(c["gone"], json!([{"nip": nip(9), "unit": A, "box": 3}, {"nip": nip(11), "unit": A, "box": 9}]));
    assert_eq!(v["errors"], json!([]));
    // min_move 1 lists every move between different boxes (7 people)
    let v1 = ok(&json!({"min_move": 1, "periods": [
        {"period": "2025", "date": "2025-12-31", "records": records_of(0)},
        {"period": "2026", "date": "2026-12-31", "records": records_of(1)},
    ]}));
    assert_eq!(v1["changes"][0]["large_moves"].as_array().unwrap().len(), 7);
}

#[test]
fn three_periods_records_and_results_mixed_by_hand() {
    let req = json!({"periods": [
        {"period": "2025", "date": "2025-12-31", "records": records_of(0)},
        {"period": "2026", "date": "2026-12-31", "results": results_of(1)},
        {"period": "2027", "date": "2027-12-31", "results": results_of(2)},
    ]});
    let v = ok(&req);
    assert_eq!(v["changes"].as_array().unwrap().len(), 2);
    let c = &v["changes"][1];
    // 2026→2027: up P01 (5→8), P03 (7→9); down P04 (4→1), P12 (7→5); lateral P08 (3→2);
    // stayed P02, P05, P07, P10; new P13; gone P06
    assert_eq!(
        c["counts"],
        json!({"matched": 9, "stayed": 4, "moved_up": 2, "moved_down": 2, "lateral": 1, "without_box": 0,
               "new": 1, "gone": 1, "not_compared": 0})
    );
    assert_eq!(nips(&c["pools"]["instansi"]["entered"]), ns(&[1]));
    assert_eq!(nips(&c["pools"]["instansi"]["left"]), ns(&[6, 12]));
    assert_eq!(nips(&c["pools"]["nasional"]["entered"]), ns(&[3]));
    assert_eq!(nips(&c["pools"]["nasional"]["left"]), ns(&[6]));
    // P04 (3,1)→(1,1) = 2; P12 (3,2)→(2,2) = 1; P08 (1,2)→(2,1) = 2
    assert_eq!(nips(&c["large_moves"]), ns(&[4, 8]));
    // the first pair is the same whether 2026 came as records or as results
    let again = ok(&json!({"periods": [
        {"period": "2025", "date": "2025-12-31", "records": records_of(0)},
        {"period": "2026", "date": "2026-12-31", "records": records_of(1)},
    ]}));
    assert_eq!(v["changes"][0], again["changes"][0]);
    // trends over 2025, 2026, 2027 (sum of levels)
    let people = v["people"].as_array().unwrap();
    let trend: Vec<(String, Vec<Option<u64>>, String)> = people
        .iter()
        .map(|p| {
            let boxes = p["boxes"].as_array().unwrap().iter().map(Value::as_u64).collect();
            (p["nip"].as_str().unwrap().to_string(), boxes, p["trend"].as_str().unwrap().to_string())
        })
        .collect();
    let t = |i, b: [Option<u64>; 3], tr: &str| (nip(i), b.to_vec(), tr.to_string());
    assert_eq!(
        trend,
        vec![
            t(1, [Some(5), Some(5), Some(8)], "up"),
            t(2, [Some(5), Some(9), Some(9)], "up"),
            t(3, [Some(9), Some(7), Some(9)], "mixed"),
            t(4, [Some(7), Some(4), Some(1)], "down"),
            t(5, [Some(4), Some(6), Some(6)], "stable"),
            t(6, [Some(1), Some(9), None], "up"),
            t(7, [Some(8), Some(8), Some(8)], "stable"),
            t(8, [Some(2), Some(3), Some(2)], "stable"),
            t(9, [Some(3), None, None], "single"),
            t(10, [None, Some(9), Some(9)], "stable"),
            t(11, [Some(9), None, None], "single"),
            t(12, [Some(5), Some(7), Some(5)], "mixed"),
            t(13, [None, None, Some(5)], "single"),
        ]
    );
}

#[test]
fn summary_keeps_counts_and_drops_people() {
    let mut req = json!({"detail": "summary", "periods": [
        {"period": "2025", "date": "2025-12-31", "records": records_of(0)},
        {"period": "2026", "date": "2026-12-31", "records": records_of(1)},
    ]});
    let s = ok(&req);
    req["detail"] = json!("full");
    let f = ok(&req);
    assert!(s.get("people").is_none() && f.get("people").is_some());
    for k in ["large_moves", "new", "gone"] {
        assert!(s["changes"][0].get(k).is_none(), "{k}");
    }
    assert!(s["changes"][0]["pools"]["instansi"].get("entered").is_none());
    assert_eq!(s["changes"][0]["pools"]["instansi"]["entered_count"], 4);
    assert_eq!(s["changes"][0]["counts"], f["changes"][0]["counts"]);
    assert_eq!(s["changes"][0]["matrix"], f["changes"][0]["matrix"]);
    assert_eq!(s["periods"], f["periods"]);
}

#[test]
fn duplicate_and_changed_nips_are_error_rows() {
    // X and Y share birth date and TMT CPNS (digits 1-14) and the unit: a changed NIP (sex digit corrected).
    let (x, y) = ("198203052006021003", "198203052006022001");
    // Z and W share digits 1-14 too, but not the unit: an ordinary gone and new.
    let (z, w) = ("197707072001031002", "197707072001031005");
    let p1 = vec![rec(&nip(1), A, 5, 2025), rec(x, A, 5, 2025), rec(&nip(1), B, 9, 2025), rec(z, A, 7, 2025)];
    let p2 = vec![
        res(&nip(1), A, Some(8), 0),
        res(y, A, Some(5), 1),
        res(w, B, Some(7), 2),
        res(&format!(" {} ", nip(1)), A, Some(9), 3),
    ];
    let v = ok(&json!({"periods": [
        {"period": "2025", "date": "2025-12-31", "records": p1},
        {"period": "2026", "date": "2026-12-31", "results": p2},
    ]}));
    let errs: Vec<(String, u64, String, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["period"].as_str().unwrap().into(),
                e["row"].as_u64().unwrap(),
                e["code"].as_str().unwrap().into(),
                e["nip"].as_str().unwrap().into(),
            )
        })
        .collect();
    let e = |p: &str, r, c: &str, n: &str| (p.to_string(), r, c.to_string(), n.to_string());
    assert_eq!(
        errs,
        vec![
            e("2025", 1, "nip_changed", x),
            e("2025", 2, "duplicate_nip", &nip(1)),
            e("2026", 1, "nip_changed", y),
            e("2026", 3, "duplicate_nip", &nip(1)),
        ]
    );
    for e in v["errors"].as_array().unwrap() {
        let m = format!("{}{}", e["message"]["en"], e["message"]["id"]);
        assert!(!m.contains(x) && !m.contains(y) && !m.contains(&nip(1)), "a message names no NIP: {m}");
        assert_eq!(e["path"], "nip");
    }
    assert_eq!(v["errors"][2]["source_row"], 1);
    assert_eq!(
        v["periods"][0],
        json!({"period": "2025", "date": "2025-12-31", "rows": 4, "placed": 2, "holding": 0, "errors": 2})
    );
    assert_eq!(v["periods"][1]["errors"], 2);
    let c = &v["changes"][0];
    // P01 5→8 matched; Z gone (unit A), W new (unit B); X and Y not compared
    assert_eq!(c["counts"]["matched"], 1);
    assert_eq!(c["counts"]["moved_up"], 1);
    assert_eq!((c["counts"]["new"].as_u64(), c["counts"]["gone"].as_u64()), (Some(1), Some(1)));
    assert_eq!(c["counts"]["not_compared"], 2);
    assert_eq!(nips(&c["gone"]), vec![z.to_string()]);
    assert_eq!(nips(&c["new"]), vec![w.to_string()]);
    let mut want = vec![z.to_string(), w.to_string(), nip(1)];
    want.sort();
    assert_eq!(nips(&v["people"]), want, "X and Y have no placement: not among the people");
}

#[test]
fn holding_and_bad_result_entries() {
    let p1 = vec![res(&nip(1), A, None, 0), res(&nip(2), A, Some(5), 1), res(&nip(3), A, Some(9), 2)];
    let p2 = vec![
        res(&nip(1), A, Some(7), 0),
        res(&nip(2), A, None, 1),
        json!({"nip": nip(3), "unit": A, "box": 10}),
        json!({"nip": nip(4), "unit": A, "box": 5, "status": "holding"}),
        json!("x"),
        json!({"unit": A, "box": 5}),
    ];
    let v = ok(&json!({"periods": [
        {"period": "a", "date": "2025-12-31", "results": p1},
        {"period": "b", "date": "2025-12-31", "results": p2},
    ]}));
    assert_eq!(
        v["periods"][0],
        json!({"period": "a", "date": "2025-12-31", "rows": 3, "placed": 2, "holding": 1, "errors": 0})
    );
    assert_eq!(
        v["periods"][1],
        json!({"period": "b", "date": "2025-12-31", "rows": 6, "placed": 1, "holding": 1, "errors": 4})
    );
    let codes: Vec<(u64, &str, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["code"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (2, "invalid_value", "box"),
            (3, "invalid_value", "status"),
            (4, "invalid_type", ""),
            (5, "missing_field", "nip")
        ]
    );
    let c = &v["changes"][0];
    assert_eq!(cells(&c["matrix"]), vec![(None, Some(7), 1), (Some(5), None, 1)]);
    // P03 has an error row in b: not compared (not gone); P04 only an error row: not compared
    assert_eq!(c["counts"]["without_box"], 2);
    assert_eq!(c["counts"]["not_compared"], 2);
    assert_eq!(c["counts"]["gone"], 0);
    // holding is outside every pool: P01 enters instansi (box 7), P03 is not said to leave
    assert_eq!(nips(&c["pools"]["instansi"]["entered"]), ns(&[1]));
    assert_eq!(nips(&c["pools"]["instansi"]["left"]), Vec::<String>::new());
}

#[test]
fn refusals() {
    let p = |label: &str, date: &str| json!({"period": label, "date": date, "results": []});
    let refused = |req: Value, path: &str, code: &str| {
        let v = call(&req);
        assert_eq!(v["ok"], false, "{v}");
        assert_eq!(v["error"]["kind"], "request_error", "{v}");
        assert_eq!(v["error"]["code"], code, "{v}");
        assert_eq!(v["error"]["problems"][0]["path"], path, "{v}");
    };
    refused(
        json!({"periods": [p("2026", "2026-12-31"), p("2025", "2025-12-31")]}),
        "periods[1].date",
        "invalid_request",
    );
    refused(
        json!({"periods": [p("2025", "2025-12-31"), p("2025", "2026-12-31")]}),
        "periods[1].period",
        "invalid_request",
    );
    refused(json!({"periods": [p("2025", "2025-12-31")]}), "periods", "invalid_request");
    refused(json!({"periods": [p("a", "2025-12-31"), p("b", "2025-13-01")]}), "periods[1].date", "invalid_request");
    refused(
        json!({"periods": [p("a", "2025-12-31"), {"period": "b", "date": "2026-01-01"}]}),
        "periods[1]",
        "invalid_request",
    );
    let many: Vec<Value> = (0..21).map(|i| p(&format!("p{i}"), "2025-12-31")).collect();
    refused(json!({"periods": many}), "periods", "limit_exceeded");
    refused(
        json!({"periods": [p("a", "2025-12-31"), p("b", "2026-12-31")], "min_move": 0}),
        "min_move",
        "invalid_request",
    );
    let v = call(&json!({"periods": [p("a", "2025-12-31"), p("b", "2026-12-31")], "bogus": 1}));
    assert_eq!(v["error"]["code"], "unknown_field", "{v}");
    let bad = vec![json!("x"), json!("y")];
    refused(
        json!({"periods": [p("a", "2025-12-31"), {"period": "b", "date": "2026-12-31", "results": bad}], "max_error_rows": 1}),
        "periods[1].results[1]",
        "too_many_errors",
    );
    // equal dates are in order (the order given decides)
    assert_eq!(call(&json!({"periods": [p("a", "2025-12-31"), p("b", "2025-12-31")]}))["ok"], true);
}

/// A 3 × 2 grid (three kinerja levels, two potensial levels) with its own pools: levels, directions
/// and pools come from the policy's grid, not from the national 3 × 3.
#[test]
fn a_policy_with_another_grid() {
    use meritkit::nine_box::{Grid, Pool};
    let mut p = meritkit::Policy::preset("permenpanrb_3_2020").unwrap();
    let mut g = Grid::asn();
    g.name = "custom_3x2".into();
    g.potential_levels.truncate(2);
    g.numbers = vec![vec![1, 2, 3], vec![4, 5, 6]];
    g.boxes.truncate(6);
    g.boxes[2].talent_pool = vec![Pool::Instansi];
    g.boxes[5].talent_pool = vec![Pool::Instansi, Pool::Nasional];
    p.grid = Some(g);
    p.potential.cutoffs = meritkit::policy::Cutoffs::Fixed { thresholds: vec![80.0] };
    assert!(p.check().is_empty(), "{:?}", p.check());
    let policy = serde_json::to_value(&p).unwrap();
    let v = ok(&json!({"policy": policy, "periods": [
        {"period": "a", "date": "2025-12-31", "results": [res(&nip(1), A, Some(1), 0), res(&nip(2), A, Some(3), 1), res(&nip(3), A, Some(6), 2)]},
        {"period": "b", "date": "2026-12-31", "results": [res(&nip(1), A, Some(6), 0), res(&nip(2), A, Some(4), 1), res(&nip(3), A, Some(7), 2)]},
    ]}));
    assert_eq!(v["policy"]["name"], p.name);
    let c = &v["changes"][0];
    // box 1 (1,1) → 6 (3,2): up, distance 3; box 3 (3,1) → 4 (1,2): sum 4 → 3, down, distance 3
    assert_eq!(cells(&c["matrix"]), vec![(Some(1), Some(6), 1), (Some(3), Some(4), 1)]);
    assert_eq!((c["counts"]["moved_up"].as_u64(), c["counts"]["moved_down"].as_u64()), (Some(1), Some(1)));
    assert_eq!(c["large_moves"][0]["distance"], 3);
    assert_eq!(c["large_moves"][1]["performance_change"], -2);
    assert_eq!(c["large_moves"][1]["potential_change"], 1);
    assert_eq!(nips(&c["pools"]["instansi"]["entered"]), ns(&[1]));
    assert_eq!(nips(&c["pools"]["instansi"]["left"]), ns(&[2]));
    assert_eq!(nips(&c["pools"]["nasional"]["entered"]), ns(&[1]));
    // box 7 is not a box of this grid: an error row, and P03 is not compared
    assert_eq!(v["errors"][0]["code"], "invalid_value");
    assert_eq!(c["counts"]["not_compared"], 1);
}

fn arb_entry() -> impl Strategy<Value = (u8, u8, Option<u16>, u8)> {
    // (person 0..8, unit 0..2, box or holding, kind: 0..=7 result, 8 bad entry, 9 record)
    (0u8..8, 0u8..2, prop_oneof![Just(None), (1u16..=9).prop_map(Some)], 0u8..10)
}

/// Persons 0..4 have their own digits 1-14; persons 4..8 share them in pairs (4/5, 6/7): changed NIPs.
fn prop_nip(i: u8) -> String {
    match i {
        0..=3 => nip(u32::from(i)),
        _ => format!("1990020{}2015031{:03}", (i - 4) / 2 + 1, 1 + i % 2),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_row_accounted_for_once(periods in prop::collection::vec(prop::collection::vec(arb_entry(), 0..10), 2..5)) {
        let mut req_periods = Vec::new();
        let mut rows = Vec::new();
        for (pi, entries) in periods.iter().enumerate() {
            let records = entries.iter().any(|e| e.3 == 9);
            let list: Vec<Value> = entries.iter().enumerate().map(|(j, &(person, unit, b, kind))| {
                let unit = [A, B][usize::from(unit)];
                if kind == 8 {
                    json!({"nip": prop_nip(person), "unit": unit, "box": "nine"})
                } else if records {
                    rec(&prop_nip(person), unit, b.unwrap_or(5), 2025 + pi as i32)
                } else {
                    res(&prop_nip(person), unit, b, j)
                }
            }).collect();
            rows.push(list.len());
            let key = if records { "records" } else { "results" };
            req_periods.push(json!({"period": format!("p{pi}"), "date": format!("{}-12-31", 2025 + pi), key: list}));
        }
        let v = ok(&json!({"periods": req_periods}));
        let people = v["people"].as_array().unwrap();
        for (pi, n) in rows.iter().enumerate() {
            let c = &v["periods"][pi];
            let label = format!("p{pi}");
            let errs: std::collections::BTreeSet<u64> = v["errors"].as_array().unwrap().iter()
                .filter(|e| e["period"] == label.as_str()).map(|e| e["row"].as_u64().unwrap()).collect();
            prop_assert!(errs.iter().all(|&r| (r as usize) < *n));
            prop_assert_eq!(c["rows"].as_u64().unwrap() as usize, *n);
            prop_assert_eq!(c["errors"].as_u64().unwrap() as usize, errs.len());
            let placed = c["placed"].as_u64().unwrap() as usize;
            let holding = c["holding"].as_u64().unwrap() as usize;
            prop_assert_eq!(placed + holding + errs.len(), *n);
            prop_assert_eq!(people.iter().filter(|p| !p["boxes"][pi].is_null()).count(), placed);
        }
        for (ci, c) in v["changes"].as_array().unwrap().iter().enumerate() {
            let k = &c["counts"];
            let sum: u64 = cells(&c["matrix"]).iter().map(|x| x.2).sum();
            prop_assert_eq!(sum, k["matched"].as_u64().unwrap());
            let by_unit: u64 = c["units"].as_array().unwrap().iter().flat_map(|u| cells(&u["cells"])).map(|x| x.2).sum();
            prop_assert_eq!(by_unit, sum);
            let parts: u64 = ["stayed", "moved_up", "moved_down", "lateral", "without_box"].iter().map(|f| k[f].as_u64().unwrap()).sum();
            prop_assert_eq!(parts, sum);
            // every NIP with a row in either period is matched, new, gone or not compared
            let mut present = std::collections::BTreeSet::new();
            for (pi, entries) in periods.iter().enumerate().skip(ci).take(2) {
                let _ = pi;
                for e in entries {
                    present.insert(prop_nip(e.0));
                }
            }
            let all: u64 = ["matched", "new", "gone", "not_compared"].iter().map(|f| k[f].as_u64().unwrap()).sum();
            prop_assert_eq!(all as usize, present.len());
            prop_assert_eq!(c["new"].as_array().unwrap().len() as u64, k["new"].as_u64().unwrap());
            prop_assert_eq!(c["gone"].as_array().unwrap().len() as u64, k["gone"].as_u64().unwrap());
        }
    }
}

/// Typed placements (`Rows::Marks`) are read as the same entries of `results` are: the same answer.
#[test]
fn typed_placements_answer_as_results_do() {
    use meritkit::movement::{compare, Mark, Options, Period, Rows};
    let policy = meritkit::policy::Policy::preset("permenpanrb_3_2020").unwrap();
    let d = |s: &str| meritkit::api::parse_date(s).unwrap();
    // (NIP, unit, box): a move up, a move down, a repeated NIP, a box outside the grid, an empty NIP, holding
    let a =
        [("198503152010011001", "A", Some(5)), ("198503152010011002", "A", Some(9)), ("198503152010011003", "B", None)];
    let b = [
        ("198503152010011001", "A", Some(8)),
        ("198503152010011002", "A", Some(2)),
        ("198503152010011002", "B", Some(1)),
        ("198503152010011003", "B", Some(10)),
        ("  ", "B", Some(3)),
    ];
    let marks = |x: &[(&'static str, &'static str, Option<u16>)]| -> Vec<Mark<'static>> {
        x.iter().map(|&(nip, unit, box_)| Mark { nip, unit, box_ }).collect()
    };
    let values = |x: &[(&str, &str, Option<u16>)]| -> Vec<serde_json::Value> {
        x.iter().map(|&(nip, unit, b)| serde_json::json!({"nip": nip, "unit": unit, "box": b})).collect()
    };
    let (ma, mb, va, vb) = (marks(&a), marks(&b), values(&a), values(&b));
    let opts = Options::default();
    let typed = compare(
        &[
            Period { label: "1".into(), date: d("2025-12-31"), rows: Rows::Marks(&ma) },
            Period { label: "2".into(), date: d("2026-12-31"), rows: Rows::Marks(&mb) },
        ],
        &policy,
        &opts,
    )
    .unwrap();
    let json = compare(
        &[
            Period { label: "1".into(), date: d("2025-12-31"), rows: Rows::Results(&va) },
            Period { label: "2".into(), date: d("2026-12-31"), rows: Rows::Results(&vb) },
        ],
        &policy,
        &opts,
    )
    .unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), serde_json::to_value(&json).unwrap());
    // box 5 → 8 is up, 9 → 2 is down (PermenPANRB 3/2020 jo 20/2025 Ps. 17 numbering)
    assert_eq!((typed.changes[0].counts.moved_up, typed.changes[0].counts.moved_down), (1, 1));
    let codes: Vec<&str> = typed.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["duplicate_nip", "invalid_value", "missing_field"]);
}
