//! `meritkit raters`: a CSV of ratings through the core (z worked out by hand, the flags, the
//! ICC table of a complete design) and every bad line refused by its line number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

// Four targets, three raters; R3 rates above the other two on every target (leniency 1.5, z = 3√3).
// R1's scores 3, 4, 2, 3: mean 3, sample SD √(2/3).
const CSV: &str = "target,rater,score
t0,R1,3
t0,R2,3
t0,R3,5
t1,R1,4
t1,R2,2
t1,R3,5
t2,R1,2
t2,R2,4
t2,R3,4
t3,R1,3
t3,R2,3
t3,R3,4
";

fn file(tag: &str, text: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("meritkit_raters_{tag}_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("ratings.csv");
    std::fs::write(&p, text).unwrap();
    (dir, p)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meritkit")).args(["--lang", "en", "raters"]).args(args).output().unwrap()
}

#[test]
fn json_answer_of_a_complete_design() {
    let (dir, p) = file("json", CSV);
    let out = run(&["-i", p.to_str().unwrap(), "-f", "json", "--rescale-mean", "50", "--rescale-sd", "10"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["standardised"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    // R1 on t1: (4 − 3) / √(2/3) = √1.5.
    let z = rows[3]["z"].as_f64().unwrap();
    assert!((z - 1.5f64.sqrt()).abs() < 1e-12, "{z}");
    assert!((rows[3]["rescaled"].as_f64().unwrap() - (50.0 + 10.0 * 1.5f64.sqrt())).abs() < 1e-9);
    assert_eq!(v["raters"][2]["flag"], "lenient");
    assert_eq!(v["raters"][2]["leniency"], 1.5);
    assert_eq!(v["agreement"]["complete"], true);
    assert_eq!(v["agreement"]["icc"].as_array().unwrap().len(), 6);
    assert_eq!(v["agreement"]["krippendorff"]["levels"].as_array().unwrap().len(), 3);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn table_names_lines_and_flags() {
    let (dir, p) = file("table", &CSV.replace("t3,R3,4", "t3,R3,"));
    let out = run(&["-i", p.to_str().unwrap()]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{s}{}", String::from_utf8_lossy(&out.stderr));
    assert!(s.contains("incomplete design"), "{s}");
    assert!(s.contains("Krippendorff's alpha"), "{s}");
    // the empty score of line 13 is a missing rating, not a skipped line
    assert!(s.lines().any(|l| l.trim_start().starts_with("13 ") && l.contains("missing")), "{s}");
    assert!(s.contains("agreement.icc: no ICC"), "{s}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_lines_are_errors_naming_their_line() {
    let (dir, p) = file("bad", "target;rater;score\nt0;R1;3\nt1;;4\nt2;R1;baik\nt3;R1;2;9\nt4;R1;3,5\n");
    let out = run(&["-i", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    for line in ["line 3", "line 4", "line 5"] {
        assert!(e.contains(line), "{e}");
    }
    assert!(!e.contains("line 6"), "{e}"); // 3,5 is a decimal comma
                                           // duplicate ratings are refused by the core, located by line too
    std::fs::write(&p, "target,rater,score\na,R,1\nb,R,2\na,R,3\n").unwrap();
    let out = run(&["-i", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("line 4 (ratings[2])"), "{e}");
    // unknown column
    std::fs::write(&p, "target,rater,score,nip\na,R,1,x\n").unwrap();
    let out = run(&["-i", p.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown_column"));
    std::fs::remove_dir_all(dir).ok();
}
