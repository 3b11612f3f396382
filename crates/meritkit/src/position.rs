//! Position kinds (jenis jabatan): JPT, Jabatan Administrasi, Jabatan Fungsional.
//!
//! Categories per UU 5/2014 and UU 20/2023; JF levels per PermenPANRB 1/2023.

use crate::labeled_enum;

labeled_enum! {
    /// The kind of position (jabatan). Ordered as declared (not a seniority order across tracks).
    pub enum PositionKind {
        /// JPT Utama (eselon I.a, kepala LPNK).
        JptUtama = ("jpt_utama", "JPT Utama", "Jabatan Pimpinan Tinggi Utama"),
        /// JPT Madya (eselon I.a / I.b).
        JptMadya = ("jpt_madya", "JPT Madya", "Jabatan Pimpinan Tinggi Madya"),
        /// JPT Pratama (eselon II.a / II.b).
        JptPratama = ("jpt_pratama", "JPT Pratama", "Jabatan Pimpinan Tinggi Pratama"),
        /// Administrator (eselon III).
        Administrator = ("administrator", "Administrator", "Jabatan Administrator"),
        /// Pengawas (eselon IV).
        Pengawas = ("pengawas", "Pengawas", "Jabatan Pengawas"),
        /// Pelaksana (eselon V and fungsional umum).
        Pelaksana = ("pelaksana", "Pelaksana", "Jabatan Pelaksana", "Fungsional Umum"),
        /// JF Ahli Utama.
        AhliUtama = ("ahli_utama", "JF Ahli Utama", "Ahli Utama"),
        /// JF Ahli Madya.
        AhliMadya = ("ahli_madya", "JF Ahli Madya", "Ahli Madya"),
        /// JF Ahli Muda.
        AhliMuda = ("ahli_muda", "JF Ahli Muda", "Ahli Muda"),
        /// JF Ahli Pertama.
        AhliPertama = ("ahli_pertama", "JF Ahli Pertama", "Ahli Pertama"),
        /// JF Penyelia.
        Penyelia = ("penyelia", "JF Penyelia", "Penyelia"),
        /// JF Mahir.
        Mahir = ("mahir", "JF Mahir", "Mahir"),
        /// JF Terampil.
        Terampil = ("terampil", "JF Terampil", "Terampil"),
        /// JF Pemula.
        Pemula = ("pemula", "JF Pemula", "Pemula"),
    }
}

impl PositionKind {
    /// Mandatory retirement age (BUP), PP 11/2017 Ps. 239: 58 for pejabat
    /// administrasi, JF ahli muda/pertama and JF keterampilan; 60 for JPT and
    /// JF ahli madya; 65 for JF ahli utama. Sectoral laws (guru, dosen) override.
    pub fn retirement_age(self) -> u8 {
        use PositionKind::*;
        match self {
            JptUtama | JptMadya | JptPratama | AhliMadya => 60,
            AhliUtama => 65,
            Administrator | Pengawas | Pelaksana | AhliMuda | AhliPertama | Penyelia | Mahir | Terampil | Pemula => 58,
        }
    }
    /// True for the three JPT levels.
    pub fn is_jpt(self) -> bool {
        matches!(self, PositionKind::JptUtama | PositionKind::JptMadya | PositionKind::JptPratama)
    }
    /// True for jabatan fungsional (keahlian or keterampilan).
    pub fn is_functional(self) -> bool {
        use PositionKind::*;
        matches!(self, AhliUtama | AhliMadya | AhliMuda | AhliPertama | Penyelia | Mahir | Terampil | Pemula)
    }
}
