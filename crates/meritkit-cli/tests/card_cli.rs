//! End-to-end tests of `meritkit card`: the talent card of a demo person carries the box, the gaps and the
//! plan (as the core's `development_plan` answer has them), `--redact` removes NIP and name, hostile text is
//! escaped, history and readiness come from the given files, the page is self-contained and printable.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

const DATE: &str = "2026-01-02";
const KEY: &str = "kunci-rahasia-bkpsdm-sulbar-2026";

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-card-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_meritkit")).env_remove("MERITKIT_REDACT_KEY").args(args).output().unwrap();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into())
}

/// The first demo record with a name, competency levels below its standard and a box.
fn demo_person() -> (Value, Value) {
    let rows = meritkit::generate::demo_rows();
    let req = json!({"records": rows, "date": DATE});
    let answer: Value = serde_json::from_str(&meritkit::api::call_json("development_plan", &req.to_string())).unwrap();
    let people = answer["value"]["people"].as_array().unwrap();
    let p = people
        .iter()
        .find(|p| {
            p["current"]["shortfalls"].as_u64().unwrap_or(0) >= 2
                && p["box"].as_u64().is_some_and(|b| (2..=5).contains(&b))
                && p["name"].is_string()
        })
        .unwrap()
        .clone();
    (rows[p["row"].as_u64().unwrap() as usize].clone(), p)
}

fn write(dir: &std::path::Path, name: &str, v: &Value) -> String {
    let f = dir.join(name);
    std::fs::write(&f, v.to_string()).unwrap();
    f.to_string_lossy().into_owned()
}

#[test]
fn the_card_of_a_demo_person_has_the_box_the_gaps_and_the_plan() {
    let d = tmp("demo");
    let (record, expected) = demo_person();
    let input = write(&d, "pegawai.json", &json!([record]));
    let out = d.join("kartu.html");
    let (code, err) = run(&["card", "-i", &input, "--date", DATE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    let b = expected["box"].as_u64().unwrap();
    // the box: the grid's cell of the person marked, and the identity
    assert!(html.contains(&format!(r#"<td class="me" data-box="{b}">{b}</td>"#)), "box {b}");
    assert_eq!(html.matches(r#"class="me""#).count(), 1);
    assert!(html.contains(expected["nip"].as_str().unwrap()));
    assert!(html.contains("Kartu Talenta") && html.contains("RAHASIA"));
    // the gaps: every competency of the standard, in the core's ranked order, then the missing ones
    let mut order: Vec<String> = expected["current"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["competency"].as_str().unwrap().to_string())
        .collect();
    order.extend(expected["current"]["missing"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()));
    let at: Vec<usize> = order
        .iter()
        .map(|c| html.find(&format!(r#"data-competency="{c}""#)).unwrap_or_else(|| panic!("{c}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "gaps out of order");
    // the plan: each activity and the review date
    for a in expected["plan"]["activities"].as_array().unwrap() {
        assert!(html.contains(&format!(r#"data-activity="{}""#, a["code"].as_str().unwrap())), "{a}");
    }
    assert!(!expected["plan"]["activities"].as_array().unwrap().is_empty());
    let review = expected["plan"]["review_date"].as_str().unwrap();
    assert!(html.contains(&format!(r#"data-review="{review}""#)));
    // printable, one page per card, nothing fetched
    assert!(html.contains("@page{size:A4") && html.contains("page-break-after:always"));
    for x in ["<script", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(x), "{x}");
    }
    // English on request
    let (code, _) = run(&["--lang", "en", "card", "-i", &input, "--date", DATE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Talent card") && html.contains("Development plan") && html.contains("CONFIDENTIAL"));
}

#[test]
fn redact_removes_nip_and_name() {
    let d = tmp("redact");
    let (record, _) = demo_person();
    let (nip, name) = (record["nip"].as_str().unwrap().to_string(), record["name"].as_str().unwrap().to_string());
    let input = write(&d, "pegawai.json", &json!([record]));
    let out = d.join("kartu.html");
    let (code, err) = run(&["card", "-i", &input, "--date", DATE, "--redact", KEY, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains(&nip) && !html.contains(&name), "NIP or name left in the redacted card");
    assert!(html.contains("ASN-") && html.contains("Pegawai "));
    assert!(html.contains("disamarkan"));
    // a weak key is refused, nothing written
    let out2 = d.join("lemah.html");
    let (code, err) = run(&["card", "-i", &input, "--date", DATE, "--redact", "abc", "-o", out2.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("weak_redact_key") && !out2.exists());
}

#[test]
fn hostile_text_is_escaped() {
    let d = tmp("hostile");
    let (mut record, _) = demo_person();
    record["name"] = json!("<script>alert(1)</script>");
    record["unit"] = json!("Dinas \"Pangan\" & <b>Kehutanan</b>");
    record["position"]["title"] = json!("<img src=x onerror=alert(2)>");
    let input = write(&d, "pegawai.json", &json!([record]));
    let out = d.join("kartu.html");
    let (code, err) = run(&["card", "-i", &input, "--date", DATE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Dinas &quot;Pangan&quot; &amp; &lt;b&gt;Kehutanan&lt;/b&gt;"));
}

#[test]
fn history_readiness_nip_filter_and_row_errors() {
    let d = tmp("history");
    let rows = meritkit::generate::demo_rows();
    let input = write(&d, "pegawai.json", &Value::Array(rows.clone()));
    let positions = write(&d, "jabatan.json", &Value::Array(meritkit::generate::demo_positions()));
    // a box-9 person of the demo, and an earlier period where the same NIP was in another box
    let req = json!({"records": rows, "date": DATE});
    let answer: Value = serde_json::from_str(&meritkit::api::call_json("score", &req.to_string())).unwrap();
    let nine = answer["value"]["results"].as_array().unwrap().iter().find(|r| r["box"] == 9).unwrap().clone();
    let nip = nine["nip"].as_str().unwrap();
    let mut old = rows[nine["row"].as_u64().unwrap() as usize].clone();
    // Butuh Perbaikan → di bawah ekspektasi; potential 50 → rendah: box 1 (PermenPANRB 3/2020 jo 20/2025)
    old["performance"] = json!([{"year": 2024, "predikat": "Butuh Perbaikan"}]);
    old["potential_score"] = json!(50);
    let history = write(&d, "pegawai_2024.json", &json!([old]));
    let out = d.join("kartu.html");
    let (code, err) = run(&[
        "card",
        "-i",
        &input,
        "--positions",
        &positions,
        "--history",
        &format!("2024={history}"),
        "--nip",
        nip,
        "--date",
        DATE,
        "-o",
        out.to_str().unwrap(),
    ]);
    // the demo's deliberately bad rows are reported, the exit code says so
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("nip_format"), "{err}");
    assert!(!err.contains(nip));
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches(r#"<section class="card""#).count(), 1);
    assert!(html.contains("<tr><td>2024</td><td>1</td></tr>"), "history row");
    assert!(html.contains(&format!("<tr><td>{DATE}</td><td>9</td></tr>")));
    // readiness for each demo target position: the succession ranking's (box 9 is in every pool)
    assert_eq!(html.matches("data-position=").count(), 6);
    assert!(html.contains("Siap Sekarang") || html.contains("bukan kandidat"));
    // a --nip without a record is refused, not skipped silently
    let (code, err) =
        run(&["card", "-i", &input, "--nip", "199901012020011001", "--date", DATE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invalid_request") && !err.contains("199901012020011001"), "{err}");
}

#[test]
fn a_catalogue_file_is_read_and_its_errors_located() {
    let d = tmp("catalogue");
    let (record, _) = demo_person();
    let input = write(&d, "pegawai.json", &json!([record]));
    let cat = d.join("katalog.toml");
    std::fs::write(
        &cat,
        "name = \"bkpsdm\"\n[review]\ndefault_months = 3\n[[activities]]\ncode = \"LATIH\"\nkind = \
         \"pendidikan_pelatihan\"\ntitle = { en = \"Training\", id = \"Pelatihan khusus\" }\ncompetencies = \
         [\"*\"]\nboxes = [1, 2, 3, 4, 5, 6, 7, 8, 9]\nduration_months = 2\n",
    )
    .unwrap();
    let out = d.join("kartu.html");
    let (code, err) =
        run(&["card", "-i", &input, "--catalogue", cat.to_str().unwrap(), "--date", DATE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Pelatihan khusus") && html.contains(r#"data-review="2026-04-02""#));
    std::fs::write(&cat, "name = \"bkpsdm\"\n[review]\ndefault_months = 3\nwarna = 1\n").unwrap();
    let (code, err) =
        run(&["card", "-i", &input, "--catalogue", cat.to_str().unwrap(), "--date", DATE, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown_field") && err.contains("review.warna"), "{err}");
}
