//! `meritkit demo`: the whole pipeline on the embedded fictional dataset of
//! Provinsi Sulawesi Barat (six pilot OPDs, 1,500 employees, a few bad rows).

use crate::output::{emit, json};
use crate::{Format, Lang};
use meritkit::api::parse_row;
use meritkit::error::Error;
use meritkit::scoring::{score_rows, Context, ParsedRow};
use std::fmt::Write;

#[derive(clap::Args)]
pub struct Args {
    /// Policy: preset name or file.
    #[arg(long, short, default_value = "permenpanrb_3_2020")]
    pub policy: String,
    /// Output format (`table` prints the grids; `json` the full answer).
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the demo input records (JSON) to this file and exit.
    #[arg(long)]
    pub export: Option<std::path::PathBuf>,
}

/// Reference date of the demo (fixed, so the demo is reproducible).
pub const DEMO_DATE: &str = "2026-01-02";

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let values = meritkit::generate::demo_rows();
    if let Some(p) = a.export {
        emit(&json(&values), Some(&p))?;
        return Ok(0);
    }
    let policy = crate::cmd_policy::load(&a.policy)?;
    let rows: Vec<ParsedRow> = values.iter().map(parse_row).collect();
    let today = meritkit::api::parse_date(DEMO_DATE)?;
    let out = score_rows(&rows, &policy, &Context { today: Some(today) });
    let en = lang == Lang::En;
    let text = match a.format {
        Format::Json => json(&out),
        Format::Csv => crate::cmd_score::csv_text(&out),
        Format::Table => {
            let mut s = String::new();
            let _ = writeln!(s, "{}", if en {
                "meritkit demo — Provinsi Sulawesi Barat (FICTIONAL DATA), six pilot OPDs"
            } else {
                "meritkit demo — Provinsi Sulawesi Barat (DATA FIKTIF), enam OPD percontohan"
            });
            let _ = writeln!(s, "{}: {} · {}: {}\n", if en { "Policy" } else { "Kebijakan" }, out.policy.name,
                if en { "fingerprint" } else { "sidik" }, &out.policy.fingerprint[..16]);
            let grid = policy.grid();
            for u in &out.summary.units {
                s.push_str(&crate::grid::render(&grid, u, &format!("OPD: {}", u.unit.as_deref().unwrap_or("")), en));
                s.push('\n');
            }
            s.push_str(&crate::grid::render(&grid, &out.summary.total,
                if en { "Provinsi Sulawesi Barat (all six OPDs)" } else { "Provinsi Sulawesi Barat (keenam OPD)" }, en));
            s.push_str(&merit_section(&rows, &out, &policy, today, en)?);
            let _ = writeln!(s, "\n{}:", if en { "Rows with errors (not placed)" } else { "Baris bermasalah (tidak dipetakan)" });
            for e in &out.errors {
                let _ = writeln!(s, "  {} {:>4} [{}] {}: {}", if en { "row" } else { "baris" }, e.row, e.code, e.path,
                    if en { &e.message.en } else { &e.message.id });
            }
            s.push_str(&succession_section(&rows, &a.policy, lang)?);
            s
        }
    };
    emit(&text, None)?;
    Ok(0)
}

/// Shortlists for the demo's vacant strategic positions and the province's bench strength.
fn succession_section(rows: &[ParsedRow], policy: &str, lang: Lang) -> Result<String, Error> {
    let en = lang == Lang::En;
    let positions: Vec<meritkit::succession::TargetPosition> = meritkit::generate::demo_positions()
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Input(vec![meritkit::Problem::new(meritkit::Code::Internal, "positions", e.to_string(), e.to_string())]))?;
    let req = meritkit::api::SuccessionRequest {
        records: vec![],
        positions,
        method: None,
        top: Some(5),
        date: Some(DEMO_DATE.into()),
        policy: Some(crate::cmd_succession::policy_value(policy)?),
        succession_policy: None,
        weights: None,
        sensitivity: false,
        group_columns: None,
        emergency_successor: Some(true),
        exclusive: None,
        gate: None,
    };
    let scoring = crate::cmd_policy::load(policy)?;
    let gate = meritkit::succession::rules_gate::RulesGate::new(&scoring, vec![])?;
    let out = meritkit::api::succession_rows(rows, &req, &gate, true)?;
    let mut s = String::new();
    let _ = writeln!(s, "\n{}", if en {
        "Succession: vacant strategic positions in the six OPDs (SAW, top 5, merit rule set per position kind)"
    } else {
        "Suksesi: jabatan strategis yang lowong di enam OPD (SAW, 5 teratas, aturan merit per jenis jabatan)"
    });
    s.push_str(&crate::cmd_succession::table_text(&out, lang));
    Ok(s)
}

/// Per OPD: talent-pool members who meet `jpt_pratama` and `administrator`,
/// and the data-quality findings by rule.
fn merit_section(rows: &[ParsedRow], scored: &meritkit::scoring::ScoreOutput, policy: &meritkit::Policy, date: jiff::civil::Date, en: bool) -> Result<String, Error> {
    use meritkit::rules::{builtin, validate_rows, Outcome};
    use std::collections::BTreeMap;
    let jpt = validate_rows(rows, &builtin("jpt_pratama")?, date, policy);
    let adm = validate_rows(rows, &builtin("administrator")?, date, policy);
    let dq = validate_rows(rows, &builtin("data_quality")?, date, policy);
    let in_pool: std::collections::HashSet<usize> =
        scored.results.iter().filter(|p| !p.talent_pool.is_empty()).map(|p| p.row).collect();
    // unit -> (pool members, meeting jpt_pratama, meeting administrator)
    let mut by_unit: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for p in scored.results.iter().filter(|p| in_pool.contains(&p.row)) {
        by_unit.entry(p.unit.clone()).or_default().0 += 1;
    }
    for r in jpt.results.iter().filter(|r| r.eligible && in_pool.contains(&r.row)) {
        by_unit.entry(r.unit.clone()).or_default().1 += 1;
    }
    for r in adm.results.iter().filter(|r| r.eligible && in_pool.contains(&r.row)) {
        by_unit.entry(r.unit.clone()).or_default().2 += 1;
    }
    let mut s = String::new();
    let _ = writeln!(s, "\n{}", if en {
        "Merit rules — talent-pool members (KRS) meeting the eligibility rules, per OPD"
    } else {
        "Aturan merit — anggota kelompok rencana suksesi (KRS) yang memenuhi syarat, per OPD"
    });
    let _ = writeln!(s, "{:<44} {:>6} {:>12} {:>14}", "OPD", "KRS", "jpt_pratama", "administrator");
    let mut tot = (0, 0, 0);
    for (u, (n, j, a)) in &by_unit {
        let name: String = u.chars().take(44).collect();
        let _ = writeln!(s, "{:<44} {:>6} {:>12} {:>14}", name, n, j, a);
        tot = (tot.0 + n, tot.1 + j, tot.2 + a);
    }
    let _ = writeln!(s, "{:<44} {:>6} {:>12} {:>14}", if en { "TOTAL" } else { "JUMLAH" }, tot.0, tot.1, tot.2);
    let _ = writeln!(s, "\n{}", if en { "Data quality — findings (failed checks) per OPD, by rule" } else { "Mutu data — temuan (pemeriksaan gagal) per OPD, menurut aturan" });
    let mut findings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in &dq.results {
        for x in r.rules.iter().filter(|x| x.outcome == Outcome::Fail) {
            *findings.entry(r.unit.clone()).or_default().entry(x.id.clone()).or_insert(0) += 1;
        }
    }
    for u in dq.summary.units.iter().filter_map(|g| g.unit.clone()) {
        let f = findings.get(&u);
        let list = f.map(|m| m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")).unwrap_or_default();
        let name: String = u.chars().take(44).collect();
        let _ = writeln!(s, "  {:<44} {}", name, if list.is_empty() { "-".to_string() } else { list });
    }
    let totals: Vec<String> = dq.summary.rules.iter().filter(|r| r.fail > 0).map(|r| format!("{} {}", r.id, r.fail)).collect();
    let _ = writeln!(s, "  {:<44} {}", if en { "TOTAL" } else { "JUMLAH" }, if totals.is_empty() { "-".to_string() } else { totals.join(", ") });
    Ok(s)
}
