//! The message catalogue of the CLI: every user-facing string, keyed, in
//! Bahasa Indonesia (`id`, the default) and English (`en`). Code refers to
//! entries by key (`t::POLICY.get(lang)`); `{}` placeholders are filled in
//! order by [`Text::fmt`]. Messages of the core engine already carry both
//! languages ([`meritkit::Message`]) and are picked with [`pick`].

use crate::Lang;

/// One catalogue entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// Key (the constant's name).
    pub key: &'static str,
    /// Bahasa Indonesia.
    pub id: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.id,
            Lang::En => self.en,
        }
    }

    /// The text in `lang` with each `{}` replaced by the next argument.
    pub fn fmt(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let mut out = String::new();
        let mut it = args.iter();
        let mut parts = self.get(lang).split("{}").peekable();
        while let Some(p) = parts.next() {
            out.push_str(p);
            if parts.peek().is_some() {
                if let Some(a) = it.next() {
                    out.push_str(&a.to_string());
                }
            }
        }
        out
    }

    /// Both languages, for `--help`: "id / en".
    pub fn both(self) -> String {
        format!("{} / {}", self.id, self.en)
    }
}

/// Picks the language of a core message.
pub fn pick(m: &meritkit::Message, lang: Lang) -> &str {
    match lang {
        Lang::Id => &m.id,
        Lang::En => &m.en,
    }
}

macro_rules! catalogue {
    ($($key:ident : $id:literal, $en:literal;)+) => {
        /// The entries.
        pub mod t {
            use super::Text;
            $(#[allow(missing_docs)] pub const $key: Text = Text { key: stringify!($key), id: $id, en: $en };)+
        }
        /// Every entry (for checks).
        #[allow(dead_code)]
        pub const ALL: &[Text] = &[$(t::$key),+];
    };
}

catalogue! {
    // ---- general
    APP_ABOUT: "Manajemen talenta ASN: kotak talenta (9-box), aturan merit, suksesi", "ASN talent management: 9-box, merit rules, succession";
    POLICY: "Kebijakan", "Policy";
    FINGERPRINT: "sidik", "fingerprint";
    ROW: "baris", "row";
    ROWS_WITH_ERRORS: "Baris bermasalah", "Rows with errors";
    ROWS_WITH_ERRORS_NOT_PLACED: "Baris bermasalah (tidak dipetakan)", "Rows with errors (not placed)";
    ROW_ERRORS_SEE_ERRORS: "meritkit: {} baris bermasalah (lihat `errors`)", "meritkit: {} row(s) with errors (see `errors`)";
    UNIT: "unit kerja", "unit";
    BOX: "kotak", "box";
    PERFORMANCE: "kinerja", "performance";
    POTENTIAL: "potensial", "potential";
    TALENT_POOL_SHORT: "KRS", "talent pool";
    ALL_UNITS: "Seluruh unit", "All units";
    LOCAL_PRACTICE: "praktik lokal", "local practice";
    NATIONAL: "nasional", "national";
    POLICY_VALID: "ok: kebijakan `{}` valid, sidik {}", "ok: policy `{}` is valid, fingerprint {}";
    // ---- help of the other commands
    HELP_LANG: "Bahasa pesan dan tabel", "Language of messages and tables";
    HELP_CMD_DEMO: "Demo dengan data fiktif Sulawesi Barat", "Demo on fictional Sulawesi Barat data";
    HELP_CMD_SCORE: "Petakan pegawai ke kotak talenta", "Score records onto the 9-box";
    HELP_CMD_POLICY: "Tampilkan, periksa atau jelaskan kebijakan penilaian", "Show, check or describe scoring policies";
    HELP_SCORE_INPUT: "Berkas masukan: XLSX, CSV (judul Indonesia atau kolom datar), JSON atau JSONL; `-` = stdin", "Input file: XLSX, CSV (Indonesian headers or flat columns), JSON or JSONL; `-` = stdin";
    HELP_FORMAT: "Format keluaran", "Output format";
    HELP_SCORE_OUTPUT: "Berkas keluaran (stdout bila kosong)", "Output file (stdout when absent)";
    HELP_SCORE_DATE: "Tanggal acuan YYYY-MM-DD (hari ini bila kosong): tanggal sesudahnya galat", "Reference date YYYY-MM-DD (today when absent): later dates are errors";
    DETAIL_JSON_ONLY: "meritkit: --detail hanya berlaku untuk keluaran JSON; CSV dan tabel tidak memuat penjelasan", "meritkit: --detail applies to JSON output only; CSV and table output carry no explanation";
    HELP_DETAIL: "Rincian penjelasan tiap penempatan dalam keluaran JSON (`none`, `summary`, `full`, `text`: lengkap dan dalam kalimat); CSV dan tabel tidak memuat penjelasan", "How much of each placement's explanation JSON output carries (`none`, `summary`, `full`, `text`: full and in words); CSV and table output carry none";
    HELP_DEMO_FORMAT: "Format keluaran (`table` mencetak kotak; `json` jawaban lengkap)", "Output format (`table` prints the grids; `json` the full answer)";
    HELP_POLICY_LIST: "Daftar preset bawaan", "List the built-in presets";
    HELP_POLICY_SHOW: "Tampilkan preset atau berkas kebijakan (TOML bawaan)", "Print a preset or policy file (TOML by default)";
    HELP_POLICY_CHECK: "Periksa berkas kebijakan, dengan galat berlokasi", "Check a policy file, with located errors";
    HELP_POLICY_SCHEMA: "Cetak JSON Schema berkas kebijakan", "Print the JSON Schema of policy files";
    HELP_POLICY_NAME: "Nama preset atau berkas", "Preset name or file";
    HELP_POLICY_JSON: "Cetak JSON, bukan TOML", "Print JSON instead of TOML";
    HELP_POLICY_FILE: "Berkas kebijakan (TOML atau JSON)", "Policy file (TOML or JSON)";
    // ---- demo
    DEMO_TITLE: "meritkit demo — Provinsi Sulawesi Barat (DATA FIKTIF), enam OPD percontohan", "meritkit demo — Provinsi Sulawesi Barat (FICTIONAL DATA), six pilot OPDs";
    DEMO_PROVINCE: "Provinsi Sulawesi Barat (keenam OPD)", "Provinsi Sulawesi Barat (all six OPDs)";
    DEMO_EXPORTED: "{} baris ditulis ke {} (rincian yang tidak muat di satu baris dan tidak ikut: {})", "{} rows written to {} (details that do not fit one row and were left out: {})";
    HELP_EXPORT: "Tulis rekaman demo (JSON) ke berkas ini lalu selesai", "Write the demo input records (JSON) to this file and exit";
    HELP_EXPORT_XLSX: "Tulis data demo sebagai lembar kerja XLSX berjudul Indonesia (tata letak lebar) lalu selesai", "Write the demo data as an XLSX sheet with Indonesian headers (wide layout) and exit";
    HELP_EXPORT_POSITIONS: "Tulis contoh jabatan target (XLSX bila berakhiran .xlsx, selain itu JSON) lalu selesai", "Write the sample target positions (XLSX when the name ends in .xlsx, else JSON) and exit";
    // ---- grid (text)
    GRID_AXES: "Kinerja \\ Potensial →", "Performance \\ Potential →";
    GRID_FOOTER: "baris {} · terpetakan {} · tertunda {} · galat {} · kelompok rencana suksesi: instansi {} / nasional {}", "rows {} · placed {} · holding {} · errors {} · talent pool: agency {} / national {}";
    // ---- whole-call errors
    ERR_WRITE_OUTPUT: "berkas keluaran tidak dapat ditulis: {}", "cannot write output file: {}";
    ERR_READ_POLICY: "berkas kebijakan tidak dapat dibaca: {}", "cannot read policy file: {}";
    WARNING: "peringatan", "warning";
    // ---- input reading
    IN_READ: "berkas masukan tidak dapat dibaca: {}", "cannot read input file: {}";
    IN_UTF16: "berkas teks ini berkode {} (ada tanda BOM {}), bukan UTF-8: simpan ulang sebagai \"CSV UTF-8\"", "this text file is {} (it starts with a {} byte-order mark), not UTF-8: save it again as \"CSV UTF-8\"";
    IN_NOT_UTF8: "byte {} bukan UTF-8 yang sah (kemungkinan {}): simpan ulang sebagai \"CSV UTF-8\"", "byte {} is not valid UTF-8 (probably {}): save the file again as \"CSV UTF-8\"";
    IN_JSON: "JSON tidak valid: {}", "invalid JSON: {}";
    IN_JSON_ARRAY: "diharapkan larik JSON berisi rekaman", "expected a JSON array of records";
    IN_JSONL_LINE: "baris JSONL tidak dapat dibaca: {}", "unreadable JSONL line: {}";
    IN_CSV_HEADER: "judul CSV tidak dapat dibaca: {}", "cannot read CSV header: {}";
    IN_CSV_ROW: "baris CSV tidak dapat dibaca: {}", "unreadable CSV row: {}";
    IN_NO_HEADER: "tidak ada baris judul", "no header row";
    IN_NO_DATA: "tidak ada baris data di bawah judul", "no data rows below the header";
    IN_CHANGED: "berkas masukan berubah selama dibaca (ukuran atau waktu ubahnya lain pada bacaan kedua): jalankan lagi setelah berkas selesai ditulis", "the input file changed while it was read (its size or modification time differ on the second reading): run again once the file is fully written";
    IN_WORKBOOK: "buku kerja tidak dapat dibuka: {}", "cannot open workbook: {}";
    IN_NO_SHEET: "lembar `{}` tidak ada; lembar yang ada: {}", "no sheet `{}`; sheets: {}";
    IN_ALL_SHEETS_EMPTY: "semua lembar kosong", "every sheet is empty";
    IN_MERGED: "sel gabungan {} di area data: hanya sel pertama yang berisi nilai; pisahkan gabungan (Unmerge) dan isi setiap baris", "merged cells {} in the data area: only the first cell holds a value; unmerge them and fill every row";
    IN_MERGED_HEADER: "sel gabungan {} di baris judul: beri setiap kolom judulnya sendiri", "merged cells {} in the header row: give every column its own header";
    IN_FORMULA: "rumus tanpa nilai tersimpan: buka berkas di Excel/LibreOffice, hitung ulang dan simpan", "formula without a cached value: open the file in Excel/LibreOffice, recalculate and save it";
    IN_NIP_NUMBER: "NIP tersimpan sebagai angka (Excel hanya menyimpan 15 digit): format kolom NIP sebagai Teks", "NIP stored as a number (Excel keeps only 15 digits): format the NIP column as Text";
    IN_CELL_ERROR: "sel berisi galat {}", "cell holds the error {}";
    IN_MAPPING_READ: "berkas pemetaan kolom tidak dapat dibaca: {}", "cannot read the column mapping file: {}";
    POS_UNKNOWN_COLUMN: "berkas jabatan target: judul kolom di {} tidak dikenal; judul yang dikenal: {}", "target positions file: the column header in {} is unknown; known headers: {}";
    POS_BAD_KIND: "berkas jabatan target: sel {} (Jenis Jabatan) bukan jenis jabatan; yang dikenal: {}", "target positions file: cell {} (Jenis Jabatan) is not a position kind; known kinds: {}";
    IN_OPEN: "berkas {} tidak dapat dibuka atau dibaca", "cannot open or read the {} file";
    IN_NOT_FOUND: "berkas {} tidak ada", "the {} file does not exist";
    IN_DENIED: "berkas {} tidak boleh dibaca (izin akses)", "no permission to read the {} file";
    IN_LIMIT_BYTES: "berkas {} lebih besar dari batas {} byte; naikkan dengan {} atau variabel lingkungan {}", "the {} file is larger than the limit of {} bytes; raise it with {} or the {} environment variable";
    IN_NO_MEMORY: "memori tidak cukup untuk membaca berkas {} ({} byte terbaca)", "not enough memory to read the {} file ({} bytes read)";
    IN_LIMIT_UNZIPPED: "bagian buku kerja `{}` berukuran lebih dari {} byte setelah dibuka (kemungkinan bom zip); naikkan dengan --max-unzipped-bytes atau MERITKIT_MAX_UNZIPPED_BYTES", "workbook part `{}` is larger than {} bytes once uncompressed (a zip bomb?); raise the limit with --max-unzipped-bytes or MERITKIT_MAX_UNZIPPED_BYTES";
    IN_LIMIT_ZIP_RATIO: "bagian buku kerja `{}` membesar lebih dari {} kali ukuran terkompresinya setelah dibuka (kemungkinan bom zip); naikkan dengan --max-zip-ratio atau MERITKIT_MAX_ZIP_RATIO (0 mematikan pemeriksaan ini)", "workbook part `{}` grows more than {} times its compressed size once uncompressed (a zip bomb?); raise the limit with --max-zip-ratio or MERITKIT_MAX_ZIP_RATIO (0 turns this check off)";
    IN_LIMIT_UNZIPPED_TOTAL: "isi buku kerja lebih dari {} byte setelah dibuka (kemungkinan bom zip); naikkan dengan --max-unzipped-bytes atau MERITKIT_MAX_UNZIPPED_BYTES", "the workbook holds more than {} bytes once uncompressed (a zip bomb?); raise the limit with --max-unzipped-bytes or MERITKIT_MAX_UNZIPPED_BYTES";
    IN_LIMIT_ROWS: "lebih dari {} baris; naikkan dengan --max-rows atau MERITKIT_MAX_ROWS", "more than {} rows; raise the limit with --max-rows or MERITKIT_MAX_ROWS";
    IN_LIMIT_SHARED_STRINGS: "buku kerja memuat lebih dari {} teks bersama (sharedStrings); batas ini seperenam belas dari --max-cells: naikkan dengan --max-cells atau MERITKIT_MAX_CELLS", "the workbook holds more than {} shared strings (sharedStrings); the limit is a sixteenth of --max-cells: raise it with --max-cells or MERITKIT_MAX_CELLS";
    IN_LIMIT_COLUMNS: "sel di luar kolom ke-{} (kolom {}); naikkan dengan --max-columns atau MERITKIT_MAX_COLUMNS", "a cell beyond column {} (column {}); raise the limit with --max-columns or MERITKIT_MAX_COLUMNS";
    IN_LIMIT_JSON_VALUES: "berkas JSON memuat lebih dari {} nilai (elemen larik dan entri objek di setiap kedalaman; paling banyak --max-cells, dan seperempat memori mesin ini dengan 64 bita per nilai); naikkan dengan --max-cells atau MERITKIT_MAX_CELLS bila memori cukup", "the JSON file holds more than {} values (array elements and object entries at any depth; at most --max-cells, and a quarter of this machine's memory at 64 bytes a value); raise it with --max-cells or MERITKIT_MAX_CELLS where memory allows";
    IN_LIMIT_MERGES: "lembar memuat lebih dari {} rentang sel gabungan: berkas tidak dibuat sebagai tabel pegawai", "the sheet holds more than {} merged ranges: the file was not made as a table of employees";
    IN_MERGED_MORE: "dan {} rentang sel gabungan lain di area data (setiap baris yang tercakup menjadi galat barisnya)", "and {} more merged ranges in the data area (each row they cover is an error of its row)";
    IN_LIMIT_HELD_ROWS: "baris-baris berkas yang dibaca utuh akan memakai lebih dari {} bita memori (seperempat memori mesin ini); bagi berkasnya", "the rows of the file read whole would take more than {} bytes of memory (a quarter of this machine's memory); split the file";
    IN_CSV_FIELDS: "baris memuat lebih dari {} sel (sel judul dan 16.384 lagi): berkas bukan tabel pegawai", "the line holds more than {} cells (the header's and 16,384 more): the file is not a table of employees";
    IN_SHEET_COLUMNS: "sel di luar kolom ke-{} (kolom {}), batas lembar Excel dan LibreOffice Calc: berkas tidak dibuat oleh keduanya; simpan ulang dari Excel/LibreOffice", "a cell beyond column {} (column {}), the limit of a sheet in Excel and LibreOffice Calc: the file was not written by either; save it again from Excel/LibreOffice";
    IN_LIMIT_CELLS: "lebih dari {} sel; naikkan dengan --max-cells atau MERITKIT_MAX_CELLS", "more than {} cells; raise the limit with --max-cells or MERITKIT_MAX_CELLS";
    IN_WORKBOOK_BAD: "buku kerja tidak dapat dibuka: berkas rusak, terlindung sandi, atau bukan format {}", "cannot open the workbook: the file is damaged, password-protected, or not {}";
    IN_DUPLICATE_CELL: "sel {} muncul dua kali di lembar (baris atau sel ganda): berkas dibuat tidak benar; simpan ulang dari Excel/LibreOffice", "cell {} appears twice in the sheet (duplicate row or cell): the file was written wrongly; save it again from Excel/LibreOffice";
    IN_LIMIT_CELL_TEXT: "sel-sel lembar memuat lebih dari {} bita teks (teks bersama dihitung di setiap sel yang memakainya); batas ini seperempat dari --max-unzipped-bytes: naikkan dengan --max-unzipped-bytes atau MERITKIT_MAX_UNZIPPED_BYTES", "the cells of the sheet hold more than {} bytes of text (a shared string counts in every cell that uses it); the limit is a quarter of --max-unzipped-bytes: raise it with --max-unzipped-bytes or MERITKIT_MAX_UNZIPPED_BYTES";
    IN_LIMIT_CELL_BYTES: "sebuah sel lebih panjang dari {} bita (sel lembar kerja memuat paling banyak 32.767 karakter): berkas ini bukan tabel pegawai", "a cell is longer than {} bytes (a spreadsheet cell holds at most 32,767 characters): this file is not a table of employees";
    IN_LIMIT_CELL_MEMORY: "sel-sel yang dibaca dari lembar memakai lebih dari {} bita memori (40 bita per sel ditambah blok teksnya); batas ini sama dengan --max-unzipped-bytes: naikkan dengan --max-unzipped-bytes atau MERITKIT_MAX_UNZIPPED_BYTES", "the cells read from the sheet take more than {} bytes of memory (40 bytes per cell plus its text's block); the limit equals --max-unzipped-bytes: raise it with --max-unzipped-bytes or MERITKIT_MAX_UNZIPPED_BYTES";
    IN_LIMIT_DENSE_CELLS: "lembar-lembar buku kerja mencakup lebih dari {} sel (baris × kolom setiap lembar, sel kosong dan baris berulang ikut dihitung); batas ini --max-unzipped-bytes dibagi 128: naikkan dengan --max-unzipped-bytes atau MERITKIT_MAX_UNZIPPED_BYTES", "the sheets of the workbook span more than {} cells (rows × columns of each sheet, empty cells and repeated rows included); the limit is --max-unzipped-bytes divided by 128: raise it with --max-unzipped-bytes or MERITKIT_MAX_UNZIPPED_BYTES";
    IN_HEADER_IS_DATA: "baris {} (yang diambil sebagai baris judul) berisi data (NIP atau tanggal), bukan judul kolom: berkas tidak memiliki baris judul; tambahkan baris judul (nip, nama, unit, ...) di atas data", "row {} (taken as the header row) holds data (a NIP or a date), not column headers: the file has no header row; add the header row (nip, name, unit, ...) above the data";
    IN_HEADER_NONE_KNOWN: "tidak satu pun sel baris {} merupakan judul kolom yang dikenal: berkas tidak memiliki baris judul, atau semua judulnya memerlukan pemetaan kolom (--mapping BERKAS.toml)", "no cell of row {} is a known column header: the file has no header row, or all its headers need a column mapping (--mapping FILE.toml)";
    IN_UNNAMED_CELL: "sel berisi data di kolom {} yang tidak memiliki judul: beri judul kolom itu atau kosongkan selnya; dengan `unknown = \"ignore\"` dalam pemetaan kolom, kolom itu dilewati dengan peringatan", "the cell holds data in column {}, which has no header: give the column a header or clear the cell; with `unknown = \"ignore\"` in a column mapping the column is skipped with a warning";
    IN_UNNAMED_COLUMN_SKIPPED: "kolom {} tidak memiliki judul tetapi berisi data (pertama di {}): dilewati (`unknown = \"ignore\"`)", "column {} has no header but holds data (first at {}): skipped (`unknown = \"ignore\"`)";
    IN_UNREAD_SHEETS: "{} lembar terlihat lainnya juga berisi data yang tidak dibaca: hanya lembar pertama yang terlihat dan berisi data yang dibaca; pilih lembar lain dengan --sheet", "{} other visible sheet(s) also hold data that is not read: only the first visible sheet with data is read; pick another with --sheet";
    IN_XLSX_SHARED_REF: "sel {} merujuk teks bersama (shared string) yang tidak ada atau dengan nomor tidak valid: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} refers to a shared string that does not exist or by an index that is not valid: the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_NOT_NUMBER: "sel {} bertipe angka tetapi isinya bukan angka: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} is typed as a number but does not hold one: the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_CELL_STYLE: "sel {} menyebut gayanya (atribut s) bukan dengan angka: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} names its style (attribute s) with no number: the file was written wrongly; save it again from Excel/LibreOffice";
    IN_ODS_TEXT_MARKUP: "baris ke-{} sebuah tabel memuat sel teks dengan tab atau ganti baris (sebagai unsur atau ditulis langsung), spasi ganda yang ditulis langsung (LibreOffice menampilkannya sebagai satu spasi), catatan kaki, teks gambar, atau teks di luar paragrafnya: pembaca akan membaca teks sel itu lain dari yang ditampilkan LibreOffice; hapus unsur itu dari sel, atau simpan sebagai XLSX", "row {} of a table holds a text cell with a tab or line break (as an element or written as such), spaces written in a row (LibreOffice shows them as one), a footnote, a drawing's text or text outside its paragraphs: the reader would read the cell's text otherwise than LibreOffice shows it; remove it from the cell, or save the file as XLSX";
    IN_XLSX_FORMAT_BY_VALUE: "format angka sel {} menampilkannya sebagai tanggal atau angka menurut nilainya (bagian format bersyarat, misalnya `[<1000]dd/mm/yyyy;0`): pembaca tidak dapat memastikan yang dimaksud; beri sel itu format tanggal atau angka biasa", "the number format of cell {} shows it as a date or as a number by its value (a conditional section, such as `[<1000]dd/mm/yyyy;0`): the reader cannot tell which is meant; give the cell a plain date or number format";
    IN_XLSX_CELL_ATTRIBUTES: "sel {} memiliki atribut yang ditulis dua kali atau tanpa tanda kutip: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} has an attribute written twice or without quotes: the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_CELL_TYPE: "sel {} memiliki tipe sel (atribut t) yang tidak dikenal: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} has an unknown cell type (attribute t): the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_CELL_REF: "referensi posisi sel ke-{} pada lembar (urutan dalam berkas) tidak dapat dibaca: bukan bentuk A1 (1-6 huruf lalu baris 1 sampai 999.999.999, tanpa `$`); berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "the position of cell #{} of the sheet (in file order) cannot be read: not A1 form (1-6 letters, then a row from 1 to 999,999,999, no `$`); the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_ROW_REF: "nomor baris ke-{} pada lembar (urutan dalam berkas) bukan bilangan 1 sampai 999.999.999: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "row number #{} of the sheet (in file order) is not a number from 1 to 999,999,999: the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_MERGE_REF: "rentang sel gabungan ke-{} pada lembar tidak dapat dibaca: berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "merge range #{} of the sheet cannot be read: the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_SHARED_FORMULA: "rumus bersama (shared formula) ke-{} pada lembar menunjuk melampaui sel-sel lembar (nomornya `si` atau rentangnya `ref`): berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "shared formula #{} of the sheet reaches past the sheet's cells (its index `si` or its range `ref`): the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSB_NAME_LONG: "nama lembar atau nama terdefinisi (defined name) dalam buku kerja lebih panjang daripada yang diizinkan Excel (31 dan 255 karakter): berkas tidak ditulis oleh Excel; simpan ulang dari Excel", "a sheet name or defined name of the workbook is longer than Excel allows (31 and 255 characters): the file was not written by Excel; save it again from Excel";
    IN_XLSB_ROW_BEYOND: "lembar ke-{} memuat baris sesudah baris 1.048.576 (baris terakhir Excel): baris-baris sesudahnya akan hilang saat dibaca; berkas ditulis dengan salah; simpan ulang dari Excel", "sheet #{} holds a row past row 1,048,576 (Excel's last): the rows after it would be lost in reading; the file was written wrongly; save it again from Excel";
    IN_XLSB_FORMULA_LONG: "sebuah rumus pada lembar ke-{} lebih panjang daripada yang dapat dimuat rumus buku kerja (16.384 bita token): berkas ditulis dengan salah; simpan ulang dari Excel", "a formula of sheet #{} is longer than a workbook formula can be (16,384 bytes of tokens): the file was written wrongly; save it again from Excel";
    IN_XLSX_VALUE_OUTSIDE: "lembar memuat nilai (`<v>`, `<f>` atau `<is>`) di luar sel mana pun, sesudah unsur yang bukan sel: datanya akan hilang saat dibaca; berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "the sheet holds a value (`<v>`, `<f>` or `<is>`) outside any cell, after an element that is no cell: its data would be lost in reading; the file was written wrongly; save it again from Excel/LibreOffice";
    IN_LIMIT_SHEETS: "buku kerja memuat lebih dari {} lembar (batas LibreOffice Calc): berkas ini bukan tabel pegawai", "the workbook holds more than {} sheets (LibreOffice Calc's limit): this file is not a table of employees";
    IN_XML_DOCTYPE: "bagian `{}` buku kerja memuat deklarasi DOCTYPE (DTD dengan entitas): Excel dan LibreOffice tidak pernah menulisnya, dan entitas dapat membengkak hingga gigabita atau merujuk berkas lokal (XXE); berkas ditolak", "workbook part `{}` holds a DOCTYPE declaration (a DTD with entities): Excel and LibreOffice never write one, and entities can expand to gigabytes or refer to local files (XXE); the file is refused";
    IN_NOT_FINITE: "bukan bilangan terhingga (NaN atau tak hingga)", "not a finite number (NaN or infinity)";
    IN_JSON_NUMBER_RANGE: "JSON tidak valid pada baris {} kolom {}: angka di luar jangkauan (bukan bilangan terhingga)", "invalid JSON at line {} column {}: a number out of range (not a finite number)";
    IN_ODS_NESTED_TABLE: "buku kerja memuat tabel di dalam sebuah sel (tabel bersarang): baris-baris sesudahnya akan hilang saat dibaca; pindahkan tabel itu ke luar sel atau hapus, lalu simpan ulang", "the workbook holds a table inside a cell (a nested table): the rows after it would be lost in reading; move that table out of the cell or delete it, then save the file again";
    IN_WORKBOOK_SHEET_BAD: "lembar `{}` tidak dapat dibaca: isinya rusak, atau memuat sesuatu yang tidak dikenal pembaca ini (mis. nilai galat Excel versi baru seperti #SPILL! atau #CALC!); perbaiki lembar itu, atau baca lembar lain dengan --sheet", "sheet `{}` cannot be read: its content is damaged, or holds something this reader does not know (such as an error value of a newer Excel, #SPILL! or #CALC!); repair that sheet, or read another with --sheet";
    IN_XLSX_STRING_DROPPED: "teks bersama (shared string) ke-{} tidak memuat unsur teks (`<t>` atau potongan `<r>`): pembaca akan melewatinya dan setiap sel sesudahnya mendapat teks milik teks berikutnya; berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "shared string #{} holds no text element (`<t>` or a run `<r>`): the reader would pass it over and give every later cell the text of the string after its own; the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_STRING_CUT: "teks bersama (shared string) ke-{} memuat teks sesudah `<t>` pertamanya (potongan `<r>` atau `<t>` kedua): pembaca hanya akan mengambil bagian pertamanya; berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "shared string #{} holds text after its first plain `<t>` (runs `<r>` or a second `<t>`): the reader would keep only the first part; the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLSX_INLINE_CUT: "sel {} memuat teks sebaris (`<is>`) yang tidak dapat dibaca utuh: teks sesudah `<t>` pertamanya (potongan `<r>` atau `<t>` kedua); berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} holds an inline string (`<is>`) that cannot be read whole: text after its first plain `<t>` (runs `<r>` or a second `<t>`); the file was written wrongly; save it again from Excel/LibreOffice";
    IN_ODS_REPEAT_ZERO: "baris ke-{} sebuah tabel (atau sel di dalamnya) diulang 0 kali (`table:number-rows-repeated` atau `table:number-columns-repeated`): pembaca akan membuangnya dan menggeser baris atau sel sesudahnya; berkas ditulis dengan salah; simpan ulang dari LibreOffice", "row {} of a table (or a cell in it) is repeated 0 times (`table:number-rows-repeated` or `table:number-columns-repeated`): the reader would drop it and shift the rows or cells after it; the file was written wrongly; save it again from LibreOffice";
    IN_XLSX_NUMBER_FORMATS: "gaya sel buku kerja (`xl/styles.xml`) menyebut format angka khusus yang seluruhnya lebih dari {} bita (format setiap gaya dihitung; format Excel paling panjang 255 karakter): berkas tidak ditulis oleh Excel atau LibreOffice", "the workbook's cell styles (`xl/styles.xml`) name custom number formats of more than {} bytes in all (each style's format counted; an Excel format is at most 255 characters): the file was not written by Excel or LibreOffice";
    IN_XML_ATTRIBUTES: "sebuah tag bagian buku kerja `{}` memuat lebih dari {} atribut, atau tag-tagnya bersama memuat terlalu banyak: Excel dan LibreOffice menulis beberapa atribut per tag; berkas ditolak", "a tag of workbook part `{}` has more than {} attributes, or its tags have too many together: Excel and LibreOffice write a few per tag; the file is refused";
    IN_LIMIT_SHEET_PARTS: "buku kerja memuat {} lembar dan {} bagian: pembaca mencari setiap lembar di antara nama semua bagian, dan pekerjaan itu terlalu banyak (buku kerja data memuat jauh lebih sedikit lembar atau bagian); berkas ditolak", "the workbook holds {} sheets and {} parts: the reader looks each sheet up among the names of all the parts, and that work is too much (a workbook of data holds far fewer sheets or parts); the file is refused";
    IN_DUPLICATE_SHEET_NAME: "dua lembar buku kerja bernama sama: pembaca mencari lembar menurut namanya dan hanya akan membaca salah satunya; beri setiap lembar nama sendiri, lalu simpan ulang", "two sheets of the workbook have the same name: the reader finds a sheet by its name and would read only one of them; give each sheet its own name, then save the file again";
    IN_XML_CDATA: "bagian buku kerja `{}` memuat bagian CDATA (`<![CDATA[`): pembaca akan membuang teksnya; Excel dan LibreOffice tidak menulisnya; simpan ulang dari Excel/LibreOffice", "workbook part `{}` holds a CDATA section (`<![CDATA[`): the reader would drop its text; Excel and LibreOffice never write one; save the file again from Excel/LibreOffice";
    IN_XML_ENCODING: "bagian buku kerja `{}` ditulis dalam pengodean {} (menurut tanda urutan bita atau deklarasi XML-nya), bukan UTF-8: pembaca akan membaca teksnya berbeda dari pemeriksaannya; Excel dan LibreOffice menulis UTF-8; simpan ulang dari Excel/LibreOffice", "workbook part `{}` is written in the {} encoding (by its byte-order mark or XML declaration), not UTF-8: the reader would read its text otherwise than its checks do; Excel and LibreOffice write UTF-8; save the file again from Excel/LibreOffice";
    IN_SHEET_AMBIGUOUS: "tidak ada lembar bernama tepat `{}`, dan beberapa lembar cocok bila huruf besar/kecil dan spasi di tepi diabaikan ({}): sebutkan salah satunya dengan tepat", "no sheet is named exactly `{}`, and several match ignoring case and the spaces around ({}): name one of them exactly";
    IN_ODS_ESCAPED_TYPE: "baris ke-{} sebuah tabel memuat sel yang jenis nilainya (`office:value-type` atau `office:boolean-value`) ditulis dengan rujukan karakter (`&...;`): pembaca tidak akan mengenalinya dan membuang nilainya; simpan ulang dari LibreOffice", "row {} of a table holds a cell whose value type (`office:value-type` or `office:boolean-value`) is written with a character reference (`&...;`): the reader would not recognise it and would drop the value; save the file again from LibreOffice";
    IN_XLS_STRAY_STRING: "berkas XLS memuat rekaman STRING yang tidak langsung mengikuti rumus bernilai teks: pembaca akan menuliskan teksnya ke sel rumus terakhir; berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "the XLS file holds a STRING record that does not directly follow a formula of text value: the reader would write its text into the last formula's cell; the file was written wrongly; save it again from Excel/LibreOffice";
    IN_XLS_FORMULA_WORK: "rumus-rumus berkas XLS ini terlalu berat untuk dibaca (lebih dari {} bita teks akan dipindahkan); simpan ulang sebagai XLSX, atau tempel nilainya saja", "the formulas of this XLS file would take too much work to read (over {} bytes of text moved); save it as XLSX, or paste its values only";
    IN_XLS_OLD_RECORD: "berkas XLS memuat rekaman sel yang dilewati pembaca (RSTRING, atau rumus Excel versi lama): nilainya akan hilang; simpan ulang dari Excel/LibreOffice, atau sebagai XLSX", "the XLS file holds a cell record the reader passes over (RSTRING, or a formula of an older Excel): its value would be lost; save it again from Excel/LibreOffice, or as XLSX";
    IN_XLS_EMBEDDED_STREAM: "sebuah lembar berkas XLS memuat sel di dalam atau sesudah aliran tersemat (BOF ... EOF sebuah grafik): pembaca akan menghentikan lembar di ujungnya, atau membaca sel grafik sebagai sel lembar; simpan ulang dari Excel/LibreOffice, atau sebagai XLSX", "a sheet of the XLS file holds cells inside or after an embedded substream (a chart's BOF ... EOF): the reader would end the sheet there, or read the chart's cells as the sheet's; save it again from Excel/LibreOffice, or as XLSX";
    IN_XLS_STRING_ENCODING: "berkas XLS memuat teks yang akan dibaca pembaca dalam pengodean lain (teks yang diawali bita tanda urutan bita, atau rekaman CODEPAGE yang didekodekan berbeda: selain 1200 pada BIFF8, halaman kode dua bita sebelum BIFF8): simpan ulang dari Excel/LibreOffice, atau sebagai XLSX", "the XLS file holds text the reader would read in another encoding (a text starting with byte-order-mark bytes, or a CODEPAGE record it decodes otherwise: other than 1200 in BIFF8, a two-byte code page before BIFF8): save it again from Excel/LibreOffice, or as XLSX";
    IN_XLSB_STRING_ENCODING: "berkas XLSB memuat teks yang diawali bita tanda urutan bita: pembaca akan membacanya dalam pengodean lain; simpan ulang dari Excel, atau sebagai XLSX", "the XLSB file holds text starting with byte-order-mark bytes: the reader would read it in another encoding; save it again from Excel, or as XLSX";
    IN_XML_NAMESPACE: "bagian buku kerja `{}` memakai ruang nama XML dengan cara yang dibaca pembaca secara berbeda (elemen ruang nama lain di antara data, ruang nama dideklarasikan di dalam data, atau awalan ODF diikat ke ruang nama lain): pembaca akan membaca elemen lain daripada Excel/LibreOffice; simpan ulang dari Excel/LibreOffice", "workbook part `{}` uses XML namespaces in a way the reader reads otherwise (an element of another namespace among the data, a namespace declared inside the data, or an ODF prefix bound to another namespace): the reader would read other elements than Excel/LibreOffice do; save the file again from Excel/LibreOffice";
    IN_ODS_COVERED_VALUE: "baris ke-{} sebuah tabel memuat nilai di sel yang tersembunyi di bawah sel gabungan (`table:covered-table-cell`): pembaca akan membacanya, sedangkan LibreOffice menampilkan nilai sel gabungan; pisahkan sel itu atau kosongkan sel yang tersembunyi", "row {} of a table holds a value in a cell hidden under a merged cell (`table:covered-table-cell`): the reader would read it where LibreOffice shows the merged cell's value; unmerge the cells or empty the hidden ones";
    IN_XLSX_DATE_SYSTEM: "sistem tanggal buku kerja (1900 atau 1904: `date1904` pada `workbookPr`, rekaman DATEMODE berkas XLS, atau BrtWbProp berkas XLSB) ditulis dengan cara yang dibaca pembaca berbeda dari Excel: semua tanggal bisa bergeser 4 tahun; simpan ulang dari Excel/LibreOffice", "the workbook's date system (1900 or 1904: `date1904` of `workbookPr`, an XLS file's DATEMODE record, or an XLSB file's BrtWbProp) is written in a way the reader reads otherwise than Excel: every date could move by 4 years; save the file again from Excel/LibreOffice";
    IN_CELL_DURATION: "sel berisi durasi (format waktu berlalu seperti [h]:mm), bukan tanggal atau angka", "the cell holds a duration (an elapsed-time format such as [h]:mm), not a date or a number";
    IN_ODS_VALUE_MISMATCH: "baris ke-{} sebuah tabel memuat sel dengan lebih dari satu atribut nilai, atau atribut nilai yang tidak sesuai jenisnya (`office:value-type`): pembaca akan mengambil yang pertama, LibreOffice yang sesuai jenisnya; simpan ulang dari LibreOffice", "row {} of a table holds a cell of more than one value attribute, or of one its type (`office:value-type`) does not take: the reader would take the first, LibreOffice the one of its type; save the file again from LibreOffice";
    IN_XLS_MACROS: "berkas XLS memuat makro (proyek VBA), yang akan diurai pembaca tanpa batas: simpan ulang tanpa makro, atau sebagai XLSX", "the XLS file holds macros (a VBA project), which the reader would unpack without a bound: save it again without macros, or as XLSX";
    IN_XLSX_TWO_VALUES: "sel {} memuat dua nilai (`<v>` atau `<is>`): pembaca hanya akan mengambil yang terakhir; berkas ditulis dengan salah; simpan ulang dari Excel/LibreOffice", "cell {} holds two values (`<v>` or `<is>`): the reader would keep only the last; the file was written wrongly; save it again from Excel/LibreOffice";
    IN_SHEET_NOT_TABLE: "lembar `{}` adalah lembar grafik, dialog atau makro, bukan tabel: sebutkan lembar kerja dengan --sheet", "sheet `{}` is a chart, dialog or macro sheet, not a table: name a worksheet with --sheet";
    IN_DATE_RANGE: "tanggal di luar rentang Excel (1900-01-01 sampai 9999-12-31)", "date outside Excel's range (1900-01-01 to 9999-12-31)";
    IN_CELL_ERROR_VALUE: "sel berisi nilai galat Excel (mis. #N/A, #REF!): perbaiki rumusnya", "cell holds an Excel error value (e.g. #N/A, #REF!): fix its formula";
    IN_CSV_UNCLOSED: "tanda kutip yang dibuka di baris ini tidak pernah ditutup: sisa berkas terbaca sebagai satu sel; hapus atau gandakan tanda kutip itu (\"\")", "the quote opened on this line is never closed: the rest of the file would read as one cell; remove it or double it (\"\")";
    IN_CSV_AFTER_QUOTE: "teks sesudah tanda kutip penutup (kolom {}): sel berkutip harus diakhiri pemisah atau akhir baris; gandakan tanda kutip di dalam sel (\"\")", "text after a closing quote (column {}): a quoted cell must end at a delimiter or the end of the line; double quotes inside a cell (\"\")";
    IN_CSV_SWALLOWED: "sel berkutip yang dibuka di baris ini menelan baris {} yang tampak sebagai baris data utuh: kemungkinan tanda kutip tidak ditutup", "the quoted cell opened on this line swallows line {}, which looks like a whole data row: a quote is probably not closed";
    IN_CSV_MULTILINE_SHORT: "baris ini berisi {} sel sedangkan judul {}: dengan `--multiline-cells` setiap baris harus selengkap judul, karena ganti baris di tengah baris tidak dapat dibedakan dari sel yang berlanjut ke baris berikutnya; lengkapi pemisahnya atau gabungkan baris yang terpotong", "this line has {} cells where the header has {}: with `--multiline-cells` every row must have the header's cells, since a line break inside a row cannot be told from a cell that runs on to the next line; add the missing delimiters or join the broken line";
    IN_CSV_MULTILINE_SHAPE: "sel berkutip yang dibuka di baris ini berlanjut sampai baris {} dan barisnya berisi {} sel sedangkan judul {}: kemungkinan tanda kutip tidak ditutup", "the quoted cell opened on this line runs to line {} and its row has {} cells where the header has {}: a quote is probably not closed";
    IN_CSV_MULTILINE_DELIM: "sel berkutip yang dibuka di baris ini berlanjut sampai baris {} dan memuat pemisah `{}`: kemungkinan tanda kutip tidak ditutup dan baris-baris berikutnya tertelan; tutup tanda kutip di baris ini, atau hapus pemisah atau ganti baris di dalam sel itu", "the quoted cell opened on this line runs on to line {} and holds the delimiter `{}`: a quote is probably not closed and swallows the rows that follow; close the quote on this line, or remove the delimiter or the line break from that cell";
    IN_CSV_MULTILINE_EDGE: "sel berkutip yang dibuka di baris ini berlanjut sampai baris {} dan merupakan sel pertama atau terakhir barisnya: tidak dapat dibedakan dari tanda kutip yang tidak ditutup; hapus ganti baris di dalam sel itu (atau gunakan berkas XLSX)", "the quoted cell opened on this line runs on to line {} and is the first or the last cell of its row: it cannot be told from a quote that is not closed; remove the line break from that cell (or use an XLSX file)";
    IN_CSV_MULTILINE_BARE: "sel berkutip yang dibuka di baris ini berlanjut sampai baris {} dan diawali atau diakhiri ganti baris: tidak dapat dibedakan dari tanda kutip lepas yang berpasangan dengan tanda kutip baris lain; hapus ganti baris di awal atau akhir sel itu (atau gunakan berkas XLSX)", "the quoted cell opened on this line runs on to line {} and starts or ends with a line break: it cannot be told from a stray quote pairing with a quote of another row; remove the line break at the start or end of that cell (or use an XLSX file)";
    IN_CSV_MULTILINE_UNTITLED: "sel berkutip yang dibuka di baris ini berlanjut sampai baris {}, dalam berkas yang judulnya diakhiri kolom tanpa judul: sel seperti itu hanya diterima bila setiap baris berisi sel sebanyak judul dan tidak ada isi di kolom tanpa judul, karena dua baris yang tergabung oleh tanda kutip lepas tampak sama; hapus ganti baris di dalam sel itu atau kolom tanpa judul di akhir judul (atau gunakan berkas XLSX)", "the quoted cell opened on this line runs on to line {}, in a file whose header ends with untitled columns: such a cell is accepted only when every row has all the header's cells and nothing in the untitled columns, since two rows joined by stray quotes look the same; remove the line break from that cell or the untitled columns at the header's end (or use an XLSX file)";
    IN_CSV_MULTILINE_OFF: "sel berkutip yang dibuka di baris ini berlanjut sampai baris {}: ganti baris di dalam sel ditolak karena tanda kutip yang tidak ditutup akan menelan baris-baris berikutnya; tutup tanda kutip di baris ini, hapus ganti baris di dalam sel itu, gunakan berkas XLSX, atau izinkan sel bergaris banyak dengan --multiline-cells", "the quoted cell opened on this line runs on to line {}: line breaks inside cells are refused, as a quote that is not closed would swallow the rows that follow; close the quote on this line, remove the line break from that cell, use an XLSX file, or allow multi-line cells with --multiline-cells";
    HELP_MULTILINE_CELLS: "CSV: terima sel berkutip yang memuat ganti baris (hanya sel tengah tanpa pemisah, dengan teks di baris pertama dan terakhirnya, pada baris dengan jumlah sel sama dengan judul)", "CSV: accept quoted cells holding line breaks (only a middle cell without a delimiter, with text on its first and last lines, in a row with the header's cell count)";
    IN_CSV_STRAY_CR: "baris ini terpotong oleh carriage return (CR) tanpa line feed, dalam berkas yang baris pertamanya diakhiri line feed (LF): CR di dalam sel membelah barisnya menjadi dua; hapus CR itu (atau simpan ulang berkas dengan satu jenis akhir baris)", "this line is cut by a carriage return (CR) without a line feed, in a file whose first line ends with a line feed (LF): a CR inside a cell splits its row in two; remove that CR (or save the file again with one kind of line end)";
    IN_CSV_STRAY_LF: "baris ini terpotong oleh line feed (LF atau CR LF), dalam berkas yang baris pertamanya diakhiri carriage return (CR): LF di dalam sel membelah barisnya menjadi dua; hapus LF itu, atau CR di akhir baris pertama bila itulah yang nyasar (atau simpan ulang berkas dengan satu jenis akhir baris)", "this line is cut by a line feed (LF or CR LF), in a file whose first line ends with a carriage return (CR): an LF inside a cell splits its row in two; remove that LF, or the CR ending the first line if it is the stray one (or save the file again with one kind of line end)";
    IN_CSV_EXTRA_CELLS: "baris berisi {} sel terisi sedangkan judul hanya {} kolom: periksa pemisah di dalam sel tanpa kutip", "the row has {} filled cells but the header only {} columns: check for a delimiter inside an unquoted cell";
    IN_JSON_SYNTAX: "JSON tidak valid di baris {} kolom {}: periksa tanda baca (koma, kurung, tanda kutip)", "invalid JSON at line {} column {}: check the punctuation (commas, brackets, quotes)";
    IN_JSON_SYNTAX_DETAIL: "JSON tidak valid di baris {} kolom {}: {}", "invalid JSON at line {} column {}: {}";
    IN_JSON_EOF: "JSON terpotong: berkas berakhir di tengah nilai (baris {})", "truncated JSON: the file ends inside a value (line {})";
    IN_JSON_DEPTH: "JSON bersarang terlalu dalam atau tidak valid di baris {} kolom {}", "JSON nested too deeply or invalid at line {} column {}";
    IN_JSON_NOT_OBJECT: "rekaman bukan objek JSON ({...})", "the record is not a JSON object ({...})";
    IN_JSON_EMPTY: "tidak ada rekaman: berkas JSON kosong", "no records: the JSON input is empty";
    IN_JSON_TOP: "diharapkan larik JSON berisi objek rekaman, objek-objek (JSONL), atau satu objek", "expected a JSON array of record objects, objects one per line (JSONL), or one object";
    HELP_MAX_INPUT_BYTES: "Batas ukuran berkas data (byte; bawaan 2 GiB)", "Size limit of data files (bytes; default 2 GiB)";
    HELP_MAX_CONFIG_BYTES: "Batas ukuran berkas kebijakan, aturan, pemetaan dan jabatan (byte; bawaan 4 MiB)", "Size limit of policy, rule, mapping and position files (bytes; default 4 MiB)";
    HELP_MAX_ZIP_RATIO: "Batas rasio bagian buku kerja setelah dibuka terhadap ukuran terkompresinya, di atas 16 MiB pertama (bawaan 100; 0 mematikan)", "Limit on how many times a workbook part may grow once uncompressed, beyond its first 16 MiB (default 100; 0 turns it off)";
    HELP_MAX_UNZIPPED_BYTES: "Batas isi buku kerja XLSX/ODS setelah dibuka (byte; bawaan 1 GiB; tiap bagian paling banyak separuhnya)", "Limit on an XLSX/ODS workbook's uncompressed content (bytes; default 1 GiB; each part at most half of it)";
    HELP_MAX_ROWS: "Batas jumlah baris (bawaan 6000000)", "Row limit (default 6000000)";
    HELP_MAX_COLUMNS: "Batas jumlah kolom (bawaan 256)", "Column limit (default 256)";
    HELP_COMPACT: "JSON ringkas: satu baris per entri jawaban dan per elemen larik (bawaan: JSON rapi berindentasi)", "Compact JSON: one line per entry of the answer and per element of its arrays (default: indented JSON)";
    HELP_MAX_CELLS: "Batas jumlah sel (bawaan 300000000; teks bersama XLSX: seperenam belasnya)", "Cell limit (default 300000000; XLSX shared strings: a sixteenth of it)";
    // ---- report command
    HELP_REPORT: "Laporan HTML (dan XLSX) untuk pimpinan: kotak talenta, KRS, mutu data", "HTML (and XLSX) report for leadership: 9-box, talent pools, data quality";
    HELP_INPUT: "Berkas pegawai: XLSX, CSV, JSON atau JSONL; `-` = stdin", "Employee file: XLSX, CSV, JSON or JSONL; `-` = stdin";
    HELP_SHEET: "Nama lembar buku kerja (XLSX, XLSM, XLSB, XLS, ODS) atau `sheet N` (lembar ke-N); bila tidak diberikan, lembar terlihat pertama yang berisi data", "Workbook sheet name (XLSX, XLSM, XLSB, XLS, ODS) or `sheet N` (the N-th sheet); when absent, the first visible sheet with data";
    HELP_MAPPING: "Pemetaan kolom (TOML); pemetaan bawaan berjudul Indonesia bila kosong", "Column mapping (TOML); the built-in Indonesian headers when absent";
    HELP_POSITIONS: "Jabatan target (XLSX, CSV atau JSON)", "Target positions (XLSX, CSV or JSON)";
    HELP_OUTPUT: "Berkas laporan HTML", "HTML report file";
    HELP_XLSX: "Tulis juga tabel yang sama ke buku kerja XLSX", "Also write the same tables to an XLSX workbook";
    HELP_POLICY: "Kebijakan: nama preset atau berkas TOML/JSON", "Policy: preset name or TOML/JSON file";
    HELP_RULES: "Aturan merit bagian kelayakan: nama himpunan bawaan (bawaan: talent_pool_entry; lihat `meritkit rules list`) atau berkas TOML/JSON", "Merit rules of the eligibility section: built-in rule-set name (default: talent_pool_entry; see `meritkit rules list`) or TOML/JSON file";
    HELP_DATE: "Tanggal acuan YYYY-MM-DD (hari ini bila kosong)", "Reference date YYYY-MM-DD (today when absent)";
    HELP_REDACT: "Ganti nama dan NIP dengan nama samaran tetap (HMAC-SHA256 berkunci)", "Replace names and NIPs by stable pseudonyms (keyed HMAC-SHA256)";
    HELP_REDACT_KEY: "Kunci nama samaran, minimal 16 byte selain spasi, 8 karakter berbeda (atau variabel lingkungan MERITKIT_REDACT_KEY); memberi kunci berarti --redact", "Pseudonym key, at least 16 non-space bytes with 8 different characters (or the MERITKIT_REDACT_KEY environment variable); giving a key implies --redact";
    HELP_SHOW_PERSONAL: "Tampilkan NIP baris bermasalah di daftar galat, pesan dan log (bawaan: baris disebut menurut letaknya)", "Show the NIP of faulty rows in error lists, messages and logs (default: rows are named by their position)";
    HELP_QUIET: "Tanpa keluaran di stderr kecuali galat", "No stderr output except errors";
    HELP_JSON_ERRORS: "Galat dan ringkasan sebagai JSON di stderr", "Errors and summary as JSON on stderr";
    HELP_TITLE: "Judul laporan", "Report title";
    REDACT_NEEDS_KEY: "--redact memerlukan --redact-key atau MERITKIT_REDACT_KEY", "--redact needs --redact-key or MERITKIT_REDACT_KEY";
    PROGRESS_READ: "membaca baris", "reading rows";
    PROGRESS_SCORE: "memetakan ke kotak talenta", "placing on the 9-box";
    DONE_REPORT: "laporan ditulis: {} ({} baris: {} terpetakan, {} tertunda, {} bermasalah)", "report written: {} ({} rows: {} placed, {} holding, {} with errors)";
    DONE_XLSX: "buku kerja ditulis: {}", "workbook written: {}";
    ROW_ERROR_LINE: "  {} {} [{}] {}: {}", "  {} {} [{}] {}: {}";
    // ---- report content
    R_TITLE: "Laporan Manajemen Talenta ASN", "ASN Talent Management Report";
    R_SUBTITLE: "Pemetaan kotak talenta (9-box) menurut PermenPANRB 3/2020 jo 20/2025", "9-box talent mapping under PermenPANRB 3/2020 as amended by 20/2025";
    R_TOC: "Daftar isi", "Contents";
    R_SUMMARY: "Ringkasan", "Summary";
    R_ROWS: "Baris masukan", "Input rows";
    R_PLACED: "Terpetakan", "Placed";
    R_HOLDING: "Tertunda (data belum lengkap)", "Holding (data incomplete)";
    R_ERRORS: "Baris bermasalah", "Rows with errors";
    R_KRS_INSTANSI: "KRS instansi (kotak 7, 8, 9)", "Agency talent pool (boxes 7, 8, 9)";
    R_KRS_NASIONAL: "KRS nasional (kotak 9)", "National talent pool (box 9)";
    R_GRID_PROVINCE: "Kotak talenta — seluruh OPD", "9-box — all units";
    R_GRID_UNITS: "Kotak talenta per OPD", "9-box per unit (OPD)";
    R_AXIS_PERF: "Kinerja", "Performance";
    R_AXIS_POT: "Potensial", "Potential";
    R_SHARE_NOTE: "Angka: jumlah pegawai (persentase dari yang terpetakan). Warna: kelompok kotak; makin pekat makin besar persentasenya.", "Numbers: employees (share of those placed). Colour: box group; the darker, the larger the share.";
    R_LEGEND_HIGH: "Kotak 7–9: kelompok rencana suksesi", "Boxes 7–9: succession pools";
    R_LEGEND_MID: "Kotak 4–6: pengembangan", "Boxes 4–6: development";
    R_LEGEND_LOW: "Kotak 1–3: bimbingan kinerja", "Boxes 1–3: performance coaching";
    R_BOX_TABLE: "Arti kotak dan tindak lanjut", "Box meaning and follow-up";
    R_DESCRIPTION: "Keterangan", "Description";
    R_FOLLOW_UP: "Rekomendasi tindak lanjut", "Recommended follow-up";
    R_COUNT: "Jumlah", "Count";
    R_SHARE: "Persentase", "Share";
    R_TALENT_POOL: "Kelompok rencana suksesi (talent pool)", "Talent pools";
    R_NIP: "NIP", "NIP";
    R_NAME: "Nama", "Name";
    R_UNIT: "Unit kerja", "Unit";
    R_POSITION_KIND: "Jenis jabatan", "Position kind";
    R_BOX: "Kotak", "Box";
    R_PREDIKAT: "Predikat terakhir", "Latest predikat";
    R_POTENTIAL_SCORE: "Nilai potensial", "Potential score";
    R_JPM: "JPM (%)", "JPM (%)";
    R_POOL: "KRS", "Pool";
    R_NONE: "Tidak ada", "None";
    R_POOL_INSTANSI: "KRS instansi", "agency pool";
    R_POOL_NASIONAL: "KRS nasional", "national pool";
    R_CRITICAL: "Kritikal", "Critical";
    R_DATA_QUALITY: "Mutu data", "Data quality";
    R_DQ_INTRO: "Baris di bawah ini tidak dipetakan sampai datanya diperbaiki. Kode galat stabil; lihat panduan.", "The rows below are not placed until their data is fixed. Error codes are stable; see the guide.";
    R_DQ_BY_CODE: "Galat per kode", "Errors by code";
    R_DQ_BY_UNIT: "Galat per OPD", "Errors by unit";
    R_DQ_ROWS: "Daftar baris bermasalah", "Rows with errors";
    R_DQ_WARNINGS: "Peringatan pembacaan berkas", "File-reading warnings";
    R_DQ_HOLDING: "Pegawai tertunda (data belum lengkap)", "Employees on hold (incomplete data)";
    R_MISSING: "Data yang kurang", "Missing";
    R_CODE: "Kode", "Code";
    R_FIELD: "Kolom", "Field";
    R_MESSAGE: "Pesan", "Message";
    R_SOURCE_ROW: "Baris berkas", "File row";
    R_CELL: "Sel", "Cell";
    R_ALL_CLEAN: "Tidak ada baris bermasalah.", "No rows with errors.";
    R_TARGETS: "Jabatan target", "Target positions";
    R_TARGET_TITLE: "Jabatan", "Position";
    R_NO_TARGETS: "Tidak ada berkas jabatan target (--positions).", "No target positions file (--positions).";
    R_ELIGIBILITY: "Temuan kelayakan (aturan merit)", "Eligibility findings (merit rules)";
    R_SUCCESSION: "Daftar pendek suksesi per jabatan target", "Succession shortlists per target position";
    R_BENCH: "Kekuatan bangku cadangan (bench strength)", "Bench strength";
    R_FAIRNESS: "Dampak merugikan (aturan empat-perlima)", "Adverse impact (four-fifths rule)";
    R_MOVEMENT: "Perpindahan kotak antarperiode", "Movement between periods";
    R_NO_PREVIOUS_PENDING: "Belum dihitung: berikan berkas periode sebelumnya dengan --previous (modul {}).", "Not computed: give the previous period's file with --previous ({} module).";
    R_MOVEMENT_MATRIX: "Matriks perpindahan instansi {} → {} (baris: kotak {}, kolom: kotak {}; - = holding)", "Agency movement matrix {} → {} (rows: box in {}, columns: box in {}; - = holding)";
    R_MOVEMENT_COUNTS: "Ringkasan perpindahan dan kelompok rencana suksesi", "Movement and talent-pool summary";
    R_MOVEMENT_LARGE: "Berpindah dua tingkat atau lebih", "Moved two or more levels";
    X_MOVEMENT: "Perpindahan", "Movement";
    HELP_PREVIOUS: "Berkas pegawai periode sebelumnya (XLSX/CSV/JSON) untuk bagian perpindahan", "The previous period's employee file (XLSX/CSV/JSON) for the movement section";
    HELP_PREVIOUS_DATE: "Tanggal acuan periode sebelumnya YYYY-MM-DD (bawaan: setahun sebelum --date)", "Reference date of the previous period YYYY-MM-DD (default: a year before --date)";
    R_NO_POSITIONS_PENDING: "Belum dihitung: berikan berkas jabatan target dengan --positions (modul {}).", "Not computed: give a target positions file with --positions ({} module).";
    R_RULES_BY_RULE: "Hasil per aturan", "Results per rule";
    R_RULES_BY_UNIT: "Kelayakan per OPD", "Eligibility per unit";
    R_RULES_INELIGIBLE: "Pegawai yang tidak memenuhi atau datanya kurang", "Employees who fail a rule or lack the data";
    R_RULE: "Aturan", "Rule";
    R_SEVERITY: "Tingkat", "Severity";
    R_PASS: "Memenuhi", "Pass";
    R_FAIL: "Tidak memenuhi", "Fail";
    R_UNKNOWN: "Data kurang", "Unknown (data missing)";
    R_NOT_ASSESSED: "Tidak dinilai", "Not assessed";
    R_ELIGIBLE: "Layak", "Eligible";
    R_INELIGIBLE: "Tidak layak", "Not eligible";
    R_METHOD: "metode", "method";
    R_FUNNEL: "corong: {} dipertimbangkan → {} dalam kelompok calon → {} layak → {} diperingkat → {} daftar pendek", "funnel: {} considered → {} in the pool → {} eligible → {} ranked → {} shortlisted";
    R_RANK: "Peringkat", "Rank";
    R_SCORE: "Skor", "Score";
    R_READINESS: "Kesiapan", "Readiness";
    R_TOP_REASONS: "Alasan utama (kontribusi kriteria)", "Top reasons (criterion contributions)";
    R_EXCLUDED: "Dikecualikan dari daftar pendek, per alasan", "Excluded from the shortlists, by reason";
    R_BENCH_POSITIONS: "Kesiapan suksesor per jabatan target", "Successor readiness per target position";
    R_BENCH_UNITS: "Kekuatan bangku cadangan per OPD", "Bench strength per unit";
    R_AT_RISK: "Berisiko", "At risk";
    R_POSITIONS: "Jabatan target", "Target positions";
    R_CRITICAL_COVERED: "Kritikal dengan suksesor siap sekarang", "Critical with a ready-now successor";
    R_COVERAGE: "Cakupan", "Coverage";
    R_WITH_READY_NOW: "Jabatan dengan suksesor siap sekarang", "Positions with a ready-now successor";
    R_OVERLAP: "Suksesor di lebih dari satu jabatan", "Successors on more than one shortlist";
    R_YES: "ya", "yes";
    R_NO: "tidak", "no";
    R_GROUP_COLUMN: "Kelompok", "Group column";
    R_STAGE: "Tahap", "Stage";
    R_GROUP: "Kelompok", "Group";
    R_CONSIDERED: "Dipertimbangkan", "Considered";
    R_SELECTED: "Terpilih", "Selected";
    R_SELECTION_RATE: "Tingkat seleksi", "Selection rate";
    R_IMPACT_RATIO: "Rasio dampak", "Impact ratio";
    R_FOUR_FIFTHS: "Di bawah empat-perlima", "Below four-fifths";
    R_SIGNIFICANT: "Signifikan", "Significant";
    R_SMALL_SAMPLE: "Sampel kecil", "Small sample";
    R_REFERENCE: "acuan", "reference";
    R_RULE_SET: "Himpunan aturan merit", "Merit rule set";
    R_SUCCESSION_POLICY: "Kebijakan suksesi", "Succession policy";
    R_NOT_AVAILABLE: "Belum tersedia: modul {} belum ada di versi meritkit ini. Bagian ini sengaja dikosongkan — tidak ada data rekaan.", "Not available: the {} module is not part of this meritkit build yet. This section is left empty on purpose — no data is made up.";
    R_AUDIT: "Jejak audit", "Audit trail";
    R_AUDIT_INTRO: "Dengan berkas masukan dan kebijakan yang sama, laporan ini dapat dibuat ulang dengan hasil yang sama.", "With the same input file and policy, this report can be regenerated with the same results.";
    R_INPUT_FILE: "Berkas masukan", "Input file";
    R_INPUT_SHA: "SHA-256 berkas masukan", "Input file SHA-256";
    R_SHEET: "Lembar", "Sheet";
    R_SHEET_AT: "lembar {}", "sheet {}";
    R_MAPPING: "Pemetaan kolom", "Column mapping";
    R_MAPPING_BUILTIN: "bawaan (judul Indonesia)", "built-in (Indonesian headers)";
    R_POLICY_FP: "Sidik kebijakan (SHA-256)", "Policy fingerprint (SHA-256)";
    R_POSITIONS_SHA: "SHA-256 berkas jabatan target", "Target positions file SHA-256";
    R_REF_DATE: "Tanggal acuan", "Reference date";
    R_GENERATED: "Dibuat pada (UTC)", "Generated at (UTC)";
    R_VERSION: "Versi meritkit", "meritkit version";
    R_REDACTED: "Nama dan NIP disamarkan (HMAC-SHA256 berkunci).", "Names and NIPs are pseudonymised (keyed HMAC-SHA256).";
    R_PERSONAL_WARNING: "RAHASIA — berisi data pribadi pegawai. Jangan disebarluaskan.", "CONFIDENTIAL — contains employees' personal data. Do not distribute.";
    R_FOOTER: "Dibuat dengan meritkit. Nomor kotak resmi: 9 = kinerja di atas ekspektasi dan potensial tinggi.", "Made with meritkit. Official box numbers: 9 = performance above expectations and high potential.";
    R_PER_UNIT_SUMMARY: "Ringkasan per OPD", "Summary per unit";
    R_BASIS: "Dasar hukum setiap pilihan", "Legal basis of each choice";
    R_BASIS_INTRO: "Asal setiap bagian kebijakan dan setiap aturan: undang-undang, peraturan, edaran resmi, praktik lokal, atau bawaan meritkit, dengan peraturan, pasal dan tingkat keyakinan. Praktik lokal dan bawaan meritkit bukan hukum nasional.", "Where each part of the policy and each rule comes from: statute, regulation, official guidance, local practice or a meritkit default, with the instrument, article and confidence. Local practice and meritkit defaults are not national law.";
    R_BASIS_ITEM: "Butir", "Item";
    R_BASIS_KIND: "Jenis dasar", "Kind";
    R_BASIS_SOURCE: "Peraturan dan pasal", "Instrument and article";
    R_BASIS_CONFIDENCE: "Keyakinan", "Confidence";
    R_BASIS_NOTE: "Catatan", "Note";
    K_STATUTE: "undang-undang", "statute";
    K_GOVERNMENT_REGULATION: "peraturan pemerintah", "government regulation";
    K_MINISTERIAL_REGULATION: "peraturan menteri / BKN", "ministerial regulation";
    K_OFFICIAL_GUIDANCE: "edaran / pedoman resmi", "official guidance";
    K_LOCAL_PRACTICE: "praktik lokal", "local practice";
    K_MERITKIT_DEFAULT: "bawaan meritkit", "meritkit default";
    C_HIGH: "tinggi", "high";
    C_MEDIUM: "sedang", "medium";
    C_LOW: "rendah", "low";
    HELP_POLICY_REGULATION_DOC: "Cetak docs/regulation.md: setiap klaim hukum mesin dan dasarnya", "Print docs/regulation.md: every legal claim of the engine and its basis";
    R_TOTAL: "Jumlah", "Total";
    R_SHOWING: "Menampilkan {} dari {} baris; daftar lengkap ada di buku kerja XLSX (--xlsx).", "Showing {} of {} rows; the full list is in the XLSX workbook (--xlsx).";
    // ---- xlsx sheet names (max 31 characters)
    X_SUMMARY: "Ringkasan", "Summary";
    X_GRID: "Kotak Talenta", "9-Box";
    X_POOL: "KRS", "Talent Pool";
    X_RESULTS: "Hasil", "Results";
    X_ERRORS: "Mutu Data", "Data Quality";
    X_TARGETS: "Jabatan Target", "Target Positions";
    X_ELIGIBILITY: "Kelayakan", "Eligibility";
    X_SUCCESSION: "Suksesi", "Succession";
    X_BENCH: "Bench Strength", "Bench Strength";
    X_FAIRNESS: "Dampak Merugikan", "Adverse Impact";
    X_ITEM: "Butir", "Item";
    X_VALUE: "Nilai", "Value";
    X_STATUS: "Status", "Status";
    X_PERF_LEVEL: "Tingkat kinerja", "Performance level";
    X_POT_LEVEL: "Tingkat potensial", "Potential level";
    // ---- report: refused paths and keys
    OUT_SAME_FILE: "berkas keluaran {} adalah berkas yang sama dengan {}: berkas itu akan tertimpa; pilih jalur lain", "output {} is the same file as {}: it would be overwritten; choose another path";
    REDACT_KEY_SHORT: "kunci nama samaran terlalu lemah: minimal {} byte selain spasi dengan minimal {} karakter berbeda (frasa acak yang panjang; kunci kosong atau pendek dapat ditebak dan nama samaran dibalik)", "pseudonym key too weak: at least {} bytes that are not spaces, with at least {} different characters (a long random phrase; an empty or short key can be guessed and the pseudonyms reversed)";
    REDACT_IMPLIED: "kunci nama samaran diberikan: laporan disamarkan (--redact berlaku)", "a pseudonym key was given: the report is redacted (--redact implied)";
    // ---- bounds (error rows, succession size)
    HELP_MAX_ERROR_ROWS: "Batas baris bermasalah; lebih dari itu berkas ditolak (bawaan 500000)", "Limit on rows with errors; past it the file is refused (default 500000)";
    HELP_MAX_POSITIONS: "Batas jabatan target per permintaan suksesi (bawaan 10000)", "Limit on target positions per succession request (default 10000)";
    HELP_MAX_PAIRS: "Batas pasangan jabatan × kandidat yang dinilai (bawaan 2000000)", "Limit on position × candidate pairs evaluated (default 2000000)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_both_languages_and_the_same_placeholders() {
        let mut keys = std::collections::BTreeSet::new();
        for e in ALL {
            assert!(!e.id.trim().is_empty() && !e.en.trim().is_empty(), "{}", e.key);
            assert_eq!(e.id.matches("{}").count(), e.en.matches("{}").count(), "{}", e.key);
            assert!(keys.insert(e.key), "duplicate key {}", e.key);
        }
    }

    #[test]
    fn fmt_fills_in_order() {
        assert_eq!(t::POLICY_VALID.fmt(Lang::En, &[&"x", &"ab"]), "ok: policy `x` is valid, fingerprint ab");
        assert_eq!(t::POLICY_VALID.fmt(Lang::Id, &[&"x", &"ab"]), "ok: kebijakan `x` valid, sidik ab");
    }
}
