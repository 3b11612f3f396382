//! Rank (golongan/ruang, PP 99/2000 jo PP 12/2002; PPPK golongan, Perpres 98/2020)
//! and education level.

use crate::labeled_enum;

labeled_enum! {
    /// PNS golongan/ruang I/a .. IV/e, ordered (ordinal I/a = 1 .. IV/e = 17).
    /// Pangkat names are accepted on input ("Penata Muda" = III/a).
    pub enum Golongan {
        IA = ("i_a", "I/a", "Juru Muda"),
        IB = ("i_b", "I/b", "Juru Muda Tingkat I"),
        IC = ("i_c", "I/c", "Juru"),
        ID = ("i_d", "I/d", "Juru Tingkat I"),
        IIA = ("ii_a", "II/a", "Pengatur Muda"),
        IIB = ("ii_b", "II/b", "Pengatur Muda Tingkat I"),
        IIC = ("ii_c", "II/c", "Pengatur"),
        IID = ("ii_d", "II/d", "Pengatur Tingkat I"),
        IIIA = ("iii_a", "III/a", "Penata Muda"),
        IIIB = ("iii_b", "III/b", "Penata Muda Tingkat I"),
        IIIC = ("iii_c", "III/c", "Penata"),
        IIID = ("iii_d", "III/d", "Penata Tingkat I"),
        IVA = ("iv_a", "IV/a", "Pembina"),
        IVB = ("iv_b", "IV/b", "Pembina Tingkat I"),
        IVC = ("iv_c", "IV/c", "Pembina Utama Muda"),
        IVD = ("iv_d", "IV/d", "Pembina Utama Madya"),
        IVE = ("iv_e", "IV/e", "Pembina Utama"),
    }
}

const PANGKAT: [&str; 17] = [
    "Juru Muda",
    "Juru Muda Tingkat I",
    "Juru",
    "Juru Tingkat I",
    "Pengatur Muda",
    "Pengatur Muda Tingkat I",
    "Pengatur",
    "Pengatur Tingkat I",
    "Penata Muda",
    "Penata Muda Tingkat I",
    "Penata",
    "Penata Tingkat I",
    "Pembina",
    "Pembina Tingkat I",
    "Pembina Utama Muda",
    "Pembina Utama Madya",
    "Pembina Utama",
];

impl Golongan {
    /// Ordinal: I/a = 1 .. IV/e = 17.
    pub fn ordinal(self) -> u8 {
        (self as u8) + 1
    }
    /// Pangkat (rank title), PP 99/2000 jo PP 12/2002.
    pub fn pangkat(self) -> &'static str {
        PANGKAT[self as usize]
    }
    /// From the ordinal 1..=17.
    pub fn from_ordinal(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }
}

labeled_enum! {
    /// PPPK golongan I .. XVII (Perpres 98/2020). A separate ordered type: its
    /// equivalence with PNS ruang is not established.
    pub enum PppkGolongan {
        I = ("pppk_i", "PPPK I", "I"), II = ("pppk_ii", "PPPK II", "II"), III = ("pppk_iii", "PPPK III", "III"),
        IV = ("pppk_iv", "PPPK IV", "IV"), V = ("pppk_v", "PPPK V", "V"), VI = ("pppk_vi", "PPPK VI", "VI"),
        VII = ("pppk_vii", "PPPK VII", "VII"), VIII = ("pppk_viii", "PPPK VIII", "VIII"), IX = ("pppk_ix", "PPPK IX", "IX"),
        X = ("pppk_x", "PPPK X", "X"), XI = ("pppk_xi", "PPPK XI", "XI"), XII = ("pppk_xii", "PPPK XII", "XII"),
        XIII = ("pppk_xiii", "PPPK XIII", "XIII"), XIV = ("pppk_xiv", "PPPK XIV", "XIV"), XV = ("pppk_xv", "PPPK XV", "XV"),
        XVI = ("pppk_xvi", "PPPK XVI", "XVI"), XVII = ("pppk_xvii", "PPPK XVII", "XVII"),
    }
}

impl PppkGolongan {
    /// Ordinal 1..=17.
    pub fn ordinal(self) -> u8 {
        (self as u8) + 1
    }
}

/// A rank: PNS golongan/ruang or PPPK golongan. The two are never compared
/// with each other (ordering only within the same kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rank {
    /// PNS golongan/ruang.
    Pns(Golongan),
    /// PPPK golongan.
    Pppk(PppkGolongan),
}

impl Rank {
    /// Parses "III/a", "iii_a", "Penata Muda", "IX", "pppk_ix".
    pub fn parse(s: &str) -> Option<Rank> {
        Golongan::parse(s).map(Rank::Pns).or_else(|| PppkGolongan::parse(s).map(Rank::Pppk))
    }
    /// Wire code.
    pub fn code(self) -> &'static str {
        match self {
            Rank::Pns(g) => g.code(),
            Rank::Pppk(g) => g.code(),
        }
    }
    /// Official label ("III/a", "PPPK IX").
    pub fn label(self) -> &'static str {
        match self {
            Rank::Pns(g) => g.label(),
            Rank::Pppk(g) => g.label(),
        }
    }
    /// Compares ranks of the same kind; `None` across PNS and PPPK.
    pub fn partial_cmp_same_kind(self, other: Rank) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Rank::Pns(a), Rank::Pns(b)) => Some(a.cmp(&b)),
            (Rank::Pppk(a), Rank::Pppk(b)) => Some(a.cmp(&b)),
            _ => None,
        }
    }
}

#[cfg(feature = "tsify")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_RANK: &'static str = "/** PNS golongan/ruang (`iii_a`, \"III/a\") or PPPK golongan (`pppk_ix`, \"IX\"). */\nexport type Rank = Golongan | PppkGolongan;";

impl serde::Serialize for Rank {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Rank {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Rank;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a PNS golongan/ruang (I/a .. IV/e) or a PPPK golongan (I .. XVII)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rank, E> {
                Rank::parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
}

impl schemars::JsonSchema for Rank {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rank".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "PNS golongan/ruang (\"III/a\" or \"iii_a\", or the pangkat name) or PPPK golongan (\"IX\" or \"pppk_ix\")"
        })
    }
}

labeled_enum! {
    /// Education level, ordered `sd` < `smp` < `sma` < `d1` < `d2` < `d3` < `d4` < `s1` < `s2` < `s3`.
    pub enum Education {
        Sd = ("sd", "SD", "Sekolah Dasar"),
        Smp = ("smp", "SMP", "SLTP"),
        Sma = ("sma", "SMA", "SLTA", "SMK", "MA"),
        D1 = ("d1", "D-I", "DI", "Diploma I"),
        D2 = ("d2", "D-II", "DII", "Diploma II"),
        D3 = ("d3", "D-III", "DIII", "Diploma III"),
        D4 = ("d4", "D-IV", "DIV", "Diploma IV"),
        S1 = ("s1", "S-1", "Sarjana"),
        S2 = ("s2", "S-2", "Magister"),
        S3 = ("s3", "S-3", "Doktor"),
    }
}

impl Education {
    /// Rank used for "minimum S1/D-IV" rules, where D-IV counts as S1
    /// (PP 11/2017 Ps. 54, 107): `d4` and `s1` compare equal here.
    pub fn qualification_rank(self) -> u8 {
        match self {
            Education::Sd => 0,
            Education::Smp => 1,
            Education::Sma => 2,
            Education::D1 => 3,
            Education::D2 => 4,
            Education::D3 => 5,
            Education::D4 | Education::S1 => 6,
            Education::S2 => 7,
            Education::S3 => 8,
        }
    }
}

labeled_enum! {
    /// Eselon of a structural position (PP 100/2000 jo PP 13/2002, Lampiran).
    /// Under UU 5/2014 Ps. 131 JPT Utama/Madya = I.a/I.b, JPT Pratama =
    /// II.a/II.b, Administrator = III.a/III.b, Pengawas = IV.a/IV.b.
    pub enum Eselon {
        IA = ("i_a", "I.a", "Ia", "I/a"),
        IB = ("i_b", "I.b", "Ib", "I/b"),
        IIA = ("ii_a", "II.a", "IIa", "II/a"),
        IIB = ("ii_b", "II.b", "IIb", "II/b"),
        IIIA = ("iii_a", "III.a", "IIIa", "III/a"),
        IIIB = ("iii_b", "III.b", "IIIb", "III/b"),
        IVA = ("iv_a", "IV.a", "IVa", "IV/a"),
        IVB = ("iv_b", "IV.b", "IVb", "IV/b"),
        VA = ("v_a", "V.a", "Va", "V/a"),
    }
}

/// The one eselon table: lowest and highest pangkat of each eselon
/// (PP 100/2000 jo PP 13/2002, Lampiran), in [`Eselon`] order.
const ESELON_RANGE: [(Golongan, Golongan); 9] = [
    (Golongan::IVD, Golongan::IVE),
    (Golongan::IVC, Golongan::IVE),
    (Golongan::IVC, Golongan::IVD),
    (Golongan::IVB, Golongan::IVC),
    (Golongan::IVA, Golongan::IVB),
    (Golongan::IIID, Golongan::IVA),
    (Golongan::IIIC, Golongan::IIID),
    (Golongan::IIIB, Golongan::IIIC),
    (Golongan::IIIA, Golongan::IIIB),
];

impl Eselon {
    /// Lowest pangkat of the eselon (PP 100/2000 jo PP 13/2002, Lampiran).
    pub fn lowest(self) -> Golongan {
        ESELON_RANGE[self as usize].0
    }
    /// Highest pangkat of the eselon.
    pub fn highest(self) -> Golongan {
        ESELON_RANGE[self as usize].1
    }
    /// The rank floor for appointment: one step below the lowest pangkat
    /// (PP 100/2000 jo PP 13/2002 Ps. 5 huruf b, "serendah-rendahnya 1 (satu)
    /// tingkat di bawah jenjang pangkat yang ditentukan").
    ///
    /// ```
    /// use meritkit::rank::{Eselon, Golongan};
    /// assert_eq!(Eselon::IA.rank_floor(), Golongan::IVC); // JPT Utama / Madya
    /// assert_eq!(Eselon::IB.rank_floor(), Golongan::IVB); // e.g. a provincial Sekda
    /// assert_eq!(Eselon::IIB.rank_floor(), Golongan::IVA); // e.g. a kabupaten Kepala Dinas
    /// assert_eq!(Eselon::IIIB.rank_floor(), Golongan::IIIC);
    /// assert_eq!(Eselon::IVB.rank_floor(), Golongan::IIIA);
    /// ```
    pub fn rank_floor(self) -> Golongan {
        let low = self.lowest();
        Golongan::from_ordinal(low.ordinal() - 1).unwrap_or(low)
    }
    /// The eselon assumed for a position kind when neither the position nor
    /// the policy gives one: the higher eselon of the kind for JPT (I.a, II.a:
    /// the rank asked in open selections), the lower one for Jabatan
    /// Administrasi (III.b, IV.b: the floor most agencies apply). `None` for
    /// kinds without an eselon (JF, pelaksana).
    pub fn assumed_for(kind: crate::position::PositionKind) -> Option<Eselon> {
        use crate::position::PositionKind::*;
        match kind {
            JptUtama | JptMadya => Some(Eselon::IA),
            JptPratama => Some(Eselon::IIA),
            Administrator => Some(Eselon::IIIB),
            Pengawas => Some(Eselon::IVB),
            _ => None,
        }
    }
}
