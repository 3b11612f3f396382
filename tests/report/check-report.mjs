// Opens a meritkit HTML report in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; nothing is downloaded) and checks it:
//  1. it renders, and no network request is attempted (anything but the file itself fails the test);
//  2. every 9-box in the page (province and each OPD) shows the counts of `meritkit score --format json`
//     for the same input, in the official layout (box 9 top right, 1 bottom left, 4 top left, 6 bottom right);
//  3. the summary cards, the policy fingerprint and the pending (not available) sections are there;
//  4. a screenshot is saved.
// Usage: node check-report.mjs REPORT.html SCORE.json SCREENSHOT.png [--redacted]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [htmlPath, jsonPath, shotPath, ...flags] = process.argv.slice(2);
if (!htmlPath || !jsonPath || !shotPath) {
  console.error('usage: node check-report.mjs REPORT.html SCORE.json SCREENSHOT.png [--redacted]');
  process.exit(2);
}
const score = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meritkit-report-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const fileUrl = pathToFileURL(path.resolve(htmlPath)).href;
const attempted = [];
const failed = [];
// Every request is seen here; only the report file itself may load.
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url === fileUrl) return route.continue();
  attempted.push(url);
  return route.abort();
});
const page = context.pages()[0] ?? await context.newPage();
page.on('requestfailed', (r) => { if (r.url() !== fileUrl) failed.push(r.url()); });
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

const resp = await page.goto(fileUrl, { waitUntil: 'load' });
check(resp === null || resp.ok(), 'the report page did not load');
await page.waitForTimeout(300);

check(attempted.length === 0, `network requests attempted: ${attempted.join(', ')}`);
check(failed.length === 0, `failed requests: ${failed.join(', ')}`);
check(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);

// Grids as shown.
const grids = await page.$$eval('svg.ninebox', (svgs) => svgs.map((svg) => ({
  unit: svg.getAttribute('data-unit'),
  placed: Number(svg.getAttribute('data-placed')),
  boxes: [...svg.querySelectorAll('g.box')].map((g) => {
    const r = g.querySelector('rect').getBoundingClientRect();
    const texts = [...g.querySelectorAll('text')].map((t) => t.textContent);
    return { box: Number(g.getAttribute('data-box')), count: Number(g.getAttribute('data-count')), texts, x: r.x, y: r.y };
  }),
})));
const units = score.summary.units;
check(grids.length === units.length + 1, `expected ${units.length + 1} grids, found ${grids.length}`);
const expected = [{ unit: '*', g: score.summary.total }, ...units.map((u) => ({ unit: u.unit, g: u }))];
for (const { unit, g } of expected) {
  const shown = grids.find((x) => x.unit === unit);
  if (!shown) { failures.push(`no grid for ${unit}`); continue; }
  check(shown.placed === g.placed, `${unit}: placed ${shown.placed} ≠ ${g.placed}`);
  check(shown.boxes.length === 9, `${unit}: ${shown.boxes.length} boxes`);
  for (const b of shown.boxes) {
    const want = g.boxes[String(b.box)] ?? 0;
    check(b.count === want, `${unit}: box ${b.box} shows ${b.count}, JSON says ${want}`);
    // The visible numbers: box number and count are printed in the cell.
    check(b.texts[0] === String(b.box), `${unit}: box ${b.box} label '${b.texts[0]}'`);
    check(b.texts[1] === String(want), `${unit}: box ${b.box} visible count '${b.texts[1]}' ≠ ${want}`);
    const share = g.placed ? (want * 100 / g.placed) : 0;
    const pct = parseFloat(b.texts[2]);
    check(Math.abs(pct - share) <= (unit === '*' ? 0.051 : 0.51), `${unit}: box ${b.box} share ${b.texts[2]} vs ${share.toFixed(2)}%`);
  }
  // Official layout: box 9 top right, 1 bottom left, 4 top left, 6 bottom right, 5 centre.
  const at = (n) => shown.boxes.find((b) => b.box === n);
  const [b1, b4, b5, b6, b9] = [1, 4, 5, 6, 9].map(at);
  if (b1 && b4 && b5 && b6 && b9) {
    check(b9.x > b5.x && b9.y < b5.y, `${unit}: box 9 is not top right`);
    check(b1.x < b5.x && b1.y > b5.y, `${unit}: box 1 is not bottom left`);
    check(b4.x < b5.x && b4.y < b5.y, `${unit}: box 4 is not top left`);
    check(b6.x > b5.x && b6.y > b5.y, `${unit}: box 6 is not bottom right`);
  }
}

// Summary cards equal the JSON totals.
const stat = async (id) => Number(await page.$eval(`[data-stat="${id}"] .n`, (e) => e.textContent));
const tot = score.summary.total;
check(await stat('rows') === tot.rows, 'rows card');
check(await stat('placed') === tot.placed, 'placed card');
check(await stat('holding') === tot.holding, 'holding card');
check(await stat('errors') === tot.errors, 'errors card');
check(await stat('krs_instansi') === (tot.talent_pool.instansi ?? 0), 'agency pool card');
check(await stat('krs_nasional') === (tot.talent_pool.nasional ?? 0), 'national pool card');

// Talent-pool table: one row per pool member (boxes 7-9).
const poolRows = await page.$$eval('#pool-table tbody tr', (rs) => rs.length);
const members = score.results.filter((r) => r.talent_pool.length > 0).length;
check(poolRows === Math.min(members, 500), `talent-pool rows ${poolRows} vs ${members} members`);

// Data quality: one row per row error (up to the cap).
if (score.errors.length) {
  const dq = await page.$$eval('#dq-rows tbody tr', (rs) => rs.length);
  check(dq === Math.min(score.errors.length, 1000), `data-quality rows ${dq} vs ${score.errors.length}`);
}

// Audit: the policy and its fingerprint.
const audit = await page.$eval('#audit', (e) => e.textContent);
check(audit.includes(score.policy.fingerprint), 'policy fingerprint missing from the audit section');
check(audit.includes(score.policy.name), 'policy name missing from the audit section');
check(/[0-9a-f]{64}/.test(audit.replace(score.policy.fingerprint, '')), 'input SHA-256 missing');

// Succession shortlists (when target positions were given): every candidate's box is the
// box the scorer gave that NIP, and it is at least box 5 (the loosest pool in the sample).
if (!flags.includes('--redacted')) {
  const boxByNip = new Map(score.results.map((r) => [r.nip, r.box]));
  const rows = await page.$$eval('#suksesi table', (ts) => ts.flatMap((t) => {
    const hs = [...t.querySelectorAll('thead th')].map((h) => h.textContent.trim());
    const iN = hs.indexOf('NIP');
    const iB = hs.findIndex((h) => h === 'Kotak' || h === 'Box');
    if (iN < 0 || iB < 0) return [];
    return [...t.querySelectorAll('tbody tr')].map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((c) => c.textContent.trim());
      return { nip: td[iN], box: Number(td[iB]) };
    });
  }));
  for (const r of rows) {
    check(boxByNip.get(r.nip) === r.box, `shortlist: NIP row box ${r.box} ≠ scorer's ${boxByNip.get(r.nip)}`);
    check(r.box >= 5, `shortlist: box ${r.box} below any pool`);
  }
  if (rows.length) console.log(`shortlist rows checked against the 9-box: ${rows.length}`);
}

// Sections without their core module say so (never made-up data).
const pending = await page.$$eval('[data-pending]', (ps) => ps.map((p) => p.getAttribute('data-pending')));
console.log(`pending sections: ${pending.join(', ') || 'none'}`);

if (flags.includes('--redacted')) {
  const body = await page.$eval('body', (e) => e.innerText);
  for (const r of score.results) {
    if (r.nip && body.includes(r.nip)) { failures.push(`NIP of row ${r.row} visible in the redacted report`); break; }
  }
}

fs.mkdirSync(path.dirname(shotPath), { recursive: true });
await page.screenshot({ path: shotPath, fullPage: true });
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });

if (failures.length) {
  console.error(`report check FAILED (${failures.length}):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`report check ok: ${grids.length} grids match the JSON, no network request, screenshot ${shotPath}`);
