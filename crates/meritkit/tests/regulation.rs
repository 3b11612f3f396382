//! Tests that assert the regulation (the instrument is named above each group of tests), not the code's own output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use meritkit::competency::{jpm, JpmCap, MappingCategory, SelectionCategory};
use meritkit::nine_box::{box_number, Grid, Pool};
use meritkit::nip::{Nip, NipKind, Sex};
use meritkit::performance::{predikat, Predikat, Rating};
use meritkit::Code;

/// PermenPANRB 3/2020 jo 20/2025 Ps. 17: the canonical numbering, written out as the official figure.
#[test]
fn nine_box_full_table() {
    use Rating::*;
    // (kinerja, potensial, box)
    let table = [
        (DiAtasEkspektasi, "rendah", 4),
        (DiAtasEkspektasi, "menengah", 7),
        (DiAtasEkspektasi, "tinggi", 9),
        (SesuaiEkspektasi, "rendah", 2),
        (SesuaiEkspektasi, "menengah", 5),
        (SesuaiEkspektasi, "tinggi", 8),
        (DiBawahEkspektasi, "rendah", 1),
        (DiBawahEkspektasi, "menengah", 3),
        (DiBawahEkspektasi, "tinggi", 6),
    ];
    let g = Grid::asn();
    for (k, p, expected) in table {
        let pi = g.potential_index(p).unwrap();
        assert_eq!(box_number(k.level(), pi), expected, "k={k} p={p}");
        assert_eq!(g.number(k.level(), pi), Some(expected as u16));
    }
    // simata key <p><k>: {11:1, 12:2, 13:4, 21:3, 22:5, 23:7, 31:6, 32:8, 33:9}
    for (key, b) in [(11, 1), (12, 2), (13, 4), (21, 3), (22, 5), (23, 7), (31, 6), (32, 8), (33, 9)] {
        assert_eq!(box_number(key % 10, key / 10), b);
    }
}

/// PermenPANRB 3/2020 jo 20/2025 Ps. 17 numbering: arithmetic form and properties (meritkit definition).
#[test]
fn nine_box_properties() {
    fn arith(k: i32, p: i32) -> i32 {
        let s = k + p;
        if s <= 4 {
            1 + (s - 2) * (s - 1) / 2 + (p - 1)
        } else {
            10 - arith(4 - k, 4 - p)
        }
    }
    for k in 1..=3u8 {
        for p in 1..=3u8 {
            let b = box_number(k, p);
            assert_eq!(i32::from(b), arith(i32::from(k), i32::from(p)));
            assert_eq!(b + box_number(4 - k, 4 - p), 10);
            if k < 3 {
                assert!(box_number(k + 1, p) > b);
            }
            if p < 3 {
                assert!(box_number(k, p + 1) > b);
            }
        }
    }
    // equal k+p: higher potensial gets the higher number
    assert!(box_number(1, 3) > box_number(2, 2) && box_number(2, 2) > box_number(3, 1));
    assert!(box_number(2, 3) > box_number(3, 2));
    assert!(box_number(1, 2) > box_number(2, 1));
}

/// PermenPANRB 3/2020 jo 20/2025, Lampiran: descriptions, pools (KRS instansi = 7, 8, 9; nasional = 9) and follow-ups.
#[test]
fn boxes_descriptions_pools_follow_ups() {
    let g = Grid::asn();
    let d = |n: u16| g.box_def(n).unwrap();
    assert_eq!(d(9).description.id, "Kinerja di atas ekspektasi dan potensial tinggi");
    assert_eq!(d(8).description.id, "Kinerja sesuai ekspektasi dan potensial tinggi");
    assert_eq!(d(7).description.id, "Kinerja di atas ekspektasi dan potensial menengah");
    assert_eq!(d(6).description.id, "Kinerja di bawah ekspektasi dan potensial tinggi");
    assert_eq!(d(5).description.id, "Kinerja sesuai ekspektasi dan potensial menengah");
    assert_eq!(d(4).description.id, "Kinerja di atas ekspektasi dan potensial rendah");
    assert_eq!(d(3).description.id, "Kinerja di bawah ekspektasi dan potensial menengah");
    assert_eq!(d(2).description.id, "Kinerja sesuai ekspektasi dan potensial rendah");
    assert_eq!(d(1).description.id, "Kinerja di bawah ekspektasi dan potensial rendah");
    for n in 1..=9u16 {
        let pools = &d(n).talent_pool;
        assert_eq!(pools.contains(&Pool::Instansi), n >= 7, "box {n} instansi");
        assert_eq!(pools.contains(&Pool::Nasional), n == 9, "box {n} nasional");
    }
    assert_eq!(
        d(9).follow_up,
        ["dipromosikan dan dipertahankan", "masuk kelompok rencana suksesi instansi/nasional", "penghargaan"]
    );
    assert_eq!(
        d(8).follow_up,
        ["dipertahankan", "masuk kelompok rencana suksesi instansi", "rotasi/perluasan jabatan", "bimbingan kinerja"]
    );
    assert_eq!(
        d(7).follow_up,
        [
            "dipertahankan",
            "masuk kelompok rencana suksesi instansi",
            "rotasi/pengayaan jabatan",
            "pengembangan kompetensi",
            "tugas belajar"
        ]
    );
    assert_eq!(d(6).follow_up, ["penempatan yang sesuai", "bimbingan kinerja", "konseling kinerja"]);
    assert_eq!(d(5).follow_up, ["penempatan yang sesuai", "bimbingan kinerja", "pengembangan kompetensi"]);
    assert_eq!(d(4).follow_up, ["rotasi", "pengembangan kompetensi"]);
    assert_eq!(
        d(3).follow_up,
        ["bimbingan kinerja", "konseling kinerja", "pengembangan kompetensi", "penempatan yang sesuai"]
    );
    assert_eq!(d(2).follow_up, ["bimbingan kinerja", "pengembangan kompetensi", "penempatan yang sesuai"]);
    assert_eq!(d(1).follow_up, ["diproses sesuai ketentuan peraturan perundang-undangan"]);
    assert!(g.check("grid").is_empty());
}

/// PermenPANRB 6/2022: the predikat matrix, all nine cells.
#[test]
fn predikat_matrix() {
    use Predikat as P;
    use Rating::*;
    let cells = [
        // (hasil kerja, perilaku kerja, predikat)
        (DiAtasEkspektasi, DiBawahEkspektasi, P::Kurang),
        (DiAtasEkspektasi, SesuaiEkspektasi, P::Baik),
        (DiAtasEkspektasi, DiAtasEkspektasi, P::SangatBaik),
        (SesuaiEkspektasi, DiBawahEkspektasi, P::Kurang),
        (SesuaiEkspektasi, SesuaiEkspektasi, P::Baik),
        (SesuaiEkspektasi, DiAtasEkspektasi, P::Baik),
        (DiBawahEkspektasi, DiBawahEkspektasi, P::SangatKurang),
        (DiBawahEkspektasi, SesuaiEkspektasi, P::ButuhPerbaikan),
        (DiBawahEkspektasi, DiAtasEkspektasi, P::ButuhPerbaikan),
    ];
    for (r, b, p) in cells {
        assert_eq!(predikat(r, b), p, "{r} / {b}");
    }
    // ordering Sangat Baik > Baik > Butuh Perbaikan > Kurang/Misconduct > Sangat Kurang
    assert!(
        P::SangatBaik > P::Baik
            && P::Baik > P::ButuhPerbaikan
            && P::ButuhPerbaikan > P::Kurang
            && P::Kurang > P::SangatKurang
    );
}

#[test]
fn official_labels_accepted() {
    assert_eq!(Predikat::parse("Sangat Baik"), Some(Predikat::SangatBaik));
    assert_eq!(Predikat::parse("Kurang/Misconduct"), Some(Predikat::Kurang));
    assert_eq!(Predikat::parse("BUTUH PERBAIKAN"), Some(Predikat::ButuhPerbaikan));
    assert_eq!(Rating::parse("Di Atas Ekspektasi"), Some(Rating::DiAtasEkspektasi));
    assert_eq!(meritkit::rank::Rank::parse("III/a").map(|r| r.code()), Some("iii_a"));
    assert_eq!(meritkit::rank::Rank::parse("Penata Muda").map(|r| r.code()), Some("iii_a"));
    assert_eq!(meritkit::rank::Rank::parse("IX").map(|r| r.code()), Some("pppk_ix"));
    assert_eq!(meritkit::rank::Golongan::IVE.ordinal(), 17);
    assert_eq!(meritkit::rank::Golongan::IIIA.ordinal(), 9);
    assert_eq!(meritkit::rank::Golongan::IVB.pangkat(), "Pembina Tingkat I");
    assert_eq!(meritkit::position::PositionKind::parse("JPT Pratama").map(|k| k.code()), Some("jpt_pratama"));
    assert_eq!(meritkit::rank::Education::parse("D-IV").map(|e| e.code()), Some("d4"));
    assert_eq!(meritkit::rank::Education::D4.qualification_rank(), meritkit::rank::Education::S1.qualification_rank());
    assert!(Predikat::parse("Bagus").is_none());
}

/// Peraturan BKN 26/2019: JPM categories at their boundaries (lower bounds inclusive, unrounded).
#[test]
fn jpm_categories_at_boundaries() {
    use MappingCategory as M;
    use SelectionCategory as S;
    assert_eq!(S::of(80.0), S::MemenuhiSyarat);
    assert_eq!(S::of(79.999_999), S::MasihMemenuhiSyarat);
    assert_eq!(S::of(68.0), S::MasihMemenuhiSyarat);
    assert_eq!(S::of(67.999_999), S::KurangMemenuhiSyarat);
    assert_eq!(M::of(90.0), M::Optimal);
    assert_eq!(M::of(89.999_999), M::CukupOptimal);
    assert_eq!(M::of(78.0), M::CukupOptimal);
    assert_eq!(M::of(77.999_999), M::KurangOptimal);
    // 79.99 would display as 80.0 but must classify as MMS
    assert_eq!(S::of(79.99), S::MasihMemenuhiSyarat);
}

#[test]
fn jpm_formula_and_caps() {
    // required 3,3 ; attained 4,2 : Σa/Σr = 6/6
    let pairs = [(4.0, 3.0), (2.0, 3.0)];
    assert_eq!(jpm(pairs, JpmCap::CapTotal), Some(100.0));
    assert_eq!(jpm(pairs, JpmCap::None), Some(100.0));
    assert!((jpm(pairs, JpmCap::CapEach).unwrap() - 5.0 / 6.0 * 100.0).abs() < 1e-12);
    // 138.89 % case: attained 5 where 3.6 required on average
    let over = [(5.0, 3.0), (5.0, 3.0), (5.0, 3.0)];
    assert_eq!(jpm(over, JpmCap::CapTotal), Some(100.0));
    assert!((jpm(over, JpmCap::None).unwrap() - 500.0 / 3.0).abs() < 1e-9);
    assert_eq!(jpm(std::iter::empty(), JpmCap::CapTotal), None);
}

/// Perka BKN 22/2007: NIP layout.
#[test]
fn nip_valid_pns() {
    let n = Nip::parse("196502222007011005", None).unwrap();
    assert_eq!(n.kind(), NipKind::Pns);
    assert_eq!(n.birth_date(), jiff::civil::date(1965, 2, 22));
    assert_eq!((n.appointment_year(), n.appointment_month()), (2007, Some(1)));
    assert_eq!(n.sex(), Sex::Male);
    assert_eq!(n.serial(), 5);
    let f = Nip::parse("198703122010012001", None).unwrap();
    assert_eq!(f.sex(), Sex::Female);
}

#[test]
fn nip_pppk_form() {
    let n = Nip::parse("200012312024211001", None).unwrap();
    assert_eq!(n.kind(), NipKind::Pppk);
    assert_eq!(n.birth_date(), jiff::civil::date(2000, 12, 31));
    assert_eq!(n.appointment_year(), 2024);
    assert_eq!(n.appointment_month(), None);
    assert_eq!(n.pppk_batch(), Some(1));
    assert_eq!(n.sex(), Sex::Male);
    assert_eq!(n.serial(), 1);
}

#[test]
fn nip_invalid_cases() {
    let code = |s: &str| Nip::parse(s, Some(jiff::civil::date(2026, 1, 1))).unwrap_err().code;
    assert_eq!(code("19650222200701100"), Code::NipFormat); // 17 digits
    assert_eq!(code("1965022220070110051"), Code::NipFormat); // 19 digits
    assert_eq!(code("19650222200701100A"), Code::NipFormat);
    assert_eq!(code("196502302007011005"), Code::NipBirthDate); // 30 February
    assert_eq!(code("196513012007011005"), Code::NipBirthDate); // month 13
    assert_eq!(code("203001012007011005"), Code::NipBirthDate); // born in the future
    assert_eq!(code("196502222007131005"), Code::NipAppointment); // TMT month 13
    assert_eq!(code("196502222007001005"), Code::NipAppointment); // TMT month 00
    assert_eq!(code("196502222007013005"), Code::NipSexDigit); // sex digit 3
    assert_eq!(code("196502222007010005"), Code::NipSexDigit); // sex digit 0
    assert_eq!(code("199003151989011002"), Code::NipAppointmentBeforeBirth);
    assert_eq!(code("196502222007011000"), Code::NipSerial);
    // NIK rule (day + 40 for women) does not apply: day 62 is invalid in a NIP
    assert_eq!(code("196502622007012005"), Code::NipBirthDate);
}

#[test]
fn nip_error_messages_carry_no_personal_data() {
    for bad in ["19650222200701100", "196502302007011005", "196502222007013005"] {
        let p = Nip::parse(bad, None).unwrap_err();
        assert!(!p.message.en.contains(bad) && !p.message.id.contains(bad));
        assert!(!p.message.en.contains("19650222"));
    }
}

#[test]
fn retirement_ages_pp_11_2017_ps_239() {
    use meritkit::position::PositionKind::*;
    assert_eq!(Administrator.retirement_age(), 58);
    assert_eq!(AhliMuda.retirement_age(), 58);
    assert_eq!(Terampil.retirement_age(), 58);
    assert_eq!(JptPratama.retirement_age(), 60);
    assert_eq!(AhliMadya.retirement_age(), 60);
    assert_eq!(AhliUtama.retirement_age(), 65);
}

#[test]
fn skj_preset_levels() {
    use meritkit::competency::preset_required_level as lvl;
    use meritkit::position::PositionKind::*;
    assert_eq!((lvl(JptUtama), lvl(JptMadya), lvl(JptPratama)), (5, 5, 4));
    assert_eq!((lvl(Administrator), lvl(Pengawas), lvl(Pelaksana)), (3, 2, 1));
    assert_eq!((lvl(AhliUtama), lvl(AhliMadya), lvl(AhliMuda), lvl(AhliPertama)), (4, 3, 2, 1));
    assert_eq!(meritkit::competency::preset_standard(Administrator).len(), 9);
}
