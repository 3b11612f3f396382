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
    };
    let out = meritkit::api::succession_rows(rows, &req, &meritkit::succession::gate::BuiltinGate, true)?;
    let mut s = String::new();
    let _ = writeln!(s, "\n{}", if en {
        "Succession: vacant strategic positions in the six OPDs (SAW, top 5, built-in eligibility gate)"
    } else {
        "Suksesi: jabatan strategis yang lowong di enam OPD (SAW, 5 teratas, gerbang kelayakan bawaan)"
    });
    s.push_str(&crate::cmd_succession::table_text(&out, lang));
    Ok(s)
}
