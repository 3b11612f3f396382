//! How a succession answer is written for people and spreadsheets: the
//! shortlists, bench strength and adverse impact as a table (codes shown by
//! their labels), one CSV line per candidate, the error lines. Used by
//! `succession` and `demo`.

use crate::safe::term;
use crate::Lang;
use meritkit::succession::SuccessionOutput;
use std::fmt::Write;

/// One line per error row (row, origin, code, path, message; the NIP only
/// with `--show-personal-data`), like `score`. Messages never hold values.
pub(crate) fn error_lines(out: &SuccessionOutput, origins: &[String], lang: Lang) -> String {
    crate::safe::term_lines(&crate::privacy::row_error_lines(&out.errors, origins, lang)).into_owned()
}

/// One CSV line per shortlisted candidate; every cell through [`crate::safe::csv_cell`].
pub(crate) fn csv_text(out: &SuccessionOutput) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    crate::safe::write_csv(
        &mut w,
        [
            "position_id",
            "position_title",
            "unit",
            "method",
            "rank",
            "competition_rank",
            "nip",
            "name",
            "candidate_unit",
            "score",
            "readiness",
            "box",
            "jpm",
            "emergency",
        ],
    );
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for p in &out.positions {
        let method =
            serde_json::to_value(p.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let em = p.emergency_successor.iter().map(|c| (c, "true"));
        for (c, e) in p.candidates.iter().map(|c| (c, "false")).chain(em) {
            crate::safe::write_csv(
                &mut w,
                [
                    p.id.clone(),
                    p.title.clone(),
                    p.unit.clone(),
                    method.clone(),
                    c.rank.to_string(),
                    c.competition_rank.to_string(),
                    c.nip.clone(),
                    c.name.clone().unwrap_or_default(),
                    c.unit.clone(),
                    c.score.to_string(),
                    c.readiness.code().into(),
                    c.box_.map(|b| b.to_string()).unwrap_or_default(),
                    f(c.jpm),
                    e.into(),
                ],
            );
        }
    }
    crate::safe::csv_finish(w)
}

/// Human-readable shortlists, bench strength and adverse impact; every text
/// from the input escaped by [`crate::safe::term`].
pub(crate) fn table_text(out: &SuccessionOutput, lang: Lang) -> String {
    let en = lang == Lang::En;
    // codes are shown by their labels in the chosen language (the core's catalogue); CSV and JSON keep the codes
    let catalogue = meritkit::catalogue::catalogue();
    let w = |kind: &str, code: &str| meritkit::catalogue::show(&catalogue, kind, code, en);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} ({}) · {}: {} ({}) · {}: {}",
        if en { "Scoring policy" } else { "Kebijakan penilaian" },
        term(&out.policy.scoring.name),
        &out.policy.scoring.fingerprint[..16],
        if en { "succession policy" } else { "kebijakan suksesi" },
        term(&out.policy.succession.name),
        &out.policy.succession.fingerprint[..16],
        if en { "date" } else { "tanggal" },
        out.date
    );
    for p in &out.positions {
        let method =
            serde_json::to_value(p.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(
            s,
            "\n== {} — {} [{}]{} · {} · {}: {}",
            term(&p.id),
            term(&p.title),
            w("position_kind", p.kind.code()),
            if p.critical {
                if en {
                    " CRITICAL"
                } else {
                    " KRITIKAL"
                }
            } else {
                ""
            },
            term(&p.unit),
            if en { "method" } else { "metode" },
            w("method", &method)
        );
        let _ = writeln!(
            s,
            "   {}: {} → {} {} → {} {} → {} {} → {} {}",
            if en { "funnel" } else { "corong" },
            p.funnel.considered,
            w("stage", "pool"),
            p.funnel.in_pool,
            if en { "eligible" } else { "layak" },
            p.funnel.eligible,
            if en { "ranked" } else { "diperingkat" },
            p.funnel.ranked,
            if en { "shortlisted" } else { "daftar pendek" },
            p.funnel.shortlisted
        );
        if p.candidates.is_empty() {
            let _ =
                writeln!(s, "   {}", if en { "(no eligible successor)" } else { "(tidak ada suksesor yang layak)" });
        }
        for c in &p.candidates {
            let name: String = term(&c.name.clone().unwrap_or_default()).chars().take(26).collect();
            let _ = writeln!(
                s,
                "   {:>2} ({:>2}) {:<19} {:<26} {:>9.6} {:<19} {} {:>2} JPM {}",
                c.rank,
                c.competition_rank,
                term(&c.nip),
                name,
                c.score,
                w("readiness", c.readiness.code()),
                if en { "box" } else { "kotak" },
                c.box_.map(|b| b.to_string()).unwrap_or_default(),
                c.jpm.map(|j| format!("{j:.1}")).unwrap_or_else(|| "-".into())
            );
        }
        if let Some(e) = &p.emergency_successor {
            let _ = writeln!(
                s,
                "   {}: {} {} ({:.6}, {})",
                if en { "emergency successor" } else { "suksesor darurat" },
                term(&e.nip),
                term(&e.name.clone().unwrap_or_default()),
                e.score,
                w("readiness", e.readiness.code())
            );
        }
        let mut reasons: Vec<(&String, &usize)> = p.funnel.excluded_by_code.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let r: Vec<String> = reasons.iter().map(|(k, v)| format!("{} {v}", term(&w("exclusion", k)))).collect();
        let _ = writeln!(s, "   {}: {}", if en { "excluded" } else { "dikecualikan" }, r.join(", "));
        let b = &p.bench;
        use meritkit::succession::readiness::Readiness;
        let counts: Vec<String> = Readiness::ALL
            .iter()
            .map(|r| {
                let n = if *r == Readiness::ReadyNow {
                    b.ready_now_count
                } else {
                    b.readiness_counts.get(r).copied().unwrap_or(0)
                };
                format!("{} {n}", w("readiness", r.code()))
            })
            .collect();
        let risks: Vec<String> = b.risk_reasons.iter().map(|r| w("risk", r)).collect();
        let _ = writeln!(
            s,
            "   {}: {}{}",
            if en { "bench" } else { "bangku cadangan" },
            counts.join(" · "),
            if b.at_risk {
                format!(" · {}: {}", if en { "AT RISK" } else { "BERISIKO" }, risks.join(", "))
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(s, "\n{}", if en { "Bench strength" } else { "Kekuatan bangku cadangan" });
    for u in out.bench.units.iter().chain(std::iter::once(&out.bench.overall)) {
        let unit = u.unit.clone().unwrap_or_else(|| if en { "OVERALL".into() } else { "KESELURUHAN".into() });
        let unit: String = term(&unit).chars().take(48).collect();
        let _ = writeln!(
            s,
            "  {:<48} {} {:>2} · {} {}/{} ({}) · {} {} · {} {}",
            unit,
            if en { "positions" } else { "jabatan" },
            u.positions,
            if en { "critical covered" } else { "kritikal terisi" },
            u.critical_with_ready_now,
            u.critical_positions,
            u.coverage.map(|c| format!("{:.0} %", c * 100.0)).unwrap_or_else(|| "-".into()),
            if en { "at risk" } else { "berisiko" },
            u.positions_at_risk.len(),
            if en { "overlap" } else { "tumpang tindih" },
            u.overlap.len()
        );
    }
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "Adverse impact (four-fifths rule; analytic convention)"
        } else {
            "Dampak merugikan (aturan empat-perlima; konvensi analitis)"
        }
    );
    for r in &out.adverse_impact {
        let g: Vec<String> = r
            .groups
            .iter()
            .map(|g| {
                format!(
                    "{} {}/{}{}{}",
                    term(&w("group", &g.group)),
                    g.selected,
                    g.considered,
                    g.impact_ratio.map(|x| format!(" AIR {x:.2}")).unwrap_or_default(),
                    if g.four_fifths_flag == Some(true) { " ⚑" } else { "" }
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  {:<14} {:<17} {}",
            term(&w("group_column", r.column.as_deref().unwrap_or_default())),
            term(&w("stage", r.stage.as_deref().unwrap_or_default())),
            g.join(" · ")
        );
    }
    if !out.errors.is_empty() {
        let _ = writeln!(
            s,
            "\n{}: {}",
            if en { "Rows with errors (not candidates)" } else { "Baris bermasalah (bukan kandidat)" },
            out.errors.len()
        );
    }
    crate::safe::term_lines(&s).into_owned()
}
