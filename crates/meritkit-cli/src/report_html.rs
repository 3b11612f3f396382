//! The self-contained HTML report: inline CSS, charts as inline SVG, no
//! script, no external request of any kind (no fonts, images or links to
//! fetch). Prints on A4.

use crate::i18n::{pick, t, Text};
use crate::report::{tier, DataTable, Pending, Report, Val};
use meritkit::nine_box::Pool;
use meritkit::scoring::GroupSummary;
use std::fmt::Write;

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const CSS: &str = r#"
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--bg:#f5f7fa;--brand:#0b4f8a;--t3:#1b7f4b;--t2:#c98a00;--t1:#b3372f}
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;color:var(--ink);background:var(--bg);font-size:14px;line-height:1.45}
header.top{background:var(--brand);color:#fff;padding:28px 40px 22px}
header.top h1{margin:0 0 4px;font-size:26px;font-weight:650;letter-spacing:.2px}
header.top .sub{opacity:.9;font-size:15px}
header.top .meta{margin-top:10px;font-size:12.5px;opacity:.85}
.banner{background:#fff4e5;color:#7a4b00;border-bottom:1px solid #f0d9b5;padding:8px 40px;font-size:13px;font-weight:600}
.banner.ok{background:#e8f4ec;color:#1b5e3b;border-color:#c4e2cf}
main{max-width:1180px;margin:0 auto;padding:24px 40px 48px}
nav.toc{font-size:13px;margin:0 0 18px;color:var(--muted)}
nav.toc a{color:var(--brand);text-decoration:none;margin-right:14px;white-space:nowrap}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin:0 0 20px;break-inside:avoid-page}
h2{font-size:19px;margin:0 0 12px;color:var(--brand)}
h3{font-size:15px;margin:18px 0 8px}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fbfcfd}
.card .n{font-size:26px;font-weight:700}
.card .k{font-size:12px;color:var(--muted)}
.card.g .n{color:var(--t3)}.card.r .n{color:var(--t1)}.card.a .n{color:var(--t2)}
.gridwrap{display:flex;gap:28px;align-items:flex-start;flex-wrap:wrap}
.legend{font-size:12.5px;color:var(--muted);margin-top:6px}
.legend span{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin:0 5px 0 12px}
.legend span:first-child{margin-left:0}
.units{display:grid;grid-template-columns:repeat(3,1fr);gap:16px}
.unit{border:1px solid var(--line);border-radius:8px;padding:10px 10px 6px}
.unit h4{margin:0 0 6px;font-size:12.5px;min-height:32px;line-height:1.3}
.unit .foot{font-size:11.5px;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:12.5px;margin:6px 0 4px}
th,td{border-bottom:1px solid var(--line);padding:5px 7px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:700;border-top:2px solid var(--ink)}
.tw{overflow-x:auto;max-width:100%}
table.narrow{width:auto;min-width:420px}
#unit-table{font-size:11.5px}#unit-table td:first-child{min-width:230px}
.scroll{max-height:520px;overflow:auto;border:1px solid var(--line);border-radius:6px}
.note{font-size:12.5px;color:var(--muted)}
.pending{border:1px dashed #b8c2cc;background:#f8fafc;border-radius:8px;padding:12px 14px;color:var(--muted)}
.pill{display:inline-block;border-radius:10px;padding:0 7px;font-size:11.5px;font-weight:600;color:#fff}
.b3{background:var(--t3)}.b2{background:var(--t2)}.b1{background:var(--t1)}
dl.audit{display:grid;grid-template-columns:260px 1fr;gap:4px 16px;font-size:13px;margin:0}
dl.audit dt{color:var(--muted)}dl.audit dd{margin:0;font-family:"DejaVu Sans Mono",Consolas,monospace;word-break:break-all}
footer{font-size:12px;color:var(--muted);text-align:center;padding:12px}
@media print{body{background:#fff}.scroll{max-height:none;overflow:visible;border:0}section{border:0;padding:8px 0}header.top{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{size:A4;margin:14mm}
"#;

/// Tier colours (RGB) for the grid.
fn tier_rgb(tr: u8) -> (f64, f64, f64) {
    match tr {
        3 => (27.0, 127.0, 75.0),
        2 => (201.0, 138.0, 0.0),
        _ => (179.0, 55.0, 47.0),
    }
}

/// Mixes the tier colour with white: `w` = 0 white, 1 full colour.
fn shade(tr: u8, w: f64) -> String {
    let (r, g, b) = tier_rgb(tr);
    let m = |c: f64| (255.0 - (255.0 - c) * w).round() as u8;
    format!("#{:02x}{:02x}{:02x}", m(r), m(g), m(b))
}

/// The 9-box of one group as an inline SVG, in the official layout: kinerja
/// rows high (top) to low, potensial columns low (left) to high.
pub fn grid_svg(r: &Report, g: &GroupSummary, cell: f64, unit_attr: &str) -> String {
    let grid = &r.grid;
    let lang = r.lang;
    // (the one layout of the grid: kinerja rows from high, at the top, to low; potensial columns from low)
    let layout = grid.layout(meritkit::nine_box::Orientation::PerformanceRows);
    let np = layout.columns.len();
    let nk = layout.rows.len();
    let left = if cell > 100.0 { 150.0 } else { 24.0 };
    let top = 8.0;
    let bottom = if cell > 100.0 { 58.0 } else { 22.0 };
    let w = left + cell * np as f64 + 8.0;
    let h = top + cell * nk as f64 + bottom;
    let placed = g.placed;
    let max_share =
        grid.boxes.iter().map(|b| g.boxes.get(&b.number).copied().unwrap_or(0)).max().unwrap_or(0).max(1) as f64;
    let big = cell > 100.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="ninebox" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" data-unit="{}" data-placed="{placed}" font-family="Segoe UI,Roboto,Noto Sans,Liberation Sans,Arial,sans-serif">"#,
        esc(unit_attr)
    );
    let _ = write!(s, "<title>{}</title>", esc(&format!("{} — {unit_attr}", t::R_GRID_PROVINCE.get(lang))));
    for (row, (k, cells)) in layout.rows.iter().zip(&layout.cells).enumerate() {
        let y = top + row as f64 * cell;
        if big {
            let label = pick(&k.label, lang);
            let words: Vec<&str> = label.split(' ').collect();
            let (l1, l2) = if words.len() > 2 {
                (words[..words.len() - 1].join(" "), words[words.len() - 1].to_string())
            } else {
                (label.to_string(), String::new())
            };
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="end" font-size="12.5" fill="#1f2933">{}</text>"##,
                left - 10.0,
                y + cell / 2.0,
                esc(&l1)
            );
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="end" font-size="12.5" fill="#1f2933">{}</text>"##,
                left - 10.0,
                y + cell / 2.0 + 15.0,
                esc(&l2)
            );
        }
        for (pi, &n) in cells.iter().enumerate() {
            let x = left + pi as f64 * cell;
            let c = g.boxes.get(&n).copied().unwrap_or(0);
            let share = if placed > 0 { c as f64 / placed as f64 } else { 0.0 };
            let wgt = 0.12 + 0.88 * (c as f64 / max_share);
            let fill = shade(tier(n), wgt);
            let fg = if wgt > 0.55 { "#ffffff" } else { "#1f2933" };
            let _ = write!(s, r#"<g class="box" data-box="{n}" data-count="{c}">"#);
            let _ = write!(
                s,
                r##"<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#ffffff" stroke-width="3" rx="6"/>"##
            );
            let _ = write!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="2" rx="5"/>"##,
                x + 2.0,
                y + 2.0,
                cell - 4.0,
                cell - 4.0,
                shade(tier(n), 1.0)
            );
            if big {
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" font-size="15" font-weight="700" fill="{fg}">{n}</text>"#,
                    x + 12.0,
                    y + 24.0
                );
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="34" font-weight="700" fill="{fg}">{c}</text>"#,
                    x + cell / 2.0,
                    y + cell / 2.0 + 12.0
                );
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{fg}">{:.1}%</text>"#,
                    x + cell / 2.0,
                    y + cell / 2.0 + 34.0,
                    share * 100.0
                );
            } else {
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" font-size="9" font-weight="700" fill="{fg}">{n}</text>"#,
                    x + 6.0,
                    y + 13.0
                );
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="16" font-weight="700" fill="{fg}">{c}</text>"#,
                    x + cell / 2.0,
                    y + cell / 2.0 + 5.0
                );
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="9" fill="{fg}">{:.0}%</text>"#,
                    x + cell / 2.0,
                    y + cell / 2.0 + 18.0,
                    share * 100.0
                );
            }
            s.push_str("</g>");
        }
    }
    let yb = top + cell * nk as f64;
    if big {
        for (pi, p) in layout.columns.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="middle" font-size="12.5" fill="#1f2933">{}</text>"##,
                left + pi as f64 * cell + cell / 2.0,
                yb + 18.0,
                esc(pick(&p.label, lang))
            );
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="700" fill="#0b4f8a">{} →</text>"##,
            left + cell * np as f64 / 2.0,
            yb + 44.0,
            esc(t::R_AXIS_POT.get(lang))
        );
        let _ = write!(
            s,
            r##"<text x="14" y="{}" font-size="13" font-weight="700" fill="#0b4f8a" transform="rotate(-90 14 {})" text-anchor="middle">{} →</text>"##,
            top + cell * nk as f64 / 2.0,
            top + cell * nk as f64 / 2.0,
            esc(t::R_AXIS_PERF.get(lang))
        );
    } else {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="#5f6b7a">{} →</text>"##,
            left + cell * np as f64 / 2.0,
            yb + 15.0,
            esc(t::R_AXIS_POT.get(lang))
        );
        let _ = write!(
            s,
            r##"<text x="10" y="{}" font-size="10" fill="#5f6b7a" transform="rotate(-90 10 {})" text-anchor="middle">{} →</text>"##,
            top + cell * nk as f64 / 2.0,
            top + cell * nk as f64 / 2.0,
            esc(t::R_AXIS_PERF.get(lang))
        );
    }
    s.push_str("</svg>");
    s
}

fn is_num(v: &Val) -> bool {
    matches!(v, Val::Int(_) | Val::Num(..) | Val::Pct(_))
}

/// A table; `limit` caps the rows shown (the workbook has them all).
pub fn table_html(r: &Report, tb: &DataTable, limit: Option<usize>, id: &str) -> String {
    let mut s = String::new();
    if tb.rows.is_empty() {
        let _ = write!(s, r#"<p class="note">{}</p>"#, esc(t::R_NONE.get(r.lang)));
        return s;
    }
    let numeric: Vec<bool> = (0..tb.headers.len())
        .map(|j| tb.rows.iter().all(|row| row.get(j).is_none_or(|v| is_num(v) || *v == Val::Empty)))
        .collect();
    let scroll = tb.rows.len() > 25;
    s.push_str(if scroll { r#"<div class="tw scroll">"# } else { r#"<div class="tw">"# });
    let narrow = if tb.headers.len() <= 3 { r#" class="narrow""# } else { "" };
    let _ = write!(s, r#"<table id="{id}"{narrow}><thead><tr>"#);
    for (j, h) in tb.headers.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", if numeric[j] { r#" class="num""# } else { "" }, esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    let n = limit.unwrap_or(usize::MAX).min(tb.rows.len());
    for row in &tb.rows[..n] {
        s.push_str("<tr>");
        for (j, v) in row.iter().enumerate() {
            let _ = write!(
                s,
                "<td{}>{}</td>",
                if numeric.get(j).copied().unwrap_or(false) { r#" class="num""# } else { "" },
                esc(&v.text())
            );
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    if n < tb.rows.len() {
        let _ = write!(s, r#"<p class="note">{}</p>"#, esc(&t::R_SHOWING.fmt(r.lang, &[&n, &tb.rows.len()])));
    }
    s
}

fn pending_html(r: &Report, p: &Pending) -> String {
    format!(r#"<div class="pending" data-pending="{}">{}</div>"#, esc(p.module), esc(&p.why.fmt(r.lang, &[&p.module])))
}

fn plug(
    r: &Report,
    s: &mut String,
    id: &str,
    title: Text,
    content: &Result<Vec<DataTable>, Pending>,
    intro: Option<String>,
) {
    let _ = write!(s, r#"<section id="{id}"><h2>{}</h2>"#, esc(title.get(r.lang)));
    if let Some(i) = intro {
        s.push_str(&i);
    }
    match content {
        Ok(tables) => {
            for (i, tb) in tables.iter().enumerate() {
                let _ = write!(s, "<h3>{}</h3>", esc(&tb.caption));
                s.push_str(&table_html(r, tb, Some(500), &format!("{id}-{i}")));
            }
        }
        Err(p) => s.push_str(&pending_html(r, p)),
    }
    s.push_str("</section>");
}

/// Renders the whole page.
pub fn render(r: &Report) -> String {
    let lang = r.lang;
    let l = |x: Text| esc(x.get(lang));
    let tot = &r.out.summary.total;
    let mut s = String::with_capacity(1 << 20);
    let _ = write!(
        s,
        r#"<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>{} — {}</title><style>{CSS}</style></head><body>"#,
        if lang == crate::Lang::En { "en" } else { "id" },
        l(t::R_TITLE),
        esc(&r.title)
    );
    let _ = write!(
        s,
        r#"<header class="top"><h1>{}</h1><div class="sub">{}{}</div><div class="meta">{}: {} · {}: {} · {}: {} ({}…)</div></header>"#,
        esc(&r.title),
        if r.title == t::R_TITLE.get(lang) { String::new() } else { format!("{} · ", l(t::R_TITLE)) },
        l(t::R_SUBTITLE),
        l(t::R_REF_DATE),
        esc(&r.audit.reference_date),
        l(t::R_GENERATED),
        esc(&r.audit.generated_at),
        l(t::POLICY),
        esc(&r.out.policy.name),
        esc(r.out.policy.fingerprint.get(..12).unwrap_or(""))
    );
    if r.redacted {
        let _ = write!(s, r#"<div class="banner ok">{}</div>"#, l(t::R_REDACTED));
    } else {
        let _ = write!(s, r#"<div class="banner">{}</div>"#, l(t::R_PERSONAL_WARNING));
    }
    s.push_str("<main>");
    let _ = write!(
        s,
        r##"<nav class="toc"><strong>{}:</strong> <a href="#ringkasan">{}</a> <a href="#kotak">{}</a> <a href="#opd">{}</a> <a href="#krs">{}</a> <a href="#suksesi">{}</a> <a href="#bench">{}</a> <a href="#kelayakan">{}</a> <a href="#keadilan">{}</a> <a href="#perpindahan">{}</a> <a href="#mutu">{}</a> <a href="#audit">{}</a></nav>"##,
        l(t::R_TOC),
        l(t::R_SUMMARY),
        l(t::R_GRID_PROVINCE),
        l(t::R_GRID_UNITS),
        l(t::R_TALENT_POOL),
        l(t::R_SUCCESSION),
        l(t::R_BENCH),
        l(t::R_ELIGIBILITY),
        l(t::R_FAIRNESS),
        l(t::R_MOVEMENT),
        l(t::R_DATA_QUALITY),
        l(t::R_AUDIT)
    );
    // Summary cards.
    let pool = |p| tot.talent_pool.get(&p).copied().unwrap_or(0);
    let _ = write!(s, r#"<section id="ringkasan"><h2>{}</h2><div class="cards">"#, l(t::R_SUMMARY));
    for (cls, n, k, id) in [
        ("", tot.rows, t::R_ROWS, "rows"),
        ("", tot.placed, t::R_PLACED, "placed"),
        ("a", tot.holding, t::R_HOLDING, "holding"),
        ("r", tot.errors, t::R_ERRORS, "errors"),
        ("g", pool(Pool::Instansi), t::R_KRS_INSTANSI, "krs_instansi"),
        ("g", pool(Pool::Nasional), t::R_KRS_NASIONAL, "krs_nasional"),
    ] {
        let _ = write!(
            s,
            r#"<div class="card {cls}" data-stat="{id}"><div class="n">{n}</div><div class="k">{}</div></div>"#,
            l(k)
        );
    }
    s.push_str("</div></section>");
    // Province grid.
    let _ = write!(s, r#"<section id="kotak"><h2>{}</h2><div class="gridwrap"><div>"#, l(t::R_GRID_PROVINCE));
    s.push_str(&grid_svg(r, tot, 132.0, "*"));
    let _ = write!(
        s,
        r#"<div class="legend"><span style="background:{}"></span>{}<span style="background:{}"></span>{}<span style="background:{}"></span>{}</div><p class="note">{}</p></div><div style="flex:1;min-width:380px">"#,
        shade(3, 0.8),
        l(t::R_LEGEND_HIGH),
        shade(2, 0.8),
        l(t::R_LEGEND_MID),
        shade(1, 0.8),
        l(t::R_LEGEND_LOW),
        l(t::R_SHARE_NOTE)
    );
    let bt = r.box_table(tot, "");
    let _ = write!(s, "<h3>{}</h3>", esc(&bt.caption));
    s.push_str(&box_table_html(r, &bt));
    s.push_str("</div></div></section>");
    // Per unit.
    let _ = write!(s, r#"<section id="opd"><h2>{}</h2><div class="units">"#, l(t::R_GRID_UNITS));
    for u in &r.out.summary.units {
        let name = u.unit.clone().unwrap_or_default();
        let _ = write!(s, r#"<div class="unit"><h4>{}</h4>"#, esc(&name));
        s.push_str(&grid_svg(r, u, 88.0, &name));
        let _ = write!(
            s,
            r#"<div class="foot">{}</div></div>"#,
            esc(&t::GRID_FOOTER.fmt(
                lang,
                &[
                    &u.rows,
                    &u.placed,
                    &u.holding,
                    &u.errors,
                    &u.talent_pool.get(&Pool::Instansi).copied().unwrap_or(0),
                    &u.talent_pool.get(&Pool::Nasional).copied().unwrap_or(0)
                ]
            ))
        );
    }
    s.push_str("</div>");
    let ut = r.unit_table();
    let _ = write!(s, "<h3>{}</h3>", esc(&ut.caption));
    s.push_str(&table_html(r, &ut, None, "unit-table"));
    s.push_str("</section>");
    // Talent pool.
    let pt = r.pool_table();
    let _ = write!(
        s,
        r#"<section id="krs"><h2>{}</h2><p class="note">{}: {} · {}: {}</p>"#,
        l(t::R_TALENT_POOL),
        l(t::R_KRS_NASIONAL),
        pool(Pool::Nasional),
        l(t::R_KRS_INSTANSI),
        pool(Pool::Instansi)
    );
    s.push_str(&table_html(r, &pt, Some(500), "pool-table"));
    s.push_str("</section>");
    // Target positions + succession.
    let targets = r
        .targets_table()
        .map(|tb| format!("<h3>{}</h3>{}", esc(&tb.caption), table_html(r, &tb, None, "targets-table")));
    let targets = Some(targets.unwrap_or_else(|| format!(r#"<p class="note">{}</p>"#, l(t::R_NO_TARGETS))));
    plug(r, &mut s, "suksesi", t::R_SUCCESSION, &r.extra.succession, targets);
    plug(r, &mut s, "bench", t::R_BENCH, &r.extra.bench, None);
    plug(r, &mut s, "kelayakan", t::R_ELIGIBILITY, &r.extra.eligibility, None);
    plug(r, &mut s, "keadilan", t::R_FAIRNESS, &r.extra.fairness, None);
    plug(r, &mut s, "perpindahan", t::R_MOVEMENT, &r.extra.movement, None);
    // Data quality.
    let _ =
        write!(s, r#"<section id="mutu"><h2>{}</h2><p class="note">{}</p>"#, l(t::R_DATA_QUALITY), l(t::R_DQ_INTRO));
    if r.out.errors.is_empty() {
        let _ = write!(s, "<p>{}</p>", l(t::R_ALL_CLEAN));
    } else {
        for (tb, id, limit) in [
            (r.error_code_table(), "dq-codes", None),
            (r.error_unit_table(), "dq-units", None),
            (r.error_rows_table(), "dq-rows", Some(1000)),
        ] {
            let _ = write!(s, "<h3>{}</h3>", esc(&tb.caption));
            s.push_str(&table_html(r, &tb, limit, id));
        }
    }
    let ht = r.holding_table();
    if !ht.rows.is_empty() {
        let _ = write!(s, "<h3>{}</h3>", esc(&ht.caption));
        s.push_str(&table_html(r, &ht, Some(1000), "dq-holding"));
    }
    if !r.warnings.is_empty() {
        let wt = r.warnings_table();
        let _ = write!(s, "<h3>{}</h3>", esc(&wt.caption));
        s.push_str(&table_html(r, &wt, None, "dq-warnings"));
    }
    s.push_str("</section>");
    // Audit.
    let _ = write!(
        s,
        r#"<section id="audit"><h2>{}</h2><p class="note">{}</p><dl class="audit">"#,
        l(t::R_AUDIT),
        l(t::R_AUDIT_INTRO)
    );
    for (k, v) in r.audit_pairs() {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v));
    }
    s.push_str("</dl>");
    // Method: where each choice comes from.
    let bt = r.basis_table();
    if !bt.rows.is_empty() {
        let _ = write!(s, r#"<h3 id="dasar">{}</h3><p class="note">{}</p>"#, esc(&bt.caption), l(t::R_BASIS_INTRO));
        s.push_str(&table_html(r, &bt, None, "basis"));
    }
    s.push_str("</section>");
    let _ = writeln!(s, "</main><footer>{}</footer></body></html>", l(t::R_FOOTER));
    s
}

fn box_table_html(r: &Report, tb: &DataTable) -> String {
    let mut s = String::from("<table class=\"boxes\"><thead><tr>");
    for (j, h) in tb.headers.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", if j >= 4 { r#" class="num""# } else { "" }, esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    for row in &tb.rows {
        let n = match row.first() {
            Some(Val::Int(n)) => *n as u16,
            _ => 0,
        };
        let _ = write!(s, r#"<tr><td><span class="pill b{}">{n}</span></td>"#, tier(n));
        for (j, v) in row.iter().enumerate().skip(1) {
            let _ = write!(s, "<td{}>{}</td>", if j >= 4 { r#" class="num""# } else { "" }, esc(&v.text()));
        }
        s.push_str("</tr>");
    }
    let _ = r;
    s.push_str("</tbody></table>");
    s
}
