// The seeded generator of the JS benches: n employee records with valid, distinct NIPs.
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
export function generate(n) {
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

