//! Protected attributes: the one key normaliser and synonym list that every
//! user-named key goes through before it may select, rank or weight people.
//!
//! The merit system forbids selection on: latar belakang politik, ras, warna
//! kulit, agama, asal usul, jenis kelamin, status pernikahan, umur, kondisi
//! kecacatan (UU 5/2014 Ps. 1) and suku, ras, warna kulit, agama, asal-usul,
//! jenis kelamin, status pernikahan, umur, berkebutuhan khusus (UU 20/2023,
//! penjelasan Ps. 28(2) huruf d). [`GROUNDS`] is their union, each with its
//! Indonesian and English names and the abbreviations of SIMPEG / BKN data.
//!
//! **Normalisation** ([`words`]), per character of the key:
//! 1. default-ignorable, format (Cf) and combining-mark characters are dropped
//!    (zero-width spaces and joiners, soft hyphen, BOM, bidi controls, accents);
//! 2. every other letter or digit is *folded*: NFKD (full-width and other
//!    compatibility forms), combining marks dropped, lower case, the
//!    confusables skeleton of Unicode TS #39 (a Cyrillic `а` becomes `a`, `0`
//!    becomes `o`, `m` becomes `rn`), lower case, repeated to a fixed point;
//!    before lower case, a capital whose skeleton is an ASCII capital's (Greek
//!    `Μ`, Cherokee `Ꭺ`) becomes that capital, and the look-alikes TS #39
//!    misses become their letter: Latin small capitals (`ᴀɢᴀᴍᴀ`, `ꜱᴇx`),
//!    Cherokee small letters, negative circled / (negative) squared letters
//!    and regional indicators (`🆂🅴🆇`; these symbols count as letters);
//! 3. anything that is not a letter or digit is a word boundary, and so is a
//!    camelCase step (`jenisKelamin`, `TTLPegawai`);
//! 4. digits at either end of a word are dropped (`agama2`, `umur_1`).
//!
//! Step 2 is a table generated from the Unicode data of the maintained
//! `unicode-normalization`, `unicode-security` and `unicode-properties`
//! crates (`protected_fold.rs`; `tests/protected.rs` checks every code point
//! against those crates and rewrites the table with `MERITKIT_WRITE_FOLD=1`).
//! It lists only the characters whose fold is ASCII (or nothing): a key
//! matches a name only when every folded character is ASCII, so any other
//! character can stay as it is without changing an answer.
//!
//! **Matching** ([`ground`]), on the folded words of the key and of each name:
//! * a name matches when the words of one contiguous stretch of the key,
//!   joined, spell it: `agama_pegawai`, `asal_kabupaten`, `jenis_kelamin`,
//!   `jeniskelamin`, `a.g.a.m.a`, `JK-pegawai`. A name never matches *inside*
//!   a word, so `manager`, `percentage`, `prasyarat`, `usiaha` are not `age`,
//!   `ras`, `usia`;
//! * names of at least [`SUBSTRING_MIN`] letters also match inside run-together
//!   text (`jeniskelaminpegawai`, `tanggallahirnya`);
//! * the [`Ground::whole`] names match only the whole key (after an
//!   `attributes.` / `competency.` prefix): `kepercayaan` alone is religion,
//!   `tingkat_kepercayaan` (confidence level) is not;
//! * a match inside one of the [`EXCEPTIONS`] (names of institutions,
//!   positions and job competencies such as `pengadilan_agama`,
//!   `spesialis_kulit_kelamin`, `pengarusutamaan_gender`, `asal_instansi`) is
//!   not a match.
//!
//! * the key is also tried with leetspeak digits read as letters (`4`/`@`
//!   `a`, `3` `e`, `5` `s`, `7` `t`) and with doubled letters single
//!   (`umuur`, `sexx`);
//! * each word is also tried without the Indonesian / Javanese affixes that
//!   keep its meaning as a header (`agamanya`, `beragama`, `kelahiran`,
//!   `umure`; see `stem`).
//!
//! The ground named is the one of the longest matching name.
//!
//! ```
//! use meritkit::protected::ground;
//! assert_eq!(ground("jenisKelamin").unwrap().code, "jenis_kelamin");
//! assert_eq!(ground("a\u{200B}g\u{0430}ma_2").unwrap().code, "agama"); // ZWSP, Cyrillic а, digit
//! assert_eq!(ground("ＵＭＵＲ").unwrap().code, "umur");
//! assert_eq!(ground("tgl_lahir").unwrap().code, "umur");
//! assert!(ground("manager_rating").is_none());
//! assert!(ground("pengadilan_agama").is_none());
//! ```

use crate::error::{Code, Problem};

const UU5: &str = "UU 5/2014 Ps. 1";
const UU20: &str = "UU 20/2023 penjelasan Ps. 28(2) huruf d";
const BOTH: &str = "UU 5/2014 Ps. 1 and UU 20/2023 penjelasan Ps. 28(2) huruf d";

/// One protected ground: its canonical code, the law(s) that protect it and
/// the names that denote it (written snake_case; compared after [`words`]).
#[derive(Debug)]
pub struct Ground {
    /// Canonical code (`agama`, `jenis_kelamin`, ...).
    pub code: &'static str,
    /// The law(s).
    pub law: &'static str,
    /// Names matched as a stretch of words anywhere in a key.
    pub names: &'static [&'static str],
    /// Names matched only as the whole key (ordinary words elsewhere).
    pub whole: &'static [&'static str],
    /// Category values matched only as a whole *value* of a rule ([`value_ground`]),
    /// never in keys: they are also places or ordinary words (`jawa` in `jawa_barat`).
    pub values: &'static [&'static str],
}

/// The guarded union, with its Indonesian and English names.
pub const GROUNDS: &[Ground] = &[
    Ground {
        code: "politik",
        law: UU5,
        names: &[
            "politik",
            "latar_belakang_politik",
            "afiliasi_politik",
            "pilihan_politik",
            "partai",
            "partai_politik",
            "parpol",
            "political",
            "politics",
            "political_affiliation",
            "political_party",
            "kepartaian",
            "simpatisan_partai",
            "pilihan_capres",
            "pilihan_pemilu",
            "ormas",
        ],
        whole: &["party", "afiliasi"],
        values: &[],
    },
    Ground {
        code: "suku",
        law: UU20,
        names: &[
            "etns",
            "suku",
            "suku_bangsa",
            "etnis",
            "etnik",
            "etnisitas",
            "kesukuan",
            "ethnicity",
            "ethnic",
            "ethnic_group",
            "tribe",
            "tribal",
            "marga",
            "tionghoa",
            "chinese",
            "keturunan",
            "wni_keturunan",
            "pribumi",
            "non_pribumi",
            "bumiputera",
            "bumiputra",
            "orang_asli",
            "indigenous",
            "ancestry",
            "descent",
            "bahasa_ibu",
            "mother_tongue",
        ],
        whole: &[],
        values: &[
            "jawa",
            "sunda",
            "batak",
            "minang",
            "minangkabau",
            "bugis",
            "madura",
            "betawi",
            "dayak",
            "melayu",
            "banjar",
            "toraja",
            "sasak",
            "ambon",
            "arab",
            "keturunan_arab",
            "keturunan_tionghoa",
            "cina",
        ],
    },
    Ground { code: "ras", law: BOTH, names: &["ras", "rasial", "race", "racial"], whole: &[], values: &[] },
    Ground {
        code: "warna_kulit",
        law: BOTH,
        names: &[
            "warna_kulit",
            "kulit_putih",
            "kulit_hitam",
            "kulit_sawo",
            "skin_colour",
            "skin_color",
            "skin_tone",
            "skin",
            "complexion",
        ],
        whole: &["colour", "color", "warna", "kulit"],
        values: &[],
    },
    Ground {
        code: "agama",
        law: BOTH,
        names: &[
            "agm",
            "rlgn",
            "jilbab",
            "hijab",
            "kerudung",
            "status_haji",
            "sudah_haji",
            "agama",
            "keagamaan",
            "religi",
            "religion",
            "religious",
            "aliran_kepercayaan",
            "penghayat_kepercayaan",
            "denomination",
            "religius",
            "religiusitas",
            "religiosity",
            "muslim",
            "non_muslim",
            "islam",
            "kristen",
            "nasrani",
            "katolik",
            "protestan",
            "hindu",
            "buddha",
            "budha",
            "konghucu",
            "khonghucu",
            "ibadah",
            "agamawan",
            "christian",
            "catholic",
            "buddhist",
            "jewish",
        ],
        whole: &["haji", "kepercayaan", "keyakinan", "faith", "belief", "beliefs"],
        values: &[],
    },
    Ground {
        code: "asal_usul",
        law: BOTH,
        names: &[
            "asal_usul",
            "asal",
            "daerah_asal",
            "asal_daerah",
            "putra_daerah",
            "putri_daerah",
            "kampung_halaman",
            "tempat_lahir",
            "tmp_lahir",
            "tmpt_lahir",
            "tpt_lahir",
            "tempat_lhr",
            "kota_lahir",
            "kabupaten_lahir",
            "provinsi_lahir",
            "negara_lahir",
            "daerah_lahir",
            "place_of_origin",
            "country_of_origin",
            "national_origin",
            "ethnic_origin",
            "place_of_birth",
            "birthplace",
            "birth_place",
            "pob",
            "hometown",
            "home_town",
            "anak_daerah",
            "native",
            "putra_putri_daerah",
        ],
        whole: &["origin"],
        values: &[],
    },
    Ground {
        code: "jenis_kelamin",
        law: BOTH,
        names: &[
            "jns_klmn",
            "jns_kel",
            "jns_kelamin",
            "gndr",
            "jenis_kelamin",
            "kelamin",
            "jk",
            "jns_kel",
            "jns_kelamin",
            "jenkel",
            "sex",
            "gender",
            "pria_wanita",
            "laki_perempuan",
            "jenis_kel",
            "jkel",
            "seks",
            "jender",
            "perempuan",
            "wanita",
            "pria",
            "laki",
            "laki_laki",
            "lelaki",
            "female",
            "male",
            "is_female",
            "is_male",
            "women",
            "woman",
            "ibu_ibu",
            "bapak_bapak",
            "hamil",
            "kehamilan",
            "pregnant",
            "pregnancy",
        ],
        whole: &["lp", "man", "men", "kel"],
        values: &[],
    },
    Ground {
        code: "status_pernikahan",
        law: BOTH,
        names: &[
            "sts_nkh",
            "sts_nikah",
            "sts_kawin",
            "berkeluarga",
            "status_pernikahan",
            "status_perkawinan",
            "status_kawin",
            "status_nikah",
            "jenis_kawin",
            "pernikahan",
            "perkawinan",
            "kawin",
            "nikah",
            "menikah",
            "janda",
            "duda",
            "lajang",
            "marital",
            "marital_status",
            "married",
            "marriage",
            "spouse",
            "has_spouse",
            "istri",
            "isteri",
            "suami",
            "sts_kwn",
            "kwn",
            "civil_status",
            "status_keluarga",
            "bujang",
            "belum_kawin",
            "tanggungan_istri",
            "wife",
            "husband",
            "unmarried",
            "widow",
            "widowed",
            "divorced",
            "cerai",
        ],
        whole: &["single", "pasangan"],
        values: &[],
    },
    Ground {
        code: "umur",
        law: BOTH,
        names: &[
            "bday",
            "umur",
            "usia",
            "age",
            "lahir",
            "lhr",
            "tanggal_lahir",
            "tgl_lahir",
            "tgl_lhr",
            "tahun_lahir",
            "thn_lahir",
            "tempat_tanggal_lahir",
            "tempat_tgl_lahir",
            "ttl",
            "birth",
            "birthdate",
            "birth_date",
            "date_of_birth",
            "birthday",
            "birth_year",
            "year_of_birth",
            "dob",
            "age_band",
            "age_group",
            "kelahiran",
            "tanggal_kelahiran",
            "tgl_kelahiran",
            "tahun_kelahiran",
            "thn_kelahiran",
            "born",
            "born_year",
            "year_born",
            "yob",
            "years_old",
            "generasi",
            "generation",
            "angkatan_lahir",
            "millennial",
            "milenial",
            "boomer",
            "gen_z",
            "lansia",
        ],
        whole: &[],
        values: &[],
    },
    Ground {
        code: "disabilitas",
        law: BOTH,
        names: &[
            "disabilitas",
            "penyandang_disabilitas",
            "difabel",
            "disabel",
            "kecacatan",
            "kondisi_kecacatan",
            "cacat",
            "berkebutuhan_khusus",
            "kebutuhan_khusus",
            "tunanetra",
            "tunarungu",
            "tunawicara",
            "tunadaksa",
            "tunagrahita",
            "disability",
            "disabilities",
            "handicap",
            "handicapped",
            "impairment",
            "special_needs",
            "difable",
            "diffable",
            "buta",
            "tuli",
            "bisu",
            "lumpuh",
            "kursi_roda",
            "wheelchair",
            "blind",
            "deaf",
            "abk",
            "pwd",
            "tuna_netra",
            "tuna_rungu",
            "tuna_wicara",
            "tuna_daksa",
            "disable",
            "cacat_fisik",
            "kondisi_fisik",
            "kesehatan_jiwa",
            "gangguan_jiwa",
        ],
        whole: &["disabled"],
        values: &[],
    },
];

/// Phrases whose words are not a protected attribute although they contain
/// a name: institutions, positions, job competencies, ordinary compounds.
pub const EXCEPTIONS: &[&str] = &[
    // agama: institutions, functional positions and school subjects, not the employee's religion.
    "kementerian_agama",
    "pengadilan_agama",
    "peradilan_agama",
    "penyuluh_agama",
    "penyuluhan_agama",
    "pendidikan_agama",
    // jenis_kelamin: medical specialties and gender mainstreaming (a job competency, PUG).
    "kulit_kelamin",
    "kulit_dan_kelamin",
    "penyakit_kelamin",
    "pengarusutamaan_gender",
    "responsif_gender",
    "kesetaraan_gender",
    "gender_mainstreaming",
    "gender_responsive",
    "gender_equality",
    // asal: where a transfer or a qualification comes from, not the person's origin.
    "asal_instansi",
    "instansi_asal",
    "asal_unit",
    "unit_asal",
    "unit_kerja_asal",
    "asal_jabatan",
    "jabatan_asal",
    "asal_opd",
    "opd_asal",
    "asal_satker",
    "satker_asal",
    "asal_sekolah",
    "sekolah_asal",
    "asal_perguruan_tinggi",
    "perguruan_tinggi_asal",
    "asal_universitas",
    "universitas_asal",
    "asal_data",
    "sumber_asal",
    "asal_dana",
    "sumber_dana_asal",
    "asal_anggaran",
    "asal_sk",
    "asal_surat",
    // suku: interest rate, spare parts.
    "suku_bunga",
    "suku_cadang",
    // politik: a field of study.
    "ilmu_politik",
    "political_science",
    // agama (islam): fields of study and institutions.
    "pendidikan_agama_islam",
    "universitas_islam",
    "hukum_islam",
    "ekonomi_islam",
    "studi_islam",
    "perbankan_islam",
    // agama: names of universities (a degree's origin, not the employee's religion).
    "universitas_kristen",
    "universitas_katolik",
    "universitas_hindu",
    "institut_agama",
    "sekolah_tinggi_agama",
    // suku (marga): wildlife (kehutanan positions).
    "marga_satwa",
    "suaka_marga_satwa",
    // umur (generation): renewal, not a birth cohort.
    "regeneration",
    "regenerasi",
];

/// Names of at least this many letters also match inside run-together words.
pub const SUBSTRING_MIN: usize = 9;

/// Ordinary personnel words that a header runs together with a name
/// (`agamapegawai`, `usiaasn`, `statusnikahasn`, `sukuibu`, `kodeJK`): a key
/// (or a stretch of its words) that splits *completely* into these words,
/// digits and at least one protected name (not a [`Ground::whole`] one, not
/// inside an [`EXCEPTIONS`] phrase) names that ground. The words are at least
/// two letters long and are not the second half of an exception
/// (`bunga`, `cadang`, `instansi` are absent on purpose), so `sukubunga`,
/// `rasio`, `usaha`, `passage`, `agamawan` still pass: a name never matches
/// inside a word whose rest is not a listed word. Extend with a test in
/// `tests/protected.rs` (both the refusals and the ordinary keys).
pub const JOINERS: &[&str] = &[
    // who
    "pegawai",
    "karyawan",
    "asn",
    "pns",
    "cpns",
    "pppk",
    "employee",
    "employees",
    "staff",
    "staf",
    "personel",
    "personil",
    "pejabat",
    "calon",
    "kandidat",
    "candidate",
    "orang",
    "person",
    "personal",
    "peserta",
    // family (a ground of a relative is still a ground: `sukuibu`, `agamaayah`)
    "ibu",
    "ayah",
    "bapak",
    "anak",
    "ortu",
    "keluarga",
    "pasangan",
    // what kind of field
    "data",
    "status",
    "sts",
    "kode",
    "kd",
    "code",
    "id",
    "nama",
    "nm",
    "name",
    "nomor",
    "no",
    "nip",
    "jenis",
    "tipe",
    "type",
    "kategori",
    "kat",
    "category",
    "info",
    "keterangan",
    "ket",
    "nilai",
    "value",
    "val",
    "flag",
    "is",
    "has",
    "field",
    "kolom",
    "column",
    "atribut",
    "attribute",
    "attr",
    "label",
    "kelompok",
    "group",
    "grup",
    "kelas",
    "band",
    "range",
    "rentang",
    "batas",
    "tingkat",
    "level",
    // when
    "tahun",
    "thn",
    "tanggal",
    "tgl",
    "bulan",
    "sekarang",
    "kini",
    "current",
    "saat",
    "ini",
    "awal",
    "akhir",
    "baru",
    "lama",
    "asli",
    "pensiun",
    "bup",
    // pay (`tunjanganistri`: a spouse allowance is paid to the married)
    "tunjangan",
    // Indonesian possessive written run together (`agamanyapegawai`)
    "nya",
];

/// Leading words that only say where a key lives (`attributes.agama`).
const CONTAINERS: &[&str] = &["attributes", "attribute", "attr", "atribut", "competency", "kompetensi", "gap"];

/// How a character folds: dropped, to ASCII text, or left as it is.
enum Fold {
    Drop,
    Ascii(&'static [u8]),
    Keep,
}

/// One decoded run of the fold table: `len` code points from `start`.
struct Run {
    start: u32,
    len: u32,
    tag: u8,
    at: u32,
}

fn table() -> &'static [Run] {
    static RUNS: std::sync::OnceLock<Vec<Run>> = std::sync::OnceLock::new();
    RUNS.get_or_init(|| {
        let b = crate::protected_fold::FOLD;
        let mut runs = Vec::new();
        let (mut i, mut next) = (0usize, 0u32);
        let varint = |i: &mut usize| {
            let mut v = 0u32;
            let mut shift = 0;
            while let Some(&x) = b.get(*i) {
                *i += 1;
                v |= u32::from(x & 0x7f) << shift;
                shift += 7;
                if x & 0x80 == 0 || shift > 28 {
                    break;
                }
            }
            v
        };
        while i < b.len() {
            let start = next + varint(&mut i);
            let len = varint(&mut i);
            let tag = b.get(i).copied().unwrap_or(0);
            let at = (i + 1) as u32;
            i += match tag {
                0 => 1,
                3 => 2 + usize::from(b.get(i + 1).copied().unwrap_or(0)),
                _ => 2,
            };
            next = start + len;
            runs.push(Run { start, len, tag, at });
        }
        runs
    })
}

fn fold(c: char) -> Fold {
    let u = c as u32;
    let runs = table();
    let i = runs.partition_point(|r| r.start <= u);
    if let Some(r) = i.checked_sub(1).and_then(|i| runs.get(i)) {
        if u < r.start + r.len {
            let b = crate::protected_fold::FOLD;
            let at = r.at as usize;
            return match r.tag {
                0 => Fold::Drop,
                1 => Fold::Ascii(b.get(at..at + 1).unwrap_or(&[])),
                2 => {
                    let k = b.get(at).copied().unwrap_or(0) as u32 + (u - r.start);
                    Fold::Ascii(ASCII.get(k as usize..k as usize + 1).unwrap_or(&[]))
                }
                _ => {
                    let n = usize::from(b.get(at).copied().unwrap_or(0));
                    Fold::Ascii(b.get(at + 1..at + 1 + n).unwrap_or(&[]))
                }
            };
        }
    }
    if c.is_ascii() {
        Fold::Ascii(ASCII.get(u as usize..u as usize + 1).unwrap_or(&[]))
    } else {
        Fold::Keep
    }
}

/// ASCII with upper case folded to lower case, indexed by byte.
const ASCII: &[u8; 128] = &{
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).to_ascii_lowercase();
        i += 1;
    }
    t
};

/// For tests: the fold of one character (`None`: dropped; the text; or the
/// character itself when its fold is not ASCII).
#[doc(hidden)]
pub fn fold_char(c: char) -> Option<String> {
    match fold(c) {
        Fold::Drop => None,
        Fold::Ascii(b) => Some(b.iter().map(|&x| x as char).collect()),
        Fold::Keep => Some(c.to_string()),
    }
}

/// The folded words of a key (see the module documentation).
///
/// ```
/// use meritkit::protected::words;
/// assert_eq!(words("jenisKelamin_2"), ["jenis", "kelarnin"]); // `m` folds to `rn` (TS #39)
/// assert_eq!(words("ＴＴＬ\u{00AD}Pegawai"), ["ttl", "pegawai"]);
/// ```
pub fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The current word: its text and, per source character, (end offset, numeric).
    let mut cur = String::new();
    let mut marks: Vec<(usize, bool)> = Vec::new();
    // Case of the last two letters kept in the current word (camelCase steps).
    let (mut prev, mut prev2) = (Case::Other, Case::Other);
    fn flush(cur: &mut String, marks: &mut Vec<(usize, bool)>, out: &mut Vec<String>) {
        let first = marks.iter().position(|m| !m.1);
        let last = marks.iter().rposition(|m| !m.1);
        if let (Some(f), Some(l)) = (first, last) {
            let from = if f == 0 { 0 } else { marks[f - 1].0 };
            if let Some(w) = cur.get(from..marks[l].0) {
                out.push(w.to_string());
            }
        }
        cur.clear();
        marks.clear();
    }
    for c in key.chars() {
        let f = fold(c);
        if matches!(f, Fold::Drop) {
            continue;
        }
        // A look-alike symbol of a letter (`🆂`) folds to ASCII: it is a letter here.
        let letter_look_alike = matches!(f, Fold::Ascii(_)) && !c.is_ascii();
        if !c.is_alphanumeric() && !letter_look_alike {
            flush(&mut cur, &mut marks, &mut out);
            (prev, prev2) = (Case::Other, Case::Other);
            continue;
        }
        // Upper case: a letter that lower-cases to something else (the std case
        // table the core already links, rather than two more property tables).
        let case = if c.is_ascii_uppercase() || (!c.is_ascii() && c.to_lowercase().next() != Some(c)) {
            Case::Upper
        } else {
            Case::Lower
        };
        if case == Case::Upper && prev == Case::Lower {
            flush(&mut cur, &mut marks, &mut out);
        } else if case == Case::Lower
            && !c.is_numeric()
            && prev == Case::Upper
            && prev2 == Case::Upper
            && marks.len() >= 2
        {
            // `TTLPegawai`: the last capital starts the next word.
            let cut = marks[marks.len() - 2].0;
            let (num, tail) = (marks.last().is_some_and(|m| m.1), cur.split_off(cut));
            marks.pop();
            flush(&mut cur, &mut marks, &mut out);
            cur = tail;
            marks.push((cur.len(), num));
        }
        (prev2, prev) = (prev, case);
        // Roman numerals (`ⅹ`, `Ⅿ`) are letter numbers: letters here, never digits to drop.
        let numeric = c.is_numeric() && !('\u{2160}'..='\u{2188}').contains(&c);
        match f {
            Fold::Ascii(b) => {
                for &x in b {
                    if x.is_ascii_alphanumeric() {
                        cur.push(x as char);
                    } else {
                        marks.push((cur.len(), numeric));
                        flush(&mut cur, &mut marks, &mut out);
                    }
                }
            }
            _ => cur.push(c),
        }
        marks.push((cur.len(), numeric));
    }
    flush(&mut cur, &mut marks, &mut out);
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    /// Lower case, a digit or a letter without case.
    Lower,
    /// Nothing before (start of a word).
    Other,
}

/// A name prepared for matching.
struct Name {
    ground: usize,
    text: String,
    letters: usize,
    whole: bool,
}

impl Name {
    /// Whether the name also matches inside run-together words: not `whole`,
    /// at least [`SUBSTRING_MIN`] letters.
    fn inner(&self) -> bool {
        !self.whole && self.letters >= SUBSTRING_MIN
    }
}

/// What a folded text is, in [`Prepared::pieces`].
#[derive(Clone, Default)]
struct Piece {
    /// The range of [`Prepared::names`] with this text.
    names: std::ops::Range<usize>,
    /// Some of them match inside run-together words.
    inner: bool,
    /// An exception.
    exception: bool,
    /// A joiner.
    joiner: bool,
}

struct Prepared {
    /// Sorted by text.
    names: Vec<Name>,
    /// Every name, exception and joiner text → what it is (one map: hash
    /// lookups of each stretch of a listed length).
    pieces: rustc_hash::FxHashMap<String, Piece>,
    /// The distinct lengths of the exceptions.
    exception_lens: Vec<usize>,
    /// The distinct lengths of the names matched inside run-together words
    /// (not `whole`, at least [`SUBSTRING_MIN`] letters).
    inner_lens: Vec<usize>,
    /// The distinct lengths of the names and joiners.
    piece_lens: Vec<usize>,
    /// [`CONTAINERS`], folded.
    containers: Vec<String>,
    /// The longest name or exception.
    longest: usize,
}

fn prepared() -> &'static Prepared {
    static P: std::sync::OnceLock<Prepared> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut names = Vec::new();
        for (g, gr) in GROUNDS.iter().enumerate() {
            for (list, whole) in [(gr.names, false), (gr.whole, true)] {
                for n in list {
                    let text = words(n).concat();
                    names.push(Name {
                        ground: g,
                        letters: n.chars().filter(char::is_ascii_alphanumeric).count(),
                        text,
                        whole,
                    });
                }
            }
        }
        crate::sort::stable_by(&mut names, |a, b| a.text.cmp(&b.text));
        let exceptions: Vec<String> = EXCEPTIONS.iter().map(|e| words(e).concat()).collect();
        let longest = names.iter().map(|n| n.text.len()).chain(exceptions.iter().map(String::len)).max().unwrap_or(0);
        let joiners: Vec<String> = JOINERS.iter().map(|j| words(j).concat()).collect();
        let mut pieces: rustc_hash::FxHashMap<String, Piece> = rustc_hash::FxHashMap::default();
        for (i, x) in names.iter().enumerate() {
            let e = pieces.entry(x.text.clone()).or_insert(Piece { names: i..i, ..Piece::default() });
            e.names.end = i + 1;
            e.inner |= x.inner();
        }
        for e in &exceptions {
            pieces.entry(e.clone()).or_default().exception = true;
        }
        for j in &joiners {
            pieces.entry(j.clone()).or_default().joiner = true;
        }
        let lens = |it: &mut dyn Iterator<Item = usize>| {
            let mut v: Vec<usize> = it.collect();
            crate::sort::stable(&mut v);
            v.dedup();
            v
        };
        let exception_lens = lens(&mut exceptions.iter().map(String::len));
        let inner_lens = lens(&mut names.iter().filter(|x| x.inner()).map(|x| x.text.len()));
        let piece_lens = lens(&mut names.iter().map(|n| n.text.len()).chain(joiners.iter().map(String::len)));
        let containers = CONTAINERS.iter().map(|c| words(c).concat()).collect();
        Prepared { pieces, exception_lens, inner_lens, piece_lens, containers, names, longest }
    })
}

/// Every occurrence in `joined` (overlapping ones too) of a piece whose
/// length is one of `lens`: `(start, end, piece)`.
fn occurrences(joined: &str, lens: &[usize], mut hit: impl FnMut(usize, usize, &'static Piece)) {
    let p = prepared();
    for k in 0..joined.len() {
        for &len in lens {
            if let Some(x) = joined.get(k..k + len).and_then(|s| p.pieces.get(s)) {
                hit(k, k + len, x);
            }
        }
    }
}

/// The protected ground a user-named key denotes, if any (see the module
/// documentation for the rules).
pub fn ground(key: &str) -> Option<&'static Ground> {
    // Keys repeat (every row of a file carries the same competency names): the answers for the last
    // MEMO distinct keys read on this thread (of at most MEMO_KEY bytes) are kept, more than a sheet has
    // columns (256), so a file's keys are read once however many rows carry them.
    const MEMO: usize = 1024;
    const MEMO_KEY: usize = 256;
    thread_local! {
        static SEEN: std::cell::Cell<Vec<(String, Option<&'static Ground>)>> =
            const { std::cell::Cell::new(Vec::new()) };
    }
    if key.len() > MEMO_KEY {
        return ground_of(key);
    }
    let mut seen = SEEN.take();
    let g = match seen.iter().find(|(k, _)| k == key) {
        Some((_, g)) => *g,
        None => {
            let g = ground_of(key);
            if seen.len() >= MEMO {
                // the oldest goes (emptying the memo made a file of 65 keys miss every time)
                seen.remove(0);
            }
            seen.push((key.to_string(), g));
            g
        }
    };
    SEEN.set(seen);
    g
}

/// [`ground`], computed.
fn ground_of(key: &str) -> Option<&'static Ground> {
    // Leetspeak inside a key (`ag4ma`, `gend3r`, `ag@ma`) and doubled letters (`umuur`, `sexx`): tried in
    // addition to the key itself, so they can only add refusals.
    let leet: String = key
        .chars()
        .map(|c| match c {
            '4' | '@' => 'a',
            '1' => 'i',
            '3' => 'e',
            '5' => 's',
            '7' => 't',
            _ => c,
        })
        .collect();
    let single = |k: &str| {
        let mut out = String::with_capacity(k.len());
        for c in k.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    };
    // A key holding an exception (`pengarusutamaan_gender`) is read only as written: its variants would
    // no longer spell the exception.
    // Runs of words no longer than the longest listed name: linear in the key's length (a 4 KB key of
    // hundreds of words took 16 s when every run was joined; fuzzing found it).
    let own = words(key);
    // Words inside an exception phrase keep their affixes (`kementerian` is not `ke-menteri-an` there).
    let mut covered = vec![false; own.len()];
    let p = prepared();
    for i in 0..own.len() {
        let mut run = String::new();
        for j in i + 1..=own.len() {
            run.push_str(&own[j - 1]);
            if run.len() > p.longest {
                break;
            }
            if p.pieces.get(&run).is_some_and(|x| x.exception) {
                covered[i..j].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    let excepted = covered.iter().any(|c| *c);
    // Digits inside a word fold as look-alike letters (`0` is `o`); read as separators too, so that a digit
    // between a name and an ordinary word (`agama2pegawai`) is a boundary.
    let undigit: String = key.chars().map(|c| if c.is_numeric() { '_' } else { c }).collect();
    // (variant, whether its letters were made single): a doubled-letter variant only finds names of at
    // least three letters, so `jkk` (Jaminan Kecelakaan Kerja) is not `jk` while `sexx` is `sex`.
    let variants = if excepted {
        vec![(key.to_string(), false)]
    } else {
        vec![
            (key.to_string(), false),
            (single(key), true),
            (leet.clone(), false),
            (single(&leet), true),
            (undigit, false),
        ]
    };
    for (k, singled) in variants {
        let w = words(&k);
        let matched =
            |w: &[String]| matched(w).filter(|x| !singled || x.letters >= 3).and_then(|x| GROUNDS.get(x.ground));
        if let Some(g) = matched(&w) {
            return Some(g);
        }
        for suffix in [true, false] {
            let stems: Vec<String> = w
                .iter()
                .enumerate()
                .map(|(i, x)| if excepted && covered.get(i) == Some(&true) { x.clone() } else { stem(x, suffix) })
                .collect();
            if stems != w {
                if let Some(g) = matched(&stems) {
                    return Some(g);
                }
            }
        }
    }
    None
}

/// The stem of one folded word under the Indonesian (and Javanese) affixes
/// that turn a ground into a header without changing what it selects on:
/// first a possessive suffix `-nya`, `-ku`, `-mu` (stem of at least two
/// letters) or Javanese `-ne`, `-e` (stem of at least four: `umure`,
/// `usiane`, but `page`, `race` stay; tried with and without, for
/// `bersuku`), then a prefix `ber-` (stem of at
/// least three: `beragama`, `berusia`) or the circumfix `ke-...-an` (stem
/// of at least three: `kelahiran`). The stems are matched in addition to the
/// words themselves, so an affix rule can only add refusals; the ordinary
/// words it could wrongly hit are tested (`kesehatan`, `keterampilan`,
/// `berkas`, `beras`, `usulan`, `kerjasama`, ...).
fn stem(w: &str, suffixes: bool) -> String {
    let mut s = w;
    // Folded forms (`m` folds to `rn`).
    for (suffix, min) in [("nya", 2), ("ku", 2), ("rnu", 2), ("ne", 4), ("e", 4)].into_iter().filter(|_| suffixes) {
        if let Some(t) = s.strip_suffix(suffix) {
            if t.len() >= min {
                s = t;
                break;
            }
        }
    }
    if let Some(t) = s.strip_prefix("ber").filter(|t| t.len() >= 3) {
        s = t;
    } else if let Some(t) = s.strip_prefix("ke").and_then(|t| t.strip_suffix("an")).filter(|t| t.len() >= 3) {
        s = t;
    }
    s.to_string()
}

/// [`ground`] on a list of folded words: the longest name found.
fn matched(w: &[String]) -> Option<&'static Name> {
    let p = prepared();
    let joined = w.concat();
    // Byte offset in `joined` where each word starts (and the end).
    let mut at = Vec::with_capacity(w.len() + 1);
    let mut n = 0;
    for x in w {
        at.push(n);
        n += x.len();
    }
    at.push(n);
    let find = |s: &str| -> &[Name] { p.pieces.get(s).and_then(|x| p.names.get(x.names.clone())).unwrap_or(&[]) };
    // (name, start, end) in `joined`; and exception spans.
    let mut hits: Vec<(&Name, usize, usize)> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for i in 0..w.len() {
        for j in i + 1..=w.len() {
            let (a, b) = (at[i], at[j]);
            if b - a > p.longest {
                break;
            }
            let Some(s) = joined.get(a..b) else { break };
            hits.extend(find(s).iter().filter(|x| !x.whole).map(|x| (x, a, b)));
            if p.pieces.get(s).is_some_and(|x| x.exception) {
                spans.push((a, b));
            }
        }
    }
    let skip = usize::from(w.first().is_some_and(|f| w.len() > 1 && p.containers.iter().any(|c| c == f)));
    if let Some(rest) = joined.get(at[skip]..) {
        hits.extend(find(rest).iter().filter(|x| x.whole).map(|x| (x, at[skip], joined.len())));
    }
    // Every occurrence of a long name (hash lookups of each stretch of a listed length: a search per
    // name for each key took most of the time of scoring a file with competency columns).
    occurrences(&joined, &p.inner_lens, |a, b, x| {
        if x.inner {
            let named = p.names.get(x.names.clone()).unwrap_or(&[]);
            hits.extend(named.iter().filter(|x| x.inner()).map(|x| (x, a, b)));
        }
    });
    // Exception phrases written run together (`sukubunga`, `jabatanasal`) cover what they contain.
    occurrences(&joined, &p.exception_lens, |a, b, x| {
        if x.exception {
            spans.push((a, b));
        }
    });
    let joint = segmented(&joined, &at, &spans);
    hits.iter()
        .filter(|(_, a, b)| !spans.iter().any(|(s, e)| s <= a && b <= e))
        .map(|(x, _, _)| *x)
        .chain(joint)
        .max_by(|x, y| x.letters.cmp(&y.letters).then(y.ground.cmp(&x.ground)))
}

/// The run-together rule ([`JOINERS`]): the longest protected name of a
/// segmentation of some stretch of `joined` (from one word start `at[i]` to a
/// later one `at[j]`) into names, joiners and digit runs that holds at least
/// one protected name outside the exception `spans`.
fn segmented<'a>(joined: &str, at: &[usize], spans: &[(usize, usize)]) -> Option<&'a Name> {
    let p = prepared();
    let b = joined.as_bytes();
    let n = b.len();
    // plain[k]: some stretch start reaches k with joiners and digits only; best[k]: the longest protected
    // name of a segmentation that reaches k with at least one.
    let mut plain = vec![false; n + 1];
    let mut best: Vec<Option<&Name>> = vec![None; n + 1];
    let better = |a: Option<&'a Name>, x: &'a Name| match a {
        Some(y) if (y.letters, std::cmp::Reverse(y.ground)) >= (x.letters, std::cmp::Reverse(x.ground)) => Some(y),
        _ => Some(x),
    };
    let mut found: Option<&Name> = None;
    for k in 0..=n {
        if at.binary_search(&k).is_ok() {
            if let Some(x) = best[k] {
                found = better(found, x);
            }
            plain[k] = true;
        }
        if !plain[k] && best[k].is_none() {
            continue;
        }
        let mut step = |e: usize, name: Option<&'a Name>| {
            if e > n {
                return;
            }
            let carried = best[k];
            match name {
                Some(x) => {
                    let inside = spans.iter().any(|(s, t)| *s <= k && e <= *t);
                    if !inside && plain[k] {
                        best[e] = better(best[e], x);
                    }
                    if let Some(c) = carried {
                        best[e] = better(best[e], if inside { c } else { better(Some(c), x).unwrap_or(c) });
                    }
                    if inside && plain[k] {
                        plain[e] = true;
                    }
                }
                None => {
                    plain[e] |= plain[k];
                    if let Some(c) = carried {
                        best[e] = better(best[e], c);
                    }
                }
            }
        };
        // A digit run.
        let digits = b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 {
            step(k + digits, None);
        }
        for &len in p.piece_lens.iter().take_while(|&&len| len <= n - k) {
            let Some(s) = joined.get(k..k + len) else { continue };
            let Some(piece) = p.pieces.get(s) else { continue };
            for x in p.names.get(piece.names.clone()).unwrap_or(&[]).iter().filter(|x| !x.whole) {
                step(k + len, Some(x));
            }
            if piece.joiner {
                step(k + len, None);
            }
        }
    }
    found
}

/// The protected ground a *value* of a rule names (`perempuan`, `islam`,
/// `menikah`, `tionghoa`, `jawa`): a value is read like a key ([`ground`]),
/// and also matched as a whole against the [`Ground::values`] category words.
/// A rule that compares a neutral key with such a value selects on the ground.
///
/// ```
/// use meritkit::protected::value_ground;
/// assert_eq!(value_ground("Perempuan").unwrap().code, "jenis_kelamin");
/// assert_eq!(value_ground("JAWA").unwrap().code, "suku");
/// assert!(value_ground("Jawa Barat").is_none()); // a province
/// assert!(value_ground("Dinas Pendidikan").is_none());
/// ```
pub fn value_ground(value: &str) -> Option<&'static Ground> {
    ground(value).or_else(|| {
        let v = words(value).concat();
        GROUNDS.iter().find(|g| g.values.iter().any(|x| words(x).concat() == v))
    })
}

/// The refusal of a key that names a protected attribute: `what` says what
/// the key is (`weight`, `competency standard`, ...), `path` where it is.
pub fn refusal(path: impl Into<String>, what: &str, g: &Ground) -> Problem {
    let (attr, law) = (g.code, g.law);
    Problem::new(
        Code::ProtectedAttribute,
        path,
        format!("{what} selects on the protected attribute `{attr}` ({law}): merit selection may not use it"),
        format!("{what} memilih berdasarkan atribut terlindung `{attr}` ({law}): seleksi berbasis merit tidak boleh menggunakannya"),
    )
}

/// [`refusal`] when `key` names a protected attribute (`path` is built only then).
pub fn check_key(key: &str, path: &dyn Fn() -> String, what: &str) -> Option<Problem> {
    ground(key).map(|g| refusal(path(), what, g))
}
