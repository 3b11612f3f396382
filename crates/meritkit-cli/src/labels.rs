//! Which user text may be named in messages, origins and reports: column
//! headers, JSON keys and sheet names come from the input and can hold a
//! person's name, a NIP or a birth date (a headerless file, a sheet named
//! after an employee). One rule decides, [`plausible_label`] (the core's
//! [`meritkit::diag::plausible_label`]); text that fails it is named by its
//! position only (`column 3`, `B1`, `sheet 2`).

/// Whether a header, key or sheet name may be shown as written (see
/// [`meritkit::diag::plausible_label`] for the rule).
pub fn plausible_label(s: &str) -> bool {
    meritkit::diag::plausible_label(s)
}

/// A sheet name as messages, row origins and reports show it: the name when
/// it is a [`plausible_label`] or `show` is set (`--show-personal-data`), else
/// `sheet N` (`N` 1-based, the sheet's place in the workbook).
pub fn sheet_label(name: &str, index: usize, show: bool) -> String {
    if show || plausible_label(name) {
        name.trim().to_string()
    } else {
        format!("sheet {}", index + 1)
    }
}

/// Whether a cell of the row taken as the header holds data rather than a
/// header: a NIP-like number (15 or more digits, spaces and dots aside) or a
/// whole-cell date (`1985-03-15`, `15/03/1985`, `15.03.1985`).
pub fn looks_like_data(cell: &str) -> bool {
    let c = cell.trim();
    let digits: String = c.chars().filter(|ch| !matches!(ch, ' ' | '.' | '\'')).collect();
    if digits.len() >= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = c.split(sep).collect();
        if parts.len() == 3 && parts.iter().all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_pass_and_personal_data_does_not() {
        for ok in [
            "nip",
            "NIP",
            "Unit Kerja",
            "Nilai SKP 2024",
            "Golongan/Ruang",
            "performance_2025",
            "Predikat Kinerja (2024)",
            "Pegawai",
            "Sheet1",
            "Hobi",
            "Dinas A",
            "Tanggal Lahir",
            "UNIT KERJA",
            "NAMA PEGAWAI",
            "Predikat Kinerja 2024",
            "NilaiSKP",
            "competency_integritas",
            "TMT Jabatan",
        ] {
            assert!(plausible_label(ok), "{ok}");
        }
        for bad in [
            "Siti Aminah",
            "Ani Satu",
            "Budi Santoso Putra",
            "198001012005011001",
            "tanggal lahir 1985-03-15",
            "15-03-1985",
            "Siti Aminah 19850315",
            "Majene, 15-03-1985",
            // names as SIMPEG exports them, and in lower case (the adversarial pass of 2026-12-04)
            "ANDI MANDAR",
            "Hj. SITI AMINAH",
            "Ir. H. BUDI",
            "siti aminah",
            "aminah binti ahmad",
            // birth dates with a month's name
            "15-Mar-85",
            "15 Mar 85",
            "15 Maret 85",
            "Mar-85",
            "15 Maret 1985",
            "15 Mrt 1985",
            "15 Nop 1985",
            "15 Pebruari 1985",
            "Maret 1985",
            "Okt 1985",
            "A. Mandar",
            "Andi M.",
            "Budi S.",
            "AndiMandar",
            "Åsa",
            "",
            "x".repeat(41).as_str(),
        ] {
            assert!(!plausible_label(bad), "{bad}");
        }
        assert_eq!(sheet_label("Pegawai", 0, false), "Pegawai");
        assert_eq!(sheet_label("Siti Aminah 19850315", 1, false), "sheet 2");
        assert_eq!(sheet_label("Siti Aminah 19850315", 1, true), "Siti Aminah 19850315");
    }

    #[test]
    fn data_cells_are_told_from_headers() {
        // (a NIP read from a numeric cell prints as `198001012005011000`)
        for d in ["198001012005011001", "19800101 200501 1 001", "198001012005011000", "1985-03-15", "15/03/1985"] {
            assert!(looks_like_data(d), "{d}");
        }
        for h in ["nip", "Tanggal Lahir", "performance_2024", "2024", "Nilai SKP 2024"] {
            assert!(!looks_like_data(h), "{h}");
        }
    }
}
