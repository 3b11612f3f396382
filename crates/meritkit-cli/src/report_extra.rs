//! The report sections that come from the core's merit-rule and succession
//! modules: eligibility findings ([`meritkit::rules`]), succession shortlists
//! with readiness and top reasons, bench strength, and adverse impact with the
//! four-fifths flags ([`meritkit::succession`], [`meritkit::fairness`]). Each
//! becomes [`DataTable`]s; nothing here computes a domain result itself.

use crate::i18n::{pick, t};
use crate::report::{DataTable, Val};
use crate::Lang;
use meritkit::rules::{Outcome, ValidateOutput};
use meritkit::succession::SuccessionOutput;

fn txt(s: impl Into<String>) -> Val {
    Val::Text(s.into())
}

fn opt_num(x: Option<f64>, d: usize) -> Val {
    x.map(|v| Val::Num(v, d)).unwrap_or(Val::Empty)
}

/// Eligibility findings: counts per rule, per unit, and the people who fail.
pub fn eligibility(v: &ValidateOutput, lang: Lang, origin: &dyn Fn(usize) -> String) -> Vec<DataTable> {
    let l = |x: crate::i18n::Text| x.get(lang).to_string();
    let set = format!(
        "{} {} — {} ({}: {}…)",
        v.rule_set.name,
        v.rule_set.version,
        v.rule_set.implements,
        l(t::FINGERPRINT),
        v.rule_set.fingerprint.get(..12).unwrap_or("")
    );
    let rules = DataTable {
        sheet: l(t::X_ELIGIBILITY),
        caption: format!("{} · {set}", l(t::R_RULES_BY_RULE)),
        headers: vec![
            l(t::R_RULE),
            l(t::R_SEVERITY),
            l(t::R_PASS),
            l(t::R_FAIL),
            l(t::R_UNKNOWN),
            l(t::R_NOT_ASSESSED),
        ],
        rows: v
            .summary
            .rules
            .iter()
            .map(|r| {
                let sev = serde_json::to_value(r.severity)
                    .ok()
                    .and_then(|s| s.as_str().map(str::to_string))
                    .unwrap_or_default();
                vec![
                    txt(&r.id),
                    txt(sev),
                    Val::Int(r.pass as i64),
                    Val::Int(r.fail as i64),
                    Val::Int(r.unknown as i64),
                    Val::Int(r.excluded as i64),
                ]
            })
            .collect(),
    };
    let mut unit_rows: Vec<Vec<Val>> = v
        .summary
        .units
        .iter()
        .map(|u| {
            vec![
                txt(u.unit.clone().unwrap_or_default()),
                Val::Int(u.rows as i64),
                Val::Int(u.eligible as i64),
                Val::Int(u.ineligible as i64),
                Val::Int(u.errors as i64),
            ]
        })
        .collect();
    let tot = &v.summary.total;
    unit_rows.push(vec![
        txt(l(t::R_TOTAL)),
        Val::Int(tot.rows as i64),
        Val::Int(tot.eligible as i64),
        Val::Int(tot.ineligible as i64),
        Val::Int(tot.errors as i64),
    ]);
    let units = DataTable {
        sheet: l(t::X_ELIGIBILITY),
        caption: l(t::R_RULES_BY_UNIT),
        headers: vec![l(t::R_UNIT), l(t::R_ROWS), l(t::R_ELIGIBLE), l(t::R_INELIGIBLE), l(t::R_ERRORS)],
        rows: unit_rows,
    };
    let people = DataTable {
        sheet: l(t::X_ELIGIBILITY),
        caption: l(t::R_RULES_INELIGIBLE),
        headers: vec![l(t::R_SOURCE_ROW), l(t::R_NIP), l(t::R_UNIT), l(t::R_RULE), l(t::R_MESSAGE)],
        rows: v
            .results
            .iter()
            .filter(|r| !r.eligible)
            .flat_map(|r| {
                r.rules.iter().filter(|x| x.outcome != Outcome::Pass).map(move |x| {
                    vec![
                        txt(origin(r.row)),
                        txt(&r.nip),
                        txt(&r.unit),
                        txt(format!("{} ({})", x.id, outcome_code(x.outcome))),
                        txt(pick(&x.reason, lang)),
                    ]
                })
            })
            .collect(),
    };
    vec![rules, units, people]
}

fn outcome_code(o: Outcome) -> String {
    serde_json::to_value(o).ok().and_then(|s| s.as_str().map(str::to_string)).unwrap_or_default()
}

fn readiness_label(r: meritkit::succession::readiness::Readiness, lang: Lang) -> String {
    if lang == Lang::En { r.label_en() } else { r.label() }.to_string()
}

/// One shortlist per target position, plus the exclusions by reason.
pub fn succession(s: &SuccessionOutput, lang: Lang) -> Vec<DataTable> {
    let l = |x: crate::i18n::Text| x.get(lang).to_string();
    let mut out = Vec::new();
    for p in &s.positions {
        let method =
            serde_json::to_value(p.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let f = &p.funnel;
        let caption = format!(
            "{} — {} · {} · {}{} · {}: {} · {}",
            p.id,
            p.title,
            p.unit,
            p.kind.label(),
            if p.critical { format!(" · {}", l(t::R_CRITICAL).to_uppercase()) } else { String::new() },
            l(t::R_METHOD),
            method,
            t::R_FUNNEL.fmt(lang, &[&f.considered, &f.in_pool, &f.eligible, &f.ranked, &f.shortlisted])
        );
        let rows = p
            .candidates
            .iter()
            .map(|c| {
                // Top reasons: the criteria that contributed most to the score.
                let mut contrib: Vec<&meritkit::succession::ranking::Contribution> =
                    c.contributions.iter().filter(|x| x.contribution.is_some()).collect();
                contrib.sort_by(|a, b| {
                    b.contribution
                        .unwrap_or(0.0)
                        .total_cmp(&a.contribution.unwrap_or(0.0))
                        .then(a.criterion.cmp(&b.criterion))
                });
                let reasons: Vec<String> = contrib
                    .iter()
                    .take(3)
                    .map(|x| format!("{} {:.3}", x.criterion, x.contribution.unwrap_or(0.0)))
                    .collect();
                vec![
                    Val::Int(c.rank as i64),
                    txt(&c.nip),
                    txt(c.name.clone().unwrap_or_default()),
                    txt(&c.unit),
                    txt(c.position_kind.label()),
                    Val::Num(c.score, 4),
                    txt(readiness_label(c.readiness, lang)),
                    c.box_.map(|b| Val::Int(i64::from(b))).unwrap_or(Val::Empty),
                    opt_num(c.jpm, 1),
                    txt(reasons.join("; ")),
                ]
            })
            .collect();
        out.push(DataTable {
            sheet: l(t::X_SUCCESSION),
            caption,
            headers: vec![
                l(t::R_RANK),
                l(t::R_NIP),
                l(t::R_NAME),
                l(t::R_UNIT),
                l(t::R_POSITION_KIND),
                l(t::R_SCORE),
                l(t::R_READINESS),
                l(t::R_BOX),
                l(t::R_JPM),
                l(t::R_TOP_REASONS),
            ],
            rows,
        });
    }
    let mut ex = Vec::new();
    for p in &s.positions {
        let mut codes: Vec<(&String, &usize)> = p.funnel.excluded_by_code.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (c, n) in codes {
            ex.push(vec![txt(&p.id), txt(c), Val::Int(*n as i64)]);
        }
    }
    out.push(DataTable {
        sheet: l(t::X_SUCCESSION),
        caption: l(t::R_EXCLUDED),
        headers: vec![l(t::R_TARGET_TITLE), l(t::R_CODE), l(t::R_COUNT)],
        rows: ex,
    });
    out
}

/// Bench strength per position and per unit.
pub fn bench(s: &SuccessionOutput, lang: Lang) -> Vec<DataTable> {
    use meritkit::succession::readiness::Readiness;
    let l = |x: crate::i18n::Text| x.get(lang).to_string();
    let per_position = DataTable {
        sheet: l(t::X_BENCH),
        caption: l(t::R_BENCH_POSITIONS),
        headers: vec![
            l(t::R_TARGET_TITLE),
            readiness_label(Readiness::ReadyNow, lang),
            readiness_label(Readiness::Ready12Years, lang),
            readiness_label(Readiness::Ready3PlusYears, lang),
            l(t::R_AT_RISK),
        ],
        rows: s
            .positions
            .iter()
            .map(|p| {
                let b = &p.bench;
                let n = |r| Val::Int(b.readiness_counts.get(&r).copied().unwrap_or(0) as i64);
                vec![
                    txt(format!("{} — {}", p.id, p.title)),
                    n(Readiness::ReadyNow),
                    n(Readiness::Ready12Years),
                    n(Readiness::Ready3PlusYears),
                    txt(if b.at_risk { format!("⚑ {}", b.risk_reasons.join(", ")) } else { String::new() }),
                ]
            })
            .collect(),
    };
    let row = |u: &meritkit::succession::bench::BenchSummary, name: String| {
        vec![
            txt(name),
            Val::Int(u.positions as i64),
            Val::Int(u.critical_positions as i64),
            Val::Int(u.critical_with_ready_now as i64),
            u.coverage.map(Val::Pct).unwrap_or(Val::Empty),
            Val::Int(u.positions_with_ready_now as i64),
            txt(u.positions_at_risk.join(", ")),
            Val::Int(u.overlap.len() as i64),
        ]
    };
    let mut rows: Vec<Vec<Val>> = s.bench.units.iter().map(|u| row(u, u.unit.clone().unwrap_or_default())).collect();
    rows.push(row(&s.bench.overall, l(t::R_TOTAL)));
    let per_unit = DataTable {
        sheet: l(t::X_BENCH),
        caption: l(t::R_BENCH_UNITS),
        headers: vec![
            l(t::R_UNIT),
            l(t::R_POSITIONS),
            l(t::R_CRITICAL),
            l(t::R_CRITICAL_COVERED),
            l(t::R_COVERAGE),
            l(t::R_WITH_READY_NOW),
            l(t::R_AT_RISK),
            l(t::R_OVERLAP),
        ],
        rows,
    };
    vec![per_position, per_unit]
}

/// Adverse impact per group column and funnel stage, with the four-fifths flags.
pub fn fairness(s: &SuccessionOutput, lang: Lang) -> Vec<DataTable> {
    let l = |x: crate::i18n::Text| x.get(lang).to_string();
    let yes = |b: Option<bool>| match b {
        Some(true) => txt(format!("⚑ {}", l(t::R_YES))),
        Some(false) => txt(l(t::R_NO)),
        None => Val::Empty,
    };
    s.adverse_impact
        .iter()
        .map(|r| {
            let notes: Vec<&str> = r.warnings.iter().map(|m| pick(m, lang)).collect();
            DataTable {
                sheet: l(t::X_FAIRNESS),
                caption: format!(
                    "{}: {} · {}: {}{}",
                    l(t::R_GROUP_COLUMN),
                    r.column.clone().unwrap_or_default(),
                    l(t::R_STAGE),
                    r.stage.clone().unwrap_or_default(),
                    if notes.is_empty() { String::new() } else { format!(" · {}", notes.join("; ")) }
                ),
                headers: vec![
                    l(t::R_GROUP),
                    l(t::R_CONSIDERED),
                    l(t::R_SELECTED),
                    l(t::R_SELECTION_RATE),
                    l(t::R_IMPACT_RATIO),
                    l(t::R_FOUR_FIFTHS),
                    l(t::R_SIGNIFICANT),
                    l(t::R_SMALL_SAMPLE),
                ],
                rows: r
                    .groups
                    .iter()
                    .map(|g| {
                        vec![
                            txt(if g.reference {
                                format!("{} ({})", g.group, l(t::R_REFERENCE))
                            } else {
                                g.group.clone()
                            }),
                            Val::Int(g.considered as i64),
                            Val::Int(g.selected as i64),
                            g.selection_rate.map(Val::Pct).unwrap_or(Val::Empty),
                            opt_num(g.impact_ratio, 2),
                            yes(g.four_fifths_flag),
                            yes(g.significant),
                            txt(if g.small_sample { l(t::R_YES) } else { String::new() }),
                        ]
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Movement from the previous period ([`meritkit::movement::compare`]): the
/// agency's movement matrix, the counts and pool entries and exits, and the
/// people who moved two or more levels.
pub fn movement(c: &meritkit::movement::Comparison, grid: &meritkit::nine_box::Grid, lang: Lang) -> Vec<DataTable> {
    let l = |x: crate::i18n::Text| x.get(lang).to_string();
    let en = lang == Lang::En;
    let Some(ch) = c.changes.first() else { return Vec::new() };
    let boxes = meritkit::movement::matrix_boxes(grid);
    let head = |b: &Option<u16>| b.map_or_else(|| "-".to_string(), |b| b.to_string());
    let matrix = DataTable {
        sheet: l(t::X_MOVEMENT),
        caption: t::R_MOVEMENT_MATRIX.fmt(lang, &[&ch.from, &ch.to, &ch.from, &ch.to]),
        headers: std::iter::once(String::new()).chain(boxes.iter().map(head)).collect(),
        rows: boxes
            .iter()
            .map(|f| {
                std::iter::once(txt(head(f))).chain(boxes.iter().map(|t| Val::Int(ch.moved(*f, *t) as i64))).collect()
            })
            .collect(),
    };
    let k = &ch.counts;
    let pair = |en_: &str, id_: &str, v: usize| vec![txt(if en { en_ } else { id_ }), Val::Int(v as i64)];
    let mut rows = vec![
        pair("matched", "cocok", k.matched),
        pair("stayed", "tetap", k.stayed),
        pair("moved up", "naik", k.moved_up),
        pair("moved down", "turun", k.moved_down),
        pair("lateral", "mendatar", k.lateral),
        pair("new", "baru", k.new),
        pair("gone", "keluar", k.gone),
        pair("not compared (error rows)", "tidak dibandingkan (baris bermasalah)", k.not_compared),
    ];
    for (code, p) in &ch.pools {
        let name = if code == "nasional" {
            if en {
                "national pool"
            } else {
                "KRS nasional"
            }
        } else if en {
            "agency pool"
        } else {
            "KRS instansi"
        };
        rows.push(vec![
            txt(format!("{name}: {}", if en { "entered" } else { "masuk" })),
            Val::Int(p.entered_count as i64),
        ]);
        rows.push(vec![txt(format!("{name}: {}", if en { "left" } else { "keluar" })), Val::Int(p.left_count as i64)]);
    }
    let counts = DataTable {
        sheet: l(t::X_MOVEMENT),
        caption: l(t::R_MOVEMENT_COUNTS),
        headers: vec![l(t::X_ITEM), l(t::X_VALUE)],
        rows,
    };
    let large = DataTable {
        sheet: l(t::X_MOVEMENT),
        caption: l(t::R_MOVEMENT_LARGE),
        headers: vec![
            "NIP".into(),
            if en { "unit" } else { "unit kerja" }.into(),
            ch.from.clone(),
            ch.to.clone(),
            if en { "kinerja levels" } else { "tingkat kinerja" }.into(),
            if en { "potensial levels" } else { "tingkat potensial" }.into(),
        ],
        rows: ch
            .large_moves
            .iter()
            .flatten()
            .map(|m| {
                vec![
                    txt(&m.nip),
                    txt(&m.unit),
                    Val::Int(i64::from(m.from_box)),
                    Val::Int(i64::from(m.to_box)),
                    Val::Int(i64::from(m.performance_change)),
                    Val::Int(i64::from(m.potential_change)),
                ]
            })
            .collect(),
    };
    vec![matrix, counts, large]
}
