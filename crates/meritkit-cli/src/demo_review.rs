//! `meritkit demo --review`: the talent-review cycle on the fictional
//! Sulawesi Barat data: two periods of the six OPDs and their movement
//! matrix, then a calibration session that is finalised, its log exported and
//! verified, and one changed byte of the export found and located.

use crate::cmd_demo::DEMO_DATE;
use crate::Lang;
use meritkit::api::{parse_date, parse_row};
use meritkit::calibration::guideline::{Guideline, Mode, Op, Select};
use meritkit::calibration::log::{self, Log};
use meritkit::calibration::session::{Event, Move, SessionPolicy, Snapshot, Subject, Value};
use meritkit::error::Error;
use meritkit::generate::{demo_rows, demo_rows_next_period, DEMO_NEXT_DATE};
use meritkit::movement::{self, Period, Rows};
use meritkit::scoring::{Context, ParsedRow};
use std::fmt::Write;
use std::path::Path;

/// The demo session's times (fixed: the demo prints the same hashes on every run).
const T: [&str; 4] = ["2027-01-10T09:00:00Z", "2027-01-10T09:05:00Z", "2027-01-10T10:00:00Z", "2027-01-10T11:00:00Z"];

/// Runs the walkthrough; the exported log goes to `log_path`.
pub fn run(policy: &meritkit::Policy, lang: Lang, log_path: &Path) -> Result<String, Error> {
    let en = lang == Lang::En;
    let a: Vec<ParsedRow> = demo_rows().iter().map(parse_row).collect();
    let b: Vec<ParsedRow> = demo_rows_next_period().iter().map(parse_row).collect();
    let periods = [
        Period { label: "2026".into(), date: parse_date(DEMO_DATE)?, rows: Rows::Records(&a) },
        Period { label: "2027".into(), date: parse_date(DEMO_NEXT_DATE)?, rows: Rows::Records(&b) },
    ];
    let opts = movement::Options { detail: movement::Detail::Summary, ..Default::default() };
    let cmp = movement::compare(&periods, policy, &opts)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n",
        if en {
            "1. Placements over time: the six OPDs in two periods (meritkit compare)"
        } else {
            "1. Penempatan dari waktu ke waktu: enam OPD dalam dua periode (meritkit compare)"
        }
    );
    s.push_str(&crate::cmd_compare::text(&cmp, policy, lang, &[]));

    // 2. A calibration session on the second period's placements.
    let scored = meritkit::scoring::score_rows(&b, policy, &Context::placements(Some(parse_date(DEMO_NEXT_DATE)?)));
    let subjects: Vec<Subject> = scored.results.iter().map(|r| Subject::of(r, Default::default())).collect();
    let headcount = subjects.len();
    let mut nine: Vec<&meritkit::scoring::Placement> = scored.results.iter().filter(|r| r.box_ == Some(9)).collect();
    // the lowest potential first: whom the team would discuss first
    nine.sort_by(|x, y| {
        x.potential_score.partial_cmp(&y.potential_score).unwrap_or(std::cmp::Ordering::Equal).then(x.nip.cmp(&y.nip))
    });
    let guideline = Guideline {
        id: "kotak_9_maks_3".into(),
        select: Select { boxes: Some(vec![9]), ..Select::default() },
        op: Op::AtMost,
        percent: 3.0,
        percent_max: None,
        mode: Mode::Enforce,
        per_unit: false,
        basis: Some("keputusan tim manajemen talenta (contoh; praktik lokal, bukan peraturan)".into()),
    };
    let allowed = guideline.bounds(headcount).and_then(|b| b.max).unwrap_or(0);
    let mut log = Log::new();
    let snap = Event::Snapshot(Box::new(Snapshot {
        session: "sulbar-2027".into(),
        title: Some("Kalibrasi talenta Provinsi Sulawesi Barat 2027 (fiktif)".into()),
        policy: SessionPolicy { name: policy.name.clone(), fingerprint: policy.fingerprint() },
        grid: policy.grid.clone(),
        subjects,
    }));
    let fail = |ps: Vec<meritkit::Problem>| Error::Internal(ps);
    log.append(T[0], "fasilitator-bkpsdm", snap).map_err(fail)?;
    log.append(T[1], "fasilitator-bkpsdm", Event::Guidelines { guidelines: vec![guideline] }).map_err(fail)?;
    let refused = log.append(T[2], "ketua-tim", Event::Finalise {}).err();
    let excess = nine.len().saturating_sub(allowed);
    let moves: Vec<Move> = nine
        .iter()
        .take(excess)
        .map(|r| Move { nip: r.nip.clone(), from: Value::Box(Some(9)), to: Value::Box(Some(8)) })
        .collect();
    if !moves.is_empty() {
        log.append(
            T[2],
            "tim-penilai-kinerja",
            Event::Move {
                moves,
                reason_code: "potensial_di_batas".into(),
                reason: "potensial di batas bawah kategori tinggi; dibahas dalam rapat tim".into(),
            },
        )
        .map_err(fail)?;
    }
    log.append(T[3], "ketua-tim", Event::Finalise {}).map_err(fail)?;
    let report = log.session().report(false);
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "2. A calibration session on the 2027 placements (meritkit calibration)"
        } else {
            "2. Sesi kalibrasi atas penempatan 2027 (meritkit calibration)"
        }
    );
    let g = report.guidelines.first();
    let _ = writeln!(
        s,
        "{}",
        if en {
            format!(
                "guideline: box 9 at most 3 % of {headcount} people = {allowed} (3 % x {headcount} rounded up), enforce; proposed: {} in box 9",
                nine.len()
            )
        } else {
            format!(
                "pedoman: kotak 9 paling banyak 3 % dari {headcount} pegawai = {allowed} (3 % x {headcount} dibulatkan ke atas), enforce; usulan: {} di kotak 9",
                nine.len()
            )
        }
    );
    if let Some(p) = refused.as_ref().and_then(|ps| ps.first()) {
        let _ = writeln!(
            s,
            "{}: [{}] {}",
            if en { "finalise refused" } else { "finalisasi ditolak" },
            p.code,
            if en { &p.message.en } else { &p.message.id }
        );
    }
    let _ = writeln!(
        s,
        "{}",
        if en {
            format!(
                "{excess} people moved from box 9 to box 8 (one bulk move, reason logged); box 9 now {}; finalised",
                g.map_or(0, |g| g.count)
            )
        } else {
            format!("{excess} pegawai dipindah dari kotak 9 ke kotak 8 (satu pindah massal, alasan dicatat); kotak 9 kini {}; difinalkan", g.map_or(0, |g| g.count))
        }
    );
    let text = log.to_jsonl();
    crate::output::emit(&text, Some(log_path))?;
    let v = log::verify(&text);
    let _ = writeln!(
        s,
        "{} {}: {} ({} {})",
        if en { "log exported to" } else { "log diekspor ke" },
        crate::safe::term(&log_path.display().to_string()),
        if en { &v.message.en } else { &v.message.id },
        if en { "head" } else { "kepala" },
        v.head.as_ref().map_or("", |h| h.hash.as_str())
    );
    // 3. One byte of the export changed: found, on its line
    let mut bytes = text.into_bytes();
    let line3 = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).map_or(0, |(i, _)| i + 1);
    if let Some(pos) = bytes.iter().skip(line3).position(|b| *b == b'9').map(|p| p + line3) {
        if let Some(b) = bytes.get_mut(pos) {
            *b = b'8';
        }
    }
    let v = log::verify(&String::from_utf8_lossy(&bytes));
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "3. One byte of the exported log changed (a 9 made an 8 on the third line):"
        } else {
            "3. Satu bita log yang diekspor diubah (angka 9 menjadi 8 pada baris ketiga):"
        }
    );
    if let Some(bad) = &v.first_bad {
        for p in &bad.problems {
            let _ = writeln!(
                s,
                "   {} {}: [{}] {}",
                if en { "line" } else { "baris" },
                bad.line,
                p.code,
                if en { &p.message.en } else { &p.message.id }
            );
        }
    }
    let _ = writeln!(s, "   {}", if en { &v.message.en } else { &v.message.id });
    Ok(s)
}
