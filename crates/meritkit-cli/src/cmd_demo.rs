//! `meritkit demo`: the whole pipeline on the embedded fictional dataset of
//! Provinsi Sulawesi Barat (six pilot OPDs, 1,500 employees, a few bad rows).

use crate::i18n::{pick, t};
use crate::output::{emit, json};
use crate::{Format, Lang};
use meritkit::api::parse_row;
use meritkit::error::Error;
use meritkit::flat::Cell;
use meritkit::scoring::{score_rows, Context, ParsedRow};
use std::fmt::Write;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, short, default_value = "permenpanrb_3_2020", help = t::HELP_POLICY.both())]
    pub policy: String,
    #[arg(long, short, value_enum, default_value_t = Format::Table, help = t::HELP_DEMO_FORMAT.both())]
    pub format: Format,
    #[arg(long, help = t::HELP_EXPORT.both())]
    pub export: Option<std::path::PathBuf>,
    #[arg(long, help = t::HELP_EXPORT_XLSX.both())]
    pub export_xlsx: Option<std::path::PathBuf>,
    #[arg(long, help = t::HELP_EXPORT_POSITIONS.both())]
    pub export_positions: Option<std::path::PathBuf>,
    /// Demo of the talent-review cycle: two periods, movement matrix, a calibration session and its verified log / demo siklus tinjauan talenta.
    #[arg(long)]
    pub review: bool,
    /// Where `--review` writes the exported calibration log / berkas log kalibrasi.
    #[arg(long, default_value = "meritkit-demo-kalibrasi.jsonl")]
    pub review_log: std::path::PathBuf,
    /// Write the second period's records (JSON) to this file and exit / tulis rekaman periode kedua.
    #[arg(long)]
    pub export_next: Option<std::path::PathBuf>,
}

/// Reference date of the demo (fixed, so the demo is reproducible).
pub const DEMO_DATE: &str = "2026-01-02";

pub fn run(a: Args, lang: Lang) -> Result<u8, Error> {
    let values = meritkit::generate::demo_rows();
    if let Some(p) = a.export {
        emit(&json(&values), Some(&p))?;
        return Ok(0);
    }
    if let Some(p) = a.export_next {
        emit(&json(&meritkit::generate::demo_rows_next_period()), Some(&p))?;
        return Ok(0);
    }
    if a.review {
        let policy = crate::sources::policy(&a.policy)?;
        emit(&crate::demo_review::run(&policy, lang, &a.review_log)?, None)?;
        return Ok(0);
    }
    if a.export_xlsx.is_some() || a.export_positions.is_some() {
        if let Some(p) = &a.export_xlsx {
            let (bytes, n, dropped) = employees_xlsx(&values).map_err(xlsx_error)?;
            crate::output::emit_bytes(&bytes, Some(p))?;
            eprintln!("meritkit: {}", t::DEMO_EXPORTED.fmt(lang, &[&n, &p.display(), &dropped.join(", ")]));
        }
        if let Some(p) = &a.export_positions {
            let xlsx = p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let positions = sample_positions()?;
            if xlsx {
                crate::output::emit_bytes(&positions_xlsx(&positions).map_err(xlsx_error)?, Some(p))?;
            } else {
                emit(&json(&positions), Some(p))?;
            }
        }
        return Ok(0);
    }
    let policy = crate::sources::policy(&a.policy)?;
    let rows: Vec<ParsedRow> = values.iter().map(parse_row).collect();
    let today = meritkit::api::parse_date(DEMO_DATE)?;
    let out = score_rows(&rows, &policy, &Context { today: Some(today), ..Default::default() });
    let text = match a.format {
        Format::Json => json(&out),
        Format::Csv => crate::score_output::csv_text(&out, &policy, &[]),
        Format::Table => {
            let mut s = String::new();
            let _ = writeln!(s, "{}", t::DEMO_TITLE.get(lang));
            let _ = writeln!(
                s,
                "{}: {} · {}: {}\n",
                t::POLICY.get(lang),
                out.policy.name,
                t::FINGERPRINT.get(lang),
                &out.policy.fingerprint[..16]
            );
            let grid = policy.grid();
            for u in &out.summary.units {
                s.push_str(&crate::grid::render(&grid, u, &format!("OPD: {}", u.unit.as_deref().unwrap_or("")), lang));
                s.push('\n');
            }
            s.push_str(&crate::grid::render(&grid, &out.summary.total, t::DEMO_PROVINCE.get(lang), lang));
            s.push_str(&merit_section(&rows, &out, &policy, today, lang == Lang::En)?);
            let _ = writeln!(s, "\n{}:", t::ROWS_WITH_ERRORS_NOT_PLACED.get(lang));
            for e in &out.errors {
                let _ = writeln!(
                    s,
                    "{}",
                    t::ROW_ERROR_LINE.fmt(
                        lang,
                        &[&t::ROW.get(lang), &format!("{:>4}", e.row), &e.code, &e.path, &pick(&e.message, lang)]
                    )
                );
            }
            s.push_str(&succession_section(&rows, &a.policy, lang)?);
            s
        }
    };
    emit(&text, None)?;
    Ok(0)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Input(vec![crate::output::problem(meritkit::Code::InvalidInput, "xlsx", t::ERR_WRITE_OUTPUT, &[&e])])
}

/// A workbook whose creation date is the demo date, so that the exported
/// sample files are byte-identical on every run.
fn fixed_workbook() -> Result<rust_xlsxwriter::Workbook, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 2)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("Data pegawai fiktif / fictional employees")
            .set_creation_datetime(&when),
    );
    Ok(wb)
}

/// Order of flat columns in exported sheets: by group (the flat schema's
/// [`meritkit::flat::Column::display_group`]), then first appearance.
fn column_rank(c: &str) -> usize {
    meritkit::flat::Column::classify(c).map_or(usize::MAX, |c| c.display_group())
}

/// The demo rows as one XLSX sheet "Pegawai" with Indonesian headers (wide
/// layout), a "No" column first, NIPs as text. Returns the bytes, the row
/// count and the fields left out.
pub fn employees_xlsx(
    values: &[serde_json::Value],
) -> Result<(Vec<u8>, usize, Vec<&'static str>), rust_xlsxwriter::XlsxError> {
    let mut rows: Vec<Vec<(String, Cell)>> = Vec::new();
    let mut dropped = std::collections::BTreeSet::new();
    for v in values {
        match parse_row(v) {
            Ok(e) => {
                let (cols, d) = meritkit::mapping::flatten_employee(&e);
                dropped.extend(d);
                rows.push(cols);
            }
            Err(_) => rows.push(meritkit::flat::value_cells(v)),
        }
    }
    let mut columns: Vec<String> = Vec::new();
    for r in &rows {
        for (c, _) in r {
            if !columns.contains(c) {
                columns.push(c.clone());
            }
        }
    }
    columns.sort_by_key(|c| column_rank(c)); // stable: first appearance within a group
    let mut wb = fixed_workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Pegawai")?;
    let head = rust_xlsxwriter::Format::new().set_bold().set_background_color(0xDDEBF7);
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    ws.write_string_with_format(0, 0, "No", &head)?;
    for (j, c) in columns.iter().enumerate() {
        ws.write_string_with_format(0, j as u16 + 1, meritkit::mapping::indonesian_header(c), &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, 0, (i + 1) as f64)?;
        for (c, v) in r {
            let Some(j) = columns.iter().position(|x| x == c) else { continue };
            let col = j as u16 + 1;
            match v {
                Cell::Str(s) if c == "nip" => {
                    ws.write_string_with_format(row, col, s, &text)?;
                }
                Cell::Str(s) => {
                    ws.write_string(row, col, s)?;
                }
                Cell::Num(x) if x.is_finite() => {
                    ws.write_number(row, col, *x)?;
                }
                Cell::Bool(b) => {
                    ws.write_boolean(row, col, *b)?;
                }
                _ => {}
            }
        }
    }
    ws.set_column_width(1, 21)?;
    ws.set_column_width(2, 26)?;
    ws.set_column_width(3, 40)?;
    ws.set_freeze_panes(1, 3)?;
    Ok((wb.save_to_buffer()?, rows.len(), dropped.into_iter().collect()))
}

/// The demo's fictional target positions (vacant strategic positions in the
/// six pilot OPDs, [`meritkit::generate::demo_positions`]).
pub fn sample_positions() -> Result<Vec<crate::positions::TargetPosition>, Error> {
    meritkit::generate::demo_positions()
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<_, _>>()
        .map_err(|e| Error::internal(format_args!("demo positions: {e}")))
}

fn positions_xlsx(positions: &[crate::positions::TargetPosition]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = fixed_workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name("Jabatan Target")?;
    let head = rust_xlsxwriter::Format::new().set_bold().set_background_color(0xDDEBF7);
    for (j, h) in ["Kode", "Jabatan", "Unit Kerja", "Jenis Jabatan", "Kritikal", "Kotak Minimal"].iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &head)?;
    }
    for (i, p) in positions.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &p.id)?;
        ws.write_string(r, 1, &p.title)?;
        ws.write_string(r, 2, &p.unit)?;
        ws.write_string(r, 3, p.kind.label())?;
        ws.write_string(r, 4, if p.critical { "Ya" } else { "Tidak" })?;
        if let meritkit::succession::PoolPolicy::MinBox(n) = p.pool {
            ws.write_number(r, 5, f64::from(n))?;
        }
    }
    ws.set_column_width(1, 45)?;
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 16)?;
    wb.save_to_buffer()
}

/// Per OPD: talent-pool members who meet `jpt_pratama` and `administrator`,
/// and the data-quality findings by rule.
fn merit_section(
    rows: &[ParsedRow],
    scored: &meritkit::scoring::ScoreOutput,
    policy: &meritkit::Policy,
    date: jiff::civil::Date,
    en: bool,
) -> Result<String, Error> {
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
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "Merit rules — talent-pool members (KRS) meeting the eligibility rules, per OPD"
        } else {
            "Aturan merit — anggota kelompok rencana suksesi (KRS) yang memenuhi syarat, per OPD"
        }
    );
    let catalogue = meritkit::catalogue::catalogue();
    let w = |kind: &str, code: &str| meritkit::catalogue::show(&catalogue, kind, code, en);
    let _ = writeln!(
        s,
        "{:<44} {:>6} {:>12} {:>14}",
        "OPD",
        "KRS",
        w("position_kind", "jpt_pratama"),
        w("position_kind", "administrator")
    );
    let mut tot = (0, 0, 0);
    for (u, (n, j, a)) in &by_unit {
        let name: String = u.chars().take(44).collect();
        let _ = writeln!(s, "{:<44} {:>6} {:>12} {:>14}", name, n, j, a);
        tot = (tot.0 + n, tot.1 + j, tot.2 + a);
    }
    let _ = writeln!(s, "{:<44} {:>6} {:>12} {:>14}", if en { "TOTAL" } else { "JUMLAH" }, tot.0, tot.1, tot.2);
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "Data quality — findings (failed checks) per OPD, by rule"
        } else {
            "Mutu data — temuan (pemeriksaan gagal) per OPD, menurut aturan"
        }
    );
    let mut findings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in &dq.results {
        for x in r.rules.iter().filter(|x| x.outcome == Outcome::Fail) {
            *findings.entry(r.unit.clone()).or_default().entry(x.id.clone()).or_insert(0) += 1;
        }
    }
    for u in dq.summary.units.iter().filter_map(|g| g.unit.clone()) {
        let f = findings.get(&u);
        let list = f
            .map(|m| m.iter().map(|(k, v)| format!("{} {v}", w("rule", k))).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        let name: String = u.chars().take(44).collect();
        let _ = writeln!(s, "  {:<44} {}", name, if list.is_empty() { "-".to_string() } else { list });
    }
    let totals: Vec<String> =
        dq.summary.rules.iter().filter(|r| r.fail > 0).map(|r| format!("{} {}", w("rule", &r.id), r.fail)).collect();
    let _ = writeln!(
        s,
        "  {:<44} {}",
        if en { "TOTAL" } else { "JUMLAH" },
        if totals.is_empty() { "-".to_string() } else { totals.join(", ") }
    );
    Ok(s)
}

/// Shortlists for the demo's vacant strategic positions and the province's bench strength.
fn succession_section(rows: &[ParsedRow], policy: &str, lang: Lang) -> Result<String, Error> {
    let en = lang == Lang::En;
    let positions: Vec<meritkit::succession::TargetPosition> = meritkit::generate::demo_positions()
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<_, _>>()
        .map_err(|e| Error::internal(format_args!("demo positions: {e}")))?;
    let req = meritkit::api::SuccessionRequest {
        top: Some(5),
        policy: Some(crate::sources::policy_source(policy)?),
        emergency_successor: Some(true),
        ..meritkit::api::SuccessionRequest::new(positions, DEMO_DATE)
    };
    let out = meritkit::api::succession_rows_gated(rows, &req)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            "Succession: vacant strategic positions in the six OPDs (SAW, top 5, merit rule set per position kind)"
        } else {
            "Suksesi: jabatan strategis yang lowong di enam OPD (SAW, 5 teratas, aturan merit per jenis jabatan)"
        }
    );
    s.push_str(&crate::succession_output::table_text(&out, lang));
    Ok(s)
}
