// The JavaScript API of the package: input forms, byte-identical answers with
// the Rust core and the CLI, the error model, safe* twins, columnar input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { mk, root, nativeCallJson, cli } from './helpers.mjs';

const DEMO_DATE = '2026-01-02'; // crates/meritkit-cli/src/cmd_demo.rs
const demo = JSON.parse(mk.callJson('demo_records', '{}')).value;
const rec = (nip, predikat, potential_score, unit = 'Dinas Pangan') => ({
  nip, unit, position: { kind: 'administrator' }, performance: [{ year: 2025, predikat }], potential_score,
});

test('version is the crate version', () => {
  const cargoToml = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  const v = /\[workspace\.package\][^[]*?version = "([^"]+)"/s.exec(cargoToml)[1];
  assert.equal(mk.version(), v);
  assert.deepEqual(mk.safeVersion(), { ok: true, value: v });
});

test('presets list the default preset with sha256 fingerprints; its cut-offs are local practice', () => {
  const ps = mk.presets();
  // National 9-box, local scoring choices (90/78 cut-offs, predikat mapping): not national law as a whole.
  assert.ok(ps.some((p) => p.name === 'permenpanrb_3_2020' && p.local_practice === true));
  for (const p of ps) assert.match(p.fingerprint, /^[0-9a-f]{64}$/);
});

test('the grid as drawn comes from the core: kinerja rows (di atas at the top), potensial columns', () => {
  // PermenPANRB 3/2020 jo 20/2025, Lampiran: box 9 = kinerja di atas, potensial tinggi; box 1 = both lowest
  const l = mk.gridLayout();
  assert.equal(l.orientation, 'performance_rows');
  assert.deepEqual(l.cells, [[4, 7, 9], [2, 5, 8], [1, 3, 6]]);
  assert.deepEqual(l.rows.map((r) => r.code), ['di_atas_ekspektasi', 'sesuai_ekspektasi', 'di_bawah_ekspektasi']);
  const t = mk.gridLayout({ policy: 'permenpanrb_3_2020', orientation: 'potential_rows' });
  assert.deepEqual(t.cells, [[6, 8, 9], [3, 5, 7], [1, 2, 4]]);
  assert.throws(() => mk.gridLayout({ orientation: 'diagonal' }), (e) => /performance_rows/.test(e.message));
});

test('policies and rule sets carry their legal basis', () => {
  const pol = JSON.parse(mk.callJson('preset_policy', JSON.stringify({ name: 'permenpanrb_3_2020' })));
  assert.equal(pol.ok, true);
  assert.equal(pol.value.basis.grid.kind, 'ministerial_regulation');
  assert.equal(pol.value.basis['potential.cutoffs'].kind, 'local_practice');
  const rs = JSON.parse(mk.callJson('rule_set', JSON.stringify({ name: 'jpt_madya' })));
  const floor = rs.value.rules.find((r) => r.id === 'pangkat_minimal');
  assert.equal(floor.basis.instrument, 'PP 100/2000 jo PP 13/2002');
  assert.equal(floor.when.eselon, 'i_a'); // eselon I.a: floor IV/c, one step below IV/d
});

test('policySchema is a JSON Schema of the policy', () => {
  const s = mk.policySchema();
  assert.equal(typeof s, 'object');
  assert.ok(JSON.stringify(s).includes('"thresholds"'));
});

test('score accepts objects and JSON text alike; Sangat Baik + potential 91.5 is box 9', () => {
  const req = { records: [rec('198503152010011002', 'Sangat Baik', 91.5), rec('198503152010011003', 'Baik', 80)] };
  const a = mk.score(req);
  const b = mk.score(JSON.stringify(req));
  assert.deepEqual(a, b);
  // score(records, policy?, date?) is the same call
  assert.deepEqual(mk.score(req.records), a);
  assert.deepEqual(mk.score(req.records, 'permenpanrb_3_2020', '2026-01-02'), mk.score({ ...req, policy: 'permenpanrb_3_2020', date: '2026-01-02' }));
  assert.equal(mk.score(req.records, 'percentile_unit').policy.name, 'percentile_unit');
  const e = thrown(() => mk.score(req, 'manado'));
  assert.deepEqual([e.code, e.path], ['invalid_request', 'policy']);
  assert.equal(mk.safeScore(req, null, '2026-01-02').error.path, 'date');
  // PermenPANRB 3/2020 jo 20/2025 Ps. 17: kinerja di atas × potensial tinggi = 9; sesuai × menengah = 5
  assert.deepEqual(a.results.map((r) => r.box), [9, 5]);
  assert.deepEqual(a.results[0].talent_pool, ['instansi', 'nasional']);
  assert.equal(a.results[0].explanation.box.number, 9);
});

test('callJson answer is byte-identical to the native Rust core (demo population, 1,508 rows)', () => {
  const req = JSON.stringify({ records: demo, date: DEMO_DATE });
  const wasm = mk.callJson('score', req);
  const native = nativeCallJson('score', req);
  assert.ok(wasm.length > 100000);
  assert.equal(wasm, native);
  // the same for an error answer and for another preset
  const bad = JSON.stringify({ records: [], policy: { name: 'x' } });
  assert.equal(mk.callJson('score', bad), nativeCallJson('score', bad));
  const unit = JSON.stringify({ records: demo, policy: 'percentile_unit', date: DEMO_DATE });
  assert.equal(mk.callJson('score', unit), nativeCallJson('score', unit));
});

test('score builds the answer JSON.parse makes of callJson, its repeated parts shared and frozen', () => {
  // the demo (1,508 rows, with its bad rows), every detail, two presets; a unit named `__proto__`
  const odd = rec('199001012015031001', 'baik', 81, '__proto__');
  for (const detail of ['none', 'summary', 'full', 'text']) {
    for (const policy of ['permenpanrb_3_2020', 'percentile_unit']) {
      const req = { records: [...demo, odd], date: DEMO_DATE, detail, policy };
      const built = mk.score(req);
      assert.deepEqual(built, JSON.parse(mk.callJson('score', JSON.stringify(req))).value, `${detail} ${policy}`);
      assert.deepEqual(mk.safeScore(req), { ok: true, value: built });
    }
  }
  const a = mk.score({ records: demo, date: DEMO_DATE });
  const [p, q] = a.results.filter((r) => r.box === 5);
  // the placements are the caller's to change; the parts they share are one frozen object
  assert.ok(!Object.isFrozen(p) && p !== q);
  assert.equal(p.description, q.description);
  assert.ok(Object.isFrozen(p.description) && Object.isFrozen(p.explanation.box));
  assert.throws(() => { 'use strict'; p.description.en = 'x'; }, TypeError);
  p.box = 0;
  assert.equal(q.box, 5);
});

test('score makes own properties as JSON.parse does, whatever a page put on the prototypes', () => {
  // (found by an attack: an accessor named like an answer key ran instead of the key being set)
  const records = [rec('199001012015031001', 'baik', 81), rec('199001012015031002', 'sangat_baik', 95)];
  let calls = 0, built;
  const accessor = { get: () => 'polluted', set: () => { calls += 1; }, configurable: true };
  Object.defineProperty(Object.prototype, 'box', accessor);
  Object.defineProperty(Object.prototype, 'rule', accessor);
  Object.defineProperty(Array.prototype, '0', accessor);
  try {
    built = mk.score({ records });
  } finally {
    delete Object.prototype.box;
    delete Object.prototype.rule;
    delete Array.prototype[0];
  }
  assert.equal(calls, 0);
  assert.ok(Object.hasOwn(built.results[0], 'box') && Object.hasOwn(built.results, '0'));
  assert.ok(Object.hasOwn(built.results[0].explanation.box, 'rule'));
  assert.deepEqual(built, JSON.parse(mk.callJson('score', JSON.stringify({ records }))).value);
  assert.deepEqual(built.results.map((r) => r.box), [5, 9]);
});

// CLI row errors carry `origin`, the element of the JSON array (`#1` is row 0): checked, then dropped.
function cliErrors(errors) {
  assert.ok(errors.length > 0, 'the demo has deliberately bad rows');
  return errors.map(({ origin, ...e }) => {
    assert.equal(origin, `#${e.row + 1}`);
    return e;
  });
}

test('score equals what the CLI computes for the same records (meritkit score --format json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meritkit-wasm-'));
  const file = join(dir, 'demo.json');
  cli(['demo', '--export', file]);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(exported, demo);
  // The CLI names a faulty row by its place in the file (`origin`) and gives its NIP only when asked
  // (--show-personal-data); everything else is the same answer.
  const fromCli = JSON.parse(cli(['--show-personal-data', 'score', '--format', 'json', '--input', file, '--date', DEMO_DATE]));
  fromCli.errors = cliErrors(fromCli.errors);
  const fromWasm = mk.score({ records: exported, date: DEMO_DATE });
  assert.deepEqual(fromWasm, fromCli);
  const demoCli = JSON.parse(cli(['demo', '--format', 'json']));
  assert.deepEqual(fromWasm.summary, demoCli.summary);
});

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

test('errors are Error objects with kind, code, path, details and an Indonesian message', () => {
  const e = thrown(() => mk.score({ records: [], bogus: 1 }));
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'MeritkitError');
  assert.equal(e.kind, 'request_error');
  assert.equal(e.code, 'unknown_field');
  assert.equal(e.path, 'bogus');
  assert.ok(Array.isArray(e.details) && e.details.length === 1);
  assert.equal(e.details[0].code, 'unknown_field');
  assert.match(e.message, /invalid request/);
  assert.match(e.message_id, /permintaan tidak valid/);

  assert.equal(thrown(() => mk.score('{"records": [')).code, 'invalid_input');
  assert.equal(thrown(() => mk.score({ records: 5 })).code, 'invalid_type');
  assert.equal(thrown(() => mk.score({})).code, 'missing_field');
  const p = thrown(() => mk.score({ records: [], policy: 'no_such_preset' }));
  assert.deepEqual([p.kind, p.code], ['policy_error', 'unknown_preset']);
  const d = thrown(() => mk.score({ records: [], date: '2026-13-45' }));
  assert.deepEqual([d.code, d.path], ['invalid_request', 'date']);
  assert.equal(thrown(() => mk.score({ records: [1n] })).code, 'invalid_input');
  const cyc = { records: [] };
  cyc.self = cyc;
  assert.equal(thrown(() => mk.score(cyc)).code, 'invalid_input');
});

test('an invalid inline policy reports every problem in details', () => {
  const policy = JSON.parse(mk.callJson('preset_policy', '{"name":"permenpanrb_3_2020"}')).value;
  policy.potential.cutoffs.thresholds = [95, 80, 70]; // 3 levels need 2 ascending thresholds
  policy.performance.mapping.baik = 'luar_biasa'; // not a level of the grid
  const e = thrown(() => mk.score({ records: [], policy }));
  assert.equal(e.kind, 'policy_error');
  assert.ok(e.details.length >= 2, JSON.stringify(e.details));
  assert.ok(e.details.every((p) => typeof p.code === 'string' && typeof p.path === 'string' && p.message.en && p.message.id));
  assert.equal(e.code, e.details[0].code);
  assert.equal(e.path, e.details[0].path);
});

test('bad rows come back as row errors with their documented codes, none lost', () => {
  const out = mk.score({ records: demo, date: DEMO_DATE });
  assert.equal(out.results.length + out.errors.length, demo.length);
  // generate::demo_rows appends eight deliberately bad rows, one per error kind
  const codes = out.errors.map((e) => e.code);
  for (const c of ['nip_format', 'nip_sex_digit', 'nip_birth_date', 'nip_appointment_before_birth', 'predikat_mismatch', 'competency_level_out_of_range', 'invalid_value']) {
    assert.ok(codes.includes(c), `missing ${c} in ${codes}`);
  }
  for (const e of out.errors) assert.ok(!e.message.en.includes(e.nip ?? '#none#'), 'NIP must not appear in messages');
});

const nasty = () => {
  const cyc = {};
  cyc.a = cyc;
  let deep = [];
  for (let i = 0; i < 5000; i++) deep = [deep];
  return [undefined, null, 0, NaN, '', '{', 'null', '[]', [], {}, 10n, cyc, Symbol('s'), () => 1, deep, { records: deep },
    { records: [{ nip: 1e308, unit: null, position: [] }] }, { records: Array(3).fill({}) }, 'x'.repeat(100000), new Uint8Array(3)];
};

test('safe* twins never throw and return { ok, value | error }', () => {
  const fns = ['safeScore', 'safeValidate', 'safeRankSuccessors', 'safeAdverseImpact', 'safeFlatRecords'];
  for (const name of fns) {
    for (const input of nasty()) {
      let r;
      assert.doesNotThrow(() => { r = mk[name](input); }, `${name} threw`);
      assert.equal(typeof r.ok, 'boolean');
      if (r.ok) assert.ok('value' in r);
      else {
        assert.ok(r.error instanceof Error);
        assert.equal(typeof r.error.code, 'string');
        assert.ok(Array.isArray(r.error.details));
      }
    }
  }
  for (const name of ['safePresets', 'safePolicySchema', 'safeVersion']) assert.equal(mk[name]().ok, true);
  for (const [a, b, c, d] of [[null, null], [[1], [2]], [new Uint8Array(2), new Float64Array(3)], [new Uint8Array(1), new Float64Array(1), 'x'],
    [new Uint8Array(1), new Float64Array(1), undefined, 'no_such'], [new Uint8Array(1), new Float64Array(1), null, 5n]]) {
    let r;
    assert.doesNotThrow(() => { r = mk.safeScoreColumns(a, b, c, d); });
    assert.equal(r.ok, false);
    assert.ok(r.error instanceof Error && typeof r.error.code === 'string');
  }
  // a deeply nested request is refused (recursion limit), not a crash; the module keeps working
  assert.equal(mk.safeScore({ records: nasty()[14] }).ok, false);
  assert.equal(mk.score({ records: [rec('198503152010011002', 'Baik', 80)] }).results[0].box, 5);
});

const PREDIKAT_CODE = { sangat_kurang: 1, kurang: 2, butuh_perbaikan: 3, baik: 4, sangat_baik: 5 };

test('columnar input (typed arrays) gives the same boxes as record input', () => {
  for (const policy of ['permenpanrb_3_2020', 'percentile_unit']) {
    // the generated population without the eight deliberately bad rows at the end: a row that
    // errors on one axis still counts in its unit's percentile population, and columns carry no errors
    const good = demo.slice(0, demo.length - 8);
    const out = mk.score({ records: good, policy, date: DEMO_DATE });
    assert.equal(out.errors.length, 0);
    const rows = out.results;
    assert.ok(rows.filter((r) => r.status === 'placed').length > 1400);
    const units = [...new Set(rows.map((r) => r.unit))];
    const pred = Uint8Array.from(rows, (r) => PREDIKAT_CODE[r.latest_predikat] ?? 0);
    const pot = Float64Array.from(rows, (r) => r.potential_score ?? NaN);
    const unit = Uint32Array.from(rows, (r) => units.indexOf(r.unit));
    const c = mk.scoreColumns(pred, pot, unit, policy);
    assert.ok(c.boxes instanceof Uint8Array);
    assert.deepEqual(Array.from(c.boxes), rows.map((r) => r.box ?? 0), policy);
    assert.equal(c.policy.fingerprint, out.policy.fingerprint);
  }
  // missing inputs: predikat 0 or NaN potential → 0 (not placed)
  const c = mk.scoreColumns(new Uint8Array([5, 4, 0, 1]), new Float64Array([95, 80, 50, NaN]));
  assert.deepEqual(Array.from(c.boxes), [9, 5, 0, 0]);
  const e = thrown(() => mk.scoreColumns(new Uint8Array(2), new Float64Array(3)));
  assert.equal(e.code, 'invalid_request');
  assert.equal(thrown(() => mk.scoreColumns([5], new Float64Array(1))).path, 'predikat');
});

test('flatRecords turns CSV-style rows into scorable records', () => {
  const recs = mk.flatRecords({ columns: ['nip', 'unit', 'position_kind', 'performance_2025', 'potential_score'],
    rows: [['198503152010011002', 'Dinas Pangan', 'administrator', 'Sangat Baik', '91,5']] });
  assert.equal(mk.score({ records: recs }).results[0].box, 9);
  const e = thrown(() => mk.flatRecords({ columns: ['nip', 'gaji'], rows: [] }));
  assert.deepEqual([e.code, e.path], ['unknown_field', 'columns[1]']);
});

// ---- merit rules (validate) ---------------------------------------------------------------------------------
const jptCandidate = (nip) => ({
  nip, unit: 'Dinas Pangan', position: { kind: 'administrator', since: '2022-01-01' }, rank: 'IV/b', education: 'S1',
  performance: [{ year: 2024, predikat: 'Baik' }, { year: 2025, predikat: 'Sangat Baik' }],
});

test('validate: a JPT Pratama candidate aged 57 at the date fails the age rule, 56 passes (PP 11/2017 Ps. 107)', () => {
  // born 15 June 1969 (NIP digits 1-8): 57 on 2026-06-15; born 16 June 1969: still 56
  const req = { records: [jptCandidate('196906162000031001'), jptCandidate('196906152000031001')], rules: 'jpt_pratama', date: '2026-06-15' };
  const out = mk.validate(req);
  assert.equal(out.rule_set.name, 'jpt_pratama');
  assert.equal(out.results.length + out.errors.length, 2);
  const age = (r) => r.rules.find((x) => x.id === 'usia_maksimal');
  const [r56, r57] = out.results;
  assert.equal(r56.eligible, true);
  assert.deepEqual([age(r56).outcome, age(r56).actual, age(r56).expected], ['pass', 56, 56]);
  assert.equal(r57.eligible, false);
  assert.deepEqual([age(r57).outcome, age(r57).actual, age(r57).expected, age(r57).statutory], ['fail', 57, 56, true]);
  assert.match(age(r57).reason.id, /usia 57 tahun melebihi batas 56 tahun/);
  assert.equal(out.summary.total.excluded_by.usia_maksimal, 1);
  // same answer as the core's JSON for the same request, and as JSON text input
  assert.deepEqual(out, JSON.parse(mk.callJson('validate', JSON.stringify(req))).value);
  assert.deepEqual(mk.validate(JSON.stringify(req)), out);
  // JPT Pratama asks Pembina Tingkat I (IV/b) in the built-in set (PP 100/2000 jo PP 13/2002 Ps. 5 huruf b, eselon II.a): IV/a fails the rank rule
  const low = mk.validate({ ...req, records: [{ ...jptCandidate('196906162000031001'), rank: 'IV/a' }] });
  assert.equal(low.results[0].rules.find((x) => x.id === 'pangkat_minimal').outcome, 'fail');
  assert.equal(low.results[0].eligible, false);
});

test('validate: bad rows are row errors, unknown facts are not a pass, a bad request throws with its documented code', () => {
  const out = mk.validate({ records: [jptCandidate('12345'), { ...jptCandidate('196906162000031001'), position: { kind: 'kepala_seksi' } }],
    rules: 'jpt_pratama', date: '2026-06-15' });
  assert.equal(out.results.length + out.errors.length, 2, 'no row lost');
  // an unreadable record is a row error, located
  assert.deepEqual(out.errors.map((e) => [e.row, e.code, e.path]), [[1, 'invalid_value', 'position.kind']]);
  // a NIP that does not parse gives no birth date: the age rule is `unknown`, and an unknown
  // error-severity rule makes the candidate ineligible (nothing is assumed to pass)
  const r0 = out.results[0];
  assert.equal(r0.row, 0);
  assert.equal(r0.rules.find((x) => x.id === 'usia_maksimal').outcome, 'unknown');
  assert.equal(r0.eligible, false);
  const noDate = thrown(() => mk.validate({ records: [], rules: 'jpt_pratama' }));
  assert.deepEqual([noDate.kind, noDate.code], ['request_error', 'missing_field']);
  assert.match(noDate.message, /`date`/);
  const unknown = thrown(() => mk.validate({ records: [], rules: 'no_such_rules', date: '2026-06-15' }));
  assert.equal(unknown.kind, 'rule_set_error');
  assert.equal(typeof unknown.code, 'string');
  // a rule set given as a number is a request of the wrong type (the source is read with the request)
  const wrongType = mk.safeValidate({ records: [], rules: 5, date: '2026-06-15' }).error;
  assert.deepEqual([wrongType.kind, wrongType.code, wrongType.path], ['request_error', 'invalid_value', 'rules']);
  // a file named in a request is never read by the JSON API (a page or a service opens no path a request names)
  const file = mk.safeValidate({ records: [], rules: { file: '/etc/passwd' }, date: '2026-06-15' }).error;
  assert.deepEqual([file.kind, file.path], ['rule_set_error', 'rules']);
  assert.doesNotMatch(JSON.stringify(file), /passwd/);
});

// ---- succession (rankSuccessors) -----------------------------------------------------------------------------
const demoPositions = () => JSON.parse(mk.callJson('demo_positions', '{}')).value;

test('rankSuccessors: shortlists contain only talent-pool members, ranked, with readiness and reasons', () => {
  const positions = demoPositions();
  assert.ok(positions.length >= 5);
  const out = mk.rankSuccessors({ records: demo, positions, date: DEMO_DATE });
  assert.equal(out.date, DEMO_DATE);
  assert.equal(out.positions.length, positions.length);
  const scored = mk.score({ records: demo, date: DEMO_DATE });
  const boxOf = new Map(scored.results.map((r) => [r.nip, r.box]));
  const READINESS = ['ready_now', 'ready_1_2_years', 'ready_3_plus_years', 'not_ready'];
  let shortlisted = 0;
  for (const [i, p] of out.positions.entries()) {
    const target = positions[i];
    assert.equal(p.id, target.id);
    // pool: instansi = boxes 7-9 (SE MenPANRB 10/2021); `min_box` n = box ≥ n
    const inPool = (b) => (target.pool?.min_box ? b >= target.pool.min_box : b >= 7 && b <= 9);
    assert.ok(p.candidates.length <= 10, 'default shortlist length is 10');
    for (const [k, c] of p.candidates.entries()) {
      assert.equal(c.rank, k + 1);
      assert.ok(inPool(c.box), `${p.id}: box ${c.box} outside the pool`);
      assert.equal(boxOf.get(c.nip), c.box, 'same box as score');
      assert.ok(READINESS.includes(c.readiness), c.readiness);
      if (k > 0) assert.ok(p.candidates[k - 1].score >= c.score, 'sorted by score');
    }
    // every candidate not shortlisted and not in the pool is excluded at the pool gate
    for (const x of p.excluded.filter((e) => e.gate === 'pool')) assert.ok(!inPool(boxOf.get(x.nip) ?? 0), x.nip);
    assert.equal(p.funnel.shortlisted, p.candidates.length);
    assert.ok(p.funnel.considered >= p.funnel.in_pool && p.funnel.in_pool >= p.funnel.eligible && p.funnel.eligible >= p.funnel.ranked);
    // bench strength counts every ranked candidate (the shortlist is the top 10 of them)
    assert.equal(p.bench.ready_now_count, p.bench.readiness_counts.ready_now ?? 0);
    assert.equal(p.bench.has_ready_now, p.bench.ready_now_count > 0);
    assert.ok(p.candidates.filter((c) => c.readiness === 'ready_now').length <= p.bench.ready_now_count);
    assert.equal(Object.values(p.bench.readiness_counts).reduce((a, b) => a + b, 0), p.funnel.ranked);
    shortlisted += p.candidates.length;
  }
  assert.ok(shortlisted > 0, 'the demo has successors somewhere');
  assert.equal(out.bench.overall.positions, positions.length);
  // every bad demo row is a row error, not lost
  assert.equal(out.errors.length, 8);
});

test('rankSuccessors on a hand-made case: gates and criterion-by-criterion reasons (shared vector)', () => {
  const v = JSON.parse(readFileSync(join(root, 'tests', 'vectors', 'succession_gates_and_reasons.json'), 'utf8'));
  const out = mk.rankSuccessors(v.request);
  const p = out.positions[0];
  // the retiring, the incumbent, the under-educated, the under-ranked and the box-5 employee are not candidates
  const gates = Object.fromEntries(p.excluded.map((x) => [x.nip, [x.gate, x.code]]));
  assert.deepEqual(gates['198005052005011007'], ['incumbent', 'incumbent']);
  assert.deepEqual(gates['199002022014012005'], ['pool', 'not_in_pool']);
  assert.deepEqual(gates['196803011990031008'], ['retirement', 'retirement_within_horizon']);
  assert.equal(p.candidates[0].nip, '198503152010011002');
  assert.equal(p.candidates[0].box, 9);
  assert.equal(p.candidates[0].readiness, 'ready_now');
  assert.ok(Array.isArray(p.candidates[0].contributions) && p.candidates[0].contributions.length > 0);
  assert.deepEqual(out, JSON.parse(mk.callJson('succession', JSON.stringify(v.request))).value);
});

test('rankSuccessors equals the CLI (meritkit succession --format json) on the demo data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meritkit-wasm-succ-'));
  const recs = join(dir, 'demo.json');
  const pos = join(dir, 'positions.json');
  writeFileSync(recs, JSON.stringify(demo));
  cli(['demo', '--export-positions', pos]);
  const positions = JSON.parse(readFileSync(pos, 'utf8'));
  assert.deepEqual(positions.map((p) => p.id), demoPositions().map((p) => p.id));
  const fromCli = JSON.parse(cli(['--show-personal-data', 'succession', '--format', 'json', '--input', recs, '--positions', pos, '--date', DEMO_DATE]));
  fromCli.errors = cliErrors(fromCli.errors);
  const fromWasm = mk.rankSuccessors({ records: demo, positions, date: DEMO_DATE });
  assert.deepEqual(fromWasm.positions, fromCli.positions);
  assert.deepEqual(fromWasm.bench, fromCli.bench);
  assert.deepEqual(fromWasm.errors, fromCli.errors);
});

test('rankSuccessors: request errors', () => {
  const noDate = thrown(() => mk.rankSuccessors({ records: [], positions: [] }));
  assert.deepEqual([noDate.code, noDate.path], ['invalid_request', 'date']);
  const badKind = mk.safeRankSuccessors({ records: [], positions: [{ id: 'X', title: 'X', unit: 'U', kind: 'menteri' }], date: DEMO_DATE });
  assert.equal(badKind.ok, false);
  assert.match(badKind.error.path, /^positions\[0\]/);
  assert.equal(thrown(() => mk.rankSuccessors({ records: [], positions: [], date: DEMO_DATE, gate: 'x' })).path, 'gate');
});

// ---- fairness (adverseImpact) --------------------------------------------------------------------------------
test('adverseImpact: four-fifths rule, 20/100 vs 50/100 gives impact ratio 0.4, flagged (UGESP 29 CFR 1607.4(D))', () => {
  const out = mk.adverseImpact({ counts: [{ group: 'a', considered: 100, selected: 50 }, { group: 'b', considered: 100, selected: 20 }] });
  assert.equal(out.reference_group, 'a');
  const b = out.groups.find((g) => g.group === 'b');
  assert.equal(b.selection_rate, 0.2);
  assert.ok(Math.abs(b.impact_ratio - 0.4) < 1e-12);
  assert.equal(b.four_fifths_flag, true);
  const a = out.groups.find((g) => g.group === 'a');
  assert.equal(a.four_fifths_flag, false);
  // 45/100 vs 50/100 = 0.9: not flagged
  const ok = mk.adverseImpact({ counts: [{ group: 'a', considered: 100, selected: 50 }, { group: 'b', considered: 100, selected: 45 }] });
  assert.equal(ok.groups.find((g) => g.group === 'b').four_fifths_flag, false);
});

test('adverseImpact from records: groups read from the NIP sex digit', () => {
  // NIP digit 15: 1 = male, 2 = female (Perka BKN 22/2007). 2 of 4 men selected, 0 of 2 women.
  const nips = ['198503152010011002', '198503152010011003', '198503152010011004', '198503152010011005', '198503152010012006', '198503152010012007'];
  const records = nips.map((nip) => rec(nip, 'Baik', 80));
  const out = mk.adverseImpact({ records, group_column: 'sex', selected: [true, true, false, false, false, false] });
  assert.equal(out.column, 'sex');
  assert.equal(out.reference_group, 'male');
  const f = out.groups.find((g) => g.group === 'female');
  assert.deepEqual([f.considered, f.selected, f.impact_ratio, f.four_fifths_flag], [2, 0, 0, true]);
  const e = thrown(() => mk.adverseImpact({ records, group_column: 'sex', selected: [true] }));
  assert.deepEqual([e.code, e.path], ['invalid_request', 'selected']);
  const c = thrown(() => mk.adverseImpact({ counts: [{ group: 'a', considered: 1, selected: 2 }] }));
  assert.equal(c.path, 'counts[0].selected');
  assert.equal(mk.safeAdverseImpact({}).error.path, 'counts');
});

test('the package resolves through its exports map (require and import)', async () => {
  const require = createRequire(join(root, 'bindings', 'wasm', 'package.json'));
  assert.equal(typeof require('meritkit').score, 'function');
  const esm = await import('meritkit');
  assert.equal(typeof esm.score, 'function');
  assert.equal(typeof esm.scoreColumns, 'function');
  const web = await import('meritkit/web');
  assert.equal(typeof web.default, 'function'); // the web target's init()
});

test('the talent-review functions: compare two periods, a calibration session, its exported log verified', () => {
  const rec = (i, predikat, potential) => ({ nip: `198503152010011${String(i).padStart(3, '0')}`, unit: 'Dinas Pangan',
    position: { kind: 'pengawas' }, performance: [{ year: 2025, predikat }], potential_score: potential });
  // PermenPANRB 3/2020 jo 20/2025 Ps. 17: Sangat Baik x potential 95 = box 9; Baik x 85 = box 5 (preset cut-offs 90/78)
  const a = [rec(1, 'Sangat Baik', 95), rec(2, 'Baik', 85)];
  const b = [rec(1, 'Baik', 85), rec(2, 'Baik', 85), rec(3, 'Baik', 85)];
  const c = mk.compare({ periods: [{ period: '2025', date: '2026-01-02', records: a }, { period: '2026', date: '2027-01-02', records: b }] });
  assert.deepEqual([c.changes[0].counts.matched, c.changes[0].counts.moved_down, c.changes[0].counts.stayed, c.changes[0].counts.new], [2, 1, 1, 1]);
  assert.deepEqual(c.changes[0].matrix.find((x) => x.from_box === 9), { from_box: 9, to_box: 5, count: 1 });
  const time = '2026-03-02T09:00:00Z';
  const snap = mk.calibrationSnapshot({ session: 's1', records: a, date: '2026-01-02', actor: 'f', time });
  assert.equal(snap.entry.seq, 1);
  const log = [snap.entry];
  log.push(mk.calibrationAppend({ log, actor: 'a', time, event: { type: 'move', reason_code: 'x', reason: 'y',
    moves: [{ nip: a[0].nip, from: { box: 9 }, to: { box: 8 } }] } }));
  const r = mk.calibrationReport({ log, detail: 'full' });
  assert.deepEqual([r.status, r.subjects[0].raw.box, r.subjects[0].calibrated.box], ['in_progress', 9, 8]);
  const text = mk.calibrationExport({ log });
  assert.equal(mk.calibrationVerify({ jsonl: text }).ok, true);
  const bad = mk.calibrationVerify({ jsonl: text.replace('"reason":"y"', '"reason":"z"') });
  assert.deepEqual([bad.ok, bad.first_bad.line, bad.first_bad.problems[0].code], [false, 2, 'log_hash_mismatch']);
  // a stale move throws with its code
  assert.throws(() => mk.calibrationAppend({ log, actor: 'b', time, event: { type: 'move', reason_code: 'x', reason: 'y',
    moves: [{ nip: a[0].nip, from: { box: 9 }, to: { box: 7 } }] } }), (e) => e.code === 'stale_move');
});
