// Scoring 100k generated employees in Node: the wasm package with record
// objects and with columns (typed arrays), against an idiomatic plain-JS
// implementation of the same default policy (permenpanrb_3_2020: kinerja from
// the latest predikat, sangat_baik -> di atas, baik -> sesuai, others -> di
// bawah; potensial from potential_score, tinggi >= 90, menengah >= 78).
// Boxes are checked identical first. Usage: node benches/js/bench_score.mjs [n]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { generate } from './generate.mjs';

const require = createRequire(import.meta.url);
const mk = require('../../bindings/wasm/dist/node/meritkit_wasm.js');
const N = Number(process.argv[2] ?? 100_000);

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
