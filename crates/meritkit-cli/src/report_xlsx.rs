//! The report's tables as an XLSX workbook (rust_xlsxwriter): one sheet per
//! topic, the same [`DataTable`]s as the HTML page, with every row (the
//! HTML shows long lists capped).

use crate::i18n::t;
use crate::output::problem;
use crate::report::{DataTable, Report, Val};
use meritkit::error::{Code, Error};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn xerr(e: XlsxError) -> Error {
    Error::Input(vec![problem(Code::InvalidInput, "xlsx", t::ERR_WRITE_OUTPUT, &[&e])])
}

struct Styles {
    head: Format,
    caption: Format,
    pct: Format,
    dec: Format,
}

/// Writes tables one under the other on a sheet, starting at `row`; returns the next free row.
fn put_table(
    ws: &mut Worksheet,
    st: &Styles,
    tb: &DataTable,
    mut row: u32,
    widths: &mut Vec<usize>,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, &tb.caption, &st.caption)?;
    row += 1;
    for (j, h) in tb.headers.iter().enumerate() {
        ws.write_string_with_format(row, j as u16, h, &st.head)?;
        grow(widths, j, h.chars().count());
    }
    row += 1;
    for r in &tb.rows {
        for (j, v) in r.iter().enumerate() {
            let c = j as u16;
            match v {
                Val::Text(s) => {
                    ws.write_string(row, c, s)?;
                    grow(widths, j, s.chars().count().min(60));
                }
                Val::Int(i) => {
                    ws.write_number(row, c, *i as f64)?;
                }
                Val::Num(x, _) => {
                    ws.write_number_with_format(row, c, *x, &st.dec)?;
                }
                Val::Pct(x) => {
                    ws.write_number_with_format(row, c, *x, &st.pct)?;
                }
                Val::Empty => {}
            }
        }
        row += 1;
    }
    Ok(row + 1)
}

fn grow(w: &mut Vec<usize>, j: usize, n: usize) {
    if w.len() <= j {
        w.resize(j + 1, 8);
    }
    w[j] = w[j].max(n + 2);
}

fn sheet<'a>(wb: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    Ok(ws)
}

fn finish(ws: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(j as u16, (*w).min(70) as f64)?;
    }
    Ok(())
}

/// Builds the workbook bytes.
pub fn render(r: &Report) -> Result<Vec<u8>, Error> {
    build(r).map_err(xerr)
}

fn build(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let st = Styles {
        head: Format::new().set_bold().set_background_color(0xEEF2F6),
        caption: Format::new().set_bold().set_font_size(13).set_font_color(0x0B4F8A),
        pct: Format::new().set_num_format("0.0%"),
        dec: Format::new().set_num_format("0.0"),
    };
    let mut wb = Workbook::new();
    // The document's creation time is the report's generation time (`SOURCE_DATE_EPOCH` when set), not the
    // writer's clock: the same inputs give the same bytes.
    if let Ok(when) = rust_xlsxwriter::ExcelDateTime::parse_from_str(&r.audit.generated_at) {
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&when));
    }
    // Summary + audit.
    {
        let ws = sheet(&mut wb, t::X_SUMMARY.get(lang))?;
        let mut w = Vec::new();
        ws.write_string_with_format(0, 0, &r.title, &st.caption)?;
        ws.write_string(1, 0, t::R_TITLE.get(lang))?;
        ws.write_string(2, 0, if r.redacted { t::R_REDACTED.get(lang) } else { t::R_PERSONAL_WARNING.get(lang) })?;
        let tot = &r.out.summary.total;
        let pool = |p| tot.talent_pool.get(&p).copied().unwrap_or(0) as i64;
        let mut rows: Vec<Vec<Val>> = vec![
            vec![Val::Text(t::R_ROWS.get(lang).into()), Val::Int(tot.rows as i64)],
            vec![Val::Text(t::R_PLACED.get(lang).into()), Val::Int(tot.placed as i64)],
            vec![Val::Text(t::R_HOLDING.get(lang).into()), Val::Int(tot.holding as i64)],
            vec![Val::Text(t::R_ERRORS.get(lang).into()), Val::Int(tot.errors as i64)],
            vec![Val::Text(t::R_KRS_INSTANSI.get(lang).into()), Val::Int(pool(meritkit::nine_box::Pool::Instansi))],
            vec![Val::Text(t::R_KRS_NASIONAL.get(lang).into()), Val::Int(pool(meritkit::nine_box::Pool::Nasional))],
        ];
        let summary = DataTable {
            sheet: String::new(),
            caption: t::R_SUMMARY.get(lang).into(),
            headers: vec![t::X_ITEM.get(lang).into(), t::X_VALUE.get(lang).into()],
            rows: std::mem::take(&mut rows),
        };
        let next = put_table(ws, &st, &summary, 4, &mut w)?;
        let audit = DataTable {
            sheet: String::new(),
            caption: t::R_AUDIT.get(lang).into(),
            headers: vec![t::X_ITEM.get(lang).into(), t::X_VALUE.get(lang).into()],
            rows: r.audit_pairs().into_iter().map(|(k, v)| vec![Val::Text(k), Val::Text(v)]).collect(),
        };
        let next = put_table(ws, &st, &audit, next, &mut w)?;
        let basis = r.basis_table();
        let mut next = if basis.rows.is_empty() { next } else { put_table(ws, &st, &basis, next, &mut w)? };
        for (title, sec) in [
            (t::R_SUCCESSION, &r.extra.succession),
            (t::R_BENCH, &r.extra.bench),
            (t::R_ELIGIBILITY, &r.extra.eligibility),
            (t::R_FAIRNESS, &r.extra.fairness),
            (t::R_MOVEMENT, &r.extra.movement),
        ] {
            if let Err(p) = sec {
                ws.write_string(next, 0, title.get(lang))?;
                ws.write_string(next, 1, p.why.fmt(lang, &[&p.module]))?;
                next += 1;
            }
        }
        finish(ws, &w)?;
    }
    // Grid per unit: box table for the whole input, then counts per unit.
    {
        let ws = sheet(&mut wb, t::X_GRID.get(lang))?;
        let mut w = Vec::new();
        let next = put_table(ws, &st, &r.unit_table(), 0, &mut w)?;
        let mut bt = r.box_table(&r.out.summary.total, "");
        bt.caption = format!("{} — {}", bt.caption, t::R_GRID_PROVINCE.get(lang));
        put_table(ws, &st, &bt, next, &mut w)?;
        finish(ws, &w)?;
    }
    for tb in [r.pool_table(), r.results_table()] {
        let ws = sheet(&mut wb, &tb.sheet)?;
        let mut w = Vec::new();
        put_table(ws, &st, &tb, 0, &mut w)?;
        ws.set_freeze_panes(2, 0)?;
        finish(ws, &w)?;
    }
    {
        let ws = sheet(&mut wb, t::X_ERRORS.get(lang))?;
        let mut w = Vec::new();
        let mut next = 0;
        for tb in
            [r.error_code_table(), r.error_unit_table(), r.error_rows_table(), r.holding_table(), r.warnings_table()]
        {
            next = put_table(ws, &st, &tb, next, &mut w)?;
        }
        finish(ws, &w)?;
    }
    if let Some(tb) = r.targets_table() {
        let ws = sheet(&mut wb, &tb.sheet)?;
        let mut w = Vec::new();
        put_table(ws, &st, &tb, 0, &mut w)?;
        finish(ws, &w)?;
    }
    // One sheet per section; its tables one under the other.
    for tables in [&r.extra.eligibility, &r.extra.succession, &r.extra.bench, &r.extra.fairness, &r.extra.movement]
        .into_iter()
        .flatten()
    {
        let Some(first) = tables.first() else { continue };
        let ws = sheet(&mut wb, &first.sheet)?;
        let mut w = Vec::new();
        let mut next = 0;
        for tb in tables {
            next = put_table(ws, &st, tb, next, &mut w)?;
        }
        finish(ws, &w)?;
    }
    wb.save_to_buffer()
}
