// End-to-end test of the browser demo (examples/web) in headless Debian
// Chromium through playwright-core: a loopback static server, the sample
// loaded, grid counts checked against the CLI, a box clicked and its list
// checked, the language toggle, the succession panel, a screenshot.
// Run: node test/e2e.mjs (after npm run build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, writeFile, mkdtemp, rm, mkdir } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { root, cli } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.csv': 'text/csv', '.png': 'image/png' };

/** A tiny static server for the repository, loopback only. */
function serve() {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const file = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!file.startsWith(root + sep)) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// English words our English texts use, none of them Indonesian (`level`, `rating`, `data` and the acronyms JPM,
// SAW, TOPSIS, KRS, BUP are used in Indonesian too, and are not listed).
const ENGLISH = /\b(the|and|of|from|with|is|are|not|in|to|for|box|boxes|score|missing|ready|years?|performance|potential|basis|below|above|meets|expectations|eligible|shortlisted|rules?|talent|pool|weights?|rescaled|cut-offs|fixed|candidate|incumbent|retirement|assignment|completeness|education|rank|experience|computed|reported|unknown|none|agency|national)\b/i;
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;

/** Asserts that the text of each element has no snake_case code and no English word (line by line, for the message). */
async function indonesianOnly(page, selectors) {
  for (const sel of selectors) {
    const text = await page.$eval(sel, (el) => el.innerText.length ? el.innerText + '\n' + el.textContent : el.textContent);
    for (const line of text.split('\n')) {
      assert.doesNotMatch(line, SNAKE, `${sel}: a code in "${line.slice(0, 160)}"`);
      assert.doesNotMatch(line, ENGLISH, `${sel}: an English word in "${line.slice(0, 160)}"`);
    }
  }
}

test('browser demo: sample grid equals the CLI, box list, toggle, screenshot', { timeout: 240_000 }, async () => {
  // What the CLI computes for the same fictional data (meritkit demo = same records, same date, same preset).
  const expected = JSON.parse(cli(['demo', '--format', 'json']));
  // The CLI's succession answer for the sample: the same records and positions, same date, default policy.
  const tmp = await mkdtemp(join(tmpdir(), 'meritkit-e2e-'));
  cli(['demo', '--export', join(tmp, 'demo.json')]);
  cli(['demo', '--export-positions', join(tmp, 'positions.json')]);
  const succCli = JSON.parse(cli(['succession', '--format', 'json', '--input', join(tmp, 'demo.json'), '--positions', join(tmp, 'positions.json'), '--date', '2026-01-02']));
  await rm(tmp, { recursive: true, force: true });
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = await mkdtemp(join(tmpdir(), 'meritkit-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 },
  });
  const problems = [];
  const offsite = [];
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    // Everything must stay on the page's own origin: nothing is sent anywhere.
    await page.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.origin === base || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
      offsite.push(u.href);
      return route.abort();
    });

    await page.goto(`${base}/examples/web/index.html`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    await page.click('#load-sample');
    await page.waitForSelector('#grid .box');

    const counts = async () => page.$$eval('#grid .box', (els) => Object.fromEntries(els.map((e) => [e.dataset.box, Number(e.querySelector('.count').textContent)])));
    const want = (g) => Object.fromEntries(Object.entries(g.boxes).map(([k, v]) => [k, v]));

    // The grid is drawn as the core lays it out (the layout of the CLI, the report and Python; the shared
    // vector grid_layout_regulation_figure): kinerja rows from di atas (top), potensial columns from rendah.
    assert.deepEqual(await page.$$eval('#grid .box', (els) => els.map((e) => Number(e.dataset.box))), [4, 7, 9, 2, 5, 8, 1, 3, 6]);
    assert.deepEqual(await page.$$eval('#minis .mini:first-child .g div', (els) => els.map((e) => Number(e.title))), [4, 7, 9, 2, 5, 8, 1, 3, 6]);

    // Province grid = CLI total
    assert.deepEqual(await counts(), want(expected.summary.total));
    const tot = expected.summary.total;
    assert.deepEqual(await page.$$eval('#totals b', (bs) => bs.map((b) => Number(b.textContent))),
      [tot.rows, tot.placed, tot.holding, tot.errors, tot.talent_pool.instansi ?? 0, tot.talent_pool.nasional ?? 0]);

    // Each OPD grid = CLI per-unit summary
    assert.equal(expected.summary.units.length, 6);
    for (const u of expected.summary.units) {
      await page.selectOption('#scope', u.unit);
      assert.deepEqual(await counts(), want(u), u.unit);
    }
    // the small per-OPD grids show the same numbers
    const minis = await page.$$eval('.mini', (els) => els.map((e) => [e.dataset.unit, [...e.querySelectorAll('.g div')].map((d) => [d.title, Number(d.textContent)])]));
    for (const [unit, cells] of minis) {
      const u = expected.summary.units.find((x) => x.unit === unit);
      for (const [n, c] of cells) assert.equal(c, u.boxes[n], `${unit} box ${n}`);
    }

    // Click box 9 in the province view: the list is exactly the CLI's box-9 employees
    await page.selectOption('#scope', '');
    await page.click('#grid .box[data-box="9"]');
    await page.waitForSelector('table[data-testid="employees"]');
    const listed = await page.$$eval('table[data-testid="employees"] tbody tr', (trs) => trs.map((tr) => [tr.dataset.nip, tr.dataset.box]));
    const box9 = expected.results.filter((r) => r.box === 9).map((r) => r.nip).sort();
    assert.ok(box9.length > 0);
    assert.deepEqual(listed.map(([n]) => n).sort(), box9);
    assert.ok(listed.every(([, b]) => b === '9'));
    // the explanation is told in words (the core's `detail: "text"`), each step with its regulation
    await page.click('table[data-testid="employees"] tbody tr:first-child details summary');
    const why9 = await page.textContent('table[data-testid="employees"] tbody tr:first-child details');
    assert.match(why9, /Kinerja: Di Atas Ekspektasi — dari predikat kinerja \d{4}: Sangat Baik[\s\S]*PermenPANRB 6\/2022/);
    assert.match(why9, /Potensial: Tinggi — skor [\d,]+[\s\S]*batas tetap: Menengah ≥ 78, Tinggi ≥ 90/);
    assert.match(why9, /Kotak 9 \(Kinerja di atas ekspektasi dan potensial tinggi\)[\s\S]*PermenPANRB 3\/2020 jo 20\/2025/);

    // Official axis labels (the grid's, from the core) in Bahasa Indonesia, English on toggle
    assert.match(await page.textContent('#grid'), /Di Atas Ekspektasi[\s\S]*Tinggi/);
    await page.click('#lang-en');
    assert.match(await page.textContent('#grid'), /Above expectations[\s\S]*High/);
    await page.click('#lang-id');

    // Editing a cut-off re-scores: raising "tinggi" to 100 (the top of the 0-100 scale; cut-offs are inclusive
    // lower bounds, and a cut-off above 100 is refused) keeps in the tinggi column (boxes 6, 8, 9) only those
    // whose potential score is exactly 100.
    const atTop = (n) => expected.results.filter((r) => r.box === n && r.potential_score >= 100).length;
    assert.ok(atTop(9) < expected.summary.total.boxes['9'], 'the sample has box-9 people below 100');
    await page.fill('#cut-high', '100');
    await page.click('#apply');
    await page.waitForFunction((want) => document.querySelector('#grid .box[data-box="9"] .count')?.textContent === String(want), atTop(9));
    const edited = await counts();
    for (const n of [6, 8, 9]) assert.equal(edited[String(n)], atTop(n), `box ${n}`);
    await page.selectOption('#preset', 'permenpanrb_3_2020');
    await page.fill('#cut-high', '90');
    await page.click('#apply');
    assert.deepEqual(await counts(), want(expected.summary.total));

    // Succession panel: pick a target position of the sample (generate::demo_positions) and compare its
    // shortlist with the CLI on the same data (meritkit succession --format json).
    const target = 'PANGAN-KABID-KETERSEDIAAN';
    const ids = await page.$$eval('#target option', (os) => os.map((o) => o.value));
    assert.deepEqual(ids, succCli.positions.map((p) => p.id));
    await page.selectOption('#target', target);
    await page.click('#rank');
    await page.waitForSelector(`[data-testid="succession-position"][data-id="${target}"]`);
    const wantPos = succCli.positions.find((p) => p.id === target);
    assert.ok(wantPos.candidates.length > 0, 'the CLI shortlists someone for the sample position');
    const shown = await page.$$eval('table[data-testid="successors"] > tbody > tr', (trs) => trs.map((tr) => [Number(tr.dataset.rank), tr.dataset.nip, Number(tr.dataset.box), tr.dataset.readiness]));
    assert.deepEqual(shown, wantPos.candidates.map((c) => [c.rank, c.nip, c.box, c.readiness]));
    // a shortlist holds only talent-pool members (instansi pool: boxes 7-9, SE MenPANRB 10/2021)
    assert.ok(shown.every(([, , box]) => box >= 7 && box <= 9));
    assert.equal(Number(await page.textContent('[data-testid="ready-now"]')), wantPos.bench.ready_now_count);
    // readiness is told in the page's language (the core's readiness_reason), not as the machine form `rule 0: ...`
    const table = await page.textContent('table[data-testid="successors"]');
    assert.ok(table.includes(wantPos.candidates[0].readiness_reason.id), 'the Indonesian readiness reason is shown');
    assert.doesNotMatch(table, /rule \d+: box/);
    assert.match(await page.textContent('[data-testid="funnel"]'), new RegExp(`${wantPos.funnel.considered} dipertimbangkan[\\s\\S]*${wantPos.funnel.shortlisted} daftar pendek`));
    // the first candidate explains itself criterion by criterion, and lists the gates passed
    await page.click('table[data-testid="successors"] > tbody > tr:first-child details summary');
    const why = await page.textContent('table[data-testid="successors"] > tbody > tr:first-child details');
    const shownCriteria = await page.$$eval('table[data-testid="successors"] > tbody > tr:first-child details tr[data-criterion]', (trs) => trs.map((tr) => tr.dataset.criterion));
    assert.deepEqual(shownCriteria, wantPos.candidates[0].contributions.map((c) => c.criterion));
    // criteria by their names (the core's catalogue), e.g. the 9-box number as "kotak talenta"
    assert.match(why, /kotak talenta[\s\S]*pendidikan/);
    assert.match(why, /kelompok talenta[\s\S]*syarat jabatan/);

    // Every explanation and reason shown in Bahasa Indonesia is in words: official labels, no snake_case code and
    // no English word. Scanned: the grid, the box list with every explanation, the per-OPD grids and the whole
    // succession panel (header, bench, funnel with the exclusions, readiness, criteria, gates).
    // Not scanned, on purpose: the data-quality table, whose "Kode" and "Kolom" columns show the stable error code
    // and the file's own column name for the user to look up and fix; and the preset picker's names (identifiers, like
    // file names; the preset's description below it is scanned).
    await indonesianOnly(page, ['#grid', '#totals', '#minis', '#succession', '#policy-desc']);
    for (const n of [9, 5, 2, 1]) {
      await page.click(`#grid .box[data-box="${n}"]`);
      await page.waitForSelector('table[data-testid="employees"] details');
      await indonesianOnly(page, ['#list']);
    }
    await page.click('#lang-en');
    assert.match(await page.textContent('#list'), /Performance: Below expectations — from the performance rating \(predikat\) \d{4}: /);
    assert.match(await page.textContent('#succession'), /Ready now/);
    await page.click('#lang-id');

    // A calibration session kept in the browser (IndexedDB): the snapshot of these placements, an enforced
    // guideline (box 9 at most 10 %, rounded up), a move from box 9 to 8, finalising; the exported log verified by
    // the CLI, one changed byte found; the session back after a reload.
    const entries = (n) => page.waitForFunction((k) => document.querySelector('#cal-status')?.dataset.entries === k, String(n));
    await page.click('#cal-start');
    await entries(1);
    await page.click('#cal-guide');
    await entries(2);
    const nip9 = expected.results.find((r) => r.box === 9).nip;
    await page.fill('#cal-nip', nip9);
    await page.selectOption('#cal-to', '8');
    await page.fill('#cal-reason', 'bukti kinerja baru');
    await page.click('#cal-move');
    await entries(3);
    const dist = await page.$$eval('table[data-testid="cal-distribution"] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    const row9 = dist.find(([b]) => b === '9');
    assert.deepEqual(row9, ['9', String(expected.summary.total.boxes['9']), String(expected.summary.total.boxes['9'] - 1)]);
    await page.click('#cal-finalise');
    await entries(4);
    assert.equal(await page.$eval('#cal-status', (el) => el.dataset.status), 'finalised');
    await page.click('#cal-verify');
    assert.match(await page.textContent('[data-testid="cal-verify"]'), /Log utuh: 4 entri cocok/);
    const jsonl = await page.evaluate(async () => (await fetch(document.querySelector('#cal-export').href)).text());
    const logDir = await mkdtemp(join(tmpdir(), 'meritkit-cal-'));
    await writeFile(join(logDir, 'sesi.jsonl'), jsonl);
    assert.match(cli(['--lang', 'id', 'calibration', 'verify', '--jsonl', join(logDir, 'sesi.jsonl')]), /semua 4 entri cocok/);
    await writeFile(join(logDir, 'ubah.jsonl'), jsonl.replace('bukti kinerja baru', 'bukti kinerja BARU'));
    assert.throws(() => cli(['calibration', 'verify', '--jsonl', join(logDir, 'ubah.jsonl')]), (e) => e.status === 1);
    await rm(logDir, { recursive: true, force: true });
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    await page.click('#load-sample');
    await entries(4);
    assert.equal(await page.$eval('#cal-status', (el) => el.dataset.status), 'finalised');

    // A CSV file in the flat layout (meritkit::flat): one row per box of the canonical table, one bad row
    const csv = ['nip;unit;position_kind;performance_2025;potential_score',
      ...[['Sangat Baik', 95], ['Sangat Baik', 80], ['Sangat Baik', 60], ['Baik', 92], ['Baik', 85], ['Baik', 50],
        ['Kurang', 99], ['Butuh Perbaikan', 78], ['Sangat Kurang', 10]].map(([p, s], i) => `1985031520100110${String(i + 1).padStart(2, '0')};Dinas Uji;pelaksana;${p};${String(s).replace('.', ',')}`),
      '12345;Dinas Uji;pelaksana;Baik;80'].join('\n');
    await page.setInputFiles('#file', { name: 'uji.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent.includes('uji.csv'));
    assert.deepEqual(await counts(), { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1 });
    assert.match(await page.textContent('table[data-testid="row-errors"]'), /nip_format/);

    // back to the sample for the screenshot
    await page.click('#load-sample');
    await page.waitForFunction((n) => document.querySelector('#grid .box[data-box="5"] .count')?.textContent === String(n), expected.summary.total.boxes[5]);
    await page.selectOption('#target', target);
    await page.click('#rank');
    await page.waitForSelector(`[data-testid="succession-position"][data-id="${target}"]`);
    await page.click('table[data-testid="successors"] > tbody > tr:first-child details summary');
    await page.click('#grid .box[data-box="9"]');
    await page.click('table[data-testid="employees"] tbody tr:first-child details summary');
    await page.$eval('.list-wrap', (el) => { el.scrollLeft = 0; el.scrollTop = 0; });
    await mkdir(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output', 'wasm-demo.png'), fullPage: true });

    assert.deepEqual(offsite, [], 'the demo must not contact any other origin');
    assert.deepEqual(problems, []);
  } finally {
    await ctx.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }
});
