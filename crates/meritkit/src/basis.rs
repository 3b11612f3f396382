//! The basis of every legal claim the engine makes: each built-in rule, each
//! field of each preset policy and each default the engine applies says
//! where it comes from (a statute, a government or ministerial regulation,
//! official guidance, observed local practice, or a meritkit default), the
//! instrument and article where there is one, how sure we are, and a
//! one-line note.
//!
//! Wire codes are English snake_case: `statute`, `government_regulation`,
//! `ministerial_regulation`, `official_guidance`, `local_practice`,
//! `meritkit_default`; confidence `high`, `medium`, `low` (how sure we are
//! that the instrument says this, or, for local practice, that the practice
//! was observed as described).
//!
//! [`regulation_markdown`] renders all of it as `docs/regulation.md`; a test
//! keeps the committed file equal to it.
//!
//! ```
//! use meritkit::basis::{BasisKind, Confidence};
//! use meritkit::policy::Policy;
//! let p = Policy::preset("permenpanrb_3_2020").unwrap();
//! let cut = &p.basis["potential.cutoffs"];
//! assert_eq!(cut.kind, BasisKind::LocalPractice); // 90/78 is not national law
//! let grid = &p.basis["grid"];
//! assert_eq!(grid.kind, BasisKind::MinisterialRegulation);
//! assert_eq!(grid.confidence, Confidence::Medium);
//! ```

use serde::{Deserialize, Serialize};

/// What kind of source a claim rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    /// Undang-undang (UU).
    Statute,
    /// Peraturan Pemerintah (PP) or Peraturan Presiden.
    GovernmentRegulation,
    /// Peraturan Menteri / Peraturan BKN / Perka BKN.
    MinisterialRegulation,
    /// Surat Edaran, official announcements, BKN guidance.
    OfficialGuidance,
    /// Observed practice of one or more agencies or their applications: not national law.
    LocalPractice,
    /// A choice made by meritkit where no source sets the value.
    MeritkitDefault,
}

impl BasisKind {
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            BasisKind::Statute => "statute",
            BasisKind::GovernmentRegulation => "government_regulation",
            BasisKind::MinisterialRegulation => "ministerial_regulation",
            BasisKind::OfficialGuidance => "official_guidance",
            BasisKind::LocalPractice => "local_practice",
            BasisKind::MeritkitDefault => "meritkit_default",
        }
    }
    /// True for statute and regulations (national law).
    pub fn is_law(self) -> bool {
        matches!(self, BasisKind::Statute | BasisKind::GovernmentRegulation | BasisKind::MinisterialRegulation)
    }
}

/// How sure we are of a basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Regulation text, or independent sources agree.
    High,
    /// One good source, or agreeing secondary sources; not confirmed against the signed text.
    Medium,
    /// One secondary source or one local application.
    Low,
}

impl Confidence {
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// Where a rule, a policy field or a default comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// Kind of source.
    pub kind: BasisKind,
    /// The instrument ("PP 11/2017 jo PP 17/2020"); empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instrument: String,
    /// Article ("Ps. 107"); empty when there is none or it is the whole instrument.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub article: String,
    /// How sure we are.
    pub confidence: Confidence,
    /// One line: what the source says and what is interpretation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Basis {
    /// A basis.
    pub fn new(kind: BasisKind, instrument: &str, article: &str, confidence: Confidence, note: &str) -> Basis {
        Basis { kind, instrument: instrument.into(), article: article.into(), confidence, note: note.into() }
    }
    /// "PP 11/2017 Ps. 54", or the kind when there is no instrument.
    pub fn citation(&self) -> String {
        match (self.instrument.is_empty(), self.article.is_empty()) {
            (true, _) => self.kind.code().replace('_', " "),
            (false, true) => self.instrument.clone(),
            (false, false) => format!("{} {}", self.instrument, self.article),
        }
    }
    /// Problems of a basis at `path`: law needs an instrument.
    pub fn check(&self, path: &str) -> Vec<crate::Problem> {
        if self.kind.is_law() && self.instrument.trim().is_empty() {
            vec![crate::Problem::new(
                crate::Code::InvalidPolicy,
                format!("{path}.instrument"),
                format!("a basis of kind `{}` needs the instrument", self.kind.code()),
                format!("dasar jenis `{}` memerlukan nama peraturannya", self.kind.code()),
            )]
        } else {
            vec![]
        }
    }
}

/// The basis of each field of a preset policy is data, in the preset's file
/// (`src/presets/<name>.toml`, `[basis."<field>"]`); every preset states the
/// same fields: `grid`, `performance.source`, `performance.years` (years,
/// combine, min_years), `performance.mapping` or `performance.cutoffs`,
/// `potential.source`, `potential.components` (when composite),
/// `potential.missing_component`, `potential.cutoffs`, `jpm.cap`,
/// `jpm.standards`, `missing` (tested in `tests/legal_basis.rs`).
/// One default the engine applies outside any policy or rule file.
pub struct EngineDefault {
    /// Stable id.
    pub id: &'static str,
    /// What the engine does.
    pub what: &'static str,
    /// Where it comes from.
    pub kind: BasisKind,
    /// Instrument.
    pub instrument: &'static str,
    /// Article.
    pub article: &'static str,
    /// Confidence.
    pub confidence: Confidence,
    /// Note.
    pub note: &'static str,
}

impl EngineDefault {
    /// As a [`Basis`].
    pub fn basis(&self) -> Basis {
        Basis::new(self.kind, self.instrument, self.article, self.confidence, self.note)
    }
}

macro_rules! defaults {
    ($( ($id:literal, $what:literal, $kind:ident, $inst:literal, $art:literal, $conf:ident, $note:literal) ),+ $(,)?) => {
        /// Every default the engine applies, with its basis.
        pub const ENGINE_DEFAULTS: &[EngineDefault] = &[$(EngineDefault {
            id: $id, what: $what, kind: BasisKind::$kind, instrument: $inst, article: $art, confidence: Confidence::$conf, note: $note,
        }),+];
    };
}

defaults! {
    ("nine_box_numbering", "box number from (kinerja, potensial) levels, 1-9", MinisterialRegulation, "PermenPANRB 3/2020 jo PermenPANRB 20/2025", "Lampiran", Medium,
        "canonical numbering (KemenPANRB deck; public implementations agree)"),
    ("talent_pools", "KRS instansi = boxes 7, 8, 9; KRS nasional = box 9", OfficialGuidance, "BKN knowledge base on manajemen talenta", "", Medium,
        "one PHP application also lists 7-8 as nasional (minority)"),
    ("predikat_matrix", "predikat from hasil kerja × perilaku kerja", MinisterialRegulation, "PermenPANRB 6/2022", "Lampiran", High,
        "Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang"),
    ("predikat_distribution", "distribution check by organisation predikat", OfficialGuidance, "SE MenPANRB 3/2023", "", Medium, "shares per organisation predikat"),
    ("competency_levels", "competency levels 1-5; the nine managerial and socio-cultural competencies", MinisterialRegulation, "PermenPANRB 38/2017", "", High, ""),
    ("jpm_categories", "JPM categories (optimal >= 90, cukup optimal >= 78, kurang optimal)", MinisterialRegulation, "Peraturan BKN 26/2019", "", Medium,
        "believed source of the categories; the 80/68 variant also seen"),
    ("nip_structure", "NIP: birth date, TMT CPNS, sex digit, serial; no check digit", MinisterialRegulation, "Perka BKN 22/2007", "", High, ""),
    ("ni_pppk", "NI PPPK told apart by digit 13 = 2", LocalPractice, "", "", Medium, "structure seen in issued numbers; not found in a regulation"),
    ("golongan_order", "PNS golongan/ruang I/a .. IV/e and pangkat names", GovernmentRegulation, "PP 99/2000 jo PP 12/2002", "", High, ""),
    ("pppk_separate", "PPPK golongan I-XVII never compared with PNS ruang", GovernmentRegulation, "Perpres 98/2020", "", Medium,
        "no equivalence with PNS ruang was found; a rule needs a PPPK bound of its own"),
    ("education_d4_s1", "\"S1/D-IV\" requirements accept D-IV", GovernmentRegulation, "PP 11/2017 jo PP 17/2020", "Ps. 54, 107", High, ""),
    ("retirement_age", "BUP 58 (pejabat administrasi, JF ahli muda/pertama, keterampilan), 60 (JPT, JF ahli madya), 65 (JF ahli utama)", GovernmentRegulation, "PP 11/2017", "Ps. 239", High,
        "sectoral laws (guru, dosen) override and are not modelled"),
    ("eselon_table", "lowest and highest pangkat per eselon I.a .. V.a", GovernmentRegulation, "PP 100/2000 jo PP 13/2002", "Lampiran", Medium,
        "whether PP 100/2000 remains in force after PP 11/2017 was not confirmed (low); the table is still applied to positions that carry an eselon"),
    ("rank_floor_one_step", "rank floor = one step below the lowest pangkat of the target position's eselon", GovernmentRegulation, "PP 100/2000 jo PP 13/2002", "Ps. 5 huruf b", Medium,
        "\"serendah-rendahnya 1 (satu) tingkat di bawah jenjang pangkat yang ditentukan\"; PP 11/2017 Ps. 54 and 107 set no rank floor"),
    ("eselon_assumed", "eselon assumed when neither the position nor the policy gives one: JPT Utama/Madya I.a, JPT Pratama II.a, Administrator III.b, Pengawas IV.b", MeritkitDefault, "", "", High,
        "JPT: the higher eselon (the rank open selections ask); Jabatan Administrasi: the lower one; set `eselon` on the position or per kind in the policy"),
    ("eselon_equivalence", "JPT Utama/Madya = eselon I, JPT Pratama = II, Administrator = III, Pengawas = IV", Statute, "UU 5/2014", "Ps. 131", High,
        "UU 5/2014 is replaced by UU 20/2023; the equivalence is still cited"),
    ("protected_attributes", "scoring and rules may not select or weight on politik, suku, ras, warna kulit, agama, asal usul, jenis kelamin, status pernikahan, umur, disabilitas", Statute, "UU 5/2014 Ps. 1; UU 20/2023", "penjelasan Ps. 28(2) huruf d", Medium,
        "the union of both lists; statutory age limits and BUP are the only lawful use of age"),
    ("unknown_not_pass", "missing data gives `unknown`, never a silent pass or fail", MeritkitDefault, "", "", High, ""),
    ("discipline_lookback", "talent-pool entry: no sedang/berat sanction running or ended within 2 years", LocalPractice, "PP 94/2021", "", Medium,
        "PP 94/2021 sets the sanction levels; the 2-year look-back is one region's practice (Kab. Buleleng SIMATA), not national law"),
    ("retirement_horizon", "succession excludes candidates reaching BUP within 1 year", LocalPractice, "", "", Low, "one regency application (saifulanwarmbo/simata)"),
    ("readiness", "readiness by box: 9, 8 ready now; 7, 5 in 1-2 years; 6, 4, 3 later", LocalPractice, "", "", Low, "one regency application; readiness is not national"),
    ("succession_weights", "SAW/TOPSIS weights jpm 0.30, potential 0.20, performance 0.20, box 0.15, experience 0.05, rank 0.05, education 0.05", MeritkitDefault, "", "", High,
        "no source sets ranking weights"),
    ("krs_nomination", "the PPK nominates KRS-instansi talent; the Menteri confirms successors", OfficialGuidance, "SE MenPANRB 10/2021", "", Medium, ""),
}

/// Status of an instrument the engine cites.
pub struct Instrument {
    /// Short name as cited.
    pub name: &'static str,
    /// Subject.
    pub subject: &'static str,
    /// In force, amended, revoked.
    pub status: &'static str,
    /// Confidence in the status.
    pub confidence: Confidence,
}

macro_rules! instruments {
    ($( ($n:literal, $s:literal, $st:literal, $c:ident) ),+ $(,)?) => {
        /// Every instrument cited by a rule, preset or default, with its status.
        pub const INSTRUMENTS: &[Instrument] = &[$(Instrument { name: $n, subject: $s, status: $st, confidence: Confidence::$c }),+];
    };
}

instruments! {
    ("UU 5/2014", "Aparatur Sipil Negara", "replaced by UU 20/2023; still cited for the merit definition (Ps. 1) and the eselon equivalence (Ps. 131)", High),
    ("UU 20/2023", "Aparatur Sipil Negara", "in force; implementing PP pending", High),
    ("PP 11/2017 jo PP 17/2020", "Manajemen PNS", "in force (amended by PP 17/2020); applied for Ps. 54, 107, 239", High),
    ("PP 100/2000 jo PP 13/2002", "Pengangkatan PNS dalam jabatan struktural (eselon pangkat ranges, Ps. 5)", "status after PP 11/2017 not confirmed: not found among the provisions applied since; its eselon table and one-step rule are still used for positions with an eselon", Low),
    ("PP 99/2000 jo PP 12/2002", "Kenaikan pangkat PNS (golongan/ruang, pangkat)", "in force as amended", High),
    ("PP 94/2021", "Disiplin PNS", "in force; replaced PP 53/2010", High),
    ("PP 30/2019", "Penilaian kinerja PNS", "in force; predikat now per PermenPANRB 6/2022; replaced PP 46/2011 (legacy scales only)", Medium),
    ("Perpres 98/2020", "Gaji dan tunjangan PPPK (golongan I-XVII)", "in force", Medium),
    ("PermenPANRB 3/2020", "Manajemen Talenta ASN", "in force as amended by PermenPANRB 20/2025", High),
    ("PermenPANRB 20/2025", "amends PermenPANRB 3/2020", "in force; Ps. 17 (axes) confirmed, the rest not checked against the signed text", Medium),
    ("PermenPANRB 6/2022", "Pengelolaan kinerja pegawai ASN", "in force; replaced PermenPANRB 8/2021", High),
    ("PermenPANRB 38/2017", "Standar kompetensi jabatan ASN", "in force", High),
    ("Peraturan BKN 26/2019", "Penilaian kompetensi", "in force; believed source of the JPM categories", Medium),
    ("Perka BKN 22/2007", "Nomor Induk Pegawai", "in force", High),
    ("SE MenPANRB 3/2023", "Distribusi predikat kinerja", "in force", Medium),
    ("SE MenPANRB 10/2021", "Implementasi manajemen talenta", "in force (roadmap)", Medium),
    ("PermenPANRB 40/2018", "Sistem merit", "replaced by PermenPANRB 19/2025 (31 Dec 2025)", High),
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn row(out: &mut String, what: &str, b: &Basis) {
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n",
        cell(what),
        b.kind.code(),
        cell(if b.instrument.is_empty() { "–" } else { &b.instrument }),
        cell(if b.article.is_empty() { "–" } else { &b.article }),
        b.confidence.code(),
        cell(&b.note)
    ));
}

const HEAD: &str = "| Claim | Kind | Instrument | Article | Confidence | Note |\n|---|---|---|---|---|---|\n";

/// `docs/regulation.md`: every legal claim the engine makes (built-in rules,
/// preset fields, engine defaults) and the status of each instrument,
/// generated from the same data the engine uses.
pub fn regulation_markdown() -> String {
    let mut s = String::from(
        "# Legal basis of meritkit\n\n\
         <!-- Generated by `meritkit policy regulation-doc` from the engine's own data; do not edit. \
         A test fails when this file and the data differ. -->\n\n\
         Every built-in rule, every field of every preset policy and every default the engine applies, with \
         where it comes from. **Kind**: `statute` (UU), `government_regulation` (PP, Perpres), \
         `ministerial_regulation` (PermenPANRB, Peraturan/Perka BKN), `official_guidance` (surat edaran, \
         announcements, BKN guidance), `local_practice` (observed in one or more agencies or their applications: \
         not national law), `meritkit_default` (a choice of meritkit where no source sets the value). \
         **Confidence**: `high` (regulation text, or independent sources agree), `medium` (one good source or \
         agreeing secondary sources, not checked against the signed text), `low` (one secondary source or one \
         local application).\n\n",
    );
    s.push_str("## Instruments\n\n| Instrument | Subject | Status | Confidence |\n|---|---|---|---|\n");
    for i in INSTRUMENTS {
        s.push_str(&format!("| {} | {} | {} | {} |\n", i.name, cell(i.subject), cell(i.status), i.confidence.code()));
    }
    s.push_str("\n## Built-in rule sets\n");
    for (name, _) in crate::rules::BUILTIN {
        let Ok(set) = crate::rules::builtin(name) else { continue };
        s.push_str(&format!(
            "\n### `{}` ({})\n\n{}\n\n{HEAD}",
            set.name,
            cell(&set.implements),
            cell(&set.description)
        ));
        for r in &set.rules {
            match &r.basis {
                Some(b) => row(
                    &mut s,
                    &format!(
                        "`{}` ({})",
                        r.id,
                        if r.severity == crate::rules::Severity::Error { "error" } else { "warning" }
                    ),
                    b,
                ),
                None => s.push_str(&format!("| `{}` | – | {} | – | – | no basis |\n", r.id, cell(&r.citation))),
            }
        }
    }
    s.push_str("\n## Preset scoring policies\n");
    for name in crate::policy::PRESETS {
        let Ok(p) = crate::policy::Policy::preset(name) else { continue };
        let local = if p.local_practice { "local practice" } else { "national" };
        s.push_str(&format!("\n### `{}` ({local})\n\n{}\n\n{HEAD}", p.name, cell(&p.description)));
        for (field, b) in &p.basis {
            row(&mut s, &format!("`{field}`"), b);
        }
    }
    s.push_str(&format!("\n## Engine defaults\n\n{HEAD}"));
    for d in ENGINE_DEFAULTS {
        row(&mut s, &format!("`{}`: {}", d.id, d.what), &d.basis());
    }
    s
}
