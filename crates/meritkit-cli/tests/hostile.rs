//! Hostile input files: every one ends, within a time limit and under
//! `ulimit -v 3000000` (about 2.9 GiB of address space), with exit code 2 (or
//! 3 for a problem confined to a cell) and a stable error code, never a panic
//! (101) or an abort (134). Big files are generated here, never committed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(unix)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("meritkit-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs the binary under `ulimit -v 3000000` with a time limit; returns the
/// exit code and stdout + stderr.
fn run_limited(args: &[&str], secs: u64) -> (Option<i32>, String) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let err_path = dir().join(format!("stderr-{n}"));
    let out_path = dir().join(format!("stdout-{n}"));
    let err = std::fs::File::create(&err_path).unwrap();
    let out = std::fs::File::create(&out_path).unwrap();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 3000000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_meritkit"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = std::fs::read_to_string(&out_path).unwrap_or_default()
        + &std::fs::read_to_string(&err_path).unwrap_or_default();
    (status.code(), text)
}

fn assert_refused(args: &[&str], codes: &[i32], stable: &str) -> String {
    let (code, err) = run_limited(args, 120);
    assert!(code.is_some_and(|c| codes.contains(&c)), "{args:?}: exit {code:?} (want {codes:?}), stderr: {err}");
    assert!(err.contains(&format!("[{stable}]")), "{args:?}: no [{stable}] in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

// ---- a minimal zip writer, to put raw (lying) deflate data in a workbook

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
        }
    }
    !c
}

struct Entry {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

fn zip_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let fields = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&e.method.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&0x21u16.to_le_bytes());
            v.extend_from_slice(&e.crc.to_le_bytes());
            v.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            v.extend_from_slice(&e.size.to_le_bytes());
            v.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        fields(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn stored(name: &str, data: &[u8]) -> Entry {
    Entry { name: name.into(), method: 0, data: data.to_vec(), crc: crc32(data), size: data.len() as u32 }
}

/// Raw deflate data that expands to `mib` MiB of spaces, built from one
/// compressed, byte-aligned 1 MiB chunk repeated (so the test stays fast).
fn deflate_spaces(mib: usize) -> Vec<u8> {
    use flate2::write::DeflateEncoder;
    let chunk = vec![b' '; 1 << 20];
    let mut enc = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap();
    let first = enc.get_ref().len();
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap();
    let second_end = enc.get_ref().len();
    let all = enc.finish().unwrap();
    // The second chunk only refers back to spaces, so it can be repeated.
    let mut v = all[..first].to_vec();
    let rep = all[first..second_end].to_vec();
    for _ in 1..mib {
        v.extend_from_slice(&rep);
    }
    v.extend_from_slice(&all[second_end..]);
    v
}

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WB: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Pegawai" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

fn sheet(rows: &str, dimension: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn inline(r: &str, s: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

const HEADER: &[&str] = &["NIP", "Unit Kerja", "Jenis Jabatan", "Tanggal Lahir"];

fn header_row() -> String {
    let cells: String = HEADER.iter().zip(["A1", "B1", "C1", "D1"]).map(|(h, r)| inline(r, h)).collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// A one-sheet workbook: the fixed parts (content types, relationships,
/// workbook, styles) and then `parts` (the sheet, shared strings, ...).
fn workbook(parts: Vec<Entry>) -> Vec<u8> {
    let mut entries = vec![
        stored("[Content_Types].xml", CT.as_bytes()),
        stored("_rels/.rels", RELS.as_bytes()),
        stored("xl/workbook.xml", WB.as_bytes()),
        stored("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
        stored("xl/styles.xml", STYLES.as_bytes()),
    ];
    entries.extend(parts);
    zip_bytes(&entries)
}

fn xlsx(sheet_xml: &str) -> Vec<u8> {
    workbook(vec![stored("xl/worksheets/sheet1.xml", sheet_xml.as_bytes())])
}

fn score(p: &Path) -> Vec<String> {
    vec![
        "--lang".into(),
        "en".into(),
        "score".into(),
        "--input".into(),
        p.to_string_lossy().into_owned(),
        "--date".into(),
        "2026-01-02".into(),
    ]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn a_well_formed_hand_made_workbook_reads() {
    // The control: the same construction without the hostile part scores its row.
    let row = format!(
        r#"<row r="2">{}{}{}<c r="D2" s="1"><v>30000</v></c></row>"#,
        inline("A2", "198001012005011001"),
        inline("B2", "Dinas Pangan"),
        inline("C2", "pelaksana")
    );
    let p = write("ok.xlsx", &xlsx(&sheet(&format!("{}{row}", header_row()), "A1:D2")));
    let (code, err) = run_limited(&args(&score(&p)), 120);
    assert!(matches!(code, Some(0) | Some(3)), "{code:?} {err}");
    assert!(!err.contains("invalid_input"), "{err}");
}

#[test]
fn a_date_cell_with_a_huge_serial_is_an_error_of_that_cell() {
    // Serial 1e12 is far past 9999-12-31 (2958465): jiff's Span::days used to panic.
    for v in ["1e12", "-5", "2958466", "1e308"] {
        let row = format!(
            r#"<row r="2">{}{}{}<c r="D2" s="1"><v>{v}</v></c></row>"#,
            inline("A2", "198001012005011001"),
            inline("B2", "Dinas Pangan"),
            inline("C2", "pelaksana")
        );
        let p = write("date.xlsx", &xlsx(&sheet(&format!("{}{row}", header_row()), "A1:D2")));
        let err = assert_refused(&args(&score(&p)), &[3], "invalid_value");
        assert!(err.contains("Pegawai!D2"), "names the cell: {err}");
        assert!(!err.contains(v), "never the value: {err}");
    }
    // 2958465 itself is 9999-12-31: allowed (later an error of the date rule, not of the reader).
    let row = format!(
        r#"<row r="2">{}{}{}<c r="D2" s="1"><v>2958465</v></c></row>"#,
        inline("A2", "198001012005011001"),
        inline("B2", "Dinas Pangan"),
        inline("C2", "pelaksana")
    );
    let p = write("date-max.xlsx", &xlsx(&sheet(&format!("{}{row}", header_row()), "A1:D2")));
    let (_, err) = run_limited(&args(&score(&p)), 120);
    assert!(!err.contains("Excel's range"), "{err}");
}

#[test]
fn a_cell_or_row_number_past_u32_is_refused_not_read_as_another_row() {
    // calamine adds a reference's digits up in a `u32`: 4294967298 is 2 + 2^32, which a release build
    // wrapped to row 2 (a well-formed row 2 stood beside it: the file read as if the cell were there).
    let good = |r: &str| {
        format!(
            r#"{}{}{}<c r="D{r}" s="1"><v>30000</v></c>"#,
            inline(&format!("A{r}"), "198001012005011001"),
            inline(&format!("B{r}"), "Dinas Pangan"),
            inline(&format!("C{r}"), "pelaksana")
        )
    };
    let cases = [
        // a cell whose position wraps onto row 3 (0-based 2), in an ordinary row
        (format!(r#"<row r="2">{}</row><row r="3">{}</row>"#, good("2"), inline("A4294967299", "x")), "cell #9"),
        // the column letters past u32
        (format!(r#"<row r="2">{}{}</row>"#, good("2"), inline("AAAAAAAAAAAAAAAAAAAAAAAAAA2", "x")), "cell #9"),
        // a row number past u32, its cells without positions
        (
            format!(
                r#"<row r="2">{}</row><row r="4294967299"><c t="inlineStr"><is><t>x</t></is></c></row>"#,
                good("2")
            ),
            "row number #3",
        ),
        // a row number 0 or not a number
        (format!(r#"<row r="0">{}</row>"#, good("2")), "row number #2"),
        (format!(r#"<row r="-2">{}</row>"#, good("2")), "row number #2"),
        // what calamine's u32 sums cannot take although a u32 holds it (ten digits, seven letters), and
        // what it refuses unlocated ("damaged"): `$`, spaces
        (format!(r#"<row r="2">{}</row><row r="3">{}</row>"#, good("2"), inline("A4294967295", "x")), "cell #9"),
        (format!(r#"<row r="2">{}</row><row r="3">{}</row>"#, good("2"), inline("AAAAAAA3", "x")), "cell #9"),
        (format!(r#"<row r="2">{}</row><row r="3">{}</row>"#, good("2"), inline("$A$3", "x")), "cell #9"),
        (format!(r#"<row r="2">{}</row><row r="4294967295">{}</row>"#, good("2"), inline("A3", "x")), "row number #3"),
        (format!(r#"<row r=" 2 ">{}</row>"#, good("2")), "row number #2"),
    ];
    for (rows, place) in cases {
        let p = write("wrap.xlsx", &xlsx(&sheet(&format!("{}{rows}", header_row()), "A1:D3")));
        let err = assert_refused(&args(&score(&p)), &[2], "invalid_input");
        assert!(err.contains(place) && err.contains("Pegawai!"), "names the place ({place}): {err}");
        assert!(!err.contains("4294967299") && !err.contains("1980010120"), "never the value: {err}");
    }
}

#[test]
fn a_cell_at_the_far_corner_is_refused_before_allocating() {
    // 2 KB: one cell at XFD1048576 made calamine allocate 16384 x 1048576 cells (512 GB).
    let rows = format!(r#"{}<row r="1048576">{}</row>"#, header_row(), inline("XFD1048576", "x"));
    let p = write("corner.xlsx", &xlsx(&sheet(&rows, "A1:XFD1048576")));
    assert!(std::fs::metadata(&p).unwrap().len() < 4096);
    let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
    assert!(err.contains("--max-columns"), "says how to raise it: {err}");
    // Far down but narrow is within the row limit: read sparsely, the lone cell is a row of its own.
    let rows = format!(r#"{}<row r="1048576">{}</row>"#, header_row(), inline("A1048576", "198001012005011001"));
    let p = write("deep.xlsx", &xlsx(&sheet(&rows, "A1:D1048576")));
    let (code, err) = run_limited(&args(&score(&p)), 120);
    assert!(matches!(code, Some(0) | Some(3)), "{code:?} {err}");
}

#[test]
fn zip_bombs_are_refused_by_uncompressed_size() {
    // 600 MiB of spaces in a ~1 MB part: over the 512 MiB part limit.
    let bomb = deflate_spaces(600);
    assert!(bomb.len() < 3 << 20, "{}", bomb.len());
    for (name, declared) in [("bomb-honest.xlsx", 600u32 << 20), ("bomb-lying.xlsx", 1000)] {
        let book = workbook(vec![Entry {
            name: "xl/worksheets/sheet1.xml".into(),
            method: 8,
            data: bomb.clone(),
            crc: 0,
            size: declared,
        }]);
        let p = write(name, &book);
        // by default: the honest one by its declared size, before any decompression; the lying
        // one by the ratio, after about 100 times its compressed size
        let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
        if declared > 1000 {
            assert!(err.contains("--max-unzipped-bytes"), "{err}");
        } else {
            assert!(err.contains("100 times its compressed size") && err.contains("--max-zip-ratio"), "{err}");
        }
        // without the ratio check, the size cap does
        let mut a = score(&p);
        a.insert(0, "--max-zip-ratio=0".into());
        let err = assert_refused(&args(&a), &[2], "limit_exceeded");
        assert!(err.contains("--max-unzipped-bytes"), "{err}");
    }
}

/// A part may grow at most `--max-zip-ratio` (100) times its compressed size
/// beyond its first 16 MiB: 40 MiB of one repeated row in a part of a few
/// hundred KB is refused naming the part; at a ratio of 1,000 it is read (and
/// then refused by what it holds, not by its size); a real sheet, which
/// compresses far less, is never near the limit.
#[test]
fn a_part_that_unpacks_far_beyond_its_compressed_size_is_refused() {
    let row = r#"<row><c t="inlineStr"><is><t>x</t></is></c></row>"#;
    let data = deflate_repeated(b"", row.as_bytes(), 40);
    let ratio = (40u64 << 20) / data.len() as u64;
    assert!(ratio > 100, "{ratio}");
    let book =
        workbook(vec![Entry { name: "xl/worksheets/sheet1.xml".into(), method: 8, data, crc: 0, size: 40 << 20 }]);
    let p = write("ratio-bomb.xlsx", &book);
    let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
    assert!(err.contains("xl/worksheets/sheet1.xml") && err.contains("--max-zip-ratio"), "{err}");
    let mut a = score(&p);
    a.insert(0, format!("--max-zip-ratio={}", ratio * 2));
    let (code, err) = run_limited(&args(&a), 120);
    assert!(matches!(code, Some(2)), "{code:?} {err}");
    assert!(!err.contains("--max-zip-ratio"), "{err}");
}

/// Raw deflate data: `head`, then `item` repeated about `mib` MiB (whole items,
/// built like [`deflate_spaces`] from one repeated, byte-aligned chunk whose
/// length is a multiple of the item's, so the period stays in phase).
fn deflate_repeated(head: &[u8], item: &[u8], mib: usize) -> Vec<u8> {
    use flate2::write::DeflateEncoder;
    let chunk = item.repeat((1 << 20) / item.len() + 1);
    let mut enc = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(head).unwrap();
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap();
    let first = enc.get_ref().len();
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap();
    let second_end = enc.get_ref().len();
    let all = enc.finish().unwrap();
    let mut v = all[..first].to_vec();
    let rep = all[first..second_end].to_vec();
    for _ in 1..mib {
        v.extend_from_slice(&rep);
    }
    v.extend_from_slice(&all[second_end..]);
    v
}

/// (`x:` bound to SpreadsheetML too, as the Open XML SDK writes it: calamine counts `<x:si>` by its local name)
const SST_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// A workbook whose header row is inline and whose A2 is shared string 0.
fn xlsx_with_shared_strings(sst: Entry) -> Vec<u8> {
    let row = format!(
        r#"<row r="2"><c r="A2" t="s"><v>0</v></c>{}{}</row>"#,
        inline("B2", "Dinas Pangan"),
        inline("C2", "pelaksana")
    );
    workbook(vec![
        stored("xl/worksheets/sheet1.xml", sheet(&format!("{}{row}", header_row()), "A1:D2").as_bytes()),
        sst,
    ])
}

#[test]
fn xlsx_shared_strings_are_counted_before_calamine_loads_them() {
    // The limit is a sixteenth of --max-cells: 1600 cells allow 100 shared strings.
    let table = |n: usize| {
        format!("{SST_HEAD}<si><t>198001012005011001</t></si>{}</sst>", "<x:si><t>a</t></x:si>".repeat(n - 1))
    };
    let at_limit =
        write("sst-100.xlsx", &xlsx_with_shared_strings(stored("xl/sharedStrings.xml", table(100).as_bytes())));
    let mut a = score(&at_limit);
    a.insert(0, "--max-cells=1600".into());
    let (code, err) = run_limited(&args(&a), 120);
    assert!(matches!(code, Some(0) | Some(3)), "{code:?} {err}");
    assert!(!err.contains("limit_exceeded"), "{err}");
    let over = write("sst-101.xlsx", &xlsx_with_shared_strings(stored("xl/sharedStrings.xml", table(101).as_bytes())));
    let mut a = score(&over);
    a.insert(0, "--max-cells=1600".into());
    let err = assert_refused(&args(&a), &[2], "limit_exceeded");
    assert!(err.contains("100 shared strings") && err.contains("--max-cells"), "{err}");
    // A zip-bomb part of one-letter strings, refused by their count (its size is under the
    // part limit) before calamine allocates them; the part lies about its size and has no
    // valid CRC, so it counts as damaged after the count. At the default limit (18,750,000)
    // the same file is a ~800 KB part of 20 million strings (340 MB, which took calamine
    // 1.7 GB of memory and minutes before the count); a twentieth of it keeps this test quick:
    // 17 × 61,681 = 1,048,577 strings (18 MB) over the 1,000,000 of --max-cells=16000000
    // (under this test's `ulimit -v`, a quarter of the address space allows 24,000,000 cells).
    let bomb = deflate_repeated(SST_HEAD.as_bytes(), b"<si><t>a</t></si>", 17);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let sst = Entry { name: "xl/sharedStrings.xml".into(), method: 8, data: bomb, crc: 0, size: 1000 };
    let p = write("sst-bomb.xlsx", &xlsx_with_shared_strings(sst));
    let mut a = score(&p);
    a.insert(0, "--max-cells=16000000".into());
    a.insert(0, "--max-zip-ratio=0".into()); // (the count is under test, not the ratio)
    let err = assert_refused(&args(&a), &[2], "limit_exceeded");
    assert!(err.contains("1000000 shared strings"), "{err}");
}

#[test]
fn ods_repeated_cells_are_bounded() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Pegawai"><table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="1000000000"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let p = write(
        "repeat.ods",
        &zip_bytes(&[
            stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            stored("content.xml", content.as_bytes()),
        ]),
    );
    assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
}

#[test]
fn endless_and_oversized_inputs_are_refused_by_size() {
    // /dev/zero never ends: refused after the 2 GiB input limit, without running out of memory.
    assert_refused(&args(&score(Path::new("/dev/zero"))), &[2], "limit_exceeded");
    // A small limit applies to stdin-like inputs too, and can be set by environment.
    let p = write("big.csv", &vec![b'a'; 5000]);
    let mut a = score(&p);
    a.insert(0, "--max-input-bytes=4096".into());
    let err = assert_refused(&args(&a), &[2], "limit_exceeded");
    assert!(err.contains("4096") && err.contains("MERITKIT_MAX_INPUT_BYTES"), "{err}");
    // Policy files are configuration: 4 MiB at most.
    let policy = write("big-policy.toml", &vec![b'#'; 5 << 20]);
    let csv = write("small.csv", b"nip;unit\n1;2\n");
    let mut a = score(&csv);
    a.extend(["--policy".into(), policy.to_string_lossy().into_owned()]);
    let err = assert_refused(&args(&a), &[2], "limit_exceeded");
    assert!(err.contains("--max-config-bytes"), "{err}");
}

#[test]
fn crafted_small_files_end_with_a_stable_code() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
    let mut seen = 0;
    for e in std::fs::read_dir(&data).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            continue;
        }
        // The expected code is the part of the name before the first `.`, after `--`.
        let stable = name.split("--").nth(1).and_then(|s| s.split('.').next()).unwrap().to_string();
        assert_refused(&args(&score(&p)), &[2, 3], &stable);
        seen += 1;
    }
    assert!(seen >= 5, "{seen}");
}

/// A minimal OLE compound file (512-byte sectors) holding one `Workbook` stream.
fn cfb(stream: &[u8]) -> Vec<u8> {
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let n = stream.len() / 512;
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    h[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes());
    h[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    h[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    h[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    h[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    h[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    h[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    h[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    h[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        h[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    let mut fat = vec![0xFFu8; 512];
    let mut set = |i: usize, v: u32| fat[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
    set(0, 0xFFFF_FFFD);
    set(1, 0xFFFF_FFFE);
    for i in 0..n {
        set(2 + i, if i + 1 == n { 0xFFFF_FFFE } else { (3 + i) as u32 });
    }
    let mut dir = vec![0u8; 512];
    let entry = |d: &mut [u8], name: &str, typ: u8, start: u32, size: u32| {
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            d[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        d[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        d[66] = typ;
        d[68..80].copy_from_slice(&[0xFF; 12]); // no siblings, no child
        d[116..120].copy_from_slice(&start.to_le_bytes());
        d[120..124].copy_from_slice(&size.to_le_bytes());
    };
    entry(&mut dir[..128], "Root Entry", 5, 0xFFFF_FFFE, 0);
    entry(&mut dir[128..256], "Workbook", 2, 2, stream.len() as u32);
    dir[76..80].copy_from_slice(&1u32.to_le_bytes()); // the root's child: Workbook
    [h, fat, dir, stream].concat()
}

fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    [&typ.to_le_bytes()[..], &(data.len() as u16).to_le_bytes()[..], data].concat()
}

fn dimensions(rows: u32, cols: u16) -> Vec<u8> {
    let d = [
        &0u32.to_le_bytes()[..],
        &rows.to_le_bytes()[..],
        &0u16.to_le_bytes()[..],
        &cols.to_le_bytes()[..],
        &[0, 0][..],
    ]
    .concat();
    biff(0x0200, &d)
}

#[test]
fn xls_dimensions_are_checked_before_calamine_reserves_them() {
    // calamine reserves rows x columns cells from a DIMENSIONS record: 1,048,576 x 256
    // (beyond what XLS can hold) would abort on allocation.
    let bof = biff(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let p = write("dims.xls", &cfb(&[bof.clone(), dimensions(1_048_576, 256)].concat()));
    assert_refused(&args(&score(&p)), &[2], "invalid_input");
    // Three full sheets (65,536 x 256 each) exceed the XLS share of the cell limit.
    let full = dimensions(65_536, 256);
    let p = write("dims3.xls", &cfb(&[bof, full.clone(), full.clone(), full].concat()));
    assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
}

#[test]
fn a_dimensions_record_hidden_inside_another_record_is_checked_where_calamine_reads_it() {
    // The BOUNDSHEET record points into the payload of an unknown record, where a sheet of
    // 1,048,576 x 256 cells is declared: a walk of the stream record by record never meets
    // it, calamine reads the sheet from there (and reserved 10 GB: an abort).
    let bof = |dt: u16| biff(0x0809, &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes()[..], &[0u8; 12][..]].concat());
    let name = b"Pegawai";
    let sheet_at =
        |pos: u32| biff(0x0085, &[&pos.to_le_bytes()[..], &[0, 0, name.len() as u8, 0][..], &name[..]].concat());
    let eof = biff(0x000A, &[]);
    let globals = bof(5).len() + sheet_at(0).len() + eof.len();
    let hidden = biff(0x1234, &[bof(0x10), dimensions(1_048_576, 256), eof.clone()].concat());
    let stream = [bof(5), sheet_at(globals as u32 + 4), eof, hidden].concat();
    let p = write("hidden-dims.xls", &cfb(&stream));
    assert_refused(&args(&score(&p)), &[2], "invalid_input");
}

#[test]
fn a_merge_over_the_whole_sheet_is_not_a_problem_per_cell() {
    // 40,000 rows under a header of 256 columns (the default limit), one merge from A2 to the
    // sheet's end: a problem per covered cell was 10 million problems (an abort under this
    // `ulimit -v`, 3.6 GB without it). One a row now; the unknown headers then refuse the file.
    let mut rows = String::from(r#"<row r="1">"#);
    for c in 0..256usize {
        let col = if c < 26 {
            format!("{}", (b'A' + c as u8) as char)
        } else {
            format!("{}{}", (b'A' + (c / 26 - 1) as u8) as char, (b'A' + (c % 26) as u8) as char)
        };
        rows.push_str(&inline(&format!("{col}1"), &format!("h{c}")));
    }
    rows.push_str("</row>");
    for r in 2..40_002 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData><mergeCells count="1"><mergeCell ref="A2:IV1048576"/></mergeCells></worksheet>"#
    );
    let p = write("merge-all.xlsx", &xlsx(&xml));
    assert_refused(&args(&score(&p)), &[2], "unknown_column");
}

#[test]
fn a_json_record_of_millions_of_values_is_bounded_by_memory() {
    // 80 MB: one record holding 40 million numbers. Each became a JSON value (2.9 GB, an abort under
    // this test's `ulimit -v`). The values are counted before the parse: at most a quarter of the
    // memory at 64 bytes a value (here 12,000,000), wherever the array sits (JSON array or JSONL).
    let mut text = String::from(r#"{"nip":"198001012005011001","unit":"A","x":["#);
    text.push_str(&"0,".repeat(40_000_000 - 1));
    text.push_str("0]}");
    for (name, body) in [("values.json", format!("[{text}]")), ("values.jsonl", format!("{text}\n"))] {
        let p = write(name, body.as_bytes());
        let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
        assert!(err.contains("line 1") && err.contains("12000000 values"), "{err}");
        assert!(!err.contains("198001012005011001"), "{err}");
    }
}

#[test]
fn merged_ranges_are_bounded_and_warned_of_in_a_few_lines() {
    let with_merges = |name: &str, merges: &str| {
        let rows: String =
            (2..40).map(|r| format!(r#"<row r="{r}">{}</row>"#, inline(&format!("A{r}"), "x"))).collect();
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}{rows}</sheetData><mergeCells>{merges}</mergeCells></worksheet>"#,
            header_row()
        );
        write(name, &xlsx(&xml))
    };
    // 21.8 million ranges in a 6.5 MB file took over 12 GB (a warning each): at most 1,000,000 are read.
    let p = with_merges("merges-many.xlsx", &r#"<mergeCell ref="A3:B3"/>"#.repeat(1_000_001));
    let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
    assert!(err.contains("1000000 merged ranges"), "{err}");
    // 25 ranges in the data area: 20 warnings name theirs, one more counts the other 5.
    let merges: String = (3..28).map(|r| format!(r#"<mergeCell ref="A{r}:B{r}"/>"#)).collect();
    let (code, out) = run_limited(&args(&score(&with_merges("merges-25.xlsx", &merges))), 60);
    assert_eq!(code, Some(3), "{out}");
    assert_eq!(out.matches("warning [merged_cells]").count(), 21, "{out}");
    assert!(out.contains("and 5 more merged ranges"), "{out}");
}

#[test]
fn a_csv_line_of_millions_of_delimiters_is_refused_while_it_is_read() {
    // 4 MB: a header, then a line of 4 million commas: each cell was kept (8 bytes and more) before the
    // line's width was checked (40 million aborted under `ulimit -v 1500000`). At most the header's cells
    // and 16,384 more are read.
    let text = format!("NIP,Unit Kerja,Jenis Jabatan,Tanggal Lahir\n{}\n", ",".repeat(4_000_000));
    let p = write("commas.csv", text.as_bytes());
    let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
    assert!(err.contains("line 2") && err.contains("16388 cells"), "{err}");
}

/// `--max-rows` / `--max-cells` bound JSON and JSONL like CSV: a file of
/// more records (or fields) than the limit is refused, exit 2,
/// `limit_exceeded`, before its records are converted.
#[test]
fn json_and_jsonl_records_count_against_the_row_and_cell_limits() {
    let arr = write("ten.json", format!("[{}]", ["{}"; 10].join(",")).as_bytes());
    let jsonl = write("ten.jsonl", "{}\n".repeat(10).as_bytes());
    let wide = write("wide.jsonl", b"{\"nip\":\"1\",\"nama\":\"a\",\"unit\":\"u\"}\n");
    for p in [&arr, &jsonl] {
        let p = p.to_str().unwrap();
        assert_refused(&["--max-rows", "9", "score", "-i", p, "--format", "json"], &[2], "limit_exceeded");
        // At the limit the file is read (every record is a row error: exit 3).
        let (code, err) = run_limited(&["--max-rows", "10", "score", "-i", p, "--format", "json"], 60);
        assert_eq!(code, Some(3), "{err}");
    }
    assert_refused(
        &["--max-cells", "2", "score", "-i", wide.to_str().unwrap(), "--format", "json"],
        &[2],
        "limit_exceeded",
    );
}

/// A closed stdout / stderr (`… 2>&1 | head -c 1`) ends the run with its own
/// exit code, never a panic (101).
#[test]
fn a_closed_output_pipe_is_not_a_panic() {
    let p = write("errs.csv", b"nip,nama\nx,a\ny,b\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_meritkit"))
        .args(["score", "-i", p.to_str().unwrap(), "--format", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close both read ends before the program writes anything.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "rows with errors must still exit 3, not 101");
}

/// Without `--sheet`, the first VISIBLE sheet is read: a hidden first sheet
/// (`state="hidden"`, 2 people) must not replace the visible `Pegawai` sheet
/// (4 people) the user sees on opening the file.
#[test]
fn the_first_visible_sheet_is_read_not_a_hidden_one() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets/hidden-first.xlsx");
    let (code, out) = run_limited(&["score", "-i", p.to_str().unwrap(), "--format", "csv"], 60);
    assert_eq!(code, Some(0), "{out}");
    let rows: Vec<&str> =
        out.lines().filter(|l| l.ends_with(|c: char| c.is_ascii_digit()) && l.contains(",Pegawai!")).collect();
    assert_eq!(rows.len(), 4, "all 4 people of the visible sheet: {out}");
}

/// A shared string is copied into every cell that uses it: one long string
/// referenced by many cells expands a small file far beyond its size. The
/// text held from one sheet is bounded (a quarter of --max-unzipped-bytes),
/// so the expansion is refused with `limit_exceeded`, not an abort (134).
/// Scaled down: a 1 MiB string in 40 cells (40 MiB) over the 16 MiB budget
/// of --max-unzipped-bytes=64MiB; the same 40 cells of a short string read.
#[test]
fn a_shared_string_used_by_many_cells_counts_in_every_cell() {
    let rows = |n: usize| -> String {
        (2..n + 2)
            .map(|r| {
                format!(
                    r#"<row r="{r}">{}<c r="B{r}" t="s"><v>0</v></c>{}</row>"#,
                    inline(&format!("A{r}"), &format!("19800101200501{r:04}")),
                    inline(&format!("C{r}"), "pelaksana")
                )
            })
            .collect()
    };
    let book = |s: &str| {
        let sst = format!("{SST_HEAD}<si><t>{s}</t></si></sst>");
        workbook(vec![
            stored("xl/worksheets/sheet1.xml", sheet(&format!("{}{}", header_row(), rows(40)), "A1:D41").as_bytes()),
            stored("xl/sharedStrings.xml", sst.as_bytes()),
        ])
    };
    let long = write("sst-amplified.xlsx", &book(&"x".repeat(1 << 20)));
    let mut a = score(&long);
    a.insert(0, "--max-unzipped-bytes=67108864".into());
    let err = assert_refused(&args(&a), &[2], "limit_exceeded");
    assert!(err.contains("16777216 bytes of text") && err.contains("--max-unzipped-bytes"), "{err}");
    let short = write("sst-short.xlsx", &book("Dinas Pangan"));
    let mut a = score(&short);
    a.insert(0, "--max-unzipped-bytes=67108864".into());
    let (code, err) = run_limited(&args(&a), 60);
    assert!(matches!(code, Some(0) | Some(3)), "{code:?} {err}");
    assert!(!err.contains("limit_exceeded"), "{err}");
}

/// ODS repeats rows by count, and calamine expands them into one dense block
/// before anything else runs: an empty row repeated 2^31 times between two
/// data rows, a data row repeated millions of times (cells under --max-cells
/// but not under memory), and a long text cell in a repeated row are refused
/// from `content.xml` before calamine opens it (all were aborts, 134).
#[test]
fn ods_repeated_rows_are_bounded_before_calamine_expands_them() {
    let ods = |name: &str, rows: &str| {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Pegawai"><table:table-row><table:table-cell office:value-type="string"><text:p>nip</text:p></table:table-cell></table:table-row>{rows}<table:table-row><table:table-cell office:value-type="string"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        write(
            name,
            &zip_bytes(&[
                stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                stored("content.xml", content.as_bytes()),
            ]),
        )
    };
    let empty_rows = ods(
        "rows-2e31.ods",
        r#"<table:table-row table:number-rows-repeated="2147483647"><table:table-cell/></table:table-row>"#,
    );
    let err = assert_refused(&args(&score(&empty_rows)), &[2], "limit_exceeded");
    assert!(err.contains("--max-rows"), "{err}");
    // 200,000 rows × 40 cells = 8 M cells: under --max-cells (300 M), over the dense bound
    // (--max-unzipped-bytes / 128: 4,194,304 cells at 512 MiB, below a quarter of this test's address space).
    let cell = r#"<table:table-cell office:value-type="string" table:number-columns-repeated="40"><text:p>x</text:p></table:table-cell>"#;
    let dense =
        ods("dense.ods", &format!(r#"<table:table-row table:number-rows-repeated="200000">{cell}</table:table-row>"#));
    let half_gib = |p: &Path| [vec!["--max-unzipped-bytes=536870912".to_string()], score(p)].concat();
    let err = assert_refused(&args(&half_gib(&dense)), &[2], "limit_exceeded");
    assert!(err.contains("4194304 cells") && err.contains("--max-unzipped-bytes"), "{err}");
    // calamine expands every sheet when it opens the file: six sheets of 800,000 cells each are
    // within the bound one by one, 4.8 M together are not (each such sheet took ~1.3 GB).
    let table = format!(
        r#"<table:table table:name="T"><table:table-row table:number-rows-repeated="20000">{cell}</table:table-row></table:table>"#
    );
    let six = ods("six.ods", &format!("</table:table>{}<table:table table:name=\"Z\">", table.repeat(6)));
    let err = assert_refused(&args(&half_gib(&six)), &[2], "limit_exceeded");
    assert!(err.contains("4194304 cells"), "{err}");
    let one = ods("one.ods", &format!("</table:table>{table}<table:table table:name=\"Z\">"));
    let (code, out) = run_limited(&args(&half_gib(&one)), 60);
    assert!(!out.contains("4194304 cells"), "{code:?} {out}");
    let text = ods(
        "text.ods",
        &format!(
            r#"<table:table-row table:number-rows-repeated="400"><table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            "x".repeat(1 << 20)
        ),
    );
    let err = assert_refused(&args(&score(&text)), &[2], "limit_exceeded");
    assert!(err.contains("bytes of text"), "{err}");
    // A few repeated empty rows (as LibreOffice writes) pass the bound (this
    // minimal package has no manifest: calamine may still call it damaged).
    let ok = ods("ok.ods", r#"<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>"#);
    let (code, out) = run_limited(&args(&score(&ok)), 60);
    assert!(matches!(code, Some(0) | Some(2) | Some(3)), "{code:?} {out}");
    assert!(!out.contains("limit_exceeded"), "{out}");
}

/// Error rows are bounded (issue 11): a file of one-character lines, each an
/// error row, is refused (exit 2, `too_many_errors`) at the line where the
/// limit is passed, in every data command; at the limit it is still read.
#[test]
fn error_rows_past_the_limit_refuse_the_file_at_that_line() {
    let mut text = String::from("nip;name;unit;position_kind;rank;performance_2025;potential_score\n");
    for _ in 0..30 {
        text.push_str("1\n");
    }
    let p = write("tiny-errors.csv", text.as_bytes());
    let i = p.to_str().unwrap();
    let pos = write("pos.json", br#"[{"id":"J1","title":"Kepala Seksi","unit":"Dinas A","kind":"pengawas"}]"#);
    let html = dir().join("tiny.html");
    for cmd in [
        vec!["score", "-i", i, "--format", "json"],
        vec!["score", "-i", i],
        vec!["validate", "-i", i, "-r", "administrator", "--format", "csv"],
        vec!["succession", "-i", i, "--positions", pos.to_str().unwrap(), "--format", "json"],
        vec!["report", "-i", i, "-o", html.to_str().unwrap()],
    ] {
        // 30 error rows on lines 2..=31: the 11th (line 12) passes a limit of 10.
        let mut a = vec!["--lang", "en", "--max-error-rows", "10"];
        a.extend(&cmd);
        a.extend(["--date", "2026-01-01"]);
        let err = assert_refused(&a, &[2], "too_many_errors");
        assert!(err.contains("line 12") && err.contains("--max-error-rows"), "{cmd:?}: {err}");
        // at the limit: read, exit 3 (rows with errors)
        a[3] = "30";
        let (code, out) = run_limited(&a, 60);
        assert_eq!(code, Some(3), "{cmd:?}: {out}");
        assert!(!out.contains("too_many_errors"), "{out}");
    }
}

/// The default error-row limit holds under `ulimit -v 3000000`: 600,000
/// one-character lines (a 1.2 MB file, over the 500,000 default) end with
/// exit 2 and the line where the limit was passed, not an abort.
#[test]
fn the_default_error_row_limit_fits_in_memory() {
    let mut text = String::from("nip;name;unit;position_kind;rank;performance_2025;potential_score\n");
    text.push_str(&"1\n".repeat(600_000));
    let p = write("tiny-errors-600k.csv", text.as_bytes());
    let err = assert_refused(&args(&score(&p)), &[2], "too_many_errors");
    assert!(err.contains("line 500002"), "{err}");
}

/// Succession is bounded by positions per request and by position ×
/// employee pairs (`--max-positions`, `--max-pairs`): past them the request
/// is refused with `limit_exceeded` before any work, naming the flag.
#[test]
fn succession_positions_and_pairs_are_bounded() {
    let people: Vec<String> = (1..=3)
        .map(|k| {
            format!(
                r#"{{"nip":"19900217201503100{k}","name":"P{k}","unit":"Dinas A","position":{{"kind":"pelaksana"}},"rank":"III/b","performance":[{{"year":2025,"predikat":"Baik"}}],"potential_score":80}}"#
            )
        })
        .collect();
    let data = write("succ-people.json", format!("[{}]", people.join(",")).as_bytes());
    let positions: Vec<String> = (1..=4)
        .map(|k| format!(r#"{{"id":"J{k}","title":"Kepala Seksi {k}","unit":"Dinas A","kind":"pengawas"}}"#))
        .collect();
    let pos = write("succ-pos.json", format!("[{}]", positions.join(",")).as_bytes());
    let (d, p) = (data.to_str().unwrap(), pos.to_str().unwrap());
    let run = |limits: &[&str]| {
        let mut a = vec!["--lang", "en"];
        a.extend(limits);
        a.extend(["succession", "-i", d, "--positions", p, "--date", "2026-01-01", "--format", "json"]);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    // 4 positions × 3 people = 12 pairs
    let err = assert_refused(&args(&run(&["--max-positions", "3"])), &[2], "limit_exceeded");
    assert!(err.contains("--max-positions") && err.contains("4 target positions"), "{err}");
    let err = assert_refused(&args(&run(&["--max-pairs", "11"])), &[2], "limit_exceeded");
    assert!(err.contains("--max-pairs") && err.contains("12 pairs"), "{err}");
    let (code, out) = run_limited(&args(&run(&["--max-positions", "4", "--max-pairs", "12"])), 60);
    assert!(matches!(code, Some(0) | Some(3)), "{code:?} {out}");
    let v: serde_json::Value = serde_json::from_str(&out[..out.rfind('}').unwrap() + 1]).unwrap();
    assert_eq!(v["positions"].as_array().unwrap().len(), 4, "{out}");
}

/// Every cell read from a sheet is held until the sheet becomes rows: its
/// slot and its text's heap block count against a memory budget equal to
/// `--max-unzipped-bytes`, so a small file of millions of cells that name one
/// short shared string (a 1.7 MB file of 20 million cells took 2.8 GB) is
/// refused while it is read. Here at 16 MiB: 350,000 cells (8.1 MB of sheet
/// XML, under the 8 MiB part cap and the 4 MiB text budget) count 19.6 MB.
#[test]
fn cells_held_from_a_sheet_are_bounded_by_memory_not_only_by_text() {
    let cell = r#"<c t="s"><v>0</v></c>"#.repeat(10);
    let rows: String = (2..35_002).map(|r| format!(r#"<row r="{r}">{cell}</row>"#)).collect();
    let sst = format!("{SST_HEAD}<si><t>x</t></si></sst>");
    let book = |rows: &str| {
        workbook(vec![
            stored("xl/worksheets/sheet1.xml", sheet(&format!("{}{rows}", header_row()), "A1:J35001").as_bytes()),
            stored("xl/sharedStrings.xml", sst.as_bytes()),
        ])
    };
    let many = write("many-shared-cells.xlsx", &book(&rows));
    let mut a = score(&many);
    a.insert(0, "--max-unzipped-bytes=16777216".into());
    let err = assert_refused(&args(&a), &[2], "limit_exceeded");
    assert!(err.contains("16777216 bytes of memory") && err.contains("--max-unzipped-bytes"), "{err}");
    // the same sheet with a hundredth of the rows is read (its rows are errors or results, no limit)
    let few: String = (2..352).map(|r| format!(r#"<row r="{r}">{cell}</row>"#)).collect();
    let small = write("few-shared-cells.xlsx", &book(&few));
    let mut a = score(&small);
    a.insert(0, "--max-unzipped-bytes=16777216".into());
    let (code, err) = run_limited(&args(&a), 60);
    assert!(matches!(code, Some(2) | Some(3)), "{code:?} {err}");
    assert!(!err.contains("limit_exceeded"), "{err}");
}

#[test]
fn nips_stored_as_numbers_are_each_refused_never_taken_for_one_person() {
    // Two different 18-digit NIPs stored as numbers round to one float: each row is an
    // `invalid_type` error at its NIP cell, and neither is a `duplicate_nip` of the other
    // (Perka BKN 22/2007: a NIP names one person; these digits are not those people's NIPs).
    let row = |r: u32, nip: &str| {
        format!(
            r#"<row r="{r}"><c r="A{r}"><v>{nip}</v></c>{}{}<c r="D{r}" s="1"><v>30000</v></c></row>"#,
            inline(&format!("B{r}"), "Dinas Pangan"),
            inline(&format!("C{r}"), "pelaksana")
        )
    };
    let rows = format!("{}{}{}", header_row(), row(2, "198503152010011002"), row(3, "198503152010011001"));
    let p = write("nip-numbers.xlsx", &xlsx(&sheet(&rows, "A1:D3")));
    let mut a = score(&p);
    a.extend(["--format".to_string(), "json".to_string()]);
    let out = Command::new(env!("CARGO_BIN_EXE_meritkit")).args(&a).output().unwrap();
    // (the first JSON document of stdout: the answer)
    let v: serde_json::Value = serde_json::Deserializer::from_slice(&out.stdout).into_iter().next().unwrap().unwrap();
    let codes: Vec<(u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["code"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(codes, [(0, "invalid_type".to_string()), (1, "invalid_type".to_string())], "{codes:?}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("19850315201001"), "no rounded NIP is echoed");
}

#[test]
fn one_huge_cell_is_refused_before_it_is_copied() {
    // A 768 MiB name cell (well under the 2 GiB input limit) aborted on its copies under
    // `ulimit -v 3000000` (exit 134). A cell may hold at most 1 MiB (MAX_CELL_BYTES): CSV,
    // quoted or not, a JSON string, and an XLSX inline string are refused, naming the line or cell.
    let big = "x".repeat((1 << 20) + 10);
    let head = "nip,name,unit,position_kind\n198001012005011001,Budi,Dinas Pangan,pelaksana\n";
    for (name, body) in [
        ("cell-plain.csv", format!("{head}198001012005011002,{big},Dinas Pangan,pelaksana\n")),
        ("cell-quoted.csv", format!("{head}198001012005011002,\"{big}\",Dinas Pangan,pelaksana\n")),
        (
            "cell.jsonl",
            format!("{{\"nip\": \"198001012005011001\"}}\n{{\"nip\": \"198001012005011002\", \"name\": \"{big}\"}}\n"),
        ),
    ] {
        let p = write(name, body.as_bytes());
        let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
        assert!(err.contains("line 3") || err.contains("line 2"), "{name}: {err}");
        assert!(!err.contains("xxxxxxxx"), "{name}: the cell's text is not echoed");
    }
    let row = format!(r#"<row r="2">{}{}</row>"#, inline("A2", "198001012005011001"), inline("B2", &big));
    let p = write("cell.xlsx", &xlsx(&sheet(&format!("{}{row}", header_row()), "A1:D2")));
    let err = assert_refused(&args(&score(&p)), &[2], "limit_exceeded");
    assert!(err.contains("B2"), "{err}");
}

#[test]
fn a_sheet_of_one_column_has_its_first_row_as_header_as_a_csv_does() {
    // A title line is skipped by looking for a row of two or more filled cells; a sheet
    // of one column has none, and was refused as having no header row. Its first filled
    // row is the header: the data row is read and is an error of its own (no `unit`).
    let rows =
        format!(r#"<row r="1">{}</row><row r="2">{}</row>"#, inline("A1", "NIP"), inline("A2", "198001012005011001"));
    let p = write("one-column.xlsx", &xlsx(&sheet(&rows, "A1:A2")));
    let mut a = score(&p);
    a.extend(["--format".to_string(), "json".to_string()]);
    let out = Command::new(env!("CARGO_BIN_EXE_meritkit")).args(&a).output().unwrap();
    let v: serde_json::Value = serde_json::Deserializer::from_slice(&out.stdout).into_iter().next().unwrap().unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!((errors[0]["row"].as_u64(), errors[0]["code"].as_str()), (Some(0), Some("missing_field")));
}

/// `RAYON_NUM_THREADS` far above the machine (a careless environment): the pool is capped
/// (four threads per core), the run ends as with two threads, with the same answer. Before,
/// rayon tried to start every thread asked for, and the process aborted (134) when the system
/// refused one, here under the test's address-space limit.
#[test]
fn a_huge_thread_count_is_capped_not_an_abort() {
    let recs =
        meritkit::generate::population(&meritkit::generate::Options { count: 25_000, seed: 7, ..Default::default() });
    let input = dir().join("threads.json");
    std::fs::write(&input, serde_json::to_vec(&recs).unwrap()).unwrap();
    let run = |threads: &str| {
        let o = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 3000000; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_meritkit"))
            .args(["--compact", "score", "-f", "json", "--date", "2026-01-02", "-i"])
            .arg(&input)
            .env("RAYON_NUM_THREADS", threads)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (o.status.code(), o.stdout, String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let (code2, out2, err2) = run("2");
    assert!(matches!(code2, Some(0 | 3)), "exit {code2:?}: {err2}");
    let t = Instant::now();
    let (code, out, err) = run("99999");
    assert_eq!(code, code2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out == out2, "the answer differs from two threads'");
    assert!(t.elapsed() < Duration::from_secs(120), "{:?}", t.elapsed());
}

/// With every size limit raised as far as it goes (the user's choice), a
/// small crafted workbook still ends with a stable code, never an abort on
/// allocation: a sheet holds at most 16,384 columns (Excel's and LibreOffice
/// Calc's limit), and what the raised limits admit stays within the memory
/// of the machine (here the `ulimit -v` of the test).
#[test]
fn raised_limits_still_keep_a_crafted_workbook_within_memory() {
    let max = u64::MAX.to_string();
    let raised = |p: &Path| {
        let mut a: Vec<String> = ["input-bytes", "unzipped-bytes", "rows", "columns", "cells"]
            .iter()
            .map(|l| format!("--max-{l}={max}"))
            .collect();
        a.push("--max-zip-ratio=0".into());
        a.extend(score(p));
        a
    };
    // A header cell at column ZZZZZZ (321,272,406): each row would be held that wide (10 GB a row).
    let head = |last: &str| header_row().replace("</row>", &format!("{}</row>", inline(last, "x")));
    let rows = head("ZZZZZZ1");
    let p = write("wide.xlsx", &xlsx(&sheet(&format!("{rows}<row r=\"2\">{}</row>", inline("A2", "1")), "A1:A2")));
    let err = assert_refused(&args(&raised(&p)), &[2], "invalid_input");
    assert!(err.contains("column 16384 (column ZZZZZZ)") && err.contains("LibreOffice"), "{err}");
    // Column XFD is allowed, but 20,000 one-cell rows under it would be held as 327,680,000 cells (7.8 GB).
    let mut rows = head("XFD1");
    for r in 2..20_002 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let p = write("wide-rows.xlsx", &xlsx(&sheet(&rows, "A1:XFD20001")));
    let err = assert_refused(&args(&raised(&p)), &[2], "limit_exceeded");
    assert!(err.contains("cells"), "{err}");
    // An ODS row with a value repeated 4,294,967,295 times: calamine would expand every repeat.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Pegawai"><table:table-row><table:table-cell office:value-type="string"><text:p>nip</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="4294967295"><table:table-cell office:value-type="string"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let p = write(
        "repeat-raised.ods",
        &zip_bytes(&[
            stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            stored("content.xml", content.as_bytes()),
        ]),
    );
    assert!(std::fs::metadata(&p).unwrap().len() < 2048);
    let err = assert_refused(&args(&raised(&p)), &[2], "limit_exceeded");
    assert!(err.contains("--max-unzipped-bytes"), "a bound derived from it: {err}");
}
