//! The printable talent card: one A4 page per person (identity, box on the grid, history, competency gaps,
//! readiness for target positions, development plan), self-contained HTML (inline CSS, no script, no external
//! resource), Bahasa Indonesia by default. Content comes from the core (`meritkit::development`, scoring,
//! succession); every value goes through the report's escaper ([`crate::report_html::esc`]); the grid is
//! drawn from [`meritkit::nine_box::Grid::layout`], the one layout every renderer uses.

use crate::i18n::{pick, t};
use crate::report_html::esc;
use crate::Lang;
use meritkit::development::{Gaps, PersonDevelopment};
use meritkit::nine_box::{Grid, Orientation};
use meritkit::Message;
use std::fmt::Write;

/// A person's readiness for one target position (from the succession ranking).
#[derive(Clone, Debug, PartialEq)]
pub struct Readiness {
    /// Position id.
    pub id: String,
    /// Position title.
    pub title: String,
    /// `Siap Sekarang (peringkat 2)`, or why the person is not a candidate.
    pub status: Message,
}

/// One card's content, identity already pseudonymised when the cards are redacted.
#[derive(Clone, Debug)]
pub struct Card {
    /// NIP (or its pseudonym).
    pub nip: String,
    /// Name (or its pseudonym).
    pub name: Option<String>,
    /// Position title (nama jabatan), when the record has one.
    pub position_title: Option<String>,
    /// The core's development answer for the person.
    pub person: PersonDevelopment,
    /// Earlier periods: label and box (`None`: not placed or not in that period's file).
    pub history: Vec<(String, Option<u16>)>,
    /// Readiness per target position (empty without target positions).
    pub readiness: Vec<Readiness>,
}

/// What every card repeats.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Language.
    pub lang: Lang,
    /// Names and NIPs pseudonymised.
    pub redacted: bool,
    /// Reference date.
    pub date: String,
    /// Policy name and fingerprint.
    pub policy: (String, String),
    /// Catalogue name and fingerprint.
    pub catalogue: (String, String),
}

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;color:#1f2933;font-size:10.5px;line-height:1.35;background:#f5f7fa}
.card{background:#fff;width:210mm;min-height:297mm;margin:0 auto 8mm;padding:11mm 12mm;page-break-after:always;break-after:page}
.card:last-child{page-break-after:auto;break-after:auto}
.mark{font-weight:700;font-size:10px;padding:3px 7px;border-radius:4px;background:#fff4e5;color:#7a4b00;border:1px solid #f0d9b5;display:inline-block}
.mark.ok{background:#e8f4ec;color:#1b5e3b;border-color:#c4e2cf}
h1{font-size:17px;margin:6px 0 2px;color:#0b4f8a}
h2{font-size:12px;margin:9px 0 4px;color:#0b4f8a;border-bottom:1px solid #d9dee5;padding-bottom:2px}
.top{display:flex;gap:14px;align-items:flex-start}
.top .id{flex:1}
dl{display:grid;grid-template-columns:110px 1fr;gap:1px 8px;margin:4px 0}
dt{color:#5f6b7a}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:2px 0}
th,td{border-bottom:1px solid #d9dee5;padding:2px 5px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.short{color:#b3372f;font-weight:700}
table.grid{width:auto;border-collapse:separate;border-spacing:2px}
table.grid td{width:30px;height:26px;text-align:center;border:1px solid #d9dee5;border-radius:3px;color:#5f6b7a;padding:0}
table.grid td.me{background:#0b4f8a;color:#fff;font-weight:700}
table.grid th{background:none;font-weight:400;font-size:8.5px;color:#5f6b7a;padding:0 3px;text-align:right}
table.grid tr.cols th{text-align:center}
.t3{background:#e8f4ec}.t2{background:#fdf3dc}.t1{background:#fbe9e7}
.note{color:#5f6b7a;font-size:9.5px;margin:2px 0}
footer{margin-top:8px;color:#5f6b7a;font-size:8.5px;border-top:1px solid #d9dee5;padding-top:3px}
@media print{body{background:#fff}.card{margin:0;width:auto;min-height:0;padding:0}}
@page{size:A4;margin:11mm}
"#;

fn tr(lang: Lang, id: &str, en: &str) -> String {
    esc(if lang == Lang::En { en } else { id })
}

/// The label of `code` of `kind` (`position_kind`, `competency`, `pool`, ...) in `lang` from the core's i18n
/// catalogue ([`meritkit::catalogue`], built once), else the code.
fn label(kind: &str, code: &str, lang: Lang) -> String {
    static LABELS: std::sync::OnceLock<meritkit::catalogue::Catalogue> = std::sync::OnceLock::new();
    meritkit::catalogue::show(LABELS.get_or_init(meritkit::catalogue::catalogue), kind, code, lang == Lang::En)
}

/// A number as the card prints it (`2`, `1.5`, `72.7`).
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The box on the grid as drawn by [`Grid::layout`] (kinerja on the rows, as the regulation's figure).
fn grid_html(grid: &Grid, box_: Option<u16>, lang: Lang) -> String {
    let layout = grid.layout(Orientation::PerformanceRows);
    let mut s = String::from(r#"<table class="grid" aria-label="9-box">"#);
    for (row, cells) in layout.rows.iter().zip(&layout.cells) {
        let _ = write!(s, "<tr><th>{}</th>", esc(pick(&row.label, lang)));
        for &n in cells {
            let me = box_ == Some(n);
            let tier = crate::report::tier(n);
            let _ = write!(
                s,
                r#"<td class="{}" data-box="{n}">{n}</td>"#,
                if me { "me".to_string() } else { format!("t{tier}") }
            );
        }
        s.push_str("</tr>");
    }
    s.push_str(r#"<tr class="cols"><th></th>"#);
    for c in &layout.columns {
        let _ = write!(s, "<th>{}</th>", esc(pick(&c.label, lang)));
    }
    s.push_str("</tr></table>");
    let _ = write!(
        s,
        r#"<p class="note">{} ↑ · {} →</p>"#,
        tr(lang, "Kinerja", "Performance"),
        tr(lang, "Potensial", "Potential")
    );
    s
}

/// A follow-up's text in `lang`: the official Indonesian text, and its English rendering from the grid.
fn follow_up_text(grid: &Grid, box_: Option<u16>, f: &str, lang: Lang) -> String {
    if lang == Lang::En {
        let en = box_
            .and_then(|b| grid.box_def(b))
            .and_then(|d| d.follow_up.iter().position(|x| x == f).and_then(|i| d.follow_up_en.get(i)));
        if let Some(en) = en {
            return format!("{en} ({f})");
        }
    }
    f.to_string()
}

fn gaps_table(g: &Gaps, lang: Lang) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<table class="gaps"><thead><tr><th>{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th></tr></thead><tbody>"#,
        tr(lang, "Kompetensi", "Competency"),
        tr(lang, "Standar", "Required"),
        tr(lang, "Capaian", "Attained"),
        tr(lang, "Kesenjangan", "Gap")
    );
    for x in &g.gaps {
        let _ = write!(
            s,
            r#"<tr data-competency="{}"><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num{}">{}</td></tr>"#,
            esc(&x.competency),
            esc(&label("competency", &x.competency, lang)),
            x.required,
            esc(&num(x.actual)),
            if x.gap > 0.0 { " short" } else { "" },
            esc(&num(x.gap))
        );
    }
    for m in &g.missing {
        let _ = write!(
            s,
            r#"<tr data-competency="{}" class="missing"><td>{}</td><td class="num">–</td><td class="num">{}</td><td class="num">–</td></tr>"#,
            esc(m),
            esc(&label("competency", m, lang)),
            tr(lang, "belum dinilai", "not assessed")
        );
    }
    s.push_str("</tbody></table>");
    let jpm = match g.jpm {
        Some(v) => format!("{}%", num(v)),
        None => tr(
            lang,
            "tidak dapat dihitung (ada kompetensi yang belum dinilai)",
            "not computable (competencies not assessed)",
        ),
    };
    let _ = write!(s, r#"<p class="note">JPM: {}</p>"#, esc(&jpm));
    s
}

fn card_html(c: &Card, grid: &Grid, meta: &Meta) -> String {
    let lang = meta.lang;
    let p = &c.person;
    let mut s = String::new();
    let _ = write!(s, r#"<section class="card" data-row="{}">"#, p.row);
    if meta.redacted {
        let _ = write!(s, r#"<div class="mark ok">{}</div>"#, esc(t::R_REDACTED.get(lang)));
    } else {
        let _ = write!(s, r#"<div class="mark">{}</div>"#, esc(t::R_PERSONAL_WARNING.get(lang)));
    }
    let _ = write!(s, "<h1>{}</h1>", tr(lang, "Kartu Talenta", "Talent card"));
    // Identity and box.
    s.push_str(r#"<div class="top"><div class="id"><dl>"#);
    let position = match &c.position_title {
        Some(t) => format!("{} — {}", t, label("position_kind", p.position_kind.code(), lang)),
        None => label("position_kind", p.position_kind.code(), lang),
    };
    for (k, v) in [
        (tr(lang, "NIP", "NIP"), c.nip.clone()),
        (tr(lang, "Nama", "Name"), c.name.clone().unwrap_or_else(|| "–".into())),
        (tr(lang, "Unit kerja", "Unit"), p.unit.clone()),
        (tr(lang, "Jabatan", "Position"), position),
    ] {
        let _ = write!(s, r#"<dt>{k}</dt><dd class="ident">{}</dd>"#, esc(&v));
    }
    let box_text = match p.box_.and_then(|b| grid.box_def(b)) {
        Some(d) => format!("{} — {}", d.number, pick(&d.description, lang)),
        None => tr(lang, "belum terpetakan (holding)", "not placed (holding)"),
    };
    let _ = write!(
        s,
        r#"<dt>{}</dt><dd data-box="{}"><strong>{}</strong></dd>"#,
        tr(lang, "Kotak talenta", "Talent box"),
        p.box_.map(|b| b.to_string()).unwrap_or_default(),
        esc(&box_text)
    );
    let pools: Vec<String> = p.talent_pool.iter().map(|x| label("pool", x.code(), lang)).collect();
    let _ = write!(
        s,
        "<dt>{}</dt><dd>{}</dd>",
        tr(lang, "Kelompok suksesi", "Talent pool"),
        esc(&if pools.is_empty() { "–".to_string() } else { pools.join(", ") })
    );
    s.push_str("</dl></div><div>");
    s.push_str(&grid_html(grid, p.box_, lang));
    s.push_str("</div></div>");
    // History.
    if !c.history.is_empty() {
        let _ = write!(
            s,
            r#"<h2>{}</h2><table class="history"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            tr(lang, "Riwayat kotak talenta", "Box history"),
            tr(lang, "Periode", "Period"),
            tr(lang, "Kotak", "Box")
        );
        for (label, b) in
            c.history.iter().map(|(l, b)| (l.clone(), *b)).chain(std::iter::once((meta.date.clone(), p.box_)))
        {
            let b = match b {
                Some(b) => b.to_string(),
                None => tr(lang, "– (tidak ada / belum terpetakan)", "– (absent or not placed)"),
            };
            let _ = write!(s, "<tr><td>{}</td><td>{}</td></tr>", esc(&label), esc(&b));
        }
        s.push_str("</tbody></table>");
    }
    // Gaps against the current position.
    let _ = write!(
        s,
        "<h2>{}</h2>",
        tr(
            lang,
            "Kesenjangan kompetensi terhadap standar jabatan saat ini",
            "Competency gaps against the current position's standard"
        )
    );
    s.push_str(&gaps_table(&p.current, lang));
    // Target positions: gaps and readiness.
    if !p.targets.is_empty() {
        let _ = write!(
            s,
            r#"<h2>{}</h2><table class="targets"><thead><tr><th>{}</th><th class="num">JPM</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
            tr(lang, "Kesiapan untuk jabatan target", "Readiness for target positions"),
            tr(lang, "Jabatan target", "Target position"),
            tr(lang, "Kesenjangan terbesar", "Largest gaps"),
            tr(lang, "Kesiapan", "Readiness")
        );
        for tg in &p.targets {
            let short: Vec<String> = tg
                .gaps
                .gaps
                .iter()
                .filter(|g| g.gap > 0.0)
                .take(3)
                .map(|g| format!("{} ({})", label("competency", &g.competency, lang), num(g.gap)))
                .collect();
            let mut short = if short.is_empty() { tr(lang, "tidak ada", "none") } else { esc(&short.join(", ")) };
            if !tg.gaps.missing.is_empty() {
                let _ = write!(short, "; {} {}", tg.gaps.missing.len(), tr(lang, "belum dinilai", "not assessed"));
            }
            let ready = c.readiness.iter().find(|r| r.id == tg.id).map(|r| pick(&r.status, lang).to_string());
            let _ = write!(
                s,
                r#"<tr data-position="{}"><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&tg.id),
                esc(&tg.title),
                esc(&tg.gaps.jpm.map(|v| format!("{}%", num(v))).unwrap_or_else(|| "–".into())),
                short,
                esc(&ready.unwrap_or_else(|| "–".into()))
            );
        }
        s.push_str("</tbody></table>");
    }
    // The plan.
    let plan = &p.plan;
    let from = match plan.gaps_from.strip_prefix("target:") {
        Some(id) => format!("{} {}", tr(lang, "jabatan target", "target position"), esc(id)),
        None => tr(lang, "jabatan saat ini", "current position"),
    };
    let _ = write!(
        s,
        r#"<h2>{}</h2><p class="note">{}: {from}</p><table class="plan"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>"#,
        tr(lang, "Rencana pengembangan", "Development plan"),
        tr(lang, "Kesenjangan dari", "Gaps from"),
        tr(lang, "Kegiatan", "Activity"),
        tr(lang, "Jenis", "Kind"),
        tr(lang, "Kompetensi", "Competency"),
        tr(lang, "Sampai", "Until"),
        tr(lang, "Alasan", "Reason")
    );
    if plan.activities.is_empty() {
        let _ = write!(s, r#"<tr><td colspan="5">{}</td></tr>"#, tr(lang, "tidak ada kegiatan", "no activity"));
    }
    for a in &plan.activities {
        let _ = write!(
            s,
            r#"<tr data-activity="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(&a.code),
            esc(pick(&a.title, lang)),
            esc(pick(&a.kind.label(), lang)),
            esc(&a.competency.as_deref().map(|k| label("competency", k, lang)).unwrap_or_else(|| "–".into())),
            esc(&a.until),
            esc(pick(&a.reason, lang))
        );
    }
    s.push_str("</tbody></table>");
    let _ = write!(
        s,
        r#"<p class="review"><strong>{}: <span data-review="{}">{}</span></strong> ({} {})</p>"#,
        tr(lang, "Tanggal peninjauan", "Review date"),
        esc(&plan.review_date),
        esc(&plan.review_date),
        plan.review_months,
        tr(lang, "bulan setelah tanggal acuan", "months after the reference date")
    );
    if !plan.follow_up_not_planned.is_empty() {
        let fs: Vec<String> =
            plan.follow_up_not_planned.iter().map(|f| follow_up_text(grid, p.box_, f, lang)).collect();
        let _ = write!(
            s,
            r#"<p class="note">{}: {}</p>"#,
            tr(
                lang,
                "Rekomendasi tindak lanjut kotak tanpa kegiatan pada katalog",
                "Box follow-ups without an activity in the catalogue"
            ),
            esc(&fs.join("; "))
        );
    }
    for n in &plan.notes {
        let _ = write!(s, r#"<p class="note">{}</p>"#, esc(pick(n, lang)));
    }
    let _ = write!(
        s,
        "<footer>{}: {} · {}: {} ({}…) · {}: {} ({}…) · {}</footer></section>",
        tr(lang, "Tanggal acuan", "Reference date"),
        esc(&meta.date),
        tr(lang, "Kebijakan", "Policy"),
        esc(&meta.policy.0),
        esc(meta.policy.1.get(..12).unwrap_or("")),
        tr(lang, "Katalog", "Catalogue"),
        esc(&meta.catalogue.0),
        esc(meta.catalogue.1.get(..12).unwrap_or("")),
        tr(
            lang,
            "Standar kompetensi: PermenPANRB 38/2017; kotak dan rekomendasi tindak lanjut: PermenPANRB 3/2020 jo 20/2025, Lampiran",
            "Competency standard: PermenPANRB 38/2017; box and follow-ups: PermenPANRB 3/2020 jo 20/2025, Lampiran"
        )
    );
    s
}

/// The cards as one HTML document (one A4 page per card).
pub fn render(cards: &[Card], grid: &Grid, meta: &Meta) -> String {
    let lang = meta.lang;
    let mut s = String::with_capacity(8192 * cards.len().max(1));
    let _ = write!(
        s,
        r#"<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>{}</title><style>{CSS}</style></head><body>"#,
        if lang == Lang::En { "en" } else { "id" },
        tr(lang, "Kartu Talenta", "Talent cards")
    );
    if cards.is_empty() {
        let _ = write!(s, r#"<p class="note">{}</p>"#, tr(lang, "Tidak ada pegawai.", "No employee."));
    }
    for c in cards {
        s.push_str(&card_html(c, grid, meta));
    }
    s.push_str("</body></html>\n");
    s
}
