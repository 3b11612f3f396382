//! The words of a placement's explanation: turns the structured
//! [`Explanation`] that scoring stores into sentences in English and Bahasa
//! Indonesia, with the official labels of levels, predikat and inputs, and the
//! regulation each step rests on. Explanations are stored as data and formatted
//! only here, when a caller asks for them in words (`detail: "text"`, e.g. the
//! web demo).

use crate::error::Message;
use crate::nine_box::{Grid, LevelDef};
use crate::policy::{Combine, Input, Scope};
use crate::scoring::{AxisExplanation, CutoffExplanation, Explanation};

/// The regulation behind the kinerja axis: the level comes from the
/// performance rating of PermenPANRB 6/2022, placed on the grid by
/// PermenPANRB 20/2025 Ps. 17.
const PERF_BASIS: (&str, &str) = (
    "basis: PermenPANRB 20/2025 art. 17; PermenPANRB 6/2022",
    "dasar: PermenPANRB 20/2025 Pasal 17; PermenPANRB 6/2022",
);
/// A kinerja score (0-100) is not a PermenPANRB 6/2022 predikat: the axis rests
/// on PermenPANRB 20/2025 Ps. 17, the score and its cut-offs on the policy.
const PERF_SCORE_BASIS: (&str, &str) = (
    "basis: PermenPANRB 20/2025 art. 17 (the axis); the score and its cut-offs are the policy's",
    "dasar: PermenPANRB 20/2025 Pasal 17 (sumbu); nilai dan batasnya menurut kebijakan",
);
/// The regulation behind the potensial axis (PermenPANRB 20/2025 Ps. 17).
/// Potensial = kompetensi + penilaian potensi + rekam jejak.
const POT_BASIS: (&str, &str) = ("basis: PermenPANRB 20/2025 art. 17", "dasar: PermenPANRB 20/2025 Pasal 17");
/// The regulation behind the box number (PermenPANRB 3/2020 jo 20/2025).
/// The box is a function of the two levels alone.
const BOX_BASIS: (&str, &str) = ("basis: PermenPANRB 3/2020 jo 20/2025", "dasar: PermenPANRB 3/2020 jo 20/2025");

/// One sentence per part of the explanation: the kinerja axis, the potensial
/// axis and, for a placed person, the box; each names its legal basis. Level
/// codes are shown by their labels in `grid` (the policy's grid).
///
/// ```
/// use meritkit::api::{score, ScoreRequest};
/// use meritkit::scoring::Detail;
/// let rec = serde_json::json!({"nip": "198503152010011002", "unit": "Dinas Pangan",
///     "position": {"kind": "pelaksana"}, "potential_score": 95,
///     "performance": [{"year": 2025, "predikat": "sangat_baik"}]});
/// let out = score(&ScoreRequest { records: vec![rec], date: Some("2026-01-02".into()),
///     detail: Some(Detail::Text), ..Default::default() }).unwrap();
/// let lines = &out.results[0].explanation.as_ref().unwrap().text;
/// assert!(lines[0].id.starts_with("Kinerja: Di Atas Ekspektasi"));
/// assert!(lines[0].id.contains("2025: Sangat Baik"));
/// assert!(lines[1].id.starts_with("Potensial: Tinggi"));
/// assert!(lines[2].id.starts_with("Kotak 9"));
/// ```
pub fn describe(ex: &Explanation, grid: &Grid) -> Vec<Message> {
    let mut lines = vec![
        axis(
            &ex.performance,
            &grid.performance_levels,
            ("Performance", "Kinerja"),
            if ex.performance.source == "score" { PERF_SCORE_BASIS } else { PERF_BASIS },
        ),
        axis(&ex.potential, &grid.potential_levels, ("Potential", "Potensial"), POT_BASIS),
    ];
    if let Some(b) = &ex.box_ {
        let desc = grid.box_def(b.number).map(|d| &d.description);
        let (np, nq) = (grid.performance_levels.len(), grid.potential_levels.len());
        let en = format!(
            "Box {}{}: performance level {} of {np} and potential level {} of {nq}; {}.",
            b.number,
            desc.map(|d| format!(" ({})", d.en)).unwrap_or_default(),
            b.performance_index,
            b.potential_index,
            BOX_BASIS.0
        );
        let id = format!(
            "Kotak {}{}: level kinerja {} dari {np} dan level potensial {} dari {nq}; {}.",
            b.number,
            desc.map(|d| format!(" ({})", d.id)).unwrap_or_default(),
            b.performance_index,
            b.potential_index,
            BOX_BASIS.1
        );
        lines.push(Message::new(en, id));
    }
    lines
}

/// Both languages at once: `(en, id)`.
type Pair = (String, String);

fn axis(ax: &AxisExplanation, levels: &[LevelDef], name: (&str, &str), basis: (&str, &str)) -> Message {
    let level = ax.level.as_deref().map(|c| level_label(levels, c));
    let head = match &level {
        Some((en, id)) => (format!("{}: {en}", name.0), format!("{}: {id}", name.1)),
        None => (format!("{}: not determined", name.0), format!("{}: tidak dapat ditentukan", name.1)),
    };
    let mut parts: Vec<Pair> = Vec::new();
    let from = source(ax);
    if !from.0.is_empty() {
        parts.push(from);
    }
    if let Some(c) = &ax.cutoffs {
        parts.push(cutoffs(c, levels));
    }
    if let Some(m) = &ax.missing {
        parts.push((m.en.clone(), m.id.clone()));
    }
    parts.push((basis.0.to_string(), basis.1.to_string()));
    let join = |lang: fn(&Pair) -> &String| parts.iter().map(lang).cloned().collect::<Vec<_>>().join("; ");
    Message::new(format!("{} — {}.", head.0, join(|p| &p.0)), format!("{} — {}.", head.1, join(|p| &p.1)))
}

/// Where the axis value came from: the appraisal years, a reported score or
/// the weighted composite.
fn source(ax: &AxisExplanation) -> Pair {
    match &*ax.source {
        "predikat" | "work_result" => {
            let years = |lang: usize| {
                ax.years
                    .iter()
                    .map(|y| {
                        let label = y.predikat.map(|p| p.label()).or(y.work_result.map(|r| r.label())).unwrap_or("—");
                        let derived = match (y.derived && y.predikat.is_some(), lang) {
                            (false, _) => "",
                            (true, 0) => " (derived from the two ratings)",
                            (true, _) => " (diturunkan dari kedua rating)",
                        };
                        format!("{}: {label}{derived}", y.year)
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (what_en, what_id) = if ax.source == "work_result" {
                ("the work-result rating", "rating hasil kerja")
            } else {
                ("the performance rating (predikat)", "predikat kinerja")
            };
            let (mut en, mut id) = if ax.years.is_empty() {
                (format!("from {what_en}"), format!("dari {what_id}"))
            } else {
                (format!("from {what_en} {}", years(0)), format!("dari {what_id} {}", years(1)))
            };
            if ax.years.len() > 1 {
                let (ce, ci) = match ax.combine.unwrap_or_default() {
                    Combine::Latest => ("the latest year counts", "tahun terakhir yang dipakai"),
                    Combine::Average => (
                        "the mean of the yearly levels, rounded half up",
                        "rata-rata level tahunan, dibulatkan setengah ke atas",
                    ),
                    Combine::Worst => ("the lowest yearly level counts", "level tahunan terendah yang dipakai"),
                };
                en.push_str(&format!(", {ce}"));
                id.push_str(&format!(", {ci}"));
            }
            (en, id)
        }
        "score" | "potential_score" => match ax.score {
            Some(s) => {
                (format!("from the reported score {}", num(s, 0)), format!("dari nilai yang dilaporkan {}", num(s, 1)))
            }
            None => ("from the reported score".into(), "dari nilai yang dilaporkan".into()),
        },
        _ => composite(ax),
    }
}

/// The potensial composite: each present input times the weight applied, then
/// the inputs missing.
fn composite(ax: &AxisExplanation) -> Pair {
    let name = |i: Input, lang: usize| if lang == 0 { input_label(i).0 } else { input_label(i).1 };
    let terms = |lang: usize| {
        let present = ax.components.iter().filter_map(|c| {
            c.value.map(|v| format!("{} {} × {}", name(c.input, lang), num(v, lang), num(c.effective_weight, lang)))
        });
        present.collect::<Vec<_>>().join(" + ")
    };
    let absent = |lang: usize| {
        let names: Vec<&str> =
            ax.components.iter().filter(|c| c.value.is_none()).map(|c| name(c.input, lang)).collect();
        names.join(", ")
    };
    let score = |lang| ax.score.map(|s| num(s, lang)).unwrap_or_else(|| "—".into());
    let (mut en, mut id) = match ax.score {
        Some(_) if !ax.components.is_empty() => {
            (format!("score {} = {}", score(0), terms(0)), format!("skor {} = {}", score(1), terms(1)))
        }
        Some(_) => (format!("score {}", score(0)), format!("skor {}", score(1))),
        None => (String::new(), String::new()),
    };
    if ax.score.is_some() && ax.components.iter().any(|c| c.value.is_none()) {
        en.push_str(&format!(" ({} missing)", absent(0)));
        id.push_str(&format!(" ({} tidak ada)", absent(1)));
    }
    if ax.renormalized {
        en.push_str(", weights rescaled over the inputs present");
        id.push_str(", bobot disesuaikan atas komponen yang ada");
    }
    (en, id)
}

/// The cut-off rule, with the score each level starts at.
fn cutoffs(c: &CutoffExplanation, levels: &[LevelDef]) -> Pair {
    let bounds = |lang: usize| {
        levels
            .iter()
            .skip(1)
            .zip(&c.score_thresholds)
            .map(|(l, t)| {
                let label = if lang == 0 { &l.label.en } else { &l.label.id };
                match t {
                    Some(t) => format!("{label} ≥ {}", num(*t, lang)),
                    None if lang == 0 => format!("{label} reached by no one"),
                    None => format!("{label} tidak dicapai siapa pun"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let among = |lang: usize| {
        let scope = match (c.scope, lang) {
            (Some(Scope::Unit), 0) => " in the unit",
            (Some(Scope::Unit), _) => " dalam unit",
            (_, 0) => " in the whole input",
            (_, _) => " dalam seluruh data",
        };
        c.population.map(|n| if lang == 0 { format!("{scope}, {n} people") } else { format!("{scope}, {n} orang") })
    };
    let (mut en, mut id) = match &*c.method {
        "percentile" => (
            format!("percentile cut-offs{}: {}", among(0).unwrap_or_default(), bounds(0)),
            format!("batas persentil{}: {}", among(1).unwrap_or_default(), bounds(1)),
        ),
        "distribution" => (
            format!("distribution quotas{}: {}", among(0).unwrap_or_default(), bounds(0)),
            format!("kuota distribusi{}: {}", among(1).unwrap_or_default(), bounds(1)),
        ),
        _ => (format!("fixed cut-offs: {}", bounds(0)), format!("batas tetap: {}", bounds(1))),
    };
    if let Some(r) = c.percentile_rank {
        en.push_str(&format!("; percentile rank {}", num(r, 0)));
        id.push_str(&format!("; peringkat persentil {}", num(r, 1)));
    }
    (en, id)
}

/// The label of a level code in the grid; an unknown code is shown as given
/// (a grid always names the levels it assigns).
fn level_label(levels: &[LevelDef], code: &str) -> Pair {
    match levels.iter().find(|l| l.code == code) {
        Some(l) => (l.label.en.clone(), l.label.id.clone()),
        None => (code.to_string(), code.to_string()),
    }
}

/// The name of a potensial input, `(en, id)`, from the catalogue.
pub fn input_label(input: Input) -> (&'static str, &'static str) {
    crate::catalogue::label("input", input.code()).unwrap_or((input.code(), input.code()))
}

/// A number with at most two decimals, trailing zeros dropped; a decimal
/// comma in Indonesian (`lang` 1), a point in English (0). Rounded down, so
/// that a shown score never reaches a cut-off its level did not reach
/// (77.999 is shown as 77.99, not 78, below "Menengah ≥ 78").
fn num(x: f64, lang: usize) -> String {
    let mut r = (x * 100.0).round() / 100.0;
    if r > x {
        r -= 0.01; // (rounded up: one step down)
    }
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if lang == 0 {
        s.to_string()
    } else {
        s.replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{score, ScoreRequest};
    use crate::scoring::Detail;

    fn explained(rec: serde_json::Value, policy: Option<serde_json::Value>) -> Explanation {
        let out = score(&ScoreRequest {
            records: vec![rec],
            date: Some("2026-01-02".into()),
            detail: Some(Detail::Text),
            policy: policy.map(crate::source::Source::Inline),
            ..Default::default()
        })
        .expect("scored");
        out.results[0].explanation.clone().expect("explanation")
    }

    #[test]
    fn composite_and_box_in_official_labels() {
        // The preset reads the latest year: 2025 Baik (PermenPANRB 6/2022 predikat → level 2).
        let ex = explained(
            serde_json::json!({"nip": "198503152010011002", "unit": "Dinas Pangan",
            "position": {"kind": "pelaksana"}, "jpm": 80, "potential_assessment_score": 70, "track_record_score": 60,
            "performance": [{"year": 2025, "predikat": "baik"}, {"year": 2024, "predikat": "Sangat Baik"}]}),
            None,
        );
        let lines = describe(&ex, &Grid::asn());
        assert_eq!(lines, ex.text, "what `detail: text` carries");
        assert_eq!(lines.len(), 3);
        assert!(lines[0].id.starts_with("Kinerja: Sesuai Ekspektasi — dari predikat kinerja 2025: Baik; dasar:"));
        assert!(lines[0].id.contains("PermenPANRB 6/2022"));
        // 80 × 0.5 + 70 × 0.3 + 60 × 0.2 = 73: below the fixed 78 of menengah (rendah).
        assert!(lines[1].id.contains("skor 73 = JPM 80 × 0,5 + penilaian potensi 70 × 0,3 + rekam jejak 60 × 0,2"));
        assert!(lines[1].id.starts_with("Potensial: Rendah"), "{}", lines[1].id);
        assert!(lines[1].id.contains("batas tetap: Menengah ≥ 78, Tinggi ≥ 90"));
        assert!(lines[2].id.starts_with("Kotak 2 (Kinerja sesuai ekspektasi dan potensial rendah)"));
        assert!(lines[2].en.starts_with("Box 2 (Performance meets expectations, low potential)"));
        for l in &lines {
            // no wire codes in the Indonesian sentence
            for code in ["sesuai_ekspektasi", "sangat_baik", "track_record", "potential_assessment", "asn_3x3"] {
                assert!(!l.id.contains(code), "{code} in {}", l.id);
            }
        }
    }

    #[test]
    fn missing_axis_says_why_in_words() {
        // No potensial input at all, under a policy that holds such a person: the axis is missing,
        // the person is not placed.
        let mut policy = crate::api::preset_policy("permenpanrb_3_2020").expect("preset");
        policy["missing"] = "holding".into();
        let ex = explained(
            serde_json::json!({"nip": "198503152010011002", "unit": "Dinas Pangan",
            "position": {"kind": "pelaksana"}, "performance": [{"year": 2025, "predikat": "baik"}]}),
            Some(policy),
        );
        let lines = describe(&ex, &Grid::asn());
        assert_eq!(lines.len(), 2, "no box for a person not placed");
        assert!(lines[1].id.starts_with("Potensial: tidak dapat ditentukan"));
        assert!(
            lines[1].id.contains("komponen potensial tidak ada: JPM, penilaian potensi, rekam jejak"),
            "{}",
            lines[1].id
        );
    }

    #[test]
    fn renormalised_composite_names_the_missing_inputs() {
        // JPM alone: its weight is rescaled to 1 over the inputs present.
        let ex = explained(
            serde_json::json!({"nip": "198503152010011002", "unit": "Dinas Pangan",
            "position": {"kind": "pelaksana"}, "jpm": 80, "performance": [{"year": 2025, "predikat": "baik"}]}),
            None,
        );
        let pot = &describe(&ex, &Grid::asn())[1];
        assert!(
            pot.id.contains("skor 80 = JPM 80 × 1 (penilaian potensi, rekam jejak tidak ada), bobot disesuaikan"),
            "{}",
            pot.id
        );
        assert!(
            pot.en.contains("score 80 = JPM 80 × 1 (potential assessment, track record missing), weights rescaled"),
            "{}",
            pot.en
        );
    }

    #[test]
    fn numbers_use_the_decimal_comma_in_indonesian() {
        assert_eq!(num(72.93, 1), "72,93");
        assert_eq!(num(72.93, 0), "72.93");
        assert_eq!(num(90.0, 1), "90");
        assert_eq!(num(0.5, 1), "0,5");
        assert_eq!(num(0.3, 0), "0.3");
        // never shown at a cut-off it did not reach
        assert_eq!(num(77.999999999999, 1), "77,99");
        assert_eq!(num(99.999999, 0), "99.99");
    }
}
