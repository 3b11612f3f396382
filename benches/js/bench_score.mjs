// Scoring 100k generated employees in Node: the wasm package with record
// objects and with columns (typed arrays), against an idiomatic plain-JS
// implementation of the same default policy (permenpanrb_3_2020: kinerja from
// the latest predikat, sangat_baik -> di atas, baik -> sesuai, others -> di
// bawah; potensial from potential_score, tinggi >= 90, menengah >= 78).
// Boxes are checked identical first. Usage: node benches/js/bench_score.mjs [n]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const mk = require('../../bindings/wasm/dist/node/meritkit_wasm.js');
const N = Number(process.argv[2] ?? 100_000);

// --- seeded generator (mulberry32): valid NIPs, five predikat, potential 40..100
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const PRED = ['sangat_kurang', 'kurang', 'butuh_perbaikan', 'baik', 'sangat_baik'];
const PRED_W = [0.02, 0.05, 0.13, 0.6, 0.2];
const UNITS = ['Dinas Pangan', 'Dinas Sosial', 'Dinas Pendidikan dan Kebudayaan', 'Biro Pengadaan Barang dan Jasa', 'Dinas Kesehatan', 'Dinas Perhubungan'];
const KINDS = ['pelaksana', 'ahli_pertama', 'ahli_muda', 'pengawas', 'administrator'];
const pad = (x, n) => String(x).padStart(n, '0');
function generate(n) {
  const r = rng(2026);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    // (birth date and serial from the row number: every NIP distinct, as real ones are; a repeated NIP is a
    // duplicate_nip row error)
    const k = Math.floor(i / 999);
    const by = 1966 + (k % 34), bm = 1 + (Math.floor(k / 34) % 12), bd = 1 + (Math.floor(k / 408) % 28);
    const ty = by + 21 + Math.floor(r() * 10), tm = 1 + Math.floor(r() * 12);
    const nip = `${by}${pad(bm, 2)}${pad(bd, 2)}${ty}${pad(tm, 2)}${1 + Math.floor(r() * 2)}${pad(1 + (i % 999), 3)}`;
    let u = r(), p = 0;
    while (p < 4 && u >= PRED_W[p]) u -= PRED_W[p++];
    out[i] = {
      nip, unit: UNITS[i % UNITS.length], position: { kind: KINDS[Math.floor(r() * KINDS.length)] },
      performance: [{ year: 2024, predikat: PRED[Math.floor(r() * 5)] }, { year: 2025, predikat: PRED[p] }],
      potential_score: Math.round((40 + r() * 60) * 10) / 10,
    };
  }
  return out;
}

// --- the plain-JS peer: what a developer would write for the default policy
const BOX = [[1, 2, 4], [3, 5, 7], [6, 8, 9]];
const KINERJA = { sangat_baik: 3, baik: 2, butuh_perbaikan: 1, kurang: 1, sangat_kurang: 1 };
function plainJsBoxes(records) {
  return records.map((e) => {
    const latest = e.performance.reduce((a, b) => (b.year > a.year ? b : a));
    const k = KINERJA[latest.predikat];
    const s = e.potential_score;
    const p = s >= 90 ? 3 : s >= 78 ? 2 : 1;
    return BOX[p - 1][k - 1];
  });
}

const CODE = { sangat_kurang: 1, kurang: 2, butuh_perbaikan: 3, baik: 4, sangat_baik: 5 };
function toColumns(records) {
  const pred = new Uint8Array(records.length), pot = new Float64Array(records.length);
  records.forEach((e, i) => {
    const latest = e.performance.reduce((a, b) => (b.year > a.year ? b : a));
    pred[i] = CODE[latest.predikat];
    pot[i] = e.potential_score;
  });
  return { pred, pot };
}

function time(label, f, reps) {
  f(); // warm-up
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { label, median_ms: ts[Math.floor(ts.length / 2)], min_ms: ts[0], reps };
}

const records = generate(N);
const { pred, pot } = toColumns(records);

// correctness first: identical boxes in all three
const js = plainJsBoxes(records);
// (the first call of this process: a web page makes one; its time is reported beside the warm ones)
const firstStart = performance.now();
const obj = mk.score({ records });
const firstMs = performance.now() - firstStart;
if (obj.errors.length) throw new Error(`generator produced ${obj.errors.length} invalid rows: ${JSON.stringify(obj.errors[0])}`);
const col = mk.scoreColumns(pred, pot);
for (let i = 0; i < N; i++) {
  if (obj.results[i].box !== js[i] || col.boxes[i] !== js[i]) throw new Error(`row ${i}: js ${js[i]} object ${obj.results[i].box} columns ${col.boxes[i]}`);
}
const counts = js.reduce((m, b) => ((m[b] = (m[b] ?? 0) + 1), m), {});

const rows = [
  time('plain JS, record objects', () => plainJsBoxes(records), 21),
  time('wasm scoreColumns, typed arrays', () => mk.scoreColumns(pred, pot), 21),
  time('wasm scoreColumns incl. building the columns from objects', () => { const c = toColumns(records); mk.scoreColumns(c.pred, c.pot); }, 21),
  time('wasm score, record objects (full answer: explanations, summary)', () => mk.score({ records }), 5),
];
const base = rows[0].median_ms;
console.log(`meritkit ${mk.version()} wasm vs plain JS, n = ${N} (node ${process.version}), boxes identical: yes`);
console.log(`box counts: ${JSON.stringify(counts)}`);
console.log('| method | median ms | min ms | speed-up vs plain JS |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.label} | ${r.median_ms.toFixed(2)} | ${r.min_ms.toFixed(2)} | ${(base / r.median_ms).toFixed(2)}x |`);
console.log(`| wasm score, record objects, the first call of the process (once) | ${firstMs.toFixed(2)} | ${firstMs.toFixed(2)} | ${(base / firstMs).toFixed(2)}x |`);
