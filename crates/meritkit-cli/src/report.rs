//! The content of `meritkit report`, independent of the output format: the
//! 9-box counts come straight from the core's [`ScoreOutput`] summary, and
//! every table is a [`DataTable`] that the HTML page and the XLSX workbook
//! render alike.
//!
//! Sections that depend on core modules not yet in this build (merit-rule
//! eligibility, succession shortlists, bench strength, adverse impact) are
//! [`Pending`]: the report says so instead of showing anything made up. When
//! those modules land, their answers become [`DataTable`]s in the matching
//! field of [`Extra`].

use crate::i18n::{pick, t};
use crate::positions::TargetPosition;
use crate::Lang;
use meritkit::nine_box::{Grid, Pool};
use meritkit::scoring::{GroupSummary, ScoreOutput, Status};
use meritkit::Problem;

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Number with a number of decimals.
    Num(f64, usize),
    /// Share (0..=1), shown as a percentage.
    Pct(f64),
    /// Empty.
    Empty,
}

impl Val {
    /// Display text.
    pub fn text(&self) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Int(i) => i.to_string(),
            Val::Num(x, d) => format!("{x:.d$}"),
            Val::Pct(x) => format!("{:.1}%", x * 100.0),
            Val::Empty => String::new(),
        }
    }
}

fn txt(s: impl Into<String>) -> Val {
    Val::Text(s.into())
}

/// A titled table.
#[derive(Clone, Debug, PartialEq)]
pub struct DataTable {
    /// Workbook sheet name (≤ 31 characters).
    pub sheet: String,
    /// Caption.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Val>>,
}

/// A section that could not be computed: its core module is not part of
/// this build, or its input (target positions) was not given.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// The core module concerned.
    pub module: &'static str,
    /// Why (a catalogue entry with one `{}` for the module).
    pub why: crate::i18n::Text,
}

/// Plug-in sections: `Err(Pending)` until the core module exists.
#[derive(Clone, Debug)]
pub struct Extra {
    /// Merit-rule eligibility findings.
    pub eligibility: Result<Vec<DataTable>, Pending>,
    /// Succession shortlists per target position (readiness, top reasons).
    pub succession: Result<Vec<DataTable>, Pending>,
    /// Bench strength per target position.
    pub bench: Result<Vec<DataTable>, Pending>,
    /// Adverse-impact tables with four-fifths flags.
    pub fairness: Result<Vec<DataTable>, Pending>,
    /// Movement from the previous period ([`meritkit::movement`]).
    pub movement: Result<Vec<DataTable>, Pending>,
}

impl Default for Extra {
    fn default() -> Self {
        let no_positions = |module| Pending { module, why: t::R_NO_POSITIONS_PENDING };
        Extra {
            eligibility: Err(Pending { module: "rules", why: t::R_NOT_AVAILABLE }),
            succession: Err(no_positions("succession")),
            bench: Err(no_positions("succession")),
            fairness: Err(no_positions("fairness")),
            movement: Err(Pending { module: "movement", why: t::R_NO_PREVIOUS_PENDING }),
        }
    }
}

/// Provenance, for audit.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    /// Input file name (no directories).
    pub input_name: String,
    /// SHA-256 of the input file.
    pub input_sha256: String,
    /// Sheet read.
    pub sheet: Option<String>,
    /// Column mapping used.
    pub mapping: String,
    /// Target positions file and its SHA-256.
    pub positions: Option<(String, String)>,
    /// Merit rule set (name, version, fingerprint).
    pub rule_set: Option<String>,
    /// Succession policy (name, fingerprint).
    pub succession_policy: Option<String>,
    /// Basis of each scoring-policy field and each rule of the rule set used.
    pub basis: Vec<(String, meritkit::basis::Basis)>,
    /// Reference date.
    pub reference_date: String,
    /// Generation time (UTC, RFC 3339).
    pub generated_at: String,
}

/// Everything the report shows.
pub struct Report {
    /// Language.
    pub lang: Lang,
    /// Title line (agency).
    pub title: String,
    /// Scoring answer (already redacted when asked).
    pub out: ScoreOutput,
    /// The grid of the policy.
    pub grid: Grid,
    /// Where each input row came from.
    pub origins: Vec<String>,
    /// Where record fields sit in the file.
    pub locator: Option<crate::input::Locator>,
    /// File-reading warnings.
    pub warnings: Vec<Problem>,
    /// Target positions.
    pub positions: Option<Vec<TargetPosition>>,
    /// Pseudonymised.
    pub redacted: bool,
    /// In a redacted report: the sheet's name and the label shown for it
    /// (`sheet 2`), since a sheet may be named after a person.
    pub sheet_alias: Option<(String, String)>,
    /// Provenance.
    pub audit: Audit,
    /// Plug-in sections.
    pub extra: Extra,
}

/// Tier of a box for colouring: 3 = succession pools (7-9), 2 = 4-6, 1 = 1-3.
pub fn tier(n: u16) -> u8 {
    match n {
        7..=9 => 3,
        4..=6 => 2,
        _ => 1,
    }
}

/// `text` with every cell reference into sheet `name` (`name!`) written
/// with `label` instead (`sheet 2!E7`).
pub fn relabel_sheet(text: &str, name: &str, label: &str) -> String {
    if name.is_empty() {
        return text.to_string();
    }
    text.replace(&format!("{name}!"), &format!("{label}!"))
}

impl Report {
    /// A cell reference or origin as the report shows it (see [`Report::sheet_alias`]).
    pub fn relabel(&self, text: &str) -> String {
        match &self.sheet_alias {
            Some((name, label)) => relabel_sheet(text, name, label),
            None => text.to_string(),
        }
    }

    fn l(&self, x: crate::i18n::Text) -> String {
        x.get(self.lang).to_string()
    }

    /// Origin of input row `i`.
    pub fn origin(&self, i: usize) -> String {
        self.origins.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1))
    }

    /// Box meaning, follow-up, count and share for one group.
    pub fn box_table(&self, g: &GroupSummary, sheet: &str) -> DataTable {
        let placed = g.placed.max(1) as f64;
        let mut rows = Vec::new();
        for b in self.grid.boxes.iter().rev() {
            let c = g.boxes.get(&b.number).copied().unwrap_or(0);
            let fu = if self.lang == Lang::En && !b.follow_up_en.is_empty() {
                b.follow_up_en.join("; ")
            } else {
                b.follow_up.join("; ")
            };
            let pools: Vec<&str> = b.talent_pool.iter().map(|p| self.pool_label(*p)).collect();
            rows.push(vec![
                Val::Int(i64::from(b.number)),
                txt(pick(&b.description, self.lang)),
                txt(pools.join(", ")),
                txt(fu),
                Val::Int(c as i64),
                Val::Pct(c as f64 / placed),
            ]);
        }
        DataTable {
            sheet: sheet.into(),
            caption: self.l(t::R_BOX_TABLE),
            headers: vec![
                self.l(t::R_BOX),
                self.l(t::R_DESCRIPTION),
                self.l(t::R_POOL),
                self.l(t::R_FOLLOW_UP),
                self.l(t::R_COUNT),
                self.l(t::R_SHARE),
            ],
            rows,
        }
    }

    /// "KRS instansi" / "agency".
    pub fn pool_label(&self, p: Pool) -> &'static str {
        match p {
            Pool::Instansi => t::R_POOL_INSTANSI,
            Pool::Nasional => t::R_POOL_NASIONAL,
        }
        .get(self.lang)
    }

    /// Counts per unit (and the total): rows, placed, holding, errors, boxes 1-9, pools.
    pub fn unit_table(&self) -> DataTable {
        let mut headers =
            vec![self.l(t::R_UNIT), self.l(t::R_ROWS), self.l(t::R_PLACED), self.l(t::R_HOLDING), self.l(t::R_ERRORS)];
        for n in 1..=9 {
            headers.push(format!("{} {n}", self.l(t::R_BOX)));
        }
        headers.push(self.l(t::R_KRS_INSTANSI));
        headers.push(self.l(t::R_KRS_NASIONAL));
        let row = |g: &GroupSummary, name: String| {
            let mut r = vec![
                txt(name),
                Val::Int(g.rows as i64),
                Val::Int(g.placed as i64),
                Val::Int(g.holding as i64),
                Val::Int(g.errors as i64),
            ];
            for n in 1..=9u16 {
                r.push(Val::Int(g.boxes.get(&n).copied().unwrap_or(0) as i64));
            }
            r.push(Val::Int(g.talent_pool.get(&Pool::Instansi).copied().unwrap_or(0) as i64));
            r.push(Val::Int(g.talent_pool.get(&Pool::Nasional).copied().unwrap_or(0) as i64));
            r
        };
        let mut rows: Vec<Vec<Val>> =
            self.out.summary.units.iter().map(|u| row(u, u.unit.clone().unwrap_or_default())).collect();
        rows.push(row(&self.out.summary.total, self.l(t::R_TOTAL)));
        DataTable { sheet: self.l(t::X_GRID), caption: self.l(t::R_PER_UNIT_SUMMARY), headers, rows }
    }

    fn person_headers(&self) -> Vec<String> {
        vec![
            self.l(t::R_NIP),
            self.l(t::R_NAME),
            self.l(t::R_UNIT),
            self.l(t::R_POSITION_KIND),
            self.l(t::R_BOX),
            self.l(t::R_PREDIKAT),
            self.l(t::R_POTENTIAL_SCORE),
            self.l(t::R_JPM),
            self.l(t::R_POOL),
        ]
    }

    fn person_row(&self, r: &meritkit::scoring::Placement) -> Vec<Val> {
        vec![
            txt(&r.nip),
            txt(r.name.clone().unwrap_or_default()),
            txt(&r.unit),
            txt(r.position_kind.label()),
            r.box_.map(|b| Val::Int(i64::from(b))).unwrap_or(Val::Empty),
            r.latest_predikat.map(|p| txt(p.label())).unwrap_or(Val::Empty),
            r.potential_score.map(|x| Val::Num(x, 1)).unwrap_or(Val::Empty),
            r.jpm.map(|x| Val::Num(x, 1)).unwrap_or(Val::Empty),
            txt(r.talent_pool.iter().map(|p| self.pool_label(*p)).collect::<Vec<_>>().join(", ")),
        ]
    }

    /// Talent-pool members (boxes 7-9), box 9 first, then by unit and potential score.
    pub fn pool_table(&self) -> DataTable {
        let mut members: Vec<&meritkit::scoring::Placement> =
            self.out.results.iter().filter(|r| !r.talent_pool.is_empty()).collect();
        members.sort_by(|a, b| {
            b.box_
                .cmp(&a.box_)
                .then_with(|| a.unit.cmp(&b.unit))
                .then_with(|| b.potential_score.unwrap_or(0.0).total_cmp(&a.potential_score.unwrap_or(0.0)))
                .then_with(|| a.row.cmp(&b.row))
        });
        DataTable {
            sheet: self.l(t::X_POOL),
            caption: self.l(t::R_TALENT_POOL),
            headers: self.person_headers(),
            rows: members.iter().map(|r| self.person_row(r)).collect(),
        }
    }

    /// Every result, in input order.
    pub fn results_table(&self) -> DataTable {
        let mut headers = vec![self.l(t::R_SOURCE_ROW)];
        headers.extend(self.person_headers());
        headers.push(self.l(t::X_STATUS));
        headers.push(self.l(t::X_PERF_LEVEL));
        headers.push(self.l(t::X_POT_LEVEL));
        headers.push(self.l(t::R_MISSING));
        let rows = self
            .out
            .results
            .iter()
            .map(|r| {
                let mut v = vec![txt(self.origin(r.row))];
                v.extend(self.person_row(r));
                v.push(txt(match r.status {
                    Status::Placed => self.l(t::R_PLACED),
                    Status::Holding => self.l(t::R_HOLDING),
                }));
                v.push(txt(r.performance_level.clone().unwrap_or_default()));
                v.push(txt(r.potential_level.clone().unwrap_or_default()));
                v.push(txt(r.missing.join(", ")));
                v
            })
            .collect();
        DataTable { sheet: self.l(t::X_RESULTS), caption: self.l(t::X_RESULTS), headers, rows }
    }

    /// Employees on hold.
    pub fn holding_table(&self) -> DataTable {
        let rows = self
            .out
            .results
            .iter()
            .filter(|r| r.status == Status::Holding)
            .map(|r| {
                vec![
                    txt(self.origin(r.row)),
                    txt(&r.nip),
                    txt(&r.unit),
                    txt(r.position_kind.label()),
                    txt(r.missing.join(", ")),
                ]
            })
            .collect();
        DataTable {
            sheet: self.l(t::X_ERRORS),
            caption: self.l(t::R_DQ_HOLDING),
            headers: vec![
                self.l(t::R_SOURCE_ROW),
                self.l(t::R_NIP),
                self.l(t::R_UNIT),
                self.l(t::R_POSITION_KIND),
                self.l(t::R_MISSING),
            ],
            rows,
        }
    }

    /// Row errors by code, whole input.
    pub fn error_code_table(&self) -> DataTable {
        let rows = self
            .out
            .summary
            .total
            .error_codes
            .iter()
            .map(|(c, n)| vec![txt(c.as_str()), Val::Int(*n as i64)])
            .collect();
        DataTable {
            sheet: self.l(t::X_ERRORS),
            caption: self.l(t::R_DQ_BY_CODE),
            headers: vec![self.l(t::R_CODE), self.l(t::R_COUNT)],
            rows,
        }
    }

    /// Row errors per unit.
    pub fn error_unit_table(&self) -> DataTable {
        let rows = self
            .out
            .summary
            .units
            .iter()
            .filter(|u| u.errors > 0)
            .map(|u| {
                let codes: Vec<String> = u.error_codes.iter().map(|(c, n)| format!("{c} ({n})")).collect();
                vec![
                    txt(u.unit.clone().unwrap_or_default()),
                    Val::Int(u.errors as i64),
                    Val::Int(u.rows as i64),
                    txt(codes.join(", ")),
                ]
            })
            .collect();
        DataTable {
            sheet: self.l(t::X_ERRORS),
            caption: self.l(t::R_DQ_BY_UNIT),
            headers: vec![self.l(t::R_UNIT), self.l(t::R_ERRORS), self.l(t::R_ROWS), self.l(t::R_CODE)],
            rows,
        }
    }

    /// One line per row error.
    pub fn error_rows_table(&self) -> DataTable {
        let rows = self
            .out
            .errors
            .iter()
            .map(|e| {
                // The cell as the user sees it: from the path itself (cell problems) or via the header.
                let (field, cell) = if e.path.contains('!') {
                    (String::new(), e.path.clone())
                } else {
                    match self.locator.as_ref().and_then(|l| l.cell(e.row, &e.path)) {
                        Some((header, cell)) => (format!("{header} ({})", e.path), self.relabel(&cell)),
                        None => (e.path.clone(), String::new()),
                    }
                };
                vec![
                    txt(self.origin(e.row)),
                    txt(cell),
                    txt(e.nip.clone().unwrap_or_default()),
                    txt(e.code.as_str()),
                    txt(field),
                    txt(pick(&e.message, self.lang)),
                ]
            })
            .collect();
        DataTable {
            sheet: self.l(t::X_ERRORS),
            caption: self.l(t::R_DQ_ROWS),
            headers: vec![
                self.l(t::R_SOURCE_ROW),
                self.l(t::R_CELL),
                self.l(t::R_NIP),
                self.l(t::R_CODE),
                self.l(t::R_FIELD),
                self.l(t::R_MESSAGE),
            ],
            rows,
        }
    }

    /// File-reading warnings.
    pub fn warnings_table(&self) -> DataTable {
        let rows = self
            .warnings
            .iter()
            .map(|p| vec![txt(&p.path), txt(p.code.as_str()), txt(pick(&p.message, self.lang))])
            .collect();
        DataTable {
            sheet: self.l(t::X_ERRORS),
            caption: self.l(t::R_DQ_WARNINGS),
            headers: vec![self.l(t::R_FIELD), self.l(t::R_CODE), self.l(t::R_MESSAGE)],
            rows,
        }
    }

    /// Target positions.
    pub fn targets_table(&self) -> Option<DataTable> {
        let ps = self.positions.as_ref()?;
        let rows = ps
            .iter()
            .map(|p| {
                vec![
                    txt(&p.id),
                    txt(&p.title),
                    txt(&p.unit),
                    txt(p.kind.label()),
                    txt(if p.critical { "✓" } else { "" }),
                ]
            })
            .collect();
        Some(DataTable {
            sheet: self.l(t::X_TARGETS),
            caption: self.l(t::R_TARGETS),
            headers: vec![
                self.l(t::R_CODE),
                self.l(t::R_TARGET_TITLE),
                self.l(t::R_UNIT),
                self.l(t::R_POSITION_KIND),
                self.l(t::R_CRITICAL),
            ],
            rows,
        })
    }

    /// The legal basis of each policy field and rule (the method section).
    pub fn basis_table(&self) -> DataTable {
        use meritkit::basis::{BasisKind as K, Confidence as C};
        let rows = self
            .audit
            .basis
            .iter()
            .map(|(item, b)| {
                let kind = match b.kind {
                    K::Statute => t::K_STATUTE,
                    K::GovernmentRegulation => t::K_GOVERNMENT_REGULATION,
                    K::MinisterialRegulation => t::K_MINISTERIAL_REGULATION,
                    K::OfficialGuidance => t::K_OFFICIAL_GUIDANCE,
                    K::LocalPractice => t::K_LOCAL_PRACTICE,
                    K::MeritkitDefault => t::K_MERITKIT_DEFAULT,
                };
                let conf = match b.confidence {
                    C::High => t::C_HIGH,
                    C::Medium => t::C_MEDIUM,
                    C::Low => t::C_LOW,
                };
                let source = if b.instrument.is_empty() { "–".to_string() } else { b.citation() };
                vec![
                    Val::Text(item.clone()),
                    Val::Text(self.l(kind)),
                    Val::Text(source),
                    Val::Text(self.l(conf)),
                    Val::Text(b.note.clone()),
                ]
            })
            .collect();
        DataTable {
            sheet: "Dasar".into(),
            caption: self.l(t::R_BASIS),
            headers: vec![
                self.l(t::R_BASIS_ITEM),
                self.l(t::R_BASIS_KIND),
                self.l(t::R_BASIS_SOURCE),
                self.l(t::R_BASIS_CONFIDENCE),
                self.l(t::R_BASIS_NOTE),
            ],
            rows,
        }
    }

    /// Audit facts as (item, value) pairs.
    pub fn audit_pairs(&self) -> Vec<(String, String)> {
        let a = &self.audit;
        let mut v =
            vec![(self.l(t::R_INPUT_FILE), a.input_name.clone()), (self.l(t::R_INPUT_SHA), a.input_sha256.clone())];
        if let Some(s) = &a.sheet {
            v.push((self.l(t::R_SHEET), s.clone()));
        }
        v.push((self.l(t::R_MAPPING), a.mapping.clone()));
        v.push((self.l(t::POLICY), self.out.policy.name.clone()));
        v.push((self.l(t::R_POLICY_FP), self.out.policy.fingerprint.clone()));
        if let Some(r) = &a.rule_set {
            v.push((self.l(t::R_RULE_SET), r.clone()));
        }
        if let Some(s) = &a.succession_policy {
            v.push((self.l(t::R_SUCCESSION_POLICY), s.clone()));
        }
        if let Some((n, h)) = &a.positions {
            v.push((self.l(t::R_TARGETS), n.clone()));
            v.push((self.l(t::R_POSITIONS_SHA), h.clone()));
        }
        v.push((self.l(t::R_REF_DATE), a.reference_date.clone()));
        v.push((self.l(t::R_GENERATED), a.generated_at.clone()));
        v.push((self.l(t::R_VERSION), meritkit::VERSION.to_string()));
        v
    }
}
