// meritkit browser demo: everything runs here, in the WebAssembly module.
// Nothing is sent anywhere (no fetch except the module's own .wasm file).
import init, * as mk from '../../bindings/wasm/dist/web/meritkit_wasm.js';

const DEMO_DATE = '2026-01-02'; // the CLI demo's fixed reference date (meritkit demo)
const BOX = [[1, 2, 4], [3, 5, 7], [6, 8, 9]]; // BOX[p-1][k-1], PermenPANRB 3/2020 jo 20/2025
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
    explain: 'penjelasan', perf: 'Kinerja', potAxis: 'Potensial', box: 'Kotak', follow: 'Tindak lanjut', years: 'tahun',
    derived: 'diturunkan dari dua rating', cut: 'batas', loaded: (n, s) => `${n} baris dimuat (${s})`, sampleSrc: 'contoh fiktif',
    noCut: 'Batas tetap hanya dapat diubah untuk metode "fixed"; preset ini memakai metode', edited: 'diubah',
    noSuccession: 'Peringkat suksesor belum tersedia di versi mesin ini (fungsi `succession` belum ada). Kotak talenta tetap berfungsi.',
    noTargets: 'Tidak ada jabatan struktural di data ini.', candidates: 'Calon', readiness: 'Kesiapan', score: 'Skor',
    row: 'Baris', code: 'Kode', path: 'Kolom', message: 'Pesan', noErrors: 'Semua baris terpetakan.',
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
    explain: 'explanation', perf: 'Performance', potAxis: 'Potential', box: 'Box', follow: 'Follow-up', years: 'years',
    derived: 'derived from the two ratings', cut: 'cut-offs', loaded: (n, s) => `${n} rows loaded (${s})`, sampleSrc: 'fictional sample',
    noCut: 'Fixed cut-offs can be edited only for the "fixed" method; this preset uses', edited: 'edited',
    noSuccession: 'Successor ranking is not available in this engine version yet (no `succession` function). The 9-box works.',
    noTargets: 'No structural positions in this data.', candidates: 'Candidates', readiness: 'Readiness', score: 'Score',
    row: 'Row', code: 'Code', path: 'Field', message: 'Message', noErrors: 'Every row was placed.',
  },
};

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const st = { lang: 'id', records: null, source: '', date: null, sample: false, policy: 'permenpanrb_3_2020', policyValue: null, out: null, scope: '', box: null };
const t = () => T[st.lang];

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
  $('lang-id').classList.toggle('on', st.lang === 'id');
  $('lang-en').classList.toggle('on', st.lang === 'en');
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
  const info = mk.presets().find((p) => p.name === name);
  $('policy-desc').textContent = info ? info.description : '';
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
  const r = mk.safeScore({ records: st.records, policy: editedPolicy(), date: st.date });
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

function boxDesc(n) {
  for (let p = 1; p <= 3; p++) for (let k = 1; k <= 3; k++) {
    if (BOX[p - 1][k - 1] === n) {
      return st.lang === 'id' ? `Kinerja ${t().k[k - 1].toLowerCase()} dan potensial ${t().p[p - 1].toLowerCase()}`
        : `${t().k[k - 1]}, ${t().p[p - 1].toLowerCase()} potential`;
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
  for (let row = 0; row < 3; row++) {
    const k = 3 - row;
    cells.push(`<div class="lvl-y" style="grid-row:${row + 1}">${esc(t().k[k - 1])}</div>`);
    for (let p = 1; p <= 3; p++) {
      const n = BOX[p - 1][k - 1];
      const c = g.boxes[n] ?? 0;
      const pct = g.placed ? Math.round((100 * c) / g.placed) : 0;
      const dark = [1, 8, 9, 7].includes(n) ? ' dark' : '';
      cells.push(`<div class="box b${n}${dark}${st.box === n ? ' sel' : ''}" data-box="${n}" style="grid-row:${row + 1};grid-column:${p + 2}" role="button" tabindex="0"
        title="${esc(boxDesc(n))}"><span class="num">${n}</span><span class="pct">${pct}%</span><span class="count" data-testid="count-${n}">${c}</span><span class="desc">${esc(boxDesc(n))}</span></div>`);
    }
  }
  for (let p = 1; p <= 3; p++) cells.push(`<div class="lvl-x" style="grid-column:${p + 2}">${esc(t().p[p - 1])}</div>`);
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

function explanation(r) {
  const e = r.explanation, L = t();
  const years = (e.performance.years || []).map((y) => `${y.year}: ${y.predikat ?? '—'}${y.derived ? ` (${L.derived})` : ''}`).join(', ');
  const f = (x) => (typeof x === 'number' ? String(Math.round(x * 100) / 100) : (x ?? '—')); // display only
  const comps = (e.potential.components || []).map((c) => `${c.input} ${f(c.value)} × ${f(c.effective_weight ?? c.weight)} = ${f(c.contribution)}`).join('; ');
  const cut = e.potential.cutoffs ? `${L.cut} ${e.potential.cutoffs.method}: ${(e.potential.cutoffs.score_thresholds || e.potential.cutoffs.configured || []).join(' / ')}` : '';
  return `<details><summary>${esc(L.explain)}</summary><ul class="why">
    <li><b>${esc(L.perf)}</b>: ${esc(e.performance.level ?? '—')} · ${esc(years)} <br><small>${esc(e.performance.rule)}</small></li>
    <li><b>${esc(L.potAxis)}</b>: ${esc(e.potential.level ?? '—')} (${esc(e.potential.score ?? '—')}, ${esc(e.potential.source ?? '')}) ${comps ? '· ' + esc(comps) : ''} · ${esc(cut)}<br><small>${esc(e.potential.rule)}</small></li>
    ${e.box ? `<li><b>${esc(L.box)} ${e.box.number}</b>: k=${e.box.performance_index}, p=${e.box.potential_index}<br><small>${esc(e.box.rule)}</small></li>` : ''}
    <li><b>${esc(L.follow)}</b>: ${esc((r.follow_up || []).join('; '))}</li></ul></details>`;
}

function renderList() {
  const L = t();
  if (st.box == null) { $('list-title').textContent = L.pick; $('list').innerHTML = ''; return; }
  const rows = st.out.results.filter((r) => r.box === st.box && (!st.scope || r.unit === st.scope));
  $('list-title').textContent = L.boxTitle(st.box, rows.length);
  if (!rows.length) { $('list').innerHTML = `<p class="hint">${esc(L.none)}</p>`; return; }
  const desc = rows[0].description ? (st.lang === 'id' ? rows[0].description.id : rows[0].description.en) : boxDesc(st.box);
  $('list').innerHTML = `<p class="hint">${esc(desc)} ${(rows[0].talent_pool || []).map((p) => `<span class="pill">KRS ${esc(p)}</span>`).join('')}</p>
    <div class="list-wrap"><table data-testid="employees" class="emp"><thead><tr><th>${L.name} / ${L.nip}</th>${st.scope ? '' : `<th>${L.unit}</th>`}<th>${L.pred}</th><th>${L.pot}</th><th class="why-cell">${L.why}</th></tr></thead><tbody>
    ${rows.map((r) => `<tr data-nip="${esc(r.nip)}" data-box="${r.box}"><td><b>${esc(r.name ?? '—')}</b><br><span class="mono">${esc(r.nip)}</span><br><small>${esc(r.position_kind)}</small></td>${st.scope ? '' : `<td class="unit-cell">${esc(r.unit)}</td>`}
      <td>${esc(r.latest_predikat ?? '—')}</td><td>${esc(r.potential_score ?? '—')}<br><small>${esc(r.potential_level ?? '—')}${r.jpm == null ? '' : ` · JPM ${esc(r.jpm)}`}</small></td>
      <td class="why-cell">${explanation(r)}</td></tr>`).join('')}</tbody></table></div>`;
}

function renderMinis() {
  const units = st.out.summary.units;
  $('minis').innerHTML = units.map((u, i) => {
    const cells = [];
    for (let k = 3; k >= 1; k--) for (let p = 1; p <= 3; p++) {
      const n = BOX[p - 1][k - 1];
      cells.push(`<div class="b${n}" style="opacity:${u.boxes[n] ? 1 : 0.35};color:${[1, 7, 8, 9].includes(n) ? '#fff' : '#1d2733'}" title="${n}">${u.boxes[n] ?? 0}</div>`);
    }
    return `<div class="mini${st.scope === u.unit ? ' sel' : ''}" data-i="${i}" data-unit="${esc(u.unit)}"><div class="name">${esc(u.unit)}</div><div class="g">${cells.join('')}</div>
      <div class="meta">${u.placed} ${esc(t().placed)} · ${u.errors} ${esc(t().errors)}</div></div>`;
  }).join('');
  for (const el of $('minis').querySelectorAll('.mini')) {
    el.addEventListener('click', () => { st.scope = units[Number(el.dataset.i)].unit; st.box = null; render(); window.scrollTo({ top: 0, behavior: 'smooth' }); });
  }
}

function renderTargets() {
  const seen = new Map();
  for (const r of st.out.results) {
    if (STRUCTURAL.includes(r.position_kind)) seen.set(`${r.unit}|${r.position_kind}`, { unit: r.unit, kind: r.position_kind });
  }
  const opts = [...seen.values()].sort((a, b) => a.unit.localeCompare(b.unit) || STRUCTURAL.indexOf(a.kind) - STRUCTURAL.indexOf(b.kind));
  $('target').innerHTML = opts.map((o) => `<option value="${esc(JSON.stringify(o))}">${esc(o.kind)} — ${esc(o.unit)}</option>`).join('');
  $('rank').disabled = !opts.length;
  $('succession').innerHTML = opts.length ? '' : `<p class="hint">${esc(t().noTargets)}</p>`;
}

function rankSuccessors() {
  const target = JSON.parse($('target').value);
  const request = { records: st.records, policy: editedPolicy(), date: st.date, target };
  const r = mk.safeRankSuccessors(request);
  const el = $('succession');
  if (!r.ok && r.error.path === 'function') { el.innerHTML = `<div class="notice" data-testid="succession-notice">${esc(t().noSuccession)}</div>`; return; }
  if (!r.ok) { el.innerHTML = `<div class="error">${esc(st.lang === 'id' ? r.error.message_id : r.error.message)}</div>`; return; }
  const list = r.value.candidates ?? r.value.successors ?? r.value.results ?? [];
  const L = t();
  el.innerHTML = `<div class="list-wrap"><table><thead><tr><th>#</th><th>${L.name}</th><th>${L.nip}</th><th>${L.unit}</th><th>${L.box}</th><th>${L.readiness}</th><th>${L.score}</th><th>${L.why}</th></tr></thead><tbody>
    ${list.map((c, i) => `<tr><td>${c.rank ?? i + 1}</td><td>${esc(c.name ?? '—')}</td><td class="mono">${esc(c.nip)}</td><td>${esc(c.unit ?? '')}</td><td>${esc(c.box ?? '')}</td>
      <td>${esc(c.readiness ?? '')}</td><td>${esc(c.score ?? '')}</td><td><details><summary>${esc(L.explain)}</summary><pre class="mono">${esc(JSON.stringify(c.explanation ?? c.reasons ?? c, null, 1))}</pre></details></td></tr>`).join('')}
    </tbody></table></div>`;
}

function renderErrors() {
  const L = t();
  const errs = st.out.errors.filter((e) => !st.scope || e.unit === st.scope || e.unit == null);
  $('errors').innerHTML = errs.length ? `<div class="list-wrap"><table data-testid="row-errors"><thead><tr><th>${L.row}</th><th>${L.nip}</th><th>${L.code}</th><th>${L.path}</th><th>${L.message}</th></tr></thead><tbody>
    ${errs.map((e) => `<tr><td>${e.row}</td><td class="mono">${esc(e.nip ?? '—')}</td><td class="mono">${esc(e.code)}</td><td class="mono">${esc(e.path)}</td><td>${esc(st.lang === 'id' ? e.message.id : e.message.en)}</td></tr>`).join('')}
    </tbody></table></div>` : `<p class="hint">${esc(L.noErrors)}</p>`;
}

// ---------- wiring ----------

async function main() {
  await init();
  $('version').textContent = `meritkit ${mk.version()} (wasm)`;
  const presets = mk.presets();
  $('preset').innerHTML = presets.map((p) => `<option value="${esc(p.name)}">${esc(p.name)}${p.local_practice ? ' [lokal]' : ''}</option>`).join('');
  loadPreset('permenpanrb_3_2020');
  $('preset').addEventListener('change', (e) => { loadPreset(e.target.value); run(); });
  $('apply').addEventListener('click', run);
  $('load-sample').addEventListener('click', () => { loadSample(); st.scope = ''; run(); });
  $('file').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    try { await loadFile(f); st.scope = ''; run(); } catch (err) { showError(err); }
  });
  $('scope').addEventListener('change', (e) => { st.scope = e.target.value; st.box = null; render(); });
  $('rank').addEventListener('click', rankSuccessors);
  $('lang-id').addEventListener('click', () => { st.lang = 'id'; applyI18n(); });
  $('lang-en').addEventListener('click', () => { st.lang = 'en'; applyI18n(); });
  document.body.dataset.ready = '1';
}

main().catch((e) => showError(e));
