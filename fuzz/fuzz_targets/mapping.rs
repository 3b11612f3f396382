//! Column-mapping files (TOML): `ColumnMapping::from_toml` never panics, and
//! an accepted mapping maps header rows without panicking: the built-in
//! Indonesian headers, then the mapping's own headers (`{year}` filled in)
//! and ignored names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meritkit::mapping::{map_headers, ColumnMapping};

const HEADERS: &[&str] = &[
    "NIP",
    "Nama",
    "Unit Kerja",
    "Jenis Jabatan",
    "Pangkat/Golongan",
    "Predikat Kinerja 2025",
    "Nilai Potensi",
    "",
    "Kolom Asing",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(m) = ColumnMapping::from_toml(text) else { return };
    let locate = |i: usize| format!("A{i}");
    let _ = map_headers(HEADERS, &m, &locate);
    let mut own: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
    for (i, h) in m.columns.keys().take(64).enumerate() {
        own.push(h.replace("{year}", if i % 2 == 0 { "2025" } else { "24" }));
    }
    own.extend(m.ignore.iter().take(16).cloned());
    let _ = map_headers(&own, &m, &locate);
});
