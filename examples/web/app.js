// meritkit browser demo: everything runs here, in the WebAssembly module.
// Nothing is sent anywhere (no fetch except the module's own .wasm file).
import init, * as mk from '../../bindings/wasm/dist/web/meritkit_wasm.js';

const DEMO_DATE = '2026-01-02'; // the CLI demo's fixed reference date (meritkit demo)
// The grid as drawn comes from the core (mk.gridLayout, the one layout of the CLI, the report and
// Python): kinerja rows from di atas (top) to di bawah, potensial columns from rendah (left).
let LAYOUT = null;
const layout = () => (LAYOUT ??= mk.gridLayout({ policy: st.policyValue ?? st.policy }));
const STRUCTURAL = ['jpt_pratama', 'administrator', 'pengawas'];

const T = {
  id: {
    title: 'Pemetaan Talenta ASN — Kotak Talenta',
    subtitle: 'Semua perhitungan berjalan di peramban Anda (WebAssembly). Tidak ada data yang dikirim ke mana pun.',
    data: 'Data pegawai', sample: 'Muat contoh Sulawesi Barat (fiktif)', file: 'atau pilih berkas CSV / JSON…',
    policy: 'Kebijakan', cutoffs: 'Batas potensial', menengah: 'Menengah ≥', tinggi: 'Tinggi ≥', apply: 'Terapkan',
    scope: 'Cakupan', pick: 'Pilih kotak untuk melihat pegawainya', opds: 'Kotak talenta per OPD',
    succession: 'Suksesi: peringkat calon pengganti', target: 'Jabatan target', rank: 'Peringkatkan',
    quality: 'Kualitas data: baris yang tidak dipetakan',
    footer: 'Sumbu dan penomoran: PermenPANRB 3/2020 jo 20/2025 Ps. 17. Batas nilai adalah kebijakan (preset), bukan ketentuan nasional.',
    kinerja: 'KINERJA', potensial: 'POTENSIAL',
    k: ['Di bawah ekspektasi', 'Sesuai ekspektasi', 'Di atas ekspektasi'], p: ['Rendah', 'Menengah', 'Tinggi'],
    province: 'Provinsi Sulawesi Barat (semua OPD)', provinceFile: 'Semua OPD', opd: 'OPD',
    rows: 'baris', placed: 'terpetakan', holding: 'tertahan', errors: 'bermasalah', krsI: 'KRS instansi', krsN: 'KRS nasional',
    boxTitle: (n, c) => `Kotak ${n} — ${c} pegawai`, none: 'Tidak ada pegawai di kotak ini.',
    name: 'Nama', nip: 'NIP', unit: 'OPD', pos: 'Jabatan', pred: 'Predikat', pot: 'Potensial', jpm: 'JPM', why: 'Alasan',
    explain: 'penjelasan', box: 'Kotak', follow: 'Tindak lanjut',
    loaded: (n, s) => `${n} baris dimuat (${s})`, sampleSrc: 'contoh fiktif',
    noCut: 'Batas tetap hanya dapat diubah untuk metode "fixed"; preset ini memakai metode', edited: 'diubah',
    noTargets: 'Tidak ada jabatan struktural di data ini.', candidates: 'Calon', readiness: 'Kesiapan', score: 'Skor',
    row: 'Baris', code: 'Kode', path: 'Kolom', message: 'Pesan', noErrors: 'Semua baris terpetakan.',
    critical: 'jabatan kritikal', method: 'Metode', ruleSet: 'Aturan kelayakan', pool: 'Kelompok', date: 'per tanggal',
    topScore: 'Skor tertinggi',
    atRisk: 'Berisiko', notAtRisk: 'Tidak berisiko: ada pengganti siap sekarang', funnel: 'Saringan',
    considered: 'dipertimbangkan', inPool: 'dalam kelompok', eligibleN: 'memenuhi syarat', ranked: 'diperingkat', shortlisted: 'daftar pendek',
    excludedAt: 'Tersaring di', criterion: 'Kriteria', value: 'Nilai', normalised: 'Normalisasi', weight: 'Bobot', contribution: 'Kontribusi',
    noCandidates: 'Tidak ada calon yang lolos semua saringan.',
    calTitle: 'Sesi kalibrasi (disimpan di peramban ini)', calStart: 'Mulai sesi dari penempatan ini',
    calGuide: 'Pedoman: kotak 9 paling banyak 10 % (wajib)', calTo: 'ke kotak', calReason: 'alasan (dicatat di log)',
    calMove: 'Pindahkan', calFinalise: 'Finalkan', calVerify: 'Periksa log', calExport: 'Ekspor log (JSONL)',
    calDiscard: 'Hapus sesi dari peramban', calNone: 'Belum ada sesi kalibrasi di peramban ini.',
    calStatus: { set_up: 'disiapkan', in_progress: 'berjalan', finalised: 'final' },
    calLine: (r, s) => `Sesi ${r.session} (${s}): ${r.headcount} pegawai, ${r.changed} berubah, ${r.moves} perpindahan; entri ${r.head.seq}, kepala ${r.head.hash.slice(0, 16)}…`,
    calProposed: 'usulan', calCalibrated: 'kalibrasi', calFinalisable: 'dapat difinalkan', calNotFinalisable: 'belum dapat difinalkan',
    calOk: (n) => `Log utuh: ${n} entri cocok.`, calBad: (l, m) => `Log TIDAK utuh: baris ${l}: ${m}`,
    calUnknown: 'NIP ini tidak ada dalam sesi.',
  },
  en: {
    title: 'ASN Talent Mapping — 9-box (Kotak Talenta)',
    subtitle: 'Everything runs in your browser (WebAssembly). No data is sent anywhere.',
    data: 'Employee data', sample: 'Load the Sulawesi Barat sample (fictional)', file: 'or choose a CSV / JSON file…',
    policy: 'Policy', cutoffs: 'Potential cut-offs', menengah: 'Medium ≥', tinggi: 'High ≥', apply: 'Apply',
    scope: 'Scope', pick: 'Click a box to list its employees', opds: '9-box per OPD (agency)',
    succession: 'Succession: ranked successors', target: 'Target position', rank: 'Rank',
    quality: 'Data quality: rows not placed',
    footer: 'Axes and numbering: PermenPANRB 3/2020 as amended by 20/2025, Art. 17. Cut-offs are policy (presets), not national law.',
    kinerja: 'KINERJA (performance)', potensial: 'POTENSIAL (potential)',
    k: ['Below expectations', 'Meets expectations', 'Above expectations'], p: ['Low', 'Medium', 'High'],
    province: 'Provinsi Sulawesi Barat (all OPDs)', provinceFile: 'All OPDs', opd: 'OPD',
    rows: 'rows', placed: 'placed', holding: 'holding', errors: 'with errors', krsI: 'KRS instansi', krsN: 'KRS nasional',
    boxTitle: (n, c) => `Box ${n} — ${c} employees`, none: 'No employees in this box.',
    name: 'Name', nip: 'NIP', unit: 'OPD', pos: 'Position', pred: 'Predikat', pot: 'Potential', jpm: 'JPM', why: 'Why',
    explain: 'explanation', box: 'Box', follow: 'Follow-up',
    loaded: (n, s) => `${n} rows loaded (${s})`, sampleSrc: 'fictional sample',
    noCut: 'Fixed cut-offs can be edited only for the "fixed" method; this preset uses', edited: 'edited',
    noTargets: 'No structural positions in this data.', candidates: 'Candidates', readiness: 'Readiness', score: 'Score',
    row: 'Row', code: 'Code', path: 'Field', message: 'Message', noErrors: 'Every row was placed.',
    critical: 'critical position', method: 'Method', ruleSet: 'Eligibility rules', pool: 'Pool', date: 'as of',
    topScore: 'Top score',
    atRisk: 'At risk', notAtRisk: 'Not at risk: a ready-now successor exists', funnel: 'Funnel',
    considered: 'considered', inPool: 'in the pool', eligibleN: 'eligible', ranked: 'ranked', shortlisted: 'shortlisted',
    excludedAt: 'Excluded at', criterion: 'Criterion', value: 'Value', normalised: 'Normalised', weight: 'Weight', contribution: 'Contribution',
    noCandidates: 'No candidate passed every gate.',
    calTitle: 'Calibration session (kept in this browser)', calStart: 'Start a session on these placements',
    calGuide: 'Guideline: box 9 at most 10 % (enforced)', calTo: 'to box', calReason: 'reason (logged)',
    calMove: 'Move', calFinalise: 'Finalise', calVerify: 'Verify the log', calExport: 'Export the log (JSONL)',
    calDiscard: 'Delete the session from this browser', calNone: 'No calibration session in this browser yet.',
    calStatus: { set_up: 'set up', in_progress: 'in progress', finalised: 'finalised' },
    calLine: (r, s) => `Session ${r.session} (${s}): ${r.headcount} people, ${r.changed} changed, ${r.moves} moves; entry ${r.head.seq}, head ${r.head.hash.slice(0, 16)}…`,
    calProposed: 'proposed', calCalibrated: 'calibrated', calFinalisable: 'can be finalised', calNotFinalisable: 'cannot be finalised yet',
    calOk: (n) => `Log intact: all ${n} entries match.`, calBad: (l, m) => `Log NOT intact: line ${l}: ${m}`,
    calUnknown: 'This NIP is not in the session.',
  },
};

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const st = { lang: 'id', positions: [], succ: null, records: null, source: '', date: null, sample: false, policy: 'permenpanrb_3_2020', policyValue: null, out: null, scope: '', box: null };
const t = () => T[st.lang];

// Labels of the codes an answer carries, in the page's language: the core's i18n catalogue (mk.labels), with the
// titles of the built-in rules. A code the catalogue does not hold (a user's own rule) is shown as given.
let LABELS = null;
const pick = (m) => (st.lang === 'id' ? m.id : m.en);
const lab = (kind, code) => {
  if (code == null) return '—';
  const m = LABELS?.[kind]?.[code];
  if (m) return pick(m);
  if (kind === 'criterion' && String(code).startsWith('gap:')) {
    const c = String(code).slice(4);
    return `${pick(LABELS.criterion.gap)} ${LABELS.competency?.[c] ? pick(LABELS.competency[c]) : c}`;
  }
  if (kind === 'rule_set' && LABELS.position_kind?.[code]) return pick(LABELS.position_kind[code]);
  return String(code);
};
function loadLabels() {
  LABELS = mk.labels();
}

function showError(e) {
  const el = $('error');
  if (!e) { el.hidden = true; el.textContent = ''; return; }
  const msg = st.lang === 'id' ? (e.message_id || e.message) : e.message;
  const details = (e.details || []).map((p) => `• [${p.code}] ${p.path ? p.path + ': ' : ''}${st.lang === 'id' ? p.message.id : p.message.en}`);
  el.textContent = [msg, ...details.slice(0, 12)].join('\n');
  el.hidden = false;
}

function applyI18n() {
  document.documentElement.lang = st.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const v = t()[el.dataset.i18n];
    if (typeof v === 'string') el.textContent = v;
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t()[el.dataset.i18nPlaceholder];
  renderCal();
  $('lang-id').classList.toggle('on', st.lang === 'id');
  $('lang-en').classList.toggle('on', st.lang === 'en');
  if (LABELS) $('policy-desc').textContent = lab('preset', st.policy);
  if (st.out) render();
}

// ---------- data loading ----------

function parseCsv(text) {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delim = (first.match(/;/g) || []).length > (first.match(/,/g) || []).length ? ';' : ',';
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') { if (text[i + 1] === '"') { cell += '"'; i++; } else q = false; } else cell += c;
    } else if (c === '"') q = true;
    else if (c === delim) { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); cell = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const [columns = [], ...body] = rows;
  return { columns, rows: body.map((r) => r.map((c) => (c === '' ? null : c))) };
}

async function loadFile(file) {
  const text = await file.text();
  let records;
  if (/\.json$/i.test(file.name) || /^\s*[[{]/.test(text)) {
    const v = JSON.parse(text);
    records = Array.isArray(v) ? v : v.records;
    if (!Array.isArray(records)) throw Object.assign(new Error('JSON must be an array of records or { "records": [...] }'), { message_id: 'JSON harus berupa larik record atau { "records": [...] }' });
  } else {
    records = mk.flatRecords(parseCsv(text)); // column layout of meritkit::flat, converted by the core
  }
  st.records = records; st.source = file.name; st.sample = false; st.date = new Date().toISOString().slice(0, 10);
}

function loadSample() {
  st.records = JSON.parse(mk.callJson('demo_records', '{}')).value;
  st.source = t().sampleSrc; st.sample = true; st.date = DEMO_DATE;
}

// ---------- policy ----------

function loadPreset(name) {
  st.policy = name;
  st.policyValue = JSON.parse(mk.callJson('preset_policy', JSON.stringify({ name }))).value;
  LAYOUT = null; // (the new policy's grid)
  const info = mk.presets().find((p) => p.name === name);
  $('policy-desc').textContent = info ? lab('preset', name) : ''; // in the page's language (the catalogue)
  const c = st.policyValue.potential.cutoffs;
  const fixed = c.method === 'fixed' && c.thresholds.length === 2;
  $('cut-mid').disabled = $('cut-high').disabled = $('apply').disabled = !fixed;
  $('cut-mid').value = fixed ? c.thresholds[0] : '';
  $('cut-high').value = fixed ? c.thresholds[1] : '';
  $('cutoff-note').textContent = fixed ? '' : `${t().noCut} "${c.method}".`;
}

function editedPolicy() {
  const p = structuredClone(st.policyValue);
  const mid = Number($('cut-mid').value), high = Number($('cut-high').value);
  const orig = p.potential.cutoffs.thresholds;
  if (mid === orig[0] && high === orig[1]) return st.policy; // unchanged: the preset by name
  p.potential.cutoffs.thresholds = [mid, high];
  p.name = `${st.policy}_edited`;
  p.description = `${p.description} [${t().edited}: ${mid} / ${high}]`;
  return p;
}

// ---------- scoring ----------

function run() {
  if (!st.records) return;
  const r = mk.safeScore({ records: st.records, policy: editedPolicy(), date: st.date, detail: 'text' });
  if (!r.ok) { showError(r.error); return; }
  showError(null);
  st.out = r.value;
  const units = st.out.summary.units.map((u) => u.unit);
  if (st.scope && !units.includes(st.scope)) st.scope = '';
  st.box = null;
  $('results').hidden = false;
  $('data-status').textContent = t().loaded(st.records.length, st.source);
  render();
}

function scopeSummary() {
  const s = st.out.summary;
  return st.scope ? s.units.find((u) => u.unit === st.scope) : s.total;
}

// The labels of a layout level in the page's language.
const label = (level) => (st.lang === 'id' ? level.label.id : level.label.en);

function boxDesc(n) {
  const l = layout();
  for (let row = 0; row < l.rows.length; row++) for (let col = 0; col < l.columns.length; col++) {
    if (l.cells[row][col] === n) {
      const [k, p] = [label(l.rows[row]), label(l.columns[col])];
      return st.lang === 'id' ? `Kinerja ${k.toLowerCase()} dan potensial ${p.toLowerCase()}` : `${k}, ${p.toLowerCase()} potential`;
    }
  }
  return '';
}

function render() {
  const out = st.out;
  $('policy-id').textContent = `${out.policy.name} · ${out.policy.fingerprint.slice(0, 16)}`;
  const sel = $('scope');
  sel.innerHTML = [`<option value="">${esc(st.sample ? t().province : t().provinceFile)}</option>`,
    ...out.summary.units.map((u) => `<option value="${esc(u.unit)}">${esc(t().opd)}: ${esc(u.unit)}</option>`)].join('');
  sel.value = st.scope;
  renderGrid();
  renderList();
  renderMinis();
  renderTargets();
  renderErrors();
}

function renderGrid() {
  const g = scopeSummary();
  $('grid-title').textContent = st.scope ? `${t().opd}: ${st.scope}` : (st.sample ? t().province : t().provinceFile);
  const cells = [`<div class="axis-y">${esc(t().kinerja)}</div>`, `<div class="axis-x">${esc(t().potensial)} →</div>`];
  const l = layout();
  for (let row = 0; row < l.rows.length; row++) {
    cells.push(`<div class="lvl-y" style="grid-row:${row + 1}">${esc(label(l.rows[row]))}</div>`);
    for (let p = 1; p <= l.columns.length; p++) {
      const n = l.cells[row][p - 1];
      const c = g.boxes[n] ?? 0;
      const pct = g.placed ? Math.round((100 * c) / g.placed) : 0;
      const dark = [1, 8, 9, 7].includes(n) ? ' dark' : '';
      cells.push(`<div class="box b${n}${dark}${st.box === n ? ' sel' : ''}" data-box="${n}" style="grid-row:${row + 1};grid-column:${p + 2}" role="button" tabindex="0"
        title="${esc(boxDesc(n))}"><span class="num">${n}</span><span class="pct">${pct}%</span><span class="count" data-testid="count-${n}">${c}</span><span class="desc">${esc(boxDesc(n))}</span></div>`);
    }
  }
  l.columns.forEach((c, i) => cells.push(`<div class="lvl-x" style="grid-column:${i + 3}">${esc(label(c))}</div>`));
  $('grid').innerHTML = cells.join('');
  for (const el of $('grid').querySelectorAll('.box')) {
    const pick = () => { st.box = Number(el.dataset.box); renderGrid(); renderList(); };
    el.addEventListener('click', pick);
    el.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') pick(); });
  }
  const pool = g.talent_pool || {};
  $('totals').innerHTML = [[t().rows, g.rows], [t().placed, g.placed], [t().holding, g.holding], [t().errors, g.errors],
    [t().krsI, pool.instansi ?? 0], [t().krsN, pool.nasional ?? 0]].map(([l, v]) => `<span>${esc(l)}: <b>${v}</b></span>`).join('');
}

// The explanation in words: the core's sentences (scored with detail "text"), then the follow-up.
function explanation(r) {
  const L = t();
  return `<details><summary>${esc(L.explain)}</summary><ul class="why">
    ${(r.explanation?.text || []).map((m) => `<li>${esc(pick(m))}</li>`).join('')}
    <li><b>${esc(L.follow)}</b>: ${esc((r.follow_up || []).join('; '))}</li></ul></details>`;
}

function renderList() {
  const L = t();
  if (st.box == null) { $('list-title').textContent = L.pick; $('list').innerHTML = ''; return; }
  const rows = st.out.results.filter((r) => r.box === st.box && (!st.scope || r.unit === st.scope));
  $('list-title').textContent = L.boxTitle(st.box, rows.length);
  if (!rows.length) { $('list').innerHTML = `<p class="hint">${esc(L.none)}</p>`; return; }
  const desc = rows[0].description ? (st.lang === 'id' ? rows[0].description.id : rows[0].description.en) : boxDesc(st.box);
  const level = (code) => pick(layout().columns.find((c) => c.code === code)?.label ?? { en: code ?? '—', id: code ?? '—' });
  $('list').innerHTML = `<p class="hint">${esc(desc)} ${(rows[0].talent_pool || []).map((p) => `<span class="pill">${esc(lab('pool', p))}</span>`).join('')}</p>
    <div class="list-wrap"><table data-testid="employees" class="emp"><thead><tr><th>${L.name} / ${L.nip}</th>${st.scope ? '' : `<th>${L.unit}</th>`}<th>${L.pred}</th><th>${L.pot}</th><th class="why-cell">${L.why}</th></tr></thead><tbody>
    ${rows.map((r) => `<tr data-nip="${esc(r.nip)}" data-box="${r.box}"><td><b>${esc(r.name ?? '—')}</b><br><span class="mono">${esc(r.nip)}</span><br><small>${esc(lab('position_kind', r.position_kind))}</small></td>${st.scope ? '' : `<td class="unit-cell">${esc(r.unit)}</td>`}
      <td>${esc(lab('predikat', r.latest_predikat))}</td><td>${esc(r.potential_score ?? '—')}<br><small>${esc(level(r.potential_level))}${r.jpm == null ? '' : ` · JPM ${esc(r.jpm)}`}</small></td>
      <td class="why-cell">${explanation(r)}</td></tr>`).join('')}</tbody></table></div>`;
}

function renderMinis() {
  const units = st.out.summary.units;
  $('minis').innerHTML = units.map((u, i) => {
    const cells = [];
    for (const n of layout().cells.flat()) {
      cells.push(`<div class="b${n}" style="opacity:${u.boxes[n] ? 1 : 0.35};color:${[1, 7, 8, 9].includes(n) ? '#fff' : '#1d2733'}" title="${n}">${u.boxes[n] ?? 0}</div>`);
    }
    return `<div class="mini${st.scope === u.unit ? ' sel' : ''}" data-i="${i}" data-unit="${esc(u.unit)}"><div class="name">${esc(u.unit)}</div><div class="g">${cells.join('')}</div>
      <div class="meta">${u.placed} ${esc(t().placed)} · ${u.errors} ${esc(t().errors)}</div></div>`;
  }).join('');
  for (const el of $('minis').querySelectorAll('.mini')) {
    el.addEventListener('click', () => { st.scope = units[Number(el.dataset.i)].unit; st.box = null; render(); window.scrollTo({ top: 0, behavior: 'smooth' }); });
  }
}

// Target positions: the sample's fictional vacant strategic positions (generate::demo_positions, via the core);
// for a loaded file, one vacant position per OPD and structural kind found in the data.
function targetPositions() {
  if (st.sample) return JSON.parse(mk.callJson('demo_positions', '{}')).value;
  const seen = new Map();
  for (const r of st.out.results) {
    if (STRUCTURAL.includes(r.position_kind)) seen.set(`${r.unit}|${r.position_kind}`, { unit: r.unit, kind: r.position_kind });
  }
  return [...seen.values()].sort((a, b) => a.unit.localeCompare(b.unit) || STRUCTURAL.indexOf(a.kind) - STRUCTURAL.indexOf(b.kind))
    .map((o, i) => ({ id: `T${i + 1}`, title: `${o.kind} — ${o.unit}`, unit: o.unit, kind: o.kind, critical: false }));
}

function renderTargets() {
  st.positions = targetPositions();
  const prev = $('target').value;
  $('target').innerHTML = st.positions.map((p) => `<option value="${esc(p.id)}">${esc(p.title)} · ${esc(p.unit)}${p.critical ? ` · ${esc(t().critical)}` : ''}</option>`).join('');
  if (st.positions.some((p) => p.id === prev)) $('target').value = prev;
  $('rank').disabled = !st.positions.length;
  if (st.succ && st.positions.some((p) => p.id === st.succ)) rankSuccessors();
  else $('succession').innerHTML = st.positions.length ? '' : `<p class="hint">${esc(t().noTargets)}</p>`;
}

const num = (x, d = 3) => (typeof x === 'number' ? x.toFixed(d).replace(/\.?0+$/, '') : '—'); // display only
const msg = (m) => (m ? (st.lang === 'id' ? m.id : m.en) : '');

function rankSuccessors() {
  const target = st.positions.find((p) => p.id === $('target').value);
  if (!target) return;
  st.succ = target.id;
  const r = mk.safeRankSuccessors({ records: st.records, positions: [target], policy: editedPolicy(), date: st.date });
  const el = $('succession');
  if (!r.ok) { el.innerHTML = `<div class="error">${esc(st.lang === 'id' ? r.error.message_id : r.error.message)}</div>`; return; }
  const L = t();
  const p = r.value.positions[0];
  const b = p.bench, f = p.funnel;
  const rc = b.readiness_counts || {};
  const gates = Object.entries(f.excluded_by_gate || {}).map(([g, n]) => `<span class="pill">${esc(lab('gate', g))}: ${n}</span>`).join('');
  const codes = Object.entries(f.excluded_by_code || {}).sort((a, b2) => b2[1] - a[1]).map(([c, n]) => `<span class="pill" data-code="${esc(c)}">${esc(lab('exclusion', c))} ${n}</span>`).join('');
  const risk = b.at_risk ? `<span class="pill risk" data-testid="at-risk">${esc(L.atRisk)}: ${esc((b.risk_reasons || []).map((x) => lab('risk', x)).join(', '))}</span>` : `<span class="pill ok">${esc(L.notAtRisk)}</span>`;
  el.innerHTML = `<div class="succ-head" data-testid="succession-position" data-id="${esc(p.id)}">
      <div><b>${esc(p.title)}</b> · ${esc(p.unit)} · <span>${esc(lab('position_kind', p.kind))}</span>${p.critical ? ` · <span class="pill crit">${esc(L.critical)}</span>` : ''}</div>
      <div class="hint">${esc(L.method)}: <b>${esc(lab('method', p.method))}</b> · ${esc(L.ruleSet)}: <b>${esc(lab('rule_set', p.rule_set))}</b> · ${esc(L.pool)}: <b>${esc(typeof p.pool === 'string' ? lab('pool', p.pool) : `${L.box} ≥ ${p.pool.min_box}`)}</b> · ${esc(L.date)} ${esc(r.value.date)}</div>
    </div>
    <div class="bench" data-testid="bench">
      <div class="stat"><span>${esc(lab('readiness', 'ready_now'))}</span><b data-testid="ready-now">${b.ready_now_count}</b></div>
      <div class="stat"><span>${esc(lab('readiness', 'ready_1_2_years'))}</span><b>${rc.ready_1_2_years ?? 0}</b></div>
      <div class="stat"><span>${esc(lab('readiness', 'ready_3_plus_years'))}</span><b>${rc.ready_3_plus_years ?? 0}</b></div>
      <div class="stat"><span>${esc(L.topScore)}</span><b>${num(b.top_score)}</b></div>
      <div class="stat wide">${risk}</div>
    </div>
    <div class="funnel" data-testid="funnel">${esc(L.funnel)}: ${[[L.considered, f.considered], [L.inPool, f.in_pool], [L.eligibleN, f.eligible], [L.ranked, f.ranked], [L.shortlisted, f.shortlisted]]
      .map(([l, n]) => `<span><b>${n}</b> ${esc(l)}</span>`).join(' → ')}
      <div class="hint">${esc(L.excludedAt)}: ${gates} ${codes}</div></div>
    ${p.candidates.length ? `<div class="list-wrap succ-wrap"><table data-testid="successors" class="succ"><thead><tr><th>#</th><th>${L.name} / ${L.nip}</th><th>${L.unit}</th><th>${L.box}</th><th>${L.readiness}</th><th>${L.score}</th><th>JPM</th><th class="why-cell">${L.why}</th></tr></thead><tbody>
    ${p.candidates.map((c) => `<tr data-nip="${esc(c.nip)}" data-rank="${c.rank}" data-box="${c.box ?? ''}" data-readiness="${esc(c.readiness)}">
      <td>${c.rank}</td><td><b>${esc(c.name ?? '—')}</b><br><span class="mono">${esc(c.nip)}</span><br><small>${esc(lab('position_kind', c.position_kind))}</small></td>
      <td class="unit-cell">${esc(c.unit)}</td><td><span class="boxchip b${c.box}${[1, 7, 8, 9].includes(c.box) ? ' dark' : ''}">${esc(c.box ?? '—')}</span></td>
      <td><span class="ready ${esc(c.readiness)}">${esc(lab('readiness', c.readiness))}</span><br><small>${esc(c.readiness_reason ? pick(c.readiness_reason) : c.readiness_rule)}</small></td>
      <td><b>${num(c.score, 4)}</b></td><td>${num(c.jpm, 1)}</td>
      <td class="why-cell"><details><summary>${esc(L.explain)}</summary>
        <table class="contrib"><thead><tr><th>${esc(L.criterion)}</th><th>${esc(L.value)}</th><th>${esc(L.normalised)}</th><th>${esc(L.weight)}</th><th>${esc(L.contribution)}</th></tr></thead><tbody>
        ${c.contributions.map((k) => `<tr data-criterion="${esc(k.criterion)}"><td>${esc(lab('criterion', k.criterion))}${k.source ? ` <small>(${esc(lab('value_from', k.source))})</small>` : ''}</td><td>${num(k.value, 2)}</td><td>${num(k.normalised)}</td><td>${num(k.weight)}</td><td>${num(k.contribution ?? k.gap_weight)}</td></tr>`).join('')}
        </tbody></table>
        <ul class="why gates">${c.gates.map((g) => `<li>${g.passed ? '✓' : '✗'} <b>${esc(lab('gate', g.gate))}</b>: ${esc(msg(g.reason))}</li>`).join('')}</ul>
      </details></td></tr>`).join('')}
    </tbody></table></div>` : `<p class="hint">${esc(L.noCandidates)}</p>`}`;
}

function renderErrors() {
  const L = t();
  const errs = st.out.errors.filter((e) => !st.scope || e.unit === st.scope || e.unit == null);
  $('errors').innerHTML = errs.length ? `<div class="list-wrap"><table data-testid="row-errors"><thead><tr><th>${L.row}</th><th>${L.nip}</th><th>${L.code}</th><th>${L.path}</th><th>${L.message}</th></tr></thead><tbody>
    ${errs.map((e) => `<tr><td>${e.row}</td><td class="mono">${esc(e.nip ?? '—')}</td><td class="mono">${esc(e.code)}</td><td class="mono">${esc(e.path)}</td><td>${esc(st.lang === 'id' ? e.message.id : e.message.en)}</td></tr>`).join('')}
    </tbody></table></div>` : `<p class="hint">${esc(L.noErrors)}</p>`;
}

// ---------- wiring ----------

// ---------- calibration session: the core's pure fold, its log kept in IndexedDB ----------
// Each event goes through the core (calibration_snapshot / calibration_append), which checks it against the
// session the log replays to and seals it into the hash chain; the entries are stored here, in this browser only.

const CAL = { db: 'meritkit', store: 'calibration', key: 'sesi-demo', session: 'sesi-demo' };
st.cal = null; // the log's entries
st.calCheck = null; // the last verify answer

function idb() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(CAL.db, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(CAL.store);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
async function idbDo(mode, f) {
  const db = await idb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(CAL.store, mode);
    const q = f(tx.objectStore(CAL.store));
    tx.oncomplete = () => resolve(q?.result);
    tx.onerror = () => reject(tx.error);
  });
}
const calLoad = () => idbDo('readonly', (s) => s.get(CAL.key));
const calSave = (entries) => idbDo('readwrite', (s) => s.put(entries, CAL.key));
const calDelete = () => idbDo('readwrite', (s) => s.delete(CAL.key));

/** A core function's value, or the error shown in the page (a thrown `calError`). */
function core(fn, req) {
  const a = JSON.parse(mk.callJson(fn, JSON.stringify(req)));
  if (a.ok) return a.value;
  const e = a.error;
  throw { message: e.message.en, message_id: e.message.id, details: e.problems };
}
const now = () => new Date().toISOString();

async function calAppend(event) {
  try {
    const entry = core('calibration_append', { log: st.cal, actor: 'peramban', time: now(), event });
    st.cal = [...st.cal, entry];
    await calSave(st.cal);
    showError(null);
  } catch (e) { showError(e); }
  st.calCheck = null;
  renderCal();
}

async function calStart() {
  if (!st.records) return;
  try {
    const a = core('calibration_snapshot', { session: CAL.session, records: st.records, policy: editedPolicy(), date: st.date ?? DEMO_DATE, actor: 'peramban', time: now() });
    st.cal = [a.entry];
    await calSave(st.cal);
    showError(null);
  } catch (e) { showError(e); }
  st.calCheck = null;
  renderCal();
}

function calMove() {
  if (!st.cal) return;
  const nip = $('cal-nip').value.trim();
  const r = core('calibration_report', { log: st.cal, detail: 'full' });
  const who = r.subjects.find((s) => s.nip === nip);
  if (!who) { showError({ message: T.en.calUnknown, message_id: T.id.calUnknown }); return; }
  const to = Number($('cal-to').value);
  return calAppend({ type: 'move', moves: [{ nip, from: { box: who.calibrated.box }, to: { box: to } }], reason_code: 'rapat_kalibrasi', reason: $('cal-reason').value.trim() || t().calMove });
}

function calExportText() {
  return st.cal ? core('calibration_export', { log: st.cal }) : '';
}

function renderCal() {
  const status = $('cal-status');
  const rep = $('cal-report');
  if (!status) return;
  if (!st.cal) { status.textContent = t().calNone; rep.innerHTML = ''; return; }
  let r;
  try { r = core('calibration_report', { log: st.cal, detail: 'summary' }); } catch (e) { showError(e); return; }
  status.textContent = t().calLine(r, t().calStatus[r.status] ?? r.status);
  status.dataset.status = r.status;
  status.dataset.entries = String(r.head.seq);
  const rows = r.distribution.map((d) => `<tr><td>${d.box ?? '—'}</td><td class="num">${d.raw}</td><td class="num">${d.calibrated}</td></tr>`).join('');
  const guides = r.guidelines.map((g) => `<li data-ok="${g.ok}">${esc(pick(g.message))}</li>`).join('');
  const check = st.calCheck ? `<p data-testid="cal-verify">${esc(st.calCheck.ok ? t().calOk(st.calCheck.entries) : t().calBad(st.calCheck.first_bad.line, pick(st.calCheck.first_bad.problems[0].message)))}</p>` : '';
  rep.innerHTML = `<table class="mini-table" data-testid="cal-distribution"><thead><tr><th>${esc(t().box)}</th><th>${esc(t().calProposed)}</th><th>${esc(t().calCalibrated)}</th></tr></thead><tbody>${rows}</tbody></table>`
    + (guides ? `<ul>${guides}</ul><p>${esc(r.finalisable ? t().calFinalisable : t().calNotFinalisable)}</p>` : '') + check;
  const link = $('cal-export');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([calExportText()], { type: 'application/x-ndjson' }));
}

async function main() {
  await init();
  $('version').textContent = `meritkit ${mk.version()} (wasm)`;
  loadLabels();
  const presets = mk.presets();
  $('preset').innerHTML = presets.map((p) => `<option value="${esc(p.name)}">${esc(p.name)}${p.local_practice ? ' [lokal]' : ''}</option>`).join('');
  loadPreset('permenpanrb_3_2020');
  $('preset').addEventListener('change', (e) => { loadPreset(e.target.value); run(); });
  $('apply').addEventListener('click', run);
  $('load-sample').addEventListener('click', () => { loadSample(); st.scope = ''; st.succ = null; run(); });
  $('file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    try { await loadFile(f); st.scope = ''; st.succ = null; run(); } catch (err) { showError(err); }
  });
  $('scope').addEventListener('change', (e) => { st.scope = e.target.value; st.box = null; render(); });
  $('rank').addEventListener('click', rankSuccessors);
  $('lang-id').addEventListener('click', () => { st.lang = 'id'; applyI18n(); });
  $('lang-en').addEventListener('click', () => { st.lang = 'en'; applyI18n(); });
  $('cal-to').innerHTML = layout().cells.flat().sort((a, b) => a - b).map((n) => `<option value="${n}">${n}</option>`).join('');
  $('cal-start').addEventListener('click', calStart);
  $('cal-guide').addEventListener('click', () => st.cal && calAppend({ type: 'guidelines', guidelines: [{ id: 'kotak9_maks10', select: { box: [9] }, op: '<=', percent: 10, mode: 'enforce', basis: 'contoh demo: keputusan tim (praktik lokal, bukan peraturan)' }] }));
  $('cal-move').addEventListener('click', calMove);
  $('cal-finalise').addEventListener('click', () => st.cal && calAppend({ type: 'finalise' }));
  $('cal-verify').addEventListener('click', () => { if (!st.cal) return; st.calCheck = core('calibration_verify', { jsonl: calExportText() }); renderCal(); });
  $('cal-discard').addEventListener('click', async () => { await calDelete(); st.cal = null; st.calCheck = null; renderCal(); });
  try { st.cal = (await calLoad()) ?? null; } catch { st.cal = null; }
  renderCal();
  document.body.dataset.ready = '1';
}

main().catch((e) => showError(e));
