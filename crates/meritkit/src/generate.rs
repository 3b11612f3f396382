//! A seeded generator of **fictional** civil-service populations, for the
//! demo, tests and benchmarks. Same seed, same population, on every platform
//! (ChaCha8 stream; no floating-point transcendental functions).
//!
//! ```
//! use meritkit::generate::{population, Options};
//! let a = population(&Options { count: 50, seed: 7, ..Options::default() });
//! let b = population(&Options { count: 50, seed: 7, ..Options::default() });
//! assert_eq!(a, b);
//! assert_eq!(a.len(), 50);
//! ```

use crate::competency::{preset_required_level, Competency};
use crate::model::{DisciplineLevel, Employee, Position, PositionSpell, Sanction, TrackRecordItem, POTENTIAL_ASPECTS};
use crate::performance::{Appraisal, Predikat, Rating};
use crate::position::PositionKind;
use crate::rank::{Education, Golongan, PppkGolongan, Rank};
use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// The six pilot OPDs of Provinsi Sulawesi Barat.
pub const SULBAR_UNITS: [&str; 6] = [
    "Biro Pengadaan Barang dan Jasa",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana",
    "Dinas Pangan",
    "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak, dan Pemberdayaan Masyarakat dan Desa",
    "Dinas Perumahan Rakyat, Kawasan Permukiman, Pertanahan, dan Perhubungan",
];

/// Relative size of each pilot OPD.
const UNIT_WEIGHTS: [u32; 6] = [6, 30, 24, 10, 14, 16];

const FIRST_M: [&str; 24] = [
    "Andi",
    "Muhammad",
    "Ahmad",
    "Rahmat",
    "Syamsul",
    "Hasanuddin",
    "Arifin",
    "Baharuddin",
    "Darwis",
    "Firman",
    "Hamzah",
    "Irwan",
    "Jufri",
    "Kamaruddin",
    "Mansyur",
    "Nasrullah",
    "Ridwan",
    "Sahabuddin",
    "Taufik",
    "Yusuf",
    "Zainal",
    "Agus",
    "Budi",
    "Hendra",
];
const FIRST_F: [&str; 24] = [
    "Nurhayati",
    "Sitti",
    "Hasnah",
    "Rahmawati",
    "Kasmawati",
    "Nurul",
    "Fatimah",
    "Hajrah",
    "Indah",
    "Jumiati",
    "Marlina",
    "Nurjannah",
    "Rosmiati",
    "Suryani",
    "Wahyuni",
    "Yuliana",
    "Asmawati",
    "Darmawati",
    "Erni",
    "Fitriani",
    "Herlina",
    "Sri",
    "Dewi",
    "Ratna",
];
const LAST: [&str; 24] = [
    "Mandar",
    "Pasokkori",
    "Tammalele",
    "Pattana",
    "Daeng Siga",
    "Lolo",
    "Manyambungi",
    "Todilaling",
    "Ammana",
    "Salili",
    "Mappatunru",
    "Baso",
    "Sahid",
    "Rahim",
    "Latif",
    "Karim",
    "Ismail",
    "Hamid",
    "Saleh",
    "Usman",
    "Yunus",
    "Djafar",
    "Malik",
    "Nur",
];
const REGIONS: [&str; 6] = ["Mamuju", "Majene", "Polewali Mandar", "Mamasa", "Pasangkayu", "Mamuju Tengah"];

/// Generator options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of employees.
    pub count: usize,
    /// Seed.
    pub seed: u64,
    /// Units; the six Sulbar pilot OPDs by default.
    pub units: Vec<String>,
    /// The latest appraisal year (2025 by default); two years are generated.
    pub latest_year: i16,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            count: 1000,
            seed: 2026,
            units: SULBAR_UNITS.iter().map(|s| s.to_string()).collect(),
            latest_year: 2025,
        }
    }
}

/// Samples an index as `u32`: `gen_range` over `usize` draws 32 bits on
/// wasm32 and 64 bits on x86_64, which would make the same seed give a
/// different population in the browser than in the CLI.
fn pick<'a, T>(r: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    let n = u32::try_from(xs.len()).unwrap_or(u32::MAX);
    &xs[r.gen_range(0..n) as usize]
}

fn weighted(r: &mut ChaCha8Rng, w: &[u32]) -> usize {
    let total: u32 = w.iter().sum();
    let mut x = r.gen_range(0..total.max(1));
    for (i, &wi) in w.iter().enumerate() {
        if x < wi {
            return i;
        }
        x -= wi;
    }
    w.len().saturating_sub(1)
}

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).unwrap_or(Date::constant(2000, 1, 1))
}

/// Generates `opts.count` valid, fictional employees.
pub fn population(opts: &Options) -> Vec<Employee> {
    let mut r = ChaCha8Rng::seed_from_u64(opts.seed);
    let units: Vec<String> = if opts.units.is_empty() { vec!["Unit".to_string()] } else { opts.units.clone() };
    let uw: Vec<u32> = (0..units.len()).map(|i| UNIT_WEIGHTS.get(i).copied().unwrap_or(10)).collect();
    let mut serials: BTreeMap<String, u16> = BTreeMap::new();
    let mut out = Vec::with_capacity(opts.count);
    let ly = opts.latest_year;
    for _ in 0..opts.count {
        let unit = units[weighted(&mut r, &uw)].clone();
        use PositionKind::*;
        let kinds = [
            JptPratama,
            Administrator,
            Pengawas,
            Pelaksana,
            AhliPertama,
            AhliMuda,
            AhliMadya,
            Terampil,
            Mahir,
            Penyelia,
        ];
        let kind = kinds[weighted(&mut r, &[3, 25, 80, 470, 150, 120, 40, 60, 40, 12])];
        let pppk = matches!(kind, AhliPertama | Terampil | Pelaksana) && r.gen_bool(0.12);
        // rank range by kind (ordinals I/a = 1 .. IV/e = 17)
        let (lo, hi) = match kind {
            JptPratama => (14, 16),
            Administrator => (13, 14),
            Pengawas => (11, 12),
            Pelaksana => (5, 10),
            AhliPertama => (9, 10),
            AhliMuda => (11, 12),
            AhliMadya => (13, 15),
            Terampil => (6, 8),
            Mahir => (9, 10),
            Penyelia => (11, 12),
            _ => (9, 12),
        };
        let ord: u8 = r.gen_range(lo..=hi);
        let rank = if pppk {
            let g = match kind {
                AhliPertama => PppkGolongan::IX,
                Terampil => PppkGolongan::VII,
                _ => PppkGolongan::V,
            };
            Rank::Pppk(g)
        } else {
            Rank::Pns(Golongan::from_ordinal(ord).unwrap_or(Golongan::IIIA))
        };
        let education = match kind {
            JptPratama => *pick(&mut r, &[Education::S2, Education::S2, Education::S3, Education::S1]),
            Administrator | AhliMadya | AhliMuda => {
                *pick(&mut r, &[Education::S1, Education::S2, Education::S2, Education::D4])
            }
            AhliPertama | Pengawas => {
                *pick(&mut r, &[Education::S1, Education::S1, Education::D4, Education::S2, Education::D3])
            }
            Terampil | Mahir | Penyelia => {
                *pick(&mut r, &[Education::D3, Education::D3, Education::D4, Education::Sma])
            }
            _ => *pick(&mut r, &[Education::Sma, Education::Sma, Education::D3, Education::S1, Education::Smp]),
        };
        // age grows with seniority
        let age: i16 = match kind {
            JptPratama => r.gen_range(46..=55),
            Administrator | AhliMadya => r.gen_range(42..=57),
            Pengawas | AhliMuda | Penyelia => r.gen_range(35..=56),
            _ => r.gen_range(24..=57),
        };
        let by = ly + 1 - age;
        let birth = date(by, r.gen_range(1..=12), r.gen_range(1..=28));
        let tmt_age: i16 = r.gen_range(21..=(age - 2).clamp(22, 35));
        let tmt_y = (by + tmt_age).min(ly);
        let tmt_m: i8 = r.gen_range(1..=12);
        let female = r.gen_bool(0.48);
        let prefix = if pppk {
            format!(
                "{:04}{:02}{:02}{:04}2{}{}",
                birth.year(),
                birth.month(),
                birth.day(),
                tmt_y.max(2019),
                r.gen_range(1..=3),
                if female { 2 } else { 1 }
            )
        } else {
            format!(
                "{:04}{:02}{:02}{:04}{:02}{}",
                birth.year(),
                birth.month(),
                birth.day(),
                tmt_y,
                tmt_m,
                if female { 2 } else { 1 }
            )
        };
        let serial = serials.entry(prefix.clone()).or_insert(0);
        *serial = serial.saturating_add(1).min(999);
        let nip = format!("{prefix}{:03}", *serial);
        let name =
            format!("{} {}", if female { pick(&mut r, &FIRST_F) } else { pick(&mut r, &FIRST_M) }, pick(&mut r, &LAST));
        // performance: two years
        let mut performance = Vec::new();
        let talent: f64 = r.gen::<f64>(); // latent quality, drives performance and potential together
        for y in [ly - 1, ly] {
            let x = (talent * 0.45 + r.gen::<f64>() * 0.55) * 100.0;
            let p = if x >= 78.0 {
                Predikat::SangatBaik
            } else if x >= 22.0 {
                Predikat::Baik
            } else if x >= 10.0 {
                Predikat::ButuhPerbaikan
            } else if x >= 4.0 {
                Predikat::Kurang
            } else {
                Predikat::SangatKurang
            };
            if r.gen_bool(0.3) {
                let (wr, wb) = ratings_for(p);
                performance.push(Appraisal { year: y, predikat: None, work_result: Some(wr), work_behavior: Some(wb) });
            } else {
                performance.push(Appraisal { year: y, predikat: Some(p), work_result: None, work_behavior: None });
            }
        }
        // competency (assessed for most)
        let req = preset_required_level(kind);
        let mut competency = BTreeMap::new();
        let assessed = r.gen_bool(0.8);
        if assessed {
            for c in Competency::ALL {
                let delta: i32 = if talent > 0.7 {
                    r.gen_range(0..=1)
                } else if talent > 0.3 {
                    r.gen_range(-1..=0)
                } else {
                    r.gen_range(-2..=0)
                };
                let lvl = (i32::from(req) + delta).clamp(1, 5);
                competency.insert(c.code().to_string(), f64::from(lvl));
            }
        }
        // potential shares only part of the latent quality with performance
        let talent = (talent * 0.5 + r.gen::<f64>() * 0.5).clamp(0.0, 1.0);
        let mut potential_aspects = BTreeMap::new();
        let mut potential_assessment_score = None;
        if assessed && r.gen_bool(0.6) {
            for a in POTENTIAL_ASPECTS {
                let lvl = (1.0 + talent * 4.0 + (r.gen::<f64>() - 0.5) * 1.5).clamp(1.0, 5.0).round();
                potential_aspects.insert(a.to_string(), lvl);
            }
        } else if assessed {
            potential_assessment_score = Some(
                ((talent * 70.0 + 30.0 + (r.gen::<f64>() - 0.5) * 10.0).clamp(0.0, 100.0) * 100.0).round() / 100.0,
            );
        }
        let track_record_score =
            Some(((talent * 50.0 + 45.0 + r.gen::<f64>() * 10.0).clamp(0.0, 100.0) * 10.0).round() / 10.0);
        let potential_score = if !assessed || r.gen_bool(0.15) {
            Some(((talent * 45.0 + 55.0 + (r.gen::<f64>() - 0.5) * 8.0).clamp(0.0, 100.0) * 10.0).round() / 10.0)
        } else {
            None
        };
        let performance_score =
            Some(((talent * 50.0 + 50.0 + (r.gen::<f64>() - 0.5) * 10.0).clamp(0.0, 100.0) * 10.0).round() / 10.0);
        let years_in = r.gen_range(0..=(age - tmt_age).clamp(1, 12));
        let since = date(ly - years_in, r.gen_range(1..=12), 1);
        let mut position_history = vec![PositionSpell { kind, start: since, end: None, title: None }];
        let prev = match kind {
            JptPratama => Some(Administrator),
            Administrator => Some(Pengawas),
            Pengawas => Some(Pelaksana),
            AhliMuda => Some(AhliPertama),
            AhliMadya => Some(AhliMuda),
            _ => None,
        };
        if let Some(pk) = prev {
            let len = r.gen_range(2..=8);
            position_history.insert(
                0,
                PositionSpell {
                    kind: pk,
                    start: date(since.year() - len, since.month(), 1),
                    end: Some(since),
                    title: None,
                },
            );
        }
        let discipline = if r.gen_bool(0.03) {
            let y = ly - r.gen_range(0..=4);
            vec![Sanction {
                level: *pick(&mut r, &[DisciplineLevel::Ringan, DisciplineLevel::Sedang, DisciplineLevel::Berat]),
                start: date(y, r.gen_range(1..=6), 1),
                end: Some(date(y + 1, r.gen_range(1..=6), 1)),
                description: None,
            }]
        } else {
            vec![]
        };
        let mut attributes = BTreeMap::new();
        attributes.insert("asal_kabupaten".to_string(), pick(&mut r, &REGIONS).to_string());
        let title = match kind {
            JptPratama => Some(format!("Kepala {}", unit.split(',').next().unwrap_or(&unit))),
            _ => None,
        };
        out.push(Employee {
            nip,
            name: Some(name),
            unit,
            position: Position { kind, title, since: Some(since) },
            rank: Some(rank),
            education: Some(education),
            performance,
            performance_score,
            competency,
            jpm: None,
            potential_score,
            potential_aspects,
            potential_assessment_score,
            track_record_score,
            track_record: vec![TrackRecordItem {
                category: "diklat".into(),
                description: Some("Pelatihan kepemimpinan".into()),
                year: Some(ly - 2),
            }]
            .into_iter()
            .filter(|_| talent > 0.6)
            .collect(),
            birth_date: if r.gen_bool(0.5) { Some(birth) } else { None },
            discipline,
            position_history,
            attributes,
        });
    }
    out
}

/// A pair of ratings that gives predikat `p` under PermenPANRB 6/2022.
pub fn ratings_for(p: Predikat) -> (Rating, Rating) {
    use Rating::*;
    match p {
        Predikat::SangatBaik => (DiAtasEkspektasi, DiAtasEkspektasi),
        Predikat::Baik => (SesuaiEkspektasi, SesuaiEkspektasi),
        Predikat::ButuhPerbaikan => (DiBawahEkspektasi, SesuaiEkspektasi),
        Predikat::Kurang => (SesuaiEkspektasi, DiBawahEkspektasi),
        Predikat::SangatKurang => (DiBawahEkspektasi, DiBawahEkspektasi),
    }
}

/// The demo dataset: 1,500 fictional employees of the six Sulawesi Barat
/// pilot OPDs, as JSON rows, followed by a few deliberately bad rows (each
/// exercising one error code).
pub fn demo_rows() -> Vec<serde_json::Value> {
    let pop = population(&Options { count: 1500, seed: 2026, ..Options::default() });
    let mut rows: Vec<serde_json::Value> = pop.iter().filter_map(|e| serde_json::to_value(e).ok()).collect();
    let unit = SULBAR_UNITS[3];
    let base = |nip: &str| {
        serde_json::json!({
            "nip": nip, "name": "Contoh Data Salah", "unit": unit,
            "position": {"kind": "pelaksana"}, "rank": "II/c", "education": "sma",
            "performance": [{"year": 2025, "predikat": "Baik"}], "potential_score": 70.0
        })
    };
    let mut bad = vec![
        base("19850315201001100"),  // 17 digits
        base("198503152010013002"), // sex digit 3
        base("198502302010011002"), // 30 February
        base("199003151989011002"), // TMT before birth
    ];
    let mut v = base("198701202012012003");
    v["performance"] = serde_json::json!([{"year": 2025, "predikat": "Sangat Baik", "work_result": "sesuai_ekspektasi", "work_behavior": "sesuai_ekspektasi"}]);
    bad.push(v);
    let mut v = base("198806102014021001");
    v["competency"] = serde_json::json!({"integritas": 7});
    bad.push(v);
    let mut v = base("199001012015031004");
    v["performance"] = serde_json::json!([]);
    bad.push(v);
    let mut v = base("199105052016041001");
    v["position"] = serde_json::json!({"kind": "kepala_seksi"});
    bad.push(v);
    rows.extend(bad);
    rows
}

/// The reference date of the demo's second period ([`demo_rows_next_period`]).
pub const DEMO_NEXT_DATE: &str = "2027-01-02";

/// The same fictional population a year later, for the talent-review demo: each
/// person of [`demo_rows`] gets a 2026 appraisal (one predikat up for every
/// seventh person, one down for the next, the rest unchanged) and a potential
/// score moved by -7.5 to +7.5 points; every 97th person has left and 15
/// new people (seed 2027) have joined; the faulty rows stay. Deterministic.
pub fn demo_rows_next_period() -> Vec<serde_json::Value> {
    use crate::performance::Predikat;
    let mut out = Vec::new();
    for (i, mut v) in demo_rows().into_iter().enumerate() {
        if v.get("name").and_then(|n| n.as_str()) == Some("Contoh Data Salah") {
            out.push(v);
            continue;
        }
        if i % 97 == 0 {
            continue;
        }
        let latest = v
            .get("performance")
            .and_then(|p| p.as_array())
            .and_then(|a| a.iter().max_by_key(|x| x.get("year").and_then(|y| y.as_i64()).unwrap_or(0)))
            .and_then(|x| x.get("predikat"))
            .and_then(|p| p.as_str())
            .and_then(Predikat::parse);
        if let Some(p) = latest {
            let k = Predikat::ALL.iter().position(|q| *q == p).unwrap_or(0);
            let k = match i % 7 {
                0 => (k + 1).min(Predikat::ALL.len() - 1),
                1 => k.saturating_sub(1),
                _ => k,
            };
            if let (Some(q), Some(a)) = (Predikat::ALL.get(k), v.get_mut("performance").and_then(|x| x.as_array_mut()))
            {
                a.retain(|x| x.get("year").and_then(|y| y.as_i64()) != Some(2026));
                a.push(serde_json::json!({"year": 2026, "predikat": q.label()}));
            }
        }
        if let Some(x) = v.get("potential_score").and_then(|x| x.as_f64()) {
            let moved = (x + ((i % 11) as f64 - 5.0) * 1.5).clamp(0.0, 100.0);
            v["potential_score"] = serde_json::json!(moved);
        }
        out.push(v);
    }
    let joined = population(&Options { count: 15, seed: 2027, ..Options::default() });
    out.extend(joined.iter().filter_map(|e| serde_json::to_value(e).ok()));
    out
}

/// A handful of vacant or soon-vacant strategic positions in the six pilot OPDs
/// (fictional), for the demo: JSON objects in the `succession` request format.
pub fn demo_positions() -> Vec<serde_json::Value> {
    let u = SULBAR_UNITS;
    serde_json::json!([
        {"id": "DIKBUD-KADIS", "title": "Kepala Dinas Pendidikan dan Kebudayaan", "unit": u[1], "kind": "jpt_pratama", "critical": true},
        {"id": "DINKES-SEKRETARIS", "title": "Sekretaris Dinas Kesehatan", "unit": u[2], "kind": "administrator", "critical": true},
        {"id": "PANGAN-KABID-KETERSEDIAAN", "title": "Kepala Bidang Ketersediaan dan Kerawanan Pangan", "unit": u[3], "kind": "administrator", "critical": true},
        {"id": "PBJ-KABAG-PENGELOLAAN", "title": "Kepala Bagian Pengelolaan Pengadaan Barang dan Jasa", "unit": u[0], "kind": "administrator", "critical": false},
        {"id": "SOSIAL-KASUBAG-UMUM", "title": "Kepala Subbagian Umum dan Kepegawaian", "unit": u[4], "kind": "pengawas", "critical": false, "pool": {"min_box": 5}},
        {"id": "PERKIM-KASI-PERHUBUNGAN", "title": "Kepala Seksi Lalu Lintas Angkutan Jalan", "unit": u[5], "kind": "pengawas", "critical": true}
    ]).as_array().cloned().unwrap_or_default()
}
